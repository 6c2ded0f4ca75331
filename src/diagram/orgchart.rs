//! The organization chart's geometry, in points, from the units' tree; drawn as
//! SVG by `html::svg` and as vectors by the PDF writer, from the same boxes and
//! lines.
//!
//! A chart shows one unit, the units that report to it in a row below, and their
//! own units stacked in a column under each: the usual layout of government
//! charts, and readable at any size because no row is wider than one unit's
//! direct reports. A unit further down that has units of its own starts a chart of
//! its own, so a 100-unit structure becomes a handful of small charts, each linked
//! from the box that summarises it.

use crate::document::{ManualDoc, OrgNode};

pub const BOX_WIDTH: f32 = 200.0;
const COLUMN_GAP: f32 = 22.0;
const ROW_GAP: f32 = 36.0;
const STACK_INDENT: f32 = 18.0;
const STACK_GAP: f32 = 10.0;
const LINE_HEIGHT: f32 = 15.0;
const PADDING: f32 = 8.0;
const MARGIN: f32 = 4.0;
/// Characters per line of a box at 12 px in a sans face, a safe estimate.
const CHARS_PER_LINE: usize = 28;
const MAX_LINES: usize = 5;

#[derive(Debug, Clone)]
pub struct Chart {
    /// The code of the unit at the top.
    pub root: String,
    pub width: f32,
    pub height: f32,
    pub boxes: Vec<UnitBox>,
    /// Connector polylines.
    pub lines: Vec<Vec<(f32, f32)>>,
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
    /// Whether this unit's own units are drawn in another chart.
    pub has_own_chart: bool,
    pub is_root: bool,
}

/// Every chart of a manual: one per top unit, and one per unit two levels further
/// down that has units under it.
pub fn charts(manual: &ManualDoc) -> Vec<Chart> {
    let mut out = Vec::new();
    for root in &manual.org {
        collect(manual, root, &mut out);
    }
    out
}

fn collect(manual: &ManualDoc, node: &OrgNode, out: &mut Vec<Chart>) {
    if node.children.is_empty() {
        return;
    }
    out.push(chart(manual, node));
    for child in &node.children {
        for grandchild in &child.children {
            collect(manual, grandchild, out);
        }
    }
}

fn wrap(name: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in name.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > CHARS_PER_LINE {
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

fn unit_box(manual: &ManualDoc, node: &OrgNode, width: f32, is_root: bool, own: bool) -> UnitBox {
    let unit = &manual.units[node.unit];
    let lines = wrap(&unit.name);
    UnitBox {
        unit: node.unit,
        x: 0.0,
        y: 0.0,
        width,
        height: PADDING * 2.0 + LINE_HEIGHT * (lines.len() as f32 + 1.0),
        code: unit.code.clone(),
        lines,
        has_own_chart: own,
        is_root,
    }
}

fn chart(manual: &ManualDoc, root: &OrgNode) -> Chart {
    let mut boxes = Vec::new();
    let mut lines = Vec::new();
    let columns = root.children.len().max(1) as f32;
    let row_width = columns * BOX_WIDTH + (columns - 1.0) * COLUMN_GAP;
    let width = row_width.max(BOX_WIDTH) + 2.0 * MARGIN;

    let mut top = unit_box(manual, root, BOX_WIDTH, true, false);
    top.x = (width - BOX_WIDTH) / 2.0;
    top.y = MARGIN;
    let top_bottom = top.y + top.height;
    let top_center = top.x + BOX_WIDTH / 2.0;
    boxes.push(top);

    let row: Vec<UnitBox> = root
        .children
        .iter()
        .map(|c| unit_box(manual, c, BOX_WIDTH, false, false))
        .collect();
    let row_height = row.iter().map(|b| b.height).fold(0.0, f32::max);
    let row_y = top_bottom + ROW_GAP;
    let bus_y = top_bottom + ROW_GAP / 2.0;
    let left = MARGIN + (width - 2.0 * MARGIN - row_width) / 2.0;
    lines.push(vec![(top_center, top_bottom), (top_center, bus_y)]);
    if row.len() > 1 {
        let first = left + BOX_WIDTH / 2.0;
        let last = left + (row.len() as f32 - 1.0) * (BOX_WIDTH + COLUMN_GAP) + BOX_WIDTH / 2.0;
        lines.push(vec![(first, bus_y), (last, bus_y)]);
    }
    let mut height = row_y + row_height;
    for (i, (mut b, node)) in row.into_iter().zip(&root.children).enumerate() {
        b.x = left + i as f32 * (BOX_WIDTH + COLUMN_GAP);
        b.y = row_y;
        b.height = row_height;
        let center = b.x + BOX_WIDTH / 2.0;
        lines.push(vec![(center, bus_y), (center, row_y)]);
        // The column of this unit's own units, hanging from its left side.
        let spine_x = b.x + STACK_INDENT / 2.0;
        let mut y = row_y + row_height + STACK_GAP;
        let mut last_mid = None;
        for g in &node.children {
            let mut gb = unit_box(
                manual,
                g,
                BOX_WIDTH - STACK_INDENT,
                false,
                !g.children.is_empty(),
            );
            gb.x = b.x + STACK_INDENT;
            gb.y = y;
            let mid = y + gb.height / 2.0;
            lines.push(vec![(spine_x, mid), (gb.x, mid)]);
            last_mid = Some(mid);
            y += gb.height + STACK_GAP;
            boxes.push(gb);
        }
        if let Some(mid) = last_mid {
            lines.push(vec![(spine_x, row_y + row_height), (spine_x, mid)]);
            height = height.max(y - STACK_GAP);
        }
        boxes.push(b);
    }
    Chart {
        root: manual.units[root.unit].code.clone(),
        width,
        height: height + MARGIN,
        boxes,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn names_wrap_on_words_within_a_box() {
        let lines = wrap("Subjefatura de División de Procesos Operativos de Afiliación");
        assert!(lines.len() >= 2);
        assert!(lines.iter().all(|l| l.chars().count() <= 28));
        assert_eq!(
            lines.join(" "),
            "Subjefatura de División de Procesos Operativos de Afiliación"
        );
    }
}
