//! The `norma` command line: parses arguments, calls the library, prints, and sets
//! the exit code (0 clean or warnings only, 1 findings that fail, 2 usage or I/O).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use norma::diagnostic::{Format, Severity, render_github, render_human, render_json};
use norma::i18n::Lang;

#[derive(Parser)]
#[command(
    name = "norma",
    version,
    about = "Manuales normativos desde YAML: validados, versionados y publicados en HTML y PDF",
    long_about = None
)]
struct Cli {
    /// Carpeta del proyecto (la que contiene norma.yaml)
    #[arg(long, global = true, default_value = ".", value_name = "CARPETA")]
    project: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Crea un proyecto nuevo con un ejemplo pequeño que funciona
    Init {
        /// Carpeta del proyecto nuevo (vacía o inexistente)
        dir: Option<PathBuf>,
    },
    /// Carga y valida todo el contenido; sale con 1 si hay errores
    Check {
        /// Formato de salida: human (personas), json (programas), github (anotaciones de GitHub Actions)
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Trata los avisos como errores (sale con 1 si hay alguno)
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Valida y escribe el sitio HTML y los PDF
    Build {
        /// Carpeta de salida
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// No generar los PDF
        #[arg(long)]
        no_pdf: bool,
        /// Incluir los borradores
        #[arg(long)]
        drafts: bool,
        /// Formato de los hallazgos: human, json o github (el resumen va a stderr con json y github)
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Construye, vigila los cambios y recarga el navegador (solo en 127.0.0.1)
    Serve {
        /// Puerto en 127.0.0.1 (0: uno libre)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Omitir los manuales en borrador (sin esta opción se muestran, marcados BORRADOR)
        #[arg(long)]
        no_drafts: bool,
    },
    /// Crea una entrada nueva (unidad, procedimiento, formato o guía) desde una plantilla
    New {
        /// Qué crear: unit, procedure, form o guide
        #[arg(value_parser = ["unit", "procedure", "form", "guide"])]
        kind: String,
        /// Su código o clave: 7.3.1.2 para una unidad, la clave de registro para las demás
        code: String,
        /// Id del manual donde va (su carpeta en content/)
        #[arg(long)]
        manual: String,
    },
    /// Congela la versión actual de un manual en releases/
    Release {
        /// Id del manual (su carpeta en content/)
        manual: String,
    },
    /// Muestra qué cambió entre dos versiones de un manual
    Diff {
        /// Id del manual
        manual: String,
        /// Versión de partida (por omisión, la anterior a TO)
        from: Option<String>,
        /// Versión de llegada (por omisión, la más reciente: el contenido de content/)
        to: Option<String>,
        /// Formato de salida: human (personas) o json (programas)
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Genera un par de claves ed25519 para firmar paquetes
    Keygen {
        /// Carpeta donde escribir norma-signing.key y norma-signing.pub, fuera del
        /// proyecto (predeterminada: ~/.norma)
        #[arg(long, value_name = "CARPETA")]
        out: Option<PathBuf>,
    },
    /// Prepara los paquetes sin conexión para las oficinas, con manifiesto firmado
    Package {
        /// Solo el paquete de esta oficina (su id en content/offices.yaml)
        #[arg(long, value_name = "ID")]
        office: Option<String>,
        /// Carpeta de salida (se reemplaza completa)
        #[arg(long, default_value = "dist", value_name = "CARPETA")]
        out: PathBuf,
        /// Archivo de la clave privada de firma (o la variable NORMA_SIGNING_KEY)
        #[arg(long, value_name = "ARCHIVO")]
        key: Option<PathBuf>,
    },
    /// Verifica los archivos y la firma de un paquete (zip, carpeta desempacada o dist/)
    Verify {
        /// El paquete: un .zip, la carpeta donde se desempacó, o la carpeta dist/ completa
        bundle: PathBuf,
        /// La clave pública con que verificar (la que publica la institución)
        #[arg(long, value_name = "ARCHIVO")]
        key: Option<PathBuf>,
    },
    /// Escribe el JSON Schema de cada tipo de archivo YAML en schemas/, para los editores
    Schema {
        /// Solo el de este tipo, en la salida estándar: norma, manual, unit, procedure, form, guide, glossary, offices
        kind: Option<String>,
        /// Carpeta donde escribirlos (predeterminada: schemas/ del proyecto)
        #[arg(long, value_name = "CARPETA")]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            format,
            deny_warnings,
        } => run_check(&cli.project, format, deny_warnings),
        Command::Init { dir } => run_init(&dir.unwrap_or_else(|| cli.project.clone())),
        Command::Build {
            out,
            no_pdf,
            drafts,
            format,
        } => run_build(&cli.project, out, no_pdf, drafts, format),
        Command::Serve { port, no_drafts } => run_serve(&cli.project, port, !no_drafts),
        Command::New { kind, code, manual } => run_new(&cli.project, &kind, &code, &manual),
        Command::Release { manual } => run_release(&cli.project, &manual),
        Command::Diff {
            manual,
            from,
            to,
            format,
        } => run_diff(&cli.project, &manual, from, to, format),
        Command::Keygen { out } => run_keygen(&cli.project, out),
        Command::Package { office, out, key } => run_package(&cli.project, office, out, key),
        Command::Verify { bundle, key } => run_verify(&bundle, key.as_deref()),
        Command::Schema { kind, out } => run_schema(&cli.project, kind.as_deref(), out),
    }
}

/// `--out` is relative to where norma runs; its default (`public`, `dist`) is
/// the project's folder of that name.
fn output_folder(root: &std::path::Path, out: PathBuf, default: &str) -> PathBuf {
    if out == std::path::Path::new(default) {
        root.join(default)
    } else {
        out
    }
}

/// `norma package`: one signed bundle per office.
fn run_package(
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
fn run_verify(bundle: &std::path::Path, key: Option<&std::path::Path>) -> ExitCode {
    use norma::commands::verify::{Problem, Unreadable, verify};
    // A key that cannot be used is the user's problem, not the bundle's.
    if let Some(path) = key
        && let Err(error) = norma::keys::read_public(path)
    {
        eprintln!("norma verify: {}", error.message(Lang::Es));
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

fn use_color() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// `norma build`: the findings (warnings included) as `check` prints them, a
/// progress bar on a terminal, and one summary line.
fn run_build(
    root: &std::path::Path,
    out: PathBuf,
    no_pdf: bool,
    drafts: bool,
    format: Format,
) -> ExitCode {
    use norma::pipeline::{BuildError, BuildOptions, Stage, build_project};
    use std::time::Instant;

    let started = Instant::now();
    let out = output_folder(root, out, "public");
    let options = BuildOptions {
        out: out.clone(),
        drafts,
        pdf: !no_pdf,
    };
    let on_terminal = std::io::stderr().is_terminal();
    let bar = indicatif::ProgressBar::hidden();
    if on_terminal {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
    }
    let progress = |stage: Stage| match stage {
        Stage::Checked => bar.set_message("comprobado"),
        Stage::Rendering { pages } => {
            bar.set_length(pages as u64);
            bar.set_message("páginas");
        }
        Stage::PageDone => bar.inc(1),
        Stage::Printing => bar.set_message("PDF"),
        Stage::Writing { .. } => bar.set_message("escribiendo"),
    };
    let (checked, result) = build_project(root, &options, &progress);
    bar.finish_and_clear();

    let lang = checked
        .as_ref()
        .map(|c| c.project.settings.language)
        .unwrap_or(Lang::Es);
    if let Some(checked) = &checked {
        let (diagnostics, sources) = (&checked.diagnostics, &checked.project.sources);
        let text = match format {
            Format::Human if diagnostics.is_empty() => String::new(),
            Format::Human => render_human(diagnostics, sources, lang, use_color(), ""),
            Format::Json => render_json(diagnostics, sources),
            Format::Github => render_github(diagnostics, sources),
        };
        print!("{text}");
    }
    // With json or github on stdout, the summary goes to stderr.
    let say = |line: String| {
        if format == Format::Human {
            println!("{line}");
        } else {
            eprintln!("{line}");
        }
    };
    if let Some(checked) = checked {
        norma::parallel::drop_in_background(checked);
    }
    match result {
        Ok(built) => {
            if let Some(note) = built.drafts_note(lang) {
                say(format!("norma build: {note}"));
            }
            say(format!(
                "norma build: {}",
                built.summary(&out, started.elapsed().as_secs_f64(), lang)
            ));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("norma build: {}", error.message(lang));
            match error {
                BuildError::Content => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

/// Prints the findings of a command that checks the project first (errors and
/// warnings, as `check` prints them) and returns the project's language.
fn print_findings(checked: &Option<norma::Checked>) -> Lang {
    let Some(checked) = checked else {
        return Lang::Es;
    };
    let lang = checked.project.settings.language;
    if !checked.diagnostics.is_empty() {
        eprint!(
            "{}",
            render_human(
                &checked.diagnostics,
                &checked.project.sources,
                lang,
                use_color() && std::io::stderr().is_terminal(),
                ""
            )
        );
    }
    lang
}

/// `norma release MANUAL`.
fn run_serve(root: &std::path::Path, port: u16, drafts: bool) -> ExitCode {
    let options = norma::serve::ServeOptions {
        port,
        drafts,
        color: use_color() && std::io::stderr().is_terminal(),
    };
    match norma::serve::serve(root, &options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("norma serve: {}", error.message(Lang::Es));
            ExitCode::from(2)
        }
    }
}

fn run_keygen(root: &std::path::Path, out: Option<PathBuf>) -> ExitCode {
    use norma::keys::{generate, write_pair};
    // By default a folder of the user's, never the project (whose files end up
    // in the repository).
    let Some(out) = out.or_else(|| {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| PathBuf::from(h).join(".norma"))
    }) else {
        eprintln!(
            "norma keygen: no se sabe dónde guardar las claves (no hay HOME)\nayuda: indique una carpeta fuera del proyecto con --out CARPETA"
        );
        return ExitCode::from(2);
    };
    let written = generate().and_then(|key| write_pair(&out, &root.join("content"), &key));
    match written {
        Ok((private, public)) => {
            println!(
                "norma keygen: se escribieron {} (clave privada: solo para firmar; guárdela fuera del repositorio y del contenido) y {} (clave pública: viaja en cada paquete).",
                private.display(),
                public.display()
            );
            println!(
                "Para firmar: norma package --key {} (o NORMA_SIGNING_KEY={}).",
                private.display(),
                private.display()
            );
            println!(
                "Para que el sitio publique la clave pública y norma package compruebe que firma con su pareja, copie {} a la raíz del proyecto, junto a norma.yaml (docs/package.md).",
                public.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("norma keygen: {}", error.message(Lang::Es));
            ExitCode::from(2)
        }
    }
}

fn run_init(dir: &std::path::Path) -> ExitCode {
    match norma::scaffold::init(dir) {
        Ok(files) => {
            let shown = dir.display();
            println!(
                "norma init: proyecto nuevo en {shown} ({} archivos): un manual de organización, uno de procedimientos, un catálogo de formatos y una guía de supervisión, cada uno pequeño y comentado.",
                files.len()
            );
            println!(
                "Siguientes pasos:\n  cd {shown}\n  norma serve        # vista previa en el navegador mientras edita\n  norma build        # publica el sitio y los PDF en public/\nEl README.md del proyecto explica cada carpeta; schemas/ da a su editor el autocompletado (vea docs/editor.md en la documentación de norma)."
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("norma init: {}", error.message(Lang::Es));
            ExitCode::from(2)
        }
    }
}

fn run_new(root: &std::path::Path, kind: &str, code: &str, manual: &str) -> ExitCode {
    use norma::scaffold::{EntryKind, ScaffoldError, new_entry};
    let Some(kind) = EntryKind::parse(kind) else {
        return ExitCode::from(2);
    };
    let (lang, result) = new_entry(root, kind, code, manual);
    match result {
        Ok(file) => {
            println!(
                "{}",
                lang.t(
                    format!("norma new: se creó {file}; escriba en él los textos oficiales (norma serve muestra el resultado mientras edita)."),
                    format!("norma new: wrote {file}; write the official texts in it (norma serve shows the result as you edit)."),
                )
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("norma new: {}", error.message(lang));
            match error {
                ScaffoldError::Load(_) | ScaffoldError::Write(..) => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
}

fn run_schema(root: &std::path::Path, kind: Option<&str>, out: Option<PathBuf>) -> ExitCode {
    use norma::schema::{KINDS, kind as find_kind};
    if let Some(name) = kind {
        let Some(kind) = find_kind(name) else {
            let names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
            eprintln!(
                "norma schema: no hay un tipo «{name}»; los tipos son: {}",
                names.join(", ")
            );
            return ExitCode::from(2);
        };
        print!("{}", kind.json());
        return ExitCode::SUCCESS;
    }
    let dir = out.unwrap_or_else(|| root.join("schemas"));
    match norma::schema::write_all(&dir) {
        Ok(files) => {
            println!(
                "norma schema: {} esquemas en {} ({})",
                files.len(),
                dir.display(),
                files.join(", ")
            );
            println!(
                "Para que su editor los use, la primera línea de cada archivo YAML dice cuál le corresponde, por ejemplo en content/<manual>/units/*.yaml:\n  # yaml-language-server: $schema=../../../schemas/unit.schema.json\n(docs/editor.md, en la documentación de norma, explica la configuración)."
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "norma schema: no se pudo escribir en {}: {e}",
                dir.display()
            );
            ExitCode::from(2)
        }
    }
}

fn run_release(root: &std::path::Path, manual: &str) -> ExitCode {
    use norma::commands::release::{FreezeError, freeze};
    let (checked, result) = freeze(root, manual, norma::date::today());
    let lang = print_findings(&checked);
    match result {
        Ok(frozen) => {
            println!(
                "{}",
                lang.t(
                    format!(
                        "norma release: se congeló la versión {} de {} en {} ({} archivos con su SHA-256 en release.yaml)",
                        frozen.version, frozen.manual, frozen.folder, frozen.files
                    ),
                    format!(
                        "norma release: froze version {} of {} in {} ({} files with their SHA-256 in release.yaml)",
                        frozen.version, frozen.manual, frozen.folder, frozen.files
                    ),
                )
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("norma release: {}", error.message(lang));
            match error {
                FreezeError::Load(_) | FreezeError::Write(..) => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
}

/// `norma diff MANUAL [FROM] [TO]`.
fn run_diff(
    root: &std::path::Path,
    manual: &str,
    from: Option<String>,
    to: Option<String>,
    format: Format,
) -> ExitCode {
    use norma::commands::diff::{DiffError, between, human};
    let (checked, result) = between(root, manual, from.as_deref(), to.as_deref());
    let lang = print_findings(&checked);
    match result {
        Ok(diff) => {
            let text = match format {
                Format::Json => serde_json::to_string_pretty(&diff).unwrap_or_default() + "\n",
                _ => human(&diff, lang, use_color()),
            };
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
                .is_err()
            {
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("norma diff: {}", error.message(lang));
            match error {
                DiffError::Load(_) => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
}

fn run_check(root: &std::path::Path, format: Format, deny_warnings: bool) -> ExitCode {
    let checked = match norma::check_project(root) {
        Ok(checked) => checked,
        Err(error) => {
            eprintln!("norma: {}", error.message(Lang::Es));
            return ExitCode::from(2);
        }
    };
    let sources = &checked.project.sources;
    let diagnostics = &checked.diagnostics;
    let lang = checked.project.settings.language;
    let output = match format {
        Format::Human => {
            let preface = format!("norma check: {}: ", checked.totals());
            render_human(diagnostics, sources, lang, use_color(), &preface)
        }
        Format::Json => render_json(diagnostics, sources),
        Format::Github => render_github(diagnostics, sources),
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(output.as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    let fails =
        diagnostics.has_errors() || (deny_warnings && diagnostics.count(Severity::Warning) > 0);
    if fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// See Cargo.toml: the build allocates many small strings on every core.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
