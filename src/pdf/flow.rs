//! Pages from a flow of bands. Everything the manual prints becomes a band: an
//! unbreakable strip the width of the text block (one line of a paragraph, a
//! heading, a table row, a chart), with the space above it and whether it must
//! stay on the same page as the band that follows. Paginating is then one rule:
//! a chain of bands that keep together moves to the next page whole when it does
//! not fit, unless it is longer than a page. Headings keep with what follows;
//! a paragraph's first two and last two lines keep together (no orphans, no
//! widows).
//!
//! Bands also carry the manual's logical structure, for the tagged PDF: an
//! element may open a structure element (`Element::Open`: a heading, a list
//! item, a table cell, a figure) and a later one close it (`Element::Close`),
//! so the structure runs across bands and pages in reading order while
//! pagination moves bands whole.

use super::paragraph::Line;
use super::write::Rgb;
use crate::fonts::Face;

/// What a page looks like around its text block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStyle {
    /// No running header or footer.
    Cover,
    /// The running header and the "Página N de M" footer.
    Body,
    /// A body page turned sideways (a wide flowchart): the same header and
    /// footer, along its long side.
    Landscape,
}

impl PageStyle {
    /// Whether the page carries the running header and footer.
    pub fn has_chrome(self) -> bool {
        !matches!(self, PageStyle::Cover)
    }
}

/// How a list numbers its items (for readers that announce it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    Decimal,
    LowerAlpha,
    Bullet,
}

/// A structure element of the tagged PDF, opened by `Element::Open`.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// A heading of level 1 to 6, with its text (PDF/UA asks for it).
    Heading(u8, String),
    Paragraph,
    List(Numbering),
    ListItem,
    /// An item's number or letter, as printed ("10.", "a)").
    Label,
    /// An item's text.
    ListBody,
    Table,
    /// A table's rows continued on a later page: a table of its own, under
    /// its head printed again.
    TableContinued,
    TableHead,
    TableBody,
    Row,
    /// A header cell, for the cells of its column.
    HeaderCell,
    /// A header cell, for the cells of its row.
    RowHeaderCell,
    /// A cell across a table's columns (how many) that heads the rows after
    /// it.
    GroupCell(u32),
    Cell,
    Contents,
    ContentsItem,
    /// The part of a contents entry that points to its place.
    Reference,
    /// A link: the annotations of the `Element::Link`s inside it and the text
    /// they cover. The string describes where it goes.
    Link(String),
    /// A picture (an organization chart, a flowchart) and what it shows, in
    /// words, for those who cannot see it.
    Figure(String),
    /// A group with no meaning of its own (a block of signatures).
    Division,
    /// What is drawn for the eye only (dot leaders): not read, not in the
    /// structure.
    Artifact,
}

/// Something drawn inside a band, in points from the band's top-left corner
/// (y grows downwards, as the text is read).
#[derive(Debug, Clone)]
pub enum Element {
    /// A laid-out line with its baseline at `baseline`.
    Line {
        line: Line,
        x: f32,
        baseline: f32,
        size: f32,
        ink: Rgb,
    },
    /// The page number of a destination, right-aligned at `right` (contents).
    PageOf {
        dest: String,
        right: f32,
        baseline: f32,
        size: f32,
        face: Face,
    },
    /// A straight stroke.
    Stroke {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        ink: Rgb,
    },
    /// A rectangle, outlined (`stroke`: colour and width) and/or filled.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        stroke: Option<(Rgb, f32)>,
        fill: Option<Rgb>,
    },
    /// An outline of straight segments and cubic curves (`true` marks a
    /// control point), closed and filled/outlined, or an open line.
    Path {
        points: Vec<(f32, f32, bool)>,
        closed: bool,
        stroke: Option<(Rgb, f32)>,
        fill: Option<Rgb>,
    },
    /// A clickable area that goes to a destination of the document; `alt`
    /// says where, for a reader who cannot see the page (empty: the enclosing
    /// `Role::Link`'s words).
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        dest: String,
        alt: String,
    },
    /// Opens a structure element: what follows, up to its `Close`, belongs
    /// to it.
    Open(Role),
    /// Closes the structure element opened last.
    Close,
}

impl Element {
    /// The same element `dy` points lower in its band.
    pub fn lowered(self, dy: f32) -> Element {
        match self {
            Element::Line {
                line,
                x,
                baseline,
                size,
                ink,
            } => Element::Line {
                line,
                x,
                baseline: baseline + dy,
                size,
                ink,
            },
            Element::PageOf {
                dest,
                right,
                baseline,
                size,
                face,
            } => Element::PageOf {
                dest,
                right,
                baseline: baseline + dy,
                size,
                face,
            },
            Element::Stroke {
                from,
                to,
                width,
                ink,
            } => Element::Stroke {
                from: (from.0, from.1 + dy),
                to: (to.0, to.1 + dy),
                width,
                ink,
            },
            Element::Rect {
                x,
                y,
                w,
                h,
                stroke,
                fill,
            } => Element::Rect {
                x,
                y: y + dy,
                w,
                h,
                stroke,
                fill,
            },
            Element::Path {
                points,
                closed,
                stroke,
                fill,
            } => Element::Path {
                points: points.into_iter().map(|(x, y, c)| (x, y + dy, c)).collect(),
                closed,
                stroke,
                fill,
            },
            Element::Link {
                x,
                y,
                w,
                h,
                dest,
                alt,
            } => Element::Link {
                x,
                y: y + dy,
                w,
                h,
                dest,
                alt,
            },
            other => other,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Band {
    pub height: f32,
    /// Space above the band; dropped at the top of a page.
    pub gap: f32,
    pub keep_with_next: bool,
    /// Start a new page of this style before the band.
    pub new_page: Option<PageStyle>,
    pub elements: Vec<Element>,
    /// Destinations (a unit, a function) whose place is this band's top.
    pub dests: Vec<String>,
    /// What it prints changed since the previous version: a bar in the margin.
    pub changed: bool,
    /// A band printed above this one when it starts a page: a table's head
    /// row above its continued rows. It ends the table before it and begins
    /// it anew (readers find each page's part of a table with its head).
    pub repeat: Option<std::sync::Arc<Band>>,
    /// The procedure, form or guide that starts here: the running header
    /// names it on the pages it runs over.
    pub running: Option<String>,
    /// What it draws is left out when it starts a page (a unit's rule under
    /// the header's rule); its place and its structure stay.
    pub hidden_at_top: bool,
}

impl Band {
    pub fn space(height: f32) -> Band {
        Band {
            height,
            ..Band::default()
        }
    }
}

/// A band placed on a page: its top, in points below the top of the text block.
#[derive(Debug)]
pub struct Placed {
    pub top: f32,
    pub band: Band,
}

#[derive(Debug)]
pub struct Page {
    pub style: PageStyle,
    pub bands: Vec<Placed>,
}

/// Breaks the flow into pages whose text block is `height` points tall.
pub fn paginate(bands: Vec<Band>, height: f32) -> Vec<Page> {
    paginate_sized(bands, |_| height)
}

/// Breaks the flow into pages whose text block is as tall as `height` says
/// for the page's style (a landscape page is shorter). A page a band starts
/// with `new_page` has that band's style; a page the flow runs on to is a
/// body page.
pub fn paginate_sized(bands: Vec<Band>, height_of: impl Fn(PageStyle) -> f32) -> Vec<Page> {
    let mut height = height_of(PageStyle::Body);
    let mut pages: Vec<Page> = Vec::new();
    let mut page = Page {
        style: PageStyle::Body,
        bands: Vec::new(),
    };
    let mut y = 0.0_f32;
    let mut bands = bands.into_iter().peekable();
    let mut chain: Vec<Band> = Vec::new();
    while let Some(first) = bands.next() {
        if let Some(style) = first.new_page {
            if !page.bands.is_empty() {
                pages.push(std::mem::replace(
                    &mut page,
                    Page {
                        style,
                        bands: Vec::new(),
                    },
                ));
            }
            page.style = style;
            height = height_of(style);
            y = 0.0;
        }
        // The chain of bands that keep with each other, starting here.
        chain.clear();
        let mut keep = first.keep_with_next;
        chain.push(first);
        while keep {
            match bands.peek() {
                Some(next) if next.new_page.is_none() => {
                    keep = next.keep_with_next;
                    chain.extend(bands.next());
                }
                _ => break,
            }
        }
        let alone: f32 = chain
            .iter()
            .enumerate()
            .map(|(i, b)| b.height + if i > 0 { b.gap } else { 0.0 })
            .sum();
        let here = alone + if y > 0.0 { chain[0].gap } else { 0.0 };
        if y > 0.0 && y + here > height + 0.01 && alone <= height {
            new_page(&mut pages, &mut page, &mut y);
            height = height_of(PageStyle::Body);
        }
        for band in chain.drain(..) {
            let gap = if y > 0.0 { band.gap } else { 0.0 };
            if y > 0.0 && y + gap + band.height > height + 0.01 {
                new_page(&mut pages, &mut page, &mut y);
                height = height_of(PageStyle::Body);
                place(&mut page, &mut y, band, 0.0);
            } else {
                place(&mut page, &mut y, band, gap);
            }
        }
    }
    if !page.bands.is_empty() || pages.is_empty() {
        pages.push(page);
    }
    pages
}

fn new_page(pages: &mut Vec<Page>, page: &mut Page, y: &mut f32) {
    let style = PageStyle::Body;
    pages.push(std::mem::replace(
        page,
        Page {
            style,
            bands: Vec::new(),
        },
    ));
    *y = 0.0;
}

fn place(page: &mut Page, y: &mut f32, mut band: Band, gap: f32) {
    if *y == 0.0 && band.hidden_at_top {
        band.elements
            .retain(|e| matches!(e, Element::Open(_) | Element::Close));
    }
    if *y == 0.0
        && let Some(head) = &band.repeat
    {
        // The table so far (its body and itself) ends on the page before;
        // here it goes on, under its head printed again.
        let mut elements = vec![
            Element::Close,
            Element::Close,
            Element::Open(Role::TableContinued),
        ];
        elements.extend(head.elements.iter().cloned());
        elements.push(Element::Open(Role::TableBody));
        page.bands.push(Placed {
            top: 0.0,
            band: Band {
                elements,
                dests: Vec::new(),
                changed: false,
                repeat: None,
                new_page: None,
                running: None,
                hidden_at_top: false,
                ..(**head).clone()
            },
        });
        *y = head.height;
    }
    let top = *y + gap;
    *y = top + band.height;
    page.bands.push(Placed { top, band });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(height: f32, keep: bool) -> Band {
        Band {
            height,
            gap: 5.0,
            keep_with_next: keep,
            ..Band::default()
        }
    }

    #[test]
    fn bands_fill_pages_and_gaps_vanish_at_the_top() {
        let pages = paginate((0..10).map(|_| band(20.0, false)).collect(), 100.0);
        // 20 + 4 × 25 = 120 > 100: four bands a page.
        assert_eq!(
            pages.iter().map(|p| p.bands.len()).collect::<Vec<_>>(),
            [4, 4, 2]
        );
        assert!(pages.iter().all(|p| p.bands[0].top == 0.0));
    }

    #[test]
    fn a_chain_that_does_not_fit_moves_whole() {
        let mut bands = vec![band(20.0, false), band(20.0, false), band(20.0, false)];
        // A heading and two lines that keep together: 3 × 25 from y = 70.
        bands.extend([band(10.0, true), band(20.0, true), band(20.0, false)]);
        let pages = paginate(bands, 100.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].bands.len(), 3);
        assert_eq!(pages[1].bands.len(), 3);
    }

    #[test]
    fn a_chain_longer_than_a_page_breaks_where_it_must() {
        let bands: Vec<Band> = (0..8).map(|i| band(20.0, i < 7)).collect();
        let pages = paginate(bands, 100.0);
        assert_eq!(pages.len(), 2);
        for page in &pages {
            let last = page.bands.last().unwrap();
            assert!(last.top + last.band.height <= 100.0);
        }
    }

    #[test]
    fn a_new_page_band_starts_a_page_of_its_style() {
        let mut cover = band(50.0, false);
        cover.new_page = Some(PageStyle::Cover);
        let mut body = band(10.0, false);
        body.new_page = Some(PageStyle::Body);
        let pages = paginate(vec![cover, body, band(10.0, false)], 100.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].style, PageStyle::Cover);
        assert_eq!(pages[1].style, PageStyle::Body);
        assert_eq!(pages[1].bands.len(), 2);
    }
}
