//! Footnotes as a reader expects them: numbered in the order the text first cites them,
//! gathered at the end of the story under a rule, each with a link back to where it is
//! cited. pulldown-cmark leaves each note where it was written, with the author's label as
//! its id and no way back; this rewrites its events (the HTML stays pulldown-cmark's).

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// `events` with footnote references and definitions rewritten, the notes at the end.
pub fn arrange(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let numbers = numbering(&events);
    if numbers.is_empty() {
        return events;
    }
    let mut body = Vec::with_capacity(events.len() + 8);
    let mut notes: Vec<(usize, Vec<Event>)> = Vec::new();
    let mut cited: HashMap<usize, usize> = HashMap::new();
    let mut note: Option<(usize, Vec<Event>)> = None;
    for event in events {
        match event {
            Event::FootnoteReference(label) => {
                let n = numbers.get(label.as_ref()).copied().unwrap_or(0);
                let times = cited.entry(n).or_insert(0);
                *times += 1;
                // The first citation is where the note's back link leads.
                let id = if *times == 1 {
                    format!(" id=\"fnref-{n}\"")
                } else {
                    String::new()
                };
                let sup = Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"{id}><a href=\"#fn-{n}\" aria-label=\"Note {n}\">{n}</a></sup>"
                )));
                // A note may cite another.
                match note.as_mut() {
                    Some((_, events)) => events.push(sup),
                    None => body.push(sup),
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = numbers.get(label.as_ref()).copied().unwrap_or(0);
                note = Some((n, Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                notes.extend(note.take());
            }
            event => match note.as_mut() {
                Some((_, events)) => events.push(event),
                None => body.push(event),
            },
        }
    }
    notes.sort_by_key(|(n, _)| *n);
    body.push(Event::Html(CowStr::from(
        "<section class=\"footnotes\" aria-label=\"Notes\">\n<ol>\n",
    )));
    for (n, mut events) in notes {
        // Known only now: a note may be written before the text cites it.
        back_link(&mut events, n, cited.contains_key(&n));
        body.push(Event::Html(CowStr::from(format!("<li id=\"fn-{n}\">\n"))));
        body.extend(events);
        body.push(Event::Html(CowStr::from("</li>\n")));
    }
    body.push(Event::Html(CowStr::from("</ol>\n</section>\n")));
    body
}

/// Each note's number: in the order the text first cites it, then the notes never cited.
fn numbering(events: &[Event]) -> HashMap<String, usize> {
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let cited = events.iter().filter_map(|e| match e {
        Event::FootnoteReference(label) => Some(label.as_ref()),
        _ => None,
    });
    let defined = events.iter().filter_map(|e| match e {
        Event::Start(Tag::FootnoteDefinition(label)) => Some(label.as_ref()),
        _ => None,
    });
    for label in cited.chain(defined) {
        let next = numbers.len() + 1;
        numbers.entry(label.to_string()).or_insert(next);
    }
    numbers
}

/// The link back to the note's first citation, at the end of its last paragraph.
fn back_link(events: &mut Vec<Event>, n: usize, cited: bool) {
    if !cited {
        return;
    }
    let link = Event::InlineHtml(CowStr::from(format!(
        " <a href=\"#fnref-{n}\" class=\"footnote-back\" aria-label=\"Back to the text of note {n}\">↩</a>"
    )));
    match events
        .iter()
        .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)))
    {
        Some(at) => events.insert(at, link),
        None => events.push(link),
    }
}
