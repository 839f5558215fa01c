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
