//! Canvas plumbing shared by the charts: crisp HiDPI sizing, redraw on resize, label areas that fit their labels, the plot area for hover readouts.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{HtmlCanvasElement, ResizeObserver};
use yew::prelude::*;

/// Where plotters put the plot area, in CSS pixels of the canvas.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlotArea {
    pub x: Range<f64>,
    pub y: Range<f64>,
    /// The x axis's data range, for charts whose x is not an index.
    pub value: Range<f64>,
}

impl PlotArea {
    /// From plotters' pixel ranges on a canvas drawn at `dpr` device pixels per CSS pixel.
    pub fn from_pixels(x: Range<i32>, y: Range<i32>, dpr: f64) -> Self {
        PlotArea {
            x: f64::from(x.start) / dpr..f64::from(x.end) / dpr,
            y: f64::from(y.start) / dpr..f64::from(y.end) / dpr,
            value: 0.0..0.0,
        }
    }

    /// Where `css_x` falls along the x axis, 0..1, if inside the plot.
    pub fn fraction(&self, css_x: f64) -> Option<f64> {
        let w = self.x.end - self.x.start;
        (w > 0.0 && css_x >= self.x.start && css_x <= self.x.end).then(|| (css_x - self.x.start) / w)
    }
}

/// Device pixels per CSS pixel.
pub fn device_pixel_ratio() -> f64 {
    web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).clamp(1.0, 4.0)
}

/// Sizes the canvas's backing store to its CSS box times the pixel ratio; returns the ratio, or `None` if it is not laid out.
pub fn fit_canvas(canvas: &HtmlCanvasElement) -> Option<f64> {
    let dpr = device_pixel_ratio();
    let (w, h) = (canvas.client_width(), canvas.client_height());
    if w <= 0 || h <= 0 {
        return None;
    }
    let (pw, ph) = ((f64::from(w) * dpr).round() as u32, (f64::from(h) * dpr).round() as u32);
    if canvas.width() != pw {
        canvas.set_width(pw);
    }
    if canvas.height() != ph {
        canvas.set_height(ph);
    }
    Some(dpr)
}

/// The values plotters labels on an axis over `range` asked for `n` labels, as its mesh picks them.
pub fn ticks(range: Range<f64>, n: usize) -> Vec<f64> {
    if !(range.start.is_finite() && range.end.is_finite()) {
        return Vec::new();
    }
    RangedCoordf64::from(range).key_points(n)
}

/// Tick marks' length in CSS pixels; plotters leaves twice that between an axis and its labels.
pub const TICK: f64 = 4.0;

/// A y label area (device pixels) as wide as the widest of `labels` in `font`, measured by the browser, plus the gap to the axis:
/// the formatted labels of another locale (`R$ 100 mil`) are longer than English ones.
pub fn label_area<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    font: &TextStyle,
    labels: impl IntoIterator<Item = String>,
    dpr: f64,
) -> u32 {
    let widest = labels.into_iter().filter_map(|l| root.estimate_text_size(&l, font).ok()).map(|(w, _)| w).max();
    widest.unwrap_or(0) + ((2.0 * TICK + 4.0) * dpr).round() as u32
}

/// The mesh every chart shares, drawn at `dpr` device pixels per CSS pixel: light horizontal grid lines
/// only, grey axes, ticks of [`TICK`], labels and axis names in `font`. Charts add their labels and names.
pub fn house_mesh<'s, 'a, 'b, X, Y, XT, YT, DB>(
    mesh: &'s mut MeshStyle<'a, 'b, X, Y, DB>,
    font: &TextStyle<'b>,
    dpr: f64,
) -> &'s mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
    DB: DrawingBackend,
{
    let px = |x: f64| (x * dpr).round() as u32;
    mesh.disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(228, 231, 236).stroke_width(px(1.0)))
        .axis_style(RGBColor(190, 196, 206).stroke_width(px(1.0)))
        .set_all_tick_mark_size(px(TICK))
        .label_style(font.clone())
        .axis_desc_style(font.clone())
}

/// A number that changes whenever the element's box changes size: a dependency for redraw effects.
#[hook]
pub fn use_resize_generation(node: NodeRef) -> u32 {
    let generation = use_mut_ref(|| 0u32);
    let rerender = use_force_update();
    {
        let generation = generation.clone();
        use_effect_with(node, move |node| {
            let element = node.cast::<web_sys::Element>();
            let closure = Closure::<dyn FnMut(js_sys::Array, ResizeObserver)>::new(move |_, _| {
                let next = generation.borrow().wrapping_add(1);
                *generation.borrow_mut() = next;
                rerender.force_update();
            });
            let observer = ResizeObserver::new(closure.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(e)) = (&observer, &element) {
                o.observe(e);
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(closure);
            }
        });
    }
    *generation.borrow()
}

/// A chart's canvas, drawn by `draw` whenever its props or its box change; also where `draw` put the plot
/// area, for the hover readout.
#[hook]
pub fn use_chart_canvas<P>(
    props: &P,
    draw: fn(&HtmlCanvasElement, &P) -> Option<PlotArea>,
) -> (NodeRef, Rc<RefCell<PlotArea>>)
where
    P: PartialEq + Clone + 'static,
{
    let canvas = use_node_ref();
    let area = use_mut_ref(PlotArea::default);
    let generation = use_resize_generation(canvas.clone());
    {
        let (canvas, area) = (canvas.clone(), area.clone());
        use_effect_with((props.clone(), generation), move |(props, _)| {
            if let Some(drawn) = canvas.cast::<HtmlCanvasElement>().and_then(|c| draw(&c, props)) {
                *area.borrow_mut() = drawn;
            }
        });
    }
    (canvas, area)
}
