//! The review on Dubbelen zoeken: the officer's verdict per proposed pair, the steps to undo, and
//! the queue of pairs still to judge.
//!
//! A pair is known by its two numbers ([`PairKey`]), so a verdict survives a new search and a
//! reload (the decisions are stored; the pairs come from the worker each time). A verdict
//! *Koppelen* puts the pair's row in the koppelbestand; taking it back takes the row out: each
//! change returns those [`KoppelChange`]s for the caller to apply (see `Work::apply`).

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use time::Date;

use koppelhulp_core::date::format_iso;
use koppelhulp_core::ids::{Bsn, Onderwijsnummer};

/// A pair's two numbers: (BSN, onderwijsnummer). Serialised as two 9-digit strings, as before the
/// numbers were typed (`koppelhulp_core::ids`).
pub type PairKey = (Bsn, Onderwijsnummer);

/// The key of a pair whose numbers are written as text; `None` when either is not a valid number.
pub fn pair_key(bsn: &str, onderwijsnummer: &str) -> Option<PairKey> {
    Some((
        Bsn::from_digits(bsn.trim())?,
        Onderwijsnummer::from_digits(onderwijsnummer.trim())?,
    ))
}

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

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Koppelen, Verdict::GeenDubbel, Verdict::Later];

    /// How the work file writes it: `J` (koppelen), `N` (geen dubbel), `later`.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Koppelen => "J",
            Verdict::GeenDubbel => "N",
            Verdict::Later => "later",
        }
    }

    /// A verdict as the work file writes it (case and spaces do not count).
    pub fn from_code(code: &str) -> Option<Verdict> {
        let code = code.trim().to_lowercase();
        Verdict::ALL
            .into_iter()
            .find(|v| v.code().to_lowercase() == code)
    }
}

/// The order of the queue, chosen by the officer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Order {
    /// Hoogste gewicht eerst: the surest proposals first.
    #[default]
    HighestFirst,
    /// Twijfelgevallen eerst: the pairs nearest the threshold first — where a decision teaches
    /// the model most.
    DoubtFirst,
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
    /// Pairs above the threshold not judged yet (what [`Review::accept_all_above`] puts in).
    pub unjudged: usize,
}

/// One undoable step: each pair it decided, with the verdict (and its date) it had before.
type Step = Vec<(PairKey, Option<Verdict>, Option<Date>)>;

/// The review state: decisions, undo steps, and the found pairs in queue order.
#[derive(Clone, Debug, Default)]
pub struct Review {
    decisions: HashMap<PairKey, Verdict>,
    /// The day each decision was taken (decisions stored before dates were kept have none).
    dates: HashMap<PairKey, Date>,
    /// The date a decision taken now gets ([`Review::set_today`]).
    today: Option<Date>,
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
    order: Order,
}

impl Review {
    /// No decisions, no pairs.
    pub fn new() -> Review {
        Review::default()
    }

    /// Decisions as stored (the pairs come later with [`Review::set_pairs`]).
    pub fn from_decisions(decisions: impl IntoIterator<Item = (PairKey, Verdict)>) -> Review {
        Review::from_dated(decisions.into_iter().map(|(k, v)| (k, v, None)))
    }

    /// Decisions with the day each was taken, as stored.
    pub fn from_dated(
        decisions: impl IntoIterator<Item = (PairKey, Verdict, Option<Date>)>,
    ) -> Review {
        let mut review = Review::default();
        for (key, verdict, date) in decisions {
            if let Some(date) = date {
                review.dates.insert(key, date);
            } else {
                review.dates.remove(&key);
            }
            review.decisions.insert(key, verdict);
        }
        review
    }

    /// The date decisions taken from now on get (the user's local date).
    pub fn set_today(&mut self, today: Date) {
        self.today = Some(today);
    }

    /// The day the decision on this pair was taken, when known.
    pub fn decided_on(&self, key: &PairKey) -> Option<Date> {
        self.dates.get(key).copied()
    }

    /// Every decision with its date, sorted.
    pub fn dated_decisions(&self) -> Vec<(PairKey, Verdict, Option<Date>)> {
        self.decisions()
            .into_iter()
            .map(|(k, v)| {
                let date = self.decided_on(&k);
                (k, v, date)
            })
            .collect()
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
            self.ranks.entry(*key).or_default().push(rank);
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
        let mut list: Vec<(PairKey, Verdict)> =
            self.decisions.iter().map(|(k, v)| (*k, *v)).collect();
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

    /// The queue's order.
    pub fn order(&self) -> Order {
        self.order
    }

    /// Choose the queue's order.
    pub fn set_order(&mut self, order: Order) {
        self.order = order;
    }

    /// The queue at `threshold`, as pair indices: pairs above it not judged yet, then those put
    /// off (*Later*); each part highest weight first, or with [`Order::DoubtFirst`] nearest the
    /// threshold (lowest weight above it) first. Lazy, no allocation.
    pub fn queue(&self, threshold: f64) -> Box<dyn Iterator<Item = usize> + '_> {
        let above = self.above_threshold(threshold);
        let index = |rank: &usize| self.ranked.get(*rank).map(|(i, _, _)| *i);
        match self.order {
            Order::HighestFirst => Box::new(
                self.undecided
                    .set
                    .range(..above)
                    .chain(self.later.set.range(..above))
                    .filter_map(index),
            ),
            Order::DoubtFirst => Box::new(
                self.undecided
                    .set
                    .range(..above)
                    .rev()
                    .chain(self.later.set.range(..above).rev())
                    .filter_map(index),
            ),
        }
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
            unjudged: self.undecided.before(above),
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
            let before_date = self.decided_on(key);
            let before = self.set_verdict(key, Some(verdict), self.today);
            changes.extend(koppel_change(key, before, Some(verdict)));
            step.push((*key, before, before_date));
        }
        self.history.push(step);
        changes
    }

    /// Judge every pair at or above `threshold` that is not judged yet *Koppelen*, as one step,
    /// in the order of the found pairs (highest weight first). Pairs the officer put off
    /// (*Later*) stay put off: their doubt is not overruled.
    pub fn accept_all_above(&mut self, threshold: f64) -> Vec<KoppelChange> {
        let above = self.above_threshold(threshold);
        let keys: Vec<PairKey> = self
            .undecided
            .set
            .range(..above)
            .filter_map(|r| self.ranked.get(*r).map(|(_, k, _)| *k))
            .collect();
        self.decide(&keys, Verdict::Koppelen)
    }

    /// The lowest weight among the pairs [`Review::accept_all_above`] would put in.
    pub fn lowest_unjudged_weight(&self, threshold: f64) -> Option<f64> {
        let above = self.above_threshold(threshold);
        let rank = self.undecided.set.range(..above).next_back()?;
        self.ranked.get(*rank).map(|(_, _, w)| *w)
    }

    /// Undo the last step; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<Vec<KoppelChange>> {
        let step = self.history.pop()?;
        let mut changes = Vec::new();
        for (key, before, date) in step {
            let now = self.set_verdict(&key, before, date);
            changes.extend(koppel_change(&key, now, before));
        }
        Some(changes)
    }

    /// True when there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.history.is_empty()
    }

    /// Drop the pairs, the decisions and the undo steps (Alles wissen, automatic clear). The
    /// date of today stays.
    pub fn clear(&mut self) {
        *self = Review {
            today: self.today,
            order: self.order,
            ..Review::default()
        };
    }

    /// Set or remove a verdict (with its date); returns the one before. Keeps the queue and
    /// counts in step.
    fn set_verdict(
        &mut self,
        key: &PairKey,
        verdict: Option<Verdict>,
        date: Option<Date>,
    ) -> Option<Verdict> {
        match (verdict, date) {
            (Some(_), Some(d)) => {
                self.dates.insert(*key, d);
            }
            _ => {
                self.dates.remove(key);
            }
        }
        let before = match verdict {
            Some(v) => self.decisions.insert(*key, v),
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
        (false, true) => Some(KoppelChange::Add(*key)),
        (true, false) => Some(KoppelChange::Remove(*key)),
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

/// One stored decision: `[bsn, onderwijsnummer, verdict]`, or with the day it was taken as a
/// fourth item, `"jjjj-mm-dd"`. Read by hand (a sequence of 3 or 4), not as a serde `untagged`
/// enum: that buffers every value and costs the page's wasm far more code.
enum StoredDecision {
    Dated(String, String, Verdict, String),
    Plain(String, String, Verdict),
}

/// Written as a sequence with its length (not a tuple): postcard, which the page and the worker
/// speak, writes a tuple without one, and the reader must know whether a date follows. JSON is the
/// same either way.
impl Serialize for StoredDecision {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let (b, o, v, d) = match self {
            StoredDecision::Dated(b, o, v, d) => (b, o, v, Some(d)),
            StoredDecision::Plain(b, o, v) => (b, o, v, None),
        };
        let mut seq = serializer.serialize_seq(Some(3 + usize::from(d.is_some())))?;
        seq.serialize_element(b)?;
        seq.serialize_element(o)?;
        seq.serialize_element(v)?;
        if let Some(d) = d {
            seq.serialize_element(d)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for StoredDecision {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = StoredDecision;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("[bsn, onderwijsnummer, verdict] with an optional date")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<StoredDecision, A::Error> {
                use serde::de::Error;
                let missing = || A::Error::invalid_length(2, &self);
                let b: String = seq.next_element()?.ok_or_else(missing)?;
                let o: String = seq.next_element()?.ok_or_else(missing)?;
                let v: Verdict = seq.next_element()?.ok_or_else(missing)?;
                Ok(match seq.next_element::<String>()? {
                    Some(d) => StoredDecision::Dated(b, o, v, d),
                    None => StoredDecision::Plain(b, o, v),
                })
            }
        }
        deserializer.deserialize_seq(Visitor)
    }
}

/// Stored (in a work file's JSON) as a sorted list of [`StoredDecision`]s; lists stored before
/// dates were kept read as they are. A decision whose numbers are not valid is skipped: no pair
/// with such numbers can be proposed.
impl Serialize for Review {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let list: Vec<StoredDecision> = self
            .dated_decisions()
            .into_iter()
            .map(|((b, o), v, d)| {
                let (b, o) = (b.to_string(), o.to_string());
                match d {
                    Some(d) => StoredDecision::Dated(b, o, v, format_iso(d)),
                    None => StoredDecision::Plain(b, o, v),
                }
            })
            .collect();
        list.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Review {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let list: Vec<StoredDecision> = Vec::deserialize(deserializer)?;
        Ok(Review::from_dated(list.into_iter().filter_map(
            |d| match d {
                StoredDecision::Dated(b, o, v, d) => {
                    Some((pair_key(&b, &o)?, v, parse_iso_date(&d)))
                }
                StoredDecision::Plain(b, o, v) => Some((pair_key(&b, &o)?, v, None)),
            },
        )))
    }
}

/// The *Opmerking Gemeente/Regio* a pair's row gets when it goes into the koppelbestand: what the
/// officer left in the pair's remark field (typed, edited, or emptied), else the `suggestion`
/// (`core::pupil::suggested_remark`, made in the worker: only for a real difference — not a
/// voorvoegsel only one record has, not an unreadable letter — naming each record's file and
/// row). Only the pair the officer has open on screen has a suggestion; a pair put in unseen (*Alle paren boven de drempel…*) gets none, so nothing goes
/// to DUO as a question that the officer did not see.
pub fn row_remark(officer: Option<&str>, suggestion: Option<&str>) -> String {
    officer
        .or(suggestion)
        .map(|t| t.trim().to_string())
        .unwrap_or_default()
}

/// A date written by [`format_iso`] (`jjjj-mm-dd`); `None` for anything else.
pub fn parse_iso_date(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    koppelhulp_core::koppelregel::calendar_date(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        .ok()
}

/// From this many records on, a search shows the surest pairs first, to judge while the rest is
/// searched (below it the whole search takes under a second: BENCHMARKS.md).
pub const FIRST_PAIRS_FROM: usize = 20_000;

/// Whether a search over `records` records asks for the surest pairs first: only for a big search,
/// and only when no list is on screen yet (a list found earlier stays there instead).
pub fn surest_pairs_first(records: usize, list_on_screen: bool) -> bool {
    records >= FIRST_PAIRS_FROM && !list_on_screen
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Officer's text, suggestion → the row's remark.
    #[test]
    fn row_remark_cases() {
        let cases = [
            (None, None, ""),
            (
                None,
                Some("Geboortedatum verschilt."),
                "Geboortedatum verschilt.",
            ),
            (
                Some(" Zelf getypt. "),
                Some("Geboortedatum verschilt."),
                "Zelf getypt.",
            ),
            (Some(""), Some("Geboortedatum verschilt."), ""),
            (Some("Alleen van mij."), None, "Alleen van mij."),
        ];
        for (officer, suggestion, expected) in cases {
            assert_eq!(
                row_remark(officer, suggestion),
                expected,
                "{officer:?} {suggestion:?}"
            );
        }
    }

    #[test]
    fn surest_pairs_first_only_for_a_big_search_without_a_list() {
        let cases = [
            (0, false, false),
            (FIRST_PAIRS_FROM - 1, false, false),
            (FIRST_PAIRS_FROM, false, true),
            (500_000, false, true),
            (500_000, true, false),
        ];
        for (records, list, expected) in cases {
            assert_eq!(
                surest_pairs_first(records, list),
                expected,
                "{records} {list}"
            );
        }
    }
    use koppelhulp_core::ids::{bsn_from_seed, onderwijsnummer_from_seed};

    fn key(seed: u32) -> PairKey {
        (bsn_from_seed(seed), onderwijsnummer_from_seed(seed))
    }

    #[test]
    fn doubt_first_asks_the_pairs_nearest_the_threshold_first() {
        let pairs: Vec<(PairKey, f64)> = [20.0, 9.0, 4.0, 1.5, 1.0, -2.0]
            .iter()
            .enumerate()
            .map(|(i, w)| (key(i as u32), *w))
            .collect();
        let mut r = Review::new();
        r.set_pairs(pairs.clone());
        r.decide(&[key(3)], Verdict::Later);
        assert_eq!(r.queue(1.0).collect::<Vec<_>>(), vec![0, 1, 2, 4, 3]);
        r.set_order(Order::DoubtFirst);
        assert_eq!(r.queue(1.0).collect::<Vec<_>>(), vec![4, 2, 1, 0, 3]);
        assert_eq!(r.next(1.0), Some(4));
        assert_eq!(r.counts(1.0).open, 5);
        // New weights after learning: the same decisions, the queue re-ordered, the order kept.
        let mut relearned = pairs.clone();
        relearned[4].1 = 12.0;
        r.set_pairs(relearned);
        assert_eq!(r.verdict(&key(3)), Some(Verdict::Later));
        assert_eq!(r.queue(1.0).collect::<Vec<_>>(), vec![2, 1, 4, 0, 3]);
        r.clear();
        assert_eq!(r.order(), Order::DoubtFirst);
    }

    /// The screen as it was before `Review` (the app's dubbelen.rs), written out plainly: the reference.
    fn reference_queue(
        pairs: &[(PairKey, f64)],
        decisions: &HashMap<PairKey, Verdict>,
        t: f64,
    ) -> Vec<usize> {
        let above = pairs.iter().take_while(|(_, w)| *w >= t).count();
        let mut open = Vec::new();
        let mut later = Vec::new();
        for (i, (k, _)) in pairs.iter().enumerate().take(above) {
            match decisions.get(k) {
                None => open.push(i),
                Some(Verdict::Later) => later.push(i),
                Some(_) => {}
            }
        }
        open.extend(later);
        open
    }

    fn reference_counts(
        pairs: &[(PairKey, f64)],
        decisions: &HashMap<PairKey, Verdict>,
        t: f64,
    ) -> ReviewCounts {
        let mut c = ReviewCounts {
            above_threshold: pairs.iter().filter(|(_, w)| *w >= t).count(),
            open: reference_queue(pairs, decisions, t).len(),
            unjudged: pairs
                .iter()
                .filter(|(k, w)| *w >= t && !decisions.contains_key(k))
                .count(),
            ..ReviewCounts::default()
        };
        for (k, _) in pairs {
            match decisions.get(k) {
                Some(Verdict::Koppelen) => c.koppelen += 1,
                Some(Verdict::GeenDubbel) => c.geen_dubbel += 1,
                Some(Verdict::Later) => c.later += 1,
                None => {}
            }
        }
        c
    }

    fn pairs(weights: &[f64]) -> Vec<(PairKey, f64)> {
        weights
            .iter()
            .enumerate()
            .map(|(i, w)| (key(i as u32), *w))
            .collect()
    }

    /// Steps → the queue, the counts and the koppelbestand changes after each.
    #[test]
    fn decisions_keep_their_dates_through_storage_and_undo() {
        let day =
            |d: u8| koppelhulp_core::koppelregel::calendar_date(2026, 3, d).unwrap_or(Date::MIN);
        let mut r = Review::new();
        r.set_today(day(1));
        r.decide(&[key(1)], Verdict::Koppelen);
        r.set_today(day(2));
        r.decide(&[key(1)], Verdict::GeenDubbel);
        assert_eq!(r.decided_on(&key(1)), Some(day(2)));
        let _ = r.undo();
        assert_eq!(
            r.decided_on(&key(1)),
            Some(day(1)),
            "undo brings back the earlier date"
        );
        let json = serde_json::to_string(&r).unwrap_or_default();
        assert_eq!(
            json,
            format!(
                r#"[["{}","{}","Koppelen","2026-03-01"]]"#,
                key(1).0,
                key(1).1
            )
        );
        let back: Review = serde_json::from_str(&json).unwrap();
        assert_eq!(back.dated_decisions(), r.dated_decisions());
        // Stored before dates were kept: three items; a damaged date is no date.
        let old = format!(
            r#"[["{}","{}","Later"],["a","b","GeenDubbel","gisteren"]]"#,
            key(2).0,
            key(2).1
        );
        let old: Review = serde_json::from_str(&old).unwrap();
        assert_eq!(old.verdict(&key(2)), Some(Verdict::Later));
        assert_eq!(old.decided_on(&key(2)), None);
        assert_eq!(
            old.decided(),
            1,
            "a decision on numbers that are not valid is skipped"
        );
        assert!(serde_json::from_str::<Review>(r#"[["a","b"]]"#).is_err());
    }

    #[test]
    fn decide_undo_and_queue() {
        let found = pairs(&[9.0, 7.0, 5.0, 3.0, 1.0, -2.0]);
        let mut r = Review::new();
        r.set_pairs(found.clone());
        assert_eq!(r.queue(1.0).collect::<Vec<_>>(), vec![0, 1, 2, 3, 4]);
        let add = |i: u32| KoppelChange::Add(key(i));
        let remove = |i: u32| KoppelChange::Remove(key(i));
        enum S {
            Decide(&'static [u32], Verdict),
            Undo,
            AcceptAll(f64),
        }
        let steps: Vec<(S, Option<Vec<KoppelChange>>, Vec<usize>)> = vec![
            (
                S::Decide(&[0], Verdict::Koppelen),
                Some(vec![add(0)]),
                vec![1, 2, 3, 4],
            ),
            (
                S::Decide(&[1], Verdict::Later),
                Some(vec![]),
                vec![2, 3, 4, 1],
            ),
            (
                S::Decide(&[2], Verdict::GeenDubbel),
                Some(vec![]),
                vec![3, 4, 1],
            ),
            (
                S::Decide(&[0], Verdict::GeenDubbel),
                Some(vec![remove(0)]),
                vec![3, 4, 1],
            ),
            (S::Undo, Some(vec![add(0)]), vec![3, 4, 1]),
            (S::AcceptAll(1.0), Some(vec![add(3), add(4)]), vec![1]),
            (S::Undo, Some(vec![remove(3), remove(4)]), vec![3, 4, 1]),
            (S::Undo, Some(vec![]), vec![2, 3, 4, 1]),
            (S::Undo, Some(vec![]), vec![1, 2, 3, 4]),
            (S::Undo, Some(vec![remove(0)]), vec![0, 1, 2, 3, 4]),
            (S::Undo, None, vec![0, 1, 2, 3, 4]),
        ];
        let mut decisions: HashMap<PairKey, Verdict> = HashMap::new();
        for (n, (step, changes, queue)) in steps.into_iter().enumerate() {
            let got = match step {
                S::Decide(seeds, v) => {
                    let keys: Vec<PairKey> = seeds.iter().map(|s| key(*s)).collect();
                    Some(r.decide(&keys, v))
                }
                S::Undo => r.undo(),
                S::AcceptAll(t) => Some(r.accept_all_above(t)),
            };
            assert_eq!(got, changes, "step {n}");
            assert_eq!(r.queue(1.0).collect::<Vec<_>>(), queue, "step {n}");
            decisions = r.decisions().into_iter().collect();
            assert_eq!(
                r.counts(1.0),
                reference_counts(&found, &decisions, 1.0),
                "step {n}"
            );
        }
        assert!(decisions.is_empty());
        assert_eq!(r.counts(-5.0).above_threshold, 6);
        assert_eq!(r.next(10.0), None);
    }

    /// Accept-all leaves a pair put off alone, and says the lowest weight it puts in.
    #[test]
    fn accept_all_leaves_later_alone() {
        let mut r = Review::new();
        r.set_pairs(pairs(&[9.0, 7.0, 5.0, 3.0, -2.0]));
        r.decide(&[key(1)], Verdict::Later);
        r.decide(&[key(2)], Verdict::GeenDubbel);
        assert_eq!(r.counts(1.0).unjudged, 2);
        assert_eq!(r.counts(1.0).open, 3);
        assert_eq!(r.lowest_unjudged_weight(1.0), Some(3.0));
        assert_eq!(r.lowest_unjudged_weight(10.0), None);
        let changes = r.accept_all_above(1.0);
        assert_eq!(
            changes,
            vec![KoppelChange::Add(key(0)), KoppelChange::Add(key(3))]
        );
        assert_eq!(r.verdict(&key(1)), Some(Verdict::Later));
        assert_eq!(r.verdict(&key(2)), Some(Verdict::GeenDubbel));
        assert_eq!(r.counts(1.0).unjudged, 0);
        assert_eq!(r.lowest_unjudged_weight(1.0), None);
    }

    #[test]
    fn decisions_survive_new_pairs_and_storage() {
        let mut r = Review::new();
        r.decide(&[key(1)], Verdict::GeenDubbel);
        r.decide(&[key(9)], Verdict::Koppelen);
        let json = serde_json::to_string(&r).unwrap_or_default();
        let mut back: Review = serde_json::from_str(&json).unwrap();
        assert_eq!(back.decisions(), r.decisions());
        back.set_pairs(pairs(&[4.0, 3.0, 2.0]));
        assert_eq!(back.queue(0.0).collect::<Vec<_>>(), vec![0, 2]);
        assert_eq!(back.counts(0.0).geen_dubbel, 1);
        assert_eq!(back.counts(0.0).koppelen, 0, "key 9 is not among the pairs");
        assert_eq!(back.decided(), 2);
        assert_eq!(back.pair_index(&key(2)), Some(2));
        assert_eq!(back.key(1), Some(&key(1)));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        #[derive(Clone, Debug)]
        enum Op {
            Decide(Vec<u32>, Verdict),
            Undo,
            AcceptAll(f64),
        }

        fn verdict() -> impl Strategy<Value = Verdict> {
            prop_oneof![
                Just(Verdict::Koppelen),
                Just(Verdict::GeenDubbel),
                Just(Verdict::Later)
            ]
        }

        fn op() -> impl Strategy<Value = Op> {
            prop_oneof![
                4 => (proptest::collection::vec(0u32..12, 1..3), verdict())
                    .prop_map(|(k, v)| Op::Decide(k, v)),
                2 => Just(Op::Undo),
                1 => (-3.0f64..6.0).prop_map(Op::AcceptAll),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            /// After any decisions and undos: the queue and counts at any threshold equal today's
            /// computation, and the koppelbestand changes keep "Koppelen" pairs in step.
            #[test]
            fn queue_and_counts_equal_todays(
                mut weights in proptest::collection::vec(-5.0f64..8.0, 0..10),
                ops in proptest::collection::vec(op(), 0..20),
                t in -6.0f64..9.0,
            ) {
                weights.sort_by(|a, b| b.total_cmp(a));
                let found = pairs(&weights);
                let mut r = Review::new();
                r.set_pairs(found.clone());
                let mut linked: std::collections::HashSet<PairKey> = Default::default();
                for op in ops {
                    let changes = match op {
                        Op::Decide(seeds, v) => {
                            let keys: Vec<PairKey> = seeds.iter().map(|s| key(*s)).collect();
                            r.decide(&keys, v)
                        }
                        Op::Undo => r.undo().unwrap_or_default(),
                        Op::AcceptAll(t) => r.accept_all_above(t),
                    };
                    for c in changes {
                        match c {
                            KoppelChange::Add(k) => prop_assert!(linked.insert(k)),
                            KoppelChange::Remove(k) => prop_assert!(linked.remove(&k)),
                        }
                    }
                    let decisions: HashMap<PairKey, Verdict> = r.decisions().into_iter().collect();
                    let koppelen: std::collections::HashSet<PairKey> = decisions
                        .iter()
                        .filter(|(_, v)| **v == Verdict::Koppelen)
                        .map(|(k, _)| *k)
                        .collect();
                    prop_assert_eq!(&linked, &koppelen);
                    prop_assert_eq!(r.queue(t).collect::<Vec<_>>(), reference_queue(&found, &decisions, t));
                    prop_assert_eq!(r.counts(t), reference_counts(&found, &decisions, t));
                }
            }
        }
    }
}
