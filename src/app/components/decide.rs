//! The decision tools under the results: compare the scenarios, and see what drives the spread.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::compare_view::CompareView;
use crate::app::components::drivers::Drivers;
use crate::app::format::Formats;
use crate::app::runner::Progress;
use crate::app::state::{BatchRun, CompareResult, Tool};
use crate::engine::Kpi;

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
    pub formats: Rc<Formats>,
    pub on_tool: Callback<Tool>,
    pub on_compare: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_drivers_kpi: Callback<Kpi>,
}

const TOOLS: [(Tool, &str); 2] = [(Tool::Compare, "Compare scenarios"), (Tool::Drivers, "What drives it")];

#[function_component(Decide)]
pub fn decide(props: &DecideProps) -> Html {
    let tabs = TOOLS.iter().map(|&(tool, label)| {
        let on_tool = props.on_tool.clone();
        let active = tool == props.tool;
        html! {
            <button type="button" role="tab" class={classes!("tab", active.then_some("active"))} aria-selected={active.to_string()}
                onclick={Callback::from(move |_| on_tool.emit(tool))}>{ label }</button>
        }
    });
    let body = match props.tool {
        Tool::Drivers => html! {
            <Drivers progress={props.live.clone()} stale={props.live_stale} kpi={props.drivers_kpi}
                comparison={props.comparison.clone()} comparison_stale={props.comparison_stale} names={props.names.clone()}
                formats={props.formats.clone()} on_kpi={props.on_drivers_kpi.clone()} />
        },
        _ => html! {
            <CompareView names={props.names.clone()} batch={props.batch.clone().filter(|b| b.tool == Tool::Compare)}
                result={props.comparison.clone()} stale={props.comparison_stale} formats={props.formats.clone()}
                on_run={props.on_compare.clone()} on_cancel={props.on_cancel.clone()} />
        },
    };
    html! {
        <section class="decide" aria-label="Decision tools">
            <div class="tabs" role="tablist">{ for tabs }</div>
            <div class="decide-body">{ body }</div>
        </section>
    }
}
