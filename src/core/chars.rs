//! Characters no page or feed may carry: those XML 1.0 forbids and those HTML calls
//! controls (C0 but tab, line feed and carriage return; DEL and C1, U+007F–U+009F; the
//! noncharacters U+FFFE and U+FFFF). Front matter holding one is an error; rendered
//! output has them removed, so every page and feed is well-formed whatever its input.

use std::borrow::Cow;

/// Is `c` a character no HTML or XML output may hold?
pub fn is_forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}')
        || matches!(c, '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// Does a forbidden character start at a byte `b0` followed by `b1` and `b2` (0 past the
/// end), in valid UTF-8? C0, DEL; C1 is 0xC2 0x80–0x9F; U+FFFE and U+FFFF are 0xEF 0xBF
/// 0xBE–0xBF. (A continuation byte is never 0xC2 or 0xEF, so each test sees a lead byte.)
#[inline(always)]
fn starts_forbidden(b0: u8, b1: u8, b2: u8) -> bool {
    let c0 = b0 < 0x20 && b0 != b'\t' && b0 != b'\n' && b0 != b'\r';
    let c1 = b0 == 0xc2 && b1 & 0xe0 == 0x80;
    let nonchar = b0 == 0xef && b1 == 0xbf && b2 & 0xfe == 0xbe;
    c0 | (b0 == 0x7f) | c1 | nonchar
}

/// Byte offset of the first forbidden character in `text`, if any. Looks at 64 bytes at a
/// time without a branch per byte (the compiler vectorizes it), and only in a block that
/// holds one for where it starts: this runs over every page a build writes.
pub fn first_forbidden(text: &str) -> Option<usize> {
    const BLOCK: usize = 64;
    let b = text.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    // Every byte but the last two has two after it to look at.
    let main = b.len().saturating_sub(2);
    let mut start = 0;
    while start < main {
        let end = (start + BLOCK).min(main);
        let (x, y, z) = (
            &b[start..end],
            &b[start + 1..end + 1],
            &b[start + 2..end + 2],
        );
        let any = x
            .iter()
            .zip(y)
            .zip(z)
            .fold(false, |any, ((&b0, &b1), &b2)| {
                any | starts_forbidden(b0, b1, b2)
            });
        if any {
            return (start..end).find(|&i| starts_forbidden(b[i], b[i + 1], b[i + 2]));
        }
        start = end;
    }
    (main..b.len()).find(|&i| starts_forbidden(b[i], at(i + 1), at(i + 2)))
}

/// The forbidden characters in `text`, each once, in order of first appearance.
pub fn forbidden_chars(text: &str) -> Vec<char> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(i) = first_forbidden(rest) {
        let tail = &rest[i..];
        let Some(c) = tail.chars().next() else {
            break;
        };
        if !found.contains(&c) {
            found.push(c);
        }
        rest = &tail[c.len_utf8()..];
    }
    found
}

/// `text` without its forbidden characters; untouched (no copy) when it has none.
pub fn strip_forbidden(text: String) -> String {
    match first_forbidden(&text) {
        None => text,
        Some(i) => remove_from(&text, i),
    }
}

/// [`strip_forbidden`] for borrowed text.
pub fn strip_forbidden_str(text: &str) -> Cow<'_, str> {
    match first_forbidden(text) {
        None => Cow::Borrowed(text),
        Some(i) => Cow::Owned(remove_from(text, i)),
    }
}

/// `text` without its forbidden characters, the first of which is at byte `first`.
fn remove_from(text: &str, first: usize) -> String {
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    out.extend(text[first..].chars().filter(|c| !is_forbidden(*c)));
    out
}

/// `text` with each forbidden character written as `\u{1b}`, for messages printed to a
/// terminal (where an escape character could rewrite the screen); untouched when clean.
pub fn escape_forbidden(text: &str) -> Cow<'_, str> {
    if first_forbidden(text).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_forbidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The code point as Unicode writes it: `U+001B`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_forbidden_character_and_nothing_else() {
        for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
            let text = format!("aé€😀 {c} tail");
            let expected = is_forbidden(c).then(|| text.find(c).unwrap_or_default());
            assert_eq!(first_forbidden(&text), expected, "{}", code_point(c));
        }
        for c in [
            '\t', '\n', '\r', ' ', '\u{a0}', '\u{d7ff}', '\u{e000}', '\u{fffd}',
        ] {
            assert!(!is_forbidden(c), "{}", code_point(c));
        }
        for c in [
            '\0', '\u{1}', '\u{8}', '\u{b}', '\u{1b}', '\u{7f}', '\u{85}', '\u{ffff}',
        ] {
            assert!(is_forbidden(c), "{}", code_point(c));
        }
    }

    #[test]
    fn finds_characters_across_blocks() {
        let long = format!("{}\u{1b}{}\u{9f}", "x".repeat(31), "é".repeat(40));
        assert_eq!(first_forbidden(&long), Some(31));
        assert_eq!(forbidden_chars(&long), vec!['\u{1b}', '\u{9f}']);
        let clean = "ÿ«».\u{fffd}\u{efbf}".repeat(40);
        assert_eq!(first_forbidden(&clean), None);
        // Every place in and around a block's edge, and at the very end.
        for pad in ["x", "é", "€"] {
            for n in 0..140 {
                for c in ['\u{1}', '\u{85}', '\u{ffff}'] {
                    for tail in ["", "y"] {
                        let text = format!("{}{c}{tail}", pad.repeat(n));
                        let at = n * pad.len();
                        assert_eq!(first_forbidden(&text), Some(at), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn strips_and_escapes() {
        assert_eq!(strip_forbidden("a\u{1}b\u{85}c\u{fffe}".into()), "abc");
        let clean = String::from("clean – text\n");
        let ptr = clean.as_ptr();
        let kept = strip_forbidden(clean);
        assert_eq!(kept.as_ptr(), ptr, "no copy");
        assert_eq!(escape_forbidden("a\u{1b}[2J"), "a\\u{1b}[2J");
        assert_eq!(code_point('\u{1b}'), "U+001B");
        assert_eq!(code_point('\u{fffe}'), "U+FFFE");
    }
}
