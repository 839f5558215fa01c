//! Where the columns of a koppelbestand are: DUO's template's layout or the default one. The page
//! shows it and the worker writes and reads files in it (`io::koci_xlsx`).

use serde::{Deserialize, Serialize};

use crate::koppelregel::Field;

/// The sheet name of the default layout.
pub const DEFAULT_SHEET_NAME: &str = "Koppelen gegevens";
/// Where the columns of a koppelbestand are: DUO's template as read by `io::koci_xlsx::read_template`, a file
/// read back by `io::koci_xlsx::read_koci`, or [`KociLayout::default_layout`].
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct KociLayout {
    pub sheet_name: String,
    /// 0-based row index of the header row.
    pub header_row: u32,
    /// Every header cell from column A to the last filled one, as written (empty for a gap).
    pub headers: Vec<String>,
    /// Per header: which field it holds; `None` for a column Koppelhulp does not know (written
    /// empty; in a file DUO sends back, such a column is DUO's answer).
    pub columns: Vec<Option<Field>>,
    /// True when the layout came from a file rather than from [`KociLayout::default_layout`].
    pub from_template: bool,
    /// The rows above the header (a title, blank rows) as text, one `Vec` per row from column A;
    /// written back as they were.
    #[serde(default)]
    pub title_rows: Vec<Vec<String>>,
}

impl KociLayout {
    /// One sheet "Koppelen gegevens", the header in row 1: every field in [`Field::ALL`] order.
    pub fn default_layout() -> KociLayout {
        KociLayout {
            sheet_name: DEFAULT_SHEET_NAME.to_string(),
            header_row: 0,
            headers: Field::ALL.iter().map(|f| f.label().to_string()).collect(),
            columns: Field::ALL.iter().copied().map(Some).collect(),
            from_template: false,
            title_rows: Vec::new(),
        }
    }

    /// The column (0-based) that holds `field`: the first one, if a header occurs twice.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }

    /// Which of Koppelhulp's fields goes into which column, as Koppelbestand shows it after a
    /// template is loaded: `BSN → kolom A „Burgerservicenummer”`; a column Koppelhulp does not know
    /// stays empty; a field without a column is not written.
    pub fn mapping_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = Field::ALL
            .iter()
            .map(|&field| match self.column_of(field) {
                Some(i) => format!(
                    "{} → kolom {} „{}”",
                    field.label(),
                    crate::import::column_letters(i),
                    self.headers.get(i).map_or("", |h| h.trim())
                ),
                None => format!("{}: geen kolom, wordt niet ingevuld", field.label()),
            })
            .collect();
        for (i, header) in self.headers.iter().enumerate() {
            if self.columns.get(i).copied().flatten().is_none() && !header.trim().is_empty() {
                lines.push(format!(
                    "Kolom {} „{}”: blijft leeg",
                    crate::import::column_letters(i),
                    header.trim()
                ));
            }
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mapping_names_each_field_and_its_column() {
        let layout = KociLayout {
            sheet_name: "Blad1".into(),
            header_row: 2,
            headers: vec![
                "Burgerservicenummer".into(),
                "Onderwijsnummer".into(),
                " Achternaam ".into(),
                "Toelichting DUO".into(),
            ],
            columns: vec![
                Some(Field::Bsn),
                Some(Field::Onderwijsnummer),
                Some(Field::Achternaam),
                None,
            ],
            from_template: true,
            title_rows: Vec::new(),
        };
        let lines = layout.mapping_lines();
        assert_eq!(lines[0], "BSN → kolom A „Burgerservicenummer”");
        assert_eq!(lines[2], "Achternaam → kolom C „Achternaam”");
        assert_eq!(lines[3], "Voorvoegsel: geen kolom, wordt niet ingevuld");
        assert_eq!(
            lines.last().unwrap(),
            "Kolom D „Toelichting DUO”: blijft leeg"
        );
        assert_eq!(lines.len(), Field::ALL.len() + 1);
        // Koppelhulp's own layout: every field in its own column, in order.
        let own = KociLayout::default_layout().mapping_lines();
        assert_eq!(own.len(), Field::ALL.len());
        assert_eq!(
            own[7],
            "Opmerking Gemeente/Regio → kolom H „Opmerking Gemeente/Regio”"
        );
    }
}
