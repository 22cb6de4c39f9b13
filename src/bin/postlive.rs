//! The post-live page's entry point (wasm32, built by trunk from `www/postlive/index.html`): the page mounts it; a worker serves the runs and calibration candidates.

use gloo_worker::Registrable;

fn main() {
    if web_sys::window().is_some() {
        livesim::app::postlive::start();
    } else {
        livesim::app::postlive::worker::PostLiveWorker::registrar().register();
    }
}
