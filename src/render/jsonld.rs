//! schema.org `NewsArticle` structured data, serialized safely for a `<script>` element.

use serde_json::{Value, json};

use crate::config::Site;
use crate::content::Article;
use crate::core::date_or_time;

/// The text at `path` (`section.title`) of a template value, or "" when there is none.
fn text<'v>(v: &'v tera::Value, path: &'v str) -> &'v str {
    v.get_from_path(path)
        .and_then(tera::Value::as_str)
        .unwrap_or_default()
}

/// The `name` of every link in the list at `key` of a template value.
fn names<'v>(v: &'v tera::Value, key: &'v str) -> Vec<&'v str> {
    v.get_from_path(key)
        .and_then(tera::Value::as_array)
        .unwrap_or_default()
        .iter()
        .map(|link| text(link, "name"))
        .collect()
}

/// JSON-LD for an article page, from its listing entry (and the article, for its dates:
/// a day without a time is sent as the day alone). The agency is the author when the story
/// names none, else the source organization. `<`, `>` and `&` are escaped as `\u00XX` so
/// no value can close the script element.
pub fn news_article(site: &Site, entry: &tera::Value, article: &Article) -> String {
    let permalink = text(entry, "permalink");
    let (modified, modified_time_given) = article.modified_stamp();
    let mut authors: Vec<Value> = names(entry, "authors")
        .iter()
        .map(|a| json!({ "@type": "Person", "name": a }))
        .collect();
    let agency = article
        .details()
        .agency
        .as_deref()
        .map(|name| json!({ "@type": "Organization", "name": name }));
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": text(entry, "title"),
        "description": text(entry, "summary"),
        "url": permalink,
        "mainEntityOfPage": { "@type": "WebPage", "@id": permalink },
        "datePublished": date_or_time(&article.date, article.time_given),
        "dateModified": date_or_time(&modified, modified_time_given),
        "articleSection": text(entry, "section.title"),
        "inLanguage": site.config.language,
        "author": [],
        "keywords": names(entry, "tags"),
        "publisher": { "@type": "Organization", "name": site.config.title, "url": site.base_url },
    });
    match agency {
        Some(org) if authors.is_empty() => authors.push(org),
        Some(org) => v["sourceOrganization"] = org,
        None => {}
    }
    v["author"] = Value::Array(authors);
    if let Some(place) = entry
        .get_from_path("dateline.name")
        .and_then(tera::Value::as_str)
    {
        v["locationCreated"] = json!({ "@type": "Place", "name": place });
    }
    if let Some(img) = entry.get_from_path("image").and_then(tera::Value::as_str) {
        let abs = if img.contains("://") {
            img.to_string()
        } else {
            format!(
                "{}{}",
                site.base_url,
                img.trim_start_matches(&site.url_root)
            )
        };
        v["image"] = Value::String(abs);
    }
    script_safe(&v)
}

pub fn script_safe(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
