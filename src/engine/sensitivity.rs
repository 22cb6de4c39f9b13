//! Sensitivity (a tornado): which uncertain inputs drive a KPI's spread across runs.
//!
//! For one KPI, every uncertain input of the plan gets
//!
//! - its **Spearman rank correlation** with the KPI over the runs: the Pearson
//!   correlation of the ranks, tied values sharing their average rank. An input
//!   or a KPI whose ranks do not vary (all values equal) correlates 0, never NaN;
//! - its **swing**: the KPI's mean over the runs in which the input is in its
//!   highest decile minus its mean over the runs in its lowest decile.
//!
//! Deciles are taken by the input's rank: the lowest holds exactly `n / 10`
//! rank positions (fractional when `n` is not a multiple of 10), the highest
//! the last `n / 10`. A group of tied input values occupies a block of rank
//! positions; when that block straddles a decile's boundary, each run of the
//! group counts with weight (positions of the block inside the decile) / (size
//! of the group). So no tie is broken arbitrarily, the result does not depend
//! on the order of runs, and an input that never varies has a swing of 0.
//!
//! Runs in which the KPI is absent (a ratio over zero) are left out, for every
//! input; `n` says how many runs were used. Records are sorted by run index
//! before anything is added up, so the result is bit-for-bit the same however
//! the runs were split or ordered.
//!
//! One-at-a-time swings of decisions (a discount's points, a flash sale's
//! start) are a different measure: two re-runs of the scenario, with the
//! decision moved down and up by a delta, over the same run indices and seed
//! as the base runs (common random numbers), so the swing is the decision's
//! effect and little else. [`decision_swings`] gives, for each, the KPI's mean
//! and median at the low, base and high value; they sit beside `inputs` in the
//! JSON as `decisions` (only when some were asked for), largest swing first.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use std::ops::Range;

use super::decision::{Decision, DecisionError};
use super::montecarlo::{RunRecord, simulate_parallel};
use super::order::{in_run_order, order_by, sort_floats};
use super::outputs::Kpi;
use super::plan::Plan;
use super::scenario::Scenario;
use super::summary::quantile;
use super::validate::check;

pub const SENSITIVITY_SCHEMA: &str = "livesim-sensitivity/1";

/// The KPI's mean at the low and the high end of something that moves it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Swing {
    /// `None` when no run had the KPI.
    pub low_mean: Option<f64>,
    pub high_mean: Option<f64>,
}

impl Swing {
    /// `high_mean - low_mean`.
    pub fn swing(&self) -> Option<f64> {
        Some(self.high_mean? - self.low_mean?)
    }
}

/// How one uncertain input moves the KPI.
#[derive(Clone, Debug, PartialEq)]
pub struct InputSensitivity {
    /// The input's JSON path, e.g. `audience.direct.show_up_rate`.
    pub path: String,
    /// Spearman rank correlation with the KPI, in `[-1, 1]`.
    pub spearman: f64,
    /// Lowest decile of the input (`low_mean`) against its highest (`high_mean`).
    pub swing: Swing,
}

/// The sensitivity of one KPI to the plan's uncertain inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Sensitivity {
    pub kpi: Kpi,
    /// Records given.
    pub runs: usize,
    /// Runs in which the KPI was present (the ones used).
    pub n: usize,
    /// Sorted by `|spearman|`, largest first; ties by path.
    pub inputs: Vec<InputSensitivity>,
}

/// Ranks every uncertain input of `plan` by how much it drives `kpi` over
/// `records` (runs of `plan`, any order, each run index once).
pub fn sensitivity(plan: &Plan, records: &[RunRecord], kpi: Kpi) -> Sensitivity {
    let order = in_run_order(records);
    let used: Vec<(&[f64], f64)> = order
        .iter()
        .filter_map(|r| r.outputs.kpis.get(kpi).filter(|v| v.is_finite()).map(|v| (&r.inputs[..], v)))
        .collect();
    rank_inputs(plan, kpi, records.len(), &used)
}

/// What drives the *difference* a variant makes: ranks the uncertain inputs of
/// `base` by how much they drive `variant - base` of `kpi`, run by run, over
/// the runs in which both have the KPI (common random numbers: run `i` of both
/// drew the same random numbers). The inputs are the base's draws; a variant
/// with the same uncertain inputs drew the very same values. `runs` counts the
/// base's records, `n` the pairs used.
pub fn sensitivity_of_difference(
    base: &Plan,
    base_records: &[RunRecord],
    variant_records: &[RunRecord],
    kpi: Kpi,
) -> Sensitivity {
    let variant = in_run_order(variant_records);
    let order = in_run_order(base_records);
    let used: Vec<(&[f64], f64)> = order
        .iter()
        .filter_map(|b| {
            let v = variant.binary_search_by_key(&b.run, |r| r.run).ok().map(|i| variant[i])?;
            let d = v.outputs.kpis.get(kpi)? - b.outputs.kpis.get(kpi)?;
            d.is_finite().then_some((&b.inputs[..], d))
        })
        .collect();
    rank_inputs(base, kpi, base_records.len(), &used)
}

/// Spearman and decile swing of every input against `y`, over `(inputs, y)` in run order.
fn rank_inputs(plan: &Plan, kpi: Kpi, runs: usize, used: &[(&[f64], f64)]) -> Sensitivity {
    let ys: Vec<f64> = used.iter().map(|&(_, y)| y).collect();
    let y_ranks = average_ranks(&ys);
    let mut inputs: Vec<InputSensitivity> = plan
        .uncertain
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let xs: Vec<f64> = used.iter().map(|(x, _)| x[i]).collect();
            InputSensitivity {
                path: input.path.clone(),
                spearman: pearson(&average_ranks(&xs), &y_ranks),
                swing: decile_swing(&xs, &ys),
            }
        })
        .collect();
    inputs.sort_unstable_by(|a, b| b.spearman.abs().total_cmp(&a.spearman.abs()).then_with(|| a.path.cmp(&b.path)));
    Sensitivity { kpi, runs, n: used.len(), inputs }
}

/// Spearman rank correlation of paired samples (average ranks for ties; 0 when
/// either side has no spread or there are no pairs).
pub fn spearman(xs: &[f64], ys: &[f64]) -> f64 {
    pearson(&average_ranks(xs), &average_ranks(ys))
}

/// 1-based ranks of `xs`, tied values sharing the average of their positions.
pub fn average_ranks(xs: &[f64]) -> Vec<f64> {
    let mut ranks = vec![0.0; xs.len()];
    for (start, group) in tie_groups(xs) {
        // Positions start+1 ..= start+len, averaged.
        let rank = start as f64 + (group.len() as f64 + 1.0) / 2.0;
        for &j in &group {
            ranks[j] = rank;
        }
    }
    ranks
}

/// The indices of `xs` in increasing order of value (then of index), cut into
/// groups of equal values, each with the number of values below it.
fn tie_groups(xs: &[f64]) -> Vec<(usize, Vec<usize>)> {
    let idx = order_by(xs);
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for (pos, &j) in idx.iter().enumerate() {
        match groups.last_mut() {
            Some((_, group)) if xs[group[0]] == xs[j] => group.push(j),
            _ => groups.push((pos, vec![j])),
        }
    }
    groups
}

/// Pearson correlation; 0 when either side has zero variance, clamped to `[-1, 1]`.
fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len().min(ys.len());
    if n < 2 {
        return 0.0;
    }
    let mx = xs[..n].iter().sum::<f64>() / n as f64;
    let my = ys[..n].iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs[..n].iter().zip(&ys[..n]) {
        let (dx, dy) = (x - mx, y - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return 0.0;
    }
    (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0)
}

/// The mean of `ys` over the lowest and the highest decile of `xs` by rank,
/// tie groups at a boundary counting fractionally (see the module's comment).
fn decile_swing(xs: &[f64], ys: &[f64]) -> Swing {
    let n = xs.len();
    if n == 0 {
        return Swing { low_mean: None, high_mean: None };
    }
    let k = n as f64 / 10.0;
    let (mut low, mut high) = (0.0, 0.0);
    for (start, group) in tie_groups(xs) {
        let (a, b) = (start as f64, (start + group.len()) as f64);
        let overlap = |lo: f64, hi: f64| (b.min(hi) - a.max(lo)).max(0.0);
        let (in_low, in_high) = (overlap(0.0, k), overlap(n as f64 - k, n as f64));
        if in_low == 0.0 && in_high == 0.0 {
            continue;
        }
        let mean = group.iter().map(|&j| ys[j]).sum::<f64>() / group.len() as f64;
        low += in_low * mean;
        high += in_high * mean;
    }
    Swing { low_mean: Some(low / k), high_mean: Some(high / k) }
}

/// The KPI at one value of a decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Level {
    pub value: f64,
    /// Over the runs in which the KPI is present; `None` when it is absent from all, or the value is invalid.
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Why the scenario with this value cannot be run (the decision's or the validation's message).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid: Option<String>,
}

impl Level {
    /// The KPI's mean and median over `records` (any order).
    pub fn of(value: f64, kpi: Kpi, records: &[RunRecord]) -> Level {
        let order = in_run_order(records);
        let mut xs: Vec<f64> = order.iter().filter_map(|r| r.outputs.kpis.get(kpi)).filter(|v| v.is_finite()).collect();
        let mean = (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64);
        sort_floats(&mut xs);
        let median = (!xs.is_empty()).then(|| quantile(&xs, 0.5));
        Level { value, mean, median, invalid: None }
    }

    pub fn invalid(value: f64, message: String) -> Level {
        Level { value, mean: None, median: None, invalid: Some(message) }
    }
}

/// One decision moved down and up by `delta`, everything else as in the scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionSwing {
    pub decision: Decision,
    pub delta: f64,
    pub low: Level,
    pub base: Level,
    pub high: Level,
    /// `high.mean - low.mean`.
    pub swing: Option<f64>,
}

/// Swings each decision of `decisions` (with its delta) one at a time, over `runs` under
/// `seed` (threads never change the result); `base_records` are the scenario's own runs
/// over the same indices. Largest `|swing|` first, then in the order given; a decision
/// the scenario does not have is an error, a value it cannot take an invalid level.
#[allow(clippy::too_many_arguments)]
pub fn decision_swings(
    scenario: &Scenario,
    base_records: &[RunRecord],
    kpi: Kpi,
    decisions: &[(Decision, f64)],
    seed: u64,
    runs: Range<u64>,
    threads: usize,
) -> Result<Vec<DecisionSwing>, DecisionError> {
    let swings = decisions
        .iter()
        .map(|(d, delta)| {
            let base_value = d.resolve(scenario)?;
            let level = |value: f64| match moved_plan(scenario, d, value) {
                Ok(plan) => Level::of(value, kpi, &simulate_parallel(&plan, seed, runs.clone(), threads)),
                Err(message) => Level::invalid(value, message),
            };
            let (low, high) = (level(base_value - delta), level(base_value + delta));
            let base = Level::of(base_value, kpi, base_records);
            Ok(DecisionSwing::new(d.clone(), *delta, low, base, high))
        })
        .collect::<Result<Vec<_>, DecisionError>>()?;
    Ok(widest_first(swings))
}

/// The plan of `scenario` with `decision` set to `value`, or why that cannot be run.
pub fn moved_plan(scenario: &Scenario, decision: &Decision, value: f64) -> Result<Plan, String> {
    let s = decision.apply(scenario, value).map_err(|e| e.to_string())?;
    check(&s).map_err(|e| e.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
}

impl DecisionSwing {
    pub fn new(decision: Decision, delta: f64, low: Level, base: Level, high: Level) -> DecisionSwing {
        let swing = high.mean.zip(low.mean).map(|(h, l)| h - l);
        DecisionSwing { decision, delta, low, base, high, swing }
    }
}

/// Widest swing first; those without one last; ties in the order given.
pub fn widest_first(swings: Vec<DecisionSwing>) -> Vec<DecisionSwing> {
    let keys: Vec<f64> = swings.iter().map(|s| s.swing.map_or(f64::INFINITY, |x| -x.abs())).collect();
    let mut slots: Vec<Option<DecisionSwing>> = swings.into_iter().map(Some).collect();
    order_by(&keys).into_iter().filter_map(|i| slots[i].take()).collect()
}

impl Sensitivity {
    /// The `livesim-sensitivity/1` JSON form, for runs drawn under `seed`.
    pub fn report(&self, seed: u64) -> Report<'_> {
        Report { sensitivity: self, seed, decisions: &[], versus: None }
    }

    /// The same with decision swings, listed under `decisions` when there are any.
    pub fn report_with<'a>(&'a self, seed: u64, decisions: &'a [DecisionSwing]) -> Report<'a> {
        Report { sensitivity: self, seed, decisions, versus: None }
    }
}

/// [`Sensitivity`] with its seed, serialised as `livesim-sensitivity/1`.
pub struct Report<'a> {
    sensitivity: &'a Sensitivity,
    seed: u64,
    decisions: &'a [DecisionSwing],
    versus: Option<&'a str>,
}

impl<'a> Report<'a> {
    /// A ranking of what drives `variant - scenario` ([`sensitivity_of_difference`]), naming the variant.
    pub fn versus(self, variant: &'a str) -> Self {
        Report { versus: Some(variant), ..self }
    }
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let s = self.sensitivity;
        let extra = usize::from(!self.decisions.is_empty()) + usize::from(self.versus.is_some());
        let mut map = serializer.serialize_map(Some(6 + extra))?;
        map.serialize_entry("schema", SENSITIVITY_SCHEMA)?;
        map.serialize_entry("kpi", s.kpi.name())?;
        if let Some(variant) = self.versus {
            // The KPI explained is `variant - scenario`, run by run.
            map.serialize_entry("versus", variant)?;
        }
        map.serialize_entry("runs", &s.runs)?;
        map.serialize_entry("seed", &self.seed)?;
        map.serialize_entry("n", &s.n)?;
        map.serialize_entry("inputs", &s.inputs)?;
        if !self.decisions.is_empty() {
            map.serialize_entry("decisions", self.decisions)?;
        }
        map.end()
    }
}

impl Serialize for InputSensitivity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("path", &self.path)?;
        map.serialize_entry("spearman", &self.spearman)?;
        map.serialize_entry("swing", &self.swing.swing())?;
        map.serialize_entry("low_mean", &self.swing.low_mean)?;
        map.serialize_entry("high_mean", &self.swing.high_mean)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn perfect_monotone_relations_correlate_one_or_minus_one() {
        let xs: Vec<f64> = (0..50).map(f64::from).collect();
        // Monotone but far from linear: ranks only.
        let up: Vec<f64> = xs.iter().map(|x| x.exp()).collect();
        let down: Vec<f64> = xs.iter().map(|x| -x * x * x).collect();
        assert_eq!(spearman(&xs, &up), 1.0);
        assert_eq!(spearman(&xs, &down), -1.0);
    }

    #[test]
    fn ties_share_their_average_rank() {
        assert_eq!(average_ranks(&[3.0, 1.0, 2.0, 2.0, 5.0, 2.0]), vec![5.0, 1.0, 3.0, 3.0, 6.0, 3.0]);
        // x ranks 1, 2.5, 2.5, 4; y ranks 1, 3, 2, 4; centred (mean 2.5):
        // dx = -1.5, 0, 0, 1.5 and dy = -1.5, 0.5, -0.5, 1.5, so
        // sxy = 4.5, sxx = 4.5, syy = 5 and rho = 4.5 / sqrt(22.5) = sqrt(0.9).
        let rho = spearman(&[1.0, 2.0, 2.0, 3.0], &[10.0, 30.0, 20.0, 40.0]);
        assert!(close(rho, 0.9f64.sqrt()), "{rho}");
        // Ties on both sides: x ranks 1.5, 1.5, 3, 4; y ranks 1, 2.5, 2.5, 4;
        // dx = -1, -1, 0.5, 1.5; dy = -1.5, 0, 0, 1.5: sxy = 3.75, sxx = 4.5, syy = 4.5.
        let rho = spearman(&[1.0, 1.0, 2.0, 3.0], &[5.0, 7.0, 7.0, 9.0]);
        assert!(close(rho, 3.75 / 4.5), "{rho}");
    }

    #[test]
    fn no_spread_means_no_correlation() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(spearman(&xs, &[7.0; 4]), 0.0);
        assert_eq!(spearman(&[7.0; 4], &xs), 0.0);
        assert_eq!(spearman(&[], &[]), 0.0);
        assert_eq!(spearman(&[1.0], &[2.0]), 0.0);
    }

    #[test]
    fn deciles_are_by_rank_and_ties_at_the_boundary_count_fractionally() {
        // Twenty runs: x = 0..20 shuffled, y = 100 x; deciles hold ranks 1-2 and 19-20.
        let xs: Vec<f64> = (0..20).map(|i| f64::from((i * 7) % 20)).collect();
        let ys: Vec<f64> = xs.iter().map(|x| 100.0 * x).collect();
        let s = decile_swing(&xs, &ys);
        assert_eq!((s.low_mean, s.high_mean, s.swing()), (Some(50.0), Some(1850.0), Some(1800.0)));
        // Ten runs (a decile is one position); the two lowest x tie, so each
        // counts half: low mean = (1 + 3) / 2. The highest is alone.
        let xs = [0.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        let ys = [1.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 9.0];
        let s = decile_swing(&xs, &ys);
        assert_eq!((s.low_mean, s.high_mean), (Some(2.0), Some(9.0)));
        // Fifteen runs: a decile is 1.5 positions, so the second lowest counts half.
        let xs: Vec<f64> = (0..15).map(f64::from).collect();
        let s = decile_swing(&xs, &xs);
        assert!(close(s.low_mean.unwrap(), 0.5 / 1.5) && close(s.high_mean.unwrap(), (14.0 + 0.5 * 13.0) / 1.5));
        // A constant input: both deciles see every run equally, so no swing.
        let s = decile_swing(&[4.0; 7], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]);
        assert!(close(s.low_mean.unwrap(), 4.0) && close(s.high_mean.unwrap(), 4.0) && close(s.swing().unwrap(), 0.0));
        assert_eq!(decile_swing(&[], &[]).swing(), None);
    }
}
