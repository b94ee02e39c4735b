//! Serve and watch: the file watcher, the dev server and live reload, around a
//! [`crate::build::Session`] that keeps the site in memory between rebuilds.

pub mod server;
pub mod watch;
