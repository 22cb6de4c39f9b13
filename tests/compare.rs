//! Comparing scenarios with common random numbers (`engine::compare` and `livesim compare`).

use std::path::{Path, PathBuf};

use livesim::engine::compare::{CompareError, MAX_VARIANTS};
use livesim::engine::summary::Stats;
use livesim::engine::{Kpi, Plan, compare, compare_records, load, simulate_chunked, simulate_range};
use serde_json::{Value, json};

mod common;
use common::{TempFile, run as livesim};

fn scenario_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("www/scenarios").join(name)
}

fn example() -> Value {
    serde_json::from_str(&std::fs::read_to_string(scenario_path("model-example.json")).unwrap()).unwrap()
}

fn plan(doc: &Value) -> Plan {
    load(&doc.to_string()).expect("a valid scenario")
}

/// The model example with 5 points more discount on the cream (15 % to 20 %, minutes 40 to 50).
fn deeper_discount() -> Value {
    let mut s = example();
    assert_eq!(s["offers"][0]["kind"], "discount");
    s["offers"][0]["pct"] = json!(0.20);
    s
}

/// Sample sd of `variant - base` over paired runs.
fn sd_of_differences(base: &[f64], variant: &[f64]) -> f64 {
    Stats::of(base.iter().zip(variant).map(|(b, v)| Some(v - b))).unwrap().sd
}

fn kpi_values(plan: &Plan, seed: u64, runs: u64, kpi: Kpi) -> Vec<f64> {
    simulate_range(plan, seed, 0..runs).iter().map(|r| r.outputs.kpis.get(kpi).unwrap()).collect()
}

/// The test. With common random numbers, run i of base and variant share every
/// stream, so `sd(v - b) = sqrt(sd_b^2 + sd_v^2 - 2 rho sd_b sd_v)`, about `sd * sqrt(2 (1 - rho))`;
/// independent runs (rho = 0) give about `sd * sqrt(2)`. The ratio is `sqrt(1 - rho)`: below 0.5 means
/// a correlation above 0.75 between paired runs. A 5-point discount on one item for ten minutes
/// changes a few purchases, so rho is close to 1 (measured ratio: see the assertion message).
/// With 2,000 runs the relative standard error of a sample sd is about 1/sqrt(2 n) = 1.6 %, so
/// the checks below (the independent sd within 10 % of sqrt(sd_b^2 + sd_v^2), the ratio under 0.5)
/// are many standard errors away from failing by chance.
#[test]
fn common_random_numbers_shrink_the_noise_of_a_small_change() {
    let runs = 2000;
    let (base, variant) = (plan(&example()), plan(&deeper_discount()));
    for kpi in [Kpi::Revenue, Kpi::Contribution] {
        let b = kpi_values(&base, 1, runs, kpi);
        let v_paired = kpi_values(&variant, 1, runs, kpi);
        let v_independent = kpi_values(&variant, 2, runs, kpi);
        let paired = sd_of_differences(&b, &v_paired);
        let independent = sd_of_differences(&b, &v_independent);
        let sd_b = Stats::of(b.iter().copied().map(Some)).unwrap().sd;
        let sd_v = Stats::of(v_independent.iter().copied().map(Some)).unwrap().sd;
        let expected = (sd_b * sd_b + sd_v * sd_v).sqrt();
        let ratio = paired / independent;
        println!("{kpi:?}: sd paired {paired:.3}, independent {independent:.3}, ratio {ratio:.4}, sd base {sd_b:.3}");
        assert!((independent / expected - 1.0).abs() < 0.10, "{kpi:?}: independent sd {independent} vs {expected}");
        assert!(ratio < 0.5, "{kpi:?}: paired sd {paired} vs independent {independent}: ratio {ratio}");

        // The engine's comparison reports the paired sd.
        let c = compare(&base, std::slice::from_ref(&variant), 1, 0..runs, 2).unwrap();
        let d = c.difference(kpi, 1).unwrap();
        assert_eq!(d.n, runs as usize);
        assert!((d.sd - paired).abs() <= 1e-9 * paired, "{kpi:?}: {} vs {paired}", d.sd);
    }
}

#[test]
fn a_scenario_compared_with_itself_differs_by_exactly_nothing() {
    let base = plan(&example());
    let c = compare(&base, &[base.clone(), base.clone()], 9, 0..200, 2).unwrap();
    assert_eq!(c.runs, 200);
    assert_eq!(c.scenarios.len(), 3);
    for (kpi, k) in &c.kpis {
        assert_eq!(k.scenarios.len(), 3);
        assert_eq!(k.scenarios[0], k.scenarios[1], "{kpi:?}");
        for (i, d) in k.differences.iter().enumerate() {
            let d = d.as_ref().unwrap_or_else(|| panic!("{kpi:?}: every KPI is present in the example"));
            assert_eq!(d.variant, i + 1);
            assert_eq!((d.mean, d.sd, d.p5, d.p50, d.p95), (0.0, 0.0, 0.0, 0.0, 0.0), "{kpi:?}");
            assert_eq!((d.p_better, d.p_tie), (0.0, 1.0), "{kpi:?}");
            assert_eq!(Some(d.n), k.scenarios[0].map(|s| s.n), "{kpi:?}");
        }
    }
    assert_eq!(c.summaries[0], c.summaries[2]);
}

#[test]
fn the_comparison_does_not_depend_on_threads_or_chunks() {
    let (base, variant) = (plan(&example()), plan(&deeper_discount()));
    let other = plan(
        &serde_json::from_str(&std::fs::read_to_string(scenario_path("flash-scarcity-cny.json")).unwrap()).unwrap(),
    );
    let variants = [variant.clone(), other.clone()];
    // 101 runs: uneven chunks for every thread count.
    let one = compare(&base, &variants, 4, 0..101, 1).unwrap();
    let four = compare(&base, &variants, 4, 0..101, 4).unwrap();
    assert_eq!(one, four);
    // Chunked, and handed over in reverse order.
    let records: Vec<_> = [&base, &variant, &other]
        .iter()
        .map(|p| {
            let mut r = simulate_chunked(p, 4, 0..101, 7);
            r.reverse();
            r
        })
        .collect();
    let chunked = compare_records(&[&base, &variant, &other], 4, &records).unwrap();
    assert_eq!(one, chunked);
    // A shard of runs is a comparison of its own.
    let shard = compare(&base, &variants, 4, 50..101, 3).unwrap();
    assert_eq!(shard.runs, 51);
}

#[test]
fn the_number_of_variants_and_the_runs_are_checked() {
    let base = plan(&example());
    assert_eq!(compare(&base, &[], 1, 0..10, 1), Err(CompareError::Variants(0)));
    let four = vec![base.clone(); MAX_VARIANTS + 1];
    assert_eq!(compare(&base, &four, 1, 0..10, 1), Err(CompareError::Variants(4)));
    let records = vec![simulate_range(&base, 1, 0..10), simulate_range(&base, 1, 0..11)];
    assert_eq!(compare_records(&[&base, &base], 1, &records), Err(CompareError::RunsDiffer));
}

/// A variant with a smoother checkout: fewer abandoned carts, more buyers for the same spend.
/// Its abandonment rate and CAC go down, which is better, and p_better says so; the base
/// compared with it the other way round is worse.
#[test]
fn p_better_follows_the_direction_of_each_kpi() {
    let mut smooth = example();
    smooth["checkout"]["base_abandon"] = json!(0.05);
    let (base, smooth) = (plan(&example()), plan(&smooth));
    let runs = 300;
    let better = compare(&base, std::slice::from_ref(&smooth), 2, 0..runs, 2).unwrap();
    let worse = compare(&smooth, std::slice::from_ref(&base), 2, 0..runs, 2).unwrap();
    for kpi in [Kpi::AbandonmentRate, Kpi::Cac] {
        assert!(kpi.lower_is_better());
        let d = better.difference(kpi, 1).unwrap();
        assert!(d.mean < 0.0, "{kpi:?} goes down: {d:?}");
        assert!(d.p_better > 0.9, "{kpi:?}: {d:?}");
        assert!(worse.difference(kpi, 1).unwrap().p_better < 0.1, "{kpi:?}");
    }
    for kpi in [Kpi::Revenue, Kpi::Orders, Kpi::Contribution] {
        assert!(!kpi.lower_is_better());
        let d = better.difference(kpi, 1).unwrap();
        assert!(d.mean > 0.0 && d.p_better > 0.9, "{kpi:?}: {d:?}");
        assert!(worse.difference(kpi, 1).unwrap().p_better < 0.1, "{kpi:?}");
    }
    // p_better, p_tie and the share worse add up to one, counted run by run.
    let (b, s) = (simulate_range(&base, 2, 0..runs), simulate_range(&smooth, 2, 0..runs));
    for kpi in Kpi::ALL {
        let Some(d) = better.difference(kpi, 1) else { continue };
        let pairs: Vec<f64> =
            b.iter().zip(&s).filter_map(|(b, s)| Some(s.outputs.kpis.get(kpi)? - b.outputs.kpis.get(kpi)?)).collect();
        let wins = pairs.iter().filter(|&&x| if kpi.lower_is_better() { x < 0.0 } else { x > 0.0 }).count();
        let ties = pairs.iter().filter(|&&x| x == 0.0).count();
        assert_eq!(d.n, pairs.len(), "{kpi:?}");
        assert_eq!(d.p_better, wins as f64 / pairs.len() as f64, "{kpi:?}");
        assert_eq!(d.p_tie, ties as f64 / pairs.len() as f64, "{kpi:?}");
    }
}

// The command line.

#[test]
fn compare_prints_the_documented_json() {
    let base = scenario_path("model-example.json");
    let variant = TempFile::with_json("deeper.json", &deeper_discount());
    let flash = scenario_path("flash-scarcity-cny.json");
    let args =
        ["compare", base.to_str().unwrap(), variant.arg(), flash.to_str().unwrap(), "--runs", "40", "--seed", "3"];
    let ran = livesim(&args, None);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert_eq!(ran.stderr, "");
    assert_eq!(ran.stdout.lines().count(), 1, "compact JSON on one line");
    let c: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(c["schema"], "livesim-compare/1");
    assert_eq!((c["runs"].as_u64(), c["seed"].as_u64()), (Some(40), Some(3)));
    let scenarios = c["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 3);
    assert_eq!(scenarios[0], json!({ "file": base.to_str().unwrap(), "name": "Autumn skincare live" }));
    assert_eq!(scenarios[1]["file"], variant.arg());

    let kpis = c["kpis"].as_object().unwrap();
    assert_eq!(kpis.len(), Kpi::COUNT);
    for kpi in Kpi::ALL {
        let k = &c["kpis"][kpi.name()];
        assert_eq!(k["scenarios"].as_array().unwrap().len(), 3, "{kpi:?}");
        let diffs = k["differences"].as_array().unwrap();
        assert_eq!(diffs.len(), 2, "{kpi:?}");
        for (i, d) in diffs.iter().enumerate() {
            if d.is_null() {
                continue;
            }
            assert_eq!(d["variant"].as_u64(), Some(i as u64 + 1));
            for key in ["mean", "sd", "p5", "p50", "p95", "n", "p_better", "p_tie"] {
                assert!(d[key].is_number(), "{kpi:?}: differences[{i}].{key}");
            }
            let (b, t) = (d["p_better"].as_f64().unwrap(), d["p_tie"].as_f64().unwrap());
            assert!((0.0..=1.0).contains(&b) && (0.0..=1.0).contains(&t) && b + t <= 1.0 + 1e-12);
        }
    }
    assert_eq!(c["kpis"]["revenue"]["scenarios"][0]["n"].as_u64(), Some(40));

    let series = c["series"].as_object().unwrap();
    assert_eq!(series.keys().collect::<Vec<_>>(), ["orders", "viewers"]);
    for name in ["viewers", "orders"] {
        let bands = c["series"][name].as_array().unwrap();
        assert_eq!(bands.len(), 3);
        assert_eq!(bands[0]["p50"].as_array().unwrap().len(), 90, "the example lasts 90 minutes");
        for band in bands {
            assert!(band["p10"].is_array() && band["p90"].is_array());
        }
    }

    // Threads never change the result; --pretty is the same JSON indented.
    let one = livesim(&[&args[..], &["--threads", "1"]].concat(), None);
    let three = livesim(&[&args[..], &["--threads", "3"]].concat(), None);
    assert_eq!(one.stdout, ran.stdout);
    assert_eq!(three.stdout, ran.stdout);
    let pretty = livesim(&[&args[..], &["--pretty"]].concat(), None);
    assert!(pretty.stdout.starts_with("{\n  \"schema\": \"livesim-compare/1\","));
    assert_eq!(serde_json::from_str::<Value>(&pretty.stdout).unwrap(), c);
}

#[test]
fn a_kpi_absent_in_every_scenario_is_null_and_standard_input_is_read_once() {
    let example_path = scenario_path("model-example.json");
    let example_path = example_path.to_str().unwrap();
    let mut no_leads = example();
    no_leads["offers"].as_array_mut().unwrap().retain(|o| o["kind"] != "lead_magnet");
    let text = no_leads.to_string();
    let ran = livesim(&["compare", "-", example_path, "--runs", "20"], Some(&text));
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    let c: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(c["scenarios"][0]["file"], "-");
    // Present in the variant only: the KPI is not null, the base's stats and the difference are.
    let cpl = &c["kpis"]["cost_per_lead"];
    assert!(cpl["scenarios"][0].is_null() && cpl["scenarios"][1].is_object() && cpl["differences"][0].is_null());

    // Absent in every run of every scenario: null, as `run` prints it.
    let file = TempFile::with_json("no-leads.json", &no_leads);
    let ran = livesim(&["compare", file.arg(), "-", "--runs", "20"], Some(&text));
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    let c: Value = serde_json::from_str(&ran.stdout).unwrap();
    let nulls: Vec<&str> = Kpi::ALL.iter().map(|k| k.name()).filter(|k| c["kpis"][*k].is_null()).collect();
    assert_eq!(nulls, ["cost_per_lead"]);

    // Standard input holds one scenario.
    let ran = livesim(&["compare", "-", "-", "--runs", "20"], Some(&text));
    assert_eq!((ran.code, ran.stdout.as_str()), (Some(2), ""));
    assert!(ran.stderr.contains("standard input"), "{}", ran.stderr);
}

#[test]
fn compare_errors_name_the_file_and_exit_codes_follow_run() {
    let example = scenario_path("model-example.json");
    let example = example.to_str().unwrap();
    let mut broken = self::example();
    broken["catalog"][0]["price"] = json!(-5);
    let bad1 = TempFile::with_json("bad1.json", &broken);
    broken["offers"][0]["item"] = json!("nope");
    let bad2 = TempFile::with_json("bad2.json", &broken);
    let ran = livesim(&["compare", example, bad1.arg(), bad2.arg(), "--runs", "5"], None);
    assert_eq!((ran.code, ran.stdout.as_str()), (Some(2), ""), "{}", ran.stderr);
    let lines: Vec<&str> = ran.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "one error in the first, two in the second:\n{}", ran.stderr);
    assert!(lines[0].starts_with(&format!("{}: catalog[0].price", bad1.arg())), "{}", lines[0]);
    assert!(lines[1..].iter().all(|l| l.starts_with(&format!("{}: ", bad2.arg()))), "{}", ran.stderr);
    assert!(lines.iter().any(|l| l.contains("offers[0].item")));

    // An unreadable file: exit 1, naming it, even next to an invalid one.
    let missing = std::env::temp_dir().join(format!("livesim-compare-{}-missing.json", std::process::id()));
    let ran = livesim(&["compare", example, bad1.arg(), missing.to_str().unwrap()], None);
    assert_eq!((ran.code, ran.stdout.as_str()), (Some(1), ""));
    assert!(ran.stderr.contains(missing.to_str().unwrap()), "{}", ran.stderr);

    // Usage errors: no variant, four variants, bad options.
    for args in [
        vec!["compare", example],
        vec!["compare", example, example, example, example, example],
        vec!["compare", example, example, "--runs", "0"],
        vec!["compare", example, example, "--threads", "0"],
        vec!["compare"],
    ] {
        let ran = livesim(&args, None);
        assert_eq!((ran.code, ran.stdout.as_str()), (Some(2), ""), "{args:?}: {}", ran.stderr);
        assert!(!ran.stderr.trim().is_empty(), "{args:?}");
    }
    // Three variants is the most.
    let ran = livesim(&["compare", example, example, example, example, "--runs", "3"], None);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
}
