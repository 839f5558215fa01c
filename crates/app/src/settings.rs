//! Screen "Instellingen": the user's organisations (gemeente or RMC-regio), found by code or name in
//! the embedded lists, saved in localStorage; one of them is active.

use leptos::prelude::*;

use super::browser;
use super::state::AppState;
use super::widgets::ProblemList;
use koppelhulp_core::organisation::{
    GEMEENTEN_DATE, OrgKind, Organisation, REGIOS_DATE, Register, looks_like_code, parse_code,
};

const MAX_RESULTS: usize = 8;

/// What pressing "Toevoegen" with the typed text would do.
fn resolve(register: &Register, kind: OrgKind, query: &str) -> Result<Organisation, String> {
    let q = query.trim();
    if q.is_empty() {
        return Err("Vul een code of een naam in.".into());
    }
    if looks_like_code(kind, q) {
        return parse_code(kind, q)
            .map(|code| Organisation { kind, code })
            .map_err(|p| p.message);
    }
    let found = register.search(kind, q, 2);
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!(
            "Geen organisatie gevonden bij „{q}”. Controleer de naam of vul de code in."
        )),
        _ => Err(format!(
            "Er passen meerdere organisaties bij „{q}”. Kies er een uit de lijst."
        )),
    }
}

#[component]
pub fn SettingsScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let register = Register::embedded();
    let kind = RwSignal::new(OrgKind::Gemeente);
    let query = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let added = RwSignal::new(None::<String>);

    let results = Memo::new(move |_| register.search(kind.get(), &query.get(), MAX_RESULTS));

    let add = move |org: Organisation| {
        let title = register.describe(&org).title;
        state.settings.update(|s| s.add(org.clone()));
        let active = state.settings.with_untracked(|s| {
            s.active_organisation()
                .filter(|a| **a != org)
                .map(|a| register.describe(a).title)
        });
        query.set(String::new());
        error.set(None);
        added.set(Some(match active {
            None => format!("{title} is toegevoegd en is nu de actieve organisatie."),
            Some(active) => format!(
                "{title} is toegevoegd. De actieve organisatie blijft {active}. Wilt u met {title} \
                 werken? Kies dan bij die organisatie Actief maken."
            ),
        }));
        browser::focus_later("toegevoegd");
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match resolve(register, kind.get_untracked(), &query.get_untracked()) {
            Ok(org) => add(org),
            Err(message) => {
                added.set(None);
                error.set(Some(message));
                browser::focus_later("fout-samenvatting");
            }
        }
    };

    let kind_radio = move |k: OrgKind, id: &'static str| {
        view! {
            <div class="radio">
                <input
                    type="radio"
                    id=id
                    name="soort-organisatie"
                    prop:checked=move || kind.get() == k
                    on:change=move |_| {
                        kind.set(k);
                        error.set(None);
                    }
                />
                <label for=id>{k.label()}</label>
            </div>
        }
    };

    view! {
        <h1 id="screen-title" tabindex="-1">
            "Instellingen"
        </h1>
        <p>
            "Kies de organisatie waarvoor u werkt. Koppelhulp zet de code in de naam van het "
            "koppelbestand: G en de gemeentecode voor een gemeente (G0363 voor Amsterdam), R en de "
            "regiocode voor een RMC-regio (R0021). Werkt u voor meer gemeenten, voeg ze dan allemaal toe "
            "en kies bovenaan de pagina de actieve organisatie."
        </p>
        <p id="welke-code">
            "Welke code? De code die in Mijn DUO is gekoppeld aan uw rol "
            <strong>"behandelaar RMC"</strong>
            ". Twijfelt u, kijk dan in Mijn DUO of vraag het aan de beheerder van Mijn DUO in uw organisatie."
        </p>

        <h2>"Uw organisaties"</h2>
        <SavedOrganisations />

        <h2 id="toevoegen-titel">"Organisatie toevoegen"</h2>
        {move || {
            error
                .get()
                .map(|message| {
                    view! {
                        <div
                            class="alert alert-error error-summary"
                            id="fout-samenvatting"
                            tabindex="-1"
                            role="alert"
                            aria-labelledby="fout-samenvatting-titel"
                        >
                            <h2 id="fout-samenvatting-titel">"Er is een probleem"</h2>
                            <ul>
                                <li>
                                    <a
                                        href="#org-zoek"
                                        on:click=move |ev| {
                                            ev.prevent_default();
                                            browser::focus_later("org-zoek");
                                        }
                                    >
                                        {message}
                                    </a>
                                </li>
                            </ul>
                        </div>
                    }
                })
        }}
        {move || {
            added
                .get()
                .map(|title| {
                    view! {
                        <div
                            class="alert alert-success"
                            id="toegevoegd"
                            tabindex="-1"
                            role="status"
                        >
                            <p>{title}</p>
                        </div>
                    }
                })
        }}
        <form on:submit=on_submit novalidate aria-labelledby="toevoegen-titel">
            <fieldset>
                <legend class="legend">"Soort organisatie"</legend>
                {kind_radio(OrgKind::Gemeente, "soort-gemeente")}
                {kind_radio(OrgKind::RmcRegio, "soort-regio")}
            </fieldset>
            <div class="field">
                <label for="org-zoek">"Code of naam"</label>
                <span class="hint" id="org-zoek-hint">
                    {move || match kind.get() {
                        OrgKind::Gemeente => "Bijvoorbeeld 0363 of Amsterdam.",
                        OrgKind::RmcRegio => "Bijvoorbeeld 21 of Agglomeratie Amsterdam.",
                    }}
                </span>
                {move || {
                    error
                        .get()
                        .map(|message| {
                            view! {
                                <p class="field-error" id="org-zoek-fout">
                                    <span class="visually-hidden">"Fout: "</span>
                                    {message}
                                </p>
                            }
                        })
                }}
                <input
                    class="input"
                    id="org-zoek"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby=move || {
                        if error.get().is_some() {
                            "org-zoek-hint org-zoek-fout org-zoek-status"
                        } else {
                            "org-zoek-hint org-zoek-status"
                        }
                    }
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        added.set(None);
                    }
                />
            </div>
            <p id="org-zoek-status" role="status" class="hint">
                {move || {
                    let n = results.with(Vec::len);
                    match (query.with(|q| q.trim().is_empty()), n) {
                        (true, _) => String::new(),
                        (false, 0) => "Geen organisatie gevonden in de lijst.".to_string(),
                        (false, 1) => "1 organisatie gevonden.".to_string(),
                        (false, n) if n >= MAX_RESULTS => {
                            format!("De eerste {n} organisaties die passen.")
                        }
                        (false, n) => format!("{n} organisaties gevonden."),
                    }
                }}
            </p>
            <CodePreview kind=kind query=query />
            <ul class="results" aria-label="Gevonden organisaties">
                {move || {
                    results
                        .get()
                        .into_iter()
                        .map(|org| {
                            let title = register.describe(&org).title;
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="result-button"
                                        on:click=move |_| add(org.clone())
                                    >
                                        <span class="visually-hidden">"Toevoegen: "</span>
                                        {title}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="button-row">
                <button type="submit" class="button">
                    "Toevoegen"
                </button>
            </div>
        </form>
        <p class="hint">
            "Koppelhulp kent " {GEMEENTEN_DATE} " en " {REGIOS_DATE} ". Staat uw code er niet "
            "in, dan kunt u hem toch opslaan. U vindt een gemeente ook op een bekende andere naam, zoals Den Haag "
            "of Den Bosch."
        </p>
    }
}

/// When the text is a code: what it resolves to, with a warning for a code not in the list.
#[component]
fn CodePreview(kind: RwSignal<OrgKind>, query: RwSignal<String>) -> impl IntoView {
    let register = Register::embedded();
    move || {
        let q = query.get();
        let k = kind.get();
        if !looks_like_code(k, &q) {
            return None;
        }
        let code = parse_code(k, &q).ok()?;
        let d = register.describe(&Organisation { kind: k, code });
        Some(view! {
            <div class="alert" id="code-voorbeeld">
                <p>
                    <strong>{d.title}</strong>
                </p>
                <ProblemList problems=d.problems />
            </div>
        })
    }
}

#[component]
fn SavedOrganisations() -> impl IntoView {
    let state = expect_context::<AppState>();
    let register = Register::embedded();
    move || {
        let s = state.settings.get();
        if s.organisations.is_empty() {
            return view! {
                <p id="geen-organisaties">
                    "U hebt nog geen organisatie ingesteld. Voeg hieronder uw gemeente of RMC-regio toe."
                </p>
            }
            .into_any();
        }
        view! {
            <ul class="card-list" id="organisaties">
                {s
                    .organisations
                    .iter()
                    .enumerate()
                    .map(|(i, org)| {
                        let d = register.describe(org);
                        let active = s.active == Some(i);
                        let title = d.title.clone();
                        view! {
                            <li class=if active { "card card-active" } else { "card" }>
                                <p class="card-title">
                                    {d.title.clone()} " "
                                    {active.then(|| view! { <span class="tag">"Actief"</span> })}
                                </p>
                                <ProblemList problems=d.problems.clone() />
                                <div class="button-row">
                                    {(!active)
                                        .then(|| {
                                            let title = title.clone();
                                            view! {
                                                <button
                                                    type="button"
                                                    class="button button-secondary"
                                                    on:click=move |_| state.choose_organisation(i)
                                                >
                                                    "Actief maken"
                                                    <span class="visually-hidden">": " {title}</span>
                                                </button>
                                            }
                                        })}
                                    <button
                                        type="button"
                                        class="button button-secondary"
                                        on:click=move |_| state.settings.update(|s| s.remove(i))
                                    >
                                        "Verwijderen"
                                        <span class="visually-hidden">": " {title}</span>
                                    </button>
                                </div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    }
}
