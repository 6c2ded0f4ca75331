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
    check_again(project, diags, None);
}

/// What `norma serve` keeps of one check for the next, for each unit's
/// texts: their links as the reference rules read them (checked again, on
/// every save, against the project as it is), and what the writing rules
/// found in them (kept while the glossary's terms and the language are the
/// same). A unit whose file has not changed since
/// (`Project::unchanged_since`) is not read again. The result is the one
/// `check` gives (tests/incremental.rs compares the findings).
#[derive(Default)]
pub struct Memo {
    /// The load of the project checked last.
    generation: u64,
    writing: Option<writing::Kept>,
    references: Option<references::Kept>,
}

/// `check`, taking from `memo` what the last check found in unchanged
/// units' texts and leaving in it what this one found.
pub fn check_again(project: &Project, diags: &mut Diagnostics, memo: Option<&mut Memo>) {
    match memo {
        Some(m) => {
            let kept = (m.writing.take(), m.references.take());
            let since = m.generation;
            run(project, diags, kept, since, Some(m));
        }
        None => run(project, diags, (None, None), 0, None),
    }
}

fn run(
    project: &Project,
    diags: &mut Diagnostics,
    (last_writing, last_references): (Option<writing::Kept>, Option<references::Kept>),
    since: u64,
    memo: Option<&mut Memo>,
) {
    // The writing rules read every word of every text: they run beside the others.
    // Findings are sorted afterwards, so the order they arrive in does not matter.
    let keep = memo.is_some();
    let (writing, references) = std::thread::scope(|scope| {
        let writing = scope.spawn(|| {
            let mut found = Diagnostics::default();
            let last = last_writing.map(|k| (k, since));
            let kept = writing::check(project, &mut found, last, keep);
            (found, kept)
        });
        let index = Index::build(project);
        identity::check(project, diags);
        registry::check(project, diags);
        units::check(project, diags);
        procedures::check(project, diags);
        let last = last_references.map(|k| (k, since));
        let references = references::check(project, &index, diags, last, keep);
        release::check(project, diags);
        (writing.join(), references)
    });
    let writing = match writing {
        Ok((found, kept)) => {
            diags.append(found);
            kept
        }
        Err(panic) => std::panic::resume_unwind(panic),
    };
    if let Some(memo) = memo {
        *memo = Memo {
            generation: project.generation,
            writing: Some(writing),
            references: Some(references),
        };
    }
}

/// The language the project's messages are written in.
pub(crate) fn lang(project: &Project) -> crate::i18n::Lang {
    project.settings.language
}
