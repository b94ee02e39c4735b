//! Every fault of a front matter that did not deserialize, field by field. Serde stops at
//! the first fault; an editor wants them all in one run. So, only when the whole header
//! failed, the header is read as a plain table and each field is deserialized alone: each
//! that fails is a fault at its key's line, a missing `title` is one more, and what is left
//! is still a [`FrontMatter`], so that the later checks (dates, slugs, aliases) run too.

use std::path::Path;

use super::frontmatter::{FIELDS, FrontMatter, yaml_message};
use crate::core::{Diagnostic, locate_key, unknown_field_hint};

/// The good fields of a header that failed as a whole, with every fault found in it; no
/// front matter when the header is not even a table (a syntax error is its only fault).
pub(super) struct Faults {
    pub front: Option<Box<FrontMatter>>,
    pub errors: Vec<Diagnostic>,
}

/// A TOML header's faults, field by field.
pub(super) fn toml_faults(path: &Path, header: &str, header_line: usize) -> Option<Faults> {
    let table: toml::Table = toml::from_str(header).ok()?;
    let mut faults = Faults {
        front: None,
        errors: Vec::new(),
    };
    // A title written wrong is that field's fault, not a missing one.
    let titled = table.contains_key("title");
    let mut good = toml::Table::new();
    for (key, value) in table {
        let mut alone = toml::Table::new();
        alone.insert("title".into(), toml::Value::String("t".into()));
        alone.insert(key.clone(), value.clone());
        match toml::Value::Table(alone).try_into::<FrontMatter>() {
            Ok(_) => {
                good.insert(key, value);
            }
            Err(e) => faults.push(path, header, header_line, &key, e.message()),
        }
    }
    // A stand-in headline, so that the later checks run; its absence or its wrong value is
    // a fault already.
    if !good.contains_key("title") {
        good.insert("title".into(), toml::Value::String("Untitled".into()));
    }
    faults.finish(
        path,
        header_line,
        titled,
        toml::Value::Table(good).try_into().ok(),
    );
    Some(faults)
}

/// A YAML header's faults, field by field.
pub(super) fn yaml_faults(path: &Path, header: &str, header_line: usize) -> Option<Faults> {
    use serde_yaml_ng::{Mapping, Value};
    let table: Mapping = serde_yaml_ng::from_str(header).ok()?;
    let mut faults = Faults {
        front: None,
        errors: Vec::new(),
    };
    let titled = table.contains_key("title");
    let mut good = Mapping::new();
    for (key, value) in table {
        let name = key.as_str().unwrap_or("").to_string();
        let mut alone = Mapping::new();
        alone.insert(Value::from("title"), Value::from("t"));
        alone.insert(key.clone(), value.clone());
        match serde_yaml_ng::from_value::<FrontMatter>(Value::Mapping(alone)) {
            Ok(_) => {
                good.insert(key, value);
            }
            Err(e) => faults.push(path, header, header_line, &name, &yaml_message(&e)),
        }
    }
    if !good.contains_key("title") {
        good.insert(Value::from("title"), Value::from("Untitled"));
    }
    let front = serde_yaml_ng::from_value(Value::Mapping(good)).ok();
    faults.finish(path, header_line, titled, front);
    Some(faults)
}

impl Faults {
    /// Field `key` failed with `message`: a fault at its line.
    fn push(&mut self, path: &Path, header: &str, header_line: usize, key: &str, message: &str) {
        let (line, column) = locate_key(header, key);
        let message = message.trim();
        let message = if FIELDS.contains(&key) {
            format!("`{key}`: {message}")
        } else {
            message.to_string()
        };
        let mut d = Diagnostic::new(path, line + header_line - 1, column, &message);
        d.hint = unknown_field_hint(&message, FIELDS);
        self.errors.push(d);
    }

    /// The fields left, and the fault of a missing title.
    fn finish(
        &mut self,
        path: &Path,
        header_line: usize,
        titled: bool,
        front: Option<FrontMatter>,
    ) {
        if !titled {
            let d = Diagnostic::new(
                path,
                header_line.saturating_sub(1).max(1),
                1,
                "missing field `title`",
            )
            .with_hint("every article needs a headline: add `title = \"...\"`");
            self.errors.push(d);
        }
        self.front = front.map(Box::new);
    }
}
