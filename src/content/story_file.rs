//! The one writer of story files: TOML front matter between `+++` lines, a blank line, then
//! the Markdown body. `gazette new` and `gazette import` both write through it, so every
//! file Gazette makes is read back by [`super::frontmatter`] the same way.

use std::borrow::Cow;

use serde::Serialize;

use super::frontmatter::Source;
use crate::core::{first_forbidden, strip_forbidden, strip_forbidden_str};

/// The front matter of a story file as written; field order is the order in the file, the
/// order in which an editor fills a new story in (headline, date, section, dateline,
/// bylines, tags, standfirst).
/// A `None` field is left out; an empty list given as `Some` is written (`tags = []`) as a
/// place for an editor to fill in.
#[derive(Serialize, Default)]
pub struct StoryFile<'a> {
    pub title: &'a str,
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authors: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_alt: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<&'a toml::Table>,
}

/// A list as [`StoryFile`] takes it when only a non-empty one is worth writing.
pub fn unless_empty(list: &[String]) -> Option<&[String]> {
    (!list.is_empty()).then_some(list)
}

impl StoryFile<'_> {
    /// The complete file with `body` (trimmed of blank lines around it). The same front
    /// matter and body always give the same bytes. Characters no page or feed may carry
    /// ([`crate::core::is_forbidden`]: wire copy is full of them) are left out, so that
    /// what Gazette writes it can also build.
    pub fn with_body(&self, body: &str) -> Result<String, String> {
        let clean = Cleaned::of(self);
        let toml = toml::to_string(&clean.file(self))
            .map_err(|e| format!("cannot write the front matter: {e}"))?;
        let body = strip_forbidden_str(body);
        let body = body.trim_matches('\n').trim_end();
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

/// The text fields of a [`StoryFile`] without forbidden characters (copied only where
/// there are any).
struct Cleaned<'a> {
    title: Cow<'a, str>,
    slug: Option<Cow<'a, str>>,
    section: Option<Cow<'a, str>>,
    tags: Option<Cow<'a, [String]>>,
    authors: Option<Cow<'a, [String]>>,
    dateline: Option<Cow<'a, str>>,
    agency: Option<Cow<'a, str>>,
    language: Option<Cow<'a, str>>,
    summary: Option<Cow<'a, str>>,
    image: Option<Cow<'a, str>>,
    image_alt: Option<Cow<'a, str>>,
    aliases: Option<Cow<'a, [String]>>,
    source_url: Option<Cow<'a, str>>,
    source: Option<Cow<'a, Source>>,
    extra: Option<toml::Table>,
}

impl<'a> Cleaned<'a> {
    fn of(file: &StoryFile<'a>) -> Cleaned<'a> {
        let text = |s: Option<&'a str>| s.map(strip_forbidden_str);
        Cleaned {
            title: strip_forbidden_str(file.title),
            slug: text(file.slug),
            section: text(file.section),
            tags: file.tags.map(clean_list),
            authors: file.authors.map(clean_list),
            dateline: text(file.dateline),
            agency: text(file.agency),
            language: text(file.language),
            summary: text(file.summary),
            image: text(file.image),
            image_alt: text(file.image_alt),
            aliases: file.aliases.map(clean_list),
            source_url: text(file.source_url),
            source: file.source.map(clean_source),
            extra: file.extra.map(clean_table),
        }
    }

    /// `file` with these texts in place of its own.
    fn file(&self, file: &StoryFile) -> StoryFile<'_> {
        StoryFile {
            title: &self.title,
            date: file.date.clone(),
            updated: file.updated.clone(),
            slug: self.slug.as_deref(),
            section: self.section.as_deref(),
            dateline: self.dateline.as_deref(),
            authors: self.authors.as_deref(),
            tags: self.tags.as_deref(),
            agency: self.agency.as_deref(),
            language: self.language.as_deref(),
            summary: self.summary.as_deref(),
            draft: file.draft,
            image: self.image.as_deref(),
            image_alt: self.image_alt.as_deref(),
            aliases: self.aliases.as_deref(),
            source_url: self.source_url.as_deref(),
            source: self.source.as_deref(),
            extra: self.extra.as_ref(),
        }
    }
}

/// A list without forbidden characters.
fn clean_list(list: &[String]) -> Cow<'_, [String]> {
    if list.iter().all(|s| first_forbidden(s).is_none()) {
        return Cow::Borrowed(list);
    }
    Cow::Owned(list.iter().map(|s| strip_forbidden(s.clone())).collect())
}

/// A source without forbidden characters.
fn clean_source(source: &Source) -> Cow<'_, Source> {
    let fields = [&source.agency, &source.file, &source.id, &source.hash];
    if fields
        .iter()
        .all(|f| f.as_deref().is_none_or(|s| first_forbidden(s).is_none()))
    {
        return Cow::Borrowed(source);
    }
    let clean = |f: &Option<String>| f.clone().map(strip_forbidden);
    Cow::Owned(Source {
        agency: clean(&source.agency),
        file: clean(&source.file),
        id: clean(&source.id),
        hash: clean(&source.hash),
    })
}

/// A table without forbidden characters, in its keys and every string inside it.
fn clean_table(table: &toml::Table) -> toml::Table {
    table
        .iter()
        .map(|(k, v)| (strip_forbidden(k.clone()), clean_value(v)))
        .collect()
}

fn clean_value(value: &toml::Value) -> toml::Value {
    match value {
        toml::Value::String(s) => toml::Value::String(strip_forbidden(s.clone())),
        toml::Value::Array(items) => toml::Value::Array(items.iter().map(clean_value).collect()),
        toml::Value::Table(t) => toml::Value::Table(clean_table(t)),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_files_read_back() {
        let tags = vec!["Port".to_string()];
        let file = StoryFile {
            title: "Ferry \"Nord\" returns",
            date: "2024-03-14T09:30:00+03:00".into(),
            tags: Some(&tags),
            authors: Some(&[]),
            ..StoryFile::default()
        };
        let text = file
            .with_body("\n\nThe ferry is back.\n\n")
            .unwrap_or_default();
        assert!(text.starts_with("+++\ntitle = "), "{text}");
        assert!(text.contains("authors = []"), "{text}");
        assert!(text.ends_with("+++\n\nThe ferry is back.\n"), "{text}");
        let split = super::super::frontmatter::split(std::path::Path::new("x.md"), &text);
        let split = split.map_err(|d| d.to_string());
        let front = split.and_then(|s| {
            super::super::frontmatter::parse(std::path::Path::new("x.md"), &s)
                .map_err(|f| format!("{:?}", f.errors))
        });
        assert_eq!(
            front.as_ref().map(|f| f.title.as_str()),
            Ok("Ferry \"Nord\" returns")
        );
        assert_eq!(front.map(|f| f.tags), Ok(tags));
    }

    #[test]
    fn forbidden_characters_are_left_out() {
        let tags = vec!["Wire\u{1e}".to_string()];
        let mut extra = toml::Table::new();
        extra.insert("k\u{1}".into(), toml::Value::String("v\u{85}".into()));
        let source = Source {
            id: Some("id\u{7f}".into()),
            ..Source::default()
        };
        let file = StoryFile {
            title: "Vote\u{1b}[31m",
            tags: Some(&tags),
            source: Some(&source),
            extra: Some(&extra),
            ..StoryFile::default()
        };
        let text = file.with_body("Body\u{0}.\u{fffe}").unwrap_or_default();
        assert!(crate::core::first_forbidden(&text).is_none(), "{text:?}");
        assert!(!text.contains("\\u"), "{text}");
        for part in [
            "\"Vote[31m\"",
            "\"Wire\"",
            "id = \"id\"",
            "k = \"v\"",
            "Body.",
        ] {
            assert!(text.contains(part), "{part} in {text}");
        }
    }
}
