//! Write stage: the build cache, the output-directory guard, and the staged writer that
//! never leaves the output half-written.

pub mod cache;
pub mod guard;
pub mod writer;

pub use cache::Cache;
pub use writer::Writer;
