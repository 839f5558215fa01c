//! DUO's sheet: cell references, scanning the sheet, and writing the rows under the header.

use super::*;

// ---- Cell references --------------------------------------------------------------------------

/// `A` → 0, `AB` → 27.
pub(super) fn column_index(letters: &str) -> Option<u32> {
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for b in letters.bytes() {
        if !b.is_ascii_uppercase() {
            return None;
        }
        n = n * 26 + u32::from(b - b'A') + 1;
    }
    (n <= EXCEL_COLUMNS).then(|| n - 1)
}

pub(super) fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// `B12` → (column 1, row 12): the row 1-based as in the file. `$` signs are allowed.
pub(super) fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let text = text.replace('$', "");
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let col = column_index(&text[..split])?;
    let row: u32 = text[split..].parse().ok()?;
    (1..=EXCEL_ROWS).contains(&row).then_some((col, row))
}

// ---- The sheet --------------------------------------------------------------------------------

#[derive(Debug)]
pub(super) struct CellScan {
    pub(super) col: u32,
    pub(super) tag: Tag,
    /// The whole element.
    pub(super) span: Range<usize>,
    pub(super) has_value: bool,
    pub(super) has_formula: bool,
}

#[derive(Debug)]
pub(super) struct RowScan {
    /// 1-based, as in the file.
    pub(super) r: u32,
    pub(super) tag: Tag,
    pub(super) span: Range<usize>,
    pub(super) cells: Vec<CellScan>,
    /// Where `</row>` starts (not for `<row/>`).
    pub(super) end_tag: Option<usize>,
}

pub(super) struct SheetScan {
    pub(super) dimension: Option<Tag>,
    /// Column styles: (first, last, style), 0-based columns.
    pub(super) cols: Vec<(u32, u32, u32)>,
    /// The `sheetData` start tag (or empty element), and where `</sheetData>` starts.
    pub(super) sheet_data: Tag,
    pub(super) sheet_data_end: Option<usize>,
    pub(super) rows: Vec<RowScan>,
}

pub(super) fn scan_sheet(package: &mut Package, name: &str) -> Result<SheetScan, Fail> {
    struct State {
        dimension: Option<Tag>,
        cols: Vec<(u32, u32, u32)>,
        sheet_data: Option<Tag>,
        sheet_data_end: Option<usize>,
        rows: Vec<RowScan>,
        row: Option<RowScan>,
        cell: Option<CellScan>,
        next_col: u32,
    }
    let state = std::cell::RefCell::new(State {
        dimension: None,
        cols: Vec::new(),
        sheet_data: None,
        sheet_data_end: None,
        rows: Vec::new(),
        row: None,
        cell: None,
        next_col: 0,
    });
    walk(
        package,
        name,
        &mut |tag, depth| {
            let mut s = state.borrow_mut();
            match (tag.local.as_str(), depth) {
                ("dimension", 1) => s.dimension = Some(tag),
                ("col", 2) => {
                    let min: u32 = tag.attr("min").and_then(|v| v.parse().ok()).unwrap_or(0);
                    let max: u32 = tag.attr("max").and_then(|v| v.parse().ok()).unwrap_or(0);
                    let style: u32 = tag.attr("style").and_then(|v| v.parse().ok()).unwrap_or(0);
                    if min >= 1 && max >= min {
                        s.cols.push((min - 1, max - 1, style));
                    }
                }
                ("sheetData", 1) => {
                    if s.sheet_data.is_some() {
                        return Err(unreadable("two sheetData"));
                    }
                    s.sheet_data = Some(tag);
                }
                ("row", 2) if s.sheet_data.is_some() => {
                    let previous = s.rows.last().map_or(0, |r| r.r);
                    let r = match tag.attr("r") {
                        Some(v) => v.parse().map_err(|_| unreadable("row number"))?,
                        None => previous + 1,
                    };
                    if r <= previous || r > EXCEL_ROWS {
                        return Err(unreadable("rows out of order"));
                    }
                    let span = tag.span.clone();
                    let row = RowScan {
                        r,
                        tag,
                        span,
                        cells: Vec::new(),
                        end_tag: None,
                    };
                    s.next_col = 0;
                    if row.tag.empty {
                        s.rows.push(row);
                    } else {
                        s.row = Some(row);
                    }
                }
                ("c", 3) if s.row.is_some() => {
                    let col = match tag.attr("r") {
                        Some(v) => cell_ref(v).ok_or(unreadable("cell reference"))?.0,
                        None => s.next_col,
                    };
                    if col >= EXCEL_COLUMNS
                        || s.row
                            .as_ref()
                            .and_then(|r| r.cells.last())
                            .is_some_and(|c| c.col >= col)
                    {
                        return Err(unreadable("cells out of order"));
                    }
                    s.next_col = col + 1;
                    let span = tag.span.clone();
                    let cell = CellScan {
                        col,
                        tag,
                        span,
                        has_value: false,
                        has_formula: false,
                    };
                    if cell.tag.empty {
                        if let Some(row) = s.row.as_mut() {
                            row.cells.push(cell);
                        }
                    } else {
                        s.cell = Some(cell);
                    }
                }
                ("v" | "is", 4) => {
                    if let Some(cell) = s.cell.as_mut() {
                        cell.has_value = true;
                    }
                }
                ("f", 4) => {
                    if let Some(cell) = s.cell.as_mut() {
                        cell.has_formula = true;
                    }
                }
                _ => {}
            }
            Ok(())
        },
        &mut |local, span, depth| {
            let mut s = state.borrow_mut();
            match (local, depth) {
                ("c", 3) => {
                    if let Some(mut cell) = s.cell.take() {
                        cell.span.end = span.end;
                        if let Some(row) = s.row.as_mut() {
                            row.cells.push(cell);
                        }
                    }
                }
                ("row", 2) => {
                    if let Some(mut row) = s.row.take() {
                        row.span.end = span.end;
                        row.end_tag = Some(span.start);
                        s.rows.push(row);
                    }
                }
                ("sheetData", 1) => s.sheet_data_end = Some(span.start),
                _ => {}
            }
            Ok(())
        },
    )?;
    let s = state.into_inner();
    let sheet_data = s.sheet_data.ok_or(unreadable("sheetData"))?;
    if !sheet_data.empty && s.sheet_data_end.is_none() {
        return Err(unreadable("sheetData end"));
    }
    Ok(SheetScan {
        dimension: s.dimension,
        cols: s.cols,
        sheet_data,
        sheet_data_end: s.sheet_data_end,
        rows: s.rows,
    })
}

/// XML text for a cell: escaped, and characters XML 1.0 cannot hold written the way Excel does
/// (`_x0001_`); a literal `_x0041_` in the text gets its underscore escaped so it stays as typed.
pub(super) fn cell_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let escape_pattern = c == '_'
            && chars.get(i + 1) == Some(&'x')
            && chars
                .get(i + 2..i + 6)
                .is_some_and(|h| h.iter().all(char::is_ascii_hexdigit))
            && chars.get(i + 6) == Some(&'_');
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("_x{:04X}_", c as u32));
            }
            '_' if escape_pattern => out.push_str("_x005F_"),
            c => out.push(c),
        }
    }
    out
}

/// What goes in one cell.
pub(super) enum Value {
    Text(String),
    Date(time::Date),
}

/// The sheet's XML with the rows written under the header.
pub(super) fn write_sheet(
    xml: &[u8],
    scan: &SheetScan,
    layout: &KociLayout,
    date_1904: bool,
    rows: &[NormalisedRow],
    styles: &mut Styles,
) -> Result<Vec<u8>, Fail> {
    let header_r = layout.header_row + 1;
    // The columns written: the first column of each field.
    // In column order (merged with the cells below, never sorted: a sort is a lot of wasm).
    let written: Vec<(u32, Field)> = (layout.columns.iter().enumerate())
        .filter_map(|(c, f)| {
            let f = (*f)?;
            (layout.column_of(f) == Some(c)).then_some((c as u32, f))
        })
        .collect();
    let is_written = |col: u32| written.iter().any(|(c, _)| *c == col);
    // Rows and their cells are in ascending order (scan_sheet refuses anything else).
    let below: Vec<&RowScan> = scan.rows.iter().filter(|r| r.r > header_r).collect();
    if below
        .iter()
        .flat_map(|r| &r.cells)
        .any(|c| c.has_formula && is_written(c.col))
    {
        return Err(NotFillable::Formulas);
    }
    let n = u32::try_from(rows.len()).map_err(|_| unreadable("rows"))?;
    let last_r = header_r
        .checked_add(n)
        .filter(|r| *r <= EXCEL_ROWS)
        .ok_or(unreadable("rows"))?;
    let p = &scan.sheet_data.prefix;
    let column_style = |col: u32| {
        scan.cols
            .iter()
            .find(|(a, b, _)| (*a..=*b).contains(&col))
            .map_or(0, |(_, _, s)| *s)
    };
    let row_style = |row: Option<&RowScan>| {
        row.filter(|r| matches!(r.tag.attr("customFormat"), Some("1" | "true")))
            .and_then(|r| r.tag.attr("s"))
            .and_then(|s| s.parse::<u32>().ok())
    };
    let mut out = String::new();
    let mut max_col: Option<u32> = None;
    let mut theirs = below.iter().copied().peekable();
    let mut next_ours = header_r + 1;
    loop {
        // The next row: ours (the koppelregels) or one that is in the sheet, or both.
        let ours = (next_ours <= last_r).then_some(next_ours);
        let r = match (ours, theirs.peek().map(|row| row.r)) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => break,
        };
        if ours == Some(r) {
            next_ours += 1;
        }
        let existing = theirs.next_if(|row| row.r == r);
        let values: Vec<(u32, Value)> = match rows.get((r - header_r - 1) as usize) {
            Some(row) if r <= last_r => written
                .iter()
                .filter_map(|&(col, field)| out_value(row, field).map(|value| (col, value)))
                .collect(),
            _ => Vec::new(),
        };
        // An existing row with nothing to change is copied as it was (when it names its row and
        // cells: a position only implied by the one before could move).
        let clears =
            existing.is_some_and(|row| row.cells.iter().any(|c| c.has_value && is_written(c.col)));
        let named = existing.is_some_and(|row| {
            row.tag.attr("r").is_some() && row.cells.iter().all(|c| c.tag.attr("r").is_some())
        });
        if let Some(row) = existing
            && values.is_empty()
            && !clears
            && named
        {
            out.push_str(&String::from_utf8_lossy(
                xml.get(row.span.clone()).ok_or(unreadable("row"))?,
            ));
            continue;
        }
        let mut tag = match existing {
            Some(row) => row.tag.clone(),
            None => Tag {
                span: 0..0,
                prefix: p.clone(),
                local: "row".into(),
                attrs: Vec::new(),
                empty: false,
            },
        };
        tag.remove("spans");
        tag.set("r", r.to_string());
        let old: &[CellScan] = existing.map_or(&[], |row| &row.cells);
        let (mut i, mut j) = (0, 0);
        let mut cells = String::new();
        loop {
            let (old_col, new_col) = (old.get(i).map(|c| c.col), values.get(j).map(|v| v.0));
            let col = match (old_col, new_col) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) => a,
                (None, Some(b)) => b,
                (None, None) => break,
            };
            let cell = old.get(i).filter(|_| old_col == Some(col));
            let value = values.get(j).filter(|_| new_col == Some(col)).map(|v| &v.1);
            i += usize::from(cell.is_some());
            j += usize::from(value.is_some());
            let reference = format!("{}{r}", column_letters(col));
            match (value, cell) {
                (Some(value), _) => {
                    let base = cell
                        .and_then(|c| c.tag.attr("s"))
                        .and_then(|s| s.parse::<u32>().ok())
                        .or_else(|| row_style(existing))
                        .unwrap_or_else(|| column_style(col));
                    cells.push_str(&value_xml(p, &reference, base, value, date_1904, styles));
                    max_col = Some(max_col.map_or(col, |m| m.max(col)));
                }
                (None, Some(c)) if c.has_value && is_written(col) => {
                    // Emptied, its style kept.
                    let mut t = c.tag.clone();
                    for key in ["t", "cm", "vm"] {
                        t.remove(key);
                    }
                    t.set("r", reference);
                    cells.push_str(&t.write(true));
                }
                (None, Some(c)) if c.tag.attr("r").is_none() => {
                    // Kept, with its place written out.
                    let mut t = c.tag.clone();
                    t.set("r", reference);
                    cells.push_str(&t.write(t.empty));
                    let rest = xml
                        .get(c.tag.span.end..c.span.end)
                        .ok_or(unreadable("cell"))?;
                    cells.push_str(&String::from_utf8_lossy(rest));
                }
                (None, Some(c)) => {
                    cells.push_str(&String::from_utf8_lossy(
                        xml.get(c.span.clone()).ok_or(unreadable("cell"))?,
                    ));
                }
                (None, None) => {}
            }
        }
        // A row may also hold an extension list after its cells: kept.
        let tail = existing
            .and_then(|row| {
                let after_cells = row.cells.last().map_or(row.tag.span.end, |c| c.span.end);
                xml.get(after_cells..row.end_tag?)
            })
            .map(String::from_utf8_lossy)
            .filter(|t| t.contains('<'))
            .map(|t| t.into_owned())
            .unwrap_or_default();
        if cells.is_empty() && tail.is_empty() {
            out.push_str(&tag.write(true));
        } else {
            out.push_str(&tag.write(false));
            out.push_str(&cells);
            out.push_str(&tail);
            out.push_str(&format!("</{p}row>"));
        }
    }

    // Edits in the order of the text: the dimension comes before sheetData.
    let mut edits: Vec<(Range<usize>, Vec<u8>)> = Vec::new();
    if let (Some(dimension), Some(max_col)) = (&scan.dimension, max_col) {
        let wanted = (0, header_r + 1, max_col, last_r);
        let current = dimension.attr("ref").and_then(|v| {
            let mut parts = v.split(':');
            let a = cell_ref(parts.next()?)?;
            let b = parts.next().map_or(Some(a), cell_ref)?;
            Some((a.0, a.1, b.0, b.1))
        });
        let (c1, r1, c2, r2) = match current {
            Some((c1, r1, c2, r2)) => (
                c1.min(wanted.0),
                r1.min(wanted.1),
                c2.max(wanted.2),
                r2.max(wanted.3),
            ),
            None => wanted,
        };
        let mut tag = dimension.clone();
        tag.set(
            "ref",
            format!("{}{r1}:{}{r2}", column_letters(c1), column_letters(c2)),
        );
        edits.push((dimension.span.clone(), tag.write(tag.empty).into_bytes()));
    }
    // Rows above and at the header stay; the rest is replaced by `out`.
    let from = below.first().map(|r| r.span.start);
    let to = below.last().map(|r| r.span.end);
    match (&scan.sheet_data_end, from, to) {
        (Some(_), Some(from), Some(to)) => edits.push((from..to, out.into_bytes())),
        (Some(end), _, _) => edits.push((*end..*end, out.into_bytes())),
        (None, _, _) => {
            // <sheetData/>: no header row in it, which read_template would not have found.
            return Err(unreadable("empty sheetData"));
        }
    }
    splice(xml, edits)
}

pub(super) fn out_value(row: &NormalisedRow, field: Field) -> Option<Value> {
    match out(row, field) {
        Out::Empty => None,
        Out::Digits(s) | Out::Text(s) => Some(Value::Text(s)),
        Out::Date(date) => Some(Value::Date(date)),
    }
}

/// One cell: text inline (`t="inlineStr"`), a date as a serial with a date style — or as the text
/// `dd-mm-jjjj` when its style is a text format.
pub(super) fn value_xml(
    p: &str,
    reference: &str,
    base: u32,
    value: &Value,
    date_1904: bool,
    styles: &mut Styles,
) -> String {
    let style_attr = |s: u32| {
        if s == 0 {
            String::new()
        } else {
            format!(" s=\"{s}\"")
        }
    };
    let text = |s: &str, styles: &mut Styles| {
        let style = if needs_quote_prefix(s) {
            styles.with(base, Need::QuotePrefix)
        } else {
            base
        };
        let space = if s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) {
            " xml:space=\"preserve\""
        } else {
            ""
        };
        format!(
            "<{p}c r=\"{reference}\"{} t=\"inlineStr\"><{p}is><{p}t{space}>{}</{p}t></{p}is></{p}c>",
            style_attr(style),
            cell_text(s)
        )
    };
    match value {
        Value::Text(s) => text(s, styles),
        Value::Date(date) => {
            // A column DUO formatted as text gets the date as an officer types it.
            let serial = koppelhulp_core::date::to_serial(*date, date_1904)
                .filter(|_| styles.kind(base) != FormatKind::Text);
            match serial {
                None => text(&format_date(*date), styles),
                Some(serial) => {
                    let style = styles.with(base, Need::Date);
                    format!(
                        "<{p}c r=\"{reference}\"{}><{p}v>{serial}</{p}v></{p}c>",
                        style_attr(style)
                    )
                }
            }
        }
    }
}
