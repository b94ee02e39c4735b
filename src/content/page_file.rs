//! Standalone pages: `content/pages/about.md` and the like (About, Contact, Imprint,
//! Ethics or Corrections policy). A page has a title and a body, no date: it is published
//! at its path (`/about/`), in the sitemap, never in feeds, listings or archives.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;

use super::frontmatter::{deserialize, header_text, split};
use crate::config::Site;
use crate::core::{DateValue, Diagnostic, Hash, PAGES_FOLDER, locate_key, slugify, typographic};

/// A standalone page as its file gives it.
#[derive(Debug, Clone)]
pub struct PageFile {
    pub path: PathBuf,
    /// Site-relative URL path of the page, ending in `/` (`about/`, `legal/imprint/`).
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    /// When the page last changed, for the sitemap.
    pub updated: Option<DateTime<FixedOffset>>,
    pub draft: bool,
    /// The page's Markdown.
    pub body: String,
    /// Hash of the file's bytes and its URL: what the page's HTML depends on.
    pub hash: Hash,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields {
    title: String,
    description: Option<String>,
    updated: Option<DateValue>,
    #[serde(default)]
    draft: bool,
}

/// The page at `path` (under `content`), or what is wrong with it.
pub fn load_page_file(site: &Site, path: &Path, bytes: &[u8]) -> Result<PageFile, Diagnostic> {
    let url = page_url(&site.content_dir(), path)?;
    let text = header_text(path, bytes)?;
    let parts = split(path, text)?;
    let fields: Fields = deserialize(path, &parts).map_err(|d| {
        if d.message.contains("`date`") {
            d.with_hint(format!(
                "a page under content/{PAGES_FOLDER}/ has no date (`updated` says when it \
                 changed); a dated story goes in a section's folder"
            ))
        } else {
            d
        }
    })?;
    let title = typographic(fields.title.trim());
    if title.is_empty() {
        let (line, column) = locate_key(parts.header, "title");
        let line = line + parts.header_line - 1;
        return Err(
            Diagnostic::new(path, line, column, "the page's `title` is empty")
                .with_hint("give the page a title: it is its heading and its link's text"),
        );
    }
    let updated = match fields.updated {
        Some(v) => Some(v.resolve(site.home.tz).ok_or_else(|| {
            let (line, column) = locate_key(parts.header, "updated");
            Diagnostic::new(
                path,
                line + parts.header_line - 1,
                column,
                format!(
                    "`updated` names a local time that does not exist in {}",
                    site.home.tz
                ),
            )
            .with_hint("daylight-saving time skips it; give an offset or another time")
        })?),
        None => None,
    };
    let hash = *blake3::Hasher::new()
        .update(url.as_bytes())
        .update(b"\0")
        .update(bytes)
        .finalize()
        .as_bytes();
    Ok(PageFile {
        path: path.to_path_buf(),
        url,
        title,
        description: fields
            .description
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
        updated,
        draft: fields.draft,
        body: text[parts.body_offset..].to_string(),
        hash,
    })
}

/// The URL path of the page at `path`: its path under `content/pages/`, each part as a
/// slug, without `.md` (`About Us.md` → `about-us/`; `legal/index.md` → `legal/`).
fn page_url(content: &Path, path: &Path) -> Result<String, Diagnostic> {
    let rel = path
        .strip_prefix(content.join(PAGES_FOLDER))
        .unwrap_or(path)
        .with_extension("");
    let mut parts: Vec<String> = Vec::new();
    for part in rel.components() {
        let name = part.as_os_str().to_string_lossy();
        let slug = slugify(&name);
        if slug.is_empty() {
            return Err(Diagnostic::new(
                path,
                0,
                0,
                format!("`{name}` gives the page no URL: it has no letter or digit"),
            )
            .with_hint("rename it with letters or digits (`about.md` is published at /about/)"));
        }
        parts.push(slug);
    }
    if parts.last().is_some_and(|p| p == "index") {
        parts.pop();
    }
    if parts.is_empty() {
        return Err(Diagnostic::new(
            path,
            0,
            0,
            format!("content/{PAGES_FOLDER}/index.md would replace the front page"),
        )
        .with_hint("name the page after what it is (`about.md` is published at /about/)"));
    }
    Ok(format!("{}/", parts.join("/")))
}
