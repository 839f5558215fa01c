//! Bytes in, tables out, and back: spreadsheet and csv reading and writing.
//!
//! Architecture invariant: like `core`, this module never touches the browser (no leptos, web-sys,
//! wasm-bindgen, js-sys or gloo); it takes and returns byte buffers so that it runs natively in tests,
//! examples and benchmarks exactly as it runs in the app.

pub mod agile;
pub mod guard;
pub mod import;
pub mod koci_template;
pub mod koci_xlsx;
pub mod list_xlsx;
pub mod table;
pub mod werkbestand;
