//! A procedure's flowchart as geometry, in points, from its steps: one swimlane
//! per actor, ANSI symbols (terminal, activity, decision, document, off-page
//! connector), and every arrow routed so that it never crosses a symbol. The
//! HTML draws it as inline SVG, the PDF as vectors; both read the same
//! symbols, lines and labels from here.
//!
//! Placement. The steps are packed in their lanes in order, each as high as
//! its lane allows: a skyline packing (the bottom-left heuristic of Baker,
//! Coffman and Rivest, "Orthogonal packings in two dimensions", SIAM J.
//! Computing 9, 1980), one column per lane, where the lines are packed too.
//! Each lane keeps the lowest height anything in it takes so far; a step's
//! band (its box, documents, diamond, answers and what it ends in) goes
//! under it, and a line that runs across a lane takes the lane down to its
//! height, so nothing placed later lies over a line and no two lines across
//! a lane share a height. A step in another lane than the one before sits
//! beside it when it can: the arrow leaves the box's side (or the diamond's
//! corner that faces it) and runs straight across into the next box's side,
//! or along to above it and down into its top, where the lanes between are
//! free at that height; else it goes down from the port below the step and
//! along. So a chart is as tall as its steps' chain needs, not one band per
//! step.
//!
//! Routing. Every other arrow (a `goto`, a decision's branch to a step
//! further away, a jump back) leaves its box's side, or its diamond's corner,
//! at a height where the lanes it crosses are free, or else goes down from its
//! port below the step; runs along to a vertical channel at the left edge of
//! the target's lane; and enters the target's box from the left. Channels hold
//! nothing but lines, and each line gets its own track in a channel (interval
//! partitioning), so no arrow crosses a box and no two run on top of each
//! other (lines into one box join at its entry).
//!
//! Pages. Given a height, the steps are cut into pages: a page takes steps
//! while they fit, laid out as if it ended there; an arrow whose ends are on
//! different pages ends in an off-page connector (the pentagon) numbered
//! with the activity it goes to, and the target is marked with the same.
//!
//! Layout. Each page is laid out in four stages, one module each: `rows`
//! reads each step once (text wrapped, where each arrow leaves and goes) and
//! places the page's steps and the heights of its lines (`rows::Route`);
//! `tracks` gives each line its track in a channel, which sets how wide the
//! lanes are; `symbols` draws each step's symbols inside its band; `edges`
//! draws the lines along the heights and channels.
//!
//! One known exception to the promise (tests/flowchart.rs, ignored): a
//! decision has three corners, and a fourth branch leaves by the left one
//! again; when one of the two goes to another page, the other's line runs
//! down through its connector.

mod edges;
mod rows;
mod symbols;
mod tracks;

use crate::document::ProcedureDoc;
use crate::i18n::Lang;
use rows::Row;

/// Sizes a chart is laid out with: the screen's or the printed page's.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Text size inside symbols.
    pub size: f32,
    pub leading: f32,
    /// Size of the branches' answers and the connectors' numbers.
    pub small: f32,
    /// A safe average advance per character, as a share of the size, used to
    /// wrap text before it is drawn on screen (the reader's browser picks the
    /// face); `None` in print, where text is measured in the PDF's own face.
    pub advance: Option<f32>,
    /// Width of an activity box.
    pub box_width: f32,
    /// The language whose syllables a word too wide for its box is cut at
    /// (`flowchart` sets the chart's).
    pub lang: Lang,
}

impl Style {
    /// The site's inline SVG.
    pub const SCREEN: Style = Style {
        size: 11.0,
        leading: 13.5,
        small: 10.0,
        advance: Some(0.52),
        box_width: 176.0,
        lang: Lang::Es,
    };

    /// The smallest type a printed chart sets: its text, documents, answers
    /// and connector numbers are all at least this size.
    pub const PRINT_MIN: f32 = 6.0;

    /// A printed text block `width` points wide with `lanes` lanes: one type
    /// size for every symbol's text (6.5 pt), answers and connector numbers
    /// at 6 pt, and boxes as wide as the lanes allow. A lane is its channel
    /// (about 20 pt), its box and a small right margin; `flowchart` callers
    /// narrow `box_width` when the channels come out wider.
    pub fn print(width: f32, lanes: usize) -> Style {
        let lanes = lanes.max(1) as f32;
        let box_width = (width / lanes - 24.0).clamp(56.0, 170.0);
        Style {
            size: 6.2,
            leading: 7.3,
            small: Self::PRINT_MIN,
            advance: None,
            box_width,
            lang: Lang::Es,
        }
    }

    /// The width `text` takes at `size`: measured in the PDF's regular face,
    /// or estimated on screen.
    pub fn text_width(&self, text: &str, size: f32) -> f32 {
        match self.advance {
            Some(advance) => text.chars().count() as f32 * size * advance,
            None => crate::fonts::measure(crate::fonts::Face::Regular, text, size),
        }
    }

    /// `text` in lines no wider than `width` at `size`, the first no wider
    /// than `first`.
    pub fn wrap(&self, text: &str, size: f32, width: f32, first: f32) -> Vec<String> {
        let lang = match self.lang {
            Lang::Es => hypher::Lang::Spanish,
            Lang::En => hypher::Lang::English,
        };
        rows::wrap(
            text,
            width,
            first,
            |t| self.text_width(t, size),
            |word| syllables(word, lang),
        )
    }
}

/// Where `word` may be cut: byte offsets between its syllables (TeX's
/// patterns, as the PDF's paragraphs use), after a hyphen of its own, and
/// never inside the punctuation around it.
fn syllables(word: &str, lang: hypher::Lang) -> Vec<usize> {
    let start = word.find(char::is_alphabetic).unwrap_or(word.len());
    let end = word.rfind(char::is_alphabetic).map_or(start, |i| {
        i + word[i..].chars().next().map_or(1, char::len_utf8)
    });
    let mut out: Vec<usize> = word.match_indices('-').map(|(i, _)| i + 1).collect();
    if start < end {
        let core = &word[start..end];
        let lower = core.to_lowercase();
        if lower.len() == core.len() && core.chars().all(char::is_alphabetic) {
            let mut at = start;
            for syllable in hypher::hyphenate(&lower, lang) {
                at += syllable.len();
                if at < end {
                    out.push(at);
                }
            }
        }
    }
    out.sort_unstable();
    out
}

/// The ANSI symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Inicio / Fin: a rounded terminal.
    Terminal,
    /// An activity: a rectangle with its number.
    Activity,
    /// A decision: a diamond holding the question.
    Decision,
    /// A document the step produces or uses: a sheet with a wavy foot.
    Document,
    /// A connector to or from another page: a pentagon pointing down.
    OffPage,
}

#[derive(Debug, Clone)]
pub struct Symbol {
    pub kind: Kind,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// The activity's number, drawn bold before its text.
    pub number: Option<String>,
    /// The text, already wrapped.
    pub lines: Vec<String>,
    /// Text size of `lines`.
    pub size: f32,
    /// The step (0-based) this symbol is, belongs to, or (for a connector)
    /// leads to: where a click on it goes.
    pub step: Option<usize>,
}

/// One point of an outline; `control` marks the two control points of a cubic
/// curve that ends at the next point that is not one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathPoint {
    pub x: f32,
    pub y: f32,
    pub control: bool,
}

fn at(x: f32, y: f32) -> PathPoint {
    PathPoint {
        x,
        y,
        control: false,
    }
}

fn control(x: f32, y: f32) -> PathPoint {
    PathPoint {
        x,
        y,
        control: true,
    }
}

impl Symbol {
    /// The closed outline of the symbol, for both renderers.
    pub fn outline(&self) -> Vec<PathPoint> {
        let (x, y, w, h) = (self.x, self.y, self.w, self.h);
        match self.kind {
            Kind::Activity => vec![at(x, y), at(x + w, y), at(x + w, y + h), at(x, y + h)],
            Kind::Decision => vec![
                at(x + w / 2.0, y),
                at(x + w, y + h / 2.0),
                at(x + w / 2.0, y + h),
                at(x, y + h / 2.0),
            ],
            Kind::Terminal => {
                // A rectangle with half-circle ends (κ approximates a quarter circle).
                let r = h / 2.0;
                let k = 0.5523 * r;
                vec![
                    at(x + r, y),
                    at(x + w - r, y),
                    control(x + w - r + k, y),
                    control(x + w, y + r - k),
                    at(x + w, y + r),
                    control(x + w, y + r + k),
                    control(x + w - r + k, y + h),
                    at(x + w - r, y + h),
                    at(x + r, y + h),
                    control(x + r - k, y + h),
                    control(x, y + r + k),
                    at(x, y + r),
                    control(x, y + r - k),
                    control(x + r - k, y),
                    at(x + r, y),
                ]
            }
            Kind::Document => {
                let d = (h * 0.14).min(3.0);
                vec![
                    at(x, y),
                    at(x + w, y),
                    at(x + w, y + h - d),
                    control(x + w * 0.7, y + h - d * 3.2),
                    control(x + w * 0.35, y + h + d * 1.6),
                    at(x, y + h - d * 0.4),
                ]
            }
            Kind::OffPage => {
                let shoulder = h * 0.55;
                vec![
                    at(x, y),
                    at(x + w, y),
                    at(x + w, y + shoulder),
                    at(x + w / 2.0, y + h),
                    at(x, y + shoulder),
                ]
            }
        }
    }

    /// Where the text block sits: its top and its height.
    pub fn text_top(&self, leading: f32) -> f32 {
        let block = self.lines.len() as f32 * leading;
        match self.kind {
            Kind::Activity => self.y + PAD,
            Kind::Document => self.y + (self.h - 3.0 - block) / 2.0,
            Kind::OffPage => self.y + (self.h * 0.55 - block) / 2.0 + 0.5,
            _ => self.y + (self.h - block) / 2.0,
        }
    }
}

/// A connecting line; `arrow` puts an arrowhead at its last point.
#[derive(Debug, Clone)]
pub struct Edge {
    pub points: Vec<(f32, f32)>,
    pub arrow: bool,
    /// A dotted association (a step and its document), not a flow.
    pub dotted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    End,
}

/// A branch's answer ("Sí", "No") beside where it leaves the diamond.
#[derive(Debug, Clone)]
pub struct Label {
    pub x: f32,
    pub baseline: f32,
    pub text: String,
    pub anchor: Anchor,
}

#[derive(Debug, Clone)]
pub struct Lane {
    pub x: f32,
    pub w: f32,
    /// The actor's name, wrapped.
    pub lines: Vec<String>,
}

/// One page of a chart (the whole chart on screen).
#[derive(Debug, Clone)]
pub struct FlowPage {
    pub width: f32,
    pub height: f32,
    /// Height of the lane titles' row at the top.
    pub head: f32,
    pub lanes: Vec<Lane>,
    pub symbols: Vec<Symbol>,
    pub edges: Vec<Edge>,
    pub labels: Vec<Label>,
    /// The steps drawn on this page (0-based, first and one past the last).
    pub steps: (usize, usize),
}

#[derive(Debug, Clone)]
pub struct Flowchart {
    pub style: Style,
    pub pages: Vec<FlowPage>,
}

const PAD: f32 = 4.0;
/// The share of a box's width its documents take, under its right side (the
/// line down to the next step, or to the step's diamond, runs under its left
/// side).
const DOCUMENT_SHARE: f32 = 0.62;

/// Space between a step's band and the next one's in its lane.
const GAP: f32 = 10.0;
/// Distance between parallel lines in a channel, and from a line across a
/// lane to what is above it.
const TRACK: f32 = 6.0;
const CONNECTOR: f32 = 15.0;
const TERMINAL_HEIGHT: f32 = 15.0;

/// The flowchart of a procedure; with `page_height`, cut into pages no taller.
pub fn flowchart(
    p: &ProcedureDoc,
    style: Style,
    lang: Lang,
    page_height: Option<f32>,
) -> Flowchart {
    let style = Style { lang, ..style };
    let rows = rows::read(&p.steps, &style);
    let lanes_count = p.actors.len().max(1);
    let head_lines: Vec<Vec<String>> = p
        .actors
        .iter()
        .map(|(_, name)| {
            // Lane titles are bold: a tenth wider than the regular face.
            let width = (style.box_width + 10.0) / 1.1;
            style.wrap(name, style.size, width, width)
        })
        .collect();
    let head =
        head_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * style.leading + 2.0 * PAD;
    // Cut the steps into pages: a page takes steps while it fits, laid out
    // as if it ended there (every arrow to a later step ends in a
    // connector). The first step that does not fit starts the next page.
    let page_of = |(first, end)| {
        let span = Span { first, end };
        page(&rows, span, &head_lines, head, lanes_count, &style, lang)
    };
    let Some(limit) = page_height else {
        return Flowchart {
            style,
            pages: vec![page_of((0, rows.len()))],
        };
    };
    let mut pages: Vec<FlowPage> = Vec::new();
    let mut start = 0;
    while start < rows.len() {
        let mut end = start + 1;
        let mut best = page_of((start, end));
        while end < rows.len() {
            let next = page_of((start, end + 1));
            if next.height > limit {
                break;
            }
            best = next;
            end += 1;
        }
        pages.push(best);
        start = end;
    }
    Flowchart { style, pages }
}

/// The steps a page holds: `first` up to, not including, `end` (0-based).
#[derive(Debug, Clone, Copy)]
struct Span {
    first: usize,
    end: usize,
}

impl Span {
    fn holds(self, step: usize) -> bool {
        step >= self.first && step < self.end
    }

    fn len(self) -> usize {
        self.end - self.first
    }

    /// The page's rows: each one's place on the page and its step.
    fn rows(self) -> impl Iterator<Item = (usize, usize)> {
        (self.first..self.end).enumerate()
    }
}

/// A page laid out, stage by stage.
struct Laid {
    placed: rows::Placed,
    columns: tracks::Columns,
    drawn: symbols::Drawn,
    /// The lines between steps.
    lines: Vec<Edge>,
}

/// One page of the chart, laid out in four stages: the steps' places and the
/// heights of the lines (`rows`), the channels' tracks and so the lanes'
/// widths (`tracks`), the symbols of each step (`symbols`), and the lines
/// between steps (`edges`).
fn lay_out(
    rows: &[Row],
    span: Span,
    head: f32,
    lanes_count: usize,
    style: &Style,
    lang: Lang,
) -> Laid {
    let placed = rows::place(rows, span, head, lanes_count);
    let mut jumps = tracks::jumps(rows, span, &placed, lanes_count);
    let runs: Vec<tracks::Run> = jumps.iter().map(|j| j.run).collect();
    let (assigned, _) = tracks::assign(&runs, lanes_count);
    let lane_tracks = tracks::lane_tracks(&runs, &assigned, lanes_count);
    for (jump, track) in jumps.iter_mut().zip(assigned) {
        jump.track = track;
    }
    let columns = tracks::Columns::new(&lane_tracks, style, lanes_count);
    let drawn = symbols::draw(rows, span, &placed, &columns, style, lang);
    let lines = edges::route(rows, span, &placed, &jumps, &columns, &drawn.ports);
    Laid {
        placed,
        columns,
        drawn,
        lines,
    }
}

/// The page of the rows of `span`, with the lanes' titles `head_lines` in a
/// row `head` tall at the top.
fn page(
    rows: &[Row],
    span: Span,
    head_lines: &[Vec<String>],
    head: f32,
    lanes_count: usize,
    style: &Style,
    lang: Lang,
) -> FlowPage {
    let Laid {
        placed,
        columns,
        drawn,
        lines,
    } = lay_out(rows, span, head, lanes_count, style, lang);
    let mut edges = drawn.edges;
    edges.extend(lines);
    FlowPage {
        width: columns.width(),
        height: placed.height,
        head,
        lanes: (0..lanes_count)
            .map(|l| Lane {
                x: columns.lane_x(l),
                w: columns.lane_w(l),
                lines: head_lines.get(l).cloned().unwrap_or_default(),
            })
            .collect(),
        symbols: drawn.symbols,
        edges,
        labels: drawn.labels,
        steps: (span.first, span.end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Inline, SiteUrl, StepDoc};

    /// A procedure of `count` steps in `lanes` lanes with something of
    /// everything: texts of many lengths, documents, decisions of two and
    /// three branches (to the next step, back, ahead), jumps back, an end.
    pub(super) fn sample(count: usize, lanes: usize) -> ProcedureDoc {
        let words = |n: usize| vec![Inline::Text(vec!["palabra"; n.max(1)].join(" "))];
        let steps = (0..count)
            .map(|i| {
                let number = i + 1;
                let last = number == count;
                let decides = !last && i % 4 == 2;
                let branches = (2 + i % 2).min(count - number + 1);
                StepDoc {
                    number,
                    anchor: format!("s{number}"),
                    actor: format!("a{}", (i * 5 + i / 3) % lanes),
                    lane: (i * 5 + i / 3) % lanes,
                    action: words(3 + (i * 7) % 40),
                    documents: (0..i % 4).map(|d| words(1 + d * 3)).collect(),
                    document_codes: (0..i % 4)
                        .map(|d| (d == 1).then(|| format!("F-{i}")))
                        .collect(),
                    supervised_by: Vec::new(),
                    decision: decides.then(|| {
                        let to = [number + 1, 1 + i / 2, (number + 5).min(count)];
                        (
                            words(6 + i % 9),
                            (0..branches)
                                .map(|b| (["Sí", "No", "Tal vez"][b].to_owned(), to[b]))
                                .collect(),
                        )
                    }),
                    goto: (!last && !decides && i % 7 == 5).then_some(i / 2),
                    end: last,
                    audience: Vec::new(),
                }
            })
            .collect();
        ProcedureDoc {
            code: "muestra".to_owned(),
            name: "Muestra".to_owned(),
            url: SiteUrl {
                path: "p.html".to_owned(),
                anchor: None,
            },
            objective: None,
            scope: None,
            basis: Vec::new(),
            policies: Vec::new(),
            definitions: Vec::new(),
            actors: (0..lanes)
                .map(|l| (format!("a{l}"), format!("Área {l}")))
                .collect(),
            steps,
            documents: Vec::new(),
            annexes: Vec::new(),
            owner: None,
            audience: Vec::new(),
        }
    }

    /// Every page of the sample's charts laid out, with its rows: on screen
    /// whole, and printed in pages of several heights.
    pub(super) fn each_page(check: impl Fn(&[Row], Span, &Laid, &Style)) {
        for (count, lanes) in [(60, 6), (25, 3), (12, 1)] {
            let p = sample(count, lanes);
            for (style, height) in [
                (Style::SCREEN, None),
                (Style::print(468.0, lanes), Some(600.0)),
                (Style::print(468.0, lanes), Some(250.0)),
            ] {
                let rows = rows::read(&p.steps, &style);
                let chart = flowchart(&p, style, Lang::Es, height);
                assert!(chart.pages.len() > usize::from(height == Some(250.0)));
                for page in &chart.pages {
                    let span = Span {
                        first: page.steps.0,
                        end: page.steps.1,
                    };
                    let laid = lay_out(&rows, span, page.head, lanes, &style, Lang::Es);
                    check(&rows, span, &laid, &style);
                }
            }
        }
    }

    #[test]
    fn the_stages_make_the_pages() {
        let p = sample(60, 6);
        let style = Style::print(468.0, 6);
        let chart = flowchart(&p, style, Lang::Es, Some(400.0));
        let covered: Vec<(usize, usize)> = chart.pages.iter().map(|page| page.steps).collect();
        assert_eq!(covered.first().map(|s| s.0), Some(0));
        assert_eq!(covered.last().map(|s| s.1), Some(60));
        for pair in covered.windows(2) {
            assert_eq!(pair[0].1, pair[1].0, "pages follow each other");
        }
        for page in &chart.pages {
            assert!(page.height <= 400.0 || page.steps.1 - page.steps.0 == 1);
        }
    }
}
