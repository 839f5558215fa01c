//! Normalisation of names as Dutch registers write them.

use crate::names::split_surname;
use crate::text::{fold_letter, is_combining_mark};

/// Lower case, every Latin letter with a diacritic folded by the crate's one table
/// ([`crate::text::fold_letter`]: é→e, ł→l, ş→s, ı→i, ß→ss, ễ→e), IJ/ij/ĳ → y, only letters and digits
/// kept (spaces, hyphens, apostrophes, dots and combining marks dropped).
pub fn fold(text: &str) -> String {
    fold_with(text, false)
}

/// As [`fold`], but a letter lost in an export (`?`, or the replacement character U+FFFD) is kept
/// as `?`: "Y?lmaz" from a Windows-1252 file that had no ı.
pub fn fold_keeping_unknown(text: &str) -> String {
    fold_with(text, true)
}

/// True when the text has a letter lost in an export (`?` or U+FFFD).
pub fn has_unknown_letter(text: &str) -> bool {
    text.contains(['?', '\u{FFFD}'])
}

/// Two folded texts equal when each `?` stands for any one letter.
pub fn equal_but_unknown(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count()
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| x == y || x == '?' || y == '?')
        && a.chars().zip(b.chars()).any(|(x, y)| x != '?' || y != '?')
}

fn fold_with(text: &str, keep_unknown: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if let Some(base) = fold_letter(c) {
            out.push_str(base);
        } else if is_combining_mark(c) {
            continue;
        } else if c.is_alphanumeric() {
            // Letters of other scripts (and Latin letters without a base, ŋ) are kept: folding
            // never drops a letter.
            out.push(c);
        } else if keep_unknown && matches!(c, '?' | '\u{FFFD}') {
            out.push('?');
        }
        // Spaces, hyphens, apostrophes, dots and combining marks are dropped.
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

/// Particles written before a surname, glued, hyphenated or apart: `al-Hassan`, `Ait Said`,
/// `Ben Ali`, `Abou Zaid`. Dropped for the spelling-variant level.
const PARTICLES: &[&str] = &[
    "al", "el", "ul", "ait", "ben", "bin", "ibn", "abu", "abou", "bou", "ou", "ould", "oulad", "d",
    "l",
];

/// Transliteration rules, applied to a folded name in this order: Arabic, Ukrainian, Russian and
/// Turkish names as Dutch, English, French and German registers write them.
const TRANSLIT: &[(&str, &str)] = &[
    ("dzh", "j"),
    ("tsch", "ch"),
    ("tsj", "ch"),
    ("tch", "ch"),
    ("sch", "sh"),
    ("sj", "sh"),
    ("zh", "j"),
    ("dj", "j"),
    ("kh", "k"),
    ("gh", "g"),
    ("ou", "u"),
    ("oe", "u"),
    ("ee", "i"),
    ("ph", "f"),
    ("x", "ks"),
    ("q", "k"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
];

/// Name families that the rules do not bring together, as (form after the rules, family).
const FAMILIES: &[(&str, &str)] = &[
    // Arabic (and its Turkish forms)
    ("muhamad", "mohamed"),
    ("muhamed", "mohamed"),
    ("mohamad", "mohamed"),
    ("mehmet", "mohamed"),
    ("mehmed", "mohamed"),
    ("umar", "omar"),
    ("omer", "omar"),
    ("ahmad", "ahmed"),
    ("hosein", "husein"),
    ("husain", "husein"),
    ("iusef", "iusuf"),
    ("iusof", "iusuf"),
    ("aicha", "aisha"),
    ("aise", "aisha"),
    ("mostafa", "mustafa"),
    ("abdala", "abdula"),
    ("ebrahim", "ibrahim"),
    ("fatma", "fatima"),
    ("meriem", "mariam"),
    // Polish and Dutch
    ("iakub", "iacob"),
    // Ukrainian, Russian
    ("hrihori", "grigori"),
    ("hrihorii", "grigori"),
    ("grigorii", "grigori"),
    ("oleksandr", "aleksandr"),
    ("oleksander", "aleksandr"),
    ("aleksander", "aleksandr"),
    ("olena", "elena"),
    ("ielena", "elena"),
    ("serhi", "sergei"),
    ("sergi", "sergei"),
    ("mikola", "nikolai"),
    ("dmitro", "dmitri"),
    ("andri", "andrei"),
    ("volodimir", "vladimir"),
    ("oleksi", "aleksei"),
    ("oleksii", "aleksei"),
    ("mikailo", "mikail"),
    ("michail", "mikail"),
    ("michailo", "mikail"),
    ("michaio", "mikail"),
    ("mikaio", "mikail"),
];

/// A name's spelling-variant key: folded, transliteration rules applied, double letters single, a
/// final `h` dropped, then its family: Mohamed/Mohammed/Muhammad, Khadija/Kadija/Khadidja,
/// Omar/Umar, Hryhorii/Hryhorij/Grigori, Oleksandr/Aleksandr/Alexander share a key.
pub fn variant_key(folded: &str) -> String {
    let mut s = folded.to_string();
    for (from, to) in TRANSLIT {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut last = None;
    for c in s.chars() {
        if Some(c) != last {
            out.push(c);
        }
        last = Some(c);
    }
    if out.len() > 3 && out.ends_with('h') {
        out.pop();
    }
    match FAMILIES.iter().find(|(form, _)| *form == out) {
        Some((_, family)) => (*family).to_string(),
        None => out,
    }
}

/// The surname's spelling-variant key: particles in front dropped (`al-Hassan`, `Al Hassan` →
/// hassan; `Aït-Saïd` → said), voorvoegsel left out, then [`variant_key`].
pub fn surname_variant(achternaam: &str) -> String {
    let (_, core) = split_surname(achternaam);
    let words: Vec<String> = core
        .split(|c: char| c.is_whitespace() || c == '-' || c == '\'' || c == '’')
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect();
    let start = words
        .iter()
        .take(words.len().saturating_sub(1))
        .take_while(|w| PARTICLES.contains(&w.as_str()))
        .count();
    let rest: String = words.iter().skip(start).map(String::as_str).collect();
    // A glued article: "Alhassan", "Elamrani" (only before a name of 4 letters or more).
    let rest = match rest.strip_prefix("al").or_else(|| rest.strip_prefix("el")) {
        Some(r) if start == 0 && r.len() >= 4 && words.len() == 1 && glued_article(r) => {
            r.to_string()
        }
        _ => rest,
    };
    variant_key(&rest)
}

/// After `al`/`el` glued to a name: the sun letters the article assimilates to (Arabic: at-, ad-,
/// as-, …) and `h`, `k`, `m`, `a`, `i` as written in Dutch registers (Alhassan, Elkaddouri,
/// Elmoussaoui, Alamrani, Elidrissi). Albers, Elders, Alberts keep their `al`/`el`.
fn glued_article(rest: &str) -> bool {
    matches!(
        rest.as_bytes().first(),
        Some(b'h' | b'k' | b'm' | b'a' | b'i' | b'o' | b'y' | b'f' | b'g' | b'q')
    )
}

/// The first of the given names, folded (an initial: its letter). Roepnamen are compared by
/// [`super::roepnamen`] (`data/roepnamen.csv`), their one home.
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
    for (i, (c, x_hit)) in x.iter().zip(x_hit.iter_mut()).enumerate() {
        let lo = i.saturating_sub(range);
        let hi = (i + range + 1).min(y.len());
        let (Some(window), Some(window_hit)) = (y.get(lo..hi), y_hit.get_mut(lo..hi)) else {
            continue;
        };
        if let Some((_, hit)) = window
            .iter()
            .zip(window_hit.iter_mut())
            .find(|(d, hit)| !**hit && *d == c)
        {
            *x_hit = true;
            *hit = true;
            matches += 1;
        }
    }
    if matches == 0 {
        return 0.0;
    }
    // The matched letters of each text in order: every out-of-place pair is half a transposition.
    let mut y_matched = y
        .iter()
        .zip(&y_hit)
        .filter(|(_, hit)| **hit)
        .map(|(d, _)| d);
    let transpositions = x
        .iter()
        .zip(&x_hit)
        .filter(|(_, hit)| **hit)
        .filter(|(c, _)| y_matched.next() != Some(*c))
        .count();
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
    }
}
