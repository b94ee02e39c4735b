//! The article: everything the index and the listings need, without the body.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use super::frontmatter::Source;

/// One story's metadata. The body stays on disk and is read again when its page renders.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// The source file.
    pub path: PathBuf,
    /// Path relative to `content/`, with `/` separators (the tie-breaker for ordering).
    pub rel_path: String,
    /// Hash of the whole file: any change to the story changes it.
    pub file_hash: [u8; 32],
    /// Byte offset of the Markdown body in the file (after front matter and any BOM).
    pub body_offset: usize,
    pub title: String,
    pub slug: String,
    /// Section, tags, authors and dateline are shared ([`super::names`]).
    pub section: Arc<str>,
    pub date: DateTime<FixedOffset>,
    pub updated: Option<DateTime<FixedOffset>>,
    pub tags: Vec<Arc<str>>,
    pub authors: Vec<Arc<str>>,
    pub dateline: Option<Arc<str>>,
    pub summary: String,
    pub draft: bool,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub corrections: Vec<Correction>,
    pub aliases: Vec<String>,
    #[serde(with = "json_text")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Boxed: most stories have none, and a million inline copies would cost 90 MB.
    pub source: Option<Box<Source>>,
    pub source_url: Option<String>,
    /// 1-based line of the `slug` key (or 1), for collision reports.
    pub slug_line: usize,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    pub date: DateTime<FixedOffset>,
    pub note: String,
}

impl Article {
    /// When the story last changed: the newest of its date, `updated` and corrections.
    pub fn modified(&self) -> DateTime<FixedOffset> {
        self.corrections
            .iter()
            .map(|c| c.date)
            .chain(self.updated)
            .fold(self.date, |a, b| a.max(b))
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
