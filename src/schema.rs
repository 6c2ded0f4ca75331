//! `norma schema`: the JSON Schema (draft 2020-12) of every kind of YAML file,
//! for editors (the YAML extension of VS Code and others read the
//! `# yaml-language-server: $schema=…` line at the top of a file and then
//! complete field names, show these descriptions and underline mistakes as the
//! author types).
//!
//! The schemas are derived with schemars from the types below, which describe
//! the files as authors write them; their doc comments are the descriptions the
//! editor shows, so they are in Spanish. The loader (`model/`) reads the same
//! files into spanned values by hand, for its diagnostics; a test keeps the two
//! agreeing on the fields of each kind. The schemas help while typing; `norma
//! check` remains the judge (references, numbering, codes, dates).

use std::collections::BTreeMap;
use std::path::Path;

use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings, json_schema};
use serde_json::Value;

/// A kind of YAML file, with the file name of its schema.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// `unit`: `unit.schema.json`.
    pub name: &'static str,
    /// Where files of this kind live, for people.
    pub files: &'static str,
    schema: fn() -> Schema,
}

impl Kind {
    pub fn file_name(&self) -> String {
        format!("{}.schema.json", self.name)
    }

    /// The schema, as pretty JSON with a final newline.
    pub fn json(&self) -> String {
        let mut value = (self.schema)().to_value();
        drop_null_types(&mut value);
        if let Value::Object(map) = &mut value {
            map.insert(
                "$id".into(),
                Value::String(format!(
                    "https://norma.invalid/schemas/{}",
                    self.file_name()
                )),
            );
        }
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn schema_of<T: JsonSchema>() -> Schema {
    generator().into_root_schema_for::<T>()
}

fn generator() -> SchemaGenerator {
    SchemaSettings::draft2020_12().into_generator()
}

/// Every kind, in the order `norma schema` lists them.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "norma",
        files: "norma.yaml",
        schema: schema_of::<Settings>,
    },
    Kind {
        name: "manual",
        files: "content/<manual>/manual.yaml",
        schema: schema_of::<Manual>,
    },
    Kind {
        name: "unit",
        files: "content/<manual>/units/*.yaml",
        schema: schema_of::<Unit>,
    },
    Kind {
        name: "procedure",
        files: "content/<manual>/procedures/*.yaml",
        schema: schema_of::<Procedure>,
    },
    Kind {
        name: "form",
        files: "content/<manual>/forms/*.yaml",
        schema: schema_of::<Form>,
    },
    Kind {
        name: "guide",
        files: "content/<manual>/guides/*.yaml",
        schema: schema_of::<Guide>,
    },
    Kind {
        name: "glossary",
        files: "content/glossary.yaml",
        schema: schema_of::<Glossary>,
    },
    Kind {
        name: "offices",
        files: "content/offices.yaml",
        schema: schema_of::<Offices>,
    },
];

pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

/// The kind of the YAML file at `relative` (a path inside the project, with
/// `/`), by where it is.
pub fn kind_of_path(relative: &str) -> Option<&'static Kind> {
    let parts: Vec<&str> = relative.split('/').collect();
    let name = match parts.as_slice() {
        ["norma.yaml"] => "norma",
        ["content", "glossary.yaml"] => "glossary",
        ["content", "offices.yaml"] => "offices",
        ["content", _, "manual.yaml"] => "manual",
        ["content", _, "units", ..] => "unit",
        ["content", _, "procedures", ..] => "procedure",
        ["content", _, "forms", ..] => "form",
        ["content", _, "guides", ..] => "guide",
        _ => return None,
    };
    kind(name)
}

/// The line that points an editor at the schema, for a file at `relative`
/// inside a project whose schemas are in `schemas/`.
pub fn modeline(relative: &str, kind: &Kind) -> String {
    let depth = relative.matches('/').count();
    format!(
        "# yaml-language-server: $schema={}schemas/{}",
        "../".repeat(depth),
        kind.file_name()
    )
}

/// Writes every schema into `dir`; returns the files written.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for kind in KINDS {
        std::fs::write(dir.join(kind.file_name()), kind.json())?;
        written.push(kind.file_name());
    }
    Ok(written)
}

/// schemars writes an optional field as "a string or null"; in norma's files an
/// empty value is an error (E-FIELD-TYPE), so the null is taken out.
fn drop_null_types(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(options)) = map.get_mut(key) {
                    options.retain(|o| o.get("type").is_none_or(|t| t != "null"));
                }
            }
            for child in map.values_mut() {
                drop_null_types(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null_types),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Shared pieces

/// Una fecha como AAAA-MM-DD, por ejemplo 2025-04-01.
struct Date;

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Fecha".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "Una fecha como AAAA-MM-DD, por ejemplo 2025-04-01.",
        })
    }
}

/// A number as cited (7.3.1.1, "3.1"): YAML reads `7.1` or `3.1` unquoted as a
/// number, and norma takes it as written, so both are accepted.
struct Cited;

impl JsonSchema for Cited {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Numero".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["string", "number"],
            "description": "Un número tal como se cita; mejor entre comillas (\"3.10\"), para que el editor no lo tome por un número decimal.",
        })
    }
}

/// Un texto o una lista de textos.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
enum Texts {
    One(String),
    Many(Vec<String>),
}

/// Tipos de oficina (el `kind` de offices.yaml) a los que se dirige: se incluye
/// solo en los paquetes de esas oficinas; el sitio público lo muestra marcado.
/// Ejemplo: `[regional]`.
#[derive(JsonSchema)]
#[schemars(transparent)]
#[allow(dead_code)]
struct Audience(Texts);

// ---------------------------------------------------------------------------
// norma.yaml

/// Configuración del proyecto (norma.yaml).
#[derive(JsonSchema)]
#[schemars(title = "norma.yaml", deny_unknown_fields)]
#[allow(dead_code)]
struct Settings {
    /// Nombre de la institución; aparece en el encabezado del sitio y en las portadas.
    institution: String,
    /// Título del sitio; si falta, el de la institución.
    site_title: Option<String>,
    /// Idioma de las etiquetas, las fechas y la división de palabras.
    language: Option<Language>,
    /// Se conserva por compatibilidad: los enlaces se escriben relativos de todos modos.
    base_url: Option<String>,
    /// `default` (el tema incluido) o el nombre de una carpeta en themes/.
    theme: Option<String>,
    /// Formato de página de los PDF.
    pdf: Option<PdfSettings>,
    /// Expresión regular de la clave de registro de los manuales,
    /// por ejemplo '^[0-9A-Z]{4}-[0-9A-Z]{3}-[0-9]{3}$'.
    code_pattern: Option<String>,
    /// Nivel de cada regla por su código: error, warning u off.
    /// Ejemplo: `W-FN-VERB: off`.
    lint: Option<BTreeMap<String, Level>>,
}

/// es (español, predeterminado) o en (inglés).
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
#[allow(dead_code)]
enum Language {
    Es,
    En,
}

/// Tamaño de papel y márgenes.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct PdfSettings {
    /// letter (carta, predeterminado), legal (oficio) o a4.
    paper: Option<Paper>,
    /// Márgenes en milímetros: arriba, derecha, abajo, izquierda.
    margins_mm: Option<[f32; 4]>,
    /// Normas que declaran y cumplen los PDF: ua-1 (PDF/UA-1, accesible) y
    /// a-2a (PDF/A-2a, de archivo). Predeterminado: las dos; [] no declara
    /// ninguna.
    standards: Option<Vec<PdfStandard>>,
}

/// Una norma de PDF.
#[derive(JsonSchema)]
#[allow(dead_code)]
enum PdfStandard {
    #[schemars(rename = "ua-1")]
    Ua1,
    #[schemars(rename = "a-2a")]
    A2a,
}

/// Tamaño del papel.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
#[allow(dead_code)]
enum Paper {
    Letter,
    Legal,
    A4,
}

/// Qué hace norma con una regla.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
#[allow(dead_code)]
enum Level {
    Error,
    Warning,
    Off,
}

// ---------------------------------------------------------------------------
// manual.yaml

/// Un manual: sus datos, firmas, secciones y control de cambios
/// (content/<manual>/manual.yaml).
#[derive(JsonSchema)]
#[schemars(title = "manual.yaml", deny_unknown_fields)]
#[allow(dead_code)]
struct Manual {
    /// Identificador del manual; si falta, el nombre de su carpeta.
    id: Option<String>,
    /// Tipo de manual: organization (unidades y funciones), procedures,
    /// forms (catálogo de formatos) o supervision (guías de supervisión).
    kind: ManualKind,
    /// Título oficial, por ejemplo «Manual de Organización de la Dirección de …».
    title: String,
    /// Clave de registro del manual (debe cumplir `code_pattern` de norma.yaml).
    code: String,
    /// Versión, entre comillas: "3.1".
    version: Cited,
    /// published (predeterminado) o draft: un borrador solo se publica con
    /// `norma build --drafts` y lleva la marca BORRADOR.
    status: Option<Status>,
    /// Fecha de autorización.
    authorized: Date,
    /// Fecha de entrada en vigor.
    effective: Date,
    /// Versión a la que deja sin efecto, por ejemplo "3.0".
    supersedes: Option<Cited>,
    /// Encabezado de cada página del PDF; si falta, el título.
    header: Option<String>,
    audience: Option<Audience>,
    /// Firmas de autorización (elaboró, revisó, autorizó …).
    signatures: Option<Vec<Signature>>,
    /// Secciones del manual, en orden. Cada una con `body`, `file` o `generate`.
    sections: Option<Vec<Section>>,
    /// Control de cambios: una entrada por versión.
    changes: Option<Vec<ChangeEntry>>,
}

/// Tipo de manual.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
#[allow(dead_code)]
enum ManualKind {
    Organization,
    Procedures,
    Forms,
    Supervision,
}

/// published o draft.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
#[allow(dead_code)]
enum Status {
    Draft,
    Published,
}

/// Una firma de autorización.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Signature {
    /// Papel: Elaboró, Revisó, Autorizó …
    role: String,
    /// Nombre de quien firma.
    name: String,
    /// Cargo.
    position: Option<String>,
}

/// Una sección del manual: texto en Markdown (`body`), un archivo Markdown junto
/// a manual.yaml (`file`) o una parte generada (`generate`).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Section {
    /// Título de la sección, por ejemplo «Introducción».
    title: String,
    /// Texto en Markdown.
    body: Option<String>,
    /// Archivo Markdown en la carpeta del manual, por ejemplo marco-juridico.md.
    file: Option<String>,
    /// Parte que norma genera.
    generate: Option<Generated>,
}

/// orgchart (organigrama), units, procedures, forms, guides, glossary o changes.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
#[allow(dead_code)]
enum Generated {
    Orgchart,
    Units,
    Procedures,
    Forms,
    Guides,
    Glossary,
    Changes,
}

/// Una entrada del control de cambios.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct ChangeEntry {
    /// Versión, entre comillas: "3.1".
    version: Cited,
    /// Fecha del cambio.
    date: Date,
    /// Qué cambió, en una o dos frases.
    summary: String,
}

// ---------------------------------------------------------------------------
// units/*.yaml

/// Una unidad administrativa con sus funciones (content/<manual>/units/*.yaml).
#[derive(JsonSchema)]
#[schemars(title = "Unidad", deny_unknown_fields)]
#[allow(dead_code)]
struct Unit {
    /// Número jerárquico, tal como se cita: 7.3.1.1.
    code: Cited,
    /// Nombre oficial de la unidad.
    name: String,
    /// Objetivo de la unidad (Markdown en línea).
    objective: Option<String>,
    /// Código de la unidad de la que depende, por ejemplo "7.3.1".
    reports_to: Option<Cited>,
    /// Funciones, en orden: se numeran 1, 2, 3 … Cada una es un texto que empieza
    /// con un verbo en infinitivo, o un mapa con `text` e `items` (incisos).
    functions: Option<Vec<FunctionEntry>>,
}

/// Una función: un texto, o un mapa con text, items, id y audience.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
enum FunctionEntry {
    Text(String),
    Full(Function),
}

/// Una función con incisos, un id estable o un público.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Function {
    /// Identificador estable: sigue a la función aunque cambien su número o su redacción.
    id: Option<String>,
    /// Texto de la función (Markdown en línea).
    text: String,
    /// Incisos a), b), c) …: textos, o mapas con label, text y audience.
    items: Option<Vec<IncisoEntry>>,
    audience: Option<Audience>,
}

/// Un inciso: un texto, o un mapa con label, text y audience.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
enum IncisoEntry {
    Text(String),
    Full(Inciso),
}

/// Un inciso con su letra oficial o un público.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Inciso {
    /// La letra oficial cuando no sigue el orden (por ejemplo c si no hay b).
    label: Option<String>,
    /// Texto del inciso.
    text: String,
    audience: Option<Audience>,
}

// ---------------------------------------------------------------------------
// procedures/*.yaml

/// Un procedimiento (content/<manual>/procedures/*.yaml).
#[derive(JsonSchema)]
#[schemars(title = "Procedimiento", deny_unknown_fields)]
#[allow(dead_code)]
struct Procedure {
    /// Clave de registro del procedimiento.
    code: String,
    /// Nombre del procedimiento.
    name: String,
    /// Unidad responsable, como referencia: unit:mo-dir/7.2.1.2.1.
    owner: Option<String>,
    /// Objetivo (Markdown en línea).
    objective: Option<String>,
    /// Ámbito de aplicación.
    scope: Option<String>,
    /// Base normativa: leyes, reglamentos, manuales.
    basis: Option<Texts>,
    /// Políticas de operación: textos, o mapas con text y audience.
    policies: Option<Vec<PolicyEntry>>,
    /// Definiciones.
    definitions: Option<Texts>,
    /// Quienes intervienen: un carril del diagrama de flujo cada uno.
    actors: Option<Vec<Actor>>,
    /// Actividades, en orden: se numeran 1, 2, 3 …
    steps: Option<Vec<Step>>,
    /// Anexos.
    annexes: Option<Texts>,
    audience: Option<Audience>,
}

/// Una política: un texto, o un mapa con text y audience.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
enum PolicyEntry {
    Text(String),
    Full(Policy),
}

/// Una política dirigida a algunas oficinas.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Policy {
    /// Texto de la política.
    text: String,
    audience: Option<Audience>,
}

/// Quien interviene en el procedimiento.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Actor {
    /// Identificador breve que usan las actividades en `actor`.
    id: String,
    /// Nombre del puesto o del área.
    name: String,
}

/// Una actividad del procedimiento.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Step {
    /// Identificador estable, para `goto` y para el ancla #id.
    id: Option<String>,
    /// El `id` de uno de los `actors`.
    actor: String,
    /// Lo que hace, empezando con un verbo en presente: «Recibe …».
    #[schemars(rename = "do")]
    action: String,
    /// Documentos de trabajo: form:CLAVE o un texto.
    documents: Option<Texts>,
    /// Una decisión: la pregunta y sus respuestas, cada una con la actividad a la que lleva.
    decide: Option<Decision>,
    /// La actividad que sigue, cuando no es la siguiente.
    goto: Option<String>,
    /// Termina el procedimiento.
    end: Option<bool>,
    audience: Option<Audience>,
}

/// Una decisión.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Decision {
    /// La pregunta, por ejemplo «¿El aviso está completo?».
    question: String,
    /// Las respuestas.
    branches: Vec<Branch>,
}

/// Una respuesta de una decisión.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Branch {
    /// La respuesta: Sí, No …
    when: String,
    /// El `id` (o el número) de la actividad a la que lleva.
    goto: String,
}

// ---------------------------------------------------------------------------
// forms/*.yaml

/// Un formato oficial con su instructivo de llenado (content/<manual>/forms/*.yaml).
#[derive(JsonSchema)]
#[schemars(title = "Formato", deny_unknown_fields)]
#[allow(dead_code)]
struct Form {
    /// Clave de registro del formato.
    code: String,
    /// Nombre del formato.
    name: String,
    /// Para qué sirve.
    purpose: Option<String>,
    /// Unidad responsable: unit:manual/código.
    owner: Option<String>,
    /// Distribución de las copias.
    copies: Option<Vec<Copy>>,
    /// Secciones del formato, cada una con sus campos.
    sections: Option<Vec<FormSection>>,
    audience: Option<Audience>,
}

/// Una copia del formato y a quién se entrega.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Copy {
    /// Original, Copia 1 …
    copy: String,
    /// A quién se entrega.
    #[schemars(rename = "for")]
    recipient: String,
}

/// Una sección del formato.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct FormSection {
    /// Título de la sección.
    title: String,
    /// Campos, en orden: se numeran 1, 2, 3 … en todo el formato.
    fields: Option<Vec<FormField>>,
}

/// Un campo del formato.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct FormField {
    /// Identificador estable del campo (ancla #id).
    id: String,
    /// Lo que dice el formato impreso junto al campo.
    label: String,
    /// Tipo de campo.
    #[schemars(rename = "type")]
    kind: FieldType,
    /// Número de posiciones.
    length: Option<u32>,
    /// Obligatorio.
    required: Option<bool>,
    /// Qué anotar (instructivo de llenado).
    instructions: Option<String>,
    /// Opciones de un campo de tipo choice.
    options: Option<Texts>,
}

/// text, textarea, number, date, choice, checkbox o signature.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
#[allow(dead_code)]
enum FieldType {
    Text,
    Textarea,
    Number,
    Date,
    Choice,
    Checkbox,
    Signature,
}

// ---------------------------------------------------------------------------
// guides/*.yaml

/// Una guía de supervisión (content/<manual>/guides/*.yaml).
#[derive(JsonSchema)]
#[schemars(title = "Guía de supervisión", deny_unknown_fields)]
#[allow(dead_code)]
struct Guide {
    /// Clave de registro de la guía.
    code: String,
    /// Nombre de la guía.
    name: String,
    /// Unidad responsable: unit:manual/código.
    owner: Option<String>,
    audience: Option<Audience>,
    /// Las opciones de respuesta de cada reactivo, por ejemplo [Cumple, No cumple, No aplica].
    scale: Option<Texts>,
    /// Secciones, cada una con sus reactivos.
    sections: Option<Vec<GuideSection>>,
}

/// Una sección de la guía.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct GuideSection {
    /// Título de la sección.
    title: String,
    /// Reactivos, en orden: se numeran 1, 2, 3 … en toda la guía.
    items: Option<Vec<GuideItem>>,
}

/// Un reactivo: lo que se verifica.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct GuideItem {
    /// Lo que se verifica.
    check: String,
    /// La evidencia que se revisa.
    evidence: Option<String>,
    /// Fundamento: fn:manual/unidad/número, un procedimiento o un texto.
    basis: Option<Texts>,
    audience: Option<Audience>,
}

// ---------------------------------------------------------------------------
// glossary.yaml, offices.yaml

/// El glosario común a todos los manuales (content/glossary.yaml).
#[derive(JsonSchema)]
#[schemars(title = "Glosario", transparent)]
#[allow(dead_code)]
struct Glossary(Vec<Term>);

/// Un término o un acrónimo.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Term {
    /// El término o el acrónimo, como se escribe.
    term: String,
    /// Lo que significa un acrónimo.
    expansion: Option<String>,
    /// Definición (Markdown en línea).
    definition: Option<String>,
}

/// Las oficinas que reciben los manuales (content/offices.yaml).
#[derive(JsonSchema)]
#[schemars(title = "Oficinas", transparent)]
#[allow(dead_code)]
struct Offices(Vec<Office>);

/// Una oficina.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Office {
    /// Identificador de la oficina (el de su paquete).
    id: String,
    /// Nombre oficial.
    name: String,
    /// Tipo de oficina, el que usan los campos `audience`: estatal, regional …
    kind: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The properties a kind's schema allows at `pointer` (a JSON pointer to an
    /// object schema, following `$ref`s into `$defs`).
    fn properties(kind: &str, definition: Option<&str>) -> Vec<String> {
        let value: Value = serde_json::from_str(&super::kind(kind).unwrap().json()).unwrap();
        let object = match definition {
            Some(name) => &value["$defs"][name],
            None => &value,
        };
        let mut names: Vec<String> = object["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{kind} {definition:?}: {object}"))
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    }

    fn sorted(fields: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn the_schemas_allow_exactly_the_fields_the_loader_reads() {
        use crate::model::{form, guide, manual, procedure, unit};
        assert_eq!(
            properties("norma", None),
            sorted(crate::project::SETTINGS_FIELDS)
        );
        assert_eq!(properties("manual", None), sorted(manual::MANUAL_FIELDS));
        assert_eq!(properties("unit", None), sorted(unit::UNIT_FIELDS));
        assert_eq!(
            properties("unit", Some("Function")),
            sorted(unit::FUNCTION_FIELDS)
        );
        assert_eq!(
            properties("unit", Some("Inciso")),
            sorted(unit::INCISO_FIELDS)
        );
        assert_eq!(
            properties("procedure", None),
            sorted(procedure::PROCEDURE_FIELDS)
        );
        assert_eq!(
            properties("procedure", Some("Step")),
            sorted(procedure::STEP_FIELDS)
        );
        assert_eq!(properties("form", None), sorted(form::FORM_FIELDS));
        assert_eq!(
            properties("form", Some("FormField")),
            sorted(form::FIELD_FIELDS)
        );
        assert_eq!(properties("guide", None), sorted(guide::GUIDE_FIELDS));
        assert_eq!(
            properties("guide", Some("GuideItem")),
            sorted(guide::ITEM_FIELDS)
        );
    }

    /// The values a kind's schema allows for the enum defined as `definition`.
    fn values(kind: &str, definition: &str) -> Vec<String> {
        let value: Value = serde_json::from_str(&super::kind(kind).unwrap().json()).unwrap();
        let schema = &value["$defs"][definition];
        let list = schema["enum"].as_array().cloned().unwrap_or_else(|| {
            // schemars writes a documented enum as oneOf of constants.
            schema["oneOf"]
                .as_array()
                .unwrap_or_else(|| panic!("{kind} {definition}: {schema}"))
                .iter()
                .flat_map(|o| {
                    o["enum"]
                        .as_array()
                        .cloned()
                        .unwrap_or_else(|| vec![o["const"].clone()])
                })
                .collect()
        });
        let mut out: Vec<String> = list
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn the_schemas_allow_exactly_the_values_the_loader_accepts() {
        use crate::model::{form, manual};
        assert_eq!(values("manual", "ManualKind"), sorted(manual::MANUAL_KINDS));
        assert_eq!(values("manual", "Status"), sorted(manual::STATUSES));
        assert_eq!(values("manual", "Generated"), sorted(manual::GENERATED));
        assert_eq!(values("form", "FieldType"), sorted(form::FIELD_TYPES));
    }

    #[test]
    fn schemas_are_draft_2020_12_with_spanish_descriptions_and_no_null() {
        for kind in KINDS {
            let json = kind.json();
            assert!(
                json.contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""),
                "{}",
                kind.name
            );
            assert!(!json.contains("\"null\""), "{}", kind.name);
        }
        let unit = kind("unit").unwrap().json();
        assert!(unit.contains("Número jerárquico, tal como se cita"));
    }

    #[test]
    fn every_file_has_its_kind_and_its_modeline() {
        let unit = kind_of_path("content/mo-dir/units/7.3.1.1.yaml").unwrap();
        assert_eq!(unit.name, "unit");
        assert_eq!(
            modeline("content/mo-dir/units/7.3.1.1.yaml", unit),
            "# yaml-language-server: $schema=../../../schemas/unit.schema.json"
        );
        assert_eq!(
            modeline("norma.yaml", kind("norma").unwrap()),
            "# yaml-language-server: $schema=schemas/norma.schema.json"
        );
        assert!(kind_of_path("content/mo-dir/marco.md").is_none());
    }
}
