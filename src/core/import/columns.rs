//! The fields an import can fill, and the header spellings that name them.

use serde::{Deserialize, Serialize};

/// What a column of a register export means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ImportField {
    Bsn,
    Onderwijsnummer,
    /// A column that holds either number ("persoonsgebonden nummer"): each value is classified by
    /// its check.
    Persoonsnummer,
    Achternaam,
    Voorvoegsel,
    Voornamen,
    Roepnaam,
    Voorletters,
    /// The whole name in one column: "Jansen, Piet" or "Piet van der Berg".
    Naam,
    Geboortedatum,
    Geslacht,
    Straat,
    Huisnummer,
    Toevoeging,
    Postcode,
    Woonplaats,
}

impl ImportField {
    pub const ALL: [ImportField; 16] = [
        ImportField::Bsn,
        ImportField::Onderwijsnummer,
        ImportField::Persoonsnummer,
        ImportField::Achternaam,
        ImportField::Voorvoegsel,
        ImportField::Voornamen,
        ImportField::Roepnaam,
        ImportField::Voorletters,
        ImportField::Naam,
        ImportField::Geboortedatum,
        ImportField::Geslacht,
        ImportField::Straat,
        ImportField::Huisnummer,
        ImportField::Toevoeging,
        ImportField::Postcode,
        ImportField::Woonplaats,
    ];

    /// The Dutch name shown in the mapping.
    pub fn label(self) -> &'static str {
        match self {
            ImportField::Bsn => "BSN",
            ImportField::Onderwijsnummer => "Onderwijsnummer",
            ImportField::Persoonsnummer => "Persoonsgebonden nummer (BSN of onderwijsnummer)",
            ImportField::Achternaam => "Achternaam",
            ImportField::Voorvoegsel => "Voorvoegsel",
            ImportField::Voornamen => "Voornamen",
            ImportField::Roepnaam => "Roepnaam",
            ImportField::Voorletters => "Voorletters",
            ImportField::Naam => "Volledige naam",
            ImportField::Geboortedatum => "Geboortedatum",
            ImportField::Geslacht => "Geslacht",
            ImportField::Straat => "Straat",
            ImportField::Huisnummer => "Huisnummer",
            ImportField::Toevoeging => "Huisnummertoevoeging",
            ImportField::Postcode => "Postcode",
            ImportField::Woonplaats => "Woonplaats",
        }
    }

    /// A stable id (form values, JSON, the `importeer` example).
    pub fn key(self) -> &'static str {
        match self {
            ImportField::Bsn => "bsn",
            ImportField::Onderwijsnummer => "onderwijsnummer",
            ImportField::Persoonsnummer => "persoonsnummer",
            ImportField::Achternaam => "achternaam",
            ImportField::Voorvoegsel => "voorvoegsel",
            ImportField::Voornamen => "voornamen",
            ImportField::Roepnaam => "roepnaam",
            ImportField::Voorletters => "voorletters",
            ImportField::Naam => "naam",
            ImportField::Geboortedatum => "geboortedatum",
            ImportField::Geslacht => "geslacht",
            ImportField::Straat => "straat",
            ImportField::Huisnummer => "huisnummer",
            ImportField::Toevoeging => "toevoeging",
            ImportField::Postcode => "postcode",
            ImportField::Woonplaats => "woonplaats",
        }
    }

    pub fn from_key(key: &str) -> Option<ImportField> {
        ImportField::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// Header spellings, compared after [`header_key`] (lower case, letters and digits only).
const SYNONYMS: &[(&str, ImportField)] = &[
    ("bsn", ImportField::Bsn),
    ("bsnnummer", ImportField::Bsn),
    ("bsnnr", ImportField::Bsn),
    ("burgerservicenummer", ImportField::Bsn),
    ("burgerservicenr", ImportField::Bsn),
    ("sofinummer", ImportField::Bsn),
    ("sofinr", ImportField::Bsn),
    ("sofi", ImportField::Bsn),
    ("citizenservicenumber", ImportField::Bsn),
    ("onderwijsnummer", ImportField::Onderwijsnummer),
    ("onderwijsnr", ImportField::Onderwijsnummer),
    ("own", ImportField::Onderwijsnummer),
    ("educationnumber", ImportField::Onderwijsnummer),
    ("persoonsgebondennummer", ImportField::Persoonsnummer),
    ("persoonsgebondennr", ImportField::Persoonsnummer),
    ("pgn", ImportField::Persoonsnummer),
    ("persoonsnummer", ImportField::Persoonsnummer),
    ("bsnofonderwijsnummer", ImportField::Persoonsnummer),
    ("bsnonderwijsnummer", ImportField::Persoonsnummer),
    ("bsnown", ImportField::Persoonsnummer),
    ("achternaam", ImportField::Achternaam),
    ("geslachtsnaam", ImportField::Achternaam),
    ("familienaam", ImportField::Achternaam),
    ("surname", ImportField::Achternaam),
    ("lastname", ImportField::Achternaam),
    ("familyname", ImportField::Achternaam),
    ("voorvoegsel", ImportField::Voorvoegsel),
    ("voorvoegsels", ImportField::Voorvoegsel),
    ("tussenvoegsel", ImportField::Voorvoegsel),
    ("tussenvoegsels", ImportField::Voorvoegsel),
    ("voorvoegselgeslachtsnaam", ImportField::Voorvoegsel),
    ("prefix", ImportField::Voorvoegsel),
    ("voornamen", ImportField::Voornamen),
    ("voornaam", ImportField::Voornamen),
    ("firstname", ImportField::Voornamen),
    ("firstnames", ImportField::Voornamen),
    ("givenname", ImportField::Voornamen),
    ("givennames", ImportField::Voornamen),
    ("roepnaam", ImportField::Roepnaam),
    ("voorletters", ImportField::Voorletters),
    ("initialen", ImportField::Voorletters),
    ("initials", ImportField::Voorletters),
    ("naam", ImportField::Naam),
    ("volledigenaam", ImportField::Naam),
    ("name", ImportField::Naam),
    ("fullname", ImportField::Naam),
    ("geboortedatum", ImportField::Geboortedatum),
    ("gebdatum", ImportField::Geboortedatum),
    ("gebdat", ImportField::Geboortedatum),
    ("geboortedat", ImportField::Geboortedatum),
    ("geborenop", ImportField::Geboortedatum),
    ("dateofbirth", ImportField::Geboortedatum),
    ("birthdate", ImportField::Geboortedatum),
    ("dob", ImportField::Geboortedatum),
    ("geslacht", ImportField::Geslacht),
    ("gender", ImportField::Geslacht),
    ("sex", ImportField::Geslacht),
    ("straat", ImportField::Straat),
    ("straatnaam", ImportField::Straat),
    ("street", ImportField::Straat),
    ("huisnummer", ImportField::Huisnummer),
    ("huisnr", ImportField::Huisnummer),
    ("housenumber", ImportField::Huisnummer),
    ("toevoeging", ImportField::Toevoeging),
    ("huisletter", ImportField::Toevoeging),
    ("huisnummertoevoeging", ImportField::Toevoeging),
    ("huisnrtoev", ImportField::Toevoeging),
    ("toev", ImportField::Toevoeging),
    ("postcode", ImportField::Postcode),
    ("zipcode", ImportField::Postcode),
    ("postalcode", ImportField::Postcode),
    ("woonplaats", ImportField::Woonplaats),
    ("plaats", ImportField::Woonplaats),
    ("city", ImportField::Woonplaats),
];

/// Words that may stand around a header without changing its meaning: "BSN leerling",
/// "Achternaam van de leerling", "Geboortedatum kind".
const NOISE: &[&str] = &[
    "leerling",
    "vandeleerling",
    "kind",
    "jongere",
    "student",
    "pupil",
];

/// Lower case, diacritics folded, only letters and digits: "Geb. datum" → "gebdatum".
pub fn header_key(text: &str) -> String {
    super::super::text::fold(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The field a column header names, if it is one of the known spellings (any case, spacing or
/// punctuation; "leerling" around it ignored).
pub fn recognise_header(text: &str) -> Option<ImportField> {
    let key = header_key(text);
    if key.is_empty() || key.len() > 60 {
        return None;
    }
    let lookup = |k: &str| SYNONYMS.iter().find(|(s, _)| *s == k).map(|(_, f)| *f);
    if let Some(f) = lookup(&key) {
        return Some(f);
    }
    NOISE.iter().find_map(|noise| {
        let k = key
            .strip_suffix(noise)
            .or_else(|| key.strip_prefix(noise))?;
        lookup(k)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_spellings_map_to_fields() {
        let cases = [
            ("BSN", Some(ImportField::Bsn)),
            ("Burgerservicenummer", Some(ImportField::Bsn)),
            ("Sofi-nr.", Some(ImportField::Bsn)),
            ("BSN leerling", Some(ImportField::Bsn)),
            ("  bsn  ", Some(ImportField::Bsn)),
            ("Onderwijsnummer", Some(ImportField::Onderwijsnummer)),
            ("OWN", Some(ImportField::Onderwijsnummer)),
            ("Persoonsgebonden nummer", Some(ImportField::Persoonsnummer)),
            ("BSN/Onderwijsnummer", Some(ImportField::Persoonsnummer)),
            ("PGN", Some(ImportField::Persoonsnummer)),
            ("Geslachtsnaam", Some(ImportField::Achternaam)),
            ("Achternaam van de leerling", Some(ImportField::Achternaam)),
            ("Last name", Some(ImportField::Achternaam)),
            ("Tussenvoegsel(s)", Some(ImportField::Voorvoegsel)),
            ("Voorvoegsels", Some(ImportField::Voorvoegsel)),
            ("Voornaam", Some(ImportField::Voornamen)),
            ("First names", Some(ImportField::Voornamen)),
            ("Roepnaam", Some(ImportField::Roepnaam)),
            ("Voorletters", Some(ImportField::Voorletters)),
            ("Naam", Some(ImportField::Naam)),
            ("Naam leerling", Some(ImportField::Naam)),
            ("Geb.datum", Some(ImportField::Geboortedatum)),
            ("Geb. datum", Some(ImportField::Geboortedatum)),
            ("Geboortedatum", Some(ImportField::Geboortedatum)),
            ("Date of birth", Some(ImportField::Geboortedatum)),
            ("DOB", Some(ImportField::Geboortedatum)),
            ("Gender", Some(ImportField::Geslacht)),
            ("Straatnaam", Some(ImportField::Straat)),
            ("Huisnr.", Some(ImportField::Huisnummer)),
            ("Huisnummertoevoeging", Some(ImportField::Toevoeging)),
            ("Huisletter", Some(ImportField::Toevoeging)),
            ("Postcode", Some(ImportField::Postcode)),
            ("Plaats", Some(ImportField::Woonplaats)),
            ("Woonplaats", Some(ImportField::Woonplaats)),
            ("Opmerking", None),
            ("Klas", None),
            ("", None),
            ("Leerling", None),
            ("Leerlingenlijst schooljaar 2026-2027", None),
        ];
        for (header, expected) in cases {
            assert_eq!(recognise_header(header), expected, "{header:?}");
        }
    }

    #[test]
    fn keys_round_trip_and_labels_are_distinct() {
        for f in ImportField::ALL {
            assert_eq!(ImportField::from_key(f.key()), Some(f));
        }
        let mut labels: Vec<_> = ImportField::ALL.iter().map(|f| f.label()).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), ImportField::ALL.len());
        assert_eq!(ImportField::from_key("nee"), None);
    }
}
