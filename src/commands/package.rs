//! `norma package`: the offline bundles for the offices of offices.yaml.
//!
//! Each office gets one zip with the site and the PDFs as the offices of its
//! kind receive them (`resolve::Scope`: content whose `audience` leaves the
//! kind out is absent, only the versions in force and upcoming), opening from
//! `index.html` with no network, with its `manifest.json` (every file with its
//! SHA-256 and size), the manifest's detached ed25519 signature and the public
//! key. The output folder gets the bundles and a manifest of its own, signed
//! the same way. Like `build`, nothing is written when the content has errors,
//! and the output folder is swapped in whole.
//!
//! Not here: checking a bundle (`verify.rs`), the zip format (`archive.rs`),
//! the manifest's shape and signature (`manifest.rs`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;

use crate::document::{PublicKeyDoc, Recipient};
use crate::html::Files;
use crate::i18n::Lang;
use crate::keys::{self, KeyError};
use crate::load::LoadError;
use crate::package::{README, archive, manifest, readme};
use crate::pipeline::{BuildError, Checked, Scope, Site};

use manifest::{
    BUNDLE_FORMAT, BundleEntry, DIST_FORMAT, MANIFEST, Manifest, ManualVersion, SIGNATURE,
};

/// The environment variable that may name the private key's file.
pub const KEY_VARIABLE: &str = "NORMA_SIGNING_KEY";

pub struct PackageOptions {
    /// The output folder (`dist/` of the project by default).
    pub out: PathBuf,
    /// Only this office's bundle.
    pub office: Option<String>,
    /// The private key's file (`--key`, else `NORMA_SIGNING_KEY`).
    pub key: Option<PathBuf>,
}

/// One bundle written.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub office: Recipient,
    /// `aguascalientes.zip`
    pub file: String,
    pub files: usize,
    pub bytes: usize,
    pub manuals: Vec<ManualVersion>,
}

#[derive(Debug)]
pub struct Packaged {
    pub bundles: Vec<Bundle>,
    pub fingerprint: String,
    /// Whether the project keeps its public key at its root (and so publishes it).
    pub project_keeps_key: bool,
}

#[derive(Debug)]
pub enum PackageError {
    Load(LoadError),
    /// The content has errors; they are in the diagnostics.
    Content,
    /// Neither `--key` nor `NORMA_SIGNING_KEY`.
    NoKey,
    Key(KeyError),
    /// The private key's file is inside content/.
    KeyInsideContent(PathBuf),
    /// The private key is not the pair of the project's norma-signing.pub.
    KeyMismatch {
        key: PathBuf,
        expected: String,
        found: String,
    },
    NoOffices,
    UnknownOffice {
        id: String,
        known: Vec<String>,
    },
    Build(BuildError),
}

impl PackageError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            PackageError::Load(e) => e.message(lang),
            PackageError::Content => lang.t(
                "hay errores: no se escribió ningún paquete y la salida anterior sigue intacta",
                "there are errors: no bundle was written and the previous output is untouched",
            ),
            PackageError::NoKey => lang.t(
                format!(
                    "falta la clave privada de firma: norma no prepara paquetes sin firmar\nayuda: indique su archivo con --key RUTA o con la variable {KEY_VARIABLE}=RUTA; si aún no tiene una, créela con norma keygen --out CARPETA (fuera de content/)"
                ),
                format!(
                    "the private signing key is missing: norma does not make unsigned bundles\nhelp: give its file with --key PATH or the variable {KEY_VARIABLE}=PATH; if you have none yet, make one with norma keygen --out FOLDER (outside content/)"
                ),
            ),
            PackageError::Key(e) => e.message(lang),
            PackageError::KeyInsideContent(p) => lang.t(
                format!(
                    "la clave privada {} está dentro de content/: norma no la usa (se publicaría o se congelaría con el contenido)\nayuda: muévala fuera del proyecto y vuelva a intentarlo",
                    p.display()
                ),
                format!(
                    "the private key {} is inside content/: norma does not use it (it would be published or frozen with the content)\nhelp: move it out of the project and try again",
                    p.display()
                ),
            ),
            PackageError::KeyMismatch {
                key,
                expected,
                found,
            } => lang.t(
                format!(
                    "la clave privada {} no es la pareja de norma-signing.pub del proyecto (huella {expected}; la de esta clave es {found}): los paquetes no se verificarían con la clave publicada\nayuda: use la clave privada correcta, o si cambió de clave, reemplace norma-signing.pub por la nueva clave pública",
                    key.display()
                ),
                format!(
                    "the private key {} is not the pair of the project's norma-signing.pub (fingerprint {expected}; this key's is {found}): the bundles would not verify with the published key\nhelp: use the right private key, or if the key changed, replace norma-signing.pub with the new public key",
                    key.display()
                ),
            ),
            PackageError::NoOffices => lang.t(
                "content/offices.yaml no declara ninguna oficina: no hay a quién preparar paquetes\nayuda: declare cada oficina con su id, name y kind",
                "content/offices.yaml declares no office: there is no one to make bundles for\nhelp: declare each office with its id, name and kind",
            ),
            PackageError::UnknownOffice { id, known } => {
                let hint = match crate::diagnostic::closest(id, known.iter().map(String::as_str)) {
                    Some(best) => lang.t(
                        format!("¿quiso decir «{best}»?"),
                        format!("did you mean “{best}”?"),
                    ),
                    None => lang.t(
                        format!("las oficinas son: {}", known.join(", ")),
                        format!("the offices are: {}", known.join(", ")),
                    ),
                };
                lang.t(
                    format!("no hay una oficina «{id}» en content/offices.yaml\nayuda: {hint}"),
                    format!("there is no office “{id}” in content/offices.yaml\nhelp: {hint}"),
                )
            }
            PackageError::Build(e) => e.message(lang),
        }
    }
}

/// The private key's file: `--key`, else `NORMA_SIGNING_KEY`.
pub fn key_file(given: Option<PathBuf>) -> Option<PathBuf> {
    given.or_else(|| {
        std::env::var_os(KEY_VARIABLE)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

/// Packages the project at `root`. Returns the checked project (its findings
/// are for the caller to print) and what was written.
pub fn package(
    root: &Path,
    options: &PackageOptions,
) -> (Option<Checked>, Result<Packaged, PackageError>) {
    let Some(key_path) = options.key.clone() else {
        return (None, Err(PackageError::NoKey));
    };
    let mut site = match Site::load(root) {
        Ok(site) => site,
        Err(e) => return (None, Err(PackageError::Load(e))),
    };
    if site.has_errors() {
        return (Some(site.into_checked()), Err(PackageError::Content));
    }
    let result = package_site(root, &mut site, options, &key_path);
    (Some(site.into_checked()), result)
}

fn package_site(
    root: &Path,
    site: &mut Site,
    options: &PackageOptions,
    key_path: &Path,
) -> Result<Packaged, PackageError> {
    let project = site.project();
    let key = signing_key(root, project, key_path)?;
    let public = PublicKeyDoc::of(&key.verifying_key());

    let offices: Vec<Recipient> = project
        .offices
        .iter()
        .map(|o| Recipient {
            id: o.id.value.clone(),
            name: o.name.value.clone(),
            kind: o.kind.value.clone(),
        })
        .collect();
    if offices.is_empty() {
        return Err(PackageError::NoOffices);
    }
    let chosen: Vec<&Recipient> = match &options.office {
        Some(id) => match offices.iter().find(|o| &o.id == id) {
            Some(o) => vec![o],
            None => {
                return Err(PackageError::UnknownOffice {
                    id: id.clone(),
                    known: offices.iter().map(|o| o.id.clone()).collect(),
                });
            }
        },
        None => offices.iter().collect(),
    };
    let day = site.today();
    let lang = site.lang();
    let (institution, site_title) = (
        project.settings.institution.clone(),
        project.settings.site_title.clone(),
    );
    let keeps_key = project.public_key.is_some();
    // One resolve and one set of PDFs per office kind; the pages are rendered
    // per office, since they name the office the copy is for.
    let mut by_kind: BTreeMap<&str, Vec<&Recipient>> = BTreeMap::new();
    for office in &chosen {
        by_kind
            .entry(office.kind.as_str())
            .or_default()
            .push(office);
    }
    let mut out = Files::new();
    let mut bundles = Vec::new();
    for (kind, offices) in by_kind {
        let mut doc = site.resolve(Scope::offices_of_kind(kind));
        doc.signing_key = Some(public.clone());
        let pdfs = site.print(&doc).map_err(PackageError::Build)?;
        for office in offices {
            doc.recipient = Some(office.clone());
            let (mut files, _) = site.render(&doc, None, &|_| {}).map_err(|e| match e {
                BuildError::Content => PackageError::Content,
                e => PackageError::Build(e),
            })?;
            for pdf in &pdfs {
                files.insert(pdf.path.clone(), pdf.bytes.clone());
            }
            let manuals = manifest::manual_entries(&doc);
            let file = format!("{}.zip", crate::numbering::path_safe(&office.id));
            files.insert(README.into(), readme(&doc, office, &file, &public, day));
            let manifest = Manifest {
                format: BUNDLE_FORMAT.into(),
                institution: doc.institution.clone(),
                site_title: doc.site_title.clone(),
                language: lang.code().into(),
                as_of: day.to_string(),
                key_fingerprint: public.fingerprint.clone(),
                office: Some(office.clone()),
                manuals: manuals.clone(),
                bundles: Vec::new(),
                files: manifest::file_entries(&files),
            }
            .to_bytes();
            let count = files.len();
            files.insert(SIGNATURE.into(), manifest::sign(&manifest, &key));
            files.insert(MANIFEST.into(), manifest);
            let zip = archive::write(&crate::numbering::path_safe(&office.id), &files, day)
                .map_err(|e| PackageError::Build(BuildError::Write(options.out.join(&file), e)))?;
            bundles.push(Bundle {
                office: office.clone(),
                file: file.clone(),
                files: count,
                bytes: zip.len(),
                manuals: manuals
                    .iter()
                    .map(|m| ManualVersion {
                        id: m.id.clone(),
                        version: m.version.clone(),
                        status: m.status.clone(),
                    })
                    .collect(),
            });
            out.insert(file, zip);
        }
    }
    bundles.sort_by(|a, b| a.file.cmp(&b.file));
    out.insert(keys::PUBLIC_FILE.into(), public.text.clone().into_bytes());
    let dist = Manifest {
        format: DIST_FORMAT.into(),
        institution,
        site_title,
        language: lang.code().into(),
        as_of: day.to_string(),
        key_fingerprint: public.fingerprint.clone(),
        office: None,
        manuals: Vec::new(),
        bundles: bundles
            .iter()
            .map(|b| BundleEntry {
                office: b.office.clone(),
                file: b.file.clone(),
                manuals: b.manuals.clone(),
            })
            .collect(),
        files: manifest::file_entries(&out),
    }
    .to_bytes();
    out.insert(SIGNATURE.into(), manifest::sign(&dist, &key));
    out.insert(MANIFEST.into(), dist);

    site.publish(&out, &options.out)
        .map_err(PackageError::Build)?;
    Ok(Packaged {
        bundles,
        fingerprint: public.fingerprint,
        project_keeps_key: keeps_key,
    })
}

/// Reads the private key, refusing one kept inside content/ and one that is
/// not the pair of the project's published public key.
fn signing_key(
    root: &Path,
    project: &crate::load::Project,
    path: &Path,
) -> Result<SigningKey, PackageError> {
    if let (Ok(content), Ok(real)) = (root.join("content").canonicalize(), path.canonicalize())
        && real.starts_with(&content)
    {
        return Err(PackageError::KeyInsideContent(path.to_owned()));
    }
    let key = keys::read_private(path).map_err(PackageError::Key)?;
    if let Some(published) = &project.public_key
        && *published != key.verifying_key()
    {
        return Err(PackageError::KeyMismatch {
            key: path.to_owned(),
            expected: keys::fingerprint(published),
            found: keys::fingerprint(&key.verifying_key()),
        });
    }
    Ok(key)
}

crate::i18n::localized_error!(
    PackageError,
    PackageError::Load(e) => e,
    PackageError::Key(e) => e,
    PackageError::Build(e) => e,
);
