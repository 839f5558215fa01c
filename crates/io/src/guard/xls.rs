//! calamine 0.38's xls reader trusts the file. A truncated or damaged xls makes it slice out of
//! bounds, follow a sector chain round in a circle, read a formula past its end, or reserve room
//! for a sheet of billions of cells: a panic or an abort, which in the browser ends the whole app.
//!
//! So an OLE file is checked here first, taking the steps calamine takes (`cfb.rs`, `xls.rs`) and
//! refusing what would hurt it: every sector it reads must lie whole inside the file, every chain
//! must end, every stream must fit, the BIFF records it reads without a length check must be long
//! enough, and a sheet's cells must fit in [`MAX_XLS_SHEET_CELLS`]. Formula tokens, which
//! calamine parses without any bounds checks and Koppelhulp never uses, are switched off by
//! setting their length to 0 in a copy of the file (the cached cell values stay).

use std::borrow::Cow;

use super::Refusal::{self, Damaged};
use super::{MAX_XLS_RECORDS, MAX_XLS_SHEET_CELLS};

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const MINI_SECTOR: usize = 64;
const MINI_STREAM_CUTOFF: usize = 4096;

pub(super) fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(&SIGNATURE)
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes(b.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(b.try_into().ok()?))
}

fn words(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .filter_map(|c| c.try_into().ok())
        .map(u32::from_le_bytes)
}

/// A stream as pieces of the file: (offset, length), in order.
#[derive(Default)]
struct Stream {
    pieces: Vec<(usize, usize)>,
    len: usize,
}

impl Stream {
    fn push(&mut self, offset: usize, len: usize) {
        self.pieces.push((offset, len));
        self.len += len;
    }

    fn bytes(&self, file: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len);
        for &(offset, len) in &self.pieces {
            // The pieces were checked to lie in the file when the chain was followed.
            if let Some(piece) = file.get(offset..offset.saturating_add(len)) {
                out.extend_from_slice(piece);
            }
        }
        out
    }

    /// The file pieces of `len` bytes from `at` in the stream (empty past its end).
    fn file_pieces(&self, mut at: usize, mut len: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for &(offset, piece) in &self.pieces {
            if len == 0 {
                break;
            }
            if at >= piece {
                at -= piece;
                continue;
            }
            let take = (piece - at).min(len);
            out.push((offset + at, take));
            len -= take;
            at = 0;
        }
        out
    }
}

/// Follow a chain as calamine's `get_chain` does, collecting at most `len` bytes. `unit`
/// gives the file pieces of one sector, or a refusal where calamine would read past the data.
/// A link outside the table, or more links than the table has (a circle), is refused.
fn chain(
    mut id: u32,
    len: usize,
    table: &[u32],
    unit: impl Fn(u32) -> Result<Vec<(usize, usize)>, Refusal>,
) -> Result<Stream, Refusal> {
    let mut stream = Stream::default();
    let mut links = 0usize;
    while id != ENDOFCHAIN {
        for (offset, piece) in unit(id)? {
            let take = piece.min(len - stream.len);
            stream.push(offset, take);
        }
        if stream.len >= len {
            break;
        }
        id = *table
            .get(id as usize)
            .ok_or(Damaged("chain link outside the table"))?;
        links += 1;
        if links > table.len() {
            return Err(Damaged("chain goes round in a circle"));
        }
    }
    Ok(stream)
}

/// Check an OLE file (xls); give the bytes calamine may read: the file, or a copy with the
/// formula token lengths set to 0. The copy is checked again (a damaged file could have
/// records overlap) until nothing changes.
pub(super) fn prepare(file: &[u8]) -> Result<Cow<'_, [u8]>, Refusal> {
    let Some(mut current) = patch_once(file)? else {
        return Ok(Cow::Borrowed(file));
    };
    for _ in 0..3 {
        match patch_once(&current)? {
            None => return Ok(Cow::Owned(current)),
            Some(next) => current = next,
        }
    }
    Err(Damaged("formula lengths do not settle"))
}

/// One round of [`prepare`]: `None` when nothing needs to change.
fn patch_once(file: &[u8]) -> Result<Option<Vec<u8>>, Refusal> {
    let Some(header) = file.get(..512) else {
        return Ok(None); // calamine refuses it itself
    };
    let version = u16_at(header, 26).unwrap_or(0);
    let size: usize = match u16_at(header, 30) {
        Some(0x0009) => 512,
        Some(0x000C) => 4096,
        _ => return Ok(None), // idem
    };
    if u16_at(header, 32) != Some(6) || file.len() < size {
        return Ok(None); // idem
    }
    let word = |at| u32_at(header, at).unwrap_or(0);
    let (dir_start, mini_fat_start, difat_start) = (word(48), word(60), word(68));
    let mini_fat_len = word(64) as usize;
    // Sector `id` is at (id + 1) × size; only whole sectors inside the file are read.
    let count = file.len() / size - 1;
    let sector = |id: u32| -> Result<Vec<(usize, usize)>, Refusal> {
        let id = id as usize;
        if id >= count {
            return Err(Damaged("sector outside the file"));
        }
        Ok(vec![((id + 1) * size, size)])
    };
    let sector_bytes = |id: u32| -> Result<&[u8], Refusal> {
        let offset = (id as usize + 1) * size;
        sector(id)?;
        file.get(offset..offset.saturating_add(size))
            .ok_or(Damaged("sector outside the file"))
    };

    // DIFAT: 109 entries in the header, then a chain whose last entry links on.
    let mut difat: Vec<u32> = words(header.get(76..).unwrap_or_default()).collect();
    let mut id = difat_start;
    let mut links = 0;
    while id < RESERVED_SECTORS {
        links += 1;
        if links > count + 1 {
            return Err(Damaged("DIFAT goes round in a circle"));
        }
        difat.extend(words(sector_bytes(id)?));
        id = difat.pop().ok_or(Damaged("DIFAT"))?;
    }
    let mut fats = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        fats.extend(words(sector_bytes(id)?));
    }

    let dirs = chain(dir_start, usize::MAX, &fats, sector)?.bytes(file);
    let mut entries = Vec::new();
    for entry in dirs.chunks_exact(128) {
        let start = u32_at(entry, 116).unwrap_or(0);
        let len = if size == 512 {
            u64::from(u32_at(entry, 120).unwrap_or(0))
        } else {
            u64::from(u32_at(entry, 120).unwrap_or(0))
                | u64::from(u32_at(entry, 124).unwrap_or(0)) << 32
        };
        // calamine converts it with `unwrap`: on 32 bits a huge length would panic there.
        let len = usize::try_from(len)
            .ok()
            .filter(|l| *l <= file.len())
            .ok_or(Damaged("stream longer than the file"))?;
        let name: Vec<u16> = (entry.get(..64).unwrap_or_default())
            .chunks_exact(2)
            .filter_map(|c| c.try_into().ok())
            .map(u16::from_le_bytes)
            .take_while(|c| *c != 0)
            .collect();
        entries.push((String::from_utf16_lossy(&name), start, len));
    }
    let Some(&(_, root_start, root_len)) = entries.first() else {
        return Ok(None); // calamine: "empty root directory"
    };
    if version != 3 && root_start == ENDOFCHAIN {
        return Ok(None); // idem
    }

    let (mini_fats, mini_stream) = if mini_fat_len > 0 {
        if mini_fat_len > count {
            return Err(Damaged("mini FAT longer than the file"));
        }
        let stream = chain(root_start, root_len, &fats, sector)?;
        let table = chain(mini_fat_start, mini_fat_len * size, &fats, sector)?.bytes(file);
        (words(&table).collect::<Vec<u32>>(), stream)
    } else {
        (Vec::new(), Stream::default())
    };
    let mini_sector = |id: u32| -> Result<Vec<(usize, usize)>, Refusal> {
        let start = (id as usize)
            .checked_mul(MINI_SECTOR)
            .filter(|s| s + MINI_SECTOR <= mini_stream.len)
            .ok_or(Damaged("mini sector outside the mini stream"))?;
        Ok(mini_stream.file_pieces(start, MINI_SECTOR))
    };

    // The workbook stream, as calamine looks for it: "Workbook", else "Book" (both checked).
    let mut copy: Option<Vec<u8>> = None;
    for wanted in ["Workbook", "Book"] {
        let Some(&(_, start, len)) = entries
            .iter()
            .find(|(name, ..)| name.eq_ignore_ascii_case(wanted))
        else {
            continue;
        };
        let stream = if len < MINI_STREAM_CUTOFF {
            chain(start, len, &mini_fats, mini_sector)?
        } else {
            chain(start, len, &fats, sector)?
        };
        for at in check_biff(&stream.bytes(file))? {
            let copy = copy.get_or_insert_with(|| file.to_vec());
            for (offset, len) in stream.file_pieces(at, 2) {
                copy.get_mut(offset..offset.saturating_add(len))
                    .ok_or(Damaged("stream outside the file"))?
                    .fill(0);
            }
        }
    }
    Ok(copy)
}

/// One BIFF record: type, data, and the data of the CONTINUE records calamine joins to it.
struct Record<'a> {
    at: usize,
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// calamine's `RecordIter`, from `at`; `None` where it stops or fails.
fn next_record<'a>(stream: &'a [u8], at: &mut usize) -> Option<Record<'a>> {
    let start = *at;
    let typ = u16_at(stream, start)?;
    let len = usize::from(u16_at(stream, start + 2)?);
    let data = stream.get(start + 4..start + 4 + len)?;
    *at = start + 4 + len;
    let mut cont = Vec::new();
    // Joined only when more than the 4 header bytes follow, like calamine.
    while stream.len().saturating_sub(*at) > 4 && u16_at(stream, *at) == Some(0x003C) {
        let len = usize::from(u16_at(stream, *at + 2)?);
        cont.push(stream.get(*at + 4..*at + 4 + len)?);
        *at += 4 + len;
    }
    Some(Record {
        at: start,
        typ,
        data,
        cont,
    })
}

/// Walk the workbook globals and every sheet as calamine does; return the stream offsets of
/// the formula token lengths to set to 0.
fn check_biff(stream: &[u8]) -> Result<Vec<usize>, Refusal> {
    let mut budget = MAX_XLS_RECORDS;
    let mut patches = Vec::new();
    let mut sheets = Vec::new();
    let mut at = 0;
    // The globals, up to their EOF.
    while let Some(record) = next_record(stream, &mut at) {
        budget = budget.checked_sub(1).ok_or(Refusal::TooLarge)?;
        if record.typ == 0x000A {
            break;
        }
        check_global(&record, stream.len(), &mut sheets, &mut patches)?;
    }
    sheets.sort_unstable();
    sheets.dedup();
    for start in sheets {
        check_sheet(stream, start, &mut budget, &mut patches)?;
    }
    Ok(patches)
}

fn check_global(
    record: &Record<'_>,
    stream_len: usize,
    sheets: &mut Vec<usize>,
    patches: &mut Vec<usize>,
) -> Result<(), Refusal> {
    let len = record.data.len();
    match record.typ {
        // FilePass, DateMode, CodePage, BOF, ExternSheet: a u16 read unchecked.
        0x002F | 0x0022 | 0x0042 | 0x0809 | 0x0017 if len < 2 => {
            Err(Damaged("record shorter than 2 bytes"))
        }
        // BoundSheet8: position (u32), two flag bytes; calamine slices the stream there.
        0x0085 => {
            let pos = u32_at(record.data, 0).ok_or(Damaged("BoundSheet8"))? as usize;
            if len < 6 || pos > stream_len {
                return Err(Damaged("BoundSheet8 points outside the stream"));
            }
            sheets.push(pos);
            Ok(())
        }
        // Lbl (a defined name): 14 bytes before the name; formula length cce at 4.
        0x0018 => {
            if len < 14 {
                return Err(Damaged("Lbl shorter than 14 bytes"));
            }
            if u16_at(record.data, 4) != Some(0) {
                patches.push(record.at + 4 + 4);
            }
            Ok(())
        }
        0x00FC => check_sst(record),
        _ => Ok(()),
    }
}

/// Mirror of calamine's `parse_sst`: refuse where it would index past the data.
fn check_sst(record: &Record<'_>) -> Result<(), Refusal> {
    let Some(mut data) = record.data.get(8..) else {
        return Ok(()); // calamine: "sst" too short
    };
    let mut cont = record.cont.iter().copied();
    loop {
        if data.is_empty() {
            match cont.next() {
                Some(next) => data = next,
                None => return Ok(()),
            }
            if data.is_empty() {
                continue; // an empty string, nothing read
            }
        }
        if data.len() < 3 {
            return Ok(()); // calamine: "rich extended string" too short
        }
        let cch = usize::from(u16_at(data, 0).unwrap_or(0));
        let [_, _, flags, rest @ ..] = data else {
            return Ok(());
        };
        let flags = *flags;
        data = rest;
        let mut runs = 0usize;
        let mut ext = 0usize;
        if flags & 0x8 != 0 {
            runs = usize::from(u16_at(data, 0).ok_or(Damaged("SST run count"))?);
            data = data.get(2..).unwrap_or_default();
        }
        if flags & 0x4 != 0 {
            let size = u32_at(data, 0).ok_or(Damaged("SST extension size"))?;
            ext = size as i32 as isize as usize;
            data = data.get(4..).unwrap_or_default();
        }
        // The characters, 1 or 2 bytes each, going on in CONTINUE records.
        let mut wide = flags & 0x1 != 0;
        let mut left = cch;
        while left > 0 {
            let fits = if wide { data.len() / 2 } else { data.len() };
            let take = fits.min(left);
            data = data
                .get(if wide { 2 * take } else { take }..)
                .unwrap_or_default();
            left -= take;
            if left > 0 {
                let Some(next) = cont.next() else {
                    return Ok(()); // calamine: end of stream
                };
                let (&first, rest) = next
                    .split_first()
                    .ok_or(Damaged("empty CONTINUE inside a string"))?;
                wide = first & 0x1 != 0;
                data = rest;
            }
        }
        // Skipped: the formatting runs and the extension, also across CONTINUE records.
        let mut skip = runs.saturating_mul(4).saturating_add(ext);
        while skip > 0 {
            if data.is_empty() {
                match cont.next() {
                    Some(next) => data = next,
                    None => return Ok(()), // calamine: continue record too short
                }
            }
            let take = skip.min(data.len());
            data = data.get(take..).unwrap_or_default();
            skip -= take;
        }
    }
}

/// One sheet from its BOF, as calamine walks it: records inside nested substreams are
/// skipped, the walk ends at the sheet's EOF. Bounds the cells it spans.
fn check_sheet(
    stream: &[u8],
    mut at: usize,
    budget: &mut usize,
    patches: &mut Vec<usize>,
) -> Result<(), Refusal> {
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut span: Option<(u32, u32, u32, u32)> = None;
    let mut cell = |row: u32, first: u32, last: u32| -> Result<(), Refusal> {
        let (r0, r1, c0, c1) = span.map_or((row, row, first, last), |(r0, r1, c0, c1)| {
            (r0.min(row), r1.max(row), c0.min(first), c1.max(last))
        });
        span = Some((r0, r1, c0, c1));
        let cells = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
        if cells > MAX_XLS_SHEET_CELLS {
            return Err(Refusal::TooLarge);
        }
        Ok(())
    };
    while let Some(record) = next_record(stream, &mut at) {
        *budget = budget.checked_sub(1).ok_or(Refusal::TooLarge)?;
        let data = record.data;
        let row_col = || {
            (
                u32::from(u16_at(data, 0).unwrap_or(0)),
                u32::from(u16_at(data, 2).unwrap_or(0)),
            )
        };
        if depth > 0 {
            match record.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match record.typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => check_dimensions(data)?,
            // Number, Label, RString, BoolErr, RK, LabelSst: calamine checks their length
            // and stops on a short one.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                let min = match record.typ {
                    0x0203 => 14,
                    0x0205 => 8,
                    0x027E | 0x00FD => 10,
                    _ => 6,
                };
                if data.len() < min {
                    return Ok(());
                }
                let (row, col) = row_col();
                cell(row, col, col)?;
            }
            // MulRk: row, first column, 6 bytes per cell, last column.
            0x00BD => {
                if data.len() < 6 {
                    return Ok(());
                }
                let (row, first) = row_col();
                let last = u32::from(u16_at(data, data.len() - 2).unwrap_or(0));
                if last < first || last - first >= u32::from(u16::MAX) {
                    return Err(Damaged("MulRk columns the wrong way round"));
                }
                if data.len() != 6 + 6 * (last - first + 1) as usize {
                    return Ok(());
                }
                cell(row, first, last)?;
            }
            // MergeCells: a count, then 8 bytes per range, read unchecked.
            0x00E5 => {
                let count = usize::from(u16_at(data, 0).ok_or(Damaged("MergeCells"))?);
                if data.len() < 2 + 8 * count {
                    return Err(Damaged("MergeCells shorter than its count"));
                }
            }
            // Formula: 20 bytes, then the token length (u16) read unchecked.
            0x0006 => {
                if data.len() < 20 {
                    return Ok(());
                }
                if data.len() < 22 {
                    return Err(Damaged("Formula without a token length"));
                }
                if u16_at(data, 20) != Some(0) {
                    patches.push(record.at + 4 + 20);
                }
                let (row, col) = row_col();
                cell(row, col, col)?;
            }
            0x000A => return Ok(()),
            _ => {}
        }
    }
    Ok(())
}

/// Mirror of calamine's `parse_dimensions` and the room it reserves.
fn check_dimensions(data: &[u8]) -> Result<(), Refusal> {
    let u16_ = |at| u32::from(u16_at(data, at).unwrap_or(0));
    let u32_ = |at| u32_at(data, at).unwrap_or(0);
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (u16_(0), u16_(2), u16_(4), u16_(6)),
        14 | 16 => (u32_(0), u32_(4), u16_(8), u16_(10)),
        _ => return Ok(()), // calamine refuses it itself
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if rl >= 1 && cl >= 1 {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    if end.0 < start.0 || end.1 < start.1 {
        return Err(Damaged("Dimensions the wrong way round"));
    }
    let cells = (u64::from(end.0 - start.0) + 1) * (u64::from(end.1 - start.1) + 1);
    if cells > MAX_XLS_SHEET_CELLS {
        return Err(Refusal::TooLarge);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_cases() {
        let biff8 = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = Vec::new();
            d.extend(rf.to_le_bytes());
            d.extend(rl.to_le_bytes());
            d.extend(cf.to_le_bytes());
            d.extend(cl.to_le_bytes());
            d.extend([0, 0]);
            d
        };
        assert_eq!(check_dimensions(&biff8(0, 10, 0, 9)), Ok(()));
        assert_eq!(check_dimensions(&biff8(0, 0, 0, 0)), Ok(()));
        assert_eq!(check_dimensions(&biff8(0, 65_536, 0, 64)), Ok(()));
        assert_eq!(
            check_dimensions(&biff8(0, 65_536, 0, 65)),
            Err(Refusal::TooLarge)
        );
        assert_eq!(
            check_dimensions(&biff8(0, u32::MAX, 0, 9)),
            Err(Refusal::TooLarge)
        );
        assert!(matches!(
            check_dimensions(&biff8(10, 5, 0, 9)),
            Err(Refusal::Damaged(_))
        ));
        // BIFF5: 10 bytes of u16s.
        assert_eq!(check_dimensions(&[0, 0, 10, 0, 0, 0, 9, 0, 0, 0]), Ok(()));
        // Other lengths: calamine refuses them itself.
        assert_eq!(check_dimensions(&[1, 2, 3]), Ok(()));
    }

    fn sst(data: &[u8], cont: Vec<&'static [u8]>) -> Result<(), Refusal> {
        let mut full = vec![0; 8];
        full.extend_from_slice(data);
        check_sst(&Record {
            at: 0,
            typ: 0x00FC,
            data: &full,
            cont,
        })
    }

    #[test]
    fn sst_cases() {
        // "ab", 1 byte per character.
        assert_eq!(sst(&[2, 0, 0, b'a', b'b'], vec![]), Ok(()));
        // "ab" split over a CONTINUE record (which starts with its flag byte).
        assert_eq!(sst(&[2, 0, 0, b'a'], vec![&[0, b'b']]), Ok(()));
        // The rest of the string in an empty CONTINUE: calamine reads its flag byte anyway.
        assert!(sst(&[2, 0, 0, b'a'], vec![&[]]).is_err());
        // A run count (flag 8) or extension size (flag 4) cut off: read unchecked.
        assert!(sst(&[1, 0, 0x8, 7], vec![]).is_err());
        assert!(sst(&[1, 0, 0x4, 7, 7], vec![]).is_err());
        // Too short for a string header: calamine returns an error itself.
        assert_eq!(sst(&[1, 0], vec![]), Ok(()));
    }

    #[test]
    fn not_an_ole_file_is_left_to_calamine() {
        assert!(!is_ole(b"PK\x03\x04"));
        assert!(is_ole(&SIGNATURE));
        assert_eq!(
            prepare(&SIGNATURE).ok(),
            Some(Cow::Borrowed(&SIGNATURE[..]))
        );
    }
}
