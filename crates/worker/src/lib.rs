//! The background worker: how it answers what the page asks (`koppelhulp_protocol`). Native code
//! over `core`, `io` and `work`, tested natively (`tests/worker.rs`); the only browser code of the
//! worker is its wasm glue, `src/main.rs`, which turns JS values into these types and back. The
//! page's side is the app's `worker_client`.

pub mod handle;

pub use handle::{Clock, Incoming, Progress, WorkerState, handle, serve, sha256_hex};
pub use koppelhulp_protocol::{Call, Payload, Request, Response, Wire};

/// Passes progress on at most once per percent and stage: posting a message to the page is not free.
pub struct Throttle<F> {
    report: F,
    last: Option<(String, usize)>,
}

impl<F: FnMut(&str, usize, usize)> Throttle<F> {
    pub fn new(report: F) -> Throttle<F> {
        Throttle { report, last: None }
    }

    pub fn report(&mut self, stage: &str, done: usize, total: usize) {
        let percent = done.saturating_mul(100).checked_div(total).unwrap_or(0);
        if self
            .last
            .as_ref()
            .is_some_and(|(s, p)| s == stage && *p == percent)
        {
            return;
        }
        self.last = Some((stage.to_string(), percent));
        (self.report)(stage, done, total);
    }
}

#[cfg(test)]
mod tests {
    use super::Throttle;

    #[test]
    fn progress_is_passed_on_once_per_percent_and_stage() {
        let mut seen = Vec::new();
        let mut throttle = Throttle::new(|s: &str, d, t| seen.push((s.to_string(), d, t)));
        throttle.report("Bestand openen", 0, 0);
        throttle.report("Bestand openen", 0, 0);
        for done in 0..=1000 {
            throttle.report("Rijen lezen", done, 1000);
        }
        throttle.report("Klaar", 0, 0);
        drop(throttle);
        assert_eq!(seen.len(), 1 + 101 + 1);
        assert_eq!(seen[0], ("Bestand openen".to_string(), 0, 0));
        assert_eq!(seen[1], ("Rijen lezen".to_string(), 0, 1000));
        assert_eq!(seen[2], ("Rijen lezen".to_string(), 10, 1000));
        assert_eq!(seen[101], ("Rijen lezen".to_string(), 1000, 1000));
    }
}
