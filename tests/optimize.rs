//! Optimising decisions on a grid with common random numbers (`engine::optimize` and `livesim optimize`).
//!
//! The scenarios below force the answer. In `stock()`, one product sells about
//! 95 units a run (measured: mean 95, sd 9.8 over 500 runs), so a stock of 120
//! (2.5 sd above the mean) runs short in well under 1 % of runs, far inside a
//! 10 % bound, and a stock of 80 (1.5 sd below) runs short in most runs. In
//! `viewers()`, nobody arrives but direct and paid viewers, so the paid budget
//! adds `budget / cost_per_visit` unique viewers on average (2,000 per 1,000)
//! against a run-to-run spread of about 80: the ranking of budgets by mean
//! unique viewers cannot come out another way.

use std::path::Path;

use livesim::engine::decision::{Decision, Range};
use livesim::engine::optimize::{
    CandidateResult, Cmp, Constraint, Event, Measure, OPTIMIZE_SCHEMA, Objective, axes, candidate_plan,
    evaluate_candidate, optimize,
};
use livesim::engine::scenario::Scenario;
use livesim::engine::{Kpi, parse, simulate_chunked, simulate_parallel, simulate_range};
use serde_json::{Value, json};

mod common;
use common::{TempFile, livesim};

/// One mug, about 95 sold a run, with a discount (offer 0) that sells a few more.
fn stock_doc() -> Value {
    json!({
        "schema": "livesim/1",
        "name": "Stock",
        "duration_min": 30,
        "audience": {
            "direct": { "followers": 20000, "show_up_rate": 0.1 },
            "paid": { "budget": 1000, "cost_per_visit": 0.5 },
            "segments": { "new": { "intent_per_min": 0.013 }, "returning": { "intent_per_min": 0.026 } }
        },
        "catalog": [ { "id": "mug", "name": "Mug", "price": 10, "unit_cost": 4, "stock": 100000 } ],
        "offers": [ { "kind": "discount", "item": "mug", "pct": 0.1, "start_min": 10, "end_min": 20 } ]
    })
}

fn scenario(doc: &Value) -> Scenario {
    parse(&doc.to_string()).expect("a valid scenario")
}

fn stock() -> Scenario {
    scenario(&stock_doc())
}

fn var(text: &str, from: f64, to: f64, step: f64) -> (Decision, Range) {
    (text.parse().unwrap(), Range::new(from, to, step).unwrap())
}

fn no_stockouts() -> Constraint {
    Constraint::parse("p:stockout_lost>0<=0.10").unwrap()
}

#[test]
fn the_constraint_forces_the_smallest_stock_that_rarely_runs_short() {
    let s = stock();
    // Fewest units is best: unconstrained, the smallest stock would win.
    let objective = Objective { measure: Measure::Mean(Kpi::Units), maximize: false };
    let o =
        optimize(&s, &[var("item:mug.stock", 40.0, 200.0, 40.0)], objective, &[no_stockouts()], 1, 0..300, 2).unwrap();
    let stocks: Vec<f64> = o.candidates.iter().map(|c| c.values[0]).collect();
    assert_eq!(stocks, [40.0, 80.0, 120.0, 160.0, 200.0]);
    let feasible: Vec<bool> = o.candidates.iter().map(|c| c.feasible).collect();
    assert_eq!(feasible, [false, false, true, true, true], "{:?}", o.candidates);
    assert_eq!(o.best, Some(2));
    // 160 and 200 never run short, so their runs are the same run for run: a tie, to the first.
    assert_eq!(o.runner_up, Some(3));
    let (c120, c160, c200) = (&o.candidates[2], &o.candidates[3], &o.candidates[4]);
    assert_eq!(c160.objective, c200.objective);
    assert_eq!((c160.constraints[0].p, c200.constraints[0].p), (0.0, 0.0));
    assert!(c120.constraints[0].p <= 0.03 && c120.constraints[0].holds, "{:?}", c120.constraints);
    assert!(o.candidates[1].constraints[0].p > 0.5 && !o.candidates[1].constraints[0].holds);
    // The constraint's probability is the share of runs, checked run by run.
    let plan = candidate_plan(&s, &o.decisions, &[80.0]).unwrap();
    let short =
        simulate_range(&plan, 1, 0..300).iter().filter(|r| r.outputs.kpis.get(Kpi::StockoutLost) > Some(0.0)).count();
    assert_eq!(o.candidates[1].constraints[0].p, short as f64 / 300.0);
    // Paired: the best sells at most as many units as the runner-up in every run.
    let p = o.paired.unwrap();
    assert_eq!(p.n, 300);
    assert!(p.mean_difference <= 0.0 && (p.p_better + p.p_tie - 1.0).abs() < 1e-12, "{p:?}");
    // The objective's interval: a standard error and mean +- 1.645 se.
    let est = c120.objective.unwrap();
    assert!((est.hi.unwrap() - est.estimate - 1.6448536269514722 * est.se.unwrap()).abs() < 1e-9);
}

/// Direct and paid viewers only, and a discount that cannot change who arrives.
fn viewers() -> Scenario {
    let mut doc = stock_doc();
    doc["audience"]["paid"]["budget"] = json!(0);
    scenario(&doc)
}

#[test]
fn more_budget_brings_more_viewers_and_a_second_decision_that_changes_nothing_ties_exactly() {
    let s = viewers();
    let objective = Objective::new(Measure::Mean(Kpi::UniqueViewers));
    assert!(objective.maximize);
    let one = optimize(&s, &[var("paid.budget", 0.0, 3000.0, 1000.0)], objective, &[], 4, 0..60, 2).unwrap();
    assert_eq!((one.best, one.runner_up), (Some(3), Some(2)));
    let means: Vec<f64> = one.candidates.iter().map(|c| c.objective.unwrap().estimate).collect();
    assert!(means.windows(2).all(|w| w[1] > w[0] + 1500.0), "{means:?}");
    // Best against runner-up, run by run: 2,000 more paid visits on average; each run's
    // difference is the paid arrivals' difference alone (direct arrivals are shared).
    let p = one.paired.unwrap();
    assert_eq!((p.n, p.p_better), (60, 1.0));
    assert!((p.mean_difference - 2000.0).abs() < 5.0 * p.se + 1e-9, "{p:?}");

    // Two decisions: the discount cannot change arrivals, so at each budget the three
    // discounts tie exactly, and the first in grid order wins.
    let two = optimize(
        &s,
        &[var("paid.budget", 0.0, 2000.0, 1000.0), var("offer:0.percent", 0.0, 20.0, 10.0)],
        objective,
        &[],
        4,
        0..60,
        2,
    )
    .unwrap();
    assert_eq!(two.candidates.len(), 9);
    assert_eq!(two.candidates[6].values, [2000.0, 0.0]);
    assert_eq!((two.best, two.runner_up), (Some(6), Some(7)));
    let p = two.paired.unwrap();
    assert_eq!((p.mean_difference, p.p_tie, p.p_better), (0.0, 1.0, 0.0));
    // Common random numbers: the same point in two grids scores the same, to the bit.
    assert_eq!(two.candidates[3].objective, one.candidates[1].objective);
    assert_eq!(two.candidates[6].objective, one.candidates[2].objective);
}

#[test]
fn scores_do_not_depend_on_threads_chunks_or_record_order() {
    let s = stock();
    let objective = Objective::new(Measure::Median(Kpi::Revenue));
    let constraints = [no_stockouts(), Constraint::parse("p:contribution<0<=0.05").unwrap()];
    let decisions = [var("item:mug.stock", 60.0, 140.0, 40.0), var("offer:0.length", 5.0, 15.0, 5.0)];
    let one = optimize(&s, &decisions, objective, &constraints, 9, 0..80, 1).unwrap();
    let two = optimize(&s, &decisions, objective, &constraints, 9, 0..80, 2).unwrap();
    assert_eq!(one, two);
    assert_eq!(serde_json::to_string(&one.report()).unwrap(), serde_json::to_string(&two.report()).unwrap());

    // evaluate_candidate on records chunked as workers would get them, in any order.
    let axes = axes(&s, &decisions).unwrap();
    let plan = candidate_plan(&s, &axes, &[100.0, 10.0]).unwrap();
    let whole = evaluate_candidate(&objective, &constraints, &simulate_parallel(&plan, 9, 0..80, 2));
    let mut chunked = simulate_chunked(&plan, 9, 0..80, 7);
    chunked.reverse();
    assert_eq!(evaluate_candidate(&objective, &constraints, &chunked), whole);
    let at = one.candidates.iter().position(|c| c.values == [100.0, 10.0]).unwrap();
    assert_eq!(one.candidates[at].objective, whole.objective);
    assert_eq!(one.candidates[at].constraints, whole.constraints);
    // The same value evaluated twice gives the same result (the runs are shared).
    let again = evaluate_candidate(&objective, &constraints, &simulate_range(&plan, 9, 0..80));
    assert_eq!(again, whole);
    // The median's 90 % interval is two order statistics around it.
    let est = whole.objective.unwrap();
    assert!(est.lo.unwrap() <= est.estimate && est.estimate <= est.hi.unwrap() && est.se.is_none());
}

#[test]
fn an_invalid_candidate_is_reported_with_the_validation_message_and_never_chosen() {
    let s = stock();
    let objective = Objective::new(Measure::Mean(Kpi::Revenue));
    let o = optimize(&s, &[var("offer:0.start", 0.0, 25.0, 5.0)], objective, &[], 2, 0..20, 2).unwrap();
    // A 10-minute window starting at 25 ends at 35, past the 30-minute live.
    let last: &CandidateResult = o.candidates.last().unwrap();
    assert_eq!(last.values, [25.0]);
    assert_eq!(last.invalid.as_deref(), Some("offers[0].end_min: must be <= duration_min (30), got 35"));
    assert!(!last.feasible && last.objective.is_none());
    assert!(o.candidates[..5].iter().all(|c| c.invalid.is_none() && c.feasible));
    assert!(o.best.is_some_and(|b| b < 5));
    // A value the field cannot hold: the decision's message.
    let o = optimize(&s, &[var("item:mug.stock", 0.0, 10.0, 10.0)], objective, &[], 2, 0..5, 1);
    assert!(o.unwrap().candidates.iter().all(|c| c.invalid.is_none()));
    let o = optimize(&s, &[var("offer:0.percent", 50.0, 150.0, 50.0)], objective, &[], 2, 0..5, 1).unwrap();
    assert_eq!(o.candidates[2].invalid.as_deref(), Some("offers[0].pct: must be between 0 and 1, got 1.5"));
    // Nothing feasible: no best, no pairing.
    let impossible = Constraint {
        event: Event { kpi: Kpi::Revenue, cmp: Cmp::Ge, threshold: 0.0 },
        bound: Cmp::Le,
        probability: 0.5,
    };
    let o = optimize(&s, &[var("item:mug.stock", 100.0, 120.0, 10.0)], objective, &[impossible], 2, 0..10, 1).unwrap();
    assert_eq!((o.best, o.runner_up, o.paired), (None, None, None));
}

#[test]
fn grid_errors_are_named() {
    let s = stock();
    let objective = Objective::new(Measure::Mean(Kpi::Revenue));
    let err =
        |decisions: &[(Decision, Range)]| optimize(&s, decisions, objective, &[], 1, 0..1, 1).unwrap_err().to_string();
    assert_eq!(err(&[]), "optimize takes 1 to 2 decisions, got 0");
    let b = var("paid.budget", 0.0, 10.0, 1.0);
    assert_eq!(err(&[b.clone(), b.clone(), b.clone()]), "optimize takes 1 to 2 decisions, got 3");
    assert_eq!(err(&[b.clone(), b.clone()]), "paid.budget is given twice");
    assert_eq!(err(&[var("kit:box.price", 0.0, 1.0, 1.0)]), "kit:box.price: no kit of that id");
    let wide = var("paid.budget", 0.0, 200.0, 1.0);
    assert_eq!(
        err(&[wide.clone(), var("offer:0.percent", 0.0, 20.0, 1.0)]),
        "the grid has 4221 candidates; at most 2500: use larger steps"
    );
}

// The command line.

#[test]
fn cli_prints_the_engine_answer_as_documented_json() {
    let file = TempFile::with_json("stock.json", &stock_doc());
    let args = [
        "optimize",
        file.arg(),
        "--var",
        "item:mug.stock=40..200:40",
        "--objective",
        "mean:units",
        "--minimize",
        "--constraint",
        "p:stockout_lost>0<=0.10",
        "--runs",
        "300",
        "--seed",
        "1",
        "--threads",
        "2",
    ];
    let ran = livesim(&args);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert_eq!(ran.stderr, "");
    let v: Value = serde_json::from_str(&ran.stdout).unwrap();
    let order = [
        "schema",
        "scenario",
        "runs",
        "seed",
        "decisions",
        "objective",
        "constraints",
        "best",
        "runner_up",
        "paired",
        "candidates",
    ];
    let at: Vec<usize> = order.iter().map(|k| ran.stdout.find(&format!("\"{k}\":")).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    assert_eq!(v["schema"], OPTIMIZE_SCHEMA);
    assert_eq!(
        v["decisions"][0],
        json!({ "decision": "item:mug.stock", "base": 100000.0, "values": [40.0, 80.0, 120.0, 160.0, 200.0] })
    );
    assert_eq!(
        v["objective"],
        json!({ "text": "mean:units", "kind": "mean", "kpi": "units", "direction": "minimize" })
    );
    assert_eq!(v["constraints"][0]["max_probability"], json!(0.1));
    assert_eq!((v["best"].as_u64(), v["runner_up"].as_u64()), (Some(2), Some(3)));
    // The engine's answer, to the byte, whatever the threads.
    let s = stock();
    let objective = Objective { measure: Measure::Mean(Kpi::Units), maximize: false };
    let o =
        optimize(&s, &[var("item:mug.stock", 40.0, 200.0, 40.0)], objective, &[no_stockouts()], 1, 0..300, 1).unwrap();
    assert_eq!(ran.stdout, format!("{}\n", serde_json::to_string(&o.report()).unwrap()));
    let mut one_thread = args.to_vec();
    one_thread[14] = "1";
    assert_eq!(livesim(&one_thread).stdout, ran.stdout);

    // A target as the objective: p:KPI reads the scenario's target.
    let mut doc = stock_doc();
    doc["targets"] = json!({ "revenue": 900 });
    let file = TempFile::with_json("target.json", &doc);
    let ran = livesim(&[
        "optimize",
        file.arg(),
        "--var",
        "offer:0.percent=0..20:10",
        "--objective",
        "p:revenue",
        "--runs",
        "30",
    ]);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    let v: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(v["objective"]["text"], "p:revenue>=900");
    assert_eq!(v["objective"]["direction"], "maximize");
}

#[test]
fn cli_usage_errors_exit_2_with_a_message() {
    let file = TempFile::with_json("usage.json", &stock_doc());
    let f = file.arg();
    for (args, says) in [
        (vec!["optimize", f, "--objective", "mean:revenue"], "--var"),
        (vec!["optimize", f, "--var", "paid.budget=0..10:1"], "--objective"),
        (
            vec!["optimize", f, "--var", "shelf:1.x=0..1", "--objective", "mean:revenue"],
            "unknown decision kind `shelf`",
        ),
        (vec!["optimize", f, "--var", "paid.budget=0..10", "--objective", "mean:revenue"], "a step is needed"),
        (
            vec!["optimize", f, "--var", "kit:box.price=0..10:1", "--objective", "mean:revenue"],
            "kit:box.price: no kit of that id",
        ),
        (vec!["optimize", f, "--var", "paid.budget=0..10:1", "--objective", "max:revenue"], "is not an objective"),
        (vec!["optimize", f, "--var", "paid.budget=0..10:1", "--objective", "p:revenue"], "no target on revenue"),
        (
            vec![
                "optimize",
                f,
                "--var",
                "paid.budget=0..10:1",
                "--objective",
                "mean:revenue",
                "--constraint",
                "p:revenue>0",
            ],
            "is not a constraint",
        ),
        (
            vec![
                "optimize",
                f,
                "--var",
                "paid.budget=0..10:1",
                "--objective",
                "mean:revenue",
                "--maximize",
                "--minimize",
            ],
            "cannot be used with",
        ),
    ] {
        let ran = livesim(&args);
        assert_eq!((ran.code, ran.stdout.as_str()), (Some(2), ""), "{args:?}: {}", ran.stderr);
        assert!(ran.stderr.contains(says), "{args:?}: {}", ran.stderr);
    }
    let help = livesim(&["optimize", "--help"]);
    assert_eq!(help.code, Some(0));
    for word in ["--var", "--objective", "--constraint", "offer:N.start", "block:N.order", "paid.budget"] {
        assert!(help.stdout.contains(word), "help names {word}");
    }
    let missing = Path::new("/nonexistent/livesim-optimize.json");
    let ran = livesim(&[
        "optimize",
        missing.to_str().unwrap(),
        "--var",
        "paid.budget=0..10:1",
        "--objective",
        "mean:revenue",
    ]);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
}
