//! What the page knows of an opened register. The records themselves stay in the background
//! worker; this is the file's name, size, fingerprint and how it is read.

use serde::{Deserialize, Serialize};

use koppelhulp_core::import::{Accounting, ImportField};

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

/// A register file as the work records it (and a work file lists it): name, size, fingerprint,
/// how it is read and its counts — never its records, which stay in the worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterFile {
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

impl RegisterFile {
    /// A file just opened, by its name, size and fingerprint (SHA-256 as 64 lowercase hex
    /// digits); not read yet.
    pub fn new(
        id: u32,
        name: impl Into<String>,
        size: u64,
        sha256: impl Into<String>,
    ) -> RegisterFile {
        RegisterFile {
            id,
            name: name.into(),
            size,
            sha256: sha256.into(),
            sheet: String::new(),
            mapping: Vec::new(),
            counts: FileCounts::default(),
        }
    }

    /// True when `other` has the same bytes (same size and fingerprint), whatever its name.
    pub fn same_bytes(&self, other: &RegisterFile) -> bool {
        self.size == other.size && self.sha256 == other.sha256
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_file_recognised_by_bytes_not_name() {
        let a = RegisterFile::new(1, "leerlingen.xlsx", 9, "aa");
        let b = RegisterFile::new(2, "kopie van leerlingen.xlsx", 9, "aa");
        let c = RegisterFile::new(3, "leerlingen.xlsx", 9, "bb");
        let d = RegisterFile::new(4, "leerlingen.xlsx", 10, "aa");
        assert!(a.same_bytes(&b));
        assert!(!a.same_bytes(&c));
        assert!(!a.same_bytes(&d));
    }
}
