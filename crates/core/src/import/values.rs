//! Reading values as register exports store them: numbers that were stored as numbers, dates as
//! Excel serials (1900 and 1904 systems) or as text in Dutch, ISO and US-looking forms, geslacht in
//! words or codes, postcodes with or without a space.

use std::borrow::Cow;

use time::{Date, Month};

use crate::date::format_date;
pub use crate::date::from_serial;
use crate::koppelregel::Geslacht;
use crate::problem::Problem;
use crate::table::RawCell;
use crate::text::is_space;

/// A cell as text, the way the number and name parsers expect it: a whole number without `.0` or
/// an exponent (so `12345672` stays 8 digits and the BSN parser can restore the lost zero).
pub fn cell_text(cell: &RawCell) -> Cow<'_, str> {
    match cell {
        RawCell::Empty => Cow::Borrowed(""),
        RawCell::Text(t) | RawCell::DateIso(t) | RawCell::Error(t) => Cow::Borrowed(t),
        RawCell::Number(n) | RawCell::Date(n) => Cow::Owned(number_text(*n)),
        RawCell::Bool(b) => Cow::Borrowed(if *b { "WAAR" } else { "ONWAAR" }),
    }
}

/// `12345672.0` → `12345672`; other numbers as Rust writes them (never with an exponent below 1e21).
pub fn number_text(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e18 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The order of day and month in a column of dates written with slashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// `dd/mm/jjjj`: Dutch; also the choice when nothing in the column decides.
    DayFirst,
    /// `mm/dd/jjjj`: some systems export American dates.
    MonthFirst,
    /// Nothing in the column decides: read day first, flag every date that could be either.
    Undecided,
}

/// Decide the order of a column from its slash dates: a first part above 12 means day first, a
/// second part above 12 means month first. Dates with `-` or `.` are Dutch (day first) and do not
/// count.
pub fn date_order<'a>(cells: impl Iterator<Item = &'a RawCell>) -> DateOrder {
    let (mut day_first, mut month_first) = (false, false);
    for cell in cells {
        let RawCell::Text(t) = cell else { continue };
        let parts: Vec<&str> = t.trim_matches(is_space).split('/').collect();
        let [a, b, c] = parts.as_slice() else {
            continue;
        };
        if c.len() < 4 {
            continue;
        }
        match (a.parse::<u32>(), b.parse::<u32>()) {
            (Ok(a), Ok(b)) if a > 12 && b <= 12 => day_first = true,
            (Ok(a), Ok(b)) if b > 12 && a <= 12 => month_first = true,
            _ => {}
        }
    }
    match (day_first, month_first) {
        (true, false) => DateOrder::DayFirst,
        (false, true) => DateOrder::MonthFirst,
        _ => DateOrder::Undecided,
    }
}

/// A birth date as read from one cell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateRead {
    pub date: Option<Date>,
    /// Worth showing: a warning when the value is not a date (the date is left empty) or when it was
    /// read but could have meant another date.
    pub problem: Option<Problem>,
    /// The year was written with two digits; its century was chosen so that the date is not in
    /// the future.
    pub two_digit_year: bool,
}

impl DateRead {
    fn read(date: Date) -> Self {
        DateRead {
            date: Some(date),
            ..DateRead::default()
        }
    }

    fn problem(problem: Problem) -> Self {
        DateRead {
            problem: Some(problem),
            ..DateRead::default()
        }
    }
}

/// Read a birth date from a cell.
pub fn read_date(cell: &RawCell, order: DateOrder, today: Date, date_1904: bool) -> DateRead {
    let text = |t: &str| read_date_text(t, order, today).unwrap_or_else(DateRead::problem);
    match cell {
        RawCell::Date(serial) | RawCell::Number(serial) => match from_serial(*serial, date_1904) {
            Some(d) if matches!(cell, RawCell::Date(_)) || plausible(d, today) => DateRead::read(d),
            _ => text(&number_text(*serial)),
        },
        RawCell::Text(t) | RawCell::DateIso(t) => text(t),
        RawCell::Empty => DateRead::default(),
        RawCell::Bool(_) | RawCell::Error(_) => DateRead::problem(not_a_date(&cell_text(cell))),
    }
}

fn plausible(d: Date, today: Date) -> bool {
    d.year() >= 1900 && d <= today
}

fn not_a_date(text: &str) -> Problem {
    Problem::warning(format!(
        "„{}” is geen datum die Koppelhulp kan lezen; de geboortedatum is leeg gelaten. Gebruik \
         dd-mm-jjjj, bijvoorbeeld 05-03-2012.",
        text.trim_matches(is_space)
    ))
}

/// Month words, Dutch and English, full and abbreviated (compared in lower case, a final `.` dropped).
const MONTHS: &[(&str, u8)] = &[
    ("januari", 1),
    ("january", 1),
    ("jan", 1),
    ("februari", 2),
    ("february", 2),
    ("feb", 2),
    ("febr", 2),
    ("maart", 3),
    ("march", 3),
    ("mrt", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("mei", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("jul", 7),
    ("augustus", 8),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("oktober", 10),
    ("october", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

fn month_number(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == w).map(|(_, n)| *n)
}

/// A calendar date; `None` for anything out of range (a day of 268 is not day 12).
fn date(year: i32, month: i32, day: i32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

/// Two-digit years: the century that puts the date in the past (pupils are 0 to about 30).
fn full_year(yy: i32, today: Date) -> i32 {
    let this_century = today.year() / 100 * 100;
    if this_century + yy <= today.year() {
        this_century + yy
    } else {
        this_century - 100 + yy
    }
}

/// Text dates: `dd-mm-jjjj`, `d-m-jj`, `dd.mm.jjjj`, `jjjj-mm-dd`, `jjjj/mm/dd`, `dd/mm/jjjj` (or
/// `mm/dd/jjjj` when the column says so), ISO date-times, `jjjjmmdd`, and the month as a Dutch or
/// English word: `12 maart 2010`, `12-mrt-2010`, `12 March 2010`, `12-Mar-10`, `March 12, 2010`.
pub fn read_date_text(text: &str, order: DateOrder, today: Date) -> Result<DateRead, Problem> {
    let s = text.trim_matches(is_space);
    // ISO date-time: keep the date part.
    let s = match s.split_once(['T', ' ']) {
        Some((d, rest))
            if d.len() == 10
                && d.as_bytes().get(4) == Some(&b'-')
                && rest.chars().next().is_some_and(|c| c.is_ascii_digit()) =>
        {
            d
        }
        _ => s,
    };
    // A time after the date, as Excel's csv export writes it: "12-03-2010 00:00", "12-3-2010 0:00:00".
    let s = match s.rsplit_once(is_space) {
        Some((d, t)) if t.contains(':') && t.chars().all(|c| c.is_ascii_digit() || c == ':') => {
            d.trim_matches(is_space)
        }
        _ => s,
    };
    let invalid = || not_a_date(text);
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<i32>().ok());
        if let (Some(y), Some(m), Some(d)) = (n(0..4), n(4..6), n(6..8))
            && (1900..=2100).contains(&y)
            && let Some(date) = date(y, m, d)
        {
            return Ok(DateRead::read(date));
        }
        return Err(invalid());
    }
    // A comma only in the English form "March 12, 2010".
    let parts: Vec<&str> = s
        .split(|c: char| matches!(c, '-' | '/' | '.' | ',') || is_space(c))
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(invalid());
    };
    let num = |t: &str| -> Option<i32> {
        (t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    // The year of a date with the month as a word: four digits, or two (century chosen).
    let year = |t: &str| -> Option<(i32, bool)> {
        match t.len() {
            4 => Some((num(t)?, false)),
            2 => Some((full_year(num(t)?, today), true)),
            _ => None,
        }
    };
    // Month as a word: 12 maart 2010, 12-mrt-10, 12 March 2010, March 12, 2010.
    let word = match (num(a), month_number(a), month_number(b), num(b)) {
        (Some(d), _, Some(m), _) => Some((d, m)),
        (_, Some(m), _, Some(d)) => Some((d, m)),
        _ => None,
    };
    if let Some((d, m)) = word {
        let (y, two_digit_year) = year(c).ok_or_else(invalid)?;
        let read = date(y, m.into(), d).ok_or_else(invalid)?;
        return Ok(DateRead {
            two_digit_year,
            ..DateRead::read(read)
        });
    }
    if s.contains(',') {
        return Err(invalid());
    }
    let slash = s.contains('/');
    let (Some(x), Some(y), Some(z)) = (num(a), num(b), num(c)) else {
        return Err(invalid());
    };
    if a.len() == 4 {
        // jjjj-mm-dd
        return date(x, y, z).map(DateRead::read).ok_or_else(invalid);
    }
    if c.len() != 4 && c.len() != 2 {
        return Err(invalid());
    }
    let two_digit_year = c.len() == 2;
    let year = if two_digit_year {
        full_year(z, today)
    } else {
        z
    };
    let (day, month) = if slash && order == DateOrder::MonthFirst {
        (y, x)
    } else {
        (x, y)
    };
    let read = date(year, month, day).ok_or_else(invalid)?;
    let ambiguous = slash && order == DateOrder::Undecided && x != y && x <= 12 && y <= 12;
    let problem = ambiguous.then(|| {
        Problem::warning(format!(
            "De datum {s} kan dag-maand of maand-dag zijn; gelezen als {} (dag eerst). \
             Controleer dit in het bestand.",
            format_date(read)
        ))
    });
    Ok(DateRead {
        date: Some(read),
        problem,
        two_digit_year,
    })
}

/// Geslacht as registers write it: M/V/O (X read as onbekend), man/vrouw, jongen/meisje, male/female (F), and the
/// codes 1 = man, 2 = vrouw (the convention of BRON and DUO's onderwijsregisters).
pub fn read_geslacht(text: &str) -> Result<Geslacht, Problem> {
    let t = text
        .trim_matches(is_space)
        .trim_end_matches('.')
        .to_lowercase();
    match t.as_str() {
        "1" | "male" => Ok(Geslacht::Man),
        "2" | "female" | "f" => Ok(Geslacht::Vrouw),
        "0" | "9" | "u" | "unknown" => Ok(Geslacht::Onbekend),
        _ => Geslacht::parse(&t).map_err(|_| {
            Problem::warning(format!(
                "Geslacht „{}” is niet herkend (verwacht M, V of O); het is leeg gelaten.",
                text.trim_matches(is_space)
            ))
        }),
    }
}

/// `1234 ab` → `1234AB`.
pub fn read_postcode(text: &str) -> Result<String, Problem> {
    let p: String = text
        .chars()
        .filter(|c| !is_space(*c))
        .collect::<String>()
        .to_uppercase();
    let b = p.as_bytes();
    if let [d0, d1, d2, d3, l0, l1] = b
        && [d0, d1, d2, d3].iter().all(|d| d.is_ascii_digit())
        && *d0 != b'0'
        && l0.is_ascii_uppercase()
        && l1.is_ascii_uppercase()
    {
        Ok(p)
    } else {
        Err(Problem::warning(format!(
            "Postcode „{}” heeft niet de vorm 1234 AB.",
            text.trim_matches(is_space)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        date(y, m.into(), day.into()).unwrap()
    }

    fn today() -> Date {
        d(2026, 11, 28)
    }

    #[test]
    fn text_dates_in_every_form() {
        let cases = [
            ("12-03-2010", Some(d(2010, 3, 12))),
            ("2-3-2010", Some(d(2010, 3, 2))),
            ("02-03-10", Some(d(2010, 3, 2))),
            ("02-03-98", Some(d(1998, 3, 2))),
            ("12.03.2010", Some(d(2010, 3, 12))),
            ("2010-03-12", Some(d(2010, 3, 12))),
            ("2010/03/12", Some(d(2010, 3, 12))),
            ("2010-03-12T00:00:00", Some(d(2010, 3, 12))),
            ("2010-03-12 00:00:00", Some(d(2010, 3, 12))),
            ("12-03-2010 00:00", Some(d(2010, 3, 12))),
            ("12-3-2010 0:00:00", Some(d(2010, 3, 12))),
            ("12-03-2010 kwart", None),
            ("20100312", Some(d(2010, 3, 12))),
            ("12 maart 2010", Some(d(2010, 3, 12))),
            ("12-mrt-2010", Some(d(2010, 3, 12))),
            ("1 okt. 2011", Some(d(2011, 10, 1))),
            ("12 Maart 10", Some(d(2010, 3, 12))),
            ("13/03/2010", Some(d(2010, 3, 13))),
            (" 12-03-2010 ", Some(d(2010, 3, 12))),
            ("31-02-2010", None),
            ("2010", None),
            ("onbekend", None),
            ("12-03", None),
            ("12 brumaire 2010", None),
            ("99999999", None),
            // A day or month that does not fit a byte is not read modulo 256.
            ("268-03-2010", None),
            ("12-259-2010", None),
            ("268 maart 2010", None),
            ("12 maart 123", None),
            // English month words, full and abbreviated, any case; Dutch ones still work.
            ("12 March 2010", Some(d(2010, 3, 12))),
            ("12-Mar-2010", Some(d(2010, 3, 12))),
            ("12-MAR-10", Some(d(2010, 3, 12))),
            ("March 12, 2010", Some(d(2010, 3, 12))),
            ("Mar. 12, 2010", Some(d(2010, 3, 12))),
            ("march 12 2010", Some(d(2010, 3, 12))),
            ("1 January 2011", Some(d(2011, 1, 1))),
            ("1 jan 2011", Some(d(2011, 1, 1))),
            ("2 February 2011", Some(d(2011, 2, 2))),
            ("2-feb-2011", Some(d(2011, 2, 2))),
            ("3 April 2011", Some(d(2011, 4, 3))),
            ("3-Apr-2011", Some(d(2011, 4, 3))),
            ("4 May 2011", Some(d(2011, 5, 4))),
            ("4 mei 2011", Some(d(2011, 5, 4))),
            ("5 June 2011", Some(d(2011, 6, 5))),
            ("5-Jun-2011", Some(d(2011, 6, 5))),
            ("6 July 2011", Some(d(2011, 7, 6))),
            ("6-Jul-2011", Some(d(2011, 7, 6))),
            ("7 August 2011", Some(d(2011, 8, 7))),
            ("7-Aug-2011", Some(d(2011, 8, 7))),
            ("8 September 2011", Some(d(2011, 9, 8))),
            ("8-Sep-2011", Some(d(2011, 9, 8))),
            ("8 Sept 2011", Some(d(2011, 9, 8))),
            ("9 October 2011", Some(d(2011, 10, 9))),
            ("9-Oct-2011", Some(d(2011, 10, 9))),
            ("9-okt-2011", Some(d(2011, 10, 9))),
            ("10 November 2011", Some(d(2011, 11, 10))),
            ("10-Nov-2011", Some(d(2011, 11, 10))),
            ("11 December 2011", Some(d(2011, 12, 11))),
            ("11-Dec-2011", Some(d(2011, 12, 11))),
            ("12 mrt 2010", Some(d(2010, 3, 12))),
            ("31 April 2011", None),
            ("March 2010", None),
            ("12 March 12 2010", None),
            // A comma only in the English word form.
            ("12,03,2010", None),
            ("12, 03 2010", None),
        ];
        for (text, expected) in cases {
            let got = read_date_text(text, DateOrder::DayFirst, today())
                .ok()
                .and_then(|r| r.date);
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn two_digit_years_are_marked() {
        // (text, year read, two digits)
        let cases = [
            ("02-03-10", 2010, true),
            ("02-03-98", 1998, true),
            ("28-11-26", 2026, true),
            ("01-01-27", 1927, true),
            ("12-Mar-10", 2010, true),
            ("12 maart 98", 1998, true),
            ("03/04/10", 2010, true),
            ("02-03-2010", 2010, false),
            ("12 March 2010", 2010, false),
            ("2010-03-02", 2010, false),
            ("20100302", 2010, false),
        ];
        for (text, year, two) in cases {
            let r = read_date_text(text, DateOrder::DayFirst, today()).unwrap();
            assert_eq!(
                (r.date.map(|d| d.year()), r.two_digit_year),
                (Some(year), two),
                "{text:?}"
            );
        }
        let serial = read_date(&RawCell::Date(40249.0), DateOrder::DayFirst, today(), false);
        assert!(!serial.two_digit_year);
    }

    #[test]
    fn slash_dates_follow_the_column_and_flag_what_is_ambiguous() {
        let cells: Vec<RawCell> = ["03/04/2010", "13/04/2010"]
            .map(|t| RawCell::Text(t.into()))
            .to_vec();
        assert_eq!(date_order(cells.iter()), DateOrder::DayFirst);
        let us: Vec<RawCell> = ["03/04/2010", "04/13/2010"]
            .map(|t| RawCell::Text(t.into()))
            .to_vec();
        assert_eq!(date_order(us.iter()), DateOrder::MonthFirst);
        let none: Vec<RawCell> = ["03/04/2010", "05/06/2011", "12-03-2010"]
            .map(|t| RawCell::Text(t.into()))
            .to_vec();
        assert_eq!(date_order(none.iter()), DateOrder::Undecided);

        let r = read_date_text("03/04/2010", DateOrder::MonthFirst, today()).unwrap();
        assert_eq!((r.date, r.problem), (Some(d(2010, 3, 4)), None));
        let r = read_date_text("03/04/2010", DateOrder::DayFirst, today()).unwrap();
        assert_eq!((r.date, r.problem), (Some(d(2010, 4, 3)), None));
        let r = read_date_text("03/04/2010", DateOrder::Undecided, today()).unwrap();
        assert_eq!(r.date, Some(d(2010, 4, 3)));
        assert!(
            r.problem
                .unwrap()
                .message
                .contains("dag-maand of maand-dag")
        );
        // Same day and month: not ambiguous.
        assert_eq!(
            read_date_text("04/04/2010", DateOrder::Undecided, today())
                .unwrap()
                .problem,
            None
        );
        // Dutch dashes are never ambiguous.
        assert_eq!(
            read_date_text("03-04-2010", DateOrder::Undecided, today())
                .unwrap()
                .problem,
            None
        );
    }

    #[test]
    fn excel_serials_in_both_date_systems() {
        let cases = [
            (1.0, false, Some(d(1900, 1, 1))),
            (59.0, false, Some(d(1900, 2, 28))),
            (60.0, false, None),
            (61.0, false, Some(d(1900, 3, 1))),
            (40249.0, false, Some(d(2010, 3, 12))),
            (40249.75, false, Some(d(2010, 3, 12))),
            (38787.0, true, Some(d(2010, 3, 12))),
            (0.0, false, None),
            (-5.0, false, None),
            (f64::NAN, false, None),
            (1e12, false, None),
        ];
        for (serial, is_1904, expected) in cases {
            assert_eq!(from_serial(serial, is_1904), expected, "{serial} {is_1904}");
        }
        let r = read_date(&RawCell::Date(40249.0), DateOrder::DayFirst, today(), false);
        assert_eq!((r.date, r.problem), (Some(d(2010, 3, 12)), None));
        // A number in a date column: a serial when it gives a plausible date, else yyyymmdd.
        assert_eq!(
            read_date(
                &RawCell::Number(40249.0),
                DateOrder::DayFirst,
                today(),
                false
            )
            .date,
            Some(d(2010, 3, 12))
        );
        assert_eq!(
            read_date(
                &RawCell::Number(20100312.0),
                DateOrder::DayFirst,
                today(),
                false
            )
            .date,
            Some(d(2010, 3, 12))
        );
        let r = read_date(&RawCell::Bool(true), DateOrder::DayFirst, today(), false);
        assert!(r.date.is_none() && r.problem.is_some());
    }

    #[test]
    fn geslacht_in_words_and_codes() {
        let cases = [
            ("M", Some(Geslacht::Man)),
            ("man", Some(Geslacht::Man)),
            ("Jongen", Some(Geslacht::Man)),
            ("male", Some(Geslacht::Man)),
            ("1", Some(Geslacht::Man)),
            ("V", Some(Geslacht::Vrouw)),
            ("vrouw", Some(Geslacht::Vrouw)),
            ("meisje", Some(Geslacht::Vrouw)),
            ("F", Some(Geslacht::Vrouw)),
            ("female", Some(Geslacht::Vrouw)),
            ("2", Some(Geslacht::Vrouw)),
            ("X", Some(Geslacht::Onbekend)),
            ("O", Some(Geslacht::Onbekend)),
            ("onbekend", Some(Geslacht::Onbekend)),
            ("3", None),
            ("kat", None),
        ];
        for (text, expected) in cases {
            assert_eq!(read_geslacht(text).ok(), expected, "{text:?}");
        }
    }

    #[test]
    fn postcodes_are_normalised() {
        assert_eq!(read_postcode("1234 ab").unwrap(), "1234AB");
        assert_eq!(read_postcode(" 1234AB ").unwrap(), "1234AB");
        assert!(read_postcode("0123AB").is_err());
        assert!(read_postcode("12345").is_err());
        assert!(read_postcode("1234 A").is_err());
    }

    #[test]
    fn numbers_lose_only_a_zero_fraction() {
        assert_eq!(cell_text(&RawCell::Number(12345672.0)), "12345672");
        assert_eq!(cell_text(&RawCell::Number(999990019.0)), "999990019");
        assert_eq!(cell_text(&RawCell::Number(1.5)), "1.5");
        assert_eq!(cell_text(&RawCell::Number(-3.0)), "-3");
    }
}
