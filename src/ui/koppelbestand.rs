//! Screen "Koppelbestand": fill DUO's koppelbestand by typing, pasting from Excel or opening an
//! earlier file; every cell checked inline, an error summary above the table; download under the
//! exact name DUO demands.

use std::collections::HashMap;

use leptos::prelude::*;

use super::browser;
use super::state::koppelbestand::{LOG_KEY, TEMPLATE_KEY, load_log, load_template};
use super::state::{AppState, Screen};
use super::widgets::{FileButton, ProblemList, alert_class};
use super::worker_client;
use crate::core::Severity;
use crate::core::koci_name::KociFileName;
use crate::core::koppelregel::{Field, Koppelregel, RowReport, check_rows, parse_date};
use crate::core::organisation::Register;
use crate::core::paste::{is_block, parse_block};
use crate::core::verzendlog::LogEntry;
use crate::io::koci_xlsx::KociLayout;
use crate::worker::Call;
use crate::worker::protocol::{ReadKoci, ReadTemplate, WriteKoci, Xlsx};

const SUMMARY_LIMIT: usize = 30;

type Message = Option<(Severity, String, Vec<crate::core::Problem>)>;

/// Read the file the user chose in the worker and hand the result on; the message line says what
/// happened (or, in Dutch, why the file could not be read).
fn read_in_worker<C: Call + 'static>(
    files: Vec<web_sys::File>,
    request: C,
    message: RwSignal<Message>,
    done: impl FnOnce(C::Reply, String) -> (String, Vec<crate::core::Problem>) + 'static,
) {
    let Some(file) = files.into_iter().next() else {
        return;
    };
    let name = file.name();
    leptos::task::spawn_local(async move {
        let result = worker_client::call_with_file(request, &file, |_| ()).await;
        message.set(Some(match result {
            Ok(value) => {
                let (text, problems) = done(value, name);
                (Severity::Notice, text, problems)
            }
            Err(e) => (Severity::Error, format!("{name}: {e}"), Vec::new()),
        }));
    });
}

/// "1 regel", "20 regels".
fn count_regels(n: usize) -> String {
    if n == 1 {
        "1 regel".to_string()
    } else {
        format!("{n} regels")
    }
}

fn cell_id(row: u64, field: Field) -> String {
    format!("cel-{row}-{}", field_index(field))
}

fn field_index(field: Field) -> usize {
    Field::ALL.iter().position(|f| *f == field).unwrap_or(0)
}

fn field_from_cell_id(id: &str) -> Option<(u64, Field)> {
    let mut parts = id.strip_prefix("cel-")?.split('-');
    let row = parts.next()?.parse().ok()?;
    let field = Field::ALL
        .get(parts.next()?.parse::<usize>().ok()?)
        .copied()?;
    Some((row, field))
}

fn iso(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

#[component]
pub fn KoppelbestandScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let kb = state.koppelbestand;
    let register = Register::embedded();

    let report: Memo<RowReport> = Memo::new(move |_| {
        let regels: Vec<Koppelregel> = kb
            .rows
            .with(|rows| rows.iter().map(|r| r.regel.clone()).collect());
        check_rows(&regels, browser::today())
    });
    let positions: Memo<HashMap<u64, usize>> = Memo::new(move |_| {
        kb.rows
            .with(|rows| rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect())
    });

    let file_date = RwSignal::new(iso(browser::today()));
    let date_problem = Memo::new(move |_| parse_date(&file_date.get()).err().map(|p| p.message));
    let file_name = Memo::new(move |_| {
        let org = state.settings.with(|s| s.active_organisation().cloned())?;
        let date = parse_date(&file_date.get()).ok()?;
        KociFileName::for_organisation(date, &org).ok()
    });
    let template = RwSignal::new(load_template());
    let message = RwSignal::new(Message::None);
    let downloaded = RwSignal::new(None::<String>);
    let show_summary = RwSignal::new(false);

    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        let Some(text) = browser::pasted_text(&ev) else {
            return;
        };
        if !is_block(&text) {
            return;
        }
        ev.prevent_default();
        let target = browser::target_id(&ev).and_then(|id| field_from_cell_id(&id));
        let (at, field) = match target {
            Some((row, field)) => (Some(row), field),
            None => (None, Field::Bsn),
        };
        let pasted = parse_block(&text, field);
        let n = pasted.rows.len();
        kb.insert(at, pasted.rows);
        let header = if pasted.had_header {
            " (met kopregel)"
        } else {
            ""
        };
        message.set(Some((
            Severity::Notice,
            format!("{} geplakt{header}.", count_regels(n)),
            pasted.problems,
        )));
    };

    let on_open = move |files: Vec<web_sys::File>| {
        read_in_worker(files, ReadKoci {}, message, move |read, name| {
            let n = read.rows.len();
            kb.insert(None, read.rows);
            (
                format!("{} gelezen uit {name}.", count_regels(n)),
                read.problems,
            )
        });
    };

    let on_template = move |files: Vec<web_sys::File>| {
        read_in_worker(files, ReadTemplate {}, message, move |layout, name| {
            browser::local_set(
                TEMPLATE_KEY,
                &serde_json::to_string(&layout).unwrap_or_default(),
            );
            template.set(Some(layout));
            (format!("Sjabloon {name} wordt nu gebruikt."), Vec::new())
        });
    };

    let on_download = move |_| {
        let rep = report.get_untracked();
        if !rep.can_download() {
            show_summary.set(true);
            browser::focus_later("fout-samenvatting");
            return;
        }
        let Some(name) = file_name.get_untracked() else {
            browser::focus_later("bestandsnaam");
            return;
        };
        let layout = template
            .get_untracked()
            .unwrap_or_else(KociLayout::default_layout);
        let rows: Vec<_> = rep.rows_to_write().cloned().collect();
        let vragen = rows
            .iter()
            .filter(|r| !r.opmerking.trim().is_empty())
            .count();
        let total = rows.len();
        leptos::task::spawn_local(async move {
            match worker_client::call(WriteKoci { rows, layout }, None, |_| ()).await {
                Ok(Xlsx(bytes)) => {
                    let name = name.to_string();
                    if let Err(e) = browser::download_xlsx(&name, &bytes) {
                        message.set(Some((Severity::Error, e, Vec::new())));
                        return;
                    }
                    let mut log = load_log();
                    log.add(LogEntry {
                        file_name: name.clone(),
                        made_at: browser::local_now_text(),
                        rows: total,
                        koppelingen: total - vragen,
                        vragen,
                    });
                    browser::local_set(LOG_KEY, &log.to_json());
                    kb.unsaved.set(false);
                    kb.persist();
                    downloaded.set(Some(name));
                    browser::focus_later("gedownload");
                }
                Err(e) => message.set(Some((Severity::Error, e, Vec::new()))),
            }
        });
    };

    view! {
        <h1 id="screen-title" tabindex="-1">"Koppelbestand"</h1>
        <p>
            "Maak hier het bestand " <em>"Koppelen gegevens"</em> " voor DUO. Typ de leerlingen in de tabel, "
            "of kopieer in Excel een blok cellen en plak het (Ctrl+V) in een cel van de tabel. "
            "Een regel zonder opmerking is een koppeling: vul dan het BSN en het onderwijsnummer in. "
            "Een regel met een opmerking is een vraag aan DUO: dan is één nummer genoeg."
        </p>

        {move || message.get().map(|(severity, text, problems)| {
            let class = alert_class(severity);
            view! {
                <div class=class role="status" id="melding">
                    <p>{text}</p>
                    <ProblemList problems=problems/>
                </div>
            }
        })}

        <p id="tellingen" role="status">
            {move || report.with(|r| {
                let c = r.counts;
                format!(
                    "{} klaar · {} met fouten · {} met waarschuwingen",
                    count_regels(c.ready + c.with_warnings),
                    c.with_errors,
                    c.with_warnings
                )
            })}
        </p>

        {move || {
            let errors: Vec<(u64, Field, usize, String)> = report.with(|r| {
                kb.rows.with(|rows| {
                    r.problems()
                        .filter(|(_, _, p)| p.severity == Severity::Error)
                        .filter_map(|(i, f, p)| rows.get(i).map(|row| (row.id, f, i, p.message.clone())))
                        .collect()
                })
            });
            (show_summary.get() && !errors.is_empty()).then(|| {
                let total = errors.len();
                view! {
                    <div class="alert alert-error error-summary" id="fout-samenvatting" tabindex="-1" role="alert"
                        aria-labelledby="fout-samenvatting-titel">
                        <h2 id="fout-samenvatting-titel">
                            {if total == 1 { "Er is 1 fout".to_string() } else { format!("Er zijn {total} fouten") }}
                        </h2>
                        <p>"Verbeter deze eerst; daarna kunt u het bestand downloaden."</p>
                        <ul>
                            {errors.into_iter().take(SUMMARY_LIMIT).map(|(id, field, i, text)| {
                                let target = cell_id(id, field);
                                let href = format!("#{target}");
                                view! {
                                    <li>
                                        <a href=href on:click=move |ev| {
                                            ev.prevent_default();
                                            if let Some(el) = document().get_element_by_id(&target) {
                                                use leptos::wasm_bindgen::JsCast;
                                                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                                                    let _ = el.focus();
                                                }
                                            }
                                        }>
                                            {format!("Regel {}, {}: {}", i + 1, field.label(), text)}
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {(total > SUMMARY_LIMIT).then(|| view! {
                            <p>{format!("En nog {} fouten; ze staan bij de cellen in de tabel.", total - SUMMARY_LIMIT)}</p>
                        })}
                    </div>
                }
            })
        }}

        <div class="table-wrap" role="region" aria-labelledby="tabel-titel" tabindex="0">
            <table class="koppeltabel" on:paste=on_paste>
                <caption id="tabel-titel">"Regels van het koppelbestand"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Regel"</th>
                        {Field::ALL.into_iter().map(|f| view! { <th scope="col">{f.label()}</th> }).collect_view()}
                        <th scope="col"><span class="visually-hidden">"Verwijderen"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || kb.rows.with(|rows| rows.iter().map(|r| r.id).collect::<Vec<_>>())
                        key=|id| *id
                        children=move |id| {
                            let number = move || positions.with(|p| p.get(&id).map(|i| i + 1).unwrap_or(0));
                            view! {
                                <tr>
                                    <th scope="row">{number}</th>
                                    {Field::ALL.into_iter().map(|field| view! {
                                        <Cell id=id field=field report=report positions=positions/>
                                    }).collect_view()}
                                    <td>
                                        <button type="button" class="button button-secondary button-small"
                                            on:click=move |_| kb.delete(id)>
                                            "Verwijder"<span class="visually-hidden">{move || format!(" regel {}", number())}</span>
                                        </button>
                                    </td>
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
        </div>
        <div class="button-row">
            <button type="button" class="button button-secondary" id="regel-toevoegen" on:click=move |_| {
                let id = kb.add_empty();
                let target = cell_id(id, Field::Bsn);
                leptos::prelude::request_animation_frame(move || {
                    if let Some(el) = document().get_element_by_id(&target) {
                        use leptos::wasm_bindgen::JsCast;
                        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                            let _ = el.focus();
                        }
                    }
                });
            }>"Regel toevoegen"</button>
            <FileButton id="koci-openen" label="Eerder koppelbestand openen" accept=".xlsx,.xls"
                secondary=true on_files=on_open/>
        </div>

        <h2>"Bestand downloaden"</h2>
        {move || state.settings.with(|s| s.active_organisation().is_none()).then(|| view! {
            <div class="alert alert-warning">
                <p>
                    "Stel eerst uw organisatie in: de code staat in de naam van het bestand. "
                    <a href=Screen::Instellingen.href()>"Naar Instellingen"</a>
                </p>
            </div>
        })}
        <div class="field">
            <label for="bestandsdatum">"Datum in de bestandsnaam"</label>
            <span class="hint" id="bestandsdatum-hint">"Standaard vandaag."</span>
            {move || date_problem.get().map(|m| view! { <p class="field-error" id="bestandsdatum-fout">{m}</p> })}
            <input class="input input-date" type="date" id="bestandsdatum"
                aria-describedby=move || if date_problem.get().is_some() { "bestandsdatum-hint bestandsdatum-fout" } else { "bestandsdatum-hint" }
                prop:value=move || file_date.get()
                on:input=move |ev| file_date.set(event_target_value(&ev))/>
        </div>
        <p id="bestandsnaam" tabindex="-1">
            "Bestandsnaam: "
            <strong class="file-name">{move || file_name.get().map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</strong>
            {move || state.settings.with(|s| s.active_organisation().map(|o| format!(" ({})", register.describe(o).title)))}
        </p>
        <p class="hint" id="download-uitleg">
            {move || {
                let r = report.get();
                if file_name.with(Option::is_none) {
                    "U kunt downloaden als uw organisatie is ingesteld en de datum klopt.".to_string()
                } else if r.counts.with_errors > 0 {
                    format!("U kunt downloaden als de {} regels met fouten zijn verbeterd.", r.counts.with_errors)
                } else if !r.can_download() {
                    "Vul eerst ten minste één regel in.".to_string()
                } else {
                    "Het bestand bevat persoonsgegevens. Bewaar het alleen in een map waar alleen u en uw collega's bij kunnen, \
                     upload het in Mijn DUO en verwijder het daarna. Stuur het niet per e-mail."
                        .to_string()
                }
            }}
        </p>
        <div class="button-row">
            <button type="button" class="button" id="downloaden" aria-describedby="download-uitleg"
                aria-disabled=move || (!report.with(RowReport::can_download) || file_name.with(Option::is_none)).to_string()
                on:click=on_download>
                "Downloaden"
            </button>
        </div>
        {move || downloaded.get().map(|name| view! {
            <div class="alert alert-success" id="gedownload" tabindex="-1" role="status">
                <p>{format!("{name} is gedownload. ")}<a href=Screen::Versturen.href()>"Verder naar Versturen"</a></p>
            </div>
        })}

        <h2>"DUO-sjabloon"</h2>
        {move || match template.get() {
            Some(layout) => view! {
                <p id="sjabloon-status">
                    {format!("Koppelhulp gebruikt het sjabloon van DUO: werkblad „{}”, kolommen {}.", layout.sheet_name, layout.headers.join(", "))}
                </p>
                <div class="button-row">
                    <button type="button" class="button button-secondary" on:click=move |_| {
                        browser::local_remove(TEMPLATE_KEY);
                        template.set(None);
                    }>"Standaardindeling gebruiken"</button>
                </div>
            }.into_any(),
            None => view! {
                <p id="sjabloon-status">
                    "Koppelhulp gebruikt nu zijn standaardindeling. Heeft u het lege Excel-bestand van DUO? "
                    "Laad het dan één keer: Koppelhulp schrijft de regels dan onder de kolommen van DUO, in de volgorde van DUO. "
                    "Alleen de indeling wordt bewaard, geen gegevens."
                </p>
            }.into_any(),
        }}
        <div class="button-row">
            <FileButton id="sjabloon-laden" label="Sjabloon van DUO laden" accept=".xlsx,.xls"
                secondary=true on_files=on_template/>
        </div>
    }
}

/// One editable cell with its own problems shown under it.
#[component]
fn Cell(
    id: u64,
    field: Field,
    report: Memo<RowReport>,
    positions: Memo<HashMap<u64, usize>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let kb = state.koppelbestand;
    let input_id = cell_id(id, field);
    let error_id = format!("{input_id}-melding");
    let problems = Memo::new(move |_| {
        let pos = positions.with(|p| p.get(&id).copied());
        pos.and_then(|i| report.with(|r| r.rows.get(i).map(|c| c.problems(field).to_vec())))
            .unwrap_or_default()
    });
    let worst = move || problems.with(|p| p.iter().map(|p| p.severity).min());
    let label = move || {
        let n = positions.with(|p| p.get(&id).map(|i| i + 1).unwrap_or(0));
        format!("{}, regel {n}", field.label())
    };
    let error_id2 = error_id.clone();
    view! {
        <td class=move || match worst() {
            Some(Severity::Error) => "cell cell-error",
            Some(Severity::Warning) => "cell cell-warning",
            _ => "cell",
        }>
            <input type="text" class="cell-input" id=input_id autocomplete="off" spellcheck="false"
                aria-label=label
                aria-invalid=move || (worst() == Some(Severity::Error)).to_string()
                aria-describedby=move || problems.with(|p| !p.is_empty()).then(|| error_id2.clone())
                prop:value=move || {
                    let pos = positions.with(|p| p.get(&id).copied());
                    kb.rows.with(|rows| pos.and_then(|i| rows.get(i)).map(|r| r.regel.get(field).to_string()).unwrap_or_default())
                }
                on:change=move |ev| kb.set_cell(id, field, event_target_value(&ev))/>
            {move || problems.with(|p| p.first().cloned()).map(|p| {
                let prefix = if p.severity == Severity::Error { "Fout: " } else { "Let op: " };
                view! {
                    <p class="cell-message" id=error_id.clone()>
                        <span class="visually-hidden">{prefix}</span>{p.message}
                    </p>
                }
            })}
        </td>
    }
}
