//! A small HTML reader for feed content: entity decoding, plain-text extraction, and
//! conversion of *simple* HTML to Markdown.
//!
//! Simple HTML is made of `p`, `a`, `em`/`i`, `strong`/`b`, `h2`–`h4`, `ul`/`ol`/`li`,
//! `blockquote` and `br`. Anything else makes [`to_markdown`] return an error, and the caller
//! keeps the HTML as it is (raw HTML is allowed in Gazette bodies). Every conversion is
//! checked by rendering the Markdown back with pulldown-cmark: if the text or the inline
//! markup differ, the conversion is refused rather than risk changing the article.

use std::fmt::Write as _;

/// Why some HTML could not be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSimple(pub String);

impl std::fmt::Display for NotSimple {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not simple HTML: {}", self.0)
    }
}

impl std::error::Error for NotSimple {}

fn refuse<T>(why: impl Into<String>) -> Result<T, NotSimple> {
    Err(NotSimple(why.into()))
}

// ---------------------------------------------------------------------------------------------
// Entities

/// Named entities recognised; others are left as written (or refused when converting).
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("ndash", "\u{2013}"),
    ("mdash", "\u{2014}"),
    ("hellip", "\u{2026}"),
    ("laquo", "\u{ab}"),
    ("raquo", "\u{bb}"),
    ("lsquo", "\u{2018}"),
    ("rsquo", "\u{2019}"),
    ("sbquo", "\u{201a}"),
    ("ldquo", "\u{201c}"),
    ("rdquo", "\u{201d}"),
    ("bdquo", "\u{201e}"),
    ("lsaquo", "\u{2039}"),
    ("rsaquo", "\u{203a}"),
    ("prime", "\u{2032}"),
    ("Prime", "\u{2033}"),
    ("bull", "\u{2022}"),
    ("middot", "\u{b7}"),
    ("copy", "\u{a9}"),
    ("reg", "\u{ae}"),
    ("trade", "\u{2122}"),
    ("deg", "\u{b0}"),
    ("euro", "\u{20ac}"),
    ("pound", "\u{a3}"),
    ("yen", "\u{a5}"),
    ("cent", "\u{a2}"),
    ("sect", "\u{a7}"),
    ("para", "\u{b6}"),
    ("times", "\u{d7}"),
    ("divide", "\u{f7}"),
    ("minus", "\u{2212}"),
    ("plusmn", "\u{b1}"),
    ("frac12", "\u{bd}"),
    ("frac14", "\u{bc}"),
    ("frac34", "\u{be}"),
    ("shy", "\u{ad}"),
    ("ensp", "\u{2002}"),
    ("emsp", "\u{2003}"),
    ("thinsp", "\u{2009}"),
    ("zwnj", "\u{200c}"),
    ("zwj", "\u{200d}"),
    ("lrm", "\u{200e}"),
    ("rlm", "\u{200f}"),
    ("iexcl", "\u{a1}"),
    ("iquest", "\u{bf}"),
    ("ordm", "\u{ba}"),
    ("ordf", "\u{aa}"),
    ("micro", "\u{b5}"),
    ("larr", "\u{2190}"),
    ("rarr", "\u{2192}"),
    ("uarr", "\u{2191}"),
    ("darr", "\u{2193}"),
    ("agrave", "\u{e0}"),
    ("aacute", "\u{e1}"),
    ("acirc", "\u{e2}"),
    ("atilde", "\u{e3}"),
    ("auml", "\u{e4}"),
    ("aring", "\u{e5}"),
    ("aelig", "\u{e6}"),
    ("ccedil", "\u{e7}"),
    ("egrave", "\u{e8}"),
    ("eacute", "\u{e9}"),
    ("ecirc", "\u{ea}"),
    ("euml", "\u{eb}"),
    ("igrave", "\u{ec}"),
    ("iacute", "\u{ed}"),
    ("icirc", "\u{ee}"),
    ("iuml", "\u{ef}"),
    ("ntilde", "\u{f1}"),
    ("ograve", "\u{f2}"),
    ("oacute", "\u{f3}"),
    ("ocirc", "\u{f4}"),
    ("otilde", "\u{f5}"),
    ("ouml", "\u{f6}"),
    ("oslash", "\u{f8}"),
    ("ugrave", "\u{f9}"),
    ("uacute", "\u{fa}"),
    ("ucirc", "\u{fb}"),
    ("uuml", "\u{fc}"),
    ("yacute", "\u{fd}"),
    ("yuml", "\u{ff}"),
    ("szlig", "\u{df}"),
    ("Agrave", "\u{c0}"),
    ("Aacute", "\u{c1}"),
    ("Acirc", "\u{c2}"),
    ("Auml", "\u{c4}"),
    ("Aring", "\u{c5}"),
    ("AElig", "\u{c6}"),
    ("Ccedil", "\u{c7}"),
    ("Egrave", "\u{c8}"),
    ("Eacute", "\u{c9}"),
    ("Ntilde", "\u{d1}"),
    ("Oacute", "\u{d3}"),
    ("Ouml", "\u{d6}"),
    ("Oslash", "\u{d8}"),
    ("Uuml", "\u{dc}"),
];

/// Decodes the entity starting right after a `&` in `rest`; returns the text and its length
/// (including the final `;`).
fn entity_at(rest: &str) -> Option<(String, usize)> {
    let end = rest.char_indices().take(34).find(|(_, c)| *c == ';')?.0;
    let name = &rest[..end];
    let decoded = if let Some(number) = name.strip_prefix('#') {
        let code = if let Some(hex) = number.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            number.parse::<u32>().ok()?
        };
        // NUL, surrogates and out-of-range numbers decode to the replacement character.
        let c = char::from_u32(code)
            .filter(|c| *c != '\0')
            .unwrap_or('\u{fffd}');
        c.to_string()
    } else {
        ENTITIES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_string())?
    };
    Some((decoded, end + 1))
}

/// Decodes character references (`&amp;`, `&#8217;`, `&#x2014;`); unknown ones stay as written.
pub fn decode_entities(text: &str) -> String {
    decode(text, false).unwrap_or_else(|_| text.to_string())
}

fn decode(text: &str, strict: bool) -> Result<String, NotSimple> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match entity_at(after) {
            Some((decoded, len)) => {
                out.push_str(&decoded);
                rest = &after[len..];
            }
            None => {
                let looks_like_entity = after
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '#')
                    && after
                        .char_indices()
                        .take(34)
                        .find(|(_, c)| !c.is_ascii_alphanumeric() && *c != '#')
                        .is_some_and(|(_, c)| c == ';');
                if strict && looks_like_entity {
                    return refuse("an unknown character reference");
                }
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Text(String),
    Open {
        name: String,
        attrs: Vec<(String, String)>,
    },
    Close(String),
    /// Comments, doctypes, CDATA, processing instructions.
    Other,
}

/// Splits HTML into tokens. A `<` that cannot start a tag is text; a tag left open at the end
/// is an error (`lenient` turns the rest into text instead).
fn tokenize(html: &str, lenient: bool) -> Result<Vec<Token>, NotSimple> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        match read_tag(after) {
            Ok(Some((token, len))) => {
                if !text.is_empty() {
                    tokens.push(Token::Text(std::mem::take(&mut text)));
                }
                tokens.push(token);
                rest = &after[len..];
            }
            Ok(None) => {
                text.push('<');
                rest = after;
            }
            Err(e) if !lenient => return Err(e),
            Err(_) => {
                text.push('<');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }
    Ok(tokens)
}

/// Reads one tag after its `<`; `Ok(None)` when the `<` is plain text.
fn read_tag(after: &str) -> Result<Option<(Token, usize)>, NotSimple> {
    if let Some(comment) = after.strip_prefix("!--") {
        return match comment.find("-->") {
            Some(end) => Ok(Some((Token::Other, 3 + end + 3))),
            None => refuse("an unterminated comment"),
        };
    }
    if after.starts_with('!') || after.starts_with('?') {
        return match after.find('>') {
            Some(end) => Ok(Some((Token::Other, end + 1))),
            None => refuse("an unterminated declaration"),
        };
    }
    let (closing, body) = match after.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, after),
    };
    if !body.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return Ok(None);
    }
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(body.len());
    let name = body[..name_len].to_ascii_lowercase();
    let mut pos = name_len;
    let mut attrs = Vec::new();
    loop {
        let rest = &body[pos..];
        let trimmed = rest.trim_start();
        pos += rest.len() - trimmed.len();
        if trimmed.is_empty() {
            return refuse(format!("an unterminated <{name}> tag"));
        }
        if trimmed.starts_with("/>") {
            pos += 2;
            break;
        }
        if trimmed.starts_with('>') {
            pos += 1;
            break;
        }
        if closing {
            return refuse(format!("a malformed </{name}> tag"));
        }
        // Attribute name.
        let attr_len = trimmed
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(trimmed.len());
        if attr_len == 0 {
            // A stray '/' inside the tag.
            pos += 1;
            continue;
        }
        let attr = trimmed[..attr_len].to_ascii_lowercase();
        pos += attr_len;
        let rest = &body[pos..];
        let trimmed = rest.trim_start();
        if !trimmed.starts_with('=') {
            attrs.push((attr, String::new()));
            continue;
        }
        pos += rest.len() - trimmed.len() + 1;
        let rest = &body[pos..];
        let value_start = rest.trim_start();
        pos += rest.len() - value_start.len();
        let value = match value_start.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = &value_start[1..];
                let Some(end) = inner.find(q) else {
                    return refuse(format!("an unterminated attribute in <{name}>"));
                };
                pos += end + 2;
                &inner[..end]
            }
            _ => {
                let end = value_start
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(value_start.len());
                pos += end;
                &value_start[..end]
            }
        };
        attrs.push((attr, decode_entities(value)));
    }
    let token = if closing {
        Token::Close(name)
    } else {
        Token::Open { name, attrs }
    };
    Ok(Some((token, if closing { pos + 1 } else { pos })))
}

// ---------------------------------------------------------------------------------------------
// Plain text

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "hr",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "section",
    "article",
    "header",
    "footer",
];

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// Collapses runs of HTML white space into one space, trimming both ends.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending = false;
    for c in text.chars() {
        if is_html_space(c) {
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

/// The text of some HTML, tags removed, entities decoded, white space collapsed.
/// Never fails: what cannot be read as a tag is kept as text.
pub fn to_plain_text(html: &str) -> String {
    let tokens = tokenize(html, true).unwrap_or_default();
    let mut text = String::new();
    let mut skip_depth = 0usize;
    for token in &tokens {
        match token {
            Token::Text(t) if skip_depth == 0 => text.push_str(&decode_entities(t)),
            Token::Open { name, .. } if name == "script" || name == "style" => skip_depth += 1,
            Token::Close(name) if name == "script" || name == "style" => {
                skip_depth = skip_depth.saturating_sub(1);
            }
            Token::Open { name, .. } | Token::Close(name)
                if BLOCK_TAGS.contains(&name.as_str()) =>
            {
                text.push(' ');
            }
            _ => {}
        }
    }
    collapse(&text)
}

/// What the conversion check compares: the visible text, and the inline markup in order.
fn signature(tokens: &[Token]) -> Result<(String, Vec<&'static str>), NotSimple> {
    let mut text = String::new();
    let mut marks = Vec::new();
    for token in tokens {
        match token {
            Token::Text(t) => text.push_str(&decode(t, false)?),
            Token::Open { name, .. } | Token::Close(name) => {
                let closing = matches!(token, Token::Close(_));
                let mark = match (name.as_str(), closing) {
                    ("em" | "i", false) => Some("em"),
                    ("em" | "i", true) => Some("/em"),
                    ("strong" | "b", false) => Some("strong"),
                    ("strong" | "b", true) => Some("/strong"),
                    ("a", false) => Some("a"),
                    ("a", true) => Some("/a"),
                    ("br", false) => Some("br"),
                    _ => None,
                };
                marks.extend(mark);
                if BLOCK_TAGS.contains(&name.as_str()) {
                    text.push(' ');
                }
            }
            Token::Other => {}
        }
    }
    Ok((collapse(&text), marks))
}

// ---------------------------------------------------------------------------------------------
// Tree

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    A,
    Em,
    Strong,
    H(usize),
    Ul,
    Ol,
    Li,
    Blockquote,
}

impl Tag {
    fn from_name(name: &str) -> Option<Tag> {
        Some(match name {
            "p" => Tag::P,
            "a" => Tag::A,
            "em" | "i" => Tag::Em,
            "strong" | "b" => Tag::Strong,
            "h2" => Tag::H(2),
            "h3" => Tag::H(3),
            "h4" => Tag::H(4),
            "ul" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "blockquote" => Tag::Blockquote,
            _ => return None,
        })
    }

    fn is_inline(self) -> bool {
        matches!(self, Tag::A | Tag::Em | Tag::Strong)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Break,
    Element {
        tag: Tag,
        href: Option<String>,
        title: Option<String>,
        children: Vec<Node>,
    },
}

impl Node {
    fn is_inline(&self) -> bool {
        match self {
            Node::Text(_) | Node::Break => true,
            Node::Element { tag, .. } => tag.is_inline(),
        }
    }
}

struct Open {
    tag: Tag,
    href: Option<String>,
    title: Option<String>,
    children: Vec<Node>,
}

const MAX_DEPTH: usize = 32;

fn build_tree(tokens: Vec<Token>) -> Result<Vec<Node>, NotSimple> {
    let mut root: Vec<Node> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();

    fn close_top(stack: &mut Vec<Open>, root: &mut Vec<Node>) {
        if let Some(open) = stack.pop() {
            let node = Node::Element {
                tag: open.tag,
                href: open.href,
                title: open.title,
                children: open.children,
            };
            match stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None => root.push(node),
            }
        }
    }
    fn push_node(stack: &mut [Open], root: &mut Vec<Node>, node: Node) {
        match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => root.push(node),
        }
    }

    for token in tokens {
        match token {
            Token::Other => return refuse("a comment or declaration"),
            Token::Text(text) => {
                let text = decode(&text, true)?;
                push_node(&mut stack, &mut root, Node::Text(text));
            }
            Token::Open { name, attrs } => {
                if name == "br" {
                    if stack
                        .last()
                        .is_some_and(|o| matches!(o.tag, Tag::Ul | Tag::Ol))
                    {
                        return refuse("<br> directly inside a list");
                    }
                    push_node(&mut stack, &mut root, Node::Break);
                    continue;
                }
                let Some(tag) = Tag::from_name(&name) else {
                    return refuse(format!("<{name}>"));
                };
                // A block start closes an open paragraph; a new item closes the previous one.
                if !tag.is_inline() && stack.last().is_some_and(|o| o.tag == Tag::P) {
                    close_top(&mut stack, &mut root);
                }
                if tag == Tag::Li && stack.last().is_some_and(|o| o.tag == Tag::Li) {
                    close_top(&mut stack, &mut root);
                }
                let parent = stack.last().map(|o| o.tag);
                let allowed = match (tag, parent) {
                    (Tag::Li, Some(Tag::Ul | Tag::Ol)) => true,
                    (Tag::Li, _) => false,
                    (_, Some(Tag::Ul | Tag::Ol)) => false,
                    (Tag::A, _) if stack.iter().any(|o| o.tag == Tag::A) => false,
                    (t, Some(p))
                        if !t.is_inline() && (p.is_inline() || matches!(p, Tag::H(_) | Tag::P)) =>
                    {
                        false
                    }
                    _ => true,
                };
                if !allowed {
                    return refuse(format!("<{name}> in that place"));
                }
                if stack.len() >= MAX_DEPTH {
                    return refuse("nesting too deep");
                }
                let attr = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                let (href, title) = if tag == Tag::A {
                    let Some(href) = attr("href") else {
                        return refuse("<a> without href");
                    };
                    (Some(href), attr("title").filter(|t| !t.is_empty()))
                } else {
                    (None, None)
                };
                stack.push(Open {
                    tag,
                    href,
                    title,
                    children: Vec::new(),
                });
            }
            Token::Close(name) => {
                if name == "br" {
                    return refuse("</br>");
                }
                let Some(tag) = Tag::from_name(&name) else {
                    return refuse(format!("</{name}>"));
                };
                // Close implicitly closed paragraphs and items up to the matching element.
                loop {
                    match stack.last().map(|o| o.tag) {
                        Some(top) if top == tag => {
                            close_top(&mut stack, &mut root);
                            break;
                        }
                        Some(Tag::P | Tag::Li) if stack.iter().any(|o| o.tag == tag) => {
                            close_top(&mut stack, &mut root);
                        }
                        _ => return refuse(format!("a stray </{name}>")),
                    }
                }
            }
        }
    }
    while let Some(top) = stack.last() {
        if matches!(top.tag, Tag::P | Tag::Li) {
            close_top(&mut stack, &mut root);
        } else {
            return refuse("an element left open");
        }
    }
    Ok(root)
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// Escapes text so that Markdown shows it as written.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes what would make a line start a block: `#`, `+`, `-`, `=`, `1.`, `1)`.
pub fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    if matches!(first, Some('#' | '+' | '-' | '=')) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && matches!(line[digits..].chars().next(), Some('.' | ')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

/// Renders inline nodes; `breaks` says whether `<br>` is a hard line break or a space.
fn render_inline(nodes: &[Node], breaks: bool, out: &mut String) -> Result<(), NotSimple> {
    for node in nodes {
        match node {
            Node::Text(text) => {
                // Keep white space here; it is collapsed once the whole run is built.
                let spaced: String = text
                    .chars()
                    .map(|c| if is_html_space(c) { ' ' } else { c })
                    .collect();
                out.push_str(&escape_text(&spaced));
            }
            Node::Break => out.push_str(if breaks { "\\\n" } else { " " }),
            Node::Element {
                tag,
                href,
                title,
                children,
            } => {
                let mut inner = String::new();
                render_inline(children, breaks, &mut inner)?;
                match tag {
                    Tag::Em | Tag::Strong => {
                        let marker = if *tag == Tag::Em { "*" } else { "**" };
                        wrap(&inner, marker, marker, out);
                    }
                    Tag::A => {
                        let href = href.as_deref().unwrap_or_default();
                        if href.contains(['<', '>', '\n', '\r']) {
                            return refuse("a link address Markdown cannot hold");
                        }
                        let destination = if href.is_empty()
                            || href.contains(|c: char| c.is_whitespace() || c == '(' || c == ')')
                        {
                            format!("<{href}>")
                        } else {
                            href.replace('\\', "\\\\")
                        };
                        let suffix = match title {
                            Some(t) => {
                                format!(" \"{}\")", t.replace('\\', "\\\\").replace('"', "\\\""))
                            }
                            None => ")".to_string(),
                        };
                        out.push('[');
                        out.push_str(inner.trim());
                        let _ = write!(out, "]({destination}{suffix}");
                    }
                    _ => return refuse("a block inside inline text"),
                }
            }
        }
    }
    Ok(())
}

/// Wraps inline content in emphasis markers, keeping surrounding spaces outside them.
fn wrap(inner: &str, open: &str, close: &str, out: &mut String) {
    let trimmed = inner.trim_matches(' ');
    if trimmed.is_empty() {
        out.push_str(inner);
        return;
    }
    if inner.starts_with(' ') {
        out.push(' ');
    }
    out.push_str(open);
    out.push_str(trimmed);
    out.push_str(close);
    if inner.ends_with(' ') {
        out.push(' ');
    }
}

/// Collapses spaces in a rendered inline run and escapes each line's start.
fn finish_inline(raw: &str) -> String {
    raw.split("\\\n")
        .map(|line| escape_line_start(&collapse(line)))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\\\n")
}

fn render_blocks(nodes: &[Node]) -> Result<Vec<(String, bool)>, NotSimple> {
    // (markdown, is_paragraph)
    let mut blocks = Vec::new();
    let mut run: Vec<Node> = Vec::new();
    let flush = |run: &mut Vec<Node>, blocks: &mut Vec<(String, bool)>| -> Result<(), NotSimple> {
        if run.is_empty() {
            return Ok(());
        }
        let mut raw = String::new();
        render_inline(run, true, &mut raw)?;
        run.clear();
        let text = finish_inline(&raw);
        if !text.is_empty() {
            blocks.push((text, false));
        }
        Ok(())
    };
    for node in nodes {
        if node.is_inline() {
            run.push(node.clone());
            continue;
        }
        flush(&mut run, &mut blocks)?;
        let Node::Element { tag, children, .. } = node else {
            continue;
        };
        match tag {
            Tag::P => {
                let mut raw = String::new();
                render_inline(children, true, &mut raw)?;
                let text = finish_inline(&raw);
                if !text.is_empty() {
                    blocks.push((text, true));
                }
            }
            Tag::H(level) => {
                let mut raw = String::new();
                render_inline(children, false, &mut raw)?;
                let text = collapse(&raw).replace('#', "\\#");
                if !text.is_empty() {
                    blocks.push((format!("{} {text}", "#".repeat(*level)), true));
                }
            }
            Tag::Ul | Tag::Ol => {
                let list = render_list(*tag == Tag::Ol, children)?;
                if !list.is_empty() {
                    blocks.push((list, true));
                }
            }
            Tag::Blockquote => {
                let inner = join_blocks(&render_blocks(children)?, true);
                if !inner.is_empty() {
                    let quoted: Vec<String> = inner
                        .lines()
                        .map(|l| {
                            if l.is_empty() {
                                ">".to_string()
                            } else {
                                format!("> {l}")
                            }
                        })
                        .collect();
                    blocks.push((quoted.join("\n"), true));
                }
            }
            Tag::Li => return refuse("<li> outside a list"),
            Tag::A | Tag::Em | Tag::Strong => {}
        }
    }
    flush(&mut run, &mut blocks)?;
    Ok(blocks)
}

fn join_blocks(blocks: &[(String, bool)], loose: bool) -> String {
    let separator = if loose { "\n\n" } else { "\n" };
    blocks
        .iter()
        .map(|(b, _)| b.as_str())
        .collect::<Vec<_>>()
        .join(separator)
}

fn render_list(ordered: bool, items: &[Node]) -> Result<String, NotSimple> {
    let mut rendered = Vec::new();
    let mut loose = false;
    for item in items {
        match item {
            Node::Text(t) if t.chars().all(is_html_space) => {}
            Node::Element {
                tag: Tag::Li,
                children,
                ..
            } => {
                let blocks = render_blocks(children)?;
                let item_loose = blocks.iter().any(|(_, paragraph)| *paragraph)
                    && children
                        .iter()
                        .any(|c| matches!(c, Node::Element { tag: Tag::P, .. }));
                loose |= item_loose;
                rendered.push((blocks, item_loose));
            }
            _ => return refuse("something other than <li> in a list"),
        }
    }
    let mut out = Vec::new();
    for (n, (blocks, item_loose)) in rendered.iter().enumerate() {
        let marker = if ordered {
            format!("{}. ", n + 1)
        } else {
            "- ".to_string()
        };
        let indent = " ".repeat(marker.len());
        let body = join_blocks(blocks, *item_loose);
        let mut lines = body.lines();
        let mut text = match lines.next() {
            Some(first) => format!("{marker}{first}"),
            None => marker.trim_end().to_string(),
        };
        for line in lines {
            text.push('\n');
            if !line.is_empty() {
                text.push_str(&indent);
                text.push_str(line);
            }
        }
        out.push(text);
    }
    Ok(out.join(if loose { "\n\n" } else { "\n" }))
}

/// Converts simple HTML to Markdown, or says why it is not simple.
pub fn to_markdown(html: &str) -> Result<String, NotSimple> {
    let tokens = tokenize(html, false)?;
    let expected = signature(&tokens)?;
    let tree = build_tree(tokens)?;
    let markdown = join_blocks(&render_blocks(&tree)?, true);
    // Check: the Markdown must render to the same text and inline markup.
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, pulldown_cmark::Parser::new(&markdown));
    let actual = signature(&tokenize(&rendered, true)?)?;
    if actual != expected {
        return refuse("the Markdown would not read the same");
    }
    Ok(markdown)
}

/// Plain text as Markdown paragraphs: blank lines separate paragraphs, text is escaped.
pub fn text_to_markdown(text: &str) -> String {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs
        .iter()
        .map(|p| escape_line_start(&escape_text(p)))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_simple_html() {
        let html = "<p>The <strong>pier</strong> is <em>open</em> again, \
                    see <a href=\"https://example.org/pier\">the notice</a>.</p>\n\
                    <h2>Timetable</h2><ul><li>Ferries <b>daily</b></li><li>Freight on Mondays</ul>\
                    <blockquote><p>We are ready.</p></blockquote><p>Line one<br>line two</p>";
        let md = to_markdown(html);
        assert_eq!(
            md.as_deref().map_err(|e| e.to_string()),
            Ok(
                "The **pier** is *open* again, see [the notice](https://example.org/pier).\n\n\
                ## Timetable\n\n\
                - Ferries **daily**\n- Freight on Mondays\n\n\
                > We are ready.\n\n\
                Line one\\\nline two"
            )
        );
    }

    #[test]
    fn escapes_markdown_in_text() {
        let md = to_markdown("<p>2025. A *star* &amp; a [link] &lt;b&gt;</p>");
        assert_eq!(
            md.as_deref().ok(),
            Some("2025\\. A \\*star\\* & a \\[link\\] \\<b\\>")
        );
    }

    #[test]
    fn refuses_anything_else() {
        assert!(to_markdown("<p>A <span>span</span></p>").is_err());
        assert!(to_markdown("<img src=x>").is_err());
        assert!(to_markdown("<p>open <em>em</p>").is_err());
        assert!(to_markdown("<!-- note --><p>x</p>").is_err());
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            decode_entities("Q&amp;A &#8211; &#x201C;x&#x201D; &bogus; AT&T"),
            "Q&A \u{2013} \u{201c}x\u{201d} &bogus; AT&T"
        );
        assert_eq!(
            to_plain_text("<p>One</p><p>two &amp; <b>three</b></p>"),
            "One two & three"
        );
    }
}
