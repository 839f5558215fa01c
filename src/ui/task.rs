//! The worker's side of the background worker: `public/worker.js` loads the worker's own wasm
//! module (`src/bin/werker.rs`, which exports [`worker_call`]) and calls it for every request the
//! page sends (see [`super::worker`]). Imported files are kept here, in the worker's memory, so
//! that a big register is read once and never copied to the page as a whole.
//!
//! The work itself is native code from `io` and `core` (the same paths as the examples); this
//! module only decodes requests, keeps the files and encodes replies.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::Date;
use wasm_bindgen::prelude::*;

use crate::core::import::ImportField;
use crate::core::matcher::{Explanation, REVIEW_FLOOR, Stage, find_pairs};
use crate::core::pupil::PupilRecord;
use crate::io::import::{ImportSummary, ImportedFile, import, problems_xlsx};

/// What the page asks of the worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// Read a file (its bytes come with the request) and keep it under `file_id`.
    Open {
        file_id: u32,
        name: String,
        sheet: Option<String>,
        today: Date,
        /// Panic on purpose while reading (`?zelftest=werker`): the browser tests check that the
        /// page survives a crashing parser.
        #[serde(default)]
        selftest_panic: bool,
    },
    /// Read another sheet of a file that is open.
    Sheet {
        file_id: u32,
        sheet: String,
        today: Date,
    },
    /// Read the values of an open file again under another column mapping.
    Remap {
        file_id: u32,
        mapping: Vec<Option<ImportField>>,
        today: Date,
    },
    /// Every row problem of a file as an xlsx file.
    ProblemsXlsx { file_id: u32 },
    /// Close a file: its data leaves the worker's memory.
    Forget { file_id: u32 },
    /// Find the probable doubles among the records of these open files (Dubbelen zoeken).
    FindPairs { file_ids: Vec<u32> },
}

/// One proposed pair as the review screen shows it: both records whole, where they came from, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FoundPair {
    pub bsn: PupilRecord,
    pub onderwijs: PupilRecord,
    pub bsn_file: String,
    pub onderwijs_file: String,
    pub weight: f64,
    pub explanation: Explanation,
}

/// The answer to [`Request::FindPairs`]: pairs from [`REVIEW_FLOOR`] up, strongest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairsReply {
    pub pairs: Vec<FoundPair>,
    /// Records compared (with exactly one of the two numbers).
    pub compared: usize,
    /// Records that already carry both numbers.
    pub already_linked: usize,
    /// Records with neither number.
    pub without_number: usize,
    /// Time spent finding the pairs, in milliseconds (shown, and read by the benchmark).
    pub millis: f64,
}

/// The answer to [`Request::Open`]: the summary, and the time `io::import::import` took in the worker
/// (read by the import benchmark: the same scope as the native `importeer` example's time).
#[derive(Serialize)]
struct Opened {
    #[serde(flatten)]
    summary: ImportSummary,
    millis: f64,
}

struct OpenFile {
    name: String,
    bytes: Vec<u8>,
    imported: ImportedFile,
}

#[derive(Default)]
struct WorkerState {
    files: HashMap<u32, OpenFile>,
}

thread_local! {
    static STATE: RefCell<WorkerState> = RefCell::new(WorkerState::default());
}

fn handle(
    state: &mut WorkerState,
    request: Request,
    bytes: Option<Vec<u8>>,
    report: &mut dyn FnMut(&str, usize, usize),
) -> JsValue {
    match request {
        Request::Open {
            file_id,
            name,
            sheet,
            today,
            selftest_panic,
        } => {
            let Some(bytes) = bytes else {
                return failure("Er is geen bestand meegegeven.");
            };
            report("Bestand openen", 0, 0);
            let mut rows = |done: usize, total: usize| report("Rijen lezen", done, total);
            if selftest_panic {
                panic!("zelftest: bewust veroorzaakte fout in de werker");
            }
            let start = js_sys::Date::now();
            match import(&bytes, &name, sheet.as_deref(), None, today, &mut rows) {
                Ok(imported) => {
                    let millis = js_sys::Date::now() - start;
                    let opened = Opened {
                        summary: imported.summary(),
                        millis,
                    };
                    state.files.insert(
                        file_id,
                        OpenFile {
                            name,
                            bytes,
                            imported,
                        },
                    );
                    reply(&opened)
                }
                Err(problem) => failure(&problem.message),
            }
        }
        Request::Sheet {
            file_id,
            sheet,
            today,
        } => {
            let Some(file) = state.files.get_mut(&file_id) else {
                return gone();
            };
            report("Werkblad lezen", 0, 0);
            let mut rows = |done: usize, total: usize| report("Rijen lezen", done, total);
            match import(
                &file.bytes,
                &file.name,
                Some(&sheet),
                None,
                today,
                &mut rows,
            ) {
                Ok(imported) => {
                    file.imported = imported;
                    reply(&file.imported.summary())
                }
                Err(problem) => failure(&problem.message),
            }
        }
        Request::Remap {
            file_id,
            mapping,
            today,
        } => {
            let Some(file) = state.files.get_mut(&file_id) else {
                return gone();
            };
            let mut rows = |done: usize, total: usize| report("Rijen lezen", done, total);
            file.imported.remap(&mapping, today, &mut rows);
            reply(&file.imported.summary())
        }
        Request::ProblemsXlsx { file_id } => {
            let Some(file) = state.files.get(&file_id) else {
                return gone();
            };
            match problems_xlsx(&file.name, &file.imported.interpretation.problems) {
                Ok(bytes) => js_sys::Uint8Array::from(bytes.as_slice()).into(),
                Err(problem) => failure(&problem.message),
            }
        }
        Request::Forget { file_id } => {
            state.files.remove(&file_id);
            reply(&true)
        }
        Request::FindPairs { file_ids } => {
            let start = js_sys::Date::now();
            let mut records: Vec<PupilRecord> = Vec::new();
            let mut source: Vec<usize> = Vec::new();
            let mut names: Vec<&str> = Vec::new();
            for id in &file_ids {
                let Some(file) = state.files.get(id) else {
                    return gone();
                };
                let recs = &file.imported.interpretation.records;
                records.extend(recs.iter().cloned());
                source.extend(std::iter::repeat_n(names.len(), recs.len()));
                names.push(&file.name);
            }
            let mut stages =
                |stage: Stage, done: usize, total: usize| report(stage.label(), done, total);
            let outcome = find_pairs(&records, REVIEW_FLOOR, &mut stages);
            let file_of = |i: usize| {
                source
                    .get(i)
                    .and_then(|&f| names.get(f))
                    .copied()
                    .unwrap_or_default()
                    .to_string()
            };
            let pairs = outcome
                .pairs
                .into_iter()
                .filter_map(|p| {
                    Some(FoundPair {
                        bsn: records.get(p.bsn_record)?.clone(),
                        onderwijs: records.get(p.onderwijs_record)?.clone(),
                        bsn_file: file_of(p.bsn_record),
                        onderwijs_file: file_of(p.onderwijs_record),
                        weight: p.weight,
                        explanation: p.explanation,
                    })
                })
                .collect();
            let without_number = outcome.without_number.len();
            let already_linked = outcome.already_linked.len();
            reply(&PairsReply {
                pairs,
                compared: records.len() - without_number - already_linked,
                already_linked,
                without_number,
                millis: js_sys::Date::now() - start,
            })
        }
    }
}

fn gone() -> JsValue {
    failure("Dit bestand is niet meer in het geheugen. Open het opnieuw.")
}

const OK: &str = "ok:";
const ERROR: &str = "error:";

/// The page's side: a JSON reply, or the Dutch message of a failed task.
pub fn decode_reply(text: &str) -> Result<String, String> {
    if let Some(json) = text.strip_prefix(OK) {
        Ok(json.to_string())
    } else {
        Err(text.strip_prefix(ERROR).unwrap_or(text).to_string())
    }
}

fn reply<T: Serialize>(value: &T) -> JsValue {
    match serde_json::to_string(value) {
        Ok(json) => JsValue::from_str(&format!("{OK}{json}")),
        Err(e) => failure(&format!("Het antwoord kon niet worden gemaakt ({e}).")),
    }
}

fn failure(message: &str) -> JsValue {
    JsValue::from_str(&format!("{ERROR}{message}"))
}

/// One request of the page, in the worker: returns `ok:<json>`, `error:<message>` or the bytes of a
/// file. `progress(stage, done, total)` may be called any number of times before. Exported to
/// `public/worker.js` by the worker's own binary (`src/bin/werker.rs`), not by the page's.
pub fn worker_call(request: &str, bytes: Option<Vec<u8>>, progress: &js_sys::Function) -> JsValue {
    let request: Request = match serde_json::from_str(request) {
        Ok(r) => r,
        Err(e) => return failure(&format!("Onbekende opdracht ({e}).")),
    };
    let mut last = (String::new(), usize::MAX);
    let mut report = |stage: &str, done: usize, total: usize| {
        // At most one message per percent: posting is not free.
        let percent = (done * 100).checked_div(total).unwrap_or(0);
        if last.0 != stage || last.1 != percent {
            last = (stage.to_string(), percent);
            let _ = progress.call3(
                &JsValue::NULL,
                &JsValue::from_str(stage),
                &JsValue::from(done as f64),
                &JsValue::from(total as f64),
            );
        }
    };
    STATE.with(|state| handle(&mut state.borrow_mut(), request, bytes, &mut report))
}
