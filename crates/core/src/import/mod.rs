//! Understanding a register export: find the header row, recognise the columns, read the values,
//! and account for every row.
//!
//! Input is a [`RawSheet`] from `io::table` (cells as the file stored them). Output is one
//! [`PupilRecord`] per usable row plus a [`RowProblem`] for everything that could not be used, so
//! that `read == used + with_problems + skipped_empty` always holds ([`Accounting`]).
//!
//! - [`columns`]: the fields and the table of header synonyms (the BRP's attribute names, DUO's,
//!   school and leerplicht systems');
//! - [`address`]: a combined address column split into straat, huisnummer, toevoeging (and
//!   postcode and woonplaats when they are in it);
//! - [`values`]: dates (Excel serials in both date systems, Dutch and ISO text, Dutch and English
//!   month words), geslacht, postcode.

pub mod address;
pub mod columns;
pub mod values;

use serde::{Deserialize, Serialize};
use time::Date;

pub use columns::{ImportField, recognise_header};

use super::ids::{Bsn, Onderwijsnummer, PersonNumber, classify};
use super::koppelregel::format_date;
use super::names::{split_full_name, split_surname};
use super::problem::{Problem, Severity};
use super::pupil::PupilRecord;
use super::table::{RawCell, RawSheet};
use super::text::is_space;

/// The largest file read, in bytes (a register of 100 000 rows as csv is about 15 MB).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Data rows shown under the mapping, so the user can see what each column holds.
pub const PREVIEW_ROWS: usize = 8;
/// Row problems sent to the page; all of them are in the downloadable list.
pub const SHOWN_PROBLEMS: usize = 200;

/// What the page shows of an imported file (everything but the records).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub kind: String,
    pub sheet_names: Vec<String>,
    pub sheet: String,
    /// 1-based, as a spreadsheet numbers it.
    pub header_row: u32,
    pub headers: Vec<String>,
    pub mapping: Vec<Option<ImportField>>,
    pub suggested: Vec<Option<ImportField>>,
    pub mapping_problems: Vec<Problem>,
    /// How the file was read (encoding, delimiter, sheet chosen).
    pub notes: Vec<Problem>,
    pub preview: Vec<PreviewRow>,
    pub accounting: Accounting,
    /// The first [`SHOWN_PROBLEMS`] row problems.
    pub problems: Vec<RowProblem>,
    pub problem_total: usize,
    pub records: usize,
    /// Records with a BSN, and with only an onderwijsnummer (Start: what there is to link).
    #[serde(default)]
    pub with_bsn: usize,
    #[serde(default)]
    pub only_onderwijsnummer: usize,
    /// The records without their row numbers ([`crate::pupil::fingerprint`]): the same register
    /// opened twice, say as xlsx and as csv, has the same, and is counted once.
    #[serde(default)]
    pub rows_fingerprint: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub row: u32,
    pub cells: Vec<String>,
}

use address::{Unsplit, split_address, split_number};
use values::{DateOrder, cell_text, date_order, read_date, read_geslacht, read_postcode};

/// Rows searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 50;

/// The header row and what each column means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderGuess {
    /// 0-based index into `RawSheet::rows`.
    pub row: usize,
    /// One name per column; an empty or merged header cell gets a neutral name ("Kolom C").
    pub headers: Vec<String>,
    /// One entry per column; `None` = not used.
    pub mapping: Vec<Option<ImportField>>,
}

/// A row that could not be used, or a value that could not be read (then the row is used without it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// 1-based, as a spreadsheet numbers it.
    pub row: u32,
    /// The column's header, when the problem is about one cell.
    pub column: Option<String>,
    pub problem: Problem,
}

/// Where every data row (below the header) went.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accounting {
    pub read: u32,
    pub used: u32,
    pub with_problems: u32,
    pub skipped_empty: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interpretation {
    pub records: Vec<PupilRecord>,
    pub problems: Vec<RowProblem>,
    pub accounting: Accounting,
    /// Notes on the whole file (how two-digit years were read), shown above the rows.
    pub notes: Vec<Problem>,
}

/// The spreadsheet name of a 0-based column: A, B, …, Z, AA, AB, …
pub fn column_letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Find the header: the first row (of the first [`HEADER_SEARCH_ROWS`]) in which at least two
/// cells are recognised column names. Title rows and blank rows above it are skipped. A field
/// recognised in two columns is given to the first; the second is left unused (the user can
/// change that).
pub fn find_header(sheet: &RawSheet) -> Result<HeaderGuess, Problem> {
    if sheet.is_blank() {
        return Err(Problem::error(format!(
            "Het werkblad „{}” is leeg.",
            sheet.name
        )));
    }
    let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    for (index, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let texts: Vec<String> = row.iter().map(|c| cell_text(c).into_owned()).collect();
        let recognised: Vec<Option<ImportField>> =
            texts.iter().map(|t| recognise_header(t)).collect();
        let mut distinct: Vec<ImportField> = recognised.iter().flatten().copied().collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() < 2 {
            continue;
        }
        let mut headers = Vec::with_capacity(width);
        let mut mapping = Vec::with_capacity(width);
        let mut taken = Vec::new();
        for col in 0..width {
            let text = texts
                .get(col)
                .map(|t| t.trim_matches(is_space))
                .unwrap_or("");
            headers.push(if text.is_empty() {
                format!("Kolom {}", column_letters(col))
            } else {
                text.to_string()
            });
            let field = recognised.get(col).copied().flatten();
            mapping.push(field.filter(|f| *f == ImportField::Adres || !taken.contains(f)));
            taken.extend(field);
        }
        return Ok(HeaderGuess {
            row: index,
            headers,
            mapping,
        });
    }
    Err(Problem::error(format!(
        "In werkblad „{}” staat geen kopregel: in de eerste {HEADER_SEARCH_ROWS} rijen is geen rij \
         met herkenbare kolomnamen, zoals BSN, Onderwijsnummer, Achternaam of Geboortedatum. Zet \
         een rij met kolomnamen boven de gegevens en probeer opnieuw.",
        sheet.name
    )))
}

/// What the user should know about a mapping before the values are read.
pub fn check_mapping(mapping: &[Option<ImportField>]) -> Vec<Problem> {
    let has = |f: ImportField| mapping.contains(&Some(f));
    let mut problems = Vec::new();
    if !(has(ImportField::Bsn)
        || has(ImportField::Onderwijsnummer)
        || has(ImportField::Persoonsnummer))
    {
        problems.push(Problem::error(
            "Geen kolom heeft de betekenis BSN, Onderwijsnummer of Persoonsgebonden nummer. Zonder \
             nummer kan Koppelhulp geen enkele rij gebruiken. Kies bij de juiste kolom de betekenis.",
        ));
    }
    if !(has(ImportField::Achternaam) || has(ImportField::Naam)) {
        problems.push(Problem::warning(
            "Geen kolom heeft de betekenis Achternaam of Naam. Zonder naam zijn dubbelen moeilijk te vinden.",
        ));
    }
    if !has(ImportField::Geboortedatum) {
        problems.push(Problem::warning(
            "Geen kolom heeft de betekenis Geboortedatum. Zonder geboortedatum zijn dubbelen moeilijk te vinden.",
        ));
    }
    problems
}

/// The columns of each field, in column order.
struct Columns {
    of: Vec<(ImportField, usize)>,
}

impl Columns {
    fn first(&self, field: ImportField) -> Option<usize> {
        self.of.iter().find(|(f, _)| *f == field).map(|(_, c)| *c)
    }

    fn all(&self, field: ImportField) -> impl Iterator<Item = usize> + '_ {
        self.of
            .iter()
            .filter(move |(f, _)| *f == field)
            .map(|(_, c)| *c)
    }
}

/// Read every data row under `header` into records, with problems and the accounting.
/// `today` decides the century of two-digit years. `progress(done, total)` is called every 1,000
/// rows.
pub fn interpret(
    sheet: &RawSheet,
    header: &HeaderGuess,
    today: Date,
    progress: &mut dyn FnMut(usize, usize),
) -> Interpretation {
    let columns = Columns {
        of: header
            .mapping
            .iter()
            .enumerate()
            .filter_map(|(c, f)| f.map(|f| (f, c)))
            .collect(),
    };
    let data = sheet.rows.get(header.row + 1..).unwrap_or(&[]);
    let orders: Vec<(usize, DateOrder)> = columns
        .of
        .iter()
        .filter(|(f, _)| *f == ImportField::Geboortedatum)
        .map(|(_, c)| (*c, date_order(data.iter().filter_map(|r| r.get(*c)))))
        .collect();
    let mut out = Interpretation {
        // Room for every row at once: 100,000 records are ~30 MB, and growing by doubling copies them.
        records: Vec::with_capacity(data.len()),
        ..Interpretation::default()
    };
    // Two-digit years: one note for the whole file: the first row that has one, and how many do.
    let mut two_digit_years: Option<(u32, u32, String)> = None;
    let total = data.len();
    for (i, cells) in data.iter().enumerate() {
        if i % 1000 == 0 {
            progress(i, total);
        }
        let row = (header.row + 2 + i) as u32;
        out.accounting.read += 1;
        if crate::table::is_blank_row(cells) {
            out.accounting.skipped_empty += 1;
            continue;
        }
        let mut reader = RowReader {
            cells,
            header,
            row,
            today,
            orders: &orders,
            date_1904: sheet.date_1904,
            problems: Vec::new(),
            two_digit_year: None,
        };
        match reader.record(&columns) {
            Some(record) => {
                out.accounting.used += 1;
                out.records.push(record);
            }
            None => out.accounting.with_problems += 1,
        }
        out.problems.append(&mut reader.problems);
        if let Some(example) = reader.two_digit_year {
            match &mut two_digit_years {
                Some((_, count, _)) => *count += 1,
                None => two_digit_years = Some((row, 1, example)),
            }
        }
    }
    if let Some((row, count, example)) = two_digit_years {
        out.notes
            .push(Problem::notice(two_digit_year_notice(row, &example, count)));
    }
    let mut unreadable = out.records.iter().filter(|r| r.unreadable_name());
    if let Some(first) = unreadable.next() {
        out.notes.push(Problem::warning(unreadable_names_warning(
            first,
            1 + unreadable.count(),
        )));
    }
    progress(total, total);
    out
}

/// How two-digit years were read; `example` is the first one (on `row`): „02-03-10” gelezen als
/// 02-03-2010.
fn two_digit_year_notice(row: u32, example: &str, rows: u32) -> String {
    let how_many = if rows == 1 {
        format!("Dit geldt alleen voor rij {row}.")
    } else {
        format!("Dit geldt voor {rows} rijen; de eerste is rij {row}.")
    };
    format!(
        "Geboortedatums met een jaartal van twee cijfers zijn gelezen als het jaar dat niet in de \
         toekomst ligt: {example}. {how_many} Controleer deze geboortedatums."
    )
}

/// Names with an unreadable letter (`?` or U+FFFD): one warning for the whole file, with the first
/// such row and how many there are.
fn unreadable_names_warning(first: &PupilRecord, rows: usize) -> String {
    let name = crate::names::full_surname(&first.voorvoegsel, &first.achternaam);
    let name = if name.is_empty() || !crate::names::has_unreadable_letters(&name) {
        first.voornamen.clone()
    } else {
        name
    };
    let how_many = if rows == 1 {
        format!("In rij {} staat een naam", first.row)
    } else {
        format!("In {rows} rijen staat een naam")
    };
    format!(
        "{how_many} met een letter die Koppelhulp niet kan lezen (? of \u{FFFD}), bijvoorbeeld \
         „{name}” in rij {}. Het bestand is waarschijnlijk opgeslagen met een andere tekenset. \
         Sla het in Excel opnieuw op als Excel-werkmap (.xlsx) of als CSV UTF-8, en open het hier \
         opnieuw. Hoort zo'n naam bij een paar, dan zet Koppelhulp de leesbare schrijfwijze van de \
         andere inschrijving in het koppelbestand.",
        first.row
    )
}

/// A second valid number of the same kind on a row that differs from the one used.
fn number_differs(kind: &str, used_column: &str, used: &str, column: &str, other: &str) -> Problem {
    Problem::warning(format!(
        "Het {kind} in kolom „{used_column}” ({used}) verschilt van het nummer in kolom „{column}” \
         ({other}). Koppelhulp gebruikt het {kind} uit kolom „{used_column}”. Controleer welk \
         nummer klopt."
    ))
}

/// How a huisnummer and its toevoeging are written together: `12-2` for a number, `12 A` for a
/// letter or a word, as written when the toevoeging starts with `-`.
fn join_huisnummer(nummer: String, toevoeging: &str) -> String {
    if toevoeging.is_empty() {
        nummer
    } else if nummer.is_empty() {
        toevoeging.to_string()
    } else if toevoeging.starts_with('-') {
        format!("{nummer}{toevoeging}")
    } else if toevoeging.bytes().all(|b| b.is_ascii_digit()) {
        format!("{nummer}-{toevoeging}")
    } else {
        format!("{nummer} {toevoeging}")
    }
}

struct RowReader<'a> {
    cells: &'a [RawCell],
    header: &'a HeaderGuess,
    row: u32,
    today: Date,
    orders: &'a [(usize, DateOrder)],
    date_1904: bool,
    problems: Vec<RowProblem>,
    /// The birth date had a two-digit year: how it was read („02-03-10” gelezen als 02-03-2010).
    two_digit_year: Option<String>,
}

impl RowReader<'_> {
    fn cell(&self, col: usize) -> Option<&RawCell> {
        self.cells.get(col).filter(|c| !c.is_blank())
    }

    fn text(&self, col: Option<usize>) -> String {
        col.and_then(|c| self.cell(c))
            .map(|c| cell_text(c).trim_matches(is_space).to_string())
            .unwrap_or_default()
    }

    fn header(&self, col: usize) -> &str {
        self.header.headers.get(col).map_or("", String::as_str)
    }

    fn problem(&mut self, col: Option<usize>, problem: Problem) {
        self.problems.push(RowProblem {
            row: self.row,
            column: col.and_then(|c| self.header.headers.get(c).cloned()),
            problem,
        });
    }

    /// The number the row uses among the valid ones of one kind found on it: a column named for
    /// that kind before a column that holds either (where the kind is only guessed from the check),
    /// then column order. A different other number is reported; the row keeps the first.
    fn choose_number<N: Copy + PartialEq + std::fmt::Display>(
        &mut self,
        kind: &str,
        numbers: &mut [(bool, usize, N)],
    ) -> Option<N> {
        numbers.sort_by_key(|(combined, _, _)| *combined);
        let (&(_, used_col, used), others) = numbers.split_first()?;
        for &(_, col, other) in others {
            if other != used {
                let problem = number_differs(
                    kind,
                    self.header(used_col),
                    &used.to_string(),
                    self.header(col),
                    &other.to_string(),
                );
                self.problem(Some(col), problem);
            }
        }
        Some(used)
    }

    /// The record of this row, or `None` (with the reasons in `problems`) when it has no usable
    /// number.
    fn record(&mut self, columns: &Columns) -> Option<PupilRecord> {
        let mut record = PupilRecord {
            row: self.row,
            ..PupilRecord::default()
        };
        let mut number_problems = 0;
        // Every valid number on the row with its column, and whether that column holds either kind.
        let mut bsns: Vec<(bool, usize, Bsn)> = Vec::new();
        let mut onderwijsnummers: Vec<(bool, usize, Onderwijsnummer)> = Vec::new();
        for (field, col) in &columns.of {
            let Some(cell) = self.cell(*col) else {
                continue;
            };
            let text = cell_text(cell);
            let read = match field {
                ImportField::Bsn => Bsn::parse(&text).map(PersonNumber::Bsn),
                ImportField::Onderwijsnummer => {
                    Onderwijsnummer::parse(&text).map(PersonNumber::Onderwijsnummer)
                }
                ImportField::Persoonsnummer => classify(&text),
                _ => continue,
            };
            let combined = *field == ImportField::Persoonsnummer;
            match read {
                Ok(PersonNumber::Bsn(b)) => bsns.push((combined, *col, b)),
                Ok(PersonNumber::Onderwijsnummer(o)) => onderwijsnummers.push((combined, *col, o)),
                Err(p) => {
                    number_problems += 1;
                    self.problem(Some(*col), p);
                }
            }
        }
        record.bsn = self.choose_number("BSN", &mut bsns);
        record.onderwijsnummer = self.choose_number("onderwijsnummer", &mut onderwijsnummers);
        let has_data = columns.of.iter().any(|(_, c)| self.cell(*c).is_some());
        if record.bsn.is_none() && record.onderwijsnummer.is_none() {
            let reason = if !has_data {
                "De rij heeft geen gegevens in de gebruikte kolommen. Staan de gegevens in een kolom \
                 die op „niet gebruiken” staat?"
            } else if number_problems > 0 {
                "De rij is niet gebruikt: er staat geen geldig BSN of onderwijsnummer in."
            } else {
                "De rij is niet gebruikt: het BSN of onderwijsnummer ontbreekt."
            };
            self.problem(None, Problem::error(reason));
            return None;
        }
        // The row is used (it has a valid number): a wrong second number is a warning, not an error.
        for p in &mut self.problems {
            p.problem.severity = Severity::Warning;
        }

        // Names.
        let achternaam = self.text(columns.first(ImportField::Achternaam));
        let voorvoegsel = self.text(columns.first(ImportField::Voorvoegsel));
        if !achternaam.is_empty() {
            if voorvoegsel.is_empty() {
                (record.voorvoegsel, record.achternaam) = split_surname(&achternaam);
            } else {
                record.voorvoegsel = voorvoegsel.to_lowercase();
                record.achternaam = achternaam;
            }
        }
        record.voornamen = [
            ImportField::Voornamen,
            ImportField::Roepnaam,
            ImportField::Voorletters,
        ]
        .into_iter()
        .map(|f| self.text(columns.first(f)))
        .find(|t| !t.is_empty())
        .unwrap_or_default();
        let naam = self.text(columns.first(ImportField::Naam));
        if !naam.is_empty() && record.achternaam.is_empty() {
            let (given, v, surname) = split_full_name(&naam);
            record.achternaam = surname;
            if record.voorvoegsel.is_empty() {
                record.voorvoegsel = v;
            }
            if record.voornamen.is_empty() {
                record.voornamen = given;
            }
        }

        // Birth date.
        if let Some(col) = columns.first(ImportField::Geboortedatum)
            && let Some(cell) = self.cell(col)
        {
            let order = self
                .orders
                .iter()
                .find(|(c, _)| *c == col)
                .map_or(DateOrder::DayFirst, |(_, o)| *o);
            let read = read_date(cell, order, self.today, self.date_1904);
            record.geboortedatum = read.date;
            if let Some(date) = read.date
                && read.two_digit_year
            {
                self.two_digit_year = Some(format!(
                    "„{}” gelezen als {}",
                    cell_text(cell).trim_matches(is_space),
                    format_date(date)
                ));
            }
            if let Some(p) = read.problem {
                self.problem(Some(col), p);
            }
        }

        // Geslacht.
        if let Some(col) = columns.first(ImportField::Geslacht)
            && let Some(cell) = self.cell(col)
        {
            match read_geslacht(&cell_text(cell)) {
                Ok(g) => record.geslacht = Some(g),
                Err(p) => self.problem(Some(col), p),
            }
        }

        // Address: the separate columns first, then what a combined column adds.
        record.straat = self.text(columns.first(ImportField::Straat));
        let mut nummer = self.text(columns.first(ImportField::Huisnummer));
        let huisletter = self.text(columns.first(ImportField::Huisletter));
        let mut toevoeging = self.text(columns.first(ImportField::Toevoeging));
        let mut postcode = self.text(columns.first(ImportField::Postcode));
        let mut postcode_col = columns.first(ImportField::Postcode);
        record.woonplaats = self.text(columns.first(ImportField::Woonplaats));
        for col in columns.all(ImportField::Adres) {
            let value = self.text(Some(col));
            if value.is_empty() {
                continue;
            }
            let parts = split_address(&value);
            match parts.unsplit {
                Some(Unsplit::Postbus) => self.problem(
                    Some(col),
                    Problem::notice(format!(
                        "„{value}” is een postbus, geen woonadres: het is niet gesplitst en staat \
                         in zijn geheel bij de straat."
                    )),
                ),
                Some(Unsplit::NoNumber) => self.problem(
                    Some(col),
                    Problem::warning(format!(
                        "Het adres „{value}” is niet te splitsen in straat en huisnummer (de \
                         straat eerst, dan het nummer); het staat in zijn geheel bij de straat en \
                         telt niet mee als huisnummer. Controleer het adres."
                    )),
                ),
                None => {}
            }
            let fills_number = nummer.is_empty() && !parts.huisnummer.is_empty();
            if record.straat.is_empty() && (fills_number || parts.unsplit.is_some()) {
                record.straat = parts.straat;
            }
            if fills_number {
                nummer = parts.huisnummer;
                if toevoeging.is_empty() && huisletter.is_empty() {
                    toevoeging = parts.toevoeging;
                }
            }
            if postcode.is_empty() && !parts.postcode.is_empty() {
                postcode = parts.postcode;
                postcode_col = Some(col);
            }
            if record.woonplaats.is_empty() {
                record.woonplaats = parts.woonplaats;
            }
        }
        // A letter glued to the number in a huisnummer column ("12a") is written as a toevoeging.
        if huisletter.is_empty()
            && toevoeging.is_empty()
            && let Some((n, glued)) = split_number(&nummer)
        {
            let (n, glued) = (n.to_string(), glued.to_string());
            nummer = n;
            toevoeging = glued;
        }
        record.huisnummer = join_huisnummer(join_huisnummer(nummer, &huisletter), &toevoeging);
        if !postcode.is_empty() {
            match read_postcode(&postcode) {
                Ok(p) => record.postcode = p,
                Err(p) => {
                    record.postcode = postcode.to_uppercase();
                    self.problem(postcode_col, p);
                }
            }
        }
        Some(record)
    }
}

#[cfg(test)]
mod tests;
