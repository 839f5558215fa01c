//! The workbook's styles: which cells are dates or text, and styles appended when needed.

use super::*;

// ---- Styles -----------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Need {
    /// The base style with a date number format.
    Date,
    /// The base style with Excel's quote prefix.
    QuotePrefix,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FormatKind {
    Date,
    Text,
    Other,
}

/// A built-in number format by id (ECMA-376 18.8.30, and the ids Excel uses for local dates).
pub(super) fn builtin_kind(id: u32) -> FormatKind {
    match id {
        14..=17 | 22 | 27..=36 | 50..=58 => FormatKind::Date,
        49 => FormatKind::Text,
        _ => FormatKind::Other,
    }
}

/// A format code's kind: a date when it shows a day or a year (`m` alone may be minutes).
pub(super) fn code_kind(code: &str) -> FormatKind {
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
pub(super) struct Styles {
    pub(super) xml: Vec<u8>,
    /// Custom number formats by id.
    pub(super) formats: BTreeMap<u32, String>,
    /// The `numFmts` element: its start tag and, when not empty, where its end tag starts.
    pub(super) num_fmts: Option<(Tag, Option<usize>)>,
    /// The `styleSheet` start tag (new `numFmts` go right after it).
    pub(super) style_sheet: Tag,
    pub(super) cell_xfs: Tag,
    /// Where `</cellXfs>` starts.
    pub(super) cell_xfs_end: usize,
    /// Each cell style: its start tag and the whole element.
    pub(super) xfs: Vec<(Tag, Range<usize>)>,
    /// Styles added, in the order of their new index (after the existing ones): (base, need).
    pub(super) added: Vec<(u32, Need)>,
    /// The date format's id, once chosen, and whether it must be added.
    pub(super) date_format: Option<(u32, bool)>,
}

impl Styles {
    pub(super) fn read(package: &mut Package, name: &str) -> Result<Styles, Fail> {
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
    pub(super) fn kind(&self, style: u32) -> FormatKind {
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

    pub(super) fn quote_prefixed(&self, style: u32) -> bool {
        self.xfs
            .get(style as usize)
            .and_then(|(tag, _)| tag.attr("quotePrefix"))
            .is_some_and(|v| v == "1" || v == "true")
    }

    /// The style to use: `base` with `need` — `base` itself when it already has it, else a copy
    /// appended once.
    pub(super) fn with(&mut self, base: u32, need: Need) -> u32 {
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
    pub(super) fn date_format_id(&mut self) -> u32 {
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
    pub(super) fn finish(mut self) -> Result<Option<Vec<u8>>, Fail> {
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
