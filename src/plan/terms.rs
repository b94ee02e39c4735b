//! Term names that would make a wrong page, found by the index and reported here at the
//! story field that writes them: a name with no letter or digit (its page would have no
//! URL) and two different names that make one URL (`C++` and `C#`).

use super::paths::key_line;
use crate::archive::{Archive, TaxonomyKind, TermProblem};
use crate::core::Diagnostic;

pub(super) fn check_terms(archive: &Archive) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for taxonomy in &archive.taxonomies {
        for problem in &taxonomy.problems {
            found.push(term_problem(archive, taxonomy.kind, problem));
        }
    }
    found
}

/// The field of a story that writes a taxonomy's names, and what one name is called.
fn field(kind: TaxonomyKind) -> (&'static str, &'static str) {
    match kind {
        TaxonomyKind::Tags => ("tags", "tag"),
        TaxonomyKind::Authors => ("authors", "author"),
        TaxonomyKind::Places => ("dateline", "dateline"),
    }
}

fn term_problem(archive: &Archive, kind: TaxonomyKind, problem: &TermProblem) -> Diagnostic {
    let (key, noun) = field(kind);
    let at = |story: usize| {
        let path = &archive.articles[story].path;
        (path, key_line(archive, story, key))
    };
    match problem {
        TermProblem::Nameless { story, name } => {
            let (path, line) = at(*story);
            Diagnostic::new(
                path,
                line,
                1,
                format!("{noun} `{name}` has no letter or digit to make its page's URL from"),
            )
            .with_hint(format!(
                "write the {noun} with letters or digits, or remove it"
            ))
        }
        TermProblem::Clash {
            slug,
            first,
            second,
        } => {
            let (path, line) = at(second.0);
            let other = archive.articles[first.0].path.display();
            Diagnostic::new(
                path,
                line,
                1,
                format!(
                    "{noun} `{}` makes the same URL /{} as `{}` in {other}, so the two would share one page",
                    second.1,
                    super::urls::term(kind.name(), slug),
                    first.1
                ),
            )
            .with_hint(format!(
                "spell them the same if they are one {noun}; else rename one so that its URL differs (`C-sharp` for `C#`)"
            ))
        }
    }
}
