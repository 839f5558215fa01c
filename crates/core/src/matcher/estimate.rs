//! Estimating the model: `u` from random pairs (the birth date and the address counted over all
//! pairs), `m` and the share of matches by EM over the agreement patterns of the candidates, and
//! the term frequencies of names.

use std::collections::HashMap;

use time::Date;

use super::SIBLING_WEIGHT;
use super::compare::{Similarity, compare, date_digits, date_level};
use super::levels::{
    ADDRESS, DATE, FIRST, LEVELS, MAX_LEVELS, MISSING, Pattern, PerLevel, Row, SURNAME, at, date,
    est_level, first, pattern_of,
};
use super::prepare::{IdMap, Interner, Prepared};

/// m and u per field and level, and the prior.
pub struct Model {
    pub m: PerLevel,
    pub u: PerLevel,
    pub lambda: f64,
}

impl Model {
    /// log2(m/u) of a field's level; 0 when missing, [`SIBLING_WEIGHT`] for a sibling.
    pub fn weight(&self, field: usize, level: u8) -> f64 {
        if level == MISSING {
            return 0.0;
        }
        if field == FIRST && level == first::SIBLING {
            return SIBLING_WEIGHT;
        }
        let l = est_level(field, level);
        let m = at(&self.m, field, l, 1e-6);
        let u = at(&self.u, field, l, 1.0);
        (m.max(1e-6) / u.max(1e-9)).log2()
    }
}

/// Term-frequency adjustment (as Splink does): agreeing on a common name (Jansen, Daan) says less
/// than agreeing on a rare one. For the "gelijk" level of surname and first name, the model's
/// average `u` is replaced by the share of records with that name: the weight moves by
/// log2(u / share), within ±[`TF_LIMIT`] bits.
pub struct TermFrequencies {
    surname: IdMap<u32, u32>,
    first: IdMap<u32, u32>,
    total: f64,
    u_surname: f64,
    u_first: f64,
}

/// The most a name's frequency moves a field's weight, in bits.
const TF_LIMIT: f64 = 4.0;

impl TermFrequencies {
    pub fn new<'a>(records: impl Iterator<Item = &'a Prepared>, model: &Model) -> TermFrequencies {
        let mut tf = TermFrequencies {
            surname: IdMap::default(),
            first: IdMap::default(),
            total: 0.0,
            u_surname: at(
                &model.u,
                SURNAME,
                usize::from(super::levels::surname::EQUAL),
                0.0,
            ),
            u_first: at(&model.u, FIRST, usize::from(first::EQUAL), 0.0),
        };
        for p in records {
            *tf.surname.entry(p.surname.core_id).or_default() += 1;
            *tf.first.entry(p.first.id).or_default() += 1;
            tf.total += 1.0;
        }
        tf
    }

    fn adjust(&self, counts: &IdMap<u32, u32>, id: u32, u: f64) -> f64 {
        let count = counts.get(&id).copied().unwrap_or(1).max(1);
        let share = f64::from(count) / self.total.max(1.0);
        if u <= 0.0 {
            return 0.0;
        }
        (u / share).log2().clamp(-TF_LIMIT, TF_LIMIT)
    }

    pub fn surname(&self, id: u32) -> f64 {
        self.adjust(&self.surname, id, self.u_surname)
    }

    pub fn first(&self, id: u32) -> f64 {
        self.adjust(&self.first, id, self.u_first)
    }
}

/// Random pairs sampled for the name and sex rows of `u`: the rarer name levels (klinkt gelijk,
/// andere schrijfwijze) are a few tenths of a percent of random pairs, so fewer samples leave
/// their weights to chance (BENCHMARKS.md, "Precision after the decisions: u counted, not sampled").
const U_SAMPLES: usize = 250_000;

/// `u` per field and level: the name and sex rows from [`U_SAMPLES`] random pairs, the birth-date
/// and address rows counted over all pairs ([`exact_date_u`], [`exact_address_u`]).
pub fn estimate_u(bsn: &[&Prepared], ond: &[&Prepared], texts: &Interner) -> PerLevel {
    let mut counts = [[1.0f64; MAX_LEVELS]; 5];
    if bsn.is_empty() || ond.is_empty() {
        return normalise(counts);
    }
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let samples = U_SAMPLES.min(bsn.len() * ond.len());
    let mut sim = Similarity::uncached(texts);
    for _ in 0..samples {
        let i = (next() % bsn.len() as u64) as usize;
        let j = (next() % ond.len() as u64) as usize;
        if let (Some(a), Some(b)) = (bsn.get(i), ond.get(j)) {
            let p = compare(a, b, &mut sim);
            for (f, l) in p.iter().enumerate() {
                if let Some(c) = counts.get_mut(f).and_then(|r| r.get_mut(est_level(f, *l))) {
                    *c += 1.0;
                }
            }
        }
    }
    let mut u = normalise(counts);
    u[DATE] = exact_date_u(bsn, ond);
    u[ADDRESS] = exact_address_u(bsn, ond);
    u
}

/// The birth-date row of `u` counted over all pairs of a BSN record and an onderwijsnummer record
/// instead of sampled: the close levels are a few hundredths of a percent of random pairs, so a
/// sample sees only a handful of them and their weights (10 bits and more) moved by a bit or two
/// from one register to the next. Every date close to one of the BSN side (equal, swapped, a day
/// off, a month or a year off, one digit off) is looked up among the onderwijsnummer side's dates,
/// its level taken from [`date_level`] itself; O(distinct dates × 80).
pub fn exact_date_u(bsn: &[&Prepared], ond: &[&Prepared]) -> Row {
    let mut b_count: HashMap<Date, f64> = HashMap::new();
    let mut o_count: HashMap<Date, f64> = HashMap::new();
    for p in bsn {
        if let Some(d) = p.date {
            *b_count.entry(d).or_default() += 1.0;
        }
    }
    for p in ond {
        if let Some(d) = p.date {
            *o_count.entry(d).or_default() += 1.0;
        }
    }
    let nb: f64 = b_count.values().sum();
    let no: f64 = o_count.values().sum();
    let mut counts = [0.0f64; MAX_LEVELS];
    let mut close: Vec<Date> = Vec::new();
    for (d, nd) in &b_count {
        close.clear();
        close_dates(*d, &mut close);
        for e in &close {
            if let Some(ne) = o_count.get(e) {
                let l = date_level(Some(*d), Some(*e));
                // Whole numbers of pairs: the sums are exact in any order of the maps.
                if let (true, Some(c)) = (
                    (date::EQUAL..=date::ONE_DIGIT).contains(&l),
                    counts.get_mut(usize::from(l)),
                ) {
                    *c += nd * ne;
                }
            }
        }
    }
    let near: f64 = counts.iter().sum();
    if let Some(c) = counts.get_mut(usize::from(date::OTHER)) {
        *c = (nb * no - near).max(0.0);
    }
    smooth(counts, LEVELS[DATE])
}

/// The dates that [`date_level`] can call close to `d` (all levels but "anders"), each once.
pub fn close_dates(d: Date, out: &mut Vec<Date>) {
    let (y, m, day) = (d.year(), u8::from(d.month()), d.day());
    let mut push = |y: i32, m: u8, day: u8| {
        if let Ok(e) =
            time::Month::try_from(m).and_then(|month| Date::from_calendar_date(y, month, day))
        {
            out.push(e);
        }
    };
    push(y, m, day);
    push(y, day, m);
    push(y, m + 1, day);
    push(y, m.saturating_sub(1), day);
    push(y + 1, m, day);
    push(y - 1, m, day);
    let digits = date_digits(day, m, y);
    for pos in 0..8 {
        for v in 0..10 {
            let mut x = digits;
            match x.get_mut(pos) {
                Some(digit) if *digit != v => *digit = v,
                _ => continue,
            }
            let [d1, d2, m1, m2, y1, y2, y3, y4] = x;
            let nday = d1 * 10 + d2;
            let nm = m1 * 10 + m2;
            let ny = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
            if let (Ok(nday), Ok(nm)) = (u8::try_from(nday), u8::try_from(nm)) {
                push(ny, nm, nday);
            }
        }
    }
    if let Some(e) = d.next_day() {
        out.push(e);
    }
    if let Some(e) = d.previous_day() {
        out.push(e);
    }
    out.sort_unstable();
    out.dedup();
}

/// The address row of `u` counted over all pairs (see [`exact_date_u`]) from the counts of each
/// postcode + huisnummer, postcode, woonplaats and postcode + woonplaats on both sides, among the
/// pairs where both records have an address; the levels as `address_level` gives them.
pub fn exact_address_u(bsn: &[&Prepared], ond: &[&Prepared]) -> Row {
    let has = |p: &Prepared| p.postcode_id != 0 || p.plaats_id != 0;
    // The BSN side counted; the onderwijsnummer side walked past those counts.
    let mut full: IdMap<(u32, u32), f64> = IdMap::default();
    let mut postcode: IdMap<u32, f64> = IdMap::default();
    let mut place: IdMap<u32, f64> = IdMap::default();
    let mut postcode_place: IdMap<(u32, u32), f64> = IdMap::default();
    let mut with_address = 0.0;
    for p in bsn.iter().filter(|p| has(p)) {
        with_address += 1.0;
        if p.postcode_id != 0 {
            *postcode.entry(p.postcode_id).or_default() += 1.0;
            if p.huisnummer_id != 0 {
                *full.entry((p.postcode_id, p.huisnummer_id)).or_default() += 1.0;
            }
            if p.plaats_id != 0 {
                *postcode_place
                    .entry((p.postcode_id, p.plaats_id))
                    .or_default() += 1.0;
            }
        }
        if p.plaats_id != 0 {
            *place.entry(p.plaats_id).or_default() += 1.0;
        }
    }
    let (mut pairs, mut same_full, mut same_postcode, mut same_place, mut same_both) =
        (0.0, 0.0, 0.0, 0.0, 0.0);
    for p in ond.iter().filter(|p| has(p)) {
        pairs += with_address;
        if p.postcode_id != 0 {
            same_postcode += postcode.get(&p.postcode_id).copied().unwrap_or(0.0);
            if p.huisnummer_id != 0 {
                same_full += full
                    .get(&(p.postcode_id, p.huisnummer_id))
                    .copied()
                    .unwrap_or(0.0);
            }
            if p.plaats_id != 0 {
                same_both += postcode_place
                    .get(&(p.postcode_id, p.plaats_id))
                    .copied()
                    .unwrap_or(0.0);
            }
        }
        if p.plaats_id != 0 {
            same_place += place.get(&p.plaats_id).copied().unwrap_or(0.0);
        }
    }
    // Postcode: the postcode but not the huisnummer; woonplaats: the place but not the postcode.
    let mut levels = [0.0; MAX_LEVELS];
    levels[1..5].copy_from_slice(&[
        same_full,
        same_postcode - same_full,
        same_place - same_both,
        (pairs - same_postcode - same_place + same_both).max(0.0),
    ]);
    smooth(levels, LEVELS[ADDRESS])
}

/// Counts over levels 1.. to shares, with one pair added to each level (as the sampled rows have).
pub fn smooth(mut counts: Row, levels: usize) -> Row {
    for c in counts.iter_mut().take(levels).skip(1) {
        *c += 1.0;
    }
    let total: f64 = counts.iter().take(levels).skip(1).sum();
    let mut out = [0.0f64; MAX_LEVELS];
    for (l, o) in out.iter_mut().enumerate().take(levels).skip(1) {
        *o = counts.get(l).copied().unwrap_or(0.0) / total.max(1.0);
    }
    out
}

/// Rows to probabilities over levels 1.. (level 0, missing, is left out).
fn normalise(mut counts: PerLevel) -> PerLevel {
    for (row, n) in counts.iter_mut().zip(LEVELS) {
        let total: f64 = row.iter().take(n).skip(1).sum();
        for (l, v) in row.iter_mut().enumerate() {
            *v = if l == 0 || l >= n || total <= 0.0 {
                0.0
            } else {
                *v / total
            };
        }
    }
    counts
}

/// EM over decoded patterns: only the fields in `fields` count; `m` of those is re-estimated when
/// `update_m`, the share of matches always (at most `cap`).
fn em_run(
    decoded: &[(Pattern, f64)],
    mut model: Model,
    cap: f64,
    fields: [bool; 5],
    update_m: bool,
) -> Model {
    let total: f64 = decoded.iter().map(|(_, n)| n).sum();
    if total <= 0.0 {
        return model;
    }
    for _ in 0..60 {
        let mut counts = [[0.5f64; MAX_LEVELS]; 5];
        let mut matched = 0.0;
        // ln(m / u) per field and level, once per round (ln is slow in wasm: no instruction).
        let mut odds = [[0.0f64; MAX_LEVELS]; 5];
        for (((row, m), u), on) in odds.iter_mut().zip(&model.m).zip(&model.u).zip(fields) {
            if on {
                for ((x, m), u) in row.iter_mut().zip(m).zip(u) {
                    *x = m.max(1e-9).ln() - u.max(1e-12).ln();
                }
            }
        }
        let prior = model.lambda.ln() - (1.0 - model.lambda).ln();
        for (p, n) in decoded {
            let mut z = prior;
            for (f, l) in p.iter().enumerate() {
                if *l != MISSING {
                    z += at(&odds, f, est_level(f, *l), 0.0);
                }
            }
            let g = 1.0 / (1.0 + (-z).exp());
            matched += g * n;
            for (f, l) in p.iter().enumerate() {
                if *l != MISSING
                    && let Some(c) = counts.get_mut(f).and_then(|r| r.get_mut(est_level(f, *l)))
                {
                    *c += g * n;
                }
            }
        }
        if update_m {
            let new = normalise(counts);
            for ((m, new), on) in model.m.iter_mut().zip(new).zip(fields) {
                if on {
                    *m = new;
                }
            }
        }
        model.lambda = (matched / total).clamp(1e-6, cap);
    }
    model
}

/// EM over the pattern counts (a two-class mixture; fastLink's trick: only the distinct patterns),
/// `u` from random pairs, `m` estimated field by field on the candidates that agree on other
/// fields, as Splink trains with blocking rules: the birth date, sex and address among the pairs
/// with surname and first name gelijk, the names among the pairs with the birth date gelijk; then
/// the share of matches over all candidates with `m` fixed. One EM over all candidates let
/// households (same surname and address, another child) make its match class: a birth date
/// "anders" in 40 % of the matches, where it is well under 1 % (BENCHMARKS.md). The share of
/// matches is at most one-to-one: min(|BSN side|, |onderwijsnummer side|) candidates.
pub fn estimate_m(patterns: &[(u32, usize)], u: PerLevel, max_matches: usize) -> Model {
    let start = estimate_m_start(u);
    let decoded: Vec<(Pattern, f64)> = patterns
        .iter()
        .map(|(c, n)| (pattern_of(*c), *n as f64))
        .collect();
    let total: f64 = decoded.iter().map(|(_, n)| n).sum();
    if total <= 0.0 {
        return start;
    }
    let cap_of = |d: &[(Pattern, f64)]| {
        let t: f64 = d.iter().map(|(_, n)| n).sum();
        (max_matches as f64 / t.max(1.0)).clamp(1e-6, 0.999)
    };
    // One session: EM on the candidates `keep` selects, `m` of `fields` estimated.
    let session = |keep: &dyn Fn(&Pattern) -> bool, fields: [bool; 5]| {
        let part: Vec<(Pattern, f64)> = decoded.iter().filter(|(p, _)| keep(p)).copied().collect();
        let cap = cap_of(&part);
        let mut model = estimate_m_start(u);
        model.lambda = cap / 2.0;
        em_run(&part, model, cap, fields, true)
    };
    let a = session(
        &|p| {
            p[SURNAME] == super::levels::surname::EQUAL
                && (p[FIRST] == first::EQUAL || p[FIRST] == first::ALL_EQUAL)
        },
        [false, false, true, true, true],
    );
    let b = session(&|p| p[DATE] == date::EQUAL, [true, true, false, true, true]);
    let mut m = start.m;
    m[SURNAME] = b.m[SURNAME];
    m[FIRST] = b.m[FIRST];
    m[DATE] = a.m[DATE];
    m[super::levels::SEX] = a.m[super::levels::SEX];
    m[ADDRESS] = a.m[ADDRESS];
    let cap = cap_of(&decoded);
    let model = Model {
        m,
        u,
        lambda: cap / 2.0,
    };
    em_run(&decoded, model, cap, [true; 5], false)
}

fn estimate_m_start(u: PerLevel) -> Model {
    let mut m = [[0.0f64; MAX_LEVELS]; 5];
    for (row, n) in m.iter_mut().zip(LEVELS) {
        for (l, v) in row.iter_mut().enumerate().take(n).skip(1) {
            *v = if l == 1 {
                0.9
            } else {
                0.1 / (n as f64 - 2.0).max(1.0)
            };
        }
    }
    Model { m, u, lambda: 0.1 }
}
