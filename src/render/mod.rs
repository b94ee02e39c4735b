//! Render stage: a route to bytes. Pages go through the theme's tera templates, article
//! bodies through pulldown-cmark; static files are read as they are.

mod context;
mod jsonld;
mod markdown;

pub use markdown::to_html;

use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::archive::Archive;
use crate::config::Site;
use crate::core::{Diagnostic, Switches, strip_forbidden};
use crate::plan::{EntryText, Page, Plan, Route, urls};
use crate::theme::Theme;

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub archive: &'a Archive,
    pub plan: &'a Plan,
    pub theme: &'a Theme,
    site_value: Value,
    build_value: Value,
    /// Each story's entry text, made the first time a page shows the story (see
    /// [`EntryText`]); freed with the renderer.
    entry_texts: Vec<OnceLock<EntryText>>,
}

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        archive: &'a Archive,
        plan: &'a Plan,
        theme: &'a Theme,
        switches: Switches,
    ) -> Self {
        let c = &site.config;
        let site_value = json!({
            "title": c.title,
            "description": c.description,
            "base_url": site.base_url,
            "root": site.url_root,
            "language": c.language,
            "timezone": c.timezone,
            "sections": archive.sections.iter().map(|s| json!({
                "name": s.name, "title": s.title, "description": s.description,
                "url": site.url(&urls::section(&s.name)),
            })).collect::<Vec<_>>(),
            "taxonomies": archive.taxonomies.iter().map(|t| json!({
                "name": t.kind.name(), "title": t.kind.title(),
                "url": site.url(&urls::taxonomy(t.kind.name())),
            })).collect::<Vec<_>>(),
            "search": c.search,
            "extra": c.extra,
        });
        let build_value = json!({
            "drafts": switches.drafts,
            "future": switches.future,
            "generator": concat!("Gazette ", env!("CARGO_PKG_VERSION")),
        });
        Renderer {
            site,
            archive,
            plan,
            theme,
            site_value,
            build_value,
            entry_texts: archive.articles.iter().map(|_| OnceLock::new()).collect(),
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
        let template = route.page.template().unwrap_or_default();
        let origin = self
            .theme
            .origins
            .get(template)
            .cloned()
            .unwrap_or_else(|| template.into());
        let ctx = self.context(route).map_err(|message| match route.page {
            Page::Article(i) => Diagnostic::new(&self.archive.articles[i].path, 0, 0, message),
            _ => Diagnostic::new(&origin, 0, 0, message),
        })?;
        if !self.theme.tera.get_template_names().any(|n| n == template) {
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
            .tera
            .render(template, &ctx.into_context())
            .map(|text| strip_forbidden(text).into_bytes())
            .map_err(|e| {
                let mut d = crate::theme::template_error(&origin, &e);
                d.message = format!("{} (rendering /{})", d.message, route.path());
                d
            })
    }

    /// An article's body as HTML, read from its file now.
    pub fn body_html(&self, i: usize) -> Result<String, String> {
        let a = &self.archive.articles[i];
        Ok(markdown::to_html(a.read_text()?.body()))
    }
}
