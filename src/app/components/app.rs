//! The page: the editor on one side, results on the other; owns the state, the workers and the re-run debounce.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use serde_json::Value;
use yew::prelude::*;

use crate::app::components::case_studies::{CaseStoryView, CaseStudies};
use crate::app::components::decide::Decide;
use crate::app::components::editor::Editor;
use crate::app::components::embed_builder::EmbedBuilder;
use crate::app::components::embed_view::{EmbedViewProps, embed_view};
use crate::app::components::library_panel::{LibraryPanelProps, library_panel};
use crate::app::components::notice::{NoticeBarProps, NoticeText, notice_bar};
use crate::app::components::results::{ResultsProps, results};
use crate::app::components::run_bar::{RunBarProps, run_bar};
use crate::app::components::scenario_file::ScenarioFile;
use crate::app::components::scenario_tabs::ScenarioTab;
use crate::app::components::scenario_tabs::{ScenarioTabsProps, scenario_tabs};
use crate::app::doc::Edit;
use crate::app::format::{Formats, for_page};
use crate::app::i18n::{Common, Lang, Words};
use crate::app::link::{self, LinkText};
use crate::app::open::fetch_text;
use crate::app::optimise;
use crate::app::runner::{Runner, Source, default_workers};
use crate::app::state::{Action, BatchRun, State, Tool, Work};
use crate::app::storage;
use crate::share::Shared;

/// Edits closer together than this (ms) start one job, not one each.
const DEBOUNCE_MS: u32 = 30;

#[function_component(App)]
pub fn app() -> Html {
    // An embedded view shows its link's scenario and never reads or writes the browser's saved work
    // (the page may be framed on the same origin as someone's own livesim tab).
    let embed = use_memo((), |_| link::embed_request());
    let state = {
        let embed = embed.clone();
        use_reducer(move || match &*embed {
            Some(Ok(shared)) => State::embedded(shared),
            Some(Err(_)) => State::default(),
            None => {
                let mut state =
                    storage::load_set().map(|(set, current)| State::with_set(set, current)).unwrap_or_default();
                state.library = Rc::new(storage::load_library());
                state
            }
        })
    };
    let embedded = embed.is_some();

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

    // Keep the user's work across reloads; say so when the browser will not keep it, and when it does again.
    {
        let (dispatcher, failing) = (state.dispatcher(), state.storage_problem.is_some());
        use_effect_with((state.set.clone(), state.current, state.library.clone()), move |(set, current, library)| {
            if embedded {
                return;
            }
            match storage::save_set(set, *current).and_then(|()| storage::save_library(library)) {
                Err(why) => dispatcher.dispatch(Action::StorageFailed(why)),
                Ok(()) if failing => dispatcher.dispatch(Action::StorageOk),
                Ok(()) => {}
            }
        });
    }

    // Ctrl+Z undoes the last change anywhere on the page (a field's own undo would skip the scenario's
    // history); Ctrl+Shift+Z and Ctrl+Y redo.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = crate::app::events::on_undo_keys(Callback::from(move |redo: bool| {
                dispatcher.dispatch(if redo { Action::Redo } else { Action::Undo })
            }));
            move || drop(listener)
        });
    }

    let currency = state.valid.as_ref().map_or_else(|| "USD".to_owned(), |v| v.plan.currency.clone());
    let formats = use_memo((currency, state.words.clone()), |(currency, words)| for_page(currency, words.clone()));

    // A share link in the address opens as a new tab (and in the sender's language, for this visit);
    // else the language chosen on an earlier visit, else the browser's first that the page speaks.
    {
        let (dispatcher, words, embed) = (state.dispatcher(), state.words.clone(), embed.clone());
        use_effect_with((), move |_| {
            let link = if embedded { None } else { link::take_link() };
            let from_embed = match &*embed {
                Some(Ok(shared)) => link::link_language(shared),
                Some(Err(error)) => {
                    dispatcher.dispatch(Action::LoadFailed(link::link_error_text(error, &words)));
                    None
                }
                None => None,
            };
            let from_link = link.as_ref().and_then(|l| l.as_ref().ok()).and_then(link::link_language);
            let chosen = storage::load_language().and_then(|code| Lang::from_tag(&code));
            let lang = from_embed
                .or(from_link)
                .or(chosen)
                .unwrap_or_else(|| Lang::negotiate(browser_languages().iter().map(String::as_str)));
            open_link(link, &words, &dispatcher);
            speak(lang, words, dispatcher);
        });
    }
    // A link pasted into the address of the open page changes only its fragment.
    {
        let (dispatcher, words) = (state.dispatcher(), state.words.clone());
        use_effect_with(state.words.clone(), move |_| {
            let listener = crate::app::events::on_hash_change(Callback::from(move |()| {
                open_link(link::take_link(), &words, &dispatcher);
            }));
            move || drop(listener)
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
    let on_history = {
        let state = state.clone();
        Callback::from(move |redo: bool| state.dispatch(if redo { Action::Redo } else { Action::Undo }))
    };
    let on_share = {
        let state = state.clone();
        Callback::from(move |()| {
            let lang = Some(state.words.lang.code().to_owned());
            let shared = Shared {
                view: Some(state.tool.name().to_owned()),
                ..Shared::new((*state.doc).clone(), state.seed, state.runs, lang)
            };
            if let Some(url) = link::link_to(&shared) {
                link::copy_to_clipboard(&url);
                state.dispatch(Action::ShowLink(Some(url)));
            }
        })
    };
    // The rehearsal and post-live pages open in a new tab with the scenario, seed and language.
    let open_page = |page: &'static str| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let lang = Some(state.words.lang.code().to_owned());
            let shared = Shared::new((*state.doc).clone(), state.seed, state.runs, lang);
            if let (Some(url), Some(window)) = (link::page_link(page, &shared), web_sys::window()) {
                let _ = window.open_with_url_and_target(&url, "_blank");
            }
        })
    };
    let on_rehearse = open_page("rehearse/");
    let on_postlive = open_page("postlive/");
    let on_library = {
        let state = state.clone();
        Callback::from(move |change| state.dispatch(Action::Library(change)))
    };
    let on_hide_link = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::ShowLink(None)))
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
    if let Some(Ok(shared)) = &*embed {
        let on_set = {
            let state = state.clone();
            Callback::from(move |(decision, value)| state.dispatch(Action::SetControl(decision, value)))
        };
        let full = Shared { controls: vec![], scenario: (*state.doc).clone(), ..shared.clone() };
        return html! {
            <ContextProvider<Words> context={state.words.clone()}>
                { notice_bar(&NoticeBarProps { notice: state.notice.clone(), on_undo, on_dismiss, words: state.words.clone() }) }
                { embed_view(&EmbedViewProps {
                    name,
                    controls: Rc::new(shared.controls.clone()),
                    scenario: state.scenario.clone(),
                    progress: state.results.clone(),
                    stale: state.results_stale(),
                    workers: runner.borrow().workers(),
                    full_link: link::link_to(&full),
                    on_set,
                    formats: formats.clone(),
                }) }
            </ContextProvider<Words>>
        };
    }
    html! {
        <ContextProvider<Words> context={state.words.clone()}>
        <div class="app">
            <header class="top">
                <h1 class="brand">{ "livesim" }</h1>
                { language_picker(state.words.lang, &formats.t(Common::language), on_language) }
                <span class="scenario-name">{ name }</span>
                <ScenarioFile doc={state.doc.clone()} on_load={on_load.clone()} on_error={on_load_error.clone()} />
                { undo_buttons(state.history.can_undo(), state.history.can_redo(), on_history, &formats) }
                <button type="button" class="secondary" id="share" title={formats.t(LinkText::share_title)}
                    onclick={on_share.reform(|_: MouseEvent| ())}>{ formats.t(LinkText::share) }</button>
                <button type="button" class="secondary" id="rehearse" title={formats.t(LinkText::rehearse_title)}
                    onclick={on_rehearse}>{ formats.t(LinkText::rehearse) }</button>
                <button type="button" class="secondary" id="postlive" title={formats.t(LinkText::postlive_title)}
                    onclick={on_postlive}>{ formats.t(LinkText::postlive) }</button>
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
            if let Some(why) = &state.storage_problem {
                <div class="notice warning" role="alert" id="storage-warning">{ formats.fill(AppText::not_saved, &[("why", why)]) }</div>
            }
            if let Some(url) = &state.share_link {
                { share_bar(url, on_hide_link, &formats) }
            }
            { notice_bar(&NoticeBarProps { notice: state.notice.clone(), on_undo, on_dismiss, words: state.words.clone() }) }
            <main class="layout">
                <div class="editor-column">
                    { scenario_tabs(&ScenarioTabsProps { names: state.names(), current: state.current, on_tab, words: state.words.clone() }) }
                    <EmbedBuilder doc={state.doc.clone()} scenario={state.scenario.clone()} seed={state.seed} runs={state.runs} formats={formats.clone()} />
                    { library_panel(&LibraryPanelProps { library: state.library.clone(), on_change: on_library, formats: formats.clone() }) }
                    <Editor doc={state.doc.clone()} errors={(*shown).clone()} {on_edit} />
                </div>
                <div class="outcome">
                    if let Some(story) = state.story.clone() {
                        <CaseStoryView {story} lang={lang.clone()} on_close={on_close_story} />
                    }
                    { results(&ResultsProps { progress: state.results.clone(), stale: state.results_stale(), formats: formats.clone(), compact: false }) }
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
pub fn browser_languages() -> Vec<String> {
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
        match load_words(lang, "./", &words).await {
            Ok(words) => dispatcher.dispatch(Action::SetWords(words)),
            Err(why) => {
                let args = [("language", lang.native_name()), ("why", &why)];
                dispatcher.dispatch(Action::LoadFailed(words.fill(AppText::texts_not_loaded, &args)))
            }
        }
    });
}

/// Hands the texts of `lang` to `then` once loaded (English at once: it is built in), for the pages a
/// folder down (rehearsal, post-live); a language that does not load leaves the page as it speaks.
pub fn speak_in_subfolder(lang: Lang, then: impl FnOnce(Words) + 'static) {
    if lang == Lang::En {
        then(Words::english());
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(words) = load_words(lang, "../", &Words::english()).await {
            then(words);
        }
    });
}

/// The texts of `lang` from `{folder}i18n/{code}.json` (the rehearsal page sits one folder down).
pub async fn load_words(lang: Lang, folder: &str, words: &Words) -> Result<Words, String> {
    let text = fetch_text(&format!("{folder}i18n/{}.json", lang.code()), words).await?;
    Words::from_json(lang, &text)
}

crate::texts! { AppText "app" {
    history = "History";
    undo = "↶ Undo";
    undo_title = "Undo the last change (Ctrl+Z)";
    redo = "↷ Redo";
    redo_title = "Redo what was undone (Ctrl+Shift+Z)";
    not_saved = "Your work is not being saved in this browser ({why}): it stays while the page is open; use Save to keep a copy.";
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
/// Opens the link the page was given, or says why it cannot.
fn open_link(
    link: Option<Result<Shared, crate::share::LinkError>>,
    words: &Words,
    dispatcher: &UseReducerDispatcher<State>,
) {
    match link {
        Some(Ok(shared)) => dispatcher.dispatch(Action::OpenShared(shared)),
        Some(Err(error)) => dispatcher.dispatch(Action::LoadFailed(link::link_error_text(&error, words))),
        None => {}
    }
}

/// The link just made, to copy by hand where the clipboard is not allowed.
fn share_bar(url: &str, on_hide: Callback<()>, f: &Formats) -> Html {
    let select_all = Callback::from(|e: FocusEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.select();
    });
    let copy = {
        let url = url.to_owned();
        Callback::from(move |_: MouseEvent| link::copy_to_clipboard(&url))
    };
    html! {
        <div class="notice share" role="status">
            <label for="share-link" class="notice-text">{ f.t(LinkText::made) }</label>
            <input id="share-link" readonly=true value={url.to_owned()} onfocus={select_all} aria-label={f.t(LinkText::link_label)} />
            <button type="button" class="secondary" onclick={copy}>{ f.t(LinkText::copy) }</button>
            <button type="button" class="dismiss" onclick={on_hide.reform(|_: MouseEvent| ())} aria-label={f.t(NoticeText::dismiss)}>{ "×" }</button>
        </div>
    }
}

/// Undo and Redo of the scenarios' history (the keyboard's Ctrl+Z and Ctrl+Shift+Z do the same).
fn undo_buttons(can_undo: bool, can_redo: bool, on_history: Callback<bool>, f: &Formats) -> Html {
    html! {
        <span class="history" role="group" aria-label={f.t(AppText::history)}>
            <button type="button" class="secondary" id="undo" disabled={!can_undo} title={f.t(AppText::undo_title)}
                onclick={on_history.reform(|_: MouseEvent| false)}>{ f.t(AppText::undo) }</button>
            <button type="button" class="secondary" id="redo" disabled={!can_redo} title={f.t(AppText::redo_title)}
                onclick={on_history.reform(|_: MouseEvent| true)}>{ f.t(AppText::redo) }</button>
        </span>
    }
}

pub fn language_picker(current: Lang, label: &str, on_language: Callback<Lang>) -> Html {
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
