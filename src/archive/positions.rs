//! The walk over every story position the index holds, which [`Archive::insert`] and
//! [`Archive::remove`] share: a story comes or goes in place, and every list and period
//! after it moves by one.

use std::ops::Range;

use super::Archive;
use crate::content::Article;

impl Archive {
    /// Where `article` is in the archive's order (newest first, equal dates by path): `Ok`
    /// with the position of the story with its date and path, else `Err` with where it
    /// would go.
    pub fn position_of(&self, article: &Article) -> Result<usize, usize> {
        self.articles.binary_search_by(|a| {
            article
                .date
                .cmp(&a.date)
                .then_with(|| a.path.as_os_str().cmp(article.path.as_os_str()))
        })
    }

    /// `edit` every list of positions (sections', terms', translation groups'), and move
    /// each story's key in the map of translation groups by `moved`.
    pub(super) fn each_list(
        &mut self,
        edit: impl Fn(&mut Vec<usize>),
        moved: impl Fn(usize) -> usize,
    ) {
        for section in &mut self.sections {
            edit(&mut section.articles);
        }
        for tax in &mut self.taxonomies {
            for term in &mut tax.terms {
                edit(&mut term.articles);
            }
        }
        for group in &mut self.translations {
            edit(group);
        }
        self.translation_group = self
            .translation_group
            .drain()
            .map(|(i, g)| (moved(i), g))
            .collect();
    }

    /// `edit` every period's range of positions (each day's, month's and year's).
    pub(super) fn each_period(&mut self, edit: impl Fn(&mut Range<usize>)) {
        for year in &mut self.years {
            for month in &mut year.months {
                for day in &mut month.days {
                    edit(&mut day.articles);
                }
                edit(&mut month.articles);
            }
            edit(&mut year.articles);
        }
    }
}
