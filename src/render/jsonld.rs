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
    let mut authors: Vec<Value> = links(entry, "authors")
        .map(|(name, url)| match url {
            // The author's page on this site.
            Some(url) => json!({ "@type": "Person", "name": name, "url": absolute(site, url) }),
            None => json!({ "@type": "Person", "name": name }),
        })
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
        "inLanguage": article.language_in(site),
        "author": [],
        "keywords": names(entry, "tags"),
        "publisher": publisher(site),
    });
    let corrections: Vec<Value> = article
        .details()
        .corrections
        .iter()
        .map(|c| {
            json!({
                "@type": "CorrectionComment",
                "text": c.note,
                "datePublished": date_or_time(&c.date, c.time_given),
            })
        })
        .collect();
    if !corrections.is_empty() {
        v["correction"] = Value::Array(corrections);
    }
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
    // The story's photo with its size, caption and credit, else its image, else the site's
    // share image.
    if let Some(share) = entry
        .get_from_path("photo.share")
        .filter(|s| s.as_map().is_some())
    {
        let field = |v: &tera::Value, key: &str| {
            v.get_from_path(key)
                .and_then(tera::Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let number = |key: &str| {
            share
                .get_from_path(key)
                .and_then(tera::Value::as_u64)
                .unwrap_or(0)
        };
        let mut object = json!({
            "@type": "ImageObject",
            "url": field(share, "url"),
            "contentUrl": field(share, "url"),
            "width": number("width"),
            "height": number("height"),
        });
        for (key, name) in [("photo.caption", "caption"), ("photo.credit", "creditText")] {
            let text = field(entry, key);
            if !text.is_empty() {
                object[name] = Value::String(text);
            }
        }
        v["image"] = object;
        return script_safe(&v);
    }
    let image = entry
        .get_from_path("image")
        .and_then(tera::Value::as_str)
        .map(|img| absolute(site, img))
        .or_else(|| site.config.image.as_deref().map(|i| site.absolute(i)));
    if let Some(image) = image {
        v["image"] = Value::String(image);
    }
    script_safe(&v)
}

/// The publisher: the site, with its logo when `site.toml` names one.
fn publisher(site: &Site) -> Value {
    let mut p = json!({ "@type": "Organization", "name": site.config.title, "url": site.base_url });
    if let Some(logo) = &site.config.logo {
        p["logo"] = json!({ "@type": "ImageObject", "url": site.absolute(logo) });
    }
    p
}

/// The absolute URL of a URL an entry holds: site-relative (below the home edition's
/// root, as every edition's links are), or already absolute.
fn absolute(site: &Site, url: &str) -> String {
    if url.contains("://") {
        url.to_string()
    } else {
        let path = url
            .strip_prefix(site.home.url_root.as_str())
            .unwrap_or(url.trim_start_matches('/'));
        site.home_permalink(path)
    }
}

/// The `name` and `url` (none when empty) of every link in the list at `key`.
fn links<'v>(v: &'v tera::Value, key: &'v str) -> impl Iterator<Item = (&'v str, Option<&'v str>)> {
    v.get_from_path(key)
        .and_then(tera::Value::as_array)
        .unwrap_or_default()
        .iter()
        .map(|link| {
            (
                text(link, "name"),
                Some(text(link, "url")).filter(|u| !u.is_empty()),
            )
        })
}

pub fn script_safe(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
