//! The adversarial suite (#19): what an attacker or an unlucky user does to a site, and what
//! Gazette must still guarantee. `input` covers what goes in (control characters, unreadable
//! or dangling story files); `output` covers where things are written and deleted (the
//! output folder, paths, the build cache and journal, links); `crash` covers interrupted,
//! full and concurrent builds; `serve` covers the dev server.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail by panicking.

mod common;
#[path = "adversarial/crash.rs"]
mod crash;
#[path = "adversarial/input.rs"]
mod input;
#[path = "adversarial/output.rs"]
mod output;
#[path = "adversarial/serve.rs"]
mod serve;
