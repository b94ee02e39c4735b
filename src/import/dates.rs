//! Date handling shared by every importer.
//!
//! Every date an importer produces is expressed in the site's time zone, with its offset,
//! so that the written `date = "…"` strings and the `<yyyy>/<yyyy-mm-dd>` placement agree.
//! Dates without an offset are read as local times in that zone. A day without a time of
//! day stays one ([`Stamp::time_given`] is false): it is written as `2021-09-25`, and pages
//! show no invented midnight. Years outside 1000–9999 are refused ([`check_year`]).

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime,
    SecondsFormat, TimeZone,
};
use chrono_tz::Tz;

use crate::core::DateValue;

/// A date an importer read, and whether its source gave a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub at: DateTime<FixedOffset>,
    pub time_given: bool,
}

impl Stamp {
    /// An instant with its time of day.
    pub fn at(at: DateTime<FixedOffset>) -> Stamp {
        Stamp {
            at,
            time_given: true,
        }
    }

    /// A day alone, placed at its midnight in `tz` for ordering.
    pub fn day(day: NaiveDate, tz: Tz) -> Option<Stamp> {
        Some(Stamp {
            at: local_midnight(day, tz)?,
            time_given: false,
        })
    }

    /// As front matter holds it: RFC 3339, or `YYYY-MM-DD` for a day alone.
    pub fn written(&self) -> String {
        if self.time_given {
            format(&self.at)
        } else {
            self.at.format("%Y-%m-%d").to_string()
        }
    }
}

/// The first year Gazette accepts, and the last: dates are written with four-digit years.
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// Refuses a date whose year has not four digits, naming `what` it is (`the date`).
pub fn check_year(date: &DateTime<FixedOffset>, what: &str) -> Result<(), String> {
    let year = chrono::Datelike::year(date);
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(format!(
            "{what} is in the year {year}, outside the years {}\u{2013}{} Gazette accepts; \
             correct the date in the source",
            YEARS.start(),
            YEARS.end()
        ))
    }
}

/// Formats a date the way Gazette front matter wants it: RFC 3339 with an explicit offset.
pub fn format(date: &DateTime<FixedOffset>) -> String {
    date.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// Reads a local date-time in the site's zone.
///
/// An ambiguous time (the repeated hour when clocks go back) takes the earlier instant;
/// a time that does not exist (skipped when clocks go forward) moves forward past the gap.
pub fn localize(naive: NaiveDateTime, tz: Tz) -> Option<DateTime<FixedOffset>> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(d) => Some(d.fixed_offset()),
        LocalResult::Ambiguous(earlier, _) => Some(earlier.fixed_offset()),
        LocalResult::None => [30, 60, 120].iter().find_map(|minutes| {
            let later = naive.checked_add_signed(Duration::minutes(*minutes))?;
            tz.from_local_datetime(&later)
                .earliest()
                .map(|d| d.fixed_offset())
        }),
    }
}

/// Midnight of `date` in the site's zone.
pub fn local_midnight(date: NaiveDate, tz: Tz) -> Option<DateTime<FixedOffset>> {
    localize(date.and_time(NaiveTime::MIN), tz)
}

/// Moves an instant into the site's zone.
pub fn in_zone<T: TimeZone>(date: &DateTime<T>, tz: Tz) -> DateTime<FixedOffset> {
    date.with_timezone(&tz).fixed_offset()
}

/// Parses the date formats accepted in other generators' front matter:
/// RFC 3339, `YYYY-MM-DD HH:MM[:SS]` with or without an offset, `YYYY-MM-DD`, and RFC 2822,
/// saying whether the text gave a time of day (`2021-09-25` does not). Times without an
/// offset are in the site's zone; the result is always in the site's zone.
pub fn parse_stamp(text: &str, tz: Tz) -> Option<Stamp> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(DateValue::Day(day)) = DateValue::parse(text) {
        return Stamp::day(day, tz);
    }
    parse_instant(text, tz).map(Stamp::at)
}

fn parse_instant(text: &str, tz: Tz) -> Option<DateTime<FixedOffset>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(text) {
        return Some(in_zone(&d, tz));
    }
    // "2024-01-05 10:00:00+03:00": RFC 3339 with a space instead of the T.
    if let Some((day, rest)) = text.split_once(' ')
        && let Ok(d) = DateTime::parse_from_rfc3339(&format!("{day}T{}", rest.trim()))
    {
        return Some(in_zone(&d, tz));
    }
    for pattern in [
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%dT%H:%M:%S%.f %z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(text, pattern) {
            return Some(in_zone(&d, tz));
        }
    }
    // Local times and days read as front matter reads them, placed leniently (see
    // [`localize`]): an importer moves a skipped time forward instead of failing.
    if let Some(naive) = DateValue::parse(text).and_then(|d| d.naive_local()) {
        return localize(naive, tz);
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(text) {
        return Some(in_zone(&d, tz));
    }
    None
}

/// Reads a TOML native date-time (offset, local date-time or local date).
/// A time of day alone is not a date and gives `None`.
pub fn from_toml(value: &toml::value::Datetime, tz: Tz) -> Option<Stamp> {
    value.date?;
    parse_stamp(&value.to_string(), tz)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_accepted_formats_in_the_site_zone() {
        let tz = chrono_tz::Europe::Moscow;
        let cases = [
            ("2025-03-14T10:00:00+03:00", "2025-03-14T10:00:00+03:00"),
            ("2025-03-14T07:00:00Z", "2025-03-14T10:00:00+03:00"),
            ("2025-03-14 10:00:00 +0300", "2025-03-14T10:00:00+03:00"),
            ("2025-03-14 10:00", "2025-03-14T10:00:00+03:00"),
            ("2025-03-14 10:00:30", "2025-03-14T10:00:30+03:00"),
            ("2025-03-14", "2025-03-14T00:00:00+03:00"),
        ];
        for (input, expected) in cases {
            let parsed = parse_stamp(input, tz).map(|d| format(&d.at));
            assert_eq!(parsed.as_deref(), Some(expected), "{input}");
        }
        assert_eq!(parse_stamp("yesterday", tz), None);
        assert_eq!(
            parse_stamp("2025-03-14", tz).map(|s| s.written()),
            Some("2025-03-14".into())
        );
        assert_eq!(
            parse_stamp("2025-03-14 00:00", tz).map(|s| s.time_given),
            Some(true)
        );
    }

    #[test]
    fn skipped_local_times_move_forward() {
        let tz = chrono_tz::Europe::Berlin;
        let naive = NaiveDate::from_ymd_opt(2025, 3, 30)
            .and_then(|d| d.and_hms_opt(2, 30, 0))
            .map(|n| localize(n, tz).map(|d| format(&d)));
        assert_eq!(naive, Some(Some("2025-03-30T03:00:00+02:00".to_string())));
    }
}
