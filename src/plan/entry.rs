//! The listing entry: what every listing, feed and neighbour link shows of an article.
//! Its hash is made here, once per build, for the fingerprints of the pages that show it;
//! the renderer makes the entry itself (see `render::entry`).

use crate::config::Site;
use crate::content::Article;
use crate::core::{Fp, Hash};

/// Hash of everything a listing entry shows: the story's own fields (hashed once, when it
/// was parsed: see [`Article::entry_fields_hash`]), its path and its photo's processed
/// sizes. The URLs follow from `path` and the configuration (which every fingerprint
/// already covers).
pub fn entry_hash(a: &Article, path: &str, media: Option<&Hash>) -> Hash {
    let mut fp = Fp::with_capacity(128);
    fp.add(path.as_bytes())
        .fixed(&a.entry_fields)
        .add(media.map_or(&[][..], |h| &h[..]));
    fp.done()
}

/// An image path as a link: paths in the site get the home edition's root (`static/` is
/// published there, once for every edition), absolute URLs stay.
pub fn image_url(site: &Site, image: &str) -> String {
    if image.contains("://") {
        image.to_string()
    } else {
        site.home_url(image.trim_start_matches('/'))
    }
}
