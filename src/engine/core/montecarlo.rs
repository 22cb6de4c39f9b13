//! The Monte Carlo runner: runs by index, in chunks or on threads, each kept with its drawn inputs.
//!
//! A run depends only on `(plan, seed, run index)`, so any split of `0..N`
//! into ranges, simulated anywhere in any order, gives the same records; the
//! summary sorts them by run index before it adds anything up.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::outputs::RunOutputs;
use super::plan::Plan;
use super::session::Session;

/// One run's drawn uncertain inputs (in `plan.uncertain` order) and outputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub run: u64,
    pub inputs: Vec<f64>,
    pub outputs: RunOutputs,
}

pub fn simulate(plan: &Plan, seed: u64, run: u64) -> RunRecord {
    let session = Session::new(plan, seed, run);
    let inputs = session.inputs().to_vec();
    RunRecord { run, inputs, outputs: session.finish() }
}

/// Runs `runs` one after another.
pub fn simulate_range(plan: &Plan, seed: u64, runs: Range<u64>) -> Vec<RunRecord> {
    runs.map(|run| simulate(plan, seed, run)).collect()
}

/// Runs `runs` split into chunks of `chunk` runs (the way workers receive them).
pub fn simulate_chunked(plan: &Plan, seed: u64, runs: Range<u64>, chunk: u64) -> Vec<RunRecord> {
    let chunk = chunk.max(1);
    let mut records = Vec::with_capacity((runs.end - runs.start) as usize);
    let mut start = runs.start;
    while start < runs.end {
        let end = start.saturating_add(chunk).min(runs.end);
        records.extend(simulate_range(plan, seed, start..end));
        start = end;
    }
    records
}

/// Runs `runs` on `threads` threads (at least one), each taking interleaved chunks.
pub fn simulate_parallel(plan: &Plan, seed: u64, runs: Range<u64>, threads: usize) -> Vec<RunRecord> {
    let threads = threads.max(1) as u64;
    let n = runs.end.saturating_sub(runs.start);
    if threads == 1 || n < 2 {
        return simulate_range(plan, seed, runs);
    }
    let per = n.div_ceil(threads);
    let mut records: Vec<RunRecord> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let start = runs.start + t * per;
                let end = (start + per).min(runs.end);
                scope.spawn(move || simulate_range(plan, seed, start.min(end)..end))
            })
            .collect();
        // A panic in a worker is a bug in the engine: pass it on unchanged.
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    records.sort_by_key(|r| r.run);
    records
}
