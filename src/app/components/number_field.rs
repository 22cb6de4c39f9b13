//! A labelled number input bound to a path of the scenario; optionally a range (lo, hi, distribution).

use std::rc::Rc;

use serde_json::{Value, json};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::doc::{Edit, Path};
use crate::engine::ScenarioError;

#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    pub label: AttrValue,
    pub path: Path,
    pub doc: Rc<Value>,
    pub errors: Rc<Vec<ScenarioError>>,
    pub on_edit: Callback<Edit>,
    /// The model's default, shown when the field is empty.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Whether the model lets this number be a range (section 6).
    #[prop_or_default]
    pub uncertain: bool,
    /// A unit or hint after the input, e.g. "per minute".
    #[prop_or_default]
    pub unit: Option<AttrValue>,
    /// A required field is set to 0 rather than removed when emptied.
    #[prop_or_default]
    pub required: bool,
}

/// Reads what a person typed: `0,06` and `0.06` alike; empty is `None`.
pub fn parse_number(text: &str) -> Option<Result<f64, ()>> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let t = if t.contains(',') && !t.contains('.') { t.replace(',', ".") } else { t.replace(',', "") };
    Some(t.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or(()))
}

/// The JSON for typed text: a number, or the text itself so the engine names the problem and nothing typed is lost.
fn typed_value(text: &str, required: bool) -> Value {
    match parse_number(text) {
        None if required => Value::String(String::new()),
        None => Value::Null,
        Some(Ok(x)) => number_value(x),
        Some(Err(())) => Value::String(text.to_owned()),
    }
}

/// A whole number as an integer (`12`, not `12.0`, which the engine refuses
/// for minutes and counts); anything else as it is.
pub fn number_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 { json!(x as i64) } else { json!(x) }
}

/// Rounds a derived value (a range made from a number) to 6 significant digits, so `0.6000000000000001` reads `0.6`.
fn tidy(x: f64) -> Value {
    if x == 0.0 || !x.is_finite() {
        return json!(0);
    }
    let scale = 10f64.powi(5 - x.abs().log10().floor() as i32);
    number_value((x * scale).round() / scale)
}

fn shown(v: Option<&Value>) -> String {
    match v {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// One text box whose text survives re-renders while it means the same value as the document.
#[derive(Properties, PartialEq)]
struct NumberInputProps {
    id: AttrValue,
    label: AttrValue,
    value: Option<Value>,
    invalid: bool,
    placeholder: Option<AttrValue>,
    on_change: Callback<String>,
}

#[function_component(NumberInput)]
fn number_input(props: &NumberInputProps) -> Html {
    let text = use_state(|| shown(props.value.as_ref()));
    {
        // Follow outside changes (a preset, undo) but not our own echo,
        // or "0." would become "0" under the user's fingers.
        let text = text.clone();
        use_effect_with(props.value.clone(), move |value| {
            let ours = typed_value(&text, false);
            let same = match (value, &ours) {
                (Some(Value::Number(a)), Value::Number(b)) => a.as_f64() == b.as_f64(),
                (None, Value::Null) => true,
                (Some(a), b) => a == b,
                _ => false,
            };
            if !same {
                text.set(shown(value.as_ref()));
            }
        });
    }
    let oninput = {
        let text = text.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            text.set(input.value());
            on_change.emit(input.value());
        })
    };
    html! {
        <input
            id={props.id.clone()}
            type="text"
            inputmode="decimal"
            aria-label={props.label.clone()}
            aria-invalid={props.invalid.to_string()}
            class={classes!("num", props.invalid.then_some("invalid"))}
            placeholder={props.placeholder.clone()}
            value={(*text).clone()}
            {oninput}
        />
    }
}

const DISTS: [(&str, &str); 5] = [
    ("", "auto (lognormal if lo > 0)"),
    ("uniform", "uniform"),
    ("normal", "normal"),
    ("lognormal", "lognormal"),
    ("triangular", "triangular"),
];

#[function_component(NumberField)]
pub fn number_field(props: &NumberFieldProps) -> Html {
    let key = props.path.to_string();
    let id = format!("f-{}", key.replace(['.', '[', ']'], "-"));
    let value = props.path.get(&props.doc).cloned();
    let is_range = matches!(value, Some(Value::Object(_)));
    // The label says which field: under it only the problem, and which part of a range (`lo: …`).
    let errors: Vec<String> = props
        .errors
        .iter()
        .filter_map(|e| match e.path.strip_prefix(key.as_str())? {
            "" => Some(e.problem.to_string()),
            rest => rest.strip_prefix('.').map(|part| format!("{part}: {}", e.problem)),
        })
        .collect();

    let set = |path: Path, required: bool| {
        let on_edit = props.on_edit.clone();
        Callback::from(move |text: String| on_edit.emit(Edit::Set(path.clone(), typed_value(&text, required))))
    };

    let toggle = {
        let on_edit = props.on_edit.clone();
        let path = props.path.clone();
        let value = value.clone();
        Callback::from(move |_| {
            let next = match &value {
                Some(Value::Object(range)) => {
                    let lo = range.get("lo").and_then(Value::as_f64).unwrap_or(0.0);
                    let hi = range.get("hi").and_then(Value::as_f64).unwrap_or(lo);
                    tidy((lo + hi) / 2.0)
                }
                Some(Value::Number(n)) => {
                    let x = n.as_f64().unwrap_or(0.0);
                    json!({ "lo": tidy(x * 0.8), "hi": tidy(x * 1.2) })
                }
                _ => json!({ "lo": 0.0, "hi": 1.0, "dist": "uniform" }),
            };
            on_edit.emit(Edit::Set(path.clone(), next));
        })
    };

    let body = if let Some(Value::Object(range)) = &value {
        let dist = range.get("dist").and_then(Value::as_str).unwrap_or("").to_owned();
        let on_dist = {
            let on_edit = props.on_edit.clone();
            let path = props.path.key("dist");
            Callback::from(move |e: Event| {
                let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                let v = select.value();
                on_edit.emit(Edit::Set(path.clone(), if v.is_empty() { Value::Null } else { Value::String(v) }));
            })
        };
        let part = |name: &'static str, label: &str| {
            html! {
                <label class="range-part">
                    <span>{ label.to_owned() }</span>
                    <NumberInput
                        id={format!("{id}-{name}")}
                        label={format!("{} ({label})", props.label)}
                        value={range.get(name).cloned()}
                        invalid={props.errors.iter().any(|e| e.path == format!("{key}.{name}"))}
                        placeholder={None::<AttrValue>}
                        on_change={set(props.path.key(name), true)}
                    />
                </label>
            }
        };
        html! {
            <div class="range">
                { part("lo", "low (5 %)") }
                { part("hi", "high (95 %)") }
                <label class="range-part">
                    <span>{ "shape" }</span>
                    <select aria-label={format!("{} distribution", props.label)} onchange={on_dist}>
                        { for DISTS.iter().map(|(v, label)| html! {
                            <option value={*v} selected={dist == *v}>{ *label }</option>
                        }) }
                    </select>
                </label>
                if dist == "triangular" { { part("mode", "most likely") } }
            </div>
        }
    } else {
        html! {
            <NumberInput
                id={id.clone()}
                label={props.label.clone()}
                value={value.clone()}
                invalid={!errors.is_empty()}
                placeholder={props.placeholder.clone()}
                on_change={set(props.path.clone(), props.required)}
            />
        }
    };

    html! {
        <div class={classes!("field", is_range.then_some("is-range"))}>
            <label class="field-label" for={id.clone()}>{ props.label.clone() }</label>
            <div class="field-input">
                { body }
                if let Some(unit) = &props.unit { <span class="unit">{ unit.clone() }</span> }
                if props.uncertain {
                    <button
                        type="button"
                        class={classes!("range-toggle", is_range.then_some("on"))}
                        title={if is_range { "Use a single value" } else { "Use a range (uncertain)" }}
                        aria-pressed={is_range.to_string()}
                        aria-label={format!("{}: {}", props.label, if is_range { "single value" } else { "range" })}
                        onclick={toggle}
                    >{ if is_range { "range" } else { "±" } }</button>
                }
            </div>
            { for errors.iter().map(|e| html! { <p class="field-error" role="alert">{ e.clone() }</p> }) }
        </div>
    }
}
