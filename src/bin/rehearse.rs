//! The rehearsal page's entry point (wasm32, built by trunk from `www/rehearse/index.html`): the page mounts it; a worker serves the plan's runs.

use gloo_worker::Registrable;

fn main() {
    if web_sys::window().is_some() {
        livesim::app::rehearse::start();
    } else {
        livesim::app::worker::SimWorker::registrar().register();
    }
}
