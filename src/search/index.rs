//! Records to index files with the `pagefind` crate's Rust API, in memory.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::record::Record;

/// Files of Pagefind's bundle that its JavaScript search API never loads: its ready-made
/// UIs and the highlighter. Gazette's theme has its own search page.
const UNUSED: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// Index `records` and return the bundle's files, as (path inside the bundle with `/`
/// separators, bytes), sorted by path.
pub fn bundle(records: Vec<Record>) -> Result<Vec<(String, Vec<u8>)>, String> {
    // Pagefind's API is async; it gets a small runtime of its own. Should the caller
    // already be inside a tokio runtime, one cannot be started on this thread.
    if tokio::runtime::Handle::try_current().is_ok() {
        return std::thread::scope(|s| {
            s.spawn(|| run(records))
                .join()
                .unwrap_or_else(|_| Err("the indexer panicked".into()))
        });
    }
    run(records)
}

fn run(records: Vec<Record>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))?;
    let files = rt.block_on(async move {
        let config = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for r in records {
            let url = r.url.clone();
            index
                .add_custom_record(
                    r.url,
                    r.content,
                    r.language,
                    Some(r.meta),
                    Some(r.filters),
                    Some(r.sort),
                )
                .await
                .map_err(|e| format!("{url}: {e}"))?;
        }
        index.get_files().await.map_err(|e| e.to_string())
    })?;
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for f in files {
        let mut parts = Vec::new();
        for c in f.filename.components() {
            match c {
                std::path::Component::Normal(p) => parts.push(p.to_string_lossy()),
                _ => {
                    return Err(format!(
                        "unexpected file {} in the index",
                        f.filename.display()
                    ));
                }
            }
        }
        let path = parts.join("/");
        if path.is_empty() || path.starts_with("playground/") || UNUSED.contains(&path.as_str()) {
            continue;
        }
        out.insert(path, f.contents);
    }
    // The generic wasm is loaded only when the language has no stemming wasm of its own.
    if out
        .keys()
        .any(|k| k.starts_with("wasm.") && k != "wasm.unknown.pagefind")
    {
        out.remove("wasm.unknown.pagefind");
    }
    Ok(out.into_iter().collect())
}
