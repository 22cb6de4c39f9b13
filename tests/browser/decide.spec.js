// The decision tools in the browser: scenarios compared on paired runs, and what drives a KPI's spread (the tornado),
// each checked against the command line's answer for the same scenarios, runs and seed.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const fs = require('fs');
const { finishedJob, settledJob, requireCli } = require('./helpers');

const cli = (args) => JSON.parse(execFileSync(requireCli(), args, { encoding: 'utf8', maxBuffer: 64 << 20 }));
// The app's formats: Intl, with no minus sign on a value that rounds to zero.
const intl = (options) => new Intl.NumberFormat('en-US', { signDisplay: 'negative', ...options });
const money = (currency) => intl({ style: 'currency', currency });
const percent = intl({ style: 'percent', maximumFractionDigits: 1 });
const decimal = intl({ maximumFractionDigits: 2 });
/** The set of scenarios the page keeps (baseline first), as saved in local storage. */
const savedSet = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('livesim.scenarios')));

test('compare: a deeper discount against the baseline reads as the command line computes it on paired runs', async ({ page }, testInfo) => {
  await page.goto('/');
  const job = await finishedJob(page);
  await expect(page.locator('#run-compare')).toBeDisabled();
  await page.getByRole('button', { name: '+ Duplicate as variant' }).click();
  await expect(page.locator('.scenario-tab')).toHaveCount(2);
  await expect(page.locator('.scenario-tab.active')).toContainText('Autumn skincare live (B)');
  await page.getByRole('tab', { name: 'Offers' }).click();
  await page.locator('#f-offers-0--pct').fill('0.25');
  await settledJob(page, job);

  await page.locator('#run-compare').click();
  const revenue = page.locator('.compare-table tr[data-kpi=revenue] td');
  await expect(revenue).toHaveCount(4);

  const { current, scenarios } = await savedSet(page);
  expect(current).toBe(1);
  expect(scenarios[1].offers[0].pct).toBe(0.25);
  expect(scenarios[0].offers[0].pct).toBe(0.15);
  const files = scenarios.map((doc, i) => {
    const file = testInfo.outputPath(`scenario-${i}.json`);
    fs.writeFileSync(file, JSON.stringify(doc));
    return file;
  });
  const comparison = cli(['compare', ...files, '--runs', '2000', '--seed', '1']);
  const want = comparison.kpis.revenue;
  const brl = money('BRL');
  const cells = await revenue.allTextContents();
  expect(cells[0]).toContain(brl.format(want.scenarios[0].p50));
  expect(cells[1]).toContain(brl.format(want.scenarios[1].p50));
  const d = want.differences[0];
  const signed = (x) => (x > 0 ? '+' : '') + brl.format(x);
  expect(cells[2]).toContain(signed(d.p50));
  expect(cells[2]).toContain(`${signed(d.p5)} – ${signed(d.p95)}`);
  expect(cells[3]).toBe(percent.format(d.p_better));
  // Ties are told apart from losses where they matter (peak viewers barely move with a discount).
  const peak = comparison.kpis.peak_viewers.differences[0];
  const peakCell = await page.locator('.compare-table tr[data-kpi=peak_viewers] td').nth(3).textContent();
  expect(peakCell).toBe(percent.format(peak.p_better) + (peak.p_tie >= 0.05 ? `ties ${percent.format(peak.p_tie)}` : ''));
  // Paired runs: the difference is far narrower than either scenario's own range (it is not luck).
  expect(d.p95 - d.p5).toBeLessThan((want.scenarios[0].p95 - want.scenarios[0].p5) / 1.5);

  for (const id of ['compare-viewers', 'compare-orders']) {
    const box = await page.locator(`#chart-${id} canvas`).boundingBox();
    expect(box.width).toBeGreaterThan(300);
    await expect(page.locator(`#chart-${id} .chart-key li`)).toHaveCount(2);
  }
  expect(await page.locator('.decide').innerText()).not.toMatch(/NaN|Infinity|undefined/);

  // Editing a scenario marks the comparison out of date; the set survives a reload.
  await page.locator('#f-offers-0--pct').fill('0.3');
  await expect(page.locator('.compare-result .notice-inline')).toBeVisible();
  await page.reload();
  await expect(page.locator('.scenario-tab')).toHaveCount(2);
  await expect(page.locator('.scenario-tab.active')).toContainText('(B)');
  await page.getByRole('button', { name: /Remove .*\(B\)/ }).click();
  await expect(page.locator('.scenario-tab')).toHaveCount(1);
  await expect(page.locator('.scenario-name')).toHaveText('Autumn skincare live');
});

test('the tornado ranks the uncertain inputs as the command line does', async ({ page }) => {
  await page.goto('/');
  const job = await finishedJob(page);
  await page.getByLabel('Load an example scenario').selectOption('uncertain-launch-zar.json');
  await settledJob(page, job);
  await page.getByRole('tab', { name: 'What drives it' }).click();
  await page.locator('#drivers-kpi').selectOption('contribution');
  const rows = page.locator('.drivers-table tbody tr');
  await expect(rows.first()).toBeVisible();

  const { scenarios, current } = await savedSet(page);
  const file = test.info().outputPath('uncertain.json');
  fs.writeFileSync(file, JSON.stringify(scenarios[current]));
  const want = cli(['sensitivity', file, '--kpi', 'contribution', '--runs', '2000', '--seed', '1']);
  expect(want.inputs.length).toBeGreaterThan(3);
  await expect(rows).toHaveCount(want.inputs.length);
  const names = await page.locator('.drivers-table tbody th').allTextContents();
  expect(names).toEqual(want.inputs.map((i) => i.path));
  const rho = await page.locator('.drivers-table tbody td:nth-child(2)').allTextContents();
  expect(rho).toEqual(want.inputs.map((i) => decimal.format(i.spearman)));
  // Bars: as many as inputs, the longest for the largest swing, pointing down for a negative one.
  await expect(page.locator('.tornado li')).toHaveCount(want.inputs.length);
  const widths = await page.locator('.tornado .driver-bar').evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().width));
  const widest = want.inputs.reduce((m, i, k) => (Math.abs(i.swing) > Math.abs(want.inputs[m].swing) ? k : m), 0);
  expect(Math.max(...widths)).toBeCloseTo(widths[widest], 5);
  const down = await page.locator('.tornado .driver-bar').evaluateAll((bars) => bars.map((b) => b.classList.contains('down')));
  expect(down).toEqual(want.inputs.map((i) => i.swing < 0));
});

test('what drives a difference: the tornado of B − A reads as `livesim sensitivity --versus`', async ({ page }) => {
  await page.goto('/');
  let job = await finishedJob(page);
  await page.getByLabel('Load an example scenario').selectOption('uncertain-launch-zar.json');
  job = await settledJob(page, job);
  await page.getByRole('button', { name: '+ Duplicate as variant' }).click();
  await page.getByRole('tab', { name: 'Offers' }).click();
  await page.locator('#f-offers-0--pct').fill('0.35');
  await settledJob(page, job);
  await page.locator('#run-compare').click();
  await expect(page.locator('.compare-table tr[data-kpi=revenue] td')).toHaveCount(4);

  await page.getByRole('tab', { name: 'What drives it' }).click();
  await page.locator('#drivers-kpi').selectOption('revenue');
  await page.locator('#drivers-subject').selectOption('1');
  await expect(page.locator('.drivers p.muted').first()).toContainText('the difference B − A');

  const { scenarios } = await savedSet(page);
  const [base, variant] = scenarios.map((doc, i) => {
    const file = test.info().outputPath(`versus-${i}.json`);
    fs.writeFileSync(file, JSON.stringify(doc));
    return file;
  });
  const want = cli(['sensitivity', base, '--versus', variant, '--kpi', 'revenue', '--runs', '2000', '--seed', '1']);
  expect(want.inputs.length).toBeGreaterThan(3);
  const rows = page.locator('.drivers-table tbody tr');
  await expect(rows).toHaveCount(want.inputs.length);
  expect(await page.locator('.drivers-table tbody th').allTextContents()).toEqual(want.inputs.map((i) => i.path));
  const rho = await page.locator('.drivers-table tbody td:nth-child(2)').allTextContents();
  expect(rho).toEqual(want.inputs.map((i) => decimal.format(i.spearman)));
  const swing = await page.locator('.drivers-table tbody td:nth-child(5)').allTextContents();
  const zar = money('ZAR');
  expect(swing).toEqual(want.inputs.map((i) => (i.swing == null ? '—' : zar.format(i.swing))));

  // Back to the open scenario's own spread: the plain sensitivity.
  await page.locator('#drivers-subject').selectOption('0');
  await expect(page.locator('.drivers p.muted').first()).toContainText('runs of the scenario');
});

test('decisions one at a time: the swings of the flash start and the discount are the command line\'s, for any KPI', async ({ page }) => {
  await page.goto('/');
  await finishedJob(page);
  await page.getByRole('tab', { name: 'What drives it' }).click();
  await page.locator('#drivers-kpi').selectOption('contribution');
  await expect(page.locator('#run-swings')).toBeDisabled();
  await page.locator('.swing-picks input[type=checkbox][value="offer:1.start"]').check();
  await page.locator('.swing-picks input[type=checkbox][value="offer:0.percent"]').check();
  // The flash sale's start by 15 minutes instead of the first suggestion (10).
  const startDelta = page.locator('.swing-picks li', { has: page.locator('input[value="offer:1.start"]') }).locator('input[type=text]');
  await expect(startDelta).toHaveValue('10');
  await startDelta.fill('15');
  await expect(page.locator('#run-swings')).toHaveText('Swing 2 decisions: 2,000 runs each way');
  await page.locator('#run-swings').click();
  const rows = page.locator('.swings-table tbody tr');
  await expect(rows).toHaveCount(2);

  const { scenarios, current } = await savedSet(page);
  const file = test.info().outputPath('swings.json');
  fs.writeFileSync(file, JSON.stringify(scenarios[current]));
  const brl = money('BRL');
  const mean = (level) => (level.invalid ? 'invalid' : level.mean == null ? '—' : brl.format(level.mean));
  for (const kpi of ['contribution', 'revenue']) {
    await page.locator('#drivers-kpi').selectOption(kpi);
    const want = cli(['sensitivity', file, '--kpi', kpi, '--runs', '2000', '--seed', '1',
      '--decision', 'offer:1.start=15', '--decision', 'offer:0.percent=5']);
    // Widest swing first, as the command line orders them; each level's mean to the cent.
    expect(await rows.evaluateAll((rs) => rs.map((r) => r.dataset.decision))).toEqual(want.decisions.map((d) => d.decision));
    for (const [i, d] of want.decisions.entries()) {
      const cells = rows.nth(i).locator('td');
      await expect(cells.nth(0)).toHaveText(decimal.format(d.low.value));
      await expect(cells.nth(1)).toHaveText(mean(d.low));
      await expect(cells.nth(2)).toHaveText(decimal.format(d.base.value));
      await expect(cells.nth(3)).toHaveText(mean(d.base));
      await expect(cells.nth(4)).toHaveText(decimal.format(d.high.value));
      await expect(cells.nth(5)).toHaveText(mean(d.high));
      await expect(cells.nth(6)).toHaveText(brl.format(d.swing));
    }
  }
  await expect(page.locator('.swings .tornado li')).toHaveCount(2);
  expect(await page.locator('.swings').innerText()).not.toMatch(/NaN|Infinity|undefined/);
  // An edit makes the swings out of date.
  await page.getByRole('tab', { name: 'Offers' }).click();
  await page.locator('#f-offers-0--pct').fill('0.2');
  await expect(page.locator('.swing-result.stale')).toBeVisible();
});
