//! `norma init` and `norma new`: a new project that builds at once, and a new
//! unit, procedure, form or guide from a template. Both write files that pass
//! `norma check` and start with the line that points the author's editor at
//! the schema of their kind (see `schema`).
//!
//! The starter project is real files under `src/scaffold/starter/`, embedded in
//! the binary: a small manual of each kind, with comments that teach the format.

use std::fs;
use std::path::{Path, PathBuf};

use crate::i18n::Lang;
use crate::model::manual::{Manual, SectionContent};

/// The starter project: path inside the project → contents.
const STARTER: &[(&str, &str)] = &[
    ("README.md", include_str!("starter/README.md")),
    ("norma.yaml", include_str!("starter/norma.yaml")),
    (
        "content/glossary.yaml",
        include_str!("starter/content/glossary.yaml"),
    ),
    (
        "content/offices.yaml",
        include_str!("starter/content/offices.yaml"),
    ),
    (
        "content/mo-ejemplo/manual.yaml",
        include_str!("starter/content/mo-ejemplo/manual.yaml"),
    ),
    (
        "content/mo-ejemplo/units/5.1.yaml",
        include_str!("starter/content/mo-ejemplo/units/5.1.yaml"),
    ),
    (
        "content/mo-ejemplo/units/5.2.yaml",
        include_str!("starter/content/mo-ejemplo/units/5.2.yaml"),
    ),
    (
        "content/mo-ejemplo/units/5.3.yaml",
        include_str!("starter/content/mo-ejemplo/units/5.3.yaml"),
    ),
    (
        "content/mp-ejemplo/manual.yaml",
        include_str!("starter/content/mp-ejemplo/manual.yaml"),
    ),
    (
        "content/mp-ejemplo/procedures/1000-003-001.yaml",
        include_str!("starter/content/mp-ejemplo/procedures/1000-003-001.yaml"),
    ),
    (
        "content/cf-ejemplo/manual.yaml",
        include_str!("starter/content/cf-ejemplo/manual.yaml"),
    ),
    (
        "content/cf-ejemplo/forms/1000-009-001.yaml",
        include_str!("starter/content/cf-ejemplo/forms/1000-009-001.yaml"),
    ),
    (
        "content/gs-ejemplo/manual.yaml",
        include_str!("starter/content/gs-ejemplo/manual.yaml"),
    ),
    (
        "content/gs-ejemplo/guides/1000-011-001.yaml",
        include_str!("starter/content/gs-ejemplo/guides/1000-011-001.yaml"),
    ),
    (
        ".gitignore",
        "# Lo que norma genera: se reconstruye con «norma build» y «norma package».\npublic/\ndist/\n.public.norma-spare/\n.dist.norma-spare/\n.public.norma-lock\n.dist.norma-lock\n# Una clave privada de firma nunca va al repositorio.\n*.key\n",
    ),
];

#[derive(Debug)]
pub enum ScaffoldError {
    NotEmpty(PathBuf),
    Write(PathBuf, std::io::Error),
    Load(crate::load::LoadError),
    UnknownManual {
        id: String,
        closest: Option<String>,
        /// The manuals there are.
        known: Vec<String>,
    },
    WrongKind {
        manual: String,
        manual_kind: String,
        wanted: &'static str,
    },
    BadCode {
        code: String,
        why: String,
        /// A unit's code, not a registration key (clave).
        unit: bool,
    },
    Exists {
        code: String,
        file: String,
    },
}

impl ScaffoldError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ScaffoldError::NotEmpty(dir) => lang.t(
                format!(
                    "la carpeta {} no está vacía; norma init no escribe sobre archivos existentes\nayuda: indique una carpeta nueva: norma init mi-normateca",
                    dir.display()
                ),
                format!(
                    "the folder {} is not empty; norma init does not write over existing files\nhelp: name a new folder: norma init my-project",
                    dir.display()
                ),
            ),
            ScaffoldError::Write(path, e) => lang.t(
                format!(
                    "no se pudo escribir {}: {}",
                    path.display(),
                    lang.write_reason(path, e)
                ),
                format!(
                    "could not write {}: {}",
                    path.display(),
                    lang.write_reason(path, e)
                ),
            ),
            ScaffoldError::Load(e) => e.message(lang),
            ScaffoldError::UnknownManual { id, closest, known } => {
                let hint = match closest {
                    Some(c) => lang.t(
                        format!("\nayuda: ¿quiso decir «{c}»?"),
                        format!("\nhelp: did you mean “{c}”?"),
                    ),
                    None if known.is_empty() => lang.t(
                        "\nayuda: el proyecto aún no tiene manuales",
                        "\nhelp: the project has no manuals yet",
                    ),
                    None => lang.t(
                        format!("\nayuda: los manuales son: {}", known.join(", ")),
                        format!("\nhelp: the manuals are: {}", known.join(", ")),
                    ),
                };
                lang.t(
                    format!("no hay un manual «{id}» en content/{hint}"),
                    format!("there is no manual “{id}” in content/{hint}"),
                )
            }
            ScaffoldError::WrongKind {
                manual,
                manual_kind,
                wanted,
            } => lang.t(
                format!(
                    "el manual «{manual}» es de tipo {manual_kind}; una entrada así va en un manual de tipo {wanted}"
                ),
                format!(
                    "manual “{manual}” is of kind {manual_kind}; such an entry belongs in a manual of kind {wanted}"
                ),
            ),
            ScaffoldError::BadCode { code, why, unit } => lang.t(
                format!(
                    "{} «{code}» no sirve: {why}",
                    if *unit { "el código" } else { "la clave" }
                ),
                format!("the code “{code}” cannot be used: {why}"),
            ),
            ScaffoldError::Exists { code, file } => lang.t(
                format!("ya existe «{code}» en {file}"),
                format!("“{code}” already exists in {file}"),
            ),
        }
    }
}

/// Writes the starter project into `dir` (created if missing; it must be
/// empty), with the schemas in `schemas/`. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<String>, ScaffoldError> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| ScaffoldError::Write(dir.to_owned(), e))?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty(dir.to_owned()));
        }
    }
    let mut written = Vec::new();
    for (path, text) in STARTER {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| ScaffoldError::Write(parent.to_owned(), e))?;
        }
        fs::write(&target, text).map_err(|e| ScaffoldError::Write(target.clone(), e))?;
        written.push((*path).to_owned());
    }
    let schemas = dir.join("schemas");
    for file in
        crate::schema::write_all(&schemas).map_err(|e| ScaffoldError::Write(schemas.clone(), e))?
    {
        written.push(format!("schemas/{file}"));
    }
    Ok(written)
}

/// What `norma new` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Unit,
    Procedure,
    Form,
    Guide,
}

impl EntryKind {
    pub fn parse(word: &str) -> Option<EntryKind> {
        Some(match word {
            "unit" => EntryKind::Unit,
            "procedure" => EntryKind::Procedure,
            "form" => EntryKind::Form,
            "guide" => EntryKind::Guide,
            _ => return None,
        })
    }

    /// The folder of the manual it goes in, and the manual kind that holds it.
    fn place(self) -> (&'static str, &'static str) {
        match self {
            EntryKind::Unit => ("units", "organization"),
            EntryKind::Procedure => ("procedures", "procedures"),
            EntryKind::Form => ("forms", "forms"),
            EntryKind::Guide => ("guides", "supervision"),
        }
    }
}

/// Writes a new entry of `kind` with `code` into manual `manual` of the project
/// at `root`; returns the project's language (for the messages) and the new
/// file's path inside the project.
pub fn new_entry(
    root: &Path,
    kind: EntryKind,
    code: &str,
    manual_id: &str,
) -> (Lang, Result<String, ScaffoldError>) {
    let checked = match crate::pipeline::check_project(root) {
        Ok(c) => c,
        Err(e) => return (Lang::Es, Err(ScaffoldError::Load(e))),
    };
    let lang = checked.project.settings.language;
    (
        lang,
        write_entry(root, &checked.project, kind, code, manual_id),
    )
}

fn write_entry(
    root: &Path,
    project: &crate::load::Project,
    kind: EntryKind,
    code: &str,
    manual_id: &str,
) -> Result<String, ScaffoldError> {
    let Some(manual) = project.manuals.iter().find(|m| m.id.value == manual_id) else {
        let ids: Vec<&str> = project
            .manuals
            .iter()
            .map(|m| m.id.value.as_str())
            .collect();
        return Err(ScaffoldError::UnknownManual {
            id: manual_id.to_owned(),
            closest: crate::diagnostic::closest(manual_id, ids.iter().copied()).map(str::to_owned),
            known: ids.iter().map(|s| s.to_string()).collect(),
        });
    };
    let (folder, wanted) = kind.place();
    let manual_kind = manual.kind.as_ref().map(|k| k.value.as_str()).unwrap_or("");
    if manual_kind != wanted {
        return Err(ScaffoldError::WrongKind {
            manual: manual_id.to_owned(),
            manual_kind: manual_kind.to_owned(),
            wanted,
        });
    }
    let lang = project.settings.language;
    let bad = |why: String| ScaffoldError::BadCode {
        code: code.to_owned(),
        why,
        unit: kind == EntryKind::Unit,
    };
    if code.is_empty() || code.contains(['/', '\\']) || code.starts_with('.') {
        return Err(bad(lang.t(
            "no puede quedar en blanco ni llevar / o \\".to_owned(),
            "it cannot be empty or hold / or \\".to_owned(),
        )));
    }
    // A unit's code is unique in its manual; a clave (registration key) is
    // unique in the whole project: a manual's, a procedure's, a form's and a
    // guide's.
    let taken = match kind {
        EntryKind::Unit => manual
            .units
            .iter()
            .find(|u| u.code.value == code)
            .map(|u| u.file),
        EntryKind::Procedure | EntryKind::Form | EntryKind::Guide => project
            .manuals
            .iter()
            .flat_map(claves_of)
            .find(|(c, _)| c.as_str() == code)
            .map(|(_, file)| file),
    };
    if let Some(file) = taken {
        return Err(ScaffoldError::Exists {
            code: code.to_owned(),
            file: project.sources.path(file).to_owned(),
        });
    }
    if kind == EntryKind::Unit {
        check_unit_code(manual, code, lang).map_err(bad)?;
    } else if let Some(pattern) = &project.settings.code_pattern
        && let Ok(re) = regex_lite::Regex::new(&pattern.value)
        && !re.is_match(code)
    {
        // An existing clave shows the form better than the pattern does.
        let example = project
            .manuals
            .iter()
            .flat_map(claves_of)
            .map(|(c, _)| c)
            .find(|c| re.is_match(c))
            .map(|e| lang.t(format!(", como {e}"), format!(", like {e}")))
            .unwrap_or_default();
        return Err(bad(lang.t(
            format!(
                "no tiene la forma de las claves de este proyecto{example} (code_pattern de norma.yaml: {})",
                pattern.value
            ),
            format!(
                "it is not shaped like this project's claves{example} (norma.yaml's code_pattern: {})",
                pattern.value
            ),
        )));
    }
    let relative_dir = manual
        .dir
        .strip_prefix(root)
        .unwrap_or(&manual.dir)
        .join(folder);
    let relative = relative_dir.join(format!("{code}.yaml"));
    let relative_text = relative.to_string_lossy().replace('\\', "/");
    let target = root.join(&relative);
    if target.exists() {
        return Err(ScaffoldError::Exists {
            code: code.to_owned(),
            file: relative_text,
        });
    }
    let schema_kind = crate::schema::kind_of_path(&relative_text)
        .or_else(|| crate::schema::kind(folder.trim_end_matches('s')))
        .expect("every entry kind has a schema");
    let modeline = crate::schema::modeline(&relative_text, schema_kind);
    let head = manual
        .units
        .iter()
        .map(|u| u.code.value.as_str())
        .find(|c| c.matches('.').count() == 1);
    let text = template(kind, code, manual_id, &modeline, head);
    fs::create_dir_all(root.join(&relative_dir))
        .map_err(|e| ScaffoldError::Write(relative_dir.clone(), e))?;
    fs::write(&target, text).map_err(|e| ScaffoldError::Write(target.clone(), e))?;
    Ok(relative_text)
}

/// A unit's code: numbers with dots, the first one the number of the section
/// that lists the units, and its section parent (7.3.1 for 7.3.1.2) existing
/// when it has more than two parts.
fn check_unit_code(manual: &Manual, code: &str, lang: Lang) -> Result<(), String> {
    let parts: Vec<&str> = code.split('.').collect();
    if parts.len() < 2
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(lang.t(
            "el código de una unidad son números separados por puntos, como 7.3.1.2".to_owned(),
            "a unit's code is numbers separated by dots, such as 7.3.1.2".to_owned(),
        ));
    }
    let section = manual
        .sections
        .iter()
        .find(|s| matches!(&s.content, SectionContent::Generate(g) if g.value == "units"));
    if parts.iter().any(|p| p.len() > 1 && p.starts_with('0')) {
        return Err(lang.t(
            "los números de un código van sin ceros a la izquierda: 5.6, no 05.6",
            "a code's numbers have no leading zeros: 5.6, not 05.6",
        ));
    }
    if let Some(section) = section
        && parts[0] != section.number.to_string()
    {
        return Err(lang.t(
            format!(
                "las unidades de este manual están en la sección {} («{}»): su código empieza con {}.",
                section.number, section.title.value, section.number
            ),
            format!(
                "this manual's units are in section {} (“{}”): their codes start with {}.",
                section.number, section.title.value, section.number
            ),
        ));
    }
    if parts.len() > 2 {
        let parent = parts[..parts.len() - 1].join(".");
        if !manual.units.iter().any(|u| u.code.value == parent) {
            return Err(lang.t(
                format!("no existe su unidad superior {parent}; créela primero: norma new unit {parent} --manual {}", manual.id.value),
                format!("its parent unit {parent} does not exist; create it first: norma new unit {parent} --manual {}", manual.id.value),
            ));
        }
    }
    Ok(())
}

/// Every clave of a manual: its own and its procedures', forms' and guides',
/// with the file that holds each.
fn claves_of(m: &Manual) -> Vec<(&String, crate::source::FileId)> {
    m.procedures
        .iter()
        .map(|p| (&p.code.value, p.file))
        .chain(m.forms.iter().map(|f| (&f.code.value, f.file)))
        .chain(m.guides.iter().map(|g| (&g.code.value, g.file)))
        .chain(m.code.as_ref().map(|c| (&c.value, m.file)))
        .collect()
}

/// What the unit template says of whom the unit reports to: by its code, its
/// section parent (5.4.1 → 5.4); a top-level unit (5.4) reports to no one
/// unless it says so, and in many manuals the first unit is the head of the
/// others (`head`).
fn reports_line(code: &str, head: Option<&str>) -> String {
    match code.rsplit_once('.') {
        Some((parent, _)) if parent.contains('.') => {
            format!("# Depende de la unidad {parent} por su código («reports_to» cambiaría eso).\n")
        }
        _ => match head {
            Some(head) if head != code => format!(
                "reports_to: \"{head}\"           # de quién depende en el organigrama; bórrelo si es una unidad principal\n"
            ),
            _ => "# reports_to: \"5.1\"          # opcional: de quién depende en el organigrama\n"
                .to_owned(),
        },
    }
}

/// The new file's text: valid as it is, with what to write in comments.
/// `head` is the manual's first top-level unit, if any.
fn template(
    kind: EntryKind,
    code: &str,
    manual: &str,
    modeline: &str,
    head: Option<&str>,
) -> String {
    let body = match kind {
        EntryKind::Unit => format!(
            r#"# Unidad {code} del manual {manual}. Sustituya los textos de ejemplo por los
# oficiales; «norma check» (o la vista previa de «norma serve») le dirá si falta algo.
# Referencia completa: la documentación de norma (docs/content.md, «Unidades»).

code: "{code}"                # número jerárquico, tal como se cita
name: Nombre oficial de la unidad {code}
{reports}objective: >-
  Escriba aquí el objetivo de la unidad.

# Funciones, en orden: se numeran solas. Cada una empieza con un verbo en infinitivo.
# Una función con incisos se escribe con «text» e «items».
functions:
  - Escribir aquí la primera función de la unidad.
  - text: >-
      Escribir aquí una función con incisos, en las materias siguientes:
    items:
      - Primer inciso.
      - Segundo inciso.
"#,
            reports = reports_line(code, head),
        ),
        EntryKind::Procedure => format!(
            r#"# Procedimiento {code} del manual {manual}. El diagrama de flujo se dibuja solo a
# partir de «actors» y «steps». Referencia completa: la documentación de norma
# (docs/content.md, «Procedimientos»).

code: {code}
name: Procedimiento para escribir aquí su nombre
# owner: unit:MANUAL/CÓDIGO     # opcional: la unidad responsable
objective: >-
  Escriba aquí el objetivo del procedimiento.

# Quienes intervienen: cada uno es un carril del diagrama.
actors:
  - id: solicitante
    name: Persona solicitante
  - id: area
    name: Área responsable

# Actividades, en orden: se numeran solas. «do» empieza con un verbo en presente.
steps:
  - actor: solicitante
    do: Presenta la solicitud.
  - id: revisa
    actor: area
    do: Revisa la solicitud.
    decide:
      question: ¿La solicitud está completa?
      branches:
        - {{ when: "Sí", goto: atiende }}
        - {{ when: "No", goto: devuelve }}
  - id: devuelve
    actor: area
    do: Devuelve la solicitud con sus observaciones.
    end: true
  - id: atiende
    actor: area
    do: Atiende la solicitud.
    end: true
"#
        ),
        EntryKind::Form => format!(
            r#"# Formato {code} del manual {manual}: el formato impreso y su instructivo de
# llenado. Referencia completa: la documentación de norma (docs/content.md, «Formatos»).

code: {code}
name: Nombre oficial del formato
purpose: >-
  Escriba aquí para qué sirve el formato.

# Secciones con sus campos; los campos se numeran solos en todo el formato.
# type: text | textarea | number | date | choice | checkbox | signature
sections:
  - title: Datos generales
    fields:
      - id: nombre
        label: Nombre completo
        type: text
        required: true
        instructions: Anote el nombre completo, como aparece en su identificación.
      - id: fecha
        label: Fecha
        type: date
        required: true
        instructions: Anote la fecha en que se llena el formato.
"#
        ),
        EntryKind::Guide => format!(
            r#"# Guía de supervisión {code} del manual {manual}. Referencia completa: la
# documentación de norma (docs/content.md, «Guías de supervisión»).

code: {code}
name: Guía para la supervisión de escribir aquí la materia
# Las opciones que se marcan en cada reactivo.
scale: [Cumple, No cumple, No aplica]

# Secciones con sus reactivos; los reactivos se numeran solos en toda la guía.
sections:
  - title: Primera sección
    items:
      - check: Escriba aquí lo que se verifica.
        evidence: Escriba aquí la evidencia que se revisa.
"#
        ),
    };
    format!("{modeline}\n{body}")
}

crate::i18n::localized_error!(
    ScaffoldError,
    ScaffoldError::Write(_, e) => e,
    ScaffoldError::Load(e) => e,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_files_start_with_the_modeline_of_their_kind() {
        for (path, text) in STARTER {
            let Some(kind) = crate::schema::kind_of_path(path) else {
                continue;
            };
            let first = text.lines().next().unwrap_or("");
            assert_eq!(first, crate::schema::modeline(path, kind), "{path}");
        }
    }
}
