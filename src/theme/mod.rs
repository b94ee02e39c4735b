//! Theme loading: the built-in default theme, overridden by `themes/<name>/` on disk, then
//! by the site's own `templates/` and `static/`. Also hashes each template together with
//! the templates it extends, includes or imports, so routes know when to re-render.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::Tera;

use crate::config::Site;
use crate::core::{Diagnostic, Walked, is_hidden, unreadable, walk_problem};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

use crate::core::Hash;

/// A static file to copy into the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Output path relative to the output directory, `/`-separated.
    pub path: String,
    pub source: AssetSource,
}

#[derive(Debug, Clone)]
pub enum AssetSource {
    Embedded(&'static [u8]),
    File(PathBuf),
}

impl AssetSource {
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            AssetSource::Embedded(b) => Ok(b.to_vec()),
            AssetSource::File(p) => std::fs::read(p),
        }
    }

    /// Changes whenever the file's bytes may have changed.
    pub fn fingerprint(&self) -> Hash {
        match self {
            AssetSource::Embedded(b) => *blake3::hash(b).as_bytes(),
            AssetSource::File(p) => {
                let mut h = blake3::Hasher::new();
                h.update(p.to_string_lossy().as_bytes());
                if let Ok(m) = std::fs::metadata(p) {
                    h.update(&m.len().to_le_bytes());
                    if let Ok(t) = m.modified().and_then(|t| {
                        t.duration_since(std::time::UNIX_EPOCH)
                            .map_err(std::io::Error::other)
                    }) {
                        h.update(&t.as_nanos().to_le_bytes());
                    }
                }
                *h.finalize().as_bytes()
            }
        }
    }
}

/// Where a template's text came from, for error messages.
#[derive(Debug, Clone)]
struct TemplateSource {
    text: String,
    origin: PathBuf,
}

pub struct Theme {
    pub tera: Tera,
    /// Per template: hash of its text and of everything it pulls in.
    pub template_hashes: HashMap<String, Hash>,
    pub assets: Vec<Asset>,
    /// Where each template came from, for error messages.
    pub origins: HashMap<String, PathBuf>,
}

impl Theme {
    pub fn template_hash(&self, name: &str) -> Hash {
        self.template_hashes.get(name).copied().unwrap_or([0; 32])
    }

    pub fn load(site: &Site) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates: BTreeMap<String, TemplateSource> = BTreeMap::new();
        let mut assets: BTreeMap<String, AssetSource> = BTreeMap::new();
        embedded(&DEFAULT_THEME, &mut templates, &mut assets);

        let theme_dir = site.root.join("themes").join(&site.config.theme);
        let mut problems = Vec::new();
        if theme_dir.is_dir() {
            problems.extend(from_disk(
                &theme_dir.join("templates"),
                &mut templates,
                None,
            ));
            problems.extend(from_disk(
                &theme_dir.join("static"),
                &mut BTreeMap::new(),
                Some(&mut assets),
            ));
        } else if site.config.theme != "default" {
            let path = site.root.join("site.toml");
            return Err(vec![Diagnostic::new(
                &path,
                0,
                0,
                format!("theme `{}` not found in {}", site.config.theme, theme_dir.display()),
            )
            .with_hint("put the theme in themes/<name>/ or set `theme = \"default\"` for the built-in theme")]);
        }
        problems.extend(from_disk(
            &site.root.join("templates"),
            &mut templates,
            None,
        ));
        problems.extend(from_disk(
            &site.root.join("static"),
            &mut BTreeMap::new(),
            Some(&mut assets),
        ));
        if !problems.is_empty() {
            return Err(problems);
        }

        let mut tera = Tera::default();
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, s)| (n.clone(), s.text.clone())))
        {
            // Tera names the template that failed in its message: point at that file.
            let text = e.to_string();
            let origin = templates
                .iter()
                .find(|(n, _)| text.contains(&format!("'{n}'")))
                .map(|(_, s)| s.origin.clone())
                .unwrap_or_else(|| site.root.join("templates"));
            return Err(vec![template_error(&origin, &e)]);
        }
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        tera.set_escape_fn(escape);
        // A page must follow from its sources alone, or builds that skip unchanged pages
        // would leave it stale: no clock, environment or dice.
        for name in ["now", "get_env", "get_random"] {
            tera.register_function(name, move |_: &HashMap<String, tera::Value>| {
                Err(tera::Error::msg(format!(
                    "`{name}()` is not available in Gazette themes: a page may show only what \
                     its sources hold (use a story's date, or a value from site.toml's `extra`)"
                )))
            });
        }
        let template_hashes = hash_closures(&templates);
        Ok(Theme {
            tera,
            template_hashes,
            origins: templates
                .iter()
                .map(|(n, s)| (n.clone(), s.origin.clone()))
                .collect(),
            assets: assets
                .into_iter()
                .map(|(path, source)| Asset { path, source })
                .collect(),
        })
    }
}

/// Every file of the built-in default theme, as (path inside the theme, bytes).
pub fn default_theme_files() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    let mut dirs = vec![&DEFAULT_THEME];
    while let Some(d) = dirs.pop() {
        dirs.extend(d.dirs());
        for f in d.files() {
            out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents()));
        }
    }
    out.sort();
    out
}

fn embedded(
    dir: &'static Dir<'static>,
    templates: &mut BTreeMap<String, TemplateSource>,
    assets: &mut BTreeMap<String, AssetSource>,
) {
    let mut files = Vec::new();
    let mut dirs = vec![dir];
    while let Some(d) = dirs.pop() {
        dirs.extend(d.dirs());
        files.extend(d.files());
    }
    for file in files {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            if let Some(text) = file.contents_utf8() {
                templates.insert(
                    name.to_string(),
                    TemplateSource {
                        text: text.to_string(),
                        origin: PathBuf::from(format!("(built-in theme)/templates/{name}")),
                    },
                );
            }
        } else if let Some(name) = path.strip_prefix("static/") {
            assets.insert(name.to_string(), AssetSource::Embedded(file.contents()));
        }
    }
}

/// What a walk of a theme's or the site's templates and static files reads.
const THEME_FILES: Walked = Walked {
    folder: "the theme",
    what: "template or static file",
};

/// Overlay the files under `dir` onto `templates` (or onto `assets` when given). Returns a
/// problem for each path that cannot be read: a template silently left out would be
/// replaced by the built-in one.
fn from_disk(
    dir: &Path,
    templates: &mut BTreeMap<String, TemplateSource>,
    mut assets: Option<&mut BTreeMap<String, AssetSource>>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return problems;
    }
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.extend(walk_problem(dir, &e, THEME_FILES));
                continue;
            }
        };
        if !entry.file_type().is_file() || crate::core::is_editor_junk(entry.path()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = rel.to_string_lossy().replace('\\', "/");
        match assets.as_deref_mut() {
            Some(assets) => {
                assets.insert(name, AssetSource::File(entry.path().to_path_buf()));
            }
            None => match read_template(entry.path()) {
                Ok(text) => {
                    let origin = entry.path().to_path_buf();
                    templates.insert(name, TemplateSource { text, origin });
                }
                Err(problem) => problems.push(problem),
            },
        }
    }
    problems
}

/// A template file's text, or the problem reading it.
fn read_template(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, &e, THEME_FILES))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        let valid = valid.unwrap_or_default();
        Diagnostic::at_offset(
            path,
            valid,
            valid.len(),
            1,
            "the template is not valid UTF-8",
        )
        .with_hint("save the file as UTF-8 in your editor")
    })
}

/// Escape text for HTML and XML element content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The special characters are ASCII, so `i` is always a character boundary.
        out.push_str(&text[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
    out
}

/// A tera error as a diagnostic naming the template file, its line and column when tera
/// gives them, and the whole chain of causes.
pub fn template_error(origin: &Path, e: &tera::Error) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let (line, column) = message
        .split("--> ")
        .nth(1)
        .and_then(|rest| {
            let mut it = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty());
            Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
        })
        .unwrap_or((0, 0));
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    Diagnostic::new(origin, line, column, message)
}

/// The templates a template names in `extends`, `include` and `import` tags.
fn referenced(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for block in text.split("{%").skip(1) {
        let block = block.trim_start_matches('-').trim_start();
        let Some(rest) = ["extends", "include", "import"]
            .iter()
            .find_map(|kw| block.strip_prefix(kw))
        else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(name) = rest[1..].split(quote).next() {
            out.push(name.to_string());
        }
    }
    out
}

fn hash_closures(templates: &BTreeMap<String, TemplateSource>) -> HashMap<String, Hash> {
    let mut out = HashMap::new();
    for name in templates.keys() {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![name.clone()];
        while let Some(n) = stack.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            if let Some(src) = templates.get(&n) {
                stack.extend(referenced(&src.text));
            }
        }
        let mut h = blake3::Hasher::new();
        for n in &seen {
            h.update(n.as_bytes());
            if let Some(src) = templates.get(n) {
                h.update(src.text.as_bytes());
            }
        }
        out.insert(name.clone(), *h.finalize().as_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references() {
        let t = r#"{% extends "base.html" %}{%- import 'macros.html' as m -%}{% include "x.html" %}{% block a %}{% endblock %}"#;
        assert_eq!(referenced(t), vec!["base.html", "macros.html", "x.html"]);
    }

    #[test]
    fn escapes_every_special_character_and_keeps_the_rest() {
        assert_eq!(
            escape(r#"Tom & "Jerry" <b>'s</b> — Ålesund"#),
            "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;s&lt;/b&gt; — Ålesund"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("&"), "&amp;");
        assert_eq!(escape("plain"), "plain");
    }
}
