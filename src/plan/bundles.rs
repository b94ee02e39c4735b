//! The routes of story bundles: every file published beside its story's page as it is,
//! and every resized copy of its photos, each fingerprinted by what its bytes come from.

use super::{Page, Route};
use crate::media::Media;
use crate::theme::AssetSource;

/// The folder a story's bundle is published in: its page's (`2025/03/14/pier/`), or the
/// folder holding it when its permalink names a file (`news/pier.html` → `news/`).
pub fn bundle_dir(page: &str) -> &str {
    if page.ends_with('/') || page.is_empty() {
        page
    } else {
        page.rfind('/').map_or("", |i| &page[..=i])
    }
}

/// Append the bundles' routes to `routes`, whose first `articles` routes are the article
/// pages in archive order.
pub(super) fn routes(media: &Media, routes: &mut Vec<Route>, articles: usize) {
    let dir = |routes: &[Route], a: usize| -> Option<String> {
        (a < articles).then(|| bundle_dir(routes[a].path()).to_string())
    };
    let mut stories: Vec<_> = media.stories.iter().collect();
    stories.sort_by_key(|(a, _)| **a);
    for (&a, story) in stories {
        let Some(dir) = dir(routes, a) else { continue };
        for (f, file) in story.files.iter().enumerate() {
            routes.push(Route {
                output: format!("{dir}{}", file.name).into(),
                page: Page::BundleFile(a, f),
                fingerprint: AssetSource::File(file.source.clone()).fingerprint(),
            });
        }
    }
    for (p, photo) in media.photos.iter().enumerate() {
        let Some(dir) = dir(routes, photo.article) else {
            continue;
        };
        for (v, variant) in photo.variants.iter().enumerate() {
            let mut h = blake3::Hasher::new();
            h.update(&photo.key).update(variant.name.as_bytes());
            h.update(&variant.width.to_le_bytes())
                .update(&variant.height.to_le_bytes());
            routes.push(Route {
                output: format!("{dir}{}", variant.name).into(),
                page: Page::Photo(p, v),
                fingerprint: *h.finalize().as_bytes(),
            });
        }
    }
}
