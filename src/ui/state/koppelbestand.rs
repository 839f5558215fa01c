//! The koppelbestand being made in this tab (pupil data: memory and sessionStorage only), and the
//! stored template structure and verzendlog that the koppelbestand's screens read.

use leptos::prelude::*;

use crate::core::koppelregel::{Field, Koppelregel};
use crate::core::verzendlog::Verzendlog;
use crate::io::koci_xlsx::KociLayout;
use crate::ui::browser;

/// Pupil rows of this tab (sessionStorage).
pub const ROWS_KEY: &str = "koppelhulp.koppelbestand";
/// The structure of DUO's template: headers and sheet name, no data (localStorage).
pub const TEMPLATE_KEY: &str = "koppelhulp.sjabloon";
/// The verzendlog: file names and counts, no personal data (localStorage).
pub const LOG_KEY: &str = "koppelhulp.verzendlog";

/// A row with a stable id, so that editing one cell never re-renders (and unfocuses) the others.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: u64,
    pub regel: Koppelregel,
}

/// The koppelbestand being made in this tab; lives in `AppState` so it survives screen changes.
#[derive(Clone, Copy)]
pub struct Koppelbestand {
    pub rows: RwSignal<Vec<Row>>,
    next_id: StoredValue<u64>,
    /// True when the rows changed since the last download (closing the tab then asks first).
    pub unsaved: RwSignal<bool>,
}

impl Koppelbestand {
    pub fn load() -> Koppelbestand {
        let regels: Vec<Koppelregel> = browser::session_get(ROWS_KEY)
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        let this = Koppelbestand {
            rows: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
            unsaved: RwSignal::new(false),
        };
        this.set_regels(regels);
        this.unsaved
            .set(browser::session_get(&format!("{ROWS_KEY}.onbewaard")).is_some());
        this
    }

    fn new_row(&self, regel: Koppelregel) -> Row {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        Row { id, regel }
    }

    /// Replace all rows; always leaves at least one (empty) row to type or paste into.
    pub fn set_regels(&self, mut regels: Vec<Koppelregel>) {
        if regels.is_empty() {
            regels.push(Koppelregel::default());
        }
        let rows = regels.into_iter().map(|r| self.new_row(r)).collect();
        self.rows.set(rows);
    }

    pub fn regels(&self) -> Vec<Koppelregel> {
        self.rows
            .with(|rows| rows.iter().map(|r| r.regel.clone()).collect())
    }

    /// Save to sessionStorage (called on every change).
    pub fn persist(&self) {
        let regels: Vec<Koppelregel> = self
            .regels()
            .into_iter()
            .filter(|r| !r.is_empty())
            .collect();
        if regels.is_empty() {
            browser::session_remove(ROWS_KEY);
        } else {
            browser::session_set(
                ROWS_KEY,
                &serde_json::to_string(&regels).unwrap_or_default(),
            );
        }
        let key = format!("{ROWS_KEY}.onbewaard");
        if self.unsaved.get_untracked() {
            browser::session_set(&key, "1");
        } else {
            browser::session_remove(&key);
        }
    }

    fn changed(&self) {
        self.unsaved.set(true);
        self.persist();
    }

    pub fn set_cell(&self, id: u64, field: Field, value: String) {
        self.rows.update(|rows| {
            if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
                *row.regel.get_mut(field) = value;
            }
        });
        self.changed();
    }

    pub fn add_empty(&self) -> u64 {
        let row = self.new_row(Koppelregel::default());
        let id = row.id;
        self.rows.update(|rows| rows.push(row));
        self.changed();
        id
    }

    pub fn delete(&self, id: u64) {
        self.rows.update(|rows| rows.retain(|r| r.id != id));
        if self.rows.with_untracked(Vec::is_empty) {
            self.set_regels(Vec::new());
        }
        self.changed();
    }

    /// Put pasted or opened rows in at a row's place (replacing it when it is empty), else at the end;
    /// empty rows are dropped.
    pub fn insert(&self, at: Option<u64>, regels: Vec<Koppelregel>) {
        let new_rows: Vec<Row> = regels.into_iter().map(|r| self.new_row(r)).collect();
        self.rows.update(|rows| {
            let pos = at
                .and_then(|id| rows.iter().position(|r| r.id == id))
                .unwrap_or(rows.len());
            let tail = rows.split_off(pos);
            rows.extend(new_rows);
            rows.extend(tail);
            rows.retain(|r| !r.regel.is_empty());
        });
        if self.rows.with_untracked(Vec::is_empty) {
            self.set_regels(Vec::new());
        }
        self.changed();
    }

    /// Add a pair accepted on Dubbelen zoeken (at the end; not twice).
    pub fn add_pair(&self, regel: Koppelregel) {
        let known = self.rows.with_untracked(|rows| {
            rows.iter().any(|r| {
                r.regel.bsn == regel.bsn && r.regel.onderwijsnummer == regel.onderwijsnummer
            })
        });
        if !known {
            self.insert(None, vec![regel]);
        }
    }

    /// Take out the rows of a pair whose acceptance was undone on Dubbelen zoeken.
    pub fn remove_pair(&self, bsn: &str, onderwijsnummer: &str) {
        self.rows.update(|rows| {
            rows.retain(|r| !(r.regel.bsn == bsn && r.regel.onderwijsnummer == onderwijsnummer))
        });
        if self.rows.with_untracked(Vec::is_empty) {
            self.set_regels(Vec::new());
        }
        self.changed();
    }

    /// Drop all pupil rows (Alles wissen, automatic clear).
    pub fn clear(&self) {
        self.set_regels(Vec::new());
        self.unsaved.set(false);
        self.persist();
    }
}

pub fn load_template() -> Option<KociLayout> {
    browser::local_get(TEMPLATE_KEY).and_then(|json| serde_json::from_str(&json).ok())
}

pub fn load_log() -> Verzendlog {
    Verzendlog::from_json(&browser::local_get(LOG_KEY).unwrap_or_default())
}
