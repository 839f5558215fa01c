//! The work file (*Werk opslaan*, *Werk openen*) as sheets: [`Work`] ↔ five tables with Dutch
//! headers that the officer can read in Excel or LibreOffice once the password is typed.
//!
//! - `Koppelbestand`: the rows as typed, under the default koppelbestand headers;
//! - `Besluiten`: BSN, onderwijsnummer, besluit (`J`, `N`, `later`), datum;
//! - `Antwoord`: DUO's answer file, and per marked row the numbers, status and notitie;
//! - `Bestanden`: per register file its name, size, SHA-256, sheet, column mapping and counts —
//!   never its contents;
//! - `Over`: app version, organisation, saved at, format version, and the koppelbestand's state.
//!
//! Plain tables of [`RawCell`]s (the seam `core::table` already is): `io::werkbestand` turns them
//! into an encrypted xlsx and back. Reading checks every header and cell and says in Dutch what is
//! wrong; a file of a newer format version is refused before anything else is read.

use time::Date;

use super::antwoord::Marks;
use super::files::{FileCounts, RegisterFile};
use super::koppelbestand::KoppelTable;
use super::password;
use super::review::{Review, Verdict, pair_key, parse_iso_date};
use super::{FORMAT_VERSION, Work};
use koppelhulp_core::Problem;
use koppelhulp_core::antwoord::Status;
use koppelhulp_core::import::values::cell_text;
use koppelhulp_core::import::{Accounting, ImportField};
use koppelhulp_core::koppelregel::{Field, Koppelregel, format_date, parse_date};
use koppelhulp_core::table::{RawCell, RawSheet};

pub const KOPPELBESTAND: &str = "Koppelbestand";
pub const BESLUITEN: &str = "Besluiten";
pub const ANTWOORD: &str = "Antwoord";
pub const BESTANDEN: &str = "Bestanden";
pub const OVER: &str = "Over";
/// The sheets of a work file, in order.
pub const SHEETS: [&str; 5] = [KOPPELBESTAND, BESLUITEN, ANTWOORD, BESTANDEN, OVER];

const BESLUITEN_HEADER: [&str; 4] = ["BSN", "Onderwijsnummer", "Besluit", "Datum"];
const ANTWOORD_HEADER: [&str; 5] = [
    "Antwoordbestand van DUO",
    "BSN",
    "Onderwijsnummer",
    "Status",
    "Notitie",
];
const BESTANDEN_HEADER: [&str; 11] = [
    "Naam",
    "Grootte (bytes)",
    "SHA-256",
    "Werkblad",
    "Kolommen",
    "Leerlingen",
    "Rijen gelezen",
    "Rijen gebruikt",
    "Rijen met problemen",
    "Lege rijen",
    "Problemen",
];
const OVER_HEADER: [&str; 2] = ["Gegeven", "Waarde"];
const APP_VERSION: &str = "Versie van Koppelhulp";
const ORGANISATION: &str = "Organisatie";
const SAVED_AT: &str = "Opgeslagen op";
const VERSION: &str = "Formaatversie";
const CHECKED_ON: &str = "Koppelbestand gecontroleerd op";
const NOT_DOWNLOADED: &str = "Koppelbestand nog niet gedownload";
/// How an unmapped column is written in `Kolommen`.
const UNUSED: &str = "-";
const COLUMN_SEPARATOR: &str = " | ";

/// What the `Over` sheet says besides the work itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct About {
    pub app_version: String,
    /// The active organisation, e.g. `G0363 Amsterdam` (empty when none was set).
    pub organisation: String,
    /// `dd-mm-jjjj uu:mm`, the user's local time.
    pub saved_at: String,
    /// The format version the file was written in.
    pub format_version: u32,
}

pub use super::password::MIN_PASSWORD_CHARS;

/// What the page checks of a password typed twice before it asks the worker to save (Dutch, for
/// the form), or `Ok`: long enough, and typed the same twice. Whether it is too easy to guess
/// ([`password::weakness`]) the worker checks on `SaveWork`, so that the lists stay out of the
/// page's wasm.
pub fn check_password(password: &str, repeated: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(password::too_short(n));
    }
    if password != repeated {
        return Err(
            "De twee wachtwoorden zijn niet gelijk. Typ het wachtwoord twee keer \
                    hetzelfde."
                .to_string(),
        );
    }
    Ok(())
}

/// `Koppelhulp-werk-JJJJMMDD-UUMM.xlsx`.
pub fn file_name(date: Date, hour: u8, minute: u8) -> String {
    format!(
        "Koppelhulp-werk-{:04}{:02}{:02}-{:02}{:02}.xlsx",
        date.year(),
        u8::from(date.month()),
        date.day(),
        hour.min(23),
        minute.min(59)
    )
}

/// Why a decrypted workbook is not work Koppelhulp can open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetsError {
    /// Written by a newer Koppelhulp (its format version).
    NewerVersion(u32),
    /// A sheet of [`SHEETS`] is missing: not a work file.
    MissingSheet(&'static str),
    /// A sheet's header row is not the expected one.
    Header { sheet: &'static str },
    /// A cell that cannot be read: sheet, spreadsheet row (1-based), column header, why.
    Cell {
        sheet: &'static str,
        row: usize,
        column: &'static str,
        why: &'static str,
    },
}

impl From<SheetsError> for Problem {
    fn from(e: SheetsError) -> Problem {
        Problem::error(match e {
            SheetsError::NewerVersion(v) => format!(
                "Dit werkbestand is opgeslagen door een nieuwere versie van Koppelhulp \
                 (formaatversie {v}; deze versie kent {FORMAT_VERSION}). Laad de pagina opnieuw, \
                 zodat u de nieuwste versie gebruikt, en open het bestand dan opnieuw."
            ),
            SheetsError::MissingSheet(sheet) => {
                format!("Dit is geen werkbestand van Koppelhulp: het werkblad '{sheet}' ontbreekt.")
            }
            SheetsError::Header { sheet } => format!(
                "Dit werkbestand is veranderd: de kopregel van het werkblad '{sheet}' is niet \
                 zoals Koppelhulp hem schreef."
            ),
            SheetsError::Cell {
                sheet,
                row,
                column,
                why,
            } => format!(
                "Dit werkbestand is veranderd: werkblad '{sheet}', rij {row}, kolom '{column}': \
                 {why}."
            ),
        })
    }
}

fn text(s: impl Into<String>) -> RawCell {
    let s = s.into();
    if s.is_empty() {
        RawCell::Empty
    } else {
        RawCell::Text(s)
    }
}

fn number(n: u64) -> RawCell {
    RawCell::Number(n as f64)
}

fn sheet(name: &str, header: &[&str], rows: Vec<Vec<RawCell>>) -> RawSheet {
    let mut all = vec![header.iter().map(|h| text(*h)).collect::<Vec<_>>()];
    all.extend(rows);
    RawSheet {
        name: name.to_string(),
        rows: all,
        date_1904: false,
    }
}

fn ja_nee(b: bool) -> &'static str {
    if b { "ja" } else { "nee" }
}

/// The work as the five sheets of a work file.
pub fn to_sheets(work: &Work, about: &About) -> Vec<RawSheet> {
    let koppel_header: Vec<&str> = Field::ALL.iter().map(|f| f.label()).collect();
    let koppel = work
        .koppelbestand
        .filled()
        .map(|r| Field::ALL.iter().map(|f| text(r.get(*f))).collect())
        .collect();
    let besluiten = work
        .review
        .dated_decisions()
        .into_iter()
        .map(|((b, o), v, d)| {
            vec![
                text(b.as_str()),
                text(o.as_str()),
                text(v.code()),
                text(d.map(format_date).unwrap_or_default()),
            ]
        })
        .collect();
    let mut marks: Vec<(&String, &koppelhulp_core::antwoord::Mark)> =
        work.marks.as_map().iter().collect();
    marks.sort_by(|a, b| a.0.cmp(b.0));
    let antwoord = marks
        .into_iter()
        .map(|(key, mark)| {
            let (b, o) = key.split_once('|').unwrap_or((key.as_str(), ""));
            vec![
                text(&work.antwoord_file),
                text(b),
                text(o),
                text(mark.status.label()),
                text(&mark.note),
            ]
        })
        .collect();
    let bestanden = work
        .files
        .iter()
        .map(|f| {
            let columns: Vec<&str> = f
                .mapping
                .iter()
                .map(|m| m.map_or(UNUSED, ImportField::key))
                .collect();
            let a = &f.counts.accounting;
            vec![
                text(&f.name),
                number(f.size),
                text(&f.sha256),
                text(&f.sheet),
                text(columns.join(COLUMN_SEPARATOR)),
                number(f.counts.records as u64),
                number(u64::from(a.read)),
                number(u64::from(a.used)),
                number(u64::from(a.with_problems)),
                number(u64::from(a.skipped_empty)),
                number(f.counts.problems as u64),
            ]
        })
        .collect();
    let over = vec![
        vec![text(APP_VERSION), text(&about.app_version)],
        vec![text(ORGANISATION), text(&about.organisation)],
        vec![text(SAVED_AT), text(&about.saved_at)],
        vec![text(VERSION), number(u64::from(FORMAT_VERSION))],
        vec![
            text(CHECKED_ON),
            text(format_date(work.koppelbestand.today())),
        ],
        vec![
            text(NOT_DOWNLOADED),
            text(ja_nee(work.koppelbestand.unsaved())),
        ],
    ];
    vec![
        sheet(KOPPELBESTAND, &koppel_header, koppel),
        sheet(BESLUITEN, &BESLUITEN_HEADER, besluiten),
        sheet(ANTWOORD, &ANTWOORD_HEADER, antwoord),
        sheet(BESTANDEN, &BESTANDEN_HEADER, bestanden),
        sheet(OVER, &OVER_HEADER, over),
    ]
}

/// One sheet's data rows (after its checked header), each with its spreadsheet row number;
/// rows without any value are skipped.
fn rows<'a>(
    sheets: &'a [RawSheet],
    name: &'static str,
    header: &[&str],
) -> Result<Vec<(usize, &'a [RawCell])>, SheetsError> {
    let sheet = sheets
        .iter()
        .find(|s| s.name == name)
        .ok_or(SheetsError::MissingSheet(name))?;
    let first = sheet.rows.first().map(Vec::as_slice).unwrap_or_default();
    let found: Vec<String> = first
        .iter()
        .map(|c| cell_text(c).trim().to_string())
        .collect();
    let ok = header.len() <= found.len()
        && header.iter().zip(&found).all(|(h, f)| h == f)
        && found[header.len()..].iter().all(String::is_empty);
    if !ok {
        return Err(SheetsError::Header { sheet: name });
    }
    Ok(sheet
        .rows
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, r)| r.iter().any(|c| !c.is_blank()))
        .map(|(i, r)| (i + 1, r.as_slice()))
        .collect())
}

/// A cell as text (numbers without `.0`), exactly as stored otherwise.
fn cell(row: &[RawCell], col: usize) -> String {
    row.get(col)
        .map(|c| cell_text(c).into_owned())
        .unwrap_or_default()
}

/// A whole number that is not negative.
fn count(
    row: &[RawCell],
    col: usize,
    at: (&'static str, usize, &'static str),
) -> Result<u64, SheetsError> {
    let t = cell(row, col);
    t.trim().parse::<u64>().map_err(|_| SheetsError::Cell {
        sheet: at.0,
        row: at.1,
        column: at.2,
        why: "hier hoort een heel getal",
    })
}

/// The work in the five sheets of a work file, and what `Over` says.
pub fn from_sheets(sheets: &[RawSheet]) -> Result<(Work, About), SheetsError> {
    // The version first: a newer file may have other sheets and headers.
    let over = rows(sheets, OVER, &OVER_HEADER)?;
    let value = |name: &str| {
        over.iter()
            .find(|(_, r)| cell(r, 0).trim() == name)
            .map(|(n, r)| (*n, cell(r, 1)))
    };
    let (n, version) = value(VERSION).ok_or(SheetsError::Cell {
        sheet: OVER,
        row: over.len() + 2,
        column: "Gegeven",
        why: "de formaatversie ontbreekt",
    })?;
    let version: u32 = version.trim().parse().map_err(|_| SheetsError::Cell {
        sheet: OVER,
        row: n,
        column: "Waarde",
        why: "de formaatversie is geen heel getal",
    })?;
    if version > FORMAT_VERSION {
        return Err(SheetsError::NewerVersion(version));
    }
    let about = About {
        app_version: value(APP_VERSION).map(|v| v.1).unwrap_or_default(),
        organisation: value(ORGANISATION).map(|v| v.1).unwrap_or_default(),
        saved_at: value(SAVED_AT).map(|v| v.1).unwrap_or_default(),
        format_version: version,
    };
    let today = match value(CHECKED_ON) {
        Some((n, t)) => parse_date(&t).map_err(|_| SheetsError::Cell {
            sheet: OVER,
            row: n,
            column: "Waarde",
            why: "dit is geen datum (dd-mm-jjjj)",
        })?,
        None => {
            return Err(SheetsError::Cell {
                sheet: OVER,
                row: over.len() + 2,
                column: "Gegeven",
                why: "de datum van de controle ontbreekt",
            });
        }
    };
    let unsaved = value(NOT_DOWNLOADED).is_some_and(|(_, v)| v.trim() == "ja");

    let koppel_header: Vec<&str> = Field::ALL.iter().map(|f| f.label()).collect();
    let regels: Vec<Koppelregel> = rows(sheets, KOPPELBESTAND, &koppel_header)?
        .into_iter()
        .map(|(_, r)| {
            let mut regel = Koppelregel::default();
            for (i, f) in Field::ALL.iter().enumerate() {
                *regel.get_mut(*f) = cell(r, i);
            }
            regel
        })
        .collect();
    let mut koppelbestand = KoppelTable::from_regels(regels, today);
    koppelbestand.set_unsaved(unsaved);

    let mut decisions = Vec::new();
    for (n, r) in rows(sheets, BESLUITEN, &BESLUITEN_HEADER)? {
        let verdict = Verdict::from_code(&cell(r, 2)).ok_or(SheetsError::Cell {
            sheet: BESLUITEN,
            row: n,
            column: "Besluit",
            why: "schrijf J, N of later",
        })?;
        let date = cell(r, 3);
        let date = if date.trim().is_empty() {
            None
        } else {
            Some(
                parse_date(&date)
                    .ok()
                    .or_else(|| parse_iso_date(&date))
                    .ok_or(SheetsError::Cell {
                        sheet: BESLUITEN,
                        row: n,
                        column: "Datum",
                        why: "dit is geen datum (dd-mm-jjjj)",
                    })?,
            )
        };
        let key = pair_key(&cell(r, 0), &cell(r, 1)).ok_or(SheetsError::Cell {
            sheet: BESLUITEN,
            row: n,
            column: "BSN",
            why: "dit zijn geen geldig BSN en onderwijsnummer",
        })?;
        decisions.push((key, verdict, date));
    }
    let review = Review::from_dated(decisions);

    let mut marks = Marks::new();
    let mut antwoord_file = String::new();
    for (n, r) in rows(sheets, ANTWOORD, &ANTWOORD_HEADER)? {
        if antwoord_file.is_empty() {
            antwoord_file = cell(r, 0);
        }
        let label = cell(r, 3);
        let status = Status::ALL
            .into_iter()
            .find(|s| s.label() == label.trim())
            .ok_or(SheetsError::Cell {
                sheet: ANTWOORD,
                row: n,
                column: "Status",
                why: "onbekende status",
            })?;
        let key = Marks::key(&cell(r, 1), &cell(r, 2));
        marks.set_status(&key, status);
        marks.set_note(&key, cell(r, 4));
    }

    let mut files = Vec::new();
    for (n, r) in rows(sheets, BESTANDEN, &BESTANDEN_HEADER)? {
        let at = |col: usize| (BESTANDEN, n, BESTANDEN_HEADER[col]);
        let mapping_text = cell(r, 4);
        let mut mapping = Vec::new();
        if !mapping_text.trim().is_empty() {
            for key in mapping_text.split(COLUMN_SEPARATOR.trim()) {
                let key = key.trim();
                mapping.push(if key == UNUSED {
                    None
                } else {
                    Some(ImportField::from_key(key).ok_or(SheetsError::Cell {
                        sheet: BESTANDEN,
                        row: n,
                        column: "Kolommen",
                        why: "onbekende kolomsoort",
                    })?)
                });
            }
        }
        let small = |col: usize| -> Result<u32, SheetsError> {
            u32::try_from(count(r, col, at(col))?).map_err(|_| SheetsError::Cell {
                sheet: BESTANDEN,
                row: n,
                column: BESTANDEN_HEADER[col],
                why: "dit getal is te groot",
            })
        };
        let sha256 = cell(r, 2).trim().to_ascii_lowercase();
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(SheetsError::Cell {
                sheet: BESTANDEN,
                row: n,
                column: "SHA-256",
                why: "hier hoort een controlegetal van 64 tekens",
            });
        }
        files.push(RegisterFile {
            id: u32::try_from(files.len() + 1).unwrap_or(u32::MAX),
            name: cell(r, 0),
            size: count(r, 1, at(1))?,
            sha256,
            sheet: cell(r, 3),
            mapping,
            counts: FileCounts {
                records: usize::try_from(count(r, 5, at(5))?).unwrap_or(usize::MAX),
                accounting: Accounting {
                    read: small(6)?,
                    used: small(7)?,
                    with_problems: small(8)?,
                    skipped_empty: small(9)?,
                },
                problems: usize::try_from(count(r, 10, at(10))?).unwrap_or(usize::MAX),
            },
        });
    }

    let work = Work {
        format_version: FORMAT_VERSION,
        koppelbestand,
        review,
        marks,
        files,
        antwoord_file,
    };
    Ok((work, about))
}

#[cfg(test)]
mod tests {
    use super::*;
    use koppelhulp_core::koppelregel::calendar_date;

    fn day(y: i32, m: u8, d: u8) -> Date {
        calendar_date(y, m, d).unwrap_or(Date::MIN)
    }

    #[test]
    fn passwords() {
        // Whether it is easy to guess: password.rs, checked by the worker (tests/worker.rs).
        let cases: [(&str, &str, Option<&str>); 5] = [
            ("", "", Some("0 tekens")),
            ("elf tekens!", "elf tekens!", Some("11 tekens")),
            ("twaalf teken", "twaalf teken", None),
            ("ëëëëëëëëëëëë", "ëëëëëëëëëëëë", None),
            ("fiets regen boom", "fiets regen bom", Some("niet gelijk")),
        ];
        for (p, r, expected) in cases {
            match (check_password(p, r), expected) {
                (Ok(()), None) => {}
                (Err(m), Some(fragment)) => assert!(m.contains(fragment), "{m}"),
                (got, _) => panic!("{p:?}: {got:?}"),
            }
        }
    }

    #[test]
    fn file_name_as_the_issue_spells_it() {
        assert_eq!(
            file_name(day(2026, 3, 5), 9, 7),
            "Koppelhulp-werk-20260305-0907.xlsx"
        );
    }

    fn about() -> About {
        About {
            app_version: "0.1.0".into(),
            organisation: "G0363 Amsterdam".into(),
            saved_at: "05-03-2026 09:07".into(),
            format_version: FORMAT_VERSION,
        }
    }

    fn sample() -> Work {
        let mut w = Work::new(day(2026, 3, 5));
        w.koppelbestand.set_regels(vec![Koppelregel {
            bsn: "999900018".into(),
            onderwijsnummer: "101222331".into(),
            achternaam: "Berg".into(),
            geboortedatum: "05-03-2012".into(),
            ..Koppelregel::default()
        }]);
        w.review.set_today(day(2026, 3, 4));
        w.review.decide(
            &[pair_key("999900018", "101222331").expect("valid numbers")],
            Verdict::Koppelen,
        );
        let key = Marks::key("999900018", "101222331");
        w.marks.set_status(&key, Status::ActieNodig);
        w.marks.set_note(&key, "Ouders bellen".into());
        w.antwoord_file = "20260301G0363.koci.xlsx".into();
        let mut f = RegisterFile::new(
            1,
            "brp.csv",
            9,
            "f8ac326ec5a689ef4331c9d3bf564ec4b0ef7127509513e82613027395afafd8",
        );
        f.mapping = vec![Some(ImportField::Bsn), None];
        f.counts.records = 1;
        w.files.push(f);
        w
    }

    #[test]
    fn sheets_round_trip() {
        let w = sample();
        let sheets = to_sheets(&w, &about());
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, SHEETS);
        let (back, a) = from_sheets(&sheets).unwrap();
        assert_eq!(a, about());
        assert_eq!(back.to_json(), w.to_json());
        assert_eq!(
            back.review
                .decided_on(&pair_key("999900018", "101222331").expect("valid numbers")),
            Some(day(2026, 3, 4))
        );
        // The Besluiten sheet as the officer reads it.
        assert_eq!(
            sheets[1].rows[1],
            vec![
                text("999900018"),
                text("101222331"),
                text("J"),
                text("04-03-2026")
            ]
        );
    }

    /// A changed sheet → the error it gives.
    #[test]
    fn damaged_sheets() {
        let good = to_sheets(&sample(), &about());
        type Edit = fn(&mut Vec<RawSheet>);
        let cases: [(Edit, SheetsError); 6] = [
            (
                |s| s.retain(|s| s.name != BESLUITEN),
                SheetsError::MissingSheet(BESLUITEN),
            ),
            (
                |s| s[4].rows[4][1] = RawCell::Number(2.0),
                SheetsError::NewerVersion(2),
            ),
            (
                |s| s[1].rows[0][2] = text("Uitkomst"),
                SheetsError::Header { sheet: BESLUITEN },
            ),
            (
                |s| s[1].rows[1][2] = text("misschien"),
                SheetsError::Cell {
                    sheet: BESLUITEN,
                    row: 2,
                    column: "Besluit",
                    why: "schrijf J, N of later",
                },
            ),
            (
                |s| s[3].rows[1][1] = text("groot"),
                SheetsError::Cell {
                    sheet: BESTANDEN,
                    row: 2,
                    column: "Grootte (bytes)",
                    why: "hier hoort een heel getal",
                },
            ),
            (
                |s| s[2].rows[1][3] = text("Klaar"),
                SheetsError::Cell {
                    sheet: ANTWOORD,
                    row: 2,
                    column: "Status",
                    why: "onbekende status",
                },
            ),
        ];
        for (edit, expected) in cases {
            let mut sheets = good.clone();
            edit(&mut sheets);
            assert_eq!(from_sheets(&sheets).map(|_| ()), Err(expected.clone()));
            assert!(!Problem::from(expected).message.is_empty());
        }
    }
}
