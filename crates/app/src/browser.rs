//! Browser glue in one place: storage, the page's own DOM outside the app, focus, time, and the
//! panic hook. Screens call these functions instead of touching web-sys themselves.
//!
//! Invariant: no function here makes a network request. Storage is reached only through a
//! [`StorageKey`] (localStorage; no key holds pupil data, `work::storage`'s tests); every name
//! starts with [`KEY_PREFIX`], so that *Alles wissen* removes exactly what the app stored and
//! nothing of other applications on the same intranet origin. Nothing is written to
//! sessionStorage.

use gloo::storage::{LocalStorage, SessionStorage, Storage};
use leptos::prelude::{StoredValue, WithValue};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use koppelhulp_work::storage::{KEY_PREFIX, LEGACY_SESSION_KEYS, StorageKey};

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn document() -> Option<web_sys::Document> {
    window().and_then(|w| w.document())
}

fn storage() -> web_sys::Storage {
    LocalStorage::raw()
}

/// The stored value of a key, if any.
pub fn storage_get(key: StorageKey) -> Option<String> {
    storage().get_item(key.name()).ok().flatten()
}

/// The browser refused to store a value (its storage is full or blocked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorageRefused;

/// Store a value under a key. A full or blocked storage is no reason to stop: the app keeps
/// working in memory, and the caller tells the user.
pub fn storage_set(key: StorageKey, value: &str) -> Result<(), StorageRefused> {
    storage()
        .set_item(key.name(), value)
        .map_err(|_| StorageRefused)
}

pub fn storage_remove(key: StorageKey) {
    let _ = storage().remove_item(key.name());
}

fn remove_prefixed(storage: &web_sys::Storage) {
    let len = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..len)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(KEY_PREFIX))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

/// Remove the pupil data that earlier versions kept in this tab's sessionStorage.
pub fn remove_legacy_session_keys() {
    let session = SessionStorage::raw();
    for name in LEGACY_SESSION_KEYS {
        let _ = session.remove_item(name);
    }
}

/// Everything the app stored in this browser (settings, template, verzendlog, routing form), and
/// whatever an older version left in this tab's sessionStorage.
pub fn clear_everything() {
    remove_prefixed(&LocalStorage::raw());
    remove_prefixed(&SessionStorage::raw());
}

/// The release's default for automatic clearing: `instellingen.json` beside index.html, which
/// boot.js reads before the app starts and hands over as `data-instellingen` on `<html>`.
pub fn release_auto_clear() -> u32 {
    let json = document()
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("data-instellingen"));
    koppelhulp_core::settings::release_auto_clear(json.as_deref())
}

/// The other open tabs of this copy of the app: a `BroadcastChannel` named after the app's
/// folder, so that two copies on one host (a test copy and the real one) do not reach each other.
#[derive(Clone, Copy)]
pub struct Broadcast {
    channel: StoredValue<Option<web_sys::BroadcastChannel>, leptos::prelude::LocalStorage>,
}

impl Broadcast {
    pub fn open() -> Broadcast {
        let path = window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default();
        let folder = path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("");
        let channel = web_sys::BroadcastChannel::new(&format!("koppelhulp:{folder}/")).ok();
        Broadcast {
            channel: StoredValue::new_local(channel),
        }
    }

    /// Tell every other tab.
    pub fn post(&self, message: &str) {
        self.channel.with_value(|c| {
            if let Some(c) = c {
                let _ = c.post_message(&message.into());
            }
        });
    }

    /// Call `on_message` with each text another tab posts (for the life of the page).
    pub fn listen(&self, on_message: impl Fn(&str) + 'static) {
        self.channel.with_value(|c| {
            if let Some(c) = c {
                let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(
                    move |ev: web_sys::MessageEvent| {
                        if let Some(text) = ev.data().as_string() {
                            on_message(&text);
                        }
                    },
                );
                c.set_onmessage(Some(handler.as_ref().unchecked_ref()));
                handler.forget();
            }
        });
    }
}

pub fn is_secure_context() -> bool {
    window().map(|w| w.is_secure_context()).unwrap_or(false)
}

/// `n` random numbers from the browser's cryptographic generator (`crypto.getRandomValues`), for a
/// proposed password; `None` if the browser gives none.
pub fn random_u32s(n: usize) -> Option<Vec<u32>> {
    let crypto = window()?.crypto().ok()?;
    let mut bytes = vec![0u8; n * 4];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(
        bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect(),
    )
}

/// Why no file is opened over plain http (not localhost): anyone on the network could read the
/// page's traffic or change the page itself, and with it every pupil the officer opens.
pub const INSECURE_FILES: &str = "Koppelhulp opent geen bestanden met leerlinggegevens over een \
    onbeveiligde verbinding (http). Vraag de afdeling ICT om Koppelhulp via https aan te bieden.";

/// Whether the page may open files with pupil data: only in a secure context (https, or
/// localhost while developing). The file inputs are disabled otherwise, and
/// [`super::worker_client::call_with_file`] refuses, so a dropped file is not read either.
pub fn files_allowed() -> bool {
    is_secure_context()
}

pub fn is_online() -> bool {
    window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub fn location_hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Whether the address asks for the self-test `name` (`?zelftest=paniek`, `?zelftest=werker`).
/// Only a test build has self-tests (`KOPPELHULP_ZELFTEST=1 trunk build`, see build.rs); in the
/// release this is always false and the word is not in the wasm.
#[cfg(zelftest)]
pub fn selftest(name: &str) -> bool {
    window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|search| search.contains(&format!("zelftest={name}")))
}

/// Whether the address asks for a self-test: never, in a release build.
#[cfg(not(zelftest))]
pub fn selftest(_name: &str) -> bool {
    false
}

pub fn set_title(title: &str) {
    if let Some(d) = document() {
        d.set_title(title);
    }
}

fn element(id: &str) -> Option<web_sys::HtmlElement> {
    document()?
        .get_element_by_id(id)?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

/// Move keyboard focus to an element, after the current render has reached the DOM.
pub fn focus_later(id: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = element(id) {
            let _ = el.focus();
        }
    });
}

/// Move keyboard focus to the element with this id once the next render has reached the DOM (a
/// page of a table that is only being drawn now), and scroll it into view.
pub fn focus_id_later(id: String) {
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::request_animation_frame(move || {
            if let Some(el) = element(&id) {
                let _ = el.focus();
            }
        });
    });
}

/// Like [`focus_id_later`], for the element with id `first` if it is there by then, otherwise
/// `fallback`.
pub fn focus_first_later(first: Option<String>, fallback: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::request_animation_frame(move || {
            if let Some(el) = first
                .as_deref()
                .and_then(element)
                .or_else(|| element(fallback))
            {
                let _ = el.focus();
            }
        });
    });
}

/// The element the app mounts into (`#app` in index.html).
pub fn app_root() -> Option<web_sys::HtmlElement> {
    element("app")
}

/// Remove the static "loading / cannot start" block once the app runs.
pub fn remove_boot_screen() {
    if let Some(el) = element("boot") {
        el.remove();
    }
}

/// A panic shows the static crash message of index.html (the wasm instance is gone after it) and is
/// logged to the console.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Koppelhulp is gestopt door een fout: {info}").into());
        if let Some(crash) = element("crash") {
            crash.set_hidden(false);
            let _ = crash.focus();
        }
        if let Some(app) = element("app") {
            app.set_attribute("aria-hidden", "true").ok();
            app.set_attribute("inert", "").ok();
        }
    }));
}

/// Today's date in the user's local time zone (not UTC): (year, month 1–12, day).
pub fn local_today() -> (i32, u8, u8) {
    let d = js_sys::Date::new_0();
    (
        d.get_full_year() as i32,
        (d.get_month() + 1) as u8,
        d.get_date() as u8,
    )
}

/// The local time now: (hour, minute).
pub fn local_time() -> (u8, u8) {
    let d = js_sys::Date::new_0();
    (d.get_hours() as u8, d.get_minutes() as u8)
}

/// Now in local time as `dd-mm-jjjj uu:mm`.
pub fn local_now_text() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:02}-{:02}-{:04} {:02}:{:02}",
        d.get_date(),
        d.get_month() + 1,
        d.get_full_year(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// The media type of an xlsx file.
const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Save an xlsx file the app made as a download.
pub fn download_xlsx(file_name: &str, bytes: &[u8]) -> Result<(), String> {
    download(file_name, bytes, XLSX_MIME)
}

/// Save bytes as a download with the given file name. Nothing leaves the computer: the browser
/// writes a blob it holds in memory.
pub fn download(file_name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let fail = |_: &str| "Downloaden is niet gelukt. Probeer het opnieuw.".to_string();
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("url"))?;
    let anchor = document()
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or_else(|| fail("link"))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The file chosen in an `<input type="file">` change event, leaving the input as it is (it shows
/// the name).
pub fn chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    input.files()?.get(0)
}

/// Every file chosen in an `<input type="file" multiple>` change event (the input is emptied, so
/// that choosing the same file again is seen).
pub fn chosen_files(ev: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| file_list(&list))
        .unwrap_or_default();
    input.set_value("");
    files
}

/// The files dropped on an element.
pub fn dropped_files(ev: &web_sys::DragEvent) -> Vec<web_sys::File> {
    ev.data_transfer()
        .and_then(|dt| dt.files())
        .map(|list| file_list(&list))
        .unwrap_or_default()
}

fn file_list(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// A file's bytes as a JavaScript array, to be moved (not copied) to the background worker.
pub async fn file_bytes(file: &web_sys::File) -> Result<js_sys::Uint8Array, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| {
            "Het bestand kon niet worden gelezen. Is het nog open in een ander programma?"
                .to_string()
        })?;
    Ok(js_sys::Uint8Array::new(&buffer))
}

/// Today in local time.
pub fn today() -> time::Date {
    let (y, m, d) = local_today();
    time::Month::try_from(m)
        .ok()
        .and_then(|m| time::Date::from_calendar_date(y, m, d).ok())
        .unwrap_or(time::Date::MIN)
}

/// The plain text of a paste event.
pub fn pasted_text(ev: &web_sys::ClipboardEvent) -> Option<String> {
    ev.clipboard_data()?.get_data("text/plain").ok()
}

/// The id of the element an event started on.
pub fn target_id(ev: &web_sys::Event) -> Option<String> {
    ev.target()?
        .dyn_into::<web_sys::Element>()
        .ok()
        .map(|e| e.id())
}

/// Move keyboard focus to the element with this id if it is on the page now; false when it is
/// not (yet).
pub fn focus_if_there(id: &str) -> bool {
    element(id).map(|el| el.focus().is_ok()).unwrap_or(false)
}

/// Move keyboard focus to an element now (it is already on the page).
pub fn focus_now(id: &str) {
    if let Some(el) = element(id) {
        let _ = el.focus();
    }
}

/// Open the browser's print dialog (print or save as PDF).
pub fn print() {
    if let Some(w) = window() {
        let _ = w.print();
    }
}

/// Put text on the clipboard. Only in a secure context (https or localhost): say so otherwise.
pub async fn copy_text(text: &str) -> Result<(), String> {
    if !is_secure_context() {
        return Err("Kopiëren werkt alleen als Koppelhulp via https is geopend. Selecteer de tekst en kopieer hem met Ctrl+C.".into());
    }
    let clipboard = window()
        .map(|w| w.navigator().clipboard())
        .ok_or("Geen klembord beschikbaar.")?;
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| {
            "Kopiëren is niet gelukt. Selecteer de tekst en kopieer hem met Ctrl+C.".to_string()
        })
}
