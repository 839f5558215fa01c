//! The koppelbestand being made: rows with stable ids, kept checked as they change.
//!
//! [`check_rows`](koppelhulp_core::koppelregel::check_rows) checks a whole table at once; it stays the
//! reference. [`KoppelTable`] gives the same result, but a change re-checks only what it can
//! touch: the changed row on its own, plus the rows that share its (old or new) BSN or
//! onderwijsnummer, found through an index from each valid number to the rows that hold it. The
//! counts are kept up to date from those changes.
//!
//! Messages between rows name row numbers ("regel 3 en 7"). Row numbers move when rows are put in
//! or taken out, so the table keeps only *which* rows clash (flags per row, and the groups); the
//! messages are built when read ([`KoppelTable::check`], [`KoppelTable::cross_row`]), from the
//! positions at that moment. They are always exactly what `check_rows` would say.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::Date;

use koppelhulp_core::Severity;
use koppelhulp_core::ids::{Bsn, Onderwijsnummer};
use koppelhulp_core::koppelregel::{
    CrossRowProblem, CrossRule, Field, Koppelregel, NormalisedRow, RowCheck, RowCounts, RowReport,
    RowStatus, check_row,
};
use koppelhulp_core::problem::Problem;
use koppelhulp_core::text::fold;

/// A row's id: stable while the row exists, never given to another row of the same table.
pub type RowId = u64;

/// One error for the error summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorLine {
    /// The row's place (0-based; the user reads "Regel {index + 1}").
    pub index: usize,
    pub id: RowId,
    pub field: Field,
    pub message: String,
}

/// Which rules between rows a row breaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Flags {
    same_pair: bool,
    bsn_conflict: bool,
    own_conflict: bool,
}

impl Flags {
    fn get(self, rule: CrossRule) -> bool {
        match rule {
            CrossRule::SamePair => self.same_pair,
            CrossRule::OneBsnTwoOnderwijsnummers => self.bsn_conflict,
            CrossRule::OneOnderwijsnummerTwoBsns => self.own_conflict,
        }
    }

    /// How many of the rules it breaks are errors, and whether it breaks one that is a warning
    /// (`CrossRule::severity`).
    fn errors_and_warning(self) -> (usize, bool) {
        CrossRule::ALL
            .into_iter()
            .filter(|&rule| self.get(rule))
            .fold((0, false), |(errors, warning), rule| {
                match rule.severity() {
                    Severity::Error => (errors + 1, warning),
                    _ => (errors, true),
                }
            })
    }
}

/// Which rows the table shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RowFilter {
    #[default]
    All,
    WithErrors,
    /// Errors or warnings.
    WithProblems,
}

#[derive(Clone, Debug)]
struct Slot {
    id: RowId,
    regel: Koppelregel,
    /// The row checked on its own (its `index` is not kept up to date).
    alone: RowCheck,
    flags: Flags,
    /// The row's status with the rules between rows.
    status: RowStatus,
    /// Errors of the row: its own plus one per rule between rows it breaks.
    errors: usize,
}

impl Slot {
    fn numbers(&self) -> (Option<Bsn>, Option<Onderwijsnummer>) {
        let n = &self.alone.normalised;
        (n.bsn, n.onderwijsnummer)
    }

    fn pair(&self) -> Option<(Bsn, Onderwijsnummer)> {
        match self.numbers() {
            (Some(b), Some(o)) => Some((b, o)),
            _ => None,
        }
    }

    /// Status and error count from the check on its own and the flags.
    fn settle(&mut self) {
        let (cross_errors, cross_warning) = self.flags.errors_and_warning();
        self.status = match self.alone.status {
            RowStatus::Empty => RowStatus::Empty,
            _ if cross_errors > 0 => RowStatus::Errors,
            RowStatus::Ready if cross_warning => RowStatus::Warnings,
            status => status,
        };
        let own_errors = self
            .alone
            .all_problems()
            .filter(|(_, p)| p.severity == Severity::Error)
            .count();
        self.errors = own_errors + cross_errors;
    }
}

/// Numbers whose groups must be looked at again.
#[derive(Default)]
struct Groups {
    bsns: HashSet<Bsn>,
    owns: HashSet<Onderwijsnummer>,
}

impl Groups {
    fn add(&mut self, (bsn, own): (Option<Bsn>, Option<Onderwijsnummer>)) {
        if let Some(b) = bsn {
            self.bsns.insert(b);
        }
        if let Some(o) = own {
            self.owns.insert(o);
        }
    }
}

/// The koppelbestand's rows, checked. There is always at least one row (an empty one to type or
/// paste into).
#[derive(Clone, Debug)]
pub struct KoppelTable {
    today: Date,
    slots: Vec<Slot>,
    /// Id → place in `slots`.
    pos: HashMap<RowId, usize>,
    /// Every row with a valid BSN, by that BSN (any order).
    by_bsn: HashMap<Bsn, Vec<RowId>>,
    /// Every row with a valid onderwijsnummer, by that number (any order).
    by_own: HashMap<Onderwijsnummer, Vec<RowId>>,
    /// BSN groups with a finding (the same pair twice, or different onderwijsnummers).
    flagged_bsn: BTreeSet<Bsn>,
    /// Onderwijsnummer groups with different BSNs.
    flagged_own: BTreeSet<Onderwijsnummer>,
    counts: RowCounts,
    errors: usize,
    next_id: RowId,
    unsaved: bool,
}

impl KoppelTable {
    /// One empty row. `today` is the user's local date (for the birth-date checks).
    pub fn new(today: Date) -> KoppelTable {
        KoppelTable::from_regels(Vec::new(), today)
    }

    /// These rows (at least one), not marked unsaved.
    pub fn from_regels(regels: Vec<Koppelregel>, today: Date) -> KoppelTable {
        let mut table = KoppelTable {
            today,
            slots: Vec::new(),
            pos: HashMap::new(),
            by_bsn: HashMap::new(),
            by_own: HashMap::new(),
            flagged_bsn: BTreeSet::new(),
            flagged_own: BTreeSet::new(),
            counts: RowCounts::default(),
            errors: 0,
            next_id: 0,
            unsaved: false,
        };
        table.set_regels(regels);
        table
    }

    // ---- Reading ------------------------------------------------------------------------------

    /// The date the rows are checked against.
    pub fn today(&self) -> Date {
        self.today
    }

    /// Number of rows, empty ones included (never 0).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Always false: the table keeps at least one row. (For completeness next to [`Self::len`].)
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The ids in row order.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = RowId> + '_ {
        self.slots.iter().map(|s| s.id)
    }

    /// The rows as typed, in order.
    pub fn regels(&self) -> impl ExactSizeIterator<Item = &Koppelregel> + '_ {
        self.slots.iter().map(|s| &s.regel)
    }

    /// The rows that hold something, in order: what a koppelbestand, a work file or a count of
    /// rows is made of (an empty row is only a place to type).
    pub fn filled(&self) -> impl Iterator<Item = &Koppelregel> + '_ {
        self.regels().filter(|r| !r.is_empty())
    }

    /// One row as typed.
    pub fn get(&self, id: RowId) -> Option<&Koppelregel> {
        self.slot(id).map(|s| &s.regel)
    }

    /// A row's place (0-based), in O(1).
    pub fn position(&self, id: RowId) -> Option<usize> {
        self.pos.get(&id).copied()
    }

    /// The id of the row at a place.
    pub fn id_at(&self, index: usize) -> Option<RowId> {
        self.slots.get(index).map(|s| s.id)
    }

    /// A row's status, the rules between rows included.
    pub fn status(&self, id: RowId) -> Option<RowStatus> {
        self.slot(id).map(|s| s.status)
    }

    /// A row's check, exactly as `check_rows` gives it for the whole table (messages name the
    /// other rows by their current numbers).
    pub fn check(&self, id: RowId) -> Option<RowCheck> {
        self.position(id).map(|i| self.check_at(i))
    }

    /// The problems of one cell, errors first.
    pub fn problems(&self, id: RowId, field: Field) -> Vec<Problem> {
        self.check(id)
            .map(|c| c.problems(field).to_vec())
            .unwrap_or_default()
    }

    /// How many rows are in each state.
    pub fn counts(&self) -> RowCounts {
        self.counts
    }

    /// How many errors there are (each error of each cell).
    pub fn error_count(&self) -> usize {
        self.errors
    }

    /// Every error, row by row, cells in column order: for the error summary. Lazy: take the
    /// first N and only rows with errors are looked at.
    pub fn errors(&self) -> impl Iterator<Item = ErrorLine> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.errors > 0)
            .flat_map(move |(i, s)| {
                let check = self.check_at(i);
                check
                    .all_problems()
                    .filter(|(_, p)| p.severity == Severity::Error)
                    .map(|(field, p)| ErrorLine {
                        index: i,
                        id: s.id,
                        field,
                        message: p.message.clone(),
                    })
                    .collect::<Vec<_>>()
            })
    }

    /// The findings between rows, for a summary; sorted like `check_rows` sorts them.
    pub fn cross_row(&self) -> Vec<CrossRowProblem> {
        let mut out = Vec::new();
        for bsn in &self.flagged_bsn {
            let members = self.members_with_pair(self.by_bsn.get(bsn));
            let mut by_own: HashMap<Onderwijsnummer, Vec<usize>> = HashMap::new();
            for &(i, (_, own)) in &members {
                by_own.entry(own).or_default().push(i);
            }
            for rows in by_own.values().filter(|r| r.len() > 1) {
                out.push(CrossRule::SamePair.summary_problem(rows.clone()));
            }
            if by_own.len() > 1 {
                let rows = members.iter().map(|(i, _)| *i).collect();
                out.push(CrossRule::OneBsnTwoOnderwijsnummers.summary_problem(rows));
            }
        }
        for own in &self.flagged_own {
            let members = self.members_with_pair(self.by_own.get(own));
            let rows = members.iter().map(|(i, _)| *i).collect();
            out.push(CrossRule::OneOnderwijsnummerTwoBsns.summary_problem(rows));
        }
        out.sort_by(|a, b| a.rows.cmp(&b.rows).then(a.field.cmp(&b.field)));
        out
    }

    /// True when the file may be written: no errors, and at least one row that is not empty.
    pub fn can_download(&self) -> bool {
        self.counts.with_errors == 0 && self.counts.ready + self.counts.with_warnings > 0
    }

    /// The rows to write, in order: every row that is not empty.
    pub fn rows_to_write(&self) -> impl Iterator<Item = &NormalisedRow> + '_ {
        self.slots
            .iter()
            .filter(|s| s.status != RowStatus::Empty)
            .map(|s| &s.alone.normalised)
    }

    /// The verzendoverzicht's line for the koppelbestand written now ([`Self::rows_to_write`]):
    /// how many rows, how many ask for a link and how many are questions to DUO
    /// ([`Koppelregel::is_question`], the one definition of a *vraag*).
    pub fn log_entry(
        &self,
        file_name: &str,
        made_at: &str,
    ) -> koppelhulp_core::verzendlog::LogEntry {
        let written = self.slots.iter().filter(|s| s.status != RowStatus::Empty);
        let (rows, vragen) = written.fold((0, 0), |(rows, vragen), s| {
            (rows + 1, vragen + usize::from(s.regel.is_question()))
        });
        koppelhulp_core::verzendlog::LogEntry {
            file_name: file_name.to_string(),
            made_at: made_at.to_string(),
            rows,
            koppelingen: rows - vragen,
            vragen,
        }
    }

    /// The whole report, as `check_rows` gives it (builds every row's check: for tests and for
    /// code that wants everything at once).
    pub fn report(&self) -> RowReport {
        RowReport {
            rows: (0..self.slots.len()).map(|i| self.check_at(i)).collect(),
            cross_row: self.cross_row(),
            counts: self.counts,
        }
    }

    /// True when the rows changed since the last download (closing the tab then asks first).
    pub fn unsaved(&self) -> bool {
        self.unsaved
    }

    /// The rows a filter and a search leave, in table order. The search looks, without regard to
    /// case or accents, in the numbers and the name fields; an empty search leaves every row.
    pub fn matching(&self, filter: RowFilter, search: &str) -> Vec<RowId> {
        let words: Vec<String> = fold(search)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect();
        self.slots
            .iter()
            .filter(|slot| match filter {
                RowFilter::All => true,
                RowFilter::WithErrors => slot.status == RowStatus::Errors,
                RowFilter::WithProblems => {
                    matches!(slot.status, RowStatus::Errors | RowStatus::Warnings)
                }
            })
            .filter(|slot| {
                if words.is_empty() {
                    return true;
                }
                let r = &slot.regel;
                let text = fold(&format!(
                    "{} {} {} {} {} {}",
                    r.bsn, r.onderwijsnummer, r.voornamen, r.voorvoegsel, r.achternaam, r.opmerking
                ));
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .map(|slot| slot.id)
            .collect()
    }

    // ---- Changing -----------------------------------------------------------------------------

    /// The file was downloaded: nothing is unsaved any more.
    pub fn mark_downloaded(&mut self) {
        self.unsaved = false;
    }

    /// Set the unsaved flag as stored (when loading a tab's rows again).
    pub fn set_unsaved(&mut self, unsaved: bool) {
        self.unsaved = unsaved;
    }

    /// Check against another date (the day changed while the tab was open). Every row again.
    pub fn set_today(&mut self, today: Date) {
        if today == self.today {
            return;
        }
        self.today = today;
        self.rebuild();
    }

    /// Change one cell. Re-checks that row and the rows sharing its old or new numbers.
    pub fn set_cell(&mut self, id: RowId, field: Field, value: String) {
        let Some(i) = self.position(id) else {
            return;
        };
        self.unsaved = true;
        self.uncount(i);
        let before = self.slots[i].numbers();
        let slot = &mut self.slots[i];
        *slot.regel.get_mut(field) = value;
        slot.alone = check_row(i, &slot.regel, self.today);
        let after = slot.numbers();
        if before == after {
            self.recount(i);
        } else {
            self.unindex(id, before);
            self.slots[i].flags = Flags::default();
            self.index(id, after);
            self.recount(i);
            let mut groups = Groups::default();
            groups.add(before);
            groups.add(after);
            self.refresh(groups);
        }
    }

    /// Put rows in at a row's place (replacing it when it is empty), or at the end when `at` is
    /// `None` or unknown. Empty rows are dropped, everywhere in the table (as when pasting);
    /// at least one row stays. O(n) for the whole batch.
    pub fn insert(&mut self, at: Option<RowId>, regels: Vec<Koppelregel>) {
        let place = at
            .and_then(|id| self.position(id))
            .unwrap_or(self.slots.len());
        let new: Vec<Slot> = regels.into_iter().map(|r| self.new_slot(r)).collect();
        let new_ids: Vec<RowId> = new.iter().map(|s| s.id).collect();
        let tail = self.slots.split_off(place);
        self.slots.extend(new);
        self.slots.extend(tail);
        // Only rows that are not empty are indexed and can be in a group, so dropping the empty
        // ones changes only the counts.
        let mut dropped_old = Vec::new();
        let new_set: HashSet<RowId> = new_ids.iter().copied().collect();
        self.slots.retain(|s| {
            let keep = s.alone.status != RowStatus::Empty;
            if !keep && !new_set.contains(&s.id) {
                dropped_old.push(s.status);
            }
            keep
        });
        for status in dropped_old {
            self.counts.remove(status);
        }
        self.ensure_a_row();
        self.reposition();
        let mut groups = Groups::default();
        for id in new_ids {
            let Some(i) = self.position(id) else {
                continue;
            };
            let numbers = self.slots[i].numbers();
            self.index(id, numbers);
            self.recount(i);
            groups.add(numbers);
        }
        self.refresh(groups);
        self.unsaved = true;
    }

    /// Add an empty row at the end; its id.
    pub fn push_empty(&mut self) -> RowId {
        let slot = self.new_slot(Koppelregel::default());
        let id = slot.id;
        self.slots.push(slot);
        self.pos.insert(id, self.slots.len() - 1);
        self.recount(self.slots.len() - 1);
        self.unsaved = true;
        id
    }

    /// Take out a row (an unknown id changes nothing). At least one row stays.
    pub fn remove(&mut self, id: RowId) {
        if !self.pos.contains_key(&id) {
            return;
        }
        let gone: HashSet<RowId> = [id].into_iter().collect();
        self.remove_ids(&gone);
    }

    /// Add pairs accepted on Dubbelen zoeken, at the end. A row whose BSN and onderwijsnummer are
    /// already in the table exactly as written (or earlier in this batch) is not added. O(n) for
    /// the whole batch.
    pub fn add_pairs(&mut self, regels: Vec<Koppelregel>) {
        let mut seen: HashSet<(String, String)> = HashSet::new();
        let mut all_raw: Option<HashSet<(String, String)>> = None;
        let mut new = Vec::new();
        for regel in regels {
            let key = (regel.bsn.clone(), regel.onderwijsnummer.clone());
            if seen.contains(&key) {
                continue;
            }
            let known = match self.indexed_matches(&key.0, &key.1) {
                Some(ids) => !ids.is_empty(),
                None => all_raw
                    .get_or_insert_with(|| {
                        self.slots
                            .iter()
                            .map(|s| (s.regel.bsn.clone(), s.regel.onderwijsnummer.clone()))
                            .collect()
                    })
                    .contains(&key),
            };
            seen.insert(key);
            if !known {
                new.push(regel);
            }
        }
        if new.is_empty() {
            return;
        }
        self.insert(None, new);
    }

    /// Take out every row with one of these (BSN, onderwijsnummer) pairs exactly as written (a
    /// pair whose acceptance was undone on Dubbelen zoeken). At least one row stays.
    pub fn remove_pairs(&mut self, pairs: &[(String, String)]) {
        let mut gone: HashSet<RowId> = HashSet::new();
        let mut unindexed: HashSet<(&str, &str)> = HashSet::new();
        for (bsn, own) in pairs {
            match self.indexed_matches(bsn, own) {
                Some(ids) => gone.extend(ids),
                None => {
                    unindexed.insert((bsn.as_str(), own.as_str()));
                }
            }
        }
        if !unindexed.is_empty() {
            for s in &self.slots {
                if unindexed.contains(&(s.regel.bsn.as_str(), s.regel.onderwijsnummer.as_str())) {
                    gone.insert(s.id);
                }
            }
        }
        if gone.is_empty() {
            return;
        }
        self.remove_ids(&gone);
    }

    /// Replace all rows (new ids; at least one row). The unsaved flag is left as it is.
    pub fn set_regels(&mut self, regels: Vec<Koppelregel>) {
        self.slots = regels.into_iter().map(|r| self.new_slot(r)).collect();
        self.ensure_a_row();
        self.rebuild();
    }

    /// Drop all pupil rows (Alles wissen, automatic clear): one empty row, nothing unsaved.
    pub fn clear(&mut self) {
        self.set_regels(Vec::new());
        self.unsaved = false;
    }

    // ---- Inside -------------------------------------------------------------------------------

    fn slot(&self, id: RowId) -> Option<&Slot> {
        self.position(id).and_then(|i| self.slots.get(i))
    }

    fn new_slot(&mut self, regel: Koppelregel) -> Slot {
        let id = self.next_id;
        self.next_id += 1;
        let alone = check_row(0, &regel, self.today);
        let mut slot = Slot {
            id,
            regel,
            status: alone.status,
            alone,
            flags: Flags::default(),
            errors: 0,
        };
        slot.settle();
        slot
    }

    fn ensure_a_row(&mut self) {
        if self.slots.is_empty() {
            let slot = self.new_slot(Koppelregel::default());
            self.counts.add(slot.status);
            self.slots.push(slot);
        }
    }

    /// Positions from `slots` (after rows were added or removed).
    fn reposition(&mut self) {
        self.pos.clear();
        self.pos
            .extend(self.slots.iter().enumerate().map(|(i, s)| (s.id, i)));
    }

    /// Take the row at `i` out of the counts (before it changes).
    fn uncount(&mut self, i: usize) {
        let s = &self.slots[i];
        self.counts.remove(s.status);
        self.errors = self.errors.saturating_sub(s.errors);
    }

    /// Settle the row at `i` and put it in the counts (after it changed).
    fn recount(&mut self, i: usize) {
        let s = &mut self.slots[i];
        s.settle();
        self.counts.add(s.status);
        self.errors += s.errors;
    }

    fn index(&mut self, id: RowId, (bsn, own): (Option<Bsn>, Option<Onderwijsnummer>)) {
        if let Some(b) = bsn {
            self.by_bsn.entry(b).or_default().push(id);
        }
        if let Some(o) = own {
            self.by_own.entry(o).or_default().push(id);
        }
    }

    fn unindex(&mut self, id: RowId, (bsn, own): (Option<Bsn>, Option<Onderwijsnummer>)) {
        fn take<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Vec<RowId>>, key: K, id: RowId) {
            if let Some(ids) = map.get_mut(&key) {
                if let Some(k) = ids.iter().position(|x| *x == id) {
                    ids.swap_remove(k);
                }
                if ids.is_empty() {
                    map.remove(&key);
                }
            }
        }
        if let Some(b) = bsn {
            take(&mut self.by_bsn, b, id);
        }
        if let Some(o) = own {
            take(&mut self.by_own, o, id);
        }
    }

    /// The rows whose BSN and onderwijsnummer are exactly these strings, found through the index;
    /// `None` when neither string is a valid number (then only a scan can tell).
    fn indexed_matches(&self, bsn: &str, own: &str) -> Option<Vec<RowId>> {
        let candidates = if let Ok(b) = Bsn::parse(bsn) {
            self.by_bsn.get(&b)
        } else if let Ok(o) = Onderwijsnummer::parse(own) {
            self.by_own.get(&o)
        } else {
            return None;
        };
        Some(
            candidates
                .into_iter()
                .flatten()
                .filter(|id| {
                    self.get(**id)
                        .is_some_and(|r| r.bsn == bsn && r.onderwijsnummer == own)
                })
                .copied()
                .collect(),
        )
    }

    fn remove_ids(&mut self, gone: &HashSet<RowId>) {
        let mut groups = Groups::default();
        let mut removed = Vec::new();
        let slots = std::mem::take(&mut self.slots);
        let mut kept = Vec::with_capacity(slots.len());
        for s in slots {
            if gone.contains(&s.id) {
                removed.push(s);
            } else {
                kept.push(s);
            }
        }
        self.slots = kept;
        for s in removed {
            self.counts.remove(s.status);
            self.errors = self.errors.saturating_sub(s.errors);
            let numbers = s.numbers();
            self.unindex(s.id, numbers);
            groups.add(numbers);
        }
        self.ensure_a_row();
        self.reposition();
        self.refresh(groups);
        self.unsaved = true;
    }

    /// Everything again from the rows as typed (ids kept).
    fn rebuild(&mut self) {
        self.by_bsn.clear();
        self.by_own.clear();
        self.flagged_bsn.clear();
        self.flagged_own.clear();
        self.counts = RowCounts::default();
        self.errors = 0;
        self.reposition();
        let mut groups = Groups::default();
        for i in 0..self.slots.len() {
            let slot = &mut self.slots[i];
            slot.alone = check_row(i, &slot.regel, self.today);
            slot.flags = Flags::default();
            let (id, numbers) = (slot.id, slot.numbers());
            self.index(id, numbers);
            self.recount(i);
            groups.add(numbers);
        }
        self.refresh(groups);
    }

    /// The rows of a group that have both numbers valid: (place, pair).
    fn members_with_pair(&self, ids: Option<&Vec<RowId>>) -> Vec<(usize, (Bsn, Onderwijsnummer))> {
        ids.into_iter()
            .flatten()
            .filter_map(|id| {
                let i = self.position(*id)?;
                Some((i, self.slots.get(i)?.pair()?))
            })
            .collect()
    }

    /// Look at these groups again: set each member's flags (and status, counts).
    fn refresh(&mut self, groups: Groups) {
        for bsn in groups.bsns {
            let members = self.members_with_pair(self.by_bsn.get(&bsn));
            let mut owns: HashMap<Onderwijsnummer, usize> = HashMap::new();
            for (_, (_, own)) in &members {
                *owns.entry(*own).or_default() += 1;
            }
            let conflict = owns.len() > 1;
            let mut any = false;
            for &(i, (_, own)) in &members {
                let same_pair = owns.get(&own).is_some_and(|n| *n > 1);
                any |= same_pair || conflict;
                self.set_flags(i, |f| {
                    f.same_pair = same_pair;
                    f.bsn_conflict = conflict;
                });
            }
            if any {
                self.flagged_bsn.insert(bsn);
            } else {
                self.flagged_bsn.remove(&bsn);
            }
        }
        for own in groups.owns {
            let members = self.members_with_pair(self.by_own.get(&own));
            let first = members.first().map(|(_, (b, _))| *b);
            let conflict = members.iter().any(|(_, (b, _))| Some(*b) != first);
            for &(i, _) in &members {
                self.set_flags(i, |f| f.own_conflict = conflict);
            }
            if conflict {
                self.flagged_own.insert(own);
            } else {
                self.flagged_own.remove(&own);
            }
        }
    }

    fn set_flags(&mut self, i: usize, change: impl FnOnce(&mut Flags)) {
        let mut flags = self.slots[i].flags;
        change(&mut flags);
        if flags != self.slots[i].flags {
            self.uncount(i);
            self.slots[i].flags = flags;
            self.recount(i);
        }
    }

    /// The full check of the row at place `i`.
    fn check_at(&self, i: usize) -> RowCheck {
        let Some(slot) = self.slots.get(i) else {
            return check_row(i, &Koppelregel::default(), self.today);
        };
        let mut check = slot.alone.clone();
        check.index = i;
        let Some((bsn, own)) = slot.pair() else {
            return check;
        };
        for rule in CrossRule::ALL {
            if !slot.flags.get(rule) {
                continue;
            }
            let group = match rule {
                CrossRule::OneOnderwijsnummerTwoBsns => self.by_own.get(&own),
                _ => self.by_bsn.get(&bsn),
            };
            let mut others: Vec<usize> = self
                .members_with_pair(group)
                .into_iter()
                .filter(|&(j, (b, o))| match rule {
                    CrossRule::SamePair => j != i && o == own,
                    CrossRule::OneBsnTwoOnderwijsnummers => o != own,
                    CrossRule::OneOnderwijsnummerTwoBsns => b != bsn,
                })
                .map(|(j, _)| j)
                .collect();
            others.sort_unstable();
            check.add_cross_problem(rule.field(), rule.inline_problem(&others));
        }
        check
    }
}

/// How a table is stored: the rows as typed (empty ones left out), the unsaved flag, and the date
/// they were checked against. Ids are not stored: a loaded table numbers its rows afresh.
#[derive(Serialize, Deserialize)]
struct StoredTable {
    regels: Vec<Koppelregel>,
    #[serde(default)]
    unsaved: bool,
    today: Date,
}

impl Serialize for KoppelTable {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        StoredTable {
            regels: self.filled().cloned().collect(),
            unsaved: self.unsaved,
            today: self.today,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for KoppelTable {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = StoredTable::deserialize(deserializer)?;
        let mut table = KoppelTable::from_regels(stored.regels, stored.today);
        table.unsaved = stored.unsaved;
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use koppelhulp_core::ids::{bsn_from_seed, onderwijsnummer_from_seed};
    use koppelhulp_core::koppelregel::{calendar_date, check_rows};

    fn today() -> Date {
        calendar_date(2026, 3, 1).unwrap_or(Date::MIN)
    }

    fn bsn(seed: u32) -> String {
        bsn_from_seed(seed).to_string()
    }

    fn own(seed: u32) -> String {
        onderwijsnummer_from_seed(seed).to_string()
    }

    /// A complete linking row with these two numbers.
    fn row(b: &str, o: &str) -> Koppelregel {
        Koppelregel {
            bsn: b.into(),
            onderwijsnummer: o.into(),
            achternaam: "Jansen".into(),
            voornamen: "Anna".into(),
            geboortedatum: "05-03-2012".into(),
            geslacht: "V".into(),
            ..Koppelregel::default()
        }
    }

    fn pair(seed: u32) -> Koppelregel {
        row(&bsn(seed), &own(seed))
    }

    /// A row with a remark is a question to DUO; the others ask for a link.
    #[test]
    fn log_entry_counts_questions_as_koppelregel_does() {
        let mut question = pair(2);
        question.opmerking = "Zelfde leerling?".into();
        let mut blank_remark = pair(3);
        blank_remark.opmerking = "  ".into();
        let t = KoppelTable::from_regels(
            vec![pair(1), Koppelregel::default(), question, blank_remark],
            today(),
        );
        assert_eq!(t.rows_to_write().count(), 3);
        let entry = t.log_entry("20260301G0363.koci.xlsx", "01-03-2026 10:00");
        assert_eq!(
            (entry.rows, entry.koppelingen, entry.vragen),
            (3, 2, 1),
            "{entry:?}"
        );
        assert_eq!(entry.file_name, "20260301G0363.koci.xlsx");
        assert_eq!(entry.made_at, "01-03-2026 10:00");
    }

    /// Empty rows (places to type) are not counted or written; filled ones are, in order.
    #[test]
    fn filled_skips_empty_rows() {
        let mut t = KoppelTable::from_regels(
            vec![
                pair(1),
                Koppelregel::default(),
                pair(2),
                Koppelregel::default(),
            ],
            today(),
        );
        t.push_empty();
        let bsns: Vec<&str> = t.filled().map(|r| r.bsn.as_str()).collect();
        assert_eq!(bsns, vec![bsn(1), bsn(2)]);
        assert_eq!(t.len(), 5);
        assert_eq!(KoppelTable::new(today()).filled().count(), 0);
    }

    #[test]
    fn matching_filters_and_searches() {
        let mut bad = pair(3);
        bad.bsn = "123".into();
        let mut named = pair(2);
        named.achternaam = "Çelik".into();
        named.voorvoegsel = "van der".into();
        let table = KoppelTable::from_regels(vec![pair(1), named, bad], today());
        let ids: Vec<RowId> = table.ids().collect();
        let first_bsn = bsn(1);
        // (filter, search) → rows (by place)
        let cases: [(RowFilter, &str, &[usize]); 8] = [
            (RowFilter::All, "", &[0, 1, 2]),
            (RowFilter::WithErrors, "", &[2]),
            (RowFilter::WithProblems, "", &[2]),
            (RowFilter::All, "celik", &[1]),
            (RowFilter::All, "ÇELIK van", &[1]),
            (RowFilter::All, &first_bsn, &[0]),
            (RowFilter::All, "jansen anna", &[0, 2]),
            (RowFilter::WithErrors, "celik", &[]),
        ];
        for (filter, search, expected) in cases {
            let want: Vec<RowId> = expected.iter().map(|i| ids[*i]).collect();
            assert_eq!(
                table.matching(filter, search),
                want,
                "{filter:?} {search:?}"
            );
        }
    }

    /// The table's result equals `check_rows` over its rows; the error list and count agree.
    fn assert_reference(table: &KoppelTable) -> Result<(), String> {
        let regels: Vec<Koppelregel> = table.regels().cloned().collect();
        let reference = check_rows(&regels, table.today());
        let got = table.report();
        if got != reference {
            return Err(format!("table {got:#?}\nreference {reference:#?}"));
        }
        let errors: Vec<(usize, Field, String)> = reference
            .problems()
            .filter(|(_, _, p)| p.severity == Severity::Error)
            .map(|(i, f, p)| (i, f, p.message.clone()))
            .collect();
        let listed: Vec<(usize, Field, String)> = table
            .errors()
            .map(|e| (e.index, e.field, e.message))
            .collect();
        if errors != listed || table.error_count() != errors.len() {
            return Err(format!(
                "errors {listed:?} (count {}) vs {errors:?}",
                table.error_count()
            ));
        }
        if table.can_download() != reference.can_download()
            || !table.rows_to_write().eq(reference.rows_to_write())
        {
            return Err("can_download or rows_to_write differ".into());
        }
        for (i, id) in table.ids().enumerate() {
            if table.position(id) != Some(i) || table.id_at(i) != Some(id) {
                return Err(format!("position of {id} is not {i}"));
            }
        }
        Ok(())
    }

    #[test]
    fn starts_with_one_empty_row_and_keeps_one() {
        let mut t = KoppelTable::new(today());
        assert_eq!(t.len(), 1);
        assert!(!t.unsaved());
        let first = t.id_at(0).unwrap_or(u64::MAX);
        t.remove(first);
        assert_eq!(t.len(), 1);
        assert_ne!(t.id_at(0), Some(first), "ids are never reused");
        assert!(t.unsaved());
        t.mark_downloaded();
        assert!(!t.unsaved());
        t.clear();
        assert_eq!((t.len(), t.unsaved()), (1, false));
        assert_reference(&t).unwrap();
    }

    /// Insert: at a row's place, replacing it when it is empty; else at the end; empty rows
    /// dropped everywhere (as today's screen does). Input → expected BSN column.
    #[test]
    fn insert_cases() {
        let e = Koppelregel::default;
        // (rows before, insert at index, rows inserted, expected bsn column after)
        type Case = (
            Vec<Koppelregel>,
            Option<usize>,
            Vec<Koppelregel>,
            Vec<String>,
        );
        let cases: Vec<Case> = vec![
            (
                vec![],
                Some(0),
                vec![pair(1), pair(2)],
                vec![bsn(1), bsn(2)],
            ),
            (
                vec![pair(1), e(), pair(3)],
                Some(1),
                vec![pair(2)],
                vec![bsn(1), bsn(2), bsn(3)],
            ),
            (
                vec![pair(1), pair(3)],
                Some(1),
                vec![pair(2)],
                vec![bsn(1), bsn(2), bsn(3)],
            ),
            (
                vec![pair(1), pair(2)],
                None,
                vec![pair(3), e()],
                vec![bsn(1), bsn(2), bsn(3)],
            ),
            (vec![pair(1), e()], None, vec![], vec![bsn(1)]),
            (vec![e(), e()], None, vec![e()], vec![String::new()]),
        ];
        for (n, (before, at, new, expected)) in cases.into_iter().enumerate() {
            let mut t = KoppelTable::from_regels(before, today());
            let at = at.and_then(|i| t.id_at(i));
            t.insert(at, new);
            let got: Vec<String> = t.regels().map(|r| r.bsn.clone()).collect();
            assert_eq!(got, expected, "case {n}");
            assert!(t.unsaved(), "case {n}");
            assert_reference(&t).unwrap();
        }
    }

    #[test]
    fn set_cell_rechecks_the_rows_sharing_a_number() {
        let mut t = KoppelTable::from_regels((1..=6).map(pair).collect(), today());
        let ids: Vec<RowId> = t.ids().collect();
        // Row 5 gets row 2's BSN: rows 2 and 5 share it with two onderwijsnummers, a warning
        // (a pupil can have two); row 6 gets row 2's onderwijsnummer: an error.
        t.set_cell(ids[4], Field::Bsn, bsn(2));
        assert_eq!((t.counts().with_warnings, t.counts().with_errors), (2, 0));
        assert!(t.can_download());
        let message = &t.problems(ids[1], Field::Onderwijsnummer)[0].message;
        assert!(
            message.starts_with("Dit BSN staat ook in regel 5,"),
            "{message}"
        );
        assert_reference(&t).unwrap();
        t.set_cell(ids[5], Field::Onderwijsnummer, own(2));
        assert_eq!((t.counts().with_warnings, t.counts().with_errors), (1, 2));
        assert!(!t.can_download());
        assert_reference(&t).unwrap();
        t.set_cell(ids[5], Field::Onderwijsnummer, own(6));
        // A name change leaves the clash as it is.
        t.set_cell(ids[0], Field::Achternaam, "Bakker".into());
        assert_eq!((t.counts().with_warnings, t.counts().with_errors), (2, 0));
        assert_reference(&t).unwrap();
        // Back: the clash is gone from both rows.
        t.set_cell(ids[4], Field::Bsn, bsn(5));
        assert_eq!((t.counts().with_warnings, t.counts().with_errors), (0, 0));
        assert_reference(&t).unwrap();
    }

    #[test]
    fn row_numbers_in_messages_follow_inserts_and_removals() {
        let mut t = KoppelTable::from_regels(vec![pair(1), pair(2), pair(1)], today());
        let ids: Vec<RowId> = t.ids().collect();
        let first = |t: &KoppelTable| t.problems(ids[0], Field::Bsn)[0].message.clone();
        assert!(first(&t).contains("regel 3."), "{}", first(&t));
        t.insert(Some(ids[1]), vec![pair(7)]);
        assert!(first(&t).contains("regel 4."), "{}", first(&t));
        t.remove(ids[1]);
        assert!(first(&t).contains("regel 3."), "{}", first(&t));
        assert_eq!(
            t.cross_row()[0].problem.message,
            "Dezelfde koppeling staat in regels 1 en 3."
        );
        assert_reference(&t).unwrap();
    }

    /// add_pairs: a pair already present (exactly as written) or twice in the batch is added once;
    /// remove_pairs takes every row with such a pair out.
    #[test]
    fn pairs_added_once_and_removed() {
        let mut t = KoppelTable::new(today());
        t.add_pairs(vec![pair(1), pair(2), pair(1)]);
        assert_eq!(t.len(), 2, "the empty row is replaced");
        t.add_pairs(vec![pair(2)]);
        assert_eq!(t.len(), 2, "a pair already there is not added");
        // Written differently: not the same text, so added (and then a duplicate koppeling).
        t.add_pairs(vec![row(&format!("{}.0", bsn(1)), &own(1))]);
        assert_eq!(t.len(), 3);
        assert_eq!(t.counts().with_errors, 2);
        // Numbers that are not valid are compared as text too.
        t.add_pairs(vec![row("12", "34"), row("12", "34")]);
        assert_eq!(t.len(), 4);
        t.remove_pairs(&[(bsn(1), own(1)), ("12".into(), "34".into())]);
        assert_eq!(t.len(), 2);
        assert_eq!(t.counts().with_errors, 0);
        t.remove_pairs(&[(bsn(2), own(2)), (format!("{}.0", bsn(1)), own(1))]);
        assert_eq!(t.len(), 1);
        assert_eq!(t.counts().empty, 1);
        assert_reference(&t).unwrap();
    }

    #[test]
    fn set_today_rechecks_birth_dates() {
        let mut young = pair(1);
        young.geboortedatum = "01-01-2025".into();
        let mut t = KoppelTable::from_regels(vec![young], today());
        assert_eq!(t.counts().with_warnings, 1);
        t.set_today(calendar_date(2027, 6, 1).unwrap_or(Date::MIN));
        assert_eq!(t.counts().ready, 1);
        assert_reference(&t).unwrap();
    }

    #[test]
    fn serde_round_trip() {
        let mut t =
            KoppelTable::from_regels(vec![pair(1), Koppelregel::default(), pair(1)], today());
        t.set_unsaved(true);
        let json = serde_json::to_string(&t).unwrap_or_default();
        let back: KoppelTable = serde_json::from_str(&json).unwrap();
        assert_eq!(back.regels().count(), 2, "empty rows are not stored");
        assert!(back.unsaved());
        assert_eq!(back.counts().with_errors, 2);
        assert_reference(&back).unwrap();
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Values that make clashes likely: a few numbers, written neatly or messily, and junk.
        fn number() -> impl Strategy<Value = String> {
            prop_oneof![
                (0u32..4).prop_map(bsn),
                (0u32..4).prop_map(own),
                (0u32..4).prop_map(|s| format!(" {}.0", bsn(s))),
                Just(String::new()),
                Just("12345".to_string()),
            ]
        }

        fn regel() -> impl Strategy<Value = Koppelregel> {
            (
                number(),
                number(),
                prop_oneof![Just(""), Just("V"), Just("q")],
                prop_oneof![Just(""), Just("Vraag")],
                prop_oneof![Just(""), Just("05-03-2012"), Just("31-02-2012")],
            )
                .prop_map(|(b, o, g, q, d)| Koppelregel {
                    bsn: b,
                    onderwijsnummer: o,
                    geslacht: g.into(),
                    opmerking: q.into(),
                    geboortedatum: d.into(),
                    ..Koppelregel::default()
                })
        }

        fn field() -> impl Strategy<Value = Field> {
            prop_oneof![
                3 => Just(Field::Bsn),
                3 => Just(Field::Onderwijsnummer),
                1 => Just(Field::Geslacht),
                1 => Just(Field::Opmerking),
                1 => Just(Field::Geboortedatum),
            ]
        }

        #[derive(Clone, Debug)]
        enum Op {
            SetCell(usize, Field, String),
            Insert(Option<usize>, Vec<Koppelregel>),
            PushEmpty,
            Remove(usize),
            AddPairs(Vec<Koppelregel>),
            RemovePairs(Vec<(String, String)>),
            SetRegels(Vec<Koppelregel>),
            Clear,
        }

        fn op() -> impl Strategy<Value = Op> {
            prop_oneof![
                8 => (any::<usize>(), field(), number()).prop_map(|(i, f, v)| Op::SetCell(i, f, v)),
                3 => (proptest::option::of(any::<usize>()), proptest::collection::vec(regel(), 0..4))
                    .prop_map(|(at, r)| Op::Insert(at, r)),
                1 => Just(Op::PushEmpty),
                2 => any::<usize>().prop_map(Op::Remove),
                2 => proptest::collection::vec(regel(), 0..4).prop_map(Op::AddPairs),
                2 => proptest::collection::vec((number(), number()), 0..3).prop_map(Op::RemovePairs),
                1 => proptest::collection::vec(regel(), 0..5).prop_map(Op::SetRegels),
                1 => Just(Op::Clear),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 256,
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            /// After any sequence of changes the table equals `check_rows` over its rows (every
            /// row's problems, the cross-row list, the counts, the error list), and at least one
            /// row stays.
            #[test]
            fn incremental_equals_check_rows(
                start in proptest::collection::vec(regel(), 0..5),
                ops in proptest::collection::vec(op(), 1..25),
            ) {
                let mut t = KoppelTable::from_regels(start, today());
                prop_assert!(assert_reference(&t).is_ok());
                for op in ops {
                    let pick = |i: usize| t.id_at(i % t.len());
                    match op.clone() {
                        Op::SetCell(i, f, v) => {
                            let id = pick(i).unwrap_or(0);
                            t.set_cell(id, f, v);
                        }
                        Op::Insert(at, r) => {
                            let at = at.and_then(pick);
                            t.insert(at, r);
                        }
                        Op::PushEmpty => {
                            t.push_empty();
                        }
                        Op::Remove(i) => {
                            let id = pick(i).unwrap_or(0);
                            t.remove(id);
                        }
                        Op::AddPairs(r) => t.add_pairs(r),
                        Op::RemovePairs(p) => t.remove_pairs(&p),
                        Op::SetRegels(r) => t.set_regels(r),
                        Op::Clear => t.clear(),
                    }
                    if let Err(e) = assert_reference(&t) {
                        prop_assert!(false, "after {:?}: {}", op, e);
                    }
                    prop_assert!(!t.is_empty());
                }
            }
        }
    }
}
