//! The pages of a procedure, a form and a supervision guide: what each shows,
//! in the order the printed documents use (domain.md), with the references in
//! both directions (a form lists the procedures that use it).

use std::fmt::Write;

use serde::Serialize;

use crate::diagram::flowchart::{self, Style};
use crate::document::{Document, FormDoc, GuideDoc, Mention, ProcedureDoc, Rich, SiteUrl};
use crate::i18n::Lang;

use super::rich::{PageWriter, escape_html};
use super::{MentionView, audience_label};

fn heading(out: &mut String, id: &str, text: &str) {
    let _ = writeln!(out, "<h2 id=\"{id}\">{}</h2>", escape_html(text));
}

fn owner(out: &mut String, owner: &Option<(String, SiteUrl)>, lang: Lang, w: &PageWriter) {
    if let Some((name, url)) = owner {
        let _ = writeln!(
            out,
            "<p class=\"owner\">{}: <a href=\"{}\">{}</a></p>",
            escape_html(&lang.t("Unidad responsable", "Responsible unit")),
            escape_html(&w.url(url)),
            escape_html(name)
        );
    }
}

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

fn mentions(mentions: &[Mention], w: &PageWriter) -> String {
    mentions
        .iter()
        .map(|m| {
            format!(
                "<a href=\"{}\">{}</a>",
                escape_html(&w.url(&m.url)),
                escape_html(&m.text)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn rich_list(out: &mut String, items: &[Rich], tag: &str, w: &mut PageWriter) {
    let _ = write!(out, "<{tag}>");
    for item in items {
        let _ = write!(out, "<li>{}</li>", w.rich(item));
    }
    let _ = writeln!(out, "</{}>", tag.split(' ').next().unwrap_or(tag));
}

pub fn procedure(doc: &Document, p: &ProcedureDoc, w: &mut PageWriter) -> String {
    let lang = doc.lang;
    let mut out = String::new();
    owner(&mut out, &p.owner, lang, w);
    if let Some(a) = audience_label(doc, &p.audience) {
        let _ = writeln!(
            out,
            "<p><span class=\"audience\">{}</span></p>",
            escape_html(&a)
        );
    }
    if !p.basis.is_empty() {
        heading(&mut out, "base", &lang.t("Base normativa", "Legal basis"));
        rich_list(&mut out, &p.basis, "ul", w);
    }
    if let Some(o) = &p.objective {
        heading(&mut out, "objetivo", &lang.t("Objetivo", "Objective"));
        let _ = writeln!(out, "<p>{}</p>", w.rich(o));
    }
    if let Some(s) = &p.scope {
        heading(&mut out, "ambito", &lang.t("Ámbito de aplicación", "Scope"));
        let _ = writeln!(out, "<p>{}</p>", w.rich(s));
    }
    if !p.policies.is_empty() {
        heading(
            &mut out,
            "politicas",
            &lang.t("Políticas de operación", "Policies"),
        );
        out.push_str("<ol class=\"policies\">");
        for pol in &p.policies {
            let _ = write!(out, "<li>{}", w.rich(&pol.text));
            if let Some(a) = audience_label(doc, &pol.audience) {
                let _ = write!(out, " <span class=\"audience\">{}</span>", escape_html(&a));
            }
            out.push_str("</li>");
        }
        out.push_str("</ol>\n");
    }
    if !p.definitions.is_empty() {
        heading(
            &mut out,
            "definiciones",
            &lang.t("Definiciones", "Definitions"),
        );
        rich_list(&mut out, &p.definitions, "ul class=\"definitions\"", w);
    }
    heading(
        &mut out,
        "actividades",
        &lang.t("Descripción de actividades", "Activities"),
    );
    let _ = write!(
        out,
        "<div class=\"table\"><table class=\"activities\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        escape_html(&lang.t("Responsable", "Responsible")),
        escape_html(&lang.t("No.", "No.")),
        escape_html(&lang.t("Actividad", "Activity")),
        escape_html(&lang.t("Documento de trabajo", "Working document")),
    );
    for s in &p.steps {
        let mut activity = w.rich(&s.action);
        if let Some(a) = audience_label(doc, &s.audience) {
            let _ = write!(
                activity,
                " <span class=\"audience\">{}</span>",
                escape_html(&a)
            );
        }
        if let Some((question, branches)) = &s.decision {
            let _ = write!(activity, "<span class=\"decision\">{}", w.rich(question));
            for (when, to) in branches {
                let _ = write!(
                    activity,
                    "<br><strong>{}:</strong> {} <a href=\"#{}\">{to}</a>",
                    escape_html(when),
                    escape_html(&lang.t("pasa a la actividad", "go to step")),
                    escape_html(&anchor_of(p, *to)),
                );
            }
            activity.push_str("</span>");
        }
        if let Some(to) = s.goto {
            let _ = write!(
                activity,
                "<span class=\"flow\">{} <a href=\"#{}\">{to}</a></span>",
                escape_html(&lang.t("Pasa a la actividad", "Go to step")),
                escape_html(&anchor_of(p, to)),
            );
        }
        if s.end {
            let _ = write!(
                activity,
                "<span class=\"flow\"><strong>{}</strong></span>",
                escape_html(&lang.t("Termina el procedimiento", "End of the procedure"))
            );
        }
        if !s.supervised_by.is_empty() {
            let _ = write!(
                activity,
                "<span class=\"supervised\">{}: {}</span>",
                escape_html(&lang.t("Se supervisa en", "Supervised in")),
                mentions(&s.supervised_by, w)
            );
        }
        let documents: Vec<String> = s.documents.iter().map(|d| w.rich(d)).collect();
        let _ = writeln!(
            out,
            "<tr id=\"{}\"><td>{}</td><td class=\"num\">{}</td><td>{activity}</td><td>{}</td></tr>",
            escape_html(&s.anchor),
            escape_html(&s.actor),
            s.number,
            documents.join("<br>")
        );
    }
    out.push_str("</tbody></table></div>\n");

    heading(
        &mut out,
        "diagrama",
        &lang.t("Diagrama de flujo", "Flowchart"),
    );
    let chart = flowchart::flowchart(p, Style::SCREEN, lang, None);
    for (k, page) in chart.pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "<figure class=\"chart flowchart-figure\">{}</figure>",
            super::svg::flowchart(page, &chart.style, p, lang, &format!("flujo-{k}"))
        );
    }

    if !p.documents.is_empty() {
        heading(
            &mut out,
            "documentos",
            &lang.t(
                "Relación de documentos que intervienen",
                "Documents involved",
            ),
        );
        let _ = write!(
            out,
            "<div class=\"table\"><table class=\"documents\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            escape_html(&lang.t("No.", "No.")),
            escape_html(&lang.t("Documento", "Document")),
            escape_html(&lang.t("Actividades en que interviene", "Used in steps")),
        );
        for (i, d) in p.documents.iter().enumerate() {
            let steps: Vec<String> = d
                .steps
                .iter()
                .map(|n| format!("<a href=\"#{}\">{n}</a>", escape_html(&anchor_of(p, *n))))
                .collect();
            let _ = writeln!(
                out,
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                w.rich(&d.text),
                steps.join(", ")
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    if !p.annexes.is_empty() {
        heading(&mut out, "anexos", &lang.t("Anexos", "Annexes"));
        rich_list(&mut out, &p.annexes, "ol", w);
    }
    out
}

/// The anchor of step `number` (1-based).
fn anchor_of(p: &ProcedureDoc, number: usize) -> String {
    p.steps
        .get(number.wrapping_sub(1))
        .map(|s| s.anchor.clone())
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
        used_by: f
            .used_by
            .iter()
            .map(|m| MentionView {
                text: m.text.clone(),
                url: w.url(&m.url),
            })
            .collect(),
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
