//! The work file against the reference tools, both ways: Python's `msoffcrypto-tool` (decrypts and
//! encrypts ECMA-376 Agile as Excel does, with the password and integrity checks) and `openpyxl`
//! (reads and writes xlsx). `scripts/setup --test` installs them in `.venv/`; without them this
//! test fails — it never skips.

use std::path::{Path, PathBuf};
use std::process::Command;

use koppelhulp_core::antwoord::Status;
use koppelhulp_core::ids::{bsn_from_seed, onderwijsnummer_from_seed};
use koppelhulp_core::import::ImportField;
use koppelhulp_core::koppelregel::{Koppelregel, calendar_date};
use koppelhulp_core::table::RawCell;
use koppelhulp_io::werkbestand::{open, save};
use koppelhulp_work::Work;
use koppelhulp_work::antwoord::Marks;
use koppelhulp_work::files::RegisterFile;
use koppelhulp_work::review::{Review, Verdict};
use koppelhulp_work::werkbestand::{About, SHEETS, from_sheets, to_sheets};
use koppelhulp_worker::sha256_hex;
use serde_json::{Value, json};
use time::Date;

const PASSWORD: &str = "een zin als wachtwoord";

fn python() -> PathBuf {
    let path = std::env::var_os("KOPPELHULP_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"));
    assert!(
        path.exists(),
        "{} is missing: run scripts/setup --test (it installs msoffcrypto-tool and openpyxl)",
        path.display()
    );
    path
}

fn script(args: &[&str]) -> String {
    let out = Command::new(python())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/werkbestand.py"))
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "werkbestand.py {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn day(y: i32, m: u8, d: u8) -> Date {
    calendar_date(y, m, d).unwrap_or(Date::MIN)
}

fn work() -> Work {
    let mut w = Work::new(day(2026, 11, 30));
    w.koppelbestand.set_regels(
        (0..20)
            .map(|i| Koppelregel {
                bsn: format!("9999{i:05}"),
                onderwijsnummer: format!("10{i:07}"),
                achternaam: format!("Ëlsen-{i}"),
                voorvoegsel: "van".into(),
                voornamen: "Anna".into(),
                geboortedatum: "01-02-2011".into(),
                geslacht: "V".into(),
                opmerking: if i == 3 {
                    "-1 +2".into()
                } else {
                    String::new()
                },
            })
            .collect(),
    );
    w.koppelbestand.set_unsaved(true);
    w.review = Review::from_dated((0..5).map(|i| {
        (
            (bsn_from_seed(i as u32), onderwijsnummer_from_seed(i as u32)),
            Verdict::ALL[i % 3],
            Some(day(2026, 11, 20 + i as u8)),
        )
    }));
    for (i, status) in [Status::Afgehandeld, Status::ActieNodig]
        .into_iter()
        .enumerate()
    {
        let key = Marks::key(&format!("9999{i:05}"), &format!("10{i:07}"));
        w.marks.set_status(&key, status);
        w.marks.set_note(&key, format!("notitie {i}"));
    }
    w.antwoord_file = "20261130G0363.koci.xlsx".into();
    let mut f = RegisterFile::new(1, "brp.xlsx", 14, sha256_hex(b"register bytes"));
    f.sheet = "Blad1".into();
    f.mapping = vec![Some(ImportField::Bsn), None];
    f.counts.records = 20;
    w.files.push(f);
    w
}

fn about() -> About {
    About {
        app_version: "0.1.0".into(),
        organisation: "G0363 Amsterdam".into(),
        saved_at: "30-11-2026 14:05".into(),
        format_version: 1,
    }
}

/// A cell as JSON the way openpyxl gives it back: text, a number, or null.
fn cell_json(c: &RawCell) -> Value {
    match c {
        RawCell::Empty => Value::Null,
        RawCell::Text(t) => json!(t),
        RawCell::Number(n) => json!(*n as i64),
        other => panic!("no such cell in a work file: {other:?}"),
    }
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("koppelhulp-interop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

#[test]
fn msoffcrypto_tool_and_openpyxl_read_what_the_app_wrote() {
    let w = work();
    let sheets = to_sheets(&w, &about());
    let file = temp("app.xlsx");
    std::fs::write(&file, save(&sheets, PASSWORD).expect("saved")).expect("written");
    let read: Value =
        serde_json::from_str(&script(&["read", file.to_str().unwrap(), PASSWORD])).expect("json");
    let names: Vec<&str> = read
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = SHEETS.to_vec();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "serde_json sorts the keys");
    for sheet in &sheets {
        let expected: Vec<Vec<Value>> = sheet
            .rows
            .iter()
            .map(|r| r.iter().map(cell_json).collect())
            .collect();
        let got: Vec<Vec<Value>> = read[&sheet.name]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| {
                let mut cells = r.as_array().expect("cells").clone();
                // openpyxl pads a row to the sheet's width; the app writes no trailing empties.
                while cells.last() == Some(&Value::Null) {
                    cells.pop();
                }
                cells
            })
            .collect();
        let expected: Vec<Vec<Value>> = expected
            .into_iter()
            .map(|mut r| {
                while r.last() == Some(&Value::Null) {
                    r.pop();
                }
                r
            })
            .collect();
        assert_eq!(got, expected, "sheet {}", sheet.name);
    }
    assert_eq!(read["Koppelbestand"].as_array().map(Vec::len), Some(21));
    assert_eq!(read["Besluiten"].as_array().map(Vec::len), Some(6));
    assert_eq!(read["Antwoord"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        read["Besluiten"][1],
        json!([
            bsn_from_seed(0).to_string(),
            onderwijsnummer_from_seed(0).to_string(),
            "J",
            "20-11-2026"
        ])
    );
    // A wrong password is refused by the reference tool too.
    let wrong = Command::new(python())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/werkbestand.py"))
        .args(["read", file.to_str().unwrap(), "een ander wachtwoord"])
        .output()
        .expect("python runs");
    assert!(!wrong.status.success());
}

#[test]
fn the_app_opens_what_openpyxl_made_and_msoffcrypto_tool_encrypted() {
    let w = work();
    let sheets: Vec<Value> = to_sheets(&w, &about())
        .iter()
        .map(|s| {
            json!({
                "name": s.name,
                "rows": s.rows.iter().map(|r| r.iter().map(cell_json).collect::<Vec<_>>()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let spec = temp("spec.json");
    std::fs::write(&spec, json!({ "sheets": sheets }).to_string()).expect("written");
    let file = temp("python.xlsx");
    script(&[
        "write",
        spec.to_str().unwrap(),
        file.to_str().unwrap(),
        PASSWORD,
    ]);
    let bytes = std::fs::read(&file).expect("read");
    let read = open(&bytes, PASSWORD, &SHEETS, &mut |_, _| {}).expect("decrypted and read");
    let (back, a) = from_sheets(&read).expect("a work file");
    assert_eq!(back, w);
    assert_eq!(a, about());
    let wrong = open(&bytes, "een ander wachtwoord", &SHEETS, &mut |_, _| {});
    assert!(matches!(
        wrong,
        Err(koppelhulp_io::werkbestand::OpenError::Decrypt(
            koppelhulp_io::agile::DecryptError::WrongPassword
        ))
    ));
}
