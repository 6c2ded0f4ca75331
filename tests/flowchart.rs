//! The flowchart's promise (src/diagram/flowchart): no arrow crosses a symbol.
//! Checked as an invariant over laid-out pages: every segment of every line
//! stays out of the interior of every symbol's box; a line may only touch the
//! symbols it leaves and enters, at its ends. Run over the example's
//! procedures, on screen and printed at several page heights, and over
//! generated procedures with many lanes, decisions, jumps back and documents.

use norma::diagram::flowchart::{self, Edge, FlowPage, Style, Symbol};
use norma::document::{Inline, ProcedureDoc, SiteUrl, StepDoc};
use norma::i18n::Lang;

#[path = "../benches/corpus.rs"]
#[allow(dead_code)] // each user of the corpus takes what it needs
mod corpus;
#[path = "../benches/stress.rs"]
mod stress;

/// How far inside a box a line must go to cross it, in points: lines that
/// run along a side or end on it touch it and do not cross.
const EPS: f32 = 0.01;

/// The part of segment `a`–`b` inside the open box of `s`, as the parameters
/// where it enters and leaves (Liang–Barsky clipping), if it has length.
fn inside(a: (f32, f32), b: (f32, f32), s: &Symbol) -> Option<(f32, f32)> {
    let (x0, y0, x1, y1) = (s.x + EPS, s.y + EPS, s.x + s.w - EPS, s.y + s.h - EPS);
    if x0 >= x1 || y0 >= y1 {
        return None;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-dx, a.0 - x0),
        (dx, x1 - a.0),
        (-dy, a.1 - y0),
        (dy, y1 - a.1),
    ] {
        if p == 0.0 {
            if q <= 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    let length = (dx * dx + dy * dy).sqrt();
    ((t1 - t0) * length > EPS).then_some((t0, t1))
}

/// Whether `s`'s box, grown by `EPS`, holds the point.
fn holds(s: &Symbol, (x, y): (f32, f32)) -> bool {
    x >= s.x - EPS && x <= s.x + s.w + EPS && y >= s.y - EPS && y <= s.y + s.h + EPS
}

fn name(s: &Symbol) -> String {
    let step = s
        .step
        .map(|k| format!(" of step {}", k + 1))
        .unwrap_or_default();
    format!("{:?}{step} «{}»", s.kind, s.lines.join(" "))
}

fn ends(page: &FlowPage, point: (f32, f32)) -> String {
    let names: Vec<String> = page
        .symbols
        .iter()
        .filter(|s| holds(s, point))
        .map(name)
        .collect();
    if names.is_empty() {
        format!("({:.1}, {:.1})", point.0, point.1)
    } else {
        names.join(" / ")
    }
}

/// Every crossing on a page, described: the line (from what to what), the
/// segment and the symbol it goes through.
fn crossings(page: &FlowPage) -> Vec<String> {
    let mut found = Vec::new();
    for (n, edge) in page.edges.iter().enumerate() {
        let Edge { points, .. } = edge;
        let (Some(&first), Some(&last)) = (points.first(), points.last()) else {
            continue;
        };
        let segments = points.len().saturating_sub(1);
        for (k, pair) in points.windows(2).enumerate() {
            for s in &page.symbols {
                // The symbols a line leaves and enters may hold its ends.
                if (k == 0 && holds(s, first)) || (k + 1 == segments && holds(s, last)) {
                    continue;
                }
                if inside(pair[0], pair[1], s).is_some() {
                    found.push(format!(
                        "edge {n} ({} → {}), segment {k} ({:.1}, {:.1})–({:.1}, {:.1}), \
                         crosses {} at ({:.1}, {:.1}, {:.1} × {:.1})",
                        ends(page, first),
                        ends(page, last),
                        pair[0].0,
                        pair[0].1,
                        pair[1].0,
                        pair[1].1,
                        name(s),
                        s.x,
                        s.y,
                        s.w,
                        s.h,
                    ));
                }
            }
        }
    }
    found
}

/// The check itself: a line through a box is found, lines along its side or
/// ending on it are not, and a line may touch the boxes at its ends.
#[test]
fn the_check_finds_a_line_through_a_box_and_only_that() {
    let symbol = |x: f32, y: f32| Symbol {
        kind: flowchart::Kind::Activity,
        x,
        y,
        w: 40.0,
        h: 20.0,
        number: None,
        lines: Vec::new(),
        size: 6.0,
        step: None,
    };
    let line = |points: Vec<(f32, f32)>| Edge {
        points,
        arrow: true,
        dotted: false,
    };
    let page = |edges: Vec<Edge>| FlowPage {
        width: 200.0,
        height: 200.0,
        head: 0.0,
        lanes: Vec::new(),
        symbols: vec![symbol(0.0, 0.0), symbol(0.0, 100.0), symbol(100.0, 50.0)],
        edges,
        labels: Vec::new(),
        steps: (0, 0),
    };
    // From the first box's foot to the second's head: touches both, crosses none.
    assert!(crossings(&page(vec![line(vec![(20.0, 20.0), (20.0, 100.0)])])).is_empty());
    // Along the third box's left side, then into the second from its side.
    let along = line(vec![(100.0, 20.0), (100.0, 110.0), (40.0, 110.0)]);
    assert!(crossings(&page(vec![along])).is_empty());
    // Straight through the third box, and back through the box it left.
    let through = line(vec![(20.0, 20.0), (20.0, 60.0), (160.0, 60.0)]);
    assert_eq!(crossings(&page(vec![through])).len(), 1);
    // Down from the first box, then up into it and out through its side.
    let back = line(vec![
        (20.0, 20.0),
        (20.0, 30.0),
        (30.0, 30.0),
        (30.0, 5.0),
        (60.0, 5.0),
    ]);
    assert_eq!(crossings(&page(vec![back])).len(), 2);
}

/// The charts a procedure is drawn as: the site's, and the printed ones at a
/// letter page's text width and several page heights (the tallest holds
/// most charts whole, the shortest cuts them into many pages).
fn charts(p: &ProcedureDoc) -> Vec<(String, flowchart::Flowchart)> {
    let mut out = vec![(
        "screen".to_owned(),
        flowchart::flowchart(p, Style::SCREEN, Lang::Es, None),
    )];
    for width in [468.0, 540.0] {
        for height in [620.0, 400.0, 250.0] {
            let style = Style::print(width, p.actors.len());
            out.push((
                format!("print {width}×{height}"),
                flowchart::flowchart(p, style, Lang::Es, Some(height)),
            ));
        }
    }
    out
}

fn assert_no_crossings(p: &ProcedureDoc) {
    let mut report = Vec::new();
    for (how, chart) in charts(p) {
        for (n, page) in chart.pages.iter().enumerate() {
            for c in crossings(page) {
                report.push(format!("{} {how}, page {}: {c}", p.code, n + 1));
            }
        }
    }
    assert!(
        report.is_empty(),
        "{} crossings:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn no_arrow_of_the_examples_procedures_crosses_a_symbol() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = norma::check_project(root).expect("the example loads");
    let doc = norma::resolve::resolve(
        &checked.project,
        norma::date::today(),
        norma::resolve::Scope::everyone(false),
    );
    let procedures: Vec<&ProcedureDoc> = doc.manuals.iter().flat_map(|m| &m.procedures).collect();
    assert!(procedures.len() >= 2);
    for p in procedures {
        assert_no_crossings(p);
    }
}

/// A small deterministic generator (SplitMix64), so a failure names a seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn text(words: usize, r: &mut Random) -> Vec<Inline> {
    const WORDS: &[&str] = &[
        "recibe",
        "el",
        "aviso",
        "afiliatorio",
        "y",
        "revisa",
        "que",
        "los",
        "datos",
        "de",
        "la",
        "persona",
        "trabajadora",
        "coincidan",
        "con",
        "el",
        "SINDO",
        "registra",
        "turna",
        "expediente",
        "Subdelegación",
    ];
    let words: Vec<&str> = (0..words.max(1))
        .map(|_| WORDS[r.below(WORDS.len())])
        .collect();
    vec![Inline::Text(words.join(" "))]
}

/// A procedure of `count` steps in `lanes` lanes: about one step in four
/// decides (two to `branches` branches: the next step, then steps before it
/// or up to twelve after it), one in seven jumps back, most name one to three
/// documents, and the last one ends.
fn generated(seed: u64, count: usize, lanes: usize, branches: usize) -> ProcedureDoc {
    generated_with(seed, count, lanes, branches, Shape::DENSE)
}

/// What a generated procedure's steps carry: texts of `words.0` to
/// `words.1` words, and documents as many as `documents` says for a number
/// drawn from 0 to 4.
#[derive(Clone, Copy)]
struct Shape {
    words: (usize, usize),
    documents: [usize; 5],
}

impl Shape {
    /// Texts of 3 to 32 words, one to three documents on four steps in five.
    const DENSE: Shape = Shape {
        words: (3, 32),
        documents: [0, 1, 1, 2, 3],
    };
}

/// `generated`, with steps of `shape`.
fn generated_with(
    seed: u64,
    count: usize,
    lanes: usize,
    branches: usize,
    shape: Shape,
) -> ProcedureDoc {
    let Shape { words, .. } = shape;
    let mut r = Random(seed);
    let steps = (0..count)
        .map(|i| {
            let number = i + 1;
            let last = i + 1 == count;
            let documents: Vec<Vec<Inline>> = (0..shape.documents[r.below(5)])
                .map(|_| text(2 + r.below(6), &mut r))
                .collect();
            let document_codes = documents
                .iter()
                .map(|_| (r.below(3) == 0).then(|| format!("F-{:03}", r.below(1000))))
                .collect();
            let mut decision = None;
            let mut goto = None;
            if !last && i > 0 && r.below(4) == 0 {
                let answers = ["Sí", "No", "Parcialmente, con observaciones", "Otro"];
                let taken = 2 + r.below(branches - 1);
                let mut to_steps = Vec::new();
                for (b, answer) in answers.iter().take(taken).enumerate() {
                    let to = match (b, r.below(3)) {
                        (0, _) => number + 1,
                        (_, 0) => 1 + r.below(number),
                        _ => number + 1 + r.below(12),
                    };
                    to_steps.push((answer.to_string(), to.min(count)));
                }
                decision = Some((text(4 + r.below(10), &mut r), to_steps));
            } else if !last && i > 2 && r.below(7) == 0 {
                goto = Some(1 + r.below(i));
            }
            let lane = r.below(lanes);
            StepDoc {
                number,
                anchor: format!("s{number}"),
                actor: format!("a{lane}"),
                lane,
                action: text(words.0 + r.below(words.1 - words.0 + 1), &mut r),
                documents,
                document_codes,
                supervised_by: Vec::new(),
                decision,
                goto,
                end: last,
                audience: Vec::new(),
            }
        })
        .collect();
    ProcedureDoc {
        code: format!("generado-{seed}"),
        name: "Procedimiento generado".to_owned(),
        url: SiteUrl {
            path: "p.html".to_owned(),
            anchor: None,
        },
        objective: None,
        scope: None,
        basis: Vec::new(),
        policies: Vec::new(),
        definitions: Vec::new(),
        actors: (0..lanes)
            .map(|l| (format!("a{l}"), format!("Área responsable número {l}")))
            .collect(),
        steps,
        documents: Vec::new(),
        annexes: Vec::new(),
        owner: None,
        audience: Vec::new(),
    }
}

#[test]
fn no_arrow_of_a_long_procedure_in_six_lanes_crosses_a_symbol() {
    for seed in 1..=40 {
        assert_no_crossings(&generated(seed, 60, 6, 3));
    }
}

/// A known crossing (found in issue #18, still open in #20): a decision with
/// four branches or more has more branches than corners, and the fourth
/// leaves by the left corner again (the branch to the next step takes the
/// corner that faces it, each other one the corner that faces its target if
/// free, else the bottom one, else the one left). When one of the two
/// branches at the left corner goes to another page, its off-page connector
/// is centred under that corner at the foot of the step, and when the other
/// one cannot leave the corner straight along (a lane it crosses is taken at
/// that height), its line runs from the corner straight down below the step,
/// through that connector. Printed only (on screen there are no connectors).
///
/// First case, seed 5 printed 468 pt wide and 620 pt tall, page 1: step 5
/// decides, its branches to step 4 (this page) and step 6 (another page:
/// connector «6» at x 7.6–22.6, y 309.5–324.5) share the left corner; the
/// line to step 4 goes down from the corner at (15.1, 180.4) to (15.1,
/// 422.8) through «6». Of seeds 1 to 40, five charts cross, all in this way
/// (an edge's first segment through an off-page connector); with at most
/// three branches none does.
#[test]
#[ignore = "known crossing: a fourth branch shares the left corner with a branch to another page"]
fn no_arrow_of_a_procedure_with_four_branch_decisions_crosses_a_symbol() {
    for seed in 1..=40 {
        assert_no_crossings(&generated(seed, 60, 6, 4));
    }
}

/// The text blocks a letter page gives a chart under its heading, upright
/// and turned sideways (the example's and the stress project's margins).
const UPRIGHT: (f32, f32) = (498.6, 602.3);
const SIDEWAYS: (f32, f32) = (678.6, 422.3);

/// The chart printed as the PDF prints it (upright or sideways, whichever
/// takes fewer pages), checked: no page taller or wider than its block.
fn printed(p: &ProcedureDoc) -> flowchart::Flowchart {
    let (chart, turned) = flowchart::printed(p, UPRIGHT, SIDEWAYS, Lang::Es);
    let (width, height) = if turned { SIDEWAYS } else { UPRIGHT };
    for page in &chart.pages {
        assert!(page.height <= height, "{}: {}", p.code, page.height);
        assert!(page.width <= width, "{}: {}", p.code, page.width);
    }
    chart
}

/// Issue #20's yardstick: the stress project's 40-step procedure in five
/// lanes, activities of 25 to 35 words (benches/stress.rs), takes at most
/// six pages; it took seven (and nineteen before the chart was packed).
#[test]
fn the_stress_projects_forty_step_procedure_takes_at_most_six_pages() {
    let dir = std::env::temp_dir().join(format!("norma-flow-stress-{}", std::process::id()));
    stress::write(&dir).expect("the stress project is written");
    let checked = norma::check_project(&dir).expect("the stress project loads");
    let doc = norma::resolve::resolve(
        &checked.project,
        norma::date::today(),
        norma::resolve::Scope::everyone(false),
    );
    let _ = std::fs::remove_dir_all(&dir);
    let procedures: Vec<&ProcedureDoc> = doc.manuals.iter().flat_map(|m| &m.procedures).collect();
    let forty = procedures
        .iter()
        .find(|p| p.steps.len() == 40 && p.actors.len() == 5)
        .expect("the 40-step procedure");
    let pages = printed(forty).pages.len();
    assert!(pages <= 6, "{pages} pages");
    let sixty = procedures
        .iter()
        .find(|p| p.steps.len() == 60)
        .expect("the 60-step procedure");
    let pages = printed(sixty).pages.len();
    assert!(pages <= 11, "{pages} pages");
}

/// The chart is packed, not one band per step: generated 40-step procedures
/// in five lanes, activities of 25 to 35 words, documents on four steps in
/// five and a decision on one in four (branches up to twelve steps ahead or
/// anywhere back), printed as the PDF prints them, take at most eight pages
/// (six to eight; laid out a band per step they took thirteen and more).
/// With documents on two steps in five they take five to seven.
#[test]
fn a_forty_step_procedure_in_five_lanes_is_packed_into_few_pages() {
    let mut total = 0;
    for seed in 1..=10 {
        let p = generated_with(
            seed,
            40,
            5,
            3,
            Shape {
                words: (25, 35),
                ..Shape::DENSE
            },
        );
        let pages = printed(&p).pages.len();
        assert!(pages <= 8, "seed {seed}: {pages} pages");
        total += pages;
    }
    assert!(total <= 72, "{total} pages in all");
    let mut total = 0;
    for seed in 1..=10 {
        let p = generated_with(
            seed,
            40,
            5,
            3,
            Shape {
                words: (25, 35),
                documents: [0, 0, 0, 1, 2],
            },
        );
        let pages = printed(&p).pages.len();
        assert!(pages <= 7, "seed {seed}: {pages} pages");
        total += pages;
    }
    assert!(total <= 62, "{total} pages in all");
}
