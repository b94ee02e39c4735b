//! Load stage: find article files, parse their front matter in parallel, derive what is not
//! given, and collect every problem as a [`Diagnostic`].

pub mod article;
pub mod cache;
pub mod dates;
pub mod diagnostic;
pub mod frontmatter;
pub mod load;
pub mod names;
pub mod text;

pub use article::{Article, Correction};
pub use cache::ArticleCache;
pub use diagnostic::Diagnostic;
pub use load::{LoadOptions, load_all, load_all_cached, load_article};

/// The Markdown extensions Gazette enables everywhere.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}
