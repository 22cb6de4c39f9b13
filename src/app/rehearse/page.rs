//! The rehearsal page: owns the state, the clock, the shortcuts and the workers that run the plan's band.

use std::rc::Rc;

use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::components::app::{browser_languages, language_picker, speak_in_subfolder};
use crate::app::format::for_page;
use crate::app::i18n::{Common, Lang};
use crate::app::link;
use crate::app::rehearse::controls::{ControlsProps, controls};
use crate::app::rehearse::dashboard::{DashboardProps, dashboard};
use crate::app::rehearse::debrief::{DebriefProps, debrief};
use crate::app::rehearse::setup::{SetupProps, setup};
use crate::app::rehearse::state::{Goal, Move, PLAN_RUNS, Phase, Problem, State, TICK_MS, shortcut};
use crate::app::runner::{Runner, Source};
use crate::app::storage;
use crate::engine::outputs::Kpi;
use crate::share::Shared;

/// Mounts the rehearsal page on the document's body.
pub fn start() {
    yew::Renderer::<RehearsalPage>::new().render();
}

#[function_component(RehearsalPage)]
pub fn rehearsal_page() -> Html {
    let state = use_reducer(State::default);

    // The scenario: the link in the address (a challenge or the app's Rehearse button), else the app's open tab.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let (opened, lang) = open_from_address();
            match opened {
                Ok(m) => dispatcher.dispatch(m),
                Err(why) => dispatcher.dispatch(Move::Problem(why)),
            }
            let lang = lang
                .or_else(|| storage::load_language().and_then(|c| Lang::from_tag(&c)))
                .unwrap_or_else(|| Lang::negotiate(browser_languages().iter().map(String::as_str)));
            speak(lang, dispatcher);
        });
    }

    // The plan's own runs, for the p10-p90 bands and the debrief's percentiles.
    let runner = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| {
            let on_progress = Callback::from(move |p| dispatcher.dispatch(Move::PlanRuns(p)));
            Runner::new(2, on_progress, Callback::noop())
        })
    };
    {
        let runner = runner.clone();
        let (plan, doc, seed) = (state.plan.clone(), state.doc.clone(), state.seed);
        use_effect_with((plan.as_ref().map(|p| Rc::as_ptr(p) as usize), seed), move |_| {
            if let (Some(plan), Some(doc)) = (plan, doc) {
                Runner::start(&runner, Source::of(&doc), plan, seed, PLAN_RUNS, seed);
            }
        });
    }

    // The clock: ticks while the live plays.
    {
        let dispatcher = state.dispatcher();
        let playing = state.phase == Phase::Live && !state.paused;
        use_effect_with(playing, move |&playing| {
            let interval = playing.then(|| Interval::new(TICK_MS, move || dispatcher.dispatch(Move::Tick)));
            move || drop(interval)
        });
    }

    // Shortcuts, anywhere but in a form field.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = crate::app::events::on_key(Callback::from(move |e: KeyboardEvent| {
                let typing = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON"));
                if typing || e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                if let Some(command) = shortcut(&e.key()) {
                    e.prevent_default();
                    dispatcher.dispatch(Move::Command(command));
                }
            }));
            move || drop(listener)
        });
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
    let on_challenge = {
        let state = state.clone();
        Callback::from(move |()| {
            let Some(doc) = &state.doc else { return };
            let shared = Shared {
                goal: state.goal.map(|g| crate::share::Goal { kpi: g.kpi.name().to_owned(), target: g.target }),
                ..Shared::new((**doc).clone(), state.seed, PLAN_RUNS, Some(state.words.lang.code().to_owned()))
            };
            if let Some(url) = link::link_to(&shared) {
                link::copy_to_clipboard(&url);
                if let Some(window) = web_sys::window() {
                    // The address becomes the challenge too: a reload opens the same one.
                    let _ = window.location().set_hash(&url[url.find('#').map_or(0, |i| i + 1)..]);
                }
                state.dispatch(Move::ChallengeLink(url));
            }
        })
    };

    let body = match (&state.problem, &state.plan) {
        (Some(why), _) => link::problem_notice(
            "rehearsal-problem",
            why,
            &formats.words,
            formats.t(PageText::no_scenario),
            |why| formats.fill(PageText::invalid, &[("why", why)]),
            formats.t(PageText::to_app),
        ),
        (None, None) => html! {},
        (None, Some(plan)) => match state.phase {
            Phase::Setup => setup(&SetupProps {
                plan: plan.clone(),
                seed: state.seed,
                goal: state.goal,
                speed: state.speed,
                challenge_link: state.challenge_link.clone(),
                on_move: dispatch.clone(),
                on_challenge,
                formats: formats.clone(),
            }),
            Phase::Live | Phase::Over => html! {
                <>
                    { if state.phase == Phase::Over { debrief(&DebriefProps { state: (*state).clone().into(), formats: formats.clone(), on_move: dispatch.clone() }) } else { html! {} } }
                    { dashboard(&DashboardProps { state: (*state).clone().into(), formats: formats.clone(), on_move: dispatch.clone() }) }
                    { if state.phase == Phase::Live { controls(&ControlsProps { state: (*state).clone().into(), formats: formats.clone(), on_move: dispatch.clone() }) } else { html! {} } }
                </>
            },
        },
    };
    html! {
        <div class="rehearsal" lang={state.words.lang.code()}>
            <header class="topbar">
                <h1 class="brand"><a href="../">{ "livesim" }</a></h1>
                { language_picker(state.words.lang, &formats.t(Common::language), on_language) }
                <span class="scenario-name">{ state.plan.as_ref().map(|p| p.name.clone()).unwrap_or_default() }</span>
            </header>
            <main>{ body }</main>
        </div>
    }
}

/// What the address opens, as the rehearsal's move.
fn open_from_address() -> (Result<Move, Problem>, Option<Lang>) {
    let (opened, lang) = link::open_from_address();
    let opened = opened.map(|o| {
        let goal = o.goal.as_ref().and_then(|g| Some(Goal { kpi: Kpi::from_name(&g.kpi)?, target: g.target }));
        Move::Open { doc: o.doc, plan: Rc::new(o.plan), seed: o.seed, goal }
    });
    (opened, lang)
}

/// Switches to `lang` once its texts are loaded.
fn speak(lang: Lang, dispatcher: UseReducerDispatcher<State>) {
    speak_in_subfolder(lang, move |words| dispatcher.dispatch(Move::Words(words)));
}

crate::texts! { PageText "rehearse" {
    no_scenario = "There is no scenario to rehearse here: open one in livesim and press Rehearse, or open a challenge link.";
    invalid = "This scenario cannot be rehearsed until its problems are fixed: {why}";
    to_app = "Open livesim";
} }
