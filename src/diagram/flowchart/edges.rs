//! Edges: the lines between steps on the same page, along the heights
//! `rows` placed them at and the channels' tracks `tracks` gave them, where
//! there are no symbols.

use super::Edge;
use super::Span;
use super::rows::{Placed, Route, Row};
use super::tracks::{Columns, Jump};

/// The lines between steps on the page, as their routes say
/// (`rows::Route`): straight down into the next box; straight across from a
/// box's side into the next one's; from a box's side, or down from a port,
/// along to above the next box and down into its top; or down from a port,
/// along to the line's track in the channel of the target's lane, along the
/// channel up or down, and into the box from the left.
pub(super) fn route(
    rows: &[Row],
    span: Span,
    placed: &Placed,
    jumps: &[Jump],
    columns: &Columns,
    ports: &[Vec<(f32, f32)>],
) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (k, i) in span.rows() {
        for (e, route) in placed.routes[k].iter().enumerate() {
            let Some(t) = rows[i].exits[e].on(span) else {
                continue;
            };
            let (px, py) = ports[k][e];
            let top = placed.box_top(t - span.first);
            let tx = columns.center_x(&rows[t]);
            let points = match *route {
                Route::Foot => continue,
                Route::Straight => vec![(px, py), (px, top)],
                Route::Across { y } => {
                    let left = columns.box_x(&rows[t]);
                    let side = if left > px {
                        left
                    } else {
                        left + columns.box_w
                    };
                    vec![(px, y), (side, y)]
                }
                Route::Beside { y } => vec![(px, y), (tx, y), (tx, top)],
                Route::Under { y } => {
                    let left = columns.box_x(&rows[t]);
                    let side = if left > px {
                        left
                    } else {
                        left + columns.box_w
                    };
                    vec![(px, py), (px, y), (side, y)]
                }
                Route::Down { y } => vec![(px, py), (px, y), (tx, y), (tx, top)],
                Route::Side { y } => {
                    let Some(jump) = jumps.iter().find(|j| j.from == i && j.exit == e) else {
                        continue;
                    };
                    let cx = columns.track_x(jump.run.lane, jump.track);
                    vec![
                        (px, py),
                        (px, y),
                        (cx, y),
                        (cx, jump.run.to),
                        (columns.box_x(&rows[t]), jump.run.to),
                    ]
                }
            };
            let mut points = points;
            // A line along at once from its port starts there.
            points.dedup();
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
    use super::super::rows::Route;
    use super::super::tests::each_page;

    /// The segments of a line, each as (vertical?, its constant coordinate,
    /// its span along the other).
    fn segments(points: &[(f32, f32)]) -> Vec<(bool, f32, f32, f32)> {
        points
            .windows(2)
            .map(|p| {
                let ((x0, y0), (x1, y1)) = (p[0], p[1]);
                let vertical = (x0 - x1).abs() < 0.01;
                assert!(vertical || (y0 - y1).abs() < 0.01, "{points:?} slants");
                if vertical {
                    (true, x0, y0.min(y1), y0.max(y1))
                } else {
                    (false, y0, x0.min(x1), x0.max(x1))
                }
            })
            .collect()
    }

    #[test]
    fn every_line_runs_square_and_no_two_run_on_top_of_each_other() {
        each_page(|rows, span, laid, _| {
            let placed = &laid.placed;
            let on_page: usize = span
                .rows()
                .map(|(k, i)| {
                    (rows[i].exits.iter().zip(&placed.routes[k]))
                        .filter(|(e, r)| e.on(span).is_some() && **r != Route::Foot)
                        .count()
                })
                .sum();
            assert_eq!(laid.lines.len(), on_page);
            // Lines into one box at one point join there: their last
            // segments may run together.
            let last = |a: usize| laid.lines[a].points.last().copied();
            let all: Vec<Vec<(bool, f32, f32, f32)>> =
                laid.lines.iter().map(|l| segments(&l.points)).collect();
            for (a, line) in all.iter().enumerate() {
                for (b, other) in all.iter().enumerate().skip(a + 1) {
                    for (n, &(v, c, lo, hi)) in line.iter().enumerate() {
                        for (m, &(w, d, from, to)) in other.iter().enumerate() {
                            let joining =
                                n + 1 == line.len() && m + 1 == other.len() && last(a) == last(b);
                            let shared =
                                v == w && (c - d).abs() < 0.5 && lo.max(from) < hi.min(to) - 0.5;
                            assert!(
                                joining || !shared,
                                "{:?} runs on {:?}",
                                laid.lines[a].points,
                                laid.lines[b].points
                            );
                        }
                    }
                }
            }
        });
    }
}
