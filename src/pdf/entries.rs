//! Procedures, forms and supervision guides in the printed manual: a procedure
//! with its activities table, its flowchart (the site's geometry, cut into
//! pages with off-page connectors) and its documents; a form drawn on a page of
//! its own, ready to photocopy, then its instructivo; a guide's header block,
//! checklist with empty boxes and signatures.

use super::compose::{
    Align, BODY, Composer, LinkTo, MUTED, Par, RULE_INK, SMALL, TABLE_HEAD, TableRow, dest_key,
};
use super::flow::{Band, Element, PageStyle, Role};
use super::paragraph::Span;
use super::write::{BLACK, Rgb};
use crate::diagram::flowchart::{self, Anchor, FlowPage, Kind, Style};
use crate::document::{
    Block, Document, FormDoc, FormFieldDoc, Inline, ManualDoc, Mention, ProcedureDoc, Rich, SiteUrl,
};
use crate::fonts::Face;
use crate::i18n::Lang;

const TITLE: f32 = 12.5;
const SUBHEADING: f32 = 10.5;
const LINE_INK: Rgb = [0.15, 0.15, 0.15];

fn text(s: impl Into<String>) -> Rich {
    vec![Inline::Text(s.into())]
}

/// An entry's heading. It leaves a change bar on for what follows when the
/// entry is new in this version.
fn title(c: &mut Composer, code: &str, name: &str, url: &SiteUrl) {
    c.mark(1, format!("{code} {name}"), dest_key(url));
    c.running(format!("{code} {name}"));
    c.marking = c.heading_changed(url);
    c.paragraph(
        &[
            Span::new(format!("{code} "), Face::Bold),
            Span::new(name, Face::Bold),
        ],
        Par {
            dests: vec![dest_key(url)],
            ..Par::heading(TITLE, 0.0).level(3)
        },
    );
    c.marking = c.entry_is_new(url);
    c.space(3.0);
}

/// A heading inside an entry (level 4: under the entry's title).
fn subheading(c: &mut Composer, text: &str) {
    c.paragraph(
        &[Span::new(text, Face::Bold)],
        Par::heading(SUBHEADING, 10.0).level(4),
    );
}

fn owner(c: &mut Composer, owner: &Option<(String, SiteUrl)>) {
    let Some((name, url)) = owner else { return };
    let id = c.link(LinkTo::Site(url.clone()));
    let label = c.lang.t("Unidad responsable: ", "Responsible unit: ");
    c.paragraph(
        &[
            Span::new(label, Face::Regular),
            Span {
                text: name.clone(),
                face: Face::Regular,
                link: Some(id),
            },
        ],
        Par {
            size: SMALL,
            leading: SMALL * 1.4,
            align: Align::Left,
            ink: MUTED,
            ..Par::body()
        },
    );
}

fn audience_note(c: &mut Composer, audience: &[String]) {
    if audience.is_empty() {
        return;
    }
    let note = c.lang.t(
        format!("Solo para oficinas de tipo: {}", audience.join(", ")),
        format!("Only for offices of kind: {}", audience.join(", ")),
    );
    c.paragraph(
        &[Span::new(note, Face::Italic)],
        Par {
            size: SMALL,
            leading: SMALL * 1.4,
            align: Align::Left,
            ..Par::body()
        },
    );
}

fn rich_paragraph(c: &mut Composer, rich: &Rich) {
    let spans = c.spans(rich, Face::Regular);
    c.paragraph(&spans, Par::body());
}

fn list(c: &mut Composer, items: &[Rich], numbered: bool) {
    let block = Block::List {
        start: numbered.then_some(1),
        items: items
            .iter()
            .map(|r| vec![Block::Paragraph(r.clone())])
            .collect(),
    };
    c.blocks(&[block], 0.0);
}

fn mentions_list(c: &mut Composer, mentions: &[Mention]) {
    for m in mentions {
        let id = c.link(LinkTo::Site(m.url.clone()));
        c.paragraph(
            &[Span {
                text: m.text.clone(),
                face: Face::Regular,
                link: Some(id),
            }],
            Par {
                align: Align::Left,
                indent: 12.0,
                ..Par::body()
            },
        );
    }
}

/// "Pasa a la actividad 5", "Sí: pasa a la actividad 3" … under an activity.
fn flow_note(step: &crate::document::StepDoc, lang: Lang) -> Rich {
    let mut out = step.action.clone();
    if !step.audience.is_empty() {
        out.push(Inline::Emphasis(text(lang.t(
            format!(
                " (solo para oficinas de tipo: {})",
                step.audience.join(", ")
            ),
            format!(" (only for offices of kind: {})", step.audience.join(", ")),
        ))));
    }
    if let Some((question, branches)) = &step.decision {
        out.push(Inline::Break);
        out.extend(question.iter().cloned());
        for (when, to) in branches {
            out.push(Inline::Break);
            out.push(Inline::Strong(text(format!("{when}:"))));
            out.push(Inline::Text(lang.t(
                format!(" pasa a la actividad {to}"),
                format!(" go to step {to}"),
            )));
        }
    }
    if let Some(to) = step.goto {
        out.push(Inline::Break);
        out.push(Inline::Text(lang.t(
            format!("Pasa a la actividad {to}"),
            format!("Go to step {to}"),
        )));
    }
    if step.end {
        out.push(Inline::Break);
        out.push(Inline::Strong(text(
            lang.t("Termina el procedimiento", "End of the procedure"),
        )));
    }
    out
}

pub fn procedures(c: &mut Composer, doc: &Document, manual: &ManualDoc) {
    let lang = doc.lang;
    for (k, p) in manual.procedures.iter().enumerate() {
        if k > 0 {
            c.new_page(PageStyle::Body);
        }
        title(c, &p.code, &p.name, &p.url);
        owner(c, &p.owner);
        audience_note(c, &p.audience);
        if !p.basis.is_empty() {
            subheading(c, &lang.t("Base normativa", "Legal basis"));
            list(c, &p.basis, false);
        }
        if let Some(o) = &p.objective {
            subheading(c, &lang.t("Objetivo", "Objective"));
            rich_paragraph(c, o);
        }
        if let Some(s) = &p.scope {
            subheading(c, &lang.t("Ámbito de aplicación", "Scope"));
            rich_paragraph(c, s);
        }
        if !p.policies.is_empty() {
            subheading(c, &lang.t("Políticas de operación", "Policies"));
            let items: Vec<Rich> = p
                .policies
                .iter()
                .map(|pol| {
                    let mut r = pol.text.clone();
                    if !pol.audience.is_empty() {
                        r.push(Inline::Emphasis(text(lang.t(
                            format!(" (solo para oficinas de tipo: {})", pol.audience.join(", ")),
                            format!(" (only for offices of kind: {})", pol.audience.join(", ")),
                        ))));
                    }
                    r
                })
                .collect();
            list(c, &items, true);
        }
        if !p.definitions.is_empty() {
            subheading(c, &lang.t("Definiciones", "Definitions"));
            list(c, &p.definitions, false);
        }
        subheading(c, &lang.t("Descripción de actividades", "Activities"));
        let head = [
            text(lang.t("Responsable", "Responsible")),
            text(lang.t("No.", "No.")),
            text(lang.t("Actividad", "Activity")),
            text(lang.t("Documento de trabajo", "Working document")),
        ];
        let rows: Vec<TableRow> = p
            .steps
            .iter()
            .map(|s| {
                let mut documents = Rich::new();
                for (i, d) in s.documents.iter().enumerate() {
                    if i > 0 {
                        documents.push(Inline::Break);
                    }
                    documents.extend(d.iter().cloned());
                }
                TableRow {
                    cells: vec![
                        text(s.actor.clone()),
                        text(s.number.to_string()),
                        flow_note(s, lang),
                        documents,
                    ],
                    dests: vec![dest_key(&p.url.with_anchor(&s.anchor))],
                    changed: c.piece_changed(&p.url.with_anchor(&s.anchor)),
                    ..TableRow::default()
                }
            })
            .collect();
        c.table_rows(&head, &rows, 0.0);

        flowchart_pages(c, p, lang);

        if !p.documents.is_empty() {
            subheading(
                c,
                &lang.t(
                    "Relación de documentos que intervienen",
                    "Documents involved",
                ),
            );
            let head = [
                text(lang.t("No.", "No.")),
                text(lang.t("Documento", "Document")),
                text(lang.t("Actividades", "Steps")),
            ];
            let rows: Vec<Vec<Rich>> = p
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let steps: Vec<String> = d.steps.iter().map(usize::to_string).collect();
                    vec![
                        text((i + 1).to_string()),
                        d.text.clone(),
                        text(steps.join(", ")),
                    ]
                })
                .collect();
            c.table(&head, &rows, 0.0);
        }
        if !p.annexes.is_empty() {
            subheading(c, &lang.t("Anexos", "Annexes"));
            list(c, &p.annexes, true);
        }
        c.marking = false;
    }
}

/// The flowchart, one printed page per page of its geometry, upright or
/// turned sideways as `flowchart::printed` chooses.
fn flowchart_pages(c: &mut Composer, p: &ProcedureDoc, lang: Lang) {
    // The heading's line (`Par::heading`'s leading) and the space under it,
    // with 2 pt to spare.
    let heading_room = SUBHEADING * 1.3 + 4.0 + 2.0;
    let upright = (c.width, c.height - heading_room);
    let sideways = (c.landscape.0, c.landscape.1 - heading_room);
    let (chart, landscape) = flowchart::printed(p, upright, sideways, lang);
    let ((width, room), style) = if landscape {
        (sideways, PageStyle::Landscape)
    } else {
        (upright, PageStyle::Body)
    };
    let count = chart.pages.len();
    for (n, page) in chart.pages.iter().enumerate() {
        c.new_page(style);
        let heading = if count > 1 {
            lang.t(
                format!("Diagrama de flujo ({} de {count})", n + 1),
                format!("Flowchart ({} of {count})", n + 1),
            )
        } else {
            lang.t("Diagrama de flujo", "Flowchart")
        };
        // The heading on the chart's first page; on the pages after, the
        // same words with "(2 de 3)" are for the eye (the figure's
        // description says which part it is).
        if n > 0 {
            c.begin(Role::Artifact);
        }
        c.paragraph(
            &[Span::new(&heading, Face::Bold)],
            Par::heading(SUBHEADING, 0.0).level(4),
        );
        if n > 0 {
            c.end();
        }
        c.space(4.0);
        let scale = (width / page.width).min(room / page.height).min(1.0);
        let mut elements = vec![Element::Open(Role::Figure(flowchart_alt(
            p, page, &heading, lang,
        )))];
        elements.extend(flow_elements(c, page, &chart.style, p, (width, scale)));
        elements.push(Element::Close);
        c.push(Band {
            height: page.height * scale,
            elements,
            ..Band::default()
        });
    }
    if landscape {
        // What follows the chart is set upright again.
        c.new_page(PageStyle::Body);
    }
}

/// What a page of a flowchart shows, in words: its activities in order, each
/// with its actor, and where each decision leads.
fn flowchart_alt(p: &ProcedureDoc, page: &FlowPage, heading: &str, lang: Lang) -> String {
    use crate::document::plain_text;
    let (first, end) = page.steps;
    let mut out = lang.t(
        format!("{heading}, procedimiento {} {}", p.code, p.name),
        format!("{heading}, procedure {} {}", p.code, p.name),
    );
    out.push_str(": ");
    for (n, step) in p.steps.iter().enumerate().take(end).skip(first) {
        if n > first {
            out.push_str("; ");
        }
        out.push_str(&format!(
            "{}. {}: {}",
            step.number,
            step.actor,
            plain_text(&step.action).trim_end_matches('.')
        ));
        if let Some((question, branches)) = &step.decision {
            out.push_str(&format!(". {}", plain_text(question)));
            for (label, to) in branches {
                out.push_str(&lang.t(
                    format!(" {label}: pasa a la actividad {to}."),
                    format!(" {label}: go to step {to}."),
                ));
            }
        }
        if let Some(to) = step.goto {
            out.push_str(&lang.t(
                format!(", pasa a la actividad {to}"),
                format!(", go to step {to}"),
            ));
        }
        if step.end {
            out.push_str(&lang.t(", fin del procedimiento", ", end of the procedure"));
        }
    }
    out.push('.');
    out
}

fn flow_elements(
    c: &Composer,
    page: &FlowPage,
    style: &Style,
    p: &ProcedureDoc,
    (width, scale): (f32, f32),
) -> Vec<Element> {
    let left = (width - page.width * scale) / 2.0;
    let at = |x: f32, y: f32| (left + x * scale, y * scale);
    let mut out = Vec::new();
    let line_at = |out: &mut Vec<Element>,
                   spans: &[Span],
                   size: f32,
                   x: f32,
                   baseline: f32,
                   room: f32,
                   anchor: i8| {
        let mut size = size * scale;
        let mut line = c.single_line(spans, size);
        if line.width() > room * scale && line.width() > 0.0 {
            size *= room * scale / line.width();
            line = c.single_line(spans, size);
        }
        let (px, py) = at(x, baseline);
        let px = match anchor {
            0 => px - line.width() / 2.0,
            1 => px - line.width(),
            _ => px,
        };
        out.push(Element::Line {
            line,
            x: px,
            baseline: py,
            size,
            ink: BLACK,
        });
    };
    for lane in &page.lanes {
        let (x, y) = at(lane.x, 0.0);
        out.push(Element::Rect {
            x,
            y,
            w: lane.w * scale,
            h: page.head * scale,
            stroke: Some((LINE_INK, 0.6)),
            fill: Some(TABLE_HEAD),
        });
        out.push(Element::Rect {
            x,
            y: page.head * scale,
            w: lane.w * scale,
            h: (page.height - page.head) * scale,
            stroke: Some((LINE_INK, 0.6)),
            fill: None,
        });
        let top = (page.head - lane.lines.len() as f32 * style.leading) / 2.0;
        for (k, l) in lane.lines.iter().enumerate() {
            line_at(
                &mut out,
                &[Span::new(l, Face::Bold)],
                style.size,
                lane.x + lane.w / 2.0,
                top + k as f32 * style.leading + style.size * 0.85,
                lane.w - 4.0,
                0,
            );
        }
    }
    for edge in &page.edges {
        let points: Vec<(f32, f32, bool)> = edge
            .points
            .iter()
            .map(|&(x, y)| {
                let (px, py) = at(x, y);
                (px, py, false)
            })
            .collect();
        out.push(Element::Path {
            points,
            closed: false,
            stroke: Some(if edge.dotted {
                (RULE_INK, 0.5)
            } else {
                (LINE_INK, 0.7)
            }),
            fill: None,
        });
        if edge.arrow
            && let [.., from, to] = edge.points[..]
        {
            let (dx, dy) = (to.0 - from.0, to.1 - from.1);
            let length = (dx * dx + dy * dy).sqrt().max(0.01);
            let (ux, uy) = (dx / length, dy / length);
            let (tx, ty) = at(to.0, to.1);
            let (back, half) = (4.0 * scale.max(0.6), 1.8 * scale.max(0.6));
            out.push(Element::Path {
                points: vec![
                    (tx, ty, false),
                    (
                        tx - ux * back - uy * half,
                        ty - uy * back + ux * half,
                        false,
                    ),
                    (
                        tx - ux * back + uy * half,
                        ty - uy * back - ux * half,
                        false,
                    ),
                ],
                closed: true,
                stroke: None,
                fill: Some(LINE_INK),
            });
        }
    }
    for symbol in &page.symbols {
        let (fill, ink): (Rgb, Rgb) = match symbol.kind {
            Kind::Terminal => ([0.88, 0.93, 0.91], LINE_INK),
            Kind::Decision => ([1.0, 0.97, 0.88], LINE_INK),
            _ => ([1.0, 1.0, 1.0], LINE_INK),
        };
        let points = symbol
            .outline()
            .into_iter()
            .map(|pt| {
                let (x, y) = at(pt.x, pt.y);
                (x, y, pt.control)
            })
            .collect();
        out.push(Element::Path {
            points,
            closed: true,
            stroke: Some((ink, 0.7)),
            fill: Some(fill),
        });
        let leading = if symbol.size < style.size {
            symbol.size * 1.2
        } else {
            style.leading
        };
        let top = symbol.text_top(leading) + symbol.size * 0.8;
        for (k, l) in symbol.lines.iter().enumerate() {
            let baseline = top + k as f32 * leading;
            if symbol.kind == Kind::Activity {
                let mut spans = Vec::new();
                if k == 0
                    && let Some(n) = &symbol.number
                {
                    spans.push(Span::new(format!("{n} "), Face::Bold));
                }
                spans.push(Span::new(l, Face::Regular));
                line_at(
                    &mut out,
                    &spans,
                    symbol.size,
                    symbol.x + 5.0,
                    baseline,
                    symbol.w - 8.0,
                    -1,
                );
            } else {
                let room = match symbol.kind {
                    Kind::Decision => symbol.w * 0.7,
                    _ => symbol.w - 3.0,
                };
                line_at(
                    &mut out,
                    &[Span::new(l, Face::Regular)],
                    symbol.size,
                    symbol.x + symbol.w / 2.0,
                    baseline,
                    room,
                    0,
                );
            }
        }
        if matches!(symbol.kind, Kind::Activity | Kind::OffPage)
            && let Some(step) = symbol.step.and_then(|i| p.steps.get(i))
        {
            let (x, y) = at(symbol.x, symbol.y);
            out.push(Element::Link {
                x,
                y,
                w: symbol.w * scale,
                h: symbol.h * scale,
                dest: dest_key(&p.url.with_anchor(&step.anchor)),
                alt: c.lang.t(
                    format!("Ir a la actividad {}", step.number),
                    format!("Go to step {}", step.number),
                ),
            });
        }
    }
    for label in &page.labels {
        let anchor = match label.anchor {
            Anchor::Start => -1,
            Anchor::End => 1,
        };
        line_at(
            &mut out,
            &[Span::new(&label.text, Face::Bold)],
            style.small,
            label.x,
            label.baseline,
            style.box_width * 0.45,
            anchor,
        );
    }
    out
}

pub fn forms(c: &mut Composer, doc: &Document, manual: &ManualDoc) {
    let lang = doc.lang;
    for (k, f) in manual.forms.iter().enumerate() {
        if k > 0 {
            c.new_page(PageStyle::Body);
        }
        // The printed form is barred whole when anything on it changed.
        c.marking = c.heading_changed(&f.url)
            || f.sections
                .iter()
                .flat_map(|s| &s.fields)
                .any(|field| c.piece_changed(&f.url.with_anchor(&field.anchor)));
        sheet(c, doc, f);
        c.marking = c.entry_is_new(&f.url);
        // The instructivo on the pages after the form.
        c.new_page(PageStyle::Body);
        c.paragraph(
            &[Span::new(
                lang.t(
                    format!("Instructivo de llenado del formato {} {}", f.code, f.name),
                    format!("Filling instructions of form {} {}", f.code, f.name),
                ),
                Face::Bold,
            )],
            Par::heading(SUBHEADING, 0.0).level(4),
        );
        owner(c, &f.owner);
        if let Some(purpose) = &f.purpose {
            subheading(c, &lang.t("Objetivo", "Purpose"));
            rich_paragraph(c, purpose);
        }
        let head = [
            text(lang.t("No.", "No.")),
            text(lang.t("Campo", "Field")),
            text(lang.t("Anotar", "What to write")),
        ];
        let mut rows = Vec::new();
        for s in &f.sections {
            rows.push(TableRow {
                cells: vec![
                    Rich::new(),
                    vec![Inline::Strong(text(s.title.clone()))],
                    Rich::new(),
                ],
                ..TableRow::default()
            });
            for field in &s.fields {
                let mut what = field.instructions.clone().unwrap_or_default();
                if let Some(n) = field.length {
                    what.push(Inline::Text(
                        lang.t(format!(" ({n} posiciones)"), format!(" ({n} characters)")),
                    ));
                }
                if !field.options.is_empty() {
                    what.push(Inline::Text(lang.t(
                        format!(" Opciones: {}.", field.options.join(", ")),
                        format!(" Options: {}.", field.options.join(", ")),
                    )));
                }
                if field.required {
                    what.push(Inline::Emphasis(text(
                        lang.t(" Obligatorio.", " Required."),
                    )));
                }
                rows.push(TableRow {
                    cells: vec![
                        text(field.number.to_string()),
                        text(field.label.clone()),
                        what,
                    ],
                    dests: vec![dest_key(&f.url.with_anchor(&field.anchor))],
                    changed: c.piece_changed(&f.url.with_anchor(&field.anchor)),
                    ..TableRow::default()
                });
            }
        }
        c.table_rows(&head, &rows, 0.0);
        if !f.copies.is_empty() {
            subheading(c, &lang.t("Distribución de copias", "Copies"));
            let items: Vec<Rich> = f
                .copies
                .iter()
                .map(|(copy, to)| {
                    vec![
                        Inline::Strong(text(format!("{copy}:"))),
                        Inline::Text(format!(" {to}")),
                    ]
                })
                .collect();
            list(c, &items, false);
        }
        if !f.used_by.is_empty() {
            subheading(
                c,
                &lang.t("Procedimientos que lo utilizan", "Used by the procedures"),
            );
            mentions_list(c, &f.used_by);
        }
        c.marking = false;
    }
}

/// Sizes of the drawn form.
const CAPTION: f32 = 7.2;
const CELL: f32 = 6.0;
const BOX_W: f32 = 11.0;
const BOX_H: f32 = 14.0;
/// The words under a form's boxes and lines ("día", "Nombre y firma"): the
/// smallest size norma prints.
const HINT: f32 = 6.0;

/// A form as printed: a framed sheet with a head, its sections' title bars and
/// its fields in a grid of three columns.
fn sheet(c: &mut Composer, doc: &Document, f: &FormDoc) {
    let lang = doc.lang;
    let width = c.width;
    c.mark(1, format!("{} {}", f.code, f.name), dest_key(&f.url));
    c.running(format!("{} {}", f.code, f.name));
    c.begin(Role::Division);
    // The head: institution, name, clave.
    // The name, centred between the institution and the clave: at 11 pt,
    // a little smaller for a long one, on more lines (the head grows) rather
    // than under 9 pt.
    let name_room = width * 0.55;
    let mut name_size: f32 = 11.0;
    let whole = c.single_line(&[Span::new(&f.name, Face::Bold)], name_size);
    if whole.width() > name_room {
        name_size = (name_size * name_room / whole.width()).max(9.0);
    }
    let names = c.wrapped(&[Span::new(&f.name, Face::Bold)], name_size, name_room);
    let name_leading = name_size * 1.2;
    let extra = (names.len().max(1) - 1) as f32 * name_leading;
    let head_h = 38.0 + extra;
    let first_baseline = 23.0;
    let mut elements = Vec::new();
    elements.push(Element::Rect {
        x: 0.0,
        y: 0.0,
        w: width,
        h: head_h,
        stroke: Some((BLACK, 1.2)),
        fill: None,
    });
    let inst = c.single_line(&[Span::new(&doc.institution, Face::Regular)], CAPTION);
    elements.push(Element::Line {
        line: inst,
        x: CELL,
        baseline: 14.0,
        size: CAPTION,
        ink: MUTED,
    });
    let code_line = c.single_line(&[Span::new(&f.code, Face::Bold)], 9.0);
    let code_w = code_line.width() + 10.0;
    elements.push(Element::Rect {
        x: width - code_w - CELL,
        y: 11.0,
        w: code_w,
        h: 16.0,
        stroke: Some((BLACK, 0.8)),
        fill: None,
    });
    elements.push(Element::Open(Role::Heading(
        3,
        format!("{} {}", f.code, f.name),
    )));
    elements.push(Element::Line {
        line: code_line,
        x: width - code_w - CELL + 5.0,
        baseline: 22.5,
        size: 9.0,
        ink: BLACK,
    });
    for (n, name) in names.into_iter().enumerate() {
        elements.push(Element::Line {
            x: (width - name.width()) / 2.0,
            line: name,
            baseline: first_baseline + n as f32 * name_leading,
            size: name_size,
            ink: BLACK,
        });
    }
    elements.push(Element::Close);
    c.push(Band {
        height: head_h,
        elements,
        dests: vec![dest_key(&f.url)],
        ..Band::default()
    });
    for s in &f.sections {
        let mut elements = vec![Element::Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: 14.0,
            stroke: Some((BLACK, 0.8)),
            fill: Some(TABLE_HEAD),
        }];
        elements.push(Element::Open(Role::Heading(4, s.title.clone())));
        elements.push(Element::Line {
            line: c.single_line(&[Span::new(s.title.to_uppercase(), Face::Bold)], 7.8),
            x: CELL,
            baseline: 10.0,
            size: 7.8,
            ink: BLACK,
        });
        elements.push(Element::Close);
        c.push(Band {
            height: 14.0,
            keep_with_next: true,
            elements,
            ..Band::default()
        });
        // Fields in rows of three columns; a field takes one, two or three.
        let column = width / 3.0;
        let mut row: Vec<(&FormFieldDoc, usize)> = Vec::new();
        let mut used = 0;
        let mut rows: Vec<Vec<(&FormFieldDoc, usize)>> = Vec::new();
        for field in &s.fields {
            let span = field_span(field);
            if used + span > 3 {
                rows.push(std::mem::take(&mut row));
                used = 0;
            }
            row.push((field, span));
            used += span;
        }
        if !row.is_empty() {
            rows.push(row);
        }
        for row in rows {
            let mut elements = Vec::new();
            let mut x = 0.0;
            let mut heights = Vec::new();
            for (k, (field, span)) in row.iter().enumerate() {
                // The last cell of a row takes what is left of it.
                let w = if k + 1 == row.len() {
                    width - x
                } else {
                    column * *span as f32
                };
                let h = field_cell(c, field, x, w, lang, &mut elements);
                heights.push((x, w, h));
                x += w;
            }
            let height = heights.iter().map(|h| h.2).fold(0.0, f32::max);
            for (x, w, _) in heights {
                elements.push(Element::Rect {
                    x,
                    y: 0.0,
                    w,
                    h: height,
                    stroke: Some((BLACK, 0.6)),
                    fill: None,
                });
            }
            c.push(Band {
                height,
                elements,
                ..Band::default()
            });
        }
    }
    if !f.copies.is_empty() {
        let copies: Vec<String> = f
            .copies
            .iter()
            .map(|(copy, to)| format!("{copy}: {to}"))
            .collect();
        let spans = [Span::new(copies.join(" · "), Face::Regular)];
        // On as many lines as the copies need, never shrunk.
        let lines = c.wrapped(&spans, CAPTION, width - 2.0 * CELL);
        let leading = CAPTION * 1.25;
        let height = 14.0 + (lines.len().max(1) - 1) as f32 * leading;
        let mut elements = vec![Element::Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: height,
            stroke: Some((BLACK, 0.8)),
            fill: None,
        }];
        let many = lines.len() > 1;
        if many {
            elements.push(Element::Open(Role::Paragraph));
        }
        for (n, line) in lines.into_iter().enumerate() {
            elements.push(Element::Line {
                line,
                x: CELL,
                baseline: 9.5 + n as f32 * leading,
                size: CAPTION,
                ink: BLACK,
            });
        }
        if many {
            elements.push(Element::Close);
        }
        c.push(Band {
            height,
            elements,
            ..Band::default()
        });
    }
    c.end();
}

/// How many of the sheet's three columns a field takes (as on the site).
fn field_span(field: &FormFieldDoc) -> usize {
    if field.kind == "textarea" || field.length.is_some_and(|n| n > 20) {
        3
    } else if field.kind == "signature"
        || field.length.is_some_and(|n| n > 10)
        || (field.kind == "choice" && field.options.len() > 3)
    {
        2
    } else {
        1
    }
}

/// Draws one field in a cell `w` wide at `x`; returns the cell's height.
fn field_cell(
    c: &Composer,
    field: &FormFieldDoc,
    x: f32,
    w: f32,
    lang: Lang,
    out: &mut Vec<Element>,
) -> f32 {
    let stroke = |from: (f32, f32), to: (f32, f32)| Element::Stroke {
        from,
        to,
        width: 0.6,
        ink: BLACK,
    };
    let inner = w - 2.0 * CELL;
    // The caption: number and label, on as many lines as it needs (a
    // caption shrunk to one line would print under the smallest size).
    let spans = [
        Span::new(format!("{} ", field.number), Face::Bold),
        Span::new(&field.label, Face::Regular),
    ];
    let caption = c.wrapped(&spans, CAPTION, inner);
    let leading = CAPTION * 1.25;
    let many = caption.len() > 1;
    if many {
        out.push(Element::Open(Role::Paragraph));
    }
    let lines = caption.len().max(1);
    for (n, line) in caption.into_iter().enumerate() {
        out.push(Element::Line {
            line,
            x: x + CELL,
            baseline: 10.0 + n as f32 * leading,
            size: CAPTION,
            ink: BLACK,
        });
    }
    if many {
        out.push(Element::Close);
    }
    let top = 15.0 + (lines - 1) as f32 * leading;
    let boxes = |out: &mut Vec<Element>, count: u32, left: f32, top: f32| -> f32 {
        let per_row = ((inner / BOX_W).floor() as u32).max(1);
        let mut y = top;
        let mut drawn = 0;
        while drawn < count {
            let here = (count - drawn).min(per_row);
            out.push(Element::Rect {
                x: left,
                y,
                w: BOX_W * here as f32,
                h: BOX_H,
                stroke: Some((BLACK, 0.6)),
                fill: None,
            });
            for i in 1..here {
                let bx = left + BOX_W * i as f32;
                out.push(stroke((bx, y), (bx, y + BOX_H)));
            }
            drawn += here;
            y += BOX_H + 3.0;
        }
        y - 3.0
    };
    let small = |out: &mut Vec<Element>, text: &str, cx: f32, baseline: f32| {
        let line = c.single_line(&[Span::new(text, Face::Regular)], HINT);
        out.push(Element::Line {
            x: cx - line.width() / 2.0,
            line,
            baseline,
            size: HINT,
            ink: MUTED,
        });
    };
    let bottom = match (field.kind.as_str(), field.length) {
        ("choice", _) => {
            let mut cx = x + CELL;
            let mut y = top;
            for option in &field.options {
                let label = c.single_line(&[Span::new(option, Face::Regular)], CAPTION);
                let need = 9.0 + 3.0 + label.width() + 10.0;
                if cx + need > x + w - CELL && cx > x + CELL {
                    cx = x + CELL;
                    y += 12.0;
                }
                out.push(Element::Rect {
                    x: cx,
                    y,
                    w: 8.0,
                    h: 8.0,
                    stroke: Some((BLACK, 0.6)),
                    fill: None,
                });
                let lw = label.width();
                out.push(Element::Line {
                    line: label,
                    x: cx + 11.0,
                    baseline: y + 7.0,
                    size: CAPTION,
                    ink: BLACK,
                });
                cx += 11.0 + lw + 10.0;
            }
            y + 8.0
        }
        ("checkbox", _) => {
            out.push(Element::Rect {
                x: x + CELL,
                y: top,
                w: 8.0,
                h: 8.0,
                stroke: Some((BLACK, 0.6)),
                fill: None,
            });
            top + 8.0
        }
        ("date", _) => {
            let mut left = x + CELL;
            for (count, part) in [
                (2, lang.t("día", "day")),
                (2, lang.t("mes", "month")),
                (4, lang.t("año", "year")),
            ] {
                boxes(out, count, left, top);
                small(
                    out,
                    &part,
                    left + BOX_W * count as f32 / 2.0,
                    top + BOX_H + 7.0,
                );
                left += BOX_W * count as f32 + 8.0;
            }
            top + BOX_H + 8.0
        }
        ("signature", _) => {
            let line_y = top + 26.0;
            out.push(stroke((x + w * 0.15, line_y), (x + w * 0.85, line_y)));
            small(
                out,
                &lang.t("Nombre y firma", "Name and signature"),
                x + w / 2.0,
                line_y + 7.0,
            );
            line_y + 8.0
        }
        ("textarea", _) => {
            for k in 1..=3 {
                let y = top + k as f32 * 13.0;
                out.push(stroke((x + CELL, y), (x + w - CELL, y)));
            }
            top + 39.0
        }
        (_, Some(n)) => boxes(out, n.min(crate::limits::MOST_BOXES), x + CELL, top),
        _ => {
            let y = top + 12.0;
            out.push(stroke((x + CELL, y), (x + w - CELL, y)));
            y
        }
    };
    bottom + CELL
}

pub fn guides(c: &mut Composer, doc: &Document, manual: &ManualDoc) {
    let lang = doc.lang;
    for (k, g) in manual.guides.iter().enumerate() {
        if k > 0 {
            c.new_page(PageStyle::Body);
        }
        title(c, &g.code, &g.name, &g.url);
        owner(c, &g.owner);
        audience_note(c, &g.audience);
        // The header the supervisor fills in.
        let rows = [
            [
                lang.t("OOAD u oficina supervisada", "Office supervised"),
                lang.t("Fecha de la supervisión", "Date of the visit"),
            ],
            [
                lang.t("Unidad o área supervisada", "Unit supervised"),
                lang.t("Supervisor(a)", "Supervisor"),
            ],
        ]
        .map(|[a, b]| TableRow {
            cells: vec![
                vec![Inline::Strong(text(a))],
                text("                                        "),
                vec![Inline::Strong(text(b))],
                text("                                        "),
            ],
            min_height: 22.0,
            headers: vec![0, 2],
            ..TableRow::default()
        });
        c.table_rows(&[], &rows, 0.0);
        c.paragraph(
            &[Span::new(
                format!(
                    "{}: {}.",
                    lang.t("Marque una opción por reactivo", "Mark one option per item"),
                    g.scale.join(" · ")
                ),
                Face::Regular,
            )],
            Par {
                gap: 8.0,
                align: Align::Left,
                ..Par::body()
            },
        );
        // One checklist: each section a row across the table, then its
        // items; the head row again on every page it runs to.
        let mut head = vec![
            text(lang.t("No.", "No.")),
            text(lang.t("Aspecto a verificar", "Item")),
            text(lang.t("Evidencia", "Evidence")),
        ];
        head.extend(g.scale.iter().map(|o| text(o.clone())));
        head.push(text(lang.t("Observaciones", "Remarks")));
        let boxes: Vec<usize> = (3..3 + g.scale.len()).collect();
        let mut rows: Vec<TableRow> = Vec::new();
        for s in &g.sections {
            rows.push(TableRow {
                cells: vec![text(s.title.clone())],
                group: true,
                ..TableRow::default()
            });
            rows.extend(s.items.iter().map(|item| {
                let mut what = item.text.clone();
                if !item.audience.is_empty() {
                    what.push(Inline::Emphasis(text(lang.t(
                        format!(
                            " (solo para oficinas de tipo: {})",
                            item.audience.join(", ")
                        ),
                        format!(" (only for offices of kind: {})", item.audience.join(", ")),
                    ))));
                }
                if !item.basis.is_empty() {
                    what.push(Inline::Break);
                    let mut basis = text(format!("{}: ", lang.t("Fundamento", "Basis")));
                    for (i, b) in item.basis.iter().enumerate() {
                        if i > 0 {
                            basis.push(Inline::Text("; ".into()));
                        }
                        basis.extend(b.iter().cloned());
                    }
                    what.push(Inline::Emphasis(basis));
                }
                let mut cells = vec![
                    text(item.number.to_string()),
                    what,
                    item.evidence.clone().unwrap_or_default(),
                ];
                cells.extend(g.scale.iter().map(|_| Rich::new()));
                cells.push(text("                    "));
                TableRow {
                    cells,
                    dests: vec![dest_key(&g.url.with_anchor(&item.anchor))],
                    check_boxes: boxes.clone(),
                    min_height: 24.0,
                    changed: c.piece_changed(&g.url.with_anchor(&item.anchor)),
                    ..TableRow::default()
                }
            }));
        }
        c.table_rows(&head, &rows, 0.0);
        signatures(c, lang);
        c.marking = false;
    }
}

/// The two signature lines under a guide: the supervisor's and the head of
/// the unit supervised.
fn signatures(c: &mut Composer, lang: Lang) {
    let width = c.width;
    let mut elements = Vec::new();
    let names = [
        lang.t("Supervisor(a)", "Supervisor"),
        lang.t(
            "Titular del área supervisada",
            "Head of the unit supervised",
        ),
    ];
    for (k, role) in names.iter().enumerate() {
        let left = k as f32 * width / 2.0 + width * 0.06;
        let right = (k + 1) as f32 * width / 2.0 - width * 0.06;
        let cx = (left + right) / 2.0;
        elements.push(Element::Stroke {
            from: (left, 40.0),
            to: (right, 40.0),
            width: 0.6,
            ink: BLACK,
        });
        for (line, face, size, baseline) in [
            (role.clone(), Face::Bold, BODY, 52.0),
            (
                lang.t("Nombre, cargo y firma", "Name, position and signature"),
                Face::Regular,
                SMALL,
                63.0,
            ),
        ] {
            let l = c.single_line(&[Span::new(line, face)], size);
            elements.push(Element::Line {
                x: cx - l.width() / 2.0,
                line: l,
                baseline,
                size,
                ink: BLACK,
            });
        }
    }
    c.push(Band {
        height: 68.0,
        gap: 20.0,
        elements,
        ..Band::default()
    });
}
