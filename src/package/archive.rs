//! The zip file of a bundle: written so that the same files give the same
//! bytes (sorted names, one fixed timestamp, fixed permissions, deflate at a
//! fixed level), and read back for `norma verify` without extracting anything
//! and without holding an entry whole: [`Bundle::open`] reads the central
//! directory only and refuses what no bundle holds (too many entries, too
//! much in all, an entry that grows like a zip bomb, links, names that climb
//! out, repeated names) before a single entry is decompressed; then
//! [`Bundle::read_small`] reads a small entry (the manifest, its signature,
//! the key) up to a limit, and [`Bundle::hash`] hashes an entry as it is
//! decompressed, stopping at the first byte past the size expected.
//!
//! Every file sits under one top folder named after the office
//! (`aguascalientes/index.html`), so unpacking a bundle makes one folder and
//! never scatters files where it is unpacked.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Seek, SeekFrom, Write};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::date::Date;

/// The most a bundle may unpack to, all its entries together (as the zip
/// declares them; an entry is never read past its declared size).
pub const MAX_UNPACKED_BYTES: u64 = 4 << 30;
/// The most entries a bundle may hold (the example's has a few hundred; a
/// 10,000-unit site about 15,000).
pub const MAX_ENTRIES: usize = 200_000;
/// The most bytes the zip's central directory (its list of entries) may
/// take: 200,000 entries with names of a few hundred characters.
const MAX_DIRECTORY: u64 = 64 << 20;
/// The most an entry of at least `RATIO_FROM` bytes may grow when it is
/// unpacked, and the bundle as a whole once it unpacks to `RATIO_FROM_ALL`:
/// deflate packs a page of HTML 3 to 10 times, a run of zeros a thousand
/// times (a "zip bomb"). Such an entry is refused before it is unpacked.
pub const MAX_RATIO: u64 = 200;
const RATIO_FROM: u64 = 1 << 20;
const RATIO_FROM_ALL: u64 = 64 << 20;

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

/// Why a zip (or a bundle's folder) could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not a zip file at all (or cut short).
    NotAZip,
    /// It would unpack to more than norma reads: the entry at which the
    /// total passes `MAX_UNPACKED_BYTES`.
    TooLarge { entry: String },
    /// More entries than a bundle has.
    TooManyEntries(u64),
    /// A list of entries (the zip's central directory) of more bytes than
    /// a bundle's.
    Directory(u64),
    /// An entry that would grow more than a bundle's files do (a zip bomb):
    /// its name and how many times its packed size it would unpack to.
    Bomb { entry: String, ratio: u64 },
    /// The bundle as a whole would grow so (many entries each just under
    /// the limit of one): its largest entry and the ratio of all.
    BombAll { entry: String, ratio: u64 },
    /// An entry that is a symbolic link.
    Link { entry: String },
    /// An entry whose name is absolute or climbs out (`/etc/x`, `../x`,
    /// `a\..\x`).
    UnsafeName { entry: String },
    /// Two entries with the same name (a reader could show either).
    Duplicate,
    /// A small entry (the manifest, its signature, the key) larger than such
    /// a file is: its name and the limit.
    Oversized { entry: String, limit: u64 },
    /// A zip whose entries cannot be read: which entry (when it has a
    /// name), and the zip library's words (English, for the English
    /// message).
    Damaged { entry: Option<String>, why: String },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            ReadError::NotAZip => f.write_str("not a zip file"),
            ReadError::TooLarge { entry } => {
                write!(f, "it would unpack to more than norma reads (at {entry})")
            }
            ReadError::TooManyEntries(n) => write!(f, "it has {n} entries"),
            ReadError::Directory(n) => write!(f, "its list of entries takes {n} bytes"),
            ReadError::Bomb { entry, ratio } | ReadError::BombAll { entry, ratio } => {
                write!(f, "{entry} would unpack to {ratio} times its size")
            }
            ReadError::Link { entry } => write!(f, "{entry} is a link"),
            ReadError::UnsafeName { entry } => write!(f, "{entry} is not a path inside the bundle"),
            ReadError::Duplicate => f.write_str("two entries have the same name"),
            ReadError::Oversized { entry, limit } => write!(f, "{entry} is over {limit} bytes"),
            ReadError::Damaged { why, .. } => write!(f, "a damaged zip: {why}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// One file of a zip, as its central directory lists it.
#[derive(Debug, Clone)]
struct Entry {
    index: usize,
    /// Its full name in the zip (with the top folder), for messages.
    name: String,
    size: u64,
}

/// A zip opened for verification: its central directory read and checked,
/// nothing decompressed yet.
pub struct Bundle<R: Read + Seek> {
    zip: ZipArchive<R>,
    pub top: Option<String>,
    /// Every file, by its path inside the top folder.
    entries: BTreeMap<String, Entry>,
}

/// What hashing an entry found: its SHA-256 and its length, the length
/// counted no further than one byte past the size expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hashed {
    pub sha256: String,
    pub len: u64,
}

impl<R: Read + Seek> Bundle<R> {
    /// Reads the zip's central directory and refuses what no bundle holds,
    /// before anything is decompressed.
    pub fn open(mut reader: R) -> Result<Bundle<R>, ReadError> {
        let (count, directory) = peek_directory(&mut reader)?;
        if count > MAX_ENTRIES as u64 {
            return Err(ReadError::TooManyEntries(count));
        }
        if directory > MAX_DIRECTORY {
            return Err(ReadError::Directory(directory));
        }
        reader
            .seek(SeekFrom::Start(0))
            .map_err(|_| ReadError::NotAZip)?;
        let zip = ZipArchive::new(reader).map_err(|_| ReadError::NotAZip)?;
        if zip.len() > MAX_ENTRIES {
            return Err(ReadError::TooManyEntries(zip.len() as u64));
        }
        if zip.has_duplicate_names() {
            return Err(ReadError::Duplicate);
        }
        let damaged = |entry: Option<&str>, e: &dyn std::fmt::Display| ReadError::Damaged {
            entry: entry.map(str::to_owned),
            why: e.to_string(),
        };
        let mut entries = Vec::new();
        let (mut total, mut packed) = (0u64, 0u64);
        let mut largest: Option<(u64, String)> = None;
        for index in 0..zip.len() {
            let file = zip.by_index_data(index).map_err(|e| damaged(None, &e))?;
            let name = file.name().map_err(|e| damaged(None, &e))?.into_owned();
            if !safe_name(&name) {
                return Err(ReadError::UnsafeName { entry: name });
            }
            if file.is_symlink() {
                return Err(ReadError::Link { entry: name });
            }
            if file.is_dir() {
                continue;
            }
            let size = file.size();
            let ratio = size / file.compressed_size().max(1);
            if size >= RATIO_FROM && ratio > MAX_RATIO {
                return Err(ReadError::Bomb { entry: name, ratio });
            }
            total = total.saturating_add(size);
            packed = packed.saturating_add(file.compressed_size());
            if total > MAX_UNPACKED_BYTES {
                return Err(ReadError::TooLarge { entry: name });
            }
            if largest.as_ref().is_none_or(|(s, _)| size > *s) {
                largest = Some((size, name.clone()));
            }
            entries.push(Entry { index, name, size });
        }
        let ratio_all = total / packed.max(1);
        if total >= RATIO_FROM_ALL
            && ratio_all > MAX_RATIO
            && let Some((_, entry)) = largest
        {
            return Err(ReadError::BombAll {
                entry,
                ratio: ratio_all,
            });
        }
        let top = top_folder(entries.iter().map(|e| e.name.as_str()));
        let entries = entries
            .into_iter()
            .map(|entry| {
                let inner = match &top {
                    Some(t) => entry
                        .name
                        .strip_prefix(t.as_str())
                        .and_then(|r| r.strip_prefix('/'))
                        .unwrap_or(&entry.name)
                        .to_owned(),
                    None => entry.name.clone(),
                };
                (inner, entry)
            })
            .collect();
        Ok(Bundle { zip, top, entries })
    }

    /// Every file's path inside the top folder, with the size the zip
    /// declares for it.
    pub fn files(&self) -> impl Iterator<Item = (&str, u64)> {
        self.entries.iter().map(|(p, e)| (p.as_str(), e.size))
    }

    /// The entry at `path` whole, if it declares no more than `limit` bytes
    /// (and is cut at the first byte past what it declares); `None` when the
    /// zip has no such entry.
    pub fn read_small(&mut self, path: &str, limit: u64) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(entry) = self.entries.get(path).cloned() else {
            return Ok(None);
        };
        if entry.size > limit {
            return Err(ReadError::Oversized {
                entry: entry.name,
                limit,
            });
        }
        let mut data = Vec::with_capacity(entry.size as usize);
        self.stream(&entry, entry.size, &mut data)?;
        if data.len() as u64 > entry.size {
            return Err(ReadError::Damaged {
                entry: Some(entry.name),
                why: "more bytes than the zip declares".into(),
            });
        }
        Ok(Some(data))
    }

    /// The SHA-256 of the entry at `path`, decompressed a block at a time and
    /// never past one byte more than `expected` (nor than the zip declares).
    /// `None` when the zip has no such entry.
    pub fn hash(&mut self, path: &str, expected: u64) -> Result<Option<Hashed>, ReadError> {
        let Some(entry) = self.entries.get(path).cloned() else {
            return Ok(None);
        };
        let mut hasher = HashWriter::default();
        self.stream(&entry, expected.min(entry.size), &mut hasher)?;
        Ok(Some(hasher.finish()))
    }

    /// The entry's bytes into `out`, stopping one byte past `most`.
    fn stream(&mut self, entry: &Entry, most: u64, out: &mut dyn Write) -> Result<(), ReadError> {
        let damaged = |e: &dyn std::fmt::Display| ReadError::Damaged {
            entry: Some(entry.name.clone()),
            why: e.to_string(),
        };
        let file = self.zip.by_index(entry.index).map_err(|e| damaged(&e))?;
        std::io::copy(&mut file.take(most.saturating_add(1)), out).map_err(|e| damaged(&e))?;
        Ok(())
    }
}

/// A `Write` that hashes what goes through it and counts it.
#[derive(Default)]
pub struct HashWriter {
    sha: Sha256,
    len: u64,
}

impl HashWriter {
    pub fn finish(self) -> Hashed {
        Hashed {
            sha256: crate::keys::hex(&self.sha.finalize()),
            len: self.len,
        }
    }
}

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.sha.update(buf);
        self.len += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A name that stays inside the folder a zip is unpacked to: not absolute,
/// no `..` part, no backslash, no drive, no NUL.
fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains(['\\', '\0'])
        && !name.split('/').any(|part| part == "..")
        && !name
            .split('/')
            .next()
            .is_some_and(|first| first.contains(':'))
}

/// The number of entries and the size of the central directory, from the
/// zip's end record (and its Zip64 record), read before the directory itself
/// so that a zip claiming millions of entries is refused before they are
/// listed in memory.
fn peek_directory(reader: &mut (impl Read + Seek)) -> Result<(u64, u64), ReadError> {
    let bad = |_| ReadError::NotAZip;
    let len = reader.seek(SeekFrom::End(0)).map_err(bad)?;
    let tail_len = len.min(22 + 65_535);
    reader.seek(SeekFrom::Start(len - tail_len)).map_err(bad)?;
    let mut tail = vec![0u8; tail_len as usize];
    reader.read_exact(&mut tail).map_err(bad)?;
    let at = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .ok_or(ReadError::NotAZip)?;
    let u16_at = |i: usize| u16::from_le_bytes([tail[at + i], tail[at + i + 1]]) as u64;
    let u32_at = |i: usize| {
        u32::from_le_bytes(tail[at + i..at + i + 4].try_into().unwrap_or_default()) as u64
    };
    let (count, directory) = (u16_at(10), u32_at(12));
    if count != 0xFFFF && directory != 0xFFFF_FFFF {
        return Ok((count, directory));
    }
    // Zip64: the locator just before the end record points to the record
    // with the real numbers.
    let locator = (len - tail_len + at as u64)
        .checked_sub(20)
        .ok_or(ReadError::NotAZip)?;
    let mut buf = [0u8; 20];
    reader.seek(SeekFrom::Start(locator)).map_err(bad)?;
    reader.read_exact(&mut buf).map_err(bad)?;
    if buf[..4] != [0x50, 0x4b, 0x06, 0x07] {
        return Ok((count, directory));
    }
    let record = u64::from_le_bytes(buf[8..16].try_into().unwrap_or_default());
    let mut rec = [0u8; 56];
    reader.seek(SeekFrom::Start(record)).map_err(bad)?;
    reader.read_exact(&mut rec).map_err(bad)?;
    if rec[..4] != [0x50, 0x4b, 0x06, 0x06] {
        return Err(ReadError::NotAZip);
    }
    let u64_at = |i: usize| u64::from_le_bytes(rec[i..i + 8].try_into().unwrap_or_default());
    Ok((u64_at(32), u64_at(40)))
}

/// Reads every file of the zip in `bytes` (folders are skipped), with the
/// checks of [`Bundle::open`]. For small zips (tests, tools): `norma verify`
/// streams instead.
pub fn read(bytes: &[u8]) -> Result<Unpacked, ReadError> {
    let mut bundle = Bundle::open(Cursor::new(bytes))?;
    let paths: Vec<String> = bundle.entries.keys().cloned().collect();
    let mut files = BTreeMap::new();
    for path in paths {
        let size = bundle.entries[&path].size;
        if let Some(data) = bundle.read_small(&path, size)? {
            files.insert(path, data);
        }
    }
    Ok(Unpacked {
        top: bundle.top,
        files,
    })
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
