//! Plain-text wire copy: a news agency page saved as text, turned into an [`Article`].
//!
//! The layout: page chrome (`All news`, an `Updated at:` line, share and navigation
//! lines) is dropped; the first remaining line is the headline; the next paragraph is the
//! standfirst (the summary) unless it is already the lead with the dateline; the dateline
//! (see [`dateline`]) gives the place, the date and the agency and is cut from the lead;
//! short lines without closing punctuation between paragraphs become `##` subheadings.
//! A filled `Updated at:` line gives `updated`, read in the agency's own zone when the
//! site names one (`[import.agency_zones]`). The agency is credited (`agency`) as well as
//! kept in `[source]`; a correspondent it names (`/Корр. ТАСС Иван Петров/`) is the
//! author. A dateline gives a day without a time, and the story is dated by that day
//! alone. Non-breaking and repeated spaces become one space. Nothing is guessed: a copy
//! that gives no year, and no `--year`, is refused.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::article::Article;
use super::dateline::{self, LooseDateTime, PartialDate};
use super::dates::{self, Stamp};
use super::escape::{escape_line_start, escape_text};

/// Lines of page chrome, compared lower-cased without trailing punctuation.
const CHROME: &[&str] = &[
    "all news",
    "news",
    "share",
    "share this",
    "share on",
    "read more",
    "read also",
    "see also",
    "back",
    "back to news",
    "back to all news",
    "print",
    "copy link",
    "subscribe",
    "follow us",
    "comments",
    "related news",
    "more news",
    "latest news",
    "top news",
    "tags",
    "все новости",
    "новости",
    "поделиться",
    "читать далее",
    "читать также",
    "читайте также",
    "подробнее",
    "назад",
    "назад к новостям",
    "к новостям",
    "печать",
    "скопировать ссылку",
    "подписаться",
    "комментарии",
    "теги",
];

/// Labels of the update line: `Updated at: …`.
const UPDATED_LABELS: &[&str] = &[
    "updated at",
    "updated",
    "last updated",
    "обновлено",
    "обновлено в",
    "обновление",
];

/// Labels of a tag line: `Tags: harbour, ferries`.
const TAG_LABELS: &[&str] = &["tags", "теги"];

/// The longest line (in characters) that can be a subheading.
const SUBHEADING_MAX: usize = 70;

/// Closing punctuation: a line ending with one of these is a sentence, not a subheading.
const CLOSING: &[char] = &['.', '!', '?', '"', '”', '»', ':', '…', ';'];

/// Parses wire copy. `year` is `--year`; `tz` the site's time zone.
/// The article has no `source.file`/`source.hash` yet: the caller knows the file.
pub fn parse(text: &str, year: Option<i32>, tz: Tz) -> Result<Article, String> {
    parse_with_zones(text, year, tz, &BTreeMap::new())
}

/// [`parse`], with the agencies' own zones (names upper-cased): the times of an agency's
/// copy are read in its zone, then written in the site's.
pub fn parse_with_zones(
    text: &str,
    year: Option<i32>,
    tz: Tz,
    zones: &BTreeMap<String, Tz>,
) -> Result<Article, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut updated_text: Option<String> = None;
    let mut tags: Vec<String> = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    for raw in text.lines() {
        let line = clean_line(raw);
        if line.is_empty() || is_chrome(&line) {
            continue;
        }
        if let Some(value) = labelled(&line, UPDATED_LABELS) {
            if !value.is_empty() {
                if updated_text.is_some() {
                    return Err("the copy has more than one filled \"Updated at:\" line".into());
                }
                updated_text = Some(value.to_string());
            }
            continue;
        }
        if let Some(value) = labelled(&line, TAG_LABELS) {
            for tag in value.split([',', ';']) {
                let tag = tag.trim();
                if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
                    tags.push(tag.to_string());
                }
            }
            continue;
        }
        paragraphs.push(line);
    }

    let Some(headline) = paragraphs.first().cloned() else {
        return Err("no headline: the copy is empty once page chrome is removed".into());
    };
    if paragraphs.len() < 2 {
        return Err("no text after the headline".into());
    }

    // The dateline opens the lead: the first or second paragraph after the headline.
    let found =
        (1..paragraphs.len().min(3)).find_map(|i| dateline::parse(&paragraphs[i]).map(|d| (i, d)));
    let (summary, lead_index) = match &found {
        Some((2, _)) => (Some(paragraphs[1].clone()), 2),
        Some((i, _)) => (None, *i),
        None if paragraphs.len() > 2 => (Some(paragraphs[1].clone()), 2),
        None => (None, 1),
    };
    let mut body_paragraphs: Vec<String> = paragraphs[lead_index..].to_vec();
    if let Some((_, d)) = &found {
        if d.rest.is_empty() {
            body_paragraphs.remove(0);
        } else {
            body_paragraphs[0] = d.rest.clone();
        }
    }
    if body_paragraphs.is_empty() {
        return Err("no body text after the dateline".into());
    }

    let updated = updated_text
        .as_deref()
        .map(|t| dateline::parse_loose(t).map_err(|e| format!("in the \"Updated at:\" line: {e}")))
        .transpose()?;
    let date_in_dateline = found.as_ref().and_then(|(_, d)| d.date);
    let clock = Clock {
        site: tz,
        copy: found
            .as_ref()
            .and_then(|(_, d)| zones.get(&d.agency.to_uppercase()))
            .copied()
            .unwrap_or(tz),
    };
    let (date, updated) = resolve_dates(date_in_dateline, updated.as_ref(), year, clock)?;

    let mut article = Article::new(headline, date);
    article.set_updated(updated);
    article.summary = summary;
    article.tags = tags;
    if let Some((_, d)) = found {
        article.dateline = Some(d.place);
        article.agency = Some(d.agency.clone());
        article.source.agency = Some(d.agency);
        article.authors.extend(d.correspondent);
    }
    article.body = render_body(&body_paragraphs);
    Ok(article)
}

/// Trims a line, drops control characters, and makes every run of spaces (non-breaking,
/// thin, ideographic or tabs included) one plain space.
fn clean_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if !c.is_control() && !matches!(c, '\u{200b}' | '\u{feff}') {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The zones of a copy's times: the site's, in which dates are written, and the
/// agency's, in which the copy's own clock times are read.
#[derive(Debug, Clone, Copy)]
struct Clock {
    site: Tz,
    copy: Tz,
}

fn is_chrome(line: &str) -> bool {
    let key = line
        .trim_end_matches(|c: char| {
            c == ':'
                || c == '.'
                || c == '…'
                || c == '>'
                || c == '→'
                || c == '»'
                || c.is_whitespace()
        })
        .trim_start_matches(|c: char| c == '<' || c == '←' || c == '«' || c.is_whitespace())
        .to_lowercase();
    CHROME.contains(&key.as_str())
}

/// The value after `Label:` when the line starts with one of `labels`.
fn labelled<'a>(line: &'a str, labels: &[&str]) -> Option<&'a str> {
    let (label, value) = line.split_once(':')?;
    let label = label.trim().to_lowercase();
    labels.contains(&label.as_str()).then(|| value.trim())
}

/// Finds the publication date and the update time from what the copy gives.
///
/// A year missing from one date is taken from the other date of the copy (the dateline
/// date is never after the update); failing that from `--year`; failing that, an error.
fn resolve_dates(
    dateline_date: Option<PartialDate>,
    updated: Option<&LooseDateTime>,
    year: Option<i32>,
    clock: Clock,
) -> Result<(Stamp, Option<Stamp>), String> {
    let no_year = |what: String| {
        format!("the copy gives no year ({what}): pass --year to say which year it is from")
    };
    let mut updated_year = None;
    let updated_at = match updated {
        None => None,
        Some(u) => {
            let y = match (u.date.year, dateline_date.and_then(|d| d.year)) {
                (Some(y), _) => y,
                (None, Some(dy)) => {
                    let before = dateline_date
                        .is_some_and(|d| (u.date.month, u.date.day) < (d.month, d.day));
                    if before { dy + 1 } else { dy }
                }
                (None, None) => year.ok_or_else(|| no_year("\"Updated at:\" line".into()))?,
            };
            updated_year = Some(y);
            let day = u.date.in_year(y).ok_or_else(|| {
                format!(
                    "the update date {}-{}-{} does not exist",
                    y, u.date.month, u.date.day
                )
            })?;
            Some(local_time(day, u, clock)?)
        }
    };
    let (date, updated_at) = match dateline_date {
        Some(d) => {
            let y = match (d.year, updated_year) {
                (Some(y), _) => y,
                (None, Some(uy)) => {
                    let after =
                        updated.is_some_and(|u| (d.month, d.day) > (u.date.month, u.date.day));
                    if after { uy - 1 } else { uy }
                }
                (None, None) => {
                    year.ok_or_else(|| no_year(format!("dateline date {}", month_day_text(d))))?
                }
            };
            let day = d.in_year(y).ok_or_else(|| {
                format!(
                    "the dateline date {} {} does not exist in {y}",
                    month_day_text(d),
                    y
                )
            })?;
            let date = Stamp::day(day, clock.site)
                .ok_or_else(|| format!("midnight of {day} does not exist in {}", clock.site))?;
            (date, updated_at)
        }
        None => match updated_at {
            Some(u) => (u, None),
            None => {
                return Err(
                    "no date: the dateline gives none and there is no filled \"Updated at:\" line"
                        .into(),
                );
            }
        },
    };
    // A year of the copy outside the years Gazette accepts is refused here, saying so.
    dates::check_year(&date.at, "the date")?;
    if let Some(u) = &updated_at {
        dates::check_year(&u.at, "the update date")?;
    }
    Ok((date, updated_at))
}

fn month_day_text(d: PartialDate) -> String {
    let month = match crate::core::month_name(d.month) {
        "" => "?",
        name => name,
    };
    format!("{month} {}", d.day)
}

/// The update time: with its own offset, else in the agency's zone; then in the site's.
/// A line that gives only a day gives that day alone.
fn local_time(day: NaiveDate, u: &LooseDateTime, clock: Clock) -> Result<Stamp, String> {
    if u.time.is_none() && u.offset.is_none() {
        return Stamp::day(day, clock.site)
            .ok_or_else(|| format!("midnight of {day} does not exist in {}", clock.site));
    }
    let naive = day.and_time(u.time.unwrap_or(chrono::NaiveTime::MIN));
    let at = match u.offset {
        Some(offset) => offset.from_local_datetime(&naive).single(),
        None => dates::localize(naive, clock.copy),
    };
    at.map(|d| Stamp::at(dates::in_zone(&d, clock.site)))
        .ok_or_else(|| format!("the update time {naive} does not exist in {}", clock.copy))
}

/// Is this paragraph a subheading? Short, no closing punctuation, starts like a title.
fn is_subheading(paragraph: &str) -> bool {
    let count = paragraph.chars().count();
    count < SUBHEADING_MAX
        && paragraph.chars().any(char::is_alphabetic)
        && !paragraph.ends_with(CLOSING)
        && !paragraph.chars().next().is_some_and(char::is_lowercase)
}

fn render_body(paragraphs: &[String]) -> String {
    let mut blocks = Vec::with_capacity(paragraphs.len());
    let mut previous_heading = true; // the lead is never a subheading
    for (i, paragraph) in paragraphs.iter().enumerate() {
        let last = i + 1 == paragraphs.len();
        if !previous_heading && !last && is_subheading(paragraph) {
            blocks.push(format!("## {}", escape_text(paragraph).replace('#', "\\#")));
            previous_heading = true;
        } else {
            blocks.push(escape_line_start(&escape_text(paragraph)));
            previous_heading = false;
        }
    }
    blocks.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_example_copy() {
        let copy = "All news\nUpdated at:\n\nHarbour reopens\n\nThe pier was shut since January\n\n\
                    ARKHANGELSK, March 14. /NORDWIRE/. the harbour reopened today.\n\n\
                    New posts\n\nCrews worked in shifts.\n";
        let a = parse(copy, Some(2025), chrono_tz::Europe::Moscow);
        let a = a.as_ref();
        assert_eq!(a.map(|a| a.title.as_str()), Ok("Harbour reopens"));
        assert_eq!(
            a.ok().and_then(|a| a.summary.as_deref()),
            Some("The pier was shut since January")
        );
        assert_eq!(
            a.ok().and_then(|a| a.dateline.as_deref()),
            Some("Arkhangelsk")
        );
        assert_eq!(
            a.map(|a| a.body.as_str()),
            Ok("The harbour reopened today.\n\n## New posts\n\nCrews worked in shifts.")
        );
        assert_eq!(
            a.map(|a| (dates::format(&a.date), a.time_given)),
            Ok(("2025-03-14T00:00:00+03:00".to_string(), false))
        );
        assert_eq!(a.ok().and_then(|a| a.agency.as_deref()), Some("NORDWIRE"));
    }

    #[test]
    fn spaces_become_one() {
        assert_eq!(
            clean_line("  Taliban,\u{a0} Lavrov\u{2009}said\t\tso  "),
            "Taliban, Lavrov said so"
        );
    }

    #[test]
    fn refuses_to_guess_the_year() {
        let copy = "Headline\n\nLONDON, March 14 (Nordwire) - Text.\n";
        let e = parse(copy, None, chrono_tz::UTC);
        assert!(e.is_err_and(|e| e.contains("--year")));
    }
}
