//! Blocking (which pairs are compared at all) and the store of the compared pairs.

use time::Date;

use super::prepare::Prepared;

/// The candidate pairs of a search: (BSN record, onderwijsnummer record, pattern code) packed in one
/// `u64` (24 + 24 + 16 bits), in chunks of fixed size, so that millions of pairs take 8 bytes each,
/// growing never copies them (a `Vec` of triples doubled to 100 MB at 100k rows: BENCHMARKS.md) and
/// the pairs kept for re-scoring are filtered in place. Ordered by onderwijsnummer record, then BSN
/// record (the order they are found in). Records beyond 2^24 are not compared (far above the
/// import's row limit).
#[derive(Default)]
pub struct CandidateStore {
    pub(super) chunks: Vec<Vec<u64>>,
    len: usize,
}

const CHUNK: usize = 1 << 16;
const RECORD_LIMIT: u32 = 1 << 24;

impl CandidateStore {
    pub fn push(&mut self, i: u32, j: u32, code: u32) {
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

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn iter(&self) -> impl Iterator<Item = (u32, u32, u32)> + '_ {
        self.chunks.iter().flatten().map(|x| unpack(*x))
    }

    /// The pairs with their place ([`CandidateStore::at`]): chunk and offset in one `u32`.
    pub fn iter_placed(&self) -> impl Iterator<Item = (u32, (u32, u32, u32))> + '_ {
        self.chunks.iter().enumerate().flat_map(|(c, chunk)| {
            chunk
                .iter()
                .enumerate()
                .map(move |(k, x)| (((c as u32) << 16) | k as u32, unpack(*x)))
        })
    }

    /// The pair at a place of [`CandidateStore::iter_placed`].
    pub fn at(&self, place: u32) -> Option<(u32, u32, u32)> {
        let chunk = self.chunks.get((place >> 16) as usize)?;
        chunk.get((place & 0xFFFF) as usize).map(|x| unpack(*x))
    }

    /// Keep only the pairs `keep` says yes to, chunk by chunk (never a second copy of all pairs).
    pub fn retain(&mut self, mut keep: impl FnMut(u32, u32, u32) -> bool) {
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

    /// Change pattern codes in place: `f(i, j, code)` gives the new code.
    pub fn map_codes(&mut self, mut f: impl FnMut(u32, u32, u32) -> u32) {
        for x in self.chunks.iter_mut().flatten() {
            let (i, j, c) = unpack(*x);
            let n = f(i, j, c);
            if n != c {
                *x = (*x & !0xFFFF) | u64::from(n & 0xFFFF);
            }
        }
    }

    /// The pattern code of the pair (BSN record `i`, onderwijsnummer record `j`), if it is here.
    pub fn find(&self, i: u32, j: u32) -> Option<u32> {
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

/// FNV-1a, for deterministic block keys; the top byte is the key's kind (`tag`).
fn key(tag: u8, parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(tag);
    for part in parts {
        for b in part.iter().chain(std::iter::once(&0xFFu8)) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (h & 0x00FF_FFFF_FFFF_FFFF) | (u64::from(tag) << 56)
}

/// The kind of a block key: the surname's sound with the birth year.
const SURNAME_YEAR: u8 = 2;
/// The first name's sound with the birth year.
const FIRST_YEAR: u8 = 3;

/// The largest block of the key `k` looked at: [`MAX_WIDE_BLOCK`] for the first name with the
/// year (the top byte of a key is its kind), [`MAX_BLOCK`] for the others.
pub fn max_block(k: u64) -> usize {
    if k >> 56 == u64::from(FIRST_YEAR) {
        MAX_WIDE_BLOCK
    } else {
        MAX_BLOCK
    }
}

fn date_bytes(d: Date) -> [u8; 4] {
    let y = d.year().to_le_bytes();
    [y[0], y[1], u8::from(d.month()), d.day()]
}

/// Block keys of a record; `swapped` (the side that looks up) adds the day↔month swapped date and
/// looks the names up swapped. The blocks: birth date
/// (and swapped), surname sound + birth year (looked up for an unreadable or missing first name),
/// first-name sound + day and month, + birth year and month, + birth year (small blocks), surname
/// sound + first letter of the first name, surname sound + all initials, postcode + huisnummer,
/// the two names' sounds swapped, first-name sound + postcode, surname sound + postcode.
pub fn block_keys(p: &Prepared, swapped: bool) -> Vec<u64> {
    let mut keys = Vec::with_capacity(16);
    let (surname_sound, first_sound) = (p.surname.sound_id, p.first.sound_id);
    if let Some(d) = p.date {
        keys.push(key(1, &[&date_bytes(d)]));
        let swapped_date = time::Month::try_from(d.day())
            .ok()
            .and_then(|m| Date::from_calendar_date(d.year(), m, u8::from(d.month())).ok());
        if let (true, Some(s)) = (swapped, swapped_date) {
            keys.push(key(1, &[&date_bytes(s)]));
        }
        let year = d.year().to_le_bytes();
        // The surname with the year: on the side that looks up only for a first name that
        // cannot be read (lost letters, none); a readable one meets its double through the keys
        // with both names (below), its initials or a roepnaam. The block of a common surname in
        // a year is large, and it brought a fifth of all candidate pairs at 100k rows.
        if surname_sound != 0 && (!swapped || first_sound == 0 || p.first.unknown_id != 0) {
            keys.push(key(SURNAME_YEAR, &[&surname_sound.to_le_bytes(), &year]));
        }
        if first_sound != 0 {
            // The first name with the birth date but its year (a year one off, a digit of the
            // year), with the year and month but the day (a day or a digit of the day off), and
            // with the year alone ([`MAX_WIDE_BLOCK`]: in a small register, a surname typo with
            // a wrong birth date, Mapstone 27-11 ~ Mapstlne 17-12). A moved child has no postcode
            // to meet at, and a common surname's block with a year or an initial is often beyond
            // MAX_BLOCK; these blocks hold also a double whose surname changed (a typo, the
            // voorvoegsel glued on: de Groot ~ Degroot).
            let f = first_sound.to_le_bytes();
            let (month, day) = (u8::from(d.month()), d.day());
            keys.push(key(9, &[&f, &[month, day]]));
            keys.push(key(10, &[&f, &year, &[month]]));
            keys.push(key(FIRST_YEAR, &[&f, &year]));
        }
    }
    if surname_sound != 0 && p.first.initials_id != 0 {
        // The surname with the initials of all given names (J.A. ~ Jasmijn Anna): the block of
        // a common surname with one initial is often beyond MAX_BLOCK.
        keys.push(key(
            11,
            &[
                &surname_sound.to_le_bytes(),
                &p.first.initials_id.to_le_bytes(),
            ],
        ));
    }
    if surname_sound != 0 && first_sound != 0 {
        let initial = u32::from(p.first.first_char.unwrap_or(' '));
        keys.push(key(
            4,
            &[&surname_sound.to_le_bytes(), &initial.to_le_bytes()],
        ));
    }
    if p.postcode_id != 0 && p.huisnummer_id != 0 {
        keys.push(key(
            5,
            &[&p.postcode_id.to_le_bytes(), &p.huisnummer_id.to_le_bytes()],
        ));
    }
    if surname_sound != 0 && first_sound != 0 {
        // Given name and surname swapped (as schools do with Eritrean or Somali names): the BSN
        // side indexes surname + first name, the other side looks them up the other way round —
        // and, when it has no birth date, also the right way round (the keys with a year cannot
        // find it; the one with the first initial finds it only in a small block).
        let (s, f) = (surname_sound.to_le_bytes(), first_sound.to_le_bytes());
        if swapped {
            keys.push(key(6, &[&f, &s]));
            if p.date.is_none() {
                keys.push(key(6, &[&s, &f]));
            }
        } else {
            keys.push(key(6, &[&s, &f]));
        }
    }
    if p.postcode_id != 0 {
        // A surname typo (or another surname) with no (right) birth date: the first name at the
        // postcode; another first name with no (right) birth date: the surname at the postcode.
        if first_sound != 0 {
            keys.push(key(
                7,
                &[&first_sound.to_le_bytes(), &p.postcode_id.to_le_bytes()],
            ));
        }
        if surname_sound != 0 {
            keys.push(key(
                8,
                &[&surname_sound.to_le_bytes(), &p.postcode_id.to_le_bytes()],
            ));
        }
    }
    keys
}

/// The lookup side's keys for a first name's roepnamen and official forms
/// ([`super::roepnamen::related`]): surname sound + each related name's sound, as the BSN side
/// indexes surname + first name (key 6). Kees Verhoeven without a birth date or an address finds
/// Cornelis Verhoeven; the other keys hold the first name's own sound or its first letter.
pub fn related_keys(p: &Prepared, related_sounds: &[u32]) -> impl Iterator<Item = u64> {
    let s = p.surname.sound_id.to_le_bytes();
    let has_surname = p.surname.sound_id != 0;
    related_sounds
        .iter()
        .filter(move |_| has_surname)
        .map(move |r| key(6, &[&s, &r.to_le_bytes()]))
}

/// Largest block looked at; larger blocks (a very common name in one year) are skipped, other
/// keys still find those pairs.
pub const MAX_BLOCK: usize = 80;

/// Largest block of the first name with the birth year looked at. In a small register it finds a
/// surname typo with a wrong birth date; in a large one a common first name's block in a year is
/// tens of records, nearly all other children, and the keys with the month find the double
/// (BENCHMARKS.md: at 100k rows 4.9 million candidate pairs → 2.3 million, no true pair lost).
pub const MAX_WIDE_BLOCK: usize = 10;
