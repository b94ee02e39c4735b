//! A theme's words with `{name}` placeholders, split once into text and names so that
//! putting the values in is one pass and one string (a page asks for such words several
//! times: "Page {n}" for every link of its pagination).

use std::fmt::Write as _;

/// Words split at their placeholders.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// The words as written.
    text: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Name(String),
}

impl Pattern {
    /// `text` split at each `{name}` (letters, digits, `_`); any other brace is text.
    pub fn new(text: &str) -> Pattern {
        let mut parts = Vec::new();
        let mut run = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            if name_len > 0 && after[name_len..].starts_with('}') {
                run.push_str(&rest[..open]);
                if !run.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut run)));
                }
                parts.push(Part::Name(after[..name_len].to_string()));
                rest = &after[name_len + 1..];
            } else {
                run.push_str(&rest[..=open]);
                rest = after;
            }
        }
        run.push_str(rest);
        if !run.is_empty() {
            parts.push(Part::Text(run));
        }
        Pattern {
            text: text.to_string(),
            parts,
        }
    }

    /// The words as written, placeholders and all.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The words with `{count}` as `count` (when given) and each other name as `value`
    /// writes it; a name `value` has nothing for stays as it was written.
    pub fn fill(&self, count: Option<i64>, value: &dyn Fn(&str, &mut String) -> bool) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Name(name) => match count {
                    Some(n) if name == "count" => {
                        let _ = write!(out, "{n}");
                    }
                    _ => {
                        if !value(name, &mut out) {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                },
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn args<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str, &mut String) -> bool + 'a {
        move |name, out| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| out.push_str(v))
                .is_some()
        }
    }

    #[test]
    fn names_are_filled_and_other_braces_kept() {
        let p = Pattern::new("{title} (page {n}) {unknown} {not a name} {} {count}{");
        assert_eq!(
            p.fill(Some(3), &args(&[("title", "World"), ("n", "2")])),
            "World (page 2) {unknown} {not a name} {} 3{"
        );
        assert_eq!(
            p.fill(None, &args(&[("count", "x")])),
            "{title} (page {n}) {unknown} {not a name} {} x{"
        );
    }

    proptest! {
        #[test]
        fn text_without_names_comes_back_as_it_is(text in "[^{]*") {
            prop_assert_eq!(Pattern::new(&text).fill(Some(1), &args(&[])), text);
        }

        #[test]
        fn any_text_fills_without_panicking(text in any::<String>(), n in any::<i64>()) {
            let _ = Pattern::new(&text).fill(Some(n), &args(&[("n", "1")]));
        }
    }
}
