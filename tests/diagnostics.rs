//! One broken project per diagnostic code: each `tests/fixtures/broken/<case>/` holds
//! the files that, laid over the valid fixture, break it (`overlay/`), paths to
//! delete (`remove`), inputs generated at run time (`setup`: huge files, alias bombs,
//! links out of the project), and the findings expected (`expected`: "CODE
//! file:line:col" per line). Each case runs the real binary three times (human, json,
//! github), and the human output is snapshot-tested.

mod common;

use std::fs;
use std::path::Path;

use common::{Finding, copy_dir, findings_from_github, findings_from_json, fixtures, norma};

fn apply_setup(project: &Path, outside: &Path, setup: &str) {
    for line in setup.lines().filter(|l| !l.trim().is_empty()) {
        let (what, path) = line.split_once(' ').expect("setup: WHAT PATH");
        let target = project.join(path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        match what {
            "big" => {
                let line = format!("# {}\n", "x".repeat(98));
                fs::write(&target, line.repeat(11 * 1024 * 1024 / 100 + 1)).unwrap();
            }
            "symlink" => {
                let secret = outside.join("secreto.yaml");
                fs::write(&secret, "code: \"2.9\"\nname: Fuera del proyecto\n").unwrap();
                #[cfg(unix)]
                std::os::unix::fs::symlink(&secret, &target).unwrap();
            }
            "alias-bomb" => {
                let mut text =
                    String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
                let mut previous = 'a';
                for c in 'b'..='m' {
                    let refs = vec![format!("*{previous}"); 9].join(",");
                    text.push_str(&format!("{c}: &{c} [{refs}]\n"));
                    previous = c;
                }
                fs::write(&target, text).unwrap();
            }
            "deep" => {
                fs::write(
                    &target,
                    format!("code: {}{}\n", "[".repeat(20_000), "]".repeat(20_000)),
                )
                .unwrap();
            }
            "deep-block" => {
                fs::write(&target, format!("{}x\n", "- ".repeat(20_000))).unwrap();
            }
            other => panic!("unknown setup {other}"),
        }
    }
}

fn read_expected(case: &Path) -> Vec<Finding> {
    let text = fs::read_to_string(case.join("expected")).unwrap_or_default();
    let mut out: Vec<Finding> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (code, place) = l.trim().split_once(' ').expect("CODE file:line:col");
            Finding {
                code: code.to_owned(),
                place: place.to_owned(),
            }
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_broken_fixture_reports_its_own_code_at_the_right_place() {
    let broken = fixtures().join("broken");
    let mut cases: Vec<_> = fs::read_dir(&broken)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 50, "the broken fixtures are missing");
    let mut failures = Vec::new();

    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let scratch = tempfile::tempdir().unwrap();
        let project = scratch.path().join("proyecto");
        let outside = scratch.path().join("fuera");
        fs::create_dir_all(&outside).unwrap();
        copy_dir(&fixtures().join("valid"), &project);
        if case.join("overlay").is_dir() {
            copy_dir(&case.join("overlay"), &project);
        }
        if let Ok(remove) = fs::read_to_string(case.join("remove")) {
            for path in remove.lines().filter(|l| !l.is_empty()) {
                let path = project.join(path);
                if path.is_dir() {
                    fs::remove_dir_all(path).unwrap();
                } else {
                    fs::remove_file(path).unwrap();
                }
            }
        }
        if let Ok(setup) = fs::read_to_string(case.join("setup")) {
            apply_setup(&project, &outside, &setup);
        }

        // Most codes come from `check`; those only a build can find (a template
        // failing on a page) have a `command` file that says `build`.
        let command = fs::read_to_string(case.join("command")).unwrap_or_else(|_| "check".into());
        let out = scratch.path().join("public");
        let args = |format: &str| -> Vec<String> {
            let mut a = vec![command.trim().to_owned(), "--format".into(), format.into()];
            if command.trim() == "build" {
                a.extend(["--out".into(), out.display().to_string()]);
            }
            a
        };
        let run = |format: &str| {
            let a = args(format);
            norma(&project, &a.iter().map(String::as_str).collect::<Vec<_>>())
        };
        let json = run("json");
        let github = run("github");
        let human = run("human");
        let found = findings_from_json(&json.stdout);

        if std::env::var_os("NORMA_PRINT_FINDINGS").is_some() {
            println!("== {name} (exit {})", json.code);
            for f in &found {
                println!("{f}");
            }
            println!("{}", human.stdout);
        }

        let own_code = name.to_uppercase();
        let is_warning = own_code.starts_with("W-");
        let expected = read_expected(case);
        let mut problems = Vec::new();
        if expected.is_empty() {
            problems.push("no expected findings written".to_owned());
        }
        if !expected.iter().any(|f| f.code == own_code) {
            problems.push(format!("expected does not list {own_code}"));
        }
        if found != expected {
            problems.push(format!(
                "findings differ\n  expected: {}\n  found:    {}",
                expected
                    .iter()
                    .map(|f| f.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                found
                    .iter()
                    .map(|f| f.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let has_errors = found.iter().any(|f| f.code.starts_with("E-"));
        let expected_exit = if has_errors { 1 } else { 0 };
        for (format, run) in [("json", &json), ("github", &github), ("human", &human)] {
            if run.code != expected_exit {
                problems.push(format!(
                    "{format}: exit {} instead of {expected_exit}; stderr: {}",
                    run.code, run.stderr
                ));
            }
            if run.stderr.contains("panicked") {
                problems.push(format!("{format}: panic: {}", run.stderr));
            }
            // A guard against runaway input (a YAML alias bomb, a deep nest), not a
            // speed test: a fixture takes milliseconds, a limit that does not hold
            // takes minutes or never ends. Speed is measured by the benches.
            if run.elapsed.as_secs_f64() > 30.0 {
                problems.push(format!(
                    "{format}: took {:?}; a limit on input size is not holding",
                    run.elapsed
                ));
            }
        }
        if findings_from_github(&github.stdout) != found {
            problems.push(
                "--format github does not report the same findings as --format json".to_owned(),
            );
        }
        if is_warning {
            let denied = norma(&project, &["check", "--deny-warnings"]);
            if denied.code != 1 {
                problems.push(format!(
                    "--deny-warnings: exit {} instead of 1",
                    denied.code
                ));
            }
        }
        for f in &found {
            if !human.stdout.contains(&format!("[{}]", f.code))
                || !human.stdout.contains(&format!("--> {}", f.place))
            {
                problems.push(format!("the human output does not show {f}"));
            }
        }
        if command.trim() == "build" && out.exists() {
            problems.push("a failed build wrote its output".to_owned());
        }
        insta::assert_snapshot!(format!("broken__{name}"), human.stdout);
        if !problems.is_empty() {
            failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_valid_fixture_is_clean() {
    let run = norma(&fixtures().join("valid"), &["check", "--format", "json"]);
    assert_eq!(run.stdout.trim(), "[]", "{}", run.stdout);
    assert_eq!(run.code, 0);
}

#[test]
fn every_code_has_a_broken_fixture() {
    for code in norma::diagnostic::codes::ALL {
        let dir = fixtures().join("broken").join(code.code.to_lowercase());
        assert!(dir.is_dir(), "no broken fixture for {}", code.code);
    }
}

#[test]
fn every_code_is_documented() {
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md"))
        .unwrap();
    for code in norma::diagnostic::codes::ALL {
        assert!(
            doc.contains(&format!("\n## {}\n", code.code)),
            "docs/diagnostics.md lacks {}",
            code.code
        );
    }
}

#[test]
fn without_offices_yaml_one_finding_says_the_file_is_missing() {
    let (_dir, project) = common::example_copy();
    fs::remove_file(project.join("content/offices.yaml")).unwrap();
    let run = norma(&project, &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found = findings_from_json(&run.stdout);
    let audience: Vec<_> = found
        .iter()
        .filter(|f| f.code == "E-AUDIENCE-UNKNOWN")
        .collect();
    assert_eq!(audience.len(), 1, "{found:?}");
    assert!(
        run.stdout
            .contains("content/offices.yaml falta o está vacío"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_yes_written_in_spanish_where_true_goes_is_told_to_write_true() {
    let run = check_example_with(
        "content/mp-afil/procedures/9210-003-202.yaml",
        "end: true",
        "end: sí",
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("error[E-FIELD-TYPE]"), "{}", run.stdout);
    assert!(run.stdout.contains("escriba «end: true»"), "{}", run.stdout);
    // The real mistake is the only error.
    assert!(run.stdout.contains(": 1 error,"), "{}", run.stdout);
}

/// Each kind of YAML mistake an author makes, said in Spanish and pointed
/// where it is: (what is replaced, by what, the place, words of the message).
#[test]
fn yaml_syntax_errors_are_in_spanish_and_point_at_the_mistake() {
    let cases: [(&str, &str, &str, &str); 6] = [
        (
            "name: División de Prueba",
            "name: \"División de Prueba",
            ":2:7",
            "este «\"» no se cierra",
        ),
        (
            "name: División de Prueba",
            "name: [División de Prueba",
            ":2:7",
            "este «[» no se cierra",
        ),
        (
            "functions:",
            "functions: {",
            ":3:12",
            "este «{» no se cierra",
        ),
        ("  - Informar", "\t- Informar", ":10:1", "tabulador"),
        (
            "name: División de Prueba",
            "name: División de Prueba\n@x",
            ":3:1",
            "el carácter «@»",
        ),
        (
            "code: 2.2.1",
            "code: 2.2.1\n  otro: x",
            ":2:7",
            "más sangría que la anterior",
        ),
    ];
    let english = [
        "while scanning",
        "mapping values",
        "did not find",
        "is only valid",
        "unexpected character",
        "not allowed",
        "indentation in",
    ];
    for (from, to, place, words) in cases {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p");
        copy_dir(&fixtures().join("valid"), &project);
        let file = project.join("content/mo/units/2.2.1.yaml");
        let text = fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{from}");
        fs::write(&file, text.replacen(from, to, 1)).unwrap();
        let run = norma(&project, &["check"]);
        assert_eq!(run.code, 1, "{to}: {}", run.stdout);
        assert!(
            run.stdout.contains("error[E-YAML-SYNTAX]"),
            "{to}: {}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains(&format!("content/mo/units/2.2.1.yaml{place}")),
            "{to}: not at {place}\n{}",
            run.stdout
        );
        assert!(run.stdout.contains(words), "{to}: {}", run.stdout);
        for phrase in english {
            assert!(
                !run.stdout.contains(phrase),
                "{to}: «{phrase}» in {}",
                run.stdout
            );
        }
    }
}

#[test]
fn a_step_cited_by_its_printed_number_is_told_its_id() {
    let run = check_example_with(
        "content/gs-afil/guides/9210-011-001.yaml",
        "proc:9210-003-203#autoriza",
        "proc:9210-003-203#7",
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("cita la actividad por su número"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("escriba proc:9210-003-203#valida-solicitante"),
        "{}",
        run.stdout
    );
    // Guide items are named by their printed number, counted across the guide.
    assert!(
        run.stdout.contains("en el reactivo 1 de la guía"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_unit_renumbered_is_found_by_the_name_the_link_gives_it() {
    let run = check_example_with(
        "content/mo-dir/units/7.3.yaml",
        "functions:\n",
        "functions:\n  - Coordinar con la [Coordinación de Afiliación](unit:7.2.9) los avisos.\n",
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    // 7.2.9 is nearest to 7.2.1 by spelling too; the name says which one.
    assert!(
        run.stdout
            .contains("el texto del enlace nombra la unidad 7.2.1, «Coordinación de Afiliación»"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_invisible_character_is_named_not_shown_as_nothing() {
    let run = check_example_with(
        "content/mo-dir/units/7.3.yaml",
        "functions:\n",
        "functions:\n  - Coordinar\u{200B} los avisos.\n",
    );
    assert!(
        run.stdout.contains("espacio de ancho cero (U+200B)"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("«\u{200B}»"), "{}", run.stdout);
}

/// A field written twice is reported where it is written again, and the
/// file is read on with the first value: norma.yaml keeps its other fields
/// (no error about a missing «institution»), a unit file keeps its unit.
#[test]
fn a_field_written_twice_loses_only_its_second_line() {
    let (_dir, project) = common::example_copy();
    let settings = project.join("norma.yaml");
    let text = fs::read_to_string(&settings).unwrap();
    fs::write(&settings, format!("{text}\nsite_title: Otra vez\n")).unwrap();
    let unit = project.join("content/mo-dir/units/7.3.yaml");
    let text = fs::read_to_string(&unit).unwrap();
    fs::write(&unit, format!("{text}\nobjective: Otra vez\nname: Otra\n")).unwrap();
    let run = norma(&project, &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let errors: Vec<(String, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let duplicate = "E-YAML-DUPLICATE-KEY".to_owned();
    let unit = "content/mo-dir/units/7.3.yaml".to_owned();
    assert_eq!(
        errors,
        vec![
            (duplicate.clone(), unit.clone()),
            (duplicate.clone(), unit),
            (duplicate, "norma.yaml".to_owned()),
        ],
        "{}",
        run.stdout
    );
}

/// A wrong reference is reported in the same round as another file's
/// mistake, unless its target may be lost in a file with an error: one that
/// gave no entry (any target), or the cited unit's own file (its functions).
#[test]
fn a_wrong_reference_is_reported_beside_a_mistake_that_loses_nothing() {
    let (_dir, project) = common::example_copy();
    let edit = |file: &str, from: &str, to: &str| {
        let path = project.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "content/mo-dir/units/7.3.yaml",
        "functions:\n",
        "functions:\n  - Coordinar con [la unidad](unit:7.3.9.9) y [su función](fn:7.3.1.1/99) los avisos.\n",
    );
    // A misspelt field elsewhere loses nothing a link could reach.
    edit("content/mo-dir/units/7.1.yaml", "objective:", "objetive:");
    let run = norma(&project, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("E-FIELD-UNKNOWN"), "{}", run.stdout);
    assert!(run.stdout.contains("«unit:7.3.9.9»"), "{}", run.stdout);
    assert!(run.stdout.contains("«fn:7.3.1.1/99»"), "{}", run.stdout);

    // A misspelt «functions» in the cited unit's file: its function 99 may
    // be there, so only the unit reference is reported.
    edit(
        "content/mo-dir/units/7.3.1.1.yaml",
        "functions:",
        "funtions:",
    );
    let run = norma(&project, &["check"]);
    assert!(run.stdout.contains("«unit:7.3.9.9»"), "{}", run.stdout);
    assert!(!run.stdout.contains("«fn:7.3.1.1/99»"), "{}", run.stdout);

    // A unit file that does not parse may hold 7.3.9.9: both stay quiet
    // until it is mended.
    fs::write(
        project.join("content/mo-dir/units/7.9.yaml"),
        "code: 7.9\nname: \"Sin cerrar\n",
    )
    .unwrap();
    let run = norma(&project, &["check"]);
    assert!(run.stdout.contains("E-YAML-SYNTAX"), "{}", run.stdout);
    assert!(!run.stdout.contains("E-REF-UNKNOWN"), "{}", run.stdout);
}

/// `norma check` on a copy of the example with `from` replaced by `to` in
/// `file` (once).
fn check_example_with(file: &str, from: &str, to: &str) -> common::Run {
    let (_dir, project) = common::example_copy();
    let path = project.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    norma(&project, &["check"])
}

#[test]
fn a_procedures_manual_of_one_procedure_may_carry_its_clave() {
    let (_dir, project) = common::example_copy();
    let from = project.join("content/mp-afil");
    let to = project.join("content/mp-uno");
    copy_dir(&from, &to);
    fs::remove_file(to.join("procedures/9210-003-203.yaml")).unwrap();
    let procedure = to.join("procedures/9210-003-202.yaml");
    let text = fs::read_to_string(&procedure).unwrap();
    fs::write(
        &procedure,
        text.replacen("code: 9210-003-202", "code: 9210-003-900", 1),
    )
    .unwrap();
    let manual = to.join("manual.yaml");
    let text = fs::read_to_string(&manual).unwrap();
    fs::write(
        &manual,
        text.replacen("code: 9210-003-000", "code: 9210-003-900", 1),
    )
    .unwrap();
    let run = norma(&project, &["check", "--format", "json"]);
    let found = findings_from_json(&run.stdout);
    assert!(
        !found.iter().any(|f| f.code == "E-CODE-DUPLICATE"),
        "{}",
        run.stdout
    );
    // A second procedure in that manual makes the shared clave a duplicate.
    copy_dir(&from.join("procedures"), &to.join("procedures"));
    fs::write(
        to.join("procedures/9210-003-202.yaml"),
        fs::read_to_string(from.join("procedures/9210-003-202.yaml"))
            .unwrap()
            .replacen("code: 9210-003-202", "code: 9210-003-901", 1),
    )
    .unwrap();
    fs::write(
        to.join("procedures/9210-003-203.yaml"),
        fs::read_to_string(from.join("procedures/9210-003-203.yaml"))
            .unwrap()
            .replacen("code: 9210-003-203", "code: 9210-003-900", 1),
    )
    .unwrap();
    let run = norma(&project, &["check", "--format", "json"]);
    let found = findings_from_json(&run.stdout);
    assert!(
        found.iter().any(|f| f.code == "E-CODE-DUPLICATE"),
        "{}",
        run.stdout
    );
}

/// Mistakes of the new-user trial (docs/dev/trial-30-mistakes.md) that
/// printed wrong in silence or were told with a hint that led astray: each
/// is now said where it is, with the hint that fixes it.
#[test]
fn the_trials_silent_misprints_are_said_with_a_hint_that_fixes_them() {
    let cases: [(&str, &str, &str, &str, &str); 31] = [
        // A reference without its kind: printed as nothing.
        (
            "content/mo-dir/manual.yaml",
            "[](unit:7.2.1.2.1)",
            "[](7.2.1.2.1)",
            "error[E-REF-MALFORMED]",
            "¿quiso decir «unit:7.2.1.2.1»?",
        ),
        // The same with a number that is nothing: printed as nothing too.
        (
            "content/mo-dir/manual.yaml",
            "[](unit:7.2.1.2.1)",
            "[](7.2.1.2.9)",
            "error[E-REF-MALFORMED]",
            "[](unit:7.2.1.2.9)",
        ),
        // Options on a field that is not a choice: printed as a line.
        (
            "content/cf-afil/forms/9210-009-001.yaml",
            "        type: choice\n        options: [Fijo, Variable, Mixto]",
            "        type: text\n        options: [Fijo, Variable, Mixto]",
            "error[E-FORM-CHOICE-OPTIONS]",
            "escriba «type: choice»",
        ),
        // The same term twice, in other capitals: printed twice.
        (
            "content/glossary.yaml",
            "- term: INFONAVIT",
            "- term: Imss\n  expansion: Instituto Mexicano del Seguro Social\n- term: INFONAVIT",
            "error[E-GLOSSARY-DUPLICATE]",
            "como «IMSS»",
        ),
        // A length with decimals: told it was "a text".
        (
            "content/cf-afil/forms/9210-009-001.yaml",
            "length: 11",
            "length: 11.5",
            "error[E-FIELD-VALUE]",
            "«length: 11» o «length: 12»",
        ),
        // A field name in Spanish: told only the list of fields.
        (
            "content/mo-dir/units/7.3.1.yaml",
            "name: Coordinación de Cobranza",
            "nombre: Coordinación de Cobranza",
            "error[E-FIELD-UNKNOWN]",
            "¿quiso decir «name»?",
        ),
        // A value in Spanish: told only the list of values.
        (
            "norma.yaml",
            "paper: letter",
            "paper: carta",
            "error[E-FIELD-VALUE]",
            "¿quiso decir «letter»?",
        ),
        // An empty scale: reported at the guide's code.
        (
            "content/gs-afil/guides/9210-011-001.yaml",
            "scale: [Cumple, No cumple, No aplica]",
            "scale: []",
            "9210-011-001.yaml:6:1",
            "está vacía",
        ),
        // A negative length: told it was "a text".
        (
            "content/cf-afil/forms/9210-009-001.yaml",
            "length: 11",
            "length: -11",
            "error[E-FIELD-VALUE]",
            "«length: 11»",
        ),
        // The actor by its name: told to declare what is declared.
        (
            "content/mp-afil/procedures/9210-003-202.yaml",
            "    actor: jsac",
            "    actor: Jefatura de Servicios de Afiliación y Cobranza del OOAD",
            "error[E-PROC-ACTOR]",
            "escriba «actor: jsac»",
        ),
        // Quotes inside a quoted name: told to add more quotes.
        (
            "content/mo-dir/units/7.3.1.yaml",
            "name: Coordinación de Cobranza",
            "name: \"Coordinación de Cobranza \"Zona Centro\"\"",
            "error[E-YAML-SYNTAX]",
            "use «» dentro",
        ),
        // Markdown bold at the start of a function: blamed on indentation.
        (
            "content/mo-dir/units/7.3.yaml",
            "functions:\n",
            "functions:\n  - **Dirigir** la política de fiscalización.\n",
            "error[E-YAML-SYNTAX]",
            "«>-» al final de la línea",
        ),
        // A second document: called an alias bomb.
        (
            "content/mo-dir/units/7.3.yaml",
            "functions:\n",
            "functions:\n---\n",
            "error[E-YAML-SYNTAX]",
            "quite la línea «---»",
        ),
        // A code with a leading zero: published beside 7.3.1 as another unit.
        (
            "content/mo-dir/units/7.3.1.yaml",
            "code: 7.3.1\n",
            "code: 7.3.01\n",
            "error[E-UNIT-CODE]",
            "escriba «7.3.1»",
        ),
        // An empty name: a page titled with its code and empty links.
        (
            "content/mo-dir/units/7.3.1.yaml",
            "name: Coordinación de Cobranza",
            "name: \"\"",
            "error[E-FIELD-TYPE]",
            "escriba el valor",
        ),
        // The functions indented into the objective: printed as its text.
        (
            "content/mo-dir/units/7.3.yaml",
            "\nfunctions:\n",
            "\n  functions:\n",
            "aviso[W-TEXT-INDENT]",
            "alinee la línea",
        ),
        // A function one space too deep: joined to the one above.
        (
            "content/mo-dir/units/7.3.yaml",
            "functions:\n",
            "functions:\n  - Establecer los criterios.\n   - Supervisar su aplicación.\n",
            "aviso[W-TEXT-INDENT]",
            "alinee la línea",
        ),
        // The parent's file holds another code: told to create it again.
        (
            "content/mo-dir/units/7.3.yaml",
            "code: \"7.3\"",
            "code: \"7.2\"",
            "error[E-UNIT-PARENT]",
            "content/mo-dir/units/7.3.yaml tiene el código 7.2",
        ),
        // A backslash in double quotes: told a quote is not closed.
        (
            "content/mo-dir/units/7.3.1.yaml",
            "name: Coordinación de Cobranza",
            "name: \"Coordinación C:\\q\"",
            "error[E-YAML-SYNTAX]",
            "comillas simples, donde «\\» es una letra más",
        ),
        // A function in brackets: told to write "name: value".
        (
            "content/mo-dir/units/7.3.yaml",
            "functions:\n",
            "functions:\n  - [Coordinar la cobranza]\n",
            "error[E-FIELD-TYPE]",
            "quite los corchetes",
        ),
        // A word taken for a YAML tag: published without it, silently.
        (
            "content/mo-dir/units/7.3.1.yaml",
            "name: Coordinación de Cobranza",
            "name: !Urgente Coordinación de Cobranza",
            "error[E-YAML-SYNTAX]",
            "comillas simples ('!Urgente revisar')",
        ),
        // An error turned off: a decision that "goes on to activity 0".
        (
            "norma.yaml",
            "lint:\n",
            "lint:\n  E-PROC-GOTO: off\n",
            "error[E-FIELD-VALUE]",
            "«lint» cambia el nivel de los avisos",
        ),
        // A section generating what the manual has none of: told to add one.
        (
            "content/mp-afil/manual.yaml",
            "generate: procedures",
            "generate: units",
            "aviso[W-SECTION-MISSING]",
            "¿quiso decir «generate: procedures»?",
        ),
        // A reference's kind in capitals: printed as a document's name.
        (
            "content/mp-afil/procedures/9210-003-202.yaml",
            "- form:9210-009-001",
            "- Form:9210-009-001",
            "aviso[W-REF-BARE]",
            "«form:9210-009-001»",
        ),
        // Two branches for one answer: accepted, and drawn both.
        (
            "content/mp-afil/procedures/9210-003-202.yaml",
            "- { when: \"No\", goto: resguarda }",
            "- { when: Sí, goto: resguarda }",
            "error[E-PROC-DECISION]",
            "cada respuesta lleva a un solo lugar",
        ),
        // An option written twice: two boxes, one label.
        (
            "content/cf-afil/forms/9210-009-001.yaml",
            "options: [Fijo, Variable, Mixto]",
            "options: [Fijo, Variable, Fijo]",
            "error[E-FORM-CHOICE-OPTIONS]",
            "borre una de las dos",
        ),
        // A length on a date: ignored by the drawing, printed in the instructions.
        (
            "content/cf-afil/forms/9210-009-001.yaml",
            "        type: date\n",
            "        type: date\n        length: 8\n",
            "aviso[W-FORM-FIELD-LENGTH]",
            "quite «length» de este campo",
        ),
        // A space after the kind of a link: told to use < >, losing the text.
        (
            "content/mo-dir/marco-juridico.md",
            "Constitución Política de los Estados Unidos Mexicanos.",
            "Constitución Política de los Estados Unidos Mexicanos; véase la [Dirección](unit: 7.1).",
            "error[E-REF-MALFORMED]",
            "quite el espacio después de «unit:»: [Dirección](unit:7.1)",
        ),
        // Two sections generating the change log: printed twice, the
        // glossary gone.
        (
            "content/mo-dir/manual.yaml",
            "generate: glossary",
            "generate: changes",
            "error[E-SECTION-CONTENT]",
            "como ya lo hace la sección",
        ),
        // A glossary term repeated with two spaces: two definitions.
        (
            "content/glossary.yaml",
            "- term: Sujeto obligado\n",
            "- term: Sujeto  obligado\n  definition: Quien debe inscribirse.\n- term: Sujeto obligado\n",
            "error[E-GLOSSARY-DUPLICATE]",
            "deje una sola definición",
        ),
        // Raw HTML: printed as visible tags.
        (
            "content/mo-dir/units/7.3.1.yaml",
            "name: Coordinación de Cobranza",
            "name: Coordinación de <b>Cobranza</b>",
            "aviso[W-HTML-TEXT]",
            "Markdown",
        ),
    ];
    for (file, from, to, code, hint) in cases {
        let run = check_example_with(file, from, to);
        assert!(run.stdout.contains(code), "{to}: no {code}\n{}", run.stdout);
        assert!(
            run.stdout.contains(hint),
            "{to}: no «{hint}»\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(&format!("--> {file}:")),
            "{to}: not located in {file}\n{}",
            run.stdout
        );
    }
}

#[test]
fn an_entry_file_whose_name_does_not_end_in_yaml_is_named_with_its_right_name() {
    let (_dir, project) = common::example_copy();
    let units = project.join("content/mo-dir/units");
    let text = fs::read_to_string(units.join("7.3.1.yaml")).unwrap();
    fs::write(
        units.join("7.3.2.yaml.txt"),
        text.replace("code: 7.3.1", "code: 7.3.2"),
    )
    .unwrap();
    fs::write(
        units.join("7.3.3.YAML"),
        text.replace("code: 7.3.1", "code: 7.3.3"),
    )
    .unwrap();
    fs::write(units.join(".7.3.1.yaml.swp"), "x").unwrap();
    let run = norma(&project, &["check"]);
    assert!(
        run.stdout
            .contains("aviso[W-FILE-IGNORED]: norma no lee «7.3.2.yaml.txt»"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("cambie su nombre a «7.3.2.yaml»"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("cambie su nombre a «7.3.3.yaml»"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(".swp"), "{}", run.stdout);
}

/// One mistake in a procedure's flow is reported once, not followed by an
/// error for every step it cuts off.
#[test]
fn a_flow_mistake_is_one_error_not_one_per_step_after_it() {
    let file = "content/mp-afil/procedures/9210-003-202.yaml";
    for (from, to, code) in [
        // A misspelt «branches»: the decision has none.
        ("      branches:\n", "      branch:\n", "E-FIELD-UNKNOWN"),
        // The last step without «end: true».
        ("    end: true\n", "", "E-PROC-LAST-STEP"),
        // A branch without «goto».
        (
            "        - { when: \"No\", goto: resguarda }\n",
            "        - { when: \"No\" }\n",
            "E-FIELD-MISSING",
        ),
    ] {
        let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
        // The last «end: true» is the last step's.
        let at = if to.is_empty() {
            text.rfind(from)
        } else {
            text.find(from)
        }
        .expect(from);
        let changed = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
        let run = check_example_with(file, &text, &changed);
        let errors: Vec<&str> = run
            .stdout
            .lines()
            .filter(|l| l.starts_with("error["))
            .collect();
        assert_eq!(errors.len(), 1, "{to:?}: {errors:#?}");
        assert!(errors[0].contains(code), "{to:?}: {errors:#?}");
    }
}
