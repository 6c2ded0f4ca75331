//! What changed between two versions of a manual, on the content model rather
//! than on text files: units, procedures, forms and guides (matched by their
//! code, else by their name), and inside them functions, steps, form fields and
//! guide items, each added, removed, modified (with the wording change word by
//! word), moved to another unit or entry, or renumbered.
//!
//! Pieces are matched in rounds, so that a renumbering shows as such and not as
//! a removal plus an addition: first by a stable `id` (a function's `id`, a
//! step's written `id`, a field's `id`), then by identical wording, then by
//! similar wording inside the same entry, and last by very similar wording
//! anywhere in the manual (a function moved and retouched).
//!
//! The result is plain data: `cambios.html`, the PDF annex, the PDF's change
//! bars and `norma diff` (terminal and JSON) all read the same [`ManualDiff`].

use std::collections::{BTreeSet, HashMap};

use similar::{ChangeTag, TextDiff};

use crate::document::changes::*;
use crate::document::{ManualDoc, plain_text};

/// Pairs whose wording is at least this similar (0 to 1) are the same piece,
/// reworded, when they sit in the same entry.
const SIMILAR_IN_PLACE: f32 = 0.5;
/// Across entries a piece must be much more alike to count as moved.
const SIMILAR_MOVED: f32 = 0.75;
/// Comparing every leftover piece with every other one costs their product;
/// above this many comparisons the cross-entry round is skipped (the pieces are
/// then reported as removed and added, which is still true).
const MAX_CROSS_COMPARISONS: usize = 250_000;

/// One comparable piece: a function, a step, a field or a guide item.
struct Piece {
    /// Index of its entry in the version's list of entries.
    entry: usize,
    id: Option<String>,
    number: String,
    anchor: String,
    url: String,
    text: String,
}

/// A unit, procedure, form or guide with its pieces.
struct Entry {
    kind: EntryKind,
    code: String,
    name: String,
    url: String,
    pieces: Vec<Piece>,
}

/// The differences between `old` and `new`, two versions of the same manual.
pub fn diff(old: &ManualDoc, new: &ManualDoc) -> ManualDiff {
    let (old_entries, new_entries) = (entries_of(old), entries_of(new));
    let entry_pairs = match_entries(&old_entries, &new_entries);
    let mut new_of_old: Vec<Option<usize>> = vec![None; old_entries.len()];
    for &(o, n) in &entry_pairs {
        if let (Some(o), Some(n)) = (o, n) {
            new_of_old[o] = Some(n);
        }
    }

    let mut diffs: Vec<EntryDiff> = Vec::new();
    let mut slot_of_new: Vec<Option<usize>> = vec![None; new_entries.len()];
    let mut slot_of_old: Vec<Option<usize>> = vec![None; old_entries.len()];
    // Entries in the new order, then the removed ones in the old order.
    let mut ordered = entry_pairs.clone();
    ordered.sort_by_key(|&(o, n)| (n.is_none(), n.unwrap_or(0), o.unwrap_or(0)));
    for (o, n) in ordered {
        let old_entry = o.map(|i| &old_entries[i]);
        let new_entry = n.map(|i| &new_entries[i]);
        let change = match (old_entry, new_entry) {
            (None, Some(_)) => Change::Added,
            (Some(_), None) => Change::Removed,
            (Some(a), Some(b)) if a.code != b.code => Change::Renumbered,
            (Some(a), Some(b)) if a.name != b.name => Change::Modified,
            _ => Change::Unchanged,
        };
        let any = old_entry.or(new_entry).expect("a pair has a side");
        if let Some(n) = n {
            slot_of_new[n] = Some(diffs.len());
        }
        if let Some(o) = o {
            slot_of_old[o] = Some(diffs.len());
        }
        diffs.push(EntryDiff {
            kind: any.kind,
            change,
            old_code: old_entry.map(|e| e.code.clone()),
            new_code: new_entry.map(|e| e.code.clone()),
            old_name: old_entry.map(|e| e.name.clone()),
            new_name: new_entry.map(|e| e.name.clone()),
            old_url: old_entry.map(|e| e.url.clone()),
            new_url: new_entry.map(|e| e.url.clone()),
            items: Vec::new(),
            shown: Vec::new(),
        });
    }

    let old_pieces: Vec<&Piece> = old_entries.iter().flat_map(|e| &e.pieces).collect();
    let new_pieces: Vec<&Piece> = new_entries.iter().flat_map(|e| &e.pieces).collect();
    let kind_of = |entry: &Entry| match entry.kind {
        EntryKind::Unit => ItemKind::Function,
        EntryKind::Procedure => ItemKind::Step,
        EntryKind::Form => ItemKind::Field,
        EntryKind::Guide => ItemKind::Item,
    };
    let mut totals = Totals::default();
    for (o, n) in match_pieces(&old_pieces, &new_pieces, &new_of_old) {
        let old_piece = o.map(|i| old_pieces[i]);
        let new_piece = n.map(|i| new_pieces[i]);
        let (change, renumbered) = match (old_piece, new_piece) {
            (None, Some(_)) => (Change::Added, false),
            (Some(_), None) => (Change::Removed, false),
            (Some(a), Some(b)) => {
                let moved = new_of_old[a.entry] != Some(b.entry);
                let renumbered = a.number != b.number;
                let reworded = a.text != b.text;
                let change = if moved {
                    Change::Moved
                } else if reworded {
                    Change::Modified
                } else if renumbered {
                    Change::Renumbered
                } else {
                    Change::Unchanged
                };
                (change, renumbered && change != Change::Renumbered)
            }
            (None, None) => continue,
        };
        if change == Change::Unchanged {
            continue;
        }
        // Listed under its entry in the new version; a removed piece under the
        // entry it was in.
        let slot = match (new_piece, old_piece) {
            (Some(p), _) => slot_of_new[p.entry],
            (None, Some(p)) => slot_of_old[p.entry],
            (None, None) => None,
        };
        let Some(slot) = slot else { continue };
        // The steps of a new procedure are not counted one by one: the
        // procedure is the addition.
        let whole_entry =
            matches!(change, Change::Added | Change::Removed) && change == diffs[slot].change;
        match change {
            _ if whole_entry => {}
            Change::Added => totals.added += 1,
            Change::Removed => totals.removed += 1,
            Change::Modified => totals.modified += 1,
            Change::Moved => totals.moved += 1,
            Change::Renumbered => totals.renumbered += 1,
            Change::Unchanged => {}
        }
        let entry_kind = match new_piece {
            Some(p) => kind_of(&new_entries[p.entry]),
            None => kind_of(&old_entries[old_piece.map(|p| p.entry).unwrap_or(0)]),
        };
        let place = |p: &Piece, entries: &[Entry]| Place {
            entry: entries[p.entry].code.clone(),
            number: p.number.clone(),
            anchor: p.anchor.clone(),
            url: p.url.clone(),
        };
        let words = match (old_piece, new_piece) {
            (Some(a), Some(b)) if a.text != b.text => word_diff(&a.text, &b.text),
            _ => Vec::new(),
        };
        diffs[slot].items.push(ItemDiff {
            kind: entry_kind,
            change,
            old: old_piece.map(|p| place(p, &old_entries)),
            new: new_piece.map(|p| place(p, &new_entries)),
            old_text: old_piece.map(|p| p.text.clone()),
            new_text: new_piece.map(|p| p.text.clone()),
            words,
            renumbered,
        });
    }
    for entry in &mut diffs {
        entry.items.sort_by_key(|i| {
            (
                i.new.is_none(),
                i.new.as_ref().map(|p| number_order(&p.number)),
                i.old.as_ref().map(|p| number_order(&p.number)),
            )
        });
    }
    diffs.retain(|e| e.change != Change::Unchanged || !e.items.is_empty());
    // How every report walks the items, decided here once.
    for entry in &mut diffs {
        if !matches!(entry.change, Change::Added | Change::Removed) {
            entry.shown = gather(&entry.items);
        }
    }
    for e in &diffs {
        match e.change {
            Change::Added => totals.added += 1,
            Change::Removed => totals.removed += 1,
            Change::Modified => totals.modified += 1,
            Change::Renumbered => totals.renumbered += 1,
            _ => {}
        }
    }
    ManualDiff {
        manual: new.id.clone(),
        from: old.version.clone(),
        to: new.version.clone(),
        totals,
        entries: diffs,
        marks: ChangeMarks::default(),
    }
}

/// The items of an entry with runs of like renumberings gathered.
fn gather(items: &[ItemDiff]) -> Vec<Gathered> {
    let number = |p: &Option<Place>| p.as_ref().and_then(|p| p.number.parse::<i64>().ok());
    let mut out: Vec<Gathered> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let first = &items[i];
        let (Change::Renumbered, Some(o), Some(n)) =
            (first.change, number(&first.old), number(&first.new))
        else {
            out.push(Gathered::One(i));
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
            out.push(Gathered::One(i));
        } else {
            let last = &items[j - 1];
            let text = |p: &Option<Place>| p.as_ref().map(|p| p.number.clone()).unwrap_or_default();
            out.push(Gathered::Renumbered {
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

/// Where the new version differs from the old, as the PDF's change bars
/// mark it. A piece only renumbered gets no bar: its wording is the same,
/// and the annex says which numbers moved.
pub fn change_marks(diff: &ManualDiff) -> ChangeMarks {
    let mut marks = ChangeMarks::default();
    for entry in &diff.entries {
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

fn number_order(number: &str) -> (u64, String) {
    let digits: String = number.chars().take_while(|c| c.is_ascii_digit()).collect();
    (digits.parse().unwrap_or(u64::MAX), number.to_owned())
}

/// The comparable pieces of a manual version, entry by entry.
/// Every function, step, field and guide item of `m` as (page, anchor), the
/// page relative to the version's folder.
pub fn places_of(m: &ManualDoc) -> Vec<(String, String)> {
    let prefix = format!("{}/", m.folder);
    let page = |url: &crate::document::SiteUrl| {
        url.path
            .strip_prefix(&prefix)
            .unwrap_or(&url.path)
            .to_owned()
    };
    let mut out = Vec::new();
    for u in &m.units {
        let here = page(&u.url);
        out.extend(u.functions.iter().map(|f| (here.clone(), f.anchor.clone())));
    }
    for p in &m.procedures {
        let here = page(&p.url);
        out.extend(p.steps.iter().map(|s| (here.clone(), s.anchor.clone())));
    }
    for f in &m.forms {
        let here = page(&f.url);
        let fields = f.sections.iter().flat_map(|s| &s.fields);
        out.extend(fields.map(|field| (here.clone(), field.anchor.clone())));
    }
    for g in &m.guides {
        let here = page(&g.url);
        let items = g.sections.iter().flat_map(|s| &s.items);
        out.extend(items.map(|item| (here.clone(), item.anchor.clone())));
    }
    out
}

fn entries_of(m: &ManualDoc) -> Vec<Entry> {
    let mut entries = Vec::new();
    let at = |url: &crate::document::SiteUrl, anchor: &str| format!("{}#{anchor}", url.path);
    for u in &m.units {
        entries.push(Entry {
            kind: EntryKind::Unit,
            code: u.code.clone(),
            name: u.name.clone(),
            url: u.url.path.clone(),
            pieces: u
                .functions
                .iter()
                .map(|f| {
                    let mut text = normalize(&plain_text(&f.text));
                    for item in &f.items {
                        text.push_str(&format!(
                            "\n{}) {}",
                            item.label,
                            normalize(&plain_text(&item.text))
                        ));
                    }
                    Piece {
                        entry: entries.len(),
                        id: f.id.clone(),
                        number: f.number.to_string(),
                        anchor: f.anchor.clone(),
                        url: at(&u.url, &f.anchor),
                        text,
                    }
                })
                .collect(),
        });
    }
    for p in &m.procedures {
        entries.push(Entry {
            kind: EntryKind::Procedure,
            code: p.code.clone(),
            name: p.name.clone(),
            url: p.url.path.clone(),
            pieces: p
                .steps
                .iter()
                .map(|s| {
                    let mut text = format!("{}: {}", s.actor, normalize(&plain_text(&s.action)));
                    if let Some((question, branches)) = &s.decision {
                        text.push_str(&format!("\n{}", normalize(&plain_text(question))));
                        for (label, to) in branches {
                            text.push_str(&format!("\n{label} → {to}"));
                        }
                    }
                    Piece {
                        entry: entries.len(),
                        id: Some(s.anchor.clone()).filter(|a| !is_positional(a, 's')),
                        number: s.number.to_string(),
                        anchor: s.anchor.clone(),
                        url: at(&p.url, &s.anchor),
                        text,
                    }
                })
                .collect(),
        });
    }
    for f in &m.forms {
        entries.push(Entry {
            kind: EntryKind::Form,
            code: f.code.clone(),
            name: f.name.clone(),
            url: f.url.path.clone(),
            pieces: f
                .sections
                .iter()
                .flat_map(|s| &s.fields)
                .map(|field| {
                    let mut text = normalize(&field.label);
                    if let Some(i) = &field.instructions {
                        text.push_str(&format!("\n{}", normalize(&plain_text(i))));
                    }
                    if !field.options.is_empty() {
                        text.push_str(&format!("\n{}", field.options.join(" · ")));
                    }
                    Piece {
                        entry: entries.len(),
                        id: Some(field.anchor.clone()),
                        number: field.number.to_string(),
                        anchor: field.anchor.clone(),
                        url: at(&f.url, &field.anchor),
                        text,
                    }
                })
                .collect(),
        });
    }
    for g in &m.guides {
        entries.push(Entry {
            kind: EntryKind::Guide,
            code: g.code.clone(),
            name: g.name.clone(),
            url: g.url.path.clone(),
            pieces: g
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .map(|item| Piece {
                    entry: entries.len(),
                    id: None,
                    number: item.number.to_string(),
                    anchor: item.anchor.clone(),
                    url: at(&g.url, &item.anchor),
                    text: normalize(&plain_text(&item.text)),
                })
                .collect(),
        });
    }
    entries
}

/// An anchor norma made from a position (`s3`), not a stable id.
fn is_positional(anchor: &str, prefix: char) -> bool {
    anchor
        .strip_prefix(prefix)
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Entries are paired by kind: same code and name, then same name (a new
/// code: renumbered), then same code (a new name), then similar name.
fn match_entries(old: &[Entry], new: &[Entry]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut old_taken = vec![false; old.len()];
    let mut new_taken = vec![false; new.len()];
    let mut pairs = Vec::new();
    type Key<'a> = fn(&'a Entry) -> (EntryKind, &'a str, &'a str);
    let rounds: [Key; 3] = [
        |e| (e.kind, e.code.as_str(), e.name.as_str()),
        |e| (e.kind, "", e.name.as_str()),
        |e| (e.kind, e.code.as_str(), ""),
    ];
    for key in rounds {
        let mut by_key: HashMap<_, Vec<usize>> = HashMap::new();
        for (i, e) in old.iter().enumerate().filter(|(i, _)| !old_taken[*i]) {
            by_key.entry(key(e)).or_default().push(i);
        }
        for (n, e) in new.iter().enumerate() {
            if new_taken[n] {
                continue;
            }
            if let Some(list) = by_key.get_mut(&key(e))
                && let Some(pos) = list.iter().position(|&o| !old_taken[o])
            {
                let o = list.remove(pos);
                old_taken[o] = true;
                new_taken[n] = true;
                pairs.push((Some(o), Some(n)));
            }
        }
    }
    // Last: similar names among what is left, when there are few enough.
    let left_old: Vec<usize> = (0..old.len()).filter(|&i| !old_taken[i]).collect();
    let left_new: Vec<usize> = (0..new.len()).filter(|&i| !new_taken[i]).collect();
    if left_old.len() * left_new.len() <= MAX_CROSS_COMPARISONS {
        let mut candidates = Vec::new();
        for &o in &left_old {
            for &n in &left_new {
                if old[o].kind == new[n].kind {
                    let score = similarity(&old[o].name, &new[n].name);
                    if score >= SIMILAR_IN_PLACE {
                        candidates.push((score, o, n));
                    }
                }
            }
        }
        take_best(candidates, &mut old_taken, &mut new_taken, &mut pairs);
    }
    pairs.extend(
        (0..old.len())
            .filter(|&i| !old_taken[i])
            .map(|i| (Some(i), None)),
    );
    pairs.extend(
        (0..new.len())
            .filter(|&i| !new_taken[i])
            .map(|i| (None, Some(i))),
    );
    pairs
}

/// Pieces are paired in rounds (see the module's comment). `new_of_old` maps an
/// old entry to the new entry it became.
fn match_pieces(
    old: &[&Piece],
    new: &[&Piece],
    new_of_old: &[Option<usize>],
) -> Vec<(Option<usize>, Option<usize>)> {
    let mut old_taken = vec![false; old.len()];
    let mut new_taken = vec![false; new.len()];
    let mut pairs = Vec::new();
    let pair = |o: usize, n: usize, ot: &mut [bool], nt: &mut [bool], pairs: &mut Vec<_>| {
        ot[o] = true;
        nt[n] = true;
        pairs.push((Some(o), Some(n)));
    };

    // 1. The same stable id in the same entry, then anywhere.
    for same_entry in [true, false] {
        let mut by_id: HashMap<(Option<usize>, &str), Vec<usize>> = HashMap::new();
        for (i, p) in old.iter().enumerate() {
            if let (false, Some(id)) = (old_taken[i], &p.id) {
                let entry = same_entry.then_some(new_of_old[p.entry]).flatten();
                by_id.entry((entry, id.as_str())).or_default().push(i);
            }
        }
        for (n, p) in new.iter().enumerate() {
            if let (false, Some(id)) = (new_taken[n], &p.id) {
                let entry = same_entry.then_some(p.entry);
                if let Some(list) = by_id.get_mut(&(entry, id.as_str()))
                    && let Some(o) = list.pop()
                {
                    pair(o, n, &mut old_taken, &mut new_taken, &mut pairs);
                }
            }
        }
    }
    // 2. The same wording: in the same entry (nearest number first), then anywhere.
    for same_entry in [true, false] {
        let mut by_text: HashMap<(Option<usize>, &str), Vec<usize>> = HashMap::new();
        for (i, p) in old.iter().enumerate().rev() {
            if !old_taken[i] {
                let entry = same_entry.then_some(new_of_old[p.entry]).flatten();
                by_text.entry((entry, p.text.as_str())).or_default().push(i);
            }
        }
        for (n, p) in new.iter().enumerate() {
            if new_taken[n] {
                continue;
            }
            let entry = same_entry.then_some(p.entry);
            if let Some(list) = by_text.get_mut(&(entry, p.text.as_str()))
                && let Some(o) = list.pop()
            {
                pair(o, n, &mut old_taken, &mut new_taken, &mut pairs);
            }
        }
    }
    // 3. Similar wording inside the same entry.
    let mut old_by_entry: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, p) in old.iter().enumerate().filter(|(i, _)| !old_taken[*i]) {
        if let Some(n) = new_of_old[p.entry] {
            old_by_entry.entry(n).or_default().push(i);
        }
    }
    let mut new_by_entry: HashMap<usize, Vec<usize>> = HashMap::new();
    for (n, p) in new.iter().enumerate().filter(|(n, _)| !new_taken[*n]) {
        new_by_entry.entry(p.entry).or_default().push(n);
    }
    let mut entries: Vec<_> = new_by_entry.into_iter().collect();
    entries.sort();
    for (entry, news) in entries {
        let Some(olds) = old_by_entry.get(&entry) else {
            continue;
        };
        let mut candidates = Vec::new();
        for &o in olds {
            for &n in &news {
                let score = similarity(&old[o].text, &new[n].text);
                if score >= SIMILAR_IN_PLACE {
                    candidates.push((score, o, n));
                }
            }
        }
        take_best(candidates, &mut old_taken, &mut new_taken, &mut pairs);
    }
    // 4. Very similar wording anywhere: moved and retouched.
    let left_old: Vec<usize> = (0..old.len()).filter(|&i| !old_taken[i]).collect();
    let left_new: Vec<usize> = (0..new.len()).filter(|&i| !new_taken[i]).collect();
    if left_old.len() * left_new.len() <= MAX_CROSS_COMPARISONS {
        let mut candidates = Vec::new();
        for &o in &left_old {
            for &n in &left_new {
                let score = similarity(&old[o].text, &new[n].text);
                if score >= SIMILAR_MOVED {
                    candidates.push((score, o, n));
                }
            }
        }
        take_best(candidates, &mut old_taken, &mut new_taken, &mut pairs);
    }
    pairs.extend(
        (0..old.len())
            .filter(|&i| !old_taken[i])
            .map(|i| (Some(i), None)),
    );
    pairs.extend(
        (0..new.len())
            .filter(|&i| !new_taken[i])
            .map(|i| (None, Some(i))),
    );
    pairs
}

/// Pairs the best-scoring candidates first, each side used once. Ties go to the
/// lower positions, so the result does not depend on hashing.
fn take_best(
    mut candidates: Vec<(f32, usize, usize)>,
    old_taken: &mut [bool],
    new_taken: &mut [bool],
    pairs: &mut Vec<(Option<usize>, Option<usize>)>,
) {
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, o, n) in candidates {
        if !old_taken[o] && !new_taken[n] {
            old_taken[o] = true;
            new_taken[n] = true;
            pairs.push((Some(o), Some(n)));
        }
    }
}

/// How alike two wordings are, 0 to 1, by the words they share in order. A
/// cheap check on the words they share at all comes first: most pairs of
/// unrelated functions stop there.
pub fn similarity(a: &str, b: &str) -> f32 {
    let words =
        |s: &str| -> BTreeSet<String> { s.split_whitespace().map(str::to_lowercase).collect() };
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() && wb.is_empty() {
        return 1.0;
    }
    let shared = wa.intersection(&wb).count();
    let bound = 2.0 * shared as f32 / (wa.len() + wb.len()) as f32;
    if bound < SIMILAR_IN_PLACE * 0.8 {
        return bound;
    }
    TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_words(a, b)
        .ratio()
}

/// The wording change word by word: runs of kept, deleted and inserted text.
pub fn word_diff(old: &str, new: &str) -> Vec<Words> {
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_words(old, new);
    let mut runs: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => WordOp::Same,
            ChangeTag::Delete => WordOp::Deleted,
            ChangeTag::Insert => WordOp::Inserted,
        };
        let text = change.value();
        // Spaces between two changed words belong to the change, so a replaced
        // phrase reads as one struck run and one inserted run.
        match runs.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => runs.push(Words {
                op,
                text: text.to_owned(),
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_word_is_one_deleted_and_one_inserted_run() {
        let runs = word_diff(
            "Elaborar las políticas de cobranza",
            "Elaborar y difundir las políticas de cobranza",
        );
        let inserted: Vec<&str> = runs
            .iter()
            .filter(|r| r.op == WordOp::Inserted)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(inserted.concat().trim(), "y difundir");
        assert!(runs.iter().all(|r| r.op != WordOp::Deleted));
        let rebuilt_new: String = runs
            .iter()
            .filter(|r| r.op != WordOp::Deleted)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(rebuilt_new, "Elaborar y difundir las políticas de cobranza");
    }

    #[test]
    fn unrelated_wordings_are_not_similar() {
        assert!(
            similarity(
                "Elaborar las políticas",
                "Coordinar la difusión de los avisos"
            ) < 0.5
        );
        assert!(
            similarity(
                "Elaborar las políticas de cobranza y vigilar su aplicación",
                "Elaborar las políticas de cobranza y supervisar su aplicación"
            ) > 0.75
        );
    }
}
