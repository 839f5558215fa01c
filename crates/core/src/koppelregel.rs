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
use super::names::has_unreadable_letters;
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
    for field in [Field::Achternaam, Field::Voorvoegsel, Field::Voornamen] {
        if has_unreadable_letters(row.get(field)) {
            check.push(field, Problem::warning(UNREADABLE_NAME));
        }
    }
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

/// A name with `?` or U+FFFD (`names::has_unreadable_letters`): DUO would get the broken spelling.
const UNREADABLE_NAME: &str = "In deze naam staat een letter die Koppelhulp niet kan lezen (? of \
                               \u{FFFD}). Typ de naam zoals hij echt geschreven wordt.";

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

    /// An error blocks the file; one BSN with two onderwijsnummers is a warning: a pupil registered
    /// by two schools before the BSN was known has two, and both are linked to the one BSN.
    pub fn severity(self) -> Severity {
        match self {
            CrossRule::SamePair | CrossRule::OneOnderwijsnummerTwoBsns => Severity::Error,
            CrossRule::OneBsnTwoOnderwijsnummers => Severity::Warning,
        }
    }

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
        let message = match self {
            CrossRule::SamePair => {
                format!("Deze koppeling staat ook in {rows}. Verwijder de dubbele regel.")
            }
            CrossRule::OneBsnTwoOnderwijsnummers => format!(
                "Dit BSN staat ook in {rows}, met een ander onderwijsnummer. Dat kan kloppen: een \
                 leerling die door twee scholen is ingeschreven voordat het BSN bekend was, heeft \
                 twee onderwijsnummers. Dan horen beide bij dit BSN. Controleer of het dezelfde \
                 leerling is."
            ),
            CrossRule::OneOnderwijsnummerTwoBsns => format!(
                "Dit onderwijsnummer staat ook in {rows}, met een ander BSN. Eén onderwijsnummer \
                 kan maar met één BSN gekoppeld worden: controleer welk nummer klopt."
            ),
        };
        Problem {
            severity: self.severity(),
            message,
        }
    }

    /// The line for the summary: every row of the group (any order; sorted here).
    pub fn summary_problem(self, mut rows: Vec<usize>) -> CrossRowProblem {
        rows.sort_unstable();
        rows.dedup();
        let list = row_list(&rows);
        let message = match self {
            CrossRule::SamePair => format!("Dezelfde koppeling staat in {list}."),
            CrossRule::OneBsnTwoOnderwijsnummers => format!(
                "Eén BSN staat met verschillende onderwijsnummers in {list}. Controleer of het \
                 dezelfde leerling is met twee onderwijsnummers; dan klopt het."
            ),
            CrossRule::OneOnderwijsnummerTwoBsns => {
                format!("Eén onderwijsnummer staat met verschillende BSN's in {list}.")
            }
        };
        CrossRowProblem {
            rows,
            field: self.field(),
            problem: Problem {
                severity: self.severity(),
                message,
            },
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
mod tests;
