//! The one spreadsheet reader: bytes in, [`RawSheet`]s out. Register exports for the importer,
//! DUO's template, a koppelbestand read back and DUO's answer all come through here.
//!
//! Read: xlsx, xlsm, xlsb, xls (BIFF8), ods and — when the caller takes any table
//! ([`Accept::AnyTable`]) — csv/txt (encoding and delimiter detected) and the HTML tables some
//! systems save as `.xls`. The format is found from the bytes, not the name. Every file passes
//! `io::guard` before calamine sees it, and the sheet limits there are kept while the cells are
//! streamed. Every way a file can fail is a [`ReadError`] with one Dutch wording, never a panic.
//!
//! [`open`] gives a [`Workbook`]: its sheet names and each sheet on request ([`Workbook::sheet`]);
//! [`read_sheet`] opens a file and picks one sheet: the one named, or the first with data.
//!
//! Not covered: in a debug build calamine's xlsx reader can still hit an integer overflow on a
//! malformed cell reference (`col * 26` on a 7-letter column); release builds do not check
//! overflow, so there it wraps and the cell is refused by the row or column limit.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};
use serde::{Deserialize, Serialize};

use super::guard::{
    self, Container, MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, MAX_SHEETS, Refusal,
};
use koppelhulp_core::Problem;
use koppelhulp_core::table::{RawCell, RawSheet};

/// What kind of file it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
    Html,
}

impl FileKind {
    /// How the UI names it.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Xlsx => "Excel-werkmap (xlsx)",
            FileKind::Xlsb => "Binaire Excel-werkmap (xlsb)",
            FileKind::Xls => "Excel 97-2003 (xls)",
            FileKind::Ods => "OpenDocument-werkblad (ods)",
            FileKind::Csv => "Tekstbestand met scheidingstekens (csv)",
            FileKind::Html => "Webpagina met een tabel (opgeslagen als xls)",
        }
    }
}

/// Which files a caller takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accept {
    /// Workbooks, csv and HTML tables: register exports.
    AnyTable,
    /// Workbooks only (xlsx, xlsm, xlsb, xls, ods): DUO's template and koppelbestanden.
    Workbooks,
}

/// Why a file, or one sheet of it, was not read. [`Problem::from`] gives each its one wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    Empty,
    /// Larger than [`MAX_FILE_BYTES`]; its size, rounded up.
    TooBig {
        megabytes: usize,
    },
    /// A sheet with a cell past row [`MAX_ROWS`].
    TooManyRows,
    /// A sheet with a cell past column [`MAX_COLUMNS`].
    TooManyColumns,
    /// Past another limit: unpacked size, zip parts, cells, an xls sheet's span.
    TooMuch,
    Password,
    /// Damaged or cut off; the kind of file, when known.
    Damaged(Option<FileKind>),
    /// A known format that is no table: how to name it ("een PDF-document").
    OtherFormat(&'static str),
    /// A zip without a workbook.
    OtherZip,
    /// Not a workbook and not text either.
    NotText,
    /// Text (csv, HTML) where only workbooks are read.
    NotWorkbook,
    HtmlWithoutTable,
    HtmlEmptyTable,
    /// A csv file without a single value.
    NoData,
    NoSuchSheet(String),
    AllSheetsEmpty,
}

impl ReadError {
    /// True when the file passed a limit: the whole file is refused, no other sheet is tried.
    pub fn refuses_file(&self) -> bool {
        matches!(
            self,
            ReadError::TooBig { .. }
                | ReadError::TooManyRows
                | ReadError::TooManyColumns
                | ReadError::TooMuch
        )
    }
}

/// `1048576` as `1.048.576`.
pub(crate) fn thousands(n: usize) -> String {
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

impl From<ReadError> for Problem {
    fn from(error: ReadError) -> Problem {
        Problem::error(match error {
            ReadError::Empty => {
                "Het bestand is leeg (0 bytes). Kies het bestand opnieuw, of maak de export \
                 opnieuw."
                    .to_string()
            }
            ReadError::TooBig { megabytes } => format!(
                "Het bestand is te groot ({megabytes} MB). Koppelhulp leest bestanden tot {} MB. \
                 Verdeel de gegevens over meer bestanden, of laat overbodige kolommen weg.",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            ReadError::TooManyRows => format!(
                "Dit bestand heeft te veel rijen: Koppelhulp leest hoogstens {} rijen per \
                 werkblad. Is dit het goede bestand?",
                thousands(MAX_ROWS)
            ),
            ReadError::TooManyColumns => format!(
                "Dit bestand heeft te veel kolommen: Koppelhulp leest hoogstens {MAX_COLUMNS} \
                 kolommen per werkblad. Is dit het goede bestand? Haal anders overbodige kolommen \
                 weg en probeer opnieuw."
            ),
            ReadError::TooMuch => {
                "Dit bestand bevat meer gegevens dan Koppelhulp veilig kan lezen. Is dit het goede \
                 bestand? Haal anders overbodige werkbladen, rijen en kolommen weg en probeer \
                 opnieuw."
                    .to_string()
            }
            ReadError::Password => {
                "Het bestand is beveiligd met een wachtwoord. Sla het bestand op zonder \
                 wachtwoord en probeer opnieuw."
                    .to_string()
            }
            ReadError::Damaged(kind) => {
                let kind = match kind {
                    Some(FileKind::Xlsx | FileKind::Xlsb | FileKind::Xls) => "Excel-",
                    Some(FileKind::Ods) => "LibreOffice-",
                    Some(FileKind::Csv) => "csv-",
                    Some(FileKind::Html) | None => "",
                };
                format!(
                    "Koppelhulp kan dit {kind}bestand niet lezen: het is beschadigd of niet \
                     helemaal gedownload. Open het in Excel of LibreOffice, sla het opnieuw op en \
                     kies het opnieuw."
                )
            }
            ReadError::OtherFormat(what) => {
                format!("Dit is geen spreadsheet maar {what}. Kies het goede bestand.")
            }
            ReadError::OtherZip => {
                "Koppelhulp kan dit bestand niet lezen: het is een zip-bestand, maar geen \
                 spreadsheet (misschien een Word-document of een map met bestanden). Kies het \
                 goede bestand."
                    .to_string()
            }
            ReadError::NotText => {
                "Koppelhulp kan dit bestand niet lezen: het is geen spreadsheet en geen \
                 tekstbestand. Kies een Excel-, LibreOffice- of csv-bestand."
                    .to_string()
            }
            ReadError::NotWorkbook => {
                "Koppelhulp kan dit bestand niet lezen: het is geen Excel- of LibreOffice-werkmap. \
                 Open het in Excel, sla het op als Excel-werkmap (.xlsx) en kies het opnieuw."
                    .to_string()
            }
            ReadError::HtmlWithoutTable => {
                "Dit bestand is een webpagina (HTML) zonder tabel, geen spreadsheet. Open het in \
                 een browser of in Excel, sla het op als Excel-werkmap (.xlsx) en probeer opnieuw."
                    .to_string()
            }
            ReadError::HtmlEmptyTable => {
                "Dit bestand is een webpagina (HTML) met een lege tabel, geen spreadsheet met \
                 gegevens."
                    .to_string()
            }
            ReadError::NoData => "Het bestand bevat geen gegevens.".to_string(),
            ReadError::NoSuchSheet(name) => {
                format!("Het werkblad „{name}” staat niet in dit bestand.")
            }
            ReadError::AllSheetsEmpty => {
                "Alle werkbladen in dit bestand zijn leeg. Is dit het goede bestand?".to_string()
            }
        })
    }
}

/// A file read: its kind, the names of all its sheets, and the chosen sheet's cells.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetRead {
    pub kind: FileKind,
    pub sheet_names: Vec<String>,
    pub sheet: RawSheet,
    /// Notes for the user about how the file was read (encoding, delimiter, an empty first sheet).
    pub notes: Vec<Problem>,
}

/// Read one sheet of a file called `file_name`: the one named `sheet`, or the first with data.
pub fn read_sheet(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
) -> Result<SheetRead, Problem> {
    Ok(open(bytes, file_name, Accept::AnyTable)?.pick(sheet)?)
}

/// An opened file: its sheets are read one at a time, on request.
pub struct Workbook<'a> {
    kind: FileKind,
    sheet_names: Vec<String>,
    date_1904: bool,
    book: Book<'a>,
}

enum Book<'a> {
    Xlsx(Xlsx<Cursor<&'a [u8]>>),
    Xlsb(Xlsb<Cursor<&'a [u8]>>),
    Xls(Xls<Cursor<Cow<'a, [u8]>>>),
    Ods(Ods<Cursor<&'a [u8]>>),
    /// csv or HTML: one sheet, read when the file was opened, and notes on how it was read.
    Text(RawSheet, Vec<Problem>),
}

/// Open a file called `file_name` (the name only names a csv file's one sheet).
pub fn open<'a>(
    bytes: &'a [u8],
    file_name: &str,
    accept: Accept,
) -> Result<Workbook<'a>, ReadError> {
    let container = guard::inspect(bytes).map_err(|refusal| match refusal {
        Refusal::Empty => ReadError::Empty,
        Refusal::TooBig => ReadError::TooBig {
            megabytes: bytes.len().div_ceil(1024 * 1024),
        },
        Refusal::TooLarge => ReadError::TooMuch,
        Refusal::Damaged(_) => ReadError::Damaged(None),
        Refusal::Password => ReadError::Password,
    })?;
    let cursor = || Cursor::new(bytes);
    let (kind, book) = match container {
        Container::Xls(data) => (
            FileKind::Xls,
            match calamine::open_workbook_from_rs(Cursor::new(data)) {
                Ok(book) => Book::Xls(book),
                Err(calamine::XlsError::Password) => return Err(ReadError::Password),
                Err(_) => return Err(ReadError::Damaged(Some(FileKind::Xls))),
            },
        ),
        Container::Xlsx => (
            FileKind::Xlsx,
            match calamine::open_workbook_from_rs(cursor()) {
                Ok(book) => Book::Xlsx(book),
                Err(calamine::XlsxError::Password) => return Err(ReadError::Password),
                Err(_) => return Err(ReadError::Damaged(Some(FileKind::Xlsx))),
            },
        ),
        Container::Xlsb => (
            FileKind::Xlsb,
            match calamine::open_workbook_from_rs(cursor()) {
                Ok(book) => Book::Xlsb(book),
                Err(calamine::XlsbError::Password) => return Err(ReadError::Password),
                Err(_) => return Err(ReadError::Damaged(Some(FileKind::Xlsb))),
            },
        ),
        // calamine reads an ods whole when it opens it: bounded by the zip's unpacked size.
        Container::Ods => (
            FileKind::Ods,
            match calamine::open_workbook_from_rs(cursor()) {
                Ok(book) => Book::Ods(book),
                Err(calamine::OdsError::Password) => return Err(ReadError::Password),
                Err(_) => return Err(ReadError::Damaged(Some(FileKind::Ods))),
            },
        ),
        Container::OtherZip => return Err(ReadError::OtherZip),
        Container::Other => {
            if let Some(what) = other_format(bytes) {
                return Err(ReadError::OtherFormat(what));
            }
            if accept == Accept::Workbooks {
                return Err(ReadError::NotWorkbook);
            }
            let text = decode(bytes);
            if looks_like_html(&text) {
                let (sheet, note) = read_html(&text, file_name)?;
                (FileKind::Html, Book::Text(sheet, vec![note]))
            } else if text.contains('\0') {
                return Err(ReadError::NotText);
            } else {
                let (sheet, note) = read_csv(&text, file_name)?;
                (FileKind::Csv, Book::Text(sheet, vec![note]))
            }
        }
    };
    let (sheet_names, date_1904) = match &book {
        Book::Xlsx(b) => (b.sheet_names(), b.has_1904_epoch()),
        Book::Xlsb(b) => (b.sheet_names(), b.has_1904_epoch()),
        Book::Xls(b) => (b.sheet_names(), b.has_1904_epoch()),
        Book::Ods(b) => (b.sheet_names(), false),
        Book::Text(sheet, _) => (vec![sheet.name.clone()], false),
    };
    Ok(Workbook {
        kind,
        sheet_names,
        date_1904,
        book,
    })
}

/// A known non-spreadsheet format, by its first bytes.
fn other_format(bytes: &[u8]) -> Option<&'static str> {
    let starts = |sig: &[u8]| bytes.starts_with(sig);
    if starts(b"%PDF") {
        Some("een PDF-document")
    } else if starts(b"\x89PNG") || starts(b"\xFF\xD8\xFF") || starts(b"GIF8") {
        Some("een afbeelding")
    } else if starts(b"\x1F\x8B") {
        Some("een gecomprimeerd bestand (gzip)")
    } else if starts(b"Rar!") || starts(b"7z\xBC\xAF") {
        Some("een gecomprimeerd archief")
    } else if starts(b"{\\rtf") {
        Some("een RTF-document")
    } else {
        None
    }
}

/// Stream the cells of an xlsx or xlsb sheet (the two readers have the same methods but no shared
/// trait): refused as soon as a limit is passed, never read whole first.
macro_rules! stream_cells {
    ($book:expr, $name:expr, $cells:expr, $damaged:expr) => {{
        let mut reader = $book.worksheet_cells_reader($name).map_err(|_| $damaged)?;
        let mut next = || {
            let cell = reader.next_cell().map_err(|_| $damaged)?;
            Ok(cell.map(|cell| (cell.get_position(), from_data_ref(cell.get_value()))))
        };
        while take_cells($cells, &mut next)? {}
    }};
}

impl Workbook<'_> {
    pub fn kind(&self) -> FileKind {
        self.kind
    }

    pub fn sheet_names(&self) -> &[String] {
        &self.sheet_names
    }

    /// Read the sheet called `name`, within the limits.
    pub fn sheet(&mut self, name: &str) -> Result<RawSheet, ReadError> {
        if !self.sheet_names.iter().any(|n| n == name) {
            return Err(ReadError::NoSuchSheet(name.to_string()));
        }
        let damaged = ReadError::Damaged(Some(self.kind));
        let mut cells = Cells::new(name, self.date_1904);
        match &mut self.book {
            Book::Xlsx(book) => stream_cells!(book, name, &mut cells, damaged.clone()),
            Book::Xlsb(book) => stream_cells!(book, name, &mut cells, damaged.clone()),
            // Read whole when the file was opened, within the bounds the guard set.
            Book::Xls(book) => {
                let range = book.worksheet_range(name).map_err(|_| damaged)?;
                cells.take_range(&range)?;
            }
            Book::Ods(book) => {
                let range = book.worksheet_range(name).map_err(|_| damaged)?;
                cells.take_range(&range)?;
            }
            Book::Text(sheet, _) => return Ok(sheet.clone()),
        }
        Ok(cells.finish())
    }

    /// Choose the sheet: by name, or the first with data (notes say when earlier sheets were
    /// empty). A csv or HTML file has one sheet, whatever the name asked for; it is handed over,
    /// not copied, so it is picked once.
    pub fn pick(&mut self, wanted: Option<&str>) -> Result<SheetRead, ReadError> {
        let (kind, sheet_names) = (self.kind, self.sheet_names.clone());
        let read = |sheet, notes| SheetRead {
            kind,
            sheet_names: sheet_names.clone(),
            sheet,
            notes,
        };
        if let Book::Text(sheet, notes) = &mut self.book {
            return Ok(read(std::mem::take(sheet), std::mem::take(notes)));
        }
        if let Some(name) = wanted {
            return Ok(read(self.sheet(name)?, Vec::new()));
        }
        let mut first_error = None;
        for (i, name) in sheet_names.iter().enumerate().take(MAX_SHEETS) {
            match self.sheet(name) {
                Ok(sheet) if !sheet.is_blank() => {
                    let notes = if i > 0 {
                        vec![Problem::notice(format!(
                            "Het werkblad „{name}” is gekozen: de werkbladen ervoor zijn leeg."
                        ))]
                    } else {
                        Vec::new()
                    };
                    return Ok(read(sheet, notes));
                }
                Ok(_) => {}
                Err(e) if e.refuses_file() => return Err(e),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(first_error.unwrap_or(ReadError::AllSheetsEmpty))
    }
}

/// Cells taken from a streaming reader per call of [`take_cells`].
const CELLS_PER_CALL: usize = 4096;

/// Take up to [`CELLS_PER_CALL`] cells from `next`; false when the sheet has ended. A sheet is read in
/// many calls of this function instead of one long loop: V8 optimises a hot wasm function in the
/// background and uses that code from the function's *next* call (there is no on-stack replacement
/// for wasm), so one loop over a million cells would run unoptimised to its end (BENCHMARKS.md).
#[inline(never)]
fn take_cells(
    cells: &mut Cells,
    next: &mut impl FnMut() -> Result<Option<((u32, u32), RawCell)>, ReadError>,
) -> Result<bool, ReadError> {
    for _ in 0..CELLS_PER_CALL {
        match next()? {
            Some(((row, col), cell)) => cells.push(row as usize, col as usize, cell)?,
            None => return Ok(false),
        }
    }
    Ok(true)
}

/// Cells collected by position, within the limits.
struct Cells {
    sheet: RawSheet,
    /// Non-empty cells pushed.
    count: u64,
    /// Cells held, the empty ones before a cell in its row included: a sparse sheet (one cell far
    /// to the right in every row) is bounded by [`MAX_CELLS`] like a full one.
    slots: u64,
    /// [`MAX_CELLS`], lower in tests.
    limit: u64,
}

impl Cells {
    fn new(name: &str, date_1904: bool) -> Cells {
        Cells {
            sheet: RawSheet {
                name: name.to_string(),
                rows: Vec::new(),
                date_1904,
            },
            count: 0,
            slots: 0,
            limit: MAX_CELLS,
        }
    }

    fn push(&mut self, row: usize, col: usize, cell: RawCell) -> Result<(), ReadError> {
        if cell == RawCell::Empty {
            return Ok(());
        }
        self.count += 1;
        if row >= MAX_ROWS {
            return Err(ReadError::TooManyRows);
        }
        if col >= MAX_COLUMNS {
            return Err(ReadError::TooManyColumns);
        }
        if self.count > self.limit {
            return Err(ReadError::TooMuch);
        }
        let rows = &mut self.sheet.rows;
        if rows.len() <= row {
            rows.resize_with(row + 1, Vec::new);
        }
        // A new row gets room for as many cells as the row above it had (rows come in order), instead
        // of growing cell by cell; never more than twice what the rows really hold.
        let hint = match row.checked_sub(1).and_then(|above| rows.get(above)) {
            Some(above) if rows.get(row).is_some_and(Vec::is_empty) => above.len(),
            _ => 0,
        };
        let Some(cells) = rows.get_mut(row) else {
            return Ok(()); // not reached: the rows were just resized to hold `row`
        };
        if cells.len() <= col {
            self.slots += (col + 1 - cells.len()) as u64;
            if self.slots > self.limit {
                return Err(ReadError::TooMuch);
            }
            if hint > col {
                cells.reserve_exact(hint);
            }
            cells.resize(col + 1, RawCell::Empty);
        }
        if let Some(slot) = cells.get_mut(col) {
            *slot = cell;
        }
        Ok(())
    }

    /// The cells of a sheet calamine read whole (xls, ods).
    fn take_range(&mut self, range: &calamine::Range<Data>) -> Result<(), ReadError> {
        let Some((row0, col0)) = range.start() else {
            return Ok(());
        };
        for (r, c, data) in range.used_cells() {
            let row = (row0 as usize).saturating_add(r);
            let col = (col0 as usize).saturating_add(c);
            self.push(row, col, from_data(data))?;
        }
        Ok(())
    }

    fn finish(self) -> RawSheet {
        self.sheet
    }
}

fn from_data(data: &Data) -> RawCell {
    match data {
        Data::Empty => RawCell::Empty,
        Data::String(s) => RawCell::Text(s.clone()),
        Data::Int(i) => RawCell::Number(*i as f64),
        Data::Float(f) => RawCell::Number(*f),
        Data::Bool(b) => RawCell::Bool(*b),
        Data::DateTime(dt) if dt.is_duration() => RawCell::Number(dt.as_f64()),
        Data::DateTime(dt) => RawCell::Date(dt.as_f64()),
        Data::DateTimeIso(s) => RawCell::DateIso(s.clone()),
        Data::DurationIso(s) => RawCell::Text(s.clone()),
        Data::Error(e) => RawCell::Error(e.to_string()),
    }
}

fn from_data_ref(data: &DataRef<'_>) -> RawCell {
    match data {
        DataRef::Empty => RawCell::Empty,
        DataRef::String(s) => RawCell::Text(s.clone()),
        DataRef::SharedString(s) => RawCell::Text((*s).to_string()),
        DataRef::Int(i) => RawCell::Number(*i as f64),
        DataRef::Float(f) => RawCell::Number(*f),
        DataRef::Bool(b) => RawCell::Bool(*b),
        DataRef::DateTime(dt) if dt.is_duration() => RawCell::Number(dt.as_f64()),
        DataRef::DateTime(dt) => RawCell::Date(dt.as_f64()),
        DataRef::DateTimeIso(s) => RawCell::DateIso(s.clone()),
        DataRef::DurationIso(s) => RawCell::Text(s.clone()),
        DataRef::Error(e) => RawCell::Error(e.to_string()),
    }
}

// ---- text: csv and HTML -----------------------------------------------------------------------

/// Decode text: a byte-order mark decides (UTF-8, UTF-16 LE/BE); else UTF-8 when it is valid,
/// else Windows-1252 (what Excel's "CSV" and most Dutch administrations write). The officer is not
/// told which: a character set's name is jargon, and a wrong one shows as `?` in names, which
/// Bestanden warns about.
fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default());
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text.into_owned()
        }
    }
}

fn looks_like_html(text: &str) -> bool {
    let start: String = text
        .trim_start()
        .chars()
        .take(200)
        .collect::<String>()
        .to_lowercase();
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<table")
        || (start.starts_with('<') && text.to_lowercase().contains("<table"))
}

const DELIMITERS: [(u8, &str); 4] = [
    (b';', "puntkomma"),
    (b',', "komma"),
    (b'\t', "tab"),
    (b'|', "verticale streep"),
];

/// The delimiter that splits the first lines most consistently into more than one field.
fn sniff_delimiter(text: &str) -> (u8, &'static str) {
    let sample: String = text.lines().take(50).collect::<Vec<_>>().join("\n");
    let mut best = (0usize, 0usize, DELIMITERS[0]);
    for candidate in DELIMITERS {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(candidate.0)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample.as_bytes());
        let counts: Vec<usize> = reader
            .records()
            .take(50)
            .filter_map(Result::ok)
            .map(|r| r.len())
            .filter(|&n| n > 1)
            .collect();
        // The most common field count and how many lines have it.
        let mut mode = (0usize, 0usize);
        for &n in &counts {
            let times = counts.iter().filter(|&&m| m == n).count();
            if (times, n) > (mode.1, mode.0) {
                mode = (n, times);
            }
        }
        if (mode.1, mode.0) > (best.0, best.1) {
            best = (mode.1, mode.0, candidate);
        }
    }
    best.2
}

/// A csv file's one sheet, and a note on how it was read.
fn read_csv(text: &str, file_name: &str) -> Result<(RawSheet, Problem), ReadError> {
    let (delimiter, delimiter_name) = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut cells = Cells::new(&sheet_name(file_name), false);
    // The csv reader skips empty lines; a spreadsheet shows them as rows. Count them back in, so
    // that row numbers match what the user sees when opening the file.
    let mut row = 0usize;
    let mut next_line = 1u64;
    for record in reader.records() {
        let record = record.map_err(|_| ReadError::Damaged(Some(FileKind::Csv)))?;
        // The position is where the reader started looking: before any empty lines it skipped.
        let start = record.position().map_or(next_line, |p| {
            let from = usize::try_from(p.byte()).unwrap_or(0).min(text.len());
            let skipped = (text.as_bytes().get(from..).unwrap_or_default())
                .iter()
                .take_while(|b| matches!(b, b'\n' | b'\r'))
                .filter(|b| **b == b'\n')
                .count();
            p.line() + skipped as u64
        });
        row += usize::try_from(start.saturating_sub(next_line)).unwrap_or(MAX_ROWS);
        if record.len() > MAX_COLUMNS {
            return Err(ReadError::TooManyColumns);
        }
        if row >= MAX_ROWS {
            return Err(ReadError::TooManyRows);
        }
        let mut breaks = 0u64;
        for (col, field) in record.iter().enumerate() {
            breaks += field.matches('\n').count() as u64;
            if !field.is_empty() {
                cells.push(row, col, RawCell::Text(field.to_string()))?;
            }
        }
        if cells.sheet.rows.len() <= row {
            cells.sheet.rows.resize_with(row + 1, Vec::new);
        }
        next_line = start + 1 + breaks;
        row += 1;
    }
    let sheet = cells.finish();
    if sheet.is_blank() {
        return Err(ReadError::NoData);
    }
    let note = Problem::notice(format!(
        "Gelezen als tekstbestand, met een {delimiter_name} tussen de kolommen."
    ));
    Ok((sheet, note))
}

/// A csv file has one sheet: named after the file.
fn sheet_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    base.rsplit_once('.')
        .map_or(base, |(stem, _)| stem)
        .to_string()
}

/// The first `<table>` of an HTML file: its rows (`<tr>`) and cells (`<td>`, `<th>`), tags inside
/// cells dropped, entities decoded.
fn read_html(text: &str, file_name: &str) -> Result<(RawSheet, Problem), ReadError> {
    let lower = text.to_ascii_lowercase();
    let Some(start) = lower.find("<table") else {
        return Err(ReadError::HtmlWithoutTable);
    };
    let end = lower[start..]
        .find("</table")
        .map_or(text.len(), |e| start + e);
    let table = &text[start..end];
    let table_lower = &lower[start..end];
    let mut cells = Cells::new(&sheet_name(file_name), false);
    let mut row = 0usize;
    for (tr_at, _) in table_lower.match_indices("<tr") {
        let tr_end = table_lower[tr_at + 3..]
            .find("<tr")
            .map_or(table.len(), |e| tr_at + 3 + e);
        let tr = &table[tr_at..tr_end];
        let tr_lower = &table_lower[tr_at..tr_end];
        let starts: Vec<usize> = tr_lower
            .match_indices('<')
            .map(|(i, _)| i)
            .filter(|&i| tr_lower[i..].starts_with("<td") || tr_lower[i..].starts_with("<th"))
            .collect();
        for (col, &cell_at) in starts.iter().enumerate() {
            let next = starts.get(col + 1).copied().unwrap_or(tr.len());
            // The tag's `>` is looked for only up to the next cell: a row of cells without one
            // (a hostile file) is read in one pass instead of once per cell.
            let open_end = tr
                .get(cell_at..next)
                .and_then(|cell| cell.find('>'))
                .map_or(next, |e| cell_at + e + 1);
            let inner = tr.get(open_end..next).unwrap_or("");
            let inner = inner.split_once("</t").map_or(inner, |(before, _)| before);
            let value = html_text(inner);
            if !value.is_empty() {
                cells.push(row, col, RawCell::Text(value))?;
            }
        }
        row += 1;
        if row > MAX_ROWS {
            return Err(ReadError::TooManyRows);
        }
    }
    let sheet = cells.finish();
    if sheet.is_blank() {
        return Err(ReadError::HtmlEmptyTable);
    }
    let note = Problem::notice(
        "Dit bestand is een webpagina (HTML) met een tabel, opgeslagen als xls. Koppelhulp heeft \
         de tabel gelezen.",
    );
    Ok((sheet, note))
}

/// The text of an HTML fragment: tags dropped, entities decoded, white space collapsed.
fn html_text(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = decode_entities(&out);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // An entity is short: its `;` is looked for in the next ten bytes only (not to the end
        // of the text, which would make a cell of a million `&` quadratic).
        let Some(semi) = after.bytes().take(11).position(|b| b == b';') else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let entity = &after[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" | "#39" => Some('\''),
            "nbsp" => Some(' '),
            _ => entity.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sheet: &RawSheet) -> Vec<Vec<String>> {
        sheet
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        RawCell::Text(t) => t.clone(),
                        RawCell::Empty => String::new(),
                        other => format!("{other:?}"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn csv_delimiters_and_encodings_are_detected() {
        let cases: [(&[u8], Vec<Vec<&str>>); 6] = [
            (
                b"BSN;Naam\r\n1;Jos\xe9\r\n",
                vec![vec!["BSN", "Naam"], vec!["1", "José"]],
            ),
            (
                "BSN,Naam\n1,\"Berg, van der\"\n".as_bytes(),
                vec![vec!["BSN", "Naam"], vec!["1", "Berg, van der"]],
            ),
            (
                b"\xef\xbb\xbfBSN\tNaam\n1\tJ\xc3\xa9\n",
                vec![vec!["BSN", "Naam"], vec!["1", "Jé"]],
            ),
            (
                b"BSN|Naam\n1|Ans\n",
                vec![vec!["BSN", "Naam"], vec!["1", "Ans"]],
            ),
            (
                b"Lijst;;\n\nBSN;Naam;Klas\n1;Ans;3a\n",
                vec![
                    vec!["Lijst"],
                    vec![],
                    vec!["BSN", "Naam", "Klas"],
                    vec!["1", "Ans", "3a"],
                ],
            ),
            (
                b"\xff\xfeB\x00S\x00N\x00;\x00N\x00\n\x001\x00;\x00\xe9\x00\n\x00",
                vec![vec!["BSN", "N"], vec!["1", "é"]],
            ),
        ];
        for (bytes, expected) in cases {
            let read = read_sheet(bytes, "lijst.csv", None).unwrap();
            assert_eq!(read.kind, FileKind::Csv);
            assert_eq!(read.sheet.name, "lijst");
            assert_eq!(texts(&read.sheet), expected, "{bytes:?}");
        }
    }

    #[test]
    fn html_tables_saved_as_xls_are_read() {
        let html = b"<html><body><table><tr><th>BSN</th><th>Naam</th></tr>\
            <tr><td>1</td><td><b>Jansen</b> &amp; Zn&#233;</td></tr></table></body></html>";
        let read = read_sheet(html, "export.xls", None).unwrap();
        assert_eq!(read.kind, FileKind::Html);
        assert_eq!(
            texts(&read.sheet),
            [vec!["BSN", "Naam"], vec!["1", "Jansen & Zné"]]
        );
        let no_table = read_sheet(
            b"<html><body><p>Sessie verlopen</p></body></html>",
            "export.xls",
            None,
        );
        assert!(no_table.unwrap_err().message.contains("zonder tabel"));
    }

    /// A 6 MB "xls" that is a web page whose one row holds two million `<td` without `>` (and a
    /// cell of a million `&` without `;`): read in one pass. Before, every cell looked for its `>`
    /// to the end of the row, and this test ran for minutes.
    #[test]
    fn hostile_html_rows_are_read_in_one_pass() {
        let mut html = String::from("<html><body><table><tr><td>BSN</td><td>");
        html.push_str(&"&".repeat(1_000_000));
        html.push_str("</td></tr><tr>");
        html.push_str(&"<td".repeat(2_000_000));
        html.push_str("</tr></table></body></html>");
        assert!(html.len() > 6_000_000);
        let read = read_sheet(html.as_bytes(), "export.xls", None).unwrap();
        assert_eq!(read.kind, FileKind::Html);
        let rows = texts(&read.sheet);
        assert_eq!(rows.first().and_then(|r| r.first()).unwrap(), "BSN");
        assert_eq!(rows[0][1].len(), 1_000_000);
        assert!(rows.iter().skip(1).all(|r| r.iter().all(String::is_empty)));
    }

    /// One cell far to the right in every row holds a whole row of empty cells before it: those
    /// count against the cell limit too, so a sparse sheet cannot allocate past it.
    #[test]
    fn sparse_rows_count_against_the_cell_limit() {
        let mut cells = Cells::new("Blad1", false);
        cells.limit = 1_000;
        for row in 0..9 {
            cells.push(row, 99, RawCell::Number(1.0)).unwrap();
        }
        assert_eq!(cells.count, 9);
        assert_eq!(cells.slots, 900);
        assert_eq!(
            cells.push(9, 199, RawCell::Number(1.0)),
            Err(ReadError::TooMuch)
        );
        assert_eq!(
            cells.sheet.rows.iter().map(Vec::len).sum::<usize>(),
            900,
            "refused before the row grew"
        );
        // A full sheet within the limit is read as before.
        let mut full = Cells::new("Blad1", false);
        full.limit = 1_000;
        for row in 0..10 {
            for col in 0..100 {
                full.push(row, col, RawCell::Number(1.0)).unwrap();
            }
        }
        assert_eq!(full.finish().rows.len(), 10);
    }

    #[test]
    fn files_that_are_not_spreadsheets_say_what_they_are() {
        let cases: [(&[u8], &str); 6] = [
            (b"", "leeg (0 bytes)"),
            (b"%PDF-1.7 ...", "PDF"),
            (b"\x89PNG\r\n\x1a\n....", "afbeelding"),
            (b"PK\x03\x04 not really a zip", "beschadigd"),
            (
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 truncated ole",
                "beschadigd",
            ),
            (b"abc\0\0\0def", "geen spreadsheet"),
        ];
        for (bytes, expected) in cases {
            let message = read_sheet(bytes, "x.xlsx", None).unwrap_err().message;
            assert!(message.contains(expected), "{bytes:?}: {message}");
        }
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert!(
            read_sheet(&big, "x.csv", None)
                .unwrap_err()
                .message
                .contains("64 MB")
        );
    }

    #[test]
    fn a_limit_refuses_the_file_a_damaged_sheet_does_not() {
        // The first sheet passes the column limit: no later sheet is tried.
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet()
            .write_string(0, MAX_COLUMNS as u16, "te ver")
            .unwrap();
        book.add_worksheet().write_string(0, 0, "BSN").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let error = open(&bytes, "x.xlsx", Accept::AnyTable)
            .unwrap()
            .pick(None)
            .unwrap_err();
        assert_eq!(error, ReadError::TooManyColumns);
        assert!(error.refuses_file());
        assert!(!ReadError::Damaged(Some(FileKind::Xlsx)).refuses_file());
        // Workbooks only: text is refused before it is decoded.
        assert_eq!(
            open(b"BSN;Naam\n", "x.csv", Accept::Workbooks).err(),
            Some(ReadError::NotWorkbook)
        );
        assert_eq!(
            open(&bytes, "x.xlsx", Accept::Workbooks)
                .unwrap()
                .sheet("Blad9")
                .err(),
            Some(ReadError::NoSuchSheet("Blad9".into()))
        );
    }

    #[test]
    fn thousands_cases() {
        assert_eq!(thousands(100_000), "100.000");
        assert_eq!(thousands(32_767), "32.767");
        assert_eq!(thousands(200), "200");
        assert_eq!(thousands(1_048_576), "1.048.576");
    }

    #[test]
    fn entities_decode_and_stray_ampersands_stay() {
        assert_eq!(
            decode_entities("a &amp; b &#x41; &unknown; & c"),
            "a & b A &unknown; & c"
        );
    }
}
