//! What changed between two versions of a manual, as plain data: the
//! [`ManualDiff`] that `resolve::diff` computes and every writer reads
//! (`cambios.html`, the PDF annex and change bars, `norma diff`).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::i18n::Lang;

#[derive(Debug, Clone, Serialize)]
pub struct ManualDiff {
    pub manual: String,
    pub from: String,
    pub to: String,
    pub totals: Totals,
    /// Only entries with a change, in the new version's order, then the removed.
    pub entries: Vec<EntryDiff>,
}

impl ManualDiff {
    /// Drops every link into the folders `gone` (`mo-dir/3.0/`): a bundle
    /// says what changed since a version it does not carry, without linking
    /// to its pages. A place keeps its number; only its link is emptied.
    pub fn forget_links_into(&mut self, gone: &[String]) {
        let is_gone = |url: &str| gone.iter().any(|g| url.starts_with(g.as_str()));
        for entry in &mut self.entries {
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

#[derive(Debug, Clone, Serialize)]
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
}

impl EntryDiff {
    /// What happened to the entry itself, as a sentence ("Se adiciona el
    /// procedimiento."), or nothing when only some of its pieces changed.
    pub fn note(&self, lang: Lang) -> Option<String> {
        let kind = self.kind.with_article(lang);
        let old_code = self.old_code.as_deref().unwrap_or("");
        let old_name = self.old_name.as_deref().unwrap_or("");
        Some(match self.change {
            Change::Added => lang.t(format!("Se adiciona {kind}."), format!("{kind} is added.")),
            Change::Removed => lang.t(format!("Se suprime {kind}."), format!("{kind} is removed.")),
            Change::Renumbered => lang.t(
                format!("Se renumera {kind}: antes {old_code}."),
                format!("{kind} is renumbered: formerly {old_code}."),
            ),
            Change::Modified => lang.t(
                format!("Cambia su nombre; antes: «{old_name}»."),
                format!("Its name changes; formerly: “{old_name}”."),
            ),
            Change::Moved | Change::Unchanged => return None,
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

#[derive(Debug, Clone, Serialize)]
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

    /// As the control of changes says it: "Se adiciona", "Se modifica" ...
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Change::Added, Lang::Es) => "Se adiciona",
            (Change::Removed, Lang::Es) => "Se suprime",
            (Change::Modified, Lang::Es) => "Se modifica",
            (Change::Moved, Lang::Es) => "Se traslada",
            (Change::Renumbered, Lang::Es) => "Se renumera",
            (Change::Unchanged, Lang::Es) => "Sin cambios",
            (Change::Added, Lang::En) => "Added",
            (Change::Removed, Lang::En) => "Removed",
            (Change::Modified, Lang::En) => "Modified",
            (Change::Moved, Lang::En) => "Moved",
            (Change::Renumbered, Lang::En) => "Renumbered",
            (Change::Unchanged, Lang::En) => "Unchanged",
        }
    }
}

impl EntryKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (EntryKind::Unit, Lang::Es) => "unidad",
            (EntryKind::Procedure, Lang::Es) => "procedimiento",
            (EntryKind::Form, Lang::Es) => "formato",
            (EntryKind::Guide, Lang::Es) => "guía",
            (EntryKind::Unit, Lang::En) => "unit",
            (EntryKind::Procedure, Lang::En) => "procedure",
            (EntryKind::Form, Lang::En) => "form",
            (EntryKind::Guide, Lang::En) => "guide",
        }
    }

    /// The kind with its article, as a sentence names it: "el procedimiento",
    /// "la guía"; "The procedure".
    pub fn with_article(self, lang: Lang) -> String {
        let article = match (self, lang) {
            (EntryKind::Unit | EntryKind::Guide, Lang::Es) => "la",
            (EntryKind::Procedure | EntryKind::Form, Lang::Es) => "el",
            (_, Lang::En) => "The",
        };
        format!("{article} {}", self.label(lang))
    }
}

impl ItemKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ItemKind::Function, Lang::Es) => "función",
            (ItemKind::Step, Lang::Es) => "actividad",
            (ItemKind::Field, Lang::Es) => "campo",
            (ItemKind::Item, Lang::Es) => "reactivo",
            (ItemKind::Function, Lang::En) => "function",
            (ItemKind::Step, Lang::En) => "step",
            (ItemKind::Field, Lang::En) => "field",
            (ItemKind::Item, Lang::En) => "item",
        }
    }
}

impl ManualDiff {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Where the new version differs from the old, as the PDF's change bars
    /// mark it. A piece only renumbered gets no bar: its wording is the same,
    /// and the annex says which numbers moved.
    pub fn change_marks(&self) -> ChangeMarks {
        let mut marks = ChangeMarks::default();
        for entry in &self.entries {
            if let Some(url) = &entry.new_url {
                match entry.change {
                    Change::Added => {
                        marks.entries.insert(url.clone());
                    }
                    Change::Modified | Change::Renumbered => {
                        marks.headings.insert(url.clone());
                    }
                    _ => {}
                }
            }
            for item in &entry.items {
                if matches!(
                    item.change,
                    Change::Added | Change::Modified | Change::Moved
                ) && let Some(place) = &item.new
                {
                    marks.pieces.insert(place.url.clone());
                }
            }
        }
        marks
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

/// A run of items as a report shows them: one item, or pieces renumbered by
/// the same shift one after another ("funciones 4 a 26: ahora 5 a 27"), which
/// is what inserting or removing one piece does to all that follow it.
pub enum Shown<'d> {
    One(&'d ItemDiff),
    Renumbered {
        kind: ItemKind,
        old: (String, String),
        new: (String, String),
        count: usize,
    },
}

/// The items of an entry with runs of like renumberings gathered.
pub fn gather(items: &[ItemDiff]) -> Vec<Shown<'_>> {
    let number = |p: &Option<Place>| p.as_ref().and_then(|p| p.number.parse::<i64>().ok());
    let mut out: Vec<Shown> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let first = &items[i];
        let (Change::Renumbered, Some(o), Some(n)) =
            (first.change, number(&first.old), number(&first.new))
        else {
            out.push(Shown::One(first));
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < items.len()
            && items[j].change == Change::Renumbered
            && number(&items[j].old) == Some(o + (j - i) as i64)
            && number(&items[j].new) == Some(n + (j - i) as i64)
        {
            j += 1;
        }
        if j - i == 1 {
            out.push(Shown::One(first));
        } else {
            let last = &items[j - 1];
            let text = |p: &Option<Place>| p.as_ref().map(|p| p.number.clone()).unwrap_or_default();
            out.push(Shown::Renumbered {
                kind: first.kind,
                old: (text(&first.old), text(&last.old)),
                new: (text(&first.new), text(&last.new)),
                count: j - i,
            });
        }
        i = j;
    }
    out
}

impl ItemKind {
    pub fn plural(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ItemKind::Function, Lang::Es) => "funciones",
            (ItemKind::Step, Lang::Es) => "actividades",
            (ItemKind::Field, Lang::Es) => "campos",
            (ItemKind::Item, Lang::Es) => "reactivos",
            (ItemKind::Function, Lang::En) => "functions",
            (ItemKind::Step, Lang::En) => "steps",
            (ItemKind::Field, Lang::En) => "fields",
            (ItemKind::Item, Lang::En) => "items",
        }
    }
}

/// "Se renumeran las funciones 4 a 26: ahora son las funciones 5 a 27".
pub fn renumbered_run(
    kind: ItemKind,
    old: &(String, String),
    new: &(String, String),
    lang: Lang,
) -> String {
    let many = kind.plural(lang);
    lang.t(
        format!(
            "Se renumeran las {many} {} a {}: ahora son las {many} {} a {}",
            old.0, old.1, new.0, new.1
        ),
        format!(
            "{many} {} to {} renumbered: now {many} {} to {}",
            old.0, old.1, new.0, new.1
        ),
    )
}

impl ItemDiff {
    /// What happened to the piece, as every report says it: "Se modifica la
    /// función 2 (antes 1)", "Se traslada la función 4 de 7.3.1.1: ahora es la
    /// función 6 de 7.3.1.2".
    pub fn describe(&self, lang: Lang) -> String {
        let kind = self.kind.label(lang);
        let number = |p: &Option<Place>| p.as_ref().map(|p| p.number.clone()).unwrap_or_default();
        let place = |p: &Option<Place>| {
            p.as_ref()
                .map(|p| {
                    lang.t(
                        format!("{kind} {} de {}", p.number, p.entry),
                        format!("{kind} {} of {}", p.number, p.entry),
                    )
                })
                .unwrap_or_default()
        };
        let (old, new) = (number(&self.old), number(&self.new));
        match self.change {
            Change::Added => lang.t(
                format!("Se adiciona la {kind} {new}"),
                format!("New {kind} {new}"),
            ),
            Change::Removed => lang.t(
                format!("Se suprime la {kind} {old}"),
                format!("{kind} {old} removed"),
            ),
            Change::Renumbered => lang.t(
                format!("Se renumera la {kind} {old}: ahora es la {kind} {new}"),
                format!("{kind} {old} renumbered: now {kind} {new}"),
            ),
            Change::Moved => lang.t(
                format!(
                    "Se traslada la {}: ahora es la {}",
                    place(&self.old),
                    place(&self.new)
                ),
                format!("{} moved: now {}", place(&self.old), place(&self.new)),
            ),
            Change::Modified if self.renumbered => lang.t(
                format!("Se modifica la {kind} {new} (antes {old})"),
                format!("{kind} {new} modified (formerly {old})"),
            ),
            Change::Modified => lang.t(
                format!("Se modifica la {kind} {new}"),
                format!("{kind} {new} modified"),
            ),
            Change::Unchanged => String::new(),
        }
    }
}
