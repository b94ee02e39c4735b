//! Markdown as every stage reads it: the extensions Gazette enables, and a body's first
//! paragraph as plain text (the default summary).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The Markdown extensions Gazette enables everywhere.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The first paragraph of a Markdown body as plain text (at most ~300 characters).
pub fn first_paragraph(markdown: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(Tag::Paragraph) => depth += 1,
            Event::End(TagEnd::Paragraph) if depth > 0 => {
                if !out.trim().is_empty() {
                    break;
                }
                depth -= 1;
            }
            Event::Text(t) | Event::Code(t) if depth > 0 => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if depth > 0 => out.push(' '),
            _ => {}
        }
    }
    truncate_words(out.split_whitespace().collect::<Vec<_>>().join(" "), 300)
}

fn truncate_words(text: String, max: usize) -> String {
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_skips_headings_and_keeps_text() {
        let md = "# Head\n\nFirst *para* with `code`\nwrapped.\n\nSecond.";
        assert_eq!(first_paragraph(md), "First para with code wrapped.");
        assert_eq!(first_paragraph(""), "");
    }
}
