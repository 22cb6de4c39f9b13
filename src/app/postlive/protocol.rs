//! The messages between the post-live page and its workers: plain serde types, nothing else crosses.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::engine::RunRecord;
use crate::engine::actual::Actual;
use crate::engine::calibrate::{Candidate, Options, Proposal};

/// Work for a worker. The scenario goes as the `livesim/1` text the page has
/// checked; the worker checks it into its plan with the same engine code (and,
/// for candidates, sets up the same `Calibration`), once per job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PostLiveWork {
    /// Runs `runs` of the scenario under `seed`, with their per-minute records.
    Runs { job: u64, scenario: String, seed: u64, runs: Range<u64> },
    /// Calibration candidates `runs` drawn from `proposal` (`Calibration::candidates`).
    Candidates {
        job: u64,
        scenario: String,
        lives: Vec<Actual>,
        options: Options,
        proposal: Proposal,
        seed: u64,
        runs: Range<u64>,
    },
}

impl PostLiveWork {
    pub fn job(&self) -> u64 {
        match self {
            PostLiveWork::Runs { job, .. } | PostLiveWork::Candidates { job, .. } => *job,
        }
    }
}

/// A worker's answer to one [`PostLiveWork`]: the records or candidates of its runs, in run order; or why not.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum PostLiveDone {
    Runs {
        job: u64,
        runs: Range<u64>,
        records: Vec<RunRecord>,
    },
    Candidates {
        job: u64,
        runs: Range<u64>,
        candidates: Vec<Candidate>,
    },
    /// The scenario or the lives did not set up (never for what the page checked).
    Failed {
        job: u64,
        error: String,
    },
}

impl PostLiveDone {
    pub fn job(&self) -> u64 {
        match self {
            PostLiveDone::Runs { job, .. }
            | PostLiveDone::Candidates { job, .. }
            | PostLiveDone::Failed { job, .. } => *job,
        }
    }
}
