//! One file in, records out: the importer's whole path (read the sheet, find the header, map the
//! columns, read the values, account for every row). The app's background worker, the `importeer`
//! example and the benchmarks all go through these functions.

use time::Date;

use super::list_xlsx::{Cell, write_list};
use super::table::{Accept, SheetRead, open};
use koppelhulp_core::Problem;
use koppelhulp_core::import::values::{cell_text, from_serial};
use koppelhulp_core::import::{
    HeaderGuess, ImportField, ImportSummary, Interpretation, PREVIEW_ROWS, PreviewRow, RowProblem,
    SHOWN_PROBLEMS, check_mapping, find_header, interpret,
};
use koppelhulp_core::koppelregel::format_date;
use koppelhulp_core::pupil::PupilRecord;
use koppelhulp_core::pupil::fingerprint;
use koppelhulp_core::table::RawCell;

/// A file read and understood: the sheet stays, so that another mapping needs no second read.
pub struct ImportedFile {
    pub read: SheetRead,
    pub header: HeaderGuess,
    /// What recognition suggested, before the user changed anything.
    pub suggested: Vec<Option<ImportField>>,
    pub interpretation: Interpretation,
}

/// Read `bytes` (a file called `file_name`) and understand it. `sheet` picks a sheet by name (else
/// the first with data); `mapping` overrides the suggested one when its length fits the columns.
pub fn import(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
    mapping: Option<&[Option<ImportField>]>,
    today: Date,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportedFile, Problem> {
    let mut book = open(bytes, file_name, Accept::AnyTable)?;
    let mut read = book.pick(sheet)?;
    let header = match find_header(&read.sheet) {
        Ok(h) => h,
        // No sheet asked for: the first sheet with a header (a notes sheet may come first).
        Err(problem) if sheet.is_none() => {
            let skipped = read.sheet.name.clone();
            let found = read
                .sheet_names
                .clone()
                .into_iter()
                .filter(|n| *n != skipped)
                .find_map(|name| {
                    let other = book.sheet(&name).ok()?;
                    find_header(&other).ok().map(|h| (other, h))
                });
            let Some((other, h)) = found else {
                return Err(problem);
            };
            read.sheet = other;
            read.notes = vec![Problem::notice(format!(
                "Het werkblad „{}” is gekozen: in „{skipped}” staat geen kopregel.",
                read.sheet.name
            ))];
            h
        }
        Err(problem) => return Err(problem),
    };
    let suggested = header.mapping.clone();
    let mut file = ImportedFile {
        read,
        header,
        suggested,
        interpretation: Interpretation::default(),
    };
    match mapping {
        Some(m) if m.len() == file.header.mapping.len() => file.remap(m, today, progress),
        _ => file.reinterpret(today, progress),
    }
    Ok(file)
}

impl ImportedFile {
    /// Read the values again under another mapping (one entry per column).
    pub fn remap(
        &mut self,
        mapping: &[Option<ImportField>],
        today: Date,
        progress: &mut dyn FnMut(usize, usize),
    ) {
        let columns = self.header.mapping.len();
        let mut mapping = mapping.to_vec();
        mapping.resize(columns, None);
        self.header.mapping = mapping;
        self.reinterpret(today, progress);
    }

    fn reinterpret(&mut self, today: Date, progress: &mut dyn FnMut(usize, usize)) {
        self.interpretation = interpret(&self.read.sheet, &self.header, today, progress);
    }

    pub fn summary(&self) -> ImportSummary {
        let sheet = &self.read.sheet;
        let records = &self.interpretation.records;
        let preview = sheet
            .rows
            .iter()
            .enumerate()
            .skip(self.header.row + 1)
            .filter(|(_, cells)| !cells.iter().all(RawCell::is_blank))
            .take(PREVIEW_ROWS)
            .map(|(i, cells)| PreviewRow {
                row: i as u32 + 1,
                cells: (0..self.header.headers.len())
                    .map(|c| {
                        cells
                            .get(c)
                            .map(|cell| display(cell, sheet.date_1904))
                            .unwrap_or_default()
                    })
                    .collect(),
            })
            .collect();
        ImportSummary {
            kind: self.read.kind.label().to_string(),
            sheet_names: self.read.sheet_names.clone(),
            sheet: sheet.name.clone(),
            header_row: self.header.row as u32 + 1,
            headers: self.header.headers.clone(),
            mapping: self.header.mapping.clone(),
            suggested: self.suggested.clone(),
            mapping_problems: check_mapping(&self.header.mapping),
            notes: (self.read.notes.iter())
                .chain(&self.interpretation.notes)
                .cloned()
                .collect(),
            preview,
            accounting: self.interpretation.accounting.clone(),
            problems: self
                .interpretation
                .problems
                .iter()
                .take(SHOWN_PROBLEMS)
                .cloned()
                .collect(),
            problem_total: self.interpretation.problems.len(),
            records: self.interpretation.records.len(),
            with_bsn: records.iter().filter(|r| r.bsn.is_some()).count(),
            only_onderwijsnummer: records
                .iter()
                .filter(|r| r.bsn.is_none() && r.onderwijsnummer.is_some())
                .count(),
            rows_fingerprint: fingerprint(records),
        }
    }
}

/// A cell as the preview shows it: roughly what a spreadsheet shows.
pub fn display(cell: &RawCell, date_1904: bool) -> String {
    match cell {
        RawCell::Date(serial) => from_serial(*serial, date_1904)
            .map_or_else(|| cell_text(cell).into_owned(), format_date),
        other => cell_text(other).into_owned(),
    }
}

/// Every row problem of a file as an xlsx list (row, column, kind, problem).
pub fn problems_xlsx(file_name: &str, problems: &[RowProblem]) -> Result<Vec<u8>, Problem> {
    let rows: Vec<Vec<Cell>> = problems
        .iter()
        .map(|p| {
            vec![
                Cell::Number(f64::from(p.row)),
                Cell::Text(p.column.clone().unwrap_or_default()),
                Cell::Text(
                    match p.problem.severity {
                        koppelhulp_core::Severity::Error => "Rij niet gebruikt",
                        koppelhulp_core::Severity::Warning => "Waarde niet gelezen",
                        koppelhulp_core::Severity::Notice => "Opmerking",
                    }
                    .to_string(),
                ),
                Cell::Text(p.problem.message.clone()),
            ]
        })
        .collect();
    write_list(
        "Problemen",
        &format!("Rijen met problemen in {file_name}"),
        &[
            ("Rij", 8.0),
            ("Kolom", 24.0),
            ("Soort", 20.0),
            ("Probleem", 90.0),
        ],
        &rows,
    )
}

/// The header of the records as csv (the `importeer` example's `--csv`, a contract other checks
/// read).
pub const RECORD_CSV_HEADER: &str = "rij,bsn,onderwijsnummer,achternaam,voorvoegsel,voornamen,geboortedatum,geslacht,straat,huisnummer,postcode,woonplaats";

/// One record as a csv line under [`RECORD_CSV_HEADER`]: numbers as 9 digits, the date as
/// `jjjj-mm-dd`, geslacht `M`, `V` or `X` (else empty), fields quoted as RFC 4180 asks.
pub fn record_csv_line(r: &PupilRecord) -> String {
    let fields = [
        r.row.to_string(),
        r.bsn.map(|b| b.to_string()).unwrap_or_default(),
        r.onderwijsnummer.map(|o| o.to_string()).unwrap_or_default(),
        r.achternaam.clone(),
        r.voorvoegsel.clone(),
        r.voornamen.clone(),
        r.geboortedatum
            .map(koppelhulp_core::date::format_iso)
            .unwrap_or_default(),
        r.geslacht
            .map(|g| match g.code() {
                "M" | "V" | "X" => g.code().to_string(),
                _ => String::new(),
            })
            .unwrap_or_default(),
        r.straat.clone(),
        r.huisnummer.clone(),
        r.postcode.clone(),
        r.woonplaats.clone(),
    ];
    let quoted: Vec<String> = fields.iter().map(|f| csv_quote(f)).collect();
    quoted.join(",")
}

/// RFC 4180: quote a field that holds a comma, a quote or a line break.
fn csv_quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}
