//! The sections of a manual's page as `section.html` reads them: each section's
//! body as plain values (its Markdown as a tree of blocks, the lists that
//! `generate:` sections draw from the manual), with the inline text already
//! rendered and escaped by `rich`, in the order the page shows it so that an
//! acronym is explained where it first appears.

use serde::Serialize;

use crate::diagram::orgchart;
use crate::document::{Block, Document, ManualDoc, SectionBody, SectionDoc, SiteUrl};

use super::pages::DateView;
use super::rich::PageWriter;
use super::svg;

/// A section of a manual's page: its number, title and anchor, and its body
/// under `kind` and that kind's values.
#[derive(Serialize)]
pub struct SectionView<'d> {
    number: usize,
    title: &'d str,
    anchor: &'d str,
    #[serde(flatten)]
    body: BodyView<'d>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum BodyView<'d> {
    /// Text written in Markdown.
    Markdown {
        blocks: Vec<BlockView>,
    },
    /// The first organization chart and a link to all of them.
    Orgchart {
        svg: Option<String>,
        orgchart_url: String,
    },
    /// Every unit of the manual, in order.
    Units {
        units: Vec<UnitItem<'d>>,
    },
    Procedures {
        entries: Vec<EntryItem<'d>>,
    },
    Forms {
        entries: Vec<EntryItem<'d>>,
    },
    Guides {
        entries: Vec<EntryItem<'d>>,
    },
    Glossary {
        terms: Vec<TermItem<'d>>,
    },
    /// The control de cambios: the manual's versions and what each changed.
    Changes {
        changes: Vec<ChangeItem<'d>>,
    },
}

/// A Markdown block. `html` values are inline text, already escaped; a list's
/// `items` are each a list of blocks.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum BlockView {
    Paragraph {
        html: String,
    },
    Heading {
        level: u8,
        html: String,
    },
    List {
        /// The first number of an ordered list; null for bullets.
        start: Option<u64>,
        items: Vec<Vec<BlockView>>,
    },
    Quote {
        blocks: Vec<BlockView>,
    },
    Code {
        text: String,
    },
    Table {
        head_html: Vec<String>,
        /// The headings as plain text: each cell's label when a narrow
        /// screen stacks the rows as cards.
        head_text: Vec<String>,
        rows_html: Vec<Vec<String>>,
    },
    Rule,
}

#[derive(Serialize)]
struct UnitItem<'d> {
    code: &'d str,
    name: &'d str,
    url: String,
    depth: usize,
    /// How many functions it has.
    functions: usize,
}

/// A procedure, form or guide in its manual's list.
#[derive(Serialize)]
struct EntryItem<'d> {
    code: &'d str,
    name: &'d str,
    url: String,
}

#[derive(Serialize)]
struct TermItem<'d> {
    term: &'d str,
    /// The term on the glossary page.
    url: String,
    expansion: Option<&'d str>,
    definition_html: Option<String>,
}

#[derive(Serialize)]
struct ChangeItem<'d> {
    version: &'d str,
    date: Option<DateView>,
    summary_html: String,
}

/// The view of section `s` of manual `m` on the page `w` writes.
pub fn section<'d>(
    doc: &'d Document,
    m: &'d ManualDoc,
    s: &'d SectionDoc,
    w: &mut PageWriter,
) -> SectionView<'d> {
    let body = match &s.body {
        SectionBody::Markdown(blocks) => BodyView::Markdown {
            blocks: blocks.iter().map(|b| block(b, w)).collect(),
        },
        SectionBody::OrgChart => BodyView::Orgchart {
            svg: orgchart::charts(m)
                .first()
                .map(|first| svg::orgchart(first, m, w, doc.lang, "org-front")),
            orgchart_url: w.url(&m.orgchart_url),
        },
        SectionBody::Units => BodyView::Units {
            units: m
                .units
                .iter()
                .map(|u| UnitItem {
                    code: &u.code,
                    name: &u.name,
                    url: w.url(&u.url),
                    depth: u.depth,
                    functions: u.functions.len(),
                })
                .collect(),
        },
        SectionBody::Procedures => BodyView::Procedures {
            entries: entries(w, m.procedures.iter().map(|p| (&p.url, &p.code, &p.name))),
        },
        SectionBody::Forms => BodyView::Forms {
            entries: entries(w, m.forms.iter().map(|f| (&f.url, &f.code, &f.name))),
        },
        SectionBody::Guides => BodyView::Guides {
            entries: entries(w, m.guides.iter().map(|g| (&g.url, &g.code, &g.name))),
        },
        SectionBody::Glossary => BodyView::Glossary {
            terms: doc
                .glossary
                .iter()
                .map(|t| TermItem {
                    term: &t.term,
                    url: w.url(&t.url),
                    expansion: t.expansion.as_deref(),
                    definition_html: t.definition.as_ref().map(|d| w.rich(d)),
                })
                .collect(),
        },
        SectionBody::Changes => BodyView::Changes {
            changes: m
                .changes
                .iter()
                .map(|c| ChangeItem {
                    version: &c.version,
                    date: c.date.map(|d| DateView::new(d, doc.lang)),
                    summary_html: w.rich(&c.summary),
                })
                .collect(),
        },
    };
    SectionView {
        number: s.number,
        title: &s.title,
        anchor: &s.anchor,
        body,
    }
}

fn entries<'d>(
    w: &PageWriter,
    list: impl Iterator<Item = (&'d SiteUrl, &'d String, &'d String)>,
) -> Vec<EntryItem<'d>> {
    list.map(|(url, code, name)| EntryItem {
        code,
        name,
        url: w.url(url),
    })
    .collect()
}

/// A Markdown block, its inline text rendered in reading order.
fn block(b: &Block, w: &mut PageWriter) -> BlockView {
    match b {
        Block::Paragraph(r) => BlockView::Paragraph { html: w.rich(r) },
        Block::Heading { level, text } => BlockView::Heading {
            level: *level,
            html: w.rich(text),
        },
        Block::List { start, items } => BlockView::List {
            start: *start,
            items: items
                .iter()
                .map(|item| item.iter().map(|b| block(b, w)).collect())
                .collect(),
        },
        Block::Quote(blocks) => BlockView::Quote {
            blocks: blocks.iter().map(|b| block(b, w)).collect(),
        },
        Block::Code(text) => BlockView::Code { text: text.clone() },
        Block::Table { head, rows } => BlockView::Table {
            head_html: head.iter().map(|cell| w.rich(cell)).collect(),
            head_text: head
                .iter()
                .map(|cell| crate::document::plain_text(cell))
                .collect(),
            rows_html: rows
                .iter()
                .map(|row| row.iter().map(|cell| w.rich(cell)).collect())
                .collect(),
        },
        Block::Rule => BlockView::Rule,
    }
}
