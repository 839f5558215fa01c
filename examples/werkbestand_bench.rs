//! Time to save and to open a work file natively (the same code the worker runs): 10,000
//! koppelbestand rows, 2,000 decisions, 500 marks. For BENCHMARKS.md; the browser's numbers come
//! from `benches/werkbestand.mjs`.
//!
//! `cargo run --profile bench-native --example werkbestand_bench [runs]`

use std::time::Instant;

use koppelhulp_core::antwoord::Status;
use koppelhulp_core::ids::{bsn_from_seed, onderwijsnummer_from_seed};
use koppelhulp_core::koppelregel::{Koppelregel, calendar_date};
use koppelhulp_io::werkbestand::{open, save};
use koppelhulp_work::Work;
use koppelhulp_work::antwoord::Marks;
use koppelhulp_work::review::{Review, Verdict};
use koppelhulp_work::werkbestand::{About, SHEETS, from_sheets, to_sheets};

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5);
    let today = calendar_date(2026, 11, 30).expect("a date");
    let mut work = Work::new(today);
    let pair = |i: u32| {
        (
            bsn_from_seed(i).to_string(),
            onderwijsnummer_from_seed(i).to_string(),
        )
    };
    work.koppelbestand.set_regels(
        (0..10_000)
            .map(|i| {
                let (bsn, onderwijsnummer) = pair(i);
                Koppelregel {
                    bsn,
                    onderwijsnummer,
                    achternaam: format!("Achternaam{i}"),
                    voorvoegsel: if i % 4 == 0 {
                        "van der".into()
                    } else {
                        String::new()
                    },
                    voornamen: "Anna Maria".into(),
                    geboortedatum: format!("{:02}-{:02}-2012", i % 28 + 1, i % 12 + 1),
                    geslacht: if i % 2 == 0 { "V".into() } else { "M".into() },
                    opmerking: String::new(),
                }
            })
            .collect(),
    );
    work.review = Review::from_dated((0..2_000).map(|i| {
        let key = (
            bsn_from_seed(20_000 + i),
            onderwijsnummer_from_seed(20_000 + i),
        );
        (key, Verdict::ALL[i as usize % 3], Some(today))
    }));
    for i in 0..500 {
        let (b, o) = pair(i);
        let key = Marks::key(&b, &o);
        work.marks.set_status(&key, Status::Afgehandeld);
        work.marks.set_note(&key, format!("notitie {i}"));
    }
    let about = About {
        app_version: env!("CARGO_PKG_VERSION").into(),
        organisation: "G0363 Amsterdam".into(),
        saved_at: "30-11-2026 14:00".into(),
        format_version: 1,
    };
    let password = "een zin als wachtwoord";
    let mut saves = Vec::new();
    let mut opens = Vec::new();
    let mut size = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let bytes = save(&to_sheets(&work, &about), password).expect("saved");
        saves.push(t.elapsed().as_secs_f64() * 1000.0);
        size = bytes.len();
        let t = Instant::now();
        let sheets = open(&bytes, password, &SHEETS, &mut |_, _| {}).expect("opened");
        let (back, _) = from_sheets(&sheets).expect("read");
        opens.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(back, work);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "werkbestand 10,000 rows, 2,000 decisions, 500 marks: file {} KB; save median {:.0} ms, open median {:.0} ms ({runs} runs)",
        size / 1024,
        median(saves),
        median(opens)
    );
}
