//! The comparison levels of each field, their Dutch names, and the starting values of `m` and `u`.
//!
//! A pair's comparison vector (pattern) holds one level per field, in the order of [`FIELDS`];
//! level 0 of every field is [`MISSING`] (weighs 0). Patterns are packed in 3 bits per field
//! ([`pattern_code`]), so no field has more than 8 levels.

use super::Field;

/// Level 0 of every field: one of the two records lacks it. Weighs 0.
pub const MISSING: u8 = 0;

/// Surname levels ([`super::compare`]'s `surname_level`).
pub mod surname {
    pub const EQUAL: u8 = 1;
    /// The same name in another transliteration or family spelling (`variant_key`).
    pub const VARIANT: u8 = 2;
    /// Equal but for letters lost in an export (`?`, U+FFFD).
    pub const UNREADABLE: u8 = 3;
    pub const SOUNDS_ALIKE: u8 = 4;
    pub const CLOSE: u8 = 5;
    pub const OTHER: u8 = 6;
    /// Given name and surname swapped (Georgia Dasilva ~ Dasilva Georgia): each close to the
    /// other record's other name. The first-name level is then that of the crossed names.
    pub const SWAPPED: u8 = 7;
    /// Levels, [`super::MISSING`] included.
    pub const COUNT: usize = 8;
}

/// First-name levels ([`super::compare`]'s `first_level`).
pub mod first {
    pub const EQUAL: u8 = 1;
    pub const VARIANT: u8 = 2;
    pub const UNREADABLE: u8 = 3;
    pub const SOUNDS_ALIKE: u8 = 4;
    /// Close (Jaro-Winkler ≥ 0.80), or an initial that agrees.
    pub const CLOSE_OR_INITIAL: u8 = 5;
    pub const OTHER: u8 = 6;
    /// A brother, sister or twin: the surname agrees, the first name clearly not, and the BSN
    /// side holds another record of the household that could be the other record's child (its
    /// birth date close to the other record's). Weighs [`super::super::SIBLING_WEIGHT`];
    /// estimated as [`OTHER`].
    pub const SIBLING: u8 = 7;
    /// The surname agrees, the first name clearly not, and no such brother or sister is on the
    /// BSN side: weighs as [`OTHER`] (a nickname, a roepnaam, a typo — not a sibling).
    pub const NO_SIBLING: u8 = 8;
    /// One is a roepnaam of the other (Bas, Sebastiaan: `data/roepnamen.csv`).
    pub const ROEPNAAM: u8 = 9;
    /// The surname, the birth date and the address agree, and another child of that household
    /// born that day (a twin, on either side) fits the first name as well or better — or, for an
    /// equal name, as well ([`super::super::search`]'s twin rule): weighs as [`OTHER`], held under
    /// the threshold.
    pub const TWIN: u8 = 10;
    /// All given names equal, two or more of them (Wilhelmina Petrus Johannes both ways): much
    /// rarer between two children than the first name alone.
    pub const ALL_EQUAL: u8 = 11;
    /// Initials on one side, and the initials of all given names agree, two or more (M.J.W. ~
    /// Maja Johannes Willem).
    pub const INITIALS: u8 = 12;
    pub const COUNT: usize = 13;
}

/// Birth-date levels ([`super::super::date_level`]).
pub mod date {
    pub const EQUAL: u8 = 1;
    /// Day and month swapped.
    pub const SWAPPED: u8 = 2;
    /// A day apart (also over a month's or a year's end).
    pub const DAY_APART: u8 = 3;
    /// Only the month one off.
    pub const MONTH_ONE_OFF: u8 = 4;
    /// Only the year one off.
    pub const YEAR_ONE_OFF: u8 = 5;
    /// One digit of dd-mm-jjjj off.
    pub const ONE_DIGIT: u8 = 6;
    pub const OTHER: u8 = 7;
    pub const COUNT: usize = 8;
}

/// Sex levels.
pub mod sex {
    pub const EQUAL: u8 = 1;
    pub const OTHER: u8 = 2;
    pub const COUNT: usize = 3;
}

/// Address levels ([`super::compare`]'s `address_level`).
pub mod address {
    pub const POSTCODE_AND_NUMBER: u8 = 1;
    /// The postcode, not the huisnummer.
    pub const POSTCODE: u8 = 2;
    /// The woonplaats, not the postcode.
    pub const PLACE: u8 = 3;
    pub const OTHER: u8 = 4;
    pub const COUNT: usize = 5;
}

/// Index of each field in a pattern and in the rows of `m`, `u` and the corrections.
pub const SURNAME: usize = 0;
pub const FIRST: usize = 1;
pub const DATE: usize = 2;
pub const SEX: usize = 3;
pub const ADDRESS: usize = 4;

/// The fields in pattern order.
pub const FIELDS: [Field; 5] = [
    Field::Achternaam,
    Field::Voornaam,
    Field::Geboortedatum,
    Field::Geslacht,
    Field::Adres,
];

/// Levels per field, [`MISSING`] included.
pub const LEVELS: [usize; 5] = [
    surname::COUNT,
    first::COUNT,
    date::COUNT,
    sex::COUNT,
    address::COUNT,
];

/// One level per field, in the order of [`FIELDS`].
pub type Pattern = [u8; 5];

/// The most levels of any field.
pub const MAX_LEVELS: usize = 13;

/// Numbers per level of one field.
pub type Row = [f64; MAX_LEVELS];

/// A table of numbers per field and level (`m`, `u`, corrections).
pub type PerLevel = [Row; 5];

/// How many patterns there are: the product of [`LEVELS`]. A pattern code is below this.
pub const PATTERNS: u32 =
    (surname::COUNT * first::COUNT * date::COUNT * sex::COUNT * address::COUNT) as u32;

/// The Dutch name of a field's level, shown in an explanation.
pub fn level_name(field: Field, level: u8) -> &'static str {
    match (field, level) {
        (_, MISSING) => "ontbreekt",
        (Field::Achternaam, surname::EQUAL) | (Field::Voornaam, first::EQUAL) => "gelijk",
        (Field::Achternaam, surname::VARIANT) | (Field::Voornaam, first::VARIANT) => {
            "andere schrijfwijze"
        }
        (Field::Achternaam, surname::UNREADABLE) | (Field::Voornaam, first::UNREADABLE) => {
            "gelijk op onleesbare letters na"
        }
        (Field::Achternaam, surname::SOUNDS_ALIKE) | (Field::Voornaam, first::SOUNDS_ALIKE) => {
            "klinkt gelijk"
        }
        (Field::Achternaam, surname::CLOSE) => "lijkt erop",
        (Field::Achternaam, surname::SWAPPED) => "voornaam en achternaam omgedraaid",
        (Field::Voornaam, first::CLOSE_OR_INITIAL) => "lijkt erop of voorletter",
        (Field::Voornaam, first::SIBLING) => "andere voornaam (broer, zus?)",
        (Field::Voornaam, first::ROEPNAAM) => "roepnaam",
        (Field::Voornaam, first::ALL_EQUAL) => "alle voornamen gelijk",
        (Field::Voornaam, first::INITIALS) => "alle voorletters gelijk",
        (Field::Voornaam, first::TWIN) => {
            "past even goed of beter bij een ander kind met deze achternaam en geboortedatum op dit adres (tweeling?)"
        }
        (Field::Voornaam, first::NO_SIBLING) => {
            "anders; geen broer of zus met deze geboortedatum op dit adres gevonden"
        }
        (Field::Geboortedatum, date::EQUAL) => "gelijk",
        (Field::Geboortedatum, date::SWAPPED) => "dag en maand omgedraaid",
        (Field::Geboortedatum, date::DAY_APART) => "dag één anders",
        (Field::Geboortedatum, date::MONTH_ONE_OFF) => "maand één anders",
        (Field::Geboortedatum, date::YEAR_ONE_OFF) => "jaar één anders",
        (Field::Geboortedatum, date::ONE_DIGIT) => "één cijfer anders",
        (Field::Geslacht, sex::EQUAL) => "gelijk",
        (Field::Adres, address::POSTCODE_AND_NUMBER) => "postcode en huisnummer",
        (Field::Adres, address::POSTCODE) => "postcode",
        (Field::Adres, address::PLACE) => "woonplaats",
        _ => "anders",
    }
}

/// The level a pattern's field counts as when `m` and `u` are estimated: the sibling levels as
/// "anders".
pub fn est_level(field: usize, level: u8) -> usize {
    if field == FIRST
        && (level == first::SIBLING || level == first::NO_SIBLING || level == first::TWIN)
    {
        usize::from(first::OTHER)
    } else {
        usize::from(level)
    }
}

/// A pattern as one number below [`PATTERNS`] (each field's level a digit in base its
/// [`LEVELS`]).
pub fn pattern_code(p: Pattern) -> u32 {
    p.iter()
        .zip(LEVELS)
        .fold(0u32, |acc, (l, n)| acc * n as u32 + u32::from(*l))
}

pub fn pattern_of(code: u32) -> Pattern {
    // Constant divisors (a multiply each): this runs once per candidate pair when scoring.
    const RADIX: [u32; 5] = [
        surname::COUNT as u32,
        first::COUNT as u32,
        date::COUNT as u32,
        sex::COUNT as u32,
        address::COUNT as u32,
    ];
    let address = code % RADIX[4];
    let c = code / RADIX[4];
    let sex = c % RADIX[3];
    let c = c / RADIX[3];
    let date = c % RADIX[2];
    let c = c / RADIX[2];
    let first = c % RADIX[1];
    let surname = (c / RADIX[1]) % RADIX[0];
    [
        surname as u8,
        first as u8,
        date as u8,
        sex as u8,
        address as u8,
    ]
}

/// Starting values of `m` per field and level (level 0, missing, unused), rounded from what one EM
/// over all candidates gave on the generated registers of 20k rows (close to 2k and 100k), before
/// `m` was estimated field by field (`estimate_m`): more lenient than the estimates now are (a
/// birth date "anders" costs 0.4 bit instead of 8), which in a short list asks the officer about a
/// pair rather than hides it. The levels are those of [`surname`], [`first`] (the sibling level
/// weighed by [`super::SIBLING_WEIGHT`]), [`date`], [`sex`] and [`address`]. The unreadable-letter
/// levels are rare in the generated registers: their `m` is set to that of a spelling variant. The
/// no-sibling level weighs as "anders" (its own entries unused); a roepnaam starts as a spelling
/// variant would, its `u` a guess (a short name is a roepnaam of a few of the official names).
pub const DEFAULT_M: PerLevel = [
    [
        0.0, 0.746, 0.073, 0.005, 0.022, 0.0035, 0.155, 0.003, 0.0, 0.0, 0.0, 0.0, 0.0,
    ],
    [
        0.0, 0.216, 0.009, 0.005, 0.031, 0.063, 0.681, 0.0, 0.0, 0.009, 0.0, 0.12, 0.02,
    ],
    [
        0.0, 0.133, 0.025, 0.0078, 0.0061, 0.0018, 0.053, 0.773, 0.0, 0.0, 0.0, 0.0, 0.0,
    ],
    [
        0.0, 0.7, 0.3, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    ],
    [
        0.0, 0.1, 0.00001, 0.08, 0.82, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    ],
];

/// Starting values of `u` (two different pupils), rounded from the random pairs of the generated
/// registers of 20k and 100k rows (the swapped names' `m` and `u` a guess: rare in both). With [`DEFAULT_M`], a pair that agrees on every field weighs
/// 28.9 before the prior: 5.3 + 4.5 + 9.4 + 0.5 + 9.3.
pub const DEFAULT_U: PerLevel = [
    [
        0.0, 0.0195, 0.0032, 0.00002, 0.0028, 0.0146, 0.96, 0.00001, 0.0, 0.0, 0.0, 0.0, 0.0,
    ],
    [
        0.0, 0.01, 0.00048, 0.00002, 0.002, 0.0053, 0.982, 0.0, 0.0, 0.0002, 0.0, 0.0005, 0.0002,
    ],
    [
        0.0, 0.0002, 0.00008, 0.00054, 0.00056, 0.00058, 0.0041, 0.994, 0.0, 0.0, 0.0, 0.0, 0.0,
    ],
    [
        0.0, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    ],
    [
        0.0, 0.00016, 0.00002, 0.083, 0.917, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    ],
];

/// `table[field][level]`, or `default` outside the table.
pub fn at(table: &PerLevel, field: usize, level: usize, default: f64) -> f64 {
    table
        .get(field)
        .and_then(|r| r.get(level))
        .copied()
        .unwrap_or(default)
}
