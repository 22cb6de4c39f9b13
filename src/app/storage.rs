//! What the page keeps in the browser's local storage: the scenario being edited, and settings.

use serde_json::Value;

const SCENARIO_KEY: &str = "livesim.scenario";
const WORKERS_KEY: &str = "livesim.workers";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The scenario saved by the last visit, if any (even an invalid one: it is the user's work).
pub fn load_scenario() -> Option<Value> {
    let text = local()?.get_item(SCENARIO_KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

pub fn save_scenario(doc: &Value) {
    if let Some(storage) = local() {
        // Storage can be full or disabled (private mode): the page still works without it.
        let _ = storage.set_item(SCENARIO_KEY, &doc.to_string());
    }
}

/// A worker count forced by `?workers=N` in the address or by storage (benchmarks use it).
pub fn worker_count() -> Option<usize> {
    let from_query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|p| p.get("workers"))
        .and_then(|n| n.parse().ok());
    from_query.or_else(|| local()?.get_item(WORKERS_KEY).ok().flatten()?.parse().ok()).map(|n: usize| n.clamp(1, 8))
}
