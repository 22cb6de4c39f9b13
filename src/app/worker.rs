//! The simulation worker: runs chunks of a scenario's runs off the page's thread.

use std::rc::Rc;

use gloo_worker::{HandlerId, Worker, WorkerScope};

use crate::app::protocol::{ChunkDone, RunChunk};
use crate::engine::{Plan, RunRecord, load, simulate, summary::SERIES_RUNS};

/// The scenario of the last chunk, with its plan: a job's chunks share it, so
/// it is checked once per worker, not once per chunk.
type Cached = (String, Rc<Plan>);

pub struct SimWorker {
    last: Option<Cached>,
}

impl Worker for SimWorker {
    type Message = ();
    type Input = RunChunk;
    type Output = ChunkDone;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        SimWorker { last: None }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, chunk: RunChunk, id: HandlerId) {
        let plan = match &self.last {
            Some((text, plan)) if *text == chunk.scenario => Ok(plan.clone()),
            _ => plan_of(&chunk.scenario).map(Rc::new),
        };
        if let Ok(plan) = &plan {
            self.last = Some((chunk.scenario.clone(), plan.clone()));
        }
        scope.respond(id, run_with(plan.as_deref(), chunk));
    }
}

/// The plan of a scenario's text; a message when it is not valid.
pub fn plan_of(scenario: &str) -> Result<Plan, String> {
    load(scenario).map_err(|e| e.to_string())
}

/// Runs every run of `chunk`; what a worker does with each message.
pub fn run_chunk(chunk: RunChunk) -> ChunkDone {
    let plan = plan_of(&chunk.scenario);
    run_with(plan.as_ref(), chunk)
}

fn run_with(plan: Result<&Plan, &String>, chunk: RunChunk) -> ChunkDone {
    let RunChunk { job, part, seed, runs, minutes_below, .. } = chunk;
    match plan {
        Ok(plan) => {
            let records = runs.clone().map(|run| trim(simulate(plan, seed, run), minutes_below)).collect();
            ChunkDone { job, part, runs, records, error: None }
        }
        Err(message) => ChunkDone { job, part, runs, records: Vec::new(), error: Some(message.clone()) },
    }
}

/// Per-minute records are only summarised for the first runs (at most
/// [`SERIES_RUNS`]): dropping the rest here keeps messages and memory small
/// for long jobs and for optimisations, which read none.
fn trim(mut record: RunRecord, minutes_below: u64) -> RunRecord {
    if record.run >= minutes_below.min(SERIES_RUNS) {
        record.outputs.minutes = Vec::new();
    }
    record
}
