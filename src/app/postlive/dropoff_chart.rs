//! The drop-off curve: the share of viewers who left at the end of each minute, the live's against the plan's median (SVG).

use yew::prelude::*;

use crate::app::format::Formats;
use crate::engine::postlive::Dropoff;

const W: f64 = 640.0;
const H: f64 = 160.0;

pub fn dropoff_chart(dropoff: &[Dropoff], f: &Formats) -> Html {
    use DropoffText as T;
    if dropoff.is_empty() {
        return html! { <p class="hint">{ f.t(T::too_short) }</p> };
    }
    let top = dropoff.iter().flat_map(|d| [d.rate, d.plan_rate]).filter(|v| v.is_finite()).fold(0.0_f64, f64::max);
    let top = if top > 0.0 { top * 1.1 } else { 1.0 };
    let n = dropoff.len() as f64;
    let x = |t: usize| (t as f64 + 0.5) / n * W;
    let y = |v: f64| H - (if v.is_finite() { v } else { 0.0 } / top).clamp(0.0, 1.0) * H;
    let line = |value: fn(&Dropoff) -> f64| {
        dropoff.iter().enumerate().map(|(t, d)| format!("{:.1},{:.1}", x(t), y(value(d)))).collect::<Vec<_>>().join(" ")
    };
    let rows = dropoff.iter().map(|d| {
        html! { <tr>
            <td>{ f.count(f64::from(d.minute)) }</td><td>{ f.count(d.left as f64) }</td>
            <td>{ f.rate(d.rate) }</td><td>{ f.rate(d.plan_rate) }</td>
        </tr> }
    });
    html! {
        <figure class="chart dropoff" id="dropoff">
            <figcaption>
                { f.t(T::title) }
                <ul class="chart-key">
                    <li><i class="key-actual" />{ f.t(T::live) }</li>
                    <li><i class="key-line" />{ f.t(T::plan) }</li>
                </ul>
                <span class="axis-top">{ f.fill(T::top, &[("rate", &f.rate(top))]) }</span>
            </figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" role="img" aria-label={f.t(T::title)}>
                <polyline class="dropoff-plan" points={line(|d| d.plan_rate)} />
                <polyline class="dropoff-live" points={line(|d| d.rate)} />
            </svg>
            <details class="data-table">
                <summary>{ f.t(T::data_table) }</summary>
                <table>
                    <thead><tr>
                        <th scope="col">{ f.t(T::minute) }</th><th scope="col">{ f.t(T::left) }</th>
                        <th scope="col">{ f.t(T::rate) }</th><th scope="col">{ f.t(T::plan_rate) }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </details>
        </figure>
    }
}

crate::texts! { DropoffText "postlive_dropoff" {
    title = "Share of viewers leaving at the end of each minute";
    live = "the live";
    plan = "the plan's median";
    top = "top of the axis: {rate}";
    too_short = "The live is too short for a drop-off curve.";
    data_table = "Data table";
    minute = "Minute";
    left = "Viewers who left";
    rate = "Share who left";
    plan_rate = "Plan's median share";
} }
