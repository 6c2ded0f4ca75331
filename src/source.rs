//! The files norma has read, and positions inside them.
//!
//! Every value that a message may point at carries a [`Loc`]: the file it came from
//! (an index into [`Sources`]), a 1-based line and column, and the byte range. The
//! texts are kept so that the human renderer can print the offending line with a
//! caret under it, and so that references found inside a YAML scalar can be located
//! precisely in the file. This module does not read files; the loader does.

use std::path::{Path, PathBuf};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A position in a source file: where a value starts and how many bytes it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Loc {
    pub file: FileId,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub col: u32,
    /// Byte offset of the start in the file, when known.
    pub offset: Option<u32>,
    /// Length in bytes, for the underline; 0 when unknown.
    pub len: u32,
}

impl Loc {
    /// The start of a file: for problems with the file as a whole.
    pub fn file_start(file: FileId) -> Loc {
        Loc {
            file,
            line: 1,
            col: 1,
            offset: Some(0),
            len: 0,
        }
    }
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub at: Loc,
}

impl<T> Located<T> {
    pub fn new(value: T, at: Loc) -> Self {
        Located { value, at }
    }
}

impl Located<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// One file that was read: its path relative to the project root (with `/`), and
/// its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub absolute: PathBuf,
    /// Shared, so `norma serve` keeps a file's text between loads without
    /// copying it.
    pub text: std::sync::Arc<String>,
    /// Byte offsets of the lines (a file is at most 10 MB: `u32` holds them).
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let index = (line as usize).checked_sub(1)?;
        let start = *self.line_starts.get(index)? as usize;
        let end = self
            .line_starts
            .get(index + 1)
            .map(|&e| e as usize)
            .unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_index] as usize;
        let col = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count();
        (line_index as u32 + 1, col as u32 + 1)
    }

    /// A location for a byte range of this file.
    pub fn loc_of_range(&self, id: FileId, offset: usize, len: usize) -> Loc {
        let (line, col) = self.line_col(offset);
        Loc {
            file: id,
            line,
            col,
            offset: Some(offset as u32),
            len: len as u32,
        }
    }
}

/// The char boundary at or before `offset` (clamped to the text).
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Every file read while loading a project.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: String, absolute: PathBuf, text: String) -> FileId {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        self.files.push(SourceFile {
            path,
            absolute,
            text: std::sync::Arc::new(text),
            line_starts,
        });
        FileId(self.files.len() as u32 - 1)
    }

    /// Adds a file read before (its text shared, its lines not counted again).
    pub fn add_again(&mut self, file: &SourceFile) -> FileId {
        self.files.push(file.clone());
        FileId(self.files.len() as u32 - 1)
    }

    /// Every file read, in the order of their ids.
    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }

    /// The id the next file added gets.
    pub fn next_id(&self) -> FileId {
        FileId(self.files.len() as u32)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn path(&self, id: FileId) -> &str {
        &self.get(id).path
    }

    /// The files read from inside `dir` (absolute), in the order they were read,
    /// with their paths relative to it (`units/7.3.1.1.yaml`).
    pub fn under(&self, dir: &Path) -> Vec<(String, &SourceFile)> {
        self.files
            .iter()
            .filter_map(|f| {
                let relative = f.absolute.strip_prefix(dir).ok()?;
                Some((display_path(Path::new(""), relative), f))
            })
            .collect()
    }

    /// Frees the text of every file but those `keep` names, once nothing
    /// will read them again (a build, after resolving: what is printed
    /// afterwards quotes only the files with findings). Their paths stay.
    pub fn release_text(&mut self, keep: impl Fn(FileId) -> bool) {
        for (i, f) in self.files.iter_mut().enumerate() {
            if !keep(FileId(i as u32)) {
                f.text = Default::default();
                f.line_starts = vec![0];
            }
        }
    }

    pub fn find(&self, relative: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == relative)
            .map(|i| FileId(i as u32))
    }
}

/// The path of `path` relative to `root`, with forward slashes, as messages show it.
pub fn display_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The SHA-256 of `bytes`, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// Files of the project's theme folder (`themes/<theme>/`), read like content:
/// never through a link that leaves the project, never over the size limit.
#[derive(Debug, Default)]
pub struct ThemeFiles {
    /// `base.html` → its source, under `templates/`.
    pub templates: Vec<(String, FileId)>,
    /// `norma.css`, `fonts/x.woff2` → bytes, under `static/`.
    pub statics: Vec<(String, Vec<u8>)>,
}
