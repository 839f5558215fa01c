use super::*;
use crate::koppelregel::calendar_date;
use crate::problem::{Problem, Severity};
use time::Date;

fn date(y: i32, m: u8, d: u8) -> Date {
    calendar_date(y, m, d).unwrap()
}

fn today() -> Date {
    date(2026, 3, 1)
}

fn instantie(naam: &str, email: &str) -> Instantie {
    Instantie {
        naam: naam.into(),
        email: email.into(),
        contactpersoon: String::new(),
        telefoon: String::new(),
        eigen_organisatie: Some(true),
    }
}

fn signed(naam: &str, functie: &str, datum: &str) -> Ondertekening {
    Ondertekening {
        naam: naam.into(),
        functie: functie.into(),
        datum: datum.into(),
    }
}

/// A complete form without a verwerker: passes without any problem.
fn base() -> RouteringForm {
    let mut first = instantie(
        "Gemeente Voorbeeld, team Leerplicht",
        "leerplicht@voorbeeld.nl",
    );
    first.contactpersoon = "A. de Boer".into();
    first.telefoon = "020 123 45 67".into();
    RouteringForm {
        instanties: [
            first,
            instantie(
                "Gemeente Voorbeeld, team Leerplicht",
                "leerplicht@voorbeeld.nl",
            ),
            instantie("RMC Regio Voorbeeld", "rmc@regio-voorbeeld.nl"),
        ],
        startdatum: "01-08-2026".into(),
        ondertekening: signed("J. Jansen", "Teamleider Leerplicht", "01-03-2026"),
        verwerker: Verwerker::default(),
    }
}

/// A complete form in which a regional bureau handles 18+ / RMC: passes too.
fn with_verwerker() -> RouteringForm {
    let mut form = base();
    form.instanties[2].eigen_organisatie = Some(false);
    form.verwerker = Verwerker {
        naam: "Regionaal Bureau Voorbeeld".into(),
        adres: "Stationsplein 1, 1234 AB Voorbeeld".into(),
        kvk: "12345678".into(),
        contactpersoon: "B. Bakker".into(),
        email: "info@rbl-voorbeeld.nl".into(),
        overeenkomst_datum: "15-01-2026".into(),
        verzuimmeldingen: true,
        gegevensleveringen: false,
        ondertekening: signed("C. de Wit", "Wethouder Onderwijs", "2026-02-20"),
    };
    form
}

fn ids(report: &FormCheck) -> Vec<String> {
    report.problems.iter().map(|p| p.field.id()).collect()
}

/// The field with this HTML id.
fn veld(id: &str) -> Veld {
    Veld::from_id(id).unwrap()
}

#[test]
fn pupil_kinds() {
    let cases = [
        (
            PupilKind::Leerplichtig,
            "Leerplichtig",
            "Van 5 jaar tot het einde van het schooljaar waarin de leerling 16 wordt.",
        ),
        (
            PupilKind::Kwalificatieplichtig,
            "Kwalificatieplichtig",
            "Leerlingen van 16 en 17 jaar die nog geen startkwalificatie hebben.",
        ),
        (
            PupilKind::Rmc,
            "18+ / RMC (Doorstroompunt)",
            "Jongeren van 18 tot 23 jaar die nog geen startkwalificatie hebben.",
        ),
    ];
    for (i, (kind, label, rule)) in cases.into_iter().enumerate() {
        assert_eq!(PupilKind::ALL[i], kind);
        assert_eq!(kind.label(), label);
        assert_eq!(kind.age_rule(), rule);
    }
}

#[test]
fn the_base_forms_pass() {
    for form in [base(), with_verwerker()] {
        let report = check(&form, today());
        assert!(report.is_ok(), "{report:?}");
        assert!(report.problems.is_empty(), "{report:?}");
    }
    assert!(check(&base(), today()).notices.is_empty());
}

type Mutation = fn(&mut RouteringForm);

/// One change to the (verwerker) base form → the one field with a problem, its severity and
/// a fragment of its message. Only the six fields of DUO's page give errors.
#[test]
fn one_problem_per_mutation() {
    use Severity::{Error, Warning};
    let cases: &[(Mutation, &str, Severity, &str)] = &[
        (
            |f| f.startdatum = "31-02-2026".into(),
            "startdatum",
            Warning,
            "februari 2026 heeft 28 dagen",
        ),
        (
            |f| f.startdatum = "1-8-26".into(),
            "startdatum",
            Warning,
            "jaar met 4 cijfers",
        ),
        (
            |f| f.startdatum = "augustus".into(),
            "startdatum",
            Warning,
            "dd-mm-jjjj",
        ),
        (
            |f| f.startdatum = "28-02-2026".into(),
            "startdatum",
            Warning,
            "in het verleden",
        ),
        (
            |f| f.instanties[0].naam.clear(),
            "instantie-0-naam",
            Error,
            "Vul de naam van de instantie in. DUO vraagt altijd 3 instanties en \
                 e-mailadressen, ook als twee of drie hetzelfde zijn.",
        ),
        (
            |f| f.instanties[1].naam = "\t".into(),
            "instantie-1-naam",
            Error,
            "DUO vraagt altijd 3 instanties en e-mailadressen",
        ),
        (
            |f| f.instanties[2].naam.clear(),
            "instantie-2-naam",
            Error,
            "Vul de naam van de instantie in.",
        ),
        (
            |f| f.instanties[0].email.clear(),
            "instantie-0-email",
            Error,
            "Vul het e-mailadres in. DUO vraagt altijd 3 instanties",
        ),
        (
            |f| f.instanties[2].email.clear(),
            "instantie-2-email",
            Error,
            "Vul het e-mailadres in.",
        ),
        (
            |f| f.instanties[1].email = "a@voorbeeld.nl; b@voorbeeld.nl".into(),
            "instantie-1-email",
            Error,
            "Vul één e-mailadres in",
        ),
        (
            |f| f.instanties[0].email = "Leerplicht <leerplicht@voorbeeld.nl>".into(),
            "instantie-0-email",
            Error,
            "zonder naam ervoor",
        ),
        (
            |f| f.instanties[2].email = "rmc.regio-voorbeeld.nl".into(),
            "instantie-2-email",
            Error,
            "geen @",
        ),
        (
            |f| f.instanties[0].telefoon = "020-12345".into(),
            "instantie-0-telefoon",
            Warning,
            "10 tot 15 cijfers. Dit nummer heeft er 8.",
        ),
        (
            |f| f.instanties[1].telefoon = "+31 6 1234 5678 90123".into(),
            "instantie-1-telefoon",
            Warning,
            "heeft er 16",
        ),
        (
            |f| f.instanties[2].telefoon = "020 123 45 67 (toestel 3)".into(),
            "instantie-2-telefoon",
            Warning,
            "alleen cijfers, spaties en de tekens + - ( )",
        ),
        (
            |f| f.ondertekening.datum = "2026-13-01".into(),
            "ondertekening-datum",
            Warning,
            "er is geen maand 13",
        ),
        (
            |f| f.verwerker.kvk = "1234567".into(),
            "verwerker-kvk",
            Warning,
            "Een KvK-nummer heeft 8 cijfers.",
        ),
        (
            |f| f.verwerker.kvk = "KvK 12345678".into(),
            "verwerker-kvk",
            Warning,
            "Een KvK-nummer heeft 8 cijfers.",
        ),
        (
            |f| f.verwerker.email = "info@rbl-voorbeeld".into(),
            "verwerker-email",
            Warning,
            "Er hoort een punt in",
        ),
        (
            |f| f.verwerker.overeenkomst_datum = "29-02-2026".into(),
            "verwerker-overeenkomst",
            Warning,
            "februari 2026 heeft 28 dagen",
        ),
        (
            |f| f.verwerker.overeenkomst_datum = "02-03-2026".into(),
            "verwerker-overeenkomst",
            Warning,
            "ligt in de toekomst",
        ),
        (
            |f| f.verwerker.verzuimmeldingen = false,
            "verwerker-gegevens",
            Warning,
            "niet gekozen welke gegevens de verwerker krijgt",
        ),
        (
            |f| f.verwerker.ondertekening.datum = "20-2-2026x".into(),
            "verwerker-ondertekening-datum",
            Warning,
            "dd-mm-jjjj",
        ),
    ];
    for (mutate, field, severity, fragment) in cases {
        let mut form = with_verwerker();
        mutate(&mut form);
        let report = check(&form, today());
        assert_eq!(ids(&report), [*field], "{form:?}");
        let problem = report.for_field(veld(field)).unwrap();
        assert_eq!(problem.severity, *severity, "{field}: {problem:?}");
        assert!(
            problem.message.contains(fragment),
            "{field}: {:?} lacks {fragment:?}",
            problem.message
        );
        assert_eq!(report.is_ok(), *severity != Error, "{field}");
    }
}

/// Changes that must not give any problem.
#[test]
fn accepted_variants() {
    let cases: &[Mutation] = &[
        |f| f.startdatum = "01-03-2026".into(),
        |f| f.startdatum = "2026-08-01".into(),
        |f| f.startdatum = " 1/8/2026 ".into(),
        |f| f.instanties[0].contactpersoon.clear(),
        |f| f.instanties[0].telefoon.clear(),
        |f| f.instanties[0].telefoon = "   ".into(),
        |f| f.instanties[0].telefoon = "+31 (0)20 123-45-67".into(),
        |f| f.instanties[0].telefoon = "0201234567".into(),
        |f| f.instanties[0].telefoon = "+31 6 1234 5678 9012".into(),
        |f| f.instanties[1].email = "  Leerplicht@Voorbeeld.NL ".into(),
        |f| f.instanties[1].eigen_organisatie = Some(false),
        |f| f.verwerker.kvk = "1234 5678".into(),
        |f| f.verwerker.kvk = "12.34.56.78".into(),
        |f| f.verwerker.overeenkomst_datum = "01-03-2026".into(),
        |f| {
            f.verwerker.verzuimmeldingen = false;
            f.verwerker.gegevensleveringen = true;
        },
        |f| f.verwerker.gegevensleveringen = true,
        |f| f.ondertekening.datum = "2027-01-01".into(),
        // Every field but the six is optional.
        |f| f.startdatum.clear(),
        |f| f.startdatum = " ".into(),
        |f| f.instanties[0].eigen_organisatie = None,
        |f| f.instanties[2].eigen_organisatie = None,
        |f| f.ondertekening.naam.clear(),
        |f| f.ondertekening.functie.clear(),
        |f| f.ondertekening.datum.clear(),
        |f| f.verwerker.naam.clear(),
        |f| f.verwerker.adres.clear(),
        |f| f.verwerker.kvk.clear(),
        |f| f.verwerker.contactpersoon.clear(),
        |f| f.verwerker.email.clear(),
        |f| f.verwerker.overeenkomst_datum.clear(),
        |f| f.verwerker.ondertekening = Ondertekening::default(),
        |f| f.verwerker = Verwerker::default(),
    ];
    for (i, mutate) in cases.iter().enumerate() {
        let mut form = with_verwerker();
        mutate(&mut form);
        let report = check(&form, today());
        assert!(report.problems.is_empty(), "case {i}: {report:?}");
    }
}

#[test]
fn verwerker_fields_are_checked_whenever_filled_in() {
    let mut form = base();
    form.verwerker.kvk = "abc".into();
    form.verwerker.email = "geen adres".into();
    let report = check(&form, today());
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(
        ids(&report),
        ["verwerker-kvk", "verwerker-email", "verwerker-gegevens"]
    );
    assert!(form.verwerker_in_use() && !form.verwerker_required());
}

#[test]
fn only_the_six_fields_of_duos_page_block() {
    let report = check(&RouteringForm::default(), today());
    assert!(!report.is_ok());
    assert!(report.notices.is_empty());
    let expected: Vec<String> = (0..3)
        .flat_map(|i| {
            [
                format!("instantie-{i}-naam"),
                format!("instantie-{i}-email"),
            ]
        })
        .collect();
    assert_eq!(ids(&report), expected);
    assert!(
        report
            .problems
            .iter()
            .all(|p| p.problem.severity == Severity::Error)
    );

    let mut form = RouteringForm::default();
    for instantie in &mut form.instanties {
        instantie.eigen_organisatie = Some(false);
    }
    let report = check(&form, today());
    assert_eq!(ids(&report), expected);
    assert_eq!(report.notices.len(), 1);
    assert!(
        report.notices[0]
            .message
            .contains("Controleer dit op het formulier van DUO")
    );
}

#[test]
fn labels_for_the_error_summary() {
    let mut form = RouteringForm {
        startdatum: "gisteren".into(),
        ..RouteringForm::default()
    };
    form.ondertekening.datum = "x".into();
    form.verwerker.kvk = "1".into();
    form.verwerker.overeenkomst_datum = "x".into();
    form.verwerker.ondertekening.datum = "x".into();
    let report = check(&form, today());
    let label = |id: &str| {
        report
            .problems
            .iter()
            .find(|p| p.field.id() == id)
            .map(|p| p.label.as_str())
    };
    let cases = [
        ("startdatum", "Ingangsdatum"),
        ("instantie-0-naam", "Leerplichtig: naam van de instantie"),
        ("instantie-0-email", "Leerplichtig: e-mailadres"),
        (
            "instantie-2-email",
            "18+ / RMC (Doorstroompunt): e-mailadres",
        ),
        ("ondertekening-datum", "Ondertekening: datum"),
        ("verwerker-kvk", "Verwerker: KvK-nummer"),
        (
            "verwerker-overeenkomst",
            "Verwerker: datum verwerkersovereenkomst",
        ),
        ("verwerker-gegevens", "Verwerker: gegevens"),
        (
            "verwerker-ondertekening-datum",
            "Verklaring verwerker, ondertekening: datum",
        ),
    ];
    for (id, expected) in cases {
        assert_eq!(label(id), Some(expected), "{id}");
    }
    form.instanties[0].telefoon = "12".into();
    let report = check(&form, today());
    let telefoon = report
        .problems
        .iter()
        .find(|p| p.field.id() == "instantie-0-telefoon");
    assert_eq!(
        telefoon.map(|p| p.label.as_str()),
        Some("Leerplichtig: telefoonnummer")
    );
}

#[test]
fn for_field_gives_the_most_serious_problem() {
    let report = FormCheck {
        problems: vec![
            FieldProblem {
                field: Veld::Startdatum,
                label: "Ingangsdatum".into(),
                problem: Problem::warning("w"),
            },
            FieldProblem {
                field: Veld::Startdatum,
                label: "Ingangsdatum".into(),
                problem: Problem::error("e"),
            },
        ],
        notices: vec![],
    };
    assert_eq!(
        report.for_field(veld("startdatum")),
        Some(&Problem::error("e"))
    );
    assert_eq!(report.for_field(veld("verwerker-naam")), None);
    assert!(!report.is_ok());
}

#[test]
fn notices() {
    let same = "Alle drie soorten leerlingen gaan naar hetzelfde adres. Dat mag; DUO vraagt \
                    toch om alle drie in te vullen.";
    let cases: &[(Mutation, &[&str])] = &[
        (|_| {}, &[]),
        (
            |f| f.instanties[2].email = " LEERPLICHT@voorbeeld.nl".into(),
            &[same],
        ),
        (
            |f| {
                for i in &mut f.instanties {
                    i.email.clear();
                }
            },
            &[],
        ),
        (
            |f| f.instanties[1].eigen_organisatie = Some(false),
            &["AVG (artikel 28)"],
        ),
        (
            |f| {
                f.instanties[2].email = "leerplicht@voorbeeld.nl".into();
                f.instanties[0].eigen_organisatie = Some(false);
            },
            &[same, "Verklaring gegevensverstrekking aan verwerker"],
        ),
    ];
    for (i, (mutate, expected)) in cases.iter().enumerate() {
        let mut form = base();
        mutate(&mut form);
        let report = check(&form, today());
        assert_eq!(report.notices.len(), expected.len(), "case {i}: {report:?}");
        for (notice, fragment) in report.notices.iter().zip(expected.iter()) {
            // base() has an empty Verklaring: after "Nee" that is a warning (check.rs).
            let severity = if *fragment == "AVG (artikel 28)" || fragment.starts_with("Verklaring")
            {
                Severity::Warning
            } else {
                Severity::Notice
            };
            assert_eq!(notice.severity, severity, "case {i}: {notice:?}");
            assert!(notice.message.contains(fragment), "case {i}: {notice:?}");
        }
    }
    let mut form = with_verwerker();
    form.instanties[2].email = "leerplicht@voorbeeld.nl".into();
    assert!(check(&form, today()).notices.iter().any(|n| n.message
        == "U hebt aangegeven dat een andere organisatie dan uw eigen organisatie de \
                meldingen ontvangt. Meestal is die organisatie dan verwerker volgens de AVG \
                (artikel 28), en is ook de Verklaring gegevensverstrekking aan verwerker nodig. \
                Controleer dit op het formulier van DUO."));
}

#[test]
fn email_cases() {
    let local_64 = format!("{}@voorbeeld.nl", "a".repeat(64));
    let local_65 = format!("{}@voorbeeld.nl", "a".repeat(65));
    let label_63 = format!("a@{}.nl", "b".repeat(63));
    let label_64 = format!("a@{}.nl", "b".repeat(64));
    let good = [
        "leerplicht@gemeente.nl",
        "Leerplicht@Gemeente.NL",
        "j.de.vries@amsterdam.nl",
        "leerplicht+duo@gemeente.nl",
        "o'brien@example.com",
        "a_b-c@sub.domein-naam.nl",
        "info@0363.nl",
        "  leerplicht@gemeente.nl\t",
        "x@y.museum",
        "!#$%&'*+-/=?^_`{|}~@example.org",
        "a@b.co",
        "a@x--y.nl",
        local_64.as_str(),
        label_63.as_str(),
    ];
    for input in good {
        assert_eq!(check_email(input), Ok(()), "{input:?}");
    }
    let bad = [
        ("", "Vul een e-mailadres in"),
        ("   ", "Vul een e-mailadres in"),
        ("leerplicht", "geen @"),
        ("leerplicht.gemeente.nl", "geen @"),
        ("a@b@c.nl", "meer dan één @"),
        ("a@b.nl, c@d.nl", "Vul één e-mailadres in"),
        ("a@b.nl;c@d.nl", "Vul één e-mailadres in"),
        ("a@b.nl,", "Vul één e-mailadres in"),
        ("Leerplicht <leerplicht@gemeente.nl>", "zonder naam ervoor"),
        ("<leerplicht@gemeente.nl>", "zonder naam ervoor"),
        ("\"Leerplicht\" leerplicht@gemeente.nl", "geen spaties"),
        ("leer plicht@gemeente.nl", "geen spaties"),
        ("a@b.nl c@d.nl", "geen spaties"),
        ("a@ gemeente.nl", "geen spaties"),
        ("a\u{a0}b@gemeente.nl", "geen spaties"),
        ("@gemeente.nl", "niets vóór de @"),
        ("leerplicht@", "niets na de @"),
        (".a@b.nl", "punt op een verkeerde plek vóór de @"),
        ("a.@b.nl", "punt op een verkeerde plek vóór de @"),
        ("a..b@c.nl", "punt op een verkeerde plek vóór de @"),
        ("a@gemeente", "Er hoort een punt in"),
        ("a@.gemeente.nl", "punt op een verkeerde plek na de @"),
        ("a@gemeente..nl", "punt op een verkeerde plek na de @"),
        ("a@gemeente.nl.", "punt op een verkeerde plek na de @"),
        ("a@-gemeente.nl", "streepje"),
        ("a@gemeente-.nl", "streepje"),
        ("a@gemeente.-nl", "streepje"),
        ("a@gemeente.n", "minstens 2 letters"),
        ("a@gemeente.123", "minstens 2 letters"),
        ("a@gemeente.n1", "minstens 2 letters"),
        ("andré@gemeente.nl", "Het teken „é”"),
        ("a@gemeenté.nl", "Het teken „é”"),
        ("a@[192.168.0.1]", "Het teken „[”"),
        ("\"a\"@b.nl", "Het teken „\"”"),
        ("a@b_c.nl", "Het teken „_”"),
        ("a(b)@c.nl", "Het teken „(”"),
        ("mailto:a@b.nl", "Het teken „:”"),
        (local_65.as_str(), "hoogstens 64 tekens"),
        (label_64.as_str(), "te lang"),
    ];
    for (input, fragment) in bad {
        let problem = check_email(input).expect_err(input);
        assert_eq!(problem.severity, Severity::Error, "{input:?}");
        assert!(
            problem.message.contains(fragment),
            "{input:?}: {:?} lacks {fragment:?}",
            problem.message
        );
    }
    let long = format!("a@{}.nl", vec!["b".repeat(60); 5].join("."));
    assert!(check_email(&long).unwrap_err().message.contains("te lang"));
}

#[test]
fn kvk_cases() {
    let cases = [
        ("12345678", Some("12345678")),
        (" 1234 5678 ", Some("12345678")),
        ("12.34.56.78", Some("12345678")),
        ("01234567", Some("01234567")),
        ("1234\u{a0}5678", Some("12345678")),
        ("", None),
        ("1234567", None),
        ("123456789", None),
        ("1234567a", None),
        ("12-345678", None),
        ("KvK 12345678", None),
        ("１２３４５６７８", None),
        ("٠١٢٣٤٥٦٧", None),
    ];
    for (input, expected) in cases {
        match (parse_kvk(input), expected) {
            (Ok(digits), Some(e)) => assert_eq!(digits, e, "{input:?}"),
            (Err(p), None) => assert_eq!(p.message, "Een KvK-nummer heeft 8 cijfers."),
            (got, _) => panic!("{input:?}: {got:?}"),
        }
    }
}

#[test]
fn telefoon_cases() {
    let cases = [
        ("020 123 45 67", true),
        ("0201234567", true),
        ("06-12345678", true),
        ("+31 20 123 45 67", true),
        ("+31 (0)20 123 45 67", true),
        ("0031 20 123 45 67", true),
        ("+31 6 1234 5678 9012", true),
        ("020 123 456", false),
        ("+31 6 1234 5678 90123", false),
        ("020/1234567", false),
        ("020 123 45 67 of 06 12345678", false),
        ("020.123.45.67", false),
        ("tel. 0201234567", false),
        ("０２０１２３４５６７", false),
    ];
    for (input, ok) in cases {
        assert_eq!(check_telefoon(input).is_ok(), ok, "{input:?}");
    }
}

#[test]
fn same_as_above_cases() {
    let a = instantie("A", "a@a.nl");
    let mut b = instantie("B", "b@b.nl");
    b.eigen_organisatie = None;
    let mut c = instantie("C", "c@c.nl");
    c.eigen_organisatie = Some(false);
    c.telefoon = "0201234567".into();
    let cases = [
        (0, [&a, &b, &c]),
        (1, [&a, &a, &c]),
        (2, [&a, &b, &b]),
        (3, [&a, &b, &c]),
        (usize::MAX, [&a, &b, &c]),
    ];
    for (index, expected) in cases {
        let mut form = RouteringForm {
            instanties: [a.clone(), b.clone(), c.clone()],
            ..RouteringForm::default()
        };
        form.same_as_above(index);
        let expected = expected.map(Clone::clone);
        assert_eq!(form.instanties, expected, "{index}");
    }
}

#[test]
fn verwerker_required_cases() {
    let cases = [
        ([None, None, None], false),
        ([Some(true), Some(true), Some(true)], false),
        ([Some(true), None, Some(true)], false),
        ([Some(false), None, None], true),
        ([Some(true), Some(false), Some(true)], true),
        ([Some(true), Some(true), Some(false)], true),
        ([Some(false), Some(false), Some(false)], true),
    ];
    for (answers, expected) in cases {
        let mut form = RouteringForm::default();
        for (instantie, answer) in form.instanties.iter_mut().zip(answers) {
            instantie.eigen_organisatie = answer;
        }
        assert_eq!(form.verwerker_required(), expected, "{answers:?}");
    }
}

#[test]
fn summary_without_verwerker() {
    assert_eq!(
        summary_text(&base(), "G0363 — Amsterdam"),
        "Invulhulp voor het formulier Alternatieve routering verzuimloket — G0363 — Amsterdam\n\
             Ingangsdatum: 01-08-2026\n\
             \n\
             Leerplichtig\n\
             Instantie: Gemeente Voorbeeld, team Leerplicht\n\
             E-mailadres: leerplicht@voorbeeld.nl\n\
             Contactpersoon: A. de Boer\n\
             Telefoon: 020 123 45 67\n\
             \n\
             Kwalificatieplichtig\n\
             Instantie: Gemeente Voorbeeld, team Leerplicht\n\
             E-mailadres: leerplicht@voorbeeld.nl\n\
             \n\
             18+ / RMC (Doorstroompunt)\n\
             Instantie: RMC Regio Voorbeeld\n\
             E-mailadres: rmc@regio-voorbeeld.nl\n\
             \n\
             Ondertekening\n\
             Naam: J. Jansen\n\
             Functie: Teamleider Leerplicht\n\
             Datum: 01-03-2026\n\
             \n\
             Neem deze gegevens over in het formulier van DUO.\n"
    );
}

#[test]
fn summary_with_verwerker() {
    let mut form = with_verwerker();
    form.verwerker.kvk = "1234 5678".into();
    form.verwerker.gegevensleveringen = true;
    form.instanties[0].naam = "  Gemeente   Voorbeeld \n".into();
    form.instanties[0].contactpersoon = " ".into();
    form.instanties[0].telefoon.clear();
    form.startdatum = "2026-8-1".into();
    assert_eq!(
        summary_text(&form, "  "),
        "Invulhulp voor het formulier Alternatieve routering verzuimloket\n\
             Ingangsdatum: 01-08-2026\n\
             \n\
             Leerplichtig\n\
             Instantie: Gemeente Voorbeeld\n\
             E-mailadres: leerplicht@voorbeeld.nl\n\
             \n\
             Kwalificatieplichtig\n\
             Instantie: Gemeente Voorbeeld, team Leerplicht\n\
             E-mailadres: leerplicht@voorbeeld.nl\n\
             \n\
             18+ / RMC (Doorstroompunt)\n\
             Instantie: RMC Regio Voorbeeld\n\
             E-mailadres: rmc@regio-voorbeeld.nl\n\
             \n\
             Ondertekening\n\
             Naam: J. Jansen\n\
             Functie: Teamleider Leerplicht\n\
             Datum: 01-03-2026\n\
             \n\
             Invulhulp voor het formulier Verklaring gegevensverstrekking aan verwerker\n\
             Verwerker: Regionaal Bureau Voorbeeld\n\
             Adres: Stationsplein 1, 1234 AB Voorbeeld\n\
             KvK-nummer: 12345678\n\
             Contactpersoon: B. Bakker\n\
             E-mailadres: info@rbl-voorbeeld.nl\n\
             Datum verwerkersovereenkomst: 15-01-2026\n\
             Gegevens voor de verwerker: verzuimmeldingen en gegevensleveringen\n\
             \n\
             Ondertekening namens de gemeente\n\
             Naam: C. de Wit\n\
             Functie: Wethouder Onderwijs\n\
             Datum: 20-02-2026\n\
             \n\
             Neem deze gegevens over in het formulier van DUO.\n"
    );
}

#[test]
fn summary_of_an_incomplete_form() {
    let mut form = RouteringForm::default();
    form.instanties[1].eigen_organisatie = Some(false);
    form.startdatum = "31-02-2026".into();
    form.verwerker.kvk = "123".into();
    form.verwerker.gegevensleveringen = true;
    let text = summary_text(&form, "R0021 — Agglomeratie Amsterdam");
    let cases = [
        "Invulhulp voor het formulier Verklaring gegevensverstrekking aan verwerker — R0021 — \
         Agglomeratie Amsterdam\n",
        "Ingangsdatum: 31-02-2026\n",
        "Instantie: (niet ingevuld)\nE-mailadres: (niet ingevuld)\n\nKwalificatieplichtig",
        "KvK-nummer: 123\n",
        "Gegevens voor de verwerker: gegevensleveringen\n",
    ];
    for fragment in cases {
        assert!(text.contains(fragment), "{fragment:?} not in {text}");
    }
    // Optional fields left empty are left out, not marked as missing.
    for absent in ["Verwerker:", "Naam:", "Datum verwerkersovereenkomst"] {
        assert!(!text.contains(absent), "{absent:?} in {text}");
    }
    assert!(
        !text.contains("Contactpersoon: (niet ingevuld)\nE-mailadres: (niet ingevuld)\nTelefoon")
    );
    assert!(text.ends_with("\n\nNeem deze gegevens over in het formulier van DUO.\n"));
    // The print view starts the second page at this heading: it must be there exactly once.
    let headings = text
        .lines()
        .filter(|l| l.starts_with("Invulhulp voor het formulier Verklaring gegevensverstrekking"))
        .count();
    assert_eq!(headings, 1);
}

#[test]
fn mail_draft_fits() {
    let form = base();
    let draft = mail_draft("verzuim@duo.nl", &form, "G0363 — Amsterdam");
    assert!(draft.fits);
    assert_eq!(draft.body, summary_text(&form, "G0363 — Amsterdam"));
    assert!(draft.href.len() <= MAILTO_LIMIT, "{}", draft.href.len());
    assert!(draft.href.starts_with(
        "mailto:verzuim@duo.nl?subject=Alternatieve%20routering%20verzuimloket%20%E2%80%94%20\
             G0363%20%E2%80%94%20Amsterdam&body=Invulhulp%20voor%20het%20formulier%20Alternatieve%20routering"
    ));
    assert!(
        draft
            .href
            .contains("Leerplichtig%0D%0AInstantie%3A%20Gemeente%20Voorbeeld")
    );
    assert_eq!(
        draft.href,
        mailto(
            "verzuim@duo.nl",
            "Alternatieve routering verzuimloket — G0363 — Amsterdam",
            &draft.body
        )
    );
}

#[test]
fn mail_draft_falls_back_when_too_long() {
    let mut form = with_verwerker();
    for instantie in &mut form.instanties {
        instantie.naam =
            "Gemeentelijke Afdeling Leerplicht en Voortijdig Schoolverlaten ".repeat(4);
    }
    form.verwerker.adres = "Een heel lang adres ".repeat(10);
    let draft = mail_draft("verzuim@duo.nl", &form, "G0363 — Amsterdam");
    assert!(!draft.fits);
    assert!(draft.href.len() < MAILTO_LIMIT, "{}", draft.href.len());
    assert_eq!(
        draft.body,
        "De gegevens voor de alternatieve routering staan hieronder niet, omdat de e-mail \
             dan te lang wordt voor uw e-mailprogramma. Plak ze hier: kopieer ze in Koppelhulp \
             met de knop 'Kopieer als tekst'.\n\n"
    );
    assert!(draft.href.contains("&body=De%20gegevens"));
    assert!(
        draft
            .href
            .contains("subject=Alternatieve%20routering%20verzuimloket")
    );
    assert!(
        mailto(
            "verzuim@duo.nl",
            "x",
            &summary_text(&form, "G0363 — Amsterdam")
        )
        .len()
            > MAILTO_LIMIT
    );
}

#[test]
fn json_round_trip() {
    for form in [RouteringForm::default(), base(), with_verwerker()] {
        assert_eq!(RouteringForm::from_json(&form.to_json()), form);
    }
    let garbage = [
        "",
        "nonsense",
        "null",
        "[]",
        "{\"instanties\": 5}",
        "{\"instanties\": [{}, {}]}",
        "{\"startdatum\": 20260801}",
        "{\"instanties\": [{\"eigen_organisatie\": \"ja\"}, {}, {}]}",
        "{\"startdatum\": \"01-08-2026\"",
    ];
    for json in garbage {
        assert_eq!(
            RouteringForm::from_json(json),
            RouteringForm::default(),
            "{json}"
        );
    }
    let partial = RouteringForm::from_json(
        "{\"startdatum\": \"01-08-2026\", \"onbekend\": 1, \
             \"instanties\": [{\"naam\": \"A\", \"eigen_organisatie\": false}, {}, {}], \
             \"verwerker\": {\"verzuimmeldingen\": true}}",
    );
    assert_eq!(partial.startdatum, "01-08-2026");
    assert_eq!(partial.instanties[0].naam, "A");
    assert_eq!(partial.instanties[0].eigen_organisatie, Some(false));
    assert_eq!(partial.instanties[1], Instantie::default());
    assert!(partial.verwerker.verzuimmeldingen);
    assert!(partial.verwerker_required());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            cases: 128,
            ..ProptestConfig::default()
        })]

        #[test]
        fn nothing_panics_and_mail_fits_or_falls_back(
            texts in proptest::collection::vec("[\\PC\r\n]{0,40}", 23),
            answers in proptest::array::uniform3(proptest::option::of(any::<bool>())),
            flags in any::<(bool, bool)>(),
            to in "[\\PC]{0,30}",
        ) {
            let t = |i: usize| texts[i].clone();
            let mut form = RouteringForm {
                startdatum: t(0),
                ondertekening: signed(&t(1), &t(2), &t(3)),
                verwerker: Verwerker {
                    naam: t(4),
                    adres: t(5),
                    kvk: t(6),
                    contactpersoon: t(7),
                    email: t(8),
                    overeenkomst_datum: t(9),
                    verzuimmeldingen: flags.0,
                    gegevensleveringen: flags.1,
                    ondertekening: signed(&t(10), &t(11), &t(12)),
                },
                ..RouteringForm::default()
            };
            for (i, instantie) in form.instanties.iter_mut().enumerate() {
                instantie.naam = t(13 + 3 * i);
                instantie.email = t(14 + 3 * i);
                instantie.telefoon = t(15 + 3 * i);
                instantie.eigen_organisatie = answers[i];
            }
            let report = check(&form, today());
            for p in &report.problems {
                prop_assert!(report.for_field(p.field).is_some());
            }
            let text = summary_text(&form, &t(22));
            prop_assert!(text.ends_with("Neem deze gegevens over in het formulier van DUO.\n"));
            let draft = mail_draft(&to, &form, &t(22));
            if draft.fits {
                prop_assert!(draft.href.len() <= MAILTO_LIMIT);
                prop_assert_eq!(draft.body, text);
            } else {
                prop_assert_eq!(draft.body, TOO_LONG_BODY);
            }
            prop_assert_eq!(RouteringForm::from_json(&form.to_json()), form);
        }
    }
}

/// Every field's HTML id leads back to the field, the ids are unique, and a text field's value is
/// the one it sets.
#[test]
fn veld_ids_and_values() {
    let all = Veld::all();
    let ids: std::collections::HashSet<String> = all.iter().map(|v| v.id()).collect();
    assert_eq!(ids.len(), all.len());
    assert_eq!(all.len(), 1 + 3 * 4 + 3 + 6 + 1 + 3);
    let mut form = RouteringForm::default();
    for (n, v) in all.iter().enumerate() {
        assert_eq!(Veld::from_id(&v.id()), Some(*v));
        v.set_text(&mut form, format!("waarde {n}"));
    }
    for (n, v) in all.iter().enumerate() {
        let expected = (*v != Veld::VerwerkerGegevens).then(|| format!("waarde {n}"));
        assert_eq!(v.text(&form).cloned(), expected, "{v:?}");
    }
    assert_eq!(form.instanties[2].telefoon, "waarde 12");
    assert_eq!(form.verwerker.overeenkomst_datum, "waarde 21");
    assert_eq!(Veld::Instantie(3, InstantieVeld::Naam).text(&form), None);
    assert_eq!(Veld::from_id("instantie-0-eigen"), None);
}

/// "Nee" with an empty Verklaring: a warning on screen, and the invulhulp leaves the empty
/// Verklaring and empty signatures out; filled in, it is a notice and the Verklaring is there.
#[test]
fn an_empty_verklaring_after_nee_is_a_warning_and_not_printed() {
    let mut form = base();
    form.instanties[1].eigen_organisatie = Some(false);
    form.ondertekening = Ondertekening::default();
    let report = check(&form, today());
    let warnings: Vec<&str> = report
        .notices
        .iter()
        .filter(|n| n.severity == Severity::Warning)
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(warnings.len(), 1, "{report:?}");
    assert!(
        warnings[0].ends_with(check::VERKLARING_EMPTY),
        "{}",
        warnings[0]
    );
    let text = summary_text(&form, "G0363 — Amsterdam");
    assert!(text.starts_with(INVULHULP), "{text}");
    for absent in ["Verklaring gegevensverstrekking", "Ondertekening", "\n\n\n"] {
        assert!(!text.contains(absent), "{absent:?} in {text}");
    }

    let mut form = with_verwerker();
    form.instanties[1].eigen_organisatie = Some(false);
    let report = check(&form, today());
    assert!(
        report
            .notices
            .iter()
            .all(|n| n.severity == Severity::Notice),
        "{report:?}"
    );
    let text = summary_text(&form, "G0363 — Amsterdam");
    assert!(text.contains(
        "\n\nInvulhulp voor het formulier Verklaring gegevensverstrekking aan verwerker — G0363"
    ));
    assert!(text.contains("\n\nOndertekening namens de gemeente\nNaam: "));
}
