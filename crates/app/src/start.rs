//! Start: the five steps of linking numbers at DUO, how far the officer is in each, the next step,
//! and DUO's own description of the process. The app opens here once an organisation is set.

use leptos::prelude::*;

use super::state::registers::FileStatus;
use super::state::{AppState, Screen};

/// Where the officer is in one step: a sentence, and whether the step still asks for work.
struct Step {
    screen: Screen,
    text: String,
    todo: bool,
}

fn rows(n: usize) -> String {
    if n == 1 {
        "1 rij".into()
    } else {
        format!("{n} rijen")
    }
}

fn regels(n: usize) -> String {
    if n == 1 {
        "1 regel".into()
    } else {
        format!("{n} regels")
    }
}

fn steps(state: &AppState) -> [Step; 5] {
    let files = state.registers.files.get();
    // A file with the same rows as another counts once (`Registers::ready`).
    let counted: Vec<u32> = state
        .registers
        .ready()
        .into_iter()
        .map(|(id, ..)| id)
        .collect();
    let (mut read, mut with_bsn, mut only_own, mut reading, mut failed) = (0, 0, 0, 0, 0);
    for f in &files {
        match &f.status {
            FileStatus::Ready(s) if counted.contains(&f.id) => {
                read += s.accounting.read as usize;
                with_bsn += s.with_bsn;
                only_own += s.only_onderwijsnummer;
            }
            FileStatus::Ready(_) => {}
            FileStatus::Reading(_) => reading += 1,
            FileStatus::Failed(_) => failed += 1,
        }
    }
    let ready = counted.len();
    let bestanden = if files.is_empty() {
        "Nog geen bestand geopend.".to_string()
    } else {
        let split = format!("{with_bsn} met BSN, {only_own} met alleen een onderwijsnummer");
        let mut text = match ready {
            0 => String::new(),
            1 => format!("1 bestand gelezen: {}, waarvan {split}.", rows(read)),
            n => format!("{n} bestanden gelezen: {}, waarvan {split}.", rows(read)),
        };
        if reading > 0 {
            text.push_str(" Bezig met lezen.");
        }
        if failed > 0 {
            text.push_str(" Een bestand kon niet worden gelezen.");
        }
        text.trim().to_string()
    };

    let found = state.dubbelen.found.get();
    let threshold = state.dubbelen.threshold.get();
    let counts = state.review.with(|r| r.counts(threshold));
    let dubbelen = match &found {
        None if ready == 0 => (
            "Zoek dubbelen nadat u uw bestanden hebt geopend.".to_string(),
            false,
        ),
        None => ("Nog niet gezocht.".to_string(), true),
        Some(_) if counts.open > 0 => {
            let pairs = if counts.open == 1 {
                "1 paar".to_string()
            } else {
                format!("{} paren", counts.open)
            };
            (format!("{pairs} nog te beoordelen."), true)
        }
        Some(_) => (
            "Alle voorgestelde paren zijn beoordeeld.".to_string(),
            false,
        ),
    };

    let (filled, unsaved) = state
        .koppelbestand
        .with(|t| (t.filled().count(), t.unsaved()));
    let koppelbestand = match (filled, unsaved) {
        (0, _) => ("Nog leeg.".to_string(), false),
        (n, true) => (format!("{}, nog niet gedownload.", regels(n)), true),
        (n, false) => (format!("{}, gedownload.", regels(n)), false),
    };

    let last = state.verzendlog.with(|l| l.entries.first().cloned());
    let versturen = match last {
        Some(e) => (
            format!("Laatst gemaakt: {} op {}.", e.file_name, e.made_at),
            filled > 0 && !unsaved && state.antwoord.loaded.with(Option::is_none),
        ),
        None => ("Nog geen koppelbestand gemaakt.".to_string(), false),
    };

    let antwoord = match state.antwoord.loaded.get() {
        Some(l) => format!("Antwoord gelezen: {}.", l.file_name),
        None => "Nog geen antwoord van DUO geopend.".to_string(),
    };

    [
        Step {
            screen: Screen::Bestanden,
            text: bestanden,
            todo: ready == 0,
        },
        Step {
            screen: Screen::Dubbelen,
            text: dubbelen.0,
            todo: dubbelen.1,
        },
        Step {
            screen: Screen::Koppelbestand,
            text: koppelbestand.0,
            todo: koppelbestand.1 || (filled == 0 && counts.koppelen == 0),
        },
        Step {
            screen: Screen::Versturen,
            text: versturen.0,
            todo: versturen.1,
        },
        Step {
            screen: Screen::Antwoord,
            text: antwoord,
            todo: false,
        },
    ]
}

/// The step where the work continues: the first that still asks for something, else DUO's answer.
pub fn next_step(state: &AppState) -> Screen {
    steps(state)
        .into_iter()
        .find(|s| s.todo)
        .map_or(Screen::Antwoord, |s| s.screen)
}

#[component]
pub fn StartScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <h1 id="screen-title" tabindex="-1">
            "Start"
        </h1>
        <p>
            "Met Koppelhulp koppelt u bij DUO een BSN aan een onderwijsnummer, in vijf stappen. "
            "Bij elke stap ziet u hoe ver u bent."
        </p>
        <ol class="start-steps" aria-label="De stappen">
            {move || {
                let next = next_step(&state);
                steps(&state)
                    .into_iter()
                    .map(|s| {
                        let here = s.screen == next;
                        view! {
                            <li class:step-next=here>
                                <a href=s.screen.href()>{s.screen.title()}</a>
                                {here.then(|| view! { <strong>" — volgende stap"</strong> })}
                                <p class="hint">{s.text}</p>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
        <p>
            "Los daarvan: met " <a href=Screen::Routering.href()>"Routering"</a>
            " kiest u waar DUO verzuimmeldingen naartoe stuurt."
        </p>
        <section aria-labelledby="duo-titel">
            <h2 id="duo-titel">"Zo werkt het koppelen bij DUO"</h2>
            <p>
                "DUO beschrijft het proces op zijn website, op de pagina "
                <em>"Gegevenskoppeling en routering"</em> ". In het kort:"
            </p>
            <ol>
                <li>
                    "Vul het Excel-bestand " <em>"Koppelen gegevens"</em>
                    " in. Dat doet u in Koppelhulp onder Koppelbestand."
                </li>
                <li>
                    "Sla het op onder de naam die DUO vraagt: de datum, G (gemeente) of R (RMC-regio), uw code van "
                    "4 tekens en .koci.xlsx. Bijvoorbeeld 20260301G0363.koci.xlsx. Koppelhulp maakt die naam voor u."
                </li>
                <li>
                    "Zet het bestand op Mijn DUO en kies bij bestandssoort "
                    <strong>"Koppeling OWN/BSN"</strong> ". Daarvoor hebt u de rol "
                    <strong>"behandelaar RMC"</strong>
                    " nodig, met uw regio- of gemeentecode gekoppeld aan die rol."
                </li>
                <li>
                    "Stuur een e-mail aan verzuim@duo.nl dat het bestand klaarstaat, met de naam van het bestand."
                </li>
                <li>
                    "DUO koppelt de nummers, beantwoordt uw vragen en zet het bestand met de antwoorden terug in "
                    "Mijn DUO. U krijgt een e-mail als het klaarstaat."
                </li>
            </ol>
            <p>
                "Een vraag over een leerling zet u in de kolom " <em>"Opmerking Gemeente/Regio"</em>
                " van het koppelbestand. Hebt u een vraag over deze werkwijze? Mail dan naar verzuim@duo.nl."
            </p>
        </section>
    }
}

/// At the end of every screen: the step where the work continues (*Volgende stap*).
#[component]
pub fn NextStep(screen: RwSignal<Screen>) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let here = screen.get();
        let next = match here {
            Screen::Bestanden => Screen::Dubbelen,
            Screen::Dubbelen => Screen::Koppelbestand,
            Screen::Koppelbestand => Screen::Versturen,
            Screen::Versturen => Screen::Antwoord,
            Screen::Instellingen if state.settings.with(|s| s.organisations.is_empty()) => {
                return None;
            }
            Screen::Start => next_step(&state),
            _ => Screen::Start,
        };
        let label = if next == Screen::Start {
            "Terug naar het overzicht: Start".to_string()
        } else {
            format!("Volgende stap: {}", next.title())
        };
        Some(view! {
            <nav class="next-step no-print" aria-label="Volgende stap">
                <a class="button button-secondary" href=next.href()>
                    {label}
                </a>
            </nav>
        })
    }
}
