//! The gemeenten and RMC-regio lists (`data/gemeenten.csv`, `data/rmc_regios.csv`) as Rust
//! arrays, written at build time into `OUT_DIR/organisation_lists.rs` and included by
//! `src/organisation.rs`: a malformed line is a build error, not a warning at run time.

// A panic here is a build error: the point of this script (it reads no user input).
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::fmt::Write as _;
use std::path::Path;

/// The fields of one csv line: comma-separated, a field in double quotes may hold commas and `""`.
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    assert!(!quoted, "unclosed quote in {line:?}");
    out.push(field);
    out.into_iter().map(|f| f.trim().to_string()).collect()
}

/// The data lines of a list (header skipped, blank lines left out), each with `width` fields.
fn read(path: &Path, header: &str, width: usize) -> Vec<Vec<String>> {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", path.display()));
    let mut lines = text.lines();
    assert_eq!(
        lines.next().map(str::trim),
        Some(header),
        "{}: header",
        path.display()
    );
    lines
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let row = fields(line);
            assert_eq!(
                row.len(),
                width,
                "{}: line {} has not {width} fields",
                path.display(),
                i + 2
            );
            assert!(
                row.iter().all(|f| !f.is_empty()),
                "{}: line {} has an empty field",
                path.display(),
                i + 2
            );
            row
        })
        .collect()
}

fn digits(code: &str, n: usize) -> bool {
    code.len() == n && code.bytes().all(|b| b.is_ascii_digit())
}

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let gemeenten = read(
        &data.join("gemeenten.csv"),
        "gemeentecode,gemeentenaam,provincie,rmc_regiocode,rmc_regionaam",
        5,
    );
    let regios = read(&data.join("rmc_regios.csv"), "regiocode,regionaam", 2);
    for r in &regios {
        assert!(
            digits(&r[0], 2),
            "rmc_regios: regiocode {:?} is not 2 digits",
            r[0]
        );
    }
    for g in &gemeenten {
        assert!(
            digits(&g[0], 4),
            "gemeenten: gemeentecode {:?} is not 4 digits",
            g[0]
        );
        assert!(
            regios.iter().any(|r| r[0] == g[3] && r[1] == g[4]),
            "gemeenten: {} names regio {} {:?}, which rmc_regios.csv does not have",
            g[0],
            g[3],
            g[4]
        );
    }
    let mut out =
        String::from("// Written by build.rs from data/gemeenten.csv and data/rmc_regios.csv.\n");
    let _ = writeln!(
        out,
        "/// (gemeentecode, gemeentenaam, provincie, rmc_regiocode, rmc_regionaam)"
    );
    let _ = writeln!(
        out,
        "static GEMEENTEN: [(&str, &str, &str, &str, &str); {}] = [",
        gemeenten.len()
    );
    for g in &gemeenten {
        let _ = writeln!(
            out,
            "    ({:?}, {:?}, {:?}, {:?}, {:?}),",
            g[0], g[1], g[2], g[3], g[4]
        );
    }
    out.push_str("];\n/// (regiocode, regionaam)\n");
    let _ = writeln!(out, "static REGIOS: [(&str, &str); {}] = [", regios.len());
    for r in &regios {
        let _ = writeln!(out, "    ({:?}, {:?}),", r[0], r[1]);
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo"))
        .join("organisation_lists.rs");
    std::fs::write(&target, out)
        .unwrap_or_else(|e| panic!("{} cannot be written: {e}", target.display()));
}
