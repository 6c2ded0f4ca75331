//! Tracks: the parallel places lines run in, so that no two run on top of each
//! other. Lines across the lanes each have a height of their own (`rows`
//! placed them); at the left of each lane, a channel whose tracks carry the
//! lines entering the lane's boxes from the side. The channels' tracks decide
//! how wide the lanes are.

use super::rows::{Placed, Route, Row};
use super::{Span, Style, TRACK};

/// A vertical run in a lane's channel: from the height a line arrives at
/// across the lanes to the height it enters its target at (up or down).
#[derive(Debug, Clone, Copy)]
pub(super) struct Run {
    pub lane: usize,
    pub from: f32,
    pub to: f32,
}

/// A line that enters its target from the side: from exit `exit` of step
/// `from`, along `run` in track `track` of the target's lane's channel.
pub(super) struct Jump {
    pub from: usize,
    pub exit: usize,
    pub run: Run,
    pub track: usize,
}

/// The page's side lines (`Route::Side`) with their runs, their tracks not
/// yet assigned. A line enters its target a little below the top of its
/// box, never below the box's middle.
pub(super) fn jumps(rows: &[Row], span: Span, placed: &Placed, lanes: usize) -> Vec<Jump> {
    let mut jumps = Vec::new();
    for (k, i) in span.rows() {
        for (e, route) in placed.routes[k].iter().enumerate() {
            let (Route::Side { y }, Some(t)) = (route, rows[i].exits[e].on(span)) else {
                continue;
            };
            jumps.push(Jump {
                from: i,
                exit: e,
                run: Run {
                    lane: rows[t].lane.min(lanes - 1),
                    from: *y,
                    to: placed.entry(rows, span, t),
                },
                track: 0,
            });
        }
    }
    jumps
}

/// A track in its lane's channel for each run, and the most tracks a lane
/// needs. Runs are taken shortest first (ties in order), each into the first
/// track of its lane where it overlaps no run already there, with 2 pt to
/// spare at both ends: first-fit interval partitioning. Track 0 is the
/// outermost, so short hops run furthest from the boxes and the long runs
/// that enclose them nearer.
pub(super) fn assign(runs: &[Run], lanes: usize) -> (Vec<usize>, usize) {
    let mut lane_tracks: Vec<Vec<Vec<(f32, f32)>>> = vec![Vec::new(); lanes];
    let mut order: Vec<usize> = (0..runs.len()).collect();
    let span = |r: &Run| (r.from - r.to).abs();
    order.sort_by(|&a, &b| span(&runs[a]).total_cmp(&span(&runs[b])).then(a.cmp(&b)));
    let mut track = vec![0; runs.len()];
    for j in order {
        let run = runs[j];
        let (lo, hi) = (run.from.min(run.to) - 2.0, run.from.max(run.to) + 2.0);
        let tracks = &mut lane_tracks[run.lane];
        let free = tracks
            .iter()
            .position(|used| used.iter().all(|&(l, h)| hi < l || lo > h));
        let t = match free {
            Some(t) => t,
            None => {
                tracks.push(Vec::new());
                tracks.len() - 1
            }
        };
        tracks[t].push((lo, hi));
        track[j] = t;
    }
    let most = lane_tracks.iter().map(Vec::len).max().unwrap_or(0);
    (track, most)
}

/// The narrowest a lane's channel is.
pub(super) const CHANNEL: f32 = 12.0;
/// The margin right of a lane's boxes.
pub(super) const RIGHT: f32 = 5.0;

/// The page's columns: each lane is its channel, as wide as its own tracks
/// need (at least `CHANNEL`; its first track 6 pt clear of the divider on
/// its left, its last 6 pt clear of the boxes), then its boxes, then a
/// `RIGHT` margin.
#[derive(Debug, Clone)]
pub(super) struct Columns {
    pub lanes: usize,
    /// Each lane's channel's width.
    pub channels: Vec<f32>,
    pub box_w: f32,
    /// Each lane's left, and past the last, the page's width.
    lefts: Vec<f32>,
}

impl Columns {
    /// The columns for lanes whose channels hold `tracks[l]` tracks each.
    pub fn new(tracks: &[usize], style: &Style, lanes: usize) -> Columns {
        let right = RIGHT;
        let channels: Vec<f32> = (0..lanes)
            .map(|l| (7.0 + TRACK * tracks.get(l).copied().unwrap_or(0) as f32).max(CHANNEL))
            .collect();
        let mut lefts = vec![0.0];
        for channel in &channels {
            let last = lefts.last().copied().unwrap_or(0.0);
            lefts.push(last + channel + style.box_width + right);
        }
        Columns {
            lanes,
            channels,
            box_w: style.box_width,
            lefts,
        }
    }

    pub fn lane_x(&self, lane: usize) -> f32 {
        self.lefts[lane.min(self.lanes)]
    }

    pub fn lane_w(&self, lane: usize) -> f32 {
        self.lane_x(lane + 1) - self.lane_x(lane)
    }

    /// The width of all the lanes.
    pub fn width(&self) -> f32 {
        self.lane_x(self.lanes)
    }

    /// The left of the boxes of step `row`'s lane.
    pub fn box_x(&self, row: &Row) -> f32 {
        let lane = row.lane.min(self.lanes - 1);
        self.lane_x(lane) + self.channels[lane]
    }

    /// The middle of the boxes of step `row`'s lane.
    pub fn center_x(&self, row: &Row) -> f32 {
        self.box_x(row) + self.box_w / 2.0
    }

    /// Where track `t` of `lane`'s channel runs.
    pub fn track_x(&self, lane: usize, t: usize) -> f32 {
        self.lane_x(lane) + 6.0 + TRACK * t as f32
    }
}

/// How many tracks each lane's channel needs, given each run's track.
pub(super) fn lane_tracks(runs: &[Run], track: &[usize], lanes: usize) -> Vec<usize> {
    let mut out = vec![0; lanes];
    for (run, &t) in runs.iter().zip(track) {
        out[run.lane] = out[run.lane].max(t + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(lane: usize, from: f32, to: f32) -> Run {
        Run { lane, from, to }
    }

    fn overlap(a: &Run, b: &Run) -> bool {
        let (a0, a1) = (a.from.min(a.to), a.from.max(a.to));
        let (b0, b1) = (b.from.min(b.to), b.from.max(b.to));
        a0 <= b1 && b0 <= a1
    }

    /// Runs of a 60-row page: up and down, long and short, in three lanes.
    fn many() -> Vec<Run> {
        let mut seed = 7u32;
        let mut next = |n: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % n
        };
        (0..120)
            .map(|_| {
                let from = next(60) as f32 * 40.0 + 20.0;
                let to = next(60) as f32 * 40.0 + 9.0;
                run(next(3) as usize, from, to)
            })
            .collect()
    }

    #[test]
    fn overlapping_runs_in_a_lane_get_distinct_tracks() {
        let runs = many();
        let (track, most) = assign(&runs, 3);
        for a in 0..runs.len() {
            assert!(track[a] < most);
            for b in a + 1..runs.len() {
                if runs[a].lane == runs[b].lane && overlap(&runs[a], &runs[b]) {
                    assert_ne!(track[a], track[b], "runs {a} and {b} share a track");
                }
            }
        }
    }

    #[test]
    fn runs_share_a_track_when_they_are_apart_or_in_other_lanes() {
        let runs = [
            run(0, 10.0, 50.0),
            run(0, 100.0, 60.0),
            run(1, 20.0, 40.0),
            run(0, 40.0, 70.0),
        ];
        // The shortest in lane 0 (40 to 70) takes track 0; the two it
        // overlaps are apart from each other and share track 1.
        let (track, most) = assign(&runs, 2);
        assert_eq!(track, [1, 1, 0, 0]);
        assert_eq!(most, 2);
        // Closer than 4 pt (2 pt to spare at each end) is overlapping.
        let (track, _) = assign(&[run(0, 10.0, 50.0), run(0, 53.0, 90.0)], 1);
        assert_eq!(track, [1, 0]);
        let (track, _) = assign(&[run(0, 10.0, 50.0), run(0, 55.0, 90.0)], 1);
        assert_eq!(track, [0, 0]);
        assert_eq!(assign(&[], 3), (vec![], 0));
    }

    #[test]
    fn nested_runs_stack_the_shortest_outermost() {
        let runs = [
            run(0, 0.0, 100.0),
            run(0, 10.0, 90.0),
            run(0, 20.0, 80.0),
            run(0, 200.0, 300.0),
            run(0, 210.0, 220.0),
        ];
        let (track, most) = assign(&runs, 1);
        assert_eq!(most, 3);
        assert_eq!(track, [2, 1, 0, 1, 0]);
    }

    #[test]
    fn tracks_lie_inside_the_channel_left_of_the_boxes() {
        let style = Style::SCREEN;
        for most in 0..12 {
            let tracks = [most, 0, most / 2, 1];
            let columns = Columns::new(&tracks, &style, 4);
            for (lane, &count) in tracks.iter().enumerate() {
                let left = columns.lane_x(lane);
                let boxes = left + columns.channels[lane];
                for t in 0..count {
                    let x = columns.track_x(lane, t);
                    assert!(x > left && x < boxes, "track {t} of {count} at {x}");
                }
                assert!(boxes + style.box_width < columns.lane_x(lane + 1));
            }
            assert_eq!(columns.width(), columns.lane_x(4));
        }
    }

    #[test]
    fn each_lane_needs_as_many_tracks_as_its_highest() {
        let runs = [run(0, 0.0, 10.0), run(2, 0.0, 10.0), run(2, 5.0, 20.0)];
        assert_eq!(lane_tracks(&runs, &[0, 0, 1], 3), [1, 0, 2]);
    }
}
