//! Writing into DUO's own workbook (`io::koci_template`), checked with other readers than our own:
//! openpyxl (`tests/support/workbook_summary.py`) reads the template and the filled file, the zip
//! parts are compared byte for byte, LibreOffice converts the result, calamine reads it back.
//!
//! The templates in `tests/fixtures/templates/` were made by openpyxl and by LibreOffice
//! (`make_workbooks.py`, `make_templates.py` beside them).

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use koppelhulp_core::date::format_iso;
use koppelhulp_core::ids::{Bsn, bsn_from_seed, onderwijsnummer_from_seed};
use koppelhulp_core::koci_layout::KociLayout;
use koppelhulp_core::koppelregel::{Geslacht, NormalisedRow, calendar_date, check_rows};
use koppelhulp_core::text::split_csv_line;
use koppelhulp_io::koci_template::{NotFillable, Refused, check_template, fill_template};
use koppelhulp_io::koci_xlsx::{read_koci, write_koci};
use koppelhulp_io::table::FileKind;
use serde_json::Value;
use time::Date;

#[path = "support/libreoffice.rs"]
mod libreoffice;

/// Templates Koppelhulp writes into, with the part that holds DUO's sheet.
const FILLABLE: [(&str, &str); 4] = [
    ("duo-template.xlsx", "xl/worksheets/sheet1.xml"),
    ("duo-werkmap.xlsx", "xl/worksheets/sheet1.xml"),
    ("duo-werkmap-lo.xlsx", "xl/worksheets/sheet1.xml"),
    ("duo-template-lo.xlsx", "xl/worksheets/sheet1.xml"),
];
/// The header row of those templates (1-based): title, blank, header.
const HEADER_ROW: u32 = 3;

fn fixture(path: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn date(y: i32, m: u8, d: u8) -> Date {
    calendar_date(y, m, d).expect("test date exists")
}

fn row(
    bsn: Option<Bsn>,
    own: Option<u32>,
    names: (&str, &str, &str),
    born: Option<Date>,
    geslacht: Option<Geslacht>,
    opmerking: &str,
) -> NormalisedRow {
    NormalisedRow {
        bsn,
        onderwijsnummer: own.map(onderwijsnummer_from_seed),
        achternaam: names.0.into(),
        voorvoegsel: names.1.into(),
        voornamen: names.2.into(),
        geboortedatum: born,
        geslacht,
        opmerking: opmerking.into(),
    }
}

/// Five rows: more than the template's three styled empty rows, a BSN with a leading zero, texts a
/// spreadsheet could take for a formula, characters XML must escape, a question without a BSN.
fn rows() -> Vec<NormalisedRow> {
    vec![
        row(
            Some(Bsn::parse("012345672").expect("valid")),
            Some(1),
            ("Jansen", "", "Anna"),
            Some(date(2012, 3, 5)),
            Some(Geslacht::Vrouw),
            "",
        ),
        row(
            Some(bsn_from_seed(2)),
            Some(2),
            ("Çelik-Öztürk", "", "Zoë Anaïs"),
            Some(date(2010, 12, 31)),
            Some(Geslacht::Man),
            "=HYPERLINK(\"x\")",
        ),
        row(
            None,
            Some(3),
            ("Heuvel", "van den", "Jéróme"),
            Some(date(2008, 2, 29)),
            None,
            "Verhuisd? <b> & \"zus\"",
        ),
        row(
            Some(bsn_from_seed(4)),
            Some(4),
            ("Bakker", "de", "Noah"),
            None,
            Some(Geslacht::Onbekend),
            "-5",
        ),
        row(
            Some(bsn_from_seed(5)),
            Some(5),
            ("Wit", "", "Sem"),
            Some(date(2011, 1, 1)),
            Some(Geslacht::Man),
            " spatie vooraan",
        ),
    ]
}

/// The rows as the checks give them back (an opmerking is trimmed).
fn checked(rows: &[NormalisedRow]) -> Vec<NormalisedRow> {
    rows.iter()
        .cloned()
        .map(|mut r| {
            r.opmerking = r.opmerking.trim().to_string();
            r
        })
        .collect()
}

/// What openpyxl must read in each data row, by column letter (Postcode, H, stays empty).
fn expected(rows: &[NormalisedRow]) -> Vec<BTreeMap<&'static str, String>> {
    rows.iter()
        .map(|r| {
            let mut m = BTreeMap::new();
            let mut put = |col, v: String| {
                m.insert(col, v);
            };
            if let Some(b) = r.bsn {
                put("A", format!("str:{b}"));
            }
            if let Some(o) = r.onderwijsnummer {
                put("B", format!("str:{o}"));
            }
            for (col, text) in [
                ("C", &r.achternaam),
                ("D", &r.voorvoegsel),
                ("E", &r.voornamen),
                ("I", &r.opmerking),
            ] {
                if !text.is_empty() {
                    put(col, format!("str:{text}"));
                }
            }
            if let Some(d) = r.geboortedatum {
                put("F", format!("date:{}", format_iso(d)));
            }
            if let Some(g) = r.geslacht {
                put("G", format!("str:{}", g.code()));
            }
            m
        })
        .collect()
}

fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!(
        "koppelhulp-tpl-{name}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The Python with openpyxl: `KOPPELHULP_PYTHON`, else the `.venv/` that `scripts/setup --test`
/// makes, else `python3` on the PATH.
fn python() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    std::env::var_os("KOPPELHULP_PYTHON")
        .map(PathBuf::from)
        .or_else(|| venv.exists().then_some(venv))
        .unwrap_or_else(|| PathBuf::from("python3"))
}

/// openpyxl's reading of an xlsx (tests/support/workbook_summary.py).
fn openpyxl_summary(file: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/workbook_summary.py");
    let output = Command::new(python())
        .arg(script)
        .arg(file)
        .output()
        .expect("python runs (scripts/setup --test installs it with openpyxl in .venv/)");
    assert!(
        output.status.success(),
        "openpyxl could not read {}: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("json")
}

/// csv text into records, honouring quoted fields with line breaks in them.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut line = String::new();
    for part in text.split_inclusive('\n') {
        line.push_str(part);
        if line.matches('"').count().is_multiple_of(2) {
            records.push(split_csv_line(line.trim_end_matches(['\n', '\r'])));
            line.clear();
        }
    }
    records
}

/// A part as stored: compression method, CRC, compressed bytes.
type RawPart = (String, u32, Vec<u8>);

/// Every part of a zip by name, in order.
fn raw_parts(bytes: &[u8]) -> Vec<(String, RawPart)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index_raw(i).expect("part");
            let name = file.name().expect("name").into_owned();
            let method = format!("{:?}", file.compression());
            let crc = file.crc32();
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("read");
            (name, (method, crc, data))
        })
        .collect()
}

fn part_text(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part")
        .read_to_string(&mut text)
        .expect("utf-8");
    text
}

/// The row number of a cell name (`B12` → 12).
fn row_of(cell: &str) -> u32 {
    cell.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .expect("row")
}

#[test]
fn fills_duo_like_workbooks_and_keeps_everything_else() {
    let rows = rows();
    let want = expected(&rows);
    for (name, sheet_part) in FILLABLE {
        let template = fixture(&format!("templates/{name}"));
        let checked = check_template(&template).expect("a template");
        let kept = checked.fillable.clone().expect(name);
        // The workbooks with a formula (a count on "Toelichting") are kept without it; the
        // others byte for byte.
        let with_formulas = name.starts_with("duo-werkmap");
        assert_eq!(kept.formulas_removed, with_formulas, "{name}");
        assert_eq!(kept.note().is_some(), with_formulas, "{name}");
        // LibreOffice forces no calculation on load: its workbooks without formulas are kept
        // byte for byte (openpyxl's ask for it, and lose that).
        if name == "duo-template-lo.xlsx" {
            assert!(kept.bytes == template, "{name}: kept as it was");
        }
        // What is written: the kept workbook filled in (as the worker does); filling the file
        // as it came gives the same bytes.
        let filled = fill_template(&kept.bytes, &rows).expect("filled");
        assert!(
            fill_template(&template, &rows).expect("filled") == filled,
            "{name}"
        );
        for (part, _) in raw_parts(&filled) {
            if part.starts_with("xl/worksheets/") && part.ends_with(".xml") {
                let xml = part_text(&filled, &part);
                assert!(
                    !xml.contains("<f>") && !xml.contains("<f "),
                    "{name}: {part}"
                );
            }
        }
        assert!(
            !part_text(&filled, "xl/workbook.xml").contains("fullCalcOnLoad"),
            "{name}: calculation on load is not forced"
        );

        // The package: the same parts in the same order; every part but the sheet and the styles
        // (a date style and a quote-prefix style appended) copied byte for byte, compressed as it
        // was.
        let before = raw_parts(&kept.bytes);
        let after = raw_parts(&filled);
        let names = |p: &[(String, _)]| p.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&before), names(&after), "{name}: parts");
        for ((part, old), (_, new)) in before.iter().zip(&after) {
            if [sheet_part, "xl/styles.xml"].contains(&part.as_str()) {
                continue;
            }
            assert!(old == new, "{name}: {part} changed");
        }
        // The styles that were there keep their place and their bytes: only appended to.
        let (old_styles, new_styles) = (
            part_text(&template, "xl/styles.xml"),
            part_text(&filled, "xl/styles.xml"),
        );
        let xfs = |s: &str| {
            let start = s.find("<cellXfs").expect("cellXfs");
            let open_end = start + s[start..].find('>').expect(">") + 1;
            let end = s.find("</cellXfs>").expect("end");
            s[open_end..end].to_string()
        };
        assert!(
            xfs(&new_styles).starts_with(&xfs(&old_styles)),
            "{name}: existing cell styles changed"
        );

        // openpyxl reads both: every other sheet, the defined names, the widths, validations,
        // merged cells, frozen panes and the rows up to DUO's header as they were.
        let dir = temp_dir(name.trim_end_matches(".xlsx"));
        let (t_path, f_path) = (
            dir.join("sjabloon.xlsx"),
            dir.join("20261130G0363.koci.xlsx"),
        );
        std::fs::write(&t_path, &template).expect("write");
        std::fs::write(&f_path, &filled).expect("write");
        let (old, new) = (openpyxl_summary(&t_path), openpyxl_summary(&f_path));
        assert_eq!(old["sheets"], new["sheets"], "{name}");
        assert_eq!(old["defined_names"], new["defined_names"], "{name}");
        let sheet = checked.layout.sheet_name.as_str();
        for (title, summary) in old["sheet"].as_object().expect("sheets") {
            if title != sheet {
                // As DUO made it, but for its formulas.
                let is_formula = |c: &Value| c["type"] == "f";
                let formula_cells: Vec<String> = summary["cells"]
                    .as_object()
                    .map(|cells| {
                        (cells.iter())
                            .filter(|(_, c)| is_formula(c))
                            .map(|(r, _)| r.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                let mut want = summary.clone();
                let mut got = new["sheet"][title].clone();
                for summary in [&mut want, &mut got] {
                    if let Some(cells) = summary["cells"].as_object_mut() {
                        cells.retain(|r, _| !formula_cells.contains(r));
                    }
                }
                assert_eq!(want, got, "{name}: sheet {title}");
                let formulas = |s: &Value| {
                    s["cells"]
                        .as_object()
                        .map_or(0, |cells| cells.values().filter(|c| is_formula(c)).count())
                };
                assert_eq!(formulas(&new["sheet"][title]), 0, "{name}: sheet {title}");
                continue;
            }
            for key in ["widths", "validations", "merged", "freeze"] {
                assert_eq!(summary[key], new["sheet"][title][key], "{name}: {key}");
            }
        }
        let (old_cells, new_cells) = (
            old["sheet"][sheet]["cells"].as_object().expect("cells"),
            new["sheet"][sheet]["cells"].as_object().expect("cells"),
        );
        for (cell, value) in old_cells {
            if row_of(cell) <= HEADER_ROW {
                assert_eq!(value, &new_cells[cell], "{name}: {cell}");
            }
        }
        // The rows under DUO's header, in DUO's columns: text stays text, dates are dates.
        for (i, want) in want.iter().enumerate() {
            let r = HEADER_ROW + 1 + i as u32;
            let got: BTreeMap<&str, String> = new_cells
                .iter()
                .filter(|(cell, v)| row_of(cell) == r && !v["value"].is_null())
                .map(|(cell, v)| {
                    let col = &cell[..cell.len() - r.to_string().len()];
                    let col: &'static str = ["A", "B", "C", "D", "E", "F", "G", "H", "I"]
                        .into_iter()
                        .find(|c| *c == col)
                        .unwrap_or("?");
                    (col, v["value"].as_str().expect("value").to_string())
                })
                .collect();
            assert_eq!(&got, want, "{name}: row {r}");
            for (col, v) in want {
                let cell = &new_cells[&format!("{col}{r}")];
                if v.starts_with("date:") {
                    assert_eq!(cell["format"], "dd-mm-yyyy", "{name}: {col}{r}");
                } else {
                    assert_eq!(cell["type"], "s", "{name}: {col}{r} is text");
                }
                let quoted = v.starts_with("str:=") || v.starts_with("str:-");
                assert_eq!(
                    cell["quote_prefix"], quoted,
                    "{name}: {col}{r} quote prefix"
                );
                // A cell that had a style (the border of the styled empty rows) keeps it.
                if let Some(old) = old_cells.get(&format!("{col}{r}")) {
                    assert_eq!(old["bottom"], cell["bottom"], "{name}: {col}{r} border");
                    assert_eq!(old["fill"], cell["fill"], "{name}: {col}{r} fill");
                }
            }
        }
        assert_eq!(
            new["sheet"][sheet]["max_row"],
            HEADER_ROW + rows.len() as u32,
            "{name}: nothing under the rows"
        );
        // The sheet's dimension covers the rows.
        let xml = part_text(&filled, sheet_part);
        if xml.contains("<dimension") {
            assert!(
                xml.contains(&format!(":I{}\"", HEADER_ROW + 5)),
                "{name}: dimension"
            );
        }

        // Koppelhulp reads its own file back to the same rows.
        let (back, layout, problems) = read_koci(&filled).expect("read back");
        assert!(problems.is_empty(), "{name}: {problems:?}");
        assert_eq!(layout.headers, checked.layout.headers);
        for (got, sent) in back.iter().zip(&rows) {
            assert_eq!(got.opmerking, sent.opmerking, "{name}: as written");
        }
        let report = check_rows(&back, date(2026, 11, 30));
        assert_eq!(
            report.rows_to_write().cloned().collect::<Vec<_>>(),
            self::checked(&rows),
            "{name}"
        );

        // LibreOffice opens it cleanly: as csv (cells as shown) and saved as ods.
        let csv = std::fs::read_to_string(libreoffice::convert(
            &f_path,
            &dir,
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
            "csv",
        ))
        .expect("csv");
        let records = csv_records(&csv);
        let header = (HEADER_ROW - 1) as usize;
        assert_eq!(records[header][0], "Burgerservicenummer", "{name}: {csv}");
        assert_eq!(records[header + 1][0], "012345672", "{name}");
        assert_eq!(records[header + 1][5], "05-03-2012", "{name}");
        assert_eq!(records[header + 2][8], "=HYPERLINK(\"x\")", "{name}");
        assert_eq!(records[header + 3][8], "Verhuisd? <b> & \"zus\"", "{name}");
        assert_eq!(records[header + 5][8], " spatie vooraan", "{name}");
        let data: Vec<_> = records[header + 1..]
            .iter()
            .filter(|r| r.iter().any(|c| !c.is_empty()))
            .collect();
        assert_eq!(data.len(), rows.len(), "{name}: {csv}");
        libreoffice::convert(&f_path, &dir, "ods", "ods");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn what_is_not_written_into_says_why() {
    let checked = check_template(&fixture("templates/duo-template.xls")).expect("a layout");
    let why = NotFillable::OtherFormat(FileKind::Xls);
    assert_eq!(checked.fillable, Err(why.clone()));
    assert!(
        why.message()
            .starts_with("Dit sjabloon is een .xls-bestand.")
    );
    let refused = fill_template(&fixture("templates/duo-template.xls"), &rows()).expect_err("xls");
    assert!(refused.message.contains("sjabloon"), "{}", refused.message);
}

/// A workbook filled in (a koppelbestand, or DUO's template with pupils in it) is no template:
/// refused whole, whatever its format, so nothing of it is kept.
#[test]
fn a_workbook_with_rows_under_the_header_is_refused() {
    for path in [
        "templates/duo-ingevuld.xls",
        "antwoord/20261128G0363.koci.xlsx",
        "antwoord/antwoord-kolommen.koci.xlsx",
    ] {
        let refused = check_template(&fixture(path)).expect_err(path);
        assert_eq!(
            refused.message,
            Refused::DataUnderHeader.message(),
            "{path}"
        );
        let refused = fill_template(&fixture(path), &rows()).expect_err(path);
        assert_eq!(
            refused.message,
            Refused::DataUnderHeader.message(),
            "{path}"
        );
    }
}

/// Templates that hold more than DUO's layout (tests/support/hostile_templates.py, openpyxl; and
/// some saved again by LibreOffice): pupils on a visible or hidden sheet, data under the header,
/// an external link, connections, a pivot cache, macros — each refused with its sentence, never
/// kept; formulas in the title row and on another sheet are taken out of the workbook kept.
#[test]
fn templates_with_more_than_the_layout_are_refused_or_stripped() {
    let dir = temp_dir("hostile");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/hostile_templates.py");
    let status = Command::new(python())
        .arg(script)
        .arg(&dir)
        .status()
        .expect("python runs (scripts/setup --test installs it with openpyxl in .venv/)");
    assert!(status.success());
    let sheet = |name: &str| Refused::PupilData(name.to_string());
    let cases = [
        ("leerlingen-zichtbaar.xlsx", sheet("Mijn lijst")),
        ("leerlingen-verborgen.xlsx", sheet("Mijn lijst")),
        ("namen-geboortedata.xlsx", sheet("Namen")),
        ("koppelregels-elders.xlsx", sheet("Kopie")),
        ("data-onder-kop.xlsx", Refused::DataUnderHeader),
        ("externe-koppeling.xlsx", Refused::ExternalLinks),
        ("verbindingen.xlsx", Refused::Connections),
        ("draaitabel.xlsx", Refused::PivotTables),
        ("macro.xlsm", Refused::Macros),
    ];
    let mut files: Vec<(String, Vec<u8>, Refused)> = cases
        .iter()
        .map(|(name, why)| {
            let bytes = std::fs::read(dir.join(name)).expect(name);
            (name.to_string(), bytes, why.clone())
        })
        .collect();
    // LibreOffice's own package of the pupil sheets (hidden stays hidden) and of the rows under
    // the header.
    for (name, why) in cases.iter().take(5) {
        let ods = libreoffice::convert(&dir.join(name), &dir.join("ods"), "ods", "ods");
        let xlsx = libreoffice::convert(&ods, &dir.join("lo"), "xlsx", "xlsx");
        let bytes = std::fs::read(xlsx).expect("LibreOffice's xlsx");
        files.push((format!("{name} (LibreOffice)"), bytes, why.clone()));
    }
    for (name, bytes, why) in &files {
        let refused = check_template(bytes).expect_err(name);
        assert_eq!(refused.message, why.message(), "{name}");
        assert!(
            refused
                .message
                .starts_with("Koppelhulp gebruikt dit bestand niet als sjabloon"),
            "{name}: {}",
            refused.message
        );
        // One sentence.
        assert_eq!(
            refused.message.matches(". ").count(),
            0,
            "{}",
            refused.message
        );
        assert!(fill_template(bytes, &rows()).is_err(), "{name}");
    }

    // Formulas in the title row and on another sheet: the workbook is kept without them, and
    // the koppelbestand has none.
    let template = std::fs::read(dir.join("formule-in-titel.xlsx")).expect("formulas");
    let kept = check_template(&template)
        .expect("a template")
        .fillable
        .expect("kept");
    assert!(kept.formulas_removed);
    assert!(kept.note().is_some_and(|n| n.contains("formules")));
    let filled = fill_template(&kept.bytes, &rows()).expect("filled");
    for bytes in [&kept.bytes, &filled] {
        for (part, _) in raw_parts(bytes) {
            let text = part_text(bytes, &part);
            assert!(!text.contains("<f>") && !text.contains("<f "), "{part}");
            assert!(!text.contains("fullCalcOnLoad"), "{part}");
        }
    }
    let summary = openpyxl_summary(&{
        let path = dir.join("ingevuld.xlsx");
        std::fs::write(&path, &filled).expect("write");
        path
    });
    assert_eq!(
        summary["sheets"],
        serde_json::json!(["Koppeling", "Toelichting", "Lijsten"])
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Repack a zip with one part replaced.
fn with_part(bytes: &[u8], part: &str, data: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("part");
        let name = file.name().expect("name").into_owned();
        let mut content = Vec::new();
        file.read_to_end(&mut content).expect("read");
        out.start_file(name.clone(), zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(if name == part { data } else { &content })
            .expect("write");
    }
    out.finish().expect("finish").into_inner()
}

#[test]
fn a_sheet_written_with_a_namespace_prefix_is_understood() {
    // Koppelhulp's own layout as DUO's template, its sheet rewritten with the prefix `x:` for
    // SpreadsheetML (valid XML, the same document).
    let template = write_koci(&[], &KociLayout::default_layout()).expect("written");
    let xml = part_text(&template, "xl/worksheets/sheet1.xml");
    let prefixed = xml
        .replace("<?xml", "<?XMLDECL")
        .replace("</", "</x:")
        .replace('<', "<x:")
        .replace("<x:/x:", "</x:")
        .replace("<x:?XMLDECL", "<?xml")
        .replace(
            "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"",
            "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"",
        );
    assert!(prefixed.contains("<x:sheetData"), "{prefixed}");
    let template = with_part(&template, "xl/worksheets/sheet1.xml", prefixed.as_bytes());
    assert_eq!(
        check_template(&template)
            .expect("layout")
            .fillable
            .map(|_| ()),
        Ok(())
    );
    let mut rows = rows();
    // Text Excel would take for its escapes, and a control character XML cannot hold.
    rows[2].opmerking = "_x0041_ is geen A\u{1}".into();
    let filled = fill_template(&template, &rows).expect("filled");
    let sheet = part_text(&filled, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<x:c r=\"A2\""), "{sheet}");
    assert!(!sheet.contains("<c "), "new cells get the prefix: {sheet}");
    assert!(sheet.contains("_x005F_x0041_ is geen A_x0001_"), "{sheet}");
    let (back, _, problems) = read_koci(&filled).expect("read back");
    assert!(problems.is_empty());
    assert_eq!(back[2].opmerking, rows[2].opmerking);
    assert_eq!(back[4].opmerking, rows[4].opmerking, "leading space kept");
    let report = check_rows(&back, date(2026, 11, 30));
    assert_eq!(
        report.rows_to_write().cloned().collect::<Vec<_>>(),
        checked(&rows)
    );
}

#[test]
fn damaged_templates_give_a_problem_never_a_panic() {
    let template = fixture("templates/duo-werkmap.xlsx");
    let rows = rows();
    // Cut off at any length.
    for len in (0..template.len()).step_by(97) {
        let _ = check_template(&template[..len]);
        assert!(
            fill_template(&template[..len], &rows).is_err(),
            "cut at {len}"
        );
    }
    // Bytes changed here and there (stored parts or compressed data): a problem or a file.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..300 {
        let mut bytes = template.clone();
        for _ in 0..4 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed % bytes.len() as u64) as usize;
            bytes[at] = (seed >> 32) as u8;
        }
        let _ = check_template(&bytes);
        let _ = fill_template(&bytes, &rows);
    }
    // Broken XML in the sheet, the styles, or the workbook.
    let sheet = part_text(&template, "xl/worksheets/sheet1.xml");
    for (part, broken) in [
        (
            "xl/worksheets/sheet1.xml",
            sheet.replace("</sheetData>", ""),
        ),
        (
            "xl/worksheets/sheet1.xml",
            sheet.replace("r=\"4\"", "r=\"1\""),
        ),
        ("xl/styles.xml", "<styleSheet><cellXfs>".to_string()),
        ("xl/_rels/workbook.xml.rels", "<Relationships/>".to_string()),
    ] {
        let bytes = with_part(&template, part, broken.as_bytes());
        if let Ok(checked) = check_template(&bytes) {
            assert!(
                matches!(checked.fillable, Err(NotFillable::Unreadable(_))),
                "{part}: {:?}",
                checked.fillable
            );
        }
        assert!(fill_template(&bytes, &rows).is_err(), "{part}");
    }
}

#[test]
fn rows_and_cells_that_only_imply_their_place_are_understood() {
    // `r` is optional on rows and cells: the place follows from the one before. A template with
    // a title row, the header and a styled empty row, none of them naming its place.
    let layout = KociLayout {
        header_row: 1,
        title_rows: vec![vec!["Koppelen gegevens".into()]],
        ..KociLayout::default_layout()
    };
    let template = write_koci(&[], &layout).expect("written");
    let xml = part_text(&template, "xl/worksheets/sheet1.xml");
    let without: String = {
        let mut out = String::new();
        let mut rest = xml.as_str();
        while let Some(at) = rest.find(" r=\"") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 4..];
            rest = &after[after.find('"').expect("closing quote") + 1..];
        }
        out.push_str(rest);
        out.replace("</sheetData>", "<row><c s=\"0\"/></row></sheetData>")
    };
    assert!(!without.contains(" r=\""), "{without}");
    let template = with_part(&template, "xl/worksheets/sheet1.xml", without.as_bytes());
    assert_eq!(
        check_template(&template)
            .expect("layout")
            .fillable
            .map(|_| ()),
        Ok(())
    );
    let rows = rows();
    let filled = fill_template(&template, &rows).expect("filled");
    let (back, read_layout, problems) = read_koci(&filled).expect("read back");
    assert!(problems.is_empty());
    assert_eq!(read_layout.header_row, 1);
    assert_eq!(read_layout.title_rows, layout.title_rows);
    let report = check_rows(&back, date(2026, 11, 30));
    assert_eq!(
        report.rows_to_write().cloned().collect::<Vec<_>>(),
        checked(&rows)
    );
}
