//! URL slugs: the one function every part of Gazette names files and URLs with, so that
//! `gazette new`, `gazette import` and the build agree on a headline's slug.

/// A URL slug: lowercase ASCII words joined by `-`; non-Latin scripts are transliterated
/// (`Паром вернулся` → `parom-vernulsia`).
pub fn slugify(text: &str) -> String {
    // The Cyrillic soft and hard signs have no Latin letter: transliterated as apostrophes
    // they would split words (`Архангельск` → `arkhangel-sk`), so they are dropped.
    ::slug::slugify(text.replace(['ь', 'Ь', 'ъ', 'Ъ'], ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_is_transliterated() {
        assert_eq!(
            slugify("Паром вернулся в Архангельск"),
            "parom-vernulsia-v-arkhangelsk"
        );
        assert_eq!(slugify("Подъём в Усть-Цильме"), "podiom-v-ust-tsilme");
        assert_eq!(slugify("U.N. votes: \"yes\" & no"), "u-n-votes-yes-no");
    }
}
