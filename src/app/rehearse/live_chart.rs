//! A small SVG chart of one series of the live so far against the plan's p10-p90 band for each minute.

use yew::prelude::*;

#[derive(Clone, PartialEq, Properties)]
pub struct LiveChartProps {
    pub id: &'static str,
    pub title: String,
    /// The plan's p10 and p90 per minute (empty while the plan's runs are still coming).
    pub p10: Vec<f64>,
    pub p90: Vec<f64>,
    /// The live's values, minute by minute so far.
    pub values: Vec<f64>,
    pub duration: u32,
    /// The top of the axis as people read it.
    pub top_label: String,
    /// Bars (per-minute counts) rather than a line (running totals, levels).
    pub bars: bool,
}

const W: f64 = 320.0;
const H: f64 = 120.0;

pub fn live_chart(props: &LiveChartProps) -> Html {
    let top = props.p90.iter().chain(&props.values).copied().filter(|v| v.is_finite()).fold(0.0_f64, f64::max);
    let top = if top > 0.0 { top * 1.05 } else { 1.0 };
    let n = f64::from(props.duration.max(1));
    let x = |t: f64| t / n * W;
    let y = |v: f64| H - (v / top).clamp(0.0, 1.0) * H;
    let band = (!props.p10.is_empty()).then(|| {
        let upper = props.p90.iter().enumerate().map(|(t, &v)| format!("{:.1},{:.1}", x(t as f64 + 0.5), y(v)));
        let lower = props.p10.iter().enumerate().rev().map(|(t, &v)| format!("{:.1},{:.1}", x(t as f64 + 0.5), y(v)));
        upper.chain(lower).collect::<Vec<_>>().join(" ")
    });
    let body = if props.bars {
        let w = (W / n * 0.8).max(0.5);
        html! { for props.values.iter().enumerate().map(|(t, &v)| html! {
            <rect class="live-bar" x={format!("{:.1}", x(t as f64) + 0.1 * W / n)} y={format!("{:.1}", y(v))}
                width={format!("{w:.1}")} height={format!("{:.1}", H - y(v))} />
        }) }
    } else {
        let points: Vec<String> =
            props.values.iter().enumerate().map(|(t, &v)| format!("{:.1},{:.1}", x(t as f64 + 0.5), y(v))).collect();
        html! { <polyline class="live-line" points={points.join(" ")} /> }
    };
    let now = x(props.values.len() as f64);
    html! {
        <figure class="live-chart" id={props.id}>
            <figcaption>{ &props.title }<span class="axis-top">{ &props.top_label }</span></figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" role="img" aria-label={props.title.clone()}>
                { for band.map(|points| html! { <polygon class="live-band" points={points} /> }) }
                { body }
                <line class="live-now" x1={format!("{now:.1}")} x2={format!("{now:.1}")} y1="0" y2={H.to_string()} />
            </svg>
        </figure>
    }
}
