//! The place of a dateline as a reader writes it. Wire copy files the place in capitals
//! (`ST. PETERSBURG`, `ООН`); a story shows ordinary words title-cased, acronyms and
//! initialisms in capitals in any script (`UN`, `ООН`, `UAE`, `ЕС`, `NATO`), and particles
//! in lower case inside a name (`Rostov-on-Don`, `Ростов-на-Дону`). Each comma-separated
//! part is cased on its own: `DOHA, Qatar` (AP's style) gives `Doha, Qatar`, and a
//! two-letter code after a comma (`NEW YORK, NY`) keeps its capitals.

/// Lower-case words that stay lower-case inside a place name.
pub const PARTICLES: &[&str] = &[
    "on", "upon", "de", "del", "della", "di", "da", "du", "la", "le", "les", "en", "am", "im",
    "an", "der", "den", "van", "von", "sur", "au", "aux", "y", "of", "and", "и", "на", "де", "под",
    "у", "над",
];

/// Abbreviated words without a vowel that are title-cased like the words they stand for
/// (`ST PETERSBURG`, `MT PLEASANT`, `FT WORTH`), full stop or not.
const ABBREVIATED_WORDS: &[&str] = &["ST", "STE", "MT", "FT"];

/// Acronyms and initialisms that stay in capitals inside a place written in capitals.
/// Words without a vowel (`DC`, `ФРГ`, `КНДР`) stay too, unless an abbreviation's full
/// stop follows them (`D.C.`) or they are [`ABBREVIATED_WORDS`].
const ACRONYMS: &[&str] = &[
    "UN",
    "UNGA",
    "UAE",
    "USA",
    "US",
    "UK",
    "EU",
    "NATO",
    "OPEC",
    "IAEA",
    "UNESCO",
    "UNICEF",
    "ASEAN",
    "OSCE",
    "CIS",
    "DPR",
    "LPR",
    "DRC",
    "PRC",
    "ООН",
    "ЕС",
    "США",
    "ОАЭ",
    "РФ",
    "НАТО",
    "МАГАТЭ",
    "ЮНЕСКО",
    "ЮНИСЕФ",
    "ОБСЕ",
    "АСЕАН",
    "ОПЕК",
    "ЕАЭС",
    "ОДКБ",
    "ШОС",
    "ЮАР",
];

/// Whether a word of a place in capitals is an acronym to keep as written.
fn is_acronym(word: &str, followed_by_dot: bool) -> bool {
    const VOWELS: &str = "AEIOUYАЕЁИОУЫЭЮЯ";
    if ACRONYMS.contains(&word) {
        return true;
    }
    if ABBREVIATED_WORDS.contains(&word) {
        return false;
    }
    word.chars().count() >= 2 && !followed_by_dot && !word.chars().any(|c| VOWELS.contains(c))
}

/// Title-cases a place written in capitals: "ST. PETERSBURG" → "St. Petersburg",
/// "ROSTOV-ON-DON" → "Rostov-on-Don", "АРХАНГЕЛЬСК" → "Архангельск"; acronyms keep their
/// capitals ("UN", "ООН", "ABU DHABI, UAE" → "Abu Dhabi, UAE").
/// Each comma-separated part is cased on its own: one already in mixed case (`Qatar`,
/// `McAllen`) is kept as written, and so is a two-letter code after a comma (`NY`).
pub fn title_case(place: &str) -> String {
    place
        .split(',')
        .enumerate()
        .map(|(i, part)| title_case_part(part, i > 0))
        .collect::<Vec<_>>()
        .join(",")
}

fn title_case_part(place: &str, after_comma: bool) -> String {
    if place.chars().any(char::is_lowercase) {
        return place.to_string();
    }
    let code = place.trim();
    if after_comma && code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) {
        return place.to_string();
    }
    let mut out = String::with_capacity(place.len());
    let mut word = String::new();
    let mut words_done = 0usize;
    let mut after_apostrophe_of: Option<usize> = None;
    let flush = |word: &mut String,
                 out: &mut String,
                 words_done: &mut usize,
                 apostrophe: Option<usize>,
                 next: Option<char>| {
        if word.is_empty() {
            return;
        }
        if apostrophe.is_none() && is_acronym(word, next == Some('.')) {
            out.push_str(word);
            *words_done += 1;
            word.clear();
            return;
        }
        let lower = word.to_lowercase();
        let keep_lower = match apostrophe {
            // "O'HARE" → "O'Hare", but "JOHN'S" → "John's".
            Some(prefix_len) => prefix_len > 1,
            None => *words_done > 0 && PARTICLES.contains(&lower.as_str()),
        };
        if keep_lower {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        }
        *words_done += 1;
        word.clear();
    };
    for c in place.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            let len = word.chars().count();
            flush(
                &mut word,
                &mut out,
                &mut words_done,
                after_apostrophe_of,
                Some(c),
            );
            after_apostrophe_of = if c == '\'' || c == '’' {
                Some(len)
            } else {
                None
            };
            out.push(c);
        }
    }
    flush(
        &mut word,
        &mut out,
        &mut words_done,
        after_apostrophe_of,
        None,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_cases_places() {
        assert_eq!(title_case("ARKHANGELSK"), "Arkhangelsk");
        assert_eq!(title_case("UNITED NATIONS"), "United Nations");
        assert_eq!(title_case("ST. PETERSBURG"), "St. Petersburg");
        assert_eq!(title_case("ROSTOV-ON-DON"), "Rostov-on-Don");
        assert_eq!(title_case("РОСТОВ-НА-ДОНУ"), "Ростов-на-Дону");
        assert_eq!(title_case("АРХАНГЕЛЬСК"), "Архангельск");
        assert_eq!(title_case("ST. JOHN'S"), "St. John's");
        assert_eq!(title_case("O'HARE"), "O'Hare");
        assert_eq!(title_case("McAllen"), "McAllen");
        assert_eq!(title_case("UN"), "UN");
        assert_eq!(title_case("ООН"), "ООН");
        assert_eq!(title_case("ABU DHABI, UAE"), "Abu Dhabi, UAE");
        assert_eq!(title_case("WASHINGTON, DC"), "Washington, DC");
        assert_eq!(title_case("ST. PETERSBURG"), "St. Petersburg");
        assert_eq!(title_case("NATO"), "NATO");
        assert_eq!(title_case("ЕС"), "ЕС");
        // AP's style: the place in capitals, the country or state as written.
        assert_eq!(title_case("DOHA, Qatar"), "Doha, Qatar");
        assert_eq!(title_case("KYIV, Ukraine"), "Kyiv, Ukraine");
        assert_eq!(title_case("McAllen, TEXAS"), "McAllen, Texas");
        // A two-letter code after a comma is a state's or country's.
        assert_eq!(title_case("NEW YORK, NY"), "New York, NY");
        assert_eq!(title_case("LOS ANGELES, CA"), "Los Angeles, CA");
        // Saint, Mount and Fort without their full stop are still words.
        assert_eq!(title_case("ST PETERSBURG"), "St Petersburg");
        assert_eq!(title_case("MT PLEASANT"), "Mt Pleasant");
        assert_eq!(title_case("FT WORTH, TEXAS"), "Ft Worth, Texas");
        assert_eq!(title_case("ЛА-ПАС, БОЛИВИЯ"), "Ла-Пас, Боливия");
    }
}
