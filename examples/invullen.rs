//! Fill DUO's own template with generated rows — the same code as the app's download with a
//! template loaded (`io::koci_template`) — and say how long it took (BENCHMARKS.md).
//!
//! ```sh
//! cargo run --release --example invullen -- SJABLOON.xlsx UIT.xlsx [REGELS]   # default 1000
//! ```
//! Exit status 0 when written, 1 when the template was refused (the reason on stderr), 2 on wrong
//! usage.

use std::process::ExitCode;
use std::time::Instant;

use koppelhulp_core::ids::{bsn_from_seed, onderwijsnummer_from_seed};
use koppelhulp_core::koppelregel::{Geslacht, NormalisedRow, calendar_date};
use koppelhulp_io::koci_template::{check_template, fill_template};

fn rows(n: usize) -> Vec<NormalisedRow> {
    (0..n)
        .map(|i| NormalisedRow {
            bsn: Some(bsn_from_seed(i as u32)),
            onderwijsnummer: Some(onderwijsnummer_from_seed(i as u32)),
            achternaam: format!("Achternaam {i}"),
            voorvoegsel: if i % 3 == 0 {
                "van".into()
            } else {
                String::new()
            },
            voornamen: "Sam".into(),
            geboortedatum: calendar_date(
                2008 + (i % 10) as i32,
                1 + (i % 12) as u8,
                1 + (i % 28) as u8,
            )
            .ok(),
            geslacht: Some(if i % 2 == 0 {
                Geslacht::Man
            } else {
                Geslacht::Vrouw
            }),
            opmerking: if i % 10 == 0 {
                "Staat dubbel ingeschreven?".into()
            } else {
                String::new()
            },
        })
        .collect()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (template, out, n) = match args.as_slice() {
        [t, o] => (t, o, 1000),
        [t, o, n] => match n.parse() {
            Ok(n) => (t, o, n),
            Err(_) => return usage(),
        },
        _ => return usage(),
    };
    let bytes = match std::fs::read(template) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{template}: {e}");
            return ExitCode::from(2);
        }
    };
    match check_template(&bytes) {
        Ok(checked) => {
            if let Err(why) = checked.fillable {
                eprintln!("{}", why.message());
                return ExitCode::from(1);
            }
        }
        Err(p) => {
            eprintln!("{}", p.message);
            return ExitCode::from(1);
        }
    }
    let rows = rows(n);
    let start = Instant::now();
    match fill_template(&bytes, &rows) {
        Ok(filled) => {
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            if let Err(e) = std::fs::write(out, &filled) {
                eprintln!("{out}: {e}");
                return ExitCode::from(2);
            }
            println!("{n} regels in {ms:.1} ms, {} bytes", filled.len());
            ExitCode::SUCCESS
        }
        Err(p) => {
            eprintln!("{}", p.message);
            ExitCode::from(1)
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("gebruik: invullen SJABLOON.xlsx UIT.xlsx [REGELS]");
    ExitCode::from(2)
}
