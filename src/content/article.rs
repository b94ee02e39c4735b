//! The article: everything the index and the listings need, without the body.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, FixedOffset};

use super::frontmatter::Source;
use crate::config::{Edition, Site};
use crate::core::{Fp, Hash, date_bytes};

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
    #[serde(with = "compact_date")]
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
    /// Hash of what a listing entry shows of the story ([`Article::entry_fields_hash`]):
    /// made once, when the file is parsed, and cached with the story.
    pub entry_fields: Hash,
}

/// The optional parts of a story.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Details {
    #[serde(with = "compact_date::option")]
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
    #[serde(with = "compact_date")]
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

    /// Hash of everything a listing entry shows of the story but its URL and its photo's
    /// processed sizes (which `plan::entry_hash` adds). Keep it in step with the renderer's
    /// entries (`render::entry`).
    pub fn entry_fields_hash(&self) -> Hash {
        fn text(t: Option<&str>) -> &[u8] {
            t.unwrap_or("\0").as_bytes()
        }
        let d = self.details();
        let mut fp = Fp::with_capacity(256 + self.summary.len());
        fp.add(self.title.as_bytes());
        let (modified, modified_time_given) = self.modified_stamp();
        fp.add(&date_bytes(Some(&self.date)));
        fp.add(&date_bytes(d.updated.as_ref()));
        fp.add(&date_bytes(Some(&modified)));
        fp.add(&[
            u8::from(self.time_given),
            u8::from(d.updated_time_given),
            u8::from(modified_time_given),
        ]);
        fp.add(text(d.agency.as_deref()));
        fp.add(text(d.language.as_deref()));
        fp.add(self.section.as_bytes());
        for list in [&self.tags, &self.authors] {
            fp.num(list.len());
            for name in list {
                fp.add(name.as_bytes());
            }
        }
        fp.add(text(self.dateline.as_deref()));
        fp.add(self.summary.as_bytes());
        fp.add(text(d.image.as_deref()));
        fp.add(text(d.image_alt.as_deref()));
        fp.add(text(d.image_caption.as_deref()));
        fp.add(text(d.image_credit.as_deref()));
        fp.done()
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

/// Dates are stored as seconds, nanoseconds and offset, not as RFC 3339 text: parsing the
/// text back was a tenth of reading the article cache.
mod compact_date {
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    type Parts = (i64, u32, i32);

    fn parts(d: &DateTime<FixedOffset>) -> Parts {
        let offset = d.offset().local_minus_utc();
        (d.timestamp(), d.timestamp_subsec_nanos(), offset)
    }

    fn date<E: serde::de::Error>((secs, nanos, offset): Parts) -> Result<DateTime<FixedOffset>, E> {
        let zone = FixedOffset::east_opt(offset).ok_or_else(|| E::custom("not an offset"))?;
        let at = DateTime::from_timestamp(secs, nanos).ok_or_else(|| E::custom("not a date"))?;
        Ok(at.with_timezone(&zone))
    }

    pub fn serialize<S: Serializer>(d: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        parts(d).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        date(Parts::deserialize(d)?)
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(
            d: &Option<DateTime<FixedOffset>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            d.as_ref().map(parts).serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
            Option::<Parts>::deserialize(d)?.map(date).transpose()
        }
    }
}

#[cfg(test)]
impl Article {
    /// A story of `section` with `slug`, dated `date` (RFC 3339), with nothing else, for
    /// other modules' tests to fill in.
    pub fn sample(section: &str, slug: &str, date: &str) -> Article {
        Article {
            path: "content/x.md".into(),
            file_hash: [0; 32],
            body_offset: 0,
            title: "T".into(),
            slug: slug.into(),
            section: section.into(),
            date: DateTime::parse_from_rfc3339(date).unwrap_or_default(),
            time_given: true,
            tags: Vec::new(),
            authors: Vec::new(),
            dateline: None,
            summary: String::new(),
            summary_given: false,
            draft: false,
            more: None,
            slug_line: 1,
            entry_fields: [0; 32],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_back_from_the_cache_as_they_went_in() {
        for text in [
            "2021-09-05T23:30:00.123456789-02:00",
            "1899-12-31T00:00:00+14:00",
        ] {
            let date = DateTime::parse_from_rfc3339(text).unwrap();
            let correction = Correction {
                date,
                time_given: true,
                note: "n".into(),
            };
            let bytes = postcard::to_stdvec(&correction).unwrap();
            let back: Correction = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(back.date, date);
            assert_eq!(back.date.offset(), date.offset());
        }
        // What no date is (an offset of a day and more) does not come back as one.
        let bytes = postcard::to_stdvec(&((0i64, 0u32, 90_000i32), true, "n")).unwrap();
        assert!(postcard::from_bytes::<Correction>(&bytes).is_err());
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
