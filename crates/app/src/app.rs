//! The shell: header with the active organisation, navigation, the current screen, footer with
//! version and online state; the automatic clearing of pupil data.

use std::time::Duration;

use leptos::prelude::*;

use super::antwoord::AntwoordScreen;
use super::bestanden::BestandenScreen;
use super::browser;
use super::dubbelen::DubbelenScreen;
use super::koppelbestand::KoppelbestandScreen;
use super::privacy::PrivacyScreen;
use super::routering::RouteringScreen;
use super::settings::SettingsScreen;
use super::start::{NextStep, StartScreen};
use super::state::{self, AppState, Screen, VERSION, message};
use super::versturen::VersturenScreen;
use super::werk::WerkButtons;
use super::widgets::organisation_title;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::load();
    provide_context(state);

    // Closing or reloading the tab with rows that were not downloaded, or work changed since it
    // was last saved as a work file, asks first: the work is in this tab's memory only.
    let _ = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if state.koppelbestand.with_untracked(|t| t.unsaved())
            || state::werk::changed_since_saved(&state)
        {
            ev.prevent_default();
            ev.set_return_value(
                "Uw werk staat alleen in dit tabblad en is nog niet bewaard. Als u de pagina \
                 verlaat of opnieuw laadt, is het weg. Blijf op de pagina en kies Werk opslaan om \
                 het te bewaren.",
            );
        }
    });

    // A first visit opens on Instellingen (the organisation goes in every file name); after that on
    // Start, the overview of the steps.
    let first_screen = if state
        .settings
        .with_untracked(|s| s.organisations.is_empty())
    {
        Screen::Instellingen
    } else {
        Screen::Start
    };
    let screen =
        RwSignal::new(Screen::from_hash(&browser::location_hash()).unwrap_or(first_screen));
    let navigated = StoredValue::new(false);
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(s) = Screen::from_hash(&browser::location_hash()) {
            navigated.set_value(true);
            // A message is about the screen it was given on.
            if s != screen.get_untracked() {
                state.notice.set(None);
            }
            screen.set(s);
        }
    });
    Effect::new(move |_| {
        let s = screen.get();
        browser::set_title(&format!("{} — Koppelhulp", s.title()));
        if navigated.get_value() {
            browser::focus_later("screen-title");
        }
    });

    let online = RwSignal::new(browser::is_online());
    let _ = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let _ = window_event_listener(leptos::ev::offline, move |_| online.set(false));

    auto_clear(state);

    let secure = browser::is_secure_context();

    view! {
        <div class="page">
            <a
                class="skip-link"
                href="#inhoud"
                on:click=move |ev| {
                    ev.prevent_default();
                    browser::focus_later("inhoud");
                }
            >
                "Naar de inhoud"
            </a>
            <header class="header">
                <div class="header-inner">
                    <a class="brand" href=Screen::Start.href()>
                        <img src="icon.svg" alt="" width="32" height="32" />
                        "Koppelhulp"
                    </a>
                    <OrganisationSwitch />
                    <WerkButtons />
                </div>
            </header>
            <nav class="nav" aria-label="Hoofdmenu">
                <ul>
                    {Screen::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <li>
                                    <a
                                        href=s.href()
                                        aria-current=move || (screen.get() == s).then_some("page")
                                    >
                                        {s.title()}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <main class="main" id="inhoud" tabindex="-1">
                {(!secure)
                    .then(|| {
                        view! {
                            <div class="alert alert-warning" id="niet-beveiligd">
                                <p>
                                    <strong>"Deze verbinding is niet beveiligd (http). "</strong>
                                    "Iemand op het netwerk kan dan meelezen of de pagina veranderen. Daarom opent "
                                    "Koppelhulp geen bestanden met leerlinggegevens. Offline gebruik is niet beschikbaar. "
                                    "Vraag de afdeling ICT om Koppelhulp via https aan te bieden."
                                </p>
                            </div>
                        }
                    })}
                {move || {
                    state
                        .storage_refused
                        .get()
                        .then(|| {
                            view! {
                                <div class="alert alert-warning" id="opslag-vol" role="alert">
                                    <p>
                                        <strong>
                                            "Uw instellingen kunnen niet worden bewaard. "
                                        </strong>
                                        "De browser heeft geen ruimte meer, of staat bewaren niet toe. Koppelhulp werkt door, "
                                        "maar als u de pagina opnieuw laadt, moet u uw organisatie, het sjabloon en de "
                                        "routeringsformulieren opnieuw invullen."
                                    </p>
                                </div>
                            }
                        })
                }}
                {move || {
                    state
                        .notice
                        .get()
                        .map(|text| {
                            view! {
                                <div class="alert alert-success" role="status">
                                    <p>{text}</p>
                                    <button
                                        type="button"
                                        class="button button-secondary"
                                        on:click=move |_| state.notice.set(None)
                                    >
                                        "Melding sluiten"
                                    </button>
                                </div>
                            }
                        })
                }}
                <OrganisationConfirm />
                {move || match screen.get() {
                    Screen::Start => view! { <StartScreen /> }.into_any(),
                    Screen::Bestanden => view! { <BestandenScreen /> }.into_any(),
                    Screen::Dubbelen => view! { <DubbelenScreen /> }.into_any(),
                    Screen::Koppelbestand => view! { <KoppelbestandScreen /> }.into_any(),
                    Screen::Versturen => view! { <VersturenScreen /> }.into_any(),
                    Screen::Antwoord => view! { <AntwoordScreen /> }.into_any(),
                    Screen::Routering => view! { <RouteringScreen /> }.into_any(),
                    Screen::Instellingen => view! { <SettingsScreen /> }.into_any(),
                    Screen::Privacy => view! { <PrivacyScreen /> }.into_any(),
                }}
                <NextStep screen=screen />
            </main>
            <footer class="footer">
                <div class="footer-inner">
                    <p>"Koppelhulp versie " {VERSION}</p>
                    <p
                        id="verbinding"
                        class=move || {
                            if online.get() {
                                "status-dot status-online"
                            } else {
                                "status-dot status-offline"
                            }
                        }
                    >
                        {move || {
                            if online.get() {
                                "Online"
                            } else {
                                "Offline — Koppelhulp werkt door, uw gegevens blijven op deze computer"
                            }
                        }}
                    </p>
                    <p>"Gegevens verlaten deze computer niet."</p>
                </div>
            </footer>
        </div>
    }
}

/// The question when the officer changes the organisation while a koppelbestand is open: the
/// file's name would get another code. "Nee" has the focus.
#[component]
fn OrganisationConfirm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pending = state.pending_org;
    let close = move |change: bool| {
        if let Some(i) = pending.get_untracked()
            && change
        {
            state.settings.update(|s| s.set_active(i));
        }
        pending.set(None);
        browser::focus_later("actieve-organisatie");
    };
    move || {
        let i = pending.get()?;
        let (from, to) = state.settings.with(|s| {
            (
                s.active_organisation()
                    .map(organisation_title)
                    .unwrap_or_default(),
                s.organisations
                    .get(i)
                    .map(organisation_title)
                    .unwrap_or_default(),
            )
        });
        Some(view! {
            <div
                class="alert alert-warning"
                role="group"
                aria-labelledby="org-wissel-tekst"
                id="org-wissel"
            >
                <p id="org-wissel-tekst">
                    {format!(
                        "U hebt een koppelbestand open. Wisselt u naar {to}, dan krijgt het bestand de code van die \
                         organisatie in de naam, niet meer die van {from}. Wilt u wisselen?",
                    )}
                </p>
                <div class="button-row">
                    <button
                        type="button"
                        class="button"
                        id="org-wissel-ja"
                        on:click=move |_| close(true)
                    >
                        "Ja, wisselen"
                    </button>
                    <button
                        type="button"
                        class="button button-secondary"
                        id="org-wissel-nee"
                        on:click=move |_| close(false)
                    >
                        "Nee, niet wisselen"
                    </button>
                </div>
            </div>
        })
    }
}

/// The active organisation, chosen in the header; a link to Instellingen when there is none.
#[component]
fn OrganisationSwitch() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let s = state.settings.get();
        if s.organisations.is_empty() {
            return view! {
                <p class="org-switch">
                    <a href=Screen::Instellingen.href()>"Stel uw organisatie in"</a>
                </p>
            }
            .into_any();
        }
        let options = s
            .organisations
            .iter()
            .enumerate()
            .map(|(i, org)| {
                let title = organisation_title(org);
                view! {
                    <option value=i.to_string() selected=s.active == Some(i)>
                        {title}
                    </option>
                }
            })
            .collect_view();
        view! {
            <div class="org-switch">
                <label for="actieve-organisatie">"Organisatie"</label>
                <select
                    id="actieve-organisatie"
                    on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                            state.choose_organisation(i);
                        }
                    }
                    // Back to the active one while the shell asks whether to change it.
                    prop:value=move || {
                        state.pending_org.track();
                        state.settings.with(|s| s.active.map(|i| i.to_string()).unwrap_or_default())
                    }
                >
                    {options}
                </select>
            </div>
        }
        .into_any()
    }
}

/// Clear pupil data after the chosen period without use in any tab of the app (on by default; the
/// release's `instellingen.json` sets the default, the officer chooses on Privacy en hulp). A
/// key press or click in one tab tells the others; clearing in one tab clears them all.
fn auto_clear(state: AppState) {
    let last_activity = StoredValue::new(browser::now_ms());
    let last_told = StoredValue::new(0.0_f64);
    let cleared = StoredValue::new(false);
    let touch = move || {
        last_activity.set_value(browser::now_ms());
        cleared.set_value(false);
    };
    let used = move || {
        touch();
        // Tell the other tabs at most every 10 s.
        if browser::now_ms() - last_told.get_value() > 10_000.0 {
            last_told.set_value(browser::now_ms());
            state.tabs.post(message::ACTIVE);
        }
    };
    let _ = window_event_listener(leptos::ev::keydown, move |_| used());
    let _ = window_event_listener(leptos::ev::pointerdown, move |_| used());
    let cleared_notice = |minutes: u32| {
        format!(
            "Leerlinggegevens zijn automatisch gewist na {minutes} minuten zonder gebruik. Uw \
             instellingen zijn bewaard."
        )
    };
    state.tabs.listen(move |text| match text {
        message::ACTIVE => touch(),
        message::CLEAR_PUPIL_DATA => {
            cleared.set_value(true);
            state.clear_pupil_data_here();
            if let Some(minutes) = state
                .settings
                .with_untracked(|s| s.auto_clear_after(state.release_auto_clear))
            {
                state.notice.set(Some(cleared_notice(minutes)));
            }
        }
        message::CLEAR_EVERYTHING => {
            state.clear_everything_here();
            state.notice.set(Some(
                "Alles is gewist, in een ander tabblad van Koppelhulp.".to_string(),
            ));
        }
        _ => {}
    });
    set_interval(
        move || {
            let Some(minutes) = state
                .settings
                .with_untracked(|s| s.auto_clear_after(state.release_auto_clear))
            else {
                return;
            };
            let idle = browser::now_ms() - last_activity.get_value();
            if !cleared.get_value() && idle >= f64::from(minutes) * 60_000.0 {
                cleared.set_value(true);
                state.clear_pupil_data();
                state.notice.set(Some(cleared_notice(minutes)));
            }
        },
        Duration::from_secs(15),
    );
}
