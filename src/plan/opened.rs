//! A new story that opened listings (the first story of a day, month or year, or of a
//! term; see [`Opened`]), for [`super::Plan::insert`]: the listings after each opened one
//! move up a place among their kind, the opened ones' routes go where a full plan puts
//! them, and the neighbouring periods, whose pages link to the opened ones, are
//! fingerprinted again. The route table ends as [`super::Plan::build`] makes it.

use std::collections::HashMap;

use super::{FeedScope, Group, ListSource, Page, Period, Route, neighbour_source};
use crate::archive::{Archive, Opened, TaxonomyKind};
use crate::config::Site;

/// What a listing (or a term's feeds) of the table before the story came in is called now.
fn moved(source: ListSource, opened: &Opened) -> ListSource {
    let year = |y: usize| y + usize::from(opened.year.is_some_and(|n| n <= y));
    let month = |y: usize, m: usize| match opened.month {
        Some((ny, nm)) if ny == y && nm <= m => m + 1,
        _ => m,
    };
    let day = |(y, m): (usize, usize), d: usize| match opened.day {
        Some((ny, nm, nd)) if (ny, nm) == (y, m) && nd <= d => d + 1,
        _ => d,
    };
    match source {
        ListSource::Section(_) => source,
        ListSource::Term(t, x) => ListSource::Term(t, moved_term(opened, t, x)),
        ListSource::Year(y) => ListSource::Year(year(y)),
        ListSource::Month(y, m) => ListSource::Month(year(y), month(year(y), m)),
        ListSource::Day(y, m, d) => {
            let (y, m) = (year(y), month(year(y), m));
            ListSource::Day(y, m, day((y, m), d))
        }
    }
}

/// Term `x` of taxonomy `t` before the story came in: its place now, after every term
/// opened in front of it.
fn moved_term(opened: &Opened, t: usize, x: usize) -> usize {
    let new = opened.terms.get(t).map_or(&[][..], Vec::as_slice);
    // The `k`-th opened term (ascending) has `k` opened and `p - k` older terms before it.
    x + new.iter().enumerate().filter(|&(k, &p)| p - k <= x).count()
}

fn moved_group(group: Group, opened: &Opened) -> Group {
    match group {
        Group::Listing(source) => Group::Listing(moved(source, opened)),
        Group::Feed(FeedScope::Term(t, x)) => {
            Group::Feed(FeedScope::Term(t, moved_term(opened, t, x)))
        }
        other => other,
    }
}

/// Call a listing's or a term feed's page by its listing's name now.
pub(super) fn rename_page(page: &mut Page, opened: &Opened) {
    match page {
        Page::Listing(l) => l.source = moved(l.source, opened),
        Page::Feed(FeedScope::Term(t, x), _) => *x = moved_term(opened, *t, *x),
        _ => {}
    }
}

/// Call every group of the table by its name now (only those whose name changed are
/// hashed again).
pub(super) fn rename_starts(starts: &mut HashMap<Group, usize>, opened: &Opened) {
    if opened.is_empty() {
        return;
    }
    let renamed: Vec<(Group, Group, usize)> = starts
        .iter()
        .map(|(&group, &start)| (group, moved_group(group, opened), start))
        .filter(|(old, new, _)| old != new)
        .collect();
    for (old, _, _) in &renamed {
        starts.remove(old);
    }
    starts.extend(renamed.into_iter().map(|(_, new, start)| (new, start)));
}

/// The opened listings, and the opened terms' feeds (tags, with feeds per tag).
pub(super) fn opened_groups(site: &Site, archive: &Archive, opened: &Opened) -> Vec<Group> {
    let mut groups = Vec::new();
    for (t, terms) in opened.terms.iter().enumerate() {
        for &x in terms {
            groups.push(Group::Listing(ListSource::Term(t, x)));
            if site.config.feeds.per_tag && archive.taxonomies[t].kind == TaxonomyKind::Tags {
                groups.push(Group::Feed(FeedScope::Term(t, x)));
            }
        }
    }
    groups.extend(opened.year.map(|y| Group::Listing(ListSource::Year(y))));
    groups.extend(
        opened
            .month
            .map(|(y, m)| Group::Listing(ListSource::Month(y, m))),
    );
    groups.extend(
        opened
            .day
            .map(|(y, m, d)| Group::Listing(ListSource::Day(y, m, d))),
    );
    groups
}

/// The order of groups in a full plan's table, for groups that routes may be added to at
/// one place: a listing's new last pages come before an opened listing that follows it.
pub(super) fn plan_order(group: Group) -> (u8, usize, usize, usize) {
    match group {
        Group::Listing(ListSource::Section(s)) => (0, s, 0, 0),
        Group::Listing(ListSource::Term(t, x)) => (1, t, x, 0),
        Group::Listing(ListSource::Year(y)) => (2, y, 0, 0),
        Group::Listing(ListSource::Month(y, m)) => (2, y, m + 1, 0),
        Group::Listing(ListSource::Day(y, m, d)) => (2, y, m + 1, d + 1),
        Group::Feed(FeedScope::Term(t, x)) => (3, t, x, 0),
        _ => (4, 0, 0, 0),
    }
}

/// Where a full plan puts the routes of `group`, which the table does not have: in front
/// of the first route of the group that follows it there (`None` when that is not known).
pub(super) fn place_of(
    archive: &Archive,
    routes: &[Route],
    starts: &HashMap<Group, usize>,
    group: Group,
) -> Option<usize> {
    let start = |g: Group| starts.get(&g).copied();
    let listing = |s: ListSource| start(Group::Listing(s));
    let first_route = |kind: fn(&Page) -> bool| routes.iter().position(|r| kind(&r.page));
    // The date archives begin with the archive's index and are followed by the 404 page.
    let after_year = |y: usize| {
        (y + 1..archive.years.len())
            .find_map(|k| listing(ListSource::Year(k)))
            .or_else(|| first_route(|p| matches!(p, Page::NotFound)))
    };
    let after_month = |y: usize, m: usize| {
        (m + 1..archive.years[y].months.len())
            .find_map(|k| listing(ListSource::Month(y, k)))
            .or_else(|| after_year(y))
    };
    match group {
        Group::Listing(ListSource::Term(t, x)) => (x + 1..archive.taxonomies[t].terms.len())
            .find_map(|k| listing(ListSource::Term(t, k)))
            .or_else(|| start(Group::Taxonomy(t + 1)))
            .or_else(|| first_route(|p| matches!(p, Page::ArchiveIndex))),
        Group::Listing(ListSource::Year(y)) => after_year(y),
        Group::Listing(ListSource::Month(y, m)) => after_month(y, m),
        Group::Listing(ListSource::Day(y, m, d)) => (d + 1..archive.years[y].months[m].days.len())
            .find_map(|k| listing(ListSource::Day(y, m, k)))
            .or_else(|| after_month(y, m)),
        // The term feeds come last before the sitemaps.
        Group::Feed(FeedScope::Term(t, x)) => {
            let later = archive.taxonomies.iter().enumerate().skip(t);
            later
                .filter(|(_, tax)| tax.kind == TaxonomyKind::Tags)
                .flat_map(|(u, tax)| {
                    let from = if u == t { x + 1 } else { 0 };
                    (from..tax.terms.len()).map(move |k| Group::Feed(FeedScope::Term(u, k)))
                })
                .find_map(start)
                .or_else(|| start(Group::Sitemaps))
        }
        _ => None,
    }
}

/// The periods next to the opened ones, whose pages link to them.
pub(super) fn neighbours(archive: &Archive, opened: &Opened) -> Vec<ListSource> {
    let sources = [
        opened.year.map(ListSource::Year),
        opened.month.map(|(y, m)| ListSource::Month(y, m)),
        opened.day.map(|(y, m, d)| ListSource::Day(y, m, d)),
    ];
    sources
        .into_iter()
        .flatten()
        .flat_map(|s| [Period::Older, Period::Newer].map(|p| neighbour_source(archive, s, p)))
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_after_opened_ones_move_up_by_how_many_opened_before_them() {
        // Old terms 0..4; two opened, at places 1 and 4 of the new list [a, N, b, c, N, d].
        let opened = Opened {
            terms: vec![vec![], vec![1, 4]],
            ..Opened::default()
        };
        let now: Vec<usize> = (0..4).map(|x| moved_term(&opened, 1, x)).collect();
        assert_eq!(now, [0, 2, 3, 5]);
        assert_eq!(moved_term(&opened, 0, 3), 3);
    }

    #[test]
    fn periods_after_an_opened_one_move_up_within_it_only() {
        let day = Opened {
            day: Some((0, 1, 2)),
            ..Opened::default()
        };
        let old = [(0, 1, 1), (0, 1, 2), (0, 2, 0), (1, 1, 5)];
        let now: Vec<ListSource> = old
            .iter()
            .map(|&(y, m, d)| moved(ListSource::Day(y, m, d), &day))
            .collect();
        let want =
            [(0, 1, 1), (0, 1, 3), (0, 2, 0), (1, 1, 5)].map(|(y, m, d)| ListSource::Day(y, m, d));
        assert_eq!(now, want);
        // A new year in front: every period's year moves up, nothing else.
        let year = Opened {
            year: Some(0),
            month: Some((0, 0)),
            day: Some((0, 0, 0)),
            ..Opened::default()
        };
        assert_eq!(
            moved(ListSource::Month(0, 0), &year),
            ListSource::Month(1, 0)
        );
        assert_eq!(
            moved(ListSource::Day(2, 3, 4), &year),
            ListSource::Day(3, 3, 4)
        );
        // A new month: the year's later months move, and their days with them.
        let month = Opened {
            month: Some((1, 1)),
            day: Some((1, 1, 0)),
            ..Opened::default()
        };
        assert_eq!(
            moved(ListSource::Day(1, 1, 0), &month),
            ListSource::Day(1, 2, 0)
        );
        assert_eq!(
            moved(ListSource::Day(1, 0, 0), &month),
            ListSource::Day(1, 0, 0)
        );
        assert_eq!(
            moved(ListSource::Month(0, 1), &month),
            ListSource::Month(0, 1)
        );
    }
}
