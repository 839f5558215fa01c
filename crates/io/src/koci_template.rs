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
//! - `workbook.xml`, only when the workbook has formulas (a `calcChain` part, or a formula in the
//!   sheet): `fullCalcOnLoad="1"` on its `<calcPr>`, so that a count over the rows is computed again.
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
//! stay as they were. A template that has anything under its header (example rows, or pupils) is
//! not written into: [`check_template`] says so, and the koppelbestand is then written as a new
//! file in its layout. Neither is a template with a formula in a column Koppelhulp writes: no
//! formula is ever removed, so `calcChain` stays true.
//!
//! Not done: an Excel table (a ListObject, `tableParts`) on DUO's sheet is not stretched over the
//! rows written under it; the rows are there, outside the table's range.
//!
//! Namespaces are read by their local names (a sheet written as `<x:row>` is understood), and new
//! elements get the prefix their parent has. Everything read is bounded; nothing panics on input.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufReader, Cursor, Read, Write};
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use zip::ZipArchive;
use zip::read::ZipFile;

use super::koci_xlsx::{
    Out, check_layout, check_template_layout, find_layout, has_data_rows, needs_quote_prefix, out,
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
    /// Something under the header row: example rows, or pupils' data.
    HasData,
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
            NotFillable::HasData => {
                "Onder de kopregel van dit sjabloon staat al iets ingevuld. Dat kunnen gegevens \
                 van leerlingen zijn, dus Koppelhulp bewaart dit bestand niet."
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

/// A template as read: its layout, and whether Koppelhulp writes into the file itself.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateCheck {
    pub layout: KociLayout,
    pub fillable: Result<(), NotFillable>,
}

/// Read DUO's template (as [`super::koci_xlsx::read_template`]) and decide whether its bytes can be
/// kept and written into: an xlsx workbook, at most [`MAX_TEMPLATE_BYTES`], nothing under the header
/// row, and a package Koppelhulp understands (tried by writing no rows into it).
pub fn check_template(bytes: &[u8]) -> Result<TemplateCheck, Problem> {
    let (layout, sheet, kind) = find_layout(bytes)?;
    check_template_layout(&layout)?;
    let fillable = if kind != FileKind::Xlsx {
        Err(NotFillable::OtherFormat(kind))
    } else if has_data_rows(&sheet, &layout) {
        Err(NotFillable::HasData)
    } else if bytes.len() > MAX_TEMPLATE_BYTES {
        Err(NotFillable::TooBig)
    } else {
        fill(bytes, &layout, sheet.date_1904, &[]).map(|_| ())
    };
    Ok(TemplateCheck { layout, fillable })
}

/// Write `rows` into the template's own workbook (see the module's notes). The template is read
/// again here, so the layout always is the file's own.
pub fn fill_template(bytes: &[u8], rows: &[NormalisedRow]) -> Result<Vec<u8>, Problem> {
    let (layout, sheet, kind) = find_layout(bytes)?;
    check_template_layout(&layout)?;
    check_layout(&layout, rows)?;
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
    if has_data_rows(&sheet, &layout) {
        return Err(refused(NotFillable::HasData));
    }
    fill(bytes, &layout, sheet.date_1904, rows).map_err(refused)
}

// ---- The package ----------------------------------------------------------------------------

type Fail = NotFillable;

fn unreadable(what: &'static str) -> Fail {
    NotFillable::Unreadable(what)
}

/// The parts of the package by name (case-insensitive, as OPC says), and reading one, bounded.
struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased name → index.
    index: HashMap<String, usize>,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8]) -> Result<Package<'a>, Fail> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable("zip"))?;
        let index = (0..archive.len())
            .filter_map(|i| Some((archive.name_for_index(i)?.ok()?.to_lowercase(), i)))
            .collect();
        Ok(Package { archive, index })
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.index.get(&name.to_lowercase()).copied()
    }

    fn read(&mut self, name: &str) -> Result<Vec<u8>, Fail> {
        let i = self.find(name).ok_or(unreadable("part missing"))?;
        let file = self.archive.by_index(i).map_err(|_| unreadable("part"))?;
        if file.size() > MAX_PART_BYTES {
            return Err(unreadable("part too large"));
        }
        let mut out = Vec::new();
        file.take(MAX_PART_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|_| unreadable("part damaged"))?;
        if out.len() as u64 > MAX_PART_BYTES {
            return Err(unreadable("part too large"));
        }
        Ok(out)
    }
}

/// A relationship target resolved against the folder of its source part (`xl/` for
/// `xl/workbook.xml`); an absolute target (`/xl/…`) is taken from the root.
fn resolve(base_dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        base_dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn dir_of(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..i])
}

fn rels_of(part: &str) -> String {
    match part.rfind('/') {
        Some(i) => format!("{}/_rels/{}.rels", &part[..i], &part[i + 1..]),
        None => format!("_rels/{part}.rels"),
    }
}

// ---- Small XML helpers ----------------------------------------------------------------------

/// One element's start tag as found: where it is, its attributes (unescaped), whether it is
/// empty (`<x/>`) and the local name.
#[derive(Clone, Debug)]
struct Tag {
    /// The whole start tag (or the empty element).
    span: Range<usize>,
    /// `x:` or empty.
    prefix: String,
    local: String,
    attrs: Vec<(String, String)>,
    empty: bool,
}

impl Tag {
    fn from_start(e: &BytesStart, span: Range<usize>, empty: bool) -> Result<Tag, Fail> {
        let name = e.name();
        let prefix = name
            .prefix()
            .map(|p| format!("{}:", p.as_ref()))
            .unwrap_or_default();
        let local = e.local_name().as_ref().to_string();
        let mut attrs = Vec::new();
        for attr in e.attributes() {
            let attr = attr.map_err(|_| unreadable("attribute"))?;
            let key = attr.key.as_ref().to_string();
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|_| unreadable("attribute value"))?
                .into_owned();
            attrs.push((key, value));
        }
        Ok(Tag {
            span,
            prefix,
            local,
            attrs,
            empty,
        })
    }

    /// An attribute by its local name (`r:id` is found as `id`).
    fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.rsplit(':').next() == Some(local))
            .map(|(_, v)| v.as_str())
    }

    fn set(&mut self, key: &str, value: String) {
        match self.attrs.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.attrs.push((key.to_string(), value)),
        }
    }

    fn remove(&mut self, key: &str) {
        self.attrs.retain(|(k, _)| k != key);
    }

    /// The tag written again: `<p:local a="…">`, or `<p:local a="…"/>` when `empty`.
    fn write(&self, empty: bool) -> String {
        let mut out = format!("<{}{}", self.prefix, self.local);
        for (k, v) in &self.attrs {
            out.push_str(&format!(
                " {k}=\"{}\"",
                quick_xml::escape::escape(v.as_str())
            ));
        }
        out.push_str(if empty { "/>" } else { ">" });
        out
    }
}

type OnStart<'a> = dyn FnMut(Tag, usize) -> Result<(), Fail> + 'a;
type OnEnd<'a> = dyn FnMut(&str, Range<usize>, usize) -> Result<(), Fail> + 'a;

/// Walk an XML part: `start(tag, depth)` for every start or empty tag, with its span, and
/// `end(local, span, depth)` for every end tag; a parse error is a failure. Not generic (one copy
/// of the parser in the worker's wasm, however many parts are read).
///
/// The part is parsed as it is unpacked, by the reader type calamine uses for xlsx parts
/// (`quick_xml::Reader<BufReader<ZipFile<Cursor<&[u8]>>>>`): the worker's wasm holds one copy of
/// that parser, not two. The offsets are those of the unpacked part ([`Package::read`]).
fn walk(
    package: &mut Package,
    name: &str,
    start: &mut OnStart,
    end: &mut OnEnd,
) -> Result<(), Fail> {
    let i = package.find(name).ok_or(unreadable("part missing"))?;
    let file = package
        .archive
        .by_index(i)
        .map_err(|_| unreadable("part"))?;
    if file.size() > MAX_PART_BYTES {
        return Err(unreadable("part too large"));
    }
    walk_xml(BufReader::new(file), start, end)
}

#[inline(never)]
fn walk_xml(
    source: BufReader<ZipFile<'_, Cursor<&[u8]>>>,
    start: &mut OnStart,
    end: &mut OnEnd,
) -> Result<(), Fail> {
    let mut reader = Reader::from_reader(source);
    reader.config_mut().trim_text(false);
    let mut depth = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let from = usize::try_from(reader.buffer_position()).map_err(|_| unreadable("size"))?;
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| unreadable("xml"))?;
        let to = usize::try_from(reader.buffer_position()).map_err(|_| unreadable("size"))?;
        match event {
            Event::Start(e) => {
                start(Tag::from_start(&e, from..to, false)?, depth)?;
                depth += 1;
            }
            Event::Empty(e) => start(Tag::from_start(&e, from..to, true)?, depth)?,
            Event::End(e) => {
                depth = depth.checked_sub(1).ok_or(unreadable("nesting"))?;
                let local = e.local_name().as_ref().to_string();
                end(&local, from..to, depth)?;
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Replace byte ranges (sorted, not overlapping) of `input`.
/// The edits must come in the order of the text (not sorted here: a sort is a lot of wasm).
fn splice(input: &[u8], edits: Vec<(Range<usize>, Vec<u8>)>) -> Result<Vec<u8>, Fail> {
    let mut out = Vec::with_capacity(input.len());
    let mut at = 0;
    for (range, with) in edits {
        if range.start < at || range.end < range.start {
            return Err(unreadable("splice order"));
        }
        let before = input.get(at..range.start).ok_or(unreadable("splice"))?;
        out.extend_from_slice(before);
        out.extend_from_slice(&with);
        at = range.end;
    }
    out.extend_from_slice(input.get(at..).ok_or(unreadable("splice"))?);
    Ok(out)
}

/// Relationships of a part: id → (type, target).
fn relationships(package: &mut Package, name: &str) -> Result<Vec<(String, String, String)>, Fail> {
    let mut out = Vec::new();
    walk(
        package,
        name,
        &mut |tag, _| {
            if tag.local == "Relationship"
                && tag.attr("TargetMode") != Some("External")
                && let (Some(id), Some(ty), Some(target)) =
                    (tag.attr("Id"), tag.attr("Type"), tag.attr("Target"))
            {
                out.push((id.to_string(), ty.to_string(), target.to_string()));
            }
            Ok(())
        },
        &mut |_, _, _| Ok(()),
    )?;
    Ok(out)
}

// ---- Cell references --------------------------------------------------------------------------

/// `A` → 0, `AB` → 27.
fn column_index(letters: &str) -> Option<u32> {
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

fn column_letters(mut col: u32) -> String {
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
fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let text = text.replace('$', "");
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let col = column_index(&text[..split])?;
    let row: u32 = text[split..].parse().ok()?;
    (1..=EXCEL_ROWS).contains(&row).then_some((col, row))
}

// ---- Styles -----------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Need {
    /// The base style with a date number format.
    Date,
    /// The base style with Excel's quote prefix.
    QuotePrefix,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FormatKind {
    Date,
    Text,
    Other,
}

/// A built-in number format by id (ECMA-376 18.8.30, and the ids Excel uses for local dates).
fn builtin_kind(id: u32) -> FormatKind {
    match id {
        14..=17 | 22 | 27..=36 | 50..=58 => FormatKind::Date,
        49 => FormatKind::Text,
        _ => FormatKind::Other,
    }
}

/// A format code's kind: a date when it shows a day or a year (`m` alone may be minutes).
fn code_kind(code: &str) -> FormatKind {
    if code.trim() == "@" {
        return FormatKind::Text;
    }
    let mut plain = String::new();
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                }
            }
            '[' => {
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                }
            }
            '\\' => {
                chars.next();
            }
            c => plain.push(c.to_ascii_lowercase()),
        }
    }
    // Only the first section (positive numbers) says what a date looks like.
    let first = plain.split(';').next().unwrap_or("");
    if first.contains('d') || first.contains('y') || first.contains('j') {
        FormatKind::Date
    } else {
        FormatKind::Other
    }
}

/// `styles.xml` as far as needed: the number formats and the cell styles (`cellXfs`).
struct Styles {
    xml: Vec<u8>,
    /// Custom number formats by id.
    formats: BTreeMap<u32, String>,
    /// The `numFmts` element: its start tag and, when not empty, where its end tag starts.
    num_fmts: Option<(Tag, Option<usize>)>,
    /// The `styleSheet` start tag (new `numFmts` go right after it).
    style_sheet: Tag,
    cell_xfs: Tag,
    /// Where `</cellXfs>` starts.
    cell_xfs_end: usize,
    /// Each cell style: its start tag and the whole element.
    xfs: Vec<(Tag, Range<usize>)>,
    /// Styles added, in the order of their new index (after the existing ones): (base, need).
    added: Vec<(u32, Need)>,
    /// The date format's id, once chosen, and whether it must be added.
    date_format: Option<(u32, bool)>,
}

impl Styles {
    fn read(package: &mut Package, name: &str) -> Result<Styles, Fail> {
        let xml = package.read(name)?;
        #[derive(Default)]
        struct State {
            formats: BTreeMap<u32, String>,
            num_fmts: Option<(Tag, Option<usize>)>,
            style_sheet: Option<Tag>,
            cell_xfs: Option<Tag>,
            cell_xfs_end: Option<usize>,
            inside_xfs: bool,
            open_xf: Option<Tag>,
            xfs: Vec<(Tag, Range<usize>)>,
        }
        let state = std::cell::RefCell::new(State::default());
        walk(
            package,
            name,
            &mut |tag, depth| {
                let mut s = state.borrow_mut();
                match (tag.local.as_str(), depth) {
                    ("styleSheet", 0) => s.style_sheet = Some(tag),
                    ("numFmts", 1) => s.num_fmts = Some((tag, None)),
                    ("numFmt", 2) => {
                        if let (Some(id), Some(code)) = (
                            tag.attr("numFmtId").and_then(|v| v.parse().ok()),
                            tag.attr("formatCode"),
                        ) {
                            s.formats.insert(id, code.to_string());
                        }
                    }
                    ("cellXfs", 1) => {
                        if tag.empty || s.cell_xfs.is_some() {
                            return Err(unreadable("cellXfs"));
                        }
                        s.inside_xfs = true;
                        s.cell_xfs = Some(tag);
                    }
                    ("xf", 2) if s.inside_xfs => {
                        if tag.empty {
                            let span = tag.span.clone();
                            s.xfs.push((tag, span));
                        } else {
                            s.open_xf = Some(tag);
                        }
                    }
                    _ => {}
                }
                Ok(())
            },
            &mut |local, span, depth| {
                let mut s = state.borrow_mut();
                match (local, depth) {
                    ("xf", 2) if s.inside_xfs => {
                        if let Some(tag) = s.open_xf.take() {
                            let whole = tag.span.start..span.end;
                            s.xfs.push((tag, whole));
                        }
                    }
                    ("cellXfs", 1) => {
                        s.inside_xfs = false;
                        s.cell_xfs_end = Some(span.start);
                    }
                    ("numFmts", 1) => {
                        if let Some((_, end)) = s.num_fmts.as_mut() {
                            *end = Some(span.start);
                        }
                    }
                    _ => {}
                }
                Ok(())
            },
        )?;
        let s = state.into_inner();
        Ok(Styles {
            xml,
            formats: s.formats,
            num_fmts: s.num_fmts,
            style_sheet: s.style_sheet.ok_or(unreadable("styleSheet"))?,
            cell_xfs: s.cell_xfs.ok_or(unreadable("cellXfs"))?,
            cell_xfs_end: s.cell_xfs_end.ok_or(unreadable("cellXfs end"))?,
            xfs: s.xfs,
            added: Vec::new(),
            date_format: None,
        })
    }

    /// What number format a cell style shows.
    fn kind(&self, style: u32) -> FormatKind {
        let Some((tag, _)) = self.xfs.get(style as usize) else {
            return FormatKind::Other;
        };
        let id: u32 = tag
            .attr("numFmtId")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        match self.formats.get(&id) {
            Some(code) => code_kind(code),
            None => builtin_kind(id),
        }
    }

    fn quote_prefixed(&self, style: u32) -> bool {
        self.xfs
            .get(style as usize)
            .and_then(|(tag, _)| tag.attr("quotePrefix"))
            .is_some_and(|v| v == "1" || v == "true")
    }

    /// The style to use: `base` with `need` — `base` itself when it already has it, else a copy
    /// appended once.
    fn with(&mut self, base: u32, need: Need) -> u32 {
        let base = if (base as usize) < self.xfs.len() {
            base
        } else {
            0
        };
        let has = match need {
            Need::Date => self.kind(base) == FormatKind::Date,
            Need::QuotePrefix => self.quote_prefixed(base),
        };
        if has {
            return base;
        }
        let at = match self.added.iter().position(|a| *a == (base, need)) {
            Some(at) => at,
            None => {
                self.added.push((base, need));
                self.added.len() - 1
            }
        };
        (self.xfs.len() + at) as u32
    }

    /// The id of the date format `dd-mm-yyyy`: an existing one, or a new custom id.
    fn date_format_id(&mut self) -> u32 {
        if let Some((id, _)) = self.date_format {
            return id;
        }
        let found = self
            .formats
            .iter()
            .find(|(_, code)| code.eq_ignore_ascii_case("dd-mm-yyyy"))
            .map(|(id, _)| *id);
        let chosen = match found {
            Some(id) => (id, false),
            None => (
                self.formats.keys().copied().max().unwrap_or(163).max(163) + 1,
                true,
            ),
        };
        self.date_format = Some(chosen);
        chosen.0
    }

    /// The changed `styles.xml`, or `None` when no style was added.
    fn finish(mut self) -> Result<Option<Vec<u8>>, Fail> {
        if self.added.is_empty() {
            return Ok(None);
        }
        let needs_date = self.added.iter().any(|(_, n)| *n == Need::Date);
        let date_id = needs_date.then(|| self.date_format_id());
        // Edits in the order of the text: numFmts (the first child), then cellXfs.
        let mut edits: Vec<(Range<usize>, Vec<u8>)> = Vec::new();
        if let Some((id, true)) = self.date_format {
            let p = &self.style_sheet.prefix;
            let format = format!("<{p}numFmt numFmtId=\"{id}\" formatCode=\"dd-mm-yyyy\"/>");
            match &self.num_fmts {
                Some((tag, Some(end))) => {
                    if tag.attr("count").is_some() {
                        let mut tag = tag.clone();
                        tag.set("count", (self.formats.len() + 1).to_string());
                        edits.push((tag.span.clone(), tag.write(false).into_bytes()));
                    }
                    edits.push((*end..*end, format.into_bytes()));
                }
                Some((tag, None)) => {
                    let mut open = tag.clone();
                    open.set("count", "1".into());
                    let element = format!("{}{format}</{p}numFmts>", open.write(false));
                    edits.push((tag.span.clone(), element.into_bytes()));
                }
                None => {
                    let at = self.style_sheet.span.end;
                    let element = format!("<{p}numFmts count=\"1\">{format}</{p}numFmts>");
                    edits.push((at..at, element.into_bytes()));
                }
            }
        }
        let mut cell_xfs = self.cell_xfs.clone();
        if cell_xfs.attr("count").is_some() {
            cell_xfs.set("count", (self.xfs.len() + self.added.len()).to_string());
            edits.push((cell_xfs.span.clone(), cell_xfs.write(false).into_bytes()));
        }
        // The new cell styles, in index order, before </cellXfs>.
        let mut new_xfs = String::new();
        for (base, need) in &self.added {
            let (tag, whole) = self.xfs.get(*base as usize).ok_or(unreadable("xf"))?;
            let mut tag = tag.clone();
            match need {
                Need::Date => {
                    tag.set("numFmtId", date_id.unwrap_or(14).to_string());
                    tag.set("applyNumberFormat", "1".into());
                }
                Need::QuotePrefix => tag.set("quotePrefix", "1".into()),
            }
            new_xfs.push_str(&tag.write(tag.empty));
            if !tag.empty {
                let rest = self
                    .xml
                    .get(tag.span.end..whole.end)
                    .ok_or(unreadable("xf"))?;
                new_xfs.push_str(&String::from_utf8_lossy(rest));
            }
        }
        edits.push((self.cell_xfs_end..self.cell_xfs_end, new_xfs.into_bytes()));
        splice(&self.xml, edits).map(Some)
    }
}

// ---- The sheet --------------------------------------------------------------------------------

#[derive(Debug)]
struct CellScan {
    col: u32,
    tag: Tag,
    /// The whole element.
    span: Range<usize>,
    has_value: bool,
    has_formula: bool,
}

#[derive(Debug)]
struct RowScan {
    /// 1-based, as in the file.
    r: u32,
    tag: Tag,
    span: Range<usize>,
    cells: Vec<CellScan>,
    /// Where `</row>` starts (not for `<row/>`).
    end_tag: Option<usize>,
}

struct SheetScan {
    dimension: Option<Tag>,
    /// Column styles: (first, last, style), 0-based columns.
    cols: Vec<(u32, u32, u32)>,
    /// The `sheetData` start tag (or empty element), and where `</sheetData>` starts.
    sheet_data: Tag,
    sheet_data_end: Option<usize>,
    rows: Vec<RowScan>,
    has_formula: bool,
}

fn scan_sheet(package: &mut Package, name: &str) -> Result<SheetScan, Fail> {
    struct State {
        dimension: Option<Tag>,
        cols: Vec<(u32, u32, u32)>,
        sheet_data: Option<Tag>,
        sheet_data_end: Option<usize>,
        rows: Vec<RowScan>,
        row: Option<RowScan>,
        cell: Option<CellScan>,
        next_col: u32,
        has_formula: bool,
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
        has_formula: false,
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
                    s.has_formula = true;
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
        has_formula: s.has_formula,
    })
}

/// XML text for a cell: escaped, and characters XML 1.0 cannot hold written the way Excel does
/// (`_x0001_`); a literal `_x0041_` in the text gets its underscore escaped so it stays as typed.
fn cell_text(text: &str) -> String {
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

/// Days since Excel's epoch; `None` before it (such a date is written as text).
fn excel_serial(date: time::Date, date_1904: bool) -> Option<i64> {
    let day = |y, m, d| time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok();
    if date_1904 {
        let epoch = day(1904, 1, 1)?;
        return (date >= epoch).then(|| (date - epoch).whole_days());
    }
    let first = day(1900, 1, 1)?;
    if date < first {
        return None;
    }
    // Excel counts 29 February 1900, which did not exist.
    let epoch = if date < day(1900, 3, 1)? {
        day(1899, 12, 31)?
    } else {
        day(1899, 12, 30)?
    };
    Some((date - epoch).whole_days())
}

/// What goes in one cell.
enum Value {
    Text(String),
    Date(time::Date),
}

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
    let workbook = package.read(&workbook_part)?;
    let mut sheet_id = None;
    let mut calc_pr = None;
    walk(
        &mut package,
        &workbook_part,
        &mut |tag, _| {
            if tag.local == "sheet" && tag.attr("name") == Some(layout.sheet_name.as_str()) {
                sheet_id = tag.attr("id").map(str::to_string);
            } else if tag.local == "calcPr" {
                calc_pr = Some(tag);
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
    let has_calc_chain = target_of(&|(_, ty, _)| ty.ends_with("/calcChain"))
        .is_some_and(|part| package.find(&part).is_some());

    let sheet_xml = package.read(&sheet_part)?;
    let mut styles = Styles::read(&mut package, &styles_part)?;
    let scan = scan_sheet(&mut package, &sheet_part)?;
    let new_sheet = write_sheet(&sheet_xml, &scan, layout, date_1904, rows, &mut styles)?;
    let new_styles = styles.finish()?;
    let new_workbook = match calc_pr {
        Some(mut tag) if (has_calc_chain || scan.has_formula) && !rows.is_empty() => {
            tag.set("fullCalcOnLoad", "1".into());
            let span = tag.span.clone();
            Some(splice(
                &workbook,
                vec![(span, tag.write(tag.empty).into_bytes())],
            )?)
        }
        _ => None,
    };

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
    if let Some(data) = new_workbook {
        change(&workbook_part, data)?;
    }
    let mut entries = Vec::with_capacity(package.archive.len());
    for i in 0..package.archive.len() {
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
                    zip::CompressionMethod::Stored => 0,
                    zip::CompressionMethod::Deflated => 8,
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

/// One part of the package as it is written.
struct Entry {
    name: Vec<u8>,
    /// 0 stored, 8 deflated.
    method: u16,
    crc: u32,
    /// Unpacked size.
    size: u64,
    /// As stored: the original compressed bytes, or the changed part deflated.
    data: Vec<u8>,
    date: u16,
    time: u16,
    external: u32,
}

/// A changed part, deflated (raw deflate, as zip stores it).
fn deflate(data: &[u8]) -> Result<Vec<u8>, Fail> {
    let mut encoder = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(data.len() / 4),
        flate2::Compression::default(),
    );
    encoder.write_all(data).map_err(|_| unreadable("deflate"))?;
    encoder.finish().map_err(|_| unreadable("deflate"))
}

/// The package as a zip (PKWARE APPNOTE 4.3): a local header and the stored bytes per part, the
/// central directory, its end record. Every part keeps its name, method, CRC, time and attributes;
/// an unchanged part its compressed bytes as they were.
///
/// Not `zip::ZipWriter`: rust_xlsxwriter already has one in the worker's wasm, and a second
/// instantiation (its compression switch alone is 190 KB of wasm) would come with it.
fn write_zip(entries: &[Entry]) -> Result<Vec<u8>, Fail> {
    let too_big = || unreadable("zip64");
    let small = |n: u64| u32::try_from(n).map_err(|_| too_big());
    let count = u16::try_from(entries.len()).map_err(|_| too_big())?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = small(out.len() as u64)?;
        let name_len = u16::try_from(e.name.len()).map_err(|_| too_big())?;
        // Bit 11: the name is UTF-8.
        let flags: u16 = if std::str::from_utf8(&e.name).is_ok_and(|n| !n.is_ascii()) {
            0x0800
        } else {
            0
        };
        let (csize, size) = (small(e.data.len() as u64)?, small(e.size)?);
        let common = |buf: &mut Vec<u8>| {
            buf.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
            buf.extend_from_slice(&flags.to_le_bytes());
            buf.extend_from_slice(&e.method.to_le_bytes());
            buf.extend_from_slice(&e.time.to_le_bytes());
            buf.extend_from_slice(&e.date.to_le_bytes());
            buf.extend_from_slice(&e.crc.to_le_bytes());
            buf.extend_from_slice(&csize.to_le_bytes());
            buf.extend_from_slice(&size.to_le_bytes());
            buf.extend_from_slice(&name_len.to_le_bytes());
            buf.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend_from_slice(&e.name);
        out.extend_from_slice(&e.data);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // made by: 2.0, MS-DOS
        common(&mut central);
        central.extend_from_slice(&0u16.to_le_bytes()); // comment length
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&e.external.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(&e.name);
    }
    let central_start = small(out.len() as u64)?;
    let central_len = small(central.len() as u64)?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]); // this disk, the central directory's disk
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_len.to_le_bytes());
    out.extend_from_slice(&central_start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    Ok(out)
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

/// The sheet's XML with the rows written under the header.
fn write_sheet(
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
            let cell = (old_col == Some(col)).then(|| &old[i]);
            let value = (new_col == Some(col)).then(|| &values[j].1);
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

fn out_value(row: &NormalisedRow, field: Field) -> Option<Value> {
    match out(row, field) {
        Out::Empty => None,
        Out::Digits(s) | Out::Text(s) => Some(Value::Text(s)),
        Out::Date(date) => Some(Value::Date(date)),
    }
}

/// One cell: text inline (`t="inlineStr"`), a date as a serial with a date style — or as the text
/// `dd-mm-jjjj` when its style is a text format.
fn value_xml(
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
            let serial =
                excel_serial(*date, date_1904).filter(|_| styles.kind(base) != FormatKind::Text);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        let cases = [
            ("dd-mm-yyyy", FormatKind::Date),
            ("d/m/yy;@", FormatKind::Date),
            ("[$-413]d mmmm yyyy", FormatKind::Date),
            ("jjjj-mm-dd", FormatKind::Date),
            ("@", FormatKind::Text),
            ("0.00", FormatKind::Other),
            ("h:mm", FormatKind::Other),
            ("\"dag\" 0", FormatKind::Other),
            ("0\\d", FormatKind::Other),
        ];
        for (code, kind) in cases {
            assert_eq!(code_kind(code), kind, "{code}");
        }
        assert_eq!(builtin_kind(14), FormatKind::Date);
        assert_eq!(builtin_kind(49), FormatKind::Text);
        assert_eq!(builtin_kind(0), FormatKind::Other);
    }

    #[test]
    fn serials_as_excel_counts() {
        let d = |y, m, d| {
            time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
        };
        assert_eq!(excel_serial(d(2012, 3, 5), false), Some(40_973));
        assert_eq!(excel_serial(d(1900, 3, 1), false), Some(61));
        assert_eq!(excel_serial(d(1900, 2, 28), false), Some(59));
        assert_eq!(excel_serial(d(1900, 1, 1), false), Some(1));
        assert_eq!(excel_serial(d(1899, 12, 31), false), None);
        assert_eq!(excel_serial(d(2012, 3, 5), true), Some(40_973 - 1_462));
        assert_eq!(excel_serial(d(1903, 12, 31), true), None);
    }

    #[test]
    fn references_and_texts() {
        for (col, letters) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (701, "ZZ"),
            (16_383, "XFD"),
        ] {
            assert_eq!(column_letters(col), letters);
            assert_eq!(column_index(letters), Some(col));
        }
        assert_eq!(column_index("XFE"), None);
        assert_eq!(cell_ref("$B$12"), Some((1, 12)));
        assert_eq!(cell_ref("B0"), None);
        assert_eq!(cell_ref("12"), None);
        assert_eq!(cell_text("a<b>&c"), "a&lt;b&gt;&amp;c");
        assert_eq!(cell_text("_x0041_ en _x12_"), "_x005F_x0041_ en _x12_");
        assert_eq!(cell_text("a\u{1}b\r"), "a_x0001_b&#13;");
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(resolve("xl", "/xl/styles.xml"), "xl/styles.xml");
        assert_eq!(
            resolve("xl/worksheets", "../tables/t.xml"),
            "xl/tables/t.xml"
        );
        assert_eq!(rels_of("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
    }
}
