//! The command line's own words: help, usage and every kind of mistake in a
//! command say themselves in Spanish (English with a project in English),
//! with clap still doing the parsing.

mod common;

use common::{copy_dir, fixtures, norma};

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
