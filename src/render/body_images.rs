//! Body images replaced by the HTML their story gives them (a bundle photo's `<picture>`):
//! an image alone in its paragraph becomes a block in the paragraph's place (a `<figure>`
//! cannot sit in a `<p>`), any other one inline HTML where it was.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::markdown::BodyImage;

pub(super) fn replace<'a>(
    events: Vec<Event<'a>>,
    image: &dyn Fn(&BodyImage) -> Option<String>,
) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &events[i]
        else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let Some(end) =
            (i + 1..events.len()).find(|&j| matches!(events[j], Event::End(TagEnd::Image)))
        else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let mut alt = String::new();
        for e in &events[i + 1..end] {
            if let Event::Text(t) | Event::Code(t) = e {
                alt.push_str(t);
            }
        }
        let alone = matches!(out.last(), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)));
        let found = BodyImage {
            dest: dest_url,
            alt: &alt,
            title,
            alone,
        };
        match image(&found) {
            Some(html) if alone => {
                out.pop();
                out.push(Event::Html(CowStr::from(html + "\n")));
                i = end + 2;
            }
            Some(html) => {
                out.push(Event::InlineHtml(CowStr::from(html)));
                i = end + 1;
            }
            None => {
                out.push(events[i].clone());
                i += 1;
            }
        }
    }
    out
}
