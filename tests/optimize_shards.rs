//! `livesim optimize --rows FILE --run-range A..B` shards, merged by `livesim summarize`, print
//! exactly the bytes of `livesim optimize` on one machine; shards of other sweeps are refused.

use livesim::engine::shards::{self, Field, MergeError, ShardHeader, ShardProblem, ShardReader, ShardScenario, Sweep};
use livesim::engine::shards::{Outcome, kpi_row_line};
use livesim::engine::{load, simulate_range};
use serde_json::{Value, json};

mod common;
use common::{Dir, refused, succeeds as ok};

/// One mug and a discount (offer 0, minutes 10 to 20 of 30): a start past 20 runs out of the live.
fn stock_doc() -> Value {
    json!({
        "schema": "livesim/1",
        "name": "Stock",
        "duration_min": 30,
        "targets": { "revenue": 900 },
        "audience": {
            "direct": { "followers": 20000, "show_up_rate": 0.1 },
            "paid": { "budget": 1000, "cost_per_visit": 0.5 },
            "segments": { "new": { "intent_per_min": 0.013 }, "returning": { "intent_per_min": 0.026 } }
        },
        "catalog": [ { "id": "mug", "name": "Mug", "price": 10, "unit_cost": 4, "stock": 120 } ],
        "offers": [ { "kind": "discount", "item": "mug", "pct": 0.1, "start_min": 10, "end_min": 20 } ]
    })
}

/// A scratch directory for one test, holding `stock.json`.
fn scratch(test: &str) -> Dir {
    let dir = Dir::new(&format!("optshards-{test}"));
    std::fs::write(dir.file("stock.json"), stock_doc().to_string()).unwrap();
    dir
}

/// Shards of `optimize ARGS` for `ranges` (named `NAME-i.jsonl`), written with 1 or 2 threads.
fn write_shards(dir: &Dir, name: &str, args: &[&str], ranges: &[(u64, u64)]) -> Vec<String> {
    ranges
        .iter()
        .enumerate()
        .map(|(i, (a, b))| {
            let file = dir.file(&format!("{name}-{i}.jsonl"));
            let range = format!("{a}..{b}");
            let threads = if i % 2 == 0 { "1" } else { "2" };
            let mut all = args.to_vec();
            all.extend(["--run-range", &range, "--rows", &file, "--threads", threads]);
            assert_eq!(ok(&all).stdout, "", "a shard goes to its file, not to stdout");
            file
        })
        .collect()
}

const UNEVEN: [(u64, u64); 3] = [(0, 17), (17, 91), (91, 120)];

/// Shards of `args` over [`UNEVEN`], merged in a shuffled order, print the single-machine bytes
/// (and stderr), plain and `--pretty`.
fn merges_exactly(dir: &Dir, name: &str, args: &[&str]) -> Vec<String> {
    let files = write_shards(dir, name, args, &UNEVEN);
    let single = ok(args);
    let merged = ok(&["summarize", &files[2], &files[0], &files[1]]);
    assert_eq!(merged.stdout, single.stdout);
    assert_eq!(merged.stderr, single.stderr);
    let mut pretty = args.to_vec();
    pretty.push("--pretty");
    assert_eq!(ok(&["summarize", &files[1], &files[2], &files[0], "--pretty"]).stdout, ok(&pretty).stdout);
    files
}

#[test]
fn one_decision_with_an_invalid_candidate_merges_to_the_single_machine_bytes() {
    let dir = scratch("one");
    let s = dir.file("stock.json");
    let args = [
        "optimize",
        &s,
        "--var",
        "offer:0.start=0..25:5",
        "--objective",
        "mean:contribution",
        "--runs",
        "120",
        "--seed",
        "7",
    ];
    let files = merges_exactly(&dir, "one", &args);
    let single: Value = serde_json::from_str(&ok(&args).stdout).unwrap();
    assert_eq!(single["candidates"][5]["invalid"], "offers[0].end_min: must be <= duration_min (30), got 35");
    assert!(single["best"].is_u64() && single["paired"].is_object(), "{single}");
    // Rows are by grid index, and the invalid candidate 5 has none.
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let candidates: Vec<u64> =
        text.lines().skip(1).map(|l| serde_json::from_str::<Value>(l).unwrap()["scenario"].as_u64().unwrap()).collect();
    assert_eq!(candidates.len(), 5 * 17);
    assert!((0..5).all(|c| candidates.iter().filter(|&&x| x == c).count() == 17));
    // One shard of all the runs (no --run-range) merges alone.
    let all = dir.file("all.jsonl");
    let mut whole = args.to_vec();
    whole.extend(["--rows", &all]);
    ok(&whole);
    assert_eq!(ok(&["summarize", &all]).stdout, ok(&args).stdout);
}

#[test]
fn two_decisions_a_target_and_constraints_merge_to_the_single_machine_bytes() {
    let dir = scratch("two");
    let s = dir.file("stock.json");
    // Percent 150 is invalid; `p:revenue` reads the target; a `<` bound stays `<`.
    let args = [
        "optimize",
        &s,
        "--var",
        "item:mug.stock=60..140:40",
        "--var",
        "offer:0.percent=0..150:37.5",
        "--objective",
        "p:revenue",
        "--constraint",
        "p:stockout_lost>0<0.9",
        "--constraint",
        "p:contribution>=-1e3>=0.5",
        "--runs",
        "120",
        "--seed",
        "3",
    ];
    let files = merges_exactly(&dir, "two", &args);
    let single: Value = serde_json::from_str(&ok(&args).stdout).unwrap();
    assert_eq!(single["candidates"].as_array().unwrap().len(), 15);
    assert!(single["candidates"][4]["invalid"].is_string());
    let header: Value =
        serde_json::from_str(std::fs::read_to_string(&files[0]).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(
        header["sweep"],
        json!({
            "decisions": ["item:mug.stock=60..140:40", "offer:0.percent=0..150:37.5"],
            "objective": "p:revenue>=900",
            "direction": "maximize",
            "constraints": ["p:stockout_lost>0<0.9", "p:contribution>=-1000>=0.5"]
        })
    );
    // Nothing feasible: the same warning on stderr, the same nulls.
    let mut strict = args.to_vec();
    strict[11] = "p:revenue>=0<=0.5";
    merges_exactly(&dir, "strict", &strict);
    assert_eq!(ok(&strict).stderr, "livesim: no candidate is feasible\n");
}

#[test]
fn shards_of_other_sweeps_are_refused_by_what_differs() {
    let dir = scratch("mixed");
    let s = dir.file("stock.json");
    let base = ["optimize", &s, "--var", "item:mug.stock=60..140:40", "--objective", "mean:units", "--runs", "40"];
    let first = write_shards(&dir, "first", &base, &[(0, 20)]).remove(0);
    let other = |name: &str, extra: &[&str], var: &str, objective: &str| {
        let mut args = base.to_vec();
        args[3] = var;
        args[5] = objective;
        args.extend(extra);
        write_shards(&dir, name, &args, &[(20, 40)]).remove(0)
    };
    let same = other("same", &[], base[3], base[5]);
    assert_eq!(ok(&["summarize", &first, &same]).stdout, ok(&base).stdout);
    let step = other("step", &[], "item:mug.stock=60..140:20", base[5]);
    refused(&["summarize", &first, &step], &[&step, &first, "not shards of one sweep", "decisions (--var)"]);
    let var = other("var", &[], "paid.budget=500..1500:500", base[5]);
    refused(&["summarize", &first, &var], &[&var, "decisions"]);
    let objective = other("objective", &[], base[3], "mean:revenue");
    refused(&["summarize", &first, &objective], &[&objective, "objective (--objective"]);
    let direction = other("direction", &["--minimize"], base[3], base[5]);
    refused(&["summarize", &first, &direction], &[&direction, "objective"]);
    let constrained = other("constrained", &["--constraint", "p:stockout_lost>0<=0.1"], base[3], base[5]);
    refused(&["summarize", &first, &constrained], &[&constrained, "constraints (--constraint)"]);
    let seed = other("seed", &["--seed", "2"], base[3], base[5]);
    refused(&["summarize", &first, &seed], &[&seed, "seed"]);
    let mut doc = stock_doc();
    doc["catalog"][0]["price"] = json!(11);
    let pricier = dir.file("pricier.json");
    std::fs::write(&pricier, doc.to_string()).unwrap();
    let mut args = base.to_vec();
    args[1] = &pricier;
    let scenario = write_shards(&dir, "scenario", &args, &[(20, 40)]).remove(0);
    refused(&["summarize", &first, &scenario], &[&scenario, "scenarios (fingerprint)"]);
    let run = dir.file("run.jsonl");
    ok(&["run", &s, "--runs", "40", "--run-range", "20..40", "--rows", &run]);
    refused(&["summarize", &first, &run], &[&run, "kind"]);

    // An altered sweep, a row of an invalid candidate or of none, a missing run: named by file and line.
    let text = std::fs::read_to_string(&first).unwrap();
    let edit = |name: &str, f: &dyn Fn(&mut Vec<String>)| {
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        f(&mut lines);
        let path = dir.file(name);
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        path
    };
    let altered = edit("altered.jsonl", &|l| l[0] = l[0].replace("\"mean:units\"", "\"median:units\""));
    refused(&["summarize", &altered], &[&format!("{altered}:1:"), "fingerprint"]);
    let bad = edit("bad.jsonl", &|l| l[0] = l[0].replace("\"mean:units\"", "\"max:units\""));
    refused(&["summarize", &bad], &[&format!("{bad}:1:"), "the sweep", "is not an objective"]);
    let beyond = edit("beyond.jsonl", &|l| l[3] = l[3].replace("\"scenario\":0", "\"scenario\":9"));
    refused(&["summarize", &beyond], &[&format!("{beyond}:4:"), "row of scenario 9, but the shard has 3"]);
    let truncated = edit("truncated.jsonl", &|l| {
        l.remove(25);
    });
    refused(&["summarize", &truncated], &[&truncated, "run 4 of scenario 1 is missing"]);
    let full = dir.file("full.jsonl");
    ok(&["run", &s, "--runs", "40", "--run-range", "0..20", "--rows", &full]);
    let full_row = std::fs::read_to_string(&full).unwrap().lines().nth(1).unwrap().to_string();
    let mixed = edit("mixed.jsonl", &|l| l[1].clone_from(&full_row));
    refused(&["summarize", &mixed], &[&format!("{mixed}:2:"), "not a valid row"]);

    // The same sweep on the command line: an optimize shard's grid is checked before any run.
    let rows = dir.file("never.jsonl");
    refused(
        &["optimize", &s, "--var", "item:nope.stock=1..2", "--objective", "mean:units", "--rows", &rows],
        &["nope"],
    );
    refused(
        &["optimize", &s, "--var", "item:mug.stock=1..2", "--objective", "mean:units", "--run-range", "0..5"],
        &["--rows"],
    );
    refused(
        &[
            "optimize",
            &s,
            "--var",
            "item:mug.stock=1..2",
            "--objective",
            "mean:units",
            "--runs",
            "10",
            "--run-range",
            "5..11",
            "--rows",
            &rows,
        ],
        &["5..11", "0..10"],
    );
    assert!(!std::path::Path::new(&rows).exists(), "no shard is written for a refused sweep");
}

/// The engine side: a row of an invalid candidate is refused, and shards of other sweeps are named by field.
#[test]
fn engine_reader_refuses_rows_of_invalid_candidates_and_merge_names_the_field() {
    let text = stock_doc().to_string();
    let scenario = livesim::engine::parse(&text).unwrap();
    let sweep = |objective: &str| {
        Sweep::parse(&shards::SweepText {
            decisions: vec!["offer:0.start=15..25:5".into()],
            objective: objective.into(),
            direction: "maximize".into(),
            constraints: vec![],
        })
        .unwrap()
    };
    let shard = |sweep: &Sweep, range: std::ops::Range<u64>| {
        let header =
            ShardHeader::optimize(5, 10, range.clone(), ShardScenario { file: None, text: text.clone() }, sweep)
                .unwrap();
        let mut reader = ShardReader::new();
        reader.push(&header.line()).unwrap();
        for (i, start) in [15.0, 20.0].into_iter().enumerate() {
            let candidate = sweep.decisions[0].0.apply(&scenario, start).unwrap();
            let plan = livesim::engine::check(&candidate).unwrap();
            for r in simulate_range(&plan, 5, range.clone()).iter().rev() {
                reader.push(&kpi_row_line(i, r)).unwrap();
            }
        }
        reader
    };
    let mean = sweep("mean:revenue");
    let mut reader = shard(&mean, 0..4);
    let invalid = simulate_range(&load(&text).unwrap(), 5, 0..1).remove(0);
    let err = reader.push(&kpi_row_line(2, &invalid)).unwrap_err();
    assert_eq!((err.line, err.problem), (Some(10), ShardProblem::InvalidCandidate(2)));
    let merged = shards::merge(vec![shard(&mean, 4..10).finish().unwrap(), reader.finish().unwrap()]).unwrap();
    let Outcome::Optimization(o) = merged.outcome().unwrap() else { panic!("an optimisation") };
    let single = livesim::engine::optimize(&scenario, &mean.decisions, mean.objective, &[], 5, 0..10, 1).unwrap();
    assert_eq!(o, single);
    assert_eq!(o.candidates[2].invalid.as_deref(), Some("offers[0].end_min: must be <= duration_min (30), got 35"));
    let median = sweep("median:revenue");
    assert_eq!(
        shards::merge(vec![shard(&mean, 0..4).finish().unwrap(), shard(&median, 4..10).finish().unwrap()]).unwrap_err(),
        MergeError::Differ { field: Field::Objective, first: 0, other: 1 }
    );
}
