//! The summary over runs (`livesim-summary/1`): statistics per output, bands per minute, target odds.
//!
//! Statistics are computed over runs sorted by run index, so the summary of
//! runs `0..N` is bit-for-bit the same however the runs were chunked.
//! Conventions: `sd` is the sample standard deviation (n - 1; 0 for one
//! run); percentiles interpolate linearly between order statistics (the
//! "type 7" rule of R and NumPy's default). A value absent from a run (a
//! ratio over zero) is left out of that output's statistics; `n` says how
//! many runs had it, and an output absent from every run is `null`.

use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::montecarlo::RunRecord;
use super::order::{in_run_order, sort_floats};
use super::outputs::{Kpi, Series};
use super::plan::{CHANNELS, Plan};

pub const SUMMARY_SCHEMA: &str = "livesim-summary/1";

/// The per-minute bands are taken over the first this many runs (by index):
/// ten thousand runs pin a p10 or p90 down to well under a pixel of a chart,
/// and it bounds the memory of a 100,000-run job in a browser tab.
pub const SERIES_RUNS: u64 = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub mean: f64,
    pub sd: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    /// Runs in which the value was present.
    pub n: usize,
}

impl Stats {
    /// Statistics of the present values; `None` when there are none.
    pub fn of(values: impl IntoIterator<Item = Option<f64>>) -> Option<Stats> {
        let mut xs: Vec<f64> = values.into_iter().flatten().filter(|v| v.is_finite()).collect();
        if xs.is_empty() {
            return None;
        }
        let n = xs.len();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let sd = if n > 1 { (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt() } else { 0.0 };
        sort_floats(&mut xs);
        Some(Stats { mean, sd, p5: quantile(&xs, 0.05), p50: quantile(&xs, 0.50), p95: quantile(&xs, 0.95), n })
    }
}

/// Type-7 quantile of sorted, non-empty `xs`.
pub fn quantile(xs: &[f64], q: f64) -> f64 {
    let h = (xs.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(xs.len() - 1);
    xs[lo] + (h - lo as f64) * (xs[hi] - xs[lo])
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemSummary {
    pub orders: Option<Stats>,
    pub revenue: Option<Stats>,
    pub intents: Option<Stats>,
    pub abandoned: Option<Stats>,
    pub exposure: Option<Stats>,
    /// Over the runs in which the item sold out.
    pub sellout_min: Option<Stats>,
    /// Share of runs in which the item sold out (an extension of the model's outputs).
    pub sellout_share: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelSummary {
    pub arrivals: Option<Stats>,
    pub buyers: Option<Stats>,
    pub revenue: Option<Stats>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub p10: Vec<f64>,
    pub p50: Vec<f64>,
    pub p90: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub runs: usize,
    pub seed: u64,
    pub kpis: Vec<(Kpi, Option<Stats>)>,
    pub items: Vec<(String, ItemSummary)>,
    pub channels: Vec<(&'static str, ChannelSummary)>,
    pub series: Vec<(Series, Band)>,
    pub targets: Vec<(Kpi, f64)>,
}

impl Summary {
    pub fn kpi(&self, kpi: Kpi) -> Option<&Stats> {
        self.kpis.iter().find(|(k, _)| *k == kpi).and_then(|(_, s)| s.as_ref())
    }

    pub fn band(&self, series: Series) -> &Band {
        &self.series.iter().find(|(s, _)| *s == series).expect("every series is summarised").1
    }
}

/// Summarises `records` (any order; each run index once) of runs of `plan` under `seed`.
pub fn summarize(plan: &Plan, seed: u64, records: &[RunRecord]) -> Summary {
    let order = in_run_order(records);
    let runs = order.len();

    let kpis = Kpi::ALL.iter().map(|&k| (k, Stats::of(order.iter().map(|r| r.outputs.kpis.get(k))))).collect();

    let items = plan
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let it = |f: &dyn Fn(&super::outputs::ItemOutputs) -> Option<f64>| {
                Stats::of(order.iter().map(|r| f(&r.outputs.items[i])))
            };
            let sold_out = order.iter().filter(|r| r.outputs.items[i].sellout_min.is_some()).count();
            let summary = ItemSummary {
                orders: it(&|o| Some(o.orders as f64)),
                revenue: it(&|o| Some(o.revenue)),
                intents: it(&|o| Some(o.intents as f64)),
                abandoned: it(&|o| Some(o.abandoned as f64)),
                exposure: it(&|o| Some(o.exposure as f64)),
                sellout_min: it(&|o| o.sellout_min.map(f64::from)),
                sellout_share: if runs > 0 { sold_out as f64 / runs as f64 } else { 0.0 },
            };
            (item.id.clone(), summary)
        })
        .collect();

    let channels = CHANNELS
        .iter()
        .enumerate()
        .map(|(c, &name)| {
            let ch = |f: &dyn Fn(&super::outputs::ChannelOutputs) -> f64| {
                Stats::of(order.iter().map(|r| Some(f(&r.outputs.channels[c]))))
            };
            (
                name,
                ChannelSummary {
                    arrivals: ch(&|o| o.arrivals as f64),
                    buyers: ch(&|o| o.buyers as f64),
                    revenue: ch(&|o| o.revenue),
                },
            )
        })
        .collect();

    let minutes = plan.duration as usize;
    let series = Series::ALL
        .iter()
        .map(|&s| {
            let mut band = Band {
                p10: Vec::with_capacity(minutes),
                p50: Vec::with_capacity(minutes),
                p90: Vec::with_capacity(minutes),
            };
            let mut column = Vec::with_capacity(runs);
            for t in 0..minutes {
                column.clear();
                column.extend(
                    order
                        .iter()
                        .filter(|r| r.run < SERIES_RUNS)
                        .filter_map(|r| r.outputs.minutes.get(t))
                        .map(|m| m.value(s)),
                );
                sort_floats(&mut column);
                let q = |p: f64| if column.is_empty() { 0.0 } else { quantile(&column, p) };
                band.p10.push(q(0.10));
                band.p50.push(q(0.50));
                band.p90.push(q(0.90));
            }
            (s, band)
        })
        .collect();

    let targets = plan
        .targets
        .iter()
        .map(|t| {
            let met = order.iter().filter(|r| t.met_by(r.outputs.kpis.get(t.kpi))).count();
            (t.kpi, if runs > 0 { met as f64 / runs as f64 } else { 0.0 })
        })
        .collect();

    Summary { runs, seed, kpis, items, channels, series, targets }
}

/// Writes a list of `(name, value)` pairs as a JSON object, in list order.
struct Ordered<'a, K, V>(&'a [(K, V)], fn(&K) -> &str);

impl<K, V: Serialize> Serialize for Ordered<'_, K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry((self.1)(k), v)?;
        }
        map.end()
    }
}

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(8))?;
        map.serialize_entry("schema", SUMMARY_SCHEMA)?;
        map.serialize_entry("runs", &self.runs)?;
        map.serialize_entry("seed", &self.seed)?;
        map.serialize_entry("kpis", &Ordered(&self.kpis, |k| k.name()))?;
        map.serialize_entry("items", &Ordered(&self.items, |k| k.as_str()))?;
        map.serialize_entry("channels", &Ordered(&self.channels, |k| k))?;
        map.serialize_entry("series", &Ordered(&self.series, |s| s.name()))?;
        map.serialize_entry("targets", &Ordered(&self.targets, |k| k.name()))?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_type_7() {
        // R: quantile(c(1, 2, 3, 4, 10), c(.05, .5, .95, 1)) gives 1.2 3 8.8 10.
        let xs = [1.0, 2.0, 3.0, 4.0, 10.0];
        for (q, want) in [(0.05, 1.2), (0.5, 3.0), (0.95, 8.8), (1.0, 10.0), (0.0, 1.0)] {
            assert!((quantile(&xs, q) - want).abs() < 1e-12, "q = {q}");
        }
        assert_eq!(quantile(&[7.0], 0.95), 7.0);
    }

    #[test]
    fn stats_skip_absent_values_and_use_the_sample_sd() {
        let values = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0].map(Some);
        let stats = Stats::of(values.into_iter().chain([None, None])).unwrap();
        assert_eq!(stats.n, 8);
        assert_eq!(stats.mean, 5.0);
        assert!((stats.sd - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert_eq!(Stats::of([None, None]), None);
        assert_eq!(Stats::of([Some(3.0)]).map(|s| (s.sd, s.p5, s.p95)), Some((0.0, 3.0, 3.0)));
    }
}
