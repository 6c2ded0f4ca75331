//! `norma build`: check, resolve, render, and publish the output folder atomically.
//!
//! Nothing is written when the content has errors. The site is written first to a
//! temporary folder beside the output and swapped in only when every file is
//! there, so a failed build (bad content, a template error, a full disk) leaves the
//! previous output exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::date::today;
use crate::diagnostic::Diagnostics;
use crate::html::{self, Files};
use crate::i18n::Lang;
use crate::load::LoadError;
use crate::load::Project;
pub use crate::progress::Stage;
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
    Pdf(String),
}

impl BuildError {
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
            BuildError::Pdf(path) => lang.t(
                format!(
                    "no se pudo componer el PDF {path}: es una falla de norma, no de su contenido; no se escribió nada y la salida anterior sigue intacta\nayuda: repórtela con el proyecto que la produce; norma build --no-pdf publica el sitio sin los PDF"
                ),
                format!(
                    "could not make the PDF {path}: a fault of norma's, not of your content; nothing was written and the previous output is untouched\nhelp: report it with the project that causes it; norma build --no-pdf publishes the site without the PDFs"
                ),
            ),
            BuildError::Write(p, e) => lang.t(
                format!(
                    "no se pudo escribir {}: {e}; la salida anterior sigue intacta",
                    p.display()
                ),
                format!(
                    "could not write {}: {e}; the previous output is untouched",
                    p.display()
                ),
            ),
        }
    }
}

/// Builds the project at `root`. Returns the checked project (its diagnostics,
/// warnings included, are for the caller to print) and what was written.
pub fn build_project(
    root: &Path,
    options: &BuildOptions,
    progress: &(dyn Fn(Stage) + Sync),
) -> (Option<Checked>, Result<Built, BuildError>) {
    let laps = Laps::start();
    let lap = |what: &str| laps.lap(what);
    let mut checked = match check_project(root) {
        Ok(c) => c,
        Err(e) => return (None, Err(BuildError::Load(e))),
    };
    progress(Stage::Checked);
    lap("checked");
    if checked.diagnostics.has_errors() {
        return (Some(checked), Err(BuildError::Content));
    }
    let mut diags = Diagnostics::default();
    let Some(theme) = Theme::compile(crate::pipeline::theme_input(&checked.project), &mut diags)
    else {
        merge(&mut checked, diags);
        return (Some(checked), Err(BuildError::Content));
    };

    let mut doc = crate::resolve::resolve(&checked.project, today(), options.drafts);
    if !options.pdf {
        for manual in &mut doc.manuals {
            manual.pdf = None;
        }
    }
    lap("resolved");
    let drafts_skipped: Vec<String> = if options.drafts {
        Vec::new()
    } else {
        checked
            .project
            .manuals
            .iter()
            .filter(|m| crate::resolve::is_draft(m))
            .map(|m| m.id.value.clone())
            .collect()
    };

    let (mut files, counts) = match html::render_site(&doc, &theme, progress) {
        Ok(r) => r,
        Err(e) => {
            let origins = theme.origins.clone();
            crate::theme::report(
                crate::pipeline::theme_input(&checked.project),
                &origins,
                &e.error,
                "E-TEMPLATE-RENDER",
                &mut diags,
            );
            merge(&mut checked, diags);
            return (Some(checked), Err(BuildError::Content));
        }
    };

    lap("rendered");
    progress(Stage::Printing);
    let mut pdfs = 0;
    let printed = match crate::pdf::render_all(&doc) {
        Ok(printed) => printed,
        Err(failed) => return (Some(checked), Err(BuildError::Pdf(failed.path))),
    };
    for pdf in printed {
        files.insert(pdf.path, pdf.bytes);
        pdfs += 1;
    }
    lap("printed");
    let out = &options.out;
    if let Err(e) = refuse_unsafe_output(root, out) {
        return (Some(checked), Err(e));
    }
    progress(Stage::Writing { files: files.len() });
    if let Err(e) = publish(&files, out) {
        return (Some(checked), Err(e));
    }
    lap("written");
    let built = Built {
        pages: counts.pages,
        pdfs,
        files: files.len(),
        manuals: doc
            .manuals
            .iter()
            .map(|m| m.id.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        versions: doc.manuals.len(),
        drafts_skipped,
    };
    crate::parallel::drop_in_background((doc, files, theme));
    (Some(checked), Ok(built))
}

/// With `NORMA_TIMING` set, the time since the start (and the resident memory,
/// where Linux tells it) after each phase, on stderr.
pub struct Laps {
    started: Option<std::time::Instant>,
}

impl Laps {
    pub fn start() -> Laps {
        Laps {
            started: std::env::var_os("NORMA_TIMING").map(|_| std::time::Instant::now()),
        }
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

/// Adds the findings of a later step (the theme, a template) to the checked ones.
pub(crate) fn merge(checked: &mut Checked, diags: Diagnostics) {
    for d in diags.iter() {
        checked.diagnostics.push(d.clone());
    }
    checked.diagnostics.sort(&checked.project.sources);
}

/// The output must not be the project, an ancestor of it, or a folder of its
/// sources: replacing it would delete the author's work. Nor may it be a
/// link: the swap would write through it into whatever it points at.
pub(crate) fn refuse_unsafe_output(root: &Path, out: &Path) -> Result<(), BuildError> {
    if fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(BuildError::OutputIsLink(out.to_path_buf()));
    }
    // `..`, `/`: a folder with no name of its own is never an output.
    if out.file_name().is_none() {
        return Err(BuildError::UnsafeOutput(out.to_path_buf()));
    }
    let root = real(root);
    let out_abs = real(out);
    let protected = [
        root.clone(),
        root.join("content"),
        root.join("themes"),
        root.join("releases"),
        root.join("src"),
    ];
    if protected
        .iter()
        .any(|p| out_abs == *p || p.starts_with(&out_abs))
        || out_abs.starts_with(root.join("content"))
    {
        return Err(BuildError::UnsafeOutput(out.to_path_buf()));
    }
    Ok(())
}

/// `path` made absolute with its links, `.` and `..` resolved: wholly when it
/// exists, else its parent and then its name (a new output folder).
fn real(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Ok(real) = absolute.canonicalize() {
        return real;
    }
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => parent
            .canonicalize()
            .map(|c| c.join(name))
            .unwrap_or(absolute.clone()),
        _ => absolute,
    }
}

/// Writes every file into a staging folder beside `out`, then swaps it in.
///
/// The staging folder is the output of the build before last, kept beside the
/// output as `.<out>.norma-spare`: overwriting files that exist costs a fraction
/// of creating new ones on most file systems, so each build rewrites the spare in
/// place, deletes what the new site no longer has, and swaps. The reader of `out`
/// sees the old site until the swap and the whole new one after it; a build that
/// fails before the swap leaves `out` untouched.
pub fn publish(files: &Files, out: &Path) -> Result<(), BuildError> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let fail = |p: &Path, e: io::Error| BuildError::Write(p.to_path_buf(), e);
    fs::create_dir_all(&parent).map_err(|e| fail(&parent, e))?;
    if out.exists() && !out.is_dir() {
        return Err(fail(
            out,
            io::Error::new(io::ErrorKind::AlreadyExists, "not a folder"),
        ));
    }
    let staging = parent.join(format!(".{name}.norma-spare"));
    let old = parent.join(format!(".{name}.norma-old-{}", std::process::id()));
    // A spare that is a file or a link (never written through) is removed.
    if fs::symlink_metadata(&staging).is_ok_and(|m| !m.is_dir()) {
        fs::remove_file(&staging).map_err(|e| fail(&staging, e))?;
    }
    fs::create_dir_all(&staging).map_err(|e| fail(&staging, e))?;
    write_tree(files, &staging, out)?;
    if out.exists() {
        let _ = fs::remove_dir_all(&old);
        fs::rename(out, &old).map_err(|e| fail(out, e))?;
        if let Err(e) = fs::rename(&staging, out) {
            let _ = fs::rename(&old, out);
            return Err(fail(out, e));
        }
        // The site just replaced becomes the next build's staging folder.
        if fs::rename(&old, &staging).is_err() {
            let _ = fs::remove_dir_all(&old);
        }
    } else {
        fs::rename(&staging, out).map_err(|e| fail(out, e))?;
    }
    Ok(())
}

/// Makes `dir` hold exactly `files`: writes each one, then removes any file and
/// folder not among them. Errors name the file as it will be in `out`.
fn write_tree(files: &Files, dir: &Path, out: &Path) -> Result<(), BuildError> {
    let fail = |p: &Path, e: io::Error| BuildError::Write(p.to_path_buf(), e);
    let mut folders = std::collections::BTreeSet::new();
    for path in files.keys() {
        let target = dir.join(path);
        if let Some(folder) = target.parent()
            && folders.insert(folder.to_path_buf())
        {
            if folder.exists() && !folder.is_dir() {
                fs::remove_file(folder).map_err(|e| fail(folder, e))?;
            }
            fs::create_dir_all(folder).map_err(|e| fail(folder, e))?;
        }
        if target.is_dir() {
            fs::remove_dir_all(&target).map_err(|e| fail(&target, e))?;
        }
    }
    // The files themselves on every core: creating files is the slow part.
    let list: Vec<(&String, &Vec<u8>)> = files.iter().collect();
    let written = crate::parallel::map(&list, |(path, bytes)| {
        overwrite(&dir.join(path), bytes).map_err(|e| fail(&out.join(path), e))
    });
    for result in written {
        result?;
    }
    // What the previous site had and this one does not: files first, then the
    // folders they leave empty (contents_first visits children before parents).
    for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if entry.file_type().is_dir() {
            if fs::read_dir(path).is_ok_and(|mut d| d.next().is_none()) {
                fs::remove_dir(path).map_err(|e| fail(path, e))?;
            }
            continue;
        }
        let relative = path
            .strip_prefix(dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if !files.contains_key(&relative) {
            fs::remove_file(path).map_err(|e| fail(path, e))?;
        }
    }
    Ok(())
}

/// Writes `bytes` over the file at `path`, creating it if needed. Unlike
/// `fs::write`, the old file is not truncated first but cut to the new length
/// afterwards: a page that keeps its size (most of them, build after build) keeps
/// its disk blocks instead of freeing and allocating them again.
fn overwrite(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)
}

/// A loaded project and everything the rules found in it.
pub struct Checked {
    pub project: Project,
    pub diagnostics: Diagnostics,
}

/// Loads the project at `root` and runs every rule. The findings are sorted by file
/// and position, with norma.yaml's `lint` levels applied.
pub fn check_project(root: &Path) -> Result<Checked, LoadError> {
    let mut diagnostics = Diagnostics::default();
    let project = crate::load::load(root, &mut diagnostics)?;
    crate::check::check(&project, &mut diagnostics);
    // The theme's templates are checked too, so a syntax error shows in `check`.
    Theme::compile(theme_input(&project), &mut diagnostics);
    diagnostics.apply_levels(&project.settings.lint);
    diagnostics.sort(&project.sources);
    Ok(Checked {
        project,
        diagnostics,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overwriting_a_longer_file_leaves_no_tail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.html");
        overwrite(&path, b"a long old page").unwrap();
        overwrite(&path, b"short").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"short");
        overwrite(&path, b"longer than before").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"longer than before");
    }
}
