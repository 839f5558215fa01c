//! What the page knows of an opened register. The records themselves stay in the background
//! worker; this is the file's name, size, fingerprint and how it is read.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::core::import::{Accounting, ImportField};

/// The counts of a read file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileCounts {
    /// Pupils read (the records in the worker).
    pub records: usize,
    /// Rows read, used, with problems, skipped as empty: `read = used + with_problems + skipped_empty`.
    pub accounting: Accounting,
    /// Problems found in rows (all of them, not only those shown).
    pub problems: usize,
}

/// One opened register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedFile {
    /// The id the worker knows the file by.
    pub id: u32,
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the bytes, 64 lowercase hex digits: the same file opened again is recognised.
    pub sha256: String,
    /// The sheet read (empty for csv).
    pub sheet: String,
    /// What each column means (`None`: not used).
    pub mapping: Vec<Option<ImportField>>,
    pub counts: FileCounts,
}

impl OpenedFile {
    /// A file just opened: name, size and fingerprint from its bytes; not read yet.
    pub fn new(id: u32, name: impl Into<String>, bytes: &[u8]) -> OpenedFile {
        OpenedFile {
            id,
            name: name.into(),
            size: bytes.len() as u64,
            sha256: sha256_hex(bytes),
            sheet: String::new(),
            mapping: Vec::new(),
            counts: FileCounts::default(),
        }
    }

    /// True when `other` has the same bytes (same size and fingerprint), whatever its name.
    pub fn same_bytes(&self, other: &OpenedFile) -> bool {
        self.size == other.size && self.sha256 == other.sha256
    }
}

/// SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_known_values() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                b"abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
        ];
        for (bytes, hex) in cases {
            assert_eq!(sha256_hex(bytes), *hex);
        }
    }

    #[test]
    fn same_file_recognised_by_bytes_not_name() {
        let a = OpenedFile::new(1, "leerlingen.xlsx", b"PK\x03\x04 data");
        let b = OpenedFile::new(2, "kopie van leerlingen.xlsx", b"PK\x03\x04 data");
        let c = OpenedFile::new(3, "leerlingen.xlsx", b"PK\x03\x04 other");
        assert_eq!(a.size, 9);
        assert!(a.same_bytes(&b));
        assert!(!a.same_bytes(&c));
    }
}
