//! What refers to what, the other way round: a form lists the procedures whose
//! steps use it, a function and a step list the guide items that supervise
//! them. Computed once from the links already resolved in the `Document`, so
//! every writer shows the same lists.

use std::collections::BTreeMap;

use crate::document::{Inline, ManualDoc, Mention, Rich, SiteUrl, Target};
use crate::i18n::Lang;

fn links(rich: &Rich, out: &mut Vec<SiteUrl>) {
    for inline in rich {
        match inline {
            Inline::Link { target, children } => {
                if let Target::Site(url) = &**target {
                    out.push(url.clone());
                }
                links(children, out);
            }
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strike(c) => links(c, out),
            _ => {}
        }
    }
}

/// "actividad 3", "actividades 1, 4 y 7".
fn step_list(numbers: &[usize], lang: Lang) -> String {
    let shown: Vec<String> = numbers.iter().map(usize::to_string).collect();
    let joined = match shown.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} {} {last}", rest.join(", "), lang.t("y", "and"))
        }
        _ => shown.join(""),
    };
    if numbers.len() == 1 {
        lang.t(format!("actividad {joined}"), format!("step {joined}"))
    } else {
        lang.t(format!("actividades {joined}"), format!("steps {joined}"))
    }
}

/// A procedure that uses a form: its code and name, its page, the steps.
type Use = (String, SiteUrl, Vec<usize>);

pub fn fill(manuals: &mut [ManualDoc], lang: Lang) {
    // Forms used by procedure steps: form page → procedure → its use.
    let mut form_uses: BTreeMap<String, BTreeMap<String, Use>> = BTreeMap::new();
    // Guide items citing a page and anchor: path → anchor → mentions (looked
    // up by both without making a key: there are as many lookups as
    // functions).
    let mut supervision: BTreeMap<String, BTreeMap<String, Vec<Mention>>> = BTreeMap::new();
    for m in manuals.iter() {
        for p in &m.procedures {
            for s in &p.steps {
                let mut found = Vec::new();
                links(&s.action, &mut found);
                for d in &s.documents {
                    links(d, &mut found);
                }
                for url in found {
                    let entry = form_uses
                        .entry(url.path)
                        .or_default()
                        .entry(p.code.clone())
                        .or_insert_with(|| {
                            (format!("{} {}", p.code, p.name), p.url.clone(), Vec::new())
                        });
                    if !entry.2.contains(&s.number) {
                        entry.2.push(s.number);
                    }
                }
            }
        }
        for g in &m.guides {
            for item in g.sections.iter().flat_map(|s| &s.items) {
                let mut found = Vec::new();
                links(&item.text, &mut found);
                if let Some(e) = &item.evidence {
                    links(e, &mut found);
                }
                for b in &item.basis {
                    links(b, &mut found);
                }
                let mention = Mention {
                    text: lang.t(
                        format!("{} {}, reactivo {}", g.code, g.name, item.number),
                        format!("{} {}, item {}", g.code, g.name, item.number),
                    ),
                    url: g.url.with_anchor(&item.anchor),
                };
                for url in found {
                    let Some(anchor) = url.anchor else { continue };
                    let list = supervision
                        .entry(url.path)
                        .or_default()
                        .entry(anchor)
                        .or_default();
                    if !list.contains(&mention) {
                        list.push(mention.clone());
                    }
                }
            }
        }
    }
    for m in manuals.iter_mut() {
        for f in &mut m.forms {
            if let Some(uses) = form_uses.get(&f.url.path) {
                f.used_by = uses
                    .values()
                    .map(|(text, url, steps)| Mention {
                        text: format!("{text} ({})", step_list(steps, lang)),
                        url: url.clone(),
                    })
                    .collect();
            }
        }
        for p in &mut m.procedures {
            for s in &mut p.steps {
                if let Some(list) = supervision
                    .get(&p.url.path)
                    .and_then(|on_page| on_page.get(&s.anchor))
                {
                    s.supervised_by = list.clone();
                }
            }
        }
        for u in &mut m.units {
            let on_page = supervision.get(&u.url.path);
            if on_page.is_none() && u.functions.iter().all(|f| f.supervised_by.is_empty()) {
                continue;
            }
            // A unit shared with the last document (`norma serve`) is
            // copied only when what supervises it changed.
            let lists: Vec<Vec<Mention>> = u
                .functions
                .iter()
                .map(|f| {
                    let anchors =
                        std::iter::once(&f.anchor).chain(f.items.iter().map(|i| &i.anchor));
                    let mut list: Vec<Mention> = Vec::new();
                    for anchor in anchors {
                        for mention in on_page
                            .and_then(|on_page| on_page.get(anchor))
                            .into_iter()
                            .flatten()
                        {
                            if !list.contains(mention) {
                                list.push(mention.clone());
                            }
                        }
                    }
                    list
                })
                .collect();
            if u.functions
                .iter()
                .zip(&lists)
                .any(|(f, l)| f.supervised_by != *l)
            {
                for (f, list) in std::sync::Arc::make_mut(u).functions.iter_mut().zip(lists) {
                    f.supervised_by = list;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_lists_read_as_spanish() {
        assert_eq!(step_list(&[3], Lang::Es), "actividad 3");
        assert_eq!(step_list(&[1, 4, 7], Lang::Es), "actividades 1, 4 y 7");
        assert_eq!(step_list(&[2, 5], Lang::En), "steps 2 and 5");
    }
}
