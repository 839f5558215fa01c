//! Screen "Antwoord van DUO": open the file DUO put back in Mijn DUO, see per row what DUO answered
//! or changed, read against what was sent (this tab's koppelbestand, or the sent file opened again);
//! mark rows *afgehandeld* or *actie nodig* with a note; export the actielijst; print.

use leptos::prelude::*;

use super::browser;
use super::state::AppState;
use super::state::antwoord::{Loaded, Sent, THIS_TAB, sent_now};
use super::widgets::{ErrorAlert, FileButton, Pager, ProblemList};
use super::worker_client;
use koppelhulp_core::antwoord::{AnsweredRow, Status, check_name};
use koppelhulp_core::koppelregel::Koppelregel;
use koppelhulp_core::text::{count, dutch_number};
use koppelhulp_protocol::{KociRead, ReadAnswer, ReadKoci, WriteActielijst, Xlsx};
use koppelhulp_work::antwoord::{AnswerFilter as Filter, Marks};
use koppelhulp_work::paging::{PAGE_SIZE, page_count, range_text, window};

const FILTERS: [(Filter, &str, &str); 6] = [
    (Filter::All, "alle", "Alle rijen"),
    (Filter::Action, "actie", "Actie nodig"),
    (Filter::Open, "open", "Nog niet bekeken"),
    (Filter::Done, "afgehandeld", "Afgehandeld"),
    (Filter::NoAnswer, "zonder", "Zonder antwoord"),
    (Filter::NotSent, "niet-verzonden", "Niet verzonden"),
];

fn open_answer(state: AppState, file: web_sys::File, message: RwSignal<Option<String>>) {
    let name = file.name();
    leptos::task::spawn_local(async move {
        let sent = sent_now(&state);
        let request = ReadAnswer {
            name: name.clone(),
            sent: sent.regels,
            sent_headers: sent.headers,
        };
        match worker_client::call_with_file(request, &file, |_| ()).await {
            Ok(result) => {
                let active = state
                    .settings
                    .with_untracked(|s| s.active_organisation().cloned());
                let name_problems =
                    check_name(&name, &state.verzendlog.get_untracked(), active.as_ref());
                message.set(None);
                state.antwoord.loaded.set(Some(Loaded {
                    file_name: name,
                    name_problems,
                    result,
                }));
                browser::focus_later("antwoord-uitkomst");
            }
            Err(e) => message.set(Some(format!("{name}: {e}"))),
        }
    });
}

#[component]
pub fn AntwoordScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let a = state.antwoord;
    let message = RwSignal::new(None::<String>);
    let sent_message = RwSignal::new(None::<String>);

    let on_answer = move |files: Vec<web_sys::File>| {
        if let Some(file) = files.into_iter().next() {
            open_answer(state, file, message);
        }
    };
    let on_sent = move |files: Vec<web_sys::File>| {
        let Some(file) = files.into_iter().next() else {
            return;
        };
        let name = file.name();
        leptos::task::spawn_local(async move {
            match worker_client::call_with_file(ReadKoci {}, &file, |_| ()).await {
                Ok(KociRead {
                    rows: regels,
                    layout,
                    ..
                }) => {
                    sent_message.set(Some(format!(
                        "Verzonden bestand: {name} ({}).",
                        count(regels.len(), "rij", "rijen")
                    )));
                    a.sent_file.set(Some(Sent {
                        source: name,
                        regels,
                        headers: layout.headers,
                    }));
                    a.loaded.set(None);
                }
                Err(e) => sent_message.set(Some(format!("{name}: {e}"))),
            }
        });
    };
    // What the answer is read against, counted (not copied: the koppelbestand can hold 10,000 rows).
    // Nothing sent in this tab: no count of 0 rows beside the message that says so.
    let sent_summary = move || {
        let (source, rows) = a.sent_file.with(|sent| match sent {
            Some(s) => (s.source.clone(), s.regels.len()),
            None => (
                THIS_TAB.to_string(),
                state.koppelbestand.with(|t| t.filled().count()),
            ),
        });
        (rows > 0 || a.sent_file.with(Option::is_some)).then(|| {
            format!(
                "Koppelhulp vergelijkt het antwoord met {source} ({}).",
                count(rows, "rij", "rijen")
            )
        })
    };

    view! {
        <h1 id="screen-title" tabindex="-1">
            "Antwoord van DUO"
        </h1>
        <p class="lead">
            "DUO zet het koppelbestand met de antwoorden terug in Mijn DUO. Download het daar en open het hier. "
            "Koppelhulp laat per leerling zien wat DUO heeft geantwoord of veranderd."
        </p>
        <p id="verzonden">{sent_summary}</p>
        {move || {
            let nothing_sent = a.sent_file.with(Option::is_none)
                && state.koppelbestand.with(|t| t.filled().next().is_none());
            nothing_sent
                .then(|| {
                    let latest = state
                        .verzendlog
                        .with(|log| log.latest().map(|e| e.file_name.clone()));
                    view! {
                        <div class="alert" id="geen-verzonden">
                            <p>
                                "Koppelhulp vergelijkt het antwoord met het koppelbestand dat u naar DUO stuurde. In dit "
                                "tabblad staat dat niet (meer). Open het met de knop „Verzonden bestand opnieuw openen”."
                            </p>
                            {latest
                                .map(|name| {
                                    view! {
                                        <p>
                                            "Het laatste bestand dat u in deze browser maakte, heet "
                                            <strong class="file-name">{name}</strong>
                                            ". Zoek het in de map waar u het hebt bewaard."
                                        </p>
                                    }
                                })}
                            <p>
                                "Hebt u het bestand niet meer? Open dan het antwoordbestand van DUO in Excel. De antwoorden van "
                                "DUO staan in de kolommen die u niet zelf hebt ingevuld."
                            </p>
                        </div>
                    }
                })
        }}
        <div class="button-row no-print">
            <FileButton
                id="antwoord-kiezen"
                label="Antwoordbestand van DUO openen"
                accept=".xls,.xlsx,.ods,.csv"
                on_files=on_answer
            />
            <FileButton
                id="verzonden-kiezen"
                label="Verzonden bestand opnieuw openen"
                accept=".xls,.xlsx"
                secondary=true
                on_files=on_sent
            />
        </div>
        {move || sent_message.get().map(|m| view! { <p role="status">{m}</p> })}
        {move || message.get().map(|m| view! { <ErrorAlert message=m /> })}
        {move || a.loaded.get().map(|loaded| view! { <Result loaded=loaded /> })}
    }
}

#[component]
fn Result(loaded: Loaded) -> impl IntoView {
    let state = expect_context::<AppState>();
    let filter = RwSignal::new(Filter::All);
    let r = StoredValue::new(loaded.result.clone());
    let c = loaded.result.counts;
    let marks = state.marks;
    let status_counts = Memo::new(move |_| marks.with(|m| r.with_value(|r| m.counts(&r.rows))));
    // The rows the filter leaves (indices into the answer's rows), then one page of them; printing
    // shows them all.
    let shown: Memo<Vec<usize>> = Memo::new(move |_| {
        let f = filter.get();
        let pick = |m: &Marks| r.with_value(|r| f.apply(m, &r.rows));
        if f.uses_marks() {
            marks.with(pick)
        } else {
            marks.with_untracked(pick)
        }
    });
    let page = RwSignal::new(0usize);
    let print_all = RwSignal::new(false);
    let pages = move || page_count(shown.with(Vec::len), PAGE_SIZE);
    let range = move || {
        let total = shown.with(Vec::len);
        if print_all.get() {
            0..total
        } else {
            window(total, page.get(), PAGE_SIZE)
        }
    };
    let page_rows = Memo::new(move |_| {
        let range = range();
        shown.with(|ids| ids[range].to_vec())
    });
    let print = move |_| {
        print_all.set(true);
        request_animation_frame(move || {
            request_animation_frame(move || {
                browser::print();
                print_all.set(false);
            })
        });
    };
    let title = format!("Actielijst bij {}", loaded.file_name);
    let export_error = RwSignal::new(None::<String>);
    let export = move |_| {
        let request = WriteActielijst {
            title: title.clone(),
            reconciliation: r.get_value(),
            marks: marks.with_untracked(|m| m.as_map().clone()),
        };
        let (y, mo, d) = browser::local_today();
        leptos::task::spawn_local(async move {
            let result = worker_client::call(request, None, |_| ())
                .await
                .and_then(|Xlsx(b)| {
                    browser::download_xlsx(&format!("actielijst-{y:04}{mo:02}{d:02}.xlsx"), &b)
                });
            export_error.set(result.err());
        });
    };
    let missing: Vec<Koppelregel> = {
        let sent = sent_now(&state);
        loaded
            .result
            .missing
            .iter()
            .filter_map(|i| sent.regels.get(*i).cloned())
            .collect()
    };
    let name_problems = loaded.name_problems.clone();
    view! {
        <section aria-labelledby="antwoord-uitkomst">
            <h2 id="antwoord-uitkomst" tabindex="-1">
                {loaded.file_name.clone()}
            </h2>
            {(!name_problems.is_empty())
                .then(|| {
                    view! {
                        <div class="alert alert-info">
                            <ProblemList problems=name_problems.clone() />
                        </div>
                    }
                })}
            <dl class="accounting" id="antwoord-telling">
                <div>
                    <dt>"Met antwoord"</dt>
                    <dd>{c.answered}</dd>
                </div>
                <div>
                    <dt>"Zonder antwoord"</dt>
                    <dd>{c.without_answer}</dd>
                </div>
                <div>
                    <dt>"Gewijzigd door DUO"</dt>
                    <dd>{c.changed}</dd>
                </div>
                <div>
                    <dt>"Niet terug van DUO"</dt>
                    <dd>{c.missing}</dd>
                </div>
                <div>
                    <dt>"Niet verzonden"</dt>
                    <dd>{c.not_sent}</dd>
                </div>
            </dl>
            <p id="status-telling" role="status">
                {move || {
                    let c = status_counts.get();
                    format!(
                        "Afgehandeld: {}. Actie nodig: {}. Nog niet bekeken: {}.",
                        dutch_number(c.afgehandeld),
                        dutch_number(c.actie_nodig),
                        dutch_number(c.open),
                    )
                }}
            </p>
            {(!loaded.result.answer_columns.is_empty())
                .then(|| {
                    view! {
                        <p>"Kolommen van DUO: " {loaded.result.answer_columns.join(", ")} "."</p>
                    }
                })}
            <div class="button-row no-print">
                <div class="field">
                    <label for="antwoord-filter">"Toon"</label>
                    <select
                        id="antwoord-filter"
                        class="select"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            filter
                                .set(
                                    FILTERS
                                        .iter()
                                        .find(|(_, k, _)| *k == v)
                                        .map_or(Filter::All, |f| f.0),
                                );
                            page.set(0);
                        }
                    >
                        {FILTERS
                            .iter()
                            .map(|(_, k, label)| view! { <option value=*k>{*label}</option> })
                            .collect_view()}
                    </select>
                </div>
                <button type="button" class="button" id="actielijst" on:click=export>
                    "Actielijst downloaden (Excel)"
                </button>
                <button type="button" class="button button-secondary" on:click=print>
                    "Afdrukken"
                </button>
            </div>
            {move || export_error.get().map(|m| view! { <ErrorAlert message=m /> })}
            <p id="antwoord-bereik" role="status">
                {move || range_text(&range(), shown.with(Vec::len), "Rij", "rijen")}
            </p>
            <div
                class="table-wrap"
                tabindex="0"
                role="region"
                aria-label="Antwoorden per leerling"
                aria-describedby="antwoord-bereik"
            >
                <table
                    class="table answers"
                    aria-rowcount=move || (shown.with(Vec::len) + 1).to_string()
                >
                    <caption class="visually-hidden">"Antwoorden van DUO per leerling"</caption>
                    <thead>
                        <tr aria-rowindex="1">
                            <th scope="col">"Rij"</th>
                            <th scope="col">"Leerling"</th>
                            <th scope="col">"Antwoord van DUO"</th>
                            <th scope="col">"Gewijzigd door DUO"</th>
                            <th scope="col">"Afhandeling"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || page_rows.get()
                            key=|i| *i
                            children=move |i| {
                                let row = r.with_value(|r| r.rows.get(i).cloned());
                                let index = Memo::new(move |_| {
                                    shown
                                        .with(|s| s.iter().position(|x| *x == i))
                                        .map(|p| p + 2)
                                        .unwrap_or(0)
                                });
                                row.map(|row| view! { <AnswerRowView row=row index=index /> })
                            }
                        />
                    </tbody>
                </table>
            </div>
            <div class="no-print">
                <Pager page=page pages=Signal::derive(pages) />
            </div>
            {(!missing.is_empty())
                .then(|| {
                    view! {
                        <h3>"Verzonden, maar niet terug van DUO"</h3>
                        <ul id="niet-terug">
                            {missing
                                .iter()
                                .map(|m| {
                                    view! {
                                        <li>
                                            {format!(
                                                "BSN {} / onderwijsnummer {} — {} {} {}",
                                                m.bsn,
                                                m.onderwijsnummer,
                                                m.voornamen,
                                                m.voorvoegsel,
                                                m.achternaam,
                                            )}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </section>
    }
}

#[component]
fn AnswerRowView(row: AnsweredRow, index: Memo<usize>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let marks = state.marks;
    let key = row.key();
    let k = key.clone();
    let mark = Memo::new(move |_| marks.with(|m| m.get(&k)));
    let sent = row.sent.is_some();
    let id = format!("rij-{}", row.row);
    let status_id = format!("{id}-status");
    let note_id = format!("{id}-notitie");
    let who = format!("rij {}", row.row);
    let (k1, k2) = (key.clone(), key.clone());
    view! {
        <tr
            class:row-changed=!row.changes.is_empty()
            id=id
            aria-rowindex=move || index.get().to_string()
        >
            <th scope="row">{row.row}</th>
            <td>
                <span class="mono">
                    {if row.bsn.is_empty() {
                        "—".to_string()
                    } else {
                        format!("BSN {}", row.bsn)
                    }}
                </span>
                <br />
                <span class="mono">
                    {if row.onderwijsnummer.is_empty() {
                        "—".to_string()
                    } else {
                        format!("onderwijsnummer {}", row.onderwijsnummer)
                    }}
                </span>
                <br />
                {row.naam.clone()}
                {(!sent)
                    .then(|| {
                        view! {
                            <br />
                            <strong>"Niet verzonden"</strong>
                        }
                    })}
            </td>
            <td>
                {if row.answers.is_empty() {
                    view! { <span class="missing">"(geen)"</span> }.into_any()
                } else {
                    view! {
                        <dl class="answer-list">
                            {row
                                .answers
                                .iter()
                                .map(|(h, t)| {
                                    view! {
                                        <dt>{h.clone()}</dt>
                                        <dd>{t.clone()}</dd>
                                    }
                                })
                                .collect_view()}
                        </dl>
                    }
                        .into_any()
                }}
            </td>
            <td>
                {row
                    .changes
                    .iter()
                    .map(|c| {
                        view! {
                            <p class="change">
                                <strong>{c.column.clone()}</strong>
                                ": "
                                <del>{c.sent.clone()}</del>
                                " → "
                                <mark>{c.returned.clone()}</mark>
                            </p>
                        }
                    })
                    .collect_view()}
            </td>
            <td>
                <label class="visually-hidden" for=status_id.clone()>
                    {format!("Afhandeling {who}")}
                </label>
                <select
                    id=status_id
                    class="select"
                    on:change=move |ev| {
                        let status = Status::from_key(&event_target_value(&ev));
                        marks.update(|m| m.set_status(&k1, status));
                    }
                >
                    {Status::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.key() selected=move || mark.get().status == s>
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <label class="visually-hidden" for=note_id.clone()>
                    {format!("Notitie {who}")}
                </label>
                <input
                    id=note_id
                    class="input note"
                    type="text"
                    placeholder="Notitie"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || mark.get().note
                    on:change=move |ev| {
                        let note = event_target_value(&ev);
                        marks.update(|m| m.set_note(&k2, note));
                    }
                />
            </td>
        </tr>
    }
}
