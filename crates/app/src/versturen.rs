//! Screen "Versturen": after a download, the steps to DUO — check the file name, put it on
//! Mijn DUO, mail verzuim@duo.nl (a mailto without personal data) — for any file in the
//! verzendoverzicht (the newest unless the officer picks another).

use leptos::prelude::*;

use super::state::{AppState, Screen};
use super::widgets::{ProblemList, organisation_title};
use koppelhulp_core::koci_name::{KociFileName, check_against_made};
use koppelhulp_core::mailto::{DUO_ADDRESS, koci_mail, koci_mailto};

#[component]
pub fn VersturenScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let log = state.verzendlog.get_untracked();
    let check = RwSignal::new(String::new());
    // Which file the steps are about: an index into the log, newest (0) first.
    let chosen = RwSignal::new(0usize);

    let org_title = move || {
        state
            .settings
            .with(|s| s.active_organisation().map(organisation_title))
            .unwrap_or_default()
    };

    let entries = log.entries.clone();
    let made_here = state.made_here.get_untracked();
    let nothing_made_here = made_here.is_none() && !log.entries.is_empty();
    let steps = move || {
        entries.get(chosen.get()).cloned().map(|entry| {
        let parsed = KociFileName::parse(&entry.file_name).0;
        let made = parsed.clone();
        // Made in this tab, or only known from the verzendoverzicht (another tab, an earlier day).
        let here = made_here.as_deref() == Some(entry.file_name.as_str());
        let code = parsed.as_ref().map(|p| p.code().to_string()).unwrap_or_default();
        // The confirm line: whose file this is, and whether that is the organisation set above.
        let active = state.settings.with_untracked(|s| s.active_organisation().cloned());
        let org_line = parsed.as_ref().map(|p| match &active {
            Some(a) if a.file_code() == p.file_code() => view! {
                <p id="organisatie-regel">
                    "Organisatie: " <strong>{organisation_title(a)}</strong>
                    ". Die staat met haar code in de naam van het bestand."
                </p>
            }
            .into_any(),
            _ => view! {
                <p class="alert alert-warning" id="organisatie-regel">
                    {format!(
                        "Dit bestand heeft de code {} in de naam. Dat is niet de organisatie die bovenaan is ingesteld{}. \
                         Controleer of u het goede bestand verstuurt.",
                        p.file_code(),
                        active
                            .as_ref()
                            .map(|a| format!(" ({})", organisation_title(a)))
                            .unwrap_or_default(),
                    )}
                </p>
            }
            .into_any(),
        });
        let name = entry.file_name.clone();
        let mail = parsed.clone().map(|p| {
            let title = org_title();
            let (subject, body) = koci_mail(&p, &title, None);
            (koci_mailto(&p, &title, None), subject, body)
        });
        view! {
            <ol class="steps" id="stappen">
                <li>
                    <h2>"Controleer de naam van het bestand"</h2>
                    <p>
                        {if here {
                            "Het bestand dat u in dit tabblad hebt gemaakt, heet "
                        } else {
                            "Het bestand uit het verzendoverzicht heet "
                        }} <strong class="file-name" id="te-versturen">
                            {name.clone()}
                        </strong> {format!(" (gemaakt op {}).", entry.made_at)}
                    </p>
                    {org_line}
                    {(here && state.template_file.with_untracked(Option::is_none))
                        .then(|| {
                            view! {
                                <p class="alert alert-warning" id="indeling-regel">
                                    "Dit bestand heeft de indeling van Koppelhulp, niet het Excel-bestand van DUO. "
                                    "DUO vraagt zijn eigen bestand: laad het op Koppelbestand bij DUO-sjabloon en download opnieuw."
                                </p>
                            }
                        })}
                    <p>
                        "Kijk in uw map Downloads. Heeft de browser er „"
                        {name.replace(".koci.", " (1).koci.")}
                        "” van gemaakt, omdat er al een bestand met die naam was? Hernoem het dan naar "
                        <strong>{name.clone()}</strong> ". DUO accepteert alleen de precieze naam."
                    </p>
                    <div class="field">
                        <label for="naam-controle">
                            "Naam van uw bestand controleren (niet verplicht)"
                        </label>
                        <span class="hint" id="naam-controle-hint">
                            "Typ of plak de naam zoals hij in uw map staat."
                        </span>
                        <input
                            class="input"
                            id="naam-controle"
                            type="text"
                            autocomplete="off"
                            spellcheck="false"
                            aria-describedby="naam-controle-hint naam-controle-uitslag"
                            prop:value=move || check.get()
                            on:input=move |ev| check.set(event_target_value(&ev))
                        />
                    </div>
                    <div id="naam-controle-uitslag" role="status">
                        {move || {
                            let typed = check.get();
                            if typed.trim().is_empty() {
                                return None;
                            }
                            let problems = match &made {
                                Some(made) => check_against_made(&typed, made),
                                None => KociFileName::parse(&typed).1,
                            };
                            Some(
                                if problems.is_empty() {
                                    view! {
                                        <p class="alert alert-success">
                                            "Deze naam is goed: het is de naam van het bestand hierboven."
                                        </p>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <div class="alert alert-warning">
                                            <ProblemList problems=problems />
                                        </div>
                                    }
                                        .into_any()
                                },
                            )
                        }}
                    </div>
                </li>
                <li>
                    <h2>"Zet het bestand op Mijn DUO"</h2>
                    <p>
                        "Kies in Mijn DUO bij bestandssoort " <strong>"Koppeling OWN/BSN"</strong>
                        " en zet het bestand daar neer. U hebt daarvoor de rol "
                        <strong>"behandelaar RMC"</strong> " nodig, met uw code "
                        <strong>{code.clone()}</strong> " gekoppeld aan die rol."
                    </p>
                    <p class="hint">
                        "Hoe u inlogt op Mijn DUO, regelt uw organisatie; meestal is dat met eHerkenning. "
                        "Bewaar het bestand tot u het antwoord van DUO hebt verwerkt: Koppelhulp heeft het dan "
                        "nog een keer nodig."
                    </p>
                </li>
                <li>
                    <h2>"Laat DUO weten dat het bestand klaarstaat"</h2>
                    {match mail {
                        Some((href, subject, body)) => {
                            view! {
                                <p>
                                    "Stuur een e-mail aan " <strong>{DUO_ADDRESS}</strong>
                                    ". De e-mail noemt alleen de naam van het "
                                    "bestand en uw organisatie, geen gegevens van leerlingen. Voeg het bestand niet toe als bijlage."
                                </p>
                                <p>
                                    <a class="button" id="mail-duo" href=href>
                                        "E-mail aan DUO opstellen"
                                    </a>
                                </p>
                                <details>
                                    <summary>"Tekst van de e-mail bekijken"</summary>
                                    <p>
                                        <strong>"Onderwerp: "</strong>
                                        {subject}
                                    </p>
                                    <pre class="mail-body">{body}</pre>
                                </details>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <p>
                                    "De naam van het laatste bestand is niet goed; maak het bestand opnieuw."
                                </p>
                            }
                                .into_any()
                        }
                    }}
                </li>
                <li>
                    <h2>"Wacht op het antwoord van DUO"</h2>
                    <p>
                        "DUO koppelt de nummers, beantwoordt uw vragen en zet het bestand met de antwoorden terug in Mijn DUO. "
                        "U krijgt een e-mail als het klaarstaat."
                    </p>
                </li>
            </ol>
        }
    })
    };

    view! {
        <h1 id="screen-title" tabindex="-1">
            "Versturen"
        </h1>
        {nothing_made_here
            .then(|| {
                view! {
                    <p class="alert alert-warning" id="nog-niet-gemaakt">
                        "U hebt in dit tabblad nog geen koppelbestand gemaakt. De stappen hieronder gaan over een "
                        "bestand uit het verzendoverzicht. Is dat niet het bestand dat u wilt versturen? "
                        <a href=Screen::Koppelbestand.href()>"Maak dan eerst een koppelbestand"</a>
                        "."
                    </p>
                }
            })}
        {(log.entries.len() > 1)
            .then(|| {
                view! {
                    <div class="field">
                        <label for="bestand-keuze">"Over welk bestand gaat het?"</label>
                        <span class="hint" id="bestand-keuze-hint">
                            "Standaard het nieuwste. U kunt ook een eerder bestand kiezen."
                        </span>
                        <select
                            id="bestand-keuze"
                            aria-describedby="bestand-keuze-hint"
                            on:change=move |ev| {
                                chosen.set(event_target_value(&ev).parse().unwrap_or(0));
                                check.set(String::new());
                            }
                        >
                            {log
                                .entries
                                .iter()
                                .enumerate()
                                .map(|(i, e)| {
                                    view! {
                                        <option value=i.to_string() selected=i == 0>
                                            {format!("{} (gemaakt op {})", e.file_name, e.made_at)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                }
            })}
        {move || match steps() {
            Some(steps) => steps.into_any(),
            None => {
                view! {
                    <p id="geen-bestand">
                        "U hebt nog geen koppelbestand gemaakt in deze browser. "
                        <a href=Screen::Koppelbestand.href()>"Maak eerst een koppelbestand"</a> "."
                    </p>
                }
                    .into_any()
            }
        }}
        <h2>"Verzendoverzicht"</h2>
        <p>
            "Alle koppelbestanden die u in deze browser hebt gemaakt: alleen de naam en de aantallen, geen gegevens van leerlingen."
        </p>
        {if log.entries.is_empty() {
            view! { <p>"Nog geen bestanden."</p> }.into_any()
        } else {
            view! {
                <div
                    class="table-wrap"
                    role="region"
                    aria-labelledby="verzendoverzicht-titel"
                    tabindex="0"
                >
                    <table class="data-table">
                        <caption id="verzendoverzicht-titel">
                            "Gemaakte koppelbestanden, nieuwste eerst"
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">"Bestand"</th>
                                <th scope="col">"Gemaakt op"</th>
                                <th scope="col">"Regels"</th>
                                <th scope="col">"Koppelingen"</th>
                                <th scope="col">"Vragen"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {log
                                .entries
                                .iter()
                                .map(|e| {
                                    view! {
                                        <tr>
                                            <td class="file-name">{e.file_name.clone()}</td>
                                            <td>{e.made_at.clone()}</td>
                                            <td>{e.rows}</td>
                                            <td>{e.koppelingen}</td>
                                            <td>{e.vragen}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
    }
}
