//! A per-minute fan chart (p10-p90 band and median) over the rundown's blocks and offer windows, with a key, a hover readout and its data as a table.

use std::rc::Rc;

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::{HtmlCanvasElement, MouseEvent};
use yew::prelude::*;

use crate::app::snap::Snap;

use crate::app::canvas::{PlotArea, fit_canvas, house_mesh, label_area, ticks, use_chart_canvas};
use crate::app::components::png_button::{PngButtonProps, png_button};
use crate::app::format::Formats;
use crate::engine::Plan;
use crate::engine::plan::OfferPlan;
use crate::engine::summary::Band;

#[derive(Properties, PartialEq, Clone)]
pub struct FanChartProps {
    pub title: AttrValue,
    pub band: Band,
    pub plan: Snap<Plan>,
    pub formats: Rc<Formats>,
    /// Values are money (else counts).
    #[prop_or_default]
    pub money: bool,
    /// A short id for tests and anchors, e.g. "viewers".
    pub id: AttrValue,
    /// What actually happened, minute by minute (a past live), drawn over the band.
    #[prop_or_default]
    pub actual: Option<Rc<Vec<f64>>>,
}

const ACCENT: RGBColor = RGBColor(91, 60, 196);
/// A past live's curve (`--ink` in www/style.css).
const ACTUAL: RGBColor = RGBColor(29, 35, 48);
/// Alternating block shades (`--block-a`, `--block-b` in www/style.css, for the key).
const BLOCK_SHADES: [RGBColor; 2] = [RGBColor(244, 245, 248), RGBColor(233, 236, 242)];
/// The offer colours, the same as the editor's rundown timeline: `--offer-discount`, `--offer-flash`, `--offer-lead` in www/style.css.
const DISCOUNT: RGBColor = RGBColor(14, 147, 132);
const FLASH: RGBColor = RGBColor(220, 104, 3);
const LEAD: RGBColor = RGBColor(37, 99, 235);
const Y_LABELS: usize = 5;

fn fmt(formats: &Formats, money: bool, x: f64) -> String {
    if money { formats.money_compact(x) } else { formats.compact(x) }
}

/// The label of minute `t` in the rundown: block kind and spotlighted item.
pub fn block_label(plan: &Plan, t: u32) -> Option<String> {
    let b = plan.blocks.iter().find(|b| b.start <= t && t < b.end)?;
    let kind = plan.kinds.get(b.kind).cloned().unwrap_or_default();
    Some(match b.spotlight.and_then(|i| plan.items.get(i)) {
        Some(item) => format!("{kind} · {}", item.name),
        None => kind,
    })
}

/// Offer windows as `(start, end, colour, label)`.
fn offer_windows(plan: &Plan, f: &Formats) -> Vec<(f64, f64, RGBColor, String)> {
    let name = |i: usize| plan.items.get(i).map_or(String::new(), |it| it.name.clone());
    plan.offers
        .iter()
        .map(|o| match *o {
            OfferPlan::Discount { item, pct, start, end, .. } => {
                let pct = format!("{:.0}", pct * 100.0);
                (
                    f64::from(start),
                    f64::from(end),
                    DISCOUNT,
                    f.fill(FanText::discount_window, &[("pct", &pct), ("item", &name(item))]),
                )
            }
            OfferPlan::Flash { item, start, end, .. } => {
                (f64::from(start), f64::from(end), FLASH, f.fill(FanText::flash_window, &[("item", &name(item))]))
            }
            OfferPlan::LeadMagnet { at, .. } => (f64::from(at), f64::from(at) + 1.0, LEAD, f.t(FanText::lead_magnet)),
        })
        .collect()
}

/// Draws the chart of `props` on `canvas` (sized to its CSS box); where the plot area is, or `None` if the canvas is not laid out.
pub fn draw(canvas: &HtmlCanvasElement, props: &FanChartProps) -> Option<PlotArea> {
    let dpr = fit_canvas(canvas)?;
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let band = &props.band;
    let n = band.p50.len().max(1) as f64;
    let actual = props.actual.as_deref().map_or(&[][..], |a| &a[..a.len().min(band.p50.len())]);
    let top = band.p90.iter().chain(actual).copied().filter(|v| v.is_finite()).fold(0.0_f64, f64::max);
    let ymax = if top > 0.0 { top * 1.08 } else { 1.0 };
    let px = |x: f64| (x * dpr).round() as u32;
    let font = ("sans-serif", 11.0 * dpr).into_font().color(&RGBColor(93, 102, 118));
    let formats = props.formats.clone();
    let money = props.money;
    let y_labels = ticks(0.0..ymax, Y_LABELS).into_iter().map(|y| fmt(&formats, money, y));
    let mut chart = ChartBuilder::on(&root)
        .margin_top(px(18.0))
        .margin_right(px(10.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(label_area(&root, &font, y_labels, dpr))
        .build_cartesian_2d(0f64..n, 0f64..ymax)
        .ok()?;

    // Backdrop: the rundown's blocks, then offer windows as strips along the top.
    for (i, b) in props.plan.blocks.iter().enumerate() {
        let shade = BLOCK_SHADES[i % 2];
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(f64::from(b.start), 0.0), (f64::from(b.end), ymax)],
                shade.filled(),
            )))
            .ok()?;
    }
    for (start, end, colour, _) in offer_windows(&props.plan, &formats) {
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(start, ymax * 0.965), (end, ymax)],
                colour.mix(0.8).filled(),
            )))
            .ok()?;
        chart
            .draw_series(std::iter::once(Rectangle::new([(start, 0.0), (end, ymax)], colour.mix(0.07).filled())))
            .ok()?;
    }

    house_mesh(&mut chart.configure_mesh(), &font, dpr)
        .y_labels(Y_LABELS)
        .x_labels(10)
        .x_desc(formats.t(FanText::minute_axis))
        .y_label_formatter(&move |y| fmt(&formats, money, *y))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .draw()
        .ok()?;

    let x = |t: usize| t as f64 + 0.5;
    let mut area: Vec<(f64, f64)> = band.p90.iter().enumerate().map(|(t, &v)| (x(t), v)).collect();
    area.extend(band.p10.iter().enumerate().rev().map(|(t, &v)| (x(t), v)));
    chart.draw_series(std::iter::once(Polygon::new(area, ACCENT.mix(0.22).filled()))).ok()?;
    chart
        .draw_series(LineSeries::new(
            band.p50.iter().enumerate().map(|(t, &v)| (x(t), v)),
            ACCENT.stroke_width(px(2.0)),
        ))
        .ok()?;
    if !actual.is_empty() {
        let points = || actual.iter().enumerate().map(|(t, &v)| (x(t), v));
        chart.draw_series(LineSeries::new(points(), ACTUAL.stroke_width(px(1.5)))).ok()?;
        let dot = px(2.0);
        chart.draw_series(points().map(|p| Circle::new(p, dot, ACTUAL.filled()))).ok()?;
    }
    root.present().ok()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    Some(PlotArea::from_pixels(xr, yr, dpr))
}

#[function_component(FanChart)]
pub fn fan_chart(props: &FanChartProps) -> Html {
    let (canvas, area) = use_chart_canvas(props, draw);
    let hover = use_state(|| None::<(usize, f64)>);
    let n = props.band.p50.len();
    let onmousemove = {
        let hover = hover.clone();
        let area = area.clone();
        Callback::from(move |e: MouseEvent| {
            let x = f64::from(e.offset_x());
            let at = area.borrow().fraction(x).map(|f| ((f * n as f64).floor() as usize).min(n.saturating_sub(1)));
            hover.set(at.filter(|_| n > 0).map(|t| (t, x)));
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_| hover.set(None))
    };
    let f = &props.formats;
    let value = |x: f64| if props.money { f.money(x) } else { f.count(x) };
    let readout = hover.and_then(|(t, x)| {
        let b = &props.band;
        let (lo, mid, hi) = (*b.p10.get(t)?, *b.p50.get(t)?, *b.p90.get(t)?);
        let block = block_label(&props.plan, t as u32).unwrap_or_default();
        let offers: Vec<String> = offer_windows(&props.plan, f)
            .into_iter()
            .filter(|(s, e, _, _)| *s <= t as f64 && (t as f64) < *e)
            .map(|(_, _, _, label)| label)
            .collect();
        let actual =
            props.actual.as_ref().and_then(|a| a.get(t)).map(|&v| f.fill(FanText::actual_of, &[("value", &value(v))]));
        Some(html! {
            <div class="readout" style={format!("left: {x:.0}px")} role="status">
                <strong>{ f.fill(FanText::at_minute, &[("t", &t.to_string())]) }</strong>
                { for actual.map(|a| html! { <span>{ a }</span> }) }
                <span>{ f.fill(FanText::median_of, &[("value", &value(mid))]) }</span>
                <span>{ f.fill(FanText::band_of, &[("lo", &value(lo)), ("hi", &value(hi))]) }</span>
                if !block.is_empty() { <span class="muted">{ block }</span> }
                { for offers.into_iter().map(|o| html! { <span class="muted">{ o }</span> }) }
            </div>
        })
    });
    // The key: what the backdrop's shades and strips and the curves mean (offer kinds only when the rundown has them).
    let windows = offer_windows(&props.plan, f);
    let has = |colour: RGBColor| windows.iter().any(|w| w.2 == colour);
    let offers = [
        (DISCOUNT, "discount", FanText::discount),
        (FLASH, "flash", FanText::flash_sale),
        (LEAD, "lead", FanText::lead_magnet),
    ];
    let key = html! {
        <ul class="chart-key">
            <li><i class="key-line" />{ f.t(FanText::median) }</li>
            <li><i class="key-band" />{ f.t(FanText::band) }</li>
            if props.actual.is_some() { <li><i class="key-actual" />{ f.t(FanText::actual) }</li> }
            <li><i class="key-blocks" />{ f.t(FanText::blocks) }</li>
            { for offers.iter().filter(|(c, _, _)| has(*c)).map(|(_, class, label)| html! {
                <li><i class={format!("key-offer {class}")} />{ f.t(*label) }</li>
            }) }
        </ul>
    };
    let actual = props.actual.as_deref();
    let rows = (0..n).map(|t| {
        let b = &props.band;
        let a = actual.map(|a| html! { <td>{ a.get(t).map(|&v| value(v)).unwrap_or_default() }</td> });
        html! { <tr><td>{ t }</td><td>{ value(b.p10[t]) }</td><td>{ value(b.p50[t]) }</td><td>{ value(b.p90[t]) }</td>{ for a }</tr> }
    });
    html! {
        <figure class="chart" id={format!("chart-{}", props.id)}>
            <figcaption>{ props.title.clone() }{ key }{ png_button(&PngButtonProps { canvas: &canvas, title: &props.title, formats: &props.formats }) }</figcaption>
            <div class="canvas-box">
                <canvas ref={canvas} role="img" aria-label={f.fill(FanText::canvas_label, &[("title", &props.title)])} {onmousemove} {onmouseleave}></canvas>
                { readout.unwrap_or_default() }
            </div>
            <details class="data-table">
                <summary>{ f.t(FanText::data_table) }</summary>
                <table>
                    <thead><tr>
                        <th scope="col">{ f.t(FanText::minute_column) }</th><th scope="col">{ f.t(FanText::p10) }</th>
                        <th scope="col">{ f.t(FanText::median_column) }</th><th scope="col">{ f.t(FanText::p90) }</th>
                        if actual.is_some() { <th scope="col">{ f.t(FanText::actual_column) }</th> }
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </details>
        </figure>
    }
}

crate::texts! { FanText "fan_chart" {
    discount_window = "−{pct}% {item}";
    flash_window = "flash {item}";
    lead_magnet = "lead magnet";
    minute_axis = "minute";
    at_minute = "minute {t}";
    median_of = "median {value}";
    band_of = "80 % of runs: {lo} – {hi}";
    median = "median";
    band = "80 % of runs (p10–p90)";
    blocks = "rundown blocks";
    discount = "discount";
    flash_sale = "flash sale";
    canvas_label = "{title}: fan chart; the data table follows";
    data_table = "Data table";
    minute_column = "Minute";
    p10 = "p10";
    median_column = "Median";
    p90 = "p90";
    actual = "actual";
    actual_of = "actual {value}";
    actual_column = "Actual";
} }
