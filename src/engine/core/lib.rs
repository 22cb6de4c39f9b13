//! The engine's hot core: a validated plan, its random streams and draws, and the minute-by-minute run.
//!
//! A crate of its own so the web build can optimise these modules for speed
//! while the rest of the module is optimised for size (see the root
//! `Cargo.toml`, `[profile.wasm-release.package.livesim-core]`). It is
//! re-exported module by module from `livesim::engine`; nothing in it parses,
//! validates or summarises.

pub mod correlation;
pub mod montecarlo;
pub mod outputs;
pub mod plan;
pub mod rng;
pub mod sample;
pub mod session;
pub mod uncertain;
