//! The messages between the page and its simulation workers: plain serde types, nothing else crosses.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::engine::RunRecord;

/// Work for a worker: runs `runs` of the scenario under `seed`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RunChunk {
    /// The job this chunk belongs to; replies to an old job are dropped.
    pub job: u64,
    /// The scenario's JSON text, already validated by the page.
    pub scenario: String,
    pub seed: u64,
    pub runs: Range<u64>,
}

/// A worker's answer to one [`RunChunk`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum ChunkDone {
    Ran { job: u64, runs: Range<u64>, records: Vec<RunRecord> },
    /// The scenario did not validate in the worker (a bug: the page checks first).
    Failed { job: u64, message: String },
}

impl ChunkDone {
    pub fn job(&self) -> u64 {
        match self {
            ChunkDone::Ran { job, .. } | ChunkDone::Failed { job, .. } => *job,
        }
    }
}
