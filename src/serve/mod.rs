//! Serve and watch: the file watcher, the dev server and live reload, around a
//! [`crate::driver::Session`] that keeps the site in memory between rebuilds.

mod server;
mod watch;

pub use server::{Shared, Update, resolve, router};
pub use watch::Watcher;
