//! Which file events start a rebuild: saves under `content/`, `themes/` and
//! `releases/`, and to `norma.yaml`, gathered by notify-debouncer-full so that
//! an editor's save (write a temporary file, rename it over the old one) is one
//! rebuild, not three. Reading a file (norma's own loader does) is not a change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// How long the events of one save are gathered before the rebuild starts.
const GATHER: Duration = Duration::from_millis(40);
/// How long after a failed build the events of a save still being written
/// can take to arrive (the gathering, and the debouncer's tick of a quarter
/// of it, twice over): a failure is shown only when none come.
pub const SETTLE: Duration = Duration::from_millis(100);

/// Watches the project at `root`; each batch of relevant paths goes to `changes`.
/// The watch lasts as long as the returned debouncer.
pub fn watch(
    root: &Path,
    changes: Sender<Vec<PathBuf>>,
) -> notify::Result<Debouncer<notify::RecommendedWatcher, RecommendedCache>> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
    let filter_root = root.clone();
    let mut debouncer = new_debouncer(GATHER, None, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let paths: Vec<PathBuf> = events
            .iter()
            .filter(|e| is_change(&e.kind))
            .flat_map(|e| e.paths.iter())
            .filter(|p| is_watched(&filter_root, p))
            .cloned()
            .collect();
        if !paths.is_empty() {
            let _ = changes.send(paths);
        }
    })?;
    // The root itself, not recursively: norma.yaml, and content/ or themes/
    // appearing later.
    debouncer.watch(&root, RecursiveMode::NonRecursive)?;
    for folder in ["content", "themes", "releases"] {
        let path = root.join(folder);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(debouncer)
}

/// A write, a new file, a removal or a rename; not a read.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// A file of the project that a build reads, not an editor's scratch file.
pub fn is_watched(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let scratch = name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913";
    if scratch {
        return false;
    }
    let mut parts = relative.components();
    match parts.next().and_then(|c| c.as_os_str().to_str()) {
        Some("norma.yaml") => parts.next().is_none(),
        Some("content" | "themes" | "releases") => true,
        _ => false,
    }
}

/// Whether a change to these paths may change how every page looks (the
/// theme, or the project's settings).
pub fn touches_theme(root: &Path, paths: &[PathBuf]) -> bool {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
    paths
        .iter()
        .any(|p| p.starts_with(root.join("themes")) || p == &root.join("norma.yaml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_and_settings_are_watched_and_scratch_files_are_not() {
        let root = Path::new("/p");
        assert!(is_watched(root, Path::new("/p/content/mo/units/7.1.yaml")));
        assert!(is_watched(root, Path::new("/p/norma.yaml")));
        assert!(is_watched(
            root,
            Path::new("/p/themes/x/templates/base.html")
        ));
        assert!(!is_watched(root, Path::new("/p/public/index.html")));
        assert!(!is_watched(
            root,
            Path::new("/p/content/mo/units/.7.1.yaml.swp")
        ));
        assert!(!is_watched(
            root,
            Path::new("/p/content/mo/units/7.1.yaml~")
        ));
        assert!(!is_watched(root, Path::new("/p/content/mo/units/4913")));
        assert!(!is_watched(root, Path::new("/elsewhere/norma.yaml")));
    }
}
