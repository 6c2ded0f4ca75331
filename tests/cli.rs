//! The command line's own words: help, usage and every kind of mistake in a
//! command say themselves in Spanish (English with a project in English),
//! with clap still doing the parsing.

mod common;

use common::{copy_dir, fixtures, norma, norma_with};

/// Phrases of clap's English that must not reach a Spanish-speaking author.
const ENGLISH: &[&str] = &[
    "Usage:",
    "Commands:",
    "Options:",
    "Arguments:",
    "Print help",
    "Print version",
    "unrecognized",
    "unexpected argument",
    "tip:",
    "the following required arguments",
    "invalid value",
    "For more information",
    "[OPTIONS]",
    "<COMMAND>",
    "[default:",
    "possible values",
];

fn assert_spanish(what: &str, text: &str) {
    for phrase in ENGLISH {
        assert!(!text.contains(phrase), "{what}: «{phrase}» in\n{text}");
    }
}

#[test]
fn help_usage_and_mistakes_are_in_spanish() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    for args in [&["--help"][..], &["build", "--help"], &["new", "--help"]] {
        let run = norma(project, args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert_spanish(&format!("{args:?}"), &run.stdout);
        assert!(run.stdout.contains("Uso: norma"), "{}", run.stdout);
    }
    let mistakes: [(&[&str], &str); 6] = [
        (&["biuld"], "¿quiso decir «build»?"),
        (&["build", "--nopdf"], "¿quiso decir «--no-pdf»?"),
        (&["new", "unit"], "faltan los argumentos"),
        (
            &["check", "--format", "xml"],
            "valores posibles: human, json, github",
        ),
        (&["serve", "--port", "abc"], "«abc» no es un valor válido"),
        (&[], "Uso: norma"),
    ];
    for (args, expected) in mistakes {
        let run = norma(project, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_spanish(&format!("{args:?}"), &run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}:\n{}", run.stderr);
    }
}

#[test]
fn a_project_in_english_gets_the_command_line_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    copy_dir(&fixtures().join("valid"), &project);
    let yaml = std::fs::read_to_string(project.join("norma.yaml")).unwrap();
    std::fs::write(
        project.join("norma.yaml"),
        yaml.replace("language: es", "language: en"),
    )
    .unwrap();
    let run = norma(&project, &["biuld"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unrecognized subcommand"),
        "{}",
        run.stderr
    );
    // The descriptions and placeholders too, for every command.
    let run = norma(&project, &["--help"]);
    assert!(
        run.stdout.contains("Checks and writes the HTML site"),
        "{}",
        run.stdout
    );
    for command in [
        "init", "check", "build", "serve", "new", "release", "diff", "keygen", "package", "verify",
        "schema",
    ] {
        let run = norma(&project, &[command, "--help"]);
        assert_eq!(run.code, 0, "{command}: {}", run.stderr);
        for spanish in [
            "Carpeta",
            "CARPETA",
            "Formato de",
            "Muestra",
            "Id del manual",
        ] {
            assert!(
                !run.stdout.contains(spanish),
                "{command}: «{spanish}» in\n{}",
                run.stdout
            );
        }
    }
}

/// OS errors that do not leak "os error" nor the system's English.
const OS_ENGLISH: &[&str] = &[
    "os error",
    "No such file",
    "Not a directory",
    "Address already in use",
    "Permission denied",
    "File exists",
];

#[test]
fn os_failures_are_said_in_spanish() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    copy_dir(&fixtures().join("valid"), &project);
    // The output folder under a file.
    let file = dir.path().join("un-archivo");
    std::fs::write(&file, "x").unwrap();
    let out = file.join("public");
    let run = norma(
        &project,
        &["build", "--no-pdf", "--out", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    // A bundle that is not there.
    let missing = dir.path().join("no-existe.zip");
    let verify = norma(&project, &["verify", missing.to_str().unwrap()]);
    assert_eq!(verify.code, 2, "{}", verify.stderr);
    assert!(verify.stderr.contains("no existe"), "{}", verify.stderr);
    // A port another program listens on.
    let busy = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let serve = norma(&project, &["serve", "--port", &port]);
    assert_eq!(serve.code, 2, "{}{}", serve.stdout, serve.stderr);
    assert!(serve.stderr.contains(&port), "{}", serve.stderr);
    for (what, text) in [
        ("build", &run.stderr),
        ("verify", &verify.stderr),
        ("serve", &serve.stderr),
    ] {
        assert!(!text.trim().is_empty(), "{what}: says nothing");
        for phrase in OS_ENGLISH {
            assert!(!text.contains(phrase), "{what}: «{phrase}» in\n{text}");
        }
    }
}

#[test]
fn lang_sets_the_language_of_a_run_and_the_locale_speaks_outside_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    copy_dir(&fixtures().join("valid"), &project);
    // A Spanish project checked in English.
    let run = norma(&project, &["--lang", "en", "check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("0 errors"), "{}", run.stdout);
    let run = norma(&project, &["check"]);
    assert!(run.stdout.contains("0 errores"), "{}", run.stdout);
    // Outside a project: the locale, by POSIX precedence.
    let nowhere = dir.path().join("sin-proyecto");
    std::fs::create_dir(&nowhere).unwrap();
    let english = norma_with(&nowhere, &["--help"], &[("LANG", "en_US.UTF-8")]);
    assert!(
        english.stdout.contains("Usage: norma"),
        "{}",
        english.stdout
    );
    let spanish = norma_with(
        &nowhere,
        &["--help"],
        &[("LANG", "en_US.UTF-8"), ("LC_ALL", "es_MX.UTF-8")],
    );
    assert!(spanish.stdout.contains("Uso: norma"), "{}", spanish.stdout);
    assert_spanish("--help, LC_ALL=es_MX", &spanish.stdout);
    let missing = norma_with(&nowhere, &["check"], &[("LANG", "es_MX.UTF-8")]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("norma.yaml"), "{}", missing.stderr);
    for phrase in ["is not a norma project", "missing", "help:"] {
        assert!(
            !missing.stderr.contains(phrase),
            "«{phrase}» in {}",
            missing.stderr
        );
    }
    // A value that is not a language is refused, in Spanish.
    let bad = norma(&project, &["--lang", "fr", "check"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("valores posibles: es, en"),
        "{}",
        bad.stderr
    );
}
