//! The manual's navigation beside every page of a manual (base.html), and the
//! units of its contents (manual.html): the units as a tree by their
//! hierarchical number (7.3.1.1 under 7.3.1), every depth, the procedures,
//! forms and guides, and the manual's own pages. The tree beside a page holds
//! the top-level units, the units under each unit on the way to the current
//! one and the current unit's own: every unit is one click from a unit above
//! it, and a page of a 1,000-unit manual does not carry 1,000 links (the whole
//! tree on every page would grow the site with the square of its units). The
//! contents of the manual's front page hold the whole tree.

use serde::Serialize;

use crate::document::{ManualDoc, NumberTree};

use super::rich::PageWriter;

/// A unit in a tree: its children are those shown (`children`), the others
/// are only counted (`hidden`, a unit whose branch opens on its own page).
#[derive(Serialize)]
pub(super) struct UnitNode<'d> {
    code: &'d str,
    name: &'d str,
    url: String,
    /// The page being read.
    current: bool,
    /// Its branch starts open.
    open: bool,
    children: Vec<UnitNode<'d>>,
    hidden: usize,
}

/// A procedure, form or guide, or one of the manual's own pages.
#[derive(Serialize)]
struct NavLink<'d> {
    code: &'d str,
    name: &'d str,
    url: String,
    current: bool,
}

/// What base.html shows beside a page of a manual.
#[derive(Serialize)]
pub(super) struct NavView<'d> {
    title: &'d str,
    front: NavLink<'d>,
    units: Vec<UnitNode<'d>>,
    entries: Vec<NavLink<'d>>,
    orgchart: Option<NavLink<'d>>,
    changes: NavLink<'d>,
}

/// The nodes of `places`; `shown(i)` says whether unit i's children are
/// listed, `open(i)` whether its branch starts open.
fn nodes<'d>(
    m: &'d ManualDoc,
    t: &NumberTree,
    places: &[usize],
    w: &PageWriter,
    current: Option<usize>,
    shown: &dyn Fn(usize) -> bool,
    open: &dyn Fn(usize) -> bool,
) -> Vec<UnitNode<'d>> {
    places
        .iter()
        .map(|&i| {
            let u = &m.units[i];
            let kids = &t.children[i];
            let (children, hidden) = if shown(i) {
                (nodes(m, t, kids, w, current, shown, open), 0)
            } else {
                (Vec::new(), kids.len())
            };
            UnitNode {
                code: &u.code,
                name: &u.name,
                url: w.url(&u.url),
                current: current == Some(i),
                open: !children.is_empty() && open(i),
                children,
                hidden,
            }
        })
        .collect()
}

/// The whole tree, for the contents of the manual's front page: the
/// top-level units open, the branches below them closed.
pub(super) fn contents_tree<'d>(m: &'d ManualDoc, w: &PageWriter) -> Vec<UnitNode<'d>> {
    let t = m.number_tree();
    nodes(m, t, &t.roots, w, None, &|_| true, &|i| {
        t.parent[i].is_none()
    })
}

/// The navigation beside the page at `page` (a path from the site root),
/// the page of unit `current` (its place in `m.units`) if it is one.
pub(super) fn view<'d>(
    m: &'d ManualDoc,
    page: &str,
    current: Option<usize>,
    w: &PageWriter,
) -> NavView<'d> {
    let t = m.number_tree();
    // The current unit and the units above it: their children are listed.
    let mut on_path = vec![false; m.units.len()];
    let mut at = current;
    while let Some(i) = at {
        on_path[i] = true;
        at = t.parent[i];
    }
    let units = nodes(m, t, &t.roots, w, current, &|i| on_path[i], &|i| on_path[i]);
    let link = |code: &'d str, name: &'d str, url: &crate::document::SiteUrl| NavLink {
        code,
        name,
        url: w.url(url),
        current: url.path == page,
    };
    let entries = m
        .procedures
        .iter()
        .map(|p| link(&p.code, &p.name, &p.url))
        .chain(m.forms.iter().map(|f| link(&f.code, &f.name, &f.url)))
        .chain(m.guides.iter().map(|g| link(&g.code, &g.name, &g.url)))
        .collect();
    NavView {
        title: &m.title,
        front: link("", &m.title, &m.url),
        units,
        entries,
        orgchart: (!m.units.is_empty()).then(|| link("", "", &m.orgchart_url)),
        changes: link("", "", &m.changes_url),
    }
}

/// Whether the navigation `view` makes beside the page of unit `current`
/// (or beside another page of the manual, `None`) lists unit `n`: a
/// top-level unit, or one under the current unit or under a unit above it.
pub(super) fn shows(m: &ManualDoc, current: Option<usize>, n: usize) -> bool {
    let t = m.number_tree();
    let Some(parent) = t.parent[n] else {
        return true;
    };
    let mut at = current;
    while let Some(i) = at {
        if i == parent {
            return true;
        }
        at = t.parent[i];
    }
    false
}
