//! What a manual's PDF holds, in order: the cover, the authorization page with
//! its signatures, the contents, then the manual's sections as written (front
//! matter from Markdown, the organization chart, one part per unit with its
//! numbered functions and incisos, the glossary, the control de cambios). Reads
//! the `Document` only; the typesetting is `compose`'s.

use super::compose::{Align, BODY, Composer, MUTED, Par, RULE_INK, SMALL, dest_key};
use super::flow::{Band, Element, Numbering, PageStyle, Role};
use super::paragraph::{Span, lay_out};
use super::write::BLACK;
use crate::diagram::orgchart;
use crate::document::{Document, ManualDoc, SectionBody, UnitDoc, VersionStatus};
use crate::fonts::Face;
use crate::i18n::Lang;
use crate::wording::long_date;

/// Destinations of the PDF's own pages, which have no page in the site.
pub const AUTHORIZATION: &str = "pdf:autorizacion";
pub const CONTENTS: &str = "pdf:contenido";

const SECTION: f32 = 15.0;
const UNIT: f32 = 12.5;
const SUBHEADING: f32 = 10.5;
/// Where a function's text starts, and where its number ends.
const FUNCTION_TEXT: f32 = 24.0;
const FUNCTION_NUMBER: f32 = 18.0;
/// Where an inciso's text starts, and where its label ends.
const INCISO_TEXT: f32 = 44.0;
const INCISO_LABEL: f32 = 39.0;

/// Composes the whole manual into `c`.
pub fn compose(c: &mut Composer, doc: &Document, manual: &ManualDoc) {
    c.page_path = manual.url.path.clone();
    cover(c, doc, manual);
    authorization(c, doc, manual);
    contents(c, doc, manual);
    let mut first = true;
    for section in &manual.sections {
        let own_page = first || !matches!(section.body, SectionBody::Markdown(_));
        first = false;
        if own_page {
            c.new_page(PageStyle::Body);
        }
        let url = manual.url.with_anchor(&section.anchor);
        let mut dests = vec![dest_key(&url)];
        if matches!(section.body, SectionBody::OrgChart) {
            dests.push(dest_key(&manual.orgchart_url));
        }
        let title = format!("{}. {}", section.number, section.title);
        c.mark(0, &title, dest_key(&url));
        // A section's own pages name no procedure, form or guide.
        c.running(String::new());
        c.paragraph(
            &[Span::new(&title, Face::Bold)],
            Par {
                dests,
                ..Par::heading(SECTION, if own_page { 0.0 } else { 20.0 }).level(2)
            },
        );
        c.space(4.0);
        c.page_path = manual.url.path.clone();
        match &section.body {
            SectionBody::Markdown(blocks) => c.blocks(blocks, 0.0),
            SectionBody::OrgChart => org_chart(c, manual),
            SectionBody::Units => units(c, doc, manual),
            SectionBody::Glossary => glossary(c, doc),
            SectionBody::Changes => changes(c, doc, manual),
            SectionBody::Procedures => super::entries::procedures(c, doc, manual),
            SectionBody::Forms => super::entries::forms(c, doc, manual),
            SectionBody::Guides => super::entries::guides(c, doc, manual),
        }
    }
    if let Some(diff) = &manual.diff {
        changes_annex(c, doc, manual, diff);
    }
}

/// The annex "Cambios respecto de la versión …": the same comparison as
/// `cambios.html`, for the printed record. Each reworded piece shows its old
/// wording with the words removed in italics and its new wording with the words
/// added in bold.
fn changes_annex(
    c: &mut Composer,
    doc: &Document,
    manual: &ManualDoc,
    diff: &crate::document::changes::ManualDiff,
) {
    use crate::document::changes::{Change, Shown, WordOp};
    use crate::wording::{describe, entry_note, renumbered_run};
    let lang = doc.lang;
    c.new_page(PageStyle::Body);
    c.page_path = manual.changes_url.path.clone();
    let title = lang.t(
        format!("Anexo. Cambios respecto de la versión {}", diff.from),
        format!("Annex. Changes since version {}", diff.from),
    );
    c.mark(0, &title, dest_key(&manual.changes_url));
    c.running(String::new());
    c.paragraph(
        &[Span::new(&title, Face::Bold)],
        Par {
            dests: vec![dest_key(&manual.changes_url)],
            ..Par::heading(SECTION, 0.0).level(2)
        },
    );
    let summary = lang.t(
        format!(
            "Versión {} comparada con la versión {}: {}.",
            diff.to,
            diff.from,
            crate::wording::totals_sentence(diff, lang)
        ),
        format!(
            "Version {} compared with version {}: {}.",
            diff.to,
            diff.from,
            crate::wording::totals_sentence(diff, lang)
        ),
    );
    c.paragraph(&[Span::new(summary, Face::Regular)], Par::body());
    if diff.is_empty() {
        return;
    }
    c.paragraph(
        &[Span::new(
            lang.t(
                "En el texto anterior, en cursivas lo que se suprime; en el texto vigente, en negritas lo que se adiciona. En las páginas del manual, una barra en el margen izquierdo señala lo que se adiciona, modifica o traslada en esta versión.",
                "In the former text, what is removed is in italics; in the new text, what is added is in bold. In the manual's pages, a bar in the left margin marks what this version adds, rewords or moves.",
            ),
            Face::Italic,
        )],
        Par {
            size: SMALL,
            ink: MUTED,
            ..Par::body()
        },
    );
    let side = |words: &[crate::document::changes::Words], op: WordOp, face: Face| -> Vec<Span> {
        words
            .iter()
            .filter(|w| w.op == WordOp::Same || w.op == op)
            .map(|w| {
                Span::new(
                    w.text.replace('\n', " "),
                    if w.op == op { face } else { Face::Regular },
                )
            })
            .collect()
    };
    let labelled = |c: &mut Composer, label: String, mut spans: Vec<Span>| {
        spans.insert(0, Span::new(format!("{label} "), Face::Bold));
        c.paragraph(
            &spans,
            Par {
                indent: FUNCTION_TEXT,
                gap: 2.0,
                ..Par::body()
            },
        );
    };
    for entry in &diff.entries {
        c.paragraph(
            &[Span::new(
                format!("{} {}", entry.code(), entry.name()),
                Face::Bold,
            )],
            Par::heading(UNIT, 14.0).level(3),
        );
        let note = entry_note(entry, lang);
        if let Some(note) = note {
            c.paragraph(&[Span::new(note, Face::Regular)], Par::body());
        }
        for shown in entry.shown() {
            let item = match shown {
                Shown::One(item) => item,
                Shown::Renumbered { kind, old, new, .. } => {
                    c.paragraph(
                        &[Span::new(renumbered_run(kind, old, new, lang), Face::Bold)],
                        Par {
                            gap: 6.0,
                            ..Par::body()
                        },
                    );
                    continue;
                }
            };
            let what = describe(item, lang);
            c.paragraph(
                &[Span::new(what, Face::Bold)],
                Par {
                    gap: 6.0,
                    keep_with_next: true,
                    ..Par::body()
                },
            );
            let (before, after) = (
                lang.t("Texto anterior:", "Former text:"),
                lang.t("Texto vigente:", "New text:"),
            );
            match item.change {
                Change::Added => labelled(
                    c,
                    after,
                    vec![Span::new(
                        item.new_text.clone().unwrap_or_default().replace('\n', " "),
                        Face::Bold,
                    )],
                ),
                Change::Removed => labelled(
                    c,
                    before,
                    vec![Span::new(
                        item.old_text.clone().unwrap_or_default().replace('\n', " "),
                        Face::Italic,
                    )],
                ),
                _ if !item.words.is_empty() => {
                    labelled(c, before, side(&item.words, WordOp::Deleted, Face::Italic));
                    labelled(c, after, side(&item.words, WordOp::Inserted, Face::Bold));
                }
                _ => {}
            }
        }
    }
}

fn centered(c: &mut Composer, text: &str, face: Face, size: f32, gap: f32) {
    c.paragraph(
        &[Span::new(text, face)],
        Par {
            align: Align::Center,
            gap,
            keep_with_next: true,
            ..Par::heading(size, 0.0)
        },
    );
}

fn cover(c: &mut Composer, doc: &Document, manual: &ManualDoc) {
    let lang = doc.lang;
    c.new_page(PageStyle::Cover);
    c.push(Band {
        height: 30.0,
        dests: vec![dest_key(&manual.url)],
        ..Band::default()
    });
    c.paragraph(
        &[Span::new(&doc.institution, Face::Bold)],
        Par {
            align: Align::Center,
            ink: MUTED,
            ..Par::heading(13.0, 0.0)
        },
    );
    let width = c.width;
    c.push(Band {
        height: 10.0,
        elements: vec![Element::Stroke {
            from: (width * 0.2, 5.0),
            to: (width * 0.8, 5.0),
            width: 0.8,
            ink: RULE_INK,
        }],
        ..Band::default()
    });
    c.space(c.height * 0.22);
    c.paragraph(
        &[Span::new(&manual.title, Face::Bold)],
        Par {
            align: Align::Center,
            leading: 29.0,
            ..Par::heading(22.0, 0.0).level(1)
        },
    );
    c.space(26.0);
    let code = format!(
        "{}: {}",
        lang.t("Clave de registro", "Registration key"),
        manual.code
    );
    centered(c, &code, Face::Regular, 12.0, 0.0);
    let version = format!("{} {}", lang.t("Versión", "Version"), manual.version);
    centered(c, &version, Face::Bold, 12.0, 4.0);
    if manual.status != VersionStatus::InForce {
        centered(
            c,
            crate::wording::status_label(manual.status, lang),
            Face::Italic,
            11.0,
            4.0,
        );
    }
    // A bundle's copy leaves out what other offices have: say so where it is seen.
    if let Some(kind) = &doc.office_kind {
        let text = lang.t(
            format!("Edición para las oficinas de tipo {kind}"),
            format!("Edition for offices of kind {kind}"),
        );
        centered(c, &text, Face::Italic, 11.0, 4.0);
    }
    c.space(40.0);
    if let Some(date) = manual.authorized {
        let text = format!(
            "{}: {}",
            lang.t("Fecha de autorización", "Authorized on"),
            long_date(date, lang)
        );
        centered(c, &text, Face::Regular, 11.0, 2.0);
    }
    if let Some(date) = manual.effective {
        let text = format!(
            "{}: {}",
            lang.t("Entrada en vigor", "In force from"),
            long_date(date, lang)
        );
        centered(c, &text, Face::Regular, 11.0, 2.0);
    }
    if let Some(previous) = &manual.supersedes {
        let text = lang.t(
            format!("Deja sin efecto la versión {previous}"),
            format!("Supersedes version {previous}"),
        );
        centered(c, &text, Face::Italic, 10.0, 2.0);
    }
}

fn authorization(c: &mut Composer, doc: &Document, manual: &ManualDoc) {
    let lang = doc.lang;
    c.new_page(PageStyle::Body);
    let title = lang.t("Autorización", "Authorization");
    c.mark(0, &title, AUTHORIZATION);
    c.paragraph(
        &[Span::new(&title, Face::Bold)],
        Par {
            dests: vec![AUTHORIZATION.into()],
            ..Par::heading(SECTION, 0.0).level(2)
        },
    );
    let mut text = lang.t(
        format!(
            "El {}, con clave de registro {}, versión {}",
            manual.title, manual.code, manual.version
        ),
        format!(
            "The {}, registration key {}, version {}",
            manual.title, manual.code, manual.version
        ),
    );
    match manual.authorized {
        _ if manual.status == VersionStatus::Draft => text.push_str(&lang.t(
            ", es un borrador: no ha sido autorizado y no tiene validez oficial",
            ", is a draft: it has not been authorized and has no official standing",
        )),
        Some(date) => text.push_str(&lang.t(
            format!(", fue autorizado el {}", long_date(date, lang)),
            format!(", was authorized on {}", long_date(date, lang)),
        )),
        None => text.push_str(&lang.t(", no ha sido autorizado", ", has not been authorized")),
    }
    if let Some(date) = manual
        .effective
        .filter(|_| manual.status != VersionStatus::Draft)
    {
        text.push_str(&lang.t(
            format!(" y entra en vigor el {}", long_date(date, lang)),
            format!(" and is in force from {}", long_date(date, lang)),
        ));
    }
    text.push('.');
    if let Some(previous) = manual
        .supersedes
        .as_ref()
        .filter(|_| manual.status != VersionStatus::Draft)
    {
        text.push_str(&lang.t(
            format!(" A partir de esa fecha deja sin efecto la versión {previous}."),
            format!(" From that date it supersedes version {previous}."),
        ));
    }
    c.space(6.0);
    c.paragraph(&[Span::new(text, Face::Regular)], Par::body());
    c.space(36.0);
    signatures(c, manual);
}

/// The Elaboró / Revisó / Aprobó block: up to three signatures a row, each a
/// column with its role, room to sign, a line, the name and the position.
fn signatures(c: &mut Composer, manual: &ManualDoc) {
    let gutter = 18.0;
    for row in manual.signatures.chunks(3) {
        let columns = row.len().max(1) as f32;
        let column = (c.width - gutter * (columns - 1.0)) / columns;
        let mut elements = Vec::new();
        let mut height: f32 = 0.0;
        for (i, signature) in row.iter().enumerate() {
            let left = i as f32 * (column + gutter);
            let mut y = 0.0;
            let centred = |c: &Composer,
                           text: &str,
                           face: Face,
                           size: f32,
                           y: &mut f32,
                           elements: &mut Vec<Element>| {
                let lines = lay_out(
                    &[Span::new(text, face)],
                    size,
                    c.fonts,
                    c.lang,
                    &|_| column - 8.0,
                    false,
                );
                for line in lines {
                    *y += size * 1.35;
                    elements.push(Element::Line {
                        x: left + (column - line.width()) / 2.0,
                        line,
                        baseline: *y - size * 0.3,
                        size,
                        ink: BLACK,
                    });
                }
            };
            centred(c, &signature.role, Face::Bold, BODY, &mut y, &mut elements);
            y += 52.0;
            elements.push(Element::Stroke {
                from: (left + 10.0, y),
                to: (left + column - 10.0, y),
                width: 0.6,
                ink: BLACK,
            });
            y += 3.0;
            // A name is set on one line, smaller if it must (down to 8 pt),
            // rather than broken between a given name and a surname.
            let natural = c.fonts.width(Face::Regular, &signature.name, BODY);
            let room = column - 10.0;
            let name_size = if natural > room {
                (BODY * room / natural).max(8.0)
            } else {
                BODY
            };
            centred(
                c,
                &signature.name,
                Face::Regular,
                name_size,
                &mut y,
                &mut elements,
            );
            if let Some(position) = &signature.position {
                centred(c, position, Face::Regular, SMALL, &mut y, &mut elements);
            }
            height = height.max(y + 4.0);
        }
        c.push(Band {
            height,
            gap: 18.0,
            elements,
            ..Band::default()
        });
    }
}

fn contents(c: &mut Composer, doc: &Document, manual: &ManualDoc) {
    let lang = doc.lang;
    // With no signatures the authorization is one paragraph: the contents
    // follow it on its page instead of leaving the page nearly blank.
    if manual.signatures.is_empty() {
        c.space(18.0);
    } else {
        c.new_page(PageStyle::Body);
    }
    let title = lang.t("Contenido", "Contents");
    c.mark(0, &title, CONTENTS);
    c.paragraph(
        &[Span::new(&title, Face::Bold)],
        Par {
            dests: vec![CONTENTS.into()],
            ..Par::heading(SECTION, 0.0).level(2)
        },
    );
    c.space(6.0);
    c.begin(Role::Contents);
    entry(
        c,
        0.0,
        None,
        &lang.t("Autorización", "Authorization"),
        AUTHORIZATION,
        true,
    );
    for section in &manual.sections {
        let dest = dest_key(&manual.url.with_anchor(&section.anchor));
        let number = format!("{}.", section.number);
        entry(c, 0.0, Some(&number), &section.title, &dest, true);
        // Under their section: every unit by level, every procedure, form
        // and guide by its clave.
        let listed: Vec<(f32, &str, &str, String)> = match section.body {
            SectionBody::Units => manual
                .units
                .iter()
                .map(|u| {
                    let indent = 14.0 + 12.0 * u.depth.saturating_sub(1) as f32;
                    (indent, u.code.as_str(), u.name.as_str(), dest_key(&u.url))
                })
                .collect(),
            SectionBody::Procedures => manual
                .procedures
                .iter()
                .map(|p| (14.0, p.code.as_str(), p.name.as_str(), dest_key(&p.url)))
                .collect(),
            SectionBody::Forms => manual
                .forms
                .iter()
                .map(|f| (14.0, f.code.as_str(), f.name.as_str(), dest_key(&f.url)))
                .collect(),
            SectionBody::Guides => manual
                .guides
                .iter()
                .map(|g| (14.0, g.code.as_str(), g.name.as_str(), dest_key(&g.url)))
                .collect(),
            _ => Vec::new(),
        };
        for (indent, code, name, dest) in listed {
            entry(c, indent, Some(code), name, &dest, false);
        }
    }
    c.end();
}

/// A line of the contents: number, title, dot leaders, page number; the whole
/// entry is a link to its destination.
fn entry(
    c: &mut Composer,
    indent: f32,
    number: Option<&str>,
    title: &str,
    dest: &str,
    strong: bool,
) {
    let size = if strong { BODY } else { 9.5 };
    let face = if strong { Face::Bold } else { Face::Regular };
    let page_column = 28.0;
    let number_width = number.map_or(0.0, |n| c.fonts.width(face, n, size) + 6.0);
    let text_at = indent + number_width;
    let lines = lay_out(
        &[Span::new(title, face)],
        size,
        c.fonts,
        c.lang,
        &|_| c.width - text_at - page_column - 12.0,
        false,
    );
    let leading = size * 1.45;
    let count = lines.len();
    let width = c.width;
    let alt = match number {
        Some(number) => format!("{number} {title}"),
        None => title.to_owned(),
    };
    for (n, line) in lines.into_iter().enumerate() {
        let baseline = super::compose::baseline_in(leading, size);
        let mut elements = Vec::new();
        if n == 0 {
            elements.push(Element::Open(Role::ContentsItem));
            if let Some(number) = number {
                elements.extend([
                    Element::Open(Role::Label),
                    Element::Line {
                        line: c.single_line(&[Span::new(number, face)], size),
                        x: indent,
                        baseline,
                        size,
                        ink: BLACK,
                    },
                    Element::Close,
                ]);
            }
            elements.extend([
                Element::Open(Role::Reference),
                Element::Open(Role::Link(
                    c.lang.t(format!("Ir a {alt}"), format!("Go to {alt}")),
                )),
            ]);
        }
        elements.push(Element::Link {
            x: indent,
            y: 0.0,
            w: width - indent,
            h: leading,
            dest: dest.to_owned(),
            alt: String::new(),
        });
        let end = text_at + line.width();
        elements.push(Element::Line {
            line,
            x: text_at,
            baseline,
            size,
            ink: BLACK,
        });
        if n + 1 == count {
            // Dot leaders from the title to the page number.
            let dot = c.fonts.width(Face::Regular, ". ", size);
            let from = end + 6.0;
            let to = width - page_column - 4.0;
            let dots = ((to - from) / dot).floor().max(0.0) as usize;
            if dots > 0 {
                let leaders = ". ".repeat(dots);
                elements.extend([
                    Element::Open(Role::Artifact),
                    Element::Line {
                        line: c.single_line(&[Span::new(leaders.trim_end(), Face::Regular)], size),
                        x: to - dots as f32 * dot,
                        baseline,
                        size,
                        ink: RULE_INK,
                    },
                    Element::Close,
                ]);
            }
            elements.push(Element::PageOf {
                dest: dest.to_owned(),
                right: width,
                baseline,
                size,
                face,
            });
            // The link, the reference, the item.
            elements.extend([Element::Close, Element::Close, Element::Close]);
        }
        c.push(Band {
            height: leading,
            gap: if n == 0 && strong { 3.0 } else { 0.0 },
            keep_with_next: n + 1 < count,
            elements,
            ..Band::default()
        });
    }
}

/// Units set in one part, on one thread: enough that a part is worth a thread,
/// few enough that the parts keep every core busy.
const UNITS_PER_PART: usize = 24;

/// The units, their functions and incisos: in parts on every core (line
/// breaking is most of a manual's composition), joined in order.
fn units(c: &mut Composer, doc: &Document, manual: &ManualDoc) {
    let chunks: Vec<&[std::sync::Arc<UnitDoc>]> = manual.units.chunks(UNITS_PER_PART).collect();
    let base = &*c;
    let parts = crate::parallel::map_each(&chunks, |chunk| {
        let mut part = base.part();
        for unit in *chunk {
            unit_section(&mut part, doc, unit);
        }
        part
    });
    for part in parts {
        c.absorb(part);
    }
}

/// One unit: a rule, its code and name, its objective, its functions and
/// their incisos, with change bars where they changed.
fn unit_section(c: &mut Composer, doc: &Document, unit: &UnitDoc) {
    let lang = doc.lang;
    c.page_path = unit.url.path.clone();
    let code_width = c.fonts.width(Face::Bold, &unit.code, UNIT);
    c.mark(
        unit.depth,
        format!("{} {}", unit.code, unit.name),
        dest_key(&unit.url),
    );
    // A unit new in this version carries a bar from its rule to its last
    // function; a renamed one beside its heading; otherwise beside each
    // function added or reworded.
    let new_unit = c.entry_is_new(&unit.url);
    c.marking = c.heading_changed(&unit.url);
    // A rule over each unit, then its code and name with a hanging indent.
    let width = c.width;
    c.push(Band {
        height: 8.0,
        gap: 18.0,
        keep_with_next: true,
        elements: vec![Element::Stroke {
            from: (0.0, 0.0),
            to: (width, 0.0),
            width: 0.5,
            ink: RULE_INK,
        }],
        dests: vec![dest_key(&unit.url)],
        // At a page's top the header's rule is above it already.
        hidden_at_top: true,
        ..Band::default()
    });
    let level = 2 + unit.depth.max(1);
    c.paragraph(
        &[Span::new(&unit.name, Face::Bold)],
        Par {
            indent: code_width + 8.0,
            label: Some((vec![Span::new(&unit.code, Face::Bold)], code_width)),
            ..Par::heading(UNIT, 0.0).level(level)
        },
    );
    c.marking = new_unit;
    if let Some(objective) = &unit.objective {
        subheading(c, &lang.t("Objetivo", "Objective"), level + 1);
        let spans = c.spans(objective, Face::Regular);
        c.paragraph(&spans, Par::body());
    }
    if unit.functions.is_empty() {
        c.marking = false;
        return;
    }
    subheading(c, &lang.t("Funciones", "Functions"), level + 1);
    // Functions are a numbered list, each item labelled with its official
    // number; a function's incisos are a list of their own right after its
    // item, labelled with their letters (gaps kept: the label is the text).
    c.begin(Role::List(Numbering::Decimal));
    for function in &unit.functions {
        c.marking = c.piece_changed(&unit.url.with_anchor(&function.anchor));
        let mut spans = c.spans(&function.text, Face::Regular);
        audience(&mut spans, &function.audience, lang);
        c.begin(Role::ListItem);
        c.paragraph(
            &spans,
            Par {
                indent: FUNCTION_TEXT,
                gap: 4.0,
                label: Some((
                    vec![Span::new(format!("{}.", function.number), Face::Regular)],
                    FUNCTION_NUMBER,
                )),
                dests: vec![dest_key(&unit.url.with_anchor(&function.anchor))],
                ..Par::body()
            },
        );
        c.end_item();
        if !function.items.is_empty() {
            c.begin(Role::List(Numbering::LowerAlpha));
        }
        for inciso in &function.items {
            let mut spans = c.spans(&inciso.text, Face::Regular);
            audience(&mut spans, &inciso.audience, lang);
            c.begin(Role::ListItem);
            c.paragraph(
                &spans,
                Par {
                    indent: INCISO_TEXT,
                    gap: 2.0,
                    label: Some((
                        vec![Span::new(format!("{})", inciso.label), Face::Regular)],
                        INCISO_LABEL,
                    )),
                    dests: vec![dest_key(&unit.url.with_anchor(&inciso.anchor))],
                    ..Par::body()
                },
            );
            c.end_item();
        }
        if !function.items.is_empty() {
            c.end();
        }
    }
    c.end();
    c.marking = false;
}

fn subheading(c: &mut Composer, text: &str, level: usize) {
    c.paragraph(
        &[Span::new(text, Face::Bold)],
        Par::heading(SUBHEADING, 9.0).level(level),
    );
}

/// Content meant for some kinds of office only says so, in italics.
fn audience(spans: &mut Vec<Span>, audience: &[String], lang: Lang) {
    if audience.is_empty() {
        return;
    }
    spans.push(Span::new(
        lang.t(
            format!(" (solo para oficinas de tipo: {})", audience.join(", ")),
            format!(" (only for offices of kind: {})", audience.join(", ")),
        ),
        Face::Italic,
    ));
}

/// The organization charts, drawn from the same geometry as the site's SVG,
/// each box a link to its unit. Every chart of the manual is set at one scale,
/// the one that fits the widest to the text block, so their type is the same
/// size (7 pt at the least on a letter page: `orgchart::MAX_WIDTH`). A chart
/// taller than a page is cut between its rows into balanced parts, one per
/// page: each part but the last ends with "Continúa en la página siguiente",
/// each after the first starts with the chart's heading and "(continuación)".
fn org_chart(c: &mut Composer, manual: &ManualDoc) {
    // The charts' widths do not depend on the page's height.
    let widest = orgchart::charts(manual)
        .iter()
        .map(|ch| ch.width)
        .fold(1.0, f32::max);
    let scale = (c.width / widest).min(1.0);
    // The heading above a part, the note below it, and the gaps around them;
    // the first part may share its page with the section's heading.
    let heading = SUBHEADING * 1.3 + 14.0 + 4.0;
    let note = SMALL * 1.3 + 4.0 + 6.0;
    let room = (c.height - heading - note) / scale;
    let first = room - (SECTION * 1.3 + 8.0) / scale;
    let charts = orgchart::charts_in(manual, orgchart::Room { first, rest: room });
    let parts: Vec<Vec<(f32, f32)>> = charts.iter().map(|ch| ch.parts(first, room)).collect();
    let titles: Vec<String> = charts
        .iter()
        .map(|ch| match manual.unit(&ch.root) {
            Some(r) => format!("{} {}", r.code, r.name),
            None => ch.root.clone(),
        })
        .collect();
    let apart = lone_chart(c, &parts, &titles, scale);
    for (i, chart) in charts.iter().enumerate() {
        let parts = &parts[i];
        let title = &titles[i];
        for (n, &(top, bottom)) in parts.iter().enumerate() {
            let last = n + 1 == parts.len();
            if n == 0 && apart == Some(i) {
                c.new_page(PageStyle::Body);
            }
            if n == 0 {
                c.paragraph(
                    &[Span::new(title, Face::Bold)],
                    Par {
                        align: Align::Center,
                        dests: vec![dest_key(
                            &manual
                                .orgchart_url
                                .with_anchor(format!("org-{}", chart.root)),
                        )],
                        ..Par::heading(SUBHEADING, 14.0).level(3)
                    },
                );
            } else {
                // The same heading again is for the eye; the part's figure
                // says which part it is.
                c.new_page(PageStyle::Body);
                c.begin(Role::Artifact);
                c.paragraph(
                    &[Span::new(
                        c.lang.t(
                            format!("{title} (continuación)"),
                            format!("{title} (continued)"),
                        ),
                        Face::Bold,
                    )],
                    Par {
                        align: Align::Center,
                        ..Par::heading(SUBHEADING, 0.0)
                    },
                );
                c.end();
            }
            c.space(4.0);
            let part = (parts.len() > 1).then_some((n + 1, parts.len()));
            let boxes: Vec<&orgchart::UnitBox> = chart
                .boxes
                .iter()
                .filter(|b| b.y >= top - 0.01 && b.y + b.height <= bottom + 0.01)
                .collect();
            let mut elements = vec![Element::Open(Role::Figure(chart_alt(
                manual, chart, &boxes, part, c.lang,
            )))];
            elements.extend(chart_elements(
                c,
                manual,
                chart,
                &boxes,
                (top, bottom),
                scale,
            ));
            elements.push(Element::Close);
            c.push(Band {
                height: (bottom - top) * scale,
                gap: 6.0,
                keep_with_next: !last,
                elements,
                ..Band::default()
            });
            if !last {
                c.begin(Role::Artifact);
                c.paragraph(
                    &[Span::new(
                        c.lang.t(
                            "Continúa en la página siguiente.",
                            "Continued on the next page.",
                        ),
                        Face::Italic,
                    )],
                    Par {
                        align: Align::Center,
                        size: SMALL,
                        leading: SMALL * 1.3,
                        gap: 4.0,
                        ink: MUTED,
                        ..Par::body()
                    },
                );
                c.end();
            }
        }
    }
}

/// The chart that should start a page so that the last chart is not alone
/// on its page, if any: the charts' pages are foreseen as the flow will set
/// them (the section starts a page; each chart is its heading, a part and,
/// for a chart cut in parts, a note; parts after the first start a page). If
/// the last chart, of one part, would sit alone on the last page and the
/// chart before it can go with it, that one starts the page.
fn lone_chart(
    c: &Composer,
    parts: &[Vec<(f32, f32)>],
    titles: &[String],
    scale: f32,
) -> Option<usize> {
    const HEADING_GAP: f32 = 14.0;
    let note = 4.0 + SMALL * 1.3;
    let mut y = SECTION * 1.3 + 4.0;
    let mut page = 0;
    // The page each chart starts on, and the height of its last page's part.
    let mut starts = Vec::new();
    let mut heights = Vec::new();
    for (chart, title) in parts.iter().zip(titles) {
        let lines = if c
            .single_line(&[Span::new(title, Face::Bold)], SUBHEADING)
            .width()
            > c.width
        {
            2.0
        } else {
            1.0
        };
        let heading = lines * SUBHEADING * 1.3 + 4.0 + 6.0;
        for (n, &(top, bottom)) in chart.iter().enumerate() {
            let mut block = heading + (bottom - top) * scale;
            if n + 1 < chart.len() {
                block += note;
            }
            if n > 0 || (y > 0.0 && y + HEADING_GAP + block > c.height) {
                page += 1;
                y = 0.0;
            }
            if n == 0 {
                starts.push(page);
            }
            y += if y > 0.0 { HEADING_GAP } else { 0.0 } + block;
            if n + 1 == chart.len() {
                heights.push(block);
            }
        }
    }
    let last = parts.len().checked_sub(1)?;
    let before = last.checked_sub(1)?;
    let alone = parts[last].len() == 1
        && parts[before].len() == 1
        && starts[before] + 1 == starts[last]
        && before
            .checked_sub(1)
            .is_some_and(|b| starts[b] == starts[before] && parts[b].len() == 1);
    let together = heights[before] + HEADING_GAP + heights[last] <= c.height;
    (alone && together).then_some(before)
}

/// The link to a unit's own chart, in the links' colour (`LINK_INK` of
/// `draw`, the theme's accent).
const CHART_LINK_INK: super::write::Rgb = [11.0 / 255.0, 90.0 / 255.0, 74.0 / 255.0];

/// The lines and boxes of a chart between `top` and `bottom` (a part of it),
/// at `scale`, centred on the text block.
fn chart_elements(
    c: &Composer,
    manual: &ManualDoc,
    chart: &orgchart::Chart,
    boxes: &[&orgchart::UnitBox],
    (top, bottom): (f32, f32),
    scale: f32,
) -> Vec<Element> {
    let left = (c.width - chart.width * scale) / 2.0;
    let at = |x: f32, y: f32| (left + x * scale, (y - top) * scale);
    let mut elements = Vec::new();
    for line in &chart.lines {
        for [from, to] in orgchart::clip(line, top, bottom) {
            elements.push(Element::Stroke {
                from: at(from.0, from.1),
                to: at(to.0, to.1),
                width: 0.7,
                ink: MUTED,
            });
        }
    }
    let size = orgchart::TEXT_SIZE * scale;
    for b in boxes {
        let (x, y) = at(b.x, b.y);
        let (w, h) = (b.width * scale, b.height * scale);
        elements.push(Element::Rect {
            x,
            y,
            w,
            h,
            stroke: Some((MUTED, 0.8)),
            fill: Some(if b.is_root {
                [0.88, 0.91, 0.95]
            } else {
                [1.0, 1.0, 1.0]
            }),
        });
        let text_lines = std::iter::once((b.code.as_str(), Face::Bold))
            .chain(b.lines.iter().map(|l| (l.as_str(), Face::Regular)));
        // The `n`th line of the box, centred in it.
        let centred = |text: &str, face: Face, n: usize, ink| {
            let line = c.single_line(&[Span::new(text, face)], size);
            Element::Line {
                x: x + (w - line.width()) / 2.0,
                line,
                baseline: at(0.0, b.baseline(n)).1,
                size,
                ink,
            }
        };
        for (n, (text, face)) in text_lines.enumerate() {
            elements.push(centred(text, face, n, BLACK));
        }
        let unit = &manual.units[b.unit];
        // A unit whose units are drawn in a chart of their own says so on its
        // last line, a link to that chart.
        let own = b.has_own_chart.then(|| b.lines.len() + 1);
        let link_height = match own {
            Some(_) => h - orgchart::LINE_HEIGHT * scale - orgchart::PADDING * scale / 2.0,
            None => h,
        };
        elements.push(Element::Link {
            x,
            y,
            w,
            h: link_height,
            dest: dest_key(&unit.url),
            alt: c.lang.t(
                format!("Ir a la unidad {} {}", unit.code, unit.name),
                format!("Go to unit {} {}", unit.code, unit.name),
            ),
        });
        if let Some(n) = own {
            let text = c.lang.t("Ver su organigrama", "See its chart");
            elements.push(centred(&text, Face::Italic, n, CHART_LINK_INK));
            elements.push(Element::Link {
                x,
                y: y + link_height,
                w,
                h: h - link_height,
                dest: dest_key(
                    &manual
                        .orgchart_url
                        .with_anchor(format!("org-{}", unit.code)),
                ),
                alt: c.lang.t(
                    format!("Organigrama de {} {}", unit.code, unit.name),
                    format!("Organization chart of {} {}", unit.code, unit.name),
                ),
            });
        }
    }
    elements
}

/// What an organization chart (or the part of it on one page) shows, in
/// words: its units in order, each with the unit it reports to.
fn chart_alt(
    manual: &ManualDoc,
    chart: &orgchart::Chart,
    boxes: &[&orgchart::UnitBox],
    part: Option<(usize, usize)>,
    lang: Lang,
) -> String {
    let mut out = match part {
        None => lang.t("Organigrama: ", "Organization chart: "),
        Some((n, of)) => lang.t(
            format!("Organigrama de {}, parte {n} de {of}: ", chart.root),
            format!("Organization chart of {}, part {n} of {of}: ", chart.root),
        ),
    };
    // In the manual's order: each unit after the one it reports to.
    let mut boxes = boxes.to_vec();
    boxes.sort_by_key(|b| b.unit);
    for (n, b) in boxes.into_iter().enumerate() {
        let unit = &manual.units[b.unit];
        if n > 0 {
            out.push_str("; ");
        }
        out.push_str(&format!("{} {}", unit.code, unit.name));
        let parent = unit
            .parent
            .and_then(|p| manual.units.get(p))
            .filter(|_| !b.is_root);
        if let Some(parent) = parent {
            out.push_str(&lang.t(
                format!(", depende de {}", parent.code),
                format!(", reports to {}", parent.code),
            ));
        }
    }
    out.push('.');
    out
}

fn glossary(c: &mut Composer, doc: &Document) {
    for term in &doc.glossary {
        let url = term.url.clone();
        let mut spans = vec![Span::new(&term.term, Face::Bold)];
        if let Some(expansion) = &term.expansion {
            spans.push(Span::new(format!(" — {expansion}"), Face::Regular));
        }
        c.paragraph(
            &spans,
            Par {
                align: Align::Left,
                gap: 6.0,
                keep_with_next: term.definition.is_some(),
                dests: vec![dest_key(&url)],
                ..Par::body()
            },
        );
        if let Some(definition) = &term.definition {
            let spans = c.spans(definition, Face::Regular);
            c.paragraph(
                &spans,
                Par {
                    indent: 16.0,
                    gap: 1.0,
                    ..Par::body()
                },
            );
        }
    }
}

fn changes(c: &mut Composer, doc: &Document, manual: &ManualDoc) {
    use crate::document::Inline;
    let lang = doc.lang;
    let text = |s: String| vec![Inline::Text(s)];
    let head = vec![
        text(lang.t("Versión", "Version")),
        text(lang.t("Fecha", "Date")),
        text(lang.t("Descripción del cambio", "What changed")),
    ];
    let rows: Vec<Vec<_>> = manual
        .changes
        .iter()
        .map(|ch| {
            vec![
                text(ch.version.clone()),
                text(ch.date.map(|d| long_date(d, lang)).unwrap_or_default()),
                ch.summary.clone(),
            ]
        })
        .collect();
    c.table(&head, &rows, 0.0);
}
