//! Sitemaps checked against XML schemas with `xmllint --schema`: `sitemap.xml` files
//! against sitemaps.org's own `sitemap.xsd` (from the npm package `sitemap`, installed into
//! `target/sitemap-schema/` on first use), the index and the news sitemap against the
//! schemas in `tests/fixtures/schemas/` (see the README there).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The kinds of sitemap file, each with its schema.
#[derive(Clone, Copy, Debug)]
pub enum Schema {
    Sitemap,
    Index,
    News,
}

/// Why the schemas cannot be used here (no `xmllint`, no `npm`), or `None` when they can.
pub fn missing() -> Option<String> {
    if Command::new("xmllint").arg("--version").output().is_err() {
        return Some("xmllint is needed to validate sitemaps (Debian: libxml2-utils)".into());
    }
    sitemap_xsd().err()
}

/// Validate the XML file at `file` against `schema`: `Err` with xmllint's report.
pub fn validate(file: &Path, schema: Schema) -> Result<(), String> {
    let xsd = schema_file(schema)?;
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&xsd)
        .arg(file)
        .output()
        .map_err(|e| format!("run xmllint: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas")
}

fn schema_file(schema: Schema) -> Result<PathBuf, String> {
    match schema {
        Schema::Sitemap => with_extensions("gazette-sitemap.xsd", &["xhtml-link.xsd"]),
        Schema::Index => Ok(fixtures().join("siteindex.xsd")),
        Schema::News => with_extensions(
            "gazette-news-sitemap.xsd",
            &["sitemap-news.xsd", "xhtml-link.xsd"],
        ),
    }
}

/// sitemaps.org's `sitemap.xsd`, installed once per checkout.
fn sitemap_xsd() -> Result<PathBuf, String> {
    static XSD: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    XSD.get_or_init(|| {
        super::npm_file(
            "sitemap-schema",
            "sitemap@9.0.1",
            "sitemap/schema/sitemap.xsd",
        )
    })
    .clone()
}

/// sitemaps.org's schema for the `<urlset>`, whose `<url>` takes elements of other
/// namespaces strictly, with the schemas of those `extensions` (from the fixtures): the
/// news extension's `<news:news>`, the language alternates' `<xhtml:link>`. Written once
/// per test binary as `name` beside sitemaps.org's file.
fn with_extensions(name: &'static str, extensions: &[&str]) -> Result<PathBuf, String> {
    static WRITTEN: OnceLock<std::sync::Mutex<Vec<(&'static str, PathBuf)>>> = OnceLock::new();
    let written = WRITTEN.get_or_init(Default::default);
    let mut written = written.lock().map_err(|e| e.to_string())?;
    if let Some((_, path)) = written.iter().find(|(n, _)| *n == name) {
        return Ok(path.clone());
    }
    let sitemap = sitemap_xsd()?;
    let mut text = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n  <xs:import namespace=\"http://www.sitemaps.org/schemas/sitemap/0.9\" schemaLocation=\"{}\"/>\n",
        sitemap.display()
    );
    for file in extensions {
        let path = fixtures().join(file);
        let source =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let namespace = source
            .split("targetNamespace=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .ok_or_else(|| format!("{} names no targetNamespace", path.display()))?;
        text.push_str(&format!(
            "  <xs:import namespace=\"{namespace}\" schemaLocation=\"{}\"/>\n",
            path.display()
        ));
    }
    text.push_str("</xs:schema>\n");
    let path = sitemap.with_file_name(name);
    std::fs::write(&path, text).map_err(|e| format!("write {}: {e}", path.display()))?;
    written.push((name, path.clone()));
    Ok(path)
}
