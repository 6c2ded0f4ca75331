//! Paginated bands → drawing operations, page by page: where each destination
//! landed is known by now, so the contents get their page numbers and every
//! link its target (the second pass); every page after the cover gets the
//! running header and the footer with "Página N de M", the clave and the
//! version; a draft gets BORRADOR across every page.

use std::collections::HashMap;

use super::compose::{LinkTo, MUTED, RULE_INK, dest_key};
use super::flow::{Element, Page, PageStyle};
use super::write::{BLACK, Canvas, Decoration, LinkTarget, PageSize, Rgb};
use crate::fonts::{Face, Fonts};
use crate::i18n::Lang;

/// Links in the default theme's accent (`--accent: #0b5a4a` in norma.css),
/// as on the site.
const LINK_INK: Rgb = [11.0 / 255.0, 90.0 / 255.0, 74.0 / 255.0];
const DRAFT_INK: Rgb = [0.86, 0.86, 0.86];
const CHROME: f32 = 8.0;
/// A change bar: how far left of the text block, and how wide.
const BAR_OFFSET: f32 = 10.0;
const BAR_WIDTH: f32 = 1.5;

/// The page and its text block, in points.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub page: PageSize,
    /// Top, right, bottom, left.
    pub margins: [f32; 4],
}

impl Geometry {
    pub fn width(&self) -> f32 {
        self.page.width - self.margins[1] - self.margins[3]
    }

    pub fn height(&self) -> f32 {
        self.page.height - self.margins[0] - self.margins[2]
    }

    /// The same paper turned sideways, with the same margins from its new
    /// top, right, bottom and left edges.
    pub fn landscape(&self) -> Geometry {
        Geometry {
            page: PageSize {
                width: self.page.height,
                height: self.page.width,
            },
            margins: self.margins,
        }
    }

    /// The geometry of a page of `style`.
    pub fn of(&self, style: PageStyle) -> Geometry {
        match style {
            PageStyle::Landscape => self.landscape(),
            _ => *self,
        }
    }
}

/// What repeats on every page.
pub struct Chrome<'a> {
    pub header: &'a str,
    /// Page by page, the procedure, form or guide the page is in (empty:
    /// none), under the header.
    pub running: Vec<String>,
    /// "Clave: 9000-002-001 · Versión 3.1".
    pub footer: String,
    pub draft: Option<&'a str>,
    pub lang: Lang,
    /// The PDF's own path in the site, for relative links to pages it lacks.
    pub path: &'a str,
}

/// Where each destination landed: page (0-based) and the height of its top,
/// in points from the top of the page (a little above, so that the line is
/// seen whole when a reader jumps there).
pub type Places = HashMap<String, (usize, f32)>;

pub fn places(pages: &[Page], geometry: &Geometry) -> Places {
    let mut out = HashMap::new();
    for (n, page) in pages.iter().enumerate() {
        for placed in &page.bands {
            for dest in &placed.band.dests {
                let y = geometry.margins[0] + placed.top - 4.0;
                out.entry(dest.clone()).or_insert((n, y.max(0.0)));
            }
        }
    }
    out
}

/// Draws page `n` of `pages` on `canvas`.
#[allow(clippy::too_many_arguments)]
pub fn draw(
    canvas: &mut Canvas,
    n: usize,
    page: &Page,
    total: usize,
    geometry: &Geometry,
    chrome: &Chrome,
    places: &Places,
    links: &[LinkTo],
    fonts: &Fonts,
) {
    let geometry = &geometry.of(page.style);
    let PageSize { width, height } = geometry.page;
    let [top, right, bottom, left] = geometry.margins;
    if let Some(mark) = chrome.draft {
        // Across the page, under everything else; drawn as shapes, not text:
        // it is to be seen, not read, copied or found by a search.
        canvas.watermark(
            mark,
            Face::Bold,
            90.0,
            (width / 2.0, height / 2.0),
            45.0,
            DRAFT_INK,
        );
    }
    if page.style.has_chrome() {
        let block = width - left - right;
        // The running header, smaller if it would not fit on one line.
        let mut size = CHROME;
        let header_width = fonts.width(Face::Bold, chrome.header, size);
        if header_width > block {
            size *= block / header_width;
        }
        let header_width = fonts.width(Face::Bold, chrome.header, size);
        // Under it, smaller, the procedure, form or guide of the page.
        let running = chrome.running.get(n).map_or("", String::as_str);
        let (header_y, running_size) = if running.is_empty() {
            (top - 20.0, 0.0)
        } else {
            let size = CHROME * 0.9;
            let width = fonts.width(Face::Regular, running, size);
            (
                top - 29.0,
                if width > block {
                    size * block / width
                } else {
                    size
                },
            )
        };
        canvas.decoration(Decoration::Header, |canvas| {
            canvas.text(
                chrome.header,
                Face::Bold,
                (left + (block - header_width) / 2.0, header_y),
                size,
                MUTED,
            );
            if !running.is_empty() {
                let width = fonts.width(Face::Regular, running, running_size);
                canvas.text(
                    running,
                    Face::Regular,
                    (left + (block - width) / 2.0, top - 18.5),
                    running_size,
                    MUTED,
                );
            }
            canvas.stroke(
                (left, top - 12.0),
                (width - right, top - 12.0),
                0.5,
                RULE_INK,
            );
        });
    }
    let target = |to: &LinkTo| -> LinkTarget {
        match to {
            LinkTo::Site(url) => match places.get(&dest_key(url)) {
                Some(&(page, y)) => LinkTarget::Place { page, y },
                None => LinkTarget::Uri(crate::document::relative(chrome.path, url)),
            },
            LinkTo::Uri(uri) => LinkTarget::Uri(uri.clone()),
        }
    };
    // Change bars, in the left margin beside every band that changed since
    // the previous version; one bar across the gap between two such bands.
    let mut bar_from: Option<f32> = None;
    let mut bar_to = 0.0_f32;
    for placed in &page.bands {
        let (band_top, band_bottom) = (placed.top, placed.top + placed.band.height);
        if !placed.band.changed {
            if let Some(from) = bar_from.take() {
                change_bar(canvas, geometry, from, bar_to);
            }
            continue;
        }
        bar_from.get_or_insert(band_top);
        bar_to = band_bottom;
    }
    if let Some(from) = bar_from {
        change_bar(canvas, geometry, from, bar_to);
    }
    for placed in &page.bands {
        let origin_y = top + placed.top;
        let at = |x: f32, y: f32| (left + x, origin_y + y);
        for element in &placed.band.elements {
            match element {
                Element::Open(role) => canvas.open(role),
                Element::Close => canvas.close(),
                Element::Line {
                    line,
                    x,
                    baseline,
                    size,
                    ink,
                } => {
                    let text_of = |id: u32| {
                        let to = links.get(id as usize)?;
                        let words = line.link_text(id);
                        let alt = match to {
                            LinkTo::Uri(uri) => chrome.lang.t(
                                format!("{words} (enlace externo: {uri})"),
                                format!("{words} (external link: {uri})"),
                            ),
                            LinkTo::Site(_) => words,
                        };
                        Some((target(to), alt))
                    };
                    canvas.line(line, at(*x, *baseline), *size, *ink, LINK_INK, &text_of);
                }
                Element::PageOf {
                    dest,
                    right: r,
                    baseline,
                    size,
                    face,
                } => {
                    let text = places
                        .get(dest)
                        .map(|(page, _)| (page + 1).to_string())
                        .unwrap_or_default();
                    let w = fonts.width(*face, &text, *size);
                    canvas.text(&text, *face, at(*r - w, *baseline), *size, BLACK);
                }
                Element::Stroke {
                    from,
                    to,
                    width,
                    ink,
                } => canvas.stroke(at(from.0, from.1), at(to.0, to.1), *width, *ink),
                Element::Rect {
                    x,
                    y,
                    w,
                    h,
                    stroke,
                    fill,
                } => {
                    let (px, py) = at(*x, *y);
                    canvas.rect((px, py, *w, *h), *fill, *stroke);
                }
                Element::Path {
                    points,
                    closed,
                    stroke,
                    fill,
                } => {
                    let placed: Vec<(f32, f32, bool)> = points
                        .iter()
                        .map(|&(x, y, control)| {
                            let (px, py) = at(x, y);
                            (px, py, control)
                        })
                        .collect();
                    canvas.path(&placed, *closed, *fill, *stroke);
                }
                Element::Link {
                    x,
                    y,
                    w,
                    h,
                    dest,
                    alt,
                } => {
                    if let Some(&(page, y_to)) = places.get(dest) {
                        let (px, py) = at(*x, *y);
                        canvas.link(
                            [px, py, px + w, py + h],
                            LinkTarget::Place { page, y: y_to },
                            alt,
                        );
                    }
                }
            }
        }
    }
    // The footer last, so that a copied page reads header, text, footer.
    if page.style.has_chrome() {
        let number = chrome.lang.t(
            format!("Página {} de {total}", n + 1),
            format!("Page {} of {total}", n + 1),
        );
        let number_width = fonts.width(Face::Regular, &number, CHROME);
        canvas.decoration(Decoration::Footer, |canvas| {
            canvas.stroke(
                (left, height - bottom + 12.0),
                (width - right, height - bottom + 12.0),
                0.5,
                RULE_INK,
            );
            canvas.text(
                &chrome.footer,
                Face::Regular,
                (left, height - bottom + 24.0),
                CHROME,
                MUTED,
            );
            canvas.text(
                &number,
                Face::Regular,
                (width - right - number_width, height - bottom + 24.0),
                CHROME,
                MUTED,
            );
        });
    }
}

/// A change bar beside the text block from `from` to `to` (points below the
/// top of the block), drawn as a filled rectangle so that its ends are square.
fn change_bar(canvas: &mut Canvas, geometry: &Geometry, from: f32, to: f32) {
    let [top, _, _, left] = geometry.margins;
    let x = left - BAR_OFFSET - BAR_WIDTH / 2.0;
    canvas.decoration(Decoration::Layout, |canvas| {
        canvas.rect((x, top + from, BAR_WIDTH, to - from), Some(BLACK), None);
    });
}
