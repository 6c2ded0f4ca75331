//! Rows: what each step's row holds (its box's text, its documents, its
//! question, where each of its arrows leaves and goes), read once per chart;
//! and where the rows of a page sit, top to bottom.

use super::{
    CONNECTOR, DIAMOND_GAP, DOCUMENT_SHARE, GAP, PAD, Span, Style, TERMINAL_HEIGHT, TRACK,
};
use crate::document::{StepDoc, plain_text};

/// Where a line leaves a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Port {
    /// The activity box's foot (a step without a decision).
    Foot,
    Bottom,
    Left,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum To {
    Step(usize),
    End,
}

#[derive(Debug, Clone)]
pub(super) struct Exit {
    pub port: Port,
    pub to: To,
    pub label: Option<String>,
}

impl Exit {
    /// The step it goes to when that step is on the page: then it is a line
    /// drawn on the page, with a track of its own in the gap below its row.
    pub fn on(&self, span: Span) -> Option<usize> {
        match self.to {
            To::Step(t) if span.holds(t) => Some(t),
            _ => None,
        }
    }

    /// Whether, leaving step `from`, it goes to a step other than the next
    /// one: then it enters its target from the side, through a channel. (Of
    /// several branches to the next step, `place` takes the first as the
    /// flow to it and the others as side lines.)
    pub fn is_side(&self, from: usize) -> bool {
        match self.to {
            To::Step(t) => t != from + 1,
            To::End => false,
        }
    }
}

/// What a step is, before it is placed.
pub(super) struct Row {
    pub lane: usize,
    pub number: String,
    pub text: Vec<String>,
    pub box_h: f32,
    pub documents: Vec<(Vec<String>, f32)>,
    pub question: Option<(Vec<String>, f32)>,
    pub exits: Vec<Exit>,
    /// Each exit's label wrapped to the room under the diamond.
    pub labels: Vec<Vec<String>>,
    /// Per exit, when its answer sits beside its corner, in the corner of
    /// the diamond's frame under it, outside the diamond: how far below the
    /// corner the answer's first line starts.
    pub tucked: Vec<Option<f32>>,
    /// Height of the room the other labels take under the diamond.
    pub label_h: f32,
}

/// Words in lines no wider than `width`, the first no wider than `first`,
/// as `measure` says. A word wider than its line is cut with a hyphen: at the
/// last of its `syllables` (byte offsets where it may be cut) that leaves the
/// piece narrow enough, else, on the first line, it starts the next line,
/// else between two characters, so a reader sees the word goes on. A word
/// that does not fit at the end of a line is cut there the same way when a
/// piece of it fits, so that narrow boxes are not ragged and short.
pub(super) fn wrap(
    text: &str,
    width: f32,
    first: f32,
    measure: impl Fn(&str) -> f32,
    syllables: impl Fn(&str) -> Vec<usize>,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut limit = first;
    for word in text.split_whitespace() {
        let mut word = word;
        if !line.is_empty() && measure(&format!("{line} {word}")) > limit {
            // As much of the word as fits, cut at a syllable with a hyphen
            // (a hyphen of its own stays), else the word starts the next line.
            let piece = |b: usize| {
                let head = &word[..b];
                if head.ends_with('-') {
                    format!("{line} {head}")
                } else {
                    format!("{line} {head}-")
                }
            };
            // Only a head of a very long word can fit on what is left of
            // the line: cuts are looked for there (a word of thousands of
            // letters made this quadratic).
            let window = head(word);
            let cut = syllables(window).into_iter().rev().find(|&b| {
                b > 0 && b < word.len() && b <= window.len() && measure(&piece(b)) <= limit
            });
            match cut {
                Some(b) => {
                    lines.push(piece(b));
                    line.clear();
                    word = &word[b..];
                }
                None => lines.push(std::mem::take(&mut line)),
            }
            limit = width;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        // Here the line is the word alone when it is too wide. It is cut
        // from its start (`from`), and only a head of what is left is
        // measured and hyphenated: a piece never holds more.
        let mut from = 0;
        while too_wide(&line[from..], limit, &measure) && line[from..].chars().nth(1).is_some() {
            let rest = &line[from..];
            let window = head(rest);
            let fits = |piece: &str| measure(&format!("{piece}-")) <= limit;
            let at_syllable = syllables(window)
                .into_iter()
                .rev()
                .find(|&b| b > 0 && b < rest.len() && b <= window.len() && fits(&rest[..b]));
            let take = match at_syllable {
                Some(b) => b,
                None if lines.is_empty() && limit < width && measure(rest) <= width => {
                    // Too wide for the first line only: it starts the next.
                    lines.push(String::new());
                    limit = width;
                    continue;
                }
                None => {
                    // As many characters as fit with the hyphen, at least one;
                    // a hyphen of the word's own at the cut stays on this line.
                    let mut end = rest.chars().next().map_or(0, char::len_utf8);
                    for (b, _) in rest.char_indices().skip(1) {
                        if !fits(&rest[..b]) {
                            break;
                        }
                        end = b;
                    }
                    if rest[end..].starts_with('-') {
                        end += 1;
                    }
                    end
                }
            };
            let mut cut = rest[..take].to_owned();
            if !cut.ends_with('-') {
                cut.push('-');
            }
            from += take;
            lines.push(cut);
            limit = width;
            if from == line.len() {
                break;
            }
        }
        if from > 0 {
            line = line[from..].to_owned();
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Longer than this, a word is measured and hyphenated only in its head: no
/// line of a chart holds as many bytes, so its cuts are the same.
const LONGEST_PIECE: usize = 512;

/// The first `LONGEST_PIECE` bytes of `text` (at a character's boundary),
/// or all of it.
fn head(text: &str) -> &str {
    if text.len() <= LONGEST_PIECE {
        return text;
    }
    &text[..crate::source::floor_char_boundary(text, LONGEST_PIECE)]
}

/// Whether `text` is wider than `limit`: measured in its head alone when
/// that head already is (a word of thousands of letters is measured once
/// per piece cut from it).
fn too_wide(text: &str, limit: f32, measure: impl Fn(&str) -> f32) -> bool {
    let window = head(text);
    measure(window) > limit || (window.len() < text.len() && measure(text) > limit)
}

/// What a document symbol shows: a form's clave, or the document's name in
/// full, in the chart's one type size.
fn document_label(text: &str, code: Option<&str>, style: &Style, width: f32) -> Vec<String> {
    if let Some(code) = code {
        return vec![code.to_owned()];
    }
    style.wrap(text, style.size, width - 6.0, width - 6.0)
}

/// The question wrapped to fit a diamond `width` wide, and the diamond's
/// height: the flattest of a rectangular block and a block shaped like the
/// diamond (`shaped`). A rectangular block `tw` wide and `th` tall fits in a
/// diamond `w` by `h` when tw/w + th/h ≤ 1; of the widths tried for the
/// block, the one that gives the flattest diamond wins.
fn diamond(question: &str, width: f32, style: &Style) -> (Vec<String>, f32) {
    let (lines, h) = rectangular(question, width, style);
    // A shaped block is tried at heights 2 pt apart, from where the
    // diamond's area would hold the text's (its half, `w * h / 2`) and from
    // two lines up.
    let area = style.text_width(question, style.size) * style.leading;
    let mut shaped_h = (2.0 * style.leading + 4.0).max(2.0 * area / width);
    while shaped_h < h {
        if let Some(lines) = shaped(question, width, shaped_h, style) {
            return (lines, shaped_h);
        }
        shaped_h += 2.0;
    }
    (lines, h)
}

/// The question in lines each as wide as the diamond `w` by `h` is at the
/// line's edge farther from its middle (less 2 pt a side, and never wider
/// than 0.7 of `w`, the room the PDF gives a diamond's line), the block
/// centred in it: `None` when it does not all fit. A line narrower than
/// three and a half ems (at the tips) holds whole words only, not a word's first
/// syllables; lines that hold no text are kept empty, so that the block
/// stays centred.
fn shaped(question: &str, w: f32, h: f32, style: &Style) -> Option<Vec<String>> {
    let count = ((h - 4.0) / style.leading).floor() as usize;
    let mut rest = question.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut lines = Vec::with_capacity(count);
    for n in 0..count {
        let middle = (n as f32 - (count as f32 - 1.0) / 2.0) * style.leading;
        let edge = middle.abs() + style.leading / 2.0;
        let room = (w * (1.0 - 2.0 * edge / h) - 4.0).min(w * 0.7);
        if rest.is_empty() || room < 2.0 * style.size {
            lines.push(String::new());
            continue;
        }
        // The line's words and the one after it decide where it breaks.
        let mut end = 0;
        for (at, _) in rest.match_indices(' ').chain([(rest.len(), "")]) {
            end = at;
            if style.text_width(&rest[..at], style.size) > room {
                break;
            }
        }
        // Only the first line is kept: no line holds more than a head of
        // the text (a question of one word of thousands of letters was
        // wrapped whole for every line of every diamond tried).
        let mut line = style
            .wrap(head(&rest[..end]), style.size, room, room)
            .into_iter()
            .next()
            .unwrap_or_default();
        if room < 3.5 * style.size && !rest.starts_with(line.as_str()) {
            line = line
                .rsplit_once(' ')
                .map(|(whole, _)| whole.to_owned())
                .unwrap_or_default();
        }
        if style.text_width(&line, style.size) > room + 0.01 {
            return None;
        }
        // What the line takes of the rest: itself, or without the hyphen
        // it was cut with.
        let body = if rest.starts_with(line.as_str()) {
            line.as_str()
        } else {
            line.strip_suffix('-').filter(|b| rest.starts_with(b))?
        };
        rest = rest[body.len()..].trim_start().to_owned();
        lines.push(line);
    }
    (rest.is_empty() && lines.iter().any(|l| !l.is_empty())).then_some(lines)
}

/// The question in a rectangular block (see `diamond`).
fn rectangular(question: &str, width: f32, style: &Style) -> (Vec<String>, f32) {
    let mut best: Option<(Vec<String>, f32)> = None;
    for share in [0.5, 0.56, 0.62, 0.68, 0.7] {
        let lines = style.wrap(question, style.size, width * share, width * share);
        let tw = lines
            .iter()
            .map(|l| style.text_width(l, style.size))
            .fold(0.0, f32::max)
            + 2.0;
        let th = lines.len() as f32 * style.leading;
        let h = th / (1.0 - tw / width).max(0.2) + 4.0;
        if best.as_ref().is_none_or(|(_, b)| h < *b) {
            best = Some((lines, h));
        }
    }
    best.unwrap_or_default()
}

/// Each step's row: what its symbols say and how tall they are, and where its
/// arrows leave and go.
pub(super) fn read(steps: &[StepDoc], style: &Style) -> Vec<Row> {
    let lanes: Vec<usize> = steps.iter().map(|s| s.lane).collect();
    steps
        .iter()
        .enumerate()
        .map(|(i, s)| row(i, s, &lanes, style))
        .collect()
}

fn row(i: usize, s: &StepDoc, lanes: &[usize], style: &Style) -> Row {
    let count = lanes.len();
    let inner = style.box_width - 2.0 * PAD;
    let number = s.number.to_string();
    // The number is bold, before the first line: a tenth wider than regular.
    let numbered = inner - style.text_width(&format!("{number} "), style.size) * 1.1;
    let text = style.wrap(&plain_text(&s.action), style.size, inner, numbered);
    let box_h = 2.0 * PAD + text.len() as f32 * style.leading;
    let doc_w = style.box_width * DOCUMENT_SHARE;
    let documents = s
        .documents
        .iter()
        .zip(&s.document_codes)
        .map(|(d, code)| {
            let lines = document_label(&plain_text(d), code.as_deref(), style, doc_w);
            let h = (lines.len() as f32 * style.leading + 7.0).max(15.0);
            (lines, h)
        })
        .collect();
    // A step number names its target; past the last step, the last one.
    let target = |to: usize| To::Step(to.saturating_sub(1).min(count.saturating_sub(1)));
    let mut exits = Vec::new();
    let question = s.decision.as_ref().map(|(q, branches)| {
        let targets: Vec<(usize, usize)> = branches
            .iter()
            .map(|(_, to)| {
                let lane = lanes[to.saturating_sub(1).min(count.saturating_sub(1))];
                (*to, lane)
            })
            .collect();
        let ports = branch_ports(i, s.lane, &targets);
        for ((when, to), port) in branches.iter().zip(ports) {
            exits.push(Exit {
                port,
                to: target(*to),
                label: Some(when.clone()),
            });
        }
        diamond(&plain_text(q), style.box_width * 0.96, style)
    });
    if question.is_none() {
        let to = if s.end {
            To::End
        } else if let Some(g) = s.goto {
            target(g)
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
    let diamond_size = question.as_ref().map(|(_, h)| (style.box_width * 0.96, *h));
    let (labels, tucked, label_h) = branch_labels(&exits, diamond_size, style);
    Row {
        lane: s.lane,
        number,
        text,
        box_h,
        documents,
        question,
        exits,
        labels,
        tucked,
        label_h,
    }
}

/// Which corner of the diamond each branch of step `i` (in `lane`) leaves
/// by, given the step numbers the branches go to and their lanes. The first
/// branch to the next step leaves by the corner that faces the next step's
/// lane (the bottom one when it is the same lane), so that it can run
/// straight to it; each other branch by the corner that faces its target's
/// lane (the left one for a target in the same lane, whose lines enter from
/// the channel on the left) if it is free, else by the bottom one, else by
/// the one left; a fourth branch shares the left corner.
pub(super) fn branch_ports(i: usize, lane: usize, targets: &[(usize, usize)]) -> Vec<Port> {
    let facing = |to_lane: usize, same: Port| match to_lane.cmp(&lane) {
        std::cmp::Ordering::Greater => Port::Right,
        std::cmp::Ordering::Less => Port::Left,
        std::cmp::Ordering::Equal => same,
    };
    let mut free = vec![Port::Right, Port::Left, Port::Bottom];
    let take = |want: Port, free: &mut Vec<Port>| -> Option<Port> {
        let at = free.iter().position(|&p| p == want)?;
        Some(free.remove(at))
    };
    let mut ports: Vec<Option<Port>> = vec![None; targets.len()];
    if let Some(b) = targets.iter().position(|&(to, _)| to == i + 2) {
        ports[b] = take(facing(targets[b].1, Port::Bottom), &mut free);
    }
    for (b, &(_, to_lane)) in targets.iter().enumerate() {
        if ports[b].is_some() {
            continue;
        }
        ports[b] = Some(
            take(facing(to_lane, Port::Left), &mut free)
                .or_else(|| take(Port::Bottom, &mut free))
                .or_else(|| (!free.is_empty()).then(|| free.remove(0)))
                .unwrap_or(Port::Left),
        );
    }
    ports.into_iter().map(|p| p.unwrap_or(Port::Left)).collect()
}

/// Each exit's answer wrapped to the room under the diamond; whether it fits
/// beside its corner (`Row::tucked`); and the height the others take under
/// the diamond: the left branch's answer beside its line, the bottom one's
/// beside the middle line and the right one's under it, against the right
/// line.
///
/// Under a side corner, outside the diamond `w` by `h` and inside its frame,
/// is a triangle that widens by `w / h` per point down; an answer `tw` wide
/// starting `d` below the corner fits in it when `d * w / h >= tw + 2` and it
/// ends above the diamond's foot. A corner two branches share keeps its
/// answers under the diamond.
fn branch_labels(
    exits: &[Exit],
    diamond: Option<(f32, f32)>,
    style: &Style,
) -> (Vec<Vec<String>>, Vec<Option<f32>>, f32) {
    let room = style.box_width * 0.45 - 6.0;
    let labels: Vec<Vec<String>> = exits
        .iter()
        .map(|e| {
            e.label
                .as_deref()
                .map(|t| style.wrap(t, style.small, room, room))
                .unwrap_or_default()
        })
        .collect();
    let leading = style.small * 1.2;
    let tucked: Vec<Option<f32>> = exits
        .iter()
        .zip(&labels)
        .map(|(e, lines)| {
            let (w, h) = diamond?;
            let shared = exits.iter().filter(|o| o.port == e.port).count() > 1;
            if lines.is_empty() || shared || !matches!(e.port, Port::Left | Port::Right) {
                return None;
            }
            let tw = lines
                .iter()
                .map(|l| style.text_width(l, style.small))
                .fold(0.0, f32::max);
            let d = ((tw + 2.0) * h / w).max(2.0);
            (d + lines.len() as f32 * leading + 1.0 <= h / 2.0).then_some(d)
        })
        .collect();
    let lines_at = |port: Port| -> usize {
        exits
            .iter()
            .zip(&labels)
            .zip(&tucked)
            .filter(|((e, _), t)| e.port == port && t.is_none())
            .map(|((_, l), _)| l.len())
            .sum()
    };
    let label_lines = lines_at(Port::Left).max(lines_at(Port::Bottom) + lines_at(Port::Right));
    let label_h = if label_lines == 0 {
        0.0
    } else {
        label_lines as f32 * leading + 5.0
    };
    (labels, tucked, label_h)
}

/// Room above a box for "Inicio" or an incoming connector and the arrow
/// from it.
const HEAD: f32 = TERMINAL_HEIGHT + 8.0;
/// Room below a step for "Fin" or outgoing connectors and the arrows to
/// them (`symbols::STEM` long).
const FOOT: f32 = CONNECTOR.max(TERMINAL_HEIGHT) + super::symbols::STEM;
/// The least room between a line and what is above it in its lane.
pub(super) const LINE_CLEAR: f32 = TRACK;
/// The least room above a box: below a line (what its arrowhead needs) or
/// below another step's symbols.
pub(super) const BOX_CLEAR: f32 = GAP - 1.0;
/// How far inside a box's top and foot a line may leave its side.
const SIDE_MARGIN: f32 = 3.0;

/// How a line from a step reaches where it goes, placed (the heights; the
/// abscissas come with the lanes' widths).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Route {
    /// To "Fin" or another page: down to its symbol at the step's foot.
    Foot,
    /// Straight down from the port into the top of the next box, right below
    /// in the same lane (beside the step's documents, when the port is).
    Straight,
    /// From the box's side (or the diamond's side corner) at `y` straight
    /// across into the next box's side (left or right, whichever faces it).
    Across { y: f32 },
    /// From the box's side (or the diamond's side corner) at `y` along to
    /// above the next box and down into its top.
    Beside { y: f32 },
    /// Down from the port to `y`, along to above the next box and down into
    /// its top.
    Down { y: f32 },
    /// Down from the port to `y` and along into the next box's side.
    Under { y: f32 },
    /// Down from the port to `y` (from a side corner, at once along when `y`
    /// is the corner's height), along to the channel of the target's lane,
    /// up or down the channel, into the box's left side.
    Side { y: f32 },
}

/// Heights of the parts of a step's band, top to bottom.
pub(super) struct RowShape {
    /// Room above the box for "Inicio" or incoming connectors.
    pub head: f32,
    pub documents: f32,
    /// Room below everything for "Fin" and outgoing connectors.
    pub foot: f32,
}

impl RowShape {
    pub fn height(&self, row: &Row) -> f32 {
        let question = row
            .question
            .as_ref()
            .map(|(_, h)| h + DIAMOND_GAP)
            .unwrap_or(0.0);
        let below = self.documents.max(0.0);
        self.head + row.box_h + below + question + self.foot + row.label_h
    }
}

fn documents_height(row: &Row) -> f32 {
    if row.documents.is_empty() {
        0.0
    } else {
        5.0 + row.documents.iter().map(|(_, h)| h + 3.0).sum::<f32>()
    }
}

/// The steps of a page, placed: each one's band (its top and its height, in
/// its own lane) and the height of each line between steps.
pub(super) struct Placed {
    /// Per step of the page (0 is the page's first).
    pub shapes: Vec<RowShape>,
    pub tops: Vec<f32>,
    /// Per step of the page, the height of its band: its symbols, its
    /// documents, its diamond and answers, and what it ends in.
    #[cfg_attr(not(test), allow(dead_code))]
    pub bands: Vec<f32>,
    /// Whether an arrow from another page enters the step (an off-page
    /// connector above its box).
    pub incoming: Vec<bool>,
    /// Per step of the page, per exit, how its line runs.
    pub routes: Vec<Vec<Route>>,
    pub height: f32,
}

impl Placed {
    /// The top of the `k`th step's activity box.
    pub fn box_top(&self, k: usize) -> f32 {
        self.tops[k] + self.shapes[k].head
    }

    /// Where a line from the side enters step `t`'s box: a little below its
    /// top, never below its middle.
    pub fn entry(&self, rows: &[Row], span: Span, t: usize) -> f32 {
        self.box_top(t - span.first) + entry_offset(&rows[t])
    }

    /// The foot of the `k`th step's band.
    #[cfg(test)]
    pub fn bottom(&self, k: usize) -> f32 {
        self.tops[k] + self.bands[k]
    }
}

fn entry_offset(row: &Row) -> f32 {
    (row.box_h / 2.0).min(9.0)
}

/// The lowest height taken in each lane so far: by a symbol, or by a line
/// that runs across the lane. Whatever comes later in a lane goes below it.
struct Skyline(Vec<f32>);

impl Skyline {
    /// The lowest height taken in lanes `a` to `b` (either way round).
    fn floor(&self, a: usize, b: usize) -> f32 {
        self.0[a.min(b)..=a.max(b)]
            .iter()
            .copied()
            .fold(f32::MIN, f32::max)
    }

    /// The lanes strictly between `a` and `b`.
    fn between(&self, a: usize, b: usize) -> f32 {
        if a.abs_diff(b) < 2 {
            return f32::MIN;
        }
        self.floor(a.min(b) + 1, a.max(b) - 1)
    }

    /// Takes lanes `a` to `b` down to `y`.
    fn claim(&mut self, a: usize, b: usize, y: f32) {
        for floor in &mut self.0[a.min(b)..=a.max(b)] {
            *floor = floor.max(y);
        }
    }
}

/// Where the top of a box goes when a line comes down into it from `y`:
/// room for the arrowhead, then for the box's head (an incoming connector).
fn below_line(y: f32, head: f32) -> f32 {
    y + BOX_CLEAR + head
}

/// Where the steps of a page sit, in the order of the steps, each as high as
/// its lane allows: a skyline packing, as in the bottom-left heuristic for
/// strip packing (Baker, Coffman and Rivest, "Orthogonal packings in two
/// dimensions", 1980), with one column per lane and the lines as part of
/// what is packed. A step's box goes under the lowest thing its lane holds
/// so far (its `Skyline`), or where the line from the step before puts it.
/// A step flows into the next one by the first of these that fits:
///
/// - the next box right below, in the same lane: straight down (`Straight`);
/// - beside the step, in another lane: straight across from the box's side
///   (`Across`), when the next box can start at the height the line leaves
///   at and the lanes between are free there;
/// - a little lower: from the box's side along to above the next box and
///   down into it (`Beside`), when the lanes up to the next one are free at
///   a height the side still reaches;
/// - else down from the port below the step, along, and down (`Down`).
///
/// Every other line (a `goto`, a decision's branch to a step further away,
/// a jump back) goes down from its port below the step, then along, at a
/// height below everything in the lanes it crosses, to the channel of its
/// target's lane (`Side`). A line across a lane takes it down to its height,
/// so that nothing later is placed over it and no two lines across a lane
/// share a height; the channels hold nothing but lines.
pub(super) fn place(rows: &[Row], span: Span, head: f32, lanes: usize) -> Placed {
    let mut incoming: Vec<bool> = vec![false; span.len()];
    for (i, row) in rows.iter().enumerate() {
        if span.holds(i) {
            continue;
        }
        for exit in &row.exits {
            if let Some(t) = exit.on(span) {
                incoming[t - span.first] = true;
            }
        }
    }
    let shapes: Vec<RowShape> = span
        .rows()
        .map(|(k, i)| {
            let row = &rows[i];
            let leaves = row.exits.iter().any(|e| e.on(span).is_none());
            RowShape {
                head: if i == 0 || incoming[k] { HEAD } else { 0.0 },
                documents: documents_height(row),
                foot: if leaves { FOOT } else { 0.0 },
            }
        })
        .collect();
    let bands: Vec<f32> = span
        .rows()
        .map(|(k, i)| shapes[k].height(&rows[i]))
        .collect();
    let lane_of = |i: usize| rows[i].lane.min(lanes - 1);
    let mut sky = Skyline(vec![head + 8.0 - BOX_CLEAR; lanes]);
    let mut tops = vec![0.0; span.len()];
    let mut routes: Vec<Vec<Route>> = Vec::with_capacity(span.len());
    // The top of the next step's box, when the line into it set it.
    let mut set_box_top: Option<f32> = None;
    // Per step, the height a line from the step before came in at on its
    // box's left and right sides.
    let mut arrivals = vec![[f32::MIN; 2]; span.len() + 1];
    let mut last_top = f32::MIN;
    for (k, i) in span.rows() {
        let (row, s) = (&rows[i], lane_of(i));
        // Never above the step before: the chart reads down.
        let box_top = set_box_top
            .take()
            .unwrap_or(sky.0[s] + BOX_CLEAR + shapes[k].head)
            .max(last_top);
        last_top = box_top;
        tops[k] = box_top - shapes[k].head;
        sky.claim(s, s, tops[k] + bands[k]);
        let mut out = vec![Route::Foot; row.exits.len()];
        // The height of the diamond's side corners.
        let corner = row
            .question
            .as_ref()
            .map(|(_, h)| box_top + row.box_h + documents_height(row) + DIAMOND_GAP + h / 2.0);
        let next = (row.exits.iter()).position(|x| x.on(span).is_some() && !x.is_side(i));
        let next_lane = next.map(|_| lane_of(i + 1));
        // The flow to the next step in another lane goes first, to keep the
        // step beside this one; one in the same lane goes under the lines
        // that drop from the diamond's corners (the other lines, between).
        let flow_first = next_lane.is_some_and(|lt| lt != s);
        for first in [true, false] {
            if let Some(e) = next.filter(|_| first == flow_first) {
                let top = flow_to_next(
                    rows,
                    span,
                    k,
                    (e, corner, box_top),
                    &mut sky,
                    &shapes,
                    lanes,
                    (&mut out, &mut arrivals),
                );
                let lt = lane_of(i + 1);
                sky.claim(lt, lt, top - shapes[k + 1].head + bands[k + 1]);
                set_box_top = Some(top);
            }
            if !first {
                break;
            }
            for (e, exit) in row.exits.iter().enumerate() {
                let Some(t) = exit.on(span) else { continue };
                if Some(e) == next {
                    continue;
                }
                let lt = lane_of(t);
                // Straight along from the side that faces the target's channel
                // (the box's, or the diamond's corner), when the lanes it crosses
                // are free at a height that side reaches; a line to the left
                // leaves the box below its own entry.
                let sideways = match (exit.port, corner) {
                    (Port::Foot, _) => {
                        let [left, right] = arrivals[k];
                        let low = if lt > s {
                            (box_top + SIDE_MARGIN).max(right + LINE_CLEAR)
                        } else {
                            (box_top + entry_offset(row) + LINE_CLEAR).max(left + LINE_CLEAR)
                        };
                        Some((low, box_top + row.box_h - SIDE_MARGIN))
                    }
                    (Port::Right, Some(cy)) if lt > s => Some((cy, cy)),
                    (Port::Left, Some(cy)) if lt <= s => Some((cy, cy)),
                    _ => None,
                };
                if let Some((low, high)) = sideways {
                    let crossed = match lt.cmp(&s) {
                        std::cmp::Ordering::Equal => None,
                        std::cmp::Ordering::Greater => Some((s + 1, lt)),
                        std::cmp::Ordering::Less => Some((lt, s - 1)),
                    };
                    let y = crossed.map_or(low, |(a, b)| low.max(sky.floor(a, b) + LINE_CLEAR));
                    if y <= high {
                        if let Some((a, b)) = crossed {
                            sky.claim(a, b, y);
                        }
                        out[e] = Route::Side { y };
                        continue;
                    }
                }
                let y = sky.floor(s, lt) + LINE_CLEAR;
                sky.claim(s, lt, y);
                out[e] = Route::Side { y };
            }
        }
        routes.push(out);
    }
    let height = sky.0.iter().copied().fold(head, f32::max) + 6.0;
    Placed {
        shapes,
        tops,
        bands,
        incoming,
        routes,
        height,
    }
}

/// The route of the `k`th step's flow into the next step (exit `e`), and
/// where the next box's top goes; claims the heights the line takes.
/// `corner` is the height of the step's diamond's side corners, if it
/// decides (a flow from a side corner leaves at that height), `box_top`
/// the top of its box.
#[allow(clippy::too_many_arguments)]
fn flow_to_next(
    rows: &[Row],
    span: Span,
    k: usize,
    (e, corner, box_top): (usize, Option<f32>, f32),
    sky: &mut Skyline,
    shapes: &[RowShape],
    lanes: usize,
    (out, arrivals): (&mut [Route], &mut [[f32; 2]]),
) -> f32 {
    let i = span.first + k;
    let (row, t) = (&rows[i], i + 1);
    let lane_of = |i: usize| rows[i].lane.min(lanes - 1);
    let (s, lt) = (lane_of(i), lane_of(t));
    let head_t = shapes[k + 1].head;
    let port = row.exits[e].port;
    // Where the line may leave sideways: the box's side, or the corner.
    let side = match (port, corner) {
        (Port::Foot, _) if row.exits.len() == 1 => {
            Some((box_top + SIDE_MARGIN, box_top + row.box_h - SIDE_MARGIN))
        }
        (Port::Right, Some(cy)) if lt > s => Some((cy, cy)),
        (Port::Left, Some(cy)) if lt < s => Some((cy, cy)),
        _ => None,
    };
    let (route, top) = if lt == s {
        // From the foot (beside the documents, if any) or the diamond's
        // bottom corner straight down into the next box's top; from beside
        // the documents, along to its middle when an incoming connector
        // stands at the left of its head.
        if row.documents.is_empty() || port == Port::Bottom || head_t == 0.0 {
            (Route::Straight, below_line(sky.0[s], head_t))
        } else {
            let y = sky.0[s] + LINE_CLEAR;
            sky.claim(s, s, y);
            (Route::Down { y }, below_line(y, head_t))
        }
    } else {
        let offset = entry_offset(&rows[t]);
        let (mut low, high) = side.unwrap_or((f32::MAX, f32::MIN));
        // The highest the next box may start: under what its lane holds,
        // and not above this step's box (nor, from a diamond, beside it).
        let mut top_min = sky.0[lt] + BOX_CLEAR + head_t;
        if port == Port::Foot {
            top_min = top_min.max(box_top);
            // A line that came in on the side this one leaves by, or from
            // the channel on the left at the box's entry, stays above it.
            let [left, right] = arrivals[k];
            low = if lt < s {
                low.max(box_top + entry_offset(row) + LINE_CLEAR)
                    .max(left + LINE_CLEAR)
            } else {
                low.max(right + LINE_CLEAR)
            };
        } else {
            top_min = top_min.max(box_top + row.box_h);
        }
        let between = sky.between(s, lt) + LINE_CLEAR;
        // Straight across into the next box's side, at its entry when that
        // costs nothing, else lower on its side.
        let across = low.max(between).max(top_min + SIDE_MARGIN);
        let beside = low.max(sky.0[lt] + LINE_CLEAR).max(between);
        // Down from the port and along into the next box's side: under
        // what the lanes up to the next one hold, at the box's entry when
        // that costs nothing, else lower on its side.
        let near = if lt > s { lt - 1 } else { lt + 1 };
        let under = {
            let y = (sky.floor(s, near) + LINE_CLEAR).max(top_min + offset);
            (y, top_min.max(y - (rows[t].box_h - SIDE_MARGIN)))
        };
        let beside_top = below_line(beside, head_t);
        if across <= high {
            let y = across.max(top_min + offset).min(high);
            let top = top_min.max(y - (rows[t].box_h - SIDE_MARGIN));
            arrivals[k + 1][usize::from(lt < s)] = y;
            (Route::Across { y }, top)
        } else if beside <= high && beside_top <= under.1 {
            (Route::Beside { y: beside }, beside_top)
        } else {
            let down = sky.floor(s, lt) + LINE_CLEAR;
            if under.1 < below_line(down, head_t) {
                arrivals[k + 1][usize::from(lt < s)] = under.0;
                (Route::Under { y: under.0 }, under.1)
            } else {
                (Route::Down { y: down }, below_line(down, head_t))
            }
        }
    };
    match route {
        Route::Across { y } | Route::Beside { y } if lt.abs_diff(s) > 1 => {
            sky.claim(s.min(lt) + 1, s.max(lt) - 1, y);
        }
        Route::Under { y } => sky.claim(s, if lt > s { lt - 1 } else { lt + 1 }, y),
        Route::Down { y } => sky.claim(s, lt, y),
        _ => {}
    }
    out[e] = route;
    top
}

#[cfg(test)]
mod tests {
    use super::super::tests::each_page;
    use super::*;

    #[test]
    fn steps_in_a_lane_follow_each_other_and_lines_leave_below_their_step() {
        each_page(|rows, span, laid, _| {
            let placed = &laid.placed;
            let lane = |i: usize| rows[i].lane.min(laid.columns.lanes - 1);
            for (k, i) in span.rows() {
                assert!(
                    placed.tops[k] <= placed.box_top(k) && placed.box_top(k) < placed.bottom(k)
                );
                assert!(placed.bottom(k) <= placed.height);
                // Bands in one lane never meet.
                for (j, o) in span.rows().skip(k + 1) {
                    if lane(o) == lane(i) {
                        let apart = placed.bottom(k) + BOX_CLEAR <= placed.tops[j] + 0.01
                            || placed.bottom(j) + BOX_CLEAR <= placed.tops[k] + 0.01;
                        assert!(apart, "steps {i} and {o} overlap in lane {}", lane(i));
                    }
                }
                for (e, route) in placed.routes[k].iter().enumerate() {
                    let on = rows[i].exits[e].on(span);
                    assert_eq!(on.is_none(), *route == Route::Foot, "{route:?}");
                    let row = &rows[i];
                    let box_bottom = placed.box_top(k) + row.box_h;
                    // Where a line may leave sideways: the box's side, or a
                    // diamond's side corner.
                    let corner = row
                        .question
                        .as_ref()
                        .map(|(_, h)| box_bottom + documents_height(row) + DIAMOND_GAP + h / 2.0);
                    let at_corner = |y: f32| {
                        matches!(row.exits[e].port, Port::Left | Port::Right)
                            && corner.is_some_and(|c| (c - y).abs() < 0.01)
                    };
                    let sideways =
                        |y: f32| at_corner(y) || (y > placed.box_top(k) && y < box_bottom);
                    match *route {
                        Route::Across { y } => {
                            // From the side of one box into the side of the other.
                            let t = on.unwrap_or_default();
                            assert!(sideways(y), "{route:?}");
                            let top = placed.box_top(t - span.first);
                            assert!(y >= top && y <= top + rows[t].box_h, "{route:?}");
                        }
                        Route::Beside { y } => {
                            assert!(sideways(y), "{route:?}");
                            let t = on.unwrap_or_default() - span.first;
                            assert!(placed.box_top(t) >= y + BOX_CLEAR - 0.01);
                        }
                        Route::Down { y } => {
                            assert!(y >= placed.bottom(k) + LINE_CLEAR - 0.01, "{route:?}");
                        }
                        Route::Under { y } => {
                            assert!(y >= placed.bottom(k) + LINE_CLEAR - 0.01, "{route:?}");
                            let t = on.unwrap_or_default();
                            let top = placed.box_top(t - span.first);
                            assert!(y >= top && y <= top + rows[t].box_h, "{route:?}");
                        }
                        Route::Side { y } => {
                            let below = y >= placed.bottom(k) + LINE_CLEAR - 0.01;
                            assert!(below || sideways(y), "{route:?}");
                        }
                        Route::Straight => {
                            let t = on.unwrap_or_default();
                            assert_eq!((t, lane(t)), (i + 1, lane(i)));
                        }
                        Route::Foot => {}
                    }
                }
            }
        });
    }

    #[test]
    fn a_word_too_wide_is_cut_at_a_syllable_with_a_hyphen() {
        let count = |t: &str| t.chars().count() as f32;
        // do-cu-men-ta-ción
        let syllables = |w: &str| {
            if !w.starts_with("Documentaci") {
                return Vec::new();
            }
            let mut at = 0;
            let mut out = Vec::new();
            for s in ["Do", "cu", "men", "ta"] {
                at += s.len();
                if w.len() > at {
                    out.push(at);
                }
            }
            out
        };
        let lines = wrap("Documentación recibida", 11.0, 11.0, count, syllables);
        assert_eq!(lines, ["Documenta-", "ción", "recibida"]);
        // A word that does not fit at the end of a line is cut there at a
        // syllable when a piece fits, so that the line is filled.
        let lines = wrap("Documentación recibida", 11.0, 11.0, count, |w: &str| {
            if w == "recibida" {
                vec![2, 4, 6]
            } else {
                syllables(w)
            }
        });
        assert_eq!(lines, ["Documenta-", "ción reci-", "bida"]);
        // Without syllables, between characters, still with a hyphen.
        let lines = wrap("Documentación", 8.0, 8.0, count, |_| Vec::new());
        assert_eq!(lines, ["Documen-", "tación"]);
        // A word too wide for the first line is cut there at a syllable,
        // or, with none that fits, starts the next line.
        let lines = wrap("Documentación", 14.0, 6.0, count, syllables);
        assert_eq!(lines, ["Docu-", "mentación"]);
        let lines = wrap("Documentación", 14.0, 2.0, count, syllables);
        assert_eq!(lines, ["", "Documentación"]);
    }

    #[test]
    fn wrapped_lines_keep_every_word_and_fit_their_limit() {
        let text = "Recibe el aviso afiliatorio y revisa que los datos de la persona \
                    trabajadora coincidan con el SINDO; registra el movimiento \
                    extraordinariamente-largo-sin-espacios en el sistema";
        for (chars, first) in [(12, 8), (20, 20), (6, 4), (30, 10)] {
            let count = |t: &str| t.chars().count() as f32;
            let lines = wrap(text, chars as f32, first as f32, count, |_| Vec::new());
            for (n, line) in lines.iter().enumerate() {
                let limit = if n == 0 { first } else { chars };
                assert!(line.chars().count() <= limit, "{line:?} over {limit}");
                // Only a first line narrower than the others may be left
                // empty, when the first word fits the others only.
                assert!(!line.is_empty() || (n == 0 && first < chars), "{lines:?}");
            }
            // Every character kept, in order; a line that ends inside a word
            // ends with a hyphen.
            let mut rest = text;
            for line in lines.iter().filter(|l| !l.is_empty()) {
                rest = rest.trim_start();
                let body = line.strip_suffix('-').unwrap_or(line);
                assert!(rest.starts_with(body), "{line:?} is not next in {rest:?}");
                rest = &rest[body.len()..];
                if rest.starts_with(|c: char| !c.is_whitespace()) {
                    assert!(line.ends_with('-'), "{line:?} ends inside a word");
                    rest = rest.strip_prefix('-').unwrap_or(rest);
                }
            }
            assert!(rest.trim().is_empty(), "{rest:?} lost at {chars}");
        }
        let count = |t: &str| t.chars().count() as f32;
        assert_eq!(
            wrap("", 10.0, 10.0, count, |_| Vec::new()),
            vec![String::new()]
        );
    }

    #[test]
    fn each_branch_leaves_by_the_corner_facing_its_target_and_up_to_three_have_one_each() {
        use Port::*;
        // Step 5 (i = 4) in lane 2: its next step is number 6.
        let at = |targets: &[(usize, usize)]| branch_ports(4, 2, targets);
        // To the next step: down in its lane, else the corner facing it.
        assert_eq!(at(&[(9, 2), (6, 2)]), [Left, Bottom]);
        assert_eq!(at(&[(6, 0), (9, 3)]), [Left, Right]);
        assert_eq!(at(&[(6, 4), (9, 3), (2, 0)]), [Right, Bottom, Left]);
        // The others face their targets while they can.
        assert_eq!(at(&[(6, 2), (9, 4), (2, 0)]), [Bottom, Right, Left]);
        assert_eq!(at(&[(9, 4), (12, 3), (6, 2)]), [Right, Left, Bottom]);
        // Only the first branch to the next step is placed first.
        assert_eq!(at(&[(6, 2), (6, 2)]), [Bottom, Left]);
        for targets in [
            [(1, 0), (6, 2), (9, 4)],
            [(9, 1), (1, 1), (6, 1)],
            [(9, 3), (1, 3), (2, 3)],
            [(6, 2), (7, 2), (8, 2)],
        ] {
            let ports = at(&targets);
            for (a, p) in ports.iter().enumerate() {
                assert!(!ports[a + 1..].contains(p), "{targets:?}: {ports:?}");
            }
        }
        // A fourth branch shares the left corner.
        assert_eq!(
            at(&[(6, 2), (9, 4), (2, 0), (12, 1)]),
            [Bottom, Right, Left, Left]
        );
    }

    #[test]
    fn a_question_fits_its_diamond_line_by_line_and_keeps_every_word() {
        let question = "¿Los perfiles solicitados corresponden a las funciones del puesto \
                        y no combinan perfiles de captura y de autorización?";
        for (width, style) in [
            (70.0, Style::print(468.0, 6)),
            (110.0, Style::print(600.0, 5)),
            (170.0, Style::SCREEN),
        ] {
            let (lines, h) = diamond(question, width, &style);
            let top = (h - lines.len() as f32 * style.leading) / 2.0;
            for (n, line) in lines.iter().enumerate() {
                // The line's band, measured from the diamond's top: the
                // diamond is narrowest at the band's edge farther from its
                // middle.
                let (y0, y1) = (
                    top + n as f32 * style.leading,
                    top + (n + 1) as f32 * style.leading,
                );
                let edge = (h / 2.0 - y0).abs().max((y1 - h / 2.0).abs());
                let room = width * (1.0 - 2.0 * edge / h);
                let used = style.text_width(line, style.size);
                assert!(
                    used <= room.max(0.0) + 0.01,
                    "{line:?} {used} in {room} at {width}"
                );
                assert!(
                    used <= width * 0.7 + 0.01,
                    "{line:?} wider than the PDF's room"
                );
            }
            let mut text = String::new();
            for line in lines.iter().filter(|l| !l.is_empty()) {
                match text.strip_suffix('-') {
                    Some(cut) if !line.starts_with(' ') => text = format!("{cut}{line}"),
                    _ if text.is_empty() => text = line.clone(),
                    _ => text = format!("{text} {line}"),
                }
            }
            let words: Vec<&str> = question.split_whitespace().collect();
            assert_eq!(text, words.join(" "), "at {width}");
        }
    }
}
