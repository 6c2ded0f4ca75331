//! Versions end to end (issue #6): `norma release` freezes a manual, `norma
//! check` guards the frozen files, `norma build` publishes every version with
//! its status, and `cambios.html` and `norma diff` say what changed.

mod common;

use std::fs;

use common::versions::{CHANGED_WORDING, NEW_FUNCTION, TODAY, edit, release_then_edit};
use common::{findings_from_json, norma, norma_with};

#[test]
fn a_release_and_an_edit_publish_both_versions_and_what_changed() {
    let (_dir, root) = common::example_copy();
    release_then_edit(&root);
    let build = norma_with(&root, &["build", "--no-pdf"], &[TODAY]);
    assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);
    let public = root.join("public");

    // Both versions, each with its own wording.
    let old = fs::read_to_string(public.join("mo-dir/3.1/7.3.1.1.html")).unwrap();
    let new = fs::read_to_string(public.join("mo-dir/3.2/7.3.1.1.html")).unwrap();
    assert!(!old.contains("y la actualización") && !old.contains("Vigilar que los sistemas"));
    assert!(new.contains("y la actualización") && new.contains("Vigilar que los sistemas"));

    // The folder page opens the version in force; the old one says it was superseded.
    let pointer = fs::read_to_string(public.join("mo-dir/index.html")).unwrap();
    assert!(pointer.contains("url=3.2/index.html"), "{pointer}");
    assert!(
        old.contains("banner-superseded") && old.contains("3.2/7.3.1.1.html"),
        "no banner linking to 3.2"
    );
    assert!(!new.contains("banner-superseded"));
    // The switcher on 3.2's unit page leads to the same unit in 3.1, and says
    // where the renumbered functions were: 3.2's function 5 was 3.1's 4, and
    // 3.2's function 4 is new (the top of the page). And back from 3.1.
    let map = |html: &str| -> Vec<String> {
        let at = html.find("data-map=\"").expect("a data-map") + 10;
        let end = html[at..].find('"').unwrap();
        html[at..at + end].split(' ').map(str::to_owned).collect()
    };
    assert!(
        new.contains("href=\"../3.1/7.3.1.1.html\" data-keep-hash"),
        "no switcher"
    );
    let back = map(&new);
    assert!(
        back.contains(&"f5=f4".into())
            && back.contains(&"f4=".into())
            && back.contains(&"f27=f26".into()),
        "{back:?}"
    );
    assert!(
        !back
            .iter()
            .any(|p| p.starts_with("f3=") || p.starts_with("f2=")),
        "{back:?}"
    );
    let forward = map(&old);
    assert!(
        forward.contains(&"f4=f5".into()) && forward.contains(&"f26=f27".into()),
        "{forward:?}"
    );

    // versions.json: 3.2 vigente, 3.1 histórica.
    let versions: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(public.join("versions.json")).unwrap()).unwrap();
    let mo = versions["manuals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "mo-dir")
        .unwrap();
    let statuses: Vec<(String, String)> = mo["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version"].as_str().unwrap().into(),
                v["status"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("3.2".into(), "vigente".into()),
            ("3.1".into(), "histórica".into())
        ]
    );

    // cambios.html: the old and the new wording, the addition, the renumbering.
    let changes = fs::read_to_string(public.join("mo-dir/3.2/cambios.html")).unwrap();
    assert!(changes.contains("Se modifica la función 2"), "{changes}");
    assert!(
        changes.contains("en el diseño <ins>y la actualización </ins>de los sistemas"),
        "{changes}"
    );
    assert!(changes.contains("Se adiciona la función 4"));
    assert!(changes.contains(&format!("<ins>{NEW_FUNCTION}")));
    assert!(
        changes.contains("Se renumeran las funciones 4 a 26: ahora son las funciones 5 a 27"),
        "{changes}"
    );
    assert!(
        !changes.contains("Se suprime"),
        "a renumbering must not read as a removal"
    );
    let first = fs::read_to_string(public.join("mo-dir/3.1/cambios.html")).unwrap();
    assert!(first.contains("primera versión publicada"));
}

#[test]
fn the_new_versions_pdf_has_the_changes_as_an_annex() {
    let (_dir, root) = common::example_copy();
    release_then_edit(&root);
    let build = norma_with(&root, &["build"], &[TODAY]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let text = |path: &str| {
        let pdf = lopdf::Document::load(root.join("public").join(path)).unwrap();
        let mut joined = String::new();
        for n in pdf.get_pages().keys() {
            common::join_pdf_lines(&mut joined, &common::page_text(&pdf, *n));
        }
        joined.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let new = text("mo-dir/3.2/mo-dir-3.2.pdf");
    assert!(
        new.contains("Anexo. Cambios respecto de la versión 3.1"),
        "no annex"
    );
    assert!(new.contains("Se modifica la función 2"));
    let at = new.find("Texto anterior:").expect("the former wording");
    assert!(
        new[at..].starts_with("Texto anterior: Concertar con las áreas institucionales que así corresponda, en el diseño de los sistemas"),
        "{}",
        &new[at..at + 300]
    );
    assert!(new.contains(CHANGED_WORDING));
    assert!(new.contains("Se adiciona la función 4"));
    assert!(new.contains("Se renumeran las funciones 4 a 26: ahora son las funciones 5 a 27"));
    // The first version has no annex, and keeps its wording.
    let old = text("mo-dir/3.1/mo-dir-3.1.pdf");
    assert!(!old.contains("Anexo. Cambios"));
    assert!(!old.contains("y la actualización"));

    // Change bars in the left margin (20 mm = 56.7 pt): one beside the
    // reworded function 2 and one beside the new function 4, on the page that
    // prints them; none beside the 23 functions only renumbered, none in 3.1.
    let load = |path: &str| lopdf::Document::load(root.join("public").join(path)).unwrap();
    let new_pdf = load("mo-dir/3.2/mo-dir-3.2.pdf");
    let bars = common::change_bars(&new_pdf, 56.0);
    let count: usize = bars.iter().map(|(_, b)| b.len()).sum();
    assert_eq!(count, 2, "{bars:?}");
    for (page, _) in &bars {
        let mut text = String::new();
        common::join_pdf_lines(&mut text, &common::page_text(&new_pdf, *page));
        assert!(
            text.contains("y la actualización") && text.contains("4. Vigilar que los sistemas"),
            "a bar on page {page}, which does not print the changed functions"
        );
        assert!(!text.contains("Anexo"));
    }
    assert_eq!(
        common::change_bars(&load("mo-dir/3.1/mo-dir-3.1.pdf"), 56.0),
        []
    );
}

#[test]
fn norma_diff_shows_old_and_new_wording_in_text_and_json() {
    let (_dir, root) = common::example_copy();
    release_then_edit(&root);
    let text = norma(&root, &["diff", "mo-dir"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let out = &text.stdout;
    assert!(
        out.contains("mo-dir: cambios de la versión 3.1 a la 3.2"),
        "{out}"
    );
    assert!(out.contains("antes: Concertar con las áreas institucionales que así corresponda, en el diseño de los sistemas"), "{out}");
    assert!(out.contains("ahora: Concertar con las áreas institucionales que así corresponda, en el diseño {+y la actualización +}de los sistemas"), "{out}");
    assert!(out.contains("Se adiciona la función 4"));
    assert!(out.contains(&format!("{{+{NEW_FUNCTION}")));
    assert!(out.contains("Se renumeran las funciones 4 a 26: ahora son las funciones 5 a 27"));

    let json = norma(&root, &["diff", "mo-dir", "3.1", "3.2", "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let diff: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(diff["from"], "3.1");
    assert_eq!(diff["to"], "3.2");
    assert_eq!(diff["totals"]["added"], 1);
    assert_eq!(diff["totals"]["modified"], 1);
    assert_eq!(diff["totals"]["removed"], 0);
    assert_eq!(diff["totals"]["renumbered"], 23);
    let items = diff["entries"][0]["items"].as_array().unwrap();
    let modified = items.iter().find(|i| i["change"] == "modified").unwrap();
    assert!(
        modified["old_text"]
            .as_str()
            .unwrap()
            .contains("en el diseño de los sistemas")
    );
    assert!(
        modified["new_text"]
            .as_str()
            .unwrap()
            .contains(CHANGED_WORDING)
    );
    let renumbered = items.iter().find(|i| i["change"] == "renumbered").unwrap();
    assert_eq!(renumbered["old"]["number"], "4");
    assert_eq!(renumbered["new"]["number"], "5");

    // Unknown versions are named with the ones that exist.
    let unknown = norma(&root, &["diff", "mo-dir", "2.9"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown.stderr.contains("sus versiones son 3.1, 3.2"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn a_future_version_is_upcoming_and_the_old_one_stays_in_force() {
    let (_dir, root) = common::example_copy();
    release_then_edit(&root);
    // 2026-10-15: 3.2 (in force from 2026-11-01) has not come yet.
    let build = norma_with(
        &root,
        &["build", "--no-pdf"],
        &[("SOURCE_DATE_EPOCH", "1792000000")],
    );
    assert_eq!(build.code, 0, "{}", build.stderr);
    let public = root.join("public");
    let pointer = fs::read_to_string(public.join("mo-dir/index.html")).unwrap();
    assert!(pointer.contains("url=3.1/index.html"), "{pointer}");
    let versions = fs::read_to_string(public.join("versions.json")).unwrap();
    assert!(versions.contains("\"status\": \"próxima\""), "{versions}");
    let upcoming = fs::read_to_string(public.join("mo-dir/3.2/7.3.1.1.html")).unwrap();
    assert!(upcoming.contains("banner-upcoming"));
}

#[test]
fn a_changed_frozen_file_fails_check_naming_it() {
    let (_dir, root) = common::example_copy();
    assert_eq!(norma(&root, &["release", "mo-dir"]).code, 0);
    let frozen = root.join("releases/mo-dir/3.1/units/7.3.1.1.yaml");
    edit(&frozen, "Registro y administración", "Registro y control");
    let run = norma(&root, &["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let shown: Vec<String> = findings_from_json(&run.stdout)
        .iter()
        .map(|f| f.to_string())
        .collect();
    assert!(
        shown.contains(&"E-RELEASE-CHANGED releases/mo-dir/3.1/units/7.3.1.1.yaml:1:1".to_owned()),
        "{shown:?}"
    );
    let human = norma(&root, &["check"]);
    assert!(
        human
            .stdout
            .contains("el archivo congelado releases/mo-dir/3.1/units/7.3.1.1.yaml cambió"),
        "{}",
        human.stdout
    );
    // The build refuses too, and writes nothing.
    let build = norma(&root, &["build", "--no-pdf"]);
    assert_eq!(build.code, 1);
    assert!(!root.join("public").exists());

    // A missing file and a file the record does not list.
    fs::remove_file(&frozen).unwrap();
    fs::write(
        root.join("releases/mo-dir/3.1/units/nueva.yaml"),
        "code: 7.9\nname: Nueva\nfunctions: [Coordinar]\n",
    )
    .unwrap();
    let run = norma(&root, &["check", "--format", "json"]);
    let codes: Vec<String> = findings_from_json(&run.stdout)
        .iter()
        .map(|f| f.code.clone())
        .collect();
    assert!(codes.contains(&"E-RELEASE-MISSING".to_owned()), "{codes:?}");
    assert!(codes.contains(&"E-RELEASE-EXTRA".to_owned()), "{codes:?}");
}

#[test]
fn release_refuses_what_must_not_be_frozen() {
    let (_dir, root) = common::example_copy();
    assert_eq!(norma(&root, &["release", "mo-dir"]).code, 0);
    // The same version again.
    let again = norma(&root, &["release", "mo-dir"]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("ya está congelada"),
        "{}",
        again.stderr
    );
    // Edited without a new version: a warning, and the frozen copy is what is published.
    let unit = root.join("content/mo-dir/units/7.3.1.1.yaml");
    edit(&unit, "Registro y administración", "Registro y control");
    let check = norma(&root, &["check", "--format", "json"]);
    let codes: Vec<String> = findings_from_json(&check.stdout)
        .iter()
        .map(|f| f.code.clone())
        .collect();
    assert!(codes.contains(&"W-RELEASE-EDITED".to_owned()), "{codes:?}");
    // A lower version.
    let manual = root.join("content/mo-dir/manual.yaml");
    edit(&manual, "version: \"3.1\"", "version: \"3.0.9\"");
    let lower = norma(&root, &["release", "mo-dir"]);
    assert_eq!(lower.code, 1);
    assert!(lower.stdout.contains("E-VERSION-BEHIND") || lower.stderr.contains("E-VERSION-BEHIND"));
    // A draft.
    edit(&manual, "version: \"3.0.9\"", "version: \"3.2\"");
    edit(&manual, "status: published", "status: draft");
    let draft = norma(&root, &["release", "mo-dir"]);
    assert_eq!(draft.code, 1);
    assert!(draft.stderr.contains("borrador"), "{}", draft.stderr);
    // A manual with errors.
    edit(&manual, "status: draft", "status: published");
    edit(&unit, "name:", "nombre:");
    let broken = norma(&root, &["release", "mo-dir"]);
    assert_eq!(broken.code, 1);
    assert!(
        broken.stderr.contains("no se congeló nada"),
        "{}",
        broken.stderr
    );
    assert!(!root.join("releases/mo-dir/3.2").exists());
    // An unknown manual, with the closest id.
    let unknown = norma(&root, &["release", "mo-di"]);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("mo-dir"), "{}", unknown.stderr);
}
