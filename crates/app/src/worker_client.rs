//! The page's side of the background worker (`public/worker.js`): big files are read and duplicates
//! are found there, so the page never freezes, and a crash in a parser ends one task instead of the
//! app. The worker runs its own wasm module (`crates/worker/src/main.rs`); what it does is the native
//! [`koppelhulp_protocol`], which also defines the requests and their replies.
//!
//! [`call`] sends one request and waits for its typed reply, passing progress to a callback.
//! Imported registers live in the worker's memory only; [`reset`] ends the worker and with it that
//! data.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use koppelhulp_core::Problem;
use koppelhulp_protocol::{Call, Payload, Request, Response};

/// Progress of a running task, as the worker reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// What is being done, in Dutch ("Bestand lezen", "Rijen controleren").
    pub stage: String,
    pub done: f64,
    pub total: f64,
}

type ProgressFn = Rc<dyn Fn(Progress)>;

struct Pending {
    resolve: js_sys::Function,
    reject: js_sys::Function,
    progress: ProgressFn,
}

#[derive(Default)]
struct Client {
    worker: Option<web_sys::Worker>,
    next_id: u32,
    pending: HashMap<u32, Pending>,
    // Kept alive as long as the worker is.
    _on_message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

thread_local! {
    static CLIENT: RefCell<Client> = RefCell::new(Client::default());
}

/// The worker's URL: `worker.js` beside `boot.js` (it knows the hashed names of its own wasm).
fn worker_url() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let script = document
        .query_selector(r#"script[type="module"][src*="boot.js"]"#)
        .ok()??;
    let src = script.dyn_into::<web_sys::HtmlScriptElement>().ok()?.src();
    let url = web_sys::Url::new(&src).ok()?;
    let path = url.pathname();
    let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    url.set_pathname(&format!("{dir}/worker.js"));
    url.set_search("");
    Some(url.href())
}

fn start_worker(client: &mut Client) -> Result<web_sys::Worker, String> {
    if let Some(worker) = &client.worker {
        return Ok(worker.clone());
    }
    let url = worker_url().ok_or("Het hulpprogramma voor bestanden is niet gevonden.")?;
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(&url, &options)
        .map_err(|_| "Het hulpprogramma voor bestanden kon niet starten.".to_string())?;
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(on_message);
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
        ev.prevent_default();
        fail_all("Het hulpprogramma voor bestanden kon niet starten of is gestopt.");
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    client.worker = Some(worker.clone());
    client._on_message = Some(on_message);
    client._on_error = Some(on_error);
    Ok(worker)
}

fn field(data: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn on_message(ev: web_sys::MessageEvent) {
    let data = ev.data();
    let Some(id) = field(&data, "id").as_f64().map(|id| id as u32) else {
        return;
    };
    let progress = field(&data, "progress");
    if !progress.is_undefined() {
        let report = Progress {
            stage: field(&progress, "stage").as_string().unwrap_or_default(),
            done: field(&progress, "done").as_f64().unwrap_or(0.0),
            total: field(&progress, "total").as_f64().unwrap_or(0.0),
        };
        let callback = CLIENT.with(|c| c.borrow().pending.get(&id).map(|p| p.progress.clone()));
        if let Some(callback) = callback {
            callback(report);
        }
        return;
    }
    let fatal = field(&data, "fatal");
    if let Some(message) = fatal.as_string() {
        fail_all(&format!(
            "{message} De bestanden die u had geopend zijn daardoor gesloten; open ze opnieuw."
        ));
        return;
    }
    let Some(pending) = CLIENT.with(|c| c.borrow_mut().pending.remove(&id)) else {
        return;
    };
    let result = field(&data, "result");
    let _ = pending.resolve.call1(&JsValue::NULL, &result);
}

/// End the worker and fail every task that waits for it.
fn fail_all(message: &str) {
    let pending: Vec<Pending> = CLIENT.with(|c| {
        let mut client = c.borrow_mut();
        if let Some(worker) = client.worker.take() {
            worker.terminate();
        }
        client.pending.drain().map(|(_, p)| p).collect()
    });
    for p in pending {
        let _ = p.reject.call1(&JsValue::NULL, &JsValue::from_str(message));
    }
}

/// End the worker: every imported register in its memory is gone. Waiting tasks fail.
pub fn reset() {
    fail_all("De gegevens zijn gewist.");
}

/// Send `request` and, when given, the bytes of a file (moved, not copied) to the worker and wait
/// for its reply. Errors are Dutch sentences for the user.
pub async fn call<C: Call>(
    request: C,
    bytes: Option<js_sys::Uint8Array>,
    on_progress: impl Fn(Progress) + 'static,
) -> Result<C::Reply, String> {
    let request: Request = request.into();
    let request = js_sys::Uint8Array::from(request.to_bytes().map_err(|p| p.message)?.as_slice());
    let progress: ProgressFn = Rc::new(on_progress);
    let mut failed = None;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let sent = CLIENT.with(|c| -> Result<(), String> {
            let mut client = c.borrow_mut();
            let worker = start_worker(&mut client)?;
            client.next_id = client.next_id.wrapping_add(1);
            let id = client.next_id;
            let message = js_sys::Object::new();
            let set = |k: &str, v: &JsValue| {
                let _ = js_sys::Reflect::set(&message, &JsValue::from_str(k), v);
            };
            set("id", &JsValue::from(id));
            set("request", &request.buffer());
            let transfer = js_sys::Array::of1(&request.buffer());
            if let Some(bytes) = &bytes {
                set("bytes", &bytes.buffer());
                transfer.push(&bytes.buffer());
            }
            worker
                .post_message_with_transfer(&message, &transfer)
                .map_err(|_| "Het bestand kon niet aan het hulpprogramma worden gegeven.")?;
            client.pending.insert(
                id,
                Pending {
                    resolve,
                    reject,
                    progress: progress.clone(),
                },
            );
            Ok(())
        });
        if let Err(message) = sent {
            failed = Some(message);
        }
    });
    if let Some(message) = failed {
        return Err(message);
    }
    let value = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| "Onbekende fout.".into()))?;
    C::Reply::from_response(envelope(&value)).map_err(|p| p.message)
}

/// Read a file the user chose in the worker: its bytes go along with `request`.
pub async fn call_with_file<C: Call>(
    request: C,
    file: &web_sys::File,
    on_progress: impl Fn(Progress) + 'static,
) -> Result<C::Reply, String> {
    if !super::browser::files_allowed() {
        return Err(super::browser::INSECURE_FILES.to_string());
    }
    let bytes = super::browser::file_bytes(file).await?;
    call(request, Some(bytes), on_progress).await
}

/// The worker's reply envelope (see [`Response`]) as a Rust value.
fn envelope(value: &JsValue) -> Response {
    if let Ok(bytes) = field(value, Response::VALUE).dyn_into::<js_sys::Uint8Array>() {
        return Response::Value(bytes.to_vec());
    }
    if let Ok(bytes) = field(value, Response::BYTES).dyn_into::<js_sys::Uint8Array>() {
        return Response::Bytes(bytes.to_vec());
    }
    if let Some(problem) = field(value, Response::PROBLEM).as_string() {
        return Response::failed_from_json(&problem);
    }
    Response::Failed(Problem::error(
        "Het hulpprogramma gaf een onverwacht antwoord.",
    ))
}
