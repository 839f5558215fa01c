//! Screen "Bestanden": open the registers to compare — any export as xlsx, xls, ods or csv. Per file:
//! the sheet, a preview, the suggested meaning of each column (which the user can change), the row
//! accounting and the rows that could not be used. The files are read in the background worker and
//! stay there (memory only); this screen holds only what it shows.

use leptos::prelude::*;

use super::browser;
use super::state::AppState;
use super::state::registers::{FileStatus, Registers};
use super::widgets::{ErrorAlert, FileButton, ProblemList, ProgressBar};
use super::worker_client::{self, Progress};
use koppelhulp_core::Severity;
use koppelhulp_core::import::ImportField;
use koppelhulp_core::import::ImportSummary;
use koppelhulp_protocol::Call;
use koppelhulp_protocol::{Forget, ProblemsXlsx, Remap, Sheet, Xlsx};

/// Apply another sheet or mapping to a file that was read.
fn change<C: Call<Reply = ImportSummary> + 'static>(registers: Registers, id: u32, request: C) {
    registers.update(id, |f| {
        f.busy = Some(Progress {
            stage: "Bezig".into(),
            done: 0.0,
            total: 0.0,
        });
        f.message = None;
    });
    leptos::task::spawn_local(async move {
        let result = worker_client::call(request, None, move |p| {
            registers.update(id, |f| f.busy = Some(p));
        })
        .await;
        registers.update(id, |f| {
            f.busy = None;
            match result {
                Ok(summary) => f.status = FileStatus::Ready(Box::new(summary)),
                Err(message) => f.message = Some(message),
            }
        });
    });
}

#[component]
pub fn BestandenScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let registers = state.registers;
    let dragging = RwSignal::new(false);

    let on_pick = move |files: Vec<web_sys::File>| {
        for file in files {
            registers.open(file);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        for file in browser::dropped_files(&ev) {
            registers.open(file);
        }
    };

    view! {
        <h1 id="screen-title" tabindex="-1">
            "Bestanden"
        </h1>
        <p class="lead">
            "Open de export van uw leerplichtadministratie. Daarin staan leerlingen met een BSN en leerlingen met alleen "
            "een onderwijsnummer; Koppelhulp zoekt wie twee keer in de lijst staat. Hebt u meer lijsten, bijvoorbeeld "
            "een lijst van een school? Open ze dan samen. Koppelhulp leest Excel (xlsx, xls), LibreOffice (ods) en csv. "
            "De gegevens blijven in dit tabblad; als u het sluit of de pagina opnieuw laadt, zijn ze weg."
        </p>
        <div
            class=move || if dragging.get() { "drop-zone drop-zone-active" } else { "drop-zone" }
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <p>"Sleep bestanden hierheen, of:"</p>
            <FileButton
                id="bestanden-kiezen"
                label="Bestanden kiezen"
                multiple=true
                accept=".xlsx,.xlsm,.xlsb,.xls,.ods,.csv,.txt"
                on_files=on_pick
            />
            <p class="hint">
                "U kunt meer bestanden tegelijk kiezen. Grootte: tot "
                {koppelhulp_core::import::MAX_FILE_BYTES / (1024 * 1024)} " MB per bestand."
            </p>
        </div>
        <Show when=move || !registers.files.with(Vec::is_empty)>
            <ul class="file-list" id="bestanden">
                <For
                    each=move || {
                        registers
                            .files
                            .with(|f| f.iter().map(|e| (e.id, e.name.clone())).collect::<Vec<_>>())
                    }
                    key=|(id, _)| *id
                    let:entry
                >
                    <li>
                        <FileCard id=entry.0 name=entry.1 />
                    </li>
                </For>
            </ul>
        </Show>
    }
}

#[component]
fn FileCard(id: u32, name: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let registers = state.registers;
    let status = Memo::new(move |_| registers.get(id).map(|f| f.status));
    let heading = format!("bestand-{id}");
    let remove = move |_| {
        registers.remove(id);
        let request = Forget { file_id: id };
        leptos::task::spawn_local(async move {
            let _ = worker_client::call(request, None, |_| ()).await;
        });
        browser::focus_later("bestanden-kiezen");
    };
    view! {
        <section class="file-card" aria-labelledby=heading.clone()>
            <div class="file-card-head">
                <h2 id=heading.clone()>{name.clone()}</h2>
                <button type="button" class="button button-secondary button-small" on:click=remove>
                    "Sluiten"
                    <span class="visually-hidden">": " {name.clone()}</span>
                </button>
            </div>
            {move || {
                status
                    .get()
                    .map(|status| match status {
                        FileStatus::Reading(progress) => {
                            view! {
                                <ProgressBar label="Bestand lezen".to_string() progress=progress />
                            }
                                .into_any()
                        }
                        FileStatus::Failed(message) => {
                            view! {
                                <div class="alert alert-error" role="alert">
                                    <p>
                                        <strong>"Dit bestand kon niet worden gelezen. "</strong>
                                        {message}
                                    </p>
                                </div>
                            }
                                .into_any()
                        }
                        FileStatus::Ready(summary) => {
                            view! { <FileDetails id=id name=name.clone() summary=*summary /> }
                                .into_any()
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn FileDetails(id: u32, name: String, summary: ImportSummary) -> impl IntoView {
    let state = expect_context::<AppState>();
    let registers = state.registers;
    let busy = Memo::new(move |_| registers.get(id).and_then(|f| f.busy));
    let message = Memo::new(move |_| registers.get(id).and_then(|f| f.message));
    let a = &summary.accounting;
    let sheet_names = summary.sheet_names.clone();
    let current_sheet = summary.sheet.clone();
    let mapping = summary.mapping.clone();
    let headers = summary.headers.clone();
    let preview = summary.preview.clone();
    let problems = summary.problems.clone();
    let problem_total = summary.problem_total;
    let mapping_problems = summary.mapping_problems.clone();
    let has_error = mapping_problems
        .iter()
        .any(|p| p.severity == Severity::Error);

    let sheet_select = (sheet_names.len() > 1).then(|| {
        let select_id = format!("blad-{id}");
        view! {
            <div class="field">
                <label for=select_id.clone()>"Werkblad"</label>
                <select
                    id=select_id
                    class="select"
                    on:change=move |ev| {
                        change(
                            registers,
                            id,
                            Sheet {
                                file_id: id,
                                sheet: event_target_value(&ev),
                                today: browser::today(),
                            },
                        );
                    }
                >
                    {sheet_names
                        .iter()
                        .map(|s| {
                            view! {
                                <option value=s.clone() selected=*s == current_sheet>
                                    {s.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    });

    let mapping_rows = headers
        .iter()
        .enumerate()
        .map(|(col, header)| {
            let select_id = format!("kolom-{id}-{col}");
            let examples: Vec<String> = preview
                .iter()
                .filter_map(|r| r.cells.get(col))
                .filter(|c| !c.is_empty())
                .take(2)
                .cloned()
                .collect();
            let current = mapping.get(col).copied().flatten();
            let mapping = mapping.clone();
            view! {
                <tr>
                    <th scope="row">
                        <label for=select_id.clone()>{header.clone()}</label>
                    </th>
                    <td class="examples">{examples.join(" · ")}</td>
                    <td>
                        <select
                            id=select_id
                            class="select"
                            on:change=move |ev| {
                                let mut m = mapping.clone();
                                if let Some(slot) = m.get_mut(col) {
                                    *slot = ImportField::from_key(&event_target_value(&ev));
                                }
                                change(
                                    registers,
                                    id,
                                    Remap {
                                        file_id: id,
                                        mapping: m,
                                        today: browser::today(),
                                    },
                                );
                            }
                        >
                            <option value="" selected=current.is_none()>
                                "niet gebruiken"
                            </option>
                            {ImportField::ALL
                                .iter()
                                .map(|f| {
                                    view! {
                                        <option value=f.key() selected=current == Some(*f)>
                                            {f.label()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();

    let preview_table = view! {
        <div
            class="table-wrap"
            tabindex="0"
            role="region"
            aria-label=format!("Voorbeeld van {}", name.clone())
        >
            <table class="table">
                <caption class="visually-hidden">"De eerste rijen van het bestand"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Rij"</th>
                        {headers
                            .iter()
                            .map(|h| view! { <th scope="col">{h.clone()}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {preview
                        .iter()
                        .map(|r| {
                            view! {
                                <tr>
                                    <th scope="row">{r.row}</th>
                                    {r
                                        .cells
                                        .iter()
                                        .map(|c| view! { <td>{c.clone()}</td> })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    };

    let download = move |_| {
        let request = ProblemsXlsx { file_id: id };
        let base = name.clone();
        leptos::task::spawn_local(async move {
            match worker_client::call(request, None, |_| ()).await {
                Ok(Xlsx(bytes)) => {
                    let stem = base
                        .rsplit_once('.')
                        .map_or(base.as_str(), |(s, _)| s)
                        .to_string();
                    if let Err(e) =
                        browser::download_xlsx(&format!("problemen {stem}.xlsx"), &bytes)
                    {
                        registers.update(id, |f| f.message = Some(e));
                    }
                }
                Err(e) => registers.update(id, |f| f.message = Some(e)),
            }
        });
    };

    let shown = problems.len();
    view! {
        <p class="file-meta">
            {summary.kind.clone()} " · werkblad „" {summary.sheet.clone()}
            "” · kopregel op rij " {summary.header_row}
        </p>
        {(!summary.notes.is_empty())
            .then(|| {
                let class = if summary.notes.iter().any(|p| p.severity == Severity::Warning) {
                    "alert alert-warning"
                } else {
                    "alert alert-info"
                };
                // A warning among the notes (names that could not be read) is shown as one.
                view! {
                    <div class=class>
                        <ProblemList problems=summary.notes.clone() />
                    </div>
                }
            })}
        {sheet_select}
        {move || {
            busy.get().map(|p| view! { <ProgressBar label="Bezig".to_string() progress=Some(p) /> })
        }}
        {move || message.get().map(|m| view! { <ErrorAlert message=m /> })}
        {move || {
            registers
                .same_rows_as(id)
                .map(|other| {
                    view! {
                        <div class="alert alert-warning" id=format!("zelfde-rijen-{id}")>
                            <p>
                                {format!(
                                    "Dit bestand heeft dezelfde rijen als {other}. Koppelhulp telt ze één keer: dit bestand doet niet mee bij Dubbelen zoeken. Sluit het als u het per ongeluk opende.",
                                )}
                            </p>
                        </div>
                    }
                })
        }}
        <dl class="accounting" id=format!("telling-{id}")>
            <div>
                <dt>"Rijen gelezen"</dt>
                <dd>{a.read}</dd>
            </div>
            <div>
                <dt>"Gebruikt"</dt>
                <dd>{a.used}</dd>
            </div>
            <div>
                <dt>"Met problemen"</dt>
                <dd>{a.with_problems}</dd>
            </div>
            <div>
                <dt>"Leeg, overgeslagen"</dt>
                <dd>{a.skipped_empty}</dd>
            </div>
        </dl>
        {(!mapping_problems.is_empty())
            .then(|| {
                view! {
                    <div class=if has_error { "alert alert-error" } else { "alert alert-warning" }>
                        <ProblemList problems=mapping_problems.clone() />
                    </div>
                }
            })}
        <h3>"Wat staat in welke kolom?"</h3>
        <p class="hint">
            "Koppelhulp heeft de kolommen herkend aan hun kop. Klopt iets niet, kies dan de juiste betekenis of „niet gebruiken”."
        </p>
        <div class="table-wrap">
            <table class="table mapping">
                <caption class="visually-hidden">"Betekenis van de kolommen"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Kolom in het bestand"</th>
                        <th scope="col">"Voorbeeld"</th>
                        <th scope="col">"Betekenis"</th>
                    </tr>
                </thead>
                <tbody>{mapping_rows}</tbody>
            </table>
        </div>
        <h3>"De eerste rijen"</h3>
        {preview_table}
        <h3>"Rijen met problemen"</h3>
        {if problem_total == 0 {
            view! { <p>"Geen problemen gevonden."</p> }.into_any()
        } else {
            view! {
                <p>
                    {if shown < problem_total {
                        format!("De eerste {shown} van {problem_total} problemen:")
                    } else {
                        format!("{problem_total} problemen:")
                    }}
                </p>
                <ul class="problem-list" id=format!("problemen-{id}")>
                    {problems
                        .into_iter()
                        .map(|p| {
                            view! {
                                <li>
                                    <strong>"Rij " {p.row}</strong>
                                    {p.column.map(|c| format!(" ({c})"))}
                                    ": "
                                    {p.problem.message}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <button type="button" class="button button-secondary" on:click=download>
                    "Alle problemen downloaden (Excel)"
                </button>
            }
                .into_any()
        }}
    }
}
