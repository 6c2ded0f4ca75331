//! The example manual's PDF read back with lopdf, no system tool needed: every
//! function and inciso is there verbatim (hyphenated line ends joined), every
//! page after the cover has the running header and "Página N de M", the fonts
//! are embedded subsets mapped to Unicode, the outline is nested, every
//! internal link lands on a page of the document, and a draft has BORRADOR
//! across every page.

mod common;

use std::path::{Path, PathBuf};

use common::norma;
use lopdf::{Document, Object};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn build(project: &Path, out: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend(extra);
    let run = norma(project, &args);
    assert_eq!(run.code, 0, "build failed:\n{}\n{}", run.stdout, run.stderr);
    run
}

fn example_pdf(out: &Path) -> PathBuf {
    out.join("mo-dir/3.1/mo-dir-3.1.pdf")
}

/// Each page's text, its lines joined where a word was hyphenated at the end
/// of a line, and its spaces collapsed.
fn page_texts(doc: &Document) -> Vec<String> {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages
        .iter()
        .map(|&n| {
            let text = common::page_text(doc, n);
            let mut joined = String::new();
            common::join_pdf_lines(&mut joined, &text);
            joined.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// The whole document's text, pages joined the way lines are.
fn whole_text(pages: &[String]) -> String {
    let mut out = String::new();
    // Whether the last page ended inside a word (cut with a soft hyphen, which
    // joined the footer to it).
    let mut cut = false;
    for page in pages {
        // Running header and footer are not part of the flow of the text.
        let body = page.replace(
            "MANUAL DE ORGANIZACIÓN DE LA DIRECCIÓN DE INCORPORACIÓN Y RECAUDACIÓN",
            "",
        );
        let (body, glued) = match body.find("Clave: 9000-002-001 · Versión 3.1") {
            Some(at) => {
                let before = &body[..at];
                let glued = before.chars().last().is_some_and(|c| !c.is_whitespace());
                (before.to_owned(), glued)
            }
            None => (body, false),
        };
        let body = body.trim();
        if cut {
            // The word goes on here.
        } else if out.ends_with('-') && body.chars().next().is_some_and(char::is_lowercase) {
            out.pop();
        } else if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(body);
        cut = glued;
    }
    out
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_function_and_inciso_of_the_example_is_in_its_pdf_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = build(root(), &out, &[]);
    assert!(run.stdout.contains(" 4 PDF"), "{}", run.stdout);
    let doc = Document::load(example_pdf(&out)).expect("the PDF reads back");
    let text = whole_text(&page_texts(&doc));

    let checked = norma::check_project(root()).unwrap();
    let document = norma::resolve::resolve(
        &checked.project,
        norma::date::today(),
        norma::resolve::Scope::everyone(false),
    );
    let manual = document
        .manuals
        .iter()
        .find(|m| m.id == "mo-dir")
        .expect("the organization manual");
    let mut count = 0;
    for unit in &manual.units {
        assert!(
            text.contains(&format!("{} {}", unit.code, unit.name)),
            "unit {} is not headed by its code and name",
            unit.code
        );
        for f in &unit.functions {
            let expected = format!(
                "{}. {}",
                f.number,
                squash(&norma::document::plain_text(&f.text))
            );
            assert!(
                text.contains(&expected),
                "function {} of {} is not in the PDF as written:\n{expected}",
                f.number,
                unit.code
            );
            count += 1;
            for i in &f.items {
                let expected = format!(
                    "{}) {}",
                    i.label,
                    squash(&norma::document::plain_text(&i.text))
                );
                assert!(
                    text.contains(&expected),
                    "inciso {}) of function {} of {} is not in the PDF:\n{expected}",
                    i.label,
                    f.number,
                    unit.code
                );
                count += 1;
            }
        }
    }
    assert!(count > 60, "only {count} functions and incisos");

    // The seeds, transcribed from the authorized manual, word for word.
    for line in common::seeds::seed_lines() {
        assert!(
            text.contains(&squash(&line.text)),
            "seed text of {} function {} is missing:\n{}",
            line.unit,
            line.function,
            line.text
        );
    }
}

#[test]
fn every_page_after_the_cover_has_the_header_and_its_page_number() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(root(), &out, &[]);
    let doc = Document::load(example_pdf(&out)).unwrap();
    let pages = page_texts(&doc);
    let total = pages.len();
    assert!(total >= 10, "{total} pages");
    assert!(!pages[0].contains("Página 1 de"), "the cover has no footer");
    assert!(pages[0].contains("Versión 3.1") && pages[0].contains("9000-002-001"));
    for (n, page) in pages.iter().enumerate().skip(1) {
        assert!(
            page.contains("MANUAL DE ORGANIZACIÓN DE LA DIRECCIÓN DE INCORPORACIÓN Y RECAUDACIÓN"),
            "page {} lacks the running header",
            n + 1
        );
        assert!(
            page.contains(&format!("Página {} de {total}", n + 1)),
            "page {} lacks its number: {page}",
            n + 1
        );
        assert!(page.contains("Clave: 9000-002-001 · Versión 3.1"));
    }
    // The contents give the page where each unit starts.
    let contents = pages
        .iter()
        .position(|p| {
            p.starts_with(
                "MANUAL DE ORGANIZACIÓN DE LA DIRECCIÓN DE INCORPORACIÓN Y RECAUDACIÓN Contenido",
            )
        })
        .expect("a contents page");
    let line = pages[contents]
        .split("7.3.1.1 División de Registro y Administración de Aplicaciones")
        .nth(1)
        .expect("the contents list 7.3.1.1");
    let page: usize = line
        .split_whitespace()
        .find_map(|w| w.parse().ok())
        .expect("a page number after the entry");
    assert!(
        pages[page - 1].contains("7.3.1.1 División de Registro y Administración de Aplicaciones"),
        "the contents send 7.3.1.1 to page {page}"
    );
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> &'a lopdf::Dictionary {
    match object {
        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

#[test]
fn fonts_are_embedded_subsets_with_unicode_maps_and_the_metadata_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(root(), &out, &[]);
    let doc = Document::load(example_pdf(&out)).unwrap();
    let mut fonts = 0;
    for object in doc.objects.values() {
        let Ok(font) = object.as_dict() else { continue };
        if font.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font".as_slice())
            || font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice())
        {
            continue;
        }
        fonts += 1;
        let name =
            String::from_utf8_lossy(font.get(b"BaseFont").unwrap().as_name().unwrap()).into_owned();
        let tag = name.split('+').next().unwrap();
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()) && name.contains('+'),
            "{name} is not named as a subset"
        );
        assert!(font.has(b"ToUnicode"), "{name} has no Unicode map");
        let descendant = match font.get(b"DescendantFonts").unwrap() {
            Object::Array(a) => dict(&doc, &a[0]),
            other => dict(&doc, other),
        };
        let descriptor = dict(&doc, descendant.get(b"FontDescriptor").unwrap());
        assert!(descriptor.has(b"FontFile2"), "{name} is not embedded");
    }
    assert!(fonts >= 3, "regular, bold and italic at least: {fonts}");

    let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
    let text = |key: &[u8]| -> String {
        let bytes = info.get(key).unwrap().as_str().unwrap();
        lopdf::decode_text_string(info.get(key).unwrap())
            .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned())
    };
    assert_eq!(
        text(b"Title"),
        "Manual de Organización de la Dirección de Incorporación y Recaudación"
    );
    assert_eq!(text(b"Author"), "Instituto Mexicano del Seguro Social");
    assert_eq!(text(b"Subject"), "9000-002-001");
    assert_eq!(
        text(b"CreationDate"),
        "D:20250314000000Z",
        "the authorization date"
    );
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"es-MX");
}

#[test]
fn the_outline_is_nested_and_every_internal_link_lands_on_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(root(), &out, &[]);
    let doc = Document::load(example_pdf(&out)).unwrap();
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();

    // The outline: sections at the top, units nested under "7. Funciones".
    let catalog = doc.catalog().unwrap();
    let outlines = dict(&doc, catalog.get(b"Outlines").unwrap());
    let mut titles = Vec::new();
    fn walk(doc: &Document, item: &Object, depth: usize, titles: &mut Vec<(usize, String)>) {
        let mut next = Some(item.clone());
        while let Some(current) = next {
            let d = dict(doc, &current);
            let title = lopdf::decode_text_string(d.get(b"Title").unwrap()).unwrap();
            titles.push((depth, title));
            if let Ok(first) = d.get(b"First") {
                walk(doc, first, depth + 1, titles);
            }
            next = d.get(b"Next").ok().cloned();
        }
    }
    walk(&doc, outlines.get(b"First").unwrap(), 0, &mut titles);
    assert!(
        titles.contains(&(0, "7. Funciones".to_owned())),
        "{titles:?}"
    );
    assert!(
        titles.contains(&(
            3,
            "7.3.1.1 División de Registro y Administración de Aplicaciones".to_owned()
        )),
        "{titles:?}"
    );

    // Links: the contents and the references in the text jump inside the
    // document, to one of its pages.
    let mut internal = 0;
    for page in &pages {
        let page = doc.get_dictionary(*page).unwrap();
        let annots = page.get(b"Annots").and_then(|a| doc.dereference(a));
        let Ok((_, Object::Array(annots))) = annots else {
            continue;
        };
        for annot in annots {
            let annot = dict(&doc, annot);
            // A jump is a destination, or an action that goes to one.
            let action = annot.get(b"A").ok().map(|a| dict(&doc, a));
            let dest = annot
                .get(b"Dest")
                .ok()
                .or_else(|| action.and_then(|a| a.get(b"D").ok()))
                .and_then(|d| doc.dereference(d).ok())
                .map(|(_, d)| d);
            if let Some(Object::Array(dest)) = dest {
                let target = dest[0].as_reference().unwrap();
                assert!(
                    pages.contains(&target),
                    "a link to a page that is not there"
                );
                internal += 1;
            }
        }
    }
    // Each contents entry and each organization chart box, at least.
    assert!(internal >= 20, "only {internal} internal links");
}

#[test]
fn a_draft_is_marked_on_every_page_and_no_pdf_means_none() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    common::copy_dir(root().join("content").as_path(), &project.join("content"));
    std::fs::copy(root().join("norma.yaml"), project.join("norma.yaml")).unwrap();
    let manual = project.join("content/mo-dir/manual.yaml");
    let yaml = std::fs::read_to_string(&manual).unwrap();
    std::fs::write(&manual, yaml.replace("status: published", "status: draft")).unwrap();
    let out = dir.path().join("public");
    build(&project, &out, &["--drafts"]);
    let doc = Document::load(example_pdf(&out)).unwrap();
    // The mark is drawn as shapes on every page, tagged as a watermark (an
    // artifact), and is not text: it must not turn up in what a reader
    // copies or searches.
    for (n, (_, page)) in doc.get_pages().into_iter().enumerate() {
        let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
        let ops = &content.operations;
        let mark = ops.iter().position(|op| {
            op.operator == "BDC"
                && op.operands.get(1).is_some_and(|p| {
                    p.as_dict()
                        .ok()
                        .and_then(|d| d.get(b"Subtype").ok())
                        .and_then(|s| s.as_name().ok())
                        == Some(b"Watermark".as_slice())
                })
        });
        let mark = mark.unwrap_or_else(|| panic!("page {} is not marked", n + 1));
        let end = mark
            + ops[mark..]
                .iter()
                .position(|op| op.operator == "EMC")
                .unwrap();
        let drawn = &ops[mark..end];
        assert!(
            drawn.iter().any(|op| op.operator == "f"),
            "page {}: the mark is filled shapes",
            n + 1
        );
        assert!(
            !drawn
                .iter()
                .any(|op| op.operator == "TJ" || op.operator == "Tj"),
            "page {}: the mark is not text",
            n + 1
        );
    }
    let texts = page_texts(&doc);
    assert!(texts.iter().all(|t| !t.contains("BORRADOR")));
    assert!(
        texts[1].contains("es un borrador: no ha sido autorizado"),
        "{}",
        texts[1]
    );

    let plain = dir.path().join("plain");
    let run = build(root(), &plain, &["--no-pdf"]);
    assert!(run.stdout.contains(" 0 PDF"), "{}", run.stdout);
    assert!(!example_pdf(&plain).exists());
    assert!(plain.join("mo-dir/3.1/index.html").exists());
}
