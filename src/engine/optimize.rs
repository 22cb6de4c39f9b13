//! Optimising one or two decisions on a grid (`livesim-optimize/1`), every candidate on the same runs.
//!
//! Each candidate is the scenario with the decisions set to one point of the
//! grid (first decision slowest), checked like any scenario (an invalid one is
//! reported with the validation's message), and run over the same run indices
//! under the same seed: common random numbers, so two candidates differ only
//! by what the decision changes, and their difference is far less noisy than
//! either alone.
//!
//! A candidate is scored by [`evaluate_candidate`], a pure function of its run
//! records (any order, any chunking), the objective and the constraints:
//!
//! - the **objective**: the mean of a KPI (with its standard error), its median
//!   (with a distribution-free 90 % interval between two order statistics), or
//!   the probability that a run meets an event such as `revenue >= 250000`
//!   (with a Wilson 90 % interval); runs in which the KPI is absent are left out
//!   of a mean or median, and do not meet an event;
//! - each **constraint** `P(event) <= p` (or `>= p`): the probability, its Wilson
//!   interval and whether the estimate keeps within the bound.
//!
//! A candidate is feasible when it is valid and every constraint holds. The best
//! is the feasible candidate with the highest objective (lowest when minimising),
//! ties to the first in grid order; the runner-up is the next in that order. As
//! they share runs, the two are also compared run by run ([`Paired`]).

use std::ops::Range;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::decision::{Decision, DecisionError, Range as Values, RangeError};
use super::montecarlo::{RunRecord, simulate_plans_parallel};
use super::order::{in_run_order, order_by, sort_floats};
use super::outputs::{Kpi, Kpis};
use super::plan::Plan;
use super::scenario::Scenario;
use super::summary::quantile;
use super::validate::check;

pub const OPTIMIZE_SCHEMA: &str = "livesim-optimize/1";

/// The normal quantile of a two-sided 90 % interval.
pub const Z90: f64 = 1.644_853_626_951_472_2;

/// At most this many decisions at once.
pub const MAX_DECISIONS: usize = 2;

/// At most this many candidates (grid points).
pub const MAX_CANDIDATES: usize = 2_500;

/// A comparison of a KPI with a threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Ge,
    Gt,
    Le,
    Lt,
}

impl Cmp {
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Cmp::Ge => value >= threshold,
            Cmp::Gt => value > threshold,
            Cmp::Le => value <= threshold,
            Cmp::Lt => value < threshold,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
            Cmp::Le => "<=",
            Cmp::Lt => "<",
        }
    }

    /// The comparison at the start of `text` and the rest (`>=` before `>`).
    fn split(text: &str) -> Option<(Cmp, &str)> {
        [Cmp::Ge, Cmp::Le, Cmp::Gt, Cmp::Lt].into_iter().find_map(|c| text.strip_prefix(c.symbol()).map(|r| (c, r)))
    }
}

/// What a run may meet: `kpi cmp threshold`, e.g. `revenue >= 250000`. A run in
/// which the KPI is absent (a ratio over zero) does not meet it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Event {
    pub kpi: Kpi,
    pub cmp: Cmp,
    pub threshold: f64,
}

impl Event {
    /// The model's target rule: met at or above the value, at or below for the
    /// KPIs where lower is better.
    pub fn target(kpi: Kpi, value: f64) -> Event {
        Event { kpi, cmp: if kpi.lower_is_better() { Cmp::Le } else { Cmp::Ge }, threshold: value }
    }

    pub fn met(&self, kpis: &Kpis) -> bool {
        kpis.get(self.kpi).is_some_and(|v| self.cmp.holds(v, self.threshold))
    }

    /// `KPI<OP>NUMBER` and what follows the number; a bare KPI is its target in `targets`.
    fn parse_prefix<'a>(text: &'a str, targets: &[(Kpi, f64)]) -> Result<(Event, &'a str), String> {
        let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(text.len());
        let (name, rest) = text.split_at(end);
        let kpi = Kpi::from_name(name).ok_or_else(|| format!("`{name}` is not a KPI of the model"))?;
        let Some((cmp, rest)) = Cmp::split(rest) else {
            if !rest.is_empty() {
                return Err(format!("`{text}`: expected a comparison (>=, >, <=, <) after {name}"));
            }
            let value = targets.iter().find(|(k, _)| *k == kpi).map(|(_, v)| *v).ok_or_else(|| {
                format!(
                    "the scenario has no target on {name}: give one ({name}{}VALUE)",
                    Event::target(kpi, 0.0).cmp.symbol()
                )
            })?;
            return Ok((Event::target(kpi, value), ""));
        };
        let end = rest
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_digit() || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')
                    || ((c == '-' || c == '+') && i > 0 && !matches!(rest.as_bytes()[i - 1], b'e' | b'E'))
            })
            .map_or(rest.len(), |(i, _)| i);
        let (number, rest) = rest.split_at(end);
        let threshold: f64 = number
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| format!("`{text}`: expected a number after {}", cmp.symbol()))?;
        Ok((Event { kpi, cmp, threshold }, rest))
    }
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{}", self.kpi.name(), self.cmp.symbol(), self.threshold)
    }
}

/// What the objective measures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Measure {
    Mean(Kpi),
    Median(Kpi),
    Probability(Event),
}

impl Measure {
    /// `mean:KPI`, `median:KPI`, `p:KPI>=VALUE` (any of >=, >, <=, <), or `p:KPI` (its target in `targets`).
    pub fn parse(text: &str, targets: &[(Kpi, f64)]) -> Result<Measure, String> {
        let kpi = |name: &str| Kpi::from_name(name).ok_or_else(|| format!("`{name}` is not a KPI of the model"));
        match text.split_once(':') {
            Some(("mean", k)) => kpi(k).map(Measure::Mean),
            Some(("median", k)) => kpi(k).map(Measure::Median),
            Some(("p", e)) => match Event::parse_prefix(e, targets)? {
                (event, "") => Ok(Measure::Probability(event)),
                (_, rest) => Err(format!("`{text}`: unexpected `{rest}` after the event")),
            },
            _ => Err(format!("`{text}` is not an objective: expected mean:KPI, median:KPI or p:KPI>=VALUE")),
        }
    }
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Measure::Mean(k) => write!(f, "mean:{}", k.name()),
            Measure::Median(k) => write!(f, "median:{}", k.name()),
            Measure::Probability(e) => write!(f, "p:{e}"),
        }
    }
}

/// A measure and which way is better.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Objective {
    pub measure: Measure,
    pub maximize: bool,
}

impl Objective {
    /// The default direction: a probability up; a mean or median up, or down
    /// for the KPIs where lower is better ([`Kpi::lower_is_better`]).
    pub fn new(measure: Measure) -> Objective {
        let maximize = match measure {
            Measure::Mean(k) | Measure::Median(k) => !k.lower_is_better(),
            Measure::Probability(_) => true,
        };
        Objective { measure, maximize }
    }

    /// One run's score: the KPI, or 1 / 0 for an event met or not.
    fn score(&self, kpis: &Kpis) -> Option<f64> {
        match self.measure {
            Measure::Mean(k) | Measure::Median(k) => kpis.get(k).filter(|v| v.is_finite()),
            Measure::Probability(e) => Some(if e.met(kpis) { 1.0 } else { 0.0 }),
        }
    }

    /// Whether `a` is strictly better than `b`.
    fn better(&self, a: f64, b: f64) -> bool {
        if self.maximize { a > b } else { a < b }
    }
}

impl Serialize for Objective {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("text", &self.measure.to_string())?;
        match self.measure {
            Measure::Mean(k) | Measure::Median(k) => {
                map.serialize_entry("kind", if matches!(self.measure, Measure::Mean(_)) { "mean" } else { "median" })?;
                map.serialize_entry("kpi", k.name())?;
            }
            Measure::Probability(e) => {
                map.serialize_entry("kind", "probability")?;
                map.serialize_entry("kpi", e.kpi.name())?;
                map.serialize_entry("cmp", e.cmp.symbol())?;
                map.serialize_entry("threshold", &e.threshold)?;
            }
        }
        map.serialize_entry("direction", if self.maximize { "maximize" } else { "minimize" })?;
        map.end()
    }
}

/// `P(event) <= max` (or `>= min`): e.g. `P(stockout_lost > 0) <= 0.10`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Constraint {
    pub event: Event,
    /// `Le` (at most) or `Ge` (at least); `Lt` and `Gt` are read as the same.
    pub bound: Cmp,
    pub probability: f64,
}

impl Constraint {
    /// `p:KPI<OP>VALUE<=P` or `p:KPI<OP>VALUE>=P`, e.g. `p:stockout_lost>0<=0.10`.
    pub fn parse(text: &str) -> Result<Constraint, String> {
        let form = || format!("`{text}` is not a constraint: expected p:KPI<OP>VALUE<=P, e.g. p:stockout_lost>0<=0.1");
        let event_text = text.strip_prefix("p:").ok_or_else(form)?;
        let (event, rest) = Event::parse_prefix(event_text, &[]).map_err(|e| format!("{e} ({})", form()))?;
        let (bound, p) = Cmp::split(rest).ok_or_else(form)?;
        let probability: f64 = p.parse().map_err(|_| form())?;
        if !(0.0..=1.0).contains(&probability) {
            return Err(format!("`{text}`: the probability must be between 0 and 1, got {p}"));
        }
        Ok(Constraint { event, bound, probability })
    }

    pub fn holds(&self, p: f64) -> bool {
        match self.bound {
            Cmp::Le | Cmp::Lt => p <= self.probability,
            Cmp::Ge | Cmp::Gt => p >= self.probability,
        }
    }
}

impl std::fmt::Display for Constraint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bound = if matches!(self.bound, Cmp::Le | Cmp::Lt) { "<=" } else { ">=" };
        write!(f, "p:{}{bound}{}", self.event, self.probability)
    }
}

impl Serialize for Constraint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("text", &self.to_string())?;
        map.serialize_entry("kpi", self.event.kpi.name())?;
        map.serialize_entry("cmp", self.event.cmp.symbol())?;
        map.serialize_entry("threshold", &self.event.threshold)?;
        map.serialize_entry(
            if matches!(self.bound, Cmp::Le | Cmp::Lt) { "max_probability" } else { "min_probability" },
            &self.probability,
        )?;
        map.end()
    }
}

/// Wilson score 90 % interval of `k` successes in `n` trials; `None` for no trials.
pub fn wilson90(k: usize, n: usize) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (n, p) = (n as f64, k as f64 / n as f64);
    let z2 = Z90 * Z90;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = Z90 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    Some(((center - half).max(0.0), (center + half).min(1.0)))
}

/// The 1-based ranks `(l, n + 1 - l)` of the order statistics that hold the median
/// with probability at least 90 % whatever the distribution (`l` the largest with
/// `P(Binomial(n, 1/2) < l) <= 0.05`); `None` below 5 values, where none does.
pub fn median_ranks90(n: usize) -> Option<(usize, usize)> {
    // P(B <= k) summed upwards in logs: pmf(0) = 2^-n, pmf(k+1) = pmf(k) (n-k)/(k+1).
    let nf = n as f64;
    let mut log_pmf = -nf * std::f64::consts::LN_2;
    let mut cdf = 0.0;
    let mut l = 0;
    for k in 0..n {
        cdf += log_pmf.exp();
        if cdf > 0.05 {
            break;
        }
        l = k + 1; // P(B <= k) = P(B < k + 1) <= 0.05
        log_pmf += ((nf - k as f64) / (k as f64 + 1.0)).ln();
    }
    (l >= 1).then_some((l, n + 1 - l))
}

/// An estimate with its uncertainty.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    pub estimate: f64,
    /// Standard error (means only).
    pub se: Option<f64>,
    /// A 90 % interval: mean ± 1.645 se; the median's order statistics; Wilson for a probability.
    /// `None` when too few runs give one.
    pub lo: Option<f64>,
    pub hi: Option<f64>,
    /// Runs used (a probability counts every run).
    pub n: usize,
}

/// One constraint on one candidate.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ConstraintResult {
    pub p: f64,
    pub lo: f64,
    pub hi: f64,
    /// Whether the estimate `p` keeps within the bound.
    pub holds: bool,
}

/// One grid point, scored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CandidateResult {
    /// The decisions' values, in the order the decisions were given.
    pub values: Vec<f64>,
    /// Why the candidate could not be run (a decision that cannot take the value, or the validation's message).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid: Option<String>,
    /// `None` when invalid, or when the KPI is absent from every run.
    pub objective: Option<Estimate>,
    pub constraints: Vec<ConstraintResult>,
    pub feasible: bool,
    /// Per run (by run index): the objective's score, for the paired comparison. Not serialised.
    #[serde(skip)]
    pub scores: Vec<(u64, Option<f64>)>,
}

impl CandidateResult {
    pub fn invalid(values: Vec<f64>, message: String) -> CandidateResult {
        CandidateResult {
            values,
            invalid: Some(message),
            objective: None,
            constraints: Vec::new(),
            feasible: false,
            scores: Vec::new(),
        }
    }
}

/// Scores one candidate from its run records (any order, each run index once).
/// `values` is left empty for the caller to fill in.
pub fn evaluate_candidate(objective: &Objective, constraints: &[Constraint], records: &[RunRecord]) -> CandidateResult {
    let order = in_run_order(records);
    let n = order.len();
    let scores: Vec<(u64, Option<f64>)> = order.iter().map(|r| (r.run, objective.score(&r.outputs.kpis))).collect();
    let present: Vec<f64> = scores.iter().filter_map(|(_, s)| *s).collect();
    let estimate = match objective.measure {
        Measure::Mean(_) if !present.is_empty() => {
            let m = present.len() as f64;
            let mean = present.iter().sum::<f64>() / m;
            let sd = if present.len() > 1 {
                (present.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (m - 1.0)).sqrt()
            } else {
                0.0
            };
            let se = sd / m.sqrt();
            Some(Estimate {
                estimate: mean,
                se: Some(se),
                lo: Some(mean - Z90 * se),
                hi: Some(mean + Z90 * se),
                n: present.len(),
            })
        }
        Measure::Median(_) if !present.is_empty() => {
            let mut xs = present.clone();
            sort_floats(&mut xs);
            let ranks = median_ranks90(xs.len());
            Some(Estimate {
                estimate: quantile(&xs, 0.5),
                se: None,
                lo: ranks.map(|(l, _)| xs[l - 1]),
                hi: ranks.map(|(_, u)| xs[u - 1]),
                n: xs.len(),
            })
        }
        Measure::Probability(_) if n > 0 => {
            let k = present.iter().filter(|&&s| s == 1.0).count();
            let (lo, hi) = wilson90(k, n).expect("n > 0");
            Some(Estimate { estimate: k as f64 / n as f64, se: None, lo: Some(lo), hi: Some(hi), n })
        }
        _ => None,
    };
    let constraints: Vec<ConstraintResult> = constraints
        .iter()
        .map(|c| {
            let k = order.iter().filter(|r| c.event.met(&r.outputs.kpis)).count();
            let (lo, hi) = wilson90(k, n).unwrap_or((0.0, 1.0));
            let p = if n > 0 { k as f64 / n as f64 } else { 0.0 };
            ConstraintResult { p, lo, hi, holds: n > 0 && c.holds(p) }
        })
        .collect();
    let feasible = constraints.iter().all(|c| c.holds) && n > 0;
    CandidateResult { values: Vec::new(), invalid: None, objective: estimate, constraints, feasible, scores }
}

/// The best and the runner-up, compared run by run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Paired {
    /// Mean over runs of best minus runner-up (of the KPI, or of the 0/1 event).
    pub mean_difference: f64,
    /// Its standard error (small: the two share random numbers).
    pub se: f64,
    /// Share of runs in which the best is strictly better.
    pub p_better: f64,
    /// Share of runs in which both score the same.
    pub p_tie: f64,
    /// Runs in which both had a score.
    pub n: usize,
}

/// Compares two candidates' scores run by run; `None` when no run has both.
pub fn paired(objective: &Objective, best: &CandidateResult, other: &CandidateResult) -> Option<Paired> {
    let mut j = 0;
    let mut diffs = Vec::new();
    for &(run, a) in &best.scores {
        while j < other.scores.len() && other.scores[j].0 < run {
            j += 1;
        }
        if let (Some(a), Some(&(r, Some(b)))) = (a, other.scores.get(j)) {
            if r == run {
                diffs.push(a - b);
            }
        }
    }
    if diffs.is_empty() {
        return None;
    }
    let n = diffs.len() as f64;
    let mean = diffs.iter().sum::<f64>() / n;
    let sd =
        if diffs.len() > 1 { (diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt() } else { 0.0 };
    let better = diffs.iter().filter(|&&d| objective.better(d, 0.0)).count();
    let ties = diffs.iter().filter(|&&d| d == 0.0).count();
    Some(Paired {
        mean_difference: mean,
        se: sd / n.sqrt(),
        p_better: better as f64 / n,
        p_tie: ties as f64 / n,
        n: diffs.len(),
    })
}

/// The indices of the best and the runner-up among the feasible candidates with an estimate.
pub fn rank(objective: &Objective, candidates: &[CandidateResult]) -> (Option<usize>, Option<usize>) {
    let ranked: Vec<(usize, f64)> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.feasible)
        .filter_map(|(i, c)| Some((i, c.objective?.estimate)))
        .collect();
    // Negating reverses the total order exactly; ties go to the lower candidate index.
    let keys: Vec<f64> = ranked.iter().map(|&(_, v)| if objective.maximize { -v } else { v }).collect();
    let order = order_by(&keys);
    (order.first().map(|&k| ranked[k].0), order.get(1).map(|&k| ranked[k].0))
}

/// One decision of the grid: what it is, its value in the scenario, the values tried.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Axis {
    pub decision: Decision,
    /// The value in the scenario as given.
    pub base: f64,
    pub values: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Optimization {
    pub scenario: String,
    pub runs: usize,
    pub seed: u64,
    pub decisions: Vec<Axis>,
    pub objective: Objective,
    pub constraints: Vec<Constraint>,
    /// Grid order: the first decision's values slowest.
    pub candidates: Vec<CandidateResult>,
    /// Index into `candidates`; `None` when no candidate is feasible.
    pub best: Option<usize>,
    pub runner_up: Option<usize>,
    /// Best against runner-up on paired runs.
    pub paired: Option<Paired>,
}

impl Optimization {
    pub fn best(&self) -> Option<&CandidateResult> {
        self.best.map(|i| &self.candidates[i])
    }

    /// The `livesim-optimize/1` JSON form.
    pub fn report(&self) -> Report<'_> {
        Report(self)
    }
}

/// [`Optimization`] with its schema, as `livesim-optimize/1`.
pub struct Report<'a>(&'a Optimization);

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let o = self.0;
        let mut map = serializer.serialize_map(Some(11))?;
        map.serialize_entry("schema", OPTIMIZE_SCHEMA)?;
        map.serialize_entry("scenario", &o.scenario)?;
        map.serialize_entry("runs", &o.runs)?;
        map.serialize_entry("seed", &o.seed)?;
        map.serialize_entry("decisions", &o.decisions)?;
        map.serialize_entry("objective", &o.objective)?;
        map.serialize_entry("constraints", &o.constraints)?;
        map.serialize_entry("best", &o.best)?;
        map.serialize_entry("runner_up", &o.runner_up)?;
        map.serialize_entry("paired", &o.paired)?;
        map.serialize_entry("candidates", &o.candidates)?;
        map.end()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum OptimizeError {
    /// Not 1 or 2 decisions.
    Decisions(usize),
    /// The same decision twice.
    Repeated(String),
    /// A decision the scenario does not have.
    Decision(DecisionError),
    Range(String, RangeError),
    /// More grid points than [`MAX_CANDIDATES`].
    TooManyCandidates(usize),
}

impl std::fmt::Display for OptimizeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OptimizeError::Decisions(n) => write!(f, "optimize takes 1 to {MAX_DECISIONS} decisions, got {n}"),
            OptimizeError::Repeated(d) => write!(f, "{d} is given twice"),
            OptimizeError::Decision(e) => write!(f, "{e}"),
            OptimizeError::Range(d, e) => write!(f, "{d}: {e}"),
            OptimizeError::TooManyCandidates(n) => {
                write!(f, "the grid has {n} candidates; at most {MAX_CANDIDATES}: use larger steps")
            }
        }
    }
}

impl std::error::Error for OptimizeError {}

/// The grid's axes, checked against the scenario.
pub fn axes(scenario: &Scenario, decisions: &[(Decision, Values)]) -> Result<Vec<Axis>, OptimizeError> {
    if !(1..=MAX_DECISIONS).contains(&decisions.len()) {
        return Err(OptimizeError::Decisions(decisions.len()));
    }
    if decisions.len() == 2 && decisions[0].0 == decisions[1].0 {
        return Err(OptimizeError::Repeated(decisions[0].0.to_string()));
    }
    let axes = decisions
        .iter()
        .map(|(d, r)| {
            let base = d.resolve(scenario).map_err(OptimizeError::Decision)?;
            let values = r.values().map_err(|e| OptimizeError::Range(d.to_string(), e))?;
            Ok(Axis { decision: d.clone(), base, values })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let total: usize = axes.iter().map(|a| a.values.len()).product();
    if total > MAX_CANDIDATES {
        return Err(OptimizeError::TooManyCandidates(total));
    }
    Ok(axes)
}

/// The grid's points in order (first axis slowest).
pub fn grid(axes: &[Axis]) -> Vec<Vec<f64>> {
    axes.iter().fold(vec![Vec::new()], |points, axis| {
        points.iter().flat_map(|p| axis.values.iter().map(move |&v| [&p[..], &[v]].concat())).collect()
    })
}

/// The candidate scenario at `values`, checked: its plan, or the message of why it is invalid.
pub fn candidate_plan(scenario: &Scenario, axes: &[Axis], values: &[f64]) -> Result<Plan, String> {
    let mut s = scenario.clone();
    for (axis, &v) in axes.iter().zip(values) {
        s = axis.decision.apply(&s, v).map_err(|e| e.to_string())?;
    }
    check(&s).map_err(|errors| errors.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
}

/// At most this many run records (without their minutes) are held at once:
/// candidates are simulated in groups of `RECORDS_HELD / runs` (1 to 64).
const RECORDS_HELD: u64 = 200_000;

/// Optimises `decisions` over their grid: every candidate run over `runs` under `seed`
/// (on `threads` threads, which never change the result). Candidates go in
/// groups that share each run's opening minutes ([`simulate_plans_parallel`]).
pub fn optimize(
    scenario: &Scenario,
    decisions: &[(Decision, Values)],
    objective: Objective,
    constraints: &[Constraint],
    seed: u64,
    runs: Range<u64>,
    threads: usize,
) -> Result<Optimization, OptimizeError> {
    let axes = axes(scenario, decisions)?;
    let n_runs = runs.end.saturating_sub(runs.start);
    let group = (RECORDS_HELD / n_runs.max(1)).clamp(1, 64) as usize;
    let mut candidates: Vec<CandidateResult> = Vec::new();
    for points in grid(&axes).chunks(group) {
        let plans: Vec<Result<Plan, String>> = points.iter().map(|v| candidate_plan(scenario, &axes, v)).collect();
        let valid: Vec<&Plan> = plans.iter().filter_map(|p| p.as_ref().ok()).collect();
        let mut records = simulate_plans_parallel(&valid, seed, runs.clone(), threads, false).into_iter();
        for (values, plan) in points.iter().zip(plans) {
            let result = match plan {
                Ok(_) => {
                    // One list of records per valid plan, in order.
                    let records = records.next().unwrap_or_default();
                    CandidateResult { values: values.clone(), ..evaluate_candidate(&objective, constraints, &records) }
                }
                Err(message) => CandidateResult::invalid(values.clone(), message),
            };
            candidates.push(result);
        }
        // Keep per-run scores only for the two that may be compared at the end.
        let (best, runner) = rank(&objective, &candidates);
        for (i, c) in candidates.iter_mut().enumerate() {
            if Some(i) != best && Some(i) != runner && !c.scores.is_empty() {
                c.scores = Vec::new();
            }
        }
    }
    Ok(assemble(scenario.name.clone(), seed, n_runs as usize, axes, objective, constraints, candidates))
}

/// The optimisation from candidates already scored (e.g. by the app's workers);
/// the best and the runner-up must still carry their per-run scores for [`Paired`].
pub fn assemble(
    scenario: String,
    seed: u64,
    runs: usize,
    decisions: Vec<Axis>,
    objective: Objective,
    constraints: &[Constraint],
    candidates: Vec<CandidateResult>,
) -> Optimization {
    let (best, runner_up) = rank(&objective, &candidates);
    let paired = match (best, runner_up) {
        (Some(b), Some(r)) => paired(&objective, &candidates[b], &candidates[r]),
        _ => None,
    };
    Optimization {
        scenario,
        runs,
        seed,
        decisions,
        objective,
        constraints: constraints.to_vec(),
        candidates,
        best,
        runner_up,
        paired,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_hand_computation() {
        // 8 of 10, z = 1.64485, z^2 / n = 0.270554: centre (0.8 + 0.135277) / 1.270554 = 0.736117,
        // half 1.64485 sqrt(0.016 + 0.0067639) / 1.270554 = 0.195325.
        let (lo, hi) = wilson90(8, 10).unwrap();
        assert!((lo - 0.540_792).abs() < 1e-5 && (hi - 0.931_442).abs() < 1e-5, "{lo} {hi}");
        assert_eq!(wilson90(0, 0), None);
        let (lo, hi) = wilson90(0, 50).unwrap();
        assert!(lo == 0.0 && hi > 0.0 && hi < 0.06);
    }

    #[test]
    fn median_ranks_cover_ninety_percent() {
        assert_eq!(median_ranks90(4), None);
        // n = 5: P(B <= 0) = 1/32 = 0.031, P(B <= 1) = 6/32 = 0.19: ranks 1 and 5.
        assert_eq!(median_ranks90(5), Some((1, 5)));
        // n = 20: P(B <= 5) = 0.0207, P(B <= 6) = 0.0577: l = 6, u = 15.
        assert_eq!(median_ranks90(20), Some((6, 15)));
        // Large n: about n/2 - 0.8224 sqrt(n) (normal approximation); n = 10,000: ~4917.8.
        let (l, u) = median_ranks90(10_000).unwrap();
        assert!((4915..=4920).contains(&l) && u == 10_001 - l, "{l}");
    }

    #[test]
    fn objectives_and_constraints_parse() {
        let targets = [(Kpi::Revenue, 60000.0)];
        assert_eq!(Measure::parse("mean:contribution", &[]), Ok(Measure::Mean(Kpi::Contribution)));
        assert_eq!(
            Measure::parse("p:revenue", &targets),
            Ok(Measure::Probability(Event { kpi: Kpi::Revenue, cmp: Cmp::Ge, threshold: 60000.0 }))
        );
        assert_eq!(
            Measure::parse("p:cac<1.5e2", &[]),
            Ok(Measure::Probability(Event { kpi: Kpi::Cac, cmp: Cmp::Lt, threshold: 150.0 }))
        );
        assert_eq!(
            Measure::parse("p:cac", &[]),
            Err("the scenario has no target on cac: give one (cac<=VALUE)".into())
        );
        assert_eq!(
            Measure::parse("max:revenue", &[]).unwrap_err(),
            "`max:revenue` is not an objective: expected mean:KPI, median:KPI or p:KPI>=VALUE"
        );
        assert_eq!(Measure::parse("mean:profit", &[]).unwrap_err(), "`profit` is not a KPI of the model");
        let c = Constraint::parse("p:stockout_lost>0<=0.10").unwrap();
        assert_eq!(
            c,
            Constraint {
                event: Event { kpi: Kpi::StockoutLost, cmp: Cmp::Gt, threshold: 0.0 },
                bound: Cmp::Le,
                probability: 0.1
            }
        );
        assert_eq!(c.to_string(), "p:stockout_lost>0<=0.1");
        let c = Constraint::parse("p:contribution<-500>=0.0").unwrap();
        assert_eq!((c.event.threshold, c.bound, c.probability), (-500.0, Cmp::Ge, 0.0));
        assert!(Constraint::parse("p:contribution<0<=1.5").unwrap_err().contains("between 0 and 1"));
        assert!(Constraint::parse("p:contribution<0").is_err());
    }
}
