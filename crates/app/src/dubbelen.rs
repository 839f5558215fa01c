//! Screen "Dubbelen zoeken": find pupils registered under both a BSN and an onderwijsnummer in the
//! opened files, review the proposed pairs one by one (keys J, N, O, U while the queue has focus),
//! and put accepted pairs straight into the koppelbestand. The matching runs in the background worker
//! over the records it holds; decisions (two numbers and a verdict) are kept in the tab's memory
//! (and in a work file, *Werk opslaan*), and are applied again when the files are opened again.

use leptos::prelude::*;

use super::browser;
use super::state::dubbelen::{
    Found, accept_all_above, decide, decisions, fetch_details, key_of, set_first, set_found, undo,
};
use super::state::registers::Registers;
use super::state::{AppState, Screen};
use super::widgets::{ErrorAlert, NeededFiles, ProgressBar};
use super::worker_client::{self, Progress};
use koppelhulp_core::matcher::{DEFAULT_THRESHOLD, REVIEW_FLOOR};
use koppelhulp_core::text::{count, dutch_number};
use koppelhulp_protocol::{FindPairs, FirstPairs};
use koppelhulp_work::review::{Order, Verdict, surest_pairs_first};

mod decided;
mod pair;

use decided::Decided;
use pair::{PairView, decimal, fixed};

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
                                            {format!("{name} ({})", count(records, "rij", "rijen"))}
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
                                    count(total, "rij", "rijen"),
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
    // The pair to judge: the queue's first index in the list found. Tracks the list too: when the
    // whole list replaces the surest pairs (or a decision re-scores it), the same index can be
    // another pair.
    let next_key = Memo::new(move |_| {
        next.get().and_then(|i| {
            d.found
                .with(|f| f.as_ref().and_then(|f| f.pairs().get(i)).and_then(key_of))
        })
    });
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
            // Said once for the search, not on every card: the weights are fixed ones.
            {move || {
                next_key
                    .get()
                    .and_then(|k| {
                        d.details.with(|m| m.get(&k).and_then(|p| p.explanation.note.clone()))
                    })
                    .map(|note| {
                        view! {
                            <p class="hint" id="uitleg-noot">
                                {format!(
                                    "Let op: {note}. De gewichten zijn daardoor minder precies.",
                                )}
                            </p>
                        }
                    })
            }}
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
