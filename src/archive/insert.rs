//! Adding one story to the index in place, for `serve` and `watch`: a new story in a
//! section, terms and day the archive already has joins their lists, and every story
//! after it moves down one position. Anything that would change the index's shape (a new
//! section, term, spelling of a term's name or day, a translation) is left to a full
//! index, which reports what a new name may get wrong.

use std::sync::Arc;

use chrono::Datelike;

use super::Archive;
use crate::content::Article;
use crate::core::shared_path;

/// Where a new story goes in each list it joins: its section, and per taxonomy its terms.
struct Place {
    section: usize,
    terms: Vec<Vec<usize>>,
    /// Its year, month and day.
    day: (usize, usize, usize),
}

impl Archive {
    /// Add `article`, a story this archive does not have, when it keeps the index's shape
    /// (see the module's comment). Returns its position, or `None`, changing nothing.
    pub fn insert(&mut self, content: &std::path::Path, article: Arc<Article>) -> Option<usize> {
        if !self.foreign.is_empty() || self.taxonomies.iter().any(|t| !t.problems.is_empty()) {
            return None;
        }
        let at = self.position_of(&article).err()?;
        let place = self.place_of(content, &article, at)?;
        self.shift_from(at, place.day);
        self.articles.insert(at, article);
        let section = &mut self.sections[place.section].articles;
        section.insert(section.partition_point(|&i| i < at), at);
        for (tax, terms) in self.taxonomies.iter_mut().zip(&place.terms) {
            for &x in terms {
                let list = &mut tax.terms[x].articles;
                list.insert(list.partition_point(|&i| i < at), at);
            }
        }
        Some(at)
    }

    /// The lists a story joins at position `at`, when they all exist and it changes no
    /// term's name (a term is named as its newest story spells it).
    fn place_of(&self, content: &std::path::Path, article: &Article, at: usize) -> Option<Place> {
        let details = article.details();
        if !details.aliases.is_empty() || details.translation_key.is_some() {
            return None;
        }
        // A story whose file shares its path with a keyed story is that story's translation.
        if let Some(shared) = shared_path(content, &article.path)
            && self
                .articles
                .iter()
                .any(|a| a.details().translation_key.as_deref() == Some(shared.as_str()))
        {
            return None;
        }
        let section = self
            .sections
            .iter()
            .position(|s| *s.name == *article.section)?;
        let mut terms = Vec::new();
        for tax in &self.taxonomies {
            let names = tax.kind.terms(article);
            let found = tax.terms_named(names)?;
            for &x in &found {
                let term = &tax.terms[x];
                let newest = term.articles.first().is_none_or(|&first| first >= at);
                let spelling = names.iter().find(|n| tax.term_of(n) == Some(x))?;
                if newest && **spelling != *term.name {
                    return None;
                }
            }
            terms.push(found);
        }
        let date = article.date;
        let y = self.years.iter().position(|y| y.year == date.year())?;
        let months = &self.years[y].months;
        let m = months.iter().position(|m| m.month == date.month())?;
        let d = months[m].days.iter().position(|d| d.day == date.day())?;
        Some(Place {
            section,
            terms,
            day: (y, m, d),
        })
    }

    /// Move every story from position `at` on down one place in every list and period;
    /// the story's own year, month and day (`own`) grow by one at their end.
    fn shift_from(&mut self, at: usize, own: (usize, usize, usize)) {
        self.each_list(
            |list| {
                let from = list.partition_point(|&i| i < at);
                for i in &mut list[from..] {
                    *i += 1;
                }
            },
            |i| if i >= at { i + 1 } else { i },
        );
        self.each_period(|r, (y, m, d)| {
            let joined = y == own.0 && m.is_none_or(|m| m == own.1) && d.is_none_or(|d| d == own.2);
            if joined {
                r.end += 1;
            } else if r.start >= at {
                r.start += 1;
                r.end += 1;
            }
        });
    }
}
