//! The background worker's side, natively: every request of `koppelhulp_protocol`, with good
//! and bad input, through the same postcard bytes and reply envelope the browser passes between the
//! page and the worker's wasm (`serve` → `Response` → `Payload::from_response`); the JSON the
//! benchmarks' scripts speak in the table of every request's reply. Only the wasm glue
//! (`crates/worker/src/main.rs`) and `public/worker.js` are left to the browser tests.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use koppelhulp_core::Problem;
use koppelhulp_core::antwoord::{Mark, Reconciliation, Status};
use koppelhulp_core::ids::{bsn_from_seed, onderwijsnummer_from_seed};
use koppelhulp_core::import::ImportField;
use koppelhulp_core::import::ImportSummary;
use koppelhulp_core::koci_layout::KociLayout;
use koppelhulp_core::koppelregel::{Field, Koppelregel, NormalisedRow, check_rows};
use koppelhulp_core::matcher::{
    DEFAULT_THRESHOLD, FIRST_NOTE, FIRST_PAIRS, Pair, REVIEW_FLOOR, find_pairs,
};
use koppelhulp_core::table::RawCell;
use koppelhulp_io::import::import;
use koppelhulp_io::koci_template::check_template;
use koppelhulp_io::koci_xlsx::{read_koci, read_template};
use koppelhulp_io::table::read_sheet;
use koppelhulp_protocol::{
    Decision, FindPairs, FirstPairs, Forget, KociRead, Learn, Open, OpenWork, Opened, PairDetails,
    PairsReply, ProblemsXlsx, ProposePassword, ReadAnswer, ReadKoci, ReadTemplate, Remap, SaveWork,
    Sheet, TemplateRead, WorkOpened, WriteActielijst, WriteKoci, Xlsx,
};
use koppelhulp_work::Work;
use koppelhulp_work::werkbestand::About;
use koppelhulp_worker::{
    Call, Incoming, Payload, Request, Response, Wire, WorkerState, handle, serve,
};
use time::{Date, Month};

fn today() -> Date {
    Date::from_calendar_date(2026, Month::November, 28).unwrap()
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A clock that moves 7 ms each time it is read.
fn clock() -> impl Fn() -> f64 {
    let now = std::cell::Cell::new(1_000.0);
    move || {
        now.set(now.get() + 7.0);
        now.get()
    }
}

/// The stages a task reported, in order, each once.
type Stages = Vec<String>;

/// One request as the page sends it (postcard), answered by the worker, taken out of the envelope
/// as the page does.
fn ask_with<C: Call>(
    state: &mut WorkerState,
    request: C,
    bytes: Option<Vec<u8>>,
) -> (Result<C::Reply, Problem>, Stages) {
    let request: Request = request.into();
    let sent = request.to_bytes().unwrap();
    let mut stages: Stages = Vec::new();
    let mut progress = |stage: &str, _: usize, _: usize| {
        if stages.last().is_none_or(|s| s != stage) {
            stages.push(stage.to_string());
        }
    };
    let response = serve(
        state,
        Incoming::Postcard(&sent),
        bytes,
        &mut progress,
        &clock(),
    );
    (C::Reply::from_response(response), stages)
}

fn ask<C: Call>(
    state: &mut WorkerState,
    request: C,
    bytes: Option<Vec<u8>>,
) -> Result<C::Reply, Problem> {
    ask_with(state, request, bytes).0
}

fn open_request(file_id: u32, name: &str) -> Open {
    Open {
        file_id,
        name: name.to_string(),
        sheet: None,
        today: today(),
        selftest_panic: false,
    }
}

/// A worker with these fixtures open, under ids 1, 2, …
fn with_open(paths: &[&str]) -> WorkerState {
    let mut state = WorkerState::new();
    for (i, path) in paths.iter().enumerate() {
        let name = path.rsplit('/').next().unwrap();
        ask(
            &mut state,
            open_request(i as u32 + 1, name),
            Some(fixture(path)),
        )
        .unwrap_or_else(|p| panic!("{path}: {}", p.message));
    }
    state
}

/// What was sent with the answer fixtures: the koppelbestand in tests/fixtures/antwoord.
fn sent() -> KociRead {
    let (rows, layout, problems) = read_koci(&fixture("antwoord/20261128G0363.koci.xlsx")).unwrap();
    KociRead {
        rows,
        layout,
        problems,
    }
}

/// Checked rows with generated numbers, ready to write.
fn rows_to_write() -> Vec<NormalisedRow> {
    let regels: Vec<Koppelregel> = (0..3)
        .map(|i| Koppelregel {
            bsn: bsn_from_seed(i).to_string(),
            onderwijsnummer: onderwijsnummer_from_seed(i).to_string(),
            achternaam: ["Jansen", "Yılmaz", "Berg"][i as usize].into(),
            voorvoegsel: if i == 2 {
                "van den".into()
            } else {
                String::new()
            },
            voornamen: ["Daan", "Elif", "Anna"][i as usize].into(),
            geboortedatum: format!("0{}-03-2012", i + 1),
            geslacht: ["M", "V", "V"][i as usize].into(),
            opmerking: if i == 1 {
                "=Staat zij dubbel ingeschreven?".into()
            } else {
                String::new()
            },
        })
        .collect();
    let report = check_rows(&regels, today());
    assert!(report.can_download(), "{:?}", report.cross_row);
    report.rows_to_write().cloned().collect()
}

// ---- The protocol ---------------------------------------------------------------------------

#[test]
fn every_request_travels_as_postcard_and_as_json_with_its_op_name() {
    let cases: Vec<(Request, &str)> = vec![
        (open_request(1, "a.xlsx").into(), "open"),
        (
            Sheet {
                file_id: 1,
                sheet: "Blad2".into(),
                today: today(),
            }
            .into(),
            "sheet",
        ),
        (
            Remap {
                file_id: 1,
                mapping: vec![Some(ImportField::Bsn), None],
                today: today(),
            }
            .into(),
            "remap",
        ),
        (ProblemsXlsx { file_id: 1 }.into(), "problems_xlsx"),
        (Forget { file_id: 1 }.into(), "forget"),
        (
            FindPairs {
                file_ids: vec![1, 2],
                decisions: vec![],
                floor: REVIEW_FLOOR,
            }
            .into(),
            "find_pairs",
        ),
        (Learn { decisions: vec![] }.into(), "learn"),
        (
            PairDetails {
                keys: vec![("999990019".into(), "101222331".into())],
            }
            .into(),
            "pair_details",
        ),
        (ReadKoci {}.into(), "read_koci"),
        (ReadTemplate {}.into(), "read_template"),
        (
            ReadAnswer {
                name: "x.koci.xlsx".into(),
                sent: sent().rows,
                sent_headers: sent().layout.headers,
            }
            .into(),
            "read_answer",
        ),
        (
            WriteKoci {
                rows: rows_to_write(),
                layout: KociLayout::default_layout(),
                template: None,
            }
            .into(),
            "write_koci",
        ),
        (
            WriteActielijst {
                title: "Actielijst".into(),
                reconciliation: Reconciliation::default(),
                marks: HashMap::from([("1|2".to_string(), Mark::default())]),
            }
            .into(),
            "write_actielijst",
        ),
        (
            SaveWork {
                work: Box::new(Work::new(today())),
                about: About::default(),
                password: "twaalf tekens".into(),
            }
            .into(),
            "save_work",
        ),
        (
            OpenWork {
                password: "twaalf tekens".into(),
            }
            .into(),
            "open_work",
        ),
    ];
    for (request, op) in cases {
        let bytes = request.to_bytes().unwrap();
        assert_eq!(Request::from_bytes(&bytes).unwrap(), request, "{op}");
        let json = request.to_json().unwrap();
        assert!(json.starts_with(&format!(r#"{{"op":"{op}""#)), "{json}");
        assert_eq!(Request::from_json(&json).unwrap(), request, "{op}");
    }
    // What the benchmarks send (no self-test flag) is still an Open.
    let bench = r#"{"op":"open","file_id":1,"name":"a.csv","sheet":null,"today":[2026,332]}"#;
    assert!(matches!(
        Request::from_json(bench),
        Ok(Request::Open(Open {
            selftest_panic: false,
            ..
        }))
    ));
}

#[test]
fn a_request_the_worker_does_not_know_is_a_failed_task() {
    for text in [
        "",
        "niet eens json",
        r#"{"op":"lees_alles"}"#,
        r#"{"op":"open","file_id":1}"#,
        r#"{"file_id":1}"#,
        r#"{"op":"forget","file_id":"een"}"#,
        // Postcard: no bytes, an op past the last, a request cut short.
        "\u{0}",
        "\u{63}",
        "\u{2}\u{1}",
    ] {
        let request = if text.len() <= 2 && !text.is_empty() {
            Incoming::Postcard(text.as_bytes())
        } else {
            Incoming::Json(text)
        };
        let response = serve(
            &mut WorkerState::new(),
            request,
            None,
            &mut |_, _, _| (),
            &clock(),
        );
        let Response::Failed(problem) = response else {
            panic!("{text}: {response:?}");
        };
        assert!(
            problem.message.contains("opdracht die hij niet kent"),
            "{text}: {}",
            problem.message
        );
    }
}

#[test]
fn the_envelope_keeps_json_bytes_and_problems_apart() {
    // A problem crosses as JSON and comes back whole; other text is taken as the message.
    let problem = Problem::warning("Let op: „ß” en \"quotes\".");
    assert_eq!(
        Response::failed_from_json(&Response::problem_json(&problem)),
        Response::Failed(problem.clone())
    );
    assert_eq!(
        Response::failed_from_json("kapot"),
        Response::Failed(Problem::error("kapot"))
    );
    // A reply of the wrong kind is a problem for the user, not a crash.
    let bytes = ImportSummary::from_response(Response::Bytes(vec![1, 2])).unwrap_err();
    assert!(bytes.message.contains("onverwacht"), "{}", bytes.message);
    let value = Xlsx::from_response(Response::Value(vec![0])).unwrap_err();
    assert!(value.message.contains("onverwacht"), "{}", value.message);
    // The page reads postcard only; JSON is for the benchmarks' scripts.
    let json = PairsReply::from_response(Response::Json("{}".into())).unwrap_err();
    assert!(json.message.contains("onverwacht"), "{}", json.message);
    let wrong = PairsReply::from_response(Response::Value(vec![3])).unwrap_err();
    assert!(wrong.message.contains("klopt niet"), "{}", wrong.message);
    assert_eq!(
        TemplateRead::from_response(Response::Failed(problem.clone())),
        Err(problem)
    );
    assert_eq!(
        Xlsx::from_response(Xlsx(vec![7, 8]).into_response(Wire::Postcard)),
        Ok(Xlsx(vec![7, 8]))
    );
    assert_eq!(().into_response(Wire::Json), Response::Json("null".into()));
    assert_eq!(().into_response(Wire::Postcard), Response::Value(vec![]));
}

// ---- Every request, good and bad input ------------------------------------------------------

/// What a case should give: JSON holding a text, the bytes of an xlsx, or a problem holding a text.
#[derive(Debug)]
enum Expect {
    Json(&'static str),
    Xlsx,
    Problem(&'static str),
}

const GONE: Expect = Expect::Problem("niet meer in het geheugen");
const NO_BYTES: Expect = Expect::Problem("geen bestand meegegeven");

#[test]
fn every_request_with_good_and_bad_input() {
    // Open in every case: 1 = libreoffice.xlsx, 2 = openpyxl-twee-bladen.xlsx.
    let open = [
        "import/libreoffice.xlsx",
        "import/openpyxl-twee-bladen.xlsx",
    ];
    let answer = |name: &str| ReadAnswer {
        name: name.into(),
        sent: sent().rows,
        sent_headers: sent().layout.headers,
    };
    let mut without_opmerking = KociLayout::default_layout();
    without_opmerking.columns[7] = None;
    let marked = |r: &Reconciliation| -> HashMap<String, Mark> {
        r.rows
            .iter()
            .map(|row| {
                (
                    row.key(),
                    Mark {
                        status: Status::ActieNodig,
                        note: "Bellen".into(),
                    },
                )
            })
            .collect()
    };
    let reconciled = {
        let sent = sent();
        let sheet = read_sheet(
            &fixture("antwoord/antwoord-kolommen.koci.xlsx"),
            "a.xlsx",
            None,
        )
        .unwrap()
        .sheet;
        koppelhulp_core::antwoord::reconcile(&sent.rows, &sent.layout.headers, &sheet).unwrap()
    };
    let file = |p: &str| Some(fixture(p));
    #[rustfmt::skip]
    let cases: Vec<(&str, Request, Option<Vec<u8>>, Expect)> = vec![
        ("open a register", open_request(3, "libreoffice.ods").into(), file("import/libreoffice.ods"), Expect::Json(r#""records":4"#)),
        ("open a csv", open_request(3, "utf8-bom-komma.csv").into(), file("import/utf8-bom-komma.csv"), Expect::Json(r#""kind":"#)),
        ("open without bytes", open_request(3, "x.xlsx").into(), None, NO_BYTES),
        ("open a PDF", open_request(3, "x.xlsx").into(), file("import/broken/pdf-als-xlsx.xlsx"), Expect::Problem("PDF-document")),
        ("open a cut-off file", open_request(3, "x.xlsx").into(), file("import/broken/afgekapt.xlsx"), Expect::Problem("beschadigd")),
        ("open with a password", open_request(3, "x.xlsx").into(), file("import/broken/wachtwoord.xlsx"), Expect::Problem("wachtwoord")),
        ("open a zip bomb", open_request(3, "x.xlsx").into(), file("import/broken/zipbom.xlsx"), Expect::Problem("veilig")),
        ("open 0 bytes", open_request(3, "x.csv").into(), Some(Vec::new()), Expect::Problem("leeg (0 bytes)")),
        ("open a sheet that is not there", Open { sheet: Some("Bestaat niet".into()), ..open_request(3, "x.xlsx") }.into(), file("import/libreoffice.xlsx"), Expect::Problem("staat niet in dit bestand")),
        ("another sheet", Sheet { file_id: 2, sheet: "Export".into(), today: today() }.into(), None, Expect::Json(r#""sheet":"Export""#)),
        ("a sheet without a header", Sheet { file_id: 2, sheet: "Toelichting".into(), today: today() }.into(), None, Expect::Problem("geen kopregel")),
        ("a wrong sheet name", Sheet { file_id: 1, sheet: "Blad9".into(), today: today() }.into(), None, Expect::Problem("staat niet in dit bestand")),
        ("a sheet of a file not open", Sheet { file_id: 9, sheet: "Export".into(), today: today() }.into(), None, GONE),
        ("remap", Remap { file_id: 1, mapping: vec![], today: today() }.into(), None, Expect::Json(r#""records":0"#)),
        ("remap a file not open", Remap { file_id: 9, mapping: vec![], today: today() }.into(), None, GONE),
        ("the problems as xlsx", ProblemsXlsx { file_id: 1 }.into(), None, Expect::Xlsx),
        ("the problems of a file not open", ProblemsXlsx { file_id: 9 }.into(), None, GONE),
        ("forget", Forget { file_id: 1 }.into(), None, Expect::Json("null")),
        ("forget a file not open", Forget { file_id: 9 }.into(), None, Expect::Json("null")),
        ("pairs in open files", FindPairs { file_ids: vec![1, 2], decisions: vec![], floor: REVIEW_FLOOR }.into(), None, Expect::Json(r#""compared":"#)),
        ("pairs in no files", FindPairs { file_ids: vec![], decisions: vec![], floor: REVIEW_FLOOR }.into(), None, Expect::Json(r#"{"pairs":[],"compared":0"#)),
        ("pairs with a file not open", FindPairs { file_ids: vec![1, 9], decisions: vec![], floor: REVIEW_FLOOR }.into(), None, GONE),
        ("a koppelbestand", ReadKoci {}.into(), file("antwoord/20261128G0363.koci.xlsx"), Expect::Json(r#""sheet_name":"Koppelen gegevens""#)),
        ("a koppelbestand as xls", ReadKoci {}.into(), file("templates/duo-ingevuld.xls"), Expect::Json(r#""from_template":true"#)),
        ("a koppelbestand without bytes", ReadKoci {}.into(), None, NO_BYTES),
        ("another file as koppelbestand", ReadKoci {}.into(), file("antwoord/geen-koci.xlsx"), Expect::Problem("")),
        ("a PDF as koppelbestand", ReadKoci {}.into(), file("import/broken/pdf-als-xlsx.xlsx"), Expect::Problem("")),
        ("a broken koppelbestand", ReadKoci {}.into(), file("import/broken/afgekapt.xlsx"), Expect::Problem("")),
        ("a csv as koppelbestand", ReadKoci {}.into(), file("import/utf8-bom-komma.csv"), Expect::Problem("")),
        ("DUO's template", ReadTemplate {}.into(), file("templates/duo-template.xlsx"), Expect::Json(r#""from_template":true"#)),
        ("DUO's template as xls", ReadTemplate {}.into(), file("templates/duo-template.xls"), Expect::Json(r#""from_template":true"#)),
        ("a template without bytes", ReadTemplate {}.into(), None, NO_BYTES),
        ("a PDF as template", ReadTemplate {}.into(), file("import/broken/pdf-als-xlsx.xlsx"), Expect::Problem("")),
        ("DUO's answer", answer("antwoord-kolommen.koci.xlsx").into(), file("antwoord/antwoord-kolommen.koci.xlsx"), Expect::Json(r#""answer_columns":["Resultaat","Toelichting DUO"]"#)),
        ("DUO's answer as xls", answer("20261128G0363 (1).koci.xls").into(), file("antwoord/20261128G0363 (1).koci.xls"), Expect::Json(r#""answered":4"#)),
        ("an answer without bytes", answer("a.xlsx").into(), None, NO_BYTES),
        ("another file as answer", answer("geen-koci.xlsx").into(), file("antwoord/geen-koci.xlsx"), Expect::Problem("geen antwoord van DUO")),
        ("a broken answer", answer("a.xlsx").into(), file("import/broken/afgekapt.xlsx"), Expect::Problem("beschadigd")),
        ("write the koppelbestand", WriteKoci { rows: rows_to_write(), layout: KociLayout::default_layout(), template: None }.into(), None, Expect::Xlsx),
        ("write no rows", WriteKoci { rows: vec![], layout: KociLayout::default_layout(), template: None }.into(), None, Expect::Xlsx),
        ("write without a column for data", WriteKoci { rows: rows_to_write(), layout: without_opmerking, template: None }.into(), None, Expect::Problem("Opmerking Gemeente/Regio")),
        ("write the actielijst", WriteActielijst { title: "Actielijst bij x".into(), marks: marked(&reconciled), reconciliation: reconciled.clone() }.into(), None, Expect::Xlsx),
        ("write an empty actielijst", WriteActielijst { title: "Leeg".into(), reconciliation: Reconciliation::default(), marks: HashMap::new() }.into(), None, Expect::Xlsx),
    ];
    for (what, request, bytes, expect) in cases {
        let mut state = with_open(&open);
        let response = handle(
            &mut state,
            request,
            bytes,
            &mut |_, _, _| (),
            &clock(),
            Wire::Json,
        );
        match (&expect, &response) {
            (Expect::Json(part), Response::Json(json)) => {
                assert!(json.contains(part), "{what}: {json:.300}")
            }
            (Expect::Xlsx, Response::Bytes(bytes)) => {
                assert!(bytes.starts_with(b"PK\x03\x04"), "{what}: not an xlsx")
            }
            (Expect::Problem(part), Response::Failed(problem)) => {
                assert!(
                    problem.message.contains(part) && !problem.message.is_empty(),
                    "{what}: {}",
                    problem.message
                )
            }
            _ => panic!("{what}: expected {expect:?}, got {response:?}"),
        }
    }
}

// ---- What the replies hold ------------------------------------------------------------------

#[test]
fn open_keeps_the_file_and_times_the_import_with_the_given_clock() {
    let mut state = WorkerState::new();
    let (opened, stages) = ask_with(
        &mut state,
        open_request(4, "libreoffice.xlsx"),
        Some(fixture("import/libreoffice.xlsx")),
    );
    let Opened {
        summary,
        millis,
        size,
        sha256,
    } = opened.unwrap();
    // The file's fingerprint, to recognise it when it is opened again.
    let bytes = fixture("import/libreoffice.xlsx");
    assert_eq!(size, bytes.len() as u64);
    assert_eq!(sha256, koppelhulp_worker::sha256_hex(&bytes));
    let direct = import(
        &fixture("import/libreoffice.xlsx"),
        "libreoffice.xlsx",
        None,
        None,
        today(),
        &mut |_, _| (),
    )
    .unwrap();
    assert_eq!(summary, direct.summary());
    assert_eq!((summary.records, summary.sheet.as_str()), (4, "Leerlingen"));
    // One tick of the test clock: read before and after the import, and nowhere else.
    assert_eq!(millis, 7.0);
    assert_eq!(stages, ["Bestand openen", "Rijen lezen"]);
    assert_eq!(state.open_files(), [4]);

    // A failed open keeps nothing.
    let failed = ask(
        &mut state,
        open_request(5, "x.xlsx"),
        Some(fixture("import/broken/afgekapt.xlsx")),
    );
    assert!(failed.is_err());
    assert_eq!(state.open_files(), [4]);
}

#[test]
fn sheet_and_remap_change_the_open_file() {
    let mut state = with_open(&["import/openpyxl-twee-bladen.xlsx"]);
    let summary: ImportSummary = ask(
        &mut state,
        Sheet {
            file_id: 1,
            sheet: "Export".into(),
            today: today(),
        },
        None,
    )
    .unwrap();
    assert_eq!(summary.sheet_names, ["Toelichting", "Export"]);
    assert_eq!(summary.records, 4);
    // Leave out the person number: records without a number are no records.
    let mut mapping = summary.mapping.clone();
    assert_eq!(mapping[0], Some(ImportField::Persoonsnummer));
    mapping[0] = None;
    let remapped = ask(
        &mut state,
        Remap {
            file_id: 1,
            mapping,
            today: today(),
        },
        None,
    )
    .unwrap();
    assert_eq!(remapped.mapping[0], None);
    assert!(remapped.records < summary.records, "{remapped:?}");
    // A failed change of sheet leaves the file as it was.
    assert!(
        ask(
            &mut state,
            Sheet {
                file_id: 1,
                sheet: "Toelichting".into(),
                today: today(),
            },
            None,
        )
        .is_err()
    );
    let again = ask(&mut state, ProblemsXlsx { file_id: 1 }, None).unwrap();
    let list = read_sheet(&again.0, "problemen.xlsx", None).unwrap().sheet;
    assert!(list.rows.len() > 2, "{:?}", list.rows);
}

#[test]
fn forget_drops_the_file() {
    let mut state = with_open(&["import/libreoffice.xlsx", "import/libreoffice.ods"]);
    assert_eq!(state.open_files(), [1, 2]);
    ask(&mut state, Forget { file_id: 1 }, None).unwrap();
    assert_eq!(state.open_files(), [2]);
    let gone = ask(&mut state, ProblemsXlsx { file_id: 1 }, None).unwrap_err();
    assert!(
        gone.message.contains("Open het opnieuw"),
        "{}",
        gone.message
    );
    assert!(
        ask(
            &mut state,
            FindPairs {
                file_ids: vec![2],
                decisions: vec![],
                floor: REVIEW_FLOOR,
            },
            None
        )
        .is_ok()
    );
}

#[test]
fn first_pairs_come_whole_and_the_search_proposes_them_too() {
    let files = ["dubbelen/brp.xlsx", "dubbelen/school.csv"];
    let mut state = with_open(&files);
    let first = ask(
        &mut state,
        FirstPairs {
            file_ids: vec![1, 2],
        },
        None,
    )
    .unwrap();
    assert!(!first.is_empty());
    assert!(first.len() <= FIRST_PAIRS);
    let found = ask(
        &mut state,
        FindPairs {
            file_ids: vec![1, 2],
            decisions: vec![],
            floor: REVIEW_FLOOR,
        },
        None,
    )
    .unwrap();
    for p in &first {
        assert_eq!(
            (p.bsn_file.as_str(), p.onderwijs_file.as_str()),
            ("brp.xlsx", "school.csv")
        );
        assert_eq!(p.bsn.geboortedatum, p.onderwijs.geboortedatum);
        // Surname, first name (or all given names) and birth date agree.
        assert!(
            p.explanation
                .fields
                .iter()
                .take(3)
                .all(|f| f.level == "gelijk" || f.level == "alle voornamen gelijk")
        );
        assert_eq!(p.explanation.note.as_deref(), Some(FIRST_NOTE));
        let (bsn, own) = (
            p.bsn.bsn.unwrap().to_string(),
            p.onderwijs.onderwijsnummer.unwrap().to_string(),
        );
        assert!(
            found
                .pairs
                .iter()
                .any(|f| f.bsn == bsn && f.onderwijsnummer == own && f.weight >= DEFAULT_THRESHOLD),
            "{bsn} {own} is not proposed by the search"
        );
    }
    // A file that is not open: a problem, not a crash.
    let gone = ask(&mut state, FirstPairs { file_ids: vec![7] }, None).unwrap_err();
    assert!(gone.message.contains("niet meer in het geheugen"));
}

#[test]
fn find_pairs_over_the_dubbelen_fixtures() {
    let files = ["dubbelen/brp.xlsx", "dubbelen/school.csv"];
    let mut state = with_open(&files);
    let (found, stages) = ask_with(
        &mut state,
        FindPairs {
            file_ids: vec![1, 2],
            decisions: vec![],
            floor: REVIEW_FLOOR,
        },
        None,
    );
    let found = found.unwrap();
    assert!(!stages.is_empty());
    assert_eq!(found.learned_from, 0);

    // The same pairs as the matcher gives over the same records (the `dubbelen` example's path):
    // numbers and weights in the list, the records and explanation on request.
    let mut records = Vec::new();
    for path in files {
        let name = path.rsplit('/').next().unwrap();
        let file = import(&fixture(path), name, None, None, today(), &mut |_, _| ()).unwrap();
        records.extend(file.interpretation.records);
    }
    let direct = find_pairs(&records, REVIEW_FLOOR, &mut |_, _, _| ());
    assert_eq!(found.pairs.len(), direct.pairs.len());
    // Postcard carries every bit of a weight: the page gets the worker's numbers exactly.
    let direct: Vec<Pair> = direct.pairs;
    let keys: Vec<(String, String)> = found
        .pairs
        .iter()
        .map(|p| (p.bsn.clone(), p.onderwijsnummer.clone()))
        .collect();
    let details = ask(&mut state, PairDetails { keys: keys.clone() }, None).unwrap();
    assert_eq!(details.len(), direct.len());
    for ((got, summary), want) in details.iter().zip(&found.pairs).zip(&direct) {
        assert_eq!(got.bsn, records[want.bsn_record]);
        assert_eq!(got.onderwijs, records[want.onderwijs_record]);
        assert_eq!(got.weight, want.weight);
        assert_eq!(summary.weight, want.weight);
        assert_eq!(got.explanation, want.explanation);
        assert_eq!(
            (got.bsn_file.as_str(), got.onderwijs_file.as_str()),
            ("brp.xlsx", "school.csv")
        );
    }

    // Decisions re-score the kept pairs without a new search; taking them back restores them.
    let decide = |n: usize, same: bool| -> Vec<Decision> {
        keys.iter()
            .rev()
            .take(n)
            .map(|(b, o)| Decision {
                bsn: b.clone(),
                onderwijsnummer: o.clone(),
                same,
            })
            .collect()
    };
    let learned = ask(
        &mut state,
        Learn {
            decisions: decide(5, false),
        },
        None,
    )
    .unwrap();
    assert_eq!(learned.learned_from, 5);
    assert_ne!(learned.pairs, found.pairs);
    let again = ask(&mut state, Learn { decisions: vec![] }, None).unwrap();
    assert_eq!(again.pairs, found.pairs);
    assert_eq!(again.learned_from, 0);
    // A new search learns from the decisions given with it.
    let with = ask(
        &mut state,
        FindPairs {
            file_ids: vec![1, 2],
            decisions: decide(5, false),
            floor: REVIEW_FLOOR,
        },
        None,
    )
    .unwrap();
    assert_eq!(with.pairs, learned.pairs);
    // Forgetting a file drops the kept search.
    ask(&mut state, Forget { file_id: 2 }, None).unwrap();
    let gone = ask(&mut state, Learn { decisions: vec![] }, None).unwrap_err();
    assert!(gone.message.contains("Dubbelen zoeken"), "{}", gone.message);
    assert_eq!(
        found.compared + found.already_linked + found.without_number,
        records.len()
    );
    assert_eq!(found.compared, 200);
    assert_eq!(found.millis, 7.0);

    // Against the truth: the pairs at the app's threshold are (nearly) all and only the true ones.
    let truth: Vec<(String, String)> = String::from_utf8(fixture("dubbelen/truth.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let mut f = l.split(',');
            (f.next().unwrap().into(), f.next().unwrap().into())
        })
        .collect();
    let proposed: Vec<(String, String)> = found
        .pairs
        .iter()
        .filter(|p| p.weight >= DEFAULT_THRESHOLD)
        .map(|p| (p.bsn.clone(), p.onderwijsnummer.clone()))
        .collect();
    let right = proposed.iter().filter(|p| truth.contains(p)).count();
    assert!(right >= 57, "{right} of {} true pairs", truth.len());
    assert!(proposed.len() - right <= 1, "{proposed:?}");
}

#[test]
fn read_koci_and_read_template_give_what_io_reads() {
    let mut state = WorkerState::new();
    let bytes = fixture("antwoord/20261128G0363.koci.xlsx");
    let read = ask(&mut state, ReadKoci {}, Some(bytes.clone())).unwrap();
    let (rows, layout, problems) = read_koci(&bytes).unwrap();
    assert_eq!(
        read,
        KociRead {
            rows,
            layout,
            problems
        }
    );
    assert_eq!(read.rows.len(), 5);

    for path in ["templates/duo-template.xlsx", "templates/duo-template.xls"] {
        let bytes = fixture(path);
        let read = ask(&mut state, ReadTemplate {}, Some(bytes.clone())).unwrap();
        assert_eq!(read.layout, read_template(&bytes).unwrap(), "{path}");
        assert!(read.layout.column_of(Field::Bsn).is_some(), "{path}");
        if path.ends_with(".xlsx") {
            // Kept as io keeps it (without openpyxl's forced calculation on load), to be
            // written into; the bytes as kept, not as they came.
            assert_eq!(read.note, None);
            let file = read.file.expect("an xlsx template is kept");
            let kept = check_template(&bytes).unwrap().fillable.unwrap();
            assert_eq!(BASE64.decode(file).unwrap(), kept.bytes);
        } else {
            assert_eq!(read.file, None);
            let note = read.note.expect("says why");
            assert!(
                note.contains(".xls-bestand") && note.contains(".xlsx"),
                "{note}"
            );
        }
    }
    // A filled-in file read as a template: refused whole, so the page stores nothing of it.
    let refused = ask(
        &mut state,
        ReadTemplate {},
        Some(fixture("antwoord/20261128G0363.koci.xlsx")),
    )
    .unwrap_err();
    assert!(
        refused.message.contains("al iets ingevuld"),
        "{}",
        refused.message
    );
    assert!(state.open_files().is_empty(), "reading keeps nothing");
}

#[test]
fn read_answer_reconciles_against_what_was_sent() {
    let mut state = WorkerState::new();
    // The sent file read again in the worker, then the answer against it: the answer screen's path.
    let sent = ask(
        &mut state,
        ReadKoci {},
        Some(fixture("antwoord/20261128G0363.koci.xlsx")),
    )
    .unwrap();
    let answer = |name: &str| {
        ask(
            &mut WorkerState::new(),
            ReadAnswer {
                name: name.into(),
                sent: sent.rows.clone(),
                sent_headers: sent.layout.headers.clone(),
            },
            Some(fixture(&format!("antwoord/{name}"))),
        )
    };
    let r = answer("antwoord-gewijzigd.koci.xlsx").unwrap();
    assert_eq!(r.answer_columns, ["Resultaat"]);
    assert_eq!(
        (
            r.counts.answered,
            r.counts.without_answer,
            r.counts.missing,
            r.counts.not_sent,
            r.counts.changed
        ),
        (1, 3, 1, 1, 1)
    );
    assert_eq!(r.missing, [4]);
    assert_eq!(r.rows[2].changes[0].column, "BSN");
    let r = answer("antwoord-kolommen.koci.xlsx").unwrap();
    let second = r.rows.iter().find(|a| a.sent == Some(1)).unwrap();
    assert_eq!(second.naam, "Elif Yılmaz");
    // Sent nothing: every answered row is "not sent".
    let nothing = ask(
        &mut state,
        ReadAnswer {
            name: "a.xlsx".into(),
            sent: vec![],
            sent_headers: KociLayout::default_layout().headers,
        },
        Some(fixture("antwoord/antwoord-kolommen.koci.xlsx")),
    )
    .unwrap();
    assert_eq!(nothing.counts.not_sent, 5);
}

#[test]
fn write_koci_gives_bytes_that_read_koci_reads_back() {
    let rows = rows_to_write();
    let mut state = WorkerState::new();
    for layout in [
        KociLayout::default_layout(),
        read_template(&fixture("templates/duo-template.xlsx")).unwrap(),
    ] {
        let Xlsx(bytes) = ask(
            &mut state,
            WriteKoci {
                rows: rows.clone(),
                layout: layout.clone(),
                template: None,
            },
            None,
        )
        .unwrap();
        // Back through the worker, as the koppelbestand screen will open it again.
        let back = ask(&mut state, ReadKoci {}, Some(bytes)).unwrap();
        assert_eq!(back.layout.headers, layout.headers);
        assert!(back.problems.is_empty(), "{:?}", back.problems);
        let checked = check_rows(&back.rows, today());
        let again: Vec<NormalisedRow> = checked.rows_to_write().cloned().collect();
        assert_eq!(again, rows);
        assert_eq!(back.rows[1].opmerking, "=Staat zij dubbel ingeschreven?");
        assert_eq!(back.rows[0].bsn, bsn_from_seed(0).to_string());
    }
}

#[test]
fn write_koci_into_the_template_it_was_given() {
    let rows = rows_to_write();
    let mut state = WorkerState::new();
    let template = fixture("templates/duo-template.xlsx");
    let read = ask(&mut state, ReadTemplate {}, Some(template.clone())).unwrap();
    let Xlsx(bytes) = ask(
        &mut state,
        WriteKoci {
            rows: rows.clone(),
            layout: read.layout.clone(),
            template: read.file.clone(),
        },
        None,
    )
    .unwrap();
    // DUO's second sheet came along: the file is DUO's own workbook, filled in.
    let book =
        koppelhulp_io::table::open(&bytes, "", koppelhulp_io::table::Accept::Workbooks).unwrap();
    assert_eq!(book.sheet_names(), ["Koppeling", "Toelichting"]);
    let back = ask(&mut state, ReadKoci {}, Some(bytes)).unwrap();
    assert_eq!(back.layout.headers, read.layout.headers);
    let checked = check_rows(&back.rows, today());
    assert_eq!(checked.rows_to_write().cloned().collect::<Vec<_>>(), rows);

    // A damaged template text is a problem, not a crash.
    let broken = ask(
        &mut state,
        WriteKoci {
            rows,
            layout: read.layout,
            template: Some("geen base64!".into()),
        },
        None,
    )
    .unwrap_err();
    assert!(broken.message.contains("beschadigd"), "{}", broken.message);
}

#[test]
fn write_actielijst_lists_the_rows_marked_actie_nodig() {
    let mut state = WorkerState::new();
    let sent = sent();
    let reconciliation = ask(
        &mut state,
        ReadAnswer {
            name: "antwoord-kolommen.koci.xlsx".into(),
            sent: sent.rows,
            sent_headers: sent.layout.headers,
        },
        Some(fixture("antwoord/antwoord-kolommen.koci.xlsx")),
    )
    .unwrap();
    let row = reconciliation
        .rows
        .iter()
        .find(|a| a.sent == Some(1))
        .unwrap();
    let marks = HashMap::from([
        (
            row.key(),
            Mark {
                status: Status::ActieNodig,
                note: "Ouders bellen".into(),
            },
        ),
        (
            reconciliation.rows[0].key(),
            Mark {
                status: Status::Afgehandeld,
                note: String::new(),
            },
        ),
    ]);
    let Xlsx(bytes) = ask(
        &mut state,
        WriteActielijst {
            title: "Actielijst bij antwoord-kolommen.koci.xlsx".into(),
            reconciliation: reconciliation.clone(),
            marks,
        },
        None,
    )
    .unwrap();
    let sheet = read_sheet(&bytes, "actielijst.xlsx", None).unwrap().sheet;
    // Title, a blank row, the header, then the rows (io::list_xlsx::write_list).
    let data: Vec<&Vec<RawCell>> = sheet
        .rows
        .iter()
        .skip(3)
        .filter(|r| !r.is_empty())
        .collect();
    assert_eq!(data.len(), 1, "{:?}", sheet.rows);
    let texts: Vec<String> = data[0]
        .iter()
        .map(|c| match c {
            RawCell::Text(t) => t.clone(),
            RawCell::Number(n) => n.to_string(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(texts[1], row.bsn);
    assert!(texts.iter().any(|t| t == "Ouders bellen"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.contains("Niet gekoppeld")),
        "{texts:?}"
    );
}

#[test]
fn the_self_test_panics_on_purpose_and_only_when_asked() {
    let mut state = WorkerState::new();
    let request = Open {
        selftest_panic: true,
        ..open_request(1, "libreoffice.xlsx")
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        ask(
            &mut state,
            request,
            Some(fixture("import/libreoffice.xlsx")),
        )
    }));
    let panic = outcome.expect_err("the self-test panics");
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    assert!(message.contains("zelftest"), "{message}");
    assert!(state.open_files().is_empty());
    // Without bytes there is nothing to read, so nothing to panic over.
    let request = Open {
        selftest_panic: true,
        ..open_request(1, "libreoffice.xlsx")
    };
    assert!(ask(&mut state, request, None).is_err());
}

/// The officer's work in the koppelbestand, decisions and marks of DUO's answer.
fn some_work() -> Work {
    use koppelhulp_work::antwoord::Marks;
    use koppelhulp_work::review::Verdict;
    let mut w = Work::new(today());
    let regels: Vec<Koppelregel> = (1..=3)
        .map(|seed| Koppelregel {
            bsn: bsn_from_seed(seed).to_string(),
            onderwijsnummer: onderwijsnummer_from_seed(seed).to_string(),
            geboortedatum: "05-03-2012".into(),
            geslacht: "M".into(),
            ..Koppelregel::default()
        })
        .collect();
    let key = (bsn_from_seed(1), onderwijsnummer_from_seed(1));
    w.koppelbestand.set_regels(regels);
    w.review.set_today(today());
    w.review
        .decide(std::slice::from_ref(&key), Verdict::Koppelen);
    w.marks.set_status(
        &Marks::key(key.0.as_str(), key.1.as_str()),
        Status::Afgehandeld,
    );
    w
}

fn about() -> About {
    About {
        app_version: "0.1.0".into(),
        organisation: "G0363 Amsterdam".into(),
        saved_at: "28-11-2026 10:00".into(),
        format_version: koppelhulp_work::FORMAT_VERSION,
    }
}

/// A decision without its date (from a work file of before dates were kept) crosses in postcard too:
/// postcard writes the decision with its length, so the reader knows no date follows.
#[test]
fn work_with_an_undated_decision_survives_postcard() {
    let work = some_work();
    let json = work.to_json();
    let date = format!(",\"{}\"]", koppelhulp_core::date::format_iso(today()));
    assert!(json.contains(&date), "{json}");
    let undated = Work::from_json(&json.replacen(&date, "]", 1)).unwrap();
    assert_ne!(undated, work);
    let request: Request = SaveWork {
        work: Box::new(undated.clone()),
        about: about(),
        password: "twaalf tekens".into(),
    }
    .into();
    let Request::SaveWork(back) = Request::from_bytes(&request.to_bytes().unwrap()).unwrap() else {
        panic!("not a SaveWork");
    };
    assert_eq!(*back.work, undated);
}

#[test]
fn save_work_and_open_work_bring_the_work_back() {
    let mut state = WorkerState::new();
    let work = some_work();
    let save = SaveWork {
        work: Box::new(work.clone()),
        about: about(),
        password: "een lange zin als wachtwoord".into(),
    };
    let (saved, stages) = ask_with(&mut state, save, None);
    let Xlsx(bytes) = saved.unwrap();
    assert_eq!(
        stages,
        ["Werkbestand maken", "Beveiligen met het wachtwoord"]
    );
    let open = |password: &str| OpenWork {
        password: password.into(),
    };
    let (opened, stages) = ask_with(
        &mut state,
        open("een lange zin als wachtwoord"),
        Some(bytes.clone()),
    );
    let WorkOpened {
        work: back,
        about: a,
    } = opened.unwrap();
    assert_eq!(back, work);
    assert_eq!(a, about());
    assert_eq!(stages, ["Wachtwoord controleren", "Werkbestand lezen"]);

    // Each wrong input: the problem's message (a fragment).
    // The worker holds the page's password rules (work::password) whatever the page sends.
    for (password, why) in [
        ("te kort", "gebruik er minstens 12"),
        ("Welkom123456", "veel mensen gebruiken"),
        ("Amsterdam2026!", "naam van uw organisatie"),
    ] {
        let weak = SaveWork {
            work: Box::new(work.clone()),
            about: about(),
            password: password.into(),
        };
        let message = ask(&mut state, weak, None).unwrap_err().message;
        assert!(message.contains(why), "{password}: {message}");
    }
    // A proposal from the page's random numbers: five words and a number, one the rules accept;
    // too few numbers give a message, not a weak password.
    let proposal = ask(
        &mut state,
        ProposePassword {
            random: (1..=64)
                .map(|i: u32| i.wrapping_mul(2_654_435_761))
                .collect(),
        },
        None,
    )
    .unwrap();
    assert_eq!(
        proposal.password.split('-').count(),
        6,
        "{}",
        proposal.password
    );
    assert_eq!(
        koppelhulp_work::password::weakness(&proposal.password, &[]),
        None
    );
    let none = ask(&mut state, ProposePassword { random: vec![1, 2] }, None).unwrap_err();
    assert!(
        none.message.contains("kon geen wachtwoord voorstellen"),
        "{}",
        none.message
    );
    let koci = ask(
        &mut state,
        WriteKoci {
            rows: rows_to_write(),
            layout: KociLayout::default_layout(),
            template: None,
        },
        None,
    )
    .unwrap()
    .0;
    let cases: Vec<(Option<Vec<u8>>, &str, &str)> = vec![
        (
            Some(bytes.clone()),
            "een andere zin als wachtwoord",
            "Het wachtwoord klopt niet.",
        ),
        (
            Some(bytes[..bytes.len() - 700].to_vec()),
            "een lange zin als wachtwoord",
            "beschadigd",
        ),
        (
            Some(koci),
            "een lange zin als wachtwoord",
            "Open het onder Koppelbestand",
        ),
        (
            Some(b"bsn\n".to_vec()),
            "een lange zin als wachtwoord",
            "geen werkbestand",
        ),
        (
            None,
            "een lange zin als wachtwoord",
            "geen bestand meegegeven",
        ),
    ];
    for (bytes, password, expected) in cases {
        let problem = ask(&mut state, open(password), bytes).unwrap_err();
        assert!(problem.message.contains(expected), "{}", problem.message);
    }
}

/// The review floor is a promise: the reply says how many possible pairs lie under it, and a
/// lower floor lists them (each one more pair, one-to-one).
#[test]
fn a_lower_floor_lists_the_pairs_counted_under_it() {
    let files = ["dubbelen/brp.xlsx", "dubbelen/school.csv"];
    let mut state = with_open(&files);
    let mut find = |floor: f64| {
        ask(
            &mut state,
            FindPairs {
                file_ids: vec![1, 2],
                decisions: vec![],
                floor,
            },
            None,
        )
        .unwrap()
    };
    let at_floor = find(REVIEW_FLOOR);
    assert_eq!(at_floor.floor, REVIEW_FLOOR);
    assert!(at_floor.pairs.iter().all(|p| p.weight >= REVIEW_FLOOR));
    assert!(
        at_floor.below_floor > 0,
        "the fixtures hold pairs under the floor"
    );
    let lower = find(-1000.0);
    assert_eq!(lower.floor, -1000.0);
    assert_eq!(lower.below_floor, 0);
    assert_eq!(
        lower.pairs.len(),
        at_floor.pairs.len() + at_floor.below_floor,
        "the pairs counted under the floor are those a lower floor adds"
    );
}
