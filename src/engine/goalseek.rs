//! Goal seek (`livesim-goalseek/1`): the value of one decision at which the chance of an event reaches a goal.
//!
//! "What discount makes `P(revenue >= 250000)` reach 0.8?" Every value tried is
//! run over the same run indices under the same seed (common random numbers),
//! so the estimated probability moves only with the decision. Over a bracket
//! `[from, to]`:
//!
//! 1. Both ends are evaluated. If both reach the goal or neither does, the ends
//!    do not straddle it: `met_at_both_ends`, or `out_of_reach` with the best
//!    probability seen. (A response that rises and falls again inside the
//!    bracket may still cross it; bisection cannot see that, so it says so.)
//! 2. Otherwise bisection keeps one end that reaches the goal and one that does
//!    not, until they are `tolerance` apart (one step for a whole-number
//!    decision); the `answer` is the end that reaches it.
//! 3. The same bisection, run on the Wilson 90 % lower and upper bounds of the
//!    probability instead of the estimate, gives an interval around the answer:
//!    where even the pessimistic bound reaches the goal, and where already the
//!    optimistic one does. An end of it beyond the bracket is `null`.
//!
//! Only decisions are sought (see [`crate::engine::decision`]); an uncertain
//! input's centre is not a decision and is not supported.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::decision::{Decision, DecisionError};
use super::montecarlo::{RunRecord, simulate_parallel};
use super::optimize::{Event, wilson90};
use super::scenario::Scenario;
use super::validate::check;

pub const GOALSEEK_SCHEMA: &str = "livesim-goalseek/1";

/// At most this many bisection steps per search (a continuous bracket halves to `2^-60` of itself).
pub const MAX_STEPS: usize = 60;

/// One value tried.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub value: f64,
    /// Share of runs meeting the event; `None` when the candidate is invalid.
    pub p: Option<f64>,
    /// Wilson 90 % interval of `p`.
    pub lo: Option<f64>,
    pub hi: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid: Option<String>,
}

/// How the search ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Found,
    /// Neither end reaches the goal.
    OutOfReach,
    /// Both ends reach it already.
    MetAtBothEnds,
    /// A value tried is not a valid scenario (its message is in `points`).
    Invalid,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GoalSeek {
    pub scenario: String,
    pub runs: usize,
    pub seed: u64,
    pub decision: Decision,
    /// The decision's value in the scenario as given.
    pub base: f64,
    pub bracket: (f64, f64),
    pub tolerance: f64,
    pub event: Event,
    /// The probability sought.
    pub goal: f64,
    pub status: Status,
    /// The value nearest the non-reaching end at which the goal is reached.
    pub answer: Option<f64>,
    /// Where the Wilson bounds cross the goal, in increasing order; `None` beyond the bracket.
    pub interval: Option<(Option<f64>, Option<f64>)>,
    /// Bisection steps of the answer's search.
    pub iterations: usize,
    /// The highest probability at either end (for `out_of_reach`).
    pub best_end: Option<Point>,
    /// Whether the probabilities of the values tried, in value order, never change direction.
    pub monotone: bool,
    /// Every value tried, in increasing order.
    pub points: Vec<Point>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum GoalSeekError {
    Decision(DecisionError),
    /// The bracket is empty, reversed or not finite.
    Bracket(f64, f64),
    /// The goal is not in `(0, 1]`.
    Goal(f64),
    /// The tolerance is not above 0.
    Tolerance(f64),
}

impl std::fmt::Display for GoalSeekError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GoalSeekError::Decision(e) => write!(f, "{e}"),
            GoalSeekError::Bracket(a, b) => write!(f, "the bracket {a}..{b} must run from a lower to a higher value"),
            GoalSeekError::Goal(p) => write!(f, "the probability sought must be above 0 and at most 1, got {p}"),
            GoalSeekError::Tolerance(t) => write!(f, "the tolerance must be above 0, got {t}"),
        }
    }
}

impl std::error::Error for GoalSeekError {}

/// Runs meeting `event` among `records`, and the number of records.
pub fn count_met(event: &Event, records: &[RunRecord]) -> (usize, usize) {
    (records.iter().filter(|r| event.met(&r.outputs.kpis)).count(), records.len())
}

struct Search<'a> {
    scenario: &'a Scenario,
    decision: &'a Decision,
    event: Event,
    seed: u64,
    runs: Range<u64>,
    threads: usize,
    cache: BTreeMap<u64, Point>,
}

impl Search<'_> {
    fn point(&mut self, value: f64) -> Point {
        let key = value.to_bits();
        if let Some(p) = self.cache.get(&key) {
            return p.clone();
        }
        let plan =
            self.decision.apply(self.scenario, value).map_err(|e| e.to_string()).and_then(|s| {
                check(&s).map_err(|e| e.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
            });
        let point = match plan {
            Ok(plan) => {
                let (k, n) =
                    count_met(&self.event, &simulate_parallel(&plan, self.seed, self.runs.clone(), self.threads));
                let (lo, hi) = wilson90(k, n).map_or((None, None), |(lo, hi)| (Some(lo), Some(hi)));
                Point { value, p: (n > 0).then(|| k as f64 / n as f64), lo, hi, invalid: None }
            }
            Err(message) => Point { value, p: None, lo: None, hi: None, invalid: Some(message) },
        };
        self.cache.insert(key, point.clone());
        point
    }

    /// Bisection between `miss` (where `reached` is false) and `hit` (true), down to `tol`
    /// (for whole numbers, adjacent integers). `None` if a value tried is invalid.
    fn bisect(
        &mut self,
        mut miss: f64,
        mut hit: f64,
        tol: f64,
        integer: bool,
        reached: &dyn Fn(&Point) -> bool,
    ) -> Option<(f64, usize)> {
        let mut steps = 0;
        while (hit - miss).abs() > tol && steps < MAX_STEPS {
            let mid = if integer { ((miss + hit) / 2.0).floor() } else { miss + (hit - miss) / 2.0 };
            if mid == miss || mid == hit {
                break;
            }
            let p = self.point(mid);
            if p.invalid.is_some() {
                return None;
            }
            if reached(&p) {
                hit = mid
            } else {
                miss = mid
            }
            steps += 1;
        }
        Some((hit, steps))
    }
}

/// Seeks the value of `decision` in `[from, to]` at which `P(event) >= goal`, every value
/// run over `runs` under `seed` (on `threads` threads, which never change the result).
/// `tolerance` is the bracket width at which to stop (default: a thousandth of the bracket;
/// whole-number decisions stop at one step).
#[allow(clippy::too_many_arguments)]
pub fn goal_seek(
    scenario: &Scenario,
    decision: &Decision,
    bracket: (f64, f64),
    event: Event,
    goal: f64,
    tolerance: Option<f64>,
    seed: u64,
    runs: Range<u64>,
    threads: usize,
) -> Result<GoalSeek, GoalSeekError> {
    let base = decision.resolve(scenario).map_err(GoalSeekError::Decision)?;
    let integer = decision.is_integer();
    let (mut from, mut to) = bracket;
    if integer {
        (from, to) = (from.ceil(), to.floor());
    }
    if !(from.is_finite() && to.is_finite() && from < to) {
        return Err(GoalSeekError::Bracket(bracket.0, bracket.1));
    }
    if !(goal > 0.0 && goal <= 1.0) {
        return Err(GoalSeekError::Goal(goal));
    }
    let tol = match tolerance {
        Some(t) if !(t > 0.0 && t.is_finite()) => return Err(GoalSeekError::Tolerance(t)),
        Some(t) if integer => t.max(1.0),
        Some(t) => t,
        None if integer => 1.0,
        None => (to - from) / 1000.0,
    };
    let mut search = Search { scenario, decision, event, seed, runs: runs.clone(), threads, cache: BTreeMap::new() };
    let (a, b) = (search.point(from), search.point(to));
    let reached = |p: &Point| p.p.is_some_and(|p| p >= goal);
    let mut result = GoalSeek {
        scenario: scenario.name.clone(),
        runs: runs.end.saturating_sub(runs.start) as usize,
        seed,
        decision: decision.clone(),
        base,
        bracket: (from, to),
        tolerance: tol,
        event,
        goal,
        status: Status::Found,
        answer: None,
        interval: None,
        iterations: 0,
        best_end: None,
        monotone: true,
        points: Vec::new(),
    };
    if a.invalid.is_some() || b.invalid.is_some() {
        result.status = Status::Invalid;
    } else if reached(&a) == reached(&b) {
        result.status = if reached(&a) { Status::MetAtBothEnds } else { Status::OutOfReach };
        result.best_end = Some(if b.p > a.p { b.clone() } else { a.clone() });
    } else {
        let (miss, hit) = if reached(&a) { (to, from) } else { (from, to) };
        match search.bisect(miss, hit, tol, integer, &reached) {
            None => result.status = Status::Invalid,
            Some((answer, steps)) => {
                result.answer = Some(answer);
                result.iterations = steps;
                // Where the pessimistic (lower) and the optimistic (upper) bound reach the goal.
                let mut crossing = |bound: &dyn Fn(&Point) -> Option<f64>| {
                    let meets = |p: &Point| bound(p).is_some_and(|v| v >= goal);
                    let (at_miss, at_hit) = (search.point(miss), search.point(hit));
                    if meets(&at_miss) || !meets(&at_hit) {
                        return Ok(None); // beyond the bracket
                    }
                    search.bisect(miss, hit, tol, integer, &meets).map(|(x, _)| Some(x)).ok_or(())
                };
                let pessimistic = crossing(&|p: &Point| p.lo);
                let optimistic = crossing(&|p: &Point| p.hi);
                match (pessimistic, optimistic) {
                    (Ok(pe), Ok(op)) => {
                        // The optimistic crossing is nearer the non-reaching end.
                        result.interval = Some(if miss < hit { (op, pe) } else { (pe, op) });
                    }
                    _ => result.status = Status::Invalid,
                }
            }
        }
    }
    let mut points: Vec<Point> = search.cache.into_values().collect();
    points.sort_by(|x, y| x.value.total_cmp(&y.value));
    let ps: Vec<f64> = points.iter().filter_map(|p| p.p).collect();
    result.monotone = ps.windows(2).all(|w| w[1] >= w[0]) || ps.windows(2).all(|w| w[1] <= w[0]);
    result.points = points;
    Ok(result)
}

impl GoalSeek {
    /// The `livesim-goalseek/1` JSON form.
    pub fn report(&self) -> Report<'_> {
        Report(self)
    }
}

/// [`GoalSeek`] with its schema, as `livesim-goalseek/1`.
pub struct Report<'a>(&'a GoalSeek);

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("schema", GOALSEEK_SCHEMA)?;
        map.serialize_entry("scenario", &g.scenario)?;
        map.serialize_entry("runs", &g.runs)?;
        map.serialize_entry("seed", &g.seed)?;
        map.serialize_entry("decision", &g.decision)?;
        map.serialize_entry("base", &g.base)?;
        map.serialize_entry("bracket", &[g.bracket.0, g.bracket.1])?;
        map.serialize_entry("tolerance", &g.tolerance)?;
        map.serialize_entry("event", &g.event.to_string())?;
        map.serialize_entry("goal", &g.goal)?;
        map.serialize_entry("status", &g.status)?;
        map.serialize_entry("answer", &g.answer)?;
        map.serialize_entry("interval", &g.interval.map(|(a, b)| [a, b]))?;
        map.serialize_entry("iterations", &g.iterations)?;
        map.serialize_entry("best_end", &g.best_end)?;
        map.serialize_entry("monotone", &g.monotone)?;
        map.serialize_entry("points", &g.points)?;
        map.end()
    }
}
