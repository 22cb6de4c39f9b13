//! Open and Save: the scenario as a `livesim/1` JSON file on the user's disk.

use serde_json::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::download::{download, slug};
use crate::app::format::use_words;
use crate::app::open::{file_text, parse_json};

#[derive(Properties, PartialEq)]
pub struct ScenarioFileProps {
    pub doc: std::rc::Rc<Value>,
    /// A parsed file and its name.
    pub on_load: Callback<(Value, String)>,
    pub on_error: Callback<String>,
}

#[function_component(ScenarioFile)]
pub fn scenario_file(props: &ScenarioFileProps) -> Html {
    let words = use_words();
    let input = use_node_ref();
    let on_open = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_picked = {
        let (on_load, on_error, words) = (props.on_load.clone(), props.on_error.clone(), words.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            // Picking the same file again must fire `change` again.
            input.set_value("");
            let (on_load, on_error, words) = (on_load.clone(), on_error.clone(), words.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                match file_text(&file, &words).await.and_then(|text| parse_json(&name, &text, &words)) {
                    Ok(doc) => on_load.emit((doc, name)),
                    Err(message) => on_error.emit(message),
                }
            });
        })
    };
    let on_save = {
        let doc = props.doc.clone();
        Callback::from(move |_: MouseEvent| {
            let name = doc.get("name").and_then(Value::as_str).unwrap_or_default();
            if let Ok(json) = serde_json::to_string_pretty(&*doc) {
                download(&format!("{}.json", slug(name)), "application/json", &json);
            }
        })
    };
    html! {
        <div class="file-buttons">
            <button type="button" class="secondary" onclick={on_open} title={words.get(FileText::open_title).into_owned()}>{ words.get(FileText::open) }</button>
            <input ref={input} type="file" accept=".json,application/json" hidden=true onchange={on_picked} aria-label={words.get(FileText::file_to_open).into_owned()} />
            <button type="button" class="secondary" onclick={on_save} title={words.get(FileText::save_title).into_owned()}>
                { words.get(FileText::save) }
            </button>
        </div>
    }
}

crate::texts! { FileText "file" {
    open = "Open…";
    open_title = "Open a livesim/1 JSON file";
    file_to_open = "Scenario file to open";
    save = "Save";
    save_title = "Download the scenario as a livesim/1 JSON file";
} }
