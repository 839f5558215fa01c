//! Architecture invariants that a test can see:
//! - `src/core`, `src/io`, `src/work` and `src/worker` never name a browser crate (they run
//!   natively, in tests and benchmarks);
//! - the layers only look down: `core` never names `io`, `ui`, `work` or `worker`; `io` never names
//!   `ui`, `work` or `worker`; `work` uses only `core`, serde and its own small crates; `worker`
//!   never names `ui`; the worker's wasm (`src/bin/worker.rs`) uses nothing of the crate but
//!   `worker` (so no Leptos app in the worker);
//! - no screen module of `ui` names another screen;
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

/// Every line of code (not comments) in the Rust files under `dir` or in the file `dir` that
/// contains one of `words`.
fn offences(dir: &str, words: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    let path = Path::new(dir);
    if path.is_dir() {
        rust_files(path, &mut files);
    } else {
        files.push(path.to_path_buf());
    }
    assert!(!files.is_empty(), "{dir} has no files");
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("utf-8 source");
        for (n, line) in code_lines(&text) {
            for word in words {
                if line.contains(word) {
                    found.push(format!("{}:{n}: names {word}", file.display()));
                }
            }
        }
    }
    found
}

#[test]
fn the_layers_only_look_down() {
    let layer = |name: &str| [format!("crate::{name}"), format!("super::{name}::")];
    let words = |names: &[&str]| -> Vec<String> { names.iter().flat_map(|n| layer(n)).collect() };
    let mut found = Vec::new();
    for (dir, above) in [
        ("src/core", &["io", "ui", "work", "worker"][..]),
        ("src/io", &["ui", "work", "worker"][..]),
        ("src/worker", &["ui"][..]),
    ] {
        let words = words(above);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        found.extend(offences(dir, &words));
    }
    assert!(
        found.is_empty(),
        "a layer names one above it:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_worker_wasm_uses_only_the_worker_module() {
    let text = fs::read_to_string("src/bin/worker.rs").expect("the worker's binary");
    let mut uses = 0;
    for (n, line) in code_lines(&text) {
        for (at, _) in line.match_indices("koppelhulp::") {
            uses += 1;
            assert!(
                line[at..].starts_with("koppelhulp::worker"),
                "src/bin/worker.rs:{n}: uses more of the crate than `worker`: {line}"
            );
        }
    }
    assert!(uses > 0, "src/bin/worker.rs calls koppelhulp::worker");
    assert!(
        !Path::new("src/ui/task.rs").exists(),
        "the worker's side lives in src/worker, not in ui"
    );
}

#[test]
fn native_layers_never_name_browser_crates() {
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
    let found: Vec<String> = ["src/core", "src/io", "src/worker"]
        .into_iter()
        .flat_map(|dir| offences(dir, &forbidden))
        .collect();
    assert!(
        found.is_empty(),
        "browser crates in the native layers:\n{}",
        found.join("\n")
    );
}

/// `src/work` is the officer's work as plain values: it builds on `core` only (plus serde, the
/// `time` dates `core` uses, `sha2` for file fingerprints), never on `io` or `ui`.
/// The screens of the app: each is one module of `src/ui`.
const SCREENS: [&str; 8] = [
    "antwoord",
    "bestanden",
    "dubbelen",
    "koppelbestand",
    "privacy",
    "routering",
    "settings",
    "versturen",
];

/// A screen builds on app state, widgets, browser glue, the worker client, core and the model —
/// never on another screen (nor on the shell, `app`).
#[test]
fn no_screen_names_another() {
    let mut found = Vec::new();
    for screen in SCREENS {
        let file = format!("src/ui/{screen}.rs");
        let others: Vec<String> = SCREENS
            .iter()
            .chain(&["app"])
            .filter(|s| **s != screen)
            .flat_map(|s| {
                [
                    format!("super::{s}::"),
                    format!("crate::ui::{s}::"),
                    format!("super::{s};"),
                ]
            })
            .collect();
        let others: Vec<&str> = others.iter().map(String::as_str).collect();
        found.extend(offences(&file, &others));
    }
    assert!(
        found.is_empty(),
        "a screen names another screen:\n{}",
        found.join("\n")
    );
}

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
