//! Each entry of a manual resolved for the writers: units (with their
//! functions, incisos and the organization chart's tree), procedures (steps
//! numbered as this copy shows them, decisions, documents), forms and guides.

use std::collections::BTreeMap;

use crate::document::*;
use crate::i18n::Lang;
use crate::model::{self, Manual};
use crate::resolve::Scope;
use crate::resolve::markdown::{self, Context};
use crate::resolve::targets::{self, Targets};

pub(super) fn audience(a: &model::Audience) -> Vec<String> {
    a.iter().map(|x| x.value.clone()).collect()
}

pub(super) fn unit_doc(
    m: &Manual,
    u: &model::Unit,
    cx: &Context,
    targets: &Targets,
    lang: Lang,
    scope: Scope,
) -> UnitDoc {
    let code = u.code.value.clone();
    let url = targets::unit_url(m, &code);
    // Numbers and labels are the official ones, given before anything is left
    // out: a bundle without function 12 goes from 11 to 13, as cited in law.
    let functions = u
        .functions
        .iter()
        .enumerate()
        .filter(|(_, f)| scope.reaches(&f.audience))
        .map(|(i, f)| {
            let number = i + 1;
            let anchor = format!("f{number}");
            let items = f
                .labels()
                .into_iter()
                .zip(&f.items)
                .filter(|(_, item)| scope.reaches(&item.audience))
                .map(|(label, item)| IncisoDoc {
                    anchor: format!("f{number}{label}"),
                    citation: lang.t(
                        format!("función {number}, inciso {label}) de la unidad {code}"),
                        format!("function {number}, item {label}) of unit {code}"),
                    ),
                    label,
                    text: markdown::inline(&item.text.value, cx),
                    audience: audience(&item.audience),
                })
                .collect();
            FunctionDoc {
                number,
                id: f.id.as_ref().map(|i| i.value.clone()),
                anchor,
                text: markdown::inline(&f.text.value, cx),
                items,
                audience: audience(&f.audience),
                citation: lang.t(
                    format!("función {number} de la unidad {code}"),
                    format!("function {number} of unit {code}"),
                ),
                supervised_by: Vec::new(),
            }
        })
        .collect();
    let section_parent = code
        .rsplit_once('.')
        .map(|(p, _)| p.to_owned())
        .filter(|p| targets.has_unit(&m.id.value, p));
    UnitDoc {
        depth: code.matches('.').count(),
        name: u.name.value.clone(),
        objective: u.objective.as_ref().map(|o| markdown::inline(&o.value, cx)),
        functions,
        url,
        reports_to: u
            .reports_to
            .as_ref()
            .map(|r| r.value.clone())
            .filter(|r| targets.has_unit(&m.id.value, r))
            .or(section_parent),
        parent: None,
        children: Vec::new(),
        code,
    }
}

/// The chart's tree: each unit under the unit it reports to; units that report to
/// none are the roots. Fills each unit's `parent` and `children` on the way. A
/// cycle (refused by check) cannot loop here: each unit is placed once.
pub(super) fn org_tree(units: &mut [std::sync::Arc<UnitDoc>]) -> Vec<OrgNode> {
    let index: BTreeMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.code.as_str(), i))
        .collect();
    let mut parents: Vec<Option<usize>> = vec![None; units.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    let mut roots = Vec::new();
    for (i, u) in units.iter().enumerate() {
        match u.reports_to.as_deref().and_then(|p| index.get(p)) {
            Some(&p) if p != i => {
                children[p].push(i);
                parents[i] = Some(p);
            }
            _ => roots.push(i),
        }
    }
    for (i, u) in units.iter_mut().enumerate() {
        // A unit shared with the last document (`norma serve`) is copied
        // only when its place in the chart changed.
        if u.parent != parents[i] || u.children != children[i] {
            let u = std::sync::Arc::make_mut(u);
            u.parent = parents[i];
            u.children = children[i].clone();
        }
    }
    let mut placed = vec![false; units.len()];
    fn build(i: usize, children: &[Vec<usize>], placed: &mut [bool]) -> OrgNode {
        placed[i] = true;
        let mut nodes = Vec::new();
        for &c in &children[i] {
            if !placed[c] {
                nodes.push(build(c, children, placed));
            }
        }
        OrgNode {
            unit: i,
            children: nodes,
        }
    }
    let mut tree: Vec<OrgNode> = roots
        .into_iter()
        .map(|r| build(r, &children, &mut placed))
        .collect();
    // Units caught in a cycle have no root; show them at the top rather than lose them.
    for i in 0..units.len() {
        if !placed[i] {
            tree.push(build(i, &children, &mut placed));
        }
    }
    tree
}

fn rich_list(items: &[crate::source::Located<String>], cx: &Context) -> Vec<Rich> {
    items
        .iter()
        .map(|i| markdown::inline(&i.value, cx))
        .collect()
}

pub(super) fn procedure_doc(
    folder: &str,
    p: &model::Procedure,
    cx: &Context,
    targets: &Targets,
    scope: Scope,
) -> ProcedureDoc {
    let shown = shown_steps(p, scope);
    let actor_name = |id: &str| {
        p.actors
            .iter()
            .find(|a| a.id.value == id)
            .map(|a| a.name.value.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    ProcedureDoc {
        code: p.code.value.clone(),
        name: p.name.value.clone(),
        url: SiteUrl::page(format!("{folder}/{}.html", p.code.value)),
        objective: p.objective.as_ref().map(|o| markdown::inline(&o.value, cx)),
        scope: p.scope.as_ref().map(|o| markdown::inline(&o.value, cx)),
        basis: rich_list(&p.basis, cx),
        // Policies keep their official numbers, like functions.
        policies: p
            .policies
            .iter()
            .enumerate()
            .filter(|(_, pol)| scope.reaches(&pol.audience))
            .map(|(i, pol)| PolicyDoc {
                number: i + 1,
                text: markdown::inline(&pol.text.value, cx),
                audience: audience(&pol.audience),
            })
            .collect(),
        definitions: rich_list(&p.definitions, cx),
        actors: p
            .actors
            .iter()
            .map(|a| (a.id.value.clone(), a.name.value.clone()))
            .collect(),
        steps: p
            .steps
            .iter()
            .enumerate()
            .filter(|(i, _)| shown[*i].is_some())
            .map(|(_, s)| s)
            .enumerate()
            .map(|(i, s)| StepDoc {
                number: i + 1,
                anchor: s.id.value.clone(),
                actor: s
                    .actor
                    .as_ref()
                    .map(|a| actor_name(&a.value))
                    .unwrap_or_default(),
                lane: s
                    .actor
                    .as_ref()
                    .and_then(|a| p.actors.iter().position(|x| x.id.value == a.value))
                    .unwrap_or(0),
                document_codes: s.documents.iter().map(|d| form_code(&d.value)).collect(),
                supervised_by: Vec::new(),
                action: s
                    .action
                    .as_ref()
                    .map(|a| markdown::inline(&a.value, cx))
                    .unwrap_or_default(),
                documents: s
                    .documents
                    .iter()
                    .map(|d| targets.document_mention(&d.value, cx))
                    .collect(),
                decision: s.decide.as_ref().map(|d| {
                    (
                        d.question
                            .as_ref()
                            .map(|q| markdown::inline(&q.value, cx))
                            .unwrap_or_default(),
                        d.branches
                            .iter()
                            .map(|b| {
                                (
                                    b.when.value.clone(),
                                    landing(p, &shown, b.goto.value.as_str()).unwrap_or(0),
                                )
                            })
                            .collect(),
                    )
                }),
                goto: s
                    .goto
                    .as_ref()
                    .and_then(|g| landing(p, &shown, g.value.as_str())),
                end: s.end,
                audience: audience(&s.audience),
            })
            .collect(),
        documents: Vec::new(),
        annexes: rich_list(&p.annexes, cx),
        owner: owner(p.owner.as_ref(), cx),
        audience: audience(&p.audience),
    }
    .with_documents()
}

/// The number each step has in this copy, by its place in `p.steps`: `None`
/// for a step whose audience leaves this copy's offices out. The steps shown
/// are numbered 1, 2, 3 ... as the flowchart draws them (a step is not cited
/// in law the way a function is, and the chart's arrows follow the numbers).
pub(crate) fn shown_steps(p: &model::Procedure, scope: Scope) -> Vec<Option<usize>> {
    let mut number = 0;
    p.steps
        .iter()
        .map(|s| {
            scope.reaches(&s.audience).then(|| {
                number += 1;
                number
            })
        })
        .collect()
}

/// Where a jump to the step `id` lands in this copy: that step's number, or,
/// when the step is left out, the number of the first shown step the flow
/// reaches from it (its `goto`, else the next step; check makes sure a step
/// with an audience neither decides nor ends, so it always has one).
fn landing(p: &model::Procedure, shown: &[Option<usize>], id: &str) -> Option<usize> {
    let mut at = p.steps.iter().position(|s| s.id.value == id)?;
    for _ in 0..p.steps.len() {
        if let Some(number) = shown[at] {
            return Some(number);
        }
        let step = &p.steps[at];
        at = match &step.goto {
            Some(g) => p.steps.iter().position(|s| s.id.value == g.value)?,
            None => at + 1,
        };
        if at >= p.steps.len() {
            return None;
        }
    }
    None
}

/// The clave of a step document written as a form reference (`form:9210-009-001`).
fn form_code(written: &str) -> Option<String> {
    match crate::reference::parse(written.trim()) {
        Some(Ok(crate::reference::Reference::Form { code, .. })) => Some(code),
        _ => None,
    }
}

/// An `owner:` reference as the unit's name and page.
fn owner(
    written: Option<&crate::source::Located<String>>,
    cx: &Context,
) -> Option<(String, SiteUrl)> {
    let (target, name) = (cx.resolve)(&written?.value)?;
    match target {
        crate::document::Target::Site(url) => Some((crate::document::plain_text(&name), url)),
        _ => None,
    }
}

impl ProcedureDoc {
    /// Collects the "Relación de documentos que intervienen" from the steps.
    fn with_documents(mut self) -> ProcedureDoc {
        let mut documents: Vec<crate::document::DocumentUse> = Vec::new();
        for step in &self.steps {
            for (text, code) in step.documents.iter().zip(&step.document_codes) {
                let key = crate::document::plain_text(text);
                match documents
                    .iter_mut()
                    .find(|d| crate::document::plain_text(&d.text) == key)
                {
                    Some(d) => {
                        if !d.steps.contains(&step.number) {
                            d.steps.push(step.number);
                        }
                    }
                    None => documents.push(crate::document::DocumentUse {
                        text: text.clone(),
                        code: code.clone(),
                        steps: vec![step.number],
                    }),
                }
            }
        }
        self.documents = documents;
        self
    }
}

pub(super) fn form_doc(folder: &str, f: &model::Form, cx: &Context) -> FormDoc {
    let mut number = 0;
    FormDoc {
        code: f.code.value.clone(),
        name: f.name.value.clone(),
        url: SiteUrl::page(format!("{folder}/{}.html", f.code.value)),
        purpose: f.purpose.as_ref().map(|p| markdown::inline(&p.value, cx)),
        owner: owner(f.owner.as_ref(), cx),
        sections: f
            .sections
            .iter()
            .map(|s| FormSectionDoc {
                title: s.title.value.clone(),
                fields: s
                    .fields
                    .iter()
                    .map(|field| {
                        number += 1;
                        FormFieldDoc {
                            number,
                            anchor: field.id.value.clone(),
                            label: field.label.value.clone(),
                            kind: field
                                .kind
                                .as_ref()
                                .map(|k| k.value.clone())
                                .unwrap_or_else(|| "text".into()),
                            length: field.length.as_ref().map(|l| l.value),
                            required: field.required,
                            options: field.options.iter().map(|o| o.value.clone()).collect(),
                            instructions: field
                                .instructions
                                .as_ref()
                                .map(|i| markdown::inline(&i.value, cx)),
                        }
                    })
                    .collect(),
            })
            .collect(),
        copies: f
            .copies
            .iter()
            .map(|c| (c.copy.value.clone(), c.recipient.value.clone()))
            .collect(),
        used_by: Vec::new(),
        audience: f.audience.iter().map(|a| a.value.clone()).collect(),
    }
}

pub(super) fn guide_doc(folder: &str, g: &model::Guide, cx: &Context, scope: Scope) -> GuideDoc {
    let mut number = 0;
    GuideDoc {
        code: g.code.value.clone(),
        name: g.name.value.clone(),
        url: SiteUrl::page(format!("{folder}/{}.html", g.code.value)),
        owner: owner(g.owner.as_ref(), cx),
        audience: audience(&g.audience),
        scale: g.scale.iter().map(|s| s.value.clone()).collect(),
        sections: g
            .sections
            .iter()
            .map(|s| GuideSectionDoc {
                title: s.title.value.clone(),
                // Items keep the numbers of the full guide.
                items: s
                    .items
                    .iter()
                    .filter_map(|item| {
                        number += 1;
                        if !scope.reaches(&item.audience) {
                            return None;
                        }
                        Some(GuideItemDoc {
                            number,
                            anchor: format!("r{number}"),
                            text: markdown::inline(&item.check.value, cx),
                            evidence: item
                                .evidence
                                .as_ref()
                                .map(|e| markdown::inline(&e.value, cx)),
                            basis: rich_list(&item.basis, cx),
                            audience: audience(&item.audience),
                        })
                    })
                    .collect(),
            })
            .collect(),
    }
}
