//! A section's own file, `content/<section>/_index.md` as Hugo and Zola name it: the
//! section's `title` and `description` in front matter, for a section that `site.toml`
//! does not describe. It is not a story.

use std::path::Path;

use serde::Deserialize;

use super::frontmatter::{deserialize, header_text, split};
use crate::core::{Diagnostic, SECTION_FILE};

/// What a section file says of its section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionFile {
    /// The section: the folder the file is in.
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields {
    title: Option<String>,
    description: Option<String>,
}

/// The section file at `path` (under `content`), or what is wrong with it.
pub fn load_section_file(
    content: &Path,
    path: &Path,
    bytes: &[u8],
) -> Result<SectionFile, Diagnostic> {
    let name = section_of(content, path).ok_or_else(|| {
        Diagnostic::new(
            path,
            1,
            1,
            format!("a `{SECTION_FILE}` describes the section whose folder it is in"),
        )
        .with_hint(format!(
            "move it to content/<section>/{SECTION_FILE}, directly in the section's folder"
        ))
    })?;
    let text = header_text(path, bytes)?;
    let parts = split(path, text)?;
    let body = &text[parts.body_offset..];
    if !body.trim().is_empty() {
        let first = body.len() - body.trim_start().len();
        let (line, _) = crate::core::line_column(text, parts.body_offset + first);
        return Err(Diagnostic::new(
            path,
            line,
            1,
            "a section file has front matter only: no page shows text after it",
        )
        .with_hint("put the section's words in `description`, or remove the text"));
    }
    let fields: Fields = deserialize(path, &parts)?;
    let clean = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(SectionFile {
        name,
        title: clean(fields.title),
        description: clean(fields.description),
    })
}

/// The section whose folder holds `path` directly (`content/world/_index.md` → `world`).
fn section_of(content: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(content).ok()?;
    let mut parts = rel.components();
    let folder = parts.next()?.as_os_str().to_str()?.to_string();
    let file = parts.next()?;
    (parts.next().is_none() && file.as_os_str() == SECTION_FILE).then_some(folder)
}
