//! Publishing an output folder: every file written to a spare folder beside
//! it, then swapped in whole, so a failed build (bad content, a template error,
//! a full disk) leaves the previous output exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::BuildError;
use crate::html::Files;

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

/// Writes every file into a staging folder beside `out`, then swaps it in.
///
/// The staging folder is the output of the build before last, kept beside the
/// output as `.<out>.norma-spare`: overwriting files that exist costs a fraction
/// of creating new ones on most file systems, so each build rewrites the spare in
/// place, deletes what the new site no longer has, and swaps. The reader of `out`
/// sees the old site until the swap and the whole new one after it; a build that
/// fails before the swap leaves `out` untouched.
pub fn publish(files: &Files, out: &Path, lang: crate::i18n::Lang) -> Result<(), BuildError> {
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
    let staging = parent.join(format!(".{name}.norma-spare"));
    let old = parent.join(format!(".{name}.norma-old-{}", std::process::id()));
    // A spare that is a file or a link (never written through) is removed.
    if fs::symlink_metadata(&staging).is_ok_and(|m| !m.is_dir()) {
        fs::remove_file(&staging).map_err(|e| fail(&staging, e))?;
    }
    fs::create_dir_all(&staging).map_err(|e| fail(&staging, e))?;
    write_tree(files, &staging, out)?;
    // On disk before it is shown: a crash after the swap finds the whole site.
    sync(&staging);
    if out.exists() && exchange(&staging, out).is_ok() {
        // One atomic step: `out` is the new site and the spare holds the one
        // it replaced, the next build's staging folder. No reader ever finds
        // `out` missing.
        sync(&parent);
        return Ok(());
    }
    // Elsewhere (or on a file system without the exchange): two renames, with
    // a moment between them when `out` is missing.
    if out.exists() {
        let _ = fs::remove_dir_all(&old);
        fs::rename(out, &old).map_err(|e| fail(out, e))?;
        if let Err(e) = fs::rename(&staging, out) {
            let _ = fs::rename(&old, out);
            return Err(fail(out, e));
        }
        // The site just replaced becomes the next build's staging folder.
        if fs::rename(&old, &staging).is_err() {
            let _ = fs::remove_dir_all(&old);
        }
    } else {
        fs::rename(&staging, out).map_err(|e| fail(out, e))?;
    }
    Ok(())
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

/// Makes `dir` hold exactly `files`: writes each one, then removes any file and
/// folder not among them. Errors name the file as it will be in `out`.
fn write_tree(files: &Files, dir: &Path, out: &Path) -> Result<(), BuildError> {
    let fail = |p: &Path, e: io::Error| BuildError::Write(p.to_path_buf(), e);
    let mut folders = std::collections::BTreeSet::new();
    for path in files.keys() {
        let target = dir.join(path);
        if let Some(folder) = target.parent()
            && folders.insert(folder.to_path_buf())
        {
            if folder.exists() && !folder.is_dir() {
                fs::remove_file(folder).map_err(|e| fail(folder, e))?;
            }
            fs::create_dir_all(folder).map_err(|e| fail(folder, e))?;
        }
        if target.is_dir() {
            fs::remove_dir_all(&target).map_err(|e| fail(&target, e))?;
        }
    }
    // The files themselves on every core: creating files is the slow part.
    let list: Vec<(&String, &Vec<u8>)> = files.iter().collect();
    let written = crate::parallel::map(&list, |(path, bytes)| {
        overwrite(&dir.join(path), bytes).map_err(|e| fail(&out.join(path), e))
    });
    for result in written {
        result?;
    }
    // What the previous site had and this one does not: files first, then the
    // folders they leave empty (contents_first visits children before parents).
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
        if !files.contains_key(&relative) {
            fs::remove_file(path).map_err(|e| fail(path, e))?;
        }
    }
    Ok(())
}

/// Writes `bytes` over the file at `path`, creating it if needed. Unlike
/// `fs::write`, the old file is not truncated first but cut to the new length
/// afterwards: a page that keeps its size (most of them, build after build) keeps
/// its disk blocks instead of freeing and allocating them again.
fn overwrite(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

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
