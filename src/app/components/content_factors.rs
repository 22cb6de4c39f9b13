//! The content factors: how each kind of block scales leaving, buying intent and chat, and custom kinds of block.

use std::rc::Rc;

use serde_json::{Map, Value};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::components::editor::SectionProps;
use crate::app::components::list_tools::{errors_at, fmt_num};
use crate::app::components::number_field::NumberField;
use crate::app::doc::{Edit, Path};
use crate::engine::plan::DEFAULT_CONTENT;

const FACTORS: [(&str, &str); 3] = [("leave", "leave"), ("intent", "intent"), ("chat", "chat")];

/// Every kind a block may have: the six built-in kinds, then those declared in `content`.
pub fn content_kinds(doc: &Value) -> Vec<String> {
    let mut kinds: Vec<String> = DEFAULT_CONTENT.iter().map(|(k, _)| (*k).to_owned()).collect();
    if let Some(declared) = doc.get("content").and_then(Value::as_object) {
        kinds.extend(declared.keys().filter(|k| !kinds.contains(k)).cloned().collect::<Vec<_>>());
    }
    kinds
}

/// Why a new kind's name cannot be used, if it cannot.
fn name_problem(name: &str, kinds: &[String]) -> Option<&'static str> {
    if name.is_empty() {
        Some("Type a name first.")
    } else if kinds.iter().any(|k| k == name) {
        Some("That kind exists already.")
    } else if name.contains(['.', '[', ']', '"']) {
        Some("A kind's name cannot contain . [ ] or quotes.")
    } else {
        None
    }
}

#[function_component(ContentFactors)]
pub fn content_factors(props: &SectionProps) -> Html {
    let SectionProps { doc, errors, on_edit } = props.clone();
    let content = Path::root().key("content");
    let declared: Map<String, Value> = doc.get("content").and_then(Value::as_object).cloned().unwrap_or_default();
    let kinds = Rc::new(content_kinds(&doc));
    let draft = use_state(String::new);
    let problem = use_state(|| None::<&'static str>);

    let rows = kinds.iter().map(|kind| {
        let defaults = DEFAULT_CONTENT.iter().find(|(k, _)| k == kind).map(|(_, f)| *f);
        let path = content.key(kind);
        let factors = declared.get(kind);
        let has_range = factors.is_some_and(|f| FACTORS.iter().any(|(key, _)| f.get(*key).is_some_and(Value::is_object)));
        let tool = match (defaults, factors) {
            (None, _) => {
                let on_edit = on_edit.clone();
                let path = path.clone();
                html! {
                    <button type="button" class="icon remove" aria-label={format!("Remove kind {kind}")} title="Remove this kind"
                        onclick={Callback::from(move |_| on_edit.emit(Edit::Set(path.clone(), Value::Null)))}>{ "✕" }</button>
                }
            }
            (Some(_), Some(_)) => {
                let on_edit = on_edit.clone();
                let path = path.clone();
                html! {
                    <button type="button" class="icon" aria-label={format!("Reset {kind} to the model's factors")}
                        title="Back to the model's factors"
                        onclick={Callback::from(move |_| on_edit.emit(Edit::Set(path.clone(), Value::Null)))}>{ "↺" }</button>
                }
            }
            (Some(_), None) => html! { <span /> },
        };
        html! {
            <>
                <div class={classes!("factor-row", has_range.then_some("has-range"))} id={format!("content-{kind}")}>
                    <span class="factor-kind">{ kind.clone() }</span>
                    { for FACTORS.iter().enumerate().map(|(n, (key, word))| {
                        let placeholder = fmt_num(defaults.map_or(1.0, |f| f[n]));
                        html! {
                            <NumberField label={format!("{kind} {word}")} path={path.key(key)} uncertain=true
                                placeholder={AttrValue::from(placeholder)}
                                doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                        }
                    }) }
                    { tool }
                </div>
                { errors_at(&errors, &path) }
            </>
        }
    });

    let oninput = {
        let draft = draft.clone();
        let problem = problem.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            draft.set(input.value());
            problem.set(None);
        })
    };
    let onsubmit = {
        let draft = draft.clone();
        let problem = problem.clone();
        let kinds = kinds.clone();
        let on_edit = on_edit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let name = draft.trim().to_owned();
            match name_problem(&name, &kinds) {
                Some(p) => problem.set(Some(p)),
                None => {
                    on_edit.emit(Edit::Set(Path::root().key("content").key(&name), Value::Object(Map::new())));
                    draft.set(String::new());
                }
            }
        })
    };

    html! {
        <div class="content-factors">
            <p class="hint">{ "Multipliers of the per-minute rates while a block of that kind plays. Empty = the model's value (shown greyed); ± makes it a range." }</p>
            { errors_at(&errors, &content) }
            <div class="factor-row factor-head" aria-hidden="true">
                <span>{ "kind" }</span>
                { for FACTORS.iter().map(|(_, word)| html! { <span>{ *word }</span> }) }
                <span />
            </div>
            { for rows }
            <form class="add" {onsubmit}>
                <label for="new-content-kind">{ "Custom kind" }</label>
                <input id="new-content-kind" type="text" placeholder="e.g. unboxing" value={(*draft).clone()} {oninput}
                    aria-invalid={problem.is_some().to_string()} />
                <button type="submit" class="secondary">{ "Add kind" }</button>
            </form>
            if let Some(p) = *problem { <p class="field-error" role="alert">{ p }</p> }
        </div>
    }
}
