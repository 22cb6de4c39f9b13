//! livesim: a Monte Carlo bench for planning and rehearsing live-commerce sessions.
//!
//! The [`engine`] is the whole model (scenario format `livesim/1`, the
//! minute-by-minute simulation, the Monte Carlo summary); it is pure Rust
//! with no knowledge of the browser or the terminal. Front ends (the CLI in
//! `src/bin/livesim.rs`, and later the web app and its workers) are thin
//! layers over it. See `ARCHITECTURE.md`.

pub mod engine;
pub mod share;

#[cfg(feature = "app")]
pub mod app;
