//! The app's side of optimisation and goal seek: the menu of decisions a scenario offers, the forms' settings, candidates as plans for the workers, the goal seek's steps, and applying a chosen value to the document.
//!
//! The engine does the statistics (`engine::optimize`, `engine::goalseek`);
//! this module only turns the editor's document and the form into what the
//! engine takes, and the engine's answer back into an edit of the document.

use std::rc::Rc;

use serde_json::Value;

use crate::app::i18n::Words;
use crate::app::runner::Source;
use crate::engine::decision::{Decision, OfferField, OfferRef, Range};
use crate::engine::goalseek::{GoalSpec, Point, Points, Step, seek_step};
use crate::engine::montecarlo::RunRecord;
use crate::engine::optimize::{
    Axis, CandidateResult, Cmp, Constraint, Event, Measure, Objective, Optimization, axes, candidate_plan,
    evaluate_candidate, grid, paired, rank,
};
use crate::engine::scenario::{Offer, Scenario};
use crate::engine::sensitivity::{DecisionSwing, Level, moved_plan, widest_first};
use crate::engine::validate::{GivenInput, from_value, given_inputs};
use crate::engine::{Kpi, Plan};

/// A decision the scenario offers, with what people call it.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub decision: Decision,
    pub label: String,
    /// Its value in the scenario.
    pub base: f64,
    /// An input given as a range: its `lo` and `hi`.
    pub range: Option<(f64, f64)>,
}

/// Every decision of `s` that can be optimised, in the editor's order, named in `w`'s language.
pub fn menu(s: &Scenario, w: &Words) -> Vec<Choice> {
    let mut out = Vec::new();
    let mut push = |decision: Decision, label: String| {
        if let Ok(base) = decision.resolve(s) {
            out.push(Choice { decision, label, base, range: None });
        }
    };
    for (i, offer) in s.offers.iter().enumerate() {
        use OptimiseText as T;
        let (kind, item, fields): (T, &str, &[(OfferField, T)]) = match offer {
            Offer::Discount(d) => (
                T::discount,
                &d.item,
                &[
                    (OfferField::Start, T::start_minute),
                    (OfferField::Length, T::length),
                    (OfferField::Percent, T::percent_off),
                ],
            ),
            Offer::Flash(f) => (
                T::flash_sale,
                &f.item,
                &[
                    (OfferField::Start, T::start_minute),
                    (OfferField::Length, T::length),
                    (OfferField::Price, T::price),
                    (OfferField::Qty, T::quantity),
                ],
            ),
            Offer::LeadMagnet(_) => (T::lead_magnet, "", &[(OfferField::Start, T::minute)]),
        };
        for &(field, what) in fields {
            let (n, kind, what) = ((i + 1).to_string(), w.get(kind), w.get(what));
            let label = if item.is_empty() {
                w.fill(T::offer, &[("n", &n), ("kind", &kind), ("field", &what)])
            } else {
                w.fill(T::offer_on, &[("n", &n), ("kind", &kind), ("item", item), ("field", &what)])
            };
            push(Decision::Offer(OfferRef::Index(i), field), label);
        }
    }
    for kit in &s.kits {
        push(Decision::KitPrice(kit.id.clone()), w.fill(OptimiseText::kit_price, &[("id", &kit.id)]));
    }
    for item in &s.catalog {
        push(Decision::ItemPrice(item.id.clone()), w.fill(OptimiseText::product_price, &[("id", &item.id)]));
        push(Decision::ItemStock(item.id.clone()), w.fill(OptimiseText::product_stock, &[("id", &item.id)]));
    }
    push(Decision::PaidBudget, w.get(OptimiseText::paid_budget).into_owned());
    for (i, block) in s.rundown.iter().enumerate() {
        let what =
            block.spotlight.as_deref().map_or_else(|| block.kind.clone(), |item| format!("{} · {item}", block.kind));
        let label = w.fill(OptimiseText::block_place, &[("n", &(i + 1).to_string()), ("block", &what)]);
        push(Decision::BlockOrder(i), label);
    }
    out
}

/// What a goal can be sought over: the decisions of [`menu`], then the inputs
/// the file gives as ranges (what the strategist is unsure of), then its plain inputs.
pub fn goal_menu(s: &Scenario, w: &Words) -> Vec<Choice> {
    let mut out = menu(s, w);
    let (ranges, plain): (Vec<GivenInput>, Vec<GivenInput>) =
        given_inputs(s).into_iter().partition(|input| input.range.is_some());
    for (input, kind) in ranges
        .into_iter()
        .map(|i| (i, OptimiseText::uncertain_input))
        .chain(plain.into_iter().map(|i| (i, OptimiseText::input)))
    {
        let label = w.fill(kind, &[("path", &input.path)]);
        out.push(Choice { decision: Decision::Input(input.path), label, base: input.value, range: input.range });
    }
    out
}

/// A first range to try around a decision's value: from, to, step.
pub fn default_range(choice: &Choice, s: &Scenario) -> (f64, f64, f64) {
    let b = choice.base;
    let round = |x: f64, to: f64| (x / to).round() * to;
    match &choice.decision {
        Decision::Offer(_, OfferField::Start) => ((b - 20.0).max(0.0), b + 20.0, 5.0),
        Decision::Offer(_, OfferField::Length) => ((b - 5.0).max(1.0), b + 10.0, 1.0),
        Decision::Offer(_, OfferField::Percent) => (0.0, 40.0, 5.0),
        Decision::Offer(_, OfferField::Qty) | Decision::ItemStock(_) => {
            let step = (round(b / 10.0, 1.0)).max(1.0);
            ((b - 5.0 * step).max(0.0), b + 5.0 * step, step)
        }
        Decision::BlockOrder(_) => (1.0, s.rundown.len().max(1) as f64, 1.0),
        Decision::PaidBudget if b <= 0.0 => (0.0, 1000.0, 100.0),
        // Somewhere in what the strategist believes; a plain input, half to one and a half
        // times its value (a share stops at 1).
        Decision::Input(_) => {
            let (from, to) = choice.range.unwrap_or_else(|| {
                let to = if b <= 1.0 { (b * 1.5).min(1.0) } else { b * 1.5 };
                (round_to_digits(b * 0.5, 3), round_to_digits(to, 3))
            });
            (from, to, significant((to - from) / 20.0))
        }
        // Prices and budgets: ±30 % in steps of 5 % of the value (two significant digits).
        _ => {
            let step = significant(b * 0.05);
            (round(b * 0.7, step).max(0.0), round(b * 1.3, step), step)
        }
    }
}

/// `x` to two significant digits (a step people can read).
fn significant(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    round_to_digits(x, 2)
}

/// `x` (above 0) to `digits` significant digits, as the nearest double to the decimal
/// (so it prints as people would write it: 0.225, not 0.22499999999999998).
fn round_to_digits(x: f64, digits: i32) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return x;
    }
    let places = digits - 1 - x.log10().floor() as i32;
    if places >= 0 {
        let scale = 10f64.powi(places);
        (x * scale).round() / scale
    } else {
        let scale = 10f64.powi(-places);
        (x / scale).round() * scale
    }
}

/// What the objective measures, as the form offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeasureKind {
    Mean,
    Median,
    /// The chance that the KPI meets a threshold (its target by default).
    Chance,
}

/// One decision of the form, with the range as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct VarSetup {
    /// The decision's text form (`offer:0.start`).
    pub decision: String,
    pub from: String,
    pub to: String,
    pub step: String,
}

/// The optimisation form, as the user left it.
#[derive(Clone, Debug, PartialEq)]
pub struct Setup {
    pub vars: Vec<VarSetup>,
    pub measure: MeasureKind,
    pub kpi: Kpi,
    /// The threshold of a chance, as typed; empty means the KPI's target.
    pub threshold: String,
    /// `P(stock-out) <= this`, when checked.
    pub stockout_limit: Option<f64>,
    /// `P(contribution < 0) <= this`, when checked.
    pub loss_limit: Option<f64>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            vars: Vec::new(),
            measure: MeasureKind::Mean,
            kpi: Kpi::Contribution,
            threshold: String::new(),
            stockout_limit: Some(0.10),
            loss_limit: Some(0.05),
        }
    }
}

impl Setup {
    /// The objective the form describes, for a plan with these targets; what is wrong with it in `w`'s language.
    pub fn objective(&self, plan: &Plan, w: &Words) -> Result<Objective, String> {
        let measure = match self.measure {
            MeasureKind::Mean => Measure::Mean(self.kpi),
            MeasureKind::Median => Measure::Median(self.kpi),
            MeasureKind::Chance => Measure::Probability(self.event(plan, w)?),
        };
        Ok(Objective::new(measure))
    }

    /// The event a chance counts: the typed threshold, else the KPI's target.
    pub fn event(&self, plan: &Plan, w: &Words) -> Result<Event, String> {
        Ok(Event::target(self.kpi, threshold(self.kpi, &self.threshold, plan, w)?))
    }

    pub fn constraints(&self) -> Vec<Constraint> {
        let at_most = |kpi, cmp, threshold, p| Constraint {
            event: Event { kpi, cmp, threshold },
            bound: Cmp::Le,
            probability: p,
        };
        let mut out = Vec::new();
        if let Some(p) = self.stockout_limit {
            out.push(at_most(Kpi::StockoutLost, Cmp::Gt, 0.0, p));
        }
        if let Some(p) = self.loss_limit {
            out.push(at_most(Kpi::Contribution, Cmp::Lt, 0.0, p));
        }
        out
    }
}

/// The threshold as typed, else the KPI's target in `plan`.
fn threshold(kpi: Kpi, typed: &str, plan: &Plan, w: &Words) -> Result<f64, String> {
    if typed.trim().is_empty() {
        let target = plan.targets.iter().find(|t| t.kpi == kpi);
        return target.map(|t| t.value).ok_or_else(|| w.fill(OptimiseText::no_target, &[("kpi", kpi.name())]));
    }
    number(typed, &w.get(OptimiseText::threshold), w)
}

/// A typed number; else the message that `what` (already in `w`'s language) is not one.
fn number(text: &str, what: &str, w: &Words) -> Result<f64, String> {
    let parsed = text.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    parsed.ok_or_else(|| w.fill(OptimiseText::not_a_number, &[("what", what), ("text", text)]))
}

/// An optimisation ready for the workers: the grid, and a plan per valid candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    pub scenario: String,
    pub axes: Vec<Axis>,
    pub objective: Objective,
    pub constraints: Vec<Constraint>,
    /// Per grid point, its values and the part of the batch that runs it, or why it is invalid.
    pub points: Vec<(Vec<f64>, Result<usize, String>)>,
    /// The batch's scenarios, one per valid candidate: the document with the candidate's decisions.
    pub sources: Vec<Source>,
}

/// Reads the document and the form into candidates; a message (in `w`'s language) names what is wrong.
pub fn prepare(doc: &Value, plan: &Plan, setup: &Setup, w: &Words) -> Result<Prepared, String> {
    let scenario = from_value(doc).map_err(|e| has_problems(w, e))?;
    if setup.vars.is_empty() {
        return Err(w.get(OptimiseText::choose_optimise).into_owned());
    }
    let decisions = setup
        .vars
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let decision: Decision = v.decision.parse().map_err(|e: crate::engine::decision::DecisionError| {
                w.fill(OptimiseText::decision_n, &[("n", &(i + 1).to_string()), ("why", &e.to_string())])
            })?;
            let from = number(&v.from, &w.get(OptimiseText::from), w)?;
            let to = number(&v.to, &w.get(OptimiseText::to), w)?;
            let step = number(&v.step, &w.get(OptimiseText::step), w)?;
            let range = Range::new(from, to, step).map_err(|e| format!("{decision}: {e}"))?;
            Ok((decision, range))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let axes = axes(&scenario, &decisions).map_err(|e| e.to_string())?;
    let text = Rc::new(doc.to_string());
    let mut sources = Vec::new();
    let points = grid(&axes)
        .into_iter()
        .map(|values| {
            // Checked here too, so an invalid candidate is reported, not sent.
            let part = candidate_plan(&scenario, &axes, &values).map(|_| {
                let decisions = axes.iter().zip(&values).map(|(a, &v)| (a.decision.to_string(), v)).collect();
                sources.push(Source { scenario: text.clone(), decisions });
                sources.len() - 1
            });
            (values, part)
        })
        .collect();
    Ok(Prepared {
        scenario: scenario.name.clone(),
        axes,
        objective: setup.objective(plan, w)?,
        constraints: setup.constraints(),
        points,
        sources,
    })
}

/// Scores every candidate from the batch's records (per part, in run order) and picks the best.
pub fn finish(prepared: &Prepared, records: &[Vec<RunRecord>], seed: u64, runs: usize) -> Optimization {
    let p = prepared;
    let candidates: Vec<CandidateResult> = p
        .points
        .iter()
        .map(|(values, part)| match part {
            Ok(part) => CandidateResult {
                values: values.clone(),
                ..evaluate_candidate(&p.objective, &p.constraints, records.get(*part).map_or(&[], |r| r))
            },
            Err(message) => CandidateResult::invalid(values.clone(), message.clone()),
        })
        .collect();
    let (best, runner_up) = rank(&p.objective, &candidates);
    let paired = best.zip(runner_up).and_then(|(b, r)| paired(&p.objective, &candidates[b], &candidates[r]));
    Optimization {
        scenario: p.scenario.clone(),
        runs,
        seed,
        decisions: p.axes.clone(),
        objective: p.objective,
        constraints: p.constraints.clone(),
        candidates,
        best,
        runner_up,
        paired,
    }
}

/// The decisions to swing one at a time, each with its delta as typed, in the menu's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SwingSetup {
    /// (decision's text form, delta as typed).
    pub picks: Vec<(String, String)>,
}

/// A first delta to swing a decision by: ten minutes for a start, five for a
/// length, five points of discount, one place in the running order, a tenth
/// of a price, a stock or a budget (two significant digits).
pub fn default_delta(choice: &Choice) -> f64 {
    match &choice.decision {
        Decision::Offer(_, OfferField::Start) => 10.0,
        Decision::Offer(_, OfferField::Length | OfferField::Percent) => 5.0,
        Decision::BlockOrder(_) => 1.0,
        Decision::Offer(_, OfferField::Qty) | Decision::ItemStock(_) => (choice.base / 10.0).round().max(1.0),
        Decision::PaidBudget if choice.base <= 0.0 => 100.0,
        _ => significant(choice.base * 0.1),
    }
}

/// The part of a batch that runs a value, or why the value cannot be run.
pub type PartOrWhy = Result<usize, String>;

/// Decision swings ready for the workers: part 0 is the scenario itself,
/// then, per decision, its value moved down and up (when valid).
#[derive(Clone, Debug, PartialEq)]
pub struct PreparedSwings {
    /// Per decision: it, its delta, its value in the scenario, and the part
    /// running it at `base - delta` and at `base + delta`, or why that value is invalid.
    pub decisions: Vec<(Decision, f64, f64, [PartOrWhy; 2])>,
    pub sources: Vec<Source>,
}

/// Reads the form into the batch of a one-at-a-time swing of each chosen decision.
pub fn prepare_swings(
    doc: &Value,
    scenario: &Scenario,
    setup: &SwingSetup,
    w: &Words,
) -> Result<PreparedSwings, String> {
    if setup.picks.is_empty() {
        return Err(w.get(OptimiseText::choose_swing).into_owned());
    }
    let text = Rc::new(doc.to_string());
    let mut sources = vec![Source { scenario: text.clone(), decisions: Vec::new() }];
    let mut decisions = Vec::new();
    for (name, typed) in &setup.picks {
        let decision: Decision = name.parse().map_err(|e| format!("{name}: {e}"))?;
        let delta = number(typed, &w.fill(OptimiseText::swing_of, &[("decision", &decision.to_string())]), w)?;
        let base = decision.resolve(scenario).map_err(|e| e.to_string())?;
        // Checked here, so an invalid value is reported (as the CLI does), not sent.
        let parts = [base - delta, base + delta].map(|value| {
            moved_plan(scenario, &decision, value).map(|_| {
                sources.push(Source { scenario: text.clone(), decisions: vec![(decision.to_string(), value)] });
                sources.len() - 1
            })
        });
        decisions.push((decision, delta, base, parts));
    }
    Ok(PreparedSwings { decisions, sources })
}

/// Each decision's KPI at its low, base and high value from the batch's records (per part, in run order), widest swing first.
pub fn finish_swings(p: &PreparedSwings, records: &[Vec<RunRecord>], kpi: Kpi) -> Vec<DecisionSwing> {
    let level = |value: f64, part: &Result<usize, String>| match part {
        Ok(part) => Level::of(value, kpi, records.get(*part).map_or(&[], |r| r)),
        Err(message) => Level::invalid(value, message.clone()),
    };
    let base_records = records.first().map_or(&[][..], |r| r);
    let swings = p.decisions.iter().map(|(decision, delta, base, [low, high])| {
        DecisionSwing::new(
            decision.clone(),
            *delta,
            level(base - delta, low),
            Level::of(*base, kpi, base_records),
            level(base + delta, high),
        )
    });
    widest_first(swings.collect())
}

/// The goal-seek form, as the user left it.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalSetup {
    /// The decision and its bracket; `step` is the precision sought (empty: the engine's default).
    pub var: VarSetup,
    pub kpi: Kpi,
    /// `Ge` or `Le`.
    pub cmp: Cmp,
    /// Empty means the KPI's target.
    pub threshold: String,
    /// The chance sought, in percent.
    pub goal: String,
}

impl Default for GoalSetup {
    fn default() -> Self {
        let var = VarSetup { decision: String::new(), from: String::new(), to: String::new(), step: String::new() };
        GoalSetup { var, kpi: Kpi::Revenue, cmp: Cmp::Ge, threshold: String::new(), goal: "80".to_owned() }
    }
}

impl GoalSetup {
    /// The search the form describes, on `scenario` (checked into `plan`), each value over runs `0..runs`;
    /// what is wrong with the form in `w`'s language.
    pub fn spec(&self, scenario: &Scenario, plan: &Plan, seed: u64, runs: u64, w: &Words) -> Result<GoalSpec, String> {
        let v = &self.var;
        if v.decision.is_empty() {
            return Err(w.get(OptimiseText::choose_seek).into_owned());
        }
        let decision: Decision =
            v.decision.parse().map_err(|e: crate::engine::decision::DecisionError| e.to_string())?;
        let bracket = (number(&v.from, &w.get(OptimiseText::from), w)?, number(&v.to, &w.get(OptimiseText::to), w)?);
        let tolerance =
            if v.step.trim().is_empty() { None } else { Some(number(&v.step, &w.get(OptimiseText::precision), w)?) };
        let goal = number(&self.goal, &w.get(OptimiseText::chance_sought), w)? / 100.0;
        let event = Event { kpi: self.kpi, cmp: self.cmp, threshold: threshold(self.kpi, &self.threshold, plan, w)? };
        GoalSpec::new(scenario, &decision, bracket, event, goal, tolerance, seed, 0..runs).map_err(|e| e.to_string())
    }
}

/// The search's next step: values the model refuses are settled here, with the
/// validation's message, so only values the workers can run are `Need`ed.
pub fn advance(spec: &GoalSpec, scenario: &Scenario, points: &mut Points) -> Step {
    loop {
        match seek_step(spec, points) {
            Step::Need(value) => match spec.candidate(scenario, value) {
                Ok(_) => return Step::Need(value),
                Err(message) => points.insert(Point::invalid(value, message)),
            },
            done => return done,
        };
    }
}

/// The document with the decisions set to `values`: only the fields they move
/// change, so the rest of the user's document (ranges, notes, key order) stays; why not, in `w`'s language.
pub fn apply_to_doc(doc: &Value, decisions: &[Decision], values: &[f64], w: &Words) -> Result<Value, String> {
    let t = |key: OptimiseText| w.get(key).into_owned();
    let mut scenario = from_value(doc).map_err(|e| has_problems(w, e))?;
    for (d, &v) in decisions.iter().zip(values) {
        scenario = d.apply(&scenario, v).map_err(|e| e.to_string())?;
    }
    let mut out = doc.clone();
    for d in decisions {
        match d {
            Decision::Offer(who, _) => {
                let index = match who {
                    OfferRef::Index(i) => *i,
                    OfferRef::Item(id) => scenario
                        .offers
                        .iter()
                        .position(|o| {
                            matches!(o, Offer::Discount(x) if x.item == *id)
                                || matches!(o, Offer::Flash(x) if x.item == *id)
                        })
                        .ok_or_else(|| w.fill(OptimiseText::no_offer_on, &[("id", id)]))?,
                };
                let offer =
                    out.pointer_mut(&format!("/offers/{index}")).ok_or_else(|| t(OptimiseText::no_such_offer))?;
                match &scenario.offers[index] {
                    Offer::Discount(x) => {
                        set(offer, "start_min", x.start_min.into());
                        set(offer, "end_min", x.end_min.into());
                        set_opt(offer, "announce_min", x.announce_min);
                        set(offer, "pct", x.pct.into());
                    }
                    Offer::Flash(x) => {
                        set(offer, "start_min", x.start_min.into());
                        set(offer, "end_min", x.end_min.into());
                        set_opt(offer, "announce_min", x.announce_min);
                        set(offer, "price", x.price.into());
                        set(offer, "qty", x.qty.into());
                    }
                    Offer::LeadMagnet(x) => set(offer, "at_min", x.at_min.into()),
                }
            }
            Decision::KitPrice(id) => {
                let (i, kit) = scenario
                    .kits
                    .iter()
                    .enumerate()
                    .find(|(_, k)| k.id == *id)
                    .ok_or_else(|| t(OptimiseText::no_such_kit))?;
                set_at(&mut out, &format!("/kits/{i}"), "price", kit.price.into(), w)?;
            }
            Decision::ItemPrice(id) | Decision::ItemStock(id) => {
                let (i, item) = scenario
                    .catalog
                    .iter()
                    .enumerate()
                    .find(|(_, p)| p.id == *id)
                    .ok_or_else(|| t(OptimiseText::no_such_product))?;
                let (field, value) = match d {
                    Decision::ItemPrice(_) => ("price", item.price.into()),
                    _ => ("stock", item.stock.into()),
                };
                set_at(&mut out, &format!("/catalog/{i}"), field, value, w)?;
            }
            Decision::PaidBudget => {
                let budget =
                    scenario.audience.paid.as_ref().map(|p| p.budget).ok_or_else(|| t(OptimiseText::no_paid))?;
                set_at(&mut out, "/audience/paid", "budget", budget.into(), w)?;
            }
            // The answer over an input says how it must turn out, not what to set.
            Decision::Input(path) => return Err(w.fill(OptimiseText::is_input, &[("path", path)])),
            Decision::BlockOrder(_) => {
                let blocks = scenario.rundown.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>();
                *out.pointer_mut("/rundown").ok_or_else(|| t(OptimiseText::no_rundown))? =
                    Value::Array(blocks.map_err(|e| e.to_string())?);
            }
        }
    }
    Ok(out)
}

fn set(object: &mut Value, key: &str, value: Value) {
    if let Some(map) = object.as_object_mut() {
        map.insert(key.to_owned(), value);
    }
}

fn set_opt(object: &mut Value, key: &str, value: Option<u32>) {
    if let Some(v) = value {
        set(object, key, v.into());
    }
}

fn set_at(doc: &mut Value, pointer: &str, key: &str, value: Value, w: &Words) -> Result<(), String> {
    let object = doc.pointer_mut(pointer).ok_or_else(|| w.fill(OptimiseText::nothing_at, &[("pointer", pointer)]))?;
    set(object, key, value);
    Ok(())
}

/// The message of a document that does not read as a scenario.
fn has_problems(w: &Words, e: impl std::fmt::Display) -> String {
    w.fill(OptimiseText::has_problems, &[("why", &e.to_string())])
}

crate::texts! { OptimiseText "optimise" {
    discount = "discount";
    flash_sale = "flash sale";
    lead_magnet = "lead magnet";
    start_minute = "start minute";
    length = "length (min)";
    percent_off = "percent off";
    price = "price";
    quantity = "quantity";
    minute = "minute";
    offer = "Offer {n} ({kind}): {field}";
    offer_on = "Offer {n} ({kind} on {item}): {field}";
    kit_price = "Kit {id}: price";
    product_price = "Product {id}: price";
    product_stock = "Product {id}: stock";
    paid_budget = "Paid traffic: budget";
    block_place = "Rundown block {n} ({block}): place in the running order";
    uncertain_input = "Uncertain input: {path}";
    input = "Input: {path}";
    no_target = "the scenario has no target on {kpi}: type a threshold";
    not_a_number = "{what}: “{text}” is not a number";
    threshold = "threshold";
    from = "from";
    to = "to";
    step = "step";
    precision = "precision";
    chance_sought = "chance sought";
    swing_of = "{decision}: the swing";
    has_problems = "the scenario has problems: {why}";
    choose_optimise = "choose a decision to optimise";
    decision_n = "decision {n}: {why}";
    choose_swing = "choose a decision to swing";
    choose_seek = "choose a decision to seek";
    no_offer_on = "no offer on {id}";
    no_such_offer = "the document has no such offer";
    no_such_kit = "no such kit";
    no_such_product = "no such product";
    no_paid = "the scenario has no paid traffic";
    is_input = "{path} is an input, not a setting: the scenario keeps it";
    no_rundown = "the document has no rundown";
    nothing_at = "the document has nothing at {pointer}";
} }

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::app::protocol::RunChunk;
    use crate::app::state::DEFAULT_SCENARIO;
    use crate::app::worker::run_chunk;
    use crate::engine::optimize::optimize;
    use crate::engine::validate::check;

    const SEED: u64 = 1;
    const RUNS: u64 = 300;

    fn en() -> Words {
        Words::english()
    }

    fn example() -> Value {
        serde_json::from_str(DEFAULT_SCENARIO).expect("the default scenario is JSON")
    }

    fn plan_of(doc: &Value) -> Plan {
        check(&from_value(doc).expect("parses")).expect("checks")
    }

    fn var(decision: &str, from: f64, to: f64, step: f64) -> VarSetup {
        VarSetup { decision: decision.to_owned(), from: from.to_string(), to: to.to_string(), step: step.to_string() }
    }

    fn setup(vars: Vec<VarSetup>) -> Setup {
        Setup { vars, ..Setup::default() }
    }

    /// The batch's records as the workers return them: per source, every run in run order.
    fn run_batch(sources: &[Source]) -> Vec<Vec<RunRecord>> {
        let done = run_chunk(RunChunk {
            job: 1,
            scenario: (*sources[0].scenario).clone(),
            parts: (0..sources.len() as u32).collect(),
            decisions: sources.iter().map(|s| s.decisions.clone()).collect(),
            seed: SEED,
            runs: 0..RUNS,
            minutes_below: 0,
        });
        assert_eq!(done.error, None);
        done.records.chunks(RUNS as usize).map(<[RunRecord]>::to_vec).collect()
    }

    /// The swings from the workers' records equal the engine's (`livesim sensitivity --decision`), invalid values included.
    #[test]
    fn swings_from_the_batch_equal_the_engines() {
        use crate::engine::sensitivity::decision_swings;
        let doc = example();
        let s = from_value(&doc).unwrap();
        // The flash sale's start ± 10, the discount ± 5 points, and its start ± 45 (minute -5 is
        // invalid, and so is minute 85: the discount would end at 95, after the live).
        let picks = [("offer:1.start", "10"), ("offer:0.percent", "5"), ("offer:0.start", "45")];
        let setup = SwingSetup { picks: picks.iter().map(|(d, x)| (d.to_string(), x.to_string())).collect() };
        let prepared = prepare_swings(&doc, &s, &setup, &en()).unwrap();
        assert_eq!(prepared.sources.len(), 1 + 4, "the scenario, then each valid value");
        let records = run_batch(&prepared.sources);
        let plan = plan_of(&doc);
        let base = crate::engine::simulate_range(&plan, SEED, 0..RUNS);
        let wanted: Vec<(Decision, f64)> =
            picks.iter().map(|(d, x)| (d.parse().unwrap(), x.parse().unwrap())).collect();
        for kpi in [Kpi::Contribution, Kpi::Orders] {
            let engine = decision_swings(&s, &base, kpi, &wanted, SEED, 0..RUNS, 1).unwrap();
            assert_eq!(finish_swings(&prepared, &records, kpi), engine, "{kpi:?}");
        }
        let invalid = finish_swings(&prepared, &records, Kpi::Contribution);
        let late = invalid.iter().find(|w| w.decision.to_string() == "offer:0.start").unwrap();
        assert!(late.low.invalid.is_some() && late.high.invalid.is_some() && late.swing.is_none(), "{late:?}");
        // Nothing chosen, or a delta that is not a number, is a message.
        assert!(prepare_swings(&doc, &s, &SwingSetup::default(), &en()).is_err());
        let typo = SwingSetup { picks: vec![("offer:1.start".into(), "ten".into())] };
        assert!(prepare_swings(&doc, &s, &typo, &en()).unwrap_err().contains("“ten” is not a number"));
    }

    #[test]
    fn the_menu_lists_every_decision_of_the_model_example_with_its_value() {
        let s = from_value(&example()).unwrap();
        let menu = menu(&s, &en());
        let texts: Vec<String> = menu.iter().map(|c| c.decision.to_string()).collect();
        // 3 discount + 4 flash + 1 lead-magnet fields, the kit's price, 2 products' price and stock,
        // the paid budget and the 5 rundown blocks' places.
        assert_eq!(menu.len(), 3 + 4 + 1 + 1 + 4 + 1 + 5, "{texts:?}");
        let base = |text: &str| {
            let c = menu.iter().find(|c| c.decision.to_string() == text);
            c.unwrap_or_else(|| panic!("{text} not in {texts:?}")).base
        };
        assert_eq!(base("offer:1.start"), 60.0);
        assert_eq!(base("offer:1.qty"), 120.0);
        assert_eq!(base("offer:1.price"), 149.9);
        assert_eq!(base("offer:0.start"), 40.0);
        assert_eq!(base("paid.budget"), 3000.0);
        assert_eq!(base("kit:duo.price"), s.kits[0].price);
        assert_eq!(base("item:serum.stock"), s.catalog[0].stock as f64);
        let flash = menu.iter().find(|c| c.decision.to_string() == "offer:1.start").unwrap();
        assert_eq!(flash.label, "Offer 2 (flash sale on duo): start minute");
        // Every entry reads back as the decision it names.
        for c in &menu {
            assert_eq!(c.decision.to_string().parse::<Decision>().as_ref(), Ok(&c.decision));
        }
        // The form's first range around a start minute holds the value itself.
        let (from, to, step) = default_range(flash, &s);
        assert!(from <= 60.0 && 60.0 <= to && step > 0.0, "{from} {to} {step}");
    }

    #[test]
    fn prepare_sends_one_source_per_valid_candidate_and_reports_the_invalid_ones() {
        let doc = example();
        let plan = plan_of(&doc);
        // A flash sale of 10 minutes cannot start at minute 90 of a 90-minute live.
        let prepared = prepare(&doc, &plan, &setup(vec![var("offer:1.start", 30.0, 90.0, 20.0)]), &en()).unwrap();
        let values: Vec<f64> = prepared.points.iter().map(|p| p.0[0]).collect();
        assert_eq!(values, [30.0, 50.0, 70.0, 90.0]);
        let parts: Vec<Option<usize>> = prepared.points.iter().map(|p| p.1.as_ref().ok().copied()).collect();
        assert_eq!(parts, [Some(0), Some(1), Some(2), None]);
        assert_eq!(prepared.sources.len(), 3);
        let message = prepared.points[3].1.as_ref().unwrap_err();
        assert!(!message.is_empty());
        for (source, value) in prepared.sources.iter().zip([30.0, 50.0, 70.0]) {
            assert_eq!(*source.scenario, doc.to_string());
            assert_eq!(source.decisions, [("offer:1.start".to_owned(), value)]);
        }
        // Two decisions: the grid is their product, the first slowest.
        let two = setup(vec![var("offer:1.start", 40.0, 50.0, 10.0), var("offer:0.percent", 10.0, 30.0, 10.0)]);
        let prepared = prepare(&doc, &plan, &two, &en()).unwrap();
        assert_eq!(prepared.sources.len(), 6);
        assert_eq!(prepared.points[1].0, [40.0, 20.0]);
        assert_eq!(prepared.points[3].0, [50.0, 10.0]);
        // What the form cannot read is named.
        assert_eq!(prepare(&doc, &plan, &setup(Vec::new()), &en()).unwrap_err(), "choose a decision to optimise");
        let typo = prepare(
            &doc,
            &plan,
            &setup(vec![VarSetup { to: "7o".into(), ..var("offer:1.start", 40.0, 70.0, 10.0) }]),
            &en(),
        );
        assert_eq!(typo.unwrap_err(), "to: “7o” is not a number");
        let unknown = prepare(&doc, &plan, &setup(vec![var("kit:nope.price", 1.0, 2.0, 1.0)]), &en());
        assert!(unknown.unwrap_err().contains("kit:nope"));
        let chance = Setup {
            measure: MeasureKind::Chance,
            kpi: Kpi::Orders,
            ..setup(vec![var("offer:1.start", 40.0, 70.0, 10.0)])
        };
        assert!(prepare(&doc, &plan, &chance, &en()).unwrap_err().contains("no target on"));
    }

    /// The app's optimisation (candidates run by the worker's code, scored by `finish`) is the engine's.
    fn assert_same_as_the_engine(s: &Setup) -> Optimization {
        let doc = example();
        let plan = plan_of(&doc);
        let prepared = prepare(&doc, &plan, s, &en()).unwrap();
        let app = finish(&prepared, &run_batch(&prepared.sources), SEED, RUNS as usize);
        let scenario = from_value(&doc).unwrap();
        let decisions: Vec<(Decision, Range)> = s
            .vars
            .iter()
            .map(|v| {
                let n = |t: &str| t.parse::<f64>().unwrap();
                (v.decision.parse().unwrap(), Range::new(n(&v.from), n(&v.to), n(&v.step)).unwrap())
            })
            .collect();
        let engine =
            optimize(&scenario, &decisions, s.objective(&plan, &en()).unwrap(), &s.constraints(), SEED, 0..RUNS, 1)
                .unwrap();
        assert!(engine.best.is_some(), "a feasible candidate");
        assert!(engine.runner_up.is_some(), "a runner-up");
        assert_eq!(app.best, engine.best);
        assert_eq!(app.runner_up, engine.runner_up);
        assert_eq!(app.paired, engine.paired);
        assert_eq!(app.decisions, engine.decisions);
        assert_eq!((app.runs, app.seed, app.objective), (engine.runs, engine.seed, engine.objective));
        assert_eq!(app.candidates.len(), engine.candidates.len());
        for (a, e) in app.candidates.iter().zip(&engine.candidates) {
            assert_eq!(a.values, e.values);
            assert_eq!(a.objective, e.objective, "{:?}", a.values);
            assert_eq!(a.constraints, e.constraints, "{:?}", a.values);
            assert_eq!((a.feasible, &a.invalid), (e.feasible, &e.invalid), "{:?}", a.values);
        }
        engine
    }

    #[test]
    fn finish_picks_the_engines_best_with_the_same_estimates_on_one_decision() {
        // Includes an invalid candidate (minute 90), and candidates that break the stock-out constraint.
        let s = Setup { stockout_limit: Some(0.5), ..setup(vec![var("offer:1.start", 20.0, 90.0, 10.0)]) };
        let o = assert_same_as_the_engine(&s);
        assert!(o.candidates.last().is_some_and(|c| c.invalid.is_some()), "minute 90 is invalid");
        assert!(o.candidates.iter().any(|c| c.invalid.is_none() && !c.feasible), "one breaks a constraint");
    }

    #[test]
    fn finish_picks_the_engines_best_with_the_same_estimates_on_two_decisions() {
        let s = Setup {
            measure: MeasureKind::Median,
            kpi: Kpi::Revenue,
            stockout_limit: None,
            ..setup(vec![var("offer:1.start", 40.0, 60.0, 10.0), var("offer:1.price", 129.9, 169.9, 20.0)])
        };
        assert_eq!(assert_same_as_the_engine(&s).candidates.len(), 3 * 3);
    }

    #[test]
    fn the_goal_seek_form_reads_into_the_engines_search_or_says_what_is_wrong() {
        let doc = example();
        let (s, plan) = (from_value(&doc).unwrap(), plan_of(&doc));
        let bracket = VarSetup { step: String::new(), ..var("offer:1.qty", 10.4, 300.0, 1.0) };
        let form = GoalSetup { var: bracket, ..GoalSetup::default() };
        let spec = form.spec(&s, &plan, 7, 500, &en()).unwrap();
        // An empty threshold is the KPI's target; whole numbers round the bracket inwards.
        let event = Event { kpi: Kpi::Revenue, cmp: Cmp::Ge, threshold: 60_000.0 };
        assert_eq!((spec.event, spec.goal, spec.bracket, spec.tolerance), (event, 0.8, (11.0, 300.0), 1.0));
        assert_eq!((spec.seed, spec.runs.clone(), spec.base), (7, 0..500, 120.0));
        let at_most = GoalSetup { cmp: Cmp::Le, threshold: "5e4".into(), goal: "25".into(), ..form.clone() };
        let spec = at_most.spec(&s, &plan, 7, 500, &en()).unwrap();
        assert_eq!((spec.event.cmp, spec.event.threshold, spec.goal), (Cmp::Le, 50_000.0, 0.25));
        let wrong = |f: GoalSetup| f.spec(&s, &plan, 1, 10, &en()).unwrap_err();
        assert_eq!(wrong(GoalSetup::default()), "choose a decision to seek");
        assert_eq!(wrong(GoalSetup { goal: "80 %".into(), ..form.clone() }), "chance sought: “80 %” is not a number");
        assert_eq!(
            wrong(GoalSetup { goal: "180".into(), ..form.clone() }),
            "the probability sought must be above 0 and at most 1, got 1.8"
        );
        assert!(wrong(GoalSetup { kpi: Kpi::Orders, ..form.clone() }).contains("no target on orders"));
        let reversed = GoalSetup { var: var("offer:1.qty", 300.0, 10.0, 1.0), ..form };
        assert_eq!(wrong(reversed), "the bracket 300..10 must run from a lower to a higher value");
    }

    #[test]
    fn a_goal_can_be_sought_over_the_decisions_then_the_ranges_then_the_plain_inputs() {
        let mut doc = example();
        doc["audience"]["direct"]["show_up_rate"] = json!({ "lo": 0.04, "hi": 0.08 });
        let s = from_value(&doc).unwrap();
        let goal = goal_menu(&s, &en());
        let decisions = menu(&s, &en());
        assert_eq!(goal[..decisions.len()], decisions[..]);
        let inputs = &goal[decisions.len()..];
        assert_eq!(inputs.len(), given_inputs(&s).len());
        assert!(inputs.iter().all(|c| matches!(c.decision, Decision::Input(_))));
        let show_up = &inputs[0];
        assert_eq!(show_up.label, "Uncertain input: audience.direct.show_up_rate");
        assert_eq!(show_up.range, Some((0.04, 0.08)));
        assert!(inputs[1..].iter().all(|c| c.range.is_none() && c.label.starts_with("Input: ")));
        // A range is searched over itself; a plain value from half to one and a half of it, a share to 1 at most.
        assert_eq!(default_range(show_up, &s), (0.04, 0.08, 0.002));
        let input = |path: &str| inputs.iter().find(|c| c.decision.to_string() == format!("input:{path}")).unwrap();
        assert_eq!(default_range(input("audience.direct.followers"), &s), (20_000.0, 60_000.0, 2_000.0));
        assert_eq!(default_range(input("checkout.base_abandon"), &s), (0.11, 0.33, 0.011));
        assert_eq!(default_range(input("audience.background_share"), &s).1, 0.225);
        // The form reads an input like a decision, at its value (a range's mean) in the scenario.
        let plan = plan_of(&doc);
        let form =
            GoalSetup { var: var("input:audience.direct.show_up_rate", 0.04, 0.08, 0.001), ..GoalSetup::default() };
        let spec = form.spec(&s, &plan, 7, 500, &en()).unwrap();
        assert_eq!((spec.base, spec.bracket, spec.tolerance), (plan.base.show_up_rate, (0.04, 0.08), 0.001));
        // An input's answer is not applied to the document.
        let d: Decision = "input:audience.direct.show_up_rate".parse().unwrap();
        assert_eq!(
            apply_to_doc(&doc, &[d], &[0.05], &en()).unwrap_err(),
            "audience.direct.show_up_rate is an input, not a setting: the scenario keeps it"
        );
    }

    #[test]
    fn applying_a_value_changes_only_the_fields_the_decision_moves() {
        let doc = example();
        let start: Decision = "offer:1.start".parse().unwrap();
        let out = apply_to_doc(&doc, std::slice::from_ref(&start), &[45.0], &en()).unwrap();
        let scenario = from_value(&out).expect("the result reads");
        check(&scenario).expect("the result validates");
        assert_eq!(start.resolve(&scenario), Ok(45.0));
        let (before, after) = (doc.as_object().unwrap(), out.as_object().unwrap());
        assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
        for (key, value) in before {
            if key != "offers" {
                assert_eq!(&after[key], value, "{key}");
            }
        }
        assert_eq!(out["offers"][0], doc["offers"][0]);
        assert_eq!(out["offers"][2], doc["offers"][2]);
        // The window moves as a whole: same length, the announcement as far ahead.
        let flash = &out["offers"][1];
        assert_eq!((flash["start_min"].clone(), flash["end_min"].clone()), (json!(45), json!(55)));
        assert_eq!(flash["announce_min"], json!(37));
        for (key, value) in doc["offers"][1].as_object().unwrap() {
            if !["start_min", "end_min", "announce_min"].contains(&key.as_str()) {
                assert_eq!(&flash[key], value, "{key}");
            }
        }
        // A product's stock touches that product's stock only.
        let stock: Decision = "item:serum.stock".parse().unwrap();
        let out = apply_to_doc(&doc, std::slice::from_ref(&stock), &[777.0], &en()).unwrap();
        check(&from_value(&out).unwrap()).expect("validates");
        let mut expected = doc.clone();
        expected["catalog"][0]["stock"] = json!(777);
        assert_eq!(out, expected);
        // A value the decision cannot take is refused, not half applied.
        assert!(apply_to_doc(&doc, &[start], &[-5.0], &en()).is_err());
    }
}
