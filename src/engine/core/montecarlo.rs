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

/// Runs `runs` of every plan of `plans` (an optimisation's candidates, a
/// comparison's variants), giving for each the records [`simulate_range`]
/// gives, bit for bit. Plans that differ only in the rundown and offers share
/// the opening minutes before their first difference
/// ([`Plan::shared_opening`]): each run simulates one reference plan and, at
/// each other plan's first difference, forks the session onto it
/// ([`Session::fork`]), so an opening is simulated once per run, not once per
/// plan. With `minutes` false the per-minute records are dropped.
pub fn simulate_plans(plans: &[&Plan], seed: u64, runs: Range<u64>, minutes: bool) -> Vec<Vec<RunRecord>> {
    let mut records: Vec<Vec<RunRecord>> =
        plans.iter().map(|_| Vec::with_capacity((runs.end - runs.start) as usize)).collect();
    let Some(reference) = reference_plan(plans) else { return records };
    let opening: Vec<u32> = plans.iter().map(|p| plans[reference].shared_opening(p)).collect();
    // The others in the order the reference reaches their forks (by minute,
    // bucketed: a sort would be one more copy of the sort code in the web build).
    let mut by_minute: Vec<Vec<usize>> = vec![Vec::new(); plans[reference].duration as usize + 1];
    for (k, &m) in opening.iter().enumerate().filter(|&(k, _)| k != reference) {
        by_minute[m as usize].push(k);
    }
    let order = by_minute.concat();
    let record = |run: u64, session: Session| {
        let inputs = session.inputs().to_vec();
        let mut outputs = session.finish();
        if !minutes {
            outputs.minutes = Vec::new();
        }
        RunRecord { run, inputs, outputs }
    };
    for run in runs {
        let mut session = Session::new(plans[reference], seed, run);
        for &k in &order {
            let other = if opening[k] == 0 {
                Session::new(plans[k], seed, run)
            } else {
                while session.minute() < opening[k] && session.step().is_some() {}
                // Checked above, once for all runs: the session is at the other plan's opening, and takes no actions.
                session.fork_unchecked(plans[k])
            };
            records[k].push(record(run, other));
        }
        records[reference].push(record(run, session));
    }
    records
}

/// [`simulate_plans`] with `runs` split over `threads` threads (at least one);
/// the split never changes the records.
pub fn simulate_plans_parallel(
    plans: &[&Plan],
    seed: u64,
    runs: Range<u64>,
    threads: usize,
    minutes: bool,
) -> Vec<Vec<RunRecord>> {
    let parts = split(runs, threads);
    if parts.len() < 2 {
        return simulate_plans(plans, seed, parts.into_iter().next().unwrap_or(0..0), minutes);
    }
    let shares: Vec<Vec<Vec<RunRecord>>> = std::thread::scope(|scope| {
        let handles: Vec<_> =
            parts.into_iter().map(|r| scope.spawn(move || simulate_plans(plans, seed, r, minutes))).collect();
        // A panic in a worker is a bug in the engine: pass it on unchanged.
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    let mut records: Vec<Vec<RunRecord>> = plans.iter().map(|_| Vec::new()).collect();
    for share in shares {
        for (all, part) in records.iter_mut().zip(share) {
            all.extend(part);
        }
    }
    records
}

/// `runs` in at most `threads` consecutive ranges of (nearly) equal length, none empty.
fn split(runs: Range<u64>, threads: usize) -> Vec<Range<u64>> {
    let n = runs.end.saturating_sub(runs.start);
    let per = n.div_ceil(threads.max(1) as u64).max(1);
    (runs.start..runs.end).step_by(per as usize).map(|start| start..(start + per).min(runs.end)).collect()
}

/// The plan to simulate in full and fork the others from: of a few spread
/// over the list, the one sharing the most opening minutes with all plans.
fn reference_plan(plans: &[&Plan]) -> Option<usize> {
    const TRIED: usize = 8;
    let n = plans.len();
    let tried = (0..TRIED.min(n)).map(|i| if TRIED >= n { i } else { (n - 1) * i / (TRIED - 1) });
    tried.max_by_key(|&r| plans.iter().map(|p| u64::from(plans[r].shared_opening(p))).sum::<u64>())
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
    let parts = split(runs, threads);
    if parts.len() < 2 {
        return simulate_range(plan, seed, parts.into_iter().next().unwrap_or(0..0));
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts.into_iter().map(|r| scope.spawn(move || simulate_range(plan, seed, r))).collect();
        // A panic in a worker is a bug in the engine: pass it on unchanged.
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}
