//! Sweeps split over machines: shards (`--run-range A..B --rows FILE`) merged by `livesim summarize`
//! give exactly the bytes one machine prints, and inconsistent shards are refused with clear errors.

use std::path::Path;

use livesim::engine::shards::{
    self, MergeError, ShardHeader, ShardKind, ShardProblem, ShardReader, ShardScenario, row_line,
};
use livesim::engine::summary::SERIES_RUNS;
use livesim::engine::{load, simulate_range, summarize};

mod common;
use common::{Dir, refused, succeeds};

fn ok(args: &[&str]) -> String {
    succeeds(args).stdout
}

fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("www/scenarios").join(name).to_str().unwrap().to_string()
}

/// Writes shards of `command` (everything before the options) for `ranges`, returns their files.
fn write_shards(dir: &Dir, command: &[&str], runs: &str, seed: &str, ranges: &[(u64, u64)]) -> Vec<String> {
    ranges
        .iter()
        .enumerate()
        .map(|(i, (a, b))| {
            let file = dir.file(&format!("rows-{i}.jsonl"));
            let range = format!("{a}..{b}");
            let mut args = command.to_vec();
            args.extend(["--runs", runs, "--seed", seed, "--run-range", &range, "--rows", &file, "--threads", "2"]);
            assert_eq!(ok(&args), "", "a shard goes to its file, not to stdout");
            file
        })
        .collect()
}

const UNEVEN: [(u64, u64); 3] = [(0, 37), (37, 290), (290, 400)];

#[test]
fn merged_run_shards_in_any_order_print_the_single_machine_bytes() {
    let dir = Dir::new("shards-run");
    let s = scenario("uncertain-launch-zar.json");
    let files = write_shards(&dir, &["run", &s], "400", "11", &UNEVEN);
    let single = ok(&["run", &s, "--runs", "400", "--seed", "11"]);
    let merged = ok(&["summarize", &files[2], &files[0], &files[1]]);
    assert_eq!(merged, single);
    let pretty = ok(&["summarize", &files[1], &files[2], &files[0], "--pretty"]);
    assert_eq!(pretty, ok(&["run", &s, "--runs", "400", "--seed", "11", "--pretty"]));
    // One shard of all the runs (no --run-range) merges alone.
    let all = dir.file("all.jsonl");
    ok(&["run", &s, "--runs", "400", "--seed", "11", "--rows", &all]);
    assert_eq!(ok(&["summarize", &all]), single);
}

#[test]
fn merged_compare_shards_print_the_single_machine_bytes() {
    let dir = Dir::new("shards-compare");
    let base = scenario("model-example.json");
    let mut deeper: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    deeper["offers"][0]["pct"] = serde_json::json!(0.2);
    let variant = dir.file("deeper.json");
    std::fs::write(&variant, deeper.to_string()).unwrap();
    let files = write_shards(&dir, &["compare", &base, &variant], "300", "4", &[(0, 120), (120, 125), (125, 300)]);
    let single = ok(&["compare", &base, &variant, "--runs", "300", "--seed", "4"]);
    assert_eq!(ok(&["summarize", &files[1], &files[2], &files[0]]), single);
}

/// Runs below and above [`SERIES_RUNS`] (where per-minute bands stop) in one shard and across shards.
#[test]
fn the_merge_is_exact_across_the_series_runs_boundary() {
    let text = r#"{"schema": "livesim/1", "name": "Small", "duration_min": 8,
        "audience": {"organic": {"base_per_min": {"lo": 5, "hi": 30}}},
        "catalog": [{"id": "mug", "name": "Mug", "price": 12.9, "unit_cost": 4.35, "stock": 25}]}"#;
    let plan = load(text).unwrap();
    let runs = SERIES_RUNS + 40;
    let ranges = [SERIES_RUNS - 15..runs, 0..3_000, 3_000..SERIES_RUNS - 15];
    let mut read = Vec::new();
    for range in ranges {
        let scenario = ShardScenario { file: None, text: text.into() };
        let header = ShardHeader::new(ShardKind::Run, 9, runs, range.clone(), vec![scenario]).unwrap();
        let mut reader = ShardReader::new();
        reader.push(&header.line()).unwrap();
        for r in simulate_range(&plan, 9, range).iter().rev() {
            reader.push(&row_line(0, r)).unwrap();
        }
        read.push(reader.finish().unwrap());
    }
    let merged = shards::merge(read).unwrap();
    let outcome = serde_json::to_string(&merged.outcome().unwrap()).unwrap();
    let single = serde_json::to_string(&summarize(&plan, 9, &simulate_range(&plan, 9, 0..runs))).unwrap();
    assert_eq!(outcome, single);
}

#[test]
fn overlaps_and_gaps_name_the_files_and_the_runs() {
    let dir = Dir::new("shards-cover");
    let s = scenario("model-example.json");
    let f = write_shards(&dir, &["run", &s], "100", "1", &[(0, 40), (30, 60), (60, 100), (70, 100)]);
    refused(&["summarize", &f[1], &f[0], &f[2]], &[&f[0], &f[1], "overlap", "30..40"]);
    refused(&["summarize", &f[0], &f[2]], &["no shard holds runs 40..60", &f[0], &f[2]]);
    refused(&["summarize", &f[0], &f[3]], &["no shard holds runs 40..70"]);
    refused(&["summarize", &f[2]], &["no shard holds runs 0..60", &f[2]]);
    refused(&["summarize", &f[0]], &["no shard holds runs 40..100", &f[0]]);
    refused(&["summarize", &f[0], &f[0]], &["overlap", "0..40"]);
}

#[test]
fn shards_of_other_sweeps_are_refused() {
    let dir = Dir::new("shards-mixed");
    let (a, b) = (scenario("model-example.json"), scenario("uncertain-launch-zar.json"));
    let first = dir.file("first.jsonl");
    std::fs::rename(write_shards(&dir, &["run", &a], "100", "1", &[(0, 50)]).remove(0), &first).unwrap();
    let other = |name: &str, cmd: &[&str], runs: &str, seed: &str| {
        let file = write_shards(&dir, cmd, runs, seed, &[(50, 100)]).remove(0);
        let renamed = dir.file(name);
        std::fs::rename(&file, &renamed).unwrap();
        renamed
    };
    let seed2 = other("seed2.jsonl", &["run", &a], "100", "2");
    refused(&["summarize", &first, &seed2], &[&seed2, &first, "seed"]);
    let scen_b = other("b.jsonl", &["run", &b], "100", "1");
    refused(&["summarize", &first, &scen_b], &[&scen_b, "scenarios"]);
    let runs200 = other("r200.jsonl", &["run", &a], "200", "1");
    refused(&["summarize", &first, &runs200], &[&runs200, "total runs"]);
    let compared = other("cmp.jsonl", &["compare", &a, &b], "100", "1");
    refused(&["summarize", &first, &compared], &[&compared, "kind"]);
}

#[test]
fn a_malformed_line_is_named_by_file_and_line() {
    let dir = Dir::new("shards-malformed");
    let s = scenario("model-example.json");
    let file = write_shards(&dir, &["run", &s], "20", "1", &[(0, 20)]).remove(0);
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let cut = &lines[4][..lines[4].len() / 2];
    lines[4] = cut;
    let broken = dir.file("broken.jsonl");
    std::fs::write(&broken, lines.join("\n")).unwrap();
    refused(&["summarize", &broken], &[&format!("{broken}:5: not a valid row")]);

    // A number that is not one, a run outside the range, a truncated file, a wrong header.
    let edit = |name: &str, f: &dyn Fn(&mut Vec<String>)| {
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        f(&mut lines);
        let path = dir.file(name);
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        path
    };
    let nan = edit("nan.jsonl", &|l| {
        let mut row: serde_json::Value = serde_json::from_str(&l[3]).unwrap();
        row["outputs"]["kpis"][0] = "NaN".into();
        l[3] = row.to_string();
    });
    refused(&["summarize", &nan], &[&format!("{nan}:4:"), "\"NaN\" is not a finite number"]);
    let outside = edit("outside.jsonl", &|l| l[2] = l[2].replacen("\"run\":1,", "\"run\":25,", 1));
    refused(&["summarize", &outside], &[&format!("{outside}:3:"), "run 25 is outside the shard's range 0..20"]);
    let twice = edit("twice.jsonl", &|l| l[2] = l[3].clone());
    refused(&["summarize", &twice], &[&twice, "run 2 of scenario 0 appears twice"]);
    let truncated = edit("truncated.jsonl", &|l| l.truncate(15));
    refused(&["summarize", &truncated], &[&truncated, "run 14 of scenario 0 is missing"]);
    let schema = edit("schema.jsonl", &|l| l[0] = l[0].replace("livesim-rows/1", "livesim-rows/9"));
    refused(&["summarize", &schema], &[&format!("{schema}:1:"), "not a livesim-rows/1 file"]);
    let altered = edit("altered.jsonl", &|l| l[0] = l[0].replacen("\\\"price\\\": 89", "\\\"price\\\": 99", 1));
    assert_ne!(std::fs::read_to_string(&altered).unwrap(), text, "the edit took");
    refused(&["summarize", &altered], &[&format!("{altered}:1:"), "fingerprint"]);
    refused(&["summarize", &s], &[&format!("{s}:1:"), "not a livesim-rows/1 header"]);
}

#[test]
fn run_ranges_outside_the_runs_are_usage_errors() {
    let dir = Dir::new("shards-ranges");
    let s = scenario("model-example.json");
    let rows = dir.file("r.jsonl");
    refused(&["run", &s, "--runs", "100", "--run-range", "90..101", "--rows", &rows], &["90..101", "0..100"]);
    refused(&["run", &s, "--runs", "100", "--run-range", "50..50", "--rows", &rows], &["50..50", "empty"]);
    refused(&["run", &s, "--run-range", "1-5", "--rows", &rows], &["A..B"]);
    refused(&["run", &s, "--run-range", "0..5"], &["--rows"]);
    refused(&["compare", &s, &s, "--runs", "10", "--run-range", "5..11", "--rows", &rows], &["5..11", "0..10"]);
    assert!(!Path::new(&rows).exists(), "no shard is written for a refused range");
}

/// The engine side of the errors: shards named by their index.
#[test]
fn merge_errors_are_values() {
    let text = std::fs::read_to_string(scenario("model-example.json")).unwrap();
    let plan = load(&text).unwrap();
    let shard = |seed: u64, range: std::ops::Range<u64>| {
        let scenario = ShardScenario { file: None, text: text.clone() };
        let mut reader = ShardReader::new();
        reader
            .push(&ShardHeader::new(ShardKind::Run, seed, 10, range.clone(), vec![scenario]).unwrap().line())
            .unwrap();
        for r in simulate_range(&plan, seed, range) {
            reader.push(&row_line(0, &r)).unwrap();
        }
        reader.finish().unwrap()
    };
    assert_eq!(shards::merge(vec![]).unwrap_err(), MergeError::NoShards);
    assert_eq!(
        shards::merge(vec![shard(1, 0..5), shard(2, 5..10)]).unwrap_err(),
        MergeError::Differ { field: shards::Field::Seed, first: 0, other: 1 }
    );
    assert_eq!(
        shards::merge(vec![shard(1, 4..10), shard(1, 0..5)]).unwrap_err(),
        MergeError::Overlap { a: 1, b: 0, runs: 4..5 }
    );
    assert_eq!(
        shards::merge(vec![shard(1, 6..10), shard(1, 0..5)]).unwrap_err(),
        MergeError::Gap { runs: 5..6, after: Some(1), before: Some(0) }
    );
    let mut reader = ShardReader::new();
    let scenario = ShardScenario { file: None, text: text.clone() };
    reader.push(&ShardHeader::new(ShardKind::Run, 1, 10, 0..2, vec![scenario]).unwrap().line()).unwrap();
    let mut wrong = simulate_range(&plan, 1, 0..1).remove(0);
    wrong.outputs.items.pop();
    let err = reader.push(&row_line(0, &wrong)).unwrap_err();
    assert_eq!(err.line, Some(2));
    assert!(matches!(err.problem, ShardProblem::Shape { what: "items", .. }), "{err}");
    let two = vec![ShardScenario { file: None, text: text.clone() }; 2];
    assert_eq!(
        ShardHeader::new(ShardKind::Run, 1, 10, 0..2, two).unwrap_err(),
        ShardProblem::ScenarioCount { kind: ShardKind::Run, got: 2 }
    );
}
