//! A labelled text input bound to a path of the scenario.

use serde_json::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::components::fields::Ctx;
use crate::app::components::list_tools::{alerts, problems_at};
use crate::app::doc::{Edit, Path};

/// A text input bound to the string at `path`; when `optional`, emptying it removes the field (the model's default applies).
#[inline(never)]
pub fn text_field(ctx: &Ctx, path: Path, label: AttrValue, placeholder: Option<&'static str>, optional: bool) -> Html {
    let key = path.to_string();
    let id = format!("f-{}", key.replace(['.', '[', ']'], "-"));
    let value = path.get(&ctx.doc).and_then(Value::as_str).unwrap_or("").to_owned();
    // The label says which field: under it only the problem.
    let errors = problems_at(&ctx.errors, &key);
    let invalid = !errors.is_empty();
    let oninput = {
        let on_edit = ctx.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let value = if optional && text.is_empty() { Value::Null } else { Value::String(text) };
            on_edit.emit(Edit::Set(path.clone(), value));
        })
    };
    html! {
        <div class="field">
            <label class="field-label" for={id.clone()}>{ label }</label>
            <div class="field-input">
                <input
                    {id}
                    type="text"
                    class={invalid.then_some("invalid")}
                    aria-invalid={if invalid { "true" } else { "false" }}
                    {placeholder}
                    {value}
                    {oninput}
                />
            </div>
            { alerts(errors) }
        </div>
    }
}
