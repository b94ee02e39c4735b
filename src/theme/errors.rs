//! Template errors as diagnostics: each one at the file, line and column Tera names (the
//! template where the problem is, which may be one another template extends, includes or
//! takes a component from), with what to write instead of a Tera 1 construct that Tera 2
//! refuses.

use std::path::{Path, PathBuf};

use tera::ErrorKind;

use crate::core::Diagnostic;

/// The functions a page may not call, since its output must follow from its sources alone
/// (builds that skip unchanged pages would leave it stale): no clock, environment or dice.
pub(super) const FORBIDDEN_FUNCTIONS: [&str; 3] = ["now", "get_env", "get_random"];

/// Where the templates came from: each one's file and text, by template name.
pub(super) trait Sources {
    /// The file and text of template `name`, when there is one.
    fn source(&self, name: &str) -> Option<(&Path, &str)>;
    /// Where to point a problem that names no template.
    fn fallback(&self) -> PathBuf;
}

/// Every problem in a Tera error, each as a diagnostic at its template's file.
pub(super) fn diagnostics(e: &tera::Error, sources: &impl Sources) -> Vec<Diagnostic> {
    let whole_file = |name: &str| {
        let path = sources
            .source(name)
            .map_or_else(|| sources.fallback(), |(p, _)| p.to_path_buf());
        vec![Diagnostic::new(&path, 0, 0, flatten(&e.to_string()))]
    };
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let report = Report {
                message: r.message().to_string(),
                template: r.filename().to_string(),
                line: r.span().start_line,
                column: r.span().start_col + 1,
                notes: notes(&e.to_string()),
            };
            vec![report.diagnostic(sources)]
        }
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            whole_file(tpl)
        }
        ErrorKind::MissingParent { current, .. } => whole_file(current),
        ErrorKind::TemplateNotFound(name) => whole_file(name),
        _ => {
            let text = e.to_string();
            let reports = reports(&text);
            if reports.is_empty() {
                // "Component `x` is defined in both `a.html` and `b.html`": the first
                // template it names.
                let named = text
                    .split('`')
                    .skip(1)
                    .step_by(2)
                    .find(|n| sources.source(n).is_some());
                whole_file(named.unwrap_or_default())
            } else {
                reports.iter().map(|r| r.diagnostic(sources)).collect()
            }
        }
    }
}

/// One problem as Tera reports it.
#[derive(Debug, PartialEq)]
struct Report {
    message: String,
    template: String,
    /// 1-based.
    line: usize,
    /// 1-based, in characters.
    column: usize,
    /// Where the template was called from, outermost last: (template, line, column).
    notes: Vec<(String, usize, usize)>,
}

impl Report {
    /// The diagnostic at the report's file, with Gazette's message for a forbidden function
    /// and a hint for a Tera 1 construct.
    fn diagnostic(&self, sources: &impl Sources) -> Diagnostic {
        let (path, text) = sources
            .source(&self.template)
            .map_or_else(|| (sources.fallback(), ""), |(p, t)| (p.to_path_buf(), t));
        let mut message = forbidden_call(&self.message).unwrap_or_else(|| flatten(&self.message));
        for (template, line, column) in &self.notes {
            let from = sources
                .source(template)
                .map_or_else(|| PathBuf::from(template), |(p, _)| p.to_path_buf());
            message.push_str(&format!(
                " (called from {}:{line}:{column})",
                from.display()
            ));
        }
        let at = text_at(text, self.line, self.column);
        let d = Diagnostic::new(&path, self.line, self.column, message);
        match super::tera1::hint(&self.message, at.0, at.1) {
            Some(hint) => d.with_hint(hint),
            None => d,
        }
    }
}

/// Gazette's message for a call to a function a theme may not use.
fn forbidden_call(message: &str) -> Option<String> {
    let name = message
        .strip_prefix("Unknown function `")?
        .strip_suffix('`')?;
    FORBIDDEN_FUNCTIONS.contains(&name).then(|| {
        format!(
            "`{name}()` is not available in Gazette themes: a page may show only what its \
             sources hold (use a story's date, or a value from site.toml's `extra`)"
        )
    })
}

/// The line of `text` at 1-based `line`, split at 1-based `column` (in characters): what
/// comes before the position and what starts there.
fn text_at(text: &str, line: usize, column: usize) -> (&str, &str) {
    let l = text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
    let at = l
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(l.len(), |(i, _)| i);
    l.split_at(at)
}

/// The reports in a message that joins several (`error: …`, ` --> name:line:column`, the
/// source lines, `note: called from name:line:column`), in order.
fn reports(text: &str) -> Vec<Report> {
    let mut out: Vec<Report> = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some(at)) = (message, line.trim_start().strip_prefix("--> ")) {
            if let Some((template, l, c)) = location(at) {
                out.push(Report {
                    message: m.to_string(),
                    template,
                    line: l,
                    column: c,
                    notes: Vec::new(),
                });
            }
            message = None;
        } else if let (Some(note), Some(last)) = (line.strip_prefix("note: "), out.last_mut()) {
            last.notes.extend(note_location(note));
        }
    }
    out
}

/// The call sites in a report's `note:` lines.
fn notes(text: &str) -> Vec<(String, usize, usize)> {
    text.lines()
        .filter_map(|l| l.strip_prefix("note: "))
        .filter_map(note_location)
        .collect()
}

/// `name:line:column` at the end of a note (`called from index.html:3:5`).
fn note_location(note: &str) -> Option<(String, usize, usize)> {
    location(note.rsplit(' ').next()?)
}

/// `name:line:column` as its parts (a name may hold `:`, the numbers do not).
fn location(text: &str) -> Option<(String, usize, usize)> {
    let (rest, column) = text.trim().rsplit_once(':')?;
    let (name, line) = rest.rsplit_once(':')?;
    Some((name.to_string(), line.parse().ok()?, column.parse().ok()?))
}

/// A message on one line.
fn flatten(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_report_of_a_joined_message() {
        let text = "error: Unknown filter `as_str`\n --> a.html:2:10\n  |\n2 | {{ x | as_str }}\n  |        ^^^^^^\n\n\
                    error: Unknown component `card`\n  --> b:c.html:12:3\n   |\n12 |   {{ <card /> }}\n\nnote: called from index.html:4:1\n";
        let r = reports(text);
        assert_eq!(r.len(), 2);
        assert_eq!(
            (
                r[0].message.as_str(),
                r[0].template.as_str(),
                r[0].line,
                r[0].column
            ),
            ("Unknown filter `as_str`", "a.html", 2, 10)
        );
        assert_eq!(
            (r[1].template.as_str(), r[1].line, r[1].column),
            ("b:c.html", 12, 3)
        );
        assert_eq!(r[1].notes, vec![("index.html".to_string(), 4, 1)]);
    }

    #[test]
    fn forbidden_functions_get_gazettes_message() {
        assert!(
            forbidden_call("Unknown function `now`")
                .is_some_and(|m| m.contains("`now()` is not available"))
        );
        assert_eq!(forbidden_call("Unknown function `range_of`"), None);
    }

    #[test]
    fn splits_a_line_at_a_column_in_characters() {
        assert_eq!(text_at("a\nпри{{ x }}\n", 2, 4), ("при", "{{ x }}"));
        assert_eq!(text_at("a", 5, 1), ("", ""));
    }
}
