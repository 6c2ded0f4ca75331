//! `norma serve` rebuilds with what it kept from the last time (the parsed
//! entry files, the rendered pages): after any sequence of edits, additions,
//! deletions, renames and broken saves, what it serves must be byte for byte
//! what a build from nothing makes of the same files (issue #23).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use norma::pipeline::{Scope, Site};
use norma::serve::live::{Builder, Rebuilt};

/// A small deterministic generator (xorshift64*): the same seed, the same edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn unit_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root.join("content/mo-dir/units"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// `text` with `words` put at the start of its first function's text, at
/// that line's indentation.
fn reword(text: &str, words: &str) -> String {
    let Some(at) = text.find("  - >-\n") else {
        return text.to_owned();
    };
    let line = at + "  - >-\n".len();
    let indent = text[line..].len() - text[line..].trim_start_matches(' ').len();
    format!(
        "{}{words}{}",
        &text[..line + indent],
        &text[line + indent..]
    )
}

/// A function added to unit 7.2.1.2.1 for the test: the units added below
/// cite it, and one edit takes it away for a step.
const EXTRA: &str = "  - >-\n    Verificar las tareas adicionales del área.\n";

/// The file of unit 7.2.1.2.1 (renames move it).
fn cited_unit(root: &Path) -> PathBuf {
    unit_files(root)
        .into_iter()
        .find(|f| {
            fs::read_to_string(f)
                .unwrap()
                .contains("\ncode: 7.2.1.2.1\n")
        })
        .expect("7.2.1.2.1 is in the example")
}

/// Acronyms no glossary has, put into rewordings: the writing rules report
/// each once, where first used, with how many times it is used.
const ACRONYMS: [&str; 3] = ["ZQSAT", "ZQIMSS", "ZQRFC"];

/// Words that cite a unit the example does not have.
const BAD_REFERENCE: &str = "Revisar la [](unit:7.9.9.8) y ";

/// One random change an author might save; returns what it was, for the
/// failure message. `extra` is the number of the function `EXTRA` is.
fn edit(root: &Path, rng: &mut Rng, step: usize, extra: usize) -> String {
    let files = unit_files(root);
    let file = &files[rng.below(files.len())];
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let text = fs::read_to_string(file).unwrap();
    match rng.below(18) {
        // A function reworded (the commonest save).
        0..=2 => {
            let acronym = ACRONYMS[rng.below(ACRONYMS.len())];
            fs::write(
                file,
                reword(&text, &format!("Revisar{step} con {acronym} y ")),
            )
            .unwrap();
            format!("reworded {name}")
        }
        // A new unit under an existing one.
        3 => {
            let code = format!("7.2.{}", 500 + step);
            let new = format!(
                "code: \"{code}\"\nname: Unidad nueva {step}\nreports_to: \"7.2\"\nobjective: >-\n  Coordinar la tarea {step}.\nfunctions:\n  - >-\n    Coordinar las acciones de la tarea {step} con la [](unit:7.2.1.2.1) según la [](fn:7.2.1.2.1/{extra}).\n"
            );
            fs::write(root.join(format!("content/mo-dir/units/{code}.yaml")), new).unwrap();
            format!("added {code}")
        }
        // A unit deleted: one added before, so the project stays whole (a
        // deleted unit of the example breaks references for good).
        4 => match files.iter().find(|f| f.to_string_lossy().contains("7.2.5")) {
            Some(added) => {
                fs::remove_file(added).unwrap();
                format!("deleted {}", added.file_name().unwrap().to_string_lossy())
            }
            None => "nothing to delete".into(),
        },
        // A file renamed: the same text under another name.
        5 => {
            let to = file.with_file_name(format!("z{step}-{name}"));
            fs::rename(file, &to).unwrap();
            format!("renamed {name}")
        }
        // A unit renamed: every page that shows its name changes.
        6 => {
            fs::write(
                file,
                text.replacen("\nname: ", &format!("\nname: Nueva{step} "), 1),
            )
            .unwrap();
            format!("renamed the unit of {name}")
        }
        // Its objective reworded: its page alone.
        7 => {
            fs::write(
                file,
                text.replacen(
                    "\nobjective: >-\n  ",
                    &format!("\nobjective: >-\n  Revisar{step} y "),
                    1,
                ),
            )
            .unwrap();
            format!("reworded the objective of {name}")
        }
        // A unit that other files cite by an empty link (the units added
        // above) renamed: their pages show its new name.
        8 => {
            let cited = files
                .iter()
                .find(|f| {
                    fs::read_to_string(f)
                        .unwrap()
                        .contains("\ncode: 7.2.1.2.1\n")
                })
                .expect("7.2.1.2.1 is in the example");
            let text = fs::read_to_string(cited).unwrap();
            fs::write(
                cited,
                text.replacen("\nname: ", &format!("\nname: Nombrada{step} "), 1),
            )
            .unwrap();
            "renamed unit 7.2.1.2.1, which others cite".into()
        }
        // An added unit moved under another boss: two units' lists of the
        // units under them change, and no link target does.
        9 => match files.iter().find(|f| f.to_string_lossy().contains("7.2.5")) {
            Some(added) => {
                let text = fs::read_to_string(added).unwrap();
                let moved = if text.contains("reports_to: \"7.2\"") {
                    text.replace("reports_to: \"7.2\"", "reports_to: \"7.1\"")
                } else {
                    text.replace("reports_to: \"7.1\"", "reports_to: \"7.2\"")
                };
                fs::write(added, moved).unwrap();
                format!("moved {}", added.file_name().unwrap().to_string_lossy())
            }
            None => "nothing to move".into(),
        },
        // A supervision guide cites another function of a unit: the lists
        // of what supervises two functions change, and no link target does.
        10 => {
            let guide = root.join("content/gs-afil/guides/9210-011-001.yaml");
            let text = fs::read_to_string(&guide).unwrap();
            let (from, to) = ("[](fn:mo-dir/7.2.1.2.1/14)", "[](fn:mo-dir/7.2.1.2.1/3)");
            let cited = if text.contains(from) {
                text.replacen(from, to, 1)
            } else {
                text.replacen(to, from, 1)
            };
            fs::write(&guide, cited).unwrap();
            "a guide cites another function".into()
        }
        // The function the added units cite taken away (put back at the
        // next step): their unchanged files now hold broken references.
        11 => {
            let cited = cited_unit(root);
            let text = fs::read_to_string(&cited).unwrap();
            fs::write(&cited, text.replacen(EXTRA, "", 1)).unwrap();
            "dropped a function others cite".into()
        }
        // A function added at the end of a unit (every unit file of the
        // example ends with its functions): the manual's contents count it.
        12 => {
            fs::write(
                file,
                format!("{text}  - >-\n    Atender la tarea nueva {step}.\n"),
            )
            .unwrap();
            format!("added a function to {name}")
        }
        // An acronym the rewordings use defined in the glossary, or taken
        // out again: every unit that uses it marks it otherwise.
        13 => {
            let glossary = root.join("content/glossary.yaml");
            let text = fs::read_to_string(&glossary).unwrap();
            let term = "- term: ZQSAT\n  expansion: Zona de prueba del SAT\n";
            let changed = match text.find(term) {
                Some(at) => format!("{}{}", &text[..at], &text[at + term.len()..]),
                None => format!("{text}{term}"),
            };
            fs::write(&glossary, changed).unwrap();
            "defined or undefined ZQSAT in the glossary".into()
        }
        // The manual's title changed: every page of it says it.
        14 => {
            let manual = root.join("content/mo-dir/manual.yaml");
            let text = fs::read_to_string(&manual).unwrap();
            let changed = if text.contains(" (revisado)\n") {
                text.replacen(" (revisado)\n", "\n", 1)
            } else {
                text.replacen("\ntitle: Manual de Organización de la Dirección de Incorporación y Recaudación\n", "\ntitle: Manual de Organización de la Dirección de Incorporación y Recaudación (revisado)\n", 1)
            };
            fs::write(&manual, changed).unwrap();
            "retitled mo-dir".into()
        }
        // A step of a procedure reworded.
        15 => {
            let procedure = root.join("content/mp-afil/procedures/9210-003-202.yaml");
            let text = fs::read_to_string(&procedure).unwrap();
            fs::write(
                &procedure,
                text.replacen(
                    "  - text: >-\n      ",
                    &format!("  - text: >-\n      Revisar{step} y "),
                    1,
                ),
            )
            .unwrap();
            "reworded a step of 9210-003-202".into()
        }
        // The manual's legal framework (a Markdown section) reworded.
        16 => {
            let section = root.join("content/mo-dir/marco-juridico.md");
            let text = fs::read_to_string(&section).unwrap();
            fs::write(&section, format!("{text}\nRevisado en el paso {step}.\n")).unwrap();
            "reworded the legal framework of mo-dir".into()
        }
        // A broken save: a tab and an unclosed quote, or a reference to a
        // unit that does not exist.
        _ if rng.below(2) == 0 => {
            fs::write(file, format!("{text}\n\tname: \"sin cerrar\n")).unwrap();
            format!("broke {name}")
        }
        _ => {
            fs::write(file, reword(&text, BAD_REFERENCE)).unwrap();
            format!("broke a reference in {name}")
        }
    }
}

/// What a build from nothing makes: the findings' text when there are
/// errors, else every file of the site and the warnings as serve prints them.
fn from_nothing(root: &Path) -> Result<(norma::html::Files, Option<String>), String> {
    let mut site = Site::load(root).map_err(|e| format!("{e:?}"))?;
    if site.has_errors() {
        let checked = site.into_checked();
        let errors = checked.diagnostics.errors();
        return Err(norma::diagnostic::render_human(
            &errors,
            &checked.project.sources,
            checked.project.settings.language,
            false,
            "",
        ));
    }
    let warnings = (!site.checked.diagnostics.is_empty()).then(|| {
        norma::diagnostic::render_human(
            &site.checked.diagnostics,
            &site.checked.project.sources,
            site.lang(),
            false,
            "",
        )
    });
    let doc = site.resolve(Scope::everyone(true));
    let (files, _) = site
        .render(&doc, None, &|_| {})
        .map_err(|e| format!("{e:?}"))?;
    Ok((files, warnings))
}

/// Every file but the search index's, as (path, bytes).
fn without_search<'a, B: 'a>(
    files: &'a std::collections::BTreeMap<String, B>,
    bytes: impl Fn(&'a B) -> &'a [u8],
) -> Vec<(&'a String, &'a [u8])> {
    files
        .iter()
        .filter(|(p, _)| !p.starts_with(norma::search::FOLDER))
        .map(|(p, b)| (p, bytes(b)))
        .collect()
}

/// Dates every file under `dir` an hour back. Serve takes a file whose size
/// and times have not changed from its last load without reading it, but
/// only once it is two seconds old; backdated, the copy's files are taken
/// that way, and so is an edited file that is backdated too (its change
/// time still tells).
fn backdate(dir: &Path) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            backdate(&path);
        } else {
            fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(then)
                .unwrap();
        }
    }
}

/// Rebuilds with what `builder` kept and compares with a build from nothing:
/// the same warnings and pages, or the same findings. Returns how many pages
/// were made again and how many the site has, when it built.
fn rebuild_and_compare(
    builder: &mut Builder,
    root: &Path,
    history: &[String],
) -> Option<(usize, usize)> {
    // After a broken save the cache must not keep the broken parse.
    let (rebuilt, _) = builder.build(false);
    let fresh = from_nothing(root);
    match (rebuilt, fresh) {
        (
            Rebuilt::Site {
                files,
                doc,
                warnings,
                rendered,
                pages,
                ..
            },
            Ok((expected, expected_warnings)),
        ) => {
            assert_eq!(
                warnings, expected_warnings,
                "after {history:?}: the warnings differ"
            );
            // As serve does once the pages are published.
            let doc = std::sync::Arc::new(*doc);
            builder.remember_document(doc.clone());
            let (served, fresh) = (
                without_search(&files, |b| b.as_slice()),
                without_search(&expected, |b| b.as_slice()),
            );
            if served != fresh {
                let differ: Vec<&String> = served
                    .iter()
                    .zip(&fresh)
                    .filter(|(a, b)| a != b)
                    .map(|(a, _)| a.0)
                    .collect();
                panic!(
                    "after {history:?}: the served pages differ from a build from nothing \
                     ({} and {} files; these differ: {differ:?})",
                    served.len(),
                    fresh.len()
                );
            }
            let index = Site::search_index(&doc).expect("the index builds");
            let expected_index: Vec<_> = expected
                .iter()
                .filter(|(p, _)| p.starts_with(norma::search::FOLDER))
                .collect();
            assert!(
                index.iter().collect::<Vec<_>>() == expected_index,
                "after {history:?}: the search index differs"
            );
            Some((rendered, pages))
        }
        (Rebuilt::Failed(problems), Err(expected)) => {
            assert_eq!(problems.text, expected, "after {history:?}");
            None
        }
        (Rebuilt::Site { .. }, Err(e)) => {
            panic!("after {history:?}: serve built, a build from nothing failed: {e}")
        }
        (Rebuilt::Failed(p), Ok(_)) => {
            panic!(
                "after {history:?}: serve failed, a build from nothing did not: {}",
                p.text
            )
        }
    }
}

#[test]
fn serve_after_random_edits_equals_a_build_from_nothing() {
    let (_dir, root) = common::example_copy();
    let cited = cited_unit(&root);
    let text = fs::read_to_string(&cited).unwrap();
    let extra = text.matches("\n  - ").count() + 1;
    fs::write(&cited, format!("{text}{EXTRA}")).unwrap();
    backdate(&root.join("content"));
    let mut builder = Builder::new(&root, true, false);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (first, _) = builder.build(false);
    let Rebuilt::Site { doc, .. } = first else {
        panic!("the example builds")
    };
    builder.remember_document(std::sync::Arc::new(*doc));
    let mut history = Vec::new();
    for step in 0..64 {
        history.push(edit(&root, &mut rng, step, extra));
        if rng.below(2) == 0 {
            backdate(&root.join("content"));
        }
        rebuild_and_compare(&mut builder, &root, &history);
        // A function taken away comes back at the next step.
        if history.last().is_some_and(|h| h.starts_with("dropped")) {
            let cited = cited_unit(&root);
            let text = fs::read_to_string(&cited).unwrap();
            fs::write(&cited, format!("{text}{EXTRA}")).unwrap();
            history.push("restored".into());
        }
        // A broken file is mended at the next step, as an author would.
        if history.last().is_some_and(|h| h.starts_with("broke")) {
            for file in unit_files(&root) {
                let text = fs::read_to_string(&file).unwrap();
                if let Some(at) = text.find("\n\tname: \"sin cerrar") {
                    fs::write(&file, &text[..at]).unwrap();
                } else if text.contains(BAD_REFERENCE) {
                    fs::write(&file, text.replacen(BAD_REFERENCE, "", 1)).unwrap();
                }
            }
            history.push("mended".into());
        }
    }
}

/// Each unit of the example renamed in turn: every page that shows its name
/// (its own, the units above and under it, its neighbours, the navigation
/// beside the pages under its parent, the contents and the chart) is made
/// again, and the others are taken from the cache.
#[test]
fn a_renamed_unit_shows_its_new_name_wherever_it_is_named() {
    let (_dir, root) = common::example_copy();
    // Units whose names show where the navigation does not reach: 7.2.7's
    // pager names 7.2.6.1, the last unit before it; 7.2.8 reports to
    // 7.3.1, whose page lists it among the units that report to it.
    for (code, boss) in [
        ("7.2.6", "7.2"),
        ("7.2.6.1", "7.2.6"),
        ("7.2.7", "7.2"),
        ("7.2.8", "7.3.1"),
    ] {
        fs::write(
            root.join(format!("content/mo-dir/units/{code}.yaml")),
            format!(
                "code: \"{code}\"\nname: Unidad {code}\nreports_to: \"{boss}\"\nobjective: >-\n  Coordinar la tarea {code}.\nfunctions:\n  - >-\n    Coordinar las acciones de la tarea {code}.\n"
            ),
        )
        .unwrap();
    }
    backdate(&root.join("content"));
    let mut builder = Builder::new(&root, true, false);
    let (first, _) = builder.build(false);
    let Rebuilt::Site { doc, .. } = first else {
        panic!("the example builds")
    };
    builder.remember_document(std::sync::Arc::new(*doc));
    let mut history = Vec::new();
    for file in unit_files(&root) {
        let text = fs::read_to_string(&file).unwrap();
        fs::write(&file, text.replacen("\nname: ", "\nname: Renombrada ", 1)).unwrap();
        history.push(format!("renamed the unit of {}", file.display()));
        let (rendered, pages) =
            rebuild_and_compare(&mut builder, &root, &history).expect("a renamed unit builds");
        // 7.2.1.2.1 is cited by a guide, whose page shows its name: a
        // change beyond the frame, after which every page is made again.
        if !file.ends_with("7.2.1.2.1.yaml") {
            assert!(
                rendered < pages,
                "after {history:?}: all {pages} pages were made again"
            );
        }
    }
}
