//! What the search index holds: one document per function and inciso, glossary
//! term and Markdown section, with its title, context and address.

use crate::document::*;
use crate::search::{DocKind, SearchDoc};

/// What the search finds: glossary terms, the front sections written in
/// Markdown, units and functions (with their incisos).
pub(super) fn search_docs(doc: &Document) -> Vec<SearchDoc> {
    let lang = doc.lang;
    let mut out = Vec::new();
    let glossary = lang.t("Glosario", "Glossary");
    for t in &doc.glossary {
        out.push(SearchDoc {
            url: format!("{}#{}", t.url.path, t.anchor),
            title: t.term.clone(),
            context: glossary.clone(),
            text: [
                t.expansion.clone().unwrap_or_default(),
                t.definition
                    .as_ref()
                    .map(|d| plain_text(d))
                    .unwrap_or_default(),
            ]
            .join(" ")
            .trim()
            .to_owned(),
            kind: DocKind::Term,
        });
    }
    for m in &doc.manuals {
        let context_line = format!(
            "{} · {} {}",
            m.title,
            lang.t("versión", "version"),
            m.version
        );
        for s in &m.sections {
            if let SectionBody::Markdown(blocks) = &s.body {
                out.push(SearchDoc {
                    url: format!("{}#{}", m.url.path, s.anchor),
                    title: format!("{}. {}", s.number, s.title),
                    context: context_line.clone(),
                    text: crate::document::plain_text_of(blocks),
                    kind: DocKind::Section,
                });
            }
        }
        for u in &m.units {
            out.push(SearchDoc {
                url: u.url.path.clone(),
                title: format!("{} {}", u.code, u.name),
                context: context_line.clone(),
                text: u
                    .objective
                    .as_ref()
                    .map(|o| plain_text(o))
                    .unwrap_or_default(),
                kind: DocKind::Unit,
            });
            let unit_context = format!("{} · {}", u.name, context_line);
            for f in &u.functions {
                let mut text = plain_text(&f.text);
                for i in &f.items {
                    text.push_str(&format!(" {}) {}", i.label, plain_text(&i.text)));
                }
                out.push(SearchDoc {
                    url: format!("{}#{}", u.url.path, f.anchor),
                    title: format!(
                        "{} · {} {}",
                        u.code,
                        lang.t("Función", "Function"),
                        f.number
                    ),
                    context: unit_context.clone(),
                    text,
                    kind: DocKind::Function,
                });
            }
        }
    }
    out
}
