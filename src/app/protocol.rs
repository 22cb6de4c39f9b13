//! The messages between the page and its simulation workers: plain serde types, nothing else crosses.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::engine::RunRecord;

/// Work for a worker: runs `runs` of a scenario under `seed`.
///
/// The scenario goes as the `livesim/1` text the page has already validated,
/// with the decisions to set on it (an optimisation's candidate), and the
/// worker checks it into its plan with the same engine code: page and worker
/// are one wasm module, so this costs no code, where a serialised `Plan`
/// would cost its serde code twice over.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunChunk {
    /// The job this chunk belongs to; replies to an old job are dropped.
    pub job: u64,
    /// Which of the job's scenarios this is (a comparison or an optimisation runs several).
    pub part: u32,
    /// The scenario, `livesim/1` JSON.
    pub scenario: String,
    /// Decisions to set before running (`offer:0.start`, value), in order.
    pub decisions: Vec<(String, f64)>,
    pub seed: u64,
    pub runs: Range<u64>,
    /// Runs from this index on come back without their per-minute records
    /// (the summary only reads them for the first runs; an optimisation never).
    pub minutes_below: u64,
}

/// A worker's answer to one [`RunChunk`]: the records of its runs, in run order.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChunkDone {
    pub job: u64,
    pub part: u32,
    pub runs: Range<u64>,
    pub records: Vec<RunRecord>,
    /// Why the scenario could not be run (never for one the page validated); then no records.
    pub error: Option<String>,
}
