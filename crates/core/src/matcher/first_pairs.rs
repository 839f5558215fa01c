//! The surest pairs, found in a small part of the search's time, shown while the search runs.

use time::Date;

use super::compare::{Similarity, compare};
use super::estimate::Model;
use super::levels::{DEFAULT_M, DEFAULT_U};
use super::normalize::{first_name, surname_core};
use super::prepare::{IdMap, Interner, Prepared, Preparer};
use super::{Explanation, Pair, field_weights};
use crate::pupil::PupilRecord;

/// How many pairs [`first_pairs`] gives at most: more than an officer judges while the search runs.
pub const FIRST_PAIRS: usize = 20;

/// What the explanation of a pair from [`first_pairs`] says about its weight.
pub const FIRST_NOTE: &str =
    "voorlopig gewicht met vaste waarden; Koppelhulp rekent de gewichten uit uw bestanden nog uit";

/// The surest pairs, found in a small part of the search's time, to show while the search runs: a
/// record with a BSN and one with only an onderwijsnummer that agree exactly on surname, first name
/// and birth date, each the only one with that combination on its side. Weighed with the starting
/// values ([`DEFAULT_M`], [`DEFAULT_U`]) and the prior of a register in which every record of the
/// smaller side has its double (as for a small list), without term frequencies; the explanation says
/// so ([`FIRST_NOTE`]). The search's own estimates replace these weights. Strongest first, then in
/// the records' order; at most `limit`.
pub fn first_pairs(records: &[&PupilRecord], limit: usize) -> Vec<Pair> {
    // Only the exact key for every record (normalising each distinct name once, numbered); the
    // few pairs shown are prepared and compared in full.
    let mut numbers: IdMap<String, u32> = IdMap::default();
    let mut number = |text: String| -> u32 {
        if text.is_empty() {
            return 0;
        }
        let next = numbers.len() as u32 + 1;
        *numbers.entry(text).or_insert(next)
    };
    let mut surnames: IdMap<(&str, &str), u32> = IdMap::default();
    let mut first_names: IdMap<&str, u32> = IdMap::default();
    // (surname core, first name, birth date) → (BSN records, onderwijsnummer records, last of each)
    type Key = (u32, u32, Date);
    let mut keys: IdMap<Key, (u32, u32, usize, usize)> = IdMap::default();
    let (mut n_bsn, mut n_ond) = (0usize, 0usize);
    for (i, r) in records.iter().enumerate() {
        let side = match (&r.bsn, &r.onderwijsnummer) {
            (Some(_), None) => 0,
            (None, Some(_)) => 1,
            _ => continue,
        };
        if side == 0 {
            n_bsn += 1;
        } else {
            n_ond += 1;
        }
        let Some(date) = r.geboortedatum else {
            continue;
        };
        let core = *surnames
            .entry((r.voorvoegsel.as_str(), r.achternaam.as_str()))
            .or_insert_with(|| number(surname_core(&r.voorvoegsel, &r.achternaam)));
        let first = *first_names
            .entry(r.voornamen.as_str())
            .or_insert_with(|| number(first_name(&r.voornamen)));
        if core == 0 || first == 0 {
            continue;
        }
        let e = keys.entry((core, first, date)).or_insert((0, 0, 0, 0));
        if side == 0 {
            e.0 += 1;
            e.2 = i;
        } else {
            e.1 += 1;
            e.3 = i;
        }
    }
    drop(surnames);
    drop(first_names);
    // The surest first: the same sex and address too (postcode and house number as written, but
    // for case and spaces), then the records' order.
    let same = |a: &str, b: &str| {
        let plain = |t: &str| {
            t.chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_lowercase())
                .collect::<Vec<char>>()
        };
        !a.trim().is_empty() && (a == b || plain(a) == plain(b))
    };
    let mut sure: Vec<(u8, usize, usize)> = keys
        .values()
        .filter(|(b, o, _, _)| *b == 1 && *o == 1)
        .filter_map(|&(_, _, i, j)| {
            let (a, b) = (records.get(i)?, records.get(j)?);
            let score = u8::from(a.geslacht.is_some() && a.geslacht == b.geslacht)
                + 2 * u8::from(
                    same(&a.postcode, &b.postcode) && same(&a.huisnummer, &b.huisnummer),
                );
            Some((score, i, j))
        })
        .collect();
    drop(keys);
    sure.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    sure.truncate(limit);
    let mut ids = Interner::new();
    let mut preparer = Preparer::new();
    let prepared: Vec<(usize, usize, Prepared, Prepared)> = sure
        .iter()
        .filter_map(|&(_, i, j)| {
            let a = preparer.prepare(records.get(i)?, &mut ids);
            let b = preparer.prepare(records.get(j)?, &mut ids);
            Some((i, j, a, b))
        })
        .collect();
    drop(preparer);
    let model = Model {
        m: DEFAULT_M,
        u: DEFAULT_U,
        lambda: 0.0,
    };
    let matches = n_bsn.min(n_ond).max(1) as f64;
    let prior = (matches / ((n_bsn as f64 * n_ond as f64).max(matches + 1.0) - matches)).log2();
    let mut sim = Similarity::new(&ids);
    let mut found: Vec<(f64, usize, usize, [u8; 5])> = prepared
        .iter()
        .map(|(i, j, a, b)| {
            let p = compare(a, b, &mut sim);
            let w = prior
                + p.iter()
                    .enumerate()
                    .map(|(f, l)| model.weight(f, *l))
                    .sum::<f64>();
            (w, *i, *j, p)
        })
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    found
        .into_iter()
        .take(limit)
        .map(|(w, i, j, p)| Pair {
            bsn_record: i,
            onderwijs_record: j,
            weight: w,
            explanation: Explanation {
                fields: field_weights(p, |f, l| model.weight(f, l)),
                prior,
                total: w,
                note: Some(FIRST_NOTE.to_string()),
            },
            decided: None,
        })
        .collect()
}
