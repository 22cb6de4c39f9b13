// The case studies as presets in the browser: each opens as its scenarios (baseline and variant tabs) with its story,
// the comparison shows the mechanism as the command line computes it, and Undo brings back the work it replaced.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { finishedJob, requireCli, ROOT } = require('./helpers');

const PRESETS = path.join(ROOT, 'www', 'presets');
const index = JSON.parse(fs.readFileSync(path.join(PRESETS, 'index.json'), 'utf8'));
const preset = (file) => JSON.parse(fs.readFileSync(path.join(PRESETS, file), 'utf8'));
const intl = (options) => new Intl.NumberFormat('en-US', { signDisplay: 'negative', ...options });
const savedSet = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('livesim.scenarios')));

test('every case study opens as its scenarios, with its story', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await finishedJob(page);
  const options = page.locator('#case-study option:not([value=""])');
  await expect(options).toHaveCount(14);
  for (const entry of index.presets) {
    const p = preset(entry.file);
    await expect(page.locator(`#case-study option[value="${entry.file}"]`)).toHaveText(`${p.case} · ${p.title.en}`);
    await page.locator('#case-study').selectOption(entry.file);
    const story = page.locator('#case-story');
    await expect(story).toHaveAttribute('data-case', String(p.case));
    await expect(story.locator('h2')).toHaveText(`Case ${p.case} · ${p.title.en}`);
    await expect(story.locator('dd').nth(0)).toHaveText(p.story.en.did);
    await expect(story.locator('dd').nth(1)).toHaveText(p.story.en.shows);
    await expect(story.locator('dd').nth(2)).toHaveText(p.story.en.assumptions);
    await expect(story.locator('.story-tabs li')).toHaveText(p.scenarios.map((s) => s.label.en));
    await expect(page.locator('.scenario-tab')).toHaveCount(p.scenarios.length);
    await expect(page.locator('.scenario-tab').first()).toContainText(p.scenarios[0].scenario.name);
    const { scenarios } = await savedSet(page);
    expect(scenarios).toEqual(p.scenarios.map((s) => s.scenario));
    // Every preset is a valid scenario: no field is flagged.
    await expect(page.locator('.field-error, .problems li')).toHaveCount(0);
  }
});

test('Toys: the kits\' effect on abandoned carts reads in the comparison as the command line computes it; Undo restores', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await finishedJob(page);
  const before = await savedSet(page);
  const file = '04-toys-threshold-kits.json';
  await page.locator('#case-study').selectOption(file);
  await expect(page.locator('.notice')).toContainText('Opened the case study “Toys: price threshold and kits”.');
  // The comparison is the view the story points to: it is open, ready to run.
  await page.locator('#run-compare').click();
  const abandoned = page.locator('.compare-table tr[data-kpi=cart_abandoned] td');
  await expect(abandoned).toHaveCount(4);
  const files = preset(file).scenarios.map((s, i) => {
    const f = testInfo.outputPath(`toys-${i}.json`);
    fs.writeFileSync(f, JSON.stringify(s.scenario));
    return f;
  });
  const want = JSON.parse(execFileSync(requireCli(), ['compare', ...files, '--runs', '2000', '--seed', '1'], { encoding: 'utf8' }));
  const d = want.kpis.cart_abandoned.differences[0];
  expect(d.p95).toBeLessThan(0); // the kits recover carts in nearly every paired run
  const count = intl({ maximumFractionDigits: 0 });
  const cells = await abandoned.allTextContents();
  expect(cells[0]).toContain(count.format(want.kpis.cart_abandoned.scenarios[0].p50));
  expect(cells[1]).toContain(count.format(want.kpis.cart_abandoned.scenarios[1].p50));
  expect(cells[2]).toContain(count.format(d.p50));
  expect(await page.locator('.decide').innerText()).not.toMatch(/NaN|Infinity|undefined/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: testInfo.outputPath('case-toys.png') });

  // Undo brings back the scenarios the case study replaced, and closes its story.
  await page.locator('.notice').getByRole('button', { name: 'Undo' }).click();
  expect(await savedSet(page)).toEqual(before);
  await expect(page.locator('#case-story')).toHaveCount(0);
});
