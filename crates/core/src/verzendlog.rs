//! The verzendlog: for every koppelbestand made, its name, when, and how many rows — no personal
//! data. Kept in localStorage; shown on Versturen and used to match DUO's answer.

use serde::{Deserialize, Serialize};

/// How many entries are kept; older ones drop off.
pub const MAX_ENTRIES: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// The file name as downloaded, e.g. `20260301G0363.koci.xlsx`.
    pub file_name: String,
    /// When it was made, `dd-mm-jjjj uu:mm` in the user's local time.
    pub made_at: String,
    /// Rows written, of which koppelingen (no question) and vragen (with a question).
    pub rows: usize,
    pub koppelingen: usize,
    pub vragen: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verzendlog {
    /// Newest first.
    pub entries: Vec<LogEntry>,
}

impl Verzendlog {
    /// Read the log; anything unreadable is an empty log.
    pub fn from_json(json: &str) -> Verzendlog {
        serde_json::from_str(json).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    pub fn add(&mut self, entry: LogEntry) {
        self.entries.insert(0, entry);
        self.entries.truncate(MAX_ENTRIES);
    }

    pub fn latest(&self) -> Option<&LogEntry> {
        self.entries.first()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> LogEntry {
        LogEntry {
            file_name: name.into(),
            made_at: "01-03-2026 10:00".into(),
            rows: 3,
            koppelingen: 2,
            vragen: 1,
        }
    }

    #[test]
    fn newest_first_bounded_and_round_trips() {
        let mut log = Verzendlog::default();
        assert_eq!(log.latest(), None);
        for i in 0..MAX_ENTRIES + 5 {
            log.add(entry(&format!("{i}")));
        }
        assert_eq!(log.entries.len(), MAX_ENTRIES);
        assert_eq!(
            log.latest().unwrap().file_name,
            format!("{}", MAX_ENTRIES + 4)
        );
        assert_eq!(Verzendlog::from_json(&log.to_json()), log);
        assert_eq!(Verzendlog::from_json("kapot"), Verzendlog::default());
    }
}
