//! norma: normative manuals from YAML, validated, versioned, published.
//!
//! The library's front door. The pipeline is load → check → resolve → writers:
//! [`check_project`] loads a project folder into the raw content model and runs
//! every rule over it; [`build::build_project`] goes on to resolve the `Document`
//! and write the site.

pub mod build;
pub mod check;
pub mod diagnostic;
pub mod diagram;
pub mod document;
pub mod html;
pub mod i18n;
pub mod keys;
pub mod load;
pub mod markdown;
pub mod model;
pub mod package;
pub mod parallel;
pub mod pdf;
pub mod project;
pub mod reference;
pub mod release;
pub mod resolve;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod source;
pub mod theme;

use std::path::Path;

use diagnostic::Diagnostics;
use load::{LoadError, Project};

/// A loaded project and everything the rules found in it.
pub struct Checked {
    pub project: Project,
    pub diagnostics: Diagnostics,
}

/// Loads the project at `root` and runs every rule. The findings are sorted by file
/// and position, with norma.yaml's `lint` levels applied.
pub fn check_project(root: &Path) -> Result<Checked, LoadError> {
    let mut diagnostics = Diagnostics::default();
    let project = load::load(root, &mut diagnostics)?;
    check::check(&project, &mut diagnostics);
    // The theme's templates are checked too, so a syntax error shows in `check`.
    theme::Theme::compile(&project, &mut diagnostics);
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
            i18n::Lang::Es => vec![
                plural(manuals, "manual", "manuales"),
                plural(units, "unidad", "unidades"),
                plural(functions, "función", "funciones"),
            ],
            i18n::Lang::En => vec![
                plural(manuals, "manual", "manuals"),
                plural(units, "unit", "units"),
                plural(functions, "function", "functions"),
            ],
        };
        if entries > 0 {
            parts.push(match self.project.settings.language {
                i18n::Lang::Es => plural(
                    entries,
                    "procedimiento, formato o guía",
                    "procedimientos, formatos y guías",
                ),
                i18n::Lang::En => plural(
                    entries,
                    "procedure, form or guide",
                    "procedures, forms and guides",
                ),
            });
        }
        parts.join(", ")
    }
}
