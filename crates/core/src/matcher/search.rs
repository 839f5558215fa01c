//! The search: prepare, block, compare, estimate, keep the candidates for re-scoring; and the
//! scoring and one-to-one assignment of the kept pairs with the current weights.

use std::collections::HashMap;

use time::Date;

use super::block::{CandidateStore, block_keys, max_block, related_keys};
use super::compare::{Similarity, compare, date_level};
use super::estimate::{Model, TermFrequencies, estimate_m, estimate_u};
use super::learn::{KEEP_MARGIN, Label};
use super::levels::{
    ADDRESS, DATE, DEFAULT_M, DEFAULT_U, FIELDS, FIRST, MAX_LEVELS, MISSING, PATTERNS, Pattern,
    PerLevel, SURNAME, address, date, first, pattern_code, pattern_of, surname,
};
use super::normalize::sound_key;
use super::prepare::{IdMap, Interner, Prepared, Preparer};
use super::{
    Explanation, FALLBACK_NOTE, Field, MIN_LIKELY_PAIRS, MIN_RECORDS_PER_SIDE, MatchOutcome, Pair,
    Stage, field_weights,
};
use crate::pupil::PupilRecord;

/// A pair as [`Search::ranked`] scored it; [`Search::explain`] gives its explanation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranked {
    pub bsn_record: usize,
    pub onderwijs_record: usize,
    pub weight: f64,
    /// The comparison vector (pattern code).
    code: u32,
    /// As in [`Pair::decided`].
    pub decided: Option<bool>,
}

/// A search kept for re-scoring: the prepared records, the candidate pairs with their comparison
/// vectors (pattern codes), the estimated model and what the officer's decisions taught. Learning
/// and re-scoring never search again.
pub struct Search {
    pub(super) prepared: Vec<Option<Prepared>>,
    pub(super) texts: Interner,
    /// The candidate pairs within [`KEEP_MARGIN`] of the floor.
    pub(super) candidates: CandidateStore,
    pub(super) tf_adj: Vec<[f64; 2]>,
    pub(super) model: Model,
    pub(super) prior: f64,
    pub(super) defaults_used: bool,
    pub(super) floor: f64,
    /// Bits added to the weight of a field's level, learned from the decisions.
    pub(super) correction: PerLevel,
    /// How many decisions the correction was learned from.
    pub(super) learned_from: usize,
    pub(super) already_linked: Vec<usize>,
    pub(super) without_number: Vec<usize>,
    pub(super) candidate_pairs: usize,
    pub(super) households: Households,
    /// [`Search::below_floor`].
    pub(super) below_floor: usize,
    /// Either side holds twins ([`Households::twin_pairs`]): [`NO_SIBLING_MAX`] applies.
    pub(super) twins_seen: bool,
}

/// The most a pair weighs whose first names clearly differ while no brother or sister was found
/// on the BSN side ([`first::NO_SIBLING`]): under the threshold, so the pair is offered for review
/// but never proposed on its own. A roepnaam or a typo looks like that, but so does a brother or
/// twin who has no BSN record in the file: on the generated registers, letting the first-name
/// difference weigh as `m`/`u` say proposed those (precision 0.997 → 0.981 at 20k rows, 0.954 on
/// the second generator; BENCHMARKS.md). Applied when the registers themselves show that twins
/// occur (at least [`TWINS_SEEN`] pairs of records of one household on one side, born the same day,
/// with different first names — every Dutch register of school children has them: about 1 in 30
/// children born is a twin), and when the lists are too short to tell; a register without households (the
/// public FEBRL benchmark: one person per record, 0 such pairs) lets the difference weigh as
/// `m`/`u` say. The same cap holds a pair at one address whose birth dates are known and clearly
/// differ (a brother or sister with a like name).
pub const NO_SIBLING_MAX: f64 = super::DEFAULT_THRESHOLD - 1.0;

/// The birth date's line in an explanation when a clearly different birth date at one address
/// held the pair under the threshold ([`NO_SIBLING_MAX`]).
pub const DATE_AT_ONE_ADDRESS: &str = "anders, op hetzelfde adres: broer of zus?";

/// The same when the pair is not at one address: a cousin or a namesake as likely as a wrong
/// birth date.
pub const DATE_ELSEWHERE: &str = "anders: een ander kind met deze naam?";

/// Twin pairs within the sides from which [`NO_SIBLING_MAX`] applies: one is enough (the
/// generated Dutch registers of 20k rows hold 200–900, FEBRL3 and FEBRL4 none).
pub const TWINS_SEEN: usize = 1;

impl Search {
    /// Which field's line holds the cap of [`Search::capped`], if the pattern is capped: the first
    /// name's for [`first::NO_SIBLING`] and [`first::TWIN`] (the twin rule, in every register); the
    /// birth date's for a pair whose birth dates are both known and clearly differ — at one
    /// address a brother or sister with the same or a like name (Jan Anna ~ Jan, Floortje ~
    /// Floortje, years apart), elsewhere a cousin or a namesake (Matiash Boleslav born 2010 and
    /// 2006, at two addresses), each as likely as a child with a wrong birth date; EM, which sees
    /// such siblings among the pairs whose names agree, weighs a birth date "anders" too lightly
    /// (at one address: precision 0.9970 → 0.9985 at 20k rows, 0.9963 → 0.9980 on the second
    /// generator; anywhere: 0.9982 → 0.9992 on the second generator, nothing on core::synth, which
    /// never writes another date for one child). Only where the registers hold twins (households),
    /// as the first name's: FEBRL4 has 16 true pairs with another birth date found.
    fn cap_field(&self, p: Pattern) -> Option<usize> {
        if p[FIRST] == first::TWIN {
            return Some(FIRST);
        }
        if !self.twins_seen {
            return None;
        }
        if p[FIRST] == first::NO_SIBLING {
            return Some(FIRST);
        }
        (p[DATE] == date::OTHER).then_some(DATE)
    }

    /// A pair's weight with [`NO_SIBLING_MAX`] applied (when the registers hold twins).
    fn capped(&self, p: Pattern, w: f64) -> f64 {
        if self.cap_field(p).is_some() {
            w.min(NO_SIBLING_MAX)
        } else {
            w
        }
    }
}

/// One side's households: its records by postcode, huisnummer and surname sound. The sibling
/// rule looks among the BSN side's for the brother or sister a different first name may be. It
/// runs for every candidate pair whose first names differ (nearly two million at 100k rows), so a
/// record finds its household without a look-up by key, and the households lie one after the
/// other in one list.
#[derive(Default)]
pub(super) struct Households {
    /// Per record searched: where its household starts in `members` and how many it holds (0:
    /// none).
    of: Vec<(u32, u32)>,
    /// The households' records with their birth dates, household after household.
    members: Vec<(u32, Option<Date>)>,
}

impl Households {
    fn key(p: &Prepared) -> Option<(u32, u32, u32)> {
        (p.postcode_id != 0 && p.huisnummer_id != 0 && p.surname.sound_id != 0).then_some((
            p.postcode_id,
            p.huisnummer_id,
            p.surname.sound_id,
        ))
    }

    /// The households of the records `side` (indices into `all`).
    fn of_side(side: &[usize], all: &[Option<Prepared>]) -> Households {
        let mut by_key: IdMap<(u32, u32, u32), Vec<u32>> = IdMap::default();
        let mut order: Vec<(u32, u32, u32)> = Vec::new();
        for &i in side {
            if let Some(k) = all
                .get(i)
                .and_then(Option::as_ref)
                .and_then(Households::key)
            {
                let list = by_key.entry(k).or_default();
                if list.is_empty() {
                    order.push(k);
                }
                list.push(i as u32);
            }
        }
        let mut h = Households {
            of: vec![(0, 0); all.len()],
            members: Vec::with_capacity(side.len()),
        };
        for k in order {
            let list = by_key.remove(&k).unwrap_or_default();
            let place = (h.members.len() as u32, list.len() as u32);
            for i in list {
                let date = all
                    .get(i as usize)
                    .and_then(Option::as_ref)
                    .and_then(|p| p.date);
                h.members.push((i, date));
                if let Some(of) = h.of.get_mut(i as usize) {
                    *of = place;
                }
            }
        }
        h
    }

    /// Each household's records (one household's lie together, and each record's place names
    /// its household's start).
    fn lists(&self) -> impl Iterator<Item = &[(u32, Option<Date>)]> {
        let start = |&(i, _): &(u32, Option<Date>)| self.of.get(i as usize).map(|&(s, _)| s);
        self.members.chunk_by(move |a, b| start(a) == start(b))
    }

    fn household(&self, i: u32) -> &[(u32, Option<Date>)] {
        self.of
            .get(i as usize)
            .and_then(|&(start, len)| {
                self.members
                    .get(start as usize..start as usize + len as usize)
            })
            .unwrap_or(&[])
    }

    /// Pairs of records of one household born the same day with first names that differ: twins
    /// (or triplets) on this side.
    fn twin_pairs(&self, all: &[Option<Prepared>]) -> usize {
        let mut n = 0;
        for list in self.lists() {
            for (x, &(a, _)) in list.iter().enumerate() {
                let Some(a) = all.get(a as usize).and_then(Option::as_ref) else {
                    continue;
                };
                for &(b, _) in list.iter().skip(x + 1) {
                    let twin = all
                        .get(b as usize)
                        .and_then(Option::as_ref)
                        .is_some_and(|b| {
                            a.date.is_some()
                                && a.date == b.date
                                && a.first.id != 0
                                && b.first.id != 0
                                && a.first.id != b.first.id
                                && a.first.variant_id != b.first.variant_id
                        });
                    n += usize::from(twin);
                }
            }
        }
        n
    }

    /// Settle the first-name level of the pair (BSN record `i`, onderwijsnummer record `b`): a
    /// different first name with the surname agreeing is a brother or sister ([`first::SIBLING`])
    /// only when `i`'s household on the BSN side has another record whose birth date could be
    /// `b`'s (equal or close: a twin has the same); otherwise it weighs as "anders"
    /// ([`first::NO_SIBLING`]).
    fn settle(&self, p: &mut Pattern, i: u32, b: &Prepared) {
        if p[FIRST] != first::SIBLING {
            return;
        }
        let sibling = self.household(i).iter().any(|&(k, date)| {
            k != i && (date == b.date || date_level(date, b.date) != date::OTHER)
        });
        if !sibling {
            p[FIRST] = first::NO_SIBLING;
        }
    }
}

/// How well a first-name level fits, for telling twins apart ([`twins_by_name`]): equal best,
/// then a spelling variant, a roepnaam or the same sound, close or an initial, anything else.
fn name_fit(level: u8) -> u8 {
    match level {
        first::ALL_EQUAL => 7,
        first::EQUAL => 6,
        first::VARIANT | first::UNREADABLE => 5,
        first::ROEPNAAM | first::SOUNDS_ALIKE | first::INITIALS => 4,
        first::CLOSE_OR_INITIAL => 3,
        MISSING => 0,
        _ => 1,
    }
}

/// The twin rule: candidates whose surname, birth date and address (postcode and huisnummer) agree
/// are children of one household born that day — one child, or twins (on either side: the
/// generated registers put twins without a BSN record on the school side). Among the candidates
/// of one record with that agreement, only the first name tells them apart: a pair whose first
/// name fits worse than another of that record's such candidates, or no better than another
/// (Abam with the twins Bram and Adam; an initial; two records of one child with one name — the
/// second generator's namesakes), gets [`first::TWIN`] — weighed as "anders", held under the
/// threshold: offered for review, never proposed on its own. Another first name altogether keeps
/// its sibling levels.
fn twins_by_name(candidates: &mut CandidateStore, records: usize) {
    let in_family = |p: &Pattern| {
        p[DATE] == date::EQUAL
            && p[ADDRESS] == address::POSTCODE_AND_NUMBER
            && (surname::EQUAL..=surname::SOUNDS_ALIKE).contains(&p[SURNAME])
    };
    // Per record: the best fit among its family candidates, and how many have it.
    let mut best_bsn: Vec<(u8, u8)> = vec![(0, 0); records];
    let mut best_ond: Vec<(u8, u8)> = vec![(0, 0); records];
    let note = |best: &mut Vec<(u8, u8)>, k: u32, fit: u8| {
        if let Some(b) = best.get_mut(k as usize) {
            if b.1 == 0 || fit > b.0 {
                *b = (fit, 1);
            } else if fit == b.0 {
                b.1 = b.1.saturating_add(1);
            }
        }
    };
    for (i, j, c) in candidates.iter() {
        let p = pattern_of(c);
        if in_family(&p) {
            let fit = name_fit(p[FIRST]);
            note(&mut best_bsn, i, fit);
            note(&mut best_ond, j, fit);
        }
    }
    let held = |best: &[(u8, u8)], k: u32, fit: u8| {
        best.get(k as usize)
            .is_some_and(|&(b, n)| fit < b || (fit == b && n >= 2))
    };
    candidates.map_codes(|i, j, c| {
        let mut p = pattern_of(c);
        let fit = name_fit(p[FIRST]);
        // Another name altogether has its sibling levels.
        if !in_family(&p) || fit < 3 {
            return c;
        }
        if held(&best_bsn, i, fit) || held(&best_ond, j, fit) {
            p[FIRST] = first::TWIN;
            pattern_code(p)
        } else {
            c
        }
    });
}

/// The search behind [`find_pairs`], kept: [`Search::learn`] and [`Search::outcome`] re-score its
/// pairs after the officer's decisions. References to the records: the worker searches the files'
/// records without copying them.
pub fn search(
    records: &[&PupilRecord],
    floor: f64,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> Search {
    let mut already_linked = Vec::new();
    let mut without_number = Vec::new();
    let mut bsn_side: Vec<usize> = Vec::new();
    let mut ond_side: Vec<usize> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        match (&r.bsn, &r.onderwijsnummer) {
            (Some(_), Some(_)) => already_linked.push(i),
            (Some(_), None) => bsn_side.push(i),
            (None, Some(_)) => ond_side.push(i),
            (None, None) => without_number.push(i),
        }
    }
    progress(Stage::Voorbereiden, 0, records.len());
    let mut ids = Interner::new();
    let mut preparer = Preparer::new();
    let prepared: Vec<Option<Prepared>> = records
        .iter()
        .map(|r| {
            (r.bsn.is_some() != r.onderwijsnummer.is_some()).then(|| preparer.prepare(r, &mut ids))
        })
        .collect();
    drop(preparer);
    progress(Stage::Voorbereiden, records.len(), records.len());
    let get = |i: usize| prepared.get(i).and_then(Option::as_ref);

    // Blocking: index the BSN side.
    progress(Stage::Blokken, 0, bsn_side.len());
    let mut index: IdMap<u64, Vec<u32>> = IdMap::default();
    let households = Households::of_side(&bsn_side, &prepared);

    for &i in &bsn_side {
        if let Some(p) = get(i) {
            for k in block_keys(p, false) {
                index.entry(k).or_default().push(i as u32);
            }
        }
    }
    progress(Stage::Blokken, bsn_side.len(), bsn_side.len());

    // Candidate pairs and their patterns.
    let mut candidates = CandidateStore::default();
    let mut sim = Similarity::new(&ids);
    let mut seen: Vec<u32> = Vec::new();
    // Per first name of the lookup side: the sounds of its roepnamen and official forms.
    let mut related_sounds: IdMap<u32, Vec<u32>> = IdMap::default();
    for (n, &j) in ond_side.iter().enumerate() {
        if n % 1000 == 0 {
            progress(Stage::Vergelijken, n, ond_side.len());
        }
        let Some(b) = get(j) else { continue };
        seen.clear();
        let related = related_sounds.entry(b.first.id).or_insert_with(|| {
            let mut sounds: Vec<u32> = super::roepnamen::related(ids.text(b.first.id))
                .into_iter()
                .filter_map(|name| ids.find(&sound_key(name)))
                .filter(|s| *s != b.first.sound_id)
                .collect();
            sounds.sort_unstable();
            sounds.dedup();
            sounds
        });
        for k in block_keys(b, true)
            .into_iter()
            .chain(related_keys(b, related))
        {
            if let Some(list) = index.get(&k).filter(|l| l.len() <= max_block(k)) {
                seen.extend_from_slice(list);
            }
        }
        seen.sort_unstable();
        seen.dedup();
        for &i in &seen {
            if let Some(a) = get(i as usize) {
                let mut p = compare(a, b, &mut sim);
                households.settle(&mut p, i, b);
                candidates.push(i, j as u32, pattern_code(p));
            }
        }
    }
    drop(sim);
    drop(index);
    twins_by_name(&mut candidates, prepared.len());
    let school_households = Households::of_side(&ond_side, &prepared);
    let twins = households.twin_pairs(&prepared) + school_households.twin_pairs(&prepared);
    drop(school_households);
    progress(Stage::Vergelijken, ond_side.len(), ond_side.len());
    let candidate_pairs = candidates.len();

    // Estimation.
    progress(Stage::Schatten, 0, 1);
    let bsn_prep: Vec<&Prepared> = bsn_side.iter().filter_map(|&i| get(i)).collect();
    let ond_prep: Vec<&Prepared> = ond_side.iter().filter_map(|&i| get(i)).collect();
    let few_records = bsn_prep.len().min(ond_prep.len()) < MIN_RECORDS_PER_SIDE;
    let u = if few_records {
        DEFAULT_U
    } else {
        estimate_u(&bsn_prep, &ond_prep, &ids)
    };
    let mut pattern_counts: HashMap<u32, usize> = HashMap::new();
    for (_, _, c) in candidates.iter() {
        *pattern_counts.entry(c).or_default() += 1;
    }
    let mut patterns: Vec<(u32, usize)> = pattern_counts.into_iter().collect();
    patterns.sort_unstable();
    let estimated = (!few_records)
        .then(|| estimate_m(&patterns, u, bsn_prep.len().min(ond_prep.len())))
        .filter(|m| m.lambda * candidates.len() as f64 >= MIN_LIKELY_PAIRS);
    let defaults_used = estimated.is_none();
    // The prior over all pairs of a BSN record and an onderwijsnummer record (as Splink's "probability
    // that two random records match"), not over the candidates: the field weights (u from random
    // pairs) already count the agreement that blocking selected on. So the weight means the same
    // odds whatever the size of the files. With the starting values, the prior is the one the
    // estimates reach on the larger registers (EM's share of matches stops at its one-to-one cap
    // there): every record of the smaller side has its double on the other side.
    let all_pairs = bsn_prep.len() as f64 * ond_prep.len() as f64;
    let (model, matches) = match estimated {
        Some(model) => {
            let matches = (model.lambda * candidates.len() as f64).max(1.0);
            (model, matches)
        }
        None => (
            Model {
                m: DEFAULT_M,
                u: DEFAULT_U,
                lambda: 0.0,
            },
            bsn_prep.len().min(ond_prep.len()).max(1) as f64,
        ),
    };
    let all_pairs = all_pairs.max(matches + 1.0);
    let prior = (matches / (all_pairs - matches)).log2();
    drop(bsn_prep);
    drop(ond_prep);
    progress(Stage::Schatten, 1, 1);

    let tf = TermFrequencies::new(prepared.iter().flatten(), &model);
    // Per record, once: what agreeing on its surname and on its first name is worth extra. Not
    // with the starting values: in a short list every name is "common".
    let tf_adj: Vec<[f64; 2]> = prepared
        .iter()
        .map(|p| {
            p.as_ref()
                .filter(|_| !defaults_used)
                .map(|a| [tf.surname(a.surname.core_id), tf.first(a.first.id)])
                .unwrap_or_default()
        })
        .collect();
    let mut search = Search {
        prepared,
        texts: ids,
        candidates: CandidateStore::default(),
        tf_adj,
        model,
        prior,
        defaults_used,
        floor,
        correction: [[0.0; MAX_LEVELS]; 5],
        learned_from: 0,
        already_linked,
        without_number,
        candidate_pairs,
        households,
        below_floor: 0,
        twins_seen: defaults_used || twins >= TWINS_SEEN,
    };
    let table = search.pattern_table();
    search.candidates = candidates;
    search.below_floor = search.count_below_floor(&table);
    let mut candidates = std::mem::take(&mut search.candidates);
    // Keep only the candidates that decisions could lift to the floor.
    candidates.retain(|i, _, c| {
        table
            .get(c as usize)
            .copied()
            .flatten()
            .is_some_and(|w| w + search.tf_sum(i, pattern_of(c)) >= floor - KEEP_MARGIN)
    });
    search.candidates = candidates;
    search
}

impl Search {
    /// How many decisions the current weights learned from (0: the model as estimated).
    pub fn learned_from(&self) -> usize {
        self.learned_from
    }

    /// How many more pairs the review list would hold if its floor went down to any weight: the
    /// pairs a one-to-one assignment, greedy by weight, makes among the candidate pairs *under*
    /// the floor asked for whose two records are both still free after the pairs from the floor up
    /// were assigned ([`Search::outcome`] without decisions). What the screen reports as "n
    /// mogelijke paren met een gewicht onder −5 niet getoond". Counted once, when searching, with
    /// the estimated weights: decisions do not change it. Pairs blocking never compared are not
    /// counted (no weight is known for them). Costs one more pass over the candidates and a sort
    /// of those with both records free (8 bytes each): about 0.3 s and 7 MB at 100k rows.
    pub fn below_floor(&self) -> usize {
        self.below_floor
    }

    /// The lowest weight this search lists (the `floor` it was made with).
    pub fn floor(&self) -> f64 {
        self.floor
    }

    /// [`Search::below_floor`], on the full candidate store (before it is cut to the floor).
    fn count_below_floor(&self, table: &[Option<f64>]) -> usize {
        let n = self.prepared.len();
        let mut used_bsn = vec![false; n];
        let mut used_ond = vec![false; n];
        for r in self.ranked(&[]) {
            if let Some(x) = used_bsn.get_mut(r.bsn_record) {
                *x = true;
            }
            if let Some(x) = used_ond.get_mut(r.onderwijs_record) {
                *x = true;
            }
        }
        let free = |used: &[bool], k: u32| !used.get(k as usize).copied().unwrap_or(true);
        let weight = |i: u32, c: u32| {
            let p = pattern_of(c);
            table
                .get(c as usize)
                .copied()
                .flatten()
                .map(|w| self.capped(p, w + self.tf_sum(i, p)))
        };
        // 8 bytes a pair (nearly a million of them at 100k rows): the weight as f32, its bits
        // flipped so that a higher weight sorts first, and the pair's place in the store (the
        // order of equal weights: the store's, by onderwijsnummer record).
        let order = |w: f32| {
            let bits = w.to_bits();
            let ascending = if bits >> 31 == 1 {
                !bits
            } else {
                bits | 0x8000_0000
            };
            u64::from(!ascending) << 32
        };
        let mut below: Vec<u64> = self
            .candidates
            .iter_placed()
            .filter(|&(_, (i, j, _))| free(&used_bsn, i) && free(&used_ond, j))
            .filter_map(|(place, (i, _, c))| {
                let w = weight(i, c)?;
                (w < self.floor).then_some(order(w as f32) | u64::from(place))
            })
            .collect();
        below.sort_unstable();
        let mut count = 0;
        for key in below {
            let Some((i, j, _)) = self.candidates.at(key as u32) else {
                continue;
            };
            if free(&used_bsn, i) && free(&used_ond, j) {
                if let Some(x) = used_bsn.get_mut(i as usize) {
                    *x = true;
                }
                if let Some(x) = used_ond.get_mut(j as usize) {
                    *x = true;
                }
                count += 1;
            }
        }
        count
    }

    /// Records that carry both numbers (not compared).
    pub fn already_linked(&self) -> &[usize] {
        &self.already_linked
    }

    /// Records with neither number (not compared).
    pub fn without_number(&self) -> &[usize] {
        &self.without_number
    }

    /// The bits the decisions add to a field's level (0 before any decision).
    pub fn correction(&self, field: Field, level: u8) -> f64 {
        let f = FIELDS.iter().position(|x| *x == field).unwrap_or(0);
        self.correction_of(f, level)
    }

    fn correction_of(&self, field: usize, level: u8) -> f64 {
        if level == MISSING || (field == FIRST && level == first::SIBLING) {
            return 0.0;
        }
        self.correction
            .get(field)
            .and_then(|r| r.get(usize::from(level)))
            .copied()
            .unwrap_or(0.0)
    }

    /// The weight of a field's level, learned correction included.
    fn field_weight(&self, field: usize, level: u8) -> f64 {
        self.model.weight(field, level) + self.correction_of(field, level)
    }

    /// Prior plus the fields' weights per pattern code (no term frequencies), for every code
    /// (five levels of 3 bits: at most 8^5 codes), looked up by index.
    fn pattern_table(&self) -> Vec<Option<f64>> {
        (0..PATTERNS)
            .map(|c| Some(self.pattern_weight(pattern_of(c))))
            .collect()
    }

    pub(super) fn pattern_weight(&self, p: Pattern) -> f64 {
        self.prior
            + p.iter()
                .enumerate()
                .map(|(f, l)| self.field_weight(f, *l))
                .sum::<f64>()
    }

    /// The term-frequency adjustment of a pair with BSN record `i` and this pattern.
    fn tf_of(&self, i: u32, p: Pattern) -> [f64; 5] {
        let mut adj = [0.0; 5];
        if let Some(t) = self.tf_adj.get(i as usize) {
            if p[SURNAME] == surname::EQUAL {
                adj[0] = t[0];
            }
            if p[FIRST] == first::EQUAL {
                adj[1] = t[1];
            }
        }
        adj
    }

    pub(super) fn tf_sum(&self, i: u32, p: Pattern) -> f64 {
        self.tf_of(i, p).iter().sum()
    }

    /// The comparison vector of any two records searched (also a pair blocking did not bring).
    pub(super) fn pattern(&self, i: usize, j: usize) -> Option<u32> {
        if let Some(c) = u32::try_from(i)
            .ok()
            .zip(u32::try_from(j).ok())
            .and_then(|(i, j)| self.candidates.find(i, j))
        {
            return Some(c);
        }
        let a = self.prepared.get(i)?.as_ref()?;
        let b = self.prepared.get(j)?.as_ref()?;
        let mut p = compare(a, b, &mut Similarity::new(&self.texts));
        self.households.settle(&mut p, u32::try_from(i).ok()?, b);
        Some(pattern_code(p))
    }

    /// The weight of one pair of records with the current (learned) model, or `None` when one of
    /// them was not compared (no number, or both numbers).
    pub fn weight_of(&self, bsn_record: usize, onderwijs_record: usize) -> Option<f64> {
        let c = self.pattern(bsn_record, onderwijs_record)?;
        let p = pattern_of(c);
        Some(self.capped(
            p,
            self.pattern_weight(p) + self.tf_sum(bsn_record as u32, p),
        ))
    }

    /// Decisions given by numbers (BSN, onderwijsnummer, same pupil?) as pairs of `records` (the
    /// records searched). A number can occur in more than one record (the BSN test range repeats
    /// in large generated registers): the decision is on the pair with those numbers that weighs
    /// most — the pair the screen showed. Decisions on numbers not (only) in the records are left
    /// out.
    pub fn labels_by_numbers(
        &self,
        records: &[&PupilRecord],
        decisions: &[(String, String, bool)],
    ) -> Vec<Label> {
        if decisions.is_empty() {
            return Vec::new();
        }
        let mut by_bsn: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_own: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            match (&r.bsn, &r.onderwijsnummer) {
                (Some(b), None) => by_bsn.entry(b.to_string()).or_default().push(i),
                (None, Some(o)) => by_own.entry(o.to_string()).or_default().push(i),
                _ => {}
            }
        }
        decisions
            .iter()
            .filter_map(|(bsn, own, same)| {
                let (bs, os) = (by_bsn.get(bsn)?, by_own.get(own)?);
                let (_, i, j) = bs
                    .iter()
                    .flat_map(|&i| os.iter().map(move |&j| (i, j)))
                    .filter_map(|(i, j)| Some((self.weight_of(i, j)?, i, j)))
                    .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)))?;
                Some(Label {
                    bsn_record: i,
                    onderwijs_record: j,
                    same: *same,
                })
            })
            .collect()
    }

    /// The pairs with the current weights: every pair decided *Koppelen* (`labels`, `same`) first
    /// and always (when its records are free), then one-to-one by weight from the floor up among
    /// the rest, never a pair decided *Geen dubbel*. Those are in the list too, marked, without
    /// taking their records: the screen counts them. Strongest first.
    pub fn outcome(&self, labels: &[Label]) -> MatchOutcome {
        MatchOutcome {
            pairs: self
                .ranked(labels)
                .iter()
                .map(|r| self.explain(r))
                .collect(),
            already_linked: self.already_linked.clone(),
            without_number: self.without_number.clone(),
            candidate_pairs: self.candidate_pairs,
            below_floor: self.below_floor,
            prior: self.prior,
            defaults_used: self.defaults_used,
        }
    }

    /// The pairs of [`Search::outcome`] without their explanations (made on request with
    /// [`Search::explain`]): what the worker keeps for a list of tens of thousands of pairs.
    pub fn ranked(&self, labels: &[Label]) -> Vec<Ranked> {
        let table = self.pattern_table();
        let n = self.prepared.len();
        let mut used_bsn = vec![false; n];
        let mut used_ond = vec![false; n];
        let mut pairs: Vec<Ranked> = Vec::new();
        let rejected: std::collections::HashSet<(usize, usize)> = labels
            .iter()
            .filter(|l| !l.same)
            .map(|l| (l.bsn_record, l.onderwijs_record))
            .collect();
        let take = |i: usize, j: usize, used_bsn: &mut Vec<bool>, used_ond: &mut Vec<bool>| {
            let free = !used_bsn.get(i).copied().unwrap_or(true)
                && !used_ond.get(j).copied().unwrap_or(true);
            if free {
                if let Some(x) = used_bsn.get_mut(i) {
                    *x = true;
                }
                if let Some(x) = used_ond.get_mut(j) {
                    *x = true;
                }
            }
            free
        };
        for l in labels.iter().filter(|l| l.same) {
            if rejected.contains(&(l.bsn_record, l.onderwijs_record)) {
                continue;
            }
            let Some(c) = self.pattern(l.bsn_record, l.onderwijs_record) else {
                continue;
            };
            if take(
                l.bsn_record,
                l.onderwijs_record,
                &mut used_bsn,
                &mut used_ond,
            ) {
                pairs.push(self.rank(l.bsn_record, l.onderwijs_record, c, Some(true)));
            }
        }
        let mut scored: Vec<(f64, u32, u32, u32)> = self
            .candidates
            .iter()
            .filter_map(|(i, j, c)| {
                let p = pattern_of(c);
                let w = self.capped(
                    p,
                    table.get(c as usize).copied().flatten()? + self.tf_sum(i, p),
                );
                (w >= self.floor).then_some((w, i, j, c))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, i, j, c) in scored {
            let (i, j) = (i as usize, j as usize);
            if rejected.contains(&(i, j)) {
                continue;
            }
            if take(i, j, &mut used_bsn, &mut used_ond) {
                pairs.push(self.rank(i, j, c, None));
            }
        }
        for l in labels.iter().filter(|l| !l.same) {
            if let Some(c) = self.pattern(l.bsn_record, l.onderwijs_record) {
                let key = (l.bsn_record, l.onderwijs_record);
                if !pairs
                    .iter()
                    .any(|p| (p.bsn_record, p.onderwijs_record) == key)
                {
                    pairs.push(self.rank(l.bsn_record, l.onderwijs_record, c, Some(false)));
                }
            }
        }
        pairs.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then(a.bsn_record.cmp(&b.bsn_record))
                .then(a.onderwijs_record.cmp(&b.onderwijs_record))
        });
        pairs
    }

    fn rank(&self, i: usize, j: usize, code: u32, decided: Option<bool>) -> Ranked {
        let p = pattern_of(code);
        Ranked {
            bsn_record: i,
            onderwijs_record: j,
            weight: self.capped(p, self.pattern_weight(p) + self.tf_sum(i as u32, p)),
            code,
            decided,
        }
    }

    /// A ranked pair with its explanation, as [`Search::outcome`] gives it.
    pub fn explain(&self, r: &Ranked) -> Pair {
        let (i, j, c, decided) = (r.bsn_record, r.onderwijs_record, r.code, r.decided);
        let p = pattern_of(c);
        let mut adj = self.tf_of(i as u32, p);
        let uncapped = self.pattern_weight(p) + adj.iter().sum::<f64>();
        let w = self.capped(p, uncapped);
        // The cap is the first name's (or the birth date's): its line shows what it took off, so
        // the lines add up.
        if let Some(f) = self.cap_field(p).and_then(|f| adj.get_mut(f)) {
            *f += w - uncapped;
        }
        let mut fields = field_weights(p, |f, l| {
            self.field_weight(f, l) + adj.get(f).copied().unwrap_or(0.0)
        });
        if w < uncapped
            && self.cap_field(p) == Some(DATE)
            && let Some(line) = fields.get_mut(DATE)
        {
            line.level = if p[ADDRESS] == address::POSTCODE_AND_NUMBER {
                DATE_AT_ONE_ADDRESS
            } else {
                DATE_ELSEWHERE
            }
            .to_string();
        }
        Pair {
            bsn_record: i,
            onderwijs_record: j,
            weight: w,
            explanation: Explanation {
                fields,
                prior: self.prior,
                total: w,
                note: self.defaults_used.then(|| FALLBACK_NOTE.to_string()),
            },
            decided,
        }
    }
}
