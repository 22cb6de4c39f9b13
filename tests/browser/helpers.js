// Shared helpers of the browser tests and the benchmarks: paths, the CLI, waiting on the app's run status, serving dist/.
'use strict';
const { expect } = require('@playwright/test');
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const http = require('http');
const net = require('net');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const SCENARIOS = path.join(ROOT, 'www', 'scenarios');
const EXAMPLE = path.join(SCENARIOS, 'model-example.json');

/** The release CLI: $LIVESIM_BIN, else cargo's target directory ($CARGO_TARGET_DIR or ./target). */
function cliPath() {
  if (process.env.LIVESIM_BIN) return path.resolve(process.env.LIVESIM_BIN);
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target');
  return path.join(target, 'release', 'livesim');
}

/** The CLI's path, or a clear error when it was not built. */
function requireCli() {
  const cli = cliPath();
  if (!fs.existsSync(cli)) {
    throw new Error(`no livesim CLI at ${cli}: build it with 'cargo build --release --bin livesim' `
      + '(or point LIVESIM_BIN at it)');
  }
  return cli;
}

/** Throws a clear error unless dist/ holds a built app. */
function requireDist() {
  if (!fs.existsSync(path.join(DIST, 'index.html')) || !fs.readdirSync(DIST).some((f) => f.endsWith('.wasm'))) {
    throw new Error(`no built app in ${DIST}: run 'trunk build --release' at the repository's root first`);
  }
  return DIST;
}

/** The CLI's summary of a scenario (a path, or a document written to `scratch`). */
function cliSummary(scenario, { runs, seed, scratch } = {}) {
  let file = scenario;
  if (typeof scenario !== 'string') {
    file = scratch;
    fs.writeFileSync(file, JSON.stringify(scenario, null, 2));
  }
  const args = ['run', file, '--runs', String(runs), '--seed', String(seed)];
  return JSON.parse(execFileSync(requireCli(), args, { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** A scenario file of www/scenarios/ as a document. */
const scenario = (name) => JSON.parse(fs.readFileSync(path.join(SCENARIOS, name), 'utf8'));

/** Parses an en-US formatted number such as "R$74,686.06" or "3,291". */
const number = (text) => Number(text.replace(/[^0-9.\-]/g, ''));

/** The run bar's status line: its data-* attributes say which job is shown and how far it got. */
const status = (page) => page.locator('.status');

/** Waits until a job other than `previousJob` has finished; returns its id. */
async function finishedJob(page, previousJob = null) {
  await expect(async () => {
    const s = status(page);
    expect(await s.getAttribute('data-finished')).toBe('true');
    if (previousJob !== null) expect(await s.getAttribute('data-job')).not.toBe(previousJob);
  }).toPass({ timeout: 30_000 });
  return status(page).getAttribute('data-job');
}

/**
 * Waits until a job other than `previousJob` has finished and no newer one starts for `quietMs`
 * (typing starts a job per keystroke: this is the last one's result); returns its id.
 */
async function settledJob(page, previousJob = null, quietMs = 400) {
  for (;;) {
    const job = await finishedJob(page, previousJob);
    await page.waitForTimeout(quietMs);
    if ((await status(page).getAttribute('data-job')) === job
      && (await status(page).getAttribute('data-finished')) === 'true') return job;
  }
}

/** The text of a KPI card's median, e.g. "R$74,686.06". */
const kpiMedian = (page, kpi) => page.locator(`.kpi-card[data-kpi=${kpi}] .median`).first().textContent();

/** The median column of a fan chart's data table. */
async function medians(page, chart) {
  const cells = page.locator(`#chart-${chart} details table tbody tr td:nth-child(3)`);
  return (await cells.allTextContents()).map(number);
}

/** Clicks "Download summary (JSON)" and parses the file. */
async function downloadSummary(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#download-summary').click(),
  ]);
  return JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
}

/** Replaces a text box's content by typing, key by key, as a person would. */
async function typeInto(locator, text) {
  await locator.click();
  await locator.press('ControlOrMeta+A');
  await locator.pressSequentially(text);
}

/** The median of numbers (the mean of the middle two for an even count). */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Serves dist/ with python3's http.server; resolves once it answers. */
async function serveDist(port) {
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', DIST],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d) => { stderr = (stderr + d).slice(-2000); });
  const failed = new Promise((_, reject) => {
    server.once('error', (e) => reject(new Error(`cannot start python3 -m http.server: ${e.message}`)));
    server.once('exit', (code) => reject(new Error(`python3 -m http.server exited (${code}): ${stderr.trim()}`)));
  });
  const up = (async () => {
    for (let i = 0; i < 100; i += 1) {
      const ok = await new Promise((resolve) => {
        http.get(`http://127.0.0.1:${port}/`, (res) => { res.resume(); resolve(res.statusCode === 200); })
          .on('error', () => resolve(false));
      });
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    server.kill('SIGTERM');
    throw new Error(`the http server on port ${port} did not answer within 10 s`);
  })();
  await Promise.race([up, failed]);
  failed.catch(() => {}); // it exits when we kill it at the end
  return server;
}

module.exports = {
  median, freePort, serveDist,
  ROOT, DIST, SCENARIOS, EXAMPLE, cliPath, requireCli, requireDist, cliSummary, scenario, number,
  status, finishedJob, settledJob, kpiMedian, medians, downloadSummary, typeInto,
};
