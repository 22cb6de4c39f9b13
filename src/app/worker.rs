//! The simulation worker: runs chunks of a job's runs off the page's thread.

use std::rc::Rc;

use gloo_worker::{HandlerId, Worker, WorkerScope};

use crate::app::protocol::{ChunkDone, RunChunk};
use crate::engine::decision::Decision;
use crate::engine::validate::{check, parse};
use crate::engine::{Plan, RunRecord, simulate_plans, summary::SERIES_RUNS};

/// The plans of one job's parts, by part index: a job's chunks share them,
/// so each is checked once per worker, not once per chunk.
struct JobPlans {
    job: u64,
    plans: Vec<Option<Result<Rc<Plan>, String>>>,
}

pub struct SimWorker {
    /// The most recent jobs' plans: the live job's chunks and a batch's interleave.
    jobs: Vec<JobPlans>,
}

const JOBS_KEPT: usize = 2;

impl Worker for SimWorker {
    type Message = ();
    type Input = RunChunk;
    type Output = ChunkDone;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        SimWorker { jobs: Vec::new() }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, chunk: RunChunk, id: HandlerId) {
        let at = match self.jobs.iter().position(|j| j.job == chunk.job) {
            Some(at) => at,
            None => {
                if self.jobs.len() >= JOBS_KEPT {
                    // Job ids only grow: the oldest is the smallest.
                    let oldest = (0..self.jobs.len()).min_by_key(|&i| self.jobs[i].job).unwrap_or(0);
                    self.jobs.swap_remove(oldest);
                }
                self.jobs.push(JobPlans { job: chunk.job, plans: Vec::new() });
                self.jobs.len() - 1
            }
        };
        let cache = &mut self.jobs[at].plans;
        let plans = chunk
            .parts
            .iter()
            .zip(&chunk.decisions)
            .map(|(&part, decisions)| {
                let i = part as usize;
                if cache.len() <= i {
                    cache.resize(i + 1, None);
                }
                cache[i].get_or_insert_with(|| plan_of(&chunk.scenario, decisions).map(Rc::new)).clone()
            })
            .collect();
        scope.respond(id, run_with(plans, chunk));
    }
}

/// The plan of a scenario's text with decisions set on it; a message when it is not valid.
pub fn plan_of(scenario: &str, decisions: &[(String, f64)]) -> Result<Plan, String> {
    let mut s = parse(scenario).map_err(|e| e.to_string())?;
    for (text, value) in decisions {
        let decision: Decision = text.parse().map_err(|e: crate::engine::decision::DecisionError| e.to_string())?;
        s = decision.apply(&s, *value).map_err(|e| e.to_string())?;
    }
    check(&s).map_err(|e| e.to_string())
}

/// Runs every run of every part of `chunk`; what a worker does with each message.
pub fn run_chunk(chunk: RunChunk) -> ChunkDone {
    let plans = chunk.decisions.iter().map(|decisions| plan_of(&chunk.scenario, decisions).map(Rc::new)).collect();
    run_with(plans, chunk)
}

fn run_with(plans: Vec<Result<Rc<Plan>, String>>, chunk: RunChunk) -> ChunkDone {
    let RunChunk { job, parts, seed, runs, minutes_below, .. } = chunk;
    let valid: Result<Vec<&Plan>, String> = plans.iter().map(|p| p.as_deref().map_err(Clone::clone)).collect();
    let (records, error) = match valid {
        Ok(plans) => {
            let minutes_below = minutes_below.min(SERIES_RUNS);
            let records = simulate_plans(&plans, seed, runs.clone(), runs.start < minutes_below);
            (records.into_iter().flatten().map(|r| trim(r, minutes_below)).collect(), None)
        }
        Err(message) => (Vec::new(), Some(message)),
    };
    ChunkDone { job, parts, runs, records, error }
}

/// Per-minute records are only summarised for the first runs (at most
/// [`SERIES_RUNS`]): dropping the rest here keeps messages and memory small
/// for long jobs and for optimisations, which read none.
fn trim(mut record: RunRecord, minutes_below: u64) -> RunRecord {
    if record.run >= minutes_below {
        record.outputs.minutes = Vec::new();
    }
    record
}
