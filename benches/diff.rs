//! `cargo bench --bench diff`: what changed between two versions of a 1,000-unit,
//! 20,000-function manual.
//!
//! Writes the benchmark corpus, freezes it as version 1.0 with `norma release`'s
//! `freeze`, then edits it into version 2.0 the way a yearly revision does: about
//! 2% of the functions reworded, a function inserted in 1% of the units and
//! removed in another 1% (the ones after it renumbered), a few functions moved to
//! another unit and a few units renamed. The project is loaded and resolved once;
//! then `release::diff::diff` between the two versions is timed against a peer on
//! the same data, a plain line diff (`similar::TextDiff::from_lines`) of each
//! version's function texts one per line, which is what diffing two text files
//! costs. Both start from the resolved versions, so both include taking the text
//! out of them. Prints the median of alternating runs of each, their ratio and
//! the diff's totals. The goal from issue #6: the diff in under 1 s on the 2-core
//! machine.

// The Hugo and Typst forms of the corpus are for bench/, not this bench.
#[allow(dead_code)]
mod corpus;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use norma::document::changes::ManualDiff;
use norma::document::{ManualDoc, plain_text};
use norma::resolve::diff::diff;
use similar::{ChangeTag, TextDiff};

const MANUAL: &str = "mo-bench";

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The peer: each version's functions one per line (incisos on the same line),
/// diffed line by line. Returns the lines deleted and inserted.
fn line_diff(old: &ManualDoc, new: &ManualDoc) -> (usize, usize) {
    let lines = |m: &ManualDoc| {
        let mut out = String::new();
        for unit in &m.units {
            for f in &unit.functions {
                out.push_str(&plain_text(&f.text));
                for item in &f.items {
                    out.push(' ');
                    out.push_str(&plain_text(&item.text));
                }
                out.push('\n');
            }
        }
        out
    };
    let (a, b) = (lines(old), lines(new));
    let text = TextDiff::from_lines(&a, &b);
    let (mut deleted, mut inserted) = (0, 0);
    for change in text.iter_all_changes() {
        match change.tag() {
            ChangeTag::Delete => deleted += 1,
            ChangeTag::Insert => inserted += 1,
            ChangeTag::Equal => {}
        }
    }
    (deleted, inserted)
}

/// Edits the corpus of `units` units written by `corpus::write` into the next
/// version. Units are chosen by their place modulo a period `p` (a tenth of the
/// units), so every kind of change touches its own units:
/// - `u % p == 1`: a new function inserted as number 10 (10 units);
/// - `u % p == 2`: function 11 removed (10 units);
/// - `u % 2p == 3`: function 10 moved to unit `u + p + 1`, as its number 5
///   (5 functions; function 10 names another unit, so its wording is unique);
/// - `u % 2p == 7`: the unit renamed (5 units; the functions that name it change
///   wording too);
/// - `u % 5 == 0`: functions 4 and 13 reworded (2% of all functions).
fn edit(root: &Path, units: usize, functions: usize) {
    let p = units / 10;
    assert!(
        p >= 10 && p.is_multiple_of(5),
        "the choice of units needs it"
    );
    let manual_dir = root.join("content").join(MANUAL);
    let manual = manual_dir.join("manual.yaml");
    let text = fs::read_to_string(&manual).unwrap();
    let old_head = "version: \"1.0\"\nauthorized: 2025-01-01\neffective: 2025-01-01\n";
    assert!(text.contains(old_head), "corpus.rs changed its manual.yaml");
    fs::write(
        &manual,
        text.replace(
            old_head,
            "version: \"2.0\"\nauthorized: 2025-07-01\neffective: 2025-07-01\n",
        ),
    )
    .unwrap();

    let original = corpus::units(units, functions);
    let mut specs = corpus::units(units, functions);
    let mut moved = Vec::new();
    for (u, unit) in specs.iter_mut().enumerate() {
        if u % p == 1 {
            unit.functions.insert(
                9,
                corpus::FunctionSpec {
                    text: format!(
                        "Vigilar el cumplimiento de los lineamientos de seguridad de la información número {u}"
                    ),
                    reference: None,
                    tail: "y reportar las desviaciones a la Dirección.".into(),
                    items: Vec::new(),
                },
            );
        } else if u % p == 2 {
            unit.functions.remove(10);
        } else if u % (2 * p) == 3 {
            moved.push((u + p + 1, unit.functions.remove(9)));
        } else if u % (2 * p) == 7 {
            unit.name = format!("{} y de Evaluación", unit.name);
        } else if u % 5 == 0 {
            let f = &mut unit.functions[3];
            f.text = f.text.replacen(' ', " y dar seguimiento a ", 1);
            let f = &mut unit.functions[12];
            f.tail = "conforme a los lineamientos que emita la Dirección.".into();
        }
    }
    for (to, function) in moved {
        specs[to].functions.insert(4, function);
    }
    let units_dir = manual_dir.join("units");
    for (spec, before) in specs.iter().zip(&original) {
        let (new, old) = (corpus::unit_yaml(spec), corpus::unit_yaml(before));
        if new != old {
            fs::write(units_dir.join(format!("{}.yaml", spec.code)), new).unwrap();
        }
    }
}

fn github(checked: &norma::Checked) -> String {
    norma::diagnostic::render_github(&checked.diagnostics, &checked.project.sources)
}

/// Both crossings between `old` and `new` (see `release::crossing`), as
/// resolve makes them from the stored diff; the anchors that moved.
fn crossings(old: &ManualDoc, new: &ManualDoc) -> usize {
    use norma::resolve::crossing::{Step, cross};
    let diff = new.diff.as_ref().expect("the diff resolve made");
    let pages = |m: &ManualDoc| -> Vec<String> {
        norma::document::VersionRef::of(m)
            .pages
            .into_iter()
            .collect()
    };
    let forward = cross(
        &pages(old),
        &norma::resolve::diff::places_of(old),
        &[Step::of(diff, &old.folder, &new.folder, true)],
    );
    let back = cross(
        &pages(new),
        &norma::resolve::diff::places_of(new),
        &[Step::of(diff, &old.folder, &new.folder, false)],
    );
    [forward, back]
        .iter()
        .map(|c| c.anchors.values().map(|a| a.len()).sum::<usize>())
        .sum()
}

fn main() {
    // `cargo test` runs benches in test mode with `--bench` absent: keep that quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let (units, functions, rounds) = if quick { (200, 20, 1) } else { (1000, 20, 15) };
    let dir = tempfile::tempdir().unwrap();
    corpus::write(dir.path(), units, functions).unwrap();
    let today = norma::date::today();
    let (checked, frozen) = norma::commands::release::freeze(dir.path(), MANUAL, today);
    if let Err(e) = frozen {
        if let Some(checked) = checked {
            eprint!("{}", github(&checked));
        }
        panic!("{}", e.message(norma::i18n::Lang::En));
    }
    edit(dir.path(), units, functions);

    let start = Instant::now();
    let checked = norma::check_project(dir.path()).unwrap();
    assert!(
        checked.diagnostics.is_empty(),
        "version 2.0 must be clean:\n{}",
        github(&checked)
    );
    let document = norma::resolve::resolve(
        &checked.project,
        today,
        norma::resolve::Scope::everyone(false),
    );
    let setup = start.elapsed();
    let versions: Vec<&ManualDoc> = document.manuals.iter().filter(|m| m.id == MANUAL).collect();
    let [old, new] = versions[..] else {
        panic!("expected two versions, found {}", versions.len());
    };
    assert_eq!((old.version.as_str(), new.version.as_str()), ("1.0", "2.0"));
    let count = |m: &ManualDoc| m.units.iter().map(|u| u.functions.len()).sum::<usize>();
    assert_eq!(
        (count(old), count(new)),
        (units * functions, units * functions)
    );

    let mut diff_times = Vec::new();
    let mut line_times = Vec::new();
    let mut crossing_times = Vec::new();
    let mut remapped = 0;
    let mut result: Option<ManualDiff> = None;
    let mut lines = (0, 0);
    for _ in 0..rounds {
        let start = Instant::now();
        result = Some(diff(old, new));
        diff_times.push(start.elapsed());

        let start = Instant::now();
        lines = line_diff(old, new);
        line_times.push(start.elapsed());

        // What resolve adds for the version switcher: where every page and
        // function of each version is in the other.
        let start = Instant::now();
        remapped = crossings(old, new);
        crossing_times.push(start.elapsed());
    }
    let result = result.expect("at least one round");
    let t = &result.totals;
    // The same diff the build computed for cambios.html.
    assert_eq!(
        new.diff.as_ref().map(|d| &d.totals),
        Some(t),
        "the diff resolve made differs"
    );
    for (what, count) in [
        ("added", t.added),
        ("removed", t.removed),
        ("modified", t.modified),
        ("moved", t.moved),
        ("renumbered", t.renumbered),
    ] {
        assert!(count > 0, "the diff found nothing {what}: {t:?}");
    }

    assert!(remapped > 0, "the switcher's map found no renumbering");
    let (model, plain) = (median(diff_times), median(line_times));
    println!(
        "norma diff 1.0 → 2.0, {units} unidades / {} funciones: mediana {:.1} ms en {rounds} rondas",
        units * functions,
        ms(model)
    );
    println!(
        "diff por líneas del texto de las funciones (par):   mediana {:.1} ms; norma diff = {:.2}× el par",
        ms(plain),
        model.as_secs_f64() / plain.as_secs_f64()
    );
    println!(
        "cambios: {} añadidas, {} suprimidas, {} modificadas, {} trasladadas, {} renumeradas \
         (el par: {} líneas borradas, {} insertadas)",
        t.added, t.removed, t.modified, t.moved, t.renumbered, lines.0, lines.1
    );
    println!(
        "mapa del selector de versiones, en ambos sentidos: mediana {:.1} ms ({remapped} anclas que cambian de lugar)",
        ms(median(crossing_times))
    );
    println!(
        "cargar, validar y resolver ambas versiones (una vez, fuera de la medida): {:.0} ms",
        ms(setup)
    );
    if !quick {
        println!(
            "objetivo: < 1 s → {}",
            if model < Duration::from_secs(1) {
                "cumplido"
            } else {
                "NO cumplido"
            }
        );
    }
}
