//! End-to-end tests of the `livesim` command line: the summary JSON, determinism, the per-run CSV,
//! standard input, `validate`, a simulated live's CSV (`live`), exit codes, and a closed standard output.
//!
//! Every invocation goes through [`livesim`], which also checks that nothing the
//! binary printed looks like a panic.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Value, json};

mod common;
use common::{TempFile, assert_no_panic, livesim, livesim_with_stdin};

/// The run-level outputs of the model, in the order of its section 3 (`/work/shared/spec/model.md`).
/// Hard-coded from the spec on purpose: a rename or reorder in the engine must fail here.
const KPIS: [&str; 30] = [
    "unique_viewers",
    "peak_viewers",
    "avg_watch_min",
    "chat_messages",
    "intents",
    "cart_abandoned",
    "abandonment_rate",
    "orders",
    "units",
    "revenue",
    "discount_given",
    "cogs",
    "commission",
    "payment_fees",
    "shipping",
    "gross_margin",
    "ad_spend",
    "fixed_costs",
    "contribution",
    "buyers",
    "buyers_new",
    "buyers_returning",
    "conversion_rate",
    "aov",
    "roas",
    "cac",
    "stockout_lost",
    "oversold_cancelled",
    "leads",
    "cost_per_lead",
];

/// The per-minute series of section 3.
const SERIES: [&str; 7] = ["viewers", "arrivals", "orders", "revenue", "chat", "abandoned", "revenue_cumulative"];

/// The entry channels of section 1.
const CHANNELS: [&str; 3] = ["direct", "paid", "organic"];

/// The per-item outputs of section 3.
const ITEM_OUTPUTS: [&str; 6] = ["orders", "revenue", "intents", "abandoned", "exposure", "sellout_min"];

fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("www/scenarios/model-example.json")
}

fn example() -> Value {
    let text = std::fs::read_to_string(example_path()).expect("the model example is readable");
    serde_json::from_str(&text).expect("the model example is JSON")
}

/// The example without a lead magnet and without paid traffic: `leads` is 0 and
/// `ad_spend` is 0 in every run, so `cost_per_lead` and `roas` have a zero denominator.
fn example_without_leads_or_ads() -> Value {
    let mut s = example();
    s["offers"].as_array_mut().unwrap().retain(|o| o["kind"] != "lead_magnet");
    s["audience"].as_object_mut().unwrap().remove("paid");
    s
}

/// A small scenario of its own duration, so series lengths are checked against something other than 90.
fn tiny() -> Value {
    json!({
        "schema": "livesim/1",
        "name": "Tiny",
        "duration_min": 25,
        "targets": { "orders": 3 },
        "audience": { "organic": { "base_per_min": 20 } },
        "catalog": [ { "id": "mug", "name": "Mug", "price": 10, "unit_cost": 4, "stock": 50 } ]
    })
}

/// `scenario`, pretty-printed, in a temp file named after the test.
fn pretty_file(test: &str, name: &str, scenario: &Value) -> TempFile {
    TempFile::with_text(&format!("cli-{test}-{name}"), &serde_json::to_string_pretty(scenario).unwrap())
}

fn temp_file(test: &str, name: &str) -> TempFile {
    TempFile::new(&format!("cli-{test}-{name}"))
}

/// Runs `args`, expects exit 0 and nothing on stderr, and returns stdout.
fn ok(args: &[&str]) -> String {
    let ran = livesim(args);
    assert_eq!(ran.code, Some(0), "`livesim {}` failed:\n{}", args.join(" "), ran.stderr);
    assert_eq!(ran.stderr, "", "`livesim {}` wrote to stderr", args.join(" "));
    ran.stdout
}

/// Runs `args` and returns the summary, parsed and as printed.
fn summary(args: &[&str]) -> (Value, String) {
    let stdout = ok(args);
    assert!(stdout.ends_with('\n') && stdout.trim_end().lines().count() == 1, "compact JSON on one line");
    (serde_json::from_str(&stdout).expect("stdout is JSON"), stdout)
}

/// A JSON document's objects with their keys in the order written. (`serde_json::Value` sorts
/// keys, and turning on its `preserve_order` feature here would change the engine's maps too.)
enum Tree {
    Object(Vec<(String, Tree)>),
    Other,
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Tree, D::Error> {
        struct TreeVisitor;
        impl<'de> Visitor<'de> for TreeVisitor {
            type Value = Tree;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Tree>()? {
                    entries.push((key, value));
                }
                Ok(Tree::Object(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Tree::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Tree, E> {
                Ok(Tree::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Tree, E> {
                Ok(Tree::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Tree, E> {
                Ok(Tree::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Tree, E> {
                Ok(Tree::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<Tree, E> {
                Ok(Tree::Other)
            }
            fn visit_unit<E>(self) -> Result<Tree, E> {
                Ok(Tree::Other)
            }
        }
        deserializer.deserialize_any(TreeVisitor)
    }
}

/// The keys of the object at `path` in `text`, in the order written.
fn keys_in_order(text: &str, path: &[&str]) -> Vec<String> {
    let mut tree = &serde_json::from_str::<Tree>(text).expect("JSON");
    for step in path {
        let Tree::Object(entries) = tree else { panic!("{path:?} is not an object") };
        tree = &entries.iter().find(|(k, _)| k == step).unwrap_or_else(|| panic!("no {step} in {path:?}")).1;
    }
    let Tree::Object(entries) = tree else { panic!("{path:?} is not an object") };
    entries.iter().map(|(k, _)| k.clone()).collect()
}

/// The keys of an object, sorted (use [`keys_in_order`] where the order matters).
fn keys(v: &Value) -> Vec<&str> {
    v.as_object().expect("an object").keys().map(String::as_str).collect()
}

fn num(v: &Value, what: &str) -> f64 {
    let x = v.as_f64().unwrap_or_else(|| panic!("{what} is not a number: {v}"));
    assert!(x.is_finite(), "{what} is not finite");
    x
}

/// Checks a `{mean, sd, p5, p50, p95}` object and returns its mean.
fn check_stats(stats: &Value, runs: u64, what: &str) -> f64 {
    let obj = stats.as_object().unwrap_or_else(|| panic!("{what} is not an object: {stats}"));
    for key in ["mean", "sd", "p5", "p50", "p95"] {
        assert!(obj.contains_key(key), "{what} has no {key}");
    }
    let [mean, sd, p5, p50, p95] = ["mean", "sd", "p5", "p50", "p95"].map(|k| num(&obj[k], &format!("{what}.{k}")));
    assert!(sd >= 0.0, "{what}.sd = {sd}");
    assert!(p5 <= p50 && p50 <= p95, "{what}: p5 {p5}, p50 {p50}, p95 {p95} out of order");
    if let Some(n) = obj.get("n") {
        let n = n.as_u64().unwrap_or_else(|| panic!("{what}.n is not a count"));
        assert!((1..=runs).contains(&n), "{what}.n = {n} of {runs} runs");
    }
    mean
}

/// Checks the whole shape of a summary of `scenario` over `runs` runs under `seed`.
fn check_summary((s, text): &(Value, String), scenario: &Value, runs: u64, seed: u64) {
    let order = |path: &[&str]| keys_in_order(text, path);
    assert_eq!(order(&[]), ["schema", "runs", "seed", "kpis", "items", "channels", "series", "targets"]);
    assert_eq!(s["schema"], "livesim-summary/1");
    assert_eq!(s["runs"].as_u64(), Some(runs));
    assert_eq!(s["seed"].as_u64(), Some(seed));

    assert_eq!(order(&["kpis"]), KPIS, "KPI names and order are the model's section 3");
    for name in KPIS {
        let stats = &s["kpis"][name];
        if !stats.is_null() {
            check_stats(stats, runs, &format!("kpis.{name}"));
        }
    }

    // Items: keyed by id, catalog products in file order, then kits in file order.
    let ids: Vec<&str> = ["catalog", "kits"]
        .iter()
        .filter_map(|list| scenario[*list].as_array())
        .flatten()
        .map(|item| item["id"].as_str().unwrap())
        .collect();
    assert_eq!(order(&["items"]), ids);
    for id in &ids {
        for out in ITEM_OUTPUTS {
            let stats = s["items"][*id].get(out).unwrap_or_else(|| panic!("items.{id} has no {out}"));
            if !stats.is_null() {
                check_stats(stats, runs, &format!("items.{id}.{out}"));
            } else {
                assert_eq!(out, "sellout_min", "only sellout_min may be null (items.{id})");
            }
        }
    }

    // Channels: all three, each with arrivals, buyers and revenue; their arrivals add up to the unique viewers.
    assert_eq!(order(&["channels"]), CHANNELS);
    let mut arrivals = 0.0;
    for c in CHANNELS {
        for out in ["arrivals", "buyers", "revenue"] {
            check_stats(&s["channels"][c][out], runs, &format!("channels.{c}.{out}"));
        }
        arrivals += num(&s["channels"][c]["arrivals"]["mean"], "arrivals");
    }
    let unique = num(&s["kpis"]["unique_viewers"]["mean"], "unique_viewers");
    assert!((arrivals - unique).abs() <= 1e-9 * unique.max(1.0), "channel arrivals {arrivals} vs unique {unique}");

    // Series: one value per minute of the scenario, bands in order.
    let duration = scenario["duration_min"].as_u64().unwrap() as usize;
    assert_eq!(order(&["series"]), SERIES);
    for name in SERIES {
        let band = &s["series"][name];
        assert_eq!(order(&["series", name]), ["p10", "p50", "p90"], "series.{name}");
        let column = |p: &str| -> Vec<f64> {
            let values = band[p].as_array().unwrap_or_else(|| panic!("series.{name}.{p} is not an array"));
            values.iter().map(|v| num(v, &format!("series.{name}.{p}"))).collect()
        };
        let (p10, p50, p90) = (column("p10"), column("p50"), column("p90"));
        assert_eq!((p10.len(), p50.len(), p90.len()), (duration, duration, duration), "series.{name} length");
        for t in 0..duration {
            assert!(p10[t] <= p50[t] && p50[t] <= p90[t], "series.{name} minute {t}: {} {} {}", p10[t], p50[t], p90[t]);
        }
    }
    let viewers_p90 = s["series"]["viewers"]["p90"].as_array().unwrap();
    assert!(viewers_p90.iter().any(|v| v.as_f64().unwrap() > 0.0), "somebody watches");

    // Targets: one per scenario target, each a share of runs.
    let wanted: BTreeSet<&str> =
        scenario["targets"].as_object().map(|t| t.keys().map(String::as_str).collect()).unwrap_or_default();
    let got: BTreeSet<&str> = keys(&s["targets"]).into_iter().collect();
    assert_eq!(got, wanted, "targets");
    for name in got {
        let share = num(&s["targets"][name], &format!("targets.{name}"));
        assert!((0.0..=1.0).contains(&share), "targets.{name} = {share}");
    }
}

fn nulls(s: &Value) -> Vec<&str> {
    KPIS.into_iter().filter(|k| s["kpis"][*k].is_null()).collect()
}

#[test]
fn run_prints_a_summary_of_the_documented_shape() {
    let scenario = example();
    let out = summary(&["run", example_path().to_str().unwrap(), "--runs", "60", "--seed", "42"]);
    check_summary(&out, &scenario, 60, 42);
    let s = &out.0;
    // The example has paid traffic and a lead magnet: every KPI has a denominator.
    assert_eq!(nulls(s), Vec::<&str>::new());
    assert!(num(&s["kpis"]["revenue"]["mean"], "revenue") > 0.0);
    assert!(num(&s["kpis"]["leads"]["mean"], "leads") > 0.0);
}

#[test]
fn a_kpi_absent_in_every_run_is_null() {
    let test = "absent";
    let scenario = example_without_leads_or_ads();
    let file = pretty_file(test, "scenario.json", &scenario);
    let out = summary(&["run", file.arg(), "--runs", "50"]);
    check_summary(&out, &scenario, 50, 1);
    let s = &out.0;
    // leads = 0 and ad_spend = 0 in every run: their ratios are null, never NaN, 0 or infinite.
    assert_eq!(nulls(s), ["roas", "cost_per_lead"]);
    for zero in ["leads", "ad_spend"] {
        let stats = &s["kpis"][zero];
        for k in ["mean", "sd", "p5", "p50", "p95"] {
            assert_eq!(num(&stats[k], zero), 0.0, "kpis.{zero}.{k}");
        }
    }
}

#[test]
fn series_follow_the_scenario_duration() {
    let test = "duration";
    let scenario = tiny();
    let file = pretty_file(test, "scenario.json", &scenario);
    let out = summary(&["run", file.arg(), "--runs", "80", "--seed", "5"]);
    check_summary(&out, &scenario, 80, 5);
    let s = &out.0;
    assert_eq!(s["series"]["viewers"]["p50"].as_array().unwrap().len(), 25);
    // No ad spend, no lead magnet.
    assert!(nulls(s).contains(&"roas") && nulls(s).contains(&"cost_per_lead"));
}

#[test]
fn pretty_is_the_same_summary_indented() {
    let path = example_path();
    let args = ["run", path.to_str().unwrap(), "--runs", "20"];
    let compact = ok(&args);
    let pretty = ok(&[&args[..], &["--pretty"]].concat());
    assert!(pretty.lines().count() > 100, "--pretty indents");
    assert!(pretty.starts_with("{\n  \"schema\": \"livesim-summary/1\","));
    let (a, b): (Value, Value) = (serde_json::from_str(&compact).unwrap(), serde_json::from_str(&pretty).unwrap());
    assert_eq!(a, b);
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let path = example_path();
    let path = path.to_str().unwrap();
    let first = ok(&["run", path, "--runs", "100", "--seed", "7"]);
    let again = ok(&["run", path, "--runs", "100", "--seed", "7"]);
    assert_eq!(first, again);
    let other = ok(&["run", path, "--runs", "100", "--seed", "8"]);
    assert_ne!(first, other);
    let (a, b): (Value, Value) = (serde_json::from_str(&first).unwrap(), serde_json::from_str(&other).unwrap());
    assert_ne!(a["kpis"]["revenue"], b["kpis"]["revenue"], "another seed draws other numbers");
    assert_eq!(b["seed"].as_u64(), Some(8));
}

#[test]
fn the_summary_does_not_depend_on_threads() {
    let path = example_path();
    let path = path.to_str().unwrap();
    // 101 runs: not a multiple of the thread counts, so the chunks are uneven.
    let one = ok(&["run", path, "--runs", "101", "--seed", "3", "--threads", "1"]);
    let four = ok(&["run", path, "--runs", "101", "--seed", "3", "--threads", "4"]);
    let many = ok(&["run", path, "--runs", "101", "--seed", "3", "--threads", "256"]);
    let default = ok(&["run", path, "--runs", "101", "--seed", "3"]);
    assert_eq!(one, four);
    assert_eq!(one, many);
    assert_eq!(one, default);
}

#[test]
fn defaults_are_a_thousand_runs_and_seed_one() {
    let test = "defaults";
    let file = pretty_file(test, "scenario.json", &tiny());
    let default = ok(&["run", file.arg()]);
    let explicit = ok(&["run", file.arg(), "--runs", "1000", "--seed", "1"]);
    assert_eq!(default, explicit);
    let s: Value = serde_json::from_str(&default).unwrap();
    assert_eq!(s["runs"].as_u64(), Some(1000));
    assert_eq!(s["seed"].as_u64(), Some(1));
    assert_eq!(s["kpis"]["orders"]["n"].as_u64().unwrap_or(1000), 1000);
}

/// Reads a per-run CSV: the header and the cells as optional numbers.
fn read_per_run(path: &Path) -> (Vec<String>, Vec<Vec<Option<f64>>>) {
    let mut reader = csv::Reader::from_path(path).expect("the per-run file exists");
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed CSV row");
            assert_eq!(r.len(), header.len(), "row width");
            r.iter()
                .map(|cell| {
                    if cell.is_empty() {
                        None
                    } else {
                        let x: f64 = cell.parse().unwrap_or_else(|_| panic!("cell {cell:?} is not a number"));
                        assert!(x.is_finite(), "cell {cell:?}");
                        Some(x)
                    }
                })
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn per_run_csv_has_a_row_per_run_and_matches_the_summary() {
    let test = "per_run";
    let mut scenario = example_without_leads_or_ads();
    scenario["audience"]["direct"]["show_up_rate"] = json!({ "lo": 0.04, "hi": 0.08 });
    scenario["catalog"][0]["appeal"] = json!({ "lo": 0.8, "hi": 1.5, "dist": "uniform" });
    let file = pretty_file(test, "scenario.json", &scenario);
    let csv_file = temp_file(test, "runs.csv");
    let runs = 120;
    let out = summary(&["run", file.arg(), "--runs", "120", "--seed", "11", "--per-run", csv_file.arg()]);
    check_summary(&out, &scenario, runs, 11);
    let s = &out.0;

    let (header, rows) = read_per_run(csv_file.path());
    assert_eq!(header[0], "run");
    assert_eq!(&header[1..=KPIS.len()], KPIS);
    let inputs: BTreeSet<&str> = header[KPIS.len() + 1..].iter().map(String::as_str).collect();
    assert_eq!(inputs, BTreeSet::from(["audience.direct.show_up_rate", "catalog[0].appeal"]));
    assert_eq!(header.len(), 1 + KPIS.len() + 2, "no duplicate input columns");

    assert_eq!(rows.len(), runs as usize, "one row per run");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], Some(i as f64), "runs in order");
    }
    let column = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));

    // Absent values are empty cells; present ones agree with the summary, KPI by KPI.
    for name in KPIS {
        let values: Vec<f64> = rows.iter().filter_map(|r| r[column(name)]).collect();
        match &s["kpis"][name] {
            Value::Null => assert!(values.is_empty(), "{name} is null in the summary but has cells"),
            stats => {
                let mean = values.iter().sum::<f64>() / values.len() as f64;
                let want = num(&stats["mean"], name);
                assert!(
                    (mean - want).abs() <= 1e-9 * want.abs().max(1.0),
                    "{name}: per-run mean {mean}, summary {want}"
                );
                if let Some(n) = stats.get("n") {
                    assert_eq!(n.as_u64(), Some(values.len() as u64), "{name}.n");
                }
            }
        }
    }
    for name in ["roas", "cost_per_lead"] {
        assert!(rows.iter().all(|r| r[column(name)].is_none()), "{name} cells are empty");
    }
    let revenue: Vec<f64> = rows.iter().map(|r| r[column("revenue")].expect("revenue in every run")).collect();
    let mean = revenue.iter().sum::<f64>() / revenue.len() as f64;
    let want = num(&s["kpis"]["revenue"]["mean"], "revenue");
    assert!((mean - want).abs() <= 1e-9 * want.abs(), "revenue: per-run mean {mean}, summary {want}");

    // Target shares are the shares of rows that meet them (both targets here are "at least").
    for (name, target) in scenario["targets"].as_object().unwrap() {
        let target = target.as_f64().unwrap();
        let met = rows.iter().filter(|r| r[column(name)].is_some_and(|v| v >= target)).count();
        assert_eq!(num(&s["targets"][name], name), met as f64 / runs as f64, "targets.{name}");
    }

    // The drawn inputs: a probability within [0, 1] that varies; a uniform draw within its range.
    let show_up: Vec<f64> = rows.iter().map(|r| r[column("audience.direct.show_up_rate")].unwrap()).collect();
    assert!(show_up.iter().all(|p| (0.0..=1.0).contains(p)));
    assert!(show_up.iter().any(|&p| p != show_up[0]), "each run draws its own show-up rate");
    let inside = show_up.iter().filter(|p| (0.04..=0.08).contains(*p)).count();
    assert!(inside > runs as usize * 3 / 4, "a 90 % interval holds most draws ({inside} of {runs})");
    assert!(rows.iter().all(|r| (0.8..=1.5).contains(&r[column("catalog[0].appeal")].unwrap())));
}

#[test]
fn per_run_csv_without_uncertain_inputs_has_only_kpis() {
    let test = "per_run_plain";
    let csv_file = temp_file(test, "runs.csv");
    ok(&["run", example_path().to_str().unwrap(), "--runs", "7", "--per-run", csv_file.arg()]);
    let (header, rows) = read_per_run(csv_file.path());
    assert_eq!(header.len(), 1 + KPIS.len());
    assert_eq!(rows.len(), 7);
}

#[test]
fn an_unwritable_per_run_file_exits_1_naming_it() {
    let test = "per_run_unwritable";
    let dir = temp_file(test, "missing-dir");
    let target = dir.path().join("runs.csv");
    let ran = livesim(&["run", example_path().to_str().unwrap(), "--runs", "5", "--per-run", target.to_str().unwrap()]);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(ran.stderr.contains(target.to_str().unwrap()), "names the path: {}", ran.stderr);
    assert_eq!(ran.stdout, "", "no summary after a failure");
}

#[test]
fn a_dash_reads_the_scenario_from_stdin() {
    let text = std::fs::read_to_string(example_path()).unwrap();
    let path = example_path();
    let from_file = ok(&["run", path.to_str().unwrap(), "--runs", "30", "--seed", "9"]);
    let ran = livesim_with_stdin(&["run", "-", "--runs", "30", "--seed", "9"], &text);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert_eq!(ran.stdout, from_file);

    let validated = ok(&["validate", path.to_str().unwrap()]);
    let ran = livesim_with_stdin(&["validate", "-"], &text);
    assert_eq!((ran.code, ran.stdout.as_str(), ran.stderr.as_str()), (Some(0), validated.as_str(), ""));

    let ran = livesim_with_stdin(&["validate", "-"], "");
    assert_eq!(ran.code, Some(2), "empty input is an invalid scenario");
    assert!(!ran.stderr.trim().is_empty());
    let ran = livesim_with_stdin(&["run", "-", "--runs", "5"], "{ not json");
    assert_eq!(ran.code, Some(2));
    assert_eq!(ran.stdout, "");
}

#[test]
fn validate_accepts_the_example_in_one_line() {
    let scenario = example();
    let out = ok(&["validate", example_path().to_str().unwrap()]);
    assert_eq!(out.lines().count(), 1, "{out:?}");
    assert!(out.ends_with('\n'));
    assert!(out.starts_with("ok: "), "{out:?}");
    assert!(out.contains(scenario["name"].as_str().unwrap()), "{out:?}");
    assert!(out.contains(&format!("{} min", scenario["duration_min"])), "{out:?}");
}

#[test]
fn validate_stays_on_one_line_whatever_the_name() {
    let test = "validate_name";
    let mut scenario = tiny();
    scenario["name"] = json!("Two\nlines, \"quoted\", Décor");
    let file = pretty_file(test, "scenario.json", &scenario);
    let out = ok(&["validate", file.arg()]);
    assert_eq!(out.lines().count(), 1, "{out:?}");
    // The name is quoted and escaped as in JSON; counts agree in number with their nouns.
    let want = r#"ok: "Two\nlines, \"quoted\", Décor" (USD), 25 min, 1 product, 0 kits, 0 rundown blocks, 0 offers, 0 uncertain inputs, 1 target"#;
    assert_eq!(out, format!("{want}\n"));
}

#[test]
fn validate_lists_every_error_on_its_own_line() {
    let test = "validate_errors";
    let mut scenario = example();
    scenario["audience"]["direct"]["show_up_rate"] = json!(1.5);
    scenario["catalog"][0]["price"] = json!(-1);
    scenario["rundown"][1]["spotlight"] = json!("nope");
    let file = pretty_file(test, "scenario.json", &scenario);
    for args in [vec!["validate", file.arg()], vec!["run", file.arg(), "--runs", "5"]] {
        let ran = livesim(&args);
        assert_eq!(ran.code, Some(2), "{args:?}: {}", ran.stderr);
        assert_eq!(ran.stdout, "", "{args:?}");
        let lines: Vec<&str> = ran.stderr.lines().collect();
        assert_eq!(lines.len(), 3, "{args:?}: one line per error:\n{}", ran.stderr);
        for path in ["audience.direct.show_up_rate", "catalog[0].price", "rundown[1].spotlight"] {
            let hits = lines.iter().filter(|l| l.starts_with(path)).count();
            assert_eq!(hits, 1, "{args:?}: one line starts with {path}:\n{}", ran.stderr);
        }
        assert!(lines.iter().any(|l| l.contains("nope")), "the bad id is named");
    }
}

#[test]
fn validate_rejects_an_unknown_field() {
    let test = "validate_unknown";
    let mut scenario = example();
    scenario["audience"]["direct"]["show_up_ratee"] = json!(0.1);
    let file = pretty_file(test, "scenario.json", &scenario);
    let ran = livesim(&["validate", file.arg()]);
    assert_eq!(ran.code, Some(2));
    assert_eq!(ran.stdout, "");
    assert!(ran.stderr.contains("audience.direct.show_up_ratee"), "{}", ran.stderr);

    // Free-form notes under "x" are allowed.
    let mut scenario = example();
    scenario["x"] = json!({ "author": "someone", "anything": [1, 2] });
    let notes = pretty_file(test, "notes.json", &scenario);
    ok(&["validate", notes.arg()]);

    // An unknown key holding a newline still makes exactly one line.
    let mut scenario = example();
    scenario["audience"]["direct"]["bad\nkey"] = json!(1);
    let file = pretty_file(test, "newline.json", &scenario);
    let ran = livesim(&["validate", file.arg()]);
    assert_eq!(ran.code, Some(2));
    assert_eq!(ran.stderr.lines().count(), 1, "{:?}", ran.stderr);
}

#[test]
fn an_unreadable_scenario_exits_1_naming_the_path() {
    let test = "unreadable";
    let missing = temp_file(test, "missing.json");
    for command in ["validate", "run"] {
        let ran = livesim(&[command, missing.arg()]);
        assert_eq!(ran.code, Some(1), "{command}: {}", ran.stderr);
        assert_eq!(ran.stdout, "");
        assert!(ran.stderr.contains(missing.arg()), "{command}: names the path: {}", ran.stderr);
        assert_eq!(ran.stderr.lines().count(), 1, "{}", ran.stderr);
    }
    // A directory is not a readable file either.
    let dir = std::env::temp_dir();
    let ran = livesim(&["validate", dir.to_str().unwrap()]);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(ran.stderr.contains(dir.to_str().unwrap()), "{}", ran.stderr);
}

#[test]
fn bad_arguments_exit_2() {
    let path = example_path();
    let path = path.to_str().unwrap();
    for args in [
        vec!["run", path, "--runs", "0"],
        vec!["run", path, "--runs", "abc"],
        vec!["run", path, "--runs", "-3"],
        vec!["run", path, "--seed", "x"],
        vec!["run", path, "--threads", "0"],
        vec!["run", path, "--frobnicate"],
        vec!["run"],
        vec!["frobnicate", path],
        vec!["validate"],
        vec![],
    ] {
        let ran = livesim(&args);
        assert_eq!(ran.code, Some(2), "{args:?}: {}", ran.stderr);
        assert_eq!(ran.stdout, "", "{args:?}: nothing on stdout");
        assert!(!ran.stderr.trim().is_empty(), "{args:?}: says what is wrong");
    }
    // Asking for help is not an error.
    let help = ok(&["--help"]);
    assert!(help.contains("run") && help.contains("validate"));
    assert!(ok(&["--version"]).starts_with("livesim "));
}

#[test]
fn live_writes_one_simulated_run_as_a_past_live_csv() {
    use livesim::engine::actual::{read_actual, simulated_live};
    let path = example_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let plan = livesim::engine::load(&text).expect("the model example is valid");
    let csv = ok(&["live", path.to_str().unwrap(), "--seed", "3"]);
    let imported = read_actual(&csv).unwrap_or_else(|e| panic!("the CSV reads back: {e}"));
    assert_eq!(imported.actual, simulated_live(&plan, 3, 0), "run 0 of seed 3");
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert!(csv.starts_with("minute,viewers,arrivals,orders,revenue,chat,"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 90, "a header and one row per minute");

    // From standard input, another run, into a file.
    let out = temp_file("live", "out.csv");
    let ran = livesim_with_stdin(&["live", "-", "--seed", "3", "--run", "2", "--out", out.arg()], &text);
    assert_eq!((ran.code, ran.stdout.as_str(), ran.stderr.as_str()), (Some(0), "", ""));
    let written = std::fs::read_to_string(out.path()).expect("the file is written");
    assert_eq!(read_actual(&written).unwrap().actual, simulated_live(&plan, 3, 2));
    assert_ne!(written, csv, "another run is another live");

    // The default seed is 1; the same arguments give the same bytes.
    let default = ok(&["live", path.to_str().unwrap()]);
    assert_eq!(default, ok(&["live", path.to_str().unwrap(), "--seed", "1", "--run", "0"]));

    // An invalid scenario is refused as by the other commands; an unwritable file exits 1.
    let ran = livesim_with_stdin(&["live", "-"], "{ not json");
    assert_eq!((ran.code, ran.stdout.as_str()), (Some(2), ""));
    let missing = std::env::temp_dir().join("livesim-no-such-dir").join("live.csv");
    let ran = livesim(&["live", path.to_str().unwrap(), "--out", missing.to_str().unwrap()]);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(ran.stderr.contains(missing.to_str().unwrap()), "names the file: {}", ran.stderr);
}

#[test]
fn a_closed_stdout_stops_quietly() {
    let test = "broken_pipe";
    // Ten hours of minutes, pretty-printed: far more than a pipe buffer holds.
    let mut scenario = example();
    scenario["duration_min"] = json!(600);
    let file = pretty_file(test, "scenario.json", &scenario);
    let args = ["run", file.arg(), "--runs", "20", "--pretty"];
    let mut child = Command::new(env!("CARGO_BIN_EXE_livesim"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("RUST_BACKTRACE")
        .spawn()
        .expect("the binary starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut start = [0u8; 16];
    stdout.read_exact(&mut start).expect("the summary starts");
    assert_eq!(&start, b"{\n  \"schema\": \"l");
    drop(stdout);
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert_no_panic(&args.join(" "), "", &stderr);
    assert_eq!(stderr, "", "nothing to say about a closed pipe");
    // Not killed by a signal, not a panic (101), and not a success: the summary was cut short.
    assert_eq!(status.code(), Some(1), "{status:?}");
}

#[test]
fn calibrate_prints_the_engines_calibration_whatever_the_threads() {
    use livesim::engine::actual::read_actual;
    use livesim::engine::calibrate::{Calibration, Options, calibrate, calibrated_scenario};
    let path = example_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let live_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/actuals/model-example-live.csv");
    let live = read_actual(&std::fs::read_to_string(&live_path).unwrap()).unwrap().actual;
    let out = temp_file("calibrate", "calibrated.json");
    let args = |threads: &'static str| {
        let mut a = vec!["calibrate", path.to_str().unwrap(), live_path.to_str().unwrap()];
        a.extend([
            "--rounds",
            "3",
            "--runs-per-round",
            "300",
            "--seed",
            "5",
            "--check-runs",
            "200",
            "--threads",
            threads,
        ]);
        a.extend(["--out", out.arg()]);
        a.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let one: Value = serde_json::from_str(&ok(&args("1").iter().map(String::as_str).collect::<Vec<_>>())).unwrap();
    let two: Value = serde_json::from_str(&ok(&args("2").iter().map(String::as_str).collect::<Vec<_>>())).unwrap();
    assert_eq!(one, two, "threads change nothing");
    assert_eq!(one["schema"], "livesim-calibration/1");

    // The engine, in one thread, gives the same estimates and scenario.
    let plan = livesim::engine::load(&text).unwrap();
    let options = Options { rounds: 3, runs_per_round: 300, ..Options::default() };
    let calibration = Calibration::new(&plan, &[live], options).unwrap();
    let rounds = calibrate(&calibration, |p, runs| calibration.candidates(p, 5, runs));
    let estimates = &rounds.last().unwrap().estimates;
    assert_eq!(one["estimates"], serde_json::to_value(estimates).unwrap());
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(one["calibrated"], calibrated_scenario(&doc, estimates));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(out.path()).unwrap()).unwrap();
    assert_eq!(written, one["calibrated"], "--out writes the calibrated scenario");
    assert!(ok(&["validate", out.arg()]).starts_with("ok: "));
    for share in one["fit"][0]["inside_calibrated"].as_object().unwrap().values() {
        assert!((0.0..=1.0).contains(&share.as_f64().unwrap()));
    }
}

#[test]
fn versus_and_calibrate_refuse_a_broken_live_naming_the_line_and_column() {
    let path = example_path();
    let broken = TempFile::with_text(
        "cli-broken-live",
        "minute,viewers,arrivals,orders,revenue,chat\n0,10,10,0,0,1\n1,12,3,-1,0,0\n",
    );
    for command in ["versus", "calibrate"] {
        let ran = livesim(&[command, path.to_str().unwrap(), broken.arg()]);
        assert_eq!(ran.code, Some(2), "{command}: {}", ran.stderr);
        assert!(ran.stderr.contains("line 3") && ran.stderr.contains("orders"), "{command}: {}", ran.stderr);
        assert_no_panic(command, &ran.stdout, &ran.stderr);
    }
}

#[test]
fn versus_places_a_live_of_the_plan_among_its_runs() {
    let path = example_path();
    let live_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/actuals/model-example-live.csv");
    let v: Value =
        serde_json::from_str(&ok(&["versus", path.to_str().unwrap(), live_path.to_str().unwrap(), "--runs", "300"]))
            .unwrap();
    assert_eq!((v["schema"].as_str(), v["runs"].as_u64()), (Some("livesim-versus/1"), Some(300)));
    let versus = &v["lives"][0]["versus"];
    let kpis = versus["kpis"].as_array().unwrap();
    assert!(kpis.iter().any(|k| k["kpi"] == "revenue"));
    for k in kpis {
        let p = k["placed"]["percentile"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p), "{k}");
    }
    assert_eq!(versus["series"].as_array().unwrap().len(), 5);
    assert_eq!(versus["channels"].as_array().unwrap().len(), 3, "the example file has every channel");
}
