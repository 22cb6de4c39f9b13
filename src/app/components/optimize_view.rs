//! Optimise one or two decisions: the form (decisions and ranges, objective, constraints), then the response curve or heat map with its uncertainty, the best feasible setting and a button to apply it.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::components::decide::runs_progress;
use crate::app::components::draft_input::DraftInput;

use crate::app::components::kpi_cards::{format_kpi, kpi_label};
use crate::app::components::response_chart::ResponseChart;
use crate::app::format::Formats;
use crate::app::optimise::{Choice, MeasureKind, Setup, VarSetup, default_range};
use crate::app::snap::Snap;
use crate::app::state::{BatchRun, OptimizeResult};
use crate::engine::Kpi;
use crate::engine::optimize::{CandidateResult, Measure, Optimization};
use crate::engine::scenario::Scenario;

pub struct OptimizeViewProps {
    pub setup: Setup,
    /// The decisions the scenario offers (empty while it has problems).
    pub menu: Rc<Vec<Choice>>,
    pub scenario: Option<Snap<Scenario>>,
    pub batch: Option<BatchRun>,
    pub result: Option<OptimizeResult>,
    pub stale: bool,
    pub runs: u64,
    pub formats: Rc<Formats>,
    pub on_setup: Callback<Setup>,
    pub on_run: Callback<()>,
    pub on_cancel: Callback<()>,
    /// Apply the best candidate's values to the scenario.
    pub on_apply: Callback<()>,
}

/// The value of the input or select an event came from.
pub fn value_of(e: &Event) -> String {
    use wasm_bindgen::JsCast;
    let target = e.target_unchecked_into::<web_sys::Element>();
    target
        .dyn_ref::<HtmlInputElement>()
        .map(HtmlInputElement::value)
        .or_else(|| target.dyn_ref::<HtmlSelectElement>().map(HtmlSelectElement::value))
        .unwrap_or_default()
}

/// A text box's callback on every keystroke rather than when it is left: the form
/// then always holds what is typed, so a re-render (progress comes many times a
/// second) never puts the older text back under the user's fingers.
pub fn on_input(change: Callback<Event>) -> Callback<InputEvent> {
    change.reform(Event::from)
}

/// How a control changes the form, given the control's value.
type Change = Rc<dyn Fn(&mut Setup, String)>;

pub fn optimize_view(props: &OptimizeViewProps) -> Html {
    let f = &props.formats;
    // Every control sends the whole form back up, changed by `change`.
    let commit = |change: Change| {
        let (setup, on_setup) = (props.setup.clone(), props.on_setup.clone());
        Callback::from(move |text: String| {
            let mut next = setup.clone();
            change(&mut next, text);
            on_setup.emit(next);
        })
    };
    let update = |change: Change| commit(change).reform(|e: Event| value_of(&e));
    let choose = |slot: usize| {
        let (menu, scenario) = (props.menu.clone(), props.scenario.clone());
        update(Rc::new(move |s: &mut Setup, text: String| {
            if text.is_empty() {
                s.vars.truncate(slot);
                return;
            }
            let Some(choice) = menu.iter().find(|c| c.decision.to_string() == text) else { return };
            let (from, to, step) =
                scenario.as_deref().map_or((choice.base, choice.base, 1.0), |sc| default_range(choice, sc));
            let var = VarSetup { decision: text, from: from.to_string(), to: to.to_string(), step: step.to_string() };
            if slot < s.vars.len() {
                s.vars[slot] = var;
            } else {
                s.vars.push(var);
            }
        }))
    };
    let vars = (0..2).filter(|&slot| slot <= props.setup.vars.len()).map(|slot| {
        let set = |set: fn(&mut VarSetup, String)| {
            update(Rc::new(move |s: &mut Setup, text| {
                if let Some(v) = s.vars.get_mut(slot) {
                    set(v, text);
                }
            }))
        };
        let (legend, none) = if slot == 0 {
            (f.t(OptimizeViewText::decision), f.t(OptimizeViewText::choose))
        } else {
            (f.t(OptimizeViewText::second_decision), f.t(OptimizeViewText::none))
        };
        let step = f.t(OptimizeViewText::step);
        let ids = (format!("opt-decision-{slot}"), format!("opt-{slot}"), "step");
        decision_fieldset(ids, (&legend, &none, &step), &props.menu, props.setup.vars.get(slot), f, choose(slot), &set)
    });
    let measure = update(Rc::new(|s: &mut Setup, t: String| {
        s.measure = match t.as_str() {
            "median" => MeasureKind::Median,
            "chance" => MeasureKind::Chance,
            _ => MeasureKind::Mean,
        }
    }));
    let kpi = update(Rc::new(|s: &mut Setup, t: String| s.kpi = Kpi::from_name(&t).unwrap_or(s.kpi)));
    let threshold = update(Rc::new(|s: &mut Setup, t: String| s.threshold = t));
    let limit = |pick: fn(&mut Setup) -> &mut Option<f64>, default: f64| {
        commit(Rc::new(move |s: &mut Setup, t: String| {
            let slot = pick(s);
            *slot = match t.trim().parse::<f64>() {
                Ok(pct) if (0.0..=100.0).contains(&pct) => Some(pct / 100.0),
                _ => slot.or(Some(default)),
            };
        }))
    };
    let toggle = |pick: fn(&mut Setup) -> &mut Option<f64>, default: f64| {
        let (setup, on_setup) = (props.setup.clone(), props.on_setup.clone());
        Callback::from(move |e: Event| {
            let mut next = setup.clone();
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            *pick(&mut next) = on.then_some(default);
            on_setup.emit(next);
        })
    };
    let s = &props.setup;
    let pct = |p: Option<f64>| p.map(|p| (p * 100.0).to_string()).unwrap_or_default();
    // No decision chosen is no grid (not the empty product's one candidate).
    let candidates: usize = if s.vars.is_empty() { 0 } else { s.vars.iter().map(|v| count(v).unwrap_or(0)).product() };
    let on_run = props.on_run.reform(|_: MouseEvent| ());
    let controls = match &props.batch {
        Some(b) => runs_progress(&f.t(OptimizeViewText::progress), b, f, &props.on_cancel),
        None => html! {
            <button type="button" class="primary" id="run-optimize" disabled={s.vars.is_empty()} onclick={on_run}>
                { if candidates > 0 {
                    let key = if candidates == 1 { OptimizeViewText::run_one } else { OptimizeViewText::run_many };
                    f.fill(key, &[("n", &candidates.to_string()), ("runs", &f.count(props.runs as f64))])
                } else { f.t(OptimizeViewText::run) } }
            </button>
        },
    };
    let form = html! {
        <div class="opt-form">
            { for vars }
            <fieldset class="opt-objective">
                <legend>{ f.t(OptimizeViewText::objective) }</legend>
                <select id="opt-measure" aria-label={f.t(OptimizeViewText::measure)} onchange={measure}>
                    <option value="mean" selected={s.measure == MeasureKind::Mean}>{ f.t(OptimizeViewText::mean_of) }</option>
                    <option value="median" selected={s.measure == MeasureKind::Median}>{ f.t(OptimizeViewText::median_of) }</option>
                    <option value="chance" selected={s.measure == MeasureKind::Chance}>{ f.t(OptimizeViewText::chance_of) }</option>
                </select>
                <select id="opt-kpi" aria-label={f.t(OptimizeViewText::kpi)} onchange={kpi}>
                    { kpi_options(f, s.kpi) }
                </select>
                if s.measure == MeasureKind::Chance {
                    <label class="inline-field">{ f.t(OptimizeViewText::at_least) }
                        <input type="text" inputmode="decimal" size="9" id="opt-threshold" placeholder={f.t(OptimizeViewText::its_target)} value={s.threshold.clone()} oninput={on_input(threshold)} />
                    </label>
                }
            </fieldset>
            <fieldset class="opt-constraints">
                <legend>{ f.t(OptimizeViewText::constraints) }</legend>
                <label class="inline-field">
                    <input type="checkbox" id="opt-stockout" checked={s.stockout_limit.is_some()} onchange={toggle(|s| &mut s.stockout_limit, 0.10)} />
                    { f.t(OptimizeViewText::stockout) }
                    <DraftInput inputmode="decimal" size="3" aria_label={f.t(OptimizeViewText::stockout_limit)} disabled={s.stockout_limit.is_none()} value={pct(s.stockout_limit)} on_commit={limit(|s| &mut s.stockout_limit, 0.10)} />{ "%" }
                </label>
                <label class="inline-field">
                    <input type="checkbox" id="opt-loss" checked={s.loss_limit.is_some()} onchange={toggle(|s| &mut s.loss_limit, 0.05)} />
                    { f.t(OptimizeViewText::loss) }
                    <DraftInput inputmode="decimal" size="3" aria_label={f.t(OptimizeViewText::loss_limit)} disabled={s.loss_limit.is_none()} value={pct(s.loss_limit)} on_commit={limit(|s| &mut s.loss_limit, 0.05)} />{ "%" }
                </label>
            </fieldset>
        </div>
    };
    let result = props.result.as_ref().map(|r| {
        outcome(&r.optimization, r.elapsed_ms, props.stale, &props.formats, props.on_apply.clone(), &props.menu)
    });
    html! {
        <div class="optimize-view">
            <div class="results-head">
                <h2>{ f.t(OptimizeViewText::title) }</h2>
                { controls }
            </div>
            { form }
            { result.unwrap_or_default() }
        </div>
    }
}

/// A decision's select and, once one is chosen, its range: from, to and a third
/// field (the step, or the precision); shared with the goal seek's form. `ids`:
/// the select's, the fields' prefix and the third field's; `labels`: the legend, the select's empty
/// choice and the third field's name; `set` makes a field's callback.
pub fn decision_fieldset(
    (select, prefix, third_id): (String, String, &str),
    (legend, none, third): (&str, &str, &str),
    menu: &[Choice],
    var: Option<&VarSetup>,
    f: &Formats,
    choose: Callback<Event>,
    set: &dyn Fn(fn(&mut VarSetup, String)) -> Callback<Event>,
) -> Html {
    let chosen = var.map_or("", |v| v.decision.as_str());
    // Ids are the fields' roles, not their labels, which change with the language.
    let field = |name: &str, id: &str, value: &str, change: fn(&mut VarSetup, String)| {
        html! {
            <label class="inline-field">{ name }
                <input type="text" inputmode="decimal" size="7" id={format!("{prefix}-{id}")} value={value.to_owned()} oninput={on_input(set(change))} />
            </label>
        }
    };
    let options = menu.iter().map(|c| {
        let text = c.decision.to_string();
        let selected = text == chosen;
        let label = f.fill(OptimizeViewText::choice, &[("name", &c.label), ("value", &f.precise(c.base))]);
        html! { <option {selected} value={text}>{ label }</option> }
    });
    html! {
        <fieldset class="opt-var">
            <legend>{ legend }</legend>
            <select id={select} aria-label={legend.to_owned()} onchange={choose}>
                <option value="" selected={chosen.is_empty()}>{ none }</option>
                { for options }
            </select>
            if let Some(v) = var {
                <span class="opt-range">
                    { field(&f.t(OptimizeViewText::from), "from", &v.from, |v, t| v.from = t) }
                    { field(&f.t(OptimizeViewText::to), "to", &v.to, |v, t| v.to = t) }
                    { field(third, third_id, &v.step, |v, t| v.step = t) }
                </span>
            }
        </fieldset>
    }
}

/// Every KPI as a select's options, `selected` selected.
pub fn kpi_options(f: &Formats, selected: Kpi) -> Html {
    Kpi::ALL
        .iter()
        .map(|&k| html! { <option value={k.name()} selected={k == selected}>{ kpi_label(f, k) }</option> })
        .collect()
}

/// How many values a typed range holds, if it reads.
fn count(v: &VarSetup) -> Option<usize> {
    let n = |t: &str| t.trim().parse::<f64>().ok();
    crate::engine::decision::Range::new(n(&v.from)?, n(&v.to)?, n(&v.step)?).ok()?.count().ok()
}

/// What the objective's numbers are: a KPI's unit, or a chance.
fn objective_text(o: &Optimization, f: &Formats, x: f64) -> String {
    match o.objective.measure {
        Measure::Mean(k) | Measure::Median(k) => format_kpi(f, k, x),
        Measure::Probability(_) => f.percent(x),
    }
}

fn objective_label(o: &Optimization, f: &Formats) -> String {
    match o.objective.measure {
        Measure::Mean(k) => f.fill(OptimizeViewText::mean_label, &[("kpi", &kpi_label(f, k))]),
        Measure::Median(k) => f.fill(OptimizeViewText::median_label, &[("kpi", &kpi_label(f, k))]),
        Measure::Probability(e) => f.fill(
            OptimizeViewText::chance_label,
            &[("kpi", &kpi_label(f, e.kpi)), ("cmp", e.cmp.symbol()), ("threshold", &e.threshold.to_string())],
        ),
    }
}

fn outcome(
    o: &Rc<Optimization>,
    elapsed_ms: f64,
    stale: bool,
    formats: &Rc<Formats>,
    on_apply: Callback<()>,
    menu: &[Choice],
) -> Html {
    let f: &Formats = formats;
    let name = |i: usize| {
        let d = &o.decisions[i].decision;
        menu.iter().find(|c| c.decision == *d).map_or_else(|| d.to_string(), |c| c.label.clone())
    };
    let values = |c: &CandidateResult| {
        c.values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{} = {}", name(i), f.decimal(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let interval = |c: &CandidateResult| {
        c.objective.map_or_else(String::new, |e| match (e.lo, e.hi) {
            (Some(lo), Some(hi)) => {
                let (lo, hi) = (objective_text(o, f, lo), objective_text(o, f, hi));
                format!(" {}", f.fill(OptimizeViewText::interval_of, &[("lo", &lo), ("hi", &hi)]))
            }
            _ => String::new(),
        })
    };
    let best = o.best().map(|b| {
        let vs = o.runner_up.map(|r| &o.candidates[r]);
        let paired = o.paired.zip(vs).map(|(p, r)| html! {
            <p class="muted">{ f.fill(OptimizeViewText::runner_up, &[
                ("values", &values(r)),
                ("better", &f.percent(p.p_better)),
                ("ties", &f.percent(p.p_tie)),
                ("difference", &objective_text(o, f, p.mean_difference)),
            ]) }</p>
        });
        let on_apply = on_apply.reform(|_: MouseEvent| ());
        html! {
            <div class="opt-best">
                <p><strong>{ format!("{} ", f.t(OptimizeViewText::best)) }</strong>{ values(b) }{ " → " }{ objective_label(o, f) }{ " " }
                    <strong>{ b.objective.map(|e| objective_text(o, f, e.estimate)).unwrap_or_default() }</strong>{ interval(b) }</p>
                { paired.unwrap_or_default() }
                <button type="button" class="primary" id="apply-best" disabled={stale} onclick={on_apply}>{ f.t(OptimizeViewText::apply) }</button>
            </div>
        }
    }).unwrap_or_else(|| html! { <p class="notice-inline">{ f.t(OptimizeViewText::none_feasible) }</p> });
    let chart = match o.decisions.len() {
        1 => {
            let title = f.fill(OptimizeViewText::by, &[("objective", &objective_label(o, f)), ("decision", &name(0))]);
            html! { <ResponseChart optimization={Snap(o.clone())} {title} formats={formats.clone()} /> }
        }
        _ => heat_map(o, f, &name(0), &name(1)),
    };
    let rows = o.candidates.iter().enumerate().map(|(i, c)| {
        let status = match &c.invalid {
            Some(m) => f.fill(OptimizeViewText::invalid, &[("why", m)]),
            None if c.feasible => f.t(OptimizeViewText::feasible),
            None => f.t(OptimizeViewText::infeasible),
        };
        html! {
            <tr class={classes!((o.best == Some(i)).then_some("best"))}>
                { for c.values.iter().map(|v| html! { <td>{ f.decimal(*v) }</td> }) }
                <td>{ c.objective.map(|e| objective_text(o, f, e.estimate)).unwrap_or_else(|| "—".into()) }</td>
                <td>{ interval(c) }</td>
                { for c.constraints.iter().map(|k| html! { <td class={classes!((!k.holds).then_some("bad"))}>{ f.percent(k.p) }</td> }) }
                <td>{ status }</td>
            </tr>
        }
    });
    html! {
        <div class={classes!("opt-result", stale.then_some("stale"))}>
            if stale {
                <p class="notice-inline">{ f.t(OptimizeViewText::stale) }</p>
            }
            <p class="muted">{ f.fill(OptimizeViewText::details, &[
                ("n", &o.candidates.len().to_string()),
                ("runs", &f.count(o.runs as f64)),
                ("seed", &o.seed.to_string()),
                ("seconds", &f.tenths(elapsed_ms / 1000.0)),
            ]) }</p>
            { best }
            { chart }
            <details class="data-table">
                <summary>{ f.t(OptimizeViewText::every_candidate) }</summary>
                <table class="opt-table">
                    <thead><tr>
                        { for (0..o.decisions.len()).map(|i| html! { <th scope="col">{ name(i) }</th> }) }
                        <th scope="col">{ objective_label(o, f) }</th><th scope="col">{ f.t(OptimizeViewText::interval) }</th>
                        { for o.constraints.iter().map(|c| {
                            let (e, kpi) = (c.event, kpi_label(f, c.event.kpi));
                            let args = [("kpi", kpi.as_str()), ("cmp", e.cmp.symbol()), ("threshold", &e.threshold.to_string())];
                            html! { <th scope="col">{ f.fill(OptimizeViewText::constraint, &args) }</th> }
                        }) }
                        <th scope="col">{ f.t(OptimizeViewText::status) }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </details>
        </div>
    }
}

/// Two decisions: a grid of cells shaded by the objective; infeasible cells hatched, the best outlined.
fn heat_map(o: &Optimization, f: &Formats, rows_name: &str, cols_name: &str) -> Html {
    let (rows, cols) = (&o.decisions[0].values, &o.decisions[1].values);
    let estimates: Vec<f64> =
        o.candidates.iter().filter(|c| c.feasible).filter_map(|c| c.objective.map(|e| e.estimate)).collect();
    let (lo, hi) = estimates.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    let shade = |x: f64| {
        let t = if hi > lo { (x - lo) / (hi - lo) } else { 1.0 };
        let t = if o.objective.maximize { t } else { 1.0 - t };
        format!(
            "background: rgba(91, 60, 196, {:.3}); color: {}",
            0.08 + 0.8 * t,
            if t > 0.55 { "#fff" } else { "inherit" }
        )
    };
    let body = rows.iter().enumerate().map(|(r, rv)| {
        let cells = cols.iter().enumerate().map(|(c, _)| {
            let i = r * cols.len() + c;
            let cand = &o.candidates[i];
            let best = o.best == Some(i);
            match (cand.objective, cand.feasible) {
                (Some(e), true) => html! { <td class={classes!("cell", best.then_some("best"))} style={shade(e.estimate)} title={f.t(OptimizeViewText::feasible)}>{ objective_text(o, f, e.estimate) }</td> },
                (Some(e), false) => html! { <td class="cell infeasible" title={f.t(OptimizeViewText::infeasible)}>{ objective_text(o, f, e.estimate) }</td> },
                (None, _) => html! { <td class="cell invalid" title={cand.invalid.clone().unwrap_or_default()}>{ "✕" }</td> },
            }
        });
        html! { <tr><th scope="row">{ f.decimal(*rv) }</th>{ for cells }</tr> }
    });
    html! {
        <figure class="chart heat-map" id="chart-heat-map">
            <figcaption>{ f.fill(OptimizeViewText::heat_map, &[("objective", &objective_label(o, f)), ("rows", rows_name), ("columns", cols_name)]) }</figcaption>
            <div class="table-scroll">
                <table>
                    <thead><tr><th scope="col" />{ for cols.iter().map(|v| html! { <th scope="col">{ f.decimal(*v) }</th> }) }</tr></thead>
                    <tbody>{ for body }</tbody>
                </table>
            </div>
        </figure>
    }
}

crate::texts! { OptimizeViewText "optimize_view" {
    decision = "Decision";
    choose = "choose…";
    second_decision = "Second decision (optional: a heat map)";
    none = "none";
    step = "Step";
    progress = "Optimisation progress";
    run_one = "Optimise: {n} candidate × {runs} runs";
    run_many = "Optimise: {n} candidates × {runs} runs";
    run = "Optimise";
    objective = "Objective";
    measure = "Measure";
    mean_of = "Mean of";
    median_of = "Median of";
    chance_of = "Chance of meeting";
    kpi = "KPI";
    at_least = "at least";
    its_target = "its target";
    constraints = "Constraints";
    stockout = "Chance of a stock-out at most";
    stockout_limit = "Stock-out chance limit, %";
    loss = "Chance of a negative contribution at most";
    loss_limit = "Loss chance limit, %";
    title = "What is the best setting?";
    from = "From";
    to = "To";
    choice = "{name} (now {value})";
    mean_label = "mean {kpi}";
    median_label = "median {kpi}";
    chance_label = "chance of {kpi} {cmp} {threshold}";
    interval_of = "(90 %: {lo} – {hi})";
    runner_up = "Against the runner-up ({values}): better in {better} of paired runs, ties {ties}; mean difference {difference}.";
    best = "Best feasible:";
    apply = "Apply to the scenario";
    none_feasible = "No candidate meets every constraint: widen the ranges or relax a constraint.";
    by = "{objective} by {decision}";
    invalid = "invalid: {why}";
    feasible = "feasible";
    infeasible = "breaks a constraint";
    stale = "The scenario has changed since this optimisation: run it again to update it.";
    details = "{n} candidates × {runs} runs on common random numbers (seed {seed}), in {seconds} s.";
    every_candidate = "Every candidate";
    interval = "90 % interval";
    constraint = "P({kpi} {cmp} {threshold})";
    status = "Status";
    heat_map = "{objective} by {rows} (rows) and {columns} (columns); hatched: breaks a constraint; outlined: the best";
} }
