//! Hugo posts: TOML or YAML front matter, shortcodes kept as text.
//!
//! Mapped: `title`, `date` (else `publishDate`), `lastmod`→updated, `tags` and
//! `categories`→tags, `authors`/`author`, `summary` (else `description`), `draft`, `slug`,
//! `aliases` and `url`→aliases, `images[0]`→image, `params`→extra.

use chrono_tz::Tz;

use super::{Fields, Post, add_unique, date_or_file_date, leading_name, map_draft_and_aliases};
use crate::import::article::Article;

pub fn map(fields: &mut Fields, post: &Post) -> Result<Article, String> {
    let tz: Tz = fields.tz();
    let title = fields
        .string("title")
        .ok_or("no title in the front matter")?;
    let date = match fields.date("date")? {
        Some(d) => Some(d),
        None => fields.date("publishDate")?,
    };
    let date = date_or_file_date(date, post, tz)?;
    let mut article = Article::new(title, date);
    let updated = fields.date("lastmod")?;
    article.set_updated(updated);

    let mut tags = fields.list("tags", false);
    add_unique(&mut tags, fields.list("categories", false));
    article.tags = tags;
    let mut authors = fields.list("authors", false);
    add_unique(&mut authors, fields.list("author", false));
    article.authors = authors;

    article.summary = fields.string("summary");
    if article.summary.is_none() {
        article.summary = fields.string("description");
    }
    article.slug = fields.slug();
    map_draft_and_aliases(fields, &mut article, "url");
    let images = fields.list("images", false);
    if let Some(first) = images.first() {
        article.image = Some(first.clone());
    }
    if images.len() > 1 {
        article.notes.push(format!(
            "field `images` not mapped beyond the first image ({} more)",
            images.len() - 1
        ));
    }
    article.extra = fields.table("params").filter(|t| !t.is_empty());
    Ok(article)
}

/// `{{< name … >}}` and `{{% name … %}}` shortcodes (closing ones and `{{</* */>}}` aside).
pub fn template_notes(body: &str) -> Vec<String> {
    super::template_notes(body, &["{{<", "{{%"], "shortcode", |rest| {
        let rest = rest.trim_start();
        if rest.starts_with('/') {
            None
        } else {
            leading_name(rest)
        }
    })
}
