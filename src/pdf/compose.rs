//! The typesetter's vocabulary: paragraphs, headings, lists, tables and rich
//! text turned into bands for the page flow. It knows the type sizes and
//! spacing of the manual's page and nothing of manuals; `manual.rs` says what
//! goes where.

use super::flow::{Band, Element, Numbering, PageStyle, Role};
use super::paragraph::{LINE_BREAK, Line, Piece, SOFT_HYPHEN, Span, lay_out};
use super::write::{BLACK, Rgb};
use crate::document::changes::ChangeMarks;
use crate::document::{Block, Inline, Rich, SiteUrl, Target};
use crate::fonts::{Face, Fonts};
use crate::i18n::Lang;

pub const BODY: f32 = 10.0;
pub const LEADING: f32 = 13.6;
pub const SMALL: f32 = 8.5;
/// The measure of running text (paragraphs, lists, headings): 400 pt, about
/// 80 characters of 10 pt Noto Sans, inside the 60–90 a reader takes in
/// comfortably. The type area is wider (499 pt on letter with the default
/// margins); tables, charts, forms and centred lines use all of it
/// (docs/pdf.md, "The page").
pub const MEASURE: f32 = 400.0;
pub const RULE_INK: Rgb = [0.55, 0.55, 0.55];
pub const MUTED: Rgb = [0.33, 0.33, 0.33];
pub const TABLE_HEAD: Rgb = [0.9, 0.9, 0.9];
/// How far each level of a list is indented.
const LIST_INDENT: f32 = 16.0;
const CELL_PAD: f32 = 4.0;

/// Where a link goes, decided when the pages are drawn: a place of the site is
/// a jump inside the PDF when the PDF holds it, and a relative address when not.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTo {
    Site(SiteUrl),
    Uri(String),
}

/// The name of a place of the site, as destinations are keyed.
pub fn dest_key(url: &SiteUrl) -> String {
    match &url.anchor {
        Some(a) => format!("{}#{a}", url.path),
        None => url.path.clone(),
    }
}

/// An entry of the outline, by destination.
#[derive(Debug, Clone)]
pub struct Mark {
    pub level: usize,
    pub title: String,
    pub dest: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Justify,
}

/// How a paragraph is set.
#[derive(Debug, Clone)]
pub struct Par {
    pub size: f32,
    pub leading: f32,
    /// Left edge of the text, from the block's left.
    pub indent: f32,
    /// Space kept free on the right.
    pub right: f32,
    pub align: Align,
    /// Space above the paragraph.
    pub gap: f32,
    /// Keep the whole paragraph's last line with what follows (headings).
    pub keep_with_next: bool,
    pub ink: Rgb,
    /// A label on the first line (a function's number, an inciso's letter, a
    /// bullet), right-aligned so that it ends at this x.
    pub label: Option<(Vec<Span>, f32)>,
    /// Destinations that start with the paragraph.
    pub dests: Vec<String>,
    /// What it is in the structure: a paragraph, or a heading of a level
    /// (`Par::level`); a heading's text is taken from its spans.
    pub heading: Option<u8>,
}

impl Par {
    pub fn body() -> Par {
        Par {
            size: BODY,
            leading: LEADING,
            indent: 0.0,
            right: 0.0,
            align: Align::Justify,
            gap: 5.0,
            keep_with_next: false,
            ink: BLACK,
            label: None,
            dests: Vec::new(),
            heading: None,
        }
    }

    /// Set as a heading (`Par::heading` gives the look; this the meaning): a
    /// heading of `level`, 1 to 6, in the tagged PDF.
    pub fn level(self, level: usize) -> Par {
        Par {
            heading: Some(level.clamp(1, 6) as u8),
            ..self
        }
    }

    /// Looks like a heading; tagged as a paragraph unless `level` says which
    /// heading it is.
    pub fn heading(size: f32, gap: f32) -> Par {
        Par {
            size,
            leading: size * 1.3,
            align: Align::Left,
            gap,
            keep_with_next: true,
            ..Par::body()
        }
    }
}

pub struct Composer<'a> {
    pub fonts: &'a Fonts,
    pub lang: Lang,
    /// The text block, in points.
    pub width: f32,
    pub height: f32,
    /// The text block of a landscape page (`PageStyle::Landscape`): width,
    /// height.
    pub landscape: (f32, f32),
    pub bands: Vec<Band>,
    pub links: Vec<LinkTo>,
    pub outline: Vec<Mark>,
    /// The page a same-page link (`#marco`) belongs to.
    pub page_path: String,
    /// What changed since the previous version (empty for a first version).
    pub marks: std::sync::Arc<ChangeMarks>,
    /// Bands pushed while this is set carry a change bar.
    pub marking: bool,
    pending_page: Option<PageStyle>,
    /// Structure elements begun and not yet put on a band: they open on the
    /// next band pushed.
    pending_roles: Vec<Role>,
    /// Structure elements open, innermost last.
    open_roles: Vec<Role>,
    /// What a Markdown heading's level adds up to its level in the PDF.
    heading_base: usize,
    /// The running header's second line from the next band on.
    pending_running: Option<String>,
}

impl<'a> Composer<'a> {
    pub fn new(fonts: &'a Fonts, lang: Lang, width: f32, height: f32) -> Composer<'a> {
        Composer {
            fonts,
            lang,
            width,
            height,
            landscape: (height, width),
            bands: Vec::new(),
            links: Vec::new(),
            outline: Vec::new(),
            page_path: String::new(),
            marks: Default::default(),
            marking: false,
            pending_page: None,
            pending_roles: Vec::new(),
            open_roles: Vec::new(),
            heading_base: 2,
            pending_running: None,
        }
    }

    /// A composer for a part of what this one composes, to be set on another
    /// thread and then `absorb`ed, in order: the same text block, fonts, change
    /// marks, page and change bar, and nothing composed yet.
    pub fn part(&self) -> Composer<'a> {
        Composer {
            fonts: self.fonts,
            lang: self.lang,
            width: self.width,
            height: self.height,
            landscape: self.landscape,
            bands: Vec::new(),
            links: Vec::new(),
            outline: Vec::new(),
            page_path: self.page_path.clone(),
            marks: self.marks.clone(),
            marking: self.marking,
            pending_page: None,
            pending_roles: Vec::new(),
            open_roles: Vec::new(),
            heading_base: 2,
            pending_running: None,
        }
    }

    /// Adds what `part` composed, as if it had been composed here: its links
    /// numbered after this one's, a page this one had pending started before
    /// its first band.
    pub fn absorb(&mut self, part: Composer) {
        debug_assert!(
            part.open_roles.is_empty(),
            "a part closes what it opens: {:?}",
            part.open_roles
        );
        let first_link = self.links.len() as u32;
        for mut band in part.bands {
            for element in &mut band.elements {
                if let Element::Line { line, .. } = element {
                    for piece in &mut line.pieces {
                        if let Piece::Text { link: Some(id), .. } = piece {
                            *id += first_link;
                        }
                    }
                }
            }
            if let Some(style) = self.pending_page.take() {
                band.new_page = band.new_page.or(Some(style));
            }
            self.open_pending(&mut band);
            self.bands.push(band);
        }
        self.links.extend(part.links);
        self.outline.extend(part.outline);
        if part.pending_page.is_some() {
            self.pending_page = part.pending_page;
        }
        self.page_path = part.page_path;
        self.marking = part.marking;
    }

    /// The next band starts a page of this style.
    pub fn new_page(&mut self, style: PageStyle) {
        self.pending_page = Some(style);
    }

    pub fn push(&mut self, mut band: Band) {
        if let Some(style) = self.pending_page.take() {
            band.new_page = Some(style);
        }
        band.changed |= self.marking;
        if let Some(running) = self.pending_running.take() {
            band.running = Some(running);
        }
        self.open_pending(&mut band);
        self.bands.push(band);
    }

    /// From the next band on, the running header names `what` (a
    /// procedure, form or guide: its clave and name).
    pub fn running(&mut self, what: String) {
        self.pending_running = Some(what);
    }

    /// Puts the structure elements begun since the last band at the start of
    /// `band`.
    fn open_pending(&mut self, band: &mut Band) {
        if !self.pending_roles.is_empty() {
            let opens = self.pending_roles.drain(..).map(Element::Open);
            band.elements.splice(0..0, opens);
        }
    }

    /// Begins a structure element (a list, a list item, a table, a figure):
    /// the bands pushed until its `end` belong to it.
    pub fn begin(&mut self, role: Role) {
        self.open_roles.push(role.clone());
        self.pending_roles.push(role);
    }

    /// Ends the structure element begun last. One with nothing in it leaves
    /// no trace.
    pub fn end(&mut self) {
        if self.open_roles.pop().is_none() {
            debug_assert!(false, "end without begin");
            return;
        }
        if self.pending_roles.pop().is_none()
            && let Some(band) = self.bands.last_mut()
        {
            band.elements.push(Element::Close);
        }
    }

    /// Ends the innermost list item and what is open inside it (its body).
    pub fn end_item(&mut self) {
        while let Some(role) = self.open_roles.last() {
            let item = *role == Role::ListItem;
            self.end();
            if item {
                break;
            }
        }
    }

    /// Whether the innermost open structure element is a list item.
    fn in_item(&self) -> bool {
        self.open_roles.last() == Some(&Role::ListItem)
    }

    /// Whether the entry at `page` is new in this version (all of it changed).
    pub fn entry_is_new(&self, page: &SiteUrl) -> bool {
        self.marks.entries.contains(&page.path)
    }

    /// Whether the heading of the entry at `page` (its code or name) changed.
    pub fn heading_changed(&self, page: &SiteUrl) -> bool {
        self.entry_is_new(page) || self.marks.headings.contains(&page.path)
    }

    /// Whether the piece at `place` (a function, a step ...) changed, or
    /// belongs to an entry new in this version.
    pub fn piece_changed(&self, place: &SiteUrl) -> bool {
        self.marks.entries.contains(&place.path) || self.marks.pieces.contains(&dest_key(place))
    }

    /// Vertical space. It keeps the band before it with the band after it when
    /// that one had to be (space under a heading does not part them).
    pub fn space(&mut self, height: f32) {
        let keep = self.bands.last().is_some_and(|b| b.keep_with_next);
        self.push(Band {
            keep_with_next: keep,
            ..Band::space(height)
        });
    }

    pub fn mark(&mut self, level: usize, title: impl Into<String>, dest: impl Into<String>) {
        self.outline.push(Mark {
            level,
            title: title.into(),
            dest: dest.into(),
        });
    }

    /// Lays out `spans` and adds one band per line. Returns the lines' count.
    pub fn paragraph(&mut self, spans: &[Span], par: Par) -> usize {
        let measure = match par.align {
            Align::Center => self.width,
            Align::Left | Align::Justify => self.width.min(MEASURE),
        };
        let width = (measure - par.indent - par.right).max(40.0);
        let mut lines = lay_out(
            spans,
            par.size,
            self.fonts,
            self.lang,
            &|_| width,
            par.align == Align::Justify,
        );
        if lines.is_empty() && par.label.is_some() {
            // An item that starts with something else still shows its mark.
            lines.push(Line { pieces: Vec::new() });
        }
        let count = lines.len();
        if count == 0 {
            return 0;
        }
        let Par {
            size,
            leading,
            indent,
            align,
            gap,
            keep_with_next,
            ink,
            label,
            mut dests,
            heading,
            ..
        } = par;
        let baseline = baseline_in(leading, size);
        // In a list item the label is the item's Lbl and the text its body;
        // elsewhere (a unit's code before its name) it is part of the text.
        let item = label.is_some() && self.in_item();
        let role = match heading {
            Some(level) => {
                let mut text = String::new();
                if let Some((spans, _)) = &label {
                    text.extend(spans.iter().map(|s| s.text.as_str()));
                    text.push(' ');
                }
                text.extend(spans.iter().map(|s| s.text.as_str()));
                let words: Vec<&str> = text.split_whitespace().collect();
                Role::Heading(level, words.join(" "))
            }
            None => Role::Paragraph,
        };
        if item {
            self.open_roles.push(Role::ListBody);
        }
        let mut label = label.map(|(spans, right)| (self.single_line(&spans, size), right));
        for (n, line) in lines.into_iter().enumerate() {
            let x = match align {
                Align::Center => indent + (width - line.width()).max(0.0) / 2.0,
                Align::Left | Align::Justify => indent,
            };
            // The label first, so that the text reads in order when copied.
            let mut elements = Vec::with_capacity(8);
            if n == 0 {
                let label = label.take().map(|(label, right)| Element::Line {
                    x: right - label.width(),
                    line: label,
                    baseline,
                    size,
                    ink,
                });
                match label {
                    // The item's body holds its text (no paragraph of its
                    // own: a smaller tree, read the same).
                    Some(label) if item => elements.extend([
                        Element::Open(Role::Label),
                        label,
                        Element::Close,
                        Element::Open(Role::ListBody),
                    ]),
                    Some(label) => elements.extend([Element::Open(role.clone()), label]),
                    None => elements.push(Element::Open(role.clone())),
                }
            }
            elements.push(Element::Line {
                line,
                x,
                baseline,
                size,
                ink,
            });
            // The first two and the last two lines stay together; a heading
            // stays with what follows.
            if n + 1 == count && !item {
                elements.push(Element::Close);
            }
            let keep = (n == 0 && count >= 2)
                || (count >= 3 && n + 2 == count)
                || (n + 1 == count && keep_with_next);
            self.push(Band {
                height: leading,
                gap: if n == 0 { gap } else { 0.0 },
                keep_with_next: keep,
                new_page: None,
                elements,
                dests: if n == 0 {
                    std::mem::take(&mut dests)
                } else {
                    Vec::new()
                },
                changed: false,
                repeat: None,
                running: None,
                hidden_at_top: false,
            });
        }
        count
    }

    /// Text set on one line, never broken (so without the soft hyphens
    /// that say where it could be).
    pub fn single_line(&self, spans: &[Span], size: f32) -> Line {
        Line {
            pieces: spans
                .iter()
                .map(|s| s.text.replace(SOFT_HYPHEN, ""))
                .zip(spans)
                .map(|(text, s)| Piece::Text {
                    width: self.fonts.width(s.face, &text, size),
                    text,
                    face: s.face,
                    link: s.link,
                })
                .collect(),
        }
    }

    /// Text broken into lines no wider than `width`, ragged right: a
    /// caption or a heading set in a box of its own, never shrunk to fit.
    pub fn wrapped(&self, spans: &[Span], size: f32, width: f32) -> Vec<Line> {
        lay_out(spans, size, self.fonts, self.lang, &|_| width, false)
    }

    /// A link's number, for the spans that belong to it.
    pub fn link(&mut self, to: LinkTo) -> u32 {
        self.links.push(to);
        (self.links.len() - 1) as u32
    }

    /// Rich text as spans in `face`, links numbered.
    pub fn spans(&mut self, rich: &Rich, face: Face) -> Vec<Span> {
        let mut out = Vec::new();
        self.push_spans(rich, face, None, &mut out);
        out
    }

    fn push_spans(&mut self, rich: &Rich, face: Face, link: Option<u32>, out: &mut Vec<Span>) {
        for inline in rich {
            match inline {
                Inline::Text(t) | Inline::Code(t) => out.push(Span {
                    text: t.clone(),
                    face,
                    link,
                }),
                Inline::Acronym { text, .. } => out.push(Span {
                    text: text.clone(),
                    face,
                    link,
                }),
                Inline::Strong(c) => self.push_spans(c, face.bold(), link, out),
                Inline::Emphasis(c) => self.push_spans(c, face.italic(), link, out),
                Inline::Strike(c) => self.push_spans(c, face, link, out),
                Inline::Link { target, children } => {
                    let to = match &**target {
                        Target::Site(url) => LinkTo::Site(url.clone()),
                        Target::External(uri) => LinkTo::Uri(uri.clone()),
                        Target::SamePage(anchor) => {
                            LinkTo::Site(SiteUrl::page(self.page_path.clone()).with_anchor(anchor))
                        }
                    };
                    let id = self.link(to);
                    self.push_spans(children, face, Some(id), out);
                }
                Inline::Break => out.push(Span {
                    text: LINE_BREAK.to_string(),
                    face,
                    link,
                }),
            }
        }
    }

    /// Markdown blocks, `indent` points from the left. Their headings are
    /// set under the section's (level 2): the highest of them is level 3,
    /// the others below it by as many levels as they are written.
    pub fn blocks(&mut self, blocks: &[Block], indent: f32) {
        let top = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .min()
            .unwrap_or(1);
        self.heading_base = 3_usize.saturating_sub(usize::from(top));
        for block in blocks {
            self.block(block, indent, None);
        }
    }

    /// One block; `label` is a list item's bullet or number for its first line.
    fn block(&mut self, block: &Block, indent: f32, label: Option<(Vec<Span>, f32)>) {
        match block {
            Block::Paragraph(rich) => {
                let spans = self.spans(rich, Face::Regular);
                self.paragraph(
                    &spans,
                    Par {
                        indent,
                        label,
                        ..Par::body()
                    },
                );
            }
            Block::Heading { level, text } => {
                let size = match level {
                    0..=3 => 11.5,
                    4 => 10.5,
                    _ => BODY,
                };
                let spans = self.spans(text, Face::Bold);
                let level = self.heading_base + usize::from(*level);
                self.paragraph(
                    &spans,
                    Par {
                        indent,
                        ..Par::heading(size, 10.0).level(level)
                    },
                );
            }
            Block::List { start, items } => {
                let text_at = indent + LIST_INDENT;
                self.begin(Role::List(if start.is_some() {
                    Numbering::Decimal
                } else {
                    Numbering::Bullet
                }));
                for (n, item) in items.iter().enumerate() {
                    self.begin(Role::ListItem);
                    let mark = match start {
                        Some(first) => format!("{}.", first + n as u64),
                        None => "•".to_owned(),
                    };
                    let mut label = Some((vec![Span::new(mark, Face::Regular)], text_at - 5.0));
                    for (i, inner) in item.iter().enumerate() {
                        if i == 0 && !matches!(inner, Block::Paragraph(_)) {
                            // A list item that starts with something else still
                            // shows its mark, on a line of its own.
                            self.paragraph(
                                &[],
                                Par {
                                    indent: text_at,
                                    label: label.take(),
                                    ..Par::body()
                                },
                            );
                        }
                        self.block(inner, text_at, label.take());
                    }
                    self.end_item();
                }
                self.end();
            }
            Block::Quote(inner) => {
                for b in inner {
                    self.block(b, indent + LIST_INDENT, None);
                }
            }
            Block::Code(code) => {
                for (n, line) in code.lines().enumerate() {
                    self.paragraph(
                        &[Span::new(line, Face::Regular)],
                        Par {
                            indent: indent + 10.0,
                            align: Align::Left,
                            gap: if n == 0 { 5.0 } else { 0.0 },
                            ink: MUTED,
                            ..Par::body()
                        },
                    );
                }
            }
            Block::Table { head, rows } => self.table(head, rows, indent),
            Block::Rule => {
                let width = self.width;
                self.push(Band {
                    height: 12.0,
                    gap: 4.0,
                    elements: vec![Element::Stroke {
                        from: (indent, 6.0),
                        to: (width, 6.0),
                        width: 0.5,
                        ink: RULE_INK,
                    }],
                    ..Band::default()
                });
            }
        }
    }

    /// A table with ruled cells: columns as wide as their content allows, the
    /// head row shaded and kept with the first row.
    pub fn table(&mut self, head: &[Rich], rows: &[Vec<Rich>], indent: f32) {
        let rows: Vec<TableRow> = rows
            .iter()
            .map(|cells| TableRow {
                cells: cells.clone(),
                ..TableRow::default()
            })
            .collect();
        self.table_rows(head, &rows, indent);
    }

    /// A table whose rows may start destinations (a step, a guide item), hold
    /// empty check boxes, and be taller than their text (room to write).
    pub fn table_rows(&mut self, head: &[Rich], rows: &[TableRow], indent: f32) {
        let columns = head
            .len()
            .max(rows.iter().map(|r| r.cells.len()).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        let mut cells: Vec<Vec<Vec<Span>>> = Vec::new();
        if !head.is_empty() {
            cells.push(head.iter().map(|c| self.spans(c, Face::Bold)).collect());
        }
        for row in rows {
            let face = if row.group { Face::Bold } else { Face::Regular };
            cells.push(row.cells.iter().map(|c| self.spans(c, face)).collect());
        }
        // A table whose longest words do not fit side by side is set smaller
        // (down to 6.5 pt); what still does not fit breaks inside the word.
        // Rows across the table (a group's title) take no column's width.
        let total = self.width - indent;
        let groups = std::iter::repeat_n(false, usize::from(!head.is_empty()))
            .chain(rows.iter().map(|r| r.group));
        let measured: Vec<Vec<Vec<Span>>> = cells
            .iter()
            .zip(groups)
            .map(|(row, group)| if group { Vec::new() } else { row.clone() })
            .collect();
        let (least, _) = self.measure_columns(&measured, columns, 9.0);
        let needed: f32 = least.iter().sum();
        let size = if needed > total {
            (9.0 * total / needed).max(6.5)
        } else {
            9.0
        };
        let widths = self.column_widths(&measured, columns, size, total);
        let plain = TableRow::default();
        let mut repeat: Option<std::sync::Arc<Band>> = None;
        self.begin(Role::Table);
        for (r, row) in cells.iter().enumerate() {
            let is_head = r == 0 && !head.is_empty();
            let extra = if is_head {
                self.begin(Role::TableHead);
                &plain
            } else {
                if r == usize::from(!head.is_empty()) {
                    self.begin(Role::TableBody);
                }
                &rows[r - usize::from(!head.is_empty())]
            };
            let pushed = self.bands.len();
            self.table_row(row, &widths, indent, size, is_head, r == 0, extra);
            if is_head {
                // The head row is printed again above the rows continued on
                // a later page, under a small "(continuación)" that is seen
                // and not read: a table of its own for readers, with its
                // head cells.
                let mut head = self.bands.last().cloned().unwrap_or_default();
                let start = head
                    .elements
                    .iter()
                    .position(|e| matches!(e, Element::Open(Role::TableHead)))
                    .unwrap_or(0);
                let caption = SMALL * 1.5;
                let mut elements = vec![
                    Element::Open(Role::Artifact),
                    Element::Line {
                        line: self.single_line(
                            &[Span::new(
                                self.lang.t("(continuación)", "(continued)"),
                                Face::Italic,
                            )],
                            SMALL,
                        ),
                        x: indent,
                        baseline: caption - 4.0,
                        size: SMALL,
                        ink: MUTED,
                    },
                    Element::Close,
                ];
                elements.extend(head.elements.drain(start..).map(|e| e.lowered(caption)));
                elements.push(Element::Close);
                head.elements = elements;
                head.height += caption;
                head.keep_with_next = false;
                head.gap = 0.0;
                head.dests.clear();
                repeat = Some(std::sync::Arc::new(head));
            } else if let Some(head) = &repeat {
                // Every band of the row (a row taller than a page is several).
                for band in &mut self.bands[pushed..] {
                    band.repeat = Some(head.clone());
                }
            }
            if is_head || r + 1 == cells.len() {
                self.end();
            }
        }
        self.end();
    }

    /// Column widths that fit `total`: each column gets at least its longest
    /// word and, of what is left, a share by how much more it would use.
    pub fn column_widths(
        &self,
        cells: &[Vec<Vec<Span>>],
        columns: usize,
        size: f32,
        total: f32,
    ) -> Vec<f32> {
        let (least, most) = self.measure_columns(cells, columns, size);
        fit_columns(&least, &most, total)
    }

    /// Each column's least width (its longest word) and the width it would
    /// use with no line broken, padding included.
    fn measure_columns(
        &self,
        cells: &[Vec<Vec<Span>>],
        columns: usize,
        size: f32,
    ) -> (Vec<f32>, Vec<f32>) {
        let mut least = vec![0.0_f32; columns];
        let mut most = vec![0.0_f32; columns];
        for row in cells {
            for (c, spans) in row.iter().enumerate().take(columns) {
                let whole: f32 = spans
                    .iter()
                    .map(|s| self.fonts.width(s.face, &s.text, size))
                    .sum();
                let word = spans
                    .iter()
                    .flat_map(|s| {
                        s.text
                            .split_whitespace()
                            .map(|w| self.fonts.width(s.face, w, size))
                    })
                    .fold(0.0, f32::max);
                least[c] = least[c].max(word + 2.0 * CELL_PAD);
                most[c] = most[c].max(whole + 2.0 * CELL_PAD + 1.0);
            }
        }
        (least, most)
    }

    /// One row of ruled cells, as one band; a row taller than a page, as
    /// several, split between lines: each part a row of its own (on the page
    /// after, under the head printed again), so that nothing runs past the
    /// page's foot.
    #[allow(clippy::too_many_arguments)]
    pub fn table_row(
        &mut self,
        row: &[Vec<Span>],
        widths: &[f32],
        indent: f32,
        size: f32,
        is_head: bool,
        first: bool,
        extra: &TableRow,
    ) {
        let leading = size * 1.35;
        let columns = widths.len();
        let across = [widths.iter().sum::<f32>()];
        let widths = if extra.group { &across[..] } else { widths };
        let mut x = indent;
        let mut laid = Vec::new();
        for (c, w) in widths.iter().enumerate() {
            let spans = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
            let inner = (w - 2.0 * CELL_PAD).max(10.0);
            let lines = lay_out(spans, size, self.fonts, self.lang, &|_| inner, false);
            laid.push((x, lines));
            x += w;
        }
        let tallest = laid.iter().map(|(_, l)| l.len()).max().unwrap_or(0).max(1);
        // Room for a part: a page less the head printed again above it and
        // a heading's worth kept with it.
        let per_part =
            (((self.height - TABLE_HEAD_ROOM - 2.0 * CELL_PAD) / leading).floor() as usize).max(1);
        let parts = tallest.div_ceil(per_part);
        let mut laid: Vec<(f32, std::vec::IntoIter<Line>)> =
            laid.into_iter().map(|(x, l)| (x, l.into_iter())).collect();
        for part in 0..parts {
            let lines = if part + 1 == parts {
                tallest - part * per_part
            } else {
                per_part
            };
            let cells: Vec<(f32, Vec<Line>)> = laid
                .iter_mut()
                .map(|(x, l)| (*x, l.by_ref().take(lines).collect()))
                .collect();
            let whole = parts == 1;
            let height = lines as f32 * leading + 2.0 * CELL_PAD;
            let height = if part == 0 {
                height.max(extra.min_height)
            } else {
                height
            };
            let band = self.row_band(
                cells,
                RowPart {
                    widths,
                    indent,
                    size,
                    height,
                    columns,
                    is_head,
                    first: first && part == 0,
                    // The boxes of a check list once, in the row's first part.
                    boxes: part == 0,
                },
                extra,
            );
            self.push(Band {
                keep_with_next: whole && (is_head || extra.group),
                dests: if part == 0 {
                    extra.dests.clone()
                } else {
                    Vec::new()
                },
                ..band
            });
        }
    }

    /// The band of one row, or of one part of a row split between pages.
    fn row_band(&self, cells: Vec<(f32, Vec<Line>)>, part: RowPart, extra: &TableRow) -> Band {
        let RowPart {
            widths,
            indent,
            size,
            height,
            columns,
            is_head,
            first,
            boxes,
        } = part;
        let leading = size * 1.35;
        let mut elements = vec![Element::Open(Role::Row)];
        let total: f32 = widths.iter().sum();
        let mut left = indent;
        for (c, w) in widths.iter().enumerate() {
            if boxes && extra.check_boxes.contains(&c) {
                let side = (size * 1.2).min(w - 4.0);
                elements.push(Element::Rect {
                    x: left + (w - side) / 2.0,
                    y: CELL_PAD + 1.0,
                    w: side,
                    h: side,
                    stroke: Some((BLACK, 0.7)),
                    fill: None,
                });
            }
            left += w;
        }
        if is_head || extra.group {
            elements.push(Element::Rect {
                x: indent,
                y: 0.0,
                w: total,
                h: height,
                stroke: None,
                fill: Some(TABLE_HEAD),
            });
        }
        let baseline = baseline_in(leading, size);
        for (c, (x, lines)) in cells.into_iter().enumerate() {
            elements.push(Element::Open(if is_head {
                Role::HeaderCell
            } else if extra.group {
                Role::GroupCell(columns as u32)
            } else if extra.headers.contains(&c) {
                Role::RowHeaderCell
            } else {
                Role::Cell
            }));
            for (n, line) in lines.into_iter().enumerate() {
                elements.push(Element::Line {
                    line,
                    x: x + CELL_PAD,
                    baseline: CELL_PAD + n as f32 * leading + baseline,
                    size,
                    ink: BLACK,
                });
            }
            elements.push(Element::Close);
        }
        // The rules: a line under the row (and over it for the first), and
        // between and beside the cells.
        let rule = |from: (f32, f32), to: (f32, f32)| Element::Stroke {
            from,
            to,
            width: 0.5,
            ink: RULE_INK,
        };
        if first {
            elements.push(rule((indent, 0.0), (indent + total, 0.0)));
        }
        elements.push(rule((indent, height), (indent + total, height)));
        let mut x = indent;
        elements.push(rule((x, 0.0), (x, height)));
        for w in widths {
            x += w;
            elements.push(rule((x, 0.0), (x, height)));
        }
        elements.push(Element::Close);
        Band {
            height,
            gap: if first { 6.0 } else { 0.0 },
            elements,
            changed: extra.changed,
            ..Band::default()
        }
    }
}

/// How one row's band is drawn (`Composer::row_band`).
struct RowPart<'w> {
    widths: &'w [f32],
    indent: f32,
    size: f32,
    height: f32,
    columns: usize,
    is_head: bool,
    first: bool,
    /// Whether its check boxes are drawn (a split row's first part only).
    boxes: bool,
}

/// What a page keeps above a part of a row split between pages: the table's
/// head printed again, with "(continuación)", and a heading kept with it.
const TABLE_HEAD_ROOM: f32 = 90.0;

/// A row of `Composer::table_rows`.
#[derive(Debug, Clone, Default)]
pub struct TableRow {
    pub cells: Vec<Rich>,
    /// Destinations that start at the row (a step's anchor).
    pub dests: Vec<String>,
    /// Columns that hold an empty check box.
    pub check_boxes: Vec<usize>,
    /// Columns whose cell heads its row (a label before a space to fill).
    pub headers: Vec<usize>,
    /// A row across the table, its one cell the title of the rows that
    /// follow (a section of a guide's checklist).
    pub group: bool,
    /// The least height: room to write by hand.
    pub min_height: f32,
    /// It changed since the previous version: a bar in the margin.
    pub changed: bool,
}

/// Column widths that fit `total`: each column gets at least its longest
/// word and, of what is left, a share by how much more it would use.
fn fit_columns(least: &[f32], most: &[f32], total: f32) -> Vec<f32> {
    let columns = least.len();
    let sum_most: f32 = most.iter().sum();
    if sum_most <= total {
        // Everything fits on one line: the spare room shared evenly.
        let spare = (total - sum_most) / columns as f32;
        return most.iter().map(|w| w + spare).collect();
    }
    let sum_least: f32 = least.iter().sum();
    if sum_least >= total {
        return least.iter().map(|w| w * total / sum_least).collect();
    }
    // Narrow columns (a version, a date) get all they would use when that
    // is no more than an even share of what is left; the wide ones share
    // the rest, each its longest word and a part of the remainder in
    // proportion to how much more it would use.
    let mut widths = vec![0.0_f32; columns];
    let mut settled = vec![false; columns];
    let mut left = total;
    let mut order: Vec<usize> = (0..columns).collect();
    order.sort_by(|a, b| most[*a].total_cmp(&most[*b]));
    for (n, &c) in order.iter().enumerate() {
        let share = left / (columns - n) as f32;
        if most[c] > share {
            break;
        }
        widths[c] = most[c];
        settled[c] = true;
        left -= most[c];
    }
    let open: Vec<usize> = (0..columns).filter(|c| !settled[*c]).collect();
    let least_open: f32 = open.iter().map(|c| least[*c]).sum();
    let want: f32 = open.iter().map(|c| most[*c] - least[*c]).sum();
    let room = (left - least_open).max(0.0);
    for &c in &open {
        widths[c] = least[c]
            + if want > 0.0 {
                (most[c] - least[c]) / want * room
            } else {
                room / open.len() as f32
            };
    }
    widths
}

/// Where the baseline of a line of text sits in a band `leading` tall: the
/// x-height centred, so that lines of different sizes look evenly spaced.
pub fn baseline_in(leading: f32, size: f32) -> f32 {
    leading / 2.0 + size * 0.36
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a stretch of composition adds: a heading in the outline, a
    /// paragraph with a link in it, space.
    fn entry(c: &mut Composer, n: usize) {
        c.page_path = format!("m/1.0/{n}.html");
        c.mark(1, format!("Entrada {n}"), format!("m/1.0/{n}.html"));
        let link = c.link(LinkTo::Uri(format!("https://example.org/{n}")));
        let mut spans = vec![Span::new(format!("Entrada {n}, véase "), Face::Regular)];
        spans.push(Span {
            link: Some(link),
            ..Span::new("el sitio", Face::Regular)
        });
        c.paragraph(&spans, Par::body());
        c.space(6.0);
    }

    #[test]
    fn parts_composed_apart_and_absorbed_equal_composing_in_one() {
        let fonts = Fonts::default_family().unwrap();
        let start = |c: &mut Composer| {
            entry(c, 0);
            c.new_page(PageStyle::Body);
        };
        let mut whole = Composer::new(&fonts, Lang::Es, 300.0, 500.0);
        start(&mut whole);
        for n in 1..=4 {
            entry(&mut whole, n);
        }
        let mut joined = Composer::new(&fonts, Lang::Es, 300.0, 500.0);
        start(&mut joined);
        let mut parts = vec![joined.part(), joined.part()];
        for n in 1..=2 {
            entry(&mut parts[0], n);
        }
        for n in 3..=4 {
            entry(&mut parts[1], n);
        }
        for part in parts {
            joined.absorb(part);
        }
        assert_eq!(format!("{:?}", joined.bands), format!("{:?}", whole.bands));
        assert_eq!(joined.links, whole.links);
        assert_eq!(
            format!("{:?}", joined.outline),
            format!("{:?}", whole.outline)
        );
        assert_eq!(joined.page_path, whole.page_path);
        // The page started after the first entry is on the second entry's band.
        assert!(joined.bands.iter().any(|b| b.new_page.is_some()));
    }

    #[test]
    fn columns_fit_the_block_and_keep_their_longest_word() {
        let fonts = Fonts::default_family().unwrap();
        let c = Composer::new(&fonts, Lang::Es, 400.0, 600.0);
        let cell = |t: &str| vec![Span::new(t, Face::Regular)];
        let head = |t: &str| vec![Span::new(t, Face::Bold)];
        let cells = vec![
            vec![head("Versión"), head("Descripción")],
            vec![
                cell("3.1"),
                cell(
                    "Se actualizan las funciones de la División de Registro y Administración de Aplicaciones conforme al Reglamento Interior.",
                ),
            ],
        ];
        let widths = c.column_widths(&cells, 2, 9.0, 400.0);
        assert!((widths.iter().sum::<f32>() - 400.0).abs() < 0.01);
        assert!(widths[0] >= fonts.width(Face::Bold, "Versión", 9.0) + 2.0 * CELL_PAD);
        assert!(widths[1] > widths[0]);
    }

    #[test]
    fn space_under_a_heading_does_not_part_it_from_its_text() {
        let fonts = Fonts::default_family().unwrap();
        let mut c = Composer::new(&fonts, Lang::Es, 300.0, 130.0);
        for _ in 0..5 {
            c.paragraph(&[Span::new("Texto", Face::Regular)], Par::body());
        }
        c.paragraph(
            &[Span::new("5. Atribuciones", Face::Bold)],
            Par::heading(15.0, 10.0),
        );
        c.space(4.0);
        c.paragraph(&[Span::new("Las atribuciones", Face::Regular)], Par::body());
        let pages = super::super::flow::paginate(std::mem::take(&mut c.bands), 130.0);
        let last = pages.last().unwrap();
        assert_eq!(last.bands.len(), 3, "the heading moved with its text");
    }

    #[test]
    fn a_three_line_paragraph_keeps_together_and_a_heading_keeps_with_it() {
        let fonts = Fonts::default_family().unwrap();
        let mut c = Composer::new(&fonts, Lang::Es, 200.0, 600.0);
        c.paragraph(
            &[Span::new("Objetivo", Face::Bold)],
            Par::heading(12.0, 10.0),
        );
        let text = "Dar a conocer la organización de la Dirección, sus niveles jerárquicos y sus funciones.";
        let lines = c.paragraph(&[Span::new(text, Face::Regular)], Par::body());
        assert_eq!(lines, 3);
        let keeps: Vec<bool> = c.bands.iter().map(|b| b.keep_with_next).collect();
        assert_eq!(keeps, [true, true, true, false]);
    }
}
