//! Markdown (pulldown-cmark) → the `Document`'s blocks and inline pieces, which the
//! HTML and PDF writers both draw. Reference links are resolved here through a
//! callback, and glossary acronyms are marked with their expansions.
//!
//! Raw HTML written in content is never passed through: it becomes plain text, so
//! whatever an author pastes is shown, escaped, and nothing runs. Links keep only
//! the norma schemes, http(s), mailto and same-page anchors; any other destination
//! (`javascript:`, a path to a file) is dropped and its text kept. Images show
//! their description: the site has no external assets.

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::document::{Block, Inline, Rich, Target};

/// What the conversion needs from the project: how to resolve a reference link,
/// and which words are glossary acronyms.
pub struct Context<'a> {
    /// For a destination with a norma scheme: the target and the text an empty
    /// link gets. `None` leaves the link's text without a link.
    pub resolve: &'a (dyn Fn(&str) -> Option<(Target, Rich)> + Sync),
    /// Glossary acronyms and their expansions.
    pub acronyms: &'a Acronyms,
}

/// Glossary acronyms (matched as whole words, case as written) → expansions.
///
/// Every text is searched, so the common case is made cheap: the search
/// reads bytes, and looks at a word only where a byte could begin an
/// acronym (the first byte of an acronym's first letter) at the start of a
/// word; most words are passed over without being split out or hashed.
#[derive(Debug, PartialEq)]
pub struct Acronyms {
    expansions: HashMap<String, std::sync::Arc<str>>,
    /// Whether a byte is the first byte of some acronym's first letter.
    starts: [bool; 256],
}

impl Default for Acronyms {
    fn default() -> Acronyms {
        Acronyms::new([])
    }
}

impl Acronyms {
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Acronyms {
        let expansions: HashMap<String, std::sync::Arc<str>> =
            pairs.into_iter().map(|(k, v)| (k, v.into())).collect();
        let mut starts = [false; 256];
        for key in expansions.keys() {
            if let Some(&first) = key.as_bytes().first() {
                starts[first as usize] = true;
            }
        }
        Acronyms { expansions, starts }
    }

    pub fn is_empty(&self) -> bool {
        self.expansions.is_empty()
    }

    /// The acronyms in `text`, in order: each one's byte offset, the word
    /// and its expansion. The same as looking up every word of
    /// `crate::text::words` (runs of letters and digits) in the table.
    pub fn find<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, &'t str, &'t std::sync::Arc<str>)> {
        let bytes = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < bytes.len() {
                let start = at;
                if !self.starts[bytes[start] as usize] {
                    at += 1;
                    continue;
                }
                // A possible first byte is always a character's first byte
                // (the table holds no continuation byte).
                let inside_word = text[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
                let end = text[start..]
                    .char_indices()
                    .find(|&(_, c)| !c.is_alphanumeric())
                    .map_or(text.len(), |(i, _)| start + i);
                at = end.max(start + 1);
                if inside_word || end == start {
                    continue;
                }
                let word = &text[start..end];
                if let Some(expansion) = self.expansions.get(word) {
                    return Some((start, word, expansion));
                }
            }
            None
        })
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// A whole Markdown text (a section body, a .md file) as blocks. Headings are
/// shifted `shift` levels down (a `#` in a section is below the section title).
pub fn blocks(text: &str, cx: &Context, shift: u8) -> Vec<Block> {
    let mut b = Builder::new(cx, shift);
    for event in Parser::new_ext(text, options()) {
        b.event(event);
    }
    b.finish()
}

/// A short Markdown text (a function, an inciso, a name) as one run of inline
/// pieces; paragraphs, if any, are joined with a space.
pub fn inline(text: &str, cx: &Context) -> Rich {
    // Most functions are plain sentences: no parser needed for them.
    if is_plain(text) {
        let b = Builder::new(cx, 0);
        // Spaces run together as Markdown would; most texts have none to collapse.
        if !text.contains("  ") && !text.ends_with(' ') {
            return b.mark_acronyms(text);
        }
        let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        return b.mark_acronyms(&collapsed);
    }
    let mut out = Rich::new();
    for block in blocks(text, cx, 0) {
        let rich = match block {
            Block::Paragraph(r) | Block::Heading { text: r, .. } => r,
            Block::Code(code) => vec![Inline::Code(code)],
            other => vec![Inline::Text(crate::document::plain_text(
                &crate::document::flatten(&other),
            ))],
        };
        if !out.is_empty() && !rich.is_empty() {
            out.push(Inline::Text(" ".into()));
        }
        out.extend(rich);
    }
    out
}

/// Text with nothing Markdown would treat specially on one line: no emphasis,
/// links, code, HTML, entities or escapes, and no line that starts a block.
fn is_plain(text: &str) -> bool {
    // Every character that matters is ASCII: one table look-up a byte.
    const SPECIAL: [bool; 256] = {
        let mut table = [false; 256];
        let chars = b"*_[]`<>&\\!#|~\n\r\t";
        let mut i = 0;
        while i < chars.len() {
            table[chars[i] as usize] = true;
            i += 1;
        }
        table
    };
    !text.is_empty()
        && !text.bytes().any(|b| SPECIAL[b as usize])
        && !text.starts_with(|c: char| {
            c.is_ascii_digit() || c == '-' || c == '+' || c == '=' || c == ' '
        })
}

enum Frame {
    /// The top level, a list item or a quote: a run of blocks, plus loose inline
    /// text (tight list items have no paragraph events).
    Blocks(Vec<Block>, Rich),
    Paragraph(Rich),
    Heading(u8, Rich),
    List(Option<u64>, Vec<Vec<Block>>),
    Table {
        head: Vec<Rich>,
        rows: Vec<Vec<Rich>>,
        row: Vec<Rich>,
    },
    Cell(Rich),
    CodeBlock(String),
    Strong(Rich),
    Emphasis(Rich),
    Strike(Rich),
    Link(String, Rich),
    Image(Rich),
    /// A container norma does not render (footnotes, metadata): its text is kept.
    Other(Rich),
}

struct Builder<'a> {
    cx: &'a Context<'a>,
    shift: u8,
    stack: Vec<Frame>,
}

impl<'a> Builder<'a> {
    fn new(cx: &'a Context<'a>, shift: u8) -> Self {
        Builder {
            cx,
            shift,
            stack: vec![Frame::Blocks(Vec::new(), Rich::new())],
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Text(t) => {
                if let Some(Frame::CodeBlock(code)) = self.stack.last_mut() {
                    code.push_str(&t);
                } else {
                    let pieces = self.mark_acronyms(&t);
                    for p in pieces {
                        self.push_inline(p);
                    }
                }
            }
            Event::Code(c) => self.push_inline(Inline::Code(c.into_string())),
            // Raw HTML is shown as text, never passed through.
            Event::Html(h) | Event::InlineHtml(h) => {
                if let Some(Frame::CodeBlock(code)) = self.stack.last_mut() {
                    code.push_str(&h);
                } else {
                    self.push_inline(Inline::Text(h.trim_end_matches('\n').to_owned()));
                }
            }
            Event::SoftBreak => self.push_inline(Inline::Text(" ".into())),
            Event::HardBreak => self.push_inline(Inline::Break),
            Event::Rule => self.push_block(Block::Rule),
            Event::FootnoteReference(f) => self.push_inline(Inline::Text(format!("[{f}]"))),
            Event::TaskListMarker(done) => {
                self.push_inline(Inline::Text(if done { "☑ " } else { "☐ " }.into()))
            }
            Event::InlineMath(m) | Event::DisplayMath(m) => {
                self.push_inline(Inline::Code(m.into_string()))
            }
        }
    }

    fn start(&mut self, tag: Tag) {
        let frame = match tag {
            Tag::Paragraph => Frame::Paragraph(Rich::new()),
            Tag::Heading { level, .. } => {
                Frame::Heading((level as u8 + self.shift).min(6), Rich::new())
            }
            Tag::BlockQuote(_) => Frame::Blocks(Vec::new(), Rich::new()),
            Tag::CodeBlock(_) => Frame::CodeBlock(String::new()),
            Tag::List(start) => Frame::List(start, Vec::new()),
            Tag::Item => Frame::Blocks(Vec::new(), Rich::new()),
            Tag::Table(_) => Frame::Table {
                head: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
            },
            Tag::TableHead | Tag::TableRow => return,
            Tag::TableCell => Frame::Cell(Rich::new()),
            Tag::Emphasis => Frame::Emphasis(Rich::new()),
            Tag::Strong => Frame::Strong(Rich::new()),
            Tag::Strikethrough => Frame::Strike(Rich::new()),
            Tag::Link { dest_url, .. } => Frame::Link(dest_url.into_string(), Rich::new()),
            Tag::Image { .. } => Frame::Image(Rich::new()),
            _ => Frame::Other(Rich::new()),
        };
        self.stack.push(frame);
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::TableHead => {
                if let Some(Frame::Table { head, row, .. }) = self.stack.last_mut() {
                    *head = std::mem::take(row);
                }
                return;
            }
            TagEnd::TableRow => {
                if let Some(Frame::Table { rows, row, .. }) = self.stack.last_mut() {
                    rows.push(std::mem::take(row));
                }
                return;
            }
            _ => {}
        }
        // The root frame is never popped.
        if self.stack.len() < 2 {
            return;
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::Paragraph(r) => self.push_block(Block::Paragraph(r)),
            Frame::Heading(level, text) => self.push_block(Block::Heading { level, text }),
            Frame::CodeBlock(code) => self.push_block(Block::Code(code)),
            Frame::List(start, items) => self.push_block(Block::List { start, items }),
            Frame::Blocks(mut blocks, loose) => {
                if !loose.is_empty() {
                    blocks.push(Block::Paragraph(loose));
                }
                if let Some(Frame::List(_, items)) = self.stack.last_mut() {
                    items.push(blocks);
                } else {
                    self.push_block(Block::Quote(blocks));
                }
            }
            Frame::Table { head, rows, .. } => self.push_block(Block::Table { head, rows }),
            Frame::Cell(r) => {
                if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                    row.push(r);
                }
            }
            Frame::Strong(r) => self.push_inline(Inline::Strong(r)),
            Frame::Emphasis(r) => self.push_inline(Inline::Emphasis(r)),
            Frame::Strike(r) => self.push_inline(Inline::Strike(r)),
            Frame::Image(r) | Frame::Other(r) => {
                for i in r {
                    self.push_inline(i);
                }
            }
            Frame::Link(dest, children) => {
                let link = self.link(&dest, children);
                for i in link {
                    self.push_inline(i);
                }
            }
        }
    }

    /// A finished link: resolved, kept, or reduced to its text.
    fn link(&self, dest: &str, children: Rich) -> Rich {
        let dest = dest.trim();
        if crate::reference::parse(dest).is_some() {
            return match (self.cx.resolve)(dest) {
                Some((target, name)) => {
                    let children = if children.is_empty() { name } else { children };
                    vec![Inline::Link {
                        target: Box::new(target),
                        children,
                    }]
                }
                None => children,
            };
        }
        let lower = dest.to_ascii_lowercase();
        let target = if let Some(anchor) = dest.strip_prefix('#') {
            Target::SamePage(anchor.to_owned())
        } else if lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("mailto:")
        {
            Target::External(dest.to_owned())
        } else {
            return children;
        };
        let children = if children.is_empty() {
            vec![Inline::Text(dest.trim_start_matches("mailto:").to_owned())]
        } else {
            children
        };
        vec![Inline::Link {
            target: Box::new(target),
            children,
        }]
    }

    fn push_inline(&mut self, inline: Inline) {
        let rich = match self.stack.last_mut() {
            Some(
                Frame::Paragraph(r)
                | Frame::Heading(_, r)
                | Frame::Cell(r)
                | Frame::Strong(r)
                | Frame::Emphasis(r)
                | Frame::Strike(r)
                | Frame::Link(_, r)
                | Frame::Image(r)
                | Frame::Other(r)
                | Frame::Blocks(_, r),
            ) => r,
            Some(Frame::CodeBlock(code)) => {
                code.push_str(&crate::document::plain_text(&[inline]));
                return;
            }
            Some(Frame::List(..)) | Some(Frame::Table { .. }) | None => return,
        };
        // Neighbouring text runs are merged so writers see whole words.
        if let (Inline::Text(new), Some(Inline::Text(last))) = (&inline, rich.last_mut()) {
            last.push_str(new);
            return;
        }
        rich.push(inline);
    }

    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Frame::Blocks(blocks, loose)) => {
                if !loose.is_empty() {
                    blocks.push(Block::Paragraph(std::mem::take(loose)));
                }
                blocks.push(block);
            }
            // A block inside an inline container (not produced by CommonMark, but
            // kept safe): keep its text.
            _ => {
                let text = crate::document::plain_text(&crate::document::flatten(&block));
                if !text.is_empty() {
                    self.push_inline(Inline::Text(text));
                }
            }
        }
    }

    /// Splits a text run around glossary acronyms (whole words, case as written).
    fn mark_acronyms(&self, text: &str) -> Vec<Inline> {
        if self.cx.acronyms.is_empty() {
            return vec![Inline::Text(text.to_owned())];
        }
        let mut out = Vec::new();
        let mut last = 0;
        for (start, word, expansion) in self.cx.acronyms.find(text) {
            if start > last {
                out.push(Inline::Text(text[last..start].to_owned()));
            }
            out.push(Inline::Acronym {
                text: word.to_owned(),
                expansion: expansion.clone(),
            });
            last = start + word.len();
        }
        if last < text.len() {
            out.push(Inline::Text(text[last..].to_owned()));
        }
        out
    }

    fn finish(mut self) -> Vec<Block> {
        while self.stack.len() > 1 {
            let end = match self.stack.last() {
                Some(Frame::Paragraph(_)) => TagEnd::Paragraph,
                _ => TagEnd::Item,
            };
            let before = self.stack.len();
            self.end(end);
            if self.stack.len() == before {
                self.stack.pop();
            }
        }
        match self.stack.pop() {
            Some(Frame::Blocks(mut blocks, loose)) => {
                if !loose.is_empty() {
                    blocks.push(Block::Paragraph(loose));
                }
                blocks
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Acronyms::find` finds what looking up every word finds, on texts
    /// mixing acronyms inside and beside words, accents, digits and
    /// acronyms with a non-ASCII first letter.
    #[test]
    fn finding_acronyms_by_bytes_equals_looking_up_every_word() {
        let acronyms = Acronyms::new(
            [
                ("IMSS", "x"),
                ("CONSAR", "y"),
                ("ÑU", "z"),
                ("C2", "w"),
                ("Ó", "v"),
            ]
            .map(|(a, e)| (a.to_owned(), e.to_owned())),
        );
        let pieces = [
            "IMSS", "CONSAR", "ÑU", "C2", "Ó", "C", "IMSSX", "aIMSS", "ó", "é", " ", ", ", "-",
            "(", "2", "la", "Ñ", "acción", "\n", "ÓC2",
        ];
        let mut seed = 7u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 9) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let by_words: Vec<(usize, &str)> = crate::text::words(&text)
                .filter(|(_, w)| acronyms.expansions.contains_key(*w))
                .collect();
            let found: Vec<(usize, &str)> = acronyms.find(&text).map(|(i, w, _)| (i, w)).collect();
            assert_eq!(found, by_words, "in {text:?}");
        }
    }

    fn cx_with<'a>(
        resolve: &'a (dyn Fn(&str) -> Option<(Target, Rich)> + Sync),
        acronyms: &'a Acronyms,
    ) -> Context<'a> {
        Context { resolve, acronyms }
    }

    #[test]
    fn raw_html_is_text_and_scripts_do_not_link() {
        let none = |_: &str| None;
        let acr = Acronyms::default();
        let cx = cx_with(&none, &acr);
        let rich = inline(
            "a <script>alert(1)</script> [x](javascript:alert(1)) [y](https://imss.gob.mx)",
            &cx,
        );
        assert!(rich.contains(&Inline::Text("a <script>alert(1)</script> x ".into())));
        assert!(
            matches!(rich.last(), Some(Inline::Link { target, .. }) if matches!(&**target, Target::External(u) if u == "https://imss.gob.mx"))
        );
    }

    #[test]
    fn empty_reference_links_get_the_target_name_and_acronyms_are_marked() {
        let resolve = |dest: &str| {
            (dest == "unit:7.3.1").then(|| {
                (
                    Target::SamePage("u".into()),
                    vec![Inline::Text("Coordinación de Cobranza".into())],
                )
            })
        };
        let acr = Acronyms::new([(
            "SAR".to_owned(),
            "Sistema de Ahorro para el Retiro".to_owned(),
        )]);
        let cx = cx_with(&resolve, &acr);
        let rich = inline("la [](unit:7.3.1) del SAR, no SARA", &cx);
        assert_eq!(
            rich,
            vec![
                Inline::Text("la ".into()),
                Inline::Link {
                    target: Box::new(Target::SamePage("u".into())),
                    children: vec![Inline::Text("Coordinación de Cobranza".into())]
                },
                Inline::Text(" del ".into()),
                Inline::Acronym {
                    text: "SAR".into(),
                    expansion: "Sistema de Ahorro para el Retiro".into()
                },
                Inline::Text(", no SARA".into()),
            ]
        );
    }

    #[test]
    fn plain_text_takes_the_fast_path_with_the_same_result() {
        let none = |_: &str| None;
        let acr = Acronyms::new([("SAR".to_owned(), "Sistema".to_owned())]);
        let cx = cx_with(&none, &acr);
        for text in [
            "Concertar con las áreas del SAR, PROCESAR.",
            "Elaborar las políticas (en materia de afiliación); y otras.",
        ] {
            assert!(is_plain(text));
            let fast = inline(text, &cx);
            let mut b = Builder::new(&cx, 0);
            for event in Parser::new_ext(text, options()) {
                b.event(event);
            }
            let slow = match b.finish().pop() {
                Some(Block::Paragraph(r)) => r,
                other => panic!("{other:?}"),
            };
            assert_eq!(fast, slow);
        }
        assert!(!is_plain("1. Lista"));
        assert!(!is_plain("con [enlace](unit:7.1)"));
    }

    #[test]
    fn lists_tables_and_headings_become_blocks() {
        let none = |_: &str| None;
        let acr = Acronyms::default();
        let cx = cx_with(&none, &acr);
        let b = blocks(
            "# T\n\n- uno\n- dos\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            &cx,
            2,
        );
        assert!(matches!(&b[0], Block::Heading { level: 3, .. }));
        assert!(matches!(&b[1], Block::List { start: None, items } if items.len() == 2));
        assert!(matches!(&b[2], Block::Table { head, rows } if head.len() == 2 && rows.len() == 1));
    }
}
