//! One search record per published story, made from the build's own article data: the
//! headline and other fields a result shows (meta), the text it is found by (content), and
//! the values it is filtered and sorted by.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset, Utc};

use super::text::{plain_text, words};
use crate::archive::Archive;
use crate::config::Site;
use crate::core::first_paragraph;
use crate::plan::Plan;

/// What Pagefind indexes for one story.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Site-relative URL of the story (`/2021/09/25/vote/`, or `/news/…` in a subfolder).
    pub url: String,
    /// Plain text: standfirst (when it is not just the first paragraph) and body.
    pub content: String,
    /// Language code the words are stemmed in: the site's `language`.
    pub language: String,
    /// Shown with a result and searched with a boost: `title`, `date` (see [`date_token`]),
    /// and `dateline` and `tags` when there are any.
    pub meta: BTreeMap<String, String>,
    /// `section` (its title) and `year`.
    pub filters: BTreeMap<String, Vec<String>>,
    /// `date`: UTC `YYYY-MM-DDTHH:MM:SSZ`, which sorts as text.
    pub sort: BTreeMap<String, String>,
}

/// The language records are indexed in. Pagefind builds one index per language and the
/// browser loads the one matching the page's `<html lang>`, so every story goes into the
/// site's language; words in other scripts (Cyrillic in an English archive) are still
/// indexed and found, only not stemmed.
pub fn language(site: &Site) -> String {
    let lang = site.config.language.trim().to_ascii_lowercase();
    if lang.is_empty() {
        "unknown".into()
    } else {
        lang
    }
}

/// The record for article `i`. Reads its body from its file.
pub fn record(
    site: &Site,
    archive: &Archive,
    plan: &Plan,
    i: usize,
    language: &str,
) -> Result<Record, String> {
    let a = &archive.articles[i];
    let story = a.read_text()?;
    let body = story.body();
    let mut content = String::new();
    if !a.summary.is_empty() && a.summary != first_paragraph(body) {
        content.push_str(&words(&a.summary));
        content.push(' ');
    }
    content.push_str(&plain_text(body));

    let section_title = archive
        .sections
        .iter()
        .find(|s| *s.name == *a.section)
        .map_or(&*a.section, |s| s.title.as_str());
    // Every meta value is searchable, so only words worth finding go in as words: the
    // headline, the dateline and the tags. The date is one token that no query matches by
    // accident (`march` or `2021` must not find every story of that month or year); the
    // section comes back with the result's filters.
    let mut meta = BTreeMap::new();
    meta.insert("title".to_string(), a.title.clone());
    meta.insert("date".to_string(), date_token(&a.date));
    if let Some(d) = &a.dateline {
        meta.insert("dateline".to_string(), d.to_string());
    }
    if !a.tags.is_empty() {
        meta.insert("tags".to_string(), a.tags.join(", "));
    }

    let mut filters = BTreeMap::new();
    filters.insert("section".to_string(), vec![section_title.to_string()]);
    filters.insert("year".to_string(), vec![format!("{:04}", a.date.year())]);

    let mut sort = BTreeMap::new();
    sort.insert(
        "date".to_string(),
        a.date
            .with_timezone(&Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
    );

    Ok(Record {
        url: site.url(plan.article_path(i)),
        content,
        language: language.to_string(),
        meta,
        filters,
        sort,
    })
}

/// A date in the site's time zone as one lowercase alphanumeric word that no search term
/// matches by accident: `d20210925t100000p0300` for `2021-09-25T10:00:00+03:00` (`m` for a
/// negative offset). The search page turns it back into `<time>`.
pub fn date_token(d: &DateTime<FixedOffset>) -> String {
    let offset = d.offset().local_minus_utc();
    let sign = if offset < 0 { 'm' } else { 'p' };
    let offset = offset.unsigned_abs() / 60;
    format!(
        "d{}{sign}{:02}{:02}",
        d.format("%Y%m%dt%H%M%S"),
        offset / 60,
        offset % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_tokens_are_one_word() {
        let d = DateTime::parse_from_rfc3339("2021-09-25T10:00:00+03:00").unwrap();
        assert_eq!(date_token(&d), "d20210925t100000p0300");
        let d = DateTime::parse_from_rfc3339("1998-01-02T23:05:09-05:30").unwrap();
        assert_eq!(date_token(&d), "d19980102t230509m0530");
    }
}
