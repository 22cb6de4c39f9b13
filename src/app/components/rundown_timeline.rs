//! The rundown drawn over the live's minutes: one segment per block (labelled as fits), and the offers' windows as thin strips under it.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::app::canvas::use_resize_generation;
use crate::app::components::list_tools::{array, duration, item_name, number, text};
use crate::app::components::section_offers::summary;
use crate::app::format::Formats;

use TimelineText as T;

/// Background of a segment by content kind (the six built-in kinds first, then declared ones).
const PALETTE: [&str; 9] =
    ["#e4dcfb", "#d4e6fa", "#e9ebef", "#d8efd0", "#fde3c8", "#f7dbe8", "#d3eeee", "#f9efc4", "#e8dcef"];

#[derive(Properties, PartialEq)]
pub struct RundownTimelineProps {
    pub doc: Rc<Value>,
    /// The page's words.
    pub formats: Rc<Formats>,
    /// Every kind a block may have, in palette order.
    pub kinds: Rc<Vec<String>>,
    /// A segment was chosen: go to that block's row.
    pub on_pick: Callback<usize>,
}

fn pct(x: f64, d: f64) -> f64 {
    (x / d * 100.0).clamp(0.0, 100.0)
}

/// A block's kind as it fits in `px` CSS pixels: whole, else cut to four letters or fewer and a dot (`clos.`), else its first letter.
/// The segment's tooltip keeps the whole name.
pub fn fitting_label(kind: &str, px: f64) -> String {
    // Bold .72rem: about 6.2 px a character, and the segment's padding.
    let fits = ((px - 8.0) / 6.2).floor().max(0.0) as usize;
    let len = kind.chars().count();
    if len <= fits {
        kind.to_owned()
    } else if fits >= 3 {
        format!("{}.", kind.chars().take((fits - 1).min(4)).collect::<String>())
    } else {
        kind.chars().take(1).collect()
    }
}

/// Ticks every 5, 10, 15, 30, 60 or 120 minutes: at most about six.
fn tick_step(d: u32) -> u32 {
    [5, 10, 15, 30, 60, 120].into_iter().find(|s| d / s <= 6).unwrap_or(120)
}

#[function_component(RundownTimeline)]
pub fn rundown_timeline(props: &RundownTimelineProps) -> Html {
    let doc = &props.doc;
    let f = &props.formats;
    let d = duration(doc);
    let df = f64::from(d);
    let blocks = array(doc, "rundown");
    // The bar's width decides how much of each kind's name fits; re-rendered when it changes.
    let bar = use_node_ref();
    let _ = use_resize_generation(bar.clone());
    let bar_px = bar.cast::<web_sys::Element>().map_or(380.0, |e| f64::from(e.client_width()));

    let segments = blocks.iter().enumerate().filter_map(|(i, b)| {
        let (start, end) = (number(b, "start_min")?, number(b, "end_min")?);
        if end <= start || start >= df {
            return None;
        }
        let kind = text(b, "kind");
        let spot = b.get("spotlight").and_then(Value::as_str).map(|id| item_name(doc, id));
        let colour = props.kinds.iter().position(|k| k == kind).map_or("#eceef2", |k| PALETTE[k % PALETTE.len()]);
        let (left, width) = (pct(start, df), pct(end, df) - pct(start, df));
        let no_kind = f.t(T::no_kind);
        let (n, start_text, end_text) = (f.count((i + 1) as f64), start.to_string(), end.to_string());
        let mut args = vec![
            ("n", n.as_str()),
            ("kind", if kind.is_empty() { no_kind.as_str() } else { kind }),
            ("start", start_text.as_str()),
            ("end", end_text.as_str()),
        ];
        let what = match &spot {
            Some(s) => {
                args.push(("item", s));
                f.fill(T::block_spotlight, &args)
            }
            None => f.fill(T::block, &args),
        };
        let onclick = {
            let on_pick = props.on_pick.clone();
            Callback::from(move |e: MouseEvent| {
                e.prevent_default();
                on_pick.emit(i);
            })
        };
        // Where blocks overlap the first one plays, so it is drawn on top.
        let style = format!(
            "left:{left:.3}%;width:{width:.3}%;z-index:{};background:{colour}",
            blocks.len() - i
        );
        Some(html! {
            <a class="seg" href={format!("#rundown-block-{i}")} {style} title={what.clone()} aria-label={what} {onclick}>
                <span class="seg-kind">{ fitting_label(kind, width / 100.0 * bar_px) }</span>
                if let Some(spot) = spot { <span class="seg-spot">{ spot }</span> }
            </a>
        })
    });

    let strips = array(doc, "offers").iter().enumerate().filter_map(|(o, offer)| {
        let what = f.fill(T::offer, &[("n", &f.count((o + 1) as f64)), ("summary", &summary(&f.words, doc, offer))]);
        // The offer's marks, as (class, style), and where its label's words go: right of `right`, else left of `left`.
        let mut marks: Vec<(&'static str, String)> = Vec::new();
        let (left, right, words) = match text(offer, "kind") {
            kind @ ("discount" | "flash") => {
                let (start, end) = (number(offer, "start_min")?, number(offer, "end_min")?);
                let (l, r) = (pct(start, df), pct(end, df));
                let announce_at = number(offer, "announce_min").filter(|a| *a < start).map(|a| pct(a, df));
                if let Some(la) = announce_at {
                    marks.push(("strip announce", format!("left:{la:.3}%;width:{:.3}%", l - la)));
                }
                let (class, strip) =
                    if kind == "flash" { ("strip flash", T::flash) } else { ("strip discount", T::discount) };
                marks.push((class, format!("left:{l:.3}%;width:{:.3}%", (r - l).max(0.4))));
                (announce_at.unwrap_or(l), r, f.fill(strip, &[("item", &item_name(doc, text(offer, "item")))]))
            }
            "lead_magnet" => {
                let at = pct(number(offer, "at_min")?, df);
                marks.push(("tick", format!("left:{at:.3}%")));
                (at, at, f.t(T::lead_magnet))
            }
            _ => return None,
        };
        // When there is room on neither side, the label goes over the strip.
        let (class, style) = if right <= 62.0 {
            ("strip-label", format!("left:calc({right:.3}% + 5px)"))
        } else if left >= 38.0 {
            ("strip-label", format!("right:calc({:.3}% + 5px)", 100.0 - left))
        } else {
            ("strip-label over", format!("left:calc({left:.3}% + 5px)"))
        };
        Some(html! {
            <div class="strip-row" title={what.clone()} role="img" aria-label={what}>
                { for marks.into_iter().map(|(class, style)| html! { <span {class} {style} /> }) }
                <span {class} {style}>{ words }</span>
            </div>
        })
    });

    let step = tick_step(d);
    let mut marks: Vec<u32> = (0..=d).step_by(step as usize).collect();
    if d % step != 0 {
        // The end gets a tick; a regular one just before it would collide with it.
        if marks.len() > 1 && d % step < step / 2 {
            marks.pop();
        }
        marks.push(d);
    }
    let ticks = marks.into_iter().map(|t| {
        let at = pct(f64::from(t), df);
        let shift = match t {
            0 => "0",
            t if t == d => "-100%",
            _ => "-50%",
        };
        html! { <span class="axis-tick" style={format!("left:{at:.3}%;transform:translateX({shift})")}>{ t }</span> }
    });

    html! {
        <div class="timeline" role="group" aria-label={f.fill(T::label, &[("minutes", &f.count(f64::from(d)))])}>
            <div class="timeline-bar" ref={bar} title={f.t(T::talk)}>{ for segments }</div>
            <div class="axis" aria-hidden="true">{ for ticks }</div>
            <div class="strips">{ for strips }</div>
        </div>
    }
}

crate::texts! { TimelineText "timeline" {
    label = "Timeline of the rundown, 0 to {minutes} minutes";
    talk = "Minutes without a block play as talk";
    block = "Block {n}: {kind}, minutes {start}–{end}";
    block_spotlight = "Block {n}: {kind}, minutes {start}–{end}, spotlight {item}";
    no_kind = "no kind";
    offer = "Offer {n}: {summary}";
    discount = "discount · {item}";
    flash = "flash · {item}";
    lead_magnet = "lead magnet";
} }

#[cfg(test)]
mod tests {
    use super::fitting_label;

    #[test]
    fn a_kind_is_cut_to_fit_its_block() {
        assert_eq!(fitting_label("closing", 200.0), "closing");
        assert_eq!(fitting_label("closing", 40.0), "clos.");
        assert_eq!(fitting_label("closing", 46.0), "clos.");
        assert_eq!(fitting_label("testimonials", 60.0), "test.");
        assert_eq!(fitting_label("closing", 28.0), "cl.");
        assert_eq!(fitting_label("closing", 20.0), "c");
        assert_eq!(fitting_label("closing", 1.0), "c");
        assert_eq!(fitting_label("", 1.0), "");
    }
}
