//! Edges: the lines between steps on the same page, routed through the gaps
//! and channels that `tracks` laid out, where there are no symbols.

use super::Edge;
use super::Span;
use super::rows::{Placed, Row};
use super::tracks::{Columns, Jump};

/// The lines between steps on the page. Each leaves its port straight down
/// to its track in the gap below its row. A flow to the next step runs along
/// the gap to above the middle of the next box and down into its top (or
/// straight down, when the next box is right below). Any other line runs
/// along the gap to its track in the channel of the target's lane, along the
/// channel up or down to its run's end, and enters the box from the left.
pub(super) fn route(
    rows: &[Row],
    span: Span,
    placed: &Placed,
    gaps: &[Vec<usize>],
    jumps: &[Jump],
    columns: &Columns,
    ports: &[Vec<(f32, f32)>],
) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (k, i) in span.rows() {
        for (n, &e) in gaps[k].iter().enumerate() {
            let exit = &rows[i].exits[e];
            let Some(t) = exit.on(span) else { continue };
            let (px, py) = ports[k][e];
            let gap_y = placed.gap_y(rows, span, k, n);
            let points = if !exit.is_side(i) {
                let target_top = placed.box_top(t - span.first);
                let tx = columns.center_x(&rows[t]);
                if (tx - px).abs() < 0.5 {
                    vec![(px, py), (tx, target_top)]
                } else {
                    vec![(px, py), (px, gap_y), (tx, gap_y), (tx, target_top)]
                }
            } else {
                let Some(jump) = jumps.iter().find(|j| j.from == i && j.exit == e) else {
                    continue;
                };
                let cx = columns.track_x(jump.run.lane, jump.track);
                vec![
                    (px, py),
                    (px, gap_y),
                    (cx, gap_y),
                    (cx, jump.run.to),
                    (columns.box_x(&rows[t]), jump.run.to),
                ]
            };
            edges.push(Edge {
                points,
                arrow: true,
                dotted: false,
            });
        }
    }
    edges
}

