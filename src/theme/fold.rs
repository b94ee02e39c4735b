//! The theme's plain words put into its templates before they are compiled: a
//! `{{ t(key="archive") }}` whose words have no placeholder and no plural forms becomes
//! their escaped text, so a page pays nothing for them (a call costs about ten times a
//! variable and hundreds of times a literal, and the default theme makes twenty on a
//! story's page). Tera has no constant folding, so Gazette does this one.
//!
//! Positions stay true: the text is padded to the call's length with a template comment,
//! so every line and column after it is where the author wrote it, and an error Tera
//! reports there points at the theme's own file. A call whose words are longer than the
//! call, or that sits in a comment or a `raw` block, is left to run.

use super::i18n::Translations;

/// `text` with each foldable `{{ t(key="…") }}` replaced by its words, escaped when
/// `escaped` (the template is autoescaped), padded to the call's length.
pub(super) fn fold_words(text: &str, words: &Translations, escaped: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let skip = if rest.starts_with("{#") {
            until(rest, "#}")
        } else if let Some(end) = raw_block_end(rest) {
            end
        } else if rest.starts_with("{{") {
            let call = until(rest, "}}");
            if let Some(folded) = fold_call(&rest[..call], words, escaped) {
                out.push_str(&folded);
                rest = &rest[call..];
                continue;
            }
            call
        } else {
            1
        };
        out.push_str(&rest[..skip]);
        rest = &rest[skip..];
    }
    out.push_str(rest);
    out
}

/// The length of `text` up to and including the first `close`, or all of it.
fn until(text: &str, close: &str) -> usize {
    text.get(2..)
        .and_then(|t| t.find(close))
        .map_or(text.len(), |i| i + 2 + close.len())
}

/// The name inside the `{% … %}` tag `text` starts with (`raw` for `{%- raw -%}`) and
/// the tag's length; `None` for a tag that is not closed.
fn block_tag(text: &str) -> Option<(&str, usize)> {
    let len = until(text, "%}");
    let inner = text[..len].strip_prefix("{%")?.strip_suffix("%}")?;
    Some((
        inner.trim_matches(|c: char| c == '-' || c.is_whitespace()),
        len,
    ))
}

/// When `text` starts with `{% raw %}` (any spacing, whitespace control), the length up
/// to and including its `{% endraw %}` (all of it when there is none).
fn raw_block_end(text: &str) -> Option<usize> {
    let (name, len) = block_tag(text)?;
    if name != "raw" {
        return None;
    }
    let mut at = len;
    while let Some(i) = text[at..].find("{%") {
        let start = at + i;
        match block_tag(&text[start..]) {
            Some(("endraw", len)) => return Some(start + len),
            Some((_, len)) => at = start + len,
            None => break,
        }
    }
    Some(text.len())
}

/// `call` (`{{ t(key="x") }}`, nothing else in it) as its words padded to its length, when
/// the words are plain and fit.
fn fold_call(call: &str, words: &Translations, escaped: bool) -> Option<String> {
    let inner = call.strip_prefix("{{")?.strip_suffix("}}")?;
    if inner.starts_with('-') || inner.ends_with('-') {
        return None;
    }
    let args = inner.trim().strip_prefix("t(")?.strip_suffix(')')?.trim();
    let key = args
        .strip_prefix("key")?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    let key = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))?;
    if !key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return None;
    }
    let text = words.plain(key)?.as_str()?;
    let text = if escaped {
        super::engine::escape(text)
    } else {
        text.to_string()
    };
    // Nothing the engine would read as a tag, and room for the padding comment.
    let room = call.chars().count().checked_sub(text.chars().count())?;
    if text.contains(['{', '}', '#', '\n']) || room < 4 {
        return None;
    }
    Some(format!("{text}{{#{}#}}", " ".repeat(room - 4)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::i18n::Source;
    use std::collections::BTreeMap;

    fn words(pairs: &str) -> Translations {
        let mut files = BTreeMap::new();
        files.insert(
            "en".to_string(),
            vec![Source {
                origin: "i18n/en.toml".into(),
                text: pairs.to_string(),
            }],
        );
        Translations::new("en", &files).unwrap()
    }

    #[test]
    fn plain_words_become_text_of_the_calls_length() {
        let w = words("archive = \"Archive\"\nrss = \"R&D feed\"\n");
        let text = "<a>{{ t(key=\"archive\") }}</a> {{ t(key='rss') }} {{ x }}";
        let folded = fold_words(text, &w, true);
        assert!(folded.starts_with("<a>Archive{#"), "{folded}");
        assert!(folded.contains("R&amp;D feed{#"), "{folded}");
        assert!(folded.ends_with("{{ x }}"), "{folded}");
        assert_eq!(folded.chars().count(), text.chars().count());
        assert_eq!(
            folded.find("</a>"),
            text.find("</a>"),
            "what follows stays in place"
        );
        assert!(fold_words("{{ t(key=\"rss\") }}", &w, false).starts_with("R&D feed"));
    }

    #[test]
    fn calls_that_cannot_be_folded_are_left_to_run() {
        let w = words(
            "stories = { one = \"{count} story\", other = \"{count} stories\" }\n\
             site = \"Search {site}\"\nlong = \"a very long phrase indeed\"\n\
             brace = \"a {{ b\"\nshort = \"S\"\n",
        );
        for text in [
            "{{ t(key=\"stories\", count=3) }}",
            "{{ t(key=\"site\", site=site.title) }}",
            "{{ t(key=\"long\") }}",
            "{{ t(key=\"brace\") }}",
            "{{ t(key=\"missing\") }}",
            "{{- t(key=\"short\") }}",
            "{# {{ t(key=\"short\") }} #}",
            "{% raw %}{{ t(key=\"short\") }}{% endraw %}",
            "{%- raw -%} {{ t(key=\"short\") }} {%- endraw %}",
        ] {
            assert_eq!(fold_words(text, &w, true), text);
        }
        let after_raw = "{% raw %}x{% endraw %}{{ t(key=\"short\") }}";
        assert!(fold_words(after_raw, &w, true).starts_with("{% raw %}x{% endraw %}S{#"));
    }

    #[test]
    fn unclosed_tags_and_odd_text_do_not_panic() {
        let w = words("short = \"S\"\n");
        for text in [
            "{",
            "{{",
            "{#",
            "{% raw",
            "{% raw %}",
            "{{ t(key=\"short\") }",
            "é{{ t(",
            "}}{#",
        ] {
            let _ = fold_words(text, &w, true);
        }
    }
}
