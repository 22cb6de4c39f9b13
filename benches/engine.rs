//! Criterion benchmark: runs per second of the model's example scenario on one core.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use livesim::engine::{load, simulate};

const RUNS_PER_ITER: u64 = 100;

fn example_scenario(c: &mut Criterion) {
    let text = include_str!("../www/scenarios/model-example.json");
    let plan = load(text).expect("the model's example is valid");
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

criterion_group!(benches, example_scenario);
criterion_main!(benches);
