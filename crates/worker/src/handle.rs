//! The worker's work: one request in, one [`Response`] out. The files the user opened stay here, in
//! the worker's memory ([`WorkerState`]), so that a big register is read once and never copied to
//! the page as a whole. The work itself is `io` and `core` (the same paths as the examples); this
//! module keeps the files and picks the function for each request. Native: the clock is given.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use koppelhulp_core::Problem;
use koppelhulp_core::antwoord::{Reconciliation, reconcile};
use koppelhulp_core::import::ImportSummary;
use koppelhulp_core::matcher::{
    FIRST_PAIRS, Label, Pair, Ranked, Search, Stage, first_pairs, search,
};
use koppelhulp_core::pupil::{PupilRecord, Source, pair_koppelregel, suggested_remark};
use koppelhulp_io::import::{ImportedFile, import, problems_xlsx};
use koppelhulp_io::koci_template::{check_template, fill_template};
use koppelhulp_io::koci_xlsx::{read_koci, write_koci};
use koppelhulp_io::list_xlsx::write_actielijst;
use koppelhulp_io::table::read_sheet;
use koppelhulp_io::werkbestand;
use koppelhulp_protocol::{
    Call, Decision, FindPairs, FirstPairs, Forget, FoundPair, KociRead, Learn, Open, OpenWork,
    Opened, PairDetails, PairSummary, PairsReply, PasswordProposal, ProblemsXlsx, ProposePassword,
    ReadAnswer, ReadKoci, ReadTemplate, Remap, Request, Response, SaveWork, Sheet, TemplateRead,
    Wire, WorkOpened, WriteActielijst, WriteKoci, Xlsx,
};
use koppelhulp_work::password;
use koppelhulp_work::werkbestand::{SHEETS, from_sheets, to_sheets};
use sha2::{Digest, Sha256};

/// Progress of a task: `(stage, done, total)`, `total` 0 when unknown. Called any number of times.
pub type Progress<'a> = &'a mut dyn FnMut(&str, usize, usize);

/// Milliseconds since some fixed moment (`Date.now` in the browser; `std::time::Instant` panics
/// on `wasm32-unknown-unknown`).
pub type Clock<'a> = &'a dyn Fn() -> f64;

/// A register the page opened, as the worker holds it: its name, its bytes (read again for another
/// sheet or mapping) and what the import made of them.
struct LoadedRegister {
    name: String,
    bytes: Vec<u8>,
    imported: ImportedFile,
}

/// The last search, kept for learning and for the pairs' details: where its records are (file id,
/// index in the file's records: not copied; a file read again, remapped or forgotten drops the
/// search), the search itself and the pairs as last scored (their explanations made on request).
struct Kept {
    records: Vec<(u32, u32)>,
    search: Search,
    pairs: Vec<Ranked>,
    /// Pair by its numbers: index into `pairs` (the strongest with those numbers).
    by_key: HashMap<(String, String), usize>,
    compared: usize,
    already_linked: usize,
    without_number: usize,
}

/// The files opened in this worker, by the page's id, and the last search.
#[derive(Default)]
pub struct WorkerState {
    files: HashMap<u32, LoadedRegister>,
    kept: Option<Kept>,
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

/// One request as it arrived (what the wasm glue calls): postcard bytes from the page, JSON text
/// from a benchmark's script; the reply's value comes in the same form. An unknown request is a
/// failed task, not a crash.
pub fn serve(
    state: &mut WorkerState,
    request: Incoming,
    bytes: Option<Vec<u8>>,
    progress: Progress,
    clock: Clock,
) -> Response {
    let (request, wire) = match request {
        Incoming::Postcard(b) => (Request::from_bytes(b), Wire::Postcard),
        Incoming::Json(text) => (Request::from_json(text), Wire::Json),
    };
    match request {
        Ok(request) => handle(state, request, bytes, progress, clock, wire),
        Err(problem) => Response::Failed(problem),
    }
}

/// A request as it crosses from JS: the page's postcard bytes, or a script's JSON text.
#[derive(Clone, Copy, Debug)]
pub enum Incoming<'a> {
    Postcard(&'a [u8]),
    Json(&'a str),
}

/// One request of the page. `bytes` are the file that comes with [`Open`], [`ReadKoci`],
/// [`ReadTemplate`] and [`ReadAnswer`]; the reply's value comes in `wire`'s form. Panics only on purpose
/// ([`Open::selftest_panic`]).
pub fn handle(
    state: &mut WorkerState,
    request: Request,
    bytes: Option<Vec<u8>>,
    progress: Progress,
    clock: Clock,
    wire: Wire,
) -> Response {
    match request {
        Request::Open(r) => reply::<Open>(wire, open(state, r, bytes, progress, clock)),
        Request::Sheet(r) => {
            state.kept = None;
            reply::<Sheet>(wire, sheet(state, r, progress))
        }
        Request::Remap(r) => {
            state.kept = None;
            reply::<Remap>(wire, remap(state, r, progress))
        }
        Request::ProblemsXlsx(r) => reply::<ProblemsXlsx>(wire, problems(state, &r)),
        Request::Forget(Forget { file_id }) => {
            state.files.remove(&file_id);
            // The search's copies of the records go with the file.
            state.kept = None;
            reply::<Forget>(wire, Ok(()))
        }
        Request::FirstPairs(r) => reply::<FirstPairs>(wire, first(state, &r)),
        Request::FindPairs(r) => reply::<FindPairs>(wire, pairs(state, &r, progress, clock)),
        Request::Learn(r) => reply::<Learn>(wire, learn(state, &r.decisions, clock)),
        Request::PairDetails(r) => reply::<PairDetails>(wire, details(state, &r)),
        Request::ReadKoci(ReadKoci {}) => reply::<ReadKoci>(wire, koci(bytes, progress)),
        Request::ReadTemplate(ReadTemplate {}) => {
            reply::<ReadTemplate>(wire, template(bytes, progress))
        }
        Request::ReadAnswer(r) => reply::<ReadAnswer>(wire, answer(&r, bytes, progress)),
        Request::WriteKoci(r) => reply::<WriteKoci>(wire, write(&r).map(Xlsx)),
        Request::WriteActielijst(r) => reply::<WriteActielijst>(
            wire,
            write_actielijst(&r.title, &r.reconciliation, &r.marks).map(Xlsx),
        ),
        Request::SaveWork(r) => reply::<SaveWork>(wire, save_work(&r, progress)),
        Request::OpenWork(r) => reply::<OpenWork>(wire, open_work(&r, bytes, progress)),
        Request::ProposePassword(r) => reply::<ProposePassword>(wire, propose_password(&r)),
    }
}

/// The envelope for a request's outcome (the type parameter keeps each reply the one its request
/// promises).
fn reply<C: Call>(wire: Wire, outcome: Result<C::Reply, Problem>) -> Response {
    Response::of(outcome, wire)
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
    // The self-test (`?zelftest=werker`) exists natively (tests/worker.rs) and in a test build of
    // the wasm (build.rs), never in the release.
    #[cfg(any(zelftest, not(target_arch = "wasm32")))]
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
        LoadedRegister {
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
    state: &mut WorkerState,
    r: &FindPairs,
    progress: Progress,
    clock: Clock,
) -> Result<PairsReply, Problem> {
    let start = clock();
    state.kept = None;
    let places = places_of(state, &r.file_ids)?;
    let records = records_at(&state.files, &places);
    let mut stages = |stage: Stage, done: usize, total: usize| progress(stage.label(), done, total);
    let found = search(&records, r.floor, &mut stages);
    let without_number = found.without_number().len();
    let already_linked = found.already_linked().len();
    let mut kept = Kept {
        compared: records.len() - without_number - already_linked,
        records: places,
        search: found,
        pairs: Vec::new(),
        by_key: HashMap::new(),
        already_linked,
        without_number,
    };
    rescore(&mut kept, &records, &r.decisions);
    let reply = summary(&kept, &records, clock() - start);
    drop(records);
    state.kept = Some(kept);
    Ok(reply)
}

/// The places (file id, index) of the records of these files, in order.
fn places_of(state: &WorkerState, file_ids: &[u32]) -> Result<Vec<(u32, u32)>, Problem> {
    let mut places: Vec<(u32, u32)> = Vec::new();
    for id in file_ids {
        let file = state.files.get(id).ok_or_else(gone)?;
        let n = file.imported.interpretation.records.len() as u32;
        places.extend((0..n).map(|i| (*id, i)));
    }
    Ok(places)
}

fn first(state: &WorkerState, r: &FirstPairs) -> Result<Vec<FoundPair>, Problem> {
    let places = places_of(state, &r.file_ids)?;
    let records = records_at(&state.files, &places);
    Ok(first_pairs(&records, FIRST_PAIRS)
        .into_iter()
        .filter_map(|p| found_pair(state, &places, p))
        .collect())
}

/// A pair with both records whole and the names of their files.
fn found_pair(state: &WorkerState, places: &[(u32, u32)], p: Pair) -> Option<FoundPair> {
    let record = |i: usize| -> Option<(&PupilRecord, String)> {
        let (f, n) = places.get(i)?;
        let file = state.files.get(f)?;
        Some((
            file.imported.interpretation.records.get(*n as usize)?,
            file.name.clone(),
        ))
    };
    let (bsn, bsn_file) = record(p.bsn_record)?;
    let (onderwijs, onderwijs_file) = record(p.onderwijs_record)?;
    let suggestion = suggested_remark(
        Source {
            record: bsn,
            file: &bsn_file,
        },
        Source {
            record: onderwijs,
            file: &onderwijs_file,
        },
    );
    let row = onderwijs
        .onderwijsnummer
        .map(|o| pair_koppelregel(bsn, onderwijs, o))
        .unwrap_or_default();
    Some(FoundPair {
        bsn: bsn.clone(),
        onderwijs: onderwijs.clone(),
        bsn_file,
        onderwijs_file,
        weight: p.weight,
        explanation: p.explanation,
        suggestion,
        row,
    })
}

/// The records at these places (file id, index); a place no longer there is an empty record (the
/// search is dropped whenever a file changes, so that does not happen).
fn records_at<'a>(
    files: &'a HashMap<u32, LoadedRegister>,
    places: &[(u32, u32)],
) -> Vec<&'a PupilRecord> {
    static EMPTY: PupilRecord = PupilRecord {
        row: 0,
        bsn: None,
        onderwijsnummer: None,
        achternaam: String::new(),
        voorvoegsel: String::new(),
        voornamen: String::new(),
        geboortedatum: None,
        geslacht: None,
        straat: String::new(),
        huisnummer: String::new(),
        postcode: String::new(),
        woonplaats: String::new(),
    };
    places
        .iter()
        .map(|(f, i)| {
            files
                .get(f)
                .and_then(|file| file.imported.interpretation.records.get(*i as usize))
                .unwrap_or(&EMPTY)
        })
        .collect()
}

fn learn(
    state: &mut WorkerState,
    decisions: &[Decision],
    clock: Clock,
) -> Result<PairsReply, Problem> {
    let start = clock();
    let kept = state.kept.as_mut().ok_or_else(no_search)?;
    let records = records_at(&state.files, &kept.records);
    rescore(kept, &records, decisions);
    Ok(summary(kept, &records, clock() - start))
}

fn no_search() -> Problem {
    Problem::error("Er is nog niet gezocht in deze bestanden. Kies Dubbelen zoeken.")
}

/// Learn from the decisions (all of them: an undo gives the weights from before) and score the
/// kept pairs again.
fn rescore(kept: &mut Kept, records: &[&PupilRecord], decisions: &[Decision]) {
    let given: Vec<(String, String, bool)> = decisions
        .iter()
        .map(|d| (d.bsn.clone(), d.onderwijsnummer.clone(), d.same))
        .collect();
    let labels: Vec<Label> = kept.search.labels_by_numbers(records, &given);
    kept.search.learn(&labels);
    kept.pairs = kept.search.ranked(&labels);
    kept.by_key.clear();
    for (i, p) in kept.pairs.iter().enumerate() {
        if let Some(key) = key_of(records, p) {
            kept.by_key.entry(key).or_insert(i);
        }
    }
}

fn key_of(records: &[&PupilRecord], p: &Ranked) -> Option<(String, String)> {
    Some((
        records.get(p.bsn_record)?.bsn?.to_string(),
        records
            .get(p.onderwijs_record)?
            .onderwijsnummer?
            .to_string(),
    ))
}

fn summary(kept: &Kept, records: &[&PupilRecord], millis: f64) -> PairsReply {
    PairsReply {
        pairs: kept
            .pairs
            .iter()
            .filter_map(|p| {
                let (bsn, onderwijsnummer) = key_of(records, p)?;
                Some(PairSummary {
                    bsn,
                    onderwijsnummer,
                    weight: p.weight,
                })
            })
            .collect(),
        compared: kept.compared,
        already_linked: kept.already_linked,
        without_number: kept.without_number,
        millis,
        learned_from: kept.search.learned_from(),
        floor: kept.search.floor(),
        below_floor: kept.search.below_floor(),
    }
}

fn details(state: &WorkerState, r: &PairDetails) -> Result<Vec<FoundPair>, Problem> {
    let kept = state.kept.as_ref().ok_or_else(no_search)?;
    Ok(r.keys
        .iter()
        .filter_map(|key| {
            let p = kept.pairs.get(*kept.by_key.get(key)?)?;
            found_pair(state, &kept.records, kept.search.explain(p))
        })
        .collect())
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
        // The workbook as kept (formulas taken out), not the bytes as they came.
        Ok(kept) => (Some(BASE64.encode(&kept.bytes)), kept.note()),
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

fn propose_password(r: &ProposePassword) -> Result<PasswordProposal, Problem> {
    let mut random = r.random.iter().copied();
    password::passphrase(|| random.next())
        .map(|password| PasswordProposal { password })
        .ok_or_else(|| {
            Problem::error(
                "Koppelhulp kon geen wachtwoord voorstellen: de browser gaf te weinig willekeurige \
                 getallen. Bedenk zelf een wachtwoord van een paar losse woorden.",
            )
        })
}

fn save_work(r: &SaveWork, progress: Progress) -> Result<Xlsx, Problem> {
    // The page checks the same rules before it asks; this keeps a weak password out of a file
    // whatever the page does.
    if let Some(weakness) =
        password::weakness(&r.password, &password::own_words(&r.about.organisation))
    {
        return Err(Problem::error(weakness.message()));
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
    use super::sha256_hex;

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
}
