//! The web app's entry point (wasm32, built by trunk): the page mounts the Yew app; a worker serves runs.
//!
//! Page and workers load this one module (the workers through
//! `www/worker-loader.js`), so the engine is downloaded once. The start
//! function runs in both; only the page has a `window`.

use gloo_worker::Registrable;

fn main() {
    if web_sys::window().is_some() {
        livesim::app::start();
    } else {
        livesim::app::worker::SimWorker::registrar().register();
    }
}
