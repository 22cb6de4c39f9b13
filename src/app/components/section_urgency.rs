//! Editor section "Scarcity & urgency": the lift of flash sales and "only N left", and whether stock is synced.

use serde_json::Value;
use yew::prelude::*;

use crate::app::components::check_field::CheckField;
use crate::app::components::editor::SectionProps;
use crate::app::components::list_tools::{errors_at, whole_numbers};
use crate::app::components::number_field::NumberField;
use crate::app::doc::Path;

#[function_component(SectionUrgency)]
pub fn section_urgency(props: &SectionProps) -> Html {
    let SectionProps { doc, errors, on_edit } = props.clone();
    let urgency = Path::root().key("urgency");
    let scarcity = Path::root().key("scarcity");
    let show_below = scarcity.get(&doc).and_then(|s| s.get("show_below"));
    let scarcity_off = show_below.is_none_or(|v| v.as_f64() == Some(0.0));
    let uplift_set = scarcity.get(&doc).and_then(|s| s.get("uplift")).is_some_and(|v| !v.is_null());
    html! {
        <div class="section section-urgency">
            <h2>{ "Scarcity & urgency" }</h2>
            <p class="hint">{ "Uplifts multiply buying intent: 0.8 = +80 %. Empty fields use the model's value (greyed); ± turns a guess into a range." }</p>

            <h3>{ "Flash sales" }</h3>
            { errors_at(&errors, &urgency) }
            <NumberField label="Flash uplift" path={urgency.key("flash_uplift")} placeholder="0.8" uncertain=true
                unit="extra intent while a flash sale has units left, 0.8 = +80 %"
                doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />

            <h3>{ "Scarcity (\u{201c}only N left\u{201d})" }</h3>
            { errors_at(&errors, &scarcity) }
            <NumberField label="Show stock below" path={scarcity.key("show_below")} placeholder="0"
                unit="units; shown from this many left down to 1 (0 = never)"
                doc={doc.clone()} errors={errors.clone()} on_edit={whole_numbers(&on_edit)} />
            <NumberField label="Scarcity uplift" path={scarcity.key("uplift")} placeholder="0" uncertain=true
                unit="extra intent while shown, 0.3 = +30 %"
                doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
            if scarcity_off && uplift_set {
                <p class="hint">{ "Scarcity is off while \u{201c}show stock below\u{201d} is 0: the uplift has no effect." }</p>
            }

            <h3>{ "Stock" }</h3>
            { errors_at(&errors, &Path::root().key("inventory_sync")) }
            <CheckField label="Inventory synced with the shop" path={Path::root().key("inventory_sync")} default=true
                hint="When off, viewers keep ordering sold-out items: those orders are taken, then cancelled (oversells: no revenue, and complaints)."
                doc={doc.clone()} on_edit={on_edit.clone()} />
            if doc.get("inventory_sync").and_then(Value::as_bool) == Some(false) {
                <p class="hint">{ "Off: watch the oversold-cancelled output in the results." }</p>
            }
        </div>
    }
}
