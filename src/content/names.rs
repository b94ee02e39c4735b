//! Names many stories share (sections, tags, authors, places), stored once: a large
//! archive repeats a few thousand names millions of times.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock, Mutex};

static NAMES: LazyLock<Mutex<HashSet<Arc<str>>>> = LazyLock::new(Mutex::default);

/// The shared copy of `name`.
pub fn intern(name: &str) -> Arc<str> {
    let mut names = NAMES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(shared) = names.get(name) {
        return shared.clone();
    }
    let shared: Arc<str> = name.into();
    names.insert(shared.clone());
    shared
}

/// Shares names as [`intern`] does, remembering the ones it has seen, so that a run of
/// stories (one cache shard's, decoded on one core) takes the shared lock once per name.
#[derive(Default)]
pub struct Interner {
    seen: foldhash::HashSet<Arc<str>>,
}

impl Interner {
    fn share(&mut self, name: &mut Arc<str>) {
        match self.seen.get(&**name) {
            Some(shared) => *name = shared.clone(),
            None => {
                *name = intern(name);
                self.seen.insert(name.clone());
            }
        }
    }

    /// Share every name of `article` (one read from the cache has its own copies).
    pub fn article(&mut self, article: &mut super::Article) {
        self.share(&mut article.section);
        for list in [&mut article.tags, &mut article.authors] {
            list.iter_mut().for_each(|name| self.share(name));
        }
        if let Some(d) = &mut article.dateline {
            self.share(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_names_share_one_copy() {
        let a = intern("Elections");
        let b = intern(&String::from("Elections"));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &intern("elections")));
    }

    #[test]
    fn an_interner_hands_out_the_shared_copy() {
        let mut names = Interner::default();
        let shared = intern("Port Alvar");
        for _ in 0..2 {
            let mut own: Arc<str> = Arc::from("Port Alvar");
            names.share(&mut own);
            assert!(Arc::ptr_eq(&own, &shared));
        }
    }
}
