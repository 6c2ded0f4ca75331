//! Rich text of the `Document` → HTML for one page: links made relative to
//! that page, the first use of each acronym on the page as `<abbr title="…">`,
//! everything else escaped. Content never reaches the page as raw HTML. (The
//! blocks around it are the theme's: section.html, components.html.)

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::document::{Inline, SiteUrl, Target};

/// Text made safe for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(text, &mut out);
    out
}

/// Appends `text` to `out` escaped for HTML text and attribute values, copying
/// the runs between special characters whole.
pub fn push_escaped(text: &str, out: &mut String) {
    let mut last = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// Where the claves of `text` are (byte ranges): words of letters and digits
/// joined by hyphens, with a digit (9210-003-202). A browser would break a
/// clave at a hyphen, and a clave cut in two reads as two.
pub fn claves(text: &str) -> Vec<std::ops::Range<usize>> {
    // Most texts have no hyphen at all: one fast look says so.
    if !text.contains('-') {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !word(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && word(bytes[i]) {
            i += 1;
        }
        let run = text[start..i].trim_end_matches('-');
        let clave = run.contains('-')
            && !run.starts_with('-')
            && !run.contains("--")
            && run.bytes().any(|b| b.is_ascii_digit())
            // A whole word, not the tail of one with accents ("año-2025").
            && text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
        if clave {
            found.push(start..start + run.len());
        }
    }
    found
}

/// Appends `text` escaped, each clave in it kept on one line.
fn push_text(text: &str, out: &mut String) {
    let mut last = 0;
    for clave in claves(text) {
        push_escaped(&text[last..clave.start], out);
        out.push_str("<span class=\"nowrap\">");
        push_escaped(&text[clave.clone()], out);
        out.push_str("</span>");
        last = clave.end;
    }
    push_escaped(&text[last..], out);
}

/// A plain text in runs, for a template to keep each clave on one line:
/// `{text, clave}`.
#[derive(serde::Serialize, PartialEq, Debug)]
pub struct TextPart {
    pub text: String,
    pub clave: bool,
}

pub fn text_parts(text: &str) -> Vec<TextPart> {
    let mut parts = Vec::new();
    let mut last = 0;
    let mut push = |t: &str, clave: bool| {
        if !t.is_empty() {
            parts.push(TextPart {
                text: t.to_owned(),
                clave,
            });
        }
    };
    for clave in claves(text) {
        push(&text[last..clave.start], false);
        push(&text[clave.clone()], true);
        last = clave.end;
    }
    push(&text[last..], false);
    parts
}

/// Where a page is in the site, to make its links relative.
pub struct PageWriter {
    /// The page's own path from the site root: `mo-dir/3.1/7.3.1.1.html`.
    pub page: String,
    seen_acronyms: BTreeSet<String>,
}

impl PageWriter {
    pub fn new(page: &str) -> PageWriter {
        PageWriter {
            page: page.to_owned(),
            seen_acronyms: BTreeSet::new(),
        }
    }

    /// A site URL as a link from this page.
    pub fn url(&self, target: &SiteUrl) -> String {
        relative(&self.page, target)
    }

    /// `../../` (or empty) back to the site root.
    pub fn root(&self) -> String {
        "../".repeat(self.page.matches('/').count())
    }

    pub fn rich(&mut self, rich: &[Inline]) -> String {
        let mut out = String::new();
        self.push_rich(rich, &mut out);
        out
    }

    fn push_rich(&mut self, rich: &[Inline], out: &mut String) {
        for inline in rich {
            match inline {
                Inline::Text(t) => push_text(t, out),
                Inline::Code(t) => {
                    let _ = write!(out, "<code>{}</code>", escape_html(t));
                }
                Inline::Strong(c) => self.wrap("strong", c, out),
                Inline::Emphasis(c) => self.wrap("em", c, out),
                Inline::Strike(c) => self.wrap("del", c, out),
                Inline::Break => out.push_str("<br>"),
                Inline::Acronym { text, expansion } => {
                    if self.seen_acronyms.insert(text.clone()) {
                        let _ = write!(
                            out,
                            "<abbr title=\"{}\">{}</abbr>",
                            escape_html(expansion),
                            escape_html(text)
                        );
                    } else {
                        push_escaped(text, out);
                    }
                }
                Inline::Link { target, children } => {
                    let href = match &**target {
                        Target::Site(url) => self.url(url),
                        Target::External(url) => url.clone(),
                        Target::SamePage(anchor) => format!("#{anchor}"),
                    };
                    let external = matches!(&**target, Target::External(_));
                    let _ = write!(out, "<a href=\"{}\"", escape_html(&href));
                    if external {
                        out.push_str(" rel=\"noopener\"");
                    }
                    out.push('>');
                    self.push_rich(children, out);
                    out.push_str("</a>");
                }
            }
        }
    }

    fn wrap(&mut self, tag: &str, children: &[Inline], out: &mut String) {
        let _ = write!(out, "<{tag}>");
        self.push_rich(children, out);
        let _ = write!(out, "</{tag}>");
    }
}

pub use crate::document::relative;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_page() {
        let u = SiteUrl::page("mo-dir/3.1/7.2.html").with_anchor("f1");
        assert_eq!(relative("mo-dir/3.1/7.3.html", &u), "7.2.html#f1");
        assert_eq!(relative("mo-dir/3.1/7.2.html", &u), "#f1");
        assert_eq!(relative("index.html", &u), "mo-dir/3.1/7.2.html#f1");
        assert_eq!(
            relative("mp/1.0/index.html", &SiteUrl::page("glosario.html")),
            "../../glosario.html"
        );
        assert_eq!(
            relative("mo-dir/index.html", &SiteUrl::page("mo-dir/3.1/index.html")),
            "3.1/index.html"
        );
    }

    #[test]
    fn an_acronym_is_explained_once_per_page() {
        let mut w = PageWriter::new("a.html");
        let sar = Inline::Acronym {
            text: "SAR".into(),
            expansion: "Sistema de Ahorro para el Retiro".into(),
        };
        let html = w.rich(&[sar.clone(), Inline::Text(" y ".into()), sar]);
        assert_eq!(
            html,
            "<abbr title=\"Sistema de Ahorro para el Retiro\">SAR</abbr> y SAR"
        );
    }

    #[test]
    fn a_clave_is_kept_on_one_line() {
        let mut w = PageWriter::new("a.html");
        let html = w.rich(&[Inline::Text(
            "actividad 5 del procedimiento 9210-003-203; obrero-patronales, 7.3.1.1 y -3-".into(),
        )]);
        assert_eq!(
            html,
            "actividad 5 del procedimiento <span class=\"nowrap\">9210-003-203</span>; obrero-patronales, 7.3.1.1 y -3-"
        );
    }

    #[test]
    fn a_plain_text_is_cut_around_its_claves() {
        let parts = text_parts("reactivo 3 de la guía 9210-011-001");
        assert_eq!(
            parts,
            vec![
                TextPart {
                    text: "reactivo 3 de la guía ".into(),
                    clave: false
                },
                TextPart {
                    text: "9210-011-001".into(),
                    clave: true
                },
            ]
        );
    }

    #[test]
    fn escaping_keeps_text_and_replaces_every_special_character() {
        assert_eq!(
            escape_html("Año <b> & \"x\" 'y' ñ"),
            "Año &lt;b&gt; &amp; &quot;x&quot; &#39;y&#39; ñ"
        );
        assert_eq!(escape_html(""), "");
    }
}
