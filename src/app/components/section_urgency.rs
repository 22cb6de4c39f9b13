//! Editor section "Scarcity & urgency": the lift of flash sales and "only N left", and whether stock is synced.

use serde_json::Value;
use yew::prelude::*;

use crate::app::components::check_field::check_field;
use crate::app::components::fields::{Ctx, Num, UNCERTAIN, heading, intro, num, para};
use crate::app::components::list_tools::errors_at;
use crate::app::doc::Path;

use UrgencyText as T;

const URGENCY: [Num<UrgencyText>; 1] =
    [num("flash_uplift", T::flash_uplift, "0.8", Some(T::flash_uplift_unit), UNCERTAIN)];

const SCARCITY: [Num<UrgencyText>; 2] = [
    num("show_below", T::show_below, "0", Some(T::show_below_unit), 0),
    num("uplift", T::uplift, "0", Some(T::uplift_unit), UNCERTAIN),
];

/// The section; it keeps no state of its own.
pub fn section_urgency(ctx: &Ctx) -> Html {
    let (doc, f) = (&*ctx.doc, &ctx.f);
    let urgency = Path::root().key("urgency");
    let scarcity = Path::root().key("scarcity");
    let sync = Path::root().key("inventory_sync");
    let show_below = scarcity.get(doc).and_then(|s| s.get("show_below"));
    let scarcity_off = show_below.is_none_or(|v| v.as_f64() == Some(0.0));
    let uplift_set = scarcity.get(doc).and_then(|s| s.get("uplift")).is_some_and(|v| !v.is_null());
    html! {
        <div class="section section-urgency">
            { intro(f.t(T::title), f.t(T::about)) }

            { heading(f.t(T::flash_sales)) }
            { errors_at(&ctx.errors, &urgency) }
            { ctx.nums(&urgency, &URGENCY) }

            { heading(f.t(T::scarcity)) }
            { errors_at(&ctx.errors, &scarcity) }
            { ctx.nums(&scarcity, &SCARCITY) }
            if scarcity_off && uplift_set {
                { para("hint", f.t(T::scarcity_off)) }
            }

            { heading(f.t(T::stock)) }
            { errors_at(&ctx.errors, &sync) }
            { check_field(ctx, sync, &f.t(T::synced), true, &f.t(T::synced_about)) }
            if doc.get("inventory_sync").and_then(Value::as_bool) == Some(false) {
                { para("hint", f.t(T::unsynced)) }
            }
        </div>
    }
}

crate::texts! { UrgencyText "urgency" {
    title = "Scarcity & urgency";
    about = "Uplifts multiply buying intent: 0.8 = +80 %. Empty fields use the model's value (greyed); ± turns a guess into a range.";
    flash_sales = "Flash sales";
    flash_uplift = "Flash uplift";
    flash_uplift_unit = "extra intent while a flash sale has units left, 0.8 = +80 %";
    scarcity = "Scarcity (“only N left”)";
    show_below = "Show stock below";
    show_below_unit = "units; shown from this many left down to 1 (0 = never)";
    uplift = "Scarcity uplift";
    uplift_unit = "extra intent while shown, 0.3 = +30 %";
    scarcity_off = "Scarcity is off while “show stock below” is 0: the uplift has no effect.";
    stock = "Stock";
    synced = "Inventory synced with the shop";
    synced_about = "When off, viewers keep ordering sold-out items: those orders are taken, then cancelled (oversells: no revenue, and complaints).";
    unsynced = "Off: watch the oversold-cancelled output in the results.";
} }
