//! Markdown as every stage reads it: the extensions Gazette enables, a body's first
//! paragraph as plain text (the default summary), and the typographic quotes of bodies for
//! text written in front matter.

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

/// `text` with the curly quotes and apostrophes a body gets (`"Fish"` → `“Fish”`,
/// `fishermen's` → `fishermen’s`), for headlines and summaries written in front matter.
/// Made by the Markdown parser that makes bodies', with every other ASCII punctuation mark
/// escaped, so that only quotes change: no Markdown, entity or dash is read in it.
pub fn typographic(text: &str) -> String {
    if !text.contains(['\'', '"']) {
        return text.to_string();
    }
    let mut escaped = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        match c {
            '\n' | '\r' => escaped.push(' '),
            c if c.is_ascii_punctuation() && c != '\'' && c != '"' => {
                escaped.push('\\');
                escaped.push(c);
            }
            c => escaped.push(c),
        }
    }
    let mut out = String::with_capacity(text.len() + 8);
    for event in Parser::new_ext(&escaped, Options::ENABLE_SMART_PUNCTUATION) {
        if let Event::Text(t) = event {
            out.push_str(&t);
        }
    }
    // The parser trims a paragraph; the text keeps its own ends.
    let start = text.len() - text.trim_start().len();
    let end = text.len() - text.trim_end().len();
    format!("{}{out}{}", &text[..start], &text[text.len() - end..])
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
    fn headlines_get_the_quotes_bodies_get_and_nothing_else_changes() {
        let cases = [
            (
                "Harbour cafés say \"Fish & Chips\"",
                "Harbour cafés say “Fish & Chips”",
            ),
            ("The fishermen's vote", "The fishermen’s vote"),
            ("'90s ferry returns", "’90s ferry returns"),
            (
                "1. \"Ten\" *stars* <b>&amp;</b> [x](y) -- ok...",
                "1. “Ten” *stars* <b>&amp;</b> [x](y) -- ok...",
            ),
            ("# \"Hash\"", "# “Hash”"),
            ("- \"Dash\"", "- “Dash”"),
            ("No quotes at all", "No quotes at all"),
            ("Back\\slash \"q\"", "Back\\slash “q”"),
        ];
        for (given, want) in cases {
            assert_eq!(typographic(given), want, "{given}");
        }
    }

    proptest::proptest! {
        /// Whatever a headline holds, only its straight quotes change, each into a curly
        /// one.
        #[test]
        fn only_quotes_change(text in "[ -~àé“’\u{a0}]{0,40}") {
            let text = text.trim();
            let out = typographic(text);
            let (a, b): (Vec<char>, Vec<char>) = (text.chars().collect(), out.chars().collect());
            proptest::prop_assert_eq!(a.len(), b.len(), "{:?} → {:?}", text, out);
            for (x, y) in a.iter().zip(&b) {
                let ok = x == y
                    || (*x == '\'' && matches!(y, '‘' | '’'))
                    || (*x == '"' && matches!(y, '“' | '”'));
                proptest::prop_assert!(ok, "{:?} → {:?}", text, out);
            }
        }
    }

    #[test]
    fn summary_skips_headings_and_keeps_text() {
        let md = "# Head\n\nFirst *para* with `code`\nwrapped.\n\nSecond.";
        assert_eq!(first_paragraph(md), "First para with code wrapped.");
        assert_eq!(first_paragraph(""), "");
    }
}
