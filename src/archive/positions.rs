//! The walk over every story position the index holds, which [`Archive::insert`] and
//! [`Archive::remove`] share: a story comes or goes in place, and every list and period
//! after it moves by one.

use std::ops::Range;

use super::Archive;
use crate::content::Article;

/// A period by its place in the archive: its year, and its month and day within those
/// (`None` for a year's or a month's own range).
pub(super) type PeriodAt = (usize, Option<usize>, Option<usize>);

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

    /// `edit` every period's range of positions (each day's, month's and year's), with
    /// where the period is.
    pub(super) fn each_period(&mut self, edit: impl Fn(&mut Range<usize>, PeriodAt)) {
        for (y, year) in self.years.iter_mut().enumerate() {
            for (m, month) in year.months.iter_mut().enumerate() {
                for (d, day) in month.days.iter_mut().enumerate() {
                    edit(&mut day.articles, (y, Some(m), Some(d)));
                }
                edit(&mut month.articles, (y, Some(m), None));
            }
            edit(&mut year.articles, (y, None, None));
        }
    }
}
