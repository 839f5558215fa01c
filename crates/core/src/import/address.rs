//! A combined address column split the Dutch way: `Kerkstraat 12a` → straat `Kerkstraat`,
//! huisnummer `12`, toevoeging `a`; `Dorpsweg 3-2`, `Laan 1940-1945 12 bis`,
//! `1e Jan Steenstraat 5 hs`, `Kerkstraat 12 2 hoog`; with postcode and woonplaats in the same value
//! (`Kerkstraat 12a, 1234 AB Utrecht`) those too. The street comes first and the number after it;
//! whatever does not fit that is not guessed at: the value is kept whole and reported.

use crate::text::{fold, is_space};

/// What [`split_address`] made of a value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressParts {
    pub straat: String,
    pub huisnummer: String,
    pub toevoeging: String,
    /// As written (`1234 AB`); the importer normalises it like a postcode column.
    pub postcode: String,
    pub woonplaats: String,
    /// Why the value was not (or not wholly) split; `None` when it was.
    pub unsplit: Option<Unsplit>,
}

/// A value that was not split into street and number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsplit {
    /// `Postbus 123`, `Antwoordnummer 45`: not a home address; kept whole as the street.
    Postbus,
    /// No number after a street (or no street before the number): kept whole as the street.
    NoNumber,
}

/// Words after a house number that belong to its toevoeging: `hs` (huis), `bis`, floors and
/// sides as officers meet them.
const TOEVOEGING_WORDS: &[&str] = &[
    "hs", "huis", "bis", "ter", "boven", "bov", "beneden", "ben", "bg", "achter", "voor", "rood",
    "zwart", "hoog", "hg", "links", "rechts", "zw", "rd",
];

/// Words that make a floor with the number before them: `2 hoog` is the toevoeging of `12`, not
/// the house number.
const FLOOR_WORDS: &[&str] = &["hoog", "hg"];

/// First words of a value that is not a home address.
const POSTBUS_WORDS: &[&str] = &["postbus", "pb", "antwoordnummer", "antwoordnr"];

/// Split one address value. Never panics; an empty value gives empty parts.
pub fn split_address(value: &str) -> AddressParts {
    let value = value.trim_matches(|c: char| is_space(c) || c == ',');
    let mut parts = AddressParts::default();
    if value.is_empty() {
        return parts;
    }
    let (street_part, postcode, woonplaats) = match find_postcode(value) {
        Some((start, end)) => (
            value[..start].trim_matches(|c: char| is_space(c) || c == ','),
            value[start..end].to_string(),
            value[end..]
                .trim_matches(|c: char| is_space(c) || c == ',')
                .to_string(),
        ),
        None => (value, String::new(), String::new()),
    };
    parts.postcode = postcode;
    parts.woonplaats = woonplaats;
    if street_part.is_empty() {
        // Only a postcode and a woonplaats ("Adresregel 2"): nothing to split.
        if parts.postcode.is_empty() {
            parts.straat = value.to_string();
            parts.unsplit = Some(Unsplit::NoNumber);
        }
        return parts;
    }
    let tokens: Vec<&str> = street_part
        .split(|c: char| is_space(c) || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    if tokens
        .first()
        .is_some_and(|t| POSTBUS_WORDS.contains(&fold(t.trim_end_matches('.')).as_str()))
    {
        parts.straat = street_part.to_string();
        parts.unsplit = Some(Unsplit::Postbus);
        return parts;
    }
    match split_tokens(&tokens) {
        Some((street, number, toevoeging)) => {
            parts.straat = street;
            parts.huisnummer = number;
            parts.toevoeging = toevoeging;
        }
        None => {
            parts.straat = street_part.to_string();
            parts.unsplit = Some(Unsplit::NoNumber);
        }
    }
    parts
}

/// The byte range of a Dutch postcode in `value` (`1234 AB`, `1234AB`): four digits not starting
/// with 0 and two letters, standing alone, after a house number or a comma (so that
/// `Plein 1940 De Bevrijding 3` keeps its year). The last one counts.
fn find_postcode(value: &str) -> Option<(usize, usize)> {
    let b = value.as_bytes();
    let mut found = None;
    for start in 0..b.len() {
        if start > 0 && b.get(start - 1).is_some_and(u8::is_ascii_alphanumeric) {
            continue;
        }
        let Some(digits) = b.get(start..start + 4) else {
            break;
        };
        if !digits.iter().all(u8::is_ascii_digit) || digits.first() == Some(&b'0') {
            continue;
        }
        let mut i = start + 4;
        if b.get(i) == Some(&b' ') {
            i += 1;
        }
        let Some(letters) = b.get(i..i + 2) else {
            continue;
        };
        if !letters.iter().all(u8::is_ascii_alphabetic) {
            continue;
        }
        let end = i + 2;
        if b.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            continue;
        }
        let before = value[..start].trim_end_matches(is_space);
        let after_number_or_comma = before.is_empty()
            || before.ends_with(',')
            || before
                .rsplit(is_space)
                .next()
                .is_some_and(|t| t.bytes().next().is_some_and(|c| c.is_ascii_digit()))
            || before
                .rsplit(is_space)
                .next()
                .is_some_and(|t| TOEVOEGING_WORDS.contains(&fold(t).as_str()));
        if after_number_or_comma {
            found = Some((start, end));
        }
    }
    found
}

/// A huisnummer with a toevoeging glued on, as one cell holds it: `12a` → (`12`, `a`),
/// `3-2` → (`3`, `2`); `None` for a bare number or anything else.
pub fn split_number(value: &str) -> Option<(&str, &str)> {
    number_token(value).filter(|(_, glued)| !glued.is_empty())
}

/// A house-number token: digits (at most 5), then perhaps a toevoeging glued on (`12a`, `3-2`,
/// `14-III`, `12/2`). Returns the number and the toevoeging (without the joining `-` or `/`).
fn number_token(token: &str) -> Option<(&str, &str)> {
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 5 {
        return None;
    }
    let (number, rest) = token.split_at(digits);
    if number.starts_with('0') {
        return None;
    }
    let rest = rest.strip_prefix(['-', '/']).unwrap_or(rest);
    if rest.len() > 6 || !rest.chars().all(|c| c.is_alphanumeric() || c == '-') {
        return None;
    }
    Some((number, rest))
}

/// A token after the house number that belongs to the toevoeging: a known word, or short
/// (`A`, `II`, `2`, `a-2`).
fn toevoeging_like(token: &str) -> bool {
    let t = token.trim_end_matches('.');
    TOEVOEGING_WORDS.contains(&fold(t).as_str())
        || (!t.is_empty()
            && t.chars().count() <= 4
            && t.chars().all(|c| c.is_alphanumeric() || c == '-'))
}

/// Street, number and toevoeging from the words of a value: the number is the last word that
/// starts with a digit and is followed only by toevoeging words (at most two); a number followed
/// by `hoog` is a floor, so the number is the one before it. The street must have a letter.
fn split_tokens(tokens: &[&str]) -> Option<(String, String, String)> {
    let n = tokens.len();
    for k in (1..n).rev() {
        let tail = tokens.get(k + 1..).unwrap_or_default();
        if tail.len() > 2 || !tail.iter().all(|t| toevoeging_like(t)) {
            // Words that are no toevoeging come after: no earlier number can be the house number.
            return None;
        }
        let Some((number, glued)) = tokens.get(k).and_then(|t| number_token(t)) else {
            continue;
        };
        if tail
            .first()
            .is_some_and(|t| FLOOR_WORDS.contains(&fold(t.trim_end_matches('.')).as_str()))
            && glued.is_empty()
            && k >= 2
            && tokens.get(k - 1).is_some_and(|t| number_token(t).is_some())
        {
            // "12 2 hoog": 2 hoog is the toevoeging of 12.
            continue;
        }
        let street = tokens.get(..k).unwrap_or_default();
        if !street.iter().any(|t| t.chars().any(char::is_alphabetic)) {
            return None;
        }
        let mut toevoeging: Vec<&str> = Vec::new();
        if !glued.is_empty() {
            toevoeging.push(glued);
        }
        toevoeging.extend(tail.iter().map(|t| t.trim_start_matches(['-', '/'])));
        toevoeging.retain(|t| !t.is_empty());
        return Some((street.join(" "), number.to_string(), toevoeging.join(" ")));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(v: &str) -> (String, String, String, String, String, Option<Unsplit>) {
        let p = split_address(v);
        (
            p.straat,
            p.huisnummer,
            p.toevoeging,
            p.postcode,
            p.woonplaats,
            p.unsplit,
        )
    }

    #[test]
    fn addresses_are_split_the_dutch_way() {
        // (value, straat, huisnummer, toevoeging, postcode, woonplaats)
        let cases = [
            ("Kerkstraat 12a", "Kerkstraat", "12", "a", "", ""),
            ("Kerkstraat 12 A", "Kerkstraat", "12", "A", "", ""),
            ("Dorpsweg 3-2", "Dorpsweg", "3", "2", "", ""),
            ("Dorpsweg 3 -2", "Dorpsweg", "3", "2", "", ""),
            (
                "Laan 1940-1945 12 bis",
                "Laan 1940-1945",
                "12",
                "bis",
                "",
                "",
            ),
            (
                "1e Jan Steenstraat 5 hs",
                "1e Jan Steenstraat",
                "5",
                "hs",
                "",
                "",
            ),
            (
                "2e Helmersstraat 14-III",
                "2e Helmersstraat",
                "14",
                "III",
                "",
                "",
            ),
            ("Kerkstraat 12 2 hoog", "Kerkstraat", "12", "2 hoog", "", ""),
            ("Plein 1944 3", "Plein 1944", "3", "", "", ""),
            ("Kerkstraat 12A-2", "Kerkstraat", "12", "A-2", "", ""),
            ("Kerkstraat 7", "Kerkstraat", "7", "", "", ""),
            (
                "Kerkstraat 12a, 1234 AB Utrecht",
                "Kerkstraat",
                "12",
                "a",
                "1234 AB",
                "Utrecht",
            ),
            (
                "Dorpsweg 3-2 1234AB  Den Haag",
                "Dorpsweg",
                "3",
                "2",
                "1234AB",
                "Den Haag",
            ),
            (
                "Laan 1940-1945 12 bis, 3511 CX, Utrecht",
                "Laan 1940-1945",
                "12",
                "bis",
                "3511 CX",
                "Utrecht",
            ),
            ("1234 AB Utrecht", "", "", "", "1234 AB", "Utrecht"),
            (" Kerkstraat 12a , ", "Kerkstraat", "12", "a", "", ""),
            ("", "", "", "", "", ""),
        ];
        for (v, straat, nr, toev, pc, plaats) in cases {
            assert_eq!(
                split(v),
                (
                    straat.to_string(),
                    nr.to_string(),
                    toev.to_string(),
                    pc.to_string(),
                    plaats.to_string(),
                    None
                ),
                "{v:?}"
            );
        }
    }

    #[test]
    fn what_cannot_be_split_is_kept_whole_and_marked() {
        for (v, why) in [
            ("Postbus 123", Unsplit::Postbus),
            ("postbus 123, 1000 AA Amsterdam", Unsplit::Postbus),
            ("Antwoordnummer 4512", Unsplit::Postbus),
            ("Kerkstraat", Unsplit::NoNumber),
            ("12 Kerkstraat", Unsplit::NoNumber),
            ("Kerkstraat12a", Unsplit::NoNumber),
            ("Woonboot bij de brug", Unsplit::NoNumber),
            ("12", Unsplit::NoNumber),
            ("Kerkstraat 12 achter de kerk links", Unsplit::NoNumber),
        ] {
            let p = split_address(v);
            assert_eq!(p.unsplit, Some(why), "{v:?}");
            assert!(p.huisnummer.is_empty(), "{v:?}");
            assert!(!p.straat.is_empty(), "{v:?}");
        }
        // The postbus keeps its postcode and place, which are real.
        let p = split_address("Postbus 123, 1000 AA Amsterdam");
        assert_eq!(
            (
                p.straat.as_str(),
                p.postcode.as_str(),
                p.woonplaats.as_str()
            ),
            ("Postbus 123", "1000 AA", "Amsterdam")
        );
    }

    #[test]
    fn a_year_in_a_street_name_is_no_postcode() {
        let p = split_address("Plein 1940 De Bevrijding 3");
        assert_eq!(
            (
                p.straat.as_str(),
                p.huisnummer.as_str(),
                p.postcode.as_str()
            ),
            ("Plein 1940 De Bevrijding", "3", "")
        );
    }

    #[test]
    fn any_text_is_survived() {
        for v in [
            "ß 1",
            "1ß",
            "€ 12 €",
            "Straat 99999999",
            "Straat 0",
            "—",
            ",,,",
            "a 1 2 3 4",
        ] {
            let _ = split_address(v);
        }
    }
}
