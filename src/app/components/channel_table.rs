//! Per-channel results (arrivals, buyers, revenue) and new versus returning buyers.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::format::Formats;
use crate::engine::{Kpi, Summary};

use ChannelText as T;

pub struct ChannelTableProps {
    pub summary: Rc<Summary>,
    pub formats: Rc<Formats>,
}

/// A channel as people call it (the engine's name for one it does not know).
fn channel_name(f: &Formats, name: &str) -> String {
    match name {
        "direct" => f.t(T::direct),
        "paid" => f.t(T::paid),
        "organic" => f.t(T::organic),
        other => other.to_owned(),
    }
}

pub fn channel_table(props: &ChannelTableProps) -> Html {
    let f = &props.formats;
    let s = &props.summary;
    let med = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), |v| f.count(v));
    let rows = s.channels.iter().map(|(name, c)| {
        html! {
            <tr data-channel={*name}>
                <th scope="row">{ channel_name(f, name) }</th>
                <td>{ med(c.arrivals.as_ref().map(|s| s.p50)) }</td>
                <td>{ med(c.buyers.as_ref().map(|s| s.p50)) }</td>
                <td>{ c.revenue.as_ref().map_or_else(|| "–".to_owned(), |r| f.money(r.p50)) }</td>
            </tr>
        }
    });
    let buyers = |k: Kpi| s.kpi(k).map(|st| (st.p50, st.p5, st.p95));
    let buyer_row = |label: ChannelText, k: Kpi| match buyers(k) {
        Some((m, lo, hi)) => html! {
            <tr><th scope="row">{ f.t(label) }</th><td>{ f.count(m) }</td><td>{ format!("{} – {}", f.count(lo), f.count(hi)) }</td></tr>
        },
        None => html! { <tr><th scope="row">{ f.t(label) }</th><td>{ "–" }</td><td>{ "–" }</td></tr> },
    };
    html! {
        <div class="tables-row">
            <div class="table-scroll">
                <table class="channel-table">
                    <caption>{ f.t(T::per_channel) }</caption>
                    <thead><tr><th scope="col">{ f.t(T::channel) }</th><th scope="col">{ f.t(T::arrivals) }</th><th scope="col">{ f.t(T::buyers) }</th><th scope="col">{ f.t(T::revenue) }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <div class="table-scroll">
                <table class="buyers-table">
                    <caption>{ f.t(T::new_versus_returning) }</caption>
                    <thead><tr><th scope="col">{ f.t(T::buyers) }</th><th scope="col">{ f.t(T::median) }</th><th scope="col">{ f.t(T::range) }</th></tr></thead>
                    <tbody>
                        { buyer_row(T::new_buyers, Kpi::BuyersNew) }
                        { buyer_row(T::returning_buyers, Kpi::BuyersReturning) }
                        { buyer_row(T::all_buyers, Kpi::Buyers) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}

crate::texts! { ChannelText "channel_table" {
    per_channel = "Per channel (medians)";
    channel = "Channel";
    arrivals = "Arrivals";
    buyers = "Buyers";
    revenue = "Revenue";
    direct = "direct";
    paid = "paid";
    organic = "organic";
    new_versus_returning = "New versus returning buyers";
    median = "Median";
    range = "90 % range";
    new_buyers = "new";
    returning_buyers = "returning";
    all_buyers = "all";
} }
