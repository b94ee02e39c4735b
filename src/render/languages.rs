//! Languages by their own names ("Русский", "Deutsch"), for a language switcher. Written
//! here because the crates that know them (ICU4X's display names) bring megabytes of data
//! for what a switcher needs of it: the autonyms of the languages news is published in.
//! A language not in the table is shown by its tag.

/// The name a language's readers call it by, from a tag (`ru`, `pt-BR`).
pub fn autonym(tag: &str) -> String {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase();
    let name = match primary.as_str() {
        "ar" => "العربية",
        "be" => "Беларуская",
        "bg" => "Български",
        "cs" => "Čeština",
        "da" => "Dansk",
        "de" => "Deutsch",
        "el" => "Ελληνικά",
        "en" => "English",
        "es" => "Español",
        "et" => "Eesti",
        "fa" => "فارسی",
        "fi" => "Suomi",
        "fr" => "Français",
        "he" => "עברית",
        "hi" => "हिन्दी",
        "hu" => "Magyar",
        "hy" => "Հայերեն",
        "it" => "Italiano",
        "ja" => "日本語",
        "ka" => "ქართული",
        "kk" => "Қазақ тілі",
        "ko" => "한국어",
        "lt" => "Lietuvių",
        "lv" => "Latviešu",
        "nb" | "no" => "Norsk",
        "nl" => "Nederlands",
        "pl" => "Polski",
        "pt" => "Português",
        "ro" => "Română",
        "ru" => "Русский",
        "sr" => "Српски",
        "sv" => "Svenska",
        "tr" => "Türkçe",
        "uk" => "Українська",
        "uz" => "Oʻzbekcha",
        "vi" => "Tiếng Việt",
        "zh" => "中文",
        _ => return tag.to_string(),
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn languages_are_named_in_themselves() {
        assert_eq!(super::autonym("ru"), "Русский");
        assert_eq!(super::autonym("pt-BR"), "Português");
        assert_eq!(super::autonym("xx"), "xx");
    }
}
