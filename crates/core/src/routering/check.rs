//! The routing forms' check: which field holds a problem, and the validators of its values
//! (e-mail address, telefoonnummer, KvK-nummer, dates).

use time::Date;

use super::veld::{InstantieVeld, OndertekeningVeld, Veld, VerwerkerVeld};
use super::{Instantie, Ondertekening, PupilKind, RouteringForm, Verwerker};
use crate::koppelregel::parse_date;
use crate::problem::{Problem, Severity};
use crate::text::{is_blank, is_space};

/// One finding tied to a form field, so the UI can show it inline and link to it from the
/// error summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: Veld,
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
    pub fn for_field(&self, field: Veld) -> Option<&Problem> {
        self.problems
            .iter()
            .filter(|p| p.field == field)
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
pub(super) fn check_telefoon(input: &str) -> Result<(), Problem> {
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
pub(super) fn parse_kvk(input: &str) -> Result<String, Problem> {
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

/// Added to [`VERWERKER_NEEDED`] when the Verklaring is still empty.
pub const VERKLARING_EMPTY: &str = "De Verklaring gegevensverstrekking aan verwerker is nog leeg. \
                                    Vul die hieronder in als u hem nodig hebt. Een lege Verklaring \
                                    staat niet in de invulhulp.";

/// Collects the problems, in form order.
#[derive(Default)]
struct Checker {
    problems: Vec<FieldProblem>,
}

impl Checker {
    fn push(&mut self, field: Veld, label: &str, problem: Problem) {
        self.problems.push(FieldProblem {
            field,
            label: label.to_string(),
            problem,
        });
    }

    /// One of the six required fields, read with `parse`: an error when it is blank or wrong.
    fn required<T>(
        &mut self,
        field: Veld,
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
        field: Veld,
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

    fn signature(&mut self, field: fn(OndertekeningVeld) -> Veld, label: &str, o: &Ondertekening) {
        self.optional(
            field(OndertekeningVeld::Datum),
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
/// Each problem names its [`Veld`].
pub fn check(form: &RouteringForm, today: Date) -> FormCheck {
    let mut c = Checker::default();

    let start = c.optional(
        Veld::Startdatum,
        "Ingangsdatum",
        &form.startdatum,
        parse_date,
    );
    if start.is_some_and(|d| d < today) {
        c.push(
            Veld::Startdatum,
            "Ingangsdatum",
            Problem::warning("De ingangsdatum ligt in het verleden. Klopt de datum?"),
        );
    }

    for (i, (kind, instantie)) in PupilKind::ALL.iter().zip(&form.instanties).enumerate() {
        check_instantie(&mut c, i, *kind, instantie);
    }

    c.signature(Veld::Ondertekening, "Ondertekening", &form.ondertekening);
    check_verwerker(&mut c, &form.verwerker, today);

    let mut notices = Vec::new();
    if all_same_address(form) {
        notices.push(Problem::notice(SAME_ADDRESS));
    }
    if form.verwerker_required() {
        // "Nee" chosen and the Verklaring left empty: a warning (an empty one is not printed).
        notices.push(if form.verwerker.is_filled_in() {
            Problem::notice(VERWERKER_NEEDED)
        } else {
            Problem::warning(format!("{VERWERKER_NEEDED} {VERKLARING_EMPTY}"))
        });
    }
    FormCheck {
        problems: c.problems,
        notices,
    }
}

fn check_instantie(c: &mut Checker, i: usize, kind: PupilKind, instantie: &Instantie) {
    let id = |field| Veld::Instantie(i, field);
    let label = |name: &str| format!("{}: {name}", kind.label());
    c.required(
        id(InstantieVeld::Naam),
        &label("naam van de instantie"),
        &instantie.naam,
        &format!("Vul de naam van de instantie in. {ALL_THREE}"),
        any_text,
    );
    c.required(
        id(InstantieVeld::Email),
        &label("e-mailadres"),
        &instantie.email,
        &format!("Vul het e-mailadres in. {ALL_THREE}"),
        check_email,
    );
    c.optional(
        id(InstantieVeld::Telefoon),
        &label("telefoonnummer"),
        &instantie.telefoon,
        check_telefoon,
    );
}

fn check_verwerker(c: &mut Checker, v: &Verwerker, today: Date) {
    c.optional(
        Veld::Verwerker(VerwerkerVeld::Kvk),
        "Verwerker: KvK-nummer",
        &v.kvk,
        parse_kvk,
    );
    c.optional(
        Veld::Verwerker(VerwerkerVeld::Email),
        "Verwerker: e-mailadres",
        &v.email,
        check_email,
    );
    let agreement = c.optional(
        Veld::Verwerker(VerwerkerVeld::Overeenkomst),
        "Verwerker: datum verwerkersovereenkomst",
        &v.overeenkomst_datum,
        parse_date,
    );
    if agreement.is_some_and(|d| d > today) {
        c.push(
            Veld::Verwerker(VerwerkerVeld::Overeenkomst),
            "Verwerker: datum verwerkersovereenkomst",
            Problem::warning(
                "Deze datum ligt in de toekomst. Meestal is de verwerkersovereenkomst getekend \
                 voordat de verwerker gegevens krijgt. Klopt de datum?",
            ),
        );
    }
    if v.is_filled_in() && !v.verzuimmeldingen && !v.gegevensleveringen {
        c.push(
            Veld::VerwerkerGegevens,
            "Verwerker: gegevens",
            Problem::warning(
                "U hebt gegevens van een verwerker ingevuld, maar niet gekozen welke gegevens de \
                 verwerker krijgt.",
            ),
        );
    }
    c.signature(
        Veld::VerwerkerOndertekening,
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
