//! Jekyll posts: `_posts/YYYY-MM-DD-slug.md` with YAML front matter, Liquid kept as text.
//!
//! Mapped: `title` (else the file name's slug), `date` (else the file name's),
//! `last_modified_at`→updated, `categories`/`category`/`tags`/`tag` (a text is split into
//! words, as Jekyll does) and the category folders above `_posts`→tags, `author`/`authors`,
//! `excerpt` (else `description`)→summary, `permalink`→aliases, `published: false`→draft,
//! `slug`, `image` (text, or a table with `path` and `alt`).

use chrono_tz::Tz;

use super::{Fields, Post, add_aliases, add_unique, date_or_file_date, leading_name};
use crate::import::article::Article;

pub fn map(fields: &mut Fields, post: &Post) -> Result<Article, String> {
    let tz: Tz = fields.tz();
    if post.file_date.is_none() && !fields.has("date") {
        return Err(
            "not a Jekyll post name (YYYY-MM-DD-title.md) and no date in the front matter".into(),
        );
    }
    let title = match fields.string("title") {
        Some(t) => t,
        None => title_from_slug(&post.file_slug)
            .ok_or("no title in the front matter or the file name")?,
    };
    let date = fields.date("date")?;
    let date = date_or_file_date(date, post, tz)?;
    let mut article = Article::new(title, date);
    let updated = fields.date("last_modified_at")?;
    article.set_updated(updated);

    let mut tags = post.folder_categories.clone();
    for key in ["categories", "category", "tags", "tag"] {
        let items = fields.list(key, true);
        add_unique(&mut tags, items);
    }
    article.tags = tags;
    let mut authors = fields.list("author", false);
    add_unique(&mut authors, fields.list("authors", false));
    article.authors = authors;

    article.summary = fields.string("excerpt");
    if article.summary.is_none() {
        article.summary = fields.string("description");
    }
    if let Some(published) = fields.bool("published") {
        article.draft = !published;
    }
    article.slug = fields.slug();

    if let Some(permalink) = fields.string("permalink") {
        if permalink.contains(':') {
            article
                .notes
                .push("field `permalink` not mapped (it has placeholders)".into());
        } else {
            add_aliases(&mut article, "permalink", vec![permalink]);
        }
    }
    match fields.take("image") {
        Some(toml::Value::String(path)) => article.image = Some(path),
        Some(toml::Value::Table(mut t)) => {
            article.image = t
                .remove("path")
                .and_then(|v| v.as_str().map(str::to_string));
            article.image_alt = t.remove("alt").and_then(|v| v.as_str().map(str::to_string));
            for key in t.keys() {
                article
                    .notes
                    .push(format!("field `image.{key}` not mapped"));
            }
        }
        Some(_) => article
            .notes
            .push("field `image` not mapped (unexpected value)".into()),
        None => {}
    }
    Ok(article)
}

/// Jekyll's own fallback title: the slug's words, each capitalised.
fn title_from_slug(slug: &str) -> Option<String> {
    let words: Vec<String> = slug
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// `{% tag … %}` and `{{ variable }}` Liquid code.
pub fn template_notes(body: &str) -> Vec<String> {
    super::template_notes(body, &["{%", "{{"], "Liquid tag", |rest| {
        leading_name(rest).filter(|n| !n.starts_with("end"))
    })
}
