//! The register files opened in this tab. Their records live in the background worker's memory;
//! the page holds only what it shows.

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
#[derive(Clone, Copy)]
pub struct OpenFile {
    pub id: u32,
    pub name: StoredValue<String>,
    pub status: RwSignal<FileStatus>,
    /// A change (other sheet, other mapping) is being applied.
    pub busy: RwSignal<Option<Progress>>,
    pub message: RwSignal<Option<String>>,
}

/// The files opened in this tab (in `AppState`, so that they survive switching screens).
#[derive(Clone, Copy)]
pub struct Registers {
    pub files: RwSignal<Vec<OpenFile>>,
    next_id: StoredValue<u32>,
    /// `?zelftest=werker`: the first file read makes the worker panic (browser tests).
    selftest: StoredValue<bool>,
    /// The app's owner: a file's signals are made under it, not under the screen that opened the
    /// file (which disposes of its signals when the user goes to another screen).
    owner: StoredValue<Option<Owner>, LocalStorage>,
}

impl Registers {
    pub fn new() -> Registers {
        Registers {
            files: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
            selftest: StoredValue::new(browser::location_search().contains("zelftest=werker")),
            owner: StoredValue::new_local(Owner::current()),
        }
    }

    /// Drop every file: here and in the worker (which is ended).
    pub fn clear(&self) {
        worker_client::reset();
        self.files.set(Vec::new());
    }

    /// The files read without error: id, name and number of records.
    pub fn ready(&self) -> Vec<(u32, String, usize)> {
        self.files.with(|files| {
            files
                .iter()
                .filter_map(|f| {
                    f.status.with(|s| match s {
                        FileStatus::Ready(summary) => {
                            Some((f.id, f.name.get_value(), summary.records))
                        }
                        _ => None,
                    })
                })
                .collect()
        })
    }

    pub fn open(&self, file: web_sys::File) {
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        let make = || OpenFile {
            id,
            name: StoredValue::new(file.name()),
            status: RwSignal::new(FileStatus::Reading(None)),
            busy: RwSignal::new(None),
            message: RwSignal::new(None),
        };
        let entry = match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        };
        self.files.update(|f| f.push(entry));
        let request = Open {
            file_id: id,
            name: file.name(),
            sheet: None,
            today: browser::today(),
            selftest_panic: self.selftest.get_value(),
        };
        self.selftest.set_value(false);
        leptos::task::spawn_local(async move {
            let result = match browser::file_bytes(&file).await {
                Ok(bytes) => worker_client::call(request, Some(bytes), move |p| {
                    entry.status.set(FileStatus::Reading(Some(p)));
                })
                .await
                .map(|opened| opened.summary),
                Err(e) => Err(e),
            };
            entry.status.set(match result {
                Ok(summary) => FileStatus::Ready(Box::new(summary)),
                Err(message) => FileStatus::Failed(message),
            });
        });
    }
}

impl Default for Registers {
    fn default() -> Self {
        Registers::new()
    }
}
