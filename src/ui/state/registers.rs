//! The register files opened in this tab. Their records live in the background worker's memory;
//! the page holds only what it shows, as plain values (screens come and go; the data stays here).

use leptos::prelude::*;

use crate::io::import::ImportSummary;
use crate::ui::browser;
use crate::ui::worker_client::{self, Progress};
use crate::worker::protocol::Open;

/// How far one file is.
#[derive(Clone, Debug, PartialEq)]
pub enum FileStatus {
    Reading(Option<Progress>),
    Failed(String),
    Ready(Box<ImportSummary>),
}

/// One opened file. Its records live in the worker under `id`.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenFile {
    pub id: u32,
    pub name: String,
    pub status: FileStatus,
    /// A change (other sheet, other mapping) is being applied.
    pub busy: Option<Progress>,
    pub message: Option<String>,
}

/// The files opened in this tab (in `AppState`, so that they survive switching screens).
#[derive(Clone, Copy)]
pub struct Registers {
    pub files: RwSignal<Vec<OpenFile>>,
    next_id: StoredValue<u32>,
    /// `?zelftest=werker`: the first file read makes the worker panic (browser tests).
    selftest: StoredValue<bool>,
}

impl Registers {
    pub fn new() -> Registers {
        Registers {
            files: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
            selftest: StoredValue::new(browser::location_search().contains("zelftest=werker")),
        }
    }

    /// Drop every file: here and in the worker (which is ended).
    pub fn clear(&self) {
        worker_client::reset();
        self.files.set(Vec::new());
    }

    /// One file as it is now (tracked).
    pub fn get(&self, id: u32) -> Option<OpenFile> {
        self.files
            .with(|files| files.iter().find(|f| f.id == id).cloned())
    }

    /// Change one file, if it is still open.
    pub fn update(&self, id: u32, change: impl FnOnce(&mut OpenFile)) {
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

    /// The files read without error: id, name and number of records.
    pub fn ready(&self) -> Vec<(u32, String, usize)> {
        self.files.with(|files| {
            files
                .iter()
                .filter_map(|f| match &f.status {
                    FileStatus::Ready(summary) => Some((f.id, f.name.clone(), summary.records)),
                    _ => None,
                })
                .collect()
        })
    }

    /// Read a file in the worker and keep it there.
    pub fn open(&self, file: web_sys::File) {
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        self.files.update(|f| {
            f.push(OpenFile {
                id,
                name: file.name(),
                status: FileStatus::Reading(None),
                busy: None,
                message: None,
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
            .await
            .map(|opened| opened.summary);
            this.update(id, |f| {
                f.status = match result {
                    Ok(summary) => FileStatus::Ready(Box::new(summary)),
                    Err(message) => FileStatus::Failed(message),
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
