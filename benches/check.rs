//! `cargo bench --bench check`: load and check a 1,000-unit, 20,000-function corpus.
//!
//! Prints the median of alternating runs of `norma::check_project` and of the floor
//! it stands on (reading and parsing the same YAML files, nothing else), and their
//! ratio. The goal from issue #2: load and check in under 0.5 s on the 2-core machine.

// The Hugo form of the corpus is for bench/site-vs-hugo.py, not this bench.
#[allow(dead_code)]
mod corpus;

use std::time::{Duration, Instant};

use norma::diagnostic::Diagnostics;
use norma::i18n::Lang;
use norma::source::Sources;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn parse_only(root: &std::path::Path) -> usize {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let mut nodes = 0;
    for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let id = sources.add(
                entry.path().display().to_string(),
                entry.path().to_path_buf(),
                text,
            );
            nodes +=
                norma::yaml::parse(sources.get(id), id, Lang::Es, &mut diags).is_some() as usize;
        }
    }
    nodes
}

fn main() {
    // `cargo test` runs benches in test mode with `--bench` absent: keep that quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let (units, functions, rounds) = if quick { (50, 20, 1) } else { (1000, 20, 11) };
    let dir = tempfile::tempdir().unwrap();
    corpus::write(dir.path(), units, functions).unwrap();

    let mut check_times = Vec::new();
    let mut parse_times = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        let checked = norma::check_project(dir.path()).unwrap();
        check_times.push(start.elapsed());
        assert!(
            !checked.diagnostics.has_errors(),
            "the corpus must be clean"
        );
        assert_eq!(checked.project.function_count(), units * functions);

        let start = Instant::now();
        parse_only(dir.path());
        parse_times.push(start.elapsed());
    }
    let check = median(check_times);
    let parse = median(parse_times);
    println!(
        "norma check, {units} unidades / {} funciones: mediana {:.1} ms en {rounds} rondas",
        units * functions,
        check.as_secs_f64() * 1000.0
    );
    println!(
        "solo leer y analizar el YAML (piso):          mediana {:.1} ms; norma check = {:.2}× el piso",
        parse.as_secs_f64() * 1000.0,
        check.as_secs_f64() / parse.as_secs_f64()
    );
    if !quick {
        println!(
            "objetivo: < 500 ms → {}",
            if check.as_millis() < 500 {
                "cumplido"
            } else {
                "NO cumplido"
            }
        );
    }
}
