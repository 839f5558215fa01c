//! The worker's work: one request in, one [`Response`] out. The files the user opened stay here, in
//! the worker's memory ([`WorkerState`]), so that a big register is read once and never copied to
//! the page as a whole. The work itself is `io` and `core` (the same paths as the examples); this
//! module keeps the files and picks the function for each request. Native: the clock is given.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::protocol::{
    Call, FindPairs, Forget, FoundPair, KociRead, Open, OpenWork, Opened, PairsReply, ProblemsXlsx,
    ReadAnswer, ReadKoci, ReadTemplate, Remap, Request, Response, SaveWork, Sheet, TemplateRead,
    WorkOpened, WriteActielijst, WriteKoci, Xlsx,
};
use crate::core::Problem;
use crate::core::antwoord::{Reconciliation, reconcile};
use crate::core::matcher::{REVIEW_FLOOR, Stage, find_pairs};
use crate::core::pupil::PupilRecord;
use crate::io::import::{ImportSummary, ImportedFile, import, problems_xlsx};
use crate::io::koci_template::{check_template, fill_template};
use crate::io::koci_xlsx::{read_koci, write_koci};
use crate::io::list_xlsx::write_actielijst;
use crate::io::table::read_sheet;
use crate::io::werkbestand;
use crate::work::files::sha256_hex;
use crate::work::werkbestand::{MIN_PASSWORD_CHARS, SHEETS, from_sheets, to_sheets};

/// Progress of a task: `(stage, done, total)`, `total` 0 when unknown. Called any number of times.
pub type Progress<'a> = &'a mut dyn FnMut(&str, usize, usize);

/// Milliseconds since some fixed moment (`Date.now` in the browser; `std::time::Instant` panics
/// on `wasm32-unknown-unknown`).
pub type Clock<'a> = &'a dyn Fn() -> f64;

struct OpenFile {
    name: String,
    bytes: Vec<u8>,
    imported: ImportedFile,
}

/// The files opened in this worker, by the page's id.
#[derive(Default)]
pub struct WorkerState {
    files: HashMap<u32, OpenFile>,
}

impl WorkerState {
    pub fn new() -> WorkerState {
        WorkerState::default()
    }

    /// The ids of the open files, ascending.
    pub fn open_files(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = self.files.keys().copied().collect();
        ids.sort_unstable();
        ids
    }
}

/// One request as its JSON text arrived (what the wasm glue calls): an unknown request is a
/// failed task, not a crash.
pub fn serve(
    state: &mut WorkerState,
    request: &str,
    bytes: Option<Vec<u8>>,
    progress: Progress,
    clock: Clock,
) -> Response {
    match Request::from_json(request) {
        Ok(request) => handle(state, request, bytes, progress, clock),
        Err(problem) => Response::Failed(problem),
    }
}

/// One request of the page. `bytes` are the file that comes with [`Open`], [`ReadKoci`],
/// [`ReadTemplate`] and [`ReadAnswer`]. Panics only on purpose ([`Open::selftest_panic`]).
pub fn handle(
    state: &mut WorkerState,
    request: Request,
    bytes: Option<Vec<u8>>,
    progress: Progress,
    clock: Clock,
) -> Response {
    match request {
        Request::Open(r) => reply::<Open>(open(state, r, bytes, progress, clock)),
        Request::Sheet(r) => reply::<Sheet>(sheet(state, r, progress)),
        Request::Remap(r) => reply::<Remap>(remap(state, r, progress)),
        Request::ProblemsXlsx(r) => reply::<ProblemsXlsx>(problems(state, &r)),
        Request::Forget(Forget { file_id }) => {
            state.files.remove(&file_id);
            reply::<Forget>(Ok(()))
        }
        Request::FindPairs(r) => reply::<FindPairs>(pairs(state, &r, progress, clock)),
        Request::ReadKoci(ReadKoci {}) => reply::<ReadKoci>(koci(bytes, progress)),
        Request::ReadTemplate(ReadTemplate {}) => reply::<ReadTemplate>(template(bytes, progress)),
        Request::ReadAnswer(r) => reply::<ReadAnswer>(answer(&r, bytes, progress)),
        Request::WriteKoci(r) => reply::<WriteKoci>(write(&r).map(Xlsx)),
        Request::WriteActielijst(r) => reply::<WriteActielijst>(
            write_actielijst(&r.title, &r.reconciliation, &r.marks).map(Xlsx),
        ),
        Request::SaveWork(r) => reply::<SaveWork>(save_work(&r, progress)),
        Request::OpenWork(r) => reply::<OpenWork>(open_work(&r, bytes, progress)),
    }
}

/// The envelope for a request's outcome (the type parameter keeps each reply the one its request
/// promises).
fn reply<C: Call>(outcome: Result<C::Reply, Problem>) -> Response {
    Response::of(outcome)
}

fn no_bytes() -> Problem {
    Problem::error("Er is geen bestand meegegeven.")
}

fn gone() -> Problem {
    Problem::error("Dit bestand is niet meer in het geheugen. Open het opnieuw.")
}

fn open(
    state: &mut WorkerState,
    r: Open,
    bytes: Option<Vec<u8>>,
    progress: Progress,
    clock: Clock,
) -> Result<Opened, Problem> {
    let bytes = bytes.ok_or_else(no_bytes)?;
    progress("Bestand openen", 0, 0);
    if r.selftest_panic {
        panic!("zelftest: bewust veroorzaakte fout in de werker");
    }
    let mut rows = |done: usize, total: usize| progress("Rijen lezen", done, total);
    let start = clock();
    let imported = import(
        &bytes,
        &r.name,
        r.sheet.as_deref(),
        None,
        r.today,
        &mut rows,
    )?;
    let opened = Opened {
        summary: imported.summary(),
        millis: clock() - start,
        size: bytes.len() as u64,
        sha256: sha256_hex(&bytes),
    };
    state.files.insert(
        r.file_id,
        OpenFile {
            name: r.name,
            bytes,
            imported,
        },
    );
    Ok(opened)
}

fn sheet(state: &mut WorkerState, r: Sheet, progress: Progress) -> Result<ImportSummary, Problem> {
    let file = state.files.get_mut(&r.file_id).ok_or_else(gone)?;
    progress("Werkblad lezen", 0, 0);
    let mut rows = |done: usize, total: usize| progress("Rijen lezen", done, total);
    file.imported = import(
        &file.bytes,
        &file.name,
        Some(&r.sheet),
        None,
        r.today,
        &mut rows,
    )?;
    Ok(file.imported.summary())
}

fn remap(state: &mut WorkerState, r: Remap, progress: Progress) -> Result<ImportSummary, Problem> {
    let file = state.files.get_mut(&r.file_id).ok_or_else(gone)?;
    let mut rows = |done: usize, total: usize| progress("Rijen lezen", done, total);
    file.imported.remap(&r.mapping, r.today, &mut rows);
    Ok(file.imported.summary())
}

fn problems(state: &WorkerState, r: &ProblemsXlsx) -> Result<Xlsx, Problem> {
    let file = state.files.get(&r.file_id).ok_or_else(gone)?;
    problems_xlsx(&file.name, &file.imported.interpretation.problems).map(Xlsx)
}

fn pairs(
    state: &WorkerState,
    r: &FindPairs,
    progress: Progress,
    clock: Clock,
) -> Result<PairsReply, Problem> {
    let start = clock();
    let mut records: Vec<PupilRecord> = Vec::new();
    let mut source: Vec<usize> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for id in &r.file_ids {
        let file = state.files.get(id).ok_or_else(gone)?;
        let recs = &file.imported.interpretation.records;
        records.extend(recs.iter().cloned());
        source.extend(std::iter::repeat_n(names.len(), recs.len()));
        names.push(&file.name);
    }
    let mut stages = |stage: Stage, done: usize, total: usize| progress(stage.label(), done, total);
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
    Ok(PairsReply {
        pairs,
        compared: records.len() - without_number - already_linked,
        already_linked,
        without_number,
        millis: clock() - start,
    })
}

fn koci(bytes: Option<Vec<u8>>, progress: Progress) -> Result<KociRead, Problem> {
    let bytes = bytes.ok_or_else(no_bytes)?;
    progress("Koppelbestand lezen", 0, 0);
    let (rows, layout, problems) = read_koci(&bytes)?;
    Ok(KociRead {
        rows,
        layout,
        problems,
    })
}

fn template(bytes: Option<Vec<u8>>, progress: Progress) -> Result<TemplateRead, Problem> {
    let bytes = bytes.ok_or_else(no_bytes)?;
    progress("Sjabloon lezen", 0, 0);
    let checked = check_template(&bytes)?;
    let (file, note) = match checked.fillable {
        Ok(()) => (Some(BASE64.encode(&bytes)), None),
        Err(why) => (None, Some(why.message())),
    };
    Ok(TemplateRead {
        layout: checked.layout,
        file,
        note,
    })
}

/// The koppelbestand: into DUO's own workbook when it came with the request, else a new file.
fn write(r: &WriteKoci) -> Result<Vec<u8>, Problem> {
    match &r.template {
        Some(text) => {
            let bytes = BASE64.decode(text).map_err(|_| {
                Problem::error(
                    "Het bewaarde sjabloon van DUO is beschadigd. Kies het sjabloon opnieuw, of \
                     gebruik de standaardindeling.",
                )
            })?;
            fill_template(&bytes, &r.rows)
        }
        None => write_koci(&r.rows, &r.layout),
    }
}

fn answer(
    r: &ReadAnswer,
    bytes: Option<Vec<u8>>,
    progress: Progress,
) -> Result<Reconciliation, Problem> {
    let bytes = bytes.ok_or_else(no_bytes)?;
    progress("Antwoord lezen", 0, 0);
    let read = read_sheet(&bytes, &r.name, None)?;
    reconcile(&r.sent, &r.sent_headers, &read.sheet)
}

/// The stage names of the work file's tasks (what the page shows while they run).
pub const STAGE_WORK_SHEETS: &str = "Werkbestand maken";
pub const STAGE_ENCRYPT: &str = "Beveiligen met het wachtwoord";
pub const STAGE_PASSWORD: &str = "Wachtwoord controleren";
pub const STAGE_READ_WORK: &str = "Werkbestand lezen";

fn save_work(r: &SaveWork, progress: Progress) -> Result<Xlsx, Problem> {
    if r.password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Problem::error(format!(
            "Het wachtwoord moet minstens {MIN_PASSWORD_CHARS} tekens hebben."
        )));
    }
    progress(STAGE_WORK_SHEETS, 0, 0);
    let sheets = to_sheets(&r.work, &r.about);
    progress(STAGE_ENCRYPT, 0, 0);
    werkbestand::save(&sheets, &r.password).map(Xlsx)
}

fn open_work(
    r: &OpenWork,
    bytes: Option<Vec<u8>>,
    progress: Progress,
) -> Result<WorkOpened, Problem> {
    let bytes = bytes.ok_or_else(no_bytes)?;
    let mut rounds = |done: usize, total: usize| progress(STAGE_PASSWORD, done, total);
    let sheets = werkbestand::open(&bytes, &r.password, &SHEETS, &mut rounds)?;
    progress(STAGE_READ_WORK, 0, 0);
    let (work, about) = from_sheets(&sheets)?;
    Ok(WorkOpened { work, about })
}
