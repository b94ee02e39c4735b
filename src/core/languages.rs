//! Languages in file names: `ferry.ru.md` is the Russian version of `ferry.md`, as Hugo
//! and Zola name translations. A suffix counts when CLDR has plural rules for its language
//! (the list `intl_pluralrules` carries, about 200 languages), so that a name with a dot in
//! it (`washington.dc.md`, `v1.2.md`) stays a name.

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use intl_pluralrules::{PluralRuleType, PluralRules};

/// `stem` without a trailing `.LANG` (`ferry.ru` → `ferry`, `ru`; `index.pt-BR` →
/// `index`, `pt-BR`), the language as a canonical tag; `stem` itself and `None` without one.
pub fn split_language(stem: &str) -> (&str, Option<String>) {
    let Some((name, suffix)) = stem.rsplit_once('.') else {
        return (stem, None);
    };
    match known_language(suffix) {
        Some(tag) if !name.is_empty() => (name, Some(tag)),
        _ => (stem, None),
    }
}

/// `tag` as a canonical BCP 47 tag when its language is one CLDR knows.
fn known_language(tag: &str) -> Option<String> {
    let id: unic_langid::LanguageIdentifier = tag.parse().ok()?;
    let known = KNOWN.get_or_init(|| {
        PluralRules::get_locales(PluralRuleType::CARDINAL)
            .iter()
            .map(|l| l.language.as_str().to_string())
            .collect()
    });
    known.contains(id.language.as_str()).then(|| id.to_string())
}

static KNOWN: OnceLock<HashSet<String>> = OnceLock::new();

/// The path a story shares with its translations: its path under `content` without `.md`
/// and without a language (`world/ferry.ru.md` and `world/ferry.md` → `world/ferry`; a
/// bundle's `world/ferry/index.ru.md` → `world/ferry` too), with `/` between folders.
pub fn shared_path(content: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(content).unwrap_or(path);
    let stem = rel.file_stem()?.to_str()?;
    let (name, _) = split_language(stem);
    let mut parts: Vec<&str> = rel
        .parent()
        .into_iter()
        .flat_map(|p| p.iter())
        .map(|c| c.to_str())
        .collect::<Option<_>>()?;
    if name != "index" || parts.is_empty() {
        parts.push(name);
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_known_language_after_the_last_dot_is_the_files() {
        assert_eq!(split_language("ferry.ru"), ("ferry", Some("ru".into())));
        assert_eq!(
            split_language("index.pt-br"),
            ("index", Some("pt-BR".into()))
        );
        assert_eq!(
            split_language("2026-03-14-vote.en"),
            ("2026-03-14-vote", Some("en".into()))
        );
        for plain in [
            "ferry",
            "washington.dc",
            "v1.2",
            "st.louis",
            ".ru",
            "notes.",
            "a.xx",
        ] {
            assert_eq!(split_language(plain), (plain, None), "{plain}");
        }
    }

    #[test]
    fn translations_share_their_path() {
        let c = Path::new("/site/content");
        let shared = |p: &str| shared_path(c, Path::new(p));
        for file in [
            "ferry.md",
            "ferry.ru.md",
            "ferry/index.ru.md",
            "ferry/index.md",
        ] {
            let path = format!("/site/content/world/{file}");
            assert_eq!(shared(&path).as_deref(), Some("world/ferry"), "{file}");
        }
        assert_eq!(shared("/site/content/index.md").as_deref(), Some("index"));
    }

    proptest! {
        #[test]
        fn any_name_splits_without_panicking(stem in any::<String>()) {
            let (name, language) = split_language(&stem);
            prop_assert!(stem.starts_with(name));
            prop_assert!(language.is_none() || name.len() < stem.len());
        }
    }
}
