//! Before the live: the audience (seed), the speed, a goal, the challenge link, and Start.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::draft_input::DraftInput;
use crate::app::components::kpi_cards::{format_kpi, kpi_label};
use crate::app::format::Formats;
use crate::app::rehearse::state::{GOAL_KPIS, Goal, Move};
use crate::engine::outputs::Kpi;
use crate::engine::plan::Plan;

#[derive(Clone, PartialEq, Properties)]
pub struct SetupProps {
    pub plan: Rc<Plan>,
    pub seed: u64,
    pub goal: Option<Goal>,
    pub speed: u32,
    pub challenge_link: Option<String>,
    pub on_move: Callback<Move>,
    pub on_challenge: Callback<()>,
    pub formats: Rc<Formats>,
}

fn input_value(e: &Event) -> String {
    e.target_unchecked_into::<web_sys::HtmlInputElement>().value()
}

pub fn setup(props: &SetupProps) -> Html {
    let f = &props.formats;
    let on_move = &props.on_move;
    let on_seed = Callback::from({
        let on_move = on_move.clone();
        move |text: String| {
            // Not a whole number: the seed in force stays (and shows again).
            if let Ok(seed) = text.trim().parse::<u64>() {
                on_move.emit(Move::SetSeed(seed));
            }
        }
    });
    let on_speed = on_move.reform(|e: Event| Move::SetSpeed(input_value(&e).parse().unwrap_or(3)));
    let goal = props.goal;
    let on_goal_kpi = on_move.reform(move |e: Event| {
        let kpi = Kpi::from_name(&input_value(&e));
        Move::SetGoal(kpi.map(|kpi| Goal { kpi, target: goal.map_or(0.0, |g| g.target) }))
    });
    let on_goal_target = Callback::from({
        let on_move = on_move.clone();
        move |text: String| {
            // Not a number: the target in force stays (and shows again).
            let target = text.trim().replace(',', ".").parse::<f64>().ok().filter(|t| t.is_finite());
            if let (Some(target), Some(g)) = (target, goal) {
                on_move.emit(Move::SetGoal(Some(Goal { target, ..g })));
            }
        }
    });
    let plan = &props.plan;
    html! {
        <section class="panel rehearsal-setup" id="rehearsal-setup">
            <h2>{ f.t(SetupText::title) }</h2>
            <p class="hint">{ f.fill(SetupText::intro, &[("minutes", &f.count(f64::from(plan.duration))), ("items", &f.count(plan.items.len() as f64))]) }</p>
            <div class="setup-grid">
                <label>{ f.t(SetupText::audience) }
                    <DraftInput id="rehearsal-seed" kind="number" min="0" step="1" value={props.seed.to_string()} on_commit={on_seed} />
                    <small>{ f.t(SetupText::audience_hint) }</small>
                </label>
                <label>{ f.t(SetupText::speed) }
                    <select id="rehearsal-speed" onchange={on_speed}>
                        { for (1..=10u32).map(|s| html! {
                            <option value={s.to_string()} selected={s == props.speed}>{ f.fill(SetupText::seconds_per_minute, &[("s", &f.count(f64::from(s)))]) }</option>
                        }) }
                    </select>
                </label>
                <label>{ f.t(SetupText::goal) }
                    <select id="goal-kpi" onchange={on_goal_kpi}>
                        <option value="" selected={goal.is_none()}>{ f.t(SetupText::no_goal) }</option>
                        { for GOAL_KPIS.iter().map(|&k| html! {
                            <option value={k.name()} selected={goal.is_some_and(|g| g.kpi == k)}>{ kpi_label(f, k) }</option>
                        }) }
                    </select>
                </label>
                { if let Some(g) = goal { html! {
                    <label>{ f.t(SetupText::at_least) }
                        <DraftInput id="goal-target" kind="number" step="any" value={g.target.to_string()} on_commit={on_goal_target} />
                        <small>{ format_kpi(f, g.kpi, g.target) }</small>
                    </label>
                } } else { html! {} } }
            </div>
            <p class="actions">
                <button type="button" id="start-rehearsal" onclick={on_move.reform(|_: MouseEvent| Move::Start)}>{ f.t(SetupText::start) }</button>
                <button type="button" class="secondary" id="challenge" title={f.t(SetupText::challenge_title)}
                    onclick={props.on_challenge.reform(|_: MouseEvent| ())}>{ f.t(SetupText::challenge) }</button>
            </p>
            { for props.challenge_link.as_ref().map(|url| html! {
                <p class="share-bar">{ f.t(SetupText::challenge_made) }
                    <input id="challenge-link" readonly=true value={url.clone()} aria-label={f.t(SetupText::challenge)} />
                </p>
            }) }
        </section>
    }
}

crate::texts! { SetupText "rehearse_setup" {
    title = "Rehearse this live";
    intro = "A {minutes}-minute live with {items} items, played in real time: the audience arrives, chat scrolls, sales tick. Follow the rundown or take over; a debrief compares what you did with the plan.";
    audience = "Audience (seed)";
    audience_hint = "The same number gives the same audience: use it to replay or to set a class the same live.";
    speed = "Speed";
    seconds_per_minute = "1 live minute = {s} s";
    goal = "Goal";
    no_goal = "No goal";
    at_least = "At least";
    start = "▶ Start the live";
    challenge = "Copy challenge link";
    challenge_title = "A link that opens this scenario, audience and goal for anyone: a class faces the same live";
    challenge_made = "Challenge link (copied to the clipboard where the browser allows):";
} }
