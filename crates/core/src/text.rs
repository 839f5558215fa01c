//! Small text helpers shared by the domain modules.

/// Lower-case, fold every Latin letter with a diacritic to its base letters ([`fold_letter`]),
/// drop combining marks, and fold punctuation and runs of white space to one space. Letters of
/// other scripts are kept as they are: folding never drops a letter. Used for searching, not for
/// display.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut last_space = true;
    for c in input.chars().flat_map(char::to_lowercase) {
        if let Some(base) = fold_letter(c) {
            out.push_str(base);
        } else if is_combining_mark(c) {
            continue;
        } else if c.is_alphanumeric() {
            out.push(c);
        } else {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        last_space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The base letters of a lower-case Latin letter with a diacritic, a ligature or a special form
/// (é → e, ł → l, ı → i, ø → o, ß → ss, æ → ae, ĳ → ij, þ → th, ễ → e); `None` for any other
/// character. The one folding table of the crate: [`fold`] and the duplicate finder's
/// `matcher::normalize::fold` use it.
pub fn fold_letter(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        return None;
    }
    LATIN
        .binary_search_by(|(k, _)| k.cmp(&c))
        .ok()
        .and_then(|i| LATIN.get(i))
        .map(|(_, base)| *base)
}

/// A combining diacritical mark (U+0300–U+036F, and the supplement U+1DC0–U+1DFF): what a
/// decomposed "é" (e + U+0301) carries; dropped by folding.
pub fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1DC0}'..='\u{1DFF}')
}

/// Every lower-case Latin letter with a diacritic (or a ligature or special form) in Latin-1
/// Supplement, Latin Extended-A and -B and Latin Extended Additional, with its base letters:
/// generated from Unicode's canonical decompositions (NFD, marks dropped) plus the letters that
/// have none (ø, ł, đ, ı, ß, æ, …). Sorted by letter, searched by binary search.
const LATIN: &[(char, &str)] = &[
    ('ß', "ss"),
    ('à', "a"),
    ('á', "a"),
    ('â', "a"),
    ('ã', "a"),
    ('ä', "a"),
    ('å', "a"),
    ('æ', "ae"),
    ('ç', "c"),
    ('è', "e"),
    ('é', "e"),
    ('ê', "e"),
    ('ë', "e"),
    ('ì', "i"),
    ('í', "i"),
    ('î', "i"),
    ('ï', "i"),
    ('ð', "d"),
    ('ñ', "n"),
    ('ò', "o"),
    ('ó', "o"),
    ('ô', "o"),
    ('õ', "o"),
    ('ö', "o"),
    ('ø', "o"),
    ('ù', "u"),
    ('ú', "u"),
    ('û', "u"),
    ('ü', "u"),
    ('ý', "y"),
    ('þ', "th"),
    ('ÿ', "y"),
    ('ā', "a"),
    ('ă', "a"),
    ('ą', "a"),
    ('ć', "c"),
    ('ĉ', "c"),
    ('ċ', "c"),
    ('č', "c"),
    ('ď', "d"),
    ('đ', "d"),
    ('ē', "e"),
    ('ĕ', "e"),
    ('ė', "e"),
    ('ę', "e"),
    ('ě', "e"),
    ('ĝ', "g"),
    ('ğ', "g"),
    ('ġ', "g"),
    ('ģ', "g"),
    ('ĥ', "h"),
    ('ħ', "h"),
    ('ĩ', "i"),
    ('ī', "i"),
    ('ĭ', "i"),
    ('į', "i"),
    ('ı', "i"),
    ('ĳ', "ij"),
    ('ĵ', "j"),
    ('ķ', "k"),
    ('ĸ', "k"),
    ('ĺ', "l"),
    ('ļ', "l"),
    ('ľ', "l"),
    ('ŀ', "l"),
    ('ł', "l"),
    ('ń', "n"),
    ('ņ', "n"),
    ('ň', "n"),
    ('ŉ', "n"),
    ('ō', "o"),
    ('ŏ', "o"),
    ('ő', "o"),
    ('œ', "oe"),
    ('ŕ', "r"),
    ('ŗ', "r"),
    ('ř', "r"),
    ('ś', "s"),
    ('ŝ', "s"),
    ('ş', "s"),
    ('š', "s"),
    ('ţ', "t"),
    ('ť', "t"),
    ('ŧ', "t"),
    ('ũ', "u"),
    ('ū', "u"),
    ('ŭ', "u"),
    ('ů', "u"),
    ('ű', "u"),
    ('ų', "u"),
    ('ŵ', "w"),
    ('ŷ', "y"),
    ('ź', "z"),
    ('ż', "z"),
    ('ž', "z"),
    ('ſ', "s"),
    ('ƀ', "b"),
    ('ƃ', "b"),
    ('ƈ', "c"),
    ('ƌ', "d"),
    ('ƒ', "f"),
    ('ƕ', "hv"),
    ('ƙ', "k"),
    ('ƚ', "l"),
    ('ƞ', "n"),
    ('ơ', "o"),
    ('ƣ', "oi"),
    ('ƥ', "p"),
    ('ƫ', "t"),
    ('ƭ', "t"),
    ('ư', "u"),
    ('ƴ', "y"),
    ('ƶ', "z"),
    ('ƿ', "w"),
    ('ǆ', "dz"),
    ('ǉ', "lj"),
    ('ǌ', "nj"),
    ('ǎ', "a"),
    ('ǐ', "i"),
    ('ǒ', "o"),
    ('ǔ', "u"),
    ('ǖ', "u"),
    ('ǘ', "u"),
    ('ǚ', "u"),
    ('ǜ', "u"),
    ('ǝ', "e"),
    ('ǟ', "a"),
    ('ǡ', "a"),
    ('ǣ', "ae"),
    ('ǥ', "g"),
    ('ǧ', "g"),
    ('ǩ', "k"),
    ('ǫ', "o"),
    ('ǭ', "o"),
    ('ǰ', "j"),
    ('ǳ', "dz"),
    ('ǵ', "g"),
    ('ǹ', "n"),
    ('ǻ', "a"),
    ('ǽ', "ae"),
    ('ǿ', "o"),
    ('ȁ', "a"),
    ('ȃ', "a"),
    ('ȅ', "e"),
    ('ȇ', "e"),
    ('ȉ', "i"),
    ('ȋ', "i"),
    ('ȍ', "o"),
    ('ȏ', "o"),
    ('ȑ', "r"),
    ('ȓ', "r"),
    ('ȕ', "u"),
    ('ȗ', "u"),
    ('ș', "s"),
    ('ț', "t"),
    ('ȝ', "y"),
    ('ȟ', "h"),
    ('ȡ', "d"),
    ('ȣ', "ou"),
    ('ȥ', "z"),
    ('ȧ', "a"),
    ('ȩ', "e"),
    ('ȫ', "o"),
    ('ȭ', "o"),
    ('ȯ', "o"),
    ('ȱ', "o"),
    ('ȳ', "y"),
    ('ȴ', "l"),
    ('ȵ', "n"),
    ('ȶ', "t"),
    ('ȷ', "j"),
    ('ȼ', "c"),
    ('ȿ', "s"),
    ('ɀ', "z"),
    ('ɇ', "e"),
    ('ɉ', "j"),
    ('ɋ', "q"),
    ('ɍ', "r"),
    ('ɏ', "y"),
    ('ḁ', "a"),
    ('ḃ', "b"),
    ('ḅ', "b"),
    ('ḇ', "b"),
    ('ḉ', "c"),
    ('ḋ', "d"),
    ('ḍ', "d"),
    ('ḏ', "d"),
    ('ḑ', "d"),
    ('ḓ', "d"),
    ('ḕ', "e"),
    ('ḗ', "e"),
    ('ḙ', "e"),
    ('ḛ', "e"),
    ('ḝ', "e"),
    ('ḟ', "f"),
    ('ḡ', "g"),
    ('ḣ', "h"),
    ('ḥ', "h"),
    ('ḧ', "h"),
    ('ḩ', "h"),
    ('ḫ', "h"),
    ('ḭ', "i"),
    ('ḯ', "i"),
    ('ḱ', "k"),
    ('ḳ', "k"),
    ('ḵ', "k"),
    ('ḷ', "l"),
    ('ḹ', "l"),
    ('ḻ', "l"),
    ('ḽ', "l"),
    ('ḿ', "m"),
    ('ṁ', "m"),
    ('ṃ', "m"),
    ('ṅ', "n"),
    ('ṇ', "n"),
    ('ṉ', "n"),
    ('ṋ', "n"),
    ('ṍ', "o"),
    ('ṏ', "o"),
    ('ṑ', "o"),
    ('ṓ', "o"),
    ('ṕ', "p"),
    ('ṗ', "p"),
    ('ṙ', "r"),
    ('ṛ', "r"),
    ('ṝ', "r"),
    ('ṟ', "r"),
    ('ṡ', "s"),
    ('ṣ', "s"),
    ('ṥ', "s"),
    ('ṧ', "s"),
    ('ṩ', "s"),
    ('ṫ', "t"),
    ('ṭ', "t"),
    ('ṯ', "t"),
    ('ṱ', "t"),
    ('ṳ', "u"),
    ('ṵ', "u"),
    ('ṷ', "u"),
    ('ṹ', "u"),
    ('ṻ', "u"),
    ('ṽ', "v"),
    ('ṿ', "v"),
    ('ẁ', "w"),
    ('ẃ', "w"),
    ('ẅ', "w"),
    ('ẇ', "w"),
    ('ẉ', "w"),
    ('ẋ', "x"),
    ('ẍ', "x"),
    ('ẏ', "y"),
    ('ẑ', "z"),
    ('ẓ', "z"),
    ('ẕ', "z"),
    ('ẖ', "h"),
    ('ẗ', "t"),
    ('ẘ', "w"),
    ('ẙ', "y"),
    ('ẛ', "s"),
    ('ẜ', "s"),
    ('ẝ', "s"),
    ('ạ', "a"),
    ('ả', "a"),
    ('ấ', "a"),
    ('ầ', "a"),
    ('ẩ', "a"),
    ('ẫ', "a"),
    ('ậ', "a"),
    ('ắ', "a"),
    ('ằ', "a"),
    ('ẳ', "a"),
    ('ẵ', "a"),
    ('ặ', "a"),
    ('ẹ', "e"),
    ('ẻ', "e"),
    ('ẽ', "e"),
    ('ế', "e"),
    ('ề', "e"),
    ('ể', "e"),
    ('ễ', "e"),
    ('ệ', "e"),
    ('ỉ', "i"),
    ('ị', "i"),
    ('ọ', "o"),
    ('ỏ', "o"),
    ('ố', "o"),
    ('ồ', "o"),
    ('ổ', "o"),
    ('ỗ', "o"),
    ('ộ', "o"),
    ('ớ', "o"),
    ('ờ', "o"),
    ('ở', "o"),
    ('ỡ', "o"),
    ('ợ', "o"),
    ('ụ', "u"),
    ('ủ', "u"),
    ('ứ', "u"),
    ('ừ', "u"),
    ('ử', "u"),
    ('ữ', "u"),
    ('ự', "u"),
    ('ỳ', "y"),
    ('ỵ', "y"),
    ('ỷ', "y"),
    ('ỹ', "y"),
    ('ỻ', "ll"),
    ('ỽ', "v"),
    ('ỿ', "y"),
];

/// White space as registers and spreadsheets give it: also non-breaking and zero-width spaces and
/// the byte-order mark.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{2060}')
}

pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_space)
}

/// Trimmed, runs of white space (also non-breaking, line breaks) as one space.
pub fn clean_text(s: &str) -> String {
    s.split(is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Split one line of a simple comma-separated file, honouring double quotes
/// (`0820,"Nuenen, Gerwen en Nederwetten",…`).
pub fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// A count in Dutch notation: a dot between thousands ("7.220", "100.000").
pub fn dutch_number(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A count with its noun: "1 regel", "0 regels", "7.220 regels".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", dutch_number(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_number_cases() {
        let cases = [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1.000"),
            (7220, "7.220"),
            (100_000, "100.000"),
            (1_234_567, "1.234.567"),
        ];
        for (n, expected) in cases {
            assert_eq!(dutch_number(n), expected, "{n}");
        }
        assert_eq!(count(1, "regel", "regels"), "1 regel");
        assert_eq!(count(0, "regel", "regels"), "0 regels");
        assert_eq!(count(7220, "regel", "regels"), "7.220 regels");
    }

    #[test]
    fn fold_cases() {
        let cases = [
            ("Súdwest-Fryslân", "sudwest fryslan"),
            ("'s-Gravenhage", "s gravenhage"),
            ("  Beek (L.) ", "beek l"),
            ("Łódź Ĳssel", "lodz ijssel"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(fold(input), expected, "{input}");
        }
    }

    /// Names from about ten languages with and without their diacritics: both fold the same, in
    /// the crate's folding and in the duplicate finder's.
    #[test]
    fn names_with_and_without_diacritics_fold_the_same() {
        let cases = [
            ("Ioniță", "Ionita"),
            ("Ștefănescu", "Stefanescu"),
            ("Nguyễn Thị Hồng", "Nguyen Thi Hong"),
            ("Trần Đặng", "Tran Dang"),
            ("Phạm Quỳnh", "Pham Quynh"),
            ("Łukasz Wiśniewski", "Lukasz Wisniewski"),
            ("Dvořák", "Dvorak"),
            ("Šimkūnas", "Simkunas"),
            ("Žemaitė", "Zemaite"),
            ("Ķēniņš", "Kenins"),
            ("Doğan Çelik", "Dogan Celik"),
            ("İnce", "Ince"),
            ("Søren Ærø", "Soren AEro"),
            ("Győző Erdős", "Gyozo Erdos"),
            ("Đurđević", "Durdevic"),
            ("Þór", "Thor"),
            ("Straße", "Strasse"),
            ("Citroën Noël", "Citroen Noel"),
            ("Ĳsselmeer", "IJsselmeer"),
            ("e\u{301}lodie", "elodie"),
        ];
        for (with, without) in cases {
            assert_eq!(fold(with), fold(without), "{with}");
            assert_eq!(
                crate::matcher::normalize::fold(with),
                crate::matcher::normalize::fold(without),
                "{with}"
            );
        }
        assert_eq!(fold("Ioniță"), "ionita");
        assert_eq!(crate::matcher::normalize::fold("Nguyễn"), "nguyen");
        assert_eq!(fold("Ægir"), "aegir");
    }

    #[test]
    fn the_table_is_sorted_and_folds_to_lower_case_ascii() {
        assert!(LATIN.windows(2).all(|w| w[0].0 < w[1].0));
        for (c, base) in LATIN {
            assert!(!c.is_ascii() && c.is_lowercase(), "{c}");
            assert!(
                !base.is_empty() && base.chars().all(|b| b.is_ascii_lowercase()),
                "{c}"
            );
        }
    }

    /// The letters with a base in the table, by base letter: to put diacritics on a name.
    fn accented(base: char) -> Vec<char> {
        LATIN
            .iter()
            .filter(|(c, b)| b.len() == 1 && b.starts_with(base) && c.to_uppercase().count() == 1)
            .map(|(c, _)| *c)
            .collect()
    }

    proptest::proptest! {
        /// Folding never drops a letter: every letter (any script, any case) folds to at least
        /// one letter, in both foldings; the `?`/U+FFFD rule keeps a lost letter as `?`.
        #[test]
        fn folding_never_drops_a_letter(c in proptest::char::any()) {
            if c.is_alphabetic() && !is_combining_mark(c) {
                proptest::prop_assert!(!fold(&c.to_string()).is_empty(), "{c:?}");
                proptest::prop_assert!(
                    !crate::matcher::normalize::fold(&c.to_string()).is_empty(),
                    "{c:?}"
                );
            }
            proptest::prop_assert_eq!(crate::matcher::normalize::fold_keeping_unknown("a?b"), "a?b");
            proptest::prop_assert_eq!(
                crate::matcher::normalize::fold_keeping_unknown("a\u{FFFD}b"),
                "a?b"
            );
        }

        /// A name with and without its diacritics folds the same: any ASCII name, some of its
        /// letters replaced by a letter with a diacritic on that base, upper or lower case.
        #[test]
        fn a_name_with_diacritics_folds_as_without(
            name in "[A-Za-z]{1,12}( [A-Za-z]{1,12})?",
            picks in proptest::collection::vec(0usize..64, 24),
        ) {
            let mut with = String::new();
            for (c, pick) in name.chars().zip(picks.iter().cycle()) {
                let lower = c.to_ascii_lowercase();
                let options = accented(lower);
                match options.get(pick % (options.len() + 1)) {
                    Some(a) if c.is_ascii_uppercase() => with.extend(a.to_uppercase()),
                    Some(a) => with.push(*a),
                    None => with.push(c),
                }
            }
            proptest::prop_assert_eq!(fold(&with), fold(&name), "{}", with);
            proptest::prop_assert_eq!(
                crate::matcher::normalize::fold(&with),
                crate::matcher::normalize::fold(&name),
                "{}",
                with
            );
        }
    }

    #[test]
    fn csv_line_cases() {
        assert_eq!(split_csv_line("a,b,c"), ["a", "b", "c"]);
        assert_eq!(
            split_csv_line("0820,\"Nuenen, Gerwen en Nederwetten\",x"),
            ["0820", "Nuenen, Gerwen en Nederwetten", "x"]
        );
        assert_eq!(split_csv_line("\"a \"\"b\"\"\","), ["a \"b\"", ""]);
    }
}
