//! Files → the raw content model.
//!
//! Reads norma.yaml, then walks `content/` in a fixed (sorted) order: the glossary,
//! the offices, and one folder per manual with its `manual.yaml`, the Markdown files
//! its sections name, and its `units/`, `procedures/`, `forms/` and `guides/`. No file
//! outside the project is ever read: links that leave it are refused, and so are
//! section paths that climb out of it. Problems become diagnostics; only a missing
//! project is a hard error.

mod releases;

pub use releases::manual_files;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostics, did_you_mean};
use crate::i18n::Lang;
use crate::model::{Form, Guide, Manual, Office, Procedure, Release, SectionContent, Term, Unit};
use crate::project::{Settings, peek_language};
use crate::source::{FileId, Loc, Sources, ThemeFiles, display_path};
use crate::yaml::read::Reader;
use crate::yaml::{Node, Value};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Everything a project's files say.
#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    pub settings: Settings,
    pub settings_file: FileId,
    pub manuals: Vec<Manual>,
    pub glossary: Vec<Term>,
    pub offices: Vec<Office>,
    /// The frozen versions under `releases/`, by manual id and then version order
    /// of their folders (sorted by name; `crate::resolve::timeline` orders them by
    /// version number).
    pub releases: Vec<Release>,
    pub sources: Sources,
    /// Whether a file that holds entries (a manual.yaml, a unit, procedure,
    /// form or guide file) had an error and gave no entry: one that did not
    /// parse, could not be read, lacks its code, or sits in a folder norma
    /// does not read. Rules that look for something by its code (references,
    /// section parents) then stay quiet about any missing target, since it
    /// may be in that file and the author should fix that first. An error
    /// that loses nothing (a misspelt field, a bad date) does not silence
    /// them (see `lost_in`).
    pub lost_entries: bool,
    /// The files the load reported an error in: a part missing from an
    /// entry of one of them (a function of its unit, a step of its
    /// procedure) may be lost in it (`Project::lost_in`).
    pub files_with_errors: HashSet<FileId>,
    /// The public key that signs the offices' bundles, when the project keeps
    /// it at its root as `norma-signing.pub`: the site publishes it, and
    /// `norma package` refuses a private key that is not its pair.
    pub public_key: Option<ed25519_dalek::VerifyingKey>,
    /// The project's own theme files, which override the embedded default theme.
    pub theme: ThemeFiles,
    /// Which load this is, and for each entry file (unit, procedure, form,
    /// guide) taken from a [`ParseCache`], the load that last parsed its
    /// text: a value made from that file alone by a load at or after then
    /// is made the same way again (`norma serve` keeps it, see
    /// `resolve::Reuse`). Empty without a cache.
    pub generation: u64,
    parsed_in: HashMap<FileId, u64>,
}

/// Whether an error of the load is in a file that holds entries and gave
/// none (see `Project::lost_entries`).
fn lost_entries(project: &Project, sources: &Sources) -> bool {
    let mut gave: HashSet<FileId> = HashSet::new();
    for m in project
        .manuals
        .iter()
        .chain(project.releases.iter().filter_map(|r| r.manual.as_ref()))
    {
        gave.insert(m.file);
        gave.extend(m.units.iter().map(|u| u.file));
        gave.extend(m.procedures.iter().map(|p| p.file));
        gave.extend(m.forms.iter().map(|f| f.file));
        gave.extend(m.guides.iter().map(|g| g.file));
    }
    project
        .files_with_errors
        .iter()
        .any(|f| !gave.contains(f) && holds_entries(&sources.get(*f).path))
}

/// Whether a file (its path from the project's root, `/`-separated) is one
/// that holds entries: a YAML file inside a manual's folder, in `content/`
/// or in `releases/`. Not norma.yaml, the glossary, the offices, a theme or
/// a section's Markdown.
fn holds_entries(path: &str) -> bool {
    let yaml = path.ends_with(".yaml") || path.ends_with(".yml");
    let parts = path.split('/').count();
    yaml && ((path.starts_with("content/") && parts >= 3) || path.starts_with("releases/"))
}

impl Project {
    /// Whether a missing target may be lost in a file with an error: any
    /// target when an entry was lost, and a part of an entry (a function of
    /// a unit) when that entry's own file (`file`) had an error.
    pub fn lost_in(&self, file: Option<FileId>) -> bool {
        self.lost_entries || file.is_some_and(|f| self.files_with_errors.contains(&f))
    }

    /// Whether `file` is an entry file whose text has not changed since the
    /// load numbered `generation` (see `Project::generation`).
    pub fn unchanged_since(&self, file: FileId, generation: u64) -> bool {
        self.parsed_in.get(&file).is_some_and(|&g| g <= generation)
    }

    /// How many functions all the units of all manuals have.
    pub fn function_count(&self) -> usize {
        self.manuals
            .iter()
            .flat_map(|m| &m.units)
            .map(|u| u.functions.len())
            .sum()
    }
}

/// What `Loader::look_at` found at a path before reading it.
enum Look {
    /// Not to be read: a link out of the project, a file too large, or one
    /// that cannot be opened. The error to report, once the file has its id.
    Refused {
        shown: String,
        code: &'static str,
        es: String,
        en: String,
        hint: Option<String>,
    },
    /// To be read, with what the file system says of it.
    Read {
        shown: String,
        meta: std::io::Result<fs::Metadata>,
    },
}

/// The entry files (units, procedures, forms, guides) parsed by the last load,
/// for `norma serve`: a file whose text, place among the files and language
/// of messages are those of last time is not parsed again (parsing the YAML
/// is most of a load). Only exact matches are taken, so a load with the cache
/// gives what a load without it would.
#[derive(Default)]
pub struct ParseCache {
    files: HashMap<FileId, CachedParse>,
}

struct CachedParse {
    /// The file as it was read, its text shared with that load's sources.
    source: crate::source::SourceFile,
    /// Its size and times when it was read, when they can be trusted to
    /// change with its text (see `Stamp::of`).
    stamp: Option<Stamp>,
    lang: Lang,
    entries: Entries,
    diags: Diagnostics,
    /// The load that parsed this text.
    parsed_in: u64,
}

/// What one entry file holds, read into the model. Units are shared, so a
/// cached file's unit is not copied on every load.
#[derive(Clone)]
enum Entries {
    Units(Vec<std::sync::Arc<Unit>>),
    Procedures(Vec<Procedure>),
    Forms(Vec<Form>),
    Guides(Vec<Guide>),
}

impl Entries {
    /// Parses an entry file of the folder `sub` and reads it into the model,
    /// with what both found, in that order.
    fn read(
        sub: &str,
        source: &crate::source::SourceFile,
        id: FileId,
        lang: Lang,
    ) -> (Entries, Diagnostics) {
        let mut diags = Diagnostics::default();
        let node = crate::yaml::parse(source, id, lang, &mut diags);
        let mut r = Reader {
            lang,
            diags: &mut diags,
        };
        let node = node.as_ref();
        let entries = match sub {
            "units" => Entries::Units(
                node.and_then(|n| Unit::read(&mut r, n, id))
                    .map(std::sync::Arc::new)
                    .into_iter()
                    .collect(),
            ),
            "procedures" => Entries::Procedures(
                node.map(|n| Procedure::read(&mut r, n, id).into_iter().collect())
                    .unwrap_or_default(),
            ),
            "forms" => Entries::Forms(
                node.map(|n| Form::read(&mut r, n, id).into_iter().collect())
                    .unwrap_or_default(),
            ),
            _ => Entries::Guides(
                node.map(|n| Guide::read(&mut r, n, id).into_iter().collect())
                    .unwrap_or_default(),
            ),
        };
        (entries, diags)
    }

    fn empty(sub: &str) -> Entries {
        match sub {
            "units" => Entries::Units(Vec::new()),
            "procedures" => Entries::Procedures(Vec::new()),
            "forms" => Entries::Forms(Vec::new()),
            _ => Entries::Guides(Vec::new()),
        }
    }

    fn add_to(&self, manual: &mut Manual) {
        match self {
            Entries::Units(u) => manual.units.extend(u.iter().cloned()),
            Entries::Procedures(p) => manual.procedures.extend(p.iter().cloned()),
            Entries::Forms(f) => manual.forms.extend(f.iter().cloned()),
            Entries::Guides(g) => manual.guides.extend(g.iter().cloned()),
        }
    }
}

/// Every load with a cache gets the next number, across the process, so a
/// cache emptied by a failed load never gives a number already used.
static LOADS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl ParseCache {
    fn get(
        &self,
        id: FileId,
        file: &crate::source::SourceFile,
        lang: Lang,
    ) -> Option<&CachedParse> {
        self.files.get(&id).filter(|c| {
            c.lang == lang
                && c.source.absolute == file.absolute
                && (std::sync::Arc::ptr_eq(&c.source.text, &file.text)
                    || c.source.text == file.text)
        })
    }

    /// The file `id` at `path` as the last load read it, when its size and
    /// times say it has not changed since.
    fn unchanged(
        &self,
        id: FileId,
        path: &Path,
        meta: &fs::Metadata,
    ) -> Option<&crate::source::SourceFile> {
        let c = self.files.get(&id)?;
        (c.source.absolute == path && c.stamp.is_some() && c.stamp == Stamp::of(meta, None))
            .then_some(&c.source)
    }
}

/// What the file system says of a file that changes when its text does: its
/// size, inode and modification and change times.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: std::time::SystemTime,
    #[cfg(unix)]
    inode: (u64, u64, i64, i64),
}

impl Stamp {
    /// `meta`'s stamp. When `read_at` (the time just before `meta` was
    /// taken) is given, a file changed less than two seconds before has
    /// none: the clock that dates a write moves in steps of milliseconds, so
    /// a second write in the same step, of the same size, would look
    /// unchanged (the "racy clean" case of git's index). Such a file is read
    /// again next time.
    fn of(meta: &fs::Metadata, read_at: Option<std::time::SystemTime>) -> Option<Stamp> {
        let modified = meta.modified().ok()?;
        if let Some(now) = read_at {
            // A time in the future (a clock set back) is never trusted either.
            let settled = now
                .duration_since(modified)
                .is_ok_and(|age| age >= std::time::Duration::from_secs(2));
            if !settled {
                return None;
            }
        }
        #[cfg(unix)]
        let inode = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec())
        };
        Some(Stamp {
            len: meta.len(),
            modified,
            #[cfg(unix)]
            inode,
        })
    }
}

/// Problems that stop norma before it can say anything about the content.
#[derive(Debug)]
pub enum LoadError {
    /// No norma.yaml in the folder.
    NotAProject(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl LoadError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LoadError::NotAProject(dir) => lang.t(
                format!(
                    "{} no es un proyecto de norma: falta el archivo norma.yaml\nayuda: ejecute norma en la carpeta del proyecto, use --project CARPETA, o cree uno con «norma init»",
                    dir.display()
                ),
                format!(
                    "{} is not a norma project: norma.yaml is missing\nhelp: run norma in the project folder, pass --project DIR, or create one with “norma init”",
                    dir.display()
                ),
            ),
            LoadError::Io(path, error) => lang.t(
                format!("no se pudo leer {}: {error}", path.display()),
                format!("could not read {}: {error}", path.display()),
            ),
        }
    }
}

crate::i18n::localized_error!(LoadError, LoadError::Io(_, e) => e);

const ENTRY_FOLDERS: &[&str] = &["units", "procedures", "forms", "guides"];

struct Loader<'d> {
    root: PathBuf,
    canonical_root: PathBuf,
    /// Folder → its real path, so each folder is resolved once, not once a file.
    canonical_folders: HashMap<PathBuf, PathBuf>,
    sources: Sources,
    lang: Lang,
    diags: &'d mut Diagnostics,
    /// The entry files parsed by the last load (empty without a cache), and
    /// those of this one, kept when there is a cache to leave them in.
    cache: ParseCache,
    fresh: Option<ParseCache>,
    /// This load's number (0 without a cache) and, per entry file, the load
    /// that parsed its text.
    generation: u64,
    parsed_in: HashMap<FileId, u64>,
    /// The stamps of the files read with a cache (see `Stamp::of`).
    stamps: HashMap<FileId, Stamp>,
    /// Files in entry folders that are not YAML (`entry_files`).
    unread: Vec<PathBuf>,
}

/// Loads the project at `root`.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Result<Project, LoadError> {
    load_cached(root, diags, None)
}

/// `load`, taking from `cache` the entry files parsed last time and leaving
/// in it those of this load (`norma serve`).
pub fn load_cached(
    root: &Path,
    diags: &mut Diagnostics,
    cache: Option<&mut ParseCache>,
) -> Result<Project, LoadError> {
    let settings_path = root.join("norma.yaml");
    if !settings_path.is_file() {
        return Err(LoadError::NotAProject(root.to_path_buf()));
    }
    let canonical_root = root
        .canonicalize()
        .map_err(|e| LoadError::Io(root.to_path_buf(), e))?;
    let keep = cache.is_some();
    let (old, cache) = match cache {
        Some(c) => (std::mem::take(c), Some(c)),
        None => (ParseCache::default(), None),
    };
    let mut loader = Loader {
        root: root.to_path_buf(),
        canonical_root,
        canonical_folders: HashMap::new(),
        sources: Sources::default(),
        lang: Lang::Es,
        diags,
        cache: old,
        fresh: keep.then(ParseCache::default),
        generation: if keep {
            LOADS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
        } else {
            0
        },
        parsed_in: HashMap::new(),
        stamps: HashMap::new(),
        unread: Vec::new(),
    };

    let (settings_file, settings_node) = loader.parse_file(&settings_path);
    if let Some(node) = &settings_node {
        loader.lang = peek_language(node);
    }
    let settings = match &settings_node {
        Some(node) => Settings::read(&mut loader.reader(), node),
        None => Settings::read(
            &mut loader.reader(),
            &Node {
                value: Value::Map(Vec::new()),
                at: Loc::file_start(settings_file),
            },
        ),
    };

    let content = root.join("content");
    let mut project = Project {
        root: root.to_path_buf(),
        settings,
        settings_file,
        manuals: Vec::new(),
        glossary: Vec::new(),
        offices: Vec::new(),
        releases: Vec::new(),
        sources: Sources::default(),
        lost_entries: false,
        files_with_errors: HashSet::new(),
        public_key: None,
        theme: ThemeFiles::default(),
        generation: loader.generation,
        parsed_in: HashMap::new(),
    };
    if !content.is_dir() {
        let lang = loader.lang;
        loader.diags.error(
            "E-PROJECT-LAYOUT",
            Loc::file_start(settings_file),
            lang.t(
                "el proyecto no tiene la carpeta content/",
                "the project has no content/ folder",
            ),
            Some(lang.t(
                "los manuales van en content/<id-del-manual>/manual.yaml",
                "manuals go in content/<manual-id>/manual.yaml",
            )),
        );
        project.sources = loader.sources;
        return Ok(project);
    }

    project.glossary = loader.read_list_file(&content.join("glossary.yaml"), Term::read);
    project.offices = loader.read_list_file(&content.join("offices.yaml"), Office::read);

    let mut folders: Vec<PathBuf> = fs::read_dir(&content)
        .map_err(|e| LoadError::Io(content.clone(), e))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    folders.sort();
    for folder in folders {
        if let Some(manual) = loader.load_manual(&folder, None) {
            project.manuals.push(manual);
        }
    }
    loader.warn_stray_files(&content);
    project.releases = loader.load_releases(&root.join("releases"), &project.manuals);
    project.public_key = loader.load_public_key(&root.join(crate::keys::PUBLIC_FILE));
    let theme_at = project
        .settings
        .theme_at
        .unwrap_or(Loc::file_start(settings_file));
    project.theme = loader.load_theme(&project.settings.theme, theme_at);
    project.files_with_errors = loader
        .diags
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .map(|d| d.at.file)
        .collect();
    project.lost_entries = lost_entries(&project, &loader.sources);
    project.sources = loader.sources;
    project.parsed_in = loader.parsed_in;
    if let (Some(cache), Some(fresh)) = (cache, loader.fresh) {
        *cache = fresh;
    }
    Ok(project)
}

impl Loader<'_> {
    /// `norma-signing.pub` at the project's root, if there is one.
    fn load_public_key(&mut self, path: &Path) -> Option<ed25519_dalek::VerifyingKey> {
        if fs::symlink_metadata(path).is_err() {
            return None;
        }
        let id = self.read_source(path).ok()?;
        let text = &self.sources.get(id).text;
        if let Some(key) = crate::keys::parse_public(text) {
            return Some(key);
        }
        // The line that should hold the key: the first that is not a comment.
        let (mut line, mut offset, mut len) = (1, 0, 0);
        let mut start = 0;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            let t = l.trim();
            if !t.is_empty() && !t.starts_with('#') {
                (line, offset, len) = (i as u32 + 1, start, l.trim_end().len());
                break;
            }
            start += l.len();
        }
        let lang = self.lang;
        let at = Loc {
            line,
            offset: Some(offset as u32),
            len: len as u32,
            ..Loc::file_start(id)
        };
        // The worst mistake: the private key under the public one's name,
        // which the site would publish.
        let (message, hint) = if crate::keys::is_private(text) {
            (
                lang.t(
                    "norma-signing.pub contiene la clave PRIVADA: norma no la publica ni la usa desde aquí",
                    "norma-signing.pub holds the PRIVATE key: norma does not publish it or use it from here",
                ),
                lang.t(
                    "sáquela del proyecto de inmediato (y del historial del repositorio si ya se guardó); ponga aquí la clave pública que escribió norma keygen",
                    "move it out of the project at once (and out of the repository's history if it was committed); put here the public key norma keygen wrote",
                ),
            )
        } else {
            (
                lang.t(
                    "norma-signing.pub no es una clave pública de norma: se esperan una línea de comentario y 64 cifras hexadecimales",
                    "norma-signing.pub is not a norma public key: a comment line and 64 hexadecimal digits are expected",
                ),
                lang.t(
                    "copie aquí el archivo norma-signing.pub que escribió norma keygen, sin cambiarlo",
                    "copy here the norma-signing.pub that norma keygen wrote, unchanged",
                ),
            )
        };
        self.diags.error("E-KEY-PUBLIC", at, message, Some(hint));
        None
    }

    fn reader(&mut self) -> Reader<'_> {
        Reader {
            lang: self.lang,
            diags: self.diags,
        }
    }

    /// Where `path` really is, links followed: the same as `canonicalize`, with the
    /// folder's part remembered (a thousand units share two or three folders).
    /// With it, the file's metadata when it is not a link (the look that
    /// tells costs a system call, one per file on every save of `norma serve`).
    fn real_path(&mut self, path: &Path) -> std::io::Result<(PathBuf, Option<fs::Metadata>)> {
        let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
            return path.canonicalize().map(|p| (p, None));
        };
        let meta = fs::symlink_metadata(path)?;
        if meta.file_type().is_symlink() {
            return path.canonicalize().map(|p| (p, None));
        }
        let real_folder = match self.canonical_folders.get(folder) {
            Some(real) => real.clone(),
            None => {
                let real = folder.canonicalize()?;
                self.canonical_folders
                    .insert(folder.to_path_buf(), real.clone());
                real
            }
        };
        Ok((real_folder.join(name), Some(meta)))
    }

    /// Reads a file into the sources, refusing links out of the project, files over
    /// the size limit and text that is not UTF-8. The file is registered even when it
    /// cannot be read, so the diagnostic can name it.
    fn read_source(&mut self, path: &Path) -> Result<FileId, FileId> {
        let read_at = std::time::SystemTime::now();
        let look = self.look_at(path);
        self.take_source(path, look, read_at, None)
    }

    /// `read_source` for many files at once: the checks and the sources in
    /// the files' order, as one by one, but the files' bytes read on every
    /// core. Only on a first load: `norma serve`'s later loads skip the
    /// files that did not change, without reading them.
    fn read_sources(&mut self, paths: &[PathBuf]) -> Vec<Result<FileId, FileId>> {
        let read_at = std::time::SystemTime::now();
        let looks: Vec<Look> = paths.iter().map(|p| self.look_at(p)).collect();
        let mut bytes: Vec<Option<std::io::Result<Vec<u8>>>> = if self.cache.files.is_empty() {
            // Only files `look_at` let through: inside the project, not
            // links, within the size limit.
            let wanted: Vec<(&PathBuf, bool)> = paths
                .iter()
                .zip(&looks)
                .map(|(p, look)| (p, matches!(look, Look::Read { meta: Ok(_), .. })))
                .collect();
            crate::parallel::map(&wanted, |(path, wanted)| wanted.then(|| fs::read(path)))
        } else {
            Vec::new()
        };
        bytes.resize_with(paths.len(), || None);
        paths
            .iter()
            .zip(looks)
            .zip(bytes)
            .map(|((path, look), bytes)| self.take_source(path, look, read_at, bytes))
            .collect()
    }

    /// What may be read at `path`: nothing is added to the sources here, so
    /// files keep their ids in the order they are taken.
    fn look_at(&mut self, path: &Path) -> Look {
        let shown = display_path(&self.root, path);
        let lang = self.lang;
        let looked = match self.real_path(path) {
            Ok((real, _)) if !real.starts_with(&self.canonical_root) => {
                return Look::Refused {
                    shown: shown.clone(),
                    code: "E-FILE-OUTSIDE",
                    es: format!(
                        "{shown} es un enlace a un archivo fuera del proyecto; norma no lo lee"
                    ),
                    en: format!(
                        "{shown} links to a file outside the project; norma does not read it"
                    ),
                    hint: Some(lang.t(
                        "copie el archivo dentro del proyecto",
                        "copy the file into the project",
                    )),
                };
            }
            Ok((_, looked)) => looked,
            Err(e) => {
                return Look::Refused {
                    shown: shown.clone(),
                    code: "E-FILE-READ",
                    es: format!("no se pudo abrir {shown}: {}", Lang::Es.io_reason(&e)),
                    en: format!("could not open {shown}: {}", Lang::En.io_reason(&e)),
                    hint: None,
                };
            }
        };
        let meta = match looked {
            Some(meta) => Ok(meta),
            None => fs::metadata(path),
        };
        let size = meta.as_ref().map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE_BYTES {
            let mb = size as f64 / (1024.0 * 1024.0);
            return Look::Refused {
                shown: shown.clone(),
                code: "E-FILE-TOO-LARGE",
                es: format!("{shown} mide {mb:.1} MB; el límite es 10 MB por archivo"),
                en: format!("{shown} is {mb:.1} MB; the limit is 10 MB per file"),
                hint: Some(lang.t(
                    "divida el contenido en varios archivos (por ejemplo, una unidad por archivo)",
                    "split the content into several files (for example, one unit per file)",
                )),
            };
        }
        Look::Read { shown, meta }
    }

    /// Adds the file at `path` to the sources after `look_at`: its error, the
    /// text kept from the last load, or its bytes (`bytes`, or read now).
    /// `read_at` is a moment before the bytes were read.
    fn take_source(
        &mut self,
        path: &Path,
        look: Look,
        read_at: std::time::SystemTime,
        bytes: Option<std::io::Result<Vec<u8>>>,
    ) -> Result<FileId, FileId> {
        let lang = self.lang;
        let (shown, meta) = match look {
            Look::Refused {
                shown,
                code,
                es,
                en,
                hint,
            } => {
                let id = self.sources.add(shown, path.to_path_buf(), String::new());
                self.diags
                    .error(code, Loc::file_start(id), lang.t(es, en), hint);
                return Err(id);
            }
            Look::Read { shown, meta } => (shown, meta),
        };
        // `norma serve`: a file whose size and times are those it had when
        // the last load read it still has that text.
        if let Ok(meta) = &meta {
            let next = self.sources.next_id();
            if let Some(file) = self.cache.unchanged(next, path, meta) {
                let stamp = Stamp::of(meta, None);
                let id = self.sources.add_again(&file.clone());
                self.stamps.extend(stamp.map(|s| (id, s)));
                return Ok(id);
            }
        }
        let stamp = match (&meta, &self.fresh) {
            (Ok(meta), Some(_)) => Stamp::of(meta, Some(read_at)),
            _ => None,
        };
        match bytes.unwrap_or_else(|| fs::read(path)) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(mut text) => {
                    if text.starts_with('\u{feff}') {
                        text.drain(..3);
                    }
                    let id = self.sources.add(shown, path.to_path_buf(), text);
                    self.stamps.extend(stamp.map(|s| (id, s)));
                    Ok(id)
                }
                Err(e) => {
                    // Shown with the bytes that are not UTF-8 replaced, and
                    // pointed at the first of them (the text before it is the
                    // same either way).
                    let bad = e.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    let id = self.sources.add(shown.clone(), path.to_path_buf(), text);
                    let at = self
                        .sources
                        .get(id)
                        .loc_of_range(id, bad, '\u{fffd}'.len_utf8());
                    self.diags.error(
                        "E-FILE-READ",
                        at,
                        lang.t(
                            format!("{shown} no está en UTF-8: el carácter marcado es el primero que no lo está"),
                            format!("{shown} is not UTF-8: the character marked is the first that is not"),
                        ),
                        Some(lang.t(
                            "guarde el archivo con la codificación UTF-8 (en la mayoría de los editores: Guardar como → UTF-8); el texto se escribió en otra (Latin-1, Windows-1252)",
                            "save the file as UTF-8 (in most editors: Save as → UTF-8); the text was written in another (Latin-1, Windows-1252)",
                        )),
                    );
                    Err(id)
                }
            },
            Err(e) => {
                let id = self
                    .sources
                    .add(shown.clone(), path.to_path_buf(), String::new());
                self.diags.error(
                    "E-FILE-READ",
                    Loc::file_start(id),
                    lang.t(
                        format!("no se pudo leer {shown}: {}", Lang::Es.io_reason(&e)),
                        format!("could not read {shown}: {}", Lang::En.io_reason(&e)),
                    ),
                    None,
                );
                Err(id)
            }
        }
    }

    /// The project's theme folder, if it has one. A theme other than `default`
    /// must exist.
    fn load_theme(&mut self, name: &str, at: Loc) -> ThemeFiles {
        let mut files = ThemeFiles::default();
        let folder = self.root.join("themes").join(name);
        if !folder.is_dir() {
            if name != "default" {
                let lang = self.lang;
                self.diags.error(
                    "E-THEME-MISSING",
                    at,
                    lang.t(
                        format!("el tema «{name}» no existe: falta la carpeta themes/{name}/"),
                        format!("theme “{name}” does not exist: there is no themes/{name}/ folder"),
                    ),
                    Some(lang.t(
                        "use «theme: default» o cree la carpeta con sus plantillas (templates/) y archivos (static/)",
                        "use “theme: default” or create the folder with its templates/ and static/",
                    )),
                );
            }
            return files;
        }
        for (sub, is_template) in [("templates", true), ("static", false)] {
            let base = folder.join(sub);
            if !base.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&base)
                .sort_by_file_name()
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| !e.file_type().is_dir())
            {
                let path = entry.path();
                let Ok(relative) = path.strip_prefix(&base) else {
                    continue;
                };
                let relative = relative.to_string_lossy().replace('\\', "/");
                if is_template {
                    if relative.ends_with(".html")
                        && let Ok(id) = self.read_source(path)
                    {
                        files.templates.push((relative, id));
                    }
                } else if let Some(bytes) = self.read_bytes(path) {
                    files.statics.push((relative, bytes));
                }
            }
        }
        files
    }

    /// A binary file of the project (a font, an image of the theme), with the same
    /// refusals as content: no link out of the project, no file over the limit.
    fn read_bytes(&mut self, path: &Path) -> Option<Vec<u8>> {
        let real = path.canonicalize().ok()?;
        let size = fs::metadata(&real).map(|m| m.len()).unwrap_or(0);
        if real.starts_with(&self.canonical_root) && size <= MAX_FILE_BYTES {
            return fs::read(&real).ok();
        }
        let shown = display_path(&self.root, path);
        let id = self
            .sources
            .add(shown.clone(), path.to_path_buf(), String::new());
        let lang = self.lang;
        self.diags.error(
            "E-FILE-OUTSIDE",
            Loc::file_start(id),
            lang.t(
                format!("{shown} está fuera del proyecto o excede 10 MB; norma no lo lee"),
                format!("{shown} is outside the project or over 10 MB; norma does not read it"),
            ),
            Some(lang.t(
                "copie el archivo dentro del proyecto",
                "copy the file into the project",
            )),
        );
        None
    }

    /// Reads and parses a YAML file.
    fn parse_file(&mut self, path: &Path) -> (FileId, Option<Node>) {
        match self.read_source(path) {
            Ok(id) => {
                let node = crate::yaml::parse(self.sources.get(id), id, self.lang, self.diags);
                (id, node)
            }
            Err(id) => (id, None),
        }
    }

    /// glossary.yaml and offices.yaml: optional files holding a list.
    fn read_list_file<T>(
        &mut self,
        path: &Path,
        read: fn(&mut Reader, &Node, usize) -> Option<T>,
    ) -> Vec<T> {
        if !path.is_file() {
            return Vec::new();
        }
        let (_, node) = self.parse_file(path);
        let Some(node) = node else {
            return Vec::new();
        };
        match &node.value {
            Value::Seq(items) => {
                let mut reader = self.reader();
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| read(&mut reader, n, i))
                    .collect()
            }
            Value::Null => Vec::new(),
            _ => {
                let lang = self.lang;
                self.diags.error(
                    "E-FIELD-TYPE",
                    node.at,
                    lang.t(
                        "este archivo debe ser una lista: cada entrada empieza con «- »",
                        "this file must be a list: each entry starts with “- ”",
                    ),
                    None,
                );
                Vec::new()
            }
        }
    }

    /// Loads a manual's folder. Its id defaults to the folder's name, or to
    /// `default_id` for a frozen release (whose folder is named by its version).
    fn load_manual(&mut self, folder: &Path, default_id: Option<&str>) -> Option<Manual> {
        let folder_name = match default_id {
            Some(id) => id.to_owned(),
            None => folder.file_name()?.to_string_lossy().into_owned(),
        };
        let manual_path = folder.join("manual.yaml");
        if !manual_path.is_file() {
            for sub in ENTRY_FOLDERS {
                let (_, unread) = entry_files(&folder.join(sub));
                self.unread.extend(unread);
            }
            let yaml_files = yaml_files_under(folder);
            if let Some(first) = yaml_files.first() {
                let shown = display_path(&self.root, first);
                let id = self.sources.add(shown, first.clone(), String::new());
                let lang = self.lang;
                self.diags.error(
                    "E-MANUAL-MISSING",
                    Loc::file_start(id),
                    lang.t(
                        format!("la carpeta content/{folder_name} tiene archivos YAML pero no tiene manual.yaml"),
                        format!("the folder content/{folder_name} has YAML files but no manual.yaml"),
                    ),
                    Some(lang.t(
                        "cada manual necesita su manual.yaml con id, kind, title, code, version y fechas",
                        "each manual needs its manual.yaml with id, kind, title, code, version and dates",
                    )),
                );
            }
            return None;
        }
        let (file, node) = self.parse_file(&manual_path);
        let node = node?;
        let mut manual = Manual::read(
            &mut self.reader(),
            &node,
            file,
            folder.to_path_buf(),
            &folder_name,
        )?;
        self.load_section_files(&mut manual);

        // Files are checked and registered in order (their bytes read on every
        // core), parsed on every core, then read into the model in order
        // again: the same result as one at a time, sooner.
        let mut subs: Vec<&str> = Vec::new();
        let mut paths: Vec<PathBuf> = Vec::new();
        for sub in ENTRY_FOLDERS {
            let (yaml, unread) = entry_files(&folder.join(sub));
            self.unread.extend(unread);
            subs.extend(std::iter::repeat_n(sub, yaml.len()));
            paths.extend(yaml);
        }
        let entries: Vec<(&str, Result<FileId, FileId>)> =
            subs.into_iter().zip(self.read_sources(&paths)).collect();
        let (sources, lang, cache) = (&self.sources, self.lang, &self.cache);
        // A file parsed last time as it is now (`norma serve`) is not parsed
        // nor read again.
        let parsed = crate::parallel::map(&entries, |(sub, file)| match file {
            Ok(id) if cache.get(*id, sources.get(*id), lang).is_some() => None,
            Ok(id) => Some(Entries::read(sub, sources.get(*id), *id, lang)),
            Err(_) => Some((Entries::empty(sub), Diagnostics::default())),
        });
        for ((_, file), parsed) in entries.into_iter().zip(parsed) {
            let file = file.unwrap_or_else(|id| id);
            let (entries, diags, parsed_in) = match parsed {
                Some((entries, diags)) => (entries, diags, self.generation),
                None => match self.cache.files.remove(&file) {
                    Some(c) => (c.entries, c.diags, c.parsed_in),
                    None => continue,
                },
            };
            if self.fresh.is_some() {
                self.parsed_in.insert(file, parsed_in);
            }
            for d in diags.iter() {
                self.diags.push(d.clone());
            }
            entries.add_to(&mut manual);
            if let Some(fresh) = &mut self.fresh {
                let source = self.sources.get(file);
                fresh.files.insert(
                    file,
                    CachedParse {
                        source: source.clone(),
                        stamp: self.stamps.get(&file).copied(),
                        lang: self.lang,
                        entries,
                        diags,
                        parsed_in,
                    },
                );
            }
        }
        Some(manual)
    }

    /// Reads the Markdown files that sections name with `file:`, refusing any path
    /// that would leave the project.
    fn load_section_files(&mut self, manual: &mut Manual) {
        let lang = self.lang;
        for section in &mut manual.sections {
            let SectionContent::File { path, source } = &mut section.content else {
                continue;
            };
            let written = Path::new(&path.value);
            let climbs_out = written.is_absolute()
                || written.components().any(|c| {
                    matches!(
                        c,
                        Component::ParentDir | Component::RootDir | Component::Prefix(_)
                    )
                });
            let full = manual.dir.join(written);
            let leaves = climbs_out
                || full
                    .canonicalize()
                    .is_ok_and(|real| !real.starts_with(&self.canonical_root));
            if leaves {
                self.diags.error(
                    "E-SECTION-FILE-OUTSIDE",
                    path.at,
                    lang.t(
                        format!("la sección «{}» apunta a «{}», fuera de la carpeta del manual; norma no lo lee", section.title.value, path.value),
                        format!("section “{}” points to “{}”, outside the manual's folder; norma does not read it", section.title.value, path.value),
                    ),
                    Some(lang.t(
                        "ponga el archivo .md junto a manual.yaml y escriba solo su nombre, por ejemplo «file: marco-juridico.md»",
                        "put the .md file beside manual.yaml and write only its name, for example “file: marco-juridico.md”",
                    )),
                );
                continue;
            }
            if !full.is_file() {
                let near = markdown_files_in(&manual.dir);
                let hint = match crate::diagnostic::closest(
                    &path.value,
                    near.iter().map(String::as_str),
                ) {
                    Some(best) => did_you_mean(lang, best),
                    None => lang.t(
                        format!("cree el archivo content/{}/{}", manual.folder, path.value),
                        format!("create the file content/{}/{}", manual.folder, path.value),
                    ),
                };
                self.diags.error(
                    "E-SECTION-FILE-MISSING",
                    path.at,
                    lang.t(
                        format!(
                            "no existe el archivo «{}» de la sección «{}»",
                            path.value, section.title.value
                        ),
                        format!(
                            "the file “{}” of section “{}” does not exist",
                            path.value, section.title.value
                        ),
                    ),
                    Some(hint),
                );
                continue;
            }
            if let Ok(id) = self.read_source(&full) {
                *source = Some(id);
            }
        }
    }

    /// YAML files in a manual's folder that norma would not read are most likely
    /// misplaced; say so rather than ignore them silently.
    fn warn_stray_files(&mut self, content: &Path) {
        let lang = self.lang;
        let stray: Vec<PathBuf> = in_manual_folders(content)
            .into_iter()
            .filter(|(path, kind)| {
                kind.is_file() && is_yaml(path) && path.file_name() != Some("manual.yaml".as_ref())
            })
            .map(|(path, _)| path)
            .collect();
        self.check_folders(content);
        self.warn_unread_names(content);
        for path in stray {
            let shown = display_path(&self.root, &path);
            let id = self.sources.add(shown, path, String::new());
            self.diags.warning(
                "W-FILE-IGNORED",
                Loc::file_start(id),
                lang.t(
                    "norma no lee este archivo: los archivos YAML de un manual van en units/, procedures/, forms/ o guides/",
                    "norma does not read this file: a manual's YAML files go in units/, procedures/, forms/ or guides/",
                ),
                Some(lang.t(
                    "muévalo a la carpeta que corresponda a su tipo",
                    "move it to the folder for its kind",
                )),
            );
        }
    }
}

impl Loader<'_> {
    /// Files in units/, procedures/, forms/ or guides/ whose name does not end
    /// in .yaml (`7.3.2.yaml.txt` as Notepad saves it, `7.3.2.YAML`): norma
    /// does not read them, so the entry would silently not be published.
    /// Hidden files and editors' backups (`~`, `.swp`, `.bak`) are left alone.
    fn warn_unread_names(&mut self, content: &Path) {
        let lang = self.lang;
        // Listed when the entry folders were (`entry_files`); a release's
        // copy of a manual is not an author's to rename.
        let mut unread: Vec<PathBuf> = std::mem::take(&mut self.unread)
            .into_iter()
            .filter(|p| p.starts_with(content))
            .filter(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                !name.starts_with('.')
                    && !name.ends_with('~')
                    && ![".swp", ".bak", ".orig", ".tmp"]
                        .iter()
                        .any(|x| name.ends_with(x))
            })
            .collect();
        // In the order a walk of content/ sorted by name gives.
        unread.sort();
        unread.dedup();
        for path in unread {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let lower = name.to_lowercase();
            // The name it was meant to have: up to ".yaml" or ".yml".
            let meant = ["yaml", "yml"].iter().find_map(|ext| {
                let at = lower.find(&format!(".{ext}"))?;
                Some(format!("{}.yaml", &name[..at]))
            });
            let shown = display_path(&self.root, &path);
            let id = self.sources.add(shown, path, String::new());
            self.diags.warning(
                "W-FILE-IGNORED",
                Loc::file_start(id),
                lang.t(
                    format!("norma no lee «{name}»: en esta carpeta solo lee los archivos que terminan en .yaml"),
                    format!("norma does not read “{name}”: in this folder it reads only files ending in .yaml"),
                ),
                Some(match meant {
                    Some(meant) => lang.t(
                        format!("cambie su nombre a «{meant}» (algunos editores agregan .txt o escriben la extensión en mayúsculas)"),
                        format!("rename it to “{meant}” (some editors add .txt or write the extension in capitals)"),
                    ),
                    None => lang.t(
                        "si es una nota o un respaldo, guárdelo fuera de content/",
                        "if it is a note or a backup, keep it out of content/",
                    ),
                }),
            );
        }
    }

    /// Folders in a manual's folder that hold YAML files norma does not read
    /// (`unidades/` for `units/`): a known Spanish or English alias of one
    /// of norma's folders is an error, as its content would silently not be
    /// published; any other such folder, a warning.
    fn check_folders(&mut self, content: &Path) {
        let lang = self.lang;
        let folders: Vec<PathBuf> = in_manual_folders(content)
            .into_iter()
            .filter(|(_, kind)| kind.is_dir())
            .map(|(path, _)| path)
            .collect();
        for folder in folders {
            let name = folder
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if KINDS.contains(&name.as_str()) {
                continue;
            }
            let files = yaml_files_under(&folder);
            let Some(first) = files.first() else {
                continue;
            };
            let shown_folder = display_path(&self.root, &folder);
            let id = self.sources.add(
                display_path(&self.root, first),
                first.clone(),
                String::new(),
            );
            let count = files.len();
            let meant = folder_alias(&name).or_else(|| {
                crate::diagnostic::closest(&name, KINDS.iter().copied())
                    .filter(|best| strsim::jaro_winkler(&name.to_lowercase(), best) > 0.8)
            });
            let message = lang.t(
                format!(
                    "norma no lee la carpeta «{shown_folder}/»: {} que tiene no se {}",
                    if count == 1 { "el archivo YAML".to_owned() } else { format!("los {count} archivos YAML") },
                    if count == 1 { "publicaría" } else { "publicarían" }
                ),
                format!(
                    "norma does not read the folder “{shown_folder}/”: its {count} YAML file(s) would not be published"
                ),
            );
            match meant {
                Some(kind) if folder_alias(&name).is_some() => self.diags.error(
                    "E-FOLDER-NAME",
                    Loc::file_start(id),
                    message,
                    Some(lang.t(
                        format!("cambie el nombre de la carpeta a «{kind}/»: norma lee units/, procedures/, forms/ y guides/"),
                        format!("rename the folder to “{kind}/”: norma reads units/, procedures/, forms/ and guides/"),
                    )),
                ),
                meant => self.diags.warning(
                    "W-FILE-IGNORED",
                    Loc::file_start(id),
                    message,
                    Some(match meant {
                        Some(kind) => did_you_mean(lang, kind),
                        None => lang.t(
                            "los archivos de un manual van en units/, procedures/, forms/ o guides/; si la carpeta guarda borradores, póngala fuera de content/",
                            "a manual's files go in units/, procedures/, forms/ or guides/; if the folder keeps drafts, move it out of content/",
                        ),
                    }),
                ),
            }
        }
    }
}

/// The folders of a manual that norma reads.
const KINDS: &[&str] = &["units", "procedures", "forms", "guides"];

/// The folder of `KINDS` that a folder named in Spanish, in the singular or
/// with a capital stands for.
fn folder_alias(name: &str) -> Option<&'static str> {
    let name = name.to_lowercase();
    let kind = match name.trim_end_matches('s') {
        "unidade" | "unidad" | "unit" | "organizacion" | "organización" => "units",
        "procedimiento" | "procedure" | "proceso" => "procedures",
        "formato" | "form" | "formulario" => "forms",
        "guia" | "guía" | "guide" | "instrumento" => "guides",
        _ => return None,
    };
    (name != kind).then_some(kind)
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// What the folders in `content` hold (links not followed), sorted by path:
/// a manual's own files and folders. Listed with `read_dir`, since a walk
/// that stops at this depth would still read, and sort, every folder of
/// units it reaches.
fn in_manual_folders(content: &Path) -> Vec<(PathBuf, fs::FileType)> {
    let mut found = Vec::new();
    for folder in fs::read_dir(content).into_iter().flatten().flatten() {
        if !folder.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        for entry in fs::read_dir(folder.path()).into_iter().flatten().flatten() {
            if let Ok(kind) = entry.file_type() {
                found.push((entry.path(), kind));
            }
        }
    }
    found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    found
}

/// The YAML files below a folder, sorted, without following links out of it.
fn yaml_files_under(folder: &Path) -> Vec<PathBuf> {
    entry_files(folder).0
}

/// The files of a folder of entries (a manual's units/, procedures/ ...),
/// listed once: the YAML files below it, sorted, without following links
/// out of it, and the other files directly in it, which norma does not
/// read (see `Loader::warn_unread_names`).
fn entry_files(folder: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut yaml, mut unread) = (Vec::new(), Vec::new());
    if !folder.is_dir() {
        return (yaml, unread);
    }
    for entry in walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        if entry.file_type().is_dir() {
            continue;
        }
        if is_yaml(entry.path()) {
            yaml.push(entry.into_path());
        } else if entry.depth() == 1 && entry.file_type().is_file() {
            unread.push(entry.into_path());
        }
    }
    // Paths compare part by part: the order of a walk sorted by name in
    // each folder, for less than walkdir's sorting costs (it takes each
    // entry's name apart at every comparison).
    yaml.sort_unstable();
    unread.sort_unstable();
    (yaml, unread)
}

fn markdown_files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names
}
