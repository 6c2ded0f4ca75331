//! `norma schema` against real content (issue #7): every YAML file of the
//! example project, and of the project `norma init` writes, is valid against
//! the schema of its kind, checked with an independent JSON Schema validator
//! (the jsonschema crate); and the schemas do catch what an author gets wrong.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

/// YAML as norma and editors (YAML 1.2) read it: `No` is text, not false.
fn parse(text: &str) -> Result<Value, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options(text, serde_saphyr::options! { strict_booleans: true })
}

fn validator(kind: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&norma::schema::kind(kind).unwrap().json()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// The errors of every YAML file under `root` (norma.yaml and content/).
fn errors_in(root: &Path) -> (usize, Vec<String>) {
    let mut files = vec![root.join("norma.yaml")];
    yaml_files(&root.join("content"), &mut files);
    let mut errors = Vec::new();
    for file in &files {
        let relative = file
            .strip_prefix(root)
            .unwrap()
            .to_str()
            .unwrap()
            .replace('\\', "/");
        let kind = norma::schema::kind_of_path(&relative)
            .unwrap_or_else(|| panic!("no kind for {relative}"));
        let text = fs::read_to_string(file).unwrap();
        let value = parse(&text).unwrap_or_else(|e| panic!("{relative}: {e}"));
        for error in validator(kind.name).iter_errors(&value) {
            errors.push(format!(
                "{relative}: {} at {}",
                error,
                error.instance_path()
            ));
        }
    }
    (files.len(), errors)
}

#[test]
fn the_example_content_is_valid_against_its_schemas() {
    let (files, errors) = errors_in(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(files > 10, "only {files} files");
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn a_new_project_and_the_entries_norma_new_writes_are_valid_against_their_schemas() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("x");
    norma::scaffold::init(&root).unwrap();
    for (kind, code, manual) in [
        (norma::scaffold::EntryKind::Unit, "5.4", "mo-ejemplo"),
        (
            norma::scaffold::EntryKind::Procedure,
            "1000-003-002",
            "mp-ejemplo",
        ),
        (
            norma::scaffold::EntryKind::Form,
            "1000-009-002",
            "cf-ejemplo",
        ),
        (
            norma::scaffold::EntryKind::Guide,
            "1000-011-002",
            "gs-ejemplo",
        ),
    ] {
        let (_, written) = norma::scaffold::new_entry(&root, kind, code, manual);
        written.unwrap_or_else(|e| panic!("{}", e.message(norma::i18n::Lang::Es)));
    }
    let (files, errors) = errors_in(&root);
    assert!(files >= 17, "only {files} files");
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_schemas_catch_what_an_author_gets_wrong() {
    let unit = validator("unit");
    let wrong = |yaml: &str| -> bool {
        let value = parse(yaml).unwrap();
        !unit.is_valid(&value)
    };
    assert!(!wrong(
        "code: 7.1\nname: Dirección\nfunctions:\n  - Dirigir.\n  - text: Coordinar.\n    items: [Uno, Dos]\n"
    ));
    assert!(
        wrong("code: '7.1'\nname: Dirección\nfuntions:\n  - Dirigir.\n"),
        "a misspelt field"
    );
    assert!(
        wrong("code: '7.1'\nfunctions:\n  - Dirigir.\n"),
        "a missing name"
    );
    assert!(
        wrong("code: '7.1'\nname: X\nfunctions:\n  - text: Dirigir.\n    itmes: [a]\n"),
        "a misspelt key in a function"
    );
    let manual = validator("manual");
    let value = parse(
        "kind: organisation\ntitle: M\ncode: X\nversion: '1.0'\nauthorized: 2025-01-01\neffective: 2025-13\n",
    )
    .unwrap();
    let messages: Vec<String> = manual.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(
        messages.iter().any(|m| m.contains("organisation")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("2025-13")),
        "{messages:?}"
    );
}
