//! The listing entry: what every listing, feed and neighbour link shows of an article.
//! Hashed once per build; its text (permalink, URL, dates) made once per render, the
//! rest borrowed from the article and the plan's URLs.

use std::sync::Arc;

use serde::Serialize;

use super::urls;
use crate::archive::{Archive, TaxonomyKind};
use crate::config::Site;
use crate::content::Article;
use crate::core::{Hash, date_bytes, rfc3339};

#[derive(Serialize)]
pub struct Link<'a> {
    pub name: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct SectionLink<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub url: &'a str,
}

/// The URL of every section and term, made once per build: every listing entry links to
/// its story's section, tags, authors and dateline, and at 100,000 stories that is millions
/// of links.
pub struct LinkUrls {
    /// By position in `archive.sections`.
    sections: Vec<String>,
    /// By taxonomy, then term, as in `archive.taxonomies`.
    terms: Vec<Vec<String>>,
}

impl LinkUrls {
    pub fn new(site: &Site, archive: &Archive) -> LinkUrls {
        LinkUrls {
            sections: archive
                .sections
                .iter()
                .map(|s| site.url(&urls::section(&s.name)))
                .collect(),
            terms: archive
                .taxonomies
                .iter()
                .map(|t| {
                    let kind = t.kind.name();
                    t.terms
                        .iter()
                        .map(|term| site.url(&urls::term(kind, &term.slug)))
                        .collect()
                })
                .collect(),
        }
    }
}

/// The text of an article's listing entry that is made rather than borrowed from the
/// article: its permalink (its URL is the permalink's tail) and its dates as pages show
/// them. The renderer makes it the first time a page shows the story and keeps it, so the
/// nine or so listings, feeds and neighbour links that show a story only borrow it.
pub struct EntryText {
    /// Permalink, date, modified date (empty when it is the date), updated date (empty
    /// when there is none), one after the other.
    text: Box<str>,
    /// Where the permalink, the date and the modified date end in `text`.
    ends: [u32; 3],
}

impl EntryText {
    pub fn new(site: &Site, a: &Article, path: &str) -> EntryText {
        let mut text = site.permalink(path);
        let mut ends = [0; 3];
        ends[0] = text.len();
        text.push_str(&rfc3339(&a.date));
        ends[1] = text.len();
        let modified = a.modified();
        if date_bytes(Some(&modified)) != date_bytes(Some(&a.date)) {
            text.push_str(&rfc3339(&modified));
        }
        ends[2] = text.len();
        if let Some(u) = &a.details().updated {
            text.push_str(&rfc3339(u));
        }
        EntryText {
            ends: ends.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
            text: text.into_boxed_str(),
        }
    }

    fn part(&self, from: u32, to: u32) -> &str {
        self.text.get(from as usize..to as usize).unwrap_or("")
    }

    fn permalink(&self) -> &str {
        self.part(0, self.ends[0])
    }

    /// The permalink without the site's origin: `site.url_root` and the path.
    fn url(&self, site: &Site) -> &str {
        let origin = site.base_url.len() - site.url_root.len();
        self.permalink().get(origin..).unwrap_or("")
    }

    fn date(&self) -> &str {
        self.part(self.ends[0], self.ends[1])
    }

    fn modified(&self) -> &str {
        match self.part(self.ends[1], self.ends[2]) {
            "" => self.date(),
            m => m,
        }
    }

    fn updated(&self) -> Option<&str> {
        self.text
            .get(self.ends[2] as usize..)
            .filter(|u| !u.is_empty())
    }
}

#[derive(Serialize)]
pub struct Entry<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub permalink: &'a str,
    pub date: &'a str,
    pub updated: Option<&'a str>,
    pub modified: &'a str,
    pub year: i32,
    pub section: SectionLink<'a>,
    pub tags: Vec<Link<'a>>,
    pub authors: Vec<Link<'a>>,
    pub dateline: Option<Link<'a>>,
    pub summary: &'a str,
    pub image: Option<String>,
    pub image_alt: &'a str,
}

/// Hash of everything an [`Entry`] shows, straight from the article: the URLs follow from
/// `path` and the configuration (which every fingerprint already covers). Keep it in step
/// with [`entry`].
pub fn entry_hash(a: &Article, path: &str) -> Hash {
    let mut fp = super::Fp::with_capacity(256 + a.summary.len());
    fp.add(path.as_bytes());
    fp.add(a.title.as_bytes());
    fp.add(&date_bytes(Some(&a.date)));
    fp.add(&date_bytes(a.details().updated.as_ref()));
    fp.add(&date_bytes(Some(&a.modified())));
    fp.add(a.section.as_bytes());
    for list in [&a.tags, &a.authors] {
        fp.num(list.len());
        for name in list {
            fp.add(name.as_bytes());
        }
    }
    fp.add(a.dateline.as_deref().unwrap_or("\0").as_bytes());
    fp.add(a.summary.as_bytes());
    fp.add(a.details().image.as_deref().unwrap_or("\0").as_bytes());
    fp.add(a.details().image_alt.as_deref().unwrap_or("\0").as_bytes());
    fp.done()
}

/// Links to a taxonomy's terms, or plain names when the taxonomy has no pages (or the name
/// has no term: its slug is empty).
fn links<'a>(
    archive: &Archive,
    urls: &'a LinkUrls,
    kind: TaxonomyKind,
    names: &'a [Arc<str>],
) -> Vec<Link<'a>> {
    let taxonomy = archive.taxonomies.iter().position(|t| t.kind == kind);
    names
        .iter()
        .map(|n| Link {
            name: n,
            url: taxonomy
                .and_then(|t| Some(urls.terms[t][archive.taxonomies[t].term_of(n)?].as_str()))
                .unwrap_or(""),
        })
        .collect()
}

/// An image path as a link: site-relative paths get the site root, absolute URLs stay.
pub fn image_url(site: &Site, image: &str) -> String {
    if image.contains("://") {
        image.to_string()
    } else {
        site.url(image.trim_start_matches('/'))
    }
}

/// Article `i`'s entry, from its text (see [`EntryText`]).
pub fn entry<'a>(
    site: &Site,
    archive: &'a Archive,
    plan: &'a super::Plan,
    i: usize,
    text: &'a EntryText,
) -> Entry<'a> {
    let urls = &plan.links;
    let a: &'a Article = &archive.articles[i];
    let section = archive.sections.iter().position(|s| *s.name == *a.section);
    let section_url = section.map_or("", |s| urls.sections[s].as_str());
    let section = section.map(|s| &archive.sections[s]);
    Entry {
        title: &a.title,
        url: text.url(site),
        permalink: text.permalink(),
        date: text.date(),
        updated: text.updated(),
        modified: text.modified(),
        year: chrono::Datelike::year(&a.date),
        section: SectionLink {
            name: &a.section,
            title: section.map_or(&*a.section, |s| s.title.as_str()),
            url: section_url,
        },
        tags: links(archive, urls, TaxonomyKind::Tags, &a.tags),
        authors: links(archive, urls, TaxonomyKind::Authors, &a.authors),
        dateline: links(archive, urls, TaxonomyKind::Places, a.dateline.as_slice())
            .into_iter()
            .next(),
        summary: &a.summary,
        image: a.details().image.as_deref().map(|i| image_url(site, i)),
        image_alt: a.details().image_alt.as_deref().unwrap_or(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::content::{Correction, Details};

    fn at(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339(text).expect("a test date")
    }

    fn story(details: Details) -> Article {
        Article {
            path: "content/x.md".into(),
            file_hash: [0; 32],
            body_offset: 0,
            title: "T".into(),
            slug: "vote".into(),
            section: "world".into(),
            date: at("2021-09-05T23:30:00-02:00"),
            tags: Vec::new(),
            authors: Vec::new(),
            dateline: None,
            summary: String::new(),
            draft: false,
            more: details.boxed(),
            slug_line: 1,
        }
    }

    #[test]
    fn an_entrys_text_reads_as_the_values_it_was_made_from() {
        let site = Site {
            config: Config::default(),
            root: ".".into(),
            tz: chrono_tz::UTC,
            base_url: "https://x.example/news/".into(),
            url_root: "/news/".into(),
            preview: false,
        };
        let correction = |date| Correction {
            date: at(date),
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
            let text = EntryText::new(&site, a, "2021/09/05/vote/");
            assert_eq!(text.permalink(), "https://x.example/news/2021/09/05/vote/");
            assert_eq!(text.url(&site), "/news/2021/09/05/vote/");
            assert_eq!(text.date(), "2021-09-05T23:30:00-02:00");
            assert_eq!(text.modified(), rfc3339(&a.modified()));
            assert_eq!(
                text.updated(),
                a.details().updated.as_ref().map(rfc3339).as_deref()
            );
        }
        assert_ne!(
            EntryText::new(&site, &stories[2], "p/").modified(),
            "2021-09-05T23:30:00-02:00",
            "the correction's offset is kept"
        );
    }
}
