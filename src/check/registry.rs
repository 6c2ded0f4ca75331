//! Glossary and office rules: repeated terms and office ids, and `audience` values
//! that must name an office kind present in offices.yaml.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostics, closest, did_you_mean};
use crate::load::Project;
use crate::source::{Loc, Located};

use super::lang;

pub fn check(project: &Project, diags: &mut Diagnostics) {
    let lang = lang(project);
    let mut ids: BTreeMap<&str, Loc> = BTreeMap::new();
    for office in &project.offices {
        if let Some(first) = ids.get(office.id.value.as_str()) {
            diags.error(
                "E-OFFICE-DUPLICATE",
                office.id.at,
                lang.t(
                    format!(
                        "el id de oficina «{}» ya está en la línea {}",
                        office.id.value, first.line
                    ),
                    format!(
                        "office id “{}” is already used on line {}",
                        office.id.value, first.line
                    ),
                ),
                Some(lang.t(
                    "cada oficina recibe su propio paquete; su id debe ser único",
                    "each office receives its own bundle; its id must be unique",
                )),
            );
        } else {
            ids.insert(&office.id.value, office.id.at);
        }
    }

    // Terms compared without regard to case, accents or spacing: «Imss»
    // repeats «IMSS».
    let mut terms: BTreeMap<String, (&str, Loc)> = BTreeMap::new();
    for term in &project.glossary {
        // Spaces too: «Sujeto  obligado» repeats «Sujeto obligado».
        let key = crate::text::fold(
            &term
                .term
                .value
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
        if let Some((written, first)) = terms.get(&key) {
            let as_written = if *written == term.term.value {
                String::new()
            } else {
                lang.t(format!(" como «{written}»"), format!(" as “{written}”"))
            };
            diags.error(
                "E-GLOSSARY-DUPLICATE",
                term.term.at,
                lang.t(
                    format!(
                        "el término «{}» ya está en el glosario{as_written}, en la línea {}",
                        term.term.value, first.line
                    ),
                    format!(
                        "term “{}” is already in the glossary{as_written}, on line {}",
                        term.term.value, first.line
                    ),
                ),
                Some(lang.t(
                    "deje una sola definición (los términos se comparan sin mayúsculas, acentos ni espacios de más)",
                    "keep a single definition (terms are compared ignoring case, accents and extra spaces)",
                )),
            );
        } else {
            terms.insert(key, (&term.term.value, term.term.at));
        }
    }

    check_audiences(project, diags);
}

/// Every `audience` in the project, wherever it is written.
fn audiences(project: &Project) -> Vec<&Located<String>> {
    let mut all = Vec::new();
    for m in &project.manuals {
        all.extend(&m.audience);
        for u in &m.units {
            for f in &u.functions {
                all.extend(&f.audience);
                for i in &f.items {
                    all.extend(&i.audience);
                }
            }
        }
        for p in &m.procedures {
            all.extend(&p.audience);
            for pol in &p.policies {
                all.extend(&pol.audience);
            }
            for s in &p.steps {
                all.extend(&s.audience);
            }
        }
        for f in &m.forms {
            all.extend(&f.audience);
        }
        for g in &m.guides {
            all.extend(&g.audience);
            for s in &g.sections {
                for i in &s.items {
                    all.extend(&i.audience);
                }
            }
        }
    }
    all
}

fn check_audiences(project: &Project, diags: &mut Diagnostics) {
    let lang = lang(project);
    let kinds: BTreeSet<&str> = project
        .offices
        .iter()
        .map(|o| o.kind.value.as_str())
        .collect();
    let list = kinds.iter().copied().collect::<Vec<_>>().join(", ");
    let used = audiences(project);
    if kinds.is_empty() {
        // No offices at all (offices.yaml deleted, or empty): one finding
        // that says so, not one per audience.
        let Some(first) = used.first() else {
            return;
        };
        let named: BTreeSet<&str> = used.iter().map(|v| v.value.as_str()).collect();
        let named = named.into_iter().collect::<Vec<_>>().join(", ");
        diags.error(
            "E-AUDIENCE-UNKNOWN",
            first.at,
            lang.t(
                format!(
                    "el proyecto no declara ninguna oficina (content/offices.yaml falta o está vacío), pero {} a oficinas de tipo {named}",
                    match used.len() {
                        1 => "un texto va dirigido".to_owned(),
                        n => format!("{n} textos van dirigidos"),
                    }
                ),
                format!(
                    "the project declares no office (content/offices.yaml is missing or empty), but {} text(s) are meant for offices of kind {named}",
                    used.len()
                ),
            ),
            Some(lang.t(
                "cree content/offices.yaml con cada oficina, su nombre y su tipo (kind), o quite los «audience» (docs/content.md, «glossary.yaml and offices.yaml»)",
                "create content/offices.yaml with each office, its name and its kind, or take out the “audience” fields (docs/content.md, “glossary.yaml and offices.yaml”)",
            )),
        );
        return;
    }
    // An office whose kind no audience names but one near it is (a typo
    // such as «reginal»): its bundle would silently lack what its kind gets.
    let named: BTreeSet<&str> = used.iter().map(|v| v.value.as_str()).collect();
    for office in &project.offices {
        let kind = office.kind.value.as_str();
        if named.is_empty() || named.contains(kind) {
            continue;
        }
        if let Some(best) = closest(kind, named.iter().copied()) {
            diags.warning(
                "W-OFFICE-KIND",
                office.kind.at,
                lang.t(
                    format!(
                        "la oficina «{}» es de tipo «{kind}», que ningún «audience» nombra: su paquete no llevaría lo dirigido a «{best}»",
                        office.id.value
                    ),
                    format!(
                        "office “{}” is of kind “{kind}”, which no “audience” names: its bundle would not carry what is meant for “{best}”",
                        office.id.value
                    ),
                ),
                Some(did_you_mean(lang, best)),
            );
        }
    }
    for value in used {
        if kinds.contains(value.value.as_str()) {
            continue;
        }
        let hint = if kinds.is_empty() {
            lang.t(
                "declare las oficinas y su tipo (kind) en content/offices.yaml",
                "declare the offices and their kind in content/offices.yaml",
            )
        } else {
            match closest(&value.value, kinds.iter().copied()) {
                Some(best) => lang.t(
                    format!("¿quiso decir «{best}»? Tipos de oficina: {list}"),
                    format!("did you mean “{best}”? Office kinds: {list}"),
                ),
                None => lang.t(
                    format!("tipos de oficina en offices.yaml: {list}"),
                    format!("office kinds in offices.yaml: {list}"),
                ),
            }
        };
        diags.error(
            "E-AUDIENCE-UNKNOWN",
            value.at,
            lang.t(
                format!(
                    "ninguna oficina de offices.yaml es de tipo «{}»",
                    value.value
                ),
                format!("no office in offices.yaml is of kind “{}”", value.value),
            ),
            Some(hint),
        );
    }
}
