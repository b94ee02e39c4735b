//! Taxonomies: tags, authors and places (datelines), each a sorted list of terms with the
//! positions of their stories.

use std::collections::HashMap;

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
    pub fn terms(self, a: &Article) -> &[String] {
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
}

pub struct Term {
    /// The name as first written (in archive order).
    pub name: String,
    pub slug: String,
    /// Positions in the archive, newest first.
    pub articles: Vec<usize>,
}

impl Taxonomy {
    /// One pass over the articles: linear in the number of (article, term) pairs.
    pub fn build(kind: TaxonomyKind, articles: &[Article]) -> Taxonomy {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut terms: Vec<Term> = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            for name in kind.terms(a) {
                let slug = super::term_slug(name);
                if slug.is_empty() {
                    continue;
                }
                let t = *index.entry(slug.clone()).or_insert_with(|| {
                    terms.push(Term {
                        name: name.clone(),
                        slug,
                        articles: Vec::new(),
                    });
                    terms.len() - 1
                });
                if terms[t].articles.last() != Some(&i) {
                    terms[t].articles.push(i);
                }
            }
        }
        terms.sort_by(|a, b| a.slug.cmp(&b.slug));
        Taxonomy { kind, terms }
    }
}
