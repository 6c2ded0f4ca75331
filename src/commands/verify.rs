//! `norma verify`: whether a bundle is what the institution signed. It reads
//! the bundle (a zip, or the folder it was unpacked to, or a whole `dist/`
//! folder) where it is, never extracting or writing anything, and checks that
//! every file the manifest lists is there with its SHA-256 and size, that no
//! other file is, and that `manifest.json.sig` is the signature of
//! `manifest.json` by the key given with `--key` (else by the key the bundle
//! carries, which proves less, and the report says so). Each problem is one
//! line naming the file.
//!
//! Nothing is held whole: a zip's list of entries is checked first
//! (`archive::Bundle::open`: entry count, total size, compression ratio,
//! links, names that climb out, repeated names); then the manifest is read
//! (64 MiB at most), and each file it lists is hashed as it is decompressed,
//! stopping at the first byte past the size the manifest gives. A file the
//! manifest does not list is named and never decompressed.

use std::collections::BTreeMap;
use std::io::{BufReader, Read, Seek};
use std::path::{Path, PathBuf};

use ed25519_dalek::VerifyingKey;

use crate::i18n::Lang;
use crate::keys;
use crate::package::archive;
use crate::package::manifest::{self, DIST_FORMAT, MANIFEST, Manifest, SIGNATURE};

/// Which key the signature was checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyUsed {
    /// `--key FILE`.
    Given(PathBuf),
    /// The bundle's own `norma-signing.pub`.
    Bundled,
}

/// Why a bundle could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    NoSuchFile,
    Io(std::io::ErrorKind),
    Zip(archive::ReadError),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The bundle cannot be read at all.
    Unreadable(Unreadable),
    NoManifest,
    BadManifest(String),
    NoSignature,
    MalformedSignature,
    /// The signature does not hold with the key (its file, or the bundle's).
    BadSignature(KeyUsed),
    /// No `--key` and no `norma-signing.pub` in the bundle.
    NoKey,
    KeyUnreadable(String),
    /// A file whose bytes are not those the manifest lists.
    Changed(String),
    /// A file the manifest lists and the bundle lacks.
    Missing(String),
    /// A file of the bundle the manifest does not list.
    Extra(String),
    /// A bundle of a distribution folder with problems of its own.
    Bundle(String),
}

/// What verify found in one bundle (or distribution folder).
#[derive(Debug)]
pub struct Report {
    /// The bundle as the user named it.
    pub shown: String,
    pub manifest: Option<Manifest>,
    pub key: Option<KeyUsed>,
    pub fingerprint: Option<String>,
    /// Files checked against the manifest.
    pub files: usize,
    pub problems: Vec<Problem>,
    /// For a distribution folder: each of its bundles.
    pub bundles: Vec<Report>,
}

impl Report {
    pub fn is_authentic(&self) -> bool {
        self.problems.is_empty() && self.bundles.iter().all(Report::is_authentic)
    }

    /// The bundle's language (`--lang` above it).
    pub fn lang(&self) -> Lang {
        if let Some(lang) = crate::project::language_set() {
            return lang;
        }
        match self.manifest.as_ref().map(|m| m.language.as_str()) {
            Some("en") => Lang::En,
            _ => Lang::Es,
        }
    }
}

/// The most bytes `manifest.json` may have (a manifest lists each file in
/// about 150 bytes: 200,000 files in 30 MB).
const MAX_MANIFEST: u64 = 64 << 20;
/// The most bytes of `manifest.json.sig` and `norma-signing.pub` (a few
/// hundred each).
const MAX_SMALL: u64 = 16 << 10;
/// The most bytes of a bundle held in memory to be checked when a whole
/// `dist/` was zipped (a bundle inside a zip cannot be read in place).
const MAX_NESTED: u64 = 1 << 30;

/// Verifies the bundle, bundle folder or distribution folder at `path`.
/// Nothing is extracted or written; each file is hashed as it is read.
pub fn verify(path: &Path, key: Option<&Path>) -> Report {
    let shown = path.display().to_string();
    let source: Result<Box<dyn Source>, Unreadable> = if std::fs::symlink_metadata(path).is_err() {
        Err(Unreadable::NoSuchFile)
    } else if path.is_dir() {
        Folder::open(&bundle_folder(path)).map(|f| Box::new(f) as Box<dyn Source>)
    } else {
        std::fs::File::open(path)
            .map_err(|e| Unreadable::Io(e.kind()))
            .and_then(|file| {
                archive::Bundle::open(BufReader::new(file))
                    .map(|b| Box::new(b) as Box<dyn Source>)
                    .map_err(Unreadable::Zip)
            })
    };
    match source {
        Ok(mut source) => verify_source(shown, source.as_mut(), key),
        Err(e) => unreadable(shown, e),
    }
}

fn unreadable(shown: String, why: Unreadable) -> Report {
    Report {
        shown,
        manifest: None,
        key: None,
        fingerprint: None,
        files: 0,
        problems: vec![Problem::Unreadable(why)],
        bundles: Vec::new(),
    }
}

/// The folder that holds the bundle: `dir` itself, or, when unpacking made
/// one folder more (Windows' "Extract all" puts `ags/` inside `ags/`), the
/// one folder inside it that has the manifest.
fn bundle_folder(dir: &Path) -> std::path::PathBuf {
    if dir.join(MANIFEST).exists() {
        return dir.to_owned();
    }
    let inner: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.join(MANIFEST).is_file())
        .collect();
    match inner.as_slice() {
        [one] => one.clone(),
        _ => dir.to_owned(),
    }
}

/// A bundle's files wherever they are: a zip ([`archive::Bundle`]) or the
/// folder it was unpacked to ([`Folder`]). Only the files it lists are ever
/// read.
trait Source {
    /// Every file by its path in the bundle, with its size (as the zip
    /// declares it, or on disk).
    fn sizes(&self) -> BTreeMap<String, u64>;
    /// A small file whole, if it has no more than `limit` bytes.
    fn read_small(&mut self, path: &str, limit: u64) -> Result<Option<Vec<u8>>, Unreadable>;
    /// A file's SHA-256, read a block at a time and never more than one byte
    /// past `expected`.
    fn hash(&mut self, path: &str, expected: u64) -> Result<Option<archive::Hashed>, Unreadable>;
    /// A bundle inside this one (a `dist/` folder's).
    fn nested(&mut self, path: &str) -> Result<Box<dyn Source>, Unreadable>;
}

impl<R: Read + Seek + 'static> Source for archive::Bundle<R> {
    fn sizes(&self) -> BTreeMap<String, u64> {
        self.files().map(|(p, s)| (p.to_owned(), s)).collect()
    }
    fn read_small(&mut self, path: &str, limit: u64) -> Result<Option<Vec<u8>>, Unreadable> {
        archive::Bundle::read_small(self, path, limit).map_err(Unreadable::Zip)
    }
    fn hash(&mut self, path: &str, expected: u64) -> Result<Option<archive::Hashed>, Unreadable> {
        archive::Bundle::hash(self, path, expected).map_err(Unreadable::Zip)
    }
    fn nested(&mut self, path: &str) -> Result<Box<dyn Source>, Unreadable> {
        let bytes = archive::Bundle::read_small(self, path, MAX_NESTED)
            .map_err(Unreadable::Zip)?
            .ok_or(Unreadable::NoSuchFile)?;
        let inner = archive::Bundle::open(std::io::Cursor::new(bytes)).map_err(Unreadable::Zip)?;
        Ok(Box::new(inner))
    }
}

/// A bundle unpacked to a folder. Links are not followed: a link is listed
/// and never matches a signed file.
struct Folder {
    dir: PathBuf,
    /// Path → size, `None` for what is not a plain file (a link).
    files: BTreeMap<String, Option<u64>>,
}

impl Folder {
    fn open(dir: &Path) -> Result<Folder, Unreadable> {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                Unreadable::Io(e.io_error().map_or(std::io::ErrorKind::Other, |e| e.kind()))
            })?;
            if entry.file_type().is_dir() {
                continue;
            }
            if files.len() >= archive::MAX_ENTRIES {
                return Err(Unreadable::Zip(archive::ReadError::TooManyEntries(
                    files.len() as u64 + 1,
                )));
            }
            let relative = entry
                .path()
                .strip_prefix(dir)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let size = if entry.file_type().is_file() {
                Some(
                    entry
                        .metadata()
                        .map_err(|e| {
                            Unreadable::Io(
                                e.io_error().map_or(std::io::ErrorKind::Other, |e| e.kind()),
                            )
                        })?
                        .len(),
                )
            } else {
                None
            };
            files.insert(relative, size);
        }
        Ok(Folder {
            dir: dir.to_owned(),
            files,
        })
    }

    /// The plain file at `path` (one the walk listed), opened.
    fn file(&self, path: &str) -> Result<Option<std::fs::File>, Unreadable> {
        match self.files.get(path) {
            Some(Some(_)) => std::fs::File::open(self.dir.join(path))
                .map(Some)
                .map_err(|e| Unreadable::Io(e.kind())),
            _ => Ok(None),
        }
    }
}

impl Source for Folder {
    fn sizes(&self) -> BTreeMap<String, u64> {
        self.files
            .iter()
            .map(|(p, s)| (p.clone(), s.unwrap_or(u64::MAX)))
            .collect()
    }
    fn read_small(&mut self, path: &str, limit: u64) -> Result<Option<Vec<u8>>, Unreadable> {
        match self.files.get(path) {
            Some(Some(size)) if *size > limit => {
                Err(Unreadable::Zip(archive::ReadError::Oversized {
                    entry: path.to_owned(),
                    limit,
                }))
            }
            // A link where the manifest should be reads as nothing.
            Some(None) => Ok(Some(Vec::new())),
            _ => {
                let Some(file) = self.file(path)? else {
                    return Ok(None);
                };
                let mut bytes = Vec::new();
                file.take(limit)
                    .read_to_end(&mut bytes)
                    .map_err(|e| Unreadable::Io(e.kind()))?;
                Ok(Some(bytes))
            }
        }
    }
    fn hash(&mut self, path: &str, expected: u64) -> Result<Option<archive::Hashed>, Unreadable> {
        if let Some(None) = self.files.get(path) {
            // Not a plain file: a hash no manifest holds.
            return Ok(Some(archive::Hashed {
                sha256: String::new(),
                len: 0,
            }));
        }
        let Some(file) = self.file(path)? else {
            return Ok(None);
        };
        let mut hasher = archive::HashWriter::default();
        std::io::copy(&mut file.take(expected.saturating_add(1)), &mut hasher)
            .map_err(|e| Unreadable::Io(e.kind()))?;
        Ok(Some(hasher.finish()))
    }
    fn nested(&mut self, path: &str) -> Result<Box<dyn Source>, Unreadable> {
        let file = self.file(path)?.ok_or(Unreadable::NoSuchFile)?;
        let inner = archive::Bundle::open(BufReader::new(file)).map_err(Unreadable::Zip)?;
        Ok(Box::new(inner))
    }
}

/// The checks: the manifest first, then each file it lists, hashed as it is
/// read; a file it does not list is named and never read.
fn verify_source(shown: String, source: &mut dyn Source, key_file: Option<&Path>) -> Report {
    let mut report = Report {
        shown,
        manifest: None,
        key: None,
        fingerprint: None,
        files: 0,
        problems: Vec::new(),
        bundles: Vec::new(),
    };
    let manifest_bytes = match source.read_small(MANIFEST, MAX_MANIFEST) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            report.problems.push(Problem::NoManifest);
            return report;
        }
        Err(e) => {
            report.problems.push(Problem::Unreadable(e));
            return report;
        }
    };
    let signature = match source.read_small(SIGNATURE, MAX_SMALL) {
        Ok(sig) => sig,
        // Larger than any signature: not one.
        Err(Unreadable::Zip(archive::ReadError::Oversized { .. })) => Some(Vec::new()),
        Err(e) => {
            report.problems.push(Problem::Unreadable(e));
            return report;
        }
    };

    // The key: the one given, else the bundle's own.
    let key: Option<VerifyingKey> = match key_file {
        Some(path) => match keys::read_public(path) {
            Ok(k) => {
                report.key = Some(KeyUsed::Given(path.to_owned()));
                Some(k)
            }
            Err(e) => {
                report
                    .problems
                    .push(Problem::KeyUnreadable(e.message(Lang::Es)));
                None
            }
        },
        None => {
            let bundled = source
                .read_small(keys::PUBLIC_FILE, MAX_SMALL)
                .ok()
                .flatten()
                .and_then(|b| keys::parse_public(std::str::from_utf8(&b).ok()?));
            match bundled {
                Some(k) => {
                    report.key = Some(KeyUsed::Bundled);
                    Some(k)
                }
                None => {
                    report.problems.push(Problem::NoKey);
                    None
                }
            }
        }
    };
    report.fingerprint = key.as_ref().map(keys::fingerprint);
    match (&signature, &key) {
        (None, _) => report.problems.push(Problem::NoSignature),
        (Some(sig), Some(k)) => match manifest::signature_holds(&manifest_bytes, sig, k) {
            None => report.problems.push(Problem::MalformedSignature),
            Some(false) => report.problems.push(Problem::BadSignature(
                report.key.clone().unwrap_or(KeyUsed::Bundled),
            )),
            Some(true) => {}
        },
        (Some(_), None) => {}
    }

    let manifest: Manifest = match serde_json::from_slice(&manifest_bytes) {
        Ok(m) => m,
        Err(e) => {
            report.problems.push(Problem::BadManifest(e.to_string()));
            return report;
        }
    };
    drop(manifest_bytes);
    let sizes = source.sizes();
    let mut listed = std::collections::BTreeSet::new();
    for entry in &manifest.files {
        listed.insert(entry.path.as_str());
        let Some(&size) = sizes.get(&entry.path) else {
            report.problems.push(Problem::Missing(entry.path.clone()));
            continue;
        };
        report.files += 1;
        // A size other than the manifest's: changed, without reading it.
        if size != entry.size {
            report.problems.push(Problem::Changed(entry.path.clone()));
            continue;
        }
        match source.hash(&entry.path, entry.size) {
            Ok(Some(hashed)) if hashed.len == entry.size && hashed.sha256 == entry.sha256 => {}
            Ok(_) => report.problems.push(Problem::Changed(entry.path.clone())),
            Err(e) => report.problems.push(Problem::Unreadable(e)),
        }
    }
    for path in sizes.keys() {
        if path != MANIFEST && path != SIGNATURE && !listed.contains(path.as_str()) {
            report.problems.push(Problem::Extra(path.clone()));
        }
    }

    // A distribution folder: each bundle it lists, with the same key.
    if manifest.format == DIST_FORMAT {
        for bundle in &manifest.bundles {
            if !sizes.contains_key(&bundle.file) {
                continue;
            }
            // Each bundle with the key given, else with the one it carries
            // (a changed key of the folder is the folder's problem only).
            let inner = match source.nested(&bundle.file) {
                Ok(mut inner) => verify_source(bundle.file.clone(), inner.as_mut(), key_file),
                Err(e) => unreadable(bundle.file.clone(), e),
            };
            if !inner.is_authentic() {
                report.problems.push(Problem::Bundle(bundle.file.clone()));
            }
            report.bundles.push(inner);
        }
    }
    report.manifest = Some(manifest);
    report
}

impl Problem {
    /// One line, in plain words, naming the file.
    pub fn line(&self, lang: Lang) -> String {
        match self {
            Problem::Unreadable(Unreadable::NoSuchFile) => lang.t(
                "no existe: revise el nombre y la carpeta del paquete",
                "it does not exist: check the bundle's name and folder",
            ),
            Problem::Unreadable(Unreadable::Io(kind)) => lang.t(
                format!(
                    "no se pudo leer el paquete: {}",
                    lang.io_reason(&std::io::Error::from(*kind))
                ),
                format!(
                    "the bundle cannot be read: {}",
                    lang.io_reason(&std::io::Error::from(*kind))
                ),
            ),
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::NotAZip)) => lang.t(
                "no es un paquete: no es un archivo zip, o está incompleto (¿se cortó la descarga?)",
                "not a bundle: it is not a zip file, or it is incomplete (was the download cut short?)",
            ),
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::TooLarge { entry })) => lang.t(
                format!("el zip dice que se desempaca en más de 4 GiB (al llegar a {entry}): no es un paquete de norma; no se descomprimió nada"),
                format!("the zip says it unpacks to more than 4 GiB (on reaching {entry}): not a norma bundle; nothing was unpacked"),
            ),
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::TooManyEntries(n))) => lang.t(
                format!("el zip tiene {n} entradas, más de las que tiene un paquete de norma (a lo sumo {}): no se leyó", archive::MAX_ENTRIES),
                format!("the zip has {n} entries, more than a norma bundle has (at most {}): it was not read", archive::MAX_ENTRIES),
            ),
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::Directory(n))) => lang.t(
                format!("la lista de entradas del zip ocupa {n} bytes, más que la de cualquier paquete de norma: no se leyó"),
                format!("the zip's list of entries takes {n} bytes, more than any norma bundle's: it was not read"),
            ),
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::Bomb { entry, ratio })) => lang.t(
                format!("{entry} se descomprimiría a {ratio} veces su tamaño, como ningún archivo de un paquete (una «bomba zip»): no se descomprimió ni se leyó nada más"),
                format!("{entry} would unpack to {ratio} times its size, as no file of a bundle does (a “zip bomb”): nothing was unpacked or read further"),
            ),
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::BombAll { entry, ratio })) => lang.t(
                format!("el zip se descomprimiría a {ratio} veces su tamaño, como ningún paquete (una «bomba zip»; la entrada mayor es {entry}): no se descomprimió nada"),
                format!("the zip would unpack to {ratio} times its size, as no bundle does (a “zip bomb”; its largest entry is {entry}): nothing was unpacked"),
            ),
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::Link { entry })) => lang.t(
                format!("{entry} es un enlace simbólico, y un paquete no tiene enlaces: no se leyó nada"),
                format!("{entry} is a symbolic link, and a bundle has none: nothing was read"),
            ),
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::UnsafeName { entry })) => lang.t(
                format!("{entry} es una ruta absoluta o que sale de la carpeta del paquete: no se leyó nada"),
                format!("{entry} is an absolute path or one that climbs out of the bundle's folder: nothing was read"),
            ),
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::Duplicate)) => lang.t(
                "el zip tiene dos entradas con el mismo nombre (cada programa mostraría una distinta): no se leyó nada",
                "the zip has two entries with the same name (each program would show a different one): nothing was read",
            ),
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::Oversized { entry, limit })) => lang.t(
                format!("{entry} tiene más de {} KiB, más que el de cualquier paquete: no se leyó", limit / 1024),
                format!("{entry} has more than {} KiB, more than any bundle's: it was not read", limit / 1024),
            ),
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::Damaged { entry, why })) => {
                lang.t(
                    match entry {
                        Some(name) => format!(
                            "el zip está dañado: {name} no se puede leer (¿se cortó la descarga?)"
                        ),
                        None => "el zip está dañado: una de sus entradas no se puede leer (¿se cortó la descarga?)".to_owned(),
                    },
                    match entry {
                        Some(name) => format!("the zip is damaged: {name}: {why}"),
                        None => format!("the zip is damaged: {why}"),
                    },
                )
            }
            Problem::NoManifest => lang.t(
                "falta manifest.json: no es un paquete de norma, o se lo quitaron",
                "manifest.json is missing: not a norma bundle, or it was removed",
            ),
            Problem::BadManifest(e) => lang.t(
                "manifest.json está dañado: no es el manifiesto JSON que escribe norma package",
                format!("manifest.json is damaged: {e}"),
            ),
            Problem::NoSignature => lang.t(
                "falta manifest.json.sig: el manifiesto no está firmado",
                "manifest.json.sig is missing: the manifest is not signed",
            ),
            Problem::MalformedSignature => lang.t(
                "manifest.json.sig no es una firma ed25519 (se esperan 128 cifras hexadecimales)",
                "manifest.json.sig is not an ed25519 signature (128 hexadecimal digits expected)",
            ),
            Problem::BadSignature(KeyUsed::Given(path)) => lang.t(
                format!(
                    "firma inválida: manifest.json no fue firmado con la clave {} (o fue modificado después de firmarlo)",
                    path.display()
                ),
                format!(
                    "bad signature: manifest.json was not signed with the key {} (or was changed after it was signed)",
                    path.display()
                ),
            ),
            Problem::BadSignature(KeyUsed::Bundled) => lang.t(
                "firma inválida: manifest.json no fue firmado con la clave norma-signing.pub del paquete (o fue modificado después de firmarlo)",
                "bad signature: manifest.json was not signed with the bundle's norma-signing.pub (or was changed after it was signed)",
            ),
            Problem::NoKey => lang.t(
                "no hay clave con qué verificar la firma: indique --key norma-signing.pub (la que publica la institución)",
                "there is no key to check the signature with: give --key norma-signing.pub (the one the institution publishes)",
            ),
            Problem::KeyUnreadable(e) => e.clone(),
            Problem::Changed(path) => lang.t(
                format!("modificado: {path} (su contenido no es el que registra el manifiesto)"),
                format!("changed: {path} (its content is not the one the manifest records)"),
            ),
            Problem::Missing(path) => lang.t(
                format!("falta: {path} (el manifiesto lo registra y no está en el paquete)"),
                format!("missing: {path} (the manifest lists it and the bundle lacks it)"),
            ),
            Problem::Extra(path) => lang.t(
                format!("sobra: {path} (está en el paquete y el manifiesto no lo registra)"),
                format!("extra: {path} (it is in the bundle and the manifest does not list it)"),
            ),
            Problem::Bundle(file) => lang.t(
                format!("el paquete {file} no pasa la verificación (detalle abajo)"),
                format!("the bundle {file} fails verification (details below)"),
            ),
        }
    }
}

impl Report {
    /// Every problem found, one line each, naming the bundle inside a `dist/`
    /// it belongs to ("aguascalientes.zip: modificado: …").
    pub fn problem_lines(&self, lang: Lang) -> Vec<String> {
        let mut lines = Vec::new();
        self.push_problem_lines(lang, "", &mut lines);
        lines
    }

    fn push_problem_lines(&self, lang: Lang, prefix: &str, lines: &mut Vec<String>) {
        for problem in &self.problems {
            match problem {
                Problem::Bundle(_) => continue,
                Problem::Unreadable(_) => {
                    lines.push(format!("{prefix}{}: {}", self.shown, problem.line(lang)))
                }
                _ => lines.push(format!("{prefix}{}", problem.line(lang))),
            }
        }
        for inner in &self.bundles {
            inner.push_problem_lines(lang, &format!("{prefix}{}: ", inner.shown), lines);
        }
    }

    /// How many problems, bundles inside included.
    fn problem_count(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| !matches!(p, Problem::Bundle(_)))
            .count()
            + self
                .bundles
                .iter()
                .map(Report::problem_count)
                .sum::<usize>()
    }

    /// The verdict in one sentence: authentic (how many files, which key), or
    /// not to be used (how many problems). The office a manifest names is said
    /// only when its signature holds: a forged manifest does not get to name
    /// its office.
    pub fn summary(&self, lang: Lang) -> String {
        let signed = !self.problems.iter().any(|p| {
            matches!(
                p,
                Problem::BadSignature(_)
                    | Problem::NoSignature
                    | Problem::MalformedSignature
                    | Problem::NoKey
            )
        });
        let what = self
            .manifest
            .as_ref()
            .filter(|_| signed)
            .and_then(|m| m.office.as_ref())
            .map(|o| {
                lang.t(
                    format!(" (ejemplar para {})", o.name),
                    format!(" (copy for {})", o.name),
                )
            })
            .unwrap_or_default();
        if !self.is_authentic() {
            let n = self.problem_count();
            return lang.t(
                format!(
                    "{}{what} NO pasa la verificación: {n} {}; no lo use como copia oficial.",
                    self.shown,
                    if n == 1 { "problema" } else { "problemas" }
                ),
                format!(
                    "{}{what} FAILS verification: {n} problem{}; do not use it as the official copy.",
                    self.shown,
                    if n == 1 { "" } else { "s" }
                ),
            );
        }
        let inner_files: usize = self.bundles.iter().map(|b| b.files).sum();
        let fingerprint = self.fingerprint.as_deref().unwrap_or("?");
        let key_said = match &self.key {
            Some(KeyUsed::Given(path)) => lang.t(
                format!("con la clave {} (huella {fingerprint})", path.display()),
                format!("with the key {} (fingerprint {fingerprint})", path.display()),
            ),
            _ => lang.t(
                format!("con la clave que trae el propio paquete (huella {fingerprint}); compare esa huella con la que publica la institución, o verifique con --key"),
                format!("with the key the bundle itself carries (fingerprint {fingerprint}); compare that fingerprint with the one the institution publishes, or verify with --key"),
            ),
        };
        let bundles = if self.bundles.is_empty() {
            String::new()
        } else {
            lang.t(
                format!(
                    ", {} paquetes con {inner_files} archivos",
                    self.bundles.len()
                ),
                format!(", {} bundles with {inner_files} files", self.bundles.len()),
            )
        };
        lang.t(
            format!(
                "{}{what} es auténtico: {} archivos íntegros{bundles}, firma válida {key_said}.",
                self.shown, self.files,
            ),
            format!(
                "{}{what} is authentic: {} files intact{bundles}, signature valid {key_said}.",
                self.shown, self.files,
            ),
        )
    }
}
