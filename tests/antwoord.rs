//! DUO's answer read against the sent koppelbestand, over fixture pairs made with openpyxl and
//! LibreOffice (`tests/fixtures/antwoord/make_fixtures.py`).

use koppelhulp_core::antwoord::{Counts, Reconciliation, reconcile};
use koppelhulp_io::koci_xlsx::read_koci;
use koppelhulp_io::table::read_sheet;

const DIR: &str = "tests/fixtures/antwoord";

fn reconciled(answer: &str) -> Result<Reconciliation, String> {
    let sent = std::fs::read(format!("{DIR}/20261128G0363.koci.xlsx")).unwrap();
    let (regels, layout, _) = read_koci(&sent).unwrap();
    let bytes = std::fs::read(format!("{DIR}/{answer}")).unwrap();
    let sheet = read_sheet(&bytes, answer, None)
        .map_err(|p| p.message)?
        .sheet;
    reconcile(&regels, &layout.headers, &sheet).map_err(|p| p.message)
}

fn counts(
    answered: usize,
    without_answer: usize,
    missing: usize,
    not_sent: usize,
    changed: usize,
) -> Counts {
    Counts {
        answered,
        without_answer,
        missing,
        not_sent,
        changed,
    }
}

#[test]
#[allow(clippy::type_complexity)]
fn every_answer_file_reconciles_as_expected() {
    // (file, DUO's columns, counts, (answer row → sent row))
    let cases: [(&str, &[&str], Counts, &[(u32, Option<usize>)]); 4] = [
        (
            "antwoord-kolommen.koci.xlsx",
            &["Resultaat", "Toelichting DUO"],
            counts(4, 1, 0, 0, 0),
            &[
                (2, Some(4)),
                (3, Some(2)),
                (4, Some(0)),
                (5, Some(3)),
                (6, Some(1)),
            ],
        ),
        (
            "20261128G0363 (1).koci.xls",
            &["Resultaat", "Toelichting DUO"],
            counts(4, 1, 0, 0, 0),
            &[
                (2, Some(4)),
                (3, Some(2)),
                (4, Some(0)),
                (5, Some(3)),
                (6, Some(1)),
            ],
        ),
        (
            "antwoord-opmerking.koci.xlsx",
            &[],
            counts(2, 3, 0, 0, 2),
            &[
                (2, Some(0)),
                (3, Some(1)),
                (4, Some(2)),
                (5, Some(3)),
                (6, Some(4)),
            ],
        ),
        (
            "antwoord-gewijzigd.koci.xlsx",
            &["Resultaat"],
            counts(1, 3, 1, 1, 1),
            &[
                (2, Some(0)),
                (3, Some(1)),
                (4, Some(2)),
                (5, Some(3)),
                (6, None),
            ],
        ),
    ];
    for (file, columns, expected, rows) in cases {
        let r = reconciled(file).unwrap_or_else(|m| panic!("{file}: {m}"));
        assert_eq!(r.answer_columns, columns, "{file}");
        assert_eq!(r.counts, expected, "{file}");
        let got: Vec<(u32, Option<usize>)> = r.rows.iter().map(|a| (a.row, a.sent)).collect();
        assert_eq!(got, rows, "{file}");
    }
}

#[test]
fn answers_are_shown_verbatim_and_changes_with_both_values() {
    let r = reconciled("antwoord-kolommen.koci.xlsx").unwrap();
    let second = r.rows.iter().find(|a| a.sent == Some(1)).unwrap();
    assert_eq!(
        second.answers,
        [
            ("Resultaat".to_string(), "Niet gekoppeld".to_string()),
            (
                "Toelichting DUO".to_string(),
                "Geboortedatum wijkt af van de BRP".to_string()
            )
        ]
    );
    assert_eq!(second.naam, "Elif Yılmaz");

    let r = reconciled("antwoord-opmerking.koci.xlsx").unwrap();
    let change = &r.rows[1].changes[0];
    assert_eq!(change.column, "Opmerking Gemeente/Regio");
    assert_eq!(change.sent, "Staat zij dubbel ingeschreven?");
    assert_eq!(
        change.returned,
        "Staat zij dubbel ingeschreven? DUO: ja, gekoppeld"
    );

    let r = reconciled("antwoord-gewijzigd.koci.xlsx").unwrap();
    let corrected = &r.rows[2];
    assert_eq!(corrected.changes.len(), 1);
    assert_eq!(corrected.changes[0].column, "BSN");
    assert_eq!(
        corrected.answers,
        [("Resultaat".to_string(), "BSN gecorrigeerd".to_string())]
    );
    assert_eq!(r.missing, [4]);
}

#[test]
fn another_kind_of_file_is_refused() {
    let message = reconciled("geen-koci.xlsx").unwrap_err();
    assert!(message.contains("geen antwoord van DUO"), "{message}");
}
