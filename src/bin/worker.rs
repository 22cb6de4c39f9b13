//! The simulation worker's entry point (wasm32, built by trunk as a Web Worker).

use gloo_worker::Registrable;
use livesim::app::worker::SimWorker;

fn main() {
    SimWorker::registrar().register();
}
