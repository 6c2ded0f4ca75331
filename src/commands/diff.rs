//! `norma diff MANUAL [FROM] [TO]`: finds the two versions, diffs them, and
//! writes the result for a terminal (the old and the new wording of each
//! change, the changed words marked) or as JSON for programs.

use std::fmt::Write;
use std::path::Path;

use crate::document::changes::{Change, ManualDiff, Shown, WordOp, Words};
use crate::i18n::Lang;
use crate::load::LoadError;
use crate::pipeline::{Checked, Scope, Site};
use crate::resolve::diff::diff;
use crate::wording::{describe, entry_note, renumbered_run};

#[derive(Debug)]
pub enum DiffError {
    Load(LoadError),
    /// The project has errors; they are in the diagnostics.
    Content,
    UnknownManual {
        id: String,
        closest: Option<String>,
    },
    UnknownVersion {
        id: String,
        version: String,
        known: Vec<String>,
    },
    OnlyOne {
        id: String,
        version: String,
    },
}

impl DiffError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DiffError::Load(e) => e.message(lang),
            DiffError::Content => lang.t(
                "hay errores: corrija los de arriba para comparar versiones",
                "there are errors: fix the ones above to compare versions",
            ),
            DiffError::UnknownManual { id, closest } => {
                let hint = closest
                    .as_ref()
                    .map(|c| crate::diagnostic::did_you_mean(lang, c))
                    .unwrap_or_default();
                lang.t(
                    format!("no hay un manual «{id}»\nayuda: {hint}"),
                    format!("there is no manual “{id}”\nhelp: {hint}"),
                )
            }
            DiffError::UnknownVersion { id, version, known } => lang.t(
                format!("el manual {id} no tiene la versión «{version}»\nayuda: sus versiones son {}", known.join(", ")),
                format!("manual {id} has no version “{version}”\nhelp: its versions are {}", known.join(", ")),
            ),
            DiffError::OnlyOne { id, version } => lang.t(
                format!("el manual {id} tiene una sola versión ({version}): no hay con qué compararla\nayuda: congele la versión actual con «norma release {id}», edite content/{id}/ con una versión mayor y vuelva a comparar"),
                format!("manual {id} has a single version ({version}): there is nothing to compare it with\nhelp: freeze the current version with “norma release {id}”, edit content/{id}/ with a greater version and compare again"),
            ),
        }
    }
}

/// The changes of manual `id` from version `from` to version `to`. `to`
/// defaults to the newest version (the content of `content/`, drafts
/// included), `from` to the version before `to`.
pub fn between(
    root: &Path,
    id: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> (Option<Checked>, Result<ManualDiff, DiffError>) {
    let site = match Site::load(root) {
        Ok(site) => site,
        Err(e) => return (None, Err(DiffError::Load(e))),
    };
    if site.has_errors() {
        return (Some(site.into_checked()), Err(DiffError::Content));
    }
    let doc = site.resolve(Scope::everyone(true));
    let checked = site.into_checked();
    let versions: Vec<&crate::document::ManualDoc> =
        doc.manuals.iter().filter(|m| m.id == id).collect();
    if versions.is_empty() {
        let ids: Vec<&str> = doc.manuals.iter().map(|m| m.id.as_str()).collect();
        let closest = crate::diagnostic::closest(id, ids).map(str::to_owned);
        return (
            Some(checked),
            Err(DiffError::UnknownManual {
                id: id.to_owned(),
                closest,
            }),
        );
    }
    let known: Vec<String> = versions.iter().map(|m| m.version.clone()).collect();
    let find = |v: &str| versions.iter().position(|m| m.version == v.trim());
    let unknown = |v: &str| DiffError::UnknownVersion {
        id: id.to_owned(),
        version: v.to_owned(),
        known: known.clone(),
    };
    let outcome = (|| {
        let to_index = match to {
            Some(v) => find(v).ok_or_else(|| unknown(v))?,
            None => versions.len() - 1,
        };
        let from_index = match from {
            Some(v) => find(v).ok_or_else(|| unknown(v))?,
            None if to_index == 0 => {
                return Err(DiffError::OnlyOne {
                    id: id.to_owned(),
                    version: versions[0].version.clone(),
                });
            }
            None => to_index - 1,
        };
        Ok(diff(versions[from_index], versions[to_index]))
    })();
    drop(versions);
    crate::parallel::drop_in_background(doc);
    (Some(checked), outcome)
}

/// The diff for a terminal. With `color`, removed words are red and struck
/// through and new ones green; without, they read `[-así-]` and `{+así+}`.
pub fn human(diff: &ManualDiff, lang: Lang, color: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        lang.t(
            format!(
                "{}: cambios de la versión {} a la {} ({})",
                diff.manual,
                diff.from,
                diff.to,
                crate::wording::totals_sentence(diff, lang)
            ),
            format!(
                "{}: changes from version {} to {} ({})",
                diff.manual,
                diff.from,
                diff.to,
                crate::wording::totals_sentence(diff, lang)
            ),
        )
    );
    let (bold, reset) = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    for entry in &diff.entries {
        let _ = writeln!(out, "\n{bold}{} {}{reset}", entry.code(), entry.name());
        if let Some(note) = entry_note(entry, lang) {
            let _ = writeln!(out, "  {note}");
        }
        for shown in entry.shown() {
            let item = match shown {
                Shown::One(item) => item,
                Shown::Renumbered { kind, old, new, .. } => {
                    let _ = writeln!(out, "  {}", renumbered_run(kind, old, new, lang));
                    continue;
                }
            };
            let what = describe(item, lang);
            let _ = writeln!(out, "  {what}");
            let (before, after) = (lang.t("antes:", "before:"), lang.t("ahora:", "now:   "));
            match item.change {
                Change::Added => {
                    let _ = writeln!(
                        out,
                        "    {after} {}",
                        marked(
                            item.new_text.as_deref().unwrap_or(""),
                            WordOp::Inserted,
                            color
                        )
                    );
                }
                Change::Removed => {
                    let _ = writeln!(
                        out,
                        "    {before} {}",
                        marked(
                            item.old_text.as_deref().unwrap_or(""),
                            WordOp::Deleted,
                            color
                        )
                    );
                }
                _ if !item.words.is_empty() => {
                    let _ = writeln!(
                        out,
                        "    {before} {}",
                        side(&item.words, WordOp::Deleted, color)
                    );
                    let _ = writeln!(
                        out,
                        "    {after} {}",
                        side(&item.words, WordOp::Inserted, color)
                    );
                }
                _ => {}
            }
        }
    }
    out
}

/// One side of a word diff: the kept words and the ones only on that side.
fn side(words: &[Words], op: WordOp, color: bool) -> String {
    words
        .iter()
        .filter(|w| w.op == WordOp::Same || w.op == op)
        .map(|w| {
            if w.op == WordOp::Same {
                indent(&w.text)
            } else {
                marked(&w.text, op, color)
            }
        })
        .collect()
}

fn marked(text: &str, op: WordOp, color: bool) -> String {
    let text = indent(text);
    match (op, color) {
        (WordOp::Deleted, true) => format!("\x1b[31;9m{text}\x1b[0m"),
        (WordOp::Inserted, true) => format!("\x1b[32;1m{text}\x1b[0m"),
        (WordOp::Deleted, false) => format!("[-{text}-]"),
        (WordOp::Inserted, false) => format!("{{+{text}+}}"),
        (WordOp::Same, _) => text,
    }
}

/// Incisos sit on lines of their own: indented under the text they follow.
fn indent(text: &str) -> String {
    text.replace('\n', "\n           ")
}

crate::i18n::localized_error!(DiffError, DiffError::Load(e) => e);
