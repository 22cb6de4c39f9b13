// Saves screenshots of the app for people to review (laptop, tablet, HiDPI, phone, each editor tab, other locales)
// into test-results/screenshots/; they check little themselves.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { finishedJob, scenario } = require('./helpers');

const DIR = path.join(__dirname, 'test-results', 'screenshots');

/** Waits for the results to be final and painted. */
async function settled(page) {
  await finishedJob(page);
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function shot(target, name, options = {}) {
  const file = path.join(DIR, `${name}.png`);
  await target.screenshot({ path: file, ...options });
  expect(fs.statSync(file).size, `${file} holds an image`).toBeGreaterThan(10_000);
  await test.info().attach(name, { path: file, contentType: 'image/png' });
}

for (const { name, viewport, deviceScaleFactor = 1, locale = 'en-US', example } of [
  { name: 'laptop-1280x800', viewport: { width: 1280, height: 800 } },
  { name: 'tablet-820x1180', viewport: { width: 820, height: 1180 } },
  { name: 'hidpi-1280x800@2x', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 },
  { name: 'phone-390x844', viewport: { width: 390, height: 844 } },
  { name: 'locale-pt-BR-beauty-kits-brl', viewport: { width: 1280, height: 800 }, locale: 'pt-BR', example: 'beauty-kits-brl.json' },
  { name: 'locale-ja-JP-room-tour-jpy', viewport: { width: 1280, height: 800 }, locale: 'ja-JP', example: 'room-tour-decor-jpy.json' },
]) {
  test(`screenshot: ${name}, full page`, async ({ browser }) => {
    const context = await browser.newContext({ viewport, deviceScaleFactor, locale });
    const page = await context.newPage();
    await page.goto('/');
    const job = await finishedJob(page);
    if (example) {
      await page.locator('#example').selectOption(example);
      await expect(page.locator('.scenario-name')).toHaveText(scenario(example).name);
      await finishedJob(page, job);
    }
    await settled(page);
    await shot(page, name, { fullPage: true });
    await context.close();
  });
}

test('screenshot: each tab of the editor, whole', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await settled(page);
  const editor = page.getByRole('region', { name: 'Scenario editor' });
  // The editor's own tabs (the decision tools have theirs: see the next test).
  const tabs = await editor.getByRole('tab').all();
  expect(tabs.length).toBeGreaterThanOrEqual(7);
  for (const tab of tabs) {
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    const label = (await tab.innerText()).replace(/\d+$/, '').trim();
    const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    // The editor scrolls inside a viewport-tall panel: make the viewport tall enough to show all of it.
    const height = await editor.evaluate((el) => el.scrollHeight);
    await page.setViewportSize({ width: 1280, height: Math.max(800, Math.ceil(height) + 160) });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await shot(editor, `tab-${tabs.indexOf(tab) + 1}-${slug}`);
  }
});

test('screenshot: each decision tool, before it is run', async ({ page }) => {
  await page.goto('/');
  await settled(page);
  const tools = page.getByRole('region', { name: 'Decision tools' });
  const tabs = await tools.getByRole('tab').all();
  expect(tabs.length).toBe(4);
  for (const tab of tabs) {
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    const slug = (await tab.innerText()).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    await shot(tools, `tool-${tabs.indexOf(tab) + 1}-${slug}`);
  }
  // Nothing chosen yet: no grid to count.
  await tools.getByRole('tab', { name: 'Best setting' }).click();
  await expect(page.locator('#run-optimize')).toHaveText('Optimise');
});

test('screenshot: a bad value flagged, with the last results kept', async ({ page }) => {
  await page.goto('/');
  await settled(page);
  await page.locator('#f-duration_min').fill('0');
  await expect(page.locator('.field-error')).toContainText('must be between');
  await expect(page.locator('.results')).toHaveClass(/stale/);
  await shot(page, 'error-invalid-duration');
});
