//! A sheet as read from a file, before any meaning is given to it: the seam between `io` (which
//! turns bytes into a [`RawSheet`]) and `core::import` (which finds the header, maps the columns and
//! reads the values).

/// One cell as the file stored it.
#[derive(Clone, Debug, PartialEq)]
pub enum RawCell {
    Empty,
    /// Text, as stored (csv cells are always text).
    Text(String),
    /// A number (Excel stores every number as a float; integers too).
    Number(f64),
    Bool(bool),
    /// A cell formatted as a date: the serial number in the workbook's date system
    /// (see [`RawSheet::date_1904`]); the fraction is the time of day.
    Date(f64),
    /// A date-time written as ISO 8601 text (ods stores dates this way).
    DateIso(String),
    /// An error value such as `#N/A`, as text.
    Error(String),
}

impl RawCell {
    /// True for an empty cell or one with only white space. (io's `koci_xlsx::filled` counts white
    /// space: a koppelbestand is read back and a template checked as written, not as read.)
    pub fn is_blank(&self) -> bool {
        match self {
            RawCell::Empty => true,
            RawCell::Text(t) | RawCell::DateIso(t) => super::text::is_blank(t),
            _ => false,
        }
    }
}

/// True when no cell of the row holds anything ([`RawCell::is_blank`]): the one test for an empty
/// row, wherever rows are skipped or a sheet is found empty.
pub fn is_blank_row(row: &[RawCell]) -> bool {
    row.iter().all(RawCell::is_blank)
}

/// One sheet: rows of cells, as many rows as the sheet has from its first row (row index 0 is the
/// spreadsheet's row 1). Rows may have different lengths; missing cells are empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<Vec<RawCell>>,
    /// The workbook counts date serials from 1904-01-01 (old Mac Excel) instead of 1899-12-30.
    pub date_1904: bool,
}

impl RawSheet {
    /// True when no row holds anything ([`is_blank_row`]).
    pub fn is_blank(&self) -> bool {
        self.rows.iter().all(|row| is_blank_row(row))
    }
}
