//! The processor: a photo copy's bytes for the renderer, from the cache when it holds them,
//! else made with every other copy of the photo, once per build, a few photos at a time so
//! that memory is bounded by the number of photos decoded at once, not by the site.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};

use super::{Media, cache, process};
use crate::config::ImageConfig;

pub struct Processor<'a> {
    media: &'a Media,
    config: &'a ImageConfig,
    cache_dir: PathBuf,
    /// Each photo's processing, done at most once.
    done: Vec<OnceLock<Result<(), String>>>,
    /// How many photos this processor decoded.
    processed: AtomicUsize,
    gate: Gate,
}

impl<'a> Processor<'a> {
    pub fn new(media: &'a Media, config: &'a ImageConfig, cache_dir: PathBuf) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Processor {
            media,
            config,
            cache_dir,
            done: (0..media.photos.len()).map(|_| OnceLock::new()).collect(),
            processed: AtomicUsize::new(0),
            gate: Gate::new(cores.clamp(1, 4)),
        }
    }

    /// The bytes of copy `variant` of photo `photo`; the error says what is wrong with
    /// the photo.
    pub fn bytes(&self, photo: usize, variant: usize) -> Result<Vec<u8>, String> {
        let p = self.media.photos.get(photo).ok_or("no such photo")?;
        let v = p.variants.get(variant).ok_or("no such copy")?;
        let path = cache::path(&self.cache_dir, p, v);
        if let Some(bytes) = cache::read(&path) {
            return Ok(bytes);
        }
        self.done[photo]
            .get_or_init(|| self.process(photo))
            .clone()?;
        cache::read(&path).ok_or_else(|| format!("{} vanished from the cache", path.display()))
    }

    /// How many photos were decoded and resized so far.
    pub fn processed(&self) -> usize {
        self.processed.load(Ordering::Relaxed)
    }

    /// Make and cache every copy of photo `photo`.
    fn process(&self, photo: usize) -> Result<(), String> {
        let p = &self.media.photos[photo];
        let _turn = self.gate.enter();
        let bytes = std::fs::read(&p.source).map_err(|e| format!("cannot be read: {e}"))?;
        if *blake3::hash(&bytes).as_bytes() != p.bytes {
            return Err("changed while the site was being built; build again".into());
        }
        let copies = process::process(&bytes, p, self.config)?;
        drop(bytes);
        self.processed.fetch_add(1, Ordering::Relaxed);
        for (v, copy) in p.variants.iter().zip(copies) {
            let path = cache::path(&self.cache_dir, p, v);
            cache::write(&path, &copy)
                .map_err(|e| format!("cannot be kept in {}: {e}", path.display()))?;
        }
        Ok(())
    }
}

/// A counting gate: at most `n` holders at once.
struct Gate {
    free: Mutex<usize>,
    freed: Condvar,
}

struct Turn<'a>(&'a Gate);

impl Gate {
    fn new(n: usize) -> Gate {
        Gate {
            free: Mutex::new(n),
            freed: Condvar::new(),
        }
    }

    fn enter(&self) -> Turn<'_> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        Turn(self)
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut free = self.0.free.lock().unwrap_or_else(|e| e.into_inner());
        *free += 1;
        self.0.freed.notify_one();
    }
}
