//! The register files opened in this tab. Their records live in the background worker's memory;
//! the page holds only what it shows, as plain values (screens come and go; the data stays here).

use leptos::prelude::*;

use crate::browser;
use crate::worker_client::{self, Progress};
use koppelhulp_core::import::ImportSummary;
use koppelhulp_protocol::{Forget, Open};
use koppelhulp_work::files::{FileCounts, RegisterFile};

/// How far one file is.
#[derive(Clone, Debug, PartialEq)]
pub enum FileStatus {
    Reading(Option<Progress>),
    Failed(String),
    Ready(Box<ImportSummary>),
}

/// One register file as Bestanden shows it while it is read, once read, or when it failed. Its
/// records live in the worker under `id`; what a work file keeps of it is a [`RegisterFile`].
#[derive(Clone, Debug, PartialEq)]
pub struct RegisterCard {
    pub id: u32,
    pub name: String,
    pub status: FileStatus,
    /// A change (other sheet, other mapping) is being applied.
    pub busy: Option<Progress>,
    pub message: Option<String>,
    /// Size in bytes and SHA-256, once read: the same file is recognised when opened again.
    pub fingerprint: Option<(u64, String)>,
}

/// The files opened in this tab (in `AppState`, so that they survive switching screens).
#[derive(Clone, Copy)]
pub struct Registers {
    pub files: RwSignal<Vec<RegisterCard>>,
    /// The register files an opened work file was made with (name, size, SHA-256, …): Dubbelen
    /// zoeken lists them, and a different file under one of their names is refused.
    pub needed: RwSignal<Vec<RegisterFile>>,
    next_id: StoredValue<u32>,
    /// `?zelftest=werker` (test builds only): the first file read makes the worker panic.
    selftest: StoredValue<bool>,
}

impl Registers {
    pub fn new() -> Registers {
        Registers {
            files: RwSignal::new(Vec::new()),
            needed: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
            selftest: StoredValue::new(browser::selftest("werker")),
        }
    }

    /// Drop every file: here and in the worker (which is ended).
    pub fn clear(&self) {
        worker_client::reset();
        self.files.set(Vec::new());
        self.needed.set(Vec::new());
    }

    /// The files read without error, as the work file lists them (no records), followed by the
    /// needed files of an opened work file that are not open now.
    pub fn for_work_file(&self) -> Vec<RegisterFile> {
        let mut list: Vec<RegisterFile> = self.files.with_untracked(|files| {
            files
                .iter()
                .filter_map(|f| {
                    let FileStatus::Ready(summary) = &f.status else {
                        return None;
                    };
                    let (size, sha256) = f.fingerprint.clone()?;
                    Some(RegisterFile {
                        id: f.id,
                        name: f.name.clone(),
                        size,
                        sha256,
                        sheet: summary.sheet.clone(),
                        mapping: summary.mapping.clone(),
                        counts: FileCounts {
                            records: summary.records,
                            accounting: summary.accounting.clone(),
                            problems: summary.problem_total,
                        },
                    })
                })
                .collect()
        });
        let needed = self.needed.get_untracked();
        for n in needed {
            if !list.iter().any(|f| f.same_bytes(&n)) {
                list.push(n);
            }
        }
        list
    }

    /// Whether a file with this fingerprint is open and read now (tracked).
    pub fn is_open(&self, sha256: &str) -> bool {
        self.files.with(|files| {
            files.iter().any(|f| {
                matches!(f.status, FileStatus::Ready(_))
                    && f.fingerprint.as_ref().is_some_and(|(_, s)| s == sha256)
            })
        })
    }

    /// Why a file just read may not be used: it has the name of a file the opened work needs,
    /// but other contents.
    fn refusal(&self, name: &str, sha256: &str) -> Option<String> {
        self.needed.with_untracked(|needed| {
            if needed.iter().any(|n| n.sha256 == sha256) {
                return None;
            }
            let same_name = needed.iter().find(|n| n.name.eq_ignore_ascii_case(name))?;
            Some(format!(
                "Dit is niet hetzelfde bestand als '{}' in uw opgeslagen werk: de naam is gelijk, \
                 maar de inhoud is anders (een andere versie of een ander bestand). Koppelhulp \
                 heeft het daarom niet geopend. Open het bestand dat u gebruikte toen u het werk \
                 opsloeg.",
                same_name.name
            ))
        })
    }

    /// One file as it is now (tracked).
    pub fn get(&self, id: u32) -> Option<RegisterCard> {
        self.files
            .with(|files| files.iter().find(|f| f.id == id).cloned())
    }

    /// Change one file, if it is still open.
    pub fn update(&self, id: u32, change: impl FnOnce(&mut RegisterCard)) {
        self.files.update(|files| {
            if let Some(f) = files.iter_mut().find(|f| f.id == id) {
                change(f);
            }
        });
    }

    /// Close one file (here; the caller tells the worker).
    pub fn remove(&self, id: u32) {
        self.files.update(|files| files.retain(|f| f.id != id));
    }

    /// The files read without error: id, name and number of records. A file with the same rows
    /// as one opened before it (the same register as xlsx and as csv) is left out: it would count
    /// every pupil twice.
    pub fn ready(&self) -> Vec<(u32, String, usize)> {
        self.files.with(|files| {
            let mut seen = std::collections::HashSet::new();
            files
                .iter()
                .filter_map(|f| match &f.status {
                    FileStatus::Ready(s) if s.records == 0 || seen.insert(s.rows_fingerprint) => {
                        Some((f.id, f.name.clone(), s.records))
                    }
                    _ => None,
                })
                .collect()
        })
    }

    /// The file opened before this one with the same rows, if any (tracked).
    pub fn same_rows_as(&self, id: u32) -> Option<String> {
        self.files.with(|files| {
            let print = |f: &RegisterCard| match &f.status {
                FileStatus::Ready(s) if s.records > 0 => Some(s.rows_fingerprint),
                _ => None,
            };
            let this = files.iter().find(|f| f.id == id).and_then(print)?;
            files
                .iter()
                .take_while(|f| f.id != id)
                .find(|f| print(f) == Some(this))
                .map(|f| f.name.clone())
        })
    }

    /// Read a file in the worker and keep it there.
    pub fn open(&self, file: web_sys::File) {
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        self.files.update(|f| {
            f.push(RegisterCard {
                id,
                name: file.name(),
                status: FileStatus::Reading(None),
                busy: None,
                message: None,
                fingerprint: None,
            })
        });
        let request = Open {
            file_id: id,
            name: file.name(),
            sheet: None,
            today: browser::today(),
            selftest_panic: self.selftest.get_value(),
        };
        self.selftest.set_value(false);
        let this = *self;
        leptos::task::spawn_local(async move {
            let result = worker_client::call_with_file(request, &file, move |p| {
                this.update(id, |f| f.status = FileStatus::Reading(Some(p)));
            })
            .await;
            let refused = match &result {
                Ok(opened) => this.refusal(&file.name(), &opened.sha256),
                Err(_) => None,
            };
            if refused.is_some() {
                let _ = worker_client::call(Forget { file_id: id }, None, |_| {}).await;
            }
            this.update(id, |f| {
                f.status = match (result, refused) {
                    (_, Some(message)) | (Err(message), _) => FileStatus::Failed(message),
                    (Ok(opened), None) => {
                        f.fingerprint = Some((opened.size, opened.sha256));
                        FileStatus::Ready(Box::new(opened.summary))
                    }
                }
            });
        });
    }
}

impl Default for Registers {
    fn default() -> Self {
        Registers::new()
    }
}
