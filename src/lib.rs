//! Gazette: a static site generator for news archives.
//!
//! The build is one pipeline, one module per stage:
//! [`content`] (load) → [`archive`] (index) → [`plan`] (routes) → [`render`] → [`output`] (write).

pub mod archive;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod import;
pub mod output;
pub mod plan;
pub mod render;
pub mod search;
pub mod serve;
