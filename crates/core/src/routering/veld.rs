//! The text fields of the routing forms, typed: one [`Veld`] names a field for the check (which
//! field a problem belongs to), for the screen (its HTML id, its value) and for the tests. The
//! HTML ids are the ones the browser tests and the error summary's links use.

use super::{Instantie, Ondertekening, RouteringForm};

/// A field of an instantie (one per soort leerling).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InstantieVeld {
    Naam,
    Email,
    Contactpersoon,
    Telefoon,
}

/// A field of a signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OndertekeningVeld {
    Naam,
    Functie,
    Datum,
}

/// A field of the verwerker's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VerwerkerVeld {
    Naam,
    Adres,
    Kvk,
    Contactpersoon,
    Email,
    Overeenkomst,
}

/// One field of the two forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Veld {
    Startdatum,
    /// The instantie of soort leerling `0..3` ([`super::PupilKind::ALL`] order).
    Instantie(usize, InstantieVeld),
    Ondertekening(OndertekeningVeld),
    Verwerker(VerwerkerVeld),
    /// The two checkboxes "Welke gegevens krijgt de verwerker?" as one field.
    VerwerkerGegevens,
    VerwerkerOndertekening(OndertekeningVeld),
}

impl InstantieVeld {
    const ALL: [InstantieVeld; 4] = [
        InstantieVeld::Naam,
        InstantieVeld::Email,
        InstantieVeld::Contactpersoon,
        InstantieVeld::Telefoon,
    ];

    fn slug(self) -> &'static str {
        match self {
            InstantieVeld::Naam => "naam",
            InstantieVeld::Email => "email",
            InstantieVeld::Contactpersoon => "contactpersoon",
            InstantieVeld::Telefoon => "telefoon",
        }
    }
}

impl OndertekeningVeld {
    const ALL: [OndertekeningVeld; 3] = [
        OndertekeningVeld::Naam,
        OndertekeningVeld::Functie,
        OndertekeningVeld::Datum,
    ];

    fn slug(self) -> &'static str {
        match self {
            OndertekeningVeld::Naam => "naam",
            OndertekeningVeld::Functie => "functie",
            OndertekeningVeld::Datum => "datum",
        }
    }

    fn of(self, o: &Ondertekening) -> &String {
        match self {
            OndertekeningVeld::Naam => &o.naam,
            OndertekeningVeld::Functie => &o.functie,
            OndertekeningVeld::Datum => &o.datum,
        }
    }

    fn of_mut(self, o: &mut Ondertekening) -> &mut String {
        match self {
            OndertekeningVeld::Naam => &mut o.naam,
            OndertekeningVeld::Functie => &mut o.functie,
            OndertekeningVeld::Datum => &mut o.datum,
        }
    }
}

impl VerwerkerVeld {
    const ALL: [VerwerkerVeld; 6] = [
        VerwerkerVeld::Naam,
        VerwerkerVeld::Adres,
        VerwerkerVeld::Kvk,
        VerwerkerVeld::Contactpersoon,
        VerwerkerVeld::Email,
        VerwerkerVeld::Overeenkomst,
    ];

    fn slug(self) -> &'static str {
        match self {
            VerwerkerVeld::Naam => "naam",
            VerwerkerVeld::Adres => "adres",
            VerwerkerVeld::Kvk => "kvk",
            VerwerkerVeld::Contactpersoon => "contactpersoon",
            VerwerkerVeld::Email => "email",
            VerwerkerVeld::Overeenkomst => "overeenkomst",
        }
    }
}

fn instantie_field(i: &Instantie, f: InstantieVeld) -> &String {
    match f {
        InstantieVeld::Naam => &i.naam,
        InstantieVeld::Email => &i.email,
        InstantieVeld::Contactpersoon => &i.contactpersoon,
        InstantieVeld::Telefoon => &i.telefoon,
    }
}

fn instantie_field_mut(i: &mut Instantie, f: InstantieVeld) -> &mut String {
    match f {
        InstantieVeld::Naam => &mut i.naam,
        InstantieVeld::Email => &mut i.email,
        InstantieVeld::Contactpersoon => &mut i.contactpersoon,
        InstantieVeld::Telefoon => &mut i.telefoon,
    }
}

impl Veld {
    /// Every field, in the order of the form.
    pub fn all() -> Vec<Veld> {
        let mut all = vec![Veld::Startdatum];
        for i in 0..3 {
            all.extend(InstantieVeld::ALL.map(|f| Veld::Instantie(i, f)));
        }
        all.extend(OndertekeningVeld::ALL.map(Veld::Ondertekening));
        all.extend(VerwerkerVeld::ALL.map(Veld::Verwerker));
        all.push(Veld::VerwerkerGegevens);
        all.extend(OndertekeningVeld::ALL.map(Veld::VerwerkerOndertekening));
        all
    }

    /// The HTML id of the field's input: `startdatum`, `instantie-{i}-naam`, `-email`,
    /// `-contactpersoon`, `-telefoon`, `ondertekening-naam`, `-functie`, `-datum`,
    /// `verwerker-naam`, `-adres`, `-kvk`, `-contactpersoon`, `-email`, `-overeenkomst`,
    /// `verwerker-gegevens`, `verwerker-ondertekening-naam`, `-functie`, `-datum`.
    pub fn id(self) -> String {
        match self {
            Veld::Startdatum => "startdatum".into(),
            Veld::Instantie(i, f) => format!("instantie-{i}-{}", f.slug()),
            Veld::Ondertekening(f) => format!("ondertekening-{}", f.slug()),
            Veld::Verwerker(f) => format!("verwerker-{}", f.slug()),
            Veld::VerwerkerGegevens => "verwerker-gegevens".into(),
            Veld::VerwerkerOndertekening(f) => format!("verwerker-ondertekening-{}", f.slug()),
        }
    }

    /// The field with this HTML id (e.g. the one the user just left).
    pub fn from_id(id: &str) -> Option<Veld> {
        Veld::all().into_iter().find(|v| v.id() == id)
    }

    /// The field's text as typed; `None` for [`Veld::VerwerkerGegevens`] (checkboxes) and an
    /// instantie out of range.
    pub fn text(self, form: &RouteringForm) -> Option<&String> {
        Some(match self {
            Veld::Startdatum => &form.startdatum,
            Veld::Instantie(i, f) => instantie_field(form.instanties.get(i)?, f),
            Veld::Ondertekening(f) => f.of(&form.ondertekening),
            Veld::Verwerker(f) => {
                let v = &form.verwerker;
                match f {
                    VerwerkerVeld::Naam => &v.naam,
                    VerwerkerVeld::Adres => &v.adres,
                    VerwerkerVeld::Kvk => &v.kvk,
                    VerwerkerVeld::Contactpersoon => &v.contactpersoon,
                    VerwerkerVeld::Email => &v.email,
                    VerwerkerVeld::Overeenkomst => &v.overeenkomst_datum,
                }
            }
            Veld::VerwerkerGegevens => return None,
            Veld::VerwerkerOndertekening(f) => f.of(&form.verwerker.ondertekening),
        })
    }

    /// Set the field's text (nothing for [`Veld::VerwerkerGegevens`] or an instantie out of
    /// range).
    pub fn set_text(self, form: &mut RouteringForm, value: String) {
        let field = match self {
            Veld::Startdatum => &mut form.startdatum,
            Veld::Instantie(i, f) => match form.instanties.get_mut(i) {
                Some(instantie) => instantie_field_mut(instantie, f),
                None => return,
            },
            Veld::Ondertekening(f) => f.of_mut(&mut form.ondertekening),
            Veld::Verwerker(f) => {
                let v = &mut form.verwerker;
                match f {
                    VerwerkerVeld::Naam => &mut v.naam,
                    VerwerkerVeld::Adres => &mut v.adres,
                    VerwerkerVeld::Kvk => &mut v.kvk,
                    VerwerkerVeld::Contactpersoon => &mut v.contactpersoon,
                    VerwerkerVeld::Email => &mut v.email,
                    VerwerkerVeld::Overeenkomst => &mut v.overeenkomst_datum,
                }
            }
            Veld::VerwerkerGegevens => return,
            Veld::VerwerkerOndertekening(f) => f.of_mut(&mut form.verwerker.ondertekening),
        };
        *field = value;
    }
}
