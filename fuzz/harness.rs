//! What the fuzzer (examples/fuzz.rs) and the replay of its regression inputs
//! (tests/fuzz.rs) share: the input format, the base projects inputs are laid
//! over, and one pass of the pipeline on an input with what counts as a bug.
//!
//! An input is a base project (a folder of the repository: the example project
//! `.`, `tests/fixtures/valid`, or a broken fixture laid over it) and a list of
//! changes to its files. As text (`.in` files, fuzz/README.md):
//!
//! ```text
//! norma-fuzz 1
//! base tests/fixtures/valid
//! write content/mo/units/2.1.yaml 12
//! code: "2.1"
//! remove content/mo/units/2.2.yaml
//! expect E-YAML-SYNTAX
//! ```
//!
//! `write PATH N` is followed by exactly N bytes (any bytes) and a newline;
//! `expect CODE` lines are for regression inputs: the pass must report that
//! code (the bug's fix said it in words rather than failing); a `pdf` line
//! has the pass print the PDFs too.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use norma::diagnostic::codes;
use norma::pipeline::{BuildError, Scope, Site};

/// A project's files: path relative to its root → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Write(String, Vec<u8>),
    Remove(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// A folder of the repository, relative to its root.
    pub base: String,
    pub changes: Vec<Change>,
    /// Codes the pass must report (regression inputs).
    pub expect: Vec<String>,
    /// The pass prints the PDFs too (a `pdf` line).
    pub pdf: bool,
}

impl Input {
    pub fn new(base: &str) -> Input {
        Input {
            base: base.to_owned(),
            changes: Vec::new(),
            expect: Vec::new(),
            pdf: false,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("norma-fuzz 1\nbase {}\n", self.base).into_bytes();
        for change in &self.changes {
            match change {
                Change::Write(path, bytes) => {
                    out.extend(format!("write {path} {}\n", bytes.len()).bytes());
                    out.extend(bytes);
                    out.push(b'\n');
                }
                Change::Remove(path) => out.extend(format!("remove {path}\n").bytes()),
            }
        }
        for code in &self.expect {
            out.extend(format!("expect {code}\n").bytes());
        }
        if self.pdf {
            out.extend(b"pdf\n");
        }
        out
    }

    pub fn parse(bytes: &[u8]) -> Result<Input, String> {
        let mut rest = bytes;
        let mut line = || -> Option<String> {
            if rest.is_empty() {
                return None;
            }
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let text = String::from_utf8_lossy(&rest[..end]).into_owned();
            rest = &rest[(end + 1).min(rest.len())..];
            Some(text)
        };
        if line().as_deref() != Some("norma-fuzz 1") {
            return Err("not a norma-fuzz 1 input".into());
        }
        let base = line()
            .and_then(|l| l.strip_prefix("base ").map(str::to_owned))
            .ok_or("the second line must be «base FOLDER»")?;
        let mut input = Input::new(&base);
        while !rest.is_empty() {
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let head = String::from_utf8_lossy(&rest[..end]).into_owned();
            rest = &rest[(end + 1).min(rest.len())..];
            if head.trim().is_empty() {
                continue;
            }
            if let Some(spec) = head.strip_prefix("write ") {
                let (path, len) = spec.rsplit_once(' ').ok_or("write PATH LENGTH")?;
                let len: usize = len.parse().map_err(|_| format!("bad length in «{head}»"))?;
                if len > rest.len() {
                    return Err(format!("«{head}»: only {} bytes follow", rest.len()));
                }
                input
                    .changes
                    .push(Change::Write(path.to_owned(), rest[..len].to_vec()));
                rest = &rest[len..];
                if rest.first() == Some(&b'\n') {
                    rest = &rest[1..];
                }
            } else if let Some(path) = head.strip_prefix("remove ") {
                input.changes.push(Change::Remove(path.to_owned()));
            } else if head.trim() == "pdf" {
                input.pdf = true;
            } else if let Some(code) = head.strip_prefix("expect ") {
                input.expect.push(code.trim().to_owned());
            } else {
                return Err(format!("unknown line «{head}»"));
            }
        }
        Ok(input)
    }

    /// The base's files with the changes applied.
    pub fn files(&self, bases: &Bases) -> Result<Files, String> {
        let mut files = bases.get(&self.base)?.clone();
        for change in &self.changes {
            match change {
                Change::Write(path, bytes) => {
                    files.insert(path.clone(), bytes.clone());
                }
                Change::Remove(path) => {
                    files.remove(path);
                }
            }
        }
        Ok(files)
    }
}

/// The base projects, read once from the repository.
pub struct Bases {
    repo: PathBuf,
    loaded: Mutex<BTreeMap<String, &'static Files>>,
}

impl Bases {
    pub fn new(repo: &Path) -> Bases {
        Bases {
            repo: repo.to_path_buf(),
            loaded: Mutex::new(BTreeMap::new()),
        }
    }

    /// Every base the fuzzer starts from: the example project, the valid
    /// fixture and each broken fixture that is an overlay (those made at run
    /// time, `setup`, are left out).
    pub fn all(&self) -> Vec<String> {
        let mut out = vec![".".to_owned(), "tests/fixtures/valid".to_owned()];
        if let Ok(entries) = fs::read_dir(self.repo.join("tests/fixtures/broken")) {
            let mut cases: Vec<String> = entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().join("overlay").is_dir())
                .map(|e| format!("tests/fixtures/broken/{}", e.file_name().to_string_lossy()))
                .collect();
            cases.sort();
            out.extend(cases);
        }
        out
    }

    pub fn get(&self, base: &str) -> Result<&'static Files, String> {
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(files) = loaded.get(base) {
            return Ok(files);
        }
        let files: &'static Files = Box::leak(Box::new(self.read(base)?));
        loaded.insert(base.to_owned(), files);
        Ok(files)
    }

    fn read(&self, base: &str) -> Result<Files, String> {
        if base.split('/').any(|part| part == "..") {
            return Err(format!("base «{base}» climbs out of the repository"));
        }
        let dir = self.repo.join(base);
        let mut files = Files::new();
        if dir.join("overlay").is_dir() {
            // A broken fixture: the valid fixture, its overlay, its removals.
            read_tree(&self.repo.join("tests/fixtures/valid"), "", &mut files);
            read_tree(&dir.join("overlay"), "", &mut files);
            if let Ok(remove) = fs::read_to_string(dir.join("remove")) {
                for path in remove.lines().filter(|l| !l.is_empty()) {
                    let prefix = format!("{path}/");
                    files.retain(|p, _| p != path && !p.starts_with(&prefix));
                }
            }
        } else if base == "." {
            // The example project: only what the loader reads.
            read_tree(&dir, "", &mut files);
            files.retain(|p, _| {
                p == "norma.yaml"
                    || p.starts_with("content/")
                    || p.starts_with("releases/")
                    || p == "norma-signing.pub"
            });
        } else {
            read_tree(&dir, "", &mut files);
        }
        if !files.contains_key("norma.yaml") {
            return Err(format!("base «{base}» has no norma.yaml"));
        }
        Ok(files)
    }
}

fn read_tree(dir: &Path, prefix: &str, files: &mut Files) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let rel = format!("{prefix}{name}");
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if matches!(name.as_str(), "target" | "public" | ".git" | "dist") {
                continue;
            }
            read_tree(&path, &format!("{rel}/"), files);
        } else if kind.is_file()
            && let Ok(bytes) = fs::read(&path)
        {
            files.insert(rel, bytes);
        }
    }
}

/// Writes `files` as a project at `root` (emptied first). A path that would
/// climb out of `root` is skipped.
pub fn materialize(files: &Files, root: &Path) -> std::io::Result<()> {
    if root.exists() {
        fs::remove_dir_all(root)?;
    }
    fs::create_dir_all(root)?;
    for (path, bytes) in files {
        if path.is_empty()
            || path.starts_with('/')
            || path
                .split('/')
                .any(|p| p == ".." || p == "." || p.is_empty())
        {
            continue;
        }
        let target = root.join(path);
        if let Some(parent) = target.parent()
            && fs::create_dir_all(parent).is_err()
        {
            continue; // a file where a folder should be: the mutation's problem
        }
        let _ = fs::write(&target, bytes);
    }
    Ok(())
}

/// What one pass found wrong: a bug in norma, not in the input.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Short and stable, to tell one bug from another: `panic at src/x.rs:10`.
    pub key: String,
    pub detail: String,
}

/// What one pass did, for the fuzzer to tell new behaviour from old.
#[derive(Debug, Default)]
pub struct Outcome {
    pub features: BTreeSet<String>,
    pub codes: BTreeSet<String>,
    pub finding: Option<Finding>,
}

/// The last panic's message and place, recorded by [`install_panic_hook`].
static LAST_PANIC: Mutex<Option<(String, String)>> = Mutex::new(None);

/// Panics are caught and reported as findings; the hook records where they
/// happened (the payload alone does not say) instead of printing them.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        // Where in norma: the first of its functions on the stack (a panic
        // inside the standard library says little by its own place).
        let trace = std::backtrace::Backtrace::force_capture().to_string();
        let frame = trace
            .lines()
            .filter_map(|l| l.trim().split_once(": ").map(|(_, f)| f.trim()))
            .find(|f| f.starts_with("norma::"))
            .map(|f| format!(" in {f}"))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some((format!("{place}{frame}"), message));
        }
    }));
}

fn last_panic() -> (String, String) {
    LAST_PANIC
        .lock()
        .ok()
        .and_then(|mut l| l.take())
        .unwrap_or_default()
}

fn panic_finding(stage: &str) -> Finding {
    let (place, message) = last_panic();
    // The place without the column or the registry's version folder.
    let short = place
        .rsplit_once("/src/")
        .map(|(crate_dir, rest)| {
            let krate = crate_dir.rsplit('/').next().unwrap_or("");
            format!("{krate}/src/{rest}")
        })
        .unwrap_or(place.clone());
    Finding {
        key: format!("panic in {stage} at {short}"),
        detail: format!("panic in {stage} at {place}: {message}"),
    }
}

/// Loads the project at `root`, checks it and, when it has no errors,
/// resolves it and renders the site in memory (and prints the PDFs with
/// `pdf`). Nothing is written. Panics anywhere, a failure of the default
/// theme or of the PDF writer, and diagnostics without a code, a place or a
/// message are findings.
pub fn run(root: &Path, pdf: bool, has_theme: bool) -> Outcome {
    let mut outcome = Outcome::default();
    let loaded = catch_unwind(AssertUnwindSafe(|| Site::load(root)));
    let mut site = match loaded {
        Err(_) => {
            outcome.finding = Some(panic_finding("load/check"));
            return outcome;
        }
        Ok(Err(e)) => {
            outcome.features.insert("load-error".into());
            if e.message(norma::i18n::Lang::Es).trim().is_empty() {
                outcome.finding = Some(Finding {
                    key: "load error without a message".into(),
                    detail: format!("{e:?}"),
                });
            }
            return outcome;
        }
        Ok(Ok(site)) => site,
    };
    if let Some(finding) = inspect_diagnostics(&site, &mut outcome) {
        outcome.finding = Some(finding);
        return outcome;
    }
    if site.has_errors() {
        outcome.features.insert("has-errors".into());
        return outcome;
    }
    for drafts in [false, true] {
        let doc = match catch_unwind(AssertUnwindSafe(|| site.resolve(Scope::everyone(drafts)))) {
            Ok(doc) => doc,
            Err(_) => {
                outcome.finding = Some(panic_finding("resolve"));
                return outcome;
            }
        };
        outcome
            .features
            .insert(format!("manuals-{}", doc.manuals.len().min(8)));
        match site.render(&doc, None, &|_| {}) {
            Ok((files, counts)) => {
                outcome.features.insert(format!(
                    "pages-{}",
                    usize::BITS - counts.pages.leading_zeros()
                ));
                outcome.features.insert(format!(
                    "files-{}",
                    usize::BITS - files.len().leading_zeros()
                ));
            }
            Err(BuildError::Internal { detail, .. }) => {
                let mut finding = panic_finding("render");
                finding.detail.push_str(&format!(" ({detail})"));
                outcome.finding = Some(finding);
                return outcome;
            }
            Err(BuildError::Content) => {
                // A template failed on a page: the project's own theme may;
                // the default theme must not, whatever the content.
                let failed: Vec<String> = site
                    .checked
                    .diagnostics
                    .iter()
                    .map(|d| format!("{}: {}", d.code, d.message))
                    .collect();
                outcome.features.insert("render-failed".into());
                if !has_theme {
                    outcome.finding = Some(Finding {
                        key: "the default theme fails on a page".into(),
                        detail: failed.join("\n"),
                    });
                }
                return outcome;
            }
            Err(other) => {
                outcome.finding = Some(Finding {
                    key: "render error".into(),
                    detail: other.message(norma::i18n::Lang::Es),
                });
                return outcome;
            }
        }
        if pdf && !drafts {
            match site.print(&doc) {
                Ok(pdfs) => {
                    outcome
                        .features
                        .insert(format!("pdfs-{}", pdfs.len().min(8)));
                }
                Err(BuildError::Internal { detail, .. }) => {
                    let mut finding = panic_finding("print");
                    finding.detail.push_str(&format!(" ({detail})"));
                    outcome.finding = Some(finding);
                    return outcome;
                }
                Err(other) => {
                    outcome.finding = Some(Finding {
                        key: "pdf error".into(),
                        detail: other.message(norma::i18n::Lang::Es),
                    });
                    return outcome;
                }
            }
        }
    }
    outcome
}

/// Every diagnostic has a known code, a place in a file (line and column
/// from 1), a message and a hint when it is an error the author must fix.
fn inspect_diagnostics(site: &Site, outcome: &mut Outcome) -> Option<Finding> {
    let sources = &site.checked.project.sources;
    for d in site.checked.diagnostics.iter() {
        outcome.codes.insert(d.code.to_owned());
        outcome.features.insert(format!("code-{}", d.code));
        let path = sources.path(d.at.file);
        let kind = path
            .rsplit_once('.')
            .map(|(_, ext)| ext)
            .unwrap_or("")
            .to_owned();
        outcome.features.insert(format!("code-{}-{kind}", d.code));
        let bad = if codes::severity(d.code).is_none() {
            Some("a diagnostic with an unknown code")
        } else if d.at.line == 0 || d.at.col == 0 {
            Some("a diagnostic without line or column")
        } else if d.message.trim().is_empty() {
            Some("a diagnostic without a message")
        } else if path.is_empty() {
            Some("a diagnostic without a file")
        } else {
            None
        };
        if let Some(bad) = bad {
            return Some(Finding {
                key: format!("{bad}: {}", d.code),
                detail: format!(
                    "{} {}:{}:{} {}",
                    d.code, path, d.at.line, d.at.col, d.message
                ),
            });
        }
    }
    None
}

/// Whether `files` holds a project theme (then a template may fail on a page).
pub fn has_theme(files: &Files) -> bool {
    files.keys().any(|p| p.starts_with("themes/"))
}

/// The saved inputs (`*.in`) of a folder, sorted; none when it is missing.
pub fn list_inputs(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "in"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}
