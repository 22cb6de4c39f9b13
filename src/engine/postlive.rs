//! Plan versus actual: where a past live falls among the plan's simulated lives, minute by minute and in total.
//!
//! The post-live analysis the Sales Ops loop asks for: per KPI the actual's
//! percentile among the plan's runs; per series the minutes where the actual
//! left the plan's p10-p90 band; items with high exposure and low conversion;
//! the drop-off curve; channels and new versus returning buyers when the file
//! has them. Everything is computed from the plan's run records and summary,
//! so it is the same in the app and the command line.

use serde::Serialize;

use crate::engine::actual::Actual;
use crate::engine::order::sort_floats;
use crate::engine::plan::{CHANNELS, Plan};
use crate::engine::rehearsal::percentile_of;
use crate::engine::session::LivePlan;
use crate::engine::summary::{Summary, quantile};
use crate::engine::{Kpi, RunRecord, Series};

/// The KPIs a per-minute file determines.
pub const MEASURED: [Kpi; 11] = [
    Kpi::UniqueViewers,
    Kpi::PeakViewers,
    Kpi::AvgWatchMin,
    Kpi::ChatMessages,
    Kpi::CartAbandoned,
    Kpi::Orders,
    Kpi::Revenue,
    Kpi::Aov,
    Kpi::Buyers,
    Kpi::BuyersNew,
    Kpi::BuyersReturning,
];

/// The series compared minute by minute.
pub const COMPARED: [Series; 5] = [Series::Viewers, Series::Arrivals, Series::Orders, Series::Revenue, Series::Chat];

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Versus {
    /// Runs of the plan compared with.
    pub runs: usize,
    /// Minutes compared (the shorter of the live and the plan).
    pub minutes: usize,
    pub kpis: Vec<KpiVersus>,
    pub series: Vec<SeriesVersus>,
    pub items: Vec<ItemVersus>,
    pub dropoff: Vec<Dropoff>,
    pub channels: Vec<ChannelVersus>,
    /// The returning buyers' share of buyers, when the file has new and returning buyers.
    pub returning_share: Option<Placed>,
}

/// A value of the live and where it falls among the plan's runs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Placed {
    pub actual: f64,
    pub plan_p10: f64,
    pub plan_p50: f64,
    pub plan_p90: f64,
    /// Mid-rank percentile of the actual among the runs (0 to 1).
    pub percentile: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KpiVersus {
    #[serde(serialize_with = "kpi_name")]
    pub kpi: Kpi,
    pub placed: Placed,
}

fn kpi_name<S: serde::Serializer>(kpi: &Kpi, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kpi.name())
}

fn series_name<S: serde::Serializer>(series: &Series, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(series.name())
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesVersus {
    #[serde(serialize_with = "series_name")]
    pub series: Series,
    /// Share of minutes inside the plan's p10-p90 band (about 0.8 when the plan describes the live).
    pub inside: f64,
    /// Runs of minutes outside the band, each above or below it.
    pub outside: Vec<Outside>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Outside {
    pub from: u32,
    /// The last minute of the run of minutes (inclusive).
    pub to: u32,
    pub above: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemVersus {
    pub id: String,
    pub name: String,
    /// Viewer-minutes while the rundown spotlighted it (the model's exposure).
    pub exposure: u64,
    pub orders: u64,
    /// Orders per 1,000 viewer-minutes of exposure; none without exposure.
    pub per_thousand: Option<f64>,
    /// Exposure at or above the median of the spotlighted items', conversion below theirs.
    pub high_exposure_low_conversion: bool,
    /// The item's orders among the plan's runs.
    pub placed: Placed,
}

/// One minute of the drop-off curve: viewers who left at its end, per viewer present.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Dropoff {
    pub minute: u32,
    pub left: u64,
    pub rate: f64,
    /// The median of the same rate over the plan's runs.
    pub plan_rate: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChannelVersus {
    pub channel: &'static str,
    /// Arrivals by this channel.
    pub placed: Placed,
}

/// Where `actual` falls among `values` (present ones).
fn placed(values: impl IntoIterator<Item = Option<f64>>, actual: f64) -> Option<Placed> {
    let mut v: Vec<f64> = values.into_iter().flatten().filter(|x| x.is_finite()).collect();
    if v.is_empty() || !actual.is_finite() {
        return None;
    }
    sort_floats(&mut v);
    let q = |p: f64| quantile(&v, p);
    Some(Placed {
        actual,
        plan_p10: q(0.1),
        plan_p50: q(0.5),
        plan_p90: q(0.9),
        percentile: percentile_of(&v, actual)?,
    })
}

/// The live's value of `kpi`, when the file determines it.
pub fn actual_kpi(live: &Actual, kpi: Kpi, minutes: usize) -> Option<f64> {
    let m = &live.minutes[..minutes.min(live.minutes.len())];
    let sum = |f: &dyn Fn(&crate::engine::actual::ActualMinute) -> Option<u64>| {
        m.iter().map(f).try_fold(0u64, |acc, v| v.map(|v| acc + v))
    };
    let unique = sum(&|x| Some(x.arrivals))? as f64;
    let orders = sum(&|x| Some(x.orders))? as f64;
    let revenue: f64 = m.iter().map(|x| x.revenue).sum();
    let buyers = || Some(sum(&|x| x.buyers_new)? + sum(&|x| x.buyers_returning)?);
    let ratio = |a: f64, b: f64| (b > 0.0).then(|| a / b);
    match kpi {
        Kpi::UniqueViewers => Some(unique),
        Kpi::PeakViewers => m.iter().map(|x| x.viewers).max().map(|v| v as f64),
        Kpi::AvgWatchMin => ratio(sum(&|x| Some(x.viewers))? as f64, unique),
        Kpi::ChatMessages => Some(sum(&|x| Some(x.chat))? as f64),
        Kpi::CartAbandoned => sum(&|x| x.abandoned).map(|v| v as f64),
        Kpi::Orders => Some(orders),
        Kpi::Revenue => Some(revenue),
        Kpi::Aov => ratio(revenue, orders),
        Kpi::Buyers => buyers().map(|b| b as f64),
        Kpi::BuyersNew => sum(&|x| x.buyers_new).map(|v| v as f64),
        Kpi::BuyersReturning => sum(&|x| x.buyers_returning).map(|v| v as f64),
        _ => None,
    }
}

/// A past live against the plan's runs (`records`, with their minutes for the first runs, and their `summary`).
pub fn versus(plan: &Plan, records: &[RunRecord], summary: &Summary, live: &Actual) -> Versus {
    let minutes = live.minutes.len().min(plan.duration as usize);
    // A plan shorter than the live compares its own minutes; a KPI of the live is then over those minutes only.
    let kpis = MEASURED
        .iter()
        .filter_map(|&kpi| {
            let actual = actual_kpi(live, kpi, minutes)?;
            Some(KpiVersus { kpi, placed: placed(records.iter().map(|r| r.outputs.kpis.get(kpi)), actual)? })
        })
        .collect();

    let series = COMPARED
        .iter()
        .map(|&s| {
            let band = summary.band(s);
            let n = minutes.min(band.p50.len());
            let mut outside: Vec<Outside> = Vec::new();
            let mut inside = 0;
            for t in 0..n {
                let v = minute_value(live, t, s);
                let above = v > band.p90[t];
                if !above && v >= band.p10[t] {
                    inside += 1;
                    continue;
                }
                match outside.last_mut() {
                    Some(o) if o.to + 1 == t as u32 && o.above == above => o.to = t as u32,
                    _ => outside.push(Outside { from: t as u32, to: t as u32, above }),
                }
            }
            SeriesVersus { series: s, inside: if n == 0 { 0.0 } else { inside as f64 / n as f64 }, outside }
        })
        .collect();

    let live_plan = LivePlan::from_plan(plan);
    let items: Vec<(usize, u64, u64)> = live
        .items
        .iter()
        .filter_map(|series| {
            let i = plan.item_index(&series.id)?;
            let exposure = (0..minutes)
                .filter(|&t| live_plan.content_at(t as u32).1 == Some(i))
                .map(|t| live.minutes[t].viewers)
                .sum();
            Some((i, exposure, series.orders[..minutes.min(series.orders.len())].iter().sum()))
        })
        .collect();
    let rate =
        |&(_, exposure, orders): &(usize, u64, u64)| (exposure > 0).then(|| orders as f64 * 1000.0 / exposure as f64);
    let median = |mut v: Vec<f64>| {
        sort_floats(&mut v);
        (!v.is_empty()).then(|| quantile(&v, 0.5))
    };
    let exposed: Vec<&(usize, u64, u64)> = items.iter().filter(|x| x.1 > 0).collect();
    let median_exposure = median(exposed.iter().map(|x| x.1 as f64).collect());
    let median_rate = median(exposed.iter().filter_map(|x| rate(x)).collect());
    let items = items
        .iter()
        .filter_map(|x @ &(i, exposure, orders)| {
            let per_thousand = rate(x);
            let flag = match (median_exposure, median_rate, per_thousand) {
                (Some(e), Some(r), Some(p)) => exposed.len() > 1 && exposure as f64 >= e && p < r,
                _ => false,
            };
            Some(ItemVersus {
                id: plan.items[i].id.clone(),
                name: plan.items[i].name.clone(),
                exposure,
                orders,
                per_thousand,
                high_exposure_low_conversion: flag,
                placed: placed(records.iter().map(|r| r.outputs.items.get(i).map(|o| o.orders as f64)), orders as f64)?,
            })
        })
        .collect();

    let with_minutes: Vec<&RunRecord> = records.iter().filter(|r| r.outputs.minutes.len() >= minutes).collect();
    let dropoff = (0..minutes.saturating_sub(1))
        .map(|t| {
            let (left, rate) =
                left_at(live.minutes[t].viewers, live.minutes[t + 1].viewers, live.minutes[t + 1].arrivals);
            let plan_rates: Vec<f64> = with_minutes
                .iter()
                .map(|r| {
                    let m = &r.outputs.minutes;
                    left_at(m[t].viewers, m[t + 1].viewers, m[t + 1].arrivals).1
                })
                .collect();
            Dropoff { minute: t as u32, left, rate, plan_rate: median(plan_rates).unwrap_or(0.0) }
        })
        .collect();

    let channels = CHANNELS
        .iter()
        .enumerate()
        .filter_map(|(c, &name)| {
            let arrivals: u64 = live.channels[c].as_ref()?[..minutes].iter().sum();
            let placed = placed(records.iter().map(|r| Some(r.outputs.channels[c].arrivals as f64)), arrivals as f64)?;
            Some(ChannelVersus { channel: name, placed })
        })
        .collect();

    let returning_share = {
        let share = |new: Option<f64>, returning: Option<f64>| match (new, returning) {
            (Some(n), Some(r)) if n + r > 0.0 => Some(r / (n + r)),
            _ => None,
        };
        share(actual_kpi(live, Kpi::BuyersNew, minutes), actual_kpi(live, Kpi::BuyersReturning, minutes)).and_then(
            |a| {
                placed(
                    records
                        .iter()
                        .map(|r| share(r.outputs.kpis.get(Kpi::BuyersNew), r.outputs.kpis.get(Kpi::BuyersReturning))),
                    a,
                )
            },
        )
    };

    Versus { runs: records.len(), minutes, kpis, series, items, dropoff, channels, returning_share }
}

/// Viewers who left at the end of a minute (`viewers` then, `next` after the next minute's `arrivals`), and their share.
fn left_at(viewers: u64, next: u64, arrivals: u64) -> (u64, f64) {
    let stayed = next.saturating_sub(arrivals);
    let left = viewers.saturating_sub(stayed);
    (left, if viewers == 0 { 0.0 } else { left as f64 / viewers as f64 })
}

/// The live's value of `series` at minute `t`.
pub fn minute_value(live: &Actual, t: usize, series: Series) -> f64 {
    let m = &live.minutes[t];
    match series {
        Series::Viewers => m.viewers as f64,
        Series::Arrivals => m.arrivals as f64,
        Series::Orders => m.orders as f64,
        Series::Revenue => m.revenue,
        Series::Chat => m.chat as f64,
        Series::Abandoned => m.abandoned.unwrap_or(0) as f64,
        Series::RevenueCumulative => live.minutes[..=t].iter().map(|m| m.revenue).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::actual::simulated_live;
    use crate::engine::{load, simulate_range, summarize};

    const EXAMPLE: &str = include_str!("../../www/scenarios/model-example.json");

    fn plan_with_show_up(rate: f64) -> Plan {
        let mut doc: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
        doc["audience"]["direct"]["show_up_rate"] = rate.into();
        load(&doc.to_string()).unwrap()
    }

    #[test]
    fn a_live_twice_as_big_as_planned_is_above_every_run_and_above_the_band() {
        let plan = plan_with_show_up(0.06);
        let records = simulate_range(&plan, 1, 0..200);
        let summary = summarize(&plan, 1, &records);
        let live = simulated_live(&plan_with_show_up(0.12), 7, 0);
        let v = versus(&plan, &records, &summary, &live);
        let unique = v.kpis.iter().find(|k| k.kpi == Kpi::UniqueViewers).unwrap();
        assert_eq!(unique.placed.percentile, 1.0, "{unique:?}");
        assert_eq!(unique.placed.actual, live.minutes.iter().map(|m| m.arrivals).sum::<u64>() as f64);
        let viewers = v.series.iter().find(|s| s.series == Series::Viewers).unwrap();
        assert!(viewers.inside < 0.5 && viewers.outside.iter().all(|o| o.above), "{viewers:?}");
        // The runs of minutes outside are disjoint, ordered, and as many minutes as are not inside.
        let outside: u32 = viewers.outside.iter().map(|o| o.to - o.from + 1).sum();
        assert_eq!(outside as usize + (viewers.inside * v.minutes as f64).round() as usize, v.minutes);
        assert!(viewers.outside.windows(2).all(|w| w[0].to + 1 < w[1].from || w[0].above != w[1].above));
        assert_eq!(v.channels.len(), 3);
        assert!(v.channels[0].placed.percentile == 1.0, "the direct channel brought the extra viewers");
        assert!(v.returning_share.is_some());
    }

    #[test]
    fn items_are_measured_on_their_spotlight_minutes() {
        let plan = plan_with_show_up(0.06);
        let records = simulate_range(&plan, 1, 0..100);
        let summary = summarize(&plan, 1, &records);
        let live = simulated_live(&plan, 3, 0);
        let v = versus(&plan, &records, &summary, &live);
        let serum = v.items.iter().find(|i| i.id == "serum").unwrap();
        // The example spotlights the serum in minutes 8..30.
        let exposure: u64 = live.minutes[8..30].iter().map(|m| m.viewers).sum();
        assert_eq!(serum.exposure, exposure);
        assert_eq!(serum.per_thousand, Some(serum.orders as f64 * 1000.0 / exposure as f64));
        assert_eq!(v.items.len(), plan.items.len(), "the simulated file has every item");
        let (left, rate) = left_at(100, 95, 10);
        assert_eq!((left, rate), (15, 0.15));
        assert_eq!(left_at(0, 5, 5), (0, 0.0));
        assert_eq!(v.dropoff.len(), v.minutes - 1);
    }

    #[test]
    fn a_file_without_optional_columns_measures_what_it_can() {
        let plan = plan_with_show_up(0.06);
        let records = simulate_range(&plan, 1, 0..50);
        let summary = summarize(&plan, 1, &records);
        let mut live = simulated_live(&plan, 3, 0);
        live.items.clear();
        live.channels = [None, None, None];
        for m in &mut live.minutes {
            (m.abandoned, m.buyers_new, m.buyers_returning) = (None, None, None);
        }
        let v = versus(&plan, &records, &summary, &live);
        let kpis: Vec<Kpi> = v.kpis.iter().map(|k| k.kpi).collect();
        assert_eq!(
            kpis,
            [
                Kpi::UniqueViewers,
                Kpi::PeakViewers,
                Kpi::AvgWatchMin,
                Kpi::ChatMessages,
                Kpi::Orders,
                Kpi::Revenue,
                Kpi::Aov
            ]
        );
        assert!(v.items.is_empty() && v.channels.is_empty() && v.returning_share.is_none());
    }
}
