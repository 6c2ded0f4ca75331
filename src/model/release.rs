//! A frozen release: `releases/<manual-id>/<version>/`, a copy of a manual's
//! sources as they were when `norma release` froze them, and its `release.yaml`
//! (the version, the day, and the SHA-256 of every file). This is the raw model;
//! freezing, verifying and ordering releases live in `commands::release`, `check::release` and `resolve::timeline`.

use std::path::PathBuf;

use crate::date::Date;
use crate::source::{FileId, Loc, Located};
use crate::yaml::read::Reader;
use crate::yaml::{Node, Value};

use super::Manual;

/// The record's name inside a release folder.
pub const RECORD_FILE: &str = "release.yaml";

pub const RECORD_FIELDS: &[&str] = &["manual", "version", "date", "files"];

/// One frozen version of a manual.
#[derive(Debug, Clone)]
pub struct Release {
    /// `releases/<manual-id>/<version>`, absolute.
    pub dir: PathBuf,
    pub record: ReleaseRecord,
    /// The frozen manual, loaded from `dir` like a manual of `content/`.
    pub manual: Option<Manual>,
    /// Files in `dir` that the record does not list (relative, `/`-separated).
    pub unlisted: Vec<String>,
    /// Whether the manual's current sources in `content/` are byte for byte the
    /// frozen ones: `None` when `content/` holds another version of the manual.
    pub same_as_content: Option<bool>,
}

/// What `release.yaml` says.
#[derive(Debug, Clone)]
pub struct ReleaseRecord {
    pub file: FileId,
    pub manual: Option<Located<String>>,
    pub version: Option<Located<String>>,
    pub date: Option<Located<Date>>,
    pub files: Vec<FrozenFile>,
}

/// One file of a release: where the record lists it, and its fingerprints.
#[derive(Debug, Clone)]
pub struct FrozenFile {
    /// Relative to the release folder, `/`-separated: `units/7.3.1.1.yaml`.
    pub path: Located<String>,
    /// The SHA-256 the record holds (lowercase hex).
    pub recorded: Located<String>,
    /// The SHA-256 of the file on disk now; `None` when it is missing or cannot
    /// be read.
    pub actual: Option<String>,
}

impl ReleaseRecord {
    /// Reads `release.yaml`. The `actual` hashes are filled by the loader.
    pub fn read(r: &mut Reader, node: &Node, file: FileId, folder: &str) -> ReleaseRecord {
        let mut record = ReleaseRecord {
            file,
            manual: None,
            version: None,
            date: None,
            files: Vec::new(),
        };
        let what = r.lang.t(
            format!("el registro de la versión congelada {folder}"),
            format!("the record of the frozen release {folder}"),
        );
        let Some(mut f) = r.fields(node, what) else {
            return record;
        };
        record.manual = r.required_text(&mut f, "manual");
        record.version = r.required_text(&mut f, "version");
        record.date = r.date(&mut f, "date", true);
        match f.get("files").map(|n| &n.value) {
            Some(Value::Map(entries)) => {
                for (path, hash) in entries {
                    if let Some(hash) = r.text_node(hash, &path.value, &f.what) {
                        record.files.push(FrozenFile {
                            path: path.clone(),
                            recorded: hash,
                            actual: None,
                        });
                    }
                }
            }
            Some(_) | None => {
                let at = f.key_at("files").unwrap_or(f.at);
                r.diags.error(
                    "E-RELEASE-RECORD",
                    at,
                    r.lang.t(
                        format!("{} no tiene la lista «files» (cada archivo con su SHA-256)", f.what),
                        format!("{} has no “files” map (each file with its SHA-256)", f.what),
                    ),
                    Some(r.lang.t(
                        "release.yaml lo escribe «norma release»; no lo edite a mano. Recupérelo del control de versiones (git checkout -- releases/)",
                        "release.yaml is written by “norma release”; do not edit it by hand. Restore it from version control (git checkout -- releases/)",
                    )),
                );
            }
        }
        r.finish(f, RECORD_FIELDS);
        record
    }

    /// Where a problem with the whole record is reported.
    pub fn at(&self) -> Loc {
        Loc::file_start(self.file)
    }
}
