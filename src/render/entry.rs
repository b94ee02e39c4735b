//! Listing entries as template values: what every listing, feed and neighbour link shows
//! of a story, made for each page that shows it. (Keeping each story's entry for the whole
//! build, shared by reference count, made rendering about a tenth faster but cost about
//! 1.7 KB per story for the whole render: 170 MB at 100,000 stories. Measured side by
//! side, so entries are made per page.) The section and term links inside entries are few
//! and are made once, then shared; a story page's own entry and its neighbours' come from
//! the few each thread made last, since consecutive stories' pages share them.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use tera::Value;

use super::Renderer;
use super::values::{list, map};
use crate::archive::{Archive, TaxonomyKind};
use crate::content::Article;
use crate::core::{date_bytes, rfc3339};
use crate::plan::image_url;

/// The links entries share, each made the first time an entry needs it.
pub(super) struct Shared {
    /// Each section's link `{name, title, url}`, by position in `archive.sections`.
    sections: Vec<OnceLock<Value>>,
    /// Each term's link `{name, url}`, by taxonomy and term.
    terms: Vec<Vec<OnceLock<Value>>>,
    /// The links `{name, url: ""}` of names that have no term page (a taxonomy without
    /// pages, or a name without a slug), by name.
    plain: Mutex<HashMap<String, Value>>,
    /// This renderer's number among all made in this process, for [`RECENT`].
    build: u64,
}

/// How many entries each thread keeps of the stories whose pages it rendered last.
const RECENT_LEN: usize = 4;

std::thread_local! {
    /// The entries this thread made last for story pages, by renderer and story. Story
    /// `i`'s page shows the entries of `i`, `i - 1` and `i + 1`, and the routes of
    /// consecutive stories come to a thread one after another, so each is made about once
    /// instead of three times (and a few entries are all a thread holds).
    static RECENT: std::cell::RefCell<std::collections::VecDeque<(u64, usize, Value)>> =
        const { std::cell::RefCell::new(std::collections::VecDeque::new()) };
}

impl Shared {
    pub(super) fn new(archive: &Archive) -> Shared {
        let slots = |n: usize| (0..n).map(|_| OnceLock::new()).collect::<Vec<_>>();
        Shared {
            sections: slots(archive.sections.len()),
            terms: archive
                .taxonomies
                .iter()
                .map(|t| slots(t.terms.len()))
                .collect(),
            plain: Mutex::default(),
            build: {
                static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        }
    }
}

impl Renderer<'_> {
    /// The entries of the articles at `items`, as a list.
    pub(super) fn entries(&self, items: &[usize]) -> Value {
        list(items.iter().map(|&i| self.entry(i)))
    }

    /// Article `i`'s entry for a story page (its own, or a neighbour's): one a page of
    /// this thread made just before, when there is one.
    pub(super) fn story_entry(&self, i: usize) -> Value {
        let build = self.shared.build;
        let recent = RECENT.with_borrow(|r| {
            r.iter()
                .find(|(b, j, _)| *b == build && *j == i)
                .map(|(_, _, v)| v.clone())
        });
        if let Some(entry) = recent {
            return entry;
        }
        let entry = self.entry(i);
        RECENT.with_borrow_mut(|r| {
            if r.len() >= RECENT_LEN {
                r.pop_front();
            }
            r.push_back((build, i, entry.clone()));
        });
        entry
    }

    /// Article `i`'s listing entry (the fields are documented in `themes/README.md`).
    pub(super) fn entry(&self, i: usize) -> Value {
        let (site, a) = (self.site, &self.archive.articles[i]);
        let path = self.plan.article_path(i);
        let [date, modified, updated] = dates(a);
        let details = a.details();
        map([
            ("title", Value::from(a.title.as_str())),
            ("url", Value::from(site.url(path))),
            ("permalink", Value::from(site.permalink(path))),
            ("date", date),
            ("time_given", Value::from(a.time_given)),
            ("updated", updated),
            (
                "updated_time_given",
                Value::from(details.updated_time_given),
            ),
            ("modified", modified),
            ("modified_time_given", Value::from(a.modified_stamp().1)),
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
            ("agency", Value::from(details.agency.as_deref())),
            ("language", Value::from(details.language.as_deref())),
            ("summary", Value::from(a.summary.as_str())),
            ("image", self.image_value(i)),
            (
                "image_alt",
                Value::from(details.image_alt.as_deref().unwrap_or("")),
            ),
            ("photo", self.lead_photo(i)),
        ])
    }

    /// Article `i`'s `image`: its lead photo's main copy, the address of the bundle file
    /// it names, else its site path or URL as a link.
    fn image_value(&self, i: usize) -> Value {
        let a = &self.archive.articles[i];
        let Some(image) = a.details().image.as_deref() else {
            return Value::none();
        };
        if let Some(photo) = self.media.lead(i) {
            return Value::from(photo.fallback().map(|v| self.bundle_url(i, &v.name)));
        }
        if let Some(crate::media::Resolved::File(f)) = self.media.resolve(i, image) {
            return Value::from(self.bundle_url(i, &f.name));
        }
        Value::from(image_url(self.site, image))
    }

    /// Article `i`'s lead photo as the `photo` value, when its `image` is a bundle photo.
    fn lead_photo(&self, i: usize) -> Value {
        self.media
            .lead(i)
            .map_or_else(Value::none, |p| self.photo_value(p, &self.photo_words(i)))
    }

    /// The lead image's alt text, caption and credit.
    fn photo_words(&self, i: usize) -> super::photos::Words<'_> {
        let d = self.archive.articles[i].details();
        super::photos::Words {
            alt: d.image_alt.as_deref().unwrap_or(""),
            caption: d.image_caption.as_deref().unwrap_or(""),
            credit: d.image_credit.as_deref().unwrap_or(""),
        }
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
            return self.plain_link(name);
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

    /// The link `{name, url: ""}` of a name that has no term page, shared.
    fn plain_link(&self, name: &str) -> Value {
        let make = || map([("name", name.into()), ("url", "".into())]);
        let Ok(mut plain) = self.shared.plain.lock() else {
            return make();
        };
        if let Some(link) = plain.get(name) {
            return link.clone();
        }
        let link = make();
        plain.insert(name.to_string(), link.clone());
        link
    }
}

/// A story's date, last change and update (or none) as entries show them: the last
/// change is the date's own value when it is the same instant written the same way.
fn dates(a: &Article) -> [Value; 3] {
    let date = Value::from(rfc3339(&a.date));
    let modified = a.modified();
    let modified = if date_bytes(Some(&modified)) == date_bytes(Some(&a.date)) {
        date.clone()
    } else {
        Value::from(rfc3339(&modified))
    };
    let updated = Value::from(a.details().updated.as_ref().map(rfc3339));
    [date, modified, updated]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Correction, Details};

    fn at(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339(text).expect("a test date")
    }

    fn story(details: Details) -> Article {
        Article {
            more: details.boxed(),
            ..Article::sample("world", "vote", "2021-09-05T23:30:00-02:00")
        }
    }

    #[test]
    fn an_entrys_dates_read_as_the_values_they_were_made_from() {
        let correction = |date| Correction {
            date: at(date),
            time_given: true,
            note: "n".into(),
        };
        let stories = [
            story(Details::default()),
            story(Details {
                updated: Some(at("2021-09-06T08:00:00+01:00")),
                ..Details::default()
            }),
            // The same instant as the date, written with another offset: pages show the
            // correction's text, so the entry must too.
            story(Details {
                corrections: vec![correction("2021-09-06T01:30:00+00:00")],
                ..Details::default()
            }),
            story(Details {
                updated: Some(at("2021-09-06T08:00:00+01:00")),
                corrections: vec![correction("2022-01-01T00:00:00+05:30")],
                ..Details::default()
            }),
        ];
        for a in &stories {
            let [date, modified, updated] = dates(a);
            assert_eq!(date.as_str(), Some("2021-09-05T23:30:00-02:00"));
            assert_eq!(modified.as_str(), Some(rfc3339(&a.modified()).as_str()));
            assert_eq!(
                updated.as_str(),
                a.details().updated.as_ref().map(rfc3339).as_deref()
            );
        }
        assert_eq!(
            dates(&stories[2])[1].as_str(),
            Some("2021-09-06T01:30:00+00:00")
        );
    }
}
