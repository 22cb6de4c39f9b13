//! Editor section "Offers": discounts, flash sales and lead magnets, each with a one-line summary in plain words.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::app::components::fields::{Card, Ctx, Num, REQUIRED, UNCERTAIN, WIDE, intro, num, para};
use crate::app::components::list_tools::{
    array, duration, errors_at, fmt_num, item_choices, item_name, money, number, text,
};
use crate::app::components::select_field::select_field;
use crate::app::doc::{Edit, Path};
use crate::app::i18n::Words;

use OffersText as T;

/// The kinds of offer, with the word people use.
pub fn kind_label(words: &Words, kind: &str) -> String {
    match kind {
        "discount" => words.get(T::discount).into_owned(),
        "flash" => words.get(T::flash).into_owned(),
        "lead_magnet" => words.get(T::lead_magnet).into_owned(),
        other => other.to_owned(),
    }
}

/// What a kind of offer asks for: whether it is on an item, its own fields, a note, and whether it has a window.
struct Kind {
    kind: &'static str,
    item: bool,
    fields: &'static [Num<OffersText>],
    /// The note's classes and words, after the fields.
    note: Option<(&'static str, OffersText)>,
    window: bool,
}

const KINDS: [Kind; 3] = [
    Kind {
        kind: "discount",
        item: true,
        fields: &[num("pct", T::discount, "", Some(T::pct_unit), REQUIRED)],
        note: Some(("span-2 hint note", T::discount_note)),
        window: true,
    },
    Kind {
        kind: "flash",
        item: true,
        fields: &[num("price", T::flash_price, "", None, REQUIRED), num("qty", T::units, "", None, REQUIRED)],
        note: Some(("hint note", T::flash_note)),
        window: true,
    },
    Kind {
        kind: "lead_magnet",
        item: false,
        fields: &[
            num("at_min", T::at_minute, "", None, REQUIRED),
            num("signup_rate", T::signup_rate, "", Some(T::signup_rate_unit), REQUIRED | UNCERTAIN | WIDE),
        ],
        note: None,
        window: false,
    },
];

const WINDOW: [Num<OffersText>; 3] = [
    num("start_min", T::starts, "", None, REQUIRED),
    num("end_min", T::ends, "", None, REQUIRED),
    num("announce_min", T::announced, "{none}", None, 0),
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
pub fn summary(words: &Words, doc: &Value, offer: &Value) -> String {
    let item = {
        let id = text(offer, "item");
        if id.is_empty() { words.get(T::no_item).into_owned() } else { item_name(doc, id) }
    };
    let at = |key: &str, scale: f64| shown(offer.get(key), scale);
    let announce = offer.get("announce_min").map(|a| shown(Some(a), 1.0));
    let (start, end) = (at("start_min", 1.0), at("end_min", 1.0));
    let window = [("item", item.as_str()), ("start", start.as_str()), ("end", end.as_str())];
    // The offer's own values, then its window, then when it is announced, if it is.
    let with = |plain: T, own: &[(&str, &str)], with_announcement: T| {
        let mut args: Vec<(&str, &str)> = own.iter().chain(&window).copied().collect();
        match &announce {
            Some(a) => {
                args.push(("announce", a));
                words.fill(with_announcement, &args)
            }
            None => words.fill(plain, &args),
        }
    };
    match text(offer, "kind") {
        "discount" => with(T::discount_summary, &[("pct", &at("pct", 100.0))], T::discount_announced),
        "flash" => {
            with(T::flash_summary, &[("price", &at("price", 1.0)), ("qty", &at("qty", 1.0))], T::flash_announced)
        }
        "lead_magnet" => {
            words.fill(T::lead_magnet_summary, &[("at", &at("at_min", 1.0)), ("pct", &at("signup_rate", 100.0))])
        }
        "" => words.get(T::no_kind).into_owned(),
        other => words.fill(T::unknown_kind, &[("kind", other)]),
    }
}

/// The section; it keeps no state of its own.
pub fn section_offers(ctx: &Ctx) -> Html {
    let (doc, f) = (&*ctx.doc, &ctx.f);
    let list = Path::root().key("offers");
    let offers = array(doc, "offers");
    let items = item_choices(doc, &f.words);

    let cards = offers.iter().enumerate().map(|(o, offer)| {
        let path = list.index(o);
        let kind = text(offer, "kind");
        let grid = match KINDS.iter().find(|k| k.kind == kind) {
            Some(k) => html! {
                <>
                    if k.item {
                        <div class="span-3">{ select_field(ctx, path.key("item"), &f.t(T::item), &items, None) }</div>
                    }
                    { ctx.nums(&path, k.fields) }
                    if let Some((class, note)) = k.note { <div {class}>{ f.t(note) }</div> }
                    if k.window { { ctx.nums(&path, &WINDOW) } }
                </>
            },
            None => para("hint span-3", f.t(T::unknown_kind_note)),
        };
        let card = Card {
            class: format!("card offer offer-{}", kind.replace(|c: char| !c.is_ascii_alphanumeric(), "-")),
            id: format!("offers-{o}"),
            title: summary(&f.words, doc, offer),
            title_class: "card-title summary",
            what: f.fill(T::offer_n, &[("n", &f.count((o + 1) as f64)), ("kind", &kind_label(&f.words, kind))]),
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
    let adds = [(T::add_discount, discount), (T::add_flash, flash), (T::add_lead_magnet, lead)].map(|(label, offer)| {
        html! { <button type="button" class="secondary" onclick={ctx.click(Edit::Push(list.clone(), offer))}>{ f.t(label) }</button> }
    });

    html! {
        <div class="section offers">
            { intro(f.t(T::title), f.t(T::about)) }
            { errors_at(&ctx.errors, &list) }
            if items.is_empty() { { para("hint", f.t(T::no_items)) } }
            if offers.is_empty() { { para("hint", f.t(T::no_offers)) } }
            { for cards }
            <div class="add-row" role="group" aria-label={f.t(T::add_offer)}>{ for adds }</div>
        </div>
    }
}

crate::texts! { OffersText "offers" {
    title = "Offers";
    about = "Minutes count from 0; a window runs from its start minute up to (not including) its end minute. Where several prices apply, the lowest wins.";
    no_items = "Discounts and flash sales need an item: add products in Catalog first.";
    no_offers = "No offers yet.";
    add_offer = "Add an offer";
    add_discount = "+ Discount";
    add_flash = "+ Flash sale";
    add_lead_magnet = "+ Lead magnet";
    discount = "Discount";
    flash = "Flash";
    lead_magnet = "Lead magnet";
    offer_n = "offer {n} ({kind})";
    item = "Item";
    pct_unit = "0.15 = 15 % off";
    discount_note = "Viewers see the lower price during the window; an announcement holds them before it starts.";
    flash_price = "Flash price ({cur})";
    units = "Units";
    flash_note = "Sold until the window ends or the units run out.";
    at_minute = "At minute";
    signup_rate = "Sign-up rate";
    signup_rate_unit = "of viewers present";
    starts = "Starts (min)";
    ends = "Ends (min)";
    announced = "Announced (min)";
    unknown_kind_note = "This kind of offer is not one livesim/1 knows: discount, flash or lead_magnet.";
    no_item = "(no item)";
    discount_summary = "Discount: {item} {pct} % off, minutes {start}–{end}";
    discount_announced = "Discount: {item} {pct} % off, minutes {start}–{end}, announced at {announce}";
    flash_summary = "Flash: {item} at {price}, {qty} units, minutes {start}–{end}";
    flash_announced = "Flash: {item} at {price}, {qty} units, minutes {start}–{end}, announced at {announce}";
    lead_magnet_summary = "Lead magnet at minute {at}: {pct} % of viewers sign up";
    no_kind = "Offer without a kind";
    unknown_kind = "Unknown kind of offer \"{kind}\"";
} }
