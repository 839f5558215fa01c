//! Browser glue in one place: storage, the page's own DOM outside the app, focus, time, and the
//! panic hook. Screens call these functions instead of touching web-sys themselves.
//!
//! Invariant: no function here makes a network request. Keys the app stores start with
//! [`KEY_PREFIX`], so that *Alles wissen* removes exactly what the app stored and nothing of other
//! applications on the same intranet origin.

use gloo::storage::{LocalStorage, SessionStorage, Storage};
use wasm_bindgen::JsCast;

pub const KEY_PREFIX: &str = "koppelhulp.";
/// Settings: organisation data only, never pupil data (localStorage, kept until *Alles wissen*).
pub const SETTINGS_KEY: &str = "koppelhulp.instellingen";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn document() -> Option<web_sys::Document> {
    window().and_then(|w| w.document())
}

pub fn local_get(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).ok().flatten()
}

/// Store a value; a full or blocked storage is logged, not fatal (the app keeps working in memory).
pub fn local_set(key: &str, value: &str) {
    if LocalStorage::raw().set_item(key, value).is_err() {
        web_sys::console::warn_1(&"Koppelhulp: opslaan in de browser is niet gelukt".into());
    }
}

pub fn local_remove(key: &str) {
    let _ = LocalStorage::raw().remove_item(key);
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

/// Pupil data of this tab (sessionStorage): removed by *Alles wissen* and the automatic clear.
pub fn clear_pupil_data() {
    remove_prefixed(&SessionStorage::raw());
}

/// Everything the app stored in this browser: settings and pupil data.
pub fn clear_everything() {
    remove_prefixed(&LocalStorage::raw());
    clear_pupil_data();
}

pub fn is_secure_context() -> bool {
    window().map(|w| w.is_secure_context()).unwrap_or(false)
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

pub fn location_search() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
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
