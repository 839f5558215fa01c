//! The duplicate finder ("Dubbelen zoeken"): pairs of records that are the same pupil, one
//! registered with a BSN and one with only an onderwijsnummer.
//!
//! Model: Fellegi–Sunter. Each field of a candidate pair gets a comparison level (exact, close,
//! …, missing). `u` (the chance of a level for two different pupils) comes from random pairs,
//! for the birth date and the address counted over all pairs;
//! `m` (the chance for the same pupil) and the share of matches come from EM over the counts of
//! agreement patterns of the blocked candidate pairs (fastLink's trick: only the distinct patterns
//! are iterated). The prior is the chance that any BSN record and any onderwijsnummer record are the
//! same pupil (matches found by EM over all pairs), so a weight means the same odds at any file
//! size. A pair's weight is the prior's log2 odds plus, per field, log2(m/u); agreeing on a common
//! name counts less than on a rare one (term frequencies); a missing field weighs 0. One rule
//! outside the model: the same family name with a clearly different first name is a brother,
//! sister or twin, and weighs [`SIBLING_WEIGHT`].
//!
//! Blocking (birth date, swapped birth date, surname sound + birth year, surname + first name,
//! postcode + huisnummer, first name + birth year) keeps large files from comparing all pairs.
//! Assignment is one-to-one, greedy by weight. Pure, deterministic, never panics.

pub mod normalize;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::Date;

use super::koppelregel::Geslacht;
use super::pupil::PupilRecord;
use normalize::{
    canonical_first, equal_but_unknown, first_name, fold, fold_keeping_unknown, has_unknown_letter,
    jaro_winkler, sound_key, surname_core, surname_full, surname_variant, variant_key,
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

/// Weight of the first-name field when the surname agrees but the first names clearly differ.
pub const SIBLING_WEIGHT: f64 = -40.0;

/// The first-name level of a brother, sister or twin (surname agrees, first name clearly not).
const SIBLING_LEVEL: u8 = 7;

/// The first-name level "anders" (what a sibling's first name is estimated as).
const FIRST_OTHER: u8 = 6;

/// Fewer records than this on the smaller side (BSN records or onderwijsnummer records) are too
/// few to estimate `m`, `u` and the term frequencies from: the finder uses [`DEFAULT_M`] and
/// [`DEFAULT_U`] instead (ARCHITECTURE.md, BENCHMARKS.md "small lists").
pub const MIN_RECORDS_PER_SIDE: usize = 100;

/// Fewer likely pairs than this (the share of matches EM finds among the candidate pairs, times
/// their number) are too few to estimate `m` from: the starting values are used.
pub const MIN_LIKELY_PAIRS: f64 = 25.0;

/// What an explanation says when the starting values were used.
pub const FALLBACK_NOTE: &str = "te weinig gegevens om te schatten; standaardwaarden gebruikt";

/// Starting values of `m` per field and level (level 0, missing, unused), rounded from what one EM
/// over all candidates gave on the generated registers of 20k rows (close to 2k and 100k), before
/// `m` was estimated field by field ([`estimate_m`]): more lenient than the estimates now are (a
/// birth date "anders" costs 0.4 bit instead of 8), which in a short list asks the officer about a
/// pair rather than hides it:
/// surname gelijk / andere schrijfwijze / onleesbare letters / klinkt gelijk / lijkt erop /
/// anders; first name the same (then broer of zus, weighed by [`SIBLING_WEIGHT`]); birth date
/// gelijk / omgedraaid / dag één anders / maand één anders / jaar één anders / één cijfer /
/// anders; geslacht gelijk / anders; address postcode en huisnummer / postcode / woonplaats /
/// anders. The unreadable-letter levels are rare in the generated registers: their `m` is set to
/// that of a spelling variant.
pub const DEFAULT_M: [[f64; 8]; 5] = [
    [0.0, 0.746, 0.073, 0.005, 0.022, 0.0035, 0.155, 0.0],
    [0.0, 0.216, 0.009, 0.005, 0.031, 0.063, 0.681, 0.0],
    [0.0, 0.133, 0.025, 0.0078, 0.0061, 0.0018, 0.053, 0.773],
    [0.0, 0.7, 0.3, 0.0, 0.0, 0.0, 0.0, 0.0],
    [0.0, 0.1, 0.00001, 0.08, 0.82, 0.0, 0.0, 0.0],
];

/// Starting values of `u` (two different pupils), rounded from the random pairs of the generated
/// registers of 20k and 100k rows. With [`DEFAULT_M`], a pair that agrees on every field weighs
/// 28.9 before the prior: 5.3 + 4.5 + 9.4 + 0.5 + 9.3.
pub const DEFAULT_U: [[f64; 8]; 5] = [
    [0.0, 0.0195, 0.0032, 0.00002, 0.0028, 0.0146, 0.96, 0.0],
    [0.0, 0.01, 0.00048, 0.00002, 0.002, 0.0053, 0.982, 0.0],
    [
        0.0, 0.0002, 0.00008, 0.00054, 0.00056, 0.00058, 0.0041, 0.994,
    ],
    [0.0, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0],
    [0.0, 0.00016, 0.00002, 0.083, 0.917, 0.0, 0.0, 0.0],
];

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

const FIELDS: [Field; 5] = [
    Field::Achternaam,
    Field::Voornaam,
    Field::Geboortedatum,
    Field::Geslacht,
    Field::Adres,
];
/// Levels per field; level 0 is always "missing".
const LEVELS: [usize; 5] = [7, 8, 8, 3, 5];

fn level_name(field: Field, level: u8) -> &'static str {
    match (field, level) {
        (_, 0) => "ontbreekt",
        (Field::Achternaam | Field::Voornaam, 1) => "gelijk",
        (Field::Achternaam | Field::Voornaam, 2) => "andere schrijfwijze",
        (Field::Achternaam | Field::Voornaam, 3) => "gelijk op onleesbare letters na",
        (Field::Achternaam | Field::Voornaam, 4) => "klinkt gelijk",
        (Field::Achternaam, 5) => "lijkt erop",
        (Field::Voornaam, 5) => "lijkt erop of voorletter",
        (Field::Voornaam, 7) => "andere voornaam (broer, zus?)",
        (Field::Geboortedatum, 1) => "gelijk",
        (Field::Geboortedatum, 2) => "dag en maand omgedraaid",
        (Field::Geboortedatum, 3) => "dag één anders",
        (Field::Geboortedatum, 4) => "maand één anders",
        (Field::Geboortedatum, 5) => "jaar één anders",
        (Field::Geboortedatum, 6) => "één cijfer anders",
        (Field::Geslacht, 1) => "gelijk",
        (Field::Adres, 1) => "postcode en huisnummer",
        (Field::Adres, 2) => "postcode",
        (Field::Adres, 3) => "woonplaats",
        _ => "anders",
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    /// The estimated prior (log2 odds) over all pairs of a BSN record and an onderwijsnummer record.
    pub prior: f64,
    /// The data were too few to estimate from: [`DEFAULT_M`], [`DEFAULT_U`] and the stated prior
    /// were used, without term frequencies.
    #[serde(default)]
    pub defaults_used: bool,
}

/// What is compared, prepared once per record: texts as interned ids (equal text, equal number;
/// 0 is the empty text), so that the comparison loop tests equality on numbers and touches little
/// memory; the texts themselves are in the [`Interner`], needed only for Jaro-Winkler.
struct Prepared {
    core_id: u32,
    full_id: u32,
    sound_id: u32,
    first_id: u32,
    first_canon_id: u32,
    first_sound_id: u32,
    postcode_id: u32,
    huisnummer_id: u32,
    plaats_id: u32,
    /// Spelling-variant keys ([`normalize::variant_key`]) of the surname and the first name.
    variant_id: u32,
    first_variant_id: u32,
    /// The surname core and first name folded with their lost letters as `?`; 0 when none lost.
    core_unknown_id: u32,
    first_unknown_id: u32,
    first_char: Option<char>,
    /// The first name is one letter (an initial).
    initial: bool,
    /// The first byte of the surname core (0 when empty).
    core_start: u8,
    date: Option<Date>,
    sex: Option<bool>,
}

/// Equal texts get equal numbers; the empty text is 0.
struct Interner {
    ids: IdMap<String, u32>,
    texts: Vec<String>,
}

impl Interner {
    fn new() -> Interner {
        Interner {
            ids: IdMap::from_iter([(String::new(), 0)]),
            texts: vec![String::new()],
        }
    }

    fn id(&mut self, text: &str) -> u32 {
        if let Some(id) = self.ids.get(text) {
            return *id;
        }
        let id = self.texts.len() as u32;
        self.ids.insert(text.to_string(), id);
        self.texts.push(text.to_string());
        id
    }

    fn text(&self, id: u32) -> &str {
        self.texts
            .get(id as usize)
            .map(String::as_str)
            .unwrap_or("")
    }
}

#[cfg(test)]
fn prepare(r: &PupilRecord, ids: &mut Interner) -> Prepared {
    Preparer::new().prepare(r, ids)
}

/// (core, full, sound, variant, with lost letters, first byte of the core)
type PreparedSurname = (u32, u32, u32, u32, u32, u8);
/// (first, canonical, sound, variant, with lost letters, first letter, is an initial)
type PreparedFirst = (u32, u32, u32, u32, u32, Option<char>, bool);

/// Prepares records, remembering what it made of each surname, first name and place: a register
/// repeats them (Jansen, Daan, Utrecht) thousands of times, and normalising is the costly part.
struct Preparer {
    surnames: IdMap<String, PreparedSurname>,
    first_names: IdMap<String, PreparedFirst>,
    places: IdMap<String, u32>,
    key: String,
}

impl Preparer {
    fn new() -> Preparer {
        Preparer {
            surnames: IdMap::default(),
            first_names: IdMap::default(),
            places: IdMap::default(),
            key: String::new(),
        }
    }

    fn prepare(&mut self, r: &PupilRecord, ids: &mut Interner) -> Prepared {
        self.key.clear();
        self.key.push_str(&r.voorvoegsel);
        self.key.push('\u{1}');
        self.key.push_str(&r.achternaam);
        let (core_id, full_id, sound_id, variant_id, core_unknown_id, core_start) =
            match self.surnames.get(self.key.as_str()) {
                Some(known) => *known,
                None => {
                    let core = surname_core(&r.voorvoegsel, &r.achternaam);
                    let full = surname_full(&r.voorvoegsel, &r.achternaam);
                    let unknown = if has_unknown_letter(&r.achternaam) {
                        let (_, core) = crate::names::split_surname(&r.achternaam);
                        ids.id(&fold_keeping_unknown(&core))
                    } else {
                        0
                    };
                    let made = (
                        ids.id(&core),
                        ids.id(&full),
                        ids.id(&sound_key(&core)),
                        ids.id(&surname_variant(&r.achternaam)),
                        unknown,
                        core.as_bytes().first().copied().unwrap_or(0),
                    );
                    self.surnames.insert(self.key.clone(), made);
                    made
                }
            };
        let (
            first_id,
            first_canon_id,
            first_sound_id,
            first_variant_id,
            first_unknown_id,
            first_char,
            initial,
        ) = match self.first_names.get(r.voornamen.as_str()) {
            Some(known) => *known,
            None => {
                let first = first_name(&r.voornamen);
                let canon = canonical_first(&first);
                let mut chars = first.chars();
                let first_char = chars.next();
                let unknown = if has_unknown_letter(&r.voornamen) {
                    let word = r
                        .voornamen
                        .split(|c: char| c.is_whitespace() || c == ',')
                        .find(|w| !w.is_empty())
                        .unwrap_or("");
                    ids.id(&fold_keeping_unknown(word))
                } else {
                    0
                };
                let made = (
                    ids.id(&first),
                    ids.id(canon),
                    ids.id(&sound_key(canon)),
                    ids.id(&variant_key(canon)),
                    unknown,
                    first_char,
                    first_char.is_some() && chars.next().is_none(),
                );
                self.first_names.insert(r.voornamen.clone(), made);
                made
            }
        };
        let plaats_id = match self.places.get(r.woonplaats.as_str()) {
            Some(known) => *known,
            None => {
                let id = ids.id(&fold(&r.woonplaats));
                self.places.insert(r.woonplaats.clone(), id);
                id
            }
        };
        Prepared {
            core_id,
            full_id,
            sound_id,
            first_id,
            first_canon_id,
            first_sound_id,
            postcode_id: ids.id(&fold(&r.postcode)),
            huisnummer_id: ids.id(&fold(&r.huisnummer)),
            plaats_id,
            variant_id,
            first_variant_id,
            core_unknown_id,
            first_unknown_id,
            first_char,
            initial,
            core_start,
            date: r.geboortedatum,
            sex: match r.geslacht {
                Some(Geslacht::Man) => Some(true),
                Some(Geslacht::Vrouw) => Some(false),
                _ => None,
            },
        }
    }
}

/// A hasher for interned ids, block keys and the short texts of names and places: one multiply per
/// word (per byte for texts) instead of SipHash, which showed in the profile of the comparison loop.
/// Not resistant to crafted collisions — the input is the officer's own files.
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
}

type IdMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;

/// Most Jaro-Winkler results kept at once: registers with many different names (more pairs of
/// names than this) would otherwise grow the cache to tens of megabytes and make every look-up a
/// miss of the processor's cache (BENCHMARKS.md); emptied when full.
const SIMILARITY_CACHE: usize = 1 << 16;

/// Jaro-Winkler results by the ids of the two texts: common names meet each other again and again.
struct Similarity<'a> {
    texts: &'a Interner,
    cache: IdMap<u64, f64>,
    caching: bool,
}

impl<'a> Similarity<'a> {
    fn new(texts: &'a Interner) -> Similarity<'a> {
        Similarity {
            texts,
            cache: IdMap::default(),
            caching: true,
        }
    }

    /// Without a cache: for random pairs, whose names seldom meet twice.
    fn uncached(texts: &'a Interner) -> Similarity<'a> {
        Similarity {
            texts,
            cache: IdMap::default(),
            caching: false,
        }
    }

    fn of(&mut self, a: u32, b: u32) -> f64 {
        let key = (u64::from(a) << 32) | u64::from(b);
        let texts = self.texts;
        if !self.caching {
            return jaro_winkler(texts.text(a), texts.text(b));
        }
        if self.cache.len() >= SIMILARITY_CACHE && !self.cache.contains_key(&key) {
            self.cache.clear();
        }
        *self
            .cache
            .entry(key)
            .or_insert_with(|| jaro_winkler(texts.text(a), texts.text(b)))
    }
}

fn surname_level(a: &Prepared, b: &Prepared, sim: &mut Similarity) -> u8 {
    if a.core_id == 0 || b.core_id == 0 {
        return 0;
    }
    if a.core_id == b.core_id
        || a.full_id == b.full_id
        || a.full_id == b.core_id
        || a.core_id == b.full_id
    {
        return 1;
    }
    if (a.core_unknown_id != 0 || b.core_unknown_id != 0)
        && unknown_equal(
            a.core_unknown_id,
            a.core_id,
            b.core_unknown_id,
            b.core_id,
            sim,
        )
    {
        return 3;
    }
    if a.variant_id == b.variant_id && a.variant_id != 0 {
        return 2;
    }
    let mut jw = sim.of(a.core_id, b.core_id);
    if a.full_id != a.core_id || b.full_id != b.core_id {
        jw = jw.max(sim.of(a.full_id, b.full_id));
    }
    // The sound key is coarse for short names (Dam, Tim): it counts when the names also start
    // alike or are close.
    let same_start = a.core_start == b.core_start;
    if a.sound_id == b.sound_id && (same_start || jw >= 0.80) {
        return 4;
    }
    if jw >= 0.92 {
        4
    } else if jw >= 0.80 {
        5
    } else {
        6
    }
}

/// Two names equal but for letters lost in an export: the text with `?` where it has one, else
/// the folded text.
fn unknown_equal(a_unknown: u32, a: u32, b_unknown: u32, b: u32, sim: &Similarity) -> bool {
    let pick = |u: u32, t: u32| if u != 0 { u } else { t };
    equal_but_unknown(
        sim.texts.text(pick(a_unknown, a)),
        sim.texts.text(pick(b_unknown, b)),
    )
}

/// First-name level; 5 (sibling) is decided by the caller.
fn first_level(a: &Prepared, b: &Prepared, sim: &mut Similarity) -> u8 {
    if a.first_id == 0 || b.first_id == 0 {
        return 0;
    }
    if a.first_canon_id == b.first_canon_id {
        return 1;
    }
    if a.initial || b.initial {
        return if a.first_char == b.first_char {
            5
        } else {
            FIRST_OTHER
        };
    }
    if (a.first_unknown_id != 0 || b.first_unknown_id != 0)
        && unknown_equal(
            a.first_unknown_id,
            a.first_id,
            b.first_unknown_id,
            b.first_id,
            sim,
        )
    {
        return 3;
    }
    if a.first_variant_id == b.first_variant_id {
        return 2;
    }
    let jw = sim.of(a.first_id, b.first_id);
    // As for surnames: Tim and Demi sound alike by the key, but are different names.
    if a.first_sound_id == b.first_sound_id && (a.first_char == b.first_char || jw >= 0.80) {
        return 4;
    }
    if jw >= 0.90 {
        4
    } else if jw >= 0.80 {
        5
    } else {
        FIRST_OTHER
    }
}

/// Birth-date level: 1 equal, 2 day and month swapped, 3 a day apart, 4 only the month one off,
/// 5 only the year one off, 6 one digit off, 7 other, 0 missing.
pub fn date_level(a: Option<Date>, b: Option<Date>) -> u8 {
    let (Some(a), Some(b)) = (a, b) else { return 0 };
    if a == b {
        return 1;
    }
    let (ad, am, ay) = (a.day(), u8::from(a.month()), a.year());
    let (bd, bm, by) = (b.day(), u8::from(b.month()), b.year());
    if ay == by && ad == bm && am == bd {
        return 2;
    }
    if (a.to_julian_day() - b.to_julian_day()).abs() == 1 {
        return 3;
    }
    if ay == by && ad == bd && am.abs_diff(bm) == 1 {
        return 4;
    }
    if ad == bd && am == bm && (ay - by).abs() == 1 {
        return 5;
    }
    let digits = |d: u8, m: u8, y: i32| -> [i32; 8] {
        let (d, m) = (i32::from(d), i32::from(m));
        [
            d / 10,
            d % 10,
            m / 10,
            m % 10,
            y / 1000 % 10,
            y / 100 % 10,
            y / 10 % 10,
            y % 10,
        ]
    };
    let diff = digits(ad, am, ay)
        .iter()
        .zip(digits(bd, bm, by).iter())
        .filter(|(x, y)| x != y)
        .count();
    if diff == 1 {
        return 6;
    }
    7
}

fn sex_level(a: Option<bool>, b: Option<bool>) -> u8 {
    match (a, b) {
        (Some(x), Some(y)) if x == y => 1,
        (Some(_), Some(_)) => 2,
        _ => 0,
    }
}

fn address_level(a: &Prepared, b: &Prepared) -> u8 {
    let a_has = a.postcode_id != 0 || a.plaats_id != 0;
    let b_has = b.postcode_id != 0 || b.plaats_id != 0;
    if !a_has || !b_has {
        return 0;
    }
    if a.postcode_id != 0 && a.postcode_id == b.postcode_id {
        if a.huisnummer_id != 0 && a.huisnummer_id == b.huisnummer_id {
            return 1;
        }
        return 2;
    }
    if a.plaats_id != 0 && a.plaats_id == b.plaats_id {
        return 3;
    }
    4
}

/// The levels of all fields for one pair.
fn compare(a: &Prepared, b: &Prepared, sim: &mut Similarity) -> [u8; 5] {
    let s = surname_level(a, b, sim);
    let mut f = first_level(a, b, sim);
    if f == FIRST_OTHER && (1..=4).contains(&s) {
        f = SIBLING_LEVEL;
    }
    [
        s,
        f,
        date_level(a.date, b.date),
        sex_level(a.sex, b.sex),
        address_level(a, b),
    ]
}

fn pattern_code(p: [u8; 5]) -> u32 {
    p.iter().fold(0u32, |acc, l| acc * 8 + u32::from(*l))
}

fn pattern_of(code: u32) -> [u8; 5] {
    let mut out = [0u8; 5];
    let mut c = code;
    for slot in out.iter_mut().rev() {
        *slot = (c % 8) as u8;
        c /= 8;
    }
    out
}

/// The candidate pairs of a search: (BSN record, onderwijsnummer record, pattern code) packed in one
/// `u64` (24 + 24 + 16 bits), in chunks of fixed size, so that millions of pairs take 8 bytes each,
/// growing never copies them (a `Vec` of triples doubled to 100 MB at 100k rows: BENCHMARKS.md) and
/// the pairs kept for re-scoring are filtered in place. Ordered by onderwijsnummer record, then BSN
/// record (the order they are found in). Records beyond 2^24 are not compared (far above the
/// import's row limit).
#[derive(Default)]
struct CandidateStore {
    chunks: Vec<Vec<u64>>,
    len: usize,
}

const CHUNK: usize = 1 << 16;
const RECORD_LIMIT: u32 = 1 << 24;

impl CandidateStore {
    fn push(&mut self, i: u32, j: u32, code: u32) {
        if i >= RECORD_LIMIT || j >= RECORD_LIMIT {
            return;
        }
        if self.chunks.last().is_none_or(|c| c.len() >= CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        if let Some(chunk) = self.chunks.last_mut() {
            chunk.push((u64::from(i) << 40) | (u64::from(j) << 16) | u64::from(code & 0xFFFF));
            self.len += 1;
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn iter(&self) -> impl Iterator<Item = (u32, u32, u32)> + '_ {
        self.chunks.iter().flatten().map(|x| unpack(*x))
    }

    /// Keep only the pairs `keep` says yes to, chunk by chunk (never a second copy of all pairs).
    fn retain(&mut self, mut keep: impl FnMut(u32, u32, u32) -> bool) {
        for chunk in &mut self.chunks {
            chunk.retain(|x| {
                let (i, j, c) = unpack(*x);
                keep(i, j, c)
            });
            chunk.shrink_to_fit();
        }
        self.chunks.retain(|c| !c.is_empty());
        self.chunks.shrink_to_fit();
        self.len = self.chunks.iter().map(Vec::len).sum();
    }

    /// The pattern code of the pair (BSN record `i`, onderwijsnummer record `j`), if it is here.
    fn find(&self, i: u32, j: u32) -> Option<u32> {
        let order = |x: &u64| {
            let (a, b, _) = unpack(*x);
            (b, a)
        };
        let target = (j, i);
        let k = self
            .chunks
            .partition_point(|c| c.last().is_some_and(|x| order(x) < target));
        let chunk = self.chunks.get(k)?;
        let at = chunk.binary_search_by(|x| order(x).cmp(&target)).ok()?;
        chunk.get(at).map(|x| unpack(*x).2)
    }
}

fn unpack(x: u64) -> (u32, u32, u32) {
    (
        (x >> 40) as u32,
        ((x >> 16) & 0xFF_FFFF) as u32,
        (x & 0xFFFF) as u32,
    )
}

/// FNV-1a, for deterministic block keys.
fn key(tag: u8, parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(tag);
    for part in parts {
        for b in part.iter().chain(std::iter::once(&0xFFu8)) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn date_bytes(d: Date) -> [u8; 4] {
    let y = d.year().to_le_bytes();
    [y[0], y[1], u8::from(d.month()), d.day()]
}

/// Block keys of a record; `swapped` adds the day↔month swapped date.
fn block_keys(p: &Prepared, swapped: bool) -> Vec<u64> {
    let mut keys = Vec::with_capacity(7);
    if let Some(d) = p.date {
        keys.push(key(1, &[&date_bytes(d)]));
        let swapped_date = time::Month::try_from(d.day())
            .ok()
            .and_then(|m| Date::from_calendar_date(d.year(), m, u8::from(d.month())).ok());
        if let (true, Some(s)) = (swapped, swapped_date) {
            keys.push(key(1, &[&date_bytes(s)]));
        }
        let year = d.year().to_le_bytes();
        if p.sound_id != 0 {
            keys.push(key(2, &[&p.sound_id.to_le_bytes(), &year]));
        }
        if p.first_sound_id != 0 {
            keys.push(key(3, &[&p.first_sound_id.to_le_bytes(), &year]));
        }
    }
    if p.sound_id != 0 && p.first_sound_id != 0 {
        let initial = u32::from(p.first_char.unwrap_or(' '));
        keys.push(key(4, &[&p.sound_id.to_le_bytes(), &initial.to_le_bytes()]));
    }
    if p.postcode_id != 0 && p.huisnummer_id != 0 {
        keys.push(key(
            5,
            &[&p.postcode_id.to_le_bytes(), &p.huisnummer_id.to_le_bytes()],
        ));
    }
    keys
}

/// Largest block looked at; larger blocks (a very common name in one year) are skipped, other
/// keys still find those pairs.
const MAX_BLOCK: usize = 80;

/// m and u per field and level, and the prior.
struct Model {
    m: [[f64; 8]; 5],
    u: [[f64; 8]; 5],
    lambda: f64,
}

impl Model {
    fn weight(&self, field: usize, level: u8) -> f64 {
        if level == 0 {
            return 0.0;
        }
        if field == 1 && level == SIBLING_LEVEL {
            return SIBLING_WEIGHT;
        }
        let l = usize::from(level);
        let m = self
            .m
            .get(field)
            .and_then(|r| r.get(l))
            .copied()
            .unwrap_or(1e-6);
        let u = self
            .u
            .get(field)
            .and_then(|r| r.get(l))
            .copied()
            .unwrap_or(1.0);
        (m.max(1e-6) / u.max(1e-9)).log2()
    }
}

/// Term-frequency adjustment (as Splink does): agreeing on a common name (Jansen, Daan) says less
/// than agreeing on a rare one. For the "gelijk" level of surname and first name, the model's
/// average `u` is replaced by the share of records with that name: the weight moves by
/// log2(u / share), within ±[`TF_LIMIT`] bits.
struct TermFrequencies {
    surname: IdMap<u32, u32>,
    first: IdMap<u32, u32>,
    total: f64,
    u_surname: f64,
    u_first: f64,
}

/// The most a name's frequency moves a field's weight, in bits.
const TF_LIMIT: f64 = 4.0;

impl TermFrequencies {
    fn new<'a>(records: impl Iterator<Item = &'a Prepared>, model: &Model) -> TermFrequencies {
        let mut tf = TermFrequencies {
            surname: IdMap::default(),
            first: IdMap::default(),
            total: 0.0,
            u_surname: model.u[0][1],
            u_first: model.u[1][1],
        };
        for p in records {
            *tf.surname.entry(p.core_id).or_default() += 1;
            *tf.first.entry(p.first_canon_id).or_default() += 1;
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

    fn surname(&self, id: u32) -> f64 {
        self.adjust(&self.surname, id, self.u_surname)
    }

    fn first(&self, id: u32) -> f64 {
        self.adjust(&self.first, id, self.u_first)
    }
}

/// The sibling level counts as "other" for estimation.
fn est_level(field: usize, level: u8) -> usize {
    if field == 1 && level == SIBLING_LEVEL {
        usize::from(FIRST_OTHER)
    } else {
        usize::from(level)
    }
}

/// Random pairs sampled for the name and sex rows of `u`: the rarer name levels (klinkt gelijk,
/// andere schrijfwijze) are a few tenths of a percent of random pairs, so fewer samples leave
/// their weights to chance (BENCHMARKS.md, "u exact where it can be").
const U_SAMPLES: usize = 250_000;

/// `u` per field and level: the name and sex rows from [`U_SAMPLES`] random pairs, the birth-date
/// and address rows counted over all pairs ([`exact_date_u`], [`exact_address_u`]).
fn estimate_u(bsn: &[&Prepared], ond: &[&Prepared], texts: &Interner) -> [[f64; 8]; 5] {
    let mut counts = [[1.0f64; 8]; 5];
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
    if let Some(row) = u.get_mut(2) {
        *row = exact_date_u(bsn, ond);
    }
    if let Some(row) = u.get_mut(4) {
        *row = exact_address_u(bsn, ond);
    }
    u
}

/// The birth-date row of `u` counted over all pairs of a BSN record and an onderwijsnummer record
/// instead of sampled: the close levels (1–6) are a few hundredths of a percent of random pairs,
/// so a sample sees only a handful of them and their weights (10 bits and more) moved by a bit or
/// two from one register to the next. Every date close to one of the BSN side (equal, swapped, a
/// day off, a month or a year off, one digit off) is looked up among the onderwijsnummer side's
/// dates, its level taken from [`date_level`] itself; O(distinct dates × 80).
fn exact_date_u(bsn: &[&Prepared], ond: &[&Prepared]) -> [f64; 8] {
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
    let mut counts = [0.0f64; 8];
    let mut close: Vec<Date> = Vec::new();
    for (d, nd) in &b_count {
        close.clear();
        close_dates(*d, &mut close);
        for e in &close {
            if let Some(ne) = o_count.get(e) {
                let l = usize::from(date_level(Some(*d), Some(*e)));
                // Whole numbers of pairs: the sums are exact in any order of the maps.
                if let (true, Some(c)) = ((1..=6).contains(&l), counts.get_mut(l)) {
                    *c += nd * ne;
                }
            }
        }
    }
    let near: f64 = counts.iter().sum();
    if let Some(c) = counts.get_mut(7) {
        *c = (nb * no - near).max(0.0);
    }
    smooth(counts, LEVELS[2])
}

/// The dates that [`date_level`] can call close to `d` (levels 1–6), each once.
fn close_dates(d: Date, out: &mut Vec<Date>) {
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
    let digits = [
        i32::from(day / 10),
        i32::from(day % 10),
        i32::from(m / 10),
        i32::from(m % 10),
        y / 1000 % 10,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
    ];
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
/// pairs where both records have an address; the levels as [`address_level`] gives them.
fn exact_address_u(bsn: &[&Prepared], ond: &[&Prepared]) -> [f64; 8] {
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
    // Level 2: the postcode but not the huisnummer; level 3: the place but not the postcode.
    let levels = [
        0.0,
        same_full,
        same_postcode - same_full,
        same_place - same_both,
        (pairs - same_postcode - same_place + same_both).max(0.0),
        0.0,
        0.0,
        0.0,
    ];
    smooth(levels, LEVELS[4])
}

/// Counts over levels 1.. to shares, with one pair added to each level (as the sampled rows have).
fn smooth(mut counts: [f64; 8], levels: usize) -> [f64; 8] {
    for c in counts.iter_mut().take(levels).skip(1) {
        *c += 1.0;
    }
    let total: f64 = counts.iter().take(levels).skip(1).sum();
    let mut out = [0.0f64; 8];
    for (l, o) in out.iter_mut().enumerate().take(levels).skip(1) {
        *o = counts.get(l).copied().unwrap_or(0.0) / total.max(1.0);
    }
    out
}

/// Rows to probabilities over levels 1.. (level 0, missing, is left out).
fn normalise(mut counts: [[f64; 8]; 5]) -> [[f64; 8]; 5] {
    for (f, row) in counts.iter_mut().enumerate() {
        let n = LEVELS.get(f).copied().unwrap_or(0);
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
    decoded: &[([u8; 5], f64)],
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
        let mut counts = [[0.5f64; 8]; 5];
        let mut matched = 0.0;
        // ln(m / u) per field and level, once per round (ln is slow in wasm: no instruction).
        let mut odds = [[0.0f64; 8]; 5];
        for (f, row) in odds.iter_mut().enumerate() {
            if fields[f] {
                for (e, x) in row.iter_mut().enumerate() {
                    *x = model.m[f][e].max(1e-9).ln() - model.u[f][e].max(1e-12).ln();
                }
            }
        }
        let prior = model.lambda.ln() - (1.0 - model.lambda).ln();
        for (p, n) in decoded {
            let mut z = prior;
            for (f, l) in p.iter().enumerate() {
                if *l != 0 {
                    z += odds[f][est_level(f, *l)];
                }
            }
            let g = 1.0 / (1.0 + (-z).exp());
            matched += g * n;
            for (f, l) in p.iter().enumerate() {
                if *l != 0 {
                    counts[f][est_level(f, *l)] += g * n;
                }
            }
        }
        if update_m {
            let new = normalise(counts);
            for f in 0..5 {
                if fields[f] {
                    model.m[f] = new[f];
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
fn estimate_m(patterns: &[(u32, usize)], u: [[f64; 8]; 5], max_matches: usize) -> Model {
    let start = estimate_m_start(u);
    let decoded: Vec<([u8; 5], f64)> = patterns
        .iter()
        .map(|(c, n)| (pattern_of(*c), *n as f64))
        .collect();
    let total: f64 = decoded.iter().map(|(_, n)| n).sum();
    if total <= 0.0 {
        return start;
    }
    let cap_of = |d: &[([u8; 5], f64)]| {
        let t: f64 = d.iter().map(|(_, n)| n).sum();
        (max_matches as f64 / t.max(1.0)).clamp(1e-6, 0.999)
    };
    // One session: EM on the candidates `keep` selects, `m` of `fields` estimated.
    let session = |keep: &dyn Fn(&[u8; 5]) -> bool, fields: [bool; 5]| {
        let part: Vec<([u8; 5], f64)> = decoded.iter().filter(|(p, _)| keep(p)).copied().collect();
        let cap = cap_of(&part);
        let mut model = estimate_m_start(u);
        model.lambda = cap / 2.0;
        em_run(&part, model, cap, fields, true)
    };
    let a = session(
        &|p| p[0] == 1 && p[1] == 1,
        [false, false, true, true, true],
    );
    let b = session(&|p| p[2] == 1, [true, true, false, true, true]);
    let mut m = start.m;
    m[0] = b.m[0];
    m[1] = b.m[1];
    m[2] = a.m[2];
    m[3] = a.m[3];
    m[4] = a.m[4];
    let cap = cap_of(&decoded);
    let model = Model {
        m,
        u,
        lambda: cap / 2.0,
    };
    em_run(&decoded, model, cap, [true; 5], false)
}

fn estimate_m_start(u: [[f64; 8]; 5]) -> Model {
    let mut m = [[0.0f64; 8]; 5];
    for (f, row) in m.iter_mut().enumerate() {
        let n = LEVELS.get(f).copied().unwrap_or(1);
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

/// How far a decision can move one field's weight, in bits (per level, either way): the officer's
/// decisions correct the model, they do not replace it.
pub const MAX_CORRECTION: f64 = 3.0;

/// The prior on a correction (bits): a Gaussian with this standard deviation around 0. One
/// decision moves a level's weight by a fraction of a bit; tens of consistent decisions move it by
/// bits (ARCHITECTURE.md, "Learning from the officer").
pub const CORRECTION_SIGMA: f64 = 0.7;

/// Candidate pairs whose weight is this far below the floor are not kept for re-scoring: the
/// five fields' corrections together move a pair by at most this much.
const KEEP_MARGIN: f64 = 5.0 * MAX_CORRECTION;

/// The officer's decision on a pair of records (indices into the records searched).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub bsn_record: usize,
    pub onderwijs_record: usize,
    /// True: the same pupil (*Koppelen*); false: two different pupils (*Geen dubbel*).
    pub same: bool,
}

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
    prepared: Vec<Option<Prepared>>,
    texts: Interner,
    /// The candidate pairs within [`KEEP_MARGIN`] of the floor.
    candidates: CandidateStore,
    tf_adj: Vec<[f64; 2]>,
    model: Model,
    prior: f64,
    defaults_used: bool,
    floor: f64,
    /// Bits added to the weight of a field's level, learned from the decisions.
    correction: [[f64; 8]; 5],
    /// How many decisions the correction was learned from.
    learned_from: usize,
    already_linked: Vec<usize>,
    without_number: Vec<usize>,
    candidate_pairs: usize,
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
fn field_weights(p: [u8; 5], weight: impl Fn(usize, u8) -> f64) -> Vec<FieldWeight> {
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

/// How many pairs [`first_pairs`] gives at most: more than an officer judges while the search runs.
pub const FIRST_PAIRS: usize = 20;

/// What the explanation of a pair from [`first_pairs`] says about its weight.
pub const FIRST_NOTE: &str = "voorlopig gewicht met standaardwaarden; Koppelhulp rekent het gewicht uit uw bestanden nog uit";

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
            .or_insert_with(|| number(canonical_first(&first_name(&r.voornamen)).to_string()));
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
    for (n, &j) in ond_side.iter().enumerate() {
        if n % 1000 == 0 {
            progress(Stage::Vergelijken, n, ond_side.len());
        }
        let Some(b) = get(j) else { continue };
        seen.clear();
        for k in block_keys(b, true) {
            if let Some(list) = index.get(&k).filter(|l| l.len() <= MAX_BLOCK) {
                seen.extend_from_slice(list);
            }
        }
        seen.sort_unstable();
        seen.dedup();
        for &i in &seen {
            if let Some(a) = get(i as usize) {
                candidates.push(i, j as u32, pattern_code(compare(a, b, &mut sim)));
            }
        }
    }
    drop(sim);
    drop(index);
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
                .map(|a| [tf.surname(a.core_id), tf.first(a.first_canon_id)])
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
        correction: [[0.0; 8]; 5],
        learned_from: 0,
        already_linked,
        without_number,
        candidate_pairs,
    };
    // Keep only the candidates that decisions could lift to the floor.
    let table = search.pattern_table();
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
        if level == 0 || (field == 1 && level == SIBLING_LEVEL) {
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
        (0..1u32 << 15)
            .map(|c| Some(self.pattern_weight(pattern_of(c))))
            .collect()
    }

    fn pattern_weight(&self, p: [u8; 5]) -> f64 {
        self.prior
            + p.iter()
                .enumerate()
                .map(|(f, l)| self.field_weight(f, *l))
                .sum::<f64>()
    }

    /// The term-frequency adjustment of a pair with BSN record `i` and this pattern.
    fn tf_of(&self, i: u32, p: [u8; 5]) -> [f64; 5] {
        let mut adj = [0.0; 5];
        if let Some(t) = self.tf_adj.get(i as usize) {
            if p[0] == 1 {
                adj[0] = t[0];
            }
            if p[1] == 1 {
                adj[1] = t[1];
            }
        }
        adj
    }

    fn tf_sum(&self, i: u32, p: [u8; 5]) -> f64 {
        self.tf_of(i, p).iter().sum()
    }

    /// The comparison vector of any two records searched (also a pair blocking did not bring).
    fn pattern(&self, i: usize, j: usize) -> Option<u32> {
        if let Some(c) = u32::try_from(i)
            .ok()
            .zip(u32::try_from(j).ok())
            .and_then(|(i, j)| self.candidates.find(i, j))
        {
            return Some(c);
        }
        let a = self.prepared.get(i)?.as_ref()?;
        let b = self.prepared.get(j)?.as_ref()?;
        Some(pattern_code(compare(
            a,
            b,
            &mut Similarity::new(&self.texts),
        )))
    }

    /// The weight of one pair of records with the current (learned) model, or `None` when one of
    /// them was not compared (no number, or both numbers).
    pub fn weight_of(&self, bsn_record: usize, onderwijs_record: usize) -> Option<f64> {
        let c = self.pattern(bsn_record, onderwijs_record)?;
        let p = pattern_of(c);
        Some(self.pattern_weight(p) + self.tf_sum(bsn_record as u32, p))
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

    /// Learn from the officer's decisions: the correction per field and level is estimated again
    /// from all of them (not step by step), so taking a decision back (undo) gives exactly the
    /// weights from before it. Logistic regression of the decisions on the levels, with the
    /// model's weight as offset and a Gaussian prior ([`CORRECTION_SIGMA`]) on each correction:
    /// the threshold keeps meaning odds, and a few decisions move the weights little. Decisions on
    /// records that were not compared are skipped.
    pub fn learn(&mut self, labels: &[Label]) {
        self.correction = [[0.0; 8]; 5];
        let mut rows: Vec<(f64, [u8; 5], bool)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for l in labels {
            if !seen.insert((l.bsn_record, l.onderwijs_record)) {
                continue;
            }
            if let Some(c) = self.pattern(l.bsn_record, l.onderwijs_record) {
                let p = pattern_of(c);
                if p[1] == SIBLING_LEVEL {
                    continue;
                }
                let offset = self.pattern_weight(p) + self.tf_sum(l.bsn_record as u32, p);
                rows.push((offset, p, l.same));
            }
        }
        self.learned_from = rows.len();
        if rows.is_empty() {
            return;
        }
        self.correction = fit_correction(&rows);
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
                let w = table.get(c as usize).copied().flatten()? + self.tf_sum(i, pattern_of(c));
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
            weight: self.pattern_weight(p) + self.tf_sum(i as u32, p),
            code,
            decided,
        }
    }

    /// A ranked pair with its explanation, as [`Search::outcome`] gives it.
    pub fn explain(&self, r: &Ranked) -> Pair {
        let (i, j, c, decided) = (r.bsn_record, r.onderwijs_record, r.code, r.decided);
        let p = pattern_of(c);
        let adj = self.tf_of(i as u32, p);
        let fields = field_weights(p, |f, l| self.field_weight(f, l) + adj[f]);
        let w = self.pattern_weight(p) + adj.iter().sum::<f64>();
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

/// The correction (bits per field and level) that best explains the decisions: maximum a
/// posteriori logistic regression, `P(same) = σ(ln 2 · (offset + Σ correction[f][level]))`,
/// Gaussian prior [`CORRECTION_SIGMA`] per correction; Newton's method over the levels the
/// decisions show, each correction at most ±[`MAX_CORRECTION`].
fn fit_correction(rows: &[(f64, [u8; 5], bool)]) -> [[f64; 8]; 5] {
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
    let mut out = [[0.0f64; 8]; 5];
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

#[cfg(test)]
mod tests;
