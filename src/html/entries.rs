//! The pages of a procedure, a form and a supervision guide: what each shows,
//! in the order the printed documents use (domain.md), with the references in
//! both directions (a form lists the procedures that use it).

use std::fmt::Write;

use serde::Serialize;

use crate::diagram::flowchart::{self, Style};
use crate::document::{
    Document, FormDoc, FormFieldDoc, GuideDoc, Mention, ProcedureDoc, Rich, SiteUrl,
};
use crate::i18n::Lang;

use super::audience_label;
use super::rich::{PageWriter, escape_html};

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

/// A row of character boxes.
fn boxes(out: &mut String, count: u32) {
    out.push_str("<span class=\"boxes\" aria-hidden=\"true\">");
    for _ in 0..count.min(60) {
        out.push_str("<span></span>");
    }
    out.push_str("</span>");
}

/// How a field is drawn on the sheet: its number and label, then where to write.
fn field_drawing(out: &mut String, field: &FormFieldDoc, lang: Lang) {
    // How many of the sheet's columns the field takes.
    let span = if field.kind == "textarea" || field.length.is_some_and(|n| n > 20) {
        " wide"
    } else if field.kind == "signature"
        || field.length.is_some_and(|n| n > 10)
        || (field.kind == "choice" && field.options.len() > 3)
    {
        " span2"
    } else {
        ""
    };
    let _ = write!(
        out,
        "<div class=\"field kind-{}{span}\"><span class=\"caption\"><span class=\"n\">{}</span> {}</span>",
        escape_html(&field.kind),
        field.number,
        escape_html(&field.label)
    );
    match (field.kind.as_str(), field.length) {
        ("choice", _) => {
            out.push_str("<span class=\"options\">");
            for option in &field.options {
                let _ = write!(
                    out,
                    "<span class=\"option\"><span class=\"check\" aria-hidden=\"true\"></span>{}</span>",
                    escape_html(option)
                );
            }
            out.push_str("</span>");
        }
        ("checkbox", _) => {
            out.push_str(
                "<span class=\"options\"><span class=\"check\" aria-hidden=\"true\"></span></span>",
            );
        }
        ("date", _) => {
            out.push_str("<span class=\"date\">");
            for (count, part) in [
                (2, lang.t("día", "day")),
                (2, lang.t("mes", "month")),
                (4, lang.t("año", "year")),
            ] {
                out.push_str("<span class=\"part\">");
                boxes(out, count);
                let _ = write!(
                    out,
                    "<span class=\"hint\">{}</span></span>",
                    escape_html(&part)
                );
            }
            out.push_str("</span>");
        }
        ("signature", _) => {
            let _ = write!(
                out,
                "<span class=\"signature\"><span class=\"hint\">{}</span></span>",
                escape_html(&lang.t("Nombre y firma", "Name and signature"))
            );
        }
        ("textarea", _) => out.push_str("<span class=\"area\"></span>"),
        (_, Some(n)) => boxes(out, n),
        _ => out.push_str("<span class=\"line\"></span>"),
    }
    out.push_str("</div>");
}

pub fn form(doc: &Document, f: &FormDoc, w: &mut PageWriter) -> String {
    let lang = doc.lang;
    let mut out = String::new();
    owner(&mut out, &f.owner, lang, w);
    if let Some(p) = &f.purpose {
        heading(&mut out, "objetivo", &lang.t("Objetivo", "Purpose"));
        let _ = writeln!(out, "<p>{}</p>", w.rich(p));
    }
    heading(&mut out, "formato", &lang.t("Formato", "Form"));
    let _ = write!(
        out,
        "<figure class=\"sheet\" aria-label=\"{}\"><div class=\"sheet-head\"><span class=\"institution\">{}</span><span class=\"title\">{}</span><span class=\"clave\">{}</span></div>",
        escape_html(&lang.t(
            format!("El formato {} tal como se imprime", f.code),
            format!("Form {} as printed", f.code)
        )),
        escape_html(&doc.institution),
        escape_html(&f.name),
        escape_html(&f.code),
    );
    for s in &f.sections {
        let _ = write!(
            out,
            "<div class=\"sheet-section\"><div class=\"sheet-title\">{}</div><div class=\"fields\">",
            escape_html(&s.title)
        );
        for field in &s.fields {
            field_drawing(&mut out, field, lang);
        }
        out.push_str("</div></div>");
    }
    if !f.copies.is_empty() {
        let copies: Vec<String> = f
            .copies
            .iter()
            .map(|(copy, to)| format!("{}: {}", escape_html(copy), escape_html(to)))
            .collect();
        let _ = write!(
            out,
            "<div class=\"sheet-foot\">{}</div>",
            copies.join(" · ")
        );
    }
    out.push_str("</figure>\n");

    heading(
        &mut out,
        "instructivo",
        &lang.t("Instructivo de llenado", "Filling instructions"),
    );
    let _ = write!(
        out,
        "<div class=\"table\"><table class=\"instructions\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        escape_html(&lang.t("No.", "No.")),
        escape_html(&lang.t("Campo", "Field")),
        escape_html(&lang.t("Anotar", "What to write")),
    );
    for s in &f.sections {
        let _ = write!(
            out,
            "<tr class=\"group\"><th colspan=\"3\" scope=\"rowgroup\">{}</th></tr>",
            escape_html(&s.title)
        );
        for field in &s.fields {
            let mut what = field
                .instructions
                .as_ref()
                .map(|i| w.rich(i))
                .unwrap_or_default();
            if let Some(n) = field.length {
                let _ = write!(
                    what,
                    " <span class=\"note\">({n} {})</span>",
                    escape_html(&lang.t("posiciones", "characters"))
                );
            }
            if !field.options.is_empty() {
                let _ = write!(
                    what,
                    " <span class=\"note\">{}: {}</span>",
                    escape_html(&lang.t("Opciones", "Options")),
                    escape_html(&field.options.join(", "))
                );
            }
            if field.required {
                let _ = write!(
                    what,
                    " <span class=\"note\">{}</span>",
                    escape_html(&lang.t("Obligatorio.", "Required."))
                );
            }
            let _ = writeln!(
                out,
                "<tr id=\"{}\"><td class=\"num\">{}</td><td>{}</td><td>{what}</td></tr>",
                escape_html(&field.anchor),
                field.number,
                escape_html(&field.label)
            );
        }
    }
    out.push_str("</tbody></table></div>\n");
    if !f.copies.is_empty() {
        heading(
            &mut out,
            "copias",
            &lang.t("Distribución de copias", "Copies"),
        );
        out.push_str("<ul class=\"copies\">");
        for (copy, to) in &f.copies {
            let _ = write!(
                out,
                "<li><strong>{}:</strong> {}</li>",
                escape_html(copy),
                escape_html(to)
            );
        }
        out.push_str("</ul>\n");
    }
    if !f.used_by.is_empty() {
        heading(
            &mut out,
            "procedimientos",
            &lang.t("Procedimientos que lo utilizan", "Used by the procedures"),
        );
        out.push_str("<ul>");
        for m in &f.used_by {
            let _ = write!(
                out,
                "<li><a href=\"{}\">{}</a></li>",
                escape_html(&w.url(&m.url)),
                escape_html(&m.text)
            );
        }
        out.push_str("</ul>\n");
    }
    out
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
