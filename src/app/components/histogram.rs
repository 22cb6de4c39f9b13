//! A histogram of one KPI over the runs, with its target marked, a hover readout and its bins as a table.

use std::rc::Rc;

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::{HtmlCanvasElement, MouseEvent};
use yew::prelude::*;

use crate::app::canvas::{PlotArea, fit_canvas, use_resize_generation};
use crate::app::format::Formats;

#[derive(Properties, PartialEq, Clone)]
pub struct HistogramProps {
    pub id: AttrValue,
    pub title: AttrValue,
    /// One value per run (money).
    pub values: Rc<Vec<f64>>,
    pub target: Option<f64>,
    pub formats: Rc<Formats>,
}

const BAR: RGBColor = RGBColor(91, 60, 196);
const TARGET: RGBColor = RGBColor(6, 118, 71);
const ZERO: RGBColor = RGBColor(180, 35, 24);

/// Equal-width bins over the values' range: `(lo, width, counts)`.
pub fn bins(values: &[f64], wanted: usize) -> (f64, f64, Vec<u32>) {
    let (mut lo, mut hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    if !lo.is_finite() {
        return (0.0, 1.0, Vec::new());
    }
    if hi - lo < 1e-9 {
        lo -= 0.5;
        hi += 0.5;
    }
    let n = wanted.max(1);
    let width = (hi - lo) / n as f64;
    let mut counts = vec![0u32; n];
    for &v in values {
        let i = (((v - lo) / width) as usize).min(n - 1);
        counts[i] += 1;
    }
    (lo, width, counts)
}

fn bin_count(n: usize) -> usize {
    // Freedman–Diaconis would need quantiles; sqrt(n) capped is plenty for a glance.
    ((n as f64).sqrt().round() as usize).clamp(5, 40)
}

/// Draws the histogram of `props` on `canvas` (sized to its CSS box); where the plot area is, or `None` if the canvas is not laid out.
pub fn draw(canvas: &HtmlCanvasElement, props: &HistogramProps) -> Option<PlotArea> {
    let dpr = fit_canvas(canvas)?;
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let (lo, width, counts) = bins(&props.values, bin_count(props.values.len()));
    let hi = lo + width * counts.len() as f64;
    let (mut x0, mut x1) = (lo, hi);
    if let Some(t) = props.target {
        x0 = x0.min(t - width);
        x1 = x1.max(t + width);
    }
    let top = f64::from(counts.iter().copied().max().unwrap_or(1).max(1)) * 1.1;
    let px = |x: f64| (x * dpr).round() as u32;
    let font = ("sans-serif", 11.0 * dpr).into_font().color(&RGBColor(93, 102, 118));
    let mut chart = ChartBuilder::on(&root)
        .margin_top(px(10.0))
        .margin_right(px(14.0))
        .x_label_area_size(px(22.0))
        .y_label_area_size(px(40.0))
        .build_cartesian_2d(x0..x1, 0f64..top)
        .ok()?;
    let formats = props.formats.clone();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(228, 231, 236).stroke_width(px(1.0)))
        .axis_style(RGBColor(190, 196, 206).stroke_width(px(1.0)))
        .x_labels(5)
        .y_labels(4)
        .label_style(font.clone())
        .x_label_formatter(&move |x| formats.money_compact(*x))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()
        .ok()?;
    chart
        .draw_series(counts.iter().enumerate().map(|(i, &c)| {
            let a = lo + width * i as f64;
            Rectangle::new([(a + width * 0.04, 0.0), (a + width * 0.96, f64::from(c))], BAR.mix(0.75).filled())
        }))
        .ok()?;
    if x0 < 0.0 && x1 > 0.0 {
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(0.0, 0.0), (0.0, top)], ZERO.stroke_width(px(1.0)))))
            .ok()?;
    }
    if let Some(t) = props.target {
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(t, 0.0), (t, top)], TARGET.stroke_width(px(2.0)))))
            .ok()?;
    }
    root.present().ok()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    // The hover maps pixels back to values with the axis's own range.
    let mut area = PlotArea::from_pixels(xr, yr, dpr);
    area.value = x0..x1;
    Some(area)
}

#[function_component(Histogram)]
pub fn histogram(props: &HistogramProps) -> Html {
    let canvas = use_node_ref();
    let area = use_mut_ref(PlotArea::default);
    let hover = use_state(|| None::<(f64, f64)>);
    let generation = use_resize_generation(canvas.clone());
    {
        let canvas = canvas.clone();
        let area = area.clone();
        use_effect_with((props.clone(), generation), move |(props, _)| {
            if let Some(a) = canvas.cast::<HtmlCanvasElement>().and_then(|c| draw(&c, props)) {
                *area.borrow_mut() = a;
            }
        });
    }
    let f = &props.formats;
    let n = props.values.len();
    let onmousemove = {
        let hover = hover.clone();
        let area = area.clone();
        Callback::from(move |e: MouseEvent| {
            let x = f64::from(e.offset_x());
            let a = area.borrow();
            hover.set(a.fraction(x).map(|fr| (a.value.start + fr * (a.value.end - a.value.start), x)));
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_| hover.set(None))
    };
    let (lo, width, counts) = bins(&props.values, bin_count(n));
    let readout = hover.map(|(v, x)| {
        let below = props.values.iter().filter(|&&r| r <= v).count();
        let bin = counts.get(((v - lo) / width).floor().max(0.0) as usize).copied();
        html! {
            <div class="readout" style={format!("left: {x:.0}px")} role="status">
                <strong>{ f.money(v) }</strong>
                <span>{ format!("{} of runs at or below", f.percent(below as f64 / n.max(1) as f64)) }</span>
                if let Some(c) = bin { <span class="muted">{ format!("{c} runs in this bar") }</span> }
            </div>
        }
    });
    let chance = props.target.map(|t| props.values.iter().filter(|&&v| v >= t).count() as f64 / n.max(1) as f64);
    let rows = counts.iter().enumerate().map(|(i, c)| {
        let a = lo + width * i as f64;
        html! { <tr><td>{ format!("{} – {}", f.money(a), f.money(a + width)) }</td><td>{ c }</td></tr> }
    });
    html! {
        <figure class="chart histogram" id={format!("chart-{}", props.id)}>
            <figcaption>
                { props.title.clone() }
                <span class="legend">
                    { format!("{n} runs") }
                    if let (Some(t), Some(p)) = (props.target, chance) { { format!(" · target {} (green line) met in {}", f.money(t), f.percent(p)) } }
                </span>
            </figcaption>
            <div class="canvas-box">
                <canvas ref={canvas} role="img" aria-label={format!("{}: histogram over runs; the data table follows", props.title)} {onmousemove} {onmouseleave}></canvas>
                { readout.unwrap_or_default() }
            </div>
            <details class="data-table">
                <summary>{ "Data table" }</summary>
                <table>
                    <thead><tr><th scope="col">{ "Range" }</th><th scope="col">{ "Runs" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </details>
        </figure>
    }
}
