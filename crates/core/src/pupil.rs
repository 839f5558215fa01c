//! A pupil as found in a register export: what the importer produces and the duplicate finder reads.

use serde::{Deserialize, Serialize};
use time::Date;

use super::ids::{Bsn, Onderwijsnummer};
use super::koppelregel::{Geslacht, Koppelregel, format_date};

/// One record read from one row of an imported file. Text fields are trimmed; empty means unknown
/// (and still written, as every field: the worker sends records to the page in postcard, which
/// cannot leave a field out).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PupilRecord {
    /// The row in the file, 1-based as a spreadsheet numbers it.
    pub row: u32,
    #[serde(default)]
    pub bsn: Option<Bsn>,
    #[serde(default)]
    pub onderwijsnummer: Option<Onderwijsnummer>,
    /// Without voorvoegsel: `Berg` for "van den Berg".
    #[serde(default)]
    pub achternaam: String,
    /// Lower case as written in a name: `van den`.
    #[serde(default)]
    pub voorvoegsel: String,
    /// All given names as known (or only the first name, or initials).
    #[serde(default)]
    pub voornamen: String,
    #[serde(default)]
    pub geboortedatum: Option<Date>,
    #[serde(default)]
    pub geslacht: Option<Geslacht>,
    #[serde(default)]
    pub straat: String,
    /// Number with toevoeging: `12`, `12 A`, `12-2`.
    #[serde(default)]
    pub huisnummer: String,
    /// `1234AB`: four digits and two capitals, no space.
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub woonplaats: String,
}

impl PupilRecord {
    /// The koppelbestand row for a pair found by the duplicate finder: both numbers, and the
    /// identifying data of this record (the BSN side, as the BRP knows the pupil).
    pub fn koppelregel(&self, onderwijsnummer: Onderwijsnummer) -> Koppelregel {
        Koppelregel {
            bsn: self.bsn.map(|b| b.to_string()).unwrap_or_default(),
            onderwijsnummer: onderwijsnummer.to_string(),
            achternaam: self.achternaam.clone(),
            voorvoegsel: self.voorvoegsel.clone(),
            voornamen: self.voornamen.clone(),
            geboortedatum: self.geboortedatum.map(format_date).unwrap_or_default(),
            geslacht: self
                .geslacht
                .map(|g| g.code().to_string())
                .unwrap_or_default(),
            opmerking: String::new(),
        }
    }
}

/// The records' contents without their row numbers, as one number (FNV-1a over every field, in
/// order): the same register saved as xlsx and as csv gives the same; one changed letter does not.
pub fn fingerprint(records: &[PupilRecord]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |text: &str| {
        for b in text.bytes().chain([0x1f]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for r in records {
        eat(r.bsn.as_ref().map_or("", |b| b.as_str()));
        eat(r.onderwijsnummer.as_ref().map_or("", |o| o.as_str()));
        eat(&r.achternaam);
        eat(&r.voorvoegsel);
        eat(&r.voornamen);
        eat(&r.geboortedatum.map(format_date).unwrap_or_default());
        eat(r.geslacht.map_or("", |g| g.code()));
        eat(&r.straat);
        eat(&r.huisnummer);
        eat(&r.postcode);
        eat(&r.woonplaats);
        eat("\u{1e}");
    }
    hash
}

/// A proposed *Opmerking Gemeente/Regio* for a pair the officer accepted, when its two records
/// differ in what DUO identifies a pupil by: birth date, name, geslacht. One plain sentence, e.g.
/// "Geboortedatum verschilt: BRP 03-07-2007, school 07-03-2007." `None` when nothing differs. A
/// field that one side does not have is not a difference; given names differ only when the
/// school's are not the first of the BRP's (schools often keep only the first name).
pub fn suggested_remark(brp: &PupilRecord, school: &PupilRecord) -> Option<String> {
    let mut differences: Vec<(&str, String, String)> = Vec::new();
    if let (Some(a), Some(b)) = (brp.geboortedatum, school.geboortedatum)
        && a != b
    {
        differences.push(("geboortedatum", format_date(a), format_date(b)));
    }
    let (a, b) = (full_surname(brp), full_surname(school));
    if !a.is_empty() && !b.is_empty() && a.to_lowercase() != b.to_lowercase() {
        differences.push(("achternaam", a, b));
    }
    let (a, b) = (words(&brp.voornamen), words(&school.voornamen));
    let lower = |w: &[String]| w.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
    if !a.is_empty() && !b.is_empty() && !lower(&a).starts_with(&lower(&b)) {
        differences.push(("voornamen", a.join(" "), b.join(" ")));
    }
    if let (Some(a), Some(b)) = (brp.geslacht, school.geslacht)
        && a != b
    {
        differences.push(("geslacht", a.code().into(), b.code().into()));
    }
    match differences.as_slice() {
        [] => None,
        [(field, a, b)] => {
            let verb = if *field == "voornamen" {
                "verschillen"
            } else {
                "verschilt"
            };
            Some(format!(
                "{} {verb}: BRP {a}, school {b}.",
                capitalise(field)
            ))
        }
        several => Some(format!(
            "Verschillen: {}.",
            several
                .iter()
                .map(|(field, a, b)| format!("{field} BRP {a}, school {b}"))
                .collect::<Vec<_>>()
                .join("; ")
        )),
    }
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

fn full_surname(r: &PupilRecord) -> String {
    words(&format!("{} {}", r.voorvoegsel, r.achternaam)).join(" ")
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{bsn_from_seed, onderwijsnummer_from_seed};

    #[test]
    fn the_fingerprint_ignores_row_numbers_and_sees_one_letter() {
        let record = |row, name: &str| PupilRecord {
            row,
            bsn: Some(bsn_from_seed(3)),
            achternaam: name.into(),
            ..PupilRecord::default()
        };
        let a = [record(2, "Berg"), record(3, "Smit")];
        let b = [record(5, "Berg"), record(6, "Smit")];
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_ne!(
            fingerprint(&a),
            fingerprint(&[record(2, "Berg"), record(3, "Smid")])
        );
        // Fields do not run into each other: "ab" + "c" is not "a" + "bc".
        let split = |x: &str, y: &str| PupilRecord {
            achternaam: x.into(),
            voornamen: y.into(),
            ..PupilRecord::default()
        };
        assert_ne!(
            fingerprint(&[split("ab", "c")]),
            fingerprint(&[split("a", "bc")])
        );
        assert_ne!(fingerprint(&a), fingerprint(&a[..1]));
    }

    #[test]
    fn a_record_survives_json_and_numbers_stay_nine_digits() {
        let record = PupilRecord {
            row: 7,
            bsn: Some(bsn_from_seed(3)),
            onderwijsnummer: Some(onderwijsnummer_from_seed(5)),
            achternaam: "Berg".into(),
            voorvoegsel: "van den".into(),
            geboortedatum: Some(Date::from_calendar_date(2010, time::Month::March, 12).unwrap()),
            ..PupilRecord::default()
        };
        let json = serde_json::to_string(&record).unwrap();
        assert!(json.contains(&format!("\"{}\"", bsn_from_seed(3))));
        assert_eq!(serde_json::from_str::<PupilRecord>(&json).unwrap(), record);
        let regel = record.koppelregel(onderwijsnummer_from_seed(9));
        assert_eq!(regel.bsn, bsn_from_seed(3).to_string());
        assert_eq!(
            regel.onderwijsnummer,
            onderwijsnummer_from_seed(9).to_string()
        );
        assert_eq!(
            (regel.voorvoegsel.as_str(), regel.achternaam.as_str()),
            ("van den", "Berg")
        );
        assert_eq!(regel.geboortedatum, "12-03-2010");
        assert_eq!(regel.geslacht, "");
        let broken = json.replace(bsn_from_seed(3).as_str(), "123456789");
        assert!(serde_json::from_str::<PupilRecord>(&broken).is_err());
    }

    fn record(
        voorvoegsel: &str,
        achternaam: &str,
        voornamen: &str,
        birth: Option<(i32, u8, u8)>,
        geslacht: Option<Geslacht>,
    ) -> PupilRecord {
        PupilRecord {
            voorvoegsel: voorvoegsel.into(),
            achternaam: achternaam.into(),
            voornamen: voornamen.into(),
            geboortedatum: birth.map(|(y, m, d)| {
                Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
            }),
            geslacht,
            ..PupilRecord::default()
        }
    }

    #[test]
    fn suggested_remark_cases() {
        use Geslacht::{Man, Vrouw};
        let brp = record(
            "",
            "Amrani",
            "Yasmina Fatima",
            Some((2007, 7, 3)),
            Some(Vrouw),
        );
        let cases: &[(PupilRecord, Option<&str>)] = &[
            (brp.clone(), None),
            // Case and white space are not differences; only the first given name is not either.
            (
                record("", " amrani ", "Yasmina", Some((2007, 7, 3)), Some(Vrouw)),
                None,
            ),
            // What the school does not have is not a difference.
            (record("", "", "", None, None), None),
            (
                record(
                    "",
                    "Amrani",
                    "Yasmina Fatima",
                    Some((2007, 3, 7)),
                    Some(Vrouw),
                ),
                Some("Geboortedatum verschilt: BRP 03-07-2007, school 07-03-2007."),
            ),
            (
                record("el", "Amrani", "Yasmina", Some((2007, 7, 3)), Some(Vrouw)),
                Some("Achternaam verschilt: BRP Amrani, school el Amrani."),
            ),
            (
                record("", "Amrani", "Jasmina", None, Some(Vrouw)),
                Some("Voornamen verschillen: BRP Yasmina Fatima, school Jasmina."),
            ),
            (
                record("", "Amrani", "", None, Some(Man)),
                Some("Geslacht verschilt: BRP V, school M."),
            ),
            (
                record("", "Amrany", "Yasmina", Some((2008, 7, 3)), Some(Vrouw)),
                Some(
                    "Verschillen: geboortedatum BRP 03-07-2007, school 03-07-2008; achternaam BRP \
                     Amrani, school Amrany.",
                ),
            ),
        ];
        for (school, expected) in cases {
            assert_eq!(
                suggested_remark(&brp, school).as_deref(),
                *expected,
                "{school:?}"
            );
        }
    }
}
