//! The browser app (feature `app`): a Yew front end over the engine, with the simulation in Web Workers.
//!
//! `state` holds everything the page shows; `doc` is the scenario as edited;
//! `runner` hands runs to the workers (`worker`, speaking only `protocol`
//! messages) and merges their records into the engine's `Summary`.

pub mod canvas;
pub mod components;
pub mod doc;
pub mod download;
pub mod events;
pub mod format;
pub mod i18n;
pub mod library;
pub mod link;
pub mod open;
pub mod optimise;
pub mod postlive;
pub mod presets;
pub mod problems;
pub mod protocol;
pub mod rehearse;
pub mod runner;
pub mod snap;
pub mod state;
pub mod storage;
pub mod worker;

pub use components::app::start;
