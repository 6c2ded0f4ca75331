//! Procedures, forms and supervision guides of the example project, in the
//! site and in the PDFs: the flowchart's SVG holds every lane, step and
//! decision; the printed procedure holds the same; a form's and a guide's page
//! and PDF hold every label, instruction and option of the scale; references
//! are listed on their targets.

mod common;

use std::path::Path;

use common::norma;
use norma::document::{Document, ManualDoc, plain_text};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn resolved() -> Document {
    let checked = norma::check_project(root()).expect("the example loads");
    norma::resolve::resolve(
        &checked.project,
        norma::date::today(),
        norma::resolve::Scope::everyone(false),
    )
}

fn manual<'d>(doc: &'d Document, id: &str) -> &'d ManualDoc {
    doc.manuals.iter().find(|m| m.id == id).expect(id)
}

/// Text as the page holds it: entities undone, spaces collapsed.
fn unescape(html: &str) -> String {
    let text = html
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    squash(&text)
}

/// The page's text without its tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A PDF's text, lines joined (a hyphen at a line's end before a lowercase
/// letter joins the word), spaces collapsed.
fn pdf_text(path: &Path) -> String {
    let doc = lopdf::Document::load(path).expect("the PDF reads back");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut joined = String::new();
    for n in pages {
        let text = common::page_text(&doc, n);
        common::join_pdf_lines(&mut joined, &text);
    }
    squash(&joined)
}

fn build(out: &Path, extra: &[&str]) {
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend(extra);
    let run = norma(root(), &args);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
}

#[test]
fn a_procedure_page_draws_every_lane_step_and_decision_in_its_svg() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&out, &["--no-pdf"]);
    let doc = resolved();
    let m = manual(&doc, "mp-afil");
    assert!(m.procedures.iter().any(|p| p.steps.len() >= 40));
    for p in &m.procedures {
        let html = std::fs::read_to_string(out.join(&p.url.path)).unwrap();
        let start = html.find("<svg xmlns").expect("an inline SVG");
        let end = start + html[start..].find("</svg>").unwrap();
        let svg = &html[start..end];
        assert!(svg.contains("<title id="), "the chart has a title");
        assert!(svg.contains("<desc id="), "the chart has a description");
        let text = unescape(svg);
        assert_eq!(
            svg.matches("class=\"lane\"").count(),
            p.actors.len(),
            "one lane per actor in {}",
            p.code
        );
        for (_, name) in &p.actors {
            assert!(text.contains(name.as_str()), "lane {name} in {}", p.code);
        }
        for s in &p.steps {
            let full = format!("{}. {}", s.number, squash(&plain_text(&s.action)));
            assert!(text.contains(&full), "step {} of {}", s.number, p.code);
            if let Some((question, branches)) = &s.decision {
                assert!(text.contains(&squash(&plain_text(question))));
                for (when, _) in branches {
                    // The answer, wrapped under the diamond: its first word.
                    let first = when.split_whitespace().next().unwrap();
                    assert!(text.contains(first), "branch {when} of step {}", s.number);
                }
            }
        }
        // Every arrow starts and ends on a point of the chart.
        assert!(!svg.contains("NaN"));
    }
}

#[test]
fn the_printed_manuals_hold_every_step_label_instruction_and_option() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&out, &[]);
    let doc = resolved();

    let m = manual(&doc, "mp-afil");
    let text = pdf_text(&out.join(m.pdf.as_ref().unwrap().path.as_str()));
    for p in &m.procedures {
        assert!(text.contains(&format!("{} {}", p.code, p.name)));
        for (_, name) in &p.actors {
            assert!(text.contains(name.as_str()), "actor {name}");
        }
        for s in &p.steps {
            assert!(
                text.contains(&squash(&plain_text(&s.action))),
                "step {} of {} is not in the PDF",
                s.number,
                p.code
            );
            if let Some((question, _)) = &s.decision {
                assert!(text.contains(&squash(&plain_text(question))));
            }
        }
        assert!(text.contains("Diagrama de flujo"));
        assert!(text.contains("Relación de documentos que intervienen"));
    }

    let m = manual(&doc, "cf-afil");
    let text = pdf_text(&out.join(m.pdf.as_ref().unwrap().path.as_str()));
    for f in &m.forms {
        for field in f.sections.iter().flat_map(|s| &s.fields) {
            assert!(text.contains(&field.label), "label {}", field.label);
            if let Some(i) = &field.instructions {
                assert!(
                    text.contains(&squash(&plain_text(i))),
                    "instructions of {}",
                    field.label
                );
            }
            for option in &field.options {
                assert!(text.contains(option.as_str()), "option {option}");
            }
        }
        for (copy, to) in &f.copies {
            assert!(text.contains(&format!("{copy}: {to}")));
        }
    }

    let m = manual(&doc, "gs-afil");
    let text = pdf_text(&out.join(m.pdf.as_ref().unwrap().path.as_str()));
    for g in &m.guides {
        for option in &g.scale {
            assert!(text.contains(option.as_str()), "scale option {option}");
        }
        for item in g.sections.iter().flat_map(|s| &s.items) {
            assert!(
                text.contains(&squash(&plain_text(&item.text))),
                "item {}",
                item.number
            );
        }
        assert!(text.contains("Supervisor(a)"));
    }
}

#[test]
fn form_and_guide_pages_hold_every_label_instruction_and_option() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&out, &["--no-pdf"]);
    let doc = resolved();
    for f in &manual(&doc, "cf-afil").forms {
        let page = unescape(&strip_tags(
            &std::fs::read_to_string(out.join(&f.url.path)).unwrap(),
        ));
        for field in f.sections.iter().flat_map(|s| &s.fields) {
            assert!(page.contains(&field.label));
            if let Some(i) = &field.instructions {
                assert!(page.contains(&squash(&plain_text(i))));
            }
            for option in &field.options {
                assert!(page.contains(option.as_str()));
            }
        }
    }
    for g in &manual(&doc, "gs-afil").guides {
        let html = std::fs::read_to_string(out.join(&g.url.path)).unwrap();
        let page = unescape(&strip_tags(&html));
        for option in &g.scale {
            assert!(
                unescape(&html).contains(&format!("<th scope=\"col\" class=\"box\">{option}</th>"))
            );
        }
        for item in g.sections.iter().flat_map(|s| &s.items) {
            assert!(page.contains(&squash(&plain_text(&item.text))));
            assert!(html.contains(&format!("<tr id=\"{}\">", item.anchor)));
        }
    }
}

#[test]
fn targets_list_what_refers_to_them() {
    let doc = resolved();
    let forms = &manual(&doc, "cf-afil").forms;
    let aviso = forms.iter().find(|f| f.code == "9210-009-001").unwrap();
    assert!(
        aviso
            .used_by
            .iter()
            .any(|m| m.text.starts_with("9210-003-202 ")),
        "{:?}",
        aviso.used_by
    );
    let unit = manual(&doc, "mo-dir").unit("7.2.1.2.1").unwrap();
    let supervised: Vec<_> = unit
        .functions
        .iter()
        .flat_map(|f| &f.supervised_by)
        .collect();
    assert!(!supervised.is_empty());
    assert!(
        supervised
            .iter()
            .all(|m| m.url.path.ends_with("9210-011-001.html"))
    );

    // And the pages say so.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&out, &["--no-pdf"]);
    let form_page = std::fs::read_to_string(out.join(&aviso.url.path)).unwrap();
    assert!(form_page.contains("Procedimientos que lo utilizan"));
    let unit_page = std::fs::read_to_string(out.join(&unit.url.path)).unwrap();
    assert!(
        unit_page.contains("9210-011-001"),
        "the unit page names the guide"
    );
}

#[test]
fn the_running_header_names_the_procedure_form_or_guide_of_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&out, &[]);
    let doc = resolved();
    for id in ["mp-afil", "cf-afil", "gs-afil"] {
        let m = manual(&doc, id);
        let pdf = lopdf::Document::load(out.join(m.pdf.as_ref().unwrap().path.as_str())).unwrap();
        // The header's second line, page by page.
        let seconds: Vec<String> = pdf
            .get_pages()
            .keys()
            .map(|n| {
                let text = common::page_text(&pdf, *n);
                text.lines().nth(1).unwrap_or("").trim().to_owned()
            })
            .collect();
        let entries = m
            .procedures
            .iter()
            .map(|p| format!("{} {}", p.code, p.name))
            .chain(m.forms.iter().map(|f| format!("{} {}", f.code, f.name)))
            .chain(m.guides.iter().map(|g| format!("{} {}", g.code, g.name)));
        for entry in entries {
            let pages = seconds.iter().filter(|s| **s == entry).count();
            assert!(
                pages >= 1,
                "{id}: no page's header names {entry}: {seconds:?}"
            );
        }
        // The cover, the authorization and the contents name none.
        assert!(
            seconds[..3].iter().all(|s| !s.contains("9210-0")),
            "{seconds:?}"
        );
    }
}

#[test]
fn a_row_taller_than_a_page_is_split_between_lines_under_its_head_printed_again() {
    let (dir, project) = common::example_copy();
    let guide = project.join("content/gs-afil/guides/9210-011-001.yaml");
    let yaml = std::fs::read_to_string(&guide).unwrap();
    let long: Vec<String> = (0..1400).map(|n| format!("palabra{n}")).collect();
    let yaml = yaml.replacen(
        "      - check: >-\n",
        &format!("      - check: >-\n          {}\n", long.join(" ")),
        1,
    );
    std::fs::write(&guide, yaml).unwrap();
    let out = dir.path().join("public");
    let run = norma(&project, &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);

    let doc = lopdf::Document::load(out.join("gs-afil/1.0/gs-afil-1.0.pdf")).unwrap();
    let mut pages_with_item = 0;
    let mut seen = Vec::new();
    for (n, _) in doc.get_pages() {
        let text = common::page_text(&doc, n);
        let words: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.starts_with("palabra"))
            .collect();
        if words.is_empty() {
            continue;
        }
        pages_with_item += 1;
        // Each part of the row stands under the checklist's head.
        assert!(
            text.contains("Aspecto a verificar") && text.contains("Cumple"),
            "page {n} holds part of the row without the table's head"
        );
        seen.extend(words.iter().map(|w| w.to_string()));
    }
    assert!(pages_with_item >= 3, "{pages_with_item} pages");
    // Every word once, in order: nothing lost at a cut, nothing repeated.
    assert_eq!(seen, long);
}
