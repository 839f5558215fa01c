//! Writing the koppelbestand into DUO's own workbook ("Koppelen gegevens", xlsx): the template's
//! package is copied part by part and only what the rows need is changed, so every other sheet,
//! style, column width, data validation and defined name stays as DUO made it.
//!
//! What changes, and nothing else:
//! - the template sheet's XML: the rows under the header row (see below) and its `<dimension>`;
//!   every byte before the first row under the header, and after the last, is copied as it was;
//! - `styles.xml`, only when a cell needs a style the workbook does not have: a date format
//!   (`dd-mm-yyyy`, as [`super::koci_xlsx::write_koci`] writes) for a date column whose cells are not
//!   formatted as a date, or Excel's quote prefix for a text a spreadsheet could take for a formula.
//!   Such styles are appended (a copy of the cell's own style with that one change); the styles
//!   that were there keep their number and their bytes;
//!
//! What a template may hold is decided first ([`guard`]): a workbook with pupil data, macros,
//! external links, connections, queries, pivot tables or embedded objects is refused whole; cell
//! formulas and the calculation chain are taken out of the workbook that is kept (and calculation
//! on load is never forced).
//!
//! Every other part is copied compressed, byte for byte (the `zip` crate reads the package; the
//! container is written by [`write_zip`], see there why).
//!
//! The rows: the data goes in the rows right under the header, one row per koppelregel. A cell is
//! written as an inline string (numbers stay text with their leading zeros, and the shared-string
//! table is left alone) or, for a date, as an Excel serial with a date format — or as the text
//! `dd-mm-jjjj` when DUO formatted that column as text. A cell keeps the style it had (its own,
//! else its row's, else its column's). Under the header, in the columns Koppelhulp writes, values
//! are replaced or emptied (the style stays); cells in other columns, and row heights and styles,
//! stay as they were.
//!
//! Not done: an Excel table (a ListObject, `tableParts`) on DUO's sheet is not stretched over the
//! rows written under it; the rows are there, outside the table's range.
//!
//! Namespaces are read by their local names (a sheet written as `<x:row>` is understood), and new
//! elements get the prefix their parent has. Everything read is bounded; nothing panics on input.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufReader, Cursor, Read, Write};
use std::ops::Range;

use ::zip::ZipArchive;
use ::zip::read::ZipFile;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::koci_xlsx::{
    Out, check_layout, check_template_layout, find_layout, needs_quote_prefix, out,
};
use super::table::FileKind;
use koppelhulp_core::Problem;
use koppelhulp_core::koci_layout::KociLayout;
use koppelhulp_core::koppelregel::{Field, NormalisedRow, format_date};

/// The largest template that is kept: its base64 form is then at most 1 MiB.
pub const MAX_TEMPLATE_BYTES: usize = 768 * 1024;
/// The most one part that is changed (sheet, styles, workbook) may unpack to.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Excel's last row and column.
const EXCEL_ROWS: u32 = 1_048_576;
const EXCEL_COLUMNS: u32 = 16_384;

const WORKBOOK_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

/// Why Koppelhulp does not write into a template itself (it then writes a new xlsx in its layout).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotFillable {
    /// An xls, xlsb or ods: read for its layout only.
    OtherFormat(FileKind),
    /// An xlsx package that is not a plain workbook (with macros, an Excel template).
    NotPlainWorkbook,
    /// Larger than [`MAX_TEMPLATE_BYTES`].
    TooBig,
    /// A formula in a column Koppelhulp writes.
    Formulas,
    /// A part could not be understood; the text says which (for tests and debugging).
    Unreadable(&'static str),
}

impl NotFillable {
    /// One plain Dutch sentence for the screen.
    pub fn message(&self) -> String {
        let new_file = "Koppelhulp maakt daarom een nieuw .xlsx-bestand met hetzelfde werkblad en \
                        dezelfde kolommen in dezelfde volgorde.";
        let why = match self {
            NotFillable::OtherFormat(kind) => {
                let ext = match kind {
                    FileKind::Xls => ".xls",
                    FileKind::Xlsb => ".xlsb",
                    FileKind::Ods => ".ods",
                    _ => "ander",
                };
                return format!(
                    "Dit sjabloon is een {ext}-bestand. Koppelhulp maakt er een .xlsx-bestand \
                     van, met hetzelfde werkblad en dezelfde kolommen in dezelfde volgorde."
                );
            }
            NotFillable::NotPlainWorkbook => {
                "Dit sjabloon is een Excel-bestand met macro's of een Excel-sjabloon (geen gewone \
                 werkmap)."
            }
            NotFillable::TooBig => {
                "Dit sjabloon is groter dan 768 kB; zo groot bewaart Koppelhulp het niet."
            }
            NotFillable::Formulas => {
                "In dit sjabloon staan formules in de kolommen die Koppelhulp invult."
            }
            NotFillable::Unreadable(_) => {
                "Koppelhulp kan dit Excel-bestand niet zelf invullen: een deel ervan is anders \
                 dan verwacht."
            }
        };
        format!("{why} {new_file}")
    }
}

/// A template as read: its layout, and the workbook Koppelhulp keeps and writes into — or why it
/// writes a new file in that layout instead.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateCheck {
    pub layout: KociLayout,
    pub fillable: Result<Kept, NotFillable>,
}

/// The template as it is kept: DUO's workbook without its cell formulas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub bytes: Vec<u8>,
    /// Cell formulas (or a calculation chain) were taken out.
    pub formulas_removed: bool,
}

impl Kept {
    /// What was left out of the template, in one plain Dutch sentence, if anything was.
    pub fn note(&self) -> Option<String> {
        self.formulas_removed.then(|| {
            "Koppelhulp heeft de formules uit het sjabloon gehaald; hun laatste uitkomst staat \
             er nog als waarde."
                .to_string()
        })
    }
}

/// Read DUO's template (as [`super::koci_xlsx::read_template`]) and decide what of it is kept: a
/// workbook with pupil data or with parts that run or reach out is refused whole (an error, with
/// one sentence saying why: nothing of it may be stored); an xlsx of at most
/// [`MAX_TEMPLATE_BYTES`] that Koppelhulp understands (tried by writing no rows into it) is kept
/// without its formulas; another format gives its layout only.
pub fn check_template(bytes: &[u8]) -> Result<TemplateCheck, Problem> {
    let (layout, sheet, kind) = find_layout(bytes)?;
    check_template_layout(&layout)?;
    if let Some(why) = guard::refusal(bytes, &layout)? {
        return Err(Problem::error(why.message()));
    }
    let fillable = if kind != FileKind::Xlsx {
        Err(NotFillable::OtherFormat(kind))
    } else if bytes.len() > MAX_TEMPLATE_BYTES {
        Err(NotFillable::TooBig)
    } else {
        kept(bytes, &layout, sheet.date_1904)
    };
    Ok(TemplateCheck { layout, fillable })
}

fn kept(bytes: &[u8], layout: &KociLayout, date_1904: bool) -> Result<Kept, NotFillable> {
    let (bytes, formulas_removed) =
        guard::strip_formulas(bytes)?.unwrap_or_else(|| (bytes.to_vec(), false));
    if bytes.len() > MAX_TEMPLATE_BYTES {
        return Err(NotFillable::TooBig);
    }
    fill(&bytes, layout, date_1904, &[])?;
    Ok(Kept {
        bytes,
        formulas_removed,
    })
}

/// Write `rows` into the template's own workbook (see the module's notes). The template is read
/// and checked again here (one kept before these checks existed is refused or stripped now), so
/// the layout always is the file's own.
pub fn fill_template(bytes: &[u8], rows: &[NormalisedRow]) -> Result<Vec<u8>, Problem> {
    let (layout, sheet, kind) = find_layout(bytes)?;
    check_template_layout(&layout)?;
    check_layout(&layout, rows)?;
    if let Some(why) = guard::refusal(bytes, &layout)? {
        return Err(Problem::error(why.message()));
    }
    let refused = |why: NotFillable| {
        Problem::error(format!(
            "Koppelhulp kan het sjabloon van DUO niet invullen. {} Kies het sjabloon opnieuw, of \
             gebruik de standaardindeling.",
            why.message()
        ))
    };
    if kind != FileKind::Xlsx {
        return Err(refused(NotFillable::OtherFormat(kind)));
    }
    let stripped = guard::strip_formulas(bytes).map_err(refused)?;
    let bytes = stripped
        .as_ref()
        .map_or(bytes, |(stripped, _)| stripped.as_slice());
    fill(bytes, &layout, sheet.date_1904, rows).map_err(refused)
}

mod guard;
mod package;
mod sheet;
mod styles;
#[cfg(test)]
mod tests;
mod xml;
mod zip;

pub use guard::Refused;
use package::*;
use sheet::*;
use styles::*;
use xml::*;
use zip::*;

/// Write the rows into the package. `rows` empty: a dry run that checks the package is understood.
fn fill(
    bytes: &[u8],
    layout: &KociLayout,
    date_1904: bool,
    rows: &[NormalisedRow],
) -> Result<Vec<u8>, Fail> {
    let mut package = Package::open(bytes)?;
    // Where the workbook and its sheet are.
    let root = relationships(&mut package, "_rels/.rels")?;
    let workbook_part = root
        .iter()
        .find(|(_, ty, _)| ty.ends_with("/officeDocument"))
        .map(|(_, _, target)| resolve("", target))
        .ok_or(unreadable("officeDocument"))?;
    if content_type(&mut package, &workbook_part)?.as_deref() != Some(WORKBOOK_TYPE) {
        return Err(NotFillable::NotPlainWorkbook);
    }
    let mut sheet_id = None;
    walk(
        &mut package,
        &workbook_part,
        &mut |tag, _| {
            if tag.local == "sheet" && tag.attr("name") == Some(layout.sheet_name.as_str()) {
                sheet_id = tag.attr("id").map(str::to_string);
            }
            Ok(())
        },
        &mut |_, _, _| Ok(()),
    )?;
    let sheet_id = sheet_id.ok_or(unreadable("sheet"))?;
    let workbook_rels = relationships(&mut package, &rels_of(&workbook_part))?;
    let base = dir_of(&workbook_part);
    let target_of = |pred: &dyn Fn(&(String, String, String)) -> bool| {
        workbook_rels
            .iter()
            .find(|r| pred(r))
            .map(|(_, _, t)| resolve(base, t))
    };
    let sheet_part = target_of(&|(id, _, _)| *id == sheet_id).ok_or(unreadable("sheet part"))?;
    let styles_part =
        target_of(&|(_, ty, _)| ty.ends_with("/styles")).ok_or(unreadable("styles"))?;

    let sheet_xml = package.read(&sheet_part)?;
    let mut styles = Styles::read(&mut package, &styles_part)?;
    let scan = scan_sheet(&mut package, &sheet_part)?;
    let new_sheet = write_sheet(&sheet_xml, &scan, layout, date_1904, rows, &mut styles)?;
    let new_styles = styles.finish()?;

    let mut changed: HashMap<usize, Vec<u8>> = HashMap::new();
    let mut change = |part: &str, data: Vec<u8>| -> Result<(), Fail> {
        let i = package.find(part).ok_or(unreadable("part"))?;
        changed.insert(i, data);
        Ok(())
    };
    change(&sheet_part, new_sheet)?;
    if let Some(data) = new_styles {
        change(&styles_part, data)?;
    }
    rewrite(&mut package, changed, &[])
}

/// The package again, with the parts in `changed` replaced (deflated) and those in `dropped`
/// left out; every other part copied compressed, byte for byte.
fn rewrite(
    package: &mut Package,
    mut changed: HashMap<usize, Vec<u8>>,
    dropped: &[usize],
) -> Result<Vec<u8>, Fail> {
    let mut entries = Vec::with_capacity(package.archive.len());
    for i in 0..package.archive.len() {
        if dropped.contains(&i) {
            continue;
        }
        let mut file = package
            .archive
            .by_index_raw(i)
            .map_err(|_| unreadable("part"))?;
        if file.encrypted() {
            return Err(unreadable("encrypted part"));
        }
        let (method, crc, size, data) = match changed.remove(&i) {
            Some(data) => (
                8,
                crc32fast::hash(&data),
                data.len() as u64,
                deflate(&data)?,
            ),
            None => {
                let method = match file.compression() {
                    ::zip::CompressionMethod::Stored => 0,
                    ::zip::CompressionMethod::Deflated => 8,
                    _ => return Err(unreadable("compression")),
                };
                let mut raw = Vec::new();
                (&mut file)
                    .take(MAX_PART_BYTES + 1)
                    .read_to_end(&mut raw)
                    .map_err(|_| unreadable("part damaged"))?;
                (method, file.crc32(), file.size(), raw)
            }
        };
        let (date, time) = file
            .last_modified()
            .map_or((0x21, 0), |t| (t.datepart(), t.timepart()));
        entries.push(Entry {
            name: file.name_raw().to_vec(),
            method,
            crc,
            size,
            data,
            date,
            time,
            external: file.external_attributes(),
        });
    }
    write_zip(&entries)
}

/// The content type of a part: its Override, else its extension's Default.
fn content_type(package: &mut Package, part: &str) -> Result<Option<String>, Fail> {
    let name = format!("/{part}").to_lowercase();
    let ext = part.rsplit('.').next().unwrap_or("").to_lowercase();
    let mut over = None;
    let mut default = None;
    walk(
        package,
        "[Content_Types].xml",
        &mut |tag, _| {
            match tag.local.as_str() {
                "Override" if tag.attr("PartName").map(str::to_lowercase) == Some(name.clone()) => {
                    over = tag.attr("ContentType").map(str::to_string);
                }
                "Default" if tag.attr("Extension").map(str::to_lowercase) == Some(ext.clone()) => {
                    default = tag.attr("ContentType").map(str::to_string);
                }
                _ => {}
            }
            Ok(())
        },
        &mut |_, _, _| Ok(()),
    )?;
    Ok(over.or(default))
}
