//! The review on Dubbelen zoeken: the officer's verdict per proposed pair, the steps to undo, and
//! the queue of pairs still to judge.
//!
//! A pair is known by its two numbers ([`PairKey`]), so a verdict survives a new search and a
//! reload (the decisions are stored; the pairs come from the worker each time). A verdict
//! *Koppelen* puts the pair's row in the koppelbestand; taking it back takes the row out: each
//! change returns those [`KoppelChange`]s for the caller to apply (see `Work::apply`).

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

/// A pair's two numbers as text: (BSN, onderwijsnummer).
pub type PairKey = (String, String);

/// The officer's verdict on a proposed pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Verdict {
    /// The same pupil: link the numbers (the pair goes in the koppelbestand).
    Koppelen,
    /// Two different pupils.
    GeenDubbel,
    /// Decide later: back in the queue, after the pairs not judged yet.
    Later,
}

/// What must change in the koppelbestand after a decision or an undo.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum KoppelChange {
    /// Put the pair's row in (built from the pair's records, which the caller holds).
    Add(PairKey),
    /// Take the pair's rows out.
    Remove(PairKey),
}

/// The counts the screen shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReviewCounts {
    /// Found pairs judged *Koppelen*.
    pub koppelen: usize,
    /// Found pairs judged *Geen dubbel*.
    pub geen_dubbel: usize,
    /// Found pairs put off (*Later*).
    pub later: usize,
    /// Found pairs with a weight at or above the threshold.
    pub above_threshold: usize,
    /// The queue's length: pairs above the threshold not judged yet or put off.
    pub open: usize,
}

/// One undoable step: each pair it decided, with the verdict it had before.
type Step = Vec<(PairKey, Option<Verdict>)>;

/// The review state: decisions, undo steps, and the found pairs in queue order.
#[derive(Clone, Debug, Default)]
pub struct Review {
    decisions: HashMap<PairKey, Verdict>,
    history: Vec<Step>,
    /// The found pairs by rank (highest weight first; ties in the order given): index given, key,
    /// weight.
    ranked: Vec<(usize, PairKey, f64)>,
    /// Key → ranks (a key is normally one pair).
    ranks: HashMap<PairKey, Vec<usize>>,
    /// Index given → rank.
    rank_of: Vec<usize>,
    /// Ranks not judged yet, and ranks put off.
    undecided: Ranks,
    later: Ranks,
    koppelen: usize,
    geen_dubbel: usize,
}

impl Review {
    /// No decisions, no pairs.
    pub fn new() -> Review {
        Review::default()
    }

    /// Decisions as stored (the pairs come later with [`Review::set_pairs`]).
    pub fn from_decisions(decisions: impl IntoIterator<Item = (PairKey, Verdict)>) -> Review {
        Review {
            decisions: decisions.into_iter().collect(),
            ..Review::default()
        }
    }

    /// The pairs a search found: their keys and weights, in the matcher's order (highest weight
    /// first). The queue and pair indices refer to this list. Decisions and undo steps are kept.
    pub fn set_pairs(&mut self, pairs: impl IntoIterator<Item = (PairKey, f64)>) {
        let mut ranked: Vec<(usize, PairKey, f64)> = pairs
            .into_iter()
            .enumerate()
            .map(|(i, (k, w))| (i, k, w))
            .collect();
        // Stable: a list already in the matcher's order keeps it exactly.
        ranked.sort_by(|a, b| b.2.total_cmp(&a.2));
        self.ranks.clear();
        self.rank_of = vec![0; ranked.len()];
        for (rank, (index, key, _)) in ranked.iter().enumerate() {
            self.ranks.entry(key.clone()).or_default().push(rank);
            if let Some(r) = self.rank_of.get_mut(*index) {
                *r = rank;
            }
        }
        self.ranked = ranked;
        self.recount();
    }

    /// The verdict on a pair, if any.
    pub fn verdict(&self, key: &PairKey) -> Option<Verdict> {
        self.decisions.get(key).copied()
    }

    /// Every decision, sorted (as stored): also those on pairs not found in this search.
    pub fn decisions(&self) -> Vec<(PairKey, Verdict)> {
        let mut list: Vec<(PairKey, Verdict)> = self
            .decisions
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        list.sort();
        list
    }

    /// How many decisions there are (pairs found in this search or not).
    pub fn decided(&self) -> usize {
        self.decisions.len()
    }

    /// Number of pairs found.
    pub fn pair_count(&self) -> usize {
        self.ranked.len()
    }

    /// The index (in the list given to [`Review::set_pairs`]) of the pair with this key.
    pub fn pair_index(&self, key: &PairKey) -> Option<usize> {
        let rank = *self.ranks.get(key)?.first()?;
        self.ranked.get(rank).map(|(i, _, _)| *i)
    }

    /// How many pairs have a weight at or above `threshold`.
    pub fn above_threshold(&self, threshold: f64) -> usize {
        self.ranked.partition_point(|(_, _, w)| *w >= threshold)
    }

    /// The queue at `threshold`, as pair indices: pairs above it not judged yet, highest weight
    /// first, then those put off (*Later*), also highest weight first. Lazy, no allocation.
    pub fn queue(&self, threshold: f64) -> impl Iterator<Item = usize> + '_ {
        let above = self.above_threshold(threshold);
        self.undecided
            .set
            .range(..above)
            .chain(self.later.set.range(..above))
            .filter_map(|rank| self.ranked.get(*rank).map(|(i, _, _)| *i))
    }

    /// The first pair of the queue: the one to judge now.
    pub fn next(&self, threshold: f64) -> Option<usize> {
        self.queue(threshold).next()
    }

    /// The key of the pair at an index given to [`Review::set_pairs`].
    pub fn key(&self, index: usize) -> Option<&PairKey> {
        let rank = *self.rank_of.get(index)?;
        self.ranked.get(rank).map(|(_, k, _)| k)
    }

    /// The counts at `threshold`, in O(log n).
    pub fn counts(&self, threshold: f64) -> ReviewCounts {
        let above = self.above_threshold(threshold);
        ReviewCounts {
            koppelen: self.koppelen,
            geen_dubbel: self.geen_dubbel,
            later: self.later.set.len(),
            above_threshold: above,
            open: self.undecided.before(above) + self.later.before(above),
        }
    }

    /// Judge these pairs, as one step (undone together). Returns what must change in the
    /// koppelbestand, in the order given. A key given twice counts once.
    pub fn decide(&mut self, keys: &[PairKey], verdict: Verdict) -> Vec<KoppelChange> {
        let mut step: Step = Vec::new();
        let mut changes = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for key in keys {
            if !seen.insert(key) {
                continue;
            }
            let before = self.set_verdict(key, Some(verdict));
            changes.extend(koppel_change(key, before, Some(verdict)));
            step.push((key.clone(), before));
        }
        self.history.push(step);
        changes
    }

    /// Judge every pair of the queue at `threshold` *Koppelen*, as one step, in the order of the
    /// found pairs (highest weight first).
    pub fn accept_all_above(&mut self, threshold: f64) -> Vec<KoppelChange> {
        let above = self.above_threshold(threshold);
        let mut ranks: Vec<usize> = self
            .undecided
            .set
            .range(..above)
            .chain(self.later.set.range(..above))
            .copied()
            .collect();
        ranks.sort_unstable();
        let keys: Vec<PairKey> = ranks
            .into_iter()
            .filter_map(|r| self.ranked.get(r).map(|(_, k, _)| k.clone()))
            .collect();
        self.decide(&keys, Verdict::Koppelen)
    }

    /// Undo the last step; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<Vec<KoppelChange>> {
        let step = self.history.pop()?;
        let mut changes = Vec::new();
        for (key, before) in step {
            let now = self.set_verdict(&key, before);
            changes.extend(koppel_change(&key, now, before));
        }
        Some(changes)
    }

    /// True when there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.history.is_empty()
    }

    /// Drop the pairs, the decisions and the undo steps (Alles wissen, automatic clear).
    pub fn clear(&mut self) {
        *self = Review::default();
    }

    /// Set or remove a verdict; returns the one before. Keeps the queue and counts in step.
    fn set_verdict(&mut self, key: &PairKey, verdict: Option<Verdict>) -> Option<Verdict> {
        let before = match verdict {
            Some(v) => self.decisions.insert(key.clone(), v),
            None => self.decisions.remove(key),
        };
        if before != verdict {
            let ranks = self.ranks.get(key).cloned().unwrap_or_default();
            for rank in ranks {
                self.place(rank, before, false);
                self.place(rank, verdict, true);
            }
        }
        before
    }

    /// Count (or uncount) the pair at `rank` under a verdict.
    fn place(&mut self, rank: usize, verdict: Option<Verdict>, add: bool) {
        let step = |n: &mut usize| {
            if add {
                *n += 1
            } else {
                *n = n.saturating_sub(1)
            }
        };
        match verdict {
            None => self.undecided.toggle(rank, add),
            Some(Verdict::Later) => self.later.toggle(rank, add),
            Some(Verdict::Koppelen) => step(&mut self.koppelen),
            Some(Verdict::GeenDubbel) => step(&mut self.geen_dubbel),
        }
    }

    /// Queue sets and counts from the decisions and the pairs.
    fn recount(&mut self) {
        let n = self.ranked.len();
        self.undecided = Ranks::new(n);
        self.later = Ranks::new(n);
        self.koppelen = 0;
        self.geen_dubbel = 0;
        for rank in 0..n {
            let verdict = self
                .ranked
                .get(rank)
                .and_then(|(_, k, _)| self.decisions.get(k).copied());
            self.place(rank, verdict, true);
        }
    }
}

fn koppel_change(
    key: &PairKey,
    before: Option<Verdict>,
    after: Option<Verdict>,
) -> Option<KoppelChange> {
    let was = before == Some(Verdict::Koppelen);
    let is = after == Some(Verdict::Koppelen);
    match (was, is) {
        (false, true) => Some(KoppelChange::Add(key.clone())),
        (true, false) => Some(KoppelChange::Remove(key.clone())),
        _ => None,
    }
}

/// A set of ranks with counts below a rank in O(log n) (a Fenwick tree next to the ordered set).
#[derive(Clone, Debug, Default)]
struct Ranks {
    set: BTreeSet<usize>,
    tree: Vec<usize>,
}

impl Ranks {
    fn new(n: usize) -> Ranks {
        Ranks {
            set: BTreeSet::new(),
            tree: vec![0; n + 1],
        }
    }

    fn toggle(&mut self, rank: usize, on: bool) {
        let changed = if on {
            self.set.insert(rank)
        } else {
            self.set.remove(&rank)
        };
        if !changed {
            return;
        }
        let mut i = rank + 1;
        while i < self.tree.len() {
            if on {
                self.tree[i] += 1;
            } else {
                self.tree[i] = self.tree[i].saturating_sub(1);
            }
            i += i & i.wrapping_neg();
        }
    }

    /// How many ranks below `end`.
    fn before(&self, end: usize) -> usize {
        let mut i = end.min(self.tree.len().saturating_sub(1));
        let mut sum = 0;
        while i > 0 {
            sum += self.tree[i];
            i -= i & i.wrapping_neg();
        }
        sum
    }
}

/// Stored as today (`koppelhulp.besluiten`): a sorted list of `[bsn, onderwijsnummer, verdict]`.
impl Serialize for Review {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let list: Vec<(String, String, Verdict)> = self
            .decisions()
            .into_iter()
            .map(|((b, o), v)| (b, o, v))
            .collect();
        list.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Review {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let list: Vec<(String, String, Verdict)> = Vec::deserialize(deserializer)?;
        Ok(Review::from_decisions(
            list.into_iter().map(|(b, o, v)| ((b, o), v)),
        ))
    }
}
