//! Every piece of author-written prose in a project, with where it is and what it
//! belongs to, so the reference and writing rules walk one list.

use crate::i18n::Lang;
use crate::load::Project;
use std::sync::Arc;

use crate::model::{Manual, SectionContent, Unit};
use crate::source::{FileId, Loc, Located};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// The text of a function (the verb rule applies).
    Function,
    /// Any other Markdown.
    Prose,
}

#[derive(Clone)]
pub struct Text<'p> {
    pub text: &'p str,
    pub at: Loc,
    pub manual: &'p Manual,
    /// What the text belongs to; `what()` says it as a message does.
    pub owner: Owner<'p>,
    pub kind: TextKind,
}

/// What a text belongs to. Put into words only when a message needs it: a
/// project has tens of thousands of texts and few findings.
#[derive(Clone)]
pub enum Owner<'p> {
    Section {
        title: &'p str,
        manual: &'p str,
    },
    Changes,
    UnitName(&'p str),
    UnitObjective(&'p str),
    Function {
        unit: &'p str,
        number: usize,
    },
    Inciso {
        unit: &'p str,
        number: usize,
        label: String,
    },
    Procedure(&'p str),
    Policy {
        procedure: &'p str,
        number: usize,
    },
    Step {
        procedure: &'p str,
        number: usize,
    },
    Form(&'p str),
    GuideItem {
        guide: &'p str,
        /// As printed: counted across the whole guide.
        number: usize,
    },
}

impl Text<'_> {
    /// "la función 10 de la unidad 7.3.1.1".
    pub fn what(&self, lang: Lang) -> String {
        match &self.owner {
            Owner::Section { title, manual } => lang.t(
                format!("la sección «{title}» del manual {manual}"),
                format!("section “{title}” of manual {manual}"),
            ),
            Owner::Changes => lang.t("el control de cambios", "the change log"),
            Owner::UnitName(c) => lang.t(
                format!("el nombre de la unidad {c}"),
                format!("the name of unit {c}"),
            ),
            Owner::UnitObjective(c) => lang.t(
                format!("el objetivo de la unidad {c}"),
                format!("the objective of unit {c}"),
            ),
            Owner::Function { unit, number } => lang.t(
                format!("la función {number} de la unidad {unit}"),
                format!("function {number} of unit {unit}"),
            ),
            Owner::Inciso {
                unit,
                number,
                label,
            } => lang.t(
                format!("el inciso {label}) de la función {number} de la unidad {unit}"),
                format!("item {label}) of function {number} of unit {unit}"),
            ),
            Owner::Procedure(c) => {
                lang.t(format!("el procedimiento {c}"), format!("procedure {c}"))
            }
            Owner::Policy { procedure, number } => lang.t(
                format!("la política {number} del procedimiento {procedure}"),
                format!("policy {number} of procedure {procedure}"),
            ),
            Owner::Step { procedure, number } => lang.t(
                format!("la actividad {number} del procedimiento {procedure}"),
                format!("step {number} of procedure {procedure}"),
            ),
            Owner::Form(c) => lang.t(format!("el formato {c}"), format!("form {c}")),
            Owner::GuideItem { guide, number } => lang.t(
                format!("el reactivo {number} de la guía {guide}"),
                format!("item {number} of guide {guide}"),
            ),
        }
    }
}

/// What the rules take one at a time: the consecutive units of one file, or
/// one other text. What a rule finds in a units run depends on that file
/// alone, so `norma serve` keeps it (`super::Memo`) and does not even list
/// the run's texts again while the file is unchanged.
pub enum Run<'p> {
    Units {
        manual: &'p Manual,
        units: &'p [Arc<Unit>],
    },
    Text(Text<'p>),
}

impl<'p> Run<'p> {
    pub fn manual(&self) -> &'p Manual {
        match self {
            Run::Units { manual, .. } => manual,
            Run::Text(t) => t.manual,
        }
    }

    /// The file a units run is from; none for any other text.
    pub fn unit_file(&self) -> Option<FileId> {
        match self {
            Run::Units { units, .. } => units.first().map(|u| u.file),
            Run::Text(_) => None,
        }
    }

    /// The run's texts, in file order.
    pub fn texts(&self) -> Vec<Text<'p>> {
        match self {
            Run::Units { manual, units } => {
                let mut out = Vec::new();
                for unit in *units {
                    unit_texts(manual, unit, &mut out);
                }
                out
            }
            Run::Text(t) => vec![t.clone()],
        }
    }
}

/// The file `run` is from when it is a units run, and what `last` kept for
/// it when that file has not changed since the load numbered `since`
/// (`super::Memo`).
pub fn kept_for<T>(
    project: &Project,
    run: &Run,
    since: u64,
    last: &mut std::collections::HashMap<FileId, T>,
) -> (Option<FileId>, Option<T>) {
    let file = run.unit_file();
    let kept = file
        .filter(|f| project.unchanged_since(*f, since))
        .and_then(|f| last.remove(&f));
    (file, kept)
}

/// Every Markdown text of the project in runs, in file order.
pub fn runs<'p>(project: &'p Project) -> Vec<Run<'p>> {
    let mut out = Vec::new();
    for manual in &project.manuals {
        // Every text besides a unit's is prose, a run of its own.
        let prose = |t: &'p Located<String>, owner: Owner<'p>| {
            Run::Text(Text {
                text: &t.value,
                at: t.at,
                manual,
                owner,
                kind: TextKind::Prose,
            })
        };
        let m = manual.id.value.as_str();
        for section in &manual.sections {
            if let SectionContent::Body(body) = &section.content {
                let title = section.title.value.as_str();
                out.push(prose(body, Owner::Section { title, manual: m }));
            }
        }
        for change in &manual.changes {
            out.push(prose(&change.summary, Owner::Changes));
        }
        for units in manual.units.chunk_by(|a, b| a.file == b.file) {
            out.push(Run::Units { manual, units });
        }
        for p in &manual.procedures {
            let c = p.code.value.as_str();
            for t in [&p.objective, &p.scope].into_iter().flatten() {
                out.push(prose(t, Owner::Procedure(c)));
            }
            for t in p.basis.iter().chain(&p.definitions).chain(&p.annexes) {
                out.push(prose(t, Owner::Procedure(c)));
            }
            for (i, pol) in p.policies.iter().enumerate() {
                let owner = Owner::Policy {
                    procedure: c,
                    number: i + 1,
                };
                out.push(prose(&pol.text, owner));
            }
            for (i, s) in p.steps.iter().enumerate() {
                let step = || Owner::Step {
                    procedure: c,
                    number: i + 1,
                };
                if let Some(action) = &s.action {
                    out.push(prose(action, step()));
                }
                if let Some(q) = s.decide.as_ref().and_then(|d| d.question.as_ref()) {
                    out.push(prose(q, step()));
                }
            }
        }
        for f in &manual.forms {
            let c = f.code.value.as_str();
            if let Some(purpose) = &f.purpose {
                out.push(prose(purpose, Owner::Form(c)));
            }
            for field in f.sections.iter().flat_map(|s| &s.fields) {
                if let Some(instructions) = &field.instructions {
                    out.push(prose(instructions, Owner::Form(c)));
                }
            }
        }
        for g in &manual.guides {
            let c = g.code.value.as_str();
            // Items are numbered across the whole guide, as printed ("No. 5").
            let mut number = 0;
            for section in &g.sections {
                for item in &section.items {
                    number += 1;
                    let owner = || Owner::GuideItem { guide: c, number };
                    out.push(prose(&item.check, owner()));
                    for t in item.evidence.iter().chain(&item.basis) {
                        out.push(prose(t, owner()));
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
                out.push(Run::Text(Text {
                    text: &project.sources.get(*id).text,
                    at: Loc::file_start(*id),
                    manual,
                    owner: Owner::Section {
                        title: &section.title.value,
                        manual: &manual.id.value,
                    },
                    kind: TextKind::Prose,
                }));
            }
        }
    }
    out
}
/// The texts of `unit` (its name, objective, functions and incisos), in
/// file order.
fn unit_texts<'p>(manual: &'p Manual, unit: &'p Unit, out: &mut Vec<Text<'p>>) {
    let mut push = |t: &'p Located<String>, owner: Owner<'p>, kind: TextKind| {
        out.push(Text {
            text: &t.value,
            at: t.at,
            manual,
            owner,
            kind,
        });
    };
    let c = unit.code.value.as_str();
    push(&unit.name, Owner::UnitName(c), TextKind::Prose);
    if let Some(objective) = &unit.objective {
        push(objective, Owner::UnitObjective(c), TextKind::Prose);
    }
    for (i, f) in unit.functions.iter().enumerate() {
        let number = i + 1;
        push(
            &f.text,
            Owner::Function { unit: c, number },
            TextKind::Function,
        );
        if f.items.is_empty() {
            continue;
        }
        for (item, label) in f.items.iter().zip(f.labels()) {
            let label = label.trim_end_matches(')').to_owned();
            push(
                &item.text,
                Owner::Inciso {
                    unit: c,
                    number,
                    label,
                },
                TextKind::Prose,
            );
        }
    }
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
