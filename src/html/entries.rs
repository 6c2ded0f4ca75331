//! The pages of a procedure, a form and a supervision guide: what each shows,
//! in the order the printed documents use (domain.md), with the references in
//! both directions (a form lists the procedures that use it), as the plain
//! values that the theme's `procedure.html`, `form.html` and `guide.html`
//! lay out (docs/theme.md). Rich text arrives rendered by `rich`, in the order
//! the page shows it, so an acronym is explained where it first appears.

use serde::Serialize;

use crate::diagram::flowchart::{self, Style};
use crate::document::{Document, FormDoc, GuideDoc, Mention, ProcedureDoc, SiteUrl};

use super::pages::{MentionView, audience_label};
use super::rich::PageWriter;

/// The unit responsible for an entry, linked from its page.
#[derive(Serialize)]
struct OwnerView<'d> {
    name: &'d str,
    url: String,
}

fn owner_view<'d>(owner: &'d Option<(String, SiteUrl)>, w: &PageWriter) -> Option<OwnerView<'d>> {
    owner.as_ref().map(|(name, url)| OwnerView {
        name,
        url: w.url(url),
    })
}

fn mention_views(mentions: &[Mention], w: &PageWriter) -> Vec<MentionView> {
    mentions
        .iter()
        .map(|m| MentionView::new(&m.text, w.url(&m.url)))
        .collect()
}

/// What `procedure.html` shows of a procedure, in the order of the printed
/// procedures manual: basis, objective, scope, policies, definitions, the
/// activities, the flowchart, the documents and the annexes.
#[derive(Serialize)]
pub struct ProcedureView<'d> {
    owner: Option<OwnerView<'d>>,
    audience: Option<String>,
    basis_html: Vec<String>,
    objective_html: Option<String>,
    scope_html: Option<String>,
    policies: Vec<PolicyView>,
    definitions_html: Vec<String>,
    steps: Vec<StepView<'d>>,
    /// The flowchart's pages, each an SVG drawing.
    flowchart_svg: Vec<String>,
    documents: Vec<DocumentView<'d>>,
    annexes_html: Vec<String>,
}

#[derive(Serialize)]
struct PolicyView {
    html: String,
    audience: Option<String>,
}

#[derive(Serialize)]
struct StepView<'d> {
    number: usize,
    anchor: &'d str,
    actor: &'d str,
    html: String,
    audience: Option<String>,
    decision: Option<DecisionView<'d>>,
    goto: Option<StepLink<'d>>,
    end: bool,
    supervised_by: Vec<MentionView>,
    documents_html: Vec<String>,
}

/// A decision: its question and where each answer goes.
#[derive(Serialize)]
struct DecisionView<'d> {
    question_html: String,
    branches: Vec<BranchView<'d>>,
}

#[derive(Serialize)]
struct BranchView<'d> {
    when: &'d str,
    to: StepLink<'d>,
}

/// A step named by its number, linked by its anchor on the same page.
#[derive(Serialize)]
struct StepLink<'d> {
    number: usize,
    anchor: &'d str,
}

/// A row of the "Relación de documentos que intervienen".
#[derive(Serialize)]
struct DocumentView<'d> {
    number: usize,
    html: String,
    steps: Vec<StepLink<'d>>,
}

pub fn procedure<'d>(doc: &Document, p: &'d ProcedureDoc, w: &mut PageWriter) -> ProcedureView<'d> {
    let lang = doc.lang;
    let step = |number: usize| StepLink {
        number,
        anchor: anchor_of(p, number),
    };
    // Rich text is rendered in the order the page shows it: an acronym is
    // explained where it first appears.
    let basis_html = p.basis.iter().map(|b| w.rich(b)).collect();
    let objective_html = p.objective.as_ref().map(|o| w.rich(o));
    let scope_html = p.scope.as_ref().map(|s| w.rich(s));
    let policies = p
        .policies
        .iter()
        .map(|pol| PolicyView {
            html: w.rich(&pol.text),
            audience: audience_label(doc, &pol.audience),
        })
        .collect();
    let definitions_html = p.definitions.iter().map(|d| w.rich(d)).collect();
    let steps = p
        .steps
        .iter()
        .map(|s| StepView {
            number: s.number,
            anchor: &s.anchor,
            actor: &s.actor,
            html: w.rich(&s.action),
            audience: audience_label(doc, &s.audience),
            decision: s
                .decision
                .as_ref()
                .map(|(question, branches)| DecisionView {
                    question_html: w.rich(question),
                    branches: branches
                        .iter()
                        .map(|(when, to)| BranchView {
                            when,
                            to: step(*to),
                        })
                        .collect(),
                }),
            goto: s.goto.map(step),
            end: s.end,
            supervised_by: mention_views(&s.supervised_by, w),
            documents_html: s.documents.iter().map(|d| w.rich(d)).collect(),
        })
        .collect();
    let chart = flowchart::flowchart(p, Style::SCREEN, lang, None);
    let flowchart_svg = chart
        .pages
        .iter()
        .enumerate()
        .map(|(k, page)| super::svg::flowchart(page, &chart.style, p, lang, &format!("flujo-{k}")))
        .collect();
    let documents = p
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| DocumentView {
            number: i + 1,
            html: w.rich(&d.text),
            steps: d.steps.iter().map(|&n| step(n)).collect(),
        })
        .collect();
    let annexes_html = p.annexes.iter().map(|a| w.rich(a)).collect();
    ProcedureView {
        owner: owner_view(&p.owner, w),
        audience: audience_label(doc, &p.audience),
        basis_html,
        objective_html,
        scope_html,
        policies,
        definitions_html,
        steps,
        flowchart_svg,
        documents,
        annexes_html,
    }
}

/// The anchor of step `number` (1-based).
fn anchor_of(p: &ProcedureDoc, number: usize) -> &str {
    p.steps
        .get(number.wrapping_sub(1))
        .map(|s| s.anchor.as_str())
        .unwrap_or_default()
}

/// What `form.html` shows of a form: the sheet as printed, its instructivo,
/// its copies and the procedures that use it.
#[derive(Serialize)]
pub struct FormView<'d> {
    owner: Option<OwnerView<'d>>,
    purpose_html: Option<String>,
    /// What the drawing of the sheet is, for screen readers.
    sheet_label: String,
    sections: Vec<FormSectionView<'d>>,
    copies: Vec<CopyView<'d>>,
    used_by: Vec<MentionView>,
}

#[derive(Serialize)]
struct FormSectionView<'d> {
    title: &'d str,
    fields: Vec<FieldView<'d>>,
}

#[derive(Serialize)]
struct FieldView<'d> {
    number: usize,
    anchor: &'d str,
    label: &'d str,
    /// `text`, `textarea`, `date`, `choice`, `checkbox`, `signature` …
    kind: &'d str,
    /// How many character boxes the field has, if it has them.
    length: Option<u32>,
    required: bool,
    options: &'d [String],
    instructions_html: Option<String>,
}

/// A copy of the form and who receives it.
#[derive(Serialize)]
struct CopyView<'d> {
    copy: &'d str,
    to: &'d str,
}

pub fn form<'d>(doc: &Document, f: &'d FormDoc, w: &mut PageWriter) -> FormView<'d> {
    let lang = doc.lang;
    let purpose_html = f.purpose.as_ref().map(|p| w.rich(p));
    FormView {
        owner: owner_view(&f.owner, w),
        purpose_html,
        sheet_label: lang.t(
            format!("El formato {} tal como se imprime", f.code),
            format!("Form {} as printed", f.code),
        ),
        sections: f
            .sections
            .iter()
            .map(|s| FormSectionView {
                title: &s.title,
                fields: s
                    .fields
                    .iter()
                    .map(|field| FieldView {
                        number: field.number,
                        anchor: &field.anchor,
                        label: &field.label,
                        kind: &field.kind,
                        length: field.length,
                        required: field.required,
                        options: &field.options,
                        instructions_html: field.instructions.as_ref().map(|i| w.rich(i)),
                    })
                    .collect(),
            })
            .collect(),
        copies: f
            .copies
            .iter()
            .map(|(copy, to)| CopyView { copy, to })
            .collect(),
        used_by: mention_views(&f.used_by, w),
    }
}

/// What `guide.html` shows of a supervision guide.
#[derive(Serialize)]
pub struct GuideView<'d> {
    owner: Option<OwnerView<'d>>,
    audience: Option<String>,
    /// The options of the scale: "Cumple", "No cumple", "No aplica".
    scale: &'d [String],
    sections: Vec<GuideSectionView<'d>>,
}

#[derive(Serialize)]
struct GuideSectionView<'d> {
    anchor: String,
    title: &'d str,
    items: Vec<GuideItemView<'d>>,
}

#[derive(Serialize)]
struct GuideItemView<'d> {
    number: usize,
    anchor: &'d str,
    html: String,
    audience: Option<String>,
    basis_html: Vec<String>,
    evidence_html: Option<String>,
}

pub fn guide<'d>(doc: &Document, g: &'d GuideDoc, w: &mut PageWriter) -> GuideView<'d> {
    GuideView {
        owner: owner_view(&g.owner, w),
        audience: audience_label(doc, &g.audience),
        scale: &g.scale,
        sections: g
            .sections
            .iter()
            .enumerate()
            .map(|(k, s)| GuideSectionView {
                anchor: format!("seccion-{}", k + 1),
                title: &s.title,
                // In the order the page shows them: an acronym is explained
                // where it first appears.
                items: s
                    .items
                    .iter()
                    .map(|item| GuideItemView {
                        number: item.number,
                        anchor: &item.anchor,
                        html: w.rich(&item.text),
                        audience: audience_label(doc, &item.audience),
                        basis_html: item.basis.iter().map(|b| w.rich(b)).collect(),
                        evidence_html: item.evidence.as_ref().map(|e| w.rich(e)),
                    })
                    .collect(),
            })
            .collect(),
    }
}
