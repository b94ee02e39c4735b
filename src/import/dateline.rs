//! Datelines of wire copy and the loose dates around them.
//!
//! A dateline opens the lead paragraph: `PLACE, Month Day. /AGENCY/.`,
//! `PLACE, Month Day (AGENCY) -` (hyphen, en or em dash), or `PLACE (AGENCY) -` without a date;
//! the date may carry a year (`March 14, 2025`, `14 March 2025`) and may be in Russian
//! (`АРХАНГЕЛЬСК, 14 марта. /НОРДВИР/.`). This module also reads the filled
//! `Updated at:` line, whose date and time come in many shapes.

use chrono::{FixedOffset, NaiveDate, NaiveTime};

use super::place::PARTICLES;
pub use super::place::title_case;

/// A calendar day whose year the copy may not give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

impl PartialDate {
    /// The full date in `year` (the date's own year wins), if that day exists.
    pub fn in_year(&self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year.unwrap_or(year), self.month, self.day)
    }
}

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The place, title-cased ("St. Petersburg", "Архангельск").
    pub place: String,
    pub date: Option<PartialDate>,
    /// The agency as written in the copy ("NORDWIRE", "Reuters", "ТАСС").
    pub agency: String,
    /// The correspondent a Russian agency names with it (`/Корр. ТАСС Иван Петров/`).
    pub correspondent: Option<String>,
    /// The paragraph without its dateline, first letter capitalised (may be empty).
    pub rest: String,
}

/// Recognises a dateline at the start of `paragraph`.
pub fn parse(paragraph: &str) -> Option<Dateline> {
    let paragraph = paragraph.trim();
    // The place and date never contain '/' or '(': the first one opens the agency.
    let (open, marker) = paragraph
        .char_indices()
        .take(160)
        .find(|(_, c)| *c == '/' || *c == '(')?;
    let prefix = &paragraph[..open];
    let after = &paragraph[open + marker.len_utf8()..];
    let close = if marker == '/' { '/' } else { ')' };
    let end = after.find(close)?;
    let agency = after[..end].trim();
    if !valid_agency(agency) {
        return None;
    }
    let tail = &after[end + close.len_utf8()..];
    let rest = strip_separator(tail, marker == '/')?;
    let (place, date) = parse_place_and_date(prefix)?;
    let (agency, correspondent) = match split_correspondent(agency) {
        Some((agency, name)) => (agency, Some(name.to_string())),
        None => (agency, None),
    };
    Some(Dateline {
        place: title_case(&place),
        date,
        agency: agency.to_string(),
        correspondent,
        rest: capitalise_first(rest.trim()),
    })
}

/// `Корр. ТАСС Иван Петров`, TASS's form for its correspondents' copy: the agency (one
/// word in capitals) and the correspondent (two to four capitalised words), else `None`.
fn split_correspondent(agency: &str) -> Option<(&str, &str)> {
    const TITLES: &[&str] = &[
        "корр.",
        "спецкорр.",
        "собкорр.",
        "спец. корр.",
        "соб. корр.",
    ];
    let lower = agency.to_lowercase();
    let title = TITLES.iter().find(|t| lower.starts_with(*t))?;
    let (at, _) = agency.char_indices().nth(title.chars().count())?;
    let (name_of_agency, person) = agency[at..].trim().split_once(' ')?;
    let person = person.trim();
    let words: Vec<&str> = person.split_whitespace().collect();
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let all_caps = name_of_agency.chars().all(|c| !c.is_lowercase());
    (all_caps && (2..=4).contains(&words.len()) && words.iter().all(capitalised))
        .then_some((name_of_agency, person))
}

/// Removes the separator after the agency: `.`, `:`, a hyphen, an en or em dash.
/// The slash form may also run straight into the text.
fn strip_separator(tail: &str, slash_form: bool) -> Option<&str> {
    let trimmed = tail.trim_start();
    for separator in ["--", "-", "\u{2013}", "\u{2014}", ":"] {
        if let Some(rest) = trimmed.strip_prefix(separator) {
            return Some(rest);
        }
    }
    if slash_form {
        return Some(trimmed.strip_prefix('.').unwrap_or(trimmed));
    }
    None
}

fn valid_agency(agency: &str) -> bool {
    let count = agency.chars().count();
    (1..=40).contains(&count)
        && agency.chars().next().is_some_and(char::is_alphabetic)
        && agency
            .chars()
            .all(|c| c.is_alphanumeric() || " &-.'’".contains(c))
}

/// Splits `PLACE, DATE` (or a bare `PLACE`) before the agency.
fn parse_place_and_date(prefix: &str) -> Option<(String, Option<PartialDate>)> {
    let prefix = prefix.trim().trim_end_matches(',').trim_end();
    // Try every comma: "WASHINGTON, D.C., March 14" needs the second one.
    for (comma, _) in prefix.char_indices().filter(|(_, c)| *c == ',') {
        let place = prefix[..comma].trim();
        let date_text = prefix[comma + 1..].trim().trim_end_matches('.').trim();
        if valid_place(place)
            && let Some(date) = parse_day_month(date_text)
        {
            return Some((place.to_string(), Some(date)));
        }
    }
    let place = strip_sentence_dot(prefix);
    valid_place(place).then(|| (place.to_string(), None))
}

/// Drops a full stop after the place, but not the one ending an abbreviation ("D.C.", "ST.").
fn strip_sentence_dot(place: &str) -> &str {
    let Some(without) = place.strip_suffix('.') else {
        return place;
    };
    let last_word = without
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or(without);
    if last_word.contains('.') || last_word.chars().count() <= 2 {
        place
    } else {
        without.trim_end()
    }
}

/// A place is one or more words of letters, all capitals or capitalised.
fn valid_place(place: &str) -> bool {
    let count = place.chars().count();
    if !(2..=60).contains(&count) || !place.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    if !place
        .chars()
        .all(|c| c.is_alphabetic() || " .-'’,".contains(c))
    {
        return false;
    }
    place
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .enumerate()
        .all(|(i, word)| {
            let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
            let all_caps = letters.iter().all(|c| !c.is_lowercase());
            let capitalised = letters.first().is_some_and(|c| c.is_uppercase());
            let particle = i > 0 && PARTICLES.contains(&word.to_lowercase().as_str());
            all_caps || capitalised || particle
        })
}

/// Upper-cases the first letter of a text, past any opening quotes.
pub fn capitalise_first(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut done = false;
    for c in text.chars() {
        if !done && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            done = true;
        } else {
            if !done && !"\"'«“„‘(".contains(c) {
                done = true;
            }
            out.push(c);
        }
    }
    out
}

/// The month a word names, in English or Russian, any grammatical case or the usual abbreviations.
pub fn month_from_name(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    const ENGLISH: [(&str, &str); 12] = [
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may", "may"),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ];
    for (n, (full, short)) in ENGLISH.iter().enumerate() {
        if word == *full || word == *short || (n == 8 && word == "sept") {
            return u32::try_from(n + 1).ok();
        }
    }
    // Russian: stem plus any case ending; soft stems take ь-endings, hard ones the others.
    const SOFT: &[&str] = &["ь", "я", "е", "ю", "ём", "ем"];
    const HARD: &[&str] = &["", "а", "е", "у", "ом"];
    const RUSSIAN: [(&str, &[&str], &[&str]); 12] = [
        ("январ", SOFT, &["янв"]),
        ("феврал", SOFT, &["фев", "февр"]),
        ("март", HARD, &["мар"]),
        ("апрел", SOFT, &["апр"]),
        ("ма", &["й", "я", "е", "ю", "ем"], &[]),
        ("июн", SOFT, &[]),
        ("июл", SOFT, &[]),
        ("август", HARD, &["авг"]),
        ("сентябр", SOFT, &["сен", "сент"]),
        ("октябр", SOFT, &["окт"]),
        ("ноябр", SOFT, &["ноя", "нояб"]),
        ("декабр", SOFT, &["дек"]),
    ];
    for (n, (stem, endings, abbreviations)) in RUSSIAN.iter().enumerate() {
        let by_stem = word
            .strip_prefix(stem)
            .is_some_and(|ending| endings.contains(&ending));
        if by_stem || abbreviations.contains(&word.as_str()) {
            return u32::try_from(n + 1).ok();
        }
    }
    None
}

fn parse_day(token: &str) -> Option<u32> {
    let lower = token.to_lowercase();
    let digits = ["st", "nd", "rd", "th", "-го", "-е"]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix))
        .unwrap_or(&lower);
    if digits.is_empty() || digits.len() > 2 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A year as written, of up to five digits: one outside the years Gazette accepts is still
/// read as a year, so that the story is refused saying so (not for a dateline it missed).
fn parse_year(token: &str) -> Option<i32> {
    if !(1..=5).contains(&token.len()) || !token.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

/// Words after a year that only say "year" ("14 марта 2025 года").
fn is_year_word(token: &str) -> bool {
    matches!(
        token.to_lowercase().trim_end_matches('.'),
        "года" | "г" | "год"
    )
}

/// Reads `Month Day`, `Day Month`, optionally followed by a year.
pub fn parse_day_month(text: &str) -> Option<PartialDate> {
    let mut tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    while tokens.last().is_some_and(|t| is_year_word(t)) {
        tokens.pop();
    }
    let tokens: Vec<&str> = tokens
        .iter()
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| !t.is_empty())
        .collect();
    let (month, day, year) = match tokens.as_slice() {
        [a, b] => month_day(a, b)?,
        [a, b, y] => {
            let (m, d, _) = month_day(a, b)?;
            (m, d, Some(parse_year(y)?))
        }
        _ => return None,
    };
    let date = PartialDate { year, month, day };
    // Check the day exists (February 29 is allowed while the year is unknown).
    date.in_year(year.unwrap_or(2024))?;
    Some(date)
}

fn month_day(a: &str, b: &str) -> Option<(u32, u32, Option<i32>)> {
    if let (Some(m), Some(d)) = (month_from_name(a), parse_day(b)) {
        return Some((m, d, None));
    }
    if let (Some(d), Some(m)) = (parse_day(a), month_from_name(b)) {
        return Some((m, d, None));
    }
    None
}

/// A date and time read from an `Updated at:` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LooseDateTime {
    pub date: PartialDate,
    pub time: Option<NaiveTime>,
    pub offset: Option<FixedOffset>,
}

/// Reads the many shapes of a date and time on a page: `14 March 2025, 15:42`,
/// `March 14, 2025 3:42 pm`, `15:42 14.03.2025`, `2025-03-14 15:42 UTC`, `14 марта 2025, 15:42 МСК`.
pub fn parse_loose(text: &str) -> Result<LooseDateTime, String> {
    let fail = || format!("cannot read the date and time {:?}", text.trim());
    let mut time: Option<NaiveTime> = None;
    let mut pm: Option<bool> = None;
    let mut offset: Option<FixedOffset> = None;
    let mut full_date: Option<NaiveDate> = None;
    let mut words: Vec<&str> = Vec::new();
    let text = text.trim();
    // "2025-03-14T15:42:00+03:00" and friends.
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(LooseDateTime {
            date: PartialDate {
                year: Some(chrono::Datelike::year(&d)),
                month: chrono::Datelike::month(&d),
                day: chrono::Datelike::day(&d),
            },
            time: Some(d.time()),
            offset: Some(*d.offset()),
        });
    }
    for raw in text.split(|c: char| c.is_whitespace() || c == ',' || c == '|') {
        let token = raw.trim_matches(|c: char| c == '(' || c == ')');
        if token.is_empty() {
            continue;
        }
        let lower = token.to_lowercase();
        if let Some(t) = parse_time(token) {
            if time.replace(t).is_some() {
                return Err(fail());
            }
        } else if matches!(lower.as_str(), "am" | "a.m." | "pm" | "p.m.") {
            pm = Some(lower.starts_with('p'));
        } else if let Some(o) = parse_offset(&lower) {
            offset = Some(o);
        } else if let Some(d) = parse_numeric_date(token) {
            if full_date.replace(d).is_some() {
                return Err(fail());
            }
        } else if matches!(lower.as_str(), "at" | "в" | "on")
            || is_year_word(token)
            || token.chars().all(|c| !c.is_alphanumeric())
        {
            continue;
        } else {
            words.push(token);
        }
    }
    if let (Some(t), Some(is_pm)) = (time, pm) {
        time = Some(apply_meridiem(t, is_pm).ok_or_else(fail)?);
    }
    let date = match (full_date, words.is_empty()) {
        (Some(d), true) => PartialDate {
            year: Some(chrono::Datelike::year(&d)),
            month: chrono::Datelike::month(&d),
            day: chrono::Datelike::day(&d),
        },
        (None, false) => parse_day_month(&words.join(" ")).ok_or_else(fail)?,
        _ => return Err(fail()),
    };
    Ok(LooseDateTime { date, time, offset })
}

fn parse_time(token: &str) -> Option<NaiveTime> {
    let parts: Vec<&str> = token.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 2 || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let numbers: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    match numbers.as_slice() {
        [h, m] => NaiveTime::from_hms_opt(*h, *m, 0),
        [h, m, s] => NaiveTime::from_hms_opt(*h, *m, *s),
        _ => None,
    }
}

fn apply_meridiem(time: NaiveTime, pm: bool) -> Option<NaiveTime> {
    let hour = chrono::Timelike::hour(&time);
    if !(1..=12).contains(&hour) {
        return None;
    }
    let hour = match (hour, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    };
    NaiveTime::from_hms_opt(
        hour,
        chrono::Timelike::minute(&time),
        chrono::Timelike::second(&time),
    )
}

/// `UTC`, `GMT`, `Z`, `MSK`, `+03:00`, `+0300`, `UTC+3`.
fn parse_offset(lower: &str) -> Option<FixedOffset> {
    match lower {
        "utc" | "gmt" | "z" => return FixedOffset::east_opt(0),
        "msk" | "мск" => return FixedOffset::east_opt(3 * 3600),
        _ => {}
    }
    let signed = lower
        .strip_prefix("utc")
        .or_else(|| lower.strip_prefix("gmt"))
        .unwrap_or(lower);
    let (sign, digits) = if let Some(d) = signed.strip_prefix('+') {
        (1, d)
    } else if let Some(d) = signed
        .strip_prefix('-')
        .or_else(|| signed.strip_prefix('\u{2212}'))
    {
        (-1, d)
    } else {
        return None;
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || digits.len() > 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = if digits.len() <= 2 {
        (digits.parse::<i32>().ok()?, 0)
    } else {
        let split = digits.len() - 2;
        (
            digits[..split].parse::<i32>().ok()?,
            digits[split..].parse::<i32>().ok()?,
        )
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// `14.03.2025` (day first) or `2025-03-14`.
fn parse_numeric_date(token: &str) -> Option<NaiveDate> {
    let token = token.trim_end_matches('.');
    NaiveDate::parse_from_str(token, "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(token, "%Y-%m-%d"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_russian_months_in_every_case() {
        for word in ["марта", "март", "марте", "мартом", "МАРТА", "мар."]
        {
            assert_eq!(month_from_name(word), Some(3), "{word}");
        }
        for word in ["мая", "май", "мае"] {
            assert_eq!(month_from_name(word), Some(5), "{word}");
        }
        assert_eq!(month_from_name("декабря"), Some(12));
        assert_eq!(month_from_name("Sept."), Some(9));
        assert_eq!(month_from_name("марш"), None);
    }

    #[test]
    fn reads_the_dateline_forms() {
        let d = parse("ARKHANGELSK, March 14. /NORDWIRE/. The pier reopened.");
        assert_eq!(
            d,
            Some(Dateline {
                place: "Arkhangelsk".into(),
                date: Some(PartialDate {
                    year: None,
                    month: 3,
                    day: 14
                }),
                agency: "NORDWIRE".into(),
                correspondent: None,
                rest: "The pier reopened.".into(),
            })
        );
        let d = parse("UNITED NATIONS, 14 March 2025 (Baltic Press) \u{2014} delegates met.");
        assert_eq!(d.as_ref().map(|d| d.place.as_str()), Some("United Nations"));
        assert_eq!(d.as_ref().map(|d| d.rest.as_str()), Some("Delegates met."));
        assert_eq!(d.and_then(|d| d.date).and_then(|d| d.year), Some(2025));
        let d = parse("WASHINGTON, D.C., March 14 (AP) - Text.");
        assert_eq!(d.map(|d| d.place), Some("Washington, D.C.".into()));
        let d = parse("ST. PETERSBURG (Nord Wire) - Text.");
        assert_eq!(d.as_ref().map(|d| d.place.as_str()), Some("St. Petersburg"));
        assert_eq!(d.and_then(|d| d.date), None);
        let d = parse("ВАШИНГТОН, 3 марта. /Корр. ТАСС Иван Петров/. Текст.");
        assert_eq!(d.as_ref().map(|d| d.agency.as_str()), Some("ТАСС"));
        assert_eq!(
            d.and_then(|d| d.correspondent),
            Some("Иван Петров".to_string())
        );
        let d = parse("МОСКВА, 3 марта. /Спец. корр. ТАСС Анна Смирнова/. Текст.");
        assert_eq!(d.as_ref().map(|d| d.agency.as_str()), Some("ТАСС"));
        let d = parse("МОСКВА, 3 марта. /РИА Новости/. Текст.");
        assert_eq!(d.as_ref().map(|d| d.agency.as_str()), Some("РИА Новости"));
        assert_eq!(d.and_then(|d| d.correspondent), None);
        assert_eq!(parse("The minister (left) - said hello."), None);
        assert_eq!(parse("Prices rose 5/6 of a point."), None);
    }

    #[test]
    fn reads_updated_lines() {
        let t = parse_loose("14 March 2025, 15:42").ok();
        assert_eq!(
            t.map(|t| (t.date.year, t.date.month, t.date.day)),
            Some((Some(2025), 3, 14))
        );
        let t = parse_loose("3:42 pm March 14").ok();
        assert_eq!(t.and_then(|t| t.time), NaiveTime::from_hms_opt(15, 42, 0));
        let t = parse_loose("14.03.2025 09:05 MSK").ok();
        assert_eq!(t.and_then(|t| t.offset), FixedOffset::east_opt(3 * 3600));
        assert!(parse_loose("soon").is_err());
    }
}
