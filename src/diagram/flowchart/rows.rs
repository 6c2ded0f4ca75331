//! Rows: what each step's row holds (its box's text, its documents, its
//! question, where each of its arrows leaves and goes), read once per chart;
//! and where the rows of a page sit, top to bottom.

use super::{CONNECTOR, GAP, PAD, Span, Style, TERMINAL_HEIGHT, TRACK};
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

/// Words in lines of at most `chars` characters, the first of at most
/// `first`; a word longer than a line is cut.
pub(super) fn wrap(text: &str, chars: usize, first: usize) -> Vec<String> {
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
    let chars = style.chars(inner, style.size);
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
    // A step number names its target; past the last step, the last one.
    let target = |to: usize| To::Step(to.saturating_sub(1).min(count.saturating_sub(1)));
    let mut exits = Vec::new();
    let question = s.decision.as_ref().map(|(q, branches)| {
        let width = style.box_width * 0.96;
        let text_w = width * 0.6;
        let q_chars = style.chars(text_w, style.size);
        let lines = at_most(wrap(&plain_text(q), q_chars, q_chars), style.max_lines);
        let block = lines.len() as f32 * style.leading;
        let h = block / (1.0 - 0.6) + 8.0;
        let ports = branch_ports(i, branches.iter().map(|(_, to)| *to));
        for ((when, to), port) in branches.iter().zip(ports) {
            exits.push(Exit {
                port,
                to: target(*to),
                label: Some(when.clone()),
            });
        }
        (lines, h)
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
        5.0 + row.documents.iter().map(|(_, h)| h + 4.0).sum::<f32>()
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

    /// The foot of the `k`th row's band, where the gap below it starts.
    pub fn bottom(&self, rows: &[Row], span: Span, k: usize) -> f32 {
        self.tops[k] + self.shapes[k].height(&rows[span.first + k])
    }

    /// The height of track `n` of the gap below the `k`th row.
    pub fn gap_y(&self, rows: &[Row], span: Span, k: usize, n: usize) -> f32 {
        self.bottom(rows, span, k) + GAP / 2.0 + TRACK * n as f32
    }
}

/// Where the rows of a page sit. A row has room above its box when it is the
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
    let mut tops = Vec::with_capacity(span.len());
    let mut y = head + 8.0;
    for (k, i) in span.rows() {
        tops.push(y);
        y += shapes[k].height(&rows[i]);
        y += GAP + TRACK * gap_tracks[k].len() as f32;
    }
    Placed {
        shapes,
        tops,
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
                let bottom = placed.bottom(rows, span, k);
                let next = placed.tops.get(k + 1).copied().unwrap_or(placed.height);
                assert!(placed.tops[k] < placed.box_top(k) + 0.01 && placed.box_top(k) < bottom);
                if k + 1 < span.len() {
                    assert!(bottom + GAP <= next + 0.01, "row {k}: {bottom} then {next}");
                }
                for n in 0..gap.len() {
                    let y = placed.gap_y(rows, span, k, n);
                    assert!(y > bottom && y < next, "track {n} below row {k} at {y}");
                }
            }
        });
    }

    #[test]
    fn wrapped_lines_keep_every_word_and_fit_their_limit() {
        let text = "Recibe el aviso afiliatorio y revisa que los datos de la persona \
                    trabajadora coincidan con el SINDO; registra el movimiento \
                    extraordinariamente-largo-sin-espacios en el sistema";
        for (chars, first) in [(12, 8), (20, 20), (6, 4), (30, 10)] {
            let lines = wrap(text, chars, first);
            for (n, line) in lines.iter().enumerate() {
                let limit = if n == 0 { first } else { chars };
                assert!(line.chars().count() <= limit, "{line:?} over {limit}");
                assert!(!line.is_empty());
            }
            let joined: String = lines.concat().split_whitespace().collect();
            let words: String = text.split_whitespace().collect();
            assert_eq!(joined, words, "no character lost at {chars}");
        }
        assert_eq!(wrap("", 10, 10), vec![String::new()]);
    }

    #[test]
    fn at_most_cuts_and_marks_the_cut() {
        let lines: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(at_most(lines.clone(), 3), lines);
        assert_eq!(at_most(lines, 2), vec!["a".to_owned(), "b…".to_owned()]);
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
