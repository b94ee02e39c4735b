//! Small builders for template values. Tera 2's maps, lists and long strings sit behind
//! reference counts, so a value made once can be handed to any number of pages.

use tera::{Map, Value};

/// A map from `pairs`, in their order (which is the order a template iterates it in).
pub(super) fn map<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    let mut m = Map::with_capacity(N);
    for (key, value) in pairs {
        m.insert(key.into(), value);
    }
    Value::from(m)
}

/// `value`'s map with `pairs` added (or replaced): the values are shared, not copied.
pub(super) fn extend<const N: usize>(value: &Value, pairs: [(&'static str, Value); N]) -> Value {
    let mut m = value.as_map().cloned().unwrap_or_default();
    m.reserve(N);
    for (key, value) in pairs {
        m.insert(key.into(), value);
    }
    Value::from(m)
}

/// A list of values.
pub(super) fn list(items: impl IntoIterator<Item = Value>) -> Value {
    Value::from(items.into_iter().collect::<Vec<_>>())
}

/// Any serializable value (front matter's `extra`, `site.toml`'s), or none when it cannot be
/// one.
pub(super) fn from_serde<T: serde::Serialize + ?Sized>(value: &T) -> Value {
    Value::try_from_serializable(value).unwrap_or_else(|_| Value::none())
}
