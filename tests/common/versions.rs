//! A second version of the example's mo-dir: `norma release` freezes 3.1,
//! then 3.2 (in force from 2026-11-01) rewords a function of 7.3.1.1 and adds
//! one before function 4.

use std::fs;
use std::path::Path;

use super::norma;

pub fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

pub const CHANGED_WORDING: &str = "en el diseño y la actualización de los sistemas";
pub const NEW_FUNCTION: &str = "Vigilar que los sistemas de registro de la recaudación cumplan con los criterios de seguridad de la información";

/// Release 3.1 of mo-dir, then make 3.2: one function reworded, one added
/// (which renumbers the ones after it), in force from 2026-11-01.
pub fn release_then_edit(root: &Path) {
    let run = norma(root, &["release", "mo-dir"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("releases/mo-dir/3.1"), "{}", run.stdout);
    let manual = root.join("content/mo-dir/manual.yaml");
    edit(&manual, "version: \"3.1\"", "version: \"3.2\"");
    edit(&manual, "authorized: 2025-03-14", "authorized: 2026-10-01");
    edit(&manual, "effective: 2025-04-01", "effective: 2026-11-01");
    edit(&manual, "supersedes: \"3.0\"", "supersedes: \"3.1\"");
    edit(
        &manual,
        "changes:\n",
        "changes:\n  - version: \"3.2\"\n    date: 2026-10-01\n    summary: Se actualizan funciones.\n",
    );
    let unit = root.join("content/mo-dir/units/7.3.1.1.yaml");
    edit(
        &unit,
        "en el diseño de los\n    sistemas",
        "en el diseño y la actualización de los\n    sistemas",
    );
    edit(
        &unit,
        "  - >-\n    Concertar, en el ámbito de su competencia, con las Entidades Receptoras,",
        &format!(
            "  - >-\n    {NEW_FUNCTION}.\n  - >-\n    Concertar, en el ámbito de su competencia, con las Entidades Receptoras,"
        ),
    );
}

/// A day on which 3.2 is in force and 3.1 superseded: 2026-11-18.
pub const TODAY: (&str, &str) = ("SOURCE_DATE_EPOCH", "1795000000");
