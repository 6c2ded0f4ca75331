//! Why a pass of the pipeline stopped, in the author's language.

use std::io;
use std::path::PathBuf;

use crate::i18n::Lang;
use crate::load::LoadError;

#[derive(Debug)]
pub enum BuildError {
    Load(LoadError),
    /// The content (or the theme) has errors; they are in the diagnostics.
    Content,
    /// The output folder is one norma must not replace (the project itself ...).
    UnsafeOutput(PathBuf),
    /// The output folder is a symbolic link.
    OutputIsLink(PathBuf),
    Write(PathBuf, io::Error),
    /// A PDF could not be made (`pdf::PdfFailed`): norma's fault, not the content's.
    Pdf {
        path: String,
        reasons: Vec<String>,
    },
    /// A worker panicked while rendering the pages or printing the PDFs: a bug
    /// in norma. `stage` is `render` or `print`; `detail` the panic's message.
    Internal {
        stage: &'static str,
        detail: String,
    },
}

impl BuildError {
    /// The error for a panic caught in `stage`, with the panic's message.
    pub fn internal(stage: &'static str, panic: Box<dyn std::any::Any + Send>) -> BuildError {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        BuildError::Internal { stage, detail }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            BuildError::Load(e) => e.message(lang),
            BuildError::Content => lang.t(
                "hay errores: no se escribió nada y la salida anterior sigue intacta",
                "there are errors: nothing was written and the previous output is untouched",
            ),
            BuildError::UnsafeOutput(p) => lang.t(
                format!(
                    "la carpeta de salida {} contiene el proyecto o su contenido; norma no la reemplaza",
                    p.display()
                ),
                format!(
                    "the output folder {} holds the project or its content; norma does not replace it",
                    p.display()
                ),
            ),
            BuildError::OutputIsLink(p) => lang.t(
                format!(
                    "la carpeta de salida {} es un enlace simbólico; norma no escribe a través de enlaces (podría borrar lo que hay del otro lado)\nayuda: indique la carpeta real con --out",
                    p.display()
                ),
                format!(
                    "the output folder {} is a symbolic link; norma does not write through links (it could delete what is on the other side)\nhelp: give the real folder with --out",
                    p.display()
                ),
            ),
            BuildError::Pdf { path, reasons } => {
                let found = if reasons.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", reasons.join("; "))
                };
                lang.t(
                    format!(
                        "no se pudo componer el PDF {path}{found}: es una falla de norma, no de su contenido; no se escribió nada y la salida anterior sigue intacta\nayuda: repórtela con el proyecto que la produce; norma build --no-pdf publica el sitio sin los PDF, y «pdf: {{standards: []}}» en norma.yaml los escribe sin declarar PDF/UA ni PDF/A"
                    ),
                    format!(
                        "could not make the PDF {path}{found}: a fault of norma's, not of your content; nothing was written and the previous output is untouched\nhelp: report it with the project that causes it; norma build --no-pdf publishes the site without the PDFs, and “pdf: {{standards: []}}” in norma.yaml writes them without claiming PDF/UA or PDF/A"
                    ),
                )
            }
            BuildError::Internal { stage, detail } => {
                let (es, en) = match *stage {
                    "render" => ("al generar las páginas", "while rendering the pages"),
                    _ => ("al componer los PDF", "while making the PDFs"),
                };
                lang.t(
                    format!(
                        "falla interna de norma {es} ({detail}): no es un error de su contenido; no se escribió nada y la salida anterior sigue intacta\nayuda: repórtela con el proyecto que la produce"
                    ),
                    format!(
                        "an internal fault of norma's {en} ({detail}): not an error in your content; nothing was written and the previous output is untouched\nhelp: report it with the project that causes it"
                    ),
                )
            }
            BuildError::Write(p, e) => lang.t(
                format!(
                    "no se pudo escribir {}: {}; la salida anterior sigue intacta",
                    p.display(),
                    lang.write_reason(p, e)
                ),
                format!(
                    "could not write {}: {}; the previous output is untouched",
                    p.display(),
                    lang.write_reason(p, e)
                ),
            ),
        }
    }
}

crate::i18n::localized_error!(
    BuildError,
    BuildError::Load(e) => e,
    BuildError::Write(_, e) => e,
);
