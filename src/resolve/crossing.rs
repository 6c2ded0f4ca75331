//! Where the pages and the functions, steps, fields and items of one version of
//! a manual are in another version: what the version switcher needs to keep a
//! reader on function 4 when, in the other version, it is function 5 or sits in
//! another unit. It is composed from the diffs between adjacent versions, so a
//! jump from 3.0 to 3.2 follows 3.0 → 3.1 → 3.2.
//!
//! Places are relative to their version's folder: pages as `7.3.1.1.html`,
//! anchors as `f4`.

use std::collections::HashMap;

use crate::document::changes::{Change, ManualDiff};
use crate::document::crossing::Crossing;

type Place = (String, String);

/// One diff between adjacent versions, as lookups in the direction walked.
pub struct Step {
    pages: HashMap<String, Option<String>>,
    places: HashMap<Place, Option<Place>>,
}

impl Step {
    /// `diff` compares the version in `old_folder` with the one in
    /// `new_folder`; `forward` walks from the old to the new.
    pub fn of(diff: &ManualDiff, old_folder: &str, new_folder: &str, forward: bool) -> Step {
        let page = |url: &str, folder: &str| -> String {
            let path = url.split('#').next().unwrap_or(url);
            path.strip_prefix(folder)
                .and_then(|p| p.strip_prefix('/'))
                .unwrap_or(path)
                .to_owned()
        };
        let place = |url: &str, folder: &str, anchor: &str| (page(url, folder), anchor.to_owned());
        let (from_folder, to_folder) = if forward {
            (old_folder, new_folder)
        } else {
            (new_folder, old_folder)
        };
        let mut step = Step {
            pages: HashMap::new(),
            places: HashMap::new(),
        };
        for entry in &diff.entries {
            let (from, to) = if forward {
                (&entry.old_url, &entry.new_url)
            } else {
                (&entry.new_url, &entry.old_url)
            };
            if let Some(from) = from {
                step.pages.insert(
                    page(from, from_folder),
                    to.as_deref().map(|u| page(u, to_folder)),
                );
            }
            for item in &entry.items {
                if item.change == Change::Unchanged {
                    continue;
                }
                let (from, to) = if forward {
                    (&item.old, &item.new)
                } else {
                    (&item.new, &item.old)
                };
                if let Some(from) = from {
                    step.places.insert(
                        place(&from.url, from_folder, &from.anchor),
                        to.as_ref().map(|t| place(&t.url, to_folder, &t.anchor)),
                    );
                }
            }
        }
        step
    }

    fn page(&self, page: &str) -> Option<String> {
        match self.pages.get(page) {
            Some(to) => to.clone(),
            None => Some(page.to_owned()),
        }
    }

    /// Where `place` is after this step: moved, at the top of its page's new
    /// place when the piece is gone, or nowhere when the page is gone.
    fn place(&self, place: &Place) -> Option<Place> {
        if !place.1.is_empty()
            && let Some(to) = self.places.get(place)
        {
            return match to {
                Some(to) => Some(to.clone()),
                None => self.page(&place.0).map(|p| (p, String::new())),
            };
        }
        self.page(&place.0).map(|p| (p, place.1.clone()))
    }
}

/// Walks every page and place of a version through `steps`, keeping what did
/// not stay where it was.
pub fn cross(pages: &[String], places: &[Place], steps: &[Step]) -> Crossing {
    let mut crossing = Crossing::default();
    for page in pages {
        let mut at = Some(page.clone());
        for step in steps {
            at = at.and_then(|p| step.page(&p));
        }
        if at.as_deref() != Some(page.as_str()) {
            crossing.pages.insert(page.clone(), at);
        }
    }
    for place in places {
        let mut at = Some(place.clone());
        for step in steps {
            at = at.and_then(|p| step.place(&p));
        }
        let Some(opened) = crossing.page(&place.0) else {
            // The page is gone: the switcher opens the version's front page.
            continue;
        };
        let to = match at {
            Some((page, anchor)) if page == opened => {
                if anchor == place.1 {
                    continue;
                }
                anchor
            }
            Some((page, anchor)) => format!("{page}#{anchor}"),
            None => String::new(),
        };
        crossing
            .anchors
            .entry(place.0.clone())
            .or_default()
            .insert(place.1.clone(), to);
    }
    crossing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::changes::{EntryDiff, EntryKind, ItemDiff, ItemKind, Place as At, Totals};

    fn at(url: &str, number: &str) -> At {
        At {
            entry: String::new(),
            number: number.into(),
            anchor: url.split('#').nth(1).unwrap_or("").into(),
            url: url.into(),
        }
    }

    fn item(change: Change, old: Option<&str>, new: Option<&str>) -> ItemDiff {
        ItemDiff {
            kind: ItemKind::Function,
            change,
            old: old.map(|u| at(u, "")),
            new: new.map(|u| at(u, "")),
            old_text: None,
            new_text: None,
            words: Vec::new(),
            renumbered: false,
        }
    }

    fn entry(old: Option<&str>, new: Option<&str>, items: Vec<ItemDiff>) -> EntryDiff {
        EntryDiff {
            kind: EntryKind::Unit,
            change: Change::Unchanged,
            old_code: None,
            new_code: None,
            old_name: None,
            new_name: None,
            old_url: old.map(Into::into),
            new_url: new.map(Into::into),
            items,
            shown: Vec::new(),
        }
    }

    fn diff(entries: Vec<EntryDiff>) -> ManualDiff {
        ManualDiff {
            manual: "m".into(),
            from: "1".into(),
            to: "2".into(),
            totals: Totals::default(),
            entries,
            marks: Default::default(),
        }
    }

    #[test]
    fn renumberings_compose_across_versions_and_back() {
        // 1 → 2: a function inserted before f4 (f4 becomes f5); 2 → 3: unit
        // 7.1 becomes 7.2, and f5 goes to unit 7.3 as f1.
        let d12 = diff(vec![entry(
            Some("m/1/7.1.html"),
            Some("m/2/7.1.html"),
            vec![
                item(Change::Added, None, Some("m/2/7.1.html#f4")),
                item(
                    Change::Renumbered,
                    Some("m/1/7.1.html#f4"),
                    Some("m/2/7.1.html#f5"),
                ),
            ],
        )]);
        let d23 = diff(vec![
            entry(Some("m/2/7.1.html"), Some("m/3/7.2.html"), vec![]),
            entry(
                Some("m/2/7.3.html"),
                Some("m/3/7.3.html"),
                vec![item(
                    Change::Moved,
                    Some("m/2/7.1.html#f5"),
                    Some("m/3/7.3.html#f1"),
                )],
            ),
        ]);
        let pages = vec!["7.1.html".to_owned(), "7.3.html".to_owned()];
        let places = vec![
            ("7.1.html".to_owned(), "f3".to_owned()),
            ("7.1.html".to_owned(), "f4".to_owned()),
        ];
        let forward = cross(
            &pages,
            &places,
            &[
                Step::of(&d12, "m/1", "m/2", true),
                Step::of(&d23, "m/2", "m/3", true),
            ],
        );
        assert_eq!(forward.page("7.1.html").as_deref(), Some("7.2.html"));
        assert_eq!(forward.page("7.3.html").as_deref(), Some("7.3.html"));
        assert_eq!(forward.map_of("7.1.html"), "f4=7.3.html#f1");

        // Back from 2 to 1: the added f4 is gone (top of the page), f5 was f4.
        let places2 = vec![
            ("7.1.html".to_owned(), "f4".to_owned()),
            ("7.1.html".to_owned(), "f5".to_owned()),
        ];
        let back = cross(
            &pages[..1],
            &places2,
            &[Step::of(&d12, "m/1", "m/2", false)],
        );
        assert_eq!(back.map_of("7.1.html"), "f4= f5=f4");
    }
}
