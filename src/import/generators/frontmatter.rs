//! Front matter of other generators' posts: TOML (`+++`) or YAML (`---`), read into one
//! TOML table so every mapping works on the same values, and a helper that takes fields out
//! of it one by one so that whatever is left can be reported as not mapped.

use chrono_tz::Tz;

use crate::import::dates::{self, Stamp};

/// Splits a post into front matter (as a table) and body.
pub fn read(text: &str) -> Result<(toml::Table, String), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let mut lines = text.split_inclusive('\n');
    let first_raw = lines.next().unwrap_or_default();
    let first = first_raw.trim_end();
    let (closers, yaml): (&[&str], bool) = match first {
        "+++" => (&["+++"], false),
        "---" => (&["---", "..."], true),
        _ if first.starts_with('{') => {
            return Err("JSON front matter is not supported; convert it to TOML or YAML".into());
        }
        _ => {
            return Ok((
                toml::Table::new(),
                text.trim_start_matches('\n').to_string(),
            ));
        }
    };
    let mut front = String::new();
    let mut closed = false;
    let mut consumed = first_raw.len();
    for line in lines.by_ref() {
        consumed += line.len();
        if closers.contains(&line.trim_end()) {
            closed = true;
            break;
        }
        front.push_str(line);
    }
    if !closed {
        return Err(format!(
            "the front matter opened by {first:?} is never closed"
        ));
    }
    let body = text
        .get(consumed..)
        .unwrap_or_default()
        .trim_start_matches('\n')
        .to_string();
    let table = if yaml {
        parse_yaml(&front)?
    } else {
        toml::from_str::<toml::Table>(&front)
            .map_err(|e| format!("the front matter is not valid TOML: {}", e.message()))?
    };
    Ok((table, body))
}

fn parse_yaml(front: &str) -> Result<toml::Table, String> {
    if front.trim().is_empty() {
        return Ok(toml::Table::new());
    }
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(front)
        .map_err(|e| format!("the front matter is not valid YAML: {e}"))?;
    match yaml_to_toml(value) {
        Some(toml::Value::Table(t)) => Ok(t),
        None => Ok(toml::Table::new()),
        Some(_) => Err("the front matter is not a mapping of fields".into()),
    }
}

/// YAML values as TOML values; nulls disappear.
fn yaml_to_toml(value: serde_yaml_ng::Value) -> Option<toml::Value> {
    use serde_yaml_ng::Value as Y;
    Some(match value {
        Y::Null => return None,
        Y::Bool(b) => toml::Value::Boolean(b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Y::String(s) => toml::Value::String(s),
        Y::Sequence(items) => {
            toml::Value::Array(items.into_iter().filter_map(yaml_to_toml).collect())
        }
        Y::Mapping(map) => {
            let mut table = toml::Table::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Bool(b) => b.to_string(),
                    Y::Number(n) => n.to_string(),
                    _ => continue,
                };
                if let Some(v) = yaml_to_toml(v) {
                    table.insert(key, v);
                }
            }
            toml::Value::Table(table)
        }
        Y::Tagged(tagged) => return yaml_to_toml(tagged.value),
    })
}

/// The fields of one post, taken out as they are mapped.
pub struct Fields {
    table: toml::Table,
    tz: Tz,
    /// Notes on fields that were present but could not be used.
    pub notes: Vec<String>,
}

impl Fields {
    pub fn new(table: toml::Table, tz: Tz) -> Self {
        Fields {
            table,
            tz,
            notes: Vec::new(),
        }
    }

    /// The site's time zone.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// Takes a field out, whatever its value.
    pub fn take(&mut self, key: &str) -> Option<toml::Value> {
        self.table.remove(key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    fn unexpected(&mut self, key: &str) {
        self.notes
            .push(format!("field `{key}` not mapped (unexpected value)"));
    }

    /// A text field (numbers and booleans are written out as text).
    pub fn string(&mut self, key: &str) -> Option<String> {
        let value = self.take(key)?;
        match scalar_text(&value) {
            Some(s) => Some(s).filter(|s| !s.trim().is_empty()),
            None => {
                self.unexpected(key);
                None
            }
        }
    }

    /// A list of texts; a single text is one item, or several when `split_words` (Jekyll).
    pub fn list(&mut self, key: &str, split_words: bool) -> Vec<String> {
        let Some(value) = self.take(key) else {
            return Vec::new();
        };
        let items: Option<Vec<String>> = match &value {
            toml::Value::Array(items) => items.iter().map(scalar_text).collect(),
            other => scalar_text(other).map(|s| {
                if split_words {
                    s.split_whitespace().map(str::to_string).collect()
                } else {
                    vec![s]
                }
            }),
        };
        match items {
            Some(items) => items
                .into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            None => {
                self.unexpected(key);
                Vec::new()
            }
        }
    }

    /// `slug`, made into a valid slug (`None` when empty).
    pub fn slug(&mut self) -> Option<String> {
        self.string("slug")
            .map(|s| crate::import::writer::make_slug(&s))
            .filter(|s| !s.is_empty())
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        match self.take(key)? {
            toml::Value::Boolean(b) => Some(b),
            toml::Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            toml::Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => {
                self.unexpected(key);
                None
            }
        }
    }

    /// A date; `Err` when the field is there but cannot be read.
    pub fn date(&mut self, key: &str) -> Result<Option<Stamp>, String> {
        let Some(value) = self.take(key) else {
            return Ok(None);
        };
        let parsed = match &value {
            toml::Value::Datetime(d) => dates::from_toml(d, self.tz),
            toml::Value::String(s) => dates::parse_stamp(s, self.tz),
            _ => None,
        };
        match parsed {
            Some(d) => Ok(Some(d)),
            None => Err(format!("cannot read the date in field `{key}`: {value}")),
        }
    }

    /// A table (such as Zola's `[extra]`).
    pub fn table(&mut self, key: &str) -> Option<toml::Table> {
        match self.take(key)? {
            toml::Value::Table(t) => Some(t),
            _ => {
                self.unexpected(key);
                None
            }
        }
    }

    /// Every note, then one per field nobody took, in name order.
    pub fn finish(self) -> Vec<String> {
        let mut notes = self.notes;
        notes.extend(self.table.keys().map(|k| format!("field `{k}` not mapped")));
        notes
    }
}

/// Text of a scalar value.
pub fn scalar_text(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_kinds_of_front_matter() {
        let parsed = read("---\ntitle: Hello\ntags: [a, b]\nempty:\n---\n\nBody\n");
        assert!(parsed.is_ok(), "{parsed:?}");
        let (t, body) = parsed.unwrap_or_default();
        assert_eq!(t.get("title").and_then(|v| v.as_str()), Some("Hello"));
        assert!(!t.contains_key("empty"));
        assert_eq!(body, "Body\n");
        let parsed = read("+++\ntitle = \"Hi\"\ndate = 2024-01-05\n+++\nText");
        assert!(parsed.is_ok(), "{parsed:?}");
        let (t, body) = parsed.unwrap_or_default();
        assert!(t.get("date").is_some_and(|v| v.is_datetime()));
        assert_eq!(body, "Text");
        assert!(read("---\ntitle: x\n").is_err());
        assert!(read("+++\ntitle = \n+++\n").is_err());
    }
}
