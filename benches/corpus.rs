//! The benchmark corpus: a deterministic synthetic project (no randomness, no clock)
//! shaped like a real organization manual: a tree of units up to six levels deep,
//! about 20 functions per unit that begin with an infinitive, some with incisos,
//! references to other units and functions, and acronyms from the glossary.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

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
/// Where a function applies: with the verbs and objects, enough variety that
/// no line of a unit repeats another unit's word for word, as in a real
/// manual (a repeated line at the top of three pages is what a checker takes
/// for a running header; docs/pdf.md).
const MATTERS: &[&str] = &[
    "de la afiliación de las personas trabajadoras",
    "del registro de patrones y sujetos obligados",
    "de la recaudación de cuotas obrero patronales",
    "de la fiscalización de las y los patrones",
    "de la cobranza de los créditos fiscales",
    "de la vigencia de derechos de los asegurados",
    "del régimen voluntario y la incorporación",
    "de las aportaciones de vivienda y retiro",
    "de los convenios de pago en parcialidades",
    "de las solicitudes de devolución de pagos",
    "de la clasificación de empresas y primas",
    "de los riesgos de trabajo de las empresas",
    "de la emisión mensual y bimestral",
    "de los dictámenes de contadores públicos",
    "del padrón de trabajadores independientes",
    "de las personas trabajadoras del hogar",
    "de los procedimientos administrativos de ejecución",
    "de la atención a las consultas de patrones",
    "de los sistemas de información institucionales",
    "de las visitas domiciliarias y revisiones",
    "de la capacitación del personal operativo",
    "de los estudios de costos y productividad",
    "de las conciliaciones con la Tesorería",
    "del seguimiento de las observaciones de auditoría",
    "de la seguridad de la información",
    "de la atención de quejas y denuncias",
    "de los indicadores de desempeño",
    "de la transparencia y protección de datos",
    "de la mejora de los trámites y servicios",
    "de los acuerdos con las entidades federativas",
    "del control de los documentos oficiales",
    "de la administración de los recursos asignados",
    "de la coordinación con los órganos desconcentrados",
    "de los programas anuales de trabajo",
    "de la evaluación de los resultados operativos",
    "de las estadísticas institucionales",
    "de los expedientes de las personas usuarias",
    "de las claves de acceso a los aplicativos",
    "de las notificaciones a los patrones",
    "de la integración de los informes de gestión",
    "de los archivos de trámite y concentración",
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

/// One unit of the corpus, independent of the form it is written in.
pub struct UnitSpec {
    pub code: String,
    pub name: String,
    pub objective: String,
    pub reports_to: Option<String>,
    pub functions: Vec<FunctionSpec>,
}

pub struct FunctionSpec {
    /// The verb and object, before any reference.
    pub text: String,
    /// A reference to another unit or function: (target code, function number).
    pub reference: Option<(String, Option<usize>)>,
    pub tail: String,
    pub items: Vec<String>,
}

/// The units of a corpus of `units` × `functions`, the same for every form.
pub fn units(units: usize, functions: usize) -> Vec<UnitSpec> {
    let codes = unit_codes(units);
    codes
        .iter()
        .enumerate()
        .map(|(u, code)| UnitSpec {
            code: code.clone(),
            name: format!("Unidad {code} de la Coordinación de Prueba"),
            objective: "Conducir los procesos de la unidad en el ámbito de su competencia.".into(),
            reports_to: (code.matches('.').count() == 1 && code != "7.1").then(|| "7.1".into()),
            functions: (0..functions)
                .map(|f| {
                    let verb = VERBS[(u + f) % VERBS.len()];
                    let object = OBJECTS[(u * 7 + f) % OBJECTS.len()];
                    let reference = if f % 5 == 4 {
                        Some((codes[u / 2].clone(), None))
                    } else if f % 7 == 6 {
                        Some((codes[u / 3].clone(), Some(1)))
                    } else {
                        None
                    };
                    let with_items = f % 6 == 5;
                    let matter = MATTERS[(u * 11 + f * 3) % MATTERS.len()];
                    let other = MATTERS[(u * 5 + f * 7 + 1) % MATTERS.len()];
                    FunctionSpec {
                        text: format!("{verb} {object} {matter}"),
                        reference,
                        tail: if with_items {
                            "en las materias siguientes:".into()
                        } else {
                            TAILS[(u + f * 3) % TAILS.len()].into()
                        },
                        items: if with_items {
                            vec![
                                format!("Registro {matter}."),
                                format!("Envío de los asuntos {other}."),
                                "Trámite de solicitudes de aclaración.".to_owned(),
                            ]
                        } else {
                            Vec::new()
                        },
                    }
                })
                .collect(),
        })
        .collect()
}

const SECTIONS: usize = 6;
const ACRONYMS: &[&str] = &["CONSAR", "PROCESAR", "AFORES", "INFONAVIT", "IMSS", "OOAD"];

/// Writes the project under `out` (replacing its content/ and norma.yaml); returns
/// the number of units.
pub fn write(out: &Path, units: usize, functions: usize) -> io::Result<usize> {
    write_manuals(out, 1, units, functions)
}

/// The folder (and id) of manual `n` of `manuals`: `mo-bench`, or `mo-bench-1` ...
pub fn manual_id(n: usize, manuals: usize) -> String {
    if manuals == 1 {
        "mo-bench".into()
    } else {
        format!("mo-bench-{n}")
    }
}

/// Starts a generated project under `out`: its content/ emptied, its
/// norma.yaml, its glossary and one office (Aguascalientes, estatal); returns
/// the content folder.
pub fn start_project(out: &Path, norma_yaml: &str, glossary: &str) -> io::Result<PathBuf> {
    let content = out.join("content");
    if content.exists() {
        fs::remove_dir_all(&content)?;
    }
    fs::create_dir_all(&content)?;
    fs::write(out.join("norma.yaml"), norma_yaml)?;
    fs::write(content.join("glossary.yaml"), glossary)?;
    fs::write(
        content.join("offices.yaml"),
        "- id: ags\n  name: OOAD Aguascalientes\n  kind: estatal\n",
    )?;
    Ok(content)
}

/// Writes `manuals` organization manuals of `units` units each; returns the
/// number of units in all.
pub fn write_manuals(
    out: &Path,
    manuals: usize,
    units: usize,
    functions: usize,
) -> io::Result<usize> {
    let glossary = ACRONYMS
        .iter()
        .map(|t| format!("- term: {t}\n  expansion: Expansión de {t}\n"))
        .collect::<String>();
    let content = start_project(
        out,
        "institution: Instituto de Prueba\ncode_pattern: '^[0-9A-Z]{4}-[0-9A-Z]{3}-[0-9]{3}$'\n",
        &glossary,
    )?;
    let mut written = 0;
    for n in 1..=manuals {
        written += write_manual(&content.join(manual_id(n, manuals)), n, units, functions)?;
    }
    Ok(written)
}

fn write_manual(dir: &Path, n: usize, units: usize, functions: usize) -> io::Result<usize> {
    let units_dir = dir.join("units");
    fs::create_dir_all(&units_dir)?;
    let mut manual = format!(
        "kind: organization\ntitle: Manual de prueba {n}\ncode: 9000-002-{n:03}\nversion: \"1.0\"\n\
         authorized: 2025-01-01\neffective: 2025-01-01\nsections:\n"
    );
    for i in 1..=SECTIONS {
        manual.push_str(&format!(
            "  - title: Sección {i}\n    body: Texto de la sección {i} con el [](unit:7.1).\n"
        ));
    }
    manual.push_str(
        "  - title: Funciones\n    generate: units\n  - title: Glosario\n    generate: glossary\n",
    );
    fs::write(dir.join("manual.yaml"), manual)?;

    let specs = self::units(units, functions);
    for unit in &specs {
        fs::write(
            units_dir.join(format!("{}.yaml", unit.code)),
            unit_yaml(unit),
        )?;
    }
    Ok(specs.len())
}

/// A unit's file, `units/<code>.yaml`, as the corpus writes it.
pub fn unit_yaml(unit: &UnitSpec) -> String {
    let code = &unit.code;
    let mut text = format!("code: {code}\nname: {}\n", unit.name);
    text.push_str(&format!("objective: >-\n  {}\n", unit.objective));
    if let Some(to) = &unit.reports_to {
        text.push_str(&format!("reports_to: \"{to}\"\n"));
    }
    text.push_str("functions:\n");
    for f in &unit.functions {
        let reference = match &f.reference {
            Some((code, None)) => format!(" con la [](unit:{code})"),
            Some((code, Some(n))) => format!(", conforme a la [función {n}](fn:{code}/{n})"),
            None => String::new(),
        };
        if f.items.is_empty() {
            text.push_str(&format!(
                "  - >-\n    {}{reference}\n    {}\n",
                f.text, f.tail
            ));
        } else {
            text.push_str(&format!(
                "  - text: >-\n      {}{reference} {}\n    items:\n",
                f.text, f.tail
            ));
            for item in &f.items {
                text.push_str(&format!("      - {item}\n"));
            }
        }
    }
    text
}

/// Writes the same corpus as a Hugo site under `out`: one Markdown page per unit
/// with its functions as an ordered list (incisos nested), the references as
/// relative links, the glossary and the front sections as pages, and layouts that
/// give each page the same parts as norma's (header, breadcrumbs, title, objective,
/// numbered functions, previous/next). Hugo's extra outputs (RSS, sitemap,
/// taxonomies) are turned off so both tools write the same kind of site.
pub fn write_hugo(out: &Path, units: usize, functions: usize) -> io::Result<usize> {
    if out.exists() {
        fs::remove_dir_all(out)?;
    }
    let content = out.join("content/mo-bench");
    fs::create_dir_all(&content)?;
    let layouts = out.join("layouts/_default");
    fs::create_dir_all(&layouts)?;
    fs::write(
        out.join("hugo.toml"),
        "baseURL = \"/\"\nlanguageCode = \"es\"\ntitle = \"Manual de prueba\"\n\
         relativeURLs = true\nuglyURLs = true\n\
         disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n",
    )?;
    fs::write(
        layouts.join("baseof.html"),
        "<!DOCTYPE html>\n<html lang=\"es\"><head><meta charset=\"utf-8\"><title>{{ .Title }} · {{ site.Title }}</title></head>\n\
         <body><header><a href=\"{{ \"index.html\" | relURL }}\">{{ site.Title }}</a></header>\n\
         <nav><a href=\"{{ \"index.html\" | relURL }}\">Inicio</a> › {{ .Title }}</nav>\n\
         <main>{{ block \"main\" . }}{{ end }}</main><footer>{{ site.Title }}</footer></body></html>\n",
    )?;
    fs::write(
        layouts.join("single.html"),
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>\n\
         {{ with .Params.objective }}<h2>Objetivo</h2><p>{{ . }}</p>{{ end }}\n\
         <h2>Funciones</h2>{{ .Content }}\n\
         <nav>{{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}\n\
         {{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</nav></article>{{ end }}\n",
    )?;
    fs::write(
        layouts.join("list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}\n\
         <ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    )?;
    fs::write(
        out.join("content/_index.md"),
        "---\ntitle: Manual de prueba\n---\nLos manuales vigentes.\n",
    )?;
    let mut front = String::from("---\ntitle: Manual de prueba\n---\n");
    for i in 1..=SECTIONS {
        front.push_str(&format!(
            "## {i}. Sección {i}\n\nTexto de la sección {i} con el [Unidad 7.1](7.1.html).\n\n"
        ));
    }
    fs::write(content.join("_index.md"), front)?;
    let mut glossary = String::from("---\ntitle: Glosario\n---\n");
    for t in ACRONYMS {
        glossary.push_str(&format!("**{t}**\n: Expansión de {t}\n\n"));
    }
    fs::write(out.join("content/glosario.md"), glossary)?;

    let specs = self::units(units, functions);
    for (weight, unit) in specs.iter().enumerate() {
        let mut text = format!(
            "---\ntitle: \"{} {}\"\nweight: {}\nobjective: \"{}\"\n---\n",
            unit.code,
            unit.name,
            weight + 1,
            unit.objective
        );
        for (n, f) in unit.functions.iter().enumerate() {
            let reference = match &f.reference {
                Some((code, None)) => format!(" con la [Unidad {code}]({code}.html)"),
                Some((code, Some(k))) => {
                    format!(", conforme a la [función {k}]({code}.html#f{k})")
                }
                None => String::new(),
            };
            text.push_str(&format!("{}. {}{reference} {}\n", n + 1, f.text, f.tail));
            for (i, item) in f.items.iter().enumerate() {
                text.push_str(&format!("   {}. {item}\n", i + 1));
            }
        }
        fs::write(content.join(format!("{}.md", unit.code)), text)?;
    }
    Ok(specs.len())
}

/// Text as Typst markup: the characters Typst reads as markup are escaped.
fn typst_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\#*_$<>@[]`~/=+-".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Typst label for a unit: `<u7-3-1>`.
fn typst_label(code: &str) -> String {
    format!("u{}", code.replace('.', "-"))
}

/// Writes the same manuals as Typst documents, one `.typ` per manual in `out`,
/// laid out as norma lays out its PDF: letter paper with the same margins, a
/// cover, an authorization page, the contents with page numbers, the front
/// sections, one heading per unit with its objective and its numbered
/// functions (incisos lettered under them), the glossary, a running header and
/// "Página N de M" after the cover, justified and hyphenated Spanish text, and
/// the references as links. Returns the files written.
pub fn write_typst(
    out: &Path,
    manuals: usize,
    units: usize,
    functions: usize,
) -> io::Result<Vec<std::path::PathBuf>> {
    fs::create_dir_all(out)?;
    let specs = self::units(units, functions);
    let mut files = Vec::new();
    for n in 1..=manuals {
        let title = format!("Manual de prueba {n}");
        let mut doc = format!(
            "#set document(title: \"{title}\", author: \"Instituto de Prueba\")\n\
             #set page(paper: \"us-letter\", margin: (top: 25mm, right: 20mm, bottom: 25mm, left: 20mm),\n\
               header: context {{ if counter(page).get().first() > 1 [\n\
                 #align(center, text(size: 8pt, weight: \"bold\")[MANUAL DE PRUEBA {n}])\n\
                 #v(-6pt) #line(length: 100%, stroke: 0.5pt) ] }},\n\
               footer: context {{ if counter(page).get().first() > 1 [\n\
                 #line(length: 100%, stroke: 0.5pt) #v(-6pt)\n\
                 #text(size: 8pt)[Clave: 9000-002-{n:03} · Versión 1.0 #h(1fr) Página #counter(page).display() de #counter(page).final().first()] ] }})\n\
             #set text(lang: \"es\", size: 10pt, hyphenate: true)\n\
             #set par(justify: true)\n\
             #set enum(numbering: \"1.\")\n\
             #show link: set text(fill: rgb(\"#0d408c\"))\n\n\
             #align(center)[#v(30pt) #text(size: 13pt, weight: \"bold\")[Instituto de Prueba] #v(120pt)\n\
             #text(size: 22pt, weight: \"bold\")[{title}] #v(26pt)\n\
             Clave de registro: 9000-002-{n:03} \\ *Versión 1.0* #v(40pt)\n\
             Fecha de autorización: 1 de enero de 2025 \\ Entrada en vigor: 1 de enero de 2025]\n\
             #pagebreak()\n\
             = Autorización\n\
             El {title}, con clave de registro 9000-002-{n:03}, versión 1.0, fue autorizado el 1 de enero de 2025 y entra en vigor el 1 de enero de 2025.\n\
             #pagebreak()\n\
             #outline(title: \"Contenido\", depth: 7)\n\
             #pagebreak()\n"
        );
        for i in 1..=SECTIONS {
            doc.push_str(&format!(
                "= {i}. Sección {i}\nTexto de la sección {i} con el #link(<u7-1>)[{}].\n\n",
                typst_text(&specs[0].name)
            ));
        }
        doc.push_str(&format!("#pagebreak()\n= {}. Funciones\n", SECTIONS + 1));
        for unit in &specs {
            let level = unit.code.matches('.').count() + 1;
            doc.push_str(&format!(
                "{} {} {} <{}>\n*Objetivo*\n\n{}\n\n*Funciones*\n\n",
                "=".repeat(level.min(6)),
                unit.code,
                typst_text(&unit.name),
                typst_label(&unit.code),
                typst_text(&unit.objective),
            ));
            for (k, f) in unit.functions.iter().enumerate() {
                let reference = match &f.reference {
                    Some((code, None)) => {
                        let name = specs
                            .iter()
                            .find(|u| &u.code == code)
                            .map_or(String::new(), |u| typst_text(&u.name));
                        format!(" con la #link(<{}>)[{name}]", typst_label(code))
                    }
                    Some((code, Some(k))) => {
                        format!(
                            ", conforme a la #link(<{}>)[función {k}]",
                            typst_label(code)
                        )
                    }
                    None => String::new(),
                };
                doc.push_str(&format!(
                    "{}. {}{reference} {}\n",
                    k + 1,
                    typst_text(&f.text),
                    typst_text(&f.tail)
                ));
                if !f.items.is_empty() {
                    let items: Vec<String> = f
                        .items
                        .iter()
                        .map(|i| format!("[{}]", typst_text(i)))
                        .collect();
                    doc.push_str(&format!(
                        "  #enum(numbering: \"a)\", {})\n",
                        items.join(", ")
                    ));
                }
            }
            doc.push('\n');
        }
        doc.push_str(&format!("#pagebreak()\n= {}. Glosario\n", SECTIONS + 2));
        for t in ACRONYMS {
            doc.push_str(&format!("*{t}* — Expansión de {t}\n\n"));
        }
        let file = out.join(format!("{}.typ", manual_id(n, manuals)));
        fs::write(&file, doc)?;
        files.push(file);
    }
    Ok(files)
}
