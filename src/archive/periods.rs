//! Date archives: years, months and days, each a contiguous range of the newest-first list.

use std::ops::Range;
use std::sync::Arc;

use chrono::Datelike;

use crate::content::Article;

pub struct Year {
    pub year: i32,
    pub articles: Range<usize>,
    /// Newest first.
    pub months: Vec<Month>,
}

pub struct Month {
    /// Position in [`super::Archive::months`].
    pub flat: usize,
    pub year: i32,
    pub month: u32,
    pub articles: Range<usize>,
    pub days: Vec<Day>,
}

pub struct Day {
    /// Position in [`super::Archive::days`].
    pub flat: usize,
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub articles: Range<usize>,
}

/// Group newest-first articles by their local date. Dates are all in the site's zone, so
/// each period is one contiguous run.
pub fn build(articles: &[Arc<Article>]) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    let (mut months, mut days) = (0, 0);
    for (i, a) in articles.iter().enumerate() {
        let (y, m, d) = (a.date.year(), a.date.month(), a.date.day());
        if years.last().is_none_or(|last| last.year != y) {
            years.push(Year {
                year: y,
                articles: i..i,
                months: Vec::new(),
            });
        }
        let Some(year) = years.last_mut() else {
            continue;
        };
        year.articles.end = i + 1;
        if year.months.last().is_none_or(|last| last.month != m) {
            year.months.push(Month {
                flat: months,
                year: y,
                month: m,
                articles: i..i,
                days: Vec::new(),
            });
            months += 1;
        }
        let Some(month) = year.months.last_mut() else {
            continue;
        };
        month.articles.end = i + 1;
        if month.days.last().is_none_or(|last| last.day != d) {
            month.days.push(Day {
                flat: days,
                year: y,
                month: m,
                day: d,
                articles: i..i,
            });
            days += 1;
        }
        if let Some(day) = month.days.last_mut() {
            day.articles.end = i + 1;
        }
    }
    years
}
