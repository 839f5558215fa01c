//! DUO's answer as read, and what was sent (this tab's koppelbestand, or a sent file opened again).
//! The officer's marks are `AppState::marks` (`work::antwoord::Marks`).

use leptos::prelude::*;

use super::AppState;
use koppelhulp_core::Problem;
use koppelhulp_core::antwoord::Reconciliation;
use koppelhulp_core::koci_layout::KociLayout;
use koppelhulp_core::koppelregel::Koppelregel;

/// How the screen names what was sent when no sent file was opened again.
pub const THIS_TAB: &str = "het koppelbestand in dit tabblad";

/// What was sent: rows and the headers they were sent under.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub source: String,
    pub regels: Vec<Koppelregel>,
    pub headers: Vec<String>,
}

/// The answer as read, kept while the tab is open (in `AppState`).
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub file_name: String,
    pub name_problems: Vec<Problem>,
    pub result: Reconciliation,
}

#[derive(Clone, Copy)]
pub struct Antwoord {
    pub loaded: RwSignal<Option<Loaded>>,
    /// A sent file opened again (else the tab's koppelbestand is what was sent).
    pub sent_file: RwSignal<Option<Sent>>,
}

impl Antwoord {
    pub fn new() -> Antwoord {
        Antwoord {
            loaded: RwSignal::new(None),
            sent_file: RwSignal::new(None),
        }
    }

    pub fn clear(&self) {
        self.loaded.set(None);
        self.sent_file.set(None);
    }
}

impl Default for Antwoord {
    fn default() -> Self {
        Antwoord::new()
    }
}

/// What was sent: the sent file opened again, else this tab's koppelbestand under the layout in use.
pub fn sent_now(state: &AppState) -> Sent {
    if let Some(sent) = state.antwoord.sent_file.get_untracked() {
        return sent;
    }
    let layout = state
        .template
        .get_untracked()
        .unwrap_or_else(KociLayout::default_layout);
    Sent {
        source: THIS_TAB.into(),
        regels: state
            .koppelbestand
            .with_untracked(|t| t.filled().cloned().collect()),
        headers: layout.headers,
    }
}
