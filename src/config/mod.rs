//! `site.toml`: the site's configuration, typed, with defaults that make an empty file valid.

mod editions;

pub use editions::{Edition, EditionConfig, Home};

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
    "logo",
    "image",
    "import",
    "menu",
    "extra",
    "deploy",
    "images",
    "languages",
    "date_format",
];

/// The keys of the `[images]` table.
const IMAGE_KEYS: &[&str] = &[
    "widths",
    "quality",
    "webp",
    "sizes",
    "keep_metadata",
    "max_pixels",
];

/// The keys of a `[deploy.NAME]` table.
const DEPLOY_KEYS: &[&str] = &["url", "endpoint", "region", "cache_control"];

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
    /// The publisher's logo (a site path like `/images/logo.png`, or a full URL), for the
    /// structured data of every story.
    pub logo: Option<String>,
    /// The share image of stories that have none of their own (Open Graph, Twitter card
    /// and structured data).
    pub image: Option<String>,
    /// What `gazette import` needs to know; builds do not read it, so it is left out of
    /// the serialized configuration that caches and fingerprints are keyed on.
    #[serde(skip_serializing)]
    pub import: ImportConfig,
    /// `[[menu.footer]]`: links every page shows in its footer.
    pub menu: MenuConfig,
    /// Free table for themes.
    pub extra: toml::Table,
    /// Where `gazette deploy` publishes the output: `[deploy.NAME]` tables. Left out of
    /// what a build fingerprints (it is never serialized), so editing a target rebuilds
    /// nothing.
    #[serde(skip_serializing)]
    pub deploy: BTreeMap<String, DeployTarget>,
    /// `[images]`: how the photos of story bundles are resized and converted.
    pub images: ImageConfig,
    /// `[languages.LANG]`: the site's editions in other languages (see [`EditionConfig`]).
    pub languages: BTreeMap<String, EditionConfig>,
    /// How pages write a day (chrono's `strftime`); the theme's default, `%-d %B %Y`
    /// ("14 March 2026"), when not given. Month names are the language's.
    pub date_format: Option<String>,
}

/// `[images]`: the widths, formats and quality of every photo's variants.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImageConfig {
    /// Widths in pixels of each photo's resized copies (none wider than the photo).
    pub widths: Vec<u32>,
    /// JPEG and WebP quality, 1 to 100.
    pub quality: u8,
    /// A WebP copy of every width beside the original's format.
    pub webp: bool,
    /// The `sizes` attribute of every photo: how wide it shows at each screen width.
    pub sizes: String,
    /// Keep the photo's EXIF (camera, place, time) in its JPEG copies; off, every copy is
    /// made from the pixels alone and carries no metadata.
    pub keep_metadata: bool,
    /// Photos with more pixels than this are refused (a decompression bomb).
    pub max_pixels: u64,
}

impl Default for ImageConfig {
    fn default() -> Self {
        ImageConfig {
            widths: vec![480, 800, 1200, 1600, 2400],
            quality: 82,
            webp: true,
            sizes: "(min-width: 50rem) 46rem, 100vw".into(),
            keep_metadata: false,
            max_pixels: 100_000_000,
        }
    }
}

/// One `[deploy.NAME]` table: an S3 bucket (and a folder in it) that `gazette deploy NAME`
/// publishes to. Credentials are never read from here (see `gazette deploy`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeployTarget {
    /// `s3://bucket` or `s3://bucket/folder`.
    pub url: toml::Spanned<String>,
    /// The S3 API's address, for services other than Amazon's (`https://…`).
    #[serde(default)]
    pub endpoint: Option<toml::Spanned<String>>,
    #[serde(default)]
    pub region: Option<toml::Spanned<String>>,
    /// `Cache-Control` by path pattern, tried in order before the defaults.
    #[serde(default)]
    pub cache_control: Vec<CacheRule>,
}

/// `{ path = "images/**", value = "public, max-age=86400" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheRule {
    pub path: toml::Spanned<String>,
    pub value: toml::Spanned<String>,
}

/// `[menu]`: the links the theme shows on every page.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MenuConfig {
    /// The footer's links, in order (About, Contact, Corrections policy).
    pub footer: Vec<MenuEntry>,
}

/// `{ title = "About us", url = "/about/" }`: a page of the site (checked to exist) or a
/// full URL (`https:`, `mailto:`, `tel:`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuEntry {
    /// The link's text (`name`, as Hugo's menus call it, is read too).
    #[serde(alias = "name")]
    pub title: String,
    pub url: toml::Spanned<String>,
}

/// A menu link as templates show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuLink {
    pub title: String,
    /// What the link's `href` is: the page's URL below the site's root, or the full URL.
    pub href: String,
    /// The page of the site it leads to (`about/`), which must exist; `None` for a full URL.
    pub page: Option<String>,
    /// Where `site.toml` writes the link's URL.
    pub line: usize,
    pub column: usize,
}

/// `[import]`: settings of `gazette import`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImportConfig {
    /// `[import.agency_zones]`: each agency's IANA time zone (`TASS = "Europe/Moscow"`),
    /// in which the times of its copy are read.
    pub agency_zones: BTreeMap<String, toml::Spanned<String>>,
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
            logo: None,
            image: None,
            import: ImportConfig::default(),
            menu: MenuConfig::default(),
            extra: toml::Table::new(),
            deploy: BTreeMap::new(),
            images: ImageConfig::default(),
            languages: BTreeMap::new(),
            date_format: None,
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

/// An edition's folder in the home edition's `home` (`public/ru`; `home` itself for the
/// home edition's empty prefix, with no slash added).
pub fn edition_folder(home: PathBuf, prefix: &str) -> PathBuf {
    match prefix.trim_end_matches('/') {
        "" => home,
        folder => home.join(folder),
    }
}

/// The caches of one edition: the home edition's in [`cache_dir`], another's in
/// `editions/LANG/` there.
pub fn edition_cache_dir(root: &Path, preview: bool, language: Option<&str>) -> PathBuf {
    match language {
        Some(l) => cache_dir(root, preview).join("editions").join(l),
        None => cache_dir(root, preview),
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
    /// `[import.agency_zones]` checked: agency names upper-cased, with their zones.
    pub agency_zones: BTreeMap<String, chrono_tz::Tz>,
    /// Path part of `base_url`, e.g. `/` or `/news/`: prefix of every site-relative link.
    pub url_root: String,
    /// `pagination`, checked.
    pub pagination: Pagination,
    /// `[[menu.footer]]`, checked; each page link is checked against the site's pages when
    /// they are planned.
    pub footer: Vec<MenuLink>,
    /// A preview with drafts or future stories (`serve`, `watch`): its output and caches
    /// live apart, under [`PREVIEW`].
    pub preview: bool,
    /// The other editions (`[languages.*]`), checked; empty for a one-language site.
    pub editions: Vec<Edition>,
    /// The home edition, in the site's `language` at the root, as every edition links it.
    pub home: Home,
    /// This edition's folder below the home root (`ru/`); empty for the home edition.
    pub prefix: String,
}

impl Site {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The output folder, with `..` resolved as written (see [`crate::core::lexical`]).
    pub fn output_dir(&self) -> PathBuf {
        let home = if self.preview {
            preview_output(&self.root)
        } else {
            crate::core::lexical(&self.root.join(&self.config.output_dir))
        };
        edition_folder(home, &self.prefix)
    }

    /// The build's caches: `.gazette/`, or a preview's own folder inside it; an edition's
    /// are in its own folder there (see [`edition_cache_dir`]).
    pub fn cache_dir(&self) -> PathBuf {
        edition_cache_dir(&self.root, self.preview, self.edition_language())
    }

    /// The language of this edition, `None` for the home edition.
    pub fn edition_language(&self) -> Option<&str> {
        (!self.is_home()).then_some(self.config.language.as_str())
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

    /// Absolute URL of a file named as stories name images: by its path in the site
    /// (`/images/logo.png`, below the base URL) or by a full URL (kept as it is).
    pub fn absolute(&self, path_or_url: &str) -> String {
        if path_or_url.contains("://") {
            path_or_url.to_string()
        } else {
            self.home_permalink(path_or_url.trim_start_matches('/'))
        }
    }
}

/// The environment variable whose value replaces `base_url` for one run (`--base-url` sets
/// it): a deploy preview is the same site at another address.
pub const BASE_URL_VAR: &str = "GAZETTE_BASE_URL";

/// Read and check `site.toml` in `root`, with `base_url` replaced by [`BASE_URL_VAR`] when
/// that is set. A missing file is an error; an empty one is valid.
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
    let base_url = std::env::var(BASE_URL_VAR).ok().filter(|u| !u.is_empty());
    parse_for(&path, root, &text, base_url)
}

/// Check a configuration's text; `path` is used in messages. Every problem is reported.
pub fn parse(path: &Path, root: &Path, text: &str) -> Result<Site, Vec<Diagnostic>> {
    parse_for(path, root, text, None)
}

/// [`parse`], with `base_url` in place of the file's when given.
fn parse_for(
    path: &Path,
    root: &Path,
    text: &str,
    base_url: Option<String>,
) -> Result<Site, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut config: Config =
        toml::from_str(text).map_err(|e| vec![syntax_error(path, text, &e)])?;
    if let Some(url) = base_url {
        if !url.contains("://") {
            let d = Diagnostic::new(
                Path::new(BASE_URL_VAR),
                0,
                0,
                format!(
                    "the base URL `{url}` (from --base-url or {BASE_URL_VAR}) is not an absolute URL"
                ),
            );
            return Err(vec![d.with_hint(
                "write it in full, e.g. `https://preview.example.org/`",
            )]);
        }
        config.base_url = url;
    }
    let mut checks = Checks {
        path,
        text,
        errors: Vec::new(),
    };
    let tz = checks.timezone(&config.timezone);
    let agency_zones = checks.agency_zones(&config.import);
    checks.permalink(&config.permalink);
    checks.images(&config.images);
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
    let footer = checks.menu(&config.menu.footer, &url_root);
    for (name, target) in &config.deploy {
        checks.deploy_target(name, target);
    }
    let editions = checks.editions(&config.languages, &config.language, &config.sections, tz);
    checks.date_format("date_format", config.date_format.as_deref());
    if !checks.errors.is_empty() {
        return Err(checks.errors);
    }
    let home = Home {
        config: std::sync::Arc::new(config.clone()),
        language: config.language.clone(),
        base_url: base_url.clone(),
        url_root: url_root.clone(),
        tz,
    };
    Ok(Site {
        config,
        root: root.to_path_buf(),
        tz,
        editions,
        home,
        prefix: String::new(),
        base_url,
        agency_zones,
        url_root,
        pagination,
        footer,
        preview: false,
    })
}

/// A TOML error or an unknown key, with a suggestion for a misspelt key.
fn syntax_error(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let offset = e.span().map_or(0, |s| s.start);
    let message = e.message().trim().to_string();
    if let Some(field) = unknown_field(&message).filter(|f| looks_like_a_secret(f)) {
        return Diagnostic::at_offset(
            path,
            text,
            offset,
            1,
            format!("`{field}` looks like a credential, and site.toml never holds one (it is usually in version control)"),
        )
        .with_hint(CREDENTIALS_HINT);
    }
    let mut d = Diagnostic::at_offset(path, text, offset, 1, &message);
    if message.contains("expected one of `url`") {
        d.hint = unknown_field_hint(&message, DEPLOY_KEYS);
        return d;
    }
    d.hint = hugo_hint(&message)
        .or_else(|| unknown_field_hint(&message, KNOWN_KEYS))
        .or_else(|| unknown_field_hint(&message, &["title", "description", "order"]))
        .or_else(|| unknown_field_hint(&message, &["limit", "full_content", "per_tag"]))
        .or_else(|| unknown_field_hint(&message, &["agency_zones"]))
        .or_else(|| unknown_field_hint(&message, &["footer"]))
        .or_else(|| unknown_field_hint(&message, &["title", "url"]))
        .or_else(|| unknown_field_hint(&message, IMAGE_KEYS))
        .or_else(|| unknown_field_hint(&message, editions::EDITION_KEYS));
    d
}

/// Hugo's names for keys Gazette spells otherwise, with Gazette's.
const HUGO_KEYS: &[(&str, &str)] = &[
    ("baseURL", "base_url"),
    ("baseurl", "base_url"),
    ("languageCode", "language"),
    ("defaultContentLanguage", "language"),
    ("timeZone", "timezone"),
    ("publishDir", "output_dir"),
    ("pagerSize", "paginate"),
];

/// The hint for an unknown key that is Hugo's name for one of Gazette's.
fn hugo_hint(message: &str) -> Option<String> {
    let field = unknown_field(message)?;
    let (hugo, ours) = HUGO_KEYS.iter().find(|(hugo, _)| *hugo == field)?;
    Some(format!(
        "did you mean `{ours}`? (Hugo's `{hugo}` is `{ours}` in Gazette)"
    ))
}

/// Where `gazette deploy` takes credentials from, for messages that point there.
pub const CREDENTIALS_HINT: &str = "remove the line; `gazette deploy` reads credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or from a profile in ~/.aws/credentials (AWS_PROFILE names it)";

/// The field a serde "unknown field `x`" message names.
fn unknown_field(message: &str) -> Option<&str> {
    message.split("unknown field `").nth(1)?.split('`').next()
}

/// Whether a key's name says it holds a secret (`secret_access_key`, `token`, `password`).
fn looks_like_a_secret(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    let words = [
        "secret",
        "password",
        "passwd",
        "token",
        "credential",
        "access_key",
        "api_key",
        "private_key",
        "session",
    ];
    key == "key" || words.iter().any(|w| key.contains(w))
}

/// `s3://bucket/folder` as its bucket and folder (`""` for the bucket's top), or why not.
pub fn split_deploy_url(url: &str) -> Result<(&str, &str), String> {
    let Some(rest) = url.strip_prefix("s3://") else {
        return Err(format!(
            "deploy url `{}` is not an s3:// URL",
            url.escape_debug()
        ));
    };
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let prefix = prefix.trim_end_matches('/');
    if bucket.contains('@') || bucket.contains(':') {
        return Err(
            "the deploy url holds a user name or password; credentials never go in site.toml"
                .into(),
        );
    }
    let bucket_ok = (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && !bucket.starts_with(['.', '-'])
        && !bucket.ends_with(['.', '-']);
    if !bucket_ok {
        return Err(format!(
            "`{}` is not a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens",
            bucket.escape_debug()
        ));
    }
    if !prefix.is_empty()
        && let Err(why) = crate::core::OutPath::check(prefix)
    {
        return Err(format!(
            "the folder `{}` in the deploy url cannot name objects: {why}",
            prefix.escape_debug()
        ));
    }
    Ok((bucket, prefix))
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

    /// A `strftime` format chrono can write, at `key`'s line.
    fn date_format(&mut self, key: &str, format: Option<&str>) {
        let Some(format) = format else { return };
        let items = chrono::format::StrftimeItems::new(format).parse();
        if items.is_err() || format.trim().is_empty() {
            self.problem(
                key,
                format!("`{}` is not a date format", format.escape_debug()),
                Some(
                    "write chrono's strftime codes, e.g. `%-d %B %Y` (14 March 2026) or `%d.%m.%Y`"
                        .into(),
                ),
            );
        }
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

    /// Each agency's zone, checked at its own line; names are compared upper-cased, so
    /// `TASS` also covers copy signed `Tass`.
    fn agency_zones(&mut self, import: &ImportConfig) -> BTreeMap<String, chrono_tz::Tz> {
        let mut zones = BTreeMap::new();
        for (agency, zone) in &import.agency_zones {
            let at = |errors: &mut Vec<Diagnostic>, message: String, hint: &str| {
                let d = Diagnostic::at_offset(self.path, self.text, zone.span().start, 1, &message);
                errors.push(d.with_hint(hint));
            };
            let key = agency.trim().to_uppercase();
            if key.is_empty() {
                at(
                    &mut self.errors,
                    "an agency in `[import.agency_zones]` has an empty name".into(),
                    "write the agency as its copy signs it, e.g. `TASS = \"Europe/Moscow\"`",
                );
                continue;
            }
            match zone.get_ref().trim().parse::<chrono_tz::Tz>() {
                Ok(tz) => {
                    zones.insert(key, tz);
                }
                Err(_) => at(
                    &mut self.errors,
                    format!(
                        "unknown time zone `{}` for agency `{agency}` in `[import.agency_zones]`",
                        zone.get_ref().escape_debug()
                    ),
                    "use an IANA name such as `Europe/Moscow`, `America/New_York` or `UTC`",
                ),
            }
        }
        zones
    }

    fn images(&mut self, images: &ImageConfig) {
        if images.widths.is_empty() || images.widths.iter().any(|&w| !(16..=10_000).contains(&w)) {
            self.problem(
                "widths",
                "`[images]` widths must be a list of widths from 16 to 10000 pixels".into(),
                Some("for example `widths = [480, 800, 1200, 1600]`".into()),
            );
        }
        if !(1..=100).contains(&images.quality) {
            self.problem(
                "quality",
                format!("`[images]` quality {} is not from 1 to 100", images.quality),
                None,
            );
        }
        if images.max_pixels == 0 {
            self.problem(
                "max_pixels",
                "`[images]` max_pixels must be at least 1".into(),
                None,
            );
        }
    }

    /// The menu's links, each checked at its own line: a title, and a URL that is a page of
    /// the site (`/about/`) or a full URL of a kind a link may have.
    fn menu(&mut self, entries: &[MenuEntry], url_root: &str) -> Vec<MenuLink> {
        let mut links = Vec::new();
        for entry in entries {
            let url = entry.url.get_ref().trim();
            let (line, column) = crate::core::line_column(self.text, entry.url.span().start);
            let mut fault = |message: String, hint: &str| {
                let d = Diagnostic::new(self.path, line, column, message).with_hint(hint);
                self.errors.push(d);
            };
            if entry.title.trim().is_empty() {
                fault(
                    format!("the menu link to `{}` has no title", url.escape_debug()),
                    "give it the words the link shows: `title = \"About us\"`",
                );
                continue;
            }
            let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
            let page = match scheme.as_deref() {
                _ if url.starts_with('/') && !url.starts_with("//") => {
                    Some(url.trim_start_matches('/').to_string())
                }
                Some("http" | "https" | "mailto" | "tel") => None,
                _ => {
                    fault(
                        format!(
                            "the menu link `{}` is neither a page of the site nor a full URL",
                            url.escape_debug()
                        ),
                        "write a page as its path from the site's root (`/about/`), or a full `https:`, `mailto:` or `tel:` URL",
                    );
                    continue;
                }
            };
            let href = match &page {
                Some(path) => format!("{url_root}{path}"),
                None => url.to_string(),
            };
            links.push(MenuLink {
                title: entry.title.trim().to_string(),
                href,
                page,
                line,
                column,
            });
        }
        links
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

    /// A problem with the value whose span is `span`.
    fn at(&mut self, span: std::ops::Range<usize>, message: String, hint: Option<&str>) {
        let (line, column) = crate::core::line_column(self.text, span.start);
        let mut d = Diagnostic::new(self.path, line, column, message);
        d.hint = hint.map(str::to_string);
        self.errors.push(d);
    }

    /// A `[deploy.NAME]` table: a name that can be a file name, an `s3://` URL, an
    /// `http(s)://` endpoint without credentials in it, a region, and cache rules whose
    /// patterns parse and whose values can be sent as a header.
    fn deploy_target(&mut self, name: &str, target: &DeployTarget) {
        let name_ok = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !name_ok {
            let offset = [format!("deploy.{name}"), format!("deploy.\"{name}\"")]
                .iter()
                .find_map(|written| self.text.find(written.as_str()))
                .unwrap_or(0);
            self.at(
                offset..offset,
                format!(
                    "deploy target name `{}` must be letters, digits, `-` and `_` (at most 64)",
                    name.escape_debug()
                ),
                Some("for example `[deploy.production]`"),
            );
        }
        if let Err(why) = split_deploy_url(target.url.get_ref()) {
            self.at(
                target.url.span(),
                why,
                Some("for example `url = \"s3://news-archive\"` or `url = \"s3://news-archive/site\"`"),
            );
        }
        if let Some(endpoint) = &target.endpoint {
            let e = endpoint.get_ref();
            let host = e
                .strip_prefix("https://")
                .or_else(|| e.strip_prefix("http://"));
            match host {
                None => self.at(
                    endpoint.span(),
                    format!(
                        "endpoint `{}` is not an http:// or https:// URL",
                        e.escape_debug()
                    ),
                    Some("for example `endpoint = \"https://ACCOUNT.r2.cloudflarestorage.com\"`"),
                ),
                Some(host) if host.split('/').next().is_some_and(|h| h.contains('@')) => self.at(
                    endpoint.span(),
                    "the endpoint holds a user name or password; credentials never go in site.toml"
                        .into(),
                    Some(CREDENTIALS_HINT),
                ),
                Some(host)
                    if host.is_empty()
                        || host.chars().any(|c| c.is_whitespace() || c.is_control()) =>
                {
                    self.at(
                        endpoint.span(),
                        format!("endpoint `{}` names no host", e.escape_debug()),
                        None,
                    )
                }
                Some(_) => {}
            }
        }
        if let Some(region) = &target.region {
            let r = region.get_ref();
            if r.is_empty() || !r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                self.at(
                    region.span(),
                    format!(
                        "region `{}` must be letters, digits and `-`",
                        r.escape_debug()
                    ),
                    Some("for example `region = \"eu-west-1\"`, or `\"auto\"` for Cloudflare R2"),
                );
            }
        }
        for rule in &target.cache_control {
            if let Err(e) = cache_pattern(rule.path.get_ref()) {
                self.at(
                    rule.path.span(),
                    format!(
                        "cache_control path `{}` is not a pattern: {e}",
                        rule.path.get_ref().escape_debug()
                    ),
                    Some("`*` matches within a folder, `**` across folders: `*.html`, `images/**`"),
                );
            }
            let v = rule.value.get_ref();
            if v.is_empty() || !v.bytes().all(|b| (0x20..0x7f).contains(&b)) {
                self.at(
                    rule.value.span(),
                    "a cache_control value must be printable ASCII on one line".into(),
                    Some("for example `value = \"public, max-age=3600\"`"),
                );
            }
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

/// A `cache_control` path pattern, matched against paths in the output folder (`a/b.html`):
/// `*` stays within a folder, `**` crosses folders, and a pattern without `/` matches a
/// file's name in any folder.
pub fn cache_pattern(pattern: &str) -> Result<globset::GlobMatcher, globset::Error> {
    let pattern = pattern.trim_start_matches('/');
    let full = if pattern.contains('/') {
        pattern.to_string()
    } else {
        format!("**/{pattern}")
    };
    Ok(globset::GlobBuilder::new(&full)
        .literal_separator(true)
        .build()?
        .compile_matcher())
}
