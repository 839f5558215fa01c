//! Dubbelen zoeken: one proposed pair, both records side by side with their differences marked,
//! and the explanation of its weight; the number formats the screen uses.

use leptos::prelude::*;

use crate::state::AppState;
use koppelhulp_core::koppelregel::format_date;
use koppelhulp_core::names::has_unreadable_letters;
use koppelhulp_core::pupil::PupilRecord;
use koppelhulp_protocol::FoundPair;
use koppelhulp_work::review::PairKey;

/// The two records side by side, differences marked, and the explanation as bars.
#[component]
pub(super) fn PairView(pair: FoundPair, left: usize) -> impl IntoView {
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
pub(super) fn decimal(x: f64, places: u32) -> String {
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
pub(super) fn fixed(x: f64, places: u32, separator: char) -> String {
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
