//! Screen "Routering": DUO's forms *Alternatieve routering verzuimloket* and *Verklaring
//! gegevensverstrekking aan verwerker* — filled in, checked, summarised, printed, copied, mailed.
//! Organisation and staff data only (no pupils): kept in localStorage until *Alles wissen*.

use std::collections::HashSet;

use leptos::prelude::*;

use super::browser;
use super::state::{AppState, Screen};
use super::widgets::{ProblemList, organisation_title};
use koppelhulp_core::Severity;
use koppelhulp_core::mailto::DUO_ADDRESS;
use koppelhulp_core::routering::{
    FormCheck, INVULHULP, InstantieVeld, OndertekeningVeld, PupilKind, RouteringForm, Veld,
    VerwerkerVeld, check, mail_draft, summary_text,
};

/// After the label of every field that DUO's page does not ask for.
/// The heading of each group of fields DUO's form does not always ask for: said once per group,
/// not after every label.
const IF_ASKED: &str = "Als het formulier van DUO erom vraagt";

/// Shared state of the form's fields.
#[derive(Clone, Copy)]
struct FormState {
    form: RwSignal<RouteringForm>,
    report: Memo<FormCheck>,
    /// Fields the user has left (errors show on blur) — or all, after "Controleren".
    touched: RwSignal<HashSet<Veld>>,
    submitted: RwSignal<bool>,
}

impl FormState {
    fn problem(&self, veld: Veld) -> Option<koppelhulp_core::Problem> {
        if !self.submitted.get() && !self.touched.with(|t| t.contains(&veld)) {
            return None;
        }
        self.report.with(|r| r.for_field(veld).cloned())
    }
}

/// A labelled text input bound to one field of the form, with its hint and inline problem.
fn text_field(
    fs: FormState,
    veld: Veld,
    label: String,
    hint: Option<&'static str>,
    input_type: &'static str,
) -> impl IntoView {
    let id = veld.id();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-fout");
    let problem = Memo::new(move |_| fs.problem(veld));
    let described = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if problem.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let autocomplete = match input_type {
        "email" => "email",
        "tel" => "tel",
        _ => "off",
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint
                .map(|h| {
                    view! {
                        <span class="hint" id=hint_id.clone()>
                            {h}
                        </span>
                    }
                })}
            {move || {
                problem
                    .get()
                    .map(|p| {
                        let class = if p.severity == Severity::Error {
                            "field-error"
                        } else {
                            "field-warning"
                        };
                        let prefix = if p.severity == Severity::Error {
                            "Fout: "
                        } else {
                            "Let op: "
                        };
                        view! {
                            <p class=class id=error_id.clone()>
                                <span class="visually-hidden">{prefix}</span>
                                {p.message}
                            </p>
                        }
                    })
            }}
            <input
                class="input"
                type=input_type
                id=id
                autocomplete=autocomplete
                spellcheck="false"
                aria-describedby=described
                aria-invalid=move || {
                    problem
                        .with(|p| p.as_ref().is_some_and(|p| p.severity == Severity::Error))
                        .to_string()
                }
                prop:value=move || fs.form.with(|f| veld.text(f).cloned().unwrap_or_default())
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    fs.form.update(|f| veld.set_text(f, value));
                }
            />
        </div>
    }
}

#[component]
pub fn RouteringScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let form = state.routering;
    let report = Memo::new(move |_| form.with(|f| check(f, browser::today())));
    let fs = FormState {
        form,
        report,
        touched: RwSignal::new(HashSet::new()),
        submitted: RwSignal::new(false),
    };
    let recipient = RwSignal::new(DUO_ADDRESS.to_string());
    let copied = RwSignal::new(None::<String>);

    let org_title = Memo::new(move |_| {
        state
            .settings
            .with(|s| s.active_organisation().map(organisation_title))
    });
    let title_text = move || {
        org_title
            .get()
            .unwrap_or_else(|| "(organisatie niet ingesteld)".into())
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        fs.submitted.set(true);
        copied.set(None);
        if report.with_untracked(FormCheck::is_ok) {
            browser::focus_now("uitvoer-titel");
            browser::focus_later("uitvoer-titel");
        } else {
            browser::focus_later("fout-samenvatting");
        }
    };

    let on_focusout = move |ev: leptos::ev::FocusEvent| {
        if let Some(veld) = browser::target_id(&ev).and_then(|id| Veld::from_id(&id)) {
            fs.touched.update(|t| {
                t.insert(veld);
            });
        }
    };

    let instantie = move |i: usize| {
        let kind = PupilKind::ALL[i];
        let radio = move |value: bool, text: &'static str| {
            let id = format!("instantie-{i}-eigen{}", if value { "" } else { "-nee" });
            view! {
                <div class="radio">
                    <input
                        type="radio"
                        id=id.clone()
                        name=format!("instantie-{i}-eigen")
                        prop:checked=move || {
                            form.with(|f| f.instanties[i].eigen_organisatie == Some(value))
                        }
                        on:change=move |_| {
                            form.update(|f| f.instanties[i].eigen_organisatie = Some(value))
                        }
                    />
                    <label for=id>{text}</label>
                </div>
            }
        };
        view! {
            <fieldset class="instantie" aria-describedby=format!("instantie-{i}-regel")>
                <legend class="legend legend-large">{kind.label()}</legend>
                <p class="hint" id=format!("instantie-{i}-regel")>
                    {kind.age_rule()}
                </p>
                {(i > 0)
                    .then(|| {
                        view! {
                            <div class="button-row">
                                <button
                                    type="button"
                                    class="button button-secondary button-small"
                                    on:click=move |_| form.update(|f| f.same_as_above(i))
                                >
                                    "Zelfde als hierboven"
                                    <span class="visually-hidden">
                                        {format!(" ({})", PupilKind::ALL[i - 1].label())}
                                    </span>
                                </button>
                            </div>
                        }
                    })}
                {text_field(
                    fs,
                    Veld::Instantie(i, InstantieVeld::Naam),
                    "Naam van de instantie".into(),
                    None,
                    "text",
                )}
                {text_field(
                    fs,
                    Veld::Instantie(i, InstantieVeld::Email),
                    "E-mailadres voor verzuimmeldingen".into(),
                    Some("Eén adres, bijvoorbeeld leerplicht@gemeente.nl."),
                    "email",
                )}
                <fieldset class="optional">
                    <legend class="legend">{IF_ASKED}</legend>
                    {text_field(
                        fs,
                        Veld::Instantie(i, InstantieVeld::Contactpersoon),
                        "Contactpersoon".into(),
                        None,
                        "text",
                    )}
                    {text_field(
                        fs,
                        Veld::Instantie(i, InstantieVeld::Telefoon),
                        "Telefoonnummer".into(),
                        None,
                        "tel",
                    )}
                    <fieldset class="field" aria-describedby=format!("instantie-{i}-eigen-hint")>
                        <legend class="legend">"Is dit uw eigen organisatie?"</legend>
                        <span class="hint" id=format!("instantie-{i}-eigen-hint")>
                            "Met uw antwoord laat Koppelhulp zien of u waarschijnlijk ook de Verklaring gegevensverstrekking aan verwerker nodig hebt."
                        </span>
                        {radio(true, "Ja, de instantie is onze eigen organisatie")}
                        {radio(false, "Nee, een andere organisatie verwerkt de meldingen voor ons")}
                    </fieldset>
                </fieldset>
            </fieldset>
        }
    };

    let signature_fields = move |veld: fn(OndertekeningVeld) -> Veld| {
        view! {
            <fieldset class="optional">
                <legend class="legend">{IF_ASKED}</legend>
                {text_field(
                    fs,
                    veld(OndertekeningVeld::Naam),
                    "Naam van wie ondertekent".into(),
                    None,
                    "text",
                )}
                {text_field(fs, veld(OndertekeningVeld::Functie), "Functie".into(), None, "text")}
                {text_field(
                    fs,
                    veld(OndertekeningVeld::Datum),
                    "Datum van ondertekening".into(),
                    Some("Bijvoorbeeld 01-03-2026."),
                    "text",
                )}
            </fieldset>
        }
    };

    view! {
        <h1 id="screen-title" tabindex="-1">
            "Routering"
        </h1>
        <div class="screen-only">
            <p>
                "Met de formulieren van DUO kiest u waar DUO de verzuimmeldingen en gegevensleveringen naartoe stuurt, "
                "per soort leerling. Koppelhulp helpt u bij het invullen en controleert wat DUO altijd vraagt. U neemt de "
                "gegevens daarna zelf over in het formulier van DUO: Koppelhulp verstuurt niets."
            </p>
            <p>
                "De namen van de drie soorten leerlingen en de leeftijden erbij komen niet van de website van DUO. "
                "Koppelhulp gebruikt de gebruikelijke indeling. Controleer de namen op het formulier van DUO."
            </p>
            {move || {
                org_title
                    .with(Option::is_none)
                    .then(|| {
                        view! {
                            <div class="alert alert-warning">
                                <p>
                                    "Stel eerst uw organisatie in. "
                                    <a href=Screen::Instellingen.href()>"Naar Instellingen"</a>
                                </p>
                            </div>
                        }
                    })
            }}

            {move || {
                let errors: Vec<(String, String, String)> = fs
                    .report
                    .with(|r| {
                        r.problems
                            .iter()
                            .filter(|p| p.problem.severity == Severity::Error)
                            .map(|p| (p.field.id(), p.label.clone(), p.problem.message.clone()))
                            .collect()
                    });
                (fs.submitted.get() && !errors.is_empty())
                    .then(|| {
                        view! {
                            <div
                                class="alert alert-error error-summary"
                                id="fout-samenvatting"
                                tabindex="-1"
                                role="alert"
                                aria-labelledby="fout-samenvatting-titel"
                            >
                                <h2 id="fout-samenvatting-titel">
                                    {if errors.len() == 1 {
                                        "Er is 1 fout".to_string()
                                    } else {
                                        format!("Er zijn {} fouten", errors.len())
                                    }}
                                </h2>
                                <ul>
                                    {errors
                                        .into_iter()
                                        .map(|(field, label, message)| {
                                            let href = format!("#{field}");
                                            view! {
                                                <li>
                                                    <a
                                                        href=href
                                                        on:click=move |ev| {
                                                            ev.prevent_default();
                                                            browser::focus_now(&field);
                                                        }
                                                    >
                                                        {format!("{label}: {message}")}
                                                    </a>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })
            }}

            <form
                novalidate
                on:submit=on_submit
                on:focusout=on_focusout
                aria-labelledby="screen-title"
            >
                <h2>"Alternatieve routering verzuimloket"</h2>
                <p>
                    "DUO vraagt altijd 3 instanties en e-mailadressen: vul voor elke soort leerling een instantie en een "
                    "e-mailadres in, ook als twee of drie hetzelfde zijn. De andere velden zijn niet verplicht: vul ze in "
                    "als het formulier van DUO erom vraagt."
                </p>
                <fieldset class="optional">
                    <legend class="legend">{IF_ASKED}</legend>
                    {text_field(
                        fs,
                        Veld::Startdatum,
                        "Ingangsdatum van de routering".into(),
                        Some("Bijvoorbeeld 01-08-2026."),
                        "text",
                    )}
                </fieldset>
                {(0..3).map(instantie).collect_view()}
                <ProblemNotices report=fs.report />
                <h3>"Ondertekening"</h3>
                {signature_fields(Veld::Ondertekening)}

                <section class="verwerker" aria-labelledby="verwerker-titel">
                    <h2 id="verwerker-titel">"Verklaring gegevensverstrekking aan verwerker"</h2>
                    <p id="verwerker-wanneer">
                        "Deze verklaring is nodig als een andere organisatie dan de gemeente zelf de meldingen voor de "
                        "gemeente verwerkt, bijvoorbeeld een regionaal bureau of een GGD. Die organisatie is dan meestal "
                        "verwerker volgens de AVG (artikel 28). Is dat bij u niet zo? Laat dit deel dan leeg."
                    </p>
                    <fieldset class="optional">
                        <legend class="legend">{IF_ASKED}</legend>
                        {text_field(
                            fs,
                            Veld::Verwerker(VerwerkerVeld::Naam),
                            "Naam van de verwerker".into(),
                            None,
                            "text",
                        )}
                        {text_field(
                            fs,
                            Veld::Verwerker(VerwerkerVeld::Adres),
                            "Adres".into(),
                            Some("Straat, huisnummer, postcode en plaats."),
                            "text",
                        )}
                        {text_field(
                            fs,
                            Veld::Verwerker(VerwerkerVeld::Kvk),
                            "KvK-nummer".into(),
                            Some("8 cijfers."),
                            "text",
                        )}
                        {text_field(
                            fs,
                            Veld::Verwerker(VerwerkerVeld::Contactpersoon),
                            "Contactpersoon".into(),
                            None,
                            "text",
                        )}
                        {text_field(
                            fs,
                            Veld::Verwerker(VerwerkerVeld::Email),
                            "E-mailadres".into(),
                            None,
                            "email",
                        )}
                        {text_field(
                            fs,
                            Veld::Verwerker(VerwerkerVeld::Overeenkomst),
                            "Datum van de verwerkersovereenkomst".into(),
                            Some(
                                "De overeenkomst volgens AVG artikel 28. Bijvoorbeeld 15-01-2026.",
                            ),
                            "text",
                        )}
                        <VerwerkerData fs=fs />
                    </fieldset>
                    <h3>"Ondertekening namens de gemeente"</h3>
                    {signature_fields(Veld::VerwerkerOndertekening)}
                </section>
                <div class="button-row">
                    <button type="submit" class="button">
                        "Controleren"
                    </button>
                </div>
            </form>
        </div>

        {move || {
            (fs.submitted.get() && report.with(FormCheck::is_ok))
                .then(|| {
                    let text = form.with(|f| summary_text(f, &title_text()));
                    let draft = form.with(|f| mail_draft(&recipient.get(), f, &title_text()));
                    let lines: Vec<String> = text.lines().map(str::to_string).collect();
                    let for_copy = text.clone();
                    view! {
                        <section aria-labelledby="uitvoer-titel" class="uitvoer">
                            <h2 id="uitvoer-titel" tabindex="-1" class="screen-only">
                                "Samenvatting"
                            </h2>
                            <div
                                class="alert alert-success screen-only"
                                role="status"
                                id="gecontroleerd"
                            >
                                <p>
                                    "Voor alle drie soorten leerlingen zijn een instantie en een e-mailadres ingevuld. Koppelhulp "
                                    "heeft die zes velden gecontroleerd, en of ingevulde datums, nummers en adressen te lezen zijn. "
                                    "Of het formulier van DUO nog meer vraagt, ziet u op dat formulier."
                                </p>
                            </div>
                            <pre class="summary screen-only" id="samenvatting">
                                {text.clone()}
                            </pre>
                            <div class="print-only">
                                <PrintForms lines=lines />
                            </div>
                            <div class="screen-only">
                                <div class="button-row">
                                    <button
                                        type="button"
                                        class="button"
                                        on:click=move |_| browser::print()
                                    >
                                        "Afdrukken of opslaan als pdf"
                                    </button>
                                    <button
                                        type="button"
                                        class="button button-secondary"
                                        on:click=move |_| {
                                            let text = for_copy.clone();
                                            leptos::task::spawn_local(async move {
                                                copied
                                                    .set(
                                                        Some(
                                                            match browser::copy_text(&text).await {
                                                                Ok(()) => "De tekst staat op het klembord.".into(),
                                                                Err(e) => e,
                                                            },
                                                        ),
                                                    );
                                            });
                                        }
                                    >
                                        "Kopieer als tekst"
                                    </button>
                                </div>
                                {move || {
                                    copied
                                        .get()
                                        .map(|m| {
                                            view! {
                                                <p role="status" id="gekopieerd">
                                                    {m}
                                                </p>
                                            }
                                        })
                                }}
                                <div class="field">
                                    <label for="ontvanger">"Ontvanger van de e-mail"</label>
                                    <span class="hint" id="ontvanger-hint">
                                        "Koppelhulp vult het adres van DUO voor vragen in. Controleer op het formulier van DUO "
                                        "waar DUO de formulieren wil ontvangen, en pas het adres zo nodig aan."
                                    </span>
                                    <input
                                        class="input"
                                        type="email"
                                        id="ontvanger"
                                        autocomplete="email"
                                        spellcheck="false"
                                        aria-describedby="ontvanger-hint"
                                        prop:value=move || recipient.get()
                                        on:change=move |ev| recipient.set(event_target_value(&ev))
                                    />
                                </div>
                                <p>
                                    <a class="button" id="mail-routering" href=draft.href.clone()>
                                        "E-mail opstellen"
                                    </a>
                                </p>
                                {(!draft.fits)
                                    .then(|| {
                                        view! {
                                            <p class="alert alert-warning" id="te-lang">
                                                "De gegevens passen niet in een e-mail die uw e-mailprogramma kan openen. Klik eerst op "
                                                "„Kopieer als tekst” en plak de tekst in de e-mail."
                                            </p>
                                        }
                                    })}
                                <p class="hint">
                                    "U neemt deze gegevens zelf over in het formulier van DUO. Koppelhulp stuurt niets naar DUO."
                                </p>
                            </div>
                        </section>
                    }
                })
        }}
    }
}

#[component]
fn ProblemNotices(report: Memo<FormCheck>) -> impl IntoView {
    move || {
        let notices = report.with(|r| r.notices.clone());
        // "Nee" with an empty Verklaring is a warning (core::routering::check).
        let class = if notices.iter().any(|n| n.severity == Severity::Warning) {
            "alert alert-warning"
        } else {
            "alert"
        };
        (!notices.is_empty()).then(|| {
            view! {
                <div class=class id="routering-meldingen">
                    <ProblemList problems=notices />
                </div>
            }
        })
    }
}

#[component]
fn VerwerkerData(fs: FormState) -> impl IntoView {
    let problem = Memo::new(move |_| fs.problem(Veld::VerwerkerGegevens));
    let checkbox = move |id: &'static str, text: &'static str, melding: bool| {
        view! {
            <div class="radio">
                <input
                    type="checkbox"
                    id=id
                    prop:checked=move || {
                        fs.form
                            .with(|f| {
                                if melding {
                                    f.verwerker.verzuimmeldingen
                                } else {
                                    f.verwerker.gegevensleveringen
                                }
                            })
                    }
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        fs.form
                            .update(|f| {
                                if melding {
                                    f.verwerker.verzuimmeldingen = on
                                } else {
                                    f.verwerker.gegevensleveringen = on
                                }
                            });
                    }
                />
                <label for=id>{text}</label>
            </div>
        }
    };
    view! {
        <fieldset
            class="field"
            id="verwerker-gegevens"
            tabindex="-1"
            aria-describedby=move || {
                problem.with(Option::is_some).then_some("verwerker-gegevens-fout")
            }
        >
            <legend class="legend">"Welke gegevens krijgt de verwerker?"</legend>
            {move || {
                problem
                    .get()
                    .map(|p| {
                        view! {
                            <p class="field-warning" id="verwerker-gegevens-fout">
                                <span class="visually-hidden">"Let op: "</span>
                                {p.message}
                            </p>
                        }
                    })
            }}
            {checkbox("verwerker-verzuimmeldingen", "Verzuimmeldingen", true)}
            {checkbox("verwerker-gegevensleveringen", "Gegevensleveringen", false)}
        </fieldset>
    }
}

/// The print view: Koppelhulp's invulhulp, each form that has anything filled in on its own A4
/// page, titled "Invulhulp voor het formulier …" and without signature lines: it is not DUO's form.
#[component]
fn PrintForms(lines: Vec<String>) -> impl IntoView {
    let second = format!("{INVULHULP}Verklaring gegevensverstrekking aan verwerker");
    let split = lines
        .iter()
        .position(|l| l.starts_with(&second))
        .unwrap_or(lines.len());
    let pages: Vec<Vec<String>> = [&lines[..split], &lines[split..]]
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(<[String]>::to_vec)
        .collect();
    pages
        .into_iter()
        .map(|page| {
            view! {
                <div class="print-page">
                    <pre class="summary">{page.join("\n")}</pre>
                </div>
            }
        })
        .collect_view()
}
