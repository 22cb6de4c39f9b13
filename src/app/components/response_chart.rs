//! An optimisation's response curve over one decision: each candidate's objective with its 90 % interval; feasible ones filled, the best ringed.

use std::rc::Rc;

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::app::snap::Snap;

use crate::app::canvas::{PlotArea, fit_canvas, house_mesh, label_area, ticks, use_chart_canvas};
use crate::app::components::png_button::{PngButtonProps, png_button};
use crate::app::format::Formats;
use crate::engine::optimize::{Measure, Optimization};

#[derive(Properties, PartialEq, Clone)]
pub struct ResponseChartProps {
    pub optimization: Snap<Optimization>,
    pub title: String,
    pub formats: Rc<Formats>,
}

const ACCENT: RGBColor = RGBColor(91, 60, 196);
const GREY: RGBColor = RGBColor(160, 166, 178);
const Y_LABELS: usize = 5;

/// An axis label: a chance as a percentage, anything else compact (Intl, like every number on the page).
fn label(o: &Optimization, formats: &Formats, y: f64) -> String {
    match o.objective.measure {
        Measure::Probability(_) => formats.percent(y),
        _ => formats.compact(y),
    }
}

fn draw(canvas: &HtmlCanvasElement, props: &ResponseChartProps) -> Option<PlotArea> {
    let o = &props.optimization;
    let dpr = fit_canvas(canvas)?;
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let points: Vec<(f64, f64, f64, f64, bool)> = o
        .candidates
        .iter()
        .filter_map(|c| {
            let e = c.objective?;
            Some((c.values[0], e.estimate, e.lo.unwrap_or(e.estimate), e.hi.unwrap_or(e.estimate), c.feasible))
        })
        .collect();
    let xs = &o.decisions[0].values;
    let (x0, x1) = (xs.first().copied().unwrap_or(0.0), xs.last().copied().unwrap_or(1.0));
    let pad = ((x1 - x0) * 0.04).max(0.5);
    let (y0, y1) = points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.2), b.max(p.3)));
    let (y0, y1) = if y0.is_finite() && y1 > y0 { (y0, y1) } else { (y0.min(0.0), y0.max(0.0) + 1.0) };
    let ypad = (y1 - y0) * 0.08;
    let px = |x: f64| (x * dpr).round() as u32;
    let font = ("sans-serif", 11.0 * dpr).into_font().color(&RGBColor(93, 102, 118));
    let formats = props.formats.clone();
    let y_labels = ticks(y0 - ypad..y1 + ypad, Y_LABELS).into_iter().map(|y| label(o, &formats, y));
    let mut chart = ChartBuilder::on(&root)
        .margin_top(px(12.0))
        .margin_right(px(14.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(label_area(&root, &font, y_labels, dpr))
        .build_cartesian_2d(x0 - pad..x1 + pad, y0 - ypad..y1 + ypad)
        .ok()?;
    house_mesh(&mut chart.configure_mesh(), &font, dpr)
        .y_labels(Y_LABELS)
        .x_labels(10)
        .y_label_formatter(&|y| label(o, &formats, *y))
        .x_label_formatter(&|x| formats.compact(*x))
        .draw()
        .ok()?;
    let feasible: Vec<(f64, f64)> = points.iter().filter(|p| p.4).map(|p| (p.0, p.1)).collect();
    chart.draw_series(LineSeries::new(feasible, ACCENT.mix(0.5).stroke_width(px(1.5)))).ok()?;
    for &(x, y, lo, hi, ok) in &points {
        let colour = if ok { ACCENT } else { GREY };
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(x, lo), (x, hi)], colour.stroke_width(px(1.5)))))
            .ok()?;
        let style = if ok { colour.filled() } else { colour.stroke_width(px(1.5)) };
        chart.draw_series(std::iter::once(Circle::new((x, y), px(3.5), style))).ok()?;
    }
    if let Some(best) = o.best().and_then(|b| Some((b.values[0], b.objective?.estimate))) {
        chart
            .draw_series(std::iter::once(Circle::new(best, px(8.0), RGBColor(6, 118, 71).stroke_width(px(2.0)))))
            .ok()?;
    }
    root.present().ok()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    Some(PlotArea::from_pixels(xr, yr, dpr))
}

#[function_component(ResponseChart)]
pub fn response_chart(props: &ResponseChartProps) -> Html {
    let (canvas, _area) = use_chart_canvas(props, draw);
    let f = &props.formats;
    html! {
        <figure class="chart" id="chart-response">
            <figcaption>{ props.title.clone() }
                <ul class="chart-key">
                    <li><i class="key-dot" />{ f.t(ResponseText::estimate) }</li>
                    <li><i class="key-dot hollow" />{ f.t(ResponseText::infeasible) }</li>
                    <li><i class="key-ring" />{ f.t(ResponseText::best) }</li>
                </ul>
                { png_button(&PngButtonProps { canvas: &canvas, title: &props.title, formats: &props.formats }) }
            </figcaption>
            <div class="canvas-box">
                <canvas ref={canvas} role="img" aria-label={f.fill(ResponseText::canvas_label, &[("title", &props.title)])}></canvas>
            </div>
        </figure>
    }
}

crate::texts! { ResponseText "response_chart" {
    estimate = "estimate, with its 90 % interval";
    infeasible = "breaks a constraint";
    best = "best";
    canvas_label = "{title}: response curve; the candidates' table follows";
} }
