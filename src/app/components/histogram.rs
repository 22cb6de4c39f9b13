//! A histogram of one KPI over the runs, with its target marked (at the edge when far off), a hover readout and its bins as a table.

use std::rc::Rc;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::{HtmlCanvasElement, MouseEvent};
use yew::prelude::*;

use crate::app::canvas::{PlotArea, fit_canvas, house_mesh, label_area, ticks, use_chart_canvas};
use crate::app::components::fan_chart::FanText;
use crate::app::components::png_button::{PngButtonProps, png_button};
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
const Y_LABELS: usize = 4;

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

/// The x axis for data over `lo..hi` and a target: the data with a little padding, stretched to the target
/// only when that keeps the bars on two thirds of the width or more. Also whether the target is off it, to the right (`Some(true)`) or left.
pub fn x_axis(lo: f64, hi: f64, target: Option<f64>) -> (f64, f64, Option<bool>) {
    let span = (hi - lo).max(1e-9);
    let pad = span * 0.04;
    let (x0, x1) = (lo - pad, hi + pad);
    match target {
        Some(t) if t < lo - span / 2.0 => (x0, x1, Some(false)),
        Some(t) if t > hi + span / 2.0 => (x0, x1, Some(true)),
        Some(t) => (x0.min(t - pad), x1.max(t + pad), None),
        None => (x0, x1, None),
    }
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
    let (x0, x1, off) = x_axis(lo, hi, props.target);
    let top = f64::from(counts.iter().copied().max().unwrap_or(1).max(1)) * 1.1;
    let px = |x: f64| (x * dpr).round() as u32;
    let font = ("sans-serif", 11.0 * dpr).into_font().color(&RGBColor(93, 102, 118));
    let formats = props.formats.clone();
    let y_labels = ticks(0.0..top, Y_LABELS).into_iter().map(|y| formats.count(y));
    // Room for the rotated "runs" left of the labels.
    let y_area = label_area(&root, &font, y_labels, dpr) + px(14.0);
    // As many money labels as fit side by side (a phone has room for fewer).
    let x_label = label_area(&root, &font, ticks(x0..x1, 5).into_iter().map(|x| formats.money_compact(x)), dpr);
    let plot_width = canvas.width().saturating_sub(y_area + px(14.0));
    let x_labels = (plot_width / x_label.max(1)).clamp(2, 5) as usize;
    let mut chart = ChartBuilder::on(&root)
        .margin_top(px(10.0))
        .margin_right(px(14.0))
        .x_label_area_size(px(22.0))
        .y_label_area_size(y_area)
        .build_cartesian_2d(x0..x1, 0f64..top)
        .ok()?;
    let (x_formats, y_formats) = (formats.clone(), formats.clone());
    house_mesh(&mut chart.configure_mesh(), &font, dpr)
        .x_labels(x_labels)
        .y_labels(Y_LABELS)
        .y_desc(formats.t(HistogramText::runs_axis))
        .x_label_formatter(&move |x| x_formats.money_compact(*x))
        .y_label_formatter(&move |y| y_formats.count(*y))
        .draw()
        .ok()?;
    chart
        .draw_series(counts.iter().enumerate().map(|(i, &c)| {
            let a = lo + width * i as f64;
            Rectangle::new([(a + width * 0.04, 0.0), (a + width * 0.96, f64::from(c))], BAR.mix(0.75).filled())
        }))
        .ok()?;
    // Break-even, when it falls inside the axis (not where the data just starts or ends).
    if x0 < 0.0 && x1 > 0.0 && lo != 0.0 && hi != 0.0 {
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(0.0, 0.0), (0.0, top)], ZERO.stroke_width(px(1.0)))))
            .ok()?;
    }
    if let Some(t) = props.target {
        // The target's line, or an arrow at the edge it is beyond, labelled at the top on the side with room.
        let (at, right, words) = match off {
            Some(false) => {
                (x0, false, formats.fill(HistogramText::target_left, &[("target", &formats.money_compact(t))]))
            }
            Some(true) => {
                (x1, true, formats.fill(HistogramText::target_right, &[("target", &formats.money_compact(t))]))
            }
            None => {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(t, 0.0), (t, top)],
                        TARGET.stroke_width(px(2.0)),
                    )))
                    .ok()?;
                let words = formats.fill(HistogramText::target, &[("target", &formats.money_compact(t))]);
                (t, t > x0 + (x1 - x0) * 0.7, words)
            }
        };
        let (nudge, side) = if right { (-5.0 * dpr, HPos::Right) } else { (5.0 * dpr, HPos::Left) };
        let style = ("sans-serif", 11.0 * dpr).into_font().color(&TARGET).pos(Pos::new(side, VPos::Top));
        let (x, y) = chart.backend_coord(&(at, top));
        root.draw(&Text::new(words, (x + nudge as i32, y + px(2.0) as i32), style)).ok()?;
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
    let (canvas, area) = use_chart_canvas(props, draw);
    let hover = use_state(|| None::<(f64, f64)>);
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
                <span>{ f.fill(HistogramText::at_or_below, &[("share", &f.percent(below as f64 / n.max(1) as f64))]) }</span>
                if let Some(c) = bin { <span class="muted">{ f.fill(HistogramText::in_bar, &[("n", &c.to_string())]) }</span> }
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
                    { f.fill(HistogramText::runs, &[("n", &n.to_string())]) }
                    if let (Some(t), Some(p)) = (props.target, chance) {
                        { format!(" · {}", f.fill(HistogramText::target_met, &[("target", &f.money(t)), ("share", &f.percent(p))])) }
                    }
                </span>
                { png_button(&PngButtonProps { canvas: &canvas, title: &props.title, formats: &props.formats }) }
            </figcaption>
            <div class="canvas-box">
                <canvas ref={canvas} role="img" aria-label={f.fill(HistogramText::canvas_label, &[("title", &props.title)])} {onmousemove} {onmouseleave}></canvas>
                { readout.unwrap_or_default() }
            </div>
            <details class="data-table">
                <summary>{ f.t(FanText::data_table) }</summary>
                <table>
                    <thead><tr><th scope="col">{ f.t(HistogramText::range) }</th><th scope="col">{ f.t(HistogramText::runs_column) }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </details>
        </figure>
    }
}

crate::texts! { HistogramText "histogram" {
    runs_axis = "runs";
    target_left = "← target {target}";
    target_right = "target {target} →";
    target = "target {target}";
    at_or_below = "{share} of runs at or below";
    in_bar = "{n} runs in this bar";
    runs = "{n} runs";
    target_met = "target {target} met in {share} of runs";
    canvas_label = "{title}: histogram over runs; the data table follows";
    range = "Range";
    runs_column = "Runs";
} }

#[cfg(test)]
mod tests {
    use super::x_axis;

    #[test]
    fn the_axis_stays_on_the_data_when_the_target_is_far() {
        // Data over 70..80: a target at 60 would squeeze the bars into a third of the width.
        let (x0, x1, off) = x_axis(70.0, 80.0, Some(60.0));
        assert!(x0 < 70.0 && x0 > 69.0 && x1 > 80.0 && x1 < 81.0, "{x0}..{x1}");
        assert_eq!(off, Some(false));
        assert_eq!(x_axis(70.0, 80.0, Some(100.0)).2, Some(true));
        // A near target stretches the axis and is drawn on it.
        let (x0, x1, off) = x_axis(70.0, 80.0, Some(66.0));
        assert!(x0 < 66.0 && x1 > 80.0 && off.is_none());
        let (x0, x1, off) = x_axis(70.0, 80.0, None);
        assert!(x0 < 70.0 && x1 > 80.0 && off.is_none());
        // All runs equal: still a range.
        let (x0, x1, _) = x_axis(5.0, 5.0, Some(5.0));
        assert!(x0 <= 5.0 && x1 >= 5.0);
    }
}
