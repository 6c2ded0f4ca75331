//! A tagged PDF's structure tree read back with lopdf, as a screen reader
//! walks it: each element with its type, its attributes and, in order, its
//! children and the text of its marked content.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

/// A structure element.
#[derive(Debug, Clone)]
pub struct Element {
    /// "H2", "LI", "Figure" …
    pub kind: String,
    /// /Alt, /T (a heading's title), /Scope of a table cell, /ActualText.
    pub alt: Option<String>,
    pub title: Option<String>,
    pub scope: Option<String>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    /// Marked content: the page (0-based) and its MCID.
    Content(usize, i64),
    /// An annotation (a link's clickable area).
    Annotation(ObjectId),
}

/// The whole tree (the Document element's children) and the text of each
/// marked content, by (page, MCID), with the baseline it starts on.
pub struct Tagged {
    pub root: Vec<Element>,
    pub text: BTreeMap<(usize, i64), (f32, String)>,
}

fn string(doc: &Document, o: Option<&Object>) -> Option<String> {
    let o = o?;
    let (_, o) = doc.dereference(o).ok()?;
    lopdf::decode_text_string(o).ok()
}

fn name(o: Option<&Object>) -> Option<String> {
    Some(String::from_utf8_lossy(o?.as_name().ok()?).into_owned())
}

impl Tagged {
    pub fn read(doc: &Document) -> Tagged {
        let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
        let index: BTreeMap<ObjectId, usize> =
            pages.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let catalog = doc.catalog().unwrap();
        let root = catalog
            .get(b"StructTreeRoot")
            .and_then(|r| doc.dereference(r))
            .and_then(|(_, r)| r.as_dict())
            .expect("a structure tree");
        let mut elements = Vec::new();
        for kid in kids(doc, root.get(b"K").ok()) {
            if let Some(Node::Element(e)) = node(doc, &kid, None, &index) {
                // The Document element's children.
                if e.kind == "Document" {
                    elements.extend(e.children.into_iter().filter_map(|c| match c {
                        Node::Element(e) => Some(e),
                        _ => None,
                    }));
                } else {
                    elements.push(e);
                }
            }
        }
        let mut text = BTreeMap::new();
        for (i, page) in pages.iter().enumerate() {
            marked_text(doc, *page, i, &mut text);
        }
        Tagged {
            root: elements,
            text,
        }
    }

    /// Every element in reading order (depth first), with its depth.
    pub fn walk(&self) -> Vec<(usize, &Element)> {
        fn go<'a>(e: &'a Element, depth: usize, out: &mut Vec<(usize, &'a Element)>) {
            out.push((depth, e));
            for c in &e.children {
                if let Node::Element(c) = c {
                    go(c, depth + 1, out);
                }
            }
        }
        let mut out = Vec::new();
        for e in &self.root {
            go(e, 0, &mut out);
        }
        out
    }

    /// The text of an element as read aloud: its marked content in order,
    /// runs on one baseline joined, lines joined by `common::join_pdf_lines`,
    /// spaces collapsed.
    pub fn text_of(&self, e: &Element) -> String {
        let mut runs: Vec<&(f32, String)> = Vec::new();
        fn collect<'a>(t: &'a Tagged, e: &Element, runs: &mut Vec<&'a (f32, String)>) {
            for c in &e.children {
                match c {
                    Node::Element(c) => collect(t, c, runs),
                    Node::Content(page, mcid) => runs.extend(t.text.get(&(*page, *mcid))),
                    Node::Annotation(_) => {}
                }
            }
        }
        collect(self, e, &mut runs);
        let mut lines = String::new();
        let mut last: Option<f32> = None;
        for (y, text) in runs {
            if last.is_some_and(|l| (l - y).abs() > 0.01) {
                lines.push('\n');
            }
            lines.push_str(text);
            last = Some(*y);
        }
        let mut joined = String::new();
        super::join_pdf_lines(&mut joined, &lines);
        joined.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

fn kids(doc: &Document, k: Option<&Object>) -> Vec<Object> {
    match k.map(|k| doc.dereference(k).map(|(_, o)| o.clone())) {
        Some(Ok(Object::Array(a))) => a,
        Some(Ok(o)) => vec![o],
        _ => Vec::new(),
    }
}

fn node(
    doc: &Document,
    object: &Object,
    page: Option<usize>,
    index: &BTreeMap<ObjectId, usize>,
) -> Option<Node> {
    if let Ok(mcid) = object.as_i64() {
        return Some(Node::Content(page?, mcid));
    }
    let reference = object.as_reference().ok();
    let (_, object) = doc.dereference(object).ok()?;
    let d = object.as_dict().ok()?;
    let page = d
        .get(b"Pg")
        .ok()
        .and_then(|p| p.as_reference().ok())
        .and_then(|p| index.get(&p).copied())
        .or(page);
    match name(d.get(b"Type").ok()).as_deref() {
        Some("MCR") => {
            return Some(Node::Content(page?, d.get(b"MCID").ok()?.as_i64().ok()?));
        }
        Some("OBJR") => {
            return Some(Node::Annotation(d.get(b"Obj").ok()?.as_reference().ok()?));
        }
        _ => {}
    }
    let _ = reference;
    let kind = name(d.get(b"S").ok())?;
    let scope = d
        .get(b"A")
        .ok()
        .and_then(|a| doc.dereference(a).ok())
        .and_then(|(_, a)| match a {
            Object::Array(list) => list.iter().find_map(|a| {
                let (_, a) = doc.dereference(a).ok()?;
                name(a.as_dict().ok()?.get(b"Scope").ok())
            }),
            Object::Dictionary(a) => name(a.get(b"Scope").ok()),
            _ => None,
        });
    let children = kids(doc, d.get(b"K").ok())
        .iter()
        .filter_map(|k| node(doc, k, page, index))
        .collect();
    Some(Node::Element(Element {
        kind,
        alt: string(doc, d.get(b"Alt").ok()),
        title: string(doc, d.get(b"T").ok()),
        scope,
        children,
    }))
}

/// The text of each marked content of a page and the baseline it starts on.
fn marked_text(
    doc: &Document,
    page: ObjectId,
    index: usize,
    out: &mut BTreeMap<(usize, i64), (f32, String)>,
) {
    let faces = super::faces(doc, page);
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    let mut open: Vec<Option<i64>> = Vec::new();
    let mut face = None;
    let mut y = 0.0;
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" => open.push(
                op.operands
                    .get(1)
                    .and_then(|p| p.as_dict().ok())
                    .and_then(|p| p.get(b"MCID").ok())
                    .and_then(|m| m.as_i64().ok()),
            ),
            "BMC" => open.push(None),
            "EMC" => {
                open.pop();
            }
            "Tf" => {
                face = op
                    .operands
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| faces.get(n));
            }
            "Tm" => y = op.operands.get(5).and_then(super::number).unwrap_or(0.0),
            "Tj" | "TJ" => {
                let Some(Some(mcid)) = open.iter().rev().find(|m| m.is_some()) else {
                    continue;
                };
                let Some((encoding, _)) = face else { continue };
                let strings: Vec<&Object> = match op.operands.first() {
                    Some(Object::Array(a)) => a.iter().collect(),
                    Some(o) => vec![o],
                    None => Vec::new(),
                };
                let entry = out
                    .entry((index, *mcid))
                    .or_insert_with(|| (y, String::new()));
                for s in strings {
                    if let Object::String(bytes, _) = s {
                        entry
                            .1
                            .push_str(&Document::decode_text(encoding, bytes).unwrap_or_default());
                    }
                }
            }
            _ => {}
        }
    }
}

/// The painting operators of a page drawn outside any marked content (which
/// a tagged PDF must not have): their names, in order.
pub fn untagged_painting(doc: &Document, page: ObjectId) -> Vec<String> {
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    let mut depth = 0usize;
    let mut out = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" | "BMC" => depth += 1,
            "EMC" => depth = depth.saturating_sub(1),
            "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "Tj" | "TJ" | "'" | "\""
            | "Do" | "sh"
                if depth == 0 =>
            {
                out.push(op.operator.clone())
            }
            _ => {}
        }
    }
    out
}
