//! A labelled checkbox bound to a boolean path of the scenario.

use serde_json::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::components::fields::Ctx;
use crate::app::doc::{Edit, Path};

/// A checkbox bound to the boolean at `path`, which is `default` while absent, with a `hint` after its label.
pub fn check_field(ctx: &Ctx, path: Path, label: &str, default: bool, hint: &str) -> Html {
    let id = format!("f-{}", path.to_string().replace(['.', '[', ']'], "-"));
    let checked = path.get(&ctx.doc).and_then(Value::as_bool).unwrap_or(default);
    let onchange = {
        let on_edit = ctx.on_edit.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_edit.emit(Edit::Set(path.clone(), Value::Bool(input.checked())));
        })
    };
    html! {
        <div class="field check">
            <input id={id.clone()} type="checkbox" {checked} {onchange} />
            <label for={id}>{ label }</label>
            <span class="hint">{ hint }</span>
        </div>
    }
}
