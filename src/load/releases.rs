//! Loading `releases/<manual-id>/<version>/`: the record, the fingerprint of
//! every file it lists (what `norma check` compares), the files it does not list,
//! and the frozen manual itself, read exactly like a manual of `content/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path};

use super::Loader;
use crate::model::release::RECORD_FILE;
use crate::model::{Manual, Release, ReleaseRecord};
use crate::source::sha256_hex;
use crate::source::{Loc, display_path};

impl Loader<'_> {
    /// Every release of every manual, by manual folder and version folder name.
    /// Folders whose name starts with a dot (a release being written) are skipped.
    pub(super) fn load_releases(&mut self, dir: &Path, current: &[Manual]) -> Vec<Release> {
        let mut releases = Vec::new();
        for manual_dir in subfolders(dir) {
            let Some(id) = manual_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
            else {
                continue;
            };
            for version_dir in subfolders(&manual_dir) {
                releases.push(self.load_release(&version_dir, &id, current));
            }
        }
        releases
    }

    fn load_release(&mut self, dir: &Path, id: &str, current: &[Manual]) -> Release {
        let version = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = format!("{id}/{version}");
        let record_path = dir.join(RECORD_FILE);
        let lang = self.lang;
        let mut record = if record_path.is_file() {
            let (file, node) = self.parse_file(&record_path);
            match node {
                Some(node) => ReleaseRecord::read(&mut self.reader(), &node, file, &folder),
                None => empty_record(file),
            }
        } else {
            let shown = display_path(&self.root, &record_path);
            let file = self.sources.add(shown.clone(), record_path, String::new());
            self.diags.error(
                "E-RELEASE-RECORD",
                Loc::file_start(file),
                lang.t(
                    format!("la versión congelada releases/{folder} no tiene su registro {RECORD_FILE}"),
                    format!("the frozen release releases/{folder} has no {RECORD_FILE} record"),
                ),
                Some(lang.t(
                    "las versiones se congelan con «norma release MANUAL»; recupere la carpeta del control de versiones (git checkout -- releases/) o bórrela si no es una versión publicada",
                    "releases are frozen with “norma release MANUAL”; restore the folder from version control (git checkout -- releases/) or delete it if it is not a published version",
                )),
            );
            empty_record(file)
        };

        for frozen in &mut record.files {
            if !is_plain_relative(&frozen.path.value) {
                self.diags.error(
                    "E-RELEASE-RECORD",
                    frozen.path.at,
                    lang.t(
                        format!("la ruta «{}» del registro sale de la carpeta de la versión; norma no la lee", frozen.path.value),
                        format!("the path “{}” in the record leaves the release's folder; norma does not read it", frozen.path.value),
                    ),
                    Some(lang.t(
                        "release.yaml lo escribe «norma release»; recupérelo del control de versiones",
                        "release.yaml is written by “norma release”; restore it from version control",
                    )),
                );
                continue;
            }
            let path = dir.join(&frozen.path.value);
            if path.is_file() {
                frozen.actual = self.read_bytes(&path).map(|bytes| sha256_hex(&bytes));
            }
        }

        let listed: Vec<&str> = record.files.iter().map(|f| f.path.value.as_str()).collect();
        let unlisted = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_type().is_dir())
            .filter_map(|e| {
                let relative = display_path(dir, e.path());
                (relative != RECORD_FILE && !listed.contains(&relative.as_str()))
                    .then_some(relative)
            })
            .collect();

        let manual = self.load_manual(dir, Some(id));
        let same_as_content = manual.as_ref().and_then(|frozen| {
            let content = current.iter().find(|m| {
                m.id.value == frozen.id.value
                    && m.version.as_ref().map(|v| v.value.trim())
                        == frozen.version.as_ref().map(|v| v.value.trim())
            })?;
            let recorded: BTreeMap<&str, &str> = record
                .files
                .iter()
                .map(|f| (f.path.value.as_str(), f.recorded.value.as_str()))
                .collect();
            let now: Vec<(String, Option<String>)> = manual_files(&self.sources, content)
                .into_iter()
                .map(|(relative, path)| (relative, fs::read(path).ok().map(|b| sha256_hex(&b))))
                .collect();
            Some(
                now.len() == recorded.len()
                    && now.iter().all(|(relative, hash)| {
                        hash.as_deref()
                            .is_some_and(|h| recorded.get(relative.as_str()) == Some(&h))
                    }),
            )
        });
        Release {
            dir: dir.to_path_buf(),
            record,
            manual,
            unlisted,
            same_as_content,
        }
    }
}

fn empty_record(file: crate::source::FileId) -> ReleaseRecord {
    ReleaseRecord {
        file,
        manual: None,
        version: None,
        date: None,
        files: Vec::new(),
    }
}

/// A path that stays inside the folder it is relative to: no root, no `..`.
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// The folders inside `dir`, sorted, without those whose name starts with a dot.
fn subfolders(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut folders: Vec<_> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    folders.sort();
    folders
}

/// The files a manual was loaded from, relative to its folder and sorted:
/// `manual.yaml`, the Markdown files its sections name, and every entry file.
/// Files norma only warned about (a stray YAML beside manual.yaml) are not the
/// manual's and are left out.
pub fn manual_files(
    sources: &crate::source::Sources,
    manual: &crate::model::Manual,
) -> Vec<(String, std::path::PathBuf)> {
    let mut files: Vec<(String, std::path::PathBuf)> = sources
        .under(&manual.dir)
        .into_iter()
        .filter(|(relative, _)| {
            relative.contains('/')
                || relative == "manual.yaml"
                || !matches!(
                    std::path::Path::new(relative)
                        .extension()
                        .and_then(|e| e.to_str()),
                    Some("yaml" | "yml")
                )
        })
        .map(|(relative, f)| (relative, f.absolute.clone()))
        .collect();
    files.sort();
    files.dedup_by(|a, b| a.0 == b.0);
    files
}
