//! The simulation worker: runs chunks of a scenario's runs off the page's thread.

use std::rc::Rc;

use gloo_worker::{HandlerId, Worker, WorkerScope};

use crate::app::protocol::{ChunkDone, RunChunk};
use crate::engine::decision::Decision;
use crate::engine::validate::{check, parse};
use crate::engine::{Plan, RunRecord, simulate, summary::SERIES_RUNS};

/// The scenario and decisions of the last chunk, with their plan: a job's
/// chunks share them, so each is checked once per worker, not once per chunk.
type Cached = ((String, Vec<(String, f64)>), Rc<Plan>);

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
        let key = (chunk.scenario.clone(), chunk.decisions.clone());
        let plan = match &self.last {
            Some((k, plan)) if *k == key => Ok(plan.clone()),
            _ => plan_of(&chunk.scenario, &chunk.decisions).map(Rc::new),
        };
        if let Ok(plan) = &plan {
            self.last = Some((key, plan.clone()));
        }
        scope.respond(id, run_with(plan.as_deref(), chunk));
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

/// Runs every run of `chunk`; what a worker does with each message.
pub fn run_chunk(chunk: RunChunk) -> ChunkDone {
    let plan = plan_of(&chunk.scenario, &chunk.decisions);
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
