//! Dutch surnames and their voorvoegsels (`van`, `de`, `van der`, …).
//!
//! A register may write "van der Berg" in one field, "Berg, van der" in another, "Berg" with
//! "van der" in a separate voorvoegsel column, or "v.d. Berg". [`split_surname`] brings all of them to
//! the same pair (voorvoegsel, achternaam). The list is the BRP's table of voorvoegsels (Tabel 36),
//! in lower case, longest first where one begins with another.

use super::text::is_space;

/// The BRP voorvoegsels (Tabel 36 Voorvoegseltabel), lower case.
pub const VOORVOEGSELS: &[&str] = &[
    "'s",
    "'t",
    "a",
    "aan",
    "aan 't",
    "aan de",
    "aan den",
    "aan der",
    "aan het",
    "aan t",
    "af",
    "al",
    "am",
    "am de",
    "auf",
    "auf dem",
    "auf den",
    "auf der",
    "auf ter",
    "aus",
    "aus 'm",
    "aus dem",
    "aus den",
    "aus der",
    "aus m",
    "ben",
    "bij",
    "bij 't",
    "bij de",
    "bij den",
    "bij het",
    "bij t",
    "bin",
    "boven d'",
    "d'",
    "da",
    "dal",
    "dal'",
    "dalla",
    "das",
    "de",
    "de die",
    "de die le",
    "de l'",
    "de la",
    "de las",
    "de le",
    "de van der",
    "deca",
    "degli",
    "dei",
    "del",
    "della",
    "den",
    "der",
    "des",
    "di",
    "die",
    "do",
    "don",
    "dos",
    "du",
    "el",
    "het",
    "i",
    "im",
    "in",
    "in 't",
    "in de",
    "in den",
    "in der",
    "in het",
    "in t",
    "l'",
    "la",
    "las",
    "le",
    "les",
    "lo",
    "los",
    "op",
    "op 't",
    "op de",
    "op den",
    "op der",
    "op gen",
    "op het",
    "op t",
    "op ten",
    "over",
    "over 't",
    "over de",
    "over den",
    "over het",
    "over t",
    "s'",
    "t",
    "te",
    "ten",
    "ter",
    "tho",
    "thoe",
    "thor",
    "to",
    "toe",
    "tot",
    "uijt",
    "uijt 't",
    "uijt de",
    "uijt den",
    "uijt te de",
    "uijt ten",
    "uit",
    "uit 't",
    "uit de",
    "uit den",
    "uit het",
    "uit t",
    "uit te de",
    "uit ten",
    "unter",
    "van",
    "van 't",
    "van de",
    "van de l'",
    "van den",
    "van der",
    "van gen",
    "van het",
    "van la",
    "van t",
    "van ter",
    "van van de",
    "ver",
    "vom",
    "von",
    "von 't",
    "von dem",
    "von den",
    "von der",
    "von t",
    "voor",
    "voor 't",
    "voor de",
    "voor den",
    "voor in 't",
    "voor in t",
    "vor der",
    "zu",
    "zum",
    "zur",
];

/// Common abbreviations in registers, expanded before matching against the list.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("v.d.", "van de"),
    ("v.d", "van de"),
    ("vd", "van de"),
    ("v/d", "van de"),
    ("v.", "van"),
    ("v", "van"),
    ("i.t.", "in 't"),
];

/// True when `text` (any case, any spacing) is a voorvoegsel from the list or an abbreviation.
pub fn is_voorvoegsel(text: &str) -> bool {
    let words = words_lower(text);
    !words.is_empty() && longest_prefix(&words).is_some_and(|n| n == words.len())
}

/// Split a surname field into (voorvoegsel, achternaam), both trimmed; the voorvoegsel in lower case.
///
/// Handles "van der Berg", "Van der Berg", "Berg, van der", "Berg van der" is *not* split (a trailing
/// voorvoegsel without a comma is too often part of a double name), "v.d. Berg" → ("van de", "Berg").
/// A name that is only a voorvoegsel-like word ("De") stays the achternaam.
pub fn split_surname(field: &str) -> (String, String) {
    let field = field.trim_matches(is_space);
    if let Some((before, after)) = field.split_once(',') {
        let after = after.trim_matches(is_space);
        let before = before.trim_matches(is_space);
        if !before.is_empty() && is_voorvoegsel(after) {
            return (expand(after), before.to_string());
        }
        if before.is_empty() || after.is_empty() {
            return split_surname(if before.is_empty() { after } else { before });
        }
    }
    let words: Vec<&str> = field.split(is_space).filter(|w| !w.is_empty()).collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    match longest_prefix(&lower) {
        Some(n) if n < words.len() => (expand(&span(&words, ..n)), span(&words, n..)),
        _ => (String::new(), words.join(" ")),
    }
}

/// Join voorvoegsel and achternaam as written in running text: "van den Berg".
pub fn full_surname(voorvoegsel: &str, achternaam: &str) -> String {
    let v = voorvoegsel.trim_matches(is_space);
    let a = achternaam.trim_matches(is_space);
    match (v.is_empty(), a.is_empty()) {
        (true, _) => a.to_string(),
        (false, true) => v.to_string(),
        (false, false) => format!("{v} {a}"),
    }
}

/// Split a whole name in one field into (given names, voorvoegsel, achternaam):
/// - "Jansen, Piet" and "Berg, Piet van der" (surname first, as the BRP sorts): the part before
///   the comma is the surname; a voorvoegsel at the end of the part after it belongs to the surname;
/// - "Piet van der Berg": the first voorvoegsel after the first word starts the surname;
/// - "Piet Jansen": the last word is the surname.
pub fn split_full_name(text: &str) -> (String, String, String) {
    let text = text.trim_matches(is_space);
    if let Some((surname, given)) = text.rsplit_once(',') {
        let (mut v, achternaam) = split_surname(surname);
        let words: Vec<&str> = given.split(is_space).filter(|w| !w.is_empty()).collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        // The longest run of words at the end that is a voorvoegsel ("Piet van der").
        let cut = (1..words.len())
            .find(|&i| is_voorvoegsel(&span(&lower, i..)))
            .unwrap_or(words.len());
        if cut < words.len() && v.is_empty() {
            v = expand(&span(&words, cut..));
        }
        return (span(&words, ..cut), v, achternaam);
    }
    let words: Vec<&str> = text.split(is_space).filter(|w| !w.is_empty()).collect();
    if words.len() < 2 {
        return (String::new(), String::new(), words.join(" "));
    }
    // A double surname joined by a hyphen ("Piet Jansen-de Vries") starts at its first part.
    if let Some(i) = (1..words.len()).find(|&i| words.get(i).is_some_and(|w| w.contains('-'))) {
        let (v, a) = split_surname(&span(&words, i..));
        return (span(&words, ..i), v, a);
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    for i in 1..words.len() - 1 {
        if let Some(n) = longest_prefix(lower.get(i..).unwrap_or_default())
            && i + n < words.len()
        {
            return (
                span(&words, ..i),
                expand(&span(&words, i..i + n)),
                span(&words, i + n..),
            );
        }
    }
    let last = words.len() - 1;
    (
        span(&words, ..last),
        String::new(),
        words
            .get(last)
            .map_or_else(String::new, |w| (*w).to_string()),
    )
}

/// The words in `range` joined by spaces; empty when the range is not in `words`.
fn span<S, R>(words: &[S], range: R) -> String
where
    S: std::borrow::Borrow<str>,
    R: std::slice::SliceIndex<[S], Output = [S]>,
{
    words.get(range).map_or_else(String::new, |w| w.join(" "))
}

/// True when `text` holds a letter that could not be read: `?` or U+FFFD (�). A name saved in
/// another character set than the one it is read in loses its ż, ł or ś this way ("?uckiewicz").
pub fn has_unreadable_letters(text: &str) -> bool {
    text.chars().any(is_unreadable)
}

fn is_unreadable(c: char) -> bool {
    c == '?' || c == '\u{FFFD}'
}

/// True when `a` and `b` are the same text, ignoring case and runs of spaces, where an unreadable
/// letter (`?`, U+FFFD) on either side stands for any one letter: "?uckiewicz" reads as
/// "Luckiewicz".
pub fn same_reading(a: &str, b: &str) -> bool {
    let fold = |t: &str| -> Vec<char> {
        t.split(is_space)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (fold(a), fold(b));
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || is_unreadable(*x) || is_unreadable(*y))
}

fn words_lower(text: &str) -> Vec<String> {
    text.split(is_space)
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The voorvoegsel written out in full and in lower case: "V.D." → "van de".
fn expand(text: &str) -> String {
    words_lower(text)
        .iter()
        .map(|w| {
            let w = w.replace('’', "'");
            ABBREVIATIONS
                .iter()
                .find(|(abbr, _)| *abbr == w)
                .map_or(w.clone(), |(_, full)| (*full).to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many leading words form the longest voorvoegsel in the list (after expanding abbreviations).
fn longest_prefix(words: &[String]) -> Option<usize> {
    let mut best = None;
    for n in 1..=words.len().min(4) {
        if VOORVOEGSELS
            .binary_search(&expand(&span(words, ..n)).as_str())
            .is_ok()
        {
            best = Some(n);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_so_binary_search_works() {
        assert!(VOORVOEGSELS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn surname_fields_split_the_same_way() {
        let cases = [
            ("van der Berg", ("van der", "Berg")),
            ("Van der Berg", ("van der", "Berg")),
            ("Berg, van der", ("van der", "Berg")),
            ("Berg , Van Der", ("van der", "Berg")),
            ("v.d. Berg", ("van de", "Berg")),
            ("V/D Berg", ("van de", "Berg")),
            ("de Vries", ("de", "Vries")),
            ("'t Hart", ("'t", "Hart")),
            ("’t Hart", ("'t", "Hart")),
            ("van 't Hof", ("van 't", "Hof")),
            ("Jansen", ("", "Jansen")),
            ("De", ("", "De")),
            ("van", ("", "van")),
            ("El Amrani", ("el", "Amrani")),
            ("Berg-de Jong", ("", "Berg-de Jong")),
            ("Smit van Dam", ("", "Smit van Dam")),
            ("  ", ("", "")),
            ("", ("", "")),
            (",", ("", "")),
            ("Berg,", ("", "Berg")),
        ];
        for (input, (v, a)) in cases {
            assert_eq!(
                split_surname(input),
                (v.to_string(), a.to_string()),
                "{input:?}"
            );
        }
    }

    #[test]
    fn voorvoegsels_are_recognised_in_any_case_and_abbreviated() {
        for yes in ["van", "Van Der", "v.d.", "in 't", "VON DER"] {
            assert!(is_voorvoegsel(yes), "{yes}");
        }
        for no in ["", "Berg", "van Berg", "vander"] {
            assert!(!is_voorvoegsel(no), "{no}");
        }
    }

    #[test]
    fn whole_names_split_into_given_names_voorvoegsel_and_surname() {
        let cases = [
            ("Jansen, Piet", ("Piet", "", "Jansen")),
            ("Berg, Piet van der", ("Piet", "van der", "Berg")),
            ("Berg, van der, Piet", ("Piet", "van der", "Berg")),
            ("Piet van der Berg", ("Piet", "van der", "Berg")),
            ("Anna Maria de Vries", ("Anna Maria", "de", "Vries")),
            ("Piet Jansen", ("Piet", "", "Jansen")),
            ("Piet Jansen-de Vries", ("Piet", "", "Jansen-de Vries")),
            ("Anne-Marie de Vries", ("Anne-Marie", "de", "Vries")),
            ("Fatima El Amrani", ("Fatima", "el", "Amrani")),
            ("Jansen", ("", "", "Jansen")),
            ("Piet de", ("Piet", "", "de")),
            ("", ("", "", "")),
            (",", ("", "", "")),
        ];
        for (input, (g, v, a)) in cases {
            assert_eq!(
                split_full_name(input),
                (g.to_string(), v.to_string(), a.to_string()),
                "{input:?}"
            );
        }
    }

    #[test]
    fn full_surname_joins_with_one_space() {
        assert_eq!(full_surname(" van der ", "Berg"), "van der Berg");
        assert_eq!(full_surname("", "Berg"), "Berg");
        assert_eq!(full_surname("de", ""), "de");
    }

    /// The `?`-name rule: `?` and U+FFFD are unreadable letters, and stand for one letter.
    #[test]
    fn unreadable_letters() {
        for (text, unreadable) in [
            ("Luckiewicz", false),
            ("?uckiewicz", true),
            ("Przewo\u{FFFD}niak", true),
            ("Duda?a", true),
            ("", false),
            ("van 't Hof", false),
        ] {
            assert_eq!(has_unreadable_letters(text), unreadable, "{text}");
        }
        for (a, b, same) in [
            ("?uckiewicz", "Luckiewicz", true),
            ("Luckiewicz", "?uckiewicz", true),
            ("Przewo\u{FFFD}niak", "Przewoźniak", true),
            ("luckiewicz ", " LUCKIEWICZ", true),
            ("Jan  Piet", "jan piet", true),
            // One unreadable letter stands for one letter, not for a missing one or for two.
            ("?uckiewicz", "uckiewicz", false),
            ("?uckiewicz", "Lluckiewicz", false),
            ("?uckiewicz", "Luckiewitz", false),
            ("Vries", "Fries", false),
        ] {
            assert_eq!(same_reading(a, b), same, "{a} {b}");
        }
    }
}
