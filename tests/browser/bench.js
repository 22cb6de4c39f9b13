// Browser benchmark of livesim: runs/s in one worker against the native CLI, the 1 -> 2 worker speed-up, the time
// from an edit to the first and to the final result, and the gzipped bundle. Prints figures; asserts no timing.
//
//   node bench.js            (npm run bench)
//
// Environment: LIVESIM_BIN (the release CLI; default $CARGO_TARGET_DIR or ../../target, release/livesim),
// CHROMIUM (default /usr/bin/chromium), BENCH_REPS (default 3), BENCH_RUNS (default 20000),
// BENCH_EDITS (default 8). It serves ../../dist itself on a free port.
'use strict';
const { chromium } = require('@playwright/test');
const { spawnSync } = require('child_process');
const os = require('os');
const { bundleSizes, BUDGET_BYTES } = require('./bundle-size');
const { DIST, EXAMPLE, freePort, median, requireCli, requireDist, serveDist } = require('./helpers');
const { use } = require('./playwright.config.js');

const REPS = Number(process.env.BENCH_REPS || 3);
const RUNS = Number(process.env.BENCH_RUNS || 20000);
const EDITS = Number(process.env.BENCH_EDITS || 8);
const EDIT_RUNS = 1000;

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;


/** Wall-clock ms of one native run of the model's example. */
function nativeRun(cli, seed) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cli, ['run', EXAMPLE, '--runs', String(RUNS), '--seed', String(seed), '--threads', '1'],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  const elapsed = ms(t0);
  if (r.status !== 0) throw new Error(`${cli} failed (${r.status}): ${r.stderr || r.error}`);
  if (JSON.parse(r.stdout).runs !== RUNS) throw new Error(`${cli} did not run ${RUNS} runs`);
  return elapsed;
}

/** The status line's data attributes. */
const statusOf = (page) => page.evaluate(() => ({ ...document.querySelector('.status').dataset,
  text: document.querySelector('.status').textContent }));

/** Waits for a finished job other than `previous`; returns its status. */
async function finished(page, previous, timeout = 300_000) {
  await page.waitForFunction((prev) => {
    const s = document.querySelector('.status');
    return s && s.dataset.finished === 'true' && s.dataset.job !== prev;
  }, previous ?? null, { timeout, polling: 10 });
  return statusOf(page);
}

/** Sets an input's value and fires `type` on it, as the browser does after typing; returns performance.now() then. */
const edit = (page, selector, value, type) => page.evaluate(([sel, v, t]) => {
  const el = document.querySelector(sel);
  if (!el) throw new Error(`no ${sel} on the page`);
  el.value = v;
  const at = performance.now();
  el.dispatchEvent(new Event(t, { bubbles: true }));
  return at;
}, [selector, String(value), type]);

/**
 * Logs when the page posts to each worker and when each replies, to tell the time a worker computes from the
 * time it waits for the page (the runner feeds a worker its next chunk after it has handled the last reply).
 */
function watchWorkers() {
  const Native = window.Worker;
  window.benchWorkers = [];
  window.Worker = function Worker(...args) {
    const worker = new Native(...args);
    const log = { sends: [], replies: [] };
    window.benchWorkers.push(log);
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (...a) => { log.sends.push(performance.now()); return post(...a); };
    worker.addEventListener('message', () => log.replies.push(performance.now()));
    return worker;
  };
  window.Worker.prototype = Native.prototype;
}

/** Sums, over the workers, the ms spent computing chunks and the ms waiting between a reply and the next chunk. */
const workerTimes = (page) => page.evaluate(() => {
  let busy = 0;
  let idle = 0;
  for (const { sends, replies } of window.benchWorkers) {
    replies.forEach((end, i) => {
      busy += end - sends[i];
      if (sends[i + 1] !== undefined) idle += sends[i + 1] - end;
    });
  }
  return { busy, idle };
});

/** A page with `workers` workers that runs the model's example `RUNS` times per call, one seed per call. */
async function throughputPage(browser, base, workers) {
  const page = await browser.newPage();
  await page.addInitScript(watchWorkers);
  await page.goto(`${base}?workers=${workers}`);
  let s = await finished(page, null);
  if (!s.text.includes(`on ${workers} worker`)) throw new Error(`asked for ${workers} worker(s), the page says: ${s.text}`);
  let first = true;
  /** Elapsed ms of one job, from its start to its final summary (the status line's figure). */
  const run = async (seed) => {
    await page.bringToFront();
    // The first job takes the runs setting (seed 1), the next ones a new seed each.
    if (first && seed !== 1) throw new Error('the first job runs seed 1');
    await page.evaluate(() => window.benchWorkers.forEach((log) => { log.sends = []; log.replies = []; }));
    if (first) await edit(page, '#runs', RUNS, 'change');
    else await edit(page, '#seed', seed, 'change');
    first = false;
    s = await finished(page, s.job);
    if (Number(s.done) !== RUNS) throw new Error(`job ${s.job} finished ${s.done} runs, not ${RUNS}`);
    const m = /in (\d+) ms/.exec(s.text);
    if (!m) throw new Error(`no elapsed time in the status "${s.text}"`);
    return { ms: Number(m[1]), ...(await workerTimes(page)) };
  };
  return { run, close: () => page.close() };
}

/** Ms from an edit to the first partial result and to the final one, `EDIT_RUNS` runs, default worker count. */
async function editLatency(browser, base) {
  const page = await browser.newPage();
  try {
    await page.goto(base);
    await page.bringToFront();
    let s = await finished(page, null);
    await edit(page, '#runs', EDIT_RUNS, 'change');
    s = await finished(page, s.job);
    await page.getByRole('tab', { name: 'Audience' }).click();
    const followers = '#f-audience-direct-followers';
    const first = [];
    const done = [];
    const kinds = [];
    // One warm-up edit, then EDITS: seeds (the run bar) and a scenario field, in turn.
    for (let i = 0; i <= EDITS; i += 1) {
      await page.waitForTimeout(150);
      const field = i % 2 === 1;
      const at = field ? await edit(page, followers, 40000 + i, 'input') : await edit(page, '#seed', 100 + i, 'change');
      s = await finished(page, s.job, 60_000);
      if (Number(s.done) !== EDIT_RUNS) throw new Error(`job ${s.job} finished ${s.done} runs, not ${EDIT_RUNS}`);
      if (i === 0) continue;
      first.push(Number(s.firstAt) - at);
      done.push(Number(s.finishedAt) - at);
      kinds.push(field ? 'field' : 'seed');
    }
    return { first, done, kinds, workers: /on (\d+) worker/.exec(s.text)?.[1] };
  } finally {
    await page.close();
  }
}

function table(rows) {
  const head = ['figure', 'median', 'goal', 'met', 'n'];
  const cells = [head, ...rows.map((r) => [r.figure, r.value, r.goal, r.met === undefined ? '' : (r.met ? 'yes' : 'NO'), String(r.n)])];
  const widths = head.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const line = (c) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

async function main() {
  requireDist();
  const cli = requireCli();
  const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log(`livesim browser benchmark, ${new Date().toISOString()}`);
  console.log(`host: ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model.trim()}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`dist: ${DIST}\ncli:  ${cli}`);

  const port = await freePort();
  const server = await serveDist(port);
  const stop = () => { if (server.exitCode === null) server.kill('SIGTERM'); };
  process.once('exit', stop);
  let browser;
  try {
    browser = await chromium.launch({ ...use.launchOptions, executablePath: process.env.CHROMIUM || use.launchOptions.executablePath });
    const base = `http://127.0.0.1:${port}/`;
    const probe = await browser.newPage();
    await probe.goto(base);
    const cores = await probe.evaluate(() => navigator.hardwareConcurrency);
    await probe.close();
    console.log(`browser: Chromium ${browser.version()}, navigator.hardwareConcurrency ${cores}\n`);

    // Native, 1 worker and 2 workers take turns, so that a change in the host's load hits all three alike.
    const [native, one, two] = [[], [], []];
    const pages = [await throughputPage(browser, base, 1), await throughputPage(browser, base, 2)];
    for (let rep = 1; rep <= REPS; rep += 1) {
      native.push(nativeRun(cli, rep));
      one.push(await pages[0].run(rep));
      two.push(await pages[1].run(rep));
    }
    for (const p of pages) await p.close();
    const latency = await editLatency(browser, base);
    const sizes = bundleSizes();
    const gzip = sizes.reduce((sum, f) => sum + f.gzip, 0);

    const rate = (times) => RUNS / (median(times) / 1000);
    const nativeRate = rate(native);
    const oneRate = rate(one.map((j) => j.ms));
    const twoRate = rate(two.map((j) => j.ms));
    // What one worker alone would do if it never waited for the page.
    const computeRate = rate(one.map((j) => j.busy));
    const idleShare = (jobs) => median(jobs.map((j) => j.idle / (j.busy + j.idle)));
    const ratio = oneRate / nativeRate;
    const speedup = twoRate / oneRate;
    const firstMs = median(latency.first);
    const doneMs = median(latency.done);
    const rows = [
      { figure: `native CLI, 1 thread, runs/s (${fmt(RUNS)} runs)`, value: fmt(nativeRate), goal: '', n: REPS },
      { figure: 'browser, 1 worker, runs/s', value: fmt(oneRate), goal: '', n: REPS },
      { figure: 'browser / native, 1 worker', value: fmt(ratio, 2), goal: '>= 0.60', met: ratio >= 0.6, n: REPS },
      { figure: '  worker computing only (busy time), runs/s', value: fmt(computeRate), goal: '', n: REPS },
      { figure: '  its ratio to native', value: fmt(computeRate / nativeRate, 2), goal: '', n: REPS },
      { figure: '  share of the job the worker waits for the page', value: `${fmt(100 * idleShare(one))} %`, goal: '', n: REPS },
      { figure: 'browser, 2 workers, runs/s', value: fmt(twoRate), goal: '', n: REPS },
      { figure: 'speed-up 1 -> 2 workers', value: `${fmt(speedup, 2)}x`, goal: '>= 1.60x', met: speedup >= 1.6, n: REPS },
      { figure: '  share of the job the workers wait for the page', value: `${fmt(100 * idleShare(two))} %`, goal: '', n: REPS },
      { figure: `edit -> first partial result, ms (${fmt(EDIT_RUNS)} runs)`, value: fmt(firstMs, 1), goal: '<= 100', met: firstMs <= 100, n: latency.first.length },
      { figure: `edit -> ${fmt(EDIT_RUNS)} runs finished, ms`, value: fmt(doneMs, 1), goal: '<= 300', met: doneMs <= 300, n: latency.done.length },
      { figure: 'bundle, wasm + JS, gzip -9, KB', value: fmt(gzip / 1000, 1), goal: `<= ${fmt(BUDGET_BYTES / 1000)}`, met: gzip <= BUDGET_BYTES, n: 1 },
    ];
    console.log(table(rows));

    const list = (xs) => xs.map((x) => fmt(x, x < 1000 ? 1 : 0)).join(', ');
    console.log('\nraw figures (ms):');
    console.log(`  native ${fmt(RUNS)} runs, wall clock incl. process start: ${list(native)}`);
    const jobs = (js) => js.map((j) => `${fmt(j.ms)} (busy ${fmt(j.busy)}, waiting ${fmt(j.idle)})`).join(', ');
    console.log(`  browser 1 worker, job start -> final summary:           ${jobs(one)}`);
    console.log(`  browser 2 workers, job start -> final summary:          ${jobs(two)}`);
    console.log('  (busy: chunk sent -> reply, summed over workers; waiting: reply -> next chunk, summed over workers)');
    console.log(`  edit -> first result (${latency.workers} workers; ${latency.kinds.join('/')}): ${list(latency.first)}`);
    console.log(`  edit -> finished:                                        ${list(latency.done)}`);
    console.log('  bundle: ' + sizes.map((f) => `${f.file} ${fmt(f.gzip / 1000, 1)} KB`).join(', '));
    console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (timings are noisy on a busy host)`);
  } finally {
    if (browser) await browser.close();
    stop();
  }
}

main().catch((e) => {
  console.error(`bench: error: ${e.message}`);
  process.exitCode = 1;
});
