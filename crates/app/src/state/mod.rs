//! App-wide state: what every screen can reach through context. One signal per slice of the
//! officer's work (the values are `work`'s plain types, whose rules are tested natively); each
//! slice that is stored is saved by one effect here, under its [`StorageKey`] — screens never save.

pub mod antwoord;
pub mod dubbelen;
pub mod registers;
pub mod werk;

use std::time::Duration;

use leptos::prelude::*;

use crate::browser::{self, StorageRefused};
use antwoord::Antwoord;
use dubbelen::Dubbelen;
use koppelhulp_core::koci_layout::KociLayout;
use koppelhulp_core::koppelregel::Koppelregel;
use koppelhulp_core::routering::RouteringForm;
use koppelhulp_core::settings::Settings;
use koppelhulp_core::verzendlog::Verzendlog;
use koppelhulp_work::antwoord::Marks;
use koppelhulp_work::koppelbestand::KoppelTable;
use koppelhulp_work::review::Review;
use koppelhulp_work::storage::StorageKey;
use registers::Registers;
use werk::Werk;

/// Cargo.toml's version and the commit (build.rs), e.g. `0.1.0-d606da4`.
pub const VERSION: &str = env!("KOPPELHULP_VERSION");

/// State every screen can reach through context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub settings: RwSignal<Settings>,
    /// An app-wide message shown above the screen (e.g. "gegevens automatisch gewist").
    pub notice: RwSignal<Option<String>>,
    /// Set when the browser refused to keep the work of this tab (its storage is full): shown on
    /// every screen until a save succeeds again.
    pub storage_refused: RwSignal<bool>,
    /// The koppelbestand being made in this tab (pupil data: memory and sessionStorage only).
    pub koppelbestand: RwSignal<KoppelTable>,
    /// The structure of DUO's template (headers and sheet name, no data), when one was loaded.
    pub template: RwSignal<Option<KociLayout>>,
    /// DUO's empty template itself (xlsx as base64, no data), when Koppelhulp writes into it.
    pub template_file: RwSignal<Option<String>>,
    /// File names, times and counts of every koppelbestand made (no personal data).
    pub verzendlog: RwSignal<Verzendlog>,
    /// DUO's two routing forms (organisation and staff contact data).
    pub routering: RwSignal<RouteringForm>,
    /// The files opened on Bestanden (pupil data: their records live in the worker's memory only).
    pub registers: Registers,
    /// The officer's decisions on proposed pairs, with their undo steps and queue.
    pub review: RwSignal<Review>,
    /// The pairs found on Dubbelen zoeken (memory) and that screen's progress and messages.
    pub dubbelen: Dubbelen,
    /// DUO's answer as read and what was sent.
    pub antwoord: Antwoord,
    /// The officer's marks on DUO's answer.
    pub marks: RwSignal<Marks>,
    /// The work file: whether the work changed since it was saved or opened (`werk.rs`).
    pub werk: Werk,
}

impl AppState {
    /// Everything as stored in this browser, with an effect per slice that saves its changes.
    pub fn load() -> AppState {
        let today = browser::today();
        let regels: Vec<Koppelregel> = load_json(StorageKey::Koppelbestand).unwrap_or_default();
        let mut table = KoppelTable::from_regels(regels, today);
        table.set_unsaved(browser::storage_get(StorageKey::KoppelbestandUnsaved).is_some());
        let state = AppState {
            settings: RwSignal::new(Settings::from_json(
                &browser::storage_get(StorageKey::Settings).unwrap_or_default(),
            )),
            notice: RwSignal::new(None),
            storage_refused: RwSignal::new(false),
            koppelbestand: RwSignal::new(table),
            template: RwSignal::new(load_json(StorageKey::Template)),
            template_file: RwSignal::new(browser::storage_get(StorageKey::TemplateFile)),
            verzendlog: RwSignal::new(Verzendlog::from_json(
                &browser::storage_get(StorageKey::Verzendlog).unwrap_or_default(),
            )),
            routering: RwSignal::new(RouteringForm::from_json(
                &browser::storage_get(StorageKey::Routering).unwrap_or_default(),
            )),
            registers: Registers::new(),
            review: RwSignal::new({
                let mut review: Review = load_json(StorageKey::Besluiten).unwrap_or_default();
                review.set_today(today);
                review
            }),
            dubbelen: Dubbelen::new(),
            antwoord: Antwoord::new(),
            marks: RwSignal::new(load_json(StorageKey::AntwoordMarks).unwrap_or_default()),
            werk: Werk::new(),
        };
        state.save_on_change();
        werk::track_changes(state);
        state
    }

    /// One effect per stored slice. The koppelbestand (which can hold 10,000 rows) is saved at most
    /// once per 300 ms: a batch of changes is one save.
    fn save_on_change(self) {
        let s = self;
        s.save(StorageKey::Settings, move || {
            s.settings
                .with(|v| (*v != Settings::default()).then(|| v.to_json()))
        });
        s.save(StorageKey::Template, move || {
            s.template
                .with(|t| t.as_ref().and_then(|t| serde_json::to_string(t).ok()))
        });
        s.save(StorageKey::TemplateFile, move || s.template_file.get());
        s.save(StorageKey::Verzendlog, move || {
            s.verzendlog
                .with(|log| (!log.entries.is_empty()).then(|| log.to_json()))
        });
        s.save(StorageKey::Routering, move || {
            s.routering
                .with(|f| (*f != RouteringForm::default()).then(|| f.to_json()))
        });
        // The decisions with their dates (`Review`'s stored form).
        s.save(StorageKey::Besluiten, move || {
            s.review
                .with(|r| (r.decided() > 0).then(|| serde_json::to_string(r).unwrap_or_default()))
        });
        s.save(StorageKey::AntwoordMarks, move || {
            s.marks
                .with(|m| (!m.is_empty()).then(|| serde_json::to_string(m).unwrap_or_default()))
        });
        // The koppelbestand: tracked at once, written after a pause — and at once when the page
        // goes away (a reload right after a change keeps it).
        let pending = StoredValue::new(false);
        let _ = window_event_listener(leptos::ev::pagehide, move |_| {
            if pending.get_value() {
                s.save_koppelbestand_now();
            }
        });
        Effect::new(move |_| {
            s.koppelbestand.track();
            if pending.get_value() {
                return;
            }
            pending.set_value(true);
            set_timeout(
                move || {
                    pending.set_value(false);
                    s.save_koppelbestand_now();
                },
                Duration::from_millis(300),
            );
        });
    }

    /// Write the koppelbestand to the tab's storage now (also called after a download).
    pub fn save_koppelbestand_now(&self) {
        let (rows, unsaved) = self.koppelbestand.with_untracked(|t| {
            let rows: Vec<&Koppelregel> = t.regels().filter(|r| !r.is_empty()).collect();
            let json = (!rows.is_empty()).then(|| serde_json::to_string(&rows).unwrap_or_default());
            (json, t.unsaved())
        });
        let mut result = write(StorageKey::Koppelbestand, rows);
        if result.is_ok() {
            result = write(
                StorageKey::KoppelbestandUnsaved,
                unsaved.then(|| "1".into()),
            );
        }
        self.storage_refused.set(result.is_err());
    }

    /// Save what `value` gives (or remove the key when it gives nothing) whenever it changes.
    fn save(self, key: StorageKey, value: impl Fn() -> Option<String> + 'static) {
        Effect::new(move |_| {
            if write(key, value()).is_err() {
                self.storage_refused.set(true);
            }
        });
    }

    /// *Alles wissen*: settings, template, verzendlog and routing form back to nothing, all pupil
    /// data dropped, and every key of the app removed from this browser's storage.
    pub fn clear_everything(&self) {
        self.settings.set(Settings::default());
        self.template.set(None);
        self.template_file.set(None);
        self.verzendlog.set(Verzendlog::default());
        self.routering.set(RouteringForm::default());
        self.clear_pupil_data();
        browser::clear_everything();
    }

    /// Drop all pupil data (*Alles wissen*, automatic clear): this tab's storage, the koppelbestand,
    /// the opened files (the worker is ended), the answer and its marks, the decisions.
    pub fn clear_pupil_data(&self) {
        browser::clear_pupil_data();
        self.koppelbestand.update(|t| {
            t.clear();
            t.set_unsaved(false);
        });
        self.registers.clear();
        self.antwoord.clear();
        self.marks.update(Marks::clear);
        self.review.update(Review::clear);
        self.dubbelen.clear();
        self.werk.antwoord_file.set(String::new());
        self.werk.changed.set(false);
    }
}

fn load_json<T: serde::de::DeserializeOwned>(key: StorageKey) -> Option<T> {
    browser::storage_get(key).and_then(|json| serde_json::from_str(&json).ok())
}

fn write(key: StorageKey, value: Option<String>) -> Result<(), StorageRefused> {
    match value {
        Some(json) => browser::storage_set(key, &json),
        None => {
            browser::storage_remove(key);
            Ok(())
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Bestanden,
    Dubbelen,
    Koppelbestand,
    Versturen,
    Antwoord,
    Routering,
    Instellingen,
    Privacy,
}

impl Screen {
    pub const ALL: [Screen; 8] = [
        Screen::Bestanden,
        Screen::Dubbelen,
        Screen::Koppelbestand,
        Screen::Versturen,
        Screen::Antwoord,
        Screen::Routering,
        Screen::Instellingen,
        Screen::Privacy,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Screen::Bestanden => "bestanden",
            Screen::Dubbelen => "dubbelen",
            Screen::Koppelbestand => "koppelbestand",
            Screen::Versturen => "versturen",
            Screen::Antwoord => "antwoord",
            Screen::Routering => "routering",
            Screen::Instellingen => "instellingen",
            Screen::Privacy => "privacy",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Screen::Bestanden => "Bestanden",
            Screen::Dubbelen => "Dubbelen zoeken",
            Screen::Koppelbestand => "Koppelbestand",
            Screen::Versturen => "Versturen",
            Screen::Antwoord => "Antwoord van DUO",
            Screen::Routering => "Routering",
            Screen::Instellingen => "Instellingen",
            Screen::Privacy => "Privacy en hulp",
        }
    }

    pub fn href(self) -> String {
        format!("#/{}", self.slug())
    }

    /// The screen a `#/slug` hash names; `None` for any other hash (an in-page anchor).
    pub fn from_hash(hash: &str) -> Option<Screen> {
        let slug = hash.strip_prefix("#/")?;
        Screen::ALL.into_iter().find(|s| s.slug() == slug)
    }
}
