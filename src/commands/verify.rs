//! `norma verify`: whether a bundle is what the institution signed. It reads
//! the bundle (a zip, or the folder it was unpacked to, or a whole `dist/`
//! folder) into memory, never extracting anything, and checks that every file
//! the manifest lists is there with its SHA-256 and size, that no other file
//! is, and that `manifest.json.sig` is the signature of `manifest.json` by the
//! key given with `--key` (else by the key the bundle carries, which proves
//! less, and the report says so). Each problem is one line naming the file.

use std::collections::BTreeMap;
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

/// Verifies the bundle, bundle folder or distribution folder at `path`.
pub fn verify(path: &Path, key: Option<&Path>) -> Report {
    let shown = path.display().to_string();
    let files = if std::fs::symlink_metadata(path).is_err() {
        Err(Unreadable::NoSuchFile)
    } else if path.is_dir() {
        read_folder(&bundle_folder(path))
    } else {
        std::fs::read(path)
            .map_err(|e| Unreadable::Io(e.kind()))
            .and_then(|bytes| {
                archive::read(&bytes)
                    .map(|u| u.files)
                    .map_err(Unreadable::Zip)
            })
    };
    match files {
        Ok(files) => verify_files(shown, files, key),
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

/// Every file under `dir`, by its path from there. Links are not followed: a
/// link is listed with empty bytes, so it can never pass for a signed file.
fn read_folder(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, Unreadable> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Unreadable::Io(e.io_error().map_or(std::io::ErrorKind::Other, |e| e.kind()))
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let bytes = if entry.file_type().is_file() {
            std::fs::read(entry.path()).map_err(|e| Unreadable::Io(e.kind()))?
        } else {
            Vec::new()
        };
        files.insert(relative, bytes);
    }
    Ok(files)
}

/// The checks on files already read.
fn verify_files(
    shown: String,
    mut files: BTreeMap<String, Vec<u8>>,
    key_file: Option<&Path>,
) -> Report {
    let mut report = Report {
        shown,
        manifest: None,
        key: None,
        fingerprint: None,
        files: 0,
        problems: Vec::new(),
        bundles: Vec::new(),
    };
    let Some(manifest_bytes) = files.remove(MANIFEST) else {
        report.problems.push(Problem::NoManifest);
        return report;
    };
    let signature = files.remove(SIGNATURE);

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
            let bundled = files
                .get(keys::PUBLIC_FILE)
                .and_then(|b| keys::parse_public(std::str::from_utf8(b).ok()?));
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
    let mut listed = std::collections::BTreeSet::new();
    for entry in &manifest.files {
        listed.insert(entry.path.as_str());
        match files.get(&entry.path) {
            None => report.problems.push(Problem::Missing(entry.path.clone())),
            Some(bytes) => {
                report.files += 1;
                if bytes.len() as u64 != entry.size || manifest::sha256(bytes) != entry.sha256 {
                    report.problems.push(Problem::Changed(entry.path.clone()));
                }
            }
        }
    }
    for path in files.keys() {
        if !listed.contains(path.as_str()) {
            report.problems.push(Problem::Extra(path.clone()));
        }
    }

    // A distribution folder: each bundle it lists, with the same key.
    if manifest.format == DIST_FORMAT {
        for bundle in &manifest.bundles {
            let Some(bytes) = files.get(&bundle.file) else {
                continue;
            };
            // Each bundle with the key given, else with the one it carries
            // (a changed key of the folder is the folder's problem only).
            let inner = match archive::read(bytes) {
                Ok(u) => verify_files(bundle.file.clone(), u.files, key_file),
                Err(e) => unreadable(bundle.file.clone(), Unreadable::Zip(e)),
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
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::TooLarge)) => lang.t(
                "el zip dice que se desempaca en más de 4 GiB: no es un paquete de norma",
                "the zip says it unpacks to more than 4 GiB: not a norma bundle",
            ),
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::TooManyEntries(n))) => lang.t(
                format!("el zip tiene {n} entradas, más de las que tiene un paquete de norma: no se leyó"),
                format!("the zip has {n} entries, more than a norma bundle has: it was not read"),
            ),
            Problem::Unreadable(Unreadable::Zip(archive::ReadError::Bomb { entry, ratio })) => lang.t(
                format!("{entry} se descomprimiría a {ratio} veces su tamaño, como ningún archivo de un paquete (una «bomba zip»): no se descomprimió ni se leyó nada más"),
                format!("{entry} would unpack to {ratio} times its size, as no file of a bundle does (a “zip bomb”): nothing was unpacked or read further"),
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
