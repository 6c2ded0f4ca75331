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
    },
    /// Construye, vigila los cambios y recarga el navegador (solo en 127.0.0.1)
    Serve {
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Crea una entrada nueva (unidad, procedimiento, formato o guía) desde una plantilla
    New {
        #[arg(value_parser = ["unit", "procedure", "form", "guide"])]
        kind: String,
        code: String,
        #[arg(long)]
        manual: String,
    },
    /// Congela la versión actual de un manual en releases/
    Release { manual: String },
    /// Muestra qué cambió entre dos versiones de un manual
    Diff {
        manual: String,
        from: Option<String>,
        to: Option<String>,
    },
    /// Genera un par de claves ed25519 para firmar paquetes
    Keygen {
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
    /// Prepara los paquetes sin conexión para las oficinas, con manifiesto firmado
    Package {
        #[arg(long)]
        office: Option<String>,
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// Verifica los archivos y la firma de un paquete
    Verify {
        bundle: PathBuf,
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// Escribe el JSON Schema de cada tipo de archivo YAML, para los editores
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            format,
            deny_warnings,
        } => run_check(&cli.project, format, deny_warnings),
        Command::Init { .. } => not_yet("init", 7),
        Command::Build { .. } => not_yet("build", 3),
        Command::Serve { .. } => not_yet("serve", 7),
        Command::New { .. } => not_yet("new", 7),
        Command::Release { .. } => not_yet("release", 6),
        Command::Diff { .. } => not_yet("diff", 6),
        Command::Keygen { .. } => not_yet("keygen", 8),
        Command::Package { .. } => not_yet("package", 8),
        Command::Verify { .. } => not_yet("verify", 8),
        Command::Schema => not_yet("schema", 7),
    }
}

/// A command that this version does not have yet: said plainly, exit 2.
fn not_yet(command: &str, issue: u32) -> ExitCode {
    eprintln!(
        "norma {command}: este comando todavía no está disponible en esta versión de norma (pendiente: issue #{issue}).\n\
         norma {command}: this command is not available in this version of norma yet (pending: issue #{issue})."
    );
    ExitCode::from(2)
}

fn use_color() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
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
