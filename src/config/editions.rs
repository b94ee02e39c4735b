//! Editions: one archive in several languages. `[languages.ru]` in `site.toml` adds a
//! Russian edition under `/ru/` with its own title, description, time zone and section
//! names; the site's own `language` is the home edition, at the root. Each edition is
//! built as a site of its own (its stories, listings, feeds, search index and sitemaps)
//! into its prefix of the output folder; [`Site::edition`] makes that site. (Which edition
//! publishes a story is the story's to say: `Article::edition`.)

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Checks, SectionConfig, Site};

/// `[languages.ru]`: an edition in another language than the site's.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct EditionConfig {
    /// The edition's name in its masthead (the site's `title` when not given).
    pub title: Option<String>,
    pub description: Option<String>,
    /// Where its pages live below the site's root: `ru` (the language, lower-cased, when
    /// not given) puts its front page at `/ru/`.
    pub prefix: Option<String>,
    /// Its IANA time zone: its pages show dates in it, and its stories' dates written
    /// without an offset are read in it (the site's `timezone` when not given).
    pub timezone: Option<String>,
    /// Its sections' titles and descriptions, by section name (order stays the site's).
    pub sections: BTreeMap<String, SectionConfig>,
    /// How its pages write a day (see [`super::Config::date_format`]).
    pub date_format: Option<String>,
}

/// The keys of a `[languages.LANG]` table.
pub(super) const EDITION_KEYS: &[&str] =
    &["title", "description", "prefix", "timezone", "sections"];

/// An edition, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    /// A canonical BCP 47 tag (`ru`, `pt-BR`).
    pub language: String,
    /// Its folder below the site's root, with a trailing slash (`ru/`).
    pub prefix: String,
    pub tz: chrono_tz::Tz,
    /// Its table's name in `site.toml` (`ru`, or `pt-br` for `pt-BR`).
    pub key: String,
}

/// What every edition knows of the home edition (the site's own language, at the root).
#[derive(Debug, Clone)]
pub struct Home {
    /// The home edition's configuration, under which every edition parses the stories
    /// (their parsed forms are the same in every edition, so they are cached once).
    pub config: std::sync::Arc<super::Config>,
    pub language: String,
    pub base_url: String,
    pub url_root: String,
    pub tz: chrono_tz::Tz,
}

impl Checks<'_> {
    /// Each `[languages.LANG]` table as an edition: its language a tag (not the site's),
    /// its prefix one folder name that no other edition or section has.
    pub(super) fn editions(
        &mut self,
        languages: &BTreeMap<String, EditionConfig>,
        home: &str,
        sections: &BTreeMap<String, SectionConfig>,
        home_tz: chrono_tz::Tz,
    ) -> Vec<Edition> {
        let mut editions: Vec<Edition> = Vec::new();
        for (tag, conf) in languages {
            let key = format!("[languages.{tag}]");
            let language = match tag.parse::<unic_langid::LanguageIdentifier>() {
                Ok(id) => id.to_string(),
                Err(_) => {
                    self.problem_at_table(
                        &key,
                        format!("`{}` is not a language tag", tag.escape_debug()),
                        "name the table after an ISO 639 language code: `[languages.ru]`",
                    );
                    continue;
                }
            };
            if editions.iter().any(|e| e.language == language) {
                self.problem_at_table(
                    &key,
                    format!("`{language}` has an edition already"),
                    "keep one `[languages.*]` table per language",
                );
                continue;
            }
            if canonical(home).as_deref() == Some(language.as_str()) {
                self.problem_at_table(
                    &key,
                    format!("`{language}` is the site's own language"),
                    "the site's `language` is the home edition, at the root; `[languages.*]` adds the others",
                );
                continue;
            }
            let prefix = conf
                .prefix
                .clone()
                .unwrap_or_else(|| language.to_ascii_lowercase());
            let prefix = prefix.trim_matches('/').to_string();
            let folder_name = !prefix.is_empty()
                && prefix
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !folder_name {
                self.problem_at_table(
                    &key,
                    format!(
                        "the prefix `{}` is not one folder name",
                        prefix.escape_debug()
                    ),
                    "write lower-case letters, digits and hyphens: `prefix = \"ru\"`",
                );
                continue;
            }
            if sections.contains_key(&prefix)
                || editions.iter().any(|e| e.prefix == format!("{prefix}/"))
            {
                self.problem_at_table(
                    &key,
                    format!(
                        "the prefix `{prefix}` is already a section's or another edition's folder"
                    ),
                    "give this edition another `prefix`",
                );
                continue;
            }
            self.date_format("date_format", conf.date_format.as_deref());
            let tz = match &conf.timezone {
                Some(name) => self.timezone(name),
                None => home_tz,
            };
            editions.push(Edition {
                language,
                prefix: format!("{prefix}/"),
                tz,
                key: tag.clone(),
            });
        }
        editions
    }

    fn problem_at_table(&mut self, table: &str, message: String, hint: &str) {
        let (line, column) = self
            .text
            .lines()
            .position(|l| l.trim_start().starts_with(table))
            .map_or((1, 1), |i| (i + 1, 1));
        let d = crate::core::Diagnostic::new(self.path, line, column, message).with_hint(hint);
        self.errors.push(d);
    }
}

/// `tag` as a canonical language tag, if it is one.
fn canonical(tag: &str) -> Option<String> {
    tag.parse::<unic_langid::LanguageIdentifier>()
        .ok()
        .map(|id| id.to_string())
}

impl Site {
    /// The site of the edition in `language`, or `None` when the site has none.
    pub fn edition(&self, language: &str) -> Option<Site> {
        let edition = self.editions.iter().find(|e| e.language == language)?;
        let conf = self.config.languages.get(&edition.key)?;
        let mut site = self.clone();
        let c = &mut site.config;
        c.language = edition.language.clone();
        if let Some(title) = &conf.title {
            c.title = title.clone();
        }
        if let Some(description) = &conf.description {
            c.description = description.clone();
        }
        if let Some(tz) = &conf.timezone {
            c.timezone = tz.clone();
        }
        if conf.date_format.is_some() {
            c.date_format = conf.date_format.clone();
        }
        for (name, words) in &conf.sections {
            let section = c.sections.entry(name.clone()).or_default();
            if words.title.is_some() {
                section.title = words.title.clone();
            }
            if !words.description.is_empty() {
                section.description = words.description.clone();
            }
        }
        site.tz = edition.tz;
        site.base_url = format!("{}{}", self.home.base_url, edition.prefix);
        site.url_root = format!("{}{}", self.home.url_root, edition.prefix);
        site.prefix = edition.prefix.clone();
        Some(site)
    }

    /// Whether this is the home edition (the only one of a one-language site).
    pub fn is_home(&self) -> bool {
        self.prefix.is_empty()
    }

    /// The edition in `language`, other than the home edition's.
    pub fn edition_in(&self, language: &str) -> Option<&Edition> {
        self.editions.iter().find(|e| e.language == language)
    }

    /// The zone a story in `language` is dated in when its dates have no offset.
    pub fn tz_for(&self, language: Option<&str>) -> chrono_tz::Tz {
        language
            .and_then(|l| self.edition_in(l))
            .map_or(self.home.tz, |e| e.tz)
    }

    /// Link for a path below the home edition's root (`ru/2024/…` → `/ru/2024/…`).
    pub fn home_url(&self, path: &str) -> String {
        format!("{}{}", self.home.url_root, path)
    }

    /// Absolute URL for a path below the home edition's root.
    pub fn home_permalink(&self, path: &str) -> String {
        format!("{}{}", self.home.base_url, path)
    }
}
