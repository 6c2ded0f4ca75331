//! The stress project: real organizations are neither small nor regular, so
//! norma's layouts are judged on a project built to their limits as well as
//! on `content/`. Deterministic (no randomness, no clock); written by
//! `cargo run --example corpus -- --stress DIR`, rendered and looked at in
//! `.ci/run` (tests/e2e/run.sh and the type-size check).
//!
//! - `mo-estres`: a head unit with 172 direct reports (some with units of
//!   their own), a chain 8 levels deep, names of every length, and signatories
//!   with long names and positions;
//! - `mp-estres`: a 60-step procedure in 6 lanes with long activity texts and
//!   many decisions and loops, and a 40-step procedure in 5 lanes with
//!   activities of 25 to 35 words (the yardstick: at most 6 pages of
//!   flowchart);
//! - `gs-estres`: a guide whose checklist has 100 items;
//! - `cf-estres`: a form with many fields of every width.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

const WORDS: &[&str] = &[
    "revisa",
    "la",
    "documentación",
    "presentada",
    "por",
    "el",
    "patrón",
    "y",
    "verifica",
    "que",
    "los",
    "datos",
    "del",
    "aviso",
    "coincidan",
    "con",
    "registros",
    "institucionales",
    "del",
    "sistema",
    "de",
    "afiliación",
    "anota",
    "observaciones",
    "en",
    "bitácora",
    "correspondiente",
    "turna",
    "expediente",
    "a",
    "Jefatura",
    "Servicios",
    "para",
    "su",
    "validación",
    "definitiva",
    "conforme",
    "normatividad",
    "aplicable",
    "vigente",
];

/// `n` words of plausible Spanish, starting at `seed`, as a sentence.
fn words(seed: usize, n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(WORDS[(seed * 7 + i * 3 + i / 5) % WORDS.len()]);
    }
    let mut chars = out.chars();
    let first = chars.next().map(|c| c.to_uppercase().to_string());
    format!("{}{}.", first.unwrap_or_default(), chars.as_str())
}

const UNIT_NAMES: &[&str] = &[
    "Coordinación",
    "División de Registro",
    "Departamento de Control de Gestión y Seguimiento de Acuerdos Interinstitucionales",
    "Oficina de Enlace",
    "Subjefatura de División de Procesos Operativos de Afiliación y Vigencia de Derechos",
    "Área de Archivo",
];

/// Writes the stress project under `out` (replacing its content/ and norma.yaml).
pub fn write(out: &Path) -> io::Result<()> {
    let content = super::corpus::start_project(
        out,
        "institution: Instituto de Prueba de Cargas Extremas\n\
         site_title: Normateca de prueba de esfuerzo\n\
         code_pattern: '^[0-9A-Z]{4}-[0-9A-Z]{3}-[0-9]{3}$'\n",
        "- term: OOAD\n  expansion: Órgano de Operación Administrativa Desconcentrada\n",
    )?;
    organization(&content.join("mo-estres"))?;
    procedures(&content.join("mp-estres"))?;
    guide(&content.join("gs-estres"))?;
    form(&content.join("cf-estres"))?;
    Ok(())
}

const SIGNATURES: &str = "signatures:
  - role: Elaboró
    name: Mtra. María de los Ángeles Guadalupe Fernández de la Garza y Villaseñor
    position: Titular de la Subjefatura de División de Procesos Operativos de Afiliación y Vigencia de Derechos
  - role: Revisó
    name: Lic. José Francisco Javier Hernández Castañeda
    position: Titular de la División de Soporte a los Procesos de Afiliación
  - role: Revisó
    name: Ing. Ana Ruiz Salinas
    position: Jefa de Área
  - role: Aprobó
    name: Dr. Juan Carlos Maximiliano Echeverría Bustamante
    position: Titular de la Coordinación de Afiliación, Incorporación, Recaudación y Cobranza del Instituto
";

fn manual_yaml(kind: &str, title: &str, code: &str, sections: &str) -> String {
    format!(
        "kind: {kind}\ntitle: {title}\ncode: {code}\nversion: \"1.0\"\n\
         authorized: 2025-01-01\neffective: 2025-01-01\n{SIGNATURES}sections:\n\
         \x20 - title: Introducción\n    body: |\n      {}\n\n      {}\n{sections}",
        words(1, 70),
        words(2, 40)
    )
}

fn unit(code: &str, name: &str, reports_to: Option<&str>, functions: usize) -> String {
    let mut text = format!(
        "code: \"{code}\"\nname: {name}\nobjective: >-\n  {}\n",
        words(code.len(), 24)
    );
    if let Some(to) = reports_to {
        let _ = writeln!(text, "reports_to: \"{to}\"");
    }
    text.push_str("functions:\n");
    for f in 0..functions {
        let _ = writeln!(
            text,
            "  - >-\n    Dirigir {}",
            words(f + code.len(), 18 + f % 20)
        );
    }
    text
}

fn organization(dir: &Path) -> io::Result<()> {
    let units = dir.join("units");
    fs::create_dir_all(&units)?;
    fs::write(
        dir.join("manual.yaml"),
        manual_yaml(
            "organization",
            "Manual de Organización de Prueba de Esfuerzo",
            "9000-002-001",
            "  - title: Estructura orgánica\n    generate: orgchart\n\
             \x20 - title: Funciones\n    generate: units\n",
        ),
    )?;
    let write = |code: &str, name: &str, to: Option<&str>, functions: usize| {
        fs::write(
            units.join(format!("{code}.yaml")),
            unit(code, name, to, functions),
        )
    };
    write("3.1", "Dirección General de Prueba", None, 6)?;
    // 172 direct reports: the sections' other units report to 3.1.
    for i in 2..=173 {
        let name = format!("{} {}", UNIT_NAMES[i % UNIT_NAMES.len()], i - 1);
        write(&format!("3.{i}"), &name, Some("3.1"), 2)?;
        // Some of them have units of their own, a few of those deeper still.
        if i % 9 == 0 {
            for j in 1..=(i % 4 + 2) {
                let code = format!("3.{i}.{j}");
                write(
                    &code,
                    &format!("Departamento {j} de la unidad {i}"),
                    None,
                    2,
                )?;
                if j == 1 && i % 27 == 0 {
                    for k in 1..=3 {
                        write(&format!("{code}.{k}"), &format!("Oficina {k}"), None, 1)?;
                    }
                }
            }
        }
    }
    // A chain 8 levels deep, each level with two or three siblings.
    let mut code = String::from("3.2");
    for level in 2..=8 {
        for sibling in (1..=3).rev() {
            let child = format!("{code}.{sibling}");
            let name = format!(
                "{} de nivel {level}",
                UNIT_NAMES[(level + sibling) % UNIT_NAMES.len()]
            );
            write(&child, &name, None, 3)?;
        }
        code = format!("{code}.1");
    }
    Ok(())
}

/// A procedure of `steps` steps in `lanes` lanes, activity texts of `min` to
/// `max` words, a decision every `every` steps (some of three branches, some
/// going back), documents on some steps.
fn procedure(code: &str, name: &str, steps: usize, lanes: usize, texts: (usize, usize)) -> String {
    let (min, max) = texts;
    let mut y = format!(
        "code: {code}\nname: {name}\nobjective: >-\n  {}\nactors:\n",
        words(3, 30)
    );
    for l in 0..lanes {
        let _ = writeln!(
            y,
            "  - id: a{l}\n    name: {} {l} del Órgano de Operación Administrativa Desconcentrada",
            UNIT_NAMES[l % UNIT_NAMES.len()]
        );
    }
    y.push_str("steps:\n");
    for s in 1..=steps {
        // Lanes as a real procedure moves between actors: the 60-step one in
        // runs of four, the others irregularly (a fixed pseudo-random walk).
        let lane = if steps == 60 {
            (s * 5 + s / 4) % lanes
        } else {
            (s * 7 + s * s / 3) % lanes
        };
        let n = min + (s * 7) % (max - min + 1);
        let _ = write!(
            y,
            "  - id: p{s}\n    actor: a{lane}\n    do: >-\n      {}\n",
            words(s, n)
        );
        if s % 6 == 2 {
            let _ = writeln!(
                y,
                "    documents:\n      - Constancia de identificación oficial del solicitante\n      - Oficio {s}"
            );
        }
        if s == steps {
            y.push_str("    end: true\n");
        } else if s % 5 == 3 && s + 2 < steps {
            // "Sí" goes on past the next step, "No" to the next one, which
            // loops back to before the question; a third answer jumps ahead.
            let _ = write!(
                y,
                "    decide:\n      question: ¿{} cumple con los requisitos del aviso?\n      branches:\n\
                 \x20       - {{ when: Sí, goto: p{} }}\n        - {{ when: \"No\", goto: p{} }}\n",
                words(s + 1, 5).trim_end_matches('.'),
                s + 2,
                s + 1
            );
            if s % 3 == 0 {
                let _ = writeln!(
                    y,
                    "        - {{ when: Parcial, goto: p{} }}",
                    (s + 5).min(steps)
                );
            }
        } else if s % 5 == 4 && s > 4 && s + 1 < steps {
            let _ = writeln!(y, "    goto: p{}", s - 4);
        }
    }
    y
}

fn procedures(dir: &Path) -> io::Result<()> {
    let procs = dir.join("procedures");
    fs::create_dir_all(&procs)?;
    fs::write(
        dir.join("manual.yaml"),
        manual_yaml(
            "procedures",
            "Manual de Procedimientos de Prueba de Esfuerzo",
            "9000-003-000",
            "  - title: Procedimientos\n    generate: procedures\n",
        ),
    )?;
    fs::write(
        procs.join("9000-003-001.yaml"),
        procedure(
            "9000-003-001",
            "Procedimiento de sesenta actividades en seis áreas",
            60,
            6,
            (12, 45),
        ),
    )?;
    fs::write(
        procs.join("9000-003-002.yaml"),
        procedure(
            "9000-003-002",
            "Procedimiento de cuarenta actividades en cinco áreas",
            40,
            5,
            (25, 35),
        ),
    )?;
    Ok(())
}

fn guide(dir: &Path) -> io::Result<()> {
    let guides = dir.join("guides");
    fs::create_dir_all(&guides)?;
    fs::write(
        dir.join("manual.yaml"),
        manual_yaml(
            "supervision",
            "Guía de Supervisión de Prueba de Esfuerzo",
            "9000-011-000",
            "  - title: Guías\n    generate: guides\n",
        ),
    )?;
    let mut y = String::from(
        "code: 9000-011-001\nname: Guía de cien reactivos\nscale: [Cumple, No cumple, No aplica]\nsections:\n",
    );
    for section in 0..5 {
        let _ = writeln!(
            y,
            "  - title: Sección {} de la guía\n    items:",
            section + 1
        );
        for item in 0..20 {
            let i = section * 20 + item;
            let _ = writeln!(
                y,
                "      - check: >-\n          {}\n        evidence: {}",
                words(i, 10 + i % 30),
                words(i + 3, 4 + i % 9)
            );
        }
    }
    fs::write(guides.join("9000-011-001.yaml"), y)
}

fn form(dir: &Path) -> io::Result<()> {
    let forms = dir.join("forms");
    fs::create_dir_all(&forms)?;
    fs::write(
        dir.join("manual.yaml"),
        manual_yaml(
            "forms",
            "Catálogo de Formatos de Prueba de Esfuerzo",
            "9000-009-000",
            "  - title: Formatos\n    generate: forms\n",
        ),
    )?;
    let mut y = format!(
        "code: 9000-009-001\nname: Formato de muchos campos\npurpose: >-\n  {}\nsections:\n",
        words(5, 25)
    );
    for section in 0..4 {
        let _ = writeln!(y, "  - title: Apartado {}\n    fields:", section + 1);
        for f in 0..12 {
            let i = section * 12 + f;
            let (kind, extra) = match i % 6 {
                0 => ("text", "\n        length: 18".to_owned()),
                1 => ("date", String::new()),
                2 => (
                    "choice",
                    "\n        options: [Alta, Baja, Modificación de salario, Reingreso]"
                        .to_owned(),
                ),
                3 => ("text", String::new()),
                4 => ("number", String::new()),
                _ => ("text", "\n        length: 11".to_owned()),
            };
            let _ = writeln!(
                y,
                "      - id: campo_{i}\n        label: {}\n        type: {kind}{extra}\n        instructions: >-\n          {}",
                words(i, 2 + i % 7).trim_end_matches('.'),
                words(i + 1, 12 + i % 20)
            );
        }
    }
    fs::write(forms.join("9000-009-001.yaml"), y)
}
