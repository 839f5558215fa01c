#![cfg(target_arch = "wasm32")]
//! The Leptos app (client-side rendered, wasm32 only): one module per screen, thin components over
//! `core` view-models, browser glue in [`browser`].

mod antwoord;
mod app;
mod bestanden;
pub mod browser;
mod dubbelen;
mod koppelbestand;
mod privacy;
mod routering;
mod settings;
mod start;
mod state;
mod versturen;
mod werk;
mod widgets;
pub mod worker_client;

/// Entry point, called from `main` in the browser.
pub fn start() {
    browser::install_panic_hook();
    let Some(root) = browser::app_root() else {
        web_sys::console::error_1(&"Koppelhulp: element #app ontbreekt in index.html".into());
        return;
    };
    browser::remove_boot_screen();
    leptos::mount::mount_to(root, app::App).forget();

    // Self-test of the crash screen (`?zelftest=paniek`), used by the browser tests; only in a
    // test build (build.rs), so the release has neither the trigger nor this panic.
    #[cfg(zelftest)]
    if browser::selftest("paniek") {
        leptos::prelude::set_timeout(
            || panic!("zelftest: bewust veroorzaakte fout"),
            std::time::Duration::from_millis(50),
        );
    }
}
