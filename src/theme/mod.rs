//! Theme loading: the built-in default theme, overridden by `themes/<name>/` on disk, then
//! by the site's own `templates/` and `static/`, compiled with Tera 2. Also hashes each
//! template together with the templates it extends, includes or takes components from, so
//! routes know when to re-render, and renders, with errors at their file, line and column.
//! The theme's words (`i18n/`) come in the site's language.

mod engine;
mod errors;
mod fingerprint;
mod fold;
mod i18n;
mod pattern;
mod tera1;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::Tera;

pub use engine::escape;
pub use i18n::Translations;

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
    tera: Tera,
    /// Per template: hash of its text and of everything it pulls in.
    pub template_hashes: HashMap<String, Hash>,
    pub assets: Vec<Asset>,
    /// Each template's file and text, for error messages.
    templates: BTreeMap<String, TemplateSource>,
    /// Where a problem that names no template is reported.
    templates_dir: PathBuf,
    /// The theme's words in the site's language.
    pub words: std::sync::Arc<Translations>,
}

impl Theme {
    pub fn template_hash(&self, name: &str) -> Hash {
        self.template_hashes.get(name).copied().unwrap_or([0; 32])
    }

    /// Whether the theme has template `name`.
    pub fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// The file template `name` comes from (`(built-in theme)/templates/…` for the
    /// built-in theme's), or the name itself when there is no such template.
    pub fn origin(&self, name: &str) -> PathBuf {
        self.templates
            .get(name)
            .map_or_else(|| name.into(), |s| s.origin.clone())
    }

    /// Template `name` rendered with `ctx`; an error is a diagnostic at the file, line and
    /// column where it happened (which may be a template it extends, includes or calls).
    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, ctx).map_err(|e| {
            let first = errors::diagnostics(&e, self).into_iter().next();
            first.unwrap_or_else(|| Diagnostic::new(&self.origin(name), 0, 0, e.to_string()))
        })
    }

    pub fn load(site: &Site) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates: BTreeMap<String, TemplateSource> = BTreeMap::new();
        let mut assets: BTreeMap<String, AssetSource> = BTreeMap::new();
        let mut words: BTreeMap<String, Vec<i18n::Source>> = BTreeMap::new();
        embedded(&DEFAULT_THEME, &mut templates, &mut assets, &mut words);

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
            problems.extend(words_from_disk(&theme_dir.join("i18n"), &mut words));
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
        problems.extend(words_from_disk(&site.root.join("i18n"), &mut words));
        let words = match Translations::new(&site.config.language, &words) {
            Ok(w) => std::sync::Arc::new(w),
            Err(mut more) => {
                problems.append(&mut more);
                return Err(problems);
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let texts: BTreeMap<String, &str> = templates
            .iter()
            .map(|(n, s)| (n.clone(), s.text.as_str()))
            .collect();
        // The words are in every page: a changed word changes every template's hash.
        let template_hashes = fingerprint::hash_closures(&texts)
            .into_iter()
            .map(|(name, hash)| {
                let mut h = blake3::Hasher::new();
                h.update(&hash).update(&words.hash);
                (name, *h.finalize().as_bytes())
            })
            .collect();
        let mut theme = Theme {
            tera: engine::engine(words.clone(), site.config.date_format.clone()),
            words,
            template_hashes,
            assets: assets
                .into_iter()
                .map(|(path, source)| Asset { path, source })
                .collect(),
            templates,
            templates_dir: site.root.join("templates"),
        };
        theme.compile()?;
        Ok(theme)
    }

    /// Parse and check every template. A template that does not parse is reported and
    /// left out, so that every such template is reported in one run; the checks across
    /// templates (unknown filters and components, missing parents) are reported once all
    /// of them parse, since a template left out would make others fail them.
    fn compile(&mut self) -> Result<(), Vec<Diagnostic>> {
        let mut broken = Vec::new();
        let mut left_out = std::collections::BTreeSet::new();
        // The words are written in once, whatever number of tries the loop takes.
        let folded: Vec<(&str, String)> = self
            .templates
            .iter()
            .map(|(n, s)| {
                (
                    n.as_str(),
                    fold::fold_words(&s.text, &self.words, escaped(n)),
                )
            })
            .collect();
        loop {
            let batch = folded
                .iter()
                .filter(|(n, _)| !left_out.contains(*n))
                .map(|(n, text)| (*n, text.as_str()));
            let Err(e) = self.tera.add_raw_templates(batch) else {
                break;
            };
            let unparsed = match e.kind() {
                tera::ErrorKind::SyntaxError(r) => Some(r.filename().to_string()),
                _ => None,
            };
            match unparsed {
                Some(name) if !left_out.contains(&name) => {
                    broken.extend(errors::diagnostics(&e, &*self));
                    left_out.insert(name);
                }
                _ => {
                    if broken.is_empty() {
                        broken.extend(errors::diagnostics(&e, &*self));
                    }
                    break;
                }
            }
        }
        if broken.is_empty() {
            Ok(())
        } else {
            Err(broken)
        }
    }
}

/// Whether template `name` is autoescaped.
fn escaped(name: &str) -> bool {
    engine::AUTOESCAPED.iter().any(|e| name.ends_with(e))
}

impl errors::Sources for Theme {
    fn source(&self, name: &str) -> Option<(&Path, &str)> {
        let s = self.templates.get(name)?;
        Some((&s.origin, &s.text))
    }

    fn fallback(&self) -> PathBuf {
        self.templates_dir.clone()
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
    words: &mut BTreeMap<String, Vec<i18n::Source>>,
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
        } else if let (Some(code), Some(text)) = (
            path.strip_prefix("i18n/")
                .and_then(|n| i18n::file_language(Path::new(n))),
            file.contents_utf8(),
        ) {
            words.entry(code).or_default().push(i18n::Source {
                origin: PathBuf::from(format!("(built-in theme)/{path}")),
                text: text.to_string(),
            });
        }
    }
}

/// The `<language>.toml` files of an `i18n/` folder, after those read before them.
fn words_from_disk(dir: &Path, words: &mut BTreeMap<String, Vec<i18n::Source>>) -> Vec<Diagnostic> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut problems = Vec::new();
    for path in files {
        let Some(code) = i18n::file_language(&path) else {
            continue;
        };
        match read_template(&path) {
            Ok(text) => words
                .entry(code)
                .or_default()
                .push(i18n::Source { origin: path, text }),
            Err(d) => problems.push(d),
        }
    }
    problems
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
