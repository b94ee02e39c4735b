//! Listing entries as template values: what every listing, feed and neighbour link shows
//! of a story, made the first time a page shows the story and then shared (a reference
//! count, not a copy) by every other page that does, for as long as the renderer lives:
//! once per build, once per patch in `serve`. The section and term links inside entries
//! are made once and shared the same way.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use tera::Value;

use super::Renderer;
use super::values::{list, map};
use crate::archive::{Archive, TaxonomyKind};
use crate::core::{date_bytes, rfc3339};
use crate::plan::image_url;

/// Listing entries made since the process started (see [`entries_made`]).
static ENTRIES_MADE: AtomicUsize = AtomicUsize::new(0);

/// How many listing entries this process has made so far: a renderer makes each story's
/// at most once, however many pages show it.
pub fn entries_made() -> usize {
    ENTRIES_MADE.load(Ordering::Relaxed)
}

/// The shared parts of entries, each made the first time an entry needs it.
pub(super) struct Shared {
    /// Each story's entry, by archive position.
    entries: Vec<OnceLock<Value>>,
    /// Each section's link `{name, title, url}`, by position in `archive.sections`.
    sections: Vec<OnceLock<Value>>,
    /// Each term's link `{name, url}`, by taxonomy and term.
    terms: Vec<Vec<OnceLock<Value>>>,
}

impl Shared {
    pub(super) fn new(archive: &Archive) -> Shared {
        let slots = |n: usize| (0..n).map(|_| OnceLock::new()).collect::<Vec<_>>();
        Shared {
            entries: slots(archive.articles.len()),
            sections: slots(archive.sections.len()),
            terms: archive
                .taxonomies
                .iter()
                .map(|t| slots(t.terms.len()))
                .collect(),
        }
    }
}

impl Renderer<'_> {
    /// Article `i`'s listing entry, made the first time and then shared.
    pub(super) fn entry(&self, i: usize) -> Value {
        self.shared.entries[i]
            .get_or_init(|| {
                ENTRIES_MADE.fetch_add(1, Ordering::Relaxed);
                self.make_entry(i)
            })
            .clone()
    }

    /// The entries of the articles at `items`, as a list.
    pub(super) fn entries(&self, items: &[usize]) -> Value {
        list(items.iter().map(|&i| self.entry(i)))
    }

    /// Article `i`'s entry (the fields are documented in `themes/README.md`).
    fn make_entry(&self, i: usize) -> Value {
        let (site, a) = (self.site, &self.archive.articles[i]);
        let path = self.plan.article_path(i);
        let date = Value::from(rfc3339(&a.date));
        let modified = a.modified();
        let modified = if date_bytes(Some(&modified)) == date_bytes(Some(&a.date)) {
            date.clone()
        } else {
            Value::from(rfc3339(&modified))
        };
        let details = a.details();
        map([
            ("title", Value::from(a.title.as_str())),
            ("url", Value::from(site.url(path))),
            ("permalink", Value::from(site.permalink(path))),
            ("date", date),
            (
                "updated",
                Value::from(details.updated.as_ref().map(rfc3339)),
            ),
            ("modified", modified),
            ("year", Value::from(chrono::Datelike::year(&a.date))),
            ("section", self.section_link(&a.section)),
            ("tags", self.term_links(TaxonomyKind::Tags, &a.tags)),
            (
                "authors",
                self.term_links(TaxonomyKind::Authors, &a.authors),
            ),
            (
                "dateline",
                a.dateline
                    .as_ref()
                    .map_or_else(Value::none, |d| self.term_link(TaxonomyKind::Places, d)),
            ),
            ("summary", Value::from(a.summary.as_str())),
            (
                "image",
                Value::from(details.image.as_deref().map(|i| image_url(site, i))),
            ),
            (
                "image_alt",
                Value::from(details.image_alt.as_deref().unwrap_or("")),
            ),
        ])
    }

    /// The link to section `name`: shared when the archive has the section.
    fn section_link(&self, name: &str) -> Value {
        let archive = self.archive;
        let Some(s) = archive.sections.iter().position(|s| *s.name == *name) else {
            return map([
                ("name", name.into()),
                ("title", name.into()),
                ("url", "".into()),
            ]);
        };
        self.shared.sections[s]
            .get_or_init(|| {
                let section = &archive.sections[s];
                map([
                    ("name", section.name.as_str().into()),
                    ("title", section.title.as_str().into()),
                    (
                        "url",
                        self.site
                            .url(&crate::plan::urls::section(&section.name))
                            .into(),
                    ),
                ])
            })
            .clone()
    }

    /// Links to a taxonomy's terms named `names`, in order.
    fn term_links(&self, kind: TaxonomyKind, names: &[std::sync::Arc<str>]) -> Value {
        list(names.iter().map(|n| self.term_link(kind, n)))
    }

    /// The link `{name, url}` for `name` in taxonomy `kind`: shared when the name is the
    /// term's own spelling; a plain name (empty `url`) when the taxonomy has no pages or
    /// the name no term.
    fn term_link(&self, kind: TaxonomyKind, name: &str) -> Value {
        let archive = self.archive;
        let found = archive
            .taxonomies
            .iter()
            .position(|t| t.kind == kind)
            .and_then(|t| Some((t, archive.taxonomies[t].term_of(name)?)));
        let Some((t, x)) = found else {
            return map([("name", name.into()), ("url", "".into())]);
        };
        let taxonomy = &archive.taxonomies[t];
        let url = || {
            self.site.url(&crate::plan::urls::term(
                kind.name(),
                &taxonomy.terms[x].slug,
            ))
        };
        if *taxonomy.terms[x].name != *name {
            return map([("name", name.into()), ("url", url().into())]);
        }
        self.shared.terms[t][x]
            .get_or_init(|| map([("name", name.into()), ("url", url().into())]))
            .clone()
    }
}
