//! Dubbelen zoeken's state on the page: the list of pairs found (numbers and weights; the records
//! stay in the worker), the details of the pairs the queue shows (fetched as the officer moves
//! on), the threshold, the search's progress and messages. The decisions themselves are
//! `AppState::review` (`work::review`); a decision and its undo change the koppelbestand in one
//! batch through [`decide`] and [`undo`], and then the worker learns from all decisions and
//! scores the pairs again ([`relearn`]): the queue re-orders.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use super::AppState;
use crate::worker_client::{self, Progress};
use koppelhulp_core::koppelregel::Koppelregel;
use koppelhulp_core::matcher::{DEFAULT_THRESHOLD, REVIEW_FLOOR};
use koppelhulp_protocol::{Decision, FoundPair, Learn, PairDetails, PairSummary, PairsReply};
use koppelhulp_work::review::{KoppelChange, PairKey, Verdict, pair_key, row_remark};

/// The key of a found pair: its BSN and onderwijsnummer (the worker sends valid numbers only).
pub fn key_of(p: &PairSummary) -> Option<PairKey> {
    pair_key(&p.bsn, &p.onderwijsnummer)
}

/// The pairs Dubbelen zoeken found so far.
#[derive(Clone, Debug)]
pub enum Found {
    /// The surest pairs ([`koppelhulp_protocol::FirstPairs`]), shown while the search runs.
    First(Vec<PairSummary>),
    /// The search's whole list, with what it compared.
    All(PairsReply),
}

impl Found {
    /// The pairs, strongest first.
    pub fn pairs(&self) -> &[PairSummary] {
        match self {
            Found::First(pairs) => pairs,
            Found::All(reply) => &reply.pairs,
        }
    }

    /// True while only the surest pairs are there (the search still runs).
    pub fn is_first(&self) -> bool {
        matches!(self, Found::First(_))
    }
}

/// The state of this screen (in `AppState`: it survives switching screens).
#[derive(Clone, Copy)]
pub struct Dubbelen {
    /// Shared, not copied: a large register gives tens of thousands of pairs.
    pub found: RwSignal<Option<Arc<Found>>>,
    /// The pairs the queue showed or is about to show, with the current weights (emptied when the
    /// weights change).
    pub details: RwSignal<HashMap<PairKey, FoundPair>>,
    /// The koppelbestand row of every pair whose details came (kept across re-scoring): what a
    /// decision *Koppelen* puts in.
    pub rows: StoredValue<HashMap<PairKey, Koppelregel>>,
    /// The *Opmerking Gemeente/Regio* the officer typed, edited or emptied on a pair's card (not
    /// the suggestion): it goes with the row when the pair is put in the koppelbestand
    /// (`work::review::row_remark`).
    pub remarks: StoredValue<HashMap<PairKey, String>>,
    pub threshold: RwSignal<f64>,
    /// The lowest weight the search lists ([`REVIEW_FLOOR`] unless the officer lowered it).
    pub floor: RwSignal<f64>,
    /// Requests to the worker on their way (learning, details): the queue is `aria-busy` meanwhile.
    pub busy: RwSignal<usize>,
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
            details: RwSignal::new(HashMap::new()),
            rows: StoredValue::new(HashMap::new()),
            remarks: StoredValue::new(HashMap::new()),
            threshold: RwSignal::new(DEFAULT_THRESHOLD),
            floor: RwSignal::new(REVIEW_FLOOR),
            busy: RwSignal::new(0),
            running: RwSignal::new(None),
            error: RwSignal::new(None),
            announce: RwSignal::new(String::new()),
            left_out: RwSignal::new(Vec::new()),
        }
    }

    /// Drop the pairs (Alles wissen, automatic clear).
    pub fn clear(&self) {
        self.found.set(None);
        self.details.set(HashMap::new());
        self.rows.set_value(HashMap::new());
        self.remarks.set_value(HashMap::new());
        self.floor.set(REVIEW_FLOOR);
    }
}

impl Default for Dubbelen {
    fn default() -> Self {
        Dubbelen::new()
    }
}

/// The decisions the worker learns from: *Koppelen* and *Geen dubbel* (not *Later*).
pub fn decisions(state: &AppState) -> Vec<Decision> {
    state.review.with_untracked(|r| {
        r.decisions()
            .into_iter()
            .filter_map(|((bsn, onderwijsnummer), v)| {
                let same = match v {
                    Verdict::Koppelen => true,
                    Verdict::GeenDubbel => false,
                    Verdict::Later => return None,
                };
                Some(Decision {
                    bsn: bsn.to_string(),
                    onderwijsnummer: onderwijsnummer.to_string(),
                    same,
                })
            })
            .collect()
    })
}

/// Give the review the pairs just found or scored again (its queue follows their weights).
pub fn set_found(state: &AppState, found: PairsReply) {
    state.review.update(|r| {
        r.set_pairs(
            found
                .pairs
                .iter()
                .filter_map(|p| Some((key_of(p)?, p.weight))),
        );
    });
    state.dubbelen.details.set(HashMap::new());
    state.dubbelen.found.set(Some(Arc::new(Found::All(found))));
}

/// Show the surest pairs ([`koppelhulp_protocol::FirstPairs`]) while the search runs: a short
/// list with their details ([`Found::First`]), which the search's list replaces.
pub fn set_first(state: &AppState, first: Vec<FoundPair>) {
    let pairs: Vec<PairSummary> = first
        .iter()
        .filter_map(|p| {
            Some(PairSummary {
                bsn: p.bsn.bsn?.to_string(),
                onderwijsnummer: p.onderwijs.onderwijsnummer?.to_string(),
                weight: p.weight,
            })
        })
        .collect();
    state.review.update(|r| {
        r.set_pairs(pairs.iter().filter_map(|p| Some((key_of(p)?, p.weight))));
    });
    state.dubbelen.details.set(HashMap::new());
    add_details(state, first);
    state
        .dubbelen
        .found
        .set(Some(Arc::new(Found::First(pairs))));
}

/// Keep what the worker sent about these pairs: for the screen, and their koppelbestand rows.
pub fn add_details(state: &AppState, pairs: Vec<FoundPair>) {
    let d = state.dubbelen;
    d.rows.update_value(|rows| {
        for p in &pairs {
            if let (Some(b), Some(o)) = (p.bsn.bsn, p.onderwijs.onderwijsnummer) {
                rows.insert((b, o), p.row.clone());
            }
        }
    });
    d.details.update(|map| {
        for p in pairs {
            if let (Some(b), Some(o)) = (p.bsn.bsn, p.onderwijs.onderwijsnummer) {
                map.insert((b, o), p);
            }
        }
    });
}

/// The worker's request for these pairs' details (it knows pairs by their numbers as text).
fn details_request(keys: &[PairKey]) -> PairDetails {
    PairDetails {
        keys: keys
            .iter()
            .map(|(b, o)| (b.to_string(), o.to_string()))
            .collect(),
    }
}

/// Fetch the details of these pairs from the worker (those not here yet).
pub fn fetch_details(state: AppState, keys: Vec<PairKey>) {
    let missing: Vec<PairKey> = state
        .dubbelen
        .details
        .with_untracked(|m| keys.into_iter().filter(|k| !m.contains_key(k)).collect());
    if missing.is_empty() {
        return;
    }
    let busy = state.dubbelen.busy;
    busy.update(|n| *n += 1);
    leptos::task::spawn_local(async move {
        match worker_client::call(details_request(&missing), None, |_| ()).await {
            Ok(pairs) => add_details(&state, pairs),
            Err(e) => state.dubbelen.error.set(Some(e)),
        }
        busy.update(|n| *n = n.saturating_sub(1));
    });
}

/// Let the worker learn from all decisions made so far and score the pairs again (after each
/// decision and each undo; the last reply wins, as the worker answers in order).
pub fn relearn(state: AppState) {
    let request = Learn {
        decisions: decisions(&state),
    };
    let busy = state.dubbelen.busy;
    busy.update(|n| *n += 1);
    leptos::task::spawn_local(async move {
        match worker_client::call(request, None, |_| ()).await {
            Ok(found) => set_found(&state, found),
            Err(e) => state.dubbelen.error.set(Some(e)),
        }
        busy.update(|n| *n = n.saturating_sub(1));
    });
}

/// Record a verdict for the pair on screen as one step, change the koppelbestand once, and learn
/// from it. Its row gets the remark the card showed ([`row_remark`]).
pub fn decide(state: &AppState, key: PairKey, verdict: Verdict) {
    let changes = state
        .review
        .try_update(|r| r.decide(&[key], verdict))
        .unwrap_or_default();
    let suggestion = state
        .dubbelen
        .details
        .with_untracked(|d| d.get(&key).and_then(|p| p.suggestion.clone()));
    apply(state, &changes, |k| {
        (*k == key).then_some(suggestion.as_deref()).flatten()
    });
    if verdict != Verdict::Later {
        relearn(*state);
    }
}

/// Every undecided pair above the threshold: *in koppelbestand*, as one step. The rows of pairs
/// not shown yet are fetched from the worker first. Returns how many were put in.
pub async fn accept_all_above(state: AppState, threshold: f64) -> Result<usize, String> {
    let keys: Vec<PairKey> = state.review.with_untracked(|r| {
        r.queue(threshold)
            .filter_map(|i| r.key(i).cloned())
            .collect()
    });
    let missing: Vec<PairKey> = state
        .dubbelen
        .rows
        .with_value(|rows| keys.into_iter().filter(|k| !rows.contains_key(k)).collect());
    if !missing.is_empty() {
        let busy = state.dubbelen.busy;
        busy.update(|n| *n += 1);
        let pairs = worker_client::call(details_request(&missing), None, |_| ()).await;
        busy.update(|n| *n = n.saturating_sub(1));
        add_details(&state, pairs?);
    }
    let changes = state
        .review
        .try_update(|r| r.accept_all_above(threshold))
        .unwrap_or_default();
    // Pairs put in unseen: no suggested remark.
    apply(&state, &changes, |_| None);
    relearn(state);
    Ok(changes
        .iter()
        .filter(|c| matches!(c, KoppelChange::Add(_)))
        .count())
}

/// Change the verdict on a decided pair (the list of decided pairs), as one step like J/N/L. A
/// pair put in the koppelbestand needs its row: fetched from the worker when it is not here. No
/// suggested remark: the officer did not have the pair open.
pub async fn change_decision(
    state: AppState,
    key: PairKey,
    verdict: Verdict,
) -> Result<(), String> {
    if verdict == Verdict::Koppelen && !state.dubbelen.rows.with_value(|r| r.contains_key(&key)) {
        let busy = state.dubbelen.busy;
        busy.update(|n| *n += 1);
        let pairs = worker_client::call(details_request(&[key]), None, |_| ()).await;
        busy.update(|n| *n = n.saturating_sub(1));
        add_details(&state, pairs?);
    }
    let changes = state
        .review
        .try_update(|r| r.decide(&[key], verdict))
        .unwrap_or_default();
    apply(&state, &changes, |_| None);
    relearn(state);
    Ok(())
}

/// Undo the last step; false when there is none. The weights go back to those before it.
pub fn undo(state: &AppState) -> bool {
    let Some(changes) = state.review.try_update(|r| r.undo()).flatten() else {
        return false;
    };
    apply(state, &changes, |_| None);
    relearn(*state);
    true
}

/// Keep the koppelbestand in step with the review: the rows of accepted pairs in, of pairs taken
/// back out — one update of the table for the whole step. A row's remark is [`row_remark`] of the
/// officer's text and the pair's `suggestion`.
fn apply<'a>(
    state: &AppState,
    changes: &[KoppelChange],
    suggestion: impl Fn(&PairKey) -> Option<&'a str>,
) {
    if changes.is_empty() {
        return;
    }
    state.dubbelen.remarks.with_value(|remarks| {
        state.dubbelen.rows.with_value(|rows| {
            state.koppelbestand.update(|table| {
                koppelhulp_work::apply(table, changes, |key| {
                    let mut row = rows.get(key).cloned()?;
                    row.opmerking =
                        row_remark(remarks.get(key).map(String::as_str), suggestion(key));
                    Some(row)
                });
            });
        });
    });
}
