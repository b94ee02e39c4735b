//! Front matter: split a file into its TOML (`+++`) or YAML (`---`) header and Markdown body,
//! and deserialize the header into [`FrontMatter`].

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::faults::Faults;
use crate::core::{DateValue, Diagnostic, unknown_field_hint};

/// Every field an article's front matter may have.
pub const FIELDS: &[&str] = &[
    "title",
    "date",
    "updated",
    "slug",
    "section",
    "tags",
    "authors",
    "dateline",
    "agency",
    "language",
    "translation_key",
    "summary",
    "draft",
    "image",
    "image_alt",
    "image_caption",
    "image_credit",
    "corrections",
    "aliases",
    "extra",
    "source",
    "source_url",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub date: Option<DateValue>,
    pub updated: Option<DateValue>,
    pub slug: Option<String>,
    pub section: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub authors: Vec<String>,
    pub dateline: Option<String>,
    /// The news agency whose copy the story is (`TASS`), credited with the byline.
    pub agency: Option<String>,
    /// The story's language when it is not the site's (`ru`, `pt-BR`).
    pub language: Option<String>,
    /// Stories with one key are translations of each other (Hugo's `translationKey`).
    #[serde(alias = "translationKey")]
    pub translation_key: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub draft: bool,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub image_caption: Option<String>,
    pub image_credit: Option<String>,
    #[serde(default)]
    pub corrections: Vec<CorrectionValue>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub source: Option<Source>,
    pub source_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionValue {
    pub date: DateValue,
    pub note: String,
}

/// Where an imported article came from (written by `gazette import`).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
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

/// A string or a list of strings.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    match OneOrMany::deserialize(d) {
        Ok(OneOrMany::One(s)) => Ok(vec![s]),
        Ok(OneOrMany::Many(v)) => Ok(v),
        Err(_) => Err(serde::de::Error::custom(
            "expected a string or a list of strings",
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// A file split into its parts.
pub struct Split<'a> {
    pub format: Format,
    pub header: &'a str,
    /// 1-based line of the file where the header starts.
    pub header_line: usize,
    /// Byte offset of the body in the text.
    pub body_offset: usize,
}

/// The text of a file that is front matter first (a section's file, a standalone page),
/// without its byte-order mark; the problem when it is not UTF-8.
pub fn header_text<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Diagnostic::new(path, 1, 1, "the file is not valid UTF-8")
            .with_hint("save the file as UTF-8 in your editor")
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Split `text` (already without a byte-order mark) into front matter and body.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let first_end = text.find('\n').unwrap_or(text.len());
    let first = text[..first_end].trim_end();
    let (format, fence) = match first {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ => {
            return Err(Diagnostic::new(path, 1, 1, "missing front matter").with_hint(
                "start the file with a `+++` line, then at least `title = \"...\"`, then another `+++` line",
            ));
        }
    };
    let header_start = (first_end + 1).min(text.len());
    let mut pos = header_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == fence {
            return Ok(Split {
                format,
                header: &text[header_start..pos],
                header_line: 2,
                body_offset: (end + 1).min(text.len()),
            });
        }
        pos = end + 1;
    }
    Err(Diagnostic::new(
        path,
        1,
        1,
        format!("front matter opened with `{fence}` is never closed"),
    )
    .with_hint(format!(
        "add a line holding only `{fence}` after the last front matter field"
    )))
}

/// Deserialize a header in its format. When it fails: every fault found in it, each at its
/// position inside the file, and the fields that were good (see [`super::faults`]).
pub fn parse(path: &Path, split: &Split) -> Result<FrontMatter, Faults> {
    let first = match first_fault(path, split) {
        Ok(front) => return Ok(front),
        Err(d) => d,
    };
    let (header, line) = (split.header, split.header_line);
    let faults = match split.format {
        Format::Toml => super::faults::toml_faults(path, header, line),
        Format::Yaml => super::faults::yaml_faults(path, header, line),
    };
    Err(match faults {
        // Serde's own message is the more exact (it points at the value) when it is the
        // only fault.
        Some(mut f) if f.errors.len() > 1 => {
            f.errors.sort_by_key(|d| (d.line, d.column));
            f
        }
        Some(f) => Faults {
            front: f.front,
            errors: vec![first],
        },
        None => Faults {
            front: None,
            errors: vec![first],
        },
    })
}

/// The header deserialized, or its first fault.
fn first_fault(path: &Path, split: &Split) -> Result<FrontMatter, Diagnostic> {
    if split.format == Format::Yaml && split.header.trim().is_empty() {
        return Err(Diagnostic::new(path, 1, 1, "missing field `title`")
            .with_hint("add `title: ...` to the front matter"));
    }
    deserialize(path, split).map_err(|mut d| {
        d.hint = hint_for(&d.message);
        d
    })
}

/// A header deserialized as `T` in its format, or serde's fault at its place in the file.
pub fn deserialize<T: DeserializeOwned>(path: &Path, split: &Split) -> Result<T, Diagnostic> {
    match split.format {
        Format::Toml => toml::from_str(split.header).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            Diagnostic::at_offset(
                path,
                split.header,
                offset,
                split.header_line,
                e.message().trim(),
            )
        }),
        Format::Yaml => serde_yaml_ng::from_str(split.header).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            Diagnostic::new(path, line + split.header_line - 1, column, yaml_message(&e))
        }),
    }
}

/// A YAML error's message without the position it appends (the diagnostic has it).
pub fn yaml_message(e: &serde_yaml_ng::Error) -> String {
    let message = e.to_string();
    match message.split_once(" at line ") {
        Some((head, _)) => head.to_string(),
        None => message,
    }
}

fn hint_for(message: &str) -> Option<String> {
    if message.contains("missing field `title`") {
        return Some("every article needs a headline: add `title = \"...\"`".into());
    }
    unknown_field_hint(message, FIELDS)
}
