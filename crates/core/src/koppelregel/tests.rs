use super::*;
use crate::ids::{bsn_from_seed, onderwijsnummer_from_seed};

fn date(y: i32, m: u8, d: u8) -> Date {
    calendar_date(y, m, d).unwrap()
}

const TODAY: (i32, u8, u8) = (2026, 3, 1);

fn today() -> Date {
    date(TODAY.0, TODAY.1, TODAY.2)
}

fn bsn(seed: u32) -> String {
    bsn_from_seed(seed).to_string()
}

fn own(seed: u32) -> String {
    onderwijsnummer_from_seed(seed).to_string()
}

/// A complete, correct linking row.
fn row(seed: u32) -> Koppelregel {
    Koppelregel {
        bsn: bsn(seed),
        onderwijsnummer: own(seed),
        achternaam: "Jansen".into(),
        voorvoegsel: String::new(),
        voornamen: "Anna".into(),
        geboortedatum: "05-03-2012".into(),
        geslacht: "V".into(),
        opmerking: String::new(),
    }
}

fn with(mut r: Koppelregel, field: Field, value: &str) -> Koppelregel {
    *r.get_mut(field) = value.to_string();
    r
}

#[test]
fn header_cases() {
    let cases: &[(&str, Option<Field>)] = &[
        ("BSN", Some(Field::Bsn)),
        ("bsn", Some(Field::Bsn)),
        (" B.S.N. ", Some(Field::Bsn)),
        ("Burgerservicenummer", Some(Field::Bsn)),
        ("BURGER SERVICE NUMMER", Some(Field::Bsn)),
        ("Sofinummer", Some(Field::Bsn)),
        ("Sofi-nummer", Some(Field::Bsn)),
        ("BSN leerling", Some(Field::Bsn)),
        ("BSN_leerling", Some(Field::Bsn)),
        ("Onderwijsnummer", Some(Field::Onderwijsnummer)),
        ("OWN", Some(Field::Onderwijsnummer)),
        ("Onderwijs nummer", Some(Field::Onderwijsnummer)),
        ("onderwijs-nummer", Some(Field::Onderwijsnummer)),
        ("Achternaam", Some(Field::Achternaam)),
        ("Geslachtsnaam", Some(Field::Achternaam)),
        ("Naam (achternaam)", Some(Field::Achternaam)),
        ("Naam", Some(Field::Achternaam)),
        ("Voorvoegsel", Some(Field::Voorvoegsel)),
        ("Voorvoegsels", Some(Field::Voorvoegsel)),
        ("Tussenvoegsel", Some(Field::Voorvoegsel)),
        ("Tussenvoegsel(s)", Some(Field::Voorvoegsel)),
        ("tussenvoegsels", Some(Field::Voorvoegsel)),
        ("Voornamen", Some(Field::Voornamen)),
        ("Voornaam", Some(Field::Voornamen)),
        ("Roepnaam", Some(Field::Voornamen)),
        ("Geboortedatum", Some(Field::Geboortedatum)),
        ("Geb.datum", Some(Field::Geboortedatum)),
        ("Geb. datum", Some(Field::Geboortedatum)),
        ("geboorte datum", Some(Field::Geboortedatum)),
        ("Geslacht", Some(Field::Geslacht)),
        ("GESLACHT\u{A0}", Some(Field::Geslacht)),
        ("Opmerking Gemeente/Regio", Some(Field::Opmerking)),
        ("Opmerking gemeente / regio", Some(Field::Opmerking)),
        ("Opmerking gemeente", Some(Field::Opmerking)),
        ("Opmerking", Some(Field::Opmerking)),
        ("Vraag", Some(Field::Opmerking)),
        ("", None),
        ("Postcode", None),
        ("Koppelen gegevens", None),
        ("Naam school", None),
        ("BSN ouder", None),
        ("Datum", None),
        ("Opmerking DUO", None),
    ];
    for (header, expected) in cases {
        assert_eq!(Field::from_header(header), *expected, "{header:?}");
    }
    for field in Field::ALL {
        assert_eq!(Field::from_header(field.label()), Some(field), "{field:?}");
    }
}

#[test]
fn date_cases() {
    type Want = Result<(i32, u8, u8), &'static str>;
    let cases: &[(&str, Want)] = &[
        ("05-03-2012", Ok((2012, 3, 5))),
        ("5-3-2012", Ok((2012, 3, 5))),
        ("05/03/2012", Ok((2012, 3, 5))),
        ("5/3/2012", Ok((2012, 3, 5))),
        ("05.03.2012", Ok((2012, 3, 5))),
        ("2012-03-05", Ok((2012, 3, 5))),
        ("2012-3-5", Ok((2012, 3, 5))),
        ("2012/03/05", Ok((2012, 3, 5))),
        (" 05-03-2012\u{A0}", Ok((2012, 3, 5))),
        ("29-02-2012", Ok((2012, 2, 29))),
        ("29-02-2000", Ok((2000, 2, 29))),
        ("31-12-2010", Ok((2010, 12, 31))),
        ("", Err("Vul een datum in.")),
        (
            "29-02-2013",
            Err("Deze datum bestaat niet: februari 2013 heeft 28 dagen."),
        ),
        ("29-02-1900", Err("februari 1900 heeft 28 dagen")),
        ("31-04-2012", Err("april 2012 heeft 30 dagen")),
        ("05-13-2012", Err("er is geen maand 13")),
        ("00-03-2012", Err("er is geen dag 0")),
        ("05-00-2012", Err("er is geen maand 0")),
        ("05-03-12", Err("Schrijf het jaar met 4 cijfers")),
        ("05032012", Err("Schrijf de datum als dd-mm-jjjj")),
        ("5 maart 2012", Err("dd-mm-jjjj")),
        ("05-03/2012", Err("dd-mm-jjjj")),
        ("05-03-2012-1", Err("dd-mm-jjjj")),
        ("2012.03.05", Err("dd-mm-jjjj")),
        ("005-03-2012", Err("dd-mm-jjjj")),
        ("05--2012", Err("dd-mm-jjjj")),
        ("-", Err("dd-mm-jjjj")),
        ("٠٥-٠٣-٢٠١٢", Err("dd-mm-jjjj")),
    ];
    for (input, expected) in cases {
        let got = parse_date(input);
        match (&got, expected) {
            (Ok(d), Ok((y, m, day))) => assert_eq!(*d, date(*y, *m, *day), "{input:?}"),
            (Err(p), Err(want)) => {
                assert!(p.message.contains(want), "{input:?}: {}", p.message)
            }
            _ => panic!("{input:?}: got {got:?}, want {expected:?}"),
        }
    }
    assert_eq!(format_date(date(2012, 3, 5)), "05-03-2012");
    assert_eq!(format_date(date(987, 12, 31)), "31-12-0987");
}

#[test]
fn age_cases() {
    let cases = [
        ((2012, 3, 5), (2026, 3, 1), 13),
        ((2012, 3, 1), (2026, 3, 1), 14),
        ((2012, 2, 29), (2026, 2, 28), 13),
        ((2012, 2, 29), (2026, 3, 1), 14),
        ((2026, 3, 2), (2026, 3, 1), -1),
    ];
    for (birth, today, age) in cases {
        let (b, t) = (
            date(birth.0, birth.1, birth.2),
            date(today.0, today.1, today.2),
        );
        assert_eq!(age_on(b, t), age, "{birth:?} {today:?}");
    }
}

#[test]
fn geslacht_cases() {
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("M", Ok("M")),
        ("m", Ok("M")),
        (" V ", Ok("V")),
        ("v", Ok("V")),
        ("X", Ok("O")),
        ("o", Ok("O")),
        ("man", Ok("M")),
        ("Vrouw", Ok("V")),
        ("jongen", Ok("M")),
        ("MEISJE", Ok("V")),
        ("onbekend", Ok("O")),
        ("", Err("Vul het geslacht in")),
        ("F", Err("M, V of O")),
        ("mv", Err("M, V of O")),
    ];
    for (input, expected) in cases {
        let got = Geslacht::parse(input).map(Geslacht::code);
        match (&got, expected) {
            (Ok(code), Ok(want)) => assert_eq!(code, want, "{input:?}"),
            (Err(p), Err(want)) => {
                assert!(p.message.contains(want), "{input:?}: {}", p.message)
            }
            _ => panic!("{input:?}: got {got:?}, want {expected:?}"),
        }
    }
}

type Expect = &'static [(Field, Severity, &'static str)];

/// One row on its own → its status and the problems per cell (field, severity, fragment).
#[test]
fn single_row_cases() {
    use Field as F;
    use Severity::{Error as E, Warning as W};
    let valid_bsn = bsn(1);
    let valid_own = own(1);
    let cases: Vec<(Koppelregel, RowStatus, Expect)> = vec![
        (row(1), RowStatus::Ready, &[]),
        (
            with(row(1), F::Bsn, &format!(" {}.0 ", valid_bsn)),
            RowStatus::Ready,
            &[],
        ),
        (
            with(row(1), F::Bsn, ""),
            RowStatus::Errors,
            &[(
                F::Bsn,
                E,
                "Vul het BSN in. Voor een koppeling zijn het BSN en het onderwijsnummer allebei nodig.",
            )],
        ),
        (
            with(row(1), F::Onderwijsnummer, " "),
            RowStatus::Errors,
            &[(F::Onderwijsnummer, E, "Vul het onderwijsnummer in.")],
        ),
        (
            with(with(row(1), F::Bsn, ""), F::Onderwijsnummer, ""),
            RowStatus::Errors,
            &[
                (F::Bsn, E, "Vul het BSN in."),
                (F::Onderwijsnummer, E, "Vul het onderwijsnummer in."),
            ],
        ),
        (
            with(row(1), F::Bsn, "123456789"),
            RowStatus::Errors,
            &[(F::Bsn, E, "de elfproef klopt niet")],
        ),
        (
            with(
                with(row(1), F::Bsn, &valid_own),
                F::Onderwijsnummer,
                &valid_bsn,
            ),
            RowStatus::Errors,
            &[
                (F::Bsn, E, "Dit lijkt een onderwijsnummer, geen BSN"),
                (
                    F::Onderwijsnummer,
                    E,
                    "Dit lijkt een BSN, geen onderwijsnummer",
                ),
            ],
        ),
        // A question needs one valid number.
        (
            with(
                with(row(1), F::Onderwijsnummer, ""),
                F::Opmerking,
                "Is deze leerling bekend?",
            ),
            RowStatus::Ready,
            &[],
        ),
        (
            with(
                with(row(1), F::Bsn, ""),
                F::Opmerking,
                "Welk BSN hoort hierbij?",
            ),
            RowStatus::Ready,
            &[],
        ),
        (
            with(
                with(with(row(1), F::Bsn, ""), F::Onderwijsnummer, ""),
                F::Opmerking,
                "Vraag",
            ),
            RowStatus::Warnings,
            &[(
                F::Bsn,
                W,
                "DUO zoekt de leerling dan op naam, geboortedatum",
            )],
        ),
        (
            with(
                with(
                    with(with(row(1), F::Bsn, ""), F::Onderwijsnummer, ""),
                    F::Geboortedatum,
                    "",
                ),
                F::Opmerking,
                "Vraag",
            ),
            RowStatus::Errors,
            &[
                (
                    F::Bsn,
                    E,
                    "Vul het BSN of het onderwijsnummer in, of de achternaam en de geboortedatum",
                ),
                (F::Geboortedatum, W, "Vul de geboortedatum in"),
            ],
        ),
        (
            with(
                with(
                    with(with(row(1), F::Bsn, ""), F::Onderwijsnummer, ""),
                    F::Achternaam,
                    " ",
                ),
                F::Opmerking,
                "Vraag",
            ),
            RowStatus::Errors,
            &[(F::Bsn, E, "of de achternaam en de geboortedatum")],
        ),
        (
            with(
                with(with(row(1), F::Bsn, ""), F::Onderwijsnummer, ""),
                F::Opmerking,
                "",
            ),
            RowStatus::Errors,
            &[
                (F::Bsn, E, "Vul het BSN in"),
                (F::Onderwijsnummer, E, "Vul het onderwijsnummer in"),
            ],
        ),
        (
            with(
                with(row(1), F::Onderwijsnummer, "12345"),
                F::Opmerking,
                "Vraag",
            ),
            RowStatus::Errors,
            &[(F::Onderwijsnummer, E, "dit zijn er 5")],
        ),
        // Birth date and geslacht.
        (
            with(row(1), F::Geboortedatum, ""),
            RowStatus::Warnings,
            &[(
                F::Geboortedatum,
                W,
                "Vul de geboortedatum in. DUO herkent een leerling",
            )],
        ),
        (
            with(row(1), F::Geboortedatum, "31-02-2012"),
            RowStatus::Errors,
            &[(F::Geboortedatum, E, "februari 2012 heeft 29 dagen")],
        ),
        (
            with(row(1), F::Geboortedatum, "2012"),
            RowStatus::Errors,
            &[(F::Geboortedatum, E, "dd-mm-jjjj")],
        ),
        (
            with(row(1), F::Geboortedatum, "02-03-2026"),
            RowStatus::Warnings,
            &[(F::Geboortedatum, W, "in de toekomst")],
        ),
        (
            with(row(1), F::Geboortedatum, "02-03-2024"),
            RowStatus::Warnings,
            &[(F::Geboortedatum, W, "jonger dan 2 jaar")],
        ),
        (
            with(row(1), F::Geboortedatum, "01-03-2024"),
            RowStatus::Ready,
            &[],
        ),
        (
            with(row(1), F::Geboortedatum, "02-03-1995"),
            RowStatus::Ready,
            &[],
        ),
        (
            with(row(1), F::Geboortedatum, "01-03-1995"),
            RowStatus::Warnings,
            &[(F::Geboortedatum, W, "ouder dan 30 jaar")],
        ),
        (
            with(row(1), F::Geslacht, ""),
            RowStatus::Warnings,
            &[(
                F::Geslacht,
                W,
                "Vul het geslacht in: M, V of O. DUO herkent",
            )],
        ),
        (
            with(row(1), F::Geslacht, "F"),
            RowStatus::Errors,
            &[(F::Geslacht, E, "M, V of O")],
        ),
        (
            with(row(1), F::Geslacht, " x "),
            RowStatus::Warnings,
            &[(F::Geslacht, W, "X is geen code van de BRP")],
        ),
        (
            with(
                with(row(1), F::Geslacht, ""),
                F::Geboortedatum,
                "2012-03-05",
            ),
            RowStatus::Warnings,
            &[(F::Geslacht, W, "geslacht")],
        ),
        (
            with(with(row(1), F::Geslacht, "?"), F::Bsn, "x"),
            RowStatus::Errors,
            &[(F::Bsn, E, "letters"), (F::Geslacht, E, "M, V of O")],
        ),
        // Errors come before warnings in a cell; names are not checked, except for letters that
        // could not be read (`?`, U+FFFD: a file saved in another character set).
        (
            with(with(row(1), F::Achternaam, "  "), F::Voornamen, "123"),
            RowStatus::Ready,
            &[],
        ),
        (
            with(
                with(row(1), F::Achternaam, "?uckiewicz"),
                F::Voornamen,
                "Zo\u{FFFD}ia",
            ),
            RowStatus::Warnings,
            &[
                (F::Achternaam, W, "letter die Koppelhulp niet kan lezen"),
                (F::Voornamen, W, "letter die Koppelhulp niet kan lezen"),
            ],
        ),
    ];
    for (n, (input, status, expected)) in cases.into_iter().enumerate() {
        let report = check_rows(std::slice::from_ref(&input), today());
        let check = &report.rows[0];
        let got: Vec<(Field, Severity, &str)> = check
            .all_problems()
            .map(|(f, p)| (f, p.severity, p.message.as_str()))
            .collect();
        assert_eq!(check.status, status, "case {n}: {got:?}");
        assert_eq!(got.len(), expected.len(), "case {n}: {got:?}");
        for ((f, s, m), (wf, ws, wm)) in got.iter().zip(expected.iter()) {
            assert_eq!((f, s), (wf, ws), "case {n}: {m}");
            assert!(m.contains(wm), "case {n}: {m:?} lacks {wm:?}");
        }
    }
}

#[test]
fn normalised_row() {
    let input = Koppelregel {
        bsn: "1234.56.782".into(),
        onderwijsnummer: "1,01222331E+08".into(),
        achternaam: "  Berg\u{A0} ".into(),
        voorvoegsel: " van  der ".into(),
        voornamen: "Anna  Maria".into(),
        geboortedatum: "5-3-2012".into(),
        geslacht: "meisje".into(),
        opmerking: "  Vraag \n".into(),
    };
    let report = check_rows(&[input], today());
    let n = &report.rows[0].normalised;
    assert_eq!(n.bsn.map(|b| b.to_string()).as_deref(), Some("123456782"));
    assert_eq!(
        n.onderwijsnummer.map(|o| o.to_string()).as_deref(),
        Some("101222331")
    );
    assert_eq!(
        (
            n.achternaam.as_str(),
            n.voorvoegsel.as_str(),
            n.voornamen.as_str()
        ),
        ("Berg", "van der", "Anna Maria")
    );
    assert_eq!(n.geboortedatum, Some(date(2012, 3, 5)));
    assert_eq!(n.geslacht, Some(Geslacht::Vrouw));
    assert_eq!(n.opmerking, "Vraag");
    assert_eq!(report.rows_to_write().count(), 1);
}

/// Several rows → counts, cross-row problems (rows, field) and whether it can be downloaded.
#[test]
fn report_cases() {
    struct Case {
        rows: Vec<Koppelregel>,
        counts: (usize, usize, usize, usize),
        cross: &'static [(&'static [usize], Field, &'static str)],
        can_download: bool,
    }
    let empty = Koppelregel::default;
    let blank = || Koppelregel {
        achternaam: " ".into(),
        geboortedatum: "\u{A0}".into(),
        ..Koppelregel::default()
    };
    let cases = vec![
        Case {
            rows: vec![],
            counts: (0, 0, 0, 0),
            cross: &[],
            can_download: false,
        },
        Case {
            rows: vec![empty(), blank()],
            counts: (0, 0, 0, 2),
            cross: &[],
            can_download: false,
        },
        Case {
            rows: vec![row(1), empty(), row(2)],
            counts: (2, 0, 0, 1),
            cross: &[],
            can_download: true,
        },
        Case {
            rows: vec![row(1), with(row(2), Field::Geslacht, "")],
            counts: (1, 1, 0, 0),
            cross: &[],
            can_download: true,
        },
        Case {
            rows: vec![row(1), with(row(2), Field::Bsn, "1")],
            counts: (1, 0, 1, 0),
            cross: &[],
            can_download: false,
        },
        // The same pair twice, also written differently.
        Case {
            rows: vec![
                row(1),
                row(2),
                with(row(1), Field::Bsn, &format!("{}.0", bsn(1))),
            ],
            counts: (1, 0, 2, 0),
            cross: &[(
                &[0, 2],
                Field::Bsn,
                "Dezelfde koppeling staat in regels 1 en 3.",
            )],
            can_download: false,
        },
        // One BSN, two onderwijsnummers: a warning that explains (a pupil registered by two
        // schools before the BSN was known has two), not an error.
        Case {
            rows: vec![row(1), with(row(1), Field::Onderwijsnummer, &own(7))],
            counts: (0, 2, 0, 0),
            cross: &[(
                &[0, 1],
                Field::Onderwijsnummer,
                "Eén BSN staat met verschillende onderwijsnummers in regels 1 en 2. Controleer of het dezelfde leerling is met twee onderwijsnummers; dan klopt het.",
            )],
            can_download: true,
        },
        // One onderwijsnummer, two BSNs; three rows.
        Case {
            rows: vec![
                row(1),
                with(row(1), Field::Bsn, &bsn(8)),
                row(3),
                with(row(1), Field::Bsn, &bsn(9)),
            ],
            counts: (1, 0, 3, 0),
            cross: &[(
                &[0, 1, 3],
                Field::Bsn,
                "Eén onderwijsnummer staat met verschillende BSN's in regels 1, 2 en 4.",
            )],
            can_download: false,
        },
        // Both: a duplicate pair and a conflicting onderwijsnummer for the same BSN.
        Case {
            rows: vec![
                row(1),
                row(1),
                with(row(1), Field::Onderwijsnummer, &own(5)),
            ],
            // The third row only has the second onderwijsnummer: a warning.
            counts: (0, 1, 2, 0),
            cross: &[
                (&[0, 1], Field::Bsn, "Dezelfde koppeling"),
                (&[0, 1, 2], Field::Onderwijsnummer, "Eén BSN"),
            ],
            can_download: false,
        },
        // A question with only a BSN does not conflict with a koppeling of that BSN.
        Case {
            rows: vec![
                row(1),
                with(
                    with(row(1), Field::Onderwijsnummer, ""),
                    Field::Opmerking,
                    "Vraag",
                ),
            ],
            counts: (2, 0, 0, 0),
            cross: &[],
            can_download: true,
        },
    ];
    for (n, case) in cases.into_iter().enumerate() {
        let report = check_rows(&case.rows, today());
        let c = report.counts;
        assert_eq!(
            (c.ready, c.with_warnings, c.with_errors, c.empty),
            case.counts,
            "case {n}"
        );
        assert_eq!(report.rows.len(), case.rows.len());
        assert_eq!(
            report.cross_row.len(),
            case.cross.len(),
            "case {n}: {:?}",
            report.cross_row
        );
        for (got, (rows, field, fragment)) in report.cross_row.iter().zip(case.cross) {
            assert_eq!(
                (got.rows.as_slice(), got.field),
                (*rows, *field),
                "case {n}"
            );
            assert!(
                got.problem.message.contains(fragment),
                "case {n}: {}",
                got.problem.message
            );
            // Each row of the group carries the finding inline, with the summary's severity.
            for &i in *rows {
                assert!(
                    report.rows[i]
                        .problems(*field)
                        .iter()
                        .any(|p| p.severity == got.problem.severity),
                    "case {n}: row {i} lacks the inline {:?}",
                    got.problem.severity
                );
            }
        }
        assert_eq!(report.can_download(), case.can_download, "case {n}");
    }
}

#[test]
fn inline_cross_row_messages_name_the_other_rows() {
    let rows = [
        row(1),
        row(2),
        with(row(1), Field::Onderwijsnummer, &own(3)),
    ];
    let report = check_rows(&rows, today());
    let first = &report.rows[0].problems(Field::Onderwijsnummer)[0].message;
    assert!(
        first.starts_with("Dit BSN staat ook in regel 3, met een ander onderwijsnummer."),
        "{first}"
    );
    let third = &report.rows[2].problems(Field::Onderwijsnummer)[0].message;
    assert!(
        third.starts_with("Dit BSN staat ook in regel 1,"),
        "{third}"
    );
    let pair = [row(4), row(4)];
    let report = check_rows(&pair, today());
    let message = &report.rows[1].problems(Field::Bsn)[0].message;
    assert!(
        message.starts_with("Deze koppeling staat ook in regel 1."),
        "{message}"
    );
    assert_eq!(report.problems().count(), 2);
}

#[test]
fn row_list_cases() {
    assert_eq!(row_list(&[3]), "regel 4");
    assert_eq!(row_list(&[0, 4]), "regels 1 en 5");
    assert_eq!(row_list(&[0, 9998]), "regels 1 en 9.999");
    assert_eq!(row_list(&[0, 1, 2]), "regels 1, 2 en 3");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "\\PC{0,12}",
            "[0-9 .,/-]{0,12}",
            (0u32..50).prop_map(bsn),
            (0u32..50).prop_map(own),
        ]
    }

    fn koppelregel() -> impl Strategy<Value = Koppelregel> {
        proptest::array::uniform8(cell()).prop_map(|c| {
            let [
                bsn,
                onderwijsnummer,
                achternaam,
                voorvoegsel,
                voornamen,
                geboortedatum,
                geslacht,
                opmerking,
            ] = c;
            Koppelregel {
                bsn,
                onderwijsnummer,
                achternaam,
                voorvoegsel,
                voornamen,
                geboortedatum,
                geslacht,
                opmerking,
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn never_panics_and_counts_add_up(rows in proptest::collection::vec(koppelregel(), 0..8)) {
            let report = check_rows(&rows, today());
            let c = report.counts;
            prop_assert_eq!(c.ready + c.with_warnings + c.with_errors + c.empty, rows.len());
            prop_assert_eq!(report.can_download(), c.with_errors == 0 && c.empty < rows.len());
        }

        #[test]
        fn dates_never_panic_and_round_trip(s in "\\PC{0,16}", d in 0i64..100_000) {
            let _ = parse_date(&s);
            let date = date(1900, 1, 1) + time::Duration::days(d);
            prop_assert_eq!(parse_date(&format_date(date)), Ok(date));
        }
    }
}
