//! The last check on imported feed content: the page a story's Markdown renders to (with
//! the build's own renderer) may hold only the elements and attributes the sanitizer keeps,
//! plus the few the renderer itself adds (heading ids, footnotes, table alignment), and
//! only http, https, mailto or in-page addresses. Markdown can make markup of its own
//! (`{onclick=…}` heading attributes, `[x](javascript:…)` links, raw HTML), so the
//! converted text is checked, not trusted. Written by hand: it checks our renderer's
//! output against our allow-list, which no crate knows.

use super::dom;
use super::sanitize::{ATTRIBUTES, SCHEMES, TAGS, URL_ATTRIBUTES};

/// Elements the renderer adds around what the sanitizer kept (the fragment's own root,
/// footnotes).
const RENDERER_TAGS: &[&str] = &["html", "div", "section"];

/// Why the rendered page of some Markdown is not safe to publish, or `Ok`.
pub fn check_rendered(markdown: &str) -> Result<(), String> {
    let html = crate::render::to_html(markdown);
    for (tag, attrs) in dom::elements(&dom::parse(&html)) {
        if !TAGS.contains(&tag.as_str()) && !RENDERER_TAGS.contains(&tag.as_str()) {
            return Err(format!("it would render a <{tag}> element"));
        }
        for (name, value) in &attrs {
            if !allowed(&tag, name, value) {
                return Err(format!("it would render <{tag} {name}=\"{value}\">"));
            }
        }
    }
    Ok(())
}

fn allowed(tag: &str, name: &str, value: &str) -> bool {
    let listed = ATTRIBUTES
        .iter()
        .any(|(t, names)| *t == tag && names.contains(&name));
    if listed {
        return !URL_ATTRIBUTES.contains(&name) || safe_address(value);
    }
    let heading = matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
    // What `render::footnotes` writes: numbered ids, its classes and labels.
    let numbered = |prefix: &str| {
        value
            .strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    match name {
        "id" => heading || (tag == "li" && numbered("fn-")) || (tag == "sup" && numbered("fnref-")),
        "class" => matches!(
            (tag, value),
            ("section", "footnotes") | ("sup", "footnote-ref") | ("a", "footnote-back")
        ),
        "aria-label" => matches!(tag, "section" | "a"),
        "style" => {
            matches!(tag, "th" | "td")
                && matches!(
                    value,
                    "text-align: left" | "text-align: center" | "text-align: right"
                )
        }
        _ => false,
    }
}

/// An absolute address with an allowed scheme, or a link within the page.
fn safe_address(value: &str) -> bool {
    let value = value.trim();
    value.starts_with('#') || url::Url::parse(value).is_ok_and(|u| SCHEMES.contains(&u.scheme()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_that_makes_markup_of_its_own_is_caught() {
        assert!(check_rendered("A [link](https://example.org/) and *more*.\n\n## Vote\n").is_ok());
        assert!(check_rendered("Note[^1]\n\n[^1]: A footnote.\n").is_ok());
        assert!(check_rendered("a | b\n:-|:-:\n1 | 2\n").is_ok());
        assert!(check_rendered("[x](javascript:alert(1))").is_err());
        assert!(check_rendered("## Vote {onclick=alert(1)}").is_err());
        assert!(check_rendered("<script>alert(1)</script>").is_err());
        assert!(check_rendered("![x](data:image/svg+xml,abc)").is_err());
        assert!(check_rendered("- [ ] task").is_err());
        assert!(check_rendered("[rel](/inside/our/site)").is_err());
    }
}
