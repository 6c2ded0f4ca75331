//! Where the pages and functions of one version of a manual are in another
//! version, as the version switcher reads it (`resolve::crossing` composes it).

use std::collections::BTreeMap;

/// From one version to another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Crossing {
    /// A page of this version that is another page there (a unit given a new
    /// code) or is gone there (`None`). Pages not listed are the same page.
    pub pages: BTreeMap<String, Option<String>>,
    /// For a page of this version, its anchors that are elsewhere there: `f5`
    /// (on the page the switcher opens), `7.3.1.2.html#f3` (on another page),
    /// or empty (gone: the top of the page). Anchors not listed are unchanged.
    pub anchors: BTreeMap<String, BTreeMap<String, String>>,
}

impl Crossing {
    /// Where this version's `page` is in the other one: itself, another page,
    /// or nothing.
    pub fn page(&self, page: &str) -> Option<String> {
        match self.pages.get(page) {
            Some(moved) => moved.clone(),
            None => Some(page.to_owned()),
        }
    }

    /// The switcher's `data-map` for `page`: "f4=f5 f10=7.3.1.2.html#f3".
    pub fn map_of(&self, page: &str) -> String {
        self.anchors
            .get(page)
            .map(|anchors| {
                anchors
                    .iter()
                    .map(|(from, to)| format!("{from}={to}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    }
}
