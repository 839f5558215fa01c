//! Every key the app stores in the browser, and the one way a slice of state is stored
//! ([`Persisted`]).
//!
//! Privacy invariant: **no key holds pupil data.** The work (koppelbestand, decisions, marks) lives
//! in the tab's memory only; a work file (*Werk opslaan*) is how it outlives the tab. Every key is
//! kept in `localStorage` until *Alles wissen*. [`StorageKey::holds_pupil_data`] is an exhaustive
//! `match`, so a new key cannot be added without deciding, and a test asserts it is `false` for
//! every key. [`LEGACY_SESSION_KEYS`] are the names earlier versions used in `sessionStorage` for
//! pupil data: the app removes them at start.
//!
//! The names are exactly those the app has used so far, so stored settings keep working.

use koppelhulp_core::koci_layout::KociLayout;
use koppelhulp_core::routering::RouteringForm;
use koppelhulp_core::settings::Settings;
use koppelhulp_core::verzendlog::Verzendlog;

/// A key the app stores (in `localStorage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StorageKey {
    /// Settings: organisations and choices.
    Settings,
    /// The structure of DUO's template: headers and sheet name, no data.
    Template,
    /// DUO's empty template itself (xlsx as base64, at most 1 MiB): kept only when nothing is
    /// under its header row (`io::koci_template::check_template`), so it holds no pupil data.
    TemplateFile,
    /// The verzendlog: file names, times and counts.
    Verzendlog,
    /// The routing forms: organisation and staff contact data.
    Routering,
}

/// Every key starts with this, so *Alles wissen* removes exactly the app's keys.
pub const KEY_PREFIX: &str = "koppelhulp.";

/// The `sessionStorage` names under which earlier versions of the app kept pupil data (rows, a flag,
/// decisions, marks). Nothing writes them now; the app removes them when it starts.
pub const LEGACY_SESSION_KEYS: [&str; 4] = [
    "koppelhulp.koppelbestand",
    "koppelhulp.koppelbestand.onbewaard",
    "koppelhulp.besluiten",
    "koppelhulp.antwoord",
];

impl StorageKey {
    pub const ALL: [StorageKey; 5] = [
        StorageKey::Settings,
        StorageKey::Template,
        StorageKey::TemplateFile,
        StorageKey::Verzendlog,
        StorageKey::Routering,
    ];

    /// The key's name in the browser's storage.
    pub fn name(self) -> &'static str {
        match self {
            StorageKey::Settings => "koppelhulp.instellingen",
            StorageKey::Template => "koppelhulp.sjabloon",
            StorageKey::TemplateFile => "koppelhulp.sjabloon.bestand",
            StorageKey::Verzendlog => "koppelhulp.verzendlog",
            StorageKey::Routering => "koppelhulp.routering",
        }
    }

    /// True when the value can hold data about a pupil (numbers, names, notes). No wildcard: a new
    /// key must be decided here — and a key that holds pupil data may not be stored at all.
    pub fn holds_pupil_data(self) -> bool {
        match self {
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

/// A slice of the app's state that is kept in the browser under one key. The page loads each with
/// [`Persisted::from_stored`] and saves it with [`Persisted::to_stored`] whenever it changes; no
/// screen saves anything itself.
pub trait Persisted: Sized {
    /// Where it is kept.
    const KEY: StorageKey;
    /// The text to store; `None` when there is nothing worth keeping (the key is removed).
    fn to_stored(&self) -> Option<String>;
    /// Read what was stored (`None`: nothing). Anything unreadable gives the empty value: stored
    /// state is a convenience, never a reason for the app not to start.
    fn from_stored(text: Option<&str>) -> Self;
}

impl Persisted for Settings {
    const KEY: StorageKey = StorageKey::Settings;
    fn to_stored(&self) -> Option<String> {
        (*self != Settings::default()).then(|| self.to_json())
    }
    fn from_stored(text: Option<&str>) -> Settings {
        Settings::from_json(text.unwrap_or_default())
    }
}

impl Persisted for Option<KociLayout> {
    const KEY: StorageKey = StorageKey::Template;
    fn to_stored(&self) -> Option<String> {
        self.as_ref().and_then(|t| serde_json::to_string(t).ok())
    }
    fn from_stored(text: Option<&str>) -> Option<KociLayout> {
        text.and_then(|t| serde_json::from_str(t).ok())
    }
}

/// DUO's empty template file as base64 ([`StorageKey::TemplateFile`]).
impl Persisted for Option<String> {
    const KEY: StorageKey = StorageKey::TemplateFile;
    fn to_stored(&self) -> Option<String> {
        self.clone()
    }
    fn from_stored(text: Option<&str>) -> Option<String> {
        text.map(str::to_string)
    }
}

impl Persisted for Verzendlog {
    const KEY: StorageKey = StorageKey::Verzendlog;
    fn to_stored(&self) -> Option<String> {
        (!self.entries.is_empty()).then(|| self.to_json())
    }
    fn from_stored(text: Option<&str>) -> Verzendlog {
        Verzendlog::from_json(text.unwrap_or_default())
    }
}

impl Persisted for RouteringForm {
    const KEY: StorageKey = StorageKey::Routering;
    fn to_stored(&self) -> Option<String> {
        (*self != RouteringForm::default()).then(|| self.to_json())
    }
    fn from_stored(text: Option<&str>) -> RouteringForm {
        RouteringForm::from_json(text.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn no_key_holds_pupil_data() {
        for key in StorageKey::ALL {
            assert!(!key.holds_pupil_data(), "{key:?} holds pupil data");
        }
        for name in LEGACY_SESSION_KEYS {
            assert_eq!(StorageKey::from_name(name), None, "{name} is written again");
            assert!(name.starts_with(KEY_PREFIX));
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

    /// The names the app has stored so far: changing one loses the user's settings.
    #[test]
    fn names_as_before() {
        let cases = [
            (StorageKey::Settings, "koppelhulp.instellingen"),
            (StorageKey::Template, "koppelhulp.sjabloon"),
            (StorageKey::TemplateFile, "koppelhulp.sjabloon.bestand"),
            (StorageKey::Verzendlog, "koppelhulp.verzendlog"),
            (StorageKey::Routering, "koppelhulp.routering"),
        ];
        assert_eq!(cases.len(), StorageKey::ALL.len());
        for (key, name) in cases {
            assert_eq!(key.name(), name);
        }
    }

    /// Empty values are not stored; a stored value reads back as itself; damaged JSON reads as
    /// empty.
    fn round_trip<T: Persisted + PartialEq + std::fmt::Debug + Default>(filled: T) {
        assert_eq!(T::default().to_stored(), None, "{:?}", T::KEY);
        let text = filled.to_stored().expect("a filled value is stored");
        assert_eq!(T::from_stored(Some(&text)), filled);
        assert_eq!(T::from_stored(None), T::default());
        if T::KEY != StorageKey::TemplateFile {
            // The template file is base64, not JSON: the worker checks it when it is used.
            assert_eq!(
                T::from_stored(Some("{damaged")),
                T::default(),
                "{:?}",
                T::KEY
            );
        }
    }

    #[test]
    fn every_slice_round_trips() {
        round_trip(Settings {
            auto_clear_minutes: Some(60),
            ..Settings::default()
        });
        round_trip(Some(KociLayout::default_layout()));
        round_trip(Some("UEsDBBQ=".to_string()));
        let mut log = Verzendlog::default();
        log.entries.push(koppelhulp_core::verzendlog::LogEntry {
            file_name: "20260301G0363.koci.xlsx".into(),
            made_at: "01-03-2026 10:00".into(),
            rows: 2,
            koppelingen: 2,
            vragen: 0,
        });
        round_trip(log);
        let mut form = RouteringForm::default();
        form.instanties[0].naam = "Leerplicht Amsterdam".into();
        round_trip(form);
    }
}
