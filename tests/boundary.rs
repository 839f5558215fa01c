//! Architecture invariants that a test can see:
//! - `src/core`, `src/io` and `src/work` never name a browser crate (they run natively, in tests
//!   and benchmarks);
//! - `src/work` uses only `core`, serde and its own small crates: never `io` or `ui`;
//! - no source file uses a network API (the app requests nothing but its own files);
//! - the pinned wasm-bindgen versions agree (Cargo.toml, Cargo.lock, Trunk.toml).

use std::fs;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "js") {
            out.push(path);
        }
    }
}

fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l))
}

#[test]
fn core_io_and_work_never_name_browser_crates() {
    let forbidden = [
        "leptos",
        "web_sys",
        "web-sys",
        "wasm_bindgen",
        "wasm-bindgen",
        "js_sys",
        "js-sys",
        "gloo",
    ];
    let mut offences = Vec::new();
    for dir in ["src/core", "src/io", "src/work"] {
        let mut files = Vec::new();
        rust_files(Path::new(dir), &mut files);
        assert!(!files.is_empty() || dir == "src/io", "{dir} has no files");
        for file in files {
            let text = fs::read_to_string(&file).expect("utf-8 source");
            for (n, line) in code_lines(&text) {
                for word in forbidden {
                    if line.contains(word) {
                        offences.push(format!("{}:{n}: names {word}", file.display()));
                    }
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "browser crates in the pure layers:\n{}",
        offences.join("\n")
    );
}

/// `src/work` is the officer's work as plain values: it builds on `core` only (plus serde, the
/// `time` dates `core` uses, `sha2` for file fingerprints), never on `io` or `ui`.
#[test]
fn work_uses_only_core() {
    let allowed_roots = [
        "std",
        "serde",
        "serde_json",
        "time",
        "sha2",
        "proptest",
        "super",
        "self",
    ];
    let mut files = Vec::new();
    rust_files(Path::new("src/work"), &mut files);
    assert!(!files.is_empty(), "src/work has no files");
    let mut offences = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("utf-8 source");
        for (n, line) in code_lines(&text) {
            for word in ["crate::io", "crate::ui", "koppelhulp::io", "koppelhulp::ui"] {
                if line.contains(word) {
                    offences.push(format!("{}:{n}: names {word}", file.display()));
                }
            }
            let Some(path) = line.trim_start().strip_prefix("use ") else {
                continue;
            };
            let mut parts = path.split("::");
            let root = parts.next().unwrap_or("").trim_end_matches(';');
            let ok = match root {
                "crate" => {
                    let next = parts.next().unwrap_or("");
                    next.starts_with("core") || next.starts_with("work")
                }
                _ => allowed_roots.contains(&root),
            };
            if !ok {
                offences.push(format!("{}:{n}: uses {path}", file.display()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "src/work may use core (and serde, time, sha2) only:\n{}",
        offences.join("\n")
    );
}

#[test]
fn no_network_api_anywhere() {
    let forbidden = [
        "fetch(",
        "XMLHttpRequest",
        "WebSocket",
        "EventSource",
        "sendBeacon",
        "Request::new",
        "gloo_net",
        "gloo::net",
    ];
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    // boot.js and the service worker: only the service worker may fetch (same-origin, its own files).
    files.push("public/boot.js".into());
    let mut offences = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("utf-8 source");
        for (n, line) in code_lines(&text) {
            for word in forbidden {
                if line.contains(word) {
                    offences.push(format!("{}:{n}: {word}", file.display()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "network APIs found:\n{}",
        offences.join("\n")
    );
}

#[test]
fn wasm_bindgen_versions_agree() {
    let lock = fs::read_to_string("Cargo.lock").expect("Cargo.lock is committed");
    let locked = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"wasm-bindgen\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_string())
        .expect("wasm-bindgen in Cargo.lock");
    let toml = fs::read_to_string("Cargo.toml").expect("Cargo.toml");
    assert!(
        toml.contains(&format!("wasm-bindgen = \"={locked}\"")),
        "Cargo.toml must pin wasm-bindgen = \"={locked}\""
    );
    let trunk = fs::read_to_string("Trunk.toml").expect("Trunk.toml");
    assert!(
        trunk.contains(&format!("wasm_bindgen = \"{locked}\"")),
        "Trunk.toml [tools] must name wasm_bindgen = \"{locked}\""
    );
}
