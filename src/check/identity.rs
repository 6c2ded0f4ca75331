//! Identity rules: manual ids, claves against `code_pattern`, codes used twice,
//! versions and dates, and sections that should list a manual's entries.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostics;
use crate::load::Project;
use crate::model::SectionContent;
use crate::numbering::version_numbers;
use crate::source::{Loc, Located};

use super::lang;

pub fn check(project: &Project, diags: &mut Diagnostics) {
    check_manual_ids(project, diags);
    check_code_pattern(project, diags);
    check_duplicate_claves(project, diags);
    for manual in &project.manuals {
        check_versions_and_dates(project, manual, diags);
        check_sections_list_entries(project, manual, diags);
    }
}

fn check_manual_ids(project: &Project, diags: &mut Diagnostics) {
    let lang = lang(project);
    let mut seen: BTreeMap<&str, Loc> = BTreeMap::new();
    for manual in &project.manuals {
        let id = &manual.id;
        let valid = !id.value.is_empty()
            && id
                .value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            diags.error(
                "E-MANUAL-ID",
                id.at,
                lang.t(
                    format!("«{}» no sirve como id de manual: solo se admiten minúsculas sin acentos, números y guiones", id.value),
                    format!("“{}” cannot be a manual id: only lowercase letters without accents, digits and hyphens are allowed", id.value),
                ),
                Some(lang.t("por ejemplo: mo-dir", "for example: mo-dir")),
            );
        }
        if let Some(first) = seen.get(id.value.as_str()) {
            let other = project.sources.path(first.file);
            diags.error(
                "E-MANUAL-ID",
                id.at,
                lang.t(
                    format!("el id de manual «{}» ya lo usa {other}", id.value),
                    format!("the manual id “{}” is already used by {other}", id.value),
                ),
                Some(lang.t(
                    "cada manual necesita un id distinto",
                    "each manual needs a different id",
                )),
            );
        } else {
            seen.insert(&id.value, manual.id.at);
        }
    }
}

fn check_code_pattern(project: &Project, diags: &mut Diagnostics) {
    let lang = lang(project);
    let Some(pattern) = &project.settings.code_pattern else {
        return;
    };
    let regex = match regex_lite::Regex::new(&pattern.value) {
        Ok(r) => r,
        Err(e) => {
            diags.error(
                "E-PATTERN-INVALID",
                pattern.at,
                lang.t(
                    "code_pattern no es una expresión regular válida (revise los paréntesis, corchetes, llaves y barras invertidas)".to_owned(),
                    format!("code_pattern is not a valid regular expression: {e}"),
                ),
                Some(lang.t(
                    "por ejemplo: '^[0-9A-Z]{4}-[0-9A-Z]{3}-[0-9]{3}$' (entre comillas simples)",
                    "for example: '^[0-9A-Z]{4}-[0-9A-Z]{3}-[0-9]{3}$' (in single quotes)",
                )),
            );
            return;
        }
    };
    let mut check = |code: &Located<String>, what: String| {
        if !regex.is_match(&code.value) {
            diags.error(
                "E-CODE-PATTERN",
                code.at,
                lang.t(
                    format!(
                        "la clave «{}» de {what} no tiene la forma de las claves de registro",
                        code.value
                    ),
                    format!(
                        "the clave “{}” of {what} does not have the form of a registration key",
                        code.value
                    ),
                ),
                Some(lang.t(
                    format!(
                        "debe cumplir el patrón {} de norma.yaml, por ejemplo 2000-002-001",
                        pattern.value
                    ),
                    format!(
                        "it must match the pattern {} in norma.yaml, for example 2000-002-001",
                        pattern.value
                    ),
                )),
            );
        }
    };
    for manual in &project.manuals {
        if let Some(code) = &manual.code {
            check(
                code,
                lang.t(
                    format!("el manual {}", manual.id.value),
                    format!("manual {}", manual.id.value),
                ),
            );
        }
        for p in &manual.procedures {
            check(&p.code, lang.t("el procedimiento", "the procedure"));
        }
        for f in &manual.forms {
            check(&f.code, lang.t("el formato", "the form"));
        }
        for g in &manual.guides {
            check(
                &g.code,
                lang.t("la guía de supervisión", "the supervision guide"),
            );
        }
    }
}

/// A code used twice in one namespace: the message names both places.
pub(super) fn report_duplicates<'a>(
    project: &Project,
    codes: impl IntoIterator<Item = &'a Located<String>>,
    what_es: &str,
    what_en: &str,
    diags: &mut Diagnostics,
) {
    let lang = lang(project);
    let mut seen: BTreeMap<&str, Loc> = BTreeMap::new();
    for code in codes {
        match seen.get(code.value.as_str()) {
            Some(first) => {
                let place = format!(
                    "{}:{}:{}",
                    project.sources.path(first.file),
                    first.line,
                    first.col
                );
                diags.error(
                    "E-CODE-DUPLICATE",
                    code.at,
                    lang.t(
                        format!("hay dos definiciones de {what_es} «{}»: aquí y en {place}", code.value),
                        format!("there are two definitions of {what_en} “{}”: here and in {place}", code.value),
                    ),
                    Some(lang.t(
                        "cada código identifica una sola entrada; cambie uno de los dos o borre el repetido",
                        "each code identifies one entry; change one of them or delete the repeated one",
                    )),
                );
            }
            None => {
                seen.insert(&code.value, code.at);
            }
        }
    }
}

fn check_duplicate_claves(project: &Project, diags: &mut Diagnostics) {
    let manuals = &project.manuals;
    report_duplicates(
        project,
        manuals.iter().filter_map(|m| m.code.as_ref()),
        "la clave de manual",
        "the manual clave",
        diags,
    );
    report_duplicates(
        project,
        manuals
            .iter()
            .flat_map(|m| m.procedures.iter().map(|p| &p.code)),
        "el procedimiento",
        "procedure",
        diags,
    );
    report_duplicates(
        project,
        manuals.iter().flat_map(|m| m.forms.iter().map(|f| &f.code)),
        "el formato",
        "form",
        diags,
    );
    report_duplicates(
        project,
        manuals
            .iter()
            .flat_map(|m| m.guides.iter().map(|g| &g.code)),
        "la guía de supervisión",
        "supervision guide",
        diags,
    );
    for manual in manuals {
        report_duplicates(
            project,
            manual.units.iter().map(|u| &u.code),
            "la unidad",
            "unit",
            diags,
        );
    }
    check_claves_across_kinds(project, diags);
}

/// A clave is a document's registration key: a procedure cannot carry a
/// form's clave, nor a guide its manual's. (Two of one kind are reported above.)
fn check_claves_across_kinds(project: &Project, diags: &mut Diagnostics) {
    let lang = lang(project);
    let (manual_es, procedure_es, form_es, guide_es) =
        ("el manual", "el procedimiento", "el formato", "la guía");
    let (manual_en, procedure_en, form_en, guide_en) =
        ("the manual", "the procedure", "the form", "the guide");
    let mut claves: Vec<(&Located<String>, &str, &str)> = Vec::new();
    for m in &project.manuals {
        // A procedures manual that holds one procedure may carry its clave:
        // that is how a single registered procedure is published.
        let single = match (&m.code, m.procedures.as_slice()) {
            (Some(code), [only]) => {
                m.forms.is_empty() && m.guides.is_empty() && code.value == only.code.value
            }
            _ => false,
        };
        if !single {
            claves.extend(m.code.iter().map(|c| (c, manual_es, manual_en)));
        }
        claves.extend(
            m.procedures
                .iter()
                .map(|p| (&p.code, procedure_es, procedure_en)),
        );
        claves.extend(m.forms.iter().map(|f| (&f.code, form_es, form_en)));
        claves.extend(m.guides.iter().map(|g| (&g.code, guide_es, guide_en)));
    }
    let mut first: BTreeMap<&str, (Loc, &str, &str)> = BTreeMap::new();
    for (code, what_es, what_en) in claves {
        match first.get(code.value.as_str()) {
            Some(&(at, other_es, other_en)) if other_es != what_es => {
                let place = format!("{}:{}:{}", project.sources.path(at.file), at.line, at.col);
                diags.error(
                    "E-CODE-DUPLICATE",
                    code.at,
                    lang.t(
                        format!(
                            "la clave «{}» de {what_es} ya es la de {other_es} en {place}",
                            code.value
                        ),
                        format!(
                            "the clave “{}” of {what_en} is already that of {other_en} in {place}",
                            code.value
                        ),
                    ),
                    Some(lang.t(
                        "una clave de registro identifica un solo documento del proyecto; asigne otra",
                        "a registration clave identifies one document of the project; give it another",
                    )),
                );
            }
            Some(_) => {}
            None => {
                first.insert(&code.value, (code.at, what_es, what_en));
            }
        }
    }
}

fn check_versions_and_dates(
    project: &Project,
    manual: &crate::model::Manual,
    diags: &mut Diagnostics,
) {
    let lang = lang(project);
    let mut check_version = |v: &Located<String>, field: &str| -> Option<Vec<u32>> {
        let numbers = version_numbers(v.value.trim());
        if numbers.is_none() {
            diags.error(
                "E-VERSION-INVALID",
                v.at,
                lang.t(
                    format!("«{}» no es una versión válida para «{field}»: use números separados por puntos", v.value),
                    format!("“{}” is not a valid version for “{field}”: use numbers separated by dots", v.value),
                ),
                Some(lang.t(
                    "por ejemplo: version: \"3.1\" (entre comillas, para que 3.10 no se lea como 3.1)",
                    "for example: version: \"3.1\" (in quotes, so that 3.10 is not read as 3.1)",
                )),
            );
        }
        numbers
    };
    let version = manual
        .version
        .as_ref()
        .and_then(|v| check_version(v, "version"));
    let supersedes = manual
        .supersedes
        .as_ref()
        .and_then(|v| check_version(v, "supersedes").map(|n| (v, n)));
    for change in &manual.changes {
        check_version(&change.version, "changes.version");
    }
    if let (Some(version), Some((written, old))) = (&version, supersedes)
        && old >= *version
    {
        diags.error(
            "E-VERSION-INVALID",
            written.at,
            lang.t(
                format!(
                    "la versión {} no puede dejar sin efecto a la {}: debe ser anterior",
                    manual
                        .version
                        .as_ref()
                        .map(|v| v.value.as_str())
                        .unwrap_or(""),
                    written.value
                ),
                format!(
                    "version {} cannot supersede {}: it must be earlier",
                    manual
                        .version
                        .as_ref()
                        .map(|v| v.value.as_str())
                        .unwrap_or(""),
                    written.value
                ),
            ),
            None,
        );
    }
    if let (Some(authorized), Some(effective)) = (&manual.authorized, &manual.effective)
        && effective.value < authorized.value
    {
        diags.error(
            "E-DATE-ORDER",
            effective.at,
            lang.t(
                format!(
                    "la entrada en vigor ({}) es anterior a la autorización ({})",
                    effective.value, authorized.value
                ),
                format!(
                    "the entry into force ({}) is before the authorization ({})",
                    effective.value, authorized.value
                ),
            ),
            Some(lang.t(
                "un manual entra en vigor el día de su autorización o después",
                "a manual comes into force on the day it is authorized or later",
            )),
        );
    }
    if let Some(version) = &manual.version
        && version_numbers(version.value.trim()).is_some()
        && !manual.changes.is_empty()
        && !manual
            .changes
            .iter()
            .any(|c| c.version.value.trim() == version.value.trim())
    {
        diags.warning(
            "W-CHANGES-MISSING",
            manual.changes[0].at,
            lang.t(
                format!(
                    "el control de cambios no registra la versión {} del manual",
                    version.value
                ),
                format!(
                    "the change log has no entry for the manual's version {}",
                    version.value
                ),
            ),
            Some(lang.t(
                "agregue al inicio de «changes» una entrada con version, date y summary",
                "add an entry with version, date and summary at the top of “changes”",
            )),
        );
    }
}

fn check_sections_list_entries(
    project: &Project,
    manual: &crate::model::Manual,
    diags: &mut Diagnostics,
) {
    let lang = lang(project);
    let kinds: [(&str, Option<Loc>, &str, &str); 3] = [
        (
            "procedures",
            manual.procedures.first().map(|p| p.code.at),
            "procedimientos",
            "procedures",
        ),
        (
            "forms",
            manual.forms.first().map(|f| f.code.at),
            "formatos",
            "forms",
        ),
        (
            "guides",
            manual.guides.first().map(|g| g.code.at),
            "guías de supervisión",
            "supervision guides",
        ),
    ];
    // Two sections generating the same thing: printed twice, and the one
    // the author meant to write (often the glossary) missing.
    let mut generated: BTreeMap<&str, usize> = BTreeMap::new();
    for section in &manual.sections {
        let SectionContent::Generate(g) = &section.content else {
            continue;
        };
        if let Some(&first) = generated.get(g.value.as_str()) {
            diags.error(
                "E-SECTION-CONTENT",
                g.at,
                lang.t(
                    format!("la sección {} genera «{}», como ya lo hace la sección {first}: se imprimiría dos veces", section.number, g.value),
                    format!("section {} generates “{}”, as section {first} already does: it would print twice", section.number, g.value),
                ),
                Some(lang.t(
                    "corrija el «generate» de una de las dos (¿era glossary, orgchart, units…?) o borre la que sobra",
                    "correct the “generate” of one of the two (was it glossary, orgchart, units…?) or delete the one left over",
                )),
            );
        } else {
            generated.insert(&g.value, section.number);
        }
    }
    // A section that lists a kind of entry the manual has none of
    // (`generate: units` in a procedures manual): the likely slip.
    let has = |kind: &str| match kind {
        "units" => !manual.units.is_empty(),
        "procedures" => !manual.procedures.is_empty(),
        "forms" => !manual.forms.is_empty(),
        "guides" => !manual.guides.is_empty(),
        _ => true,
    };
    let empty_list = manual.sections.iter().find_map(|s| match &s.content {
        SectionContent::Generate(g) if !has(&g.value) => Some(g),
        _ => None,
    });
    for (generate, first, es, en) in kinds {
        let Some(at) = first else { continue };
        if manual.generated_section(generate).is_none() {
            let (at, hint) = match empty_list {
                Some(g) => (
                    g.at,
                    lang.t(
                        format!("«generate: {}» lista lo que este manual no tiene: ¿quiso decir «generate: {generate}»?", g.value),
                        format!("“generate: {}” lists what this manual does not have: did you mean “generate: {generate}”?", g.value),
                    ),
                ),
                None => (
                    at,
                    lang.t(
                        format!("agregue en manual.yaml una sección con «generate: {generate}»"),
                        format!("add a section with “generate: {generate}” to manual.yaml"),
                    ),
                ),
            };
            diags.warning(
                "W-SECTION-MISSING",
                at,
                lang.t(
                    format!(
                        "el manual {} tiene {es} pero ninguna sección los lista: su PDF no los incluirá y la página del manual no los enumera",
                        manual.id.value
                    ),
                    format!(
                        "manual {} has {en} but no section lists them: its PDF will not include them and the manual's page does not list them",
                        manual.id.value
                    ),
                ),
                Some(hint),
            );
        }
    }
}
