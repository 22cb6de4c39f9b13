//! The messages between the page and its simulation workers: plain serde types, nothing else crosses.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::engine::{Plan, RunRecord};

/// Work for a worker: runs `runs` of `plan` under `seed`.
///
/// The plan is the one the page validated: a worker never parses a scenario,
/// so it needs none of the parsing and validation code, and a run cannot fail.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RunChunk {
    /// The job this chunk belongs to; replies to an old job are dropped.
    pub job: u64,
    /// Which of the job's plans this is (a comparison or an optimisation runs several).
    pub part: u32,
    pub plan: Plan,
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
}
