//! DUO's koppelbestand ("Koppelen gegevens") as an Excel file: read DUO's empty template, write
//! the rows under its headers, and read a filled-in file back.
//!
//! - [`read_template`] finds the header row of DUO's own (empty) template, xls or xlsx, and keeps
//!   its sheet name, its title rows and every header in its order, also the ones Koppelhulp does not
//!   know (those columns stay empty).
//! - [`write_koci`] writes an xlsx in that layout, or in [`KociLayout::default_layout`]: numbers as
//!   text (leading zeros kept), dates as real Excel dates shown `dd-mm-jjjj`, geslacht as its code.
//!   It never writes a formula; text that a spreadsheet could take for one (`=`, `+`, `-`, `@`, tab,
//!   CR, LF, NUL in front) gets Excel's quote prefix, the text itself is unchanged.
//! - [`read_koci`] reads such a file back into raw rows, also one filled in by hand.
//!
//! Hostile input: nothing here panics on bytes, and the work is bounded — at most
//! [`MAX_FILE_BYTES`] bytes, [`MAX_DATA_ROWS`] rows under the header and [`MAX_COLUMNS`] columns.
//! Only xlsx and xls are read (calamine's ods and xlsb readers cannot be bounded from outside).
//! - xlsx: the sizes in the zip's central directory must add up to at most
//!   `zip_guard::MAX_UNPACKED` (the zip reader stops at the declared size, so that bounds a zip
//!   bomb); sheets are streamed cell by cell and refused as soon as they pass a limit.
//! - xls: calamine 0.38 reads it whole when it opens it and trusts every length in it, so
//!   `xls_guard` walks the file first the way calamine will and refuses what would make it
//!   panic or allocate without bound.
//!
//! Not covered: in a debug build calamine's xlsx reader can still hit an integer overflow on a
//! malformed cell reference (`col * 26` on a 7-letter column); release builds do not check
//! overflow, so there it wraps and the cell is refused as out of range.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xls, Xlsx};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};

use crate::core::Problem;
use crate::core::import::values::number_text;
use crate::core::koppelregel::{Field, Koppelregel, NormalisedRow, format_date};

/// The sheet name of the default layout.
pub const DEFAULT_SHEET_NAME: &str = "Koppelen gegevens";
/// The largest file read, in bytes. 100 000 rows of a koppelbestand are about 7 MB.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// The most rows under the header that are read or written.
pub const MAX_DATA_ROWS: u32 = 100_000;
/// The most columns a sheet may use.
pub const MAX_COLUMNS: u32 = 200;
/// The header must be in the first this many rows of a sheet.
pub const MAX_HEADER_ROW: u32 = 1_000;
/// The most sheets looked at for a header row.
const MAX_SHEETS: usize = 50;
/// The most cell records (also empty, formatted ones) streamed from one sheet.
const MAX_CELL_RECORDS: u64 = 25_000_000;
/// Excel's longest cell text.
const MAX_CELL_CHARS: usize = 32_767;

/// Where the columns of a koppelbestand are: DUO's template as read by [`read_template`], a file
/// read back by [`read_koci`], or [`KociLayout::default_layout`].
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct KociLayout {
    pub sheet_name: String,
    /// 0-based row index of the header row.
    pub header_row: u32,
    /// Every header cell from column A to the last filled one, as written (empty for a gap).
    pub headers: Vec<String>,
    /// Per header: which field it holds; `None` for a column Koppelhulp does not know (written
    /// empty; in a file DUO sends back, such a column is DUO's answer).
    pub columns: Vec<Option<Field>>,
    /// True when the layout came from a file rather than from [`KociLayout::default_layout`].
    pub from_template: bool,
    /// The rows above the header (a title, blank rows) as text, one `Vec` per row from column A;
    /// written back as they were.
    #[serde(default)]
    pub title_rows: Vec<Vec<String>>,
}

impl KociLayout {
    /// One sheet "Koppelen gegevens", the header in row 1: every field in [`Field::ALL`] order.
    pub fn default_layout() -> KociLayout {
        KociLayout {
            sheet_name: DEFAULT_SHEET_NAME.to_string(),
            header_row: 0,
            headers: Field::ALL.iter().map(|f| f.label().to_string()).collect(),
            columns: Field::ALL.iter().copied().map(Some).collect(),
            from_template: false,
            title_rows: Vec::new(),
        }
    }

    /// The column (0-based) that holds `field`: the first one, if a header occurs twice.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }
}

// ---- Reading --------------------------------------------------------------------------------

/// One non-empty cell, as read.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Text(String),
    Int(i64),
    Number(f64),
    /// A date (the time of day, if any, dropped): year, month, day.
    Date(i32, u8, u8),
    Bool(bool),
    /// An Excel error value such as `#N/A`.
    Error(String),
}

/// The non-empty cells of one sheet, by row, each row sorted by column.
#[derive(Default)]
struct SheetCells {
    rows: BTreeMap<u32, Vec<(u32, Value)>>,
}

impl SheetCells {
    /// Add a cell, refusing a sheet that passes the limits.
    fn push(&mut self, row: u32, col: u32, value: Value) -> Result<(), Problem> {
        if col >= MAX_COLUMNS {
            return Err(too_many_columns());
        }
        if row >= MAX_HEADER_ROW + 1 + MAX_DATA_ROWS {
            return Err(too_many_rows());
        }
        self.rows.entry(row).or_default().push((col, value));
        Ok(())
    }

    fn sort(&mut self) {
        for cells in self.rows.values_mut() {
            cells.sort_by_key(|(col, _)| *col);
            cells.dedup_by_key(|(col, _)| *col);
        }
    }
}

fn too_many_rows() -> Problem {
    Problem::error(format!(
        "Dit bestand heeft te veel regels. Koppelhulp leest hoogstens {} regels per bestand. \
         Verdeel de leerlingen over meer bestanden.",
        thousands(MAX_DATA_ROWS)
    ))
}

fn too_many_columns() -> Problem {
    Problem::error(format!(
        "Dit bestand heeft te veel kolommen. Koppelhulp leest hoogstens {MAX_COLUMNS} kolommen. \
         Is dit het goede bestand?"
    ))
}

fn too_big() -> Problem {
    Problem::error(format!(
        "Dit bestand is te groot. Koppelhulp leest bestanden tot {} MB. Is dit het goede bestand?",
        MAX_FILE_BYTES / (1024 * 1024)
    ))
}

fn too_much_content() -> Problem {
    Problem::error(format!(
        "Dit bestand bevat meer gegevens dan Koppelhulp veilig kan lezen: hoogstens {} regels en \
         {MAX_COLUMNS} kolommen. Is dit het goede bestand? Haal anders lege of overbodige \
         werkbladen, regels en kolommen weg, sla het op als Excel-werkmap (.xlsx) en kies het \
         opnieuw.",
        thousands(MAX_DATA_ROWS)
    ))
}

/// `100000` as `100.000`.
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A date from calamine's date value (1900 or 1904 system, Excel's 29-02-1900 included).
fn excel_date(dt: &calamine::ExcelDateTime) -> Value {
    if dt.is_duration() {
        return Value::Number(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Value::Date(i32::from(y), m, d)
}

/// `2012-03-05`, `2012-03-05T00:00:00` (ods) as a date; anything else as text.
fn iso_date(s: &str) -> Value {
    let date = s.get(..10).unwrap_or(s);
    let parts: Vec<&str> = date.split('-').collect();
    if let [y, m, d] = parts.as_slice()
        && y.len() == 4
        && m.len() == 2
        && d.len() == 2
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse())
    {
        return Value::Date(y, m, d);
    }
    Value::Text(s.to_string())
}

fn from_data(data: &Data) -> Option<Value> {
    Some(match data {
        Data::Empty => return None,
        Data::String(s) if s.is_empty() => return None,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Int(*i),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => excel_date(dt),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    })
}

fn from_data_ref(data: DataRef<'_>) -> Option<Value> {
    Some(match data {
        DataRef::Empty => return None,
        DataRef::String(s) if s.is_empty() => return None,
        DataRef::SharedString("") => return None,
        DataRef::String(s) => Value::Text(s),
        DataRef::SharedString(s) => Value::Text(s.to_string()),
        DataRef::Int(i) => Value::Int(i),
        DataRef::Float(f) => Value::Number(f),
        DataRef::Bool(b) => Value::Bool(b),
        DataRef::DateTime(dt) => excel_date(&dt),
        DataRef::DateTimeIso(s) => iso_date(&s),
        DataRef::DurationIso(s) => Value::Text(s),
        DataRef::Error(e) => Value::Error(e.to_string()),
    })
}

fn not_a_spreadsheet() -> Problem {
    Problem::error(
        "Koppelhulp kan dit bestand niet lezen. Het is geen Excel-bestand (xlsx of xls), of het \
         is beschadigd. Open het in Excel, sla het op als Excel-werkmap (.xlsx) en kies het \
         opnieuw.",
    )
}

fn unreadable_sheet(name: &str) -> Problem {
    Problem::error(format!(
        "Koppelhulp kan het werkblad '{name}' niet lezen: het bestand is beschadigd. Open het in \
         Excel, sla het opnieuw op als Excel-werkmap (.xlsx) en kies het opnieuw."
    ))
}

fn damaged() -> Problem {
    Problem::error(
        "Koppelhulp kan dit Excel-bestand niet lezen: het is beschadigd of niet helemaal \
         gedownload. Open het in Excel, sla het opnieuw op als Excel-werkmap (.xlsx) en kies het \
         opnieuw.",
    )
}

fn password() -> Problem {
    Problem::error(
        "Dit bestand is beveiligd met een wachtwoord. Haal in Excel het wachtwoord van het \
         bestand af, sla het op en kies het opnieuw.",
    )
}

/// An open workbook. Only xlsx and xls: calamine reads ods whole when it opens it (no limit
/// Koppelhulp can set first) and its xlsb reader is not guarded here.
enum Book<'a> {
    Xls(Xls<Cursor<Cow<'a, [u8]>>>),
    Xlsx(Xlsx<Cursor<&'a [u8]>>),
}

impl Book<'_> {
    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xls(xls) => xls.sheet_names(),
            Book::Xlsx(xlsx) => xlsx.sheet_names(),
        }
    }
}

const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";

/// Open the workbook: xlsx, or xls after [`xls_guard`].
fn open(bytes: &[u8]) -> Result<Book<'_>, Problem> {
    if bytes.is_empty() {
        return Err(Problem::error(
            "Dit bestand is leeg. Kies het Excel-bestand opnieuw.",
        ));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    if xls_guard::is_ole(bytes) {
        let data = xls_guard::prepare(bytes).map_err(|refusal| match refusal {
            xls_guard::Refusal::TooLarge => too_much_content(),
            xls_guard::Refusal::Damaged(_) => damaged(),
        })?;
        return match calamine::open_workbook_from_rs::<Xls<_>, _>(Cursor::new(data)) {
            Ok(xls) => Ok(Book::Xls(xls)),
            Err(calamine::XlsError::Password) => Err(password()),
            // An encrypted xlsx is an OLE file too.
            Err(_) => match calamine::open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes)) {
                Err(calamine::XlsxError::Password) => Err(password()),
                _ => Err(damaged()),
            },
        };
    }
    if bytes.starts_with(ZIP_SIGNATURE) {
        zip_guard::check(bytes).map_err(|refusal| match refusal {
            zip_guard::Refusal::TooLarge => too_much_content(),
            zip_guard::Refusal::Damaged => damaged(),
        })?;
        return match calamine::open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes)) {
            Ok(xlsx) => Ok(Book::Xlsx(xlsx)),
            Err(_) if zip_guard::is_opendocument(bytes) => Err(Problem::error(
                "Dit is een OpenDocument-bestand (.ods). Koppelhulp leest alleen Excel-bestanden. \
                 Sla het bestand op als Excel-werkmap (.xlsx) en kies het opnieuw.",
            )),
            Err(_) => Err(not_a_spreadsheet()),
        };
    }
    Err(not_a_spreadsheet())
}

/// Why a sheet was not loaded.
enum SheetError {
    /// Calamine could not read it (a chart sheet, a damaged part): another sheet may do.
    Unreadable(Problem),
    /// It passed a limit: the whole file is refused.
    Refused(Problem),
}

impl From<Problem> for SheetError {
    fn from(problem: Problem) -> SheetError {
        SheetError::Refused(problem)
    }
}

fn unreadable<E>(name: &str) -> impl FnOnce(E) -> SheetError + '_ {
    move |_| SheetError::Unreadable(unreadable_sheet(name))
}

/// Read the non-empty cells of one sheet, within the limits.
fn load_sheet(book: &mut Book<'_>, name: &str) -> Result<SheetCells, SheetError> {
    let mut cells = SheetCells::default();
    let mut records: u64 = 0;
    let mut count = || {
        records += 1;
        if records > MAX_CELL_RECORDS {
            Err(too_much_content())
        } else {
            Ok(())
        }
    };
    match book {
        // Streamed: refused as soon as it passes a limit.
        Book::Xlsx(xlsx) => {
            let mut reader = xlsx
                .worksheet_cells_reader(name)
                .map_err(unreadable(name))?;
            while let Some(cell) = reader.next_cell().map_err(unreadable(name))? {
                count()?;
                let (row, col) = cell.get_position();
                if let Some(value) = from_data_ref(cell.get_value().clone()) {
                    cells.push(row, col, value)?;
                }
            }
        }
        // Read whole when the file was opened, within the bounds xls_guard set.
        Book::Xls(xls) => {
            let range = xls.worksheet_range(name).map_err(unreadable(name))?;
            let Some((row0, col0)) = range.start() else {
                return Ok(cells);
            };
            for (r, c, data) in range.used_cells() {
                count()?;
                let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
                    return Err(too_much_content().into());
                };
                if let Some(value) = from_data(data) {
                    cells.push(row0.saturating_add(r), col0.saturating_add(c), value)?;
                }
            }
        }
    }
    cells.sort();
    Ok(cells)
}

/// The text of a cell as a person reads it: for title and header cells.
fn display_text(value: &Value) -> String {
    match value {
        Value::Text(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Number(n) => number_text(*n),
        Value::Date(y, m, d) => format!("{d:02}-{m:02}-{y:04}"),
        Value::Bool(true) => "WAAR".to_string(),
        Value::Bool(false) => "ONWAAR".to_string(),
        Value::Error(e) => e.clone(),
    }
}

/// The fields a header row maps, or `None` when it is not a header row (fewer than 2 known
/// fields). A field named twice counts once: its later columns are `None`.
fn header_columns(cells: &[(u32, Value)]) -> Option<(Vec<String>, Vec<Option<Field>>)> {
    let width = cells.last().map(|(col, _)| *col as usize + 1)?;
    let mut headers = vec![String::new(); width];
    let mut columns = vec![None; width];
    let mut known = 0;
    for (col, value) in cells {
        let col = *col as usize;
        let Value::Text(text) = value else {
            headers[col] = display_text(value);
            continue;
        };
        headers[col] = text.clone();
        if let Some(field) = Field::from_header(text)
            && !columns.contains(&Some(field))
        {
            columns[col] = Some(field);
            known += 1;
        }
    }
    (known >= 2).then_some((headers, columns))
}

/// One row's cells as text from column A, trailing empty cells left off.
fn row_texts(cells: &[(u32, Value)]) -> Vec<String> {
    let width = cells.last().map_or(0, |(col, _)| *col as usize + 1);
    let mut out = vec![String::new(); width];
    for (col, value) in cells {
        out[*col as usize] = display_text(value);
    }
    out
}

fn no_header() -> Problem {
    Problem::error(
        "Geen kopregel gevonden: Koppelhulp herkent geen kolommen als BSN en Onderwijsnummer. \
         Kies het lege bestand van DUO voor Koppelen gegevens, of een bestand met in de eerste \
         regels een kopregel met kolommen als BSN, Onderwijsnummer en Geboortedatum.",
    )
}

/// The first sheet with a header row: its layout and cells.
fn find_layout(bytes: &[u8]) -> Result<(KociLayout, SheetCells), Problem> {
    let mut book = open(bytes)?;
    let mut unread = None;
    for name in book.sheet_names().iter().take(MAX_SHEETS) {
        let cells = match load_sheet(&mut book, name) {
            Ok(cells) => cells,
            Err(SheetError::Refused(problem)) => return Err(problem),
            Err(SheetError::Unreadable(problem)) => {
                unread.get_or_insert(problem);
                continue;
            }
        };
        let found = cells
            .rows
            .range(..MAX_HEADER_ROW)
            .find_map(|(row, row_cells)| header_columns(row_cells).map(|hc| (*row, hc)));
        let Some((header_row, (headers, columns))) = found else {
            continue;
        };
        let title_rows = (0..header_row)
            .map(|r| cells.rows.get(&r).map(|c| row_texts(c)).unwrap_or_default())
            .collect();
        let mut layout = KociLayout {
            sheet_name: name.clone(),
            header_row,
            headers,
            columns,
            from_template: true,
            title_rows,
        };
        layout.from_template = !is_default(&layout);
        return Ok((layout, cells));
    }
    Err(unread.unwrap_or_else(no_header))
}

fn is_default(layout: &KociLayout) -> bool {
    let default = KociLayout::default_layout();
    layout.sheet_name == default.sheet_name
        && layout.header_row == default.header_row
        && layout.headers == default.headers
        && layout.columns == default.columns
        && layout.title_rows.is_empty()
}

/// Read DUO's own empty template (xlsx or xls): the first sheet with a header row — the first
/// row in which at least two cells are known column names ([`Field::from_header`]). Title and
/// blank rows above it are kept as title rows; every header is kept in its order.
pub fn read_template(bytes: &[u8]) -> Result<KociLayout, Problem> {
    let (layout, _) = find_layout(bytes)?;
    if layout.column_of(Field::Bsn).is_none() && layout.column_of(Field::Onderwijsnummer).is_none()
    {
        return Err(Problem::error(
            "In dit sjabloon staat geen kolom voor het BSN of het onderwijsnummer, dus Koppelhulp \
             kan de leerlingen er niet in zetten. Kies het lege bestand van DUO voor Koppelen \
             gegevens.",
        ));
    }
    Ok(layout)
}

/// Read a koppelbestand back: one Koppelhulp made, or DUO's template filled in by hand. Returns
/// the rows as raw text (as if typed), the layout found, and a problem per cell that could not be
/// read (an Excel error such as `#N/A`; the cell is left empty). Empty rows are skipped.
///
/// Numbers Excel stored as numbers in the BSN and onderwijsnummer columns come back as digits;
/// 8 digits get back the leading zero Excel dropped (`12345672` → `012345672`). Dates stored as
/// Excel dates come back as `dd-mm-jjjj`.
pub fn read_koci(bytes: &[u8]) -> Result<(Vec<Koppelregel>, KociLayout, Vec<Problem>), Problem> {
    let (layout, cells) = find_layout(bytes)?;
    let data_rows = cells.rows.range(layout.header_row.saturating_add(1)..);
    if let Some((last, _)) = data_rows.clone().next_back()
        && last - layout.header_row > MAX_DATA_ROWS
    {
        return Err(too_many_rows());
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (row, row_cells) in data_rows {
        let mut regel = Koppelregel::default();
        for (col, value) in row_cells {
            let Some(Some(field)) = layout.columns.get(*col as usize) else {
                continue;
            };
            match value {
                Value::Error(e) => problems.push(Problem::warning(format!(
                    "Rij {} in het bestand, kolom {}: in de cel staat de Excel-fout {e}. \
                     Koppelhulp heeft deze cel leeg gelaten.",
                    row + 1,
                    field.label()
                ))),
                _ => *regel.get_mut(*field) = raw_text(*field, value),
            }
        }
        if !regel.is_empty() {
            rows.push(regel);
        }
    }
    Ok((rows, layout, problems))
}

/// A cell as the raw text of a field.
fn raw_text(field: Field, value: &Value) -> String {
    let number_field = matches!(field, Field::Bsn | Field::Onderwijsnummer);
    match value {
        Value::Number(n) if number_field => padded(number_text(*n)),
        Value::Int(i) if number_field => padded(i.to_string()),
        other => display_text(other),
    }
}

/// 8 digits: a BSN that lost its leading zero in Excel. Anything else is left for the check.
fn padded(digits: String) -> String {
    if digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{digits}")
    } else {
        digits
    }
}

// ---- Writing --------------------------------------------------------------------------------

/// True when a spreadsheet could take this text for a formula or a command (OWASP "CSV
/// injection"): it gets Excel's quote prefix.
pub fn needs_quote_prefix(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r', '\n', '\0'])
}

fn write_problem(e: XlsxError) -> Problem {
    match e {
        XlsxError::MaxStringLengthExceeded => Problem::error(format!(
            "Een tekst is te lang voor Excel: een cel kan hoogstens {} tekens hebben. Maak de \
             opmerking korter.",
            thousands(MAX_CELL_CHARS as u32)
        )),
        XlsxError::SheetnameCannotBeBlank(_)
        | XlsxError::SheetnameLengthExceeded(_)
        | XlsxError::SheetnameContainsInvalidCharacter(_)
        | XlsxError::SheetnameStartsOrEndsWithApostrophe(_) => Problem::error(
            "Excel kan de naam van het werkblad uit het sjabloon niet gebruiken. Kies het \
             sjabloon van DUO opnieuw, of gebruik de standaardindeling.",
        ),
        other => Problem::error(format!(
            "Koppelhulp kon het Excel-bestand niet maken. Probeer het opnieuw. (Technische \
             melding: {other}.)"
        )),
    }
}

/// The cell formats used.
struct Formats {
    header: Format,
    header_quoted: Format,
    quoted: Format,
    text: Format,
    date: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            header_quoted: Format::new().set_bold().set_quote_prefix(),
            quoted: Format::new().set_quote_prefix(),
            text: Format::new().set_num_format("@"),
            date: Format::new().set_num_format("dd-mm-yyyy"),
        }
    }
}

/// Write a text cell; a formula-like text gets the quote prefix (`quoted`), never an apostrophe.
fn write_text(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    text: &str,
    plain: Option<&Format>,
    quoted: &Format,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    if needs_quote_prefix(text) {
        sheet.write_string_with_format(row, col, text, quoted)?;
    } else if let Some(format) = plain {
        sheet.write_string_with_format(row, col, text, format)?;
    } else {
        sheet.write_string(row, col, text)?;
    }
    Ok(())
}

/// One field of a row as it is written.
enum Out {
    Empty,
    /// 9 digits, as a text cell.
    Digits(String),
    Date(time::Date),
    Text(String),
}

fn out(row: &NormalisedRow, field: Field) -> Out {
    let text = |s: &str| {
        if s.is_empty() {
            Out::Empty
        } else {
            Out::Text(s.to_string())
        }
    };
    match field {
        Field::Bsn => row.bsn.map_or(Out::Empty, |b| Out::Digits(b.to_string())),
        Field::Onderwijsnummer => row
            .onderwijsnummer
            .map_or(Out::Empty, |o| Out::Digits(o.to_string())),
        Field::Achternaam => text(&row.achternaam),
        Field::Voorvoegsel => text(&row.voorvoegsel),
        Field::Voornamen => text(&row.voornamen),
        Field::Geboortedatum => row.geboortedatum.map_or(Out::Empty, Out::Date),
        Field::Geslacht => row.geslacht.map_or(Out::Empty, |g| text(g.code())),
        Field::Opmerking => text(&row.opmerking),
    }
}

impl Out {
    /// Characters shown, for the column width.
    fn width(&self) -> usize {
        match self {
            Out::Empty => 0,
            Out::Digits(_) | Out::Date(_) => 10,
            Out::Text(s) => s.chars().count(),
        }
    }
}

fn check_layout(layout: &KociLayout, rows: &[NormalisedRow]) -> Result<(), Problem> {
    let broken = || {
        Problem::error(
            "De indeling van het Excel-bestand is niet in orde. Kies het sjabloon van DUO \
             opnieuw, of gebruik de standaardindeling.",
        )
    };
    if layout.headers.is_empty()
        || layout.headers.len() != layout.columns.len()
        || layout.headers.len() > MAX_COLUMNS as usize
        || layout.header_row >= MAX_HEADER_ROW
        || layout.title_rows.len() > layout.header_row as usize
        || layout
            .title_rows
            .iter()
            .any(|r| r.len() > MAX_COLUMNS as usize)
    {
        return Err(broken());
    }
    if rows.len() > MAX_DATA_ROWS as usize {
        return Err(Problem::error(format!(
            "Er zijn te veel regels voor één bestand: hoogstens {}. Verdeel de leerlingen over \
             meer bestanden.",
            thousands(MAX_DATA_ROWS)
        )));
    }
    // Never drop data silently: every field that has a value needs a column.
    let missing: Vec<&str> = Field::ALL
        .into_iter()
        .filter(|&f| layout.column_of(f).is_none())
        .filter(|&f| rows.iter().any(|r| !matches!(out(r, f), Out::Empty)))
        .map(Field::label)
        .collect();
    if !missing.is_empty() {
        return Err(Problem::error(format!(
            "In het sjabloon staat geen kolom voor {}, maar in uw regels wel. Koppelhulp laat \
             niets weg: kies het goede sjabloon van DUO, of gebruik de standaardindeling.",
            missing.join(", ")
        )));
    }
    Ok(())
}

/// Write the rows as an xlsx in `layout`: title rows and header as in the template, the data
/// right under the header. Header bold, frozen, with an autofilter over the data.
pub fn write_koci(rows: &[NormalisedRow], layout: &KociLayout) -> Result<Vec<u8>, Problem> {
    check_layout(layout, rows)?;
    let formats = Formats::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(&layout.sheet_name).map_err(write_problem)?;
    fill_sheet(sheet, rows, layout, &formats).map_err(write_problem)?;
    book.save_to_buffer().map_err(write_problem)
}

fn fill_sheet(
    sheet: &mut Worksheet,
    rows: &[NormalisedRow],
    layout: &KociLayout,
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (r, texts) in (0u32..).zip(&layout.title_rows) {
        for (c, text) in (0u16..).zip(texts) {
            write_text(sheet, (r, c), text, None, &formats.quoted)?;
        }
    }
    let header_row = layout.header_row;
    let last_col = u16::try_from(layout.headers.len() - 1).unwrap_or(u16::MAX);
    for ((c, header), field) in (0u16..).zip(&layout.headers).zip(&layout.columns) {
        write_text(
            sheet,
            (header_row, c),
            header,
            Some(&formats.header),
            &formats.header_quoted,
        )?;
        // Typed later into an empty cell, a number stays text and a date shows dd-mm-jjjj.
        match field {
            Some(Field::Bsn | Field::Onderwijsnummer) => {
                sheet.set_column_format(c, &formats.text)?;
            }
            Some(Field::Geboortedatum) => {
                sheet.set_column_format(c, &formats.date)?;
            }
            _ => {}
        }
    }
    let mut widths: Vec<usize> = layout.headers.iter().map(|h| h.chars().count()).collect();
    for (r, row) in (header_row + 1..).zip(rows) {
        for ((c, field), width) in (0u16..).zip(&layout.columns).zip(widths.iter_mut()) {
            let Some(field) = *field else { continue };
            // Only the first column of a field is written.
            if layout.column_of(field) != Some(usize::from(c)) {
                continue;
            }
            let value = out(row, field);
            *width = (*width).max(value.width());
            match value {
                Out::Empty => {}
                Out::Digits(digits) => {
                    sheet.write_string_with_format(r, c, digits, &formats.text)?;
                }
                Out::Date(date) => write_date(sheet, (r, c), date, formats)?,
                Out::Text(text) => write_text(sheet, (r, c), &text, None, &formats.quoted)?,
            }
        }
    }
    for (c, width) in (0u16..).zip(widths) {
        let chars = u32::try_from(width.saturating_add(2)).unwrap_or(u32::MAX);
        sheet.set_column_width(c, chars.clamp(12, 30))?;
    }
    let last_row = header_row + u32::try_from(rows.len()).unwrap_or(MAX_DATA_ROWS);
    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.autofilter(header_row, 0, last_row, last_col)?;
    Ok(())
}

/// A real Excel date shown `dd-mm-jjjj`; a date Excel cannot hold (before 1900) as that text.
fn write_date(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    date: time::Date,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let excel = u16::try_from(date.year())
        .ok()
        .filter(|y| *y >= 1900)
        .and_then(|y| {
            rust_xlsxwriter::ExcelDateTime::from_ymd(y, date.month().into(), date.day()).ok()
        });
    match excel {
        Some(excel) => {
            sheet.write_datetime_with_format(row, col, &excel, &formats.date)?;
        }
        None => {
            sheet.write_string_with_format(row, col, format_date(date), &formats.text)?;
        }
    }
    Ok(())
}

// ---- Guarding the zip of an xlsx ------------------------------------------------------------

/// An xlsx is a zip. The zip reader calamine uses stops reading a part at the size the zip's
/// central directory declares, so adding those sizes up bounds all the work on an xlsx — also on
/// a "zip bomb" (a small file that unpacks to gigabytes).
pub(crate) mod zip_guard {
    /// The most an xlsx may unpack to: 100 000 rows of a koppelbestand unpack to about 60 MB.
    pub(crate) const MAX_UNPACKED: u64 = 512 * 1024 * 1024;
    /// The most parts in one xlsx.
    const MAX_ENTRIES: usize = 10_000;
    const END_SIGNATURE: [u8; 4] = [0x50, 0x4B, 0x05, 0x06];
    const ENTRY_SIGNATURE: [u8; 4] = [0x50, 0x4B, 0x01, 0x02];

    #[derive(Debug, PartialEq, Eq)]
    pub(crate) enum Refusal {
        Damaged,
        TooLarge,
    }

    fn u16_at(bytes: &[u8], at: usize) -> Option<usize> {
        let b = bytes.get(at..at.checked_add(2)?)?;
        Some(usize::from(u16::from_le_bytes([b[0], b[1]])))
    }

    fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
        let b = bytes.get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Add up the sizes the central directory declares; the names of the parts on success.
    pub(crate) fn check(bytes: &[u8]) -> Result<Vec<&[u8]>, Refusal> {
        // The end record: 22 bytes plus a comment of at most 64 KB, searched from the end.
        let earliest = bytes.len().saturating_sub(22 + 0xFFFF);
        let end = (earliest..=bytes.len().saturating_sub(22))
            .rev()
            .find(|&at| bytes[at..].starts_with(&END_SIGNATURE))
            .ok_or(Refusal::Damaged)?;
        let entries = u16_at(bytes, end + 10).ok_or(Refusal::Damaged)?;
        let mut at = u32_at(bytes, end + 16).ok_or(Refusal::Damaged)? as usize;
        if entries > MAX_ENTRIES {
            return Err(Refusal::TooLarge);
        }
        let mut total: u64 = 0;
        let mut names = Vec::with_capacity(entries);
        for _ in 0..entries {
            if bytes.get(at..at + 4) != Some(&ENTRY_SIGNATURE[..]) {
                return Err(Refusal::Damaged);
            }
            let size = u32_at(bytes, at + 24).ok_or(Refusal::Damaged)?;
            // 0xFFFFFFFF: the real size is in a zip64 field; no koppelbestand needs that.
            if size == u32::MAX {
                return Err(Refusal::TooLarge);
            }
            total += u64::from(size);
            if total > MAX_UNPACKED {
                return Err(Refusal::TooLarge);
            }
            let name = u16_at(bytes, at + 28).ok_or(Refusal::Damaged)?;
            let extra = u16_at(bytes, at + 30).ok_or(Refusal::Damaged)?;
            let comment = u16_at(bytes, at + 32).ok_or(Refusal::Damaged)?;
            names.push(bytes.get(at + 46..at + 46 + name).ok_or(Refusal::Damaged)?);
            at += 46 + name + extra + comment;
        }
        Ok(names)
    }

    /// An OpenDocument file starts with its uncompressed part "mimetype".
    pub(crate) fn is_opendocument(bytes: &[u8]) -> bool {
        bytes.get(30..38) == Some(&b"mimetype"[..])
            && bytes
                .get(38..)
                .is_some_and(|rest| rest.starts_with(b"application/vnd.oasis.opendocument"))
    }
}

// ---- Guarding calamine's xls reader ---------------------------------------------------------

/// calamine 0.38's xls reader trusts the file. A truncated or damaged xls makes it slice out of
/// bounds, follow a sector chain round in a circle, read a formula past its end, or reserve room
/// for a sheet of billions of cells: a panic or an abort, which in the browser ends the whole app.
///
/// So an OLE file is checked here first, taking the steps calamine takes (`cfb.rs`, `xls.rs`) and
/// refusing what would hurt it: every sector it reads must lie whole inside the file, every chain
/// must end, every stream must fit, the BIFF records it reads without a length check must be long
/// enough, and a sheet's cells must fit in `MAX_SHEET_CELLS`. Formula tokens, which
/// calamine parses without any bounds checks and Koppelhulp never uses, are switched off by
/// setting their length to 0 in a copy of the file (the cached cell values stay).
pub(crate) mod xls_guard {
    use std::borrow::Cow;

    const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
    const DIFSECT: u32 = 0xFFFF_FFFC;
    const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
    const MINI_SECTOR: usize = 64;
    const MINI_STREAM_CUTOFF: usize = 4096;
    /// The most cells one sheet may span (calamine allocates them all): 65 536 rows × 64 columns.
    pub(crate) const MAX_SHEET_CELLS: u64 = 65_536 * 64;
    /// The most BIFF records looked at, over all walks.
    const MAX_RECORDS: usize = 20_000_000;

    /// Why a file was refused.
    #[derive(Debug, PartialEq, Eq)]
    pub(crate) enum Refusal {
        /// Damaged or built to hurt; the text says where (for tests and debugging).
        Damaged(&'static str),
        /// Sound, but too large to read safely.
        TooLarge,
    }

    use Refusal::Damaged;

    pub(crate) fn is_ole(bytes: &[u8]) -> bool {
        bytes.starts_with(&SIGNATURE)
    }

    fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
        let b = bytes.get(at..at.checked_add(2)?)?;
        Some(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
        let b = bytes.get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn words(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
        bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }

    /// A stream as pieces of the file: (offset, length), in order.
    #[derive(Default)]
    struct Stream {
        pieces: Vec<(usize, usize)>,
        len: usize,
    }

    impl Stream {
        fn push(&mut self, offset: usize, len: usize) {
            self.pieces.push((offset, len));
            self.len += len;
        }

        fn bytes(&self, file: &[u8]) -> Vec<u8> {
            let mut out = Vec::with_capacity(self.len);
            for &(offset, len) in &self.pieces {
                out.extend_from_slice(&file[offset..offset + len]);
            }
            out
        }

        /// The file pieces of `len` bytes from `at` in the stream (empty past its end).
        fn file_pieces(&self, mut at: usize, mut len: usize) -> Vec<(usize, usize)> {
            let mut out = Vec::new();
            for &(offset, piece) in &self.pieces {
                if len == 0 {
                    break;
                }
                if at >= piece {
                    at -= piece;
                    continue;
                }
                let take = (piece - at).min(len);
                out.push((offset + at, take));
                len -= take;
                at = 0;
            }
            out
        }
    }

    /// Follow a chain as calamine's `get_chain` does, collecting at most `len` bytes. `unit`
    /// gives the file pieces of one sector, or a refusal where calamine would read past the data.
    /// A link outside the table, or more links than the table has (a circle), is refused.
    fn chain(
        mut id: u32,
        len: usize,
        table: &[u32],
        unit: impl Fn(u32) -> Result<Vec<(usize, usize)>, Refusal>,
    ) -> Result<Stream, Refusal> {
        let mut stream = Stream::default();
        let mut links = 0usize;
        while id != ENDOFCHAIN {
            for (offset, piece) in unit(id)? {
                let take = piece.min(len - stream.len);
                stream.push(offset, take);
            }
            if stream.len >= len {
                break;
            }
            id = *table
                .get(id as usize)
                .ok_or(Damaged("chain link outside the table"))?;
            links += 1;
            if links > table.len() {
                return Err(Damaged("chain goes round in a circle"));
            }
        }
        Ok(stream)
    }

    /// Check an OLE file (xls); give the bytes calamine may read: the file, or a copy with the
    /// formula token lengths set to 0. The copy is checked again (a damaged file could have
    /// records overlap) until nothing changes.
    pub(crate) fn prepare(file: &[u8]) -> Result<Cow<'_, [u8]>, Refusal> {
        let Some(mut current) = patch_once(file)? else {
            return Ok(Cow::Borrowed(file));
        };
        for _ in 0..3 {
            match patch_once(&current)? {
                None => return Ok(Cow::Owned(current)),
                Some(next) => current = next,
            }
        }
        Err(Damaged("formula lengths do not settle"))
    }

    /// One round of [`prepare`]: `None` when nothing needs to change.
    fn patch_once(file: &[u8]) -> Result<Option<Vec<u8>>, Refusal> {
        let Some(header) = file.get(..512) else {
            return Ok(None); // calamine refuses it itself
        };
        let version = u16_at(header, 26).unwrap_or(0);
        let size: usize = match u16_at(header, 30) {
            Some(0x0009) => 512,
            Some(0x000C) => 4096,
            _ => return Ok(None), // idem
        };
        if u16_at(header, 32) != Some(6) || file.len() < size {
            return Ok(None); // idem
        }
        let word = |at| u32_at(header, at).unwrap_or(0);
        let (dir_start, mini_fat_start, difat_start) = (word(48), word(60), word(68));
        let mini_fat_len = word(64) as usize;
        // Sector `id` is at (id + 1) × size; only whole sectors inside the file are read.
        let count = file.len() / size - 1;
        let sector = |id: u32| -> Result<Vec<(usize, usize)>, Refusal> {
            let id = id as usize;
            if id >= count {
                return Err(Damaged("sector outside the file"));
            }
            Ok(vec![((id + 1) * size, size)])
        };
        let sector_bytes = |id: u32| -> Result<&[u8], Refusal> {
            let offset = (id as usize + 1) * size;
            sector(id)?;
            Ok(&file[offset..offset + size])
        };

        // DIFAT: 109 entries in the header, then a chain whose last entry links on.
        let mut difat: Vec<u32> = words(&header[76..512]).collect();
        let mut id = difat_start;
        let mut links = 0;
        while id < RESERVED_SECTORS {
            links += 1;
            if links > count + 1 {
                return Err(Damaged("DIFAT goes round in a circle"));
            }
            difat.extend(words(sector_bytes(id)?));
            id = difat.pop().ok_or(Damaged("DIFAT"))?;
        }
        let mut fats = Vec::new();
        for id in difat.into_iter().filter(|id| *id < DIFSECT) {
            fats.extend(words(sector_bytes(id)?));
        }

        let dirs = chain(dir_start, usize::MAX, &fats, sector)?.bytes(file);
        let mut entries = Vec::new();
        for entry in dirs.chunks_exact(128) {
            let start = u32_at(entry, 116).unwrap_or(0);
            let len = if size == 512 {
                u64::from(u32_at(entry, 120).unwrap_or(0))
            } else {
                u64::from(u32_at(entry, 120).unwrap_or(0))
                    | u64::from(u32_at(entry, 124).unwrap_or(0)) << 32
            };
            // calamine converts it with `unwrap`: on 32 bits a huge length would panic there.
            let len = usize::try_from(len)
                .ok()
                .filter(|l| *l <= file.len())
                .ok_or(Damaged("stream longer than the file"))?;
            let name: Vec<u16> = entry[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .take_while(|c| *c != 0)
                .collect();
            entries.push((String::from_utf16_lossy(&name), start, len));
        }
        let Some(&(_, root_start, root_len)) = entries.first() else {
            return Ok(None); // calamine: "empty root directory"
        };
        if version != 3 && root_start == ENDOFCHAIN {
            return Ok(None); // idem
        }

        let (mini_fats, mini_stream) = if mini_fat_len > 0 {
            if mini_fat_len > count {
                return Err(Damaged("mini FAT longer than the file"));
            }
            let stream = chain(root_start, root_len, &fats, sector)?;
            let table = chain(mini_fat_start, mini_fat_len * size, &fats, sector)?.bytes(file);
            (words(&table).collect::<Vec<u32>>(), stream)
        } else {
            (Vec::new(), Stream::default())
        };
        let mini_sector = |id: u32| -> Result<Vec<(usize, usize)>, Refusal> {
            let start = (id as usize)
                .checked_mul(MINI_SECTOR)
                .filter(|s| s + MINI_SECTOR <= mini_stream.len)
                .ok_or(Damaged("mini sector outside the mini stream"))?;
            Ok(mini_stream.file_pieces(start, MINI_SECTOR))
        };

        // The workbook stream, as calamine looks for it: "Workbook", else "Book" (both checked).
        let mut copy: Option<Vec<u8>> = None;
        for wanted in ["Workbook", "Book"] {
            let Some(&(_, start, len)) = entries
                .iter()
                .find(|(name, ..)| name.eq_ignore_ascii_case(wanted))
            else {
                continue;
            };
            let stream = if len < MINI_STREAM_CUTOFF {
                chain(start, len, &mini_fats, mini_sector)?
            } else {
                chain(start, len, &fats, sector)?
            };
            for at in check_biff(&stream.bytes(file))? {
                let copy = copy.get_or_insert_with(|| file.to_vec());
                for (offset, len) in stream.file_pieces(at, 2) {
                    copy[offset..offset + len].fill(0);
                }
            }
        }
        Ok(copy)
    }

    /// One BIFF record: type, data, and the data of the CONTINUE records calamine joins to it.
    struct Record<'a> {
        at: usize,
        typ: u16,
        data: &'a [u8],
        cont: Vec<&'a [u8]>,
    }

    /// calamine's `RecordIter`, from `at`; `None` where it stops or fails.
    fn next_record<'a>(stream: &'a [u8], at: &mut usize) -> Option<Record<'a>> {
        let start = *at;
        let typ = u16_at(stream, start)?;
        let len = usize::from(u16_at(stream, start + 2)?);
        let data = stream.get(start + 4..start + 4 + len)?;
        *at = start + 4 + len;
        let mut cont = Vec::new();
        // Joined only when more than the 4 header bytes follow, like calamine.
        while stream.len().saturating_sub(*at) > 4 && u16_at(stream, *at) == Some(0x003C) {
            let len = usize::from(u16_at(stream, *at + 2)?);
            cont.push(stream.get(*at + 4..*at + 4 + len)?);
            *at += 4 + len;
        }
        Some(Record {
            at: start,
            typ,
            data,
            cont,
        })
    }

    /// Walk the workbook globals and every sheet as calamine does; return the stream offsets of
    /// the formula token lengths to set to 0.
    fn check_biff(stream: &[u8]) -> Result<Vec<usize>, Refusal> {
        let mut budget = MAX_RECORDS;
        let mut patches = Vec::new();
        let mut sheets = Vec::new();
        let mut at = 0;
        // The globals, up to their EOF.
        while let Some(record) = next_record(stream, &mut at) {
            budget = budget.checked_sub(1).ok_or(Refusal::TooLarge)?;
            if record.typ == 0x000A {
                break;
            }
            check_global(&record, stream.len(), &mut sheets, &mut patches)?;
        }
        sheets.sort_unstable();
        sheets.dedup();
        for start in sheets {
            check_sheet(stream, start, &mut budget, &mut patches)?;
        }
        Ok(patches)
    }

    fn check_global(
        record: &Record<'_>,
        stream_len: usize,
        sheets: &mut Vec<usize>,
        patches: &mut Vec<usize>,
    ) -> Result<(), Refusal> {
        let len = record.data.len();
        match record.typ {
            // FilePass, DateMode, CodePage, BOF, ExternSheet: a u16 read unchecked.
            0x002F | 0x0022 | 0x0042 | 0x0809 | 0x0017 if len < 2 => {
                Err(Damaged("record shorter than 2 bytes"))
            }
            // BoundSheet8: position (u32), two flag bytes; calamine slices the stream there.
            0x0085 => {
                let pos = u32_at(record.data, 0).ok_or(Damaged("BoundSheet8"))? as usize;
                if len < 6 || pos > stream_len {
                    return Err(Damaged("BoundSheet8 points outside the stream"));
                }
                sheets.push(pos);
                Ok(())
            }
            // Lbl (a defined name): 14 bytes before the name; formula length cce at 4.
            0x0018 => {
                if len < 14 {
                    return Err(Damaged("Lbl shorter than 14 bytes"));
                }
                if u16_at(record.data, 4) != Some(0) {
                    patches.push(record.at + 4 + 4);
                }
                Ok(())
            }
            0x00FC => check_sst(record),
            _ => Ok(()),
        }
    }

    /// Mirror of calamine's `parse_sst`: refuse where it would index past the data.
    fn check_sst(record: &Record<'_>) -> Result<(), Refusal> {
        let Some(mut data) = record.data.get(8..) else {
            return Ok(()); // calamine: "sst" too short
        };
        let mut cont = record.cont.iter().copied();
        loop {
            if data.is_empty() {
                match cont.next() {
                    Some(next) => data = next,
                    None => return Ok(()),
                }
                if data.is_empty() {
                    continue; // an empty string, nothing read
                }
            }
            if data.len() < 3 {
                return Ok(()); // calamine: "rich extended string" too short
            }
            let cch = usize::from(u16_at(data, 0).unwrap_or(0));
            let flags = data[2];
            data = &data[3..];
            let mut runs = 0usize;
            let mut ext = 0usize;
            if flags & 0x8 != 0 {
                runs = usize::from(u16_at(data, 0).ok_or(Damaged("SST run count"))?);
                data = &data[2..];
            }
            if flags & 0x4 != 0 {
                let size = u32_at(data, 0).ok_or(Damaged("SST extension size"))?;
                ext = size as i32 as isize as usize;
                data = &data[4..];
            }
            // The characters, 1 or 2 bytes each, going on in CONTINUE records.
            let mut wide = flags & 0x1 != 0;
            let mut left = cch;
            while left > 0 {
                let fits = if wide { data.len() / 2 } else { data.len() };
                let take = fits.min(left);
                data = &data[if wide { 2 * take } else { take }..];
                left -= take;
                if left > 0 {
                    let Some(next) = cont.next() else {
                        return Ok(()); // calamine: end of stream
                    };
                    let (&first, rest) = next
                        .split_first()
                        .ok_or(Damaged("empty CONTINUE inside a string"))?;
                    wide = first & 0x1 != 0;
                    data = rest;
                }
            }
            // Skipped: the formatting runs and the extension, also across CONTINUE records.
            let mut skip = runs.saturating_mul(4).saturating_add(ext);
            while skip > 0 {
                if data.is_empty() {
                    match cont.next() {
                        Some(next) => data = next,
                        None => return Ok(()), // calamine: continue record too short
                    }
                }
                let take = skip.min(data.len());
                data = &data[take..];
                skip -= take;
            }
        }
    }

    /// One sheet from its BOF, as calamine walks it: records inside nested substreams are
    /// skipped, the walk ends at the sheet's EOF. Bounds the cells it spans.
    fn check_sheet(
        stream: &[u8],
        mut at: usize,
        budget: &mut usize,
        patches: &mut Vec<usize>,
    ) -> Result<(), Refusal> {
        let mut seen_bof = false;
        let mut depth = 0usize;
        let mut span: Option<(u32, u32, u32, u32)> = None;
        let mut cell = |row: u32, first: u32, last: u32| -> Result<(), Refusal> {
            let (r0, r1, c0, c1) = span.map_or((row, row, first, last), |(r0, r1, c0, c1)| {
                (r0.min(row), r1.max(row), c0.min(first), c1.max(last))
            });
            span = Some((r0, r1, c0, c1));
            let cells = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
            if cells > MAX_SHEET_CELLS {
                return Err(Refusal::TooLarge);
            }
            Ok(())
        };
        while let Some(record) = next_record(stream, &mut at) {
            *budget = budget.checked_sub(1).ok_or(Refusal::TooLarge)?;
            let data = record.data;
            let row_col = || {
                (
                    u32::from(u16_at(data, 0).unwrap_or(0)),
                    u32::from(u16_at(data, 2).unwrap_or(0)),
                )
            };
            if depth > 0 {
                match record.typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match record.typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x0200 => check_dimensions(data)?,
                // Number, Label, RString, BoolErr, RK, LabelSst: calamine checks their length
                // and stops on a short one.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                    let min = match record.typ {
                        0x0203 => 14,
                        0x0205 => 8,
                        0x027E | 0x00FD => 10,
                        _ => 6,
                    };
                    if data.len() < min {
                        return Ok(());
                    }
                    let (row, col) = row_col();
                    cell(row, col, col)?;
                }
                // MulRk: row, first column, 6 bytes per cell, last column.
                0x00BD => {
                    if data.len() < 6 {
                        return Ok(());
                    }
                    let (row, first) = row_col();
                    let last = u32::from(u16_at(data, data.len() - 2).unwrap_or(0));
                    if last < first || last - first >= u32::from(u16::MAX) {
                        return Err(Damaged("MulRk columns the wrong way round"));
                    }
                    if data.len() != 6 + 6 * (last - first + 1) as usize {
                        return Ok(());
                    }
                    cell(row, first, last)?;
                }
                // MergeCells: a count, then 8 bytes per range, read unchecked.
                0x00E5 => {
                    let count = usize::from(u16_at(data, 0).ok_or(Damaged("MergeCells"))?);
                    if data.len() < 2 + 8 * count {
                        return Err(Damaged("MergeCells shorter than its count"));
                    }
                }
                // Formula: 20 bytes, then the token length (u16) read unchecked.
                0x0006 => {
                    if data.len() < 20 {
                        return Ok(());
                    }
                    if data.len() < 22 {
                        return Err(Damaged("Formula without a token length"));
                    }
                    if u16_at(data, 20) != Some(0) {
                        patches.push(record.at + 4 + 20);
                    }
                    let (row, col) = row_col();
                    cell(row, col, col)?;
                }
                0x000A => return Ok(()),
                _ => {}
            }
        }
        Ok(())
    }

    /// Mirror of calamine's `parse_dimensions` and the room it reserves.
    fn check_dimensions(data: &[u8]) -> Result<(), Refusal> {
        let u16_ = |at| u32::from(u16_at(data, at).unwrap_or(0));
        let u32_ = |at| u32_at(data, at).unwrap_or(0);
        let (rf, rl, mut cf, cl) = match data.len() {
            10 => (u16_(0), u16_(2), u16_(4), u16_(6)),
            14 | 16 => (u32_(0), u32_(4), u16_(8), u16_(10)),
            _ => return Ok(()), // calamine refuses it itself
        };
        if 0xFF < cf || cl < cf {
            cf = 0;
        }
        let (start, end) = if rl >= 1 && cl >= 1 {
            ((rf, cf), (rl - 1, cl - 1))
        } else {
            ((rf, cf), (rf, cf))
        };
        if end.0 < start.0 || end.1 < start.1 {
            return Err(Damaged("Dimensions the wrong way round"));
        }
        let cells = (u64::from(end.0 - start.0) + 1) * (u64::from(end.1 - start.1) + 1);
        if cells > MAX_SHEET_CELLS {
            return Err(Refusal::TooLarge);
        }
        Ok(())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn dimensions_cases() {
            let biff8 = |rf: u32, rl: u32, cf: u16, cl: u16| {
                let mut d = Vec::new();
                d.extend(rf.to_le_bytes());
                d.extend(rl.to_le_bytes());
                d.extend(cf.to_le_bytes());
                d.extend(cl.to_le_bytes());
                d.extend([0, 0]);
                d
            };
            assert_eq!(check_dimensions(&biff8(0, 10, 0, 9)), Ok(()));
            assert_eq!(check_dimensions(&biff8(0, 0, 0, 0)), Ok(()));
            assert_eq!(check_dimensions(&biff8(0, 65_536, 0, 64)), Ok(()));
            assert_eq!(
                check_dimensions(&biff8(0, 65_536, 0, 65)),
                Err(Refusal::TooLarge)
            );
            assert_eq!(
                check_dimensions(&biff8(0, u32::MAX, 0, 9)),
                Err(Refusal::TooLarge)
            );
            assert!(matches!(
                check_dimensions(&biff8(10, 5, 0, 9)),
                Err(Refusal::Damaged(_))
            ));
            // BIFF5: 10 bytes of u16s.
            assert_eq!(check_dimensions(&[0, 0, 10, 0, 0, 0, 9, 0, 0, 0]), Ok(()));
            // Other lengths: calamine refuses them itself.
            assert_eq!(check_dimensions(&[1, 2, 3]), Ok(()));
        }

        fn sst(data: &[u8], cont: Vec<&'static [u8]>) -> Result<(), Refusal> {
            let mut full = vec![0; 8];
            full.extend_from_slice(data);
            check_sst(&Record {
                at: 0,
                typ: 0x00FC,
                data: &full,
                cont,
            })
        }

        #[test]
        fn sst_cases() {
            // "ab", 1 byte per character.
            assert_eq!(sst(&[2, 0, 0, b'a', b'b'], vec![]), Ok(()));
            // "ab" split over a CONTINUE record (which starts with its flag byte).
            assert_eq!(sst(&[2, 0, 0, b'a'], vec![&[0, b'b']]), Ok(()));
            // The rest of the string in an empty CONTINUE: calamine reads its flag byte anyway.
            assert!(sst(&[2, 0, 0, b'a'], vec![&[]]).is_err());
            // A run count (flag 8) or extension size (flag 4) cut off: read unchecked.
            assert!(sst(&[1, 0, 0x8, 7], vec![]).is_err());
            assert!(sst(&[1, 0, 0x4, 7, 7], vec![]).is_err());
            // Too short for a string header: calamine returns an error itself.
            assert_eq!(sst(&[1, 0], vec![]), Ok(()));
        }

        #[test]
        fn not_an_ole_file_is_left_to_calamine() {
            assert!(!is_ole(b"PK\x03\x04"));
            assert!(is_ole(&SIGNATURE));
            assert_eq!(
                prepare(&SIGNATURE).ok(),
                Some(Cow::Borrowed(&SIGNATURE[..]))
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_prefix_cases() {
        let cases = [
            ("=HYPERLINK(\"x\")", true),
            ("+31 6 12345678", true),
            ("-5", true),
            ("@sum", true),
            ("\tx", true),
            ("\rx", true),
            ("\nx", true),
            ("\0x", true),
            ("Jansen", false),
            ("", false),
            (" =1+1", false),
            ("a=b", false),
        ];
        for (text, expected) in cases {
            assert_eq!(needs_quote_prefix(text), expected, "{text:?}");
        }
    }

    #[test]
    fn padding_and_numbers() {
        let cases = [
            (Field::Bsn, Value::Number(12_345_672.0), "012345672"),
            (Field::Bsn, Value::Number(123_456_782.0), "123456782"),
            (Field::Bsn, Value::Int(12_345_672), "012345672"),
            (Field::Bsn, Value::Number(1_234_567.0), "1234567"),
            (Field::Bsn, Value::Number(12_345_672.5), "12345672.5"),
            (Field::Bsn, Value::Number(-12_345_672.0), "-12345672"),
            (
                Field::Onderwijsnummer,
                Value::Number(101_222_331.0),
                "101222331",
            ),
            (Field::Achternaam, Value::Number(12_345_672.0), "12345672"),
            (Field::Geboortedatum, Value::Date(2012, 3, 5), "05-03-2012"),
            (Field::Geslacht, Value::Text("V".into()), "V"),
            (Field::Opmerking, Value::Bool(true), "WAAR"),
        ];
        for (field, value, expected) in cases {
            assert_eq!(raw_text(field, &value), expected, "{field:?} {value:?}");
        }
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date("2012-03-05"), Value::Date(2012, 3, 5));
        assert_eq!(iso_date("2012-03-05T00:00:00"), Value::Date(2012, 3, 5));
        assert_eq!(iso_date("2012-3-5"), Value::Text("2012-3-5".into()));
        assert_eq!(iso_date("é"), Value::Text("é".into()));
    }

    #[test]
    fn thousands_cases() {
        assert_eq!(thousands(100_000), "100.000");
        assert_eq!(thousands(32_767), "32.767");
        assert_eq!(thousands(200), "200");
        assert_eq!(thousands(1_000_000), "1.000.000");
    }
}
