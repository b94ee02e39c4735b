//! What to write instead: themes written for Tera 1 break under Tera 2 in a few common
//! ways (macros, imports, renamed filters and tests, undefined variables), and where Tera
//! 2's message names only the symptom, the hint names the Tera 2 way.

/// Macros, their imports and their calls.
const MACROS: &str = "Tera 2 has no macros: define a component, `{% component entry(a, level=2) %}…{% endcomponent entry %}`, \
                      and call it as `{{ <entry a={a} level={3} /> }}`; components need no import";

/// Filters Tera 2 renamed or dropped, and what to write instead.
const FILTERS: &[(&str, &str)] = &[
    ("as_str", "Tera 2 calls it `str`"),
    ("linebreaksbr", "Tera 2 calls it `newlines_to_br`"),
    (
        "trim_start_matches",
        "Tera 2 writes it `trim_start(pat=\"…\")`",
    ),
    ("trim_end_matches", "Tera 2 writes it `trim_end(pat=\"…\")`"),
    (
        "slice",
        "Tera 2 slices lists itself: `items[1:3]` instead of `items | slice(start=1, end=3)`",
    ),
    (
        "concat",
        "Tera 2 joins lists itself: `[...items, other]` or `[...a, ...b]`",
    ),
    (
        "filter",
        "write a list comprehension: `[x for x in items if x.section.name == \"city\"]`",
    ),
    (
        "map",
        "write a list comprehension: `[x.title for x in items]`",
    ),
    (
        "addslashes",
        "Tera 2 has no `addslashes`: use `replace(from=\"'\", to=\"\\\\'\")`",
    ),
    (
        "get_env",
        "a page may show only what its sources hold: put the value under `[extra]` in site.toml",
    ),
    ("filesizeformat", "Gazette themes have no `filesizeformat`"),
    (
        "striptags",
        "Gazette themes have no `striptags`: summaries are already plain text",
    ),
    (
        "spaceless",
        "Gazette themes have no `spaceless`: use `{%-` and `-%}` to trim whitespace",
    ),
];

/// Tests Tera 2 renamed, and what to write instead.
const TESTS: &[(&str, &str)] = &[
    ("object", "Tera 2 calls it `map`: `x is map`"),
    (
        "divisibleby",
        "Tera 2 writes it `is divisible_by(divisor=3)`",
    ),
    (
        "matching",
        "Gazette themes have no `matching` test: use `is containing(pat=\"…\")` or `is starting_with(pat=\"…\")`",
    ),
];

/// Undefined values, which Tera 1 let `{% if %}` take as false at any depth.
const UNDEFINED: &str = "in Tera 2 only the last step of a name may be undefined (`{% if x %}` is false \
                         when `x` is not there, `x.field` is an error): for a value only some pages have, \
                         write `x?.field`, or give a default, `x | default(value=\"\")`";

/// A hint for Tera 2's `message` when the template text at the error (`before` the
/// column, and what starts `at` it) shows a Tera 1 construct.
pub(super) fn hint(message: &str, before: &str, at: &str) -> Option<String> {
    let word = |text: &str| -> String {
        text.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    if message == "Unknown tag" {
        return match word(at).as_str() {
            "macro" | "endmacro" => Some(MACROS.into()),
            "import" => Some(format!("delete the `import`: {MACROS}")),
            _ => None,
        };
    }
    if at.starts_with("::") {
        return Some(format!("`m::name(…)` calls a Tera 1 macro. {MACROS}"));
    }
    if let Some(name) = quoted(message, "Unknown filter `") {
        return lookup(FILTERS, name);
    }
    if let Some(name) = quoted(message, "Unknown test `") {
        return lookup(TESTS, name);
    }
    if message.starts_with("Found ") && message.ends_with("but expected identifier.") {
        let call = before.trim_end().strip_suffix('(')?;
        let test = call
            .rsplit(" is ")
            .next()
            .filter(|_| call.contains(" is "))?;
        return Some(format!(
            "tests take named arguments in Tera 2: `is {}(pat=\"…\")` (`divisible_by(divisor=…)`)",
            word(test.trim_start_matches("not ").trim())
        ));
    }
    if let Some(name) = quoted(message, "Block `") {
        return Some(format!(
            "add `{{% block {name} %}}{{% endblock {name} %}}` to the template it extends (Tera 2 \
             refuses a block its parents lack, which Tera 1 ignored), or remove the block here"
        ));
    }
    if let Some(name) = quoted(message, "Variable `") {
        if name == "paginator" {
            return Some(
                "`paginator` is there only on listing pages: in a shared template write `paginator?.prev_url`"
                    .into(),
            );
        }
        return Some(UNDEFINED.into());
    }
    quoted(message, "Field `").map(|_| UNDEFINED.into())
}

/// The name in backquotes after `prefix` at the start of `message`.
fn quoted<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    message.strip_prefix(prefix)?.split('`').next()
}

/// The entry for `name` in `table`.
fn lookup(table: &[(&str, &str)], name: &str) -> Option<String> {
    table
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, h)| (*h).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_tera_2_way_for_tera_1_constructs() {
        let h = |m, b, a| hint(m, b, a).unwrap_or_default();
        assert!(h("Unknown tag", "{% ", "macro entry(a) %}").contains("{% component"));
        assert!(
            h("Unknown tag", "{% ", "import \"macros.html\" as m %}")
                .starts_with("delete the `import`")
        );
        assert!(
            h("Found `:` but expected }}.", "{{ m", "::entry(a=a) }}").contains("<entry a={a}")
        );
        assert!(h("Unknown filter `trim_start_matches`", "", "").contains("trim_start(pat="));
        assert!(h("Unknown test `object`", "", "").contains("is map"));
        assert!(
            h(
                "Found string but expected identifier.",
                "{% if x is containing(",
                "\"a\") %}"
            )
            .contains("is containing(pat=")
        );
        assert!(
            h(
                "Variable `paginator` is not defined. Available variables: page",
                "",
                ""
            )
            .contains("paginator?.prev_url")
        );
        assert!(h("Field `x` is not defined.", "", "").contains("default(value="));
        assert!(
            h("Block `head` is not defined in any parent template", "", "")
                .contains("{% block head %}{% endblock head %}")
        );
        assert_eq!(hint("Unknown tag", "{% ", "frobnicate %}"), None);
        assert_eq!(hint("Unknown filter `shout`", "", ""), None);
    }
}
