//! `norma release MANUAL`: freezes a manual's current sources under
//! `releases/<manual>/<version>/`, byte for byte, with a `release.yaml` holding
//! the version, the day and the SHA-256 of every file.
//!
//! It refuses a project with errors, a draft, a version already frozen and a
//! version not greater than the last one. The copy is written to a hidden
//! folder beside its place and renamed into it only when complete, so a failure
//! leaves no half release behind.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::diagnostic::did_you_mean;
use crate::i18n::Lang;
use crate::load::LoadError;
use crate::load::manual_files;
use crate::model::release::RECORD_FILE;
use crate::numbering::version_numbers;
use crate::pipeline::{Checked, check_project};
use crate::source::sha256_hex;

/// What a release wrote.
#[derive(Debug)]
pub struct Frozen {
    pub manual: String,
    pub version: String,
    /// `releases/mo-dir/3.1`, as the project shows it.
    pub folder: String,
    pub files: usize,
}

#[derive(Debug)]
pub enum FreezeError {
    Load(LoadError),
    /// The project has errors; they are in the diagnostics.
    Content,
    UnknownManual {
        id: String,
        closest: Option<String>,
    },
    Draft {
        id: String,
    },
    NoVersion {
        id: String,
    },
    Exists {
        id: String,
        version: String,
    },
    NotGreater {
        id: String,
        version: String,
        last: String,
    },
    Write(PathBuf, io::Error),
}

impl FreezeError {
    /// The refusal and, on a second line, what to do.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            FreezeError::Load(e) => e.message(lang),
            FreezeError::Content => lang.t(
                "hay errores: no se congeló nada\nayuda: corrija los errores de arriba y vuelva a ejecutar «norma release»",
                "there are errors: nothing was frozen\nhelp: fix the errors above and run “norma release” again",
            ),
            FreezeError::UnknownManual { id, closest } => {
                let hint = match closest {
                    Some(best) => did_you_mean(lang, best),
                    None => lang.t(
                        "el id de un manual es el de su manual.yaml o el nombre de su carpeta en content/",
                        "a manual's id is the one in its manual.yaml or its folder's name under content/",
                    ),
                };
                lang.t(
                    format!("no hay un manual «{id}» en content/\nayuda: {hint}"),
                    format!("there is no manual “{id}” in content/\nhelp: {hint}"),
                )
            }
            FreezeError::Draft { id } => lang.t(
                format!("el manual {id} es un borrador (status: draft): un borrador no se congela\nayuda: cuando esté autorizado, cambie a «status: published» y vuelva a ejecutar «norma release {id}»"),
                format!("manual {id} is a draft (status: draft): a draft is not frozen\nhelp: once it is authorized, change to “status: published” and run “norma release {id}” again"),
            ),
            FreezeError::NoVersion { id } => lang.t(
                format!("el manual {id} no tiene una versión válida\nayuda: escriba «version» en su manual.yaml, por ejemplo \"1.0\""),
                format!("manual {id} has no valid version\nhelp: write “version” in its manual.yaml, for example \"1.0\""),
            ),
            FreezeError::Exists { id, version } => lang.t(
                format!("la versión {version} de {id} ya está congelada en releases/{id}/{version}; una versión publicada no se sobrescribe\nayuda: para publicar cambios, suba «version» en content/{id}/manual.yaml (por ejemplo, a la siguiente) con su fecha «effective»"),
                format!("version {version} of {id} is already frozen in releases/{id}/{version}; a published version is not overwritten\nhelp: to publish changes, raise “version” in content/{id}/manual.yaml (for example, to the next one) with its “effective” date"),
            ),
            FreezeError::NotGreater { id, version, last } => lang.t(
                format!("la versión {version} de {id} no es mayor que la última congelada ({last})\nayuda: las versiones se ordenan por sus números: escriba una mayor que {last}"),
                format!("version {version} of {id} is not greater than the last frozen one ({last})\nhelp: versions are ordered by their numbers: write one greater than {last}"),
            ),
            FreezeError::Write(path, e) => lang.t(
                format!(
                    "no se pudo escribir {}: {}; no se congeló nada",
                    path.display(),
                    lang.write_reason(path, e)
                ),
                format!(
                    "could not write {}: {}; nothing was frozen",
                    path.display(),
                    lang.write_reason(path, e)
                ),
            ),
        }
    }
}

/// Freezes manual `id` of the project at `root` on `today`. Returns the checked
/// project (its diagnostics are for the caller to print) and the outcome.
pub fn freeze(
    root: &Path,
    id: &str,
    today: Date,
) -> (Option<Checked>, Result<Frozen, FreezeError>) {
    let checked = match check_project(root) {
        Ok(c) => c,
        Err(e) => return (None, Err(FreezeError::Load(e))),
    };
    let outcome = freeze_checked(&checked, id, today);
    (Some(checked), outcome)
}

fn freeze_checked(checked: &Checked, id: &str, today: Date) -> Result<Frozen, FreezeError> {
    let project = &checked.project;
    if checked.diagnostics.has_errors() {
        return Err(FreezeError::Content);
    }
    let Some(manual) = project.manuals.iter().find(|m| m.id.value == id) else {
        let ids = project.manuals.iter().map(|m| m.id.value.as_str());
        return Err(FreezeError::UnknownManual {
            id: id.to_owned(),
            closest: crate::diagnostic::closest(id, ids).map(str::to_owned),
        });
    };
    if crate::resolve::is_draft(manual) {
        return Err(FreezeError::Draft { id: id.to_owned() });
    }
    let version = manual
        .version
        .as_ref()
        .map(|v| v.value.trim().to_owned())
        .filter(|v| version_numbers(v.trim()).is_some())
        .ok_or_else(|| FreezeError::NoVersion { id: id.to_owned() })?;
    let numbers = version_numbers(version.trim()).unwrap_or_default();
    let frozen_versions: Vec<String> = project
        .releases
        .iter()
        .filter(|r| r.manual.as_ref().is_some_and(|m| m.id.value == id))
        .filter_map(|r| r.record.version.as_ref().map(|v| v.value.trim().to_owned()))
        .collect();
    let manual_dir = project.root.join("releases").join(id);
    if frozen_versions.contains(&version) || manual_dir.join(&version).exists() {
        return Err(FreezeError::Exists {
            id: id.to_owned(),
            version,
        });
    }
    if let Some(last) = frozen_versions
        .iter()
        .filter_map(|v| Some((version_numbers(v.trim())?, v)))
        .max()
        .filter(|(last, _)| *last >= numbers)
    {
        return Err(FreezeError::NotGreater {
            id: id.to_owned(),
            version,
            last: last.1.clone(),
        });
    }

    let files = manual_files(&project.sources, manual);
    let target = manual_dir.join(&version);
    let staging = manual_dir.join(format!(".{version}.partial-{}", std::process::id()));
    let written = write_release(&staging, &files, id, &version, today)
        .and_then(|()| fs::rename(&staging, &target).map_err(|e| (target.clone(), e)));
    if let Err((path, e)) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(FreezeError::Write(path, e));
    }
    Ok(Frozen {
        manual: id.to_owned(),
        version: version.clone(),
        folder: format!("releases/{id}/{version}"),
        files: files.len(),
    })
}

fn write_release(
    staging: &Path,
    files: &[(String, PathBuf)],
    id: &str,
    version: &str,
    today: Date,
) -> Result<(), (PathBuf, io::Error)> {
    let _ = fs::remove_dir_all(staging);
    fs::create_dir_all(staging).map_err(|e| (staging.to_path_buf(), e))?;
    let mut record = String::new();
    record.push_str("# Versión congelada por «norma release». No modifique estos archivos:\n");
    record.push_str("# «norma check» compara cada uno con su huella SHA-256.\n");
    record.push_str(&format!("manual: {}\n", quoted(id)));
    record.push_str(&format!("version: {}\n", quoted(version)));
    record.push_str(&format!("date: {today}\n"));
    record.push_str("files:\n");
    for (relative, source) in files {
        let bytes = fs::read(source).map_err(|e| (source.clone(), e))?;
        let copy = staging.join(relative);
        if let Some(folder) = copy.parent() {
            fs::create_dir_all(folder).map_err(|e| (folder.to_path_buf(), e))?;
        }
        fs::write(&copy, &bytes).map_err(|e| (copy.clone(), e))?;
        record.push_str(&format!("  {}: {}\n", quoted(relative), sha256_hex(&bytes)));
    }
    let record_path = staging.join(RECORD_FILE);
    fs::write(&record_path, record).map_err(|e| (record_path, e))
}

/// A YAML double-quoted scalar.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

crate::i18n::localized_error!(
    FreezeError,
    FreezeError::Load(e) => e,
    FreezeError::Write(_, e) => e,
);
