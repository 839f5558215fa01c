//! Screen "Koppelbestand": fill DUO's koppelbestand by typing, pasting from Excel or opening an
//! earlier file; every cell checked inline, an error summary above the table; download under the
//! exact name DUO demands. The rows and their checks are `work::koppelbestand::KoppelTable` (checks
//! kept up to date per change); the screen shows one page of rows at a time, with a filter and a
//! search, so that it stays instant at 10,000 rows.

use leptos::prelude::*;

use super::browser;
use super::state::{AppState, Screen};
use super::widgets::{FileButton, Pager, ProblemList, alert_class, organisation_title};
use super::worker_client;
use koppelhulp_core::Severity;
use koppelhulp_core::date::format_iso;
use koppelhulp_core::koci_layout::KociLayout;
use koppelhulp_core::koci_name::KociFileName;
use koppelhulp_core::koppelregel::{Field, Koppelregel, parse_date};
use koppelhulp_core::paste::{is_block, parse_block};
use koppelhulp_core::text::{count, dutch_number};
use koppelhulp_protocol::Call;
use koppelhulp_protocol::{ReadKoci, ReadTemplate, WriteKoci, Xlsx};
use koppelhulp_work::koppelbestand::{RowFilter, RowId};
use koppelhulp_work::paging::{PAGE_SIZE, page_count, page_of, range_text, window};

const SUMMARY_LIMIT: usize = 30;

type Message = Option<(Severity, String, Vec<koppelhulp_core::Problem>)>;

/// Read the file the user chose in the worker and hand the result on; the message line says what
/// happened (or, in Dutch, why the file could not be read).
fn read_in_worker<C: Call + 'static>(
    files: Vec<web_sys::File>,
    request: C,
    message: RwSignal<Message>,
    done: impl FnOnce(C::Reply, String) -> (String, Vec<koppelhulp_core::Problem>) + 'static,
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

fn count_regels(n: usize) -> String {
    count(n, "regel", "regels")
}

fn cell_id(row: RowId, field: Field) -> String {
    format!("cel-{row}-{}", field_index(field))
}

fn field_index(field: Field) -> usize {
    Field::ALL.iter().position(|f| *f == field).unwrap_or(0)
}

fn field_from_cell_id(id: &str) -> Option<(RowId, Field)> {
    let mut parts = id.strip_prefix("cel-")?.split('-');
    let row = parts.next()?.parse().ok()?;
    let field = Field::ALL
        .get(parts.next()?.parse::<usize>().ok()?)
        .copied()?;
    Some((row, field))
}

/// What the table shows: a filter, a search, and a page of what they leave.
#[derive(Clone, Copy)]
struct View {
    filter: RwSignal<RowFilter>,
    search: RwSignal<String>,
    page: RwSignal<usize>,
}

impl View {
    /// Show the row with this id (all rows, no search, its page) and put the focus in its cell.
    fn reveal(&self, state: &AppState, id: RowId, field: Field) {
        let Some(position) = state.koppelbestand.with_untracked(|t| t.position(id)) else {
            return;
        };
        let target = cell_id(id, field);
        let page = page_of(position, PAGE_SIZE);
        let on_screen = self.filter.get_untracked() == RowFilter::All
            && self.search.with_untracked(|s| s.trim().is_empty())
            && self.page.get_untracked() == page;
        if !on_screen {
            self.filter.set(RowFilter::All);
            self.search.set(String::new());
            self.page.set(page);
        }
        // A cell on the page now gets the focus at once; a new row's cell (Regel toevoegen) or
        // one on another page exists only once this change is drawn.
        if !on_screen || !browser::focus_if_there(&target) {
            browser::focus_id_later(target);
        }
    }
}

#[component]
pub fn KoppelbestandScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let kb = state.koppelbestand;

    let view_state = View {
        filter: RwSignal::new(RowFilter::All),
        search: RwSignal::new(String::new()),
        page: RwSignal::new(0),
    };
    // The rows the filter and search leave; without either, no list is made at all.
    let shown: Memo<Option<Vec<RowId>>> = Memo::new(move |_| {
        let filter = view_state.filter.get();
        let search = view_state.search.get();
        if filter == RowFilter::All && search.trim().is_empty() {
            return None;
        }
        Some(kb.with(|t| t.matching(filter, &search)))
    });
    let shown_total = move || {
        shown
            .with(|s| s.as_ref().map(Vec::len))
            .unwrap_or_else(|| kb.with(|t| t.len()))
    };
    let page_ids: Memo<Vec<RowId>> = Memo::new(move |_| {
        let page = view_state.page.get();
        shown.with(|s| match s {
            Some(ids) => ids[window(ids.len(), page, PAGE_SIZE)].to_vec(),
            None => kb.with(|t| {
                window(t.len(), page, PAGE_SIZE)
                    .filter_map(|i| t.id_at(i))
                    .collect()
            }),
        })
    });
    let range = move || {
        let total = shown_total();
        window(total, view_state.page.get(), PAGE_SIZE)
    };
    let pages = move || page_count(shown_total(), PAGE_SIZE);

    let file_date = RwSignal::new(format_iso(browser::today()));
    let date_problem = Memo::new(move |_| parse_date(&file_date.get()).err().map(|p| p.message));
    let file_name = Memo::new(move |_| {
        let org = state.settings.with(|s| s.active_organisation().cloned())?;
        let date = parse_date(&file_date.get()).ok()?;
        KociFileName::for_organisation(date, &org).ok()
    });
    let counts = Memo::new(move |_| kb.with(|t| t.counts()));
    let error_count = Memo::new(move |_| kb.with(|t| t.error_count()));
    let can_download = Memo::new(move |_| kb.with(|t| t.can_download()));
    let vragen = Memo::new(move |_| kb.with(|t| t.log_entry("", "").vragen));
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
        kb.update(|t| {
            t.insert(at, pasted.rows);
        });
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
            kb.update(|t| {
                t.insert(None, read.rows);
            });
            (
                format!("{} gelezen uit {name}.", count_regels(n)),
                read.problems,
            )
        });
    };

    let on_template = move |files: Vec<web_sys::File>| {
        read_in_worker(files, ReadTemplate {}, message, move |read, name| {
            // Filled in as it is, filled in with something taken out (the note says what), or only
            // its layout used (the note says why).
            let text = match (&read.file, &read.note) {
                (Some(_), None) => format!(
                    "Sjabloon {name} wordt nu gebruikt: Koppelhulp vult het bestand van DUO zelf in."
                ),
                (Some(_), Some(note)) => format!(
                    "Sjabloon {name} wordt nu gebruikt: Koppelhulp vult het bestand van DUO zelf in. {note}"
                ),
                (None, Some(note)) => format!("Sjabloon {name} wordt nu gebruikt. {note}"),
                (None, None) => format!("Sjabloon {name} wordt nu gebruikt."),
            };
            state.template.set(Some(read.layout));
            state.template_file.set(read.file);
            (text, Vec::new())
        });
    };

    let on_download = move |_| {
        if !can_download.get_untracked() {
            show_summary.set(true);
            browser::focus_later("fout-samenvatting");
            return;
        }
        let Some(name) = file_name.get_untracked() else {
            browser::focus_later("bestandsnaam");
            return;
        };
        let layout = state
            .template
            .get_untracked()
            .unwrap_or_else(KociLayout::default_layout);
        // DUO's own workbook, when it was loaded as xlsx; only with its layout.
        let template = state
            .template
            .with_untracked(Option::is_some)
            .then(|| state.template_file.get_untracked())
            .flatten();
        let rows: Vec<_> = kb.with_untracked(|t| t.rows_to_write().cloned().collect());
        let entry =
            kb.with_untracked(|t| t.log_entry(&name.to_string(), &browser::local_now_text()));
        leptos::task::spawn_local(async move {
            match worker_client::call(
                WriteKoci {
                    rows,
                    layout,
                    template,
                },
                None,
                |_| (),
            )
            .await
            {
                Ok(Xlsx(bytes)) => {
                    let name = name.to_string();
                    if let Err(e) = browser::download_xlsx(&name, &bytes) {
                        message.set(Some((Severity::Error, e, Vec::new())));
                        return;
                    }
                    state.verzendlog.update(|log| log.add(entry));
                    state.made_here.set(Some(name.clone()));
                    kb.update(|t| t.mark_downloaded());
                    downloaded.set(Some(name));
                    browser::focus_later("gedownload");
                }
                Err(e) => message.set(Some((Severity::Error, e, Vec::new()))),
            }
        });
    };

    // A removed row that held something, its place and number: *Ongedaan maken* puts it back.
    let removed = RwSignal::new(None::<(usize, Koppelregel)>);
    // The focus goes to the row that takes the removed row's place (or the one before it), so
    // that it does not fall back to the top of the page.
    let remove_row = move |id: RowId| {
        let at = kb.with_untracked(|t| t.position(id));
        let regel = kb.with_untracked(|t| t.get(id).filter(|r| !r.is_empty()).cloned());
        kb.update(|t| {
            t.remove(id);
        });
        removed.set(at.zip(regel));
        let next =
            kb.with_untracked(|t| at.and_then(|p| t.id_at(p.min(t.len().saturating_sub(1)))));
        browser::focus_first_later(next.map(|n| format!("verwijder-{n}")), "regel-toevoegen");
    };

    let add_row = move |_| {
        let id = kb.try_update(|t| t.push_empty()).unwrap_or_default();
        view_state.reveal(&state, id, Field::Bsn);
    };

    view! {
        <h1 id="screen-title" tabindex="-1">
            "Koppelbestand"
        </h1>
        <p>
            "Maak hier het bestand " <em>"Koppelen gegevens"</em>
            " voor DUO. Typ de leerlingen in de tabel, "
            "of kopieer in Excel een blok cellen en plak het (Ctrl+V) in een cel van de tabel. "
            "Een regel zonder opmerking is een koppeling: vul dan het BSN en het onderwijsnummer in. "
            "Een regel met een opmerking is een vraag aan DUO: dan is één nummer genoeg."
        </p>
        // DUO's own file is the way: asked for first, once (remembered in this browser).
        {move || {
            state
                .template
                .with(Option::is_none)
                .then(|| {
                    view! {
                        <div class="alert alert-info" id="sjabloon-eerst">
                            <p>
                                <strong>"Eerst: het Excel-bestand van DUO. "</strong>
                                "DUO vraagt u zijn eigen bestand "
                                <em>"Koppelen gegevens"</em>
                                " in te vullen. Laad het lege bestand van DUO één keer; Koppelhulp onthoudt het in deze browser en vult het daarna voor u in."
                            </p>
                            <div class="button-row">
                                <FileButton
                                    id="sjabloon-eerst-laden"
                                    label="Excel-bestand van DUO laden"
                                    accept=".xlsx,.xls,.ods"
                                    on_files=on_template
                                />
                            </div>
                        </div>
                    }
                })
        }}

        {move || {
            message
                .get()
                .map(|(severity, text, problems)| {
                    view! {
                        <div class=alert_class(severity) role="status" id="melding">
                            <p>{text}</p>
                            <ProblemList problems=problems />
                        </div>
                    }
                })
        }}

        <p id="tellingen" role="status">
            {move || {
                let c = counts.get();
                format!(
                    "{} klaar · {} met fouten · {} met waarschuwingen",
                    count_regels(c.ready + c.with_warnings),
                    dutch_number(c.with_errors),
                    dutch_number(c.with_warnings),
                )
            }}
        </p>

        {move || {
            let total = error_count.get();
            (show_summary.get() && total > 0)
                .then(|| {
                    let errors = kb.with(|t| t.errors().take(SUMMARY_LIMIT).collect::<Vec<_>>());
                    view! {
                        <div
                            class="alert alert-error error-summary"
                            id="fout-samenvatting"
                            tabindex="-1"
                            role="alert"
                            aria-labelledby="fout-samenvatting-titel"
                        >
                            <h2 id="fout-samenvatting-titel">
                                {if total == 1 {
                                    "Er is 1 fout".to_string()
                                } else {
                                    format!("Er zijn {} fouten", dutch_number(total))
                                }}
                            </h2>
                            <p>"Verbeter deze eerst; daarna kunt u het bestand downloaden."</p>
                            <ul>
                                {errors
                                    .into_iter()
                                    .map(|e| {
                                        let href = format!("#{}", cell_id(e.id, e.field));
                                        let (id, field) = (e.id, e.field);
                                        view! {
                                            <li>
                                                <a
                                                    href=href
                                                    on:click=move |ev| {
                                                        ev.prevent_default();
                                                        view_state.reveal(&state, id, field);
                                                    }
                                                >
                                                    {format!(
                                                        "Regel {}, {}: {}",
                                                        dutch_number(e.index + 1),
                                                        e.field.label(),
                                                        e.message,
                                                    )}
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            {(total > SUMMARY_LIMIT)
                                .then(|| {
                                    view! {
                                        <p>
                                            {format!(
                                                "En nog {} fouten. Kies hieronder „Alleen regels met fouten” om ze allemaal te zien.",
                                                dutch_number(total - SUMMARY_LIMIT),
                                            )}
                                        </p>
                                    }
                                })}
                        </div>
                    }
                })
        }}

        <div class="table-tools">
            <div class="field">
                <label for="regels-filter">"Toon"</label>
                <select
                    id="regels-filter"
                    class="select"
                    on:change=move |ev| {
                        view_state
                            .filter
                            .set(
                                match event_target_value(&ev).as_str() {
                                    "fouten" => RowFilter::WithErrors,
                                    "problemen" => RowFilter::WithProblems,
                                    _ => RowFilter::All,
                                },
                            );
                        view_state.page.set(0);
                    }
                >
                    <option value="alle" selected=move || view_state.filter.get() == RowFilter::All>
                        "Alle regels"
                    </option>
                    <option
                        value="fouten"
                        selected=move || view_state.filter.get() == RowFilter::WithErrors
                    >
                        "Alleen regels met fouten"
                    </option>
                    <option
                        value="problemen"
                        selected=move || view_state.filter.get() == RowFilter::WithProblems
                    >
                        "Regels met fouten of waarschuwingen"
                    </option>
                </select>
            </div>
            <div class="field">
                <label for="regels-zoeken">"Zoek op naam of nummer"</label>
                <input
                    id="regels-zoeken"
                    class="input"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || view_state.search.get()
                    on:input=move |ev| {
                        view_state.search.set(event_target_value(&ev));
                        view_state.page.set(0);
                    }
                />
            </div>
        </div>

        <p id="tabel-bereik" role="status">
            {move || {
                let total = shown_total();
                let text = range_text(&range(), total, "Regel", "regels");
                if shown.with(Option::is_some) {
                    format!(
                        "{text} (gefilterd; het koppelbestand heeft er {})",
                        dutch_number(kb.with(|t| t.len())),
                    )
                } else {
                    text
                }
            }}
        </p>
        <div
            class="table-wrap"
            role="region"
            aria-labelledby="tabel-titel"
            aria-describedby="tabel-bereik"
            tabindex="0"
        >
            <table
                class="koppeltabel"
                on:paste=on_paste
                aria-rowcount=move || (shown_total() + 1).to_string()
            >
                <caption id="tabel-titel">"Regels van het koppelbestand"</caption>
                <thead>
                    <tr aria-rowindex="1">
                        <th scope="col">"Regel"</th>
                        {Field::ALL
                            .into_iter()
                            .map(|f| view! { <th scope="col">{f.label()}</th> })
                            .collect_view()}
                        <th scope="col">
                            <span class="visually-hidden">"Verwijderen"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || page_ids.get()
                        key=|id| *id
                        children=move |id| {
                            let number = Memo::new(move |_| {
                                kb.with(|t| t.position(id).map(|i| i + 1).unwrap_or(0))
                            });
                            let row_index = Memo::new(move |_| {
                                let start = range().start;
                                page_ids
                                    .with(|ids| ids.iter().position(|x| *x == id))
                                    .map(|i| start + i + 2)
                                    .unwrap_or(0)
                            });
                            view! {
                                <tr aria-rowindex=move || row_index.get().to_string()>
                                    <th scope="row">{move || dutch_number(number.get())}</th>
                                    {Field::ALL
                                        .into_iter()
                                        .map(|field| {
                                            view! { <Cell id=id field=field number=number /> }
                                        })
                                        .collect_view()}
                                    <td>
                                        <button
                                            type="button"
                                            class="button button-secondary button-small"
                                            id=format!("verwijder-{id}")
                                            on:click=move |_| remove_row(id)
                                        >
                                            "Verwijder"
                                            <span class="visually-hidden">
                                                {move || format!(" regel {}", number.get())}
                                            </span>
                                        </button>
                                    </td>
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
        </div>
        <Pager page=view_state.page pages=Signal::derive(pages) />
        {move || {
            removed
                .get()
                .map(|(at, regel)| {
                    let undo = move |_| {
                        let restored = kb
                            .try_update(|t| {
                                let before = t.id_at(at);
                                t.insert(before, vec![regel.clone()]);
                                t.ids().find(|&id| t.get(id) == Some(&regel))
                            })
                            .flatten();
                        removed.set(None);
                        browser::focus_first_later(
                            restored.map(|id| cell_id(id, Field::Bsn)),
                            "regel-toevoegen",
                        );
                    };
                    // Its id (the table drops empty rows when rows go in).
                    view! {
                        <div class="said">
                            <p id="verwijderd" role="status">
                                {format!("Regel {} is verwijderd.", dutch_number(at + 1))}
                            </p>
                            <button
                                type="button"
                                class="button button-secondary button-small"
                                id="verwijderd-terug"
                                on:click=undo
                            >
                                "Ongedaan maken"
                            </button>
                        </div>
                    }
                })
        }}
        <div class="button-row">
            <button
                type="button"
                class="button button-secondary"
                id="regel-toevoegen"
                on:click=add_row
            >
                "Regel toevoegen"
            </button>
            <FileButton
                id="koci-openen"
                label="Eerder koppelbestand openen"
                accept=".xlsx,.xls,.ods"
                secondary=true
                on_files=on_open
            />
        </div>

        <h2>"Bestand downloaden"</h2>
        {move || {
            state
                .settings
                .with(|s| s.active_organisation().is_none())
                .then(|| {
                    view! {
                        <div class="alert alert-warning">
                            <p>
                                "Stel eerst uw organisatie in: de code staat in de naam van het bestand. "
                                <a href=Screen::Instellingen.href()>"Naar Instellingen"</a>
                            </p>
                        </div>
                    }
                })
        }}
        <div class="field">
            <label for="bestandsdatum">"Datum in de bestandsnaam"</label>
            <span class="hint" id="bestandsdatum-hint">
                "Standaard vandaag."
            </span>
            {move || {
                date_problem
                    .get()
                    .map(|m| {
                        view! {
                            <p class="field-error" id="bestandsdatum-fout">
                                {m}
                            </p>
                        }
                    })
            }}
            <input
                class="input input-date"
                type="date"
                id="bestandsdatum"
                autocomplete="off"
                spellcheck="false"
                aria-describedby=move || {
                    if date_problem.get().is_some() {
                        "bestandsdatum-hint bestandsdatum-fout"
                    } else {
                        "bestandsdatum-hint"
                    }
                }
                prop:value=move || file_date.get()
                on:input=move |ev| file_date.set(event_target_value(&ev))
            />
        </div>
        // The confirm line (without an organisation, the alert above says to set one).
        {move || {
            state
                .settings
                .with(|s| {
                    s.active_organisation()
                        .map(|o| {
                            view! {
                                <p id="organisatie-regel">
                                    {format!(
                                        "Organisatie: {}. Die staat met haar code in de naam van het bestand. Klopt dit niet? Kies bovenaan de juiste organisatie.",
                                        organisation_title(o),
                                    )}
                                </p>
                            }
                        })
                })
        }}
        <p id="bestandsnaam" tabindex="-1">
            "Bestandsnaam: "
            <strong class="file-name">
                {move || file_name.get().map(|n| n.to_string()).unwrap_or_else(|| "—".into())}
            </strong>
        </p>
        <p class="hint" id="download-uitleg">
            {move || {
                let with_errors = counts.get().with_errors;
                if file_name.with(Option::is_none) {
                    "U kunt downloaden als uw organisatie is ingesteld en de datum klopt."
                        .to_string()
                } else if with_errors > 0 {
                    format!(
                        "U kunt downloaden als u de fouten in {} hebt verbeterd.",
                        count_regels(with_errors),
                    )
                } else if !can_download.get() {
                    "Vul eerst ten minste één regel in.".to_string()
                } else {
                    "Het bestand bevat persoonsgegevens. Bewaar het alleen in een map waar alleen u en uw collega's bij kunnen, \
                     en zet het op Mijn DUO. Stuur het niet per e-mail. Bewaar het tot u het antwoord van DUO hebt verwerkt: \
                     Koppelhulp vergelijkt het antwoord ermee. Verwijder het daarna."
                        .to_string()
                }
            }}
        </p>
        {move || {
            let n = vragen.get();
            (n > 0)
                .then(|| {
                    let hebben = if n == 1 { "heeft" } else { "hebben" };
                    view! {
                        <p class="alert alert-warning" id="vragen-telling">
                            {format!(
                                "{} {hebben} een opmerking; DUO behandelt die als vraag. Wilt u alleen een \
                                 koppeling? Haal dan de opmerking bij die regel weg.",
                                count_regels(n),
                            )}
                        </p>
                    }
                })
        }}
        <p class="hint" id="indeling-uitleg">
            {move || match (
                state.template.with(Option::is_some),
                state.template_file.with(Option::is_some),
            ) {
                (true, true) => "Het bestand is het Excel-bestand van DUO, ingevuld.",
                (true, false) => {
                    "Het bestand krijgt het werkblad en de kolommen van het sjabloon van DUO."
                }
                (false, _) => {
                    "Het bestand krijgt de indeling van Koppelhulp, niet die van het Excel-bestand \
                               van DUO. Hoe u het bestand van DUO gebruikt, leest u hieronder bij DUO-sjabloon."
                }
            }}
        </p>
        <div class="button-row">
            <button
                type="button"
                class="button"
                id="downloaden"
                aria-describedby="download-uitleg indeling-uitleg"
                aria-disabled=move || {
                    (!can_download.get() || file_name.with(Option::is_none)).to_string()
                }
                on:click=on_download
            >
                "Downloaden"
            </button>
        </div>
        {move || {
            downloaded
                .get()
                .map(|name| {
                    view! {
                        <div
                            class="alert alert-success"
                            id="gedownload"
                            tabindex="-1"
                            role="status"
                        >
                            <p>
                                {format!("{name} is gedownload. ")}
                                {state
                                    .template_file
                                    .with_untracked(Option::is_none)
                                    .then_some(
                                        "Let op: dit bestand heeft de indeling van Koppelhulp, niet het Excel-bestand van DUO. ",
                                    )} <a href=Screen::Versturen.href()>"Verder naar Versturen"</a>
                            </p>
                        </div>
                    }
                })
        }}

        <h2 id="sjabloon-titel">"DUO-sjabloon"</h2>
        <p id="sjabloon-status">{move || template_status(state)}</p>
        {move || {
            state
                .template
                .get()
                .map(|layout| {
                    view! {
                        <p id="sjabloon-kolommen-titel">
                            "Zo vult Koppelhulp de kolommen van DUO:"
                        </p>
                        <ul id="sjabloon-kolommen" aria-labelledby="sjabloon-kolommen-titel">
                            {layout
                                .mapping_lines()
                                .into_iter()
                                .map(|line| view! { <li>{line}</li> })
                                .collect_view()}
                        </ul>
                    }
                })
        }}
        {move || {
            state
                .template
                .with(Option::is_some)
                .then(|| {
                    view! {
                        <div class="button-row">
                            <button
                                type="button"
                                class="button button-secondary"
                                on:click=move |_| forget_template(state)
                            >
                                "Standaardindeling gebruiken"
                            </button>
                        </div>
                    }
                })
        }}
        <div class="button-row">
            <FileButton
                id="sjabloon-laden"
                label="Sjabloon van DUO laden"
                accept=".xlsx,.xls,.ods"
                secondary=true
                on_files=on_template
            />
        </div>
    }
}

/// What DUO-sjabloon says: whose file the download is, and how to get DUO's.
fn template_status(state: AppState) -> String {
    let filled_in = state.template_file.with(Option::is_some);
    state.template.with(|layout| match layout {
        Some(layout) if filled_in => format!(
            "Koppelhulp vult het Excel-bestand van DUO zelf in: werkblad „{}”, kolommen {}. De andere \
             werkbladen, de opmaak en de keuzelijsten van DUO blijven zoals ze zijn.",
            layout.sheet_name,
            layout.headers.join(", ")
        ),
        Some(layout) => format!(
            "Koppelhulp maakt een nieuw .xlsx-bestand met het werkblad „{}” en de kolommen van DUO in \
             dezelfde volgorde: {}. Andere werkbladen en opmaak van het sjabloon komen er niet in. Hebt \
             u het lege bestand van DUO als .xlsx? Laad het dan: dan vult Koppelhulp het bestand van \
             DUO zelf in.",
            layout.sheet_name,
            layout.headers.join(", ")
        ),
        None => "Op de pagina Gegevenskoppeling en routering van DUO is de eerste stap: „Vul het \
                 Excel-bestand Koppelen gegevens in.” Zoek het lege bestand van DUO op die pagina, of \
                 vraag het aan DUO. Laad het hier één keer: Koppelhulp vult dan het bestand van DUO zelf \
                 in, onder de kolommen van DUO. Koppelhulp bewaart het lege bestand in deze browser; \
                 gegevens van leerlingen bewaart het daar niet."
            .to_string(),
    })
}

/// Back to Koppelhulp's own layout: the template's structure and file forgotten.
fn forget_template(state: AppState) {
    state.template.set(None);
    state.template_file.set(None);
}

/// One editable cell with its own problems shown under it. It follows its row through the table
/// (by id) and redraws only when its own value or problems change.
#[component]
fn Cell(id: RowId, field: Field, number: Memo<usize>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let kb = state.koppelbestand;
    let input_id = cell_id(id, field);
    let error_id = format!("{input_id}-melding");
    let value = Memo::new(move |_| {
        kb.with(|t| t.get(id).map(|r| r.get(field).to_string()))
            .unwrap_or_default()
    });
    let problems = Memo::new(move |_| kb.with(|t| t.problems(id, field)));
    let worst = move || problems.with(|p| p.iter().map(|p| p.severity).min());
    let label = move || format!("{}, regel {}", field.label(), number.get());
    let error_id2 = error_id.clone();
    view! {
        <td class=move || match worst() {
            Some(Severity::Error) => "cell cell-error",
            Some(Severity::Warning) => "cell cell-warning",
            _ => "cell",
        }>
            <input
                type="text"
                class="cell-input"
                id=input_id
                autocomplete="off"
                spellcheck="false"
                aria-label=label
                aria-invalid=move || (worst() == Some(Severity::Error)).to_string()
                aria-describedby=move || problems.with(|p| !p.is_empty()).then(|| error_id2.clone())
                prop:value=move || value.get()
                on:change=move |ev| {
                    kb.update(|t| {
                        t.set_cell(id, field, event_target_value(&ev));
                    })
                }
            />
            {move || {
                problems
                    .with(|p| p.first().cloned())
                    .map(|p| {
                        let prefix = if p.severity == Severity::Error {
                            "Fout: "
                        } else {
                            "Let op: "
                        };
                        view! {
                            <p class="cell-message" id=error_id.clone()>
                                <span class="visually-hidden">{prefix}</span>
                                {p.message}
                            </p>
                        }
                    })
            }}
        </td>
    }
}
