//! Adding one story to the index in place, for `serve` and `watch`: a new story joins its
//! section's, terms' and day's lists, and every story after it moves down one position.
//! A story that is the first of its day, month or year, or names a term no story has,
//! opens those listings (see [`Opened`]). Anything else that would change the index's
//! shape (a new section, a new spelling of a term's name, a translation) is left to a full
//! index, which reports what a new name may get wrong.

use std::sync::Arc;

use chrono::Datelike;

use super::{Archive, periods};
use crate::content::Article;
use crate::core::shared_path;

/// The listings a new story opened (see [`Archive::insert`]), by their places once it came
/// in: each of its year, month and day it is the first story of, and its new terms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Opened {
    pub year: Option<usize>,
    pub month: Option<(usize, usize)>,
    pub day: Option<(usize, usize, usize)>,
    /// Per taxonomy, the places of the terms it opened, ascending.
    pub terms: Vec<Vec<usize>>,
}

impl Opened {
    /// Whether the story opened nothing: the index kept its shape.
    pub fn is_empty(&self) -> bool {
        self.year.is_none()
            && self.month.is_none()
            && self.day.is_none()
            && self.terms.iter().all(Vec::is_empty)
    }
}

/// Where a new story goes: its section, and per taxonomy the names it opens a term for,
/// with their slugs, in slug order.
struct Place {
    section: usize,
    new_terms: Vec<Vec<(Arc<str>, String)>>,
}

impl Archive {
    /// Add `article`, a story this archive does not have, when it keeps the index's shape
    /// or only opens listings (see the module's comment). Returns its position and what it
    /// opened, or `None`, changing nothing.
    pub fn insert(
        &mut self,
        content: &std::path::Path,
        article: Arc<Article>,
    ) -> Option<(usize, Opened)> {
        if !self.foreign.is_empty() || self.taxonomies.iter().any(|t| !t.problems.is_empty()) {
            return None;
        }
        let at = self.position_of(&article).err()?;
        let place = self.place_of(content, &article, at)?;
        self.each_list(
            |list| {
                let from = list.partition_point(|&i| i < at);
                for i in &mut list[from..] {
                    *i += 1;
                }
            },
            |i| if i >= at { i + 1 } else { i },
        );
        let mut opened = Opened::default();
        let date = &article.date;
        let day = (date.year(), date.month(), date.day());
        periods::admit(&mut self.years, at, day, &mut opened);
        (self.months, self.days) = periods::flatten(&mut self.years);
        let section = &mut self.sections[place.section].articles;
        section.insert(section.partition_point(|&i| i < at), at);
        for (tax, new) in self.taxonomies.iter_mut().zip(place.new_terms) {
            let terms: Vec<usize> = new
                .into_iter()
                .map(|(name, slug)| tax.open_term(&name, slug))
                .collect();
            opened.terms.push(terms);
            let mut joined: Vec<usize> = tax
                .kind
                .terms(&article)
                .iter()
                .filter_map(|name| tax.term_of(name))
                .collect();
            joined.sort_unstable();
            joined.dedup();
            for x in joined {
                let list = &mut tax.terms[x].articles;
                list.insert(list.partition_point(|&i| i < at), at);
            }
        }
        self.articles.insert(at, article);
        Some((at, opened))
    }

    /// The lists a story joins at position `at`, when its section exists, it changes no
    /// term's name (a term is named as its newest story spells it) and every name it
    /// gives is a known spelling of a term or opens one.
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
        let mut new_terms = Vec::new();
        for tax in &self.taxonomies {
            let mut new: Vec<(Arc<str>, String)> = Vec::new();
            for name in tax.kind.terms(article) {
                let Some(x) = tax.term_of(name) else {
                    new.push((name.clone(), tax.new_term_slug(name)?));
                    continue;
                };
                let term = &tax.terms[x];
                let newest = term.articles.first().is_none_or(|&first| first >= at);
                let spelling = tax
                    .kind
                    .terms(article)
                    .iter()
                    .find(|n| tax.term_of(n) == Some(x))?;
                if newest && **spelling != *term.name {
                    return None;
                }
            }
            new.sort_by(|a, b| a.1.cmp(&b.1));
            new.dedup_by(|a, b| a.0 == b.0);
            // Two new names of one slug: the index says which spelling names it.
            if new.windows(2).any(|w| w[0].1 == w[1].1) {
                return None;
            }
            new_terms.push(new);
        }
        Some(Place { section, new_terms })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;
    use std::path::Path;

    /// A story: its day (years 2020 to 2022, months 1 to 3, days 1 to 3), hour, section,
    /// tags and place, each drawn from a few.
    type Drawn = ((i32, u32, u32, u32), usize, Vec<usize>, usize);

    fn story(k: usize, ((y, m, d, h), section, tags, place): &Drawn) -> Arc<Article> {
        let zone = chrono::FixedOffset::east_opt(0).unwrap();
        let date = zone.with_ymd_and_hms(2020 + y, *m, *d, *h, 0, 0).unwrap();
        let names = ["alpha", "beta", "gamma", "delta", "omega"];
        Arc::new(Article {
            path: format!("content/s{section}/story-{k}.md").into(),
            title: format!("Story {k}"),
            date,
            tags: tags.iter().map(|&t| names[t].into()).collect(),
            authors: vec![names[k % 5].into()],
            dateline: Some(["Oslo", "Lima", "Zagreb"][*place].into()),
            ..Article::sample(
                ["world", "city"][*section],
                &format!("story-{k}"),
                "2021-01-01T00:00:00Z",
            )
        })
    }

    fn drawn() -> impl Strategy<Value = Drawn> {
        (
            (0i32..3, 1u32..4, 1u32..4, 0u32..24),
            0usize..2,
            proptest::collection::vec(0usize..5, 0..3),
            0usize..3,
        )
    }

    /// Everything the index holds, to compare two archives by.
    fn shape(a: &Archive) -> String {
        let mut out = String::new();
        for s in &a.articles {
            out += &format!("{}\n", s.path.display());
        }
        for s in &a.sections {
            out += &format!("section {} {:?}\n", s.name, s.articles);
        }
        for tax in &a.taxonomies {
            for (x, term) in tax.terms.iter().enumerate() {
                let known = tax.term_of(&term.name);
                out += &format!(
                    "term {x} {} {} {:?} {known:?}\n",
                    term.name, term.slug, term.articles
                );
            }
        }
        for year in &a.years {
            out += &format!("year {} {:?}\n", year.year, year.articles);
            for m in &year.months {
                out += &format!(" month {} {} {:?}\n", m.flat, m.month, m.articles);
                for d in &m.days {
                    out += &format!("  day {} {} {:?}\n", d.flat, d.day, d.articles);
                }
            }
        }
        out + &format!("{:?} {:?}", a.months, a.days)
    }

    proptest! {
        /// A story added in place, whatever it opens, leaves the index a full build of
        /// every story makes.
        #[test]
        fn an_inserted_story_leaves_the_index_a_full_build_makes(
            old in proptest::collection::vec(drawn(), 1..30),
            new in drawn(),
        ) {
            let text = "base_url = \"https://x.example/\"\n";
            let site = crate::config::parse(Path::new("site.toml"), Path::new("."), text).unwrap();
            let stories: Vec<Arc<Article>> = old.iter().enumerate().map(|(k, d)| story(k, d)).collect();
            let added = story(old.len(), &new);
            let mut all = stories.clone();
            all.push(added.clone());
            let full = Archive::build(&site, all, &[], Vec::new());
            let mut archive = Archive::build(&site, stories, &[], Vec::new());
            let known = archive.sections.iter().any(|s| *s.name == *added.section);
            let days = archive.days.len();
            let terms: Vec<usize> = archive.taxonomies.iter().map(|t| t.terms.len()).collect();
            match archive.insert(Path::new("content"), added) {
                Some((at, opened)) => {
                    prop_assert!(known);
                    prop_assert_eq!(shape(&archive), shape(&full));
                    prop_assert!(at < archive.articles.len());
                    // What it says it opened is what the index gained.
                    prop_assert_eq!(days + usize::from(opened.day.is_some()), archive.days.len());
                    for (t, tax) in archive.taxonomies.iter().enumerate() {
                        prop_assert_eq!(terms[t] + opened.terms[t].len(), tax.terms.len());
                    }
                }
                None => prop_assert!(!known, "refused a story in a known section"),
            }
        }
    }
}
