//! The example project at the repository root: `norma check` passes and prints only
//! the expected warning, the official gap in function 10 of 7.3.1.1.

mod common;

use std::path::Path;

use common::{findings_from_github, findings_from_json, norma};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_example_project_checks_with_only_the_official_inciso_gap() {
    let json = norma(root(), &["check", "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stdout);
    let found = findings_from_json(&json.stdout);
    let shown: Vec<String> = found.iter().map(|f| f.to_string()).collect();
    assert_eq!(
        shown,
        vec!["W-FN-INCISO-GAP content/mo-dir/units/7.3.1.1.yaml:70:16"],
        "unexpected findings"
    );
    let human = norma(root(), &["check"]);
    assert_eq!(human.code, 0);
    assert!(
        human
            .stdout
            .contains("falta el inciso b) en la función 10 de 7.3.1.1"),
        "{}",
        human.stdout
    );
    let github = norma(root(), &["check", "--format", "github"]);
    assert_eq!(findings_from_github(&github.stdout), found);
    let denied = norma(root(), &["check", "--deny-warnings"]);
    assert_eq!(denied.code, 1);
}

#[test]
fn the_example_keeps_every_seed_function_verbatim() {
    // Every numbered function and inciso of the two seed excerpts is in the loaded
    // content, in its official position and with its official label.
    let checked = norma::check_project(root()).expect("loads");
    let manual = checked
        .project
        .manuals
        .iter()
        .find(|m| m.id.value == "mo-dir")
        .expect("the organization manual");
    let mut checked_lines = 0;
    for seed in common::seeds::seed_lines() {
        let unit = manual
            .units
            .iter()
            .find(|u| u.code.value == seed.unit)
            .unwrap_or_else(|| panic!("unit {}", seed.unit));
        let function = &unit.functions[seed.function - 1];
        match &seed.inciso {
            None => assert_eq!(
                plain(&function.text.value),
                seed.text,
                "función {} de {}",
                seed.function,
                seed.unit
            ),
            Some(label) => {
                let index = function.labels().iter().position(|l| l == label).unwrap();
                assert_eq!(plain(&function.items[index].text.value), seed.text);
            }
        }
        checked_lines += 1;
    }
    assert_eq!(checked_lines, 19 + 26 + 2 + 5);
}

/// Markdown links as a reader sees them: "[Coordinación de Cobranza](unit:7.3.1)" →
/// "Coordinación de Cobranza".
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('[') {
        out.push_str(&rest[..start]);
        let Some(mid) = rest[start..].find("](") else {
            break;
        };
        let Some(end) = rest[start + mid..].find(')') else {
            break;
        };
        out.push_str(&rest[start + 1..start + mid]);
        rest = &rest[start + mid + end + 1..];
    }
    out.push_str(rest);
    out
}
