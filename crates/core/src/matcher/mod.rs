//! The duplicate finder ("Dubbelen zoeken"): pairs of records that are the same pupil, one
//! registered with a BSN and one with only an onderwijsnummer.
//!
//! # The model
//!
//! Fellegi–Sunter. Each field of a candidate pair gets a comparison level ([`levels`]: exact,
//! close, …, missing). `u` (the chance of a level for two different pupils) comes from 250,000
//! random pairs, for the birth date and the address counted over all pairs (their close levels are
//! too rare to sample). `m` (the chance for the same pupil) and the share of matches come from EM
//! over the counts of agreement patterns of the blocked candidate pairs (fastLink's trick: only
//! the distinct patterns are iterated), field by field on the candidates that agree on other
//! fields: the birth date, sex and address among the pairs with the names gelijk, the names among
//! the pairs with the birth date gelijk; then the share of matches with `m` fixed (one EM over all
//! candidates let households make its match class). The prior is the chance that any BSN record
//! and any onderwijsnummer record are the same pupil (matches found by EM over all pairs), so a
//! weight means the same odds at any file size. A pair's weight is the prior's log2 odds plus, per
//! field, log2(m/u); agreeing on a common name counts less than on a rare one (term frequencies,
//! as Splink does); a missing field weighs 0. Rules outside the model: the same family name
//! with a clearly different first name is a brother, sister or twin ([`levels::first::SIBLING`],
//! weighs [`SIBLING_WEIGHT`]) when the BSN side holds another child of that household who could
//! be them; otherwise ([`levels::first::NO_SIBLING`]) it weighs as `m`/`u` say, at most
//! [`NO_SIBLING_MAX`] (offered, not proposed) where the registers hold twins ([`TWINS_SEEN`]) —
//! as does a clearly different birth date (at one address: a brother or sister; elsewhere: a
//! cousin or a namesake). The twin rule ([`levels::first::TWIN`]): among the candidates of one
//! record that agree on surname, birth date and address, a pair whose first name fits no better
//! than another's (Abam with the twins Bram and Adam, an initial, one name twice) is held at
//! [`NO_SIBLING_MAX`] too, in every register. Every pair carries an [`Explanation`]:
//! the prior and each field's level and weight. [`Search::below_floor`] counts the pairs a
//! lower floor would add.
//!
//! **Small lists.** With fewer than [`MIN_RECORDS_PER_SIDE`] records on the smaller side, or fewer
//! than [`MIN_LIKELY_PAIRS`] likely pairs, nothing is estimated: [`DEFAULT_M`] and [`DEFAULT_U`]
//! and the prior those estimates reach (every record of the smaller side has its double), no term
//! frequencies; [`MatchOutcome::defaults_used`] and [`Explanation::note`] ([`FALLBACK_NOTE`]) say
//! so.
//!
//! Blocking (birth date, swapped birth date, surname sound + birth year for a first name that
//! cannot be read, first-name sound + day and month, + year and month, + year in small blocks,
//! surname sound + first initial, surname sound + all initials, postcode + huisnummer, both names'
//! sounds swapped, both names' sounds with the roepnamen and official forms of the first name,
//! each name's sound + postcode) keeps large files from comparing all pairs. Assignment is one-to-one, greedy by weight. Pure, deterministic, never panics.
//!
//! # Learning from the officer
//!
//! Dubbelen zoeken learns from every *Koppelen* (J) and *Geen dubbel* (N). Chosen: a
//! **calibration on top of the Fellegi–Sunter weights**, not labelled pairs inside EM. Per field
//! and level a correction in bits is added to log2(m/u); it is the maximum a posteriori fit of a
//! logistic regression of the decisions on their levels, with the pair's model weight (prior and
//! term frequencies included) as offset, so P(same) = σ(ln 2 · (weight + Σ corrections)): a weight
//! stays log2 odds and the threshold keeps meaning odds. A Gaussian prior (σ =
//! [`CORRECTION_SIGMA`] = 0.7 bit) keeps a few decisions from swinging the model (one decision near
//! the threshold moves a level by about a tenth of a bit; tens of consistent ones by bits), each
//! correction at most ±[`MAX_CORRECTION`] = 3 bits. Why not EM: the officer labels a few hundred of
//! tens of thousands of candidate pairs, so as counts inside EM they move `m` and `u` by almost
//! nothing unless each is given an arbitrary weight; the calibration learns exactly where the model
//! errs on the pairs the officer sees (BENCHMARKS.md: σ 0.6/0.7/1.5 gave the same quality within
//! 0.0005 F1). No intercept and no correction per whole pattern: every decided pair has geslacht
//! and a birth date, so the corrections of their levels already move all pairs together, and a
//! pattern's own correction lifted whole patterns from a few J decisions (BENCHMARKS.md "Precision
//! after the decisions"). The correction is fitted again from *all* decisions after each one
//! (Newton's method over ≤ 40 levels, milliseconds), so an undo gives exactly the earlier weights
//! (`learning_again_without_a_decision_restores_the_weights_before_it`). Re-scoring uses the kept
//! comparison vectors ([`Search`]): no new search. A J pair is always proposed (its records taken
//! first), an N pair never, the rest one-to-one by the new weights.
//!
//! # Files
//!
//! `levels` (the levels per field, their names, the starting `m`/`u`), `prepare` (records to
//! interned texts), `normalize` (folding, sound and variant keys, Jaro-Winkler), `roepnamen`
//! (`data/roepnamen.csv`, the one table of roepnamen and nicknames),
//! `compare` (a pair's levels), `block` (block keys, the candidate store), `estimate` (`u`, EM,
//! term frequencies), `search` (the search and the one-to-one assignment), `learn` (the
//! officer's decisions), `first_pairs` (the surest pairs while the search runs).

mod block;
mod compare;
mod estimate;
mod first_pairs;
mod learn;
pub mod levels;
pub mod normalize;
mod prepare;
mod roepnamen;
mod search;

use serde::{Deserialize, Serialize};

use crate::pupil::PupilRecord;

pub use compare::date_level;
pub use first_pairs::{FIRST_NOTE, FIRST_PAIRS, first_pairs};
pub use learn::{CORRECTION_SIGMA, Label, MAX_CORRECTION};
pub use levels::{DEFAULT_M, DEFAULT_U};
pub use search::{
    DATE_AT_ONE_ADDRESS, DATE_ELSEWHERE, NO_SIBLING_MAX, Ranked, Search, TWINS_SEEN, search,
};

use levels::{FIELDS, Pattern, level_name};
#[cfg(test)]
use {
    block::*, compare::*, estimate::*, levels::*, prepare::*, std::collections::HashMap, time::Date,
};

/// The weight (log2 odds, prior included) from which a pair is shown as a probable double:
/// 1.0 is odds of 2 : 1. The prior is over all pairs of records, so the weight means the same at
/// every file size. Chosen on generated registers of 2k, 20k and 100k rows (BENCHMARKS.md,
/// `tests/matcher_quality.rs`): precision ≥ 0.99 at every size, recall 0.97–0.99; higher thresholds
/// lose recall at 100k faster than they gain precision.
pub const DEFAULT_THRESHOLD: f64 = 1.0;

/// The lowest weight of a pair handed to review: odds of 1 : 32. Between this and the threshold the
/// officer can look further by lowering the threshold; below it nearly every pair is wrong.
pub const REVIEW_FLOOR: f64 = -5.0;

/// Weight of the first-name field when the surname agrees but the first names clearly differ
/// (level [`levels::first::SIBLING`]).
pub const SIBLING_WEIGHT: f64 = -40.0;

/// Fewer records than this on the smaller side (BSN records or onderwijsnummer records) are too
/// few to estimate `m`, `u` and the term frequencies from: the finder uses [`DEFAULT_M`] and
/// [`DEFAULT_U`] instead (the module docs, BENCHMARKS.md "small lists").
pub const MIN_RECORDS_PER_SIDE: usize = 100;

/// Fewer likely pairs than this (the share of matches EM finds among the candidate pairs, times
/// their number) are too few to estimate `m` from: the starting values are used.
pub const MIN_LIKELY_PAIRS: f64 = 25.0;

/// What an explanation says when the starting values were used.
pub const FALLBACK_NOTE: &str = "uw lijsten zijn te klein om de gewichten uit te rekenen, dus Koppelhulp gebruikt vaste gewichten";

/// The stages reported to `progress`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    Voorbereiden,
    Blokken,
    Vergelijken,
    Schatten,
    Toewijzen,
}

/// The compared fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Achternaam,
    Voornaam,
    Geboortedatum,
    Geslacht,
    Adres,
}

impl Stage {
    /// What the progress bar says, in Dutch.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Voorbereiden => "Namen en adressen voorbereiden",
            Stage::Blokken => "Groepen maken",
            Stage::Vergelijken => "Vergelijken",
            Stage::Schatten => "Gewichten schatten",
            Stage::Toewijzen => "Paren kiezen",
        }
    }
}

impl Field {
    /// The Dutch name shown in an explanation.
    pub fn label(self) -> &'static str {
        match self {
            Field::Achternaam => "Achternaam",
            Field::Voornaam => "Voornaam",
            Field::Geboortedatum => "Geboortedatum",
            Field::Geslacht => "Geslacht",
            Field::Adres => "Adres",
        }
    }
}

/// One field's part of a pair's weight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldWeight {
    pub field: Field,
    /// Short Dutch name of the comparison level: "gelijk", "dag en maand omgedraaid", …
    pub level: String,
    /// log2(m/u) of that level; 0 when missing.
    pub weight: f64,
}

/// Why a pair got its weight: prior + the field weights = total.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub fields: Vec<FieldWeight>,
    /// log2 odds that two records (one of each kind) are the same pupil, before looking at them.
    pub prior: f64,
    pub total: f64,
    /// Set when the list was too small to estimate the weights from ([`FALLBACK_NOTE`]): the
    /// weights are the stated starting values. Absent in older JSON.
    #[serde(default)]
    pub note: Option<String>,
}

/// A probable double: indices into the input slice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub bsn_record: usize,
    pub onderwijs_record: usize,
    pub weight: f64,
    pub explanation: Explanation,
    /// The officer's decision when the pair was decided (`Some(true)`: *Koppelen*), as given to
    /// [`Search::outcome`]. Absent in older JSON.
    #[serde(default)]
    pub decided: Option<bool>,
}

/// Everything [`find_pairs`] found.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MatchOutcome {
    /// Pairs with weight ≥ the `floor` asked for, strongest first, each record at most once.
    pub pairs: Vec<Pair>,
    /// Records that carry both a BSN and an onderwijsnummer: already linked, not candidates.
    pub already_linked: Vec<usize>,
    /// Records with neither number: not compared.
    pub without_number: Vec<usize>,
    /// How many candidate pairs blocking produced.
    pub candidate_pairs: usize,
    /// How many more one-to-one pairs the candidates under the floor would give
    /// ([`Search::below_floor`]). Absent in older JSON.
    #[serde(default)]
    pub below_floor: usize,
    /// The estimated prior (log2 odds) over all pairs of a BSN record and an onderwijsnummer record.
    pub prior: f64,
    /// The data were too few to estimate from: [`DEFAULT_M`], [`DEFAULT_U`] and the stated prior
    /// were used, without term frequencies.
    #[serde(default)]
    pub defaults_used: bool,
}

/// Find probable doubles among `records` (all imported files mixed). A record with a BSN is on one
/// side, a record with only an onderwijsnummer on the other. `progress(stage, done, total)` is
/// called now and then. Pairs from `floor` up are returned ([`DEFAULT_THRESHOLD`] for the
/// proposals, [`REVIEW_FLOOR`] for a review screen that lets the threshold go down); the pairs above
/// a higher floor do not depend on it (they are assigned first).
pub fn find_pairs(
    records: &[PupilRecord],
    floor: f64,
    progress: &mut dyn FnMut(Stage, usize, usize),
) -> MatchOutcome {
    let refs: Vec<&PupilRecord> = records.iter().collect();
    search(&refs, floor, progress).outcome(&[])
}

/// The explanation's line per field of a comparison vector: its level's name and `weight(field,
/// level)`.
fn field_weights(p: Pattern, weight: impl Fn(usize, u8) -> f64) -> Vec<FieldWeight> {
    FIELDS
        .iter()
        .zip(p)
        .enumerate()
        .map(|(f, (field, l))| FieldWeight {
            field: *field,
            level: level_name(*field, l).to_string(),
            weight: weight(f, l),
        })
        .collect()
}

#[cfg(test)]
mod sibling_tests;
#[cfg(test)]
mod tests;
