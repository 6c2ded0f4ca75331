//! Line breaking for justified paragraphs: the total-fit algorithm of Knuth and
//! Plass ("Breaking Paragraphs into Lines", 1981), as TeX does it. A paragraph
//! is a list of boxes (pieces of text of fixed width), glue (spaces that stretch
//! and shrink) and penalties (places where a line may break at a cost, such as a
//! hyphenation point). Every way of breaking is weighed at once, so one loose
//! line is not bought with a bad one further on.
//!
//! It knows nothing of fonts or pages: widths are in points, and the caller
//! turns the chosen breaks into positioned text.

/// One element of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text that cannot be split here: a word or part of one.
    Box { width: f32 },
    /// A space between words.
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// A possible break. `width` is added to the line when the break is taken (a
    /// hyphen); a `flagged` penalty is a hyphen, and two in a row cost more.
    Penalty {
        width: f32,
        penalty: f32,
        flagged: bool,
    },
}

impl Item {
    /// The width the item takes on a line when no break is taken at it.
    pub fn natural_width(&self) -> f32 {
        match *self {
            Item::Box { width } | Item::Glue { width, .. } => width,
            Item::Penalty { .. } => 0.0,
        }
    }
}

/// A penalty that forbids a break, and one that forces it.
pub const NEVER: f32 = 10_000.0;
pub const ALWAYS: f32 = -10_000.0;

/// How hard the breaker tries, as TeX's parameters.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// The largest adjustment ratio accepted on a first try (TeX's \pretolerance
    /// is for the pass without hyphens; this breaker always has them).
    pub tolerance: f32,
    /// Added to every line's badness, so fewer lines are preferred.
    pub line_penalty: f32,
    /// Extra demerits for two hyphenated lines in a row.
    pub double_hyphen: f32,
    /// Extra demerits for a paragraph whose last line starts with the end of
    /// a hyphenated word (TeX's \finalhyphendemerits).
    pub final_hyphen: f32,
    /// Extra demerits for lines of very different tightness next to each other.
    pub adjacent_fitness: f32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            tolerance: 2.0,
            line_penalty: 10.0,
            double_hyphen: 3000.0,
            final_hyphen: 8000.0,
            adjacent_fitness: 100.0,
        }
    }
}

/// A chosen break: the line ends at item `at` (a glue or penalty, or the end),
/// and its glue is set with `ratio` (negative shrinks, positive stretches).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub at: usize,
    pub ratio: f32,
}

/// Breaks `items` into lines of `width(line_number)` points. The paragraph must
/// end with a forced break (a finishing glue then a penalty of `ALWAYS`), as
/// `finish` adds. Returns the breaks in order; if no set of breaks fits the
/// tolerance, the tolerance is raised until one does, and in the worst case
/// (a word wider than the line) lines overflow rather than text being lost.
pub fn break_lines(items: &[Item], width: &dyn Fn(usize) -> f32, params: Params) -> Vec<Break> {
    for tolerance in [
        params.tolerance,
        params.tolerance * 2.5,
        20.0,
        f32::INFINITY,
    ] {
        if let Some(breaks) = try_break(
            items,
            width,
            Params {
                tolerance,
                ..params
            },
        ) {
            return breaks;
        }
    }
    greedy(items, width)
}

/// Appends the end of a paragraph: glue that fills the last line, and the
/// forced break.
pub fn finish(items: &mut Vec<Item>) {
    if let Some(Item::Glue { .. }) = items.last() {
        items.pop();
    }
    items.push(Item::Penalty {
        width: 0.0,
        penalty: NEVER,
        flagged: false,
    });
    items.push(Item::Glue {
        width: 0.0,
        stretch: 100_000.0,
        shrink: 0.0,
    });
    // Flagged, so that a hyphen on the line before the last costs extra, as
    // TeX's \finalhyphendemerits does: a paragraph should not end on half a word.
    items.push(Item::Penalty {
        width: 0.0,
        penalty: ALWAYS,
        flagged: true,
    });
}

#[derive(Clone, Copy)]
struct Node {
    /// Where the line before this break ends.
    at: usize,
    line: usize,
    fitness: usize,
    /// Sums of widths, stretch and shrink from the start of the paragraph up to
    /// the first box after this break (glue at the start of a line is dropped).
    total_width: f32,
    total_stretch: f32,
    total_shrink: f32,
    demerits: f32,
    ratio: f32,
    previous: Option<usize>,
}

fn try_break(items: &[Item], width: &dyn Fn(usize) -> f32, params: Params) -> Option<Vec<Break>> {
    let mut nodes: Vec<Node> = vec![Node {
        at: 0,
        line: 0,
        fitness: 1,
        total_width: 0.0,
        total_stretch: 0.0,
        total_shrink: 0.0,
        demerits: 0.0,
        ratio: 0.0,
        previous: None,
    }];
    let mut active: Vec<usize> = vec![0];
    let (mut sum_w, mut sum_y, mut sum_z) = (0.0f32, 0.0f32, 0.0f32);

    for (i, item) in items.iter().enumerate() {
        let (can_break, penalty, extra, flagged) = match *item {
            Item::Box { .. } => (false, 0.0, 0.0, false),
            Item::Glue { .. } => (
                i > 0 && matches!(items[i - 1], Item::Box { .. }),
                0.0,
                0.0,
                false,
            ),
            Item::Penalty {
                width,
                penalty,
                flagged,
            } => (penalty < NEVER, penalty, width, flagged),
        };
        if can_break {
            let mut best: [Option<(f32, usize, f32)>; 4] = [None; 4];
            let mut still_active = Vec::with_capacity(active.len());
            for &a in &active {
                let node = nodes[a];
                let line_width = width(node.line);
                let natural = sum_w - node.total_width + extra;
                let ratio = if natural < line_width {
                    let stretch = sum_y - node.total_stretch;
                    if stretch > 0.0 {
                        (line_width - natural) / stretch
                    } else {
                        f32::INFINITY
                    }
                } else if natural > line_width {
                    let shrink = sum_z - node.total_shrink;
                    if shrink > 0.0 {
                        (line_width - natural) / shrink
                    } else {
                        f32::NEG_INFINITY
                    }
                } else {
                    0.0
                };
                // A line that cannot shrink enough ends this node's chances; so
                // does a forced break after it.
                if ratio >= -1.0 && penalty > ALWAYS {
                    still_active.push(a);
                }
                if ratio < -1.0 || ratio > params.tolerance {
                    continue;
                }
                let badness = 100.0 * ratio.abs().powi(3);
                let base = params.line_penalty + badness;
                let mut demerits = if penalty >= 0.0 {
                    (base + penalty).powi(2)
                } else if penalty > ALWAYS {
                    base.powi(2) - penalty.powi(2)
                } else {
                    base.powi(2)
                };
                let previous_flagged = matches!(
                    items.get(node.at),
                    Some(Item::Penalty { flagged: true, .. })
                ) && node.at > 0;
                if flagged && previous_flagged {
                    // The paragraph's end is the only flagged forced break.
                    demerits += if penalty <= ALWAYS {
                        params.final_hyphen
                    } else {
                        params.double_hyphen
                    };
                }
                let fitness = if ratio < -0.5 {
                    0
                } else if ratio <= 0.5 {
                    1
                } else if ratio <= 1.0 {
                    2
                } else {
                    3
                };
                if (fitness as i32 - node.fitness as i32).abs() > 1 {
                    demerits += params.adjacent_fitness;
                }
                let total = node.demerits + demerits;
                if best[fitness].is_none_or(|(d, _, _)| total < d) {
                    best[fitness] = Some((total, a, ratio));
                }
            }
            active = still_active;
            // The sums after the break skip the glue and penalties that start the
            // next line.
            let (mut after_w, mut after_y, mut after_z) = (sum_w, sum_y, sum_z);
            for next in &items[i..] {
                match *next {
                    Item::Box { .. } => break,
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    } => {
                        after_w += width;
                        after_y += stretch;
                        after_z += shrink;
                    }
                    Item::Penalty { penalty, .. } if penalty <= ALWAYS && next != item => break,
                    Item::Penalty { .. } => {}
                }
            }
            for (fitness, found) in best.iter().enumerate() {
                if let Some((demerits, from, ratio)) = *found {
                    nodes.push(Node {
                        at: i,
                        line: nodes[from].line + 1,
                        fitness,
                        total_width: after_w,
                        total_stretch: after_y,
                        total_shrink: after_z,
                        demerits,
                        ratio,
                        previous: Some(from),
                    });
                    active.push(nodes.len() - 1);
                }
            }
            if active.is_empty() {
                return None;
            }
        }
        if let Item::Glue {
            width,
            stretch,
            shrink,
        } = *item
        {
            sum_w += width;
            sum_y += stretch;
            sum_z += shrink;
        } else if let Item::Box { width } = *item {
            sum_w += width;
        }
    }
    let last = items.len().checked_sub(1)?;
    let end = active
        .iter()
        .copied()
        .filter(|&a| nodes[a].at == last)
        .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    let mut breaks = Vec::new();
    let mut cursor = Some(end);
    while let Some(n) = cursor {
        if nodes[n].previous.is_some() {
            breaks.push(Break {
                at: nodes[n].at,
                ratio: nodes[n].ratio,
            });
        }
        cursor = nodes[n].previous;
    }
    breaks.reverse();
    Some(breaks)
}

/// First fit, for a paragraph no set of breaks can fit (a word wider than the
/// line): each line takes what fits, and a word that does not fit alone overflows.
fn greedy(items: &[Item], width: &dyn Fn(usize) -> f32) -> Vec<Break> {
    let mut breaks = Vec::new();
    let mut line_width = 0.0;
    let mut last_glue: Option<usize> = None;
    for (i, item) in items.iter().enumerate() {
        match *item {
            Item::Box { width: w } => {
                if line_width + w > width(breaks.len())
                    && let Some(g) = last_glue.take()
                {
                    breaks.push(Break { at: g, ratio: 0.0 });
                    line_width = items[g + 1..i].iter().map(Item::natural_width).sum();
                }
                line_width += w;
            }
            Item::Glue { width: w, .. } => {
                last_glue = Some(i);
                line_width += w;
            }
            Item::Penalty { penalty, .. } if penalty <= ALWAYS => {
                breaks.push(Break { at: i, ratio: 0.0 });
                line_width = 0.0;
                last_glue = None;
            }
            Item::Penalty { .. } => {}
        }
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of the given widths separated by spaces of 3 pt (±1.5 / 1).
    fn paragraph(words: &[f32]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in words.iter().enumerate() {
            if i > 0 {
                items.push(Item::Glue {
                    width: 3.0,
                    stretch: 1.5,
                    shrink: 1.0,
                });
            }
            items.push(Item::Box { width: w });
        }
        finish(&mut items);
        items
    }

    fn line_widths(items: &[Item], breaks: &[Break]) -> Vec<f32> {
        let mut start = 0;
        let mut out = Vec::new();
        for b in breaks {
            let natural: f32 = items[start..b.at].iter().map(Item::natural_width).sum();
            out.push(natural);
            start = b.at + 1;
        }
        out
    }

    #[test]
    fn every_line_but_the_last_is_set_within_tolerance() {
        let words: Vec<f32> = (0..60).map(|i| 20.0 + (i * 7 % 23) as f32).collect();
        let items = paragraph(&words);
        let breaks = break_lines(&items, &|_| 200.0, Params::default());
        assert!(breaks.len() > 5);
        assert_eq!(breaks.last().unwrap().at, items.len() - 1);
        for b in &breaks[..breaks.len() - 1] {
            assert!(b.ratio >= -1.0 && b.ratio <= 2.0, "{b:?}");
        }
        for w in &line_widths(&items, &breaks)[..breaks.len() - 1] {
            assert!(*w <= 200.0 + 60.0 && *w >= 100.0, "{w}");
        }
    }

    #[test]
    fn a_short_paragraph_is_one_line() {
        let items = paragraph(&[30.0, 40.0]);
        let breaks = break_lines(&items, &|_| 300.0, Params::default());
        assert_eq!(breaks.len(), 1);
    }

    #[test]
    fn a_word_wider_than_the_line_overflows_instead_of_vanishing() {
        let items = paragraph(&[30.0, 500.0, 30.0]);
        let breaks = break_lines(&items, &|_| 100.0, Params::default());
        assert_eq!(breaks.last().unwrap().at, items.len() - 1);
        assert!(breaks.len() >= 2);
    }

    #[test]
    fn a_hyphenation_point_is_used_when_it_makes_better_lines() {
        // "aaaa bbbb-cccc": the line fits "aaaa bbbb-" exactly.
        let mut items = vec![
            Item::Box { width: 40.0 },
            Item::Glue {
                width: 5.0,
                stretch: 2.0,
                shrink: 1.0,
            },
            Item::Box { width: 40.0 },
            Item::Penalty {
                width: 5.0,
                penalty: 50.0,
                flagged: true,
            },
            Item::Box { width: 40.0 },
        ];
        finish(&mut items);
        let breaks = break_lines(&items, &|_| 90.0, Params::default());
        assert_eq!(breaks[0].at, 3, "{breaks:?}");
    }
}
