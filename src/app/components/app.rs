//! The page: the editor on one side, results on the other; owns the state, the workers and the re-run debounce.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use serde_json::Value;
use yew::prelude::*;

use crate::app::components::case_studies::{CaseStoryView, CaseStudies};
use crate::app::components::decide::Decide;
use crate::app::components::editor::Editor;
use crate::app::components::notice::{NoticeBarProps, notice_bar};
use crate::app::components::results::{ResultsProps, results};
use crate::app::components::run_bar::{RunBarProps, run_bar};
use crate::app::components::scenario_file::ScenarioFile;
use crate::app::components::scenario_tabs::ScenarioTab;
use crate::app::components::scenario_tabs::{ScenarioTabsProps, scenario_tabs};
use crate::app::doc::Edit;
use crate::app::format::{Formats, browser_locale};
use crate::app::optimise;
use crate::app::runner::{Runner, Source, default_workers};
use crate::app::state::{Action, BatchRun, State, Tool, Work};
use crate::app::storage;

/// Edits closer together than this (ms) start one job, not one each.
const DEBOUNCE_MS: u32 = 30;

#[function_component(App)]
pub fn app() -> Html {
    let state =
        use_reducer(|| storage::load_set().map(|(set, current)| State::with_set(set, current)).unwrap_or_default());

    let runner = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| {
            let batch_dispatcher = dispatcher.clone();
            let on_progress = Callback::from(move |p| dispatcher.dispatch(Action::Progress(p)));
            let on_batch = Callback::from(move |p| batch_dispatcher.dispatch(Action::Batch(p)));
            Runner::new(storage::worker_count().unwrap_or_else(default_workers), on_progress, on_batch)
        })
    };

    // Re-run after each valid change, once edits pause.
    {
        let runner = runner.clone();
        let valid = state.valid.clone();
        let (runs, seed) = (state.runs, state.seed);
        let revision = valid.as_ref().map_or(0, |v| v.revision);
        use_effect_with((revision, runs, seed), move |_| {
            let timeout = valid.map(|v| {
                Timeout::new(DEBOUNCE_MS, move || {
                    Runner::start(&runner, Source::of(&v.doc), v.plan, seed, runs, v.revision);
                })
            });
            move || drop(timeout)
        });
    }

    // Keep the user's work across reloads.
    use_effect_with((state.set.clone(), state.current), |(set, current)| storage::save_set(set, *current));

    let currency = state.valid.as_ref().map_or_else(|| "USD".to_owned(), |v| v.plan.currency.clone());
    let formats = use_memo(currency, |currency| Formats::new(&browser_locale(), currency));

    let on_edit = {
        let state = state.clone();
        Callback::from(move |edit: Edit| state.dispatch(Action::Edit(edit)))
    };
    let on_load = {
        let state = state.clone();
        Callback::from(move |(doc, source): (Value, String)| state.dispatch(Action::Load { doc, source }))
    };
    let on_load_error = {
        let state = state.clone();
        Callback::from(move |message| state.dispatch(Action::LoadFailed(message)))
    };
    let on_undo = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::UndoLoad))
    };
    let on_dismiss = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::DismissNotice))
    };
    let on_case = {
        let state = state.clone();
        Callback::from(move |(docs, story, title)| state.dispatch(Action::OpenCase { docs, story, title }))
    };
    let on_close_story = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::CloseStory))
    };
    let lang = browser_locale();
    let on_runs = {
        let state = state.clone();
        Callback::from(move |runs| state.dispatch(Action::SetRuns(runs)))
    };
    let on_seed = {
        let state = state.clone();
        Callback::from(move |seed| state.dispatch(Action::SetSeed(seed)))
    };

    let on_tab = {
        let state = state.clone();
        Callback::from(move |tab: ScenarioTab| {
            state.dispatch(match tab {
                ScenarioTab::Open(i) => Action::Switch(i),
                ScenarioTab::Duplicate => Action::Duplicate,
                ScenarioTab::Remove(i) => Action::Remove(i),
            })
        })
    };
    let on_tool = {
        let state = state.clone();
        Callback::from(move |tool| state.dispatch(Action::ShowTool(tool)))
    };
    let on_drivers_kpi = {
        let state = state.clone();
        Callback::from(move |kpi| state.dispatch(Action::SetDriversKpi(kpi)))
    };
    let on_compare = {
        let (state, runner) = (state.clone(), runner.clone());
        Callback::from(move |()| match state.plans() {
            Ok(plans) => {
                let (seed, runs) = (state.seed, state.runs);
                let sources = state.set.iter().map(|doc| Source::of(doc)).collect();
                let job = Runner::start_batch(&runner, sources, seed, runs, true, 0);
                let total = runs * plans.len() as u64;
                let docs = state.set.clone();
                state.dispatch(Action::BatchStarted(BatchRun {
                    job,
                    work: Work::Compare,
                    plans,
                    docs,
                    seed,
                    runs,
                    done: 0,
                    total,
                }));
            }
            Err(message) => state.dispatch(Action::LoadFailed(message)),
        })
    };
    let on_optimize = {
        let (state, runner) = (state.clone(), runner.clone());
        Callback::from(move |()| {
            let Some(valid) = state.valid.as_ref().filter(|_| state.errors.is_empty()) else {
                state.dispatch(Action::LoadFailed("Fix the scenario's problems before optimising it.".to_owned()));
                return;
            };
            match optimise::prepare(&state.doc, &valid.plan, &state.optimize_setup) {
                Ok(prepared) if prepared.sources.is_empty() => state.dispatch(Action::LoadFailed(format!(
                    "No candidate of the grid is a valid scenario: {}",
                    prepared.points.first().and_then(|p| p.1.clone().err()).unwrap_or_default()
                ))),
                Ok(prepared) => {
                    let sources = prepared.sources.clone();
                    let run = start_on_workers(&state, &runner, Work::Optimize(Rc::new(prepared)), sources);
                    state.dispatch(Action::BatchStarted(run));
                }
                Err(message) => state.dispatch(Action::LoadFailed(format!("Cannot optimise: {message}."))),
            }
        })
    };
    let on_swing = {
        let (state, runner) = (state.clone(), runner.clone());
        Callback::from(move |()| {
            let scenario = state.scenario.as_ref().filter(|_| state.errors.is_empty() && state.valid.is_some());
            let Some(scenario) = scenario else {
                state.dispatch(Action::LoadFailed(
                    "Fix the scenario's problems before swinging its decisions.".to_owned(),
                ));
                return;
            };
            match optimise::prepare_swings(&state.doc, scenario, &state.swing_setup) {
                Ok(prepared) => {
                    let sources = prepared.sources.clone();
                    let run = start_on_workers(&state, &runner, Work::Swings(Rc::new(prepared)), sources);
                    state.dispatch(Action::BatchStarted(run));
                }
                Err(message) => state.dispatch(Action::LoadFailed(format!("Cannot swing: {message}."))),
            }
        })
    };
    let on_swing_setup = {
        let state = state.clone();
        Callback::from(move |setup| state.dispatch(Action::SetSwingSetup(setup)))
    };
    let on_optimize_setup = {
        let state = state.clone();
        Callback::from(move |setup| state.dispatch(Action::SetOptimizeSetup(setup)))
    };
    let on_goal_seek = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::SeekGoal))
    };
    let on_goal_setup = {
        let state = state.clone();
        Callback::from(move |setup| state.dispatch(Action::SetGoalSetup(setup)))
    };
    // A goal seek runs one value at a time: each value it needs is a batch of one scenario.
    {
        let (state, runner) = (state.clone(), runner.clone());
        let need =
            state.goal.as_ref().and_then(|g| Some((Rc::as_ptr(&g.spec) as usize, g.points.len(), g.need?.to_bits())));
        use_effect_with(need, move |need| {
            let Some(g) = state.goal.as_ref().filter(|_| need.is_some()) else { return };
            let Some(value) = g.need else { return };
            let (seed, runs) = (g.spec.seed, g.spec.runs.end);
            let decisions = vec![(g.spec.decision.to_string(), value)];
            let source = Source { scenario: Rc::new(g.doc.to_string()), decisions };
            let job = Runner::start_batch(&runner, vec![source], seed, runs, false, 0);
            state.dispatch(Action::BatchStarted(BatchRun {
                job,
                work: Work::GoalSeek,
                plans: Vec::new(),
                docs: vec![g.doc.clone()],
                seed,
                runs,
                done: 0,
                total: runs,
            }));
        });
    }
    let on_apply = {
        let (state, formats) = (state.clone(), formats.clone());
        Callback::from(move |()| {
            // The tool on show says whose answer: the goal seek's value, or the best setting.
            let (decisions, values, label) = if state.tool == Tool::GoalSeek {
                let Some(g) = state.goal.as_ref().and_then(|g| g.result.clone()) else { return };
                let Some(answer) = g.answer else { return };
                (vec![g.decision.clone()], vec![answer], "the goal seek's answer")
            } else {
                let Some(result) = &state.optimization else { return };
                let o = &result.optimization;
                let Some(best) = o.best() else { return };
                (o.decisions.iter().map(|a| a.decision.clone()).collect(), best.values.clone(), "the best setting")
            };
            match optimise::apply_to_doc(&state.doc, &decisions, &values) {
                Ok(doc) => {
                    let what = decisions
                        .iter()
                        .zip(&values)
                        .map(|(d, v)| format!("{d} = {}", formats.decimal(*v)))
                        .collect::<Vec<_>>();
                    state.dispatch(Action::Apply { doc, what: format!("{label} ({})", what.join(", ")) });
                }
                Err(message) => state.dispatch(Action::LoadFailed(format!("Cannot apply {label}: {message}."))),
            }
        })
    };
    let on_cancel_batch = {
        let (state, runner) = (state.clone(), runner.clone());
        Callback::from(move |()| {
            runner.borrow_mut().cancel_batch();
            state.dispatch(Action::CancelBatch);
        })
    };

    let name = state.doc.get("name").and_then(Value::as_str).unwrap_or("Untitled live").to_owned();
    html! {
        <div class="app">
            <header class="top">
                <h1 class="brand">{ "livesim" }</h1>
                <span class="scenario-name">{ name }</span>
                <ScenarioFile doc={state.doc.clone()} on_load={on_load.clone()} on_error={on_load_error.clone()} />
                <CaseStudies lang={lang.clone()} on_open={on_case} on_error={on_load_error.clone()} />
                { run_bar(&RunBarProps {
                    runs: state.runs,
                    seed: state.seed,
                    workers: runner.borrow().workers(),
                    progress: state.results.clone(),
                    stale: state.results_stale(),
                    on_runs,
                    on_seed,
                    on_load,
                    on_load_error,
                }) }
            </header>
            { notice_bar(&NoticeBarProps { notice: state.notice.clone(), on_undo, on_dismiss }) }
            <main class="layout">
                <div class="editor-column">
                    { scenario_tabs(&ScenarioTabsProps { names: state.names(), current: state.current, on_tab }) }
                    <Editor doc={state.doc.clone()} errors={state.errors.clone()} {on_edit} />
                </div>
                <div class="outcome">
                    if let Some(story) = state.story.clone() {
                        <CaseStoryView {story} lang={lang.clone()} on_close={on_close_story} />
                    }
                    { results(&ResultsProps { progress: state.results.clone(), stale: state.results_stale(), formats: formats.clone() }) }
                    <Decide
                        tool={state.tool}
                        names={state.names()}
                        batch={state.batch.clone()}
                        comparison={state.comparison.clone()}
                        comparison_stale={state.comparison_stale()}
                        live={state.results.clone()}
                        live_stale={state.results_stale()}
                        drivers_kpi={state.drivers_kpi}
                        scenario={state.scenario.clone()}
                        optimize_setup={state.optimize_setup.clone()}
                        optimization={state.optimization.clone()}
                        optimization_stale={state.optimization_stale()}
                        goal_setup={state.goal_setup.clone()}
                        goal={state.goal.clone()}
                        goal_stale={state.goal_stale()}
                        {on_goal_seek}
                        {on_goal_setup}
                        runs={state.runs}
                        formats={formats.clone()}
                        {on_optimize}
                        {on_optimize_setup}
                        {on_apply}
                        {on_tool}
                        {on_compare}
                        on_cancel={on_cancel_batch}
                        {on_drivers_kpi}
                        swing_setup={state.swing_setup.clone()}
                        swings={state.swings.clone()}
                        swings_stale={state.swings_stale()}
                        {on_swing}
                        {on_swing_setup}
                    />
                </div>
            </main>
        </div>
    }
}

/// Mounts the app on the page's body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// Starts a batch of `sources` (variants of the scenario on show) over the runs and seed on show, without
/// per-minute records; returns the run for the state.
fn start_on_workers(state: &State, runner: &Rc<RefCell<Runner>>, work: Work, sources: Vec<Source>) -> BatchRun {
    let (seed, runs) = (state.seed, state.runs);
    let total = runs * sources.len() as u64;
    let job = Runner::start_batch(runner, sources, seed, runs, false, 0);
    BatchRun { job, work, plans: Vec::new(), docs: vec![state.doc.clone()], seed, runs, done: 0, total }
}
