//! Media stage: the files of story bundles and the photos among them. The survey reads
//! each photo once per build (its bytes' hash, its size, its orientation) so that the plan
//! can give every resized copy a route and a fingerprint; the [`Processor`] makes those
//! copies when their routes are rendered, once per photo, and keeps them in `.gazette/media/`
//! by the photo's bytes and the settings, so an unchanged photo is never decoded again.

mod bundle;
mod cache;
mod exif;
mod probe;
mod process;
mod processor;
mod survey;
mod variants;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::core::Hash;

pub use bundle::{bundle_files, is_bundle};
pub use processor::Processor;
pub use survey::survey;
pub use variants::{Format, Variant};

/// What the stories' bundles hold, found by [`survey`].
#[derive(Default)]
pub struct Media {
    /// Each bundle story's files, by archive position.
    pub stories: HashMap<usize, StoryMedia>,
    /// Every photo to process, in story order.
    pub photos: Vec<Photo>,
}

/// One bundle story's files.
#[derive(Default)]
pub struct StoryMedia {
    /// Files published beside the story's page as they are (anything but a photo).
    pub files: Vec<BundleFile>,
    /// The lead photo (`image = "photo.jpg"`), by index into [`Media::photos`].
    pub lead: Option<usize>,
    /// Photos the body shows, by the address it gives them (`photo.jpg`).
    pub body: HashMap<String, usize>,
    /// Hash of what the story's page and listing entry show of the bundle: its files'
    /// names and its photos' keys and sizes.
    pub hash: Hash,
}

/// A file of a bundle published beside its story.
pub struct BundleFile {
    /// Its name in the bundle, and so beside the page (`report.pdf`).
    pub name: String,
    pub source: PathBuf,
}

/// A photo of a bundle, with its resized copies.
pub struct Photo {
    /// The story whose bundle holds it.
    pub article: usize,
    pub source: PathBuf,
    /// Its name in the bundle (`harbour.jpg`).
    pub name: String,
    /// Hash of its bytes and of the settings its copies are made with.
    pub key: Hash,
    /// Hash of its bytes alone (checked again when it is processed).
    pub bytes: Hash,
    /// Its size upright (after its EXIF orientation).
    pub width: u32,
    pub height: u32,
    pub variants: Vec<Variant>,
}

impl Photo {
    /// The copy an `<img src>` shows: the narrowest in the original's format at least
    /// 800 px wide, else the widest.
    pub fn fallback(&self) -> Option<&Variant> {
        self.pick(self.plain(), 800)
    }

    /// The share image (Open Graph, Twitter, structured data): the narrowest JPEG at
    /// least 1,200 px wide, else the widest.
    pub fn share(&self) -> Option<&Variant> {
        self.pick(Format::Jpeg, variants::SHARE_WIDTH)
    }

    /// The format of the `<img>`'s copies: the original's (JPEG or PNG).
    fn plain(&self) -> Format {
        self.variants.first().map_or(Format::Jpeg, |v| v.format)
    }

    fn pick(&self, format: Format, min: u32) -> Option<&Variant> {
        let all = || self.variants.iter().filter(|v| v.format == format);
        all()
            .filter(|v| v.width >= min)
            .min_by_key(|v| v.width)
            .or_else(|| all().max_by_key(|v| v.width))
    }

    /// The copies in WebP (`webp`) or in the original's format, narrowest first.
    pub fn in_format(&self, webp: bool) -> impl Iterator<Item = &Variant> {
        let format = if webp { Format::WebP } else { self.plain() };
        self.variants.iter().filter(move |v| v.format == format)
    }
}

/// How a bundle's file at the relative address `rel` is published, if the bundle has it.
pub enum Resolved<'a> {
    Photo(&'a Photo),
    File(&'a BundleFile),
}

impl Media {
    /// The file of story `article`'s bundle at the relative address `rel` (`photo.jpg`,
    /// `./photo.jpg`, `maps/route.svg`).
    pub fn resolve(&self, article: usize, rel: &str) -> Option<Resolved<'_>> {
        let story = self.stories.get(&article)?;
        let name = bundle::relative_name(rel)?;
        if let Some(p) = story
            .lead
            .iter()
            .chain(story.body.values())
            .map(|&p| &self.photos[p])
            .find(|p| p.name == *name)
        {
            return Some(Resolved::Photo(p));
        }
        story
            .files
            .iter()
            .find(|f| f.name == *name)
            .map(Resolved::File)
    }

    /// The hash of what story `article`'s page and entry show of its bundle.
    pub fn story_hash(&self, article: usize) -> Option<&Hash> {
        self.stories.get(&article).map(|s| &s.hash)
    }

    /// A story came in at archive position `at`: the bundles of the stories from there on
    /// moved down one place with them.
    pub fn shift_from(&mut self, at: usize) {
        let moved = |a: usize| if a >= at { a + 1 } else { a };
        self.stories = self.stories.drain().map(|(a, s)| (moved(a), s)).collect();
        for photo in &mut self.photos {
            photo.article = moved(photo.article);
        }
    }

    /// Whether the story at archive position `at` has a bundle or a photo.
    pub fn holds(&self, at: usize) -> bool {
        self.stories.contains_key(&at) || self.photos.iter().any(|p| p.article == at)
    }

    /// The story at archive position `at`, which [`Media::holds`] nothing of, left: the
    /// stories after it moved up one place.
    pub fn remove(&mut self, at: usize) {
        let moved = |a: usize| if a > at { a - 1 } else { a };
        self.stories = self.stories.drain().map(|(a, s)| (moved(a), s)).collect();
        for photo in &mut self.photos {
            photo.article = moved(photo.article);
        }
    }

    /// Story `article`'s lead photo, when its `image` is one of its bundle's photos.
    pub fn lead(&self, article: usize) -> Option<&Photo> {
        let p = self.stories.get(&article)?.lead?;
        self.photos.get(p)
    }
}
