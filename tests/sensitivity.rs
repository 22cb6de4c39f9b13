//! Sensitivity (tornado) of a KPI to the uncertain inputs: the engine's ranking on scenarios
//! whose answer is known, its independence from run order and threads, and `livesim sensitivity`.
//!
//! Bounds used below. Under independence, Spearman's rho over `n` runs has mean 0
//! and standard deviation `1 / sqrt(n - 1)`; an input that cannot touch the KPI
//! is held to 5 of those (a false alarm about once in 1.7 million seeds, and the
//! seeds are fixed). For an input that drives the KPI, see
//! [`one_input_drives_revenue_and_one_cannot_touch_it`].

use std::path::{Path, PathBuf};

use livesim::engine::sensitivity::{SENSITIVITY_SCHEMA, Sensitivity, sensitivity_of_difference, spearman};
use livesim::engine::{Kpi, Plan, RunRecord, load, sensitivity, simulate_chunked, simulate_parallel};
use serde_json::{Value, json};

mod common;
use common::{TempFile, livesim, succeeds as ok};

/// Direct viewers only: followers uniform on 200,000..2,000,000 (10 % show up),
/// one product with stock that never runs out, and a fixed cost drawn from a
/// range that nothing but the costs reads.
fn one_driver() -> Value {
    json!({
        "schema": "livesim/1",
        "name": "One driver",
        "duration_min": 30,
        "audience": { "direct": {
            "followers": { "lo": 200000, "hi": 2000000, "dist": "uniform" },
            "show_up_rate": 0.1
        } },
        "catalog": [ { "id": "mug", "name": "Mug", "price": 10, "unit_cost": 4, "stock": 100000000 } ],
        "costs": { "fixed": { "lo": 1000, "hi": 5000, "dist": "uniform" } }
    })
}

fn plan_of(scenario: &Value) -> Plan {
    load(&scenario.to_string()).expect("the scenario is valid")
}

fn scenario_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("www/scenarios").join(name)
}

fn launch() -> Plan {
    load(&std::fs::read_to_string(scenario_path("uncertain-launch-zar.json")).unwrap()).unwrap()
}

fn input<'a>(s: &'a Sensitivity, path: &str) -> &'a livesim::engine::sensitivity::InputSensitivity {
    s.inputs.iter().find(|i| i.path == path).unwrap_or_else(|| panic!("no input {path}"))
}

/// Five standard deviations of Spearman's rho under independence.
fn null_bound(n: usize) -> f64 {
    5.0 / ((n - 1) as f64).sqrt()
}

#[test]
fn spearman_of_known_data() {
    let xs = [1.0, 2.0, 3.0, 4.0, 5.0];
    assert_eq!(spearman(&xs, &[1.0, 4.0, 9.0, 16.0, 1000.0]), 1.0);
    assert_eq!(spearman(&xs, &[0.5, 0.4, 0.3, 0.2, -7.0]), -1.0);
    // Ranks x: 1, 2.5, 2.5, 4; y: 1, 3, 2, 4: rho = 4.5 / sqrt(4.5 * 5) = sqrt(0.9).
    assert!((spearman(&[1.0, 2.0, 2.0, 3.0], &[10.0, 30.0, 20.0, 40.0]) - 0.9f64.sqrt()).abs() < 1e-12);
    assert_eq!(spearman(&xs, &[3.0; 5]), 0.0);
    assert_eq!(spearman(&[3.0; 5], &xs), 0.0);
}

/// Why followers must rank first with rho > 0.9: orders are (close to) Poisson
/// with a mean proportional to the followers drawn, `c F`. The correlation of
/// orders with `F` is then `1 / sqrt(1 + 1 / (M v^2))`, with `M` the mean
/// number of orders (about 520 here) and `v` the coefficient of variation of
/// `F` (uniform 0.2M..2M: v^2 = 0.22): about 0.996, and Spearman's rho of a
/// near-linear relation is as close to 1. Even ten times the Poisson noise
/// would leave it above 0.95; the sampling error of rho at 2,000 runs is under
/// 0.001. Revenue is orders times a fixed price, so the same holds for it.
#[test]
fn one_input_drives_revenue_and_one_cannot_touch_it() {
    let plan = plan_of(&one_driver());
    let records = simulate_parallel(&plan, 1, 0..2000, 2);
    let s = sensitivity(&plan, &records, Kpi::Revenue);
    assert_eq!((s.kpi, s.runs, s.n, s.inputs.len()), (Kpi::Revenue, 2000, 2000, 2));
    let first = &s.inputs[0];
    assert_eq!(first.path, "audience.direct.followers");
    assert!(first.spearman > 0.9, "{first:?}");
    assert!(first.swing.swing().unwrap() > 0.0, "{first:?}");
    let fixed = &s.inputs[1];
    assert_eq!(fixed.path, "costs.fixed");
    assert!(fixed.spearman.abs() < null_bound(2000), "{fixed:?}");

    // The fixed cost is the KPI `fixed_costs` itself: rho 1, and the swing is
    // the mean of its 200 highest draws minus the mean of its 200 lowest.
    let s = sensitivity(&plan, &records, Kpi::FixedCosts);
    let fixed = &s.inputs[0];
    assert_eq!((fixed.path.as_str(), fixed.spearman), ("costs.fixed", 1.0));
    assert!(input(&s, "audience.direct.followers").spearman.abs() < null_bound(2000));
    let at = plan.uncertain.iter().position(|u| u.path == "costs.fixed").unwrap();
    let mut draws: Vec<f64> = records.iter().map(|r| r.inputs[at]).collect();
    draws.sort_by(f64::total_cmp);
    let mean = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len() as f64;
    let (low, high) = (mean(&draws[..200]), mean(&draws[1800..]));
    let swing = fixed.swing;
    assert!((swing.low_mean.unwrap() - low).abs() < 1e-6 && (swing.high_mean.unwrap() - high).abs() < 1e-6);

    // Contribution falls one for one with the fixed cost: a clear negative.
    let s = sensitivity(&plan, &records, Kpi::Contribution);
    assert!(input(&s, "costs.fixed").spearman < -0.1, "{s:?}");
    assert!(input(&s, "costs.fixed").swing.swing().unwrap() < 0.0);
}

/// What drives a *difference* is not what drives the level. A 20 % higher list
/// price leaves demand as it is (the model's price response is relative to the
/// list price), so on common random numbers every run sells the same units and
/// the difference in revenue is 2 per unit: driven by the followers as revenue
/// itself is (rho > 0.9, same argument as above). The fixed cost drives the
/// contribution's level (rho < -0.1 above) but is drawn the same in both
/// scenarios and cancels out of their difference, so it must rank within the
/// null bound there.
#[test]
fn what_drives_the_difference_a_variant_makes() {
    let base_doc = one_driver();
    let mut variant_doc = base_doc.clone();
    variant_doc["catalog"][0]["price"] = json!(12);
    let (base, variant) = (plan_of(&base_doc), plan_of(&variant_doc));
    let base_records = simulate_parallel(&base, 1, 0..2000, 2);
    let mut variant_records = simulate_parallel(&variant, 1, 0..2000, 2);
    for (b, v) in base_records.iter().zip(&variant_records) {
        assert_eq!(b.outputs.kpis.get(Kpi::Units), v.outputs.kpis.get(Kpi::Units), "run {}: demand moved", b.run);
    }
    let revenue = sensitivity_of_difference(&base, &base_records, &variant_records, Kpi::Revenue);
    assert_eq!((revenue.runs, revenue.n), (2000, 2000));
    assert_eq!(revenue.inputs[0].path, "audience.direct.followers");
    assert!(revenue.inputs[0].spearman > 0.9, "{revenue:?}");
    let contribution = sensitivity_of_difference(&base, &base_records, &variant_records, Kpi::Contribution);
    assert!(input(&contribution, "costs.fixed").spearman.abs() < null_bound(2000), "{contribution:?}");
    assert!(input(&contribution, "audience.direct.followers").spearman > 0.9, "{contribution:?}");

    // Pairing is by run index: the variant's records in another order, or
    // missing some runs, pair the same runs (and only those).
    variant_records.reverse();
    variant_records.retain(|r| r.run % 10 != 3);
    let shuffled = sensitivity_of_difference(&base, &base_records, &variant_records, Kpi::Revenue);
    assert_eq!((shuffled.runs, shuffled.n), (2000, 1800));
    let kept: Vec<RunRecord> = base_records.iter().filter(|r| r.run % 10 != 3).cloned().collect();
    assert_eq!(
        shuffled,
        Sensitivity { runs: 2000, ..sensitivity_of_difference(&base, &kept, &variant_records, Kpi::Revenue) }
    );

    // The other way round, every difference changes sign, and so does every rank correlation.
    let back = sensitivity_of_difference(&variant, &variant_records, &base_records, Kpi::Revenue);
    for i in &back.inputs {
        let there = input(&shuffled, &i.path);
        assert!((i.spearman + there.spearman).abs() < 1e-12, "{}: {} vs {}", i.path, i.spearman, there.spearman);
    }
}

#[test]
fn the_ranking_is_sorted_and_has_every_input_once() {
    let plan = launch();
    let records = simulate_parallel(&plan, 1, 0..400, 2);
    let s = sensitivity(&plan, &records, Kpi::Contribution);
    assert_eq!(s.inputs.len(), 17);
    let mut paths: Vec<&str> = s.inputs.iter().map(|i| i.path.as_str()).collect();
    paths.sort_unstable();
    let mut want: Vec<&str> = plan.uncertain.iter().map(|u| u.path.as_str()).collect();
    want.sort_unstable();
    assert_eq!(paths, want);
    for pair in s.inputs.windows(2) {
        let (a, b) = (pair[0].spearman.abs(), pair[1].spearman.abs());
        assert!(a > b || (a == b && pair[0].path < pair[1].path), "{pair:?}");
    }
    for i in &s.inputs {
        assert!((-1.0..=1.0).contains(&i.spearman), "{i:?}");
        assert!(i.swing.swing().unwrap().is_finite(), "{i:?}");
    }
}

#[test]
fn the_result_depends_neither_on_record_order_nor_on_threads() {
    let plan = launch();
    let one = simulate_parallel(&plan, 5, 0..600, 1);
    let four = simulate_parallel(&plan, 5, 0..600, 4);
    let chunked = simulate_chunked(&plan, 5, 0..600, 37);
    // A fixed shuffle: 600 runs visited with a stride coprime to 600.
    let shuffled: Vec<RunRecord> = (0..600).map(|i| one[(i * 397 + 11) % 600].clone()).collect();
    let mut reversed = four.clone();
    reversed.reverse();
    for kpi in [Kpi::Contribution, Kpi::Revenue, Kpi::Cac, Kpi::AbandonmentRate] {
        let want = sensitivity(&plan, &one, kpi);
        for (what, records) in
            [("4 threads", &four), ("chunks", &chunked), ("shuffled", &shuffled), ("reversed", &reversed)]
        {
            assert_eq!(sensitivity(&plan, records, kpi), want, "{what}, {kpi:?}");
        }
    }
}

#[test]
fn a_kpi_absent_from_every_run_gives_zeros_and_no_swing() {
    // The launch has no lead magnet: no leads, so no cost per lead in any run.
    let plan = launch();
    let records = simulate_parallel(&plan, 1, 0..50, 1);
    let s = sensitivity(&plan, &records, Kpi::CostPerLead);
    assert_eq!((s.runs, s.n, s.inputs.len()), (50, 0, 17));
    for i in &s.inputs {
        assert_eq!((i.spearman, i.swing.low_mean, i.swing.high_mean, i.swing.swing()), (0.0, None, None, None));
    }
    let json = serde_json::to_value(s.report(1)).unwrap();
    assert_eq!(json["inputs"][0]["swing"], Value::Null);
}

#[test]
fn a_plan_without_uncertain_inputs_ranks_nothing() {
    let plan = load(&std::fs::read_to_string(scenario_path("model-example.json")).unwrap()).unwrap();
    let records = simulate_parallel(&plan, 1, 0..20, 1);
    let s = sensitivity(&plan, &records, Kpi::Revenue);
    assert_eq!((s.runs, s.n, s.inputs.len()), (20, 20, 0));
}

// ---- The command line ----

#[test]
fn cli_prints_the_documented_json_in_order() {
    let path = scenario_path("uncertain-launch-zar.json");
    let path = path.to_str().unwrap();
    let args = ["sensitivity", path, "--kpi", "contribution", "--runs", "300", "--seed", "3", "--threads", "2"];
    let ran = ok(&args);
    assert_eq!(ran.stderr, "");
    let v: Value = serde_json::from_str(&ran.stdout).unwrap();
    // Top-level keys, in this order.
    let text = &ran.stdout;
    let at = |key: &str| text.find(&format!("\"{key}\":")).unwrap_or_else(|| panic!("no {key}"));
    let order = ["schema", "kpi", "runs", "seed", "n", "inputs"].map(at);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert_eq!(v.as_object().unwrap().len(), 6);
    assert_eq!((v["schema"].as_str(), v["kpi"].as_str()), (Some(SENSITIVITY_SCHEMA), Some("contribution")));
    assert_eq!((v["runs"].as_u64(), v["seed"].as_u64(), v["n"].as_u64()), (Some(300), Some(3), Some(300)));
    let inputs = v["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 17);
    let mut last = f64::INFINITY;
    for i in inputs {
        let keys: Vec<&str> = i.as_object().unwrap().keys().map(String::as_str).collect();
        let mut want = vec!["path", "spearman", "swing", "low_mean", "high_mean"];
        want.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, want);
        let rho = i["spearman"].as_f64().unwrap().abs();
        assert!(rho <= last, "sorted by |spearman|: {i}");
        last = rho;
        let (swing, lo, hi) =
            (i["swing"].as_f64().unwrap(), i["low_mean"].as_f64().unwrap(), i["high_mean"].as_f64().unwrap());
        assert!((swing - (hi - lo)).abs() <= 1e-9 * hi.abs().max(lo.abs()).max(1.0), "{i}");
    }
    // Each input's keys in the documented order.
    let first = &text[text.find("\"inputs\":").unwrap()..];
    let key = |k: &str| first.find(&format!("\"{k}\":")).unwrap();
    let order = ["path", "spearman", "swing", "low_mean", "high_mean"].map(key);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");

    // The engine's answer, byte for byte, whatever the threads; --pretty is the same value.
    let plan = launch();
    let s = sensitivity(&plan, &simulate_parallel(&plan, 3, 0..300, 1), Kpi::Contribution);
    assert_eq!(ran.stdout, format!("{}\n", serde_json::to_string(&s.report(3)).unwrap()));
    let mut one_thread = args.to_vec();
    one_thread[9] = "1";
    assert_eq!(ok(&one_thread).stdout, ran.stdout);
    let pretty = ok(&[&args[..], &["--pretty"]].concat());
    assert!(pretty.stdout.contains("\n  \"inputs\": ["));
    assert_eq!(serde_json::from_str::<Value>(&pretty.stdout).unwrap(), v);
}

#[test]
fn cli_without_uncertain_inputs_prints_an_empty_list_and_says_so() {
    let path = scenario_path("model-example.json");
    let ran = ok(&["sensitivity", path.to_str().unwrap(), "--kpi", "revenue", "--runs", "10"]);
    let v: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(v["inputs"], json!([]));
    assert_eq!((v["runs"].as_u64(), v["seed"].as_u64()), (Some(10), Some(1)));
    assert!(ran.stderr.contains("no uncertain inputs"), "{}", ran.stderr);
}

#[test]
fn cli_ranks_the_driver_first_on_the_synthetic_scenario() {
    let file = TempFile::with_text("sensitivity-one-driver.json", &one_driver().to_string());
    let ran = ok(&["sensitivity", file.arg(), "--kpi", "revenue", "--runs", "500"]);
    let v: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(v["inputs"][0]["path"], "audience.direct.followers");
    assert!(v["inputs"][0]["spearman"].as_f64().unwrap() > 0.9);
    assert_eq!(v["inputs"][1]["path"], "costs.fixed");
}

#[test]
fn cli_exit_codes() {
    let path = scenario_path("uncertain-launch-zar.json");
    let path = path.to_str().unwrap();
    // A wrong KPI name: exit 2, nothing on stdout, the valid names listed.
    let ran = livesim(&["sensitivity", path, "--kpi", "profit"]);
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    for name in ["contribution", "revenue", "unique_viewers", "cost_per_lead"] {
        assert!(ran.stderr.contains(name), "lists {name}: {}", ran.stderr);
    }
    for args in [
        vec!["sensitivity", path],
        vec!["sensitivity", path, "--kpi"],
        vec!["sensitivity", "--kpi", "revenue"],
        vec!["sensitivity", path, "--kpi", "Revenue"],
        vec!["sensitivity", path, "--kpi", "revenue", "--runs", "0"],
        vec!["sensitivity", path, "--kpi", "revenue", "--threads", "0"],
        vec!["sensitivity", path, "--kpi", "revenue", "--seed", "x"],
        vec!["sensitivity", path, "--kpi", "revenue", "--per-run", "x.csv"],
    ] {
        let ran = livesim(&args);
        assert_eq!(ran.code, Some(2), "{args:?}: {}", ran.stderr);
        assert_eq!(ran.stdout, "", "{args:?}");
        assert!(!ran.stderr.trim().is_empty(), "{args:?}");
    }
    // An invalid scenario: exit 2, the problem with its path.
    let bad = TempFile::with_text(
        "sensitivity-invalid.json",
        &json!({ "schema": "livesim/1", "name": "x", "duration_min": 0 }).to_string(),
    );
    let ran = livesim(&["sensitivity", bad.arg(), "--kpi", "revenue"]);
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    // An unreadable file: exit 1, naming it.
    let missing = std::env::temp_dir().join(format!("livesim-sensitivity-{}-missing.json", std::process::id()));
    let ran = livesim(&["sensitivity", missing.to_str().unwrap(), "--kpi", "revenue"]);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(ran.stderr.contains(missing.to_str().unwrap()), "{}", ran.stderr);
    // Help is not an error.
    assert!(ok(&["sensitivity", "--help"]).stdout.contains("--kpi"));
}

// Decision swings (one at a time, on the same runs).

/// `one_driver` with a paid channel (2 visits per unit of budget) and a discount (offer 0).
fn with_decisions() -> Value {
    let mut doc = one_driver();
    doc["audience"]["paid"] = json!({ "budget": 1000, "cost_per_visit": 0.5 });
    doc["offers"] = json!([{ "kind": "discount", "item": "mug", "pct": 0.1, "start_min": 5, "end_min": 15 }]);
    doc
}

/// Paid visits are Poisson with mean `budget / cost_per_visit` (model 2.1), so moving the
/// budget 500 down and up moves unique viewers' mean by 2,000 between the ends; over 200
/// runs the paid arrivals' mean has a standard error under 5 (sqrt(3000 / 200)) at each end,
/// and direct arrivals are shared run by run (common random numbers), so 50 is ten of them.
#[test]
fn decision_swings_move_one_decision_at_a_time_on_the_same_runs() {
    use livesim::engine::decision::Decision;
    use livesim::engine::sensitivity::{Level, decision_swings};
    let doc = with_decisions();
    let scenario = livesim::engine::parse(&doc.to_string()).unwrap();
    let plan = plan_of(&doc);
    let records = simulate_parallel(&plan, 7, 0..200, 2);
    let budget: Decision = "paid.budget".parse().unwrap();
    let price: Decision = "item:mug.price".parse().unwrap();
    let discount: Decision = "offer:0.percent".parse().unwrap();
    let decisions = [(discount.clone(), 5.0), (price.clone(), 15.0), (budget.clone(), 500.0)];
    let swings = decision_swings(&scenario, &records, Kpi::UniqueViewers, &decisions, 7, 0..200, 2).unwrap();
    // Largest swing first; the price and the discount cannot change who arrives (no organic
    // channel), and the price's low end (10 - 15) is not a valid scenario.
    assert_eq!(
        swings.iter().map(|s| s.decision.to_string()).collect::<Vec<_>>(),
        ["paid.budget", "offer:0.percent", "item:mug.price"]
    );
    let b = &swings[0];
    assert_eq!((b.low.value, b.base.value, b.high.value, b.delta), (500.0, 1000.0, 1500.0, 500.0));
    assert!((b.swing.unwrap() - 2000.0).abs() < 50.0, "{b:?}");
    assert!(b.low.mean < b.base.mean && b.base.mean < b.high.mean);
    assert_eq!(b.base, Level::of(1000.0, Kpi::UniqueViewers, &records));
    assert_eq!(swings[1].swing, Some(0.0));
    let p = &swings[2];
    assert_eq!(p.swing, None);
    assert_eq!(p.low.invalid.as_deref(), Some("catalog[0].price: must be >= 0, got -5"));
    assert_eq!((p.low.mean, p.low.median), (None, None));
    assert_eq!(p.high.mean, p.base.mean);
    // Each end is the changed scenario's own runs: the same numbers simulated apart, in any chunks.
    let high = livesim::engine::check(&budget.apply(&scenario, 1500.0).unwrap()).unwrap();
    let mut chunked = simulate_chunked(&high, 7, 0..200, 33);
    chunked.reverse();
    assert_eq!(b.high, Level::of(1500.0, Kpi::UniqueViewers, &chunked));
    // Threads change nothing; a decision the scenario lacks is an error.
    assert_eq!(decision_swings(&scenario, &records, Kpi::UniqueViewers, &decisions, 7, 0..200, 1).unwrap(), swings);
    let kit: Decision = "kit:box.price".parse().unwrap();
    let e = decision_swings(&scenario, &records, Kpi::Revenue, &[(kit, 1.0)], 7, 0..10, 1).unwrap_err();
    assert_eq!(e.to_string(), "kit:box.price: no kit of that id");
}

#[test]
fn cli_lists_decision_swings_after_the_inputs_and_only_when_asked() {
    let file = TempFile::with_text("sensitivity-decisions.json", &with_decisions().to_string());
    let base = ["sensitivity", file.arg(), "--kpi", "revenue", "--runs", "50", "--seed", "2"];
    let plain = ok(&base);
    let v: Value = serde_json::from_str(&plain.stdout).unwrap();
    assert_eq!(v.as_object().unwrap().len(), 6, "no `decisions` unless asked");
    let args = [&base[..], &["--decision", "paid.budget=500", "--decision", "offer:0.percent=5"]].concat();
    let ran = ok(&args);
    let w: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(w.as_object().unwrap().len(), 7);
    assert!(ran.stdout.find("\"inputs\":").unwrap() < ran.stdout.find("\"decisions\":").unwrap());
    // The rest is unchanged by the swings.
    for key in ["schema", "kpi", "runs", "seed", "n", "inputs"] {
        assert_eq!(w[key], v[key], "{key}");
    }
    let swings = w["decisions"].as_array().unwrap();
    assert_eq!(swings.len(), 2);
    let size = |d: &Value| d["swing"].as_f64().unwrap().abs();
    assert!(size(&swings[0]) >= size(&swings[1]), "largest swing first");
    let d = swings.iter().find(|d| d["decision"] == "paid.budget").unwrap();
    let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["base", "decision", "delta", "high", "low", "swing"]);
    assert_eq!(d["low"]["value"], json!(500.0));
    assert!(d["low"]["mean"].is_number() && d["low"]["median"].is_number());
    let base_mean = d["base"]["mean"].as_f64().unwrap();
    assert!(base_mean > 0.0);
    // Bad decisions: exit 2, nothing on stdout.
    for (decision, says) in [
        ("kit:box.price=1", "kit:box.price: no kit of that id"),
        ("paid.budget=-1", "the delta must be a number above 0"),
        ("paid.budget", "expected DECISION=DELTA"),
    ] {
        let ran = livesim(&[&base[..], &["--decision", decision]].concat());
        assert_eq!((ran.code, ran.stdout.as_str()), (Some(2), ""), "{decision}: {}", ran.stderr);
        assert!(ran.stderr.contains(says), "{decision}: {}", ran.stderr);
    }
}
