use super::*;
use crate::core::ids::{bsn_from_seed, onderwijsnummer_from_seed};
use time::Month;

fn d(y: i32, m: u8, day: u8) -> Option<Date> {
    Date::from_calendar_date(y, Month::try_from(m).ok()?, day).ok()
}

#[test]
fn date_levels() {
    for (a, b, expected) in [
        (d(2012, 3, 4), d(2012, 3, 4), 1),
        (d(2012, 3, 4), d(2012, 4, 3), 2),
        (d(2012, 3, 14), d(2012, 3, 24), 3),
        (d(2012, 3, 4), d(2013, 3, 4), 4),
        (d(2012, 3, 4), d(2014, 7, 9), 5),
        (None, d(2012, 3, 4), 0),
        (None, None, 0),
    ] {
        assert_eq!(date_level(a, b), expected, "{a:?} {b:?}");
    }
}

thread_local! {
    static IDS: std::cell::RefCell<Interner> = std::cell::RefCell::new(Interner::new());
}

/// Prepare with one interner per test thread, so that equal texts get equal ids across records.
fn prep(r: &PupilRecord) -> Prepared {
    IDS.with(|ids| prepare(r, &mut ids.borrow_mut()))
}

/// Compare two records prepared by [`prep`].
fn cmp(a: &Prepared, b: &Prepared) -> [u8; 5] {
    IDS.with(|ids| compare(a, b, &mut Similarity::new(&ids.borrow())))
}

fn rec(surname: &str, vv: &str, first: &str) -> Prepared {
    prep(&PupilRecord {
        achternaam: surname.into(),
        voorvoegsel: vv.into(),
        voornamen: first.into(),
        ..PupilRecord::default()
    })
}

#[test]
fn name_levels() {
    for (a, b, s, f) in [
        (
            ("Berg", "van den", "Johannes Maria"),
            ("Berg, van den", "", "Hans"),
            1,
            1,
        ),
        (("Berg", "van den", "Daan"), ("v.d. Berg", "", "Daan"), 1, 1),
        (
            ("Kovalenko", "", "Oleksandr"),
            ("Kowalenko", "", "Olexandr"),
            2,
            2,
        ),
        (("Yılmaz", "", "Mohamed"), ("Yilmaz", "", "Mohammed"), 1, 2),
        (("Jansen", "", "Emma"), ("Janssen", "", "E."), 2, 3),
        (("Jansen", "", "Emma"), ("Jansen", "", "Julia"), 1, 5),
        (("Jansen", "", "Emma"), ("Bakker", "", ""), 4, 0),
        (("Bruijn", "de", "Sem"), ("de Bruyn", "", "Sem"), 1, 1),
    ] {
        let (x, y) = (rec(a.0, a.1, a.2), rec(b.0, b.1, b.2));
        let levels = cmp(&x, &y);
        assert_eq!((levels[0], levels[1]), (s, f), "{a:?} {b:?}");
    }
}

fn child(first: &str, bsn: Option<u32>, ond: Option<u32>) -> PupilRecord {
    PupilRecord {
        bsn: bsn.map(bsn_from_seed),
        onderwijsnummer: ond.map(onderwijsnummer_from_seed),
        achternaam: "Jong".into(),
        voorvoegsel: "de".into(),
        voornamen: first.into(),
        geboortedatum: d(2013, 5, 6),
        geslacht: Some(Geslacht::Vrouw),
        postcode: "8011AB".into(),
        huisnummer: "12".into(),
        woonplaats: "Zwolle".into(),
        ..PupilRecord::default()
    }
}

#[test]
fn twins_fall_far_below_the_threshold_and_the_right_twin_is_paired() {
    let mut records = crate::core::synth::generate(2000, 3).bsn_register;
    records.extend(crate::core::synth::generate(2000, 3).onderwijs_register);
    let base = records.len();
    records.push(child("Emma Johanna", Some(8000), None));
    records.push(child("Julia", Some(8001), None));
    records.push(child("Julia", None, Some(800_000)));
    records.push(child("Sophie", None, Some(800_001)));
    let outcome = find_pairs(&records, DEFAULT_THRESHOLD, &mut |_, _, _| {});
    let ours: Vec<&Pair> = outcome
        .pairs
        .iter()
        .filter(|p| p.bsn_record >= base || p.onderwijs_record >= base)
        .collect();
    assert_eq!(ours.len(), 1, "{ours:?}");
    assert_eq!(
        (ours[0].bsn_record, ours[0].onderwijs_record),
        (base + 1, base + 2)
    );
    // The other twin against the school record would weigh far less than the threshold.
    let a = prep(&records[base]);
    let b = prep(&records[base + 2]);
    assert_eq!(cmp(&a, &b)[1], 5);
    let total: f64 = 40.0 + SIBLING_WEIGHT;
    assert!(total <= 0.0);
}

#[test]
fn linked_records_and_records_without_numbers_are_reported_not_paired() {
    let records = vec![
        child("Emma", Some(1), Some(1)),
        child("Emma", None, None),
        child("Emma", Some(2), None),
        child("Emma", None, Some(2)),
    ];
    let outcome = find_pairs(&records, DEFAULT_THRESHOLD, &mut |_, _, _| {});
    assert_eq!(outcome.already_linked, vec![0]);
    assert_eq!(outcome.without_number, vec![1]);
    assert!(
        outcome
            .pairs
            .iter()
            .all(|p| p.bsn_record == 2 && p.onderwijs_record == 3)
    );
}

#[test]
fn empty_and_odd_input_does_not_panic() {
    assert_eq!(
        find_pairs(&[], DEFAULT_THRESHOLD, &mut |_, _, _| {})
            .pairs
            .len(),
        0
    );
    let odd = vec![
        PupilRecord {
            bsn: Some(bsn_from_seed(1)),
            ..PupilRecord::default()
        },
        PupilRecord {
            onderwijsnummer: Some(onderwijsnummer_from_seed(1)),
            achternaam: ",,, van".into(),
            voornamen: "..".into(),
            ..PupilRecord::default()
        },
    ];
    let _ = find_pairs(&odd, DEFAULT_THRESHOLD, &mut |_, _, _| {});
}

#[test]
fn explanation_adds_up_and_survives_json() {
    let set = crate::core::synth::generate(1000, 11);
    let mut records = set.bsn_register.clone();
    records.extend(set.onderwijs_register.clone());
    let outcome = find_pairs(&records, DEFAULT_THRESHOLD, &mut |_, _, _| {});
    assert!(!outcome.pairs.is_empty());
    for p in &outcome.pairs {
        let sum: f64 =
            p.explanation.prior + p.explanation.fields.iter().map(|f| f.weight).sum::<f64>();
        assert!((sum - p.weight).abs() < 1e-9);
        assert!(p.weight >= DEFAULT_THRESHOLD);
    }
    let json = serde_json::to_string(&outcome).unwrap();
    let back: MatchOutcome = serde_json::from_str(&json).unwrap();
    assert_eq!(back.pairs.len(), outcome.pairs.len());
    for (a, b) in back.pairs.iter().zip(&outcome.pairs) {
        assert_eq!(
            (a.bsn_record, a.onderwijs_record),
            (b.bsn_record, b.onderwijs_record)
        );
        assert!((a.weight - b.weight).abs() < 1e-9);
        for (x, y) in a.explanation.fields.iter().zip(&b.explanation.fields) {
            assert_eq!((x.field, &x.level), (y.field, &y.level));
            assert!((x.weight - y.weight).abs() < 1e-9);
        }
    }
}

#[test]
fn a_lower_floor_adds_pairs_below_and_keeps_those_above() {
    let set = crate::core::synth::generate(2_000, 11);
    let mut records = set.bsn_register.clone();
    records.extend(set.onderwijs_register.iter().cloned());
    let high = find_pairs(&records, DEFAULT_THRESHOLD, &mut |_, _, _| {});
    let low = find_pairs(&records, REVIEW_FLOOR, &mut |_, _, _| {});
    let above: Vec<_> = low
        .pairs
        .iter()
        .filter(|p| p.weight >= DEFAULT_THRESHOLD)
        .cloned()
        .collect();
    assert_eq!(above, high.pairs);
    assert!(low.pairs.len() >= high.pairs.len());
    assert!(low.pairs.iter().all(|p| p.weight >= REVIEW_FLOOR));
}

proptest::proptest! {
    /// The allocation-free Jaro-Winkler equals strsim's on the texts the matcher compares.
    #[test]
    fn jaro_winkler_equals_strsim(a in "[a-z0-9]{0,20}", b in "[a-z0-9]{0,20}") {
        let ours = normalize::jaro_winkler(&a, &b);
        let theirs = strsim::jaro_winkler(&a, &b);
        proptest::prop_assert!((ours - theirs).abs() < 1e-12, "{} vs {}", ours, theirs);
    }

    #[test]
    fn jaro_winkler_equals_strsim_on_near_names(a in "[aeiou]{1,3}[a-e]{0,9}", b in "[aeiou]{1,3}[a-e]{0,9}") {
        let ours = normalize::jaro_winkler(&a, &b);
        proptest::prop_assert!((ours - strsim::jaro_winkler(&a, &b)).abs() < 1e-12);
    }
}

#[test]
fn jaro_winkler_on_other_text_is_strsims() {
    for (a, b) in [
        ("ölçü", "olcu"),
        ("Олександр", "Олександер"),
        ("", ""),
        ("a", ""),
    ] {
        assert_eq!(normalize::jaro_winkler(a, b), strsim::jaro_winkler(a, b));
    }
}
