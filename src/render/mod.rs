//! Render stage: a route to bytes. Pages go through the theme's Tera templates, with
//! contexts made of shared template values (each story's listing entry made once), article
//! bodies through pulldown-cmark; static files are read as they are.

mod body_images;
mod context;
mod entry;
mod feed_html;
mod footnotes;
mod jsonld;
mod languages;
mod markdown;
mod photos;
mod translations;
mod values;

pub use markdown::to_html;

use tera::Value;

use crate::archive::Archive;
use crate::config::Site;
use crate::core::{Diagnostic, Switches, strip_forbidden};
use crate::media::{Media, Processor};
use crate::plan::{Page, Plan, Route, urls};
use crate::theme::Theme;
use values::{from_serde, list, map};

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub archive: &'a Archive,
    pub plan: &'a Plan,
    pub theme: &'a Theme,
    pub media: &'a Media,
    /// Makes the photos' copies (once each) as their routes are rendered.
    pub processor: Processor<'a>,
    /// `site` and `build`, the same on every page.
    site_value: Value,
    build_value: Value,
    /// The listing entries and the links in them, made the first time a page shows them;
    /// freed with the renderer.
    shared: entry::Shared,
}

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        archive: &'a Archive,
        plan: &'a Plan,
        media: &'a Media,
        theme: &'a Theme,
        switches: Switches,
    ) -> Self {
        let c = &site.config;
        let section = |s: &crate::archive::Section| {
            map([
                ("name", s.name.as_str().into()),
                ("title", s.title.as_str().into()),
                ("description", s.description.as_str().into()),
                ("url", site.url(&urls::section(&s.name)).into()),
            ])
        };
        let taxonomy = |t: &crate::archive::Taxonomy| {
            map([
                ("name", t.kind.name().into()),
                ("title", theme.words.text(t.kind.name()).into()),
                ("url", site.url(&urls::taxonomy(t.kind.name())).into()),
            ])
        };
        let site_value = map([
            ("title", c.title.as_str().into()),
            ("description", c.description.as_str().into()),
            ("base_url", site.base_url.as_str().into()),
            ("root", site.url_root.as_str().into()),
            // The home edition's root, where the theme's files are (one copy for all).
            ("home", site.home.url_root.as_str().into()),
            ("home_base_url", site.home.base_url.as_str().into()),
            ("language", c.language.as_str().into()),
            ("timezone", c.timezone.as_str().into()),
            ("sections", list(archive.sections.iter().map(section))),
            ("taxonomies", list(archive.taxonomies.iter().map(taxonomy))),
            ("search", c.search.into()),
            ("logo", c.logo.as_deref().map(|l| site.absolute(l)).into()),
            ("image", c.image.as_deref().map(|i| site.absolute(i)).into()),
            (
                "menu",
                map([(
                    "footer",
                    list(site.footer.iter().map(|l| {
                        map([
                            ("title", l.title.as_str().into()),
                            ("url", l.href.as_str().into()),
                        ])
                    })),
                )]),
            ),
            ("extra", from_serde(&c.extra)),
        ]);
        let build_value = map([
            ("drafts", switches.drafts.into()),
            ("future", switches.future.into()),
            (
                "generator",
                concat!("Gazette ", env!("CARGO_PKG_VERSION")).into(),
            ),
        ]);
        Renderer {
            site,
            archive,
            plan,
            theme,
            media,
            processor: Processor::new(
                media,
                &site.config.images,
                crate::config::cache_dir(&site.root, false),
            ),
            site_value,
            build_value,
            shared: entry::Shared::new(archive),
        }
    }

    /// The bytes of one route's file: a static file as it is, a page or feed from its
    /// template without the characters no HTML or XML may hold ([`strip_forbidden`]).
    pub fn render(&self, route: &Route) -> Result<Vec<u8>, Diagnostic> {
        if let Page::Asset(i) = route.page {
            let asset = &self.theme.assets[i];
            return asset.source.read().map_err(|e| {
                let path = match &asset.source {
                    crate::theme::AssetSource::File(p) => p.clone(),
                    crate::theme::AssetSource::Embedded(_) => asset.path.clone().into(),
                };
                Diagnostic::new(&path, 0, 0, format!("cannot read static file: {e}"))
            });
        }
        match route.page {
            Page::Photo(p, v) => return self.photo_bytes(p, v),
            Page::BundleFile(a, f) => return self.bundle_file(a, f),
            _ => {}
        }
        let template = route.page.template().unwrap_or_default();
        let origin = self.theme.origin(template);
        let ctx = self.context(route).map_err(|message| match route.page {
            Page::Article(i) => Diagnostic::new(&self.archive.articles[i].path, 0, 0, message),
            _ => Diagnostic::new(&origin, 0, 0, message),
        })?;
        if !self.theme.has_template(template) {
            return Err(Diagnostic::new(
                &origin,
                0,
                0,
                format!("template `{template}` is missing"),
            )
            .with_hint("add it to the theme's templates/ or the site's templates/"));
        }
        // Every page and feed passes here: what no HTML or XML may hold goes (front matter
        // is checked for it, but bodies, imports and site.toml are not).
        self.theme
            .render(template, &ctx.into_context())
            .map(|text| strip_forbidden(text).into_bytes())
            .map_err(|mut d| {
                d.message = format!("{} (rendering /{})", d.message, route.path());
                d
            })
    }

    /// An article's body as HTML, read from its file now; a bundle's photos in it as
    /// `<picture>`s.
    pub fn body_html(&self, i: usize) -> Result<String, String> {
        let a = &self.archive.articles[i];
        let text = a.read_text()?;
        if !self.media.stories.contains_key(&i) {
            return Ok(markdown::to_html(text.body()));
        }
        Ok(markdown::to_html_with(text.body(), &|img| {
            self.body_image(i, img.dest, img.alt, img.title, img.alone)
        }))
    }

    /// Copy `v` of photo `p`, made now unless the media cache has it.
    fn photo_bytes(&self, p: usize, v: usize) -> Result<Vec<u8>, Diagnostic> {
        self.processor.bytes(p, v).map_err(|why| {
            let photo = &self.media.photos[p];
            let story = &self.archive.articles[photo.article].path;
            Diagnostic::new(story, 0, 0, format!("image `{}` {why}", photo.name))
        })
    }

    /// File `f` of story `a`'s bundle, as it is.
    fn bundle_file(&self, a: usize, f: usize) -> Result<Vec<u8>, Diagnostic> {
        let story = &self.archive.articles[a].path;
        let file = self
            .media
            .stories
            .get(&a)
            .and_then(|s| s.files.get(f))
            .ok_or_else(|| Diagnostic::new(story, 0, 0, "a bundle file went missing"))?;
        std::fs::read(&file.source)
            .map_err(|e| Diagnostic::new(story, 0, 0, format!("cannot read `{}`: {e}", file.name)))
    }
}
