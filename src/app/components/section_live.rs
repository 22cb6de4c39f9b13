//! Editor section "Live": name, currency, duration, and the targets to meet.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::app::components::fields::{Ctx, Num, REQUIRED, add_choice, heading, num, para};
use crate::app::components::kpi_cards::{kpi_label, target_reading};
use crate::app::components::number_field::number_field;
use crate::app::components::text_field::text_field;
use crate::app::doc::{Edit, Path};
use crate::app::format::Formats;
use crate::engine::Kpi;

const DURATION: [Num; 1] = [num("duration_min", "Duration", "", "minutes", REQUIRED)];

/// The section, with the formats the result cards use (for the targets' readings).
pub fn section_live(ctx: &Ctx, formats: &Formats) -> Html {
    let root = Path::root();
    let targets_path = root.key("targets");
    let empty = serde_json::Map::new();
    let targets = ctx.doc.get("targets").and_then(Value::as_object).unwrap_or(&empty);
    let unused: Vec<Kpi> = Kpi::ALL.into_iter().filter(|k| !targets.contains_key(k.name())).collect();
    html! {
        <div class="section">
            <h2>{ "Live" }</h2>
            { text_field(ctx, root.key("name"), "Name".into(), None, false) }
            { text_field(ctx, root.key("currency"), "Currency (ISO 4217)".into(), Some("USD"), true) }
            { ctx.nums(&root, &DURATION) }
            { heading("Targets") }
            { para("hint", "A run meets a target when the output is at least the value (at most, for costs per buyer or lead, abandonment, stock-outs and oversells).") }
            { for targets.iter().map(|(name, value)| {
                let kpi = Kpi::from_name(name);
                // The output as the cards call it, and the value read as they show it (`at least 4,5%` for 0.045).
                let label = kpi.map_or_else(|| name.replace('_', " "), |k| kpi_label(k).to_owned());
                let reading = kpi.zip(value.as_f64()).map(|(k, v)| AttrValue::from(target_reading(formats, k, v, false)));
                let path = targets_path.key(name);
                html! {
                    <div class="row">
                        { number_field(ctx, path.clone(), label.clone().into(), None, reading, REQUIRED) }
                        <button type="button" class="remove" aria-label={format!("Remove target {label}")}
                            onclick={ctx.click(Edit::Set(path, Value::Null))}>{ "✕" }</button>
                    </div>
                }
            }) }
            <label class="add">
                <span>{ "Add a target" }</span>
                <select aria-label="Add a target" onchange={add_choice(&ctx.on_edit, targets_path.clone(), json!(0))}>
                    <option value="" selected=true>{ "choose an output…" }</option>
                    { for unused.iter().map(|&k| html! { <option value={k.name()}>{ kpi_label(k) }</option> }) }
                </select>
            </label>
        </div>
    }
}
