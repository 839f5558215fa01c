//! What the page and the worker say to each other: one struct per request, each with its own reply
//! type ([`Call::Reply`]), and the envelope a reply travels in ([`Response`]).
//!
//! The page sends a request in postcard's compact binary form ([`Request::to_bytes`]); a file's
//! bytes go beside it (moved, not copied). A reply is a value in the request's form, the bytes of a
//! file (an xlsx, moved as they are), or a [`Problem`] with the Dutch message for the user — never a
//! bare string to be guessed at. The benchmarks' scripts speak JSON instead
//! (`{"op": "open", "file_id": 1, …}`, [`Request::from_json`]) and get JSON back ([`Wire`]): the page's
//! wasm then holds no JSON reader for the replies, about 25 KB gzip less (BENCHMARKS.md).
//!
//! The page calls `call(request)` and gets `Result<R::Reply, String>`; the worker answers with
//! [`super::handle`]. Both sides use [`Payload`] to put a reply in the envelope and take it out.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use time::Date;

use koppelhulp_core::Problem;
use koppelhulp_core::antwoord::{Mark, Reconciliation};
use koppelhulp_core::import::ImportField;
use koppelhulp_core::import::ImportSummary;
use koppelhulp_core::koci_layout::KociLayout;
use koppelhulp_core::koppelregel::{Koppelregel, NormalisedRow};
use koppelhulp_core::matcher::Explanation;
use koppelhulp_core::pupil::PupilRecord;
use koppelhulp_work::Work;
use koppelhulp_work::werkbestand::About;

// ---- Requests ---------------------------------------------------------------------------------

/// Read a register (its bytes come with the request) and keep it under `file_id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Open {
    pub file_id: u32,
    pub name: String,
    pub sheet: Option<String>,
    pub today: Date,
    /// Panic on purpose while reading (`?zelftest=werker`): the browser tests check that the page
    /// survives a crashing parser.
    #[serde(default)]
    pub selftest_panic: bool,
}

/// Read another sheet of a file that is open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub file_id: u32,
    pub sheet: String,
    pub today: Date,
}

/// Read the values of an open file again under another column mapping (one entry per column).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Remap {
    pub file_id: u32,
    pub mapping: Vec<Option<ImportField>>,
    pub today: Date,
}

/// Every row problem of an open file as an xlsx file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProblemsXlsx {
    pub file_id: u32,
}

/// Close a file: its data leaves the worker's memory. Forgetting a file that is not open is fine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Forget {
    pub file_id: u32,
}

/// The surest pairs among the records of these open files, found in a small part of the search's
/// time (`core::matcher::first_pairs`): what the review shows while [`FindPairs`] runs, both
/// records whole as [`PairDetails`] gives them. Nothing is kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FirstPairs {
    pub file_ids: Vec<u32>,
}

/// Find the probable doubles among the records of these open files (Dubbelen zoeken). The worker
/// keeps the search (the records and the pairs' comparison vectors) for [`Learn`] and
/// [`PairDetails`]; the decisions already made are learned from at once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindPairs {
    pub file_ids: Vec<u32>,
    /// The officer's decisions so far (*Koppelen* and *Geen dubbel*; absent: none).
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// The lowest weight listed: [`koppelhulp_core::matcher::REVIEW_FLOOR`] unless the officer
    /// lowered it.
    #[serde(default = "review_floor")]
    pub floor: f64,
}

fn review_floor() -> f64 {
    koppelhulp_core::matcher::REVIEW_FLOOR
}

/// One decision of the officer on a pair, by its numbers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub bsn: String,
    pub onderwijsnummer: String,
    /// True: the same pupil (*Koppelen*); false: *Geen dubbel*.
    pub same: bool,
}

/// Learn from all the decisions made so far and score the pairs of the kept search again
/// (after every decision and every undo): no new search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Learn {
    pub decisions: Vec<Decision>,
}

/// The pairs with these numbers as the review shows them (both records, files, explanation with
/// the current weights): what the page shows next, fetched as the officer moves on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairDetails {
    pub keys: Vec<(String, String)>,
}

/// Read an earlier koppelbestand (its bytes come with the request): its rows, layout and problems.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadKoci {}

/// Read DUO's empty template (its bytes come with the request) → its layout, and the file itself
/// when Koppelhulp can write into it ([`TemplateRead`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadTemplate {}

/// Read DUO's returned file (its bytes come with the request) against what was sent: the rows and
/// the headers they were sent under (the tab's koppelbestand and layout, or a sent file read again
/// with [`ReadKoci`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadAnswer {
    /// The file's name: its extension helps tell the format.
    pub name: String,
    pub sent: Vec<Koppelregel>,
    pub sent_headers: Vec<String>,
}

/// Write the koppelbestand: the checked rows (`RowReport::rows_to_write`) into DUO's own workbook
/// (`template`, as [`TemplateRead::file`] gave it), else as a new file in `layout`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WriteKoci {
    pub rows: Vec<NormalisedRow>,
    pub layout: KociLayout,
    /// DUO's template (xlsx) as base64, as [`TemplateRead::file`] gave it.
    #[serde(default)]
    pub template: Option<String>,
}

/// Write the actielijst: the rows of DUO's answer the officer marked *actie nodig*.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WriteActielijst {
    pub title: String,
    pub reconciliation: Reconciliation,
    /// The officer's marks by row key ([`koppelhulp_core::antwoord::AnsweredRow::key`]).
    pub marks: HashMap<String, Mark>,
}

/// Save the officer's work as a work file: an xlsx protected with `password` (Excel's Agile
/// Encryption; the 100,000 rounds over the password run here, in the worker). The password is
/// never kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveWork {
    /// Boxed: the work is far bigger than any other request.
    pub work: Box<Work>,
    pub about: About,
    pub password: String,
}

/// Propose a password for a work file (*Stel een wachtwoord voor*): `work::password::passphrase`
/// over `random`, numbers the page drew from `crypto.getRandomValues`. In the worker, so that the
/// word list (and the password rules, checked on [`SaveWork`]) stay out of the page's wasm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposePassword {
    pub random: Vec<u32>,
}

/// Open a work file (its bytes come with the request) with `password`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenWork {
    pub password: String,
}

/// Any request. As JSON: `{"op": "<snake_case name>", …the request's fields}`.
///
/// No serde attribute may leave a field out or read a value by its shape (`skip_serializing_if`,
/// `flatten`, `untagged`, an internal `tag`) in a request or a reply: postcard writes every field in
/// order and cannot read such a value (`every_request_and_reply_survives_postcard` in tests/worker.rs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    Open(Open),
    Sheet(Sheet),
    Remap(Remap),
    ProblemsXlsx(ProblemsXlsx),
    Forget(Forget),
    FirstPairs(FirstPairs),
    FindPairs(FindPairs),
    Learn(Learn),
    PairDetails(PairDetails),
    ReadKoci(ReadKoci),
    ReadTemplate(ReadTemplate),
    ReadAnswer(ReadAnswer),
    WriteKoci(WriteKoci),
    WriteActielijst(WriteActielijst),
    SaveWork(SaveWork),
    OpenWork(OpenWork),
    ProposePassword(ProposePassword),
}

fn not_made() -> Problem {
    Problem::error("De opdracht voor de achtergrond kon niet worden gemaakt.")
}

fn unknown() -> Problem {
    Problem::error("De achtergrond kreeg een opdracht die hij niet kent. Laad de pagina opnieuw.")
}

impl Request {
    /// The request as the page sends it (postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>, Problem> {
        postcard::to_allocvec(self).map_err(|_| not_made())
    }

    /// A request the page sent, as the worker receives it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Request, Problem> {
        postcard::from_bytes(bytes).map_err(|_| unknown())
    }

    /// The request as JSON, `{"op": "<name>", …fields}`: what the benchmarks' scripts send.
    pub fn to_json(&self) -> Result<String, Problem> {
        let value = serde_json::to_value(self).map_err(|_| not_made())?;
        let serde_json::Value::Object(outer) = value else {
            return Err(not_made());
        };
        let Some((op, fields @ serde_json::Value::Object(_))) = outer.into_iter().next() else {
            return Err(not_made());
        };
        // `op` first, then the fields: `{"op":"open","file_id":1,…}`.
        let fields = fields.to_string();
        let rest = fields.strip_prefix('{').unwrap_or(&fields);
        let comma = if rest == "}" { "" } else { "," };
        Ok(format!(
            "{{\"op\":{}{comma}{rest}",
            serde_json::Value::from(op)
        ))
    }

    /// A request in JSON ([`Request::to_json`]), as the worker receives it from a script.
    pub fn from_json(text: &str) -> Result<Request, Problem> {
        let Ok(serde_json::Value::Object(mut fields)) = serde_json::from_str(text) else {
            return Err(unknown());
        };
        let Some(serde_json::Value::String(op)) = fields.remove("op") else {
            return Err(unknown());
        };
        let mut outer = serde_json::Map::new();
        outer.insert(op, fields.into());
        serde_json::from_value(outer.into()).map_err(|_| unknown())
    }
}

/// A request and the type of its reply: the page's `call(request)` returns a `Call::Reply`.
pub trait Call: Into<Request> {
    type Reply: Payload;
}

macro_rules! calls {
    ($($request:ident => $reply:ty),* $(,)?) => {$(
        impl From<$request> for Request {
            fn from(request: $request) -> Request {
                Request::$request(request)
            }
        }
        impl Call for $request {
            type Reply = $reply;
        }
    )*};
}

calls! {
    Open => Opened,
    Sheet => ImportSummary,
    Remap => ImportSummary,
    ProblemsXlsx => Xlsx,
    Forget => (),
    FirstPairs => Vec<FoundPair>,
    FindPairs => PairsReply,
    Learn => PairsReply,
    PairDetails => Vec<FoundPair>,
    ReadKoci => KociRead,
    ReadTemplate => TemplateRead,
    ReadAnswer => Reconciliation,
    WriteKoci => Xlsx,
    WriteActielijst => Xlsx,
    SaveWork => Xlsx,
    OpenWork => WorkOpened,
    ProposePassword => PasswordProposal,
}

/// The reply to [`ProposePassword`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordProposal {
    pub password: String,
}

// ---- Replies ----------------------------------------------------------------------------------

/// The reply to [`Open`]: the summary, and the time `io::import::import` took in the worker (read
/// by the import benchmark: the same scope as the native `importeer` example's time).
///
/// The summary is a field of its own, not `#[serde(flatten)]`: flattening made the page's wasm read
/// the whole summary a second time through serde's buffered `Content` (about 3 KB gzip).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Opened {
    pub summary: ImportSummary,
    /// Milliseconds.
    pub millis: f64,
    /// The file's size in bytes and SHA-256 (`work::files::sha256_hex`): the same file opened
    /// again is recognised by them.
    #[serde(default)]
    pub size: u64,
    #[serde(default)]
    pub sha256: String,
}

/// The reply to [`OpenWork`]: the work as it was saved, and what the file's `Over` sheet says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkOpened {
    pub work: Work,
    pub about: About,
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
    /// The *Opmerking* proposed for the pair's row when the officer has it open
    /// (`core::pupil::suggested_remark`: a real difference, naming each record's file and row).
    #[serde(default)]
    pub suggestion: Option<String>,
    /// The pair's koppelbestand row (`core::pupil::pair_koppelregel`: the readable spelling of a
    /// name wins), made here so the page does not build it.
    #[serde(default)]
    pub row: Koppelregel,
}

/// A pair in the list: its numbers and weight. The records stay in the worker ([`PairDetails`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairSummary {
    pub bsn: String,
    pub onderwijsnummer: String,
    pub weight: f64,
}

/// The reply to [`FindPairs`] and [`Learn`]: pairs from the floor asked for up and every pair
/// decided, strongest first, as numbers and weights.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairsReply {
    pub pairs: Vec<PairSummary>,
    /// Records compared (with exactly one of the two numbers).
    pub compared: usize,
    /// Records that already carry both numbers.
    pub already_linked: usize,
    /// Records with neither number.
    pub without_number: usize,
    /// Time spent finding (or re-scoring) the pairs, in milliseconds (shown, and read by the
    /// benchmark).
    pub millis: f64,
    /// How many decisions the weights learned from (0: the weights as estimated from the files).
    #[serde(default)]
    pub learned_from: usize,
    /// The floor the pairs were listed from ([`FindPairs::floor`]).
    #[serde(default = "review_floor")]
    pub floor: f64,
    /// Possible pairs under the floor, not listed (`core::matcher::Search::below_floor`).
    #[serde(default)]
    pub below_floor: usize,
}

/// The reply to [`ReadKoci`]: the rows as raw text (as if typed), the layout found, and a problem
/// per cell that could not be read (see [`crate::io::koci_xlsx::read_koci`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KociRead {
    pub rows: Vec<Koppelregel>,
    pub layout: KociLayout,
    pub problems: Vec<Problem>,
}

/// The reply to [`ReadTemplate`]: the layout, and the template itself when Koppelhulp writes into
/// it (see `io::koci_template`) — else a sentence saying why it writes a new file in the layout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateRead {
    pub layout: KociLayout,
    /// The xlsx as base64 (at most 1 MiB of text: it is kept in `localStorage`). Only a template
    /// with nothing under its header row: no pupil data.
    pub file: Option<String>,
    /// Why the file is not kept, in one or two plain Dutch sentences.
    pub note: Option<String>,
}

/// A file the worker wrote (xlsx): its bytes, moved to the page as they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Xlsx(pub Vec<u8>);

// ---- The envelope -----------------------------------------------------------------------------

/// The form a reply's value takes: the request's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wire {
    /// postcard bytes: the page.
    Postcard,
    /// JSON text: the benchmarks' scripts.
    Json,
}

/// A reply on its way: a reply type's value (postcard or JSON, [`Wire`]), the bytes of a file, or
/// a failed task.
///
/// Between the worker's wasm, `public/worker.js` and the page it is a JS object with exactly one of
/// the fields [`Response::VALUE`] (a `Uint8Array`, transferred), [`Response::JSON`] (a string),
/// [`Response::BYTES`] (a `Uint8Array`, transferred) or [`Response::PROBLEM`] (the [`Problem`] as a
/// JSON string).
#[derive(Clone, Debug, PartialEq)]
pub enum Response {
    Value(Vec<u8>),
    Json(String),
    Bytes(Vec<u8>),
    Failed(Problem),
}

impl Response {
    pub const VALUE: &str = "value";
    pub const JSON: &str = "json";
    pub const BYTES: &str = "bytes";
    pub const PROBLEM: &str = "problem";

    /// The problem as it crosses to the page.
    pub fn problem_json(problem: &Problem) -> String {
        serde_json::to_string(problem).unwrap_or_else(|_| {
            format!(
                r#"{{"severity":"Error","message":{:?}}}"#,
                "Er ging iets mis in het hulpprogramma voor bestanden."
            )
        })
    }

    /// A failure as the page receives it; text that is not a problem's JSON is taken as its message.
    pub fn failed_from_json(text: &str) -> Response {
        Response::Failed(serde_json::from_str(text).unwrap_or_else(|_| Problem::error(text)))
    }

    /// The envelope for an outcome, its value in `wire`'s form.
    pub fn of<P: Payload>(outcome: Result<P, Problem>, wire: Wire) -> Response {
        match outcome {
            Ok(reply) => reply.into_response(wire),
            Err(problem) => Response::Failed(problem),
        }
    }
}

fn unexpected() -> Problem {
    Problem::error("Het hulpprogramma gaf een onverwacht antwoord.")
}

/// A reply type: how it goes into the envelope (worker) and comes out (page, postcard only).
pub trait Payload: Sized {
    fn into_response(self, wire: Wire) -> Response;
    fn from_response(response: Response) -> Result<Self, Problem>;
}

impl Payload for Xlsx {
    fn into_response(self, _: Wire) -> Response {
        Response::Bytes(self.0)
    }

    fn from_response(response: Response) -> Result<Xlsx, Problem> {
        match response {
            Response::Bytes(bytes) => Ok(Xlsx(bytes)),
            Response::Value(_) | Response::Json(_) => Err(unexpected()),
            Response::Failed(problem) => Err(problem),
        }
    }
}

fn to_value<T: Serialize>(value: &T, wire: Wire) -> Response {
    let made = match wire {
        Wire::Postcard => postcard::to_allocvec(value).ok().map(Response::Value),
        Wire::Json => serde_json::to_string(value).ok().map(Response::Json),
    };
    made.unwrap_or_else(|| {
        Response::Failed(Problem::error(
            "Het antwoord van de achtergrond kon niet worden gemaakt. Probeer het opnieuw.",
        ))
    })
}

fn from_value<T: DeserializeOwned>(response: Response) -> Result<T, Problem> {
    match response {
        Response::Value(bytes) => postcard::from_bytes(&bytes)
            .map_err(|_| Problem::error("Het antwoord van het hulpprogramma klopt niet.")),
        Response::Json(_) | Response::Bytes(_) => Err(unexpected()),
        Response::Failed(problem) => Err(problem),
    }
}

macro_rules! value_payloads {
    ($($reply:ty),* $(,)?) => {$(
        impl Payload for $reply {
            fn into_response(self, wire: Wire) -> Response {
                to_value(&self, wire)
            }
            fn from_response(response: Response) -> Result<Self, Problem> {
                from_value(response)
            }
        }
    )*};
}

value_payloads!(
    (),
    Opened,
    ImportSummary,
    PairsReply,
    Vec<FoundPair>,
    KociRead,
    TemplateRead,
    Reconciliation,
    WorkOpened,
    PasswordProposal
);
