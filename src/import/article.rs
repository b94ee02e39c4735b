//! The article every importer produces, and how it is written as a Gazette Markdown file
//! (TOML front matter between `+++` lines, a blank line, then the body).

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::dates;

/// Where an imported article came from; written as the `source` table of its front matter.
///
/// Re-imports find their earlier article through `file` (wire copy, other generators)
/// or `id` (feed items), and compare `hash` to tell an unchanged source from a changed one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Source {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

/// One article ready to be placed under `content/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub title: String,
    /// Publication date, in the site's time zone.
    pub date: DateTime<FixedOffset>,
    /// Last update, only when later than `date`.
    pub updated: Option<DateTime<FixedOffset>>,
    /// An explicit slug from the source; otherwise the slug is made from the title.
    pub slug: Option<String>,
    /// The section the source implies (another generator's folder); otherwise `--section`.
    pub section: Option<String>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    /// The place of the dateline, title-cased.
    pub dateline: Option<String>,
    pub summary: Option<String>,
    pub draft: bool,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub aliases: Vec<String>,
    pub extra: Option<toml::Table>,
    pub source: Source,
    pub source_url: Option<String>,
    /// The Markdown body (raw HTML allowed).
    pub body: String,
    /// What the source had that Gazette could not take over; reported as "unmapped".
    pub notes: Vec<String>,
}

impl Article {
    /// An article with only the required parts filled in.
    pub fn new(title: String, date: DateTime<FixedOffset>) -> Self {
        Article {
            title,
            date,
            updated: None,
            slug: None,
            section: None,
            tags: Vec::new(),
            authors: Vec::new(),
            dateline: None,
            summary: None,
            draft: false,
            image: None,
            image_alt: None,
            aliases: Vec::new(),
            extra: None,
            source: Source::default(),
            source_url: None,
            body: String::new(),
            notes: Vec::new(),
        }
    }

    /// Sets `updated`, keeping it only when it is later than the publication date.
    pub fn set_updated(&mut self, updated: Option<DateTime<FixedOffset>>) {
        self.updated = updated.filter(|u| *u > self.date);
    }

    /// The complete file: front matter and body. The same article always gives the same bytes.
    pub fn render(&self) -> Result<String, String> {
        let front = FrontMatter {
            title: &self.title,
            date: dates::format(&self.date),
            updated: self.updated.as_ref().map(dates::format),
            slug: self.slug.as_deref(),
            tags: &self.tags,
            authors: &self.authors,
            dateline: self.dateline.as_deref(),
            summary: self.summary.as_deref(),
            draft: self.draft.then_some(true),
            image: self.image.as_deref(),
            image_alt: self.image_alt.as_deref(),
            aliases: &self.aliases,
            source_url: self.source_url.as_deref(),
            source: &self.source,
            extra: self.extra.as_ref().filter(|t| !t.is_empty()),
        };
        let toml =
            toml::to_string(&front).map_err(|e| format!("cannot write the front matter: {e}"))?;
        let body = self.body.trim_matches('\n').trim_end();
        let mut out = format!("+++\n{toml}");
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("+++\n");
        if !body.is_empty() {
            out.push('\n');
            out.push_str(body);
            out.push('\n');
        }
        Ok(out)
    }
}

/// The front matter as written; field order is the order in the file.
#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    authors: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    dateline: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    draft: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_alt: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    source_url: Option<&'a str>,
    source: &'a Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    extra: Option<&'a toml::Table>,
}

/// Splits a Gazette file into its TOML front matter and body, if it has `+++` front matter.
pub fn split_toml_front_matter(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((front, body));
        }
        offset += line.len();
    }
    None
}
