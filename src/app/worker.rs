//! The simulation worker: runs chunks of a scenario's runs off the page's thread.

use gloo_worker::{HandlerId, Worker, WorkerScope};

use crate::app::protocol::{ChunkDone, RunChunk};
use crate::engine::{RunRecord, simulate, summary::SERIES_RUNS};

pub struct SimWorker;

impl Worker for SimWorker {
    type Message = ();
    type Input = RunChunk;
    type Output = ChunkDone;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        SimWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, chunk: RunChunk, id: HandlerId) {
        scope.respond(id, run_chunk(chunk));
    }
}

/// Runs every run of `chunk`; what a worker does with each message.
pub fn run_chunk(chunk: RunChunk) -> ChunkDone {
    let RunChunk { job, part, plan, seed, runs, minutes_below } = chunk;
    let records = runs.clone().map(|run| trim(simulate(&plan, seed, run), minutes_below)).collect();
    ChunkDone { job, part, runs, records }
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
