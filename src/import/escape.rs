//! Plain text as Markdown that shows it as written: the few characters Markdown would
//! read as markup are escaped. Written by hand: it is a dozen lines that no crate offers
//! alone, and wire copy needs only this.

/// Escapes text so that Markdown shows it as written.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes what would make a line start a block: `#`, `+`, `-`, `=`, `1.`, `1)`.
pub fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    if matches!(first, Some('#' | '+' | '-' | '=')) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && matches!(line[digits..].chars().next(), Some('.' | ')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

/// Plain text as Markdown paragraphs: blank lines separate paragraphs, text is escaped.
pub fn text_to_markdown(text: &str) -> String {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs
        .iter()
        .map(|p| escape_line_start(&escape_text(p)))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_markdown_would_read() {
        assert_eq!(
            escape_line_start(&escape_text("2025. A *star* & a [link] <b> &amp;")),
            "2025\\. A \\*star\\* & a \\[link\\] \\<b\\> \\&amp;"
        );
        assert_eq!(
            text_to_markdown("one\ntwo\n\n# three"),
            "one two\n\n\\# three"
        );
    }
}
