//! Rows: what each step's row holds (its box's text, its documents, its
//! question, where each of its arrows leaves and goes), read once per chart;
//! and where the rows of a page sit, top to bottom.

use super::{CONNECTOR, DOCUMENT_SHARE, GAP, PAD, Span, Style, TERMINAL_HEIGHT, TRACK};
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

    /// Whether, leaving step `from`, it enters its target from the side,
    /// through a channel: everything but a straight flow down to the next step.
    pub fn is_side(&self, from: usize) -> bool {
        match self.to {
            To::Step(t) => !(t == from + 1 && matches!(self.port, Port::Foot | Port::Bottom)),
            To::End => false,
        }
    }
}

/// Whether step `i` shares its row with the next step: it flows into that
/// step and nowhere else, and the next step is on the page in a lane to its
/// right, so the arrow runs straight across from one box to the other. A row
/// holds consecutive steps in lanes that go left to right, at most one per
/// lane, so nothing else stands between them.
pub(super) fn joins_next(rows: &[Row], span: Span, i: usize) -> bool {
    span.holds(i)
        && span.holds(i + 1)
        && rows[i].lane < rows[i + 1].lane
        && matches!(
            rows[i].exits.as_slice(),
            [Exit { port: Port::Foot, to: To::Step(t), .. }] if *t == i + 1
        )
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
    /// Height of the room the labels take under the diamond.
    pub label_h: f32,
}

/// Words in lines no wider than `width`, the first no wider than `first`,
/// as `measure` says. A word wider than its line is cut with a hyphen: at the
/// last of its `syllables` (byte offsets where it may be cut) that leaves the
/// piece narrow enough, else, on the first line, it starts the next line,
/// else between two characters, so a reader sees the word goes on.
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
        if !line.is_empty() && measure(&format!("{line} {word}")) > limit {
            lines.push(std::mem::take(&mut line));
            limit = width;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        // Here the line is the word alone when it is too wide.
        while measure(&line) > limit && line.chars().count() > 1 {
            let fits = |piece: &str| measure(&format!("{piece}-")) <= limit;
            let at_syllable = syllables(&line)
                .into_iter()
                .rev()
                .find(|&b| b > 0 && b < line.len() && fits(&line[..b]));
            let take = match at_syllable {
                Some(b) => b,
                None if lines.is_empty() && limit < width && measure(&line) <= width => {
                    // Too wide for the first line only: it starts the next.
                    lines.push(String::new());
                    limit = width;
                    continue;
                }
                None => {
                    // As many characters as fit with the hyphen, at least one;
                    // a hyphen of the word's own at the cut stays on this line.
                    let mut end = line.chars().next().map_or(0, char::len_utf8);
                    for (b, _) in line.char_indices().skip(1) {
                        if !fits(&line[..b]) {
                            break;
                        }
                        end = b;
                    }
                    if line[end..].starts_with('-') {
                        end += 1;
                    }
                    end
                }
            };
            let mut cut = line[..take].to_owned();
            if !cut.ends_with('-') {
                cut.push('-');
            }
            line = line[take..].to_owned();
            lines.push(cut);
            limit = width;
            if line.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
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
/// height. A text block `tw` wide and `th` tall fits in a diamond `w` by `h`
/// when tw/w + th/h ≤ 1; of the widths tried for the block, the one that
/// gives the flattest diamond wins.
fn diamond(question: &str, width: f32, style: &Style) -> (Vec<String>, f32) {
    let mut best: Option<(Vec<String>, f32)> = None;
    for share in [0.5, 0.56, 0.62, 0.68, 0.74] {
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
    steps
        .iter()
        .enumerate()
        .map(|(i, s)| row(i, s, steps.len(), style))
        .collect()
}

fn row(i: usize, s: &StepDoc, count: usize, style: &Style) -> Row {
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
        let ports = branch_ports(i, branches.iter().map(|(_, to)| *to));
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
    let (labels, label_h) = branch_labels(&exits, style);
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
}

/// Which corner of the diamond each branch of step `i`'s decision leaves by,
/// given the step numbers the branches go to. The first branch to the next
/// step goes down; the others leave by the sides, right first, then by the
/// bottom if it is still free, then by the left again (a fourth branch shares
/// a corner).
pub(super) fn branch_ports(i: usize, targets: impl Iterator<Item = usize>) -> Vec<Port> {
    let mut free = vec![Port::Left, Port::Right];
    let mut bottom_free = true;
    let mut ports: Vec<Option<Port>> = targets
        .map(|to| {
            (to == i + 2 && bottom_free).then(|| {
                bottom_free = false;
                Port::Bottom
            })
        })
        .collect();
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
    ports.into_iter().map(|p| p.unwrap_or(Port::Left)).collect()
}

/// Each exit's answer wrapped to the room under the diamond, and the height
/// they take there: the left branch's answer beside its line, the bottom
/// one's beside the middle line and the right one's under it, against the
/// right line.
fn branch_labels(exits: &[Exit], style: &Style) -> (Vec<Vec<String>>, f32) {
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
    let lines_at = |port: Port| -> usize {
        exits
            .iter()
            .zip(&labels)
            .filter(|(e, _)| e.port == port)
            .map(|(_, l)| l.len())
            .sum()
    };
    let label_lines = lines_at(Port::Left).max(lines_at(Port::Bottom) + lines_at(Port::Right));
    let label_h = if label_lines == 0 {
        0.0
    } else {
        label_lines as f32 * style.small * 1.2 + 5.0
    };
    (labels, label_h)
}

/// Heights of the parts of a row, top to bottom.
pub(super) struct RowShape {
    /// Room above the box for "Inicio" or incoming connectors.
    pub head: f32,
    pub documents: f32,
    /// Room below everything for "Fin" and outgoing connectors.
    pub foot: f32,
}

impl RowShape {
    pub fn height(&self, row: &Row) -> f32 {
        let question = row.question.as_ref().map(|(_, h)| h + 12.0).unwrap_or(0.0);
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

const HEAD: f32 = TERMINAL_HEIGHT + 10.0;
const FOOT: f32 = CONNECTOR.max(TERMINAL_HEIGHT) + 12.0;

/// The rows of a page, placed: each one's band (its top and its parts'
/// heights), with the gap below it.
pub(super) struct Placed {
    /// Per row of the page (0 is the page's first).
    pub shapes: Vec<RowShape>,
    pub tops: Vec<f32>,
    /// Per row of the page, the height of its band (of the row it shares
    /// with the steps it joins).
    pub bands: Vec<f32>,
    /// Whether an arrow from another page enters the row (an off-page
    /// connector above its box).
    pub incoming: Vec<bool>,
    pub height: f32,
}

impl Placed {
    /// The top of the `k`th row's activity box.
    pub fn box_top(&self, k: usize) -> f32 {
        self.tops[k] + self.shapes[k].head
    }

    /// Where a line from the side enters step `t`'s box: a little below its
    /// top, never below its middle.
    pub fn entry(&self, rows: &[Row], span: Span, t: usize) -> f32 {
        self.box_top(t - span.first) + (rows[t].box_h / 2.0).min(9.0)
    }

    /// The foot of the `k`th row's band, where the gap below it starts.
    pub fn bottom(&self, k: usize) -> f32 {
        self.tops[k] + self.bands[k]
    }

    /// The height of track `n` of the gap below the `k`th row.
    pub fn gap_y(&self, k: usize, n: usize) -> f32 {
        self.bottom(k) + GAP / 2.0 + TRACK * n as f32
    }
}

/// Where the rows of a page sit. A row holds a step, or several when they
/// join (`joins_next`): their boxes side by side at one height, the band as
/// tall as the tallest. A row has room above its boxes when it holds the
/// first step ("Inicio") or an arrow from another page enters it, room below
/// when an arrow leaves it for "Fin" or another page; below it, a gap of
/// `GAP` plus a track for each of the `gap_tracks` lines that run along it.
/// The bands and gaps do not overlap, so a line in a gap crosses no symbol.
pub(super) fn place(rows: &[Row], span: Span, head: f32, gap_tracks: &[Vec<usize>]) -> Placed {
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
    let mut shapes: Vec<RowShape> = span
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
    let mut tops = vec![0.0; span.len()];
    let mut bands = vec![0.0; span.len()];
    let mut y = head + 8.0;
    let mut k = 0;
    while k < span.len() {
        // The steps of this row: k up to and including `last`.
        let mut last = k;
        while joins_next(rows, span, span.first + last) {
            last += 1;
        }
        let row_head = (k..=last).map(|j| shapes[j].head).fold(0.0, f32::max);
        for shape in &mut shapes[k..=last] {
            shape.head = row_head;
        }
        let band = (k..=last)
            .map(|j| shapes[j].height(&rows[span.first + j]))
            .fold(0.0, f32::max);
        for j in k..=last {
            tops[j] = y;
            bands[j] = band;
        }
        let tracks: usize = (k..=last).map(|j| gap_tracks[j].len()).sum();
        y += band + GAP + TRACK * tracks as f32;
        k = last + 1;
    }
    Placed {
        shapes,
        tops,
        bands,
        incoming,
        height: y - GAP + 6.0,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::each_page;
    use super::*;

    #[test]
    fn bands_follow_each_other_and_the_gaps_tracks_lie_between_them() {
        each_page(|rows, span, laid, _| {
            let placed = &laid.placed;
            let gaps = super::super::tracks::gaps(rows, span);
            assert_eq!(gaps.len(), span.len());
            for (k, gap) in gaps.iter().enumerate() {
                let bottom = placed.bottom(k);
                let next = placed.tops.get(k + 1).copied().unwrap_or(placed.height);
                assert!(placed.tops[k] < placed.box_top(k) + 0.01 && placed.box_top(k) < bottom);
                if joins_next(rows, span, span.first + k) {
                    // Side by side: one band.
                    assert_eq!(placed.tops[k], next);
                    assert_eq!(placed.box_top(k), placed.box_top(k + 1));
                    assert!(gap.is_empty());
                } else if k + 1 < span.len() {
                    assert!(bottom + GAP <= next + 0.01, "row {k}: {bottom} then {next}");
                }
                for n in 0..gap.len() {
                    let y = placed.gap_y(k, n);
                    assert!(y > bottom && y < next, "track {n} below row {k} at {y}");
                }
            }
        });
    }

    #[test]
    fn a_word_too_wide_is_cut_at_a_syllable_with_a_hyphen() {
        let count = |t: &str| t.chars().count() as f32;
        // do-cu-men-ta-ción
        let syllables = |w: &str| {
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
    fn the_branch_to_the_next_step_goes_down_and_up_to_three_branches_have_a_corner_each() {
        use Port::*;
        // Step 5 (i = 4): its next step is number 6.
        assert_eq!(branch_ports(4, [9, 6].into_iter()), [Right, Bottom]);
        assert_eq!(
            branch_ports(4, [6, 9, 2].into_iter()),
            [Bottom, Right, Left]
        );
        assert_eq!(
            branch_ports(4, [9, 2, 12].into_iter()),
            [Right, Left, Bottom]
        );
        // Only the first branch to the next step goes down.
        assert_eq!(branch_ports(4, [6, 6].into_iter()), [Bottom, Right]);
        for targets in [[1, 6, 9], [9, 1, 6], [9, 1, 2], [6, 7, 8]] {
            let ports = branch_ports(4, targets.into_iter());
            for (a, p) in ports.iter().enumerate() {
                assert!(!ports[a + 1..].contains(p), "{targets:?}: {ports:?}");
            }
        }
        // A fourth branch shares the left corner (the known crossing of
        // tests/flowchart.rs).
        assert_eq!(
            branch_ports(4, [6, 9, 2, 12].into_iter()),
            [Bottom, Right, Left, Left]
        );
    }
}
