//! The JavaScript API (wasm-bindgen): `validate`, `run` and `compare` for pages that embed the engine
//! without the UI. A scenario is a `livesim/1` object (or its JSON text); results are the CLI's JSON as
//! plain objects; a problem is thrown as an `Error` carrying the engine's messages. Documented in
//! `www/api/README.md`; `www/api/index.html` is its example page.
//!
//! Runs happen on the calling thread: a page that runs many should call the API from a Web Worker.

use livesim::engine::{Plan, ScenarioErrors, compare as compare_plans, load, simulate_range, summarize};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn main() {}

/// The most runs one call takes (as the app's setting).
const MAX_RUNS: u64 = 100_000;

/// The scenario as JSON text: a string is taken as it is, an object is written out.
fn scenario_text(scenario: &JsValue, which: &str) -> Result<String, JsError> {
    if let Some(text) = scenario.as_string() {
        return Ok(text);
    }
    let value: serde_json::Value = serde_wasm_bindgen::from_value(scenario.clone())
        .map_err(|e| JsError::new(&format!("{which}: not a scenario object ({e})")))?;
    Ok(value.to_string())
}

/// The scenario checked into a plan, or an error with every problem the engine found, one per line.
fn plan(scenario: &JsValue, which: &str) -> Result<Plan, JsError> {
    load(&scenario_text(scenario, which)?).map_err(|errors: ScenarioErrors| {
        JsError::new(&format!("{which} is not a valid livesim/1 scenario:\n{errors}"))
    })
}

/// `{ runs, seed }` (defaults 2,000 and 1, as the CLI's).
fn options(options: &JsValue) -> Result<(u64, u64), JsError> {
    let read = |key: &str, default: u64, max: u64| -> Result<u64, JsError> {
        let value = if options.is_object() {
            js_sys::Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        };
        if value.is_undefined() || value.is_null() {
            return Ok(default);
        }
        match value.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=max as f64).contains(&n) => Ok(n as u64),
            _ => Err(JsError::new(&format!("options.{key} must be a whole number from 0 to {max}, got {value:?}"))),
        }
    };
    let runs = read("runs", 2_000, MAX_RUNS)?;
    if runs == 0 {
        return Err(JsError::new("options.runs must be at least 1"));
    }
    // A seed is any u64 in the CLI; JS numbers are exact up to 2^53.
    Ok((runs, read("seed", 1, (1u64 << 53) - 1)?))
}

fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// Checks a scenario; returns `true`, or throws an `Error` listing the engine's problems (`path: message`).
#[wasm_bindgen]
pub fn validate(scenario: JsValue) -> Result<bool, JsError> {
    plan(&scenario, "the scenario").map(|_| true)
}

/// Runs a scenario: the `livesim-summary/1` object `livesim run --runs R --seed S` prints.
#[wasm_bindgen]
pub fn run(scenario: JsValue, options_: JsValue) -> Result<JsValue, JsError> {
    let plan = plan(&scenario, "the scenario")?;
    let (runs, seed) = options(&options_)?;
    to_js(&summarize(&plan, seed, &simulate_range(&plan, seed, 0..runs)))
}

/// Compares a variant with a base on common random numbers: the object `livesim compare` prints.
#[wasm_bindgen]
pub fn compare(base: JsValue, variant: JsValue, options_: JsValue) -> Result<JsValue, JsError> {
    let base = plan(&base, "the base")?;
    let variant = plan(&variant, "the variant")?;
    let (runs, seed) = options(&options_)?;
    let comparison = compare_plans(&base, &[variant], seed, 0..runs, 1).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&comparison)
}
