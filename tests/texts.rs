//! The words and forms the app no longer uses, held against every string literal of the crates'
//! production code (`crates/*/src`, test modules aside), so they do not come back. See issue 15: plain Dutch at B1, one
//! vocabulary, and only what DUO's page supports.

use std::fs;
use std::path::{Path, PathBuf};

/// A forbidden form: what to look for (case-insensitive unless `exact_case`), and why.
struct Rule {
    needle: &'static str,
    exact_case: bool,
    why: &'static str,
}

const RULES: &[Rule] = &[
    // Issue 27: B1, no statistics or ICT jargon on the main path, rows called rows.
    Rule {
        needle: "Elk punt hoger maakt",
        exact_case: false,
        why: "the weight in one sentence; the details behind \"Hoe werkt het gewicht?\"",
    },
    Rule {
        needle: "willekeurige inschrijvingen",
        exact_case: false,
        why: "statistics: say \"Beginwaarde\"",
    },
    Rule {
        needle: "standaardwaarden",
        exact_case: false,
        why: "say \"vaste gewichten\"",
    },
    Rule {
        needle: "Windows-1252",
        exact_case: false,
        why: "a character set's name is ICT jargon: Bestanden warns about unreadable letters instead",
    },
    Rule {
        needle: "vingerafdruk",
        exact_case: false,
        why: "ICT jargon: say \"controlegetal\"",
    },
    Rule {
        needle: "leerlingen vergeleken",
        exact_case: false,
        why: "rows are compared, and a row is not a pupil: say \"rijen\"",
    },
    Rule {
        needle: "met fouten zijn verbeterd",
        exact_case: false,
        why: "say \"als u de fouten in … hebt verbeterd\"",
    },
    Rule {
        needle: "heeft u",
        exact_case: false,
        why: "DUO writes \"hebt u\"",
    },
    Rule {
        needle: "u heeft",
        exact_case: false,
        why: "DUO writes \"u hebt\"",
    },
    Rule {
        needle: "upload",
        exact_case: false,
        why: "say \"Zet het bestand op Mijn DUO\"",
    },
    Rule {
        needle: "verzendlog",
        exact_case: false,
        why: "the screen calls it \"Verzendoverzicht\"",
    },
    Rule {
        needle: "herlaad",
        exact_case: false,
        why: "say \"de pagina opnieuw laden\"",
    },
    Rule {
        needle: "eHerkenning (niveau",
        exact_case: false,
        why: "not on DUO's page: advice at most",
    },
    Rule {
        needle: "EH3",
        exact_case: true,
        why: "not on DUO's page",
    },
    Rule {
        needle: "Anders stuurt DUO het formulier terug",
        exact_case: false,
        why: "not on DUO's page",
    },
    Rule {
        needle: "formulier is volledig",
        exact_case: false,
        why: "say what was checked",
    },
    Rule {
        needle: "Gekoppeld",
        exact_case: true,
        why: "DUO links; the app puts a pair in the koppelbestand",
    },
    Rule {
        needle: "\"X\" as DUO",
        exact_case: false,
        why: "geslacht X is not a BRP code",
    },
    Rule {
        needle: "Handtekening",
        exact_case: false,
        why: "the routing printout is Koppelhulp's invulhulp, not DUO's form: no signature lines (issue 27)",
    },
    Rule {
        needle: ": BRP ",
        exact_case: true,
        why: "a suggested remark names each record's file and row (issue 27): both may come from one file",
    },
    Rule {
        needle: ", school ",
        exact_case: true,
        why: "a suggested remark names each record's file and row (issue 27): both may come from one file",
    },
    Rule {
        needle: "M, V, X of O",
        exact_case: false,
        why: "geslacht X is not a BRP code",
    },
];

/// "OWN" as a word in running text; DUO's bestandssoort "Koppeling OWN/BSN" is quoted as is.
fn own_in_running_text(text: &str) -> bool {
    let cleaned = text.replace("Koppeling OWN/BSN", "");
    cleaned.match_indices("OWN").any(|(i, _)| {
        let before = cleaned[..i].chars().next_back();
        let after = cleaned[i + 3..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// "1 regels", "1 rijen", …: a count of one with a plural noun.
fn one_with_plural(text: &str) -> bool {
    const PLURALS: [&str; 10] = [
        "regels",
        "rijen",
        "paren",
        "fouten",
        "bestanden",
        "leerlingen",
        "waarschuwingen",
        "organisaties",
        "gemeenten",
        "vragen",
    ];
    PLURALS.iter().any(|p| {
        let needle = format!("1 {p}");
        text.match_indices(&needle).any(|(i, _)| {
            !text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',')
        })
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `source` without its `#[cfg(test)]` items: a `mod tests;` up to its `;`, a block up to its
/// matching `}`. Production code after a test module is kept.
fn without_test_items(source: &str) -> String {
    let mut out = String::new();
    let mut rest = source;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let open = item.find('{');
        let semi = item.find(';');
        rest = match (open, semi) {
            (_, Some(s)) if open.is_none_or(|o| s < o) => &item[s + 1..],
            (Some(o), _) => {
                let mut depth = 0usize;
                let mut end = item.len();
                for (i, c) in item[o..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                end = o + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                &item[end..]
            }
            _ => "",
        };
    }
    out.push_str(rest);
    out
}

/// The string literals of Rust source outside `#[cfg(test)]` items (comments skipped, `\` line
/// continuations joined, escapes kept as written).
fn string_literals(source: &str) -> Vec<String> {
    let source = without_test_items(source);
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '\'' {
            // A char literal ('"', '\'', '\n') or a lifetime ('a): skip either.
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let rest: String = chars[j + 1..].iter().collect();
            let end = rest.find(&close).unwrap_or(rest.len());
            out.push(rest[..end].to_string());
            i = j + 1 + rest[..end].chars().count() + close.chars().count();
        } else if c == '"' {
            let mut text = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && chars.get(i + 1) == Some(&'\n') {
                    i += 2;
                    while i < chars.len() && chars[i].is_whitespace() {
                        i += 1;
                    }
                    continue;
                }
                if chars[i] == '\\' {
                    text.push(chars[i]);
                    i += 1;
                }
                if let Some(&ch) = chars.get(i) {
                    text.push(ch);
                }
                i += 1;
            }
            i += 1;
            out.push(text);
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn the_extractor_reads_literals_as_written() {
    let source = r##"
        // "in een commentaar"
        let a = "één regel"; let c = '"'; let d: &'static str = "twee \
                 regels";
        /* "blok" */ let e = r#"ruw "met" quotes"#; let f = '\'';
        #[cfg(test)]
        mod tests { fn g() { let g = "test"; } }
        let h = "na de tests";
        #[cfg(test)]
        mod more;
        let i = "tot het eind";
    "##;
    assert_eq!(
        string_literals(source),
        [
            "één regel",
            "twee regels",
            "ruw \"met\" quotes",
            "na de tests",
            "tot het eind"
        ]
    );
    assert!(own_in_running_text("OWN 101222331"));
    assert!(!own_in_running_text("Bestandssoort: Koppeling OWN/BSN"));
    assert!(!own_in_running_text("OWNER"));
    assert!(one_with_plural("Er zijn 1 regels"));
    assert!(!one_with_plural("Er zijn 11 regels"));
    assert!(!one_with_plural("Er zijn 2.001 regels"));
}

#[test]
fn no_forbidden_words_in_ui_and_core_texts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for entry in fs::read_dir(root.join("crates")).unwrap() {
        rust_files(&entry.unwrap().path().join("src"), &mut files);
    }
    // Test modules kept in files of their own.
    files.retain(|f| f.file_name().is_none_or(|n| n != "tests.rs"));
    files.sort();
    let mut found = Vec::new();
    let mut literals = 0;
    for file in &files {
        let source = fs::read_to_string(file).unwrap();
        for text in string_literals(&source) {
            // Storage keys are names, not text on screen: renaming one loses the user's data.
            if text.starts_with("koppelhulp.") {
                continue;
            }
            literals += 1;
            let lower = text.to_lowercase();
            let name = file.strip_prefix(root).unwrap().display().to_string();
            for rule in RULES {
                let hit = if rule.exact_case {
                    text.contains(rule.needle)
                } else {
                    lower.contains(&rule.needle.to_lowercase())
                };
                if hit {
                    found.push(format!(
                        "{name}: {:?} in {text:?} ({})",
                        rule.needle, rule.why
                    ));
                }
            }
            if own_in_running_text(&text) {
                found.push(format!(
                    "{name}: \"OWN\" in {text:?} (write \"onderwijsnummer\")"
                ));
            }
            if one_with_plural(&text) {
                found.push(format!("{name}: a count of 1 with a plural in {text:?}"));
            }
        }
    }
    assert!(
        literals > 500,
        "only {literals} literals read: is the extractor broken?"
    );
    assert!(found.is_empty(), "forbidden words:\n{}", found.join("\n"));
}
