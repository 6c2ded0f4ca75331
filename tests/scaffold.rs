//! `norma init` and `norma new` (issue #7): a new project builds at once and
//! passes check with no warning; init refuses a folder that is not empty; new
//! writes a valid entry of each kind, refuses what cannot be (a missing parent
//! unit, a code taken, the wrong manual) and every file it writes points the
//! editor at its schema.

mod common;

use std::fs;
use std::process::Command;

use common::norma;

fn init(dir: &std::path::Path) -> common::Run {
    // `norma init DIR` is run from elsewhere, as an author would.
    let output = Command::new(env!("CARGO_BIN_EXE_norma"))
        .arg("init")
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: std::time::Duration::ZERO,
    }
}

#[test]
fn a_new_project_builds_at_once_and_init_refuses_a_folder_in_use() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("x");
    let run = init(&root);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for file in [
        "norma.yaml",
        "README.md",
        "content/glossary.yaml",
        "content/offices.yaml",
        "schemas/unit.schema.json",
        "schemas/norma.schema.json",
    ] {
        assert!(root.join(file).is_file(), "{file} missing");
    }
    // One manual of each kind.
    let kinds: Vec<String> = fs::read_dir(root.join("content"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| fs::read_to_string(e.path().join("manual.yaml")).unwrap())
        .filter_map(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("kind:")
                    .map(|k| k.split('#').next().unwrap().trim().to_owned())
            })
        })
        .collect();
    for kind in ["organization", "procedures", "forms", "supervision"] {
        assert!(
            kinds.iter().any(|k| k == kind),
            "no {kind} manual: {kinds:?}"
        );
    }

    let check = norma(&root, &["check", "--deny-warnings"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let build = norma(&root, &["build"]);
    assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);
    assert!(root.join("public/index.html").is_file());
    assert!(root.join("public/mo-ejemplo/index.html").is_file());
    // What a build leaves beside the site (its spare and its lock) is in the
    // new project's .gitignore, so an author's commit does not take it.
    let ignored = fs::read_to_string(root.join(".gitignore")).unwrap();
    for entry in fs::read_dir(&root).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains("norma-") {
            let shown = if entry.path().is_dir() {
                format!("{name}/")
            } else {
                name
            };
            assert!(
                ignored.lines().any(|l| l == shown),
                "{shown} is not in .gitignore:\n{ignored}"
            );
        }
    }

    // Not over an existing project, nor into a folder with anything in it.
    let again = init(&root);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("no está vacía"), "{}", again.stderr);
    let other = tmp.path().join("other");
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join("notas.txt"), "x").unwrap();
    assert_eq!(init(&other).code, 2);
    assert_eq!(fs::read_to_string(other.join("notas.txt")).unwrap(), "x");
    assert!(!other.join("norma.yaml").exists());
}

#[test]
fn new_writes_a_valid_entry_of_each_kind_and_refuses_what_cannot_be() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("x");
    assert_eq!(init(&root).code, 0);
    let made = [
        (
            &["new", "unit", "5.4", "--manual", "mo-ejemplo"][..],
            "content/mo-ejemplo/units/5.4.yaml",
            "unit",
        ),
        (
            &["new", "unit", "5.4.1", "--manual", "mo-ejemplo"][..],
            "content/mo-ejemplo/units/5.4.1.yaml",
            "unit",
        ),
        (
            &["new", "procedure", "1000-003-002", "--manual", "mp-ejemplo"][..],
            "content/mp-ejemplo/procedures/1000-003-002.yaml",
            "procedure",
        ),
        (
            &["new", "form", "1000-009-002", "--manual", "cf-ejemplo"][..],
            "content/cf-ejemplo/forms/1000-009-002.yaml",
            "form",
        ),
        (
            &["new", "guide", "1000-011-002", "--manual", "gs-ejemplo"][..],
            "content/gs-ejemplo/guides/1000-011-002.yaml",
            "guide",
        ),
    ];
    for (args, file, kind) in made {
        let run = norma(&root, args);
        assert_eq!(run.code, 0, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains(file), "{}", run.stdout);
        let text = fs::read_to_string(root.join(file)).unwrap();
        let depth = file.matches('/').count();
        assert!(
            text.starts_with(&format!(
                "# yaml-language-server: $schema={}schemas/{kind}.schema.json\n",
                "../".repeat(depth)
            )),
            "{file}: {}",
            text.lines().next().unwrap_or("")
        );
    }
    // Valid, and each new entry's sample texts are pointed out to be
    // replaced (W-PLACEHOLDER), so that they are not published as they are.
    let check = norma(&root, &["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(check.stdout.contains("5 unidades"), "{}", check.stdout);
    for (_, file, _) in made {
        assert!(
            check.stdout.contains("W-PLACEHOLDER]")
                && check.stdout.contains(&format!("--> {file}:")),
            "{file} has no W-PLACEHOLDER:\n{}",
            check.stdout
        );
    }
    let strict = norma(&root, &["check", "--deny-warnings"]);
    assert_ne!(strict.code, 0, "{}", strict.stdout);

    // What cannot be made, each with its reason, and nothing written.
    let refused = [
        (
            &["new", "unit", "5.9.1", "--manual", "mo-ejemplo"][..],
            "no existe su unidad superior 5.9",
        ),
        (
            &["new", "unit", "7.1", "--manual", "mo-ejemplo"][..],
            "sección 5",
        ),
        (
            &["new", "unit", "5.2", "--manual", "mo-ejemplo"][..],
            "ya existe «5.2»",
        ),
        (
            &["new", "form", "1000-009-009", "--manual", "mp-ejemplo"][..],
            "de tipo procedures",
        ),
        (
            &["new", "guide", "ABC", "--manual", "gs-ejemplo"][..],
            "no tiene la forma de las claves de este proyecto, como 1000-",
        ),
        // A clave is unique in the whole project, whatever it names.
        (
            &["new", "procedure", "1000-009-001", "--manual", "mp-ejemplo"][..],
            "ya existe «1000-009-001» en content/cf-ejemplo/forms/1000-009-001.yaml",
        ),
        (
            &["new", "procedure", "1000-003-000", "--manual", "mp-ejemplo"][..],
            "ya existe «1000-003-000» en content/mp-ejemplo/manual.yaml",
        ),
        (
            &["new", "unit", "05.6", "--manual", "mo-ejemplo"][..],
            "sin ceros a la izquierda",
        ),
        (
            &["new", "unit", "5.6", "--manual", "nada"][..],
            "los manuales son: ",
        ),
        (
            &["new", "unit", "5.5", "--manual", "mo-ejmplo"][..],
            "¿quiso decir «mo-ejemplo»?",
        ),
    ];
    for (args, why) in refused {
        let run = norma(&root, args);
        assert_eq!(run.code, 1, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(why), "{args:?}: {}", run.stderr);
    }
    assert!(!root.join("content/mo-ejemplo/units/5.9.1.yaml").exists());
    assert!(!root.join("content/mp-ejemplo/forms").exists());
}
