//! What each uploaded object carries besides its bytes: a `Content-Type` from its
//! extension, a `Cache-Control` from the target's rules or the defaults, and the kind of
//! page it is, which decides when it goes up (see `changes`).

use globset::GlobMatcher;

use crate::config::{DeployTarget, Site, cache_pattern};
use crate::core::Hash;

/// The defaults, tried after the site's own rules: search index files named by their
/// contents for a year, images for 30 days, styles and scripts (not fingerprinted, so a
/// theme update must show) for an hour, and everything else (pages, feeds, sitemaps, the
/// search catalogue) for five minutes.
const DEFAULT_RULES: &[(&str, &str)] = &[
    (
        "search/pagefind/**/*.{pf_fragment,pf_index,pf_filter,pf_meta}",
        "public, max-age=31536000, immutable",
    ),
    (
        "*.{png,jpg,jpeg,gif,webp,avif,svg,ico,bmp,tif,tiff}",
        "public, max-age=2592000",
    ),
    (
        "*.{css,js,mjs,wasm,pagefind,woff,woff2,ttf,otf}",
        "public, max-age=3600",
    ),
    ("**", "public, max-age=300"),
];

/// When a file goes up, in order: what pages use (styles, images, the search index), the
/// story pages, the listings that link to them, then feeds and sitemaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Asset,
    Story,
    Listing,
    Feed,
}

/// The headers and kinds of one target's objects.
pub struct Objects {
    rules: Vec<(GlobMatcher, String)>,
    /// Story pages, from the site's permalink pattern.
    story: Option<GlobMatcher>,
    /// Listings whose paths the pattern may match too (`tags/harbour/index.html` and a
    /// month's `2026/03/index.html` under `/:section/:slug/`): each taxonomy's folder, and
    /// the date archives' folder when story paths do not start with the year.
    listings: Vec<String>,
    dated_listings: Option<String>,
}

impl Objects {
    /// The site's rules for `target` (checked when `site.toml` was read), then the defaults.
    pub fn new(site: &Site, target: &DeployTarget) -> Objects {
        let own = target
            .cache_control
            .iter()
            .map(|r| (r.path.get_ref().as_str(), r.value.get_ref().as_str()));
        let rules = own
            .chain(DEFAULT_RULES.iter().copied())
            .filter_map(|(p, v)| Some((cache_pattern(p).ok()?, v.to_string())))
            .collect();
        let prefix = crate::plan::urls::archive_prefix(site);
        let dated_stories = site
            .config
            .permalink
            .trim_start_matches('/')
            .strip_prefix(prefix.as_str())
            .is_some_and(|rest| rest.starts_with(":year"));
        Objects {
            rules,
            story: story_pattern(&site.config.permalink),
            listings: site
                .config
                .taxonomies
                .iter()
                .map(|t| crate::plan::urls::taxonomy(t))
                .collect(),
            dated_listings: (!dated_stories).then_some(prefix),
        }
    }

    pub fn cache_control(&self, path: &str) -> &str {
        self.rules
            .iter()
            .find(|(m, _)| m.is_match(path))
            .map_or("public, max-age=300", |(_, v)| v.as_str())
    }

    /// What the record keeps of the object at `path` whose bytes hash to `bytes`: a hash
    /// of the bytes and the headers it goes up with, so that an object whose
    /// `Cache-Control` or type changed (a new rule in `site.toml`) is sent again.
    pub fn object_hash(&self, path: &str, bytes: &Hash) -> Hash {
        let mut h = blake3::Hasher::new();
        h.update(bytes)
            .update(content_type(path).as_bytes())
            .update(b"\n")
            .update(self.cache_control(path).as_bytes());
        *h.finalize().as_bytes()
    }

    pub fn kind(&self, path: &str) -> Kind {
        let ext = extension(path);
        let story = self.story.as_ref().is_some_and(|m| m.is_match(path)) && !self.is_listing(path);
        match ext.as_str() {
            "html" | "htm" if story => Kind::Story,
            "html" | "htm" => Kind::Listing,
            "xml" | "txt" => Kind::Feed,
            _ => Kind::Asset,
        }
    }

    /// Whether `path` is a term's page or a date archive's, which the story pattern may
    /// match as well.
    fn is_listing(&self, path: &str) -> bool {
        let in_year = |rest: &str| {
            let b = rest.as_bytes();
            b.len() > 4 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'/'
        };
        self.listings.iter().any(|l| path.starts_with(l.as_str()))
            || self
                .dated_listings
                .as_ref()
                .and_then(|prefix| path.strip_prefix(prefix.as_str()))
                .is_some_and(in_year)
    }
}

/// `Content-Type` for a file: by extension, text types in UTF-8 (as Gazette writes them).
pub fn content_type(path: &str) -> String {
    let ext = extension(path);
    let essence = match ext.as_str() {
        "html" | "htm" => "text/html",
        "xml" => "application/xml",
        "json" => "application/json",
        "js" | "mjs" => "text/javascript",
        "txt" => "text/plain",
        "wasm" => "application/wasm",
        _ => {
            let mime = mime_guess::from_ext(&ext).first_or_octet_stream();
            let text = mime.type_() == "text" || mime.suffix().is_some_and(|s| s == "xml");
            return if text && mime.get_param("charset").is_none() {
                format!("{}; charset=utf-8", mime.essence_str())
            } else {
                mime.essence_str().to_string()
            };
        }
    };
    if essence == "application/wasm" {
        essence.to_string()
    } else {
        format!("{essence}; charset=utf-8")
    }
}

fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The files of story pages as a pattern: the permalink with its date tokens as digits and
/// its slug and section as one folder name (`/:year/:month/:day/:slug/` →
/// `[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html`).
fn story_pattern(permalink: &str) -> Option<GlobMatcher> {
    let mut pattern = permalink.trim_start_matches('/').to_string();
    // Glob syntax in the permalink's own text is matched literally.
    for c in ['[', ']', '{', '}', '*', '?', '\\'] {
        pattern = pattern.replace(c, &format!("[{c}]"));
    }
    let pattern = pattern
        .replace(":year", "[0-9][0-9][0-9][0-9]")
        .replace(":month", "[0-9][0-9]")
        .replace(":day", "[0-9][0-9]")
        .replace(":slug", "*")
        .replace(":section", "*");
    let file = if pattern.ends_with('/') || pattern.is_empty() {
        format!("{pattern}index.html")
    } else {
        pattern
    };
    globset::GlobBuilder::new(&file)
        .literal_separator(true)
        .build()
        .ok()
        .map(|g| g.compile_matcher())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objects(rules: &str) -> Objects {
        let text = format!(
            "permalink = \"/:year/:month/:day/:slug/\"\n[deploy.live]\nurl = \"s3://news\"\n{rules}"
        );
        let site =
            crate::config::parse(std::path::Path::new("site.toml"), ".".as_ref(), &text).unwrap();
        let target = site.config.deploy["live"].clone();
        Objects::new(&site, &target)
    }

    #[test]
    fn defaults_keep_pages_short_and_fingerprinted_files_long() {
        let o = objects("");
        assert_eq!(o.cache_control("index.html"), "public, max-age=300");
        assert_eq!(
            o.cache_control("2021/09/25/vote/index.html"),
            "public, max-age=300"
        );
        assert_eq!(o.cache_control("rss.xml"), "public, max-age=300");
        assert_eq!(
            o.cache_control("search/pagefind/shards/2021/fragment/en_1.pf_fragment"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            o.cache_control("images/pier.svg"),
            "public, max-age=2592000"
        );
        assert_eq!(o.cache_control("style.css"), "public, max-age=3600");
    }

    #[test]
    fn the_sites_rules_come_first_in_their_order() {
        let o = objects(
            "cache_control = [{ path = \"images/**\", value = \"no-cache\" }, { path = \"*.html\", value = \"max-age=60\" }]",
        );
        assert_eq!(o.cache_control("images/a/b.png"), "no-cache");
        assert_eq!(o.cache_control("world/index.html"), "max-age=60");
        assert_eq!(o.cache_control("other/b.png"), "public, max-age=2592000");
    }

    #[test]
    fn kinds_follow_the_permalink() {
        let o = objects("");
        assert_eq!(o.kind("2021/09/25/vote/index.html"), Kind::Story);
        assert_eq!(o.kind("2021/09/25/index.html"), Kind::Listing);
        assert_eq!(o.kind("2021/09/page/2/index.html"), Kind::Listing);
        assert_eq!(o.kind("tags/vote/index.html"), Kind::Listing);
        assert_eq!(o.kind("sitemap.xml"), Kind::Feed);
        assert_eq!(o.kind("robots.txt"), Kind::Feed);
        assert_eq!(o.kind("style.css"), Kind::Asset);
    }

    #[test]
    fn listings_the_story_pattern_matches_are_listings() {
        let text = "permalink = \"/:section/:slug/\"\ntaxonomies = [\"tags\", \"authors\"]\n[deploy.live]\nurl = \"s3://news\"\n";
        let site =
            crate::config::parse(std::path::Path::new("site.toml"), ".".as_ref(), text).unwrap();
        let o = Objects::new(&site, &site.config.deploy["live"]);
        assert_eq!(o.kind("world/ferry-resumes/index.html"), Kind::Story);
        assert_eq!(o.kind("tags/harbour/index.html"), Kind::Listing);
        assert_eq!(o.kind("authors/jane-doe/index.html"), Kind::Listing);
        assert_eq!(o.kind("2026/03/index.html"), Kind::Listing);
        assert_eq!(o.kind("world/index.html"), Kind::Listing);
    }

    #[test]
    fn text_types_say_utf_8() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("rss.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("images/p.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("images/p.png"), "image/png");
        assert_eq!(content_type("x.pf_fragment"), "application/octet-stream");
    }
}
