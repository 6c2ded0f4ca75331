//! The benchmark corpus: a deterministic synthetic project (no randomness, no clock)
//! shaped like a real organization manual: a tree of units up to six levels deep,
//! about 20 functions per unit that begin with an infinitive, some with incisos,
//! references to other units and functions, and acronyms from the glossary.

use std::fs;
use std::io;
use std::path::Path;

const VERBS: &[&str] = &[
    "Elaborar",
    "Coordinar",
    "Supervisar",
    "Proponer",
    "Analizar",
    "Establecer",
    "Dirigir",
    "Evaluar",
    "Concertar",
    "Revisar",
    "Informar",
    "Coadyuvar",
    "Tramitar",
    "Atender",
    "Difundir",
    "Integrar",
];
const OBJECTS: &[&str] = &[
    "las políticas, normas, programas y procedimientos en materia de afiliación",
    "los criterios para la integración y actualización de los registros de las y los patrones",
    "el intercambio de información con la CONSAR, PROCESAR, AFORES e INFONAVIT",
    "las solicitudes de servicio para la adecuación de las herramientas informáticas",
    "los reportes de fallas en el funcionamiento de las interfaces de información del IMSS",
    "los informes estadísticos que se deban rendir a autoridades superiores",
    "la difusión de las disposiciones de observancia general para los OOAD",
];
const TAILS: &[&str] = &[
    "en el ámbito de su competencia, conforme a la normatividad vigente.",
    "derivadas de modificaciones a la normatividad vigente o por necesidades operativas.",
    "para generar y dar seguimiento a las acciones necesarias para su corrección.",
    "que apoyen a las áreas operativas del Instituto en el cumplimiento de sus funciones.",
];

/// Unit codes in a breadth-first tree under section 7: 7.1 ... 7.9, 7.1.1 ...
fn unit_codes(count: usize) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    let mut frontier: Vec<String> = (1..=9).map(|i| format!("7.{i}")).collect();
    while codes.len() < count {
        let mut next = Vec::new();
        for code in frontier {
            if codes.len() >= count {
                break;
            }
            for child in 1..=5 {
                next.push(format!("{code}.{child}"));
            }
            codes.push(code);
        }
        frontier = next;
    }
    codes
}

/// Writes the project under `out` (replacing its content/ and norma.yaml); returns
/// the number of units.
pub fn write(out: &Path, units: usize, functions: usize) -> io::Result<usize> {
    let content = out.join("content");
    if content.exists() {
        fs::remove_dir_all(&content)?;
    }
    let units_dir = content.join("mo-bench/units");
    fs::create_dir_all(&units_dir)?;
    fs::write(
        out.join("norma.yaml"),
        "institution: Instituto de Prueba\ncode_pattern: '^[0-9A-Z]{4}-[0-9A-Z]{3}-[0-9]{3}$'\n",
    )?;
    fs::write(
        content.join("glossary.yaml"),
        ["CONSAR", "PROCESAR", "AFORES", "INFONAVIT", "IMSS", "OOAD"]
            .iter()
            .map(|t| format!("- term: {t}\n  expansion: Expansión de {t}\n"))
            .collect::<String>(),
    )?;
    fs::write(
        content.join("offices.yaml"),
        "- id: ags\n  name: OOAD Aguascalientes\n  kind: estatal\n",
    )?;
    let mut manual = String::from(
        "kind: organization\ntitle: Manual de prueba\ncode: 9000-002-001\nversion: \"1.0\"\n\
         authorized: 2025-01-01\neffective: 2025-01-01\nsections:\n",
    );
    for i in 1..=6 {
        manual.push_str(&format!(
            "  - title: Sección {i}\n    body: Texto de la sección {i} con el [](unit:7.1).\n"
        ));
    }
    manual.push_str(
        "  - title: Funciones\n    generate: units\n  - title: Glosario\n    generate: glossary\n",
    );
    fs::write(content.join("mo-bench/manual.yaml"), manual)?;

    let codes = unit_codes(units);
    for (u, code) in codes.iter().enumerate() {
        let mut text = format!("code: {code}\nname: Unidad {code} de la Coordinación de Prueba\n");
        text.push_str(
            "objective: >-\n  Conducir los procesos de la unidad en el ámbito de su competencia.\n",
        );
        if code.matches('.').count() == 1 && code != "7.1" {
            text.push_str("reports_to: \"7.1\"\n");
        }
        text.push_str("functions:\n");
        for f in 0..functions {
            let verb = VERBS[(u + f) % VERBS.len()];
            let object = OBJECTS[(u * 7 + f) % OBJECTS.len()];
            let tail = TAILS[(u + f * 3) % TAILS.len()];
            let reference = if f % 5 == 4 {
                format!(" con la [](unit:{})", codes[u / 2])
            } else if f % 7 == 6 {
                format!(", conforme a la [función 1](fn:{}/1)", codes[u / 3])
            } else {
                String::new()
            };
            if f % 6 == 5 {
                text.push_str(&format!("  - text: >-\n      {verb} {object}{reference} en las materias siguientes:\n    items:\n"));
                for item in [
                    "Registro de los créditos fiscales.",
                    "Envío de créditos en procuración de cobro.",
                    "Trámite de solicitudes de aclaración.",
                ] {
                    text.push_str(&format!("      - {item}\n"));
                }
            } else {
                text.push_str(&format!(
                    "  - >-\n    {verb} {object}{reference}\n    {tail}\n"
                ));
            }
        }
        fs::write(units_dir.join(format!("{code}.yaml")), text)?;
    }
    Ok(codes.len())
}
