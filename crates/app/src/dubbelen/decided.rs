//! Dubbelen zoeken: the list of decided pairs, by decision, each one changeable.

use leptos::prelude::*;

use crate::browser;
use crate::state::AppState;
use crate::state::dubbelen::change_decision;
use koppelhulp_work::review::{PairKey, Verdict};

/// Every decision on a pair, filtered by verdict, each one changeable: the officer's doubt and
/// mistakes are never locked in. A change is one step, like J/N/L (undone with O).
#[component]
pub(super) fn Decided() -> impl IntoView {
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
