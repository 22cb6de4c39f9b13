//! The live as a seller console shows it: clock, tickers, curves against the plan's band, stock, alerts, chat.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::format::Formats;
use crate::app::rehearse::chat::{ChatProps, chat};
use crate::app::rehearse::controls::kind_label;
use crate::app::rehearse::live_chart::{LiveChartProps, live_chart};
use crate::app::rehearse::state::{Command, Move, Phase, State};
use crate::engine::outputs::Series;
use crate::engine::plan::ItemKind;
use crate::engine::rehearsal::Alert;

#[derive(Clone, PartialEq, Properties)]
pub struct DashboardProps {
    pub state: Rc<State>,
    pub formats: Rc<Formats>,
    pub on_move: Callback<Move>,
}

pub fn dashboard(props: &DashboardProps) -> Html {
    let (s, f) = (&props.state, &props.formats);
    let (Some(plan), Some(view)) = (&s.plan, &s.view) else { return html! {} };
    let names = s.item_names();
    let last = view.minutes.last().copied().unwrap_or_default();
    let before = view.minutes.len().checked_sub(2).map_or(0, |i| view.minutes[i].viewers) as f64;
    // Counters ease from the last minute's value to this one's across the minute (presentation only).
    let viewers_now =
        if s.phase == Phase::Live { before + (last.viewers as f64 - before) * s.clock() } else { last.viewers as f64 };
    let band = |series: Series| {
        s.plan_runs.as_ref().map_or((Vec::new(), Vec::new()), |p| {
            let b = p.summary.band(series);
            (b.p10.clone(), b.p90.clone())
        })
    };
    let minute_ix = view.minutes.len().saturating_sub(1);
    let (rev_lo, rev_hi) = band(Series::RevenueCumulative);
    let versus = match (rev_lo.get(minute_ix), rev_hi.get(minute_ix)) {
        _ if view.minutes.is_empty() => String::new(),
        (Some(&lo), Some(_)) if last.revenue_total < lo => f.fill(DashText::below_band, &[("p10", &f.money(lo))]),
        (Some(_), Some(&hi)) if last.revenue_total > hi => f.fill(DashText::above_band, &[("p90", &f.money(hi))]),
        (Some(&lo), Some(&hi)) => f.fill(DashText::in_band, &[("p10", &f.money(lo)), ("p90", &f.money(hi))]),
        _ => f.t(DashText::band_coming),
    };
    let chart = |id, title: DashText, series: Series, values: Vec<f64>, bars: bool, money: bool| {
        let (p10, p90) = band(series);
        let top = p90.iter().chain(&values).copied().fold(0.0_f64, f64::max);
        live_chart(&LiveChartProps {
            id,
            title: f.t(title),
            p10,
            p90,
            values,
            duration: plan.duration,
            top_label: if money { f.money_compact(top) } else { f.compact(top) },
            bars,
        })
    };
    let on_move = &props.on_move;
    let clock =
        f.fill(DashText::clock, &[("t", &f.count(f64::from(s.shown))), ("of", &f.count(f64::from(plan.duration)))]);
    let on_air = match view.spotlight {
        Some(i) => {
            f.fill(DashText::on_air_item, &[("kind", &kind_label(f, &plan.kinds[view.kind])), ("item", &names[i])])
        }
        None => kind_label(f, &plan.kinds[view.kind]),
    };
    html! {
        <section class="panel dashboard" id="dashboard">
            <div class="clock-bar">
                <strong id="clock">{ clock }</strong>
                <span id="on-air" class="on-air">{ on_air }</span>
                { if s.phase == Phase::Live { html! {
                    <>
                        <button type="button" id="pause" class="secondary" title={f.t(DashText::pause_title)}
                            onclick={on_move.reform(|_: MouseEvent| Move::Command(Command::TogglePause))}>
                            { if s.paused { f.t(DashText::resume) } else { f.t(DashText::pause) } }
                        </button>
                        <label class="inline">{ f.t(DashText::speed) }
                            <select id="live-speed" onchange={on_move.reform(|e: Event| Move::SetSpeed(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(3)))}>
                                { for (1..=10u32).map(|v| html! { <option value={v.to_string()} selected={v == s.speed}>{ f.fill(DashText::seconds, &[("s", &f.count(f64::from(v)))]) }</option> }) }
                            </select>
                        </label>
                        <button type="button" id="finish-now" class="secondary" title={f.t(DashText::finish_title)}
                            onclick={on_move.reform(|_: MouseEvent| Move::FinishNow)}>{ f.t(DashText::finish) }</button>
                        { if s.paused { html! { <span class="paused">{ f.t(DashText::paused) }</span> } } else { html! {} } }
                    </>
                } } else { html! {} } }
            </div>
            <div class="tickers">
                <div class="ticker"><span>{ f.t(DashText::viewers) }</span><strong id="ticker-viewers">{ f.count(viewers_now.round()) }</strong></div>
                <div class="ticker"><span>{ f.t(DashText::orders_minute) }</span><strong id="ticker-orders">{ f.count(last.orders as f64) }</strong></div>
                <div class="ticker"><span>{ f.t(DashText::revenue) }</span><strong id="ticker-revenue">{ f.money(last.revenue_total) }</strong><small id="versus-plan">{ versus }</small></div>
                <div class="ticker"><span>{ f.t(DashText::chat) }</span><strong id="ticker-chat">{ f.count(last.chat as f64) }</strong></div>
            </div>
            <div class="live-charts">
                { chart("chart-viewers", DashText::viewers_curve, Series::Viewers, view.minutes.iter().map(|m| m.viewers as f64).collect(), false, false) }
                { chart("chart-revenue", DashText::revenue_curve, Series::RevenueCumulative, view.minutes.iter().map(|m| m.revenue_total).collect(), false, true) }
                { chart("chart-orders", DashText::orders_curve, Series::Orders, view.minutes.iter().map(|m| m.orders as f64).collect(), true, false) }
            </div>
            <div class="live-columns">
                <table class="stock" id="stock">
                    <caption>{ f.t(DashText::stock) }</caption>
                    <thead><tr><th>{ f.t(DashText::item) }</th><th>{ f.t(DashText::price_now) }</th><th>{ f.t(DashText::left) }</th></tr></thead>
                    <tbody>
                    { for plan.items.iter().enumerate().map(|(i, item)| {
                        let left = view.stock[i];
                        let initial = match item.kind { ItemKind::Product { stock } => Some(stock), ItemKind::Kit { .. } => None };
                        let share = initial.filter(|&s| s > 0).map_or(1.0, |s| left as f64 / s as f64);
                        let reduced = view.prices[i] < item.price;
                        html! {
                            <tr class={classes!((view.spotlight == Some(i)).then_some("spotlit"), (left == 0).then_some("sold-out"))}>
                                <td>{ format!("{} · {}", i + 1, names[i]) }</td>
                                <td class={classes!("num", reduced.then_some("reduced"))}>{ f.money(view.prices[i]) }</td>
                                <td class="num">
                                    { if left == 0 { f.t(DashText::sold_out) } else { f.count(left as f64) } }
                                    <span class="stock-bar"><span style={format!("width:{:.0}%", share * 100.0)}></span></span>
                                </td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
                <div class="alerts" id="alerts" aria-live="polite">
                    <h3>{ f.t(DashText::alerts) }</h3>
                    { if view.alerts.is_empty() { html! { <p class="hint">{ f.t(DashText::no_alerts) }</p> } } else { html! {} } }
                    <ul>{ for view.alerts.iter().map(|a| html! { <li class="alert">{ alert_text(f, a, &names) }</li> }) }</ul>
                </div>
                { chat(&ChatProps { state: props.state.clone(), formats: props.formats.clone() }) }
            </div>
        </section>
    }
}

fn alert_text(f: &Formats, alert: &Alert, names: &[String]) -> String {
    match *alert {
        Alert::AboveThreshold { item, price, threshold } => f.fill(
            DashText::alert_threshold,
            &[("item", &names[item]), ("price", &f.money(price)), ("threshold", &f.money(threshold))],
        ),
        Alert::Abandoning { abandoned, orders } => f.fill(
            DashText::alert_abandoning,
            &[("abandoned", &f.count(abandoned as f64)), ("orders", &f.count(orders as f64))],
        ),
        Alert::LowStock { item, left } => {
            f.fill(DashText::alert_low_stock, &[("item", &names[item]), ("left", &f.count(left as f64))])
        }
        Alert::SpotlightSoldOut { item } => f.fill(DashText::alert_sold_out, &[("item", &names[item])]),
        Alert::NothingSpotlighted => f.t(DashText::alert_no_spotlight),
    }
}

crate::texts! { DashText "rehearse_dash" {
    clock = "Minute {t} of {of}";
    on_air_item = "{kind}: {item}";
    pause = "❚❚ Pause";
    resume = "▶ Resume";
    pause_title = "Pause or resume the live (Space)";
    paused = "Paused";
    speed = "Speed";
    seconds = "{s} s / min";
    finish = "⏭ End the live now";
    finish_title = "Play the remaining minutes at once, with no more actions, and go to the debrief";
    viewers = "Viewers now";
    orders_minute = "Orders this minute";
    revenue = "Revenue so far";
    chat = "Chat this minute";
    in_band = "within the plan's range ({p10} to {p90})";
    below_band = "below the plan's range (p10 {p10})";
    above_band = "above the plan's range (p90 {p90})";
    band_coming = "the plan's range is being simulated…";
    viewers_curve = "Viewers (the plan's p10 to p90 shaded)";
    revenue_curve = "Revenue so far (the plan's p10 to p90 shaded)";
    orders_curve = "Orders per minute (the plan's p10 to p90 shaded)";
    stock = "Stock";
    item = "Item";
    price_now = "Price";
    left = "Left";
    sold_out = "Sold out";
    alerts = "Alerts";
    no_alerts = "Nothing needs you right now.";
    alert_threshold = "{item} is on show at {price}, above the {threshold} price threshold: more carts are abandoned.";
    alert_abandoning = "Carts are being abandoned: {abandoned} abandoned against {orders} orders last minute.";
    alert_low_stock = "{item} is running low: {left} left.";
    alert_sold_out = "{item} is in the spotlight but sold out: spotlight something that can sell.";
    alert_no_spotlight = "Paid traffic is arriving and nothing is in the spotlight.";
} }
