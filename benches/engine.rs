//! Criterion benchmarks on one core: runs per second of the model's example, and an optimisation's candidates run one by one or forked from their shared openings.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use livesim::engine::{Decision, Plan, check, load, parse, simulate, simulate_plans, simulate_range};

const EXAMPLE: &str = include_str!("../www/scenarios/model-example.json");
const RUNS_PER_ITER: u64 = 100;

fn example_scenario(c: &mut Criterion) {
    let plan = load(EXAMPLE).expect("the model's example is valid");
    let mut group = c.benchmark_group("model-example");
    group.throughput(Throughput::Elements(RUNS_PER_ITER));
    let mut next = 0u64;
    group.bench_function("runs", |b| {
        b.iter(|| {
            for _ in 0..RUNS_PER_ITER {
                black_box(simulate(&plan, 1, next));
                next += 1;
            }
        })
    });
    group.finish();
}

/// The browser benchmark's optimisation: the flash sale's start from minute 30 to 69, 40 candidates.
fn start_candidates() -> Vec<Plan> {
    let s = parse(EXAMPLE).expect("the model's example is valid");
    let decision: Decision = "offer:1.start".parse().expect("a decision");
    (30..70)
        .map(|start| check(&decision.apply(&s, f64::from(start)).expect("a start within the live")).expect("valid"))
        .collect()
}

fn optimisation_candidates(c: &mut Criterion) {
    const RUNS: u64 = 10;
    let plans = start_candidates();
    let refs: Vec<&Plan> = plans.iter().collect();
    let mut group = c.benchmark_group("flash-start-40-candidates");
    group.throughput(Throughput::Elements(RUNS * plans.len() as u64));
    group.sample_size(20);
    let mut next = 0u64;
    group.bench_function("one-by-one", |b| {
        b.iter(|| {
            for plan in &plans {
                black_box(simulate_range(plan, 1, next..next + RUNS));
            }
            next += RUNS;
        })
    });
    group.bench_function("forked", |b| {
        b.iter(|| {
            black_box(simulate_plans(&refs, 1, next..next + RUNS, false));
            next += RUNS;
        })
    });
    group.finish();
}

criterion_group!(benches, example_scenario, optimisation_candidates);
criterion_main!(benches);
