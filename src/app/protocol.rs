//! The messages between the page and its simulation workers: plain serde types, nothing else crosses.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::engine::RunRecord;

/// Work for a worker: runs `runs` of one or more scenarios under `seed`.
///
/// The scenario goes as the `livesim/1` text the page has already validated,
/// with, per part, the decisions to set on it (an optimisation's candidates),
/// and the worker checks each into its plan with the same engine code: page
/// and worker are one wasm module, so this costs no code, where a serialised
/// `Plan` would cost its serde code twice over. The parts of a chunk are run
/// together, sharing each run's opening minutes where their plans agree
/// (`engine::simulate_plans`), which halves an optimisation of a start minute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunChunk {
    /// The job this chunk belongs to; replies to an old job are dropped.
    pub job: u64,
    /// The scenario, `livesim/1` JSON.
    pub scenario: String,
    /// Which of the job's scenarios to run (a comparison or an optimisation runs several).
    pub parts: Vec<u32>,
    /// Per part, the decisions to set on the scenario (`offer:0.start`, value), in
    /// order. (Two lists, not one of structs: a struct's serde code costs bundle bytes.)
    pub decisions: Vec<Vec<(String, f64)>>,
    pub seed: u64,
    pub runs: Range<u64>,
    /// Runs from this index on come back without their per-minute records
    /// (the summary only reads them for the first runs; an optimisation never).
    pub minutes_below: u64,
}

/// A worker's answer to one [`RunChunk`]: the records of its runs, part by part
/// (in the chunk's order), each part's in run order; or why it could not run them.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChunkDone {
    pub job: u64,
    pub parts: Vec<u32>,
    pub runs: Range<u64>,
    /// `runs.len()` records per part, one list after the other (a flat list: a
    /// nested one costs bundle bytes of serde code); none when `error` is set.
    pub records: Vec<RunRecord>,
    /// Why a part could not be run (never for a scenario the page validated); then no part's records.
    pub error: Option<String>,
}
