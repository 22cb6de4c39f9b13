//! A labelled text input bound to a path of the scenario.

use std::rc::Rc;

use serde_json::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::doc::{Edit, Path};
use crate::engine::ScenarioError;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub label: AttrValue,
    pub path: Path,
    pub doc: Rc<Value>,
    pub errors: Rc<Vec<ScenarioError>>,
    pub on_edit: Callback<Edit>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// An empty optional field is removed from the scenario (the model's default applies).
    #[prop_or_default]
    pub optional: bool,
}

#[function_component(TextField)]
pub fn text_field(props: &TextFieldProps) -> Html {
    let key = props.path.to_string();
    let id = format!("f-{}", key.replace(['.', '[', ']'], "-"));
    let value = props.path.get(&props.doc).and_then(Value::as_str).unwrap_or("").to_owned();
    // The label says which field: under it only the problem.
    let errors: Vec<String> = props.errors.iter().filter(|e| e.path == key).map(|e| e.problem.to_string()).collect();
    let oninput = {
        let on_edit = props.on_edit.clone();
        let path = props.path.clone();
        let optional = props.optional;
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            let value = if optional && text.is_empty() { Value::Null } else { Value::String(text) };
            on_edit.emit(Edit::Set(path.clone(), value));
        })
    };
    html! {
        <div class="field">
            <label class="field-label" for={id.clone()}>{ props.label.clone() }</label>
            <div class="field-input">
                <input
                    {id}
                    type="text"
                    class={classes!((!errors.is_empty()).then_some("invalid"))}
                    aria-invalid={(!errors.is_empty()).to_string()}
                    placeholder={props.placeholder.clone()}
                    {value}
                    {oninput}
                />
            </div>
            { for errors.iter().map(|e| html! { <p class="field-error" role="alert">{ e.clone() }</p> }) }
        </div>
    }
}
