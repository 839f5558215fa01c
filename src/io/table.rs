//! Any register export in, one [`RawSheet`] out: xlsx, xlsm, xlsb, xls (BIFF8), ods, csv/txt
//! (encoding and delimiter detected) and the HTML tables some systems save as `.xls`.
//!
//! The format is found from the bytes, not the name. Every way a file can fail gives a Dutch
//! [`Problem`], never a panic: empty, too big, not a spreadsheet (and what it seems to be), damaged
//! or truncated, a zip bomb (the sizes in the zip's directory are added up before anything is
//! unpacked), password-protected, too many rows or columns, no sheet with data. Damaged xls files
//! pass `xls_guard` first, because calamine's xls reader trusts its input.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};
use serde::{Deserialize, Serialize};

use super::koci_xlsx::{xls_guard, zip_guard};
use crate::core::Problem;
use crate::core::table::{RawCell, RawSheet};

/// Files up to this size are read (50 MB must work; the limit is shown to the user).
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;
/// The most rows in a sheet (Excel's own limit).
pub const MAX_ROWS: usize = 1_048_576;
/// The most columns read.
pub const MAX_COLUMNS: usize = 500;
/// The most cells (values) in one sheet: bounds memory whatever the file says.
const MAX_CELLS: u64 = 30_000_000;

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
    if bytes.is_empty() {
        return Err(Problem::error(
            "Het bestand is leeg (0 bytes). Kies het bestand opnieuw, of maak de export opnieuw.",
        ));
    }
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(Problem::error(format!(
            "Het bestand is te groot ({} MB). Koppelhulp leest bestanden tot {} MB. Verdeel de \
             gegevens over meer bestanden, of laat overbodige kolommen weg.",
            bytes.len().div_ceil(1024 * 1024),
            MAX_IMPORT_BYTES / (1024 * 1024)
        )));
    }
    if xls_guard::is_ole(bytes) {
        return read_ole(bytes, sheet);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_zip(bytes, sheet);
    }
    if let Some(what) = other_format(bytes) {
        return Err(Problem::error(format!(
            "Dit is geen spreadsheet maar {what}. Koppelhulp leest Excel (xlsx, xls), \
             LibreOffice (ods) en csv. Kies het bestand met de leerlingen."
        )));
    }
    let text = decode(bytes);
    if looks_like_html(&text.0) {
        return read_html(&text.0, file_name);
    }
    if text.0.contains('\0') {
        return Err(Problem::error(
            "Koppelhulp kan dit bestand niet lezen: het is geen spreadsheet en geen tekstbestand. \
             Kies een Excel-, LibreOffice- of csv-bestand.",
        ));
    }
    read_csv(&text.0, text.1, file_name)
}

fn password() -> Problem {
    Problem::error(
        "Het bestand is beveiligd met een wachtwoord. Sla het bestand op zonder wachtwoord en \
         probeer opnieuw.",
    )
}

fn damaged(kind: &str) -> Problem {
    Problem::error(format!(
        "Koppelhulp kan dit {kind}bestand niet lezen: het is beschadigd of niet helemaal gedownload. \
         Open het in Excel of LibreOffice, sla het opnieuw op en kies het opnieuw."
    ))
}

fn too_much() -> Problem {
    Problem::error(format!(
        "Dit bestand bevat meer gegevens dan Koppelhulp veilig kan lezen (hoogstens 1.048.576 \
         rijen en {MAX_COLUMNS} kolommen per werkblad, en niet meer dan 512 MB uitgepakt). Is dit \
         het goede bestand? Haal anders overbodige werkbladen, rijen en kolommen weg en probeer \
         opnieuw."
    ))
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

// ---- xls and encrypted OOXML (OLE files) ------------------------------------------------------

fn read_ole(bytes: &[u8], sheet: Option<&str>) -> Result<SheetRead, Problem> {
    // An encrypted xlsx is an OLE file with an "EncryptedPackage" stream.
    if contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo") {
        return Err(password());
    }
    let data: Cow<'_, [u8]> = xls_guard::prepare(bytes).map_err(|r| match r {
        xls_guard::Refusal::TooLarge => too_much(),
        xls_guard::Refusal::Damaged(_) => damaged("Excel-"),
    })?;
    let mut book = match calamine::open_workbook_from_rs::<Xls<_>, _>(Cursor::new(data)) {
        Ok(b) => b,
        Err(calamine::XlsError::Password) => return Err(password()),
        Err(_) => return Err(damaged("Excel-")),
    };
    let names = book.sheet_names();
    let date_1904 = book.has_1904_epoch();
    pick(FileKind::Xls, names, sheet, |name| {
        let range = book.worksheet_range(name).map_err(|_| damaged("Excel-"))?;
        from_range(&range, date_1904, name)
    })
}

fn contains_utf16(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    // Directory entries are in the first sectors of small files; search the whole file, it is cheap.
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

// ---- xlsx, xlsm, xlsb, ods (zip files) --------------------------------------------------------

/// Pick the sheet of an xlsx or xlsb workbook and stream its cells (the two readers have the same
/// methods but no shared trait): refused as soon as a limit is passed, never read whole first.
macro_rules! stream_cells {
    ($kind:expr, $book:ident, $sheet:expr) => {{
        let mut book = $book;
        let names = book.sheet_names();
        let date_1904 = book.has_1904_epoch();
        pick($kind, names, $sheet, |name| {
            let mut reader = book
                .worksheet_cells_reader(name)
                .map_err(|_| damaged("Excel-"))?;
            let mut cells = Cells::new(name, date_1904);
            let mut next = || {
                let cell = reader.next_cell().map_err(|_| damaged("Excel-"))?;
                Ok(cell.map(|cell| (cell.get_position(), from_data_ref(cell.get_value()))))
            };
            while take_cells(&mut cells, &mut next)? {}
            Ok(cells.finish())
        })
    }};
}

fn read_zip(bytes: &[u8], sheet: Option<&str>) -> Result<SheetRead, Problem> {
    let parts = zip_guard::check(bytes).map_err(|r| match r {
        zip_guard::Refusal::TooLarge => too_much(),
        zip_guard::Refusal::Damaged => damaged(""),
    })?;
    if zip_guard::is_opendocument(bytes) {
        let mut book = match calamine::open_workbook_from_rs::<Ods<_>, _>(Cursor::new(bytes)) {
            Ok(b) => b,
            Err(calamine::OdsError::Password) => return Err(password()),
            Err(_) => return Err(damaged("LibreOffice-")),
        };
        let names = book.sheet_names();
        return pick(FileKind::Ods, names, sheet, |name| {
            let range = book
                .worksheet_range(name)
                .map_err(|_| damaged("LibreOffice-"))?;
            from_range(&range, false, name)
        });
    }
    if parts.contains(&&b"xl/workbook.bin"[..]) {
        let book = match calamine::open_workbook_from_rs::<Xlsb<_>, _>(Cursor::new(bytes)) {
            Ok(b) => b,
            Err(calamine::XlsbError::Password) => return Err(password()),
            Err(_) => return Err(damaged("Excel-")),
        };
        return stream_cells!(FileKind::Xlsb, book, sheet);
    }
    if !parts.iter().any(|p| p.starts_with(b"xl/")) {
        return Err(Problem::error(
            "Dit is een zip-bestand, maar geen spreadsheet (misschien een Word-document of een \
             map met bestanden). Kies het Excel-, LibreOffice- of csv-bestand met de leerlingen.",
        ));
    }
    let book = match calamine::open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(calamine::XlsxError::Password) => return Err(password()),
        Err(_) => return Err(damaged("Excel-")),
    };
    stream_cells!(FileKind::Xlsx, book, sheet)
}

/// Choose the sheet: by name, or the first with data (notes say when earlier sheets were empty).
fn pick(
    kind: FileKind,
    names: Vec<String>,
    wanted: Option<&str>,
    mut load: impl FnMut(&str) -> Result<RawSheet, Problem>,
) -> Result<SheetRead, Problem> {
    if let Some(name) = wanted {
        if !names.iter().any(|n| n == name) {
            return Err(Problem::error(format!(
                "Het werkblad „{name}” staat niet in dit bestand."
            )));
        }
        let sheet = load(name)?;
        return Ok(SheetRead {
            kind,
            sheet_names: names,
            sheet,
            notes: Vec::new(),
        });
    }
    let mut first_error = None;
    for (i, name) in names.iter().enumerate().take(100) {
        match load(name) {
            Ok(sheet) if sheet.rows.iter().any(|r| r.iter().any(|c| !c.is_blank())) => {
                let notes = if i > 0 {
                    vec![Problem::notice(format!(
                        "Het werkblad „{name}” is gekozen: de werkbladen ervoor zijn leeg."
                    ))]
                } else {
                    Vec::new()
                };
                return Ok(SheetRead {
                    kind,
                    sheet_names: names,
                    sheet,
                    notes,
                });
            }
            Ok(_) => {}
            Err(p) if p.message.contains("veilig") => return Err(p),
            Err(p) => {
                first_error.get_or_insert(p);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| {
        Problem::error("Alle werkbladen in dit bestand zijn leeg. Is dit het goede bestand?")
    }))
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
    next: &mut impl FnMut() -> Result<Option<((u32, u32), RawCell)>, Problem>,
) -> Result<bool, Problem> {
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
    count: u64,
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
        }
    }

    fn push(&mut self, row: usize, col: usize, cell: RawCell) -> Result<(), Problem> {
        if cell == RawCell::Empty {
            return Ok(());
        }
        self.count += 1;
        if row >= MAX_ROWS || col >= MAX_COLUMNS || self.count > MAX_CELLS {
            return Err(too_much());
        }
        let rows = &mut self.sheet.rows;
        if rows.len() <= row {
            rows.resize_with(row + 1, Vec::new);
        }
        // A new row gets room for as many cells as the row above it had (rows come in order), instead
        // of growing cell by cell; never more than twice what the rows really hold.
        let hint = match row.checked_sub(1).map(|above| rows[above].len()) {
            Some(width) if rows[row].is_empty() => width,
            _ => 0,
        };
        let cells = &mut rows[row];
        if cells.len() <= col {
            if hint > col {
                cells.reserve_exact(hint);
            }
            cells.resize(col + 1, RawCell::Empty);
        }
        cells[col] = cell;
        Ok(())
    }

    fn finish(self) -> RawSheet {
        self.sheet
    }
}

fn from_range(
    range: &calamine::Range<Data>,
    date_1904: bool,
    name: &str,
) -> Result<RawSheet, Problem> {
    let mut cells = Cells::new(name, date_1904);
    let Some((row0, col0)) = range.start() else {
        return Ok(cells.finish());
    };
    for (r, c, data) in range.used_cells() {
        let row = (row0 as usize).saturating_add(r);
        let col = (col0 as usize).saturating_add(c);
        cells.push(row, col, from_data(data))?;
    }
    Ok(cells.finish())
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
/// else Windows-1252 (what Excel's "CSV" and most Dutch administrations write).
fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), encoding.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), "Windows-1252")
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

fn read_csv(text: &str, encoding: &str, file_name: &str) -> Result<SheetRead, Problem> {
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
        let record = record.map_err(|_| damaged("csv-"))?;
        // The position is where the reader started looking: before any empty lines it skipped.
        let start = record.position().map_or(next_line, |p| {
            let skipped = text.as_bytes()[usize::try_from(p.byte()).unwrap_or(0).min(text.len())..]
                .iter()
                .take_while(|b| matches!(b, b'\n' | b'\r'))
                .filter(|b| **b == b'\n')
                .count();
            p.line() + skipped as u64
        });
        row += usize::try_from(start.saturating_sub(next_line)).unwrap_or(MAX_ROWS);
        if record.len() > MAX_COLUMNS || row >= MAX_ROWS {
            return Err(too_much());
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
    if sheet.rows.iter().all(|r| r.iter().all(RawCell::is_blank)) {
        return Err(Problem::error("Het bestand bevat geen gegevens."));
    }
    Ok(SheetRead {
        kind: FileKind::Csv,
        sheet_names: vec![sheet.name.clone()],
        sheet,
        notes: vec![Problem::notice(format!(
            "Gelezen als tekst in {encoding}, kolommen gescheiden door een {delimiter_name}."
        ))],
    })
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
fn read_html(text: &str, file_name: &str) -> Result<SheetRead, Problem> {
    let lower = text.to_ascii_lowercase();
    let Some(start) = lower.find("<table") else {
        return Err(Problem::error(
            "Dit bestand is een webpagina (HTML) zonder tabel, geen spreadsheet. Open het in een \
             browser of in Excel, sla het op als Excel-werkmap (.xlsx) en probeer opnieuw.",
        ));
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
            let open_end = tr[cell_at..]
                .find('>')
                .map_or(tr.len(), |e| cell_at + e + 1);
            let next = starts.get(col + 1).copied().unwrap_or(tr.len());
            let inner = tr.get(open_end.min(next)..next).unwrap_or("");
            let inner = inner.split_once("</t").map_or(inner, |(before, _)| before);
            let value = html_text(inner);
            if !value.is_empty() {
                cells.push(row, col, RawCell::Text(value))?;
            }
        }
        row += 1;
        if row > MAX_ROWS {
            return Err(too_much());
        }
    }
    let sheet = cells.finish();
    if sheet.rows.iter().all(|r| r.iter().all(RawCell::is_blank)) {
        return Err(Problem::error(
            "Dit bestand is een webpagina (HTML) met een lege tabel, geen spreadsheet met gegevens.",
        ));
    }
    Ok(SheetRead {
        kind: FileKind::Html,
        sheet_names: vec![sheet.name.clone()],
        sheet,
        notes: vec![Problem::notice(
            "Dit bestand is een webpagina (HTML) met een tabel, opgeslagen als xls. Koppelhulp heeft \
             de tabel gelezen.",
        )],
    })
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
        let Some(semi) = after.find(';').filter(|&s| s <= 10) else {
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
        let big = vec![b'a'; MAX_IMPORT_BYTES + 1];
        assert!(
            read_sheet(&big, "x.csv", None)
                .unwrap_err()
                .message
                .contains("64 MB")
        );
    }

    #[test]
    fn entities_decode_and_stray_ampersands_stay() {
        assert_eq!(
            decode_entities("a &amp; b &#x41; &unknown; & c"),
            "a & b A &unknown; & c"
        );
    }
}
