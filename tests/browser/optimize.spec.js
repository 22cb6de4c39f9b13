// The "Best setting" tool in the browser: one decision (response curve) and two (heat map), each checked against
// the command line's `livesim optimize` on the same scenario, grid, objective, constraints, runs and seed; then the
// best setting applied to the scenario and undone.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const { EXAMPLE, finishedJob, requireCli } = require('./helpers');

// The app's formats: Intl, with no minus sign on a value that rounds to zero.
const intl = (options) => new Intl.NumberFormat('en-US', { signDisplay: 'negative', ...options });
const brl = intl({ style: 'currency', currency: 'BRL' });
const decimal = intl({ maximumFractionDigits: 2 });
const percent = intl({ style: 'percent', maximumFractionDigits: 1 });
/** The set of scenarios the page keeps (baseline first), as saved in local storage. */
const savedSet = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('livesim.scenarios')));
/** The scenario on screen, as saved. */
const saved = async (page) => {
  const { current, scenarios } = await savedSet(page);
  return scenarios[current];
};

/** `livesim optimize` on the model's example, mean contribution, 2,000 runs, seed 1; the app's default constraints
 * unless `stockout` (the largest chance of a stock-out; null: none) is given. */
const cliOptimize = (vars, stockout = 0.1) => JSON.parse(execFileSync(requireCli(), [
  'optimize', EXAMPLE, ...vars.flatMap((v) => ['--var', v]), '--objective', 'mean:contribution',
  ...(stockout === null ? [] : ['--constraint', `p:stockout_lost>0<=${stockout}`]),
  '--constraint', 'p:contribution<0<=0.05', '--runs', '2000', '--seed', '1',
], { encoding: 'utf8', maxBuffer: 64 << 20 }));

/** Sets a text field of the form as a person does: type, then leave it (the form reads it on change). */
async function setField(page, id, value) {
  const field = page.locator(`#${id}`);
  await field.fill(String(value));
  await field.press('Tab');
  await expect(field).toHaveValue(String(value));
}

/** Opens the tool and chooses decision `slot` with its range. */
async function choose(page, slot, decision, [from, to, step]) {
  await page.locator(`#opt-decision-${slot}`).selectOption(decision);
  await setField(page, `opt-${slot}-from`, from);
  await setField(page, `opt-${slot}-to`, to);
  await setField(page, `opt-${slot}-step`, step);
}

async function openTool(page) {
  await page.goto('/');
  await finishedJob(page);
  await page.getByRole('tab', { name: 'Best setting' }).click();
  await expect(page.locator('#opt-measure')).toHaveValue('mean');
  await expect(page.locator('#opt-kpi')).toHaveValue('contribution');
  await expect(page.locator('#opt-stockout')).toBeChecked();
  await expect(page.locator('#opt-loss')).toBeChecked();
}

test('one decision: the flash sale\'s best start is the command line\'s; apply it, then undo', async ({ page }) => {
  test.setTimeout(180_000);
  await openTool(page);
  await choose(page, 0, 'offer:1.start', [40, 70, 10]);
  await expect(page.locator('#run-optimize')).toHaveText('Optimise: 4 candidates × 2,000 runs');
  await page.locator('#run-optimize').click();
  const result = page.locator('.opt-result');
  await expect(result).toBeVisible({ timeout: 60_000 });

  // With the default constraints (a stock-out in at most 10 % of runs) no start qualifies, as on the command line.
  let want = cliOptimize(['offer:1.start=40..70:10']);
  expect(want.best).toBeNull();
  await expect(result).toContainText('No candidate meets every constraint');
  await expect(page.locator('#apply-best')).toHaveCount(0);
  const rows = page.locator('.opt-table tbody tr');
  await expect(rows).toHaveCount(4);
  for (let i = 0; i < 4; i += 1) {
    const c = want.candidates[i];
    const cells = rows.nth(i).locator('td');
    await expect(cells.nth(0)).toHaveText(decimal.format(c.values[0]));
    await expect(cells.nth(1)).toHaveText(brl.format(c.objective.estimate));
    await expect(cells.nth(3)).toHaveText(percent.format(c.constraints[0].p));
    await expect(cells.nth(4)).toHaveText(percent.format(c.constraints[1].p));
    await expect(cells.nth(5)).toHaveText('breaks a constraint');
  }

  // A stock-out in at most 25 % of runs, from minute 20: the best feasible start is not the best unconstrained one.
  await setField(page, 'opt-0-from', 20);
  await page.getByLabel('Stock-out chance limit, %').fill('25');
  await page.getByLabel('Stock-out chance limit, %').press('Tab');
  await expect(page.locator('#run-optimize')).toHaveText('Optimise: 6 candidates × 2,000 runs');
  const previous = await result.locator('p.muted').first().textContent();
  await page.locator('#run-optimize').click();
  const best = page.locator('.opt-best');
  await expect(best).toBeVisible({ timeout: 60_000 });
  await expect(result.locator('p.muted').first()).toContainText('6 candidates');
  expect(await result.locator('p.muted').first().textContent()).not.toBe(previous);

  want = cliOptimize(['offer:1.start=20..70:10'], 0.25);
  expect(want.best).not.toBeNull();
  const top = want.candidates[want.best];
  const unconstrained = want.candidates.reduce((a, c) => (c.objective.estimate > a.objective.estimate ? c : a));
  expect(unconstrained.values).not.toEqual(top.values);
  const text = await best.locator('p').first().textContent();
  expect(text).toContain(`Offer 2 (flash sale on duo): start minute = ${decimal.format(top.values[0])} →`);
  expect(text).toContain(`mean Contribution ${brl.format(top.objective.estimate)}`);
  // Every candidate's estimate, in grid order, in the table; the best row marked.
  const cells = await page.locator('.opt-table tbody tr td:nth-child(2)').allTextContents();
  expect(cells).toEqual(want.candidates.map((c) => brl.format(c.objective.estimate)));
  await expect(page.locator('.opt-table tbody tr.best')).toHaveCount(1);
  await expect(page.locator('.opt-table tbody tr').nth(want.best)).toHaveClass(/best/);

  // The response curve is drawn: plenty of ink, some of it in the accent colour.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const ink = await page.locator('#chart-response canvas').evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    let accent = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240) inked += 1;
      if (Math.abs(d[i] - 91) < 30 && Math.abs(d[i + 1] - 60) < 30 && Math.abs(d[i + 2] - 196) < 30) accent += 1;
    }
    return { share: inked / (d.length / 4), accent };
  });
  expect(ink.share).toBeGreaterThan(0.01);
  expect(ink.accent).toBeGreaterThan(20);
  expect(await page.locator('.decide').innerText()).not.toMatch(/NaN|Infinity|undefined/);

  // Apply: the scenario's flash sale moves to the best start (the window and its announcement with it).
  const before = await saved(page);
  expect(before.offers[1].start_min).toBe(60);
  expect(top.values[0]).not.toBe(60);
  const length = before.offers[1].end_min - before.offers[1].start_min;
  await page.locator('#apply-best').click();
  await expect(page.locator('.notice')).toContainText(`Applied the best setting (offer:1.start = ${decimal.format(top.values[0])})`);
  const applied = await saved(page);
  expect(applied.offers[1].start_min).toBe(top.values[0]);
  expect(applied.offers[1].end_min - applied.offers[1].start_min).toBe(length);
  expect(applied.offers[0]).toEqual(before.offers[0]);
  expect(applied.catalog).toEqual(before.catalog);
  // The result is now of another scenario: marked out of date, and it cannot be applied again.
  await expect(result.locator('.notice-inline')).toBeVisible();
  await expect(page.locator('#apply-best')).toBeDisabled();
  await page.getByRole('tab', { name: 'Offers' }).click();
  await expect(page.locator('#f-offers-1--start_min')).toHaveValue(String(top.values[0]));

  // Undo brings the scenario back as it was.
  await page.locator('.notice').getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('#f-offers-1--start_min')).toHaveValue('60');
  expect(await saved(page)).toEqual(before);
});

test('two decisions: a heat map of rows × columns with the command line\'s best outlined', async ({ page }) => {
  await openTool(page);
  await choose(page, 0, 'offer:1.start', [50, 70, 10]);
  await choose(page, 1, 'offer:1.qty', [80, 160, 40]);
  // No stock-out constraint (every candidate breaks the default one); runs at a loss in at most 5 %.
  await page.locator('#opt-stockout').uncheck();
  await expect(page.getByLabel('Stock-out chance limit, %')).toBeDisabled();
  await expect(page.locator('#run-optimize')).toHaveText('Optimise: 9 candidates × 2,000 runs');
  await page.locator('#run-optimize').click();
  const map = page.locator('#chart-heat-map');
  await expect(map).toBeVisible({ timeout: 60_000 });

  const want = cliOptimize(['offer:1.start=50..70:10', 'offer:1.qty=80..160:40'], null);
  expect(want.candidates).toHaveLength(9);
  expect(want.best).not.toBeNull();
  await expect(map.locator('tbody tr')).toHaveCount(3);
  await expect(map.locator('thead th')).toHaveCount(1 + 3);
  await expect(map.locator('td.cell')).toHaveCount(9);
  expect(await map.locator('tbody th').allTextContents()).toEqual(['50', '60', '70']);
  expect(await map.locator('thead th').allTextContents()).toEqual(['', '80', '120', '160']);
  await expect(map.locator('td.best')).toHaveCount(1);
  // The best cell sits at the CLI's best (grid order: the first decision's values slowest).
  const [row, col] = [Math.floor(want.best / 3), want.best % 3];
  const bestCell = map.locator('tbody tr').nth(row).locator('td').nth(col);
  await expect(bestCell).toHaveClass(/best/);
  await expect(bestCell).toHaveText(brl.format(want.candidates[want.best].objective.estimate));
  // Every cell shows its candidate's estimate; cells breaking a constraint are marked as such.
  const cells = map.locator('td.cell');
  for (let i = 0; i < 9; i += 1) {
    const c = want.candidates[i];
    await expect(cells.nth(i)).toHaveText(brl.format(c.objective.estimate));
    if (!c.feasible) await expect(cells.nth(i)).toHaveClass(/infeasible/);
  }
  const top = want.candidates[want.best];
  await expect(page.locator('.opt-best p').first()).toContainText(
    `start minute = ${decimal.format(top.values[0])}, Offer 2 (flash sale on duo): quantity = ${decimal.format(top.values[1])}`,
  );
});
