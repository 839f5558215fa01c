//! Screen "Dubbelen zoeken": find pupils registered under both a BSN and an onderwijsnummer in the
//! opened files, review the proposed pairs one by one (keys J, N, O, U while the queue has focus),
//! and put accepted pairs straight into the koppelbestand. The matching runs in the background worker
//! over the records it holds; decisions (two numbers and a verdict) are kept in the tab's memory
//! (and in a work file, *Werk opslaan*), and are applied again when the files are opened again.

use leptos::prelude::*;

use super::browser;
use super::state::dubbelen::{
    Found, accept_all_above, change_decision, decide, decisions, fetch_details, key_of, set_first,
    set_found, undo,
};
use super::state::registers::Registers;
use super::state::{AppState, Screen};
use super::widgets::{ErrorAlert, NeededFiles, ProgressBar};
use super::worker_client::{self, Progress};
use koppelhulp_core::koppelregel::format_date;
use koppelhulp_core::matcher::{DEFAULT_THRESHOLD, REVIEW_FLOOR};
use koppelhulp_core::names::has_unreadable_letters;
use koppelhulp_core::pupil::PupilRecord;
use koppelhulp_core::text::{count, dutch_number};
use koppelhulp_protocol::{FindPairs, FirstPairs, FoundPair};
use koppelhulp_work::review::{Order, PairKey, Verdict, surest_pairs_first};

/// How many pairs of the queue (the one on screen and the next) the page asks the worker for.
const PREFETCH: usize = 5;

/// The opened files that are read and not left out by the officer: id, name, records.
fn chosen_files(state: &AppState) -> Vec<(u32, String, usize)> {
    let left_out = state.dubbelen.left_out.get();
    let mut files = state.registers.ready();
    files.retain(|(id, _, _)| !left_out.contains(id));
    files
}

fn run_search(state: AppState) {
    let d = state.dubbelen;
    let files = untrack(|| chosen_files(&state));
    let records: usize = files.iter().map(|(_, _, n)| n).sum();
    let file_ids: Vec<u32> = files.into_iter().map(|(id, _, _)| id).collect();
    d.error.set(None);
    d.running.set(Some(Progress {
        stage: "Starten".into(),
        done: 0.0,
        total: 0.0,
    }));
    leptos::task::spawn_local(async move {
        // A big search: the surest pairs first, to judge while the rest is searched (a list
        // found earlier stays on screen instead).
        let mut first_shown = false;
        if surest_pairs_first(records, d.found.with_untracked(Option::is_some)) {
            let request = FirstPairs {
                file_ids: file_ids.clone(),
            };
            if let Ok(first) = worker_client::call(request, None, |_| ()).await
                && !first.is_empty()
                && d.found.with_untracked(Option::is_none)
            {
                set_first(&state, first);
                first_shown = true;
                focus_on_the_work(&state);
            }
        }
        let request = FindPairs {
            file_ids,
            decisions: untrack(|| decisions(&state)),
            floor: d.floor.get_untracked(),
        };
        let result = worker_client::call(request, None, move |p| d.running.set(Some(p))).await;
        d.running.set(None);
        match result {
            Ok(found) => {
                let n = found.pairs.len();
                set_found(&state, found);
                if first_shown {
                    // The officer may be judging: the focus stays where it is.
                    d.announce.set(format!(
                        "Het zoeken is klaar: {}.",
                        count(n, "mogelijk paar", "mogelijke paren")
                    ));
                } else {
                    d.announce.set(format!(
                        "Het zoeken is klaar: {}.",
                        count(n, "mogelijk paar", "mogelijke paren")
                    ));
                    focus_on_the_work(&state);
                }
            }
            Err(e) => d.error.set(Some(e)),
        }
    });
}

/// Where the work continues after a search: the first proposal, so that J, N and L work at once;
/// the outcome's heading when there is nothing to judge.
fn focus_on_the_work(state: &AppState) {
    let t = state.dubbelen.threshold.get_untracked();
    if state.review.with_untracked(|r| r.next(t).is_some()) {
        browser::focus_later("beoordelen");
    } else {
        browser::focus_later("uitkomst");
    }
}

#[component]
pub fn DubbelenScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let d = state.dubbelen;
    let registers: Registers = state.registers;
    let ready = move || registers.ready();
    let has_found = Memo::new(move |_| d.found.with(Option::is_some));

    view! {
        <h1 id="screen-title" tabindex="-1">
            "Dubbelen zoeken"
        </h1>
        <p class="lead">
            "Koppelhulp zoekt leerlingen die in uw bestanden twee keer voorkomen: één keer met een BSN en één keer "
            "met een onderwijsnummer. U beoordeelt elk voorstel; wat u goedkeurt, komt in het koppelbestand. DUO koppelt de nummers als u dat bestand hebt verstuurd."
        </p>
        <NeededFiles />
        {move || {
            let files = ready();
            let decided = state.review.with(|r| r.decided());
            if files.is_empty() {
                view! {
                    <div class="alert alert-warning" id="geen-bestanden">
                        {(decided > 0)
                            .then(|| {
                                view! {
                                    <p>
                                        "U hebt al " {decided}
                                        " voorstellen beoordeeld. Die besluiten staan in dit tabblad, "
                                        "maar de bestanden zelf niet. Open de bestanden opnieuw; "
                                        "Koppelhulp past uw besluiten dan weer toe."
                                    </p>
                                }
                            })}
                        <p>
                            "Open eerst de bestanden die u wilt vergelijken. "
                            <a href=Screen::Bestanden.href()>"Naar Bestanden"</a>
                        </p>
                    </div>
                }
                    .into_any()
            } else {
                let chosen = move || chosen_files(&state);
                view! {
                    <fieldset class="file-choice">
                        <legend>"Welke bestanden vergelijkt Koppelhulp?"</legend>
                        {files
                            .into_iter()
                            .map(|(id, name, records)| {
                                let input_id = format!("vergelijk-{id}");
                                view! {
                                    <div class="checkbox">
                                        <input
                                            type="checkbox"
                                            id=input_id.clone()
                                            prop:checked=move || !d.left_out.with(|l| l.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                d.left_out
                                                    .update(|l| {
                                                        l.retain(|x| *x != id);
                                                        if !on {
                                                            l.push(id)
                                                        }
                                                    });
                                            }
                                        />
                                        <label for=input_id>
                                            {format!(
                                                "{name} ({})",
                                                count(records, "leerling", "leerlingen"),
                                            )}
                                        </label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                    <p>
                        {move || {
                            let c = chosen();
                            let total: usize = c.iter().map(|(_, _, n)| n).sum();
                            if c.is_empty() {
                                "Kies minstens één bestand.".to_string()
                            } else {
                                format!(
                                    "Koppelhulp vergelijkt {} uit {}: de inschrijvingen met een BSN met die met alleen een onderwijsnummer.",
                                    count(total, "leerling", "leerlingen"),
                                    count(c.len(), "bestand", "bestanden"),
                                )
                            }
                        }}
                    </p>
                    <button
                        type="button"
                        class="button"
                        id="zoek-dubbelen"
                        disabled=move || d.running.get().is_some() || chosen().is_empty()
                        on:click=move |_| run_search(state)
                    >
                        {move || {
                            if d.found.with(Option::is_some) {
                                "Opnieuw zoeken"
                            } else {
                                "Dubbelen zoeken"
                            }
                        }}
                    </button>
                }
                    .into_any()
            }
        }}
        {move || {
            d.running
                .get()
                .map(|p| view! { <ProgressBar label=p.stage.clone() progress=Some(p) /> })
        }}
        {move || d.error.get().map(|e| view! { <ErrorAlert message=e /> })}
        {move || has_found.get().then(|| view! { <Review /> })}
    }
}

#[component]
fn Review() -> impl IntoView {
    let state = expect_context::<AppState>();
    let d = state.dubbelen;
    let review = state.review;
    let confirm_all = RwSignal::new(false);
    // The strongest pair comes first.
    let max_w = Memo::new(move |_| {
        d.found.with(|f| {
            f.as_ref()
                .and_then(|f| f.pairs().first())
                .map(|p| p.weight.ceil())
                .unwrap_or(0.0)
        })
    });

    // The review keeps its queue and counts up to date per decision (`work::review`).
    let counts = Memo::new(move |_| {
        let t = d.threshold.get();
        review.with(|r| r.counts(t))
    });
    let next = Memo::new(move |_| {
        let t = d.threshold.get();
        review.with(|r| r.next(t))
    });
    let key_at = move |i: usize| {
        d.found
            .with_untracked(|f| f.as_ref().and_then(|f| f.pairs().get(i)).and_then(key_of))
    };
    let next_key = Memo::new(move |_| next.get().and_then(key_at));
    // The pair on screen and the next few: fetched from the worker as the officer moves on.
    Effect::new(move |_| {
        if next_key.get().is_none() {
            return;
        }
        d.details.track();
        let t = d.threshold.get_untracked();
        let keys: Vec<_> = review.with_untracked(|r| {
            r.queue(t)
                .take(PREFETCH)
                .filter_map(|i| r.key(i).cloned())
                .collect()
        });
        fetch_details(state, keys);
    });
    let order = Memo::new(move |_| review.with(|r| r.order()));

    let decide_now = move |verdict: Verdict| {
        let Some(key) = next_key.get_untracked() else {
            // A key never does nothing silently.
            d.announce.set(
                "Er is geen voorstel om te beoordelen. Met een lagere drempel ziet u meer paren."
                    .into(),
            );
            return;
        };
        decide(&state, key, verdict);
        let (bsn, own) = key;
        d.announce.set(match verdict {
            Verdict::Koppelen => {
                format!("In het koppelbestand gezet: BSN {bsn} met onderwijsnummer {own}.")
            }
            Verdict::GeenDubbel => "Gemarkeerd als geen dubbel.".to_string(),
            Verdict::Later => "Voor later bewaard.".to_string(),
        });
    };
    let undo_now = move || {
        if undo(&state) {
            d.announce.set("Laatste besluit ongedaan gemaakt.".into());
        } else {
            d.announce.set("Er is niets om ongedaan te maken.".into());
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
            return;
        }
        match ev.key().to_lowercase().as_str() {
            "j" => decide_now(Verdict::Koppelen),
            "n" => decide_now(Verdict::GeenDubbel),
            "l" => decide_now(Verdict::Later),
            "o" => undo_now(),
            _ => return,
        }
        ev.prevent_default();
    };
    let accept_all = move |_| {
        confirm_all.set(false);
        let threshold = d.threshold.get_untracked();
        leptos::task::spawn_local(async move {
            match accept_all_above(state, threshold).await {
                Ok(n) => d.announce.set(format!(
                    "{} in het koppelbestand gezet.",
                    count(n, "paar", "paren")
                )),
                Err(e) => d.error.set(Some(e)),
            }
            browser::focus_later("beoordelen");
        });
    };
    let first_only = move || d.found.with(|f| f.as_ref().is_some_and(|f| f.is_first()));
    let summary = move || {
        d.found.with(|f| {
            f.as_deref().map(|found| {
                let found = match found {
                    Found::First(pairs) => {
                        return format!(
                            "Koppelhulp zoekt nog. Hieronder alvast de {} zekerste voorstellen: naam, voornaam en \
                             geboortedatum zijn precies gelijk. De andere voorstellen volgen als het zoeken klaar is.",
                            dutch_number(pairs.len())
                        );
                    }
                    Found::All(reply) => reply,
                };
                let mut text = format!(
                    "{} vergeleken; {} gevonden. ",
                    count(found.compared, "rij", "rijen"),
                    count(found.pairs.len(), "mogelijk paar", "mogelijke paren")
                );
                if found.already_linked > 0 {
                    text.push_str(&match found.already_linked {
                        1 => "1 rij had al beide nummers; die is overgeslagen. ".to_string(),
                        n => format!(
                            "{} rijen hadden al beide nummers; die zijn overgeslagen. ",
                            dutch_number(n)
                        ),
                    });
                }
                if found.pairs.is_empty() {
                    text.push_str(
                        "Een paar is een rij met een BSN en een rij met alleen een onderwijsnummer van dezelfde \
                         leerling. Staan er in uw bestanden geen rijen met alleen een onderwijsnummer, dan is er \
                         niets te koppelen. ",
                    );
                }
                if found.without_number > 0 {
                    text.push_str(&match found.without_number {
                        1 => "1 rij zonder BSN en zonder onderwijsnummer is niet vergeleken."
                            .to_string(),
                        n => format!(
                            "{} rijen zonder BSN en zonder onderwijsnummer zijn niet vergeleken.",
                            dutch_number(n)
                        ),
                    });
                }
                text
            })
        })
    };
    let learned = move || {
        d.found.with(|f| match f.as_deref() {
            Some(Found::All(reply)) => reply.learned_from,
            _ => 0,
        })
    };

    view! {
        <section aria-labelledby="uitkomst" class="review">
            <h2 id="uitkomst" tabindex="-1">
                "Voorstellen"
            </h2>
            <p id="zoek-uitkomst">{summary}</p>
            <Floor />
            <p id="geleerd" class="hint">
                {move || match learned() {
                    0 => String::new(),
                    1 => "De voorstellen zijn aangepast aan uw besluit.".to_string(),
                    n => {
                        format!(
                            "De voorstellen zijn aangepast aan uw {} besluiten.",
                            dutch_number(n),
                        )
                    }
                }}
            </p>
            <div class="field threshold">
                <label for="drempel">"Drempel (gewicht)"</label>
                <span class="hint" id="drempel-hint">
                    "Het gewicht zegt hoe zeker het is dat twee inschrijvingen dezelfde leerling zijn: hoe hoger, hoe zekerder. "
                    "U beoordeelt de paren met een gewicht vanaf de drempel. Standaard: "
                    {decimal(DEFAULT_THRESHOLD, 1)}
                    "."
                </span>
                <details class="more" id="gewicht-uitleg">
                    <summary>"Hoe werkt het gewicht?"</summary>
                    <p>
                        "Koppelhulp vergelijkt de naam, de geboortedatum, het geslacht en het adres van de twee inschrijvingen. "
                        "Wat gelijk is, telt op; wat verschilt, telt af. Bij 0 is het even waarschijnlijk dat het dezelfde "
                        "leerling is als dat het niet zo is. Elk punt erbij maakt het twee keer zo waarschijnlijk, elk punt eraf "
                        "twee keer zo onwaarschijnlijk. Bij elk voorstel ziet u welk gegeven hoeveel meetelt."
                    </p>
                </details>
                <input
                    id="drempel"
                    type="range"
                    min=move || fixed(d.floor.get(), 1, '.')
                    max=move || fixed(max_w.get().max(DEFAULT_THRESHOLD + 5.0), 2, '.')
                    step="0.5"
                    aria-describedby="drempel-hint drempel-telling"
                    prop:value=move || fixed(d.threshold.get(), 2, '.')
                    on:input=move |ev| {
                        let v = event_target::<web_sys::HtmlInputElement>(&ev).value_as_number();
                        if v.is_finite() {
                            d.threshold.set(v)
                        }
                    }
                />
                <p id="drempel-telling" role="status">
                    {move || {
                        let c = counts.get();
                        format!(
                            "{}: {} boven de drempel, {} nog te beoordelen.",
                            decimal(d.threshold.get(), 1),
                            count(c.above_threshold, "paar", "paren"),
                            dutch_number(c.open),
                        )
                    }}
                </p>
            </div>
            <p class="counts" id="besluit-telling">
                {move || {
                    let c = counts.get();
                    format!(
                        "In koppelbestand gezet: {}. Geen dubbel: {}. Later: {}.",
                        dutch_number(c.koppelen),
                        dutch_number(c.geen_dubbel),
                        dutch_number(c.later),
                    )
                }}
            </p>
            <div class="button-row">
                <button
                    type="button"
                    class="button button-secondary"
                    id="alles-koppelen"
                    disabled=move || counts.get().unjudged == 0 || first_only()
                    on:click=move |_| {
                        confirm_all.set(true);
                        browser::focus_later("alles-bevestigen");
                    }
                >
                    "Alle paren boven de drempel in het koppelbestand zetten"
                </button>
            </div>
            {move || {
                confirm_all
                    .get()
                    .then(|| {
                        view! {
                            <div
                                class="alert alert-warning"
                                role="alertdialog"
                                aria-labelledby="alles-vraag"
                            >
                                <p id="alles-vraag">
                                    {move || {
                                        let c = counts.get_untracked();
                                        let lowest = review
                                            .with_untracked(|r| {
                                                r.lowest_unjudged_weight(d.threshold.get_untracked())
                                            })
                                            .map(|w| {
                                                format!(
                                                    " Het laagste gewicht daarvan is {}.",
                                                    decimal(w, 2),
                                                )
                                            })
                                            .unwrap_or_default();
                                        let later = if c.later > 0 {
                                            " Paren die u voor later hebt bewaard, blijven staan."
                                        } else {
                                            ""
                                        };
                                        format!(
                                            "Weet u zeker dat u alle {} nog niet beoordeelde paren boven de drempel in het koppelbestand wilt zetten?{lowest}{later} DUO koppelt de nummers pas als u het koppelbestand hebt verstuurd. U kunt dit ongedaan maken met de toets O of de knop Ongedaan maken.",
                                            dutch_number(c.unjudged),
                                        )
                                    }}
                                </p>
                                <div class="button-row">
                                    <button
                                        type="button"
                                        class="button"
                                        id="alles-bevestigen"
                                        on:click=accept_all
                                    >
                                        "Ja, zet ze in het koppelbestand"
                                    </button>
                                    <button
                                        type="button"
                                        class="button button-secondary"
                                        on:click=move |_| {
                                            confirm_all.set(false);
                                            browser::focus_later("alles-koppelen");
                                        }
                                    >
                                        "Annuleren"
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
            <fieldset class="order-choice">
                <legend>"Volgorde"</legend>
                <div class="radio">
                    <input
                        type="radio"
                        id="volgorde-hoogste"
                        name="volgorde"
                        prop:checked=move || order.get() == Order::HighestFirst
                        on:change=move |_| review.update(|r| r.set_order(Order::HighestFirst))
                    />
                    <label for="volgorde-hoogste">"Hoogste gewicht eerst"</label>
                </div>
                <div class="radio">
                    <input
                        type="radio"
                        id="volgorde-twijfel"
                        name="volgorde"
                        aria-describedby="volgorde-hint"
                        prop:checked=move || order.get() == Order::DoubtFirst
                        on:change=move |_| review.update(|r| r.set_order(Order::DoubtFirst))
                    />
                    <label for="volgorde-twijfel">"Twijfelgevallen eerst"</label>
                </div>
                <p class="hint" id="volgorde-hint">
                    "Twijfelgevallen liggen dicht bij de drempel. Van uw besluit over zo'n paar leert Koppelhulp het meest."
                </p>
            </fieldset>
            <div class="keys" id="sneltoetsen">
                <h3>"Sneltoetsen"</h3>
                <p>
                    "Als het beoordelingsvak hieronder de focus heeft: " <kbd>"J"</kbd>
                    " (ja) in het koppelbestand zetten, " <kbd>"N"</kbd> " (nee) geen dubbel, "
                    <kbd>"L"</kbd> " later, " <kbd>"O"</kbd> " laatste besluit ongedaan maken."
                </p>
            </div>
            <div class="said">
                <p id="besluit-gezegd" role="status" aria-live="polite">
                    {move || d.announce.get()}
                </p>
                {move || {
                    (!d.announce.with(String::is_empty) && review.with(|r| r.can_undo()))
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button button-secondary button-small"
                                    id="besluit-terug"
                                    on:click=move |_| {
                                        undo_now();
                                        browser::focus_later("beoordelen");
                                    }
                                >
                                    "Ongedaan maken"
                                </button>
                            }
                        })
                }}
            </div>
            <div
                class="queue"
                id="beoordelen"
                tabindex="0"
                role="group"
                aria-label="Beoordelen: het voorstel hieronder"
                aria-busy=move || (d.busy.get() > 0).to_string()
                aria-describedby="sneltoetsen"
                on:keydown=on_key
            >
                {move || match next_key.get() {
                    None => {
                        view! {
                            <p id="wachtrij-leeg">
                                "Er zijn geen voorstellen meer boven de drempel om te beoordelen."
                            </p>
                        }
                            .into_any()
                    }
                    Some(key) => {
                        let p = d.details.with(|m| m.get(&key).cloned());
                        let position = counts.with_untracked(|c| c.open);
                        match p {
                            Some(p) => view! { <PairView pair=p left=position /> }.into_any(),
                            None => {
                                view! {
                                    <p class="hint" id="voorstel-laden">
                                        "Voorstel laden…"
                                    </p>
                                }
                                    .into_any()
                            }
                        }
                    }
                }}
                <div class="button-row">
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| decide_now(Verdict::Koppelen)
                    >
                        "In koppelbestand (J)"
                    </button>
                    <button
                        type="button"
                        class="button button-secondary"
                        on:click=move |_| decide_now(Verdict::GeenDubbel)
                    >
                        "Geen dubbel (N)"
                    </button>
                    <button
                        type="button"
                        class="button button-secondary"
                        on:click=move |_| decide_now(Verdict::Later)
                    >
                        "Later (L)"
                    </button>
                    <button
                        type="button"
                        class="button button-secondary"
                        on:click=move |_| undo_now()
                    >
                        "Ongedaan maken (O)"
                    </button>
                </div>
            </div>
            <Decided />
        </section>
    }
}

/// Every decision on a pair, filtered by verdict, each one changeable: the officer's doubt and
/// mistakes are never locked in. A change is one step, like J/N/L (undone with O).
#[component]
fn Decided() -> impl IntoView {
    let state = expect_context::<AppState>();
    let d = state.dubbelen;
    let filter = RwSignal::new(None::<Verdict>);
    let decisions = Memo::new(move |_| state.review.with(|r| r.decisions()));
    let shown = move || {
        let f = filter.get();
        decisions.with(|list| {
            list.iter()
                .filter(|(_, v)| f.is_none_or(|f| f == *v))
                .copied()
                .collect::<Vec<_>>()
        })
    };
    let name = move |key: &PairKey| {
        d.details.with_untracked(|m| {
            m.get(key).map(|p| {
                let r = &p.bsn;
                [
                    r.voornamen.as_str(),
                    r.voorvoegsel.as_str(),
                    r.achternaam.as_str(),
                ]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
            })
        })
    };
    let change = move |key: PairKey, verdict: Verdict| {
        leptos::task::spawn_local(async move {
            match change_decision(state, key, verdict).await {
                Ok(()) => d.announce.set(format!(
                    "Besluit gewijzigd: BSN {} met onderwijsnummer {} is nu {}.",
                    key.0,
                    key.1,
                    verdict_label(verdict).to_lowercase()
                )),
                Err(e) => d.error.set(Some(e)),
            }
            browser::focus_later("beoordeeld-titel");
        });
    };
    let choice = move |value: Option<Verdict>, label: &'static str| {
        let id = format!("beoordeeld-{}", value.map_or("alle", Verdict::code));
        view! {
            <span class="radio">
                <input
                    type="radio"
                    name="beoordeeld-filter"
                    id=id.clone()
                    prop:checked=move || filter.get() == value
                    on:change=move |_| filter.set(value)
                />
                <label for=id>{label}</label>
            </span>
        }
    };
    view! {
        <section aria-labelledby="beoordeeld-titel" class="decided">
            <h3 id="beoordeeld-titel" tabindex="-1">
                {move || format!("Beoordeelde paren ({})", decisions.with(Vec::len))}
            </h3>
            <fieldset class="filter">
                <legend>"Toon"</legend>
                {choice(None, "Alle")}
                {choice(Some(Verdict::Koppelen), "In koppelbestand")}
                {choice(Some(Verdict::GeenDubbel), "Geen dubbel")}
                {choice(Some(Verdict::Later), "Later")}
            </fieldset>
            {move || {
                let list = shown();
                if list.is_empty() {
                    return view! {
                        <p class="hint" id="beoordeeld-leeg">
                            "Hier staan nog geen paren."
                        </p>
                    }
                        .into_any();
                }
                let more = list.len().saturating_sub(DECIDED_SHOWN);
                let rows = list
                    .into_iter()
                    .take(DECIDED_SHOWN)
                    .map(|(key, verdict)| {
                        let buttons = [Verdict::Koppelen, Verdict::GeenDubbel, Verdict::Later]
                            .into_iter()
                            .filter(|v| *v != verdict)
                            .map(|v| {
                                view! {
                                    <button
                                        type="button"
                                        class="button button-secondary button-small"
                                        aria-label=format!(
                                            "{} voor BSN {}",
                                            verdict_label(v),
                                            key.0,
                                        )
                                        on:click=move |_| change(key, v)
                                    >
                                        {verdict_label(v)}
                                    </button>
                                }
                            })
                            .collect_view();
                        view! {
                            <tr>
                                <td>{key.0.to_string()}</td>
                                <td>{key.1.to_string()}</td>
                                <td>{name(&key).unwrap_or_default()}</td>
                                <td>{verdict_label(verdict)}</td>
                                <td class="actions">{buttons}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="table-wrap">
                        <table class="table" id="beoordeeld-tabel">
                            <caption class="visually-hidden">"Beoordeelde paren"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"BSN"</th>
                                    <th scope="col">"Onderwijsnummer"</th>
                                    <th scope="col">"Naam"</th>
                                    <th scope="col">"Besluit"</th>
                                    <th scope="col">"Wijzigen in"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {(more > 0)
                        .then(|| {
                            view! {
                                <p class="hint">
                                    {format!(
                                        "En nog {} {}. Kies hierboven een soort besluit om minder te zien.",
                                        more,
                                        if more == 1 { "paar" } else { "paren" },
                                    )}
                                </p>
                            }
                        })}
                }
                    .into_any()
            }}
        </section>
    }
}

/// The most decided pairs listed at once.
const DECIDED_SHOWN: usize = 200;

fn verdict_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Koppelen => "In koppelbestand",
        Verdict::GeenDubbel => "Geen dubbel",
        Verdict::Later => "Later",
    }
}

/// The two records side by side, differences marked, and the explanation as bars.
#[component]
fn PairView(pair: FoundPair, left: usize) -> impl IntoView {
    let a = &pair.bsn;
    let b = &pair.onderwijs;
    let rows: Vec<(&str, String, String)> = vec![
        (
            "Nummer",
            a.bsn.map(|n| format!("BSN {n}")).unwrap_or_default(),
            b.onderwijsnummer
                .map(|n| format!("Onderwijsnummer {n}"))
                .unwrap_or_default(),
        ),
        ("Achternaam", surname(a), surname(b)),
        ("Voornamen", a.voornamen.clone(), b.voornamen.clone()),
        (
            "Geboortedatum",
            a.geboortedatum.map(format_date).unwrap_or_default(),
            b.geboortedatum.map(format_date).unwrap_or_default(),
        ),
        (
            "Geslacht",
            a.geslacht.map(|g| g.code().to_string()).unwrap_or_default(),
            b.geslacht.map(|g| g.code().to_string()).unwrap_or_default(),
        ),
        ("Adres", address(a), address(b)),
        ("Woonplaats", a.woonplaats.clone(), b.woonplaats.clone()),
        (
            "Bron",
            format!("{}, rij {}", pair.bsn_file, a.row),
            format!("{}, rij {}", pair.onderwijs_file, b.row),
        ),
    ];
    let suggestion = pair.suggestion.clone();
    // A name with `?` or U+FFFD: the row takes the readable spelling when one record has it.
    let unreadable = (a.unreadable_name() || b.unreadable_name()).then(|| {
        let r = &pair.row;
        if [&r.voorvoegsel, &r.achternaam, &r.voornamen]
            .iter()
            .any(|t| has_unreadable_letters(t))
        {
            "Een naam in dit paar heeft een letter die Koppelhulp niet kan lezen (? of \u{FFFD}), \
             in beide inschrijvingen. Verbeter de naam in het koppelbestand voordat u het downloadt."
                .to_string()
        } else {
            format!(
                "Een naam in dit paar heeft een letter die Koppelhulp niet kan lezen (? of \u{FFFD}). \
                 Zet u het paar in het koppelbestand, dan gaat de leesbare schrijfwijze mee: {}.",
                [r.voornamen.as_str(), r.voorvoegsel.as_str(), r.achternaam.as_str()]
                    .iter()
                    .filter(|t| !t.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        }
    });
    let max = pair
        .explanation
        .fields
        .iter()
        .map(|f| f.weight.abs())
        .fold(1.0_f64, f64::max);
    view! {
        <p class="pair-title">
            <strong>{format!("Gewicht {}", decimal(pair.weight, 2))}</strong>
            {format!(" — nog {left} te beoordelen")}
        </p>
        <div class="table-wrap">
            <table class="table pair">
                <caption class="visually-hidden">
                    "De twee inschrijvingen naast elkaar; verschillen zijn gemarkeerd"
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Gegeven"</th>
                        <th scope="col">"Met BSN"</th>
                        <th scope="col">"Met onderwijsnummer"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(label, x, y)| {
                            let (xv, yv) = if matches!(label, "Nummer" | "Bron") {
                                (x.into_any(), y.into_any())
                            } else {
                                (diff_view(&x, &y), diff_view(&y, &x))
                            };
                            // The numbers and the sources always differ: nothing to mark there.
                            view! {
                                <tr>
                                    <th scope="row">{label}</th>
                                    <td>{xv}</td>
                                    <td>{yv}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        {unreadable
            .map(|text| {
                view! {
                    <p class="alert alert-warning" id="onleesbare-naam">
                        {text}
                    </p>
                }
            })}
        {a.bsn.zip(b.onderwijsnummer).map(|key| view! { <Remark key=key suggestion=suggestion /> })}
        <h3>"Waarom dit voorstel?"</h3>
        {pair
            .explanation
            .note
            .clone()
            .map(|note| {
                view! {
                    <p class="hint" id="uitleg-noot">
                        {format!("Let op: {note}. Het gewicht is daardoor minder precies.")}
                    </p>
                }
            })}
        <ul class="explanation">
            <li class="explanation-row">
                <span class="explanation-label">
                    "Beginwaarde, voordat Koppelhulp iets vergelijkt"
                </span>
                <Bar weight=pair.explanation.prior max=max />
            </li>
            {pair
                .explanation
                .fields
                .iter()
                .map(|f| {
                    view! {
                        <li class="explanation-row">
                            <span class="explanation-label">
                                {f.field.label()} ": " {f.level.clone()}
                            </span>
                            <Bar weight=f.weight max=max />
                        </li>
                    }
                })
                .collect_view()}
            <li class="explanation-row explanation-total">
                <span class="explanation-label">"Totaal"</span>
                <span class="explanation-value">{signed(pair.weight)}</span>
            </li>
        </ul>
    }
}

#[component]
fn Bar(weight: f64, max: f64) -> impl IntoView {
    let pct = (weight.abs() / max * 50.0).clamp(0.0, 50.0);
    view! {
        <span class="bar-track" aria-hidden="true">
            <span
                class={if weight >= 0.0 { "bar bar-plus" } else { "bar bar-minus" }}
                style:width=format!("{}%", fixed(pct, 1, '.'))
            ></span>
        </span>
        <span class="explanation-value">{signed(weight)}</span>
    }
}

/// A number as Dutch writes it: decimal comma.
fn decimal(x: f64, places: u32) -> String {
    fixed(x, places, ',')
}

/// A weight with its sign: `+5,39`, `-6,63`.
fn signed(x: f64) -> String {
    let text = fixed(x, 2, ',');
    if text.starts_with('-') {
        text
    } else {
        format!("+{text}")
    }
}

/// `x` rounded to `places` decimals (at most 6), with `separator` before them: `-6,63`, `12.5`.
/// By integer arithmetic, not `format!("{x:.2}")`: the page's wasm then holds no float formatter
/// (with its tables, about 6 KB gzip). The weights here are small (within ±1,000).
fn fixed(x: f64, places: u32, separator: char) -> String {
    let scale = 10_u64.pow(places.min(6));
    let scaled = (x.abs() * scale as f64).round();
    let n = if scaled.is_finite() { scaled as u64 } else { 0 };
    let sign = if x < 0.0 && n != 0 { "-" } else { "" };
    let whole = n / scale;
    if places == 0 {
        return format!("{sign}{whole}");
    }
    let fraction = format!("{:0width$}", n % scale, width = places.min(6) as usize);
    format!("{sign}{whole}{separator}{fraction}")
}

fn surname(r: &PupilRecord) -> String {
    koppelhulp_core::names::full_surname(&r.voorvoegsel, &r.achternaam)
}

fn address(r: &PupilRecord) -> String {
    let street = format!("{} {}", r.straat, r.huisnummer).trim().to_string();
    [street, r.postcode.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text` with the part that differs from `other` marked (common start and end left plain).
fn diff_view(text: &str, other: &str) -> AnyView {
    let a: Vec<char> = text.chars().collect();
    let b: Vec<char> = other.chars().collect();
    let same = |x: &char, y: &char| x.to_lowercase().eq(y.to_lowercase());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| same(x, y)).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| same(x, y))
        .count();
    let start: String = a[..prefix].iter().collect();
    let middle: String = a[prefix..a.len() - suffix].iter().collect();
    let end: String = a[a.len() - suffix..].iter().collect();
    if text.is_empty() {
        return view! { <span class="missing">"(leeg)"</span> }.into_any();
    }
    view! {
        {start}
        {(!middle.is_empty()).then(|| view! { <mark>{middle}</mark> })}
        {end}
    }
    .into_any()
}

/// The lowest floor the officer can choose (weights are within ±1,000: [`fixed`]).
const LOWEST_FLOOR: f64 = -1000.0;

/// The review floor as a promise: how many possible pairs weigh less than the lowest weight listed,
/// and a lower floor to search again with (they then come at the end of the queue, under the
/// threshold).
#[component]
fn Floor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let d = state.dubbelen;
    let listed = Memo::new(move |_| {
        d.found.with(|f| match f.as_deref() {
            Some(Found::All(reply)) => Some((reply.below_floor, reply.floor)),
            _ => None,
        })
    });
    // What the officer typed; until then (or when it is no longer lower) five under the floor.
    let typed = RwSignal::new(None::<f64>);
    move || {
        let (under, floor) = listed.get()?;
        (under > 0 || floor < REVIEW_FLOOR).then(|| {
            let text = match under {
                0 => format!("Alle mogelijke paren staan in de lijst (vanaf gewicht {}).", decimal(floor, 1)),
                1 => format!("1 mogelijk paar met een gewicht onder {} niet getoond.", decimal(floor, 1)),
                n => format!(
                    "{} mogelijke paren met een gewicht onder {} niet getoond.",
                    dutch_number(n),
                    decimal(floor, 1)
                ),
            };
            let lower = move || {
                typed
                    .get()
                    .filter(|v| *v < floor)
                    .unwrap_or((floor - 5.0).floor())
            };
            view! {
                <div class="field floor" id="ondergrens">
                    <p id="onder-ondergrens">{text}</p>
                    {(under > 0)
                        .then(|| {
                            view! {
                                <label for="ondergrens-invoer">
                                    "Ook paren tonen vanaf gewicht"
                                </label>
                                <span class="hint" id="ondergrens-hint">
                                    "Een lager getal toont meer paren. Die zijn minder zeker: beoordeel ze met extra zorg."
                                </span>
                                <div class="button-row">
                                    <input
                                        id="ondergrens-invoer"
                                        class="input input-short"
                                        type="number"
                                        step="1"
                                        min=fixed(LOWEST_FLOOR, 0, '.')
                                        max=fixed(floor - 1.0, 0, '.')
                                        aria-describedby="ondergrens-hint"
                                        autocomplete="off"
                                        spellcheck="false"
                                        prop:value=move || fixed(lower(), 0, '.')
                                        on:change=move |ev| {
                                            let v = event_target::<web_sys::HtmlInputElement>(&ev)
                                                .value_as_number();
                                            if v.is_finite() {
                                                typed.set(Some(v.clamp(LOWEST_FLOOR, floor - 1.0)));
                                            }
                                        }
                                    />
                                    <button
                                        type="button"
                                        class="button button-secondary"
                                        id="ondergrens-zoeken"
                                        on:click=move |_| {
                                            d.floor.set(untrack(lower));
                                            run_search(state);
                                        }
                                    >
                                        "Opnieuw zoeken vanaf dit gewicht"
                                    </button>
                                </div>
                            }
                        })}
                </div>
            }
        })
    }
}

/// The *Opmerking Gemeente/Regio* that goes with the pair's row when the officer puts it in the
/// koppelbestand: proposed when the two records differ, editable and removable. Only what the
/// officer types is kept here; the row gets `work::review::row_remark` of it and the suggestion.
#[component]
fn Remark(key: PairKey, suggestion: Option<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let remarks = state.dubbelen.remarks;
    let own = remarks.with_value(|m| m.get(&key).cloned());
    let shown = own.is_some() || suggestion.is_some();
    let text = RwSignal::new(own.or(suggestion).unwrap_or_default());
    shown.then(|| view! {
        <div class="field remark" id="opmerking-voorstel">
            <label for="opmerking-duo">"Opmerking voor DUO (voorstel)"</label>
            <span class="hint" id="opmerking-duo-hint">
                "De twee inschrijvingen verschillen. Deze opmerking gaat mee in de kolom Opmerking Gemeente/Regio als u het "
                "paar in het koppelbestand zet. U kunt hem aanpassen of weghalen."
            </span>
            <textarea
                id="opmerking-duo"
                class="input"
                rows="2"
                aria-describedby="opmerking-duo-hint"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || text.get()
                // Typing here is text, not the queue's keys.
                on:keydown=|ev| ev.stop_propagation()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    text.set(value.clone());
                    remarks
                        .update_value(|m| {
                            m.insert(key, value);
                        });
                }
            ></textarea>
            <div class="button-row">
                <button
                    type="button"
                    class="button button-secondary button-small"
                    id="opmerking-weghalen"
                    on:click=move |_| {
                        text.set(String::new());
                        remarks
                            .update_value(|m| {
                                m.insert(key, String::new());
                            });
                    }
                >
                    "Opmerking weghalen"
                </button>
            </div>
        </div>
    })
}
