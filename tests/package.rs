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

/// `norma verify` through /usr/bin/time: (exit code, stderr, seconds, max
/// RSS in kB), run in `cwd`. `None` without /usr/bin/time.
fn timed_verify(bundle: &Path, cwd: &Path) -> Option<(i32, String, f64, u64)> {
    if !Path::new("/usr/bin/time").exists() {
        return None;
    }
    let started = std::time::Instant::now();
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "maxrss=%M"])
        .arg(env!("CARGO_BIN_EXE_norma"))
        .args(["verify", bundle.to_str().unwrap()])
        .current_dir(cwd)
        .output()
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let rss = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("maxrss="))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(u64::MAX);
    Some((out.status.code().unwrap_or(-1), stderr, seconds, rss))
}

/// Every file under `dir`, for "nothing was written".
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = walk(dir);
    all.sort();
    all
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        }
        out.push(path);
    }
    out
}

/// The acceptance of issue #24: a 1 GiB entry of zeros (a 1 MB zip, made
/// by Python's zipfile as any tool would) is refused by name in under 2 s
/// with under 100 MB of memory, and nothing is written anywhere.
#[test]
fn a_one_gib_zip_bomb_is_refused_by_name_quickly_in_little_memory_writing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("bomba-1g.zip");
    let made = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, zipfile\n\
             with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n\
             \x20   z.writestr('ags/manifest.json', '{}')\n\
             \x20   with z.open('ags/index.html', 'w', force_zip64=True) as f:\n\
             \x20       block = bytes(1 << 20)\n\
             \x20       for _ in range(1024): f.write(block)\n",
        )
        .arg(&bomb)
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("python3 could not make the bomb: test skipped");
        return;
    }
    let packed = fs::metadata(&bomb).unwrap().len();
    assert!(packed < 2 << 20, "{packed} bytes");
    let cwd = dir.path().join("aqui");
    fs::create_dir(&cwd).unwrap();
    let before = listing(dir.path());
    let Some((code, stderr, seconds, rss)) = timed_verify(&bomb, &cwd) else {
        let run = verify(&bomb, None);
        assert_eq!(run.code, 1);
        assert!(
            run.stderr.contains("ags/index.html se descomprimiría"),
            "{}",
            run.stderr
        );
        return;
    };
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("ags/index.html se descomprimiría a") && stderr.contains("bomba zip"),
        "{stderr}"
    );
    assert!(seconds < 2.0, "{seconds:.2} s");
    assert!(rss < 100_000, "{rss} kB");
    assert_eq!(listing(dir.path()), before, "verify wrote something");
}

/// A zip being written in memory.
type MemZip = zip::ZipWriter<std::io::Cursor<Vec<u8>>>;

/// The offsets of an entry's local header and central directory header in
/// a zip's bytes.
fn headers(zip: &[u8], name: &str) -> (usize, usize) {
    let find = |signature: [u8; 4], name_at: usize| {
        (0..zip.len() - name_at - name.len())
            .find(|&i| {
                zip[i..i + 4] == signature
                    && &zip[i + name_at..i + name_at + name.len()] == name.as_bytes()
            })
            .unwrap_or_else(|| panic!("no header for {name}"))
    };
    (
        find([0x50, 0x4b, 0x03, 0x04], 30),
        find([0x50, 0x4b, 0x01, 0x02], 46),
    )
}

/// Sets an entry's declared (unpacked) size, in both its headers.
fn declare_size(zip: &mut [u8], name: &str, size: u32) {
    let (local, central) = headers(zip, name);
    zip[local + 22..local + 26].copy_from_slice(&size.to_le_bytes());
    zip[central + 24..central + 28].copy_from_slice(&size.to_le_bytes());
}

/// Overwrites an entry's packed bytes with bytes no inflater accepts.
fn corrupt(zip: &mut [u8], name: &str) {
    let (local, _) = headers(zip, name);
    let name_len = u16::from_le_bytes([zip[local + 26], zip[local + 27]]) as usize;
    let extra_len = u16::from_le_bytes([zip[local + 28], zip[local + 29]]) as usize;
    let data = local + 30 + name_len + extra_len;
    for b in &mut zip[data..data + 8] {
        *b = 0xff;
    }
}

/// Each hostile or damaged zip is refused with a Spanish line naming what is
/// wrong; nothing is decompressed that the manifest does not list, and an
/// entry is never read past the size the manifest gives.
#[test]
fn hostile_and_damaged_bundles_are_refused_by_name() {
    use std::io::Write;
    let p = packaged(&[]);
    let public = p.keys.join("norma-signing.pub");
    let ags = p.dist.join("aguascalientes.zip");
    let original = fs::read(&ags).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = scratch.path().join(name);
        fs::write(&path, bytes).unwrap();
        path
    };
    let expect = |path: &Path, said: &[&str]| {
        let run = verify(path, Some(&public));
        assert_eq!(
            run.code,
            1,
            "{}: {}{}",
            path.display(),
            run.stdout,
            run.stderr
        );
        for s in said {
            assert!(
                run.stderr.contains(s),
                "{}: {s:?} not in\n{}",
                path.display(),
                run.stderr
            );
        }
        assert!(!run.stderr.contains("os error"), "{}", run.stderr);
        run.stderr
    };
    // A zip of the bundle's files plus `extra` entries written by `add`.
    let rezip = |add: &dyn Fn(&mut MemZip)| {
        let files = unpack(&ags);
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (path, bytes) in &files {
            zip.start_file(format!("aguascalientes/{path}"), options)
                .unwrap();
            zip.write_all(bytes).unwrap();
        }
        add(&mut zip);
        zip.finish().unwrap().into_inner()
    };
    let options = zip::write::SimpleFileOptions::default();

    // A name that climbs out of the folder, and an absolute one.
    let escape = write(
        "escape.zip",
        &rezip(&|z| {
            z.start_file("aguascalientes/../../fuera.html", options)
                .unwrap();
            z.write_all(b"<p>x</p>").unwrap();
        }),
    );
    expect(
        &escape,
        &["aguascalientes/../../fuera.html es una ruta absoluta o que sale"],
    );
    let absolute = write(
        "absoluta.zip",
        &rezip(&|z| {
            z.start_file("/etc/cron.d/x", options).unwrap();
            z.write_all(b"x").unwrap();
        }),
    );
    expect(&absolute, &["/etc/cron.d/x es una ruta absoluta"]);
    // A link.
    let link = write(
        "enlace.zip",
        &rezip(&|z| {
            z.add_symlink("aguascalientes/enlace.html", "/etc/passwd", options)
                .unwrap();
        }),
    );
    expect(
        &link,
        &["aguascalientes/enlace.html es un enlace simbólico"],
    );
    // Two entries with one name (the second renamed in place).
    let mut twice = rezip(&|z| {
        z.start_file("aguascalientes/zz1.html", options).unwrap();
        z.write_all(b"<p>a</p>").unwrap();
        z.start_file("aguascalientes/zz2.html", options).unwrap();
        z.write_all(b"<p>b</p>").unwrap();
    });
    let (local, central) = headers(&twice, "aguascalientes/zz2.html");
    let at = "aguascalientes/zz".len();
    twice[local + 30 + at] = b'1';
    twice[central + 46 + at] = b'1';
    let duplicate = write("doble.zip", &twice);
    expect(&duplicate, &["dos entradas con el mismo nombre"]);
    // Garbage, and a download cut in half.
    let garbage: Vec<u8> = (0..50_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    expect(&write("basura.zip", &garbage), &["no es un paquete"]);
    expect(
        &write("cortado.zip", &original[..original.len() / 2]),
        &["no es un paquete", "¿se cortó la descarga?"],
    );

    // An entry the manifest does not list is never decompressed: its packed
    // bytes are garbage, and it is only said to be extra.
    let mut unlisted = rezip(&|z| {
        z.start_file(
            "aguascalientes/aviso.html",
            options.compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        z.write_all(&vec![b'a'; 10_000]).unwrap();
    });
    corrupt(&mut unlisted, "aguascalientes/aviso.html");
    let said = expect(&write("no-listado.zip", &unlisted), &["sobra: aviso.html"]);
    assert!(!said.contains("dañado"), "{said}");
    assert_eq!(said.matches("sobra:").count(), 1, "{said}");

    // A file the manifest says has 100 bytes and the zip 200,000: changed,
    // without being read.
    let page = "mo-dir/3.1/7.3.1.1.html";
    let longer = fs::read(altered(&ags, &scratch.path().join("tmp.zip"), |f| {
        f.insert(page.into(), vec![b'x'; 200_000]);
        let mut manifest: serde_json::Value = serde_json::from_slice(&f["manifest.json"]).unwrap();
        for entry in manifest["files"].as_array_mut().unwrap() {
            if entry["path"] == page {
                entry["size"] = 100.into();
            }
        }
        f.insert(
            "manifest.json".into(),
            serde_json::to_vec_pretty(&manifest).unwrap(),
        );
    }))
    .unwrap();
    let said = expect(
        &write("largo.zip", &longer),
        &["modificado: mo-dir/3.1/7.3.1.1.html", "firma inválida"],
    );
    assert!(!said.contains("dañado"), "{said}");
    // The zip too says 100 bytes, and holds 200,000: reading stops at the
    // first byte past 100, and the entry is named.
    let mut lying = longer.clone();
    declare_size(&mut lying, &format!("aguascalientes/{page}"), 100);
    expect(
        &write("mentira.zip", &lying),
        &["aguascalientes/mo-dir/3.1/7.3.1.1.html no se puede leer"],
    );
    let mut bundle = norma::package::archive::Bundle::open(std::io::Cursor::new(lying)).unwrap();
    assert!(bundle.hash(page, 100).is_err());

    // The original still verifies.
    assert_eq!(verify(&ags, Some(&public)).code, 0);
    // A key "file" that never ends is read no further than a key's size.
    let run = verify(&ags, Some(Path::new("/dev/zero")));
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("/dev/zero"), "{}", run.stderr);
}

/// The limits on a zip's list of entries, said before anything is read: more
/// entries than a bundle has (a Zip64 end record claiming 300,000), and more
/// than 4 GiB in all (five entries declaring 1 GiB each, packed 8 MiB each
/// as far as the zip says).
#[test]
fn too_many_entries_or_too_much_in_all_is_refused_before_reading() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    // A Zip64 end record, its locator and the classic end record.
    let mut many = Vec::new();
    many.extend_from_slice(&[0x50, 0x4b, 0x06, 0x06]);
    many.extend_from_slice(&44u64.to_le_bytes());
    many.extend_from_slice(&[45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    many.extend_from_slice(&300_000u64.to_le_bytes());
    many.extend_from_slice(&300_000u64.to_le_bytes());
    many.extend_from_slice(&(300_000u64 * 46).to_le_bytes());
    many.extend_from_slice(&0u64.to_le_bytes());
    many.extend_from_slice(&[0x50, 0x4b, 0x06, 0x07, 0, 0, 0, 0]);
    many.extend_from_slice(&0u64.to_le_bytes());
    many.extend_from_slice(&1u32.to_le_bytes());
    many.extend_from_slice(&[0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    many.extend_from_slice(&[0xff; 8]);
    many.extend_from_slice(&[0, 0]);
    let path = dir.path().join("muchas.zip");
    fs::write(&path, &many).unwrap();
    let run = verify(&path, None);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("el zip tiene 300000 entradas"),
        "{}",
        run.stderr
    );

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for n in 1..=5 {
        zip.start_file(format!("ags/parte{n}.pdf"), options)
            .unwrap();
        zip.write_all(&[b'x'; 64]).unwrap();
    }
    let mut bytes = zip.finish().unwrap().into_inner();
    for n in 1..=5 {
        let (local, central) = headers(&bytes, &format!("ags/parte{n}.pdf"));
        for at in [local + 22, central + 24] {
            bytes[at..at + 4].copy_from_slice(&(1u32 << 30).to_le_bytes());
        }
        for at in [local + 18, central + 20] {
            bytes[at..at + 4].copy_from_slice(&(8u32 << 20).to_le_bytes());
        }
    }
    let path = dir.path().join("enorme.zip");
    fs::write(&path, &bytes).unwrap();
    let run = verify(&path, None);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("más de 4 GiB (al llegar a ags/parte5.pdf)")
            || run.stderr.contains("no es un paquete"),
        "{}",
        run.stderr
    );
}
