//! A labelled checkbox bound to a boolean path of the scenario.

use std::rc::Rc;

use serde_json::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::doc::{Edit, Path};

#[derive(Properties, PartialEq)]
pub struct CheckFieldProps {
    pub label: AttrValue,
    pub path: Path,
    pub doc: Rc<Value>,
    pub on_edit: Callback<Edit>,
    /// The model's default when the field is absent.
    pub default: bool,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

#[function_component(CheckField)]
pub fn check_field(props: &CheckFieldProps) -> Html {
    let id = format!("f-{}", props.path.to_string().replace(['.', '[', ']'], "-"));
    let checked = props.path.get(&props.doc).and_then(Value::as_bool).unwrap_or(props.default);
    let onchange = {
        let on_edit = props.on_edit.clone();
        let path = props.path.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_edit.emit(Edit::Set(path.clone(), Value::Bool(input.checked())));
        })
    };
    html! {
        <div class="field check">
            <input id={id.clone()} type="checkbox" {checked} {onchange} />
            <label for={id}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint { <span class="hint">{ hint.clone() }</span> }
        </div>
    }
}
