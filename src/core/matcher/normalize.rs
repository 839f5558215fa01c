//! Normalisation of names as Dutch registers write them.

use crate::core::names::split_surname;

/// Lower case, diacritics folded (é→e, ł→l, ş→s, ı→i, ß→ss), IJ/ij/ĳ → y, only letters and digits
/// kept (spaces, hyphens, apostrophes and dots dropped).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' => "a",
            'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ě' => "e",
            'í' | 'ì' | 'î' | 'ï' | 'ı' => "i",
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ő' => "o",
            'ú' | 'ù' | 'û' | 'ü' | 'ű' | 'ů' => "u",
            'ý' | 'ÿ' | 'ĳ' => "y",
            'ç' | 'ć' | 'č' => "c",
            'ş' | 'ś' | 'š' | 'ș' => "s",
            'ł' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ğ' => "g",
            'ž' | 'ź' | 'ż' => "z",
            'ř' => "r",
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(mapped);
    }
    out.replace("ij", "y")
}

/// A coarse sound key: folded, then spelling variants merged (ph→f, w→v, ck/c/q→k, z→s, dt/d at
/// the end→t, j/y/i→i, oe/ou/u→u, kh/h dropped, double letters single, vowels after the first
/// letter dropped). Mohamed/Mohammed, Kovalenko/Kowalenko, Olexandr/Oleksandr share a key.
pub fn sound_key(text: &str) -> String {
    let f = fold(text);
    let f = f
        .replace("sch", "s")
        .replace("ph", "f")
        .replace("ks", "x")
        .replace("ck", "k")
        .replace("kh", "k")
        .replace("dt", "t")
        .replace("tsj", "c")
        .replace("sj", "s");
    let mut out = String::with_capacity(f.len());
    let mut last = ' ';
    for (i, c) in f.chars().enumerate() {
        let c = match c {
            'w' => 'v',
            'c' | 'q' => 'k',
            'z' => 's',
            'd' => 't',
            'x' => 'k',
            'j' | 'y' => 'i',
            'h' => continue,
            c => c,
        };
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
        if i > 0 && vowel {
            last = c;
            continue;
        }
        if c != last {
            out.push(c);
        }
        last = c;
    }
    out
}

/// The surname without voorvoegsel, folded: "Berg, van der", "v.d. Berg", "Van der Berg" and "van
/// der Berg" (voorvoegsel field "van der") all give "berg". A glued "vanderberg" stays as it is.
pub fn surname_core(voorvoegsel: &str, achternaam: &str) -> String {
    let (_, core) = split_surname(achternaam);
    let _ = voorvoegsel;
    let core = fold(&core);
    // Double names: "Al-Hassan"/"Alhassan"/"Hassan" all keep the last part in a second key; here
    // only the full folded form.
    core
}

/// The whole surname glued with its voorvoegsel, folded: "vanderberg".
pub fn surname_full(voorvoegsel: &str, achternaam: &str) -> String {
    let (v, core) = split_surname(achternaam);
    let v = if voorvoegsel.trim().is_empty() {
        v
    } else {
        voorvoegsel.to_string()
    };
    fold(&format!("{v}{core}"))
}

/// Nicknames and short forms mapped to one form (folded).
const NICKNAMES: &[(&str, &str)] = &[
    ("jan", "johannes"),
    ("hans", "johannes"),
    ("johan", "johannes"),
    ("henk", "hendrik"),
    ("kees", "cornelis"),
    ("piet", "pieter"),
    ("wim", "willem"),
    ("lisa", "elisabeth"),
    ("els", "elisabeth"),
    ("karin", "catharina"),
    ("jo", "johanna"),
    ("mien", "wilhelmina"),
    ("marie", "maria"),
    ("tom", "thomas"),
    ("fatma", "fatima"),
    ("maryam", "meryem"),
    ("yusuf", "youssef"),
    ("dmitri", "dmytro"),
    ("aleksandr", "oleksandr"),
    ("elena", "olena"),
    ("umar", "omar"),
    ("jacob", "jakub"),
    ("muhammad", "mohamed"),
];

/// The given-name forms to compare: the first name folded, its canonical nickname form.
pub fn first_name(voornamen: &str) -> String {
    let first = voornamen
        .split(|c: char| c.is_whitespace() || c == ',')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    // "J.M." → "j" (initials only)
    if first.contains('.') {
        return fold(first.split('.').next().unwrap_or(""));
    }
    fold(first)
}

/// The canonical form of a folded first name: its nickname target, or itself.
pub fn canonical_first(folded: &str) -> &str {
    NICKNAMES
        .iter()
        .find(|(nick, _)| *nick == folded)
        .map(|(_, full)| *full)
        .unwrap_or(folded)
}

/// Jaro-Winkler similarity, as `strsim::jaro_winkler` computes it, without allocating for ASCII
/// texts of up to 64 bytes (every folded name): the matcher calls it millions of times. Other
/// texts go to strsim.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    const MAX: usize = 64;
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.len() > MAX || y.len() > MAX || !x.is_ascii() || !y.is_ascii() {
        return strsim::jaro_winkler(a, b);
    }
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let range = (x.len().max(y.len()) / 2).saturating_sub(1);
    let mut x_hit = [false; MAX];
    let mut y_hit = [false; MAX];
    let mut matches = 0usize;
    for (i, c) in x.iter().enumerate() {
        let lo = i.saturating_sub(range);
        let hi = (i + range + 1).min(y.len());
        for j in lo..hi {
            if !y_hit[j] && y[j] == *c {
                x_hit[i] = true;
                y_hit[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0usize;
    for (i, c) in x.iter().enumerate() {
        if x_hit[i] {
            while !y_hit[j] {
                j += 1;
            }
            if y[j] != *c {
                transpositions += 1;
            }
            j += 1;
        }
    }
    let m = matches as f64;
    let sim =
        (m / x.len() as f64 + m / y.len() as f64 + (m - (transpositions / 2) as f64) / m) / 3.0;
    if sim > 0.7 {
        let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_table() {
        for (input, expected) in [
            ("Yılmaz", "yilmaz"),
            ("Şahin", "sahin"),
            ("Łukasik", "lukasik"),
            ("Wiśniewski", "wisniewski"),
            ("IJzerman", "yzerman"),
            ("ĳzerman", "yzerman"),
            ("de Bruijn", "debruyn"),
            ("Al-Hassan", "alhassan"),
            ("Zoë", "zoe"),
            ("Strauß", "strauss"),
            ("", ""),
        ] {
            assert_eq!(fold(input), expected, "{input}");
        }
    }

    #[test]
    fn sound_key_merges_transliterations() {
        for (a, b) in [
            ("Mohamed", "Mohammed"),
            ("Kovalenko", "Kowalenko"),
            ("Oleksandr", "Olexandr"),
            ("de Bruijn", "de Bruyn"),
            ("Meijer", "Meyer"),
            ("Shevchenko", "Sjevtsjenko"),
        ] {
            assert_eq!(sound_key(a), sound_key(b), "{a} / {b}");
        }
        assert_ne!(sound_key("Jansen"), sound_key("Bakker"));
    }

    #[test]
    fn surname_core_table() {
        for (vv, field, expected) in [
            ("van der", "Berg", "berg"),
            ("", "Berg, van der", "berg"),
            ("", "v.d. Berg", "berg"),
            ("", "Van der Berg", "berg"),
            ("", "El Amrani", "amrani"),
            ("el", "Amrani", "amrani"),
        ] {
            assert_eq!(surname_core(vv, field), expected, "{field}");
        }
    }

    #[test]
    fn first_name_table() {
        for (input, expected) in [
            ("Johannes Maria", "johannes"),
            ("J.M.", "j"),
            ("  Zoë ", "zoe"),
            ("", ""),
        ] {
            assert_eq!(first_name(input), expected);
        }
        assert_eq!(canonical_first("henk"), "hendrik");
        assert_eq!(canonical_first("daan"), "daan");
    }
}
