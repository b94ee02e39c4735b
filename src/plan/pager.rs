//! A listing's page arithmetic under either numbering ([`Pagination`]): which stories each
//! page shows, where it lives, which pages it links to. The one place that does it, for
//! the planner, the renderer, the serve patch and the index's regrouping.
//!
//! Stable numbering, for a listing of `len` stories, `per` to a page: `N = len / per` full
//! pages, `page/1/` the oldest, each linking "older" to the page below and "newer" to the
//! page above, so a full page never changes when stories are added. The `len % per`
//! newest stories (maybe none) fill page `N + 1`, which exists once page 1 is full (so
//! that page `N` always has a newer page to link to). The listing's first
//! URL shows them and all of page `N` (at least `per` stories, or every story when there
//! are fewer) and links "older" to page `N - 1`: following "older" from it reaches every
//! story once, newest to oldest.

use std::ops::Range;

use crate::config::Pagination;

/// The pages of one listing. A page is known by its place among the listing's routes: 0
/// is the listing's first URL (`world/`); under stable numbering `k` is `page/k/`, under
/// newest-first `page/{k + 1}/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pager {
    pub scheme: Pagination,
    /// Stories in the listing.
    pub len: usize,
    /// Stories per page (at least 1).
    pub per: usize,
}

/// What a page of a listing is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The listing's first URL, which shows its newest stories.
    First,
    /// Stable numbering: a full page, which never changes when stories are added.
    Full,
    /// Stable numbering: the page the newest stories fill, `N + 1` (maybe empty).
    Filling,
    /// Newest-first numbering: any page after the first.
    Later,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::First => "first",
            Role::Full => "full",
            Role::Filling => "filling",
            Role::Later => "later",
        }
    }
}

impl Pager {
    pub fn new(scheme: Pagination, len: usize, per: usize) -> Pager {
        Pager {
            scheme,
            len,
            per: per.max(1),
        }
    }

    /// Stable numbering's full pages, `N`.
    pub fn full(&self) -> usize {
        self.len / self.per
    }

    /// How many pages (routes) the listing has.
    pub fn routes(&self) -> usize {
        match self.scheme {
            // A listing shorter than a page is its first URL alone.
            Pagination::Stable if self.full() == 0 => 1,
            Pagination::Stable => self.full() + 2,
            Pagination::NewestFirst => self.len.div_ceil(self.per).max(1),
        }
    }

    /// How many pages have a number: under newest-first the first URL is page 1; under
    /// stable numbering it has none, and pages 1 to `N + 1` do.
    pub fn numbered(&self) -> usize {
        match self.scheme {
            Pagination::Stable => self.routes() - 1,
            Pagination::NewestFirst => self.routes(),
        }
    }

    pub fn role(&self, n: usize) -> Role {
        match (self.scheme, n) {
            (_, 0) => Role::First,
            (Pagination::Stable, n) if n <= self.full() => Role::Full,
            (Pagination::Stable, _) => Role::Filling,
            (Pagination::NewestFirst, _) => Role::Later,
        }
    }

    /// The positions in the listing (newest first) that page `n` shows, newest first.
    pub fn items(&self, n: usize) -> Range<usize> {
        let (len, per) = (self.len, self.per);
        match self.scheme {
            Pagination::NewestFirst => (n * per).min(len)..((n + 1) * per).min(len),
            Pagination::Stable => {
                let filling = len % per;
                match self.role(n) {
                    Role::First => 0..len.min(filling + per),
                    Role::Full => (len - n * per)..(len - (n - 1) * per),
                    Role::Filling if n == self.full() + 1 => 0..filling,
                    _ => 0..0,
                }
            }
        }
    }

    /// The number a page shows in its URL and title (`None`: the listing's first URL).
    pub fn number(&self, n: usize) -> Option<usize> {
        match (self.scheme, n) {
            (_, 0) => None,
            (Pagination::Stable, n) => Some(n),
            (Pagination::NewestFirst, n) => Some(n + 1),
        }
    }

    /// Page `n`'s path, for a listing whose first URL is `base`.
    pub fn path(&self, base: &str, n: usize) -> String {
        match self.number(n) {
            None => base.to_string(),
            Some(k) => format!("{base}page/{k}/"),
        }
    }

    /// The page that follows "older" from page `n`.
    pub fn older(&self, n: usize) -> Option<usize> {
        match self.scheme {
            Pagination::NewestFirst => (n + 1 < self.routes()).then_some(n + 1),
            Pagination::Stable => match n {
                0 => self.full().checked_sub(1).filter(|&k| k > 0),
                n => (n > 1 && n < self.routes()).then(|| n - 1),
            },
        }
    }

    /// The page that follows "newer" from page `n`: the one above, and from the filling
    /// page the listing's first URL.
    pub fn newer(&self, n: usize) -> Option<usize> {
        match self.scheme {
            Pagination::NewestFirst => n.checked_sub(1),
            Pagination::Stable => match self.role(n) {
                Role::First => None,
                Role::Filling => Some(0),
                _ => Some(n + 1),
            },
        }
    }

    /// The numbered pages page `n` links to by number, in the order they are shown (newer
    /// first). A full page's never changes: the pages from three below it to the one above.
    pub fn window(&self, n: usize) -> Vec<usize> {
        match self.scheme {
            Pagination::NewestFirst => (n.saturating_sub(3)..(n + 4).min(self.routes())).collect(),
            Pagination::Stable => {
                let (low, high) = match self.role(n) {
                    Role::First => (self.full().saturating_sub(4), self.full().saturating_sub(1)),
                    _ => (n.saturating_sub(3), n + 1),
                };
                (low.max(1)..=high.min(self.full() + 1)).rev().collect()
            }
        }
    }

    /// The oldest page: the last under newest-first numbering, `page/1/` under stable
    /// (the first URL while there is no page 1).
    pub fn oldest(&self) -> usize {
        match self.scheme {
            Pagination::NewestFirst => self.routes() - 1,
            Pagination::Stable => self.routes().min(2) - 1,
        }
    }

    /// The pages that show the story at position `at` of the listing.
    pub fn showing(&self, at: usize) -> Vec<usize> {
        if at >= self.len {
            return Vec::new();
        }
        match self.scheme {
            Pagination::NewestFirst => vec![at / self.per],
            Pagination::Stable => {
                let numbered = (self.len - 1 - at) / self.per + 1;
                if self.routes() == 1 {
                    vec![0]
                } else if self.items(0).contains(&at) {
                    vec![0, numbered]
                } else {
                    vec![numbered]
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stable(len: usize, per: usize) -> Pager {
        Pager::new(Pagination::Stable, len, per)
    }

    #[test]
    fn stable_pages_count_from_the_oldest() {
        // 7 stories, 3 to a page: pages 1 and 2 are full, page 3 holds the newest one.
        let p = stable(7, 3);
        assert_eq!(p.routes(), 4);
        assert_eq!(p.items(1), 4..7);
        assert_eq!(p.items(2), 1..4);
        assert_eq!(p.items(3), 0..1);
        // The first URL: the filling page and the last full one.
        assert_eq!(p.items(0), 0..4);
        assert_eq!(p.older(0), Some(1));
        assert_eq!(p.newer(3), Some(0));
        assert_eq!(p.path("world/", 1), "world/page/1/");
        assert_eq!(p.path("world/", 0), "world/");
        // Fewer stories than a page: the first URL shows them all and links nowhere.
        let p = stable(2, 3);
        assert_eq!((p.routes(), p.items(0), p.older(0)), (1, 0..2, None));
        // One full page: the first URL shows it; page 2 waits, empty, for the next story.
        let p = stable(3, 3);
        assert_eq!(
            (p.routes(), p.items(0), p.items(1), p.items(2)),
            (3, 0..3, 0..3, 0..0)
        );
        // An empty filling page still exists.
        let p = stable(6, 3);
        assert_eq!((p.routes(), p.items(3), p.items(0)), (4, 0..0, 0..3));
    }

    #[test]
    fn newest_first_pages_are_todays() {
        let p = Pager::new(Pagination::NewestFirst, 7, 3);
        assert_eq!(p.routes(), 3);
        assert_eq!([p.items(0), p.items(1), p.items(2)], [0..3, 3..6, 6..7]);
        assert_eq!(p.path("world/", 1), "world/page/2/");
        assert_eq!((p.older(2), p.newer(0)), (None, None));
        assert_eq!(p.showing(4), vec![1]);
        assert_eq!(Pager::new(Pagination::NewestFirst, 0, 3).routes(), 1);
    }

    proptest! {
        /// Following "older" from the first URL shows every story once, newest first, and
        /// the first URL shows at least a page of stories (all of them when fewer).
        #[test]
        fn older_links_reach_every_story_once(len in 0usize..200, per in 1usize..12,
                                              newest_first in any::<bool>()) {
            let scheme = if newest_first { Pagination::NewestFirst } else { Pagination::Stable };
            let p = Pager::new(scheme, len, per);
            prop_assert!(p.items(0).len() >= per.min(len));
            let mut seen = Vec::new();
            let mut page = Some(0);
            let mut steps = 0;
            while let Some(n) = page {
                seen.extend(p.items(n));
                page = p.older(n);
                steps += 1;
                prop_assert!(steps <= p.routes());
            }
            prop_assert_eq!(seen, (0..len).collect::<Vec<_>>());
            // Every story is on the pages `showing` names, and on no other.
            for at in 0..len {
                let on: Vec<usize> = (0..p.routes()).filter(|&n| p.items(n).contains(&at)).collect();
                prop_assert_eq!(on, p.showing(at));
            }
        }

        /// "Newer" from the oldest page climbs every numbered page to the first URL, and
        /// every link (by step or by number) is to a page that exists.
        #[test]
        fn newer_links_climb_back(len in 0usize..200, per in 1usize..12) {
            let p = stable(len, per);
            let mut page = p.oldest();
            let mut visited = vec![page];
            while let Some(n) = p.newer(page) {
                page = n;
                visited.push(n);
                prop_assert!(visited.len() <= p.routes());
            }
            prop_assert_eq!(page, 0);
            prop_assert_eq!(visited.len(), p.routes());
            for n in 0..p.routes() {
                for k in p.window(n).into_iter().chain(p.older(n)).chain(p.newer(n)) {
                    prop_assert!(k < p.routes());
                }
            }
        }

        /// A full page shows the same stories, links to the same pages and has the same
        /// role however many stories are added after it.
        #[test]
        fn full_pages_never_change(len in 0usize..200, per in 1usize..12, added in 1usize..50) {
            let before = stable(len, per);
            let after = stable(len + added, per);
            for k in 1..before.routes() {
                if before.role(k) != Role::Full {
                    continue;
                }
                prop_assert_eq!(after.role(k), Role::Full);
                // Positions count from the newest: the same stories sit `added` further on.
                let shift = |r: Range<usize>| (r.start + added)..(r.end + added);
                prop_assert_eq!(shift(before.items(k)), after.items(k));
                prop_assert_eq!(before.older(k), after.older(k));
                prop_assert_eq!(before.newer(k), after.newer(k));
                prop_assert_eq!(before.window(k), after.window(k));
            }
        }
    }
}
