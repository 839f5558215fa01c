//! The user's organisation: a gemeente (`G` + 4-digit gemeentecode) or an RMC / Doorstroompunt
//! regio (`R` + 2-digit regiocode), and the embedded lists that give their names.
//!
//! The lists are a dated snapshot (1 January 2026, see `data/SOURCES.md`): an unknown code is a
//! warning, never a block.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::problem::Problem;
use super::text::{count, fold};

// `GEMEENTEN` and `REGIOS`: the lists in `data/`, checked and written as arrays by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/organisation_lists.rs"));

/// What the embedded lists are and of when, as SOURCES.md dates them, for the user.
pub const GEMEENTEN_DATE: &str = "de 342 gemeenten op 1 januari 2026 (CBS)";
pub const REGIOS_DATE: &str = "de 40 RMC-regio's in de indeling van CBS uit 2025";

/// Names people use for a gemeente that are not its CBS name, with the gemeentecode. Searching
/// finds the gemeente by these too.
pub const GEMEENTE_ALIASES: &[(&str, &str)] = &[
    ("Den Haag", "0518"),
    ("Den Bosch", "0796"),
    ("Alphen a/d Rijn", "0484"),
    ("Capelle a/d IJssel", "0502"),
    ("Krimpen a/d IJssel", "0542"),
    ("Tietjerksteradeel", "0737"),
    ("Dantumadeel", "1891"),
    ("Zuidwest-Friesland", "1900"),
    ("Noordoost-Friesland", "1970"),
    ("Sittard", "1883"),
    ("Geleen", "1883"),
];

/// CBS numbers the former region Arnhem/Nijmegen's Arnhem part 41; OCW's regulation still calls it
/// 14. Which one DUO uses is not known, so both find Arnhem.
const ARNHEM_OLD: &str = "14";
const ARNHEM_NEW: &str = "41";
const ARNHEM_NOTE: &str = "CBS geeft Arnhem regiocode 41. De regeling van OCW uit 2020 noemt \
                           Arnhem nog „Regio 14”. Welke van de twee DUO gebruikt, is niet bekend. \
                           Gebruik de code die in Mijn DUO aan uw rol is gekoppeld.";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrgKind {
    Gemeente,
    RmcRegio,
}

impl OrgKind {
    /// The letter in a DUO file name: `G` or `R`.
    pub fn letter(self) -> char {
        match self {
            OrgKind::Gemeente => 'G',
            OrgKind::RmcRegio => 'R',
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Gemeente => "Gemeente",
            OrgKind::RmcRegio => "RMC-regio (Doorstroompunt)",
        }
    }

    /// How many digits the code has.
    fn digits(self) -> usize {
        match self {
            OrgKind::Gemeente => 4,
            OrgKind::RmcRegio => 2,
        }
    }
}

/// An organisation as the user saved it. `code` is normalised: 4 digits for a gemeente, 2 for a regio.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Organisation {
    pub kind: OrgKind,
    pub code: String,
}

impl Organisation {
    /// The letter and the code padded to 4 characters, as in a DUO file name: `G0363`, `R0021`.
    pub fn file_code(&self) -> String {
        format!("{}{:0>4}", self.kind.letter(), self.code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gemeente {
    pub code: String,
    pub naam: String,
    pub provincie: String,
    pub regiocode: String,
    pub regionaam: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regio {
    pub code: String,
    pub naam: String,
}

/// What the app knows about an organisation, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Description {
    /// "G0363 — Amsterdam (RMC-regio 21, Agglomeratie Amsterdam)"
    pub title: String,
    /// The name alone, when known ("Amsterdam").
    pub name: Option<String>,
    /// Warnings and notes (unknown code, the Arnhem 14/41 question).
    pub problems: Vec<Problem>,
}

/// The embedded gemeenten and RMC-regio lists.
#[derive(Clone, Debug, Default)]
pub struct Register {
    pub gemeenten: Vec<Gemeente>,
    pub regios: Vec<Regio>,
}

/// Parse a code the user typed: digits only, padded to the kind's length. `G0363`/`R21` prefixes are
/// accepted when they match the kind. A regiocode written as in a file name (`0021`) is accepted.
pub fn parse_code(kind: OrgKind, input: &str) -> Result<String, Problem> {
    let trimmed = input.trim();
    let without_letter = match trimmed.chars().next() {
        Some(c) if c.eq_ignore_ascii_case(&kind.letter()) => trimmed[1..].trim_start(),
        _ => trimmed,
    };
    if without_letter.is_empty() {
        return Err(Problem::error("Vul een code in."));
    }
    if !without_letter.chars().all(|c| c.is_ascii_digit()) {
        return Err(Problem::error(match kind {
            OrgKind::Gemeente => "Een gemeentecode bestaat alleen uit cijfers, bijvoorbeeld 0363.",
            OrgKind::RmcRegio => "Een regiocode bestaat alleen uit cijfers, bijvoorbeeld 21.",
        }));
    }
    let significant = without_letter.trim_start_matches('0');
    if significant.is_empty() {
        return Err(Problem::error("De code 0 bestaat niet."));
    }
    if significant.len() > kind.digits() {
        return Err(Problem::error(match kind {
            OrgKind::Gemeente => "Een gemeentecode heeft 4 cijfers, bijvoorbeeld 0363.",
            OrgKind::RmcRegio => "Een regiocode heeft 2 cijfers, bijvoorbeeld 21.",
        }));
    }
    Ok(format!("{:0>width$}", significant, width = kind.digits()))
}

/// True when the text is a code rather than a name: digits, optionally after the kind's letter.
pub fn looks_like_code(kind: OrgKind, input: &str) -> bool {
    let rest = input
        .trim()
        .trim_start_matches([kind.letter(), kind.letter().to_ascii_lowercase()]);
    let rest = rest.trim();
    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
}

impl Register {
    /// The lists compiled into the app.
    pub fn embedded() -> &'static Register {
        static REGISTER: OnceLock<Register> = OnceLock::new();
        REGISTER.get_or_init(|| Register {
            gemeenten: (GEMEENTEN.iter())
                .map(|&(code, naam, provincie, regiocode, regionaam)| Gemeente {
                    code: code.to_string(),
                    naam: naam.to_string(),
                    provincie: provincie.to_string(),
                    regiocode: regiocode.to_string(),
                    regionaam: regionaam.to_string(),
                })
                .collect(),
            regios: (REGIOS.iter())
                .map(|&(code, naam)| Regio {
                    code: code.to_string(),
                    naam: naam.to_string(),
                })
                .collect(),
        })
    }

    pub fn gemeente(&self, code: &str) -> Option<&Gemeente> {
        self.gemeenten.iter().find(|g| g.code == code)
    }

    /// A regio by its 2-digit code; 14 finds Arnhem (41).
    pub fn regio(&self, code: &str) -> Option<&Regio> {
        let code = if code == ARNHEM_OLD { ARNHEM_NEW } else { code };
        self.regios.iter().find(|r| r.code == code)
    }

    /// How many gemeenten the list puts in a regio.
    pub fn gemeenten_in(&self, regiocode: &str) -> usize {
        let code = if regiocode == ARNHEM_OLD {
            ARNHEM_NEW
        } else {
            regiocode
        };
        self.gemeenten
            .iter()
            .filter(|g| g.regiocode == code)
            .count()
    }

    /// Describe an organisation: its title line and any warning about its code.
    pub fn describe(&self, org: &Organisation) -> Description {
        let file_code = org.file_code();
        let mut problems = Vec::new();
        let (title, name) = match org.kind {
            OrgKind::Gemeente => match self.gemeente(&org.code) {
                Some(g) => (
                    format!(
                        "{file_code} — {} (RMC-regio {}, {})",
                        g.naam, g.regiocode, g.regionaam
                    ),
                    Some(g.naam.clone()),
                ),
                None => {
                    problems.push(unknown_code_warning(org));
                    (format!("{file_code} — onbekende gemeentecode"), None)
                }
            },
            OrgKind::RmcRegio => match self.regio(&org.code) {
                Some(r) => {
                    if org.code == ARNHEM_OLD || org.code == ARNHEM_NEW {
                        problems.push(Problem::notice(ARNHEM_NOTE));
                    }
                    (
                        format!(
                            "{file_code} — {} (RMC-regio {}, {})",
                            r.naam,
                            org.code,
                            count(self.gemeenten_in(&org.code), "gemeente", "gemeenten")
                        ),
                        Some(r.naam.clone()),
                    )
                }
                None => {
                    problems.push(unknown_code_warning(org));
                    (format!("{file_code} — onbekende regiocode"), None)
                }
            },
        };
        Description {
            title,
            name,
            problems,
        }
    }

    /// Find organisations of one kind by code or by name, best first, at most `limit`.
    ///
    /// Digits (optionally with the kind's letter) match codes: the exact code first, then codes that
    /// start with what was typed. Anything else matches names, case- and accent-insensitive: names
    /// that start with the text first, then names that contain it.
    pub fn search(&self, kind: OrgKind, query: &str, limit: usize) -> Vec<Organisation> {
        let q = query.trim();
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let entries: Vec<(&str, &str)> = match kind {
            OrgKind::Gemeente => self
                .gemeenten
                .iter()
                .map(|g| (g.code.as_str(), g.naam.as_str()))
                .collect(),
            OrgKind::RmcRegio => {
                let mut v: Vec<(&str, &str)> = self
                    .regios
                    .iter()
                    .map(|r| (r.code.as_str(), r.naam.as_str()))
                    .collect();
                if let Some(arnhem) = self.regio(ARNHEM_NEW) {
                    v.push((ARNHEM_OLD, arnhem.naam.as_str()));
                }
                v
            }
        };
        let mut ranked: Vec<(u8, &str, &str)> = if looks_like_code(kind, q) {
            let digits = q
                .trim_start_matches([kind.letter(), kind.letter().to_ascii_lowercase()])
                .trim();
            let exact = parse_code(kind, digits).ok();
            let typed = digits.trim_start_matches('0');
            entries
                .iter()
                .filter_map(|&(code, naam)| {
                    if exact.as_deref() == Some(code) {
                        Some((0, code, naam))
                    } else if !typed.is_empty() && code.trim_start_matches('0').starts_with(typed) {
                        Some((1, code, naam))
                    } else {
                        None
                    }
                })
                .collect()
        } else {
            let fq = fold(q);
            if fq.is_empty() {
                return Vec::new();
            }
            let rank = |name: &str| {
                let f = fold(name);
                if f == fq {
                    Some(0)
                } else if f.starts_with(&fq) {
                    Some(1)
                } else if f.contains(&fq) {
                    Some(2)
                } else {
                    None
                }
            };
            let aliases: &[(&str, &str)] = match kind {
                OrgKind::Gemeente => GEMEENTE_ALIASES,
                OrgKind::RmcRegio => &[],
            };
            entries
                .iter()
                .filter_map(|&(code, naam)| {
                    let by_alias = aliases
                        .iter()
                        .filter(|(_, c)| *c == code)
                        .filter_map(|(alias, _)| rank(alias));
                    let best = rank(naam).into_iter().chain(by_alias).min()?;
                    Some((best, code, naam))
                })
                .collect()
        };
        ranked.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(b.2)).then(a.1.cmp(b.1)));
        ranked
            .into_iter()
            .take(limit)
            .map(|(_, code, _)| Organisation {
                kind,
                code: code.to_string(),
            })
            .collect()
    }
}

fn unknown_code_warning(org: &Organisation) -> Problem {
    let what = match org.kind {
        OrgKind::Gemeente => "gemeentecode",
        OrgKind::RmcRegio => "regiocode",
    };
    let list = match org.kind {
        OrgKind::Gemeente => GEMEENTEN_DATE,
        OrgKind::RmcRegio => REGIOS_DATE,
    };
    Problem::warning(format!(
        "De {what} {} staat niet in de lijst van Koppelhulp: {list}. Controleer de code. \
         U kunt hem wel opslaan: de lijst kan verouderd zijn.",
        org.code
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    fn g(code: &str) -> Organisation {
        Organisation {
            kind: OrgKind::Gemeente,
            code: code.into(),
        }
    }
    fn r(code: &str) -> Organisation {
        Organisation {
            kind: OrgKind::RmcRegio,
            code: code.into(),
        }
    }

    #[test]
    fn embedded_lists_are_complete() {
        let reg = Register::embedded();
        assert_eq!(reg.gemeenten.len(), 342);
        assert_eq!(reg.regios.len(), 40);
        assert!(
            reg.gemeenten
                .iter()
                .all(|g| g.code.len() == 4 && g.regiocode.len() == 2)
        );
        assert!(
            reg.gemeenten
                .iter()
                .all(|g| reg.regio(&g.regiocode).is_some())
        );
        assert_eq!(
            reg.gemeente("0820").unwrap().naam,
            "Nuenen, Gerwen en Nederwetten"
        );
    }

    #[test]
    fn parse_code_cases() {
        let cases: [(OrgKind, &str, Result<&str, &str>); 12] = [
            (OrgKind::Gemeente, "363", Ok("0363")),
            (OrgKind::Gemeente, " 0363 ", Ok("0363")),
            (OrgKind::Gemeente, "G0363", Ok("0363")),
            (OrgKind::Gemeente, "g 14", Ok("0014")),
            (OrgKind::Gemeente, "12345", Err("4 cijfers")),
            (OrgKind::Gemeente, "03a3", Err("alleen uit cijfers")),
            (OrgKind::Gemeente, "", Err("Vul een code in")),
            (OrgKind::Gemeente, "0000", Err("bestaat niet")),
            (OrgKind::RmcRegio, "21", Ok("21")),
            (OrgKind::RmcRegio, "R0021", Ok("21")),
            (OrgKind::RmcRegio, "1", Ok("01")),
            (OrgKind::RmcRegio, "121", Err("2 cijfers")),
        ];
        for (kind, input, expected) in cases {
            match (parse_code(kind, input), expected) {
                (Ok(code), Ok(want)) => assert_eq!(code, want, "{input}"),
                (Err(p), Err(want)) => {
                    assert_eq!(p.severity, Severity::Error);
                    assert!(p.message.contains(want), "{input}: {}", p.message)
                }
                (got, want) => panic!("{input}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn looks_like_code_cases() {
        let cases = [
            ("0363", true),
            ("G0363", true),
            ("g 363", true),
            ("", false),
            ("G", false),
            ("Amsterdam", false),
            ("03a", false),
            ("Gemeente", false),
        ];
        for (input, expected) in cases {
            assert_eq!(
                looks_like_code(OrgKind::Gemeente, input),
                expected,
                "{input}"
            );
        }
        assert!(!looks_like_code(OrgKind::RmcRegio, "G21"));
    }

    #[test]
    fn file_codes() {
        assert_eq!(g("0363").file_code(), "G0363");
        assert_eq!(r("21").file_code(), "R0021");
        assert_eq!(r("01").file_code(), "R0001");
    }

    #[test]
    fn describe_cases() {
        let reg = Register::embedded();
        let d = reg.describe(&g("0363"));
        assert_eq!(
            d.title,
            "G0363 — Amsterdam (RMC-regio 21, Agglomeratie Amsterdam)"
        );
        assert!(d.problems.is_empty());
        let d = reg.describe(&r("21"));
        assert_eq!(
            d.title,
            "R0021 — Agglomeratie Amsterdam (RMC-regio 21, 14 gemeenten)"
        );
        let d = reg.describe(&g("9999"));
        assert_eq!(d.name, None);
        assert_eq!(d.problems[0].severity, Severity::Warning);
        assert!(d.problems[0].message.contains("1 januari 2026"));
        for code in ["14", "41"] {
            let d = reg.describe(&r(code));
            assert_eq!(d.name.as_deref(), Some("Arnhem"), "{code}");
            assert!(d.title.starts_with(&format!("R00{code} — Arnhem")));
            assert_eq!(d.problems[0].severity, Severity::Notice);
        }
    }

    #[test]
    fn search_cases() {
        let reg = Register::embedded();
        let codes = |kind, q| -> Vec<String> {
            reg.search(kind, q, 5).into_iter().map(|o| o.code).collect()
        };
        assert_eq!(codes(OrgKind::Gemeente, "363")[0], "0363");
        assert_eq!(codes(OrgKind::Gemeente, "G0363")[0], "0363");
        assert_eq!(codes(OrgKind::Gemeente, "amsterdam"), ["0363"]);
        assert_eq!(codes(OrgKind::Gemeente, "Amster")[0], "0363");
        assert_eq!(codes(OrgKind::Gemeente, "sudwest")[0], "1900");
        assert_eq!(codes(OrgKind::Gemeente, "gravenhage"), ["0518"]);
        assert_eq!(codes(OrgKind::Gemeente, "Nuenen"), ["0820"]);
        assert_eq!(codes(OrgKind::RmcRegio, "21")[0], "21");
        assert_eq!(codes(OrgKind::RmcRegio, "arnhem"), ["14", "41"]);
        assert_eq!(codes(OrgKind::RmcRegio, "14"), ["14"]);
        assert!(codes(OrgKind::Gemeente, "").is_empty());
        assert!(codes(OrgKind::Gemeente, "zzzz").is_empty());
        assert!(codes(OrgKind::Gemeente, "---").is_empty());
        assert_eq!(reg.search(OrgKind::Gemeente, "a", 8).len(), 8);
    }

    /// Names people use that are not the CBS name: typed → the first gemeente found.
    #[test]
    fn alias_cases() {
        let reg = Register::embedded();
        let cases = [
            ("Den Haag", "0518"),
            ("den haag", "0518"),
            ("Den Bosch", "0796"),
            ("den  bosch", "0796"),
            ("Alphen a/d Rijn", "0484"),
            ("Alphen aan den Rijn", "0484"),
            ("Capelle a/d IJssel", "0502"),
            ("Tietjerksteradeel", "0737"),
            ("Zuidwest-Friesland", "1900"),
            ("Geleen", "1883"),
            ("Haag", "0518"),
            ("'s-Gravenhage", "0518"),
        ];
        for (typed, code) in cases {
            let found = reg.search(OrgKind::Gemeente, typed, 5);
            assert_eq!(
                found.first().map(|o| o.code.as_str()),
                Some(code),
                "{typed}"
            );
        }
        // Every alias points at a gemeente in the list.
        for (alias, code) in GEMEENTE_ALIASES {
            assert!(reg.gemeente(code).is_some(), "{alias} → {code}");
        }
        // An alias is not a regio name.
        assert!(reg.search(OrgKind::RmcRegio, "Den Haag", 5).is_empty());
    }

    #[test]
    fn arnhem_note_says_what_sources_say() {
        let reg = Register::embedded();
        for code in ["14", "41"] {
            let d = reg.describe(&Organisation {
                kind: OrgKind::RmcRegio,
                code: code.into(),
            });
            let note = &d.problems[0].message;
            assert!(note.contains("CBS geeft Arnhem regiocode 41"), "{note}");
            assert!(note.contains("OCW uit 2020"), "{note}");
            assert!(note.contains("niet bekend"), "{note}");
            assert!(!note.contains("oude"), "{note}");
        }
    }
}
