//! The floors of the code stay pointed one way: this test reads every file under `src/` and
//! fails on an import that goes up a floor, and on a stage whose submodules are not behind
//! its `mod.rs`.
//!
//! Floors, lowest first: `core`; the sources `config` and `theme`; the stages in pipeline
//! order `content`, `archive`, `plan`, `render`, `search`, `output`; the `driver`; the
//! commands `serve`, `import`, `check`, `deploy`; and `cli`, which parses the command line
//! for them all.
//! A module may use its own floor's items and those of floors below it, never one above.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic

use std::path::{Path, PathBuf};

/// Each top-level module with its floor. Modules on one floor do not import each other.
const FLOORS: &[(&str, u8)] = &[
    ("core", 0),
    ("config", 1),
    ("theme", 2),
    ("content", 3),
    ("archive", 4),
    ("media", 5),
    ("plan", 6),
    ("render", 7),
    ("search", 8),
    ("output", 9),
    ("driver", 10),
    ("serve", 11),
    ("import", 11),
    ("check", 11),
    ("deploy", 11),
    ("cli", 12),
];

/// Submodules that a front door opens on purpose: a namespace of small functions whose
/// names only read well qualified (`urls::section`, `shards::seal`).
const PUBLIC_SUBMODULES: &[&str] = &["core::shards", "plan::urls"];

fn floor(module: &str) -> Option<u8> {
    FLOORS.iter().find(|(m, _)| *m == module).map(|(_, f)| *f)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `src/` belongs to (`src/plan/route.rs` → `plan`,
/// `src/config.rs` → `config`); `None` for the crate root and `main.rs`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (!matches!(name.as_str(), "lib" | "main")).then_some(name)
}

/// A line without its `//` comment (a `//` inside a string cuts the line short, which
/// can only hide an import, never invent one).
fn code_of(line: &str) -> &str {
    line.split("//").next().unwrap_or_default()
}

/// The top-level modules a piece of code names after `crate::`, including those inside a
/// `crate::{a::X, b::{Y, Z}}` group.
fn crate_paths(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let preceded_by_ident = rest[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
        rest = &rest[i + "crate::".len()..];
        if preceded_by_ident {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(first_ident(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            found.push(first_ident(&item));
        } else {
            found.push(first_ident(rest));
        }
    }
    found.retain(|m| !m.is_empty() && m != "self");
    found
}

fn first_ident(text: &str) -> String {
    text.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every `use` statement and path in the file, joined across lines, with its first line.
fn statements(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        let code = code_of(line);
        if let Some((start, mut acc)) = open.take() {
            acc.push_str(code);
            if code.contains(';') {
                out.push((start, acc));
            } else {
                open = Some((start, acc));
            }
            continue;
        }
        let trimmed = code.trim_start();
        let is_use = trimmed.starts_with("use ") || trimmed.starts_with("pub use ");
        if is_use && !code.contains(';') {
            open = Some((n + 1, code.to_string()));
        } else {
            out.push((n + 1, code.to_string()));
        }
    }
    out
}

#[test]
fn no_import_goes_up_a_floor() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 50, "read only {} files", files.len());
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let own = floor(&module)
            .unwrap_or_else(|| panic!("{}: module `{module}` has no floor", file.display()));
        let text = std::fs::read_to_string(file).unwrap();
        for (line, code) in statements(&text) {
            for target in crate_paths(&code) {
                checked += 1;
                if target == module {
                    continue;
                }
                let Some(theirs) = floor(&target) else {
                    wrong.push(format!(
                        "{}:{line}: `crate::{target}` is no module with a floor",
                        file.display()
                    ));
                    continue;
                };
                if theirs >= own {
                    wrong.push(format!(
                        "{}:{line}: `{module}` (floor {own}) imports `{target}` (floor {theirs})",
                        file.display()
                    ));
                }
            }
        }
    }
    assert!(
        checked > 100,
        "found only {checked} imports: is the parser broken?"
    );
    assert!(
        wrong.is_empty(),
        "imports that go up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn stages_keep_their_submodules_behind_mod_rs() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for (module, _) in FLOORS {
        let front = src.join(module).join("mod.rs");
        let Ok(text) = std::fs::read_to_string(&front) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            let Some(name) = line.trim().strip_prefix("pub mod ") else {
                continue;
            };
            let name = name.trim_end_matches(';');
            let path = format!("{module}::{name}");
            if !PUBLIC_SUBMODULES.contains(&path.as_str()) {
                wrong.push(format!("{}:{}: `pub mod {name}`", front.display(), n + 1));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "submodules open to other stages (re-export what they need from mod.rs):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_parser_sees_grouped_and_nested_imports() {
    let code = "use crate::{archive::Archive, config::{self, Site}, core::Hash};";
    assert_eq!(crate_paths(code), ["archive", "config", "core"]);
    assert_eq!(
        crate_paths("let x = crate::plan::urls::section(s);"),
        ["plan"]
    );
    assert_eq!(crate_paths("$crate::x; mycrate::y"), Vec::<String>::new());
    let text = "use crate::{\n    a::X,\n    b::Y,\n};\nfn f() {}\n";
    assert_eq!(
        statements(text)[0],
        (1, "use crate::{    a::X,    b::Y,};".into())
    );
}
