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

/// Share every name of `article` (one read from the cache has its own copies).
pub fn intern_article(article: &mut super::Article) {
    article.section = intern(&article.section);
    for list in [&mut article.tags, &mut article.authors] {
        for name in list.iter_mut() {
            *name = intern(name);
        }
    }
    if let Some(d) = &mut article.dateline {
        *d = intern(d);
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
}
