//! Other generators' sites: Hugo, Jekyll and Zola posts become Gazette articles.
//!
//! This module finds the posts of a site and what their paths say (section, slug, date);
//! [`hugo`], [`jekyll`] and [`zola`] map each generator's front matter. The body Markdown is
//! kept as written. Fields that cannot be mapped, and template code kept as text
//! (shortcodes, Liquid tags), are reported as notes.

mod frontmatter;
mod hugo;
mod jekyll;
mod zola;

use std::path::{Component, Path, PathBuf};

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::Generator;
use super::article::Article;
use super::writer::make_slug;

pub use frontmatter::Fields;

/// One post found in a site, with what its path tells.
#[derive(Debug, Clone)]
pub struct Post {
    /// The file to read.
    pub path: PathBuf,
    /// Its path relative to the site (with `/`), kept as `source.file`.
    pub rel: String,
    /// The first folder under `content/` (Hugo, Zola).
    pub section: Option<String>,
    /// The slug the file name gives (`index.md` takes its folder's name).
    pub file_slug: String,
    /// A date at the start of the file name (`2024-01-05-…`).
    pub file_date: Option<NaiveDate>,
    /// Folders that Jekyll reads as categories (`news/_posts/…`).
    pub folder_categories: Vec<String>,
    /// Other files next to an `index.md` (a page bundle's resources).
    pub has_resources: bool,
}

/// Posts found, and the paths the walk could not read with why.
pub type Posts = (Vec<Post>, Vec<(PathBuf, String)>);

/// Finds the posts of a site at `input` (a site folder, its content folder, or one file),
/// and what could not be read there.
pub fn find_posts(generator: Generator, input: &Path) -> Result<Posts, String> {
    if input.is_file() {
        let name = file_name(input);
        let (file_date, rest) = split_date_prefix(&stem(&name));
        return Ok((
            vec![Post {
                path: input.to_path_buf(),
                rel: name,
                section: None,
                file_slug: rest,
                file_date,
                folder_categories: Vec::new(),
                has_resources: false,
            }],
            Vec::new(),
        ));
    }
    if !input.is_dir() {
        return Err("no such file or folder".into());
    }
    let (posts, unread) = match generator {
        Generator::Hugo | Generator::Zola => content_posts(input),
        Generator::Jekyll => jekyll_posts(input),
    };
    if posts.is_empty() && unread.is_empty() {
        let place = match generator {
            Generator::Jekyll => "no `_posts` folder with Markdown posts",
            _ => "no Markdown posts under `content/`",
        };
        return Err(format!("{place} found for {generator}"));
    }
    Ok((posts, unread))
}

/// Converts one post.
pub fn convert(generator: Generator, post: &Post, bytes: &[u8], tz: Tz) -> Result<Article, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_string())?;
    let (table, body) = frontmatter::read(text)?;
    let mut fields = Fields::new(table, tz);
    let mut article = match generator {
        Generator::Hugo => hugo::map(&mut fields, post)?,
        Generator::Jekyll => jekyll::map(&mut fields, post)?,
        Generator::Zola => zola::map(&mut fields, post)?,
    };
    let mut notes = fields.finish();
    notes.extend(match generator {
        Generator::Hugo => hugo::template_notes(&body),
        Generator::Jekyll => jekyll::template_notes(&body),
        Generator::Zola => zola::template_notes(&body),
    });
    if post.has_resources {
        notes.push("page bundle resources not copied".into());
    }
    article.notes.extend(notes);
    article.body = body.trim_end().to_string();
    article.source.file = Some(post.rel.clone());
    article.source.hash = Some(blake3::hash(bytes).to_hex().to_string());
    if article.slug.is_none() {
        article.slug = Some(make_slug(&post.file_slug)).filter(|s| !s.is_empty());
    }
    if article.section.is_none() {
        article.section = post
            .section
            .as_deref()
            .map(make_slug)
            .filter(|s| !s.is_empty());
    }
    Ok(article)
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn stem(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

/// `2024-01-05-slug` → (2024-01-05, `slug`); also `2024-01-05_slug` (Zola).
pub fn split_date_prefix(stem: &str) -> (Option<NaiveDate>, String) {
    if let (Some(head), Some(sep)) = (stem.get(..10), stem.get(10..11))
        && (sep == "-" || sep == "_")
        && let Ok(date) = NaiveDate::parse_from_str(head, "%Y-%m-%d")
    {
        return (Some(date), stem.get(11..).unwrap_or_default().to_string());
    }
    (None, stem.to_string())
}

fn relative(path: &Path, base: &Path) -> Vec<String> {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// What a post walk found: Markdown files, and paths it could not read with why.
type Walk = (Vec<PathBuf>, Vec<(PathBuf, String)>);

fn walk(root: &Path, skip_dir: impl Fn(&str) -> bool) -> Walk {
    let mut files = Vec::new();
    let mut unread = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(is_hidden(&name) || (e.file_type().is_dir() && skip_dir(&name)))
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && is_markdown(e.path()) => {
                files.push(e.into_path());
            }
            Ok(_) => {}
            Err(e) => unread.extend(super::walk_failure(root, &e)),
        }
    }
    (files, unread)
}

/// Hugo and Zola: `content/**.md`, without `_index.md`; section = first folder.
fn content_posts(input: &Path) -> Posts {
    let content = input.join("content");
    let root = if content.is_dir() {
        content
    } else {
        input.to_path_buf()
    };
    let mut posts = Vec::new();
    let (files, unread) = walk(&root, |_| false);
    for path in files {
        let name = file_name(&path);
        if stem(&name) == "_index" {
            continue;
        }
        let under_root = relative(&path, &root);
        let section = (under_root.len() > 1).then(|| under_root[0].clone());
        let is_bundle = stem(&name) == "index" && under_root.len() > 1;
        let slug_source = if is_bundle {
            under_root[under_root.len() - 2].clone()
        } else {
            stem(&name)
        };
        let (file_date, file_slug) = split_date_prefix(&slug_source);
        let has_resources = is_bundle
            && path.parent().is_some_and(|dir| {
                std::fs::read_dir(dir).is_ok_and(|entries| {
                    entries.filter_map(Result::ok).any(|e| {
                        e.file_type().is_ok_and(|t| t.is_file()) && !is_markdown(&e.path())
                    })
                })
            });
        posts.push(Post {
            rel: relative(&path, input).join("/"),
            path,
            section,
            file_slug,
            file_date,
            folder_categories: Vec::new(),
            has_resources,
        });
    }
    (posts, unread)
}

/// Jekyll: every Markdown file under a `_posts` folder.
fn jekyll_posts(input: &Path) -> Posts {
    let mut posts = Vec::new();
    let (files, unread) = walk(input, |name| {
        name == "_site" || name == "node_modules" || name == "vendor"
    });
    for path in files {
        let parts = relative(&path, input);
        let Some(at) = parts.iter().position(|p| p == "_posts") else {
            continue;
        };
        let name = file_name(&path);
        let (file_date, file_slug) = split_date_prefix(&stem(&name));
        posts.push(Post {
            rel: parts.join("/"),
            path,
            section: None,
            file_slug,
            file_date,
            folder_categories: parts[..at]
                .iter()
                .filter(|p| !p.starts_with('_'))
                .cloned()
                .collect(),
            has_resources: false,
        });
    }
    (posts, unread)
}

/// Template tags kept in the body, as notes: one per distinct name.
pub fn template_notes(
    body: &str,
    openers: &[&str],
    what: &str,
    name_of: impl Fn(&str) -> Option<String>,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for opener in openers {
        let mut rest = body;
        while let Some(at) = rest.find(opener) {
            rest = &rest[at + opener.len()..];
            if let Some(name) = name_of(rest)
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|n| format!("{what} `{n}` kept as text"))
        .collect()
}

/// The identifier at the start of `text` after spaces (letters, digits, `_`, `-`, `.`).
pub fn leading_name(text: &str) -> Option<String> {
    let text = text.trim_start_matches([' ', '\t', '-']);
    let name: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Adds texts to a list, skipping empty ones and repeats.
pub fn add_unique(list: &mut Vec<String>, items: impl IntoIterator<Item = String>) {
    for item in items {
        let item = item.trim().to_string();
        if !item.is_empty() && !list.contains(&item) {
            list.push(item);
        }
    }
}

/// An old address kept as an alias: site-relative, starting with `/`.
/// Full URLs cannot be aliases and give `None`.
pub fn alias(address: &str) -> Option<String> {
    let address = address.trim();
    if address.is_empty()
        || address.contains("://")
        || address.starts_with("//")
        || address.contains('\\')
        || address.split('/').any(|part| part == "." || part == "..")
    {
        return None;
    }
    Some(if address.starts_with('/') {
        address.to_string()
    } else {
        format!("/{address}")
    })
}

/// Adds aliases from a field, noting the ones that cannot be kept.
/// The fields Hugo and Zola share: `draft`, `aliases`, and the generator's own key for one
/// more old address (`url` in Hugo, `path` in Zola).
pub fn map_draft_and_aliases(fields: &mut Fields, article: &mut Article, address_key: &str) {
    article.draft = fields.bool("draft").unwrap_or(false);
    let aliases = fields.list("aliases", false);
    add_aliases(article, "aliases", aliases);
    if let Some(address) = fields.string(address_key) {
        add_aliases(article, address_key, vec![address]);
    }
}

pub fn add_aliases(article: &mut Article, key: &str, addresses: Vec<String>) {
    for address in addresses {
        match alias(&address) {
            Some(a) if !article.aliases.contains(&a) => article.aliases.push(a),
            Some(_) => {}
            None => article.notes.push(format!(
                "field `{key}` value {address:?} not mapped (not a site path)"
            )),
        }
    }
}

/// The publication date: the front matter's, else the file name's.
pub fn date_or_file_date(
    date: Option<super::dates::Stamp>,
    post: &Post,
    tz: Tz,
) -> Result<super::dates::Stamp, String> {
    if let Some(d) = date {
        return Ok(d);
    }
    match post.file_date {
        Some(day) => super::dates::Stamp::day(day, tz)
            .ok_or_else(|| format!("midnight of {day} does not exist in {tz}")),
        None => Err("no date: the front matter has none and the file name starts with none".into()),
    }
}
