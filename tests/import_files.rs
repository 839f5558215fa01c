//! The importer over every fixture in `tests/fixtures/import/`, made by real programs
//! (`make_fixtures.py`: LibreOffice, openpyxl, xlwt, msoffcrypto-tool) and one written here with
//! rust_xlsxwriter: the sheet and header found, the mapping, the values, and the row accounting;
//! every broken file gives its own message.

use koppelhulp_core::import::{Accounting, ImportField};
use koppelhulp_core::koppelregel::Geslacht;
use koppelhulp_core::pupil::PupilRecord;
use koppelhulp_io::import::{ImportedFile, import};
use koppelhulp_io::table::FileKind;
use time::{Date, Month};

const DIR: &str = "tests/fixtures/import";

fn today() -> Date {
    Date::from_calendar_date(2026, Month::November, 28).unwrap()
}

fn date(y: i32, m: u8, d: u8) -> Option<Date> {
    Some(Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap())
}

fn open(name: &str) -> Result<ImportedFile, String> {
    let bytes = std::fs::read(format!("{DIR}/{name}")).unwrap();
    import(&bytes, name, None, None, today(), &mut |_, _| ()).map_err(|p| p.message)
}

fn accounting(read: u32, used: u32, with_problems: u32, skipped_empty: u32) -> Accounting {
    Accounting {
        read,
        used,
        with_problems,
        skipped_empty,
    }
}

/// (file, kind, sheet, header row (1-based), accounting, rows of the problems)
#[allow(clippy::type_complexity)]
const FILES: &[(&str, FileKind, &str, u32, (u32, u32, u32, u32), &[u32])] = &[
    (
        "libreoffice.xlsx",
        FileKind::Xlsx,
        "Leerlingen",
        4,
        (6, 4, 1, 1),
        &[9, 9],
    ),
    (
        "libreoffice.xls",
        FileKind::Xls,
        "Leerlingen",
        4,
        (6, 4, 1, 1),
        &[9, 9],
    ),
    (
        "libreoffice.ods",
        FileKind::Ods,
        "Leerlingen",
        4,
        (6, 4, 1, 1),
        &[9, 9],
    ),
    (
        "libreoffice-cp1252.csv",
        FileKind::Csv,
        "libreoffice-cp1252",
        4,
        (6, 4, 1, 1),
        &[9, 9],
    ),
    (
        "openpyxl-twee-bladen.xlsx",
        FileKind::Xlsx,
        "Export",
        1,
        (6, 4, 2, 0),
        &[5, 6, 7],
    ),
    (
        "openpyxl-1904.xlsx",
        FileKind::Xlsx,
        "Mac",
        1,
        (1, 1, 0, 0),
        &[],
    ),
    (
        "xlwt-getallen.xls",
        FileKind::Xls,
        "Blad1",
        1,
        (4, 3, 1, 0),
        &[5, 5],
    ),
    (
        "excel-unicode.txt",
        FileKind::Csv,
        "excel-unicode",
        1,
        (2, 2, 0, 0),
        &[2, 3],
    ),
    (
        "utf8-bom-komma.csv",
        FileKind::Csv,
        "utf8-bom-komma",
        1,
        (2, 2, 0, 0),
        &[],
    ),
    (
        "broken/html-tabel.xls",
        FileKind::Html,
        "html-tabel",
        1,
        (1, 1, 0, 0),
        &[],
    ),
];

#[test]
fn every_fixture_is_read_and_every_row_accounted_for() {
    for &(name, kind, sheet, header_row, (r, u, p, e), problem_rows) in FILES {
        let file = open(name).unwrap_or_else(|m| panic!("{name}: {m}"));
        let summary = file.summary();
        assert_eq!(file.read.kind, kind, "{name}");
        assert_eq!(summary.sheet, sheet, "{name}");
        assert_eq!(summary.header_row, header_row, "{name}");
        assert_eq!(summary.accounting, accounting(r, u, p, e), "{name}");
        let a = &summary.accounting;
        assert_eq!(a.read, a.used + a.with_problems + a.skipped_empty, "{name}");
        let rows: Vec<u32> = file.interpretation.problems.iter().map(|p| p.row).collect();
        assert_eq!(rows, problem_rows, "{name}");
    }
}

/// The LibreOffice family holds the same register in four formats: the same records come out.
#[test]
fn the_same_register_reads_the_same_in_xlsx_xls_ods_and_csv() {
    let records = |name| open(name).unwrap().interpretation.records;
    let xlsx: Vec<PupilRecord> = records("libreoffice.xlsx");
    assert_eq!(xlsx.len(), 4);
    let first = &xlsx[0];
    assert_eq!(first.row, 5);
    assert_eq!(first.bsn.unwrap().as_str(), "999990007");
    assert_eq!(
        (first.voorvoegsel.as_str(), first.achternaam.as_str()),
        ("van der", "Berg")
    );
    assert_eq!(first.voornamen, "José");
    assert_eq!(first.geboortedatum, date(2012, 3, 5));
    assert_eq!(first.geslacht, Some(Geslacht::Man));
    assert_eq!(
        (first.postcode.as_str(), first.huisnummer.as_str()),
        ("1234AB", "12")
    );
    assert_eq!(xlsx[1].achternaam, "Özdemir");
    for other in ["libreoffice.xls", "libreoffice.ods"] {
        assert_eq!(records(other), xlsx, "{other}");
    }
    // cp1252 has no ş: LibreOffice wrote a replacement; everything else is the same.
    let mut csv = records("libreoffice-cp1252.csv");
    assert_eq!(csv[2].voornamen, "Ay_e");
    csv[2].voornamen = xlsx[2].voornamen.clone();
    assert_eq!(csv, xlsx);
}

/// The same register opened twice in another format is recognised by its rows (issue 27): the
/// summaries of the xlsx, xls and ods have one fingerprint; the cp1252 csv, with one letter
/// replaced, has another. Start counts the rows by kind.
#[test]
fn the_same_rows_in_another_format_have_the_same_fingerprint() {
    let summary = |name| open(name).unwrap().summary();
    let xlsx = summary("libreoffice.xlsx");
    assert_ne!(xlsx.rows_fingerprint, 0);
    for other in ["libreoffice.xls", "libreoffice.ods"] {
        assert_eq!(
            summary(other).rows_fingerprint,
            xlsx.rows_fingerprint,
            "{other}"
        );
    }
    assert_ne!(
        summary("libreoffice-cp1252.csv").rows_fingerprint,
        xlsx.rows_fingerprint
    );
    assert_eq!(xlsx.with_bsn + xlsx.only_onderwijsnummer, {
        let records = open("libreoffice.xlsx").unwrap().interpretation.records;
        records
            .iter()
            .filter(|r| r.bsn.is_some() || r.onderwijsnummer.is_some())
            .count()
    });
}

#[test]
fn values_stored_as_numbers_and_odd_forms_are_understood() {
    let file = open("xlwt-getallen.xls").unwrap();
    assert_eq!(
        file.header.mapping,
        [
            Some(ImportField::Bsn),
            Some(ImportField::Onderwijsnummer),
            Some(ImportField::Achternaam),
            Some(ImportField::Roepnaam),
            Some(ImportField::Geboortedatum),
            Some(ImportField::Geslacht)
        ]
    );
    let r = &file.interpretation.records;
    assert_eq!(r[1].onderwijsnummer.unwrap().as_str(), "101000024");
    assert_eq!(
        (r[0].geboortedatum, r[0].geslacht),
        (date(2011, 9, 9), Some(Geslacht::Man))
    );
    assert_eq!(r[2].voornamen, "Oleksandr");

    let mac = open("openpyxl-1904.xlsx").unwrap();
    assert!(mac.read.sheet.date_1904);
    assert_eq!(
        mac.interpretation.records[0].geboortedatum,
        date(2012, 3, 5)
    );

    let names = open("openpyxl-twee-bladen.xlsx").unwrap();
    let r = &names.interpretation.records;
    assert_eq!(names.header.mapping[0], Some(ImportField::Persoonsnummer));
    assert!(r[0].bsn.is_some() && r[1].onderwijsnummer.is_some());
    assert_eq!(
        (
            r[1].voornamen.as_str(),
            r[1].voorvoegsel.as_str(),
            r[1].achternaam.as_str()
        ),
        ("Fatima", "el", "Amrani")
    );
    assert_eq!(
        (
            r[2].voornamen.as_str(),
            r[2].voorvoegsel.as_str(),
            r[2].achternaam.as_str()
        ),
        ("Anna", "van den", "Berg")
    );
    assert_eq!(r[2].geboortedatum, date(2012, 4, 13));
    assert!(
        names
            .summary()
            .notes
            .iter()
            .any(|n| n.message.contains("Toelichting"))
    );

    // American dates: a second part above 12 decides the whole column.
    let us = open("utf8-bom-komma.csv").unwrap();
    let r = &us.interpretation.records;
    assert_eq!(
        (r[0].geboortedatum, r[1].geboortedatum),
        (date(2012, 3, 14), date(2012, 4, 3))
    );
    assert_eq!(
        (r[0].voorvoegsel.as_str(), r[0].achternaam.as_str()),
        ("van der", "Berg")
    );
    // Nothing decides: read day first, each ambiguous date flagged.
    let unicode = open("excel-unicode.txt").unwrap();
    let r = &unicode.interpretation.records;
    assert_eq!(r[0].achternaam, "Łukasiewicz");
    assert_eq!(r[1].achternaam, "Nguyễn");
    assert_eq!(
        (r[0].geboortedatum, r[1].geboortedatum),
        (date(2012, 4, 3), date(2012, 3, 4))
    );
}

#[test]
fn a_file_written_by_rust_xlsxwriter_with_numbers_and_dates() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date_format = Format::new().set_num_format("dd-mm-yyyy");
    for (c, h) in [
        "Onderwijsnummer",
        "Achternaam",
        "Voorletters",
        "Geboortedatum",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    sheet
        .write_string(0, 0, "Uitvoer leerlingadministratie")
        .unwrap();
    sheet.write_number(3, 0, 101000036.0).unwrap();
    sheet.write_string(3, 1, "v.d. Berg").unwrap();
    sheet.write_string(3, 2, "J.P.").unwrap();
    let d = ExcelDateTime::from_ymd(2012, 3, 5).unwrap();
    sheet
        .write_datetime_with_format(3, 3, &d, &date_format)
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let file = import(&bytes, "x.xlsx", None, None, today(), &mut |_, _| ()).unwrap();
    assert_eq!(file.header.row, 2);
    let r = &file.interpretation.records[0];
    assert_eq!(r.row, 4);
    assert_eq!(r.onderwijsnummer.unwrap().as_str(), "101000036");
    assert_eq!(
        (
            r.voorvoegsel.as_str(),
            r.achternaam.as_str(),
            r.voornamen.as_str()
        ),
        ("van de", "Berg", "J.P.")
    );
    assert_eq!(r.geboortedatum, date(2012, 3, 5));
}

#[test]
fn changing_the_mapping_reads_the_values_again() {
    let mut file = open("libreoffice.xlsx").unwrap();
    let mut mapping = file.header.mapping.clone();
    mapping[0] = None; // BSN: niet gebruiken
    file.remap(&mapping, today(), &mut |_, _| ());
    let a = &file.interpretation.accounting;
    assert_eq!(
        (a.read, a.used, a.with_problems, a.skipped_empty),
        (6, 0, 5, 1)
    );
    assert!(
        file.summary()
            .mapping_problems
            .iter()
            .any(|p| p.message.contains("Zonder nummer"))
    );
    mapping[0] = Some(ImportField::Persoonsnummer);
    file.remap(&mapping, today(), &mut |_, _| ());
    assert_eq!(file.interpretation.accounting.used, 4);
}

#[test]
fn another_sheet_can_be_chosen_by_name() {
    let bytes = std::fs::read(format!("{DIR}/openpyxl-twee-bladen.xlsx")).unwrap();
    let err = import(
        &bytes,
        "x.xlsx",
        Some("Toelichting"),
        None,
        today(),
        &mut |_, _| (),
    )
    .err()
    .unwrap();
    assert!(err.message.contains("geen kopregel"));
    let err = import(
        &bytes,
        "x.xlsx",
        Some("Bestaat niet"),
        None,
        today(),
        &mut |_, _| (),
    )
    .err()
    .unwrap();
    assert!(err.message.contains("staat niet in dit bestand"));
}

#[test]
fn every_broken_file_gives_its_own_message() {
    let cases = [
        ("broken/leeg.csv", "leeg (0 bytes)"),
        (
            "broken/html-zonder-tabel.xls",
            "webpagina (HTML) zonder tabel",
        ),
        ("broken/pdf-als-xlsx.xlsx", "PDF-document"),
        (
            "broken/afgekapt.xlsx",
            "beschadigd of niet helemaal gedownload",
        ),
        (
            "broken/zip-zonder-werkblad.xlsx",
            "zip-bestand, maar geen spreadsheet",
        ),
        (
            "broken/zipbom.xlsx",
            "meer gegevens dan Koppelhulp veilig kan lezen",
        ),
        (
            "broken/wachtwoord.xlsx",
            "Sla het bestand op zonder wachtwoord en probeer opnieuw",
        ),
        ("broken/geen-kopregel.xlsx", "geen kopregel"),
        (
            "broken/leeg-werkblad.xlsx",
            "Alle werkbladen in dit bestand zijn leeg",
        ),
    ];
    for (name, expected) in cases {
        let message = open(name)
            .err()
            .unwrap_or_else(|| panic!("{name} was read"));
        assert!(message.contains(expected), "{name}: {message}");
    }
}
