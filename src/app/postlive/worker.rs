//! The post-live page's worker: runs a plan's runs, or a calibration's candidates, off the page's thread.

use std::rc::Rc;

use gloo_worker::{HandlerId, Worker, WorkerScope};

use crate::app::postlive::protocol::{PostLiveDone, PostLiveWork};
use crate::engine::Plan;
use crate::engine::calibrate::Calibration;
use crate::engine::validate::{check, parse};

/// What a job's messages share, set up once per worker: the plan, and for candidates the calibration.
struct Prepared {
    job: u64,
    plan: Result<Rc<Plan>, String>,
    calibration: Option<Result<Rc<Calibration>, String>>,
}

pub struct PostLiveWorker {
    /// The most recent jobs (the plan's runs and a calibration's round may interleave).
    jobs: Vec<Prepared>,
}

const JOBS_KEPT: usize = 2;

impl Worker for PostLiveWorker {
    type Message = ();
    type Input = PostLiveWork;
    type Output = PostLiveDone;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        PostLiveWorker { jobs: Vec::new() }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, work: PostLiveWork, id: HandlerId) {
        let job = work.job();
        let at = match self.jobs.iter().position(|p| p.job == job) {
            Some(at) => at,
            None => {
                if self.jobs.len() >= JOBS_KEPT {
                    // Job ids only grow: the oldest is the smallest.
                    let oldest = (0..self.jobs.len()).min_by_key(|&i| self.jobs[i].job).unwrap_or(0);
                    self.jobs.swap_remove(oldest);
                }
                let scenario = match &work {
                    PostLiveWork::Runs { scenario, .. } | PostLiveWork::Candidates { scenario, .. } => scenario,
                };
                self.jobs.push(Prepared { job, plan: plan_of(scenario).map(Rc::new), calibration: None });
                self.jobs.len() - 1
            }
        };
        scope.respond(id, answer(&mut self.jobs[at], work));
    }
}

/// The plan of a scenario's text, or the engine's message.
fn plan_of(scenario: &str) -> Result<Plan, String> {
    check(&parse(scenario).map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

fn answer(prepared: &mut Prepared, work: PostLiveWork) -> PostLiveDone {
    let plan = match &prepared.plan {
        Ok(plan) => plan.clone(),
        Err(error) => return PostLiveDone::Failed { job: prepared.job, error: error.clone() },
    };
    match work {
        PostLiveWork::Runs { job, seed, runs, .. } => {
            let records = crate::engine::simulate_range(&plan, seed, runs.clone());
            PostLiveDone::Runs { job, runs, records }
        }
        PostLiveWork::Candidates { job, lives, options, proposal, seed, runs, .. } => {
            let calibration = prepared.calibration.get_or_insert_with(|| {
                Calibration::new(&plan, &lives, options).map(Rc::new).map_err(|e| e.to_string())
            });
            match calibration {
                Ok(calibration) => {
                    let candidates = calibration.candidates(&proposal, seed, runs.clone());
                    PostLiveDone::Candidates { job, runs, candidates }
                }
                Err(error) => PostLiveDone::Failed { job, error: error.clone() },
            }
        }
    }
}
