//! Editor section "Audience": where viewers come from (direct, paid, organic), how they behave, and fatigue.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::{Value, json};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::components::editor::SectionProps;
use crate::app::components::list_tools::{dom_id, duration, errors_at, number, whole_numbers};
use crate::app::components::number_field::NumberField;
use crate::app::doc::{Edit, Path};
use crate::app::format::{Formats, use_doc_formats};

/// One number of the section: its key, label, the model's default (`None` = required), unit, and kind.
struct Spec {
    key: &'static str,
    label: &'static str,
    /// The model's default, shown greyed when empty; `{dur}` is the live's duration. `None`: no default.
    default: Option<&'static str>,
    /// After the input; `{cur}` is the scenario's currency.
    unit: &'static str,
    /// Model section 6 lets it be a range.
    uncertain: bool,
    /// Emptying it leaves an empty value for the engine to name, rather than removing it.
    required: bool,
    /// The format holds it as a whole number (minutes).
    whole: bool,
}

const fn spec(key: &'static str, label: &'static str, default: Option<&'static str>, unit: &'static str) -> Spec {
    Spec { key, label, default, unit, uncertain: true, required: default.is_none(), whole: false }
}

const fn minute(key: &'static str, label: &'static str, default: Option<&'static str>, unit: &'static str) -> Spec {
    Spec { key, label, default, unit, uncertain: false, required: default.is_none(), whole: true }
}

/// An entry channel: its key, title, what it is, and its fields.
struct Channel {
    key: &'static str,
    title: &'static str,
    about: &'static str,
    fields: &'static [Spec],
}

const CHANNELS: [Channel; 3] = [
    Channel {
        key: "direct",
        title: "Direct: your followers",
        about: "Followers told about the live. Most arrive early, then fewer and fewer keep coming.",
        fields: &[
            spec("followers", "Followers reached", None, "people told about the live"),
            spec("show_up_rate", "Show-up rate", None, "share of followers who show up, 0.06 = 6 %"),
            spec("arrival_tau_min", "Arrival pace", Some("10"), "minutes; about 63 % of them are in by then"),
            spec("returning_share", "Returning share", Some("0.8"), "share who are returning viewers"),
        ],
    },
    Channel {
        key: "paid",
        title: "Paid: ads",
        about: "The budget buys visits, spread evenly over the ad window. The whole budget counts as ad spend.",
        fields: &[
            Spec {
                key: "budget",
                label: "Ad budget",
                default: None,
                unit: "{cur}, spent in full",
                uncertain: false,
                required: true,
                whole: false,
            },
            Spec {
                key: "cost_per_visit",
                label: "Cost per visit",
                default: None,
                unit: "{cur} per visitor (needed when budget > 0)",
                uncertain: true,
                required: false,
                whole: false,
            },
            minute("start_min", "Ads start", Some("0"), "minute"),
            minute("end_min", "Ads stop", Some("{dur}"), "minute (not included); empty = end of the live"),
            spec("returning_share", "Returning share", Some("0.1"), "share who are returning viewers"),
        ],
    },
    Channel {
        key: "organic",
        title: "Organic: the platform's feed",
        about: "Visitors from the feed and recommendations. A lively chat pulls in more: feed visitors × (1 + chat boost × messages per viewer in the previous minute).",
        fields: &[
            spec("base_per_min", "Feed visitors", None, "per minute, before the chat boost"),
            spec("engagement_boost", "Chat boost", Some("0"), "× messages per viewer; 0 = chat brings nobody"),
            spec("returning_share", "Returning share", Some("0.3"), "share who are returning viewers"),
        ],
    },
];

/// What switching a channel on inserts when there is nothing to restore.
fn starter(channel: &str) -> Value {
    match channel {
        "direct" => json!({ "followers": 10000, "show_up_rate": 0.05 }),
        "paid" => json!({ "budget": 1000, "cost_per_visit": 0.5 }),
        _ => json!({ "base_per_min": 10 }),
    }
}

const SEGMENTS: [(&str, &str, [&str; 3]); 2] =
    [("new", "New viewers", ["0.002", "0.07", "0.04"]), ("returning", "Returning viewers", ["0.004", "0.04", "0.1"])];

const SEGMENT_RATES: [(&str, &str, &str); 3] = [
    ("intent_per_min", "Buying intent", "chance per viewer per minute of trying to buy"),
    ("leave_per_min", "Leaving", "chance per viewer per minute of leaving"),
    ("chat_per_min", "Chat", "messages per viewer per minute"),
];

const BEHAVIOUR: [Spec; 4] = [
    spec(
        "background_share",
        "Off-spotlight interest",
        Some("0.15"),
        "intent for items not being shown, vs 1 when shown",
    ),
    spec("repeat_factor", "Repeat buying", Some("0.3"), "× intent of viewers who already bought"),
    spec("buyer_leave_factor", "Buyers' leaving", Some("1.2"), "× leave rate of viewers who already bought"),
    spec(
        "announce_hold",
        "Announcement hold",
        Some("0.3"),
        "fewer leave while an offer is announced, 0.3 = 30 % fewer",
    ),
];

const FATIGUE: [Spec; 3] = [
    minute("after_min", "Tired from", None, "minute of the live"),
    spec("leave_multiplier", "Leaving then", Some("1"), "× leave rate, 1.4 = +40 %"),
    spec("intent_multiplier", "Buying intent then", Some("1"), "× buying intent, 0.75 = −25 %"),
];

/// What every field needs from the section.
struct Ctx {
    doc: Rc<Value>,
    errors: Rc<Vec<crate::engine::ScenarioError>>,
    on_edit: Callback<Edit>,
    whole_edit: Callback<Edit>,
    currency: String,
    duration: u32,
}

impl Ctx {
    fn field(&self, parent: &Path, s: &Spec) -> Html {
        let fill = |t: &str| t.replace("{cur}", &self.currency).replace("{dur}", &self.duration.to_string());
        let placeholder = s.default.map(|d| AttrValue::from(fill(d)));
        let unit = AttrValue::from(fill(s.unit));
        let on_edit = if s.whole { self.whole_edit.clone() } else { self.on_edit.clone() };
        html! {
            <NumberField label={s.label} path={parent.key(s.key)} {placeholder} {unit}
                uncertain={s.uncertain} required={s.required}
                doc={self.doc.clone()} errors={self.errors.clone()} {on_edit} />
        }
    }
}

/// A checkbox in a legend or heading that adds or removes an optional object of the scenario.
fn switch(path: &Path, label: &str, on: bool, onchange: Callback<Event>) -> Html {
    let id = format!("on-{}", dom_id(path));
    html! {
        <label class="switch" for={id.clone()}>
            <input {id} type="checkbox" checked={on} {onchange} />
            { label.to_owned() }
        </label>
    }
}

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

#[function_component(SectionAudience)]
pub fn section_audience(props: &SectionProps) -> Html {
    let SectionProps { doc, errors, on_edit } = props.clone();
    // What a switched-off channel (or fatigue) held, so switching it back on restores it.
    let kept = use_mut_ref(BTreeMap::<String, Value>::new);
    let formats = use_doc_formats(&doc);
    let audience = Path::root().key("audience");
    let ctx = Ctx {
        doc: doc.clone(),
        errors: errors.clone(),
        whole_edit: whole_numbers(&on_edit),
        on_edit: on_edit.clone(),
        currency: doc.get("currency").and_then(Value::as_str).filter(|c| !c.is_empty()).unwrap_or("USD").to_owned(),
        duration: duration(&doc),
    };

    let channels = CHANNELS.iter().map(|ch| {
        let path = audience.key(ch.key);
        let value = path.get(&doc).filter(|v| !v.is_null());
        let on = value.is_some();
        let onchange = toggler(&on_edit, &doc, path.clone(), starter(ch.key), kept.clone());
        let estimate = value.and_then(|v| match ch.key {
            "direct" => direct_estimate(&formats, v, ctx.duration),
            "paid" => paid_estimate(&formats, v, ctx.duration),
            _ => None,
        });
        html! {
            <fieldset class={classes!("group", (!on).then_some("off"))} id={format!("group-{}", dom_id(&path))}>
                <legend>{ switch(&path, ch.title, on, onchange) }</legend>
                <p class="hint">{ ch.about }</p>
                { errors_at(&errors, &path) }
                if on {
                    { for ch.fields.iter().map(|s| ctx.field(&path, s)) }
                    if let Some(e) = estimate { <p class="estimate">{ e }</p> }
                } else {
                    <p class="hint off-note">{ "Off: this channel brings nobody." }</p>
                }
            </fieldset>
        }
    });

    let segments_path = audience.key("segments");
    let segments = SEGMENTS.iter().map(|(key, title, defaults)| {
        let path = segments_path.key(key);
        html! {
            <fieldset class="group">
                <legend>{ *title }</legend>
                { errors_at(&errors, &path) }
                { for SEGMENT_RATES.iter().zip(defaults).map(|(&(key, label, unit), &default)| {
                    ctx.field(&path, &Spec { key, label, default: Some(default), unit, uncertain: true, required: false, whole: false })
                }) }
            </fieldset>
        }
    });

    let fatigue = audience.key("fatigue");
    let fatigue_on = fatigue.get(&doc).is_some_and(|v| !v.is_null());
    let fatigue_starter = json!({ "after_min": ctx.duration / 2, "leave_multiplier": 1.4, "intent_multiplier": 0.75 });
    let fatigue_toggle = toggler(&on_edit, &doc, fatigue.clone(), fatigue_starter, kept.clone());

    html! {
        <div class="section section-audience">
            <h2>{ "Audience" }</h2>
            <p class="hint">{ "Where viewers come from and how they behave. Empty fields use the model's value (greyed); ± turns a guess into a range." }</p>
            { errors_at(&errors, &audience) }

            <h3>{ "Channels" }</h3>
            { for channels }

            <h3>{ "Viewer behaviour" }</h3>
            <p class="hint">{ "Base rates, before the effects of content, fatigue, prices and offers. Returning viewers usually buy more and leave less." }</p>
            { errors_at(&errors, &segments_path) }
            { for segments }

            <h3>{ "Buying and staying" }</h3>
            { for BEHAVIOUR.iter().map(|s| ctx.field(&audience, s)) }

            <h3>{ "Fatigue" }</h3>
            <fieldset class={classes!("group", (!fatigue_on).then_some("off"))}>
                <legend>{ switch(&fatigue, "Viewers tire late in the live", fatigue_on, fatigue_toggle) }</legend>
                { errors_at(&errors, &fatigue) }
                if fatigue_on {
                    { for FATIGUE.iter().map(|s| ctx.field(&fatigue, s)) }
                } else {
                    <p class="hint off-note">{ "Off: leaving and buying intent stay the same all live long." }</p>
                }
            </fieldset>
        </div>
    }
}
