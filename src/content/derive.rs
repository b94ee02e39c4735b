//! From parsed front matter to an [`Article`]: what is not given is derived (the date from
//! the file name, the slug from the name or headline, the section from the folder, the
//! summary from the body), one step per field, and every problem is collected with the
//! position of the key it concerns (a character no output may carry, in any field, too).

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::article::{Article, Correction, Details};
use super::controls;
use super::frontmatter::{FrontMatter, Split};
use super::names::intern;
use crate::config::Site;
use crate::core::{
    DATE_FORMATS, DateValue, Diagnostic, OutPath, date_prefix, first_paragraph, shared_path,
    slugify, split_language, typographic,
};

/// One file's derivation under way: where its keys are, and the problems found so far.
struct Deriving<'a> {
    site: &'a Site,
    path: &'a Path,
    split: &'a Split<'a>,
    errors: Vec<Diagnostic>,
    /// The zone of the story's edition, in which dates without an offset are read.
    tz: chrono_tz::Tz,
}

impl Deriving<'_> {
    /// Line and column of `key` in the file.
    fn at(&self, key: &str) -> (usize, usize) {
        let (line, col) = crate::core::locate_key(self.split.header, key);
        (line + self.split.header_line - 1, col)
    }

    fn problem(&mut self, key: &str, message: String, hint: &str) {
        let (line, col) = self.at(key);
        self.errors
            .push(Diagnostic::new(self.path, line, col, message).with_hint(hint));
    }

    /// A problem for every front-matter field that holds a character no page or feed may
    /// carry, at the field's key.
    fn check_characters(&mut self, fm: &FrontMatter) {
        for field in controls::tainted(fm) {
            let (line, col) = controls::locate(self.split.header, &field.keys);
            let line = line + self.split.header_line - 1;
            self.errors.push(
                Diagnostic::new(self.path, line, col, field.message()).with_hint(controls::HINT),
            );
        }
    }

    fn title(&mut self, fm: &FrontMatter) -> String {
        let title = fm.title.trim().to_string();
        if title.is_empty() {
            self.problem(
                "title",
                "the title is empty".into(),
                "write the headline in `title`",
            );
        }
        title
    }

    /// A date placed in the zone of the story's edition; a local time that does not exist
    /// there is an error.
    fn instant(&mut self, value: DateValue, key: &str) -> Option<DateTime<FixedOffset>> {
        let tz = self.tz;
        let resolved = value.resolve(tz);
        if resolved.is_none() {
            self.problem(
                key,
                format!("`{key}` names a local time that does not exist in {tz}"),
                "daylight-saving time skips it; give an offset or another time",
            );
        }
        resolved
    }

    /// The story's language as a canonical BCP 47 tag (`pt-br` → `pt-BR`), from `language`
    /// or the file's name (`ferry.ru.md`); `None` when it is the site's own.
    fn language(&mut self, given: Option<&str>, from_file: Option<&str>) -> Option<String> {
        let tag = match (given.map(str::trim).filter(|l| !l.is_empty()), from_file) {
            (None, None) => return None,
            (None, Some(file)) => file.to_string(),
            (Some(given), file) => {
                let Ok(tag) = given.parse::<unic_langid::LanguageIdentifier>() else {
                    self.problem(
                        "language",
                        format!("`{}` is not a language tag", given.escape_debug()),
                        "write an ISO 639 language code, optionally with a region: `ru`, `en`, `pt-BR`",
                    );
                    return None;
                };
                let tag = tag.to_string();
                if let Some(file) = file.filter(|f| **f != tag) {
                    self.problem(
                        "language",
                        format!("the file's name says `{file}` and `language` says `{tag}`"),
                        &format!("remove `language` (the name says it), or rename the file to end in `.{tag}.md`"),
                    );
                    return None;
                }
                tag
            }
        };
        let site: Option<unic_langid::LanguageIdentifier> = self.site.home.language.parse().ok();
        (site.map(|s| s.to_string()) != Some(tag.clone())).then_some(tag)
    }

    /// The publication date: `date`, else the file name's `YYYY-MM-DD-` at midnight.
    fn date(
        &mut self,
        given: Option<DateValue>,
        prefix: Option<NaiveDate>,
    ) -> Option<DateTime<FixedOffset>> {
        match (given, prefix) {
            (Some(v), _) => self.instant(v, "date"),
            (None, Some(d)) => self.instant(DateValue::Day(d), "date"),
            (None, None) => {
                self.problem(
                    "title",
                    "the article has no date".into(),
                    &format!("add `date` to the front matter ({DATE_FORMATS}), or start the file name with `YYYY-MM-DD-`"),
                );
                None
            }
        }
    }

    /// The slug: `slug`, else the file name after its date, else the headline.
    fn slug(&mut self, given: Option<&str>, title: &str, name: &str) -> String {
        let (slug, from) = match (given, date_prefix(name)) {
            (Some(s), _) => (slugify(s), "slug"),
            (None, Some((_, rest))) if !rest.is_empty() => (slugify(rest), "title"),
            (None, Some(_)) => (slugify(title), "title"),
            (None, None) => (slugify(name), "title"),
        };
        let slug = if slug.is_empty() {
            slugify(title)
        } else {
            slug
        };
        if slug.is_empty() && !title.is_empty() {
            self.problem(
                from,
                format!("cannot make a URL slug from `{title}`"),
                "add `slug = \"some-words\"` to the front matter",
            );
        }
        slug
    }

    /// The section: `section`, else the first folder under `content/`, else the default.
    fn section(&mut self, given: Option<&str>) -> String {
        let content_dir = self.site.content_dir();
        let rel = self.path.strip_prefix(&content_dir).unwrap_or(self.path);
        let section = match given {
            Some(s) => slugify(s),
            None if rel.components().count() <= 1 => crate::config::DEFAULT_SECTION.to_string(),
            None => rel
                .components()
                .next()
                .map(|c| slugify(&c.as_os_str().to_string_lossy()))
                .unwrap_or_default(),
        };
        if section.is_empty() {
            self.problem(
                "section",
                "the section name is empty".into(),
                "use a name like `world`",
            );
        }
        section
    }

    /// Each alias must be a path inside the site, which the output folder can hold.
    fn check_aliases(&mut self, aliases: &[String]) {
        for alias in aliases {
            if alias.chars().any(crate::core::is_forbidden) {
                continue; // Reported with the other fields' control characters.
            }
            let inner = alias.trim_start_matches('/');
            let inner = inner.strip_suffix('/').unwrap_or(inner);
            let why = match OutPath::check(inner) {
                _ if !alias.starts_with('/') => "it does not start with `/`".to_string(),
                Err(why) if !inner.is_empty() => why.to_string(),
                _ => continue,
            };
            self.problem(
                "aliases",
                format!(
                    "alias `{}` cannot be a path inside the site: {why}",
                    alias.escape_debug()
                ),
                "write old URLs like `/news/old-story/`",
            );
        }
    }
}

/// The name a story's URL and date may come from: its file name without `.md` and without
/// a language (`ferry.ru.md` → `ferry`), or the folder's name for `story/index.md` (and
/// `story/index.ru.md`); and that language.
fn file_name(path: &Path) -> (&str, Option<String>) {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let (stem, language) = split_language(stem);
    if stem != "index" {
        return (stem, language);
    }
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|s| s.to_str())
        .unwrap_or(stem);
    (folder, language)
}

/// Tags or authors: trimmed, empty ones dropped, and one of each that share a slug.
fn names(list: Vec<String>) -> Vec<Arc<str>> {
    let mut out: Vec<Arc<str>> = Vec::with_capacity(list.len());
    for s in list {
        let s = s.trim();
        if !s.is_empty() && !out.iter().any(|o| slugify(o) == slugify(s)) {
            out.push(intern(s));
        }
    }
    out
}

/// The article of a file whose front matter parsed, or every problem found in it.
pub fn article(
    site: &Site,
    path: &Path,
    text: &str,
    split: &Split,
    fm: FrontMatter,
    body: &str,
    bom: usize,
) -> Result<Article, Vec<Diagnostic>> {
    let mut d = Deriving {
        site,
        path,
        split,
        errors: Vec::new(),
        tz: site.tz,
    };
    d.check_characters(&fm);
    let title = d.title(&fm);
    let (name, file_language) = file_name(path);
    let language = d.language(fm.language.as_deref(), file_language.as_deref());
    d.tz = site.tz_for(language.as_deref());
    let time_given = fm.date.is_some_and(|v| v.time_given());
    let date = d.date(fm.date, date_prefix(name).map(|(day, _)| day));
    let updated_time_given = fm.updated.is_some_and(|v| v.time_given());
    let updated = fm.updated.and_then(|v| d.instant(v, "updated"));
    let corrections = fm
        .corrections
        .into_iter()
        .filter_map(|c| {
            d.instant(c.date, "corrections").map(|date| Correction {
                date,
                time_given: c.date.time_given(),
                note: c.note,
            })
        })
        .collect();
    let slug = d.slug(fm.slug.as_deref(), &title, name);
    let section = d.section(fm.section.as_deref());
    // A translation named by its file is published beside the story it translates, which
    // has the same name: its language in its slug keeps their URLs apart (an edition of
    // its own keeps them apart by its prefix).
    let slug = match (&language, &file_language, &fm.slug) {
        (Some(l), Some(_), None) if site.edition_in(l).is_none() => {
            format!("{slug}-{}", l.to_ascii_lowercase())
        }
        _ => slug,
    };
    // Stories whose files share a path (`ferry.md`, `ferry.ru.md`) are translations of
    // each other, unless one says otherwise.
    let translation_key = fm
        .translation_key
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .or_else(|| {
            file_language
                .as_ref()
                .and_then(|_| shared_path(&site.content_dir(), path))
        });
    d.check_aliases(&fm.aliases);
    let (Some(date), true) = (date, d.errors.is_empty()) else {
        return Err(d.errors);
    };
    // An empty summary is one not written yet (`gazette new` leaves it so).
    let (summary, summary_given) = match fm.summary.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => (typographic(s), true),
        _ => (first_paragraph(body), false),
    };
    // The slug was made from the headline as written; pages show it with curly quotes,
    // as they show the body.
    let title = typographic(&title);
    let mut article = Article {
        path: path.to_path_buf(),
        file_hash: *blake3::hash(text.as_bytes()).as_bytes(),
        body_offset: bom + split.body_offset,
        title,
        slug,
        section: intern(&section),
        date,
        time_given,
        tags: names(fm.tags),
        authors: names(fm.authors),
        dateline: fm
            .dateline
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .map(|d| intern(&d)),
        summary,
        summary_given,
        draft: fm.draft,
        more: Details {
            updated,
            updated_time_given,
            agency: fm
                .agency
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty()),
            language,
            translation_key,
            image: fm.image,
            image_alt: fm.image_alt,
            image_caption: fm.image_caption,
            image_credit: fm.image_credit,
            corrections,
            aliases: fm.aliases,
            extra: fm.extra,
            source: fm.source,
            source_url: fm.source_url,
        }
        .boxed(),
        slug_line: d.at("slug").0,
        entry_fields: [0; 32],
    };
    article.entry_fields = article.entry_fields_hash();
    Ok(article)
}
