//! A story's Markdown body as the plain text the search index holds: words only, blocks
//! separated by spaces, headings marked with Pagefind weight markers, raw HTML stripped.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::core::markdown_options;

/// Pagefind reads whitespace-separated words starting with this as instructions, not text.
const MARKER: &str = "___";
/// Stand-ins for Pagefind's weight markers while the text is built (private-use
/// characters, removed from the prose), replaced once the prose is defused.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The plain text of a Markdown body. Headings are wrapped in Pagefind's weight markers
/// (`___PAGEFIND_WEIGHT___6 … ___END_PAGEFIND_WEIGHT___`) with the weights Pagefind gives
/// `<h1>`–`<h6>` in HTML, so a word in a subhead ranks above the same word in a paragraph.
pub fn plain_text(markdown: &str) -> String {
    let mut out = Text::default();
    // Text inside raw HTML `<script>`/`<style>` is not prose.
    let mut skip_html_until: Option<&'static str> = None;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                out.marker(&format!("{OPEN}{}", weight(level)));
            }
            Event::End(TagEnd::Heading(_)) => {
                // An excerpt that runs from a subhead into its paragraph reads as two
                // sentences ("Ferries and roads. All sailings …"), not one.
                out.end_sentence();
                out.marker(CLOSE.encode_utf8(&mut [0; 4]))
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                out.text(&t)
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                out.text(&strip_tags(&t, &mut skip_html_until));
            }
            Event::FootnoteReference(_) | Event::SoftBreak | Event::HardBreak | Event::Rule => {
                out.space()
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition
                | TagEnd::HtmlBlock,
            ) => out.space(),
            _ => {}
        }
    }
    out.finish()
}

/// Plain text that is not Markdown (a standfirst): whitespace collapsed, markers defused.
pub fn words(text: &str) -> String {
    let mut out = Text::default();
    out.text(text);
    out.finish()
}

/// Pagefind's weights for HTML headings.
fn weight(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 7,
        HeadingLevel::H2 => 6,
        HeadingLevel::H3 => 5,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 3,
        HeadingLevel::H6 => 2,
    }
}

/// The text outside the tags of a piece of raw HTML, with the commonest entities decoded.
/// `skip` carries an open `<script>` or `<style>` element across pieces.
fn strip_tags(html: &str, skip: &mut Option<&'static str>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        if let Some(end) = *skip {
            match find_ci(rest, end) {
                Some(i) => {
                    let after = &rest[i + end.len()..];
                    rest = after.find('>').map_or("", |j| &after[j + 1..]);
                    *skip = None;
                }
                None => return decode_entities(&out),
            }
        }
        let Some(open) = rest.find('<') else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..open]);
        let tag = &rest[open..];
        for (name, end) in [("<script", "</script"), ("<style", "</style")] {
            if tag.len() >= name.len() && tag[..name.len()].eq_ignore_ascii_case(name) {
                *skip = Some(end);
            }
        }
        match tag.find('>') {
            Some(close) => {
                // A tag separates words (`<br>`, `</td><td>`).
                out.push(' ');
                rest = &tag[close + 1..];
            }
            None => break,
        }
    }
    decode_entities(&out)
}

/// Position of `needle` (ASCII) in `haystack`, ignoring ASCII case.
fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    (0..=h.len().saturating_sub(n.len()))
        .find(|&i| h.len() >= n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Text being built: words separated by single spaces.
#[derive(Default)]
struct Text(String);

impl Text {
    fn space(&mut self) {
        if !self.0.is_empty() && !self.0.ends_with(' ') {
            self.0.push(' ');
        }
    }

    /// A full stop after text that ends without one (a heading's last word).
    fn end_sentence(&mut self) {
        let text = self.0.trim_end();
        // An empty heading: nothing to end (its last word is the weight marker).
        if text.rsplit(' ').next().is_some_and(|w| w.starts_with(OPEN)) {
            return;
        }
        let last = text.chars().next_back();
        if last.is_some_and(|c| c.is_alphanumeric() || matches!(c, ')' | '»' | '”' | '"')) {
            let len = self.0.trim_end().len();
            self.0.truncate(len);
            self.0.push('.');
        }
    }

    /// A Pagefind marker: a word of its own.
    fn marker(&mut self, m: &str) {
        self.space();
        self.0.push_str(m);
        self.0.push(' ');
    }

    /// Prose, with whitespace collapsed.
    fn text(&mut self, t: &str) {
        if t.starts_with(char::is_whitespace) {
            self.space();
        }
        let mut first = true;
        for word in t.split_whitespace() {
            if !first {
                self.0.push(' ');
            }
            first = false;
            self.0
                .extend(word.chars().filter(|&c| c != OPEN && c != CLOSE));
        }
        if t.ends_with(char::is_whitespace) {
            self.space();
        }
    }

    /// The text with the markers in place. A word of the prose that would read as a
    /// Pagefind marker loses its leading underscores.
    fn finish(self) -> String {
        let mut out = String::with_capacity(self.0.len() + 64);
        for word in self.0.split(' ').filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            if let Some(weight) = word.strip_prefix(OPEN) {
                out.push_str("___PAGEFIND_WEIGHT___");
                out.push_str(weight);
            } else if word.chars().eq([CLOSE]) {
                out.push_str("___END_PAGEFIND_WEIGHT___");
            } else if word.starts_with(MARKER) && word.contains("PAGEFIND") {
                out.push_str(word.trim_start_matches('_'));
            } else {
                out.push_str(word);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_words_separated_by_spaces() {
        let md = "First *para* with `code`\nwrapped.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(
            plain_text(md),
            "First para with code wrapped. one two a b 1 2"
        );
    }

    #[test]
    fn headings_are_weighted() {
        assert_eq!(
            plain_text("## Vote results\n\nText."),
            "___PAGEFIND_WEIGHT___6 Vote results. ___END_PAGEFIND_WEIGHT___ Text."
        );
        // A heading ends a sentence once; an empty one has nothing to end.
        assert_eq!(
            plain_text("## What next?\n\n##\n\nText."),
            "___PAGEFIND_WEIGHT___6 What next? ___END_PAGEFIND_WEIGHT___ ___PAGEFIND_WEIGHT___6 ___END_PAGEFIND_WEIGHT___ Text."
        );
    }

    #[test]
    fn raw_html_is_stripped_and_scripts_dropped() {
        let md = "<figure><img src=\"x.png\" alt=\"\"><figcaption>The pier &amp; the ferry</figcaption></figure>\n\n<script>var x = 1;</script>\n\nAfter<br>line.";
        assert_eq!(plain_text(md), "The pier & the ferry After line.");
    }

    #[test]
    fn text_cannot_forge_markers() {
        assert_eq!(
            plain_text("A ___PAGEFIND_WEIGHT___9 word"),
            "A PAGEFIND_WEIGHT___9 word"
        );
    }

    #[test]
    fn cyrillic_text_passes_through() {
        assert_eq!(
            plain_text("Паром **вернулся** в Архангельск."),
            "Паром вернулся в Архангельск."
        );
    }
}
