//! Dates as authors write them (RFC 3339, `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DD`, in the
//! site's time zone when no offset is given) and as Gazette writes them.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// A date as written, checked for its format but not yet placed in a time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    Offset(DateTime<FixedOffset>),
    Local(NaiveDateTime),
    /// A day without a time of day (`2021-09-25`): it orders as midnight in the site's
    /// zone, and pages show only the day.
    Day(NaiveDate),
}

impl DateValue {
    pub fn parse(s: &str) -> Option<DateValue> {
        let s = s.trim();
        if let Ok(d) = DateTime::parse_from_rfc3339(s) {
            return Some(DateValue::Offset(d));
        }
        for fmt in [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M:%S%.f",
        ] {
            if let Ok(d) = NaiveDateTime::parse_from_str(s, fmt) {
                return Some(DateValue::Local(d));
            }
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(DateValue::Day)
    }

    /// Whether the date gives a time of day (`2021-09-25` does not).
    pub fn time_given(&self) -> bool {
        !matches!(self, DateValue::Day(_))
    }

    /// The date and time as written, without a zone (a day is its midnight).
    pub fn naive_local(&self) -> Option<NaiveDateTime> {
        match self {
            DateValue::Offset(_) => None,
            DateValue::Local(n) => Some(*n),
            DateValue::Day(d) => d.and_hms_opt(0, 0, 0),
        }
    }

    /// The instant, shown in the site's zone. A local time that does not exist
    /// (skipped by a daylight-saving change) is an error.
    pub fn resolve(self, tz: chrono_tz::Tz) -> Option<DateTime<FixedOffset>> {
        match self {
            DateValue::Offset(d) => Some(d.with_timezone(&tz).fixed_offset()),
            DateValue::Local(_) | DateValue::Day(_) => tz
                .from_local_datetime(&self.naive_local()?)
                .earliest()
                .map(|d| d.fixed_offset()),
        }
    }
}

pub const DATE_FORMATS: &str =
    "use RFC 3339 (`2024-03-14T09:30:00+03:00`), `2024-03-14 09:30` or `2024-03-14`";

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DateValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a date such as 2024-03-14T09:30:00+03:00, 2024-03-14 09:30 or 2024-03-14",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<DateValue, E> {
                DateValue::parse(s)
                    .ok_or_else(|| E::custom(format!("invalid date `{s}`: {DATE_FORMATS}")))
            }
            // TOML's native date-times arrive as a one-entry map holding their text.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DateValue, A::Error> {
                let Some((_, text)) = map.next_entry::<String, String>()? else {
                    return Err(de::Error::custom("expected a date"));
                };
                self.visit_str(&text)
            }
        }
        d.deserialize_any(V)
    }
}

/// A date as pages, feeds and caches write it: RFC 3339 to the second, with its offset.
pub fn rfc3339(d: &DateTime<FixedOffset>) -> String {
    d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// A date as pages show it (to the second, with its offset), as bytes to hash: equal
/// exactly when the [`rfc3339`] texts are.
pub fn date_bytes(d: Option<&DateTime<FixedOffset>>) -> [u8; 13] {
    let mut out = [0u8; 13];
    if let Some(d) = d {
        out[0] = 1;
        out[1..9].copy_from_slice(&d.timestamp().to_le_bytes());
        out[9..].copy_from_slice(&d.offset().local_minus_utc().to_le_bytes());
    }
    out
}

/// A date for formats that take a day alone (JSON-LD, the news sitemap): `2021-09-25`
/// when no time was given, else RFC 3339 to the second.
pub fn date_or_time(d: &DateTime<FixedOffset>, time_given: bool) -> String {
    if time_given {
        rfc3339(d)
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

/// `9` → `September`.
pub fn month_name(month: u32) -> &'static str {
    u8::try_from(month)
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok())
        .map_or("", |m| m.name())
}

/// The `YYYY-MM-DD-` prefix of a file name, if it has one, and the rest of the name.
pub fn date_prefix(stem: &str) -> Option<(NaiveDate, &str)> {
    let head = stem.get(..10)?;
    let date = NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    let rest = stem.get(10..)?;
    Some((date, rest.strip_prefix('-').unwrap_or(rest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_accepted_form() {
        // (text, whether it carries its own offset)
        for (text, offset) in [
            ("2024-03-14T09:30:00+03:00", true),
            ("2024-03-14T09:30:00Z", true),
            ("2024-03-14 09:30", false),
            ("2024-03-14 09:30:15", false),
            ("2024-03-14", false),
        ] {
            match DateValue::parse(text) {
                Some(DateValue::Offset(_)) => assert!(offset, "{text}"),
                Some(DateValue::Local(_) | DateValue::Day(_)) => assert!(!offset, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        assert!(!DateValue::parse("2024-03-14").unwrap().time_given());
        assert!(DateValue::parse("2024-03-14 00:00").unwrap().time_given());
        assert_eq!(DateValue::parse("2024-13-14"), None);
        assert_eq!(DateValue::parse("yesterday"), None);
    }

    #[test]
    fn local_times_take_the_site_zone() {
        let d = DateValue::parse("2024-03-14 09:30").unwrap();
        let moscow: chrono_tz::Tz = "Europe/Moscow".parse().unwrap();
        assert_eq!(
            d.resolve(moscow).unwrap().to_rfc3339(),
            "2024-03-14T09:30:00+03:00"
        );
    }

    #[test]
    fn file_name_prefix() {
        let (d, rest) = date_prefix("2021-09-25-un-vote").unwrap();
        assert_eq!(d.to_string(), "2021-09-25");
        assert_eq!(rest, "un-vote");
        assert!(date_prefix("un-vote").is_none());
        assert!(date_prefix("2021-9-25").is_none());
    }
}
