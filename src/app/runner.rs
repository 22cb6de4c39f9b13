//! The page's side of the workers: splits jobs' runs into chunks, feeds idle workers, merges what comes back.
//!
//! Two jobs can be under way. The **live** job is the scenario being edited,
//! `(plan, seed, runs)`; its summary is recomputed from all records so far
//! (sorted by run index inside `summarize`), so partial and final results
//! equal the CLI's. A **batch** job runs several plans over the same run
//! indices (a comparison, an optimisation's candidates): common random
//! numbers, so their differences are paired run by run. Chunks go out one per
//! idle worker, live chunks first, so an edit's result shows at once even
//! while an optimisation runs; a new job of either kind replaces the old one
//! as soon as each worker finishes the chunk in hand. Replies carry their job
//! id and stale ones are dropped.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Range;
use std::rc::{Rc, Weak};

use gloo_worker::{Spawnable, WorkerBridge};
use yew::Callback;

use crate::app::protocol::{ChunkDone, RunChunk};
use crate::app::worker::SimWorker;
use crate::engine::summary::SERIES_RUNS;
use crate::engine::{Kpi, Plan, RunRecord, Summary, summarize};

/// The first chunk of each worker is small, so a first result shows at once.
const FIRST_CHUNK: u64 = 100;
const CHUNK: u64 = 500;
/// At most this many of a batch's scenarios go in one chunk (sharing each run's opening).
const PARTS_PER_CHUNK: usize = 64;
/// At most this often (ms) is the summary recomputed while a job runs.
const PUBLISH_EVERY_MS: f64 = 120.0;

/// A scenario as the workers get it: its `livesim/1` text and the decisions to set on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub scenario: Rc<String>,
    pub decisions: Vec<(String, f64)>,
}

impl Source {
    pub fn of(doc: &serde_json::Value) -> Source {
        Source { scenario: Rc::new(doc.to_string()), decisions: Vec::new() }
    }
}

/// What the runner tells the page about the live job.
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
    /// Every run's record, once the job has finished (for the drivers of the spread).
    pub records: Option<Rc<Vec<RunRecord>>>,
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

/// What the runner tells the page about a batch job.
#[derive(Clone, Debug)]
pub struct BatchProgress {
    pub job: u64,
    pub tag: u64,
    /// Runs done, over all plans.
    pub done: u64,
    pub total: u64,
    pub elapsed_ms: f64,
    /// Per scenario, its records in run order; once the job has finished.
    pub records: Option<Rc<Vec<Vec<RunRecord>>>>,
    /// Why a worker could not run a scenario (it had passed the page's checks, so never expected).
    pub error: Option<String>,
}

impl PartialEq for BatchProgress {
    fn eq(&self, other: &Self) -> bool {
        self.job == other.job && self.done == other.done && self.records.is_some() == other.records.is_some()
    }
}

pub struct Runner {
    workers: Vec<Slot>,
    live: Option<Job>,
    batch: Option<Job>,
    next_id: u64,
    on_progress: Callback<Progress>,
    on_batch: Callback<BatchProgress>,
}

struct Slot {
    bridge: WorkerBridge<SimWorker>,
    busy: bool,
}

struct Job {
    id: u64,
    tag: u64,
    sources: Vec<Source>,
    /// The live job's plan, for its summary.
    plan: Option<Rc<Plan>>,
    seed: u64,
    /// Runs per plan.
    runs: u64,
    minutes_below: u64,
    /// Chunks to send: the scenarios (indices into `sources`) and runs of each.
    queue: VecDeque<(Vec<u32>, Range<u64>)>,
    records: Vec<Vec<RunRecord>>,
    done: u64,
    error: Option<String>,
    started: f64,
    first_ms: Option<f64>,
    last_publish: f64,
}

impl Job {
    fn new(id: u64, tag: u64, sources: Vec<Source>, seed: u64, runs: u64, workers: u64, minutes_below: u64) -> Job {
        let queue = groups(&sources).into_iter().flat_map(|parts| {
            // A chunk holds about as many runs, over all its scenarios, as a chunk of one.
            let scale = parts.len() as u64;
            chunks(runs, workers, scale).into_iter().map(move |r| (parts.clone(), r))
        });
        Job {
            id,
            tag,
            records: sources.iter().map(|_| Vec::with_capacity(runs.min(200_000) as usize)).collect(),
            sources,
            plan: None,
            seed,
            runs,
            minutes_below,
            queue: queue.collect(),
            done: 0,
            error: None,
            started: now_ms(),
            first_ms: None,
            last_publish: f64::NEG_INFINITY,
        }
    }

    fn total(&self) -> u64 {
        self.runs * self.sources.len() as u64
    }

    fn accept(&mut self, reply: ChunkDone) {
        // Every run of every part counts, so a job with a part that could not
        // run still ends (with the reason) instead of waiting forever.
        self.done += (reply.runs.end - reply.runs.start) * reply.parts.len() as u64;
        if let Some(error) = reply.error {
            self.error.get_or_insert(error);
        }
        let per_part = (reply.runs.end - reply.runs.start) as usize;
        let mut records = reply.records.into_iter();
        for part in reply.parts {
            if let Some(all) = self.records.get_mut(part as usize) {
                all.extend(records.by_ref().take(per_part));
            }
        }
    }
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
pub fn worker_loader_url() -> String {
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
    pub fn new(
        workers: usize,
        on_progress: Callback<Progress>,
        on_batch: Callback<BatchProgress>,
    ) -> Rc<RefCell<Runner>> {
        let runner = Rc::new(RefCell::new(Runner {
            workers: Vec::new(),
            live: None,
            batch: None,
            next_id: 0,
            on_progress,
            on_batch,
        }));
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

    /// Starts the live job, abandoning the one in flight; returns its id.
    /// `plan` is `source` as the page checked it (for the summary).
    pub fn start(this: &Rc<RefCell<Runner>>, source: Source, plan: Rc<Plan>, seed: u64, runs: u64, tag: u64) -> u64 {
        let mut runner = this.borrow_mut();
        runner.next_id += 1;
        let id = runner.next_id;
        let workers = runner.workers.len() as u64;
        let mut job = Job::new(id, tag, vec![source], seed, runs, workers, SERIES_RUNS);
        job.plan = Some(plan);
        runner.live = Some(job);
        runner.feed();
        id
    }

    /// Starts a batch job: every scenario over runs `0..runs` of `seed`,
    /// abandoning the batch in flight; `minutes` keeps the per-minute records a
    /// summary reads. Returns its id.
    pub fn start_batch(
        this: &Rc<RefCell<Runner>>,
        sources: Vec<Source>,
        seed: u64,
        runs: u64,
        minutes: bool,
        tag: u64,
    ) -> u64 {
        let mut runner = this.borrow_mut();
        runner.next_id += 1;
        let id = runner.next_id;
        let workers = runner.workers.len() as u64;
        let minutes_below = if minutes { SERIES_RUNS } else { 0 };
        runner.batch = Some(Job::new(id, tag, sources, seed, runs, workers, minutes_below));
        runner.feed();
        id
    }

    /// Drops the live job in flight (its late replies are ignored).
    pub fn cancel(&mut self) {
        self.live = None;
    }

    /// Drops the batch job in flight.
    pub fn cancel_batch(&mut self) {
        self.batch = None;
    }

    fn feed(&mut self) {
        for slot in self.workers.iter_mut().filter(|s| !s.busy) {
            // Live chunks first: an edit's result never waits for a batch.
            let job = match (self.live.as_mut(), self.batch.as_mut()) {
                (Some(live), _) if !live.queue.is_empty() => live,
                (_, Some(batch)) if !batch.queue.is_empty() => batch,
                _ => break,
            };
            let Some((parts, runs)) = job.queue.pop_front() else { break };
            slot.busy = true;
            let sources = &job.sources;
            slot.bridge.send(RunChunk {
                job: job.id,
                scenario: parts.first().map(|&p| (*sources[p as usize].scenario).clone()).unwrap_or_default(),
                decisions: parts.iter().map(|&p| sources[p as usize].decisions.clone()).collect(),
                parts,
                seed: job.seed,
                runs,
                minutes_below: job.minutes_below,
            });
        }
    }

    fn received(this: &Rc<RefCell<Runner>>, index: usize, reply: ChunkDone) {
        let (live, batch) = {
            let mut runner = this.borrow_mut();
            if let Some(slot) = runner.workers.get_mut(index) {
                slot.busy = false;
            }
            let id = reply.job;
            let is_live = runner.live.as_ref().is_some_and(|job| job.id == id);
            let is_batch = runner.batch.as_ref().is_some_and(|job| job.id == id);
            let job = if is_live { runner.live.as_mut() } else { runner.batch.as_mut().filter(|_| is_batch) };
            if let Some(job) = job {
                job.accept(reply);
            }
            // Workers get their next chunk before the page spends time on a summary.
            runner.feed();
            let live = runner.live.as_mut().filter(|_| is_live).and_then(Job::progress);
            let batch = runner.batch.as_mut().filter(|_| is_batch).and_then(Job::batch_progress);
            (live.map(|p| (runner.on_progress.clone(), p)), batch.map(|p| (runner.on_batch.clone(), p)))
        };
        // The callbacks run after the borrow ends: they may start a new job.
        if let Some((on_progress, p)) = live {
            on_progress.emit(p);
        }
        if let Some((on_batch, p)) = batch {
            on_batch.emit(p);
        }
    }
}

/// A batch's scenarios in the groups that go to workers together: runs of
/// sources with one scenario text (an optimisation's candidates) go together,
/// at most [`PARTS_PER_CHUNK`] at a time; the others (a comparison's variants) alone.
fn groups(sources: &[Source]) -> Vec<Vec<u32>> {
    let mut groups: Vec<Vec<u32>> = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        match groups.last_mut() {
            Some(group)
                if group.len() < PARTS_PER_CHUNK && *sources[group[0] as usize].scenario == *source.scenario =>
            {
                group.push(i as u32);
            }
            _ => groups.push(vec![i as u32]),
        }
    }
    groups
}

/// A job's runs as chunks for `parts` scenarios run together: a small first
/// one per worker, so a first result shows at once, then the rest in equal
/// shares of at most [`CHUNK`] runs over all the parts, so the workers finish together.
fn chunks(runs: u64, workers: u64, parts: u64) -> VecDeque<Range<u64>> {
    let workers = workers.max(1);
    let parts = parts.max(1);
    let mut queue = VecDeque::new();
    let mut start = 0;
    for _ in 0..workers {
        if start < runs {
            let end = (start + (FIRST_CHUNK / parts).max(1)).min(runs);
            queue.push_back(start..end);
            start = end;
        }
    }
    let rest = runs - start;
    let size = rest.div_ceil(workers).clamp(1, (CHUNK / parts).max(1));
    while start < runs {
        let end = (start + size).min(runs);
        queue.push_back(start..end);
        start = end;
    }
    queue
}

impl Job {
    /// A summary of the live job's records so far, when it is time to show one.
    fn progress(&mut self) -> Option<Progress> {
        let done = self.done;
        let finished = done >= self.total();
        let now = now_ms();
        if !finished && now - self.last_publish < PUBLISH_EVERY_MS {
            return None;
        }
        let records = &self.records[0];
        let plan = self.plan.clone()?;
        let summary = Rc::new(summarize(&plan, self.seed, records));
        let column = |kpi: Kpi| Rc::new(records.iter().filter_map(|r| r.outputs.kpis.get(kpi)).collect::<Vec<_>>());
        let (revenue, contribution) = (column(Kpi::Revenue), column(Kpi::Contribution));
        let after = now_ms();
        // Summaries of long jobs cost more (sorting every run's values):
        // wait four times their cost before the next, so the page stays
        // responsive and spends most of a long job feeding workers.
        self.last_publish = after + 3.0 * (after - now);
        let first_ms = *self.first_ms.get_or_insert(after - self.started);
        let records = finished.then(|| Rc::new(std::mem::take(&mut self.records[0])));
        Some(Progress {
            job: self.id,
            tag: self.tag,
            plan,
            summary,
            revenue,
            contribution,
            records,
            done,
            total: self.total(),
            started: self.started,
            elapsed_ms: after - self.started,
            first_ms,
            finished,
        })
    }
}

impl Job {
    /// A batch job's progress, when it is time to tell; its records once it has finished.
    fn batch_progress(&mut self) -> Option<BatchProgress> {
        let finished = self.done >= self.total();
        let now = now_ms();
        if !finished && now - self.last_publish < PUBLISH_EVERY_MS {
            return None;
        }
        self.last_publish = now;
        let records = finished.then(|| Rc::new(std::mem::take(&mut self.records)));
        Some(BatchProgress {
            job: self.id,
            tag: self.tag,
            done: self.done,
            total: self.total(),
            elapsed_ms: now - self.started,
            records,
            error: self.error.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::chunks;

    fn sizes(runs: u64, workers: u64) -> Vec<u64> {
        chunks(runs, workers, 1).iter().map(|r| r.end - r.start).collect()
    }

    #[test]
    fn chunks_cover_every_run_once_in_order() {
        for (runs, workers) in [(1, 1), (99, 2), (1000, 2), (2000, 8), (100_000, 3), (250, 4)] {
            let queue = chunks(runs, workers, 1);
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

    #[test]
    fn a_scenario_text_s_candidates_go_together_other_scenarios_alone() {
        use super::{PARTS_PER_CHUNK, Source, groups};
        use std::rc::Rc;
        let source =
            |text: &str, v: f64| Source { scenario: Rc::new(text.to_owned()), decisions: vec![("x".into(), v)] };
        let variants = [source("a", 0.0), source("b", 0.0), source("c", 0.0)];
        assert_eq!(groups(&variants), [vec![0], vec![1], vec![2]]);
        let candidates: Vec<Source> = (0..PARTS_PER_CHUNK + 6).map(|i| source("a", i as f64)).collect();
        let g = groups(&candidates);
        assert_eq!(g.iter().map(Vec::len).collect::<Vec<_>>(), [PARTS_PER_CHUNK, 6]);
        assert_eq!(g.concat(), (0..candidates.len() as u32).collect::<Vec<_>>());
    }

    #[test]
    fn chunks_of_many_scenarios_hold_as_many_runs_in_all() {
        let queue = chunks(2000, 2, 40);
        let sizes: Vec<u64> = queue.iter().map(|r| r.end - r.start).collect();
        assert_eq!(&sizes[..3], [2, 2, 12]);
        assert_eq!(sizes.iter().sum::<u64>(), 2000);
        assert!(sizes.iter().all(|&s| s * 40 <= super::CHUNK));
    }
}
