//! The web app's entry point (wasm32, built by trunk): mounts the Yew app.

fn main() {
    livesim::app::start();
}
