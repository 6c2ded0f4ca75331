//! Edges: the lines between steps on the same page, routed through the gaps
//! and channels that `tracks` laid out, where there are no symbols.

use super::Edge;
use super::Span;
use super::rows::{Placed, Row, joins_next};
use super::tracks::{Columns, Jump};

/// The lines between steps on the page. Each leaves its port straight down
/// to its track in the gap below its row. A flow to the next step runs along
/// the gap to above the middle of the next box and down into its top (or
/// straight down, when the next box is right below). Any other line runs
/// along the gap to its track in the channel of the target's lane, along the
/// channel up or down to its run's end, and enters the box from the left.
/// A step that shares its row with the next one points straight across at it.
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
        if joins_next(rows, span, i) {
            // Straight across to the next box, at the height lines enter it.
            let (px, py) = ports[k][0];
            edges.push(Edge {
                points: vec![(px, py), (columns.box_x(&rows[i + 1]), py)],
                arrow: true,
                dotted: false,
            });
            continue;
        }
        for (n, &e) in gaps[k].iter().enumerate() {
            let exit = &rows[i].exits[e];
            let Some(t) = exit.on(span) else { continue };
            let (px, py) = ports[k][e];
            let gap_y = placed.gap_y(k, n);
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

#[cfg(test)]
mod tests {
    use super::super::tests::each_page;

    #[test]
    fn lines_run_down_from_their_port_then_along_gaps_and_channels_only() {
        each_page(|rows, span, laid, _| {
            let (placed, columns) = (&laid.placed, &laid.columns);
            let in_gap = |y: f32| {
                (0..span.len()).any(|k| {
                    let next = placed.tops.get(k + 1).copied().unwrap_or(placed.height);
                    y > placed.bottom(k) && y < next
                })
            };
            let lane_of = |x: f32| (x / columns.lane_w).floor() as usize;
            let mut side = 0;
            let mut across = 0;
            for line in &laid.lines {
                let p = &line.points;
                assert!(line.arrow && !line.dotted);
                if p.len() == 2 && p[0].1 == p[1].1 {
                    // Across to the next box in the same row.
                    assert!(p[0].0 < p[1].0, "{p:?}");
                    across += 1;
                    continue;
                }
                if p.len() == 2 {
                    assert!((p[0].0 - p[1].0).abs() < 0.5 && p[0].1 < p[1].1, "{p:?}");
                    continue;
                }
                // Down from the port to the gap, then along it.
                assert!(p[0].0 == p[1].0 && p[0].1 < p[1].1, "{p:?}");
                assert!(p[1].1 == p[2].1 && in_gap(p[1].1), "{p:?}");
                assert_eq!(p[2].0, p[3].0, "{p:?}");
                if p.len() == 4 {
                    // Down into the next step's top.
                    assert!(p[3].1 > p[2].1, "{p:?}");
                    continue;
                }
                // Along a channel, then into a box's left side.
                assert_eq!(p.len(), 5, "{p:?}");
                side += 1;
                let lane = lane_of(p[2].0);
                let left = columns.lane_x(lane);
                assert!(p[2].0 > left && p[2].0 < left + columns.channel, "{p:?}");
                assert_eq!(p[3].1, p[4].1, "{p:?}");
                assert_eq!(p[4].0, left + columns.channel, "{p:?}");
            }
            // A line for each exit to a step on the page; from the side for
            // all but a straight flow to the next step.
            let gaps = super::super::tracks::gaps(rows, span);
            let lines: Vec<(usize, usize)> = span
                .rows()
                .flat_map(|(k, i)| gaps[k].iter().map(move |&e| (i, e)))
                .collect();
            let sides = lines.iter().filter(|&&(i, e)| rows[i].exits[e].is_side(i));
            assert_eq!(side, sides.count());
            let joined = span
                .rows()
                .filter(|&(_, i)| super::super::rows::joins_next(rows, span, i));
            assert_eq!(across, joined.count());
            assert_eq!(laid.lines.len(), lines.len() + across);
        });
    }
}
