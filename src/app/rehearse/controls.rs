//! The trainee's console: spotlight, content, discount, flash sale, stock counter, lead magnet; the log of what they did.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::draft_input::DraftInput;
use crate::app::format::Formats;
use crate::app::rehearse::state::{Command, Move, Setting, State};
use crate::engine::session::{Action, ActionError};

#[derive(Clone, PartialEq, Properties)]
pub struct ControlsProps {
    pub state: Rc<State>,
    pub formats: Rc<Formats>,
    pub on_move: Callback<Move>,
}

/// The content kinds the console offers, in the order of their buttons, with their shortcut keys.
const KINDS: [(&str, &str); 6] =
    [("intro", "I"), ("demo", "D"), ("talk", "T"), ("qa", "Q"), ("offer", "O"), ("closing", "C")];

/// A content kind as people call it (a scenario's own kinds by their names).
pub fn kind_label(f: &Formats, kind: &str) -> String {
    use ControlsText as T;
    match kind {
        "intro" => f.t(T::intro),
        "demo" => f.t(T::demo),
        "talk" => f.t(T::talk),
        "qa" => f.t(T::qa),
        "offer" => f.t(T::offer),
        "closing" => f.t(T::closing),
        other => other.to_owned(),
    }
}

/// An action in words, for the log and the debrief.
pub fn describe(f: &Formats, action: &Action, names: &[String], kinds: &[String]) -> String {
    use ControlsText as T;
    let name = |i: usize| names.get(i).cloned().unwrap_or_default();
    match *action {
        Action::Spotlight(Some(i)) => f.fill(T::did_spotlight, &[("item", &name(i))]),
        Action::Spotlight(None) => f.t(T::did_spotlight_none),
        Action::Block { kind } => {
            f.fill(T::did_kind, &[("kind", &kind_label(f, kinds.get(kind).map_or("", String::as_str)))])
        }
        Action::FollowRundown => f.t(T::did_follow),
        Action::Discount { item, pct, minutes } => f.fill(
            T::did_discount,
            &[("item", &name(item)), ("pct", &f.percent(pct)), ("minutes", &f.count(f64::from(minutes)))],
        ),
        Action::Flash { item, price, qty, minutes, announce_ahead } => f.fill(
            T::did_flash,
            &[
                ("item", &name(item)),
                ("price", &f.money(price)),
                ("qty", &f.count(qty as f64)),
                ("minutes", &f.count(f64::from(minutes))),
                ("ahead", &f.count(f64::from(announce_ahead))),
            ],
        ),
        Action::ShowStock { below: 0 } => f.t(T::did_hide_stock),
        Action::ShowStock { below } => f.fill(T::did_show_stock, &[("below", &f.count(below as f64))]),
        Action::LeadMagnet { signup_rate } => f.fill(T::did_lead, &[("rate", &f.percent(signup_rate))]),
        Action::EndOffer { .. } => f.t(T::did_end_offer),
    }
}

fn number(text: &str) -> Option<f64> {
    text.trim().replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0)
}

pub fn controls(props: &ControlsProps) -> Html {
    use ControlsText as T;
    let (s, f) = (&props.state, &props.formats);
    let Some(plan) = &s.plan else { return html! {} };
    let names = s.item_names();
    let set = s.settings;
    let on_move = &props.on_move;
    let command = |c: Command| on_move.reform(move |_: MouseEvent| Move::Command(c));
    let field = |id: &'static str, label: T, value: String, step: &'static str, to: fn(f64) -> Setting| {
        // A value that is not a number leaves the setting as it was (the field shows what was typed).
        let on_move = on_move.clone();
        let on_commit = Callback::from(move |text: String| {
            if let Some(v) = number(&text) {
                on_move.emit(Move::Set(to(v)));
            }
        });
        html! { <label class="inline">{ f.t(label) }<DraftInput {id} kind="number" min="0" {step} {value} {on_commit} /></label> }
    };
    let on_item = on_move.reform(|e: Event| {
        Move::Set(Setting::Item(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(0)))
    });
    let showing = s.view.as_ref().is_some_and(|v| v.show_below > 0);
    let refused = s.refused.map(|e| refusal(f, e));
    html! {
        <section class="panel console" id="console">
            <h2>{ f.t(T::title) }</h2>
            <div class="console-row">
                <span class="row-label">{ f.t(T::spotlight) }</span>
                { for names.iter().enumerate().map(|(i, name)| html! {
                    <button type="button" class={classes!("secondary", (s.view.as_ref().and_then(|v| v.spotlight) == Some(i)).then_some("on"))}
                        id={format!("spotlight-{}", i + 1)} title={f.fill(T::key, &[("key", &(i + 1).to_string())])}
                        onclick={command(Command::Spotlight(Some(i)))}>{ format!("{} · {name}", i + 1) }</button>
                }) }
                <button type="button" class="secondary" id="spotlight-none" title={f.fill(T::key, &[("key", "0")])}
                    onclick={command(Command::Spotlight(None))}>{ f.t(T::no_item) }</button>
            </div>
            <div class="console-row">
                <span class="row-label">{ f.t(T::content) }</span>
                { for KINDS.iter().filter(|(k, _)| plan.kinds.iter().any(|n| n == k)).map(|&(kind, key)| html! {
                    <button type="button" class={classes!("secondary", (s.view.as_ref().and_then(|v| plan.kinds.get(v.kind)).is_some_and(|n| n == kind)).then_some("on"))}
                        id={format!("kind-{kind}")} title={f.fill(T::key, &[("key", key)])}
                        onclick={command(Command::Kind(kind))}>{ kind_label(f, kind) }</button>
                }) }
                <button type="button" class="secondary" id="follow-rundown" title={f.fill(T::key, &[("key", "R")])}
                    onclick={command(Command::FollowRundown)}>{ f.t(T::follow) }</button>
            </div>
            <div class="console-row">
                <label class="inline">{ f.t(T::offer_item) }
                    <select id="action-item" onchange={on_item}>
                        { for names.iter().enumerate().map(|(i, n)| html! { <option value={i.to_string()} selected={i == set.item}>{ n }</option> }) }
                    </select>
                </label>
            </div>
            <div class="console-row">
                { field("discount-pct", T::discount_pct, format!("{}", (set.discount_pct * 100.0).round()), "1", |v| Setting::DiscountPct((v / 100.0).min(1.0))) }
                { field("discount-minutes", T::minutes, set.discount_minutes.to_string(), "1", |v| Setting::DiscountMinutes(v.round().max(1.0) as u32)) }
                <button type="button" id="fire-discount" title={f.fill(T::key, &[("key", "X")])} onclick={command(Command::Discount)}>{ f.t(T::fire_discount) }</button>
            </div>
            <div class="console-row">
                { field("flash-price", T::flash_price, format!("{}", set.flash_price), "any", Setting::FlashPrice) }
                { field("flash-qty", T::flash_qty, set.flash_qty.to_string(), "1", |v| Setting::FlashQty(v.round() as u64)) }
                { field("flash-minutes", T::minutes, set.flash_minutes.to_string(), "1", |v| Setting::FlashMinutes(v.round().max(1.0) as u32)) }
                { field("flash-ahead", T::announce_ahead, set.flash_ahead.to_string(), "1", |v| Setting::FlashAhead(v.round() as u32)) }
                <button type="button" id="fire-flash" title={f.fill(T::key, &[("key", "F")])} onclick={command(Command::Flash)}>{ f.t(T::fire_flash) }</button>
            </div>
            <div class="console-row">
                { field("stock-below", T::stock_below, set.stock_below.to_string(), "1", |v| Setting::StockBelow(v.round().max(1.0) as u64)) }
                <button type="button" class={classes!("secondary", showing.then_some("on"))} id="toggle-stock" title={f.fill(T::key, &[("key", "S")])}
                    onclick={command(Command::StockCounter)}>{ if showing { f.t(T::hide_stock) } else { f.t(T::show_stock) } }</button>
                { field("signup-rate", T::signup_rate, format!("{}", (set.signup_rate * 100.0).round()), "1", |v| Setting::SignupRate((v / 100.0).min(1.0))) }
                <button type="button" id="fire-lead" title={f.fill(T::key, &[("key", "L")])} onclick={command(Command::LeadMagnet)}>{ f.t(T::fire_lead) }</button>
            </div>
            { for refused.map(|why| html! { <p class="notice error" id="refused" role="alert">{ why }</p> }) }
            <p class="hint shortcuts">{ f.t(T::shortcuts) }</p>
            <ol class="action-log" id="action-log">
                { for s.log.iter().map(|e| html! {
                    <li>{ f.fill(T::at_minute, &[("t", &f.count(f64::from(e.minute)))]) }{ " " }{ describe(f, &e.action, &names, &plan.kinds) }</li>
                }) }
            </ol>
        </section>
    }
}

fn refusal(f: &Formats, error: ActionError) -> String {
    use ControlsText as T;
    match error {
        ActionError::LiveIsOver => f.t(T::refused_over),
        ActionError::OutOfRange { what, .. } => f.fill(T::refused_range, &[("what", what)]),
        ActionError::NoSuchItem(_) | ActionError::NoSuchKind(_) | ActionError::NoSuchOffer(_) => f.t(T::refused_other),
    }
}

crate::texts! { ControlsText "rehearse_console" {
    title = "Your console";
    spotlight = "Spotlight";
    no_item = "No item";
    content = "Now";
    intro = "Intro";
    demo = "Demo";
    talk = "Talk";
    qa = "Q&A";
    offer = "Offer";
    closing = "Closing";
    follow = "Back to the rundown";
    key = "Shortcut: {key}";
    offer_item = "Offers on";
    discount_pct = "Discount %";
    minutes = "Minutes";
    fire_discount = "Launch discount";
    flash_price = "Flash price";
    flash_qty = "Units";
    announce_ahead = "Announce ahead (min)";
    fire_flash = "⚡ Launch flash sale";
    stock_below = "Counter below";
    show_stock = "Show stock counter";
    hide_stock = "Hide stock counter";
    signup_rate = "Sign-up %";
    fire_lead = "Launch lead magnet";
    shortcuts = "Keys: Space pause · 1–9 spotlight, 0 none · I D T Q O C content · R rundown · X discount · F flash sale · S stock counter · L lead magnet · + / − speed";
    at_minute = "min {t}:";
    did_spotlight = "spotlight on {item}";
    did_spotlight_none = "spotlight off";
    did_kind = "switched to {kind}";
    did_follow = "back to the rundown";
    did_discount = "{pct} off {item} for {minutes} min";
    did_flash = "flash sale: {qty} × {item} at {price} for {minutes} min, announced {ahead} min ahead";
    did_show_stock = "stock counter on (below {below})";
    did_hide_stock = "stock counter off";
    did_lead = "lead magnet ({rate} sign-up)";
    did_end_offer = "ended an offer";
    refused_over = "The live is over.";
    refused_range = "Not launched: {what} is out of range (a percentage up to 100, a price of 0 or more, a start before the end of the live).";
    refused_other = "Not launched: that item or content does not exist in this scenario.";
} }
