//! The background worker's own wasm (`public/worker.js` loads it): reading files and finding
//! duplicates, without the Leptos app. Built for speed (Cargo profile `werker`, `opt-level = 3`)
//! while the page's wasm is built for size; see BENCHMARKS.md and ARCHITECTURE.md.

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// Called by `public/worker.js` for each request of the page; see [`koppelhulp::ui::task`].
    #[wasm_bindgen]
    pub fn worker_call(
        request: &str,
        bytes: Option<Vec<u8>>,
        progress: &js_sys::Function,
    ) -> JsValue {
        koppelhulp::ui::task::worker_call(request, bytes, progress)
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("De werker van Koppelhulp draait alleen in de browser: zie README.md.");
    std::process::exit(2);
}
