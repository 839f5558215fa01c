//! DUO's answer: the koppelbestand as DUO sends it back, read against the file that was sent.
//!
//! Nobody outside DUO knows in advance which columns DUO adds or how it words its answers, so
//! nothing about them is hard-coded: every column of the returned file that was not in the sent
//! layout is DUO's, and so is every cell DUO changed in a known column (a corrected number, text in
//! *Opmerking Gemeente/Regio*). Rows are matched on the numbers (both, else the BSN, else the
//! onderwijsnummer), in any order.

use serde::{Deserialize, Serialize};

use super::ids::{Bsn, Onderwijsnummer};
use super::import::columns::header_key;
use super::import::values::cell_text;
use super::koci_name::{BROWSER_COUNTER, KociFileName};
use super::koppelregel::{Field, Koppelregel, format_date, parse_date};
use super::organisation::Organisation;
use super::problem::Problem;
use super::problem::Severity;
use super::table::{RawCell, RawSheet};
use super::text::is_space;
use super::verzendlog::{LogEntry, Verzendlog};

/// One row of DUO's answer, read against the sent file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnsweredRow {
    /// The row in the returned file, 1-based.
    pub row: u32,
    /// The numbers as DUO returned them (9 digits when valid, else as written).
    pub bsn: String,
    pub onderwijsnummer: String,
    /// A name to recognise the pupil by ("Piet van der Berg").
    pub naam: String,
    /// The sent row this is (index into the sent rows), if any.
    pub sent: Option<usize>,
    /// DUO's own columns that are filled: (header, text as written).
    pub answers: Vec<(String, String)>,
    /// Known columns whose value DUO changed.
    pub changes: Vec<Change>,
}

impl AnsweredRow {
    /// True when DUO wrote something for this row.
    pub fn has_answer(&self) -> bool {
        !self.answers.is_empty() || !self.changes.is_empty()
    }

    /// The key a user's mark is kept under: the two numbers.
    pub fn key(&self) -> String {
        format!("{}|{}", self.bsn, self.onderwijsnummer)
    }
}

/// How the officer marked a row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    #[default]
    Open,
    Afgehandeld,
    ActieNodig,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Open, Status::Afgehandeld, Status::ActieNodig];

    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Nog niet bekeken",
            Status::Afgehandeld => "Afgehandeld",
            Status::ActieNodig => "Actie nodig",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Afgehandeld => "afgehandeld",
            Status::ActieNodig => "actie",
        }
    }

    pub fn from_key(key: &str) -> Status {
        Status::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or_default()
    }
}

/// The officer's mark on a row: a status and a note (kept per row key in the tab's memory and in a work file).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub status: Status,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub column: String,
    pub sent: String,
    pub returned: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Rows of the answer with at least one answer or change.
    pub answered: usize,
    /// Rows of the answer that match a sent row but carry nothing new.
    pub without_answer: usize,
    /// Sent rows that are not in the answer at all.
    pub missing: usize,
    /// Rows in the answer that were not sent.
    pub not_sent: usize,
    /// Rows where DUO changed a known value.
    pub changed: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// DUO's columns (not in the sent layout), in file order.
    pub answer_columns: Vec<String>,
    pub rows: Vec<AnsweredRow>,
    /// Sent rows (indices) that do not come back in the answer.
    pub missing: Vec<usize>,
    pub counts: Counts,
}

/// Check the returned file's name against DUO's rule (a browser's ` (1)` is tolerated and said),
/// the verzendlog and the active organisation. Warnings only: the file can be read anyway.
pub fn check_name(
    file_name: &str,
    log: &Verzendlog,
    active: Option<&Organisation>,
) -> Vec<Problem> {
    let (parsed, mut problems) = KociFileName::parse(file_name);
    for p in &mut problems {
        if p.message.starts_with(BROWSER_COUNTER) {
            // This file came from DUO: the counter only says it was downloaded twice.
            *p = Problem::notice(
                "Uw browser heeft een nummer zoals ' (1)' aan de naam toegevoegd, omdat er al een \
                 bestand met die naam was. Voor het lezen van het antwoord maakt dat niet uit.",
            );
        } else if p.severity == Severity::Error {
            p.severity = Severity::Warning;
        }
    }
    let Some(name) = parsed else {
        return problems;
    };
    let same = |entry: &LogEntry| {
        KociFileName::parse(&entry.file_name)
            .0
            .is_some_and(|sent| sent.date() == name.date() && sent.file_code() == name.file_code())
    };
    match (log.entries.iter().rev().find(|e| same(e)), log.latest()) {
        (Some(entry), _) => problems.push(Problem::notice(format!(
            "Dit is het antwoord op {}, gemaakt op {}.",
            entry.file_name, entry.made_at
        ))),
        (None, Some(latest)) => problems.push(Problem::warning(format!(
            "Dit bestand ({}) staat niet in uw verzendoverzicht. Het laatst gemaakte koppelbestand is {}: \
             de datum of de code verschilt. Is dit het goede antwoord?",
            name, latest.file_name
        ))),
        (None, None) => problems.push(Problem::notice(
            "Uw verzendoverzicht is leeg in deze browser, dus Koppelhulp kan niet nagaan welk bestand \
             u hebt verstuurd.",
        )),
    }
    if let Some(org) = active
        && org.file_code() != name.file_code()
    {
        problems.push(Problem::warning(format!(
            "De code in de naam ({}) is niet die van uw organisatie in Instellingen ({}).",
            name.file_code(),
            org.file_code()
        )));
    }
    problems
}

/// The header row: the first (of 50) with at least two known koppelbestand columns.
fn find_header(sheet: &RawSheet) -> Option<(usize, Vec<String>)> {
    sheet.rows.iter().take(50).enumerate().find_map(|(i, row)| {
        let texts: Vec<String> = row
            .iter()
            .map(|c| cell_text(c).trim_matches(is_space).to_string())
            .collect();
        let known = texts
            .iter()
            .filter(|t| Field::from_header(t).is_some())
            .count();
        (known >= 2).then_some((i, texts))
    })
}

/// A cell as DUO's file shows it: dates as `dd-mm-jjjj`, whole numbers without `.0`.
fn shown(cell: &RawCell, date_1904: bool) -> String {
    match cell {
        RawCell::Date(serial) => super::import::values::from_serial(*serial, date_1904)
            .map_or_else(|| cell_text(cell).into_owned(), format_date),
        RawCell::DateIso(t) => {
            parse_date(t.get(..10).unwrap_or(t)).map_or_else(|_| t.clone(), format_date)
        }
        other => cell_text(other).trim_matches(is_space).to_string(),
    }
}

/// A value in a form that compares equal when only the writing differs (leading zeros, date
/// formats, case, spaces).
fn normal(field: Field, text: &str) -> String {
    let t = text.trim_matches(is_space);
    match field {
        Field::Bsn => Bsn::parse(t).map_or_else(|_| t.to_string(), |b| b.to_string()),
        Field::Onderwijsnummer => {
            Onderwijsnummer::parse(t).map_or_else(|_| t.to_string(), |o| o.to_string())
        }
        Field::Geboortedatum => parse_date(t).map_or_else(|_| t.to_string(), format_date),
        _ => t
            .split(is_space)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    }
}

/// Read DUO's returned file (as a sheet) against the rows that were sent and the headers they were
/// sent under. An error when the file is not a koppelbestand.
pub fn reconcile(
    sent: &[Koppelregel],
    sent_headers: &[String],
    answer: &RawSheet,
) -> Result<Reconciliation, Problem> {
    let Some((header_row, headers)) = find_header(answer) else {
        return Err(Problem::error(
            "Dit is geen antwoord van DUO op een koppelbestand: Koppelhulp vindt geen kolommen als \
             BSN, Onderwijsnummer en Geboortedatum. Kies het bestand dat DUO in Mijn DUO heeft \
             teruggezet (…koci.xls of …koci.xlsx).",
        ));
    };
    let sent_keys: Vec<String> = sent_headers.iter().map(|h| header_key(h)).collect();
    // Per column: a known field (first occurrence), or DUO's own column.
    let mut fields: Vec<Option<Field>> = Vec::with_capacity(headers.len());
    let mut answer_columns = Vec::new();
    for (col, h) in headers.iter().enumerate() {
        let field = Field::from_header(h).filter(|f| !fields.contains(&Some(*f)));
        let was_sent = sent_keys.contains(&header_key(h));
        if field.is_some() && was_sent {
            fields.push(field);
        } else {
            fields.push(None);
            if !h.is_empty()
                || answer
                    .rows
                    .iter()
                    .skip(header_row + 1)
                    .any(|r| r.get(col).is_some_and(|c| !c.is_blank()))
            {
                answer_columns.push((
                    col,
                    if h.is_empty() {
                        format!("Kolom {}", col + 1)
                    } else {
                        h.clone()
                    },
                ));
            }
        }
    }
    let col_of = |f: Field| fields.iter().position(|x| *x == Some(f));
    let (bsn_col, own_col) = (col_of(Field::Bsn), col_of(Field::Onderwijsnummer));
    if bsn_col.is_none() && own_col.is_none() {
        return Err(Problem::error(
            "In dit bestand staat geen kolom BSN of Onderwijsnummer zoals in het verzonden bestand. \
             Is dit het antwoord op uw koppelbestand?",
        ));
    }

    let sent_numbers: Vec<(String, String)> = sent
        .iter()
        .map(|r| {
            (
                normal(Field::Bsn, &r.bsn),
                normal(Field::Onderwijsnummer, &r.onderwijsnummer),
            )
        })
        .collect();
    let mut used = vec![false; sent.len()];
    let mut out = Reconciliation {
        answer_columns: answer_columns.iter().map(|(_, h)| h.clone()).collect(),
        ..Reconciliation::default()
    };
    for (i, cells) in answer.rows.iter().enumerate().skip(header_row + 1) {
        if crate::table::is_blank_row(cells) {
            continue;
        }
        let get = |col: Option<usize>| {
            col.and_then(|c| cells.get(c))
                .map(|c| shown(c, answer.date_1904))
                .unwrap_or_default()
        };
        let bsn = normal(Field::Bsn, &get(bsn_col));
        let own = normal(Field::Onderwijsnummer, &get(own_col));
        let free = |j: &usize| used.get(*j).is_some_and(|u| !u);
        let find = |pred: &dyn Fn(&(String, String)) -> bool| {
            (0..sent.len())
                .filter(free)
                .find(|&j| sent_numbers.get(j).is_some_and(pred))
        };
        let matched = find(&|(b, o)| *b == bsn && *o == own)
            .or_else(|| find(&|(b, _)| !bsn.is_empty() && *b == bsn))
            .or_else(|| find(&|(_, o)| !own.is_empty() && *o == own));
        if let Some(u) = matched.and_then(|j| used.get_mut(j)) {
            *u = true;
        }
        let mut changes = Vec::new();
        if let Some(row) = matched.and_then(|j| sent.get(j)) {
            for (col, field) in fields.iter().enumerate() {
                let Some(field) = field else { continue };
                let returned = get(Some(col));
                let before = row.get(*field).trim_matches(is_space).to_string();
                if normal(*field, &returned) != normal(*field, &before) {
                    changes.push(Change {
                        column: headers.get(col).cloned().unwrap_or_default(),
                        sent: before,
                        returned,
                    });
                }
            }
        }
        let answers = answer_columns
            .iter()
            .filter_map(|(col, h)| {
                let text = cells
                    .get(*col)
                    .map(|c| shown(c, answer.date_1904))
                    .unwrap_or_default();
                (!text.is_empty()).then(|| (h.clone(), text))
            })
            .collect();
        let naam = [
            get(col_of(Field::Voornamen)),
            get(col_of(Field::Voorvoegsel)),
            get(col_of(Field::Achternaam)),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
        out.rows.push(AnsweredRow {
            row: i as u32 + 1,
            bsn,
            onderwijsnummer: own,
            naam,
            sent: matched,
            answers,
            changes,
        });
    }
    out.missing = (0..sent.len())
        .filter(|j| used.get(*j).is_some_and(|u| !u))
        .collect();
    let c = &mut out.counts;
    for r in &out.rows {
        match (r.sent.is_some(), r.has_answer()) {
            (false, _) => c.not_sent += 1,
            (true, true) => c.answered += 1,
            (true, false) => c.without_answer += 1,
        }
        if !r.changes.is_empty() {
            c.changed += 1;
        }
    }
    c.missing = out.missing.len();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{bsn_from_seed, onderwijsnummer_from_seed};

    fn t(s: &str) -> RawCell {
        if s.is_empty() {
            RawCell::Empty
        } else {
            RawCell::Text(s.into())
        }
    }

    fn sent() -> Vec<Koppelregel> {
        (0..3)
            .map(|i| Koppelregel {
                bsn: bsn_from_seed(i).to_string(),
                onderwijsnummer: onderwijsnummer_from_seed(i).to_string(),
                achternaam: format!("Kind{i}"),
                geboortedatum: format!("0{}-03-2012", i + 1),
                geslacht: "M".into(),
                ..Koppelregel::default()
            })
            .collect()
    }

    fn headers() -> Vec<String> {
        Field::ALL.iter().map(|f| f.label().to_string()).collect()
    }

    fn row(r: &Koppelregel, extra: &[&str]) -> Vec<RawCell> {
        let mut cells: Vec<RawCell> = Field::ALL.iter().map(|f| t(r.get(*f))).collect();
        cells.extend(extra.iter().map(|e| t(e)));
        cells
    }

    #[test]
    fn answers_in_extra_columns_reordered_rows_changes_and_missing_rows() {
        let s = sent();
        let mut header: Vec<RawCell> = headers().iter().map(|h| t(h)).collect();
        header.push(t("Resultaat DUO"));
        let mut changed = s[0].clone();
        changed.geboortedatum = "01-04-2012".into();
        let stranger = Koppelregel {
            bsn: bsn_from_seed(7).to_string(),
            ..Koppelregel::default()
        };
        let answered = row(&s[2], &["Gekoppeld"]);
        let sheet = RawSheet {
            name: "Koppelen gegevens".into(),
            rows: vec![
                header,
                answered,
                row(&changed, &["Niet gekoppeld: geboortedatum wijkt af"]),
                vec![],
                row(&stranger, &[]),
            ],
            date_1904: false,
        };
        let r = reconcile(&s, &headers(), &sheet).unwrap();
        assert_eq!(r.answer_columns, ["Resultaat DUO"]);
        assert_eq!(r.rows.len(), 3);
        assert_eq!((r.rows[0].row, r.rows[0].sent), (2, Some(2)));
        assert_eq!(
            r.rows[0].answers,
            [("Resultaat DUO".to_string(), "Gekoppeld".to_string())]
        );
        assert!(r.rows[0].changes.is_empty());
        assert_eq!(r.rows[1].sent, Some(0));
        assert_eq!(
            r.rows[1].changes,
            [Change {
                column: "Geboortedatum".into(),
                sent: "01-03-2012".into(),
                returned: "01-04-2012".into()
            }]
        );
        assert_eq!(r.rows[2].sent, None);
        assert_eq!(r.missing, [1]);
        assert_eq!(
            r.counts,
            Counts {
                answered: 2,
                without_answer: 0,
                missing: 1,
                not_sent: 1,
                changed: 1
            }
        );
    }

    #[test]
    fn a_corrected_number_still_matches_on_the_other_number() {
        let s = sent();
        let mut fixed = s[1].clone();
        fixed.bsn = bsn_from_seed(9).to_string();
        fixed.opmerking = "BSN gecorrigeerd".into();
        let sheet = RawSheet {
            name: "x".into(),
            rows: vec![headers().iter().map(|h| t(h)).collect(), row(&fixed, &[])],
            date_1904: false,
        };
        let r = reconcile(&s, &headers(), &sheet).unwrap();
        assert_eq!(r.rows[0].sent, Some(1));
        let columns: Vec<&str> = r.rows[0]
            .changes
            .iter()
            .map(|c| c.column.as_str())
            .collect();
        assert_eq!(columns, ["BSN", "Opmerking Gemeente/Regio"]);
        assert_eq!(r.counts.answered, 1);
        assert_eq!(r.missing, [0, 2]);
    }

    #[test]
    fn numbers_that_lost_a_zero_and_dates_as_serials_are_not_changes() {
        let s = vec![Koppelregel {
            bsn: "012345672".into(),
            geboortedatum: "12-03-2010".into(),
            ..Koppelregel::default()
        }];
        let sheet = RawSheet {
            name: "x".into(),
            rows: vec![
                vec![t("BSN"), t("Geboortedatum")],
                vec![RawCell::Number(12345672.0), RawCell::Date(40249.0)],
            ],
            date_1904: false,
        };
        let r = reconcile(&s, &["BSN".into(), "Geboortedatum".into()], &sheet).unwrap();
        assert!(r.rows[0].changes.is_empty());
        assert_eq!(r.counts.without_answer, 1);
    }

    #[test]
    fn the_name_is_checked_against_the_log_and_the_organisation() {
        use crate::organisation::{OrgKind, Organisation};
        let log = Verzendlog::from_json(
            r#"{"entries":[{"file_name":"20261128G0363.koci.xlsx","made_at":"28-11-2026 10:00","rows":3,"koppelingen":3,"vragen":0}]}"#,
        );
        let amsterdam = Organisation {
            kind: OrgKind::Gemeente,
            code: "0363".into(),
        };
        let utrecht = Organisation {
            kind: OrgKind::Gemeente,
            code: "0344".into(),
        };
        let messages = |name: &str, org: &Organisation| -> Vec<(Severity, String)> {
            check_name(name, &log, Some(org))
                .into_iter()
                .map(|p| (p.severity, p.message))
                .collect()
        };
        let ok = messages("20261128G0363 (1).koci.xls", &amsterdam);
        assert!(
            ok.iter().any(|(s, m)| *s == Severity::Notice
                && m.contains("het antwoord op 20261128G0363.koci.xlsx")),
            "{ok:?}"
        );
        // The counter is said, but not as something to rename: this file came from DUO.
        assert!(
            ok.iter().any(|(s, m)| *s == Severity::Notice
                && m.contains("(1)")
                && m.contains("maakt dat niet uit")),
            "{ok:?}"
        );
        assert!(
            !ok.iter().any(|(_, m)| m.contains("Mijn DUO zet")),
            "{ok:?}"
        );
        let other_day = messages("20261127G0363.koci.xlsx", &amsterdam);
        assert!(
            other_day
                .iter()
                .any(|(s, m)| *s == Severity::Warning && m.contains("niet in uw verzendoverzicht"))
        );
        let other_org = messages("20261128G0363.koci.xlsx", &utrecht);
        assert!(
            other_org
                .iter()
                .any(|(_, m)| m.contains("niet die van uw organisatie"))
        );
        assert!(
            check_name("antwoord.xlsx", &log, None)
                .iter()
                .all(|p| p.severity != Severity::Error)
        );
    }

    #[test]
    fn another_kind_of_file_is_refused() {
        let sheet = RawSheet {
            name: "x".into(),
            rows: vec![vec![t("Product"), t("Prijs")], vec![t("Appel"), t("1")]],
            date_1904: false,
        };
        assert!(
            reconcile(&sent(), &headers(), &sheet)
                .unwrap_err()
                .message
                .contains("geen antwoord van DUO")
        );
    }
}
