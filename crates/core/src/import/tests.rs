use proptest::prelude::*;
use time::Month;

use super::*;
use crate::ids::{bsn_from_seed, onderwijsnummer_from_seed};
use crate::koppelregel::Geslacht;

fn t(s: &str) -> RawCell {
    if s.is_empty() {
        RawCell::Empty
    } else {
        RawCell::Text(s.to_string())
    }
}

fn sheet(rows: Vec<Vec<RawCell>>) -> RawSheet {
    RawSheet {
        name: "Blad1".into(),
        rows,
        date_1904: false,
    }
}

fn today() -> Date {
    Date::from_calendar_date(2026, Month::November, 28).unwrap()
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
}

fn run(s: &RawSheet) -> (HeaderGuess, Interpretation) {
    let header = find_header(s).unwrap();
    let result = interpret(s, &header, today(), &mut |_, _| ());
    (header, result)
}

#[test]
fn title_rows_are_skipped_and_the_header_found() {
    let bsn = bsn_from_seed(1).to_string();
    let s = sheet(vec![
        vec![t("Leerlingenlijst gemeente Voorbeeld")],
        vec![t("Peildatum 1-10-2026")],
        vec![],
        vec![
            t("Burgerservicenummer"),
            t("Geslachtsnaam"),
            t(""),
            t("Geb.datum"),
        ],
        vec![t(&bsn), t("Jansen"), t("x"), t("12-03-2012")],
    ]);
    let (header, result) = run(&s);
    assert_eq!(header.row, 3);
    assert_eq!(
        header.headers,
        [
            "Burgerservicenummer",
            "Geslachtsnaam",
            "Kolom C",
            "Geb.datum"
        ]
    );
    assert_eq!(
        header.mapping,
        [
            Some(ImportField::Bsn),
            Some(ImportField::Achternaam),
            None,
            Some(ImportField::Geboortedatum)
        ]
    );
    assert_eq!(result.records.len(), 1);
    assert_eq!(result.records[0].row, 5);
    assert_eq!(result.records[0].geboortedatum, Some(date(2012, 3, 12)));
}

#[test]
fn a_field_named_twice_goes_to_the_first_column() {
    let s = sheet(vec![vec![t("BSN"), t("Naam"), t("BSN")]]);
    let header = find_header(&s).unwrap();
    assert_eq!(
        header.mapping,
        [Some(ImportField::Bsn), Some(ImportField::Naam), None]
    );
}

#[test]
fn sheets_without_a_header_or_data_are_refused() {
    let empty = sheet(vec![vec![], vec![t(" ")]]);
    assert!(find_header(&empty).unwrap_err().message.contains("leeg"));
    let no_header = sheet(vec![
        vec![t("123"), t("Jansen")],
        vec![t("456"), t("Bakker")],
    ]);
    assert!(
        find_header(&no_header)
            .unwrap_err()
            .message
            .contains("geen kopregel")
    );
}

#[test]
fn every_row_is_accounted_for_with_its_row_number() {
    let bsn = |i| bsn_from_seed(i).to_string();
    let own = |i| onderwijsnummer_from_seed(i).to_string();
    // A number that lost its leading zero, stored as a number (the documentation example of
    // core::ids; test BSNs 9999xxxxx never start with 0).
    let short = Bsn::from_digits("012345672");
    let s = sheet(vec![
        vec![
            t("Persoonsgebonden nummer"),
            t("Achternaam"),
            t("Voornamen"),
            t("Geboortedatum"),
            t("Geslacht"),
            t("Postcode"),
            t("Klas"),
        ],
        vec![
            t(&bsn(1)),
            t("van der Berg"),
            t("Piet"),
            RawCell::Date(40249.0),
            t("jongen"),
            t("1234 ab"),
            t("3a"),
        ],
        vec![
            t(&own(2)),
            t("Berg, van der"),
            t("Piet"),
            t("12-03-2010"),
            t("1"),
            t(""),
            t(""),
        ],
        vec![],
        vec![
            t("123456789"),
            t("Bakker"),
            t("Els"),
            t("1-1-2011"),
            t("V"),
            t(""),
            t(""),
        ],
        vec![t(""), t(""), t(""), t(""), t(""), t(""), t("4b")],
        vec![
            t(&bsn(3)),
            t("Visser"),
            t("Ans"),
            t("31-02-2011"),
            t("kat"),
            t("12"),
            t(""),
        ],
        vec![
            t(""),
            t("Smit"),
            t("Jan"),
            t("1-1-2011"),
            t("M"),
            t(""),
            t(""),
        ],
    ]);
    let (_, result) = run(&s);
    let a = &result.accounting;
    assert_eq!(
        (a.read, a.used, a.with_problems, a.skipped_empty),
        (7, 3, 3, 1)
    );
    let r = &result.records;
    assert_eq!(r.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 3, 7]);
    assert_eq!(r[0].bsn, Some(bsn_from_seed(1)));
    assert_eq!(
        (r[0].voorvoegsel.as_str(), r[0].achternaam.as_str()),
        ("van der", "Berg")
    );
    assert_eq!(r[0].geboortedatum, Some(date(2010, 3, 12)));
    assert_eq!(r[0].geslacht, Some(Geslacht::Man));
    assert_eq!(r[0].postcode, "1234AB");
    assert_eq!(r[1].onderwijsnummer, Some(onderwijsnummer_from_seed(2)));
    assert_eq!(
        (r[1].voorvoegsel.as_str(), r[1].achternaam.as_str()),
        ("van der", "Berg")
    );
    assert_eq!(r[1].geslacht, Some(Geslacht::Man));
    assert_eq!(r[2].geboortedatum, None);
    assert_eq!(r[2].geslacht, None);
    let rows_with = |row: u32| -> Vec<(Option<&str>, Severity)> {
        result
            .problems
            .iter()
            .filter(|p| p.row == row)
            .map(|p| (p.column.as_deref(), p.problem.severity))
            .collect()
    };
    use crate::Severity;
    assert_eq!(
        rows_with(5),
        [
            (Some("Persoonsgebonden nummer"), Severity::Error),
            (None, Severity::Error)
        ]
    );
    assert_eq!(rows_with(6), [(None, Severity::Error)]);
    assert_eq!(
        rows_with(7),
        [
            (Some("Geboortedatum"), Severity::Warning),
            (Some("Geslacht"), Severity::Warning),
            (Some("Postcode"), Severity::Warning)
        ]
    );
    assert_eq!(rows_with(8), [(None, Severity::Error)]);
    assert!(
        result
            .problems
            .iter()
            .find(|p| p.row == 6)
            .unwrap()
            .problem
            .message
            .contains("niet gebruiken")
    );
    if let Some(short) = short {
        let n: f64 = short.as_str().parse().unwrap();
        let s = sheet(vec![
            vec![t("BSN"), t("Naam")],
            vec![RawCell::Number(n), t("Piet Jansen")],
        ]);
        let (_, result) = run(&s);
        assert_eq!(result.records[0].bsn, Some(short));
        assert_eq!(result.records[0].voornamen, "Piet");
        assert_eq!(result.records[0].achternaam, "Jansen");
    }
}

#[test]
fn separate_bsn_and_onderwijsnummer_columns_and_the_address() {
    let s = sheet(vec![
        vec![
            t("BSN"),
            t("Onderwijsnummer"),
            t("Tussenvoegsel"),
            t("Achternaam"),
            t("Roepnaam"),
            t("Straat"),
            t("Huisnr"),
            t("Toevoeging"),
            t("Woonplaats"),
        ],
        vec![
            t(""),
            t(&onderwijsnummer_from_seed(4).to_string()),
            t("De"),
            t("Vries"),
            t("Sanne"),
            t("Dorpsstraat"),
            RawCell::Number(12.0),
            t("A"),
            t("Utrecht"),
        ],
        vec![
            t(&bsn_from_seed(5).to_string()),
            t(""),
            t(""),
            t("Jansen"),
            t("Tom"),
            t("Kerkweg"),
            t("3"),
            t("-2"),
            t("Zeist"),
        ],
    ]);
    let (_, result) = run(&s);
    let r = &result.records;
    assert_eq!(r.len(), 2);
    assert_eq!(
        (
            r[0].voorvoegsel.as_str(),
            r[0].achternaam.as_str(),
            r[0].voornamen.as_str()
        ),
        ("de", "Vries", "Sanne")
    );
    assert_eq!(
        (
            r[0].straat.as_str(),
            r[0].huisnummer.as_str(),
            r[0].woonplaats.as_str()
        ),
        ("Dorpsstraat", "12 A", "Utrecht")
    );
    assert_eq!(r[1].huisnummer, "3-2");
    assert!(result.problems.is_empty());
}

#[test]
fn a_wrong_second_number_on_a_used_row_is_a_warning() {
    let s = sheet(vec![
        vec![t("BSN"), t("Onderwijsnummer"), t("Achternaam")],
        vec![
            t("123"),
            t(&onderwijsnummer_from_seed(1).to_string()),
            t("Jansen"),
        ],
    ]);
    let (_, result) = run(&s);
    assert_eq!(result.accounting.used, 1);
    assert_eq!(result.problems.len(), 1);
    assert_eq!(
        result.problems[0].problem.severity,
        crate::Severity::Warning
    );
    assert_eq!(result.problems[0].column.as_deref(), Some("BSN"));
}

#[test]
fn a_mapping_without_a_number_is_an_error() {
    assert!(has_errors(&check_mapping(&[Some(ImportField::Achternaam)])));
    let ok = check_mapping(&[
        Some(ImportField::Bsn),
        Some(ImportField::Naam),
        Some(ImportField::Geboortedatum),
    ]);
    assert!(ok.is_empty());
    use crate::problem::has_errors;
}

#[test]
fn column_letters_count_like_a_spreadsheet() {
    assert_eq!(column_letters(0), "A");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(27 * 26 - 1), "ZZ");
    assert_eq!(column_letters(27 * 26), "AAA");
}

fn any_cell() -> impl Strategy<Value = RawCell> {
    prop_oneof![
        Just(RawCell::Empty),
        "[ 0-9a-zA-Z/.,-]{0,12}".prop_map(RawCell::Text),
        (0u32..1000).prop_map(|i| RawCell::Text(bsn_from_seed(i).to_string())),
        (0u32..1000).prop_map(|i| RawCell::Text(onderwijsnummer_from_seed(i).to_string())),
        any::<f64>().prop_map(RawCell::Number),
        any::<f64>().prop_map(RawCell::Date),
        any::<bool>().prop_map(RawCell::Bool),
        ".{0,8}".prop_map(RawCell::DateIso),
    ]
}

proptest! {
    #[test]
    fn rows_read_equal_used_plus_problems_plus_empty(
        rows in prop::collection::vec(prop::collection::vec(any_cell(), 0..9), 0..40),
        mapping in prop::collection::vec(prop::option::of(prop::sample::select(ImportField::ALL.to_vec())), 0..9),
        date_1904 in any::<bool>(),
    ) {
        let s = RawSheet { name: "x".into(), rows, date_1904 };
        let header = HeaderGuess {
            row: 0,
            headers: (0..mapping.len()).map(column_letters).collect(),
            mapping,
        };
        let result = interpret(&s, &header, today(), &mut |_, _| ());
        let a = &result.accounting;
        prop_assert_eq!(a.read as usize, s.rows.len().saturating_sub(1));
        prop_assert_eq!(a.read, a.used + a.with_problems + a.skipped_empty);
        prop_assert_eq!(a.used as usize, result.records.len());
        let _ = find_header(&s);
    }
}

#[test]
fn huisnummer_and_toevoeging_are_joined_readably() {
    // (huisnummer, toevoeging, expected)
    let cases = [
        (t("12"), t(""), "12"),
        (t("12"), t("A"), "12 A"),
        (t("12"), t("a"), "12 a"),
        (t("12"), t("2"), "12-2"),
        (RawCell::Number(12.0), RawCell::Number(2.0), "12-2"),
        (t("12"), t("-2"), "12-2"),
        (t("12"), t("hs"), "12 hs"),
        (t("12"), t("bis"), "12 bis"),
        (t("12"), t("II"), "12 II"),
        (t("12"), t("2 hoog"), "12 2 hoog"),
        (t("12"), t("2a"), "12 2a"),
        (t(""), t("A"), "A"),
        (t(" 12 "), t(" 3 "), "12-3"),
    ];
    for (nummer, toevoeging, expected) in cases {
        let s = sheet(vec![
            vec![t("BSN"), t("Huisnummer"), t("Toevoeging")],
            vec![
                t(&bsn_from_seed(1).to_string()),
                nummer.clone(),
                toevoeging.clone(),
            ],
        ]);
        let (_, result) = run(&s);
        assert_eq!(
            result.records[0].huisnummer, expected,
            "{nummer:?} {toevoeging:?}"
        );
    }
}

#[test]
fn a_second_number_that_differs_is_a_warning_and_the_named_column_wins() {
    let b1 = bsn_from_seed(1).to_string();
    let b2 = bsn_from_seed(2).to_string();
    let o1 = onderwijsnummer_from_seed(1).to_string();
    let o2 = onderwijsnummer_from_seed(2).to_string();
    let pgn = "Persoonsgebonden nummer";
    // (headers, cells, expected bsn, expected onderwijsnummer, problems as (column, message))
    type Case<'a> = (
        Vec<&'a str>,
        Vec<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Vec<(&'a str, String)>,
    );
    let cases: Vec<Case> = vec![
        // The same number twice: nothing to report.
        (vec!["BSN", pgn], vec![&b1, &b1], Some(&b1), None, vec![]),
        // A BSN and an onderwijsnummer: both kept.
        (
            vec!["BSN", pgn],
            vec![&b1, &o1],
            Some(&b1),
            Some(&o1),
            vec![],
        ),
        (
            vec!["BSN", pgn],
            vec![&b1, &b2],
            Some(&b1),
            None,
            vec![(
                pgn,
                format!(
                    "Het BSN in kolom „BSN” ({b1}) verschilt van het nummer in kolom „{pgn}” \
                     ({b2}). Koppelhulp gebruikt het BSN uit kolom „BSN”. Controleer welk nummer \
                     klopt."
                ),
            )],
        ),
        // The column named BSN wins, also when the combined column comes first.
        (
            vec![pgn, "BSN"],
            vec![&b2, &b1],
            Some(&b1),
            None,
            vec![(
                pgn,
                format!(
                    "Het BSN in kolom „BSN” ({b1}) verschilt van het nummer in kolom „{pgn}” \
                     ({b2}). Koppelhulp gebruikt het BSN uit kolom „BSN”. Controleer welk nummer \
                     klopt."
                ),
            )],
        ),
        (
            vec!["Onderwijsnummer", pgn],
            vec![&o1, &o2],
            None,
            Some(&o1),
            vec![(
                pgn,
                format!(
                    "Het onderwijsnummer in kolom „Onderwijsnummer” ({o1}) verschilt van het \
                     nummer in kolom „{pgn}” ({o2}). Koppelhulp gebruikt het onderwijsnummer uit \
                     kolom „Onderwijsnummer”. Controleer welk nummer klopt."
                ),
            )],
        ),
        // An empty named column: the combined one is used, nothing to report.
        (vec!["BSN", pgn], vec!["", &b2], Some(&b2), None, vec![]),
    ];
    for (headers, cells, bsn, own, problems) in cases {
        let mut header_row: Vec<RawCell> = headers.iter().map(|h| t(h)).collect();
        header_row.push(t("Achternaam"));
        let mut row: Vec<RawCell> = cells.iter().map(|c| t(c)).collect();
        row.push(t("Jansen"));
        let s = sheet(vec![header_row, row]);
        let (_, result) = run(&s);
        let a = &result.accounting;
        assert_eq!((a.read, a.used, a.with_problems), (1, 1, 0), "{cells:?}");
        let r = &result.records[0];
        assert_eq!(r.bsn.map(|b| b.to_string()).as_deref(), bsn, "{cells:?}");
        assert_eq!(
            r.onderwijsnummer.map(|o| o.to_string()).as_deref(),
            own,
            "{cells:?}"
        );
        let got: Vec<(&str, String)> = result
            .problems
            .iter()
            .map(|p| {
                assert_eq!(p.problem.severity, crate::Severity::Warning);
                assert_eq!(p.row, 2);
                (p.column.as_deref().unwrap_or(""), p.problem.message.clone())
            })
            .collect();
        assert_eq!(got, problems, "{cells:?}");
    }
}

#[test]
fn two_digit_years_get_one_note_per_file() {
    let bsn = |i| bsn_from_seed(i).to_string();
    // (birth dates of rows 2.., expected note)
    type Case<'a> = (Vec<(String, &'a str)>, Option<&'a str>);
    let cases: Vec<Case> = vec![
        (vec![(bsn(1), "12-03-2010"), (bsn(2), "1 maart 2011")], None),
        (
            vec![(bsn(1), "12-03-2010"), (bsn(2), "02-03-10")],
            Some(
                "Geboortedatums met een jaartal van twee cijfers zijn gelezen als het jaar dat niet \
                 in de toekomst ligt: „02-03-10” gelezen als 02-03-2010. Dit geldt alleen voor \
                 rij 3. Controleer deze geboortedatums.",
            ),
        ),
        (
            vec![
                (String::new(), "01-01-11"),
                (bsn(1), "05-06-98"),
                (bsn(2), "12-03-2010"),
                (bsn(3), "12-Mar-10"),
                (bsn(4), "3-4-27"),
            ],
            Some(
                "Geboortedatums met een jaartal van twee cijfers zijn gelezen als het jaar dat niet \
                 in de toekomst ligt: „05-06-98” gelezen als 05-06-1998. Dit geldt voor 3 rijen; \
                 de eerste is rij 3. Controleer deze geboortedatums.",
            ),
        ),
    ];
    for (rows, expected) in cases {
        let mut cells = vec![vec![t("BSN"), t("Geboortedatum")]];
        cells.extend(rows.iter().map(|(b, d)| vec![t(b), t(d)]));
        let (_, result) = run(&sheet(cells));
        let notes: Vec<&str> = result.notes.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(notes, expected.into_iter().collect::<Vec<_>>(), "{rows:?}");
        // A note on the file, not a problem of a row: the rows are simply used.
        assert!(
            result
                .problems
                .iter()
                .all(|p| p.problem.severity != crate::Severity::Notice),
            "{rows:?}"
        );
    }
}

#[test]
fn a_brp_extract_with_its_attribute_names_fills_every_field() {
    let s = sheet(vec![
        vec![
            t("Burgerservicenummer"),
            t("Geslachtsnaam"),
            t("Voorvoegsel geslachtsnaam"),
            t("Voornamen"),
            t("Adellijke titel/predikaat"),
            t("Geboortedatum"),
            t("Geslachtsaanduiding"),
            t("Straatnaam"),
            t("Huisnummer"),
            t("Huisletter"),
            t("Huisnummertoevoeging"),
            t("Aanduiding bij huisnummer"),
            t("Postcode"),
            t("Woonplaatsnaam"),
        ],
        vec![
            t(&bsn_from_seed(1).to_string()),
            t("Berg"),
            t("van den"),
            t("Anna Maria"),
            t(""),
            t("20120305"),
            t("V"),
            t("Dorpsweg"),
            t("3"),
            t(""),
            t("2"),
            t(""),
            t("1234 AB"),
            t("Utrecht"),
        ],
        vec![
            t(&bsn_from_seed(2).to_string()),
            t("Dijk"),
            t(""),
            t("Jan"),
            t("jonkheer"),
            t("20110101"),
            t("M"),
            t("Kerkstraat"),
            t("12"),
            t("a"),
            t("2"),
            t("to"),
            t("3511CX"),
            t("Zeist"),
        ],
    ]);
    let (header, result) = run(&s);
    assert_eq!(header.mapping[4], None);
    assert_eq!(header.mapping[11], None);
    let r = &result.records;
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].geslacht, Some(Geslacht::Vrouw));
    assert_eq!(r[0].woonplaats, "Utrecht");
    assert_eq!(r[0].huisnummer, "3-2");
    assert_eq!(r[0].geboortedatum, Some(date(2012, 3, 5)));
    assert_eq!(
        (r[0].voorvoegsel.as_str(), r[0].achternaam.as_str()),
        ("van den", "Berg")
    );
    assert_eq!(r[1].huisnummer, "12 a-2");
    assert_eq!(
        (r[1].straat.as_str(), r[1].postcode.as_str()),
        ("Kerkstraat", "3511CX")
    );
    assert!(result.problems.is_empty(), "{:?}", result.problems);
}

#[test]
fn a_combined_address_column_is_split_and_what_cannot_be_split_is_reported() {
    let bsn = |i| t(&bsn_from_seed(i).to_string());
    let s = sheet(vec![
        vec![
            t("BSN"),
            t("Achternaam"),
            t("Adres"),
            t("Postcode"),
            t("Plaats"),
        ],
        vec![
            bsn(1),
            t("Jansen"),
            t("Kerkstraat 12a"),
            t("1234 AB"),
            t("Utrecht"),
        ],
        vec![bsn(2), t("Bakker"), t("Dorpsweg 3-2"), t(""), t("")],
        vec![
            bsn(3),
            t("Smit"),
            t("Kerkstraat 12a, 1234 AB Utrecht"),
            t(""),
            t(""),
        ],
        vec![bsn(4), t("Visser"), t("Postbus 123"), t(""), t("Zeist")],
        vec![
            bsn(5),
            t("Mulder"),
            t("Woonboot bij de brug"),
            t("3511 CX"),
            t(""),
        ],
        vec![bsn(6), t("Bos"), t("1e Jan Steenstraat 5 hs"), t(""), t("")],
    ]);
    let (header, result) = run(&s);
    assert_eq!(header.mapping[2], Some(ImportField::Adres));
    let r = &result.records;
    let got: Vec<(&str, &str, &str, &str)> = r
        .iter()
        .map(|r| {
            (
                r.straat.as_str(),
                r.huisnummer.as_str(),
                r.postcode.as_str(),
                r.woonplaats.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Kerkstraat", "12 a", "1234AB", "Utrecht"),
            ("Dorpsweg", "3-2", "", ""),
            ("Kerkstraat", "12 a", "1234AB", "Utrecht"),
            ("Postbus 123", "", "", "Zeist"),
            ("Woonboot bij de brug", "", "3511CX", ""),
            ("1e Jan Steenstraat", "5 hs", "", ""),
        ]
    );
    // Every row is used; the postbus is a notice, the unsplittable value a warning, on its row.
    assert_eq!(result.accounting.used, 6);
    let problems: Vec<(u32, Option<&str>, Severity)> = result
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_deref(), p.problem.severity))
        .collect();
    assert_eq!(
        problems,
        [
            (5, Some("Adres"), Severity::Notice),
            (6, Some("Adres"), Severity::Warning)
        ]
    );
    assert!(
        result.problems[1]
            .problem
            .message
            .contains("Woonboot bij de brug")
    );
}

#[test]
fn a_letter_glued_to_the_number_is_written_as_a_toevoeging() {
    let s = sheet(vec![
        vec![t("BSN"), t("Huisnummer")],
        vec![t(&bsn_from_seed(1).to_string()), t("12a")],
        vec![t(&bsn_from_seed(2).to_string()), t("12-2")],
        vec![t(&bsn_from_seed(3).to_string()), t("12 A")],
    ]);
    let (_, result) = run(&s);
    let got: Vec<&str> = result
        .records
        .iter()
        .map(|r| r.huisnummer.as_str())
        .collect();
    assert_eq!(got, ["12 a", "12-2", "12 A"]);
}

/// Names with `?` or U+FFFD: one warning on the file, naming the first row and how many rows.
#[test]
fn unreadable_names_are_a_warning_on_the_file() {
    // (achternaam, voornamen of rows 2.., the warning's start)
    type Case<'a> = (Vec<(&'a str, &'a str)>, Option<&'a str>);
    let cases: Vec<Case> = vec![
        (vec![("Jansen", "Piet"), ("Luckiewicz", "Zofia")], None),
        (
            vec![("Jansen", "Piet"), ("?uckiewicz", "Zofia")],
            Some("In rij 3 staat een naam met een letter die Koppelhulp niet kan lezen"),
        ),
        (
            vec![
                ("Duda?a", "Anna"),
                ("Jansen", "Piet"),
                ("Nowak", "Zo\u{FFFD}ia"),
            ],
            Some(
                "In 2 rijen staat een naam met een letter die Koppelhulp niet kan lezen (? of \
                 \u{FFFD}), bijvoorbeeld „Duda?a” in rij 2.",
            ),
        ),
    ];
    for (rows, expected) in cases {
        let mut cells = vec![vec![t("BSN"), t("Achternaam"), t("Voornamen")]];
        cells.extend(
            rows.iter()
                .enumerate()
                .map(|(i, (a, v))| vec![t(&bsn_from_seed(i as u32 + 1).to_string()), t(a), t(v)]),
        );
        let (_, result) = run(&sheet(cells));
        let warnings: Vec<&str> = result
            .notes
            .iter()
            .filter(|p| p.severity == crate::Severity::Warning)
            .map(|p| p.message.as_str())
            .collect();
        match expected {
            None => assert!(warnings.is_empty(), "{rows:?}: {warnings:?}"),
            Some(start) => {
                assert_eq!(warnings.len(), 1, "{rows:?}");
                assert!(warnings[0].starts_with(start), "{}", warnings[0]);
                assert!(warnings[0].contains("andere tekenset"), "{}", warnings[0]);
            }
        }
        // The rows are used: a warning, not a problem that drops the row.
        assert_eq!(result.records.len(), rows.len());
    }
}
