//! Screen "Privacy en hulp": what the app does with data and what the browser keeps, DUO's
//! process in five steps, *Alles wissen*, the automatic clear (on by default), the
//! version, and the toegankelijkheidsverklaring.

use leptos::prelude::*;

use super::browser;
use super::state::{AppState, Screen, VERSION};
use koppelhulp_core::settings::{AUTO_CLEAR_CHOICES, AUTO_CLEAR_OFF};

fn period_label(minutes: u32) -> String {
    match minutes {
        m if m % 60 == 0 && m >= 60 => match m / 60 {
            1 => "1 uur".to_string(),
            h => format!("{h} uur"),
        },
        m => format!("{m} minuten"),
    }
}

#[component]
pub fn PrivacyScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let confirming = RwSignal::new(false);
    let wiped = RwSignal::new(false);

    let release = state.release_auto_clear;
    let default_text = match release {
        AUTO_CLEAR_OFF => "uit, want uw organisatie heeft dat zo ingesteld".to_string(),
        m => format!("na {}", period_label(m)),
    };

    let wipe = move |_| {
        state.clear_everything();
        confirming.set(false);
        wiped.set(true);
        browser::focus_later("gewist");
    };

    view! {
        <div class="prose">
            <h1 id="screen-title" tabindex="-1">
                "Privacy en hulp"
            </h1>

            <section aria-labelledby="privacy-titel">
                <h2 id="privacy-titel">"Wat Koppelhulp met gegevens doet"</h2>
                <p>
                    <strong>"Gegevens verlaten deze computer niet."</strong>
                    " Koppelhulp is een programma dat helemaal in uw browser werkt. Bestanden die u opent, "
                    "worden op deze computer gelezen. Er is geen server die gegevens ontvangt, en Koppelhulp "
                    "gebruikt geen statistieken, geen lettertypen of scripts van andere websites en geen cookies."
                </p>
                <p>
                    "De browser dwingt dit af: Koppelhulp mag alleen zijn eigen bestanden ophalen van de server "
                    "waar het op staat. Een verzoek naar een andere website wordt door de browser geblokkeerd."
                </p>
                <p id="privacy-mail">
                    "E-mails die Koppelhulp voor u klaarzet, verstuurt u zelf, met uw eigen e-mailprogramma. De e-mail "
                    "aan DUO over een koppelbestand bevat geen gegevens van leerlingen: alleen de naam van het bestand, "
                    "de bestandssoort en uw organisatie. De e-mail met de routeringsformulieren bevat wat u op die "
                    "formulieren invult: namen van instanties, e-mailadressen, contactpersonen, telefoonnummers en wie "
                    "ondertekent. Ook daarin staan geen gegevens van leerlingen."
                </p>
            </section>

            <section aria-labelledby="bewaard-titel">
                <h2 id="bewaard-titel">"Wat de browser bewaart, en hoe lang"</h2>
                <dl class="facts">
                    <dt>"In deze browser, tot u op Alles wissen klikt"</dt>
                    <dd>
                        <p>"Geen gegevens van leerlingen, wel:"</p>
                        <ul>
                            <li>
                                "uw instellingen: uw organisaties en de keuze voor automatisch wissen;"
                            </li>
                            <li>
                                "het sjabloon van DUO dat u hebt geladen: de naam van het werkblad en de kolommen, en het lege .xlsx-bestand zelf (alleen als er niets onder de kopregel staat);"
                            </li>
                            <li>
                                "het verzendoverzicht: de namen van de koppelbestanden die u maakte, wanneer, en hoeveel regels erin stonden;"
                            </li>
                            <li>
                                "de routeringsformulieren: instanties, e-mailadressen, contactpersonen, telefoonnummers en wie ondertekent."
                            </li>
                        </ul>
                    </dd>
                    <dt>"Leerlinggegevens: alleen in het geheugen van dit tabblad"</dt>
                    <dd>
                        "De regels van het koppelbestand, uw besluiten bij Dubbelen zoeken, de bestanden die u opent "
                        "(registers, het antwoord van DUO) en uw afhandeling en notities bij dat antwoord staan alleen "
                        "in het geheugen van dit tabblad. Koppelhulp schrijft ze nooit naar de schijf van deze computer. "
                        "Als u het tabblad sluit of de pagina opnieuw laadt, zijn ze weg; ook een heropend of "
                        "gedupliceerd tabblad heeft ze niet. Koppelhulp vraagt daarom eerst of u wilt blijven als er "
                        "werk is dat u nog niet hebt bewaard. Wilt u later verder? Bewaar uw werk dan met Werk opslaan."
                    </dd>
                    <dt>"Bestanden die u downloadt"</dt>
                    <dd>
                        "Een koppelbestand en een actielijst bevatten persoonsgegevens. Bewaar ze in een map die alleen u "
                        "en uw collega's mogen zien. Niet in een openbare map, niet op een USB-stick en niet als bijlage "
                        "in een e-mail. Bewaar het koppelbestand tot u het antwoord van DUO hebt verwerkt: Koppelhulp "
                        "vergelijkt het antwoord ermee. Verwijder het daarna."
                    </dd>
                    <dt>"Het programma zelf"</dt>
                    <dd>
                        "De browser bewaart de bestanden van Koppelhulp (niet uw gegevens), zodat het ook zonder "
                        "verbinding werkt."
                    </dd>
                </dl>
            </section>

            <section aria-labelledby="duo-titel">
                <h2 id="duo-titel">"Hulp bij het koppelen"</h2>
                <p>
                    "Hoe het koppelen bij DUO werkt, en hoe ver u bent, ziet u op "
                    <a href=Screen::Start.href()>"Start"</a> "."
                </p>
            </section>

            <section aria-labelledby="werkbestand-titel">
                <h2 id="werkbestand-titel">"Uw werk bewaren: het werkbestand"</h2>
                <p>
                    "Werk dat langer duurt dan één keer, bewaart u met "
                    <strong>"Werk opslaan"</strong>
                    " (bovenaan elk scherm). Koppelhulp maakt dan één Excel-bestand, "
                    "Koppelhulp-werk-JJJJMMDD-UUMM.xlsx, met:"
                </p>
                <ul>
                    <li>"het koppelbestand: de regels zoals u ze maakte;"</li>
                    <li>
                        "uw besluiten bij Dubbelen zoeken: de twee nummers, koppelen of niet, en de datum;"
                    </li>
                    <li>"uw markeringen en notities bij het antwoord van DUO;"</li>
                    <li>
                        "de naam en grootte van de registers die u opende, en een controlegetal om hetzelfde bestand te herkennen, maar niet hun inhoud;"
                    </li>
                    <li>"de versie van Koppelhulp, uw organisatie en wanneer u opsloeg."</li>
                </ul>
                <p>
                    "Het bestand is beveiligd met uw wachtwoord, met de versleuteling die Excel zelf gebruikt "
                    "(AES-256). Met het wachtwoord opent u het ook in Excel of LibreOffice. Koppelhulp bewaart "
                    "het wachtwoord nergens: bent u het vergeten, dan kan niemand het bestand nog openen."
                </p>
                <p>
                    "Het bestand bevat leerlinggegevens. Zet het op dezelfde beveiligde plek als de registers "
                    "(bijvoorbeeld de afgeschermde netwerkmap van uw afdeling), niet op een USB-stick of in "
                    "uw e-mail. Verwijder het als het werk klaar is: als DUO heeft geantwoord en u de "
                    "actielijst hebt afgewerkt. Met "<strong>"Werk openen"</strong>
                    " gaat u verder waar u "
                    "was; daarna opent u de registers opnieuw op Bestanden."
                </p>
            </section>

            <section aria-labelledby="wissen-titel">
                <h2 id="wissen-titel">"Alles wissen"</h2>
                <p>
                    "Wist alles wat Koppelhulp in deze browser heeft bewaard (uw instellingen, het sjabloon, het "
                    "verzendoverzicht en de routeringsformulieren) en de leerlinggegevens in elk geopend tabblad "
                    "van Koppelhulp. Bestanden die u hebt gedownload, verwijdert u zelf."
                </p>
                {move || {
                    wiped
                        .get()
                        .then(|| {
                            view! {
                                <div
                                    class="alert alert-success"
                                    id="gewist"
                                    tabindex="-1"
                                    role="status"
                                >
                                    <p>"Alles is gewist."</p>
                                </div>
                            }
                        })
                }}
                {move || {
                    if confirming.get() {
                        view! {
                            <div
                                class="alert alert-warning"
                                role="group"
                                aria-labelledby="bevestig-tekst"
                            >
                                <p id="bevestig-tekst">
                                    "Weet u zeker dat u alles wilt wissen? Dit kunt u niet ongedaan maken."
                                </p>
                                <div class="button-row">
                                    <button
                                        type="button"
                                        class="button button-danger"
                                        id="wissen-ja"
                                        on:click=wipe
                                    >
                                        "Ja, alles wissen"
                                    </button>
                                    <button
                                        type="button"
                                        class="button button-secondary"
                                        id="wissen-nee"
                                        on:click=move |_| {
                                            confirming.set(false);
                                            browser::focus_later("alles-wissen");
                                        }
                                    >
                                        "Annuleren"
                                    </button>
                                </div>
                            </div>
                        }
                            .into_any()
                    } else {
                        view! {
                            <div class="button-row">
                                <button
                                    type="button"
                                    class="button button-danger"
                                    id="alles-wissen"
                                    on:click=move |_| {
                                        wiped.set(false);
                                        confirming.set(true);
                                        browser::focus_later("wissen-nee");
                                    }
                                >
                                    "Alles wissen"
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                }}
            </section>

            <section aria-labelledby="auto-titel">
                <h2 id="auto-titel">"Automatisch wissen op een gedeelde computer"</h2>
                <div class="field">
                    <label for="auto-wissen">
                        "Leerlinggegevens wissen als Koppelhulp niet wordt gebruikt"
                    </label>
                    <span class="hint" id="auto-wissen-hint">
                        "Na de gekozen tijd zonder toetsaanslag of klik in Koppelhulp wist Koppelhulp de "
                        "leerlinggegevens in elk geopend tabblad van Koppelhulp. Uw instellingen blijven bewaard. "
                        "Standaard staat dit aan: "
                        {default_text}
                        "."
                    </span>
                    <select
                        id="auto-wissen"
                        aria-describedby="auto-wissen-hint"
                        on:change=move |ev| {
                            let minutes = event_target_value(&ev).parse::<u32>().ok();
                            state.settings.update(|s| s.auto_clear_minutes = minutes);
                        }
                    >
                        {move || {
                            let current = state.settings.with(|s| s.auto_clear_after(release));
                            let choices = std::iter::once(AUTO_CLEAR_OFF).chain(AUTO_CLEAR_CHOICES);
                            choices
                                .map(|choice| {
                                    let standard = if choice == release {
                                        " (standaard)"
                                    } else {
                                        ""
                                    };
                                    let label = match choice {
                                        AUTO_CLEAR_OFF => format!("Uit{standard}"),
                                        m => format!("Na {}{standard}", period_label(m)),
                                    };
                                    let selected = current.unwrap_or(AUTO_CLEAR_OFF) == choice;
                                    view! {
                                        <option value=choice.to_string() selected=selected>
                                            {label}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </section>

            <section aria-labelledby="versie-titel">
                <h2 id="versie-titel">"Versie"</h2>
                <p>"Koppelhulp versie " {VERSION} ". Vrije software onder de EUPL-1.2-licentie."</p>
            </section>

            <section aria-labelledby="toegankelijkheid-titel">
                <h2 id="toegankelijkheid-titel">"Toegankelijkheidsverklaring"</h2>
                <p>
                    "Koppelhulp wil voldoen aan de toegankelijkheidseisen voor de overheid: WCAG 2.1 op niveau AA "
                    "(EN 301 549). Dat geldt ook voor programma's die alleen binnen een organisatie worden gebruikt."
                </p>
                <h3>"Hoe wij dit controleren"</h3>
                <ul>
                    <li>
                        "Bij elke wijziging controleert een automatische test (axe-core) elk scherm op de WCAG 2.1 A- en AA-regels."
                    </li>
                    <li>"Tests bedienen elk scherm alleen met het toetsenbord."</li>
                    <li>"Elk scherm is bekeken op 320 pixels breed en bij 200% zoom."</li>
                    <li>
                        "Duidelijke focusrand, voldoende contrast, foutmeldingen bij het veld en in een overzicht boven het formulier."
                    </li>
                </ul>
                <h3>"Bekende beperkingen"</h3>
                <ul>
                    <li>
                        "Er is nog geen volledige handmatige toets door een onafhankelijke deskundige gedaan."
                    </li>
                    <li>
                        "Koppelhulp is nog niet getest met alle schermlezers; de tests gebruiken de toegankelijkheidsinformatie van Chromium."
                    </li>
                </ul>
                <p>
                    "Loopt u tegen een probleem aan? Meld het bij de beheerder van Koppelhulp in uw organisatie. "
                    "Status: voldoet gedeeltelijk (nog niet onafhankelijk getoetst)."
                </p>
            </section>
        </div>
    }
}
