//! The one writer of story files: TOML front matter between `+++` lines, a blank line, then
//! the Markdown body. `gazette new` and `gazette import` both write through it, so every
//! file Gazette makes is read back by [`super::frontmatter`] the same way.

use serde::Serialize;

use super::frontmatter::Source;

/// The front matter of a story file as written; field order is the order in the file.
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
    pub tags: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authors: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<&'a str>,
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
    /// matter and body always give the same bytes.
    pub fn with_body(&self, body: &str) -> Result<String, String> {
        let toml =
            toml::to_string(self).map_err(|e| format!("cannot write the front matter: {e}"))?;
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
        let front =
            split.and_then(|s| super::super::frontmatter::parse(std::path::Path::new("x.md"), &s));
        let front = front.map_err(|d| d.to_string());
        assert_eq!(
            front.as_ref().map(|f| f.title.as_str()),
            Ok("Ferry \"Nord\" returns")
        );
        assert_eq!(front.map(|f| f.tags), Ok(tags));
    }
}
