//! The theme in use: the default theme's templates and static files, embedded in
//! the binary from `themes/default/`, with the project's own `themes/<name>/`
//! files taking their place file by file. Templates are compiled here with tera
//! (autoescape on for .html), so `norma check` already reports a template's syntax
//! error with its file, line and column.

use std::collections::BTreeMap;

use tera::{ErrorKind, Tera};

use crate::diagnostic::Diagnostics;
use crate::i18n::Lang;
use crate::source::{FileId, Loc, Sources, ThemeFiles};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates.
pub const TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "index.html",
    "manual.html",
    "section.html",
    "unit.html",
    "orgchart.html",
    "glossary.html",
    "entry.html",
    "components.html",
    "procedure.html",
    "form.html",
    "guide.html",
    "changes.html",
    "redirect.html",
);

/// The default theme's static files, copied to `public/static/`.
pub const STATICS: &[(&str, &[u8])] = &[
    (
        "norma.css",
        include_bytes!("../themes/default/static/norma.css"),
    ),
    (
        "norma.js",
        include_bytes!("../themes/default/static/norma.js"),
    ),
    (
        "search.js",
        include_bytes!("../themes/default/static/search.js"),
    ),
];

pub struct Theme {
    pub tera: Tera,
    /// Path under `static/` → bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Template name → the project file it came from (none: embedded).
    pub origins: BTreeMap<String, FileId>,
}

/// What a theme is compiled from: the project's own theme files (read by the
/// loader like content), the sources they came from, and where norma.yaml is
/// (an error in an embedded template is reported there).
#[derive(Clone, Copy)]
pub struct ThemeInput<'a> {
    pub files: &'a ThemeFiles,
    pub sources: &'a Sources,
    pub settings_file: FileId,
    pub lang: Lang,
}

impl Theme {
    /// Compiles the theme from `input`. Syntax errors in the project's templates
    /// become diagnostics; an error in an embedded template is a bug in norma and
    /// is reported as such.
    pub fn compile(input: ThemeInput, diags: &mut Diagnostics) -> Option<Theme> {
        let mut sources: BTreeMap<String, String> = TEMPLATES
            .iter()
            .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
            .collect();
        let mut origins = BTreeMap::new();
        for (name, id) in &input.files.templates {
            sources.insert(name.clone(), input.sources.get(*id).text.to_string());
            origins.insert(name.clone(), *id);
        }
        let mut tera = Tera::new();
        if let Err(error) = tera.add_raw_templates(sources.iter()) {
            report(input, &origins, &error, "E-TEMPLATE-SYNTAX", diags);
            return None;
        }
        // The interface words are the same on every page: given once.
        tera.global_context()
            .insert("t", &crate::wording::labels(input.lang));
        let mut statics: BTreeMap<String, Vec<u8>> = STATICS
            .iter()
            .map(|(n, b)| ((*n).to_owned(), b.to_vec()))
            .collect();
        for (name, bytes) in &input.files.statics {
            statics.insert(name.clone(), bytes.clone());
        }
        Some(Theme {
            tera,
            statics,
            origins,
        })
    }
}

/// A tera error as a diagnostic on the template file that caused it.
pub fn report(
    input: ThemeInput,
    origins: &BTreeMap<String, FileId>,
    error: &tera::Error,
    code: &'static str,
    diags: &mut Diagnostics,
) {
    let lang = input.lang;
    let (name, message, span) = match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => (
            report.filename().to_owned(),
            report.message().to_owned(),
            Some(report.span().clone()),
        ),
        _ => (String::new(), error.to_string(), None),
    };
    let at = match (origins.get(&name), &span) {
        (Some(id), Some(span)) => {
            input
                .sources
                .get(*id)
                .loc_of_range(*id, span.range.start, span.range.len())
        }
        (Some(id), None) => Loc::file_start(*id),
        // An embedded template or an error with no template: point at norma.yaml's
        // theme setting, the only thing the author controls.
        _ => Loc::file_start(input.settings_file),
    };
    let shown = if origins.contains_key(&name) || name.is_empty() {
        message
    } else {
        lang.t(
            format!("plantilla integrada {name}: {message} (error de norma; por favor repórtelo)"),
            format!("built-in template {name}: {message} (a bug in norma; please report it)"),
        )
    };
    diags.error(
        code,
        at,
        lang.t(
            format!("error en la plantilla: {shown}"),
            format!("template error: {shown}"),
        ),
        Some(if code == "E-TEMPLATE-SYNTAX" {
            lang.t(
                "revise la sintaxis de tera en esa línea: {{ variable }}, {% if %} … {% endif %}, {% for %} … {% endfor %}",
                "check the tera syntax on that line: {{ variable }}, {% if %} … {% endif %}, {% for %} … {% endfor %}",
            )
        } else {
            lang.t(
                "la plantilla usa un dato que esa página no tiene; los datos de cada página están en docs/theme.md",
                "the template uses a value that page does not have; docs/theme.md lists each page's values",
            )
        }),
    );
}
