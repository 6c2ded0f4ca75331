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

use crate::load::read::Date;

/// The most a bundle may unpack to when it is read back: a damaged or hostile
/// zip that claims more is refused rather than filling the memory.
const MAX_UNPACKED_BYTES: u64 = 4 << 30;

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

/// What a zip holds: its top folder (when every entry has the same one) and
/// its files by their path inside it. Entries outside the common folder keep
/// their full name, so verify reports them as files the manifest lacks.
pub struct Unpacked {
    pub top: Option<String>,
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Reads every file of the zip in `bytes` (folders are skipped).
pub fn read(bytes: &[u8]) -> Result<Unpacked, String> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut entries = Vec::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).map_err(|e| e.to_string())?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().map_err(|e| e.to_string())?.into_owned();
        total = total.saturating_add(file.size());
        if total > MAX_UNPACKED_BYTES {
            return Err(format!("unpacks to more than {MAX_UNPACKED_BYTES} bytes"));
        }
        let mut data = Vec::with_capacity(file.size().min(1 << 26) as usize);
        (&mut file)
            .take(MAX_UNPACKED_BYTES)
            .read_to_end(&mut data)
            .map_err(|e| format!("{name}: {e}"))?;
        entries.push((name, data));
    }
    let top = common_top(entries.iter().map(|(n, _)| n.as_str()));
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

/// The first folder of the most entries, when there is one: a bundle has one
/// top folder; a file added beside it stays outside and shows as extra.
fn common_top<'a>(names: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for name in names {
        if let Some((first, _)) = name.split_once('/') {
            *counts.entry(first).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(t, _)| t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_files_give_the_same_bytes_and_read_back() {
        let mut files = BTreeMap::new();
        files.insert("index.html".to_owned(), b"<p>hola</p>".to_vec());
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
        assert!(read(b"not a zip").is_err());
    }
}
