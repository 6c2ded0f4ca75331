//! The rules `norma check` runs over `releases/`: a frozen version must stay
//! exactly as `norma release` wrote it. A file whose SHA-256 changed, a listed
//! file that is gone and a file the record does not list are errors that name
//! the file; a record that does not match its folder is one too. Beside them,
//! the current content is compared with the releases: a manual edited after its
//! version was frozen (and still carrying that version) is a warning, and a
//! version lower than the last release an error.

use crate::diagnostic::Diagnostics;
use crate::load::Project;
use crate::model::release::RECORD_FILE;
use crate::numbering::version_numbers;
use crate::source::{Loc, display_path};

pub fn check(project: &Project, diags: &mut Diagnostics) {
    let lang = project.settings.language;
    let restore = || {
        lang.t(
            "una versión publicada no cambia: recupere el archivo del control de versiones (git checkout -- releases/). Para cambiar el contenido, edite content/ y congele una versión nueva",
            "a published version does not change: restore the file from version control (git checkout -- releases/). To change the content, edit content/ and freeze a new version",
        )
    };
    for release in &project.releases {
        let folder = display_path(&project.root, &release.dir);
        let record_at = release.record.at();
        // A frozen file's own location when it was read, else the record's line.
        let file_at = |relative: &str, fallback: Loc| {
            project
                .sources
                .find(&format!("{folder}/{relative}"))
                .map(Loc::file_start)
                .unwrap_or(fallback)
        };
        for frozen in &release.record.files {
            let shown = format!("{folder}/{}", frozen.path.value);
            match &frozen.actual {
                None => diags.error(
                    "E-RELEASE-MISSING",
                    frozen.path.at,
                    lang.t(
                        format!("falta el archivo congelado {shown}"),
                        format!("the frozen file {shown} is missing"),
                    ),
                    Some(restore()),
                ),
                Some(actual) if *actual != frozen.recorded.value.trim().to_ascii_lowercase() => {
                    diags.error(
                        "E-RELEASE-CHANGED",
                        file_at(&frozen.path.value, frozen.path.at),
                        lang.t(
                            format!("el archivo congelado {shown} cambió después de congelarse (su SHA-256 ya no es el de {RECORD_FILE})"),
                            format!("the frozen file {shown} changed after it was frozen (its SHA-256 no longer matches {RECORD_FILE})"),
                        ),
                        Some(restore()),
                    )
                }
                Some(_) => {}
            }
        }
        for relative in &release.unlisted {
            diags.error(
                "E-RELEASE-EXTRA",
                file_at(relative, record_at),
                lang.t(
                    format!("el archivo {folder}/{relative} no es parte de la versión congelada: {RECORD_FILE} no lo lista"),
                    format!("the file {folder}/{relative} is not part of the frozen release: {RECORD_FILE} does not list it"),
                ),
                Some(lang.t(
                    "bórrelo; para añadir contenido, edite content/ y congele una versión nueva",
                    "delete it; to add content, edit content/ and freeze a new version",
                )),
            );
        }
        check_record_matches_folder(project, release, &folder, diags);
    }
    check_content_against_releases(project, diags);
}

/// The record names the manual and version its folder does, and so does the
/// frozen manual.yaml.
fn check_record_matches_folder(
    project: &Project,
    release: &crate::model::Release,
    folder: &str,
    diags: &mut Diagnostics,
) {
    let lang = project.settings.language;
    let mut parts = folder.rsplit('/');
    let (version_folder, id_folder) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let record = &release.record;
    let mismatch = |diags: &mut Diagnostics,
                    at: Loc,
                    what_es: &str,
                    what_en: &str,
                    written: &str,
                    expected: &str| {
        diags.error(
            "E-RELEASE-RECORD",
            at,
            lang.t(
                format!("{RECORD_FILE} de {folder} dice {what_es} «{written}», pero {expected}"),
                format!("{RECORD_FILE} of {folder} says {what_en} “{written}”, but {expected}"),
            ),
            Some(lang.t(
                "release.yaml lo escribe «norma release»; no mueva ni renombre las carpetas de releases/",
                "release.yaml is written by “norma release”; do not move or rename the folders of releases/",
            )),
        );
    };
    if let Some(m) = &record.manual
        && m.value != id_folder
    {
        mismatch(
            diags,
            m.at,
            "el manual",
            "manual",
            &m.value,
            &lang.t(
                format!("está en la carpeta del manual «{id_folder}»"),
                format!("it is in the folder of manual “{id_folder}”"),
            ),
        );
    }
    if let Some(v) = &record.version
        && v.value.trim() != version_folder
    {
        mismatch(
            diags,
            v.at,
            "la versión",
            "version",
            &v.value,
            &lang.t(
                format!("su carpeta es «{version_folder}»"),
                format!("its folder is “{version_folder}”"),
            ),
        );
    }
    if let (Some(v), Some(manual)) = (&record.version, &release.manual)
        && let Some(frozen) = &manual.version
        && frozen.value.trim() != v.value.trim()
    {
        mismatch(
            diags,
            v.at,
            "la versión",
            "version",
            &v.value,
            &lang.t(
                format!("el manual.yaml congelado dice «{}»", frozen.value),
                format!("the frozen manual.yaml says “{}”", frozen.value),
            ),
        );
    }
}

/// Each manual of `content/` against its releases: the same version edited after
/// it was frozen, or a version below the last one frozen.
fn check_content_against_releases(project: &Project, diags: &mut Diagnostics) {
    let lang = project.settings.language;
    for manual in &project.manuals {
        let Some(version) = &manual.version else {
            continue;
        };
        let Some(numbers) = version_numbers(version.value.trim()) else {
            continue;
        };
        let frozen: Vec<&crate::model::Release> = project
            .releases
            .iter()
            .filter(|r| {
                r.manual
                    .as_ref()
                    .is_some_and(|m| m.id.value == manual.id.value)
            })
            .collect();
        if frozen.iter().any(|r| r.same_as_content == Some(false)) {
            diags.warning(
                "W-RELEASE-EDITED",
                version.at,
                lang.t(
                    format!(
                        "el manual {} cambió después de congelar su versión {}, pero su versión sigue siendo {}: se publica la versión congelada y estos cambios no se publican",
                        manual.id.value, version.value, version.value
                    ),
                    format!(
                        "manual {} changed after its version {} was frozen, but its version is still {}: the frozen version is published and these changes are not",
                        manual.id.value, version.value, version.value
                    ),
                ),
                Some({
                    let next = next_version(&numbers);
                    let now = version.value.trim();
                    lang.t(
                        format!("suba «version» (por ejemplo, de {now} a {next}), con su fecha de entrada en vigor «effective», y use «status: draft» mientras la edita"),
                        format!("raise “version” (for example, from {now} to {next}), with its “effective” date, and use “status: draft” while you edit it"),
                    )
                }),
            );
        }
        let latest = frozen
            .iter()
            .filter_map(|r| r.record.version.as_ref())
            .filter_map(|v| Some((version_numbers(v.value.trim())?, v.value.trim().to_owned())))
            .max();
        if let Some((latest_numbers, latest_text)) = latest
            && numbers < latest_numbers
        {
            diags.error(
                "E-VERSION-BEHIND",
                version.at,
                lang.t(
                    format!(
                        "la versión {} del manual {} es menor que la última congelada ({latest_text})",
                        version.value, manual.id.value
                    ),
                    format!(
                        "version {} of manual {} is lower than the last frozen one ({latest_text})",
                        version.value, manual.id.value
                    ),
                ),
                Some(lang.t(
                    format!("el contenido de content/ es la versión siguiente: escriba una mayor que {latest_text}"),
                    format!("the content of content/ is the next version: write one greater than {latest_text}"),
                )),
            );
        }
    }
}

/// The version after `numbers`, by its last number: 3.1 → 3.2, 2 → 3.
fn next_version(numbers: &[u32]) -> String {
    let mut next = numbers.to_vec();
    if let Some(last) = next.last_mut() {
        *last += 1;
    }
    next.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}
