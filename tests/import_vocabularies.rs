//! The importer on exports shaped like the ones officers have (issue 19), each as xlsx (openpyxl)
//! and as cp1252 csv: `tests/fixtures/import/make_fixtures.py woordenschat`. Every field lands
//! where it belongs (the BRP's attribute names, DUO/BRON's, a leerplicht system's), the
//! huisletter and huisnummertoevoeging are kept, a combined Adres column is split, a value that
//! cannot be split is kept whole and reported; and the duplicate finder pairs the BRP extract with
//! the school list although both are short.

use koppelhulp_core::Severity;
use koppelhulp_core::import::ImportField;
use koppelhulp_core::matcher::{DEFAULT_THRESHOLD, FALLBACK_NOTE, find_pairs};
use koppelhulp_io::import::{ImportedFile, import, record_csv_line};
use time::{Date, Month};

const DIR: &str = "tests/fixtures/import";

fn today() -> Date {
    Date::from_calendar_date(2026, Month::November, 28).unwrap()
}

fn open(name: &str) -> ImportedFile {
    let bytes = std::fs::read(format!("{DIR}/{name}")).unwrap();
    import(&bytes, name, None, None, today(), &mut |_, _| ())
        .unwrap_or_else(|p| panic!("{name}: {}", p.message))
}

/// (stem, the records as `rij,bsn,onderwijsnummer,achternaam,voorvoegsel,voornamen,geboortedatum,
/// geslacht,straat,huisnummer,postcode,woonplaats`, the problems as (row, column, severity)).
/// Names with characters outside Windows-1252 are `?` in the csv (as Excel writes them).
#[allow(clippy::type_complexity)]
const CASES: &[(&str, &[&str], &[(u32, &str, Severity)])] = &[
    (
        "brp-lo-gba",
        &[
            "2,999990226,,Berg,van den,Anna Maria,2012-03-05,V,Kerkstraat,12 a,1234AB,Utrecht",
            "3,999990238,,Dijk,van,Jan,2011-01-01,M,Dorpsweg,3-2,3511CX,Zeist",
            "4,999990251,,Çelik,,Ayşe,2013-01-31,V,Laan 1940-1945,12 bis,3701AA,Zeist",
            "5,999990263,,Hövell tot Westerflier,van,Willem,2010-02-14,M,Eerste Jan Steenstraat,5 A-3,1072NA,Amsterdam",
        ],
        &[],
    ),
    (
        "school-adres",
        &[
            "2,,101000231,Berg,van den,Anna Maria,2012-03-05,V,Kerkstraat,12 a,1234AB,Utrecht",
            "3,,101000243,Dyk,van,Jan,2011-01-01,M,Dorpsweg,3-2,3511CX,Zeist",
            "4,,101000255,Bakker,,Sem,2012-02-14,M,1e Jan Steenstraat,5 hs,,",
            "5,,101000267,Visser,,Eva,2011-06-30,V,Postbus 123,,,",
            "6,,101000279,Smit,,Daan,2011-09-09,M,Woonboot bij de brug,,,",
        ],
        &[
            (5, "Adres", Severity::Notice),
            (6, "Adres", Severity::Warning),
        ],
    ),
    (
        "duo-bron",
        &[
            "2,999990275,,Jong,de,Sanne,2012-07-01,V,Molenweg,8 A,8013EF,Zwolle",
            "3,,101000280,Kovalenko,,Oleksandr,2013-12-01,M,Havenkade,101-2,8011AB,Zwolle",
        ],
        &[],
    ),
    (
        "leerplicht",
        &[
            "2,999990287,,Vries,de,Lotte,2012-03-12,V,Brink,1 hs,7411BR,Deventer",
            "3,999990299,,Nguyễn,,Minh,2012-03-04,M,Singel,22-1,7411AA,Deventer",
        ],
        &[],
    ),
];

#[test]
fn every_field_lands_where_it_belongs_in_every_vocabulary() {
    for (stem, expected, problems) in CASES {
        for name in [format!("{stem}.xlsx"), format!("{stem}-cp1252.csv")] {
            let file = open(&name);
            let got: Vec<String> = file
                .interpretation
                .records
                .iter()
                .map(record_csv_line)
                .collect();
            let want: Vec<String> = expected
                .iter()
                .map(|l| {
                    if name.ends_with(".csv") {
                        l.replace(['ş', 'ễ'], "?")
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            assert_eq!(got, want, "{name}");
            let got: Vec<(u32, &str, Severity)> = file
                .interpretation
                .problems
                .iter()
                .map(|p| (p.row, p.column.as_deref().unwrap_or(""), p.problem.severity))
                .collect();
            assert_eq!(got, *problems, "{name}");
            let a = &file.interpretation.accounting;
            assert_eq!(
                (a.read, a.used),
                (expected.len() as u32, expected.len() as u32)
            );
        }
    }
}

#[test]
fn the_brp_extract_is_mapped_by_its_attribute_names() {
    let file = open("brp-lo-gba.xlsx");
    let mapping: Vec<(&str, Option<ImportField>)> = file
        .header
        .headers
        .iter()
        .map(String::as_str)
        .zip(file.header.mapping.iter().copied())
        .collect();
    assert_eq!(
        mapping,
        [
            ("Burgerservicenummer", Some(ImportField::Bsn)),
            ("Geslachtsnaam", Some(ImportField::Achternaam)),
            ("Voorvoegsel geslachtsnaam", Some(ImportField::Voorvoegsel)),
            ("Voornamen", Some(ImportField::Voornamen)),
            ("Adellijke titel/predikaat", None),
            ("Geboortedatum", Some(ImportField::Geboortedatum)),
            ("Geslachtsaanduiding", Some(ImportField::Geslacht)),
            ("Naam openbare ruimte", Some(ImportField::Straat)),
            ("Huisnummer", Some(ImportField::Huisnummer)),
            ("Huisletter", Some(ImportField::Huisletter)),
            ("Huisnummertoevoeging", Some(ImportField::Toevoeging)),
            ("Aanduiding bij huisnummer", None),
            ("Postcode", Some(ImportField::Postcode)),
            ("Woonplaatsnaam", Some(ImportField::Woonplaats)),
        ]
    );
}

#[test]
fn the_unsplittable_address_is_reported_with_its_value() {
    let file = open("school-adres.xlsx");
    let messages: Vec<&str> = file
        .interpretation
        .problems
        .iter()
        .map(|p| p.problem.message.as_str())
        .collect();
    assert!(messages[0].contains("Postbus 123"), "{messages:?}");
    assert!(messages[1].contains("Woonboot bij de brug"), "{messages:?}");
    assert!(messages[1].contains("niet te splitsen"), "{messages:?}");
}

#[test]
fn the_short_brp_extract_and_school_list_give_their_doubles() {
    for (brp, school) in [
        ("brp-lo-gba.xlsx", "school-adres.xlsx"),
        ("brp-lo-gba-cp1252.csv", "school-adres-cp1252.csv"),
    ] {
        let mut records = open(brp).interpretation.records;
        records.extend(open(school).interpretation.records);
        let outcome = find_pairs(&records, DEFAULT_THRESHOLD, &mut |_, _, _| {});
        assert!(outcome.defaults_used);
        let pairs: Vec<(String, String)> = outcome
            .pairs
            .iter()
            .map(|p| {
                assert!(p.weight >= 10.0, "{p:?}");
                assert_eq!(p.explanation.note.as_deref(), Some(FALLBACK_NOTE));
                (
                    records[p.bsn_record].bsn.unwrap().to_string(),
                    records[p.onderwijs_record]
                        .onderwijsnummer
                        .unwrap()
                        .to_string(),
                )
            })
            .collect();
        let pair = |b: &str, o: &str| (b.to_string(), o.to_string());
        assert_eq!(
            pairs,
            [
                pair("999990226", "101000231"),
                pair("999990238", "101000243")
            ],
            "{brp} {school}"
        );
    }
}
