//! The duplicate finder on small lists (issue 19): with too few records to estimate from, it uses
//! the stated starting values (`DEFAULT_M`, `DEFAULT_U`, the prior of the larger registers), so a
//! pair that agrees on every field weighs at least 10 at any size, a pair with one typo is still
//! handed to review, and two different children are not proposed.

use koppelhulp_core::ids::{bsn_from_seed, onderwijsnummer_from_seed};
use koppelhulp_core::koppelregel::Geslacht;
use koppelhulp_core::matcher::{
    DEFAULT_THRESHOLD, FALLBACK_NOTE, MIN_RECORDS_PER_SIDE, MatchOutcome, REVIEW_FLOOR, find_pairs,
};
use koppelhulp_core::pupil::PupilRecord;
use koppelhulp_core::synth::generate;
use time::{Date, Month};

fn child() -> PupilRecord {
    PupilRecord {
        row: 2,
        bsn: Some(bsn_from_seed(7001)),
        achternaam: "Vermeulen".into(),
        voorvoegsel: String::new(),
        voornamen: "Noor Elisabeth".into(),
        geboortedatum: Date::from_calendar_date(2013, Month::May, 6).ok(),
        geslacht: Some(Geslacht::Vrouw),
        straat: "Kerkstraat".into(),
        huisnummer: "12 a".into(),
        postcode: "8011AB".into(),
        woonplaats: "Zwolle".into(),
        ..PupilRecord::default()
    }
}

/// The same child as known to the school: only an onderwijsnummer.
fn at_school(r: &PupilRecord) -> PupilRecord {
    PupilRecord {
        bsn: None,
        onderwijsnummer: Some(onderwijsnummer_from_seed(7001)),
        ..r.clone()
    }
}

/// `others` BSN records from a generated register, then the child's BSN record, then `school`.
fn list(others: usize, school: PupilRecord) -> Vec<PupilRecord> {
    let mut records: Vec<PupilRecord> = generate(others * 2 + 2, 19)
        .bsn_register
        .into_iter()
        .take(others)
        .collect();
    assert_eq!(records.len(), others);
    records.push(child());
    records.push(school);
    records
}

/// The pair of the child's BSN record and the school record, if found.
fn pair_of(outcome: &MatchOutcome, records: &[PupilRecord]) -> Option<f64> {
    let (b, o) = (records.len() - 2, records.len() - 1);
    outcome
        .pairs
        .iter()
        .find(|p| p.bsn_record == b && p.onderwijs_record == o)
        .map(|p| p.weight)
}

const SIZES: [usize; 5] = [0, 1, 9, 99, 999];

#[test]
fn an_identical_pair_weighs_at_least_10_at_any_size() {
    for others in SIZES {
        let records = list(others, at_school(&child()));
        let outcome = find_pairs(&records, REVIEW_FLOOR, &mut |_, _, _| {});
        let weight = pair_of(&outcome, &records)
            .unwrap_or_else(|| panic!("{}+1: no pair {outcome:?}", others + 1));
        assert!(weight >= 10.0, "{}+1: weight {weight:.2}", others + 1);
        assert!(outcome.defaults_used, "{}+1", others + 1);
        let pair = outcome.pairs.iter().find(|p| p.weight == weight).unwrap();
        assert_eq!(pair.explanation.note.as_deref(), Some(FALLBACK_NOTE));
        // The parts add up to the total.
        let sum: f64 = pair.explanation.prior
            + pair
                .explanation
                .fields
                .iter()
                .map(|f| f.weight)
                .sum::<f64>();
        assert!((sum - weight).abs() < 1e-9);
        // And it is proposed at the app's threshold.
        let proposed = find_pairs(&records, DEFAULT_THRESHOLD, &mut |_, _, _| {});
        assert!(pair_of(&proposed, &records).is_some(), "{}+1", others + 1);
    }
}

#[test]
fn a_pair_with_one_typo_is_handed_to_review() {
    for others in SIZES {
        for typo in [
            PupilRecord {
                achternaam: "Vermeulne".into(),
                ..at_school(&child())
            },
            PupilRecord {
                voornamen: "Nor".into(),
                ..at_school(&child())
            },
            PupilRecord {
                geboortedatum: Date::from_calendar_date(2013, Month::June, 5).ok(),
                ..at_school(&child())
            },
            PupilRecord {
                postcode: "8011AC".into(),
                ..at_school(&child())
            },
        ] {
            let records = list(others, typo.clone());
            let outcome = find_pairs(&records, REVIEW_FLOOR, &mut |_, _, _| {});
            let weight = pair_of(&outcome, &records)
                .unwrap_or_else(|| panic!("{}+1 {typo:?}: no pair", others + 1));
            assert!(weight >= REVIEW_FLOOR, "{}+1: {weight:.2}", others + 1);
        }
    }
}

#[test]
fn two_different_children_in_a_short_list_are_not_proposed() {
    let other = PupilRecord {
        bsn: Some(bsn_from_seed(7002)),
        achternaam: "Yilmaz".into(),
        voornamen: "Emir".into(),
        geboortedatum: Date::from_calendar_date(2011, Month::October, 21).ok(),
        geslacht: Some(Geslacht::Man),
        straat: "Dorpsweg".into(),
        huisnummer: "3-2".into(),
        postcode: "8012CD".into(),
        woonplaats: "Zwolle".into(),
        ..PupilRecord::default()
    };
    let stranger = PupilRecord {
        onderwijsnummer: Some(onderwijsnummer_from_seed(7003)),
        bsn: None,
        achternaam: "Bakker".into(),
        voornamen: "Sem".into(),
        geboortedatum: Date::from_calendar_date(2012, Month::February, 14).ok(),
        geslacht: Some(Geslacht::Man),
        straat: "Molenweg".into(),
        huisnummer: "8".into(),
        postcode: "8013EF".into(),
        woonplaats: "Zwolle".into(),
        ..PupilRecord::default()
    };
    // 2 + 1: the school record is neither BSN child.
    let records = vec![child(), other.clone(), stranger.clone()];
    let outcome = find_pairs(&records, REVIEW_FLOOR, &mut |_, _, _| {});
    assert!(outcome.defaults_used);
    for p in &outcome.pairs {
        assert!(p.weight < DEFAULT_THRESHOLD, "{p:?}");
    }
    // A sister (same family, other first name) is not proposed either.
    let sister = PupilRecord {
        voornamen: "Fenna".into(),
        geboortedatum: Date::from_calendar_date(2015, Month::January, 9).ok(),
        ..at_school(&child())
    };
    let records = vec![child(), other, sister];
    let outcome = find_pairs(&records, DEFAULT_THRESHOLD, &mut |_, _, _| {});
    assert!(outcome.pairs.is_empty(), "{:?}", outcome.pairs);
}

#[test]
fn the_estimates_are_used_when_the_list_is_large_enough() {
    let set = generate(MIN_RECORDS_PER_SIDE * 2 + 400, 2026);
    let mut records = set.bsn_register.clone();
    records.extend(set.onderwijs_register.iter().cloned());
    let outcome = find_pairs(&records, DEFAULT_THRESHOLD, &mut |_, _, _| {});
    assert!(!outcome.defaults_used);
    assert!(outcome.pairs.iter().all(|p| p.explanation.note.is_none()));
}

#[test]
fn an_explanation_without_a_note_still_reads() {
    // JSON written before the note existed.
    let old = r#"{"fields":[{"field":"Achternaam","level":"gelijk","weight":5.0}],"prior":-3.0,"total":2.0}"#;
    let e: koppelhulp_core::matcher::Explanation = serde_json::from_str(old).unwrap();
    assert_eq!(e.note, None);
    // Written with every field (postcard, between worker and page, cannot leave one out).
    let json = serde_json::to_string(&e).unwrap();
    assert!(json.contains(r#""note":null"#), "{json}");
    assert_eq!(
        serde_json::from_str::<koppelhulp_core::matcher::Explanation>(&json).unwrap(),
        e
    );
}
