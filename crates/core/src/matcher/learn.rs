//! Learning from the officer's decisions: a calibration on top of the model's weights (the module
//! docs of [`super`] say why and how).

use serde::{Deserialize, Serialize};

use super::Search;
use super::levels::{FIRST, MAX_LEVELS, Pattern, PerLevel, first, pattern_of};

/// How far a decision can move one field's weight, in bits (per level, either way): the officer's
/// decisions correct the model, they do not replace it.
pub const MAX_CORRECTION: f64 = 3.0;

/// The prior on a correction (bits): a Gaussian with this standard deviation around 0. One
/// decision moves a level's weight by a fraction of a bit; tens of consistent decisions move it by
/// bits (the module docs of [`super`], "Learning from the officer").
pub const CORRECTION_SIGMA: f64 = 0.7;

/// Candidate pairs whose weight is this far below the floor are not kept for re-scoring: the
/// five fields' corrections together move a pair by at most this much.
pub(super) const KEEP_MARGIN: f64 = 5.0 * MAX_CORRECTION;

/// The officer's decision on a pair of records (indices into the records searched).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub bsn_record: usize,
    pub onderwijs_record: usize,
    /// True: the same pupil (*Koppelen*); false: two different pupils (*Geen dubbel*).
    pub same: bool,
}

impl Search {
    /// Learn from the officer's decisions: the correction per field and level is estimated again
    /// from all of them (not step by step), so taking a decision back (undo) gives exactly the
    /// weights from before it. Logistic regression of the decisions on the levels, with the
    /// model's weight as offset and a Gaussian prior ([`CORRECTION_SIGMA`]) on each correction:
    /// the threshold keeps meaning odds, and a few decisions move the weights little. Decisions on
    /// records that were not compared are skipped.
    pub fn learn(&mut self, labels: &[Label]) {
        self.correction = [[0.0; MAX_LEVELS]; 5];
        let mut rows: Vec<(f64, Pattern, bool)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for l in labels {
            if !seen.insert((l.bsn_record, l.onderwijs_record)) {
                continue;
            }
            if let Some(c) = self.pattern(l.bsn_record, l.onderwijs_record) {
                let p = pattern_of(c);
                if p[FIRST] == first::SIBLING {
                    continue;
                }
                let offset = self
                    .weight_of(l.bsn_record, l.onderwijs_record)
                    .unwrap_or_else(|| self.pattern_weight(p));
                rows.push((offset, p, l.same));
            }
        }
        self.learned_from = rows.len();
        if rows.is_empty() {
            return;
        }
        self.correction = fit_correction(&rows);
    }
}

/// The correction (bits per field and level) that best explains the decisions: maximum a
/// posteriori logistic regression, `P(same) = σ(ln 2 · (offset + Σ correction[f][level]))`,
/// Gaussian prior [`CORRECTION_SIGMA`] per correction; Newton's method over the levels the
/// decisions show, each correction at most ±[`MAX_CORRECTION`].
fn fit_correction(rows: &[(f64, Pattern, bool)]) -> PerLevel {
    // The features: (field, level) pairs that occur.
    let mut features: Vec<(usize, u8)> = Vec::new();
    for (_, p, _) in rows {
        for (f, l) in p.iter().enumerate() {
            if *l != 0 && !features.contains(&(f, *l)) {
                features.push((f, *l));
            }
        }
    }
    features.sort_unstable();
    let k = features.len();
    let index = |f: usize, l: u8| features.iter().position(|x| *x == (f, l));
    let active: Vec<(f64, Vec<usize>, f64)> = rows
        .iter()
        .map(|(o, p, y)| {
            let idx = p
                .iter()
                .enumerate()
                .filter(|(_, l)| **l != 0)
                .filter_map(|(f, l)| index(f, *l))
                .collect();
            (*o, idx, if *y { 1.0 } else { 0.0 })
        })
        .collect();
    let ln2 = std::f64::consts::LN_2;
    let precision = 1.0 / (CORRECTION_SIGMA * CORRECTION_SIGMA);
    let mut beta = vec![0.0f64; k];
    for _ in 0..30 {
        let mut grad: Vec<f64> = beta.iter().map(|b| b * precision).collect();
        let mut hess = vec![0.0f64; k * k];
        for (d, row) in hess.chunks_mut(k.max(1)).enumerate().take(k) {
            if let Some(x) = row.get_mut(d) {
                *x = precision;
            }
        }
        for (o, idx, y) in &active {
            let z = ln2 * (o + idx.iter().filter_map(|i| beta.get(*i)).sum::<f64>());
            let p = 1.0 / (1.0 + (-z).exp());
            let g = ln2 * (p - y);
            let h = ln2 * ln2 * p * (1.0 - p);
            for a in idx {
                if let Some(x) = grad.get_mut(*a) {
                    *x += g;
                }
                for b in idx {
                    if let Some(x) = hess.get_mut(a * k + b) {
                        *x += h;
                    }
                }
            }
        }
        let step = solve(hess, grad, k);
        let mut largest = 0.0f64;
        for (b, s) in beta.iter_mut().zip(&step) {
            *b -= s;
            largest = largest.max(s.abs());
        }
        if largest < 1e-9 {
            break;
        }
    }
    let mut out = [[0.0f64; MAX_LEVELS]; 5];
    for ((f, l), b) in features.iter().zip(&beta) {
        if let Some(x) = out.get_mut(*f).and_then(|r| r.get_mut(usize::from(*l))) {
            *x = b.clamp(-MAX_CORRECTION, MAX_CORRECTION);
        }
    }
    out
}

/// Solve `a x = b` for a symmetric positive definite `a` (k × k, row-major) by Gaussian
/// elimination; a zero pivot leaves that unknown at 0.
fn solve(mut a: Vec<f64>, mut b: Vec<f64>, k: usize) -> Vec<f64> {
    for col in 0..k {
        let pivot = a.get(col * k + col).copied().unwrap_or(0.0);
        if pivot.abs() < 1e-300 {
            continue;
        }
        for row in col + 1..k {
            let factor = a.get(row * k + col).copied().unwrap_or(0.0) / pivot;
            if factor == 0.0 {
                continue;
            }
            for c in col..k {
                let v = a.get(col * k + c).copied().unwrap_or(0.0);
                if let Some(x) = a.get_mut(row * k + c) {
                    *x -= factor * v;
                }
            }
            let v = b.get(col).copied().unwrap_or(0.0);
            if let Some(x) = b.get_mut(row) {
                *x -= factor * v;
            }
        }
    }
    let mut x = vec![0.0f64; k];
    for row in (0..k).rev() {
        let pivot = a.get(row * k + row).copied().unwrap_or(0.0);
        if pivot.abs() < 1e-300 {
            continue;
        }
        let mut s = b.get(row).copied().unwrap_or(0.0);
        for c in row + 1..k {
            s -= a.get(row * k + c).copied().unwrap_or(0.0) * x.get(c).copied().unwrap_or(0.0);
        }
        if let Some(v) = x.get_mut(row) {
            *v = s / pivot;
        }
    }
    x
}
