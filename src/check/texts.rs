//! Every piece of author-written prose in a project, with where it is and what it
//! belongs to, so the reference and writing rules walk one list.

use crate::i18n::Lang;
use crate::load::Project;
use crate::model::{Manual, SectionContent};
use crate::source::{Loc, Located};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// The text of a function (the verb rule applies).
    Function,
    /// Any other Markdown.
    Prose,
}

pub struct Text<'p> {
    pub text: &'p str,
    pub at: Loc,
    pub manual: &'p Manual,
    /// What the text belongs to, as a message says it: "la función 10 de la unidad 7.3.1.1".
    pub what: String,
    pub kind: TextKind,
}

/// All Markdown texts, in file order.
pub fn markdown_texts<'p>(project: &'p Project, lang: Lang) -> Vec<Text<'p>> {
    let mut out = Vec::new();
    for manual in &project.manuals {
        let mut push = |t: &'p Located<String>, what: String, kind: TextKind| {
            out.push(Text {
                text: &t.value,
                at: t.at,
                manual,
                what,
                kind,
            });
        };
        let m = &manual.id.value;
        for section in &manual.sections {
            let what = || {
                lang.t(
                    format!("la sección «{}» del manual {m}", section.title.value),
                    format!("section “{}” of manual {m}", section.title.value),
                )
            };
            if let SectionContent::Body(body) = &section.content {
                push(body, what(), TextKind::Prose);
            }
        }
        for change in &manual.changes {
            push(
                &change.summary,
                lang.t("el control de cambios", "the change log"),
                TextKind::Prose,
            );
        }
        for unit in &manual.units {
            let c = &unit.code.value;
            push(
                &unit.name,
                lang.t(
                    format!("el nombre de la unidad {c}"),
                    format!("the name of unit {c}"),
                ),
                TextKind::Prose,
            );
            if let Some(objective) = &unit.objective {
                push(
                    objective,
                    lang.t(
                        format!("el objetivo de la unidad {c}"),
                        format!("the objective of unit {c}"),
                    ),
                    TextKind::Prose,
                );
            }
            for (i, f) in unit.functions.iter().enumerate() {
                let n = i + 1;
                push(
                    &f.text,
                    lang.t(
                        format!("la función {n} de la unidad {c}"),
                        format!("function {n} of unit {c}"),
                    ),
                    TextKind::Function,
                );
                for (item, label) in f.items.iter().zip(f.labels()) {
                    let label = label.trim_end_matches(')');
                    push(
                        &item.text,
                        lang.t(
                            format!("el inciso {label}) de la función {n} de la unidad {c}"),
                            format!("item {label}) of function {n} of unit {c}"),
                        ),
                        TextKind::Prose,
                    );
                }
            }
        }
        for p in &manual.procedures {
            let c = &p.code.value;
            let what = lang.t(format!("el procedimiento {c}"), format!("procedure {c}"));
            for t in [&p.objective, &p.scope].into_iter().flatten() {
                push(t, what.clone(), TextKind::Prose);
            }
            for t in p.basis.iter().chain(&p.definitions).chain(&p.annexes) {
                push(t, what.clone(), TextKind::Prose);
            }
            for (i, pol) in p.policies.iter().enumerate() {
                push(
                    &pol.text,
                    lang.t(
                        format!("la política {} del procedimiento {c}", i + 1),
                        format!("policy {} of procedure {c}", i + 1),
                    ),
                    TextKind::Prose,
                );
            }
            for (i, s) in p.steps.iter().enumerate() {
                let step_what = lang.t(
                    format!("la actividad {} del procedimiento {c}", i + 1),
                    format!("step {} of procedure {c}", i + 1),
                );
                if let Some(action) = &s.action {
                    push(action, step_what.clone(), TextKind::Prose);
                }
                if let Some(q) = s.decide.as_ref().and_then(|d| d.question.as_ref()) {
                    push(q, step_what, TextKind::Prose);
                }
            }
        }
        for f in &manual.forms {
            let c = &f.code.value;
            let what = lang.t(format!("el formato {c}"), format!("form {c}"));
            if let Some(purpose) = &f.purpose {
                push(purpose, what.clone(), TextKind::Prose);
            }
            for field in f.sections.iter().flat_map(|s| &s.fields) {
                if let Some(instructions) = &field.instructions {
                    push(instructions, what.clone(), TextKind::Prose);
                }
            }
        }
        for g in &manual.guides {
            let c = &g.code.value;
            for (si, section) in g.sections.iter().enumerate() {
                for (ii, item) in section.items.iter().enumerate() {
                    let what = lang.t(
                        format!("el reactivo {}.{} de la guía {c}", si + 1, ii + 1),
                        format!("item {}.{} of guide {c}", si + 1, ii + 1),
                    );
                    push(&item.check, what.clone(), TextKind::Prose);
                    for t in item.evidence.iter().chain(&item.basis) {
                        push(t, what.clone(), TextKind::Prose);
                    }
                }
            }
        }
    }
    // Section files: their whole text, located at the start of the file.
    for manual in &project.manuals {
        for section in &manual.sections {
            if let SectionContent::File {
                source: Some(id), ..
            } = &section.content
            {
                out.push(Text {
                    text: &project.sources.get(*id).text,
                    at: Loc::file_start(*id),
                    manual,
                    what: lang.t(
                        format!(
                            "la sección «{}» del manual {}",
                            section.title.value, manual.id.value
                        ),
                        format!(
                            "section “{}” of manual {}",
                            section.title.value, manual.id.value
                        ),
                    ),
                    kind: TextKind::Prose,
                });
            }
        }
    }
    out
}

/// Finds where `needle` is written in the source, searching from `from` (a byte
/// offset), and returns its location; used to point at a reference or a word
/// inside a YAML scalar. Falls back to the scalar's own location.
pub fn locate(project: &Project, at: Loc, needle: &str, from: &mut usize) -> Loc {
    let file = project.sources.get(at.file);
    let start = (*from)
        .max(at.offset.unwrap_or(0) as usize)
        .min(file.text.len());
    if let Some(found) = file.text.get(start..).and_then(|rest| rest.find(needle)) {
        let offset = start + found;
        *from = offset + needle.len();
        return file.loc_of_range(at.file, offset, needle.len());
    }
    at
}
