//! App-wide state: what every screen can reach through context. One signal per slice of the
//! officer's work (the values are `work`'s plain types, whose rules are tested natively).
//!
//! Privacy invariant: pupil data (the koppelbestand, the decisions, the marks, the opened files,
//! DUO's answer) lives in this tab's memory only — never in the browser's storage, so never on the
//! disk. Only the [`Persisted`] slices (settings, DUO's template layout, the verzendlog, the routing
//! form) are stored, each by one effect here; screens never save. *Alles wissen* and the automatic
//! clearing reach every open tab of the app ([`browser::Broadcast`]).

pub mod antwoord;
pub mod dubbelen;
pub mod registers;
pub mod werk;

use leptos::prelude::*;

use crate::browser::{self, Broadcast};
use antwoord::Antwoord;
use dubbelen::Dubbelen;
use koppelhulp_core::koci_layout::KociLayout;
use koppelhulp_core::routering::RouteringForm;
use koppelhulp_core::settings::Settings;
use koppelhulp_core::verzendlog::Verzendlog;
use koppelhulp_work::antwoord::Marks;
use koppelhulp_work::koppelbestand::KoppelTable;
use koppelhulp_work::review::Review;
use koppelhulp_work::storage::Persisted;
use registers::Registers;
use werk::WorkFileStatus;

/// Cargo.toml's version and the commit (build.rs), e.g. `0.1.0-d606da4`.
pub const VERSION: &str = env!("KOPPELHULP_VERSION");

/// State every screen can reach through context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub settings: RwSignal<Settings>,
    /// The release's default for automatic clearing (`instellingen.json`, minutes; 0 = off).
    pub release_auto_clear: u32,
    /// An app-wide message shown above the screen (e.g. "gegevens automatisch gewist").
    pub notice: RwSignal<Option<String>>,
    /// Set when the browser refused to keep the settings (its storage is full or blocked): shown
    /// on every screen until a save succeeds again.
    pub storage_refused: RwSignal<bool>,
    /// The koppelbestand being made in this tab (pupil data: memory only).
    pub koppelbestand: RwSignal<KoppelTable>,
    /// The structure of DUO's template (headers and sheet name, no data), when one was loaded.
    pub template: RwSignal<Option<KociLayout>>,
    /// DUO's empty template itself (xlsx as base64, no data), when Koppelhulp writes into it.
    pub template_file: RwSignal<Option<String>>,
    /// File names, times and counts of every koppelbestand made (no personal data).
    pub verzendlog: RwSignal<Verzendlog>,
    /// The name of the koppelbestand last made in this tab (Versturen says when there is none).
    pub made_here: RwSignal<Option<String>>,
    /// An organisation the officer chose while a koppelbestand is open: the shell asks first
    /// ([`AppState::choose_organisation`]).
    pub pending_org: RwSignal<Option<usize>>,
    /// DUO's two routing forms (organisation and staff contact data).
    pub routering: RwSignal<RouteringForm>,
    /// The files opened on Bestanden (pupil data: their records live in the worker's memory only).
    pub registers: Registers,
    /// The officer's decisions on proposed pairs, with their undo steps and queue (memory only).
    pub review: RwSignal<Review>,
    /// The pairs found on Dubbelen zoeken (memory) and that screen's progress and messages.
    pub dubbelen: Dubbelen,
    /// DUO's answer as read and what was sent.
    pub antwoord: Antwoord,
    /// The officer's marks on DUO's answer (memory only).
    pub marks: RwSignal<Marks>,
    /// The work file: whether the work changed since it was saved or opened (`werk.rs`).
    pub work_file: WorkFileStatus,
    /// The other open tabs of this copy of the app.
    pub tabs: Broadcast,
}

/// What one tab tells the others.
pub mod message {
    /// Pupil data was cleared (automatic clearing): clear it here too.
    pub const CLEAR_PUPIL_DATA: &str = "leerlinggegevens-wissen";
    /// *Alles wissen*: clear everything here too.
    pub const CLEAR_EVERYTHING: &str = "alles-wissen";
    /// The officer used the app in another tab (a key or a click): it is not idle.
    pub const ACTIVE: &str = "actief";
}

impl AppState {
    /// The stored slices as this browser keeps them, the work empty, and an effect per stored
    /// slice that saves its changes.
    pub fn load() -> AppState {
        // Earlier versions kept the work in sessionStorage; a restored tab may still hold it.
        browser::remove_legacy_session_keys();
        let today = browser::today();
        let state = AppState {
            settings: RwSignal::new(load()),
            release_auto_clear: browser::release_auto_clear(),
            notice: RwSignal::new(None),
            storage_refused: RwSignal::new(false),
            koppelbestand: RwSignal::new(KoppelTable::new(today)),
            template: RwSignal::new(load()),
            template_file: RwSignal::new(load()),
            verzendlog: RwSignal::new(load()),
            made_here: RwSignal::new(None),
            pending_org: RwSignal::new(None),
            routering: RwSignal::new(load()),
            registers: Registers::new(),
            review: RwSignal::new(Review::new()),
            dubbelen: Dubbelen::new(),
            antwoord: Antwoord::new(),
            marks: RwSignal::new(Marks::new()),
            work_file: WorkFileStatus::new(),
            tabs: Broadcast::open(),
        };
        state.persist(state.settings);
        state.persist(state.template);
        state.persist(state.template_file);
        state.persist(state.verzendlog);
        state.persist(state.routering);
        werk::mark_saved(&state);
        state
    }

    /// Save a stored slice whenever it changes (or remove its key when it holds nothing).
    fn persist<T: Persisted + Send + Sync + 'static>(self, slice: RwSignal<T>) {
        Effect::new(move |_| {
            let stored = match slice.with(T::to_stored) {
                Some(text) => browser::storage_set(T::KEY, &text).is_ok(),
                None => {
                    browser::storage_remove(T::KEY);
                    true
                }
            };
            self.storage_refused.set(!stored);
        });
    }

    /// *Alles wissen*, in every open tab of the app: settings, template, verzendlog and routing
    /// form back to nothing, all pupil data dropped, every key of the app removed from this
    /// browser's storage.
    pub fn clear_everything(&self) {
        self.clear_everything_here();
        self.tabs.post(message::CLEAR_EVERYTHING);
    }

    /// *Alles wissen* in this tab only (another tab asked).
    pub fn clear_everything_here(&self) {
        self.settings.set(Settings::default());
        self.template.set(None);
        self.template_file.set(None);
        self.verzendlog.set(Verzendlog::default());
        self.made_here.set(None);
        self.routering.set(RouteringForm::default());
        self.clear_pupil_data_here();
        browser::clear_everything();
    }

    /// Make organisation `index` the active one. With a koppelbestand open (its file name carries
    /// the organisation's code) the shell asks first, with the safe choice focused.
    pub fn choose_organisation(&self, index: usize) {
        let open = self
            .koppelbestand
            .with_untracked(|t| t.filled().next().is_some());
        let other = self.settings.with_untracked(|s| s.active != Some(index));
        if open && other {
            self.pending_org.set(Some(index));
            browser::focus_later("org-wissel-nee");
        } else {
            self.settings.update(|s| s.set_active(index));
        }
    }

    /// Drop all pupil data in every open tab of the app (automatic clearing).
    pub fn clear_pupil_data(&self) {
        self.clear_pupil_data_here();
        self.tabs.post(message::CLEAR_PUPIL_DATA);
    }

    /// Drop all pupil data in this tab: the koppelbestand, the opened files (the worker is ended),
    /// the answer and its marks, the decisions, the pairs found. The plain work is cleared by
    /// [`koppelhulp_work::Work::clear_pupil_data`], the rules of which are tested natively.
    pub fn clear_pupil_data_here(&self) {
        // A message about the work ("Uw werk is geopend: …") is not true any more.
        self.notice.set(None);
        let mut work = werk::current_work(self);
        work.clear_pupil_data();
        werk::replace(self, work);
        self.registers.clear();
    }
}

/// A stored slice as this browser keeps it.
fn load<T: Persisted>() -> T {
    T::from_stored(browser::storage_get(T::KEY).as_deref())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Start,
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
    pub const ALL: [Screen; 9] = [
        Screen::Start,
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
            Screen::Start => "start",
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
            Screen::Start => "Start",
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
