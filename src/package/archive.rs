//! The zip file of a bundle: written so that the same files give the same
//! bytes (sorted names, one fixed timestamp, fixed permissions, deflate at a
//! fixed level), and read back into memory for `norma verify`, never extracted.
//!
//! Every file sits under one top folder named after the office
//! (`aguascalientes/index.html`), so unpacking a bundle makes one folder and
//! never scatters files where it is unpacked.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::date::Date;

/// The most a bundle may unpack to when it is read back: a damaged or hostile
/// zip that claims more is refused rather than filling the memory.
const MAX_UNPACKED_BYTES: u64 = 4 << 30;
/// The most entries a bundle may hold (the example's has a few hundred; a
/// 10,000-unit site about 15,000).
const MAX_ENTRIES: usize = 200_000;
/// The most an entry of at least `RATIO_FROM` bytes may grow when it is
/// unpacked: deflate packs a page of HTML 3 to 10 times, a run of zeros a
/// thousand times (a "zip bomb"). Such an entry is refused before it is
/// unpacked.
const MAX_RATIO: u64 = 200;
const RATIO_FROM: u64 = 1 << 20;

/// A zip of `files` (path → bytes) under the folder `top`, every entry dated
/// `day` at midnight.
pub fn write(top: &str, files: &BTreeMap<String, Vec<u8>>, day: Date) -> std::io::Result<Vec<u8>> {
    let stamp =
        DateTime::from_date_and_time(day.year.clamp(1980, 2107), day.month, day.day, 0, 0, 0)
            .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (path, bytes) in files {
        zip.start_file(format!("{top}/{path}"), options)
            .map_err(std::io::Error::other)?;
        zip.write_all(bytes)?;
    }
    let cursor = zip.finish().map_err(std::io::Error::other)?;
    Ok(cursor.into_inner())
}

/// What a zip holds: its top folder (see `top_folder`) and its files by their
/// path inside it.
pub struct Unpacked {
    pub top: Option<String>,
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Why a zip could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not a zip file at all (or cut short).
    NotAZip,
    /// It would unpack to more than norma reads.
    TooLarge,
    /// More entries than a bundle has.
    TooManyEntries(usize),
    /// An entry that would grow more than a bundle's files do (a zip bomb):
    /// its name and how many times its packed size it would unpack to.
    Bomb { entry: String, ratio: u64 },
    /// A zip whose entries cannot be read: which entry (when it has a
    /// name), and the zip library's words (English, for the English
    /// message).
    Damaged { entry: Option<String>, why: String },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            ReadError::NotAZip => f.write_str("not a zip file"),
            ReadError::TooLarge => f.write_str("it would unpack to more than norma reads"),
            ReadError::TooManyEntries(n) => write!(f, "it has {n} entries"),
            ReadError::Bomb { entry, ratio } => {
                write!(f, "{entry} would unpack to {ratio} times its size")
            }
            ReadError::Damaged { why, .. } => write!(f, "a damaged zip: {why}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads every file of the zip in `bytes` (folders are skipped).
pub fn read(bytes: &[u8]) -> Result<Unpacked, ReadError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| ReadError::NotAZip)?;
    if zip.len() > MAX_ENTRIES {
        return Err(ReadError::TooManyEntries(zip.len()));
    }
    let mut entries = Vec::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let damaged = |entry: Option<&str>, e: &dyn std::fmt::Display| ReadError::Damaged {
            entry: entry.map(str::to_owned),
            why: e.to_string(),
        };
        let mut file = zip.by_index(i).map_err(|e| damaged(None, &e))?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().map_err(|e| damaged(None, &e))?.into_owned();
        let size = file.size();
        let ratio = size / file.compressed_size().max(1);
        if size >= RATIO_FROM && ratio > MAX_RATIO {
            return Err(ReadError::Bomb { entry: name, ratio });
        }
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES {
            return Err(ReadError::TooLarge);
        }
        // No more than the entry declares: an entry that runs on past its
        // size is stopped at the first byte too many.
        let mut data = Vec::with_capacity(size.min(1 << 26) as usize);
        (&mut file)
            .take(size.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|e| damaged(Some(&name), &e))?;
        if data.len() as u64 > size {
            return Err(damaged(Some(&name), &"more bytes than the zip declares"));
        }
        entries.push((name, data));
    }
    let top = top_folder(entries.iter().map(|(n, _)| n.as_str()));
    let files = entries
        .into_iter()
        .map(|(name, data)| {
            let inner = match &top {
                Some(t) => name
                    .strip_prefix(t.as_str())
                    .and_then(|r| r.strip_prefix('/'))
                    .map(str::to_owned)
                    .unwrap_or(name),
                None => name,
            };
            (inner, data)
        })
        .collect();
    Ok(Unpacked { top, files })
}

/// The folder that holds the bundle: the one with `manifest.json` in it, when
/// there is exactly one such folder one level down and no manifest at the
/// top. Other entries keep their full names, so verify reports a file added
/// beside the folder as extra.
fn top_folder<'a>(names: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut tops = Vec::new();
    for name in names {
        if name == super::manifest::MANIFEST {
            return None;
        }
        if let Some((first, rest)) = name.split_once('/')
            && rest == super::manifest::MANIFEST
        {
            tops.push(first.to_owned());
        }
    }
    match tops.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_files_give_the_same_bytes_and_read_back() {
        let mut files = BTreeMap::new();
        files.insert("index.html".to_owned(), b"<p>hola</p>".to_vec());
        files.insert("manifest.json".to_owned(), b"{}".to_vec());
        files.insert("static/norma.css".to_owned(), vec![b'x'; 10_000]);
        let day = Date {
            year: 2025,
            month: 4,
            day: 1,
        };
        let a = write("ags", &files, day).unwrap();
        let b = write("ags", &files, day).unwrap();
        assert_eq!(a, b, "reproducible");
        assert!(a.len() < 5_000, "deflated");
        let back = read(&a).unwrap();
        assert_eq!(back.top.as_deref(), Some("ags"));
        assert_eq!(back.files, files);
        assert_eq!(read(b"not a zip").err(), Some(ReadError::NotAZip));
        // The top folder is the one holding the manifest, not the commonest
        // first folder: without a manifest nothing is stripped.
        files.remove("manifest.json");
        let plain = read(&write("ags", &files, day).unwrap()).unwrap();
        assert_eq!(plain.top, None);
        assert!(plain.files.contains_key("ags/static/norma.css"));
    }
}
