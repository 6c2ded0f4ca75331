//! The rules: everything norma checks after loading, one file per family.
//!
//! Each rule reads the loaded [`Project`] and pushes diagnostics; none prints, none
//! stops at the first problem. `check` runs them all in a fixed order.

pub(crate) mod identity;
pub mod index;
mod procedures;
mod references;
mod registry;
pub mod release;
mod texts;
mod units;
mod writing;

use crate::diagnostic::Diagnostics;
use crate::load::Project;
use index::Index;

/// Runs every rule over a loaded project.
pub fn check(project: &Project, diags: &mut Diagnostics) {
    // The writing rules read every word of every text: they run beside the others.
    // Findings are sorted afterwards, so the order they arrive in does not matter.
    let writing = std::thread::scope(|scope| {
        let writing = scope.spawn(|| {
            let mut found = Diagnostics::default();
            writing::check(project, &mut found);
            found
        });
        let index = Index::build(project);
        identity::check(project, diags);
        registry::check(project, diags);
        units::check(project, diags);
        procedures::check(project, diags);
        references::check(project, &index, diags);
        release::check(project, diags);
        writing.join()
    });
    match writing {
        Ok(found) => diags.append(found),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// The language the project's messages are written in.
pub(crate) fn lang(project: &Project) -> crate::i18n::Lang {
    project.settings.language
}
