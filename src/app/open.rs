//! Reading a scenario the user brings in: a file they pick, or an example fetched from beside the page.

use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The text at `url` (relative to the page), or why it could not be had.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{url}: cannot be fetched ({})", js_message(&e)))?
        .dyn_into()
        .map_err(|_| format!("{url}: not a response"))?;
    if !response.ok() {
        return Err(format!("{url}: the server answered {} {}", response.status(), response.status_text()));
    }
    let text = response.text().map_err(|e| format!("{url}: {}", js_message(&e)))?;
    JsFuture::from(text)
        .await
        .map_err(|e| format!("{url}: {}", js_message(&e)))?
        .as_string()
        .ok_or_else(|| format!("{url}: not text"))
}

/// The text of a file the user picked.
pub async fn file_text(file: &web_sys::File) -> Result<String, String> {
    let name = file.name();
    JsFuture::from(file.text())
        .await
        .map_err(|e| format!("{name}: cannot be read ({})", js_message(&e)))?
        .as_string()
        .ok_or_else(|| format!("{name}: not a text file"))
}

/// `text` as a JSON document, or a message naming `source` and where the JSON breaks.
/// Whether it is a valid scenario is the engine's to say, once loaded.
pub fn parse_json(source: &str, text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("{source}: not a JSON file ({e})"))
}

fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
