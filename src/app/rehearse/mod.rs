//! Rehearsal mode, a page of its own (`rehearse/`, its own wasm module): a live played in real time from the engine's session, a trainee's console, a debrief.
//!
//! `state` holds the page (one reducer); the views are functions over it.
//! The live is `(plan, seed, run 0, log)` replayed by `engine::rehearsal`;
//! the plan's own runs (bands, percentiles) go to the same workers as the app's.

pub mod chat;
pub mod controls;
pub mod dashboard;
pub mod debrief;
pub mod live_chart;
pub mod page;
pub mod setup;
pub mod state;

pub use page::start;
