//! Editor section "Live": name, currency, duration, and the targets to meet.

use serde_json::{Value, json};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::components::editor::SectionProps;
use crate::app::components::kpi_cards::{kpi_label, target_reading};
use crate::app::components::number_field::NumberField;
use crate::app::components::text_field::TextField;
use crate::app::doc::{Edit, Path};
use crate::app::format::use_doc_formats;
use crate::engine::Kpi;

#[function_component(SectionLive)]
pub fn section_live(props: &SectionProps) -> Html {
    let SectionProps { doc, errors, on_edit } = props.clone();
    let formats = use_doc_formats(&doc);
    let root = Path::root();
    let targets = doc.get("targets").and_then(Value::as_object).cloned().unwrap_or_default();
    let unused: Vec<Kpi> = Kpi::ALL.into_iter().filter(|k| !targets.contains_key(k.name())).collect();
    let on_add = {
        let on_edit = on_edit.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let name = select.value();
            if !name.is_empty() {
                on_edit.emit(Edit::Set(Path::root().key("targets").key(&name), json!(0)));
            }
            select.set_value("");
        })
    };
    html! {
        <div class="section">
            <h2>{ "Live" }</h2>
            <TextField label="Name" path={root.key("name")} doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
            <TextField label="Currency (ISO 4217)" path={root.key("currency")} placeholder="USD" optional=true
                doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
            <NumberField label="Duration" unit="minutes" required=true path={root.key("duration_min")}
                doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
            <h3>{ "Targets" }</h3>
            <p class="hint">{ "A run meets a target when the output is at least the value (at most, for costs per buyer or lead, abandonment, stock-outs and oversells)." }</p>
            { for targets.iter().map(|(name, value)| {
                let kpi = Kpi::from_name(name);
                // The output as the cards call it, and the value read as they show it (`at least 4,5%` for 0.045).
                let label = kpi.map_or_else(|| name.replace('_', " "), |k| kpi_label(k).to_owned());
                let reading = kpi.zip(value.as_f64()).map(|(k, v)| AttrValue::from(target_reading(&formats, k, v, false)));
                let remove = {
                    let on_edit = on_edit.clone();
                    let path = root.key("targets").key(name);
                    Callback::from(move |_| on_edit.emit(Edit::Set(path.clone(), Value::Null)))
                };
                html! {
                    <div class="row">
                        <NumberField label={label.clone()} path={root.key("targets").key(name)} required=true unit={reading}
                            doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                        <button type="button" class="remove" aria-label={format!("Remove target {label}")} onclick={remove}>{ "✕" }</button>
                    </div>
                }
            }) }
            <label class="add">
                <span>{ "Add a target" }</span>
                <select aria-label="Add a target" onchange={on_add}>
                    <option value="" selected=true>{ "choose an output…" }</option>
                    { for unused.iter().map(|&k| html! { <option value={k.name()}>{ kpi_label(k) }</option> }) }
                </select>
            </label>
        </div>
    }
}
