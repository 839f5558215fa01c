//! Peak heap of the background worker's work at a register's size, natively: opens the files as the
//! worker does (`worker::serve`, the same JSON requests the page sends), then finds the pairs, and
//! prints the heap in use and its peak after each request and per search stage. Native pointers are
//! twice wasm32's, so this is an upper bound of the wasm worker's heap (BENCHMARKS.md). Also the
//! time at which each stage of the search began.
//! `cargo run --profile bench-native --example worker_geheugen -- DIR/brp.xlsx DIR/school.csv`

use koppelhulp_worker::{Incoming, WorkerState, serve};
use peak_alloc::PeakAlloc;

// Counts the heap in use and its peak (peak_alloc: a counting wrapper of the system allocator, so
// that this workspace's crates need no `unsafe`).
#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

fn mib(n: usize) -> String {
    format!("{:.1} MiB", n as f64 / 1_048_576.0)
}

fn report(what: &str) {
    println!(
        "{what}: in use {}, peak {}",
        mib(ALLOC.current_usage()),
        mib(ALLOC.peak_usage())
    );
}

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: worker_geheugen FILE [FILE…]");
        std::process::exit(2);
    }
    let mut state = WorkerState::new();
    let clock = || 0.0;
    for (n, path) in files.iter().enumerate() {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let name = std::path::Path::new(path)
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let request = format!(
            r#"{{"op":"open","file_id":{},"name":{:?},"sheet":null,"today":[2026,332]}}"#,
            n + 1,
            name
        );
        let reply = serve(
            &mut state,
            Incoming::Json(&request),
            Some(bytes),
            &mut |_, _, _| {},
            &clock,
        );
        if let koppelhulp_worker::Response::Failed(p) = reply {
            panic!("{path}: {}", p.message);
        }
        report(&format!("opened {name}"));
    }
    let ids: Vec<String> = (1..=files.len()).map(|n| n.to_string()).collect();
    let request = format!(r#"{{"op":"find_pairs","file_ids":[{}]}}"#, ids.join(","));
    let mut last = String::new();
    let start = std::time::Instant::now();
    let mut stage = |s: &str, _: usize, _: usize| {
        if s != last {
            report(&format!(
                "  stage {s} at {} ms",
                start.elapsed().as_millis()
            ));
            last = s.to_string();
        }
    };
    let reply = serve(
        &mut state,
        Incoming::Json(&request),
        None,
        &mut stage,
        &clock,
    );
    let size = match &reply {
        koppelhulp_worker::Response::Json(j) => j.len(),
        _ => 0,
    };
    drop(reply);
    report(&format!(
        "found pairs in {} ms (reply {})",
        start.elapsed().as_millis(),
        mib(size)
    ));
}
