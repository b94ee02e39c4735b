//! Load stage: find article files, parse their front matter in parallel, derive what is not
//! given, and collect every problem as a [`Diagnostic`].

mod article;
mod cache;
mod controls;
mod derive;
mod faults;
mod frontmatter;
mod listing;
mod load;
mod names;
mod page_file;
mod section_file;
mod story_file;

pub use article::{Article, Correction, Details, StoryText};
pub use cache::{ArticleCache, Stamp, stamp, stamp_bytes};
pub use frontmatter::Source;
pub use listing::{Listing, restamp, stamped_files};
pub use load::{LoadOptions, load_all, load_all_cached, load_article};
pub use page_file::{PageFile, load_page_file};
pub use section_file::SectionFile;
pub use story_file::{StoryFile, unless_empty};
