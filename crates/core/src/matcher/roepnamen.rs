//! Roepnamen: the short names a school registers for the official given names the BRP holds
//! (Bas for Sebastiaan, Kees for Cornelis, Mina for Wilhelmina), from `data/roepnamen.csv`
//! (header `roepnaam,officiele_naam`; sources in `data/SOURCES.md`), compiled in. A short form can
//! belong to several official names (Bert: Albert, Gijsbert, Robert, …): each pair is a row.

use std::sync::OnceLock;

use super::normalize::fold;

const CSV: &str = include_str!("../../../../data/roepnamen.csv");

/// The rows of the table, folded as first names are ([`fold`]), sorted: (roepnaam, official).
fn table() -> &'static [(String, String)] {
    static TABLE: OnceLock<Vec<(String, String)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows: Vec<(String, String)> = parse(CSV)
            .into_iter()
            .filter_map(Result::ok)
            .map(|(short, official)| (fold(short), fold(official)))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    })
}

/// The table's lines after the header: a pair of names, or the line number of a malformed line
/// (a test holds the file to no malformed line).
fn parse(csv: &str) -> Vec<Result<(&str, &str), usize>> {
    csv.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            let mut parts = line.split(',').map(str::trim);
            match (parts.next(), parts.next(), parts.next()) {
                (Some(a), Some(b), None) if !a.is_empty() && !b.is_empty() => Ok((a, b)),
                _ => Err(n + 1),
            }
        })
        .collect()
}

/// Whether the folded first name is the roepnaam of any official name in the table.
pub fn is_roepnaam(folded: &str) -> bool {
    let rows = table();
    let at = rows.partition_point(|(short, _)| short.as_str() < folded);
    rows.get(at).is_some_and(|(short, _)| short == folded)
}

/// Whether one folded first name is a roepnaam of the other (either way round).
pub fn roepnaam_of(a: &str, b: &str) -> bool {
    let rows = table();
    let pair = |short: &str, official: &str| {
        rows.binary_search_by(|(s, o)| (s.as_str(), o.as_str()).cmp(&(short, official)))
            .is_ok()
    };
    pair(a, b) || pair(b, a)
}

/// The names a folded first name is a roepnaam of, or the roepnamen of it (both ways round),
/// each once: what blocking looks up beside the name itself.
pub fn related(folded: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = table()
        .iter()
        .filter_map(|(short, official)| {
            if short == folded {
                Some(official.as_str())
            } else if official == folded {
                Some(short.as_str())
            } else {
                None
            }
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_parses_with_its_header() {
        assert_eq!(CSV.lines().next(), Some("roepnaam,officiele_naam"));
        let bad: Vec<usize> = parse(CSV).into_iter().filter_map(Result::err).collect();
        assert!(bad.is_empty(), "malformed lines: {bad:?}");
        assert!(table().len() >= 500, "{}", table().len());
    }

    #[test]
    fn roepnamen_cases() {
        for (a, b, expected) in [
            ("Bas", "Sebastiaan", true),
            ("Sebastiaan", "Bas", true),
            ("Kees", "Cornelis", true),
            ("Mina", "Wilhelmina", true),
            // Ambiguous short forms: a roepnaam of several names, each.
            ("Bert", "Albert", true),
            ("Bert", "Gijsbert", true),
            ("Bert", "Robert", true),
            ("Bert", "Sebastiaan", false),
            ("Bas", "Cornelis", false),
            ("Emma", "Julia", false),
        ] {
            assert_eq!(roepnaam_of(&fold(a), &fold(b)), expected, "{a} ~ {b}");
        }
        assert_eq!(related("kees"), ["cornelis", "cornelius"]);
        assert!(related("cornelis").contains(&"kees"));
        assert!(related("tijmen").is_empty());
        assert!(is_roepnaam("bas"));
        assert!(!is_roepnaam("sebastiaan"));
    }
}
