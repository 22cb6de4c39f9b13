//! A labelled drop-down bound to a string path of the scenario (e.g. an item id or a block kind).

use serde_json::Value;
use yew::prelude::*;

use crate::app::components::fields::{Ctx, set_choice};
use crate::app::components::list_tools::{alerts, problems_at};
use crate::app::doc::Path;

/// A drop-down of `options` (`(value, label)` pairs) bound to the string at `path`; `none` offers an entry that removes the field.
#[inline(never)]
pub fn select_field(ctx: &Ctx, path: Path, label: &str, options: &[(String, String)], none: Option<&str>) -> Html {
    let key = path.to_string();
    let id = format!("f-{}", key.replace(['.', '[', ']'], "-"));
    let current = path.get(&ctx.doc).and_then(Value::as_str).unwrap_or("");
    // The label says which field: under it only the problem.
    let errors = problems_at(&ctx.errors, &key);
    let known = options.iter().any(|(v, _)| v == current);
    html! {
        <div class="field">
            <label class="field-label" for={id.clone()}>{ label }</label>
            <div class="field-input">
                <select {id} class={(!errors.is_empty()).then_some("invalid")} onchange={set_choice(&ctx.on_edit, path.clone())}>
                    if let Some(none) = none {
                        <option value="" selected={current.is_empty()}>{ none }</option>
                    }
                    if !known && !current.is_empty() {
                        <option value={current.to_owned()} selected=true>{ ctx.f.fill(SelectText::unknown, &[("value", current)]) }</option>
                    }
                    { for options.iter().map(|(v, label)| html! {
                        <option value={v.clone()} selected={v == current}>{ label.clone() }</option>
                    }) }
                </select>
            </div>
            { alerts(errors) }
        </div>
    }
}

crate::texts! { SelectText "select_field" {
    unknown = "{value} (unknown)";
} }
