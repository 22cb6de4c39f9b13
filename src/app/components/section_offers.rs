//! Editor section "Offers": discounts, flash sales and lead magnets, each with a one-line summary in plain words.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::app::components::editor::SectionProps;
use crate::app::components::list_tools::{
    RowTools, array, duration, errors_at, fmt_num, item_choices, item_name, money, number, text, whole_numbers,
};
use crate::app::components::number_field::NumberField;
use crate::app::components::select_field::SelectField;
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

#[function_component(SectionOffers)]
pub fn section_offers(props: &SectionProps) -> Html {
    let SectionProps { doc, errors, on_edit } = props.clone();
    let whole = whole_numbers(&on_edit);
    let list = Path::root().key("offers");
    let offers = array(&doc, "offers");
    let items = item_choices(&doc);
    let currency = doc.get("currency").and_then(Value::as_str).filter(|c| !c.is_empty()).unwrap_or("USD").to_owned();

    let cards = offers.iter().enumerate().map(|(o, offer)| {
        let path = list.index(o);
        let kind = text(offer, "kind");
        let f = |label: &str, key: &str, required: bool, edit: &Callback<Edit>| {
            html! {
                <NumberField label={label.to_owned()} path={path.key(key)} required={required}
                    placeholder={(!required).then_some(AttrValue::from("none"))}
                    doc={doc.clone()} errors={errors.clone()} on_edit={edit.clone()} />
            }
        };
        let item = html! {
            <div class="span-3">
                <SelectField label="Item" path={path.key("item")} options={items.clone()}
                    doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
            </div>
        };
        let window = html! {
            <>
                { f("Starts (min)", "start_min", true, &whole) }
                { f("Ends (min)", "end_min", true, &whole) }
                { f("Announced (min)", "announce_min", false, &whole) }
            </>
        };
        let body = match kind {
            "discount" => html! {
                <>
                    { item }
                    <NumberField label="Discount" unit="0.15 = 15 % off" required=true path={path.key("pct")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <div class="span-2 hint note">{ "Viewers see the lower price during the window; an announcement holds them before it starts." }</div>
                    { window }
                </>
            },
            "flash" => html! {
                <>
                    { item }
                    <NumberField label={format!("Flash price ({currency})")} required=true path={path.key("price")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    { f("Units", "qty", true, &whole) }
                    <div class="hint note">{ "Sold until the window ends or the units run out." }</div>
                    { window }
                </>
            },
            "lead_magnet" => html! {
                <>
                    { f("At minute", "at_min", true, &whole) }
                    <div class="span-2">
                        <NumberField label="Sign-up rate" unit="of viewers present" required=true uncertain=true
                            path={path.key("signup_rate")} doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    </div>
                </>
            },
            _ => html! { <p class="hint span-3">{ "This kind of offer is not one livesim/1 knows: discount, flash or lead_magnet." }</p> },
        };
        html! {
            <div class={classes!("card", "offer", format!("offer-{}", kind.replace(|c: char| !c.is_ascii_alphanumeric(), "-")))}
                id={format!("offers-{o}")}>
                <div class="card-head">
                    <span class="card-title summary">{ summary(&doc, offer) }</span>
                    <RowTools what={format!("offer {} ({})", o + 1, kind_label(kind))} list={list.clone()} index={o}
                        len={offers.len()} on_edit={on_edit.clone()} />
                </div>
                { errors_at(&errors, &path) }
                <div class="card-grid">{ body }</div>
            </div>
        }
    });

    // Starter values: a window inside the live, on an item that exists.
    let add = |kind: &'static str| {
        let on_edit = on_edit.clone();
        let doc = doc.clone();
        Callback::from(move |_| {
            let d = duration(&doc);
            let window = |at: u32| {
                let end = (at + 10).min(d);
                (at.min(end.saturating_sub(1)), end)
            };
            let first = |key: &str| array(&doc, key).iter().map(|v| text(v, "id")).find(|id| !id.is_empty());
            let offer = match kind {
                "discount" => {
                    let (start, end) = window(d / 2);
                    let item = first("catalog").or_else(|| first("kits")).unwrap_or("");
                    json!({ "kind": "discount", "item": item, "pct": 0.1, "start_min": start, "end_min": end })
                }
                "flash" => {
                    let (start, end) = window(d * 2 / 3);
                    let item = first("kits").or_else(|| first("catalog")).unwrap_or("");
                    let list_price = array(&doc, "catalog")
                        .iter()
                        .chain(array(&doc, "kits"))
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
                }
                _ => json!({ "kind": "lead_magnet", "at_min": (d * 9 / 10).min(d - 1), "signup_rate": 0.05 }),
            };
            on_edit.emit(Edit::Push(Path::root().key("offers"), offer));
        })
    };

    html! {
        <div class="section offers">
            <h2>{ "Offers" }</h2>
            <p class="hint">{ "Minutes count from 0; a window runs from its start minute up to (not including) its end minute. Where several prices apply, the lowest wins." }</p>
            { errors_at(&errors, &list) }
            if items.is_empty() { <p class="hint">{ "Discounts and flash sales need an item: add products in Catalog first." }</p> }
            if offers.is_empty() { <p class="hint">{ "No offers yet." }</p> }
            { for cards }
            <div class="add-row" role="group" aria-label="Add an offer">
                <button type="button" class="secondary" onclick={add("discount")}>{ "+ Discount" }</button>
                <button type="button" class="secondary" onclick={add("flash")}>{ "+ Flash sale" }</button>
                <button type="button" class="secondary" onclick={add("lead_magnet")}>{ "+ Lead magnet" }</button>
            </div>
        </div>
    }
}
