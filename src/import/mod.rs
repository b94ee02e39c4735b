//! Import: wire copy, feeds and other generators' content into Gazette articles.
