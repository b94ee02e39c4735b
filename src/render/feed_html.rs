//! A story's body as a feed carries it: every link and image made absolute against the
//! story's own address (a feed reader has no page to resolve `/images/pier.jpg` or `#fn-1`
//! against), by ammonia's rewriting of relative URLs over a real HTML5 parser, so that raw
//! HTML in a body is covered as well as Markdown's links. Ammonia also keeps to its default
//! allow-list of elements, which is what feed readers show anyway: no scripts, styles or
//! frames leave the site through a feed.

use ammonia::{Builder, UrlRelative};
use url::Url;

/// `html` (a story's body) for a feed item whose page is at `permalink`; when `permalink`
/// is not an absolute URL (a `base_url` without a scheme cannot pass the configuration's
/// checks, so this is a last resort), the body as it is.
pub fn feed_html(html: &str, permalink: &str) -> String {
    let Ok(base) = Url::parse(permalink) else {
        return html.to_string();
    };
    Builder::default()
        .url_relative(UrlRelative::RewriteWithBase(base))
        .add_generic_attributes(["id"])
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_address_is_absolute_and_scripts_stay_home() {
        let html = r##"<p><a href="/2021/other/">x</a> <a href="#fn-1">1</a> <img src="../img/a.jpg" alt=""> <a href="https://elsewhere.example/">e</a></p><script>alert(1)</script>"##;
        let out = feed_html(html, "https://news.example.org/2021/09/25/vote/");
        for want in [
            r#"href="https://news.example.org/2021/other/""#,
            r#"href="https://news.example.org/2021/09/25/vote/#fn-1""#,
            r#"src="https://news.example.org/2021/09/25/img/a.jpg""#,
            r#"href="https://elsewhere.example/""#,
        ] {
            assert!(out.contains(want), "{want} in {out}");
        }
        assert!(!out.contains("script"), "{out}");
    }
}
