//! The DUO file name for an organisation and a date, or the check of an existing name — the same
//! core code as the app's Koppelbestand screen.
//!
//! ```sh
//! cargo run --example kocinaam -- G 363 2026-03-01      # prints 20260301G0363.koci.xlsx
//! cargo run --example kocinaam -- --check "20260301G0363 (1).koci.xlsx"
//! ```
//! Exit status 0 when the name is right, 1 when the checked name breaks a rule, 2 on wrong usage.

use std::process::ExitCode;

use koppelhulp_core::Severity;
use koppelhulp_core::koci_name::KociFileName;
use koppelhulp_core::koppelregel::parse_date;
use koppelhulp_core::organisation::OrgKind;

fn usage() -> ExitCode {
    eprintln!("gebruik: kocinaam G|R CODE JJJJ-MM-DD   of   kocinaam --check BESTANDSNAAM");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, name] if flag == "--check" => {
            let (parsed, problems) = KociFileName::parse(name);
            for p in &problems {
                eprintln!("{:?}: {}", p.severity, p.message);
            }
            if let Some(parsed) = parsed {
                println!("{parsed}");
            }
            if problems.iter().any(|p| p.severity == Severity::Error) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        [letter, code, date] => {
            let kind = match letter.to_ascii_uppercase().as_str() {
                "G" => OrgKind::Gemeente,
                "R" => OrgKind::RmcRegio,
                _ => return usage(),
            };
            let date = match parse_date(date) {
                Ok(d) => d,
                Err(p) => {
                    eprintln!("{}", p.message);
                    return ExitCode::from(2);
                }
            };
            match KociFileName::new(date, kind, code) {
                Ok(name) => {
                    println!("{name}");
                    ExitCode::SUCCESS
                }
                Err(p) => {
                    eprintln!("{}", p.message);
                    ExitCode::from(2)
                }
            }
        }
        _ => usage(),
    }
}
