//! Links in article bodies, with their positions in the file.

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use crate::core::{line_column, markdown_options};

pub struct Link {
    pub dest: String,
    pub image: bool,
    /// An image's alt text (empty for a link).
    pub alt: String,
    /// 1-based line and column in the article file.
    pub line: usize,
    pub column: usize,
}

/// Every link and image in a file whose body starts at byte `body_offset`.
pub fn extract(file_text: &str, body_offset: usize) -> Vec<Link> {
    let body = file_text.get(body_offset..).unwrap_or_default();
    let head = file_text.get(..body_offset).unwrap_or_default();
    let head_lines = head.matches('\n').count();
    let mut out: Vec<Link> = Vec::new();
    let mut in_image = false;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match &event {
            Event::Text(t) | Event::Code(t) if in_image => {
                if let Some(last) = out.last_mut() {
                    last.alt.push_str(t);
                }
            }
            Event::End(TagEnd::Image) => in_image = false,
            _ => {}
        }
        let (dest, image) = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if link_type != LinkType::Email => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        let (line, column) = line_column(body, range.start);
        in_image = image;
        out.push(Link {
            dest: dest.to_string(),
            image,
            alt: String::new(),
            line: line + head_lines,
            column,
        });
    }
    out
}

/// Heading ids of a Markdown body, as the renderer assigns them.
pub fn heading_ids(markdown: &str) -> Vec<String> {
    let html = crate::render::to_html(markdown);
    let mut ids = Vec::new();
    let mut rest = html.as_str();
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    ids
}
