//! The work file's bytes: sheets ([`RawSheet`]s, made by `work::werkbestand`) → an xlsx → Excel's
//! password protection ([`super::agile`]), and back. Every way a chosen file can be wrong has its
//! own [`OpenError`] with one Dutch wording.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::agile::{self, DecryptError};
use super::koci_xlsx::{needs_quote_prefix, read_koci};
use super::table::{Accept, ReadError, open as open_workbook};
use koppelhulp_core::Problem;
use koppelhulp_core::table::{RawCell, RawSheet};

fn fail(e: XlsxError) -> Problem {
    Problem::error(format!("Het werkbestand kon niet worden gemaakt ({e})."))
}

/// The sheets as an (unencrypted) xlsx: the first row of each is its header (bold, frozen), text
/// cells are text (never a formula: quote-prefixed where a spreadsheet would run them), numbers
/// are numbers.
pub fn write_sheets(sheets: &[RawSheet]) -> Result<Vec<u8>, Problem> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let plain = Format::new().set_num_format("@");
    let quoted = Format::new().set_num_format("@").set_quote_prefix();
    for raw in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(&raw.name).map_err(fail)?;
        let mut widths: Vec<usize> = Vec::new();
        for (r, cells) in raw.rows.iter().enumerate() {
            let row = u32::try_from(r).map_err(|_| Problem::error("Te veel rijen."))?;
            for (c, cell) in cells.iter().enumerate() {
                let col = u16::try_from(c).map_err(|_| Problem::error("Te veel kolommen."))?;
                let shown = match cell {
                    RawCell::Empty => 0,
                    RawCell::Number(n) | RawCell::Date(n) => {
                        sheet.write_number(row, col, *n).map_err(fail)?;
                        12
                    }
                    RawCell::Bool(b) => {
                        sheet.write_boolean(row, col, *b).map_err(fail)?;
                        6
                    }
                    RawCell::Text(t) | RawCell::DateIso(t) | RawCell::Error(t) => {
                        let format = if r == 0 {
                            &bold
                        } else if needs_quote_prefix(t) {
                            &quoted
                        } else {
                            &plain
                        };
                        sheet
                            .write_string_with_format(row, col, t, format)
                            .map_err(fail)?;
                        t.chars().count()
                    }
                };
                if widths.len() <= c {
                    widths.resize(c + 1, 0);
                }
                if let Some(width) = widths.get_mut(c) {
                    *width = (*width).max(shown);
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| Problem::error("Te veel kolommen."))?;
            sheet
                .set_column_width(col, (*w).clamp(8, 60) as f64 + 2.0)
                .map_err(fail)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}

/// The sheets as a password-protected xlsx (ECMA-376 Agile Encryption, as Excel writes it).
pub fn save(sheets: &[RawSheet], password: &str) -> Result<Vec<u8>, Problem> {
    agile::encrypt(&write_sheets(sheets)?, password)
}

/// Why a chosen file does not open as a work file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenError {
    /// The password or the file's protection (see [`DecryptError`]).
    Decrypt(DecryptError),
    /// An unencrypted koppelbestand (koci file): it belongs under Koppelbestand.
    KociFile,
    /// Another unencrypted workbook.
    PlainWorkbook,
    /// Not a workbook at all (csv, pdf, …).
    NotWorkbook,
    /// Decrypted, but the workbook inside cannot be read or lacks a sheet.
    Inside(ReadError),
}

impl From<OpenError> for Problem {
    fn from(e: OpenError) -> Problem {
        match e {
            OpenError::Decrypt(DecryptError::NotEncrypted | DecryptError::NotOoxml)
            | OpenError::NotWorkbook => Problem::error(
                "Dit is geen werkbestand van Koppelhulp. Een werkbestand heet meestal \
                 Koppelhulp-werk-…xlsx en is beveiligd met een wachtwoord.",
            ),
            OpenError::Decrypt(d) => d.into(),
            OpenError::KociFile => Problem::error(
                "Dit is een koppelbestand, geen werkbestand. Open het onder Koppelbestand \
                 (Koppelbestand openen).",
            ),
            OpenError::PlainWorkbook => Problem::error(
                "Dit Excel-bestand is niet met een wachtwoord beveiligd, dus het is geen \
                 werkbestand van Koppelhulp. Is het een koppelbestand, open het dan onder \
                 Koppelbestand; een bestand met leerlingen opent u onder Bestanden.",
            ),
            OpenError::Inside(ReadError::NoSuchSheet(sheet)) => Problem::error(format!(
                "Dit is geen werkbestand van Koppelhulp: het werkblad '{sheet}' ontbreekt."
            )),
            OpenError::Inside(_) => Problem::error(
                "Het wachtwoord klopt, maar wat erin zit is geen leesbaar werkbestand van \
                 Koppelhulp.",
            ),
        }
    }
}

/// Open a work file: decrypt it with `password` and read the sheets named. `progress(done,
/// total)` follows the key derivation.
pub fn open(
    bytes: &[u8],
    password: &str,
    sheets: &[&str],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<RawSheet>, OpenError> {
    if !agile::is_ole(bytes) {
        return Err(plain(bytes));
    }
    let package = agile::decrypt(bytes, password, progress).map_err(OpenError::Decrypt)?;
    let mut book =
        open_workbook(&package, "werk.xlsx", Accept::Workbooks).map_err(OpenError::Inside)?;
    sheets
        .iter()
        .map(|name| book.sheet(name).map_err(OpenError::Inside))
        .collect()
}

/// What an unencrypted file is, for the message.
fn plain(bytes: &[u8]) -> OpenError {
    if open_workbook(bytes, "bestand.xlsx", Accept::Workbooks).is_err() {
        return OpenError::NotWorkbook;
    }
    match read_koci(bytes) {
        Ok(_) => OpenError::KociFile,
        Err(_) => OpenError::PlainWorkbook,
    }
}
