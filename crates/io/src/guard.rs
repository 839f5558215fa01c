//! The limits on what is read, and the checks made before calamine sees a byte of a file.
//!
//! calamine trusts its input: a zip bomb would be unpacked, a damaged xls makes it slice out of
//! bounds or loop, a huge sheet makes it reserve room for billions of cells. In the browser a panic
//! or an abort ends the whole app, so [`inspect`] checks every file first and says what it is:
//! - a zip (xlsx, xlsm, xlsb, ods): the sizes in its central directory must add up to at most
//!   [`MAX_UNPACKED`] in at most [`MAX_ZIP_PARTS`] parts (calamine's zip reader stops at the
//!   declared size, so that bounds a zip bomb); see `zip.rs`;
//! - an OLE file (xls): refused when it is an encrypted xlsx; otherwise walked the way calamine
//!   will walk it, and refused where calamine would panic or allocate without bound; see `xls.rs`.
//!
//! The sheet limits ([`MAX_ROWS`], [`MAX_COLUMNS`], [`MAX_CELLS`], [`MAX_SHEETS`]) are kept by
//! `io::table` while it streams the cells; they are listed here so that there is one list.

use std::borrow::Cow;

mod xls;
mod zip;

pub use koppelhulp_core::import::MAX_FILE_BYTES;
/// The most a zip (xlsx, xlsb, ods) may unpack to: 100 000 rows of a koppelbestand unpack to about
/// 60 MB.
pub const MAX_UNPACKED: u64 = 512 * 1024 * 1024;
/// The most parts in one zip.
pub const MAX_ZIP_PARTS: usize = 10_000;
/// The most cells one xls sheet may span (calamine reserves room for all of them): 65 536 rows ×
/// 64 columns.
pub const MAX_XLS_SHEET_CELLS: u64 = 65_536 * 64;
/// The most BIFF records of an xls looked at, over all walks.
pub const MAX_XLS_RECORDS: usize = 20_000_000;
/// The most sheets looked at when none is named.
pub const MAX_SHEETS: usize = 100;
/// The most rows in a sheet (Excel's own limit).
pub const MAX_ROWS: usize = 1_048_576;
/// The most columns read.
pub const MAX_COLUMNS: usize = 500;
/// The most non-empty cells in one sheet: bounds memory whatever the file says.
pub const MAX_CELLS: u64 = 30_000_000;

/// Why a file is refused before it is read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No bytes at all.
    Empty,
    /// More than [`MAX_FILE_BYTES`].
    TooBig,
    /// Sound, but reading it would pass a limit.
    TooLarge,
    /// Damaged or built to hurt; the text says where (for tests and debugging).
    Damaged(&'static str),
    /// Encrypted with a password.
    Password,
}

/// What a file is, by its bytes, once it passed the checks.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Container<'a> {
    /// An xls: the bytes calamine may read (the file, or a copy with the formula tokens off).
    Xls(Cow<'a, [u8]>),
    Xlsx,
    Xlsb,
    Ods,
    /// A zip without a workbook (a Word document, a folder).
    OtherZip,
    /// Neither a zip nor an OLE file: text, or some other format.
    Other,
}

/// Check `bytes` and say what they are; refused when calamine could be hurt or a limit is passed.
pub(crate) fn inspect(bytes: &[u8]) -> Result<Container<'_>, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Refusal::TooBig);
    }
    if xls::is_ole(bytes) {
        if is_encrypted_ooxml(bytes) {
            return Err(Refusal::Password);
        }
        return xls::prepare(bytes).map(Container::Xls);
    }
    if bytes.starts_with(zip::SIGNATURE) {
        let parts = zip::parts(bytes)?;
        return Ok(if zip::is_opendocument(bytes) {
            Container::Ods
        } else if parts.contains(&&b"xl/workbook.bin"[..]) {
            Container::Xlsb
        } else if parts.iter().any(|p| p.starts_with(b"xl/")) {
            Container::Xlsx
        } else {
            Container::OtherZip
        });
    }
    Ok(Container::Other)
}

/// An xlsx saved with a password is an OLE file with the streams "EncryptedPackage" and
/// "EncryptionInfo" (their names in UTF-16 in its directory).
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let contains_utf16 = |name: &str| {
        let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(needle.len()).any(|w| w == needle.as_slice())
    };
    contains_utf16("EncryptedPackage") || contains_utf16("EncryptionInfo")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_file_is() {
        assert_eq!(inspect(b""), Err(Refusal::Empty));
        assert_eq!(inspect(b"BSN;Naam\n"), Ok(Container::Other));
        assert!(matches!(
            inspect(b"PK\x03\x04 not really a zip"),
            Err(Refusal::Damaged(_))
        ));
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        assert!(matches!(inspect(&ole), Ok(Container::Xls(_))));
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(inspect(&ole), Err(Refusal::Password));
        assert_eq!(
            inspect(&vec![b'a'; MAX_FILE_BYTES + 1]),
            Err(Refusal::TooBig)
        );
    }
}
