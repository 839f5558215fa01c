//! DUO's answer as read, what was sent, and the officer's marks (sessionStorage).

use std::collections::HashMap;

use leptos::prelude::*;

use super::AppState;
use super::koppelbestand::load_template;
use crate::core::Problem;
use crate::core::antwoord::{Mark, Reconciliation};
use crate::core::koppelregel::Koppelregel;
use crate::io::koci_xlsx::KociLayout;
use crate::ui::browser;

/// The officer's marks: pupil data (numbers and notes) — sessionStorage only.
pub const MARKS_KEY: &str = "koppelhulp.antwoord";

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
    pub marks: RwSignal<HashMap<String, Mark>>,
}

impl Antwoord {
    pub fn load() -> Antwoord {
        let marks = browser::session_get(MARKS_KEY)
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        Antwoord {
            loaded: RwSignal::new(None),
            sent_file: RwSignal::new(None),
            marks: RwSignal::new(marks),
        }
    }

    pub fn clear(&self) {
        self.loaded.set(None);
        self.sent_file.set(None);
        self.marks.set(HashMap::new());
    }

    pub fn set_mark(&self, key: String, change: impl FnOnce(&mut Mark)) {
        self.marks.update(|m| change(m.entry(key).or_default()));
        let json = self
            .marks
            .with_untracked(|m| serde_json::to_string(m).unwrap_or_default());
        browser::session_set(MARKS_KEY, &json);
    }
}

pub fn sent_now(state: &AppState) -> Sent {
    if let Some(sent) = state.antwoord.sent_file.get_untracked() {
        return sent;
    }
    let layout = load_template().unwrap_or_else(KociLayout::default_layout);
    Sent {
        source: "het koppelbestand in dit tabblad".into(),
        regels: state
            .koppelbestand
            .regels()
            .into_iter()
            .filter(|r| !r.is_empty())
            .collect(),
        headers: layout.headers,
    }
}
