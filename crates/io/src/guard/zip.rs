//! An xlsx, xlsb or ods is a zip. The zip reader calamine uses stops reading a part at the size the
//! zip's central directory declares, so adding those sizes up bounds all the work on such a file —
//! also on a "zip bomb" (a small file that unpacks to gigabytes).

use super::Refusal::{self, Damaged, TooLarge};
use super::{MAX_UNPACKED, MAX_ZIP_PARTS};

pub(super) const SIGNATURE: &[u8] = b"PK\x03\x04";
const END_SIGNATURE: [u8; 4] = [0x50, 0x4B, 0x05, 0x06];
const ENTRY_SIGNATURE: [u8; 4] = [0x50, 0x4B, 0x01, 0x02];

fn u16_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(usize::from(u16::from_le_bytes(b.try_into().ok()?)))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(b.try_into().ok()?))
}

/// Add up the sizes the central directory declares; the names of the parts on success.
pub(super) fn parts(bytes: &[u8]) -> Result<Vec<&[u8]>, Refusal> {
    let damaged = || Damaged("zip directory");
    // The end record: 22 bytes plus a comment of at most 64 KB, searched from the end.
    let earliest = bytes.len().saturating_sub(22 + 0xFFFF);
    let end = (earliest..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&at| {
            bytes
                .get(at..)
                .is_some_and(|b| b.starts_with(&END_SIGNATURE))
        })
        .ok_or(Damaged("no end of the zip directory"))?;
    let entries = u16_at(bytes, end + 10).ok_or_else(damaged)?;
    let mut at = u32_at(bytes, end + 16).ok_or_else(damaged)? as usize;
    if entries > MAX_ZIP_PARTS {
        return Err(TooLarge);
    }
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(entries);
    for _ in 0..entries {
        let entry = bytes
            .get(at..)
            .filter(|e| e.starts_with(&ENTRY_SIGNATURE))
            .ok_or_else(damaged)?;
        let size = u32_at(entry, 24).ok_or_else(damaged)?;
        // 0xFFFFFFFF: the real size is in a zip64 field; no register export needs that.
        if size == u32::MAX {
            return Err(TooLarge);
        }
        total += u64::from(size);
        if total > MAX_UNPACKED {
            return Err(TooLarge);
        }
        let name = u16_at(entry, 28).ok_or_else(damaged)?;
        let extra = u16_at(entry, 30).ok_or_else(damaged)?;
        let comment = u16_at(entry, 32).ok_or_else(damaged)?;
        names.push(entry.get(46..46 + name).ok_or_else(damaged)?);
        at += 46 + name + extra + comment;
    }
    Ok(names)
}

/// An OpenDocument file starts with its uncompressed part "mimetype".
pub(super) fn is_opendocument(bytes: &[u8]) -> bool {
    bytes.get(30..38) == Some(&b"mimetype"[..])
        && bytes
            .get(38..)
            .is_some_and(|rest| rest.starts_with(b"application/vnd.oasis.opendocument"))
}
