//! The survey: for every bundle story, which files it publishes as they are and which
//! photos it shows (its `image` and the body's images with relative addresses), each
//! photo's bytes hashed and header read. Problems are diagnostics naming the story and
//! the file; nothing is decoded here.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;

use super::bundle::{bundle_entries, is_bundle, is_photo, relative_name};
use super::probe::probe;
use super::variants::variants;
use super::{BundleFile, Media, Photo, StoryMedia};
use crate::archive::Archive;
use crate::config::ImageConfig;
use crate::content::Article;
use crate::core::{Diagnostic, Hash, locate_key, markdown_options};

/// Changes when copies are made differently (another resizer, encoder or naming).
const MEDIA_VERSION: &str = "gazette-media 1";

/// One story's bundle as surveyed, before its photos are numbered.
struct Found {
    article: usize,
    files: Vec<BundleFile>,
    lead: Option<String>,
    body: Vec<String>,
    photos: Vec<Photo>,
}

/// Survey every bundle story of `archive`, on all cores.
pub fn survey(config: &ImageConfig, archive: &Archive) -> (Media, Vec<Diagnostic>) {
    let found: Vec<Result<Found, Vec<Diagnostic>>> = archive
        .articles
        .par_iter()
        .enumerate()
        .filter(|(_, a)| is_bundle(&a.path))
        .map(|(i, a)| story(config, i, a))
        .collect();
    let mut media = Media::default();
    let mut errors = Vec::new();
    for f in found {
        match f {
            Ok(f) => add(&mut media, f),
            Err(mut e) => errors.append(&mut e),
        }
    }
    (media, errors)
}

/// Number a story's photos and record its bundle.
fn add(media: &mut Media, f: Found) {
    let first = media.photos.len();
    let index = |name: &str| {
        f.photos
            .iter()
            .position(|p| p.name == name)
            .map(|p| first + p)
    };
    let mut h = blake3::Hasher::new();
    for file in &f.files {
        h.update(file.name.as_bytes()).update(b"\0");
    }
    for p in &f.photos {
        h.update(p.name.as_bytes()).update(b"\0").update(&p.key);
        h.update(&p.width.to_le_bytes())
            .update(&p.height.to_le_bytes());
    }
    let story = StoryMedia {
        lead: f.lead.as_deref().and_then(index),
        body: f
            .body
            .iter()
            .filter_map(|r| Some((r.clone(), index(&relative_name(r)?)?)))
            .collect(),
        files: f.files,
        hash: *h.finalize().as_bytes(),
    };
    media.photos.extend(f.photos);
    media.stories.insert(f.article, story);
}

/// Survey the bundle of story `a` (at archive position `article`).
fn story(config: &ImageConfig, article: usize, a: &Article) -> Result<Found, Vec<Diagnostic>> {
    let path = a.path.as_path();
    let image = a.details().image.as_deref();
    let story = a
        .read_text()
        .map_err(|e| vec![Diagnostic::new(path, 0, 0, e)])?;
    let text = &story.text;
    let names: HashMap<String, PathBuf> = bundle_entries(path).into_iter().collect();
    let lead = image.and_then(relative_name).map(Cow::into_owned);
    let body = body_images(story.body());
    let mut errors = Vec::new();
    let mut wanted: Vec<(Cow<str>, usize)> = Vec::new();
    let image_line = locate_key(text, "image").0;
    for (name, line) in lead
        .as_deref()
        .map(|l| (Cow::Borrowed(l), image_line))
        .into_iter()
        .chain(body.iter().filter_map(|r| Some((relative_name(r)?, 0))))
    {
        if !names.contains_key(name.as_ref()) {
            errors.push(
                Diagnostic::new(
                    path,
                    line,
                    0,
                    format!("image `{name}` is not in the story's bundle"),
                )
                .with_hint(format!(
                    "put {name} in {} beside index.md, or fix its name",
                    path.parent().unwrap_or(path).display()
                )),
            );
        } else if is_photo(&name) && !wanted.iter().any(|(n, _)| *n == name) {
            wanted.push((name, line));
        }
    }
    let mut photos = Vec::new();
    for (name, line) in wanted {
        match photo(config, article, &names[name.as_ref()], &name) {
            Ok(p) => photos.push(p),
            Err(why) => errors.push(Diagnostic::new(
                path,
                line,
                0,
                format!("image `{name}` {why}"),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Photos are published only as their copies, never as they are (their metadata
    // would go with them).
    let files = names
        .into_iter()
        .filter(|(n, _)| !is_photo(n))
        .map(|(name, source)| BundleFile { name, source })
        .collect::<Vec<_>>();
    let mut files = files;
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Found {
        article,
        files,
        lead,
        body,
        photos,
    })
}

/// The photo at `source` named `name` in its bundle, hashed and its header read.
fn photo(config: &ImageConfig, article: usize, source: &Path, name: &str) -> Result<Photo, String> {
    let bytes = std::fs::read(source).map_err(|e| format!("cannot be read: {e}"))?;
    let hash: Hash = *blake3::hash(&bytes).as_bytes();
    let header = probe(&bytes, config.max_pixels)?;
    let mut key = blake3::Hasher::new();
    key.update(MEDIA_VERSION.as_bytes())
        .update(&hash)
        .update(&[config.quality, u8::from(config.keep_metadata)]);
    Ok(Photo {
        article,
        source: source.to_path_buf(),
        name: name.to_string(),
        key: *key.finalize().as_bytes(),
        bytes: hash,
        width: header.width,
        height: header.height,
        variants: variants(config, name, header.format, header.width, header.height),
    })
}

/// The addresses of the body's images that name a file of the bundle (relative ones).
fn body_images(body: &str) -> Vec<String> {
    let mut found: Vec<String> = Parser::new_ext(body, markdown_options())
        .filter_map(|e| match e {
            Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .filter(|d| relative_name(d).is_some())
        .collect();
    found.dedup();
    found
}
