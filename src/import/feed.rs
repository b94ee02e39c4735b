//! Feeds (RSS 2.0, Atom, JSON Feed, read with feed-rs): one [`Article`] per item.
//!
//! Each item keeps its identity in `source.id` (the item's id, else its link) so that a
//! later import of the same feed updates the item's article instead of adding another.
//! `source.hash` hashes the item's own fields, so an item that did not change is left alone.
//! Item content is a third party's HTML: it is sanitized and converted by [`html`], with
//! relative addresses resolved against the item's link, else the feed's.

use chrono_tz::Tz;
use feed_rs::model::{Entry, Feed, Person, Text};
use serde::Serialize;

use super::article::Article;
use super::dates::{self, Stamp};
use super::escape;
use super::html;
use super::sanitize::base_url;

/// One item's outcome: its article, or (a label for the item, the reason it failed).
pub type ItemResult = Result<Article, (String, String)>;

/// Parses a feed file. Fails as a whole only when the file is not a feed.
pub fn parse(bytes: &[u8], file_name: &str, tz: Tz) -> Result<Vec<ItemResult>, String> {
    // Items without an id get none here (instead of feed-rs's random one): we fall back to
    // the link, which is stable across imports.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .build();
    let feed = parser
        .parse(bytes)
        .map_err(|e| format!("not a readable RSS, Atom or JSON feed: {e}"))?;
    Ok(feed
        .entries
        .iter()
        .enumerate()
        .map(|(n, entry)| item(&feed, entry, n, file_name, tz))
        .collect())
}

/// The fields of an item that make up its hash.
#[derive(Serialize)]
struct Snapshot<'a> {
    id: &'a str,
    title: Option<&'a str>,
    links: Vec<&'a str>,
    published: Option<String>,
    updated: Option<String>,
    authors: Vec<Option<&'a str>>,
    categories: Vec<(&'a str, Option<&'a str>)>,
    summary: Option<&'a str>,
    content: Option<&'a str>,
    content_type: Option<String>,
}

fn item(feed: &Feed, entry: &Entry, n: usize, file_name: &str, tz: Tz) -> ItemResult {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.trim().to_string())
        .filter(|l| !l.is_empty());
    let id = Some(entry.id.trim().to_string())
        .filter(|id| !id.is_empty())
        .or_else(|| link.clone());
    let label = match &id {
        Some(id) => format!("item `{id}`"),
        None => format!("item {}", n + 1),
    };
    let fail = |why: &str| Err((label.clone(), why.to_string()));

    let Some(id) = id else {
        return fail("the item has neither an id nor a link to recognise it by");
    };
    let title = entry.title.as_ref().map(clean_title).unwrap_or_default();
    if title.is_empty() {
        return fail("the item has no title");
    }
    let Some(published) = entry.published.or(entry.updated) else {
        return fail("the item has no date (neither published nor updated)");
    };

    let mut article = Article::new(title, Stamp::at(dates::in_zone(&published, tz)));
    article.set_updated(entry.updated.map(|u| Stamp::at(dates::in_zone(&u, tz))));
    // Checked here, where the item can still be named; the writer would refuse it too.
    let years =
        dates::check_year(&article.date, "the date").and_then(|()| match &article.updated {
            Some(updated) => dates::check_year(updated, "the update date"),
            None => Ok(()),
        });
    if let Err(why) = years {
        return fail(&why);
    }

    let people = if entry.authors.is_empty() {
        &feed.authors
    } else {
        &entry.authors
    };
    for name in people.iter().filter_map(person_name) {
        if !article.authors.contains(&name) {
            article.authors.push(name);
        }
    }
    for category in &entry.categories {
        let tag = category
            .label
            .as_deref()
            .unwrap_or(&category.term)
            .trim()
            .to_string();
        let tag = html::decode_entities(&tag);
        if !tag.is_empty() && !article.tags.contains(&tag) {
            article.tags.push(tag);
        }
    }

    let summary_text = entry
        .summary
        .as_ref()
        .map(text_to_plain)
        .filter(|s| !s.is_empty());
    let content = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref().map(|b| (b, c.content_type.to_string())))
        .filter(|(b, _)| !b.trim().is_empty());
    let feed_link = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.as_str());
    let base = base_url(link.as_deref(), feed_link);
    let body = match content {
        Some((body, content_type)) => {
            article.summary = summary_text;
            body_from(body, &content_type, base.as_ref())
        }
        // No separate content: the description is the text, and there is no summary.
        None => match &entry.summary {
            Some(summary) => body_from(
                &summary.content,
                summary.content_type.as_ref(),
                base.as_ref(),
            ),
            None => html::Body {
                markdown: String::new(),
                note: None,
            },
        },
    };
    article.body = body.markdown;
    if let Some(note) = body.note {
        article.notes.push(format!("{label}: {note}"));
    }
    if article.body.trim().is_empty() && article.summary.is_none() {
        article.notes.push(format!("{label} has no text"));
    }

    article.source_url = link;
    article.source.file = Some(file_name.to_string());
    article.source.hash = Some(hash(entry, &id));
    article.source.id = Some(id);
    Ok(article)
}

/// A title as plain text: HTML titles lose their tags, every title its character references.
fn clean_title(text: &Text) -> String {
    let raw = if text.content_type.subty() == "html" || text.content_type.subty() == "xhtml+xml" {
        html::to_plain_text(&text.content)
    } else {
        // Plain titles are often escaped twice ("&amp;#8217;"): decode what is left.
        html::decode_entities(&text.content)
    };
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_to_plain(text: &Text) -> String {
    if text.content_type.subty() == "plain" {
        text.content
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        html::to_plain_text(&text.content)
    }
}

/// The body: HTML is sanitized and becomes Markdown, plain text is escaped.
fn body_from(body: &str, content_type: &str, base: Option<&url::Url>) -> html::Body {
    if content_type.starts_with("text/plain") {
        return html::Body {
            markdown: escape::text_to_markdown(body),
            note: None,
        };
    }
    html::to_markdown(body, base)
}

/// A person's name; RSS gives "email (Name)", which becomes "Name".
fn person_name(person: &Person) -> Option<String> {
    let name = person.name.as_deref()?.trim();
    // feed-rs may already have taken the e-mail out, leaving "(Name)".
    let name = match (name.find('('), name.strip_suffix(')')) {
        (Some(open), Some(inner)) if open == 0 || name[..open].contains('@') => {
            inner[open + 1..].trim()
        }
        _ => name,
    };
    let name = html::decode_entities(name);
    (!name.is_empty()).then_some(name)
}

fn hash(entry: &Entry, id: &str) -> String {
    let snapshot = Snapshot {
        id,
        title: entry.title.as_ref().map(|t| t.content.as_str()),
        links: entry.links.iter().map(|l| l.href.as_str()).collect(),
        published: entry.published.map(|d| d.to_rfc3339()),
        updated: entry.updated.map(|d| d.to_rfc3339()),
        authors: entry.authors.iter().map(|p| p.name.as_deref()).collect(),
        categories: entry
            .categories
            .iter()
            .map(|c| (c.term.as_str(), c.label.as_deref()))
            .collect(),
        summary: entry.summary.as_ref().map(|t| t.content.as_str()),
        content: entry.content.as_ref().and_then(|c| c.body.as_deref()),
        content_type: entry.content.as_ref().map(|c| c.content_type.to_string()),
    };
    // Serialising these plain fields cannot fail; an empty string would only mean "changed".
    let bytes = serde_json::to_vec(&snapshot).unwrap_or_default();
    blake3::hash(&bytes).to_hex().to_string()
}
