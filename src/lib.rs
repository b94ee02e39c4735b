//! Gazette: a static site generator for news archives.
//!
//! The build is one pipeline, one module per stage, driven by [`driver`]:
//! [`content`] (load) → [`archive`] (index) → [`plan`] (routes) → [`render`] → [`search`] →
//! [`output`] (write). Under them all, [`core`] holds the shared vocabulary; beside it the
//! sources, [`config`] and [`theme`]. The commands ([`cli`], [`serve`], [`import`],
//! [`check`], [`deploy`]) call the driver and the stages' front doors.

pub mod archive;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod core;
pub mod deploy;
pub mod driver;
pub mod import;
pub mod media;
pub mod output;
pub mod plan;
pub mod render;
pub mod search;
pub mod serve;
pub mod theme;
