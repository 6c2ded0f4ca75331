//! The versions of each manual as they see one another: each edition learns
//! its siblings, which one the manual's folder opens, what changed since the
//! version before it (`diff`) and where its pages are in the others
//! (`crossing`); a bundle keeps only the versions in force and upcoming.

use crate::document::changes::ManualDiff;
use crate::document::*;
use crate::resolve::diff::change_marks;
use crate::resolve::timeline::Timeline;

/// Each edition learns the other versions of its manual (newest first), whether
/// it is the one `public/<manual>/` opens, and what changed since the version
/// before it. `manuals` arrive in timeline order: by id, oldest version first.
pub(super) fn link_versions(manuals: &mut [ManualDoc], timeline: &Timeline) {
    let refs: Vec<VersionRef> = manuals.iter().map(VersionRef::of).collect();
    let mut diffs: Vec<Option<crate::document::changes::ManualDiff>> = vec![None; manuals.len()];
    for i in 1..manuals.len() {
        if manuals[i - 1].id == manuals[i].id {
            diffs[i] = Some(crate::resolve::diff::diff(&manuals[i - 1], &manuals[i]));
        }
    }
    // Where each edition's pages and functions are in each other edition of
    // its manual, walking the diffs between adjacent versions.
    // (Only for a manual with more than one version: a normateca of one
    // version each would list every function of every unit for nothing.)
    let places: Vec<Vec<(String, String)>> = manuals
        .iter()
        .map(|m| {
            if manuals.iter().filter(|o| o.id == m.id).count() > 1 {
                crate::resolve::diff::places_of(m)
            } else {
                Vec::new()
            }
        })
        .collect();
    let crossing = |i: usize, j: usize| -> crate::document::crossing::Crossing {
        use crate::resolve::crossing::{Step, cross};
        let step = |k: usize, forward: bool| {
            let diff = diffs[k].as_ref().expect("adjacent editions of one manual");
            Step::of(diff, &manuals[k - 1].folder, &manuals[k].folder, forward)
        };
        let steps: Vec<Step> = if i < j {
            (i + 1..=j).map(|k| step(k, true)).collect()
        } else {
            (j + 1..=i).rev().map(|k| step(k, false)).collect()
        };
        let pages: Vec<String> = refs[i].pages.iter().cloned().collect();
        cross(&pages, &places[i], &steps)
    };
    let crossings: Vec<Vec<VersionRef>> = (0..manuals.len())
        .map(|i| {
            let mut versions: Vec<VersionRef> = Vec::new();
            for (j, r) in refs.iter().enumerate() {
                if r.id == manuals[i].id {
                    let mut r = r.clone();
                    if j != i {
                        r.crossing = crossing(i, j);
                    }
                    versions.push(r);
                }
            }
            versions.reverse();
            versions
        })
        .collect();
    for ((i, m), versions) in manuals.iter_mut().enumerate().zip(crossings) {
        m.primary = timeline
            .primary(&m.id)
            .is_some_and(|e| e.version() == m.version);
        m.versions = versions;
        m.diff = diffs[i].take();
        if let Some(diff) = &mut m.diff {
            diff.marks = change_marks(diff);
        }
    }
}

/// A bundle carries the versions in force and upcoming only. The superseded
/// ones were resolved all the same, so that what changed since them
/// (`cambios.html`, the PDF's annex) is still said; here they leave, and so do
/// the links into them.
pub(super) fn keep_versions_in_force_and_upcoming(manuals: &mut Vec<ManualDoc>) {
    let kept =
        |status: VersionStatus| matches!(status, VersionStatus::InForce | VersionStatus::Upcoming);
    let gone: Vec<String> = manuals
        .iter()
        .filter(|m| !kept(m.status))
        .map(|m| format!("{}/", m.folder))
        .collect();
    manuals.retain(|m| kept(m.status));
    for m in manuals.iter_mut() {
        m.versions.retain(|v| kept(v.status));
        if let Some(diff) = &mut m.diff {
            forget_links_into(diff, &gone);
            diff.marks = change_marks(diff);
        }
    }
}

/// Drops every link into the folders `gone` (`mo-dir/3.0/`): a bundle
/// says what changed since a version it does not carry, without linking
/// to its pages. A place keeps its number; only its link is emptied.
fn forget_links_into(diff: &mut ManualDiff, gone: &[String]) {
    let is_gone = |url: &str| gone.iter().any(|g| url.starts_with(g.as_str()));
    for entry in &mut diff.entries {
        if entry.old_url.as_deref().is_some_and(is_gone) {
            entry.old_url = None;
        }
        for item in &mut entry.items {
            for place in [&mut item.old, &mut item.new].into_iter().flatten() {
                if is_gone(&place.url) {
                    place.url.clear();
                }
            }
        }
    }
}
