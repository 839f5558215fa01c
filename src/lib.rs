//! Koppelhulp: find and link pupils registered under both a BSN and an onderwijsnummer,
//! build DUO's koppelbestand, and read DUO's answer — all inside the browser.
//!
//! `core` is the pure domain, `io` turns bytes into tables and back, `work` is the officer's work
//! as plain values (the koppelbestand, the review, the marks), `ui` is the Leptos app (compiled for
//! wasm32 only). See ARCHITECTURE.md.

pub mod core;
pub mod io;
pub mod work;

#[cfg(target_arch = "wasm32")]
pub mod ui;
