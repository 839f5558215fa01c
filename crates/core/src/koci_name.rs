//! The name DUO requires for a koppelbestand: `YYYYMMDD` + `G` or `R` + a code of 4 digits +
//! `.koci.xlsx` (or `.koci.xls`). Example: Amsterdam (gemeentecode 363) on 1 March 2026:
//! `20260301G0363.koci.xlsx`.
//!
//! [`KociFileName::parse`] checks a name the user already has, and names each rule it breaks. It
//! recognises what browsers and Windows add to a downloaded or copied file (` (1)`, ` - Kopie`).

use std::fmt;

use time::Date;

use super::koppelregel::{calendar_date, format_date};
use super::organisation::{OrgKind, Organisation, parse_code};
use super::problem::Problem;

/// The two extensions DUO accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum KociExtension {
    Xls,
    #[default]
    Xlsx,
}

impl KociExtension {
    /// `.koci.xls` or `.koci.xlsx`.
    pub fn as_str(self) -> &'static str {
        match self {
            KociExtension::Xls => ".koci.xls",
            KociExtension::Xlsx => ".koci.xlsx",
        }
    }
}

/// A valid koppelbestand name. Build one with [`KociFileName::new`]; `to_string()` gives the name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KociFileName {
    date: Date,
    kind: OrgKind,
    /// Always 4 ASCII digits.
    code: String,
    extension: KociExtension,
}

impl KociFileName {
    /// The name for a file made on `date` (the caller's local date) by an organisation of `kind`
    /// with `code` as the user typed or saved it (`363`, `0363`, `21`, `R0021`). Extension
    /// `.koci.xlsx`.
    pub fn new(date: Date, kind: OrgKind, code: &str) -> Result<KociFileName, Problem> {
        if !(1000..=9999).contains(&date.year()) {
            return Err(Problem::error(
                "Het jaar in de bestandsnaam moet 4 cijfers hebben.",
            ));
        }
        let code = parse_code(kind, code)?;
        Ok(KociFileName {
            date,
            kind,
            code: format!("{code:0>4}"),
            extension: KociExtension::Xlsx,
        })
    }

    /// The name for a file made on `date` by `org`.
    pub fn for_organisation(date: Date, org: &Organisation) -> Result<KociFileName, Problem> {
        KociFileName::new(date, org.kind, &org.code)
    }

    /// The same name with another extension.
    pub fn with_extension(self, extension: KociExtension) -> KociFileName {
        KociFileName { extension, ..self }
    }

    pub fn date(&self) -> Date {
        self.date
    }

    pub fn kind(&self) -> OrgKind {
        self.kind
    }

    /// The 4-digit code, without the letter: `0363`, `0021`.
    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn extension(&self) -> KociExtension {
        self.extension
    }

    /// The letter and the code: `G0363`, as [`Organisation::file_code`] gives it.
    pub fn file_code(&self) -> String {
        format!("{}{}", self.kind.letter(), self.code)
    }

    /// Check an existing file name. Returns the name the file should have (when its date, letter,
    /// code and extension could be read) and every problem with the given one: errors for what DUO
    /// refuses, warnings for what it may refuse (capitals in the extension or the letter).
    /// `Some` with errors means: rename the file to `to_string()` of the result.
    pub fn parse(name: &str) -> (Option<KociFileName>, Vec<Problem>) {
        let mut problems = Vec::new();
        // A file input's value can carry a folder (`C:\fakepath\…`): only the name counts.
        let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let trimmed = name.trim();
        if trimmed.is_empty() {
            return (None, vec![Problem::error("Vul een bestandsnaam in.")]);
        }
        if trimmed.len() != name.len() {
            problems.push(Problem::error(
                "Er staan spaties voor of achter de naam. Haal ze weg.",
            ));
        }
        let mut rest = trimmed.to_string();
        remove_windows_copy(&mut rest, &mut problems);
        remove_browser_counter(&mut rest, &mut problems);
        let (stem, extension) = split_extension(&rest, &mut problems);
        let stem = without_spaces(stem, &mut problems);
        let (date_part, letter, code_part) = split_stem(&stem);
        let date = read_date(date_part, &mut problems);
        let kind = read_letter(letter, code_part, &mut problems);
        // After an unknown letter the code cannot be told apart from the rest: not checked.
        let code = match (letter, kind) {
            (Some(_), None) => None,
            (None, _) if code_part.is_empty() => None,
            _ => read_code(code_part, kind, &mut problems),
        };
        let parsed = match (date, kind, code, extension) {
            (Some(date), Some(kind), Some(code), Some(extension)) => Some(KociFileName {
                date,
                kind,
                code,
                extension,
            }),
            _ => None,
        };
        (parsed, problems)
    }
}

/// Check the name the officer typed against the koppelbestand that was made (`made`, the file
/// the steps on Versturen are about): first DUO's rules ([`KociFileName::parse`]), then whether
/// it is that file — its date, its organisation code, its extension. Empty: the name is right.
pub fn check_against_made(typed: &str, made: &KociFileName) -> Vec<Problem> {
    let (parsed, mut problems) = KociFileName::parse(typed);
    let Some(typed) = parsed else {
        return problems;
    };
    if typed.date != made.date {
        problems.push(Problem::error(format!(
            "De datum in deze naam is {}, maar het bestand dat u hebt gemaakt heeft de datum {}. \
             Is dit een ouder bestand? Zet dan het bestand {made} op Mijn DUO.",
            format_date(typed.date),
            format_date(made.date)
        )));
    }
    if typed.kind != made.kind || typed.code != made.code {
        problems.push(Problem::error(format!(
            "De organisatiecode in deze naam is {}, maar het bestand dat u hebt gemaakt heeft \
             {}. Dit is het bestand van een andere organisatie.",
            typed.file_code(),
            made.file_code()
        )));
    }
    if typed.extension != made.extension {
        problems.push(Problem::error(format!(
            "Deze naam eindigt op {}, maar het bestand dat u hebt gemaakt eindigt op {}. Verander \
             het einde van de naam niet: het bestand heet {made}.",
            typed.extension.as_str(),
            made.extension.as_str()
        )));
    }
    problems
}

impl fmt::Display for KociFileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}{:02}{:02}{}{}{}",
            self.date.year(),
            u8::from(self.date.month()),
            self.date.day(),
            self.kind.letter(),
            self.code,
            self.extension.as_str()
        )
    }
}

/// Remove what Windows adds to a copy (`… - Kopie`, `… - Copy`) and report it.
fn remove_windows_copy(name: &mut String, problems: &mut Vec<Problem>) {
    let lower = name.to_ascii_lowercase();
    for marker in [" - kopie", " - copy"] {
        if let Some(start) = lower.find(marker) {
            let end = start + marker.len();
            let found = name.get(start..end).unwrap_or(marker).to_string();
            name.replace_range(start..end, "");
            problems.push(Problem::error(format!(
                "Windows heeft '{found}' aan de naam toegevoegd; DUO accepteert dat niet. \
                 Haal het weg voor u het bestand op Mijn DUO zet."
            )));
            return;
        }
    }
}

/// How the problem about a browser's download counter begins (see [`KociFileName::parse`]).
pub const BROWSER_COUNTER: &str = "Uw browser heeft";

/// Remove a browser's download counter (` (1)`, `(2)`) and report it.
fn remove_browser_counter(name: &mut String, problems: &mut Vec<Problem>) {
    let bytes = name.as_bytes();
    let found = bytes.iter().enumerate().find_map(|(open, &b)| {
        if b != b'(' {
            return None;
        }
        let digits = (bytes.get(open + 1..).unwrap_or_default())
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let close = open + 1 + digits;
        if digits == 0 || digits > 3 || bytes.get(close) != Some(&b')') {
            return None;
        }
        let start = if open > 0 && bytes.get(open - 1) == Some(&b' ') {
            open - 1
        } else {
            open
        };
        Some((start, close + 1))
    });
    if let Some((start, end)) = found {
        let counter = name.get(start..end).unwrap_or_default().to_string();
        name.replace_range(start..end, "");
        problems.push(Problem::error(format!(
            "{BROWSER_COUNTER} '{counter}' aan de naam toegevoegd; DUO accepteert dat niet. \
             Haal het weg voor u het bestand op Mijn DUO zet."
        )));
    }
}

/// Split off `.koci.xlsx` / `.koci.xls` (any case, capitals reported). Without it, the stem is the
/// part before the first dot and the ending is reported.
fn split_extension<'a>(
    name: &'a str,
    problems: &mut Vec<Problem>,
) -> (&'a str, Option<KociExtension>) {
    let lower = name.to_ascii_lowercase();
    for extension in [KociExtension::Xlsx, KociExtension::Xls] {
        let suffix = extension.as_str();
        if !lower.ends_with(suffix) {
            continue;
        }
        let cut = name.len() - suffix.len();
        let (stem, actual) = (name.get(..cut).unwrap_or(""), name.get(cut..).unwrap_or(""));
        if actual != suffix {
            problems.push(Problem::warning(format!(
                "Schrijf de extensie in kleine letters: {suffix} (nu: {actual}). DUO verwacht \
                 mogelijk kleine letters."
            )));
        }
        return (stem, Some(extension));
    }
    match name.find('.') {
        Some(dot) => {
            let ending = name.get(dot..).unwrap_or("");
            problems.push(Problem::error(format!(
                "De naam moet eindigen op .koci.xlsx of .koci.xls; deze naam eindigt op \
                 '{ending}'."
            )));
            (name.get(..dot).unwrap_or(""), None)
        }
        None => {
            problems.push(Problem::error(
                "De naam moet eindigen op .koci.xlsx of .koci.xls; deze naam heeft geen extensie.",
            ));
            (name, None)
        }
    }
}

/// The stem without white space; a space in the stem is reported.
fn without_spaces(stem: &str, problems: &mut Vec<Problem>) -> String {
    if stem.chars().any(char::is_whitespace) {
        problems.push(Problem::error(
            "Er staat een spatie in de naam; DUO accepteert geen spaties.",
        ));
    }
    stem.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The stem's three parts: the date before the first letter, the letter, the code after it.
/// Without a letter, a stem of more than 8 characters is taken as date and code.
fn split_stem(stem: &str) -> (&str, Option<char>, &str) {
    if let Some((pos, letter)) = stem.char_indices().find(|(_, c)| c.is_alphabetic()) {
        let after = stem.get(pos + letter.len_utf8()..).unwrap_or("");
        return (stem.get(..pos).unwrap_or(""), Some(letter), after);
    }
    match (stem.get(..8), stem.get(8..)) {
        (Some(date), Some(code)) => (date, None, code),
        _ => (stem, None, ""),
    }
}

/// The date: exactly 8 digits, `jjjjmmdd`, a real calendar date.
fn read_date(part: &str, problems: &mut Vec<Problem>) -> Option<Date> {
    let all_digits = part.bytes().all(|b| b.is_ascii_digit());
    let number = |range: std::ops::Range<usize>| -> Option<i32> { part.get(range)?.parse().ok() };
    let message = if part.len() == 8 && all_digits {
        let (Some(y), Some(m), Some(d)) = (number(0..4), number(4..6), number(6..8)) else {
            return None;
        };
        match calendar_date(y, m as u8, d as u8) {
            Ok(date) => return Some(date),
            Err(reason) => format!("De datum in de naam ({part}) bestaat niet: {reason}."),
        }
    } else {
        let found = if part.is_empty() {
            String::new()
        } else if all_digits {
            format!("; hier staan er {}", part.len())
        } else {
            format!("; hier staat '{part}'")
        };
        format!(
            "De naam begint met de datum in 8 cijfers (jjjjmmdd), bijvoorbeeld 20260301{found}."
        )
    };
    problems.push(Problem::error(message));
    None
}

/// The letter after the date: `G` or `R` (lower case is reported and accepted).
fn read_letter(letter: Option<char>, code: &str, problems: &mut Vec<Problem>) -> Option<OrgKind> {
    let Some(letter) = letter else {
        problems.push(Problem::error(if code.is_empty() {
            "Na de datum ontbreken de letter G (gemeente) of R (RMC-regio) en de code."
        } else {
            "Na de datum ontbreekt de letter G (gemeente) of R (RMC-regio)."
        }));
        return None;
    };
    let kind = match letter.to_ascii_uppercase() {
        'G' => OrgKind::Gemeente,
        'R' => OrgKind::RmcRegio,
        _ => {
            problems.push(Problem::error(format!(
                "Na de datum komt de letter G (gemeente) of R (RMC-regio); hier staat '{letter}'."
            )));
            return None;
        }
    };
    if letter.is_ascii_lowercase() {
        problems.push(Problem::warning(format!(
            "Schrijf de letter als hoofdletter: {}. DUO verwacht mogelijk een hoofdletter.",
            kind.letter()
        )));
    }
    Some(kind)
}

/// The code after the letter: exactly 4 digits, not 0000; for a regio at most 2 significant.
fn read_code(code: &str, kind: Option<OrgKind>, problems: &mut Vec<Problem>) -> Option<String> {
    let message = if code.is_empty() {
        "Na de letter ontbreekt de code: 4 cijfers, bijvoorbeeld 0363.".to_string()
    } else if !code.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "De code na de letter bestaat alleen uit cijfers, bijvoorbeeld 0363; hier staat \
             '{code}'."
        )
    } else if code.len() != 4 {
        format!(
            "De code na de letter heeft 4 cijfers, aangevuld met nullen vooraan (bijvoorbeeld \
             0363); hier staat '{code}'."
        )
    } else if code == "0000" {
        "De code 0000 bestaat niet.".to_string()
    } else if kind == Some(OrgKind::RmcRegio) && !code.starts_with("00") {
        "Een RMC-regiocode heeft 2 cijfers, dus na de R komt 00 (bijvoorbeeld R0021).".to_string()
    } else {
        return Some(code.to_string());
    };
    problems.push(Problem::error(message));
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;
    use time::Month;

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
    }

    #[test]
    fn build_cases() {
        let cases: &[(Date, OrgKind, &str, Result<&str, &str>)] = &[
            (
                date(2026, 3, 1),
                OrgKind::Gemeente,
                "0363",
                Ok("20260301G0363.koci.xlsx"),
            ),
            (
                date(2026, 3, 1),
                OrgKind::Gemeente,
                "363",
                Ok("20260301G0363.koci.xlsx"),
            ),
            (
                date(2026, 3, 1),
                OrgKind::RmcRegio,
                "21",
                Ok("20260301R0021.koci.xlsx"),
            ),
            (
                date(2026, 3, 1),
                OrgKind::RmcRegio,
                "R0021",
                Ok("20260301R0021.koci.xlsx"),
            ),
            (
                date(2018, 9, 25),
                OrgKind::Gemeente,
                "1234",
                Ok("20180925G1234.koci.xlsx"),
            ),
            (
                date(2024, 12, 31),
                OrgKind::Gemeente,
                "14",
                Ok("20241231G0014.koci.xlsx"),
            ),
            (
                date(2026, 3, 1),
                OrgKind::Gemeente,
                "",
                Err("Vul een code in"),
            ),
            (date(2026, 3, 1), OrgKind::RmcRegio, "121", Err("2 cijfers")),
            (
                date(2026, 3, 1),
                OrgKind::Gemeente,
                "03a3",
                Err("alleen uit cijfers"),
            ),
            (date(999, 3, 1), OrgKind::Gemeente, "0363", Err("4 cijfers")),
        ];
        for (date, kind, code, expected) in cases {
            let got = KociFileName::new(*date, *kind, code).map(|n| n.to_string());
            match (&got, expected) {
                (Ok(name), Ok(want)) => assert_eq!(name, want),
                (Err(p), Err(want)) => assert!(p.message.contains(want), "{code}: {}", p.message),
                _ => panic!("{code}: got {got:?}, want {expected:?}"),
            }
        }
        let org = Organisation {
            kind: OrgKind::Gemeente,
            code: "0363".into(),
        };
        let name = KociFileName::for_organisation(date(2026, 3, 1), &org).unwrap();
        assert_eq!(name.file_code(), org.file_code());
        assert_eq!(
            name.with_extension(KociExtension::Xls).to_string(),
            "20260301G0363.koci.xls"
        );
    }

    #[test]
    fn round_trip() {
        let dates = [
            date(2026, 3, 1),
            date(2024, 2, 29),
            date(1999, 12, 31),
            date(2100, 1, 1),
        ];
        let orgs = [
            (OrgKind::Gemeente, "0363"),
            (OrgKind::Gemeente, "14"),
            (OrgKind::Gemeente, "1900"),
            (OrgKind::RmcRegio, "21"),
            (OrgKind::RmcRegio, "1"),
        ];
        for d in dates {
            for (kind, code) in orgs {
                for ext in [KociExtension::Xlsx, KociExtension::Xls] {
                    let built = KociFileName::new(d, kind, code)
                        .unwrap()
                        .with_extension(ext);
                    let (parsed, problems) = KociFileName::parse(&built.to_string());
                    assert_eq!(parsed.as_ref(), Some(&built), "{built}");
                    assert!(problems.is_empty(), "{built}: {problems:?}");
                }
            }
        }
    }

    /// name → the name it should have (or None), and a fragment of each expected problem.
    #[test]
    fn parse_cases() {
        let cases: &[(&str, Option<&str>, &[&str])] = &[
            (
                "20260301G0363.koci.xlsx",
                Some("20260301G0363.koci.xlsx"),
                &[],
            ),
            (
                "20260301G0363.koci.xls",
                Some("20260301G0363.koci.xls"),
                &[],
            ),
            (
                "C:\\fakepath\\20260301G0363.koci.xlsx",
                Some("20260301G0363.koci.xlsx"),
                &[],
            ),
            (
                "map/20260301G0363.koci.xlsx",
                Some("20260301G0363.koci.xlsx"),
                &[],
            ),
            (
                "20260301R0021.koci.xlsx",
                Some("20260301R0021.koci.xlsx"),
                &[],
            ),
            (
                "20180925G1234.koci.xlsx",
                Some("20180925G1234.koci.xlsx"),
                &[],
            ),
            (
                "20240229G0014.koci.xlsx",
                Some("20240229G0014.koci.xlsx"),
                &[],
            ),
            (
                "20260301G0363 (1).koci.xlsx",
                Some("20260301G0363.koci.xlsx"),
                &[
                    "Uw browser heeft ' (1)' aan de naam toegevoegd; DUO accepteert dat niet. \
                   Haal het weg voor u het bestand op Mijn DUO zet.",
                ],
            ),
            (
                "20260301G0363.koci (2).xlsx",
                Some("20260301G0363.koci.xlsx"),
                &["Uw browser heeft ' (2)'"],
            ),
            (
                "20260301G0363(3).koci.xlsx",
                Some("20260301G0363.koci.xlsx"),
                &["'(3)'"],
            ),
            (
                "20260301G0363.koci.xlsx (12)",
                Some("20260301G0363.koci.xlsx"),
                &["' (12)'"],
            ),
            (
                "20260301G0363 - Kopie.koci.xlsx",
                Some("20260301G0363.koci.xlsx"),
                &["Windows heeft ' - Kopie'"],
            ),
            (
                "20260301G0363 - Copy (2).koci.xlsx",
                Some("20260301G0363.koci.xlsx"),
                &["' - Copy'", "' (2)'"],
            ),
            (
                "20260301G0363.KOCI.XLSX",
                Some("20260301G0363.koci.xlsx"),
                &["kleine letters: .koci.xlsx (nu: .KOCI.XLSX)"],
            ),
            (
                "20260301G0363.Koci.Xls",
                Some("20260301G0363.koci.xls"),
                &["kleine letters"],
            ),
            (
                "20260301g0363.koci.xlsx",
                Some("20260301G0363.koci.xlsx"),
                &["hoofdletter: G"],
            ),
            (
                " 20260301G0363.koci.xlsx ",
                Some("20260301G0363.koci.xlsx"),
                &["spaties voor of achter"],
            ),
            (
                "20260301 G0363.koci.xlsx",
                Some("20260301G0363.koci.xlsx"),
                &["een spatie in de naam"],
            ),
            ("", None, &["Vul een bestandsnaam in."]),
            ("   ", None, &["Vul een bestandsnaam in."]),
            (
                "20260301G0363.xlsx",
                None,
                &["eindigen op .koci.xlsx of .koci.xls; deze naam eindigt op '.xlsx'"],
            ),
            ("20260301G0363.koci.csv", None, &["eindigt op '.koci.csv'"]),
            (
                "20260301G0363.koci.xlsx.xlsx",
                None,
                &["eindigt op '.koci.xlsx.xlsx'"],
            ),
            ("20260301G0363", None, &["geen extensie"]),
            (
                "2026031G0363.koci.xlsx",
                None,
                &["8 cijfers (jjjjmmdd), bijvoorbeeld 20260301; hier staan er 7."],
            ),
            (
                "G0363.koci.xlsx",
                None,
                &["De naam begint met de datum in 8 cijfers (jjjjmmdd), bijvoorbeeld 20260301."],
            ),
            (
                "01-03-2026G0363.koci.xlsx",
                None,
                &["hier staat '01-03-2026'"],
            ),
            (
                "20261301G0363.koci.xlsx",
                None,
                &["De datum in de naam (20261301) bestaat niet: er is geen maand 13."],
            ),
            (
                "20260230G0363.koci.xlsx",
                None,
                &["(20260230) bestaat niet: februari 2026 heeft 28 dagen."],
            ),
            (
                "20250229G0363.koci.xlsx",
                None,
                &["februari 2025 heeft 28 dagen"],
            ),
            (
                "20260431G0363.koci.xlsx",
                None,
                &["april 2026 heeft 30 dagen"],
            ),
            ("20260300G0363.koci.xlsx", None, &["er is geen dag 0"]),
            (
                "20260301X0363.koci.xlsx",
                None,
                &["Na de datum komt de letter G (gemeente) of R (RMC-regio); hier staat 'X'."],
            ),
            (
                "202603010363.koci.xlsx",
                None,
                &["Na de datum ontbreekt de letter G"],
            ),
            (
                "20260301.koci.xlsx",
                None,
                &["ontbreken de letter G (gemeente) of R (RMC-regio) en de code"],
            ),
            (
                "20260301G.koci.xlsx",
                None,
                &["Na de letter ontbreekt de code"],
            ),
            (
                "20260301G363.koci.xlsx",
                None,
                &[
                    "heeft 4 cijfers, aangevuld met nullen vooraan (bijvoorbeeld 0363); hier staat '363'.",
                ],
            ),
            ("20260301G00363.koci.xlsx", None, &["hier staat '00363'"]),
            (
                "20260301G03a3.koci.xlsx",
                None,
                &["bestaat alleen uit cijfers, bijvoorbeeld 0363; hier staat '03a3'."],
            ),
            (
                "20260301G0000.koci.xlsx",
                None,
                &["De code 0000 bestaat niet."],
            ),
            (
                "20260301R1234.koci.xlsx",
                None,
                &["Een RMC-regiocode heeft 2 cijfers"],
            ),
            ("20261301X363.xlsx", None, &["maand 13", "'X'", "'.xlsx'"]),
            (
                "koppelbestand.xlsx",
                None,
                &[
                    "8 cijfers (jjjjmmdd), bijvoorbeeld 20260301.",
                    "'k'",
                    "'.xlsx'",
                ],
            ),
            (".koci.xlsx", None, &["8 cijfers", "ontbreken de letter"]),
            ("20260301Ġ0363.koci.xlsx", None, &["hier staat 'Ġ'"]),
        ];
        for (input, expected, fragments) in cases {
            let (parsed, problems) = KociFileName::parse(input);
            assert_eq!(
                parsed.map(|n| n.to_string()).as_deref(),
                *expected,
                "{input:?}"
            );
            assert_eq!(problems.len(), fragments.len(), "{input:?}: {problems:?}");
            for fragment in *fragments {
                assert!(
                    problems.iter().any(|p| p.message.contains(fragment)),
                    "{input:?}: no {fragment:?} in {problems:?}"
                );
            }
        }
    }

    #[test]
    fn severities() {
        let severities = |name| -> Vec<Severity> {
            KociFileName::parse(name)
                .1
                .iter()
                .map(|p| p.severity)
                .collect()
        };
        assert_eq!(severities("20260301G0363.KOCI.XLSX"), [Severity::Warning]);
        assert_eq!(severities("20260301g0363.koci.xlsx"), [Severity::Warning]);
        assert_eq!(severities("20260301G0363 (1).koci.xlsx"), [Severity::Error]);
        assert_eq!(severities("20260301G0363.xlsx"), [Severity::Error]);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig {
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            #[test]
            fn never_panics(s in "\\PC*") {
                let _ = KociFileName::parse(&s);
            }

            #[test]
            fn never_panics_on_name_like_text(s in "[0-9GRgr .()kocixlsKOCIXLS\u{A0}é-]{0,30}") {
                let (parsed, _) = KociFileName::parse(&s);
                if let Some(name) = parsed {
                    let (again, problems) = KociFileName::parse(&name.to_string());
                    prop_assert_eq!(again, Some(name));
                    prop_assert!(problems.is_empty());
                }
            }

            #[test]
            fn round_trips(days in 0i32..60_000, code in 1u16..10_000, regio in any::<bool>()) {
                let start = date(1950, 1, 1);
                let d = start.checked_add(time::Duration::days(days.into())).unwrap();
                let (kind, code) = if regio {
                    (OrgKind::RmcRegio, (code % 99 + 1).to_string())
                } else {
                    (OrgKind::Gemeente, code.to_string())
                };
                let built = KociFileName::new(d, kind, &code).unwrap();
                prop_assert_eq!(KociFileName::parse(&built.to_string()), (Some(built), vec![]));
            }
        }
    }

    /// Versturen compares the typed name with the file made, not only with DUO's pattern.
    #[test]
    fn typed_name_against_the_file_made() {
        let made = KociFileName::new(date(2026, 12, 7), OrgKind::RmcRegio, "0019").unwrap();
        let cases: &[(&str, &[&str])] = &[
            ("20261207R0019.koci.xlsx", &[]),
            (
                "20261206R0019.koci.xlsx",
                &[
                    "De datum in deze naam is 06-12-2026, maar het bestand dat u hebt gemaakt heeft \
                   de datum 07-12-2026. Is dit een ouder bestand? Zet dan het bestand \
                   20261207R0019.koci.xlsx op Mijn DUO.",
                ],
            ),
            (
                "20261207G0344.koci.xlsx",
                &[
                    "De organisatiecode in deze naam is G0344, maar het bestand dat u hebt gemaakt \
                   heeft R0019. Dit is het bestand van een andere organisatie.",
                ],
            ),
            (
                "20261207R0019.koci.xls",
                &[
                    "Deze naam eindigt op .koci.xls, maar het bestand dat u hebt gemaakt eindigt op \
                   .koci.xlsx. Verander het einde van de naam niet: het bestand heet \
                   20261207R0019.koci.xlsx.",
                ],
            ),
        ];
        for (typed, expected) in cases {
            let got: Vec<String> = check_against_made(typed, &made)
                .into_iter()
                .map(|p| p.message)
                .collect();
            assert_eq!(got, *expected, "{typed}");
        }
        // DUO's rules come first, and still count: a browser's counter, and a name that is no
        // koppelbestand name at all, are not compared further.
        let counted = check_against_made("20261207R0019 (1).koci.xlsx", &made);
        assert_eq!(counted.len(), 1);
        assert!(counted[0].message.starts_with(BROWSER_COUNTER));
        let wrong = check_against_made("koppelbestand.xlsx", &made);
        assert!(!wrong.is_empty());
        assert!(
            wrong
                .iter()
                .all(|p| !p.message.contains("bestand dat u hebt gemaakt"))
        );
        // Several differences: each is named.
        assert_eq!(check_against_made("20261206G0344.koci.xls", &made).len(), 3);
    }
}
