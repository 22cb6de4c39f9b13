//! The page's side of the workers: splits a job's runs into chunks, feeds idle workers, merges what comes back.
//!
//! A job is `(plan, seed, runs)`. Chunks go out one per idle worker, so a
//! new job takes over as soon as each worker finishes the chunk in hand: that
//! is how an edit cancels the work in flight. Replies carry their job id and
//! stale ones are dropped. The summary is recomputed from all records so far
//! (sorted by run index inside `summarize`), so partial and final results
//! equal the CLI's for the same runs.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Range;
use std::rc::{Rc, Weak};

use gloo_worker::{Spawnable, WorkerBridge};
use yew::Callback;

use crate::app::protocol::{ChunkDone, RunChunk};
use crate::app::worker::SimWorker;
use crate::engine::{Kpi, Plan, RunRecord, Summary, summarize};

/// The first chunk of each worker is small, so a first result shows at once.
const FIRST_CHUNK: u64 = 100;
const CHUNK: u64 = 500;
/// At most this often (ms) is the summary recomputed while a job runs.
const PUBLISH_EVERY_MS: f64 = 120.0;

/// What the runner tells the page.
#[derive(Clone, Debug)]
pub struct Progress {
    pub job: u64,
    /// What the page tagged the job with (the scenario revision).
    pub tag: u64,
    /// The plan the summary is for (its items, rundown and offers).
    pub plan: Rc<Plan>,
    pub summary: Rc<Summary>,
    /// Revenue and contribution of every run so far, for the histograms.
    pub revenue: Rc<Vec<f64>>,
    pub contribution: Rc<Vec<f64>>,
    pub done: u64,
    pub total: u64,
    /// When the job started (`performance.now()`, ms).
    pub started: f64,
    /// Milliseconds since the job started.
    pub elapsed_ms: f64,
    /// Milliseconds from the job's start to its first published result.
    pub first_ms: f64,
    pub finished: bool,
}

impl PartialEq for Progress {
    fn eq(&self, other: &Self) -> bool {
        self.job == other.job && self.done == other.done && Rc::ptr_eq(&self.summary, &other.summary)
    }
}

pub struct Runner {
    workers: Vec<Slot>,
    job: Option<Job>,
    next_id: u64,
    on_progress: Callback<Progress>,
}

struct Slot {
    bridge: WorkerBridge<SimWorker>,
    busy: bool,
}

struct Job {
    id: u64,
    tag: u64,
    plan: Rc<Plan>,
    seed: u64,
    total: u64,
    queue: VecDeque<Range<u64>>,
    records: Vec<RunRecord>,
    started: f64,
    first_ms: Option<f64>,
    last_publish: f64,
}

pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// How many workers to start: the browser's count of cores, 1 to 8.
pub fn default_workers() -> usize {
    let cores = web_sys::window().map(|w| w.navigator().hardware_concurrency()).unwrap_or(1.0);
    (cores as usize).clamp(1, 8)
}

/// The worker loader's URL, naming the page's own wasm-bindgen glue and wasm
/// (trunk links both from the page, with content hashes in their names).
fn worker_loader_url() -> String {
    let href = |selector: &str| {
        let link = web_sys::window()?.document()?.query_selector(selector).ok()??;
        link.get_attribute("href")
    };
    let glue = href("link[rel=modulepreload]").unwrap_or_default();
    let wasm = href("link[rel=preload][type='application/wasm']").unwrap_or_default();
    let encode = |url: &str| String::from(js_sys::encode_uri_component(url));
    format!("./worker-loader.js?glue={}&wasm={}", encode(&glue), encode(&wasm))
}

impl Runner {
    pub fn new(workers: usize, on_progress: Callback<Progress>) -> Rc<RefCell<Runner>> {
        let runner = Rc::new(RefCell::new(Runner { workers: Vec::new(), job: None, next_id: 0, on_progress }));
        let loader = worker_loader_url();
        let slots = (0..workers.clamp(1, 8))
            .map(|index| {
                let weak: Weak<RefCell<Runner>> = Rc::downgrade(&runner);
                let bridge = SimWorker::spawner()
                    .callback(move |reply| {
                        if let Some(runner) = weak.upgrade() {
                            Runner::received(&runner, index, reply);
                        }
                    })
                    .spawn_with_loader(&loader);
                Slot { bridge, busy: false }
            })
            .collect();
        runner.borrow_mut().workers = slots;
        runner
    }

    pub fn workers(&self) -> usize {
        self.workers.len()
    }

    /// Starts a job, abandoning the one in flight; returns its id.
    pub fn start(this: &Rc<RefCell<Runner>>, plan: Rc<Plan>, seed: u64, runs: u64, tag: u64) -> u64 {
        let mut runner = this.borrow_mut();
        runner.next_id += 1;
        let id = runner.next_id;
        let queue = chunks(runs, runner.workers.len() as u64);
        let started = now_ms();
        runner.job = Some(Job {
            id,
            tag,
            plan,
            seed,
            total: runs,
            queue,
            records: Vec::with_capacity(runs.min(200_000) as usize),
            started,
            first_ms: None,
            last_publish: f64::NEG_INFINITY,
        });
        runner.feed();
        id
    }

    /// Drops the job in flight (its late replies are ignored).
    pub fn cancel(&mut self) {
        self.job = None;
    }

    fn feed(&mut self) {
        let Some(job) = self.job.as_mut() else { return };
        for slot in self.workers.iter_mut().filter(|s| !s.busy) {
            let Some(runs) = job.queue.pop_front() else { break };
            slot.busy = true;
            slot.bridge.send(RunChunk { job: job.id, plan: (*job.plan).clone(), seed: job.seed, runs });
        }
    }

    fn received(this: &Rc<RefCell<Runner>>, index: usize, reply: ChunkDone) {
        let progress = {
            let mut runner = this.borrow_mut();
            if let Some(slot) = runner.workers.get_mut(index) {
                slot.busy = false;
            }
            let current = runner.job.as_mut().filter(|job| job.id == reply.job);
            let is_current = current.is_some();
            if let Some(job) = current {
                job.records.extend(reply.records);
            }
            // Workers get their next chunk before the page spends time on a summary.
            runner.feed();
            let progress = runner.job.as_mut().filter(|_| is_current).and_then(Job::progress);
            progress.map(|p| (runner.on_progress.clone(), p))
        };
        // The callback runs after the borrow ends: it may start a new job.
        if let Some((on_progress, p)) = progress {
            on_progress.emit(p);
        }
    }
}

/// A job's runs as chunks: a small first one per worker, so a first result
/// shows at once, then the rest in equal shares of at most [`CHUNK`] runs, so
/// the workers finish together.
fn chunks(runs: u64, workers: u64) -> VecDeque<Range<u64>> {
    let workers = workers.max(1);
    let mut queue = VecDeque::new();
    let mut start = 0;
    for _ in 0..workers {
        if start < runs {
            let end = (start + FIRST_CHUNK).min(runs);
            queue.push_back(start..end);
            start = end;
        }
    }
    let rest = runs - start;
    let size = rest.div_ceil(workers).clamp(1, CHUNK);
    while start < runs {
        let end = (start + size).min(runs);
        queue.push_back(start..end);
        start = end;
    }
    queue
}

impl Job {
    /// A summary of the records so far, when it is time to show one.
    fn progress(&mut self) -> Option<Progress> {
        let done = self.records.len() as u64;
        let finished = done >= self.total;
        let now = now_ms();
        if !finished && now - self.last_publish < PUBLISH_EVERY_MS {
            return None;
        }
        let summary = Rc::new(summarize(&self.plan, self.seed, &self.records));
        let column =
            |kpi: Kpi| Rc::new(self.records.iter().filter_map(|r| r.outputs.kpis.get(kpi)).collect::<Vec<_>>());
        let (revenue, contribution) = (column(Kpi::Revenue), column(Kpi::Contribution));
        let after = now_ms();
        // Summaries of long jobs cost more (sorting every run's values):
        // wait four times their cost before the next, so the page stays
        // responsive and spends most of a long job feeding workers.
        self.last_publish = after + 3.0 * (after - now);
        let first_ms = *self.first_ms.get_or_insert(after - self.started);
        Some(Progress {
            job: self.id,
            tag: self.tag,
            plan: self.plan.clone(),
            summary,
            revenue,
            contribution,
            done,
            total: self.total,
            started: self.started,
            elapsed_ms: after - self.started,
            first_ms,
            finished,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::chunks;

    fn sizes(runs: u64, workers: u64) -> Vec<u64> {
        chunks(runs, workers).iter().map(|r| r.end - r.start).collect()
    }

    #[test]
    fn chunks_cover_every_run_once_in_order() {
        for (runs, workers) in [(1, 1), (99, 2), (1000, 2), (2000, 8), (100_000, 3), (250, 4)] {
            let queue = chunks(runs, workers);
            let mut next = 0;
            for range in &queue {
                assert_eq!(range.start, next);
                assert!(range.end > range.start && range.end - range.start <= super::CHUNK);
                next = range.end;
            }
            assert_eq!(next, runs, "{runs} runs on {workers} workers");
        }
    }

    #[test]
    fn a_first_small_chunk_per_worker_then_equal_shares() {
        assert_eq!(sizes(1000, 2), [100, 100, 400, 400]);
        assert_eq!(sizes(2000, 2), [100, 100, 500, 500, 500, 300]);
        assert_eq!(sizes(150, 2), [100, 50]);
    }
}
