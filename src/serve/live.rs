//! The site `norma serve` is serving: the files of the last good build (in
//! memory, never written to disk), the problems of the last failed one, and the
//! wake-up of every open event stream when either changes. Also the rebuild
//! itself: load, check, resolve and render, with the pages whose context did
//! not change taken from the cache.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::diagnostic::{render_human, render_json};
use crate::document::Document;
use crate::html::{Files, PageCache, SharedFiles, SharedSink};
use crate::i18n::Lang;
use crate::pipeline::{BuildError, Checked, Frames, Kept, Reuse, Scope, Site};

/// What the browsers are told: the number of the last good build, the pages it
/// changed, and the errors of the last attempt (none when it succeeded).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Announcement {
    pub site: u64,
    pub changed: Vec<String>,
    pub problems: Option<Problems>,
}

/// Why the last rebuild failed, for the overlay.
#[derive(Debug, Clone, Serialize)]
pub struct Problems {
    /// As `norma check` prints them (file:line:col, the line, the hint).
    pub text: String,
    /// As `norma check --format json` writes them.
    pub items: serde_json::Value,
    pub title: String,
}

struct State {
    files: Arc<SharedFiles>,
    doc: Option<Arc<Document>>,
    pdfs: HashMap<String, Arc<Vec<u8>>>,
    announcement: Announcement,
    /// Every change of state, so that a waiting stream knows it missed none.
    serial: u64,
    /// The last announcements with their serial numbers: a stream that was busy
    /// while two came (the pages, then the search index) sends both.
    recent: std::collections::VecDeque<(u64, Announcement)>,
}

/// How many announcements are kept for streams that fall behind.
const RECENT: usize = 32;

impl State {
    fn announce(&mut self, announcement: Announcement) {
        self.serial += 1;
        self.announcement = announcement;
        self.recent
            .push_back((self.serial, self.announcement.clone()));
        if self.recent.len() > RECENT {
            self.recent.pop_front();
        }
    }
}

/// The site being served, shared by the HTTP threads and the rebuild loop.
pub struct Live {
    state: Mutex<State>,
    wake: Condvar,
    pub lang: Lang,
}

impl Live {
    pub fn new(lang: Lang) -> Live {
        Live {
            state: Mutex::new(State {
                files: Arc::new(SharedFiles::new()),
                doc: None,
                pdfs: HashMap::new(),
                announcement: Announcement::default(),
                serial: 0,
                recent: std::collections::VecDeque::new(),
            }),
            wake: Condvar::new(),
            lang,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A thread that panicked while holding the lock left consistent data:
        // every update below replaces whole values.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The files of the last good build.
    pub fn files(&self) -> Arc<SharedFiles> {
        self.lock().files.clone()
    }

    /// A new good build: its files replace the old ones and the browsers showing
    /// a changed page reload.
    pub fn publish(&self, files: SharedFiles, doc: Document, changed: Vec<String>) {
        let mut state = self.lock();
        state.files = Arc::new(files);
        state.doc = Some(Arc::new(doc));
        state.pdfs.clear();
        let site = state.announcement.site + 1;
        state.announce(Announcement {
            site,
            changed,
            problems: None,
        });
        self.wake.notify_all();
    }

    /// A failed build: the last good files stay, the browsers show the problems.
    pub fn fail(&self, problems: Problems) {
        let mut state = self.lock();
        let site = state.announcement.site;
        state.announce(Announcement {
            site,
            changed: Vec::new(),
            problems: Some(problems),
        });
        self.wake.notify_all();
    }

    /// The document of the last good build.
    pub fn document(&self) -> Option<Arc<Document>> {
        self.lock().doc.clone()
    }

    /// Replaces the files under `folder` of the last good build with `fresh`
    /// (the search index, built after the pages), if `doc` is still its
    /// document (a later build has its own); pages showing them are told.
    pub fn replace_folder(&self, doc: &Arc<Document>, folder: &str, fresh: Files) {
        let mut state = self.lock();
        if !state.doc.as_ref().is_some_and(|d| Arc::ptr_eq(d, doc)) {
            return;
        }
        let mut files = (*state.files).clone();
        let mut changed: Vec<String> = Vec::new();
        files.retain(|path, _| {
            let keep = !path.starts_with(folder) || fresh.contains_key(path);
            if !keep {
                changed.push(path.clone());
            }
            keep
        });
        for (path, bytes) in fresh {
            if files.get(&path).is_none_or(|old| **old != bytes) {
                changed.push(path.clone());
                files.insert(path, Arc::new(bytes));
            }
        }
        if changed.is_empty() {
            return;
        }
        changed.sort();
        state.files = Arc::new(files);
        let site = state.announcement.site + 1;
        state.announce(Announcement {
            site,
            changed,
            problems: None,
        });
        self.wake.notify_all();
    }

    /// The current announcement and its serial number.
    pub fn now(&self) -> (u64, Announcement) {
        let state = self.lock();
        (state.serial, state.announcement.clone())
    }

    /// Waits until the state moves past `seen`, or `timeout` passes (empty),
    /// and returns every announcement since `seen`, oldest first. A stream that
    /// fell further behind than the ones kept gets the latest, with its list of
    /// changed files emptied: pages then reload, as they do when they do not
    /// know what changed.
    pub fn wait_after(&self, seen: u64, timeout: Duration) -> Vec<(u64, Announcement)> {
        let state = self.lock();
        let (state, _) = self
            .wake
            .wait_timeout_while(state, timeout, |s| s.serial <= seen)
            .unwrap_or_else(|e| e.into_inner());
        if state.serial <= seen {
            return Vec::new();
        }
        let kept_from = state.recent.front().map_or(u64::MAX, |(n, _)| *n);
        if kept_from > seen + 1 {
            let mut latest = state.announcement.clone();
            latest.changed.clear();
            return vec![(state.serial, latest)];
        }
        state
            .recent
            .iter()
            .filter(|(n, _)| *n > seen)
            .cloned()
            .collect()
    }

    /// The PDF at `path`, printed the first time it is asked for after each
    /// build (printing every PDF on every save would slow the preview down).
    /// `None`: no manual has its PDF there; an error: it could not be made.
    pub fn pdf(&self, path: &str) -> Option<Result<Arc<Vec<u8>>, String>> {
        let doc = {
            let state = self.lock();
            if let Some(pdf) = state.pdfs.get(path) {
                return Some(Ok(pdf.clone()));
            }
            state.doc.clone()?
        };
        let pdf = match Site::print_one(&doc, path)? {
            Ok(pdf) => Arc::new(pdf.bytes),
            Err(e) => return Some(Err(e.message(self.lang))),
        };
        let mut state = self.lock();
        // Keep it only if no build replaced the document meanwhile.
        if state.doc.as_ref().is_some_and(|d| Arc::ptr_eq(d, &doc)) {
            state.pdfs.insert(path.to_owned(), pdf.clone());
        }
        Some(Ok(pdf))
    }
}

/// What one rebuild did.
pub enum Rebuilt {
    Site {
        files: SharedFiles,
        doc: Box<Document>,
        /// Files whose bytes differ from the last good build's.
        changed: Vec<String>,
        rendered: usize,
        pages: usize,
        /// Warnings, as `norma check` prints them.
        warnings: Option<String>,
    },
    Failed(Problems),
}

/// Rebuilds the project at `root`, keeping what it can from the last time.
pub struct Builder {
    root: PathBuf,
    drafts: bool,
    cache: PageCache,
    /// What the last load and check made of the entry files.
    kept: Kept,
    /// What the last resolve may leave to the next: `pending` until its
    /// document is published, then `reuse` with that document.
    pending: Option<Frames>,
    reuse: Option<Reuse>,
    /// The files the last build read, when it failed on their content.
    failed_on: Option<crate::source::Sources>,
    last: Option<Arc<SharedFiles>>,
    color: bool,
    /// The project's language, as of the last time it loaded.
    pub lang: Lang,
}

impl Builder {
    pub fn new(root: &Path, drafts: bool, color: bool) -> Builder {
        Builder {
            root: root.to_owned(),
            drafts,
            cache: PageCache::default(),
            kept: Kept::default(),
            pending: None,
            reuse: None,
            failed_on: None,
            last: None,
            color,
            lang: Lang::Es,
        }
    }

    /// The files of the last good build, to tell what changed.
    pub fn remember(&mut self, files: Arc<SharedFiles>) {
        self.last = Some(files);
    }

    /// The document of the last good build, once published: the next build
    /// takes the pages of the units that did not change without making their
    /// values again (`html::PageCache::remember`).
    pub fn remember_document(&mut self, doc: Arc<Document>) {
        self.reuse = self.pending.take().map(|f| Reuse::new(f, doc.clone()));
        self.cache.remember(doc);
    }

    /// Whether the last build, which failed, may have read one of the saved
    /// `paths` while it was still being written: it read it empty, or its
    /// text now is not what it read. Then the failure is worth waiting a
    /// moment for the rest of the save (`watch::SETTLE`); a failure on files
    /// that are whole is shown at once. A failure before anything was read
    /// is always waited for.
    pub fn read_mid_save(&self, paths: &[PathBuf]) -> bool {
        let Some(sources) = &self.failed_on else {
            return true;
        };
        let root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        let read: std::collections::HashMap<&str, &str> = sources
            .iter()
            .map(|f| (f.path.as_str(), f.text.as_str()))
            .collect();
        paths.iter().any(|path| {
            let Some(shown) = path
                .strip_prefix(&root)
                .ok()
                .map(|p| crate::source::display_path(Path::new(""), p))
            else {
                return false;
            };
            match (read.get(shown.as_str()), std::fs::read_to_string(path)) {
                (Some(was), Ok(now)) => {
                    was.is_empty() || now.trim_start_matches('\u{feff}') != *was
                }
                // Read then, gone or unreadable now: being replaced.
                (Some(_), Err(_)) => true,
                // Not read by the build (deleted, or not the project's).
                (None, _) => false,
            }
        })
    }

    /// Builds again. `theme_changed` empties the page cache (a template may
    /// have changed what any page looks like).
    pub fn build(&mut self, theme_changed: bool) -> (Rebuilt, Duration) {
        let started = Instant::now();
        let rebuilt = self.try_build(theme_changed);
        (rebuilt, started.elapsed())
    }

    fn try_build(&mut self, theme_changed: bool) -> Rebuilt {
        if theme_changed {
            self.cache.clear();
        }
        self.pending = None;
        self.failed_on = None;
        let laps = crate::pipeline::Laps::restart();
        let mut lang = self.lang;
        let mut site = match Site::load_again(&self.root, Some(&mut self.kept)) {
            Ok(site) => {
                lang = site.lang();
                self.lang = lang;
                site
            }
            Err(e) => {
                let text = e.message(lang);
                return Rebuilt::Failed(Problems {
                    title: lang.t(
                        "No se pudo cargar el proyecto",
                        "The project could not be loaded",
                    ),
                    items: serde_json::json!([{ "message": text }]),
                    text,
                });
            }
        };
        let problems = |checked: &Checked, lang: Lang| {
            let errors = checked.diagnostics.errors();
            let count = errors.len();
            Problems {
                title: lang.t(
                    format!(
                        "{count} {} al guardar: se muestran las páginas anteriores",
                        if count == 1 { "error" } else { "errores" }
                    ),
                    format!(
                        "{count} {} on save: showing the previous pages",
                        if count == 1 { "error" } else { "errors" }
                    ),
                ),
                text: render_human(&errors, &checked.project.sources, lang, false, ""),
                items: serde_json::from_str(&render_json(&errors, &checked.project.sources))
                    .unwrap_or_default(),
            }
        };
        laps.lap("checked");
        if site.has_errors() {
            let failed = Rebuilt::Failed(problems(&site.checked, lang));
            self.failed_on = Some(std::mem::take(&mut site.checked.project.sources));
            return failed;
        }
        let warnings = (!site.checked.diagnostics.is_empty()).then(|| {
            render_human(
                &site.checked.diagnostics,
                &site.checked.project.sources,
                lang,
                self.color,
                "",
            )
        });
        // PDFs are printed when asked for (see `Live::pdf`), not on every save.
        let (doc, frames) = site.resolve_again(Scope::everyone(self.drafts), self.reuse.as_ref());
        self.pending = Some(frames);
        laps.lap("resolved");
        let sink = SharedSink::default();
        let rendered = site.render_into(&doc, Some(&mut self.cache), &|_| {}, &sink);
        laps.lap("rendered");
        let mut files = sink.into_files();
        let counts = match rendered {
            Ok(counts) => counts,
            Err(BuildError::Content) => {
                self.cache.clear();
                let failed = Rebuilt::Failed(problems(&site.checked, lang));
                self.failed_on = Some(std::mem::take(&mut site.checked.project.sources));
                return failed;
            }
            Err(e) => {
                self.cache.clear();
                let text = e.message(lang);
                return Rebuilt::Failed(Problems {
                    title: lang.t(
                        "No se pudieron generar las páginas",
                        "The pages could not be rendered",
                    ),
                    items: serde_json::json!([{ "message": text }]),
                    text,
                });
            }
        };
        // Until the new index is built (after the pages are published), the
        // last one stays.
        if let Some(last) = self.last.as_ref() {
            for (path, bytes) in last.range(crate::search::FOLDER.to_owned()..) {
                if !path.starts_with(crate::search::FOLDER) {
                    break;
                }
                files.insert(path.clone(), bytes.clone());
            }
        }
        // New or different files, and those that are gone (a page open on a
        // unit whose file was deleted reloads into "not found").
        let mut changed: Vec<String> = files
            .iter()
            .filter(|(path, bytes)| {
                self.last.as_ref().is_none_or(|last| {
                    // A page from the cache is the same bytes: no need to compare them.
                    last.get(*path)
                        .is_none_or(|old| !Arc::ptr_eq(old, bytes) && old != *bytes)
                })
            })
            .map(|(path, _)| path.clone())
            .collect();
        if let Some(last) = &self.last {
            changed.extend(last.keys().filter(|p| !files.contains_key(*p)).cloned());
        }
        laps.lap("compared");
        Rebuilt::Site {
            changed,
            rendered: counts.rendered,
            pages: counts.pages,
            files,
            doc: Box::new(doc),
            warnings,
        }
    }
}
