//! What `cambios.html` shows: what changed since the previous version, entry
//! by entry, with each rewording word by word, each renumbering and move
//! saying where the piece was and where it is now, and links to both
//! versions, as the plain values the theme's `changes.html` lays out
//! (docs/theme.md). It reads the `ManualDiff` that resolve computed and
//! walked, and says it with `wording`.

use serde::Serialize;

use super::pages::DateView;
use crate::document::changes::{Change, EntryDiff, ItemDiff, Place, Shown, Words};
use crate::document::{Document, ManualDoc, SectionBody, SiteUrl};
use crate::html::PageWriter;
use crate::i18n::Lang;
use crate::wording::{describe, entry_note, long_date, renumbered_run, totals_sentence};

/// What `changes.html` shows of a version's changes; `diff` is absent when
/// there is no earlier version to compare with: the first version, or one
/// whose previous version (`supersedes`) this site does not hold. Then
/// `previous` says so and `control` repeats the manual's control de cambios,
/// so the page agrees with the cover and the control table.
#[derive(Serialize)]
pub struct ChangesView {
    diff: Option<DiffView>,
    /// "Es la primera versión publicada en este sitio. Sustituye a la versión
    /// 3.0, …": when there is no diff
    /// but the version supersedes another one.
    previous: Option<String>,
    /// The control de cambios (`changes` of manual.yaml), newest first.
    control: Vec<ControlRow>,
    /// The control de cambios section of the manual's page, when it has one.
    control_url: Option<String>,
}

#[derive(Serialize)]
struct ControlRow {
    version: String,
    date: Option<DateView>,
    summary_html: String,
}

#[derive(Serialize)]
struct DiffView {
    /// "Versión 3.2 comparada con la", before the link to the previous version.
    compared: String,
    /// The previous version, linked when this site publishes it.
    previous: Option<PreviousView>,
    /// The previous version's number, said when it is not linked.
    from: String,
    /// "1 adición, 2 modificaciones y 3 renumeraciones".
    totals: String,
    entries: Vec<EntryView>,
}

#[derive(Serialize)]
struct PreviousView {
    url: String,
    version: String,
    /// ", en vigor desde el 1 de abril de 2025", or empty.
    since: String,
}

/// A unit, procedure, form or guide that changed.
#[derive(Serialize)]
struct EntryView {
    /// `added`, `removed`, `modified`, `moved`, `renumbered` or `unchanged`.
    change: &'static str,
    code: String,
    name: String,
    /// Its page in this version, else in the previous one.
    url: Option<String>,
    /// What happened to the entry itself ("Se adiciona el procedimiento.").
    note: Option<String>,
    items: Vec<ItemView>,
}

/// One line of an entry: a piece that changed, or a run of renumberings
/// (`run`: only `what` is said).
#[derive(Serialize)]
struct ItemView {
    run: bool,
    change: &'static str,
    /// "Se modifica la función 2 (antes 1)".
    what: String,
    new_url: Option<String>,
    old_url: Option<String>,
    /// The whole text: the new one (added, or unchanged wording), the old one
    /// (removed).
    text: Option<String>,
    /// The wording word by word when it changed: `{op, text}`, `op` being
    /// `same`, `deleted` or `inserted`.
    words: Vec<Words>,
}

pub fn view(doc: &Document, m: &ManualDoc, w: &mut PageWriter) -> ChangesView {
    let lang = doc.lang;
    let Some(diff) = &m.diff else {
        let previous = m.supersedes.as_ref().map(|v| {
            lang.t(
                format!(
                    "Es la primera versión publicada en este sitio. Sustituye a la versión {v}, cuyo contenido no se publica aquí: no se puede comparar palabra por palabra con ella."
                ),
                format!(
                    "This is the first version published on this site. It supersedes version {v}, whose content is not published here: the two cannot be compared word by word."
                ),
            )
        });
        let control_url = m
            .sections
            .iter()
            .find(|s| matches!(s.body, SectionBody::Changes))
            .map(|s| w.url(&m.url.with_anchor(&s.anchor)));
        let control = m
            .changes
            .iter()
            .map(|c| ControlRow {
                version: c.version.clone(),
                date: c.date.map(|d| DateView::new(d, lang)),
                summary_html: w.rich(&c.summary),
            })
            .collect();
        return ChangesView {
            diff: None,
            previous,
            control,
            control_url,
        };
    };
    let previous = m
        .versions
        .iter()
        .find(|v| v.version == diff.from)
        .map(|v| PreviousView {
            url: w.url(&v.url),
            version: v.version.clone(),
            since: v
                .effective
                .map(|d| {
                    lang.t(
                        format!(", en vigor desde el {}", long_date(d, lang)),
                        format!(", in force from {}", long_date(d, lang)),
                    )
                })
                .unwrap_or_default(),
        });
    ChangesView {
        previous: None,
        control: Vec::new(),
        control_url: None,
        diff: Some(DiffView {
            compared: lang.t(
                format!("Versión {} comparada con la", diff.to),
                format!("Version {} compared with", diff.to),
            ),
            previous,
            from: diff.from.clone(),
            totals: totals_sentence(diff, lang),
            entries: diff
                .entries
                .iter()
                .map(|e| entry_view(e, w, lang))
                .collect(),
        }),
    }
}

fn entry_view(entry: &EntryDiff, w: &PageWriter, lang: Lang) -> EntryView {
    let link = |url: &Option<String>| url.as_ref().map(|u| w.url(&SiteUrl::page(u.clone())));
    EntryView {
        change: entry.change.key(),
        code: entry.code().to_owned(),
        name: entry.name().to_owned(),
        url: link(&entry.new_url).or_else(|| link(&entry.old_url)),
        note: entry_note(entry, lang),
        items: entry
            .shown()
            .map(|shown| match shown {
                Shown::One(item) => item_view(item, w, lang),
                Shown::Renumbered { kind, old, new, .. } => ItemView {
                    run: true,
                    change: Change::Renumbered.key(),
                    what: renumbered_run(kind, old, new, lang),
                    new_url: None,
                    old_url: None,
                    text: None,
                    words: Vec::new(),
                },
            })
            .collect(),
    }
}

fn item_view(item: &ItemDiff, w: &PageWriter, lang: Lang) -> ItemView {
    let url = |p: &Option<Place>| {
        let p = p.as_ref().filter(|p| !p.url.is_empty())?;
        let (path, anchor) = p.url.split_once('#').unwrap_or((&p.url, ""));
        let mut u = SiteUrl::page(path);
        if !anchor.is_empty() {
            u = u.with_anchor(anchor);
        }
        Some(w.url(&u))
    };
    let text = match item.change {
        Change::Removed => item.old_text.clone(),
        _ => item.new_text.clone(),
    };
    ItemView {
        run: false,
        change: item.change.key(),
        what: describe(item, lang),
        new_url: url(&item.new),
        old_url: url(&item.old),
        text: Some(text.unwrap_or_default()),
        words: match item.change {
            Change::Added | Change::Removed => Vec::new(),
            _ => item.words.clone(),
        },
    }
}
