//! App-wide state: what every screen can reach through context. Each slice of the officer's work
//! has its own module; screens read and change it here, never in another screen.

pub mod antwoord;
pub mod dubbelen;
pub mod koppelbestand;
pub mod registers;

use leptos::prelude::*;

use crate::core::settings::Settings;
use crate::ui::browser;
use antwoord::Antwoord;
use dubbelen::Dubbelen;
use koppelbestand::Koppelbestand;
use registers::Registers;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// State every screen can reach through context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub settings: RwSignal<Settings>,
    /// An app-wide message shown above the screen (e.g. "gegevens automatisch gewist").
    pub notice: RwSignal<Option<String>>,
    /// The koppelbestand being made in this tab (pupil data: memory and sessionStorage only).
    pub koppelbestand: Koppelbestand,
    /// The files opened on Bestanden (pupil data: their records live in the worker's memory only).
    pub registers: Registers,
    /// DUO's answer as read, and the officer's marks (sessionStorage).
    pub antwoord: Antwoord,
    /// The pairs found on Dubbelen zoeken (memory) and the officer's decisions (sessionStorage).
    pub dubbelen: Dubbelen,
}

impl AppState {
    pub fn clear_pupil_data(&self) {
        browser::clear_pupil_data();
        self.koppelbestand.clear();
        self.registers.clear();
        self.antwoord.clear();
        self.dubbelen.clear();
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Bestanden,
    Dubbelen,
    Koppelbestand,
    Versturen,
    Antwoord,
    Routering,
    Instellingen,
    Privacy,
}

impl Screen {
    pub const ALL: [Screen; 8] = [
        Screen::Bestanden,
        Screen::Dubbelen,
        Screen::Koppelbestand,
        Screen::Versturen,
        Screen::Antwoord,
        Screen::Routering,
        Screen::Instellingen,
        Screen::Privacy,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Screen::Bestanden => "bestanden",
            Screen::Dubbelen => "dubbelen",
            Screen::Koppelbestand => "koppelbestand",
            Screen::Versturen => "versturen",
            Screen::Antwoord => "antwoord",
            Screen::Routering => "routering",
            Screen::Instellingen => "instellingen",
            Screen::Privacy => "privacy",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Screen::Bestanden => "Bestanden",
            Screen::Dubbelen => "Dubbelen zoeken",
            Screen::Koppelbestand => "Koppelbestand",
            Screen::Versturen => "Versturen",
            Screen::Antwoord => "Antwoord van DUO",
            Screen::Routering => "Routering",
            Screen::Instellingen => "Instellingen",
            Screen::Privacy => "Privacy en hulp",
        }
    }

    pub fn href(self) -> String {
        format!("#/{}", self.slug())
    }

    /// The screen a `#/slug` hash names; `None` for any other hash (an in-page anchor).
    pub fn from_hash(hash: &str) -> Option<Screen> {
        let slug = hash.strip_prefix("#/")?;
        Screen::ALL.into_iter().find(|s| s.slug() == slug)
    }
}
