//! The example scenarios of `www/scenarios`: every file validates and simulates to finite KPIs, and each named example shows the feature it exists to demonstrate.
//!
//! The directory is read when the tests run, so a new example is covered by
//! the general checks without touching this file. The per-example tests name
//! their file: deleting or renaming one fails here rather than silently
//! dropping its checks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use livesim::engine::plan::{ItemKind, OfferPlan};
use livesim::engine::uncertain::Dist;
use livesim::engine::{Kpi, Plan, RunRecord, Session, Summary, load, simulate_parallel, summarize};
use serde_json::Value;

const RUNS: u64 = 200;
const SEED: u64 = 2024;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("www/scenarios")
}

/// Every `*.json` of the examples directory, sorted by name.
fn example_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("www/scenarios is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn text(name: &str) -> String {
    let path = dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn load_text(what: &str, text: &str) -> Plan {
    load(text).unwrap_or_else(|e| panic!("{what} does not validate:\n{e}"))
}

fn example(name: &str) -> Plan {
    load_text(name, &text(name))
}

/// The example `name` after `edit` changed its JSON.
fn variant(name: &str, edit: impl FnOnce(&mut Value)) -> Plan {
    let mut value: Value = serde_json::from_str(&text(name)).expect("an example is JSON");
    edit(&mut value);
    load_text(&format!("a variant of {name}"), &value.to_string())
}

fn run(plan: &Plan) -> Vec<RunRecord> {
    // Two workers, as the brief asks; the result does not depend on the count (model 5).
    simulate_parallel(plan, SEED, 0..RUNS, 2)
}

fn run_and_summarize(plan: &Plan) -> (Vec<RunRecord>, Summary) {
    let records = run(plan);
    let summary = summarize(plan, SEED, &records);
    (records, summary)
}

fn kpi(r: &RunRecord, k: Kpi) -> f64 {
    r.outputs.kpis.get(k).unwrap_or_else(|| panic!("{} is absent from run {}", k.name(), r.run))
}

fn share(records: &[RunRecord], pred: impl Fn(&RunRecord) -> bool) -> f64 {
    records.iter().filter(|r| pred(r)).count() as f64 / records.len() as f64
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 { xs[n / 2] } else { (xs[n / 2 - 1] + xs[n / 2]) / 2.0 }
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

fn sd(xs: &[f64]) -> f64 {
    let m = mean(xs);
    (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() - 1) as f64).sqrt()
}

fn item(plan: &Plan, id: &str) -> usize {
    plan.item_index(id).unwrap_or_else(|| panic!("{}: no item {id}", plan.name))
}

fn p50(summary: &Summary, k: Kpi) -> f64 {
    summary.kpi(k).unwrap_or_else(|| panic!("{} is absent from every run", k.name())).p50
}

fn is_kit(plan: &Plan, i: usize) -> bool {
    matches!(plan.items[i].kind, ItemKind::Kit { .. })
}

// ---------------------------------------------------------------------------
// Every example

#[test]
fn every_example_validates_and_simulates_to_finite_kpis() {
    let files = example_files();
    assert!(files.len() >= 7, "expected the model example and the six case examples, found {files:?}");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let plan = example(&name);
        assert!(!plan.name.trim().is_empty(), "{name}: empty name");
        let (records, summary) = run_and_summarize(&plan);
        assert_eq!(records.len() as u64, RUNS);
        assert_eq!(summary.runs as u64, RUNS);

        for r in &records {
            for k in Kpi::ALL {
                if let Some(v) = r.outputs.kpis.get(k) {
                    assert!(v.is_finite(), "{name} run {}: {} = {v}", r.run, k.name());
                }
            }
            assert!(kpi(r, Kpi::UniqueViewers) > 0.0, "{name} run {}: nobody came", r.run);
            assert!(r.inputs.iter().all(|x| x.is_finite()), "{name} run {}: drawn inputs {:?}", r.run, r.inputs);
            assert_eq!(r.outputs.minutes.len(), plan.duration as usize, "{name}: a minute per minute");
        }
        for (k, stats) in &summary.kpis {
            if let Some(s) = stats {
                for (what, v) in [("mean", s.mean), ("sd", s.sd), ("p5", s.p5), ("p50", s.p50), ("p95", s.p95)] {
                    assert!(v.is_finite(), "{name}: {} {what} = {v}", k.name());
                }
                assert!(s.p5 <= s.p50 && s.p50 <= s.p95, "{name}: {} percentiles out of order", k.name());
                assert!(s.n <= summary.runs);
            }
        }
        for (id, it) in &summary.items {
            for s in
                [it.orders, it.revenue, it.intents, it.abandoned, it.exposure, it.sellout_min].into_iter().flatten()
            {
                assert!([s.mean, s.sd, s.p5, s.p50, s.p95].iter().all(|v| v.is_finite()), "{name}: item {id}: {s:?}");
            }
            assert!((0.0..=1.0).contains(&it.sellout_share), "{name}: item {id} sellout share");
        }
        for (series, band) in &summary.series {
            for b in [&band.p10, &band.p50, &band.p90] {
                assert_eq!(b.len(), plan.duration as usize, "{name}: {} band length", series.name());
                assert!(b.iter().all(|v| v.is_finite()), "{name}: {} band", series.name());
            }
        }
        assert_eq!(summary.targets.len(), plan.targets.len(), "{name}: every target gets a share");
        for (k, s) in &summary.targets {
            assert!((0.0..=1.0).contains(s), "{name}: target {} share {s}", k.name());
        }

        // Realistic magnitudes: people come, some of them buy, and the money adds up.
        let conversion = p50(&summary, Kpi::ConversionRate);
        assert!((0.005..=0.08).contains(&conversion), "{name}: median conversion {conversion} is implausible");
        assert!(p50(&summary, Kpi::Orders) > 0.0, "{name}: no orders");
        assert!(p50(&summary, Kpi::Revenue) > 0.0, "{name}: no revenue");
        let watch = p50(&summary, Kpi::AvgWatchMin);
        assert!(watch > 1.0 && watch <= f64::from(plan.duration), "{name}: average watch {watch} min");
    }
}

#[test]
fn the_examples_together_cover_the_models_features() {
    let plans: Vec<Plan> = example_files().iter().map(|p| example(&p.file_name().unwrap().to_string_lossy())).collect();
    let any = |what: &str, f: &dyn Fn(&Plan) -> bool| {
        assert!(plans.iter().any(f), "no example has {what}");
    };
    let currencies: BTreeSet<&str> = plans.iter().map(|p| p.currency.as_str()).collect();
    assert!(currencies.len() >= 6, "examples in only {currencies:?}");
    any("a kit", &|p| (0..p.items.len()).any(|i| is_kit(p, i)));
    any("a kit taking two units of a component", &|p| {
        p.items
            .iter()
            .any(|i| matches!(&i.kind, ItemKind::Kit { components } if components.iter().any(|&(_, q)| q > 1)))
    });
    any("an announced flash sale", &|p| {
        p.offers.iter().any(|o| matches!(o, OfferPlan::Flash { announce: Some(_), .. }))
    });
    any("a scarcity counter", &|p| p.show_below > 0);
    any("a live without inventory sync", &|p| !p.inventory_sync);
    any("a lead magnet", &|p| p.offers.iter().any(|o| matches!(o, OfferPlan::LeadMagnet { .. })));
    any("uncertain inputs", &|p| !p.uncertain.is_empty());
    any("targets", &|p| !p.targets.is_empty());
    any("a custom content kind", &|p| p.kinds.len() > 6);
    any("fatigue", &|p| p.base.fatigue_after < p.duration);
    any("a price threshold at checkout", &|p| p.base.threshold_extra > 0.0);
}

// ---------------------------------------------------------------------------
// One test per example: the feature it is there to show

#[test]
fn beauty_kits_sell_and_the_device_above_the_threshold_is_abandoned() {
    let plan = example("beauty-kits-brl.json");
    let (records, summary) = run_and_summarize(&plan);
    let kits: Vec<usize> = (0..plan.items.len()).filter(|&i| is_kit(&plan, i)).collect();
    assert!(kits.len() >= 3, "three kits expected");
    for &k in &kits {
        let sold = share(&records, |r| r.outputs.items[k].orders > 0);
        assert!(sold >= 0.95, "kit {} sells in only {sold} of runs", plan.items[k].id);
    }
    let kit_share: Vec<f64> = records
        .iter()
        .map(|r| kits.iter().map(|&k| r.outputs.items[k].revenue).sum::<f64>() / kpi(r, Kpi::Revenue))
        .collect();
    let kit_share = median(kit_share);
    assert!(kit_share > 0.35, "kits bring only {kit_share} of the revenue");

    // Case 4: carts of the R$ 899 device are abandoned far more than the kits'.
    let rate = |i: usize| {
        let (ab, int) =
            records.iter().fold((0, 0), |(a, n), r| (a + r.outputs.items[i].abandoned, n + r.outputs.items[i].intents));
        ab as f64 / int as f64
    };
    let device = rate(item(&plan, "radiofrequencia"));
    let kit = rate(item(&plan, "kit_rotina"));
    assert!(device > kit + 0.2, "device abandonment {device} vs kit {kit}");

    let conversion = p50(&summary, Kpi::ConversionRate);
    assert!((0.02..=0.07).contains(&conversion), "conversion {conversion}");
    assert!(p50(&summary, Kpi::Contribution) > 0.0, "the live loses money");
    assert!(p50(&summary, Kpi::Aov) > 149.9, "kits should lift the ticket above a single serum");
}

/// Runs the flash example by hand and returns, per run, the units each flash sale had left at the end.
fn flash_left(plan: &Plan) -> Vec<Vec<u64>> {
    (0..RUNS)
        .map(|run| {
            let mut session = Session::new(plan, SEED, run);
            session.run_to_end();
            session.live_plan().flash_left.clone()
        })
        .collect()
}

#[test]
fn flash_sales_sell_out_sometimes_and_the_last_batch_sells_out() {
    let plan = example("flash-scarcity-cny.json");
    assert!(plan.show_below > 0, "the scarcity counter is on");
    let flashes: Vec<(usize, u64)> = plan
        .offers
        .iter()
        .enumerate()
        .filter_map(|(o, offer)| match *offer {
            OfferPlan::Flash { qty, announce, .. } => {
                assert!(announce.is_some(), "each flash sale is announced");
                Some((o, qty))
            }
            _ => None,
        })
        .collect();
    assert_eq!(flashes.len(), 2);
    let left = flash_left(&plan);
    for &(o, qty) in &flashes {
        let sold_out = left.iter().filter(|l| l[o] == 0).count() as f64 / RUNS as f64;
        assert!(
            (0.05..=0.95).contains(&sold_out),
            "flash {o} sells out in {sold_out} of runs: it should sell out sometimes, not never or always"
        );
        let sold: Vec<f64> = left.iter().map(|l| (qty - l[o]) as f64).collect();
        let m = median(sold);
        assert!(m >= 0.6 * qty as f64, "flash {o}: only {m} of {qty} units sold at the median");
    }

    let (records, summary) = run_and_summarize(&plan);
    let tablet = item(&plan, "tablet");
    let tablet_out = share(&records, |r| r.outputs.items[tablet].sellout_min.is_some());
    assert!(tablet_out >= 0.5, "the last batch of tablets sells out in only {tablet_out} of runs");
    assert!(share(&records, |r| kpi(r, Kpi::OversoldCancelled) == 0.0) == 1.0, "inventory is synced");
    let conversion = p50(&summary, Kpi::ConversionRate);
    assert!((0.015..=0.07).contains(&conversion), "conversion {conversion}");
    assert!(p50(&summary, Kpi::Contribution) > 0.0);

    // Announcing a flash sale holds viewers until it starts (model 2.6): with
    // the same random numbers, fewer viewers are there at the start without it.
    let unannounced = variant("flash-scarcity-cny.json", |v| {
        for offer in v["offers"].as_array_mut().unwrap() {
            offer.as_object_mut().unwrap().remove("announce_min");
        }
    });
    let (start, announce) = match plan.offers[flashes[0].0] {
        OfferPlan::Flash { start, announce: Some(a), .. } => (start, a),
        _ => unreachable!(),
    };
    assert!(start > announce);
    let at_start = |records: &[RunRecord]| {
        mean(&records.iter().map(|r| r.outputs.minutes[start as usize].viewers as f64).collect::<Vec<_>>())
    };
    let with = at_start(&records);
    let without = at_start(&run(&unannounced));
    assert!(with > 1.05 * without, "viewers at the flash start: {with} announced vs {without} not");
}

#[test]
fn without_inventory_sync_popular_sizes_oversell() {
    let plan = example("no-sync-oversell-krw.json");
    assert!(!plan.inventory_sync);
    let (records, summary) = run_and_summarize(&plan);
    let oversold = share(&records, |r| kpi(r, Kpi::OversoldCancelled) > 0.0);
    assert!((0.3..1.0).contains(&oversold), "oversells in {oversold} of runs: should be common, not certain");
    assert!(records.iter().all(|r| kpi(r, Kpi::StockoutLost) == 0.0), "no sync: nothing is lost as a stock-out");
    let cancelled = p50(&summary, Kpi::OversoldCancelled);
    assert!(cancelled >= 2.0, "median cancelled orders {cancelled}");
    let target = summary.targets.iter().find(|(k, _)| *k == Kpi::OversoldCancelled).expect("an oversell target");
    assert!(target.1 < 0.7, "the 'no oversell' target is met in {} of runs", target.1);

    // The same live with stock integration (case 6's fix): no oversell, the
    // orders beyond stock are turned away as stock-outs instead.
    let synced = variant("no-sync-oversell-krw.json", |v| v["inventory_sync"] = Value::Bool(true));
    let synced = run(&synced);
    assert!(synced.iter().all(|r| kpi(r, Kpi::OversoldCancelled) == 0.0));
    let lost = share(&synced, |r| kpi(r, Kpi::StockoutLost) > 0.0);
    assert!(lost >= 0.2, "with sync, stock-outs in only {lost} of runs");
    let conversion = p50(&summary, Kpi::ConversionRate);
    assert!((0.01..=0.06).contains(&conversion), "conversion {conversion}");
}

#[test]
fn the_masterclass_produces_leads_near_the_case_figure() {
    let plan = example("lead-magnet-inr.json");
    let magnets = plan.offers.iter().filter(|o| matches!(o, OfferPlan::LeadMagnet { .. })).count();
    assert_eq!(magnets, 2);
    assert!(plan.uncertain.iter().any(|u| u.path.contains("signup_rate")), "the e-book's sign-up rate is a range");
    let (records, summary) = run_and_summarize(&plan);
    assert!(records.iter().all(|r| kpi(r, Kpi::Leads) > 0.0), "a run without leads");
    let leads = p50(&summary, Kpi::Leads);
    assert!((900.0..=2000.0).contains(&leads), "median leads {leads}, the case reports 1,200");
    let cpl = p50(&summary, Kpi::CostPerLead);
    assert!((30.0..=90.0).contains(&cpl), "median cost per lead INR {cpl}");
    let target = summary.targets.iter().find(|(k, _)| *k == Kpi::Leads).expect("a leads target");
    assert!((0.3..1.0).contains(&target.1), "the 1,200-lead target is met in {} of runs", target.1);
    // An educational live converts less than a sales live.
    let conversion = p50(&summary, Kpi::ConversionRate);
    assert!((0.005..=0.03).contains(&conversion), "conversion {conversion}");
}

#[test]
fn the_uncertain_launch_draws_its_guesses_run_by_run() {
    let plan = example("uncertain-launch-zar.json");
    assert!(plan.uncertain.len() >= 12, "{} uncertain inputs", plan.uncertain.len());
    let kinds: BTreeSet<&str> = plan
        .uncertain
        .iter()
        .map(|u| match u.dist {
            Dist::Uniform { .. } => "uniform",
            Dist::Normal { .. } => "normal",
            Dist::LogNormal { .. } => "lognormal",
            Dist::Triangular { .. } => "triangular",
        })
        .collect();
    assert_eq!(kinds.len(), 4, "every distribution is used, found {kinds:?}");

    let (records, summary) = run_and_summarize(&plan);
    for (j, input) in plan.uncertain.iter().enumerate() {
        let values: Vec<f64> = records.iter().map(|r| r.inputs[j]).collect();
        let distinct: BTreeSet<u64> = values.iter().map(|v| v.to_bits()).collect();
        assert!(distinct.len() as u64 >= RUNS * 9 / 10, "{} takes only {} values", input.path, distinct.len());
        if let Dist::Uniform { lo, hi } | Dist::Triangular { lo, hi, .. } = input.dist {
            assert!(values.iter().all(|v| (lo..=hi).contains(v)), "{} drew outside {lo}..={hi}", input.path);
        }
        let m = mean(&values);
        assert!((m - input.dist.mean()).abs() < 4.0 * sd(&values) / (RUNS as f64).sqrt() + 1e-12, "{}", input.path);
    }

    // What we do not know widens the outcome: the same runs with every input
    // at its mean spread far less.
    let means: Vec<f64> = plan.uncertain.iter().map(|u| u.dist.mean()).collect();
    let fixed: Vec<f64> = (0..RUNS)
        .map(|run| Session::with_inputs(&plan, SEED, run, means.clone()).finish().kpis.get(Kpi::Revenue).unwrap())
        .collect();
    let drawn: Vec<f64> = records.iter().map(|r| kpi(r, Kpi::Revenue)).collect();
    assert!(sd(&drawn) > 2.0 * sd(&fixed), "revenue sd {} with ranges vs {} at the means", sd(&drawn), sd(&fixed));
    let s = summary.kpi(Kpi::Revenue).unwrap();
    assert!(s.p95 > 2.0 * s.p5, "a 90 % revenue interval {}..{} too narrow for a first launch", s.p5, s.p95);
    let conversion = p50(&summary, Kpi::ConversionRate);
    assert!((0.01..=0.06).contains(&conversion), "conversion {conversion}");

    // Case 9: the surprise discount after fatigue sets in makes the live's sales peak.
    let (start, end) = plan
        .offers
        .iter()
        .find_map(|o| match *o {
            OfferPlan::Discount { item: i, start, end, .. } if i == item(&plan, "airfryer") => Some((start, end)),
            _ => None,
        })
        .expect("the surprise discount");
    let per_minute: Vec<f64> = (0..plan.duration as usize)
        .map(|t| mean(&records.iter().map(|r| r.outputs.minutes[t].orders as f64).collect::<Vec<_>>()))
        .collect();
    let window = mean(&per_minute[start as usize..end as usize]);
    let before = mean(&per_minute[(start - 10) as usize..start as usize]);
    let peak = per_minute[start as usize..end as usize].iter().copied().fold(0.0, f64::max);
    assert!(window > 1.3 * before, "orders a minute: {window} in the discount vs {before} before it");
    assert!(peak > 1.6 * before, "orders a minute: a peak of {peak} in the discount vs {before} before it");
    let top = per_minute.iter().copied().fold(0.0, f64::max);
    assert!(peak >= 0.9 * top, "the discount's peak {peak} is not near the live's busiest minute {top}");
}

#[test]
fn the_room_tour_kind_keeps_viewers_longer_than_talk() {
    let plan = example("room-tour-decor-jpy.json");
    let tour = plan.kind_index("room_tour").expect("a custom kind room_tour");
    assert!(tour >= 6, "room_tour is declared beyond the six default kinds");
    assert!(plan.blocks.iter().filter(|b| b.kind == tour).count() >= 2);
    let (records, summary) = run_and_summarize(&plan);
    let as_talk = variant("room-tour-decor-jpy.json", |v| {
        v["content"]["room_tour"] = serde_json::json!({ "leave": 1.1, "intent": 0.9, "chat": 0.8 });
    });
    let talk = run(&as_talk);
    let watch = |rs: &[RunRecord]| mean(&rs.iter().map(|r| kpi(r, Kpi::AvgWatchMin)).collect::<Vec<_>>());
    let (w_tour, w_talk) = (watch(&records), watch(&talk));
    assert!(w_tour > 1.15 * w_talk, "average watch {w_tour} min with room tours vs {w_talk} with talk");
    let bundle = item(&plan, "bedroom_set");
    assert!(share(&records, |r| r.outputs.items[bundle].orders > 0) >= 0.95, "the bedroom set sells");
    let conversion = p50(&summary, Kpi::ConversionRate);
    assert!((0.02..=0.07).contains(&conversion), "conversion {conversion}");
}
