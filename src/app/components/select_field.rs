//! A labelled drop-down bound to a string path of the scenario (e.g. an item id or a block kind).

use std::rc::Rc;

use serde_json::Value;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::doc::{Edit, Path};
use crate::engine::ScenarioError;

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub label: AttrValue,
    pub path: Path,
    pub doc: Rc<Value>,
    pub errors: Rc<Vec<ScenarioError>>,
    pub on_edit: Callback<Edit>,
    /// `(value, label)` pairs.
    pub options: Vec<(String, String)>,
    /// Offer "none", which removes the field.
    #[prop_or_default]
    pub none: Option<AttrValue>,
}

#[function_component(SelectField)]
pub fn select_field(props: &SelectFieldProps) -> Html {
    let key = props.path.to_string();
    let id = format!("f-{}", key.replace(['.', '[', ']'], "-"));
    let current = props.path.get(&props.doc).and_then(Value::as_str).unwrap_or("").to_owned();
    // The label says which field: under it only the problem.
    let errors: Vec<String> = props.errors.iter().filter(|e| e.path == key).map(|e| e.problem.to_string()).collect();
    let onchange = {
        let on_edit = props.on_edit.clone();
        let path = props.path.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let v = select.value();
            on_edit.emit(Edit::Set(path.clone(), if v.is_empty() { Value::Null } else { Value::String(v) }));
        })
    };
    let known = props.options.iter().any(|(v, _)| *v == current);
    html! {
        <div class="field">
            <label class="field-label" for={id.clone()}>{ props.label.clone() }</label>
            <div class="field-input">
                <select {id} class={classes!((!errors.is_empty()).then_some("invalid"))} {onchange}>
                    if let Some(none) = &props.none {
                        <option value="" selected={current.is_empty()}>{ none.clone() }</option>
                    }
                    if !known && !current.is_empty() {
                        <option value={current.clone()} selected=true>{ format!("{current} (unknown)") }</option>
                    }
                    { for props.options.iter().map(|(v, label)| html! {
                        <option value={v.clone()} selected={*v == current}>{ label.clone() }</option>
                    }) }
                </select>
            </div>
            { for errors.iter().map(|e| html! { <p class="field-error" role="alert">{ e.clone() }</p> }) }
        </div>
    }
}
