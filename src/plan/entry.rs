//! The listing entry: what every listing, feed and neighbour link shows of an article.
//! Built on demand from the article and the plan's URLs; hashed once per build.

use std::sync::Arc;

use serde::Serialize;

use super::urls;
use crate::archive::{Archive, TaxonomyKind};
use crate::config::Site;
use crate::content::Article;

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

#[derive(Serialize)]
pub struct Entry<'a> {
    pub title: &'a str,
    pub url: String,
    pub permalink: String,
    pub date: String,
    pub updated: Option<String>,
    pub modified: String,
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
pub fn entry_hash(a: &Article, path: &str) -> super::Hash {
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

/// A date as pages show it (to the second, with its offset), as bytes to hash: equal
/// exactly when the [`rfc3339`] texts are.
pub fn date_bytes(d: Option<&chrono::DateTime<chrono::FixedOffset>>) -> [u8; 13] {
    let mut out = [0u8; 13];
    if let Some(d) = d {
        out[0] = 1;
        out[1..9].copy_from_slice(&d.timestamp().to_le_bytes());
        out[9..].copy_from_slice(&d.offset().local_minus_utc().to_le_bytes());
    }
    out
}

pub fn rfc3339(d: &chrono::DateTime<chrono::FixedOffset>) -> String {
    d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
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

pub fn entry<'a>(site: &Site, archive: &'a Archive, plan: &'a super::Plan, i: usize) -> Entry<'a> {
    let (urls, path) = (&plan.links, plan.article_path(i));
    let a: &'a Article = &archive.articles[i];
    let section = archive.sections.iter().position(|s| *s.name == *a.section);
    let section_url = section.map_or("", |s| urls.sections[s].as_str());
    let section = section.map(|s| &archive.sections[s]);
    Entry {
        title: &a.title,
        url: site.url(path),
        permalink: site.permalink(path),
        date: rfc3339(&a.date),
        updated: a.details().updated.as_ref().map(rfc3339),
        modified: rfc3339(&a.modified()),
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
