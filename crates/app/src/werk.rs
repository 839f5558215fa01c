//! *Werk opslaan* and *Werk openen* (in the header of every screen): the officer's work in one
//! password-protected Excel file, and back. Both are modal dialogs (the browser's `<dialog>`:
//! focus moves in, stays in, and returns to the button that opened it; Esc closes); errors are
//! announced (`role="alert"`), fields are labelled and described. The work is encrypted and
//! decrypted in the background worker (`SaveWork`, `OpenWork`), so the page never freezes while
//! the password is turned into a key. The password lives only in the dialog's fields while it is
//! open: never stored, cleared when the dialog closes.
//!

use leptos::html;
use leptos::prelude::*;

use super::browser;
use super::state::AppState;
use super::state::werk::{self, WorkCounts};
use super::widgets::ProgressBar;
use super::worker_client::{self, Progress};
use koppelhulp_protocol::{OpenWork, ProposePassword, SaveWork};
use koppelhulp_work::Work;
use koppelhulp_work::werkbestand::{About, MIN_PASSWORD_CHARS, check_password, file_name};

const FORGOTTEN: &str = "Onthoud het wachtwoord goed. Koppelhulp bewaart het nergens. Bent u het \
    wachtwoord vergeten, dan kan niemand het bestand nog openen: u niet, Koppelhulp niet en de \
    beheerder ook niet.";

/// Where the password belongs. The fields say `autocomplete="off"`: Koppelhulp does not invite the
/// browser's password manager, which may copy it to an account in the cloud (ARCHITECTURE.md).
const KEEP: &str = "Bewaar het wachtwoord apart van het bestand, bijvoorbeeld in de wachtwoordkluis \
    van uw organisatie. Laat de browser het niet onthouden: de browser kan wachtwoorden naar een \
    account in de cloud kopiëren.";

/// The two header buttons and their dialogs.
#[component]
pub fn WerkButtons() -> impl IntoView {
    let save_dialog = NodeRef::<html::Dialog>::new();
    let open_dialog = NodeRef::<html::Dialog>::new();
    let save_open = RwSignal::new(false);
    let open_open = RwSignal::new(false);
    let show = move |dialog: NodeRef<html::Dialog>, flag: RwSignal<bool>, first: &'static str| {
        flag.set(true);
        if let Some(d) = dialog.get_untracked() {
            let _ = d.show_modal();
        }
        browser::focus_later(first);
    };
    view! {
        <div class="werk-buttons">
            <button
                type="button"
                class="button button-secondary button-small"
                id="werk-opslaan"
                aria-haspopup="dialog"
                on:click=move |_| show(save_dialog, save_open, "werk-wachtwoord")
            >
                "Werk opslaan"
            </button>
            <button
                type="button"
                class="button button-secondary button-small"
                id="werk-openen"
                aria-haspopup="dialog"
                on:click=move |_| show(open_dialog, open_open, "werk-bestand")
            >
                "Werk openen"
            </button>
        </div>
        <dialog
            node_ref=save_dialog
            class="dialog"
            id="werk-opslaan-dialoog"
            aria-labelledby="werk-opslaan-titel"
            on:close=move |_| {
                save_open.set(false);
                browser::focus_later("werk-opslaan");
            }
        >
            <Show when=move || save_open.get()>
                <SaveForm close=move || close(save_dialog) />
            </Show>
        </dialog>
        <dialog
            node_ref=open_dialog
            class="dialog"
            id="werk-openen-dialoog"
            aria-labelledby="werk-openen-titel"
            on:close=move |_| {
                open_open.set(false);
                browser::focus_later("werk-openen");
            }
        >
            <Show when=move || open_open.get()>
                <OpenForm close=move || close(open_dialog) />
            </Show>
        </dialog>
    }
}

fn close(dialog: NodeRef<html::Dialog>) {
    if let Some(d) = dialog.get_untracked() {
        d.close();
    }
}

/// A password field with its label, description and error link.
#[component]
fn PasswordField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    visible: RwSignal<bool>,
    #[prop(optional)] described_by: &'static str,
    /// Shown under the label (its id: `{id}-uitleg`).
    #[prop(optional)]
    hint: Option<String>,
    invalid: Signal<bool>,
    autocomplete: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint
                .map(|h| {
                    view! {
                        <p class="hint" id=format!("{id}-uitleg")>
                            {h}
                        </p>
                    }
                })}
            <input
                id=id
                class="input"
                autocomplete=autocomplete
                spellcheck="false"
                type=move || if visible.get() { "text" } else { "password" }
                aria-describedby=(!described_by.is_empty()).then_some(described_by)
                aria-invalid=move || invalid.get().then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}

/// The toggle that shows or hides the password fields.
#[component]
fn ShowPassword(id: &'static str, visible: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="checkbox">
            <input
                type="checkbox"
                id=id
                prop:checked=move || visible.get()
                on:change=move |ev| visible.set(event_target_checked(&ev))
            />
            <label for=id>"Wachtwoord tonen"</label>
        </div>
    }
}

/// The stage of a work-file task as the worker reports it.
fn progress_bar(busy: RwSignal<Option<Option<Progress>>>, label: &'static str) -> impl IntoView {
    move || {
        busy.get()
            .map(|p| view! { <ProgressBar label=label.to_string() progress=p /> })
    }
}

#[component]
fn SaveForm(close: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let state = expect_context::<AppState>();
    let password = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let visible = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<Option<Progress>>);
    let saved = RwSignal::new(None::<String>);
    // A proposed password, shown while the field still holds it.
    let proposal = RwSignal::new(None::<String>);
    let counts = werk::current_counts(&state);
    on_cleanup(move || {
        password.set(String::new());
        repeated.set(String::new());
        proposal.set(None);
    });

    // The worker picks the words (its list stays out of the page) from numbers drawn here: 64,
    // where five words and a number need six and a redraw is rare (below 1 in 10^6).
    let propose = move |_| {
        let request = ProposePassword {
            random: browser::random_u32s(64).unwrap_or_default(),
        };
        leptos::task::spawn_local(async move {
            match worker_client::call(request, None, |_| ()).await {
                Ok(p) => {
                    password.set(p.password.clone());
                    repeated.set(p.password.clone());
                    proposal.set(Some(p.password));
                    visible.set(true);
                    error.set(None);
                    saved.set(None);
                    browser::focus_later("werk-voorstel");
                }
                Err(message) => error.set(Some(message)),
            }
        });
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked().is_some() {
            return;
        }
        saved.set(None);
        // Length and typed twice here; too easy to guess: the worker says so (SaveWork).
        if let Err(message) = check_password(&password.get_untracked(), &repeated.get_untracked()) {
            error.set(Some(message));
            browser::focus_later("werk-wachtwoord");
            return;
        }
        error.set(None);
        let request = SaveWork {
            work: Box::new(werk::current_work(&state)),
            about: werk::about_now(&state),
            password: password.get_untracked(),
        };
        let (y, m, d) = browser::local_today();
        let (hour, minute) = browser::local_time();
        let name = koppelhulp_core::koppelregel::calendar_date(y, m, d)
            .map(|date| file_name(date, hour, minute))
            .unwrap_or_else(|_| "Koppelhulp-werk.xlsx".to_string());
        busy.set(Some(None));
        leptos::task::spawn_local(async move {
            let result = worker_client::call(request, None, move |p| busy.set(Some(Some(p)))).await;
            busy.set(None);
            match result.and_then(|xlsx| browser::download_xlsx(&name, &xlsx.0)) {
                Ok(()) => {
                    password.set(String::new());
                    repeated.set(String::new());
                    proposal.set(None);
                    werk::mark_saved(&state);
                    saved.set(Some(name));
                    browser::focus_later("werk-opgeslagen");
                }
                Err(message) => {
                    error.set(Some(message));
                    browser::focus_later("werk-wachtwoord");
                }
            }
        });
    };

    view! {
        <form class="dialog-body" on:submit=submit novalidate>
            <h2 id="werk-opslaan-titel">"Werk opslaan"</h2>
            <p>
                "Koppelhulp zet uw werk in één Excel-bestand dat beveiligd is met een wachtwoord: "
                {counts.text()} ", en de namen van de registers die u opende (niet hun inhoud). "
                "Later opent u het hier weer met "<strong>"Werk openen"</strong>
                ". Met het wachtwoord kunt u het ook in Excel of LibreOffice bekijken."
            </p>
            <PasswordField
                id="werk-wachtwoord"
                label="Wachtwoord"
                value=password
                visible=visible
                hint=format!(
                    "Minstens {MIN_PASSWORD_CHARS} tekens, en niet makkelijk te raden. Een paar losse woorden is sterk en goed te onthouden.",
                )
                described_by="werk-wachtwoord-uitleg werk-opslaan-fout"
                autocomplete="off"
                invalid=Signal::derive(move || error.get().is_some())
            />
            <div id="werk-opslaan-fout" role="alert">
                {move || error.get().map(|m| view! { <p class="alert alert-error">{m}</p> })}
            </div>
            <PasswordField
                id="werk-wachtwoord-herhaal"
                label="Herhaal het wachtwoord"
                value=repeated
                visible=visible
                autocomplete="off"
                described_by="werk-opslaan-fout"
                invalid=Signal::derive(move || error.get().is_some())
            />
            <ShowPassword id="werk-wachtwoord-tonen" visible=visible />
            <p>
                <button
                    type="button"
                    class="button button-secondary button-small"
                    id="werk-voorstellen"
                    on:click=propose
                >
                    "Stel een wachtwoord voor"
                </button>
            </p>
            {move || {
                proposal
                    .get()
                    .filter(|p| password.with(|now| now == p))
                    .map(|p| {
                        view! {
                            <div class="alert" id="werk-voorstel" tabindex="-1">
                                <p>"Voorgesteld wachtwoord (het staat nu in beide velden):"</p>
                                <p class="passphrase">
                                    <code id="werk-voorstel-tekst">{p}</code>
                                </p>
                                <p>
                                    "Neem het over voordat u opslaat. Wilt u een ander? Klik nog een keer op Stel een wachtwoord voor."
                                </p>
                            </div>
                        }
                    })
            }}
            <p class="hint" id="werk-bewaren">
                {KEEP}
            </p>
            <p class="alert alert-warning" id="werk-vergeten">
                {FORGOTTEN}
            </p>
            {progress_bar(busy, "Werkbestand maken")}
            {move || {
                saved
                    .get()
                    .map(|name| {
                        view! {
                            <div
                                class="alert alert-success"
                                role="status"
                                id="werk-opgeslagen"
                                tabindex="-1"
                            >
                                <p>
                                    <strong>{format!("Uw werk is opgeslagen als {name}.")}</strong>
                                </p>
                                <p>
                                    "U vindt het bij uw downloads. Zet het op dezelfde beveiligde plek als de "
                                    "registers, en verwijder het als het werk klaar is."
                                </p>
                            </div>
                        }
                    })
            }}
            <div class="button-row">
                <button
                    type="submit"
                    class="button"
                    id="werk-opslaan-knop"
                    disabled=move || busy.get().is_some()
                >
                    "Opslaan"
                </button>
                <button
                    type="button"
                    class="button button-secondary"
                    id="werk-opslaan-sluiten"
                    on:click=move |_| close()
                >
                    {move || if saved.get().is_some() { "Sluiten" } else { "Annuleren" }}
                </button>
            </div>
        </form>
    }
}

/// A work file read, waiting for the officer to say it may replace the tab's work.
#[derive(Clone)]
struct Pending {
    work: Work,
    about: About,
}

#[component]
fn OpenForm(close: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let state = expect_context::<AppState>();
    let file = RwSignal::new_local(None::<web_sys::File>);
    let password = RwSignal::new(String::new());
    let visible = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<Option<Progress>>);
    let pending = RwSignal::new(None::<Pending>);
    on_cleanup(move || password.set(String::new()));

    let finish = move |p: Pending| {
        let counts = WorkCounts::of(&p.work);
        let needed: Vec<String> = p.work.files.iter().map(|f| f.name.clone()).collect();
        werk::replace(&state, p.work);
        let mut text = format!(
            "Uw werk is geopend: {}{}.",
            counts.text(),
            if p.about.saved_at.is_empty() {
                String::new()
            } else {
                format!(", opgeslagen op {}", p.about.saved_at)
            }
        );
        if !needed.is_empty() {
            text.push_str(&format!(
                " Wilt u verder zoeken naar dubbelen, open dan op Bestanden opnieuw: {}.",
                needed.join(", ")
            ));
        }
        state.notice.set(Some(text));
        close();
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked().is_some() {
            return;
        }
        let Some(chosen) = file.get_untracked() else {
            error.set(Some("Kies eerst het werkbestand.".into()));
            browser::focus_later("werk-bestand");
            return;
        };
        if password.with_untracked(String::is_empty) {
            error.set(Some("Typ het wachtwoord van het werkbestand.".into()));
            browser::focus_later("werk-open-wachtwoord");
            return;
        }
        error.set(None);
        busy.set(Some(None));
        let request = OpenWork {
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let result =
                worker_client::call_with_file(request, &chosen, move |p| busy.set(Some(Some(p))))
                    .await;
            busy.set(None);
            match result {
                Ok(opened) => {
                    password.set(String::new());
                    let p = Pending {
                        work: opened.work,
                        about: opened.about,
                    };
                    if werk::current_counts(&state).is_empty() {
                        finish(p);
                    } else {
                        pending.set(Some(p));
                        browser::focus_later("werk-vervangen-vraag");
                    }
                }
                Err(message) => {
                    error.set(Some(message));
                    browser::focus_later("werk-open-wachtwoord");
                }
            }
        });
    };

    view! {
        <form class="dialog-body" on:submit=submit novalidate>
            <h2 id="werk-openen-titel">"Werk openen"</h2>
            <p>
                "Kies het werkbestand dat u eerder opsloeg (Koppelhulp-werk-….xlsx) en typ het "
                "wachtwoord. Een koppelbestand opent u onder Koppelbestand, een register onder Bestanden."
            </p>
            <div class="field">
                <label for="werk-bestand">"Werkbestand"</label>
                {(!browser::files_allowed())
                    .then(|| {
                        view! {
                            <p class="field-error file-refused" id="werk-bestand-onbeveiligd">
                                {browser::INSECURE_FILES}
                            </p>
                        }
                    })}
                <input
                    type="file"
                    id="werk-bestand"
                    class="input"
                    accept=".xlsx"
                    disabled=!browser::files_allowed()
                    aria-describedby=(!browser::files_allowed())
                        .then_some("werk-bestand-onbeveiligd")
                    on:change=move |ev| {
                        file.set(browser::chosen_file(&ev));
                        pending.set(None);
                        error.set(None);
                    }
                />
                {move || {
                    file.with(|f| {
                        f.as_ref()
                            .map(|f| {
                                view! {
                                    <p class="hint" id="werk-bestand-gekozen">
                                        {format!("Gekozen: {}", f.name())}
                                    </p>
                                }
                            })
                    })
                }}
            </div>
            <PasswordField
                id="werk-open-wachtwoord"
                label="Wachtwoord"
                value=password
                visible=visible
                described_by="werk-openen-fout"
                autocomplete="off"
                invalid=Signal::derive(move || error.get().is_some())
            />
            <ShowPassword id="werk-open-wachtwoord-tonen" visible=visible />
            <div id="werk-openen-fout" role="alert">
                {move || error.get().map(|m| view! { <p class="alert alert-error">{m}</p> })}
            </div>
            {progress_bar(busy, "Werkbestand openen")}
            {move || {
                pending
                    .get()
                    .map(|p| {
                        let now = werk::current_counts(&state);
                        let incoming = WorkCounts::of(&p.work);
                        view! {
                            <div class="alert alert-warning" id="werk-vervangen">
                                <p id="werk-vervangen-vraag" tabindex="-1">
                                    <strong>"Wilt u het werk in dit tabblad vervangen?"</strong>
                                </p>
                                <p>
                                    {format!(
                                        "In dit tabblad staat al werk: {}. Het werkbestand bevat {}{}. Als u \
                             vervangt, is het werk in dit tabblad weg; sla het eerst op als u het \
                             wilt bewaren.",
                                        now.text(),
                                        incoming.text(),
                                        if p.about.saved_at.is_empty() {
                                            String::new()
                                        } else {
                                            format!(" (opgeslagen op {})", p.about.saved_at)
                                        },
                                    )}
                                </p>
                                <div class="button-row">
                                    <button
                                        type="button"
                                        class="button"
                                        id="werk-vervangen-ja"
                                        on:click=move |_| {
                                            if let Some(p) = pending.get_untracked() {
                                                pending.set(None);
                                                finish(p);
                                            }
                                        }
                                    >
                                        "Ja, vervangen"
                                    </button>
                                    <button
                                        type="button"
                                        class="button button-secondary"
                                        id="werk-vervangen-nee"
                                        on:click=move |_| close()
                                    >
                                        "Nee, dit werk houden"
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
            <div class="button-row">
                <button
                    type="submit"
                    class="button"
                    id="werk-openen-knop"
                    disabled=move || busy.get().is_some() || pending.with(Option::is_some)
                >
                    "Openen"
                </button>
                <button
                    type="button"
                    class="button button-secondary"
                    id="werk-openen-sluiten"
                    on:click=move |_| close()
                >
                    "Annuleren"
                </button>
            </div>
        </form>
    }
}
