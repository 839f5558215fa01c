//! Small XML helpers: start tags as found, a walk over a part, splicing byte ranges.

use super::*;

// ---- Small XML helpers ----------------------------------------------------------------------

/// One element's start tag as found: where it is, its attributes (unescaped), whether it is
/// empty (`<x/>`) and the local name.
#[derive(Clone, Debug)]
pub(super) struct Tag {
    /// The whole start tag (or the empty element).
    pub(super) span: Range<usize>,
    /// `x:` or empty.
    pub(super) prefix: String,
    pub(super) local: String,
    pub(super) attrs: Vec<(String, String)>,
    pub(super) empty: bool,
}

impl Tag {
    pub(super) fn from_start(e: &BytesStart, span: Range<usize>, empty: bool) -> Result<Tag, Fail> {
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
    pub(super) fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.rsplit(':').next() == Some(local))
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn set(&mut self, key: &str, value: String) {
        match self.attrs.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.attrs.push((key.to_string(), value)),
        }
    }

    pub(super) fn remove(&mut self, key: &str) {
        self.attrs.retain(|(k, _)| k != key);
    }

    /// The tag written again: `<p:local a="…">`, or `<p:local a="…"/>` when `empty`.
    pub(super) fn write(&self, empty: bool) -> String {
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

pub(super) type OnStart<'a> = dyn FnMut(Tag, usize) -> Result<(), Fail> + 'a;
pub(super) type OnEnd<'a> = dyn FnMut(&str, Range<usize>, usize) -> Result<(), Fail> + 'a;

/// Walk an XML part: `start(tag, depth)` for every start or empty tag, with its span, and
/// `end(local, span, depth)` for every end tag; a parse error is a failure. Not generic (one copy
/// of the parser in the worker's wasm, however many parts are read).
///
/// The part is parsed as it is unpacked, by the reader type calamine uses for xlsx parts
/// (`quick_xml::Reader<BufReader<ZipFile<Cursor<&[u8]>>>>`): the worker's wasm holds one copy of
/// that parser, not two. The offsets are those of the unpacked part ([`Package::read`]).
pub(super) fn walk(
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
pub(super) fn walk_xml(
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
pub(super) fn splice(input: &[u8], edits: Vec<(Range<usize>, Vec<u8>)>) -> Result<Vec<u8>, Fail> {
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
