//! Records prepared once for comparison: every text the levels look at, normalised and interned.

use time::Date;

use super::normalize::{
    first_name, fold, fold_keeping_unknown, has_unknown_letter, sound_key, surname_core,
    surname_full, surname_variant, variant_key,
};
use crate::koppelregel::Geslacht;
use crate::pupil::PupilRecord;

/// A hash map for interned ids, block keys and the short texts of names and places: FxHash, one
/// multiply per word instead of SipHash, which showed in the profile of the comparison loop. Not
/// resistant to crafted collisions — the input is the officer's own files.
pub type IdMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// What is compared, prepared once per record: texts as interned ids (equal text, equal number;
/// 0 is the empty text), so that the comparison loop tests equality on numbers and touches little
/// memory; the texts themselves are in the [`Interner`], needed only for Jaro-Winkler.
pub struct Prepared {
    pub surname: PreparedSurname,
    pub first: PreparedFirst,
    pub postcode_id: u32,
    pub huisnummer_id: u32,
    pub plaats_id: u32,
    pub date: Option<Date>,
    pub sex: Option<bool>,
}

/// A surname as the levels compare it.
#[derive(Clone, Copy)]
pub struct PreparedSurname {
    /// Without voorvoegsel, folded ([`surname_core`]).
    pub core_id: u32,
    /// With the voorvoegsel glued on ([`surname_full`]).
    pub full_id: u32,
    pub sound_id: u32,
    /// The spelling-variant key ([`surname_variant`]).
    pub variant_id: u32,
    /// The core folded with its lost letters as `?`; 0 when none lost.
    pub unknown_id: u32,
    /// The first byte of the core (0 when empty).
    pub start: u8,
}

/// A first name (the first of the given names) as the levels compare it.
#[derive(Clone, Copy)]
pub struct PreparedFirst {
    /// Folded ([`first_name`]).
    pub id: u32,
    /// All given names folded, one space between them, when there are two or more and none is an
    /// initial; else 0.
    pub all_id: u32,
    /// The initials of all given names ("M.J.W." and "Maja Johannes Willem": `mjw`), when there
    /// are two or more; else 0.
    pub initials_id: u32,
    pub sound_id: u32,
    /// The spelling-variant key ([`variant_key`]).
    pub variant_id: u32,
    /// Folded with its lost letters as `?`; 0 when none lost.
    pub unknown_id: u32,
    pub first_char: Option<char>,
    /// The first name is one letter (an initial).
    pub initial: bool,
    /// The first name is a roepnaam in the table ([`super::roepnamen`]).
    pub roepnaam: bool,
}

/// Equal texts get equal numbers; the empty text is 0.
pub struct Interner {
    ids: IdMap<String, u32>,
    texts: Vec<String>,
}

impl Interner {
    pub fn new() -> Interner {
        Interner {
            ids: IdMap::from_iter([(String::new(), 0)]),
            texts: vec![String::new()],
        }
    }

    pub fn id(&mut self, text: &str) -> u32 {
        if let Some(id) = self.ids.get(text) {
            return *id;
        }
        let id = self.texts.len() as u32;
        self.ids.insert(text.to_string(), id);
        self.texts.push(text.to_string());
        id
    }

    /// The id of a text already interned.
    pub fn find(&self, text: &str) -> Option<u32> {
        self.ids.get(text).copied()
    }

    pub fn text(&self, id: u32) -> &str {
        self.texts
            .get(id as usize)
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Prepares records, remembering what it made of each surname, first name and place: a register
/// repeats them (Jansen, Daan, Utrecht) thousands of times, and normalising is the costly part.
pub struct Preparer {
    surnames: IdMap<String, PreparedSurname>,
    first_names: IdMap<String, PreparedFirst>,
    places: IdMap<String, u32>,
    key: String,
}

impl Preparer {
    pub fn new() -> Preparer {
        Preparer {
            surnames: IdMap::default(),
            first_names: IdMap::default(),
            places: IdMap::default(),
            key: String::new(),
        }
    }

    pub fn prepare(&mut self, r: &PupilRecord, ids: &mut Interner) -> Prepared {
        self.key.clear();
        self.key.push_str(&r.voorvoegsel);
        self.key.push('\u{1}');
        self.key.push_str(&r.achternaam);
        let surname = match self.surnames.get(self.key.as_str()) {
            Some(known) => *known,
            None => {
                let made = prepare_surname(&r.voorvoegsel, &r.achternaam, ids);
                self.surnames.insert(self.key.clone(), made);
                made
            }
        };
        let first = match self.first_names.get(r.voornamen.as_str()) {
            Some(known) => *known,
            None => {
                let made = prepare_first(&r.voornamen, ids);
                self.first_names.insert(r.voornamen.clone(), made);
                made
            }
        };
        let plaats_id = match self.places.get(r.woonplaats.as_str()) {
            Some(known) => *known,
            None => {
                let id = ids.id(&fold(&r.woonplaats));
                self.places.insert(r.woonplaats.clone(), id);
                id
            }
        };
        Prepared {
            surname,
            first,
            postcode_id: ids.id(&fold(&r.postcode)),
            huisnummer_id: ids.id(&fold(&r.huisnummer)),
            plaats_id,
            date: r.geboortedatum,
            sex: match r.geslacht {
                Some(Geslacht::Man) => Some(true),
                Some(Geslacht::Vrouw) => Some(false),
                _ => None,
            },
        }
    }
}

fn prepare_surname(voorvoegsel: &str, achternaam: &str, ids: &mut Interner) -> PreparedSurname {
    let core = surname_core(voorvoegsel, achternaam);
    let full = surname_full(voorvoegsel, achternaam);
    let unknown_id = if has_unknown_letter(achternaam) {
        let (_, core) = crate::names::split_surname(achternaam);
        ids.id(&fold_keeping_unknown(&core))
    } else {
        0
    };
    PreparedSurname {
        core_id: ids.id(&core),
        full_id: ids.id(&full),
        sound_id: ids.id(&sound_key(&core)),
        variant_id: ids.id(&surname_variant(achternaam)),
        unknown_id,
        start: core.as_bytes().first().copied().unwrap_or(0),
    }
}

fn prepare_first(voornamen: &str, ids: &mut Interner) -> PreparedFirst {
    let first = first_name(voornamen);
    let mut chars = first.chars();
    let first_char = chars.next();
    let unknown_id = if has_unknown_letter(voornamen) {
        let word = voornamen
            .split(|c: char| c.is_whitespace() || c == ',')
            .find(|w| !w.is_empty())
            .unwrap_or("");
        ids.id(&fold_keeping_unknown(word))
    } else {
        0
    };
    let words: Vec<&str> = voornamen
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let all_id = if words.len() >= 2 && !words.iter().any(|w| w.contains('.')) {
        let all: Vec<String> = words.iter().map(|w| fold(w)).collect();
        ids.id(&all.join(" "))
    } else {
        0
    };
    let initials: String = words
        .iter()
        .flat_map(|w| w.split('.'))
        .filter_map(|w| fold(w).chars().next())
        .collect();
    let initials_id = if initials.chars().count() >= 2 {
        ids.id(&initials)
    } else {
        0
    };
    PreparedFirst {
        id: ids.id(&first),
        all_id,
        initials_id,
        sound_id: ids.id(&sound_key(&first)),
        variant_id: ids.id(&variant_key(&first)),
        unknown_id,
        first_char,
        initial: first_char.is_some() && chars.next().is_none(),
        roepnaam: super::roepnamen::is_roepnaam(&first),
    }
}

#[cfg(test)]
pub fn prepare(r: &PupilRecord, ids: &mut Interner) -> Prepared {
    Preparer::new().prepare(r, ids)
}
