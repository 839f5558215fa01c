//! The koppelbestand as an Excel file (`io::koci_xlsx`): what is written is checked with other
//! readers than our own — calamine for values, types and styles, the zip parts for Excel's quote
//! prefix, LibreOffice for how a spreadsheet program shows the file — and read back.
//!
//! The DUO-like templates in `tests/fixtures/templates/` were made with openpyxl and xlwt
//! (`make_templates.py` beside them remakes them).

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use koppelhulp_core::Severity;
use koppelhulp_core::ids::{Bsn, Onderwijsnummer, bsn_from_seed, onderwijsnummer_from_seed};
use koppelhulp_core::koci_layout::KociLayout;
use koppelhulp_core::koppelregel::{
    Field, Geslacht, Koppelregel, NormalisedRow, calendar_date, check_rows, format_date,
};
use koppelhulp_core::text::split_csv_line;
use koppelhulp_io::koci_xlsx::{read_koci, read_template, write_koci};
use time::Date;

#[path = "support/libreoffice.rs"]
mod libreoffice;

// ---- Test data ------------------------------------------------------------------------------

/// A BSN with a leading zero, checked by hand: 0·9 + 1·8 + 2·7 + 3·6 + 4·5 + 5·4 + 6·3 + 7·2 − 2
/// = 110 = 10 · 11.
const LEADING_ZERO_BSN: &str = "012345672";
/// Another one: 0·9 + 1·8 + 0 + … + 0 − 8 = 0.
const LEADING_ZERO_BSN_2: &str = "010000008";

/// Texts a spreadsheet could take for a formula: written with the quote prefix, unchanged.
const INJECTIONS: [&str; 5] = [
    "=HYPERLINK(\"x\")",
    "+31 6 12345678",
    "-5",
    "@sum",
    "\tTab vooraan",
];

fn date(y: i32, m: u8, d: u8) -> Date {
    calendar_date(y, m, d).expect("test date exists")
}

struct Case {
    bsn: Option<&'static str>,
    own: Option<u32>,
    achternaam: &'static str,
    voorvoegsel: &'static str,
    voornamen: &'static str,
    geboortedatum: Option<(i32, u8, u8)>,
    geslacht: Option<Geslacht>,
    opmerking: &'static str,
}

const CASES: &[Case] = &[
    Case {
        bsn: Some(LEADING_ZERO_BSN),
        own: Some(1),
        achternaam: "Jansen",
        voorvoegsel: "",
        voornamen: "Anna",
        geboortedatum: Some((2012, 3, 5)),
        geslacht: Some(Geslacht::Vrouw),
        opmerking: "",
    },
    Case {
        bsn: Some(LEADING_ZERO_BSN_2),
        own: Some(2),
        achternaam: "Çelik-Öztürk",
        voorvoegsel: "",
        voornamen: "Zoë Anaïs",
        geboortedatum: Some((2010, 12, 31)),
        geslacht: Some(Geslacht::Man),
        opmerking: INJECTIONS[0],
    },
    Case {
        bsn: None,
        own: Some(3),
        achternaam: "Heuvel",
        voorvoegsel: "van den",
        voornamen: "Jéróme",
        geboortedatum: Some((2008, 2, 29)),
        geslacht: Some(Geslacht::Onbekend),
        opmerking: INJECTIONS[1],
    },
    Case {
        bsn: Some("seed:7"),
        own: None,
        achternaam: "Ĳsselmuiden",
        voorvoegsel: "",
        voornamen: "Ǿ Łucja",
        geboortedatum: Some((2009, 1, 1)),
        geslacht: Some(Geslacht::Onbekend),
        opmerking: INJECTIONS[2],
    },
    Case {
        bsn: Some("seed:8"),
        own: Some(5),
        achternaam: "Dijk",
        voorvoegsel: "'t",
        voornamen: "Bram",
        geboortedatum: None,
        geslacht: None,
        opmerking: INJECTIONS[3],
    },
    Case {
        bsn: Some("seed:9"),
        own: Some(6),
        achternaam: "Bakker",
        voorvoegsel: "de",
        voornamen: "Noah",
        geboortedatum: Some((2014, 10, 9)),
        geslacht: Some(Geslacht::Man),
        opmerking: INJECTIONS[4],
    },
];

fn bsn_of(case: &Case) -> Option<Bsn> {
    case.bsn.map(|b| match b.strip_prefix("seed:") {
        Some(seed) => bsn_from_seed(seed.parse().expect("seed")),
        None => Bsn::parse(b).expect("valid test BSN"),
    })
}

fn normalised(case: &Case) -> NormalisedRow {
    NormalisedRow {
        bsn: bsn_of(case),
        onderwijsnummer: case.own.map(onderwijsnummer_from_seed),
        achternaam: case.achternaam.into(),
        voorvoegsel: case.voorvoegsel.into(),
        voornamen: case.voornamen.into(),
        geboortedatum: case.geboortedatum.map(|(y, m, d)| date(y, m, d)),
        geslacht: case.geslacht,
        opmerking: case.opmerking.into(),
    }
}

/// What reading the written row back must give: the raw text as if typed.
fn raw(case: &Case) -> Koppelregel {
    let row = normalised(case);
    Koppelregel {
        bsn: row.bsn.map(|b| b.to_string()).unwrap_or_default(),
        onderwijsnummer: row
            .onderwijsnummer
            .map(|o| o.to_string())
            .unwrap_or_default(),
        achternaam: row.achternaam,
        voorvoegsel: row.voorvoegsel,
        voornamen: row.voornamen,
        geboortedatum: row.geboortedatum.map(format_date).unwrap_or_default(),
        geslacht: row
            .geslacht
            .map(|g| g.code().to_string())
            .unwrap_or_default(),
        opmerking: row.opmerking,
    }
}

fn rows() -> Vec<NormalisedRow> {
    CASES.iter().map(normalised).collect()
}

/// The cell text expected for `field` (dates as `dd-mm-jjjj`).
fn expected_text(case: &Case, field: Field) -> String {
    raw(case).get(field).to_string()
}

/// Days since Excel's epoch 1899-12-30 (right for every date after 28-02-1900).
fn excel_serial(date: Date) -> f64 {
    (date - self::date(1899, 12, 30)).whole_days() as f64
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/templates")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn open_xlsx(bytes: &[u8]) -> Xlsx<Cursor<&[u8]>> {
    open_workbook_from_rs(Cursor::new(bytes)).expect("calamine opens the written xlsx")
}

/// One part of the xlsx zip, as text.
fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("xlsx is a zip");
    let mut part = archive.by_name(name).expect("part exists");
    let mut text = String::new();
    part.read_to_string(&mut text).expect("utf-8 xml");
    text
}

/// The value of `name="…"` in one XML start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// For each cell reference in sheet1.xml (`A1`, `H3`): whether its style has `quotePrefix="1"`.
fn quote_prefixed_cells(bytes: &[u8]) -> std::collections::BTreeMap<String, bool> {
    let styles = zip_part(bytes, "xl/styles.xml");
    let cell_xfs = styles
        .split("<cellXfs")
        .nth(1)
        .and_then(|s| s.split("</cellXfs>").next())
        .expect("cellXfs in styles.xml");
    let quoted: Vec<bool> = cell_xfs
        .split("<xf ")
        .skip(1)
        .map(|xf| {
            let tag = &xf[..xf.find('>').unwrap_or(xf.len())];
            attr(&format!(" {tag}"), "quotePrefix") == Some("1")
        })
        .collect();
    let sheet = zip_part(bytes, "xl/worksheets/sheet1.xml");
    sheet
        .split("<c ")
        .skip(1)
        .map(|c| {
            let tag = format!(" {}", &c[..c.find('>').unwrap_or(c.len())]);
            let r = attr(&tag, "r").expect("cell reference").to_string();
            let s: usize = attr(&tag, "s").map_or(0, |s| s.parse().expect("style index"));
            (r, quoted.get(s).copied().unwrap_or(false))
        })
        .collect()
}

fn cell_name(row: u32, col: usize) -> String {
    let letter = char::from(b'A' + u8::try_from(col).expect("few columns"));
    format!("{letter}{}", row + 1)
}

// ---- Writing: checked with calamine and the zip parts ---------------------------------------

#[test]
fn default_layout_cells_types_and_styles() {
    let bytes = write_koci(&rows(), &KociLayout::default_layout()).expect("written");
    let mut book = open_xlsx(&bytes);
    assert_eq!(book.sheet_names(), ["Koppelen gegevens"]);
    let range = book.worksheet_range("Koppelen gegevens").expect("sheet");
    assert_eq!(range.start(), Some((0, 0)));
    for (col, field) in Field::ALL.iter().enumerate() {
        assert_eq!(
            range.get_value((0, col as u32)),
            Some(&Data::String(field.label().to_string()))
        );
    }
    for (i, case) in CASES.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, field) in Field::ALL.iter().copied().enumerate() {
            let cell = range.get_value((row, col as u32)).unwrap_or(&Data::Empty);
            let want = expected_text(case, field);
            match (field, cell) {
                (_, Data::Empty) => assert_eq!(want, "", "{field:?} of row {row} is empty"),
                (Field::Geboortedatum, Data::DateTime(dt)) => {
                    let (y, m, d) = case.geboortedatum.expect("a date was written");
                    let (gy, gm, gd, ..) = dt.to_ymd_hms_milli();
                    assert_eq!((i32::from(gy), gm, gd), (y, m, d), "row {row}");
                    assert_eq!(dt.as_f64(), excel_serial(date(y, m, d)), "row {row}");
                    assert!(dt.is_datetime());
                }
                (Field::Geboortedatum, other) => panic!("row {row}: date cell is {other:?}"),
                (_, Data::String(s)) => assert_eq!(s, &want, "{field:?} of row {row}"),
                (_, other) => panic!("{field:?} of row {row} is not text: {other:?}"),
            }
        }
    }
    // The leading zeros are there, as text.
    assert_eq!(
        range.get_value((1, 0)),
        Some(&Data::String(LEADING_ZERO_BSN.into()))
    );
    assert_eq!(
        range.get_value((2, 0)),
        Some(&Data::String(LEADING_ZERO_BSN_2.into()))
    );

    // No formula anywhere.
    let formulas = book
        .worksheet_formula("Koppelen gegevens")
        .expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "formulas written: {:?}",
        formulas.used_cells().collect::<Vec<_>>()
    );

    // Styles: bold header, numbers as text (@), dates dd-mm-yyyy.
    let styles = book.worksheet_style("Koppelen gegevens").expect("styles");
    for col in 0..Field::ALL.len() as u32 {
        let style = styles.get((0, col)).expect("header style");
        assert!(
            style.font.as_ref().is_some_and(|f| f.is_bold()),
            "col {col}"
        );
    }
    let format_code = |pos| {
        styles
            .get(pos)
            .and_then(|s| s.number_format.as_ref())
            .map(|n| n.format_code.clone())
    };
    assert_eq!(format_code((1, 0)).as_deref(), Some("@"));
    assert_eq!(format_code((1, 1)).as_deref(), Some("@"));
    assert_eq!(format_code((1, 5)).as_deref(), Some("dd-mm-yyyy"));
}

#[test]
fn formula_like_texts_get_the_quote_prefix_and_stay_unchanged() {
    let bytes = write_koci(&rows(), &KociLayout::default_layout()).expect("written");
    let styles = zip_part(&bytes, "xl/styles.xml");
    assert!(styles.contains("quotePrefix=\"1\""), "{styles}");
    let prefixed = quote_prefixed_cells(&bytes);
    let opmerking_col = Field::ALL.len() - 1;
    for (i, case) in CASES.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, field) in Field::ALL.iter().copied().enumerate() {
            let text = expected_text(case, field);
            let name = cell_name(row, col);
            let want = INJECTIONS.contains(&text.as_str());
            assert_eq!(
                prefixed.get(&name).copied().unwrap_or(false),
                want,
                "{name} {text:?}"
            );
        }
    }
    assert_eq!(
        INJECTIONS
            .iter()
            .filter(|t| CASES.iter().any(|c| c.opmerking == **t))
            .count(),
        INJECTIONS.len(),
        "every injection text is in the test rows"
    );
    // Stored as shared strings (t="s"), never as a formula (<f>), and without an added apostrophe.
    let sheet = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(!sheet.contains("<f>") && !sheet.contains("<f "), "{sheet}");
    let shared = zip_part(&bytes, "xl/sharedStrings.xml");
    for lead in ["'=", "'+", "'-", "'@", "'\t"] {
        assert!(!shared.contains(lead), "an apostrophe was added: {shared}");
    }
    let range = open_xlsx(&bytes)
        .worksheet_range("Koppelen gegevens")
        .expect("sheet");
    for (i, case) in CASES.iter().enumerate() {
        if INJECTIONS.contains(&case.opmerking) {
            assert_eq!(
                range.get_value((i as u32 + 1, opmerking_col as u32)),
                Some(&Data::String(case.opmerking.into()))
            );
        }
    }
}

#[test]
fn header_is_frozen_with_an_autofilter_and_sensible_widths() {
    let bytes = write_koci(&rows(), &KociLayout::default_layout()).expect("written");
    let sheet = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(
            "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        ),
        "{sheet}"
    );
    let last = CASES.len() + 1;
    assert!(
        sheet.contains(&format!("<autoFilter ref=\"A1:H{last}\"/>")),
        "{sheet}"
    );
    let widths: Vec<f64> = sheet
        .split("<col ")
        .skip(1)
        .filter_map(|c| attr(&format!(" {c}"), "width").and_then(|w| w.parse().ok()))
        .collect();
    assert_eq!(widths.len(), Field::ALL.len(), "{sheet}");
    // Excel's stored width is the character count plus padding: 12..=30 characters.
    assert!(
        widths.iter().all(|w| (12.0..=31.0).contains(w)),
        "{widths:?}"
    );
}

// ---- Reading back ---------------------------------------------------------------------------

#[test]
fn round_trip_gives_the_raw_values_back() {
    let layout = KociLayout::default_layout();
    let bytes = write_koci(&rows(), &layout).expect("written");
    let (read, read_layout, problems) = read_koci(&bytes).expect("read back");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(read_layout, layout);
    assert!(!read_layout.from_template);
    let want: Vec<Koppelregel> = CASES.iter().map(raw).collect();
    assert_eq!(read, want);
    assert_eq!(read[0].bsn, LEADING_ZERO_BSN);
    assert_eq!(read[0].geboortedatum, "05-03-2012");
}

#[test]
fn round_trip_through_the_checks_gives_the_same_rows() {
    // Rows as the checks make them (opmerking trimmed): written, read, checked again.
    let typed: Vec<Koppelregel> = CASES
        .iter()
        .map(raw)
        .map(|mut r| {
            r.opmerking = r.opmerking.trim().to_string();
            r
        })
        .collect();
    let today = date(2026, 3, 1);
    let report = check_rows(&typed, today);
    let first: Vec<NormalisedRow> = report.rows_to_write().cloned().collect();
    let bytes = write_koci(&first, &KociLayout::default_layout()).expect("written");
    let (read, _, _) = read_koci(&bytes).expect("read back");
    let again = check_rows(&read, today);
    let second: Vec<NormalisedRow> = again.rows_to_write().cloned().collect();
    assert_eq!(first, second);
    assert_eq!(report.counts, again.counts);
}

#[test]
fn reads_a_file_filled_in_by_hand() {
    // Numbers as numbers, dates as dates and as text, other header wording, blank rows.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("d/m/yyyy");
    let headers = [
        "BSN leerling",
        "OWN",
        "Naam",
        "Tussenvoegsel(s)",
        "Roepnaam",
        "Geb. datum",
        "geslacht",
        "Vraag",
        "Klas",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let own = onderwijsnummer_from_seed(11).to_string();
    sheet.write_number(1, 0, 12_345_672.0).unwrap();
    sheet
        .write_number(1, 1, own.parse::<f64>().unwrap())
        .unwrap();
    sheet.write_string(1, 2, "Visser").unwrap();
    sheet.write_string(1, 4, "Eva").unwrap();
    let excel_date = rust_xlsxwriter::ExcelDateTime::from_ymd(2011, 7, 4).unwrap();
    sheet
        .write_datetime_with_format(1, 5, &excel_date, &date_format)
        .unwrap();
    sheet.write_string(1, 6, "v").unwrap();
    sheet.write_string(1, 8, "7B").unwrap();
    // Row 3 blank; row 4 only in an unknown column (skipped); row 5 text date and 9-digit number.
    sheet.write_string(3, 8, "7C").unwrap();
    sheet.write_number(4, 0, 123_456_782.0).unwrap();
    sheet.write_string(4, 5, "5-3-2012").unwrap();
    sheet.write_string(4, 7, "Zit op welke school?").unwrap();
    sheet.write_number(4, 6, 1.0).unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let (read, layout, problems) = read_koci(&bytes).expect("read");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(layout.header_row, 0);
    assert!(layout.from_template);
    assert_eq!(layout.headers, headers);
    assert_eq!(
        layout.columns,
        [
            Some(Field::Bsn),
            Some(Field::Onderwijsnummer),
            Some(Field::Achternaam),
            Some(Field::Voorvoegsel),
            Some(Field::Voornamen),
            Some(Field::Geboortedatum),
            Some(Field::Geslacht),
            Some(Field::Opmerking),
            None
        ]
    );
    let want = [
        Koppelregel {
            bsn: "012345672".into(),
            onderwijsnummer: own,
            achternaam: "Visser".into(),
            voornamen: "Eva".into(),
            geboortedatum: "04-07-2011".into(),
            geslacht: "v".into(),
            ..Koppelregel::default()
        },
        Koppelregel {
            bsn: "123456782".into(),
            geboortedatum: "5-3-2012".into(),
            geslacht: "1".into(),
            opmerking: "Zit op welke school?".into(),
            ..Koppelregel::default()
        },
    ];
    assert_eq!(read, want);
}

#[test]
fn finds_the_first_sheet_with_a_header() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let info = book.add_worksheet().set_name("Uitleg").unwrap();
    info.write_string(0, 0, "Naam van de school: ...").unwrap();
    info.write_string(5, 0, "BSN").unwrap(); // one known word is not a header row
    let data = book.add_worksheet().set_name("Gegevens").unwrap();
    data.write_string(0, 0, "Lijst").unwrap();
    data.write_string(3, 1, "Onderwijsnummer").unwrap();
    data.write_string(3, 2, "BSN").unwrap();
    data.write_string(3, 3, "BSN").unwrap(); // a second BSN column: not mapped
    let bytes = book.save_to_buffer().unwrap();
    let layout = read_template(&bytes).expect("template");
    assert_eq!(layout.sheet_name, "Gegevens");
    assert_eq!(layout.header_row, 3);
    assert_eq!(layout.headers, ["", "Onderwijsnummer", "BSN", "BSN"]);
    assert_eq!(
        layout.columns,
        [None, Some(Field::Onderwijsnummer), Some(Field::Bsn), None]
    );
    assert_eq!(
        layout.title_rows,
        [vec!["Lijst".to_string()], vec![], vec![]]
    );
}

// ---- DUO's template -------------------------------------------------------------------------

fn template_headers() -> Vec<String> {
    [
        "Burgerservicenummer",
        "Onderwijsnummer",
        "Geslachtsnaam",
        "Voorvoegsels",
        "Voornamen",
        "Geboortedatum",
        "Geslacht",
        "Postcode",
        "Opmerking Gemeente/Regio",
    ]
    .map(String::from)
    .to_vec()
}

fn template_columns() -> Vec<Option<Field>> {
    vec![
        Some(Field::Bsn),
        Some(Field::Onderwijsnummer),
        Some(Field::Achternaam),
        Some(Field::Voorvoegsel),
        Some(Field::Voornamen),
        Some(Field::Geboortedatum),
        Some(Field::Geslacht),
        None,
        Some(Field::Opmerking),
    ]
}

#[test]
fn reads_duo_templates_xlsx_and_xls() {
    for name in ["duo-template.xlsx", "duo-template.xls"] {
        let layout = read_template(&fixture(name)).unwrap_or_else(|p| panic!("{name}: {p:?}"));
        assert_eq!(layout.sheet_name, "Koppeling", "{name}");
        assert_eq!(layout.header_row, 2, "{name}");
        assert_eq!(layout.headers, template_headers(), "{name}");
        assert_eq!(layout.columns, template_columns(), "{name}");
        assert_eq!(layout.columns[7], None, "{name}: Postcode is not ours");
        assert!(layout.from_template, "{name}");
        assert_eq!(
            layout.title_rows,
            [vec!["Koppelen gegevens".to_string()], vec![]],
            "{name}"
        );
        // The layout survives the app's saved state.
        let json = serde_json::to_string(&layout).expect("serialise");
        assert_eq!(
            serde_json::from_str::<KociLayout>(&json).expect("deserialise"),
            layout
        );
    }
}

#[test]
fn writes_under_the_templates_headers() {
    for name in ["duo-template.xlsx", "duo-template.xls"] {
        let layout = read_template(&fixture(name)).expect("template");
        let bytes = write_koci(&rows(), &layout).expect("written");
        let mut book = open_xlsx(&bytes);
        assert_eq!(book.sheet_names(), ["Koppeling"], "{name}");
        let range = book.worksheet_range("Koppeling").expect("sheet");
        assert_eq!(
            range.get_value((0, 0)),
            Some(&Data::String("Koppelen gegevens".into())),
            "{name}: title row copied"
        );
        for (col, header) in template_headers().iter().enumerate() {
            assert_eq!(
                range.get_value((2, col as u32)),
                Some(&Data::String(header.clone())),
                "{name}"
            );
        }
        for (i, case) in CASES.iter().enumerate() {
            let row = 3 + i as u32;
            for (col, field) in template_columns().into_iter().enumerate() {
                let cell = range.get_value((row, col as u32)).unwrap_or(&Data::Empty);
                let Some(field) = field else {
                    assert_eq!(cell, &Data::Empty, "{name}: Postcode stays empty");
                    continue;
                };
                let want = expected_text(case, field);
                let got = match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::DateTime(dt) => {
                        let (y, m, d, ..) = dt.to_ymd_hms_milli();
                        format!("{d:02}-{m:02}-{y:04}")
                    }
                    other => panic!("{name}: {other:?}"),
                };
                assert_eq!(got, want, "{name}: {field:?} of row {row}");
            }
        }
        let sheet = zip_part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains("topLeftCell=\"A4\""),
            "{name}: frozen under the header"
        );
        assert!(
            sheet.contains(&format!("<autoFilter ref=\"A3:I{}\"/>", 3 + CASES.len())),
            "{name}"
        );
        // And read back: same rows, same layout.
        let (read, read_layout, problems) = read_koci(&bytes).expect("read back");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(read_layout, layout, "{name}");
        assert_eq!(read, CASES.iter().map(raw).collect::<Vec<_>>(), "{name}");
    }
}

#[test]
fn reads_the_template_filled_in_and_saved_by_a_spreadsheet_program() {
    // Written by openpyxl, saved as xls by LibreOffice: numbers as numbers, real dates, a merged
    // title, a formula, a defined name.
    let (read, layout, problems) = read_koci(&fixture("duo-ingevuld.xls")).expect("read");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(layout.sheet_name, "Koppeling");
    assert_eq!(layout.header_row, 2);
    assert_eq!(layout.headers, template_headers());
    assert_eq!(layout.columns, template_columns());
    let want = [
        Koppelregel {
            bsn: "012345672".into(),
            onderwijsnummer: "100000016".into(),
            achternaam: "Jansen".into(),
            voornamen: "Anna".into(),
            geboortedatum: "05-03-2012".into(),
            geslacht: "V".into(),
            ..Koppelregel::default()
        },
        Koppelregel {
            onderwijsnummer: "100000028".into(),
            achternaam: "Çelik-Öztürk".into(),
            voornamen: "Zoë".into(),
            geboortedatum: "31-12-2010".into(),
            geslacht: "M".into(),
            opmerking: "Welke school?".into(),
            ..Koppelregel::default()
        },
        Koppelregel {
            bsn: "999900080".into(),
            achternaam: "Heuvel".into(),
            voorvoegsel: "van den".into(),
            voornamen: "Jéróme".into(),
            geboortedatum: "29-02-2008".into(),
            geslacht: "X".into(),
            opmerking: "Verhuisd?".into(),
            ..Koppelregel::default()
        },
    ];
    assert_eq!(read, want);
    // Its layout also serves as a template.
    let template = read_template(&fixture("duo-ingevuld.xls")).expect("template");
    assert_eq!(template.headers, template_headers());
}

#[test]
fn never_drops_data_for_a_missing_column() {
    let mut layout = read_template(&fixture("duo-template.xlsx")).expect("template");
    let at = layout
        .column_of(Field::Opmerking)
        .expect("opmerking column");
    layout.columns[at] = None;
    let problem = write_koci(&rows(), &layout).expect_err("opmerking has no column");
    assert!(
        problem.message.contains("Opmerking Gemeente/Regio"),
        "{}",
        problem.message
    );
    // Without opmerkingen the same layout is fine.
    let plain: Vec<NormalisedRow> = rows()
        .into_iter()
        .map(|mut r| {
            r.opmerking.clear();
            r
        })
        .collect();
    assert!(write_koci(&plain, &layout).is_ok());
}

/// A text cell: row, column, text.
type Cell = (u32, u16, &'static str);

#[test]
fn template_problems() {
    let xlsx = |cells: &[Cell]| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, c, t) in cells {
            sheet.write_string(*r, *c, *t).unwrap();
        }
        book.save_to_buffer().unwrap()
    };
    let cases: &[(&[Cell], &str)] = &[
        (
            &[
                (0, 0, "Koppelen gegevens"),
                (2, 0, "Klas"),
                (2, 1, "Postcode"),
            ],
            "Geen kopregel gevonden: Koppelhulp herkent geen kolommen als BSN en Onderwijsnummer",
        ),
        (&[], "Geen kopregel gevonden"),
        (
            &[(0, 0, "Achternaam"), (0, 1, "Geboortedatum")],
            "geen kolom voor het BSN of het onderwijsnummer",
        ),
        (
            &[(0, 0, "BSN"), (0, 1, "Geslacht"), (0, 600, "Extra")],
            "te veel kolommen",
        ),
        (
            &[(0, 0, "BSN"), (0, 1, "Geslacht"), (150_000, 0, "123456782")],
            "te veel regels",
        ),
    ];
    for (cells, want) in cases {
        let bytes = xlsx(cells);
        let problem = read_template(&bytes).expect_err(want);
        assert_eq!(problem.severity, Severity::Error);
        assert!(
            problem.message.contains(want),
            "{want}: {}",
            problem.message
        );
    }
}

#[test]
fn too_many_data_rows_are_refused() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "BSN").unwrap();
    sheet.write_string(0, 1, "Onderwijsnummer").unwrap();
    sheet.write_string(100_001, 0, "123456782").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let problem = read_koci(&bytes).expect_err("too many rows");
    assert!(problem.message.contains("100.000"), "{}", problem.message);
    // 100 000 rows is the limit, not past it.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "BSN").unwrap();
    sheet.write_string(0, 1, "Onderwijsnummer").unwrap();
    sheet.write_string(100_000, 0, "123456782").unwrap();
    let (read, _, _) = read_koci(&book.save_to_buffer().unwrap()).expect("at the limit");
    assert_eq!(read.len(), 1);
}

// ---- Hostile and broken input ---------------------------------------------------------------

/// A small deterministic generator (xorshift), so failures repeat.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn bad_input_gives_a_problem_not_a_panic() {
    let written = write_koci(&rows(), &KociLayout::default_layout()).expect("written");
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let noise: Vec<u8> = (0..4096).map(|_| random.next() as u8).collect();
    let mut zip_not_xlsx = Vec::new();
    {
        let mut z = zip::ZipWriter::new(Cursor::new(&mut zip_not_xlsx));
        z.start_file("hallo.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"geen spreadsheet").unwrap();
        z.finish().unwrap();
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "leeg"),
        ("random bytes", noise.clone(), "niet lezen"),
        (
            "text",
            b"BSN;Onderwijsnummer\n123456782;101222331\n".to_vec(),
            "niet lezen",
        ),
        ("half an xlsx", written[..written.len() / 2].to_vec(), ""),
        (
            "xlsx without its end",
            written[..written.len() - 30].to_vec(),
            "",
        ),
        ("zip header only", written[..30].to_vec(), "niet lezen"),
        ("a zip, not an xlsx", zip_not_xlsx, "niet lezen"),
        (
            "ole header with noise",
            [
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
                &noise,
            ]
            .concat(),
            "niet lezen",
        ),
        (
            "half an xls",
            {
                let x = fixture("duo-template.xls");
                x[..x.len() / 2].to_vec()
            },
            "",
        ),
    ];
    for (what, bytes, want) in &cases {
        let template = read_template(bytes);
        let koci = read_koci(bytes);
        for result in [template.err(), koci.err()] {
            let problem = result.unwrap_or_else(|| panic!("{what}: read without a problem"));
            assert_eq!(problem.severity, Severity::Error, "{what}");
            assert!(
                problem.message.contains(want),
                "{what}: {}",
                problem.message
            );
        }
    }
}

#[test]
fn damaged_files_never_panic() {
    let inputs = [
        write_koci(&rows(), &KociLayout::default_layout()).expect("written"),
        fixture("duo-template.xlsx"),
        fixture("duo-template.xls"),
        fixture("duo-ingevuld.xls"),
    ];
    let mut random = Random(42);
    for input in &inputs {
        for round in 0..150 {
            let mut bytes = input.clone();
            match round % 3 {
                // Flip a few bytes.
                0 | 1 => {
                    for _ in 0..1 + random.below(8) {
                        let at = random.below(bytes.len());
                        bytes[at] ^= 1 << random.below(8);
                    }
                }
                // Cut it off.
                _ => bytes.truncate(random.below(bytes.len())),
            }
            // Either reads or explains; a panic fails the test.
            let _ = read_template(&bytes);
            let _ = read_koci(&bytes);
        }
    }
}

/// The offset of the first BIFF record `typ` with data length `len` in the file.
fn find_record(bytes: &[u8], typ: u16, len: u16) -> usize {
    let [t0, t1] = typ.to_le_bytes();
    let [l0, l1] = len.to_le_bytes();
    bytes
        .windows(4)
        .position(|w| w == [t0, t1, l0, l1])
        .expect("record in the file")
}

#[test]
fn xls_that_would_hurt_calamine_is_refused() {
    let template = fixture("duo-template.xls");
    let dimensions = find_record(&template, 0x0200, 14);
    let set_u32 = |bytes: &mut Vec<u8>, at: usize, value: u32| {
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            // calamine would reserve room for 4 billion rows: an abort.
            "a sheet of 4 billion rows",
            {
                let mut b = template.clone();
                set_u32(&mut b, dimensions + 4 + 4, 0xFFFF_FFF0);
                b
            },
            "veilig kan lezen",
        ),
        (
            // calamine would subtract past zero.
            "dimensions the wrong way round",
            {
                let mut b = template.clone();
                set_u32(&mut b, dimensions + 4, 10);
                set_u32(&mut b, dimensions + 4 + 4, 5);
                b
            },
            "beschadigd",
        ),
        (
            "directory outside the file",
            {
                let mut b = template.clone();
                set_u32(&mut b, 48, 0x00FF_FF00);
                b
            },
            "beschadigd",
        ),
        (
            // The FAT points every sector at itself: calamine would loop for ever.
            "a directory chain in a circle",
            {
                let mut b = template.clone();
                let fat_sector = u32::from_le_bytes(b[76..80].try_into().unwrap()) as usize;
                let dir = u32::from_le_bytes(b[48..52].try_into().unwrap()) as usize;
                let at = (fat_sector + 1) * 512 + 4 * dir;
                set_u32(&mut b, at, dir as u32);
                b
            },
            "beschadigd",
        ),
    ];
    for (what, bytes, want) in &cases {
        for result in [read_template(bytes).err(), read_koci(bytes).err()] {
            let problem = result.unwrap_or_else(|| panic!("{what}: read without a problem"));
            assert!(
                problem.message.contains(want),
                "{what}: {}",
                problem.message
            );
        }
    }
}

#[test]
fn truncated_xls_at_any_length_is_a_problem() {
    // An interrupted download: calamine 0.38 slices past the end of such a file.
    for name in ["duo-template.xls", "duo-ingevuld.xls"] {
        let full = fixture(name);
        for len in (0..full.len()).step_by(61) {
            let cut = &full[..len];
            assert!(read_template(cut).is_err(), "{name} cut at {len}");
            assert!(read_koci(cut).is_err(), "{name} cut at {len}");
        }
    }
}

#[test]
fn a_zip_bomb_is_refused_before_unpacking() {
    let mut bytes = write_koci(&rows(), &KociLayout::default_layout()).expect("written");
    // Declare one part 2 GB unpacked, as a zip bomb does.
    let entry = bytes
        .windows(4)
        .position(|w| w == [0x50, 0x4B, 0x01, 0x02])
        .expect("central directory");
    bytes[entry + 24..entry + 28].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
    let problem = read_koci(&bytes).expect_err("refused");
    assert!(
        problem.message.contains("veilig kan lezen"),
        "{}",
        problem.message
    );
}

// ---- LibreOffice ----------------------------------------------------------------------------

/// Convert `file` to csv with LibreOffice; returns the csv text.
fn libreoffice_csv(file: &Path, outdir: &Path) -> String {
    // Comma, double quotes, UTF-8 (76), from row 1.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1";
    let csv = libreoffice::convert(file, outdir, filter, "csv");
    std::fs::read_to_string(&csv).unwrap_or_else(|e| panic!("{}: {e}", csv.display()))
}

/// Split csv text into records, honouring quoted fields with line breaks in them.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut line = String::new();
    for part in text.split_inclusive('\n') {
        line.push_str(part);
        if line.matches('"').count().is_multiple_of(2) {
            let record = line.trim_end_matches(['\n', '\r']);
            records.push(split_csv_line(record));
            line.clear();
        }
    }
    records
}

fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir =
        std::env::temp_dir().join(format!("koppelhulp-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn libreoffice_shows_leading_zeros_dates_and_texts_as_written() {
    let dir = temp_dir("lo");
    let file = dir.join("koppelbestand.xlsx");
    std::fs::write(
        &file,
        write_koci(&rows(), &KociLayout::default_layout()).expect("written"),
    )
    .expect("write file");
    let csv = libreoffice_csv(&file, &dir);
    let records = csv_records(&csv);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(records.len(), CASES.len() + 1, "{csv}");
    let labels: Vec<&str> = Field::ALL.iter().map(|f| f.label()).collect();
    assert_eq!(records[0], labels);
    for (case, record) in CASES.iter().zip(&records[1..]) {
        for (col, field) in Field::ALL.iter().copied().enumerate() {
            let want = expected_text(case, field);
            let got = record.get(col).map_or("", String::as_str);
            assert_eq!(got, want, "{field:?} in {record:?}");
        }
    }
    // LibreOffice quotes text and not numbers: the BSN is text, the date a number shown
    // dd-mm-yyyy.
    for bsn in [LEADING_ZERO_BSN, LEADING_ZERO_BSN_2] {
        assert!(
            csv.contains(&format!("\n\"{bsn}\",")),
            "{bsn} as text: {csv}"
        );
    }
    assert!(
        csv.contains(",05-03-2012,"),
        "date as a dd-mm-yyyy number: {csv}"
    );
}

#[test]
fn ods_files_read_like_xlsx() {
    // A koppelbestand and DUO's template saved as ods by LibreOffice: dates come as ISO text,
    // the sheet name and title rows stay.
    let dir = temp_dir("ods");
    let file = dir.join("koppelbestand.xlsx");
    std::fs::write(
        &file,
        write_koci(&rows(), &KociLayout::default_layout()).expect("written"),
    )
    .expect("write file");
    let ods = libreoffice::convert(&file, &dir, "ods", "ods");
    let koci = std::fs::read(&ods).unwrap_or_else(|e| panic!("{}: {e}", ods.display()));
    let template = dir.join("duo-template.xlsx");
    std::fs::write(&template, fixture("duo-template.xlsx")).expect("write file");
    let ods = libreoffice::convert(&template, &dir, "ods", "ods");
    let template = std::fs::read(&ods).unwrap_or_else(|e| panic!("{}: {e}", ods.display()));
    let _ = std::fs::remove_dir_all(&dir);

    let (read, layout, problems) = read_koci(&koci).expect("ods koppelbestand");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(layout, KociLayout::default_layout());
    assert_eq!(read, CASES.iter().map(raw).collect::<Vec<_>>());

    let layout = read_template(&template).expect("ods template");
    assert_eq!(
        layout,
        read_template(&fixture("duo-template.xlsx")).expect("xlsx")
    );
    assert_eq!(layout.sheet_name, "Koppeling");
}

#[test]
fn a_wide_template_within_the_column_limit_is_read() {
    // 500 columns are read (the limit is the same for every file).
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "BSN").unwrap();
    sheet.write_string(0, 1, "Onderwijsnummer").unwrap();
    sheet.write_string(0, 499, "Extra").unwrap();
    let layout = read_template(&book.save_to_buffer().unwrap()).expect("500 columns");
    assert_eq!(layout.headers.len(), 500);
    assert_eq!(layout.headers[499], "Extra");
}

#[test]
fn a_large_xls_saved_by_libreoffice_reads_back() {
    // Big enough for a workbook stream over many sectors and strings over CONTINUE records: the
    // xls guard must not refuse a sound file.
    let many: Vec<NormalisedRow> = (0..20_000u32)
        .map(|i| NormalisedRow {
            bsn: Some(bsn_from_seed(i % 9_000)),
            onderwijsnummer: Some(onderwijsnummer_from_seed(i)),
            achternaam: format!("Achternaam-{i}-Ĳsselstein"),
            voornamen: format!("Voornaam {i}"),
            geboortedatum: Some(date(2010, 1 + (i % 12) as u8, 1 + (i % 28) as u8)),
            geslacht: Some(Geslacht::Vrouw),
            opmerking: if i % 7 == 0 {
                format!("Vraag {i}")
            } else {
                String::new()
            },
            ..NormalisedRow::default()
        })
        .collect();
    let dir = temp_dir("large-xls");
    let file = dir.join("groot.xlsx");
    std::fs::write(
        &file,
        write_koci(&many, &KociLayout::default_layout()).expect("written"),
    )
    .expect("write file");
    let xls = libreoffice::convert(&file, &dir, "xls:MS Excel 97", "xls");
    let bytes = std::fs::read(&xls).unwrap_or_else(|e| panic!("{}: {e}", xls.display()));
    let _ = std::fs::remove_dir_all(&dir);
    let (read, layout, problems) = read_koci(&bytes).expect("read");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(layout.headers, KociLayout::default_layout().headers);
    assert_eq!(read.len(), many.len());
    for (got, row) in read.iter().zip(&many) {
        assert_eq!(got.bsn, row.bsn.expect("bsn").to_string());
        assert_eq!(got.achternaam, row.achternaam);
        assert_eq!(
            got.geboortedatum,
            format_date(row.geboortedatum.expect("date"))
        );
        assert_eq!(got.opmerking, row.opmerking);
    }
}

// ---- Small things ---------------------------------------------------------------------------

#[test]
fn the_default_layout() {
    let layout = KociLayout::default_layout();
    assert_eq!(layout.sheet_name, "Koppelen gegevens");
    assert_eq!(layout.header_row, 0);
    assert_eq!(
        layout.headers,
        [
            "BSN",
            "Onderwijsnummer",
            "Achternaam",
            "Voorvoegsel",
            "Voornamen",
            "Geboortedatum",
            "Geslacht",
            "Opmerking Gemeente/Regio"
        ]
    );
    assert_eq!(layout.columns, Field::ALL.map(Some));
    assert!(!layout.from_template);
    assert!(Onderwijsnummer::parse(&onderwijsnummer_from_seed(1).to_string()).is_ok());
}

#[test]
fn an_empty_list_writes_just_the_header() {
    let bytes = write_koci(&[], &KociLayout::default_layout()).expect("written");
    let (read, layout, problems) = read_koci(&bytes).expect("read");
    assert!(read.is_empty() && problems.is_empty());
    assert_eq!(layout, KociLayout::default_layout());
}
