//! Editor section "Offers": discounts, flash sales and lead magnets, each with a one-line summary in plain words.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::app::components::fields::{Card, Ctx, Num, REQUIRED, UNCERTAIN, WIDE, intro, num, para};
use crate::app::components::list_tools::{
    array, duration, errors_at, fmt_num, item_choices, item_name, money, number, text,
};
use crate::app::components::select_field::select_field;
use crate::app::doc::{Edit, Path};

/// The kinds of offer, with the word people use.
pub fn kind_label(kind: &str) -> &str {
    match kind {
        "discount" => "Discount",
        "flash" => "Flash",
        "lead_magnet" => "Lead magnet",
        other => other,
    }
}

/// What a kind of offer asks for: whether it is on an item, its own fields, a note, and whether it has a window.
struct Kind {
    kind: &'static str,
    item: bool,
    fields: &'static [Num],
    /// The note's classes and words, after the fields.
    note: Option<(&'static str, &'static str)>,
    window: bool,
}

const KINDS: [Kind; 3] = [
    Kind {
        kind: "discount",
        item: true,
        fields: &[num("pct", "Discount", "", "0.15 = 15 % off", REQUIRED)],
        note: Some((
            "span-2 hint note",
            "Viewers see the lower price during the window; an announcement holds them before it starts.",
        )),
        window: true,
    },
    Kind {
        kind: "flash",
        item: true,
        fields: &[num("price", "Flash price ({cur})", "", "", REQUIRED), num("qty", "Units", "", "", REQUIRED)],
        note: Some(("hint note", "Sold until the window ends or the units run out.")),
        window: true,
    },
    Kind {
        kind: "lead_magnet",
        item: false,
        fields: &[
            num("at_min", "At minute", "", "", REQUIRED),
            num("signup_rate", "Sign-up rate", "", "of viewers present", REQUIRED | UNCERTAIN | WIDE),
        ],
        note: None,
        window: false,
    },
];

const WINDOW: [Num; 3] = [
    num("start_min", "Starts (min)", "", "", REQUIRED),
    num("end_min", "Ends (min)", "", "", REQUIRED),
    num("announce_min", "Announced (min)", "none", "", 0),
];

/// A number as written: plain, a range `lo–hi`, or `?`; `scale` turns 0.05 into 5.
fn shown(v: Option<&Value>, scale: f64) -> String {
    match v {
        Some(Value::Number(n)) => n.as_f64().map_or_else(|| "?".into(), |x| fmt_num(x * scale)),
        Some(Value::Object(r)) => match (r.get("lo").and_then(Value::as_f64), r.get("hi").and_then(Value::as_f64)) {
            (Some(lo), Some(hi)) => format!("{}–{}", fmt_num(lo * scale), fmt_num(hi * scale)),
            _ => "?".into(),
        },
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => "?".into(),
    }
}

/// One line on what an offer does, e.g. "Flash: Serum + cream kit at 149.9, 120 units, minutes 60–70, announced at 52".
pub fn summary(doc: &Value, offer: &Value) -> String {
    let item = || {
        let id = text(offer, "item");
        if id.is_empty() { "(no item)".to_owned() } else { item_name(doc, id) }
    };
    let window = format!("minutes {}–{}", shown(offer.get("start_min"), 1.0), shown(offer.get("end_min"), 1.0));
    let announced =
        offer.get("announce_min").map(|a| format!(", announced at {}", shown(Some(a), 1.0))).unwrap_or_default();
    match text(offer, "kind") {
        "discount" => format!("Discount: {} {} % off, {window}{announced}", item(), shown(offer.get("pct"), 100.0)),
        "flash" => format!(
            "Flash: {} at {}, {} units, {window}{announced}",
            item(),
            shown(offer.get("price"), 1.0),
            shown(offer.get("qty"), 1.0)
        ),
        "lead_magnet" => format!(
            "Lead magnet at minute {}: {} % of viewers sign up",
            shown(offer.get("at_min"), 1.0),
            shown(offer.get("signup_rate"), 100.0)
        ),
        "" => "Offer without a kind".to_owned(),
        other => format!("Unknown kind of offer \"{other}\""),
    }
}

/// The section; it keeps no state of its own.
pub fn section_offers(ctx: &Ctx) -> Html {
    let doc = &*ctx.doc;
    let list = Path::root().key("offers");
    let offers = array(doc, "offers");
    let items = item_choices(doc);

    let cards = offers.iter().enumerate().map(|(o, offer)| {
        let path = list.index(o);
        let kind = text(offer, "kind");
        let grid = match KINDS.iter().find(|k| k.kind == kind) {
            Some(k) => html! {
                <>
                    if k.item {
                        <div class="span-3">{ select_field(ctx, path.key("item"), "Item", &items, None) }</div>
                    }
                    { ctx.nums(&path, k.fields) }
                    if let Some((class, note)) = k.note { <div {class}>{ note }</div> }
                    if k.window { { ctx.nums(&path, &WINDOW) } }
                </>
            },
            None => {
                para("hint span-3", "This kind of offer is not one livesim/1 knows: discount, flash or lead_magnet.")
            }
        };
        let card = Card {
            class: format!("card offer offer-{}", kind.replace(|c: char| !c.is_ascii_alphanumeric(), "-")),
            id: format!("offers-{o}"),
            title: summary(doc, offer),
            title_class: "card-title summary",
            what: format!("offer {} ({})", o + 1, kind_label(kind)),
            grid,
            after: Html::default(),
        };
        ctx.card(&list, o, offers.len(), card)
    });

    // Starter values: a window inside the live, on an item that exists.
    let d = duration(doc);
    let window = |at: u32| {
        let end = (at + 10).min(d);
        (at.min(end.saturating_sub(1)), end)
    };
    let first = |key: &str| array(doc, key).iter().map(|v| text(v, "id")).find(|id| !id.is_empty());
    let discount = {
        let (start, end) = window(d / 2);
        let item = first("catalog").or_else(|| first("kits")).unwrap_or("");
        json!({ "kind": "discount", "item": item, "pct": 0.1, "start_min": start, "end_min": end })
    };
    let flash = {
        let (start, end) = window(d * 2 / 3);
        let item = first("kits").or_else(|| first("catalog")).unwrap_or("");
        let list_price = array(doc, "catalog")
            .iter()
            .chain(array(doc, "kits"))
            .find(|v| text(v, "id") == item)
            .and_then(|v| number(v, "price"))
            .unwrap_or(100.0);
        let mut offer = json!({
            "kind": "flash", "item": item, "price": money((list_price * 0.8 * 10.0).round() / 10.0),
            "qty": 50, "start_min": start, "end_min": end,
        });
        if start > 0 {
            offer["announce_min"] = json!(start.saturating_sub(8));
        }
        offer
    };
    let lead = json!({ "kind": "lead_magnet", "at_min": (d * 9 / 10).min(d - 1), "signup_rate": 0.05 });
    let adds = [("+ Discount", discount), ("+ Flash sale", flash), ("+ Lead magnet", lead)].map(|(label, offer)| {
        html! { <button type="button" class="secondary" onclick={ctx.click(Edit::Push(list.clone(), offer))}>{ label }</button> }
    });

    html! {
        <div class="section offers">
            { intro("Offers", "Minutes count from 0; a window runs from its start minute up to (not including) its end minute. Where several prices apply, the lowest wins.") }
            { errors_at(&ctx.errors, &list) }
            if items.is_empty() { { para("hint", "Discounts and flash sales need an item: add products in Catalog first.") } }
            if offers.is_empty() { { para("hint", "No offers yet.") } }
            { for cards }
            <div class="add-row" role="group" aria-label="Add an offer">{ for adds }</div>
        </div>
    }
}
