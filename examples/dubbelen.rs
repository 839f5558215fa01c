//! Find the pupils registered twice in register files, the way the app does: import every file
//! (`io::import`), put the records together, find the pairs at the app's default threshold
//! (`core::matcher::DEFAULT_THRESHOLD`).
//!
//! `cargo run --release --example dubbelen -- [--vanaf GEWICHT] [--besluiten FILE.csv] FILE [FILE…]`
//!
//! Prints CSV: the header `bsn,onderwijsnummer,gewicht`, then one line per pair, highest weight first
//! (`gewicht`: the match weight, log2 of the Bayes factor, 2 decimals). Timing goes to stderr. Exit
//! status 0 when it ran, 2 with a Dutch message when a file cannot be read. Stderr also says how
//! many possible pairs lie under the floor searched from (`Search::below_floor`): with `--vanaf -5`
//! what the review screen does not offer.
//!
//! - `--vanaf GEWICHT`: every pair with a weight ≥ GEWICHT instead of those at the default
//!   threshold (`--vanaf -5` is the review list).
//! - `--besluiten FILE.csv`: the officer's decisions, header `bsn,onderwijsnummer,besluit`
//!   (`besluit` `J` or `N`), applied as the app applies them: the model learns from them
//!   (`Search::learn`), J pairs are always printed, N pairs never, the rest from the threshold up
//!   with the re-estimated weights.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use koppelhulp_core::matcher::{DEFAULT_THRESHOLD, REVIEW_FLOOR, search};
use koppelhulp_io::import::import;

const USAGE: &str =
    "dubbelen: gebruik: dubbelen [--vanaf GEWICHT] [--besluiten BESLUITEN.csv] BESTAND [BESTAND…]";

fn main() -> ExitCode {
    let mut files: Vec<String> = Vec::new();
    let mut threshold = DEFAULT_THRESHOLD;
    let mut decisions_file: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--vanaf" => match args
                .next()
                .and_then(|v| v.replace(',', ".").parse::<f64>().ok())
            {
                Some(v) if v.is_finite() => threshold = v,
                _ => {
                    eprintln!("dubbelen: --vanaf wil een getal, bijvoorbeeld --vanaf -5.");
                    return ExitCode::from(2);
                }
            },
            "--besluiten" => match args.next() {
                Some(path) => decisions_file = Some(path),
                None => {
                    eprintln!("dubbelen: --besluiten wil een bestand.");
                    return ExitCode::from(2);
                }
            },
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let decisions = match decisions_file.as_deref().map(read_decisions).transpose() {
        Ok(d) => d.unwrap_or_default(),
        Err(message) => {
            eprintln!("dubbelen: {message}");
            return ExitCode::from(2);
        }
    };
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
    // The app's search (down to the review floor) when asked below it; otherwise the threshold is
    // the floor, which gives the same pairs above it (they are assigned first).
    let floor = threshold
        .min(DEFAULT_THRESHOLD)
        .min(if decisions.is_empty() {
            threshold
        } else {
            REVIEW_FLOOR
        });
    let refs: Vec<_> = records.iter().collect();
    let mut found = search(&refs, floor, &mut |_, _, _| ());
    let labels = found.labels_by_numbers(&refs, &decisions);
    if labels.len() < decisions.len() {
        eprintln!(
            "dubbelen: {} besluiten over nummers die niet (alleen) in de bestanden staan, overgeslagen.",
            decisions.len() - labels.len()
        );
    }
    found.learn(&labels);
    let outcome = found.outcome(&labels);
    let matched = start.elapsed() - imported;
    let mut pairs: Vec<_> = outcome
        .pairs
        .iter()
        .filter(|p| p.decided != Some(false))
        .filter(|p| p.decided == Some(true) || p.weight >= threshold)
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
    eprintln!(
        "dubbelen: {} mogelijke paren met een gewicht onder {floor} niet getoond",
        found.below_floor()
    );
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dubbelen: schrijven mislukt: {e}");
            ExitCode::from(2)
        }
    }
}

/// The decisions file: `bsn,onderwijsnummer,besluit` with `J` or `N` (upper or lower case).
fn read_decisions(path: &str) -> Result<Vec<(String, String, bool)>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{path} kan niet worden gelezen: {e}."))?;
    let mut lines = text.lines();
    let header = lines
        .next()
        .unwrap_or("")
        .trim()
        .trim_start_matches('\u{feff}');
    if header.replace(' ', "") != "bsn,onderwijsnummer,besluit" {
        return Err(format!(
            "{path}: de eerste regel moet bsn,onderwijsnummer,besluit zijn."
        ));
    }
    let mut out = Vec::new();
    for (n, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let same = match cells.get(2).map(|c| c.to_ascii_uppercase()).as_deref() {
            Some("J") => true,
            Some("N") => false,
            _ => {
                return Err(format!(
                    "{path}, regel {}: besluit moet J of N zijn.",
                    n + 2
                ));
            }
        };
        let number = |i: usize| {
            let c = cells.get(i).copied().unwrap_or("");
            format!("{c:0>9}")
        };
        out.push((number(0), number(1), same));
    }
    Ok(out)
}

/// Today's date from the system clock (UTC), for two-digit years.
fn today() -> time::Date {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    time::Date::from_julian_day(2_440_588 + i32::try_from(days).unwrap_or(0))
        .unwrap_or(time::Date::MIN)
}
