//! The package written as a zip.

use super::*;

/// One part of the package as it is written.
pub(super) struct Entry {
    pub(super) name: Vec<u8>,
    /// 0 stored, 8 deflated.
    pub(super) method: u16,
    pub(super) crc: u32,
    /// Unpacked size.
    pub(super) size: u64,
    /// As stored: the original compressed bytes, or the changed part deflated.
    pub(super) data: Vec<u8>,
    pub(super) date: u16,
    pub(super) time: u16,
    pub(super) external: u32,
}

/// A changed part, deflated (raw deflate, as zip stores it).
pub(super) fn deflate(data: &[u8]) -> Result<Vec<u8>, Fail> {
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
pub(super) fn write_zip(entries: &[Entry]) -> Result<Vec<u8>, Fail> {
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
