//! DUO's two routing forms: *Alternatieve routering verzuimloket* (which instantie and which
//! e-mail address receive the reports, per soort leerling) and *Verklaring gegevensverstrekking
//! aan verwerker* (needed when another organisation processes the reports for the gemeente, as a
//! verwerker in the sense of AVG article 28).
//!
//! The form holds organisation and staff data only, never pupil data. [`check`] ties every
//! finding to the HTML id of its field, so the UI can show it inline and link to it from the
//! error summary. Koppelhulp sends nothing: [`summary_text`] and [`mail_draft`] give the user the
//! text to take over into DUO's own form.

use serde::{Deserialize, Serialize};
use time::Date;

use super::koppelregel::{format_date, parse_date};
use super::mailto::mailto;
use super::problem::{Problem, Severity};
use super::text::{clean_text, is_blank, is_space};

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

/// One finding tied to a form field, so the UI can show it inline and link to it from the
/// error summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    /// The HTML id of the input (see [`check`]).
    pub field: String,
    /// The field's name for the error summary, e.g. "Leerplichtig: e-mailadres".
    pub label: String,
    pub problem: Problem,
}

/// The result of [`check`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormCheck {
    /// In the order of the fields on the form, at most one per field.
    pub problems: Vec<FieldProblem>,
    /// Worth knowing, about the form as a whole; never blocking.
    pub notices: Vec<Problem>,
}

impl FormCheck {
    /// True when no problem blocks the form (warnings do not).
    pub fn is_ok(&self) -> bool {
        !self
            .problems
            .iter()
            .any(|p| p.problem.severity == Severity::Error)
    }

    /// The problem of one field (the most serious, when there would be more).
    pub fn for_field(&self, id: &str) -> Option<&Problem> {
        self.problems
            .iter()
            .filter(|p| p.field == id)
            .map(|p| &p.problem)
            .min_by_key(|p| p.severity)
    }
}

// ---- E-mail, telefoon, KvK -------------------------------------------------------------------

const EMAIL_EXAMPLE: &str = "bijvoorbeeld leerplicht@gemeente.nl";

/// Check one e-mail address: a practical subset of RFC 5322 (`local@domain.tld`, no display
/// name, no quoted parts, no IP addresses). White space around the address does not count.
pub fn check_email(input: &str) -> Result<(), Problem> {
    let s = input.trim_matches(is_space);
    let error = |message: String| Err(Problem::error(message));
    if s.is_empty() {
        return error(format!("Vul een e-mailadres in, {EMAIL_EXAMPLE}."));
    }
    if s.contains([',', ';']) {
        return error("Vul één e-mailadres in, zonder komma of puntkomma.".into());
    }
    if s.contains(['<', '>']) {
        return error(format!(
            "Vul alleen het e-mailadres in, zonder naam ervoor: {EMAIL_EXAMPLE}."
        ));
    }
    if s.chars().any(is_space) {
        return error("Een e-mailadres heeft geen spaties. Vul één e-mailadres in.".into());
    }
    let Some((local, domain)) = s.split_once('@') else {
        return error(
            "Er staat geen @ in dit e-mailadres. Een e-mailadres ziet er zo uit: \
             leerplicht@gemeente.nl."
                .into(),
        );
    };
    if domain.contains('@') {
        return error(format!(
            "Er staat meer dan één @ in. Vul één e-mailadres in, {EMAIL_EXAMPLE}."
        ));
    }
    check_local_part(local)?;
    check_domain(domain)?;
    if s.len() > 254 {
        return error("Dit e-mailadres is te lang.".into());
    }
    Ok(())
}

/// The characters RFC 5322 allows unquoted in the part before the `@` (atext), besides letters
/// and digits.
const ATEXT_SYMBOLS: &str = "!#$%&'*+-/=?^_`{|}~";

fn check_local_part(local: &str) -> Result<(), Problem> {
    if local.is_empty() {
        return Err(Problem::error(format!(
            "Er staat niets vóór de @. Vul het hele e-mailadres in, {EMAIL_EXAMPLE}."
        )));
    }
    if let Some(c) = local
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '.' || ATEXT_SYMBOLS.contains(c)))
    {
        return Err(bad_character(c));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(Problem::error(
            "Er staat een punt op een verkeerde plek vóór de @. Een punt mag niet vooraan of \
             achteraan staan, en er mogen geen twee punten na elkaar staan.",
        ));
    }
    if local.len() > 64 {
        return Err(Problem::error(
            "Het deel vóór de @ is te lang: het mag hoogstens 64 tekens hebben.",
        ));
    }
    Ok(())
}

fn check_domain(domain: &str) -> Result<(), Problem> {
    if domain.is_empty() {
        return Err(Problem::error(format!(
            "Er staat niets na de @. Vul het hele e-mailadres in, {EMAIL_EXAMPLE}."
        )));
    }
    if let Some(c) = domain
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
    {
        return Err(bad_character(c));
    }
    if !domain.contains('.') {
        return Err(Problem::error(format!(
            "Het deel na de @ is niet compleet. Er hoort een punt in, {EMAIL_EXAMPLE}."
        )));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.iter().any(|l| l.is_empty()) {
        return Err(Problem::error(
            "Er staat een punt op een verkeerde plek na de @. Een punt mag niet vooraan of \
             achteraan staan, en er mogen geen twee punten na elkaar staan.",
        ));
    }
    if labels
        .iter()
        .any(|l| l.starts_with('-') || l.ends_with('-'))
    {
        return Err(Problem::error(
            "Na de @ mag een streepje (-) niet direct naast een punt of aan het begin of eind \
             staan.",
        ));
    }
    if labels.iter().any(|l| l.len() > 63) || domain.len() > 253 {
        return Err(Problem::error("Het deel na de @ is te lang."));
    }
    let tld = labels.last().copied().unwrap_or_default();
    if tld.len() < 2 || !tld.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(Problem::error(
            "Het e-mailadres eindigt niet goed. Na de laatste punt komen minstens 2 letters, \
             bijvoorbeeld .nl.",
        ));
    }
    Ok(())
}

fn bad_character(c: char) -> Problem {
    Problem::error(format!(
        "Het teken „{c}” kan niet in een e-mailadres. Gebruik letters zonder accent, cijfers, \
         punten en streepjes."
    ))
}

/// An optional telefoonnummer, when filled in: digits, spaces, `+ - ( )`; 10 to 15 digits.
fn check_telefoon(input: &str) -> Result<(), Problem> {
    let s = input.trim_matches(is_space);
    if s.chars()
        .any(|c| !(c.is_ascii_digit() || is_space(c) || matches!(c, '+' | '-' | '(' | ')')))
    {
        return Err(Problem::error(
            "Een telefoonnummer mag alleen cijfers, spaties en de tekens + - ( ) bevatten.",
        ));
    }
    let digits = s.chars().filter(char::is_ascii_digit).count();
    if !(10..=15).contains(&digits) {
        return Err(Problem::error(format!(
            "Een telefoonnummer heeft 10 tot 15 cijfers. Dit nummer heeft er {digits}. \
             Bijvoorbeeld 020 123 45 67 of +31 20 123 45 67."
        )));
    }
    Ok(())
}

/// A KvK-nummer: 8 digits once spaces and dots are removed. Returns the 8 digits.
fn parse_kvk(input: &str) -> Result<String, Problem> {
    let digits: String = input
        .chars()
        .filter(|&c| !is_space(c) && c != '.')
        .collect();
    if digits.len() == 8 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(Problem::error("Een KvK-nummer heeft 8 cijfers."))
    }
}

// ---- The form check --------------------------------------------------------------------------

/// DUO's page says only this about the form: per soort leerling an instantie and an e-mail
/// address, always all three. Those six fields are the only ones that block.
const ALL_THREE: &str = "DUO vraagt altijd 3 instanties en e-mailadressen, ook als twee of drie \
                         hetzelfde zijn.";

const SAME_ADDRESS: &str = "Alle drie soorten leerlingen gaan naar hetzelfde adres. Dat mag; DUO \
                            vraagt toch om alle drie in te vullen.";

const VERWERKER_NEEDED: &str = "U hebt aangegeven dat een andere organisatie dan uw eigen \
                                organisatie de meldingen ontvangt. Meestal is die organisatie dan \
                                verwerker volgens de AVG (artikel 28), en is ook de Verklaring \
                                gegevensverstrekking aan verwerker nodig. Controleer dit op het \
                                formulier van DUO.";

/// Collects the problems, in form order.
#[derive(Default)]
struct Checker {
    problems: Vec<FieldProblem>,
}

impl Checker {
    fn push(&mut self, field: &str, label: &str, problem: Problem) {
        self.problems.push(FieldProblem {
            field: field.to_string(),
            label: label.to_string(),
            problem,
        });
    }

    /// One of the six required fields, read with `parse`: an error when it is blank or wrong.
    fn required<T>(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        missing: &str,
        parse: impl Fn(&str) -> Result<T, Problem>,
    ) -> Option<T> {
        if is_blank(value) {
            self.push(field, label, Problem::error(missing));
            return None;
        }
        match parse(value) {
            Ok(v) => Some(v),
            Err(problem) => {
                self.push(field, label, problem);
                None
            }
        }
    }

    /// An optional field: nothing when blank; when filled in and not readable, a warning (the
    /// form can still be sent; DUO's form says whether it needs the field).
    fn optional<T>(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        parse: impl Fn(&str) -> Result<T, Problem>,
    ) -> Option<T> {
        if is_blank(value) {
            return None;
        }
        match parse(value) {
            Ok(v) => Some(v),
            Err(problem) => {
                self.push(field, label, Problem::warning(problem.message));
                None
            }
        }
    }

    fn signature(&mut self, prefix: &str, label: &str, o: &Ondertekening) {
        self.optional(
            &format!("{prefix}-datum"),
            &format!("{label}: datum"),
            &o.datum,
            parse_date,
        );
    }
}

fn any_text(_: &str) -> Result<(), Problem> {
    Ok(())
}

/// Check both forms. `today` is the user's local date.
///
/// Only the six fields DUO's page asks for block (errors): per soort leerling the instantie's
/// name and e-mail address. Every other field is optional; when it is filled in but cannot be
/// read (a date, a KvK-nummer, a phone number, an e-mail address), that is a warning.
///
/// Field ids: `startdatum`; `instantie-{i}-naam`, `-email`, `-telefoon` (i = 0, 1, 2 in
/// [`PupilKind::ALL`] order); `ondertekening-datum`; `verwerker-kvk`, `-email`, `-overeenkomst`,
/// `-gegevens` (the two checkboxes) and `verwerker-ondertekening-datum`.
pub fn check(form: &RouteringForm, today: Date) -> FormCheck {
    let mut c = Checker::default();

    let start = c.optional("startdatum", "Ingangsdatum", &form.startdatum, parse_date);
    if start.is_some_and(|d| d < today) {
        c.push(
            "startdatum",
            "Ingangsdatum",
            Problem::warning("De ingangsdatum ligt in het verleden. Klopt de datum?"),
        );
    }

    for (i, (kind, instantie)) in PupilKind::ALL.iter().zip(&form.instanties).enumerate() {
        check_instantie(&mut c, i, *kind, instantie);
    }

    c.signature("ondertekening", "Ondertekening", &form.ondertekening);
    check_verwerker(&mut c, &form.verwerker, today);

    let mut notices = Vec::new();
    if all_same_address(form) {
        notices.push(Problem::notice(SAME_ADDRESS));
    }
    if form.verwerker_required() {
        notices.push(Problem::notice(VERWERKER_NEEDED));
    }
    FormCheck {
        problems: c.problems,
        notices,
    }
}

fn check_instantie(c: &mut Checker, i: usize, kind: PupilKind, instantie: &Instantie) {
    let id = |field: &str| format!("instantie-{i}-{field}");
    let label = |name: &str| format!("{}: {name}", kind.label());
    c.required(
        &id("naam"),
        &label("naam van de instantie"),
        &instantie.naam,
        &format!("Vul de naam van de instantie in. {ALL_THREE}"),
        any_text,
    );
    c.required(
        &id("email"),
        &label("e-mailadres"),
        &instantie.email,
        &format!("Vul het e-mailadres in. {ALL_THREE}"),
        check_email,
    );
    c.optional(
        &id("telefoon"),
        &label("telefoonnummer"),
        &instantie.telefoon,
        check_telefoon,
    );
}

fn check_verwerker(c: &mut Checker, v: &Verwerker, today: Date) {
    c.optional("verwerker-kvk", "Verwerker: KvK-nummer", &v.kvk, parse_kvk);
    c.optional(
        "verwerker-email",
        "Verwerker: e-mailadres",
        &v.email,
        check_email,
    );
    let agreement = c.optional(
        "verwerker-overeenkomst",
        "Verwerker: datum verwerkersovereenkomst",
        &v.overeenkomst_datum,
        parse_date,
    );
    if agreement.is_some_and(|d| d > today) {
        c.push(
            "verwerker-overeenkomst",
            "Verwerker: datum verwerkersovereenkomst",
            Problem::warning(
                "Deze datum ligt in de toekomst. Meestal is de verwerkersovereenkomst getekend \
                 voordat de verwerker gegevens krijgt. Klopt de datum?",
            ),
        );
    }
    if v.is_filled_in() && !v.verzuimmeldingen && !v.gegevensleveringen {
        c.push(
            "verwerker-gegevens",
            "Verwerker: gegevens",
            Problem::warning(
                "U hebt gegevens van een verwerker ingevuld, maar niet gekozen welke gegevens de \
                 verwerker krijgt.",
            ),
        );
    }
    c.signature(
        "verwerker-ondertekening",
        "Verklaring verwerker, ondertekening",
        &v.ondertekening,
    );
}

/// All three addresses filled in and the same (case and white space around them do not count).
fn all_same_address(form: &RouteringForm) -> bool {
    let [a, b, c] = &form.instanties;
    let key = |i: &Instantie| i.email.trim_matches(is_space).to_lowercase();
    !key(a).is_empty() && key(a) == key(b) && key(b) == key(c)
}

// ---- Summary and e-mail ----------------------------------------------------------------------

const NOT_FILLED: &str = "(niet ingevuld)";

/// Plain Dutch text of both forms (the verwerker form only when [`RouteringForm::verwerker_in_use`]),
/// with LF line ends, for the screen, the clipboard, printing and the e-mail. Dates that can be
/// read are written `dd-mm-jjjj`; one of the six required fields that is empty shows
/// "(niet ingevuld)"; an empty optional field is left out.
pub fn summary_text(form: &RouteringForm, org_title: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    lines.push(heading("Alternatieve routering verzuimloket", org_title));
    optional_date(&mut lines, "Ingangsdatum", &form.startdatum);
    for (kind, instantie) in PupilKind::ALL.iter().zip(&form.instanties) {
        lines.push(String::new());
        lines.push(kind.label().to_string());
        lines.push(format!("Instantie: {}", required_text(&instantie.naam)));
        lines.push(format!("E-mailadres: {}", required_text(&instantie.email)));
        optional_line(&mut lines, "Contactpersoon", &instantie.contactpersoon);
        optional_line(&mut lines, "Telefoon", &instantie.telefoon);
    }
    lines.push(String::new());
    signature_lines(&mut lines, "Ondertekening", &form.ondertekening);

    if form.verwerker_in_use() {
        let v = &form.verwerker;
        lines.push(String::new());
        lines.push(heading(
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
        lines.push(String::new());
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

fn signature_lines(lines: &mut Vec<String>, title: &str, o: &Ondertekening) {
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
