//! One build at a time per site: `build`, `watch` and `serve` hold an exclusive lock on
//! `.gazette/lock` while they may change the output or the caches. The lock is the
//! operating system's (`flock`, through the standard library's `File::lock`, which the
//! file-lock crates now wrap), so it is released when the process ends, however it ends.
//! The holder writes who it is into the file, for the message a second one shows.

use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;

/// The held lock; dropping it releases it.
pub struct SiteLock {
    _file: File,
}

/// What a second command does when the site is locked.
pub enum Busy {
    /// Say who holds it and wait for it to finish.
    Wait,
    /// Give up at once with who holds it (a watcher or server holds the lock for as long
    /// as it runs, so waiting for one would never end).
    Refuse,
}

impl SiteLock {
    /// Lock the site whose cache folder is `cache_dir` for `command` (`gazette build`).
    /// `notice` is told once when it must wait.
    pub fn acquire(
        cache_dir: &Path,
        command: &str,
        notice: impl FnOnce(&str),
    ) -> Result<SiteLock, String> {
        let path = cache_dir.join("lock");
        let cannot = |e: std::io::Error| format!("cannot lock {}: {e}", path.display());
        super::secure_cache_dir(cache_dir)?;
        std::fs::create_dir_all(cache_dir).map_err(cannot)?;
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(cannot)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = holder(&mut file);
                match busy(&holder) {
                    Busy::Refuse => {
                        return Err(format!(
                            "{holder} is running on this site and rebuilds it itself; stop it first, or let it do the build"
                        ));
                    }
                    Busy::Wait => {
                        notice(&format!("waiting for {holder} to finish"));
                        file.lock().map_err(cannot)?;
                    }
                }
            }
            Err(TryLockError::Error(e)) => return Err(cannot(e)),
        }
        // Written over the last holder's name, then cut to length: a reader never finds the
        // file empty (a name of the same length or longer is there at every moment).
        let me = format!("`{command}` (process {:>10})", std::process::id());
        let _ = file
            .rewind()
            .and_then(|()| file.write_all(me.as_bytes()))
            .and_then(|()| file.set_len(me.len() as u64));
        Ok(SiteLock { _file: file })
    }
}

/// Who holds the lock, as they wrote it (given a moment to, since a holder names itself
/// just after it takes the lock).
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    for _ in 0..20 {
        text.clear();
        let _ = file.rewind().and_then(|()| file.read_to_string(&mut text));
        if !text.trim().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    let text = text.trim();
    if text.is_empty() {
        "another Gazette".to_string()
    } else {
        text.chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn busy(holder: &str) -> Busy {
    if holder.contains("serve") || holder.contains("watch") {
        Busy::Refuse
    } else {
        Busy::Wait
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_build_waits_and_a_server_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let first = SiteLock::acquire(dir.path(), "gazette build", |_| {}).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let cache = dir.path().to_path_buf();
        let second = std::thread::spawn(move || {
            SiteLock::acquire(&cache, "gazette build", |m| tx.send(m.to_string()).unwrap())
                .map(|_| ())
        });
        let told = rx.recv().unwrap();
        assert!(
            told.contains("gazette build") && told.contains("waiting"),
            "{told}"
        );
        drop(first);
        second.join().unwrap().unwrap();
        let _server = SiteLock::acquire(dir.path(), "gazette serve", |_| {}).unwrap();
        let err = SiteLock::acquire(dir.path(), "gazette build", |_| {})
            .map(|_| ())
            .unwrap_err();
        assert!(
            err.contains("gazette serve") && err.contains("stop it"),
            "{err}"
        );
    }
}
