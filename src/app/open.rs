//! Reading a scenario the user brings in: a file they pick, or an example fetched from beside the page.

use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::app::i18n::Words;

/// The text at `url` (relative to the page), or why it could not be had.
pub async fn fetch_text(url: &str, words: &Words) -> Result<String, String> {
    let fail = |key: OpenText, detail: &str| words.fill(key, &[("source", url), ("detail", detail)]);
    let window = web_sys::window().ok_or_else(|| fail(OpenText::cannot_fetch, "no window"))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| fail(OpenText::cannot_fetch, &js_message(&e)))?
        .dyn_into()
        .map_err(|_| fail(OpenText::not_text, ""))?;
    if !response.ok() {
        let status = format!("{} {}", response.status(), response.status_text());
        return Err(fail(OpenText::server_answered, status.trim()));
    }
    let text = response.text().map_err(|e| fail(OpenText::cannot_fetch, &js_message(&e)))?;
    JsFuture::from(text)
        .await
        .map_err(|e| fail(OpenText::cannot_fetch, &js_message(&e)))?
        .as_string()
        .ok_or_else(|| fail(OpenText::not_text, ""))
}

/// The text of a file the user picked.
pub async fn file_text(file: &web_sys::File, words: &Words) -> Result<String, String> {
    let name = file.name();
    JsFuture::from(file.text())
        .await
        .map_err(|e| words.fill(OpenText::cannot_read, &[("source", &name), ("detail", &js_message(&e))]))?
        .as_string()
        .ok_or_else(|| words.fill(OpenText::not_a_text_file, &[("source", &name)]))
}

/// `text` as a JSON document, or a message naming `source` and where the JSON breaks.
/// Whether it is a valid scenario is the engine's to say, once loaded.
pub fn parse_json(source: &str, text: &str, words: &Words) -> Result<Value, String> {
    serde_json::from_str(text)
        .map_err(|e| words.fill(OpenText::not_json, &[("source", source), ("detail", &e.to_string())]))
}

fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "?".to_owned())
}

crate::texts! { OpenText "open" {
    cannot_fetch = "{source}: cannot be fetched ({detail})";
    not_text = "{source}: not text";
    server_answered = "{source}: the server answered {detail}";
    cannot_read = "{source}: cannot be read ({detail})";
    not_a_text_file = "{source}: not a text file";
    not_json = "{source}: not a JSON file ({detail})";
} }
