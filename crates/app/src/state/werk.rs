//! The work file on the page: the officer's work gathered from the state's slices into one
//! [`Work`] (to save), a work file's [`Work`] put back into them (when opened), and whether the
//! tab holds work not saved since ([`changed_since_saved`], for the question when the tab
//! closes).

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
    /// The koppelbestand, decisions and marks as they were when the work was last saved, opened
    /// or cleared (their stored form: row ids and undo steps are not part of it).
    saved: StoredValue<String>,
}

impl WorkFileStatus {
    pub fn new() -> WorkFileStatus {
        WorkFileStatus {
            antwoord_file: RwSignal::new(String::new()),
            saved: StoredValue::new(String::new()),
        }
    }
}

impl Default for WorkFileStatus {
    fn default() -> Self {
        WorkFileStatus::new()
    }
}

/// The part of the work the leave-page question is about, in its stored form.
fn tracked(state: &AppState) -> String {
    state.koppelbestand.with_untracked(|k| {
        state.review.with_untracked(|r| {
            state
                .marks
                .with_untracked(|m| serde_json::to_string(&(k, r, m)).unwrap_or_default())
        })
    })
}

/// The work as it is now counts as saved (saved or opened as a work file, cleared, or empty).
pub fn mark_saved(state: &AppState) {
    state.work_file.saved.set_value(tracked(state));
}

/// True when the koppelbestand, the decisions or the marks differ from when the work was last
/// saved, opened or cleared. Computed when asked (the tab closes, a dialog opens): no effect
/// follows the changes.
pub fn changed_since_saved(state: &AppState) -> bool {
    state
        .work_file
        .saved
        .with_value(|saved| *saved != tracked(state))
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
    state.koppelbestand.set(koppelbestand);
    state.review.set(review);
    state.marks.set(marks);
    state.dubbelen.clear();
    state.antwoord.clear();
    state.work_file.antwoord_file.set(antwoord_file);
    state.registers.needed.set(files);
    mark_saved(state);
}
