//! The organization chart's geometry, in points, from the units' tree; drawn as
//! SVG by `html::svg` and as vectors by the PDF writer, from the same boxes and
//! lines.
//!
//! A chart shows one unit, the units that report to it in rows below, and
//! their own units stacked in a column under each: the usual layout of
//! government charts. Its shape follows its width:
//!
//! - up to `PER_ROW` direct reports sit in one row hanging from a bus;
//! - more wrap into rows of `PER_ROW`, each hanging from its own bus, the buses
//!   joined to the head by one trunk that runs down the gap in the middle of
//!   the rows (so it never crosses a box); the last row, shorter, is centred
//!   under the trunk. A head with 172 reports becomes 43 rows of four, as
//!   printed charts of large governments do, never a row 38,000 points wide.
//!
//! No chart is wider than `MAX_WIDTH`, so no printed chart is set smaller than
//! `TEXT_SIZE × text block / MAX_WIDTH` (7 pt on a letter page with 20 mm
//! side margins). A tall chart may be cut between its rows (`breaks`,
//! `parts`), never through a box.
//!
//! A unit further down that has units of its own starts a chart of its own,
//! and so does a direct report with more than `STACK_MAX` units (a column that
//! long would be taller than a page): a 1,000-unit structure becomes a set of
//! readable charts, each linked from the box that summarises it.

use crate::document::{ManualDoc, OrgNode};

pub const BOX_WIDTH: f32 = 160.0;
const COLUMN_GAP: f32 = 20.0;
const ROW_GAP: f32 = 36.0;
const STACK_INDENT: f32 = 14.0;
const STACK_GAP: f32 = 8.0;
/// Distance between the baselines of a box's lines.
pub const LINE_HEIGHT: f32 = 15.0;
/// Space between a box's border and its text.
pub const PADDING: f32 = 8.0;
const MARGIN: f32 = 4.0;
/// Advance of an average character at 12 px in a sans face, a safe estimate
/// (the SVG sets 12 px; print sets `TEXT_SIZE`, narrower).
const CHAR_WIDTH: f32 = 6.55;
const MAX_LINES: usize = 8;
/// The most boxes in one row.
pub const PER_ROW: usize = 4;
/// The most units stacked under a direct report; one with more has a chart
/// of its own.
pub const STACK_MAX: usize = 6;
/// The most direct reports drawn in rows; a head with more has them listed in
/// columns.
pub const LIST_MIN: usize = 2 * PER_ROW;
/// The widest chart there is: a full row.
pub const MAX_WIDTH: f32 =
    PER_ROW as f32 * BOX_WIDTH + (PER_ROW - 1) as f32 * COLUMN_GAP + 2.0 * MARGIN;
/// The type size of a box's text, in points at scale 1 (print; the SVG sets
/// 12 px in the same boxes).
pub const TEXT_SIZE: f32 = 10.0;

#[derive(Debug, Clone)]
pub struct Chart {
    /// The code of the unit at the top.
    pub root: String,
    pub width: f32,
    pub height: f32,
    pub boxes: Vec<UnitBox>,
    /// Connector polylines.
    pub lines: Vec<Vec<(f32, f32)>>,
    /// Where the chart may be cut between pages: the top of each row after
    /// the first (only the trunk crosses there), in increasing order.
    pub breaks: Vec<f32>,
}

#[derive(Debug, Clone)]
pub struct UnitBox {
    /// Index into the manual's units.
    pub unit: usize,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub code: String,
    /// The name, wrapped.
    pub lines: Vec<String>,
    /// Whether this unit's own units are drawn in another chart; the box then
    /// has one more line, at its bottom, for the link to that chart.
    pub has_own_chart: bool,
    pub is_root: bool,
}

impl UnitBox {
    /// The baseline of line `n` of the box (0 is the code), at scale 1 for
    /// text of `LINE_HEIGHT` leading.
    pub fn baseline(&self, n: usize) -> f32 {
        self.y + PADDING + LINE_HEIGHT * (n as f32 + 0.8)
    }
}

impl Chart {
    /// The chart cut into parts, each a range of y no taller than `room`
    /// (`first` for the first part, which also carries the chart's heading),
    /// cut only at `breaks`; a row taller than the room is a part of its own.
    /// The parts are balanced: as many as the room needs, of even heights.
    pub fn parts(&self, first: f32, room: f32) -> Vec<(f32, f32)> {
        let count = self.cut(first, room).len();
        if count == 1 {
            return vec![(0.0, self.height)];
        }
        // The smallest room that still gives as many parts.
        let (mut low, mut high) = (0.3_f32, 1.0_f32);
        for _ in 0..20 {
            let mid = (low + high) / 2.0;
            if self.cut(first * mid, room * mid).len() <= count {
                high = mid;
            } else {
                low = mid;
            }
        }
        self.cut(first * high, room * high)
    }

    fn cut(&self, first: f32, room: f32) -> Vec<(f32, f32)> {
        let mut cuts = self.breaks.clone();
        cuts.push(self.height);
        let mut out = Vec::new();
        let mut start = 0.0;
        let mut limit = first;
        let mut fitting: Option<f32> = None;
        let mut i = 0;
        while i < cuts.len() {
            let at = cuts[i];
            if at - start <= limit + 0.01 {
                fitting = Some(at);
                i += 1;
                continue;
            }
            let end = match fitting.take() {
                Some(end) => end,
                None => {
                    i += 1;
                    at
                }
            };
            out.push((start, end));
            start = end;
            limit = room;
        }
        if let Some(end) = fitting {
            out.push((start, end));
        }
        out
    }
}

/// The pieces of `line` between `top` and `bottom`.
pub fn clip(line: &[(f32, f32)], top: f32, bottom: f32) -> Vec<[(f32, f32); 2]> {
    let mut out = Vec::new();
    for pair in line.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (lo, hi) = (a.1.min(b.1), a.1.max(b.1));
        if hi < top - 0.01 || lo > bottom + 0.01 {
            continue;
        }
        let at = |y: f32| {
            if (b.1 - a.1).abs() < 0.001 {
                (a.0, y)
            } else {
                (a.0 + (b.0 - a.0) * (y - a.1) / (b.1 - a.1), y)
            }
        };
        let from = if a.1 < top { at(top) } else { a };
        let from = if from.1 > bottom { at(bottom) } else { from };
        let to = if b.1 < top { at(top) } else { b };
        let to = if to.1 > bottom { at(bottom) } else { to };
        if (from.0 - to.0).abs() > 0.01 || (from.1 - to.1).abs() > 0.01 {
            out.push([from, to]);
        }
    }
    out
}

/// Every chart of a manual, in bands of `SCREEN` (the site's): one per top
/// unit, and one per unit further down whose units its parent's chart does
/// not draw.
pub fn charts(manual: &ManualDoc) -> Vec<Chart> {
    charts_in(manual, SCREEN)
}

/// Every chart of a manual, the bands of long lists no taller than `room`
/// (print passes its page's).
pub fn charts_in(manual: &ManualDoc, room: Room) -> Vec<Chart> {
    let labels: Vec<(&str, &str)> = manual
        .units
        .iter()
        .map(|u| (u.code.as_str(), u.name.as_str()))
        .collect();
    charts_of(&manual.org, &labels, room)
}

/// How tall a band of a long list may be, in points at scale 1: the first,
/// under the head, and the rest.
#[derive(Debug, Clone, Copy)]
pub struct Room {
    pub first: f32,
    pub rest: f32,
}

/// The site's bands: about a screen each.
pub const SCREEN: Room = Room {
    first: 760.0,
    rest: 820.0,
};

/// The charts of `roots`; `labels` gives each unit's code and name.
fn charts_of(roots: &[OrgNode], labels: &[(&str, &str)], room: Room) -> Vec<Chart> {
    let mut out = Vec::new();
    for root in roots {
        collect(root, labels, room, &mut out);
    }
    out
}

/// Whether a direct report's own units are stacked under it in its parent's
/// chart (else it has a chart of its own).
fn stacked(node: &OrgNode) -> bool {
    node.children.len() <= STACK_MAX
}

fn collect(node: &OrgNode, labels: &[(&str, &str)], room: Room, out: &mut Vec<Chart>) {
    if node.children.is_empty() {
        return;
    }
    out.push(if node.children.len() > LIST_MIN {
        list_chart(node, labels, room)
    } else {
        chart(node, labels)
    });
    for child in &node.children {
        if !stacked(child) {
            collect(child, labels, room, out);
            continue;
        }
        for grandchild in &child.children {
            collect(grandchild, labels, room, out);
        }
    }
}

/// The most characters in a line of a box `width` wide.
fn chars_per_line(width: f32) -> usize {
    ((width - 2.0 * PADDING) / CHAR_WIDTH).floor().max(8.0) as usize
}

fn wrap(name: &str, chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in name.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > chars {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

fn unit_box(
    node: &OrgNode,
    labels: &[(&str, &str)],
    width: f32,
    is_root: bool,
    own: bool,
) -> UnitBox {
    let (code, name) = labels[node.unit];
    let lines = wrap(name, chars_per_line(width));
    let text_lines = lines.len() + 1 + usize::from(own);
    UnitBox {
        unit: node.unit,
        x: 0.0,
        y: 0.0,
        width,
        height: PADDING * 2.0 + LINE_HEIGHT * text_lines as f32,
        code: code.to_string(),
        lines,
        has_own_chart: own,
        is_root,
    }
}

fn chart(root: &OrgNode, labels: &[(&str, &str)]) -> Chart {
    let mut boxes = Vec::new();
    let mut lines = Vec::new();
    let mut breaks = Vec::new();
    let columns = root.children.len().clamp(1, PER_ROW) as f32;
    let grid = columns * BOX_WIDTH + (columns - 1.0) * COLUMN_GAP;
    let width = grid.max(BOX_WIDTH) + 2.0 * MARGIN;
    // The trunk: full rows have an even number of boxes, so the middle is a
    // gap between two columns.
    let trunk = width / 2.0;

    let mut head = unit_box(root, labels, BOX_WIDTH, true, false);
    head.x = trunk - BOX_WIDTH / 2.0;
    head.y = MARGIN;
    let mut top = head.y + head.height;
    let mut trunk_from = top;
    boxes.push(head);

    for (r, row) in root.children.chunks(PER_ROW).enumerate() {
        if r > 0 {
            breaks.push(top);
        }
        let bus = top + ROW_GAP / 2.0;
        let box_y = top + ROW_GAP;
        let count = row.len() as f32;
        let row_width = count * BOX_WIDTH + (count - 1.0) * COLUMN_GAP;
        let left = trunk - row_width / 2.0;
        let mut row_boxes: Vec<UnitBox> = row
            .iter()
            .map(|c| unit_box(c, labels, BOX_WIDTH, false, !stacked(c)))
            .collect();
        let row_height = row_boxes.iter().map(|b| b.height).fold(0.0, f32::max);
        lines.push(vec![(trunk, trunk_from), (trunk, bus)]);
        trunk_from = bus;
        let first = left + BOX_WIDTH / 2.0;
        let last = left + row_width - BOX_WIDTH / 2.0;
        if last - first > 0.01 {
            lines.push(vec![(first.min(trunk), bus), (last.max(trunk), bus)]);
        }
        let mut bottom = box_y + row_height;
        for (i, (b, node)) in row_boxes.iter_mut().zip(row).enumerate() {
            b.x = left + i as f32 * (BOX_WIDTH + COLUMN_GAP);
            b.y = box_y;
            b.height = row_height;
            let center = b.x + BOX_WIDTH / 2.0;
            lines.push(vec![(center, bus), (center, box_y)]);
            if !stacked(node) || node.children.is_empty() {
                continue;
            }
            // The column of this unit's own units, hanging from its left side.
            let spine = b.x + STACK_INDENT / 2.0;
            let mut y = box_y + row_height + STACK_GAP;
            let mut last_mid = y;
            for g in &node.children {
                let mut gb = unit_box(
                    g,
                    labels,
                    BOX_WIDTH - STACK_INDENT,
                    false,
                    !g.children.is_empty(),
                );
                gb.x = b.x + STACK_INDENT;
                gb.y = y;
                let mid = y + gb.height / 2.0;
                lines.push(vec![(spine, mid), (gb.x, mid)]);
                last_mid = mid;
                y += gb.height + STACK_GAP;
                boxes.push(gb);
            }
            lines.push(vec![(spine, box_y + row_height), (spine, last_mid)]);
            bottom = bottom.max(y - STACK_GAP);
        }
        boxes.extend(row_boxes);
        top = bottom;
    }
    Chart {
        root: labels[root.unit].0.to_string(),
        width,
        height: top + MARGIN,
        boxes,
        lines,
        breaks,
    }
}

/// A head with many reports: its units listed down `PER_ROW` columns that
/// hang from a bus, each unit's own units indented under it, in bands no
/// taller than `room`; the bands hang from a trunk down the middle gap.
fn list_chart(root: &OrgNode, labels: &[(&str, &str)], room: Room) -> Chart {
    let mut boxes = Vec::new();
    let mut lines = Vec::new();
    let mut breaks = Vec::new();
    let width = MAX_WIDTH;
    let trunk = width / 2.0;
    let column_x = |k: usize| MARGIN + k as f32 * (BOX_WIDTH + COLUMN_GAP);

    let mut head = unit_box(root, labels, BOX_WIDTH, true, false);
    head.x = trunk - BOX_WIDTH / 2.0;
    head.y = MARGIN;
    let mut top = head.y + head.height;
    let mut trunk_from = top;
    boxes.push(head);

    // Each entry: a direct report and the units stacked under it, at x = 0.
    let entries: Vec<Vec<UnitBox>> = root
        .children
        .iter()
        .map(|child| {
            let mut b = unit_box(
                child,
                labels,
                BOX_WIDTH - STACK_INDENT,
                false,
                !stacked(child),
            );
            b.x = STACK_INDENT;
            let mut y = b.height;
            let mut entry = vec![b];
            if stacked(child) {
                for g in &child.children {
                    let mut gb = unit_box(
                        g,
                        labels,
                        BOX_WIDTH - 2.0 * STACK_INDENT,
                        false,
                        !g.children.is_empty(),
                    );
                    gb.x = 2.0 * STACK_INDENT;
                    gb.y = y + STACK_GAP;
                    y = gb.y + gb.height;
                    entry.push(gb);
                }
            }
            entry
        })
        .collect();
    let height_of = |e: &[UnitBox]| e.last().map(|b| b.y + b.height).unwrap_or(0.0);

    // The columns' room in each band: the bands' room less the head (in the
    // first) and the bus above the columns.
    let first = room.first - top - ROW_GAP;
    let rest = room.rest - ROW_GAP;
    let plan = |scale: f32| bands(&entries, first * scale, rest * scale, &height_of);
    // As few bands as the room allows, as even as they can be: the last is
    // not a scrap on a page of its own.
    let count = plan(1.0).len();
    let (mut low, mut high) = (0.2_f32, 1.0_f32);
    for _ in 0..24 {
        let mid = (low + high) / 2.0;
        if plan(mid).len() <= count {
            high = mid;
        } else {
            low = mid;
        }
    }
    let mut planned = plan(high);
    // The last band's columns as even as they can be.
    if let Some(last) = planned.pop() {
        let start = last.iter().flatten().min().copied().unwrap_or(0);
        let left = &entries[start..];
        let limit = if planned.is_empty() { first } else { rest } * high;
        let (mut low, mut high) = (0.0_f32, limit);
        for _ in 0..24 {
            let mid = (low + high) / 2.0;
            if columns(left, mid, &height_of)
                .iter()
                .map(Vec::len)
                .sum::<usize>()
                == left.len()
            {
                high = mid;
            } else {
                low = mid;
            }
        }
        let mut even = columns(left, high, &height_of);
        for column in &mut even {
            for i in column.iter_mut() {
                *i += start;
            }
        }
        planned.push(even);
    }

    let spine = |k: usize| column_x(k) + STACK_INDENT / 2.0;
    for (band, placed) in planned.iter().enumerate() {
        if band > 0 {
            breaks.push(top);
        }
        let bus = top + ROW_GAP / 2.0;
        let columns_top = top + ROW_GAP;
        lines.push(vec![(trunk, trunk_from), (trunk, bus)]);
        trunk_from = bus;
        let used = placed.iter().filter(|c| !c.is_empty()).count().max(1);
        lines.push(vec![
            (spine(0).min(trunk), bus),
            (spine(used - 1).max(trunk), bus),
        ]);
        let mut bottom = columns_top;
        for (k, column) in placed.iter().enumerate() {
            let dx = column_x(k);
            let mut y = columns_top;
            let mut last_mid = None;
            for &i in column {
                let entry = &entries[i];
                let parent = &entry[0];
                let mid = y + parent.height / 2.0;
                lines.push(vec![(spine(k), mid), (dx + parent.x, mid)]);
                last_mid = Some(mid);
                // The entry's own units hang from its left side.
                if let Some(last) = entry.last().filter(|_| entry.len() > 1) {
                    let own = dx + STACK_INDENT + STACK_INDENT / 2.0;
                    for g in &entry[1..] {
                        let mid = y + g.y + g.height / 2.0;
                        lines.push(vec![(own, mid), (dx + g.x, mid)]);
                    }
                    lines.push(vec![
                        (own, y + parent.height),
                        (own, y + last.y + last.height / 2.0),
                    ]);
                }
                for b in entry {
                    let mut b = b.clone();
                    b.x += dx;
                    b.y += y;
                    boxes.push(b);
                }
                y += height_of(entry) + STACK_GAP;
            }
            if let Some(mid) = last_mid {
                lines.push(vec![(spine(k), bus), (spine(k), mid)]);
            }
            bottom = bottom.max(y - STACK_GAP);
        }
        top = bottom;
    }
    Chart {
        root: labels[root.unit].0.to_string(),
        width,
        height: top + MARGIN,
        boxes,
        lines,
        breaks,
    }
}

/// Entries (their indices) in bands of columns, the first band's columns no
/// taller than `first`, the others' no taller than `rest`.
fn bands(
    entries: &[Vec<UnitBox>],
    first: f32,
    rest: f32,
    height_of: &dyn Fn(&[UnitBox]) -> f32,
) -> Vec<Vec<Vec<usize>>> {
    let mut out = Vec::new();
    let mut next = 0;
    while next < entries.len() {
        let limit = if out.is_empty() { first } else { rest };
        let mut placed = columns(&entries[next..], limit, height_of);
        let taken: usize = placed.iter().map(Vec::len).sum();
        for column in &mut placed {
            for i in column.iter_mut() {
                *i += next;
            }
        }
        next += taken;
        out.push(placed);
    }
    out
}

/// Entries (their indices) put in order down `PER_ROW` columns no taller than
/// `height`; a column holds at least one entry, so an entry taller than the
/// band still has a place.
fn columns(
    entries: &[Vec<UnitBox>],
    height: f32,
    height_of: &dyn Fn(&[UnitBox]) -> f32,
) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); PER_ROW];
    let mut k = 0;
    let mut y = 0.0;
    for (i, entry) in entries.iter().enumerate() {
        let h = height_of(entry);
        let needed = if out[k].is_empty() {
            h
        } else {
            y + STACK_GAP + h
        };
        if needed > height + 0.01 && !out[k].is_empty() {
            k += 1;
            if k == PER_ROW {
                break;
            }
            y = h;
        } else {
            y = needed;
        }
        out[k].push(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree: `shape[i]` is how many units report to each unit of level i.
    fn tree(next: &mut usize, shape: &[usize]) -> OrgNode {
        let unit = *next;
        *next += 1;
        let children = match shape.split_first() {
            Some((&n, rest)) => (0..n).map(|_| tree(next, rest)).collect(),
            None => Vec::new(),
        };
        OrgNode { unit, children }
    }

    fn labels(count: usize) -> Vec<(String, String)> {
        (0..count)
            .map(|i| {
                let name = match i % 4 {
                    0 => format!("Departamento {i}"),
                    1 => format!(
                        "Departamento de Control de Gestión y Seguimiento de Acuerdos Interinstitucionales {i}"
                    ),
                    2 => format!("Coordinación de Procesos Operativos de Afiliación {i}"),
                    _ => format!("Oficina {i}"),
                };
                (format!("3.{i}"), name)
            })
            .collect()
    }

    /// The bands of the tests: a page of about 700 points.
    const ROOM: Room = Room {
        first: 640.0,
        rest: 700.0,
    };

    fn count(node: &OrgNode) -> usize {
        1 + node.children.iter().map(count).sum::<usize>()
    }

    /// The real-world shapes: a head with 172 reports, some with a few units
    /// and some with many, and a chain of eight levels.
    fn forest() -> Vec<OrgNode> {
        let mut next = 0;
        let mut wide = tree(&mut next, &[172]);
        for (i, child) in wide.children.iter_mut().enumerate() {
            let n = [0, 3, 0, 7, 0, 40, 5, 0, 1][i % 9];
            child.children = (0..n).map(|_| tree(&mut next, &[i % 3])).collect();
        }
        let deep = tree(&mut next, &[2, 3, 1, 2, 1, 3, 2, 2]);
        let mut out = vec![wide, deep];
        for n in 1..=9 {
            out.push(tree(&mut next, &[n, 2]));
        }
        out
    }

    fn charts_of_forest() -> (Vec<OrgNode>, Vec<Chart>) {
        let roots = forest();
        let total: usize = roots.iter().map(count).sum();
        let owned = labels(total);
        let refs: Vec<(&str, &str)> = owned
            .iter()
            .map(|(c, n)| (c.as_str(), n.as_str()))
            .collect();
        let charts = charts_of(&roots, &refs, ROOM);
        (roots, charts)
    }

    fn overlap(a: &UnitBox, b: &UnitBox) -> bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    }

    /// Whether the segment from `p` to `q` passes through the inside of `b`
    /// (touching its border, as a connector ending at a box does, is fine).
    fn crosses(p: (f32, f32), q: (f32, f32), b: &UnitBox) -> bool {
        let inset = 0.5;
        let (x0, x1) = (b.x + inset, b.x + b.width - inset);
        let (y0, y1) = (b.y + inset, b.y + b.height - inset);
        // Connectors are horizontal or vertical.
        if (p.0 - q.0).abs() < 0.01 {
            let (lo, hi) = (p.1.min(q.1), p.1.max(q.1));
            p.0 > x0 && p.0 < x1 && hi > y0 && lo < y1
        } else {
            let (lo, hi) = (p.0.min(q.0), p.0.max(q.0));
            p.1 > y0 && p.1 < y1 && hi > x0 && lo < x1
        }
    }

    #[test]
    fn names_wrap_on_words_within_a_box() {
        let name = "Subjefatura de División de Procesos Operativos de Afiliación";
        let lines = wrap(name, chars_per_line(BOX_WIDTH));
        assert!(lines.len() >= 2);
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() <= chars_per_line(BOX_WIDTH))
        );
        assert_eq!(lines.join(" "), name);
    }

    #[test]
    fn print_type_is_never_under_six_points() {
        // The portrait text block of letter (and A4) with 20 mm side margins.
        for page_width in [612.0_f32, 595.3] {
            let block = page_width - 2.0 * 20.0 * 72.0 / 25.4;
            assert!(TEXT_SIZE * block / MAX_WIDTH >= 6.5, "{page_width}");
        }
        let (_, charts) = charts_of_forest();
        for chart in &charts {
            assert!(chart.width <= MAX_WIDTH + 0.01, "{} wide", chart.width);
        }
    }

    #[test]
    fn no_row_holds_more_boxes_than_fit() {
        let (_, charts) = charts_of_forest();
        for chart in &charts {
            // Any line across the chart meets at most `PER_ROW` boxes.
            for b in &chart.boxes {
                let across = chart
                    .boxes
                    .iter()
                    .filter(|o| o.y <= b.y + 0.01 && o.y + o.height > b.y + 0.01)
                    .count();
                assert!(
                    across <= PER_ROW,
                    "{across} boxes side by side in {}",
                    chart.root
                );
            }
        }
        // 8 reports: two rows of four; 172: listed in columns, in bands no
        // taller than the room, the last not a scrap.
        let eight = charts.iter().find(|c| c.boxes.len() == 1 + 8 + 16).unwrap();
        assert_eq!(eight.breaks.len(), 1);
        let wide = charts.iter().find(|c| c.root == "3.0").unwrap();
        assert!(wide.breaks.len() >= 3, "{:?}", wide.breaks);
        let mut edges = vec![0.0];
        edges.extend(&wide.breaks);
        edges.push(wide.height);
        let heights: Vec<f32> = edges.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(heights[0] <= ROOM.first + 0.01, "{heights:?}");
        assert!(
            heights[1..].iter().all(|&h| h <= ROOM.rest + 0.01),
            "{heights:?}"
        );
        assert!(heights[heights.len() - 1] > ROOM.rest / 2.0, "{heights:?}");
    }

    #[test]
    fn every_unit_is_drawn_exactly_once() {
        let (roots, charts) = charts_of_forest();
        let total: usize = roots.iter().map(count).sum();
        // Each unit once as a box under its parent (the top units: as the
        // head of their chart); each unit heads at most one chart, and one
        // with units of its own either heads a chart or is drawn in a chart
        // with all of them.
        let mut under = vec![0; total];
        let mut heads = vec![0; total];
        for chart in &charts {
            for b in &chart.boxes {
                if b.is_root {
                    heads[b.unit] += 1;
                } else {
                    under[b.unit] += 1;
                }
            }
        }
        let together = |node: &OrgNode| {
            charts.iter().any(|chart| {
                let drawn = |u: usize| chart.boxes.iter().any(|b| b.unit == u);
                drawn(node.unit) && node.children.iter().all(|c| drawn(c.unit))
            })
        };
        fn walk(node: &OrgNode, top: bool, check: &dyn Fn(&OrgNode, bool)) {
            check(node, top);
            for child in &node.children {
                walk(child, false, check);
            }
        }
        let check = |node: &OrgNode, top: bool| {
            assert_eq!(under[node.unit], usize::from(!top), "unit {}", node.unit);
            assert!(heads[node.unit] <= 1, "unit {}", node.unit);
            if !node.children.is_empty() {
                assert!(
                    heads[node.unit] == 1 || together(node),
                    "unit {}",
                    node.unit
                );
            } else {
                assert_eq!(heads[node.unit], 0, "unit {}", node.unit);
            }
        };
        for root in &roots {
            walk(root, true, &check);
        }
    }

    #[test]
    fn boxes_do_not_overlap_and_lines_do_not_cross_them() {
        let (_, charts) = charts_of_forest();
        for chart in &charts {
            for (i, a) in chart.boxes.iter().enumerate() {
                assert!(a.x >= 0.0 && a.x + a.width <= chart.width + 0.01);
                assert!(a.y >= 0.0 && a.y + a.height <= chart.height + 0.01);
                for b in &chart.boxes[i + 1..] {
                    assert!(!overlap(a, b), "{} and {} overlap", a.code, b.code);
                }
            }
            for line in &chart.lines {
                for pair in line.windows(2) {
                    for b in &chart.boxes {
                        assert!(
                            !crosses(pair[0], pair[1], b),
                            "a line from {:?} to {:?} crosses {} in the chart of {}",
                            pair[0],
                            pair[1],
                            b.code,
                            chart.root
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_box_is_connected() {
        let (_, charts) = charts_of_forest();
        for chart in &charts {
            let ends: Vec<(f32, f32)> = chart
                .lines
                .iter()
                .flat_map(|l| [l[0], l[l.len() - 1]])
                .collect();
            for b in chart.boxes.iter().filter(|b| !b.is_root) {
                let touches = ends.iter().any(|&(x, y)| {
                    let on_top = (y - b.y).abs() < 0.01 && x > b.x && x < b.x + b.width;
                    let on_left = (x - b.x).abs() < 0.01 && y > b.y && y < b.y + b.height;
                    on_top || on_left
                });
                assert!(touches, "{} hangs from nothing", b.code);
            }
        }
    }

    #[test]
    fn tall_charts_are_cut_between_rows_only() {
        let (_, charts) = charts_of_forest();
        let wide = charts.iter().find(|c| c.root == "3.0").unwrap();
        let room = 700.0;
        let parts = wide.parts(room - 60.0, room);
        assert_eq!(parts.len(), wide.breaks.len() + 1);
        assert!(parts.len() > 1);
        assert_eq!(parts[0].0, 0.0);
        assert_eq!(parts[parts.len() - 1].1, wide.height);
        for pair in parts.windows(2) {
            assert_eq!(pair[0].1, pair[1].0);
        }
        for (n, &(top, bottom)) in parts.iter().enumerate() {
            let limit = if n == 0 { room - 60.0 } else { room };
            assert!(bottom - top <= limit + 0.01, "part {n}: {}", bottom - top);
            // No box is cut.
            for b in &wide.boxes {
                let inside = b.y >= top && b.y + b.height <= bottom;
                let outside = b.y + b.height <= top || b.y >= bottom;
                assert!(inside || outside, "{} is cut", b.code);
            }
        }
        // Balanced: the last part is not a scrap.
        let heights: Vec<f32> = parts.iter().map(|(t, b)| b - t).collect();
        let tallest = heights.iter().cloned().fold(0.0, f32::max);
        assert!(heights[heights.len() - 1] > tallest / 2.0, "{heights:?}");
        // A chart that fits is one part.
        let small = charts.iter().find(|c| c.breaks.is_empty()).unwrap();
        assert_eq!(small.parts(room, room), vec![(0.0, small.height)]);
    }

    #[test]
    fn lines_are_clipped_to_a_part() {
        let trunk = [(10.0, 0.0), (10.0, 100.0), (50.0, 100.0)];
        assert_eq!(clip(&trunk, 40.0, 60.0), vec![[(10.0, 40.0), (10.0, 60.0)]]);
        assert_eq!(
            clip(&trunk, 90.0, 200.0),
            vec![
                [(10.0, 90.0), (10.0, 100.0)],
                [(10.0, 100.0), (50.0, 100.0)]
            ]
        );
        assert!(clip(&trunk, 120.0, 200.0).is_empty());
    }
}
