//! Every key the app stores in the browser, where, and whether it can hold pupil data.
//!
//! The names are exactly those the app has used so far, so stored data keeps working. The rule
//! "no pupil data in localStorage" is checked here: [`StorageKey::holds_pupil_data`] is an
//! exhaustive `match`, so a new key cannot be added without deciding, and a test asserts that every
//! key that can hold pupil data lives in sessionStorage.

/// Where a key is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `localStorage`: kept until *Alles wissen*. Never pupil data.
    Local,
    /// `sessionStorage`: gone when the tab closes; cleared by *Alles wissen* and the automatic clear.
    Session,
}

/// A key the app stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StorageKey {
    /// Settings: organisations and choices.
    Settings,
    /// The koppelbestand's rows.
    Koppelbestand,
    /// Set while the koppelbestand changed since the last download.
    KoppelbestandUnsaved,
    /// The structure of DUO's template: headers and sheet name, no data.
    Template,
    /// DUO's empty template itself (xlsx as base64, at most 1 MiB): kept only when nothing is
    /// under its header row (`io::koci_template::check_template`), so it holds no pupil data.
    TemplateFile,
    /// The verzendlog: file names, times and counts.
    Verzendlog,
    /// The routing forms: organisation and staff contact data.
    Routering,
    /// The decisions on Dubbelen zoeken: two numbers and a verdict per pair.
    Besluiten,
    /// The marks and notes on DUO's answer, per pair of numbers.
    AntwoordMarks,
}

/// Every key starts with this, so *Alles wissen* removes exactly the app's keys.
pub const KEY_PREFIX: &str = "koppelhulp.";

impl StorageKey {
    pub const ALL: [StorageKey; 9] = [
        StorageKey::Settings,
        StorageKey::Koppelbestand,
        StorageKey::KoppelbestandUnsaved,
        StorageKey::Template,
        StorageKey::TemplateFile,
        StorageKey::Verzendlog,
        StorageKey::Routering,
        StorageKey::Besluiten,
        StorageKey::AntwoordMarks,
    ];

    /// The key's name in the browser's storage.
    pub fn name(self) -> &'static str {
        match self {
            StorageKey::Settings => "koppelhulp.instellingen",
            StorageKey::Koppelbestand => "koppelhulp.koppelbestand",
            StorageKey::KoppelbestandUnsaved => "koppelhulp.koppelbestand.onbewaard",
            StorageKey::Template => "koppelhulp.sjabloon",
            StorageKey::TemplateFile => "koppelhulp.sjabloon.bestand",
            StorageKey::Verzendlog => "koppelhulp.verzendlog",
            StorageKey::Routering => "koppelhulp.routering",
            StorageKey::Besluiten => "koppelhulp.besluiten",
            StorageKey::AntwoordMarks => "koppelhulp.antwoord",
        }
    }

    /// Where the key is kept.
    pub fn scope(self) -> Scope {
        match self {
            StorageKey::Settings
            | StorageKey::Template
            | StorageKey::TemplateFile
            | StorageKey::Verzendlog
            | StorageKey::Routering => Scope::Local,
            StorageKey::Koppelbestand
            | StorageKey::KoppelbestandUnsaved
            | StorageKey::Besluiten
            | StorageKey::AntwoordMarks => Scope::Session,
        }
    }

    /// True when the value can hold data about a pupil (numbers, names, notes). No wildcard: a new
    /// key must be decided here.
    pub fn holds_pupil_data(self) -> bool {
        match self {
            StorageKey::Koppelbestand | StorageKey::Besluiten | StorageKey::AntwoordMarks => true,
            // A flag ("1"), kept with the rows it is about.
            StorageKey::KoppelbestandUnsaved => false,
            StorageKey::Settings
            | StorageKey::Template
            | StorageKey::TemplateFile
            | StorageKey::Verzendlog
            | StorageKey::Routering => false,
        }
    }

    /// The key with this name, if it is one of the app's.
    pub fn from_name(name: &str) -> Option<StorageKey> {
        StorageKey::ALL.into_iter().find(|k| k.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn pupil_data_only_in_session_storage() {
        for key in StorageKey::ALL {
            if key.holds_pupil_data() {
                assert_eq!(key.scope(), Scope::Session, "{key:?} holds pupil data");
            }
        }
    }

    #[test]
    fn names_have_the_prefix_and_are_unique() {
        let mut seen = HashSet::new();
        for key in StorageKey::ALL {
            assert!(key.name().starts_with(KEY_PREFIX), "{key:?}");
            assert!(seen.insert(key.name()), "{} twice", key.name());
            assert_eq!(StorageKey::from_name(key.name()), Some(key));
        }
        assert_eq!(StorageKey::from_name("koppelhulp.onbekend"), None);
    }

    /// The names the app has stored so far (the app): changing one loses the user's data.
    #[test]
    fn names_as_before() {
        let cases = [
            (
                StorageKey::Settings,
                "koppelhulp.instellingen",
                Scope::Local,
            ),
            (
                StorageKey::Koppelbestand,
                "koppelhulp.koppelbestand",
                Scope::Session,
            ),
            (
                StorageKey::KoppelbestandUnsaved,
                "koppelhulp.koppelbestand.onbewaard",
                Scope::Session,
            ),
            (StorageKey::Template, "koppelhulp.sjabloon", Scope::Local),
            (
                StorageKey::TemplateFile,
                "koppelhulp.sjabloon.bestand",
                Scope::Local,
            ),
            (
                StorageKey::Verzendlog,
                "koppelhulp.verzendlog",
                Scope::Local,
            ),
            (StorageKey::Routering, "koppelhulp.routering", Scope::Local),
            (
                StorageKey::Besluiten,
                "koppelhulp.besluiten",
                Scope::Session,
            ),
            (
                StorageKey::AntwoordMarks,
                "koppelhulp.antwoord",
                Scope::Session,
            ),
        ];
        assert_eq!(cases.len(), StorageKey::ALL.len());
        for (key, name, scope) in cases {
            assert_eq!((key.name(), key.scope()), (name, scope));
        }
    }
}
