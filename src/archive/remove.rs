//! Taking one story out of the index in place, for `serve` and `watch`: the mirror of
//! [`Archive::insert`]. A deleted story leaves its section's, terms' and day's lists, and
//! every story after it moves up one position. Anything that would change the index's
//! shape (a list left empty, a term renamed because its newest story went, a translation)
//! is left to a full index.

use std::sync::Arc;

use super::Archive;
use crate::content::Article;

impl Archive {
    /// Take out the story at position `at` when that keeps the index's shape (see the
    /// module's comment). Returns it, or `None`, changing nothing.
    pub fn remove(&mut self, at: usize) -> Option<Arc<Article>> {
        let story = self.articles.get(at)?;
        let details = story.details();
        if !self.foreign.is_empty()
            || !details.aliases.is_empty()
            || details.translation_key.is_some()
            || self.translation_group.contains_key(&at)
            || self.taxonomies.iter().any(|t| !t.problems.is_empty())
            || !self.keeps_shape(at)
        {
            return None;
        }
        self.each_list(
            |list| {
                if let Ok(k) = list.binary_search(&at) {
                    list.remove(k);
                }
                let from = list.partition_point(|&i| i < at);
                for i in &mut list[from..] {
                    *i -= 1;
                }
            },
            |i| if i > at { i - 1 } else { i },
        );
        self.each_period(|r| {
            if r.contains(&at) {
                r.end -= 1;
            } else if r.start > at {
                r.start -= 1;
                r.end -= 1;
            }
        });
        Some(self.articles.remove(at))
    }

    /// Whether every list story `at` is on keeps another story, and every term it is the
    /// newest story of is spelt the same by the next one (a term is named as its newest
    /// story spells it).
    fn keeps_shape(&self, at: usize) -> bool {
        let story = &self.articles[at];
        let others = |list: &[usize]| list.len() > 1 && list.binary_search(&at).is_ok();
        let section = self.sections.iter().find(|s| *s.name == *story.section);
        if !section.is_some_and(|s| others(&s.articles)) {
            return false;
        }
        for tax in &self.taxonomies {
            for name in tax.kind.terms(story) {
                let Some(x) = tax.term_of(name) else {
                    return false;
                };
                let term = &tax.terms[x];
                if !others(&term.articles) {
                    return false;
                }
                if term.articles[0] == at {
                    let next = &self.articles[term.articles[1]];
                    let spelt = tax
                        .kind
                        .terms(next)
                        .iter()
                        .find(|n| tax.term_of(n) == Some(x));
                    if spelt.is_none_or(|n| **n != *term.name) {
                        return false;
                    }
                }
            }
        }
        // Its day keeps a story, and so its month and year.
        self.years
            .iter()
            .flat_map(|y| &y.months)
            .flat_map(|m| &m.days)
            .any(|d| d.articles.contains(&at) && d.articles.len() > 1)
    }
}
