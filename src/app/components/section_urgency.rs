//! Editor section "Scarcity & urgency": the lift of flash sales and "only N left", and whether stock is synced.

use serde_json::Value;
use yew::prelude::*;

use crate::app::components::check_field::check_field;
use crate::app::components::fields::{Ctx, Num, UNCERTAIN, heading, intro, num, para};
use crate::app::components::list_tools::errors_at;
use crate::app::doc::Path;

const URGENCY: [Num; 1] = [num(
    "flash_uplift",
    "Flash uplift",
    "0.8",
    "extra intent while a flash sale has units left, 0.8 = +80 %",
    UNCERTAIN,
)];

const SCARCITY: [Num; 2] = [
    num("show_below", "Show stock below", "0", "units; shown from this many left down to 1 (0 = never)", 0),
    num("uplift", "Scarcity uplift", "0", "extra intent while shown, 0.3 = +30 %", UNCERTAIN),
];

/// The section; it keeps no state of its own.
pub fn section_urgency(ctx: &Ctx) -> Html {
    let doc = &*ctx.doc;
    let urgency = Path::root().key("urgency");
    let scarcity = Path::root().key("scarcity");
    let sync = Path::root().key("inventory_sync");
    let show_below = scarcity.get(doc).and_then(|s| s.get("show_below"));
    let scarcity_off = show_below.is_none_or(|v| v.as_f64() == Some(0.0));
    let uplift_set = scarcity.get(doc).and_then(|s| s.get("uplift")).is_some_and(|v| !v.is_null());
    html! {
        <div class="section section-urgency">
            { intro("Scarcity & urgency", "Uplifts multiply buying intent: 0.8 = +80 %. Empty fields use the model's value (greyed); ± turns a guess into a range.") }

            { heading("Flash sales") }
            { errors_at(&ctx.errors, &urgency) }
            { ctx.nums(&urgency, &URGENCY) }

            { heading("Scarcity (\u{201c}only N left\u{201d})") }
            { errors_at(&ctx.errors, &scarcity) }
            { ctx.nums(&scarcity, &SCARCITY) }
            if scarcity_off && uplift_set {
                { para("hint", "Scarcity is off while \u{201c}show stock below\u{201d} is 0: the uplift has no effect.") }
            }

            { heading("Stock") }
            { errors_at(&ctx.errors, &sync) }
            { check_field(ctx, sync, "Inventory synced with the shop", true,
                "When off, viewers keep ordering sold-out items: those orders are taken, then cancelled (oversells: no revenue, and complaints).") }
            if doc.get("inventory_sync").and_then(Value::as_bool) == Some(false) {
                { para("hint", "Off: watch the oversold-cancelled output in the results.") }
            }
        </div>
    }
}
