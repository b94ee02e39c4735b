//! The template engine as Gazette sets it up: Tera 2 with HTML and XML templates
//! autoescaped by [`escape`], Gazette's own `date` filter (chrono's formats, as Tera 1 had
//! it), and the filters that need other crates from `tera-contrib` under their Tera 1
//! names; `t`, the theme's words in the site's language, and `local_date`, a date in that
//! language (see [`super::i18n`]). No function reads the clock, the environment or dice
//! (see [`super::errors::FORBIDDEN_FUNCTIONS`]).

use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::Arc;

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::i18n::{Entry, Translations};

/// The endings of the templates that are autoescaped.
pub(super) const AUTOESCAPED: [&str; 3] = [".html", ".htm", ".xml"];

/// A Tera instance with Gazette's escaping, filters and functions, speaking `words`'
/// language and writing days in `date_format` (else `%-d %B %Y`), and no templates yet.
pub(super) fn engine(words: Arc<Translations>, date_format: Option<String>) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(AUTOESCAPED);
    tera.set_escape_fn(escape_to);
    tera.register_filter("date", date);
    let locale = words.locale;
    let day = date_format.unwrap_or_else(|| "%-d %B %Y".into());
    let formats: Arc<(String, String)> = Arc::new((format!("{day}, %H:%M"), day));
    tera.register_filter(
        "local_date",
        move |value: &Value, kwargs: Kwargs, _: &State| {
            local_date(value, &kwargs, locale, &formats)
        },
    );
    let all = words.clone();
    tera.register_function("t", move |kwargs: Kwargs, _: &State| {
        translate(&words, &kwargs)
    });
    tera.register_function("words", move |kwargs: Kwargs, _: &State| {
        words_with(&all, &kwargs)
    });
    tera.register_filter("slugify", tera_contrib::slug::slug);
    tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
    tera.register_filter(
        "urlencode_strict",
        tera_contrib::urlencode::urlencode_strict,
    );
    tera.register_filter("json_encode", tera_contrib::json::json_encode);
    tera
}

/// Escape text for HTML and XML element content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 8);
    // Writing to a Vec cannot fail.
    let _ = escape_to(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`escape`] into `out`, the plain runs between special characters in one write each.
/// Eight bytes at a time are checked for a special character, since most text has none.
fn escape_to(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        let word = bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok());
        if let Some(word) = word
            && !has_special(u64::from_le_bytes(word))
        {
            i += 8;
            continue;
        }
        let entity: &[u8] = match bytes[i] {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => {
                i += 1;
                continue;
            }
        };
        out.write_all(&bytes[plain..i])?;
        out.write_all(entity)?;
        i += 1;
        plain = i;
    }
    out.write_all(&bytes[plain..])
}

/// Whether any of the eight bytes in `word` is one [`escape`] replaces (a byte equal to
/// `c` is a zero byte of `word ^ c…c`, which the classic test finds without false alarms).
fn has_special(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS != 0;
    [b'&', b'<', b'>', b'"', b'\'']
        .iter()
        .any(|&c| has_zero(word ^ (ONES * u64::from(c))))
}

/// `{{ d | date(format="%-d %B %Y", timezone="Europe/Oslo") }}`: an RFC 3339 date, a
/// `YYYY-MM-DD` date or a Unix timestamp in chrono's `format` (default `%Y-%m-%d`), in its
/// own offset unless `timezone` names another.
fn date(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let format = kwargs.get::<&str>("format")?.unwrap_or("%Y-%m-%d");
    let items = strftime_items(format)?;
    let zone =
        match kwargs.get::<&str>("timezone")? {
            Some(name) => Some(name.parse::<chrono_tz::Tz>().map_err(|_| {
                tera::Error::message(format!("Error parsing `{name}` as a timezone"))
            })?),
            None => None,
        };
    let mut out = String::new();
    let written = match (parse_date(value)?, zone) {
        (Dated::Zoned(d), Some(z)) => write!(
            out,
            "{}",
            d.with_timezone(&z).format_with_items(items.iter())
        ),
        (Dated::Zoned(d), None) => write!(out, "{}", d.format_with_items(items.iter())),
        (Dated::Naive(d), Some(z)) => write!(
            out,
            "{}",
            z.from_utc_datetime(&d).format_with_items(items.iter())
        ),
        (Dated::Naive(d), None) => write!(out, "{}", d.format_with_items(items.iter())),
    };
    written.map_err(|_| tera::Error::message(format!("Invalid date format `{format}`")))?;
    Ok(out)
}

/// `{{ t(key="stories", count=3) }}`: the theme's words for `key` in the site's language,
/// the plural form for `count` when they have forms, each other argument put in for its
/// `{name}`.
fn translate(words: &Translations, kwargs: &Kwargs) -> TeraResult<Value> {
    let key: &str = kwargs.must_get("key")?;
    // Most calls name words without placeholders: their value, made once.
    if let Some(value) = words.plain(key) {
        return Ok(value.clone());
    }
    let count = kwargs.get::<i64>("count")?;
    let value = |name: &str, out: &mut String| {
        let Ok(Some(v)) = kwargs.get::<&Value>(name) else {
            return false;
        };
        if name == "key" {
            return false;
        }
        match v.as_str() {
            Some(text) => out.push_str(text),
            None => {
                let _ = write!(out, "{v}");
            }
        }
        true
    };
    words
        .fill(key, count, &value)
        .map(Value::from)
        .ok_or_else(|| {
            tera::Error::message(format!(
                "the theme has no words for `{key}`: add `{key} = \"…\"` to its i18n/{}.toml",
                super::i18n::FALLBACK
            ))
        })
}

/// `{{ words(prefix="search_") }}`: the theme's words whose keys start with `prefix`, as
/// a map by the rest of the key (plural forms as a map by category), for a script.
fn words_with(words: &Translations, kwargs: &Kwargs) -> TeraResult<Value> {
    let prefix: &str = kwargs.must_get("prefix")?;
    let mut map = tera::Map::new();
    for (key, entry) in words.with_prefix(prefix) {
        let value = match entry {
            Entry::Text(text) => Value::from(text.text()),
            Entry::Plural(forms) => {
                let mut m = tera::Map::new();
                for (form, text) in forms {
                    m.insert(form.clone().into(), Value::from(text.text()));
                }
                Value::from(m)
            }
        };
        map.insert(key.to_string().into(), value);
    }
    Ok(Value::from(map))
}

/// `{{ d | local_date }}`: a date as a reader of the site's language writes it, by day
/// (`14 March 2026`, `14 марта 2026`, or the site's `date_format`), with `time=true` with
/// the time, or in `format`. `formats`: the site's (with time, by day).
fn local_date(
    value: &Value,
    kwargs: &Kwargs,
    locale: Option<chrono::Locale>,
    formats: &(String, String),
) -> TeraResult<String> {
    let time = kwargs.get::<bool>("time")?.unwrap_or(false);
    let format =
        kwargs
            .get::<&str>("format")?
            .unwrap_or(if time { &formats.0 } else { &formats.1 });
    let items = strftime_items(format)?;
    let mut out = String::new();
    let date = match parse_date(value)? {
        Dated::Zoned(d) => d,
        Dated::Naive(d) => d.and_utc().fixed_offset(),
    };
    let written = match locale {
        Some(locale) => write!(
            out,
            "{}",
            date.format_localized_with_items(items.iter(), locale)
        ),
        None => write!(out, "{}", date.format_with_items(items.iter())),
    };
    written.map_err(|_| tera::Error::message(format!("Invalid date format `{format}`")))?;
    Ok(out)
}

std::thread_local! {
    /// The formats the `date` filter has parsed on this thread (a theme uses a handful).
    static FORMATS: std::cell::RefCell<Vec<(String, Rc<[Item<'static>]>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The parsed form of a `date` format, parsed once per thread.
fn strftime_items(format: &str) -> TeraResult<Rc<[Item<'static>]>> {
    let known =
        FORMATS.with_borrow(|f| f.iter().find(|(k, _)| k == format).map(|(_, v)| v.clone()));
    if let Some(items) = known {
        return Ok(items);
    }
    let invalid = || tera::Error::message(format!("Invalid date format `{format}`"));
    let items: Vec<Item<'static>> = StrftimeItems::new(format)
        .parse_to_owned()
        .map_err(|_| invalid())?;
    if items.iter().any(|i| matches!(i, Item::Error)) {
        return Err(invalid());
    }
    let items: Rc<[Item<'static>]> = items.into();
    FORMATS.with_borrow_mut(|f| f.push((format.to_string(), items.clone())));
    Ok(items)
}

/// A date as the `date` filter reads it.
enum Dated {
    Zoned(DateTime<FixedOffset>),
    /// In UTC, with no offset to print.
    Naive(NaiveDateTime),
}

/// The date a value holds: a timestamp, an RFC 3339 date, a naive date and time (UTC), or
/// a `YYYY-MM-DD` date (midnight UTC).
fn parse_date(value: &Value) -> TeraResult<Dated> {
    if let Some(s) = value.as_str() {
        if s.contains('T') {
            if let Ok(d) = s.parse::<DateTime<FixedOffset>>() {
                return Ok(Dated::Zoned(d));
            }
            return s
                .parse::<NaiveDateTime>()
                .map(|d| Dated::Zoned(Utc.from_utc_datetime(&d).fixed_offset()))
                .map_err(|_| {
                    tera::Error::message(format!(
                        "Error parsing `{s:?}` as rfc3339 date or naive datetime"
                    ))
                });
        }
        return NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| {
                Dated::Zoned(
                    Utc.from_utc_datetime(&d.and_time(Default::default()))
                        .fixed_offset(),
                )
            })
            .map_err(|_| {
                tera::Error::message(format!("Error parsing `{s:?}` as YYYY-MM-DD date"))
            });
    }
    if let Some(seconds) = value.as_i64() {
        return DateTime::from_timestamp(seconds, 0)
            .map(|d| Dated::Naive(d.naive_utc()))
            .ok_or_else(|| tera::Error::message(format!("Timestamp {seconds} is out of range")));
    }
    Err(tera::Error::message(format!(
        "Filter `date` received an incorrect type for arg `value`: got `{}` but expected i64|u64|String",
        value.name()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(value: Value, pairs: [(&'static str, Value); 2]) -> TeraResult<String> {
        let ctx = tera::Context::new();
        date(&value, Kwargs::from(pairs), &State::new(&ctx))
    }

    #[test]
    fn finds_special_characters_anywhere_in_a_word() {
        for special in [b'&', b'<', b'>', b'"', b'\''] {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = special;
                assert!(has_special(u64::from_le_bytes(word)), "{special} at {at}");
            }
        }
        assert!(!has_special(u64::from_le_bytes(*b"plain \x80\xff")));
        let long = "a".repeat(17) + "<" + &"b".repeat(9) + "&";
        assert_eq!(
            escape(&long),
            "a".repeat(17) + "&lt;" + &"b".repeat(9) + "&amp;"
        );
    }

    #[test]
    fn escapes_every_special_character_and_keeps_the_rest() {
        assert_eq!(
            escape(r#"Tom & "Jerry" <b>'s</b> — Ålesund"#),
            "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;s&lt;/b&gt; — Ålesund"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("&"), "&amp;");
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn dates_format_as_tera_1_formatted_them() {
        let utc = ("timezone", Value::from("UTC"));
        let f =
            |v: &str, fmt: &str| format(v.into(), [("format", fmt.into()), ("x", Value::none())]);
        assert_eq!(
            f("2021-09-05T09:03:00+03:00", "%-d %B %Y, %H:%M").unwrap(),
            "5 September 2021, 09:03"
        );
        assert_eq!(
            f("2021-09-05T09:03:00+03:00", "%a, %d %b %Y %H:%M:%S %z").unwrap(),
            "Sun, 05 Sep 2021 09:03:00 +0300"
        );
        assert_eq!(f("2021-09-05", "%A").unwrap(), "Sunday");
        assert_eq!(
            format(
                "2021-09-05T23:30:00-02:00".into(),
                [("format", "%F %R".into()), utc.clone()]
            )
            .unwrap(),
            "2021-09-06 01:30"
        );
        assert_eq!(
            format(Value::from(0), [("format", "%F".into()), utc]).unwrap(),
            "1970-01-01"
        );
        assert!(f("2021-09-05", "%Q").is_err());
        assert!(f("yesterday", "%F").is_err());
    }
}
