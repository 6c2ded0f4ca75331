//! `norma check`: the findings for people, programs or GitHub, and the exit code.

use super::*;

pub fn run_check(root: &std::path::Path, format: Format, deny_warnings: bool) -> ExitCode {
    let checked = match norma::check_project(root) {
        Ok(checked) => checked,
        Err(error) => {
            eprintln!("norma: {}", error.message(fallback_lang()));
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
