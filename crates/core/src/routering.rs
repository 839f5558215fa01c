//! DUO's two routing forms: *Alternatieve routering verzuimloket* (which instantie and which
//! e-mail address receive the reports, per soort leerling) and *Verklaring gegevensverstrekking
//! aan verwerker* (needed when another organisation processes the reports for the gemeente, as a
//! verwerker in the sense of AVG article 28).
//!
//! The form holds organisation and staff data only, never pupil data. [`check`] ties every
//! finding to its field ([`Veld`], which gives the HTML id), so the UI can show it inline and link to it from the
//! error summary. Koppelhulp sends nothing: [`summary_text`] and [`mail_draft`] give the user the
//! text to take over into DUO's own form.

use serde::{Deserialize, Serialize};

use super::koppelregel::{format_date, parse_date};
use super::mailto::mailto;
use super::text::{clean_text, is_blank};

mod check;
mod veld;

#[cfg(test)]
use check::check_telefoon;
use check::parse_kvk;
pub use check::{FieldProblem, FormCheck, check, check_email};
pub use veld::{InstantieVeld, OndertekeningVeld, Veld, VerwerkerVeld};

/// The longest `mailto:` link that e-mail programs and browsers reliably open.
pub const MAILTO_LIMIT: usize = 2000;

/// The three kinds of pupil on DUO's form, in the form's order. They follow the legal age
/// regimes (leerplicht, kwalificatieplicht, RMC), worded as advice: DUO's page does not spell them out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PupilKind {
    Leerplichtig,
    Kwalificatieplichtig,
    Rmc,
}

impl PupilKind {
    pub const ALL: [PupilKind; 3] = [
        PupilKind::Leerplichtig,
        PupilKind::Kwalificatieplichtig,
        PupilKind::Rmc,
    ];

    /// The name on DUO's form.
    pub fn label(self) -> &'static str {
        match self {
            PupilKind::Leerplichtig => "Leerplichtig",
            PupilKind::Kwalificatieplichtig => "Kwalificatieplichtig",
            PupilKind::Rmc => "18+ / RMC (Doorstroompunt)",
        }
    }

    /// Which pupils this is, in plain words (B1). DUO does not spell it out on its form: the UI
    /// shows it as help text.
    pub fn age_rule(self) -> &'static str {
        match self {
            PupilKind::Leerplichtig => {
                "Van 5 jaar tot het einde van het schooljaar waarin de leerling 16 wordt."
            }
            PupilKind::Kwalificatieplichtig => {
                "Leerlingen van 16 en 17 jaar die nog geen startkwalificatie hebben."
            }
            PupilKind::Rmc => "Jongeren van 18 tot 23 jaar die nog geen startkwalificatie hebben.",
        }
    }
}

/// The organisation that receives the reports for one kind of pupil.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Instantie {
    pub naam: String,
    pub email: String,
    pub contactpersoon: String,
    pub telefoon: String,
    /// Is this instantie the user's own organisation? Asked, never guessed from the name.
    /// `None` = not answered yet.
    pub eigen_organisatie: Option<bool>,
}

/// Who signs a form, and when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ondertekening {
    pub naam: String,
    pub functie: String,
    /// As typed: `dd-mm-jjjj` or `jjjj-mm-dd`.
    pub datum: String,
}

/// The second form: the organisation that processes the reports for the gemeente.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Verwerker {
    pub naam: String,
    pub adres: String,
    pub kvk: String,
    pub contactpersoon: String,
    pub email: String,
    /// Date of the verwerkersovereenkomst (AVG article 28), as typed.
    pub overeenkomst_datum: String,
    pub verzuimmeldingen: bool,
    pub gegevensleveringen: bool,
    pub ondertekening: Ondertekening,
}

/// Both forms as the user fills them in: raw text, because the UI edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RouteringForm {
    /// One per kind of pupil, in [`PupilKind::ALL`] order.
    pub instanties: [Instantie; 3],
    /// The date the routing takes effect, as typed.
    pub startdatum: String,
    pub ondertekening: Ondertekening,
    pub verwerker: Verwerker,
}

impl RouteringForm {
    /// Read a form saved as JSON. Anything unreadable gives an empty form.
    pub fn from_json(json: &str) -> RouteringForm {
        serde_json::from_str(json).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// "Zelfde als hierboven": copy instantie `index - 1` into `index`. Does nothing for 0 or an
    /// index out of range.
    pub fn same_as_above(&mut self, index: usize) {
        let Some(above) = index
            .checked_sub(1)
            .and_then(|i| self.instanties.get(i))
            .cloned()
        else {
            return;
        };
        if let Some(target) = self.instanties.get_mut(index) {
            *target = above;
        }
    }

    /// True as soon as the user says some instantie is not their own organisation: then that
    /// organisation is usually a verwerker, and the second form usually needed (advice: the
    /// screen says to check it on DUO's form).
    pub fn verwerker_required(&self) -> bool {
        self.instanties
            .iter()
            .any(|i| i.eigen_organisatie == Some(false))
    }

    /// Is the second form part of the summary: asked for, or anything filled in on it.
    pub fn verwerker_in_use(&self) -> bool {
        self.verwerker_required() || self.verwerker.is_filled_in()
    }
}

impl Verwerker {
    /// Anything typed or ticked on the second form.
    pub fn is_filled_in(&self) -> bool {
        let o = &self.ondertekening;
        [
            &self.naam,
            &self.adres,
            &self.kvk,
            &self.contactpersoon,
            &self.email,
            &self.overeenkomst_datum,
            &o.naam,
            &o.functie,
            &o.datum,
        ]
        .iter()
        .any(|t| !is_blank(t))
            || self.verzuimmeldingen
            || self.gegevensleveringen
    }
}

// ---- Summary and e-mail ----------------------------------------------------------------------

const NOT_FILLED: &str = "(niet ingevuld)";

/// Plain Dutch text of both forms (the verwerker form only when anything is filled in on it),
/// with LF line ends, for the screen, the clipboard, printing and the e-mail. Dates that can be
/// read are written `dd-mm-jjjj`; one of the six required fields that is empty shows
/// "(niet ingevuld)"; an empty optional field is left out.
pub fn summary_text(form: &RouteringForm, org_title: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    lines.push(invulhulp_heading(
        "Alternatieve routering verzuimloket",
        org_title,
    ));
    optional_date(&mut lines, "Ingangsdatum", &form.startdatum);
    for (kind, instantie) in PupilKind::ALL.iter().zip(&form.instanties) {
        lines.push(String::new());
        lines.push(kind.label().to_string());
        lines.push(format!("Instantie: {}", required_text(&instantie.naam)));
        lines.push(format!("E-mailadres: {}", required_text(&instantie.email)));
        optional_line(&mut lines, "Contactpersoon", &instantie.contactpersoon);
        optional_line(&mut lines, "Telefoon", &instantie.telefoon);
    }
    signature_lines(&mut lines, "Ondertekening", &form.ondertekening);

    // Only what was filled in: an empty Verklaring is not printed (the check warns about it).
    if form.verwerker.is_filled_in() {
        let v = &form.verwerker;
        lines.push(String::new());
        lines.push(invulhulp_heading(
            "Verklaring gegevensverstrekking aan verwerker",
            org_title,
        ));
        optional_line(&mut lines, "Verwerker", &v.naam);
        optional_line(&mut lines, "Adres", &v.adres);
        if !is_blank(&v.kvk) {
            let kvk = parse_kvk(&v.kvk).unwrap_or_else(|_| clean_text(&v.kvk));
            lines.push(format!("KvK-nummer: {kvk}"));
        }
        optional_line(&mut lines, "Contactpersoon", &v.contactpersoon);
        optional_line(&mut lines, "E-mailadres", &v.email);
        optional_date(
            &mut lines,
            "Datum verwerkersovereenkomst",
            &v.overeenkomst_datum,
        );
        let data = match (v.verzuimmeldingen, v.gegevensleveringen) {
            (true, true) => Some("verzuimmeldingen en gegevensleveringen"),
            (true, false) => Some("verzuimmeldingen"),
            (false, true) => Some("gegevensleveringen"),
            (false, false) => None,
        };
        if let Some(data) = data {
            lines.push(format!("Gegevens voor de verwerker: {data}"));
        }
        signature_lines(
            &mut lines,
            "Ondertekening namens de gemeente",
            &v.ondertekening,
        );
    }
    lines.push(String::new());
    lines.push("Neem deze gegevens over in het formulier van DUO.".to_string());
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// The first line of a form's part of the summary: "Invulhulp voor het formulier …" (Koppelhulp's
/// summary to copy from, not DUO's form).
pub const INVULHULP: &str = "Invulhulp voor het formulier ";

fn invulhulp_heading(title: &str, org_title: &str) -> String {
    format!("{INVULHULP}{}", heading(title, org_title))
}

fn heading(title: &str, org_title: &str) -> String {
    match clean_text(org_title).as_str() {
        "" => title.to_string(),
        org => format!("{title} — {org}"),
    }
}

fn required_text(value: &str) -> String {
    match clean_text(value) {
        v if v.is_empty() => NOT_FILLED.to_string(),
        v => v,
    }
}

/// A date that can be read as `dd-mm-jjjj`, otherwise as typed; left out when empty.
fn optional_date(lines: &mut Vec<String>, label: &str, value: &str) {
    if is_blank(value) {
        return;
    }
    let text = parse_date(value)
        .map(format_date)
        .unwrap_or_else(|_| clean_text(value));
    lines.push(format!("{label}: {text}"));
}

fn optional_line(lines: &mut Vec<String>, label: &str, value: &str) {
    let value = clean_text(value);
    if !value.is_empty() {
        lines.push(format!("{label}: {value}"));
    }
}

/// The signature's details after an empty line; nothing when none is filled in.
fn signature_lines(lines: &mut Vec<String>, title: &str, o: &Ondertekening) {
    if [&o.naam, &o.functie, &o.datum].iter().all(|t| is_blank(t)) {
        return;
    }
    lines.push(String::new());
    lines.push(title.to_string());
    optional_line(lines, "Naam", &o.naam);
    optional_line(lines, "Functie", &o.functie);
    optional_date(lines, "Datum", &o.datum);
}

/// An e-mail with the summary, as a `mailto:` link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailDraft {
    pub href: String,
    /// False when the summary made the link too long and the short body was used instead: the
    /// user then pastes the text (copied with "Kopieer als tekst") into the e-mail.
    pub fits: bool,
    /// The body actually in `href`.
    pub body: String,
}

const TOO_LONG_BODY: &str = "De gegevens voor de alternatieve routering staan hieronder niet, \
                             omdat de e-mail dan te lang wordt voor uw e-mailprogramma. Plak ze \
                             hier: kopieer ze in Koppelhulp met de knop 'Kopieer als tekst'.\n\n";

/// A `mailto:` link to `to` with the [`summary_text`] as body. When that link would be longer
/// than [`MAILTO_LIMIT`], the body asks the user to paste the text instead (`fits == false`).
pub fn mail_draft(to: &str, form: &RouteringForm, org_title: &str) -> MailDraft {
    let subject = heading("Alternatieve routering verzuimloket", org_title);
    let body = summary_text(form, org_title);
    let href = mailto(to, &subject, &body);
    if href.len() <= MAILTO_LIMIT {
        return MailDraft {
            href,
            fits: true,
            body,
        };
    }
    let body = TOO_LONG_BODY.to_string();
    MailDraft {
        href: mailto(to, &subject, &body),
        fits: false,
        body,
    }
}

#[cfg(test)]
mod tests;
