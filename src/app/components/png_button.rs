//! A chart's "PNG" button: saves its canvas, as drawn, as a PNG file named after the chart.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::download::{download_png, slug};
use crate::app::format::Formats;

pub struct PngButtonProps<'a> {
    pub canvas: &'a NodeRef,
    /// The chart's title (in the page's language): the file's name.
    pub title: &'a str,
    pub formats: &'a Rc<Formats>,
}

pub fn png_button(props: &PngButtonProps) -> Html {
    let f = props.formats;
    let onclick = {
        let (canvas, file) = (props.canvas.clone(), format!("{}.png", slug(props.title)));
        Callback::from(move |_: MouseEvent| {
            if let Some(canvas) = canvas.get().and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok()) {
                download_png(&canvas, &file);
            }
        })
    };
    html! {
        <button type="button" class="png-button" {onclick} title={f.t(PngText::title)}
            aria-label={f.fill(PngText::label, &[("chart", props.title)])}>{ f.t(PngText::png) }</button>
    }
}

crate::texts! { PngText "png" {
    png = "PNG";
    title = "Download this chart as a PNG image";
    label = "Download {chart} as PNG";
} }
