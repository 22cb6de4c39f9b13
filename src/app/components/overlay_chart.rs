//! Per-minute medians of several scenarios on one chart (a comparison), each in its scenario's colour, with a key and a data table.

use std::rc::Rc;

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::app::canvas::{PlotArea, fit_canvas, house_mesh, label_area, ticks, use_chart_canvas};
use crate::app::components::fan_chart::FanText;
use crate::app::components::png_button::{PngButtonProps, png_button};
use crate::app::format::Formats;
use crate::engine::summary::Band;

#[derive(Properties, PartialEq, Clone)]
pub struct OverlayChartProps {
    pub id: AttrValue,
    pub title: AttrValue,
    /// One band per scenario, the baseline first.
    pub bands: Rc<Vec<Band>>,
    pub names: Vec<String>,
    pub formats: Rc<Formats>,
}

/// The scenario colours, A to D: `.swatch.s0` .. `.s3` in www/style.css.
pub const SCENARIO_COLOURS: [RGBColor; 4] =
    [RGBColor(91, 60, 196), RGBColor(220, 104, 3), RGBColor(14, 147, 132), RGBColor(37, 99, 235)];
const Y_LABELS: usize = 5;

fn draw(canvas: &HtmlCanvasElement, props: &OverlayChartProps) -> Option<PlotArea> {
    let dpr = fit_canvas(canvas)?;
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let n = props.bands.iter().map(|b| b.p50.len()).max().unwrap_or(0).max(1) as f64;
    let top = props.bands.iter().flat_map(|b| b.p50.iter().copied()).fold(0.0_f64, f64::max);
    let ymax = if top > 0.0 { top * 1.08 } else { 1.0 };
    let px = |x: f64| (x * dpr).round() as u32;
    let font = ("sans-serif", 11.0 * dpr).into_font().color(&RGBColor(93, 102, 118));
    let formats = props.formats.clone();
    let y_labels = ticks(0.0..ymax, Y_LABELS).into_iter().map(|y| formats.compact(y));
    let mut chart = ChartBuilder::on(&root)
        .margin_top(px(12.0))
        .margin_right(px(10.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(label_area(&root, &font, y_labels, dpr))
        .build_cartesian_2d(0f64..n, 0f64..ymax)
        .ok()?;
    house_mesh(&mut chart.configure_mesh(), &font, dpr)
        .y_labels(Y_LABELS)
        .x_labels(10)
        .x_desc(formats.t(FanText::minute_axis))
        .y_label_formatter(&|y| formats.compact(*y))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .draw()
        .ok()?;
    for (i, band) in props.bands.iter().enumerate() {
        let colour = SCENARIO_COLOURS[i % SCENARIO_COLOURS.len()];
        let points = band.p50.iter().enumerate().map(|(t, &v)| (t as f64 + 0.5, v));
        chart.draw_series(LineSeries::new(points, colour.stroke_width(px(2.0)))).ok()?;
    }
    root.present().ok()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    Some(PlotArea::from_pixels(xr, yr, dpr))
}

#[function_component(OverlayChart)]
pub fn overlay_chart(props: &OverlayChartProps) -> Html {
    let (canvas, _area) = use_chart_canvas(props, draw);
    let f = &props.formats;
    let minutes = props.bands.iter().map(|b| b.p50.len()).max().unwrap_or(0);
    let key = props.names.iter().enumerate().map(|(i, name)| {
        html! {
            <li><i class={format!("key-line s{i}")} />{ name.clone() }</li>
        }
    });
    let rows = (0..minutes).map(|t| html! {
        <tr><td>{ t }</td>{ for props.bands.iter().map(|b| html! { <td>{ b.p50.get(t).map(|&v| f.count(v)).unwrap_or_default() }</td> }) }</tr>
    });
    html! {
        <figure class="chart" id={format!("chart-{}", props.id)}>
            <figcaption>{ props.title.clone() }<ul class="chart-key">{ for key }</ul>{ png_button(&PngButtonProps { canvas: &canvas, title: &props.title, formats: &props.formats }) }</figcaption>
            <div class="canvas-box">
                <canvas ref={canvas} role="img" aria-label={f.fill(OverlayText::canvas_label, &[("title", &props.title)])}></canvas>
            </div>
            <details class="data-table">
                <summary>{ f.t(FanText::data_table) }</summary>
                <table>
                    <thead><tr><th scope="col">{ f.t(FanText::minute_column) }</th>{ for props.names.iter().map(|n| html! { <th scope="col">{ n.clone() }</th> }) }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </details>
        </figure>
    }
}

crate::texts! { OverlayText "overlay_chart" {
    canvas_label = "{title}: line chart; the data table follows";
} }
