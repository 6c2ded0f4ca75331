//! A project's theme overrides the templates of procedures, forms, guides and
//! sections one file at a time: the pages of that kind change and no other
//! file does; errors in those templates are reported like any other's.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{example_copy, norma};

fn build(project: &Path, out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let run = norma(
        project,
        &["build", "--no-pdf", "--out", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "build failed:\n{}\n{}", run.stdout, run.stderr);
    let mut files = BTreeMap::new();
    read_tree(out, out, &mut files);
    files
}

fn read_tree(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_tree(root, &path, out);
        } else {
            let bytes = fs::read(&path).unwrap();
            out.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
        }
    }
}

/// Writes `themes/default/templates/<name>` in the project.
fn override_template(project: &Path, name: &str, source: &str) {
    let folder = project.join("themes/default/templates");
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join(name), source).unwrap();
}

/// The pages of the example's procedures: `mp-afil/1.0/<code>.html`.
fn procedure_pages(project: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = fs::read_dir(project.join("content/mp-afil/procedures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let code = p.file_stem().unwrap().to_string_lossy().into_owned();
            PathBuf::from(format!("mp-afil/1.0/{code}.html"))
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn a_theme_that_overrides_the_procedure_template_changes_the_procedure_pages_only() {
    let (tmp, project) = example_copy();
    let before = build(&project, &tmp.path().join("before"));

    // The activities as a plain list: the actor escaped, the action as the
    // rich HTML norma made of it.
    override_template(
        &project,
        "procedure.html",
        r#"{% extends "entry.html" %}
{% block body %}<ol class="custom-steps">{% for s in procedure.steps %}<li id="{{ s.anchor }}">{{ s.actor }}: {{ s.html | safe }}{% if s.end %} (fin){% endif %}</li>{% endfor %}</ol>
{% endblock body %}"#,
    );
    let after = build(&project, &tmp.path().join("after"));

    let procedures = procedure_pages(&project);
    assert!(procedures.len() >= 2, "{procedures:?}");
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &after {
        if procedures.contains(path) {
            let html = String::from_utf8_lossy(bytes);
            assert!(
                html.contains("<ol class=\"custom-steps\"><li id=\""),
                "{}",
                path.display()
            );
            assert!(html.contains(" (fin)</li>"), "{}", path.display());
            assert!(!html.contains("class=\"activities\""), "{}", path.display());
            // The page around it is still entry.html's.
            assert!(
                html.contains("<article class=\"entry\">"),
                "{}",
                path.display()
            );
        } else {
            assert!(
                bytes == &before[path],
                "{} changed, but only the procedures should",
                path.display()
            );
        }
    }
}

#[test]
fn an_overridden_component_changes_every_page_that_calls_it() {
    let (tmp, project) = example_copy();
    let before = build(&project, &tmp.path().join("before"));
    // components.html holds the shared pieces; this one says who is responsible.
    let components = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/components.html"),
    )
    .unwrap();
    let source = components.replace(
        "<p class=\"owner\">{{ t.responsible_unit }}:",
        "<p class=\"owner custom\">{{ t.responsible_unit }}:",
    );
    assert_ne!(source, components);
    override_template(&project, "components.html", &source);
    let after = build(&project, &tmp.path().join("after"));
    let changed: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| before[*path] != **bytes)
        .map(|(path, _)| path.to_string_lossy().into_owned())
        .collect();
    // Procedures, forms and guides name their unit; nothing else uses it.
    assert!(!changed.is_empty());
    for path in &changed {
        assert!(
            ["mp-afil/", "cf-afil/", "gs-afil/"]
                .iter()
                .any(|m| path.starts_with(m))
                && !path.ends_with("index.html"),
            "{path} changed"
        );
        let html = String::from_utf8_lossy(&after[Path::new(path)]);
        assert!(html.contains("<p class=\"owner custom\">"), "{path}");
    }
}

#[test]
fn errors_in_the_entry_and_section_templates_are_reported_on_their_file() {
    let (tmp, project) = example_copy();
    // A syntax error: `norma check` names the file and line.
    override_template(
        &project,
        "section.html",
        "{% if s.kind == \"markdown\" %}\n{{ s.title }\n{% endif %}\n",
    );
    let run = norma(&project, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("E-TEMPLATE-SYNTAX"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("themes/default/templates/section.html:2:"),
        "{}",
        run.stdout
    );
    fs::remove_file(project.join("themes/default/templates/section.html")).unwrap();

    // A value the form page does not have: the build fails and writes nothing.
    override_template(
        &project,
        "form.html",
        "{% extends \"entry.html\" %}\n{% block body %}{{ form.no_such_value }}{% endblock body %}\n",
    );
    let out = tmp.path().join("public");
    let run = norma(
        &project,
        &["build", "--no-pdf", "--out", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("E-TEMPLATE-RENDER"), "{}", run.stdout);
    assert!(!out.exists(), "nothing is published");
}
