//! Publishing an output folder: every file written to a spare folder beside
//! it, then swapped in whole, so a failed build (bad content, a template error,
//! a full disk) leaves the previous output exactly as it was.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::BuildError;
use crate::html::{Files, Sink};

/// The output must not be the project, an ancestor of it, or a folder of its
/// sources: replacing it would delete the author's work. Nor may it be a
/// link: the swap would write through it into whatever it points at.
pub fn refuse_unsafe_output(root: &Path, out: &Path) -> Result<(), BuildError> {
    if fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(BuildError::OutputIsLink(out.to_path_buf()));
    }
    // `..`, `/`: a folder with no name of its own is never an output.
    if out.file_name().is_none() {
        return Err(BuildError::UnsafeOutput(out.to_path_buf()));
    }
    let root = real(root);
    let out_abs = real(out);
    let protected = [
        root.clone(),
        root.join("content"),
        root.join("themes"),
        root.join("releases"),
        root.join("src"),
    ];
    if protected
        .iter()
        .any(|p| out_abs == *p || p.starts_with(&out_abs))
        || out_abs.starts_with(root.join("content"))
    {
        return Err(BuildError::UnsafeOutput(out.to_path_buf()));
    }
    Ok(())
}

/// `path` made absolute with its links, `.` and `..` resolved: wholly when it
/// exists, else its parent and then its name (a new output folder).
fn real(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Ok(real) = absolute.canonicalize() {
        return real;
    }
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => parent
            .canonicalize()
            .map(|c| c.join(name))
            .unwrap_or(absolute.clone()),
        _ => absolute,
    }
}

/// Writes every file of `files` into a staging folder beside `out`, then
/// swaps it in (see [`Staging`]).
pub fn publish(files: &Files, out: &Path, lang: crate::i18n::Lang) -> Result<(), BuildError> {
    let staging = Staging::begin(out, lang)?;
    let list: Vec<(&String, &Vec<u8>)> = files.iter().collect();
    // Creating files is the slow part: on every core.
    crate::parallel::map(&list, |(path, bytes)| staging.write(path, bytes));
    staging.finish().map(|_| ())
}

/// An output folder being replaced: files are written into a staging folder
/// beside `out` as they are made ([`Sink`]), and [`Staging::finish`] swaps it
/// in whole. Dropped without `finish` (a failed build), it leaves `out`
/// exactly as it was.
///
/// The staging folder is the output of the build before last, kept beside the
/// output as `.<out>.norma-spare`: overwriting files that exist costs a fraction
/// of creating new ones on most file systems, so each build rewrites the spare in
/// place, deletes what the new site no longer has, and swaps. The reader of `out`
/// sees the old site until the swap and the whole new one after it.
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    dir: PathBuf,
    /// Held until the swap: one build at a time writes beside `out`.
    _lock: fs::File,
    /// Every file written, by path from the site root.
    written: Mutex<HashSet<String>>,
    /// Folders already made in the staging folder.
    folders: Mutex<HashSet<PathBuf>>,
    /// The first write that failed; the others are not tried.
    failed: Mutex<Option<BuildError>>,
}

impl Staging {
    /// Takes the output's lock (waiting, with a message, for another build
    /// writing there) and prepares the staging folder.
    pub fn begin(out: &Path, lang: crate::i18n::Lang) -> Result<Staging, BuildError> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let fail = |p: &Path, e: io::Error| BuildError::Write(p.to_path_buf(), e);
        fs::create_dir_all(&parent).map_err(|e| fail(&parent, e))?;
        if out.exists() && !out.is_dir() {
            return Err(fail(
                out,
                io::Error::new(io::ErrorKind::AlreadyExists, "not a folder"),
            ));
        }
        // One build at a time writes beside `out`: another waits for it (two
        // builds writing into one spare folder would mix their sites). The lock
        // is the operating system's, on a file kept beside the output; it goes
        // with the process, however the process ends.
        let lock_path = parent.join(format!(".{name}.norma-lock"));
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| fail(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                eprintln!(
                    "{}",
                    lang.t(
                        format!(
                            "norma: otra compilación está escribiendo en {}; se espera a que termine…",
                            out.display()
                        ),
                        format!(
                            "norma: another build is writing into {}; waiting for it to finish…",
                            out.display()
                        ),
                    )
                );
                lock.lock().map_err(|e| fail(&lock_path, e))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(fail(&lock_path, e)),
        }
        let dir = parent.join(format!(".{name}.norma-spare"));
        // A spare that is a file or a link (never written through) is removed.
        if fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
            fs::remove_file(&dir).map_err(|e| fail(&dir, e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| fail(&dir, e))?;
        Ok(Staging {
            out: out.to_path_buf(),
            parent,
            dir,
            _lock: lock,
            written: Mutex::default(),
            folders: Mutex::default(),
            failed: Mutex::default(),
        })
    }

    /// Writes one file into the staging folder. A failure is kept for
    /// `finish` (named as the file will be in `out`), and later writes are
    /// skipped.
    pub fn write(&self, path: &str, bytes: &[u8]) {
        if lock(&self.failed).is_some() {
            return;
        }
        if let Err(e) = self.try_write(path, bytes) {
            lock(&self.failed).get_or_insert(e);
            return;
        }
        lock(&self.written).insert(path.to_owned());
    }

    fn try_write(&self, path: &str, bytes: &[u8]) -> Result<(), BuildError> {
        let fail = |p: &Path, e: io::Error| BuildError::Write(p.to_path_buf(), e);
        let target = self.dir.join(path);
        if let Some(folder) = target.parent() {
            let mut folders = lock(&self.folders);
            if !folders.contains(folder) {
                // The old site may have a file where this one has a folder.
                if folder.exists() && !folder.is_dir() {
                    fs::remove_file(folder).map_err(|e| fail(folder, e))?;
                }
                fs::create_dir_all(folder).map_err(|e| fail(folder, e))?;
                folders.insert(folder.to_path_buf());
            }
        }
        // … or a folder where this one has a file (`overwrite` says so).
        overwrite(&target, bytes).map_err(|e| fail(&self.out.join(path), e))
    }

    /// Removes what the previous site had and this one does not, syncs the
    /// staging folder to disk and swaps it in. Returns how many files the
    /// site has.
    pub fn finish(self) -> Result<usize, BuildError> {
        let fail = |p: &Path, e: io::Error| BuildError::Write(p.to_path_buf(), e);
        if let Some(e) = lock(&self.failed).take() {
            return Err(e);
        }
        let written = std::mem::take(&mut *lock(&self.written));
        remove_others(&self.dir, &written)?;
        let count = written.len();
        let (staging, out, parent) = (&self.dir, &self.out, &self.parent);
        // On disk before it is shown: a crash after the swap finds the whole site.
        sync(staging);
        if out.exists() && exchange(staging, out).is_ok() {
            // One atomic step: `out` is the new site and the spare holds the one
            // it replaced, the next build's staging folder. No reader ever finds
            // `out` missing.
            sync(parent);
            return Ok(count);
        }
        // Elsewhere (or on a file system without the exchange): two renames, with
        // a moment between them when `out` is missing.
        if out.exists() {
            let name = out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let old = parent.join(format!(".{name}.norma-old-{}", std::process::id()));
            let _ = fs::remove_dir_all(&old);
            fs::rename(out, &old).map_err(|e| fail(out, e))?;
            if let Err(e) = fs::rename(staging, out) {
                let _ = fs::rename(&old, out);
                return Err(fail(out, e));
            }
            // The site just replaced becomes the next build's staging folder.
            if fs::rename(&old, staging).is_err() {
                let _ = fs::remove_dir_all(&old);
            }
        } else {
            fs::rename(staging, out).map_err(|e| fail(out, e))?;
        }
        Ok(count)
    }
}

impl Sink for Staging {
    fn put(&self, path: String, bytes: Vec<u8>) {
        self.write(&path, &bytes);
    }
}

/// A lock whose holder may have panicked: the values behind it are replaced
/// whole, so they are still consistent.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Swaps two folders in one atomic step (Linux: renameat2 with
/// RENAME_EXCHANGE).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Writes to disk what the file system holding `dir` has in memory (Linux:
/// syncfs, one call for every file written; elsewhere the folder itself).
/// Best effort: a file system that cannot sync still gets its site.
fn sync(dir: &Path) {
    let Ok(folder) = fs::File::open(dir) else {
        return;
    };
    #[cfg(target_os = "linux")]
    let _ = rustix::fs::syncfs(&folder);
    #[cfg(not(target_os = "linux"))]
    let _ = folder.sync_all();
}

/// Removes from `dir` every file not in `kept` (paths from `dir`), then the
/// folders left empty (contents_first visits children before parents).
fn remove_others(dir: &Path, kept: &HashSet<String>) -> Result<(), BuildError> {
    let fail = |p: &Path, e: io::Error| BuildError::Write(p.to_path_buf(), e);
    for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if entry.file_type().is_dir() {
            if fs::read_dir(path).is_ok_and(|mut d| d.next().is_none()) {
                fs::remove_dir(path).map_err(|e| fail(path, e))?;
            }
            continue;
        }
        let relative = path
            .strip_prefix(dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if !kept.contains(&relative) {
            fs::remove_file(path).map_err(|e| fail(path, e))?;
        }
    }
    Ok(())
}

/// Writes `bytes` over the file at `path`, creating it if needed, or
/// replacing a folder of that name.
///
/// A file that already holds exactly `bytes` is left alone: the staging
/// folder is the site of the build before last, and most of its pages are
/// the same build after build. Reading a page back costs about what
/// writing it does, but a page not written is not made dirty, so the sync
/// before the swap has nothing of it to write to disk (on 10,000 units that
/// sync took 0.4 s when every page was written again), and it keeps its
/// disk blocks and its modification time (a web server's caches stay
/// valid). A file that changed is written over in place and cut to its new
/// length afterwards, unlike `fs::write`, which truncates first and frees
/// its blocks.
fn overwrite(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::{Seek, Write};
    let open = || {
        fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
    };
    let mut file = match open() {
        Ok(file) => file,
        Err(e) => {
            if !path.is_dir() {
                return Err(e);
            }
            fs::remove_dir_all(path)?;
            open()?
        }
    };
    let old = file.metadata()?.len();
    if old == bytes.len() as u64 {
        if holds(&mut file, bytes)? {
            return Ok(());
        }
        file.seek(io::SeekFrom::Start(0))?;
    }
    file.write_all(bytes)?;
    if old > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    Ok(())
}

/// Whether `file`, read from where it stands, holds exactly `bytes`
/// (compared a block at a time, without reading all of it into memory).
fn holds(file: &mut fs::File, bytes: &[u8]) -> io::Result<bool> {
    use std::io::Read;
    let mut block = [0u8; 16 * 1024];
    let mut at = 0;
    loop {
        let n = match file.read(&mut block) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(at == bytes.len());
        }
        if at + n > bytes.len() || block[..n] != bytes[at..at + n] {
            return Ok(false);
        }
        at += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_holds_the_bytes_already_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.html");
        overwrite(&path, b"the same page").unwrap();
        let written = fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        overwrite(&path, b"the same page").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), written);
        // Same length, other bytes: written.
        overwrite(&path, b"the SAME page").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"the SAME page");
        // Longer than a block, differing only at the end.
        let mut long = vec![b'a'; 40_000];
        overwrite(&path, &long).unwrap();
        *long.last_mut().unwrap() = b'b';
        overwrite(&path, &long).unwrap();
        assert_eq!(fs::read(&path).unwrap(), long);
        overwrite(&path, b"").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"");
    }

    #[test]
    fn a_folder_where_a_file_goes_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.html");
        fs::create_dir_all(path.join("inside")).unwrap();
        overwrite(&path, b"page").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"page");
    }

    #[test]
    fn overwriting_a_longer_file_leaves_no_tail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.html");
        overwrite(&path, b"a long old page").unwrap();
        overwrite(&path, b"short").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"short");
        overwrite(&path, b"longer than before").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"longer than before");
    }
}
