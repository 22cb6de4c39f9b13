//! Per-channel results (arrivals, buyers, revenue) and new versus returning buyers.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::format::Formats;
use crate::engine::{Kpi, Summary};

pub struct ChannelTableProps {
    pub summary: Rc<Summary>,
    pub formats: Rc<Formats>,
}

pub fn channel_table(props: &ChannelTableProps) -> Html {
    let f = &props.formats;
    let s = &props.summary;
    let med = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), |v| f.count(v));
    let rows = s.channels.iter().map(|(name, c)| {
        html! {
            <tr data-channel={*name}>
                <th scope="row">{ *name }</th>
                <td>{ med(c.arrivals.as_ref().map(|s| s.p50)) }</td>
                <td>{ med(c.buyers.as_ref().map(|s| s.p50)) }</td>
                <td>{ c.revenue.as_ref().map_or_else(|| "–".to_owned(), |r| f.money(r.p50)) }</td>
            </tr>
        }
    });
    let buyers = |k: Kpi| s.kpi(k).map(|st| (st.p50, st.p5, st.p95));
    let buyer_row = |label: &str, k: Kpi| match buyers(k) {
        Some((m, lo, hi)) => html! {
            <tr><th scope="row">{ label.to_owned() }</th><td>{ f.count(m) }</td><td>{ format!("{} – {}", f.count(lo), f.count(hi)) }</td></tr>
        },
        None => html! { <tr><th scope="row">{ label.to_owned() }</th><td>{ "–" }</td><td>{ "–" }</td></tr> },
    };
    html! {
        <div class="tables-row">
            <div class="table-scroll">
                <table class="channel-table">
                    <caption>{ "Per channel (medians)" }</caption>
                    <thead><tr><th scope="col">{ "Channel" }</th><th scope="col">{ "Arrivals" }</th><th scope="col">{ "Buyers" }</th><th scope="col">{ "Revenue" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <div class="table-scroll">
                <table class="buyers-table">
                    <caption>{ "New versus returning buyers" }</caption>
                    <thead><tr><th scope="col">{ "Buyers" }</th><th scope="col">{ "Median" }</th><th scope="col">{ "90 % range" }</th></tr></thead>
                    <tbody>
                        { buyer_row("new", Kpi::BuyersNew) }
                        { buyer_row("returning", Kpi::BuyersReturning) }
                        { buyer_row("all", Kpi::Buyers) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
