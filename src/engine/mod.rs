//! The simulation engine: scenario in, runs and summaries out; pure, deterministic, browser-agnostic.
//!
//! The flow is `text -> validate::parse -> Scenario -> validate::check -> Plan`,
//! then `Session` (one run, stepped a minute at a time) and `montecarlo` /
//! `summary` for many runs. Nothing here reads a clock, touches I/O or uses a
//! global random generator.

pub use livesim_core::{correlation, montecarlo, outputs, plan, rng, sample, session, uncertain};

#[cfg(any(feature = "cli", feature = "app"))]
pub mod actual;
#[cfg(any(feature = "cli", feature = "app"))]
pub mod calibrate;
pub mod compare;
pub mod decision;
pub mod goalseek;
pub mod optimize;
pub mod order;
#[cfg(any(feature = "cli", feature = "app"))]
pub mod postlive;
mod read;
pub mod rehearsal;
pub mod scenario;
pub mod sensitivity;
pub mod shards;
pub mod summary;
#[cfg(any(feature = "cli", feature = "app"))]
pub mod tables;
pub mod validate;

pub use compare::{Comparison, compare, compare_records};
pub use decision::Decision;
pub use goalseek::{GoalSeek, goal_seek};
pub use montecarlo::{
    RunRecord, simulate, simulate_chunked, simulate_parallel, simulate_plans, simulate_plans_parallel, simulate_range,
};
pub use optimize::{Optimization, evaluate_candidate, optimize};
pub use outputs::{Kpi, RunOutputs, Series};
pub use plan::Plan;
pub use scenario::Scenario;
pub use sensitivity::{Sensitivity, sensitivity};
pub use session::{Action, Session};
pub use summary::{Summary, summarize};
pub use validate::{ScenarioError, ScenarioErrors, check, load, parse};
