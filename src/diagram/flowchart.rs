//! A procedure's flowchart as geometry, in points, from its steps: one swimlane
//! per actor, one row per step, ANSI symbols (terminal, activity, decision,
//! document, off-page connector), and every arrow routed so that it never
//! crosses a symbol. The HTML draws it as inline SVG, the PDF as vectors; both
//! read the same symbols, lines and labels from here.
//!
//! Routing. A step flows into the next one straight down, through the gap
//! between their rows. Every other arrow (a `goto`, a decision's branch to a
//! step further away, a jump back) leaves its symbol downwards into the gap
//! below its row, runs along that gap to a vertical channel at the left edge of
//! the target's lane, and enters the target's box from the left. Gaps and
//! channels hold nothing but lines, so no arrow crosses a box; each line gets
//! its own track in a gap or channel, so no two lines run on top of each other.
//!
//! Pages. Given a height, the rows are cut into pages; an arrow whose ends are
//! on different pages ends in an off-page connector (the pentagon) numbered
//! with the activity it goes to, and the target is marked with the same.

use crate::document::{ProcedureDoc, plain_text};
use crate::i18n::Lang;

/// Sizes a chart is laid out with: the screen's or the printed page's.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Text size inside symbols.
    pub size: f32,
    pub leading: f32,
    /// Size of lane titles' neighbours: connector numbers, branch labels,
    /// document names.
    pub small: f32,
    /// A safe average advance per character, as a share of the size, used to
    /// wrap text before it is drawn.
    pub advance: f32,
    /// Width of an activity box.
    pub box_width: f32,
    /// Lines an activity box or a diamond shows at most; a longer text ends in
    /// "…" (the full text is in the activities table beside the chart).
    pub max_lines: usize,
}

impl Style {
    /// The site's inline SVG.
    pub const SCREEN: Style = Style {
        size: 11.0,
        leading: 13.5,
        small: 9.5,
        advance: 0.52,
        box_width: 176.0,
        max_lines: 7,
    };

    /// A printed page `width` points wide with `lanes` lanes.
    pub fn print(width: f32, lanes: usize) -> Style {
        let lanes = lanes.max(1) as f32;
        // A lane is its channel (about 22 pt), its box and a small right margin.
        let box_width = (width / lanes - 30.0).clamp(64.0, 150.0);
        Style {
            size: 6.8,
            leading: 8.2,
            small: 5.8,
            advance: 0.52,
            box_width,
            max_lines: 8,
        }
    }

    fn chars(&self, width: f32, size: f32) -> usize {
        ((width / (size * self.advance)).floor() as usize).max(4)
    }

    /// The width text of `chars` characters may take at `size`.
    pub fn text_width(&self, text: &str, size: f32) -> f32 {
        text.chars().count() as f32 * size * self.advance
    }
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
                let d = (h * 0.14).min(4.0);
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

const PAD: f32 = 5.0;
/// Space between rows, before any tracks.
const GAP: f32 = 14.0;
/// Distance between parallel lines in a gap or a channel.
const TRACK: f32 = 6.0;
const CONNECTOR: f32 = 15.0;
const TERMINAL_HEIGHT: f32 = 15.0;

/// Where a line leaves a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Port {
    /// The activity box's foot (a step without a decision).
    Foot,
    Bottom,
    Left,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum To {
    Step(usize),
    End,
}

#[derive(Debug, Clone)]
struct Exit {
    port: Port,
    to: To,
    label: Option<String>,
}

/// What a step is, before it is placed.
struct Row {
    lane: usize,
    number: String,
    text: Vec<String>,
    box_h: f32,
    documents: Vec<(Vec<String>, f32)>,
    question: Option<(Vec<String>, f32)>,
    exits: Vec<Exit>,
    /// Each exit's label wrapped to the room under the diamond.
    labels: Vec<Vec<String>>,
    /// Height of the room the labels take under the diamond.
    label_h: f32,
}

fn wrap(text: &str, chars: usize, first: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut limit = first.max(4);
    for word in text.split_whitespace() {
        let candidate = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && candidate > limit {
            lines.push(std::mem::take(&mut line));
            limit = chars;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        // A word longer than a line is cut where it must be.
        while line.chars().count() > limit && limit > 1 {
            let cut: String = line.chars().take(limit).collect();
            line = line.chars().skip(limit).collect();
            lines.push(cut);
            limit = chars;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// At most `max` lines, the last ending in "…" when some were cut.
fn at_most(mut lines: Vec<String>, max: usize) -> Vec<String> {
    if lines.len() > max {
        lines.truncate(max.max(1));
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

/// The short name a document symbol shows: a form's clave, or the first words
/// of a document named in free text.
fn document_label(text: &str, code: Option<&str>, style: &Style, width: f32) -> Vec<String> {
    if let Some(code) = code {
        return vec![code.to_owned()];
    }
    let chars = style.chars(width - 4.0, style.small);
    at_most(wrap(text, chars, chars), 3)
}

fn rows(p: &ProcedureDoc, style: &Style) -> Vec<Row> {
    let inner = style.box_width - 2.0 * PAD;
    let chars = style.chars(inner, style.size);
    let count = p.steps.len();
    p.steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let number = s.number.to_string();
            let text = at_most(
                wrap(
                    &plain_text(&s.action),
                    chars,
                    chars.saturating_sub(number.len() + 1),
                ),
                style.max_lines,
            );
            let box_h = 2.0 * PAD + text.len() as f32 * style.leading;
            let doc_w = style.box_width * 0.44;
            let documents = s
                .documents
                .iter()
                .zip(&s.document_codes)
                .map(|(d, code)| {
                    let lines = document_label(&plain_text(d), code.as_deref(), style, doc_w);
                    let h = (lines.len() as f32 * style.small * 1.2 + 9.0).max(18.0);
                    (lines, h)
                })
                .collect();
            let mut exits = Vec::new();
            let question = s.decision.as_ref().map(|(q, branches)| {
                let width = style.box_width * 0.96;
                let text_w = width * 0.6;
                let q_chars = style.chars(text_w, style.size);
                let lines = at_most(wrap(&plain_text(q), q_chars, q_chars), style.max_lines);
                let block = lines.len() as f32 * style.leading;
                let h = block / (1.0 - 0.6) + 8.0;
                // The branch to the next step goes down; the others leave by the
                // sides, right first.
                let mut free = vec![Port::Left, Port::Right];
                let mut bottom_free = true;
                let mut ports = vec![None; branches.len()];
                for (b, (_, to)) in branches.iter().enumerate() {
                    if *to == i + 2 && bottom_free {
                        ports[b] = Some(Port::Bottom);
                        bottom_free = false;
                    }
                }
                for port in ports.iter_mut().filter(|p| p.is_none()) {
                    *port = Some(match free.pop() {
                        Some(side) => side,
                        None if bottom_free => {
                            bottom_free = false;
                            Port::Bottom
                        }
                        None => Port::Left,
                    });
                }
                for ((when, to), port) in branches.iter().zip(ports) {
                    exits.push(Exit {
                        port: port.unwrap_or(Port::Left),
                        to: To::Step(to.saturating_sub(1).min(count.saturating_sub(1))),
                        label: Some(when.clone()),
                    });
                }
                (lines, h)
            });
            if question.is_none() {
                let to = if s.end {
                    To::End
                } else if let Some(g) = s.goto {
                    To::Step(g.saturating_sub(1).min(count.saturating_sub(1)))
                } else if i + 1 < count {
                    To::Step(i + 1)
                } else {
                    To::End
                };
                exits.push(Exit {
                    port: Port::Foot,
                    to,
                    label: None,
                });
            }
            // Under the diamond, the left branch's answer beside its line, the
            // bottom one's beside the middle line and the right one's under it,
            // against the right line.
            let room = style.chars(style.box_width * 0.45 - 6.0, style.small);
            let labels: Vec<Vec<String>> = exits
                .iter()
                .map(|e| {
                    e.label
                        .as_deref()
                        .map(|t| at_most(wrap(t, room, room), 4))
                        .unwrap_or_default()
                })
                .collect();
            let lines_at = |port: Port| -> usize {
                exits
                    .iter()
                    .zip(&labels)
                    .filter(|(e, _)| e.port == port)
                    .map(|(_, l)| l.len())
                    .sum()
            };
            let label_lines =
                lines_at(Port::Left).max(lines_at(Port::Bottom) + lines_at(Port::Right));
            let label_h = if label_lines == 0 {
                0.0
            } else {
                label_lines as f32 * style.small * 1.2 + 5.0
            };
            Row {
                lane: s.lane,
                number,
                text,
                box_h,
                documents,
                question,
                exits,
                labels,
                label_h,
            }
        })
        .collect()
}

/// Heights of the parts of a row, top to bottom.
struct RowShape {
    /// Room above the box for "Inicio" or incoming connectors.
    head: f32,
    documents: f32,
    /// Room below everything for "Fin" and outgoing connectors.
    foot: f32,
}

impl RowShape {
    fn height(&self, row: &Row) -> f32 {
        let question = row.question.as_ref().map(|(_, h)| h + 12.0).unwrap_or(0.0);
        let below = self.documents.max(0.0);
        self.head + row.box_h + below + question + self.foot + row.label_h
    }
}

fn documents_height(row: &Row) -> f32 {
    if row.documents.is_empty() {
        0.0
    } else {
        5.0 + row.documents.iter().map(|(_, h)| h + 4.0).sum::<f32>()
    }
}

const HEAD: f32 = TERMINAL_HEIGHT + 10.0;
const FOOT: f32 = CONNECTOR.max(TERMINAL_HEIGHT) + 12.0;

/// The flowchart of a procedure; with `page_height`, cut into pages no taller.
pub fn flowchart(
    p: &ProcedureDoc,
    style: Style,
    lang: Lang,
    page_height: Option<f32>,
) -> Flowchart {
    let rows = rows(p, &style);
    let lanes_count = p.actors.len().max(1);
    let head_lines: Vec<Vec<String>> = p
        .actors
        .iter()
        .map(|(_, name)| {
            let chars = style.chars(style.box_width + 10.0, style.size);
            wrap(name, chars, chars)
        })
        .collect();
    let head =
        head_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * style.leading + 2.0 * PAD;
    // Cut the rows into pages: a page takes rows while it fits, laid out as
    // if it ended there (every arrow to a later row ends in a connector). A
    // row added later only turns such connectors into lines, which never
    // makes a page taller by more than the row itself.
    let lay_out = |range| page(&rows, range, &head_lines, head, lanes_count, &style, lang);
    let Some(limit) = page_height else {
        return Flowchart {
            style,
            pages: vec![lay_out((0, rows.len()))],
        };
    };
    let mut pages: Vec<FlowPage> = Vec::new();
    let mut start = 0;
    while start < rows.len() {
        let mut end = start + 1;
        let mut best = lay_out((start, end));
        while end < rows.len() {
            let next = lay_out((start, end + 1));
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

fn page(
    rows: &[Row],
    (first, end): (usize, usize),
    head_lines: &[Vec<String>],
    head: f32,
    lanes_count: usize,
    style: &Style,
    lang: Lang,
) -> FlowPage {
    let on_page = |s: usize| s >= first && s < end;

    // Which rows need room above (Inicio, arrows from other pages) and below
    // (Fin, arrows to other pages).
    let mut incoming: Vec<bool> = vec![false; rows.len()];
    for (i, row) in rows.iter().enumerate() {
        for exit in &row.exits {
            if let To::Step(t) = exit.to
                && on_page(t)
                && !on_page(i)
            {
                incoming[t] = true;
            }
        }
    }
    let shapes: Vec<RowShape> = (first..end)
        .map(|i| {
            let row = &rows[i];
            let leaves = row.exits.iter().any(|e| match e.to {
                To::End => true,
                To::Step(t) => !on_page(t),
            });
            RowShape {
                head: if i == 0 || incoming[i] { HEAD } else { 0.0 },
                documents: documents_height(row),
                foot: if leaves { FOOT } else { 0.0 },
            }
        })
        .collect();

    // Gaps: each line that runs along the gap below row i gets a track.
    let routed = |_: usize, e: &Exit| matches!(e.to, To::Step(t) if on_page(t));
    let tracks_below: Vec<usize> = (first..end)
        .map(|i| rows[i].exits.iter().filter(|e| routed(i, e)).count())
        .collect();

    // Channel widths: tracks for the lines entering each lane from the side,
    // and room for the left-side branch labels.
    // Lines enter from the side unless they are a straight flow to the next
    // step; count them per lane to size the channels.
    let is_side = |i: usize, e: &Exit| match e.to {
        To::Step(t) => !(t == i + 1 && matches!(e.port, Port::Foot | Port::Bottom)),
        To::End => false,
    };
    // Vertical positions.
    let mut tops = Vec::with_capacity(end - first);
    let mut y = head + 8.0;
    for (k, i) in (first..end).enumerate() {
        tops.push(y);
        y += shapes[k].height(&rows[i]);
        y += GAP + TRACK * tracks_below[k] as f32;
    }
    let height = y - GAP + 6.0;

    // Vertical intervals in each lane's channel, then tracks for them.
    struct Jump {
        from: usize,
        exit: usize,
        to: usize,
        gap_y: f32,
        entry_y: f32,
        track: usize,
    }
    let entry_of = |t: usize| {
        let k = t - first;
        tops[k] + shapes[k].head + (rows[t].box_h / 2.0).min(9.0)
    };
    let mut jumps: Vec<Jump> = Vec::new();
    let mut gap_tracks: Vec<Vec<(usize, usize)>> = vec![Vec::new(); end - first];
    for (k, i) in (first..end).enumerate() {
        let bottom = tops[k] + shapes[k].height(&rows[i]);
        let mut n = 0;
        for (e, exit) in rows[i].exits.iter().enumerate() {
            if !routed(i, exit) {
                continue;
            }
            gap_tracks[k].push((e, n));
            let gap_y = bottom + GAP / 2.0 + TRACK * n as f32;
            n += 1;
            if is_side(i, exit)
                && let To::Step(t) = exit.to
            {
                jumps.push(Jump {
                    from: i,
                    exit: e,
                    to: t,
                    gap_y,
                    entry_y: entry_of(t),
                    track: 0,
                });
            }
        }
    }
    let mut lane_tracks: Vec<Vec<Vec<(f32, f32)>>> = vec![Vec::new(); lanes_count];
    let mut order: Vec<usize> = (0..jumps.len()).collect();
    order.sort_by(|&a, &b| {
        let span = |j: &Jump| (j.gap_y - j.entry_y).abs();
        span(&jumps[a]).total_cmp(&span(&jumps[b])).then(a.cmp(&b))
    });
    for j in order {
        let lane = rows[jumps[j].to].lane.min(lanes_count - 1);
        let (lo, hi) = {
            let (a, b) = (jumps[j].gap_y, jumps[j].entry_y);
            (a.min(b) - 2.0, a.max(b) + 2.0)
        };
        let tracks = &mut lane_tracks[lane];
        let free = tracks
            .iter()
            .position(|used| used.iter().all(|&(l, h)| hi < l || lo > h));
        let t = match free {
            Some(t) => t,
            None => {
                tracks.push(Vec::new());
                tracks.len() - 1
            }
        };
        tracks[t].push((lo, hi));
        jumps[j].track = t;
    }
    let most_tracks = lane_tracks.iter().map(Vec::len).max().unwrap_or(0);
    let channel = (6.0 + TRACK * most_tracks as f32).max(14.0);
    let right = 10.0;
    let lane_w = channel + style.box_width + right;
    let lanes: Vec<Lane> = (0..lanes_count)
        .map(|l| Lane {
            x: l as f32 * lane_w,
            w: lane_w,
            lines: head_lines.get(l).cloned().unwrap_or_default(),
        })
        .collect();
    let box_x = |i: usize| rows[i].lane.min(lanes_count - 1) as f32 * lane_w + channel;
    let track_x = |lane: usize, t: usize| lane as f32 * lane_w + 5.0 + TRACK * t as f32;

    let mut symbols = Vec::new();
    let mut edges = Vec::new();
    let mut labels = Vec::new();
    let bw = style.box_width;
    // Where each exit leaves from, per row.
    let mut ports: Vec<Vec<(f32, f32)>> = Vec::with_capacity(end - first);
    for (k, i) in (first..end).enumerate() {
        let row = &rows[i];
        let x = box_x(i);
        let top = tops[k] + shapes[k].head;
        let center = x + bw / 2.0;
        if shapes[k].head > 0.0 {
            let y0 = tops[k] + 2.0;
            if i == 0 {
                let w = (bw * 0.45)
                    .max(style.text_width(&lang.t("Inicio", "Start"), style.size) + 14.0);
                symbols.push(Symbol {
                    kind: Kind::Terminal,
                    x: center - w / 2.0,
                    y: y0,
                    w,
                    h: TERMINAL_HEIGHT,
                    number: None,
                    lines: vec![lang.t("Inicio", "Start")],
                    size: style.size,
                    step: None,
                });
                edges.push(Edge {
                    points: vec![(center, y0 + TERMINAL_HEIGHT), (center, top)],
                    arrow: true,
                    dotted: false,
                });
            }
            if incoming[i] {
                let cx = x + CONNECTOR / 2.0 + 2.0;
                symbols.push(off_page(cx, y0, row.number.clone(), style, i));
                edges.push(Edge {
                    points: vec![(cx, y0 + CONNECTOR), (cx, top)],
                    arrow: true,
                    dotted: false,
                });
            }
        }
        symbols.push(Symbol {
            kind: Kind::Activity,
            x,
            y: top,
            w: bw,
            h: row.box_h,
            number: Some(row.number.clone()),
            lines: row.text.clone(),
            size: style.size,
            step: Some(i),
        });
        let mut y = top + row.box_h;
        let foot_x = if row.documents.is_empty() || row.question.is_some() {
            center
        } else {
            x + bw * 0.25
        };
        if !row.documents.is_empty() {
            y += 5.0;
            let doc_x = x + bw * 0.56;
            for (lines, h) in &row.documents {
                symbols.push(Symbol {
                    kind: Kind::Document,
                    x: doc_x,
                    y,
                    w: bw * 0.44,
                    h: *h,
                    number: None,
                    lines: lines.clone(),
                    size: style.small,
                    step: Some(i),
                });
                y += h + 4.0;
            }
            edges.push(Edge {
                points: vec![
                    (doc_x + bw * 0.22, top + row.box_h),
                    (doc_x + bw * 0.22, top + row.box_h + 5.0),
                ],
                arrow: false,
                dotted: true,
            });
        }
        let mut row_ports = vec![(foot_x, top + row.box_h); row.exits.len()];
        if let Some((lines, h)) = &row.question {
            let w = bw * 0.96;
            let dx = x + (bw - w) / 2.0;
            let dy = y + 12.0;
            edges.push(Edge {
                points: vec![(center, top + row.box_h), (center, dy)],
                arrow: true,
                dotted: false,
            });
            symbols.push(Symbol {
                kind: Kind::Decision,
                x: dx,
                y: dy,
                w,
                h: *h,
                number: None,
                lines: lines.clone(),
                size: style.size,
                step: Some(i),
            });
            y = dy + h + row.label_h;
            let small_leading = style.small * 1.2;
            let mut next_line = [0usize; 2];
            // Bottom labels first in the right half, then the right ones.
            let mut order: Vec<usize> = (0..row.exits.len()).collect();
            order.sort_by_key(|&e| match row.exits[e].port {
                Port::Right => 1,
                _ => 0,
            });
            for e in order {
                let exit = &row.exits[e];
                let (px, py) = match exit.port {
                    Port::Left => (dx, dy + h / 2.0),
                    Port::Right => (dx + w, dy + h / 2.0),
                    _ => (center, dy + h),
                };
                row_ports[e] = (px, py);
                let (half, lx, anchor) = match exit.port {
                    Port::Left => (0, px + 3.0, Anchor::Start),
                    Port::Right => (1, px - 3.0, Anchor::End),
                    _ => (1, px + 3.0, Anchor::Start),
                };
                for line in &row.labels[e] {
                    labels.push(Label {
                        x: lx,
                        baseline: dy
                            + h
                            + 2.0
                            + style.small
                            + next_line[half] as f32 * small_leading,
                        text: line.clone(),
                        anchor,
                    });
                    next_line[half] += 1;
                }
            }
        }
        ports.push(row_ports);
        // Ends and connectors to other pages, at the foot of the row.
        let foot_y = y + 10.0;
        for (e, exit) in row.exits.iter().enumerate() {
            let (px, py) = ports[k][e];
            match exit.to {
                To::End => {
                    let label = lang.t("Fin", "End");
                    let w = (bw * 0.4).max(style.text_width(&label, style.size) + 14.0);
                    symbols.push(Symbol {
                        kind: Kind::Terminal,
                        x: px - w / 2.0,
                        y: foot_y,
                        w,
                        h: TERMINAL_HEIGHT,
                        number: None,
                        lines: vec![label],
                        size: style.size,
                        step: None,
                    });
                    edges.push(Edge {
                        points: vec![(px, py), (px, foot_y)],
                        arrow: true,
                        dotted: false,
                    });
                }
                To::Step(t) if !on_page(t) => {
                    symbols.push(off_page(px, foot_y, rows[t].number.clone(), style, t));
                    edges.push(Edge {
                        points: vec![(px, py), (px, foot_y)],
                        arrow: true,
                        dotted: false,
                    });
                }
                To::Step(_) => {}
            }
        }
    }

    // The lines between steps on this page.
    for (k, i) in (first..end).enumerate() {
        for &(e, n) in &gap_tracks[k] {
            let exit = &rows[i].exits[e];
            let To::Step(t) = exit.to else { continue };
            let (px, py) = ports[k][e];
            let bottom = tops[k] + shapes[k].height(&rows[i]);
            let gap_y = bottom + GAP / 2.0 + TRACK * n as f32;
            if !is_side(i, exit) {
                let kt = t - first;
                let target_top = tops[kt] + shapes[kt].head;
                let tx = box_x(t) + bw / 2.0;
                let points = if (tx - px).abs() < 0.5 {
                    vec![(px, py), (tx, target_top)]
                } else {
                    vec![(px, py), (px, gap_y), (tx, gap_y), (tx, target_top)]
                };
                edges.push(Edge {
                    points,
                    arrow: true,
                    dotted: false,
                });
                continue;
            }
            let Some(jump) = jumps.iter().find(|j| j.from == i && j.exit == e) else {
                continue;
            };
            let lane = rows[t].lane.min(lanes_count - 1);
            let cx = track_x(lane, jump.track);
            edges.push(Edge {
                points: vec![
                    (px, py),
                    (px, gap_y),
                    (cx, gap_y),
                    (cx, jump.entry_y),
                    (box_x(t), jump.entry_y),
                ],
                arrow: true,
                dotted: false,
            });
        }
    }
    FlowPage {
        width: lane_w * lanes_count as f32,
        height,
        head,
        lanes,
        symbols,
        edges,
        labels,
        steps: (first, end),
    }
}

fn off_page(cx: f32, y: f32, number: String, style: &Style, step: usize) -> Symbol {
    let w = CONNECTOR.max(style.text_width(&number, style.small) + 5.0);
    Symbol {
        kind: Kind::OffPage,
        x: cx - w / 2.0,
        y,
        w,
        h: CONNECTOR,
        number: None,
        lines: vec![number],
        size: style.small,
        step: Some(step),
    }
}
