//! DUO's koppelbestand ("Koppelen gegevens") as an Excel file: its layout, writing the rows under
//! its headers, and turning a sheet read back into rows.
//!
//! - [`read_template`] finds the header row of DUO's own (empty) template and keeps its sheet
//!   name, its title rows and every header in its order, also the ones Koppelhulp does not know
//!   (those columns stay empty).
//! - [`write_koci`] writes an xlsx in that layout, or in [`KociLayout::default_layout`]: numbers as
//!   text (leading zeros kept), dates as real Excel dates shown `dd-mm-jjjj`, geslacht as its code.
//!   It never writes a formula; text that a spreadsheet could take for one (`=`, `+`, `-`, `@`, tab,
//!   CR, LF, NUL in front) gets Excel's quote prefix, the text itself is unchanged.
//! - [`read_koci`] reads such a file back into raw rows, also one filled in by hand.
//!
//! The bytes are read by `io::table` (xlsx, xlsm, xlsb, xls, ods; not csv), within the limits and
//! with the messages of `io::guard` and `io::table`; this module looks at the [`RawSheet`]s it gives.
//! A koppelbestand has at most [`MAX_DATA_ROWS`] rows under a header in the first
//! [`MAX_HEADER_ROW`] rows.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::guard::{MAX_COLUMNS, MAX_SHEETS};
use super::table::{self, Accept, FileKind, thousands};
use koppelhulp_core::Problem;
use koppelhulp_core::import::values::{cell_text, from_serial, number_text};
use koppelhulp_core::koci_layout::KociLayout;
use koppelhulp_core::koppelregel::{Field, Koppelregel, NormalisedRow, format_date};
use koppelhulp_core::table::{RawCell, RawSheet};

/// The most rows under the header that are read or written.
pub const MAX_DATA_ROWS: u32 = 100_000;
/// The header must be in the first this many rows of a sheet.
pub const MAX_HEADER_ROW: u32 = 1_000;
/// Excel's longest cell text.
const MAX_CELL_CHARS: usize = 32_767;

// ---- Reading --------------------------------------------------------------------------------

/// The cells of a row that hold something (an empty text counts as empty), with their column.
/// Unlike [`RawCell::is_blank`], a cell of only spaces counts: a koppelbestand is read back, and a
/// template checked, as written (`whitespace_counts_as_written`).
pub(crate) fn filled(row: &[RawCell]) -> impl DoubleEndedIterator<Item = (usize, &RawCell)> {
    row.iter().enumerate().filter(|(_, cell)| {
        !matches!(cell, RawCell::Empty) && !matches!(cell, RawCell::Text(t) if t.is_empty())
    })
}

/// `2012-03-05`, `2012-03-05T00:00:00` (how ods stores a date) as `05-03-2012`.
fn iso_date(s: &str) -> Option<String> {
    let date = s.get(..10).unwrap_or(s);
    let parts: Vec<&str> = date.split('-').collect();
    if let [y, m, d] = parts.as_slice()
        && y.len() == 4
        && m.len() == 2
        && d.len() == 2
        && [y, m, d]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Some(format!("{d}-{m}-{y}"));
    }
    None
}

/// The text of a cell as a person reads it: dates as `dd-mm-jjjj` (the time of day dropped).
fn display_text(cell: &RawCell, date_1904: bool) -> String {
    match cell {
        RawCell::Date(serial) => {
            from_serial(*serial, date_1904).map_or_else(|| number_text(*serial), format_date)
        }
        RawCell::DateIso(s) => iso_date(s).unwrap_or_else(|| s.clone()),
        other => cell_text(other).into_owned(),
    }
}

/// The fields a header row maps, or `None` when it is not a header row (fewer than 2 known
/// fields). A field named twice counts once: its later columns are `None`.
pub(crate) fn header_columns(
    row: &[RawCell],
    date_1904: bool,
) -> Option<(Vec<String>, Vec<Option<Field>>)> {
    let width = filled(row).next_back().map(|(col, _)| col + 1)?;
    let mut headers = vec![String::new(); width];
    let mut columns = vec![None; width];
    let mut known = 0;
    let mut known_fields: Vec<Field> = Vec::new();
    for (col, cell) in filled(row) {
        let (Some(header), Some(column)) = (headers.get_mut(col), columns.get_mut(col)) else {
            continue; // not reached: both are as wide as the row's last filled cell
        };
        let RawCell::Text(text) = cell else {
            *header = display_text(cell, date_1904);
            continue;
        };
        *header = text.clone();
        if let Some(field) = Field::from_header(text)
            && !known_fields.contains(&field)
        {
            *column = Some(field);
            known_fields.push(field);
            known += 1;
        }
    }
    (known >= 2).then_some((headers, columns))
}

/// One row's cells as text from column A, trailing empty cells left off.
fn row_texts(row: &[RawCell], date_1904: bool) -> Vec<String> {
    let width = filled(row).next_back().map_or(0, |(col, _)| col + 1);
    let mut out = vec![String::new(); width];
    for (col, cell) in filled(row) {
        if let Some(text) = out.get_mut(col) {
            *text = display_text(cell, date_1904);
        }
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

fn too_many_rows() -> Problem {
    Problem::error(format!(
        "Dit bestand heeft te veel regels. Koppelhulp leest hoogstens {} regels per bestand. \
         Verdeel de leerlingen over meer bestanden.",
        thousands(MAX_DATA_ROWS as usize)
    ))
}

/// The first sheet with a header row: its layout, the sheet, and the kind of file.
pub(crate) fn find_layout(bytes: &[u8]) -> Result<(KociLayout, RawSheet, FileKind), Problem> {
    let mut book = table::open(bytes, "", Accept::Workbooks)?;
    let kind = book.kind();
    let names = book.sheet_names().to_vec();
    let mut unread = None;
    for name in names.iter().take(MAX_SHEETS) {
        let sheet = match book.sheet(name) {
            Ok(sheet) => sheet,
            Err(error) if error.refuses_file() => return Err(error.into()),
            // A chart sheet, a damaged part: another sheet may do.
            Err(error) => {
                unread.get_or_insert(error);
                continue;
            }
        };
        let found = (sheet.rows.iter().take(MAX_HEADER_ROW as usize).enumerate())
            .find_map(|(row, cells)| header_columns(cells, sheet.date_1904).map(|hc| (row, hc)));
        let Some((header_row, (headers, columns))) = found else {
            continue;
        };
        let last = sheet
            .rows
            .iter()
            .rposition(|cells| filled(cells).next().is_some());
        if last.is_some_and(|last| last - header_row > MAX_DATA_ROWS as usize) {
            return Err(too_many_rows());
        }
        let title_rows = (sheet.rows.get(..header_row).unwrap_or_default().iter())
            .map(|cells| row_texts(cells, sheet.date_1904))
            .collect();
        let mut layout = KociLayout {
            sheet_name: name.clone(),
            header_row: header_row as u32,
            headers,
            columns,
            from_template: true,
            title_rows,
        };
        layout.from_template = !is_default(&layout);
        return Ok((layout, sheet, kind));
    }
    Err(unread.map_or_else(no_header, Problem::from))
}

fn is_default(layout: &KociLayout) -> bool {
    let default = KociLayout::default_layout();
    layout.sheet_name == default.sheet_name
        && layout.header_row == default.header_row
        && layout.headers == default.headers
        && layout.columns == default.columns
        && layout.title_rows.is_empty()
}

/// Read DUO's own empty template (xlsx, xls, xlsb or ods): the first sheet with a header row — the
/// first row in which at least two cells are known column names ([`Field::from_header`]). Title
/// and blank rows above it are kept as title rows; every header is kept in its order.
pub fn read_template(bytes: &[u8]) -> Result<KociLayout, Problem> {
    let (layout, _, _) = find_layout(bytes)?;
    check_template_layout(&layout)?;
    Ok(layout)
}

/// A template needs a column for a number: otherwise no row can be written into it.
pub(crate) fn check_template_layout(layout: &KociLayout) -> Result<(), Problem> {
    if layout.column_of(Field::Bsn).is_none() && layout.column_of(Field::Onderwijsnummer).is_none()
    {
        return Err(Problem::error(
            "In dit sjabloon staat geen kolom voor het BSN of het onderwijsnummer, dus Koppelhulp \
             kan de leerlingen er niet in zetten. Kies het lege bestand van DUO voor Koppelen \
             gegevens.",
        ));
    }
    Ok(())
}

/// Read a koppelbestand back: one Koppelhulp made, or DUO's template filled in by hand. Returns
/// the rows as raw text (as if typed), the layout found, and a problem per cell that could not be
/// read (an Excel error such as `#N/A`; the cell is left empty). Empty rows are skipped.
///
/// Numbers Excel stored as numbers in the BSN and onderwijsnummer columns come back as digits;
/// 8 digits get back the leading zero Excel dropped (`12345672` → `012345672`). Dates stored as
/// dates come back as `dd-mm-jjjj`.
pub fn read_koci(bytes: &[u8]) -> Result<(Vec<Koppelregel>, KociLayout, Vec<Problem>), Problem> {
    let (layout, sheet, _) = find_layout(bytes)?;
    let (rows, problems) = koppelregels(&sheet, &layout);
    Ok((rows, layout, problems))
}

/// The rows under the layout's header as koppelregels, and a warning per Excel error in a cell.
fn koppelregels(sheet: &RawSheet, layout: &KociLayout) -> (Vec<Koppelregel>, Vec<Problem>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let data = sheet
        .rows
        .iter()
        .enumerate()
        .skip(layout.header_row as usize + 1);
    for (row, cells) in data {
        let mut regel = Koppelregel::default();
        for (col, cell) in filled(cells) {
            let Some(Some(field)) = layout.columns.get(col) else {
                continue;
            };
            match cell {
                RawCell::Error(e) => problems.push(Problem::warning(format!(
                    "Rij {} in het bestand, kolom {}: in de cel staat de Excel-fout {e}. \
                     Koppelhulp heeft deze cel leeg gelaten.",
                    row + 1,
                    field.label()
                ))),
                _ => *regel.get_mut(*field) = raw_text(*field, cell, sheet.date_1904),
            }
        }
        if !regel.is_empty() {
            rows.push(regel);
        }
    }
    (rows, problems)
}

/// A cell as the raw text of a field.
fn raw_text(field: Field, cell: &RawCell, date_1904: bool) -> String {
    match cell {
        RawCell::Number(n) if matches!(field, Field::Bsn | Field::Onderwijsnummer) => {
            padded(number_text(*n))
        }
        other => display_text(other, date_1904),
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
            thousands(MAX_CELL_CHARS)
        )),
        XlsxError::SheetnameCannotBeBlank(_)
        | XlsxError::SheetnameLengthExceeded(_)
        | XlsxError::SheetnameContainsInvalidCharacter(_)
        | XlsxError::SheetnameStartsOrEndsWithApostrophe(_) => Problem::error(
            "Excel kan de naam van het werkblad uit het sjabloon niet gebruiken. Kies het \
             sjabloon van DUO opnieuw, of gebruik de standaardindeling.",
        ),
        _ => Problem::error(
            "Koppelhulp kon het Excel-bestand niet maken. Probeer het opnieuw; lukt het niet, \
             meld het dan bij de beheerder van Koppelhulp.",
        ),
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
pub(crate) enum Out {
    Empty,
    /// 9 digits, as a text cell.
    Digits(String),
    Date(time::Date),
    Text(String),
}

pub(crate) fn out(row: &NormalisedRow, field: Field) -> Out {
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

pub(crate) fn check_layout(layout: &KociLayout, rows: &[NormalisedRow]) -> Result<(), Problem> {
    let broken = || {
        Problem::error(
            "De indeling van het Excel-bestand is niet in orde. Kies het sjabloon van DUO \
             opnieuw, of gebruik de standaardindeling.",
        )
    };
    if layout.headers.is_empty()
        || layout.headers.len() != layout.columns.len()
        || layout.headers.len() > MAX_COLUMNS
        || layout.header_row >= MAX_HEADER_ROW
        || layout.title_rows.len() > layout.header_row as usize
        || layout.title_rows.iter().any(|r| r.len() > MAX_COLUMNS)
    {
        return Err(broken());
    }
    if rows.len() > MAX_DATA_ROWS as usize {
        return Err(Problem::error(format!(
            "Er zijn te veel regels voor één bestand: hoogstens {}. Verdeel de leerlingen over \
             meer bestanden.",
            thousands(MAX_DATA_ROWS as usize)
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
            (Field::Bsn, RawCell::Number(12_345_672.0), "012345672"),
            (Field::Bsn, RawCell::Number(123_456_782.0), "123456782"),
            (Field::Bsn, RawCell::Number(1_234_567.0), "1234567"),
            (Field::Bsn, RawCell::Number(12_345_672.5), "12345672.5"),
            (Field::Bsn, RawCell::Number(-12_345_672.0), "-12345672"),
            (Field::Bsn, RawCell::Text("12345672".into()), "12345672"),
            (
                Field::Onderwijsnummer,
                RawCell::Number(101_222_331.0),
                "101222331",
            ),
            (Field::Achternaam, RawCell::Number(12_345_672.0), "12345672"),
            (Field::Geboortedatum, RawCell::Date(40_973.0), "05-03-2012"),
            (Field::Geboortedatum, RawCell::Date(40_973.75), "05-03-2012"),
            (
                Field::Geboortedatum,
                RawCell::DateIso("2012-03-05T00:00:00".into()),
                "05-03-2012",
            ),
            (Field::Geslacht, RawCell::Text("V".into()), "V"),
            (Field::Opmerking, RawCell::Bool(true), "WAAR"),
        ];
        for (field, cell, expected) in cases {
            assert_eq!(
                raw_text(field, &cell, false),
                expected,
                "{field:?} {cell:?}"
            );
        }
        // The 1904 date system (old Mac Excel) counts from 1904-01-01.
        let date = RawCell::Date(40_973.0 - 1_462.0);
        assert_eq!(raw_text(Field::Geboortedatum, &date, true), "05-03-2012");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date("2012-03-05").as_deref(), Some("05-03-2012"));
        assert_eq!(
            iso_date("2012-03-05T00:00:00").as_deref(),
            Some("05-03-2012")
        );
        assert_eq!(iso_date("2012-3-5"), None);
        assert_eq!(iso_date("é"), None);
        assert_eq!(
            display_text(&RawCell::DateIso("2012-3-5".into()), false),
            "2012-3-5"
        );
    }

    #[test]
    fn empty_texts_are_not_cells() {
        let row = [
            RawCell::Text("BSN".into()),
            RawCell::Empty,
            RawCell::Text("Onderwijsnummer".into()),
            RawCell::Text(String::new()),
        ];
        let (headers, columns) = header_columns(&row, false).expect("a header row");
        assert_eq!(headers, ["BSN", "", "Onderwijsnummer"]);
        assert_eq!(
            columns,
            [Some(Field::Bsn), None, Some(Field::Onderwijsnummer)]
        );
        assert_eq!(row_texts(&row[1..2], false), Vec::<String>::new());
    }

    /// Where `filled` and `RawCell::is_blank` part: a text of only spaces (and an ISO date text
    /// that is empty) is filled but blank. Read back, such a cell keeps its spaces; a row of only
    /// spaces is still skipped (`Koppelregel::is_empty`); under a template's header it is refused.
    #[test]
    fn whitespace_counts_as_written() {
        let cells = [
            (RawCell::Empty, false, true),
            (RawCell::Text(String::new()), false, true),
            (RawCell::Text(" ".into()), true, true),
            (RawCell::Text("\u{a0}\t".into()), true, true),
            (RawCell::DateIso(String::new()), true, true),
            (RawCell::Text("x".into()), true, false),
            (RawCell::Number(0.0), true, false),
            (RawCell::Error("#N/A".into()), true, false),
        ];
        for (cell, is_filled, is_blank) in cells {
            let row = [cell.clone()];
            assert_eq!(filled(&row).next().is_some(), is_filled, "{cell:?}");
            assert_eq!(cell.is_blank(), is_blank, "{cell:?}");
        }

        let header = |names: &[&str]| names.iter().map(|n| RawCell::Text((*n).into())).collect();
        let text = |t: &str| RawCell::Text(t.into());
        let (headers, _) = header_columns(&[text("BSN"), text("Achternaam"), text(" ")], false)
            .expect("a header row");
        assert_eq!(headers, ["BSN", "Achternaam", " "]);
        let sheet = RawSheet {
            name: "Blad1".into(),
            rows: vec![
                header(&["BSN", "Achternaam"]),
                vec![text("123456782"), text(" ")],
                vec![text(" "), text("  ")],
            ],
            date_1904: false,
        };
        let layout = KociLayout {
            sheet_name: "Blad1".into(),
            header_row: 0,
            headers: vec!["BSN".into(), "Achternaam".into()],
            columns: vec![Some(Field::Bsn), Some(Field::Achternaam)],
            from_template: true,
            title_rows: Vec::new(),
        };
        let (rows, problems) = koppelregels(&sheet, &layout);
        assert!(problems.is_empty());
        assert_eq!(rows.len(), 1, "the row of only spaces is skipped");
        assert_eq!(rows[0].achternaam, " ", "kept as written");

        let template = |under_header: Option<&str>| {
            let mut book = Workbook::new();
            let ws = book.add_worksheet();
            for (col, name) in ["BSN", "Onderwijsnummer", "Achternaam"].iter().enumerate() {
                let col = u16::try_from(col).unwrap_or_default();
                ws.write_string(0, col, *name).expect("header");
            }
            if let Some(text) = under_header {
                ws.write_string(1, 2, text)
                    .expect("a cell under the header");
            }
            book.save_to_buffer().expect("xlsx")
        };
        assert!(crate::koci_template::check_template(&template(None)).is_ok());
        let refused =
            crate::koci_template::check_template(&template(Some(" "))).expect_err("refused");
        assert_eq!(
            refused.message,
            crate::koci_template::Refused::DataUnderHeader.message()
        );
    }
}
