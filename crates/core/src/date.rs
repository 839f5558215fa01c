//! Dates, in one place: reading and writing them as officers do (`dd-mm-jjjj`), ISO 8601
//! (`jjjj-mm-dd`), Excel's serial numbers both ways (the 1900 and the 1904 system), and age.
//! Built on `time`: month lengths and leap years are `time`'s ([`Month::length`]).

use time::{Date, Duration, Month};

use crate::problem::Problem;
use crate::text::is_space;

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// A calendar date, or why it does not exist, in Dutch ("februari 2026 heeft 28 dagen", "er is
/// geen maand 13") to finish a sentence "Deze datum bestaat niet: …".
pub fn calendar_date(year: i32, month: u8, day: u8) -> Result<Date, String> {
    let Ok(m) = Month::try_from(month) else {
        return Err(format!("er is geen maand {month}"));
    };
    if day == 0 {
        return Err("er is geen dag 0".to_string());
    }
    let days = m.length(year);
    if day > days {
        let name = MONTHS.get(usize::from(month) - 1).unwrap_or(&"");
        return Err(format!("{name} {year} heeft {days} dagen"));
    }
    Date::from_calendar_date(year, m, day).map_err(|_| format!("het jaar {year} kan niet"))
}

/// Read a date as officers type it: `dd-mm-jjjj`, `d-m-jjjj`, `dd/mm/jjjj`, `dd.mm.jjjj`, or
/// `jjjj-mm-dd` (also with `/`).
pub fn parse_date(input: &str) -> Result<Date, Problem> {
    let s = input.trim_matches(is_space);
    if s.is_empty() {
        return Err(Problem::error("Vul een datum in."));
    }
    let format = || Problem::error("Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 05-03-2012.");
    let Some(sep) = s.chars().find(|c| !c.is_ascii_digit() && !is_space(*c)) else {
        return Err(format());
    };
    if !matches!(sep, '-' | '/' | '.') {
        return Err(format());
    }
    let parts: Vec<&str> = s.split(sep).map(|p| p.trim_matches(is_space)).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(format());
    };
    let digits = |t: &str, min: usize, max: usize| -> bool {
        (min..=max).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    let (year, month, day) = if digits(a, 4, 4) && sep != '.' && digits(b, 1, 2) && digits(c, 1, 2)
    {
        (*a, *b, *c)
    } else if digits(a, 1, 2) && digits(b, 1, 2) && digits(c, 4, 4) {
        (*c, *b, *a)
    } else if digits(a, 1, 2) && digits(b, 1, 2) && digits(c, 2, 2) {
        return Err(Problem::error(
            "Schrijf het jaar met 4 cijfers, bijvoorbeeld 05-03-2012.",
        ));
    } else {
        return Err(format());
    };
    let (Ok(year), Ok(month), Ok(day)) = (year.parse(), month.parse(), day.parse()) else {
        return Err(format());
    };
    calendar_date(year, month, day)
        .map_err(|reason| Problem::error(format!("Deze datum bestaat niet: {reason}.")))
}

/// `dd-mm-jjjj`, as officers read dates.
pub fn format_date(date: Date) -> String {
    format!(
        "{:02}-{:02}-{:04}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// Age in whole years on `today` (negative when `birth` is after `today`).
pub fn age_on(birth: Date, today: Date) -> i32 {
    let before_birthday =
        (u8::from(today.month()), today.day()) < (u8::from(birth.month()), birth.day());
    today.year() - birth.year() - i32::from(before_birthday)
}

/// `jjjj-mm-dd` (ISO 8601), as file names and machine-readable columns write dates.
pub fn format_iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// An Excel date serial: days since 1899-12-30 (the 1900 system, where Excel counts a 29 February
/// 1900 that never was: serial 60) or since 1904-01-01 (the 1904 system). The fraction (time of
/// day) is dropped.
pub fn from_serial(serial: f64, date_1904: bool) -> Option<Date> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let (epoch, days) = if date_1904 {
        (
            Date::from_calendar_date(1904, Month::January, 1).ok()?,
            days,
        )
    } else if days < 60 {
        (
            Date::from_calendar_date(1899, Month::December, 31).ok()?,
            days,
        )
    } else if days == 60 {
        return None;
    } else {
        (
            Date::from_calendar_date(1899, Month::December, 30).ok()?,
            days,
        )
    };
    epoch.checked_add(Duration::days(days))
}

/// The Excel serial of a date (whole days) in the 1900 or the 1904 system, the inverse of
/// [`from_serial`]; `None` before the system's epoch (such a date is written as text).
pub fn to_serial(date: Date, date_1904: bool) -> Option<i64> {
    let day = |y, m, d| Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok();
    if date_1904 {
        let epoch = day(1904, 1, 1)?;
        return (date >= epoch).then(|| (date - epoch).whole_days());
    }
    let first = day(1900, 1, 1)?;
    if date < first {
        return None;
    }
    // Excel counts 29 February 1900, which did not exist.
    let epoch = if date < day(1900, 3, 1)? {
        day(1899, 12, 31)?
    } else {
        day(1899, 12, 30)?
    };
    Some((date - epoch).whole_days())
}

#[cfg(test)]
mod tests;
