//! The sibling rule, data-driven: a different first name in a household counts as a brother or
//! sister only when the BSN side holds another record of that household that could be them.

use super::*;
use crate::ids::{bsn_from_seed, onderwijsnummer_from_seed};
use crate::koppelregel::Geslacht;
use time::Month;

fn day(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
}

/// A child of the household De Jong, Zwolle, with a BSN (`side` 0) or only an onderwijsnummer.
fn child(n: u32, side: u8, first: &str, born: Option<Date>) -> PupilRecord {
    PupilRecord {
        bsn: (side == 0).then(|| bsn_from_seed(9000 + n)),
        onderwijsnummer: (side == 1).then(|| onderwijsnummer_from_seed(900_000 + n)),
        achternaam: "Jong".into(),
        voorvoegsel: "de".into(),
        voornamen: first.into(),
        geboortedatum: born,
        geslacht: Some(Geslacht::Vrouw),
        postcode: "8011AB".into(),
        huisnummer: "12".into(),
        woonplaats: "Zwolle".into(),
        ..PupilRecord::default()
    }
}

struct Case {
    name: &'static str,
    /// The household's records with a BSN: (first names, birth date).
    bsn: &'static [(&'static str, (i32, u8, u8))],
    /// Its records with only an onderwijsnummer.
    ond: &'static [(&'static str, (i32, u8, u8))],
    /// The pairs proposed at the threshold, as (BSN first names, school first names).
    proposed: &'static [(&'static str, &'static str)],
    /// Pairs with their first-name level and whether they are offered for review (≥ the floor);
    /// an offered no-sibling pair's explanation says no brother or sister was found.
    levels: &'static [(&'static str, &'static str, u8, bool)],
}

const TWIN: (i32, u8, u8) = (2013, 5, 6);

const CASES: &[Case] = &[
    Case {
        name: "twins, both on the BSN side: the twin whose name agrees, the other a sibling",
        bsn: &[("Emma Johanna", TWIN), ("Julia", TWIN)],
        ond: &[("Julia", TWIN)],
        proposed: &[("Julia", "Julia")],
        levels: &[("Emma Johanna", "Julia", first::SIBLING, false)],
    },
    Case {
        name: "triplets: each with their own name, the others siblings",
        bsn: &[("Emma", TWIN), ("Julia", TWIN), ("Sophie", TWIN)],
        ond: &[("Sophie", TWIN), ("Emma", TWIN)],
        proposed: &[("Emma", "Emma"), ("Sophie", "Sophie")],
        levels: &[
            ("Julia", "Sophie", first::SIBLING, false),
            ("Julia", "Emma", first::SIBLING, false),
            ("Emma", "Sophie", first::SIBLING, false),
        ],
    },
    Case {
        name: "an older sister on the BSN side is a sibling of the younger one at school",
        bsn: &[("Emma", (2011, 2, 3)), ("Julia", TWIN)],
        ond: &[("Julia", TWIN)],
        proposed: &[("Julia", "Julia")],
        levels: &[("Emma", "Julia", first::SIBLING, false)],
    },
    Case {
        name: "a typo in the first name, no other child with that birth date: offered",
        bsn: &[("Bilal", TWIN)],
        ond: &[("Beal", TWIN)],
        proposed: &[],
        levels: &[("Bilal", "Beal", first::NO_SIBLING, true)],
    },
    Case {
        name: "a roepnaam: its own level, whatever the household",
        bsn: &[("Sebastiaan Willem", TWIN), ("Emma", (2010, 1, 2))],
        ond: &[("Bas", TWIN)],
        proposed: &[("Sebastiaan Willem", "Bas")],
        levels: &[("Sebastiaan Willem", "Bas", first::ROEPNAAM, true)],
    },
    Case {
        name: "a roepnaam with a twin on the BSN side: the roepnaam's own child",
        bsn: &[("Wilhelmina", TWIN), ("Julia", TWIN)],
        ond: &[("Mina", TWIN)],
        proposed: &[("Wilhelmina", "Mina")],
        levels: &[
            ("Wilhelmina", "Mina", first::ROEPNAAM, true),
            ("Julia", "Mina", first::SIBLING, false),
        ],
    },
    Case {
        name: "twins Bram and Adam, the school's Abam close to both: offered, never proposed",
        bsn: &[("Bram Ali", TWIN), ("Adam Ali", TWIN)],
        ond: &[("Abam", TWIN)],
        proposed: &[],
        levels: &[
            ("Bram Ali", "Abam", first::TWIN, true),
            ("Adam Ali", "Abam", first::TWIN, true),
        ],
    },
    Case {
        name: "twins with one initial: the school's initial cannot tell them apart",
        bsn: &[("Anna", TWIN), ("Amy", TWIN)],
        ond: &[("A.", TWIN)],
        proposed: &[],
        levels: &[
            ("Anna", "A.", first::TWIN, true),
            ("Amy", "A.", first::TWIN, true),
        ],
    },
    Case {
        name: "one child twice on the BSN side (one name, one day, one address): neither proposed",
        bsn: &[("Laura", TWIN), ("Laura Livia", TWIN)],
        ond: &[("Laura", TWIN)],
        proposed: &[],
        levels: &[
            ("Laura", "Laura", first::TWIN, true),
            ("Laura Livia", "Laura", first::TWIN, true),
        ],
    },
    Case {
        name: "twins, the school's typo fits one of them: that one",
        bsn: &[("Emma", TWIN), ("Julia", TWIN)],
        ond: &[("Julai", TWIN)],
        proposed: &[("Julia", "Julai")],
        levels: &[("Emma", "Julai", first::SIBLING, false)],
    },
    Case {
        name: "a typo, but a twin on the BSN side: never proposed",
        bsn: &[("Bilal", TWIN), ("Omar", TWIN)],
        ond: &[("Beal", TWIN)],
        proposed: &[],
        levels: &[("Bilal", "Beal", first::SIBLING, false)],
    },
];

#[test]
fn sibling_rule_cases() {
    let background = crate::synth::generate(2000, 3);
    for case in CASES {
        let mut records = background.bsn_register.clone();
        records.extend(background.onderwijs_register.iter().cloned());
        let base = records.len();
        let mut n = 0;
        for (side, list) in [(0u8, case.bsn), (1u8, case.ond)] {
            for (first, (y, m, d)) in list {
                records.push(child(n, side, first, day(*y, *m, *d)));
                n += 1;
            }
        }
        let name_of = |i: usize| records.get(i).map(|r| r.voornamen.as_str()).unwrap_or("");
        let index_of = |side: u8, first: &str| {
            (base..records.len())
                .find(|&i| {
                    records
                        .get(i)
                        .is_some_and(|r| r.voornamen == first && (r.bsn.is_some() == (side == 0)))
                })
                .unwrap_or(usize::MAX)
        };
        let refs: Vec<&PupilRecord> = records.iter().collect();
        let found = search(&refs, REVIEW_FLOOR, &mut |_, _, _| {});
        let outcome = found.outcome(&[]);
        let ours: Vec<(&str, &str, f64)> = outcome
            .pairs
            .iter()
            .filter(|p| p.bsn_record >= base || p.onderwijs_record >= base)
            .map(|p| (name_of(p.bsn_record), name_of(p.onderwijs_record), p.weight))
            .collect();
        let mut proposed: Vec<(&str, &str)> = ours
            .iter()
            .filter(|p| p.2 >= DEFAULT_THRESHOLD)
            .map(|p| (p.0, p.1))
            .collect();
        proposed.sort_unstable();
        assert_eq!(proposed, case.proposed, "{}: {ours:?}", case.name);
        for (a, b, level, offered) in case.levels {
            let (i, j) = (index_of(0, a), index_of(1, b));
            let code = found.pattern(i, j).unwrap_or(u32::MAX);
            assert_eq!(pattern_of(code)[FIRST], *level, "{}: {a} ~ {b}", case.name);
            let weight = found.weight_of(i, j).unwrap_or(f64::NAN);
            assert_eq!(
                weight >= REVIEW_FLOOR,
                *offered,
                "{}: {a} ~ {b} {weight}",
                case.name
            );
            if *offered && *level == first::NO_SIBLING {
                let pair = outcome
                    .pairs
                    .iter()
                    .find(|p| (p.bsn_record, p.onderwijs_record) == (i, j));
                let line = pair
                    .and_then(|p| p.explanation.fields.get(FIRST))
                    .map(|f| f.level.as_str())
                    .unwrap_or("");
                assert!(
                    line.contains("geen broer of zus met deze geboortedatum op dit adres gevonden"),
                    "{}: {line:?}",
                    case.name
                );
            }
        }
    }
}

/// A made-up name, distinct per `k`: syllables as digits.
fn made_up(k: u32, salt: u32) -> String {
    const SYL: [&str; 12] = [
        "ba", "ko", "mi", "ru", "te", "lo", "sa", "ne", "vi", "do", "ga", "pe",
    ];
    let mut n = k * 7 + salt;
    let mut s = String::new();
    for _ in 0..4 {
        s.push_str(SYL.get((n % 12) as usize).copied().unwrap_or("x"));
        n /= 12;
    }
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A register of single persons, one per household (as FEBRL): `n` BSN records and their school
/// records; every tenth school record has another first name altogether. `twins` adds a pair of
/// twins (one household, one birth date, two first names) to the BSN side.
fn singles(n: u32, twins: bool) -> (Vec<PupilRecord>, Vec<(usize, usize)>) {
    let person = |k: u32, first: String, side: u8| PupilRecord {
        bsn: (side == 0).then(|| bsn_from_seed(k)),
        onderwijsnummer: (side == 1).then(|| onderwijsnummer_from_seed(k)),
        achternaam: made_up(k, 0),
        voornamen: first,
        geboortedatum: Date::from_julian_day(2_455_000 + k as i32 * 3).ok(),
        postcode: format!("{:04}AB", 1000 + k),
        huisnummer: (k % 90 + 1).to_string(),
        woonplaats: "Zwolle".into(),
        ..PupilRecord::default()
    };
    let mut records: Vec<PupilRecord> = (0..n).map(|k| person(k, made_up(k, 5), 0)).collect();
    let mut renamed = Vec::new();
    for k in 0..n {
        let first = if k % 10 == 3 {
            renamed.push((k as usize, records.len()));
            made_up(k + 5000, 9)
        } else {
            made_up(k, 5)
        };
        records.push(person(k, first, 1));
    }
    if twins {
        for (k, salt) in [(n + 1, 5), (n + 1, 11)] {
            let mut twin = person(k, made_up(k, salt), 0);
            twin.bsn = Some(bsn_from_seed(k + salt));
            records.push(twin);
        }
    }
    (records, renamed)
}

/// The no-sibling cap only where the register holds households with twins: in a register of
/// single persons another first name weighs as `m`/`u` say (proposed when the rest agrees); one
/// pair of twins anywhere on a side holds such pairs under the threshold, offered for review.
#[test]
fn another_first_name_is_proposed_only_where_no_twins_are_seen() {
    for twins in [false, true] {
        let (records, renamed) = singles(400, twins);
        let refs: Vec<&PupilRecord> = records.iter().collect();
        let found = search(&refs, REVIEW_FLOOR, &mut |_, _, _| {});
        assert_eq!(found.twins_seen, twins);
        assert!(!found.defaults_used);
        let outcome = found.outcome(&[]);
        let mut checked = 0;
        for &(i, j) in &renamed {
            let pair = outcome
                .pairs
                .iter()
                .find(|p| p.bsn_record == i && p.onderwijs_record == j);
            let weight = pair.map_or(f64::NAN, |p| p.weight);
            let level = pattern_of(found.pattern(i, j).unwrap_or(u32::MAX))[FIRST];
            if level != first::NO_SIBLING {
                continue; // the made-up names happen to sound alike
            }
            checked += 1;
            assert!(weight >= REVIEW_FLOOR, "twins {twins}: {i} ~ {j} {weight}");
            assert_eq!(
                weight >= DEFAULT_THRESHOLD,
                !twins,
                "twins {twins}: {i} ~ {j} {weight}"
            );
        }
        assert!(checked >= 30, "{checked} of {}", renamed.len());
    }
}

/// A birth date clearly different at one address (a brother or sister with a like name) is held
/// under the threshold where the register holds households; given name and surname swapped has
/// its own level.
#[test]
fn a_household_with_another_birth_date_and_swapped_names() {
    let background = crate::synth::generate(2000, 3);
    let mut records = background.bsn_register.clone();
    records.extend(background.onderwijs_register.iter().cloned());
    let base = records.len();
    records.push(child(0, 0, "Floortje", day(2011, 1, 31)));
    records.push(child(1, 1, "Floortje", day(2014, 10, 5)));
    let mut swapped = child(2, 0, "Yonas", day(2012, 3, 4));
    swapped.achternaam = "Tesfaye".into();
    swapped.voorvoegsel.clear();
    swapped.postcode = "9999ZZ".into();
    let mut school = swapped.clone();
    school.bsn = None;
    school.onderwijsnummer = Some(onderwijsnummer_from_seed(900_003));
    school.achternaam = "Yonas".into();
    school.voornamen = "Tesfaye".into();
    records.push(swapped);
    records.push(school);
    let refs: Vec<&PupilRecord> = records.iter().collect();
    let found = search(&refs, REVIEW_FLOOR, &mut |_, _, _| {});
    assert!(found.twins_seen);
    let floortje = found.weight_of(base, base + 1).unwrap_or(f64::NAN);
    assert!(
        (REVIEW_FLOOR..DEFAULT_THRESHOLD).contains(&floortje),
        "{floortje}"
    );
    let outcome = found.outcome(&[]);
    let pair = outcome
        .pairs
        .iter()
        .find(|p| (p.bsn_record, p.onderwijs_record) == (base, base + 1));
    let line = pair.and_then(|p| p.explanation.fields.get(DATE));
    assert_eq!(line.map(|l| l.level.as_str()), Some(DATE_AT_ONE_ADDRESS));
    let sum: f64 = pair.map_or(0.0, |p| {
        p.explanation.prior + p.explanation.fields.iter().map(|f| f.weight).sum::<f64>()
    });
    assert!((sum - floortje).abs() < 1e-9, "{sum} {floortje}");
    let p = pattern_of(found.pattern(base + 2, base + 3).unwrap_or(u32::MAX));
    assert_eq!((p[SURNAME], p[FIRST]), (surname::SWAPPED, first::EQUAL));
    let yonas = found.weight_of(base + 2, base + 3).unwrap_or(f64::NAN);
    assert!(yonas >= DEFAULT_THRESHOLD, "{yonas}");
}

/// Roepnamen have one home, `data/roepnamen.csv`: Kees ~ Cornelis is the level "roepnaam", not
/// "gelijk", and a school record with only the roepnaam and the surname (no birth date, no address)
/// is still compared with its BSN record (blocking looks the related names up). Spelling variants
/// that were in the old nickname table (Jacob ~ Jakub, Maryam ~ Meryem) are spelling variants.
#[test]
fn roepnamen_from_the_table_only() {
    let background = crate::synth::generate(2000, 3);
    let mut records = background.bsn_register.clone();
    records.extend(background.onderwijs_register.iter().cloned());
    let base = records.len();
    let mut official = child(0, 0, "Cornelis Johannes", day(2012, 3, 4));
    official.achternaam = "Verhoeven".into();
    official.voorvoegsel.clear();
    let mut school = child(1, 1, "Kees", None);
    school.achternaam = "Verhoeven".into();
    school.voorvoegsel.clear();
    school.postcode.clear();
    school.huisnummer.clear();
    school.woonplaats.clear();
    records.push(official);
    records.push(school);
    for (n, (a, b)) in [("Jacob", "Jakub"), ("Maryam", "Meryem")]
        .iter()
        .enumerate()
    {
        records.push(child(10 + 2 * n as u32, 0, a, day(2010, 1, 2)));
        records.push(child(11 + 2 * n as u32, 1, b, day(2010, 1, 2)));
    }
    let refs: Vec<&PupilRecord> = records.iter().collect();
    let found = search(&refs, REVIEW_FLOOR, &mut |_, _, _| {});
    assert!(
        found
            .candidates
            .find(base as u32, base as u32 + 1)
            .is_some(),
        "Cornelis ~ Kees not compared"
    );
    let p = pattern_of(found.pattern(base, base + 1).unwrap_or(u32::MAX));
    assert_eq!(p[FIRST], first::ROEPNAAM);
    let weight = found.weight_of(base, base + 1).unwrap_or(f64::NAN);
    assert!(weight >= REVIEW_FLOOR, "{weight}");
    for k in [2, 4] {
        let p = pattern_of(found.pattern(base + k, base + k + 1).unwrap_or(u32::MAX));
        assert_eq!(p[FIRST], first::VARIANT, "{k}");
    }
}

/// Where the registers hold households, a clearly different birth date is held under the
/// threshold at another address too (a cousin or a namesake), its line saying so.
#[test]
fn another_birth_date_elsewhere_is_held() {
    let background = crate::synth::generate(2000, 3);
    let mut records = background.bsn_register.clone();
    records.extend(background.onderwijs_register.iter().cloned());
    let base = records.len();
    let mut a = child(0, 0, "Boleslav Piotr Stanislav", day(2010, 4, 13));
    a.achternaam = "Matiash".into();
    a.voorvoegsel.clear();
    let mut b = child(1, 1, "Boleslav Piotr Stanislav", day(2006, 8, 2));
    b.achternaam = "Matiash".into();
    b.voorvoegsel.clear();
    b.postcode = "1681JM".into();
    b.huisnummer = "72".into();
    records.push(a);
    records.push(b);
    let refs: Vec<&PupilRecord> = records.iter().collect();
    let found = search(&refs, -1000.0, &mut |_, _, _| {});
    assert!(found.twins_seen);
    let w = found.weight_of(base, base + 1).unwrap_or(f64::NAN);
    let p = pattern_of(found.pattern(base, base + 1).unwrap_or(u32::MAX));
    let uncapped = found.pattern_weight(p) + found.tf_sum(base as u32, p);
    assert!(w < DEFAULT_THRESHOLD && uncapped > w, "{w} {uncapped}");
    let outcome = found.outcome(&[]);
    let line = outcome
        .pairs
        .iter()
        .find(|p| (p.bsn_record, p.onderwijs_record) == (base, base + 1))
        .and_then(|p| p.explanation.fields.get(DATE))
        .map(|l| l.level.clone());
    assert_eq!(line.as_deref(), Some(DATE_ELSEWHERE));
}

/// Blocking compares each pair of a BSN record and a school record with no address, among the
/// records of a generated register of 2,000 rows: a birth year one off with the voorvoegsel glued
/// on at school (de Groot ~ Degroot); initials of all given names (Jasmijn Anna ~ J.A.); a surname
/// typo with another birth date (the first name with the birth year, a small block here: Mapstone
/// 27-11 ~ Mapstlne 17-12); a first name whose first letter the school's export lost, with
/// another birth date (the surname with the birth year, looked up for a first name that cannot be
/// read: İmren ~ ?mren).
#[test]
fn blocking_finds_doubles_with_two_differences() {
    let background = crate::synth::generate(2000, 3);
    let mut records = background.bsn_register.clone();
    records.extend(background.onderwijs_register.iter().cloned());
    let base = records.len();
    // (voorvoegsel, surname, first names, born; at school: surname, first names, born)
    #[rustfmt::skip]
    let cases = [
        ("de", "Groot", "Mustafa Maria", (2012, 4, 27), "Degroot", "Mustafa Maria", (2013, 4, 27)),
        ("", "Dekker", "Jasmijn Anna", (2012, 4, 27), "Dekker", "J.A.", (2013, 4, 27)),
        ("", "Mapstone", "Samantha", (2012, 11, 27), "Mapstlne", "Samantha", (2012, 12, 17)),
        ("", "Türk", "İmren", (2012, 6, 6), "Türk", "?mren", (2012, 2, 6)),
    ];
    for (n, (vv, surname, first, (y, m, d), school_surname, school_first, (sy, sm, sd))) in
        cases.into_iter().enumerate()
    {
        let n = n as u32;
        let mut a = child(2 * n, 0, first, day(y, m, d));
        a.voorvoegsel = vv.into();
        a.achternaam = surname.into();
        let mut b = child(2 * n + 1, 1, school_first, day(sy, sm, sd));
        b.voorvoegsel.clear();
        b.achternaam = school_surname.into();
        b.postcode.clear();
        b.huisnummer.clear();
        b.woonplaats.clear();
        records.push(a);
        records.push(b);
    }
    let refs: Vec<&PupilRecord> = records.iter().collect();
    let found = search(&refs, -1000.0, &mut |_, _, _| {});
    for (k, case) in cases.iter().enumerate() {
        let i = (base + 2 * k) as u32;
        assert!(
            found.candidates.find(i, i + 1).is_some(),
            "not compared: {case:?}"
        );
    }
}
