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
        Schema::Sitemap => sitemap_xsd(),
        Schema::Index => Ok(fixtures().join("siteindex.xsd")),
        Schema::News => news_xsd(),
    }
}

/// sitemaps.org's `sitemap.xsd`, installed once per checkout.
fn sitemap_xsd() -> Result<PathBuf, String> {
    static XSD: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    XSD.get_or_init(|| {
        let prefix = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sitemap-schema");
        let xsd = prefix.join("node_modules/sitemap/schema/sitemap.xsd");
        if !xsd.exists() {
            let status = Command::new("npm")
                .args([
                    "install",
                    "--no-save",
                    "--no-audit",
                    "--no-fund",
                    "--prefix",
                ])
                .arg(&prefix)
                .arg("sitemap@9.0.1")
                .status()
                .map_err(|e| format!("npm is needed to install sitemaps.org's schema: {e}"))?;
            if !status.success() || !xsd.exists() {
                return Err("npm install sitemap@9.0.1 gave no schema/sitemap.xsd".into());
            }
        }
        Ok(xsd)
    })
    .clone()
}

/// A schema for news sitemaps: sitemaps.org's for the `<urlset>`, whose `<url>` takes
/// elements of other namespaces strictly, and the news extension's for `<news:news>`.
fn news_xsd() -> Result<PathBuf, String> {
    static XSD: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    XSD.get_or_init(write_news_xsd).clone()
}

fn write_news_xsd() -> Result<PathBuf, String> {
    let sitemap = sitemap_xsd()?;
    let news = fixtures().join("sitemap-news.xsd");
    let both = sitemap.with_file_name("gazette-news-sitemap.xsd");
    let text = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" schemaLocation="{}"/>
  <xs:import namespace="http://www.google.com/schemas/sitemap-news/0.9" schemaLocation="{}"/>
</xs:schema>
"#,
        sitemap.display(),
        news.display()
    );
    std::fs::write(&both, text).map_err(|e| format!("write {}: {e}", both.display()))?;
    Ok(both)
}
