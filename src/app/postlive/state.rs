//! The post-live page's one `State` and `enum Move`: the plan and its runs, the past lives imported, the
//! plan-versus-actual analysis of the one selected, and a calibration's rounds and goodness of fit.
//!
//! The state says what the workers should be doing ([`State::requests`]: each piece of work a job of its
//! own id, taken from one counter); the page hands that list to the pool after every change, and answers
//! come back as moves naming their job. An answer whose job is not the one the state waits for is stale
//! and changes nothing. A calibration follows `engine::calibrate::calibrate` step for step: the noise
//! lives, then each round's candidates from the proposal the round before settled on.

use std::rc::Rc;

use serde_json::Value;
use yew::Reducible;

use crate::app::i18n::Words;
use crate::app::link::OpenProblem;
use crate::app::postlive::pool::Request;
use crate::engine::actual::{Actual, ActualWarning, read_actual};
use crate::engine::calibrate::{
    Calibration, CalibrationError, Candidate, Options, Proposal, Round, calibrated_scenario,
};
use crate::engine::postlive::{Versus, versus};
use crate::engine::validate::{check, parse};
use crate::engine::{Plan, RunRecord, Summary, summarize};

/// Runs of the plan behind its bands and percentiles (and of a calibrated scenario, for its fit).
pub const PLAN_RUNS: u64 = 1000;

/// A past live imported from a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Live {
    /// The file's name.
    pub name: String,
    pub actual: Rc<Actual>,
    /// What in it looked odd but was kept.
    pub warnings: Vec<ActualWarning>,
}

/// A file that was not imported: its name and why (the engine's message, with line and column).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportError {
    pub file: String,
    pub message: String,
}

/// A scenario's runs, once they are all in.
#[derive(Debug)]
pub struct Simulated {
    pub plan: Rc<Plan>,
    pub records: Vec<RunRecord>,
    pub summary: Summary,
}

/// A job of runs in the workers: how far it got, and its result.
#[derive(Clone, Debug)]
pub struct Runs {
    pub job: u64,
    pub done: u64,
    pub total: u64,
    pub result: Option<Rc<Simulated>>,
    pub error: Option<String>,
}

impl Runs {
    fn new(job: u64) -> Runs {
        Runs { job, done: 0, total: PLAN_RUNS, result: None, error: None }
    }

    fn pending(&self) -> bool {
        self.result.is_none() && self.error.is_none()
    }
}

/// Where a calibration is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Simulating lives at the scenario's own values, to measure how much each statistic varies.
    Noise,
    /// Round `r` (from 0) under way.
    Round(u32),
    Finished,
    Failed,
}

/// The calibrated scenario: its document, and its text and plan (or why the engine refuses it).
#[derive(Debug)]
pub struct Calibrated {
    pub doc: Value,
    pub checked: Result<(Rc<String>, Rc<Plan>), String>,
}

/// A calibration under way or done.
#[derive(Clone, Debug)]
pub struct Calibrating {
    /// The job of the stage under way.
    pub job: u64,
    pub calibration: Rc<Calibration>,
    /// What the workers set the same calibration up from.
    pub scenario: Rc<String>,
    pub lives: Rc<Vec<Actual>>,
    /// The lives' file names.
    pub names: Rc<Vec<String>>,
    pub seed: u64,
    pub stage: Stage,
    /// Why a worker could not run it (never for what the page checked).
    pub error: Option<String>,
    /// What the stage under way draws from.
    pub proposal: Rc<Proposal>,
    pub noise: Rc<Vec<f64>>,
    /// The last round settled.
    pub round: Option<Rc<Round>>,
    /// Lives simulated in the stages done, and in the one under way.
    pub done: u64,
    pub stage_done: u64,
    pub total: u64,
    pub calibrated: Option<Rc<Calibrated>>,
}

impl Calibrating {
    pub fn running(&self) -> bool {
        matches!(self.stage, Stage::Noise | Stage::Round(_))
    }

    /// Lives simulated so far.
    pub fn simulated(&self) -> u64 {
        (self.done + self.stage_done).min(self.total)
    }
}

#[derive(Clone, Debug)]
pub struct State {
    pub words: Words,
    pub doc: Option<Rc<Value>>,
    /// The scenario's text, as the workers get it.
    pub text: Option<Rc<String>>,
    pub plan: Option<Rc<Plan>>,
    /// Why there is nothing to compare with, if so.
    pub problem: Option<OpenProblem>,
    pub seed: u64,
    next_job: u64,
    /// The plan's own runs.
    pub plan_runs: Option<Runs>,
    pub lives: Vec<Live>,
    /// The live on show.
    pub selected: usize,
    pub import_error: Option<ImportError>,
    /// The selected live against the plan's runs.
    pub versus: Option<Rc<Versus>>,
    pub options: Options,
    /// Why a calibration could not start.
    pub refused: Option<CalibrationError>,
    pub calibration: Option<Calibrating>,
    /// The calibrated scenario's runs, and the selected live against them.
    pub fit: Option<Runs>,
    pub fit_versus: Option<Rc<Versus>>,
}

impl Default for State {
    fn default() -> Self {
        State {
            words: Words::english(),
            doc: None,
            text: None,
            plan: None,
            problem: None,
            seed: 1,
            next_job: 0,
            plan_runs: None,
            lives: Vec::new(),
            selected: 0,
            import_error: None,
            versus: None,
            options: Options::default(),
            refused: None,
            calibration: None,
            fit: None,
            fit_versus: None,
        }
    }
}

/// What can happen to the page.
#[derive(Debug)]
pub enum Move {
    Words(Words),
    Open {
        doc: Value,
        plan: Rc<Plan>,
        seed: u64,
    },
    Problem(OpenProblem),
    /// A file's text, to read as a past live.
    Import {
        name: String,
        text: String,
    },
    /// A file that could not even be read as text (the message names it).
    ImportFailed {
        name: String,
        message: String,
    },
    DismissImportError,
    Remove(usize),
    Select(usize),
    SetRounds(u32),
    SetRunsPerRound(u64),
    SetContent(bool),
    Calibrate,
    Cancel,
    /// A job's progress: runs (or candidates) done of its total.
    Progress {
        job: u64,
        done: u64,
    },
    Records {
        job: u64,
        records: Vec<RunRecord>,
    },
    Candidates {
        job: u64,
        candidates: Vec<Candidate>,
    },
    Failed {
        job: u64,
        error: String,
    },
}

/// Bounds of the calibration's options (the engine refuses others).
pub const ROUNDS: std::ops::RangeInclusive<u32> = 1..=100;
pub const RUNS_PER_ROUND: std::ops::RangeInclusive<u64> = 100..=1_000_000;

impl Reducible for State {
    type Action = Move;

    fn reduce(self: Rc<Self>, action: Move) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Move::Words(words) => s.words = words,
            Move::Open { doc, plan, seed } => {
                s.text = Some(Rc::new(doc.to_string()));
                s.doc = Some(Rc::new(doc));
                s.plan = Some(plan);
                s.seed = seed;
                s.problem = None;
                let job = s.job();
                s.plan_runs = Some(Runs::new(job));
                s.calibration = None;
                s.fit = None;
                s.refresh();
            }
            Move::Problem(why) => s.problem = Some(why),
            Move::Import { name, text } => match read_actual(&text) {
                Ok(imported) => {
                    s.lives.push(Live { name, actual: Rc::new(imported.actual), warnings: imported.warnings });
                    s.selected = s.lives.len() - 1;
                    s.import_error = None;
                    s.refresh();
                }
                Err(error) => s.import_error = Some(ImportError { file: name, message: error.to_string() }),
            },
            Move::ImportFailed { name, message } => s.import_error = Some(ImportError { file: name, message }),
            Move::DismissImportError => s.import_error = None,
            Move::Remove(i) if i < s.lives.len() => {
                s.lives.remove(i);
                if i < s.selected || s.selected >= s.lives.len() {
                    s.selected = s.selected.saturating_sub(1);
                }
                s.refresh();
            }
            Move::Select(i) if i < s.lives.len() && i != s.selected => {
                s.selected = i;
                s.refresh();
            }
            Move::SetRounds(r) if ROUNDS.contains(&r) && !s.calibrating() => s.options.rounds = r,
            Move::SetRunsPerRound(n) if RUNS_PER_ROUND.contains(&n) && !s.calibrating() => {
                s.options.runs_per_round = n;
            }
            Move::SetContent(on) if !s.calibrating() => s.options.content = on,
            Move::Calibrate if !s.calibrating() => s.start_calibration(),
            Move::Cancel if s.calibrating() => s.calibration = None,
            Move::Progress { job, done } => {
                let mut changed = false;
                for runs in [&mut s.plan_runs, &mut s.fit].into_iter().flatten() {
                    if runs.job == job && runs.pending() {
                        runs.done = done;
                        changed = true;
                    }
                }
                if let Some(c) = s.calibration.as_mut().filter(|c| c.job == job && c.running()) {
                    c.stage_done = done * c.lives.len() as u64;
                    changed = true;
                }
                if !changed {
                    return self;
                }
            }
            Move::Records { job, records } => {
                let plan = s.plan.clone();
                let fit_plan = s.calibrated_plan();
                let seed = s.seed;
                let fit_seed = s.calibration.as_ref().map_or(seed, |c| c.seed);
                let mut changed = false;
                for (runs, plan, seed) in [(&mut s.plan_runs, plan, seed), (&mut s.fit, fit_plan, fit_seed)] {
                    if let (Some(runs), Some(plan)) = (runs.as_mut().filter(|r| r.job == job && r.pending()), plan) {
                        runs.done = records.len() as u64;
                        let summary = summarize(&plan, seed, &records);
                        runs.result = Some(Rc::new(Simulated { plan, summary, records }));
                        changed = true;
                        break;
                    }
                }
                if !changed {
                    return self;
                }
                s.refresh();
            }
            Move::Candidates { job, candidates } => {
                if !s.calibration.as_ref().is_some_and(|c| c.job == job && c.running()) {
                    return self;
                }
                s.settle(&candidates);
            }
            Move::Failed { job, error } => {
                let mut changed = false;
                for runs in [&mut s.plan_runs, &mut s.fit].into_iter().flatten() {
                    if runs.job == job && runs.pending() {
                        runs.error = Some(error.clone());
                        changed = true;
                    }
                }
                if let Some(c) = s.calibration.as_mut().filter(|c| c.job == job && c.running()) {
                    c.stage = Stage::Failed;
                    c.error = Some(error);
                    changed = true;
                }
                if !changed {
                    return self;
                }
            }
            _ => return self,
        }
        Rc::new(s)
    }
}

impl State {
    /// A new job's id.
    fn job(&mut self) -> u64 {
        self.next_job += 1;
        self.next_job
    }

    pub fn calibrating(&self) -> bool {
        self.calibration.as_ref().is_some_and(Calibrating::running)
    }

    /// The live on show.
    pub fn live(&self) -> Option<&Live> {
        self.lives.get(self.selected)
    }

    /// The calibrated scenario's plan, once there is one the engine accepts.
    pub fn calibrated_plan(&self) -> Option<Rc<Plan>> {
        let calibrated = self.calibration.as_ref()?.calibrated.as_ref()?;
        calibrated.checked.as_ref().ok().map(|(_, plan)| plan.clone())
    }

    /// The work the workers should be doing now, each piece by its job.
    pub fn requests(&self) -> Vec<Request> {
        let mut out = Vec::new();
        if let (Some(text), Some(runs)) = (&self.text, self.plan_runs.as_ref().filter(|r| r.pending())) {
            out.push(Request::Runs { job: runs.job, scenario: text.clone(), seed: self.seed, runs: PLAN_RUNS });
        }
        if let Some(c) = &self.calibration {
            let runs = match c.stage {
                Stage::Noise => Some(c.calibration.noise_runs()),
                Stage::Round(r) => Some(c.calibration.round_runs(r)),
                Stage::Finished | Stage::Failed => None,
            };
            if let Some(runs) = runs {
                out.push(Request::Candidates {
                    job: c.job,
                    scenario: c.scenario.clone(),
                    lives: c.lives.clone(),
                    options: c.calibration.options,
                    proposal: c.proposal.clone(),
                    seed: c.seed,
                    runs,
                });
            }
            let text = c.calibrated.as_ref().and_then(|k| k.checked.as_ref().ok()).map(|(text, _)| text.clone());
            if let (Some(text), Some(fit)) = (text, self.fit.as_ref().filter(|r| r.pending())) {
                out.push(Request::Runs { job: fit.job, scenario: text, seed: c.seed, runs: PLAN_RUNS });
            }
        }
        out
    }

    /// The analyses of the selected live, against the plan's runs and the calibrated scenario's.
    fn refresh(&mut self) {
        let against = |runs: &Option<Runs>, live: Option<&Live>| {
            let sim = runs.as_ref()?.result.as_ref()?;
            Some(Rc::new(versus(&sim.plan, &sim.records, &sim.summary, &live?.actual)))
        };
        self.versus = against(&self.plan_runs, self.lives.get(self.selected));
        self.fit_versus = against(&self.fit, self.lives.get(self.selected));
    }

    fn start_calibration(&mut self) {
        let (Some(plan), Some(text)) = (self.plan.clone(), self.text.clone()) else { return };
        let lives: Vec<Actual> = self.lives.iter().map(|l| (*l.actual).clone()).collect();
        let calibration = match Calibration::new(&plan, &lives, self.options) {
            Ok(c) => c,
            Err(why) => {
                self.refused = Some(why);
                return;
            }
        };
        self.refused = None;
        let noise = calibration.noise_runs();
        let per_live = (noise.end - noise.start) + u64::from(self.options.rounds) * self.options.runs_per_round;
        let job = self.job();
        self.calibration = Some(Calibrating {
            job,
            proposal: Rc::new(calibration.noise_point()),
            calibration: Rc::new(calibration),
            scenario: text,
            total: per_live * lives.len() as u64,
            names: Rc::new(self.lives.iter().map(|l| l.name.clone()).collect()),
            lives: Rc::new(lives),
            seed: self.seed,
            stage: Stage::Noise,
            error: None,
            noise: Rc::new(Vec::new()),
            round: None,
            done: 0,
            stage_done: 0,
            calibrated: None,
        });
        self.fit = None;
        self.fit_versus = None;
    }

    /// A stage's candidates are all in (in run order): on to the next stage, as `engine::calibrate::calibrate` goes.
    fn settle(&mut self, candidates: &[Candidate]) {
        let job = self.job();
        let fit_job = self.job();
        let doc = self.doc.clone();
        let Some(c) = self.calibration.as_mut() else { return };
        c.done += candidates.len() as u64 * c.lives.len() as u64;
        c.stage_done = 0;
        c.job = job;
        let cal = c.calibration.clone();
        match c.stage {
            Stage::Noise => {
                c.noise = Rc::new(cal.noise(candidates));
                c.proposal = Rc::new(Proposal::Prior);
                c.stage = Stage::Round(0);
            }
            Stage::Round(r) => {
                let round = cal.settle(&c.proposal, candidates, &c.noise);
                c.proposal = Rc::new(round.next.clone());
                let estimates = round.estimates.clone();
                c.round = Some(Rc::new(round));
                if r + 1 < cal.options.rounds {
                    c.stage = Stage::Round(r + 1);
                } else {
                    c.stage = Stage::Finished;
                    let doc = calibrated_scenario(doc.as_deref().unwrap_or(&Value::Null), &estimates);
                    let text = doc.to_string();
                    let checked = parse(&text)
                        .map_err(|e| e.to_string())
                        .and_then(|s| check(&s).map_err(|e| e.to_string()))
                        .map(|plan| (Rc::new(text), Rc::new(plan)));
                    let ok = checked.is_ok();
                    c.calibrated = Some(Rc::new(Calibrated { doc, checked }));
                    self.fit = ok.then(|| Runs::new(fit_job));
                }
            }
            Stage::Finished | Stage::Failed => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::calibrate::calibrate;
    use crate::engine::{load, simulate_range};

    const SCENARIO: &str = include_str!("../../../www/scenarios/model-example.json");
    const LIVE: &str = include_str!("../../../www/actuals/model-example-live.csv");

    fn opened() -> Rc<State> {
        let plan = Rc::new(load(SCENARIO).unwrap());
        let doc: Value = serde_json::from_str(SCENARIO).unwrap();
        Rc::new(State::default()).reduce(Move::Open { doc, plan, seed: 7 })
    }

    fn import(s: Rc<State>, name: &str, text: &str) -> Rc<State> {
        s.reduce(Move::Import { name: name.to_owned(), text: text.to_owned() })
    }

    /// The example live with a negative count in line 5 (the header is line 1).
    fn broken() -> String {
        let mut lines: Vec<String> = LIVE.lines().map(str::to_owned).collect();
        let cells: Vec<&str> = lines[4].split(',').collect();
        let mut cells: Vec<String> = cells.iter().map(|c| (*c).to_owned()).collect();
        cells[3] = "-2".to_owned();
        lines[4] = cells.join(",");
        lines.join("\n")
    }

    /// Does what the pool does with a request: the work split in two, in the workers' way, collected in run order.
    fn answer(s: &State, request: &Request) -> Move {
        match request {
            Request::Runs { job, scenario, seed, runs } => {
                let plan = load(scenario).unwrap();
                let mut records = simulate_range(&plan, *seed, runs / 2..*runs);
                records.splice(0..0, simulate_range(&plan, *seed, 0..runs / 2));
                Move::Records { job: *job, records }
            }
            Request::Candidates { job, scenario, lives, options, proposal, seed, runs } => {
                let cal = Calibration::new(&load(scenario).unwrap(), lives, *options).unwrap();
                let mid = (runs.start + runs.end) / 2;
                let mut candidates = cal.candidates(proposal, *seed, runs.start..mid);
                candidates.extend(cal.candidates(proposal, *seed, mid..runs.end));
                assert!(s.calibrating());
                Move::Candidates { job: *job, candidates }
            }
        }
    }

    #[test]
    fn lives_are_imported_selected_and_removed_and_a_bad_file_leaves_them_be() {
        let s = import(opened(), "a.csv", LIVE);
        assert_eq!((s.lives.len(), s.selected, s.lives[0].name.as_str()), (1, 0, "a.csv"));
        let s = import(s, "bad.csv", &broken());
        assert_eq!(s.lives.len(), 1, "a file that does not read adds nothing");
        let error = s.import_error.clone().unwrap();
        assert_eq!(error.file, "bad.csv");
        assert!(error.message.contains("line 5") && error.message.contains("orders"), "{}", error.message);
        let s = import(s, "b.csv", LIVE);
        assert_eq!((s.lives.len(), s.selected, s.import_error.is_none()), (2, 1, true));
        let s = s.reduce(Move::Select(0));
        assert_eq!(s.selected, 0);
        let same = s.clone().reduce(Move::Select(5));
        assert!(Rc::ptr_eq(&s, &same), "no such live: nothing changes");
        let s = s.reduce(Move::Select(1)).reduce(Move::Remove(0));
        assert_eq!((s.lives.len(), s.selected, s.lives[0].name.as_str()), (1, 0, "b.csv"));
        let s = s.reduce(Move::Remove(0));
        assert!(s.lives.is_empty() && s.versus.is_none());
    }

    #[test]
    fn the_plan_s_runs_give_the_versus_of_the_selected_live_and_stale_answers_are_dropped() {
        let s = import(opened(), "a.csv", LIVE);
        let requests = s.requests();
        assert_eq!(requests.len(), 1);
        assert!(matches!(&requests[0], Request::Runs { seed: 7, runs: PLAN_RUNS, .. }));
        let job = requests[0].job();
        let stale = s.clone().reduce(Move::Records { job: job + 9, records: Vec::new() });
        assert!(Rc::ptr_eq(&s, &stale));
        let progressed = s.clone().reduce(Move::Progress { job, done: 250 });
        assert_eq!(progressed.plan_runs.as_ref().unwrap().done, 250);
        let s = s.clone().reduce(answer(&s, &requests[0]));
        assert!(s.requests().is_empty(), "nothing more to run");
        let v = s.versus.clone().expect("the live against the plan");
        let plan = load(SCENARIO).unwrap();
        let records = simulate_range(&plan, 7, 0..PLAN_RUNS);
        let summary = summarize(&plan, 7, &records);
        let want = versus(&plan, &records, &summary, &read_actual(LIVE).unwrap().actual);
        assert_eq!(*v, want);
        let again = s.clone().reduce(Move::Records { job, records });
        assert!(Rc::ptr_eq(&s, &again), "a job answers once");
    }

    #[test]
    fn a_calibration_goes_round_by_round_as_the_engine_s_and_ends_with_the_fit() {
        let s = import(opened(), "a.csv", LIVE);
        let s = s.clone().reduce(answer(&s, &s.requests()[0]));
        let s = s.reduce(Move::SetRounds(2)).reduce(Move::SetRunsPerRound(100)).reduce(Move::SetRunsPerRound(5));
        assert_eq!((s.options.rounds, s.options.runs_per_round), (2, 100), "5 candidates a round is refused");
        let mut s = s.reduce(Move::Calibrate);
        let c = s.calibration.clone().unwrap();
        assert_eq!((c.stage, c.total), (Stage::Noise, 300));
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Move::SetRounds(5))), "options are fixed while it runs");
        let mut stages = vec![c.stage];
        let mut old_job = None;
        while s.calibrating() {
            let requests = s.requests();
            assert_eq!(requests.len(), 1);
            if let Some(old) = old_job {
                let stale = s.clone().reduce(Move::Candidates { job: old, candidates: Vec::new() });
                assert!(Rc::ptr_eq(&s, &stale), "the answer of a stage gone by is dropped");
            }
            old_job = Some(requests[0].job());
            s = s.clone().reduce(answer(&s, &requests[0]));
            stages.push(s.calibration.as_ref().unwrap().stage);
        }
        assert_eq!(stages, [Stage::Noise, Stage::Round(0), Stage::Round(1), Stage::Finished]);
        let c = s.calibration.clone().unwrap();
        assert_eq!(c.simulated(), 300);

        let plan = load(SCENARIO).unwrap();
        let lives = vec![read_actual(LIVE).unwrap().actual];
        let options = Options { rounds: 2, runs_per_round: 100, ..Options::default() };
        let cal = Calibration::new(&plan, &lives, options).unwrap();
        let rounds = calibrate(&cal, |proposal, runs| cal.candidates(proposal, 7, runs));
        assert_eq!(c.round.as_ref().unwrap().estimates, rounds.last().unwrap().estimates, "the engine's calibration");

        let requests = s.requests();
        assert_eq!(requests.len(), 1, "the calibrated scenario's runs");
        let s = s.clone().reduce(answer(&s, &requests[0]));
        let fit = s.fit_versus.clone().expect("the goodness of fit");
        assert_eq!(fit.series.len(), s.versus.as_ref().unwrap().series.len());
        assert!(s.requests().is_empty());
    }

    #[test]
    fn a_calibration_without_lives_is_refused_and_cancel_stops_one() {
        let s = opened();
        let s = s.clone().reduce(answer(&s, &s.requests()[0])).reduce(Move::Calibrate);
        assert_eq!(s.refused, Some(CalibrationError::NoLives));
        assert!(s.calibration.is_none());
        let s = import(s, "a.csv", LIVE).reduce(Move::Calibrate);
        assert!(s.calibrating() && s.refused.is_none());
        let s = s.reduce(Move::Cancel);
        assert!(s.calibration.is_none() && s.requests().is_empty());
    }
}
