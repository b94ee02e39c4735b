//! schema.org `NewsArticle` structured data, serialized safely for a `<script>` element.

use serde_json::{Value, json};

use crate::config::Site;
use crate::plan::Entry;

/// JSON-LD for an article page. `<`, `>` and `&` are escaped as `\u00XX` so no value can
/// close the script element.
pub fn news_article(site: &Site, e: &Entry) -> String {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": e.title,
        "description": e.summary,
        "url": e.permalink,
        "mainEntityOfPage": { "@type": "WebPage", "@id": e.permalink },
        "datePublished": e.date,
        "dateModified": e.modified,
        "articleSection": e.section.title,
        "inLanguage": site.config.language,
        "author": e.authors.iter().map(|a| json!({ "@type": "Person", "name": a.name })).collect::<Vec<_>>(),
        "keywords": e.tags.iter().map(|t| t.name).collect::<Vec<_>>(),
        "publisher": { "@type": "Organization", "name": site.config.title, "url": site.base_url },
    });
    if let Some(place) = &e.dateline {
        v["locationCreated"] = json!({ "@type": "Place", "name": place.name });
    }
    if let Some(img) = &e.image {
        let abs = if img.contains("://") {
            img.clone()
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
