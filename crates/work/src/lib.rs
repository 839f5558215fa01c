//! The officer's work as plain Rust values: the koppelbestand being made, the review of proposed
//! pairs, the marks on DUO's answer, the opened files, and the browser storage keys.
//!
//! Architecture invariant: like `core`, this is native code. It uses `core` and serde (and `sha2`)
//! only: no `io`, no `ui`, no browser crate (`tests/boundary.rs`). The screens keep their signals;
//! the rules of the work live here and are tested natively.

pub mod antwoord;
pub mod files;
pub mod koppelbestand;
pub mod paging;
pub mod password;
pub mod review;
pub mod storage;
pub mod werkbestand;

use serde::{Deserialize, Serialize};
use time::Date;

use self::antwoord::Marks;
use self::files::RegisterFile;
use self::koppelbestand::KoppelTable;
use self::review::{KoppelChange, PairKey, Review};
use koppelhulp_core::Problem;
use koppelhulp_core::koppelregel::Koppelregel;

/// The version of [`Work`]'s stored form. Raise it when the form changes in a way an older app
/// cannot read.
pub const FORMAT_VERSION: u32 = 1;

/// All of the officer's work in this tab.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Work {
    /// [`FORMAT_VERSION`] when written.
    pub format_version: u32,
    pub koppelbestand: KoppelTable,
    /// The decisions on Dubbelen zoeken (stored without the found pairs and the undo steps).
    pub review: Review,
    pub marks: Marks,
    /// The opened files (metadata only; the records stay in the worker).
    pub files: Vec<RegisterFile>,
    /// The name of DUO's answer file the marks belong to (empty when none was read).
    #[serde(default)]
    pub antwoord_file: String,
}

/// Two works are equal when they are stored the same (rows as typed, decisions with their dates,
/// marks, files): row ids, undo steps and found pairs are not part of the work.
impl PartialEq for Work {
    fn eq(&self, other: &Work) -> bool {
        self.to_json() == other.to_json()
    }
}

impl Work {
    /// Nothing done yet. `today` is the user's local date.
    pub fn new(today: Date) -> Work {
        Work {
            format_version: FORMAT_VERSION,
            koppelbestand: KoppelTable::new(today),
            review: Review::new(),
            marks: Marks::new(),
            files: Vec::new(),
            antwoord_file: String::new(),
        }
    }

    /// As JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Read work stored by [`Work::to_json`]. Stored by a newer Koppelhulp, or damaged: a problem
    /// in Dutch.
    pub fn from_json(json: &str) -> Result<Work, Problem> {
        #[derive(Deserialize)]
        struct Version {
            format_version: u32,
        }
        let damaged = || {
            Problem::error(
                "De opgeslagen gegevens van dit tabblad zijn beschadigd en kunnen niet worden \
                 gelezen. Begin opnieuw of open uw bestanden opnieuw.",
            )
        };
        let version: Version = serde_json::from_str(json).map_err(|_| damaged())?;
        if version.format_version > FORMAT_VERSION {
            return Err(Problem::error(format!(
                "Deze gegevens zijn opgeslagen door een nieuwere versie van Koppelhulp (versie \
                 {}). Deze versie kan ze niet lezen. Laad de pagina opnieuw, zodat u de nieuwste \
                 versie gebruikt.",
                version.format_version
            )));
        }
        let mut work: Work = serde_json::from_str(json).map_err(|_| damaged())?;
        work.format_version = FORMAT_VERSION;
        Ok(work)
    }

    /// Apply the koppelbestand changes of a review step. `row_for` builds a pair's row from its
    /// records (the caller holds them); a pair it has no row for is skipped.
    pub fn apply(
        &mut self,
        changes: &[KoppelChange],
        row_for: impl FnMut(&PairKey) -> Option<Koppelregel>,
    ) {
        apply(&mut self.koppelbestand, changes, row_for);
    }

    /// Drop all pupil data: the rows, the decisions, the marks and the files (*Alles wissen*,
    /// automatic clear).
    pub fn clear_pupil_data(&mut self) {
        self.koppelbestand.clear();
        self.review.clear();
        self.marks.clear();
        self.files.clear();
        self.antwoord_file.clear();
    }
}

/// Apply review changes to a koppelbestand, in order, batching runs of adds and of removes (each
/// batch O(n)).
pub fn apply(
    table: &mut KoppelTable,
    changes: &[KoppelChange],
    mut row_for: impl FnMut(&PairKey) -> Option<Koppelregel>,
) {
    let mut adds: Vec<Koppelregel> = Vec::new();
    // Rows are matched as written: the numbers as text.
    let mut removes: Vec<(String, String)> = Vec::new();
    for change in changes {
        match change {
            KoppelChange::Add(key) => {
                if !removes.is_empty() {
                    table.remove_pairs(&std::mem::take(&mut removes));
                }
                adds.extend(row_for(key));
            }
            KoppelChange::Remove(key) => {
                if !adds.is_empty() {
                    table.add_pairs(std::mem::take(&mut adds));
                }
                removes.push((key.0.to_string(), key.1.to_string()));
            }
        }
    }
    if !adds.is_empty() {
        table.add_pairs(adds);
    }
    if !removes.is_empty() {
        table.remove_pairs(&removes);
    }
}

#[cfg(test)]
mod tests {
    use super::review::Verdict;
    use super::*;
    use koppelhulp_core::antwoord::Status;
    use koppelhulp_core::ids::{bsn_from_seed, onderwijsnummer_from_seed};
    use koppelhulp_core::koppelregel::calendar_date;

    fn today() -> Date {
        calendar_date(2026, 3, 1).unwrap_or(Date::MIN)
    }

    fn key(seed: u32) -> PairKey {
        (bsn_from_seed(seed), onderwijsnummer_from_seed(seed))
    }

    fn row_for(k: &PairKey) -> Option<Koppelregel> {
        Some(Koppelregel {
            bsn: k.0.to_string(),
            onderwijsnummer: k.1.to_string(),
            geboortedatum: "05-03-2012".into(),
            geslacht: "M".into(),
            ..Koppelregel::default()
        })
    }

    fn sample() -> Work {
        let mut w = Work::new(today());
        w.review
            .set_pairs([(key(1), 5.0), (key(2), 4.0), (key(3), 3.0)]);
        let changes = w.review.accept_all_above(3.5);
        w.apply(&changes, row_for);
        w.review.decide(&[key(3)], Verdict::GeenDubbel);
        w.marks.set_status(
            &Marks::key(key(1).0.as_str(), key(1).1.as_str()),
            Status::Afgehandeld,
        );
        let mut file = RegisterFile::new(
            1,
            "leerlingen.csv",
            9,
            "f8ac326ec5a689ef4331c9d3bf564ec4b0ef7127509513e82613027395afafd8",
        );
        file.sheet = "leerlingen".into();
        w.files.push(file);
        w
    }

    #[test]
    fn review_changes_reach_the_koppelbestand_and_undo_takes_them_back() {
        let mut w = sample();
        let bsns: Vec<&str> = w.koppelbestand.regels().map(|r| r.bsn.as_str()).collect();
        assert_eq!(bsns, vec![key(1).0.as_str(), key(2).0.as_str()]);
        assert!(w.koppelbestand.unsaved());
        let _ = w.review.undo();
        let changes = w.review.undo().unwrap_or_default();
        w.apply(&changes, row_for);
        assert_eq!(w.koppelbestand.counts().empty, 1);
        assert_eq!(w.koppelbestand.len(), 1);
    }

    #[test]
    fn round_trip() {
        let w = sample();
        let json = w.to_json();
        let back = Work::from_json(&json).unwrap();
        assert_eq!(back.format_version, FORMAT_VERSION);
        assert!(back.koppelbestand.regels().eq(w.koppelbestand.regels()));
        assert_eq!(back.koppelbestand.unsaved(), w.koppelbestand.unsaved());
        assert_eq!(back.review.decisions(), w.review.decisions());
        assert_eq!(back.marks, w.marks);
        assert_eq!(back.files, w.files);
        assert_eq!(back.to_json(), json);
    }

    /// Stored text → the problem's message (a fragment), or none.
    #[test]
    fn stored_versions() {
        let current = sample().to_json();
        let newer = current.replacen(
            &format!("\"format_version\":{FORMAT_VERSION}"),
            &format!("\"format_version\":{}", FORMAT_VERSION + 1),
            1,
        );
        let cases: [(&str, Option<&str>); 4] = [
            (&current, None),
            (&newer, Some("nieuwere versie van Koppelhulp (versie 2)")),
            ("{", Some("beschadigd")),
            ("{\"format_version\":1}", Some("beschadigd")),
        ];
        for (json, expected) in cases {
            match (Work::from_json(json), expected) {
                (Ok(_), None) => {}
                (Err(p), Some(fragment)) => {
                    assert!(p.message.contains(fragment), "{}", p.message);
                    assert_eq!(p.severity, koppelhulp_core::Severity::Error);
                }
                (got, _) => panic!("{json}: {:?}", got.map(|w| w.format_version)),
            }
        }
    }

    #[test]
    fn clear_pupil_data_drops_everything() {
        let mut w = sample();
        w.clear_pupil_data();
        assert_eq!(w.koppelbestand.len(), 1);
        assert!(!w.koppelbestand.unsaved());
        assert_eq!(w.review.decided(), 0);
        assert!(w.marks.is_empty() && w.files.is_empty());
    }
}
