//! HTML fragments read with html5ever (the HTML standard's parser, every named character
//! reference included, through scraper), and what the importers need of that tree: its
//! text, its depth, and every element with its attributes. Walks are iterative, so no
//! fragment, however deeply nested, can exhaust the stack.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Elements whose content is never text a reader sees.
const HIDDEN: &[&str] = &[
    "script", "style", "template", "noscript", "iframe", "noembed", "noframes", "object", "svg",
    "math", "textarea", "select", "title", "head",
];

/// Elements that separate words: their edges are spaces in the text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "address",
    "details",
    "summary",
    "img",
];

/// Parses `html` as the content of a `<body>`, the way a browser reads `innerHTML`.
pub fn parse(html: &str) -> Html {
    Html::parse_fragment(html)
}

/// Every element of `doc` (in document order), with its lower-case name and attributes
/// as (lower-case name, value) pairs.
pub fn elements(doc: &Html) -> Vec<(String, Vec<(String, String)>)> {
    doc.tree
        .root()
        .descendants()
        .filter_map(|node| match node.value() {
            Node::Element(e) => Some((
                e.name().to_ascii_lowercase(),
                e.attrs()
                    .map(|(name, value)| (name.to_ascii_lowercase(), value.to_string()))
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

/// How deep the nodes of `doc` nest.
pub fn depth(doc: &Html) -> usize {
    let (mut level, mut deepest) = (0usize, 0usize);
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(_) => {
                level += 1;
                deepest = deepest.max(level);
            }
            Edge::Close(_) => level = level.saturating_sub(1),
        }
    }
    deepest
}

/// The text a reader sees in `doc`: hidden elements left out, blocks apart, white space
/// collapsed (non-breaking spaces kept), trimmed.
pub fn text(doc: &Html) -> String {
    let mut raw = String::new();
    let mut hidden = 0usize;
    for edge in doc.tree.root().traverse() {
        let (node, open) = match edge {
            Edge::Open(node) => (node, true),
            Edge::Close(node) => (node, false),
        };
        match node.value() {
            Node::Text(t) if open && hidden == 0 => raw.push_str(t),
            Node::Element(e) => {
                let name = e.name().to_ascii_lowercase();
                if HIDDEN.contains(&name.as_str()) {
                    hidden = if open {
                        hidden + 1
                    } else {
                        hidden.saturating_sub(1)
                    };
                } else if BLOCKS.contains(&name.as_str()) {
                    raw.push(' ');
                }
            }
            _ => {}
        }
    }
    collapse(&raw)
}

/// Every text node's text, as written once references are decoded, in order.
pub fn raw_text(doc: &Html) -> String {
    doc.tree
        .root()
        .descendants()
        .filter_map(|node| match node.value() {
            Node::Text(t) => Some(&**t),
            _ => None,
        })
        .collect()
}

/// Runs of HTML white space as one space, trimmed.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_as_a_browser_does() {
        let root = parse(
            "<p>One&nbsp;two</p><p>&NotEqualTilde; &alpha;&copy <b>bold</b><script>x()</script></p>",
        );
        assert_eq!(
            text(&root),
            "One\u{a0}two \u{2242}\u{338} \u{3b1}\u{a9} bold"
        );
        assert_eq!(depth(&parse("<b><i>x</i></b>")), 5);
        let found = elements(&parse("<a HREF='x' onClick=y>z</a>"));
        assert!(found.iter().any(|(n, a)| n == "a"
            && a.contains(&("href".into(), "x".into()))
            && a.contains(&("onclick".into(), "y".into()))));
    }
}
