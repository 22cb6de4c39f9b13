//! Per-item results: exposure, intents, orders, revenue, abandonment, sell-out, and a flag for what is seen but not bought.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::snap::Snap;

use crate::app::format::Formats;
use crate::engine::summary::{ItemSummary, Stats};
use crate::engine::{Plan, Summary};

use ItemTableText as T;

pub struct ItemTableProps {
    pub plan: Snap<Plan>,
    pub summary: Rc<Summary>,
    pub formats: Rc<Formats>,
}

fn mean(s: &Option<Stats>) -> f64 {
    s.as_ref().map_or(0.0, |s| s.mean)
}

/// Items with at least their fair share of spotlight exposure whose orders
/// per exposure fall under half the average: seen a lot, bought little.
pub fn low_converting(items: &[(String, ItemSummary)]) -> Vec<bool> {
    let exposure: Vec<f64> = items.iter().map(|(_, s)| mean(&s.exposure)).collect();
    let orders: Vec<f64> = items.iter().map(|(_, s)| mean(&s.orders)).collect();
    let total_exposure: f64 = exposure.iter().sum();
    let total_orders: f64 = orders.iter().sum();
    let shown = exposure.iter().filter(|&&e| e > 0.0).count().max(1) as f64;
    if total_exposure <= 0.0 || total_orders <= 0.0 {
        return vec![false; items.len()];
    }
    let avg_rate = total_orders / total_exposure;
    exposure
        .iter()
        .zip(&orders)
        .map(|(&e, &o)| e >= total_exposure / shown && e > 0.0 && o / e < 0.5 * avg_rate)
        .collect()
}

pub fn item_table(props: &ItemTableProps) -> Html {
    let f = &props.formats;
    let flags = low_converting(&props.summary.items);
    let median = |s: &Option<Stats>| s.as_ref().map_or_else(|| "–".to_owned(), |s| f.count(s.p50));
    let rows = props.summary.items.iter().zip(&flags).map(|((id, s), &flag)| {
        let name = props.plan.items.iter().find(|i| &i.id == id).map_or(id.as_str(), |i| i.name.as_str());
        let intents = mean(&s.intents);
        let abandonment = if intents > 0.0 { f.rate(mean(&s.abandoned) / intents) } else { "–".to_owned() };
        let sellout = match &s.sellout_min {
            Some(m) if s.sellout_share > 0.0 => {
                f.fill(T::sold_out_at, &[("share", &f.rate(s.sellout_share)), ("minute", &f.count(m.p50))])
            }
            _ => f.t(T::never),
        };
        html! {
            <tr data-item={id.clone()} class={classes!(flag.then_some("flagged"))}>
                <th scope="row">
                    { name }
                    if flag { <span class="flag" title={f.t(T::flag_about)}>{ format!(" {}", f.t(T::flag)) }</span> }
                </th>
                <td>{ f.count(mean(&s.exposure)) }</td>
                <td>{ median(&s.intents) }</td>
                <td>{ median(&s.orders) }</td>
                <td>{ s.revenue.as_ref().map_or_else(|| "–".to_owned(), |r| f.money(r.p50)) }</td>
                <td>{ abandonment }</td>
                <td>{ sellout }</td>
            </tr>
        }
    });
    // A narrow screen scrolls the table, not the page; the title stays put above it.
    html! {
        <>
            <p class="table-title" id="item-table-title">{ f.t(T::title) }</p>
            <div class="table-scroll">
                <table class="item-table" aria-labelledby="item-table-title">
                    <thead>
                        <tr>
                            <th scope="col">{ f.t(T::item) }</th>
                            <th scope="col">{ f.t(T::exposure) }</th>
                            <th scope="col">{ f.t(T::intents) }</th>
                            <th scope="col">{ f.t(T::orders) }</th>
                            <th scope="col">{ f.t(T::revenue) }</th>
                            <th scope="col">{ f.t(T::abandoned) }</th>
                            <th scope="col" title={f.t(T::sold_out_about)}>{ f.t(T::sold_out) }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </>
    }
}

crate::texts! { ItemTableText "item_table" {
    title = "Per item (medians over runs; exposure is viewer-minutes in the spotlight, mean)";
    item = "Item";
    exposure = "Exposure";
    intents = "Intents";
    orders = "Orders";
    revenue = "Revenue";
    abandoned = "Abandoned";
    sold_out = "Sold out";
    sold_out_about = "Share of runs in which it sold out, and the median minute";
    sold_out_at = "{share} · min {minute}";
    never = "never";
    flag = "⚑ seen, not bought";
    flag_about = "High exposure, low conversion: many viewer-minutes in the spotlight, few orders per viewer-minute";
} }
