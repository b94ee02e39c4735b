//! Photos as pages show them: a bundle photo's template value (`photo`: its copies as
//! `srcset`s, its size, its share image, caption and credit), and the `<picture>` a body
//! image becomes, in a `<figure>` with its caption when it stands alone.

use tera::Value;

use super::Renderer;
use super::values::map;
use crate::media::{Photo, Resolved};
use crate::plan::bundle_dir;
use crate::theme::escape;

/// What a bundle file's name (`maps/my route.svg`) keeps of itself in a URL: letters,
/// digits, `-._~` and the `/` between its folders.
const URL_NAME: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What a photo shows with: its alt text, caption and credit.
pub(super) struct Words<'a> {
    pub alt: &'a str,
    pub caption: &'a str,
    pub credit: &'a str,
}

impl Renderer<'_> {
    /// The URL of `name` in story `i`'s bundle (the name percent-encoded where a URL or
    /// a `srcset` needs it: `my photo.jpg` → `my%20photo.jpg`).
    pub(super) fn bundle_url(&self, i: usize, name: &str) -> String {
        self.site.url(&self.bundle_path(i, name))
    }

    /// The path of `name` (`maps/my route.svg`) in story `i`'s bundle from the site's
    /// root, percent-encoded (`2025/03/14/pier/maps/my%20route.svg`).
    fn bundle_path(&self, i: usize, name: &str) -> String {
        let dir = bundle_dir(self.plan.article_path(i));
        format!(
            "{dir}{}",
            percent_encoding::utf8_percent_encode(name, URL_NAME)
        )
    }

    /// `srcset` of `photo`'s copies in WebP (`webp`) or in its own format.
    fn srcset(&self, photo: &Photo, webp: bool) -> String {
        let copies: Vec<String> = photo
            .in_format(webp)
            .map(|v| format!("{} {}w", self.bundle_url(photo.article, &v.name), v.width))
            .collect();
        copies.join(", ")
    }

    /// The template value of `photo` (documented in `themes/README.md`).
    pub(super) fn photo_value(&self, photo: &Photo, words: &Words) -> Value {
        let i = photo.article;
        let (src, width, height) = photo.fallback().map_or_else(
            || (String::new(), photo.width, photo.height),
            |v| (self.bundle_url(i, &v.name), v.width, v.height),
        );
        let share = photo.share().map_or_else(Value::none, |v| {
            map([
                (
                    "url",
                    self.site.permalink(&self.bundle_path(i, &v.name)).into(),
                ),
                ("width", v.width.into()),
                ("height", v.height.into()),
                ("type", v.format.mime().into()),
            ])
        });
        map([
            ("src", src.into()),
            ("width", width.into()),
            ("height", height.into()),
            ("srcset", self.srcset(photo, false).into()),
            ("webp_srcset", self.srcset(photo, true).into()),
            ("sizes", self.site.config.images.sizes.as_str().into()),
            ("share", share),
            ("alt", words.alt.into()),
            ("caption", words.caption.into()),
            ("credit", words.credit.into()),
        ])
    }

    /// The `<picture>` of `photo` (lazy: it is not the lead).
    fn picture(&self, photo: &Photo, alt: &str) -> String {
        let Some(v) = photo.fallback() else {
            return String::new();
        };
        let sizes = escape(&self.site.config.images.sizes);
        let webp = self.srcset(photo, true);
        let source = if webp.is_empty() {
            String::new()
        } else {
            format!(
                r#"<source type="image/webp" srcset="{}" sizes="{sizes}">"#,
                escape(&webp)
            )
        };
        format!(
            r#"<picture>{source}<img src="{}" srcset="{}" sizes="{sizes}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async"></picture>"#,
            escape(&self.bundle_url(photo.article, &v.name)),
            escape(&self.srcset(photo, false)),
            v.width,
            v.height,
            escape(alt)
        )
    }

    /// The HTML a body image of story `i` at `dest` becomes: a `<picture>` (in a
    /// `<figure>` with its caption and credit from the title, `Caption | Credit`, when
    /// `alone` in its paragraph) for a bundle photo, the bundle file's address for another
    /// bundle file; `None` leaves the image as Markdown writes it.
    pub(super) fn body_image(
        &self,
        i: usize,
        dest: &str,
        alt: &str,
        title: &str,
        alone: bool,
    ) -> Option<String> {
        let story = self.media.stories.get(&i)?;
        let photo = match story.body.get(dest).map(|&p| &self.media.photos[p]) {
            Some(p) => p,
            None => match self.media.resolve(i, dest)? {
                Resolved::Photo(p) => p,
                Resolved::File(f) => {
                    return Some(format!(
                        r#"<img src="{}" alt="{}">"#,
                        escape(&self.bundle_url(i, &f.name)),
                        escape(alt)
                    ));
                }
            },
        };
        let picture = self.picture(photo, alt);
        if !alone {
            return Some(picture);
        }
        let (caption, credit) = match title.split_once(" | ") {
            Some((c, r)) => (c.trim(), r.trim()),
            None => (title.trim(), ""),
        };
        let mut out = format!(r#"<figure class="story-photo">{picture}"#);
        if !caption.is_empty() || !credit.is_empty() {
            out.push_str("<figcaption>");
            if !caption.is_empty() {
                out.push_str(&format!(
                    r#"<span class="caption">{}</span>"#,
                    escape(caption)
                ));
            }
            if !credit.is_empty() {
                out.push_str(&format!(
                    r#" <span class="credit">{}</span>"#,
                    escape(credit)
                ));
            }
            out.push_str("</figcaption>");
        }
        out.push_str("</figure>");
        Some(out)
    }
}
