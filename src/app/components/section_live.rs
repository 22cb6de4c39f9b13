//! Editor section "Live": name, currency, duration, the targets to meet, and which guesses move together (correlations).

use serde_json::{Value, json};
use yew::prelude::*;

use crate::app::components::fields::{Ctx, Num, REQUIRED, add_choice, heading, num, para};
use crate::app::components::kpi_cards::{kpi_label, target_reading};
use crate::app::components::list_tools::{array, errors_at, row_tools};
use crate::app::components::number_field::number_field;
use crate::app::components::select_field::select_field;
use crate::app::components::text_field::text_field;
use crate::app::doc::{Edit, Path};
use crate::engine::Kpi;

use LiveText as T;

const DURATION: [Num<LiveText>; 1] = [num("duration_min", T::duration, "", Some(T::duration_unit), REQUIRED)];

/// The section; the targets' readings are in the formats the result cards use.
pub fn section_live(ctx: &Ctx) -> Html {
    let f = &ctx.f;
    let root = Path::root();
    let targets_path = root.key("targets");
    let empty = serde_json::Map::new();
    let targets = ctx.doc.get("targets").and_then(Value::as_object).unwrap_or(&empty);
    let unused: Vec<Kpi> = Kpi::ALL.into_iter().filter(|k| !targets.contains_key(k.name())).collect();
    html! {
        <div class="section">
            <h2>{ f.t(T::title) }</h2>
            { text_field(ctx, root.key("name"), f.t(T::name).into(), None, false) }
            { text_field(ctx, root.key("currency"), f.t(T::currency).into(), Some("USD"), true) }
            { ctx.nums(&root, &DURATION) }
            { heading(f.t(T::targets)) }
            { para("hint", f.t(T::targets_about)) }
            { for targets.iter().map(|(name, value)| {
                let kpi = Kpi::from_name(name);
                // The output as the cards call it, and the value read as they show it (`at least 4,5%` for 0.045).
                let label = kpi.map_or_else(|| name.replace('_', " "), |k| kpi_label(f, k));
                let reading = kpi.zip(value.as_f64()).map(|(k, v)| AttrValue::from(target_reading(f, k, v, false)));
                let path = targets_path.key(name);
                html! {
                    <div class="row">
                        { number_field(ctx, path.clone(), label.clone().into(), None, reading, REQUIRED) }
                        <button type="button" class="remove" aria-label={f.fill(T::remove_target, &[("target", &label)])}
                            onclick={ctx.click(Edit::Set(path, Value::Null))}>{ "✕" }</button>
                    </div>
                }
            }) }
            <label class="add">
                <span>{ f.t(T::add_target) }</span>
                <select aria-label={f.t(T::add_target)} onchange={add_choice(&ctx.on_edit, targets_path.clone(), json!(0))}>
                    <option value="" selected=true>{ f.t(T::choose_output) }</option>
                    { for unused.iter().map(|&k| html! { <option value={k.name()}>{ kpi_label(f, k) }</option> }) }
                </select>
            </label>
            { correlations(ctx) }
        </div>
    }
}

/// The correlations between guesses (an extension of the model): each a pair of fields given as a range and a rank correlation.
fn correlations(ctx: &Ctx) -> Html {
    let f = &ctx.f;
    let list = Path::root().key("correlations");
    let rows = array(&ctx.doc, "correlations");
    let inputs: Vec<(String, String)> = ranges(&ctx.doc).into_iter().map(|p| (p.clone(), p)).collect();
    // The first pair not declared yet (a pair may be declared once).
    let declared = |a: &str, b: &str| {
        rows.iter().any(|r| {
            let (x, y) = (r.get("a").and_then(Value::as_str), r.get("b").and_then(Value::as_str));
            (x, y) == (Some(a), Some(b)) || (x, y) == (Some(b), Some(a))
        })
    };
    let mut pairs = inputs.iter().enumerate().flat_map(|(i, a)| inputs[i + 1..].iter().map(move |b| (&a.0, &b.0)));
    let free = pairs.find(|(a, b)| !declared(a, b));
    let add = free.map(|(a, b)| {
        let starter = json!({ "a": a, "b": b, "rho": 0.5 });
        let edit = if ctx.doc.get("correlations").is_some_and(Value::is_array) {
            Edit::Push(list.clone(), starter)
        } else {
            Edit::Set(list.clone(), json!([starter]))
        };
        html! {
            <button type="button" class="secondary add-button" id="add-correlation" onclick={ctx.click(edit)}>
                { f.t(T::add_correlation) }</button>
        }
    });
    html! {
        <>
            { heading(f.t(T::correlations)) }
            { para("hint", f.t(T::correlations_about)) }
            { errors_at(&ctx.errors, &list) }
            { for rows.iter().enumerate().map(|(i, _)| {
                let row = list.index(i);
                html! {
                    <div class="correlation">
                        { select_field(ctx, row.key("a"), &f.t(T::field), &inputs, None) }
                        { select_field(ctx, row.key("b"), &f.t(T::moves_with), &inputs, None) }
                        { number_field(ctx, row.key("rho"), "ρ".into(), None, None, REQUIRED) }
                        { row_tools(&ctx.on_edit, &f.words, &f.fill(T::correlation_n, &[("n", &f.count((i + 1) as f64))]), &list, i, rows.len()) }
                    </div>
                }
            }) }
            { add.unwrap_or_else(|| para("hint", f.t(if inputs.len() < 2 { T::too_few_ranges } else { T::all_pairs }))) }
        </>
    }
}

/// The paths of the document's fields given as a range (`{"lo", "hi"}`), as the engine names them.
fn ranges(doc: &Value) -> Vec<String> {
    fn walk(v: &Value, path: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) if m.contains_key("lo") && m.contains_key("hi") => out.push(path),
            Value::Object(m) => {
                for (k, v) in m.iter().filter(|(k, _)| *k != "correlations" && *k != "x") {
                    walk(v, if path.is_empty() { k.clone() } else { format!("{path}.{k}") }, out);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(v, format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, String::new(), &mut out);
    out
}

crate::texts! { LiveText "live" {
    title = "Live";
    name = "Name";
    currency = "Currency (ISO 4217)";
    duration = "Duration";
    duration_unit = "minutes";
    targets = "Targets";
    targets_about = "A run meets a target when the output is at least the value (at most, for costs per buyer or lead, abandonment, stock-outs and oversells).";
    remove_target = "Remove target {target}";
    add_target = "Add a target";
    choose_output = "choose an output…";
    correlations = "Guesses that move together";
    correlations_about = "Two fields given as a range can be correlated: a rank correlation (Spearman ρ) from −1 to 1, e.g. 0.6 when a keen audience both shows up more and buys more. Each keeps its own range.";
    field = "Field";
    moves_with = "moves with";
    correlation_n = "correlation {n}";
    add_correlation = "+ Add a correlation";
    too_few_ranges = "Give at least two numbers a range (±) to correlate them.";
    all_pairs = "Every pair of ranges has a correlation.";
} }
