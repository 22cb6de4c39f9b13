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
use crate::app::format::for_page;
use crate::app::i18n::{Common, Lang, Words};
use crate::app::open::fetch_text;
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
    let formats = use_memo((currency, state.words.clone()), |(currency, words)| for_page(currency, words.clone()));

    // The language chosen on an earlier visit, else the browser's first that the page speaks.
    {
        let (dispatcher, words) = (state.dispatcher(), state.words.clone());
        use_effect_with((), move |_| {
            let chosen = storage::load_language().and_then(|code| Lang::from_tag(&code));
            let lang = chosen.unwrap_or_else(|| Lang::negotiate(browser_languages().iter().map(String::as_str)));
            speak(lang, words, dispatcher);
        });
    }
    // Screen readers, fonts (CJK glyph forms) and hyphenation follow the page's language.
    use_effect_with(state.words.lang, |lang| {
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", lang.code());
        }
    });

    // The engine's problems in the page's language, for the editor.
    let shown = use_memo((state.errors.clone(), state.words.clone()), |(errors, words)| {
        Rc::new(crate::app::problems::shown_errors(errors, words))
    });
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
    let lang = state.words.lang.code().to_owned();
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
    let on_language = {
        let (dispatcher, words) = (state.dispatcher(), state.words.clone());
        Callback::from(move |lang: Lang| {
            storage::save_language(lang.code());
            speak(lang, words.clone(), dispatcher.clone());
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
                state.dispatch(Action::LoadFailed(state.words.get(AppText::fix_before_optimising).into_owned()));
                return;
            };
            match optimise::prepare(&state.doc, &valid.plan, &state.optimize_setup, &state.words) {
                Ok(prepared) if prepared.sources.is_empty() => {
                    let why = prepared.points.first().and_then(|p| p.1.clone().err()).unwrap_or_default();
                    state.dispatch(Action::LoadFailed(state.words.fill(AppText::no_valid_candidate, &[("why", &why)])))
                }
                Ok(prepared) => {
                    let sources = prepared.sources.clone();
                    let run = start_on_workers(&state, &runner, Work::Optimize(Rc::new(prepared)), sources);
                    state.dispatch(Action::BatchStarted(run));
                }
                Err(message) => {
                    state.dispatch(Action::LoadFailed(state.words.fill(AppText::cannot_optimise, &[("why", &message)])))
                }
            }
        })
    };
    let on_swing = {
        let (state, runner) = (state.clone(), runner.clone());
        Callback::from(move |()| {
            let scenario = state.scenario.as_ref().filter(|_| state.errors.is_empty() && state.valid.is_some());
            let Some(scenario) = scenario else {
                state.dispatch(Action::LoadFailed(state.words.get(AppText::fix_before_swinging).into_owned()));
                return;
            };
            match optimise::prepare_swings(&state.doc, scenario, &state.swing_setup, &state.words) {
                Ok(prepared) => {
                    let sources = prepared.sources.clone();
                    let run = start_on_workers(&state, &runner, Work::Swings(Rc::new(prepared)), sources);
                    state.dispatch(Action::BatchStarted(run));
                }
                Err(message) => {
                    state.dispatch(Action::LoadFailed(state.words.fill(AppText::cannot_swing, &[("why", &message)])))
                }
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
                (vec![g.decision.clone()], vec![answer], AppText::goal_answer)
            } else {
                let Some(result) = &state.optimization else { return };
                let o = &result.optimization;
                let Some(best) = o.best() else { return };
                (o.decisions.iter().map(|a| a.decision.clone()).collect(), best.values.clone(), AppText::best_setting)
            };
            match optimise::apply_to_doc(&state.doc, &decisions, &values, &state.words) {
                Ok(doc) => {
                    let what = decisions
                        .iter()
                        .zip(&values)
                        .map(|(d, v)| format!("{d} = {}", formats.decimal(*v)))
                        .collect::<Vec<_>>();
                    let what = formats
                        .fill(AppText::applied_what, &[("label", &formats.t(label)), ("values", &what.join(", "))]);
                    state.dispatch(Action::Apply { doc, what });
                }
                Err(message) => state.dispatch(Action::LoadFailed(
                    formats.fill(AppText::cannot_apply, &[("label", &formats.t(label)), ("why", &message)]),
                )),
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

    let name = match state.doc.get("name").and_then(Value::as_str) {
        Some(name) => name.to_owned(),
        None => formats.t(AppText::untitled),
    };
    html! {
        <ContextProvider<Words> context={state.words.clone()}>
        <div class="app">
            <header class="top">
                <h1 class="brand">{ "livesim" }</h1>
                { language_picker(state.words.lang, &formats.t(Common::language), on_language) }
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
                    words: state.words.clone(),
                }) }
            </header>
            { notice_bar(&NoticeBarProps { notice: state.notice.clone(), on_undo, on_dismiss, words: state.words.clone() }) }
            <main class="layout">
                <div class="editor-column">
                    { scenario_tabs(&ScenarioTabsProps { names: state.names(), current: state.current, on_tab, words: state.words.clone() }) }
                    <Editor doc={state.doc.clone()} errors={(*shown).clone()} {on_edit} />
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
        </ContextProvider<Words>>
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

/// The browser's languages, in its order of preference.
fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return Vec::new() };
    let listed: Vec<String> = navigator.languages().iter().filter_map(|l| l.as_string()).collect();
    if listed.is_empty() { navigator.language().into_iter().collect() } else { listed }
}

/// Switches the page to `lang` once its texts are loaded (English is built in).
fn speak(lang: Lang, words: Words, dispatcher: UseReducerDispatcher<State>) {
    if lang == Lang::En {
        dispatcher.dispatch(Action::SetWords(Words::english()));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = fetch_text(&format!("./i18n/{}.json", lang.code()), &words).await;
        match loaded.and_then(|text| Words::from_json(lang, &text)) {
            Ok(words) => dispatcher.dispatch(Action::SetWords(words)),
            Err(why) => {
                let args = [("language", lang.native_name()), ("why", &why)];
                dispatcher.dispatch(Action::LoadFailed(words.fill(AppText::texts_not_loaded, &args)))
            }
        }
    });
}

crate::texts! { AppText "app" {
    fix_before_optimising = "Fix the scenario's problems before optimising it.";
    no_valid_candidate = "No candidate of the grid is a valid scenario: {why}";
    cannot_optimise = "Cannot optimise: {why}.";
    fix_before_swinging = "Fix the scenario's problems before swinging its decisions.";
    cannot_swing = "Cannot swing: {why}.";
    goal_answer = "the goal seek's answer";
    best_setting = "the best setting";
    applied_what = "{label} ({values})";
    cannot_apply = "Cannot apply {label}: {why}.";
    untitled = "Untitled live";
    texts_not_loaded = "The {language} texts cannot be loaded: {why}.";
} }

/// The page's language, each named in itself.
fn language_picker(current: Lang, label: &str, on_language: Callback<Lang>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Some(lang) = Lang::from_tag(&select.value()) {
            on_language.emit(lang);
        }
    });
    html! {
        <select id="language" class="language" aria-label={label.to_owned()} title={label.to_owned()} {onchange}>
            { for Lang::ALL.iter().map(|&lang| html! {
                <option value={lang.code()} lang={lang.code()} selected={lang == current}>{ lang.native_name() }</option>
            }) }
        </select>
    }
}
