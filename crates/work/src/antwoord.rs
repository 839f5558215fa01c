//! The officer's marks on DUO's answer: per row (known by its two numbers) a status and a note.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use koppelhulp_core::antwoord::{AnsweredRow, Mark, Status};

/// How many rows have each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MarkCounts {
    pub open: usize,
    pub afgehandeld: usize,
    pub actie_nodig: usize,
}

/// The marks, keyed like [`AnsweredRow::key`] (`"{bsn}|{onderwijsnummer}"`). A row without a mark
/// is [`Status::Open`] with no note. Stored as today (`koppelhulp.antwoord`): a JSON object from
/// key to mark, its keys sorted (so equal marks are stored the same).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Marks(HashMap<String, Mark>);

impl Serialize for Marks {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let sorted: std::collections::BTreeMap<&String, &Mark> = self.0.iter().collect();
        sorted.serialize(serializer)
    }
}

impl Marks {
    pub fn new() -> Marks {
        Marks::default()
    }

    /// The key of a row with these numbers (the same as [`AnsweredRow::key`]).
    pub fn key(bsn: &str, onderwijsnummer: &str) -> String {
        format!("{bsn}|{onderwijsnummer}")
    }

    /// The mark on a row (the default when there is none).
    pub fn get(&self, key: &str) -> Mark {
        self.0.get(key).cloned().unwrap_or_default()
    }

    /// The status of a row.
    pub fn status(&self, key: &str) -> Status {
        self.0.get(key).map_or(Status::Open, |m| m.status)
    }

    pub fn set_status(&mut self, key: &str, status: Status) {
        self.0.entry(key.to_string()).or_default().status = status;
    }

    pub fn set_note(&mut self, key: &str, note: String) {
        self.0.entry(key.to_string()).or_default().note = note;
    }

    /// How many of these rows have each status.
    pub fn counts<'a>(&self, rows: impl IntoIterator<Item = &'a AnsweredRow>) -> MarkCounts {
        let mut c = MarkCounts::default();
        for row in rows {
            match self.status(&row.key()) {
                Status::Open => c.open += 1,
                Status::Afgehandeld => c.afgehandeld += 1,
                Status::ActieNodig => c.actie_nodig += 1,
            }
        }
        c
    }

    /// Every mark, for the actielijst (`io::list_xlsx::write_actielijst`).
    pub fn as_map(&self) -> &HashMap<String, Mark> {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Drop every mark (Alles wissen, automatic clear).
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

/// Which rows of DUO's answer the screen shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerFilter {
    All,
    /// Marked *Actie nodig*.
    Action,
    /// Not looked at yet.
    Open,
    /// Marked *Afgehandeld*.
    Done,
    /// Sent, and DUO wrote nothing for it.
    NoAnswer,
    /// In DUO's file but not in the koppelbestand sent.
    NotSent,
}

impl AnswerFilter {
    /// True when what the filter leaves depends on the marks (the list follows them).
    pub fn uses_marks(self) -> bool {
        matches!(
            self,
            AnswerFilter::Action | AnswerFilter::Open | AnswerFilter::Done
        )
    }

    /// Whether the filter leaves this row.
    pub fn keeps(self, marks: &Marks, row: &AnsweredRow) -> bool {
        match self {
            AnswerFilter::All => true,
            AnswerFilter::Action => marks.status(&row.key()) == Status::ActieNodig,
            AnswerFilter::Open => marks.status(&row.key()) == Status::Open,
            AnswerFilter::Done => marks.status(&row.key()) == Status::Afgehandeld,
            AnswerFilter::NoAnswer => row.sent.is_some() && !row.has_answer(),
            AnswerFilter::NotSent => row.sent.is_none(),
        }
    }

    /// The indices of the rows the filter leaves, in order.
    pub fn apply(self, marks: &Marks, rows: &[AnsweredRow]) -> Vec<usize> {
        rows.iter()
            .enumerate()
            .filter(|(_, row)| self.keeps(marks, row))
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(n: u32, sent: Option<usize>, answer: bool) -> AnsweredRow {
        AnsweredRow {
            row: n,
            bsn: format!("99990{n:04}"),
            onderwijsnummer: format!("10100{n:04}"),
            naam: String::new(),
            sent,
            answers: if answer {
                vec![("Resultaat".into(), "Gekoppeld".into())]
            } else {
                Vec::new()
            },
            changes: Vec::new(),
        }
    }

    /// Rows: 0 sent and answered (Actie nodig), 1 sent and answered (Afgehandeld), 2 sent without
    /// an answer, 3 not sent (answered by DUO).
    #[test]
    fn filters_leave_the_rows_they_name() {
        let rows = [
            answered(2, Some(0), true),
            answered(3, Some(1), true),
            answered(4, Some(2), false),
            answered(5, None, true),
        ];
        let mut marks = Marks::new();
        marks.set_status(&rows[0].key(), Status::ActieNodig);
        marks.set_status(&rows[1].key(), Status::Afgehandeld);
        let cases = [
            (AnswerFilter::All, vec![0, 1, 2, 3]),
            (AnswerFilter::Action, vec![0]),
            (AnswerFilter::Open, vec![2, 3]),
            (AnswerFilter::Done, vec![1]),
            (AnswerFilter::NoAnswer, vec![2]),
            (AnswerFilter::NotSent, vec![3]),
        ];
        for (filter, expected) in cases {
            assert_eq!(filter.apply(&marks, &rows), expected, "{filter:?}");
        }
        assert!(AnswerFilter::Open.uses_marks() && !AnswerFilter::NotSent.uses_marks());
    }

    #[test]
    fn marks_default_open_and_stored_as_before() {
        let mut m = Marks::new();
        let key = Marks::key("999900018", "101222331");
        assert_eq!(key, "999900018|101222331");
        assert_eq!(m.status(&key), Status::Open);
        m.set_status(&key, Status::ActieNodig);
        m.set_note(&key, "Ouders bellen".into());
        assert_eq!(
            m.get(&key),
            Mark {
                status: Status::ActieNodig,
                note: "Ouders bellen".into()
            }
        );
        // The JSON the screen stored so far: an object from key to mark.
        let stored = r#"{"999900018|101222331":{"status":"ActieNodig","note":"Ouders bellen"}}"#;
        assert_eq!(serde_json::to_string(&m).unwrap_or_default(), stored);
        let old: Marks = serde_json::from_str(r#"{"a|b":{"status":"Afgehandeld"}}"#).unwrap();
        assert_eq!(old.status("a|b"), Status::Afgehandeld);
        m.clear();
        assert!(m.is_empty());
    }
}
