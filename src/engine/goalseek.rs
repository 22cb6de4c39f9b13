//! Goal seek (`livesim-goalseek/1`): the value of one decision (or input) at which the chance of an event reaches a goal.
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
//! A decision or an input is sought (see [`crate::engine::decision`]): an input
//! (`input:audience.direct.show_up_rate`) is fixed at each value tried, so the
//! answer reads "if the show-up rate is at least this, the goal is met".

use std::ops::Range;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::decision::{Decision, DecisionError};
use super::montecarlo::{RunRecord, simulate_parallel};
use super::optimize::{Event, wilson90};
use super::plan::Plan;
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

impl Point {
    /// A value at which `k` of `n` runs met the event.
    pub fn measured(value: f64, (k, n): (usize, usize)) -> Point {
        let (lo, hi) = wilson90(k, n).map_or((None, None), |(lo, hi)| (Some(lo), Some(hi)));
        Point { value, p: (n > 0).then(|| k as f64 / n as f64), lo, hi, invalid: None }
    }

    /// A value that is not a valid scenario, and why.
    pub fn invalid(value: f64, message: String) -> Point {
        Point { value, p: None, lo: None, hi: None, invalid: Some(message) }
    }
}

/// A search's checked inputs: everything [`seek_step`] needs besides the values tried.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalSpec {
    /// The scenario's name.
    pub scenario: String,
    pub decision: Decision,
    pub base: f64,
    pub integer: bool,
    /// Rounded inwards to whole numbers for a whole-number decision.
    pub bracket: (f64, f64),
    pub tolerance: f64,
    pub event: Event,
    pub goal: f64,
    pub seed: u64,
    pub runs: Range<u64>,
}

impl GoalSpec {
    /// Checks a search of `decision` in `bracket` on `scenario` (see [`goal_seek`]).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        scenario: &Scenario,
        decision: &Decision,
        bracket: (f64, f64),
        event: Event,
        goal: f64,
        tolerance: Option<f64>,
        seed: u64,
        runs: Range<u64>,
    ) -> Result<GoalSpec, GoalSeekError> {
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
        let tolerance = match tolerance {
            Some(t) if !(t > 0.0 && t.is_finite()) => return Err(GoalSeekError::Tolerance(t)),
            Some(t) if integer => t.max(1.0),
            Some(t) => t,
            None if integer => 1.0,
            None => (to - from) / 1000.0,
        };
        let (scenario, decision) = (scenario.name.clone(), decision.clone());
        Ok(GoalSpec { scenario, decision, base, integer, bracket: (from, to), tolerance, event, goal, seed, runs })
    }

    /// The plan with the decision at `value`, or why that is not a valid scenario.
    pub fn candidate(&self, scenario: &Scenario, value: f64) -> Result<Plan, String> {
        let s = self.decision.apply(scenario, value).map_err(|e| e.to_string())?;
        check(&s).map_err(|e| e.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
    }
}

/// What a search needs next.
// A step is matched as soon as it is made: boxing the result would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// The probability at this value.
    Need(f64),
    Done(GoalSeek),
}

/// The values tried so far, in increasing order (a sorted list: a search tries a few dozen).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Points(Vec<Point>);

impl Points {
    pub fn new() -> Points {
        Points(Vec::new())
    }

    /// The point at exactly `value`.
    pub fn get(&self, value: f64) -> Option<&Point> {
        self.0.iter().find(|p| p.value.to_bits() == value.to_bits())
    }

    /// Adds a point in its place, or replaces the one at its value.
    pub fn insert(&mut self, point: Point) {
        match self.0.binary_search_by(|p| p.value.total_cmp(&point.value)) {
            Ok(i) => self.0[i] = point,
            Err(i) => self.0.insert(i, point),
        }
    }
}

impl std::ops::Deref for Points {
    type Target = [Point];

    fn deref(&self) -> &[Point] {
        &self.0
    }
}

/// Replays the search over the values tried so far: the first value it needs and
/// has not got, or its result. Evaluating each `Need` and calling again until
/// `Done` is [`goal_seek`]; a page can do the same one value at a time.
pub fn seek_step(spec: &GoalSpec, points: &Points) -> Step {
    match replay(spec, points) {
        Ok(result) => Step::Done(result),
        Err(value) => Step::Need(value),
    }
}

/// A value's point, or the value as the one missing.
type Lookup<'a> = dyn Fn(f64) -> Result<&'a Point, f64> + 'a;

/// Bisection between `miss` (where `reached` is false) and `hit` (true), down to `tol`
/// (for whole numbers, adjacent integers). `Ok(None)` if a value tried is invalid.
fn bisect(
    point: &Lookup<'_>,
    (mut miss, mut hit): (f64, f64),
    spec: &GoalSpec,
    reached: &dyn Fn(&Point) -> bool,
) -> Result<Option<(f64, usize)>, f64> {
    let mut steps = 0;
    while (hit - miss).abs() > spec.tolerance && steps < MAX_STEPS {
        let mid = if spec.integer { ((miss + hit) / 2.0).floor() } else { miss + (hit - miss) / 2.0 };
        if mid == miss || mid == hit {
            break;
        }
        let p = point(mid)?;
        if p.invalid.is_some() {
            return Ok(None);
        }
        if reached(p) {
            hit = mid
        } else {
            miss = mid
        }
        steps += 1;
    }
    Ok(Some((hit, steps)))
}

fn replay(spec: &GoalSpec, points: &Points) -> Result<GoalSeek, f64> {
    let point = |value: f64| points.get(value).ok_or(value);
    let (from, to) = spec.bracket;
    let goal = spec.goal;
    let (a, b) = (point(from)?, point(to)?);
    let reached = |p: &Point| p.p.is_some_and(|p| p >= goal);
    let mut result = GoalSeek {
        scenario: spec.scenario.clone(),
        runs: spec.runs.end.saturating_sub(spec.runs.start) as usize,
        seed: spec.seed,
        decision: spec.decision.clone(),
        base: spec.base,
        bracket: spec.bracket,
        tolerance: spec.tolerance,
        event: spec.event,
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
    } else if reached(a) == reached(b) {
        result.status = if reached(a) { Status::MetAtBothEnds } else { Status::OutOfReach };
        result.best_end = Some(if b.p > a.p { b.clone() } else { a.clone() });
    } else {
        let ends = if reached(a) { (to, from) } else { (from, to) };
        match bisect(&point, ends, spec, &reached)? {
            None => result.status = Status::Invalid,
            Some((answer, steps)) => {
                result.answer = Some(answer);
                result.iterations = steps;
                // Where the pessimistic (lower) and the optimistic (upper) bound reach the goal.
                let crossing = |bound: fn(&Point) -> Option<f64>| -> Result<Option<Option<f64>>, f64> {
                    let meets = |p: &Point| bound(p).is_some_and(|v| v >= goal);
                    if meets(point(ends.0)?) || !meets(point(ends.1)?) {
                        return Ok(Some(None)); // beyond the bracket
                    }
                    Ok(bisect(&point, ends, spec, &meets)?.map(|(x, _)| Some(x)))
                };
                match (crossing(|p| p.lo)?, crossing(|p| p.hi)?) {
                    // The optimistic crossing is nearer the non-reaching end.
                    (Some(pe), Some(op)) => result.interval = Some(if ends.0 < ends.1 { (op, pe) } else { (pe, op) }),
                    _ => result.status = Status::Invalid,
                }
            }
        }
    }
    let ps: Vec<f64> = points.iter().filter_map(|p| p.p).collect();
    result.monotone = ps.windows(2).all(|w| w[1] >= w[0]) || ps.windows(2).all(|w| w[1] <= w[0]);
    result.points = points.0.clone();
    Ok(result)
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
    let spec = GoalSpec::new(scenario, decision, bracket, event, goal, tolerance, seed, runs)?;
    let mut points = Points::new();
    loop {
        let value = match seek_step(&spec, &points) {
            Step::Done(result) => return Ok(result),
            Step::Need(value) => value,
        };
        let point = match spec.candidate(scenario, value) {
            Ok(plan) => Point::measured(
                value,
                count_met(&spec.event, &simulate_parallel(&plan, spec.seed, spec.runs.clone(), threads)),
            ),
            Err(message) => Point::invalid(value, message),
        };
        points.insert(point);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Kpi;
    use crate::engine::montecarlo::simulate;
    use crate::engine::validate::parse;

    /// Drives the steps as a page does: each needed value's runs one by one, in reverse.
    fn by_hand(s: &Scenario, spec: &GoalSpec) -> (GoalSeek, Vec<f64>) {
        let mut points = Points::new();
        let mut asked = Vec::new();
        loop {
            let value = match seek_step(spec, &points) {
                Step::Done(result) => return (result, asked),
                Step::Need(value) => value,
            };
            assert!(!asked.contains(&value), "{value} asked twice");
            asked.push(value);
            let point = match spec.candidate(s, value) {
                Ok(plan) => {
                    let records: Vec<RunRecord> = spec.runs.clone().rev().map(|run| simulate(&plan, 3, run)).collect();
                    Point::measured(value, count_met(&spec.event, &records))
                }
                Err(message) => Point::invalid(value, message),
            };
            points.insert(point);
        }
    }

    #[test]
    fn stepping_by_hand_gives_the_same_search_as_goal_seek() {
        let s = parse(include_str!("../../www/scenarios/model-example.json")).unwrap();
        let revenue = Event::target(Kpi::Revenue, 75_000.0);
        let cases = [
            // Continuous and whole-number answers, a goal out of reach, a value the model refuses.
            ("offer:0.percent", (0.0, 40.0), revenue, 0.5, Status::Found),
            ("item:serum.stock", (0.0, 2000.0), Event::target(Kpi::StockoutLost, 0.0), 0.8, Status::Found),
            ("paid.budget", (0.0, 100.0), Event::target(Kpi::Revenue, 1e9), 0.5, Status::OutOfReach),
            ("offer:0.percent", (0.0, 150.0), revenue, 0.5, Status::Invalid),
        ];
        for (decision, bracket, event, goal, status) in cases {
            let d: Decision = decision.parse().unwrap();
            let engine = goal_seek(&s, &d, bracket, event, goal, None, 3, 0..60, 2).unwrap();
            let spec = GoalSpec::new(&s, &d, bracket, event, goal, None, 3, 0..60).unwrap();
            let (stepped, asked) = by_hand(&s, &spec);
            assert_eq!((&stepped, stepped.status), (&engine, status), "{decision}");
            assert_eq!(asked.len(), engine.points.len(), "{decision}: each value once");
            assert_eq!(asked[..2], [spec.bracket.0, spec.bracket.1], "{decision}: the ends first");
        }
    }
}
