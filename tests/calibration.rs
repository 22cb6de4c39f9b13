//! Calibration recovers what it should: lives simulated from known parameters, calibrated from a plan that
//! guessed them wrong, put the true values inside the reported 90 % intervals; and a calibration is the
//! same however its candidates are split.

use livesim::engine::actual::{Actual, simulated_live};
use livesim::engine::calibrate::{Calibration, Options, Proposal, calibrate, calibrated_scenario};
use livesim::engine::{Plan, load};
use serde_json::Value;

const EXAMPLE: &str = include_str!("../www/scenarios/model-example.json");

/// The model's example with the numbers at `paths` multiplied by their factors.
fn scaled(changes: &[(&str, f64)]) -> (Value, Plan) {
    let mut doc: Value = serde_json::from_str(EXAMPLE).unwrap();
    for &(path, factor) in changes {
        let mut at = &mut doc;
        for part in path.split('.') {
            at = at.get_mut(part).unwrap_or_else(|| panic!("{path} is in the example"));
        }
        *at = Value::from(at.as_f64().unwrap() * factor);
    }
    let plan = load(&doc.to_string()).unwrap();
    (doc, plan)
}

fn fit(plan: &Plan, lives: &[Actual], seed: u64) -> Vec<livesim::engine::calibrate::Estimate> {
    let calibration = Calibration::new(plan, lives, Options::default()).unwrap();
    let rounds = calibrate(&calibration, |proposal, runs| calibration.candidates(proposal, seed, runs));
    rounds.last().unwrap().estimates.clone()
}

const SHOW_UP: &str = "audience.direct.show_up_rate";
const TAU: &str = "audience.direct.arrival_tau_min";
const BASE: &str = "audience.organic.base_per_min";
const NEW_INTENT: &str = "audience.segments.new.intent_per_min";
const NEW_LEAVE: &str = "audience.segments.new.leave_per_min";
const RET_INTENT: &str = "audience.segments.returning.intent_per_min";
const RET_LEAVE: &str = "audience.segments.returning.leave_per_min";

#[test]
fn true_values_fall_inside_the_reported_intervals() {
    // Four truths, each a different mix of the plan being wrong, by up to a factor of 1.8.
    let truths: [&[(&str, f64)]; 4] = [
        &[],
        &[(SHOW_UP, 1.6), (TAU, 0.6), (NEW_INTENT, 0.6), (RET_LEAVE, 1.4)],
        &[(SHOW_UP, 0.6), (BASE, 1.8), (RET_INTENT, 1.5), (NEW_LEAVE, 0.7)],
        &[(TAU, 1.8), (NEW_INTENT, 1.4), (RET_INTENT, 0.7), (NEW_LEAVE, 1.3), (RET_LEAVE, 0.8)],
    ];
    let (_, plan) = scaled(&[]);
    let mut misses = Vec::new();
    let mut checks = 0;
    let mut narrowed = 0;
    for (k, truth) in truths.iter().enumerate() {
        let (truth_doc, truth_plan) = scaled(truth);
        let live = simulated_live(&truth_plan, 1000 + k as u64, 0);
        let estimates = fit(&plan, &[live], 77 + k as u64);
        assert_eq!(estimates.len(), 7, "the example fits show-up, tau, organic base and both segments' rates");
        for e in &estimates {
            let mut at = &truth_doc;
            for part in e.path.split('.') {
                at = &at[part];
            }
            let true_value = at.as_f64().unwrap();
            checks += 1;
            eprintln!(
                "truth {k} {}: true {true_value:.4} fit {:.4} [{:.4}, {:.4}] prior [{:.4}, {:.4}]",
                e.path, e.median, e.lo, e.hi, e.prior_lo, e.prior_hi
            );
            if !(e.lo <= true_value && true_value <= e.hi) {
                misses.push(format!("truth {k}: {} = {true_value} outside {}..{}", e.path, e.lo, e.hi));
            }
            if (e.hi / e.lo).ln() < 0.5 * (e.prior_hi / e.prior_lo).ln() {
                narrowed += 1;
            }
        }
    }
    // With honest 90 % intervals a miss is a 1-in-10 event: over 28 checks the misses are at most
    // Binomial(28, 0.1), which reaches 9 or more with probability 0.0012.
    assert!(
        misses.len() < 9,
        "{} of {checks} true values outside their intervals:\n{}",
        misses.len(),
        misses.join("\n")
    );
    // And the data teaches something: most intervals are less than half as wide (in ratio) as the prior's.
    assert!(narrowed * 2 > checks, "only {narrowed} of {checks} intervals narrowed to half the prior's");
}

#[test]
fn a_calibration_is_the_same_however_its_candidates_are_split() {
    let (_, plan) = scaled(&[(SHOW_UP, 1.3)]);
    let live = simulated_live(&plan, 5, 0);
    let options = Options { runs_per_round: 300, rounds: 2, ..Options::default() };
    let calibration = Calibration::new(&plan, &[live.clone(), live], options).unwrap();
    let whole = calibrate(&calibration, |p, runs| calibration.candidates(p, 9, runs));
    // In three uneven pieces, handed back last piece first.
    let split = calibrate(&calibration, |p: &Proposal, runs| {
        let len = runs.end - runs.start;
        let (a, b) = (runs.start + len / 7, runs.start + len / 2);
        let mut all = calibration.candidates(p, 9, b..runs.end);
        all.extend(calibration.candidates(p, 9, a..b));
        all.extend(calibration.candidates(p, 9, runs.start..a));
        all
    });
    assert_eq!(whole, split);
}

#[test]
fn the_calibrated_scenario_carries_the_intervals_and_loads() {
    let (doc, plan) = scaled(&[]);
    let live = simulated_live(&plan, 3, 0);
    let options = Options { runs_per_round: 400, rounds: 2, ..Options::default() };
    let calibration = Calibration::new(&plan, &[live], options).unwrap();
    let rounds = calibrate(&calibration, |p, runs| calibration.candidates(p, 1, runs));
    let estimates = &rounds.last().unwrap().estimates;
    let calibrated = calibrated_scenario(&doc, estimates);
    let loaded = load(&calibrated.to_string()).expect("the calibrated scenario is valid");
    assert_eq!(loaded.name, "Autumn skincare live (calibrated)");
    for e in estimates {
        let input = loaded.uncertain.iter().find(|u| u.path == e.path).expect("each fitted number is a range");
        let median = input.dist.at_normal_score(0.0);
        assert!(e.lo * 0.99 <= median && median <= e.hi * 1.01, "{}: {median} in {}..{}", e.path, e.lo, e.hi);
    }
    assert_eq!(loaded.duration, plan.duration);
}
