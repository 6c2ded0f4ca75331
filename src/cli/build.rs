//! `norma build`: the findings, a progress bar on a terminal, and the summary.

use super::*;

/// `norma build`: the findings (warnings included) as `check` prints them, a
/// progress bar on a terminal, and one summary line.
pub fn run_build(
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
    // The bar speaks the project's language once it is known.
    let bar_lang = std::sync::Mutex::new(fallback_lang());
    let say = |es: &'static str, en: &'static str| {
        let lang = *bar_lang.lock().unwrap_or_else(|e| e.into_inner());
        bar.set_message(lang.t(es, en));
    };
    let progress = |stage: Stage| match stage {
        Stage::Checked(lang) => {
            *bar_lang.lock().unwrap_or_else(|e| e.into_inner()) = lang;
            say("comprobado", "checked");
        }
        Stage::Rendering { pages } => {
            norma::memory::rendering();
            bar.set_length(pages as u64);
            say("páginas", "pages");
        }
        Stage::PageDone => bar.inc(1),
        Stage::Printing => say("PDF", "PDF"),
        Stage::Writing => say("escribiendo", "writing"),
    };
    let (checked, result) = build_project(root, &options, &progress);
    bar.finish_and_clear();

    let lang = checked
        .as_ref()
        .map(|c| c.project.settings.language)
        .unwrap_or_else(fallback_lang);
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
