// The "Goal seek" tool in the browser: the value of one decision (or input) at which the chance of meeting a target
// reaches a goal, sought one value at a time on the workers, checked against the command line's `livesim goal-seek`
// on the same scenario, bracket, target, goal, runs and seed; then the answer applied to the scenario and undone, an
// input sought (its answer a condition, not applied), a search cancelled, and the searches that find no answer.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const { EXAMPLE, finishedJob, settledJob, requireCli } = require('./helpers');

// The app's formats: Intl, with no minus sign on a value that rounds to zero.
const intl = (options) => new Intl.NumberFormat('en-US', { signDisplay: 'negative', ...options });
const decimal = intl({ maximumFractionDigits: 2 });
// Values of a search: to the decimals its tolerance reaches, at least two (0.00006: five).
const sought = (tolerance) => intl({ maximumFractionDigits: Math.max(2, Math.ceil(-Math.log10(tolerance))) });
const percent = intl({ style: 'percent', maximumFractionDigits: 1 });
const RUNS = 500;

/** `livesim goal-seek` on the model's example, seed 1, `RUNS` runs of each value. */
const cliSeek = (bracket, target, probability, decision = 'offer:0.percent') => JSON.parse(execFileSync(requireCli(), [
  'goal-seek', EXAMPLE, '--var', `${decision}=${bracket}`, '--kpi', 'revenue', '--target', String(target),
  '--probability', String(probability), '--runs', String(RUNS), '--seed', '1',
], { encoding: 'utf8' }));

/** The scenario on screen, as saved in local storage. */
const saved = async (page) => {
  const { current, scenarios } = await page.evaluate(() => JSON.parse(localStorage.getItem('livesim.scenarios')));
  return scenarios[current];
};

/** Sets a text field as a person does: type, then leave it (the form reads it on change). */
async function setField(page, id, value) {
  const field = page.locator(`#${id}`);
  await field.fill(String(value));
  await field.press('Tab');
  await expect(field).toHaveValue(String(value));
}

/** Opens the app with `runs` runs, then the tool, with `decision` chosen (the cream's discount) and `target` typed. */
async function openTool(page, runs, target, [decision, from, to] = ['offer:0.percent', '0', '40']) {
  await page.goto('/');
  const job = await finishedJob(page);
  await setField(page, 'runs', runs);
  await settledJob(page, job);
  await page.getByRole('tab', { name: 'Goal seek' }).click();
  await expect(page.locator('#run-goalseek')).toBeDisabled();
  await page.locator('#goal-decision').selectOption(decision);
  // The bracket starts where the best setting's range does (0 to 40 % off for a discount).
  await expect(page.locator('#goal-from')).toHaveValue(from);
  await expect(page.locator('#goal-to')).toHaveValue(to);
  await expect(page.locator('#goal-precision')).toHaveValue('');
  await expect(page.locator('#goal-kpi')).toHaveValue('revenue');
  await expect(page.locator('#goal-cmp')).toHaveValue('ge');
  await expect(page.locator('#goal-chance')).toHaveValue('80');
  await setField(page, 'goal-threshold', target);
}

test('the discount at which revenue reaches 75,000 in 60 % of runs is the command line\'s; apply it, then undo', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await openTool(page, RUNS, 75000);
  await setField(page, 'goal-chance', 60);
  await page.locator('#run-goalseek').click();
  const answer = page.locator('#goal-answer');
  await expect(answer).toHaveAttribute('data-status', 'found', { timeout: 120_000 });

  const want = cliSeek('0..40', 75000, 0.6);
  expect(want.status).toBe('found');
  const [lo, hi] = want.interval;
  await expect(answer.locator('p').first()).toHaveText(
    `Offer 1 (discount on cream): percent off = ${decimal.format(want.answer)}: the chance of Revenue ≥ R$75,000.00 `
    + `reaches 60% (90 % interval ${decimal.format(lo)} to ${decimal.format(hi)}).`,
  );
  await expect(answer.locator('p.muted')).toContainText(
    `${want.points.length} values × 500 runs on common random numbers (seed 1), ${want.iterations} bisection steps `
    + `to within ${decimal.format(want.tolerance)}`,
  );
  // Every value tried, in increasing order, with its chance and Wilson interval; the answer's row marked.
  const rows = page.locator('#goal-points tbody tr');
  await expect(rows).toHaveCount(want.points.length);
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  expect(cells).toEqual(want.points.map((p) => [
    decimal.format(p.value), percent.format(p.p), `${percent.format(p.lo)} – ${percent.format(p.hi)}`,
  ]));
  await expect(page.locator('#goal-points tr.best td').first()).toHaveText(decimal.format(want.answer));
  expect(await page.locator('.decide').innerText()).not.toMatch(/NaN|Infinity|undefined/);
  await page.locator('.decide').screenshot({ path: testInfo.outputPath('goal-seek.png') });

  // Apply: the cream's discount becomes the answer; the result is then of another scenario.
  const before = await saved(page);
  expect(before.offers[0].pct).toBe(0.15);
  await page.locator('#apply-goal').click();
  await expect(page.locator('.notice')).toContainText(
    `Applied the goal seek's answer (offer:0.percent = ${decimal.format(want.answer)})`,
  );
  const applied = await saved(page);
  expect(applied.offers[0].pct).toBeCloseTo(want.answer / 100, 12);
  expect({ ...applied, offers: null }).toEqual({ ...before, offers: null });
  expect(applied.offers.slice(1)).toEqual(before.offers.slice(1));
  await expect(page.locator('.goalseek-view .notice-inline')).toBeVisible();
  await expect(page.locator('#apply-goal')).toBeDisabled();
  await page.locator('.notice').getByRole('button', { name: 'Undo' }).click();
  expect(await saved(page)).toEqual(before);
  await expect(page.locator('#apply-goal')).toBeEnabled();
});

test('the show-up rate at which revenue reaches 75,000 in 60 % of runs is the command line\'s, and is not applied', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  // A plain input, searched from half to one and a half of its value; each value tried fixes it.
  const input = 'input:audience.direct.show_up_rate';
  await openTool(page, RUNS, 75000, [input, '0.03', '0.09']);
  const option = page.locator(`#goal-decision option[value="${input}"]`);
  await expect(option).toHaveText('Input: audience.direct.show_up_rate (now 0.06)');
  const before = await saved(page);
  await setField(page, 'goal-chance', 60);
  await page.locator('#run-goalseek').click();
  const answer = page.locator('#goal-answer');
  await expect(answer).toHaveAttribute('data-status', 'found', { timeout: 120_000 });

  const want = cliSeek('0.03..0.09', 75000, 0.6, input);
  expect(want.status).toBe('found');
  const [lo, hi] = want.interval;
  const value = sought(want.tolerance);
  expect(value.format(want.answer)).toMatch(/^0\.0\d{4}$/);
  await expect(answer.locator('p').first()).toHaveText(
    `If audience.direct.show_up_rate turns out at least ${value.format(want.answer)}, the chance of Revenue ≥ `
    + `R$75,000.00 reaches 60% (90 % interval ${value.format(lo)} to ${value.format(hi)}); now 0.06. `
    + 'An input is not a setting: the scenario keeps it as it is.',
  );
  await expect(answer.locator('p.muted')).toContainText(
    `${want.points.length} values × 500 runs on common random numbers (seed 1), ${want.iterations} bisection steps `
    + `to within 0.00006`,
  );
  const rows = page.locator('#goal-points tbody tr');
  await expect(rows).toHaveCount(want.points.length);
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  expect(cells).toEqual(want.points.map((p) => [
    value.format(p.value), percent.format(p.p), `${percent.format(p.lo)} – ${percent.format(p.hi)}`,
  ]));
  // Each value tried reads differently from the others, however close the search went.
  expect(new Set(cells.map(([value]) => value)).size).toBe(cells.length);
  await expect(page.locator('#apply-goal')).toHaveCount(0);
  expect(await page.locator('.decide').innerText()).not.toMatch(/NaN|Infinity|undefined/);
  await page.locator('.decide').screenshot({ path: testInfo.outputPath('goal-seek-input.png') });
  expect(await saved(page)).toEqual(before);
});

test('a search can be cancelled while it runs, and one that cannot answer says why', async ({ page }) => {
  test.setTimeout(180_000);
  // 20,000 runs a value: many seconds, time to see the steps and cancel.
  await openTool(page, 20000, 75000);
  await page.locator('#run-goalseek').click();
  await expect(page.locator('#goal-step')).toHaveText(/^Step [12]: trying (0|40)$/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('#goal-answer')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.locator('#goal-answer')).toContainText(/Cancelled after [0-2] values\./);
  await expect(page.locator('#run-goalseek')).toBeEnabled();
  await expect(page.locator('#apply-goal')).toHaveCount(0);

  // Both ends are enough to tell there is no answer in the bracket, as the command line does.
  await setField(page, 'runs', RUNS);
  const cases = [
    ['0..40', 1e9, 'Out of reach: the chance of Revenue ≥ R$1,000,000,000.00 stays below 80% from 0 to 40 (best end: '],
    ['0..40', 1, 'Met at both ends: the chance of Revenue ≥ R$1.00 reaches 80% at 0 and at 40 (best end: 100% at '],
    ['0..150', 75000, 'Offer 1 (discount on cream): percent off = 150 is not a valid scenario: offers[0].pct: '],
  ];
  for (const [bracket, target, says] of cases) {
    await setField(page, 'goal-to', bracket.split('..')[1]);
    await setField(page, 'goal-threshold', target);
    const want = cliSeek(bracket, target, 0.8);
    await page.locator('#run-goalseek').click();
    // Each case's answer reads differently from the one before: this waits for it.
    await expect(page.locator('#goal-answer p').first()).toContainText(says);
    await expect(page.locator('#goal-answer')).toHaveAttribute('data-status', want.status);
    await expect(page.locator('#goal-points tbody tr')).toHaveCount(want.points.length);
    await expect(page.locator('#apply-goal')).toHaveCount(0);
    if (want.best_end) {
      const best = want.best_end;
      await expect(page.locator('#goal-answer p').first()).toContainText(
        `(best end: ${percent.format(best.p)} at ${decimal.format(best.value)})`,
      );
    }
  }
});
