//! Widgets more than one screen uses: problem lists, progress bars, alerts, a button that chooses
//! files, an organisation's title, the register files an opened work file needs. Screens import these (and state, browser glue, core and the
//! model) — never another screen.

use leptos::prelude::*;

use super::browser;
use super::state::AppState;
use super::worker_client::Progress;
use koppelhulp_core::organisation::{Organisation, Register};
use koppelhulp_core::text::dutch_number;
use koppelhulp_core::{Problem, Severity};

/// Warnings and notices as a short list.
#[component]
pub fn ProblemList(problems: Vec<Problem>) -> impl IntoView {
    (!problems.is_empty()).then(|| {
        view! {
            <ul>
                {problems
                    .into_iter()
                    .map(|p| {
                        let label = match p.severity {
                            Severity::Error => "Fout: ",
                            Severity::Warning => "Let op: ",
                            Severity::Notice => "Goed om te weten: ",
                        };
                        view! {
                            <li>
                                <strong>{label}</strong>
                                {p.message}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// A labelled progress bar with "stage: n van m".
#[component]
pub fn ProgressBar(label: String, progress: Option<Progress>) -> impl IntoView {
    let (text, value, max) = match &progress {
        Some(p) if p.total > 0.0 => (
            format!(
                "{}: {} van {}",
                p.stage,
                dutch_number(p.done as usize),
                dutch_number(p.total as usize)
            ),
            // Whole numbers (counts): an `f64` attribute would bring a float formatter into the
            // page's wasm.
            Some(p.done as u64),
            p.total as u64,
        ),
        Some(p) => (p.stage.clone(), None, 1),
        None => (label, None, 1),
    };
    view! {
        <div class="progress" role="status">
            <p>{text.clone()}</p>
            <progress max=max value=value aria-label=text></progress>
        </div>
    }
}

/// The CSS class of an alert of this severity.
pub fn alert_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "alert alert-error",
        Severity::Warning => "alert alert-warning",
        Severity::Notice => "alert",
    }
}

/// An error message that screen readers announce at once.
#[component]
pub fn ErrorAlert(message: String) -> impl IntoView {
    view! {
        <div class="alert alert-error" role="alert">
            <p>{message}</p>
        </div>
    }
}

/// A button that opens the browser's file chooser (a label over a hidden file input, so that it is
/// reachable by keyboard and the input keeps its id for tests). `on_files` gets the chosen files;
/// the input is emptied, so that choosing the same file again is seen. Over plain http the input is
/// disabled and says why ([`browser::INSECURE_FILES`]).
#[component]
pub fn FileButton(
    id: &'static str,
    label: &'static str,
    accept: &'static str,
    #[prop(optional)] multiple: bool,
    #[prop(optional)] secondary: bool,
    on_files: impl Fn(Vec<web_sys::File>) + 'static,
) -> impl IntoView {
    let class = if secondary {
        "button button-secondary file-button"
    } else {
        "button file-button"
    };
    let allowed = browser::files_allowed();
    let refused_id = format!("{id}-onbeveiligd");
    view! {
        <label class=class class:file-button-disabled=!allowed for=id>
            {label}
            <input
                class="visually-hidden"
                id=id
                type="file"
                accept=accept
                multiple=multiple
                disabled=!allowed
                aria-describedby=(!allowed).then(|| refused_id.clone())
                on:change=move |ev| {
                    let files = browser::chosen_files(&ev);
                    if !files.is_empty() {
                        on_files(files);
                    }
                }
            />
        </label>
        {(!allowed)
            .then(|| {
                view! {
                    <p class="field-error file-refused" id=refused_id.clone()>
                        {browser::INSECURE_FILES}
                    </p>
                }
            })}
    }
}

/// Page buttons under a long table: first, previous, "pagina x van y", next, last. `page` is the
/// page asked for; a page past the end (rows removed, a filter changed) is shown as the last page
/// (as `work::paging::window` does), so no effect has to correct the signal.
#[component]
pub fn Pager(page: RwSignal<usize>, pages: Signal<usize>) -> impl IntoView {
    let current = Memo::new(move |_| page.get().min(pages.get().saturating_sub(1)));
    let at_start = move || current.get() == 0;
    let at_end = move || current.get() + 1 >= pages.get();
    view! {
        <nav class="pager" aria-label="Pagina's van de tabel" class:hidden=move || pages.get() <= 1>
            <button
                type="button"
                class="button button-secondary button-small"
                id="pagina-eerste"
                disabled=at_start
                on:click=move |_| page.set(0)
            >
                "Eerste"
            </button>
            <button
                type="button"
                class="button button-secondary button-small"
                id="pagina-vorige"
                disabled=at_start
                on:click=move |_| page.set(current.get_untracked().saturating_sub(1))
            >
                "Vorige"
            </button>
            <span id="pagina-nummer">
                {move || {
                    format!(
                        "Pagina {} van {}",
                        dutch_number(current.get() + 1),
                        dutch_number(pages.get()),
                    )
                }}
            </span>
            <button
                type="button"
                class="button button-secondary button-small"
                id="pagina-volgende"
                disabled=at_end
                on:click=move |_| page.set(current.get_untracked() + 1)
            >
                "Volgende"
            </button>
            <button
                type="button"
                class="button button-secondary button-small"
                id="pagina-laatste"
                disabled=at_end
                on:click=move |_| page.set(pages.get_untracked().saturating_sub(1))
            >
                "Laatste"
            </button>
        </nav>
    }
}

/// An organisation's title as the app shows it everywhere ("Gemeente Amsterdam (0363)").
pub fn organisation_title(org: &Organisation) -> String {
    Register::embedded().describe(org).title
}

/// On Dubbelen zoeken: the register files the opened work was made with, each marked open (the
/// same file, recognised by its SHA-256) or still to open on Bestanden.
#[component]
pub fn NeededFiles() -> impl IntoView {
    let state = expect_context::<AppState>();
    let registers = state.registers;
    move || {
        let needed = registers.needed.get();
        (!needed.is_empty()).then(|| {
            let items = needed
                .into_iter()
                .map(|f| {
                    let open = registers.is_open(&f.sha256);
                    view! {
                        <li>
                            <strong>{f.name.clone()}</strong>
                            {if open {
                                " — geopend (hetzelfde bestand)".to_string()
                            } else {
                                format!(" — nog niet geopend ({} rijen)", f.counts.records)
                            }}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section
                    class="alert"
                    id="nodige-bestanden"
                    aria-labelledby="nodige-bestanden-titel"
                >
                    <h2 id="nodige-bestanden-titel">"Bestanden uit uw opgeslagen werk"</h2>
                    <p>
                        "Uw werk is gemaakt met deze bestanden. Open ze op Bestanden opnieuw om verder "
                        "te zoeken; Koppelhulp herkent ze aan hun inhoud en vraagt niet opnieuw naar "
                        "paren waarover u al besliste."
                    </p>
                    <ul>{items}</ul>
                </section>
            }
        })
    }
}
