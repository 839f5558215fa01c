//! Simple lists as xlsx (the problem list of an import, the actielijst of DUO's answer): a bold
//! title, a bold frozen header, text cells that no spreadsheet runs as a formula.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use std::collections::HashMap;

use super::koci_xlsx::needs_quote_prefix;
use koppelhulp_core::Problem;
use koppelhulp_core::antwoord::{Mark, Reconciliation, Status};

/// One cell of a list.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

/// A failure of the writer: said in Dutch (the library's English text never reaches the screen).
fn fail(_: XlsxError) -> Problem {
    Problem::error(
        "Het Excel-bestand kon niet worden gemaakt. Probeer het opnieuw; lukt het niet, meld het \
         dan bij de beheerder van Koppelhulp.",
    )
}

/// A workbook with one sheet: `title` in A1, the header (name, column width) in row 3, the rows
/// below it.
pub fn write_list(
    sheet_name: &str,
    title: &str,
    header: &[(&str, f64)],
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, Problem> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name).map_err(fail)?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let quoted = Format::new().set_num_format("@").set_quote_prefix();
    let bold_quoted = Format::new().set_bold().set_quote_prefix();
    let title_format = if needs_quote_prefix(title) {
        &bold_quoted
    } else {
        &bold
    };
    sheet
        .write_string_with_format(0, 0, title, title_format)
        .map_err(fail)?;
    for (col, (name, width)) in header.iter().enumerate() {
        let col = u16::try_from(col).map_err(|_| Problem::error("Te veel kolommen."))?;
        sheet
            .write_string_with_format(2, col, *name, &bold)
            .map_err(fail)?;
        sheet.set_column_width(col, *width).map_err(fail)?;
    }
    for (i, cells) in rows.iter().enumerate() {
        let row = u32::try_from(i + 3).map_err(|_| Problem::error("Te veel rijen."))?;
        for (col, cell) in cells.iter().enumerate() {
            let col = u16::try_from(col).map_err(|_| Problem::error("Te veel kolommen."))?;
            match cell {
                Cell::Number(n) => sheet.write_number(row, col, *n).map(|_| ()),
                Cell::Text(t) if t.is_empty() => Ok(()),
                Cell::Text(t) => {
                    let format = if needs_quote_prefix(t) {
                        &quoted
                    } else {
                        &text
                    };
                    sheet
                        .write_string_with_format(row, col, t, format)
                        .map(|_| ())
                }
            }
            .map_err(fail)?;
        }
    }
    sheet.set_freeze_panes(3, 0).map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}

/// The actielijst: every row of DUO's answer marked *actie nodig*, with DUO's answers, what DUO
/// changed and the officer's note.
pub fn write_actielijst(
    title: &str,
    r: &Reconciliation,
    marks: &HashMap<String, Mark>,
) -> Result<Vec<u8>, Problem> {
    let rows: Vec<Vec<Cell>> = r
        .rows
        .iter()
        .filter_map(|row| {
            let mark = marks.get(&row.key())?;
            (mark.status == Status::ActieNodig).then(|| {
                let answers = row
                    .answers
                    .iter()
                    .map(|(h, t)| format!("{h}: {t}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                let changes = row
                    .changes
                    .iter()
                    .map(|c| format!("{}: {} → {}", c.column, c.sent, c.returned))
                    .collect::<Vec<_>>()
                    .join("; ");
                vec![
                    Cell::Number(f64::from(row.row)),
                    Cell::Text(row.bsn.clone()),
                    Cell::Text(row.onderwijsnummer.clone()),
                    Cell::Text(row.naam.clone()),
                    Cell::Text(answers),
                    Cell::Text(changes),
                    Cell::Text(mark.note.clone()),
                ]
            })
        })
        .collect();
    write_list(
        "Actielijst",
        title,
        &[
            ("Rij", 6.0),
            ("BSN", 12.0),
            ("Onderwijsnummer", 16.0),
            ("Naam", 28.0),
            ("Antwoord van DUO", 50.0),
            ("Gewijzigd door DUO", 40.0),
            ("Notitie", 40.0),
        ],
        &rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::read_sheet;
    use koppelhulp_core::table::RawCell;

    #[test]
    fn a_list_reads_back_with_formulas_kept_as_text() {
        let bytes = write_list(
            "Lijst",
            "=Titel",
            &[("Rij", 8.0), ("Tekst", 20.0)],
            &[
                vec![Cell::Number(5.0), Cell::Text("=SOM(A1:A2)".into())],
                vec![Cell::Number(6.0), Cell::Text(String::new())],
            ],
        )
        .unwrap();
        let sheet = read_sheet(&bytes, "lijst.xlsx", None).unwrap().sheet;
        assert_eq!(sheet.name, "Lijst");
        assert_eq!(sheet.rows[0][0], RawCell::Text("=Titel".into()));
        assert_eq!(
            sheet.rows[2],
            [RawCell::Text("Rij".into()), RawCell::Text("Tekst".into())]
        );
        assert_eq!(
            sheet.rows[3],
            [RawCell::Number(5.0), RawCell::Text("=SOM(A1:A2)".into())]
        );
        assert_eq!(sheet.rows[4], [RawCell::Number(6.0)]);
    }
}
