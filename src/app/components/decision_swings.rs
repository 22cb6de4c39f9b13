//! Decisions one at a time: each chosen decision moved down and up by a delta on the same runs, and how far the KPI's mean moves (`livesim sensitivity --decision`).

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::components::decide::runs_progress;

use crate::app::components::drivers::tornado_bars;
use crate::app::components::kpi_cards::{format_kpi, kpi_label};
use crate::app::components::optimize_view::on_input;
use crate::app::format::Formats;
use crate::app::optimise::{Choice, SwingSetup, default_delta};
use crate::app::state::{BatchRun, SwingResult};
use crate::engine::Kpi;
use crate::engine::sensitivity::{DecisionSwing, Level};

pub struct DecisionSwingsProps {
    pub setup: SwingSetup,
    /// The decisions the scenario offers (empty while it has problems).
    pub menu: Rc<Vec<Choice>>,
    pub batch: Option<BatchRun>,
    pub result: Option<SwingResult>,
    pub stale: bool,
    pub kpi: Kpi,
    pub runs: u64,
    pub formats: Rc<Formats>,
    pub on_setup: Callback<SwingSetup>,
    pub on_run: Callback<()>,
    pub on_cancel: Callback<()>,
}

pub fn decision_swings(props: &DecisionSwingsProps) -> Html {
    let f = &props.formats;
    let picks = props.menu.iter().enumerate().map(|(i, choice)| {
        let text = choice.decision.to_string();
        let picked = props.setup.picks.iter().find(|(d, _)| *d == text).map(|(_, delta)| delta.clone());
        let on_pick = {
            let (setup, on_setup, menu, text) = (props.setup.clone(), props.on_setup.clone(), props.menu.clone(), text.clone());
            Callback::from(move |e: Event| {
                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                let mut next = setup.clone();
                next.picks.retain(|(d, _)| *d != text);
                if on {
                    let delta = menu.iter().find(|c| c.decision.to_string() == text).map_or(1.0, default_delta);
                    next.picks.push((text.clone(), delta.to_string()));
                    // Kept in the menu's order, as the table will be before it is run.
                    let at = |d: &str| menu.iter().position(|c| c.decision.to_string() == d);
                    next.picks.sort_by_key(|(d, _)| at(d));
                }
                on_setup.emit(next);
            })
        };
        let on_delta = {
            let (setup, on_setup, text) = (props.setup.clone(), props.on_setup.clone(), text.clone());
            on_input(Callback::from(move |e: Event| {
                let mut next = setup.clone();
                if let Some(pick) = next.picks.iter_mut().find(|(d, _)| *d == text) {
                    pick.1 = e.target_unchecked_into::<HtmlInputElement>().value();
                }
                on_setup.emit(next);
            }))
        };
        let delta = picked.clone().unwrap_or_else(|| default_delta(choice).to_string());
        html! {
            <li>
                <label><input type="checkbox" id={format!("swing-{i}")} value={text.clone()} checked={picked.is_some()} onchange={on_pick} />
                    { format!(" {}", f.fill(SwingsText::pick, &[("name", &choice.label), ("value", &f.decimal(choice.base))])) }</label>
                <label class="swing-delta">{ "±" }
                    <input type="text" inputmode="decimal" id={format!("swing-{i}-delta")} aria-label={f.fill(SwingsText::delta_label, &[("name", &choice.label)])}
                        value={delta} disabled={picked.is_none()} oninput={on_delta} />
                </label>
            </li>
        }
    });
    let chosen = props.setup.picks.len();
    let controls = match &props.batch {
        Some(b) => runs_progress(&f.t(SwingsText::progress), b, f, &props.on_cancel),
        None => html! {
            <button type="button" class="primary" id="run-swings" disabled={chosen == 0} onclick={props.on_run.reform(|_: MouseEvent| ())}>
                { if chosen == 0 { f.t(SwingsText::run) } else {
                    let key = if chosen == 1 { SwingsText::run_one } else { SwingsText::run_many };
                    f.fill(key, &[("n", &chosen.to_string()), ("runs", &f.count(props.runs as f64))])
                } }
            </button>
        },
    };
    let result = props.result.as_ref().map(|r| swing_result(r, props.stale, props.kpi, &props.menu, f));
    html! {
        <section class="swings" aria-label={f.t(SwingsText::section)}>
            <h3>{ f.t(SwingsText::title) }</h3>
            <p class="muted">{ f.t(SwingsText::intro) }</p>
            <ul class="swing-picks">{ for picks }</ul>
            { controls }
            { result.unwrap_or_default() }
        </section>
    }
}

fn swing_result(r: &SwingResult, stale: bool, kpi: Kpi, menu: &[Choice], f: &Formats) -> Html {
    let name = |s: &DecisionSwing| {
        menu.iter().find(|c| c.decision == s.decision).map_or_else(|| s.decision.to_string(), |c| c.label.clone())
    };
    let mean = |l: &Level| match (&l.invalid, l.mean) {
        (Some(why), _) => html! { <span class="muted" title={why.clone()}>{ f.t(SwingsText::invalid) }</span> },
        (None, Some(m)) => html! { format_kpi(f, kpi, m) },
        (None, None) => html! { "—" },
    };
    let bars =
        r.swings.iter().map(|s| (format!("{} ±{}", name(s), f.decimal(s.delta)), s.decision.to_string(), s.swing));
    let rows = r.swings.iter().map(|s| {
        html! {
            <tr data-decision={s.decision.to_string()}>
                <th scope="row">{ name(s) }</th>
                <td>{ f.decimal(s.low.value) }</td><td class="swing-low">{ mean(&s.low) }</td>
                <td>{ f.decimal(s.base.value) }</td><td class="swing-base">{ mean(&s.base) }</td>
                <td>{ f.decimal(s.high.value) }</td><td class="swing-high">{ mean(&s.high) }</td>
                <td class="swing-swing">{ s.swing.map(|x| format_kpi(f, kpi, x)).unwrap_or_else(|| "—".into()) }</td>
            </tr>
        }
    });
    html! {
        <div class={classes!("swing-result", stale.then_some("stale"))}>
            if stale { <p class="muted">{ f.t(SwingsText::stale) }</p> }
            <p class="muted">{ f.fill(SwingsText::details, &[
                ("runs", &f.count(r.runs as f64)),
                ("seconds", &f.tenths(r.elapsed_ms / 1000.0)),
                ("kpi", &kpi_label(f, kpi)),
            ]) }</p>
            { tornado_bars(bars, kpi, f, f.fill(SwingsText::bars_label, &[("kpi", &kpi_label(f, kpi))])) }
            <div class="table-scroll">
                <table class="swings-table">
                    <thead><tr>
                        <th scope="col">{ f.t(SwingsText::decision) }</th>
                        <th scope="col">{ f.t(SwingsText::down) }</th><th scope="col">{ f.t(SwingsText::mean) }</th>
                        <th scope="col">{ f.t(SwingsText::now) }</th><th scope="col">{ f.t(SwingsText::mean) }</th>
                        <th scope="col">{ f.t(SwingsText::up) }</th><th scope="col">{ f.t(SwingsText::mean) }</th>
                        <th scope="col">{ f.t(SwingsText::swing) }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </div>
    }
}

crate::texts! { SwingsText "swings" {
    pick = "{name} (now {value})";
    delta_label = "Swing of {name}";
    progress = "Swing progress";
    run = "Swing decisions";
    run_one = "Swing {n} decision: {runs} runs each way";
    run_many = "Swing {n} decisions: {runs} runs each way";
    section = "Decisions one at a time";
    title = "Decisions, one at a time";
    intro = "Each chosen decision moved down and up by its swing, everything else as in the scenario, on the same runs (common random numbers): the difference is the decision's effect.";
    invalid = "invalid";
    stale = "These swings are of an earlier version of the scenario: swing again to update them.";
    details = "Over {runs} runs each way, in {seconds} s. Bars: the mean {kpi} with the decision moved up minus moved down.";
    bars_label = "Decision swings of {kpi}";
    decision = "Decision";
    down = "Down";
    mean = "Mean";
    now = "Now";
    up = "Up";
    swing = "Swing";
} }
