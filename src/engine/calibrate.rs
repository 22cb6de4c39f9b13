//! Calibration: a scenario's audience and purchase rates fitted to past lives, with the engine itself as the model.
//!
//! The method is approximate Bayesian computation by population Monte Carlo
//! (Beaumont, Cornuet, Marin and Robert 2009). Each fitted number starts from
//! a prior: the scenario's own range when it has one, else "the plan's value,
//! give or take a factor of three" (a lognormal whose 90 % interval is
//! `value / 3 ..= value * 3`). A round draws candidates from a proposal (round
//! 0: the prior), simulates every past live with each, measures how far each
//! simulated live is from the real one on a few summary statistics, keeps the
//! nearest share (`accept`), and weighs the kept ones by prior over proposal
//! density. The next round proposes from a lognormal fitted to those (twice
//! their variance, as the paper's kernel). The kept candidates of the last
//! round are the posterior: each number's median and 90 % interval.
//!
//! Candidate `i` of round `r` is run `r * runs_per_round + i`: its values are
//! drawn from the stream `(seed, run)` like any run's uncertain inputs, and
//! past live `k` is simulated with them on the seed `live_seed(seed, k)`. So a
//! calibration depends only on (scenario, lives, options, seed), whatever
//! splits the candidates over threads or workers: [`Calibration::candidates`]
//! computes any range of them, [`Calibration::settle`] closes a round.
//!
//! The summary statistics, per live: arrivals (per channel when the file
//! gives every channel), viewer-minutes and orders in up to six equal spans of
//! the live; new and returning buyers when the file has them; and, when
//! content factors are fitted, orders and viewer-minutes of each kind's
//! minutes. Counts enter as square roots (a Poisson count's root has a
//! standard deviation near 1/2 whatever its mean), each scaled by its noise:
//! its standard deviation over 100 lives simulated with the scenario's own
//! values (at least 1/2), so a statistic counts by how much it can tell.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::engine::actual::Actual;
use crate::engine::order::order_by;
use crate::engine::plan::{CHANNELS, Plan, SEGMENTS, Slot, UncertainInput};
use crate::engine::session::{LivePlan, Session};
use crate::engine::uncertain::{Dist, draw_inputs};

/// A number nobody has given a range is known "within a factor of three" before the data.
pub const PRIOR_FACTOR: f64 = 3.0;

/// The normal score of the 95th percentile: a 90 % interval is `±Z90` scores.
const Z90: f64 = 1.644_853_626_951_472_2;

/// The standard deviation of the square root of a Poisson count, the smallest spread a statistic is scaled by.
const ROOT_COUNT_SD: f64 = 0.5;

/// The noise of the statistics is measured on this many lives at the scenario's values,
/// runs from [`NOISE_RUNS_FROM`] on (no round reaches them).
const NOISE_RUNS: u64 = 100;
const NOISE_RUNS_FROM: u64 = 1 << 48;

/// A live's minutes are cut into at most this many spans for the statistics.
const SPANS: usize = 6;

/// How a calibration runs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// Also fit the intent and leave factors of the content kinds the rundown uses.
    pub content: bool,
    /// Candidates per round (each simulates every past live once).
    pub runs_per_round: u64,
    pub rounds: u32,
    /// The share of a round's candidates kept.
    pub accept: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options { content: false, runs_per_round: 2000, rounds: 10, accept: 0.1 }
    }
}

/// Why a calibration cannot start.
#[derive(Clone, Debug, PartialEq)]
pub enum CalibrationError {
    NoLives,
    /// The scenario has none of the numbers a calibration fits (no channel with viewers, every rate 0).
    NothingToFit,
    /// Rounds, candidates per round or the kept share are out of range.
    BadOptions(&'static str),
}

impl std::fmt::Display for CalibrationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CalibrationError::NoLives => f.write_str("calibration needs at least one past live"),
            CalibrationError::NothingToFit => f.write_str(
                "the scenario has nothing to calibrate: no direct or organic viewers and no segment rate above 0",
            ),
            CalibrationError::BadOptions(what) => write!(f, "calibration options: {what}"),
        }
    }
}

impl std::error::Error for CalibrationError {}

/// Something the user should know about the data a calibration uses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CalibrationNote {
    /// Past live `live` (0-based) has more minutes than the scenario: only the scenario's are compared.
    LiveLonger { live: usize, minutes: u32, duration: u32 },
    /// Past live `live` is shorter than the scenario: its minutes are compared, the rest of the plan is not.
    LiveShorter { live: usize, minutes: u32, duration: u32 },
}

impl std::fmt::Display for CalibrationNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            CalibrationNote::LiveLonger { live, minutes, duration } => write!(
                f,
                "past live {}: {minutes} minutes, longer than the scenario's {duration}; only its first {duration} are compared",
                live + 1
            ),
            CalibrationNote::LiveShorter { live, minutes, duration } => write!(
                f,
                "past live {}: {minutes} minutes, shorter than the scenario's {duration}; only those {minutes} are compared",
                live + 1
            ),
        }
    }
}

/// One number being fitted.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    pub slot: Slot,
    /// Its place in a scenario file, e.g. `audience.direct.show_up_rate`.
    pub path: String,
    /// The scenario's value (a range's median).
    pub plan_value: f64,
    pub prior: Dist,
    /// Whether the scenario gave it as a range (that range is the prior).
    pub ranged: bool,
}

/// Where a round draws its candidates from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Proposal {
    Prior,
    /// A lognormal `(mu, sigma)` of each fitted number, in [`Calibration::fitted`] order.
    LogNormal(Vec<(f64, f64)>),
    /// Every fitted number at one value: the lives the noise of the statistics is measured on.
    Point(Vec<f64>),
}

/// One candidate: its fitted values and the summary statistics of its simulated lives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub run: u64,
    pub values: Vec<f64>,
    pub stats: Vec<f64>,
}

/// A fitted number after a round: median and 90 % interval of the kept candidates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub path: String,
    pub plan_value: f64,
    /// The prior's 90 % interval.
    pub prior_lo: f64,
    pub prior_hi: f64,
    pub median: f64,
    pub lo: f64,
    pub hi: f64,
}

/// What a round ends with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Round {
    /// The largest distance kept.
    pub epsilon: f64,
    /// Candidates kept, and the effective number of them after weighting.
    pub kept: usize,
    pub effective: f64,
    pub estimates: Vec<Estimate>,
    /// The kept candidates' values and weights (summing to 1).
    pub posterior: Vec<(Vec<f64>, f64)>,
    pub next: Proposal,
}

/// A calibration set up: what is fitted, from what prior, against which lives.
#[derive(Clone, Debug)]
pub struct Calibration {
    pub fitted: Vec<Fitted>,
    pub options: Options,
    pub notes: Vec<CalibrationNote>,
    /// The scenario with every fitted number uncertain (its prior) and out of any correlation.
    plan: Plan,
    /// Where each fitted number sits in `plan.uncertain`.
    index: Vec<usize>,
    lives: Vec<LiveShape>,
    observed: Vec<f64>,
}

/// What is compared of one past live.
#[derive(Clone, Debug)]
struct LiveShape {
    minutes: usize,
    spans: Vec<Range<usize>>,
    /// Arrivals by channel (when the file gives every channel the scenario brings viewers by), else in total.
    by_channel: Option<Vec<usize>>,
    buyers: bool,
    /// Per fitted content kind, the minutes it covers.
    kinds: Vec<Vec<usize>>,
}

/// One minute of a live as the statistics read it.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    viewers: u64,
    arrivals: u64,
    orders: u64,
    channels: [u64; 3],
    buyers: [u64; 2],
}

/// The seed past live `live` is simulated on: a live's luck is its own, its parameters are the candidate's.
pub fn live_seed(seed: u64, live: usize) -> u64 {
    seed.wrapping_add((live as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

impl Calibration {
    pub fn new(plan: &Plan, lives: &[Actual], options: Options) -> Result<Calibration, CalibrationError> {
        if lives.is_empty() {
            return Err(CalibrationError::NoLives);
        }
        if !(1..=100).contains(&options.rounds) {
            return Err(CalibrationError::BadOptions("rounds must be 1 to 100"));
        }
        if !(100..=1_000_000).contains(&options.runs_per_round) {
            return Err(CalibrationError::BadOptions("candidates per round must be 100 to 1,000,000"));
        }
        if !(options.accept > 0.0 && options.accept <= 0.5) {
            return Err(CalibrationError::BadOptions("the kept share must be above 0 and at most 0.5"));
        }
        let live_plan = LivePlan::from_plan(plan);
        let kinds_used: Vec<usize> = {
            let mut k: Vec<usize> = (0..plan.duration).map(|t| live_plan.content_at(t).0).collect();
            k.sort_unstable();
            k.dedup();
            k
        };
        let fitted = fitted_numbers(plan, options.content, &kinds_used);
        if fitted.is_empty() {
            return Err(CalibrationError::NothingToFit);
        }

        let mut prior_plan = plan.clone();
        let mut index = Vec::with_capacity(fitted.len());
        for f in &fitted {
            match prior_plan.uncertain.iter().position(|u| u.slot == f.slot) {
                Some(i) => index.push(i),
                None => {
                    index.push(prior_plan.uncertain.len());
                    prior_plan.uncertain.push(UncertainInput { path: f.path.clone(), dist: f.prior, slot: f.slot });
                }
            }
        }
        // A fitted number is drawn on its own: the data, not a declared correlation, ties it to others.
        prior_plan.correlated.retain(|g| !g.inputs.iter().any(|i| index.contains(i)));

        let brings = [plan.base.followers > 0.0, plan.ad_spend > 0.0, plan.base.base_per_min > 0.0];
        let mut notes = Vec::new();
        let mut shapes = Vec::with_capacity(lives.len());
        let mut observed = Vec::new();
        let fitted_kinds: Vec<usize> = fitted
            .iter()
            .filter_map(|f| match f.slot {
                Slot::ContentIntent(k) => Some(k),
                _ => None,
            })
            .collect();
        for (k, live) in lives.iter().enumerate() {
            let minutes = live.minutes.len().min(plan.duration as usize);
            let given = live.minutes.len() as u32;
            if given > plan.duration {
                notes.push(CalibrationNote::LiveLonger { live: k, minutes: given, duration: plan.duration });
            } else if given < plan.duration {
                notes.push(CalibrationNote::LiveShorter { live: k, minutes: given, duration: plan.duration });
            }
            let channels: Vec<usize> = (0..CHANNELS.len()).filter(|&c| brings[c]).collect();
            let by_channel =
                (!channels.is_empty() && channels.iter().all(|&c| live.channels[c].is_some())).then_some(channels);
            let buyers = live.minutes.iter().all(|m| m.buyers_new.is_some() && m.buyers_returning.is_some());
            let kinds = fitted_kinds
                .iter()
                .map(|&kind| (0..minutes).filter(|&t| live_plan.content_at(t as u32).0 == kind).collect())
                .collect();
            let shape = LiveShape { minutes, spans: spans(minutes), by_channel, buyers, kinds };
            let counts: Vec<Counts> = (0..minutes)
                .map(|t| {
                    let m = &live.minutes[t];
                    let channel = |c: usize| live.channels[c].as_ref().map_or(0, |v| v[t]);
                    Counts {
                        viewers: m.viewers,
                        arrivals: m.arrivals,
                        orders: m.orders,
                        channels: [channel(0), channel(1), channel(2)],
                        buyers: [m.buyers_new.unwrap_or(0), m.buyers_returning.unwrap_or(0)],
                    }
                })
                .collect();
            observed.extend(shape.stats(&counts));
            shapes.push(shape);
        }
        Ok(Calibration { fitted, options, notes, plan: prior_plan, index, lives: shapes, observed })
    }

    /// The summary statistics of the past lives, in the order candidates' are.
    pub fn observed(&self) -> &[f64] {
        &self.observed
    }

    /// The scenario a round draws from: the prior, or the proposal's lognormals in place of the fitted numbers.
    fn plan_for(&self, proposal: &Proposal) -> Plan {
        let mut plan = self.plan.clone();
        match proposal {
            Proposal::Prior => {}
            Proposal::LogNormal(params) => {
                for (&i, &(mu, sigma)) in self.index.iter().zip(params) {
                    plan.uncertain[i].dist = Dist::LogNormal { mu, sigma };
                }
            }
            Proposal::Point(values) => {
                for (&i, &v) in self.index.iter().zip(values) {
                    plan.uncertain[i].dist = Dist::Uniform { lo: v, hi: v };
                }
            }
        }
        plan
    }

    /// Candidates `runs` of a round drawing from `proposal`: any split of a round's runs gives the same candidates.
    pub fn candidates(&self, proposal: &Proposal, seed: u64, runs: Range<u64>) -> Vec<Candidate> {
        let plan = self.plan_for(proposal);
        runs.map(|run| {
            let inputs = draw_inputs(&plan, seed, run);
            let values = self.index.iter().map(|&i| inputs[i]).collect();
            let mut stats = Vec::with_capacity(self.observed.len());
            for (k, shape) in self.lives.iter().enumerate() {
                let mut session = Session::with_inputs(&plan, live_seed(seed, k), run, inputs.clone());
                let mut counts = Vec::with_capacity(shape.minutes);
                let (mut channels, mut buyers) = ([0u64; 3], [0u64; 2]);
                while counts.len() < shape.minutes {
                    let Some(m) = session.step() else { break };
                    let now_channels = session.channel_outputs().map(|c| c.arrivals);
                    let now_buyers = session.buyers_by_segment();
                    counts.push(Counts {
                        viewers: m.viewers,
                        arrivals: m.arrivals,
                        orders: m.orders,
                        channels: [0, 1, 2].map(|c| now_channels[c] - channels[c]),
                        buyers: [0, 1].map(|s| now_buyers[s] - buyers[s]),
                    });
                    (channels, buyers) = (now_channels, now_buyers);
                }
                stats.extend(shape.stats(&counts));
            }
            Candidate { run, values, stats }
        })
        .collect()
    }

    /// The scenario's own values, where the noise of the statistics is measured.
    pub fn noise_point(&self) -> Proposal {
        Proposal::Point(self.fitted.iter().map(|f| f.plan_value).collect())
    }

    /// The runs the noise is measured on (apart from every round's).
    pub fn noise_runs(&self) -> Range<u64> {
        NOISE_RUNS_FROM..NOISE_RUNS_FROM + NOISE_RUNS
    }

    /// How much each statistic varies from one live to the next with the same numbers: its
    /// standard deviation over `candidates` (the [`Calibration::noise_runs`]), at least that
    /// of a Poisson count's root. A distance in these units weighs a statistic by what it can tell.
    pub fn noise(&self, candidates: &[Candidate]) -> Vec<f64> {
        let n = candidates.len() as f64;
        (0..self.observed.len())
            .map(|j| {
                let mean = candidates.iter().map(|c| c.stats[j]).sum::<f64>() / n.max(1.0);
                let var = candidates.iter().map(|c| (c.stats[j] - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
                var.sqrt().max(ROOT_COUNT_SD)
            })
            .collect()
    }

    /// The runs of round `round`.
    pub fn round_runs(&self, round: u32) -> Range<u64> {
        let n = self.options.runs_per_round;
        u64::from(round) * n..u64::from(round + 1) * n
    }

    /// Closes a round: keeps the nearest candidates (distances in units of `noise`), weighs them,
    /// and proposes the next round. `candidates` are the round's, in any order.
    pub fn settle(&self, proposal: &Proposal, candidates: &[Candidate], noise: &[f64]) -> Round {
        let by_run = order_by(&candidates.iter().map(|c| c.run as f64).collect::<Vec<_>>());
        let candidates: Vec<&Candidate> = by_run.into_iter().map(|i| &candidates[i]).collect();
        let distance = |c: &Candidate| {
            c.stats.iter().zip(&self.observed).zip(noise).map(|((s, o), k)| ((s - o) / k).powi(2)).sum::<f64>().sqrt()
        };
        let distances: Vec<f64> = candidates.iter().map(|&c| distance(c)).collect();
        // Equal distances keep run order, so the kept set does not depend on the order candidates came in.
        let ranked: Vec<(f64, &Candidate)> =
            order_by(&distances).into_iter().map(|i| (distances[i], candidates[i])).collect();
        let keep = ((ranked.len() as f64 * self.options.accept).ceil() as usize).clamp(1, ranked.len().max(1));
        let kept = &ranked[..keep.min(ranked.len())];
        let epsilon = kept.last().map_or(0.0, |k| k.0);

        let log_weight = |values: &[f64]| -> f64 {
            match proposal {
                Proposal::Prior | Proposal::Point(_) => 0.0,
                Proposal::LogNormal(params) => values
                    .iter()
                    .zip(&self.fitted)
                    .zip(params)
                    .map(|((&v, f), &(mu, sigma))| {
                        log_density(&f.prior, v) - log_density(&Dist::LogNormal { mu, sigma }, v)
                    })
                    .sum(),
            }
        };
        let logs: Vec<f64> = kept.iter().map(|(_, c)| log_weight(&c.values)).collect();
        let top = logs.iter().copied().filter(|l| l.is_finite()).fold(f64::NEG_INFINITY, f64::max);
        let mut weights: Vec<f64> =
            logs.iter().map(|&l| if l.is_finite() && top.is_finite() { (l - top).exp() } else { 0.0 }).collect();
        let total: f64 = weights.iter().sum();
        if total > 0.0 && total.is_finite() {
            weights.iter_mut().for_each(|w| *w /= total);
        } else {
            // No candidate the prior allows: nothing to weigh by, every kept one counts the same.
            weights = vec![1.0 / kept.len().max(1) as f64; kept.len()];
        }
        let effective = 1.0 / weights.iter().map(|w| w * w).sum::<f64>().max(f64::MIN_POSITIVE);

        let estimates = self
            .fitted
            .iter()
            .enumerate()
            .map(|(d, f)| {
                let column: Vec<(f64, f64)> = kept.iter().zip(&weights).map(|((_, c), &w)| (c.values[d], w)).collect();
                Estimate {
                    path: f.path.clone(),
                    plan_value: f.plan_value,
                    prior_lo: f.prior.at_normal_score(-Z90).max(0.0),
                    prior_hi: f.prior.at_normal_score(Z90),
                    median: weighted_quantile(&column, 0.5),
                    lo: weighted_quantile(&column, 0.05),
                    hi: weighted_quantile(&column, 0.95),
                }
            })
            .collect();
        let next = Proposal::LogNormal(
            (0..self.fitted.len())
                .map(|d| {
                    let logs: Vec<(f64, f64)> = kept
                        .iter()
                        .zip(&weights)
                        .map(|((_, c), &w)| (c.values[d].max(f64::MIN_POSITIVE).ln(), w))
                        .collect();
                    let mean: f64 = logs.iter().map(|(l, w)| l * w).sum();
                    let var: f64 = logs.iter().map(|(l, w)| w * (l - mean).powi(2)).sum();
                    // Twice the kept spread (the paper's kernel), and never a point: a later round must still be able to move.
                    (mean, (2.0 * var).sqrt().max(1e-3))
                })
                .collect(),
        );
        let posterior = kept.iter().zip(&weights).map(|((_, c), &w)| (c.values.clone(), w)).collect();
        Round { epsilon, kept: kept.len(), effective, estimates, posterior, next }
    }
}

impl LiveShape {
    fn stats(&self, counts: &[Counts]) -> Vec<f64> {
        let root = |v: u64| (v as f64).sqrt();
        let sum = |range: &Range<usize>, f: &dyn Fn(&Counts) -> u64| counts[range.clone()].iter().map(f).sum::<u64>();
        let mut out = Vec::new();
        for span in &self.spans {
            match &self.by_channel {
                Some(channels) => out.extend(channels.iter().map(|&c| root(sum(span, &|m| m.channels[c])))),
                None => out.push(root(sum(span, &|m| m.arrivals))),
            }
            out.push(root(sum(span, &|m| m.viewers)));
            out.push(root(sum(span, &|m| m.orders)));
        }
        if self.buyers {
            let all = 0..counts.len();
            out.push(root(sum(&all, &|m| m.buyers[0])));
            out.push(root(sum(&all, &|m| m.buyers[1])));
        }
        for minutes in &self.kinds {
            out.push(root(minutes.iter().map(|&t| counts[t].orders).sum()));
            out.push(root(minutes.iter().map(|&t| counts[t].viewers).sum()));
        }
        out
    }
}

/// `0..minutes` cut into at most [`SPANS`] nearly equal spans.
fn spans(minutes: usize) -> Vec<Range<usize>> {
    let n = SPANS.min(minutes);
    (0..n).map(|b| b * minutes / n..(b + 1) * minutes / n).collect()
}

/// The numbers a calibration fits in `plan`: those of the channels and segments it has (and, with `content`, the factors of the kinds it uses).
fn fitted_numbers(plan: &Plan, content: bool, kinds_used: &[usize]) -> Vec<Fitted> {
    let mut slots: Vec<(Slot, String)> = Vec::new();
    if plan.base.followers > 0.0 || plan.uncertain.iter().any(|u| u.slot == Slot::Followers) {
        slots.push((Slot::ShowUpRate, "audience.direct.show_up_rate".into()));
        slots.push((Slot::ArrivalTau, "audience.direct.arrival_tau_min".into()));
    }
    slots.push((Slot::BasePerMin, "audience.organic.base_per_min".into()));
    for (s, name) in SEGMENTS.iter().enumerate() {
        slots.push((Slot::SegmentIntent(s), format!("audience.segments.{name}.intent_per_min")));
        slots.push((Slot::SegmentLeave(s), format!("audience.segments.{name}.leave_per_min")));
    }
    if content {
        for &k in kinds_used {
            slots.push((Slot::ContentIntent(k), format!("content.{}.intent", plan.kinds[k])));
            slots.push((Slot::ContentLeave(k), format!("content.{}.leave", plan.kinds[k])));
        }
    }
    let mut base = plan.base.clone();
    slots
        .into_iter()
        .filter_map(|(slot, path)| match plan.uncertain.iter().find(|u| u.slot == slot) {
            Some(u) => Some(Fitted {
                slot,
                path: u.path.clone(),
                plan_value: u.dist.at_normal_score(0.0),
                prior: u.dist,
                ranged: true,
            }),
            None => {
                let value = *base.slot_mut(slot);
                // A zero (a channel the scenario does not have) cannot be scaled by a factor: it is not fitted.
                (value > 0.0 && value.is_finite()).then(|| Fitted {
                    slot,
                    path,
                    plan_value: value,
                    prior: Dist::LogNormal { mu: value.ln(), sigma: PRIOR_FACTOR.ln() / Z90 },
                    ranged: false,
                })
            }
        })
        .collect()
}

/// The log density of `dist` at `x` (minus infinity outside its support).
fn log_density(dist: &Dist, x: f64) -> f64 {
    const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;
    match *dist {
        Dist::Normal { mean, sd } if sd > 0.0 => -0.5 * ((x - mean) / sd).powi(2) - sd.ln() - LN_SQRT_2PI,
        Dist::LogNormal { mu, sigma } if sigma > 0.0 && x > 0.0 => {
            -0.5 * ((x.ln() - mu) / sigma).powi(2) - sigma.ln() - x.ln() - LN_SQRT_2PI
        }
        Dist::Uniform { lo, hi } if hi > lo && (lo..=hi).contains(&x) => -(hi - lo).ln(),
        Dist::Triangular { lo, mode, hi } if hi > lo && (lo..=hi).contains(&x) => {
            let d = if x < mode {
                2.0 * (x - lo) / ((hi - lo) * (mode - lo))
            } else if x > mode {
                2.0 * (hi - x) / ((hi - lo) * (hi - mode))
            } else {
                2.0 / (hi - lo)
            };
            d.ln()
        }
        Dist::LogNormal { sigma, .. } if sigma > 0.0 => f64::NEG_INFINITY,
        Dist::Uniform { lo, hi } | Dist::Triangular { lo, hi, .. } if hi > lo => f64::NEG_INFINITY,
        // A point (zero spread): every draw is there; the weights only compare candidates.
        _ => 0.0,
    }
}

/// The `q` quantile of weighted values (weights summing to 1): the smallest value whose cumulative weight reaches `q`.
fn weighted_quantile(values: &[(f64, f64)], q: f64) -> f64 {
    let order = order_by(&values.iter().map(|v| v.0).collect::<Vec<_>>());
    let mut cumulative = 0.0;
    for &(x, w) in order.iter().map(|&i| &values[i]) {
        cumulative += w;
        if cumulative >= q - 1e-12 {
            return x;
        }
    }
    order.last().map_or(0.0, |&i| values[i].0)
}

/// Every round of a calibration, candidates computed by `run` (in one thread, on threads, in workers).
pub fn calibrate(
    calibration: &Calibration,
    mut run: impl FnMut(&Proposal, Range<u64>) -> Vec<Candidate>,
) -> Vec<Round> {
    let noise = calibration.noise(&run(&calibration.noise_point(), calibration.noise_runs()));
    let mut proposal = Proposal::Prior;
    let mut rounds = Vec::with_capacity(calibration.options.rounds as usize);
    for r in 0..calibration.options.rounds {
        let candidates = run(&proposal, calibration.round_runs(r));
        let round = calibration.settle(&proposal, &candidates, &noise);
        proposal = round.next.clone();
        rounds.push(round);
    }
    rounds
}

/// Three significant digits, rounded away from the middle of an interval so it never narrows.
fn round_out(x: f64, up: bool) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(2 - x.abs().log10().floor() as i32);
    let r = if up { (x * scale).ceil() } else { (x * scale).floor() } / scale;
    if r.is_finite() { r } else { x }
}

/// `doc` (the calibrated scenario's file) with each fitted number set to its 90 % interval,
/// named "… (calibrated)", and without the correlations of fitted numbers.
pub fn calibrated_scenario(doc: &Value, estimates: &[Estimate]) -> Value {
    let mut doc = doc.clone();
    for e in estimates {
        let (lo, hi) = (round_out(e.lo, false), round_out(e.hi, true));
        let value = if lo < hi && lo > 0.0 { json!({ "lo": lo, "hi": hi }) } else { json!(round_out(e.median, false)) };
        set_path(&mut doc, &e.path, value);
    }
    if let Some(Value::Array(correlations)) = doc.get_mut("correlations") {
        correlations.retain(|c| {
            ["a", "b"].iter().all(|k| !estimates.iter().any(|e| c.get(k).and_then(Value::as_str) == Some(&e.path)))
        });
    }
    if let Some(Value::String(name)) = doc.get_mut("name") {
        if !name.ends_with(" (calibrated)") {
            name.push_str(" (calibrated)");
        }
    }
    doc
}

/// Sets the value at a dotted path of objects, creating the objects on the way.
fn set_path(doc: &mut Value, path: &str, value: Value) {
    let mut at = doc;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let Value::Object(map) = at else { return };
        if i + 1 == parts.len() {
            map.insert((*part).to_owned(), value);
            return;
        }
        at = map.entry((*part).to_owned()).or_insert_with(|| Value::Object(Map::new()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_density_integrates_to_one() {
        let dists = [
            Dist::Normal { mean: 2.0, sd: 0.5 },
            Dist::LogNormal { mu: 0.3, sigma: 0.4 },
            Dist::Uniform { lo: 1.0, hi: 3.0 },
            Dist::Triangular { lo: 0.0, mode: 1.0, hi: 4.0 },
        ];
        for d in dists {
            // Midpoint rule on 0..10 with 100,000 steps: error far below 1e-4 for these smooth, bounded densities.
            let n = 100_000;
            let h = 10.0 / n as f64;
            let total: f64 = (0..n).map(|i| log_density(&d, (i as f64 + 0.5) * h).exp() * h).sum();
            assert!((total - 1.0).abs() < 1e-3, "{d:?}: {total}");
        }
        assert_eq!(log_density(&Dist::Uniform { lo: 1.0, hi: 3.0 }, 4.0), f64::NEG_INFINITY);
    }

    #[test]
    fn weighted_quantiles_follow_the_weights() {
        let values = [(3.0, 0.1), (1.0, 0.1), (2.0, 0.8)];
        assert_eq!(weighted_quantile(&values, 0.05), 1.0);
        assert_eq!(weighted_quantile(&values, 0.5), 2.0);
        assert_eq!(weighted_quantile(&values, 0.95), 3.0);
    }

    #[test]
    fn intervals_round_outwards_to_three_digits() {
        assert_eq!(round_out(0.061_234, false), 0.0612);
        assert_eq!(round_out(0.061_234, true), 0.0613);
        assert_eq!(round_out(12.34, true), 12.4);
        assert_eq!(round_out(0.0, true), 0.0);
    }

    #[test]
    fn a_path_is_set_creating_what_is_missing() {
        let mut doc = json!({ "audience": { "direct": { "followers": 10 } } });
        set_path(&mut doc, "audience.direct.show_up_rate", json!(0.1));
        set_path(&mut doc, "content.demo.intent", json!({ "lo": 1, "hi": 2 }));
        assert_eq!(
            doc,
            json!({ "audience": { "direct": { "followers": 10, "show_up_rate": 0.1 } }, "content": { "demo": { "intent": { "lo": 1, "hi": 2 } } } })
        );
    }

    #[test]
    fn what_cannot_be_calibrated_is_said() {
        let plan = crate::engine::load(include_str!("../../www/scenarios/model-example.json")).unwrap();
        let live = crate::engine::actual::simulated_live(&plan, 1, 0);
        let lives = std::slice::from_ref(&live);
        let bad = |o: Options| Calibration::new(&plan, lives, o).unwrap_err().to_string();
        assert_eq!(Calibration::new(&plan, &[], Options::default()).unwrap_err(), CalibrationError::NoLives);
        assert!(bad(Options { rounds: 0, ..Options::default() }).contains("rounds must be 1 to 100"));
        assert!(bad(Options { runs_per_round: 10, ..Options::default() }).contains("100 to 1,000,000"));
        assert!(bad(Options { accept: f64::NAN, ..Options::default() }).contains("kept share"));
        let nobody = crate::engine::load(
            r#"{"schema": "livesim/1", "name": "empty", "duration_min": 5,
                "audience": {"segments": {"new": {"intent_per_min": 0, "leave_per_min": 0},
                                          "returning": {"intent_per_min": 0, "leave_per_min": 0}}}}"#,
        )
        .unwrap();
        assert_eq!(Calibration::new(&nobody, lives, Options::default()).unwrap_err(), CalibrationError::NothingToFit);
        // A live longer or shorter than the plan is compared on the minutes both have, and the user is told.
        let mut longer = live.clone();
        longer.minutes.extend((90..95).map(|t| crate::engine::actual::ActualMinute { minute: t, ..live.minutes[89] }));
        let mut shorter = live.clone();
        shorter.minutes.truncate(60);
        let c = Calibration::new(&plan, &[longer, shorter], Options::default()).unwrap();
        assert_eq!(
            c.notes,
            vec![
                CalibrationNote::LiveLonger { live: 0, minutes: 95, duration: 90 },
                CalibrationNote::LiveShorter { live: 1, minutes: 60, duration: 90 }
            ]
        );
        assert!(c.notes[0].to_string().starts_with("past live 1: 95 minutes, longer than the scenario's 90"));
        let candidate = &c.candidates(&Proposal::Prior, 1, 0..1)[0];
        assert_eq!(candidate.stats.len(), c.observed().len());
    }

    #[test]
    fn spans_cover_the_live_once() {
        for minutes in [1, 5, 6, 7, 90, 601] {
            let s = spans(minutes);
            assert_eq!(s.first().unwrap().start, 0);
            assert_eq!(s.last().unwrap().end, minutes);
            assert!(s.windows(2).all(|w| w[0].end == w[1].start && !w[0].is_empty()));
        }
    }
}
