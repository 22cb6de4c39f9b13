//! The app's side of optimisation and goal seek: the menu of decisions a scenario offers, the form's settings, candidates as plans for the workers, and applying a chosen value to the document.
//!
//! The engine does the statistics (`engine::optimize`, `engine::goalseek`);
//! this module only turns the editor's document and the form into what the
//! engine takes, and the engine's answer back into an edit of the document.

use std::rc::Rc;

use serde_json::Value;

use crate::app::runner::Source;
use crate::engine::decision::{Decision, OfferField, OfferRef, Range};
use crate::engine::montecarlo::RunRecord;
use crate::engine::optimize::{
    Axis, CandidateResult, Cmp, Constraint, Event, Measure, Objective, Optimization, axes, candidate_plan,
    evaluate_candidate, grid, paired, rank,
};
use crate::engine::scenario::{Offer, Scenario};
use crate::engine::validate::from_value;
use crate::engine::{Kpi, Plan};

/// A decision the scenario offers, with what people call it.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub decision: Decision,
    pub label: String,
    /// Its value in the scenario.
    pub base: f64,
}

/// Every decision of `s` that can be optimised, in the editor's order.
pub fn menu(s: &Scenario) -> Vec<Choice> {
    let mut out = Vec::new();
    let mut push = |decision: Decision, label: String| {
        if let Ok(base) = decision.resolve(s) {
            out.push(Choice { decision, label, base });
        }
    };
    for (i, offer) in s.offers.iter().enumerate() {
        let (kind, item, fields): (&str, &str, &[(OfferField, &str)]) = match offer {
            Offer::Discount(d) => (
                "discount",
                &d.item,
                &[
                    (OfferField::Start, "start minute"),
                    (OfferField::Length, "length (min)"),
                    (OfferField::Percent, "percent off"),
                ],
            ),
            Offer::Flash(f) => (
                "flash sale",
                &f.item,
                &[
                    (OfferField::Start, "start minute"),
                    (OfferField::Length, "length (min)"),
                    (OfferField::Price, "price"),
                    (OfferField::Qty, "quantity"),
                ],
            ),
            Offer::LeadMagnet(_) => ("lead magnet", "", &[(OfferField::Start, "minute")]),
        };
        for &(field, what) in fields {
            let on = if item.is_empty() { String::new() } else { format!(" on {item}") };
            push(Decision::Offer(OfferRef::Index(i), field), format!("Offer {} ({kind}{on}): {what}", i + 1));
        }
    }
    for kit in &s.kits {
        push(Decision::KitPrice(kit.id.clone()), format!("Kit {}: price", kit.id));
    }
    for item in &s.catalog {
        push(Decision::ItemPrice(item.id.clone()), format!("Product {}: price", item.id));
        push(Decision::ItemStock(item.id.clone()), format!("Product {}: stock", item.id));
    }
    push(Decision::PaidBudget, "Paid traffic: budget".to_owned());
    for (i, block) in s.rundown.iter().enumerate() {
        let what =
            block.spotlight.as_deref().map_or_else(|| block.kind.clone(), |item| format!("{} · {item}", block.kind));
        push(Decision::BlockOrder(i), format!("Rundown block {} ({what}): place in the running order", i + 1));
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
    let scale = 10f64.powf(x.log10().floor() - 1.0);
    (x / scale).round() * scale
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
    /// The objective the form describes, for a plan with these targets.
    pub fn objective(&self, plan: &Plan) -> Result<Objective, String> {
        let measure = match self.measure {
            MeasureKind::Mean => Measure::Mean(self.kpi),
            MeasureKind::Median => Measure::Median(self.kpi),
            MeasureKind::Chance => Measure::Probability(self.event(plan)?),
        };
        Ok(Objective::new(measure))
    }

    /// The event a chance counts: the typed threshold, else the KPI's target.
    pub fn event(&self, plan: &Plan) -> Result<Event, String> {
        let typed = self.threshold.trim();
        if typed.is_empty() {
            let target = plan.targets.iter().find(|t| t.kpi == self.kpi);
            return target
                .map(|t| Event::target(t.kpi, t.value))
                .ok_or_else(|| format!("the scenario has no target on {}: type a threshold", self.kpi.name()));
        }
        let value = number(typed, "threshold")?;
        Ok(Event::target(self.kpi, value))
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

fn number(text: &str, what: &str) -> Result<f64, String> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| format!("{what}: “{text}” is not a number"))
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

/// Reads the document and the form into candidates; a message names what is wrong.
pub fn prepare(doc: &Value, plan: &Plan, setup: &Setup) -> Result<Prepared, String> {
    let scenario = from_value(doc).map_err(|e| format!("the scenario has problems: {e}"))?;
    if setup.vars.is_empty() {
        return Err("choose a decision to optimise".to_owned());
    }
    let decisions = setup
        .vars
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let decision: Decision = v.decision.parse().map_err(|e| format!("decision {}: {e}", i + 1))?;
            let from = number(&v.from, "from")?;
            let to = number(&v.to, "to")?;
            let step = number(&v.step, "step")?;
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
        objective: setup.objective(plan)?,
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

/// The document with the decisions set to `values`: only the fields they move
/// change, so the rest of the user's document (ranges, notes, key order) stays.
pub fn apply_to_doc(doc: &Value, decisions: &[Decision], values: &[f64]) -> Result<Value, String> {
    let mut scenario = from_value(doc).map_err(|e| format!("the scenario has problems: {e}"))?;
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
                        .ok_or_else(|| format!("no offer on {id}"))?,
                };
                let offer = out.pointer_mut(&format!("/offers/{index}")).ok_or("the document has no such offer")?;
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
                let (i, kit) = scenario.kits.iter().enumerate().find(|(_, k)| k.id == *id).ok_or("no such kit")?;
                set_at(&mut out, &format!("/kits/{i}"), "price", kit.price.into())?;
            }
            Decision::ItemPrice(id) | Decision::ItemStock(id) => {
                let (i, item) =
                    scenario.catalog.iter().enumerate().find(|(_, p)| p.id == *id).ok_or("no such product")?;
                let (field, value) = match d {
                    Decision::ItemPrice(_) => ("price", item.price.into()),
                    _ => ("stock", item.stock.into()),
                };
                set_at(&mut out, &format!("/catalog/{i}"), field, value)?;
            }
            Decision::PaidBudget => {
                let budget =
                    scenario.audience.paid.as_ref().map(|p| p.budget).ok_or("the scenario has no paid traffic")?;
                set_at(&mut out, "/audience/paid", "budget", budget.into())?;
            }
            Decision::BlockOrder(_) => {
                let blocks = scenario.rundown.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>();
                *out.pointer_mut("/rundown").ok_or("the document has no rundown")? =
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

fn set_at(doc: &mut Value, pointer: &str, key: &str, value: Value) -> Result<(), String> {
    let object = doc.pointer_mut(pointer).ok_or_else(|| format!("the document has nothing at {pointer}"))?;
    set(object, key, value);
    Ok(())
}
