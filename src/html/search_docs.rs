//! What the search index holds: one document per thing a reader may look for
//! (a unit, a function, an inciso, a Markdown section, a procedure and each of
//! its activities, a form and each of its fields, a guide and each of its
//! items, a glossary term), with its title, where it is, its address and the
//! words it is found by. The index itself is built in `crate::search`.

use crate::document::*;
use crate::i18n::Lang;
use crate::search::{DocKind, IndexWriter, ManualFacet, SearchDoc};

/// Every document of the site, manual by manual (a manual's documents are
/// consecutive: the browser filters by manual over ranges of documents), the
/// glossary last.
pub(super) fn search_docs(doc: &Document, docs: &mut IndexWriter) -> Vec<ManualFacet> {
    let lang = doc.lang;
    let mut manuals = Vec::new();
    for (n, m) in doc.manuals.iter().enumerate() {
        let current = m.status == VersionStatus::InForce || (m.primary && m.in_force().is_none());
        manuals.push(ManualFacet {
            title: m.title.clone(),
            kind: m.kind.clone(),
            version: m.version.clone(),
            current,
        });
        let mut add = Adder {
            out: docs,
            manual: Some(n as u32),
            context: format!(
                "{} · {} {}",
                m.title,
                lang.t("versión", "version"),
                m.version
            ),
        };
        manual_docs(m, lang, &mut add);
    }
    let glossary = lang.t("Glosario", "Glossary");
    let mut add = Adder {
        out: docs,
        manual: None,
        context: glossary.clone(),
    };
    for t in &doc.glossary {
        add.push(Doc {
            url: &format!("{}#{}", t.url.path, t.anchor),
            title: &match &t.expansion {
                Some(e) => format!("{} · {e}", t.term),
                None => t.term.clone(),
            },
            heading: &format!("{} {}", t.term, t.expansion.as_deref().unwrap_or("")),
            parent: "",
            text: &rich(&t.definition),
            code: None,
            owner_code: None,
            kind: DocKind::Term,
        });
    }
    manuals
}

/// A document before it takes its manual and context. Its texts are
/// borrowed: most are the document's own (a unit's name and code, its
/// function's text) and the others live for the `push` that reads them.
struct Doc<'a> {
    url: &'a str,
    title: &'a str,
    heading: &'a str,
    parent: &'a str,
    text: &'a str,
    code: Option<&'a str>,
    owner_code: Option<&'a str>,
    kind: DocKind,
}

struct Adder<'a, 'p> {
    out: &'a mut IndexWriter<'p>,
    manual: Option<u32>,
    context: String,
}

impl Adder<'_, '_> {
    fn push(&mut self, d: Doc<'_>) {
        self.out.add(SearchDoc {
            url: d.url,
            title: d.title,
            context: &self.context,
            heading: d.heading,
            parent: d.parent,
            text: d.text,
            code: d.code,
            owner_code: d.owner_code,
            kind: d.kind,
            manual: self.manual,
        });
    }
}

fn rich(r: &Option<Rich>) -> String {
    r.as_ref().map(|r| plain_text(r)).unwrap_or_default()
}

fn joined(parts: impl IntoIterator<Item = String>) -> String {
    let mut out = String::new();
    for p in parts {
        if p.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&p);
    }
    out
}

fn anchored(url: &SiteUrl, anchor: &str) -> String {
    format!("{}#{anchor}", url.path)
}

fn manual_docs(m: &ManualDoc, lang: Lang, add: &mut Adder) {
    for s in &m.sections {
        if let SectionBody::Markdown(blocks) = &s.body {
            add.push(Doc {
                url: &anchored(&m.url, &s.anchor),
                title: &format!("{}. {}", s.number, s.title),
                heading: &s.title,
                parent: "",
                text: &plain_text_of(blocks),
                code: None,
                owner_code: None,
                kind: DocKind::Section,
            });
        }
    }
    for u in &m.units {
        unit_docs(u, lang, add);
    }
    for p in &m.procedures {
        procedure_docs(p, lang, add);
    }
    for f in &m.forms {
        form_docs(f, lang, add);
    }
    for g in &m.guides {
        guide_docs(g, lang, add);
    }
}

fn unit_docs(u: &UnitDoc, lang: Lang, add: &mut Adder) {
    let unit = format!("{} {}", u.code, u.name);
    add.push(Doc {
        url: &u.url.path,
        title: &unit,
        heading: &u.name,
        parent: "",
        text: &rich(&u.objective),
        code: Some(&u.code),
        owner_code: None,
        kind: DocKind::Unit,
    });
    let function = lang.t("función", "function");
    let inciso = lang.t("inciso", "item");
    for f in &u.functions {
        let text = plain_text(&f.text);
        let title = format!("{unit} · {function} {}", f.number);
        for i in &f.items {
            add.push(Doc {
                url: &anchored(&u.url, &i.anchor),
                title: &format!("{title}, {inciso} {})", i.label),
                heading: &format!("{inciso} {}", i.label),
                parent: &joined([
                    unit.clone(),
                    format!("{function} {}", f.number),
                    text.clone(),
                ]),
                text: &plain_text(&i.text),
                code: None,
                owner_code: Some(&u.code),
                kind: DocKind::Inciso,
            });
        }
        add.push(Doc {
            url: &anchored(&u.url, &f.anchor),
            title: &title,
            heading: &format!("{function} {}", f.number),
            parent: &unit,
            text: &text,
            code: None,
            owner_code: Some(&u.code),
            kind: DocKind::Function,
        });
    }
}

fn procedure_docs(p: &ProcedureDoc, lang: Lang, add: &mut Adder) {
    let title = format!(
        "{} {} · {}",
        lang.t("Procedimiento", "Procedure"),
        p.code,
        p.name
    );
    add.push(Doc {
        url: &p.url.path,
        title: &title,
        heading: &p.name,
        parent: "",
        text: &joined(
            [rich(&p.objective), rich(&p.scope)]
                .into_iter()
                .chain(p.policies.iter().map(|x| plain_text(&x.text)))
                .chain(p.definitions.iter().map(|x| plain_text(x)))
                .chain(p.basis.iter().map(|x| plain_text(x))),
        ),
        code: Some(&p.code),
        owner_code: None,
        kind: DocKind::Entry,
    });
    let activity = lang.t("actividad", "activity");
    for s in &p.steps {
        let decision = s
            .decision
            .as_ref()
            .map(|(q, _)| plain_text(q))
            .unwrap_or_default();
        add.push(Doc {
            url: &anchored(&p.url, &s.anchor),
            title: &format!(
                "{} {} · {activity} {}",
                lang.t("Procedimiento", "Procedure"),
                p.code,
                s.number
            ),
            heading: &format!("{activity} {}", s.number),
            parent: &format!("{} {}", p.code, p.name),
            text: &joined(
                [format!("{}:", s.actor), plain_text(&s.action), decision]
                    .into_iter()
                    .chain(s.documents.iter().map(|d| plain_text(d))),
            ),
            code: None,
            owner_code: Some(&p.code),
            kind: DocKind::Part,
        });
    }
}

fn form_docs(f: &FormDoc, lang: Lang, add: &mut Adder) {
    let title = format!("{} {} · {}", lang.t("Formato", "Form"), f.code, f.name);
    add.push(Doc {
        url: &f.url.path,
        title: &title,
        heading: &f.name,
        parent: "",
        text: &joined(
            [rich(&f.purpose)]
                .into_iter()
                .chain(f.sections.iter().map(|s| s.title.clone())),
        ),
        code: Some(&f.code),
        owner_code: None,
        kind: DocKind::Entry,
    });
    let field = lang.t("campo", "field");
    for s in &f.sections {
        for x in &s.fields {
            add.push(Doc {
                url: &anchored(&f.url, &x.anchor),
                title: &format!("{title} · {field} {} {}", x.number, x.label),
                heading: &format!("{field} {} {}", x.number, x.label),
                parent: &format!("{} {}", f.code, f.name),
                text: &joined([rich(&x.instructions), x.options.join(", ")]),
                code: None,
                owner_code: Some(&f.code),
                kind: DocKind::Part,
            });
        }
    }
}

fn guide_docs(g: &GuideDoc, lang: Lang, add: &mut Adder) {
    let title = format!("{} {} · {}", lang.t("Guía", "Guide"), g.code, g.name);
    add.push(Doc {
        url: &g.url.path,
        title: &title,
        heading: &g.name,
        parent: "",
        text: &joined(g.sections.iter().map(|s| s.title.clone())),
        code: Some(&g.code),
        owner_code: None,
        kind: DocKind::Entry,
    });
    let item = lang.t("reactivo", "item");
    for s in &g.sections {
        for i in &s.items {
            add.push(Doc {
                url: &anchored(&g.url, &i.anchor),
                title: &format!(
                    "{} {} · {item} {}",
                    lang.t("Guía", "Guide"),
                    g.code,
                    i.number
                ),
                heading: &format!("{item} {}", i.number),
                parent: &format!("{} {}", g.code, g.name),
                text: &joined(
                    [plain_text(&i.text), rich(&i.evidence)]
                        .into_iter()
                        .chain(i.basis.iter().map(|b| plain_text(b))),
                ),
                code: None,
                owner_code: Some(&g.code),
                kind: DocKind::Part,
            });
        }
    }
}
