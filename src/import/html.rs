//! Feed HTML to story Markdown, and HTML's text for titles, summaries and names.
//!
//! A body goes through three steps: [`sanitize`](super::sanitize) keeps only what news
//! copy needs; htmd (over html5ever) converts that to Markdown, keeping as HTML what
//! Markdown cannot say (a figure, a table cell spanning columns); and the result is kept
//! only when it renders to the same text as the sanitized HTML and passes
//! [`safe::check_rendered`](super::safe::check_rendered). Otherwise the sanitized HTML is
//! kept as an HTML block under the same two checks, and failing that the text alone.

use htmd::HtmlToMarkdown;
use htmd::options::{BrStyle, BulletListMarker, Options, TranslationMode};
use pulldown_cmark::{Options as MarkdownOptions, Parser};
use url::Url;

use super::{dom, escape, safe, sanitize};

/// Deeper HTML is not handed to the converter (which recurses): its text is kept.
const MAX_DEPTH: usize = 48;

/// A feed body as Markdown, with a note when its markup could not be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub markdown: String,
    pub note: Option<String>,
}

/// Converts a feed's HTML to Markdown, safely (see the module comment). Relative
/// addresses are resolved against `base`, or dropped without one.
pub fn to_markdown(html: &str, base: Option<&Url>) -> Body {
    let clean = sanitize::clean(html, base);
    let root = dom::parse(&clean);
    let expected = comparable(&dom::text(&root));
    let keeps = |markdown: &str| {
        comparable(&rendered_text(markdown)) == expected && safe::check_rendered(markdown).is_ok()
    };
    if dom::depth(&root) <= MAX_DEPTH
        && let Ok(markdown) = converter().convert(&clean)
    {
        let markdown = markdown.trim().to_string();
        if keeps(&markdown) {
            return Body {
                markdown,
                note: None,
            };
        }
    }
    let block = html_block(&clean);
    if keeps(&block) {
        return Body {
            markdown: block,
            note: None,
        };
    }
    let text = escape::text_to_markdown(&dom::text(&root));
    let markdown = if safe::check_rendered(&text).is_ok() {
        text
    } else {
        String::new()
    };
    Body {
        markdown,
        note: Some(
            "its HTML could not be kept safely as it was; only its text was imported".into(),
        ),
    }
}

fn converter() -> HtmlToMarkdown {
    HtmlToMarkdown::builder()
        .options(Options {
            br_style: BrStyle::Backslash,
            bullet_list_marker: BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            translation_mode: TranslationMode::Faithful,
            ..Options::default()
        })
        .build()
}

/// Sanitized HTML as one Markdown HTML block: inside a `<div>`, without blank lines
/// (which would end the block and let Markdown read the rest).
fn html_block(clean: &str) -> String {
    let lines: Vec<&str> = clean.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return String::new();
    }
    format!("<div>\n{}\n</div>", lines.join("\n"))
}

/// The text some Markdown renders to, without the typographic quotes and dashes the
/// build adds (which change no word).
fn rendered_text(markdown: &str) -> String {
    let options = crate::core::markdown_options() - MarkdownOptions::ENABLE_SMART_PUNCTUATION;
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, options));
    dom::text(&dom::parse(&html))
}

/// Text as the conversion check compares it: non-breaking spaces as spaces, collapsed.
fn comparable(text: &str) -> String {
    dom::collapse(&text.replace('\u{a0}', " "))
}

/// The text of some HTML: tags removed, every character reference decoded, hidden
/// elements (scripts, styles) left out, white space collapsed.
pub fn to_plain_text(html: &str) -> String {
    dom::text(&dom::parse(html))
}

/// Decodes the character references in plain text (`Q&amp;A` → `Q&A`, `&#8217;`, and
/// every named reference HTML knows), leaving everything else as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    // As the text of an element, with `<` escaped so nothing in it is read as a tag.
    dom::raw_text(&dom::parse(&text.replace('<', "&lt;")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        to_markdown(
            html,
            Url::parse("https://example.org/news/item").ok().as_ref(),
        )
        .markdown
    }

    #[test]
    fn converts_rich_html() {
        let out = md("<p>The <strong>pier</strong> is <em>open</em>, see \
                      <a href=\"/notice\">the notice</a>.</p><h2>Timetable</h2>\
                      <ul><li>Ferries <b>daily</b></li><li>Freight</li></ul>\
                      <blockquote><p>We are ready.</p></blockquote>");
        assert!(out.contains("**pier**"), "{out}");
        assert!(
            out.contains("[the notice](https://example.org/notice)"),
            "{out}"
        );
        assert!(out.contains("## Timetable"), "{out}");
        assert!(out.contains("- Ferries **daily**"), "{out}");
        assert!(out.contains("> We are ready."), "{out}");
    }

    #[test]
    fn text_that_looks_like_markup_stays_text() {
        let body = to_markdown(
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; and [x](javascript:y)</p>",
            None,
        );
        let html = crate::render::to_html(&body.markdown);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(rendered_text(&body.markdown).contains("<script>alert(1)</script>"));
    }

    #[test]
    fn decodes_entities_only() {
        assert_eq!(
            decode_entities("Q&amp;A &#8211; &ldquo;x&rdquo; &bogus; AT&T <b>"),
            "Q&A \u{2013} \u{201c}x\u{201d} &bogus; AT&T <b>"
        );
        assert_eq!(
            to_plain_text("<p>One</p><p>two &amp; <b>three</b></p>"),
            "One two & three"
        );
    }
}
