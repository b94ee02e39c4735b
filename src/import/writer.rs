//! Placing articles under `content/`: file names, the index of earlier imports, idempotence.
//!
//! An article goes to `content/<section>/<yyyy>/<yyyy-mm-dd>-<slug>.md`. Before writing,
//! the writer looks for an earlier import of the same source (same `source.id`, or same
//! `source.file` for sources without an id): the same hash means nothing to do, another hash
//! means the article is rewritten where it is. A file that exists and did not come from the
//! same source is never overwritten.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::article::{Article, split_toml_front_matter};
use crate::core::{Walked, slugify, walk_problem};

/// What happened to one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Imported(PathBuf),
    Updated(PathBuf),
    Unchanged(PathBuf),
}

/// The `source` of an article already in `content/`.
#[derive(Debug, Clone, Default)]
struct Existing {
    file: Option<String>,
    id: Option<String>,
    hash: Option<String>,
    source_url: Option<String>,
    /// What a translation of the story shares with it: its agency and dateline (as
    /// slugs), its day (`YYYY-MM-DD`, as written) and its language, if it gives one.
    agency: Option<String>,
    dateline: Option<String>,
    day: Option<String>,
    language: Option<String>,
}

/// Writes articles, remembering what it found and did so later items of the same run agree.
pub struct Writer {
    content_dir: PathBuf,
    dry_run: bool,
    /// Every `.md` file under `content/` (and every file this run placed), with its source.
    existing: BTreeMap<PathBuf, Option<Existing>>,
    /// Source keys already handled in this run, with the path they went to.
    seen: BTreeMap<String, PathBuf>,
    /// Paths claimed in this run.
    claimed: BTreeSet<PathBuf>,
    /// Where the one story of a `--translation-of` import goes.
    translation: Option<PathBuf>,
}

impl Writer {
    /// Scans `content_dir` for earlier imports; files that cannot be read are foreign. A
    /// folder the scan cannot look into is an error (naming it): an earlier import there
    /// would be imported again.
    /// `translation`: where the one story of a `--translation-of` import goes.
    pub fn new(
        content_dir: &Path,
        dry_run: bool,
        translation: Option<PathBuf>,
    ) -> Result<Self, String> {
        const CONTENT: Walked = Walked {
            folder: "content/",
            what: "earlier import",
        };
        let mut existing = BTreeMap::new();
        if content_dir.is_dir() {
            let walker = walkdir::WalkDir::new(content_dir)
                .follow_links(false)
                .sort_by_file_name();
            for entry in walker {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => match walk_problem(content_dir, &e, CONTENT) {
                        Some(d) => {
                            return Err(format!(
                                "cannot look through content/ for earlier imports: {d}"
                            ));
                        }
                        None => continue,
                    },
                };
                let path = entry.path();
                if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "md") {
                    existing.insert(path.to_path_buf(), read_existing(path));
                }
            }
        }
        Ok(Writer {
            content_dir: content_dir.to_path_buf(),
            dry_run,
            existing,
            seen: BTreeMap::new(),
            claimed: BTreeSet::new(),
            translation,
        })
    }

    /// Places one article: imports, updates or leaves it, or says why it cannot.
    pub fn place(&mut self, article: &Article, default_section: &str) -> Result<Outcome, String> {
        let key = source_key(article);
        if let Some(earlier) = self.seen.get(&key) {
            return Err(format!(
                "the same source was already imported in this run, to {}",
                earlier.display()
            ));
        }
        let rendered = article.render()?;
        let hash = article.source.hash.as_deref();

        if let Some(path) = self.find(article) {
            self.seen.insert(key, path.clone());
            let same = self
                .existing
                .get(&path)
                .and_then(|e| e.as_ref())
                .is_some_and(|e| e.hash.as_deref() == hash);
            if same {
                return Ok(Outcome::Unchanged(path));
            }
            self.write(&path, &rendered)?;
            self.remember(&path, article);
            return Ok(Outcome::Updated(path));
        }

        let path = match &self.translation {
            Some(_) if !self.seen.is_empty() => {
                return Err(
                    "--translation-of takes one story, and this import has more: import them one by one"
                        .into(),
                );
            }
            Some(beside) => beside.clone(),
            None => match self.original_of(article) {
                Some(beside) => beside,
                None => self.target(article, default_section)?,
            },
        };
        if self.claimed.contains(&path) || self.existing.contains_key(&path) || path.exists() {
            return Err(format!(
                "{} already exists and was not imported from this source; not overwriting it",
                path.display()
            ));
        }
        self.write(&path, &rendered)?;
        self.seen.insert(key, path.clone());
        self.remember(&path, article);
        Ok(Outcome::Imported(path))
    }

    /// The earlier import of the same source, if any (the first by path when several).
    ///
    /// Feed items match on their id. When an item's id changed between a guid and its link
    /// (a feed that added or dropped guids), the link still finds it; two items that merely
    /// share a link but have their own ids never match each other.
    fn find(&self, article: &Article) -> Option<PathBuf> {
        let source = &article.source;
        let link = article.source_url.as_deref();
        let exact = self.existing.iter().find_map(|(path, e)| {
            let e = e.as_ref()?;
            let matches = match &source.id {
                Some(id) => e.id.as_deref() == Some(id.as_str()),
                None => e.id.is_none() && e.file.is_some() && e.file == source.file,
            };
            matches.then(|| path.clone())
        });
        if exact.is_some() || source.id.is_none() {
            return exact;
        }
        let link = link?;
        let id_is_link = source.id.as_deref() == Some(link);
        self.existing.iter().find_map(|(path, e)| {
            let e = e.as_ref()?;
            if self.claimed.contains(path) || e.id.is_none() {
                return None;
            }
            // Then without a guid (id was the link), now with one; or the other way round.
            let was_link = e.id.as_deref() == Some(link);
            let now_link = id_is_link && e.source_url.as_deref() == Some(link);
            (was_link || now_link).then(|| path.clone())
        })
    }

    fn remember(&mut self, path: &Path, article: &Article) {
        self.claimed.insert(path.to_path_buf());
        self.existing.insert(
            path.to_path_buf(),
            Some(Existing {
                file: article.source.file.clone(),
                id: article.source.id.clone(),
                hash: article.source.hash.clone(),
                source_url: article.source_url.clone(),
                agency: article.agency.as_deref().map(slugify),
                dateline: article.dateline.as_deref().map(slugify),
                day: Some(article.date.format("%Y-%m-%d").to_string()),
                language: article.language.clone(),
            }),
        );
    }

    /// Where a story in another language goes when the copy shows whose translation it
    /// is: beside the one story of the same agency, dateline and day that is not itself a
    /// translation and has none in this language yet (`ferry.md` → `ferry.ru.md`).
    /// `None` when no story, or more than one, matches.
    fn original_of(&self, article: &Article) -> Option<PathBuf> {
        let language = article.language.as_deref()?;
        let agency = slugify(article.agency.as_deref()?);
        let dateline = slugify(article.dateline.as_deref()?);
        let day = article.date.format("%Y-%m-%d").to_string();
        let mut found = self.existing.iter().filter_map(|(path, e)| {
            let e = e.as_ref()?;
            let stem = path.file_name()?.to_str()?.strip_suffix(".md")?;
            let beside = path.with_file_name(format!("{stem}.{language}.md"));
            let original = crate::core::split_language(stem).1.is_none()
                && e.language.as_deref().is_none_or(|l| l != language);
            let matches = e.agency.as_deref() == Some(agency.as_str())
                && e.dateline.as_deref() == Some(dateline.as_str())
                && e.day.as_deref() == Some(day.as_str());
            let free = !self.existing.contains_key(&beside) && !beside.exists();
            (original && matches && free).then_some(beside)
        });
        let beside = found.next()?;
        found.next().is_none().then_some(beside)
    }

    fn write(&self, path: &Path, contents: &str) -> Result<(), String> {
        if self.dry_run {
            return Ok(());
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// `content/<section>/<yyyy>/<yyyy-mm-dd>-<slug>.md`.
    fn target(&self, article: &Article, default_section: &str) -> Result<PathBuf, String> {
        let section = article.section.as_deref().unwrap_or(default_section);
        check_section(section)?;
        let slug = match &article.slug {
            Some(s) => make_slug(s),
            None => make_slug(&article.title),
        };
        let slug = if slug.is_empty() {
            let hash = article.source.hash.as_deref().unwrap_or_default();
            format!("article-{}", hash.get(..8).unwrap_or(hash))
        } else {
            slug
        };
        let year = article.date.format("%Y").to_string();
        let day = article.date.format("%Y-%m-%d").to_string();
        Ok(self
            .content_dir
            .join(section)
            .join(year)
            .join(format!("{day}-{slug}.md")))
    }
}

/// A section must be one plain folder name.
pub fn check_section(section: &str) -> Result<(), String> {
    let bad = section.is_empty()
        || section == "."
        || section == ".."
        || section.starts_with('.')
        || section.contains(['/', '\\', '\0']);
    if bad {
        Err(format!(
            "{section:?} is not a usable section name (one folder name, please)"
        ))
    } else {
        Ok(())
    }
}

/// The most characters a slug keeps.
const SLUG_MAX: usize = 80;

/// A slug from any text ([`crate::core::slugify`]), cut at a hyphen to at most 80 characters.
pub fn make_slug(text: &str) -> String {
    let slug = crate::core::slugify(text);
    if slug.len() <= SLUG_MAX {
        return slug;
    }
    // slugify's output is ASCII, so byte positions are character positions.
    let head = slug.get(..=SLUG_MAX).unwrap_or(&slug);
    let cut = match head.rfind('-') {
        Some(i) if i > SLUG_MAX / 2 => &head[..i],
        _ => slug.get(..SLUG_MAX).unwrap_or(&slug),
    };
    cut.trim_end_matches('-').to_string()
}

/// What identifies a source within one run.
fn source_key(article: &Article) -> String {
    match (&article.source.id, &article.source.file) {
        (Some(id), _) => format!("id:{id}"),
        (None, Some(file)) => format!("file:{file}"),
        (None, None) => format!("title:{}", article.title),
    }
}

fn read_existing(path: &Path) -> Option<Existing> {
    let text = std::fs::read_to_string(path).ok()?;
    let (front, _) = split_toml_front_matter(&text)?;
    let table: toml::Table = toml::from_str(front).ok()?;
    let string =
        |t: &toml::Table, key: &str| t.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let source = table.get("source").and_then(|s| s.as_table());
    // A date as a TOML date-time or a string: its day as written.
    let day = table.get("date").map(|d| match d {
        toml::Value::String(s) => s.chars().take(10).collect(),
        other => other.to_string().chars().take(10).collect(),
    });
    Some(Existing {
        file: source.and_then(|s| string(s, "file")),
        id: source.and_then(|s| string(s, "id")),
        hash: source.and_then(|s| string(s, "hash")),
        source_url: string(&table, "source_url"),
        agency: string(&table, "agency").map(|a| slugify(&a)),
        dateline: string(&table, "dateline").map(|d| slugify(&d)),
        day,
        language: string(&table, "language"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_cut_at_a_hyphen() {
        let long = "word ".repeat(40);
        let slug = make_slug(&long);
        assert!(slug.len() <= SLUG_MAX);
        assert!(slug.ends_with("word"));
        assert_eq!(make_slug("Гавань открыта"), "gavan-otkryta");
    }
}
