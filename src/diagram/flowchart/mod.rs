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
    /// size for every symbol's text, the answers and the connectors' numbers
    /// (6 pt, the least print allows, on 7 pt lines: a chart of many long
    /// steps is read close up, and every point of height is a page fewer),
    /// and boxes as wide as the lanes allow. A lane is its channel (about
    /// 20 pt), its box and a small right margin; `fitted` narrows
    /// `box_width` when the channels come out wider.
    pub fn print(width: f32, lanes: usize) -> Style {
        let lanes = lanes.max(1) as f32;
        let box_width = (width / lanes - tracks::CHANNEL - tracks::RIGHT).clamp(56.0, 170.0);
        Style {
            size: Self::PRINT_MIN,
            leading: 7.0,
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

    /// The width `text` takes in bold: measured in the PDF's bold face, or
    /// estimated on screen (a tenth wider than the regular face).
    pub fn bold_width(&self, text: &str, size: f32) -> f32 {
        match self.advance {
            Some(_) => self.text_width(text, size) * 1.1,
            None => crate::fonts::measure(crate::fonts::Face::Bold, text, size),
        }
    }

    /// `text` in bold in lines no wider than `width` at `size`: a title,
    /// whose words are cut only where three letters or more go on.
    pub fn wrap_bold(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let lang = self.lang();
        let text = &capped(text);
        rows::wrap(
            text,
            width,
            width,
            |t| self.bold_width(t, size),
            |word| {
                let mut cuts = syllables(word, lang);
                cuts.retain(|&b| word[b..].chars().filter(|c| c.is_alphabetic()).count() >= 3);
                cuts
            },
        )
    }

    fn lang(&self) -> hypher::Lang {
        match self.lang {
            Lang::Es => hypher::Lang::Spanish,
            Lang::En => hypher::Lang::English,
        }
    }

    /// `text` in lines no wider than `width` at `size`, the first no wider
    /// than `first`.
    pub fn wrap(&self, text: &str, size: f32, width: f32, first: f32) -> Vec<String> {
        let lang = self.lang();
        let text = &capped(text);
        rows::wrap(
            text,
            width,
            first,
            |t| self.text_width(t, size),
            |word| syllables(word, lang),
        )
    }
}

/// The most of a text a symbol of the chart holds, in bytes: far more than
/// a step's text, and a bound on the layout's work (a step of one word of
/// thousands of letters was wrapped, a piece at a time, for every layout
/// tried). The whole text is in the procedure's table of activities.
const MOST_CHART_TEXT: usize = 3000;

/// `text`, or its first `MOST_CHART_TEXT` bytes and "…".
fn capped(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MOST_CHART_TEXT {
        return text.into();
    }
    let end = crate::source::floor_char_boundary(text, MOST_CHART_TEXT);
    format!("{}…", &text[..end]).into()
}

/// The longest run of letters hyphenated by patterns, in bytes.
const LONGEST_WORD: usize = 64;

/// Where `word` may be cut: byte offsets between its syllables (TeX's
/// patterns, as the PDF's paragraphs use), after a hyphen of its own, and
/// never inside the punctuation around it.
fn syllables(word: &str, lang: hypher::Lang) -> Vec<usize> {
    let start = word.find(char::is_alphabetic).unwrap_or(word.len());
    let end = word.rfind(char::is_alphabetic).map_or(start, |i| {
        i + word[i..].chars().next().map_or(1, char::len_utf8)
    });
    let mut out: Vec<usize> = word.match_indices('-').map(|(i, _)| i + 1).collect();
    // No word of a language is longer: a longer run of letters is cut where
    // it must (and hyphenating it would cost its length at every cut).
    if start < end && end - start <= LONGEST_WORD {
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
const DOCUMENT_SHARE: f32 = 0.7;

/// Space between a step's band and the next one's in its lane.
const GAP: f32 = 9.0;
/// Distance between parallel lines in a channel, and from a line across a
/// lane to what is above it.
const TRACK: f32 = 5.0;
const CONNECTOR: f32 = 15.0;
/// Room between what is above a decision's diamond and its top, for the
/// arrow into it.
const DIAMOND_GAP: f32 = 10.0;
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
            // In bold, as wide as the narrowest lane is, less 3 pt a side.
            let width = style.box_width + tracks::CHANNEL + tracks::RIGHT - 6.0;
            style.wrap_bold(name, style.size, width)
        })
        .collect();
    let head =
        head_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * style.leading + 2.0 * PAD;
    // Cut the steps into pages (`breaks`), each laid out as if it ended
    // there (every arrow to a step on another page ends in a connector).
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
    let pages = breaks(rows.len(), limit, |span| page_of(span).height)
        .into_iter()
        .map(page_of)
        .collect();
    Flowchart { style, pages }
}

/// How far past a page that does not fit `breaks` still tries longer ones:
/// a page's height does not always grow with its steps (an arrow between
/// two of its steps can take less room than the two connectors it replaces).
const LOOKAHEAD: usize = 2;

/// Where `count` steps are cut into pages no taller than `limit`, given the
/// height of the page of each span of steps (`height(first, end)`): the
/// fewest pages (a shortest path over the cuts, as Knuth and Plass break a
/// paragraph into lines), and of those the cuts that fill each page as far
/// as it goes, first to last. A step taller than a page has a page of its
/// own. The spans, in order.
fn breaks(count: usize, limit: f32, height: impl Fn((usize, usize)) -> f32) -> Vec<(usize, usize)> {
    // Per first step, the fewest pages the steps from it to the end take,
    // and where the first of them ends.
    let mut best: Vec<(usize, usize)> = vec![(usize::MAX, count); count + 1];
    best[count] = (0, count);
    for first in (0..count).rev() {
        let mut misses = 0;
        for end in first + 1..=count {
            if end > first + 1 && height((first, end)) > limit {
                misses += 1;
                if misses > LOOKAHEAD {
                    break;
                }
                continue;
            }
            let pages = best[end].0.saturating_add(1);
            if pages <= best[first].0 {
                best[first] = (pages, end);
            }
        }
    }
    let mut spans = Vec::new();
    let mut first = 0;
    while first < count {
        let end = best[first].1.max(first + 1);
        spans.push((first, end));
        first = end;
    }
    spans
}

/// The chart printed: on upright pages of a text block `upright` (width,
/// height), or on pages turned sideways (`sideways`) when that takes fewer
/// pages (its lanes are wider there, so its boxes are shorter), or as many
/// and it has four lanes or more. Says whether it is turned.
pub fn printed(
    p: &ProcedureDoc,
    upright: (f32, f32),
    sideways: (f32, f32),
    lang: Lang,
) -> (Flowchart, bool) {
    let chart = fitted(p, upright, lang);
    let turned = fitted(p, sideways, lang);
    let landscape = turned.pages.len() < chart.pages.len()
        || (turned.pages.len() == chart.pages.len() && p.actors.len() >= 4);
    if landscape {
        (turned, true)
    } else {
        (chart, false)
    }
}

/// The chart laid out for a text block `width` by `height`: its boxes as
/// wide as the lanes allow (the narrowest channels beside them), narrowed
/// by what the chart's channels take beyond that until it fits the width,
/// so that the chart is drawn at its own size (never scaled down below its
/// type sizes). Wider boxes are shorter.
pub fn fitted(p: &ProcedureDoc, (width, height): (f32, f32), lang: Lang) -> Flowchart {
    let lanes = p.actors.len().max(1);
    let widest = |chart: &Flowchart| chart.pages.iter().map(|p| p.width).fold(0.0, f32::max);
    let mut style = Style::print(width, lanes);
    loop {
        let chart = flowchart(p, style, lang, Some(height));
        let over = widest(&chart) - width;
        if over <= 0.0 || style.box_width <= MIN_BOX {
            return chart;
        }
        style.box_width = (style.box_width - (over / lanes as f32).max(0.5)).max(MIN_BOX);
    }
}

/// The narrowest a printed chart's boxes are made to fit its page.
const MIN_BOX: f32 = 40.0;

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
