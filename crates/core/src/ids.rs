//! The two person numbers: the BSN (burgerservicenummer) and the onderwijsnummer.
//!
//! Both are 9 digits with the same weighted check ("elfproef", weights 9, 8, 7, 6, 5, 4, 3, 2, −1):
//! a BSN's sum is 0 (mod 11), an onderwijsnummer starts with `10` and its sum is 5 (mod 11). So no
//! number is both, and the check (not the prefix) tells them apart.
//!
//! Numbers arrive as users and spreadsheets give them. What is unambiguous is normalised:
//! - white space around the number, also non-breaking spaces (U+00A0, U+202F);
//! - an apostrophe in front (Excel's "this is text" mark) or double quotes around it;
//! - groups separated by spaces, dots, hyphens or commas: `1234.56.782`, `123 456 782`;
//! - a zero fraction: `123456782.0`, `123456782,00`;
//! - Excel's scientific notation when it carries every digit: `1.23456782E+08`, `1,23456782E+08`;
//! - 8 digits: a BSN that lost its leading zero (`12345672` → `012345672`).
//!
//! Everything else is rejected with a Dutch message that says why. Scientific notation that lost
//! digits (`1,23457E+08`, what Excel shows in a narrow column) is rejected: filling in zeros would
//! give a different number that still passes the elfproef one time in eleven.

use std::fmt;

use super::problem::Problem;

/// A valid BSN: 9 ASCII digits, weighted sum ≡ 0 (mod 11), not all zeros.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bsn([u8; 9]);

/// A valid onderwijsnummer: 9 ASCII digits, starts with `10`, weighted sum ≡ 5 (mod 11).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Onderwijsnummer([u8; 9]);

/// A number from a column that may hold either kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PersonNumber {
    Bsn(Bsn),
    Onderwijsnummer(Onderwijsnummer),
}

/// Which number a field expects; decides the wording of messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expected {
    Bsn,
    Onderwijsnummer,
    Either,
}

impl Expected {
    /// The noun as used after "Een …" and "geen …".
    fn noun(self) -> &'static str {
        match self {
            Expected::Bsn => "BSN",
            Expected::Onderwijsnummer => "onderwijsnummer",
            Expected::Either => "BSN of onderwijsnummer",
        }
    }

    /// "Een BSN", with a capital for the start of a sentence.
    fn een(self) -> String {
        format!("Een {}", self.noun())
    }

    fn empty_message(self) -> &'static str {
        match self {
            Expected::Bsn => "Vul het BSN in.",
            Expected::Onderwijsnummer => "Vul het onderwijsnummer in.",
            Expected::Either => "Vul een BSN of onderwijsnummer in.",
        }
    }
}

const WEIGHTS: [i32; 9] = [9, 8, 7, 6, 5, 4, 3, 2, -1];

/// The weighted sum of the elfproef, modulo 11 (0..=10). `digits` are ASCII digits.
fn elfproef_rest(digits: &[u8; 9]) -> i32 {
    let sum: i32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| i32::from(d.wrapping_sub(b'0')) * w)
        .sum();
    sum.rem_euclid(11)
}

fn is_valid_bsn(digits: &[u8; 9]) -> bool {
    digits.iter().any(|&d| d != b'0') && elfproef_rest(digits) == 0
}

fn is_valid_onderwijsnummer(digits: &[u8; 9]) -> bool {
    digits.starts_with(b"10") && elfproef_rest(digits) == 5
}

fn digits_str(digits: &[u8; 9]) -> &str {
    // Always ASCII digits: every constructor checks it.
    std::str::from_utf8(digits).unwrap_or_default()
}

/// 9 ASCII digits from a slice, or `None`.
fn nine(digits: &[u8]) -> Option<[u8; 9]> {
    let array: [u8; 9] = digits.try_into().ok()?;
    array.iter().all(u8::is_ascii_digit).then_some(array)
}

/// Pad 8 digits with a leading zero.
fn padded(digits: &[u8]) -> Option<[u8; 9]> {
    if digits.len() != 8 {
        return None;
    }
    let mut out = [b'0'; 9];
    out[1..].copy_from_slice(digits);
    nine(&out)
}

impl Bsn {
    /// Read a BSN as a user or a spreadsheet gives it (see the module documentation).
    pub fn parse(input: &str) -> Result<Bsn, Problem> {
        let digits = read_digits(input, Expected::Bsn)?;
        if let Some(nine) = nine(&digits) {
            return check_bsn(nine);
        }
        if let Some(padded) = padded(&digits) {
            return if is_valid_bsn(&padded) {
                Ok(Bsn(padded))
            } else {
                Err(Problem::error(
                    "Een BSN heeft 9 cijfers; dit zijn er 8. Ook met een 0 ervoor klopt de \
                     elfproef niet.",
                ))
            };
        }
        Err(count_problem(Expected::Bsn, digits.len()))
    }

    /// A BSN from exactly 9 ASCII digits that pass the check; no normalising, no message.
    pub fn from_digits(digits: &str) -> Option<Bsn> {
        nine(digits.as_bytes()).filter(is_valid_bsn).map(Bsn)
    }

    /// The 9 digits, with leading zeros.
    pub fn as_str(&self) -> &str {
        digits_str(&self.0)
    }
}

impl Onderwijsnummer {
    /// Read an onderwijsnummer as a user or a spreadsheet gives it (see the module documentation).
    pub fn parse(input: &str) -> Result<Onderwijsnummer, Problem> {
        let digits = read_digits(input, Expected::Onderwijsnummer)?;
        if let Some(nine) = nine(&digits) {
            return check_onderwijsnummer(nine);
        }
        if padded(&digits).is_some_and(|p| is_valid_bsn(&p)) {
            return Err(Problem::error(
                "Dit lijkt een BSN (met de 0 vooraan weggevallen), geen onderwijsnummer — staat \
                 het in de goede kolom?",
            ));
        }
        Err(count_problem(Expected::Onderwijsnummer, digits.len()))
    }

    /// An onderwijsnummer from exactly 9 ASCII digits that pass the check; no normalising.
    pub fn from_digits(digits: &str) -> Option<Onderwijsnummer> {
        nine(digits.as_bytes())
            .filter(is_valid_onderwijsnummer)
            .map(Onderwijsnummer)
    }

    /// The 9 digits.
    pub fn as_str(&self) -> &str {
        digits_str(&self.0)
    }
}

impl PersonNumber {
    /// The 9 digits.
    pub fn as_str(&self) -> &str {
        match self {
            PersonNumber::Bsn(b) => b.as_str(),
            PersonNumber::Onderwijsnummer(o) => o.as_str(),
        }
    }
}

impl fmt::Display for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Onderwijsnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for PersonNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Serialised as the 9-digit string; only a valid number deserialises.
macro_rules! serde_as_digits {
    ($t:ty, $what:literal) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <$t>::from_digits(&text)
                    .ok_or_else(|| serde::de::Error::custom(concat!("geen geldig ", $what)))
            }
        }
    };
}
serde_as_digits!(Bsn, "BSN");
serde_as_digits!(Onderwijsnummer, "onderwijsnummer");

/// Read a number from a column that may hold a BSN or an onderwijsnummer; the check decides which.
pub fn classify(input: &str) -> Result<PersonNumber, Problem> {
    let digits = read_digits(input, Expected::Either)?;
    if let Some(nine) = nine(&digits) {
        if is_valid_bsn(&nine) {
            return Ok(PersonNumber::Bsn(Bsn(nine)));
        }
        if is_valid_onderwijsnummer(&nine) {
            return Ok(PersonNumber::Onderwijsnummer(Onderwijsnummer(nine)));
        }
        return Err(Problem::error(if nine.iter().all(|&d| d == b'0') {
            "000000000 is geen geldig BSN of onderwijsnummer."
        } else if elfproef_rest(&nine) == 5 {
            ONDERWIJSNUMMER_WITHOUT_10
        } else {
            "Dit is geen geldig BSN en ook geen geldig onderwijsnummer: de elfproef klopt niet."
        }));
    }
    match padded(&digits) {
        Some(p) if is_valid_bsn(&p) => Ok(PersonNumber::Bsn(Bsn(p))),
        _ => Err(count_problem(Expected::Either, digits.len())),
    }
}

/// A number that passes the onderwijsnummer's check but does not start with 10: not a BSN, and not
/// an onderwijsnummer either — most likely a typing error at its start.
const ONDERWIJSNUMMER_WITHOUT_10: &str = "Dit is geen geldig BSN en geen geldig onderwijsnummer: het \
     klopt met de rekenregel voor onderwijsnummers, maar een onderwijsnummer begint met 10. \
     Controleer de eerste cijfers.";

fn check_bsn(digits: [u8; 9]) -> Result<Bsn, Problem> {
    if is_valid_bsn(&digits) {
        Ok(Bsn(digits))
    } else if digits.iter().all(|&d| d == b'0') {
        Err(Problem::error("000000000 is geen geldig BSN."))
    } else if is_valid_onderwijsnummer(&digits) {
        Err(Problem::error(
            "Dit lijkt een onderwijsnummer, geen BSN — staat het in de goede kolom?",
        ))
    } else if elfproef_rest(&digits) == 5 {
        Err(Problem::error(ONDERWIJSNUMMER_WITHOUT_10))
    } else {
        Err(Problem::error(
            "Dit is geen geldig BSN: de elfproef klopt niet.",
        ))
    }
}

fn check_onderwijsnummer(digits: [u8; 9]) -> Result<Onderwijsnummer, Problem> {
    let starts_10 = digits.starts_with(b"10");
    let sum_ok = elfproef_rest(&digits) == 5;
    match (starts_10, sum_ok) {
        (true, true) => Ok(Onderwijsnummer(digits)),
        _ if is_valid_bsn(&digits) => Err(Problem::error(
            "Dit lijkt een BSN, geen onderwijsnummer — staat het in de goede kolom?",
        )),
        (true, false) => Err(Problem::error(
            "Dit is geen geldig onderwijsnummer: de elfproef klopt niet.",
        )),
        (false, true) => Err(Problem::error(
            "Dit is geen geldig onderwijsnummer: een onderwijsnummer begint met 10.",
        )),
        (false, false) => Err(Problem::error(
            "Dit is geen geldig onderwijsnummer: het begint niet met 10 en de elfproef klopt niet.",
        )),
    }
}

/// "Een BSN heeft 9 cijfers; dit zijn er 7."
fn count_problem(expected: Expected, count: usize) -> Problem {
    let tail = if count == 1 {
        "dit is er 1".to_string()
    } else {
        format!("dit zijn er {count}")
    };
    Problem::error(format!("{} heeft 9 cijfers; {tail}.", expected.een()))
}

fn decimals_problem(expected: Expected) -> Problem {
    Problem::error(format!(
        "Dit is een getal met decimalen, geen {}.",
        expected.noun()
    ))
}

/// White space, also the non-breaking kinds, plus the invisible characters a paste can bring.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{2060}')
}

/// Strip white space, Excel's leading apostrophe and surrounding double quotes.
fn strip_wrapping(input: &str) -> &str {
    let s = input.trim_matches(is_space);
    let s = match s.strip_prefix('\'') {
        Some(rest) => rest.trim_matches(is_space),
        None => s,
    };
    match s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => inner.trim_matches(is_space),
        None => s,
    }
}

/// The digits of the input, in order, as typed (leading zeros kept). The caller checks the count.
fn read_digits(input: &str, expected: Expected) -> Result<Vec<u8>, Problem> {
    let s = strip_wrapping(input);
    if s.is_empty() {
        return Err(Problem::error(expected.empty_message()));
    }
    if let Some(result) = read_scientific(s, expected) {
        return result;
    }
    if s.chars().any(char::is_alphabetic) {
        return Err(Problem::error(format!(
            "{} bestaat alleen uit cijfers; hier staan ook letters in.",
            expected.een()
        )));
    }
    if let Some(int) = zero_fraction(s) {
        return Ok(int.as_bytes().to_vec());
    }
    read_grouped(s, expected)
}

/// `123456782.0` or `123456782,00`: the integer part, when the fraction is all zeros and cannot be
/// a group of thousands (`123456.000` could be either, so it is left to [`read_grouped`]).
fn zero_fraction(s: &str) -> Option<&str> {
    let (int, frac) = s.split_once(['.', ','])?;
    let digits_only = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let zeros = !frac.is_empty() && frac.bytes().all(|b| b == b'0');
    (digits_only(int) && zeros && (int.len() >= 8 || frac.len() != 3)).then_some(int)
}

fn is_separator(c: char) -> bool {
    is_space(c) || matches!(c, '.' | ',' | '-')
}

/// Digits in groups separated by single separators (runs of white space are one separator).
fn read_grouped(s: &str, expected: Expected) -> Result<Vec<u8>, Problem> {
    let mut digits = Vec::new();
    let mut pending: Option<char> = None;
    let mut decimal_marks = 0;
    let mut other_separators = 0;
    let mut last_group = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c as u8);
            pending = None;
            last_group += 1;
        } else if is_separator(c) {
            match pending {
                Some(p) if is_space(p) && is_space(c) => continue,
                Some(_) => return Err(odd_separators(expected)),
                None if digits.is_empty() => return Err(odd_separators(expected)),
                None => {}
            }
            if matches!(c, '.' | ',') {
                decimal_marks += 1;
            } else {
                other_separators += 1;
            }
            pending = Some(c);
            last_group = 0;
        } else {
            return Err(Problem::error(format!(
                "Er staat een teken in dat niet in een {} hoort: '{c}'.",
                expected.noun()
            )));
        }
    }
    if pending.is_some() {
        return Err(odd_separators(expected));
    }
    if decimal_marks == 1 && other_separators == 0 && last_group != 3 {
        return Err(decimals_problem(expected));
    }
    Ok(digits)
}

fn odd_separators(expected: Expected) -> Problem {
    Problem::error(format!(
        "{} bestaat alleen uit cijfers, eventueel in groepjes met een spatie of punt ertussen. \
         Hier staan leestekens op een vreemde plek.",
        expected.een()
    ))
}

/// Excel's scientific notation: `1.23456782E+08`, `1,2345672E+07`. `None` when the text does not
/// have that shape; otherwise the digits, or why they cannot be trusted.
fn read_scientific(s: &str, expected: Expected) -> Option<Result<Vec<u8>, Problem>> {
    let (mantissa, exponent) = s.split_once(['e', 'E'])?;
    let (int, frac) = match mantissa.split_once(['.', ',']) {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let (negative, exp_digits) = match exponent.as_bytes().first() {
        Some(b'+') => (false, &exponent[1..]),
        Some(b'-') => (true, &exponent[1..]),
        _ => (false, exponent),
    };
    if exp_digits.is_empty() || exp_digits.len() > 3 || !all_digits(exp_digits) {
        return None;
    }
    let exp: usize = exp_digits.parse().ok()?;
    Some(scientific_digits(int, frac, exp, negative, expected))
}

fn scientific_digits(
    int: &str,
    frac: &str,
    exp: usize,
    negative_exp: bool,
    expected: Expected,
) -> Result<Vec<u8>, Problem> {
    // Zeros written after the last significant digit are digits too: `1.234567820E+08`.
    let kept = frac.len().min(exp);
    if (negative_exp && exp > 0) || frac[kept..].bytes().any(|b| b != b'0') {
        return Err(decimals_problem(expected));
    }
    let all = format!("{int}{}", &frac[..kept]);
    let significant = all.trim_start_matches('0');
    let length = match significant.len() {
        0 => 1,
        n => n + (exp - kept),
    };
    if length != 8 && length != 9 {
        return Err(count_problem(expected, length));
    }
    if kept < exp {
        return Err(Problem::error(format!(
            "Excel heeft dit getal afgerond: de laatste cijfers ontbreken. Zet de kolom in Excel \
             op Tekst en vul het {} opnieuw in.",
            expected.noun()
        )));
    }
    Ok(significant.as_bytes().to_vec())
}

// ---- Test data ------------------------------------------------------------------------------

/// How many different BSNs [`bsn_from_seed`] gives: seeds `0..TEST_BSN_COUNT` give distinct
/// numbers, larger seeds repeat them.
pub const TEST_BSN_COUNT: u32 = 9_000;

/// How many different onderwijsnummers [`onderwijsnummer_from_seed`] gives.
pub const TEST_ONDERWIJSNUMMER_COUNT: u32 = 900_000;

/// Complete 8 digits with the check digit that gives `rest` as weighted sum (mod 11), when one
/// exists (the needed digit may be 10).
fn with_check_digit(first8: [u8; 8], rest: i32) -> Option<[u8; 9]> {
    let sum: i32 = first8
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| i32::from(*d) * w)
        .sum();
    // sum − check ≡ rest (mod 11)
    let check = (sum - rest).rem_euclid(11);
    let check = u8::try_from(check).ok().filter(|c| *c <= 9)?;
    let mut out = [0u8; 9];
    for (o, d) in out.iter_mut().zip(first8.iter().chain([check].iter())) {
        *o = b'0' + d;
    }
    Some(out)
}

/// A number with the given fixed start, `free` digits taken from `seed`, and a last-but-one digit
/// chosen as the `k`-th of the (at least 9) values for which a check digit exists.
fn generated(prefix: &[u8], free: u32, k: u32, rest: i32) -> [u8; 9] {
    let mut first8 = [0u8; 8];
    for (slot, digit) in first8.iter_mut().zip(prefix) {
        *slot = *digit;
    }
    let mut n = free;
    for slot in first8
        .get_mut(prefix.len()..7)
        .unwrap_or_default()
        .iter_mut()
        .rev()
    {
        *slot = (n % 10) as u8;
        n /= 10;
    }
    (0u8..=9)
        .filter_map(|d| {
            first8[7] = d;
            with_check_digit(first8, rest)
        })
        .nth(k as usize)
        .unwrap_or([b'0'; 9])
}

/// A valid BSN in the BRP test range `9999xxxxx`, the same for the same seed. Seeds
/// `0..TEST_BSN_COUNT` give distinct numbers.
pub fn bsn_from_seed(seed: u32) -> Bsn {
    let s = seed % TEST_BSN_COUNT;
    Bsn(generated(&[9, 9, 9, 9], s / 9, s % 9, 0))
}

/// A valid onderwijsnummer (`10xxxxxxx`), the same for the same seed. Seeds
/// `0..TEST_ONDERWIJSNUMMER_COUNT` give distinct numbers. There is no official test range:
/// use these only in tests and examples.
pub fn onderwijsnummer_from_seed(seed: u32) -> Onderwijsnummer {
    let s = seed % TEST_ONDERWIJSNUMMER_COUNT;
    Onderwijsnummer(generated(&[1, 0], s / 9, s % 9, 5))
}

/// The ways users and spreadsheets write a 9-digit number: grouped, padded with spaces,
/// with `.0`, in Excel's scientific notation, and without its leading zero when it has one.
/// For tests of anything that reads numbers. A number with two leading zeros gets no variant that
/// drops them: 7 digits are not padded (only a lost single zero is unambiguous).
pub fn messy_variants(digits: &str) -> Vec<String> {
    let d = digits;
    let mut out = vec![d.to_string()];
    if d.len() == 9 && d.is_ascii() {
        out.extend([
            format!("{}.{}.{}", &d[..4], &d[4..6], &d[6..]),
            format!("{} {} {}", &d[..3], &d[3..6], &d[6..]),
            format!("  {d} "),
            format!("\u{A0}{d}\u{202F}"),
            format!("{d}.0"),
            format!("{d},00"),
            format!("'{d}"),
        ]);
        let number = d.strip_prefix('0').unwrap_or(d);
        if !number.starts_with('0') {
            let (first, rest) = number.split_at(1);
            let exp = rest.len();
            out.push(format!("{first}.{rest}E+{exp:02}"));
            out.push(format!("{first},{rest}E+{exp:02}"));
            out.push(format!("{first}.{rest}e{exp}"));
            if number.len() == 8 {
                out.push(number.to_string());
                out.push(format!("{number}.0"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    const VALID_BSNS: [&str; 5] = [
        "999990019",
        "999993653",
        "999991723",
        "100252333",
        "123456782",
    ];

    #[test]
    fn known_vectors() {
        for n in VALID_BSNS {
            assert_eq!(Bsn::parse(n).map(|b| b.to_string()), Ok(n.to_string()));
            assert!(Onderwijsnummer::parse(n).is_err(), "{n}");
            assert_eq!(
                classify(n),
                Ok(PersonNumber::Bsn(Bsn::from_digits(n).unwrap()))
            );
        }
        let own = "101222331";
        assert_eq!(
            Onderwijsnummer::parse(own).map(|o| o.to_string()),
            Ok(own.into())
        );
        assert!(Bsn::parse(own).is_err());
        assert!(matches!(
            classify(own),
            Ok(PersonNumber::Onderwijsnummer(_))
        ));
    }

    /// input → Ok(normalised digits) or Err(part of the message)
    #[test]
    fn bsn_cases() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("123456782", Ok("123456782")),
            ("1234.56.782", Ok("123456782")),
            ("123.456.782", Ok("123456782")),
            ("123 456 782", Ok("123456782")),
            ("123  456  782", Ok("123456782")),
            ("123-456-782", Ok("123456782")),
            ("123,456,782", Ok("123456782")),
            ("123456.782", Ok("123456782")),
            ("12345672", Ok("012345672")),
            ("1234.5672", Err("decimalen")),
            ("123456782.0", Ok("123456782")),
            ("123456782,00", Ok("123456782")),
            ("12345672.0", Ok("012345672")),
            ("1.23456782E+08", Ok("123456782")),
            ("1,23456782E+08", Ok("123456782")),
            ("1.23456782e8", Ok("123456782")),
            ("1.234567820E+08", Ok("123456782")),
            ("1.2345672E+07", Ok("012345672")),
            ("1,23457E+08", Err("afgerond")),
            ("1.2345678E+08", Err("afgerond")),
            ("1.23456782E+09", Err("dit zijn er 10")),
            ("1.23456782E+07", Err("decimalen")),
            ("1.5E-03", Err("decimalen")),
            (" 123456782 ", Ok("123456782")),
            ("\u{A0}123456782\u{A0}", Ok("123456782")),
            ("\u{202F}123\u{202F}456\u{202F}782", Ok("123456782")),
            ("\u{FEFF}123456782", Ok("123456782")),
            ("'123456782", Ok("123456782")),
            ("\"123456782\"", Ok("123456782")),
            ("012345672", Ok("012345672")),
            ("999990019", Ok("999990019")),
            ("", Err("Vul het BSN in.")),
            ("   ", Err("Vul het BSN in.")),
            ("\u{A0}", Err("Vul het BSN in.")),
            ("1234567", Err("Een BSN heeft 9 cijfers; dit zijn er 7.")),
            ("1", Err("dit is er 1.")),
            ("1234567820", Err("dit zijn er 10.")),
            (
                "12345678",
                Err("Ook met een 0 ervoor klopt de elfproef niet"),
            ),
            (
                "123456789",
                Err("Dit is geen geldig BSN: de elfproef klopt niet."),
            ),
            ("000000000", Err("000000000 is geen geldig BSN")),
            (
                "101222331",
                Err("Dit lijkt een onderwijsnummer, geen BSN — staat het in de goede kolom?"),
            ),
            (
                "201222341",
                Err("een onderwijsnummer begint met 10. Controleer de eerste cijfers."),
            ),
            ("12345678A", Err("letters")),
            ("BSN 123456782", Err("letters")),
            ("E+08", Err("letters")),
            ("1.2.3E+08", Err("letters")),
            ("123456782-", Err("vreemde plek")),
            ("-123456782", Err("vreemde plek")),
            ("123..456.782", Err("vreemde plek")),
            ("123. 456.782", Err("vreemde plek")),
            (
                "123/456/782",
                Err("Er staat een teken in dat niet in een BSN hoort: '/'."),
            ),
            ("#123456782", Err("'#'")),
            ("１２３４５６７８２", Err("'１'")),
        ];
        for (input, expected) in cases {
            let got = Bsn::parse(input);
            match (&got, expected) {
                (Ok(b), Ok(want)) => assert_eq!(b.as_str(), *want, "{input:?}"),
                (Err(p), Err(want)) => {
                    assert_eq!(p.severity, Severity::Error, "{input:?}");
                    assert!(p.message.contains(want), "{input:?}: {}", p.message);
                }
                _ => panic!("{input:?}: got {got:?}, want {expected:?}"),
            }
        }
    }

    #[test]
    fn onderwijsnummer_cases() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("101222331", Ok("101222331")),
            ("1012.22.331", Ok("101222331")),
            ("101 222 331", Ok("101222331")),
            ("101222331.0", Ok("101222331")),
            ("1.01222331E+08", Ok("101222331")),
            ("1,01222331E+08", Ok("101222331")),
            ("\u{A0}101222331 ", Ok("101222331")),
            ("", Err("Vul het onderwijsnummer in.")),
            (
                "123456782",
                Err("Dit lijkt een BSN, geen onderwijsnummer — staat het in de goede kolom?"),
            ),
            ("100252333", Err("Dit lijkt een BSN, geen onderwijsnummer")),
            (
                "12345672",
                Err("Dit lijkt een BSN (met de 0 vooraan weggevallen)"),
            ),
            (
                "10122233",
                Err("Een onderwijsnummer heeft 9 cijfers; dit zijn er 8."),
            ),
            (
                "101222332",
                Err("geen geldig onderwijsnummer: de elfproef klopt niet"),
            ),
            // Sum 5 with +1 as the last weight: the classic mistake.
            ("101222321", Err("de elfproef klopt niet")),
            ("201222341", Err("een onderwijsnummer begint met 10")),
            (
                "201222331",
                Err("het begint niet met 10 en de elfproef klopt niet"),
            ),
            (
                "10122233X",
                Err("Een onderwijsnummer bestaat alleen uit cijfers"),
            ),
        ];
        for (input, expected) in cases {
            let got = Onderwijsnummer::parse(input);
            match (&got, expected) {
                (Ok(o), Ok(want)) => assert_eq!(o.as_str(), *want, "{input:?}"),
                (Err(p), Err(want)) => {
                    assert!(p.message.contains(want), "{input:?}: {}", p.message)
                }
                _ => panic!("{input:?}: got {got:?}, want {expected:?}"),
            }
        }
    }

    #[test]
    fn classify_cases() {
        type Want = Result<(&'static str, &'static str), &'static str>;
        let cases: &[(&str, Want)] = &[
            ("123456782", Ok(("bsn", "123456782"))),
            ("12345672", Ok(("bsn", "012345672"))),
            ("100252333", Ok(("bsn", "100252333"))),
            ("101222331", Ok(("own", "101222331"))),
            ("1012.22.331", Ok(("own", "101222331"))),
            ("1.01222331E+08", Ok(("own", "101222331"))),
            ("", Err("Vul een BSN of onderwijsnummer in.")),
            (
                "123456789",
                Err("geen geldig BSN en ook geen geldig onderwijsnummer"),
            ),
            ("000000000", Err("000000000")),
            (
                "201222341",
                Err(
                    "klopt met de rekenregel voor onderwijsnummers, maar een onderwijsnummer begint met 10",
                ),
            ),
            (
                "12345678",
                Err("Een BSN of onderwijsnummer heeft 9 cijfers; dit zijn er 8."),
            ),
            (
                "12AB",
                Err("Een BSN of onderwijsnummer bestaat alleen uit cijfers"),
            ),
        ];
        for (input, expected) in cases {
            let got = classify(input).map(|n| match n {
                PersonNumber::Bsn(b) => ("bsn", b.to_string()),
                PersonNumber::Onderwijsnummer(o) => ("own", o.to_string()),
            });
            match (&got, expected) {
                (Ok((k, n)), Ok((wk, wn))) => assert_eq!((*k, n.as_str()), (*wk, *wn), "{input:?}"),
                (Err(p), Err(want)) => {
                    assert!(p.message.contains(want), "{input:?}: {}", p.message)
                }
                _ => panic!("{input:?}: got {got:?}, want {expected:?}"),
            }
        }
    }

    #[test]
    fn from_digits_is_strict() {
        assert!(Bsn::from_digits("123456782").is_some());
        for bad in [
            "12345672",
            "1234.56.782",
            " 123456782",
            "123456789",
            "000000000",
            "abcdefghi",
        ] {
            assert_eq!(Bsn::from_digits(bad), None, "{bad}");
        }
        assert!(Onderwijsnummer::from_digits("101222331").is_some());
        assert_eq!(Onderwijsnummer::from_digits("123456782"), None);
    }

    #[test]
    fn generators_give_valid_distinct_numbers() {
        let bsns: std::collections::HashSet<Bsn> = (0..TEST_BSN_COUNT).map(bsn_from_seed).collect();
        assert_eq!(bsns.len(), TEST_BSN_COUNT as usize);
        assert!(bsns.iter().all(|b| b.as_str().starts_with("9999")));
        assert!(bsns.iter().all(|b| Bsn::parse(b.as_str()) == Ok(*b)));
        assert_eq!(bsn_from_seed(TEST_BSN_COUNT), bsn_from_seed(0));
        let owns: std::collections::HashSet<Onderwijsnummer> =
            (0..50_000).map(onderwijsnummer_from_seed).collect();
        assert_eq!(owns.len(), 50_000);
        assert!(owns.iter().all(|o| o.as_str().starts_with("10")));
        assert!(
            owns.iter()
                .all(|o| Onderwijsnummer::parse(o.as_str()) == Ok(*o))
        );
        for seed in [u32::MAX, TEST_ONDERWIJSNUMMER_COUNT - 1, 123_456_789] {
            let o = onderwijsnummer_from_seed(seed);
            assert_eq!(Onderwijsnummer::from_digits(o.as_str()), Some(o));
            assert!(Bsn::from_digits(bsn_from_seed(seed).as_str()).is_some());
        }
    }

    #[test]
    fn messy_variants_of_known_numbers() {
        for n in VALID_BSNS.iter().chain(["012345672"].iter()) {
            for v in messy_variants(n) {
                assert_eq!(
                    Bsn::parse(&v).map(|b| b.to_string()),
                    Ok(n.to_string()),
                    "{v:?}"
                );
            }
        }
        assert!(messy_variants("012345672").contains(&"1.2345672E+07".to_string()));
        assert!(messy_variants("012345672").contains(&"12345672".to_string()));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn valid_bsn() -> impl Strategy<Value = String> {
            proptest::array::uniform8(0u8..10).prop_filter_map("no check digit", |first8| {
                with_check_digit(first8, 0)
                    .filter(is_valid_bsn)
                    .map(|d| digits_str(&d).to_string())
            })
        }

        fn valid_onderwijsnummer() -> impl Strategy<Value = String> {
            proptest::array::uniform6(0u8..10).prop_filter_map("no check digit", |six| {
                let mut first8 = [1, 0, 0, 0, 0, 0, 0, 0];
                first8[2..].copy_from_slice(&six);
                with_check_digit(first8, 5).map(|d| digits_str(&d).to_string())
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            #[test]
            fn valid_bsns_parse_in_every_messy_format(n in valid_bsn()) {
                for v in messy_variants(&n) {
                    prop_assert_eq!(Bsn::parse(&v).map(|b| b.to_string()), Ok(n.clone()), "{:?}", v);
                    prop_assert_eq!(classify(&v).map(|p| p.to_string()), Ok(n.clone()));
                }
            }

            #[test]
            fn valid_onderwijsnummers_parse_in_every_messy_format(n in valid_onderwijsnummer()) {
                for v in messy_variants(&n) {
                    prop_assert_eq!(
                        Onderwijsnummer::parse(&v).map(|o| o.to_string()), Ok(n.clone()), "{:?}", v
                    );
                }
            }

            #[test]
            fn one_changed_digit_fails(
                n in prop_oneof![valid_bsn(), valid_onderwijsnummer()],
                pos in 0usize..9,
                delta in 1u8..10,
            ) {
                let mut bytes = n.clone().into_bytes();
                bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
                let changed = String::from_utf8(bytes).unwrap();
                let was_bsn = Bsn::from_digits(&n).is_some();
                if was_bsn {
                    prop_assert!(Bsn::parse(&changed).is_err());
                } else {
                    prop_assert!(Onderwijsnummer::parse(&changed).is_err());
                }
            }

            #[test]
            fn no_number_is_both(digits in "[0-9]{9}") {
                let bsn = Bsn::parse(&digits).is_ok();
                let own = Onderwijsnummer::parse(&digits).is_ok();
                prop_assert!(!(bsn && own));
                prop_assert_eq!(classify(&digits).is_ok(), bsn || own);
            }

            #[test]
            fn never_panics(s in "\\PC*") {
                let _ = Bsn::parse(&s);
                let _ = Onderwijsnummer::parse(&s);
                let _ = classify(&s);
            }

            #[test]
            fn never_panics_on_number_like_text(s in "[0-9 .,eE+\\-'\"\u{A0}]{0,24}") {
                let parsed = [Bsn::parse(&s).map(|b| b.to_string()), classify(&s).map(|p| p.to_string())];
                for n in parsed.into_iter().flatten() {
                    prop_assert_eq!(n.len(), 9);
                }
            }
        }
    }
}
