//! `norma serve`: the live preview.

use super::*;

pub fn run_serve(root: &std::path::Path, port: u16, drafts: bool) -> ExitCode {
    let options = norma::serve::ServeOptions {
        port,
        drafts,
        color: use_color() && std::io::stderr().is_terminal(),
    };
    match norma::serve::serve(root, &options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("norma serve: {}", error.message(fallback_lang()));
            ExitCode::from(2)
        }
    }
}
