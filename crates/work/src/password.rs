//! The work file's password: what it must be, and a proposal.
//!
//! A password protects a file of minors' personal data against whoever finds the file, offline and
//! without limit on tries, so it must be long and not guessable. The rules:
//! - at least [`MIN_PASSWORD_CHARS`] characters;
//! - at least [`MIN_FREE_CHARS`] of them outside the patterns that guessing programs try first:
//!   the same characters again (`aaaa`, `1212`, `fietsfiets`), a sequence (`1234`, `abcd`, a row of
//!   the keyboard such as `qwerty`), a common password or a part of one (`welkom`, `wachtwoord`,
//!   `password`, a season or month, a year such as `2026`: [`common.txt`](password/common.txt)),
//!   and Koppelhulp's own words (`koppelhulp`, `leerplicht`, `duo`, …:
//!   [`own.txt`](password/own.txt)) with the organisation's name.
//!
//! Capitals, spaces and the separators `-` `_` `.` do not count; letters written as digits or signs
//! (`W3lk0m`, `P@ssw0rd`) are read as letters. [`weakness`] says which rule a password breaks,
//! [`Weakness::message`] says it in Dutch for the form. [`passphrase`] proposes five words of
//! [`woorden.txt`](password/woorden.txt) and a number from random numbers the caller draws (the
//! page: `crypto.getRandomValues`).

/// The fewest characters a work file's password may have.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// The fewest characters of a password (capitals, spaces and separators left out) that must lie
/// outside every known pattern.
pub const MIN_FREE_CHARS: usize = 8;

/// How many words a proposed passphrase has.
pub const PASSPHRASE_WORDS: usize = 5;

/// Only the first this many characters are looked at, so that a pasted page of text is quick to
/// check; what follows them does not count.
const MAX_CHECKED_CHARS: usize = 256;

const COMMON: &str = include_str!("password/common.txt");
const OWN: &str = include_str!("password/own.txt");
const WORDS: &str = include_str!("password/woorden.txt");

/// Rows of characters that are typed in order: the alphabet, the digits (round: `7890123`), the
/// rows of the qwerty and azerty keyboards, the signs above the digits. Read both ways.
const SEQUENCES: [&str; 9] = [
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "!@#$%^&*()",
];

/// Why a password cannot protect a work file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weakness {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters (how many it has).
    TooShort(usize),
    /// Mostly the same characters again.
    Repeated,
    /// Mostly a sequence of the alphabet, the digits or the keyboard.
    Sequence,
    /// Mostly a common password, or a season, month or year.
    Common,
    /// Mostly Koppelhulp's own words or the organisation's name.
    OwnWords,
    /// Mostly spaces and separators.
    Separators,
}

const ADVICE: &str = "Kies een paar losse woorden die niets met elkaar of met uw werk te maken \
    hebben, of klik op Stel een wachtwoord voor.";

impl Weakness {
    /// What is wrong and what to do, in Dutch (B1), for the form.
    pub fn message(self) -> String {
        let why = match self {
            Weakness::TooShort(n) => return too_short(n),
            Weakness::Repeated => {
                "Dit wachtwoord is te makkelijk te raden: het herhaalt steeds dezelfde tekens \
                 (zoals aaaa of 1212)."
            }
            Weakness::Sequence => {
                "Dit wachtwoord is te makkelijk te raden: het is vooral een reeks, zoals 1234, \
                 abcd of letters die op het toetsenbord naast elkaar staan (qwerty)."
            }
            Weakness::Common => {
                "Dit wachtwoord is te makkelijk te raden: het lijkt op een wachtwoord dat veel \
                 mensen gebruiken, zoals Welkom01, Wachtwoord, of een seizoen met een jaartal."
            }
            Weakness::OwnWords => {
                "Dit wachtwoord is te makkelijk te raden: het bestaat vooral uit woorden die bij \
                 dit werk horen, zoals Koppelhulp, leerplicht, DUO of de naam van uw organisatie. \
                 Wie het bestand vindt, probeert die woorden als eerste."
            }
            Weakness::Separators => {
                "Dit wachtwoord bestaat vooral uit spaties of streepjes; die maken het niet sterker."
            }
        };
        format!("{why} {ADVICE}")
    }
}

/// What is wrong with a password of `n` characters, fewer than [`MIN_PASSWORD_CHARS`] (on its own,
/// so that the page, which checks only the length, does not carry the other messages).
pub fn too_short(n: usize) -> String {
    format!(
        "Het wachtwoord heeft {n} tekens; gebruik er minstens {MIN_PASSWORD_CHARS}. Een zin of \
         een paar losse woorden is sterk en goed te onthouden."
    )
}

/// The words of a list file: one a line, `#` lines and empty lines skipped.
fn list(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Koppelhulp's own words and those of the organisation's name (`G0363 Amsterdam`, `Gemeente
/// 's-Hertogenbosch (0796)`): its parts of three or more letters or digits, in small letters.
pub fn own_words(organisation: &str) -> Vec<String> {
    let mut words: Vec<String> = list(OWN).map(str::to_string).collect();
    for part in organisation.split(|c: char| !c.is_alphanumeric()) {
        let part = part.to_lowercase();
        if part.chars().count() >= 3 && !words.contains(&part) {
            words.push(part);
        }
    }
    words
}

/// Spaces and separators, which do not count.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '_' | '.')
}

/// Whether a typed character stands for a letter of a word (the same letter, or a digit or sign
/// written for it).
fn stands_for(typed: char, letter: char) -> bool {
    typed == letter
        || matches!(
            (typed, letter),
            ('0', 'o')
                | ('1', 'i')
                | ('1', 'l')
                | ('!', 'i')
                | ('|', 'l')
                | ('3', 'e')
                | ('4', 'a')
                | ('@', 'a')
                | ('5', 's')
                | ('$', 's')
                | ('7', 't')
                | ('+', 't')
                | ('8', 'b')
                | ('9', 'g')
        )
}

/// The characters of a password that are checked, and which pattern covers each.
struct Cover {
    chars: Vec<char>,
    by: Vec<Option<Weakness>>,
}

impl Cover {
    fn new(password: &str) -> Cover {
        let chars: Vec<char> = password
            .chars()
            .filter(|c| !is_separator(*c))
            .flat_map(char::to_lowercase)
            .take(MAX_CHECKED_CHARS)
            .collect();
        let by = vec![None; chars.len()];
        Cover { chars, by }
    }

    /// Mark `range` as covered by `kind`, where nothing covers it yet.
    fn mark(&mut self, range: std::ops::Range<usize>, kind: Weakness) {
        for slot in self.by.get_mut(range).into_iter().flatten() {
            slot.get_or_insert(kind);
        }
    }

    /// Every place where one of `words` is written.
    fn words<'a>(&mut self, words: impl Iterator<Item = &'a str>, kind: Weakness) {
        for word in words {
            let word: Vec<char> = word.chars().collect();
            if word.is_empty() || word.len() > self.chars.len() {
                continue;
            }
            for start in 0..=self.chars.len() - word.len() {
                let range = start..start + word.len();
                let matches = self
                    .chars
                    .get(range.clone())
                    .is_some_and(|typed| typed.iter().zip(&word).all(|(t, l)| stands_for(*t, *l)));
                if matches {
                    self.mark(range, kind);
                }
            }
        }
    }

    /// Years from 1900 to 2099.
    fn years(&mut self) {
        for start in 0..self.chars.len().saturating_sub(3) {
            let year: String = self.chars.iter().skip(start).take(4).collect();
            if year.len() == 4
                && year.bytes().all(|b| b.is_ascii_digit())
                && (year.starts_with("19") || year.starts_with("20"))
            {
                self.mark(start..start + 4, Weakness::Common);
            }
        }
    }

    /// Runs of three or more characters that follow each other in one of [`SEQUENCES`], one way.
    fn sequences(&mut self) {
        for sequence in SEQUENCES {
            let row: Vec<char> = sequence.chars().collect();
            for forward in [true, false] {
                let next = |a: char, b: char| {
                    row.windows(2).any(|w| match w {
                        [x, y] if forward => *x == a && *y == b,
                        [x, y] => *y == a && *x == b,
                        _ => false,
                    })
                };
                let mut start = 0;
                for end in 1..=self.chars.len() {
                    let goes_on = end < self.chars.len()
                        && matches!(self.chars.get(end - 1..=end), Some([a, b]) if next(*a, *b));
                    if !goes_on {
                        if end - start >= 3 {
                            self.mark(start..end, Weakness::Sequence);
                        }
                        start = end;
                    }
                }
            }
        }
    }

    /// Characters that repeat what came just before: `aaa` (the second and third `a`), `1212`
    /// (the second `12`), `fietsfiets` (the second `fiets`).
    fn repeats(&mut self) {
        let n = self.chars.len();
        for period in 1..=n / 2 {
            let mut start = period;
            for end in period..=n {
                let same = end < n && self.chars.get(end) == self.chars.get(end - period);
                if !same {
                    if end - start >= period.max(2) {
                        self.mark(start..end, Weakness::Repeated);
                    }
                    start = end + 1;
                }
            }
        }
    }

    fn free(&self) -> usize {
        self.by.iter().filter(|k| k.is_none()).count()
    }

    /// The pattern that covers the most characters (on a tie, the first of own words, common
    /// passwords, sequences, repeats).
    fn main_pattern(&self) -> Weakness {
        let kinds = [
            Weakness::OwnWords,
            Weakness::Common,
            Weakness::Sequence,
            Weakness::Repeated,
        ];
        let count = |kind: Weakness| self.by.iter().filter(|k| **k == Some(kind)).count();
        let mut best = (0, Weakness::Separators);
        for kind in kinds {
            let n = count(kind);
            if n > best.0 {
                best = (n, kind);
            }
        }
        best.1
    }
}

/// Why `password` cannot protect a work file, or `None` when it can. `own` are Koppelhulp's own
/// words and the organisation's ([`own_words`]).
pub fn weakness(password: &str, own: &[String]) -> Option<Weakness> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Some(Weakness::TooShort(n));
    }
    let mut cover = Cover::new(password);
    cover.words(own.iter().map(String::as_str), Weakness::OwnWords);
    cover.words(list(COMMON), Weakness::Common);
    cover.years();
    cover.sequences();
    cover.repeats();
    (cover.free() < MIN_FREE_CHARS).then(|| cover.main_pattern())
}

/// The words a passphrase is made of.
pub fn passphrase_words() -> impl Iterator<Item = &'static str> {
    list(WORDS)
}

/// A number below `n` from uniformly random `u32`s, without bias (draws again at or above the
/// last whole multiple of `n`); `None` when `random` has no more.
fn below(n: usize, random: &mut impl FnMut() -> Option<u32>) -> Option<usize> {
    let n = u32::try_from(n).unwrap_or(u32::MAX).max(1);
    let limit = u32::MAX - u32::MAX % n;
    loop {
        let r = random()?;
        if r < limit {
            return usize::try_from(r % n).ok();
        }
    }
}

/// A proposed password: [`PASSPHRASE_WORDS`] words of [`woorden.txt`](password/woorden.txt) and a
/// number from 10 to 99, joined by `-` (`tafel-wolk-fiets-molen-kaas-47`). `random` gives
/// uniformly random `u32`s from a cryptographic source; `None` when it runs out first (a handful
/// of numbers is almost always enough).
pub fn passphrase(mut random: impl FnMut() -> Option<u32>) -> Option<String> {
    let words: Vec<&str> = passphrase_words().collect();
    let mut parts = Vec::with_capacity(PASSPHRASE_WORDS + 1);
    for _ in 0..PASSPHRASE_WORDS {
        parts.push(words.get(below(words.len(), &mut random)?)?.to_string());
    }
    parts.push((10 + below(90, &mut random)?).to_string());
    Some(parts.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Password, organisation → the rule it breaks.
    const CASES: &[(&str, &str, Option<Weakness>)] = &[
        // Length.
        ("", "", Some(Weakness::TooShort(0))),
        ("elf tekens!", "", Some(Weakness::TooShort(11))),
        ("ëëë", "", Some(Weakness::TooShort(3))),
        // Repeated characters.
        ("aaaaaaaaaaaa", "", Some(Weakness::Repeated)),
        ("ëëëëëëëëëëëë", "", Some(Weakness::Repeated)),
        ("abababababab", "", Some(Weakness::Repeated)),
        ("1212 1212 1212", "", Some(Weakness::Repeated)),
        ("fietsfiets12", "", Some(Weakness::Repeated)),
        ("fiets fiets fiets", "", Some(Weakness::Repeated)),
        ("!!!!!!!!!!!!", "", Some(Weakness::Repeated)),
        // Sequences, both ways, and keyboard rows.
        ("123456789012", "", Some(Weakness::Sequence)),
        ("abcdefghijkl", "", Some(Weakness::Sequence)),
        ("ABCDEFGHIJKL", "", Some(Weakness::Sequence)),
        ("lkjihgfedcba", "", Some(Weakness::Sequence)),
        ("098765432109", "", Some(Weakness::Sequence)),
        ("qwertyuiop12", "", Some(Weakness::Sequence)),
        ("Qwertyuiop!!", "", Some(Weakness::Sequence)),
        ("asdfghjkl123", "", Some(Weakness::Sequence)),
        ("azertyuiop12", "", Some(Weakness::Sequence)),
        ("1 2 3 4 5 6 7 8", "", Some(Weakness::Sequence)),
        // Common passwords, seasons, months and years, also with digits for letters.
        ("Welkom123456", "", Some(Weakness::Common)),
        ("Wachtwoord12", "", Some(Weakness::Common)),
        ("Password1234", "", Some(Weakness::Common)),
        ("P@ssw0rd2026", "", Some(Weakness::Common)),
        ("W3lk0m012345", "", Some(Weakness::Common)),
        ("Zomer2026!!!", "", Some(Weakness::Common)),
        ("Winter2025!?", "", Some(Weakness::Common)),
        ("September2026", "", Some(Weakness::Common)),
        ("feyenoord1908", "", Some(Weakness::Common)),
        ("iloveyou2024", "", Some(Weakness::Common)),
        // Koppelhulp's own words and the organisation's name.
        ("Koppelhulp2026", "", Some(Weakness::OwnWords)),
        ("Leerplicht!2026", "", Some(Weakness::OwnWords)),
        ("duo-bsn-rmc-brp", "", Some(Weakness::OwnWords)),
        ("Gemeente0363!", "", Some(Weakness::OwnWords)),
        (
            "Amsterdam2026!",
            "G0363 Amsterdam",
            Some(Weakness::OwnWords),
        ),
        ("Zaanstad12345", "G0479 Zaanstad", Some(Weakness::OwnWords)),
        (
            "hertogenbosch1",
            "Gemeente 's-Hertogenbosch (0796)",
            Some(Weakness::OwnWords),
        ),
        // Mostly separators.
        ("x - q - z - k - w", "", Some(Weakness::Separators)),
        ("          xy", "", Some(Weakness::Separators)),
        // Strong enough: eight or more characters outside the patterns.
        ("fiets regen boom lamp", "", None),
        ("twaalf teken", "", None),
        ("een lange zin als wachtwoord", "", None),
        ("Fietsbel2026", "", None),
        ("Mijn hond Bello 2019", "", None),
        ("Zaanstad is mooi in de zomer", "G0479 Zaanstad", None),
        ("Hgk8!zTq0pLm", "", None),
        ("tafel-wolk-fiets-molen-kaas-47", "", None),
        // The organisation's name is only a weakness for that organisation.
        ("Zaanstad12345", "", None),
    ];

    #[test]
    fn the_rules() {
        for (password, organisation, expected) in CASES {
            let got = weakness(password, &own_words(organisation));
            assert_eq!(got, *expected, "{password:?} ({organisation:?})");
        }
    }

    #[test]
    fn every_message_is_dutch_and_ends_in_advice() {
        for w in [
            Weakness::Repeated,
            Weakness::Sequence,
            Weakness::Common,
            Weakness::OwnWords,
            Weakness::Separators,
        ] {
            let m = w.message();
            assert!(m.ends_with(ADVICE), "{m}");
            assert!(!m.contains("  "), "{m}");
        }
        assert!(
            Weakness::TooShort(7)
                .message()
                .contains("7 tekens; gebruik er minstens 12")
        );
    }

    #[test]
    fn own_words_of_an_organisation() {
        let words = own_words("Gemeente 's-Hertogenbosch (0796)");
        for w in [
            "koppelhulp",
            "leerplicht",
            "duo",
            "gemeente",
            "hertogenbosch",
            "0796",
        ] {
            assert!(words.iter().any(|x| x == w), "{w}");
        }
        assert!(!words.iter().any(|x| x == "s"));
        assert_eq!(own_words("").len(), list(OWN).count());
    }

    #[test]
    fn the_lists_are_clean() {
        let common: Vec<&str> = list(COMMON).collect();
        let own: Vec<&str> = list(OWN).collect();
        let words: Vec<&str> = passphrase_words().collect();
        for (name, l) in [("common", &common), ("own", &own), ("woorden", &words)] {
            let mut sorted = l.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), l.len(), "{name}.txt has a word twice");
            for w in l.iter() {
                assert!(
                    w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
                    "{name}.txt: {w:?}"
                );
            }
        }
        assert!(words.len() >= 1024, "{} words", words.len());
        for w in &words {
            assert!((3..=11).contains(&w.len()), "{w}");
            assert!(w.bytes().all(|b| b.is_ascii_lowercase()), "{w}");
            for bad in common.iter().chain(&own) {
                assert!(!w.contains(bad), "the passphrase word {w:?} holds {bad:?}");
            }
        }
    }

    /// A small deterministic generator for the tests (xorshift).
    fn numbers(mut seed: u64) -> impl FnMut() -> Option<u32> {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            u32::try_from(seed >> 32).ok()
        }
    }

    #[test]
    fn proposals_pass_the_rules_and_differ() {
        let own = own_words("G0363 Amsterdam");
        let words: Vec<&str> = passphrase_words().collect();
        let mut seen = std::collections::HashSet::new();
        for seed in 1..2000u64 {
            let p = passphrase(numbers(seed)).unwrap();
            assert_eq!(weakness(&p, &own), None, "{p}");
            let parts: Vec<&str> = p.split('-').collect();
            assert_eq!(parts.len(), PASSPHRASE_WORDS + 1, "{p}");
            for w in &parts[..PASSPHRASE_WORDS] {
                assert!(words.contains(w), "{w}");
            }
            let n: u32 = parts[PASSPHRASE_WORDS].parse().unwrap_or(0);
            assert!((10..=99).contains(&n), "{p}");
            seen.insert(p);
        }
        assert_eq!(seen.len(), 1999, "proposals repeat");
    }

    #[test]
    fn choosing_is_unbiased_and_redraws_above_the_limit() {
        // 2^32 - 1 leaves 3 over when divided by 7: the draws from u32::MAX - 3 up are drawn again.
        let mut draws = [u32::MAX, u32::MAX - 3, 9].into_iter();
        assert_eq!(below(7, &mut || draws.next()), Some(2));
        let mut draws = [u32::MAX - 4].into_iter();
        assert_eq!(below(7, &mut || draws.next()), Some(6));
        // Out of numbers: no proposal rather than a loop or a weak one.
        let mut draws = [u32::MAX].into_iter();
        assert_eq!(below(7, &mut || draws.next()), None);
        let mut draws = [1, 2, 3].into_iter();
        assert_eq!(passphrase(|| draws.next()), None);
        // Every word can be chosen.
        let n = passphrase_words().count();
        let mut hit = vec![false; n];
        let mut random = numbers(42);
        for _ in 0..n * 20 {
            hit[below(n, &mut random).unwrap()] = true;
        }
        assert!(hit.iter().all(|h| *h));
    }

    #[test]
    fn a_long_pasted_text_is_checked_quickly() {
        let long = "a".repeat(100_000);
        assert_eq!(weakness(&long, &[]), Some(Weakness::Repeated));
        let mixed = format!("{}{}", "a".repeat(300), "xq");
        assert_eq!(weakness(&mixed, &[]), Some(Weakness::Repeated));
        let text = "Hgk8!zTq0pLm".repeat(10_000);
        // Repeats after its first twelve characters, but those twelve are free.
        assert_eq!(weakness(&text, &[]), None);
    }
}
