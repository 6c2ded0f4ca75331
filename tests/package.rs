//! `norma package` and `norma verify` on the example project (issue #8): one
//! signed bundle per office that verifies; a changed, added or removed file and
//! a wrong key each refused with a line naming the problem; content meant for
//! regional offices in their bundles (pages, search index, PDF) and absent
//! from the state offices'; reproducible bytes; keys kept out of content/.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{example_copy, norma, norma_with};
use norma::package::archive;

/// The function only regional offices have (function 4 of content/mo-dir/units/7.2.1.2.yaml).
const REGIONAL_FUNCTION: &str = "consolidación mensual de los informes de afiliación";

struct Packaged {
    _dir: tempfile::TempDir,
    root: PathBuf,
    keys: PathBuf,
    dist: PathBuf,
}

fn keygen(project: &Path, out: &Path) {
    let run = norma(project, &["keygen", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The example project packaged with a new key into `dist/`.
fn packaged(extra: &[&str]) -> Packaged {
    let (dir, root) = example_copy();
    let keys = dir.path().join("claves");
    keygen(&root, &keys);
    let key = keys.join("norma-signing.key");
    let mut args = vec!["package", "--key", key.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = norma(&root, &args);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    Packaged {
        dist: root.join("dist"),
        _dir: dir,
        root,
        keys,
    }
}

/// `norma package --key KEY` and more arguments, on the project at `root`.
fn package_with(root: &Path, key: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["package", "--key", key.to_str().unwrap()];
    args.extend_from_slice(extra);
    norma(root, &args)
}

fn verify(bundle: &Path, key: Option<&Path>) -> common::Run {
    let mut args = vec!["verify", bundle.to_str().unwrap()];
    if let Some(k) = key {
        args.extend(["--key", k.to_str().unwrap()]);
    }
    norma(Path::new("."), &args)
}

fn office_ids(root: &Path) -> Vec<String> {
    fs::read_to_string(root.join("content/offices.yaml"))
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("- id: "))
        .map(str::to_owned)
        .collect()
}

fn unpack(zip: &Path) -> BTreeMap<String, Vec<u8>> {
    archive::read(&fs::read(zip).unwrap()).unwrap().files
}

/// A copy of a bundle with its files changed by `edit`, as a new zip.
fn altered(zip: &Path, to: &Path, edit: impl FnOnce(&mut BTreeMap<String, Vec<u8>>)) -> PathBuf {
    let unpacked = archive::read(&fs::read(zip).unwrap()).unwrap();
    let mut files = unpacked.files;
    edit(&mut files);
    let day = norma::date::today();
    let bytes = archive::write(unpacked.top.as_deref().unwrap(), &files, day).unwrap();
    fs::write(to, bytes).unwrap();
    to.to_path_buf()
}

fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut joined = String::new();
    for n in pages {
        common::join_pdf_lines(&mut joined, &common::page_text(&doc, n));
        joined.push(' ');
    }
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_office_gets_a_bundle_that_verifies_and_tampering_is_named() {
    let p = packaged(&[]);
    let public = p.keys.join("norma-signing.pub");
    let offices = office_ids(&p.root);
    assert_eq!(offices.len(), 35, "the 35 OOAD of the example");
    for id in &offices {
        let zip = p.dist.join(format!("{id}.zip"));
        assert!(zip.is_file(), "{id}.zip");
        let files = unpack(&zip);
        for needed in [
            "index.html",
            "manifest.json",
            "manifest.json.sig",
            "norma-signing.pub",
            "LEEME.txt",
            "static/search/index.js",
            "mo-dir/3.1/mo-dir-3.1.pdf",
        ] {
            assert!(files.contains_key(needed), "{id}: {needed}");
        }
        let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
        assert_eq!(manifest["office"]["id"], id.as_str());
        assert_eq!(
            manifest["files"].as_array().unwrap().len() + 2,
            files.len(),
            "{id}: the manifest lists every file but itself and its signature"
        );
    }
    // The whole distribution folder verifies, bundles included, with the key given.
    let run = verify(&p.dist, Some(&public));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("35 paquetes"), "{}", run.stdout);
    // One bundle with the key it carries: authentic, and it says what that proves.
    let ags = p.dist.join("aguascalientes.zip");
    let run = verify(&ags, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("OOAD Estatal Aguascalientes"));
    assert!(run.stdout.contains("compare esa huella"), "{}", run.stdout);

    let scratch = tempfile::tempdir().unwrap();
    let page = "mo-dir/3.1/7.3.1.1.html";
    let one_byte = altered(&ags, &scratch.path().join("byte.zip"), |f| {
        let bytes = f.get_mut(page).unwrap();
        bytes[200] ^= 0x20;
    });
    let added = altered(&ags, &scratch.path().join("added.zip"), |f| {
        f.insert("mo-dir/3.1/aviso.html".into(), b"<p>falso</p>".to_vec());
    });
    let removed = altered(&ags, &scratch.path().join("removed.zip"), |f| {
        f.remove("glosario.html");
    });
    // A forger who also fixes the manifest's hash breaks the signature instead.
    let rehashed = altered(&ags, &scratch.path().join("rehashed.zip"), |f| {
        f.get_mut(page).unwrap()[200] ^= 0x20;
        let new_hash = norma::package::manifest::sha256(&f[page]);
        let mut manifest: serde_json::Value = serde_json::from_slice(&f["manifest.json"]).unwrap();
        for entry in manifest["files"].as_array_mut().unwrap() {
            if entry["path"] == page {
                entry["sha256"] = new_hash.clone().into();
            }
        }
        f.insert(
            "manifest.json".into(),
            serde_json::to_vec_pretty(&manifest).unwrap(),
        );
    });
    let cases: [(&Path, &str); 4] = [
        (&one_byte, "modificado: mo-dir/3.1/7.3.1.1.html"),
        (&added, "sobra: mo-dir/3.1/aviso.html"),
        (&removed, "falta: glosario.html"),
        (&rehashed, "firma inválida"),
    ];
    for (zip, expected) in cases {
        let run = verify(zip, Some(&public));
        assert_eq!(run.code, 1, "{expected}: {}", run.stdout);
        assert!(run.stderr.contains(expected), "{expected}:\n{}", run.stderr);
        assert!(run.stderr.contains("NO pasa la verificación"));
    }
    // A wrong key.
    let other = scratch.path().join("otra");
    keygen(&p.root, &other);
    let run = verify(&ags, Some(&other.join("norma-signing.pub")));
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("firma inválida") && run.stderr.contains("otra/norma-signing.pub"),
        "{}",
        run.stderr
    );
    // An unpacked bundle verifies as a folder, and a change in it is named.
    let folder = scratch.path().join("desempacado");
    for (path, bytes) in unpack(&ags) {
        let target = folder.join(&path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, bytes).unwrap();
    }
    assert_eq!(verify(&folder, Some(&public)).code, 0);
    fs::write(folder.join("index.html"), "<p>otra cosa</p>").unwrap();
    let run = verify(&folder, Some(&public));
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("modificado: index.html"),
        "{}",
        run.stderr
    );
    // Not a bundle at all; no such file; a key that cannot be used (the
    // user's mistake, exit 2, the bundle not blamed).
    let run = verify(&p.root.join("norma.yaml"), None);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no es un paquete"), "{}", run.stderr);
    let run = verify(&p.root.join("nada.zip"), None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nada.zip: no existe"), "{}", run.stderr);
    let run = verify(&ags, Some(&p.root.join("nada.pub")));
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("NO pasa"), "{}", run.stderr);
    // Unpacked one folder too deep (Windows' "Extract all"), or zipped again
    // without its top folder: still the same files, still authentic.
    let deeper = scratch.path().join("extraido");
    fs::create_dir_all(&deeper).unwrap();
    fs::rename(&folder, deeper.join("aguascalientes")).unwrap();
    fs::write(
        deeper.join("aguascalientes/index.html"),
        &unpack(&ags)["index.html"],
    )
    .unwrap();
    assert_eq!(verify(&deeper, Some(&public)).code, 0);
    let unpacked = archive::read(&fs::read(&ags).unwrap()).unwrap();
    let mut rezipped = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (path, bytes) in &unpacked.files {
        rezipped
            .start_file(path.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut rezipped, bytes).unwrap();
    }
    let flat = scratch.path().join("plano.zip");
    fs::write(&flat, rezipped.finish().unwrap().into_inner()).unwrap();
    let run = verify(&flat, Some(&public));
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_output_that_is_a_link_or_holds_the_project_is_refused() {
    let (dir, root) = example_copy();
    let keys = dir.path().join("claves");
    keygen(&root, &keys);
    let key = keys.join("norma-signing.key");
    let notes = root.join("notas.txt");
    fs::write(&notes, "no borrar").unwrap();
    #[cfg(unix)]
    {
        let link = dir.path().join("enlace");
        std::os::unix::fs::symlink(&root, &link).unwrap();
        let package = ["package", "--key", key.to_str().unwrap()];
        for command in [&package[..], &["build", "--no-pdf"][..]] {
            let mut args = command.to_vec();
            args.extend(["--out", link.to_str().unwrap()]);
            let run = norma(&root, &args);
            assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
            assert!(run.stderr.contains("enlace simbólico"), "{}", run.stderr);
        }
    }
    let up = root.join("content").join("..").join("..");
    let run = package_with(&root, &key, &["--out", up.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(fs::read_to_string(&notes).unwrap(), "no borrar");
    assert!(root.join("content/mo-dir/manual.yaml").is_file());
}

#[test]
fn a_regional_function_is_in_regional_bundles_only() {
    let p = packaged(&[]);
    let regional = unpack(&p.dist.join("cdmx-norte.zip"));
    let state = unpack(&p.dist.join("aguascalientes.zip"));
    let unit = "mo-dir/3.1/7.2.1.2.html";
    let text = |files: &BTreeMap<String, Vec<u8>>, path: &str| {
        String::from_utf8(files[path].clone()).unwrap()
    };
    // The page: function 4 is there, marked, for a regional office; absent
    // for a state office, whose numbers go on from 3 to 5 as in the law.
    let page = text(&regional, unit);
    assert!(page.contains(REGIONAL_FUNCTION));
    assert!(page.contains("id=\"f4\""));
    assert!(page.contains("Solo para oficinas de tipo: regional"));
    let page = text(&state, unit);
    assert!(!page.contains(REGIONAL_FUNCTION));
    assert!(!page.contains("id=\"f4\"") && page.contains("id=\"f5\""));
    // The search index.
    let index = |files: &BTreeMap<String, Vec<u8>>| -> String {
        files
            .iter()
            .filter(|(path, _)| path.starts_with("static/search/"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .collect()
    };
    assert!(index(&regional).contains(REGIONAL_FUNCTION));
    assert!(!index(&state).contains(REGIONAL_FUNCTION));
    // The PDF.
    let pdf = "mo-dir/3.1/mo-dir-3.1.pdf";
    assert!(pdf_text(&regional[pdf]).contains(REGIONAL_FUNCTION));
    assert!(pdf_text(&regional[pdf]).contains("Edición para las oficinas de tipo regional"));
    assert!(pdf_text(&state[pdf]).contains("Edición para las oficinas de tipo estatal"));
    assert!(!pdf_text(&state[pdf]).contains(REGIONAL_FUNCTION));
    // The regional policy of 9210-003-202 and guide item follow the same rule.
    let procedure = "mp-afil/1.0/9210-003-202.html";
    let policy = "consolidará mensualmente";
    assert!(text(&regional, procedure).contains(policy));
    assert!(!text(&state, procedure).contains(policy));
    // Both bundles name their office.
    assert!(text(&state, "index.html").contains("OOAD Estatal Aguascalientes"));
    assert!(text(&regional, "index.html").contains("OOAD Regional Ciudad de México Norte"));
}

#[test]
fn the_full_site_shows_regional_content_marked_and_its_links_resolve_in_a_bundle() {
    let (dir, root) = example_copy();
    let out = dir.path().join("public");
    let run = norma(
        &root,
        &["build", "--no-pdf", "--out", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fs::read_to_string(out.join("mo-dir/3.1/7.2.1.2.html")).unwrap();
    assert!(page.contains(REGIONAL_FUNCTION));
    assert!(page.contains("Solo para oficinas de tipo: regional"));

    // Every link of an unpacked state bundle resolves (content left out is
    // not linked to from what stays).
    let p = packaged(&["--office", "aguascalientes"]);
    let folder = p.root.join("desempacado");
    for (path, bytes) in unpack(&p.dist.join("aguascalientes.zip")) {
        let target = folder.join(&path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, bytes).unwrap();
    }
    let broken = common::links::broken_links(&folder);
    assert!(broken.is_empty(), "{broken:#?}");
    // --office makes only that bundle.
    let zips: Vec<_> = fs::read_dir(&p.dist)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "zip"))
        .collect();
    assert_eq!(zips.len(), 1);
}

#[test]
fn the_same_input_gives_the_same_bundles() {
    let p = packaged(&[]);
    let first: Vec<(PathBuf, Vec<u8>)> = ["aguascalientes.zip", "cdmx-norte.zip", "manifest.json"]
        .iter()
        .map(|f| (p.dist.join(f), fs::read(p.dist.join(f)).unwrap()))
        .collect();
    let key = p.keys.join("norma-signing.key");
    let again = p.root.join("otra-vez");
    let run = package_with(&p.root, &key, &["--out", again.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, bytes) in first {
        let name = path.file_name().unwrap();
        assert!(
            fs::read(again.join(name)).unwrap() == bytes,
            "{name:?} differs"
        );
    }
}

#[test]
fn package_refuses_without_a_good_key_and_keeps_the_previous_output() {
    let (dir, root) = example_copy();
    // No key: refused, nothing written.
    let run = norma_with(&root, &["package"], &[("NORMA_SIGNING_KEY", "")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--key"), "{}", run.stderr);
    assert!(!root.join("dist").exists());
    // The key from the environment.
    let keys = dir.path().join("claves");
    keygen(&root, &keys);
    let key = keys.join("norma-signing.key");
    let run = norma_with(
        &root,
        &["package", "--office", "ver-sur"],
        &[("NORMA_SIGNING_KEY", key.to_str().unwrap())],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = fs::read(root.join("dist/ver-sur.zip")).unwrap();
    // A key kept inside content/.
    let inside = root.join("content/claves");
    fs::create_dir_all(&inside).unwrap();
    fs::copy(&key, inside.join("norma-signing.key")).unwrap();
    let run = norma(
        &root,
        &[
            "package",
            "--key",
            inside.join("norma-signing.key").to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("dentro de content/"), "{}", run.stderr);
    fs::remove_dir_all(&inside).unwrap();
    // A key that is not the pair of the project's published public key.
    let other = dir.path().join("otra");
    keygen(&root, &other);
    fs::copy(
        other.join("norma-signing.pub"),
        root.join("norma-signing.pub"),
    )
    .unwrap();
    let run = package_with(&root, &key, &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no es la pareja"), "{}", run.stderr);
    fs::copy(
        keys.join("norma-signing.pub"),
        root.join("norma-signing.pub"),
    )
    .unwrap();
    // An unknown office: a suggestion.
    let run = package_with(&root, &key, &["--office", "ver-srr"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("¿quiso decir «ver-sur»?"),
        "{}",
        run.stderr
    );
    // Content with an error: nothing written, the previous bundles kept.
    let unit = root.join("content/mo-dir/units/7.3.1.yaml");
    let text = fs::read_to_string(&unit).unwrap();
    fs::write(&unit, text.replacen("functions:", "funtions:", 1)).unwrap();
    let run = package_with(&root, &key, &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E-FIELD-UNKNOWN"), "{}", run.stderr);
    assert_eq!(fs::read(root.join("dist/ver-sur.zip")).unwrap(), before);
    fs::write(&unit, text).unwrap();
    // With the right public key in the project, the site publishes it.
    let out = dir.path().join("public");
    let run = norma(
        &root,
        &["build", "--no-pdf", "--out", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        fs::read(out.join("norma-signing.pub")).unwrap(),
        fs::read(keys.join("norma-signing.pub")).unwrap()
    );
    assert!(
        fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("norma-signing.pub")
    );
}

#[test]
fn a_step_left_out_of_a_bundle_passes_the_flow_on() {
    // The valid fixture's procedure, with its "devuelve" step (goto presenta)
    // meant for regional offices only.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    common::copy_dir(&common::fixtures().join("valid"), &root);
    let file = root.join("content/mp/procedures/recepcion.yaml");
    let text = fs::read_to_string(&file).unwrap();
    let text = text.replace(
        "    goto: presenta\n",
        "    goto: presenta\n    audience: [regional]\n",
    );
    fs::write(&file, text).unwrap();
    // Published, so that a bundle carries it.
    let manual = root.join("content/mp/manual.yaml");
    let text = fs::read_to_string(&manual).unwrap();
    fs::write(&manual, text.replace("status: draft", "status: published")).unwrap();
    let checked = norma::check_project(&root).unwrap();
    assert!(!checked.diagnostics.has_errors());
    let today = norma::date::today();
    let steps = |doc: &norma::document::Document| {
        let p = &doc
            .manuals
            .iter()
            .find(|m| m.id == "mp")
            .unwrap()
            .procedures[0];
        p.steps
            .iter()
            .map(|s| {
                (
                    s.number,
                    s.anchor.clone(),
                    s.decision.as_ref().map(|d| d.1.clone()),
                    s.goto,
                )
            })
            .collect::<Vec<_>>()
    };
    let everyone = norma::resolve::resolve(
        &checked.project,
        today,
        norma::resolve::Scope::everyone(false),
    );
    let state = norma::resolve::resolve(
        &checked.project,
        today,
        norma::resolve::Scope::offices_of_kind("estatal"),
    );
    let regional = norma::resolve::resolve(
        &checked.project,
        today,
        norma::resolve::Scope::offices_of_kind("regional"),
    );
    let yes_no = |yes: usize, no: usize| Some(vec![("Sí".to_owned(), yes), ("No".to_owned(), no)]);
    assert_eq!(
        steps(&everyone),
        vec![
            (1, "presenta".into(), None, None),
            (2, "revisa".into(), yes_no(4, 3), None),
            (3, "devuelve".into(), None, Some(1)),
            (4, "registra".into(), None, None),
        ]
    );
    assert_eq!(steps(&regional), steps(&everyone));
    // Without the step, "No" goes where the step went: back to step 1, and
    // the steps are numbered as the flowchart draws them.
    assert_eq!(
        steps(&state),
        vec![
            (1, "presenta".into(), None, None),
            (2, "revisa".into(), yes_no(3, 1), None),
            (3, "registra".into(), None, None),
        ]
    );
}

/// The norma commands a text runs, in order: `norma check --format github` ...
fn norma_commands(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter_map(|l| {
            let rest = l
                .strip_prefix("norma ")
                .or_else(|| l.strip_prefix("\"$NORMA\" --project \"$project\" "))
                .or_else(|| l.strip_prefix("\"$NORMA\" "))?;
            let words: Vec<&str> = rest
                .split_whitespace()
                .filter(|w| !w.starts_with('"') && !w.starts_with('$'))
                .collect();
            Some(words.join(" "))
        })
        .collect()
}

#[test]
fn the_ci_recipe_and_the_local_script_run_the_same_steps() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workflow = fs::read_to_string(repo.join("docs/publish-workflow.yml")).unwrap();
    let parsed: serde_json::Value = serde_saphyr::from_str(&workflow).expect("valid YAML");
    let publish = &parsed["jobs"]["publish"]["steps"];
    let runs: String = publish
        .as_array()
        .expect("the publish job has steps")
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let in_workflow = norma_commands(&runs);
    assert_eq!(
        in_workflow,
        [
            "check --format github",
            "build",
            "package",
            "verify dist --key norma-signing.pub"
        ]
    );
    let script = fs::read_to_string(repo.join("scripts/publish.sh")).unwrap();
    let in_script = norma_commands(&script);
    assert_eq!(
        in_script,
        ["check --format github", "build", "package", "verify --key"],
        "scripts/publish.sh"
    );
    // The check job runs on pull requests too, with annotations.
    assert!(workflow.contains("pull_request:"));
    let docs = fs::read_to_string(repo.join("docs/ci.md")).unwrap();
    assert!(docs.contains("scripts/publish.sh") && docs.contains("publish-workflow.yml"));
}

#[test]
fn the_two_halves_of_the_key_are_not_taken_for_each_other() {
    let (dir, root) = example_copy();
    let keys = dir.path().join("claves");
    keygen(&root, &keys);
    let (private, public) = (
        keys.join("norma-signing.key"),
        keys.join("norma-signing.pub"),
    );
    // Signing with the public key's file.
    let run = package_with(&root, &public, &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("es la clave pública"), "{}", run.stderr);
    assert!(!root.join("dist").exists());
    // Verifying with the private key's file.
    let run = package_with(&root, &private, &["--office", "colima"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = verify(&root.join("dist/colima.zip"), Some(&private));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("es la clave PRIVADA"), "{}", run.stderr);
    // The private key where the site would publish the public one.
    fs::copy(&private, root.join("norma-signing.pub")).unwrap();
    let run = norma(&root, &["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("E-KEY-PUBLIC") && run.stdout.contains("clave PRIVADA"),
        "{}",
        run.stdout
    );
    let run = norma(&root, &["build", "--no-pdf"]);
    assert_eq!(run.code, 1);
    assert!(!root.join("public").exists(), "nothing is published");
}

#[test]
fn a_bundle_carries_the_version_in_force_and_what_changed_without_the_superseded_one() {
    let (dir, root) = example_copy();
    common::versions::release_then_edit(&root);
    let keys = dir.path().join("claves");
    keygen(&root, &keys);
    let key = keys.join("norma-signing.key");
    // 2026-12-01: 3.2 (from 2026-11-01) is in force, 3.1 superseded.
    let run = norma_with(
        &root,
        &[
            "package",
            "--key",
            key.to_str().unwrap(),
            "--office",
            "aguascalientes",
        ],
        &[("SOURCE_DATE_EPOCH", "1796083200")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = unpack(&root.join("dist/aguascalientes.zip"));
    assert!(files.contains_key("mo-dir/3.2/7.3.1.1.html"));
    assert!(
        !files.keys().any(|f| f.starts_with("mo-dir/3.1/")),
        "the superseded version is not carried"
    );
    let changes = String::from_utf8(files["mo-dir/3.2/cambios.html"].clone()).unwrap();
    assert!(
        changes.contains("Versión 3.2 comparada con la"),
        "what changed is still said"
    );
    assert!(changes.contains(common::versions::NEW_FUNCTION));
    assert!(!changes.contains("3.1/"), "and nothing links into 3.1");
    let versions = String::from_utf8(files["versions.json"].clone()).unwrap();
    assert!(!versions.contains("\"version\": \"3.1\""), "{versions}");
    // Every link of the unpacked bundle resolves.
    let folder = dir.path().join("desempacado");
    for (path, bytes) in files {
        let target = folder.join(&path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, bytes).unwrap();
    }
    let broken = common::links::broken_links(&folder);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn keygen_writes_to_the_users_folder_not_the_project_by_default() {
    let (dir, root) = example_copy();
    let home = dir.path().join("casa");
    fs::create_dir_all(&home).unwrap();
    let run = norma_with(&root, &["keygen"], &[("HOME", home.to_str().unwrap())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(home.join(".norma/norma-signing.key").is_file());
    assert!(home.join(".norma/norma-signing.pub").is_file());
    assert!(!root.join("norma-signing.key").exists());
    assert!(run.stdout.contains("junto a norma.yaml"), "{}", run.stdout);
}

#[test]
fn a_template_that_fails_on_a_page_is_reported_and_nothing_is_packaged() {
    let (dir, root) = example_copy();
    common::copy_dir(
        &common::fixtures().join("broken/e-template-render/overlay"),
        &root,
    );
    let keys = dir.path().join("claves");
    keygen(&root, &keys);
    let run = package_with(
        &root,
        &keys.join("norma-signing.key"),
        &["--office", "colima"],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E-TEMPLATE-RENDER"), "{}", run.stderr);
    assert!(run.stderr.contains("unit.html:3:29"), "{}", run.stderr);
    assert!(!root.join("dist").exists());
}

/// A zip bomb (8 MiB of zeros packed into a few kilobytes, named as a page of
/// the bundle) is refused before the entry is unpacked, naming it.
#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomba.zip");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("ags/manifest.json", options).unwrap();
    zip.write_all(b"{}").unwrap();
    zip.start_file("ags/mo-dir/3.1/7.3.1.1.html", options)
        .unwrap();
    let zeros = vec![0u8; 8 << 20];
    zip.write_all(&zeros).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 100_000, "{} bytes", bytes.len());
    fs::write(&path, bytes).unwrap();
    let run = verify(&path, None);
    assert_ne!(run.code, 0, "{}", run.stdout);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains("bomba zip"), "{said}");
    assert!(said.contains("ags/mo-dir/3.1/7.3.1.1.html"), "{said}");
}
