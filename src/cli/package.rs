//! `norma package` and `norma verify`: the offices' bundles and their checking.

use super::*;

/// `norma package`: one signed bundle per office.
pub fn run_package(
    root: &std::path::Path,
    office: Option<String>,
    out: PathBuf,
    key: Option<PathBuf>,
) -> ExitCode {
    use norma::commands::package::{PackageError, PackageOptions, key_file, package};
    let out = output_folder(root, out, "dist");
    let options = PackageOptions {
        out: out.clone(),
        office,
        key: key_file(key),
    };
    let (checked, result) = package(root, &options);
    let lang = print_findings(&checked);
    let shown = out.strip_prefix(".").unwrap_or(&out).display();
    match result {
        Ok(packaged) => {
            for b in &packaged.bundles {
                let mut manuals: Vec<String> = b
                    .manuals
                    .iter()
                    .map(|m| format!("{} {} ({})", m.id, m.version, m.status))
                    .collect();
                if manuals.is_empty() {
                    manuals.push(lang.t(
                        "ningún manual se dirige a esta oficina (vea «audience»)",
                        "no manual is meant for this office (see “audience”)",
                    ));
                }
                println!(
                    "  {:<28} {:>4} {}  {:>6} KB  {}",
                    b.file,
                    b.files,
                    lang.t("archivos", "files"),
                    b.bytes.div_ceil(1024),
                    manuals.join(", ")
                );
            }
            println!(
                "{}",
                lang.t(
                    format!(
                        "norma package: {} {} en {shown} (clave con huella {}); {} con norma verify {shown}",
                        packaged.bundles.len(),
                        if packaged.bundles.len() == 1 { "paquete firmado" } else { "paquetes firmados" },
                        packaged.fingerprint,
                        if packaged.bundles.len() == 1 { "compruébelo" } else { "compruébelos" },
                    ),
                    format!(
                        "norma package: {} bundle{} signed in {shown} (key fingerprint {}); check them with norma verify {shown}",
                        packaged.bundles.len(),
                        if packaged.bundles.len() == 1 { "" } else { "s" },
                        packaged.fingerprint,
                    ),
                )
            );
            if !packaged.project_keeps_key {
                eprintln!(
                    "{}",
                    lang.t(
                        "nota: el proyecto no guarda norma-signing.pub junto a norma.yaml: el sitio no publica la clave con que las oficinas comprueban sus paquetes (docs/package.md, «Keys»)",
                        "note: the project keeps no norma-signing.pub beside norma.yaml: the site does not publish the key offices check their bundles with (docs/package.md, “Keys”)",
                    )
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("norma package: {}", error.message(lang));
            match error {
                PackageError::Content | PackageError::UnknownOffice { .. } => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

/// `norma verify BUNDLE [--key PUB]`: one line per problem; exit 1 on any.
pub fn run_verify(bundle: &std::path::Path, key: Option<&std::path::Path>) -> ExitCode {
    use norma::commands::verify::{Problem, Unreadable, verify};
    // A key that cannot be used is the user's problem, not the bundle's.
    if let Some(path) = key
        && let Err(error) = norma::keys::read_public(path)
    {
        let lang = fallback_lang();
        eprintln!("norma verify: {}", error.message(lang));
        return ExitCode::from(2);
    }
    let report = verify(bundle, key);
    let lang = report.lang();
    // Nothing there at all: a mistyped name, said once.
    if let [problem @ Problem::Unreadable(Unreadable::NoSuchFile)] = report.problems.as_slice() {
        eprintln!("norma verify: {}: {}", report.shown, problem.line(lang));
        return ExitCode::from(2);
    }
    for line in report.problem_lines(lang) {
        eprintln!("norma verify: {line}");
    }
    if report.is_authentic() {
        println!("norma verify: {}", report.summary(lang));
        ExitCode::SUCCESS
    } else {
        eprintln!("norma verify: {}", report.summary(lang));
        ExitCode::from(1)
    }
}
