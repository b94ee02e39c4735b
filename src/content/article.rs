//! The article: everything the index and the listings need, without the body.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, FixedOffset};

use super::frontmatter::Source;
use crate::config::{Edition, Site};

/// One story's metadata. The body stays on disk and is read again when its page renders.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// The source file (stories with equal dates are ordered by it).
    pub path: PathBuf,
    /// Hash of the whole file: any change to the story changes it.
    pub file_hash: [u8; 32],
    /// Byte offset of the Markdown body in the file (after front matter and any BOM).
    pub body_offset: usize,
    pub title: String,
    pub slug: String,
    /// Section, tags, authors and dateline are shared ([`super::names`]).
    pub section: Arc<str>,
    pub date: DateTime<FixedOffset>,
    /// Whether `date` gives a time of day: a day alone (`2021-09-25`, or the file name's
    /// date) orders as midnight in the site's zone, and pages show only the day.
    pub time_given: bool,
    pub tags: Vec<Arc<str>>,
    pub authors: Vec<Arc<str>>,
    pub dateline: Option<Arc<str>>,
    pub summary: String,
    /// Whether the front matter wrote `summary` (else it is the body's first paragraph,
    /// which an article page need not show twice).
    pub summary_given: bool,
    pub draft: bool,
    /// What many stories do not have, or `None` when a story has none of it: inline, a
    /// million stories would carry 170 MB of empty fields. Read it through
    /// [`Article::details`].
    pub more: Option<Box<Details>>,
    /// 1-based line of the `slug` key (or 1), for collision reports.
    pub slug_line: usize,
}

/// The optional parts of a story.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Details {
    pub updated: Option<DateTime<FixedOffset>>,
    /// Whether `updated` gives a time of day.
    pub updated_time_given: bool,
    /// The news agency credited with the byline (`TASS`).
    pub agency: Option<String>,
    /// The story's language (a BCP 47 tag) when it is not the site's.
    pub language: Option<String>,
    /// Stories with one key are translations of each other.
    pub translation_key: Option<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    /// The lead photo's caption and credit (`Photo: Jane Doe / Agency`).
    pub image_caption: Option<String>,
    pub image_credit: Option<String>,
    pub corrections: Vec<Correction>,
    pub aliases: Vec<String>,
    #[serde(with = "json_text")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub source: Option<Source>,
    pub source_url: Option<String>,
}

impl Details {
    /// `None` when there is nothing in it.
    pub fn boxed(self) -> Option<Box<Details>> {
        let empty = self.updated.is_none()
            && self.agency.is_none()
            && self.language.is_none()
            && self.translation_key.is_none()
            && self.image.is_none()
            && self.image_alt.is_none()
            && self.image_caption.is_none()
            && self.image_credit.is_none()
            && self.corrections.is_empty()
            && self.aliases.is_empty()
            && self.extra.is_empty()
            && self.source.is_none()
            && self.source_url.is_none();
        (!empty).then(|| Box::new(self))
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    pub date: DateTime<FixedOffset>,
    /// Whether `date` gives a time of day.
    pub time_given: bool,
    pub note: String,
}

impl Article {
    /// The story's optional parts (all empty when it has none).
    pub fn details(&self) -> &Details {
        static NONE: LazyLock<Details> = LazyLock::new(Details::default);
        self.more.as_deref().unwrap_or(&NONE)
    }

    /// Its language: its own, else the home edition's.
    pub fn language_in<'a>(&'a self, site: &'a Site) -> &'a str {
        self.language_or(&site.home.language)
    }

    /// The edition that publishes it: the one in its language; `None`, the home edition
    /// (also for a story in a language that has no edition of its own).
    pub fn edition<'a>(&self, site: &'a Site) -> Option<&'a Edition> {
        site.edition_in(self.language_in(site))
    }

    /// The folder of the edition that publishes it below the home root (`ru/`; empty for
    /// the home edition).
    pub fn edition_prefix<'a>(&self, site: &'a Site) -> &'a str {
        self.edition(site).map_or("", |e| e.prefix.as_str())
    }

    /// Whether the edition `site` publishes it.
    pub fn published_by(&self, site: &Site) -> bool {
        self.edition_prefix(site) == site.prefix
    }

    /// The story's language: its own, else `site_language` (the site's).
    pub fn language_or<'a>(&'a self, site_language: &'a str) -> &'a str {
        self.details().language.as_deref().unwrap_or(site_language)
    }

    /// When the story last changed: the newest of its date, `updated` and corrections.
    pub fn modified(&self) -> DateTime<FixedOffset> {
        self.modified_stamp().0
    }

    /// [`Article::modified`] with whether that date gives a time of day (of equal
    /// instants, the one that does wins).
    pub fn modified_stamp(&self) -> (DateTime<FixedOffset>, bool) {
        let d = self.details();
        d.corrections
            .iter()
            .map(|c| (c.date, c.time_given))
            .chain(d.updated.map(|u| (u, d.updated_time_given)))
            .fold((self.date, self.time_given), |a, b| a.max(b))
    }

    /// The story's file read again now, for its Markdown body: the index keeps only the
    /// metadata. The error names the file.
    pub fn read_text(&self) -> Result<StoryText, String> {
        let bytes =
            std::fs::read(&self.path).map_err(|e| format!("{}: {e}", self.path.display()))?;
        // Checked as UTF-8 when loaded; only a file changed since then needs the lossy copy.
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let body_start = self.body_offset.min(text.len());
        Ok(StoryText { text, body_start })
    }
}

/// A story's file as [`Article::read_text`] reads it: the whole text (byte-order mark
/// included) and where the Markdown body starts in it.
pub struct StoryText {
    pub text: String,
    pub body_start: usize,
}

impl StoryText {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or_default()
    }
}

/// The free `extra` table is stored as JSON text, so that compact binary formats (which
/// cannot describe arbitrary JSON) can hold an article.
mod json_text {
    use serde::{Deserialize, Deserializer, Serializer};

    type Map = serde_json::Map<String, serde_json::Value>;

    pub fn serialize<S: Serializer>(map: &Map, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&serde_json::to_string(map).map_err(serde::ser::Error::custom)?)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Map, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}
