//! The content factors: how each kind of block scales leaving, buying intent and chat, and custom kinds of block.

use std::rc::Rc;

use serde_json::{Map, Value};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::components::editor::SectionState;
use crate::app::components::fields::{Ctx, UNCERTAIN, para};
use crate::app::components::list_tools::{alerts, errors_at, fmt_num};
use crate::app::components::number_field::number_field;
use crate::app::doc::{Edit, Path};
use crate::engine::plan::DEFAULT_CONTENT;

use ContentText as T;

const FACTORS: [(&str, ContentText); 3] = [("leave", T::leave), ("intent", T::intent), ("chat", T::chat)];

/// Every kind a block may have: the six built-in kinds, then those declared in `content`.
pub fn content_kinds(doc: &Value) -> Vec<String> {
    let mut kinds: Vec<String> = DEFAULT_CONTENT.iter().map(|(k, _)| (*k).to_owned()).collect();
    if let Some(declared) = doc.get("content").and_then(Value::as_object) {
        kinds.extend(declared.keys().filter(|k| !kinds.contains(k)).cloned().collect::<Vec<_>>());
    }
    kinds
}

/// Why a new kind's name cannot be used, if it cannot.
fn name_problem(name: &str, kinds: &[String]) -> Option<ContentText> {
    if name.is_empty() {
        Some(T::no_name)
    } else if kinds.iter().any(|k| k == name) {
        Some(T::exists)
    } else if name.contains(['.', '[', ']', '"']) {
        Some(T::bad_name)
    } else {
        None
    }
}

/// The factors of every kind, and a form to declare a custom kind, whose half-typed name is `state.draft`.
pub fn content_factors(ctx: &Ctx, state: &SectionState) -> Html {
    let f = &ctx.f;
    let content = Path::root().key("content");
    let empty = Map::new();
    let declared = ctx.doc.get("content").and_then(Value::as_object).unwrap_or(&empty);
    let kinds = Rc::new(content_kinds(&ctx.doc));
    let (draft, problem) = (&state.draft, &state.problem);

    let rows = kinds.iter().map(|kind| {
        let defaults = DEFAULT_CONTENT.iter().find(|(k, _)| k == kind).map(|(_, f)| *f);
        let path = content.key(kind);
        let factors = declared.get(kind);
        let has_range = factors.is_some_and(|f| FACTORS.iter().any(|(key, _)| f.get(*key).is_some_and(Value::is_object)));
        // A custom kind can go; a built-in one the scenario changed can go back to the model's factors.
        let tool = match (defaults, factors) {
            (Some(_), None) => None,
            (None, _) => Some(("icon remove", T::remove_label, T::remove, "✕")),
            (Some(_), Some(_)) => Some(("icon", T::reset_label, T::reset, "↺")),
        };
        let tool = match tool {
            Some((class, label, title, sign)) => html! {
                <button type="button" {class} aria-label={f.fill(label, &[("kind", kind)])} title={f.t(title)}
                    onclick={ctx.click(Edit::Set(path.clone(), Value::Null))}>{ sign }</button>
            },
            None => html! { <span /> },
        };
        html! {
            <>
                <div class={if has_range { "factor-row has-range" } else { "factor-row" }} id={format!("content-{kind}")}>
                    <span class="factor-kind">{ kind.clone() }</span>
                    { for FACTORS.iter().enumerate().map(|(n, &(key, word))| {
                        let placeholder = fmt_num(defaults.map_or(1.0, |d| d[n]));
                        let label = f.fill(T::factor_label, &[("kind", kind), ("factor", &f.t(word))]);
                        number_field(ctx, path.key(key), label.into(), Some(placeholder.into()), None, UNCERTAIN)
                    }) }
                    { tool }
                </div>
                { errors_at(&ctx.errors, &path) }
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
        let on_edit = ctx.on_edit.clone();
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
            { para("hint", f.t(T::about)) }
            { errors_at(&ctx.errors, &content) }
            <div class="factor-row factor-head" aria-hidden="true">
                <span>{ f.t(T::kind) }</span>
                { for FACTORS.iter().map(|&(_, word)| html! { <span>{ f.t(word) }</span> }) }
                <span />
            </div>
            { for rows }
            <form class="add" {onsubmit}>
                <label for="new-content-kind">{ f.t(T::custom_kind) }</label>
                <input id="new-content-kind" type="text" placeholder={f.t(T::example)} value={(**draft).clone()} {oninput}
                    aria-invalid={if problem.is_some() { "true" } else { "false" }} />
                <button type="submit" class="secondary">{ f.t(T::add_kind) }</button>
            </form>
            { alerts(problem.iter().map(|&p| f.t(p)).collect()) }
        </div>
    }
}

crate::texts! { ContentText "content_factors" {
    about = "Multipliers of the per-minute rates while a block of that kind plays. Empty = the model's value (shown greyed); ± makes it a range.";
    kind = "kind";
    leave = "leave";
    intent = "intent";
    chat = "chat";
    factor_label = "{kind} {factor}";
    remove_label = "Remove kind {kind}";
    remove = "Remove this kind";
    reset_label = "Reset {kind} to the model's factors";
    reset = "Back to the model's factors";
    custom_kind = "Custom kind";
    example = "e.g. unboxing";
    add_kind = "Add kind";
    no_name = "Type a name first.";
    exists = "That kind exists already.";
    bad_name = "A kind's name cannot contain . [ ] or quotes.";
} }
