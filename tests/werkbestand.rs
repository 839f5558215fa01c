//! The work file end to end, natively: `Work` → sheets → xlsx → Agile encryption → and back, and
//! every way a chosen file can be wrong (wrong password, cut off, one byte changed, a newer
//! format, an unencrypted workbook, a koppelbestand, a csv). The worker's own path
//! (`SaveWork`/`OpenWork`) is in `tests/worker.rs`; interop with Python's msoffcrypto-tool in
//! `tests/interop_werkbestand.rs`.

use std::io::{Cursor, Read};

use koppelhulp_core::Problem;
use koppelhulp_core::antwoord::Status;
use koppelhulp_core::ids::{bsn_from_seed, onderwijsnummer_from_seed};
use koppelhulp_core::import::ImportField;
use koppelhulp_core::koppelregel::{Koppelregel, calendar_date};
use koppelhulp_core::table::RawCell;
use koppelhulp_io::agile::DecryptError;
use koppelhulp_io::werkbestand::{OpenError, open, save, write_sheets};
use koppelhulp_work::Work;
use koppelhulp_work::antwoord::Marks;
use koppelhulp_work::files::RegisterFile;
use koppelhulp_work::review::{Review, Verdict};
use koppelhulp_work::werkbestand::{About, SHEETS, SheetsError, from_sheets, to_sheets};
use koppelhulp_worker::sha256_hex;
use proptest::prelude::*;
use time::Date;

const PASSWORD: &str = "fiets regen boom 42";

fn day(y: i32, m: u8, d: u8) -> Date {
    calendar_date(y, m, d).unwrap_or(Date::MIN)
}

fn about() -> About {
    About {
        app_version: "0.1.0".into(),
        organisation: "G0363 Amsterdam".into(),
        saved_at: "05-03-2026 09:07".into(),
        format_version: 1,
    }
}

/// Work with rows, decisions, marks and a file.
fn sample(rows: usize) -> Work {
    let mut w = Work::new(day(2026, 3, 5));
    let regels = (0..rows)
        .map(|i| Koppelregel {
            bsn: format!("9999{i:05}"),
            onderwijsnummer: format!("10{i:07}"),
            achternaam: format!("Achternaam {i}"),
            voorvoegsel: if i % 3 == 0 {
                "van der".into()
            } else {
                String::new()
            },
            voornamen: "Piet Jan".into(),
            geboortedatum: "05-03-2012".into(),
            geslacht: "M".into(),
            opmerking: if i % 7 == 0 {
                "=SOM(A1)".into()
            } else {
                String::new()
            },
        })
        .collect();
    w.koppelbestand.set_regels(regels);
    w.review = Review::from_dated((0..rows.min(50)).map(|i| {
        (
            (bsn_from_seed(i as u32), onderwijsnummer_from_seed(i as u32)),
            Verdict::ALL[i % 3],
            (i % 2 == 0).then(|| day(2026, 3, 1 + (i % 28) as u8)),
        )
    }));
    let key = Marks::key("999900018", "101222331");
    w.marks.set_status(&key, Status::ActieNodig);
    w.marks.set_note(&key, "Ouders bellen".into());
    w.antwoord_file = "20260301G0363.koci.xlsx".into();
    let mut f = RegisterFile::new(1, "brp.xlsx", 13, sha256_hex(b"PK\x03\x04 register"));
    f.sheet = "Blad1".into();
    f.mapping = vec![Some(ImportField::Bsn), None, Some(ImportField::Achternaam)];
    f.counts.records = 2;
    w.files.push(f);
    w
}

fn save_work(work: &Work, about: &About) -> Vec<u8> {
    save(&to_sheets(work, about), PASSWORD).expect("saved")
}

fn open_work(bytes: &[u8], password: &str) -> Result<(Work, About), Problem> {
    let sheets = open(bytes, password, &SHEETS, &mut |_, _| {})?;
    Ok(from_sheets(&sheets)?)
}

/// The EncryptedPackage stream's place in the file (it is stored in whole sectors, in order,
/// for a package of this size).
fn package_offset(file: &[u8]) -> usize {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(file)).expect("an OLE file");
    let mut stream = Vec::new();
    cfb.open_stream("/EncryptedPackage")
        .expect("the package")
        .read_to_end(&mut stream)
        .expect("read");
    let probe = &stream[..64];
    file.windows(64)
        .position(|w| w == probe)
        .expect("the package's first bytes in the file")
}

#[test]
fn work_comes_back_whole() {
    let work = sample(20);
    let file = save_work(&work, &about());
    let (back, a) = open_work(&file, PASSWORD).expect("opened");
    assert_eq!(back, work);
    assert_eq!(a, about());
    assert_eq!(back.koppelbestand.len(), 20);
    assert_eq!(back.review.decided(), 20);
}

/// A file → what opening it with a password gives.
#[test]
fn each_wrong_file_has_its_message() {
    let work = sample(300);
    let good = save_work(&work, &about());
    let at = package_offset(&good);
    let mut flipped = good.clone();
    flipped[at + 5000] ^= 0x01;
    let mut newer_sheets = to_sheets(&work, &about());
    let over = newer_sheets.iter_mut().find(|s| s.name == "Over").unwrap();
    for row in &mut over.rows {
        if matches!(row.first(), Some(RawCell::Text(t)) if t == "Formaatversie") {
            row[1] = RawCell::Number(2.0);
        }
    }
    let newer = save(&newer_sheets, PASSWORD).unwrap();
    let plain = write_sheets(&to_sheets(&work, &about())).unwrap();
    let koci = koppelhulp_io::koci_xlsx::write_koci(
        &work
            .koppelbestand
            .report()
            .rows_to_write()
            .cloned()
            .collect::<Vec<_>>(),
        &koppelhulp_core::koci_layout::KociLayout::default_layout(),
    )
    .unwrap();
    let register = write_sheets(&[koppelhulp_core::table::RawSheet {
        name: "Leerlingen".into(),
        rows: vec![vec![RawCell::Text("Naam".into())]],
        date_1904: false,
    }])
    .unwrap();
    let cut = good[..good.len() / 2].to_vec();

    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "wrong password",
            good.clone(),
            "fiets regen boom 43",
            "Het wachtwoord klopt niet.",
        ),
        (
            "one flipped byte",
            flipped,
            PASSWORD,
            "beschadigd of veranderd",
        ),
        ("cut in half", cut, PASSWORD, "beschadigd of veranderd"),
        (
            "newer format",
            newer,
            PASSWORD,
            "nieuwere versie van Koppelhulp (formaatversie 2",
        ),
        (
            "unencrypted work file",
            plain,
            PASSWORD,
            "Dit is een koppelbestand, geen werkbestand",
        ),
        ("koci file", koci, PASSWORD, "Open het onder Koppelbestand"),
        (
            "another workbook",
            register,
            PASSWORD,
            "niet met een wachtwoord beveiligd",
        ),
        (
            "csv",
            b"bsn;naam\n999900018;Piet\n".to_vec(),
            PASSWORD,
            "geen werkbestand",
        ),
        ("empty", Vec::new(), PASSWORD, "geen werkbestand"),
    ];
    for (what, bytes, password, expected) in cases {
        match open_work(&bytes, password) {
            Ok(_) => panic!("{what}: opened"),
            Err(p) => assert!(p.message.contains(expected), "{what}: {}", p.message),
        }
    }
}

#[test]
fn the_errors_are_typed() {
    let work = sample(5);
    let good = save_work(&work, &about());
    let open_err =
        |bytes: &[u8], password: &str| open(bytes, password, &SHEETS, &mut |_, _| {}).err();
    assert_eq!(
        open_err(&good, "nope nope nope"),
        Some(OpenError::Decrypt(DecryptError::WrongPassword))
    );
    let mut flipped = good.clone();
    let at = package_offset(&good);
    flipped[at + 20] ^= 0x80;
    assert!(matches!(
        open_err(&flipped, PASSWORD),
        Some(OpenError::Decrypt(DecryptError::Damaged(_)))
    ));
    let plain = write_sheets(&[koppelhulp_core::table::RawSheet {
        name: "Blad1".into(),
        rows: vec![vec![RawCell::Text("x".into())]],
        date_1904: false,
    }])
    .unwrap();
    assert_eq!(open_err(&plain, PASSWORD), Some(OpenError::PlainWorkbook));
    let mut sheets = to_sheets(&work, &about());
    sheets.retain(|s| s.name != "Antwoord");
    let file = save(&sheets, PASSWORD).unwrap();
    let sheets = open(&file, PASSWORD, &["Over"], &mut |_, _| {}).unwrap();
    assert!(from_sheets(&sheets).is_err());
    assert!(matches!(
        open_work(&file, PASSWORD),
        Err(p) if p.message.contains("'Antwoord' ontbreekt")
    ));
    let _ = SheetsError::MissingSheet("Antwoord");
}

#[test]
fn progress_follows_the_key_derivation() {
    let file = save_work(&sample(1), &about());
    let mut seen = Vec::new();
    open(&file, PASSWORD, &SHEETS, &mut |done, total| {
        seen.push((done, total))
    })
    .unwrap();
    assert_eq!(seen.first(), Some(&(0, 100_000)));
    assert_eq!(seen.last(), Some(&(100_000, 100_000)));
    assert!(seen.len() > 50);
}

// ---- Properties --------------------------------------------------------------------------------

/// Text as officers type and paste it: letters with diacritics, digits, spaces inside, signs a
/// spreadsheet could take for a formula.
fn typed() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-Za-z0-9éëïöüÉ' .,/=+@-]{0,12}")
        .unwrap()
        .prop_map(|s| s.trim().to_string())
}

fn regel() -> impl Strategy<Value = Koppelregel> {
    (
        typed(),
        typed(),
        typed(),
        typed(),
        typed(),
        typed(),
        typed(),
        typed(),
    )
        .prop_map(|(b, o, a, v, n, g, s, m)| Koppelregel {
            bsn: b,
            onderwijsnummer: o,
            achternaam: a,
            voorvoegsel: v,
            voornamen: n,
            geboortedatum: g,
            geslacht: s,
            opmerking: m,
        })
}

fn digits() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[0-9]{9}").unwrap()
}

fn work() -> impl Strategy<Value = Work> {
    // Decisions are on valid numbers only (typed keys).
    let decision = (
        (0u32..2_000).prop_map(bsn_from_seed),
        (0u32..2_000).prop_map(onderwijsnummer_from_seed),
        0usize..3,
        proptest::option::of((2000i32..2100, 1u8..13, 1u8..29)),
    );
    let mark = (digits(), digits(), 0usize..3, typed());
    let file = (
        typed(),
        0u64..10_000_000,
        any::<[u8; 8]>(),
        typed(),
        proptest::collection::vec(proptest::option::of(0usize..18), 0..8),
        (0usize..100_000, 0u32..100_000, 0u32..100_000),
    );
    (
        proptest::collection::vec(regel(), 0..30),
        any::<bool>(),
        proptest::collection::vec(decision, 0..20),
        proptest::collection::vec(mark, 0..10),
        typed(),
        proptest::collection::vec(file, 0..4),
    )
        .prop_map(|(regels, unsaved, decisions, marks, antwoord, files)| {
            let mut w = Work::new(day(2026, 11, 30));
            w.koppelbestand.set_regels(regels);
            w.koppelbestand.set_unsaved(unsaved);
            w.review = Review::from_dated(decisions.into_iter().map(|(b, o, v, d)| {
                let date = d.and_then(|(y, m, d)| calendar_date(y, m, d).ok());
                ((b, o), Verdict::ALL[v], date)
            }));
            for (b, o, s, note) in marks {
                let key = Marks::key(&b, &o);
                w.marks.set_status(&key, Status::ALL[s]);
                w.marks.set_note(&key, note);
            }
            if !w.marks.is_empty() {
                w.antwoord_file = antwoord;
            }
            for (i, (name, size, seed, sheet, mapping, (records, read, problems))) in
                files.into_iter().enumerate()
            {
                let mut f =
                    RegisterFile::new(i as u32 + 1, name, seed.len() as u64, sha256_hex(&seed));
                f.size = size;
                f.sheet = sheet;
                f.mapping = mapping
                    .into_iter()
                    .map(|m| m.map(|i| ImportField::ALL[i]))
                    .collect();
                f.counts.records = records;
                f.counts.accounting.read = read;
                f.counts.accounting.used = read / 2;
                f.counts.problems = problems as usize;
                w.files.push(f);
            }
            w
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Work → encrypted work file → the same work.
    #[test]
    fn encrypted_round_trip(w in work()) {
        let file = save_work(&w, &about());
        let (back, a) = open_work(&file, PASSWORD).expect("opened");
        prop_assert_eq!(back.to_json(), w.to_json());
        prop_assert_eq!(a, about());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The sheets alone (no encryption, many more cases): the same work back.
    #[test]
    fn sheets_round_trip(w in work()) {
        let xlsx = write_sheets(&to_sheets(&w, &about())).unwrap();
        let mut book = koppelhulp_io::table::open(
            &xlsx, "werk.xlsx", koppelhulp_io::table::Accept::Workbooks).unwrap();
        let sheets: Vec<_> = SHEETS.iter().map(|s| book.sheet(s).unwrap()).collect();
        let (back, _) = from_sheets(&sheets).expect("read");
        prop_assert_eq!(back.to_json(), w.to_json());
    }
}

/// One saved file, shared by the damage properties (each save derives a key).
fn saved() -> &'static (Work, Vec<u8>) {
    static SAVED: std::sync::OnceLock<(Work, Vec<u8>)> = std::sync::OnceLock::new();
    SAVED.get_or_init(|| {
        let w = sample(40);
        let file = save_work(&w, &about());
        (w, file)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// One byte changed anywhere: never a panic, and never other work: an error, or (a byte no
    /// reader looks at) the same work.
    #[test]
    fn one_changed_byte_never_gives_other_work(at in any::<prop::sample::Index>(), bit in 0u8..8) {
        let (w, file) = saved();
        let mut bad = file.clone();
        let i = at.index(bad.len());
        bad[i] ^= 1 << bit;
        if let Ok((back, _)) = open_work(&bad, PASSWORD) {
            prop_assert_eq!(&back, w);
        }
    }

    /// Cut off anywhere: never a panic, and never other work: an error, or — when only the
    /// container's padding after the last sector's data was cut (the HMAC over the encrypted
    /// package still holds) — the same work.
    #[test]
    fn a_cut_file_never_gives_other_work(at in any::<prop::sample::Index>()) {
        let (w, file) = saved();
        let len = at.index(file.len());
        if let Ok((back, _)) = open_work(&file[..len], PASSWORD) {
            prop_assert_eq!(&back, w);
            prop_assert!(len > file.len() - 512, "cut at {len} of {}: more than padding", file.len());
        }
    }
}
