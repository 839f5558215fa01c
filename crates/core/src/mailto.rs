//! A `mailto:` link (RFC 6068) and the e-mail to DUO that says a koppelbestand is ready.
//!
//! The mail carries no personal data: only the file name, the organisation and, when the user
//! gives it, the sender's name.

use super::koci_name::KociFileName;

/// DUO's address for koppelbestanden and questions about them.
pub const DUO_ADDRESS: &str = "verzuim@duo.nl";

/// Percent-encode UTF-8 text: every byte that is not unreserved (`A-Z a-z 0-9 - . _ ~`) becomes
/// `%XX`, except the bytes listed in `keep`. Line breaks (`\n`, `\r\n`, `\r`) become `%0D%0A`.
fn encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        match b {
            b'\r' => {
                if bytes.peek() == Some(&b'\n') {
                    bytes.next();
                }
                out.push_str("%0D%0A");
            }
            b'\n' => out.push_str("%0D%0A"),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(b))
            }
            b if keep.contains(&b) => out.push(char::from(b)),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A `mailto:` URI: `mailto:to?subject=…&body=…`. The subject and body are encoded as RFC 6068
/// asks (UTF-8, everything but unreserved characters percent-encoded, space as `%20`, line breaks
/// as `%0D%0A`); an empty subject or body is left out. In the address `@` and `,` (between
/// addresses) stay as they are.
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    let mut uri = format!("mailto:{}", encode(to.trim(), b"@,"));
    let fields = [("subject", subject), ("body", body)];
    let mut separator = '?';
    for (name, value) in fields {
        if value.is_empty() {
            continue;
        }
        uri.push(separator);
        uri.push_str(name);
        uri.push('=');
        uri.push_str(&encode(value, b""));
        separator = '&';
    }
    uri
}

/// The subject and body of the mail to DUO about an uploaded koppelbestand. `org_title` names the
/// organisation (`"G0363 — Amsterdam"`; empty gives the code from the file name); `sender` is the
/// user's name, when given.
pub fn koci_mail(
    file_name: &KociFileName,
    org_title: &str,
    sender: Option<&str>,
) -> (String, String) {
    let name = file_name.to_string();
    let subject = format!("Koppelbestand klaargezet in Mijn DUO: {name}");
    let organisation = match org_title.trim() {
        "" => file_name.file_code(),
        title => title.to_string(),
    };
    let signature = sender.map(str::trim).filter(|s| !s.is_empty());
    let mut body = format!(
        "Beste medewerker van DUO,\n\
         \n\
         Ik heb in Mijn DUO een koppelbestand voor u klaargezet.\n\
         \n\
         Bestandsnaam: {name}\n\
         Bestandssoort: Koppeling OWN/BSN\n\
         Organisatie: {organisation}\n\
         \n\
         Wilt u het bestand verwerken? Alvast bedankt.\n\
         \n\
         Met vriendelijke groet,\n"
    );
    if let Some(sender) = signature {
        body.push('\n');
        body.push_str(sender);
        body.push('\n');
    }
    (subject, body)
}

/// The whole `mailto:` link for [`koci_mail`], to [`DUO_ADDRESS`].
pub fn koci_mailto(file_name: &KociFileName, org_title: &str, sender: Option<&str>) -> String {
    let (subject, body) = koci_mail(file_name, org_title, sender);
    mailto(DUO_ADDRESS, &subject, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organisation::OrgKind;
    use time::{Date, Month};

    fn name() -> KociFileName {
        let date = Date::from_calendar_date(2026, Month::March, 1).unwrap();
        KociFileName::new(date, OrgKind::Gemeente, "363").unwrap()
    }

    #[test]
    fn encoding_cases() {
        let cases = [
            ("", ""),
            ("abc XYZ 019", "abc%20XYZ%20019"),
            ("-._~", "-._~"),
            ("é", "%C3%A9"),
            ("&", "%26"),
            ("?", "%3F"),
            ("=", "%3D"),
            ("%", "%25"),
            ("#", "%23"),
            ("+", "%2B"),
            (" ", "%20"),
            ("a\nb", "a%0D%0Ab"),
            ("a\r\nb", "a%0D%0Ab"),
            ("a\rb", "a%0D%0Ab"),
            ("\n\n", "%0D%0A%0D%0A"),
            ("/:@!$'()*,;", "%2F%3A%40%21%24%27%28%29%2A%2C%3B"),
            ("—", "%E2%80%94"),
            ("€ 5", "%E2%82%AC%205"),
            ("\u{1F600}", "%F0%9F%98%80"),
            ("tab\t", "tab%09"),
        ];
        for (input, expected) in cases {
            assert_eq!(encode(input, b""), expected, "{input:?}");
        }
    }

    #[test]
    fn mailto_cases() {
        let cases = [
            ("verzuim@duo.nl", "", "", "mailto:verzuim@duo.nl"),
            (
                "verzuim@duo.nl",
                "Hoi",
                "",
                "mailto:verzuim@duo.nl?subject=Hoi",
            ),
            (
                "verzuim@duo.nl",
                "",
                "Hoi",
                "mailto:verzuim@duo.nl?body=Hoi",
            ),
            (
                " verzuim@duo.nl ",
                "Café & co?",
                "a=b+c 100%\n#1",
                "mailto:verzuim@duo.nl?subject=Caf%C3%A9%20%26%20co%3F\
                 &body=a%3Db%2Bc%20100%25%0D%0A%231",
            ),
            (
                "a@x.nl,b@y.nl",
                "x",
                "y",
                "mailto:a@x.nl,b@y.nl?subject=x&body=y",
            ),
            ("a?b@x.nl", "", "", "mailto:a%3Fb@x.nl"),
        ];
        for (to, subject, body, expected) in cases {
            assert_eq!(mailto(to, subject, body), expected, "{subject:?} {body:?}");
        }
    }

    #[test]
    fn mail_to_duo() {
        let (subject, body) = koci_mail(&name(), "G0363 — Amsterdam", Some("  J. de Vries "));
        assert_eq!(
            subject,
            "Koppelbestand klaargezet in Mijn DUO: 20260301G0363.koci.xlsx"
        );
        assert_eq!(
            body,
            "Beste medewerker van DUO,\n\
             \n\
             Ik heb in Mijn DUO een koppelbestand voor u klaargezet.\n\
             \n\
             Bestandsnaam: 20260301G0363.koci.xlsx\n\
             Bestandssoort: Koppeling OWN/BSN\n\
             Organisatie: G0363 — Amsterdam\n\
             \n\
             Wilt u het bestand verwerken? Alvast bedankt.\n\
             \n\
             Met vriendelijke groet,\n\
             \n\
             J. de Vries\n"
        );
        let cases = [
            (" ", None, "Organisatie: G0363\n", "groet,\n"),
            (
                "R0021 — Agglomeratie Amsterdam",
                Some(" "),
                "R0021 — Agglomeratie",
                "groet,\n",
            ),
            (
                "x",
                Some("Team Leerplicht"),
                "Organisatie: x\n",
                "groet,\n\nTeam Leerplicht\n",
            ),
        ];
        for (title, sender, contains, ends_with) in cases {
            let (_, body) = koci_mail(&name(), title, sender);
            assert!(body.contains(contains), "{body}");
            assert!(body.ends_with(ends_with), "{body}");
        }
    }

    #[test]
    fn whole_link() {
        let link = koci_mailto(&name(), "G0363 — Amsterdam", None);
        assert!(link.starts_with(
            "mailto:verzuim@duo.nl?subject=Koppelbestand%20klaargezet%20in%20Mijn%20DUO%3A%20\
             20260301G0363.koci.xlsx&body=Beste%20medewerker%20van%20DUO%2C%0D%0A%0D%0A"
        ));
        assert!(link.contains("Organisatie%3A%20G0363%20%E2%80%94%20Amsterdam%0D%0A"));
        assert!(!link.contains(' ') && !link.contains('\n') && !link.contains('+'));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn decode(s: &str) -> Vec<u8> {
            let bytes = s.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                    out.push(u8::from_str_radix(hex, 16).unwrap());
                    i += 3;
                } else {
                    out.push(bytes[i]);
                    i += 1;
                }
            }
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            #[test]
            fn encoding_is_safe_and_reversible(s in "[\\PC\r\n]*") {
                let encoded = encode(&s, b"");
                prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
                let expected = s.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n");
                prop_assert_eq!(decode(&encoded), expected.into_bytes());
            }
        }
    }
}
