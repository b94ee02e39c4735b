//! Markdown bodies to HTML with pulldown-cmark; headings get stable, unique `id`s.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, html};

use crate::core::{markdown_options, slugify};

pub fn to_html(markdown: &str) -> String {
    to_html_with(markdown, &|_: &BodyImage| None)
}

/// A body image as Markdown wrote it: `![alt](dest "title")`, and whether it is alone in
/// its paragraph.
pub struct BodyImage<'a> {
    pub dest: &'a str,
    pub alt: &'a str,
    pub title: &'a str,
    pub alone: bool,
}

/// [`to_html`], with each image whose HTML `image` gives replaced by it (a paragraph
/// holding only that image by it as a block).
pub fn to_html_with(markdown: &str, image: &dyn Fn(&BodyImage) -> Option<String>) -> String {
    let mut events: Vec<Event> = Parser::new_ext(markdown, markdown_options()).collect();
    let mut used: HashSet<String> = HashSet::new();
    // Ids written by the author (`{#id}`) are taken first.
    for e in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            used.insert(id.to_string());
        }
    }
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            for e in &events[i + 1..] {
                match e {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let base = match slugify(&text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            };
            let mut id = base.clone();
            let mut n = 1;
            while used.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            used.insert(id.clone());
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
        }
        i += 1;
    }
    let events = super::body_images::replace(events, image);
    let events = super::footnotes::arrange(events);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids() {
        let html = to_html("## Vote\n\n## Vote\n\n## Другое {#own}\n");
        assert!(html.contains(r#"<h2 id="vote">Vote</h2>"#), "{html}");
        assert!(html.contains(r#"<h2 id="vote-1">Vote</h2>"#), "{html}");
        assert!(html.contains(r#"id="own""#), "{html}");
    }

    #[test]
    fn extensions_are_on() {
        let html = to_html("a | b\n--|--\n1 | 2\n\n~~x~~ \"q\" - [ ] t\n\nNote[^1]\n\n[^1]: f\n");
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>x</del>"));
        assert!(html.contains("“q”"));
        assert!(html.contains("class=\"footnotes\""));
    }

    #[test]
    fn notes_are_numbered_as_cited_gathered_at_the_end_and_link_back() {
        let html = to_html(
            "[^later]: Defined first, cited second.\n\nOne[^b] two[^later] again[^b].\n\n[^b]: Cited *first*.\n\n[^never]: Not cited.\n\nLast paragraph.\n",
        );
        let body = &html[..html.find("<section").unwrap_or(0)];
        assert!(
            body.contains("One<sup class=\"footnote-ref\" id=\"fnref-1\"><a href=\"#fn-1\""),
            "{html}"
        );
        assert!(
            body.contains("two<sup class=\"footnote-ref\" id=\"fnref-2\"><a href=\"#fn-2\""),
            "{html}"
        );
        // A second citation of one note has no id of its own.
        assert!(
            body.contains("again<sup class=\"footnote-ref\"><a href=\"#fn-1\""),
            "{html}"
        );
        assert!(
            body.contains("<p>Last paragraph.</p>") && !body.contains("Defined first"),
            "{html}"
        );
        let notes = &html[html.find("<section").unwrap_or(0)..];
        let order = [
            "id=\"fn-1\"",
            "Cited <em>first</em>.",
            "#fnref-1",
            "id=\"fn-2\"",
            "#fnref-2",
            "id=\"fn-3\"",
            "Not cited.",
        ];
        let mut at = 0;
        for part in order {
            let found = notes[at..]
                .find(part)
                .unwrap_or_else(|| panic!("{part} after {at} in {notes}"));
            at += found;
        }
        assert!(
            !notes.contains("#fnref-3"),
            "an uncited note links back to nothing: {notes}"
        );
    }
}
