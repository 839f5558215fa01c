//! Architecture invariants that Cargo cannot state by itself, and the ones it states, checked:
//! - the layers are crates and only look down: each crate's workspace dependencies are exactly the
//!   ones listed in [`LAYERS`] (`cargo metadata`);
//! - the page's crate, built for the browser, has no spreadsheet, zip, XML or crypto crate among
//!   its dependencies (`cargo tree`), so the page's wasm cannot hold one;
//! - no screen module of the app names another screen;
//! - no source file uses a network API (the app requests nothing but its own files);
//! - the pinned wasm-bindgen versions agree (Cargo.toml, Cargo.lock, Trunk.toml).
//!
//! `unsafe` is forbidden and `core` and `io` deny `unwrap`, `expect` and unchecked indexing by
//! their `[lints]` (the compiler and clippy check those).

use std::fs;
use std::path::Path;
use std::process::Command;

/// Each crate of the workspace and the workspace crates it may depend on (normal dependencies).
const LAYERS: [(&str, &[&str]); 6] = [
    ("koppelhulp-core", &[]),
    ("koppelhulp-io", &["koppelhulp-core"]),
    ("koppelhulp-work", &["koppelhulp-core"]),
    (
        "koppelhulp-protocol",
        &["koppelhulp-core", "koppelhulp-work"],
    ),
    (
        "koppelhulp-worker",
        &[
            "koppelhulp-core",
            "koppelhulp-io",
            "koppelhulp-protocol",
            "koppelhulp-work",
        ],
    ),
    (
        "koppelhulp",
        &["koppelhulp-core", "koppelhulp-protocol", "koppelhulp-work"],
    ),
];

fn cargo(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn the_layers_are_crates_that_only_look_down() {
    let metadata: serde_json::Value = serde_json::from_str(&cargo(&[
        "metadata",
        "--format-version",
        "1",
        "--no-deps",
        "--offline",
    ]))
    .expect("cargo metadata is JSON");
    let packages = metadata["packages"].as_array().expect("packages");
    for (name, allowed) in LAYERS {
        let package = packages
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name} is a member of the workspace"));
        let mut internal: Vec<&str> = package["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            .filter(|d| d["kind"].is_null())
            .filter_map(|d| d["name"].as_str())
            .filter(|d| d.starts_with("koppelhulp"))
            .collect();
        internal.sort_unstable();
        assert_eq!(internal, allowed, "{name}'s workspace dependencies");
    }
}

#[test]
fn the_page_crate_holds_no_file_or_crypto_crate() {
    let tree = cargo(&[
        "tree",
        "--offline",
        "-p",
        "koppelhulp",
        "--target",
        "wasm32-unknown-unknown",
        "-e",
        "normal,no-proc-macro",
        "--prefix",
        "none",
    ]);
    let forbidden = [
        "calamine",
        "rust_xlsxwriter",
        "zip",
        "quick-xml",
        "csv",
        "flate2",
        "ms-offcrypto-writer",
        "cfb",
        "aes",
        "cbc",
        "hmac",
        "sha2",
        "rand",
        "getrandom",
        "koppelhulp-io",
        "koppelhulp-worker",
    ];
    let found: Vec<&str> = tree
        .lines()
        .filter(|l| {
            let name = l.split_whitespace().next().unwrap_or("");
            forbidden.contains(&name)
        })
        .collect();
    assert!(
        tree.contains("leptos"),
        "cargo tree lists the page's crates"
    );
    assert!(found.is_empty(), "the page's crate reaches {found:?}");
}

fn source_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            source_files(&path, out);
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

/// The screens of the app: each is one module of `crates/app/src`.
const SCREENS: [&str; 9] = [
    "antwoord",
    "bestanden",
    "dubbelen",
    "koppelbestand",
    "privacy",
    "routering",
    "settings",
    "versturen",
    "werk",
];

/// True when `line` names module `module` through a path: `crate::m`, `super::m`, or inside a
/// grouped `use crate::{…, m, …}` / `use super::{…}`.
fn names_module(line: &str, module: &str) -> bool {
    let is_name = |s: &str| {
        let s = s.trim();
        s == module || s.starts_with(&format!("{module}::"))
    };
    for root in ["crate::", "super::", "self::"] {
        for (at, _) in line.match_indices(root) {
            let rest = &line[at + root.len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = group.split('}').next().unwrap_or("");
                if group.split(',').any(is_name) {
                    return true;
                }
            } else {
                let first = rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("");
                if first == module {
                    return true;
                }
            }
        }
    }
    false
}

/// A screen builds on app state, widgets, browser glue, the worker client, core and work — never
/// on another screen (nor on the shell, `app`).
#[test]
fn no_screen_names_another() {
    let mut found = Vec::new();
    for screen in SCREENS {
        let file = format!("crates/app/src/{screen}.rs");
        let text = fs::read_to_string(&file).expect("a screen's file");
        for (n, line) in code_lines(&text) {
            for other in SCREENS.iter().chain(&["app"]).filter(|s| **s != screen) {
                if names_module(line, other) {
                    found.push(format!("{file}:{n}: names {other}"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "a screen names another screen:\n{}",
        found.join("\n")
    );
}

#[test]
fn names_module_sees_every_path_form() {
    assert!(names_module("use crate::dubbelen::Foo;", "dubbelen"));
    assert!(names_module(
        "use crate::{state, dubbelen::Foo};",
        "dubbelen"
    ));
    assert!(names_module("use super::{dubbelen};", "dubbelen"));
    assert!(names_module("let x = super::dubbelen::f();", "dubbelen"));
    assert!(!names_module(
        "use crate::state::dubbelen::Found;",
        "dubbelen"
    ));
    assert!(!names_module("use crate::widgets;", "dubbelen"));
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
    source_files(Path::new("crates"), &mut files);
    // boot.js and the service worker: only the service worker fetches freely (same-origin, its own files).
    files.push("public/boot.js".into());
    let mut offences = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("utf-8 source");
        for (n, line) in code_lines(&text) {
            for word in forbidden {
                // boot.js may ask for the app's own files, by a URL relative to its own folder
                // (whether the service worker refused one).
                let own_file = word == "fetch("
                    && file.ends_with("public/boot.js")
                    && line.contains("fetch(new URL(")
                    && line.contains(", base))");
                if line.contains(word) && !own_file {
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
