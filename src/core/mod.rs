//! The ground floor: the vocabulary every stage shares, importing no stage.
//!
//! Diagnostics with positions and hints, the characters no output may carry, hashes and
//! their hex form, what kind of file a path is and what a walk could not read, dates as
//! authors write them, slugs, Markdown's options and plain-text summaries, the build's
//! switches, the sharded cache files, and the paths the output may hold. Every other module
//! may import from here; nothing here imports from them (a test in `tests/layers.rs` keeps
//! it so).

mod chars;
mod dates;
mod diagnostic;
mod files;
mod hash;
mod languages;
mod out_path;
pub mod shards;
mod slugs;
mod switches;
mod text;

pub use chars::{
    code_point, escape_forbidden, first_forbidden, forbidden_chars, is_forbidden, strip_forbidden,
    strip_forbidden_str,
};
pub use dates::{
    DATE_FORMATS, DateValue, date_bytes, date_or_time, date_prefix, month_name, rfc3339,
};
pub use diagnostic::{Diagnostic, line_column, locate_key, suggest, unknown_field_hint};
pub use files::{
    PAGES_FOLDER, SECTION_FILE, Walked, io_problem, is_article_file, is_editor_junk, is_hidden,
    is_link, is_page_file, is_section_file, lexical, link_loop, unreadable, walk_problem,
};
pub use hash::{Fp, Hash, build_id, hex, unhex};
pub use languages::{shared_path, split_language};
pub use out_path::{NAME_MAX, OutPath, PATH_MAX, STAGING_NAME, Unsafe};
pub use slugs::slugify;
pub use switches::Switches;
pub use text::{first_paragraph, markdown_options, typographic};
