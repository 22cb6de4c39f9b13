//! After the live: the outcome in the plan's distribution, the goal, each action's effect, the biggest missed opportunity.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::kpi_cards::{format_kpi, kpi_label};
use crate::app::format::Formats;
use crate::app::rehearse::controls::describe;
use crate::app::rehearse::state::{Move, State};
use crate::engine::outputs::Kpi;
use crate::engine::rehearsal::{Window, effect, percentile_of};

/// Minutes before and after an action that its effect is read over.
const SPAN: u32 = 5;

#[derive(Clone, PartialEq, Properties)]
pub struct DebriefProps {
    pub state: Rc<State>,
    pub formats: Rc<Formats>,
    pub on_move: Callback<Move>,
}

pub fn debrief(props: &DebriefProps) -> Html {
    use DebriefText as T;
    let (s, f) = (&props.state, &props.formats);
    let (Some(plan), Some(d)) = (&s.plan, &s.debrief) else { return html! {} };
    let names = s.item_names();
    let value = |kpi: Kpi| d.outputs.kpis.get(kpi);
    let standing = |kpi: Kpi, runs: Option<&Vec<f64>>| -> String {
        let Some(v) = value(kpi) else { return String::new() };
        let plan_same = d.plan_outputs.kpis.get(kpi).map_or_else(String::new, |p| format_kpi(f, kpi, p));
        let pct = runs.and_then(|r| percentile_of(r, v));
        let place = match pct {
            Some(p) => f.fill(
                T::percentile,
                &[("p", &f.count((p * 100.0).round())), ("runs", &f.count(runs.map_or(0, Vec::len) as f64))],
            ),
            None => f.t(T::percentile_coming),
        };
        f.fill(T::standing, &[("value", &format_kpi(f, kpi, v)), ("place", &place), ("plan", &plan_same)])
    };
    let finished = s.plan_runs.as_ref().filter(|p| p.finished);
    let revenue_runs = finished.map(|p| &*p.revenue);
    let contribution_runs = finished.map(|p| &*p.contribution);
    let goal = s.goal.map(|g| {
        let got = value(g.kpi);
        let met = got.is_some_and(|v| v >= g.target);
        let args = [("kpi", kpi_label(f, g.kpi)), ("target", format_kpi(f, g.kpi, g.target)), ("got", got.map_or_else(String::new, |v| format_kpi(f, g.kpi, v)))];
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        html! { <p id="goal-result" class={classes!("goal", if met { "met" } else { "missed" })}>{ f.fill(if met { T::goal_met } else { T::goal_missed }, &args) }</p> }
    });
    let window = |w: Option<Window>| {
        w.map_or_else(
            || "–".to_owned(),
            |w| f.fill(T::window, &[("orders", &f.tenths(w.orders)), ("viewers", &f.count(w.viewers.round()))]),
        )
    };
    let missed = match d.missed {
        Some(m) => {
            let what = describe(f, &s.log[m.action].action, &names, &plan.kinds);
            f.fill(
                T::missed,
                &[
                    ("action", &what),
                    ("to", &f.count(f64::from(m.to))),
                    ("from", &f.count(f64::from(m.from))),
                    ("gain", &format_kpi(f, m.kpi, m.gain)),
                    ("kpi", &kpi_label(f, m.kpi)),
                ],
            )
        }
        None if s.log.is_empty() => f.t(T::no_actions),
        None => f.t(T::nothing_missed),
    };
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    html! {
        <section class="panel debrief" id="debrief">
            <h2>{ f.t(T::title) }</h2>
            <p class="hint">{ f.fill(T::audience, &[("seed", &s.seed.to_string()), ("name", &plan.name)]) }</p>
            { for goal }
            <dl class="standing">
                <dt>{ kpi_label(f, Kpi::Revenue) }</dt><dd id="debrief-revenue">{ standing(Kpi::Revenue, revenue_runs) }</dd>
                <dt>{ kpi_label(f, Kpi::Contribution) }</dt><dd id="debrief-contribution">{ standing(Kpi::Contribution, contribution_runs) }</dd>
                <dt>{ kpi_label(f, Kpi::Orders) }</dt><dd>{ value(Kpi::Orders).map(|v| format_kpi(f, Kpi::Orders, v)).unwrap_or_default() }</dd>
            </dl>
            <h3>{ f.t(T::missed_title) }</h3>
            <p id="missed">{ missed }</p>
            <h3>{ f.t(T::timeline) }</h3>
            { if s.log.is_empty() { html! { <p class="hint">{ f.t(T::no_actions) }</p> } } else { html! {
                <table class="timeline" id="debrief-timeline">
                    <thead><tr><th>{ f.t(T::minute) }</th><th>{ f.t(T::action) }</th><th>{ f.t(T::before) }</th><th>{ f.t(T::after) }</th></tr></thead>
                    <tbody>
                    { for s.log.iter().map(|e| {
                        let fx = effect(&d.outputs.minutes, e.minute, SPAN);
                        html! { <tr>
                            <td class="num">{ f.count(f64::from(e.minute)) }</td>
                            <td>{ describe(f, &e.action, &names, &plan.kinds) }</td>
                            <td>{ window(fx.before) }</td>
                            <td>{ window(fx.after) }</td>
                        </tr> }
                    }) }
                    </tbody>
                </table>
            } } }
            <p class="actions no-print">
                <button type="button" id="print-debrief" onclick={print}>{ f.t(T::print) }</button>
                <button type="button" class="secondary" id="again" onclick={props.on_move.reform(|_: MouseEvent| Move::Again)}>{ f.t(T::again) }</button>
            </p>
        </section>
    }
}

crate::texts! { DebriefText "rehearse_debrief" {
    title = "Debrief";
    audience = "{name}, audience {seed}.";
    standing = "{value}: {place}. The plan alone, on this same audience: {plan}.";
    percentile = "percentile {p} of the plan's {runs} simulated lives";
    percentile_coming = "the plan's lives are still being simulated";
    goal_met = "Goal met: {kpi} {got}, at least {target}.";
    goal_missed = "Goal missed: {kpi} {got}, the goal was at least {target}.";
    missed_title = "Biggest missed opportunity";
    missed = "Moving “{action}” from minute {from} to minute {to} would have added {gain} of {kpi} with this same audience.";
    nothing_missed = "No single action moved earlier or later (by 2 to 15 minutes) would have done better with this audience.";
    no_actions = "You took no actions: the live followed the plan.";
    timeline = "What you did, and what followed";
    minute = "Minute";
    action = "Action";
    before = "5 min before";
    after = "5 min from it";
    window = "{orders} orders/min, {viewers} viewers";
    print = "Print or save as PDF";
    again = "Rehearse again";
} }
