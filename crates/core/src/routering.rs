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
/// regimes (see `docs/domain.md`, "Routeren").
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
mod tests {
    use super::*;
    use crate::koppelregel::calendar_date;

    fn date(y: i32, m: u8, d: u8) -> Date {
        calendar_date(y, m, d).unwrap()
    }

    fn today() -> Date {
        date(2026, 3, 1)
    }

    fn instantie(naam: &str, email: &str) -> Instantie {
        Instantie {
            naam: naam.into(),
            email: email.into(),
            contactpersoon: String::new(),
            telefoon: String::new(),
            eigen_organisatie: Some(true),
        }
    }

    fn signed(naam: &str, functie: &str, datum: &str) -> Ondertekening {
        Ondertekening {
            naam: naam.into(),
            functie: functie.into(),
            datum: datum.into(),
        }
    }

    /// A complete form without a verwerker: passes without any problem.
    fn base() -> RouteringForm {
        let mut first = instantie(
            "Gemeente Voorbeeld, team Leerplicht",
            "leerplicht@voorbeeld.nl",
        );
        first.contactpersoon = "A. de Boer".into();
        first.telefoon = "020 123 45 67".into();
        RouteringForm {
            instanties: [
                first,
                instantie(
                    "Gemeente Voorbeeld, team Leerplicht",
                    "leerplicht@voorbeeld.nl",
                ),
                instantie("RMC Regio Voorbeeld", "rmc@regio-voorbeeld.nl"),
            ],
            startdatum: "01-08-2026".into(),
            ondertekening: signed("J. Jansen", "Teamleider Leerplicht", "01-03-2026"),
            verwerker: Verwerker::default(),
        }
    }

    /// A complete form in which a regional bureau handles 18+ / RMC: passes too.
    fn with_verwerker() -> RouteringForm {
        let mut form = base();
        form.instanties[2].eigen_organisatie = Some(false);
        form.verwerker = Verwerker {
            naam: "Regionaal Bureau Voorbeeld".into(),
            adres: "Stationsplein 1, 1234 AB Voorbeeld".into(),
            kvk: "12345678".into(),
            contactpersoon: "B. Bakker".into(),
            email: "info@rbl-voorbeeld.nl".into(),
            overeenkomst_datum: "15-01-2026".into(),
            verzuimmeldingen: true,
            gegevensleveringen: false,
            ondertekening: signed("C. de Wit", "Wethouder Onderwijs", "2026-02-20"),
        };
        form
    }

    fn ids(report: &FormCheck) -> Vec<&str> {
        report.problems.iter().map(|p| p.field.as_str()).collect()
    }

    #[test]
    fn pupil_kinds() {
        let cases = [
            (
                PupilKind::Leerplichtig,
                "Leerplichtig",
                "Van 5 jaar tot het einde van het schooljaar waarin de leerling 16 wordt.",
            ),
            (
                PupilKind::Kwalificatieplichtig,
                "Kwalificatieplichtig",
                "Leerlingen van 16 en 17 jaar die nog geen startkwalificatie hebben.",
            ),
            (
                PupilKind::Rmc,
                "18+ / RMC (Doorstroompunt)",
                "Jongeren van 18 tot 23 jaar die nog geen startkwalificatie hebben.",
            ),
        ];
        for (i, (kind, label, rule)) in cases.into_iter().enumerate() {
            assert_eq!(PupilKind::ALL[i], kind);
            assert_eq!(kind.label(), label);
            assert_eq!(kind.age_rule(), rule);
        }
    }

    #[test]
    fn the_base_forms_pass() {
        for form in [base(), with_verwerker()] {
            let report = check(&form, today());
            assert!(report.is_ok(), "{report:?}");
            assert!(report.problems.is_empty(), "{report:?}");
        }
        assert!(check(&base(), today()).notices.is_empty());
    }

    type Mutation = fn(&mut RouteringForm);

    /// One change to the (verwerker) base form → the one field with a problem, its severity and
    /// a fragment of its message. Only the six fields of DUO's page give errors.
    #[test]
    fn one_problem_per_mutation() {
        use Severity::{Error, Warning};
        let cases: &[(Mutation, &str, Severity, &str)] = &[
            (
                |f| f.startdatum = "31-02-2026".into(),
                "startdatum",
                Warning,
                "februari 2026 heeft 28 dagen",
            ),
            (
                |f| f.startdatum = "1-8-26".into(),
                "startdatum",
                Warning,
                "jaar met 4 cijfers",
            ),
            (
                |f| f.startdatum = "augustus".into(),
                "startdatum",
                Warning,
                "dd-mm-jjjj",
            ),
            (
                |f| f.startdatum = "28-02-2026".into(),
                "startdatum",
                Warning,
                "in het verleden",
            ),
            (
                |f| f.instanties[0].naam.clear(),
                "instantie-0-naam",
                Error,
                "Vul de naam van de instantie in. DUO vraagt altijd 3 instanties en \
                 e-mailadressen, ook als twee of drie hetzelfde zijn.",
            ),
            (
                |f| f.instanties[1].naam = "\t".into(),
                "instantie-1-naam",
                Error,
                "DUO vraagt altijd 3 instanties en e-mailadressen",
            ),
            (
                |f| f.instanties[2].naam.clear(),
                "instantie-2-naam",
                Error,
                "Vul de naam van de instantie in.",
            ),
            (
                |f| f.instanties[0].email.clear(),
                "instantie-0-email",
                Error,
                "Vul het e-mailadres in. DUO vraagt altijd 3 instanties",
            ),
            (
                |f| f.instanties[2].email.clear(),
                "instantie-2-email",
                Error,
                "Vul het e-mailadres in.",
            ),
            (
                |f| f.instanties[1].email = "a@voorbeeld.nl; b@voorbeeld.nl".into(),
                "instantie-1-email",
                Error,
                "Vul één e-mailadres in",
            ),
            (
                |f| f.instanties[0].email = "Leerplicht <leerplicht@voorbeeld.nl>".into(),
                "instantie-0-email",
                Error,
                "zonder naam ervoor",
            ),
            (
                |f| f.instanties[2].email = "rmc.regio-voorbeeld.nl".into(),
                "instantie-2-email",
                Error,
                "geen @",
            ),
            (
                |f| f.instanties[0].telefoon = "020-12345".into(),
                "instantie-0-telefoon",
                Warning,
                "10 tot 15 cijfers. Dit nummer heeft er 8.",
            ),
            (
                |f| f.instanties[1].telefoon = "+31 6 1234 5678 90123".into(),
                "instantie-1-telefoon",
                Warning,
                "heeft er 16",
            ),
            (
                |f| f.instanties[2].telefoon = "020 123 45 67 (toestel 3)".into(),
                "instantie-2-telefoon",
                Warning,
                "alleen cijfers, spaties en de tekens + - ( )",
            ),
            (
                |f| f.ondertekening.datum = "2026-13-01".into(),
                "ondertekening-datum",
                Warning,
                "er is geen maand 13",
            ),
            (
                |f| f.verwerker.kvk = "1234567".into(),
                "verwerker-kvk",
                Warning,
                "Een KvK-nummer heeft 8 cijfers.",
            ),
            (
                |f| f.verwerker.kvk = "KvK 12345678".into(),
                "verwerker-kvk",
                Warning,
                "Een KvK-nummer heeft 8 cijfers.",
            ),
            (
                |f| f.verwerker.email = "info@rbl-voorbeeld".into(),
                "verwerker-email",
                Warning,
                "Er hoort een punt in",
            ),
            (
                |f| f.verwerker.overeenkomst_datum = "29-02-2026".into(),
                "verwerker-overeenkomst",
                Warning,
                "februari 2026 heeft 28 dagen",
            ),
            (
                |f| f.verwerker.overeenkomst_datum = "02-03-2026".into(),
                "verwerker-overeenkomst",
                Warning,
                "ligt in de toekomst",
            ),
            (
                |f| f.verwerker.verzuimmeldingen = false,
                "verwerker-gegevens",
                Warning,
                "niet gekozen welke gegevens de verwerker krijgt",
            ),
            (
                |f| f.verwerker.ondertekening.datum = "20-2-2026x".into(),
                "verwerker-ondertekening-datum",
                Warning,
                "dd-mm-jjjj",
            ),
        ];
        for (mutate, field, severity, fragment) in cases {
            let mut form = with_verwerker();
            mutate(&mut form);
            let report = check(&form, today());
            assert_eq!(ids(&report), [*field], "{form:?}");
            let problem = report.for_field(field).unwrap();
            assert_eq!(problem.severity, *severity, "{field}: {problem:?}");
            assert!(
                problem.message.contains(fragment),
                "{field}: {:?} lacks {fragment:?}",
                problem.message
            );
            assert_eq!(report.is_ok(), *severity != Error, "{field}");
        }
    }

    /// Changes that must not give any problem.
    #[test]
    fn accepted_variants() {
        let cases: &[Mutation] = &[
            |f| f.startdatum = "01-03-2026".into(),
            |f| f.startdatum = "2026-08-01".into(),
            |f| f.startdatum = " 1/8/2026 ".into(),
            |f| f.instanties[0].contactpersoon.clear(),
            |f| f.instanties[0].telefoon.clear(),
            |f| f.instanties[0].telefoon = "   ".into(),
            |f| f.instanties[0].telefoon = "+31 (0)20 123-45-67".into(),
            |f| f.instanties[0].telefoon = "0201234567".into(),
            |f| f.instanties[0].telefoon = "+31 6 1234 5678 9012".into(),
            |f| f.instanties[1].email = "  Leerplicht@Voorbeeld.NL ".into(),
            |f| f.instanties[1].eigen_organisatie = Some(false),
            |f| f.verwerker.kvk = "1234 5678".into(),
            |f| f.verwerker.kvk = "12.34.56.78".into(),
            |f| f.verwerker.overeenkomst_datum = "01-03-2026".into(),
            |f| {
                f.verwerker.verzuimmeldingen = false;
                f.verwerker.gegevensleveringen = true;
            },
            |f| f.verwerker.gegevensleveringen = true,
            |f| f.ondertekening.datum = "2027-01-01".into(),
            // Every field but the six is optional.
            |f| f.startdatum.clear(),
            |f| f.startdatum = " ".into(),
            |f| f.instanties[0].eigen_organisatie = None,
            |f| f.instanties[2].eigen_organisatie = None,
            |f| f.ondertekening.naam.clear(),
            |f| f.ondertekening.functie.clear(),
            |f| f.ondertekening.datum.clear(),
            |f| f.verwerker.naam.clear(),
            |f| f.verwerker.adres.clear(),
            |f| f.verwerker.kvk.clear(),
            |f| f.verwerker.contactpersoon.clear(),
            |f| f.verwerker.email.clear(),
            |f| f.verwerker.overeenkomst_datum.clear(),
            |f| f.verwerker.ondertekening = Ondertekening::default(),
            |f| f.verwerker = Verwerker::default(),
        ];
        for (i, mutate) in cases.iter().enumerate() {
            let mut form = with_verwerker();
            mutate(&mut form);
            let report = check(&form, today());
            assert!(report.problems.is_empty(), "case {i}: {report:?}");
        }
    }

    #[test]
    fn verwerker_fields_are_checked_whenever_filled_in() {
        let mut form = base();
        form.verwerker.kvk = "abc".into();
        form.verwerker.email = "geen adres".into();
        let report = check(&form, today());
        assert!(report.is_ok(), "{report:?}");
        assert_eq!(
            ids(&report),
            ["verwerker-kvk", "verwerker-email", "verwerker-gegevens"]
        );
        assert!(form.verwerker_in_use() && !form.verwerker_required());
    }

    #[test]
    fn only_the_six_fields_of_duos_page_block() {
        let report = check(&RouteringForm::default(), today());
        assert!(!report.is_ok());
        assert!(report.notices.is_empty());
        let expected: Vec<String> = (0..3)
            .flat_map(|i| {
                [
                    format!("instantie-{i}-naam"),
                    format!("instantie-{i}-email"),
                ]
            })
            .collect();
        assert_eq!(ids(&report), expected);
        assert!(
            report
                .problems
                .iter()
                .all(|p| p.problem.severity == Severity::Error)
        );

        let mut form = RouteringForm::default();
        for instantie in &mut form.instanties {
            instantie.eigen_organisatie = Some(false);
        }
        let report = check(&form, today());
        assert_eq!(ids(&report), expected);
        assert_eq!(report.notices.len(), 1);
        assert!(
            report.notices[0]
                .message
                .contains("Controleer dit op het formulier van DUO")
        );
    }

    #[test]
    fn labels_for_the_error_summary() {
        let mut form = RouteringForm {
            startdatum: "gisteren".into(),
            ..RouteringForm::default()
        };
        form.ondertekening.datum = "x".into();
        form.verwerker.kvk = "1".into();
        form.verwerker.overeenkomst_datum = "x".into();
        form.verwerker.ondertekening.datum = "x".into();
        let report = check(&form, today());
        let label = |id: &str| {
            report
                .problems
                .iter()
                .find(|p| p.field == id)
                .map(|p| p.label.as_str())
        };
        let cases = [
            ("startdatum", "Ingangsdatum"),
            ("instantie-0-naam", "Leerplichtig: naam van de instantie"),
            ("instantie-0-email", "Leerplichtig: e-mailadres"),
            (
                "instantie-2-email",
                "18+ / RMC (Doorstroompunt): e-mailadres",
            ),
            ("ondertekening-datum", "Ondertekening: datum"),
            ("verwerker-kvk", "Verwerker: KvK-nummer"),
            (
                "verwerker-overeenkomst",
                "Verwerker: datum verwerkersovereenkomst",
            ),
            ("verwerker-gegevens", "Verwerker: gegevens"),
            (
                "verwerker-ondertekening-datum",
                "Verklaring verwerker, ondertekening: datum",
            ),
        ];
        for (id, expected) in cases {
            assert_eq!(label(id), Some(expected), "{id}");
        }
        form.instanties[0].telefoon = "12".into();
        let report = check(&form, today());
        let telefoon = report
            .problems
            .iter()
            .find(|p| p.field == "instantie-0-telefoon");
        assert_eq!(
            telefoon.map(|p| p.label.as_str()),
            Some("Leerplichtig: telefoonnummer")
        );
    }

    #[test]
    fn for_field_gives_the_most_serious_problem() {
        let report = FormCheck {
            problems: vec![
                FieldProblem {
                    field: "startdatum".into(),
                    label: "Ingangsdatum".into(),
                    problem: Problem::warning("w"),
                },
                FieldProblem {
                    field: "startdatum".into(),
                    label: "Ingangsdatum".into(),
                    problem: Problem::error("e"),
                },
            ],
            notices: vec![],
        };
        assert_eq!(report.for_field("startdatum"), Some(&Problem::error("e")));
        assert_eq!(report.for_field("verwerker-naam"), None);
        assert!(!report.is_ok());
    }

    #[test]
    fn notices() {
        let same = "Alle drie soorten leerlingen gaan naar hetzelfde adres. Dat mag; DUO vraagt \
                    toch om alle drie in te vullen.";
        let cases: &[(Mutation, &[&str])] = &[
            (|_| {}, &[]),
            (
                |f| f.instanties[2].email = " LEERPLICHT@voorbeeld.nl".into(),
                &[same],
            ),
            (
                |f| {
                    for i in &mut f.instanties {
                        i.email.clear();
                    }
                },
                &[],
            ),
            (
                |f| f.instanties[1].eigen_organisatie = Some(false),
                &["AVG (artikel 28)"],
            ),
            (
                |f| {
                    f.instanties[2].email = "leerplicht@voorbeeld.nl".into();
                    f.instanties[0].eigen_organisatie = Some(false);
                },
                &[same, "Verklaring gegevensverstrekking aan verwerker"],
            ),
        ];
        for (i, (mutate, expected)) in cases.iter().enumerate() {
            let mut form = base();
            mutate(&mut form);
            let report = check(&form, today());
            assert_eq!(report.notices.len(), expected.len(), "case {i}: {report:?}");
            for (notice, fragment) in report.notices.iter().zip(expected.iter()) {
                assert_eq!(notice.severity, Severity::Notice);
                assert!(notice.message.contains(fragment), "case {i}: {notice:?}");
            }
        }
        let mut form = with_verwerker();
        form.instanties[2].email = "leerplicht@voorbeeld.nl".into();
        assert!(check(&form, today()).notices.iter().any(|n| n.message
            == "U hebt aangegeven dat een andere organisatie dan uw eigen organisatie de \
                meldingen ontvangt. Meestal is die organisatie dan verwerker volgens de AVG \
                (artikel 28), en is ook de Verklaring gegevensverstrekking aan verwerker nodig. \
                Controleer dit op het formulier van DUO."));
    }

    #[test]
    fn email_cases() {
        let local_64 = format!("{}@voorbeeld.nl", "a".repeat(64));
        let local_65 = format!("{}@voorbeeld.nl", "a".repeat(65));
        let label_63 = format!("a@{}.nl", "b".repeat(63));
        let label_64 = format!("a@{}.nl", "b".repeat(64));
        let good = [
            "leerplicht@gemeente.nl",
            "Leerplicht@Gemeente.NL",
            "j.de.vries@amsterdam.nl",
            "leerplicht+duo@gemeente.nl",
            "o'brien@example.com",
            "a_b-c@sub.domein-naam.nl",
            "info@0363.nl",
            "  leerplicht@gemeente.nl\t",
            "x@y.museum",
            "!#$%&'*+-/=?^_`{|}~@example.org",
            "a@b.co",
            "a@x--y.nl",
            local_64.as_str(),
            label_63.as_str(),
        ];
        for input in good {
            assert_eq!(check_email(input), Ok(()), "{input:?}");
        }
        let bad = [
            ("", "Vul een e-mailadres in"),
            ("   ", "Vul een e-mailadres in"),
            ("leerplicht", "geen @"),
            ("leerplicht.gemeente.nl", "geen @"),
            ("a@b@c.nl", "meer dan één @"),
            ("a@b.nl, c@d.nl", "Vul één e-mailadres in"),
            ("a@b.nl;c@d.nl", "Vul één e-mailadres in"),
            ("a@b.nl,", "Vul één e-mailadres in"),
            ("Leerplicht <leerplicht@gemeente.nl>", "zonder naam ervoor"),
            ("<leerplicht@gemeente.nl>", "zonder naam ervoor"),
            ("\"Leerplicht\" leerplicht@gemeente.nl", "geen spaties"),
            ("leer plicht@gemeente.nl", "geen spaties"),
            ("a@b.nl c@d.nl", "geen spaties"),
            ("a@ gemeente.nl", "geen spaties"),
            ("a\u{a0}b@gemeente.nl", "geen spaties"),
            ("@gemeente.nl", "niets vóór de @"),
            ("leerplicht@", "niets na de @"),
            (".a@b.nl", "punt op een verkeerde plek vóór de @"),
            ("a.@b.nl", "punt op een verkeerde plek vóór de @"),
            ("a..b@c.nl", "punt op een verkeerde plek vóór de @"),
            ("a@gemeente", "Er hoort een punt in"),
            ("a@.gemeente.nl", "punt op een verkeerde plek na de @"),
            ("a@gemeente..nl", "punt op een verkeerde plek na de @"),
            ("a@gemeente.nl.", "punt op een verkeerde plek na de @"),
            ("a@-gemeente.nl", "streepje"),
            ("a@gemeente-.nl", "streepje"),
            ("a@gemeente.-nl", "streepje"),
            ("a@gemeente.n", "minstens 2 letters"),
            ("a@gemeente.123", "minstens 2 letters"),
            ("a@gemeente.n1", "minstens 2 letters"),
            ("andré@gemeente.nl", "Het teken „é”"),
            ("a@gemeenté.nl", "Het teken „é”"),
            ("a@[192.168.0.1]", "Het teken „[”"),
            ("\"a\"@b.nl", "Het teken „\"”"),
            ("a@b_c.nl", "Het teken „_”"),
            ("a(b)@c.nl", "Het teken „(”"),
            ("mailto:a@b.nl", "Het teken „:”"),
            (local_65.as_str(), "hoogstens 64 tekens"),
            (label_64.as_str(), "te lang"),
        ];
        for (input, fragment) in bad {
            let problem = check_email(input).expect_err(input);
            assert_eq!(problem.severity, Severity::Error, "{input:?}");
            assert!(
                problem.message.contains(fragment),
                "{input:?}: {:?} lacks {fragment:?}",
                problem.message
            );
        }
        let long = format!("a@{}.nl", vec!["b".repeat(60); 5].join("."));
        assert!(check_email(&long).unwrap_err().message.contains("te lang"));
    }

    #[test]
    fn kvk_cases() {
        let cases = [
            ("12345678", Some("12345678")),
            (" 1234 5678 ", Some("12345678")),
            ("12.34.56.78", Some("12345678")),
            ("01234567", Some("01234567")),
            ("1234\u{a0}5678", Some("12345678")),
            ("", None),
            ("1234567", None),
            ("123456789", None),
            ("1234567a", None),
            ("12-345678", None),
            ("KvK 12345678", None),
            ("１２３４５６７８", None),
            ("٠١٢٣٤٥٦٧", None),
        ];
        for (input, expected) in cases {
            match (parse_kvk(input), expected) {
                (Ok(digits), Some(e)) => assert_eq!(digits, e, "{input:?}"),
                (Err(p), None) => assert_eq!(p.message, "Een KvK-nummer heeft 8 cijfers."),
                (got, _) => panic!("{input:?}: {got:?}"),
            }
        }
    }

    #[test]
    fn telefoon_cases() {
        let cases = [
            ("020 123 45 67", true),
            ("0201234567", true),
            ("06-12345678", true),
            ("+31 20 123 45 67", true),
            ("+31 (0)20 123 45 67", true),
            ("0031 20 123 45 67", true),
            ("+31 6 1234 5678 9012", true),
            ("020 123 456", false),
            ("+31 6 1234 5678 90123", false),
            ("020/1234567", false),
            ("020 123 45 67 of 06 12345678", false),
            ("020.123.45.67", false),
            ("tel. 0201234567", false),
            ("０２０１２３４５６７", false),
        ];
        for (input, ok) in cases {
            assert_eq!(check_telefoon(input).is_ok(), ok, "{input:?}");
        }
    }

    #[test]
    fn same_as_above_cases() {
        let a = instantie("A", "a@a.nl");
        let mut b = instantie("B", "b@b.nl");
        b.eigen_organisatie = None;
        let mut c = instantie("C", "c@c.nl");
        c.eigen_organisatie = Some(false);
        c.telefoon = "0201234567".into();
        let cases = [
            (0, [&a, &b, &c]),
            (1, [&a, &a, &c]),
            (2, [&a, &b, &b]),
            (3, [&a, &b, &c]),
            (usize::MAX, [&a, &b, &c]),
        ];
        for (index, expected) in cases {
            let mut form = RouteringForm {
                instanties: [a.clone(), b.clone(), c.clone()],
                ..RouteringForm::default()
            };
            form.same_as_above(index);
            let expected = expected.map(Clone::clone);
            assert_eq!(form.instanties, expected, "{index}");
        }
    }

    #[test]
    fn verwerker_required_cases() {
        let cases = [
            ([None, None, None], false),
            ([Some(true), Some(true), Some(true)], false),
            ([Some(true), None, Some(true)], false),
            ([Some(false), None, None], true),
            ([Some(true), Some(false), Some(true)], true),
            ([Some(true), Some(true), Some(false)], true),
            ([Some(false), Some(false), Some(false)], true),
        ];
        for (answers, expected) in cases {
            let mut form = RouteringForm::default();
            for (instantie, answer) in form.instanties.iter_mut().zip(answers) {
                instantie.eigen_organisatie = answer;
            }
            assert_eq!(form.verwerker_required(), expected, "{answers:?}");
        }
    }

    #[test]
    fn summary_without_verwerker() {
        assert_eq!(
            summary_text(&base(), "G0363 — Amsterdam"),
            "Alternatieve routering verzuimloket — G0363 — Amsterdam\n\
             Ingangsdatum: 01-08-2026\n\
             \n\
             Leerplichtig\n\
             Instantie: Gemeente Voorbeeld, team Leerplicht\n\
             E-mailadres: leerplicht@voorbeeld.nl\n\
             Contactpersoon: A. de Boer\n\
             Telefoon: 020 123 45 67\n\
             \n\
             Kwalificatieplichtig\n\
             Instantie: Gemeente Voorbeeld, team Leerplicht\n\
             E-mailadres: leerplicht@voorbeeld.nl\n\
             \n\
             18+ / RMC (Doorstroompunt)\n\
             Instantie: RMC Regio Voorbeeld\n\
             E-mailadres: rmc@regio-voorbeeld.nl\n\
             \n\
             Ondertekening\n\
             Naam: J. Jansen\n\
             Functie: Teamleider Leerplicht\n\
             Datum: 01-03-2026\n\
             \n\
             Neem deze gegevens over in het formulier van DUO.\n"
        );
    }

    #[test]
    fn summary_with_verwerker() {
        let mut form = with_verwerker();
        form.verwerker.kvk = "1234 5678".into();
        form.verwerker.gegevensleveringen = true;
        form.instanties[0].naam = "  Gemeente   Voorbeeld \n".into();
        form.instanties[0].contactpersoon = " ".into();
        form.instanties[0].telefoon.clear();
        form.startdatum = "2026-8-1".into();
        assert_eq!(
            summary_text(&form, "  "),
            "Alternatieve routering verzuimloket\n\
             Ingangsdatum: 01-08-2026\n\
             \n\
             Leerplichtig\n\
             Instantie: Gemeente Voorbeeld\n\
             E-mailadres: leerplicht@voorbeeld.nl\n\
             \n\
             Kwalificatieplichtig\n\
             Instantie: Gemeente Voorbeeld, team Leerplicht\n\
             E-mailadres: leerplicht@voorbeeld.nl\n\
             \n\
             18+ / RMC (Doorstroompunt)\n\
             Instantie: RMC Regio Voorbeeld\n\
             E-mailadres: rmc@regio-voorbeeld.nl\n\
             \n\
             Ondertekening\n\
             Naam: J. Jansen\n\
             Functie: Teamleider Leerplicht\n\
             Datum: 01-03-2026\n\
             \n\
             Verklaring gegevensverstrekking aan verwerker\n\
             Verwerker: Regionaal Bureau Voorbeeld\n\
             Adres: Stationsplein 1, 1234 AB Voorbeeld\n\
             KvK-nummer: 12345678\n\
             Contactpersoon: B. Bakker\n\
             E-mailadres: info@rbl-voorbeeld.nl\n\
             Datum verwerkersovereenkomst: 15-01-2026\n\
             Gegevens voor de verwerker: verzuimmeldingen en gegevensleveringen\n\
             \n\
             Ondertekening namens de gemeente\n\
             Naam: C. de Wit\n\
             Functie: Wethouder Onderwijs\n\
             Datum: 20-02-2026\n\
             \n\
             Neem deze gegevens over in het formulier van DUO.\n"
        );
    }

    #[test]
    fn summary_of_an_incomplete_form() {
        let mut form = RouteringForm::default();
        form.instanties[1].eigen_organisatie = Some(false);
        form.startdatum = "31-02-2026".into();
        form.verwerker.kvk = "123".into();
        form.verwerker.gegevensleveringen = true;
        let text = summary_text(&form, "R0021 — Agglomeratie Amsterdam");
        let cases = [
            "Verklaring gegevensverstrekking aan verwerker — R0021 — Agglomeratie Amsterdam\n",
            "Ingangsdatum: 31-02-2026\n",
            "Instantie: (niet ingevuld)\nE-mailadres: (niet ingevuld)\n\nKwalificatieplichtig",
            "KvK-nummer: 123\n",
            "Gegevens voor de verwerker: gegevensleveringen\n",
        ];
        for fragment in cases {
            assert!(text.contains(fragment), "{fragment:?} not in {text}");
        }
        // Optional fields left empty are left out, not marked as missing.
        for absent in ["Verwerker:", "Naam:", "Datum verwerkersovereenkomst"] {
            assert!(!text.contains(absent), "{absent:?} in {text}");
        }
        assert!(
            !text.contains(
                "Contactpersoon: (niet ingevuld)\nE-mailadres: (niet ingevuld)\nTelefoon"
            )
        );
        assert!(text.ends_with("\n\nNeem deze gegevens over in het formulier van DUO.\n"));
        // The print view starts the second page at this heading: it must be there exactly once.
        let headings = text
            .lines()
            .filter(|l| l.starts_with("Verklaring gegevensverstrekking aan verwerker"))
            .count();
        assert_eq!(headings, 1);
    }

    #[test]
    fn mail_draft_fits() {
        let form = base();
        let draft = mail_draft("verzuim@duo.nl", &form, "G0363 — Amsterdam");
        assert!(draft.fits);
        assert_eq!(draft.body, summary_text(&form, "G0363 — Amsterdam"));
        assert!(draft.href.len() <= MAILTO_LIMIT, "{}", draft.href.len());
        assert!(draft.href.starts_with(
            "mailto:verzuim@duo.nl?subject=Alternatieve%20routering%20verzuimloket%20%E2%80%94%20\
             G0363%20%E2%80%94%20Amsterdam&body=Alternatieve%20routering"
        ));
        assert!(
            draft
                .href
                .contains("Leerplichtig%0D%0AInstantie%3A%20Gemeente%20Voorbeeld")
        );
        assert_eq!(
            draft.href,
            mailto(
                "verzuim@duo.nl",
                "Alternatieve routering verzuimloket — G0363 — Amsterdam",
                &draft.body
            )
        );
    }

    #[test]
    fn mail_draft_falls_back_when_too_long() {
        let mut form = with_verwerker();
        for instantie in &mut form.instanties {
            instantie.naam =
                "Gemeentelijke Afdeling Leerplicht en Voortijdig Schoolverlaten ".repeat(4);
        }
        form.verwerker.adres = "Een heel lang adres ".repeat(10);
        let draft = mail_draft("verzuim@duo.nl", &form, "G0363 — Amsterdam");
        assert!(!draft.fits);
        assert!(draft.href.len() < MAILTO_LIMIT, "{}", draft.href.len());
        assert_eq!(
            draft.body,
            "De gegevens voor de alternatieve routering staan hieronder niet, omdat de e-mail \
             dan te lang wordt voor uw e-mailprogramma. Plak ze hier: kopieer ze in Koppelhulp \
             met de knop 'Kopieer als tekst'.\n\n"
        );
        assert!(draft.href.contains("&body=De%20gegevens"));
        assert!(
            draft
                .href
                .contains("subject=Alternatieve%20routering%20verzuimloket")
        );
        assert!(
            mailto(
                "verzuim@duo.nl",
                "x",
                &summary_text(&form, "G0363 — Amsterdam")
            )
            .len()
                > MAILTO_LIMIT
        );
    }

    #[test]
    fn json_round_trip() {
        for form in [RouteringForm::default(), base(), with_verwerker()] {
            assert_eq!(RouteringForm::from_json(&form.to_json()), form);
        }
        let garbage = [
            "",
            "nonsense",
            "null",
            "[]",
            "{\"instanties\": 5}",
            "{\"instanties\": [{}, {}]}",
            "{\"startdatum\": 20260801}",
            "{\"instanties\": [{\"eigen_organisatie\": \"ja\"}, {}, {}]}",
            "{\"startdatum\": \"01-08-2026\"",
        ];
        for json in garbage {
            assert_eq!(
                RouteringForm::from_json(json),
                RouteringForm::default(),
                "{json}"
            );
        }
        let partial = RouteringForm::from_json(
            "{\"startdatum\": \"01-08-2026\", \"onbekend\": 1, \
             \"instanties\": [{\"naam\": \"A\", \"eigen_organisatie\": false}, {}, {}], \
             \"verwerker\": {\"verzuimmeldingen\": true}}",
        );
        assert_eq!(partial.startdatum, "01-08-2026");
        assert_eq!(partial.instanties[0].naam, "A");
        assert_eq!(partial.instanties[0].eigen_organisatie, Some(false));
        assert_eq!(partial.instanties[1], Instantie::default());
        assert!(partial.verwerker.verzuimmeldingen);
        assert!(partial.verwerker_required());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig {
                failure_persistence: None,
                cases: 128,
                ..ProptestConfig::default()
            })]

            #[test]
            fn nothing_panics_and_mail_fits_or_falls_back(
                texts in proptest::collection::vec("[\\PC\r\n]{0,40}", 23),
                answers in proptest::array::uniform3(proptest::option::of(any::<bool>())),
                flags in any::<(bool, bool)>(),
                to in "[\\PC]{0,30}",
            ) {
                let t = |i: usize| texts[i].clone();
                let mut form = RouteringForm {
                    startdatum: t(0),
                    ondertekening: signed(&t(1), &t(2), &t(3)),
                    verwerker: Verwerker {
                        naam: t(4),
                        adres: t(5),
                        kvk: t(6),
                        contactpersoon: t(7),
                        email: t(8),
                        overeenkomst_datum: t(9),
                        verzuimmeldingen: flags.0,
                        gegevensleveringen: flags.1,
                        ondertekening: signed(&t(10), &t(11), &t(12)),
                    },
                    ..RouteringForm::default()
                };
                for (i, instantie) in form.instanties.iter_mut().enumerate() {
                    instantie.naam = t(13 + 3 * i);
                    instantie.email = t(14 + 3 * i);
                    instantie.telefoon = t(15 + 3 * i);
                    instantie.eigen_organisatie = answers[i];
                }
                let report = check(&form, today());
                for p in &report.problems {
                    prop_assert!(report.for_field(&p.field).is_some());
                }
                let text = summary_text(&form, &t(22));
                prop_assert!(text.ends_with("Neem deze gegevens over in het formulier van DUO.\n"));
                let draft = mail_draft(&to, &form, &t(22));
                if draft.fits {
                    prop_assert!(draft.href.len() <= MAILTO_LIMIT);
                    prop_assert_eq!(draft.body, text);
                } else {
                    prop_assert_eq!(draft.body, TOO_LONG_BODY);
                }
                prop_assert_eq!(RouteringForm::from_json(&form.to_json()), form);
            }
        }
    }
}
