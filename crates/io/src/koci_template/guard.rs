//! What a template may hold: DUO's layout, nothing more.
//!
//! A template is kept (in the page's `localStorage`) and copied into every koppelbestand sent to
//! DUO, so it may hold no pupil data and nothing that runs or reaches out:
//! - [`refusal`] refuses a workbook with anything under the header row of DUO's sheet, pupil data on
//!   another sheet (visible or hidden: nine-digit numbers that pass the elfproef, a name beside a
//!   date, rows under a header like the koppelbestand's), or with macros, external links,
//!   connections, queries, pivot tables or embedded objects. The whole workbook is refused, with
//!   one Dutch sentence saying why ([`Refused::message`]); nothing of it is kept.
//! - [`strip_formulas`] takes every cell formula out of the workbook (its last value stays) and the
//!   calculation chain with them: no formula is kept where a pupil value could reach it, and
//!   nothing needs calculating when the koppelbestand is opened; a `fullCalcOnLoad` the workbook
//!   asks for (openpyxl writes one) goes too.
//!
//! Kept as DUO made them: the sheets that hold no pupil data (instructions, the lists behind a
//! validation), styles, column widths, validations and defined names.

use std::cell::RefCell;

use super::*;
use crate::koci_xlsx::{filled, header_columns};
use crate::table::{self, Accept};
use koppelhulp_core::ids::{Bsn, Onderwijsnummer};
use koppelhulp_core::table::{RawCell, RawSheet};

/// Why a workbook is not taken as a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Something under the header row of DUO's sheet.
    DataUnderHeader,
    /// Pupil data on another sheet (its name).
    PupilData(String),
    Macros,
    ExternalLinks,
    Connections,
    PivotTables,
    EmbeddedObjects,
}

impl Refused {
    /// One plain Dutch sentence for the screen.
    pub fn message(&self) -> String {
        let why = match self {
            Refused::DataUnderHeader => {
                "onder de kopregel staat al iets ingevuld, en dat kunnen gegevens van leerlingen \
                 zijn"
                    .to_string()
            }
            Refused::PupilData(sheet) => {
                format!("op werkblad „{sheet}” staan gegevens die op leerlinggegevens lijken")
            }
            Refused::Macros => "er zitten macro's in".to_string(),
            Refused::ExternalLinks => "er staan koppelingen naar andere bestanden in".to_string(),
            Refused::Connections => "er staan gegevensverbindingen of query's in".to_string(),
            Refused::PivotTables => "er staan draaitabellen in".to_string(),
            Refused::EmbeddedObjects => "er zitten ingesloten objecten in".to_string(),
        };
        format!(
            "Koppelhulp gebruikt dit bestand niet als sjabloon en bewaart er niets van, want \
             {why}; kies het lege bestand van DUO voor Koppelen gegevens."
        )
    }
}

/// Why the workbook may not be a template, if it may not. `layout` is DUO's sheet as found.
pub(super) fn refusal(bytes: &[u8], layout: &KociLayout) -> Result<Option<Refused>, Problem> {
    if let Some(why) = package_refusal(bytes) {
        return Ok(Some(why));
    }
    let mut book = table::open(bytes, "", Accept::Workbooks)?;
    let names = book.sheet_names().to_vec();
    let header_row = layout.header_row as usize;
    for name in names.iter().take(crate::guard::MAX_SHEETS) {
        let sheet = match book.sheet(name) {
            Ok(sheet) => sheet,
            Err(error) if error.refuses_file() => return Err(error.into()),
            // A chart sheet, a damaged part: nothing of it is read, nothing of it is pupil data.
            Err(_) => continue,
        };
        if *name == layout.sheet_name {
            if sheet
                .rows
                .iter()
                .skip(header_row + 1)
                .any(|row| filled(row).next().is_some())
            {
                return Ok(Some(Refused::DataUnderHeader));
            }
            let title_rows = sheet.rows.get(..header_row).unwrap_or_default();
            if looks_like_pupils(title_rows, &sheet) {
                return Ok(Some(Refused::PupilData(name.clone())));
            }
        } else if looks_like_pupils(&sheet.rows, &sheet) {
            return Ok(Some(Refused::PupilData(name.clone())));
        }
    }
    Ok(None)
}

/// Rows that hold what a pupil list holds: a number that passes the elfproef (a BSN, also with
/// its leading zero lost, or an onderwijsnummer), a name beside a date, or rows under a header
/// like the koppelbestand's.
fn looks_like_pupils(rows: &[Vec<RawCell>], sheet: &RawSheet) -> bool {
    let mut under_header = false;
    for row in rows {
        if under_header && filled(row).next().is_some() {
            return true;
        }
        if header_columns(row, sheet.date_1904).is_some() {
            under_header = true;
        }
        let mut date = false;
        let mut words = false;
        for (_, cell) in filled(row) {
            match cell {
                RawCell::Number(n) if is_person_number(&number_digits(*n)) => return true,
                RawCell::Text(text) if is_person_number(&text_digits(text)) => return true,
                RawCell::Text(text) if looks_like_date(text) => date = true,
                RawCell::Text(text) if text.chars().any(char::is_alphabetic) => words = true,
                RawCell::Date(_) | RawCell::DateIso(_) => date = true,
                _ => {}
            }
        }
        if date && words {
            return true;
        }
    }
    false
}

/// The digits of a whole number of eight or nine digits (a BSN stored as a number loses its
/// leading zero), else nothing.
fn number_digits(n: f64) -> String {
    if n.fract() == 0.0 && (10_000_000.0..1_000_000_000.0).contains(&n) {
        format!("{n:09.0}")
    } else {
        String::new()
    }
}

/// The digits of a text that is only a number (spaces, dots and dashes between the digits), padded
/// to nine when there are eight; else nothing.
fn text_digits(text: &str) -> String {
    let text = text.trim();
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-'))
    {
        return String::new();
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        8 => format!("0{digits}"),
        9 => digits,
        _ => String::new(),
    }
}

fn is_person_number(digits: &str) -> bool {
    Bsn::from_digits(digits).is_some() || Onderwijsnummer::from_digits(digits).is_some()
}

/// `dd-mm-jjjj`, `d-m-jjjj`, with `-`, `/` or `.`: a date as text.
fn looks_like_date(text: &str) -> bool {
    let parts: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
    matches!(parts.as_slice(), [d, m, y]
        if (1..=2).contains(&d.len())
            && (1..=2).contains(&m.len())
            && y.len() == 4
            && [d, m, y].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())))
}

/// Parts that run, reach out or copy data in: refused by their names (as Excel and LibreOffice
/// write them) and by relationships that point outside the package (a hyperlink may).
fn package_refusal(bytes: &[u8]) -> Option<Refused> {
    let Ok(mut package) = Package::open(bytes) else {
        return None;
    };
    let mut names: Vec<String> = package.index.keys().cloned().collect();
    names.sort();
    for name in &names {
        let why = if name.ends_with("vbaproject.bin") || name.ends_with("vbadata.xml") {
            Some(Refused::Macros)
        } else if name.starts_with("xl/externallinks/") {
            Some(Refused::ExternalLinks)
        } else if name == "xl/connections.xml" || name.starts_with("xl/querytables/") {
            Some(Refused::Connections)
        } else if name.starts_with("xl/pivotcache/") || name.starts_with("xl/pivottables/") {
            Some(Refused::PivotTables)
        } else if name.starts_with("xl/embeddings/")
            || name.starts_with("xl/activex/")
            || name.starts_with("xl/ctrlprops/")
        {
            Some(Refused::EmbeddedObjects)
        } else {
            None
        };
        if why.is_some() {
            return why;
        }
    }
    for name in names.iter().filter(|n| n.ends_with(".rels")) {
        let mut outside = None;
        let walked = walk(
            &mut package,
            name,
            &mut |tag, _| {
                if tag.local == "Relationship"
                    && tag.attr("TargetMode") == Some("External")
                    && !tag.attr("Type").unwrap_or("").ends_with("/hyperlink")
                {
                    outside = Some(Refused::ExternalLinks);
                }
                Ok(())
            },
            &mut |_, _, _| Ok(()),
        );
        if walked.is_ok() && outside.is_some() {
            return outside;
        }
    }
    None
}

/// The workbook without cell formulas (each cell keeps its last value), its calculation chain and
/// calculation forced on load, and whether formulas were taken out; `None` when it has none of
/// these (then it is kept byte for byte).
pub(super) fn strip_formulas(bytes: &[u8]) -> Result<Option<(Vec<u8>, bool)>, Fail> {
    let mut package = Package::open(bytes)?;
    let mut names: Vec<(String, usize)> = package
        .index
        .iter()
        .map(|(name, i)| (name.clone(), *i))
        .collect();
    names.sort();
    let mut changed: HashMap<usize, Vec<u8>> = HashMap::new();
    for (name, i) in &names {
        if !(name.starts_with("xl/worksheets/") && name.ends_with(".xml")) {
            continue;
        }
        let edits = formula_spans(&mut package, name)?;
        if !edits.is_empty() {
            let xml = package.read(name)?;
            let edits = edits.into_iter().map(|span| (span, Vec::new())).collect();
            changed.insert(*i, splice(&xml, edits)?);
        }
    }
    let calc_chain = names
        .iter()
        .find(|(name, _)| name.ends_with("calcchain.xml"))
        .map(|(name, i)| (name.clone(), *i));
    let formulas_removed = !changed.is_empty() || calc_chain.is_some();
    for (name, i) in names.iter().filter(|(n, _)| n.ends_with("/workbook.xml")) {
        let mut calc_pr = None;
        walk(
            &mut package,
            name,
            &mut |tag, _| {
                if tag.local == "calcPr" && tag.attr("fullCalcOnLoad").is_some() {
                    calc_pr = Some(tag);
                }
                Ok(())
            },
            &mut |_, _, _| Ok(()),
        )?;
        if let Some(mut tag) = calc_pr {
            let key = (tag.attrs.iter())
                .find(|(k, _)| k.rsplit(':').next() == Some("fullCalcOnLoad"))
                .map(|(k, _)| k.clone())
                .unwrap_or_default();
            tag.remove(&key);
            let xml = package.read(name)?;
            let edit = (tag.span.clone(), tag.write(tag.empty).into_bytes());
            changed.insert(*i, splice(&xml, vec![edit])?);
        }
    }
    if changed.is_empty() && calc_chain.is_none() {
        return Ok(None);
    }
    let mut dropped = Vec::new();
    if let Some((chain, i)) = calc_chain {
        dropped.push(i);
        // Its content type and its relationship from the workbook go with it.
        let part_name = format!("/{chain}");
        let types = "[Content_Types].xml";
        let edits = element_spans(&mut package, types, &|tag| {
            tag.local == "Override"
                && tag.attr("PartName").map(str::to_lowercase).as_deref() == Some(&part_name)
        })?;
        let types_index = package.find(types).ok_or(unreadable("content types"))?;
        let xml = package.read(types)?;
        changed.insert(
            types_index,
            splice(&xml, edits.into_iter().map(|s| (s, Vec::new())).collect())?,
        );
        for (rels, rels_index) in names.iter().filter(|(n, _)| n.ends_with(".rels")) {
            let edits = element_spans(&mut package, rels, &|tag| {
                tag.local == "Relationship"
                    && tag.attr("Type").is_some_and(|t| t.ends_with("/calcChain"))
            })?;
            if !edits.is_empty() {
                let xml = package.read(rels)?;
                changed.insert(
                    *rels_index,
                    splice(&xml, edits.into_iter().map(|s| (s, Vec::new())).collect())?,
                );
            }
        }
    }
    let bytes = rewrite(&mut package, changed, &dropped)?;
    Ok(Some((bytes, formulas_removed)))
}

/// The spans of the `<f>` elements of cells (`<c><f>…</f><v>…</v></c>`), in the order of the text.
/// Other elements named `f` (a validation's list in `extLst`, `<xm:f>`) are left alone.
fn formula_spans(package: &mut Package, name: &str) -> Result<Vec<Range<usize>>, Fail> {
    let stack: RefCell<Vec<String>> = RefCell::new(Vec::new());
    let open: RefCell<Option<usize>> = RefCell::new(None);
    let spans: RefCell<Vec<Range<usize>>> = RefCell::new(Vec::new());
    walk(
        package,
        name,
        &mut |tag, _| {
            let in_cell = stack.borrow().last().is_some_and(|parent| parent == "c");
            if tag.local == "f" && in_cell {
                if tag.empty {
                    spans.borrow_mut().push(tag.span.clone());
                } else {
                    *open.borrow_mut() = Some(tag.span.start);
                }
            }
            if !tag.empty {
                stack.borrow_mut().push(tag.local);
            }
            Ok(())
        },
        &mut |local, span, _| {
            stack.borrow_mut().pop();
            if local == "f"
                && let Some(start) = open.borrow_mut().take()
            {
                spans.borrow_mut().push(start..span.end);
            }
            Ok(())
        },
    )?;
    Ok(spans.into_inner())
}

/// The spans of the elements (empty, or with their end tag) whose start tag `pick` chooses.
fn element_spans(
    package: &mut Package,
    name: &str,
    pick: &dyn Fn(&Tag) -> bool,
) -> Result<Vec<Range<usize>>, Fail> {
    let open: RefCell<Option<(usize, usize)>> = RefCell::new(None);
    let spans: RefCell<Vec<Range<usize>>> = RefCell::new(Vec::new());
    walk(
        package,
        name,
        &mut |tag, depth| {
            if open.borrow().is_none() && pick(&tag) {
                if tag.empty {
                    spans.borrow_mut().push(tag.span.clone());
                } else {
                    *open.borrow_mut() = Some((tag.span.start, depth));
                }
            }
            Ok(())
        },
        &mut |_, span, depth| {
            let done = open.borrow().is_some_and(|(_, d)| d == depth);
            if done && let Some((start, _)) = open.borrow_mut().take() {
                spans.borrow_mut().push(start..span.end);
            }
            Ok(())
        },
    )?;
    Ok(spans.into_inner())
}
