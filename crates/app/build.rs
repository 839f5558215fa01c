//! Sets `KOPPELHULP_VERSION` for the crate: the version in Cargo.toml plus the first 7 characters of
//! the commit it is built from (`0.1.0-d606da4`), or Cargo.toml's version alone outside a git checkout.
//! The app shows it in its footer and on Privacy en hulp; `scripts/package.mjs` names the zip with
//! the same rule and checks that the built wasm carries it.
//!
//! Sets `cfg(zelftest)` when `KOPPELHULP_ZELFTEST=1`: the self-tests of the browser tests
//! (`?zelftest=paniek`, `?zelftest=werker`) exist only in such a test build
//! (`KOPPELHULP_ZELFTEST=1 trunk build --dist dist-test`), never in the release (`scripts/package`).
use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rustc-check-cfg=cfg(zelftest)");
    println!("cargo:rerun-if-env-changed=KOPPELHULP_ZELFTEST");
    if std::env::var("KOPPELHULP_ZELFTEST").is_ok_and(|v| v == "1") {
        println!("cargo:rustc-cfg=zelftest");
    }
    let package = env!("CARGO_PKG_VERSION");
    let commit = git(&["rev-parse", "HEAD"])
        .filter(|c| c.len() >= 7 && c.bytes().all(|b| b.is_ascii_hexdigit()));
    let version = match &commit {
        Some(c) => format!("{package}-{}", &c[..7]),
        None => package.to_string(),
    };
    println!("cargo:rustc-env=KOPPELHULP_VERSION={version}");
    if commit.is_some() {
        // Rebuild when the commit changes: HEAD, the branch it names (loose or packed). Only this
        // checkout's own files, so commits on other branches or worktrees cause no rebuild.
        let mut watch = vec![git(&["rev-parse", "--git-path", "HEAD"])];
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            watch.push(git(&["rev-parse", "--git-path", &branch]));
        }
        watch.push(git(&["rev-parse", "--git-path", "packed-refs"]));
        for path in watch.into_iter().flatten().map(PathBuf::from) {
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
}
