//! Write stage: the build cache and the commit journal, the output folder's guard and
//! identity, the site lock, and the staged writer that never leaves the output half-written.

mod cache;
mod disk;
mod guard;
mod journal;
mod lock;
mod writer;

pub use cache::{Cache, Entry};
pub use disk::plain_files;
pub use guard::{
    check_output_dir, check_output_place, folder_identity, is_output_key, output_key,
    secure_cache_dir,
};
pub use journal::Journal;
pub use lock::SiteLock;
pub use writer::{Committed, STAGING_IN_OUTPUT, Writer};
