//! The package: its parts by name, read bounded; relationships and part names.

use super::*;

// ---- The package ----------------------------------------------------------------------------

pub(super) type Fail = NotFillable;

pub(super) fn unreadable(what: &'static str) -> Fail {
    NotFillable::Unreadable(what)
}

/// The parts of the package by name (case-insensitive, as OPC says), and reading one, bounded.
pub(super) struct Package<'a> {
    pub(super) archive: ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased name → index.
    pub(super) index: HashMap<String, usize>,
}

impl<'a> Package<'a> {
    pub(super) fn open(bytes: &'a [u8]) -> Result<Package<'a>, Fail> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable("zip"))?;
        let index = (0..archive.len())
            .filter_map(|i| Some((archive.name_for_index(i)?.ok()?.to_lowercase(), i)))
            .collect();
        Ok(Package { archive, index })
    }

    pub(super) fn find(&self, name: &str) -> Option<usize> {
        self.index.get(&name.to_lowercase()).copied()
    }

    pub(super) fn read(&mut self, name: &str) -> Result<Vec<u8>, Fail> {
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
pub(super) fn resolve(base_dir: &str, target: &str) -> String {
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

pub(super) fn dir_of(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..i])
}

pub(super) fn rels_of(part: &str) -> String {
    match part.rfind('/') {
        Some(i) => format!("{}/_rels/{}.rels", &part[..i], &part[i + 1..]),
        None => format!("_rels/{part}.rels"),
    }
}

/// Relationships of a part: id → (type, target).
pub(super) fn relationships(
    package: &mut Package,
    name: &str,
) -> Result<Vec<(String, String, String)>, Fail> {
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
