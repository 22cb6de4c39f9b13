//! A labelled number input bound to a path of the scenario; optionally a range (lo, hi, distribution).

use serde_json::{Value, json};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::components::fields::{Ctx, REQUIRED, UNCERTAIN, set_choice};
use crate::app::components::list_tools::{alerts, problems_under};
use crate::app::doc::{Edit, Path};

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
            aria-invalid={if props.invalid { "true" } else { "false" }}
            class={if props.invalid { "num invalid" } else { "num" }}
            placeholder={props.placeholder.clone()}
            value={(*text).clone()}
            {oninput}
        />
    }
}

const DISTS: [(&str, NumberText); 5] = [
    ("", NumberText::auto),
    ("uniform", NumberText::uniform),
    ("normal", NumberText::normal),
    ("lognormal", NumberText::lognormal),
    ("triangular", NumberText::triangular),
];

/// What editing one text box of a field does: sets its path to what was typed.
fn on_typed(on_edit: &Callback<Edit>, path: Path, required: bool) -> Callback<String> {
    let on_edit = on_edit.clone();
    Callback::from(move |text: String| on_edit.emit(Edit::Set(path.clone(), typed_value(&text, required))))
}

/// A labelled number input bound to `path`, with the model's default as `placeholder` and `unit` after it;
/// `flags` (of [`fields`](crate::app::components::fields)) say whether it may be a range and whether it is required.
#[inline(never)]
pub fn number_field(
    ctx: &Ctx,
    path: Path,
    label: AttrValue,
    placeholder: Option<AttrValue>,
    unit: Option<AttrValue>,
    flags: u8,
) -> Html {
    let f = &ctx.f;
    let key = path.to_string();
    let id = format!("f-{}", key.replace(['.', '[', ']'], "-"));
    let value = path.get(&ctx.doc);
    // The label says which field: under it only the problem, and which part of a range (`lo: …`).
    let errors = problems_under(&ctx.errors, &key);

    let body = if let Some(Value::Object(range)) = value {
        let dist = range.get("dist").and_then(Value::as_str).unwrap_or("");
        let part = |name: &'static str, words: NumberText| {
            let part_key = format!("{key}.{name}");
            let words = f.t(words);
            html! {
                <label class="range-part">
                    <span>{ words.clone() }</span>
                    <NumberInput
                        id={format!("{id}-{name}")}
                        label={f.fill(NumberText::part_label, &[("label", &label), ("part", &words)])}
                        value={range.get(name).cloned()}
                        invalid={ctx.errors.iter().any(|e| e.path == part_key)}
                        placeholder={None::<AttrValue>}
                        on_change={on_typed(&ctx.on_edit, path.key(name), true)}
                    />
                </label>
            }
        };
        html! {
            <div class="range">
                { part("lo", NumberText::low) }
                { part("hi", NumberText::high) }
                <label class="range-part">
                    <span>{ f.t(NumberText::shape) }</span>
                    <select aria-label={f.fill(NumberText::shape_label, &[("label", &label)])} onchange={set_choice(&ctx.on_edit, path.key("dist"))}>
                        { for DISTS.iter().map(|&(v, words)| html! {
                            <option value={v} selected={dist == v}>{ f.t(words) }</option>
                        }) }
                    </select>
                </label>
                if dist == "triangular" { { part("mode", NumberText::mode) } }
            </div>
        }
    } else {
        html! {
            <NumberInput
                id={id.clone()}
                label={label.clone()}
                value={value.cloned()}
                invalid={!errors.is_empty()}
                {placeholder}
                on_change={on_typed(&ctx.on_edit, path.clone(), flags & REQUIRED != 0)}
            />
        }
    };

    let is_range = matches!(value, Some(Value::Object(_)));
    let toggle = (flags & UNCERTAIN != 0).then(|| {
        // A range from a number spans ±20 %; a number from a range is its middle.
        let next = match value {
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
        let (title, state, sign) = if is_range {
            (f.t(NumberText::to_single), f.t(NumberText::single), f.t(NumberText::range_sign))
        } else {
            (f.t(NumberText::to_range), f.t(NumberText::range), "±".to_owned())
        };
        html! {
            <button
                type="button"
                class={if is_range { "range-toggle on" } else { "range-toggle" }}
                {title}
                aria-pressed={if is_range { "true" } else { "false" }}
                aria-label={f.fill(NumberText::toggle_label, &[("label", &label), ("state", &state)])}
                onclick={ctx.click(Edit::Set(path, next))}
            >{ sign }</button>
        }
    });

    html! {
        <div class={if is_range { "field is-range" } else { "field" }}>
            <label class="field-label" for={id}>{ label }</label>
            <div class="field-input">
                { body }
                if let Some(unit) = unit { <span class="unit">{ unit }</span> }
                { for toggle }
            </div>
            { alerts(errors) }
        </div>
    }
}

crate::texts! { NumberText "number_field" {
    low = "low (5 %)";
    high = "high (95 %)";
    mode = "most likely";
    part_label = "{label} ({part})";
    shape = "shape";
    shape_label = "{label} distribution";
    auto = "auto (lognormal if lo > 0)";
    uniform = "uniform";
    normal = "normal";
    lognormal = "lognormal";
    triangular = "triangular";
    to_single = "Use a single value";
    single = "single value";
    range_sign = "range";
    to_range = "Use a range (uncertain)";
    range = "range";
    toggle_label = "{label}: {state}";
} }
