//! The post-live page: owns the state and the workers; the views are functions over the state.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::app::{browser_languages, language_picker, speak_in_subfolder};
use crate::app::format::{Formats, for_page};
use crate::app::i18n::{Common, Lang};
use crate::app::link;
use crate::app::postlive::calibrate_view::calibrate_view;
use crate::app::postlive::import::import_panel;
use crate::app::postlive::pool::{Collected, Pool, PoolEvent};
use crate::app::postlive::state::{Move, State};
use crate::app::postlive::versus_view::versus_view;
use crate::app::runner::default_workers;
use crate::app::storage;

/// Mounts the post-live page on the document's body.
pub fn start() {
    yew::Renderer::<PostLivePage>::new().render();
}

#[function_component(PostLivePage)]
pub fn post_live_page() -> Html {
    let state = use_reducer(State::default);

    // The scenario: the link in the address (the app's Post-live button), else the app's open tab.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let (opened, lang) = link::open_from_address();
            match opened {
                Ok(o) => dispatcher.dispatch(Move::Open { doc: o.doc, plan: Rc::new(o.plan), seed: o.seed }),
                Err(why) => dispatcher.dispatch(Move::Problem(why)),
            }
            let lang = lang
                .or_else(|| storage::load_language().and_then(|c| Lang::from_tag(&c)))
                .unwrap_or_else(|| Lang::negotiate(browser_languages().iter().map(String::as_str)));
            speak(lang, dispatcher);
        });
    }

    // The workers, doing what the state asks for: the plan's runs, a calibration's stage, the fit's runs.
    let pool = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| {
            let on_event = Callback::from(move |event: PoolEvent| {
                dispatcher.dispatch(match event {
                    PoolEvent::Progress { job, done, .. } => Move::Progress { job, done },
                    PoolEvent::Done { job, result: Ok(Collected::Records(records)) } => Move::Records { job, records },
                    PoolEvent::Done { job, result: Ok(Collected::Candidates(candidates)) } => {
                        Move::Candidates { job, candidates }
                    }
                    PoolEvent::Done { job, result: Err(error) } => Move::Failed { job, error },
                })
            });
            Pool::new(default_workers(), on_event)
        })
    };
    {
        let requests = state.requests();
        let jobs: Vec<u64> = requests.iter().map(|r| r.job()).collect();
        let pool = pool.clone();
        use_effect_with(jobs, move |_| Pool::sync(&pool, &requests));
    }

    let currency = state.plan.as_ref().map_or_else(|| "USD".to_owned(), |p| p.currency.clone());
    let formats = use_memo((currency, state.words.clone()), |(c, w)| for_page(c, w.clone()));
    let on_language = {
        let dispatcher = state.dispatcher();
        Callback::from(move |lang: Lang| {
            storage::save_language(lang.code());
            speak(lang, dispatcher.clone());
        })
    };
    let dispatch = {
        let dispatcher = state.dispatcher();
        Callback::from(move |m: Move| dispatcher.dispatch(m))
    };

    let f: &Formats = &formats;
    let body = match (&state.problem, &state.plan) {
        (Some(why), _) => link::problem_notice(
            "postlive-problem",
            why,
            &f.words,
            f.t(PostLiveText::no_scenario),
            |why| f.fill(PostLiveText::invalid, &[("why", why)]),
            f.t(PostLiveText::to_app),
        ),
        (None, None) => html! {},
        (None, Some(_)) => html! {
            <>
                { plan_status(&state, f) }
                { import_panel(&state, &formats, &dispatch) }
                { versus_view(&state, &formats) }
                { calibrate_view(&state, &formats, &dispatch) }
            </>
        },
    };
    html! {
        <div class="postlive" lang={state.words.lang.code()}>
            <header class="topbar">
                <h1 class="brand"><a href="../">{ "livesim" }</a></h1>
                <span class="page-name">{ f.t(PostLiveText::page) }</span>
                { language_picker(state.words.lang, &f.t(Common::language), on_language) }
                <span class="scenario-name">{ state.plan.as_ref().map(|p| p.name.clone()).unwrap_or_default() }</span>
            </header>
            <main>{ body }</main>
        </div>
    }
}

/// The plan's runs while they come, or why they did not.
fn plan_status(s: &State, f: &Formats) -> Html {
    let Some(runs) = &s.plan_runs else { return html! {} };
    if let Some(error) = &runs.error {
        return html! { <p class="notice error" role="alert">{ f.fill(PostLiveText::plan_failed, &[("why", error)]) }</p> };
    }
    if runs.result.is_some() {
        return html! {
            <p class="hint" id="plan-status" data-finished="true">
                { f.fill(PostLiveText::plan_done, &[("runs", &f.count(runs.total as f64)), ("seed", &s.seed.to_string())]) }
            </p>
        };
    }
    html! {
        <div class="progress" id="plan-status" data-finished="false" aria-live="polite">
            <progress max={runs.total.max(1).to_string()} value={runs.done.to_string()}></progress>
            <span>{ f.fill(PostLiveText::plan_running, &[("done", &f.count(runs.done as f64)), ("total", &f.count(runs.total as f64))]) }</span>
        </div>
    }
}

/// Switches to `lang` once its texts are loaded.
fn speak(lang: Lang, dispatcher: UseReducerDispatcher<State>) {
    speak_in_subfolder(lang, move |words| dispatcher.dispatch(Move::Words(words)));
}

crate::texts! { PostLiveText "postlive" {
    page = "Post-live";
    no_scenario = "There is no plan to compare with here: open a scenario in livesim and press Post-live.";
    invalid = "This scenario cannot be compared with a live until its problems are fixed: {why}";
    to_app = "Open livesim";
    plan_running = "Simulating the plan: {done} of {total} runs";
    plan_done = "The plan: {runs} simulated lives (seed {seed}).";
    plan_failed = "The plan could not be simulated: {why}";
} }
