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

/// Two copies of the example project that give different sites (a function
/// of 7.3.1.1 reworded in the second), and a reference build of each, made
/// on their own.
struct TwoSites {
    dir: tempfile::TempDir,
    projects: [PathBuf; 2],
    references: [BTreeMap<PathBuf, Vec<u8>>; 2],
}

fn two_sites() -> TwoSites {
    let (dir, first) = common::example_copy();
    let second = dir.path().join("q");
    fs::create_dir_all(&second).unwrap();
    fs::copy(first.join("norma.yaml"), second.join("norma.yaml")).unwrap();
    copy_dir(&first.join("content"), &second.join("content"));
    let unit = second.join("content/mo-dir/units/7.3.1.1.yaml");
    let text = fs::read_to_string(&unit).unwrap();
    let from = "en el diseño de los\n    sistemas";
    assert!(text.contains(from));
    fs::write(
        &unit,
        text.replacen(from, "en el diseño y la revisión de los\n    sistemas", 1),
    )
    .unwrap();
    let mut references = Vec::new();
    for (n, project) in [&first, &second].into_iter().enumerate() {
        let out = dir.path().join(format!("referencia-{n}"));
        build(project, &out);
        references.push(read_tree(&out));
    }
    assert_ne!(references[0], references[1]);
    TwoSites {
        projects: [first, second],
        references: references.try_into().unwrap(),
        dir,
    }
}

impl TwoSites {
    /// Which of the two sites `out` holds, whole: every file that
    /// versions.json names (each version's page, its changes, its PDF) is
    /// there, and every file equals the reference build's, none missing and
    /// none more. `None` when it is neither.
    fn which(&self, out: &Path) -> Option<usize> {
        let tree = read_tree(out);
        let listed: serde_json::Value =
            serde_json::from_slice(tree.get(Path::new("versions.json"))?).ok()?;
        for manual in listed["manuals"].as_array()? {
            for version in manual["versions"].as_array()? {
                for key in ["url", "changes", "pdf"] {
                    if let Some(path) = version[key].as_str() {
                        tree.get(Path::new(path))?;
                    }
                }
            }
        }
        self.references.iter().position(|r| *r == tree)
    }

    /// What differs between `out` and each reference, for a failure message.
    fn differences(&self, out: &Path) -> String {
        let tree = read_tree(out);
        let mut said = String::new();
        for (n, reference) in self.references.iter().enumerate() {
            let differing: Vec<String> = reference
                .keys()
                .chain(tree.keys())
                .filter(|p| reference.get(*p) != tree.get(*p))
                .map(|p| p.display().to_string())
                .take(5)
                .collect();
            said.push_str(&format!("site {n}: differs in {differing:?}\n"));
        }
        said
    }
}

fn spawn_build(project: &Path, out: &Path, log: &Path) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_norma"))
        .args(["--project", project.to_str().unwrap(), "build", "--out"])
        .arg(out)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(fs::File::create(log).unwrap())
        .spawn()
        .unwrap()
}

/// Two builds of different content started together into one folder: both
/// succeed and the folder holds one whole site, never a mix (issue #24).
/// Two rounds as they come (one build usually publishes before the other
/// reaches its turn), then three in which the first to take the lock beside
/// the output is frozen (SIGSTOP) while it holds it, until the other says
/// it waits; then it goes on. The one that waited publishes last: its site
/// is the one left, whole.
#[cfg(target_os = "linux")]
#[test]
fn two_builds_started_together_leave_one_whole_site() {
    use std::os::unix::fs::MetadataExt;
    use std::time::{Duration, Instant};
    let sites = two_sites();
    let out = sites.dir.path().join("public");
    build(&sites.projects[0], &out);
    let inode = fs::metadata(sites.dir.path().join(".public.norma-lock"))
        .unwrap()
        .ino();
    let signal = |pid: u32, name: &str| {
        let sent = std::process::Command::new("kill")
            .args([name, &pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    };
    let wait_line = "otra compilación está escribiendo en";
    let mut waited = 0;
    let mut forced = 0;
    for round in 0..12 {
        if forced == 3 {
            break;
        }
        let logs = [0, 1].map(|n| sites.dir.path().join(format!("build-{round}-{n}.log")));
        let mut children: Vec<_> = (0..2)
            .map(|n| spawn_build(&sites.projects[n], &out, &logs[n]))
            .collect();
        let mut last = None;
        if round >= 2 {
            let until = Instant::now() + Duration::from_secs(60);
            let first = loop {
                assert!(
                    Instant::now() < until,
                    "round {round}: no build took the lock"
                );
                if let Some(n) = (0..2).find(|&n| holds_lock(children[n].id(), inode)) {
                    break n;
                }
                // Both done before the lock was seen: a round as it came.
                if children.iter_mut().all(|c| c.try_wait().unwrap().is_some()) {
                    break 2;
                }
                std::thread::sleep(Duration::from_micros(200));
            };
            let first = first.min(1);
            signal(children[first].id(), "-STOP");
            let other = 1 - first;
            // It may have let the lock go between the look and the signal.
            if !holds_lock(children[first].id(), inode) {
                signal(children[first].id(), "-CONT");
            } else {
                forced += 1;
                last = Some(other);
            }
            while last.is_some()
                && !fs::read_to_string(&logs[other])
                    .unwrap()
                    .contains(wait_line)
            {
                assert!(
                    Instant::now() < until,
                    "round {round}: build {other} never said it waits"
                );
                if let Some(status) = children[other].try_wait().unwrap() {
                    panic!(
                        "round {round}: build {other} ended ({status}) while build {first} held the lock:\n{}\n{}",
                        fs::read_to_string(&logs[other]).unwrap(),
                        sites.differences(&out)
                    );
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            signal(children[first].id(), "-CONT");
        }
        for (n, child) in children.iter_mut().enumerate() {
            let status = child.wait().unwrap();
            let said = fs::read_to_string(&logs[n]).unwrap();
            assert!(status.success(), "round {round}, build {n}:\n{said}");
            if said.contains(wait_line) {
                waited += 1;
            }
            for line in said.lines() {
                let line = line.to_lowercase();
                assert!(
                    !line.contains("os error")
                        && !line.contains("no such file")
                        && !line.contains("error:"),
                    "round {round}, build {n}: {said}"
                );
            }
        }
        let found = sites.which(&out);
        assert!(
            found.is_some(),
            "round {round}: the folder holds no whole site\n{}",
            sites.differences(&out)
        );
        if let Some(last) = last {
            assert_eq!(
                found,
                Some(last),
                "round {round}: not the site published last"
            );
        }
    }
    assert_eq!(forced, 3, "the lock was never caught held");
    assert!(waited >= 3, "{waited} builds said they waited");
    // Nothing left beside the output but the spare and the lock.
    let mut beside: Vec<String> = fs::read_dir(sites.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    beside.sort();
    assert_eq!(beside, [".public.norma-lock", ".public.norma-spare"]);
}

/// Whether process `pid` holds a lock on the file with inode `inode`
/// (/proc/locks), without touching the lock.
#[cfg(target_os = "linux")]
fn holds_lock(pid: u32, inode: u64) -> bool {
    let locks = fs::read_to_string("/proc/locks").unwrap_or_default();
    locks.lines().any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields.len() > 5
            && fields[4] == pid.to_string()
            && fields[5].rsplit(':').next() == Some(&inode.to_string())
    })
}

/// Twelve builds killed (SIGKILL) at random moments leave the folder holding
/// a whole site every time: the one before, or, when the kill came after the
/// swap, the new one; never a mix, never nothing (issue #24). Half the kills
/// fall anywhere in a build; half while it publishes (it holds the lock
/// beside the output: writing the spare folder, syncing, swapping), at a
/// random moment of the time publishing takes. A build that ends before its
/// kill is checked too but not counted. A build after them all publishes
/// normally.
#[cfg(target_os = "linux")]
#[test]
fn builds_killed_at_random_moments_leave_a_whole_site() {
    use std::os::unix::fs::MetadataExt;
    use std::time::{Duration, Instant};
    let sites = two_sites();
    let out = sites.dir.path().join("public");
    build(&sites.projects[0], &out);
    let mut now = 0;
    assert_eq!(sites.which(&out), Some(0));
    let lock_inode = fs::metadata(sites.dir.path().join(".public.norma-lock"))
        .unwrap()
        .ino();
    // How long a whole build takes here, and how long it holds the lock
    // (publishing) before it ends.
    let calibration = sites.dir.path().join("cronometrada");
    build(&sites.projects[0], &calibration);
    let started = Instant::now();
    let mut child = spawn_build(
        &sites.projects[1],
        &calibration,
        &sites.dir.path().join("cronometrada.log"),
    );
    let calibration_inode = fs::metadata(sites.dir.path().join(".cronometrada.norma-lock"))
        .unwrap()
        .ino();
    while !holds_lock(child.id(), calibration_inode) && child.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_micros(200));
    }
    let locked = started.elapsed();
    assert!(child.wait().unwrap().success());
    let whole = started.elapsed();
    let publishing = (whole - locked).max(Duration::from_millis(1));
    let seed = std::env::var("NORMA_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos() as u64
                | 1
        });
    let mut state = seed;
    let mut random = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut outcomes = Vec::new();
    let mut kills = 0;
    for attempt in 0..60 {
        if kills == 12 {
            break;
        }
        let next = 1 - now;
        let log = sites.dir.path().join(format!("kill-{attempt}.log"));
        let mut child = spawn_build(&sites.projects[next], &out, &log);
        let moment = if attempt % 2 == 0 {
            let delay = whole.mul_f64(random() * 0.95);
            std::thread::sleep(delay);
            format!("{} ms after the start", delay.as_millis())
        } else {
            let until = Instant::now() + whole * 4 + Duration::from_secs(10);
            while !holds_lock(child.id(), lock_inode)
                && child.try_wait().unwrap().is_none()
                && Instant::now() < until
            {
                std::thread::sleep(Duration::from_micros(200));
            }
            let delay = publishing.mul_f64(random() * 0.7);
            std::thread::sleep(delay);
            format!("{} µs after it took the lock", delay.as_micros())
        };
        let _ = child.kill();
        let status = child.wait().unwrap();
        let found = sites.which(&out);
        assert!(
            found.is_some(),
            "attempt {attempt} (seed {seed}, {moment}, {status}): the folder holds no whole site\n{}",
            sites.differences(&out)
        );
        if !status.success() {
            kills += 1;
        }
        outcomes.push(format!(
            "{moment}: {}",
            match (status.success(), found == Some(next)) {
                (true, _) => "finished before the kill",
                (false, true) => "killed after the swap: the new site",
                (false, false) => "killed before the swap: the site before",
            }
        ));
        now = found.unwrap();
    }
    eprintln!(
        "seed {seed}; a build takes {} ms, {} ms of it publishing:",
        whole.as_millis(),
        publishing.as_millis()
    );
    for line in &outcomes {
        eprintln!("  {line}");
    }
    assert_eq!(
        kills, 12,
        "only {kills} builds were killed before they ended"
    );
    // The spare the kills left behind does not spoil the next build.
    let next = 1 - now;
    build(&sites.projects[next], &out);
    assert_eq!(sites.which(&out), Some(next), "{}", sites.differences(&out));
}
