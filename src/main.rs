//! The `norma` command line: parses arguments, calls the library, prints, and sets
//! the exit code (0 clean or warnings only, 1 findings that fail, 2 usage or I/O).

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cli::*;
use norma::diagnostic::Format;

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

    /// Idioma de los mensajes de esta ejecución y de las palabras propias del sitio (es o en); predeterminado: el language de norma.yaml
    #[arg(long, global = true, value_parser = ["es", "en"], value_name = "IDIOMA")]
    lang: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Crea un proyecto nuevo con un ejemplo pequeño que funciona
    Init {
        /// Carpeta del proyecto nuevo (vacía o inexistente)
        #[arg(value_name = "CARPETA")]
        dir: Option<PathBuf>,
    },
    /// Carga y valida todo el contenido; sale con 1 si hay errores
    Check {
        /// Formato de salida: human (personas), json (programas), github (anotaciones de GitHub Actions)
        #[arg(long, value_enum, default_value = "human", value_name = "FORMATO")]
        format: Format,
        /// Trata los avisos como errores (sale con 1 si hay alguno)
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Valida y escribe el sitio HTML y los PDF
    Build {
        /// Carpeta de salida
        #[arg(long, default_value = "public", value_name = "CARPETA")]
        out: PathBuf,
        /// No generar los PDF
        #[arg(long)]
        no_pdf: bool,
        /// Incluir los borradores
        #[arg(long)]
        drafts: bool,
        /// Formato de los hallazgos: human, json o github (el resumen va a stderr con json y github)
        #[arg(long, value_enum, default_value = "human", value_name = "FORMATO")]
        format: Format,
    },
    /// Construye, vigila los cambios y recarga el navegador (solo en 127.0.0.1)
    Serve {
        /// Puerto en 127.0.0.1 (0: uno libre)
        #[arg(long, default_value_t = 1111, value_name = "PUERTO")]
        port: u16,
        /// Omitir los manuales en borrador (sin esta opción se muestran, marcados BORRADOR)
        #[arg(long)]
        no_drafts: bool,
    },
    /// Crea una entrada nueva (unidad, procedimiento, formato o guía) desde una plantilla
    New {
        /// Qué crear: unit, procedure, form o guide
        #[arg(value_parser = ["unit", "procedure", "form", "guide"], value_name = "TIPO")]
        kind: String,
        /// Su código o clave: 7.3.1.2 para una unidad, la clave de registro para las demás
        #[arg(value_name = "CÓDIGO")]
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
        /// Versión de partida (por omisión, la anterior a HASTA)
        #[arg(value_name = "DESDE")]
        from: Option<String>,
        /// Versión de llegada (por omisión, la más reciente: el contenido de content/)
        #[arg(value_name = "HASTA")]
        to: Option<String>,
        /// Formato de salida: human (personas) o json (programas)
        #[arg(long, value_enum, default_value = "human", value_name = "FORMATO")]
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
        #[arg(value_name = "PAQUETE")]
        bundle: PathBuf,
        /// La clave pública con que verificar (la que publica la institución)
        #[arg(long, value_name = "ARCHIVO")]
        key: Option<PathBuf>,
    },
    /// Escribe el JSON Schema de cada tipo de archivo YAML en schemas/, para los editores
    Schema {
        /// Solo el de este tipo, en la salida estándar: norma, manual, unit, procedure, form, guide, glossary, offices
        #[arg(value_name = "TIPO")]
        kind: Option<String>,
        /// Carpeta donde escribirlos (predeterminada: schemas/ del proyecto)
        #[arg(long, value_name = "CARPETA")]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().collect();
    let lang = cli::args::language(&raw);
    cli::set_fallback_lang(lang);
    let command = cli::args::in_language(<Cli as clap::CommandFactory>::command(), lang);
    let parsed = command
        .try_get_matches_from(&raw)
        .and_then(|matches| <Cli as clap::FromArgMatches>::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) => return cli::args::report(error, lang),
    };
    if cli.lang.is_some() {
        // Whatever norma.yaml says (docs/content.md, "language").
        norma::project::set_language(lang);
    }
    if !matches!(cli.command, Command::Serve { .. }) && is_large(&cli.project) {
        // See norma::memory.
        norma::memory::return_freed_at_once();
    }
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

/// See Cargo.toml: the build allocates many small strings on every core.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Whether the project at `root` has more than `LARGE` files under
/// `content/` (counting stops there): a normateca, where memory matters more
/// than a sixth of the time.
fn is_large(root: &std::path::Path) -> bool {
    const LARGE: usize = 5_000;
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .take(LARGE + 1)
        .count()
        > LARGE
}
