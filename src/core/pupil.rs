//! A pupil as found in a register export: what the importer produces and the duplicate finder reads.

use serde::{Deserialize, Serialize};
use time::Date;

use super::ids::{Bsn, Onderwijsnummer};
use super::koppelregel::{Geslacht, Koppelregel, format_date};

/// One record read from one row of an imported file. Text fields are trimmed; empty means unknown
/// (and is left out of its JSON: the worker hands tens of thousands of records to the page).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PupilRecord {
    /// The row in the file, 1-based as a spreadsheet numbers it.
    pub row: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bsn: Option<Bsn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onderwijsnummer: Option<Onderwijsnummer>,
    /// Without voorvoegsel: `Berg` for "van den Berg".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub achternaam: String,
    /// Lower case as written in a name: `van den`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub voorvoegsel: String,
    /// All given names as known (or only the first name, or initials).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub voornamen: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geboortedatum: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geslacht: Option<Geslacht>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub straat: String,
    /// Number with toevoeging: `12`, `12 A`, `12-2`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub huisnummer: String,
    /// `1234AB`: four digits and two capitals, no space.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub postcode: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::{bsn_from_seed, onderwijsnummer_from_seed};

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
}
