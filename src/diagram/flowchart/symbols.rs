//! Symbols: each step's shapes inside its band (what `rows::place` made room
//! for), the short lines that belong to them, the branches' answers, and the
//! ports the step's arrows leave from.

use super::rows::{Placed, Port, Route, Row, To};
use super::tracks::{Columns, RIGHT};
use super::{
    Anchor, CONNECTOR, DIAMOND_GAP, DOCUMENT_SHARE, Edge, Kind, Label, Span, Style, Symbol,
    TERMINAL_HEIGHT,
};
use crate::i18n::Lang;

/// How long the arrow from a step down to "Fin" or an outgoing connector is.
pub(super) const STEM: f32 = 9.0;

/// What the rows of a page draw, in drawing order.
#[derive(Default)]
pub(super) struct Drawn {
    pub symbols: Vec<Symbol>,
    /// The lines inside a row's band: from "Inicio" or an incoming connector
    /// to the box, from the box to its documents and to its diamond, and from
    /// a port down to "Fin" or an outgoing connector.
    pub edges: Vec<Edge>,
    pub labels: Vec<Label>,
    /// Per row of the page, where each of its exits leaves from.
    pub ports: Vec<Vec<(f32, f32)>>,
}

/// A row's activity box: its step and where it sits.
#[derive(Clone, Copy)]
struct Boxed {
    step: usize,
    x: f32,
    top: f32,
    center: f32,
}

/// The symbols of each row of the page, top to bottom: above the box,
/// "Inicio" (the first step) and the connector of arrows from other pages;
/// the box; its documents to the right under it; the diamond under them; and
/// at the foot, "Fin" and the connectors of arrows to other pages, under the
/// ports they leave from. All of it inside the row's band.
pub(super) fn draw(
    rows: &[Row],
    span: Span,
    placed: &Placed,
    columns: &Columns,
    style: &Style,
    lang: Lang,
) -> Drawn {
    let mut d = Drawer {
        rows,
        span,
        style,
        lang,
        out: Drawn::default(),
    };
    let bw = style.box_width;
    for (k, i) in span.rows() {
        let row = &rows[i];
        let x = columns.box_x(row);
        let at = Boxed {
            step: i,
            x,
            top: placed.box_top(k),
            center: x + bw / 2.0,
        };
        if placed.shapes[k].head > 0.0 {
            d.starts(at, placed.tops[k], placed.incoming[k]);
        }
        d.out.symbols.push(Symbol {
            kind: Kind::Activity,
            x,
            y: at.top,
            w: bw,
            h: row.box_h,
            number: Some(row.number.clone()),
            lines: row.text.clone(),
            size: style.size,
            step: Some(i),
        });
        let mut y = at.top + row.box_h;
        let foot_x = if row.documents.is_empty() {
            at.center
        } else {
            x + bw * (1.0 - DOCUMENT_SHARE) / 2.0
        };
        if !row.documents.is_empty() {
            y = d.documents(at);
        }
        let mut ports = vec![(foot_x, at.top + row.box_h); row.exits.len()];
        for ((port, route), exit) in ports.iter_mut().zip(&placed.routes[k]).zip(&row.exits) {
            // A line from the box's side (a decision's leave by its
            // corners, below): the side that faces its target.
            let (Route::Across { y } | Route::Beside { y } | Route::Side { y }, To::Step(t)) =
                (*route, exit.to)
            else {
                continue;
            };
            if exit.port == Port::Foot && y < at.top + row.box_h {
                let right = columns.box_x(&rows[t]) > x;
                *port = (if right { x + bw } else { x }, y);
            }
        }
        if let Some((lines, h)) = &row.question {
            y = d.decision(at, (lines, *h), (foot_x, y), &mut ports);
        }
        d.ends(at, &ports, y + STEM);
        d.out.ports.push(ports);
    }
    d.out
}

/// The page being drawn.
struct Drawer<'a> {
    rows: &'a [Row],
    span: Span,
    style: &'a Style,
    lang: Lang,
    out: Drawn,
}

impl Drawer<'_> {
    /// "Inicio" and the incoming connector above a box, from `y0`.
    fn starts(&mut self, at: Boxed, y0: f32, incoming: bool) {
        let (style, lang) = (self.style, self.lang);
        if at.step == 0 {
            let w = (style.box_width * 0.45)
                .max(style.text_width(&lang.t("Inicio", "Start"), style.size) + 14.0);
            self.out.symbols.push(Symbol {
                kind: Kind::Terminal,
                x: at.center - w / 2.0,
                y: y0,
                w,
                h: TERMINAL_HEIGHT,
                number: None,
                lines: vec![lang.t("Inicio", "Start")],
                size: style.size,
                step: None,
            });
            self.line(vec![(at.center, y0 + TERMINAL_HEIGHT), (at.center, at.top)]);
        }
        if incoming {
            let cx = at.x + CONNECTOR / 2.0 + 2.0;
            let number = self.rows[at.step].number.clone();
            self.out
                .symbols
                .push(off_page(cx, y0, number, style, at.step));
            self.line(vec![(cx, y0 + CONNECTOR), (cx, at.top)]);
        }
    }

    /// The documents under the right half of the box, tied to it by a dotted
    /// line; returns the height under them.
    fn documents(&mut self, at: Boxed) -> f32 {
        let (row, bw) = (&self.rows[at.step], self.style.box_width);
        let mut y = at.top + row.box_h + 5.0;
        let doc_w = bw * DOCUMENT_SHARE;
        let doc_x = at.x + bw - doc_w;
        for (lines, h) in &row.documents {
            self.out.symbols.push(Symbol {
                kind: Kind::Document,
                x: doc_x,
                y,
                w: doc_w,
                h: *h,
                number: None,
                lines: lines.clone(),
                size: self.style.size,
                step: Some(at.step),
            });
            y += h + 3.0;
        }
        self.out.edges.push(Edge {
            points: vec![
                (doc_x + doc_w / 2.0, at.top + row.box_h),
                (doc_x + doc_w / 2.0, at.top + row.box_h + 5.0),
            ],
            arrow: false,
            dotted: true,
        });
        y
    }

    /// The diamond 12 pt under `y`, the line to it from the box's foot at
    /// `foot_x` (beside the documents, if any), its
    /// branches' answers under it and the corners they leave by (in `ports`);
    /// returns the height under the answers.
    fn decision(
        &mut self,
        at: Boxed,
        (lines, h): (&[String], f32),
        (foot_x, y): (f32, f32),
        ports: &mut [(f32, f32)],
    ) -> f32 {
        let (row, style) = (&self.rows[at.step], self.style);
        let bw = style.box_width;
        let w = bw * 0.96;
        let dx = at.x + (bw - w) / 2.0;
        let dy = y + DIAMOND_GAP;
        let foot = at.top + row.box_h;
        if foot_x == at.center {
            self.line(vec![(at.center, foot), (at.center, dy)]);
        } else {
            // Down beside the documents, then across under them to the
            // diamond's top.
            self.line(vec![
                (foot_x, foot),
                (foot_x, y + 5.0),
                (at.center, y + 5.0),
                (at.center, dy),
            ]);
        }
        self.out.symbols.push(Symbol {
            kind: Kind::Decision,
            x: dx,
            y: dy,
            w,
            h,
            number: None,
            lines: lines.to_vec(),
            size: style.size,
            step: Some(at.step),
        });
        let small_leading = style.small * 1.2;
        let mut next_line = [0usize; 2];
        // Bottom labels first in the right half, then the right ones.
        let mut order: Vec<usize> = (0..row.exits.len()).collect();
        order.sort_by_key(|&e| match row.exits[e].port {
            Port::Right => 1,
            _ => 0,
        });
        for e in order {
            let (px, py) = match row.exits[e].port {
                Port::Left => (dx, dy + h / 2.0),
                Port::Right => (dx + w, dy + h / 2.0),
                _ => (at.center, dy + h),
            };
            ports[e] = (px, py);
            if let Some(d) = row.tucked[e] {
                // Beside the corner, under it, outside the diamond.
                let (lx, anchor) = match row.exits[e].port {
                    Port::Left => (px + 1.0, Anchor::Start),
                    _ => (px - 1.0, Anchor::End),
                };
                for (n, line) in row.labels[e].iter().enumerate() {
                    self.out.labels.push(Label {
                        x: lx,
                        baseline: py + d + style.small + n as f32 * small_leading,
                        text: line.clone(),
                        anchor,
                    });
                }
                continue;
            }
            let (half, lx, anchor) = match row.exits[e].port {
                Port::Left => (0, px + 5.0, Anchor::Start),
                Port::Right => (1, px - 5.0, Anchor::End),
                _ => (1, px + 3.0, Anchor::Start),
            };
            for line in &row.labels[e] {
                self.out.labels.push(Label {
                    x: lx,
                    baseline: dy + h + 2.0 + style.small + next_line[half] as f32 * small_leading,
                    text: line.clone(),
                    anchor,
                });
                next_line[half] += 1;
            }
        }
        dy + h + row.label_h
    }

    /// "Fin" and the connectors to other pages at `foot_y`, under the ports
    /// of the exits that lead there.
    fn ends(&mut self, at: Boxed, ports: &[(f32, f32)], foot_y: f32) {
        let (rows, style) = (self.rows, self.style);
        for (exit, &(px, py)) in rows[at.step].exits.iter().zip(ports) {
            match exit.to {
                To::End => {
                    let label = self.lang.t("Fin", "End");
                    let w =
                        (style.box_width * 0.4).max(style.text_width(&label, style.size) + 14.0);
                    self.out.symbols.push(Symbol {
                        kind: Kind::Terminal,
                        x: within(px - w / 2.0, w, at, style),
                        y: foot_y,
                        w,
                        h: TERMINAL_HEIGHT,
                        number: None,
                        lines: vec![label],
                        size: style.size,
                        step: None,
                    });
                }
                To::Step(t) if !self.span.holds(t) => {
                    let number = rows[t].number.clone();
                    let mut connector = off_page(px, foot_y, number, style, t);
                    connector.x = within(connector.x, connector.w, at, style);
                    self.out.symbols.push(connector);
                }
                To::Step(_) => continue,
            }
            self.line(vec![(px, py), (px, foot_y)]);
        }
    }

    fn line(&mut self, points: Vec<(f32, f32)>) {
        self.out.edges.push(Edge {
            points,
            arrow: true,
            dotted: false,
        });
    }
}

/// Where a symbol `w` wide that is centred under a port of the step `at`
/// starts, kept from the lane's channel on the left (its lines) and inside
/// its right margin: its arrow still ends on its top.
fn within(x: f32, w: f32, at: Boxed, style: &Style) -> f32 {
    x.min(at.x + style.box_width + RIGHT - w).max(at.x)
}

/// An off-page connector centred on `cx`, numbered with the activity it
/// leads to.
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

#[cfg(test)]
mod tests {
    use super::super::tests::each_page;
    use super::*;

    #[test]
    fn every_symbol_lies_in_a_steps_band_in_its_lane_and_none_overlap() {
        each_page(|rows, span, laid, style| {
            let (placed, columns) = (&laid.placed, &laid.columns);
            // Each step's band: its lane's left and right, its top and foot.
            let bands: Vec<(f32, f32, f32, f32)> = span
                .rows()
                .map(|(k, i)| {
                    let lane = rows[i].lane.min(columns.lanes - 1);
                    let x = columns.lane_x(lane);
                    (
                        x,
                        x + columns.lane_w(lane),
                        placed.tops[k],
                        placed.bottom(k),
                    )
                })
                .collect();
            let symbols = &laid.drawn.symbols;
            for s in symbols {
                assert!(
                    bands.iter().any(|&(l, r, top, bottom)| s.x >= l - 0.01
                        && s.x + s.w <= r + 0.01
                        && s.y >= top - 0.01
                        && s.y + s.h <= bottom + 0.01),
                    "{s:?} outside every band: {bands:?}"
                );
                if let (Kind::Activity | Kind::Document | Kind::Decision, Some(step)) =
                    (s.kind, s.step)
                {
                    let x = columns.box_x(&rows[step]);
                    assert!(s.x >= x && s.x + s.w <= x + style.box_width + 0.01, "{s:?}");
                }
            }
            for (a, s) in symbols.iter().enumerate() {
                for o in &symbols[a + 1..] {
                    let apart = s.x + s.w <= o.x + 0.01
                        || o.x + o.w <= s.x + 0.01
                        || s.y + s.h <= o.y + 0.01
                        || o.y + o.h <= s.y + 0.01;
                    assert!(apart, "{s:?} overlaps {o:?}");
                }
            }
            for (k, i) in span.rows() {
                assert_eq!(laid.drawn.ports[k].len(), rows[i].exits.len());
            }
        });
    }

    #[test]
    fn answers_stay_clear_of_symbols_and_of_each_other() {
        each_page(|_, _, laid, style| {
            // Each answer's box: its advance across, from a little above its
            // baseline's cap height to a little under it.
            let boxes: Vec<(f32, f32, f32, f32)> = (laid.drawn.labels.iter())
                .map(|l| {
                    let w = style.text_width(&l.text, style.small);
                    let x = match l.anchor {
                        Anchor::Start => l.x,
                        Anchor::End => l.x - w,
                    };
                    (
                        x,
                        x + w,
                        l.baseline - 0.75 * style.small,
                        l.baseline + 0.2 * style.small,
                    )
                })
                .collect();
            for (n, &(x0, x1, y0, y1)) in boxes.iter().enumerate() {
                for s in &laid.drawn.symbols {
                    let clear = if s.kind == Kind::Decision {
                        // The point of the box nearest the diamond's middle
                        // is outside it.
                        let (cx, cy) = (s.x + s.w / 2.0, s.y + s.h / 2.0);
                        let (nx, ny) = (cx.clamp(x0, x1), cy.clamp(y0, y1));
                        (nx - cx).abs() / (s.w / 2.0) + (ny - cy).abs() / (s.h / 2.0) >= 0.99
                    } else {
                        x1 <= s.x || x0 >= s.x + s.w || y1 <= s.y || y0 >= s.y + s.h
                    };
                    assert!(clear, "{:?} on {s:?}", laid.drawn.labels[n]);
                }
                for &(a0, a1, b0, b1) in &boxes[n + 1..] {
                    let apart = x1 <= a0 || a1 <= x0 || y1 <= b0 || b1 <= y0;
                    assert!(apart, "{:?} on another answer", laid.drawn.labels[n]);
                }
            }
        });
    }
}
