//! Synthetic registers with known true pairs, for tests and benchmarks of the duplicate finder.
//!
//! A BRP-like register (records with a BSN) and a school register (records with only an
//! onderwijsnummer). A share of the school pupils are children from the BRP register, written
//! differently (diacritics, IJ/Y, voorvoegsel, typos, first name only, nicknames, transliterations,
//! date errors, moved or missing address, missing sex). Households bring siblings and twins.
//! Everything follows from the seed; no real personal data.

// Generated test data from a seed, never user input and never in the app (feature `synth`, tests):
// its indexing into its own fixed tables may stay.
#![allow(clippy::indexing_slicing)]

use time::{Date, Month};

use super::ids::{bsn_from_seed, onderwijsnummer_from_seed};
use super::koppelregel::Geslacht;
use super::pupil::PupilRecord;

/// Two registers and the true pairs between them.
#[derive(Clone, Debug, Default)]
pub struct SyntheticSet {
    pub bsn_register: Vec<PupilRecord>,
    pub onderwijs_register: Vec<PupilRecord>,
    /// True pairs as (index in `bsn_register`, index in `onderwijs_register`). Indices, not numbers:
    /// the BSN test range has only 9 000 numbers, so large sets repeat BSNs.
    pub truth: Vec<(usize, usize)>,
}

/// splitmix64: small, fast, good enough for test data.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x0005_EED0_FD0B_31E5)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list.get(self.below(list.len())).copied().unwrap_or("")
    }
}

/// (voorvoegsel, achternaam, weight): common names weigh more.
const SURNAMES: &[(&str, &str, usize)] = &[
    ("de", "Jong", 30),
    ("", "Jansen", 28),
    ("de", "Vries", 25),
    ("van den", "Berg", 20),
    ("van", "Dijk", 18),
    ("", "Bakker", 18),
    ("", "Janssen", 16),
    ("", "Visser", 15),
    ("", "Smit", 15),
    ("", "Meijer", 14),
    ("de", "Boer", 13),
    ("", "Mulder", 12),
    ("de", "Groot", 12),
    ("", "Bos", 12),
    ("", "Vos", 11),
    ("", "Peters", 10),
    ("", "Hendriks", 10),
    ("van", "Leeuwen", 9),
    ("", "Dekker", 9),
    ("", "Brouwer", 9),
    ("de", "Wit", 8),
    ("", "Dijkstra", 8),
    ("", "Smits", 8),
    ("de", "Graaf", 7),
    ("van der", "Meer", 7),
    ("van der", "Linden", 6),
    ("", "Kok", 6),
    ("", "Jacobs", 6),
    ("de", "Haan", 6),
    ("", "Vermeulen", 6),
    ("van den", "Heuvel", 5),
    ("van der", "Veen", 5),
    ("van den", "Broek", 5),
    ("de", "Bruijn", 5),
    ("", "Schouten", 5),
    ("van", "Beek", 4),
    ("", "Willems", 4),
    ("van", "Vliet", 4),
    ("", "Hoekstra", 4),
    ("", "Maas", 4),
    ("", "Verhoeven", 4),
    ("", "Koster", 4),
    ("van", "Dam", 4),
    ("", "IJzerman", 2),
    ("", "Prins", 4),
    ("", "Blom", 4),
    ("", "Huisman", 4),
    ("", "Yılmaz", 10),
    ("", "Kaya", 6),
    ("", "Demir", 6),
    ("", "Şahin", 5),
    ("", "Çelik", 5),
    ("", "Öztürk", 4),
    ("", "Aydın", 4),
    ("El", "Amrani", 4),
    ("", "Bouzid", 3),
    ("El", "Idrissi", 3),
    ("", "Benali", 3),
    ("", "Ouali", 3),
    ("", "Ait Taleb", 2),
    ("", "Kowalski", 3),
    ("", "Nowak", 4),
    ("", "Wiśniewski", 3),
    ("", "Wójcik", 2),
    ("", "Łukasik", 2),
    ("", "Kovalenko", 3),
    ("", "Shevchenko", 3),
    ("", "Bondarenko", 2),
    ("", "Al-Hassan", 3),
    ("", "Haddad", 3),
    ("", "Al Khatib", 2),
    ("", "Tesfaye", 3),
    ("", "Haile", 3),
    ("", "Ghebremedhin", 2),
    ("", "Pinas", 2),
    ("", "Ramdin", 2),
    ("", "Sewnarain", 2),
    ("", "Doekhie", 2),
    ("", "Nguyen", 2),
    ("", "Müller", 2),
    ("", "Schäfer", 1),
];

const BOYS: &[&str] = &[
    "Daan",
    "Sem",
    "Lucas",
    "Levi",
    "Finn",
    "Noah",
    "Milan",
    "Bram",
    "Thijs",
    "Jesse",
    "Luuk",
    "Ruben",
    "Sven",
    "Jayden",
    "Mohamed",
    "Youssef",
    "Adam",
    "Ayoub",
    "Emir",
    "Mehmet",
    "Mustafa",
    "Ömer",
    "Oleksandr",
    "Dmytro",
    "Jakub",
    "Michał",
    "Kacper",
    "Ahmad",
    "Omar",
    "Yonas",
    "Filmon",
    "Rajesh",
    "Johannes",
    "Willem",
    "Pieter",
    "Hendrik",
    "Cornelis",
    "Jan",
    "Thomas",
    "Stijn",
    "Jeroen",
    "Kevin",
    "Dylan",
    "Gijs",
    "Joris",
    "Hugo",
    "Olivier",
    "Tim",
    "Nick",
    "Max",
];
const GIRLS: &[&str] = &[
    "Emma",
    "Julia",
    "Mila",
    "Tess",
    "Sophie",
    "Zoë",
    "Sara",
    "Nora",
    "Anna",
    "Eva",
    "Lotte",
    "Fleur",
    "Noor",
    "Lieke",
    "Fenna",
    "Yara",
    "Fatima",
    "Aya",
    "Salma",
    "Meryem",
    "Elif",
    "Zeynep",
    "Ayşe",
    "Olena",
    "Sofiia",
    "Zuzanna",
    "Małgorzata",
    "Maja",
    "Lina",
    "Hiba",
    "Selam",
    "Senait",
    "Priya",
    "Johanna",
    "Maria",
    "Catharina",
    "Elisabeth",
    "Wilhelmina",
    "Isa",
    "Femke",
    "Iris",
    "Roos",
    "Sanne",
    "Anouk",
    "Lisa",
    "Esmee",
    "Demi",
    "Jasmijn",
    "Ilse",
    "Ivy",
];
const MIDDLE: &[&str] = &[
    "Maria",
    "Johannes",
    "Hendrika",
    "Cornelis",
    "Petrus",
    "Anna",
    "Willem",
    "Jan",
    "Elisabeth",
    "Ahmed",
    "Ali",
];
const STREETS: &[&str] = &[
    "Dorpsstraat",
    "Kerkstraat",
    "Schoolstraat",
    "Molenweg",
    "Julianastraat",
    "Beatrixlaan",
    "Stationsweg",
    "Wilhelminastraat",
    "Nieuwstraat",
    "Prins Bernhardlaan",
    "Lindenlaan",
    "Eikenlaan",
    "Marktplein",
    "Havenstraat",
    "Parallelweg",
    "Van Goghstraat",
    "Rembrandtlaan",
];
const PLACES: &[&str] = &[
    "Zwolle",
    "Kampen",
    "Deventer",
    "Apeldoorn",
    "Utrecht",
    "Amersfoort",
    "IJsselstein",
    "Zeist",
    "Almere",
    "Lelystad",
    "Dronten",
    "Hattem",
];

/// Variant spellings of a given name as another register may have it.
const NAME_VARIANTS: &[(&str, &str)] = &[
    ("Mohamed", "Mohammed"),
    ("Mohamed", "Muhammad"),
    ("Youssef", "Yusuf"),
    ("Oleksandr", "Olexandr"),
    ("Oleksandr", "Aleksandr"),
    ("Dmytro", "Dmitri"),
    ("Johannes", "Jan"),
    ("Johannes", "Hans"),
    ("Hendrik", "Henk"),
    ("Cornelis", "Kees"),
    ("Pieter", "Piet"),
    ("Willem", "Wim"),
    ("Elisabeth", "Lisa"),
    ("Elisabeth", "Els"),
    ("Catharina", "Karin"),
    ("Johanna", "Jo"),
    ("Wilhelmina", "Mien"),
    ("Maria", "Marie"),
    ("Zoë", "Zoe"),
    ("Fatima", "Fatma"),
    ("Meryem", "Maryam"),
    ("Sofiia", "Sofia"),
    ("Olena", "Elena"),
    ("Jakub", "Jacob"),
    ("Michał", "Michal"),
    ("Ahmad", "Ahmed"),
    ("Omar", "Umar"),
    ("Thomas", "Tom"),
];
const SURNAME_VARIANTS: &[(&str, &str)] = &[
    ("Kovalenko", "Kowalenko"),
    ("Shevchenko", "Sjevtsjenko"),
    ("Bondarenko", "Bondarenco"),
    ("Yılmaz", "Yilmaz"),
    ("Şahin", "Sahin"),
    ("Çelik", "Celik"),
    ("Öztürk", "Ozturk"),
    ("Al-Hassan", "Alhassan"),
    ("Al Khatib", "Khatib"),
    ("Meijer", "Meyer"),
    ("de Bruijn", "de Bruyn"),
    ("IJzerman", "Yzerman"),
    ("Ghebremedhin", "Gebremedhin"),
    ("Łukasik", "Lukasik"),
    ("Wiśniewski", "Wisniewski"),
];

fn weighted_surname(rng: &mut Rng) -> (&'static str, &'static str) {
    let total: usize = SURNAMES.iter().map(|s| s.2).sum();
    let mut r = rng.below(total);
    for (v, a, w) in SURNAMES {
        if r < *w {
            return (v, a);
        }
        r -= w;
    }
    ("", "Jansen")
}

fn date(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
}

fn random_birth(rng: &mut Rng) -> Date {
    let y = 2006 + rng.below(14) as i32;
    let m = 1 + rng.below(12) as u8;
    let d = 1 + rng.below(28) as u8;
    date(y, m, d).unwrap_or(Date::MIN)
}

fn postcode(rng: &mut Rng) -> String {
    let letters = b"ABCDEGHJKLMNPRSTVWXZ";
    let l1 = letters[rng.below(letters.len())] as char;
    let l2 = letters[rng.below(letters.len())] as char;
    format!("{}{l1}{l2}", 1000 + rng.below(9000))
}

struct Household {
    voorvoegsel: &'static str,
    achternaam: &'static str,
    straat: &'static str,
    huisnummer: String,
    postcode: String,
    woonplaats: &'static str,
}

fn household(rng: &mut Rng) -> Household {
    let (voorvoegsel, achternaam) = weighted_surname(rng);
    Household {
        voorvoegsel,
        achternaam,
        straat: rng.pick(STREETS),
        huisnummer: if rng.chance(0.15) {
            format!("{} {}", 1 + rng.below(200), ["A", "B", "-2"][rng.below(3)])
        } else {
            (1 + rng.below(200)).to_string()
        },
        postcode: postcode(rng),
        woonplaats: rng.pick(PLACES),
    }
}

fn child(rng: &mut Rng, h: &Household, birth: Date, avoid: &[String]) -> PupilRecord {
    let man = rng.chance(0.5);
    let mut first = rng.pick(if man { BOYS } else { GIRLS });
    for _ in 0..8 {
        if !avoid.iter().any(|a| a.starts_with(first)) {
            break;
        }
        first = rng.pick(if man { BOYS } else { GIRLS });
    }
    let voornamen = match rng.below(3) {
        0 => first.to_string(),
        1 => format!("{first} {}", rng.pick(MIDDLE)),
        _ => format!("{first} {} {}", rng.pick(MIDDLE), rng.pick(MIDDLE)),
    };
    PupilRecord {
        achternaam: h.achternaam.to_string(),
        voorvoegsel: h.voorvoegsel.to_string(),
        voornamen,
        geboortedatum: Some(birth),
        geslacht: Some(if man { Geslacht::Man } else { Geslacht::Vrouw }),
        straat: h.straat.to_string(),
        huisnummer: h.huisnummer.clone(),
        postcode: h.postcode.clone(),
        woonplaats: h.woonplaats.to_string(),
        ..PupilRecord::default()
    }
}

fn fold_diacritics(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'ı' | 'ï' | 'í' => 'i',
            'ş' | 'ś' => 's',
            'Ş' | 'Ś' => 'S',
            'ç' => 'c',
            'Ç' => 'C',
            'ö' | 'ó' => 'o',
            'Ö' => 'O',
            'ü' => 'u',
            'ä' => 'a',
            'ł' => 'l',
            'Ł' => 'L',
            'ğ' => 'g',
            other => other,
        })
        .collect()
}

fn typo(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    if chars.len() < 4 {
        return s.to_string();
    }
    let i = 1 + rng.below(chars.len() - 2);
    match rng.below(4) {
        0 => {
            chars.swap(i, i + 1);
        }
        1 => {
            chars.remove(i);
        }
        2 => {
            let c = chars[i];
            chars.insert(i, c);
        }
        _ => {
            chars[i] = (b'a' + rng.below(26) as u8) as char;
        }
    }
    chars.into_iter().collect()
}

/// The same child as the school has it.
fn perturb(rng: &mut Rng, r: &PupilRecord) -> PupilRecord {
    let mut s = r.clone();
    s.bsn = None;
    // Surname field.
    let variant = SURNAME_VARIANTS
        .iter()
        .find(|(a, _)| *a == s.achternaam || *a == format!("{} {}", s.voorvoegsel, s.achternaam));
    if let (Some((_, v)), true) = (variant, rng.chance(0.5)) {
        let (vv, a) = super::names::split_surname(v);
        s.voorvoegsel = vv;
        s.achternaam = a;
    }
    if rng.chance(0.3) {
        s.achternaam = fold_diacritics(&s.achternaam);
    }
    if !s.voorvoegsel.is_empty() && rng.chance(0.4) {
        let vv = s.voorvoegsel.clone();
        s.voorvoegsel.clear();
        s.achternaam = match rng.below(5) {
            0 => format!("{}, {vv}", s.achternaam),
            1 => format!("{vv} {}", s.achternaam),
            2 => {
                let mut c = vv.chars();
                let upper: String = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                format!("{upper} {}", s.achternaam)
            }
            3 => {
                let abbr = match vv.as_str() {
                    "van der" => "v.d.",
                    "van den" => "v.d.",
                    "van de" => "v.d.",
                    "van" => "v.",
                    _ => vv.as_str(),
                };
                format!("{abbr} {}", s.achternaam)
            }
            _ => format!("{}{}", vv.replace(' ', ""), s.achternaam.to_lowercase()),
        };
    }
    if rng.chance(0.06) {
        s.achternaam = typo(rng, &s.achternaam);
    }
    // Given names.
    let first = r.voornamen.split(' ').next().unwrap_or("").to_string();
    let mut given = if rng.chance(0.7) {
        first.clone()
    } else {
        r.voornamen.clone()
    };
    if rng.chance(0.15) {
        let options: Vec<&str> = NAME_VARIANTS
            .iter()
            .filter(|(a, _)| *a == first)
            .map(|(_, b)| *b)
            .collect();
        if !options.is_empty() {
            given = rng.pick(&options).to_string();
        }
    }
    if rng.chance(0.25) {
        given = fold_diacritics(&given);
    }
    if rng.chance(0.05) {
        given = typo(rng, &given);
    }
    if rng.chance(0.04) {
        given = r
            .voornamen
            .split(' ')
            .filter_map(|w| w.chars().next())
            .map(|c| format!("{c}."))
            .collect();
    }
    s.voornamen = given;
    // Birth date.
    if let Some(d) = r.geboortedatum {
        let (y, m, day) = (d.year(), u8::from(d.month()), d.day());
        let roll = rng.below(100);
        s.geboortedatum = match roll {
            0..=3 => date(y, day, m).or(Some(d)),
            4..=7 => {
                let day2 = if (10..20).contains(&day) {
                    day + 10
                } else if day < 10 {
                    (day % 9) + 1
                } else {
                    day - 10
                };
                date(y, m, day2.max(1)).or(Some(d))
            }
            8..=10 => date(y + if rng.chance(0.5) { 1 } else { -1 }, m, day),
            11..=13 => None,
            _ => Some(d),
        };
    }
    if rng.chance(0.08) {
        s.geslacht = None;
    }
    // Address.
    match rng.below(100) {
        0..=9 => {
            s.straat = rng.pick(STREETS).to_string();
            s.huisnummer = (1 + rng.below(200)).to_string();
            s.postcode = postcode(rng);
            if rng.chance(0.5) {
                s.woonplaats = rng.pick(PLACES).to_string();
            }
        }
        10..=19 => {
            s.straat.clear();
            s.huisnummer.clear();
            s.postcode.clear();
            s.woonplaats.clear();
        }
        _ => {}
    }
    // The school export has no street.
    s.straat.clear();
    s
}

/// Generate `rows` records in total (about half BRP, half school) from `seed`.
pub fn generate(rows: usize, seed: u64) -> SyntheticSet {
    let mut rng = Rng::new(seed);
    let mut set = SyntheticSet::default();
    let brp_target = rows / 2;
    let school_target = rows - brp_target;
    // BRP: households with one to three children, some twins.
    while set.bsn_register.len() < brp_target {
        let h = household(&mut rng);
        let kids = 1 + rng.below(3);
        let mut names: Vec<String> = Vec::new();
        let mut birth = random_birth(&mut rng);
        for k in 0..kids {
            if set.bsn_register.len() >= brp_target {
                break;
            }
            if k > 0 && !rng.chance(0.12) {
                birth = random_birth(&mut rng);
            }
            let mut c = child(&mut rng, &h, birth, &names);
            names.push(c.voornamen.clone());
            c.bsn = Some(bsn_from_seed(set.bsn_register.len() as u32));
            c.row = set.bsn_register.len() as u32 + 2;
            set.bsn_register.push(c);
        }
    }
    // School: 60% the same children, the rest others (some siblings of BRP children).
    let mut order: Vec<usize> = (0..set.bsn_register.len()).collect();
    for i in (1..order.len()).rev() {
        let j = rng.below(i + 1);
        order.swap(i, j);
    }
    let matched = (school_target * 6 / 10).min(order.len());
    let mut school: Vec<(PupilRecord, Option<usize>)> = Vec::with_capacity(school_target);
    for &b in order.iter().take(matched) {
        if let Some(r) = set.bsn_register.get(b) {
            school.push((perturb(&mut rng, r), Some(b)));
        }
    }
    while school.len() < school_target {
        let rec = if rng.chance(0.3) && !set.bsn_register.is_empty() {
            // A sibling not in the BRP register: same family, other child.
            let b = &set.bsn_register[rng.below(set.bsn_register.len())];
            let h = Household {
                voorvoegsel: "",
                achternaam: "",
                straat: "",
                huisnummer: b.huisnummer.clone(),
                postcode: b.postcode.clone(),
                woonplaats: "",
            };
            let birth = if rng.chance(0.3) {
                b.geboortedatum.unwrap_or(Date::MIN)
            } else {
                random_birth(&mut rng)
            };
            let mut c = child(&mut rng, &h, birth, std::slice::from_ref(&b.voornamen));
            c.achternaam = b.achternaam.clone();
            c.voorvoegsel = b.voorvoegsel.clone();
            c.woonplaats = b.woonplaats.clone();
            c.straat = b.straat.clone();
            c
        } else {
            let h = household(&mut rng);
            let birth = random_birth(&mut rng);
            child(&mut rng, &h, birth, &[])
        };
        let rec = perturb(&mut rng, &rec);
        school.push((rec, None));
    }
    for i in (1..school.len()).rev() {
        let j = rng.below(i + 1);
        school.swap(i, j);
    }
    for (i, (mut rec, truth)) in school.into_iter().enumerate() {
        rec.onderwijsnummer = Some(onderwijsnummer_from_seed(i as u32));
        rec.row = i as u32 + 2;
        if let Some(b) = truth {
            set.truth.push((b, i));
        }
        set.onderwijs_register.push(rec);
    }
    set.truth.sort_unstable();
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_set_and_sizes_add_up() {
        let a = generate(1000, 7);
        let b = generate(1000, 7);
        assert_eq!(a.bsn_register, b.bsn_register);
        assert_eq!(a.onderwijs_register, b.onderwijs_register);
        assert_eq!(a.bsn_register.len() + a.onderwijs_register.len(), 1000);
        assert_eq!(a.truth.len(), 300);
        assert_ne!(generate(1000, 8).bsn_register, a.bsn_register);
    }
}
