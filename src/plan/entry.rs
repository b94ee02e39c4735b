//! The listing entry: what every listing, feed and neighbour link shows of an article.
//! Its hash is made here, once per build, for the fingerprints of the pages that show it;
//! the renderer makes the entry itself (see `render::entry`).

use crate::config::Site;
use crate::content::Article;
use crate::core::{Hash, date_bytes};

/// Hash of everything a listing entry shows, straight from the article: the URLs follow from
/// `path` and the configuration (which every fingerprint already covers). Keep it in step
/// with the renderer's entries.
pub fn entry_hash(a: &Article, path: &str, media: Option<&Hash>) -> Hash {
    let mut fp = super::Fp::with_capacity(256 + a.summary.len());
    fp.add(path.as_bytes());
    fp.add(a.title.as_bytes());
    let (modified, modified_time_given) = a.modified_stamp();
    fp.add(&date_bytes(Some(&a.date)));
    fp.add(&date_bytes(a.details().updated.as_ref()));
    fp.add(&date_bytes(Some(&modified)));
    fp.add(&[
        u8::from(a.time_given),
        u8::from(a.details().updated_time_given),
        u8::from(modified_time_given),
    ]);
    fp.add(a.details().agency.as_deref().unwrap_or("\0").as_bytes());
    fp.add(a.details().language.as_deref().unwrap_or("\0").as_bytes());
    fp.add(a.section.as_bytes());
    for list in [&a.tags, &a.authors] {
        fp.num(list.len());
        for name in list {
            fp.add(name.as_bytes());
        }
    }
    fp.add(a.dateline.as_deref().unwrap_or("\0").as_bytes());
    fp.add(a.summary.as_bytes());
    fp.add(a.details().image.as_deref().unwrap_or("\0").as_bytes());
    fp.add(a.details().image_alt.as_deref().unwrap_or("\0").as_bytes());
    fp.add(
        a.details()
            .image_caption
            .as_deref()
            .unwrap_or("\0")
            .as_bytes(),
    );
    fp.add(
        a.details()
            .image_credit
            .as_deref()
            .unwrap_or("\0")
            .as_bytes(),
    );
    fp.add(media.map_or(&[][..], |h| &h[..]));
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
