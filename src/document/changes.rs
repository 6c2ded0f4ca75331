//! What changed between two versions of a manual, as plain data: the
//! [`ManualDiff`] that `resolve::diff` computes and every writer reads
//! (`cambios.html`, the PDF annex and change bars, `norma diff`).

use std::collections::BTreeSet;

use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ManualDiff {
    pub manual: String,
    pub from: String,
    pub to: String,
    pub totals: Totals,
    /// Only entries with a change, in the new version's order, then the removed.
    pub entries: Vec<EntryDiff>,
    /// Where the new version differs, as the PDF's change bars mark it; set
    /// by resolve once the diff is final.
    #[serde(skip)]
    pub marks: ChangeMarks,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Totals {
    pub added: usize,
    pub removed: usize,
    pub modified: usize,
    pub moved: usize,
    pub renumbered: usize,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Unit,
    Procedure,
    Form,
    Guide,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Function,
    Step,
    Field,
    Item,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    /// Same place, new wording (possibly renumbered too).
    Modified,
    /// To another entry (another unit, procedure ...), with or without rewording.
    Moved,
    /// Same wording, new number.
    Renumbered,
    Unchanged,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntryDiff {
    pub kind: EntryKind,
    /// Added, Removed, Renumbered (new code), Modified (new name) or Unchanged
    /// (the entry itself is the same; some of its items changed).
    pub change: Change,
    pub old_code: Option<String>,
    pub new_code: Option<String>,
    pub old_name: Option<String>,
    pub new_name: Option<String>,
    /// The entry's page in each version, from the site's root.
    pub old_url: Option<String>,
    pub new_url: Option<String>,
    pub items: Vec<ItemDiff>,
    /// The items as every report walks them, decided once by resolve: runs of
    /// like renumberings gathered into one line; nothing for an entry added or
    /// removed whole (its note says it all).
    #[serde(skip)]
    pub shown: Vec<Gathered>,
}

impl EntryDiff {
    /// The items as a report shows them, in order (see `shown`).
    pub fn shown(&self) -> impl Iterator<Item = Shown<'_>> {
        self.shown.iter().map(|g| match g {
            Gathered::One(i) => Shown::One(&self.items[*i]),
            Gathered::Renumbered {
                kind,
                old,
                new,
                count,
            } => Shown::Renumbered {
                kind: *kind,
                old,
                new,
                count: *count,
            },
        })
    }

    pub fn code(&self) -> &str {
        self.new_code
            .as_deref()
            .or(self.old_code.as_deref())
            .unwrap_or("")
    }

    pub fn name(&self) -> &str {
        self.new_name
            .as_deref()
            .or(self.old_name.as_deref())
            .unwrap_or("")
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemDiff {
    pub kind: ItemKind,
    pub change: Change,
    /// Where it was and where it is: the entry's code, the number as cited, the
    /// page and anchor.
    pub old: Option<Place>,
    pub new: Option<Place>,
    pub old_text: Option<String>,
    pub new_text: Option<String>,
    /// The wording, word by word, when it changed.
    pub words: Vec<Words>,
    /// Whether the number changed too (for a modified or moved piece).
    pub renumbered: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Place {
    pub entry: String,
    pub number: String,
    pub anchor: String,
    pub url: String,
}

/// A run of words the same in both versions, only in the old, or only in the new.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Words {
    pub op: WordOp,
    pub text: String,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum WordOp {
    Same,
    Deleted,
    Inserted,
}

impl Change {
    pub fn key(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Modified => "modified",
            Change::Moved => "moved",
            Change::Renumbered => "renumbered",
            Change::Unchanged => "unchanged",
        }
    }
}

impl ManualDiff {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// What changed in the new version, by page (`"mo-dir/3.2/7.3.1.1.html"`) and
/// by place (`"…/7.3.1.1.html#f2"`), as the site's addresses name them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeMarks {
    /// Entries new in this version: all of their content changed.
    pub entries: BTreeSet<String>,
    /// Entries with a new code or name: their heading changed.
    pub headings: BTreeSet<String>,
    /// Functions, steps, fields and guide items added, reworded or moved here.
    pub pieces: BTreeSet<String>,
}

impl ChangeMarks {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.headings.is_empty() && self.pieces.is_empty()
    }
}

/// One line of an entry's report, as resolve decided it: an item (its index
/// in `items`), or pieces renumbered by the same shift one after another
/// ("funciones 4 a 26: ahora 5 a 27"), which is what inserting or removing one
/// piece does to all that follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gathered {
    One(usize),
    Renumbered {
        kind: ItemKind,
        old: (String, String),
        new: (String, String),
        count: usize,
    },
}

/// A line of an entry's report, borrowed from it (`EntryDiff::shown`).
pub enum Shown<'d> {
    One(&'d ItemDiff),
    Renumbered {
        kind: ItemKind,
        old: &'d (String, String),
        new: &'d (String, String),
        count: usize,
    },
}
