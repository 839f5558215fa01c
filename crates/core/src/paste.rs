//! A block pasted from Excel (tab-separated lines) turned into koppelregels.
//!
//! With a header row (at least two cells recognised as column names) the columns are mapped by
//! name, in any order; unknown columns are reported and ignored. Without one, the columns are taken
//! in the default order, starting at the column the user pasted into.

use super::koppelregel::{Field, Koppelregel};
use super::problem::Problem;

/// What a paste gives: the rows, and notes on what was ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pasted {
    pub rows: Vec<Koppelregel>,
    pub had_header: bool,
    pub problems: Vec<Problem>,
}

/// Bound on what one paste may bring in; more is refused with a message, not truncated silently.
pub const MAX_PASTED_ROWS: usize = 10_000;

/// True when the text is a block (more than one cell), not a single value for one cell.
pub fn is_block(text: &str) -> bool {
    let t = text.trim_end_matches(['\r', '\n']);
    t.contains('\t') || t.contains('\n')
}

/// Parse a pasted block. `start` is the column the user pasted into (used without a header row).
pub fn parse_block(text: &str, start: Field) -> Pasted {
    let lines: Vec<Vec<&str>> = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    let mut pasted = Pasted::default();
    let Some(first) = lines.first() else {
        return pasted;
    };
    let header: Vec<Option<Field>> = first.iter().map(|c| Field::from_header(c)).collect();
    let recognised = header.iter().flatten().count();
    let (columns, data): (Vec<Option<Field>>, &[Vec<&str>]) = if recognised >= 2 {
        pasted.had_header = true;
        let unknown: Vec<&str> = first
            .iter()
            .zip(&header)
            .filter(|(c, f)| f.is_none() && !c.trim().is_empty())
            .map(|(c, _)| c.trim())
            .collect();
        if !unknown.is_empty() {
            pasted.problems.push(Problem::notice(format!(
                "Deze kolommen zijn niet overgenomen: {}.",
                unknown.join(", ")
            )));
        }
        (header, lines.get(1..).unwrap_or_default())
    } else {
        let offset = Field::ALL.iter().position(|f| *f == start).unwrap_or(0);
        let width = first
            .len()
            .max(lines.iter().map(Vec::len).max().unwrap_or(0));
        let columns = (0..width)
            .map(|i| Field::ALL.get(offset + i).copied())
            .collect();
        if offset + width > Field::ALL.len() {
            pasted.problems.push(Problem::warning(format!(
                "Het geplakte blok heeft {width} kolommen; vanaf de kolom {} passen er {}. \
                 De overige kolommen zijn niet overgenomen.",
                start.label(),
                Field::ALL.len() - offset
            )));
        }
        (columns, &lines[..])
    };
    if data.len() > MAX_PASTED_ROWS {
        pasted.problems.push(Problem::error(format!(
            "U plakte {} regels; Koppelhulp neemt er in één keer hoogstens {MAX_PASTED_ROWS} over. \
             Plak het blok in delen.",
            data.len()
        )));
        return pasted;
    }
    for cells in data {
        let mut row = Koppelregel::default();
        for (cell, field) in cells.iter().zip(&columns) {
            if let Some(field) = field {
                *row.get_mut(*field) = cell.trim().to_string();
            }
        }
        if !row.is_empty() {
            pasted.rows.push(row);
        }
    }
    pasted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    #[test]
    fn is_block_cases() {
        for (text, expected) in [
            ("123", false),
            ("123\n", false),
            ("1\t2", true),
            ("1\n2", true),
            ("", false),
        ] {
            assert_eq!(is_block(text), expected, "{text:?}");
        }
    }

    #[test]
    fn with_header_in_any_order() {
        let text =
            "Onderwijsnummer\tBSN\tPostcode\tGeslacht\r\n101222331\t999990019\t1234AB\tM\r\n\r\n";
        let p = parse_block(text, Field::Achternaam);
        assert!(p.had_header);
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].bsn, "999990019");
        assert_eq!(p.rows[0].onderwijsnummer, "101222331");
        assert_eq!(p.rows[0].geslacht, "M");
        assert_eq!(p.problems.len(), 1);
        assert!(p.problems[0].message.contains("Postcode"));
    }

    #[test]
    fn without_header_from_the_pasted_column() {
        let p = parse_block(
            "999990019\t101222331\tJansen\n999993653\t\tBakker",
            Field::Bsn,
        );
        assert!(!p.had_header);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[1].achternaam, "Bakker");
        assert_eq!(p.rows[1].onderwijsnummer, "");
        let p = parse_block("Jansen\t\tPiet\tX", Field::Achternaam);
        assert_eq!(p.rows[0].voornamen, "Piet");
        assert_eq!(p.rows[0].geboortedatum, "X");
        let p = parse_block("a\tb\tc", Field::Geslacht);
        assert_eq!(p.rows[0].geslacht, "a");
        assert_eq!(p.rows[0].opmerking, "b");
        assert_eq!(p.problems[0].severity, Severity::Warning);
    }

    #[test]
    fn empty_and_oversized() {
        assert_eq!(parse_block("", Field::Bsn), Pasted::default());
        assert!(parse_block("\n\t\n", Field::Bsn).rows.is_empty());
        let big = "1\t2\n".repeat(MAX_PASTED_ROWS + 1);
        let p = parse_block(&big, Field::Bsn);
        assert!(p.rows.is_empty());
        assert_eq!(p.problems[0].severity, Severity::Error);
    }
}
