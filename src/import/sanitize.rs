//! Feed HTML made safe with ammonia before anything else reads it: a feed is written by a
//! third party, so only what news copy needs is kept (see [`TAGS`] and [`ATTRIBUTES`]),
//! links and images keep http, https and mailto addresses only, and relative ones are
//! resolved against the item's (or the feed's) address so that they do not point into our
//! own site. Scripts, styles, frames, SVG and MathML go with everything inside them.

use std::collections::{HashMap, HashSet};

use ammonia::{Builder, UrlRelative};
use url::Url;

/// The elements kept: text structure, emphasis, links, lists, quotes, headings, tables,
/// images and figures. Anything else is dropped, its text kept.
pub const TAGS: &[&str] = &[
    "p",
    "br",
    "hr",
    "a",
    "em",
    "i",
    "strong",
    "b",
    "u",
    "s",
    "del",
    "ins",
    "sub",
    "sup",
    "small",
    "mark",
    "abbr",
    "cite",
    "q",
    "code",
    "pre",
    "kbd",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "img",
    "figure",
    "figcaption",
];

/// The attributes kept, by element.
pub const ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "title"]),
    ("img", &["src", "alt", "title", "width", "height"]),
    ("abbr", &["title"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("ol", &["start", "reversed"]),
    ("td", &["colspan", "rowspan"]),
    ("th", &["colspan", "rowspan", "scope"]),
];

/// The attributes holding an address, which must use one of [`SCHEMES`].
pub const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite"];

/// The address schemes kept.
pub const SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Elements removed with everything inside them.
const REMOVED_WITH_CONTENT: &[&str] = &[
    "script", "style", "template", "noscript", "iframe", "frame", "frameset", "noembed",
    "noframes", "object", "applet", "embed", "svg", "math", "textarea", "select", "button",
    "title",
];

/// The address relative links are resolved against: `link` (the item's) when it is an
/// absolute http(s) address, else `fallback` (the feed's).
pub fn base_url(link: Option<&str>, fallback: Option<&str>) -> Option<Url> {
    [link, fallback]
        .into_iter()
        .flatten()
        .filter_map(|l| Url::parse(l.trim()).ok())
        .find(|u| matches!(u.scheme(), "http" | "https"))
}

/// `html` with only the allowed elements, attributes and addresses left; relative
/// addresses resolved against `base` (dropped when there is none).
pub fn clean(html: &str, base: Option<&Url>) -> String {
    let tag_attributes: HashMap<&str, HashSet<&str>> = ATTRIBUTES
        .iter()
        .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
        .collect();
    let mut builder = Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
        .tag_attributes(tag_attributes)
        .url_schemes(SCHEMES.iter().copied().collect())
        .link_rel(None)
        .strip_comments(true)
        .url_relative(match base {
            Some(base) => UrlRelative::RewriteWithBase(base.clone()),
            None => UrlRelative::Deny,
        });
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_news_copy_and_drops_the_rest() {
        let base = base_url(Some("https://news.example.org/2025/03/pier/"), None);
        let html = "<p onclick=x()>Pier <a href=\"/notice\">notice</a> \
                    <a href=\"javascript:alert(1)\">bad</a><img src=\"data:image/png;base64,AA\">\
                    <img src=\"pic.jpg\" alt=\"Pier\"></p><script>alert(1)</script>\
                    <iframe src=\"https://x.example/\">frame text</iframe>";
        let out = clean(html, base.as_ref());
        assert_eq!(
            out,
            "<p>Pier <a href=\"https://news.example.org/notice\">notice</a> <a>bad</a><img>\
             <img src=\"https://news.example.org/2025/03/pier/pic.jpg\" alt=\"Pier\"></p>"
        );
    }
}
