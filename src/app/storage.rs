//! What the page keeps in the browser's local storage: the scenarios being edited, and settings.

use serde_json::Value;

const SCENARIO_KEY: &str = "livesim.scenario";
/// The whole set of scenarios (baseline and variants) and which one is open.
const SET_KEY: &str = "livesim.scenarios";
const WORKERS_KEY: &str = "livesim.workers";
const LANGUAGE_KEY: &str = "livesim.language";
/// The scenario library (named scenarios kept apart from the tabs).
const LIBRARY_KEY: &str = "livesim.library";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The scenario saved by the last visit, if any (even an invalid one: it is the user's work).
pub fn load_scenario() -> Option<Value> {
    let text = local()?.get_item(SCENARIO_KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// The set of scenarios saved by the last visit and the one that was open; a
/// visit from before variants existed left a single scenario.
pub fn load_set() -> Option<(Vec<Value>, usize)> {
    let saved = local()?.get_item(SET_KEY).ok().flatten().and_then(|text| serde_json::from_str::<Value>(&text).ok());
    if let Some(Value::Object(mut saved)) = saved {
        let current = saved.get("current").and_then(Value::as_u64).unwrap_or(0) as usize;
        if let Some(Value::Array(set)) = saved.remove("scenarios") {
            return Some((set, current));
        }
    }
    load_scenario().map(|doc| (vec![doc], 0))
}

/// Saves the set of scenarios, or says why the browser would not keep it (storage full, or off as in
/// some private modes): the page goes on working without it, and says so.
pub fn save_set(set: &[std::rc::Rc<Value>], current: usize) -> Result<(), String> {
    let storage = local().ok_or_else(|| "local storage is not available".to_owned())?;
    let scenarios: Vec<&Value> = set.iter().map(|doc| &**doc).collect();
    let saved = serde_json::json!({ "current": current, "scenarios": scenarios });
    storage.set_item(SET_KEY, &saved.to_string()).map_err(|e| js_reason(&e))?;
    if let Some(doc) = set.get(current) {
        storage.set_item(SCENARIO_KEY, &doc.to_string()).map_err(|e| js_reason(&e))?;
    }
    Ok(())
}

/// The library kept by earlier visits (empty when there is none, or storage is off).
pub fn load_library() -> Vec<crate::app::library::Entry> {
    let text = local().and_then(|s| s.get_item(LIBRARY_KEY).ok().flatten());
    text.and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .map_or_else(Vec::new, |v| crate::app::library::from_json(&v))
}

pub fn save_library(library: &[crate::app::library::Entry]) -> Result<(), String> {
    let storage = local().ok_or_else(|| "local storage is not available".to_owned())?;
    storage.set_item(LIBRARY_KEY, &crate::app::library::to_json(library).to_string()).map_err(|e| js_reason(&e))
}

/// The browser's reason for a refusal (a `DOMException` such as `QuotaExceededError`).
fn js_reason(e: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    e.dyn_ref::<js_sys::Error>()
        .map(|e| format!("{}: {}", String::from(e.name()), String::from(e.message())))
        .unwrap_or_else(|| "refused".to_owned())
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

/// The language the user chose on an earlier visit (a BCP 47 tag), if any.
pub fn load_language() -> Option<String> {
    local()?.get_item(LANGUAGE_KEY).ok().flatten()
}

pub fn save_language(code: &str) {
    if let Some(storage) = local() {
        let _ = storage.set_item(LANGUAGE_KEY, code);
    }
}
