//! The comparison levels of a pair of prepared records.

use time::Date;

use super::levels::{MISSING, Pattern, address, date, first, sex, surname};
use super::normalize::{equal_but_unknown, jaro_winkler};
use super::prepare::{IdMap, Interner, Prepared, PreparedFirst, PreparedSurname};

/// Most Jaro-Winkler results kept at once: registers with many different names (more pairs of
/// names than this) would otherwise grow the cache to tens of megabytes and make every look-up a
/// miss of the processor's cache (BENCHMARKS.md); emptied when full.
const SIMILARITY_CACHE: usize = 1 << 16;

/// Jaro-Winkler results by the ids of the two texts: common names meet each other again and again.
pub struct Similarity<'a> {
    texts: &'a Interner,
    cache: IdMap<u64, f64>,
    caching: bool,
    /// [`Similarity::roepnaam`] by the ids of the two names (a look-up in the table compares
    /// texts; the common roepnamen meet again and again).
    roepnamen: IdMap<u64, bool>,
}

impl<'a> Similarity<'a> {
    pub fn new(texts: &'a Interner) -> Similarity<'a> {
        Similarity {
            texts,
            cache: IdMap::default(),
            caching: true,
            roepnamen: IdMap::default(),
        }
    }

    /// Without a cache: for random pairs, whose names seldom meet twice.
    pub fn uncached(texts: &'a Interner) -> Similarity<'a> {
        Similarity {
            texts,
            cache: IdMap::default(),
            caching: false,
            roepnamen: IdMap::default(),
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

    /// One first name a roepnaam of the other.
    fn roepnaam(&mut self, a: u32, b: u32) -> bool {
        let texts = self.texts;
        let of = || super::roepnamen::roepnaam_of(texts.text(a), texts.text(b));
        if !self.caching {
            return of();
        }
        if self.roepnamen.len() >= SIMILARITY_CACHE {
            self.roepnamen.clear();
        }
        *self
            .roepnamen
            .entry((u64::from(a) << 32) | u64::from(b))
            .or_insert_with(of)
    }

    /// Two names equal but for letters lost in an export: the text with `?` where it has one,
    /// else the folded text.
    fn unknown_equal(&self, a_unknown: u32, a: u32, b_unknown: u32, b: u32) -> bool {
        let pick = |u: u32, t: u32| if u != 0 { u } else { t };
        equal_but_unknown(
            self.texts.text(pick(a_unknown, a)),
            self.texts.text(pick(b_unknown, b)),
        )
    }
}

fn surname_level(a: &PreparedSurname, b: &PreparedSurname, sim: &mut Similarity) -> u8 {
    if a.core_id == 0 || b.core_id == 0 {
        return MISSING;
    }
    if a.core_id == b.core_id
        || a.full_id == b.full_id
        || a.full_id == b.core_id
        || a.core_id == b.full_id
    {
        return surname::EQUAL;
    }
    if (a.unknown_id != 0 || b.unknown_id != 0)
        && sim.unknown_equal(a.unknown_id, a.core_id, b.unknown_id, b.core_id)
    {
        return surname::UNREADABLE;
    }
    if a.variant_id == b.variant_id && a.variant_id != 0 {
        return surname::VARIANT;
    }
    let mut jw = sim.of(a.core_id, b.core_id);
    if a.full_id != a.core_id || b.full_id != b.core_id {
        jw = jw.max(sim.of(a.full_id, b.full_id));
    }
    // The sound key is coarse for short names (Dam, Tim): it counts when the names also start
    // alike or are close.
    let same_start = a.start == b.start;
    if a.sound_id == b.sound_id && (same_start || jw >= 0.80) {
        return surname::SOUNDS_ALIKE;
    }
    if jw >= 0.92 {
        surname::SOUNDS_ALIKE
    } else if jw >= 0.80 {
        surname::CLOSE
    } else {
        surname::OTHER
    }
}

/// First-name level; [`first::SIBLING`] is decided by [`compare`].
fn first_level(a: &PreparedFirst, b: &PreparedFirst, sim: &mut Similarity) -> u8 {
    if a.id == 0 || b.id == 0 {
        return MISSING;
    }
    if a.id == b.id {
        return if a.all_id != 0 && a.all_id == b.all_id {
            first::ALL_EQUAL
        } else {
            first::EQUAL
        };
    }
    if a.initial || b.initial {
        if a.initials_id != 0 && a.initials_id == b.initials_id {
            return first::INITIALS;
        }
        return if a.first_char == b.first_char {
            first::CLOSE_OR_INITIAL
        } else {
            first::OTHER
        };
    }
    if (a.unknown_id != 0 || b.unknown_id != 0)
        && sim.unknown_equal(a.unknown_id, a.id, b.unknown_id, b.id)
    {
        return first::UNREADABLE;
    }
    if a.variant_id == b.variant_id {
        return first::VARIANT;
    }
    if (a.roepnaam || b.roepnaam) && sim.roepnaam(a.id, b.id) {
        return first::ROEPNAAM;
    }
    let jw = sim.of(a.id, b.id);
    // As for surnames: Tim and Demi sound alike by the key, but are different names.
    if a.sound_id == b.sound_id && (a.first_char == b.first_char || jw >= 0.80) {
        return first::SOUNDS_ALIKE;
    }
    if jw >= 0.90 {
        first::SOUNDS_ALIKE
    } else if jw >= 0.80 {
        first::CLOSE_OR_INITIAL
    } else {
        first::OTHER
    }
}

/// Birth-date level: the levels of [`date`] (equal, swapped, a day apart, only the month one off,
/// only the year one off, one digit off, other), [`MISSING`] when either is missing.
pub fn date_level(a: Option<Date>, b: Option<Date>) -> u8 {
    let (Some(a), Some(b)) = (a, b) else {
        return MISSING;
    };
    if a == b {
        return date::EQUAL;
    }
    let (ad, am, ay) = (a.day(), u8::from(a.month()), a.year());
    let (bd, bm, by) = (b.day(), u8::from(b.month()), b.year());
    if ay == by && ad == bm && am == bd {
        return date::SWAPPED;
    }
    if (a.to_julian_day() - b.to_julian_day()).abs() == 1 {
        return date::DAY_APART;
    }
    if ay == by && ad == bd && am.abs_diff(bm) == 1 {
        return date::MONTH_ONE_OFF;
    }
    if ad == bd && am == bm && (ay - by).abs() == 1 {
        return date::YEAR_ONE_OFF;
    }
    let diff = date_digits(ad, am, ay)
        .iter()
        .zip(date_digits(bd, bm, by).iter())
        .filter(|(x, y)| x != y)
        .count();
    if diff == 1 {
        return date::ONE_DIGIT;
    }
    date::OTHER
}

/// The eight digits of dd-mm-jjjj.
pub fn date_digits(d: u8, m: u8, y: i32) -> [i32; 8] {
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
}

fn sex_level(a: Option<bool>, b: Option<bool>) -> u8 {
    match (a, b) {
        (Some(x), Some(y)) if x == y => sex::EQUAL,
        (Some(_), Some(_)) => sex::OTHER,
        _ => MISSING,
    }
}

pub fn address_level(a: &Prepared, b: &Prepared) -> u8 {
    let a_has = a.postcode_id != 0 || a.plaats_id != 0;
    let b_has = b.postcode_id != 0 || b.plaats_id != 0;
    if !a_has || !b_has {
        return MISSING;
    }
    if a.postcode_id != 0 && a.postcode_id == b.postcode_id {
        if a.huisnummer_id != 0 && a.huisnummer_id == b.huisnummer_id {
            return address::POSTCODE_AND_NUMBER;
        }
        return address::POSTCODE;
    }
    if a.plaats_id != 0 && a.plaats_id == b.plaats_id {
        return address::PLACE;
    }
    address::OTHER
}

/// Given name and surname swapped: each record's surname close to the other's first name
/// (Jaro-Winkler ≥ 0.90, as a first name "klinkt gelijk"), or one of them the other's exactly
/// (half swapped: Crook Bethany ~ Channing Crook, as with a father's given name as surname). The
/// first-name level of the crossed names: equal when both cross exactly, close when both are
/// close, "anders" when half swapped.
fn swapped_names(a: &Prepared, b: &Prepared, sim: &mut Similarity) -> Option<u8> {
    let ids = [a.surname.core_id, b.first.id, a.first.id, b.surname.core_id];
    if ids.contains(&0) || a.first.initial || b.first.initial {
        return None;
    }
    let x = sim.of(a.surname.core_id, b.first.id);
    let y = sim.of(a.first.id, b.surname.core_id);
    if x >= 1.0 && y >= 1.0 {
        Some(first::EQUAL)
    } else if x >= 0.90 && y >= 0.90 {
        Some(first::SOUNDS_ALIKE)
    } else if x >= 1.0 || y >= 1.0 {
        Some(first::OTHER)
    } else {
        None
    }
}

/// The levels of all fields for one pair.
pub fn compare(a: &Prepared, b: &Prepared, sim: &mut Similarity) -> Pattern {
    let mut s = surname_level(&a.surname, &b.surname, sim);
    let mut f = first_level(&a.first, &b.first, sim);
    if s == surname::OTHER
        && f == first::OTHER
        && let Some(cross) = swapped_names(a, b, sim)
    {
        s = surname::SWAPPED;
        f = cross;
    }
    if f == first::OTHER && (surname::EQUAL..=surname::SOUNDS_ALIKE).contains(&s) {
        f = first::SIBLING;
    }
    [
        s,
        f,
        date_level(a.date, b.date),
        sex_level(a.sex, b.sex),
        address_level(a, b),
    ]
}
