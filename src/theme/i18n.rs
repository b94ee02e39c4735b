//! The theme's words in the site's language: `i18n/<language>.toml` files of the built-in
//! theme, of a theme on disk and of the site (each overriding the one before, key by key),
//! over the theme's English, which stands in for any word a language lacks.
//!
//! A value is a string, with `{name}` placeholders, or a table of CLDR plural forms
//! (`one`, `few`, `many`, `other`…) chosen by `count` with the language's plural rules
//! (`intl_pluralrules`, the rules Fluent uses). Templates read them with `t(key=…)`, and
//! dates come out in the language's month and day names (chrono's locales).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

use super::pattern::Pattern;
use crate::core::{Diagnostic, Hash};

/// The language every theme's words are written in first, and fall back to.
pub const FALLBACK: &str = "en";

/// One word or phrase: a string, or its plural forms, each split at its placeholders.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Text(Pattern),
    Plural(BTreeMap<String, Pattern>),
}

/// The words of one language, with the fallback's where it has none.
pub struct Translations {
    /// The site's language as `site.toml` gives it (`ru`, `pt-BR`).
    pub language: String,
    entries: BTreeMap<String, Entry>,
    /// The plain strings among them, made once as template values: most words a page
    /// shows are these, and a value is cloned by a reference count.
    plain: HashMap<String, tera::Value>,
    /// Keys the language's files lack, which the fallback's words stand in for.
    pub missing: Vec<String>,
    /// The last file with the language's words (`None`: no file has any, and every word is
    /// the fallback's, unless the language is the fallback).
    pub file: Option<PathBuf>,
    plurals: Option<PluralRules>,
    /// chrono's locale for dates in the language; `None` for English, whose names chrono
    /// writes without one (and faster).
    pub locale: Option<chrono::Locale>,
    /// Changes whenever any word changes: part of every template's fingerprint.
    pub hash: Hash,
}

/// One `i18n/` file's text and where it came from.
pub struct Source {
    pub origin: PathBuf,
    pub text: String,
}

impl Translations {
    /// The words for `language` from `sources`: each language's files in the order they
    /// override each other (built-in theme, theme on disk, site), by language code.
    pub fn new(
        language: &str,
        sources: &BTreeMap<String, Vec<Source>>,
    ) -> Result<Translations, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut read = |code: &str| -> BTreeMap<String, Entry> {
            let mut entries = BTreeMap::new();
            for source in sources.get(code).into_iter().flatten() {
                match parse(source) {
                    Ok(more) => entries.extend(more),
                    Err(d) => problems.push(d),
                }
            }
            entries
        };
        let mut entries = read(FALLBACK);
        let mut missing = Vec::new();
        let own = own_files(language, sources);
        if let Some(code) = &own {
            let words = read(code);
            missing = entries
                .keys()
                .filter(|k| !words.contains_key(*k))
                .cloned()
                .collect();
            entries.extend(words);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut h = blake3::Hasher::new();
        h.update(language.as_bytes());
        for (key, entry) in &entries {
            h.update(key.as_bytes());
            h.update(format!("{entry:?}").as_bytes());
        }
        let code = own.as_deref().unwrap_or(FALLBACK);
        let file = own
            .as_ref()
            .and_then(|c| sources.get(c))
            .and_then(|files| files.last())
            .map(|f| f.origin.clone());
        let plain = entries
            .iter()
            .filter_map(|(k, e)| match e {
                // Without a placeholder, the words are the same whatever the arguments.
                Entry::Text(t) if !t.text().contains('{') => {
                    Some((k.clone(), tera::Value::from(t.text())))
                }
                _ => None,
            })
            .collect();
        Ok(Translations {
            language: language.to_string(),
            plain,
            entries,
            missing: if own.is_some() { missing } else { Vec::new() },
            file,
            plurals: plural_rules(code),
            locale: Some(locale(language)).filter(|_| !is_english(language)),
            hash: *h.finalize().as_bytes(),
        })
    }

    /// The words for `key`, with `{name}` replaced by each of `args`; the plural form for
    /// `count` when the entry has forms. `None` for a key no file has.
    pub fn get(&self, key: &str, count: Option<i64>, args: &[(&str, String)]) -> Option<String> {
        self.fill(key, count, &|name, out| {
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| out.push_str(v))
                .is_some()
        })
    }

    /// The words for `key` with `{count}` as `count` and each other `{name}` as `value`
    /// writes it (returning whether it had one); the plural form for `count`.
    pub fn fill(
        &self,
        key: &str,
        count: Option<i64>,
        value: &dyn Fn(&str, &mut String) -> bool,
    ) -> Option<String> {
        match self.entries.get(key)? {
            Entry::Text(p) => Some(p.fill(count, value)),
            Entry::Plural(forms) => {
                let n = count.unwrap_or(0);
                let form = forms.get(self.category(n)).or_else(|| forms.get("other"))?;
                Some(form.fill(Some(n), value))
            }
        }
    }

    /// The words for `key` as a template value, when they are a string with no placeholder.
    pub fn plain(&self, key: &str) -> Option<&tera::Value> {
        self.plain.get(key)
    }

    /// What `gazette check` warns of: the words the language lacks, which the pages say in
    /// the fallback language.
    pub fn warnings(&self, site_root: &Path) -> Vec<Diagnostic> {
        let own = self.language.split(['-', '_']).next().unwrap_or_default();
        match &self.file {
            None if own != FALLBACK => vec![
                Diagnostic::new(
                    &site_root.join("i18n").join(format!("{}.toml", self.language)),
                    0,
                    0,
                    format!(
                        "the theme has no words in `{}`: its pages say them in English",
                        self.language
                    ),
                )
                .with_hint(format!(
                    "translate the keys of the theme's i18n/{FALLBACK}.toml into i18n/{}.toml in the site",
                    self.language
                )),
            ],
            None => Vec::new(),
            Some(file) => self
                .missing
                .iter()
                .map(|key| {
                    Diagnostic::new(
                        file,
                        0,
                        0,
                        format!("`{key}` is not translated into `{}`: English is shown", self.language),
                    )
                    .with_hint(format!("add `{key} = \"…\"` to i18n/{}.toml (in the site or the theme)", self.language))
                })
                .collect(),
        }
    }

    /// Every entry whose key starts with `prefix`, by the rest of its key: a string, or its
    /// plural forms by category (for a script that words its own messages).
    pub fn with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a Entry)> {
        self.entries
            .range(prefix.to_string()..)
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(move |(k, e)| (&k[prefix.len()..], e))
    }

    /// [`Translations::get`] without placeholders, or the key itself when no file has it.
    pub fn text(&self, key: &str) -> String {
        self.get(key, None, &[]).unwrap_or_else(|| key.to_string())
    }

    /// Month `month` (1–12) as a heading names it (`March`, `Март`).
    pub fn month(&self, month: u32) -> String {
        self.text(&format!("month_{month}"))
    }

    fn category(&self, n: i64) -> &'static str {
        let category = self
            .plurals
            .as_ref()
            .and_then(|rules| rules.select(n.unsigned_abs()).ok());
        match category {
            Some(PluralCategory::ZERO) => "zero",
            Some(PluralCategory::ONE) => "one",
            Some(PluralCategory::TWO) => "two",
            Some(PluralCategory::FEW) => "few",
            Some(PluralCategory::MANY) => "many",
            _ if self.plurals.is_none() && n == 1 => "one",
            _ => "other",
        }
    }
}

/// The code of the files that hold `language`'s words: `pt-BR` itself, else `pt`.
fn own_files(language: &str, sources: &BTreeMap<String, Vec<Source>>) -> Option<String> {
    let primary = language.split(['-', '_']).next().unwrap_or(language);
    [language, primary]
        .into_iter()
        .find(|code| sources.contains_key(*code))
        .map(str::to_string)
}

fn plural_rules(code: &str) -> Option<PluralRules> {
    let id: unic_langid::LanguageIdentifier = code.parse().ok()?;
    PluralRules::create(id, PluralRuleType::CARDINAL).ok()
}

/// Whether `language` is English (`en`, `en-GB`).
fn is_english(language: &str) -> bool {
    language.split(['-', '_']).next() == Some(FALLBACK)
}

/// chrono's locale for a language code: `pt-BR` → `pt_BR`, `ru` → `ru_RU`, `en` → `en_GB`;
/// POSIX (English names) when chrono has none.
fn locale(language: &str) -> chrono::Locale {
    let mut parts = language.split(['-', '_']);
    let lang = parts.next().unwrap_or_default().to_ascii_lowercase();
    let region = parts.next().map(str::to_ascii_uppercase);
    let guesses = [
        region.map(|r| format!("{lang}_{r}")),
        Some(match lang.as_str() {
            "en" => "en_GB".to_string(),
            "zh" => "zh_CN".to_string(),
            "ja" => "ja_JP".to_string(),
            "ar" => "ar_SA".to_string(),
            "uk" => "uk_UA".to_string(),
            "sv" => "sv_SE".to_string(),
            "da" => "da_DK".to_string(),
            "nb" | "no" => "nb_NO".to_string(),
            "cs" => "cs_CZ".to_string(),
            "el" => "el_GR".to_string(),
            "ko" => "ko_KR".to_string(),
            "hi" => "hi_IN".to_string(),
            _ => format!("{lang}_{}", lang.to_ascii_uppercase()),
        }),
    ];
    guesses
        .into_iter()
        .flatten()
        .find_map(|code| chrono::Locale::try_from(code.as_str()).ok())
        .unwrap_or(chrono::Locale::POSIX)
}

/// One file's entries, or where it is wrong.
fn parse(source: &Source) -> Result<BTreeMap<String, Entry>, Diagnostic> {
    let table: toml::Table = toml::from_str(&source.text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        Diagnostic::at_offset(&source.origin, &source.text, offset, 1, e.message().trim())
    })?;
    let mut entries = BTreeMap::new();
    for (key, value) in table {
        let entry = match value {
            toml::Value::String(s) => Entry::Text(Pattern::new(&s)),
            toml::Value::Table(forms) => {
                let mut out = BTreeMap::new();
                for (form, text) in forms {
                    match text {
                        toml::Value::String(s) if PLURAL_FORMS.contains(&form.as_str()) => {
                            out.insert(form, Pattern::new(&s));
                        }
                        _ => return Err(bad_entry(source, &key)),
                    }
                }
                if !out.contains_key("other") {
                    return Err(bad_entry(source, &key));
                }
                Entry::Plural(out)
            }
            _ => return Err(bad_entry(source, &key)),
        };
        entries.insert(key, entry);
    }
    Ok(entries)
}

/// The plural forms CLDR names.
const PLURAL_FORMS: &[&str] = &["zero", "one", "two", "few", "many", "other"];

fn bad_entry(source: &Source, key: &str) -> Diagnostic {
    let (line, column) = crate::core::locate_key(&source.text, key);
    Diagnostic::new(
        &source.origin,
        line,
        column,
        format!("`{key}` must be a string, or a table of plural forms with `other`"),
    )
    .with_hint(
        "write `key = \"words\"`, or `key = { one = \"{count} story\", other = \"{count} stories\" }` (forms: zero, one, two, few, many, other)",
    )
}

/// The language code a file under `i18n/` is for (`ru.toml` → `ru`).
pub fn file_language(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let code = name.strip_suffix(".toml")?;
    let valid = !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_words_file_gives_words_or_a_diagnostic(
            text in any::<String>(),
            language in "[a-zA-Z_-]{0,8}",
            key in "[a-z_]{0,8}",
            count in any::<i64>(),
        ) {
            let files = sources(&[("en", "a = \"A\"\nn = { one = \"{count} x\", other = \"{count} xs\" }"), ("ru", text.as_str())]);
            if let Ok(words) = Translations::new(&language, &files) {
                let _ = words.get(&key, Some(count), &[("count", "1".into())]);
                let _ = words.get("n", Some(count), &[]);
                let _ = words.month(13);
                let _ = words.warnings(Path::new("/site"));
            }
        }
    }

    fn sources(files: &[(&str, &str)]) -> BTreeMap<String, Vec<Source>> {
        let mut out: BTreeMap<String, Vec<Source>> = BTreeMap::new();
        for (code, text) in files {
            out.entry(code.to_string()).or_default().push(Source {
                origin: format!("i18n/{code}.toml").into(),
                text: text.to_string(),
            });
        }
        out
    }

    #[test]
    fn russian_has_three_plural_forms_and_english_two() {
        let files = sources(&[
            (
                "en",
                "stories = { one = \"{count} story\", other = \"{count} stories\" }\nback = \"Back\"",
            ),
            (
                "ru",
                "stories = { one = \"{count} статья\", few = \"{count} статьи\", many = \"{count} статей\", other = \"{count} статьи\" }",
            ),
        ]);
        let ru = Translations::new("ru", &files).unwrap();
        let n = |t: &Translations, n| t.get("stories", Some(n), &[]).unwrap();
        assert_eq!(n(&ru, 1), "1 статья");
        assert_eq!(n(&ru, 3), "3 статьи");
        assert_eq!(n(&ru, 5), "5 статей");
        assert_eq!(n(&ru, 21), "21 статья");
        assert_eq!(n(&ru, 12), "12 статей");
        // What Russian lacks, English says, and `check` is told.
        assert_eq!(ru.text("back"), "Back");
        assert_eq!(ru.missing, ["back"]);
        let en = Translations::new("en-GB", &files).unwrap();
        assert_eq!(n(&en, 1), "1 story");
        assert_eq!(n(&en, 0), "0 stories");
        assert!(en.missing.is_empty());
    }

    #[test]
    fn placeholders_locales_and_bad_entries() {
        let files = sources(&[("en", "page = \"Page {n}\"\nbad = 3\n")]);
        let errors = Translations::new("en", &files).err().unwrap();
        assert!(
            errors[0].to_string().contains("i18n/en.toml:2:1"),
            "{}",
            errors[0]
        );
        let files = sources(&[("en", "page = \"Page {n}\"")]);
        let en = Translations::new("en", &files).unwrap();
        assert_eq!(
            en.get("page", None, &[("n", "4".into())]).unwrap(),
            "Page 4"
        );
        assert_eq!(en.get("nothing", None, &[]), None);
        assert_eq!(locale("ru"), chrono::Locale::ru_RU);
        assert!(is_english("en-GB") && !is_english("ru"));
        assert_eq!(locale("pt-BR"), chrono::Locale::pt_BR);
        assert_eq!(locale("xx"), chrono::Locale::POSIX);
    }
}
