// Browser tests of the livesim app: real headless Chromium against the release build (see playwright.config.js).
const { test, expect } = require('@playwright/test');
const {
  EXAMPLE, cliSummary, status, finishedJob, medians, downloadSummary,
} = require('./helpers');

test('opens with the default scenario and shows results in its currency', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await finishedJob(page);
  await expect(page.locator('.scenario-name')).toHaveText('Autumn skincare live');
  await expect(status(page)).toContainText('2000 runs');
  const revenue = await page.locator('.kpi-card[data-kpi=revenue] .median').first().textContent();
  expect(revenue).toMatch(/^R\$\d{2},\d{3}\.\d{2}$/);
  for (const id of ['viewers', 'orders', 'revenue-cumulative', 'revenue-histogram', 'contribution-histogram']) {
    const box = await page.locator(`#chart-${id} canvas`).boundingBox();
    expect(box.width).toBeGreaterThan(300);
    expect(box.height).toBeGreaterThan(150);
  }
  await expect(page.locator('.item-table tbody tr')).toHaveCount(3);
  expect(await page.locator('body').innerText()).not.toMatch(/NaN|Infinity|undefined/);
  expect(errors).toEqual([]);
});

test('the summary equals the command line\'s for the same scenario, seed and runs', async ({ page }) => {
  await page.goto('/');
  await finishedJob(page);
  const app = await downloadSummary(page);
  expect(app).toEqual(cliSummary(EXAMPLE, { runs: 2000, seed: 1 }));
});

test('one worker and two give the same summary', async ({ page }) => {
  await page.goto('/?workers=1');
  await finishedJob(page);
  await expect(status(page)).toContainText('1 worker');
  const one = await downloadSummary(page);
  await page.goto('/?workers=2');
  await finishedJob(page);
  await expect(status(page)).toContainText('2 worker');
  expect(await downloadSummary(page)).toEqual(one);
});

test('an edit re-runs the simulation and moves the fan chart', async ({ page }) => {
  await page.goto('/');
  const job = await finishedJob(page);
  const before = await medians(page, 'viewers');
  await page.getByRole('tab', { name: 'Audience' }).click();
  await page.locator('#f-audience-direct-followers').fill('80000');
  await finishedJob(page, job);
  const after = await medians(page, 'viewers');
  expect(after).toHaveLength(90);
  // Direct viewers are about half the audience at minute 20: doubling followers lifts it by a quarter or more.
  expect(after[20]).toBeGreaterThan(before[20] * 1.25);
});

test('a bad value is flagged at the field with the engine\'s message, and the last results stay', async ({ page }) => {
  await page.goto('/');
  const job = await finishedJob(page);
  const revenue = await page.locator('.kpi-card[data-kpi=revenue] .median').first().textContent();
  await page.locator('#f-duration_min').fill('0');
  // Under the field only the problem (its label says which field); the list at the top names the path.
  await expect(page.locator('.field-error')).toHaveText('must be between 1 and 600, got 0');
  await expect(page.locator('.problems')).toContainText('duration_min: must be between 1 and 600, got 0');
  await expect(page.getByRole('tab', { name: /^Live/ }).locator('.badge')).toHaveText('1');
  await expect(page.locator('.results')).toHaveClass(/stale/);
  await expect(page.locator('.kpi-card[data-kpi=revenue] .median').first()).toHaveText(revenue);
  // Longer than the rundown and offers, so the scenario is valid again.
  await page.locator('#f-duration_min').fill('120');
  await finishedJob(page, job);
  await expect(page.locator('.field-error')).toHaveCount(0);
  expect(await medians(page, 'viewers')).toHaveLength(120);
  expect(await page.locator('body').innerText()).not.toMatch(/NaN|Infinity/);
});

test('the user\'s work survives a reload', async ({ page }) => {
  await page.goto('/');
  await finishedJob(page);
  await page.locator('#f-name').fill('Black Friday rehearsal');
  await expect(page.locator('.scenario-name')).toHaveText('Black Friday rehearsal');
  await page.locator('#f-duration_min').fill('-5');
  await page.reload();
  await expect(page.locator('.scenario-name')).toHaveText('Black Friday rehearsal');
  await expect(page.locator('#f-duration_min')).toHaveValue('-5');
  await expect(page.locator('.field-error')).toHaveCount(1);
  await expect(page.locator('.problems')).toContainText('duration_min');
});

test('runs and seed are keyboard-editable settings', async ({ page }) => {
  await page.goto('/');
  const job = await finishedJob(page);
  const runs = page.getByRole('spinbutton', { name: 'Runs' });
  await runs.focus();
  await runs.fill('500');
  await page.keyboard.press('Tab');
  const next = await finishedJob(page, job);
  await expect(status(page)).toContainText('500 runs');
  await page.getByRole('spinbutton', { name: 'Seed' }).fill('7');
  await page.keyboard.press('Enter');
  await page.getByRole('spinbutton', { name: 'Seed' }).blur();
  await finishedJob(page, next);
  const summary = await downloadSummary(page);
  expect(summary.runs).toBe(500);
  expect(summary.seed).toBe(7);
});

test('a new edit cancels the work in flight', async ({ page }) => {
  await page.goto('/');
  const first = await finishedJob(page);
  await page.getByRole('spinbutton', { name: 'Runs' }).fill('40000');
  await page.getByRole('spinbutton', { name: 'Runs' }).blur();
  // Wait for a partial result of the long job, then edit.
  await expect(async () => {
    expect(await status(page).getAttribute('data-job')).not.toBe(first);
    expect(Number(await status(page).getAttribute('data-done'))).toBeGreaterThan(0);
  }).toPass({ timeout: 20_000 });
  const long = await status(page).getAttribute('data-job');
  expect(await status(page).getAttribute('data-finished')).toBe('false');
  await page.getByRole('spinbutton', { name: 'Runs' }).fill('1000');
  await page.getByRole('spinbutton', { name: 'Runs' }).blur();
  const last = await finishedJob(page, long);
  expect(Number(last)).toBeGreaterThan(Number(long));
  await expect(status(page)).toContainText('1000 runs');
  // The abandoned job never reports again.
  await page.waitForTimeout(500);
  expect(await status(page).getAttribute('data-job')).toBe(last);
});

test('what the user types into Runs stays put while a job runs', async ({ page }) => {
  await page.goto('/');
  const first = await finishedJob(page);
  const runs = page.getByRole('spinbutton', { name: 'Runs' });
  await runs.fill('40000');
  await runs.blur();
  await expect(async () => {
    expect(await status(page).getAttribute('data-job')).not.toBe(first);
    expect(Number(await status(page).getAttribute('data-done'))).toBeGreaterThan(0);
  }).toPass({ timeout: 20_000 });
  // A person takes a moment to type; progress updates re-render the bar meanwhile.
  await runs.fill('1000');
  await page.waitForTimeout(600);
  expect(await runs.inputValue(), 'the Runs box after 600 ms of a running job').toBe('1000');
  await runs.blur();
  await expect(status(page)).toContainText('1000 runs in', { timeout: 30_000 });
});

test('charts are crisp on HiDPI screens and read out the value under the pointer', async ({ browser }) => {
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto('/');
  await finishedJob(page);
  const canvas = page.locator('#chart-viewers canvas');
  const size = await canvas.evaluate((c) => ({ w: c.width, cw: c.clientWidth }));
  expect(size.w).toBe(size.cw * 2);
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await expect(page.locator('#chart-viewers .readout')).toContainText('minute');
  await expect(page.locator('#chart-viewers .readout')).toContainText('median');
  await context.close();
});

test('the layout holds on a tablet', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 820, height: 1180 } });
  const page = await context.newPage();
  await page.goto('/');
  await finishedJob(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});

test('correlated guesses are declared in the editor, checked there, and run as the command line runs them', async ({ page }, testInfo) => {
  await page.goto('/');
  let job = await finishedJob(page);
  await page.getByLabel('Load an example scenario').selectOption('uncertain-launch-zar.json');
  job = await finishedJob(page, job);
  await page.getByRole('tab', { name: /^Live/ }).click();
  await page.locator('#add-correlation').click();
  await page.locator('#f-correlations-0--a').selectOption('audience.direct.show_up_rate');
  await page.locator('#f-correlations-0--b').selectOption('audience.segments.new.intent_per_min');
  await page.locator('#f-correlations-0--rho').fill('0.8');
  job = await finishedJob(page, job);
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('livesim.scenarios')));
  const doc = saved.scenarios[saved.current];
  expect(doc.correlations).toEqual([
    { a: 'audience.direct.show_up_rate', b: 'audience.segments.new.intent_per_min', rho: 0.8 },
  ]);
  const app = await downloadSummary(page);
  expect(app).toEqual(cliSummary(doc, { runs: 2000, seed: 1, scratch: testInfo.outputPath('correlated.json') }));

  // A rank correlation outside [-1, 1] is flagged at its field, with the engine's message; the last results stay.
  await page.locator('#f-correlations-0--rho').fill('1.5');
  await expect(page.locator('.correlation .field-error')).toHaveText('must be between -1 and 1, got 1.5');
  await expect(page.getByRole('tab', { name: /^Live/ }).locator('.badge')).toHaveText('1');
  await page.locator('#f-correlations-0--rho').fill('-0.4');
  await expect(page.getByRole('tab', { name: /^Live/ }).locator('.badge')).toHaveCount(0);
  // Removing the last one leaves the scenario as it was.
  await page.getByRole('button', { name: 'Remove correlation 1' }).click();
  await expect(page.locator('.correlation')).toHaveCount(0);
  // Each new one starts on a pair not declared yet, so adding never makes a duplicate.
  await page.locator('#add-correlation').click();
  await page.locator('#add-correlation').click();
  await expect(page.locator('.correlation')).toHaveCount(2);
  await expect(page.locator('#f-correlations-1--b')).not.toHaveValue(await page.locator('#f-correlations-0--b').inputValue());
  await expect(page.getByRole('tab', { name: /^Live/ }).locator('.badge')).toHaveCount(0);
});
