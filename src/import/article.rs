//! The article every importer produces, written as a story file through
//! [`crate::content::StoryFile`].

use super::dates::{self, Stamp};
use crate::content::{Source, StoryFile, unless_empty};
use chrono::{DateTime, FixedOffset};

/// One article ready to be placed under `content/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub title: String,
    /// Publication date, in the site's time zone.
    pub date: DateTime<FixedOffset>,
    /// Whether the source gave the time of `date`, or only its day.
    pub time_given: bool,
    /// Last update, only when later than `date`.
    pub updated: Option<DateTime<FixedOffset>>,
    /// Whether the source gave the time of `updated`.
    pub updated_time_given: bool,
    /// An explicit slug from the source; otherwise the slug is made from the title.
    pub slug: Option<String>,
    /// The section the source implies (another generator's folder); otherwise `--section`.
    pub section: Option<String>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    /// The place of the dateline, title-cased.
    pub dateline: Option<String>,
    /// The news agency the copy is from, credited with the byline.
    pub agency: Option<String>,
    /// The story's language when the import says it (`--language`).
    pub language: Option<String>,
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
    pub fn new(title: String, date: Stamp) -> Self {
        Article {
            title,
            date: date.at,
            time_given: date.time_given,
            updated: None,
            updated_time_given: true,
            slug: None,
            section: None,
            tags: Vec::new(),
            authors: Vec::new(),
            dateline: None,
            agency: None,
            language: None,
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
    pub fn set_updated(&mut self, updated: Option<Stamp>) {
        let updated = updated.filter(|u| u.at > self.date);
        self.updated = updated.map(|u| u.at);
        self.updated_time_given = updated.is_none_or(|u| u.time_given);
    }

    /// The complete file: front matter and body. The same article always gives the same
    /// bytes. A date outside the years 1000–9999 is refused.
    pub fn render(&self) -> Result<String, String> {
        dates::check_year(&self.date, "the date")?;
        if let Some(updated) = &self.updated {
            dates::check_year(updated, "the update date")?;
        }
        let stamp = |at: DateTime<FixedOffset>, time_given| Stamp { at, time_given }.written();
        StoryFile {
            title: &self.title,
            date: stamp(self.date, self.time_given),
            updated: self.updated.map(|u| stamp(u, self.updated_time_given)),
            slug: self.slug.as_deref(),
            section: None,
            tags: unless_empty(&self.tags),
            authors: unless_empty(&self.authors),
            dateline: self.dateline.as_deref(),
            agency: self.agency.as_deref(),
            language: self.language.as_deref(),
            summary: self.summary.as_deref(),
            draft: self.draft.then_some(true),
            image: self.image.as_deref(),
            image_alt: self.image_alt.as_deref(),
            aliases: unless_empty(&self.aliases),
            source_url: self.source_url.as_deref(),
            source: Some(&self.source),
            extra: self.extra.as_ref().filter(|t| !t.is_empty()),
        }
        .with_body(&self.body)
    }
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
