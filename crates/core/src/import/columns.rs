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
    /// The BRP's huisletter (`12` + `A`): joined to the huisnummer like a toevoeging.
    Huisletter,
    Toevoeging,
    Postcode,
    Woonplaats,
    /// Street and number in one column (`Kerkstraat 12a`), perhaps with postcode and woonplaats
    /// (`Kerkstraat 12a, 1234 AB Utrecht`): split the Dutch way ([`super::address`]).
    Adres,
}

impl ImportField {
    pub const ALL: [ImportField; 18] = [
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
        ImportField::Huisletter,
        ImportField::Toevoeging,
        ImportField::Postcode,
        ImportField::Woonplaats,
        ImportField::Adres,
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
            ImportField::Huisletter => "Huisletter",
            ImportField::Toevoeging => "Huisnummertoevoeging",
            ImportField::Postcode => "Postcode",
            ImportField::Woonplaats => "Woonplaats",
            ImportField::Adres => "Adres (straat en huisnummer in één kolom)",
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
            ImportField::Huisletter => "huisletter",
            ImportField::Toevoeging => "toevoeging",
            ImportField::Postcode => "postcode",
            ImportField::Woonplaats => "woonplaats",
            ImportField::Adres => "adres",
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
    ("tussenv", ImportField::Voorvoegsel),
    ("voorv", ImportField::Voorvoegsel),
    ("voorvoegselgeslachtsnaam", ImportField::Voorvoegsel),
    ("prefix", ImportField::Voorvoegsel),
    ("voornamen", ImportField::Voornamen),
    ("voornaam", ImportField::Voornamen),
    ("officielevoornamen", ImportField::Voornamen),
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
    ("geslachtsaanduiding", ImportField::Geslacht),
    ("geslachtsaand", ImportField::Geslacht),
    ("gender", ImportField::Geslacht),
    ("sex", ImportField::Geslacht),
    ("straat", ImportField::Straat),
    ("straatnaam", ImportField::Straat),
    ("naamopenbareruimte", ImportField::Straat),
    ("openbareruimtenaam", ImportField::Straat),
    ("openbareruimte", ImportField::Straat),
    ("officielestraatnaam", ImportField::Straat),
    ("street", ImportField::Straat),
    ("streetname", ImportField::Straat),
    ("huisnummer", ImportField::Huisnummer),
    ("huisnr", ImportField::Huisnummer),
    ("hnr", ImportField::Huisnummer),
    ("housenumber", ImportField::Huisnummer),
    ("huisletter", ImportField::Huisletter),
    ("huisltr", ImportField::Huisletter),
    ("toevoeging", ImportField::Toevoeging),
    ("toevoegsel", ImportField::Toevoeging),
    ("huisnummertoevoeging", ImportField::Toevoeging),
    ("huisnummertoevoegsel", ImportField::Toevoeging),
    ("huisnummertoev", ImportField::Toevoeging),
    ("huisnrtoevoeging", ImportField::Toevoeging),
    ("huisnrtoev", ImportField::Toevoeging),
    ("hnrtoev", ImportField::Toevoeging),
    ("toevoeginghuisnummer", ImportField::Toevoeging),
    ("toevoeginghuisnr", ImportField::Toevoeging),
    ("toev", ImportField::Toevoeging),
    ("postcode", ImportField::Postcode),
    ("zipcode", ImportField::Postcode),
    ("postalcode", ImportField::Postcode),
    ("woonplaats", ImportField::Woonplaats),
    ("woonplaatsnaam", ImportField::Woonplaats),
    ("plaatsnaam", ImportField::Woonplaats),
    ("plaats", ImportField::Woonplaats),
    ("city", ImportField::Woonplaats),
    ("adres", ImportField::Adres),
    ("woonadres", ImportField::Adres),
    ("straatenhuisnummer", ImportField::Adres),
    ("straathuisnummer", ImportField::Adres),
    ("straathuisnr", ImportField::Adres),
    ("straatnaamenhuisnummer", ImportField::Adres),
    ("straatnaamhuisnummer", ImportField::Adres),
    ("adresregel", ImportField::Adres),
    ("adresregel1", ImportField::Adres),
    ("adresregel2", ImportField::Adres),
    ("postcodewoonplaats", ImportField::Adres),
    ("postcodeenwoonplaats", ImportField::Adres),
    ("postcodeplaats", ImportField::Adres),
    ("address", ImportField::Adres),
    ("streetaddress", ImportField::Adres),
];

/// Words that may stand around a header without changing its meaning: "BSN leerling",
/// "Achternaam van de leerling", "Geboortedatum kind", the BRP's category names
/// ("Verblijfplaats huisnummer", "persoon.geslachtsnaam") and a date format ("Geboortedatum
/// (JJJJMMDD)").
const NOISE: &[&str] = &[
    "leerling",
    "vandeleerling",
    "kind",
    "jongere",
    "student",
    "pupil",
    "persoon",
    "verblijfplaats",
    "jjjjmmdd",
    "ccyymmdd",
    "yyyymmdd",
    "ddmmjjjj",
    "ddmmyyyy",
];

/// BRP attributes (Logisch Ontwerp GBA) that look like a field but are not one, so that no rule
/// maps them: a birth place is not a woonplaats, the A-nummer is not a BSN, the adellijke titel is
/// not a voorvoegsel, and the aanduiding bij huisnummer ("by" = bij, "to" = tegenover) is not part
/// of the number (a school writes the number alone).
const NOT_A_FIELD: &[&str] = &[
    "adellijketitelpredikaat",
    "adellijketitelpredicaat",
    "adellijketitel",
    "predikaat",
    "aanduidingbijhuisnummer",
    "geboorteplaats",
    "geboorteland",
    "anummer",
    "administratienummer",
    "aanduidingnaamgebruik",
    "gemeentevaninschrijving",
    "functieadres",
    "locatiebeschrijving",
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
    let lookup = |k: &str| {
        if NOT_A_FIELD.contains(&k) {
            return None;
        }
        SYNONYMS.iter().find(|(s, _)| *s == k).map(|(_, f)| *f)
    };
    let with_noise = |key: &str| {
        if NOT_A_FIELD.contains(&key) {
            return None;
        }
        lookup(key).or_else(|| {
            NOISE.iter().find_map(|noise| {
                let k = key
                    .strip_suffix(noise)
                    .or_else(|| key.strip_prefix(noise))?;
                lookup(k)
            })
        })
    };
    // The LO GBA's element numbers before or after the name: "01.20 Burgerservicenummer",
    // "Geslachtsnaam (02.40)", "08.11.60 Postcode".
    with_noise(&key).or_else(|| {
        let bare = key.trim_matches(|c: char| c.is_ascii_digit());
        (bare.len() != key.len() && !bare.is_empty())
            .then(|| with_noise(bare))
            .flatten()
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
            ("Postcode", Some(ImportField::Postcode)),
            ("Plaats", Some(ImportField::Woonplaats)),
            ("Woonplaats", Some(ImportField::Woonplaats)),
            // The BRP's attribute names (LO GBA), with and without element numbers.
            ("Geslachtsaanduiding", Some(ImportField::Geslacht)),
            ("Woonplaatsnaam", Some(ImportField::Woonplaats)),
            ("Voorvoegsel geslachtsnaam", Some(ImportField::Voorvoegsel)),
            ("Huisletter", Some(ImportField::Huisletter)),
            ("Huisnummertoevoeging", Some(ImportField::Toevoeging)),
            ("Naam openbare ruimte", Some(ImportField::Straat)),
            ("01.20 Burgerservicenummer", Some(ImportField::Bsn)),
            ("Geslachtsnaam (02.40)", Some(ImportField::Achternaam)),
            ("08.11.60 Postcode", Some(ImportField::Postcode)),
            ("Geboortedatum (JJJJMMDD)", Some(ImportField::Geboortedatum)),
            ("Verblijfplaats huisnummer", Some(ImportField::Huisnummer)),
            ("Adellijke titel/predikaat", None),
            ("Aanduiding bij huisnummer", None),
            ("Geboorteplaats", None),
            ("Geboorteland", None),
            ("A-nummer", None),
            ("Gemeente van inschrijving", None),
            // DUO, school and leerplicht systems.
            ("Plaatsnaam", Some(ImportField::Woonplaats)),
            ("Huisnr. toev.", Some(ImportField::Toevoeging)),
            ("Toevoeging huisnummer", Some(ImportField::Toevoeging)),
            ("Tussenv.", Some(ImportField::Voorvoegsel)),
            ("Officiële voornamen", Some(ImportField::Voornamen)),
            ("Adres", Some(ImportField::Adres)),
            ("Woonadres leerling", Some(ImportField::Adres)),
            ("Straat en huisnummer", Some(ImportField::Adres)),
            ("Adresregel 1", Some(ImportField::Adres)),
            ("Postcode en woonplaats", Some(ImportField::Adres)),
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
