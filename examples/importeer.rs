//! Import one register file the way the app does, for benchmarks and for checking files by hand.
//!
//! `cargo run --release --example importeer -- [--sheet NAME] [--csv] FILE`
//!
//! Prints one JSON object: the sheet used, the header row (1-based), the mapping (column header →
//! field), the row accounting and the problems (row and reason). With `--csv` it prints the records:
//! `rij,bsn,onderwijsnummer,achternaam,voorvoegsel,voornamen,geboortedatum,geslacht,straat,huisnummer,postcode,woonplaats`.
//! Exit status 0 when the file was read (even with row problems), 2 with a Dutch message on stderr
//! when it cannot be read at all. The time taken goes to stderr.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use koppelhulp_core::Severity;
use koppelhulp_core::pupil::PupilRecord;
use koppelhulp_io::import::{RECORD_CSV_HEADER, import, record_csv_line};

fn fail(message: &str) -> ExitCode {
    eprintln!("importeer: {message}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut sheet = None;
    let mut csv = false;
    let mut file = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--csv" => csv = true,
            "--sheet" => match args.next() {
                Some(name) => sheet = Some(name),
                None => return fail("na --sheet hoort de naam van een werkblad."),
            },
            _ if arg.starts_with("--") => return fail(&format!("onbekende optie {arg}.")),
            _ if file.is_none() => file = Some(arg),
            _ => return fail("geef één bestand."),
        }
    }
    let Some(path) = file else {
        return fail("gebruik: importeer [--sheet NAAM] [--csv] BESTAND");
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => return fail(&format!("{path} kan niet worden gelezen: {e}.")),
    };
    let name = std::path::Path::new(&path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let today = today();
    let start = Instant::now();
    let imported = match import(&bytes, &name, sheet.as_deref(), None, today, &mut |_, _| ()) {
        Ok(i) => i,
        Err(problem) => return fail(&format!("{name}: {}", problem.message)),
    };
    eprintln!(
        "importeer: {name} gelezen in {:.3} s",
        start.elapsed().as_secs_f64()
    );

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = if csv {
        write_csv(&mut out, &imported.interpretation.records)
    } else {
        let summary = imported.summary();
        let mut mapping = serde_json::Map::new();
        for (header, field) in summary.headers.iter().zip(&summary.mapping) {
            let mut key = header.clone();
            let mut n = 2;
            while mapping.contains_key(&key) {
                key = format!("{header} ({n})");
                n += 1;
            }
            mapping.insert(
                key,
                field.map_or(serde_json::Value::Null, |f| f.key().into()),
            );
        }
        let problems: Vec<serde_json::Value> = imported
            .interpretation
            .problems
            .iter()
            .map(|p| {
                serde_json::json!({
                    "rij": p.row,
                    "kolom": p.column,
                    "soort": match p.problem.severity {
                        Severity::Error => "rij niet gebruikt",
                        Severity::Warning => "waarde niet gelezen",
                        Severity::Notice => "opmerking",
                    },
                    "reden": p.problem.message,
                })
            })
            .collect();
        let a = &summary.accounting;
        let json = serde_json::json!({
            "bestand": name,
            "soort": summary.kind,
            "werkblad": summary.sheet,
            "werkbladen": summary.sheet_names,
            "kopregel": summary.header_row,
            "kolommen": mapping,
            "telling": {
                "gelezen": a.read,
                "gebruikt": a.used,
                "met_problemen": a.with_problems,
                "leeg_overgeslagen": a.skipped_empty,
            },
            "problemen": problems,
        });
        writeln!(out, "{json:#}")
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("schrijven mislukt: {e}")),
    }
}

fn write_csv(out: &mut impl Write, records: &[PupilRecord]) -> std::io::Result<()> {
    writeln!(out, "{RECORD_CSV_HEADER}")?;
    for r in records {
        writeln!(out, "{}", record_csv_line(r))?;
    }
    Ok(())
}

/// Today's date from the system clock (UTC), for two-digit years.
fn today() -> time::Date {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    time::Date::from_julian_day(2_440_588 + days as i32).unwrap_or(time::Date::MIN)
}
