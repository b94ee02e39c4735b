//! Write stage: the build cache, the output-directory guard, and the staged writer that
//! never leaves the output half-written.

mod cache;
mod guard;
mod writer;

pub use cache::{Cache, Entry};
pub use guard::check_output_dir;
pub use writer::Writer;
