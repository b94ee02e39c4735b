//! Translations checked as the plan links them: a story's versions must be in as many
//! languages as there are versions, since each page's `hreflang` alternates name one page
//! per language (two Russian versions would leave a reader's browser, and Google, to pick).

use std::collections::HashMap;

use crate::archive::Archive;
use crate::config::Site;
use crate::core::Diagnostic;

/// A diagnostic at every story that is a second version of its story in one language.
pub fn check_translations(site: &Site, archive: &Archive) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for group in &archive.translations {
        let mut by_language: HashMap<&str, usize> = HashMap::new();
        for &i in group {
            let a = archive.story(i);
            let language = a.language_in(site);
            let first = *by_language.entry(language).or_insert(i);
            // Each edition reports its own stories.
            if first != i && !archive.is_foreign(i) {
                let other = &archive.story(first).path;
                problems.push(
                    Diagnostic::new(
                        &a.path,
                        0,
                        0,
                        format!(
                            "this story and {} are both its `{language}` version: a story has one page per language",
                            other.display()
                        ),
                    )
                    .with_hint(
                        "give one of them its own `language`, or its own `translation_key` if it is another story",
                    ),
                );
            }
        }
    }
    problems
}
