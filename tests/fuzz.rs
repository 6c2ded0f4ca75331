//! Replays every input the fuzzer found a bug with (fuzz/regressions/, issue
//! #24) and every input of its corpus (fuzz/corpus/): each runs through load,
//! check, resolve and render in memory (fuzz/harness.rs) without a panic,
//! within a time limit, and reports the codes its `expect` lines name.

#[path = "../fuzz/harness.rs"]
#[allow(dead_code)] // the fuzzer's own parts (every base) are not replayed here
mod harness;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use harness::{Bases, Input};

fn inputs(folder: &str) -> Vec<PathBuf> {
    harness::list_inputs(&Path::new(env!("CARGO_MANIFEST_DIR")).join(folder))
}

/// Runs each input on its own thread; one that takes over `limit` fails.
fn replay(paths: &[PathBuf], limit: Duration) -> Vec<String> {
    harness::install_panic_hook();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let input = match std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|b| Input::parse(&b))
        {
            Ok(input) => input,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let root = scratch.path().join(format!("p{i}"));
        let (tx, rx) = mpsc::channel();
        let repo = repo.to_path_buf();
        let expect = input.expect.clone();
        let pdf = input.pdf;
        // The main thread's 8 MB: a debug build's frames are large (a file
        // nested to the 64 levels the YAML budget allows takes about 2 MB of
        // stack here, 256 kB in a release build).
        let thread = std::thread::Builder::new().stack_size(8 << 20);
        let _ = thread.spawn(move || {
            let bases = Bases::new(&repo);
            let outcome = input.files(&bases).map(|files| {
                harness::materialize(&files, &root).unwrap();
                harness::run(&root, pdf, harness::has_theme(&files))
            });
            let _ = tx.send(outcome);
        });
        match rx.recv_timeout(limit) {
            Err(_) => failures.push(format!("{name}: still running after {limit:?} (a hang)")),
            Ok(Err(e)) => failures.push(format!("{name}: {e}")),
            Ok(Ok(outcome)) => {
                if let Some(f) = outcome.finding {
                    failures.push(format!("{name}: {}\n  {}", f.key, f.detail));
                }
                for code in expect {
                    if !outcome.codes.contains(&code) {
                        failures.push(format!("{name}: expected {code}, got {:?}", outcome.codes));
                    }
                }
            }
        }
    }
    failures
}

#[test]
fn every_regression_input_passes_without_panic_hang_or_silence() {
    let paths = inputs("fuzz/regressions");
    assert!(!paths.is_empty(), "fuzz/regressions/ has no inputs");
    let failures = replay(&paths, Duration::from_secs(60));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_corpus_input_passes() {
    let paths = inputs("fuzz/corpus");
    let failures = replay(&paths, Duration::from_secs(60));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn inputs_survive_a_round_trip() {
    let mut input = Input::new("tests/fixtures/valid");
    input.changes.push(harness::Change::Write(
        "content/mo/units/2.1.yaml".into(),
        b"\xff\x00write x 3\nremove y\n".to_vec(),
    ));
    input
        .changes
        .push(harness::Change::Remove("content/glossary.yaml".into()));
    input.expect.push("E-FILE-READ".into());
    input.pdf = true;
    assert_eq!(Input::parse(&input.to_bytes()).unwrap(), input);
}
