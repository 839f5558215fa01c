//! Dubbelen zoeken's state: the pairs found (memory), the officer's decisions (sessionStorage) and
//! their undo history, kept in step with the koppelbestand.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppState;
use crate::core::matcher::DEFAULT_THRESHOLD;
use crate::ui::browser;
use crate::ui::worker_client::Progress;
use crate::worker::protocol::{FoundPair, PairsReply};

/// The officer's decisions: pupil data (two numbers) — sessionStorage only.
pub const DECISIONS_KEY: &str = "koppelhulp.besluiten";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Verdict {
    Koppelen,
    GeenDubbel,
    Later,
}

/// A pair is known by its two numbers.
pub type PairKey = (String, String);

pub fn key_of(p: &FoundPair) -> PairKey {
    (
        p.bsn.bsn.map(|b| b.to_string()).unwrap_or_default(),
        p.onderwijs
            .onderwijsnummer
            .map(|o| o.to_string())
            .unwrap_or_default(),
    )
}

/// One undoable step: each pair it decided, with the verdict it had before.
type Step = Vec<(PairKey, Option<Verdict>)>;

/// The state of this screen (in `AppState`: it survives switching screens).
#[derive(Clone, Copy)]
pub struct Dubbelen {
    /// Shared, not copied: a large register gives tens of thousands of pairs.
    pub found: RwSignal<Option<Arc<PairsReply>>>,
    pub decisions: RwSignal<HashMap<PairKey, Verdict>>,
    /// Each step (one decision, or "all above the threshold") with the verdicts it replaced.
    history: StoredValue<Vec<Step>>,
    pub threshold: RwSignal<f64>,
    pub running: RwSignal<Option<Progress>>,
    pub error: RwSignal<Option<String>>,
    pub announce: RwSignal<String>,
    /// Opened files the officer left out of the comparison.
    pub left_out: RwSignal<Vec<u32>>,
}

impl Dubbelen {
    pub fn load() -> Dubbelen {
        let saved: Vec<(String, String, Verdict)> = browser::session_get(DECISIONS_KEY)
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        Dubbelen {
            found: RwSignal::new(None),
            decisions: RwSignal::new(saved.into_iter().map(|(b, o, v)| ((b, o), v)).collect()),
            history: StoredValue::new(Vec::new()),
            threshold: RwSignal::new(DEFAULT_THRESHOLD),
            running: RwSignal::new(None),
            error: RwSignal::new(None),
            announce: RwSignal::new(String::new()),
            left_out: RwSignal::new(Vec::new()),
        }
    }

    /// Drop the pairs and the decisions (Alles wissen, automatic clear).
    pub fn clear(&self) {
        self.found.set(None);
        self.decisions.set(HashMap::new());
        self.history.set_value(Vec::new());
        browser::session_remove(DECISIONS_KEY);
    }

    fn persist(&self) {
        let list: Vec<(String, String, Verdict)> = self.decisions.with_untracked(|d| {
            let mut l: Vec<_> = d
                .iter()
                .map(|((b, o), v)| (b.clone(), o.clone(), *v))
                .collect();
            l.sort();
            l
        });
        if list.is_empty() {
            browser::session_remove(DECISIONS_KEY);
        } else {
            browser::session_set(
                DECISIONS_KEY,
                &serde_json::to_string(&list).unwrap_or_default(),
            );
        }
    }

    /// Record verdicts as one step (undone together) and update the koppelbestand.
    pub fn decide(&self, state: &AppState, pairs: &[&FoundPair], verdict: Verdict) {
        let mut step = Vec::new();
        self.decisions.update(|d| {
            for p in pairs {
                let key = key_of(p);
                let before = d.insert(key.clone(), verdict);
                apply(state, p, before, Some(verdict));
                step.push((key, before));
            }
        });
        self.history.update_value(|h| h.push(step));
        self.persist();
    }

    pub fn undo(&self, state: &AppState) -> bool {
        let Some(step) = self.history.try_update_value(Vec::pop).flatten() else {
            return false;
        };
        let found = self.found.get_untracked();
        let pairs: &[FoundPair] = found.as_ref().map(|f| f.pairs.as_slice()).unwrap_or(&[]);
        self.decisions.update(|d| {
            for (key, before) in step {
                let now = match before {
                    Some(v) => d.insert(key.clone(), v),
                    None => d.remove(&key),
                };
                if let Some(p) = pairs.iter().find(|p| key_of(p) == key) {
                    apply(state, p, now, before);
                }
            }
        });
        self.persist();
        true
    }
}

/// Keep the koppelbestand in step with a verdict that changed from `before` to `after`.
pub fn apply(state: &AppState, p: &FoundPair, before: Option<Verdict>, after: Option<Verdict>) {
    let (bsn, own) = key_of(p);
    let was = before == Some(Verdict::Koppelen);
    let is = after == Some(Verdict::Koppelen);
    if is && !was {
        if let Some(o) = p.onderwijs.onderwijsnummer {
            state.koppelbestand.add_pair(p.bsn.koppelregel(o));
        }
    } else if was && !is {
        state.koppelbestand.remove_pair(&bsn, &own);
    }
}
