//! Which versions of each manual a build publishes, in version order, and where
//! each stands on a given day.
//!
//! A manual's versions are its frozen releases plus its current content in
//! `content/` (unless that content is a version already frozen, in which case
//! the frozen copy is the one published; a draft only with `--drafts`). Of the
//! published versions whose effective date has come, the one that took effect
//! last is in force (vigente) and the others are superseded (histórica); one
//! whose date has not come is upcoming (próxima); a draft is a draft (borrador).

use std::collections::BTreeMap;

use crate::date::Date;
use crate::document::VersionStatus;
use crate::load::Project;
use crate::model::{Manual, Release};
use crate::numbering::version_numbers;
use crate::resolve::is_draft;

/// One version of a manual as a build publishes it.
#[derive(Debug, Clone, Copy)]
pub struct Edition<'p> {
    pub manual: &'p Manual,
    /// The frozen release it comes from; `None` for the content of `content/`.
    pub release: Option<&'p Release>,
    pub status: VersionStatus,
}

impl Edition<'_> {
    pub fn version(&self) -> &str {
        self.manual
            .version
            .as_ref()
            .map(|v| v.value.trim())
            .unwrap_or("0")
    }

    pub fn numbers(&self) -> Vec<u32> {
        version_numbers(self.version().trim()).unwrap_or_default()
    }
}

/// Every manual's editions, oldest version first, by manual id.
#[derive(Debug, Default)]
pub struct Timeline<'p> {
    pub manuals: BTreeMap<String, Vec<Edition<'p>>>,
}

impl<'p> Timeline<'p> {
    /// The versions of `project` published on `today` (drafts only with `drafts`).
    pub fn plan(project: &'p Project, today: Date, drafts: bool) -> Timeline<'p> {
        let mut manuals: BTreeMap<String, Vec<Edition<'p>>> = BTreeMap::new();
        for release in &project.releases {
            let Some(manual) = &release.manual else {
                continue;
            };
            manuals
                .entry(manual.id.value.clone())
                .or_default()
                .push(Edition {
                    manual,
                    release: Some(release),
                    status: VersionStatus::Draft,
                });
        }
        for manual in &project.manuals {
            if is_draft(manual) && !drafts {
                continue;
            }
            let editions = manuals.entry(manual.id.value.clone()).or_default();
            let version = manual.version.as_ref().map(|v| v.value.trim());
            if editions.iter().any(|e| Some(e.version()) == version) {
                continue;
            }
            editions.push(Edition {
                manual,
                release: None,
                status: VersionStatus::Draft,
            });
        }
        for editions in manuals.values_mut() {
            editions.sort_by_key(|e| e.numbers());
            assign_statuses(editions, today);
        }
        Timeline { manuals }
    }

    /// The edition `public/<manual>/` opens: the one in force, else the latest
    /// draft, else the next to come into force.
    pub fn primary(&self, id: &str) -> Option<&Edition<'p>> {
        let editions = self.manuals.get(id)?;
        editions
            .iter()
            .find(|e| e.status == VersionStatus::InForce)
            .or_else(|| {
                editions
                    .iter()
                    .rev()
                    .find(|e| e.status == VersionStatus::Draft)
            })
            .or_else(|| {
                editions
                    .iter()
                    .find(|e| e.status == VersionStatus::Upcoming)
            })
            .or(editions.last())
    }

    /// The edition of `id` just before `version` in version order, if any.
    pub fn previous(&self, id: &str, version: &str) -> Option<&Edition<'p>> {
        let editions = self.manuals.get(id)?;
        let at = editions.iter().position(|e| e.version() == version)?;
        at.checked_sub(1).map(|i| &editions[i])
    }

    /// Keeps only the editions `keep` accepts (and the manuals left with one).
    pub fn retain(&mut self, mut keep: impl FnMut(&Edition<'p>) -> bool) {
        for editions in self.manuals.values_mut() {
            editions.retain(&mut keep);
        }
        self.manuals.retain(|_, editions| !editions.is_empty());
    }

    pub fn editions(&self) -> impl Iterator<Item = &Edition<'p>> {
        self.manuals.values().flatten()
    }
}

fn effective(e: &Edition) -> Option<Date> {
    e.manual.effective.as_ref().map(|d| d.value)
}

fn assign_statuses(editions: &mut [Edition], today: Date) {
    for e in editions.iter_mut() {
        e.status = if is_draft(e.manual) {
            VersionStatus::Draft
        } else if effective(e).is_some_and(|d| d > today) {
            VersionStatus::Upcoming
        } else {
            VersionStatus::Superseded
        };
    }
    // Of the versions already effective, the one that took effect last (by its
    // date, then by its number: editions are in version order) is in force.
    let latest = editions
        .iter()
        .enumerate()
        .filter(|(_, e)| e.status == VersionStatus::Superseded)
        .max_by_key(|(i, e)| (effective(e), *i))
        .map(|(i, _)| i);
    if let Some(i) = latest {
        editions[i].status = VersionStatus::InForce;
    }
}
