//! The work file on the page: the officer's work gathered from the state's slices into one
//! [`Work`] (to save), a work file's [`Work`] put back into them (when opened), and whether the
//! tab holds work not saved since (for the confirmation when the tab closes).

use leptos::prelude::*;

use super::AppState;
use crate::browser;
use koppelhulp_work::werkbestand::About;
use koppelhulp_work::{FORMAT_VERSION, Work};

/// What the page keeps about the work file (the work itself is [`Work`], in the state's slices).
#[derive(Clone, Copy)]
pub struct WorkFileStatus {
    /// The name of DUO's answer file that an opened work file's marks belong to.
    pub antwoord_file: RwSignal<String>,
    /// The work changed since it was last saved or opened as a work file.
    pub changed: RwSignal<bool>,
    /// The next change comes from opening a work file (not the officer's own).
    opening: StoredValue<bool>,
}

impl WorkFileStatus {
    pub fn new() -> WorkFileStatus {
        WorkFileStatus {
            antwoord_file: RwSignal::new(String::new()),
            changed: RwSignal::new(false),
            opening: StoredValue::new(false),
        }
    }
}

impl Default for WorkFileStatus {
    fn default() -> Self {
        WorkFileStatus::new()
    }
}

/// Counts of a work, for the dialogs: rows, decisions, marks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WorkCounts {
    pub rows: usize,
    pub decisions: usize,
    pub marks: usize,
}

impl WorkCounts {
    pub fn of(work: &Work) -> WorkCounts {
        WorkCounts {
            rows: work.koppelbestand.filled().count(),
            decisions: work.review.decided(),
            marks: work.marks.as_map().len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == WorkCounts::default()
    }

    /// "20 regels, 5 besluiten en 2 markeringen".
    pub fn text(&self) -> String {
        let n = |count: usize, one: &str, more: &str| {
            format!("{count} {}", if count == 1 { one } else { more })
        };
        format!(
            "{}, {} en {}",
            n(self.rows, "regel", "regels"),
            n(self.decisions, "besluit", "besluiten"),
            n(self.marks, "markering", "markeringen")
        )
    }
}

/// Mark the work changed whenever the koppelbestand, the decisions or the marks change (not on
/// loading, and not when a work file put them back).
pub fn track_changes(state: AppState) {
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        state.koppelbestand.track();
        state.review.track();
        state.marks.track();
        if first.get_value() {
            first.set_value(false);
            return;
        }
        if state.work_file.opening.get_value() {
            state.work_file.opening.set_value(false);
            return;
        }
        state.work_file.changed.set(true);
    });
}

/// The tab's counts now (tracked).
pub fn current_counts(state: &AppState) -> WorkCounts {
    WorkCounts {
        rows: state.koppelbestand.with(|t| t.filled().count()),
        decisions: state.review.with(|r| r.decided()),
        marks: state.marks.with(|m| m.as_map().len()),
    }
}

/// All of the officer's work in this tab, as a work file holds it.
pub fn current_work(state: &AppState) -> Work {
    let antwoord_file = state
        .antwoord
        .loaded
        .with_untracked(|l| l.as_ref().map(|l| l.file_name.clone()))
        .unwrap_or_else(|| state.work_file.antwoord_file.get_untracked());
    Work {
        format_version: FORMAT_VERSION,
        koppelbestand: state.koppelbestand.get_untracked(),
        review: state.review.get_untracked(),
        marks: state.marks.get_untracked(),
        files: state.registers.for_work_file(),
        antwoord_file,
    }
}

/// What the `Over` sheet says: app version, the active organisation, now.
pub fn about_now(state: &AppState) -> About {
    let organisation = state.settings.with_untracked(|s| {
        s.active_organisation()
            .map(|o| {
                let title = koppelhulp_core::organisation::Register::embedded()
                    .describe(o)
                    .title;
                format!("{} {title}", o.file_code())
            })
            .unwrap_or_default()
    });
    About {
        app_version: super::VERSION.to_string(),
        organisation,
        saved_at: browser::local_now_text(),
        format_version: FORMAT_VERSION,
    }
}

/// Put an opened work file's work in place of the tab's: the koppelbestand (checked against
/// today), the decisions (a new search asks only about pairs not decided), the marks, and the
/// register files it needs. The answer read and the pairs found belong to the old work: they go.
pub fn replace(state: &AppState, work: Work) {
    let today = browser::today();
    let Work {
        mut koppelbestand,
        mut review,
        marks,
        files,
        antwoord_file,
        ..
    } = work;
    koppelbestand.set_today(today);
    review.set_today(today);
    state.work_file.opening.set_value(true);
    state.koppelbestand.set(koppelbestand);
    state.review.set(review);
    state.marks.set(marks);
    state.dubbelen.clear();
    state.antwoord.clear();
    state.work_file.antwoord_file.set(antwoord_file);
    state.registers.needed.set(files);
    state.work_file.changed.set(false);
}
