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
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod shards;

/// Identifies this Gazette build: its version and its executable. Caches written by another
/// build are not trusted, since it may parse or render differently.
pub fn build_id() -> String {
    let exe = std::env::current_exe().and_then(std::fs::metadata).ok();
    let (len, modified) = exe.map_or((0, None), |m| (m.len(), m.modified().ok()));
    format!("{} {len} {modified:?}", env!("CARGO_PKG_VERSION"))
}
