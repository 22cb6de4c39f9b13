//! The post-live page, a page of its own (`postlive/`, its own wasm module): past lives imported from CSV,
//! plan versus actual, and calibration of the scenario to them.
//!
//! `state` holds the page (one reducer) and says what the workers should run; `pool` runs it in
//! `worker`s speaking only `protocol` messages: the plan's runs, a calibration's candidates stage by
//! stage (`engine::calibrate`, the same sequence as the CLI), the calibrated scenario's runs. The views
//! are functions over the state: `import`, `versus_view` (with `dropoff_chart`), `calibrate_view`.

pub mod calibrate_view;
pub mod dropoff_chart;
pub mod import;
pub mod page;
pub mod pool;
pub mod protocol;
pub mod state;
pub mod versus_view;
pub mod worker;

pub use page::start;
