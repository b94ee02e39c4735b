//! Date archives: years, months and days, each a contiguous range of the newest-first list.

use std::ops::Range;
use std::sync::Arc;

use chrono::Datelike;

use super::Opened;
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
/// each period is one contiguous run. Months and days are numbered by [`flatten`].
pub fn build(articles: &[Arc<Article>]) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
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
                flat: 0,
                year: y,
                month: m,
                articles: i..i,
                days: Vec::new(),
            });
        }
        let Some(month) = year.months.last_mut() else {
            continue;
        };
        month.articles.end = i + 1;
        if month.days.last().is_none_or(|last| last.day != d) {
            month.days.push(Day {
                flat: 0,
                year: y,
                month: m,
                day: d,
                articles: i..i,
            });
        }
        if let Some(day) = month.days.last_mut() {
            day.articles.end = i + 1;
        }
    }
    years
}

/// A month by its year's place and its place in the year.
pub type MonthAt = (usize, usize);

/// A day by its year's, its month's and its own place.
pub type DayAt = (usize, usize, usize);

/// Number the months and days in archive order (their `flat` places), and list them: every
/// (year, month) and every (year, month, day) position, newest first.
pub(super) fn flatten(years: &mut [Year]) -> (Vec<MonthAt>, Vec<DayAt>) {
    let (mut months, mut days) = (Vec::new(), Vec::new());
    for (y, year) in years.iter_mut().enumerate() {
        for (m, month) in year.months.iter_mut().enumerate() {
            month.flat = months.len();
            months.push((y, m));
            for (d, day) in month.days.iter_mut().enumerate() {
                day.flat = days.len();
                days.push((y, m, d));
            }
        }
    }
    (months, days)
}

/// A story came in at position `at`, dated `(year, month, day)` (local): the periods it
/// joins grow by one, every period after it moves down one place, and its year, month and
/// day are opened where they are missing, and noted in `opened` (`flat` places are left
/// to [`flatten`]).
pub(super) fn admit(
    years: &mut Vec<Year>,
    at: usize,
    (y, m, d): (i32, u32, u32),
    opened: &mut Opened,
) {
    let shift = |r: &mut Range<usize>, joined: bool| {
        if joined {
            r.end += 1;
        } else if r.start >= at {
            r.start += 1;
            r.end += 1;
        }
    };
    for year in years.iter_mut() {
        let in_year = year.year == y;
        shift(&mut year.articles, in_year);
        for month in &mut year.months {
            let in_month = in_year && month.month == m;
            shift(&mut month.articles, in_month);
            for day in &mut month.days {
                shift(&mut day.articles, in_month && day.day == d);
            }
        }
    }
    let one = at..at + 1;
    let yi = match years.iter().position(|x| x.year == y) {
        Some(yi) => yi,
        None => {
            let yi = years.partition_point(|x| x.year > y);
            let months = Vec::new();
            years.insert(
                yi,
                Year {
                    year: y,
                    articles: one.clone(),
                    months,
                },
            );
            opened.year = Some(yi);
            yi
        }
    };
    let months = &mut years[yi].months;
    let mi = match months.iter().position(|x| x.month == m) {
        Some(mi) => mi,
        None => {
            let mi = months.partition_point(|x| x.month > m);
            let (flat, days) = (0, Vec::new());
            let (year, month, articles) = (y, m, one.clone());
            months.insert(
                mi,
                Month {
                    flat,
                    year,
                    month,
                    articles,
                    days,
                },
            );
            opened.month = Some((yi, mi));
            mi
        }
    };
    let days = &mut months[mi].days;
    if !days.iter().any(|x| x.day == d) {
        let di = days.partition_point(|x| x.day > d);
        let (year, month, day, articles) = (y, m, d, one);
        days.insert(
            di,
            Day {
                flat: 0,
                year,
                month,
                day,
                articles,
            },
        );
        opened.day = Some((yi, mi, di));
    }
}
