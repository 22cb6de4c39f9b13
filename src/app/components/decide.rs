//! The decision tools under the results: compare the scenarios, see what drives the spread, find the best setting or the one that reaches a goal.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::compare_view::{CompareViewProps, compare_view};
use crate::app::components::decision_swings::{DecisionSwingsProps, decision_swings};
use crate::app::components::drivers::Drivers;
use crate::app::components::goalseek_view::{GoalSeekViewProps, goal_seek_view};
use crate::app::components::optimize_view::{OptimizeViewProps, optimize_view};
use crate::app::format::Formats;
use crate::app::optimise::{GoalSetup, Setup, SwingSetup, goal_menu, menu};
use crate::app::runner::Progress;
use crate::app::snap::Snap;
use crate::app::state::{BatchRun, CompareResult, GoalRun, OptimizeResult, SwingResult, Tool};
use crate::engine::Kpi;
use crate::engine::scenario::Scenario;

#[derive(Properties, PartialEq)]
pub struct DecideProps {
    pub tool: Tool,
    pub names: Vec<String>,
    pub batch: Option<BatchRun>,
    pub comparison: Option<CompareResult>,
    pub comparison_stale: bool,
    /// The live job's results (the drivers are read from its runs).
    pub live: Option<Progress>,
    pub live_stale: bool,
    pub drivers_kpi: Kpi,
    /// The scenario being edited, if it reads (the decisions on offer come from it).
    pub scenario: Option<Snap<Scenario>>,
    pub optimize_setup: Setup,
    pub optimization: Option<OptimizeResult>,
    pub optimization_stale: bool,
    pub goal_setup: GoalSetup,
    pub goal: Option<Rc<GoalRun>>,
    pub goal_stale: bool,
    pub runs: u64,
    pub formats: Rc<Formats>,
    pub on_optimize: Callback<()>,
    pub on_optimize_setup: Callback<Setup>,
    /// Apply the answer of the tool on show to the scenario.
    pub on_apply: Callback<()>,
    pub on_goal_seek: Callback<()>,
    pub on_goal_setup: Callback<GoalSetup>,
    pub on_tool: Callback<Tool>,
    pub on_compare: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_drivers_kpi: Callback<Kpi>,
    pub swing_setup: SwingSetup,
    pub swings: Option<SwingResult>,
    pub swings_stale: bool,
    pub on_swing: Callback<()>,
    pub on_swing_setup: Callback<SwingSetup>,
}

const TOOLS: [(Tool, DecideText); 4] = [
    (Tool::Compare, DecideText::compare),
    (Tool::Drivers, DecideText::drivers),
    (Tool::Optimize, DecideText::optimize),
    (Tool::GoalSeek, DecideText::goal_seek),
];

/// A batch job's progress bar, what it is doing, and Cancel: every decision tool shows its job so.
pub fn batch_progress(f: &Formats, label: &str, done: u64, total: u64, doing: Html, on_cancel: &Callback<()>) -> Html {
    html! {
        <div class="batch-progress">
            <progress max={total.to_string()} value={done.to_string()} aria-label={label.to_owned()} />
            { doing }
            <button type="button" class="secondary" onclick={on_cancel.reform(|_: MouseEvent| ())}>{ f.t(DecideText::cancel) }</button>
        </div>
    }
}

/// A batch job's progress counted in runs ("1,234 of 80,000 runs").
pub fn runs_progress(label: &str, b: &BatchRun, f: &Formats, on_cancel: &Callback<()>) -> Html {
    let runs = f.fill(DecideText::runs_done, &[("done", &f.count(b.done as f64)), ("total", &f.count(b.total as f64))]);
    let doing = html! { <span>{ runs }</span> };
    batch_progress(f, label, b.done, b.total, doing, on_cancel)
}

#[function_component(Decide)]
pub fn decide(props: &DecideProps) -> Html {
    let f = &props.formats;
    let tabs = TOOLS.iter().map(|&(tool, label)| {
        let on_tool = props.on_tool.clone();
        let active = tool == props.tool;
        html! {
            <button type="button" role="tab" class={classes!("tab", active.then_some("active"))} aria-selected={active.to_string()}
                onclick={Callback::from(move |_| on_tool.emit(tool))}>{ f.t(label) }</button>
        }
    });
    // The decisions on offer change only with the scenario (and their names with the language).
    let scenario = &props.scenario;
    let words = &f.words;
    let choices = use_memo((scenario.clone(), words.clone()), |(scenario, words)| {
        Rc::new(scenario.as_deref().map(|s| menu(s, words)).unwrap_or_default())
    });
    let goal_choices = use_memo((scenario.clone(), words.clone()), |(scenario, words)| {
        Rc::new(scenario.as_deref().map(|s| goal_menu(s, words)).unwrap_or_default())
    });
    let body = match props.tool {
        Tool::Optimize => optimize_view(&OptimizeViewProps {
            setup: props.optimize_setup.clone(),
            menu: (*choices).clone(),
            scenario: scenario.clone(),
            batch: props.batch.clone().filter(|b| b.tool() == Tool::Optimize),
            result: props.optimization.clone(),
            stale: props.optimization_stale,
            runs: props.runs,
            formats: props.formats.clone(),
            on_setup: props.on_optimize_setup.clone(),
            on_run: props.on_optimize.clone(),
            on_cancel: props.on_cancel.clone(),
            on_apply: props.on_apply.clone(),
        }),
        Tool::GoalSeek => goal_seek_view(&GoalSeekViewProps {
            setup: props.goal_setup.clone(),
            menu: (*goal_choices).clone(),
            scenario: scenario.clone(),
            run: props.goal.clone(),
            batch: props.batch.clone().filter(|b| b.tool() == Tool::GoalSeek),
            stale: props.goal_stale,
            formats: props.formats.clone(),
            on_setup: props.on_goal_setup.clone(),
            on_run: props.on_goal_seek.clone(),
            on_cancel: props.on_cancel.clone(),
            on_apply: props.on_apply.clone(),
        }),
        Tool::Drivers => html! {
            <Drivers progress={props.live.clone()} stale={props.live_stale} kpi={props.drivers_kpi}
                comparison={props.comparison.clone()} comparison_stale={props.comparison_stale} names={props.names.clone()}
                formats={props.formats.clone()} on_kpi={props.on_drivers_kpi.clone()}
                swings={decision_swings(&DecisionSwingsProps {
                    setup: props.swing_setup.clone(),
                    menu: (*choices).clone(),
                    batch: props.batch.clone().filter(|b| b.tool() == Tool::Drivers),
                    result: props.swings.clone(),
                    stale: props.swings_stale,
                    kpi: props.drivers_kpi,
                    runs: props.runs,
                    formats: props.formats.clone(),
                    on_setup: props.on_swing_setup.clone(),
                    on_run: props.on_swing.clone(),
                    on_cancel: props.on_cancel.clone(),
                })} />
        },
        _ => html! {
            { compare_view(&CompareViewProps {
                names: props.names.clone(),
                batch: props.batch.clone().filter(|b| b.tool() == Tool::Compare),
                result: props.comparison.clone(),
                stale: props.comparison_stale,
                formats: props.formats.clone(),
                on_run: props.on_compare.clone(),
                on_cancel: props.on_cancel.clone(),
            }) }
        },
    };
    html! {
        <section class="decide" aria-label={f.t(DecideText::tools)}>
            <div class="tabs" role="tablist">{ for tabs }</div>
            <div class="decide-body">{ body }</div>
        </section>
    }
}

crate::texts! { DecideText "decide" {
    compare = "Compare scenarios";
    drivers = "What drives it";
    optimize = "Best setting";
    goal_seek = "Goal seek";
    cancel = "Cancel";
    runs_done = "{done} of {total} runs";
    tools = "Decision tools";
} }
