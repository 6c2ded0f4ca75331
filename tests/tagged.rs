//! Issue #19: the PDFs are tagged (PDF/UA-1 and PDF/A-2a). Each manual of the
//! example is built once and its structure tree read back with lopdf, as a
//! screen reader walks it: the headings in the outline's order, one list item
//! per function and inciso with its official label, head cells in tables,
//! figures described in words, links described, nothing drawn untagged, and
//! the standards claimed in the file's metadata.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::norma;
use common::tagged::{Element, Node, Tagged, untagged_painting};
use lopdf::{Document, Object};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example built once for every test here.
fn public() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let out = dir.join("public");
        let run = norma(root(), &["build", "--out", out.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
        out
    })
}

const PDFS: [&str; 4] = [
    "mo-dir/3.1/mo-dir-3.1.pdf",
    "mp-afil/1.0/mp-afil-1.0.pdf",
    "cf-afil/1.0/cf-afil-1.0.pdf",
    "gs-afil/1.0/gs-afil-1.0.pdf",
];

fn load(path: &str) -> Document {
    Document::load(public().join(path)).unwrap()
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn child_elements(e: &Element) -> impl Iterator<Item = &Element> {
    e.children.iter().filter_map(|c| match c {
        Node::Element(e) => Some(e),
        _ => None,
    })
}

#[test]
fn every_pdf_claims_its_standards_and_draws_nothing_untagged() {
    for path in PDFS {
        let doc = load(path);
        let catalog = doc.catalog().unwrap();
        let mark = catalog
            .get(b"MarkInfo")
            .and_then(|m| doc.dereference(m))
            .and_then(|(_, m)| m.as_dict())
            .unwrap();
        assert_eq!(
            mark.get(b"Marked").unwrap(),
            &Object::Boolean(true),
            "{path}"
        );
        assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"es-MX");
        let preferences = catalog
            .get(b"ViewerPreferences")
            .and_then(|m| doc.dereference(m))
            .and_then(|(_, m)| m.as_dict())
            .unwrap();
        assert_eq!(
            preferences.get(b"DisplayDocTitle").unwrap(),
            &Object::Boolean(true)
        );
        assert!(
            catalog.get(b"OutputIntents").is_ok(),
            "{path}: no output intent"
        );
        // The XMP packet declares PDF/UA-1 and PDF/A-2a.
        let metadata = catalog
            .get(b"Metadata")
            .and_then(|m| m.as_reference())
            .and_then(|m| doc.get_object(m))
            .and_then(|m| m.as_stream())
            .unwrap();
        let xmp = String::from_utf8_lossy(&metadata.content).into_owned();
        let claims = |what: &str, value: &str| {
            xmp.contains(&format!("<{what}>{value}</{what}>"))
                || xmp.contains(&format!("{what}=\"{value}\""))
        };
        assert!(claims("pdfuaid:part", "1"), "{path}: {xmp}");
        assert!(claims("pdfaid:part", "2"), "{path}");
        assert!(claims("pdfaid:conformance", "A"), "{path}");
        assert!(xmp.contains("dc:title"), "{path}");
        // Every link says where it goes: its words, or its /Alt.
        let tagged = Tagged::read(&doc);
        for (_, e) in tagged.walk() {
            if e.kind == "Link" {
                assert!(
                    e.alt.is_some() || !tagged.text_of(e).is_empty(),
                    "{path}: a link with neither words nor /Alt"
                );
            }
        }
        for (n, page) in doc.get_pages() {
            let loose = untagged_painting(&doc, page);
            assert!(
                loose.is_empty(),
                "{path} page {n} draws untagged: {loose:?}"
            );
            let page = doc.get_dictionary(page).unwrap();
            let annotations = page.get(b"Annots").and_then(|a| doc.dereference(a));
            if let Ok((_, Object::Array(annotations))) = annotations {
                assert_eq!(
                    page.get(b"Tabs").unwrap().as_name().unwrap(),
                    b"S",
                    "{path} page {n}"
                );
                for a in annotations {
                    let (_, a) = doc.dereference(a).unwrap();
                    let text = a
                        .as_dict()
                        .unwrap()
                        .get(b"Contents")
                        .ok()
                        .and_then(|c| lopdf::decode_text_string(c).ok())
                        .unwrap_or_default();
                    assert!(
                        !text.trim().is_empty(),
                        "{path} page {n}: a link without words"
                    );
                }
            }
        }
    }
}

#[test]
fn headings_follow_the_outline_and_never_skip_a_level() {
    for path in PDFS {
        let doc = load(path);
        let tagged = Tagged::read(&doc);
        let headings: Vec<(u8, String)> = tagged
            .walk()
            .into_iter()
            .filter_map(|(_, e)| {
                let level = e.kind.strip_prefix('H')?.parse::<u8>().ok()?;
                Some((level, e.title.clone().unwrap_or_default()))
            })
            .collect();
        assert_eq!(headings[0].0, 1, "{path}: the manual's title first");
        let mut last = 0;
        for (level, title) in &headings {
            assert!(!title.trim().is_empty(), "{path}: a heading without words");
            assert!(
                *level <= last + 1,
                "{path}: “{title}” is H{level} after H{last}"
            );
            last = *level;
        }
        // The top of the outline is the manual's H2 headings, in order.
        let catalog = doc.catalog().unwrap();
        let outlines = catalog
            .get(b"Outlines")
            .and_then(|o| doc.dereference(o))
            .and_then(|(_, o)| o.as_dict())
            .unwrap();
        let mut top = Vec::new();
        let mut next = outlines.get(b"First").ok().cloned();
        while let Some(item) = next {
            let (_, item) = doc.dereference(&item).unwrap();
            let item = item.as_dict().unwrap();
            top.push(lopdf::decode_text_string(item.get(b"Title").unwrap()).unwrap());
            next = item.get(b"Next").ok().cloned();
        }
        let h2: Vec<String> = headings
            .iter()
            .filter(|(l, _)| *l == 2)
            .map(|(_, t)| t.clone())
            .collect();
        assert_eq!(h2, top, "{path}");
    }
}

#[test]
fn every_function_and_inciso_is_a_list_item_with_its_official_label() {
    let doc = load(PDFS[0]);
    let tagged = Tagged::read(&doc);
    let walk = tagged.walk();
    // The list items of the units' part, in reading order: (label, text).
    let start = walk
        .iter()
        .position(|(_, e)| e.kind == "H2" && e.title.as_deref() == Some("7. Funciones"))
        .expect("the units' part");
    let end = walk[start + 1..]
        .iter()
        .position(|(_, e)| e.kind == "H2")
        .map_or(walk.len(), |p| start + 1 + p);
    let mut items: Vec<(String, String)> = Vec::new();
    for (_, e) in &walk[start..end] {
        if e.kind != "LI" {
            continue;
        }
        let kids: Vec<&Element> = child_elements(e).collect();
        assert_eq!(
            kids.iter().map(|k| k.kind.as_str()).collect::<Vec<_>>(),
            ["Lbl", "LBody"],
            "a list item is its label and its body"
        );
        items.push((tagged.text_of(kids[0]), tagged.text_of(kids[1])));
    }
    // Functions and incisos are lists of their own, the incisos' right after
    // their function's item.
    for (_, e) in &walk[start..end] {
        if e.kind == "L" {
            assert!(child_elements(e).all(|c| c.kind == "LI" || c.kind == "L"));
        }
    }
    // The seeds, transcribed from the authorized manual, read back in order
    // with their numbers and letters.
    let seeds = common::seeds::seed_lines();
    let mut at = 0;
    for seed in &seeds {
        let label = match &seed.inciso {
            Some(letter) => format!("{letter})"),
            None => format!("{}.", seed.function),
        };
        let text = squash(&seed.text);
        let found = items[at..]
            .iter()
            .position(|(l, t)| *l == label && *t == text)
            .unwrap_or_else(|| {
                panic!(
                    "{} {label} of {} is not read back in order: {text}\nnext items: {:?}",
                    if seed.inciso.is_some() {
                        "inciso"
                    } else {
                        "function"
                    },
                    seed.unit,
                    &items[at..(at + 3).min(items.len())]
                )
            });
        at += found + 1;
    }
    assert!(seeds.len() > 40, "{} seed lines", seeds.len());
}

#[test]
fn tables_have_head_cells_and_figures_say_what_they_show() {
    let mut tables = 0;
    let mut figures = 0;
    for path in PDFS {
        let doc = load(path);
        let tagged = Tagged::read(&doc);
        for (_, e) in tagged.walk() {
            match e.kind.as_str() {
                "Table" => {
                    tables += 1;
                    fn cells<'a>(e: &'a Element, out: &mut Vec<&'a Element>) {
                        for c in child_elements(e) {
                            if c.kind == "TH" || c.kind == "TD" {
                                out.push(c);
                            } else {
                                cells(c, out);
                            }
                        }
                    }
                    let mut all = Vec::new();
                    cells(e, &mut all);
                    let heads: Vec<&&Element> = all.iter().filter(|c| c.kind == "TH").collect();
                    assert!(!heads.is_empty(), "{path}: a table without head cells");
                    assert!(
                        heads.iter().all(|h| h.scope.is_some()),
                        "{path}: a head cell without /Scope"
                    );
                    assert!(
                        heads.iter().any(|h| !tagged.text_of(h).is_empty()),
                        "{path}: head cells without words"
                    );
                }
                "Figure" => {
                    figures += 1;
                    let alt = e.alt.clone().unwrap_or_default();
                    assert!(alt.len() > 40, "{path}: a figure without its description");
                }
                _ => {}
            }
        }
    }
    assert!(tables >= 8, "{tables} tables");
    assert!(figures >= 3, "{figures} figures");
    // The organization chart names every unit it draws and whom it reports to.
    let tagged = Tagged::read(&load(PDFS[0]));
    let chart = tagged
        .walk()
        .into_iter()
        .find(|(_, e)| e.kind == "Figure")
        .map(|(_, e)| e.alt.clone().unwrap())
        .unwrap();
    for code in ["7.1 ", "7.2 ", "7.3.1 "] {
        assert!(chart.contains(code), "{code} in {chart}");
    }
    assert!(
        chart.contains("7.2 Unidad de Incorporación al Seguro Social, depende de 7.1"),
        "{chart}"
    );
}

#[test]
fn the_draft_mark_header_and_page_numbers_are_not_read() {
    let doc = load(PDFS[0]);
    let tagged = Tagged::read(&doc);
    let mut read = String::new();
    for e in &tagged.root {
        read.push_str(&tagged.text_of(e));
        read.push(' ');
    }
    assert!(!read.contains("Página 2 de"), "a page number is read");
    assert!(
        !read.contains("MANUAL DE ORGANIZACIÓN DE LA DIRECCIÓN DE INCORPORACIÓN Y RECAUDACIÓN"),
        "the running header is read"
    );
    let first = &common::seeds::seed_lines()[0];
    assert!(
        read.contains(&squash(&first.text)),
        "the functions are read"
    );
}

#[test]
fn the_contents_list_every_procedure_form_and_guide_by_its_clave() {
    let checked = norma::check_project(root()).expect("the example loads");
    let doc = norma::resolve::resolve(
        &checked.project,
        norma::date::today(),
        norma::resolve::Scope::everyone(false),
    );
    let mut listed = 0;
    for manual in &doc.manuals {
        let Some(pdf) = &manual.pdf else { continue };
        let tagged = Tagged::read(&load(&pdf.path));
        let contents: Vec<String> = tagged
            .walk()
            .into_iter()
            .filter(|(_, e)| e.kind == "TOCI")
            .map(|(_, e)| tagged.text_of(e))
            .collect();
        let entries = manual
            .procedures
            .iter()
            .map(|p| (&p.code, &p.name))
            .chain(manual.forms.iter().map(|f| (&f.code, &f.name)))
            .chain(manual.guides.iter().map(|g| (&g.code, &g.name)));
        for (code, name) in entries {
            let first_words: String = name
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                contents
                    .iter()
                    .any(|c| c.starts_with(code.as_str()) && c.contains(&first_words)),
                "{} lists no {code} {name}: {contents:?}",
                pdf.path
            );
            listed += 1;
        }
    }
    assert!(listed >= 6, "{listed} entries");
}

#[test]
fn a_signatory_name_is_set_on_one_line() {
    let checked = norma::check_project(root()).expect("the example loads");
    let doc = norma::resolve::resolve(
        &checked.project,
        norma::date::today(),
        norma::resolve::Scope::everyone(false),
    );
    let mut names = 0;
    for manual in &doc.manuals {
        let Some(pdf) = &manual.pdf else { continue };
        let text = common::page_text(&load(&pdf.path), 2);
        for signature in &manual.signatures {
            assert!(
                text.lines().any(|l| l.trim() == signature.name),
                "{}: “{}” is broken: {text}",
                pdf.path,
                signature.name
            );
            names += 1;
        }
    }
    assert!(names >= 3);
}
