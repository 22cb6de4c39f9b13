//! Comparing scenarios on paired runs (`livesim-compare/1`): a base and up to three variants.
//!
//! Runs use common random numbers: run `i` of every scenario draws from the
//! streams keyed by `(seed, i)`, so the difference `variant - base` is taken
//! run by run, and the noise the two share cancels out of it. For every KPI
//! the comparison gives each scenario's [`Stats`] and, for each variant, the
//! statistics of the paired difference over the runs in which both values are
//! present, with the share of those runs in which the variant is strictly
//! better (`p_better`) and the share of exact ties (`p_tie`); the variant is
//! worse in the rest. "Better" is higher, except for the KPIs whose targets
//! are met at or below the value ([`Kpi::lower_is_better`]).
//!
//! Everything is computed over runs sorted by run index, so the result is
//! bit-for-bit the same however the runs were chunked or threaded.

use std::ops::Range;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::montecarlo::{RunRecord, simulate_parallel};
use super::order::in_run_order;
use super::outputs::{Kpi, Kpis, Series};
use super::plan::Plan;
use super::summary::{Band, Stats, Summary, summarize};

pub const COMPARE_SCHEMA: &str = "livesim-compare/1";

/// At most this many variants besides the base.
pub const MAX_VARIANTS: usize = 3;

/// The per-minute series whose bands a comparison reports, per scenario.
pub const COMPARE_SERIES: [Series; 2] = [Series::Viewers, Series::Orders];

/// The paired difference `variant - base` of one KPI.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// 1 for the first variant (the base is scenario 0).
    pub variant: usize,
    pub mean: f64,
    pub sd: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    /// Runs in which both values were present.
    pub n: usize,
    /// Share of those runs in which the variant is strictly better than the base.
    pub p_better: f64,
    /// Share of those runs in which both are exactly equal.
    pub p_tie: f64,
}

impl Difference {
    /// The difference of paired values `(base, variant)`, in run order; `None` when no pair has both.
    pub fn of(kpi: Kpi, variant: usize, pairs: impl IntoIterator<Item = (Option<f64>, Option<f64>)>) -> Option<Self> {
        let diffs: Vec<f64> = pairs.into_iter().filter_map(|(b, v)| Some(v? - b?)).filter(|d| d.is_finite()).collect();
        let stats = Stats::of(diffs.iter().copied().map(Some))?;
        let n = diffs.len() as f64;
        let better = diffs.iter().filter(|&&d| if kpi.lower_is_better() { d < 0.0 } else { d > 0.0 }).count();
        let ties = diffs.iter().filter(|&&d| d == 0.0).count();
        Some(Difference {
            variant,
            mean: stats.mean,
            sd: stats.sd,
            p5: stats.p5,
            p50: stats.p50,
            p95: stats.p95,
            n: stats.n,
            p_better: better as f64 / n,
            p_tie: ties as f64 / n,
        })
    }
}

/// One KPI across the scenarios.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KpiComparison {
    /// Per scenario, base first; `None` when the KPI is absent in every run of it.
    pub scenarios: Vec<Option<Stats>>,
    /// Per variant (`differences[i]` is variant `i + 1`); `None` when no run has both values.
    pub differences: Vec<Option<Difference>>,
}

/// Who a scenario is: its name, and (set by the caller) where it came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenarioLabel {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub runs: usize,
    pub seed: u64,
    /// Base first, then the variants.
    pub scenarios: Vec<ScenarioLabel>,
    /// One summary per scenario (its bands give the per-minute series).
    pub summaries: Vec<Summary>,
    /// In [`Kpi::ALL`] order.
    pub kpis: Vec<(Kpi, KpiComparison)>,
}

impl Comparison {
    pub fn kpi(&self, kpi: Kpi) -> &KpiComparison {
        &self.kpis.iter().find(|(k, _)| *k == kpi).expect("every KPI is compared").1
    }

    /// The difference of `kpi` for variant `variant` (1-based).
    pub fn difference(&self, kpi: Kpi, variant: usize) -> Option<&Difference> {
        self.kpi(kpi).differences.get(variant.checked_sub(1)?)?.as_ref()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompareError {
    /// Not between 1 and [`MAX_VARIANTS`] variants.
    Variants(usize),
    /// The scenarios were not run over the same run indices.
    RunsDiffer,
}

impl std::fmt::Display for CompareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompareError::Variants(n) => write!(f, "compare takes 1 to {MAX_VARIANTS} variants, got {n}"),
            CompareError::RunsDiffer => f.write_str("the scenarios were not run over the same runs"),
        }
    }
}

impl std::error::Error for CompareError {}

/// One scenario reduced to what a comparison needs: its summary and its KPIs by run index.
struct Reduced {
    summary: Summary,
    kpis: Vec<(u64, Kpis)>,
}

fn reduce(plan: &Plan, seed: u64, records: &[RunRecord]) -> Reduced {
    let summary = summarize(plan, seed, records);
    let kpis: Vec<(u64, Kpis)> = in_run_order(records).iter().map(|r| (r.run, r.outputs.kpis.clone())).collect();
    Reduced { summary, kpis }
}

/// Runs `base` and every variant over `runs` under `seed` (on `threads` threads, which
/// never change the result) and compares them. One scenario's runs are held at a time.
pub fn compare(
    base: &Plan,
    variants: &[Plan],
    seed: u64,
    runs: Range<u64>,
    threads: usize,
) -> Result<Comparison, CompareError> {
    check_count(variants.len())?;
    let reduced = std::iter::once(base)
        .chain(variants)
        .map(|plan| reduce(plan, seed, &simulate_parallel(plan, seed, runs.clone(), threads)))
        .collect();
    assemble(std::iter::once(base).chain(variants), seed, reduced)
}

/// Compares runs already simulated: `records[i]` are the runs of `plans[i]` under `seed`
/// (any order, each run index once, the same indices for every plan); `plans[0]` is the base.
pub fn compare_records(plans: &[&Plan], seed: u64, records: &[Vec<RunRecord>]) -> Result<Comparison, CompareError> {
    check_count(plans.len().saturating_sub(1))?;
    if records.len() != plans.len() {
        return Err(CompareError::RunsDiffer);
    }
    let reduced = plans.iter().zip(records).map(|(plan, records)| reduce(plan, seed, records)).collect();
    assemble(plans.iter().copied(), seed, reduced)
}

fn check_count(variants: usize) -> Result<(), CompareError> {
    if (1..=MAX_VARIANTS).contains(&variants) { Ok(()) } else { Err(CompareError::Variants(variants)) }
}

fn assemble<'a>(
    plans: impl Iterator<Item = &'a Plan>,
    seed: u64,
    reduced: Vec<Reduced>,
) -> Result<Comparison, CompareError> {
    let base = &reduced[0];
    let same_runs =
        |r: &Reduced| r.kpis.len() == base.kpis.len() && r.kpis.iter().zip(&base.kpis).all(|(a, b)| a.0 == b.0);
    if !reduced.iter().all(same_runs) {
        return Err(CompareError::RunsDiffer);
    }
    let kpis = Kpi::ALL
        .iter()
        .map(|&k| {
            let scenarios = reduced.iter().map(|r| r.summary.kpi(k).copied()).collect();
            let differences = reduced[1..]
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let pairs = base.kpis.iter().zip(&v.kpis).map(|((_, b), (_, v))| (b.get(k), v.get(k)));
                    Difference::of(k, i + 1, pairs)
                })
                .collect();
            (k, KpiComparison { scenarios, differences })
        })
        .collect();
    Ok(Comparison {
        runs: base.kpis.len(),
        seed,
        scenarios: plans.map(|p| ScenarioLabel { file: None, name: p.name.clone() }).collect(),
        summaries: reduced.into_iter().map(|r| r.summary).collect(),
        kpis,
    })
}

/// A KPI is `null` when it is absent in every run of every scenario.
struct KpisJson<'a>(&'a [(Kpi, KpiComparison)]);

impl Serialize for KpisJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, c) in self.0 {
            let present = c.scenarios.iter().any(Option::is_some);
            map.serialize_entry(k.name(), &present.then_some(c))?;
        }
        map.end()
    }
}

struct SeriesJson<'a>(&'a [Summary]);

impl Serialize for SeriesJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(COMPARE_SERIES.len()))?;
        for s in COMPARE_SERIES {
            let bands: Vec<&Band> = self.0.iter().map(|summary| summary.band(s)).collect();
            map.serialize_entry(s.name(), &bands)?;
        }
        map.end()
    }
}

impl Serialize for Comparison {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("schema", COMPARE_SCHEMA)?;
        map.serialize_entry("runs", &self.runs)?;
        map.serialize_entry("seed", &self.seed)?;
        map.serialize_entry("scenarios", &self.scenarios)?;
        map.serialize_entry("kpis", &KpisJson(&self.kpis))?;
        map.serialize_entry("series", &SeriesJson(&self.summaries))?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::summary::quantile;

    #[test]
    fn differences_pair_present_values_and_count_better_and_ties() {
        let pairs = [
            (Some(1.0), Some(2.0)),
            (Some(3.0), Some(3.0)),
            (None, Some(1.0)),
            (Some(5.0), Some(4.0)),
            (Some(2.0), None),
        ];
        let up = Difference::of(Kpi::Revenue, 1, pairs).unwrap();
        assert_eq!((up.n, up.mean, up.p_better, up.p_tie), (3, 0.0, 1.0 / 3.0, 1.0 / 3.0));
        assert_eq!(
            (up.p5, up.p50, up.p95),
            (quantile(&[-1.0, 0.0, 1.0], 0.05), 0.0, quantile(&[-1.0, 0.0, 1.0], 0.95))
        );
        // Lower is better for CAC: the run where the variant is lower counts.
        let pairs = [(Some(1.0), Some(2.0)), (Some(5.0), Some(4.0)), (Some(5.0), Some(3.0))];
        let cac = Difference::of(Kpi::Cac, 2, pairs).unwrap();
        assert_eq!((cac.variant, cac.p_better, cac.p_tie), (2, 2.0 / 3.0, 0.0));
        assert_eq!(Difference::of(Kpi::Cac, 1, [(None, Some(1.0)), (Some(1.0), None)]), None);
    }
}
