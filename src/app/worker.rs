//! The simulation worker: runs chunks of a scenario's runs off the page's thread.

use gloo_worker::{HandlerId, Worker, WorkerScope};

use crate::app::protocol::{ChunkDone, RunChunk};
use crate::engine::{Plan, RunRecord, load, simulate, summary::SERIES_RUNS};

/// Keeps the last scenario it checked, so a job's later chunks skip the parse.
#[derive(Default)]
pub struct SimWorker {
    cached: Option<(String, Plan)>,
}

impl Worker for SimWorker {
    type Message = ();
    type Input = RunChunk;
    type Output = ChunkDone;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        SimWorker::default()
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, chunk: RunChunk, id: HandlerId) {
        scope.respond(id, self.run(chunk));
    }
}

impl SimWorker {
    fn run(&mut self, chunk: RunChunk) -> ChunkDone {
        let RunChunk { job, scenario, seed, runs } = chunk;
        if self.cached.as_ref().is_none_or(|(text, _)| *text != scenario) {
            match load(&scenario) {
                Ok(plan) => self.cached = Some((scenario, plan)),
                Err(errors) => return ChunkDone::Failed { job, message: errors.to_string() },
            }
        }
        let Some((_, plan)) = &self.cached else { unreachable!("just cached") };
        let records = runs.clone().map(|run| trim(simulate(plan, seed, run))).collect();
        ChunkDone::Ran { job, runs, records }
    }
}

/// Per-minute records are only summarised for the first runs: dropping the
/// rest here keeps messages and memory small for long jobs.
fn trim(mut record: RunRecord) -> RunRecord {
    if record.run >= SERIES_RUNS {
        record.outputs.minutes = Vec::new();
    }
    record
}
