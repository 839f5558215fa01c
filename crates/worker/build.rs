//! Sets `cfg(zelftest)` when `KOPPELHULP_ZELFTEST=1`: the worker's self-test (a panic on purpose
//! for `?zelftest=werker`) exists in the wasm only in the test build of the browser tests
//! (`KOPPELHULP_ZELFTEST=1 trunk build --dist dist-test`), never in the release (`scripts/package`).
//! Natively it is always there, for tests/worker.rs. The page's build.rs does the same.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rustc-check-cfg=cfg(zelftest)");
    println!("cargo:rerun-if-env-changed=KOPPELHULP_ZELFTEST");
    if std::env::var("KOPPELHULP_ZELFTEST").is_ok_and(|v| v == "1") {
        println!("cargo:rustc-cfg=zelftest");
    }
}
