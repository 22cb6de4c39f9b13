//! Goal seek: the value of one decision or input at which the chance of meeting a target reaches a goal, sought one value at a time on the workers; the answer with its interval, every value tried, and a button to apply a decision's answer.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::decide::batch_progress;

use crate::app::components::kpi_cards::{format_kpi, kpi_label};
use crate::app::components::optimize_view::{decision_fieldset, kpi_options, on_input, value_of};
use crate::app::format::{Decimals, Formats};
use crate::app::optimise::{Choice, GoalSetup, VarSetup, default_range};
use crate::app::snap::Snap;
use crate::app::state::{BatchRun, GoalRun};
use crate::engine::Kpi;
use crate::engine::decision::Decision;
use crate::engine::goalseek::{GoalSeek, Status};
use crate::engine::optimize::{Cmp, Event as Target};
use crate::engine::scenario::Scenario;

pub struct GoalSeekViewProps {
    pub setup: GoalSetup,
    /// The decisions and inputs the scenario offers (empty while it has problems).
    pub menu: Rc<Vec<Choice>>,
    pub scenario: Option<Snap<Scenario>>,
    /// The search under way, done or cancelled.
    pub run: Option<Rc<GoalRun>>,
    /// The batch of the value being tried.
    pub batch: Option<BatchRun>,
    pub stale: bool,
    pub formats: Rc<Formats>,
    pub on_setup: Callback<GoalSetup>,
    pub on_run: Callback<()>,
    pub on_cancel: Callback<()>,
    /// Apply the answer to the scenario.
    pub on_apply: Callback<()>,
}

/// How a control changes the form, given the control's value.
type Change = Rc<dyn Fn(&mut GoalSetup, String)>;

pub fn goal_seek_view(props: &GoalSeekViewProps) -> Html {
    let f: &Formats = &props.formats;
    let s = &props.setup;
    // Every control sends the whole form back up, changed by `change`.
    let update = |change: Change| {
        let (setup, on_setup) = (s.clone(), props.on_setup.clone());
        Callback::from(move |e: Event| {
            let mut next = setup.clone();
            change(&mut next, value_of(&e));
            on_setup.emit(next);
        })
    };
    let choose = {
        let (menu, scenario) = (props.menu.clone(), props.scenario.clone());
        update(Rc::new(move |s: &mut GoalSetup, decision: String| {
            let choice = menu.iter().find(|c| c.decision.to_string() == decision);
            let (from, to) = match (choice, scenario.as_deref()) {
                (Some(c), Some(sc)) => {
                    let (from, to, _) = default_range(c, sc);
                    (from.to_string(), to.to_string())
                }
                _ => Default::default(),
            };
            s.var = VarSetup { decision, from, to, step: String::new() };
        }))
    };
    let kpi = update(Rc::new(|s: &mut GoalSetup, t: String| {
        if let Some(k) = Kpi::from_name(&t) {
            // A new KPI is met the way its target is, until told otherwise.
            (s.kpi, s.cmp) = (k, Target::target(k, 0.0).cmp);
        }
    }));
    let cmp = update(Rc::new(|s: &mut GoalSetup, t: String| s.cmp = if t == "le" { Cmp::Le } else { Cmp::Ge }));
    let threshold = update(Rc::new(|s: &mut GoalSetup, t: String| s.threshold = t));
    let run = props.run.as_deref();
    let controls = match run.and_then(|r| r.need.map(|v| (r, v))) {
        Some((r, value)) => {
            let (done, total) = props.batch.as_ref().map_or((0, 1), |b| (b.done, b.total));
            let doing = html! {
                <span id="goal-step">{ f.fill(GoalText::step, &[
                    ("n", &f.count((r.points.len() + 1) as f64)),
                    ("value", &sought(f, r.spec.tolerance).format(value)),
                ]) }</span>
            };
            batch_progress(f, &f.t(GoalText::progress), done, total, doing, &props.on_cancel)
        }
        None => html! {
            <button type="button" class="primary" id="run-goalseek" disabled={s.var.decision.is_empty()}
                onclick={props.on_run.reform(|_: MouseEvent| ())}>{ f.t(GoalText::seek) }</button>
        },
    };
    let set = |set: fn(&mut VarSetup, String)| update(Rc::new(move |s: &mut GoalSetup, t| set(&mut s.var, t)));
    let decision = decision_fieldset(
        ("goal-decision".to_owned(), "goal".to_owned(), "precision"),
        (&f.t(GoalText::decision_legend), &f.t(GoalText::choose), &f.t(GoalText::precision)),
        &props.menu,
        Some(&s.var).filter(|v| !v.decision.is_empty()),
        f,
        choose,
        &set,
    );
    let goal = update(Rc::new(|s: &mut GoalSetup, t: String| s.goal = t));
    let form = html! {
        <div class="opt-form">
            { decision }
            <fieldset>
                <legend>{ f.t(GoalText::goal_legend) }</legend>
                { f.t(GoalText::chance_that) }
                <select id="goal-kpi" aria-label={f.t(GoalText::kpi)} onchange={kpi}>{ kpi_options(f, s.kpi) }</select>
                <select id="goal-cmp" aria-label={f.t(GoalText::comparison)} onchange={cmp}>
                    <option value="ge" selected={s.cmp == Cmp::Ge}>{ "≥" }</option>
                    <option value="le" selected={s.cmp == Cmp::Le}>{ "≤" }</option>
                </select>
                <input type="text" inputmode="decimal" size="9" id="goal-threshold" aria-label={f.t(GoalText::target)} placeholder={f.t(GoalText::its_target)} value={s.threshold.clone()} oninput={on_input(threshold)} />
                <label class="inline-field">{ f.t(GoalText::reaches) }
                    <input type="text" inputmode="decimal" size="3" id="goal-chance" value={s.goal.clone()} oninput={on_input(goal)} />{ "%" }
                </label>
            </fieldset>
        </div>
    };
    html! {
        <div class="goalseek-view">
            <div class="results-head">
                <h2>{ f.t(GoalText::title) }</h2>
                { controls }
            </div>
            { form }
            { run.map(|r| outcome(r, props, f)).unwrap_or_default() }
        </div>
    }
}

/// The answer (or why there is none) and every value tried.
fn outcome(r: &GoalRun, props: &GoalSeekViewProps, f: &Formats) -> Html {
    let value = sought(f, r.spec.tolerance);
    let d = &r.spec.decision;
    let name = props.menu.iter().find(|c| c.decision == *d).map_or_else(|| d.to_string(), |c| c.label.clone());
    // An input's answer reads as a condition on it, by its path.
    let subject = match d {
        Decision::Input(path) => path.clone(),
        _ => name.clone(),
    };
    let answer = r.result.as_ref().and_then(|g| g.answer);
    let is_input = matches!(d, Decision::Input(_));
    let head = match &r.result {
        Some(g) => Some(summary(g, &subject, f, &value, r.elapsed_ms)),
        None if r.need.is_none() => {
            let text = f.fill(GoalText::cancelled, &[("n", &f.count(r.points.len() as f64))]);
            Some(("cancelled", text, String::new()))
        }
        None => None,
    };
    let head = head.map(|(status, text, details)| {
        html! {
            <div class="opt-best" id="goal-answer" data-status={status}>
                <p class="goal-text">{ text }</p>
                <p class="muted">{ details }</p>
                if let (Some(a), false) = (answer, is_input) {
                    <button type="button" class="primary" id="apply-goal" disabled={props.stale}
                        onclick={props.on_apply.reform(|_: MouseEvent| ())}>{ f.fill(GoalText::apply, &[("value", &value.format(a))]) }</button>
                }
            </div>
        }
    });
    let rows = r.points.iter().map(|p| {
        let interval = p.lo.zip(p.hi).map(|(lo, hi)| format!("{} – {}", f.percent(lo), f.percent(hi)));
        html! {
            <tr class={(answer == Some(p.value)).then_some("best")}>
                <td>{ value.format(p.value) }</td>
                <td>{ p.p.map(|p| f.percent(p)).unwrap_or_default() }</td>
                <td>{ interval.or_else(|| p.invalid.clone()).unwrap_or_default() }</td>
            </tr>
        }
    });
    html! {
        <div class={if props.stale { "opt-result stale" } else { "opt-result" }}>
            if props.stale {
                <p class="notice-inline">{ f.t(GoalText::stale) }</p>
            }
            { head.unwrap_or_default() }
            <div class="data-table">
                <table class="opt-table" id="goal-points">
                    <thead><tr>
                        <th scope="col">{ name }</th><th scope="col">{ f.t(GoalText::chance) }</th><th scope="col">{ f.t(GoalText::interval) }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </div>
    }
}

/// The search's status, what it found and how: the answer with its interval, or why there is none.
/// `value` formats the values of the search (see [`sought`]).
fn summary(g: &GoalSeek, name: &str, f: &Formats, value: &Decimals, elapsed_ms: f64) -> (&'static str, String, String) {
    let e = g.event;
    let sign = if e.cmp == Cmp::Le { "≤" } else { "≥" };
    let target = format!("{} {sign} {}", kpi_label(f, e.kpi), format_kpi(f, e.kpi, e.threshold));
    let chance = f.fill(GoalText::chance_of, &[("target", &target)]);
    let goal = f.percent(g.goal);
    let (from, to) = (value.format(g.bracket.0), value.format(g.bracket.1));
    let best = g.best_end.as_ref().map(|p| {
        f.fill(GoalText::chance_at, &[("chance", &f.percent(p.p.unwrap_or(0.0))), ("value", &value.format(p.value))])
    });
    let best = best.unwrap_or_default();
    let end = |x: Option<f64>| x.map_or_else(|| f.t(GoalText::beyond_bracket), |v| value.format(v));
    let (status, text) = match g.status {
        Status::Found if matches!(g.decision, Decision::Input(_)) => {
            let (lo, hi) = g.interval.unwrap_or_default();
            let answer = value.format(g.answer.unwrap_or_default());
            // The end of the bracket that reaches the goal says which way the input must turn out.
            let above = g.points.last().and_then(|p| p.p).is_some_and(|p| p >= g.goal);
            let key = if above { GoalText::found_input_at_least } else { GoalText::found_input_at_most };
            let base = value.format(g.base);
            let (lo, hi) = (end(lo), end(hi));
            let args = [("name", name), ("answer", &answer), ("chance", &chance), ("goal", &goal)];
            ("found", f.fill(key, &[&args[..], &[("lo", &lo), ("hi", &hi), ("base", &base)]].concat()))
        }
        Status::Found => {
            let (lo, hi) = g.interval.unwrap_or_default();
            let answer = value.format(g.answer.unwrap_or_default());
            let (lo, hi) = (end(lo), end(hi));
            let args =
                [("name", name), ("answer", &answer), ("chance", &chance), ("goal", &goal), ("lo", &lo), ("hi", &hi)];
            ("found", f.fill(GoalText::found, &args))
        }
        Status::OutOfReach => {
            let args = [("chance", &*chance), ("goal", &goal), ("from", &from), ("to", &to), ("best", &best)];
            ("out_of_reach", f.fill(GoalText::out_of_reach, &args))
        }
        Status::MetAtBothEnds => {
            let args = [("chance", &*chance), ("goal", &goal), ("from", &from), ("to", &to), ("best", &best)];
            ("met_at_both_ends", f.fill(GoalText::met_at_both_ends, &args))
        }
        Status::Invalid => {
            let bad = g.points.iter().find_map(|p| Some((p.value, p.invalid.as_deref()?)));
            let (bad_value, why) = bad.unwrap_or_default();
            let args = [("name", name), ("value", &value.format(bad_value)), ("why", why)];
            ("invalid", f.fill(GoalText::invalid, &args))
        }
    };
    let mut details = f.fill(
        GoalText::details,
        &[
            ("values", &f.count(g.points.len() as f64)),
            ("runs", &f.count(g.runs as f64)),
            ("seed", &g.seed.to_string()),
            ("steps", &f.count(g.iterations as f64)),
            ("tolerance", &f.precise(g.tolerance)),
            ("seconds", &f.tenths(elapsed_ms / 1000.0)),
        ],
    );
    if !g.monotone {
        details.push(' ');
        details.push_str(&f.t(GoalText::not_monotone));
    }
    (status, text, details)
}

/// Values of a search to the decimals its precision reaches (at least two): a share
/// sought to 0.00006 shows 0.06943, a discount sought to 0.04 shows 7.03.
fn sought(f: &Formats, tolerance: f64) -> Decimals {
    f.decimals((-tolerance.log10()).ceil().max(0.0) as u32)
}

crate::texts! { GoalText "goal" {
    title = "What setting reaches a goal?";
    progress = "Goal seek progress";
    step = "Step {n}: trying {value}";
    seek = "Seek";
    decision_legend = "Decision or input, and bracket";
    choose = "choose…";
    precision = "Precision";
    goal_legend = "Goal";
    chance_that = "Chance that";
    kpi = "KPI";
    comparison = "Comparison";
    target = "Target";
    its_target = "its target";
    reaches = "reaches";
    cancelled = "Cancelled after {n} values.";
    apply = "Apply {value} to the scenario";
    chance = "Chance";
    interval = "90 % interval";
    stale = "The scenario has changed since this goal seek: run it again to update it.";
    chance_of = "the chance of {target}";
    chance_at = "{chance} at {value}";
    beyond_bracket = "beyond the bracket";
    found_input_at_least = "If {name} turns out at least {answer}, {chance} reaches {goal} (90 % interval {lo} to {hi}); now {base}. An input is not a setting: the scenario keeps it as it is.";
    found_input_at_most = "If {name} turns out at most {answer}, {chance} reaches {goal} (90 % interval {lo} to {hi}); now {base}. An input is not a setting: the scenario keeps it as it is.";
    found = "{name} = {answer}: {chance} reaches {goal} (90 % interval {lo} to {hi}).";
    out_of_reach = "Out of reach: {chance} stays below {goal} from {from} to {to} (best end: {best}).";
    met_at_both_ends = "Met at both ends: {chance} reaches {goal} at {from} and at {to} (best end: {best}); widen the bracket.";
    invalid = "{name} = {value} is not a valid scenario: {why}.";
    details = "{values} values × {runs} runs on common random numbers (seed {seed}), {steps} bisection steps to within {tolerance}, in {seconds} s.";
    not_monotone = "The chance does not move one way over the values tried: there may be other crossings.";
} }
