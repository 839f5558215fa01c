//! A pupil as found in a register export: what the importer produces and the duplicate finder reads.

use serde::{Deserialize, Serialize};
use time::Date;

use super::ids::{Bsn, Onderwijsnummer};
use super::koppelregel::{Geslacht, Koppelregel, format_date};
use super::names::{full_surname, has_unreadable_letters, same_reading, split_surname};

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

impl PupilRecord {
    /// True when a name of this record holds an unreadable letter (`?` or U+FFFD:
    /// [`has_unreadable_letters`]): the file was probably saved in another character set.
    pub fn unreadable_name(&self) -> bool {
        [&self.achternaam, &self.voorvoegsel, &self.voornamen]
            .iter()
            .any(|t| has_unreadable_letters(t))
    }
}

/// The koppelbestand row of an accepted pair: both numbers and the data of the record with the
/// BSN (as the BRP knows the pupil), except a name with an unreadable letter (`?`, U+FFFD) when the
/// other record has that name readable: then the readable spelling goes to DUO.
pub fn pair_koppelregel(
    bsn_side: &PupilRecord,
    onderwijs_side: &PupilRecord,
    onderwijsnummer: Onderwijsnummer,
) -> Koppelregel {
    let mut regel = bsn_side.koppelregel(onderwijsnummer);
    let readable = |t: &str| !t.trim().is_empty() && !has_unreadable_letters(t);
    let (surname, other_surname) = (
        full_surname(&bsn_side.voorvoegsel, &bsn_side.achternaam),
        full_surname(&onderwijs_side.voorvoegsel, &onderwijs_side.achternaam),
    );
    if has_unreadable_letters(&surname) && readable(&other_surname) {
        regel.voorvoegsel = onderwijs_side.voorvoegsel.clone();
        regel.achternaam = onderwijs_side.achternaam.clone();
    }
    if has_unreadable_letters(&bsn_side.voornamen) && readable(&onderwijs_side.voornamen) {
        regel.voornamen = onderwijs_side.voornamen.clone();
    }
    regel
}

/// One record of a pair and where it was read: the file's name (its row is in the record).
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub record: &'a PupilRecord,
    pub file: &'a str,
}

impl Source<'_> {
    /// "leerlingen.csv, rij 12": how the remark names this record.
    fn place(&self) -> String {
        format!("{}, rij {}", self.file, self.record.row)
    }
}

/// A proposed *Opmerking Gemeente/Regio* for a pair the officer accepted, when its two records
/// really differ in what DUO identifies a pupil by: birth date, name, geslacht. One plain sentence
/// naming the file and row of each record, e.g. "Geboortedatum verschilt: 03-07-2007
/// (leerlingen.csv, rij 12) en 07-03-2007 (leerlingen.csv, rij 40)." `None` when nothing differs.
///
/// Not a difference: a field one record does not have; case and spaces; a voorvoegsel that only
/// one record has in its own column ("de Vries" and "Vries"); an unreadable letter (`?`, U+FFFD)
/// where the other record has a letter ("?uckiewicz" and "Luckiewicz": [`same_reading`]); given
/// names of the record with the onderwijsnummer that are the first of the other's (schools often
/// keep only the first name).
pub fn suggested_remark(bsn_side: Source, onderwijs_side: Source) -> Option<String> {
    let (a, b) = (bsn_side.record, onderwijs_side.record);
    let mut differences: Vec<(&str, String, String)> = Vec::new();
    if let (Some(x), Some(y)) = (a.geboortedatum, b.geboortedatum)
        && x != y
    {
        differences.push(("geboortedatum", format_date(x), format_date(y)));
    }
    if surnames_differ(a, b) {
        differences.push((
            "achternaam",
            full_surname(&a.voorvoegsel, &a.achternaam),
            full_surname(&b.voorvoegsel, &b.achternaam),
        ));
    }
    let (x, y) = (words(&a.voornamen), words(&b.voornamen));
    let first_of = y.len() <= x.len() && x.iter().zip(&y).all(|(p, q)| same_reading(p, q));
    if !x.is_empty() && !y.is_empty() && !first_of {
        differences.push(("voornamen", x.join(" "), y.join(" ")));
    }
    if let (Some(x), Some(y)) = (a.geslacht, b.geslacht)
        && x != y
    {
        differences.push(("geslacht", x.code().into(), y.code().into()));
    }
    let (here, there) = (bsn_side.place(), onderwijs_side.place());
    match differences.as_slice() {
        [] => None,
        [(field, x, y)] => {
            let verb = if *field == "voornamen" {
                "verschillen"
            } else {
                "verschilt"
            };
            Some(format!(
                "{} {verb}: {x} ({here}) en {y} ({there}).",
                capitalise(field)
            ))
        }
        several => Some(format!(
            "Verschillen tussen {here} en {there}: {}.",
            several
                .iter()
                .map(|(field, x, y)| format!("{field} {x} en {y}"))
                .collect::<Vec<_>>()
                .join("; ")
        )),
    }
}

/// Whether two records' surnames really differ: the achternaam without voorvoegsel differs, or
/// both records have a voorvoegsel and those differ. A voorvoegsel only one record has is not a
/// difference; an unreadable letter is not one either ([`same_reading`]).
fn surnames_differ(a: &PupilRecord, b: &PupilRecord) -> bool {
    let (va, na) = split_surname(&full_surname(&a.voorvoegsel, &a.achternaam));
    let (vb, nb) = split_surname(&full_surname(&b.voorvoegsel, &b.achternaam));
    if na.is_empty() || nb.is_empty() {
        return false;
    }
    !same_reading(&na, &nb) || (!va.is_empty() && !vb.is_empty() && !same_reading(&va, &vb))
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
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

    fn remark(a: &PupilRecord, b: &PupilRecord) -> Option<String> {
        suggested_remark(
            Source {
                record: a,
                file: "register.csv",
            },
            Source {
                record: b,
                file: "school.xlsx",
            },
        )
    }

    fn at_row(mut r: PupilRecord, row: u32) -> PupilRecord {
        r.row = row;
        r
    }

    #[test]
    fn suggested_remark_cases() {
        use Geslacht::{Man, Vrouw};
        let brp = at_row(
            record(
                "",
                "Amrani",
                "Yasmina Fatima",
                Some((2007, 7, 3)),
                Some(Vrouw),
            ),
            12,
        );
        let cases: &[(PupilRecord, Option<&str>)] = &[
            (brp.clone(), None),
            // Case and white space are not differences; only the first given name is not either.
            (
                record("", " amrani ", "Yasmina", Some((2007, 7, 3)), Some(Vrouw)),
                None,
            ),
            // What the other record does not have is not a difference.
            (record("", "", "", None, None), None),
            // A voorvoegsel only one record has, in its own column, is not a difference.
            (
                record("el", "Amrani", "Yasmina", Some((2007, 7, 3)), Some(Vrouw)),
                None,
            ),
            // Unreadable letters are not a difference.
            (
                record(
                    "",
                    "Amr?ni",
                    "Ya\u{FFFD}mina",
                    Some((2007, 7, 3)),
                    Some(Vrouw),
                ),
                None,
            ),
            (
                record(
                    "",
                    "Amrani",
                    "Yasmina Fatima",
                    Some((2007, 3, 7)),
                    Some(Vrouw),
                ),
                Some(
                    "Geboortedatum verschilt: 03-07-2007 (register.csv, rij 12) en 07-03-2007 \
                     (school.xlsx, rij 40).",
                ),
            ),
            (
                record("", "Amrani", "Jasmina", None, Some(Vrouw)),
                Some(
                    "Voornamen verschillen: Yasmina Fatima (register.csv, rij 12) en Jasmina \
                     (school.xlsx, rij 40).",
                ),
            ),
            (
                record("", "Amrani", "", None, Some(Man)),
                Some("Geslacht verschilt: V (register.csv, rij 12) en M (school.xlsx, rij 40)."),
            ),
            (
                record("", "Amrany", "Yasmina", Some((2008, 7, 3)), Some(Vrouw)),
                Some(
                    "Verschillen tussen register.csv, rij 12 en school.xlsx, rij 40: geboortedatum \
                     03-07-2007 en 03-07-2008; achternaam Amrani en Amrany.",
                ),
            ),
        ];
        for (other, expected) in cases {
            let other = at_row(other.clone(), 40);
            assert_eq!(remark(&brp, &other).as_deref(), *expected, "{other:?}");
        }
    }

    /// The two rows: a voorvoegsel in its own column, an unreadable letter; and what is
    /// still a difference.
    #[test]
    fn suggested_remark_surnames() {
        let cases = [
            (("de", "Vries"), ("", "Vries"), None),
            (("", "de Vries"), ("", "Vries"), None),
            (("", "de Vries"), ("de", "Vries"), None),
            (("", "Vries"), ("de", "Vries"), None),
            (("", "?uckiewicz"), ("", "Luckiewicz"), None),
            (("", "Luckiewicz"), ("", "\u{FFFD}uckiewicz"), None),
            (
                ("de", "Vries"),
                ("van", "Vries"),
                Some(
                    "Achternaam verschilt: de Vries (register.csv, rij 0) en van Vries (school.xlsx, rij 0).",
                ),
            ),
            (
                ("", "?uckiewicz"),
                ("", "Lukiewicz"),
                Some(
                    "Achternaam verschilt: ?uckiewicz (register.csv, rij 0) en Lukiewicz (school.xlsx, rij 0).",
                ),
            ),
            (
                ("de", "Vries"),
                ("", "Fries"),
                Some(
                    "Achternaam verschilt: de Vries (register.csv, rij 0) en Fries (school.xlsx, rij 0).",
                ),
            ),
        ];
        for ((va, a), (vb, b), expected) in cases {
            assert_eq!(
                remark(
                    &record(va, a, "", None, None),
                    &record(vb, b, "", None, None)
                )
                .as_deref(),
                expected,
                "{va} {a} / {vb} {b}"
            );
        }
    }

    /// When a pair is accepted the readable spelling wins; otherwise the record with the BSN.
    #[test]
    fn pair_row_takes_the_readable_spelling() {
        let o = onderwijsnummer_from_seed(4);
        let broken = record("", "?uckiewicz", "Zo\u{FFFD}ia", Some((2010, 1, 2)), None);
        let readable = record("", "Luckiewicz", "Zofia", Some((2010, 1, 3)), None);
        let regel = pair_koppelregel(&broken, &readable, o);
        assert_eq!(
            (regel.achternaam.as_str(), regel.voornamen.as_str()),
            ("Luckiewicz", "Zofia")
        );
        // The birth date is the BSN record's: only unreadable names are taken from the other.
        assert_eq!(regel.geboortedatum, "02-01-2010");
        assert_eq!(regel.onderwijsnummer, o.to_string());
        let regel = pair_koppelregel(&readable, &broken, o);
        assert_eq!(
            (regel.achternaam.as_str(), regel.voornamen.as_str()),
            ("Luckiewicz", "Zofia")
        );
        // Both unreadable, or the other empty: the BSN record's as it is.
        let empty = record("", "", "", None, None);
        assert_eq!(
            pair_koppelregel(&broken, &empty, o).achternaam,
            "?uckiewicz"
        );
        assert!(broken.unreadable_name());
        assert!(!readable.unreadable_name());
    }
}
