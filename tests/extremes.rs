//! Valid but extreme scenarios still run to the end quickly, with finite outputs (no hang, no overflow).

use livesim::engine::{Kpi, load, simulate};
use serde_json::{Value, json};

fn example() -> Value {
    serde_json::from_str(include_str!("../www/scenarios/model-example.json")).unwrap()
}

fn runs_finite(mutate: impl Fn(&mut Value)) {
    let mut v = example();
    mutate(&mut v);
    let plan = load(&v.to_string()).expect("still valid");
    let out = simulate(&plan, 1, 0).outputs;
    for k in Kpi::ALL {
        if let Some(x) = out.kpis.get(k) {
            assert!(x.is_finite(), "{} = {x}", k.name());
        }
    }
}

#[test]
fn a_near_free_visit_against_a_huge_budget_runs() {
    runs_finite(|v| {
        v["audience"]["paid"]["budget"] = json!(1e12);
        v["audience"]["paid"]["cost_per_visit"] = json!(1e-300);
        v["catalog"][0]["stock"] = json!(10);
        v["catalog"][1]["stock"] = json!(10);
    });
}

#[test]
fn the_largest_factors_allowed_run() {
    runs_finite(|v| {
        v["content"]["demo"]["chat"] = json!(1e4);
        v["audience"]["organic"]["engagement_boost"] = json!(1e4);
    });
}

#[test]
fn factors_beyond_the_limit_are_refused_with_their_path() {
    let mut v = example();
    v["content"]["demo"]["chat"] = json!(1e300);
    let errors = load(&v.to_string()).unwrap_err();
    assert_eq!(errors.to_string(), "content.demo.chat: must be <= 10000, got 1e300");
}

#[test]
fn a_billion_followers_arriving_at_once_runs() {
    runs_finite(|v| {
        v["audience"]["direct"]["followers"] = json!(1e12);
        v["audience"]["direct"]["show_up_rate"] = json!(1.0);
        v["audience"]["direct"]["arrival_tau_min"] = json!(0);
    });
}
