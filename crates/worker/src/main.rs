//! The background worker's own wasm (`public/worker.js` loads it): reading and writing files and
//! finding duplicates, without the Leptos app. Built for speed (Cargo profile `worker`,
//! `opt-level = 3`) while the page's wasm is built for size; see BENCHMARKS.md and ARCHITECTURE.md.
//!
//! This is the worker's only browser code: it turns the JS values into Rust and back and calls
//! [`koppelhulp_worker::serve`]; everything else is native and tested natively.

#[cfg(target_arch = "wasm32")]
mod exports {
    use std::cell::RefCell;

    use koppelhulp_worker::{Incoming, Response, Throttle, WorkerState, serve};
    use wasm_bindgen::prelude::*;

    thread_local! {
        static STATE: RefCell<WorkerState> = RefCell::new(WorkerState::new());
    }

    /// Called by `public/worker.js` for each request of the page: `request` is the request in
    /// postcard (a `Uint8Array`, from the page) or JSON (a string, from a benchmark's script),
    /// `bytes` the file that comes with it, `progress(stage, done, total)` is called any number of
    /// times before the reply. Returns the envelope: an object with exactly one of `value` (postcard,
    /// a `Uint8Array`), `json` (a string), `bytes` (a `Uint8Array`; worker.js transfers both) or
    /// `problem` (a `Problem` as JSON). A panic is a trap: worker.js catches it and reports `fatal`.
    #[wasm_bindgen]
    pub fn worker_call(
        request: JsValue,
        bytes: Option<Vec<u8>>,
        progress: &js_sys::Function,
    ) -> JsValue {
        let mut throttle = Throttle::new(|stage: &str, done: usize, total: usize| {
            let _ = progress.call3(
                &JsValue::NULL,
                &JsValue::from_str(stage),
                &JsValue::from(done as f64),
                &JsValue::from(total as f64),
            );
        });
        let mut report =
            |stage: &str, done: usize, total: usize| throttle.report(stage, done, total);
        let text = request.as_string();
        let binary = match &text {
            Some(_) => Vec::new(),
            None => js_sys::Uint8Array::new(&request).to_vec(),
        };
        let request = match &text {
            Some(text) => Incoming::Json(text),
            None => Incoming::Postcard(&binary),
        };
        let response = STATE.with(|state| {
            serve(
                &mut state.borrow_mut(),
                request,
                bytes,
                &mut report,
                &js_sys::Date::now,
            )
        });
        envelope(response)
    }

    /// The reply as the JS object worker.js posts to the page (see `Response`).
    fn envelope(response: Response) -> JsValue {
        let (field, value): (&str, JsValue) = match response {
            Response::Value(bytes) => (
                Response::VALUE,
                js_sys::Uint8Array::from(bytes.as_slice()).into(),
            ),
            Response::Json(json) => (Response::JSON, JsValue::from_str(&json)),
            Response::Bytes(bytes) => (
                Response::BYTES,
                js_sys::Uint8Array::from(bytes.as_slice()).into(),
            ),
            Response::Failed(problem) => (
                Response::PROBLEM,
                JsValue::from_str(&Response::problem_json(&problem)),
            ),
        };
        let object = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(field), &value);
        object.into()
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("De werker van Koppelhulp draait alleen in de browser: zie README.md.");
    std::process::exit(2);
}
