//! The user's settings: organisations (a regional bureau works for several), which one is active,
//! and the optional automatic clearing of pupil data. Organisation data only — never pupil data.

use serde::{Deserialize, Serialize};

use super::organisation::Organisation;

/// Inactivity periods the user may choose for clearing pupil data automatically (minutes).
pub const AUTO_CLEAR_CHOICES: [u32; 4] = [15, 30, 60, 240];

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    /// Index into `organisations`.
    #[serde(default)]
    pub active: Option<usize>,
    /// Clear pupil data after this many minutes without use; `None` = off (the default).
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
            .is_some_and(|m| !AUTO_CLEAR_CHOICES.contains(&m))
        {
            self.auto_clear_minutes = None;
        }
        self
    }

    pub fn active_organisation(&self) -> Option<&Organisation> {
        self.active.and_then(|i| self.organisations.get(i))
    }

    /// Add an organisation (or find it when it is already there) and make it the active one.
    pub fn add(&mut self, org: Organisation) {
        let index = match self.organisations.iter().position(|o| *o == org) {
            Some(i) => i,
            None => {
                self.organisations.push(org);
                self.organisations.len() - 1
            }
        };
        self.active = Some(index);
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
        s.add(org(OrgKind::RmcRegio, "21"));
        assert_eq!(s.active_organisation(), Some(&org(OrgKind::RmcRegio, "21")));
        s.add(org(OrgKind::Gemeente, "0363"));
        assert_eq!(s.organisations.len(), 2, "adding twice keeps one");
        assert_eq!(s.active, Some(0));
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
        let repaired = Settings::from_json(
            r#"{"organisations":[{"kind":"Gemeente","code":"0014"}],"active":9}"#,
        );
        assert_eq!(repaired.active, Some(0));
    }
}
