//! The pure domain: identifiers, codes, file names, the koppelbestand and its checks, the duplicate
//! finder, the routing forms.
//!
//! Architecture invariant: nothing here does IO or knows about the browser (no leptos, web-sys,
//! wasm-bindgen, js-sys or gloo — `tests/boundary.rs` enforces it). Nothing here panics on input:
//! functions return values plus a list of [`Problem`]s.

pub mod antwoord;
pub mod date;
pub mod ids;
pub mod import;
pub mod koci_layout;
pub mod koci_name;
pub mod koppelregel;
pub mod mailto;
pub mod matcher;
pub mod names;
pub mod organisation;
pub mod paste;
pub mod problem;
pub mod pupil;
pub mod routering;
pub mod settings;
#[cfg(any(test, feature = "synth"))]
pub mod synth;
pub mod table;
pub mod text;
pub mod verzendlog;

pub use problem::{Problem, Severity};
