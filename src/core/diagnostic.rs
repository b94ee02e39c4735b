//! Diagnostics: one problem in one file, with its position and a hint on what to do.

use std::fmt;
use std::path::{Path, PathBuf};

use super::chars::escape_forbidden;

/// A problem found in the user's input, reported as `path:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A diagnostic at a byte offset of `text`, which starts at `first_line` of the file.
    pub fn at_offset(
        path: &Path,
        text: &str,
        offset: usize,
        first_line: usize,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_column(text, offset);
        Diagnostic::new(path, line + first_line - 1, column, message)
    }
}

/// `path:line:column: message` and the hint on the next line. A control character in any
/// of them (a file name or a front-matter value quoted in a message) is written as
/// `\u{1b}`, so printing a diagnostic cannot send escape sequences to the terminal.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display().to_string();
        write!(
            f,
            "{}:{}:{}: {}",
            escape_forbidden(&path),
            self.line.max(1),
            self.column.max(1),
            escape_forbidden(&self.message)
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", escape_forbidden(hint))?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// 1-based line and column of `key` at the start of a line of `text` (a TOML or YAML
/// key), or (1, 1) when no line starts with it.
pub fn locate_key(text: &str, key: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            let rest = rest.trim_start();
            if rest.starts_with('=') || rest.starts_with(':') {
                return (i + 1, line.len() - trimmed.len() + 1);
            }
        }
    }
    (1, 1)
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Hint for serde's "unknown field `x`, expected one of ..." messages.
pub fn unknown_field_hint(message: &str, known: &[&str]) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let field = rest.split('`').next()?;
    Some(match suggest(field, known) {
        // Known, but not in the table it is in.
        Some(best) if best == field => format!(
            "`{field}` does not belong in this table; a key of the whole file goes above its first [table]"
        ),
        Some(best) => format!(
            "did you mean `{best}`? (known fields: {})",
            known.join(", ")
        ),
        None => format!("known fields are: {}", known.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nпривет = x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        let pos = text.find('x').unwrap();
        assert_eq!(line_column(text, pos), (2, 10));
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        let d = Diagnostic::new(Path::new("a\u{1b}.md"), 1, 2, "`x\u{7}`").with_hint("\u{9b}");
        assert_eq!(d.to_string(), "a\\u{1b}.md:1:2: `x\\u{7}`\n  hint: \\u{9b}");
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("titel", &["title", "date"]), Some("title"));
        assert_eq!(suggest("zzz", &["title", "date"]), None);
    }
}
