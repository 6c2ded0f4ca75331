//! The pipeline: load → check → theme → resolve → render → print → publish,
//! once, for every command that makes output.
//!
//! [`Site::load`] loads the project, runs every rule and compiles the theme
//! (what `norma check` reports). The stages after it are methods, each reading
//! what the one before made: [`Site::resolve`] makes the `Document` for a
//! [`Scope`] (the public site, or the offices of one kind), [`Site::render`]
//! the pages (with `norma serve`'s page cache when given), [`Site::print`] the
//! PDFs, [`Site::publish`] swaps an output folder in whole. `norma build` runs
//! them in a row ([`Site::build`]); `norma serve` loads a new `Site` on every
//! save and keeps its page cache; `norma package` resolves and prints once per
//! office kind and renders once per office (each copy names its office); `norma diff` resolves with drafts. No command strings
//! the stages together itself.
//!
//! Nothing is written when the content has errors, and a stage that fails
//! (a template, a PDF, a panic in a worker) stops the pass with an error and
//! leaves the previous output untouched.

mod error;
mod publish;

pub use error::BuildError;
pub use publish::{Staging, publish, refuse_unsafe_output};

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use crate::date::{Date, today};
use crate::diagnostic::Diagnostics;
use crate::document::Document;
use crate::html::{self, Counts, Files, PageCache, Sink};
use crate::i18n::Lang;
use crate::load::{LoadError, ParseCache, Project};
use crate::pdf::Pdf;
pub use crate::progress::Stage;
pub use crate::resolve::{Frames, Reuse, Scope};
use crate::theme::{Theme, ThemeInput};

pub struct BuildOptions {
    /// The output folder (`public/` of the project by default).
    pub out: PathBuf,
    /// Publish manuals with `status: draft` (marked BORRADOR).
    pub drafts: bool,
    /// Write each manual's PDF (`--no-pdf` turns it off).
    pub pdf: bool,
}

/// What a finished build wrote.
#[derive(Debug, Clone)]
pub struct Built {
    pub pages: usize,
    pub pdfs: usize,
    pub files: usize,
    pub manuals: usize,
    /// Versions of those manuals published (releases and current content).
    pub versions: usize,
    /// Draft manuals left out (no `--drafts`).
    pub drafts_skipped: Vec<String>,
}

impl Built {
    /// The drafts left out, when some were: "borradores no publicados (use
    /// --drafts): mo-x".
    pub fn drafts_note(&self, lang: Lang) -> Option<String> {
        if self.drafts_skipped.is_empty() {
            return None;
        }
        let list = self.drafts_skipped.join(", ");
        Some(lang.t(
            format!("borradores no publicados (use --drafts): {list}"),
            format!("drafts not published (use --drafts): {list}"),
        ))
    }

    /// What was written, where and how fast: "1 manual, 29 páginas, 4 PDF,
    /// 37 archivos en public (0,21 s)".
    pub fn summary(&self, out: &Path, seconds: f64, lang: Lang) -> String {
        let time = match lang {
            Lang::Es => format!("{seconds:.2} s").replace('.', ","),
            Lang::En => format!("{seconds:.2} s"),
        };
        let versions = |word: &str| {
            if self.versions > self.manuals {
                format!(" ({} {word})", self.versions)
            } else {
                String::new()
            }
        };
        lang.t(
            format!(
                "{} {}{}, {} páginas, {} PDF, {} archivos en {} ({time})",
                self.manuals,
                if self.manuals == 1 {
                    "manual"
                } else {
                    "manuales"
                },
                versions("versiones"),
                self.pages,
                self.pdfs,
                self.files,
                out.display()
            ),
            format!(
                "{} {}{}, {} pages, {} PDF{}, {} files in {} ({time})",
                self.manuals,
                if self.manuals == 1 {
                    "manual"
                } else {
                    "manuals"
                },
                versions("versions"),
                self.pages,
                self.pdfs,
                if self.pdfs == 1 { "" } else { "s" },
                self.files,
                out.display()
            ),
        )
    }
}

/// What `norma serve` keeps from one load and check for the next: the
/// entry files as read (`load::ParseCache`) and what the rules found in
/// each unit's texts (`check::Memo`).
#[derive(Default)]
pub struct Kept {
    parsed: ParseCache,
    checked: crate::check::Memo,
}

/// A loaded project and everything the rules found in it.
pub struct Checked {
    pub project: Project,
    pub diagnostics: Diagnostics,
}

/// One project in the pipeline: loaded, checked and with its theme compiled.
pub struct Site {
    pub checked: Checked,
    /// `None` when a template has a syntax error (then the findings say so).
    theme: Option<Theme>,
    /// The day that decides which versions are in force.
    today: Date,
}

impl Site {
    /// Loads the project at `root`, runs every rule and compiles the theme. The
    /// findings are sorted by file and position, with norma.yaml's `lint`
    /// levels applied. Fails only when there is no project to speak of.
    pub fn load(root: &Path) -> Result<Site, LoadError> {
        Site::load_again(root, None)
    }

    /// `load`, taking from `kept` what the last load and check made of
    /// the entry files that have not changed, and leaving in it what this
    /// one made (`norma serve`).
    pub fn load_again(root: &Path, kept: Option<&mut Kept>) -> Result<Site, LoadError> {
        let laps = Laps::start();
        let mut diagnostics = Diagnostics::default();
        let (parsed, checked) = match kept {
            Some(k) => (Some(&mut k.parsed), Some(&mut k.checked)),
            None => (None, None),
        };
        let project = crate::load::load_cached(root, &mut diagnostics, parsed)?;
        laps.lap("loaded");
        crate::check::check_again(&project, &mut diagnostics, checked);
        laps.lap("checked");
        // The theme's templates are checked too, so a syntax error shows in `check`.
        let theme = Theme::compile(theme_input(&project), &mut diagnostics);
        diagnostics.apply_levels(&project.settings.lint);
        diagnostics.sort(&project.sources);
        Ok(Site {
            checked: Checked {
                project,
                diagnostics,
            },
            theme,
            today: today(),
        })
    }

    pub fn project(&self) -> &Project {
        &self.checked.project
    }

    pub fn lang(&self) -> Lang {
        self.checked.project.settings.language
    }

    /// The day the versions' statuses are decided on.
    pub fn today(&self) -> Date {
        self.today
    }

    /// Whether the findings hold an error: then nothing may be made.
    pub fn has_errors(&self) -> bool {
        self.checked.diagnostics.has_errors()
    }

    /// The checked project, with its findings, for the caller to print.
    pub fn into_checked(self) -> Checked {
        self.checked
    }

    /// The `Document` for `scope`: every version of every manual that copy
    /// publishes, resolved. The one place resolve runs.
    pub fn resolve(&self, scope: Scope) -> Document {
        crate::resolve::resolve(&self.checked.project, self.today, scope)
    }

    /// `resolve`, taking from `last` the parts of the last document that
    /// nothing changed (`norma serve`; see `resolve::resolve_again`).
    pub fn resolve_again(&self, scope: Scope, last: Option<&Reuse>) -> (Document, Frames) {
        crate::resolve::resolve_again(&self.checked.project, self.today, scope, last)
    }

    /// The site's pages (and static files, search index, versions.json) for
    /// `doc`, in memory. With `cache`, a page whose context did not change is
    /// taken from it (`norma serve`), and the search index is left for later.
    /// A template that fails on a page is added to the findings as
    /// E-TEMPLATE-RENDER.
    pub fn render(
        &mut self,
        doc: &Document,
        cache: Option<&mut PageCache>,
        progress: &(dyn Fn(Stage) + Sync),
    ) -> Result<(Files, Counts), BuildError> {
        let sink = html::MemorySink::default();
        let counts = self.render_into(doc, cache, progress, &sink)?;
        Ok((sink.into_files(), counts))
    }

    /// `render`, each file handed to `out` as soon as it is made.
    pub fn render_into(
        &mut self,
        doc: &Document,
        cache: Option<&mut PageCache>,
        progress: &(dyn Fn(Stage) + Sync),
        out: &dyn Sink,
    ) -> Result<Counts, BuildError> {
        let theme = self.theme.as_ref().ok_or(BuildError::Content)?;
        let rendered = catch_unwind(AssertUnwindSafe(|| {
            html::render_site_cached(doc, theme, progress, cache, out)
        }))
        .map_err(|panic| BuildError::internal("render", panic))?;
        match rendered {
            Ok(counts) => Ok(counts),
            Err(e) => {
                let mut diags = Diagnostics::default();
                crate::theme::report(
                    theme_input(&self.checked.project),
                    &theme.origins,
                    &e.error,
                    "E-TEMPLATE-RENDER",
                    &mut diags,
                );
                self.merge(diags);
                Err(BuildError::Content)
            }
        }
    }

    /// The PDF of every manual of `doc` that has a place for one.
    pub fn print(&self, doc: &Document) -> Result<Vec<Pdf>, BuildError> {
        catch_unwind(|| crate::pdf::render_all(doc))
            .map_err(|panic| BuildError::internal("print", panic))?
            .map_err(|failed| BuildError::Pdf {
                path: failed.path,
                reasons: failed.reasons,
            })
    }

    /// The PDF at `path` of the site of `doc`, alone (`norma serve` prints a PDF
    /// when it is asked for). `None`: no manual of `doc` has its PDF there.
    pub fn print_one(doc: &Document, path: &str) -> Option<Result<Pdf, BuildError>> {
        let printed = catch_unwind(|| crate::pdf::render_at(doc, path));
        match printed {
            Ok(None) => None,
            Ok(Some(Ok(pdf))) => Some(Ok(pdf)),
            Ok(Some(Err(failed))) => Some(Err(BuildError::Pdf {
                path: failed.path,
                reasons: failed.reasons,
            })),
            Err(panic) => Some(Err(BuildError::internal("print", panic))),
        }
    }

    /// The search index of `doc` alone (`norma serve` builds it after the
    /// pages, so the edited page reloads sooner). A panic while indexing is
    /// said on stderr and gives `None`: the last index stays.
    pub fn search_index(doc: &Document) -> Option<html::Files> {
        Site::search_index_into(doc, html::MemorySink::default()).map(|s| s.into_files())
    }

    /// `search_index`, each file handed to `out` as it is made; `out` back
    /// when the index was made whole.
    pub fn search_index_into<S: Sink>(doc: &Document, out: S) -> Option<S> {
        catch_unwind(AssertUnwindSafe(|| {
            html::write_search_index(doc, &out);
            out
        }))
        .map_err(|panic| {
            eprintln!(
                "norma: {}",
                BuildError::internal("render", panic).message(doc.lang)
            )
        })
        .ok()
    }

    /// Writes `files` to `out`, swapping the folder in whole; refuses an output
    /// that is the project, holds it, or is a link.
    pub fn publish(&self, files: &Files, out: &Path) -> Result<(), BuildError> {
        refuse_unsafe_output(&self.checked.project.root, out)?;
        publish(files, out, self.lang())
    }

    /// `norma build`: every stage in a row, the site and the PDFs published
    /// to `options.out`.
    pub fn build(
        &mut self,
        options: &BuildOptions,
        progress: &(dyn Fn(Stage) + Sync),
    ) -> Result<Built, BuildError> {
        let laps = Laps::start();
        let lap = |what: &str| laps.lap(what);
        progress(Stage::Checked(self.lang()));
        if self.has_errors() {
            return Err(BuildError::Content);
        }
        self.release_sources();
        lap("sources freed");
        let mut doc = self.resolve(Scope::everyone(options.drafts));
        if !options.pdf {
            for manual in &mut doc.manuals {
                manual.pdf = None;
            }
        }
        lap("resolved");
        let drafts_skipped: Vec<String> = if options.drafts {
            Vec::new()
        } else {
            self.checked
                .project
                .manuals
                .iter()
                .filter(|m| crate::resolve::is_draft(m))
                .map(|m| m.id.value.clone())
                .collect()
        };
        // The parsed content is all in the document now: it is freed before
        // the largest stage. What the caller prints afterwards (the findings,
        // with the sources they quote) stays.
        let project = &mut self.checked.project;
        crate::parallel::drop_in_background((
            std::mem::take(&mut project.manuals),
            std::mem::take(&mut project.glossary),
            std::mem::take(&mut project.releases),
        ));

        // Pages go to disk as they are rendered: the site is never held whole.
        refuse_unsafe_output(&self.checked.project.root, &options.out)?;
        let staging = Staging::begin(&options.out, self.lang())?;
        let counts = self.render_into(&doc, None, progress, &staging)?;
        lap("rendered");
        progress(Stage::Printing);
        let printed = self.print(&doc)?;
        let pdfs = printed.len();
        for pdf in printed {
            staging.write(&pdf.path, &pdf.bytes);
        }
        lap("printed");
        progress(Stage::Writing);
        let files = staging.finish()?;
        lap("written");
        let built = Built {
            pages: counts.pages,
            pdfs,
            files,
            manuals: doc
                .manuals
                .iter()
                .map(|m| m.id.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            versions: doc.manuals.len(),
            drafts_skipped,
        };
        crate::parallel::drop_in_background(doc);
        Ok(built)
    }

    /// Frees the text of the files read (a large project's YAML is most of
    /// what was loaded) but for those still to be read: the Markdown bodies
    /// resolve reads, the templates a render error quotes, and the files the
    /// findings quote when they are printed.
    fn release_sources(&mut self) {
        use crate::model::SectionContent;
        let project = &mut self.checked.project;
        let manuals = project
            .manuals
            .iter()
            .chain(project.releases.iter().filter_map(|r| r.manual.as_ref()));
        let bodies = manuals
            .flat_map(|m| &m.sections)
            .filter_map(|s| match &s.content {
                SectionContent::File { source, .. } => *source,
                _ => None,
            });
        let kept: std::collections::HashSet<_> = (self.checked.diagnostics.iter())
            .map(|d| d.at.file)
            .chain(project.theme.templates.iter().map(|(_, id)| *id))
            .chain([project.settings_file])
            .chain(bodies)
            .collect();
        project.sources.release_text(|id| kept.contains(&id));
    }

    /// Adds the findings of a later stage (a template that failed on a page).
    fn merge(&mut self, diags: Diagnostics) {
        for d in diags.iter() {
            self.checked.diagnostics.push(d.clone());
        }
        self.checked.diagnostics.sort(&self.checked.project.sources);
    }
}

/// Loads the project at `root` and runs every rule (`norma check`).
pub fn check_project(root: &Path) -> Result<Checked, LoadError> {
    Site::load(root).map(Site::into_checked)
}

/// Builds the project at `root` (`norma build`). Returns the checked project
/// (its findings, warnings included, are for the caller to print) and what
/// was written.
pub fn build_project(
    root: &Path,
    options: &BuildOptions,
    progress: &(dyn Fn(Stage) + Sync),
) -> (Option<Checked>, Result<Built, BuildError>) {
    let mut site = match Site::load(root) {
        Ok(site) => site,
        Err(e) => return (None, Err(BuildError::Load(e))),
    };
    let result = site.build(options, progress);
    (Some(site.into_checked()), result)
}

impl Checked {
    /// What was checked, in words: "1 manual, 7 unidades, 98 funciones".
    pub fn totals(&self) -> String {
        let manuals = self.project.manuals.len();
        let units: usize = self.project.manuals.iter().map(|m| m.units.len()).sum();
        let functions = self.project.function_count();
        let entries: usize = self
            .project
            .manuals
            .iter()
            .map(|m| m.procedures.len() + m.forms.len() + m.guides.len())
            .sum();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = match self.project.settings.language {
            Lang::Es => vec![
                plural(manuals, "manual", "manuales"),
                plural(units, "unidad", "unidades"),
                plural(functions, "función", "funciones"),
            ],
            Lang::En => vec![
                plural(manuals, "manual", "manuals"),
                plural(units, "unit", "units"),
                plural(functions, "function", "functions"),
            ],
        };
        if entries > 0 {
            parts.push(match self.project.settings.language {
                Lang::Es => plural(
                    entries,
                    "procedimiento, formato o guía",
                    "procedimientos, formatos y guías",
                ),
                Lang::En => plural(
                    entries,
                    "procedure, form or guide",
                    "procedures, forms and guides",
                ),
            });
        }
        parts.join(", ")
    }
}

/// What the theme of `project` is compiled from.
pub fn theme_input(project: &Project) -> ThemeInput<'_> {
    ThemeInput {
        files: &project.theme,
        sources: &project.sources,
        settings_file: project.settings_file,
        lang: project.settings.language,
    }
}

/// With `NORMA_TIMING` set, the time since the first lap clock was started
/// in this process (and the resident memory, where Linux tells it) after each
/// phase, on stderr.
pub struct Laps {
    started: Option<std::time::Instant>,
}

impl Laps {
    /// The process's lap clock, started by the first call.
    pub fn start() -> Laps {
        Laps::clock(false)
    }

    /// The clock started again (each rebuild of `norma serve`).
    pub fn restart() -> Laps {
        Laps::clock(true)
    }

    fn clock(again: bool) -> Laps {
        static STARTED: std::sync::Mutex<Option<std::time::Instant>> = std::sync::Mutex::new(None);
        if std::env::var_os("NORMA_TIMING").is_none() {
            return Laps { started: None };
        }
        let mut started = STARTED.lock().unwrap_or_else(|e| e.into_inner());
        if again || started.is_none() {
            *started = Some(std::time::Instant::now());
        }
        Laps { started: *started }
    }

    pub fn lap(&self, what: &str) {
        let Some(started) = self.started else { return };
        let resident = std::fs::read_to_string("/proc/self/statm")
            .ok()
            .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
            .map(|pages| format!(" ({} MB resident)", pages * 4096 / 1_000_000))
            .unwrap_or_default();
        eprintln!(
            "[{:>7.1} ms] {what}{resident}",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A panic in a render worker stops the build with a message, and the
    /// previous output stays exactly as it was.
    #[test]
    fn a_panic_in_a_render_worker_fails_the_build_and_publishes_nothing() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = tempfile::tempdir().unwrap();
        let public = out.path().join("public");
        std::fs::create_dir_all(&public).unwrap();
        std::fs::write(public.join("index.html"), "the previous build").unwrap();
        let page = "mo-dir/3.1/7.3.1.1.html";
        *html::faults::PANIC_ON.lock().unwrap() = Some(page.into());
        let options = BuildOptions {
            out: public.clone(),
            drafts: false,
            pdf: false,
        };
        let (checked, result) = build_project(root, &options, &|_| {});
        *html::faults::PANIC_ON.lock().unwrap() = None;
        let error = result.expect_err("the build must fail");
        assert!(
            matches!(&error, BuildError::Internal { stage: "render", detail } if detail.contains(page)),
            "{error:?}"
        );
        let message = error.message(Lang::Es);
        assert!(message.contains("falla interna de norma al generar las páginas"));
        assert!(message.contains("no se escribió nada"));
        // The content was fine: no finding blames it.
        assert!(!checked.unwrap().diagnostics.has_errors());
        let left: Vec<_> = std::fs::read_dir(&public).unwrap().collect();
        assert_eq!(left.len(), 1, "the previous output is untouched");
        assert_eq!(
            std::fs::read_to_string(public.join("index.html")).unwrap(),
            "the previous build"
        );
    }
}
