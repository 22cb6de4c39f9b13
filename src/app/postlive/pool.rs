//! The post-live page's workers: the page lists the work it wants (each piece a job of its own id), the pool
//! splits each into chunks, feeds idle workers, collects the answers in run order and reports progress.
//!
//! Jobs are declared, not commanded: [`Pool::sync`] is given the page's current requests on every change;
//! a job no longer listed is dropped (its late answers with it), a new one (an id above every id started
//! before) starts. So a stale answer cannot reach the page, and the page's state alone says what runs.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::{Rc, Weak};

use gloo_worker::{Spawnable, WorkerBridge};
use yew::Callback;

use crate::app::postlive::protocol::{PostLiveDone, PostLiveWork};
use crate::app::postlive::worker::PostLiveWorker;
use crate::app::runner::now_ms;
use crate::engine::RunRecord;
use crate::engine::actual::Actual;
use crate::engine::calibrate::{Candidate, Options, Proposal};

/// Most runs or candidates in one message.
pub const CHUNK: u64 = 250;
/// At most this often (ms) does a job report progress.
const PUBLISH_EVERY_MS: f64 = 100.0;

/// Work the page wants done, by its job id.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Runs `0..runs` of a scenario (the plan's, or a calibrated one's), with their minutes.
    Runs { job: u64, scenario: Rc<String>, seed: u64, runs: u64 },
    /// A calibration's candidates `runs` drawn from `proposal`.
    Candidates {
        job: u64,
        scenario: Rc<String>,
        lives: Rc<Vec<Actual>>,
        options: Options,
        proposal: Rc<Proposal>,
        seed: u64,
        runs: Range<u64>,
    },
}

impl Request {
    pub fn job(&self) -> u64 {
        match self {
            Request::Runs { job, .. } | Request::Candidates { job, .. } => *job,
        }
    }

    /// The runs (or candidates) it covers.
    pub fn runs(&self) -> Range<u64> {
        match self {
            Request::Runs { runs, .. } => 0..*runs,
            Request::Candidates { runs, .. } => runs.clone(),
        }
    }

    fn chunk(&self, runs: Range<u64>) -> PostLiveWork {
        match self {
            Request::Runs { job, scenario, seed, .. } => {
                PostLiveWork::Runs { job: *job, scenario: (**scenario).clone(), seed: *seed, runs }
            }
            Request::Candidates { job, scenario, lives, options, proposal, seed, .. } => PostLiveWork::Candidates {
                job: *job,
                scenario: (**scenario).clone(),
                lives: (**lives).clone(),
                options: *options,
                proposal: (**proposal).clone(),
                seed: *seed,
                runs,
            },
        }
    }
}

/// What a job gathered: records or candidates, in run order.
#[derive(Clone, Debug)]
pub enum Collected {
    Records(Vec<RunRecord>),
    Candidates(Vec<Candidate>),
}

/// What the pool tells the page.
#[derive(Clone, Debug)]
pub enum PoolEvent {
    Progress { job: u64, done: u64, total: u64 },
    Done { job: u64, result: Result<Collected, String> },
}

/// `runs` cut into chunks of at most [`CHUNK`], about one share per worker when there are few.
pub fn chunks(runs: Range<u64>, workers: u64) -> Vec<Range<u64>> {
    let n = runs.end.saturating_sub(runs.start);
    let size = n.div_ceil(workers.max(1)).clamp(1, CHUNK);
    let mut out = Vec::new();
    let mut start = runs.start;
    while start < runs.end {
        let end = (start + size).min(runs.end);
        out.push(start..end);
        start = end;
    }
    out
}

struct Job {
    request: Request,
    /// The job's chunks, in run order.
    ranges: Vec<Range<u64>>,
    /// The next chunk to send.
    next: usize,
    /// Each chunk's answer, by index.
    parts: Vec<Option<Collected>>,
    done: u64,
    total: u64,
    last_publish: f64,
}

impl Job {
    fn new(request: Request, workers: u64) -> Job {
        let runs = request.runs();
        let ranges = chunks(runs.clone(), workers);
        Job {
            parts: ranges.iter().map(|_| None).collect(),
            ranges,
            next: 0,
            done: 0,
            total: runs.end.saturating_sub(runs.start),
            last_publish: f64::NEG_INFINITY,
            request,
        }
    }

    /// Files an answer; what to tell the page, if anything, and whether the job is over.
    fn accept(&mut self, answer: PostLiveDone, now: f64) -> (Option<PoolEvent>, bool) {
        let job = self.request.job();
        let (runs, part) = match answer {
            PostLiveDone::Runs { runs, records, .. } => (runs, Collected::Records(records)),
            PostLiveDone::Candidates { runs, candidates, .. } => (runs, Collected::Candidates(candidates)),
            PostLiveDone::Failed { error, .. } => return (Some(PoolEvent::Done { job, result: Err(error) }), true),
        };
        let Some(at) = self.ranges.iter().position(|r| *r == runs) else { return (None, false) };
        if self.parts[at].is_none() {
            self.done += runs.end - runs.start;
            self.parts[at] = Some(part);
        }
        if self.parts.iter().all(Option::is_some) {
            return (Some(PoolEvent::Done { job, result: Ok(self.collect()) }), true);
        }
        if now - self.last_publish < PUBLISH_EVERY_MS {
            return (None, false);
        }
        self.last_publish = now;
        (Some(PoolEvent::Progress { job, done: self.done, total: self.total }), false)
    }

    /// Every chunk's answer, in run order.
    fn collect(&mut self) -> Collected {
        let mut records = Vec::new();
        let mut candidates = Vec::new();
        for part in std::mem::take(&mut self.parts).into_iter().flatten() {
            match part {
                Collected::Records(r) => records.extend(r),
                Collected::Candidates(c) => candidates.extend(c),
            }
        }
        match self.request {
            Request::Runs { .. } => Collected::Records(records),
            Request::Candidates { .. } => Collected::Candidates(candidates),
        }
    }
}

pub struct Pool {
    workers: Vec<Slot>,
    /// Jobs under way, oldest first (their chunks go first).
    jobs: Vec<Job>,
    /// The highest job id ever started: a request at or below it is never started again.
    started: u64,
    on_event: Callback<PoolEvent>,
}

struct Slot {
    bridge: WorkerBridge<PostLiveWorker>,
    busy: bool,
}

impl Pool {
    pub fn new(workers: usize, on_event: Callback<PoolEvent>) -> Rc<RefCell<Pool>> {
        let pool = Rc::new(RefCell::new(Pool { workers: Vec::new(), jobs: Vec::new(), started: 0, on_event }));
        let loader = crate::app::runner::worker_loader_url();
        let slots = (0..workers.clamp(1, 8))
            .map(|index| {
                let weak: Weak<RefCell<Pool>> = Rc::downgrade(&pool);
                let bridge = PostLiveWorker::spawner()
                    .callback(move |answer| {
                        if let Some(pool) = weak.upgrade() {
                            Pool::received(&pool, index, answer);
                        }
                    })
                    .spawn_with_loader(&loader);
                Slot { bridge, busy: false }
            })
            .collect();
        pool.borrow_mut().workers = slots;
        pool
    }

    /// Makes the jobs under way the `requests`: drops the others, starts the new ones.
    pub fn sync(this: &Rc<RefCell<Pool>>, requests: &[Request]) {
        let mut pool = this.borrow_mut();
        pool.jobs.retain(|j| requests.iter().any(|r| r.job() == j.request.job()));
        let workers = pool.workers.len() as u64;
        let mut new: Vec<&Request> = requests.iter().filter(|r| r.job() > pool.started).collect();
        new.sort_by_key(|r| r.job());
        for request in new {
            pool.started = request.job();
            pool.jobs.push(Job::new(request.clone(), workers));
        }
        pool.feed();
    }

    fn feed(&mut self) {
        for slot in self.workers.iter_mut().filter(|s| !s.busy) {
            let Some(job) = self.jobs.iter_mut().find(|j| j.next < j.ranges.len()) else { break };
            let runs = job.ranges[job.next].clone();
            job.next += 1;
            slot.busy = true;
            slot.bridge.send(job.request.chunk(runs));
        }
    }

    fn received(this: &Rc<RefCell<Pool>>, index: usize, answer: PostLiveDone) {
        let event = {
            let mut pool = this.borrow_mut();
            if let Some(slot) = pool.workers.get_mut(index) {
                slot.busy = false;
            }
            let job = answer.job();
            let event = match pool.jobs.iter().position(|j| j.request.job() == job) {
                Some(at) => {
                    let (event, over) = pool.jobs[at].accept(answer, now_ms());
                    if over {
                        pool.jobs.remove(at);
                    }
                    event
                }
                // A job dropped since: its answer is stale.
                None => None,
            };
            pool.feed();
            event.map(|e| (pool.on_event.clone(), e))
        };
        // After the borrow ends: the page may sync new jobs at once.
        if let Some((on_event, event)) = event {
            on_event.emit(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::chunks;

    #[test]
    fn chunks_cover_the_runs_once_in_order_and_share_them_between_workers() {
        assert_eq!(chunks(0..100, 4), [0..25, 25..50, 50..75, 75..100]);
        assert_eq!(chunks(0..2000, 2).len(), 8);
        assert_eq!(chunks(600..900, 8).first(), Some(&(600..638)));
        for (runs, workers) in [(0..1, 1), (0..1000, 3), (5..2005, 8), (10..10, 2)] {
            let c = chunks(runs.clone(), workers);
            let mut next = runs.start;
            for r in &c {
                assert_eq!(r.start, next);
                assert!(r.end > r.start && r.end - r.start <= super::CHUNK);
                next = r.end;
            }
            assert_eq!(next, runs.end.max(runs.start));
        }
    }
}
