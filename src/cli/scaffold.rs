//! `norma init`, `norma new` and `norma schema`.

use super::*;

pub fn run_init(dir: &std::path::Path) -> ExitCode {
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
            eprintln!("norma init: {}", error.message(fallback_lang()));
            ExitCode::from(2)
        }
    }
}

pub fn run_new(root: &std::path::Path, kind: &str, code: &str, manual: &str) -> ExitCode {
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

pub fn run_schema(root: &std::path::Path, kind: Option<&str>, out: Option<PathBuf>) -> ExitCode {
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
                "norma schema: no se pudo escribir en {}: {}",
                dir.display(),
                fallback_lang().io_reason(&e)
            );
            ExitCode::from(2)
        }
    }
}
