// Rehearsal mode end to end: from the app's Rehearse button, a live played at high speed, a flash sale fired,
// the tickers moving, the debrief; a challenge link gives another browser the same live.
const { test, expect } = require('@playwright/test');
const { finishedJob } = require('./helpers');

const minuteOf = async (page) => Number((await page.locator('#clock').textContent()).match(/Minute (\d+)/)[1]);

test('rehearse from the app at high speed: fire a flash sale, the ticker moves, reach the debrief', async ({ page, context }, testInfo) => {
  const errors = [];
  await page.goto('/');
  await finishedJob(page);
  const [live] = await Promise.all([context.waitForEvent('page'), page.locator('#rehearse').click()]);
  live.on('pageerror', (e) => errors.push(e.message));
  await expect(live.locator('#rehearsal-setup')).toBeVisible();
  await live.locator('#rehearsal-speed').selectOption('1');
  await live.locator('#goal-kpi').selectOption('revenue');
  await live.locator('#goal-target').fill('5000');
  await live.locator('#goal-target').blur();
  await live.locator('#start-rehearsal').click();

  await expect(live.locator('#clock')).toHaveText(/Minute [3-9] of 90/, { timeout: 15_000 });
  const revenueBefore = await live.locator('#ticker-revenue').textContent();
  // The flash sale by its shortcut, on the first item at the form's price.
  // The clock re-renders the console ten times a second: what is typed must stay until it is committed.
  await live.locator('#flash-qty').fill('30');
  await live.waitForTimeout(600);
  expect(await live.locator('#flash-qty').inputValue(), 'the quantity typed, after 600 ms of a playing live').toBe('30');
  await live.locator('#flash-qty').blur();
  const minuteBefore = await minuteOf(live);
  await live.keyboard.press('f');
  const minuteAfter = await minuteOf(live);
  await expect(live.locator('#action-log li')).toHaveCount(1);
  // Logged at the minute on the clock when the key was pressed (the clock runs on meanwhile).
  const loggedAt = Number((await live.locator('#action-log li').first().textContent()).match(/min (\d+)/)[1]);
  expect(loggedAt).toBeGreaterThanOrEqual(minuteBefore);
  expect(loggedAt).toBeLessThanOrEqual(minuteAfter);
  await expect(live.locator('#action-log li').first()).toContainText('flash sale: 30 ×');
  await expect(live.locator('#clock')).toHaveText(new RegExp(`Minute ${minuteBefore + 3} of 90`), { timeout: 10_000 });
  await expect(live.locator('#ticker-revenue')).not.toHaveText(revenueBefore);
  await expect(live.locator('.chat-line').first()).toBeVisible();
  await expect(live.locator('#chart-revenue polygon')).toHaveCount(1); // the plan's band has arrived
  await expect(live.locator('#versus-plan')).toContainText(/plan's range/);
  await live.screenshot({ path: testInfo.outputPath('rehearsal-live.png'), fullPage: true });

  // Pause holds the clock; the spotlight by its key is logged too.
  await live.keyboard.press(' ');
  await expect(live.locator('.paused')).toBeVisible();
  const held = await minuteOf(live);
  await live.keyboard.press('2');
  await expect(live.locator('#action-log li')).toHaveCount(2);
  await live.waitForTimeout(1500);
  expect(await minuteOf(live)).toBe(held);

  await live.locator('#finish-now').click();
  await expect(live.locator('#debrief')).toBeVisible();
  await expect(live.locator('#goal-result')).toContainText(/Goal (met|missed)/);
  await expect(live.locator('#debrief-revenue')).toContainText(/percentile \d+ of the plan's 1,000 simulated lives/);
  await expect(live.locator('#missed')).not.toBeEmpty();
  await expect(live.locator('#debrief-timeline tbody tr')).toHaveCount(2);
  await live.screenshot({ path: testInfo.outputPath('rehearsal-debrief.png'), fullPage: true });
  expect(errors).toEqual([]);
});

/** Opens `link`, starts, pauses at once, fires a 20-unit flash sale at minute 0, ends the live; the debrief's revenue line. */
async function playChallenge(browser, link) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.locator('#rehearsal-seed')).toHaveValue('4242');
  await expect(page.locator('#goal-kpi')).toHaveValue('contribution');
  await page.locator('#start-rehearsal').click();
  await page.keyboard.press(' ');
  await expect(page.locator('.paused')).toBeVisible();
  const at = await minuteOf(page);
  await page.locator('#flash-qty').fill('20');
  await page.locator('#flash-qty').blur();
  await page.locator('#fire-flash').click();
  await page.locator('#finish-now').click();
  await expect(page.locator('#debrief-contribution')).toContainText('percentile');
  const result = { at, revenue: await page.locator('#debrief-revenue').textContent(), goal: await page.locator('#goal-result').textContent() };
  await context.close();
  return result;
}

test('a challenge link gives every trainee the same audience and goal; the same actions give the same live', async ({ page, browser }) => {
  await page.goto('/');
  await finishedJob(page);
  const [setup] = await Promise.all([page.context().waitForEvent('page'), page.locator('#rehearse').click()]);
  await setup.locator('#rehearsal-seed').fill('4242');
  await setup.locator('#rehearsal-seed').blur();
  await setup.locator('#goal-kpi').selectOption('contribution');
  await setup.locator('#goal-target').fill('20000');
  await setup.locator('#goal-target').blur();
  await setup.locator('#challenge').click();
  const link = await setup.locator('#challenge-link').inputValue();
  expect(link).toMatch(/\/rehearse\/#s=[A-Za-z0-9_-]+$/);

  const first = await playChallenge(browser, link);
  const second = await playChallenge(browser, link);
  expect(first.goal).toContain('at least');
  expect(second).toEqual(first);
});

test('a broken challenge link says so, and offers the way back to the app', async ({ page }) => {
  await page.goto('/rehearse/#s=eJxLTEoGAAJNASc');
  await expect(page.locator('#rehearsal-problem')).toContainText('could not be opened');
  await expect(page.locator('#rehearsal-problem a')).toHaveAttribute('href', '../');
});

test('the rehearsal speaks every language the app does, with no missing text', async ({ page }) => {
  await page.goto('/');
  await finishedJob(page);
  const [live] = await Promise.all([page.context().waitForEvent('page'), page.locator('#rehearse').click()]);
  await live.locator('#start-rehearsal').click();
  await live.keyboard.press(' ');
  await live.locator('#fire-flash').click();
  await live.locator('#finish-now').click();
  await expect(live.locator('#debrief')).toBeVisible();
  for (const code of ['pt-BR', 'zh-CN', 'ja', 'ko', 'hi', 'af', 'en']) {
    await live.locator('#language').selectOption(code);
    await expect(live.locator('.rehearsal')).toHaveAttribute('lang', code);
    const text = await live.locator('body').innerText();
    expect(text, code).not.toContain('⟦');
  }
});
