//! The rows of the koppelbestand, as the user types them, and their checks.
//!
//! A row is a *koppeling* (link) when its Opmerking is empty: it needs a valid BSN and a valid
//! onderwijsnummer. A row with an Opmerking is a *vraag* (question): it needs a valid number, or
//! else a name and a birth date (DUO finds a pupil without a number by naam, geboortedatum,
//! geslacht and adres; a question without a number is then a warning). DUO identifies a pupil by
//! number + geboortedatum + geslacht, so a missing birth date or geslacht is a warning. Geslacht
//! is written with the BRP's codes M, V and O only. Errors block the download; warnings do not.
//!
//! Dates use the `time` crate's [`Date`] (no clock, no formatting features): it validates calendar
//! dates and compares them, which is all that is needed here. "Today" always comes from the caller.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

pub use super::date::{age_on, calendar_date, format_date, parse_date};
use super::ids::{Bsn, Onderwijsnummer};
use super::problem::{Problem, Severity};
use super::text::{clean_text, fold, is_blank, is_space};

/// One row as typed: raw text, because the UI edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Koppelregel {
    pub bsn: String,
    pub onderwijsnummer: String,
    pub achternaam: String,
    pub voorvoegsel: String,
    pub voornamen: String,
    /// As typed: `dd-mm-jjjj`, `d-m-jjjj`, `dd/mm/jjjj` or `jjjj-mm-dd`.
    pub geboortedatum: String,
    pub geslacht: String,
    /// The column "Opmerking Gemeente/Regio": a question for DUO.
    pub opmerking: String,
}

/// The fields of a row, in the default column order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    Bsn,
    Onderwijsnummer,
    Achternaam,
    Voorvoegsel,
    Voornamen,
    Geboortedatum,
    Geslacht,
    Opmerking,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Bsn,
        Field::Onderwijsnummer,
        Field::Achternaam,
        Field::Voorvoegsel,
        Field::Voornamen,
        Field::Geboortedatum,
        Field::Geslacht,
        Field::Opmerking,
    ];

    /// The column header in the default layout.
    pub fn label(self) -> &'static str {
        match self {
            Field::Bsn => "BSN",
            Field::Onderwijsnummer => "Onderwijsnummer",
            Field::Achternaam => "Achternaam",
            Field::Voorvoegsel => "Voorvoegsel",
            Field::Voornamen => "Voornamen",
            Field::Geboortedatum => "Geboortedatum",
            Field::Geslacht => "Geslacht",
            Field::Opmerking => "Opmerking Gemeente/Regio",
        }
    }

    /// Recognise a column header from DUO's template, a returned koci file or the user's own
    /// spreadsheet. Case, spaces, punctuation and diacritics do not count: `Geb. datum`,
    /// `GEB.DATUM` and `geb datum` are all [`Field::Geboortedatum`]. `None` for any other header.
    pub fn from_header(header: &str) -> Option<Field> {
        let key: String = fold(header).chars().filter(|c| *c != ' ').collect();
        let field = match key.as_str() {
            "bsn" | "burgerservicenummer" | "sofinummer" | "bsnleerling" => Field::Bsn,
            "onderwijsnummer" | "own" | "onderwijsnummerleerling" => Field::Onderwijsnummer,
            "achternaam" | "geslachtsnaam" | "naam" | "naamachternaam" => Field::Achternaam,
            "voorvoegsel" | "voorvoegsels" | "tussenvoegsel" | "tussenvoegsels" => {
                Field::Voorvoegsel
            }
            "voornamen" | "voornaam" | "roepnaam" => Field::Voornamen,
            "geboortedatum" | "gebdatum" => Field::Geboortedatum,
            "geslacht" => Field::Geslacht,
            "opmerkinggemeenteregio" | "opmerkinggemeente" | "opmerking" | "vraag" => {
                Field::Opmerking
            }
            _ => return None,
        };
        Some(field)
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl Koppelregel {
    /// The raw text of one field.
    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::Bsn => &self.bsn,
            Field::Onderwijsnummer => &self.onderwijsnummer,
            Field::Achternaam => &self.achternaam,
            Field::Voorvoegsel => &self.voorvoegsel,
            Field::Voornamen => &self.voornamen,
            Field::Geboortedatum => &self.geboortedatum,
            Field::Geslacht => &self.geslacht,
            Field::Opmerking => &self.opmerking,
        }
    }

    /// The raw text of one field, to edit.
    pub fn get_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::Bsn => &mut self.bsn,
            Field::Onderwijsnummer => &mut self.onderwijsnummer,
            Field::Achternaam => &mut self.achternaam,
            Field::Voorvoegsel => &mut self.voorvoegsel,
            Field::Voornamen => &mut self.voornamen,
            Field::Geboortedatum => &mut self.geboortedatum,
            Field::Geslacht => &mut self.geslacht,
            Field::Opmerking => &mut self.opmerking,
        }
    }

    /// True when every field is empty or white space: such a row is ignored.
    pub fn is_empty(&self) -> bool {
        Field::ALL.iter().all(|&f| is_blank(self.get(f)))
    }

    /// True when the row asks DUO a question (Opmerking filled in).
    pub fn is_question(&self) -> bool {
        !is_blank(&self.opmerking)
    }
}

/// Geslacht with the BRP's codes: M, V and O (onbekend). Nothing on DUO's page supports another
/// code, so an `X` that a register or the officer uses is read as [`Geslacht::Onbekend`] with a
/// warning (see [`check_row`]), and written as `O`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Geslacht {
    Man,
    Vrouw,
    Onbekend,
}

/// The warning for an `X` in the Geslacht column.
pub const GESLACHT_X: &str = "X is geen code van de BRP. Koppelhulp zet O (onbekend) in het \
     bestand. Weet u het geslacht volgens de BRP? Vul dan M of V in.";

impl Geslacht {
    /// `M`, `V` or `O`.
    pub fn code(self) -> &'static str {
        match self {
            Geslacht::Man => "M",
            Geslacht::Vrouw => "V",
            Geslacht::Onbekend => "O",
        }
    }

    /// Read `M`, `V`, `O` (any case) or a word: man, vrouw, jongen, meisje, onbekend. `X` is read
    /// as onbekend; [`check_row`] warns about it.
    pub fn parse(input: &str) -> Result<Geslacht, Problem> {
        let lower = input.trim_matches(is_space).to_lowercase();
        match lower.as_str() {
            "m" | "man" | "jongen" | "mannelijk" => Ok(Geslacht::Man),
            "v" | "vrouw" | "meisje" | "vrouwelijk" => Ok(Geslacht::Vrouw),
            "o" | "onbekend" | "x" => Ok(Geslacht::Onbekend),
            "" => Err(Problem::error("Vul het geslacht in: M, V of O.")),
            _ => Err(Problem::error(
                "Vul bij geslacht M, V of O in (M = man, V = vrouw, O = onbekend).",
            )),
        }
    }
}

/// A row ready to write: numbers, date and geslacht read, text trimmed. A field that is empty or
/// could not be read is `None` (or an empty string). Serde: the page sends these to the worker to
/// be written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormalisedRow {
    pub bsn: Option<Bsn>,
    pub onderwijsnummer: Option<Onderwijsnummer>,
    pub achternaam: String,
    pub voorvoegsel: String,
    pub voornamen: String,
    pub geboortedatum: Option<Date>,
    pub geslacht: Option<Geslacht>,
    pub opmerking: String,
}

/// How a row stands. Notices do not count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowStatus {
    /// Every field empty: ignored, not written.
    Empty,
    /// No problems.
    Ready,
    /// Warnings only: can be written.
    Warnings,
    /// At least one error: blocks the download.
    Errors,
}

/// The findings for one row, per field, so the UI can show each next to its cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowCheck {
    /// Index into the rows given to [`check_rows`]; messages call it "regel {index + 1}".
    pub index: usize,
    pub status: RowStatus,
    pub normalised: NormalisedRow,
    cells: [Vec<Problem>; 8],
}

impl RowCheck {
    /// The problems of one cell, errors first.
    pub fn problems(&self, field: Field) -> &[Problem] {
        self.cells.get(field.index()).map_or(&[], Vec::as_slice)
    }

    /// Every problem of the row, in column order.
    pub fn all_problems(&self) -> impl Iterator<Item = (Field, &Problem)> {
        Field::ALL
            .into_iter()
            .flat_map(move |f| self.problems(f).iter().map(move |p| (f, p)))
    }

    fn push(&mut self, field: Field, problem: Problem) {
        if let Some(cell) = self.cells.get_mut(field.index()) {
            cell.push(problem);
        }
    }

    fn has(&self, severity: Severity) -> bool {
        self.all_problems().any(|(_, p)| p.severity == severity)
    }
}

/// A problem between rows (the same koppeling twice, one number linked to two others). The same
/// finding is also on the cells of each row involved, so it shows inline too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrossRowProblem {
    /// Indices of the rows involved, ascending.
    pub rows: Vec<usize>,
    /// The cell it is shown on in those rows.
    pub field: Field,
    pub problem: Problem,
}

/// How many rows are in each state. `ready`, `with_warnings` and `with_errors` do not overlap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowCounts {
    pub ready: usize,
    pub with_warnings: usize,
    pub with_errors: usize,
    pub empty: usize,
}

/// The outcome of [`check_rows`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowReport {
    /// One per input row, same order, empty rows included (status [`RowStatus::Empty`]).
    pub rows: Vec<RowCheck>,
    pub cross_row: Vec<CrossRowProblem>,
    pub counts: RowCounts,
}

impl RowReport {
    /// True when the file may be written: no errors, and at least one row that is not empty.
    pub fn can_download(&self) -> bool {
        self.counts.with_errors == 0 && self.counts.ready + self.counts.with_warnings > 0
    }

    /// The rows to write, in order: every row that is not empty.
    pub fn rows_to_write(&self) -> impl Iterator<Item = &NormalisedRow> {
        self.rows
            .iter()
            .filter(|r| r.status != RowStatus::Empty)
            .map(|r| &r.normalised)
    }

    /// Every problem with its row index and field, row by row: for an error summary.
    pub fn problems(&self) -> impl Iterator<Item = (usize, Field, &Problem)> {
        self.rows
            .iter()
            .flat_map(|r| r.all_problems().map(move |(f, p)| (r.index, f, p)))
    }
}

/// Check every row and the rows against each other. `today` is the user's local date.
///
/// This is the reference: `work::koppelbestand::KoppelTable` keeps the same result up to date
/// row by row (built from [`check_row`], [`RowCheck::add_cross_problem`] and [`CrossRule`]).
pub fn check_rows(rows: &[Koppelregel], today: Date) -> RowReport {
    let mut checks: Vec<RowCheck> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| check_row(i, row, today))
        .collect();
    let (cross_row, inline) = cross_row_problems(&checks);
    for (i, field, problem) in inline {
        if let Some(check) = checks.get_mut(i) {
            check.add_cross_problem(field, problem);
        }
    }
    let mut counts = RowCounts::default();
    for check in &checks {
        counts.add(check.status);
    }
    RowReport {
        rows: checks,
        cross_row,
        counts,
    }
}

impl RowCounts {
    /// Count one more row in `status`.
    pub fn add(&mut self, status: RowStatus) {
        *self.slot(status) += 1;
    }

    /// Count one row less in `status` (never below zero).
    pub fn remove(&mut self, status: RowStatus) {
        let n = self.slot(status);
        *n = n.saturating_sub(1);
    }

    fn slot(&mut self, status: RowStatus) -> &mut usize {
        match status {
            RowStatus::Empty => &mut self.empty,
            RowStatus::Ready => &mut self.ready,
            RowStatus::Warnings => &mut self.with_warnings,
            RowStatus::Errors => &mut self.with_errors,
        }
    }
}

impl RowCheck {
    /// Add a finding between rows (from a [`CrossRule`]) to a cell: the cell stays sorted errors
    /// first, and the status follows. The same as [`check_rows`] does for each row involved.
    pub fn add_cross_problem(&mut self, field: Field, problem: Problem) {
        self.push(field, problem);
        self.settle();
    }

    /// Sort each cell (errors first, otherwise in the order found) and set the status from the
    /// problems. An empty row stays [`RowStatus::Empty`].
    fn settle(&mut self) {
        for cell in &mut self.cells {
            cell.sort_by_key(|p| p.severity);
        }
        if self.status != RowStatus::Empty {
            self.status = if self.has(Severity::Error) {
                RowStatus::Errors
            } else if self.has(Severity::Warning) {
                RowStatus::Warnings
            } else {
                RowStatus::Ready
            };
        }
    }
}

/// The checks of one row on its own (no rule between rows): cells sorted errors first, status
/// set. `index` is the row's place (messages call it "regel {index + 1}").
pub fn check_row(index: usize, row: &Koppelregel, today: Date) -> RowCheck {
    let mut check = RowCheck {
        index,
        status: RowStatus::Ready,
        normalised: NormalisedRow::default(),
        cells: Default::default(),
    };
    if row.is_empty() {
        check.status = RowStatus::Empty;
        return check;
    }
    check.normalised.bsn = read_cell(&mut check, Field::Bsn, &row.bsn, Bsn::parse);
    check.normalised.onderwijsnummer = read_cell(
        &mut check,
        Field::Onderwijsnummer,
        &row.onderwijsnummer,
        Onderwijsnummer::parse,
    );
    check_numbers_present(&mut check, row);
    check.normalised.geboortedatum = check_birth_date(&mut check, &row.geboortedatum, today);
    check.normalised.geslacht = check_geslacht(&mut check, &row.geslacht);
    check.normalised.achternaam = clean_text(&row.achternaam);
    check.normalised.voorvoegsel = clean_text(&row.voorvoegsel);
    check.normalised.voornamen = clean_text(&row.voornamen);
    check.normalised.opmerking = row.opmerking.trim_matches(is_space).to_string();
    check.settle();
    check
}

/// Read a non-empty cell with `parse`; its error goes on the cell. An empty cell gives `None`
/// without a problem (whether it may be empty depends on the row).
fn read_cell<T>(
    check: &mut RowCheck,
    field: Field,
    raw: &str,
    parse: impl Fn(&str) -> Result<T, Problem>,
) -> Option<T> {
    if is_blank(raw) {
        return None;
    }
    match parse(raw) {
        Ok(value) => Some(value),
        Err(problem) => {
            check.push(field, problem);
            None
        }
    }
}

/// A koppeling needs both numbers; a vraag one number, or a name and a birth date.
fn check_numbers_present(check: &mut RowCheck, row: &Koppelregel) {
    let no_bsn = is_blank(&row.bsn);
    let no_own = is_blank(&row.onderwijsnummer);
    if row.is_question() {
        if no_bsn && no_own {
            let named = !is_blank(&row.achternaam) && !is_blank(&row.geboortedatum);
            check.push(
                Field::Bsn,
                if named {
                    Problem::warning(
                        "Er staat geen BSN of onderwijsnummer in deze regel. DUO zoekt de leerling \
                         dan op naam, geboortedatum, geslacht en adres. Vul een nummer in als u \
                         het hebt.",
                    )
                } else {
                    Problem::error(
                        "Vul het BSN of het onderwijsnummer in, of de achternaam en de \
                         geboortedatum, zodat DUO weet over welke leerling uw vraag gaat.",
                    )
                },
            );
        }
        return;
    }
    if no_bsn {
        check.push(
            Field::Bsn,
            Problem::error(
                "Vul het BSN in. Voor een koppeling zijn het BSN en het onderwijsnummer allebei \
                 nodig. Hebt u een vraag? Zet die dan bij Opmerking.",
            ),
        );
    }
    if no_own {
        check.push(
            Field::Onderwijsnummer,
            Problem::error(
                "Vul het onderwijsnummer in. Voor een koppeling zijn het BSN en het \
                 onderwijsnummer allebei nodig. Hebt u een vraag? Zet die dan bij Opmerking.",
            ),
        );
    }
}

const IDENTIFIES: &str =
    "DUO herkent een leerling aan het nummer samen met de geboortedatum en het geslacht.";

fn check_birth_date(check: &mut RowCheck, raw: &str, today: Date) -> Option<Date> {
    if is_blank(raw) {
        check.push(
            Field::Geboortedatum,
            Problem::warning(format!("Vul de geboortedatum in. {IDENTIFIES}")),
        );
        return None;
    }
    let date = read_cell(check, Field::Geboortedatum, raw, parse_date)?;
    let warning = if date > today {
        Some("Deze geboortedatum ligt in de toekomst. Klopt de datum?")
    } else {
        match age_on(date, today) {
            age if age < 2 => {
                Some("Volgens deze geboortedatum is de leerling jonger dan 2 jaar. Klopt de datum?")
            }
            age if age > 30 => {
                Some("Volgens deze geboortedatum is de leerling ouder dan 30 jaar. Klopt de datum?")
            }
            _ => None,
        }
    };
    if let Some(message) = warning {
        check.push(Field::Geboortedatum, Problem::warning(message));
    }
    Some(date)
}

fn check_geslacht(check: &mut RowCheck, raw: &str) -> Option<Geslacht> {
    if is_blank(raw) {
        check.push(
            Field::Geslacht,
            Problem::warning(format!("Vul het geslacht in: M, V of O. {IDENTIFIES}")),
        );
        return None;
    }
    if raw.trim_matches(is_space).eq_ignore_ascii_case("x") {
        check.push(Field::Geslacht, Problem::warning(GESLACHT_X));
    }
    read_cell(check, Field::Geslacht, raw, Geslacht::parse)
}

// ---- Across rows ----------------------------------------------------------------------------

/// The rules between rows. Only rows with both numbers valid take part; a row is in at most one
/// group per rule (its pair, its BSN, its onderwijsnummer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CrossRule {
    /// The same koppeling (BSN and onderwijsnummer) in more than one row.
    SamePair,
    /// One BSN with different onderwijsnummers.
    OneBsnTwoOnderwijsnummers,
    /// One onderwijsnummer with different BSNs.
    OneOnderwijsnummerTwoBsns,
}

impl CrossRule {
    /// In the order [`check_rows`] adds their messages to a row's cells.
    pub const ALL: [CrossRule; 3] = [
        CrossRule::SamePair,
        CrossRule::OneBsnTwoOnderwijsnummers,
        CrossRule::OneOnderwijsnummerTwoBsns,
    ];

    /// The cell the finding is shown on.
    pub fn field(self) -> Field {
        match self {
            CrossRule::SamePair | CrossRule::OneOnderwijsnummerTwoBsns => Field::Bsn,
            CrossRule::OneBsnTwoOnderwijsnummers => Field::Onderwijsnummer,
        }
    }

    /// The message on one row's cell. `others`: indices (ascending) of the rows it clashes with —
    /// for [`CrossRule::SamePair`] the other rows with the same pair, for the other rules the rows
    /// of the group whose other number differs from this row's.
    pub fn inline_problem(self, others: &[usize]) -> Problem {
        let rows = row_list(others);
        Problem::error(match self {
            CrossRule::SamePair => {
                format!("Deze koppeling staat ook in {rows}. Verwijder de dubbele regel.")
            }
            CrossRule::OneBsnTwoOnderwijsnummers => format!(
                "Dit BSN staat ook in {rows}, met een ander onderwijsnummer. Eén BSN kan maar met \
                 één onderwijsnummer gekoppeld worden: controleer welk nummer klopt."
            ),
            CrossRule::OneOnderwijsnummerTwoBsns => format!(
                "Dit onderwijsnummer staat ook in {rows}, met een ander BSN. Eén onderwijsnummer \
                 kan maar met één BSN gekoppeld worden: controleer welk nummer klopt."
            ),
        })
    }

    /// The line for the summary: every row of the group (any order; sorted here).
    pub fn summary_problem(self, mut rows: Vec<usize>) -> CrossRowProblem {
        rows.sort_unstable();
        rows.dedup();
        let what = match self {
            CrossRule::SamePair => "Dezelfde koppeling staat in",
            CrossRule::OneBsnTwoOnderwijsnummers => {
                "Eén BSN staat met verschillende onderwijsnummers in"
            }
            CrossRule::OneOnderwijsnummerTwoBsns => {
                "Eén onderwijsnummer staat met verschillende BSN's in"
            }
        };
        let message = format!("{what} {}.", row_list(&rows));
        CrossRowProblem {
            rows,
            field: self.field(),
            problem: Problem::error(message),
        }
    }
}

/// Cross-row findings, plus the message for each involved row's cell.
type CrossFindings = (Vec<CrossRowProblem>, Vec<(usize, Field, Problem)>);

/// The same koppeling twice; one BSN with two onderwijsnummers; one onderwijsnummer with two BSNs.
/// Only rows with both numbers valid take part.
fn cross_row_problems(checks: &[RowCheck]) -> CrossFindings {
    let mut same_pair: BTreeMap<(Bsn, Onderwijsnummer), Vec<usize>> = BTreeMap::new();
    let mut by_bsn: BTreeMap<Bsn, Vec<(usize, Onderwijsnummer)>> = BTreeMap::new();
    let mut by_own: BTreeMap<Onderwijsnummer, Vec<(usize, Bsn)>> = BTreeMap::new();
    for check in checks {
        let (Some(bsn), Some(own)) = (check.normalised.bsn, check.normalised.onderwijsnummer)
        else {
            continue;
        };
        same_pair.entry((bsn, own)).or_default().push(check.index);
        by_bsn.entry(bsn).or_default().push((check.index, own));
        by_own.entry(own).or_default().push((check.index, bsn));
    }
    let mut summary = Vec::new();
    let mut inline = Vec::new();
    for rows in same_pair.into_values().filter(|r| r.len() > 1) {
        let rule = CrossRule::SamePair;
        for &i in &rows {
            let others: Vec<usize> = rows.iter().copied().filter(|&j| j != i).collect();
            inline.push((i, rule.field(), rule.inline_problem(&others)));
        }
        summary.push(rule.summary_problem(rows));
    }
    for group in by_bsn.into_values() {
        conflicts(
            &group,
            CrossRule::OneBsnTwoOnderwijsnummers,
            (&mut summary, &mut inline),
        );
    }
    for group in by_own.into_values() {
        conflicts(
            &group,
            CrossRule::OneOnderwijsnummerTwoBsns,
            (&mut summary, &mut inline),
        );
    }
    summary.sort_by(|a, b| a.rows.cmp(&b.rows).then(a.field.cmp(&b.field)));
    (summary, inline)
}

/// Rows that share one number but differ in the other: a summary line, and on each row's cell a
/// message naming the rows that differ from it.
fn conflicts<T: PartialEq>(
    group: &[(usize, T)],
    rule: CrossRule,
    (summary, inline): (&mut Vec<CrossRowProblem>, &mut Vec<(usize, Field, Problem)>),
) {
    let Some((_, first)) = group.first() else {
        return;
    };
    if group.iter().all(|(_, v)| v == first) {
        return;
    }
    for (i, value) in group {
        let others: Vec<usize> = group
            .iter()
            .filter(|(_, v)| v != value)
            .map(|(j, _)| *j)
            .collect();
        inline.push((*i, rule.field(), rule.inline_problem(&others)));
    }
    let rows = group.iter().map(|(i, _)| *i).collect();
    summary.push(rule.summary_problem(rows));
}

/// "regel 4", "regels 2 en 5", "regels 2, 5 en 7" (row numbers are index + 1).
fn row_list(rows: &[usize]) -> String {
    let numbers: Vec<String> = rows
        .iter()
        .map(|i| crate::text::dutch_number(i + 1))
        .collect();
    match numbers.as_slice() {
        [] => "geen andere regel".to_string(),
        [one] => format!("regel {one}"),
        [init @ .., last] => format!("regels {} en {last}", init.join(", ")),
    }
}

// ---- Text -----------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{bsn_from_seed, onderwijsnummer_from_seed};

    fn date(y: i32, m: u8, d: u8) -> Date {
        calendar_date(y, m, d).unwrap()
    }

    const TODAY: (i32, u8, u8) = (2026, 3, 1);

    fn today() -> Date {
        date(TODAY.0, TODAY.1, TODAY.2)
    }

    fn bsn(seed: u32) -> String {
        bsn_from_seed(seed).to_string()
    }

    fn own(seed: u32) -> String {
        onderwijsnummer_from_seed(seed).to_string()
    }

    /// A complete, correct linking row.
    fn row(seed: u32) -> Koppelregel {
        Koppelregel {
            bsn: bsn(seed),
            onderwijsnummer: own(seed),
            achternaam: "Jansen".into(),
            voorvoegsel: String::new(),
            voornamen: "Anna".into(),
            geboortedatum: "05-03-2012".into(),
            geslacht: "V".into(),
            opmerking: String::new(),
        }
    }

    fn with(mut r: Koppelregel, field: Field, value: &str) -> Koppelregel {
        *r.get_mut(field) = value.to_string();
        r
    }

    #[test]
    fn header_cases() {
        let cases: &[(&str, Option<Field>)] = &[
            ("BSN", Some(Field::Bsn)),
            ("bsn", Some(Field::Bsn)),
            (" B.S.N. ", Some(Field::Bsn)),
            ("Burgerservicenummer", Some(Field::Bsn)),
            ("BURGER SERVICE NUMMER", Some(Field::Bsn)),
            ("Sofinummer", Some(Field::Bsn)),
            ("Sofi-nummer", Some(Field::Bsn)),
            ("BSN leerling", Some(Field::Bsn)),
            ("BSN_leerling", Some(Field::Bsn)),
            ("Onderwijsnummer", Some(Field::Onderwijsnummer)),
            ("OWN", Some(Field::Onderwijsnummer)),
            ("Onderwijs nummer", Some(Field::Onderwijsnummer)),
            ("onderwijs-nummer", Some(Field::Onderwijsnummer)),
            ("Achternaam", Some(Field::Achternaam)),
            ("Geslachtsnaam", Some(Field::Achternaam)),
            ("Naam (achternaam)", Some(Field::Achternaam)),
            ("Naam", Some(Field::Achternaam)),
            ("Voorvoegsel", Some(Field::Voorvoegsel)),
            ("Voorvoegsels", Some(Field::Voorvoegsel)),
            ("Tussenvoegsel", Some(Field::Voorvoegsel)),
            ("Tussenvoegsel(s)", Some(Field::Voorvoegsel)),
            ("tussenvoegsels", Some(Field::Voorvoegsel)),
            ("Voornamen", Some(Field::Voornamen)),
            ("Voornaam", Some(Field::Voornamen)),
            ("Roepnaam", Some(Field::Voornamen)),
            ("Geboortedatum", Some(Field::Geboortedatum)),
            ("Geb.datum", Some(Field::Geboortedatum)),
            ("Geb. datum", Some(Field::Geboortedatum)),
            ("geboorte datum", Some(Field::Geboortedatum)),
            ("Geslacht", Some(Field::Geslacht)),
            ("GESLACHT\u{A0}", Some(Field::Geslacht)),
            ("Opmerking Gemeente/Regio", Some(Field::Opmerking)),
            ("Opmerking gemeente / regio", Some(Field::Opmerking)),
            ("Opmerking gemeente", Some(Field::Opmerking)),
            ("Opmerking", Some(Field::Opmerking)),
            ("Vraag", Some(Field::Opmerking)),
            ("", None),
            ("Postcode", None),
            ("Koppelen gegevens", None),
            ("Naam school", None),
            ("BSN ouder", None),
            ("Datum", None),
            ("Opmerking DUO", None),
        ];
        for (header, expected) in cases {
            assert_eq!(Field::from_header(header), *expected, "{header:?}");
        }
        for field in Field::ALL {
            assert_eq!(Field::from_header(field.label()), Some(field), "{field:?}");
        }
    }

    #[test]
    fn date_cases() {
        type Want = Result<(i32, u8, u8), &'static str>;
        let cases: &[(&str, Want)] = &[
            ("05-03-2012", Ok((2012, 3, 5))),
            ("5-3-2012", Ok((2012, 3, 5))),
            ("05/03/2012", Ok((2012, 3, 5))),
            ("5/3/2012", Ok((2012, 3, 5))),
            ("05.03.2012", Ok((2012, 3, 5))),
            ("2012-03-05", Ok((2012, 3, 5))),
            ("2012-3-5", Ok((2012, 3, 5))),
            ("2012/03/05", Ok((2012, 3, 5))),
            (" 05-03-2012\u{A0}", Ok((2012, 3, 5))),
            ("29-02-2012", Ok((2012, 2, 29))),
            ("29-02-2000", Ok((2000, 2, 29))),
            ("31-12-2010", Ok((2010, 12, 31))),
            ("", Err("Vul een datum in.")),
            (
                "29-02-2013",
                Err("Deze datum bestaat niet: februari 2013 heeft 28 dagen."),
            ),
            ("29-02-1900", Err("februari 1900 heeft 28 dagen")),
            ("31-04-2012", Err("april 2012 heeft 30 dagen")),
            ("05-13-2012", Err("er is geen maand 13")),
            ("00-03-2012", Err("er is geen dag 0")),
            ("05-00-2012", Err("er is geen maand 0")),
            ("05-03-12", Err("Schrijf het jaar met 4 cijfers")),
            ("05032012", Err("Schrijf de datum als dd-mm-jjjj")),
            ("5 maart 2012", Err("dd-mm-jjjj")),
            ("05-03/2012", Err("dd-mm-jjjj")),
            ("05-03-2012-1", Err("dd-mm-jjjj")),
            ("2012.03.05", Err("dd-mm-jjjj")),
            ("005-03-2012", Err("dd-mm-jjjj")),
            ("05--2012", Err("dd-mm-jjjj")),
            ("-", Err("dd-mm-jjjj")),
            ("٠٥-٠٣-٢٠١٢", Err("dd-mm-jjjj")),
        ];
        for (input, expected) in cases {
            let got = parse_date(input);
            match (&got, expected) {
                (Ok(d), Ok((y, m, day))) => assert_eq!(*d, date(*y, *m, *day), "{input:?}"),
                (Err(p), Err(want)) => {
                    assert!(p.message.contains(want), "{input:?}: {}", p.message)
                }
                _ => panic!("{input:?}: got {got:?}, want {expected:?}"),
            }
        }
        assert_eq!(format_date(date(2012, 3, 5)), "05-03-2012");
        assert_eq!(format_date(date(987, 12, 31)), "31-12-0987");
    }

    #[test]
    fn age_cases() {
        let cases = [
            ((2012, 3, 5), (2026, 3, 1), 13),
            ((2012, 3, 1), (2026, 3, 1), 14),
            ((2012, 2, 29), (2026, 2, 28), 13),
            ((2012, 2, 29), (2026, 3, 1), 14),
            ((2026, 3, 2), (2026, 3, 1), -1),
        ];
        for (birth, today, age) in cases {
            let (b, t) = (
                date(birth.0, birth.1, birth.2),
                date(today.0, today.1, today.2),
            );
            assert_eq!(age_on(b, t), age, "{birth:?} {today:?}");
        }
    }

    #[test]
    fn geslacht_cases() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("M", Ok("M")),
            ("m", Ok("M")),
            (" V ", Ok("V")),
            ("v", Ok("V")),
            ("X", Ok("O")),
            ("o", Ok("O")),
            ("man", Ok("M")),
            ("Vrouw", Ok("V")),
            ("jongen", Ok("M")),
            ("MEISJE", Ok("V")),
            ("onbekend", Ok("O")),
            ("", Err("Vul het geslacht in")),
            ("F", Err("M, V of O")),
            ("mv", Err("M, V of O")),
        ];
        for (input, expected) in cases {
            let got = Geslacht::parse(input).map(Geslacht::code);
            match (&got, expected) {
                (Ok(code), Ok(want)) => assert_eq!(code, want, "{input:?}"),
                (Err(p), Err(want)) => {
                    assert!(p.message.contains(want), "{input:?}: {}", p.message)
                }
                _ => panic!("{input:?}: got {got:?}, want {expected:?}"),
            }
        }
    }

    type Expect = &'static [(Field, Severity, &'static str)];

    /// One row on its own → its status and the problems per cell (field, severity, fragment).
    #[test]
    fn single_row_cases() {
        use Field as F;
        use Severity::{Error as E, Warning as W};
        let valid_bsn = bsn(1);
        let valid_own = own(1);
        let cases: Vec<(Koppelregel, RowStatus, Expect)> = vec![
            (row(1), RowStatus::Ready, &[]),
            (
                with(row(1), F::Bsn, &format!(" {}.0 ", valid_bsn)),
                RowStatus::Ready,
                &[],
            ),
            (
                with(row(1), F::Bsn, ""),
                RowStatus::Errors,
                &[(
                    F::Bsn,
                    E,
                    "Vul het BSN in. Voor een koppeling zijn het BSN en het onderwijsnummer allebei nodig.",
                )],
            ),
            (
                with(row(1), F::Onderwijsnummer, " "),
                RowStatus::Errors,
                &[(F::Onderwijsnummer, E, "Vul het onderwijsnummer in.")],
            ),
            (
                with(with(row(1), F::Bsn, ""), F::Onderwijsnummer, ""),
                RowStatus::Errors,
                &[
                    (F::Bsn, E, "Vul het BSN in."),
                    (F::Onderwijsnummer, E, "Vul het onderwijsnummer in."),
                ],
            ),
            (
                with(row(1), F::Bsn, "123456789"),
                RowStatus::Errors,
                &[(F::Bsn, E, "de elfproef klopt niet")],
            ),
            (
                with(
                    with(row(1), F::Bsn, &valid_own),
                    F::Onderwijsnummer,
                    &valid_bsn,
                ),
                RowStatus::Errors,
                &[
                    (F::Bsn, E, "Dit lijkt een onderwijsnummer, geen BSN"),
                    (
                        F::Onderwijsnummer,
                        E,
                        "Dit lijkt een BSN, geen onderwijsnummer",
                    ),
                ],
            ),
            // A question needs one valid number.
            (
                with(
                    with(row(1), F::Onderwijsnummer, ""),
                    F::Opmerking,
                    "Is deze leerling bekend?",
                ),
                RowStatus::Ready,
                &[],
            ),
            (
                with(
                    with(row(1), F::Bsn, ""),
                    F::Opmerking,
                    "Welk BSN hoort hierbij?",
                ),
                RowStatus::Ready,
                &[],
            ),
            (
                with(
                    with(with(row(1), F::Bsn, ""), F::Onderwijsnummer, ""),
                    F::Opmerking,
                    "Vraag",
                ),
                RowStatus::Warnings,
                &[(
                    F::Bsn,
                    W,
                    "DUO zoekt de leerling dan op naam, geboortedatum",
                )],
            ),
            (
                with(
                    with(
                        with(with(row(1), F::Bsn, ""), F::Onderwijsnummer, ""),
                        F::Geboortedatum,
                        "",
                    ),
                    F::Opmerking,
                    "Vraag",
                ),
                RowStatus::Errors,
                &[
                    (
                        F::Bsn,
                        E,
                        "Vul het BSN of het onderwijsnummer in, of de achternaam en de geboortedatum",
                    ),
                    (F::Geboortedatum, W, "Vul de geboortedatum in"),
                ],
            ),
            (
                with(
                    with(
                        with(with(row(1), F::Bsn, ""), F::Onderwijsnummer, ""),
                        F::Achternaam,
                        " ",
                    ),
                    F::Opmerking,
                    "Vraag",
                ),
                RowStatus::Errors,
                &[(F::Bsn, E, "of de achternaam en de geboortedatum")],
            ),
            (
                with(
                    with(with(row(1), F::Bsn, ""), F::Onderwijsnummer, ""),
                    F::Opmerking,
                    "",
                ),
                RowStatus::Errors,
                &[
                    (F::Bsn, E, "Vul het BSN in"),
                    (F::Onderwijsnummer, E, "Vul het onderwijsnummer in"),
                ],
            ),
            (
                with(
                    with(row(1), F::Onderwijsnummer, "12345"),
                    F::Opmerking,
                    "Vraag",
                ),
                RowStatus::Errors,
                &[(F::Onderwijsnummer, E, "dit zijn er 5")],
            ),
            // Birth date and geslacht.
            (
                with(row(1), F::Geboortedatum, ""),
                RowStatus::Warnings,
                &[(
                    F::Geboortedatum,
                    W,
                    "Vul de geboortedatum in. DUO herkent een leerling",
                )],
            ),
            (
                with(row(1), F::Geboortedatum, "31-02-2012"),
                RowStatus::Errors,
                &[(F::Geboortedatum, E, "februari 2012 heeft 29 dagen")],
            ),
            (
                with(row(1), F::Geboortedatum, "2012"),
                RowStatus::Errors,
                &[(F::Geboortedatum, E, "dd-mm-jjjj")],
            ),
            (
                with(row(1), F::Geboortedatum, "02-03-2026"),
                RowStatus::Warnings,
                &[(F::Geboortedatum, W, "in de toekomst")],
            ),
            (
                with(row(1), F::Geboortedatum, "02-03-2024"),
                RowStatus::Warnings,
                &[(F::Geboortedatum, W, "jonger dan 2 jaar")],
            ),
            (
                with(row(1), F::Geboortedatum, "01-03-2024"),
                RowStatus::Ready,
                &[],
            ),
            (
                with(row(1), F::Geboortedatum, "02-03-1995"),
                RowStatus::Ready,
                &[],
            ),
            (
                with(row(1), F::Geboortedatum, "01-03-1995"),
                RowStatus::Warnings,
                &[(F::Geboortedatum, W, "ouder dan 30 jaar")],
            ),
            (
                with(row(1), F::Geslacht, ""),
                RowStatus::Warnings,
                &[(
                    F::Geslacht,
                    W,
                    "Vul het geslacht in: M, V of O. DUO herkent",
                )],
            ),
            (
                with(row(1), F::Geslacht, "F"),
                RowStatus::Errors,
                &[(F::Geslacht, E, "M, V of O")],
            ),
            (
                with(row(1), F::Geslacht, " x "),
                RowStatus::Warnings,
                &[(F::Geslacht, W, "X is geen code van de BRP")],
            ),
            (
                with(
                    with(row(1), F::Geslacht, ""),
                    F::Geboortedatum,
                    "2012-03-05",
                ),
                RowStatus::Warnings,
                &[(F::Geslacht, W, "geslacht")],
            ),
            (
                with(with(row(1), F::Geslacht, "?"), F::Bsn, "x"),
                RowStatus::Errors,
                &[(F::Bsn, E, "letters"), (F::Geslacht, E, "M, V of O")],
            ),
            // Errors come before warnings in a cell; names are never checked.
            (
                with(with(row(1), F::Achternaam, "  "), F::Voornamen, "123"),
                RowStatus::Ready,
                &[],
            ),
        ];
        for (n, (input, status, expected)) in cases.into_iter().enumerate() {
            let report = check_rows(std::slice::from_ref(&input), today());
            let check = &report.rows[0];
            let got: Vec<(Field, Severity, &str)> = check
                .all_problems()
                .map(|(f, p)| (f, p.severity, p.message.as_str()))
                .collect();
            assert_eq!(check.status, status, "case {n}: {got:?}");
            assert_eq!(got.len(), expected.len(), "case {n}: {got:?}");
            for ((f, s, m), (wf, ws, wm)) in got.iter().zip(expected.iter()) {
                assert_eq!((f, s), (wf, ws), "case {n}: {m}");
                assert!(m.contains(wm), "case {n}: {m:?} lacks {wm:?}");
            }
        }
    }

    #[test]
    fn normalised_row() {
        let input = Koppelregel {
            bsn: "1234.56.782".into(),
            onderwijsnummer: "1,01222331E+08".into(),
            achternaam: "  Berg\u{A0} ".into(),
            voorvoegsel: " van  der ".into(),
            voornamen: "Anna  Maria".into(),
            geboortedatum: "5-3-2012".into(),
            geslacht: "meisje".into(),
            opmerking: "  Vraag \n".into(),
        };
        let report = check_rows(&[input], today());
        let n = &report.rows[0].normalised;
        assert_eq!(n.bsn.map(|b| b.to_string()).as_deref(), Some("123456782"));
        assert_eq!(
            n.onderwijsnummer.map(|o| o.to_string()).as_deref(),
            Some("101222331")
        );
        assert_eq!(
            (
                n.achternaam.as_str(),
                n.voorvoegsel.as_str(),
                n.voornamen.as_str()
            ),
            ("Berg", "van der", "Anna Maria")
        );
        assert_eq!(n.geboortedatum, Some(date(2012, 3, 5)));
        assert_eq!(n.geslacht, Some(Geslacht::Vrouw));
        assert_eq!(n.opmerking, "Vraag");
        assert_eq!(report.rows_to_write().count(), 1);
    }

    /// Several rows → counts, cross-row problems (rows, field) and whether it can be downloaded.
    #[test]
    fn report_cases() {
        struct Case {
            rows: Vec<Koppelregel>,
            counts: (usize, usize, usize, usize),
            cross: &'static [(&'static [usize], Field, &'static str)],
            can_download: bool,
        }
        let empty = Koppelregel::default;
        let blank = || Koppelregel {
            achternaam: " ".into(),
            geboortedatum: "\u{A0}".into(),
            ..Koppelregel::default()
        };
        let cases = vec![
            Case {
                rows: vec![],
                counts: (0, 0, 0, 0),
                cross: &[],
                can_download: false,
            },
            Case {
                rows: vec![empty(), blank()],
                counts: (0, 0, 0, 2),
                cross: &[],
                can_download: false,
            },
            Case {
                rows: vec![row(1), empty(), row(2)],
                counts: (2, 0, 0, 1),
                cross: &[],
                can_download: true,
            },
            Case {
                rows: vec![row(1), with(row(2), Field::Geslacht, "")],
                counts: (1, 1, 0, 0),
                cross: &[],
                can_download: true,
            },
            Case {
                rows: vec![row(1), with(row(2), Field::Bsn, "1")],
                counts: (1, 0, 1, 0),
                cross: &[],
                can_download: false,
            },
            // The same pair twice, also written differently.
            Case {
                rows: vec![
                    row(1),
                    row(2),
                    with(row(1), Field::Bsn, &format!("{}.0", bsn(1))),
                ],
                counts: (1, 0, 2, 0),
                cross: &[(
                    &[0, 2],
                    Field::Bsn,
                    "Dezelfde koppeling staat in regels 1 en 3.",
                )],
                can_download: false,
            },
            // One BSN, two onderwijsnummers.
            Case {
                rows: vec![row(1), with(row(1), Field::Onderwijsnummer, &own(7))],
                counts: (0, 0, 2, 0),
                cross: &[(
                    &[0, 1],
                    Field::Onderwijsnummer,
                    "Eén BSN staat met verschillende onderwijsnummers in regels 1 en 2.",
                )],
                can_download: false,
            },
            // One onderwijsnummer, two BSNs; three rows.
            Case {
                rows: vec![
                    row(1),
                    with(row(1), Field::Bsn, &bsn(8)),
                    row(3),
                    with(row(1), Field::Bsn, &bsn(9)),
                ],
                counts: (1, 0, 3, 0),
                cross: &[(
                    &[0, 1, 3],
                    Field::Bsn,
                    "Eén onderwijsnummer staat met verschillende BSN's in regels 1, 2 en 4.",
                )],
                can_download: false,
            },
            // Both: a duplicate pair and a conflicting onderwijsnummer for the same BSN.
            Case {
                rows: vec![
                    row(1),
                    row(1),
                    with(row(1), Field::Onderwijsnummer, &own(5)),
                ],
                counts: (0, 0, 3, 0),
                cross: &[
                    (&[0, 1], Field::Bsn, "Dezelfde koppeling"),
                    (&[0, 1, 2], Field::Onderwijsnummer, "Eén BSN"),
                ],
                can_download: false,
            },
            // A question with only a BSN does not conflict with a koppeling of that BSN.
            Case {
                rows: vec![
                    row(1),
                    with(
                        with(row(1), Field::Onderwijsnummer, ""),
                        Field::Opmerking,
                        "Vraag",
                    ),
                ],
                counts: (2, 0, 0, 0),
                cross: &[],
                can_download: true,
            },
        ];
        for (n, case) in cases.into_iter().enumerate() {
            let report = check_rows(&case.rows, today());
            let c = report.counts;
            assert_eq!(
                (c.ready, c.with_warnings, c.with_errors, c.empty),
                case.counts,
                "case {n}"
            );
            assert_eq!(report.rows.len(), case.rows.len());
            assert_eq!(
                report.cross_row.len(),
                case.cross.len(),
                "case {n}: {:?}",
                report.cross_row
            );
            for (got, (rows, field, fragment)) in report.cross_row.iter().zip(case.cross) {
                assert_eq!(
                    (got.rows.as_slice(), got.field),
                    (*rows, *field),
                    "case {n}"
                );
                assert!(
                    got.problem.message.contains(fragment),
                    "case {n}: {}",
                    got.problem.message
                );
                for &i in *rows {
                    assert!(
                        report.rows[i]
                            .problems(*field)
                            .iter()
                            .any(|p| p.severity == Severity::Error),
                        "case {n}: row {i} lacks the inline error"
                    );
                }
            }
            assert_eq!(report.can_download(), case.can_download, "case {n}");
        }
    }

    #[test]
    fn inline_cross_row_messages_name_the_other_rows() {
        let rows = [
            row(1),
            row(2),
            with(row(1), Field::Onderwijsnummer, &own(3)),
        ];
        let report = check_rows(&rows, today());
        let first = &report.rows[0].problems(Field::Onderwijsnummer)[0].message;
        assert!(
            first.starts_with("Dit BSN staat ook in regel 3, met een ander onderwijsnummer."),
            "{first}"
        );
        let third = &report.rows[2].problems(Field::Onderwijsnummer)[0].message;
        assert!(
            third.starts_with("Dit BSN staat ook in regel 1,"),
            "{third}"
        );
        let pair = [row(4), row(4)];
        let report = check_rows(&pair, today());
        let message = &report.rows[1].problems(Field::Bsn)[0].message;
        assert!(
            message.starts_with("Deze koppeling staat ook in regel 1."),
            "{message}"
        );
        assert_eq!(report.problems().count(), 2);
    }

    #[test]
    fn row_list_cases() {
        assert_eq!(row_list(&[3]), "regel 4");
        assert_eq!(row_list(&[0, 4]), "regels 1 en 5");
        assert_eq!(row_list(&[0, 9998]), "regels 1 en 9.999");
        assert_eq!(row_list(&[0, 1, 2]), "regels 1, 2 en 3");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn cell() -> impl Strategy<Value = String> {
            prop_oneof![
                Just(String::new()),
                "\\PC{0,12}",
                "[0-9 .,/-]{0,12}",
                (0u32..50).prop_map(bsn),
                (0u32..50).prop_map(own),
            ]
        }

        fn koppelregel() -> impl Strategy<Value = Koppelregel> {
            proptest::array::uniform8(cell()).prop_map(|c| {
                let [
                    bsn,
                    onderwijsnummer,
                    achternaam,
                    voorvoegsel,
                    voornamen,
                    geboortedatum,
                    geslacht,
                    opmerking,
                ] = c;
                Koppelregel {
                    bsn,
                    onderwijsnummer,
                    achternaam,
                    voorvoegsel,
                    voornamen,
                    geboortedatum,
                    geslacht,
                    opmerking,
                }
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            #[test]
            fn never_panics_and_counts_add_up(rows in proptest::collection::vec(koppelregel(), 0..8)) {
                let report = check_rows(&rows, today());
                let c = report.counts;
                prop_assert_eq!(c.ready + c.with_warnings + c.with_errors + c.empty, rows.len());
                prop_assert_eq!(report.can_download(), c.with_errors == 0 && c.empty < rows.len());
            }

            #[test]
            fn dates_never_panic_and_round_trip(s in "\\PC{0,16}", d in 0i64..100_000) {
                let _ = parse_date(&s);
                let date = date(1900, 1, 1) + time::Duration::days(d);
                prop_assert_eq!(parse_date(&format_date(date)), Ok(date));
            }
        }
    }
}
