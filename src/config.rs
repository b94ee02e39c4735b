//! `site.toml`: the site's configuration, typed, with defaults that make an empty file valid.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::{Diagnostic, unknown_field_hint};

/// The section of stories that name none and sit directly in `content/`.
pub const DEFAULT_SECTION: &str = "news";

/// The taxonomies Gazette knows, with the article field each one reads.
pub const KNOWN_TAXONOMIES: &[&str] = &["tags", "authors", "places"];

const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "timezone",
    "theme",
    "permalink",
    "paginate",
    "pagination",
    "output_dir",
    "sections",
    "taxonomies",
    "feeds",
    "search",
    "extra",
];

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL the site is published at, e.g. `https://news.example.org/`.
    pub base_url: String,
    pub language: String,
    /// IANA time zone; dates written without an offset are in this zone.
    pub timezone: String,
    pub theme: String,
    /// URL pattern of article pages; tokens `:year :month :day :slug :section`.
    pub permalink: String,
    /// Stories per listing page.
    pub paginate: usize,
    /// How listing pages are numbered: `stable` or `newest-first` (see [`Pagination`]).
    pub pagination: String,
    pub output_dir: PathBuf,
    pub sections: BTreeMap<String, SectionConfig>,
    /// Which taxonomies get pages: any of `tags`, `authors`, `places`.
    pub taxonomies: Vec<String>,
    pub feeds: FeedConfig,
    /// Build the full-text search index and page.
    pub search: bool,
    /// Free table for themes.
    pub extra: toml::Table,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SectionConfig {
    pub title: Option<String>,
    pub description: String,
    /// Position in navigation and on the front page (lower first).
    pub order: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeedConfig {
    /// Stories per feed.
    pub limit: usize,
    /// Put the full article body in feeds instead of the summary.
    pub full_content: bool,
    /// Write a feed for every tag.
    pub per_tag: bool,
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig {
            limit: 20,
            full_content: false,
            per_tag: true,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Gazette".into(),
            description: String::new(),
            base_url: "http://127.0.0.1:1111/".into(),
            language: "en".into(),
            timezone: "UTC".into(),
            theme: "default".into(),
            permalink: "/:year/:month/:day/:slug/".into(),
            paginate: 20,
            pagination: Pagination::Stable.name().into(),
            output_dir: PathBuf::from("public"),
            sections: BTreeMap::new(),
            taxonomies: KNOWN_TAXONOMIES.iter().map(|s| s.to_string()).collect(),
            feeds: FeedConfig::default(),
            search: true,
            extra: toml::Table::new(),
        }
    }
}

/// The preview folder, relative to the site: inside `.gazette/`, so no deploy of the
/// output folder can carry a draft or an embargoed story. It holds the preview's own
/// caches and its output (`public/`).
pub const PREVIEW: &str = ".gazette/preview";

/// Where the preview of the site at `root` is built.
pub fn preview_output(root: &Path) -> PathBuf {
    cache_dir(root, true).join("public")
}

/// The caches of the site at `root` (`.gazette/`), or of its preview.
pub fn cache_dir(root: &Path, preview: bool) -> PathBuf {
    if preview {
        root.join(PREVIEW)
    } else {
        root.join(".gazette")
    }
}

/// How a listing's pages are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pagination {
    /// From the oldest story: `page/1/` holds the oldest stories for ever, and a full page
    /// never changes when stories are added. The listing's first URL shows the newest.
    Stable,
    /// From the newest story: `page/2/` holds the stories just older than the first
    /// page's, so every page changes when a story is added.
    NewestFirst,
}

impl Pagination {
    pub const NAMES: &[&str] = &["stable", "newest-first"];

    pub fn name(self) -> &'static str {
        match self {
            Pagination::Stable => "stable",
            Pagination::NewestFirst => "newest-first",
        }
    }

    pub fn from_name(name: &str) -> Option<Pagination> {
        match name {
            "stable" => Some(Pagination::Stable),
            "newest-first" => Some(Pagination::NewestFirst),
            _ => None,
        }
    }
}

/// A loaded configuration with the values derived from it.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Directory holding `site.toml`.
    pub root: PathBuf,
    pub tz: chrono_tz::Tz,
    /// `base_url` with a trailing slash.
    pub base_url: String,
    /// Path part of `base_url`, e.g. `/` or `/news/`: prefix of every site-relative link.
    pub url_root: String,
    /// `pagination`, checked.
    pub pagination: Pagination,
    /// A preview with drafts or future stories (`serve`, `watch`): its output and caches
    /// live apart, under [`PREVIEW`].
    pub preview: bool,
}

impl Site {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The output folder, with `..` resolved as written (see [`crate::core::lexical`]).
    pub fn output_dir(&self) -> PathBuf {
        if self.preview {
            return preview_output(&self.root);
        }
        crate::core::lexical(&self.root.join(&self.config.output_dir))
    }

    /// The build's caches: `.gazette/`, or a preview's own folder inside it.
    pub fn cache_dir(&self) -> PathBuf {
        cache_dir(&self.root, self.preview)
    }

    /// Where new and imported stories go unless told otherwise: the first section in
    /// `site.toml` (by `order`), else [`DEFAULT_SECTION`].
    pub fn default_section(&self) -> String {
        self.config
            .sections
            .iter()
            .min_by_key(|(_, s)| s.order.unwrap_or(i64::MAX))
            .map_or_else(|| DEFAULT_SECTION.to_string(), |(name, _)| name.clone())
    }

    /// Site-relative link for a path inside the site (`2021/09/` → `/news/2021/09/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.url_root, path)
    }

    /// Absolute URL for a path inside the site.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

/// Read and check `site.toml` in `root`. A missing file is an error; an empty one is valid.
pub fn load(root: &Path) -> Result<Site, Vec<Diagnostic>> {
    let path = root.join("site.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            return Err(vec![
                Diagnostic::new(&path, 0, 0, format!("cannot read site.toml: {e}")).with_hint(
                    "run gazette in a site folder, pass --root DIR, or create one with `gazette init`",
                ),
            ]);
        }
    };
    parse(&path, root, &text)
}

/// Check a configuration's text; `path` is used in messages. Every problem is reported.
pub fn parse(path: &Path, root: &Path, text: &str) -> Result<Site, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let config: Config = toml::from_str(text).map_err(|e| vec![syntax_error(path, text, &e)])?;
    let mut checks = Checks {
        path,
        text,
        errors: Vec::new(),
    };
    let tz = checks.timezone(&config.timezone);
    checks.permalink(&config.permalink);
    if config.paginate == 0 {
        checks.problem("paginate", "paginate must be at least 1".into(), None);
    }
    let pagination = checks.pagination(&config.pagination);
    checks.taxonomies(&config.taxonomies);
    let base_url = if config.base_url.ends_with('/') {
        config.base_url.clone()
    } else {
        format!("{}/", config.base_url)
    };
    let url_root = checks.url_root(&base_url, &config.base_url);
    if !checks.errors.is_empty() {
        return Err(checks.errors);
    }
    Ok(Site {
        config,
        root: root.to_path_buf(),
        tz,
        base_url,
        url_root,
        pagination,
        preview: false,
    })
}

/// A TOML error or an unknown key, with a suggestion for a misspelt key.
fn syntax_error(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let offset = e.span().map_or(0, |s| s.start);
    let message = e.message().trim().to_string();
    let mut d = Diagnostic::at_offset(path, text, offset, 1, &message);
    d.hint = unknown_field_hint(&message, KNOWN_KEYS)
        .or_else(|| unknown_field_hint(&message, &["title", "description", "order"]))
        .or_else(|| unknown_field_hint(&message, &["limit", "full_content", "per_tag"]));
    d
}

/// The checks of values that parsed but may not make sense, each reported at its key.
struct Checks<'a> {
    path: &'a Path,
    text: &'a str,
    errors: Vec<Diagnostic>,
}

impl Checks<'_> {
    fn problem(&mut self, key: &str, message: String, hint: Option<String>) {
        let (line, column) = crate::core::locate_key(self.text, key);
        let mut d = Diagnostic::new(self.path, line, column, message);
        d.hint = hint;
        self.errors.push(d);
    }

    fn timezone(&mut self, name: &str) -> chrono_tz::Tz {
        name.parse::<chrono_tz::Tz>().unwrap_or_else(|_| {
            self.problem(
                "timezone",
                format!("unknown time zone `{name}`"),
                Some(
                    "use an IANA name such as `Europe/Moscow`, `America/New_York` or `UTC`".into(),
                ),
            );
            chrono_tz::UTC
        })
    }

    fn permalink(&mut self, permalink: &str) {
        if !permalink.contains(":slug") || !permalink.starts_with('/') {
            self.problem(
                "permalink",
                format!("permalink `{permalink}` must start with `/` and contain `:slug`"),
                Some("for example `/:year/:month/:day/:slug/` or `/:section/:slug/`".into()),
            );
        }
        let unknown = permalink
            .split('/')
            .flat_map(|seg| seg.split(|c: char| !(c.is_alphanumeric() || c == ':' || c == '_')))
            .find(|t| {
                t.starts_with(':')
                    && !matches!(*t, ":year" | ":month" | ":day" | ":slug" | ":section")
            });
        if let Some(bad) = unknown {
            self.problem(
                "permalink",
                format!("unknown permalink token `{bad}`"),
                Some("tokens are :year :month :day :slug :section".into()),
            );
        }
        // What the tokens fill in is checked where it comes from; the rest must not leave
        // the output folder.
        let filled = [":year", ":month", ":day", ":slug", ":section"]
            .iter()
            .fold(permalink.to_string(), |p, token| p.replace(token, "x"));
        let inner = filled.trim_start_matches('/');
        if let Err(why) = crate::core::OutPath::check(inner.strip_suffix('/').unwrap_or(inner)) {
            self.problem(
                "permalink",
                format!(
                    "permalink `{}` cannot make paths inside the output folder: {why}",
                    permalink.escape_debug()
                ),
                Some("for example `/:year/:month/:day/:slug/` or `/:section/:slug/`".into()),
            );
        }
    }

    fn pagination(&mut self, name: &str) -> Pagination {
        Pagination::from_name(name).unwrap_or_else(|| {
            let known = "`stable` (pages numbered from the oldest story) or `newest-first`";
            let hint = match crate::core::suggest(name, Pagination::NAMES) {
                Some(s) => format!("did you mean `{s}`? pagination is {known}"),
                None => format!("pagination is {known}"),
            };
            self.problem(
                "pagination",
                format!("unknown pagination `{}`", name.escape_debug()),
                Some(hint),
            );
            Pagination::Stable
        })
    }

    fn taxonomies(&mut self, names: &[String]) {
        for name in names {
            if KNOWN_TAXONOMIES.contains(&name.as_str()) {
                continue;
            }
            let hint = match crate::core::suggest(name, KNOWN_TAXONOMIES) {
                Some(s) => format!("did you mean `{s}`? taxonomies are tags, authors and places"),
                None => "taxonomies are tags, authors and places".into(),
            };
            self.problem(
                "taxonomies",
                format!("unknown taxonomy `{name}`"),
                Some(hint),
            );
        }
    }

    /// The path part of `base_url` (`/` or `/news/`), which every site URL starts with.
    fn url_root(&mut self, base_url: &str, written: &str) -> String {
        match base_url.split_once("://") {
            Some((_, rest)) => rest
                .find('/')
                .map_or("/".to_string(), |i| rest[i..].to_string()),
            None => {
                self.problem(
                    "base_url",
                    format!("base_url `{written}` is not an absolute URL"),
                    Some("write it in full, e.g. `https://news.example.org/`".into()),
                );
                "/".into()
            }
        }
    }
}
