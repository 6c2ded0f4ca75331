//! The `norma` binary's commands, a module per command or family of commands: each calls the library, prints
//! what it returns (the wording of summaries lives in the library) and sets the
//! exit code. What several share is here.

pub mod args;
mod build;
mod check;
mod keys;
mod package;
mod scaffold;
mod serve;
mod versions;

pub use build::run_build;
pub use check::run_check;
pub use keys::run_keygen;
pub use package::{run_package, run_verify};
pub use scaffold::{run_init, run_new, run_schema};
pub use serve::run_serve;
pub use versions::{run_diff, run_release};

pub(crate) use std::io::{IsTerminal, Write};
pub(crate) use std::path::PathBuf;
pub(crate) use std::process::ExitCode;

pub(crate) use norma::diagnostic::{Format, Severity, render_github, render_human, render_json};
pub(crate) use norma::i18n::Lang;

/// `--out` is relative to where norma runs; its default (`public`, `dist`) is
/// the project's folder of that name.
pub(crate) fn output_folder(root: &std::path::Path, out: PathBuf, default: &str) -> PathBuf {
    if out == std::path::Path::new(default) {
        root.join(default)
    } else {
        out
    }
}

pub(crate) fn use_color() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// The command line's language (`args::language`: `--lang`, the project's,
/// the locale), set once by main: what messages are said in before, or
/// without, a project that says its own.
static LANGUAGE: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

pub fn set_fallback_lang(lang: Lang) {
    let _ = LANGUAGE.set(lang);
}

pub(crate) fn fallback_lang() -> Lang {
    LANGUAGE.get().copied().unwrap_or(Lang::Es)
}

/// Prints the findings of a command that checks the project first (errors and
/// warnings, as `check` prints them) and returns the project's language.
pub(crate) fn print_findings(checked: &Option<norma::Checked>) -> Lang {
    let Some(checked) = checked else {
        return fallback_lang();
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
