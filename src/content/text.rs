//! Text helpers shared by the stages: slugs (with transliteration) and plain-text summaries.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A URL slug: lowercase ASCII words joined by `-`; non-Latin scripts are transliterated
/// (`Паром вернулся` → `parom-vernulsia`).
pub fn slugify(text: &str) -> String {
    // The Cyrillic soft and hard signs have no Latin letter: transliterated as apostrophes
    // they would split words (`Архангельск` → `arkhangel-sk`), so they are dropped.
    slug::slugify(text.replace(['ь', 'Ь', 'ъ', 'Ъ'], ""))
}

/// The first paragraph of a Markdown body as plain text (at most ~300 characters).
pub fn first_paragraph(markdown: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for event in Parser::new_ext(markdown, super::markdown_options()) {
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
    fn cyrillic_is_transliterated() {
        assert_eq!(
            slugify("Паром вернулся в Архангельск"),
            "parom-vernulsia-v-arkhangelsk"
        );
        assert_eq!(slugify("U.N. votes: \"yes\" & no"), "u-n-votes-yes-no");
    }

    #[test]
    fn summary_skips_headings_and_keeps_text() {
        let md = "# Head\n\nFirst *para* with `code`\nwrapped.\n\nSecond.";
        assert_eq!(first_paragraph(md), "First para with code wrapped.");
        assert_eq!(first_paragraph(""), "");
    }
}
