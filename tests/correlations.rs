//! Rank correlations between uncertain inputs (an extension of `livesim/1`):
//! the achieved Spearman correlation, the marginals, the draws of scenarios
//! without correlations, and validation.

use livesim::engine::uncertain::{Dist, draw_inputs};
use livesim::engine::{Plan, ScenarioErrors, load, parse, simulate};
use serde_json::{Value, json};

const SEED: u64 = 20_251_123;
const N: u64 = 20_000;

const SHOW_UP: &str = "audience.direct.show_up_rate"; // lognormal
const INTENT_NEW: &str = "audience.segments.new.intent_per_min"; // lognormal
const ORGANIC: &str = "audience.organic.base_per_min"; // uniform
const CPV: &str = "audience.paid.cost_per_visit"; // triangular
const SHIPPING: &str = "costs.shipping_per_order"; // normal

fn example() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/scenarios/uncertain-launch-zar.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("the example is readable")).expect("JSON")
}

fn with_correlations(correlations: Value) -> Result<Plan, ScenarioErrors> {
    let mut v = example();
    v["correlations"] = correlations;
    load(&v.to_string())
}

fn plan(correlations: Value) -> Plan {
    with_correlations(correlations).unwrap_or_else(|e| panic!("does not validate:\n{e}"))
}

fn errors(correlations: Value) -> Vec<String> {
    match with_correlations(correlations) {
        Ok(_) => panic!("validates"),
        Err(e) => e.0.iter().map(|e| e.to_string()).collect(),
    }
}

fn index(plan: &Plan, path: &str) -> usize {
    plan.uncertain.iter().position(|u| u.path == path).unwrap_or_else(|| panic!("{path} is not uncertain"))
}

/// Every run's drawn inputs, one row per run.
fn draws(plan: &Plan) -> Vec<Vec<f64>> {
    (0..N).map(|run| draw_inputs(plan, SEED, run)).collect()
}

fn column(rows: &[Vec<f64>], j: usize) -> Vec<f64> {
    rows.iter().map(|r| r[j]).collect()
}

fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut r = vec![0.0; xs.len()];
    for (rank, &i) in order.iter().enumerate() {
        r[i] = rank as f64;
    }
    r
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let syy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    sxy / (sxx * syy).sqrt()
}

/// Spearman's rank correlation (the draws are continuous: no ties).
fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

/// Checks the achieved Spearman correlation against `rho` in Fisher's z:
/// `atanh(r_s)` is about normal with variance `1.06 / (n - 3)` (Fieller,
/// Hartley and Pearson, 1957); 5 standard errors, with a fixed seed.
fn assert_spearman(what: &str, x: &[f64], y: &[f64], rho: f64) -> f64 {
    let r = spearman(x, y);
    let se = (1.06 / (x.len() as f64 - 3.0)).sqrt();
    let z = (r.atanh() - rho.atanh()) / se;
    eprintln!("{what}: requested {rho}, achieved {r:.4} ({z:+.2} standard errors in Fisher z)");
    assert!(z.abs() < 5.0, "{what}: requested {rho}, achieved {r} ({z} standard errors)");
    r
}

fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// The CDF of a distribution, written from its definition.
fn cdf(dist: Dist, x: f64) -> f64 {
    match dist {
        Dist::Uniform { lo, hi } => ((x - lo) / (hi - lo)).clamp(0.0, 1.0),
        Dist::Normal { mean, sd } => normal_cdf((x - mean) / sd),
        Dist::LogNormal { mu, sigma } => {
            if x <= 0.0 {
                0.0
            } else {
                normal_cdf((x.ln() - mu) / sigma)
            }
        }
        Dist::Triangular { lo, mode, hi } => {
            if x <= lo {
                0.0
            } else if x <= mode {
                (x - lo).powi(2) / ((hi - lo) * (mode - lo))
            } else if x < hi {
                1.0 - (hi - x).powi(2) / ((hi - lo) * (hi - mode))
            } else {
                1.0
            }
        }
    }
}

/// The Kolmogorov-Smirnov statistic of `xs` against `dist`.
fn ks(xs: &[f64], dist: Dist) -> f64 {
    let mut s = xs.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len() as f64;
    s.iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = cdf(dist, x);
            (f - i as f64 / n).max((i + 1) as f64 / n - f)
        })
        .fold(0.0, f64::max)
}

#[test]
fn the_achieved_rank_correlation_is_the_requested_one() {
    // Each case pairs two different distributions.
    let cases = [
        (-0.8, SHOW_UP, ORGANIC),
        (-0.3, CPV, SHIPPING),
        (0.3, ORGANIC, CPV),
        (0.6, SHOW_UP, INTENT_NEW),
        (0.9, SHIPPING, ORGANIC),
    ];
    for (rho, a, b) in cases {
        let plan = plan(json!([{ "a": a, "b": b, "rho": rho, "x": "a note" }]));
        let rows = draws(&plan);
        let (i, j) = (index(&plan, a), index(&plan, b));
        assert_spearman(&format!("{a} ~ {b}"), &column(&rows, i), &column(&rows, j), rho);
        // Each correlated input keeps its own distribution: Kolmogorov-Smirnov
        // at alpha 0.001 (asymptotic critical value 1.949 / sqrt(n)).
        for k in [i, j] {
            let input = &plan.uncertain[k];
            let d = ks(&column(&rows, k), input.dist);
            let critical = 1.949 / (N as f64).sqrt();
            eprintln!("  KS of {} ({:?}): D = {d:.5} (critical {critical:.5})", input.path, input.dist);
            assert!(d < critical, "{}: D = {d} >= {critical}", input.path);
        }
    }
}

#[test]
fn a_run_record_keeps_the_correlated_draws() {
    let plan = plan(json!([{ "a": SHOW_UP, "b": INTENT_NEW, "rho": 0.6 }]));
    for run in 0..5 {
        assert_eq!(simulate(&plan, SEED, run).inputs, draw_inputs(&plan, SEED, run));
    }
}

#[test]
fn three_correlated_inputs_keep_every_pair_including_an_undeclared_zero() {
    // a~b and b~c declared, a~c undeclared (so 0): a valid matrix.
    let plan1 = plan(json!([{ "a": SHOW_UP, "b": ORGANIC, "rho": 0.6 }, { "a": ORGANIC, "b": CPV, "rho": 0.6 }]));
    assert_eq!(plan1.correlated.len(), 1);
    assert_eq!(plan1.correlated[0].inputs.len(), 3);
    let rows = draws(&plan1);
    let [a, b, c] = [SHOW_UP, ORGANIC, CPV].map(|p| column(&rows, index(&plan1, p)));
    assert_spearman("3 inputs: a ~ b", &a, &b, 0.6);
    assert_spearman("3 inputs: b ~ c", &b, &c, 0.6);
    assert_spearman("3 inputs: a ~ c (undeclared)", &a, &c, 0.0);

    // All three declared.
    let plan2 = plan(json!([
        { "a": SHOW_UP, "b": SHIPPING, "rho": 0.5 },
        { "a": SHIPPING, "b": CPV, "rho": -0.4 },
        { "a": CPV, "b": SHOW_UP, "rho": 0.2 }
    ]));
    let rows = draws(&plan2);
    let [a, b, c] = [SHOW_UP, SHIPPING, CPV].map(|p| column(&rows, index(&plan2, p)));
    assert_spearman("3 inputs: a ~ b", &a, &b, 0.5);
    assert_spearman("3 inputs: b ~ c", &b, &c, -0.4);
    assert_spearman("3 inputs: c ~ a", &c, &a, 0.2);
}

/// FNV-1a over the bits of every draw of runs `0..5000` under seed 2024.
fn draws_hash(plan: &Plan) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for run in 0..5000 {
        for v in draw_inputs(plan, 2024, run) {
            h = (h ^ v.to_bits()).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[test]
fn scenarios_without_correlations_draw_exactly_as_before() {
    // Pinned with the engine before correlations existed.
    let plain = load(&example().to_string()).unwrap();
    assert!(plain.correlated.is_empty());
    assert_eq!(draws_hash(&plain), 0xcebc_a008_6d1b_ec02);
    let first = draw_inputs(&plain, 2024, 0);
    assert_eq!(first[3], 20536.383021099256);
    assert_eq!(first[16], 121.65120118872497);

    // With correlations, an input named in none keeps its draws bit for bit.
    let correlated = plan(json!([{ "a": SHOW_UP, "b": CPV, "rho": 0.7 }]));
    let named = [index(&correlated, SHOW_UP), index(&correlated, CPV)];
    let mut changed = 0;
    for run in 0..2000 {
        let (p, c) = (draw_inputs(&plain, SEED, run), draw_inputs(&correlated, SEED, run));
        for j in 0..p.len() {
            if named.contains(&j) {
                changed += usize::from(p[j] != c[j]);
            } else {
                assert_eq!(p[j].to_bits(), c[j].to_bits(), "run {run}: {} changed", plain.uncertain[j].path);
            }
        }
    }
    assert!(changed > 3900, "the correlated inputs are redrawn ({changed} of 4000 changed)");
}

#[test]
fn each_rule_is_checked_with_its_path() {
    assert_eq!(
        errors(json!([{ "a": "audience.direct.returning_share", "b": "audience.paid.show_up_rate", "rho": 0.5 }])),
        [
            "correlations[0].a: \"audience.direct.returning_share\" is not an uncertain input of this scenario (give it a range)",
            "correlations[0].b: \"audience.paid.show_up_rate\" is not an uncertain input of this scenario (give it a range)",
        ]
    );
    assert_eq!(
        errors(json!([{ "a": SHOW_UP, "b": SHOW_UP, "rho": 0.5 }])),
        ["correlations[0].b: must name another input than a"]
    );
    assert_eq!(
        errors(json!([{ "a": SHOW_UP, "b": CPV, "rho": 1.5 }, { "a": SHOW_UP, "b": ORGANIC, "rho": -1.01 }])),
        [
            "correlations[0].rho: must be between -1 and 1, got 1.5",
            "correlations[1].rho: must be between -1 and 1, got -1.01"
        ]
    );
    // The same pair, either way round.
    assert_eq!(
        errors(json!([{ "a": SHOW_UP, "b": CPV, "rho": 0.5 }, { "a": CPV, "b": SHOW_UP, "rho": 0.4 }])),
        ["correlations[1]: repeats the pair of correlations[0]"]
    );
    // a~b 0.9, b~c 0.9 and a~c -0.9 cannot hold together.
    assert_eq!(
        errors(json!([
            { "a": SHOW_UP, "b": ORGANIC, "rho": 0.9 },
            { "a": ORGANIC, "b": CPV, "rho": 0.9 },
            { "a": SHOW_UP, "b": CPV, "rho": -0.9 }
        ])),
        [
            "correlations: the correlations between \"audience.direct.show_up_rate\", \"audience.paid.cost_per_visit\" and \
             \"audience.organic.base_per_min\" contradict each other (no joint distribution has them all): weaken or remove one"
        ]
    );
    // A range with an error of its own is not reported again here.
    let mut v = example();
    v["audience"]["direct"]["show_up_rate"] = json!({ "lo": 0.07, "hi": 0.03 });
    v["correlations"] = json!([{ "a": SHOW_UP, "b": CPV, "rho": 0.5 }]);
    let e = load(&v.to_string()).unwrap_err();
    assert_eq!(e.to_string(), "audience.direct.show_up_rate: lo must be <= hi, got lo 0.07 and hi 0.03");
}

#[test]
fn a_non_finite_rho_is_refused() {
    let mut s = parse(&example().to_string()).unwrap();
    s.correlations =
        vec![livesim::engine::scenario::Correlation { a: SHOW_UP.into(), b: CPV.into(), rho: f64::NAN, x: None }];
    let e = livesim::engine::check(&s).unwrap_err();
    assert_eq!(e.to_string(), "correlations[0].rho: must be a finite number, got NaN");
}

#[test]
fn unknown_fields_are_refused_and_notes_allowed() {
    let e = with_correlations(json!([{ "a": SHOW_UP, "b": CPV, "rho": 0.5, "method": "iman-conover" }])).unwrap_err();
    assert_eq!(e.0[0].path, "correlations[0].method");
    assert!(e.to_string().contains("unknown field `method`"), "{e}");
    assert!(
        with_correlations(json!([{ "a": SHOW_UP, "b": CPV, "rho": -1, "x": { "why": "cheap clicks, keen viewers" } }]))
            .is_ok()
    );
}

#[test]
fn exact_plus_or_minus_one_moves_the_ranks_together() {
    let plan = plan(json!([{ "a": SHOW_UP, "b": ORGANIC, "rho": 1 }, { "a": CPV, "b": SHIPPING, "rho": -1 }]));
    let rows: Vec<Vec<f64>> = (0..2000).map(|run| draw_inputs(&plan, SEED, run)).collect();
    let col = |p| column(&rows, index(&plan, p));
    assert!(spearman(&col(SHOW_UP), &col(ORGANIC)) > 0.999_999);
    assert!(spearman(&col(CPV), &col(SHIPPING)) < -0.999_999);
}
