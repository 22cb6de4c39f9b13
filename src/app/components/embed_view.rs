//! The embedded view (`#embed=...`): a scenario's results with the sliders its author chose, sized for an iframe.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::results::{ResultsProps, results};
use crate::app::components::run_bar::progress_status;
use crate::app::format::Formats;
use crate::app::optimise::menu;
use crate::app::runner::Progress;
use crate::app::snap::Snap;
use crate::engine::decision::{Decision, OfferField};
use crate::engine::scenario::Scenario;
use crate::share::Control;

pub struct EmbedViewProps {
    pub name: String,
    pub controls: Rc<Vec<Control>>,
    /// The scenario as it reads now (the sliders show its values).
    pub scenario: Option<Snap<Scenario>>,
    pub progress: Option<Progress>,
    pub stale: bool,
    pub workers: usize,
    /// The same scenario in the full app (a share link), to explore further.
    pub full_link: Option<String>,
    pub on_set: Callback<(Decision, f64)>,
    pub formats: Rc<Formats>,
}

pub fn embed_view(props: &EmbedViewProps) -> Html {
    let f = &props.formats;
    let choices = props.scenario.as_ref().map(|s| menu(s, &f.words)).unwrap_or_default();
    let sliders = props.controls.iter().enumerate().filter_map(|(i, control)| {
        let decision: Decision = control.decision.parse().ok()?;
        let label = choices
            .iter()
            .find(|c| c.decision == decision)
            .map_or_else(|| control.decision.clone(), |c| c.label.clone());
        let value = props.scenario.as_ref().and_then(|s| decision.resolve(s).ok()).unwrap_or(control.min);
        // Prices and budgets read as money, a discount as a percentage; minutes and counts as they are.
        let shown = match &decision {
            Decision::Offer(_, OfferField::Price)
            | Decision::KitPrice(_)
            | Decision::ItemPrice(_)
            | Decision::PaidBudget => f.money(value),
            Decision::Offer(_, OfferField::Percent) => f.percent(value / 100.0),
            _ => f.precise(value),
        };
        let id = format!("control-{i}");
        let oninput = props.on_set.reform(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            (decision.clone(), input.value_as_number())
        });
        Some(html! {
            <div class="embed-control">
                <label for={id.clone()}>{ label }</label>
                <input type="range" id={id} min={control.min.to_string()} max={control.max.to_string()}
                    step={control.step.to_string()} value={value.to_string()} {oninput} />
                <output for={format!("control-{i}")}>{ shown }</output>
            </div>
        })
    });
    html! {
        <div class="embed">
            <header class="embed-head">
                <h1>{ &props.name }</h1>
                if let Some(link) = &props.full_link {
                    <a href={link.clone()} target="_blank" rel="noopener">{ f.t(EmbedText::open_full) }</a>
                }
            </header>
            <div class="embed-controls">{ for sliders }</div>
            { progress_status(&props.progress, props.stale, props.workers, &f.words) }
            { results(&ResultsProps { progress: props.progress.clone(), stale: props.stale, formats: props.formats.clone(), compact: true }) }
        </div>
    }
}

crate::texts! { EmbedText "embed" {
    open_full = "Open in livesim ↗";
} }
