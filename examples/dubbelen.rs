//! Find the pupils registered twice in register files, the way the app does: import every file
//! (`io::import`), put the records together, find the pairs at the app's default threshold
//! (`core::matcher::DEFAULT_THRESHOLD`).
//!
//! `cargo run --release --example dubbelen -- FILE [FILE…]`
//!
//! Prints CSV: the header `bsn,onderwijsnummer,gewicht`, then one line per pair, highest weight first
//! (`gewicht`: the match weight, log2 of the Bayes factor, 2 decimals). Timing goes to stderr. Exit
//! status 0 when it ran, 2 with a Dutch message when a file cannot be read.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use koppelhulp::core::matcher::{DEFAULT_THRESHOLD, find_pairs};
use koppelhulp::io::import::import;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("dubbelen: gebruik: dubbelen BESTAND [BESTAND…]");
        return ExitCode::from(2);
    }
    let today = today();
    let start = Instant::now();
    let mut records = Vec::new();
    for path in &files {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("dubbelen: {path} kan niet worden gelezen: {e}.");
                return ExitCode::from(2);
            }
        };
        let name = std::path::Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match import(&bytes, &name, None, None, today, &mut |_, _| ()) {
            Ok(file) => records.extend(file.interpretation.records),
            Err(problem) => {
                eprintln!("dubbelen: {name}: {}", problem.message);
                return ExitCode::from(2);
            }
        }
    }
    let imported = start.elapsed();
    let outcome = find_pairs(&records, DEFAULT_THRESHOLD, &mut |_, _, _| ());
    let matched = start.elapsed() - imported;
    let mut pairs: Vec<_> = outcome
        .pairs
        .iter()
        .filter(|p| p.weight >= DEFAULT_THRESHOLD)
        .filter_map(|p| {
            let bsn = records.get(p.bsn_record)?.bsn?;
            let own = records.get(p.onderwijs_record)?.onderwijsnummer?;
            Some((bsn, own, p.weight))
        })
        .collect();
    pairs.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = (|| -> std::io::Result<()> {
        writeln!(out, "bsn,onderwijsnummer,gewicht")?;
        for (bsn, own, weight) in &pairs {
            writeln!(out, "{bsn},{own},{weight:.2}")?;
        }
        out.flush()
    })();
    eprintln!(
        "dubbelen: {} records uit {} bestanden gelezen in {:.3} s; {} paren gevonden in {:.3} s",
        records.len(),
        files.len(),
        imported.as_secs_f64(),
        pairs.len(),
        matched.as_secs_f64()
    );
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dubbelen: schrijven mislukt: {e}");
            ExitCode::from(2)
        }
    }
}

/// Today's date from the system clock (UTC), for two-digit years.
fn today() -> time::Date {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    time::Date::from_julian_day(2_440_588 + i32::try_from(days).unwrap_or(0))
        .unwrap_or(time::Date::MIN)
}
