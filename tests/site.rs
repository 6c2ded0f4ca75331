//! `norma build` end to end on the example project and the fixture project: the
//! official text is on the pages under its official numbers, every link resolves,
//! two builds give the same bytes, and a failed build loses nothing.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::links::{broken_links, text_of};
use common::{copy_dir, fixtures, norma};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn build(project: &Path, out: &Path) -> common::Run {
    let run = norma(project, &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "build failed:\n{}\n{}", run.stdout, run.stderr);
    run
}

fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walk(dir) {
        out.insert(
            entry.strip_prefix(dir).unwrap().to_path_buf(),
            fs::read(&entry).unwrap(),
        );
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The reader's text of the element that starts at `id="…"` and runs to `end`.
fn segment<'a>(html: &'a str, id: &str, end: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no id=\"{id}\""));
    let start = start + html[start..].find('>').unwrap() + 1;
    let rest = &html[start..];
    let stop = rest[1..].find(end).map_or(rest.len(), |e| e + 1);
    &rest[..stop]
}

#[test]
fn every_seed_function_and_inciso_is_on_its_unit_page_under_its_official_number() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(root(), &out);
    let mut checked = 0;
    for seed in common::seeds::seed_lines() {
        let page = fs::read_to_string(out.join(format!("mo-dir/3.1/{}.html", seed.unit)))
            .unwrap_or_else(|_| panic!("page of unit {}", seed.unit));
        let n = seed.function;
        match &seed.inciso {
            None => {
                let html = segment(&page, &format!("f{n}"), "<li id=\"f");
                let shown = text_of(html.split("<ol class=\"incisos\">").next().unwrap());
                let expected = format!("{n}. {}", seed.text);
                assert!(
                    shown.starts_with(&expected),
                    "función {n} de {}:\n  page: {shown}\n  seed: {expected}",
                    seed.unit
                );
            }
            Some(label) => {
                let html = segment(&page, &format!("f{n}{label}"), "</li>");
                let shown = text_of(html);
                let expected = format!("{label}) {}", seed.text);
                assert!(
                    shown.starts_with(&expected),
                    "función {n} inciso {label}:\n  page: {shown}\n  seed: {expected}"
                );
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 19 + 26 + 2 + 5);
    // The official gap: 10c exists, 10b does not.
    let unit = fs::read_to_string(out.join("mo-dir/3.1/7.3.1.1.html")).unwrap();
    assert!(unit.contains("id=\"f10c\""));
    assert!(!unit.contains("id=\"f10b\""));
}

#[test]
fn the_published_sites_have_no_broken_or_root_absolute_link() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, project) in [
        ("example", root().to_path_buf()),
        ("fixture", fixtures().join("valid")),
    ] {
        let out = tmp.path().join(name);
        build(&project, &out);
        let problems = broken_links(&out);
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    build(root(), &a);
    build(root(), &b);
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{} differs", path.display());
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    copy_dir(&fixtures().join("valid"), &project);
    let out = tmp.path().join("public");
    build(&project, &out);
    let before = read_tree(&out);

    // An author's typo: a function that is not text.
    let unit = project.join("content/mo/units/2.1.yaml");
    let text = fs::read_to_string(&unit).unwrap();
    fs::write(&unit, text.replace("functions:", "functions: {")).unwrap();
    let run = norma(&project, &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("E-YAML-SYNTAX"), "{}", run.stdout);
    assert_eq!(read_tree(&out), before, "the previous output changed");

    // A template error in the project's theme: also refused, also untouched.
    fs::write(&unit, text).unwrap();
    let theme = project.join("themes/default/templates");
    fs::create_dir_all(&theme).unwrap();
    fs::write(
        theme.join("unit.html"),
        "{% extends \"base.html\" %}\n{% block content %}{{ unit.code }\n{% endblock content %}\n",
    )
    .unwrap();
    let run = norma(&project, &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("E-TEMPLATE-SYNTAX"), "{}", run.stdout);
    assert!(
        run.stdout.contains("themes/default/templates/unit.html:2:"),
        "{}",
        run.stdout
    );
    assert_eq!(read_tree(&out), before, "the previous output changed");
    // Nothing is left beside the output but the spare folder of the next
    // build and the lock file builds take turns on.
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("norma-") && n != ".public.norma-spare" && n != ".public.norma-lock")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_rebuild_drops_the_pages_of_removed_content() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    copy_dir(&fixtures().join("valid"), &project);
    let out = tmp.path().join("public");
    // The fixture's procedures manual is a draft: publish it, twice.
    let manual = project.join("content/mp/manual.yaml");
    let draft = fs::read_to_string(&manual).unwrap();
    fs::write(&manual, draft.replace("status: draft", "status: published")).unwrap();
    build(&project, &out);
    build(&project, &out);
    assert!(out.join("mp").is_dir());
    // Back to draft: it is no longer published, and the organization manual's link
    // to it becomes plain text.
    fs::write(&manual, &draft).unwrap();
    let run = norma(&project, &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("--drafts"), "{}", run.stdout);
    assert!(!out.join("mp").exists(), "a stale folder survived");
    assert!(broken_links(&out).is_empty(), "{:?}", broken_links(&out));
}

#[test]
fn the_output_folder_cannot_be_the_project_or_its_content() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    copy_dir(&fixtures().join("valid"), &project);
    for out in [
        project.clone(),
        project.join("content"),
        tmp.path().to_path_buf(),
    ] {
        let run = norma(&project, &["build", "--out", out.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(project.join("content/mo/manual.yaml").is_file());
    }
}

#[test]
fn pages_name_their_language_and_escape_what_authors_write() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    copy_dir(&fixtures().join("valid"), &project);
    let unit = project.join("content/mo/units/2.1.yaml");
    let text = fs::read_to_string(&unit).unwrap();
    let evil = text.replacen(
        "functions:\n",
        "functions:\n  - \"Vigilar <script>alert(1)</script> y <img src=x onerror=alert(3)> <a href='javascript:alert(2)'>esto</a>\"\n",
        1,
    );
    assert_ne!(evil, text, "fixture changed shape");
    fs::write(&unit, evil).unwrap();
    let out = tmp.path().join("public");
    build(&project, &out);
    let html = fs::read_to_string(out.join("mo/1.0/2.1.html")).unwrap();
    assert!(html.contains("<html lang=\"es\">"));
    assert!(!html.contains("<script>alert"), "raw HTML passed through");
    assert!(!html.contains("<img"), "raw HTML passed through");
    assert!(!html.contains("href='javascript"), "a script link survived");
    assert!(
        !html.contains("href=\"javascript"),
        "a script link survived"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

/// Two builds into one output folder: the second waits for the first
/// (here, for a lock this test holds) and says so, then publishes.
#[test]
fn a_build_waits_while_another_writes_into_the_same_output() {
    let (dir, root) = common::example_copy();
    let out = dir.path().join("public");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.path().join(".public.norma-lock"))
        .unwrap();
    lock.lock().unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_norma"))
        .args([
            "--project",
            root.to_str().unwrap(),
            "build",
            "--no-pdf",
            "--out",
        ])
        .arg(&out)
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Long enough for the build to reach the lock and wait at it.
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert!(!out.exists(), "published while another build held the lock");
    lock.unlock().unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("otra compilación está escribiendo en"),
        "{stderr}"
    );
    assert!(out.join("index.html").is_file());
}

/// On Linux the new site is swapped in with one atomic exchange: a reader
/// polling the output while builds follow one another never finds it
/// missing, and the spare folder keeps the site before.
#[cfg(target_os = "linux")]
#[test]
fn the_output_is_never_missing_while_a_build_publishes() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let (dir, root) = common::example_copy();
    let out = dir.path().join("public");
    let build = || {
        let run = norma(
            &root,
            &["build", "--no-pdf", "--out", out.to_str().unwrap()],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    build();
    let done = AtomicBool::new(false);
    let missing = AtomicUsize::new(0);
    let looks = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                looks.fetch_add(1, Ordering::Relaxed);
                if !out.join("index.html").is_file() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        for _ in 0..6 {
            build();
        }
        done.store(true, Ordering::Relaxed);
    });
    assert!(
        looks.load(Ordering::Relaxed) > 100,
        "the reader hardly looked"
    );
    assert_eq!(
        missing.load(Ordering::Relaxed),
        0,
        "the output was missing {} times in {} looks",
        missing.load(Ordering::Relaxed),
        looks.load(Ordering::Relaxed)
    );
    assert!(dir.path().join(".public.norma-spare/index.html").is_file());
}
