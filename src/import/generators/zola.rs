//! Zola posts: TOML front matter, shortcodes kept as text.
//!
//! Mapped: `title`, `date` (else the file name's), `updated`, `description`→summary,
//! `draft`, `slug`, `aliases` and `path`→aliases, `authors`, `[taxonomies]` `tags`,
//! `categories` and `authors`, `[extra]`→extra.

use chrono_tz::Tz;

use super::{Fields, Post, add_unique, date_or_file_date, leading_name, map_draft_and_aliases};
use crate::import::article::Article;

pub fn map(fields: &mut Fields, post: &Post) -> Result<Article, String> {
    let tz: Tz = fields.tz();
    let title = fields
        .string("title")
        .ok_or("no title in the front matter")?;
    let date = fields.date("date")?;
    let date = date_or_file_date(date, post, tz)?;
    let mut article = Article::new(title, date);
    let updated = fields.date("updated")?;
    article.set_updated(updated);

    article.summary = fields.string("description");
    article.slug = fields.slug();
    map_draft_and_aliases(fields, &mut article, "path");
    article.authors = fields.list("authors", false);

    if let Some(mut taxonomies) = fields.table("taxonomies") {
        let mut take = |key: &str, article: &mut Article| -> Vec<String> {
            match taxonomies.remove(key) {
                Some(toml::Value::Array(items)) => items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                Some(_) => {
                    article.notes.push(format!(
                        "field `taxonomies.{key}` not mapped (unexpected value)"
                    ));
                    Vec::new()
                }
                None => Vec::new(),
            }
        };
        let mut tags = take("tags", &mut article);
        let categories = take("categories", &mut article);
        add_unique(&mut tags, categories);
        let authors = take("authors", &mut article);
        article.tags = tags;
        add_unique(&mut article.authors, authors);
        for key in taxonomies.keys() {
            article
                .notes
                .push(format!("field `taxonomies.{key}` not mapped"));
        }
    }
    article.extra = fields.table("extra").filter(|t| !t.is_empty());
    Ok(article)
}

/// `{{ name(…) }}` and `{% name(…) %}` shortcodes.
pub fn template_notes(body: &str) -> Vec<String> {
    super::template_notes(body, &["{{", "{%"], "shortcode", |rest| {
        let name = leading_name(rest)?;
        let after = rest
            .trim_start_matches([' ', '\t', '-'])
            .get(name.len()..)?;
        after.trim_start().starts_with('(').then_some(name)
    })
}
