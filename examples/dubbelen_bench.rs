//! Quality and time of the duplicate finder on generated registers (native).
//! `cargo run --profile bench-native --example dubbelen_bench [-- 2000 20000 100000]`

use std::collections::HashSet;
use std::time::Instant;

use koppelhulp_core::matcher::{DEFAULT_THRESHOLD, find_pairs};
use koppelhulp_core::synth::generate;

fn main() {
    let mut sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if sizes.is_empty() {
        sizes = vec![2_000, 20_000, 100_000];
    }
    println!("threshold {DEFAULT_THRESHOLD}");
    println!("| rows | candidates | precision | recall | F1 | time |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for rows in sizes {
        let set = generate(rows, 2026);
        let offset = set.bsn_register.len();
        let mut records = set.bsn_register.clone();
        records.extend(set.onderwijs_register.iter().cloned());
        let start = Instant::now();
        let outcome = find_pairs(&records, DEFAULT_THRESHOLD, &mut |_, _, _| {});
        let took = start.elapsed();
        let truth: HashSet<(usize, usize)> = set.truth.iter().copied().collect();
        let tp = outcome
            .pairs
            .iter()
            .filter(|p| truth.contains(&(p.bsn_record, p.onderwijs_record.wrapping_sub(offset))))
            .count();
        let p = tp as f64 / outcome.pairs.len().max(1) as f64;
        let r = tp as f64 / truth.len().max(1) as f64;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!(
            "| {rows} | {} | {p:.4} | {r:.4} | {f1:.4} | {:.3} s |",
            outcome.candidate_pairs,
            took.as_secs_f64()
        );
    }
}
