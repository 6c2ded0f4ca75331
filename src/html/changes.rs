//! The body of `cambios.html`: what changed since the previous version, entry
//! by entry, with each rewording shown word by word (`<del>` and `<ins>`), each
//! renumbering and move saying where the piece was and where it is now, and
//! links to both versions. It reads the `ManualDiff` that resolve computed.

use std::fmt::Write;

use crate::document::changes::{Change, EntryDiff, ItemDiff, Place, Shown, WordOp, Words};
use crate::document::{Document, ManualDoc, SiteUrl};
use crate::html::{PageWriter, escape_html};
use crate::i18n::Lang;
use crate::wording::{describe, entry_note, long_date, renumbered_run, totals_sentence};

pub fn body(doc: &Document, m: &ManualDoc, w: &PageWriter) -> String {
    let lang = doc.lang;
    let mut out = String::new();
    let Some(diff) = &m.diff else {
        let _ = write!(
            out,
            "<p>{}</p>",
            escape_html(&lang.t(
                "Es la primera versión publicada de este manual: no hay una versión anterior con qué compararla.",
                "This is the first published version of this manual: there is no earlier version to compare it with.",
            ))
        );
        return out;
    };
    let previous = m.versions.iter().find(|v| v.version == diff.from);
    let previous_link = previous
        .map(|v| {
            let since = v
                .effective
                .map(|d| {
                    lang.t(
                        format!(", en vigor desde el {}", long_date(d, lang)),
                        format!(", in force from {}", long_date(d, lang)),
                    )
                })
                .unwrap_or_default();
            format!(
                "<a href=\"{}\">{} {}</a>{}",
                escape_html(&w.url(&v.url)),
                lang.t("versión", "version"),
                escape_html(&v.version),
                escape_html(&since)
            )
        })
        .unwrap_or_else(|| escape_html(&diff.from));
    let _ = write!(
        out,
        "<p class=\"lead\">{} {previous_link}: {}.</p>",
        escape_html(&lang.t(
            format!("Versión {} comparada con la", diff.to),
            format!("Version {} compared with", diff.to),
        )),
        escape_html(&totals_sentence(diff, lang)),
    );
    if diff.is_empty() {
        let _ = write!(
            out,
            "<p>{}</p>",
            escape_html(&lang.t(
                "No cambió ninguna unidad, función, actividad, campo ni reactivo.",
                "No unit, function, step, field or item changed.",
            ))
        );
        return out;
    }
    let _ = write!(
        out,
        "<p class=\"legend\">{} <del>{}</del> {} <ins>{}</ins></p>",
        escape_html(&lang.t("Texto suprimido:", "Removed text:")),
        escape_html(&lang.t("así", "like this")),
        escape_html(&lang.t("· texto nuevo:", "· new text:")),
        escape_html(&lang.t("así", "like this")),
    );
    for entry in &diff.entries {
        entry_html(&mut out, entry, w, lang);
    }
    out
}

fn entry_html(out: &mut String, entry: &EntryDiff, w: &PageWriter, lang: Lang) {
    let link = |url: &Option<String>| url.as_ref().map(|u| w.url(&SiteUrl::page(u.clone())));
    let heading_link = link(&entry.new_url).or_else(|| link(&entry.old_url));
    let _ = write!(
        out,
        "<section class=\"change-entry change-{}\">",
        entry.change.key()
    );
    let title = format!(
        "<span class=\"code\">{}</span> {}",
        escape_html(entry.code()),
        escape_html(entry.name())
    );
    match heading_link {
        Some(url) => {
            let _ = write!(
                out,
                "<h2><a href=\"{}\">{title}</a></h2>",
                escape_html(&url)
            );
        }
        None => {
            let _ = write!(out, "<h2>{title}</h2>");
        }
    }
    let note = entry_note(entry, lang);
    if let Some(note) = note {
        let _ = write!(out, "<p class=\"change-note\">{}</p>", escape_html(&note));
    }
    if !entry.shown.is_empty() {
        out.push_str("<ul class=\"change-items\">");
        for shown in entry.shown() {
            match shown {
                Shown::One(item) => item_html(out, item, w, lang),
                Shown::Renumbered { kind, old, new, .. } => {
                    let _ = write!(
                        out,
                        "<li class=\"change change-renumbered\"><p class=\"what\"><strong>{}</strong></p></li>",
                        escape_html(&renumbered_run(kind, old, new, lang))
                    );
                }
            }
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

fn item_html(out: &mut String, item: &ItemDiff, w: &PageWriter, lang: Lang) {
    let what = describe(item, lang);
    let _ = write!(
        out,
        "<li class=\"change change-{}\"><p class=\"what\"><strong>{}</strong>",
        item.change.key(),
        escape_html(&what)
    );
    let url = |p: &Place| {
        let (path, anchor) = p.url.split_once('#').unwrap_or((&p.url, ""));
        let mut u = SiteUrl::page(path);
        if !anchor.is_empty() {
            u = u.with_anchor(anchor);
        }
        w.url(&u)
    };
    if let Some(n) = item.new.as_ref().filter(|p| !p.url.is_empty()) {
        let _ = write!(
            out,
            " · <a href=\"{}\">{}</a>",
            escape_html(&url(n)),
            escape_html(&lang.t("ver en esta versión", "see in this version"))
        );
    }
    if let Some(o) = item.old.as_ref().filter(|p| !p.url.is_empty()) {
        let _ = write!(
            out,
            " · <a href=\"{}\">{}</a>",
            escape_html(&url(o)),
            escape_html(&lang.t("ver en la versión anterior", "see in the previous version"))
        );
    }
    out.push_str("</p>");
    match item.change {
        Change::Added => {
            let _ = write!(
                out,
                "<p class=\"words\"><ins>{}</ins></p>",
                escape_html(item.new_text.as_deref().unwrap_or(""))
            );
        }
        Change::Removed => {
            let _ = write!(
                out,
                "<p class=\"words\"><del>{}</del></p>",
                escape_html(item.old_text.as_deref().unwrap_or(""))
            );
        }
        _ if !item.words.is_empty() => {
            let _ = write!(out, "<p class=\"words\">{}</p>", words_html(&item.words));
        }
        _ => {
            let _ = write!(
                out,
                "<p class=\"words same\">{}</p>",
                escape_html(item.new_text.as_deref().unwrap_or(""))
            );
        }
    }
    out.push_str("</li>");
}

/// Kept words as they are, removed ones in `<del>`, new ones in `<ins>`.
pub fn words_html(words: &[Words]) -> String {
    let mut out = String::new();
    for run in words {
        let text = escape_html(&run.text);
        match run.op {
            WordOp::Same => out.push_str(&text),
            WordOp::Deleted => {
                let _ = write!(out, "<del>{text}</del>");
            }
            WordOp::Inserted => {
                let _ = write!(out, "<ins>{text}</ins>");
            }
        }
    }
    out
}
