//! Editor section "Audience": where viewers come from (direct, paid, organic), how they behave, and fatigue.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::{Value, json};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::components::editor::SectionState;
use crate::app::components::fields::{Ctx, Num, REQUIRED, UNCERTAIN, heading, intro, num, para};
use crate::app::components::list_tools::{dom_id, duration, errors_at, number};
use crate::app::doc::{Edit, Path};
use crate::app::format::Formats;

const U: u8 = UNCERTAIN;
const R: u8 = REQUIRED;

/// An optional part of the audience, added or removed by a switch: an entry channel, or fatigue.
struct Group {
    key: &'static str,
    title: &'static str,
    /// What it is (channels only).
    about: Option<&'static str>,
    fields: &'static [Num],
    /// What it being off means.
    off: &'static str,
}

const CHANNEL_OFF: &str = "Off: this channel brings nobody.";

const CHANNELS: [Group; 3] = [
    Group {
        key: "direct",
        title: "Direct: your followers",
        about: Some("Followers told about the live. Most arrive early, then fewer and fewer keep coming."),
        fields: &[
            num("followers", "Followers reached", "", "people told about the live", R | U),
            num("show_up_rate", "Show-up rate", "", "share of followers who show up, 0.06 = 6 %", R | U),
            num("arrival_tau_min", "Arrival pace", "10", "minutes; about 63 % of them are in by then", U),
            num("returning_share", "Returning share", "0.8", "share who are returning viewers", U),
        ],
        off: CHANNEL_OFF,
    },
    Group {
        key: "paid",
        title: "Paid: ads",
        about: Some("The budget buys visits, spread evenly over the ad window. The whole budget counts as ad spend."),
        fields: &[
            num("budget", "Ad budget", "", "{cur}, spent in full", R),
            num("cost_per_visit", "Cost per visit", "", "{cur} per visitor (needed when budget > 0)", U),
            num("start_min", "Ads start", "0", "minute", 0),
            num("end_min", "Ads stop", "{dur}", "minute (not included); empty = end of the live", 0),
            num("returning_share", "Returning share", "0.1", "share who are returning viewers", U),
        ],
        off: CHANNEL_OFF,
    },
    Group {
        key: "organic",
        title: "Organic: the platform's feed",
        about: Some(
            "Visitors from the feed and recommendations. A lively chat pulls in more: feed visitors × (1 + chat boost × messages per viewer in the previous minute).",
        ),
        fields: &[
            num("base_per_min", "Feed visitors", "", "per minute, before the chat boost", R | U),
            num("engagement_boost", "Chat boost", "0", "× messages per viewer; 0 = chat brings nobody", U),
            num("returning_share", "Returning share", "0.3", "share who are returning viewers", U),
        ],
        off: CHANNEL_OFF,
    },
];

/// What switching a group on inserts when there is nothing to restore.
fn starter(group: &str, duration: u32) -> Value {
    match group {
        "direct" => json!({ "followers": 10000, "show_up_rate": 0.05 }),
        "paid" => json!({ "budget": 1000, "cost_per_visit": 0.5 }),
        "organic" => json!({ "base_per_min": 10 }),
        _ => json!({ "after_min": duration / 2, "leave_multiplier": 1.4, "intent_multiplier": 0.75 }),
    }
}

/// The viewer segments: key, title, and their base rates (with the model's defaults).
const SEGMENTS: [(&str, &str, [Num; 3]); 2] = [
    (
        "new",
        "New viewers",
        [
            num("intent_per_min", "Buying intent", "0.002", "chance per viewer per minute of trying to buy", U),
            num("leave_per_min", "Leaving", "0.07", "chance per viewer per minute of leaving", U),
            num("chat_per_min", "Chat", "0.04", "messages per viewer per minute", U),
        ],
    ),
    (
        "returning",
        "Returning viewers",
        [
            num("intent_per_min", "Buying intent", "0.004", "chance per viewer per minute of trying to buy", U),
            num("leave_per_min", "Leaving", "0.04", "chance per viewer per minute of leaving", U),
            num("chat_per_min", "Chat", "0.1", "messages per viewer per minute", U),
        ],
    ),
];

const BEHAVIOUR: [Num; 4] = [
    num("background_share", "Off-spotlight interest", "0.15", "intent for items not being shown, vs 1 when shown", U),
    num("repeat_factor", "Repeat buying", "0.3", "× intent of viewers who already bought", U),
    num("buyer_leave_factor", "Buyers' leaving", "1.2", "× leave rate of viewers who already bought", U),
    num("announce_hold", "Announcement hold", "0.3", "fewer leave while an offer is announced, 0.3 = 30 % fewer", U),
];

const FATIGUE: Group = Group {
    key: "fatigue",
    title: "Viewers tire late in the live",
    about: None,
    fields: &[
        num("after_min", "Tired from", "", "minute of the live", R),
        num("leave_multiplier", "Leaving then", "1", "× leave rate, 1.4 = +40 %", U),
        num("intent_multiplier", "Buying intent then", "1", "× buying intent, 0.75 = −25 %", U),
    ],
    off: "Off: leaving and buying intent stay the same all live long.",
};

/// Switches an optional object on (restoring what was there before it was switched off, or a starter) or off.
fn toggler(
    on_edit: &Callback<Edit>,
    doc: &Rc<Value>,
    path: Path,
    starter: Value,
    kept: Rc<RefCell<BTreeMap<String, Value>>>,
) -> Callback<Event> {
    let on_edit = on_edit.clone();
    let current = path.get(doc).cloned();
    Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let key = path.to_string();
        if input.checked() {
            let back = kept.borrow_mut().remove(&key).unwrap_or_else(|| starter.clone());
            on_edit.emit(Edit::Set(path.clone(), back));
        } else {
            if let Some(v) = current.clone().filter(|v| !v.is_null()) {
                kept.borrow_mut().insert(key, v);
            }
            on_edit.emit(Edit::Set(path.clone(), Value::Null));
        }
    })
}

/// `≈ 6,000 visits, 100 a minute` for plain numbers of the paid channel.
fn paid_estimate(f: &Formats, paid: &Value, duration: u32) -> Option<String> {
    let budget = number(paid, "budget")?;
    let cpv = number(paid, "cost_per_visit").filter(|c| *c > 0.0)?;
    let start = number(paid, "start_min").unwrap_or(0.0);
    let end = number(paid, "end_min").unwrap_or(f64::from(duration));
    let visits = budget / cpv;
    let per_min = if end > start { format!(", {} a minute", f.compact(visits / (end - start))) } else { String::new() };
    Some(format!("≈ {} visits{per_min}", f.count(visits)))
}

/// `≈ 2,400 viewers show up during the live` for plain numbers of the direct channel (model 2.1).
fn direct_estimate(f: &Formats, direct: &Value, duration: u32) -> Option<String> {
    let followers = number(direct, "followers")?;
    let rate = number(direct, "show_up_rate")?;
    let tau = match direct.get("arrival_tau_min") {
        None | Some(Value::Null) => 10.0,
        Some(v) => v.as_f64().filter(|t| *t > 0.0)?,
    };
    let arrived = followers * rate * (1.0 - (-f64::from(duration) / tau).exp());
    Some(format!("≈ {} viewers show up during the live", f.count(arrived)))
}

/// A group of the audience in its fieldset, its switch in the legend; a channel's fieldset has an id, and an estimate under its fields.
fn group(ctx: &Ctx, state: &SectionState, g: &Group) -> Html {
    let doc = &ctx.doc;
    let duration = duration(doc);
    let path = Path::root().key("audience").key(g.key);
    let value = path.get(doc).filter(|v| !v.is_null());
    let on = value.is_some();
    let onchange = toggler(&ctx.on_edit, doc, path.clone(), starter(g.key, duration), state.kept.clone());
    let estimate = value.and_then(|v| match g.key {
        "direct" => direct_estimate(&state.formats, v, duration),
        "paid" => paid_estimate(&state.formats, v, duration),
        _ => None,
    });
    let id = dom_id(&path);
    let switch_id = format!("on-{id}");
    html! {
        <fieldset class={if on { "group" } else { "group off" }} id={g.about.map(|_| format!("group-{id}"))}>
            <legend>
                <label class="switch" for={switch_id.clone()}>
                    <input id={switch_id} type="checkbox" checked={on} {onchange} />
                    { g.title }
                </label>
            </legend>
            { for g.about.map(|about| para("hint", about)) }
            { errors_at(&ctx.errors, &path) }
            if on {
                { ctx.nums(&path, g.fields) }
                if let Some(e) = estimate { <p class="estimate">{ e }</p> }
            } else {
                { para("hint off-note", g.off) }
            }
        </fieldset>
    }
}

/// The section; what a switched-off group held is in `state.kept`, so switching it back on restores it.
pub fn section_audience(ctx: &Ctx, state: &SectionState) -> Html {
    let errors = &ctx.errors;
    let audience = Path::root().key("audience");
    let segments_path = audience.key("segments");
    let segments = SEGMENTS.iter().map(|(key, title, rates)| {
        let path = segments_path.key(key);
        html! {
            <fieldset class="group">
                <legend>{ *title }</legend>
                { errors_at(errors, &path) }
                { ctx.nums(&path, rates) }
            </fieldset>
        }
    });

    html! {
        <div class="section section-audience">
            { intro("Audience", "Where viewers come from and how they behave. Empty fields use the model's value (greyed); ± turns a guess into a range.") }
            { errors_at(errors, &audience) }

            { heading("Channels") }
            { for CHANNELS.iter().map(|g| group(ctx, state, g)) }

            { heading("Viewer behaviour") }
            { para("hint", "Base rates, before the effects of content, fatigue, prices and offers. Returning viewers usually buy more and leave less.") }
            { errors_at(errors, &segments_path) }
            { for segments }

            { heading("Buying and staying") }
            { ctx.nums(&audience, &BEHAVIOUR) }

            { heading("Fatigue") }
            { group(ctx, state, &FATIGUE) }
        </div>
    }
}
