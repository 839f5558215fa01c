//! The documents are maps, so they must point at things that exist: every repository path named
//! in the docs and in the code's comments resolves, and every reference to a section of
//! BENCHMARKS.md or ARCHITECTURE.md (`BENCHMARKS.md, "Current numbers"`) names a heading that is
//! there. ARCHITECTURE.md stays short (at most 2,500 words) and BENCHMARKS.md opens with the
//! current numbers.

use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The top-level folders and files of the repository a path may start with.
const PREFIXES: [&str; 16] = [
    "crates/",
    "tests/",
    "scripts/",
    "benches/",
    "examples/",
    "data/",
    "deploy/",
    "public/",
    "style/",
    "vendor/",
    "fuzz/",
    ".ci/",
    "docs/",
    "src/",
    "build.rs",
    "Cargo.toml",
];

fn files_under(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if path.is_dir() {
            if !matches!(
                name.as_str(),
                "target" | "node_modules" | ".git" | "fixtures" | "screenshots" | ".venv"
            ) {
                files_under(&path, exts, out);
            }
        } else if exts.iter().any(|e| name.ends_with(e)) {
            out.push(path);
        }
    }
}

/// The documents and sources whose references are checked.
fn checked_files() -> Vec<PathBuf> {
    let root = Path::new(ROOT);
    let mut files: Vec<PathBuf> = ["README.md", "ARCHITECTURE.md", "BENCHMARKS.md"]
        .iter()
        .map(|f| root.join(f))
        .collect();
    for dir in [
        "crates", "tests", "examples", "benches", "scripts", "public", "deploy", "data",
    ] {
        files_under(
            &root.join(dir),
            &[".rs", ".md", ".mjs", ".js", ".py", ".toml", ".txt"],
            &mut files,
        );
    }
    for f in [
        "Cargo.toml",
        "Trunk.toml",
        "index.html",
        "scripts/setup",
        "scripts/test",
    ] {
        files.push(root.join(f));
    }
    files
}

/// Backticked repository paths in `text`: `` `crates/core/src/ids.rs` ``, `` `tests/browser/` ``.
fn paths_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 0 {
            continue;
        }
        let candidate = part.split_whitespace().next().unwrap_or("");
        let candidate = candidate.trim_end_matches([',', '.', ':', ';', ')']);
        let candidate = candidate.split("::").next().unwrap_or("");
        let candidate = candidate.split('#').next().unwrap_or("");
        let candidate = candidate.split(':').next().unwrap_or("");
        if !PREFIXES.iter().any(|p| candidate.starts_with(p)) {
            continue;
        }
        // Patterns and placeholders name no single file.
        if candidate.contains(['*', '{', '<', '$', '…'])
            || candidate.contains("VERSIE")
            || candidate.contains("NAME")
        {
            continue;
        }
        out.push(candidate.to_string());
    }
    out
}

/// Folders the build and the tests make, which `.gitignore` keeps out of the repository
/// (`tests/browser/screenshots/`, `dist/`): a document may name them, a checkout lacks them.
fn generated(path: &str) -> bool {
    let ignore = fs::read_to_string(Path::new(ROOT).join(".gitignore")).unwrap_or_default();
    ignore
        .lines()
        .map(|l| l.trim().trim_start_matches('/'))
        .map(|l| l.split('*').next().unwrap_or("").trim_end_matches('/'))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|prefix| path.trim_end_matches('/').starts_with(prefix))
}

#[test]
fn every_named_path_exists() {
    let root = Path::new(ROOT);
    let mut missing = Vec::new();
    let mut seen = 0;
    for file in checked_files() {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        // A crate's own files may name its paths relative to the crate (`src/main.rs`, `build.rs`).
        let crate_dir = file
            .strip_prefix(root.join("crates"))
            .ok()
            .and_then(|rest| rest.components().next())
            .map(|c| root.join("crates").join(c));
        for path in paths_in(&text) {
            seen += 1;
            let in_crate = crate_dir.as_ref().is_some_and(|c| c.join(&path).exists());
            if !root.join(&path).exists() && !in_crate && !generated(&path) {
                let name = file.strip_prefix(root).unwrap_or(&file).display();
                missing.push(format!("{name}: `{path}`"));
            }
        }
    }
    assert!(seen > 50, "only {seen} paths found: is the scan broken?");
    assert!(
        missing.is_empty(),
        "paths that do not exist:\n{}",
        missing.join("\n")
    );
}

/// The headings of a markdown file, lower case, without the `#`s.
fn headings(file: &str) -> Vec<String> {
    fs::read_to_string(Path::new(ROOT).join(file))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim().to_lowercase())
        .collect()
}

/// `DOC.md, "Section"` or `DOC.md "Section"` (straight or curly quotes) in `text`: the sections.
fn section_refs<'a>(text: &'a str, doc: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices(doc) {
        let rest = &text[at + doc.len()..];
        let rest = rest.strip_prefix(',').unwrap_or(rest);
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        for (open, close) in [('"', '"'), ('“', '”'), ('*', '*')] {
            if let Some(inner) = rest.strip_prefix(open)
                && let Some(end) = inner.find(close)
                && end <= 80
            {
                out.push(&inner[..end]);
            }
        }
    }
    out
}

#[test]
fn every_section_reference_names_a_heading() {
    let root = Path::new(ROOT);
    let mut wrong = Vec::new();
    for doc in ["BENCHMARKS.md", "ARCHITECTURE.md"] {
        let heads = headings(doc);
        for file in checked_files() {
            let Ok(text) = fs::read_to_string(&file) else {
                continue;
            };
            if file.ends_with("tests/docs.rs") {
                continue;
            }
            for section in section_refs(&text, doc) {
                let want = section
                    .split_whitespace()
                    .filter(|w| !matches!(*w, "//" | "///" | "//!"))
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                if !heads.iter().any(|h| h.contains(&want)) {
                    let name = file.strip_prefix(root).unwrap_or(&file).display();
                    wrong.push(format!("{name}: {doc}, \"{section}\""));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "references to sections that do not exist:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scanners_read_what_is_written() {
    assert!(generated("tests/browser/screenshots/"));
    assert!(!generated("tests/browser/fixture.mjs"));
    assert_eq!(
        paths_in("see `crates/core/src/ids.rs`, `tests/browser/*.test.mjs` and `Bsn`"),
        ["crates/core/src/ids.rs"]
    );
    assert_eq!(
        section_refs(
            "(BENCHMARKS.md, \"Current numbers\") and BENCHMARKS.md.",
            "BENCHMARKS.md"
        ),
        ["Current numbers"]
    );
}

#[test]
fn architecture_is_a_short_map_and_benchmarks_open_with_the_current_numbers() {
    let architecture = fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).unwrap();
    let words = architecture.split_whitespace().count();
    assert!(words <= 2_500, "ARCHITECTURE.md has {words} words");
    let benchmarks = fs::read_to_string(Path::new(ROOT).join("BENCHMARKS.md")).unwrap();
    let first_section = benchmarks
        .lines()
        .find(|l| l.starts_with("## "))
        .unwrap_or("");
    assert!(
        first_section
            .to_lowercase()
            .starts_with("## current numbers"),
        "BENCHMARKS.md's first section is {first_section:?}"
    );
}
