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

use AudienceText as T;

const U: u8 = UNCERTAIN;
const R: u8 = REQUIRED;

/// An optional part of the audience, added or removed by a switch: an entry channel, or fatigue.
struct Group {
    key: &'static str,
    title: AudienceText,
    /// What it is (channels only).
    about: Option<AudienceText>,
    fields: &'static [Num<AudienceText>],
    /// What it being off means.
    off: AudienceText,
}

const CHANNELS: [Group; 3] = [
    Group {
        key: "direct",
        title: T::direct_title,
        about: Some(T::direct_about),
        fields: &[
            num("followers", T::followers, "", Some(T::followers_unit), R | U),
            num("show_up_rate", T::show_up_rate, "", Some(T::show_up_rate_unit), R | U),
            num("arrival_tau_min", T::arrival_pace, "10", Some(T::arrival_pace_unit), U),
            num("returning_share", T::returning_share, "0.8", Some(T::returning_share_unit), U),
        ],
        off: T::channel_off,
    },
    Group {
        key: "paid",
        title: T::paid_title,
        about: Some(T::paid_about),
        fields: &[
            num("budget", T::budget, "", Some(T::budget_unit), R),
            num("cost_per_visit", T::cost_per_visit, "", Some(T::cost_per_visit_unit), U),
            num("start_min", T::ads_start, "0", Some(T::ads_start_unit), 0),
            num("end_min", T::ads_stop, "{dur}", Some(T::ads_stop_unit), 0),
            num("returning_share", T::returning_share, "0.1", Some(T::returning_share_unit), U),
        ],
        off: T::channel_off,
    },
    Group {
        key: "organic",
        title: T::organic_title,
        about: Some(T::organic_about),
        fields: &[
            num("base_per_min", T::feed_visitors, "", Some(T::feed_visitors_unit), R | U),
            num("engagement_boost", T::chat_boost, "0", Some(T::chat_boost_unit), U),
            num("returning_share", T::returning_share, "0.3", Some(T::returning_share_unit), U),
        ],
        off: T::channel_off,
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
const SEGMENTS: [(&str, AudienceText, [Num<AudienceText>; 3]); 2] = [
    (
        "new",
        T::new_viewers,
        [
            num("intent_per_min", T::intent, "0.002", Some(T::intent_unit), U),
            num("leave_per_min", T::leaving, "0.07", Some(T::leaving_unit), U),
            num("chat_per_min", T::chat, "0.04", Some(T::chat_unit), U),
        ],
    ),
    (
        "returning",
        T::returning_viewers,
        [
            num("intent_per_min", T::intent, "0.004", Some(T::intent_unit), U),
            num("leave_per_min", T::leaving, "0.04", Some(T::leaving_unit), U),
            num("chat_per_min", T::chat, "0.1", Some(T::chat_unit), U),
        ],
    ),
];

const BEHAVIOUR: [Num<AudienceText>; 4] = [
    num("background_share", T::background_share, "0.15", Some(T::background_share_unit), U),
    num("repeat_factor", T::repeat_factor, "0.3", Some(T::repeat_factor_unit), U),
    num("buyer_leave_factor", T::buyer_leave_factor, "1.2", Some(T::buyer_leave_factor_unit), U),
    num("announce_hold", T::announce_hold, "0.3", Some(T::announce_hold_unit), U),
];

const FATIGUE: Group = Group {
    key: "fatigue",
    title: T::fatigue_title,
    about: None,
    fields: &[
        num("after_min", T::tired_from, "", Some(T::tired_from_unit), R),
        num("leave_multiplier", T::leaving_then, "1", Some(T::leaving_then_unit), U),
        num("intent_multiplier", T::intent_then, "1", Some(T::intent_then_unit), U),
    ],
    off: T::fatigue_off,
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
    let total = f.count(visits);
    Some(if end > start {
        f.fill(T::paid_estimate, &[("visits", &total), ("per_minute", &f.compact(visits / (end - start)))])
    } else {
        f.fill(T::paid_estimate_total, &[("visits", &total)])
    })
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
    Some(f.fill(T::direct_estimate, &[("viewers", &f.count(arrived))]))
}

/// A group of the audience in its fieldset, its switch in the legend; a channel's fieldset has an id, and an estimate under its fields.
fn group(ctx: &Ctx, state: &SectionState, g: &Group) -> Html {
    let (doc, f) = (&ctx.doc, &ctx.f);
    let duration = duration(doc);
    let path = Path::root().key("audience").key(g.key);
    let value = path.get(doc).filter(|v| !v.is_null());
    let on = value.is_some();
    let onchange = toggler(&ctx.on_edit, doc, path.clone(), starter(g.key, duration), state.kept.clone());
    let estimate = value.and_then(|v| match g.key {
        "direct" => direct_estimate(f, v, duration),
        "paid" => paid_estimate(f, v, duration),
        _ => None,
    });
    let id = dom_id(&path);
    let switch_id = format!("on-{id}");
    html! {
        <fieldset class={if on { "group" } else { "group off" }} id={g.about.map(|_| format!("group-{id}"))}>
            <legend>
                <label class="switch" for={switch_id.clone()}>
                    <input id={switch_id} type="checkbox" checked={on} {onchange} />
                    { f.t(g.title) }
                </label>
            </legend>
            { for g.about.map(|text| para("hint", f.t(text))) }
            { errors_at(&ctx.errors, &path) }
            if on {
                { ctx.nums(&path, g.fields) }
                if let Some(e) = estimate { <p class="estimate">{ e }</p> }
            } else {
                { para("hint off-note", f.t(g.off)) }
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
                <legend>{ ctx.t(*title) }</legend>
                { errors_at(errors, &path) }
                { ctx.nums(&path, rates) }
            </fieldset>
        }
    });

    html! {
        <div class="section section-audience">
            { intro(ctx.t(T::title), ctx.t(T::about)) }
            { errors_at(errors, &audience) }

            { heading(ctx.t(T::channels)) }
            { for CHANNELS.iter().map(|g| group(ctx, state, g)) }

            { heading(ctx.t(T::behaviour)) }
            { para("hint", ctx.t(T::behaviour_about)) }
            { errors_at(errors, &segments_path) }
            { for segments }

            { heading(ctx.t(T::buying_and_staying)) }
            { ctx.nums(&audience, &BEHAVIOUR) }

            { heading(ctx.t(T::fatigue)) }
            { group(ctx, state, &FATIGUE) }
        </div>
    }
}

crate::texts! { AudienceText "audience" {
    title = "Audience";
    about = "Where viewers come from and how they behave. Empty fields use the model's value (greyed); ± turns a guess into a range.";
    channels = "Channels";
    channel_off = "Off: this channel brings nobody.";
    direct_title = "Direct: your followers";
    direct_about = "Followers told about the live. Most arrive early, then fewer and fewer keep coming.";
    followers = "Followers reached";
    followers_unit = "people told about the live";
    show_up_rate = "Show-up rate";
    show_up_rate_unit = "share of followers who show up, 0.06 = 6 %";
    arrival_pace = "Arrival pace";
    arrival_pace_unit = "minutes; about 63 % of them are in by then";
    returning_share = "Returning share";
    returning_share_unit = "share who are returning viewers";
    direct_estimate = "≈ {viewers} viewers show up during the live";
    paid_title = "Paid: ads";
    paid_about = "The budget buys visits, spread evenly over the ad window. The whole budget counts as ad spend.";
    budget = "Ad budget";
    budget_unit = "{cur}, spent in full";
    cost_per_visit = "Cost per visit";
    cost_per_visit_unit = "{cur} per visitor (needed when budget > 0)";
    ads_start = "Ads start";
    ads_start_unit = "minute";
    ads_stop = "Ads stop";
    ads_stop_unit = "minute (not included); empty = end of the live";
    paid_estimate = "≈ {visits} visits, {per_minute} a minute";
    paid_estimate_total = "≈ {visits} visits";
    organic_title = "Organic: the platform's feed";
    organic_about = "Visitors from the feed and recommendations. A lively chat pulls in more: feed visitors × (1 + chat boost × messages per viewer in the previous minute).";
    feed_visitors = "Feed visitors";
    feed_visitors_unit = "per minute, before the chat boost";
    chat_boost = "Chat boost";
    chat_boost_unit = "× messages per viewer; 0 = chat brings nobody";
    behaviour = "Viewer behaviour";
    behaviour_about = "Base rates, before the effects of content, fatigue, prices and offers. Returning viewers usually buy more and leave less.";
    new_viewers = "New viewers";
    returning_viewers = "Returning viewers";
    intent = "Buying intent";
    intent_unit = "chance per viewer per minute of trying to buy";
    leaving = "Leaving";
    leaving_unit = "chance per viewer per minute of leaving";
    chat = "Chat";
    chat_unit = "messages per viewer per minute";
    buying_and_staying = "Buying and staying";
    background_share = "Off-spotlight interest";
    background_share_unit = "intent for items not being shown, vs 1 when shown";
    repeat_factor = "Repeat buying";
    repeat_factor_unit = "× intent of viewers who already bought";
    buyer_leave_factor = "Buyers' leaving";
    buyer_leave_factor_unit = "× leave rate of viewers who already bought";
    announce_hold = "Announcement hold";
    announce_hold_unit = "fewer leave while an offer is announced, 0.3 = 30 % fewer";
    fatigue = "Fatigue";
    fatigue_title = "Viewers tire late in the live";
    tired_from = "Tired from";
    tired_from_unit = "minute of the live";
    leaving_then = "Leaving then";
    leaving_then_unit = "× leave rate, 1.4 = +40 %";
    intent_then = "Buying intent then";
    intent_then_unit = "× buying intent, 0.75 = −25 %";
    fatigue_off = "Off: leaving and buying intent stay the same all live long.";
} }
