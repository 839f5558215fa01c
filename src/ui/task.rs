//! The worker's side of the background worker: `public/worker.js` loads this same wasm module
//! without a window and calls [`worker_call`] for every request the page sends (see
//! [`super::worker`]). Imported files are kept here, in the worker's memory, so that a big register
//! is read once and never copied to the page as a whole.
//!
//! The work itself is native code from `io` and `core` (the same paths as the examples); this
//! module only decodes requests, keeps the files and encodes replies.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// What the page asks of the worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// Answer at once: is the worker alive?
    Ping,
    /// Panic on purpose: the browser tests check that the page survives it (`?zelftest=werker`).
    SelftestPanic,
}

#[derive(Default)]
struct WorkerState {}

thread_local! {
    static STATE: RefCell<WorkerState> = RefCell::new(WorkerState::default());
}

const OK: &str = "ok:";
const ERROR: &str = "error:";

/// The page's side: a JSON reply, or the Dutch message of a failed task.
pub fn decode_reply(text: &str) -> Result<String, String> {
    if let Some(json) = text.strip_prefix(OK) {
        Ok(json.to_string())
    } else {
        Err(text.strip_prefix(ERROR).unwrap_or(text).to_string())
    }
}

fn reply<T: Serialize>(value: &T) -> JsValue {
    match serde_json::to_string(value) {
        Ok(json) => JsValue::from_str(&format!("{OK}{json}")),
        Err(e) => failure(&format!("Het antwoord kon niet worden gemaakt ({e}).")),
    }
}

fn failure(message: &str) -> JsValue {
    JsValue::from_str(&format!("{ERROR}{message}"))
}

/// Called by `public/worker.js` for each request: returns `ok:<json>`, `error:<message>` or the
/// bytes of a file. `progress(stage, done, total)` may be called any number of times before.
#[wasm_bindgen]
pub fn worker_call(request: &str, bytes: Option<Vec<u8>>, progress: &js_sys::Function) -> JsValue {
    let request: Request = match serde_json::from_str(request) {
        Ok(r) => r,
        Err(e) => return failure(&format!("Onbekende opdracht ({e}).")),
    };
    let _report = |stage: &str, done: usize, total: usize| {
        let _ = progress.call3(
            &JsValue::NULL,
            &JsValue::from_str(stage),
            &JsValue::from(done as f64),
            &JsValue::from(total as f64),
        );
    };
    let _ = bytes;
    STATE.with(|state| {
        let _state = state.borrow_mut();
        match request {
            Request::Ping => reply(&"pong"),
            Request::SelftestPanic => panic!("zelftest: bewust veroorzaakte fout in de werker"),
        }
    })
}
