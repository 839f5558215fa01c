//! Small text helpers shared by the domain modules.

/// Lower-case, strip diacritics from the Latin letters Dutch registers use, and fold
/// punctuation and runs of white space to one space. Used for searching, not for display.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut last_space = true;
    for c in input.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'ď' | 'đ' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ğ' => "g",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' => "i",
            'ĳ' => "ij",
            'ł' | 'ľ' | 'ĺ' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'œ' => "oe",
            'ř' | 'ŕ' => "r",
            'ś' | 'š' | 'ş' | 'ș' => "s",
            'ß' => "ss",
            'ť' | 'ţ' | 'ț' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            c if c.is_alphanumeric() => {
                out.push(c);
                last_space = false;
                continue;
            }
            _ => {
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
                continue;
            }
        };
        out.push_str(mapped);
        last_space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

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
