//! `norma release` and `norma diff`.

use super::*;

pub fn run_release(root: &std::path::Path, manual: &str) -> ExitCode {
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
pub fn run_diff(
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
