//! The release zip's writer: every file under a folder, in one zip, the same bytes for the same input.
//!
//! ```text
//! cargo run --release --example pakket -- <folder> <out.zip> <seconds since 1970>
//! ```
//!
//! `scripts/package.mjs` puts the release's files in a folder (`koppelhulp-VERSIE/…`) and runs this;
//! the zip holds every file under `<folder>`, named by its path relative to it (with `/`), sorted by
//! that name, each with the one given time (the commit's), mode `rw-r--r--`, deflated at level 9 by
//! the `zip` crate the app itself reads and writes xlsx with. No directory entries, no extra fields,
//! nothing of the machine it runs on: the same folder and time give the same zip, byte for byte.
//! It prints the zip's size and SHA-256.

use sha2::{Digest, Sha256};
use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [folder, out, seconds] = args.as_slice() else {
        eprintln!("usage: cargo run --example pakket -- <folder> <out.zip> <seconds since 1970>");
        std::process::exit(2);
    };
    let seconds: i64 = seconds
        .parse()
        .unwrap_or_else(|_| fail(&format!("not a number of seconds: {seconds}")));
    let bytes = pack(Path::new(folder), seconds).unwrap_or_else(|e| fail(&e));
    let tmp = format!("{out}.tmp");
    fs::write(&tmp, &bytes).unwrap_or_else(|e| fail(&format!("{tmp}: {e}")));
    fs::rename(&tmp, out).unwrap_or_else(|e| fail(&format!("{out}: {e}")));
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("{out}: {} bytes, sha256 {sha}", bytes.len());
}

fn fail(message: &str) -> ! {
    eprintln!("pakket: {message}");
    std::process::exit(1);
}

/// The zip of every file under `folder`, sorted by name, every entry with time `seconds` (UTC).
fn pack(folder: &Path, seconds: i64) -> Result<Vec<u8>, String> {
    let mut files = Vec::new();
    walk(folder, &mut files).map_err(|e| format!("{}: {e}", folder.display()))?;
    let mut entries: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(folder)
                .expect("under the folder")
                .components()
                .map(|c| c.as_os_str().to_str().expect("file names are UTF-8"))
                .collect::<Vec<_>>()
                .join("/");
            (name, path)
        })
        .collect();
    entries.sort();
    if entries.is_empty() {
        return Err(format!("{}: no files", folder.display()));
    }

    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(dos_time(seconds)?)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, path) in &entries {
        let data = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        zip.start_file(name.as_str(), options)
            .map_err(|e| format!("{name}: {e}"))?;
        zip.write_all(&data).map_err(|e| format!("{name}: {e}"))?;
    }
    let cursor = zip.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}

fn walk(folder: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// A zip (MS-DOS) time stamp: UTC, two-second steps, 1980 to 2107.
fn dos_time(seconds: i64) -> Result<DateTime, String> {
    let t = time::OffsetDateTime::from_unix_timestamp(seconds).map_err(|e| e.to_string())?;
    let year = u16::try_from(t.year()).map_err(|e| e.to_string())?;
    DateTime::from_date_and_time(
        year,
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
    )
    .map_err(|e| format!("{t}: not a time a zip can hold ({e})"))
}
