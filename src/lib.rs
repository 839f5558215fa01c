//! Koppelhulp: find and link pupils registered under both a BSN and an onderwijsnummer,
//! build DUO's koppelbestand, and read DUO's answer — all inside the browser.
//!
//! `core` is the pure domain, `io` turns bytes into tables and back, `work` is the officer's work
//! as plain values (the koppelbestand, the review, the marks), `worker` is what the background
//! worker does (requests, replies, the files it holds), `ui` is the Leptos app (compiled for wasm32
//! only). See ARCHITECTURE.md.

pub mod core;
pub mod io;
pub mod work;
pub mod worker;

#[cfg(target_arch = "wasm32")]
pub mod ui;
