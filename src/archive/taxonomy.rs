//! Taxonomies: tags, authors and places (datelines), each a sorted list of terms with the
//! positions of their stories.

use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

use crate::content::Article;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaxonomyKind {
    Tags,
    Authors,
    Places,
}

impl TaxonomyKind {
    pub fn from_name(name: &str) -> Option<TaxonomyKind> {
        match name {
            "tags" => Some(TaxonomyKind::Tags),
            "authors" => Some(TaxonomyKind::Authors),
            "places" => Some(TaxonomyKind::Places),
            _ => None,
        }
    }

    /// The URL segment and name in `site.toml`.
    pub fn name(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Authors => "authors",
            TaxonomyKind::Places => "places",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "Topics",
            TaxonomyKind::Authors => "Authors",
            TaxonomyKind::Places => "Places",
        }
    }

    /// The terms an article has in this taxonomy.
    pub fn terms(self, a: &Article) -> &[Arc<str>] {
        match self {
            TaxonomyKind::Tags => &a.tags,
            TaxonomyKind::Authors => &a.authors,
            TaxonomyKind::Places => a.dateline.as_slice(),
        }
    }
}

pub struct Taxonomy {
    pub kind: TaxonomyKind,
    /// Sorted by slug.
    pub terms: Vec<Term>,
    /// Every spelling of a term's name seen in the articles, to its position in `terms`.
    names: HashMap<Arc<str>, usize>,
    /// Names that cannot have a page of their own, for the plan to report.
    pub problems: Vec<TermProblem>,
}

/// A name in stories that would make a wrong term page. Stories are positions in the
/// archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermProblem {
    /// The name has no letter or digit to make its URL from (`!!!`).
    Nameless { story: usize, name: Arc<str> },
    /// Two names that are not spellings of one word make the same URL (`C++` and `C#` both
    /// make `c`): `first` as the term's page would show it, `second` the other.
    Clash {
        slug: String,
        first: (usize, Arc<str>),
        second: (usize, Arc<str>),
    },
}

/// The symbols that make a name another word (`C++`, `C#`, `AT&T`), where case, accents,
/// spaces and other punctuation only spell one word differently (`St. Petersburg`, `st
/// petersburg`). Slugs drop them all, so names that differ in these must not share a slug.
const MEANINGFUL_SYMBOLS: &[char] = &['+', '#', '&', '@', '$', '%', '*'];

/// Whether two names with one slug are spellings of one term.
fn one_term(a: &str, b: &str) -> bool {
    fn symbols(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| MEANINGFUL_SYMBOLS.contains(c))
    }
    symbols(a).eq(symbols(b))
}

pub struct Term {
    /// The name as first written (in archive order).
    pub name: String,
    pub slug: String,
    /// Positions in the archive, newest first.
    pub articles: Vec<usize>,
}

impl Taxonomy {
    /// One pass over the articles: linear in the number of (article, term) pairs. Each
    /// distinct spelling is turned into a slug once.
    pub fn build(kind: TaxonomyKind, articles: &[Arc<Article>]) -> Taxonomy {
        let mut by_slug: HashMap<String, usize> = HashMap::new();
        let mut names: HashMap<Arc<str>, usize> = HashMap::new();
        let mut terms: Vec<Term> = Vec::new();
        let mut problems = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            for name in kind.terms(a) {
                let t = match names.get(name) {
                    Some(&t) => t,
                    None => {
                        let slug = super::term_slug(name);
                        if slug.is_empty() {
                            problems.push(TermProblem::Nameless {
                                story: i,
                                name: name.clone(),
                            });
                            continue;
                        }
                        let t = *by_slug.entry(slug.clone()).or_insert_with(|| {
                            terms.push(Term {
                                name: name.to_string(),
                                slug,
                                articles: Vec::new(),
                            });
                            terms.len() - 1
                        });
                        let term = &terms[t];
                        if !one_term(&term.name, name) {
                            let first = term.articles.first().copied().unwrap_or(i);
                            problems.push(TermProblem::Clash {
                                slug: term.slug.clone(),
                                first: (first, term.name.as_str().into()),
                                second: (i, name.clone()),
                            });
                        }
                        names.insert(name.clone(), t);
                        t
                    }
                };
                if terms[t].articles.last() != Some(&i) {
                    terms[t].articles.push(i);
                }
            }
        }
        // Sort by slug and renumber the name index to match.
        let mut order: Vec<usize> = (0..terms.len()).collect();
        order.sort_by(|&a, &b| terms[a].slug.cmp(&terms[b].slug));
        let mut position = vec![0; terms.len()];
        for (new, &old) in order.iter().enumerate() {
            position[old] = new;
        }
        for t in names.values_mut() {
            *t = position[*t];
        }
        let mut slots: Vec<Option<Term>> = terms.into_iter().map(Some).collect();
        let terms = order.iter().filter_map(|&old| slots[old].take()).collect();
        Taxonomy {
            kind,
            terms,
            names,
            problems,
        }
    }

    /// The slug of a term by any spelling an article used.
    pub fn slug_of(&self, name: &str) -> Option<&str> {
        self.term_of(name).map(|t| self.terms[t].slug.as_str())
    }

    /// A term's position in `terms` by any spelling an article used.
    pub fn term_of(&self, name: &str) -> Option<usize> {
        self.names.get(name).copied()
    }

    /// The terms `names` belong to, in order without repeats; `None` when a name is a
    /// spelling the taxonomy has not seen (a new term, a new spelling of one, or a name
    /// without a slug, which the index must report).
    pub(super) fn terms_named(&self, names: &[Arc<str>]) -> Option<Vec<usize>> {
        let mut terms = Vec::new();
        for name in names {
            match self.term_of(name) {
                Some(t) => terms.push(t),
                None => return None,
            }
        }
        terms.sort_unstable();
        terms.dedup();
        Some(terms)
    }

    /// The slug of a term `name` would open: a name no story used whose slug no term has
    /// (`None` for a known name, a new spelling of a term, or a name without a slug, which
    /// the index must report).
    pub(super) fn new_term_slug(&self, name: &str) -> Option<String> {
        if self.term_of(name).is_some() {
            return None;
        }
        let slug = super::term_slug(name);
        let taken = self.terms.binary_search_by(|t| t.slug.cmp(&slug)).is_ok();
        (!slug.is_empty() && !taken).then_some(slug)
    }

    /// Open a term without stories for `name`, whose slug is `slug` (see
    /// [`Taxonomy::new_term_slug`]), in its place by slug; the terms after it move up one.
    /// Returns its place.
    pub(super) fn open_term(&mut self, name: &Arc<str>, slug: String) -> usize {
        let x = self.terms.partition_point(|t| t.slug < slug);
        let term = Term {
            name: name.to_string(),
            slug,
            articles: Vec::new(),
        };
        self.terms.insert(x, term);
        for t in self.names.values_mut() {
            if *t >= x {
                *t += 1;
            }
        }
        self.names.insert(name.clone(), x);
        x
    }

    /// Story `i`, which had the terms `old` names, now has those `articles[i]` names: move
    /// it between the terms' lists, when that keeps the taxonomy's shape (no term is new
    /// or left empty, none changes its name or its number of pages, as `pages` counts them
    /// for a list's length). Returns
    /// the terms whose lists changed, or `None`, changing nothing, when the shape would
    /// change and the index must be built again. A spelling no story uses any more stays
    /// known (to its term, which still exists): only stories' own names are looked up.
    pub fn regroup(
        &mut self,
        articles: &[Arc<Article>],
        i: usize,
        old: &[Arc<str>],
        pages: &dyn Fn(usize) -> usize,
    ) -> Option<Vec<usize>> {
        let before = self.terms_named(old)?;
        let after = self.terms_named(self.kind.terms(&articles[i]))?;
        let mut touched: Vec<usize> = before.iter().chain(&after).copied().collect();
        touched.sort_unstable();
        touched.dedup();
        let mut lists = Vec::new();
        for t in touched {
            let mut list = self.terms[t].articles.clone();
            match (list.binary_search(&i), after.contains(&t)) {
                (Ok(at), false) => {
                    list.remove(at);
                }
                (Err(at), true) => list.insert(at, i),
                _ => {}
            }
            let term = &self.terms[t];
            let first = list.first()?;
            // A term is named as its newest story spells it.
            let spelling = self
                .kind
                .terms(&articles[*first])
                .iter()
                .find(|n| self.term_of(n) == Some(t))?;
            if **spelling != *term.name || pages(list.len()) != pages(term.articles.len()) {
                return None;
            }
            lists.push((t, list));
        }
        let mut moved = Vec::new();
        for (t, list) in lists {
            if list != self.terms[t].articles {
                self.terms[t].articles = list;
                moved.push(t);
            }
        }
        Some(moved)
    }
}
