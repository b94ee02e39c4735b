//! Template fingerprints: a template's hash covers its own text and the text of every
//! template it extends or includes and of every template that defines a component it
//! calls, followed to the end, so that a route is rendered again when any of them changes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::core::Hash;

/// The templates a template names in `extends` and `include` tags.
pub(super) fn referenced(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for block in text.split("{%").skip(1) {
        let block = block.trim_start_matches('-').trim_start();
        let Some(rest) = ["extends", "include"]
            .iter()
            .find_map(|kw| block.strip_prefix(kw))
        else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        else {
            continue;
        };
        if let Some(name) = rest[1..].split(quote).next() {
            out.push(name.to_string());
        }
    }
    out
}

/// The components a template defines, by their (possibly dotted) names.
pub(super) fn defined_components(text: &str) -> Vec<String> {
    text.split("{%")
        .skip(1)
        .filter_map(|block| {
            let block = block.trim_start_matches('-').trim_start();
            let rest = block.strip_prefix("component")?;
            rest.starts_with(char::is_whitespace)
                .then(|| component_name(rest.trim_start()))
                .filter(|name| !name.is_empty())
        })
        .collect()
}

/// The dotted identifier at the start of `text` (`ui.button` of `ui.button(…)`).
fn component_name(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
        .collect()
}

/// Every name written as `<name` (a component call) in `text` that is one of `known`. A
/// call can only be written so; reading the whole text, HTML included, may find a call
/// that is not one (in a comment, or an HTML tag named like a component), which makes a
/// hash cover more than it must, never less.
pub(super) fn called_components<'k>(text: &str, known: &'k BTreeSet<String>) -> Vec<&'k str> {
    let mut out = Vec::new();
    for part in text.split('<').skip(1) {
        let name = component_name(part.trim_start());
        if let Some(k) = known.get(&name) {
            out.push(k.as_str());
        }
    }
    out
}

/// Each template's hash: its name and text, and those of every template it pulls in
/// (see the module's documentation). `texts` holds every template by name.
pub(super) fn hash_closures(texts: &BTreeMap<String, &str>) -> HashMap<String, Hash> {
    let mut definer: BTreeMap<String, &str> = BTreeMap::new();
    for (name, text) in texts {
        for component in defined_components(text) {
            definer.entry(component).or_insert(name);
        }
    }
    let known: BTreeSet<String> = definer.keys().cloned().collect();
    let pulls: BTreeMap<&str, Vec<String>> = texts
        .iter()
        .map(|(name, text)| {
            let mut next = referenced(text);
            next.extend(
                called_components(text, &known)
                    .into_iter()
                    .filter_map(|c| definer.get(c).map(|t| t.to_string())),
            );
            (name.as_str(), next)
        })
        .collect();
    texts
        .keys()
        .map(|name| (name.clone(), closure_hash(name, texts, &pulls)))
        .collect()
}

/// The hash of `name` and everything it pulls in, directly or not.
fn closure_hash(
    name: &str,
    texts: &BTreeMap<String, &str>,
    pulls: &BTreeMap<&str, Vec<String>>,
) -> Hash {
    let mut seen = BTreeSet::new();
    let mut stack = vec![name.to_string()];
    while let Some(n) = stack.pop() {
        if let Some(next) = pulls.get(n.as_str()) {
            stack.extend(next.iter().filter(|t| !seen.contains(*t)).cloned());
        }
        seen.insert(n);
    }
    let mut h = blake3::Hasher::new();
    for n in &seen {
        h.update(n.as_bytes());
        h.update(&[0]);
        if let Some(text) = texts.get(n) {
            h.update(text.as_bytes());
        }
        h.update(&[0]);
    }
    *h.finalize().as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_extends_and_includes() {
        let t = r#"{% extends "base.html" %}{%- include 'x.html' -%}{% block a %}{% endblock %}"#;
        assert_eq!(referenced(t), vec!["base.html", "x.html"]);
    }

    #[test]
    fn finds_component_definitions_and_calls() {
        let t = "{% component entry(a) %}{% endcomponent %}{%- component ui.card(x) -%}{% endcomponent %}";
        assert_eq!(defined_components(t), vec!["entry", "ui.card"]);
        let known: BTreeSet<String> = ["entry".into(), "ui.card".into()].into();
        let page = "<article>{{ <entry a={a} /> }}{% < ui.card x> %}b{% </ui.card> %}";
        assert_eq!(called_components(page, &known), vec!["entry", "ui.card"]);
    }

    #[test]
    fn a_hash_covers_the_templates_of_the_components_it_calls() {
        let mut texts: BTreeMap<String, &str> = BTreeMap::new();
        texts.insert("base.html".into(), "{% block c %}{% endblock %}");
        texts.insert(
            "parts.html".into(),
            "{% component entry(a) %}{{ a }}{% endcomponent %}",
        );
        texts.insert(
            "other.html".into(),
            "{% component pager(p) %}{% endcomponent %}",
        );
        texts.insert(
            "list.html".into(),
            r#"{% extends "base.html" %}{% block c %}{{ <entry a={1} /> }}{% endblock %}"#,
        );
        let before = hash_closures(&texts);
        texts.insert(
            "parts.html".into(),
            "{% component entry(a) %}<b>{{ a }}</b>{% endcomponent %}",
        );
        let after = hash_closures(&texts);
        assert_ne!(before["list.html"], after["list.html"]);
        assert_eq!(before["base.html"], after["base.html"]);
        texts.insert(
            "other.html".into(),
            "{% component pager(p) %}x{% endcomponent %}",
        );
        assert_eq!(after["list.html"], hash_closures(&texts)["list.html"]);
        texts.insert(
            "base.html".into(),
            "<main>{% block c %}{% endblock %}</main>",
        );
        assert_ne!(after["list.html"], hash_closures(&texts)["list.html"]);
    }
}
