// Browser tests of keeping and passing on work: undo/redo, refused imports, CSV and PNG exports,
// storage that will not save, and share links opened on a fresh browser.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const {
  EXAMPLE, cliSummary, requireCli, status, finishedJob, settledJob, kpiMedian, downloadSummary, typeInto, freePort,
} = require('./helpers');

const nameField = (page) => page.locator('.scenario-name');

/** Clicks a download button; returns the file's name and text (or bytes). */
async function download(page, locator, { binary = false } = {}) {
  const [file] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const bytes = fs.readFileSync(await file.path());
  return { name: file.suggestedFilename(), body: binary ? bytes : bytes.toString('utf8') };
}

/** Sets the runs and seed settings and waits for their results. */
async function settings(page, { runs, seed }) {
  const job = await finishedJob(page);
  await page.getByRole('spinbutton', { name: 'Runs' }).fill(String(runs));
  await page.getByRole('spinbutton', { name: 'Seed' }).fill(String(seed));
  await page.getByRole('spinbutton', { name: 'Seed' }).blur();
  await settledJob(page, job);
  await expect(status(page)).toContainText(`${runs} runs`);
}

test('Ctrl+Z undoes typing one field at a time, Ctrl+Shift+Z redoes, the buttons follow', async ({ page }) => {
  await page.goto('/');
  await finishedJob(page);
  await expect(page.locator('#undo')).toBeDisabled();
  await typeInto(page.locator('#f-name'), 'Black Friday');
  await typeInto(page.locator('#f-duration_min'), '75');
  await expect(nameField(page)).toHaveText('Black Friday');

  await page.keyboard.press('ControlOrMeta+z');
  await expect(page.locator('#f-duration_min')).toHaveValue('90');
  await expect(nameField(page)).toHaveText('Black Friday');
  await page.keyboard.press('ControlOrMeta+z');
  await expect(nameField(page)).toHaveText('Autumn skincare live');
  await expect(page.locator('#f-name')).toHaveValue('Autumn skincare live');
  await expect(page.locator('#undo')).toBeDisabled();

  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(nameField(page)).toHaveText('Black Friday');
  await page.locator('#redo').click();
  await expect(page.locator('#f-duration_min')).toHaveValue('75');
  await expect(page.locator('#redo')).toBeDisabled();
  await page.locator('#undo').click();
  await expect(page.locator('#f-duration_min')).toHaveValue('90');
});

test('a file of a newer schema, or not a scenario, is refused with the reason and the work stays', async ({ page }, testInfo) => {
  await page.goto('/');
  await finishedJob(page);
  await typeInto(page.locator('#f-name'), 'My plan');
  const open = async (name, doc) => {
    const file = testInfo.outputPath(name);
    fs.writeFileSync(file, JSON.stringify(doc));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open…' }).click()]);
    await chooser.setFiles(file);
  };
  const future = { ...JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')), schema: 'livesim/2' };
  await open('future.json', future);
  const notice = page.locator('.notice.error');
  await expect(notice).toContainText('future.json was not opened, your work is unchanged');
  await expect(notice).toContainText('newer livesim (livesim/2)');
  await expect(nameField(page)).toHaveText('My plan');

  const wrong = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
  wrong.catalog[1].price = 'cheap';
  await open('wrong.json', wrong);
  await expect(notice).toContainText('wrong.json was not opened');
  await expect(notice).toContainText('catalog[1].price');
  await expect(nameField(page)).toHaveText('My plan');
  await expect(page.locator('.field-error')).toHaveCount(0);
});

test('results export as CSV: the summary\'s numbers, every minute, and every run as the command line writes them', async ({ page }, testInfo) => {
  await page.goto('/');
  await settings(page, { runs: 300, seed: 5 });
  const cli = cliSummary(EXAMPLE, { runs: 300, seed: 5 });

  const summary = await download(page, page.locator('#download-summary-csv'));
  expect(summary.name).toBe('autumn-skincare-live-summary.csv');
  const rows = summary.body.trim().split('\n').map((l) => l.split(','));
  expect(rows[0]).toEqual(['output', 'mean', 'sd', 'p5', 'p50', 'p95', 'runs_present']);
  const revenue = rows.find((r) => r[0] === 'revenue');
  expect(Number(revenue[4])).toBe(cli.kpis.revenue.p50);
  expect(Number(revenue[1])).toBe(cli.kpis.revenue.mean);

  const minutes = await download(page, page.locator('#download-minutes-csv'));
  const lines = minutes.body.trim().split('\n');
  expect(lines).toHaveLength(1 + 90);
  const header = lines[0].split(',');
  const at30 = lines[31].split(',');
  expect(Number(at30[header.indexOf('viewers_p50')])).toBe(cli.series.viewers.p50[30]);

  const perRun = await download(page, page.locator('#download-runs-csv'));
  const cliFile = testInfo.outputPath('per-run.csv');
  execFileSync(requireCli(), ['run', EXAMPLE, '--runs', '300', '--seed', '5', '--per-run', cliFile], { encoding: 'utf8' });
  expect(perRun.body).toBe(fs.readFileSync(cliFile, 'utf8'));
});

test('each chart saves as a PNG image', async ({ page }) => {
  await page.goto('/');
  await finishedJob(page);
  const png = await download(page, page.locator('#chart-viewers .png-button'), { binary: true });
  expect(png.name).toBe('viewers-per-minute.png');
  expect(png.body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.body.length).toBeGreaterThan(5000);
  const histogram = await download(page, page.locator('#chart-revenue-histogram .png-button'), { binary: true });
  expect(histogram.name).toBe('revenue-over-runs.png');
});

test('when the browser will not store the work, the page says so and keeps working', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = function refuse() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto('/');
  const job = await finishedJob(page);
  await expect(page.locator('#storage-warning')).toContainText('not being saved');
  await expect(page.locator('#storage-warning')).toContainText('QuotaExceededError');
  await page.getByRole('spinbutton', { name: 'Seed' }).fill('11');
  await page.getByRole('spinbutton', { name: 'Seed' }).blur();
  await finishedJob(page, job);
  expect((await downloadSummary(page)).seed).toBe(11);
  expect(await page.locator('body').innerText()).not.toMatch(/NaN|Infinity|undefined/);
});

test('a share link opens the same scenario with the same numbers in a fresh browser, beside the recipient\'s own work', async ({ page, browser, baseURL }) => {
  await page.goto('/');
  await finishedJob(page);
  await typeInto(page.locator('#f-name'), 'Shared plan');
  await settings(page, { runs: 700, seed: 9 });
  const sent = { revenue: await kpiMedian(page, 'revenue'), orders: await kpiMedian(page, 'orders') };
  const sentSummary = await downloadSummary(page);
  await page.locator('#share').click();
  const link = await page.locator('#share-link').inputValue();
  expect(link.startsWith(`${baseURL.replace(/\/$/, '')}/#s=`)).toBe(true);

  // The recipient has work of their own (saved in their browser).
  const context = await browser.newContext({ baseURL });
  const theirs = await context.newPage();
  await theirs.goto('/');
  await finishedJob(theirs);
  await typeInto(theirs.locator('#f-name'), 'Recipient own plan');
  const before = await settledJob(theirs);
  await theirs.goto(link); // the same page with a new fragment: the open page takes the link
  await expect(theirs.locator('.notice')).toContainText('Opened the shared scenario “Shared plan” as tab B');
  await settledJob(theirs, before);
  await expect(nameField(theirs)).toHaveText('Shared plan');
  expect(await kpiMedian(theirs, 'revenue')).toBe(sent.revenue);
  expect(await kpiMedian(theirs, 'orders')).toBe(sent.orders);
  expect(await downloadSummary(theirs)).toEqual(sentSummary);
  expect(theirs.url()).not.toContain('#s=');
  await expect(theirs.locator('.scenario-tabs .tab-open')).toHaveCount(2);
  await theirs.locator('.scenario-tabs .tab-open').first().click();
  await expect(nameField(theirs)).toHaveText('Recipient own plan');
  // A reload keeps both, and does not open the link a second time.
  await theirs.reload();
  await finishedJob(theirs);
  await expect(theirs.locator('.scenario-tabs .tab-open')).toHaveCount(2);
  await context.close();
});

test('a cut or altered link says so and opens nothing', async ({ page }) => {
  await page.goto('/');
  await finishedJob(page);
  await page.locator('#share').click();
  const link = await page.locator('#share-link').inputValue();

  const context = await page.context().browser().newContext({ baseURL: new URL(link).origin });
  const fresh = await context.newPage();
  await fresh.goto(link.slice(0, link.length - 40));
  await expect(fresh.locator('.notice.error')).toContainText('The shared link could not be opened');
  await expect(fresh.locator('.notice.error')).toContainText('cut short');
  await finishedJob(fresh);
  await expect(fresh.locator('.scenario-tabs .tab-open')).toHaveCount(1);
  await expect(nameField(fresh)).toHaveText('Autumn skincare live');
  await fresh.goto(`${link.slice(0, -10)}%%%${link.slice(-7)}`);
  await expect(fresh.locator('.notice.error')).toContainText('changed on the way');
  await context.close();
});

test('the library keeps named scenarios across reloads: open, duplicate, rename, delete with undo', async ({ page }) => {
  await page.goto('/');
  await finishedJob(page);
  await typeInto(page.locator('#f-name'), 'Black Friday');
  await page.locator('#library summary').click();
  await expect(page.locator('#library summary')).toHaveText('Library (0)');
  await page.locator('#library-keep').click();
  await expect(page.locator('.notice')).toContainText('“Black Friday” is kept in the library.');
  const entries = page.locator('.library-entry');
  await expect(entries).toHaveCount(1);
  await expect(entries.first().locator('.library-saved')).toHaveText(/2\d{3}|\d{1,2}:\d{2}/); // a date, by Intl

  await page.getByRole('button', { name: 'Duplicate Black Friday' }).click();
  await expect(entries).toHaveCount(2);
  const copyName = entries.nth(1).locator('.library-name');
  await expect(copyName).toHaveValue('Black Friday (copy)');
  await copyName.fill('Cyber Monday');
  await copyName.press('Enter');
  await expect(page.getByRole('button', { name: 'Open Cyber Monday in this tab' })).toBeVisible();

  await typeInto(page.locator('#f-name'), 'Scratch');
  await page.getByRole('button', { name: 'Open Cyber Monday in this tab' }).click();
  await expect(nameField(page)).toHaveText('Cyber Monday');

  await page.getByRole('button', { name: 'Delete Black Friday' }).click();
  await expect(entries).toHaveCount(1);
  await page.locator('.notice').getByRole('button', { name: 'Undo' }).click();
  await expect(entries).toHaveCount(2);

  await page.reload();
  await page.locator('#library summary').click();
  await expect(page.locator('#library summary')).toHaveText('Library (2)');
  await expect(page.locator('.library-name').nth(0)).toHaveValue('Black Friday');
  await expect(page.locator('.library-name').nth(1)).toHaveValue('Cyber Monday');
});

test('an embed shows the results with the author\'s sliders inside an iframe, from the page\'s own files only', async ({ page, browser, baseURL }) => {
  await page.goto('/');
  await finishedJob(page);
  await settings(page, { runs: 500, seed: 3 });
  await page.locator('#embed-builder summary').click();
  await page.locator('.embed-choice', { hasText: /flash.*start/i }).locator('input').check();
  const code = await page.locator('#embed-code').inputValue();
  expect(code).toMatch(/^<iframe src="http:\/\/[^"]+#embed=[A-Za-z0-9_-]+" title="Autumn skincare live"/);
  const revenue = await kpiMedian(page, 'revenue');

  // A wiki page on another origin holds the snippet; the embedded page asks nothing of any other host.
  // (The wiki is served from this machine too: Chromium will not let a public page frame 127.0.0.1.)
  const wikiPort = await freePort();
  const wiki = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>Wiki</title><h1>Wiki</h1>${code}`);
  });
  await new Promise((resolve) => wiki.listen(wikiPort, '127.0.0.1', resolve));
  const wikiURL = `http://127.0.0.1:${wikiPort}/`;
  const context = await browser.newContext();
  const host = await context.newPage();
  const foreign = [];
  host.on('request', (r) => { if (!r.url().startsWith(baseURL) && !r.url().startsWith(wikiURL)) foreign.push(r.url()); });
  await host.goto(wikiURL);
  const frame = host.frameLocator('iframe');
  await expect(frame.locator('.embed h1')).toHaveText('Autumn skincare live');
  await expect(frame.locator('.status')).toHaveAttribute('data-finished', 'true', { timeout: 30_000 });
  expect(await frame.locator('.kpi-card[data-kpi=revenue] .median').first().textContent()).toBe(revenue);
  await expect(frame.locator('.scenario-tabs, .editor-column, #library')).toHaveCount(0);

  const slider = frame.locator('.embed-control input[type=range]');
  await expect(slider).toHaveCount(1);
  await expect(slider).toHaveValue('60');
  const job = await frame.locator('.status').getAttribute('data-job');
  await slider.fill('65');
  await expect(frame.locator('.embed-control output')).toHaveText('65');
  await expect(async () => {
    expect(await frame.locator('.status').getAttribute('data-job')).not.toBe(job);
    expect(await frame.locator('.status').getAttribute('data-finished')).toBe('true');
  }).toPass({ timeout: 30_000 });
  const moved = await frame.locator('.kpi-card[data-kpi=revenue] .median').first().textContent();
  expect(moved).not.toBe(revenue);
  expect(foreign).toEqual([]);
  // The embedded page wrote nothing into its origin's storage, where a reader's own livesim work lives.
  const embedded = host.frames().find((fr) => fr.url().startsWith(baseURL));
  expect(await embedded.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('livesim.')))).toEqual([]);
  await context.close();
  wiki.close();
});
