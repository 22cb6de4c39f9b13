//! The page: the editor on one side, results on the other; owns the state, the workers and the re-run debounce.

use gloo_timers::callback::Timeout;
use serde_json::Value;
use yew::prelude::*;

use crate::app::components::editor::Editor;
use crate::app::components::notice::NoticeBar;
use crate::app::components::results::Results;
use crate::app::components::run_bar::RunBar;
use crate::app::components::scenario_file::ScenarioFile;
use crate::app::doc::Edit;
use crate::app::format::{Formats, browser_locale};
use crate::app::runner::{Runner, default_workers};
use crate::app::state::{Action, State};
use crate::app::storage;

/// Edits closer together than this (ms) start one job, not one each.
const DEBOUNCE_MS: u32 = 30;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| storage::load_scenario().map(State::new).unwrap_or_default());

    let runner = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| {
            let on_progress = Callback::from(move |p| dispatcher.dispatch(Action::Progress(p)));
            Runner::new(storage::worker_count().unwrap_or_else(default_workers), on_progress)
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
                    Runner::start(&runner, v.plan, seed, runs, v.revision);
                })
            });
            move || drop(timeout)
        });
    }

    // Keep the user's work across reloads.
    use_effect_with(state.doc.clone(), |doc| storage::save_scenario(doc));

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
    let on_runs = {
        let state = state.clone();
        Callback::from(move |runs| state.dispatch(Action::SetRuns(runs)))
    };
    let on_seed = {
        let state = state.clone();
        Callback::from(move |seed| state.dispatch(Action::SetSeed(seed)))
    };

    let name = state.doc.get("name").and_then(Value::as_str).unwrap_or("Untitled live").to_owned();
    html! {
        <div class="app">
            <header class="top">
                <h1 class="brand">{ "livesim" }</h1>
                <span class="scenario-name">{ name }</span>
                <ScenarioFile doc={state.doc.clone()} on_load={on_load.clone()} on_error={on_load_error.clone()} />
                <RunBar
                    runs={state.runs}
                    seed={state.seed}
                    workers={runner.borrow().workers()}
                    progress={state.results.clone()}
                    stale={state.results_stale()}
                    {on_runs}
                    {on_seed}
                    {on_load}
                    {on_load_error}
                />
            </header>
            <NoticeBar notice={state.notice.clone()} {on_undo} {on_dismiss} />
            <main class="layout">
                <Editor doc={state.doc.clone()} errors={state.errors.clone()} {on_edit} />
                <Results
                    progress={state.results.clone()}
                    stale={state.results_stale()}
                    formats={formats.clone()}
                />
            </main>
        </div>
    }
}

/// Mounts the app on the page's body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
