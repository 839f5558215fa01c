//! The user's settings: organisations (a regional bureau works for several), which one is active,
//! and the automatic clearing of pupil data. Organisation data only — never pupil data.

use serde::{Deserialize, Serialize};

use super::organisation::Organisation;

/// Inactivity periods the user may choose for clearing pupil data automatically (minutes).
pub const AUTO_CLEAR_CHOICES: [u32; 4] = [15, 30, 60, 240];

/// The choice "never clear automatically" (stored as 0 minutes).
pub const AUTO_CLEAR_OFF: u32 = 0;

/// Automatic clearing when neither the user nor the release's `instellingen.json` chose: on, after
/// 30 minutes without a key press or click in any tab of the app.
pub const AUTO_CLEAR_DEFAULT: u32 = 30;

/// The default for automatic clearing that IT sets in the release's `instellingen.json`, e.g.
/// `{"automatisch_wissen_minuten": 60}` (one of [`AUTO_CLEAR_CHOICES`], or 0 for off). A missing,
/// unreadable or other value gives [`AUTO_CLEAR_DEFAULT`]: a typo never turns the clearing off.
pub fn release_auto_clear(json: Option<&str>) -> u32 {
    #[derive(Deserialize)]
    struct Release {
        automatisch_wissen_minuten: u32,
    }
    json.and_then(|j| serde_json::from_str::<Release>(j).ok())
        .map(|r| r.automatisch_wissen_minuten)
        .filter(|m| *m == AUTO_CLEAR_OFF || AUTO_CLEAR_CHOICES.contains(m))
        .unwrap_or(AUTO_CLEAR_DEFAULT)
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    /// Index into `organisations`.
    #[serde(default)]
    pub active: Option<usize>,
    /// The user's choice for clearing pupil data automatically: after this many minutes without
    /// use, [`AUTO_CLEAR_OFF`] for never; `None` = not chosen, the release's default applies
    /// ([`Settings::auto_clear_after`]).
    #[serde(default)]
    pub auto_clear_minutes: Option<u32>,
}

impl Settings {
    /// Read settings saved as JSON. Anything unreadable gives the defaults: settings are a
    /// convenience, never a reason for the app not to start.
    pub fn from_json(json: &str) -> Settings {
        serde_json::from_str::<Settings>(json)
            .map(Settings::repaired)
            .unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    fn repaired(mut self) -> Settings {
        if self.active.is_some_and(|i| i >= self.organisations.len()) {
            self.active = None;
        }
        if self.active.is_none() && !self.organisations.is_empty() {
            self.active = Some(0);
        }
        if self
            .auto_clear_minutes
            .is_some_and(|m| m != AUTO_CLEAR_OFF && !AUTO_CLEAR_CHOICES.contains(&m))
        {
            self.auto_clear_minutes = None;
        }
        self
    }

    /// After how many minutes without use pupil data is cleared (`None`: never), given the
    /// release's default (minutes, [`AUTO_CLEAR_OFF`] for off; see [`release_auto_clear`]).
    pub fn auto_clear_after(&self, release_default: u32) -> Option<u32> {
        let minutes = self.auto_clear_minutes.unwrap_or(release_default);
        (minutes != AUTO_CLEAR_OFF).then_some(minutes)
    }

    pub fn active_organisation(&self) -> Option<&Organisation> {
        self.active.and_then(|i| self.organisations.get(i))
    }

    /// Add an organisation (or find it when it is already there). It becomes the active one only
    /// when none is active: a file's name never changes organisation behind the officer's back.
    pub fn add(&mut self, org: Organisation) {
        let index = match self.organisations.iter().position(|o| *o == org) {
            Some(i) => i,
            None => {
                self.organisations.push(org);
                self.organisations.len() - 1
            }
        };
        if self.active_organisation().is_none() {
            self.active = Some(index);
        }
    }

    pub fn remove(&mut self, index: usize) {
        if index >= self.organisations.len() {
            return;
        }
        self.organisations.remove(index);
        self.active = match self.active {
            _ if self.organisations.is_empty() => None,
            Some(a) if a == index => Some(0),
            Some(a) if a > index => Some(a - 1),
            other => other,
        };
    }

    pub fn set_active(&mut self, index: usize) {
        if index < self.organisations.len() {
            self.active = Some(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organisation::OrgKind;

    fn org(kind: OrgKind, code: &str) -> Organisation {
        Organisation {
            kind,
            code: code.into(),
        }
    }

    #[test]
    fn add_remove_activate() {
        let mut s = Settings::default();
        assert_eq!(s.active_organisation(), None);
        s.add(org(OrgKind::Gemeente, "0363"));
        assert_eq!(s.active, Some(0), "the first one added becomes active");
        s.add(org(OrgKind::RmcRegio, "21"));
        assert_eq!(
            s.active_organisation(),
            Some(&org(OrgKind::Gemeente, "0363")),
            "one added later does not take over"
        );
        s.set_active(1);
        s.add(org(OrgKind::Gemeente, "0363"));
        assert_eq!(s.organisations.len(), 2, "adding twice keeps one");
        assert_eq!(
            s.active,
            Some(1),
            "adding one that is there changes nothing"
        );
        s.set_active(0);
        s.set_active(1);
        s.set_active(7);
        assert_eq!(s.active, Some(1));
        s.remove(0);
        assert_eq!(s.active_organisation(), Some(&org(OrgKind::RmcRegio, "21")));
        s.remove(0);
        assert_eq!(s.active, None);
        s.remove(3);
    }

    #[test]
    fn json_round_trip_and_repair() {
        let mut s = Settings::default();
        s.add(org(OrgKind::Gemeente, "0014"));
        s.auto_clear_minutes = Some(30);
        assert_eq!(Settings::from_json(&s.to_json()), s);
        let cases = [
            ("", Settings::default()),
            ("not json", Settings::default()),
            ("{}", Settings::default()),
            (r#"{"organisations":[],"active":3}"#, Settings::default()),
            (r#"{"auto_clear_minutes":7}"#, Settings::default()),
        ];
        for (json, expected) in cases {
            assert_eq!(Settings::from_json(json), expected, "{json}");
        }
        assert_eq!(
            Settings::from_json(r#"{"auto_clear_minutes":0}"#).auto_clear_minutes,
            Some(AUTO_CLEAR_OFF)
        );
        let repaired = Settings::from_json(
            r#"{"organisations":[{"kind":"Gemeente","code":"0014"}],"active":9}"#,
        );
        assert_eq!(repaired.active, Some(0));
    }

    /// The release's file → its default; the user's choice → minutes until clearing.
    #[test]
    fn auto_clear_is_on_unless_chosen_off() {
        let release = [
            (None, AUTO_CLEAR_DEFAULT),
            (Some(""), AUTO_CLEAR_DEFAULT),
            (Some("{"), AUTO_CLEAR_DEFAULT),
            (
                Some(r#"{"automatisch_wissen_minuten":7}"#),
                AUTO_CLEAR_DEFAULT,
            ),
            (
                Some(r#"{"automatisch_wissen_minuten":"60"}"#),
                AUTO_CLEAR_DEFAULT,
            ),
            (Some(r#"{"automatisch_wissen_minuten":60}"#), 60),
            (Some(r#"{"automatisch_wissen_minuten":0}"#), AUTO_CLEAR_OFF),
        ];
        for (json, expected) in release {
            assert_eq!(release_auto_clear(json), expected, "{json:?}");
        }
        let mut s = Settings::default();
        assert_eq!(s.auto_clear_after(AUTO_CLEAR_DEFAULT), Some(30));
        assert_eq!(s.auto_clear_after(240), Some(240));
        assert_eq!(s.auto_clear_after(AUTO_CLEAR_OFF), None);
        s.auto_clear_minutes = Some(15);
        assert_eq!(s.auto_clear_after(AUTO_CLEAR_OFF), Some(15));
        s.auto_clear_minutes = Some(AUTO_CLEAR_OFF);
        assert_eq!(s.auto_clear_after(AUTO_CLEAR_DEFAULT), None);
    }
}
