//! Front-matter text no page or feed may carry: every string of a story's front matter
//! (keys of `extra` included) is looked at for the characters XML forbids and HTML calls
//! controls ([`crate::core::is_forbidden`]), and each field holding one is a problem at
//! that field's key.

use serde_json::Value;

use super::frontmatter::FrontMatter;
use crate::core::{code_point, forbidden_chars};

/// A front-matter field holding forbidden characters.
pub struct Tainted {
    /// The keys leading to it (`["extra", "credits", "photo"]`); list positions are left
    /// out, since they do not help find the line.
    pub keys: Vec<String>,
    /// The field as the message names it (`extra.credits[1].photo`).
    pub name: String,
    /// Each forbidden character it holds, once.
    pub chars: Vec<char>,
}

impl Tainted {
    /// What is wrong, naming the field and every code point (`U+001B`).
    pub fn message(&self) -> String {
        let name = &self.name;
        let nobody = "that no web page or feed may contain";
        match self.chars.as_slice() {
            [c] => {
                let kind = match c {
                    '\u{fffe}' | '\u{ffff}' => "a noncharacter",
                    _ => "a control character",
                };
                format!(
                    "`{name}` holds {}, {kind} {nobody}; remove it",
                    code_point(*c)
                )
            }
            chars => {
                let list: Vec<String> = chars.iter().map(|c| code_point(*c)).collect();
                let list = list.join(", ");
                format!("`{name}` holds {list}, characters {nobody}; remove them")
            }
        }
    }
}

/// What to do about it.
pub const HINT: &str = "such characters are invisible in most editors and usually come with \
     pasted text: retype the value, or delete the escape that writes it (like `\\u001B`)";

/// Every field of `fm` holding a forbidden character, in the order of the fields.
pub fn tainted(fm: &FrontMatter) -> Vec<Tainted> {
    let mut found = Fields::default();
    found.text(&["title"], &fm.title);
    for (key, value) in [
        ("slug", &fm.slug),
        ("section", &fm.section),
        ("dateline", &fm.dateline),
        ("agency", &fm.agency),
        ("summary", &fm.summary),
        ("image", &fm.image),
        ("image_alt", &fm.image_alt),
        ("image_caption", &fm.image_caption),
        ("image_credit", &fm.image_credit),
        ("source_url", &fm.source_url),
    ] {
        if let Some(value) = value {
            found.text(&[key], value);
        }
    }
    for (key, list) in [
        ("tags", &fm.tags),
        ("authors", &fm.authors),
        ("aliases", &fm.aliases),
    ] {
        found.texts(&[key], list.iter().map(String::as_str));
    }
    found.texts(
        &["corrections", "note"],
        fm.corrections.iter().map(|c| c.note.as_str()),
    );
    if let Some(source) = &fm.source {
        for (key, value) in [
            ("agency", &source.agency),
            ("file", &source.file),
            ("id", &source.id),
            ("hash", &source.hash),
        ] {
            if let Some(value) = value {
                found.text(&["source", key], value);
            }
        }
    }
    let mut keys = vec!["extra".to_string()];
    for (key, value) in &fm.extra {
        found.json(&mut keys, "extra", key, value);
    }
    found.list
}

/// The tainted fields found so far.
#[derive(Default)]
struct Fields {
    list: Vec<Tainted>,
}

impl Fields {
    /// One text field.
    fn text(&mut self, keys: &[&str], value: &str) {
        self.texts(keys, std::iter::once(value));
    }

    /// A field of several texts (a list): one problem naming all their characters.
    fn texts<'a>(&mut self, keys: &[&str], values: impl Iterator<Item = &'a str>) {
        let mut chars: Vec<char> = Vec::new();
        for value in values {
            for c in forbidden_chars(value) {
                if !chars.contains(&c) {
                    chars.push(c);
                }
            }
        }
        if !chars.is_empty() {
            self.list.push(Tainted {
                keys: keys.iter().map(|k| k.to_string()).collect(),
                name: keys.join("."),
                chars,
            });
        }
    }

    /// A value of `extra` at `name` (under `keys`), with its key, and everything inside it.
    fn json(&mut self, keys: &mut Vec<String>, name: &str, key: &str, value: &Value) {
        keys.push(key.to_string());
        let name = format!("{name}.{key}");
        let key_chars = forbidden_chars(key);
        if !key_chars.is_empty() {
            self.list.push(Tainted {
                keys: keys.clone(),
                name: format!("{name} (the key)"),
                chars: key_chars,
            });
        }
        self.json_value(keys, &name, value);
        keys.pop();
    }

    /// The strings inside one value of `extra`.
    fn json_value(&mut self, keys: &mut Vec<String>, name: &str, value: &Value) {
        match value {
            Value::String(s) => {
                let chars = forbidden_chars(s);
                if !chars.is_empty() {
                    self.list.push(Tainted {
                        keys: keys.clone(),
                        name: name.to_string(),
                        chars,
                    });
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.json_value(keys, &format!("{name}[{i}]"), item);
                }
            }
            Value::Object(map) => {
                for (key, value) in map {
                    self.json(keys, name, key, value);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
}

/// 1-based line and column of the innermost of `keys` that can be found in a TOML or YAML
/// `header`: the first key as a line's key (`title =`, `title:`, `extra.x =`) or table
/// (`[extra]`, `[[corrections]]`), each next key on that line or a later one; (1, 1) when
/// not even the first is found.
pub fn locate(header: &str, keys: &[String]) -> (usize, usize) {
    let lines: Vec<&str> = header.lines().collect();
    let mut at = None;
    let mut from = 0;
    for (depth, key) in keys.iter().enumerate() {
        let find = |top: bool| {
            (from..lines.len()).find_map(|i| {
                key_column(lines[i], key)
                    .filter(|c| !top || *c == 1)
                    .map(|c| (i, c))
            })
        };
        // A field of the front matter itself is a key at the start of a line.
        let found = if depth == 0 {
            find(true).or_else(|| find(false))
        } else {
            find(false)
        };
        match found {
            Some((i, column)) => {
                at = Some((i + 1, column));
                from = i;
            }
            None => break,
        }
    }
    at.unwrap_or((1, 1))
}

/// The column where `line` names `key`: as one of the keys before its `=` or `:` (bare or
/// quoted, dotted or not, after a YAML list's `- `), or of its table header (`[extra]`,
/// `[extra.credits]`, `[[corrections]]`).
fn key_column(line: &str, key: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let column = line.len() - trimmed.len() + 1;
    let names = match trimmed.strip_prefix('[') {
        Some(table) => table.trim_start_matches('[').split(']').next()?,
        None => {
            let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
            &item[..item.find(['=', ':'])?]
        }
    };
    names
        .split('.')
        .map(|name| name.trim().trim_matches(['"', '\'']))
        .any(|name| name == key)
        .then_some(column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn locates_nested_keys_and_tables() {
        let header = "title = \"x\"\ntags = [\"a\"]\n\n[extra]\n  credit = \"y\"\n\n[[corrections]]\nnote = \"z\"\n";
        assert_eq!(locate(header, &keys(&["tags"])), (2, 1));
        assert_eq!(locate(header, &keys(&["extra", "credit"])), (5, 3));
        assert_eq!(locate(header, &keys(&["corrections", "note"])), (8, 1));
        assert_eq!(locate(header, &keys(&["extra", "gone"])), (4, 1));
        assert_eq!(locate(header, &keys(&["missing"])), (1, 1));
        let yaml = "extra:\n  title: x\n  \"credit\": y\ntitle: y\n";
        assert_eq!(locate(yaml, &keys(&["title"])), (4, 1));
        assert_eq!(locate(yaml, &keys(&["extra", "credit"])), (3, 3));
        assert_eq!(
            locate("x = 1\nextra.credit = 1\n", &keys(&["extra", "credit"])),
            (2, 1)
        );
        let dotted = "[extra]\n\n  [extra.credits]\n  photo = 1\n";
        assert_eq!(
            locate(dotted, &keys(&["extra", "credits", "photo"])),
            (4, 3)
        );
        assert_eq!(locate("titles = 1\ntitle = 2\n", &keys(&["title"])), (2, 1));
    }
}
