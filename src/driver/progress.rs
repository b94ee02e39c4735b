//! Build progress for long builds: an indicatif bar on a terminal, plain lines otherwise
//! (the first once the build has run for a second, then one every few seconds). Nothing at
//! all for builds under a second.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    total: u64,
    done: AtomicU64,
    start: Instant,
    /// On a terminal: the bar, drawn only once the build has run for a second.
    bar: Option<ProgressBar>,
    /// Elsewhere: when the last plain line was printed (`None`: none yet).
    last_line: Option<Mutex<Option<Instant>>>,
}

const QUIET_START: Duration = Duration::from_secs(1);
const LINE_EVERY: Duration = Duration::from_secs(5);

impl Progress {
    pub fn new(total: u64, show: bool) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let bar = (show && terminal).then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} rendering {pos}/{len} pages {wide_bar} {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        let start = Instant::now();
        let last_line = (show && !terminal).then(|| Mutex::new(None));
        Progress {
            total,
            done: AtomicU64::new(0),
            start,
            bar,
            last_line,
        }
    }

    /// One more page done.
    pub fn tick(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !n.is_multiple_of(256) || self.start.elapsed() < QUIET_START {
            return;
        }
        if let Some(bar) = &self.bar {
            if bar.is_hidden() {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
            bar.set_position(n);
        }
        let now = Instant::now();
        if let Some(last) = &self.last_line
            && let Ok(mut last) = last.try_lock()
            && line_due(*last, now)
        {
            *last = Some(now);
            eprintln!("rendered {n}/{} pages", self.total);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Whether a plain line is due (once the build has run for a second): the first at once,
/// then one every [`LINE_EVERY`].
fn line_due(last: Option<Instant>, now: Instant) -> bool {
    last.is_none_or(|t| now.duration_since(t) >= LINE_EVERY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_plain_line_comes_at_once_then_every_few_seconds() {
        let now = Instant::now();
        assert!(line_due(None, now));
        assert!(!line_due(Some(now), now + Duration::from_secs(2)));
        assert!(line_due(Some(now), now + LINE_EVERY));
    }
}
