//! Serve and watch: the file watcher, the dev server and live reload, around a
//! [`crate::build::Session`] that keeps the site in memory between rebuilds.

pub mod server;
pub mod watch;

use std::path::Path;

/// Files editors write while saving (swap, backup, lock and temporary files), which never
/// count as content changes.
pub fn is_editor_junk(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
}
