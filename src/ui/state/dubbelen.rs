//! Dubbelen zoeken's state on the page: the pairs found (memory), the threshold, the search's
//! progress and messages. The decisions themselves are `AppState::review` (`work::review`); a
//! decision and its undo change the koppelbestand in one batch through [`decide`] and [`undo`].

use std::sync::Arc;

use leptos::prelude::*;

use super::AppState;
use crate::core::matcher::DEFAULT_THRESHOLD;
use crate::ui::worker_client::Progress;
use crate::work::review::{KoppelChange, PairKey, Verdict};
use crate::worker::protocol::{FoundPair, PairsReply};

/// The key of a found pair: its BSN and onderwijsnummer.
pub fn key_of(p: &FoundPair) -> PairKey {
    (
        p.bsn.bsn.map(|b| b.to_string()).unwrap_or_default(),
        p.onderwijs
            .onderwijsnummer
            .map(|o| o.to_string())
            .unwrap_or_default(),
    )
}

/// The state of this screen (in `AppState`: it survives switching screens).
#[derive(Clone, Copy)]
pub struct Dubbelen {
    /// Shared, not copied: a large register gives tens of thousands of pairs.
    pub found: RwSignal<Option<Arc<PairsReply>>>,
    pub threshold: RwSignal<f64>,
    pub running: RwSignal<Option<Progress>>,
    pub error: RwSignal<Option<String>>,
    pub announce: RwSignal<String>,
    /// Opened files the officer left out of the comparison.
    pub left_out: RwSignal<Vec<u32>>,
}

impl Dubbelen {
    pub fn new() -> Dubbelen {
        Dubbelen {
            found: RwSignal::new(None),
            threshold: RwSignal::new(DEFAULT_THRESHOLD),
            running: RwSignal::new(None),
            error: RwSignal::new(None),
            announce: RwSignal::new(String::new()),
            left_out: RwSignal::new(Vec::new()),
        }
    }

    /// Drop the pairs (Alles wissen, automatic clear).
    pub fn clear(&self) {
        self.found.set(None);
    }
}

impl Default for Dubbelen {
    fn default() -> Self {
        Dubbelen::new()
    }
}

/// Give the review the pairs just found (its queue follows their weights).
pub fn set_found(state: &AppState, found: PairsReply) {
    state.review.update(|r| {
        r.set_pairs(found.pairs.iter().map(|p| (key_of(p), p.weight)));
    });
    state.dubbelen.found.set(Some(Arc::new(found)));
}

/// Record a verdict for these pairs as one step (undone together) and change the koppelbestand once.
pub fn decide(state: &AppState, keys: &[PairKey], verdict: Verdict) {
    let changes = state
        .review
        .try_update(|r| r.decide(keys, verdict))
        .unwrap_or_default();
    apply(state, &changes);
}

/// Every undecided pair above the threshold: *in koppelbestand*, as one step.
pub fn accept_all_above(state: &AppState, threshold: f64) -> usize {
    let changes = state
        .review
        .try_update(|r| r.accept_all_above(threshold))
        .unwrap_or_default();
    apply(state, &changes);
    changes
        .iter()
        .filter(|c| matches!(c, KoppelChange::Add(_)))
        .count()
}

/// Undo the last step; false when there is none.
pub fn undo(state: &AppState) -> bool {
    let Some(changes) = state.review.try_update(|r| r.undo()).flatten() else {
        return false;
    };
    apply(state, &changes);
    true
}

/// Keep the koppelbestand in step with the review: the rows of accepted pairs in, of pairs taken
/// back out — one update of the table for the whole step.
fn apply(state: &AppState, changes: &[KoppelChange]) {
    if changes.is_empty() {
        return;
    }
    let found = state.dubbelen.found.get_untracked();
    let pairs: &[FoundPair] = found.as_ref().map(|f| f.pairs.as_slice()).unwrap_or(&[]);
    let index = state.review.with_untracked(|r| {
        changes
            .iter()
            .filter_map(|c| match c {
                KoppelChange::Add(key) => Some((key.clone(), r.pair_index(key))),
                KoppelChange::Remove(_) => None,
            })
            .collect::<std::collections::HashMap<PairKey, Option<usize>>>()
    });
    state.koppelbestand.update(|table| {
        crate::work::apply(table, changes, |key| {
            let p = pairs.get(index.get(key).copied().flatten()?)?;
            let own = p.onderwijs.onderwijsnummer?;
            Some(p.bsn.koppelregel(own))
        });
    });
}
