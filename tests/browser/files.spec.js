// Scenarios in and out: opening a file, saving it back, loading an example, and undoing a load so no work is lost.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const { scenario, finishedJob, settledJob } = require('./helpers');

const nameField = (page) => page.locator('.scenario-name');

test('an example loads, and Undo brings back the scenario it replaced', async ({ page }) => {
  await page.goto('/');
  const job = await finishedJob(page);
  await expect(nameField(page)).toHaveText('Autumn skincare live');

  await page.getByLabel('Load an example scenario').selectOption('beauty-kits-brl.json');
  const notice = page.locator('.notice');
  await expect(notice).toContainText('Loaded the example “Beauty kits live (BRL)');
  await expect(nameField(page)).toHaveText(scenario('beauty-kits-brl.json').name);
  const loadedJob = await settledJob(page, job);

  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(nameField(page)).toHaveText('Autumn skincare live');
  await expect(notice).toHaveCount(0);
  await settledJob(page, loadedJob);
  // What the page keeps across reloads is the restored scenario, not the example.
  await page.reload();
  await expect(nameField(page)).toHaveText('Autumn skincare live');
});

test('Open reads a livesim/1 file, Save writes the scenario back unchanged', async ({ page }, testInfo) => {
  await page.goto('/');
  await finishedJob(page);
  const doc = scenario('lead-magnet-inr.json');
  const file = testInfo.outputPath('lead.json');
  fs.writeFileSync(file, JSON.stringify(doc));

  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Open…' }).click(),
  ]);
  await chooser.setFiles(file);
  await expect(page.locator('.notice')).toContainText('Loaded lead.json.');
  await expect(nameField(page)).toHaveText(doc.name);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^anti-ageing-masterclass.*\.json$/);
  expect(JSON.parse(fs.readFileSync(await download.path(), 'utf8'))).toEqual(doc);
});

test('a file that is not JSON is refused with its name and where it breaks, and the work stays', async ({ page }, testInfo) => {
  await page.goto('/');
  await finishedJob(page);
  const file = testInfo.outputPath('broken.json');
  fs.writeFileSync(file, '{ "schema": "livesim/1",\n  "name": oops }');

  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Open…' }).click(),
  ]);
  await chooser.setFiles(file);
  const notice = page.locator('.notice.error');
  await expect(notice).toContainText('broken.json: not a JSON file');
  await expect(notice).toContainText('line 2');
  await expect(nameField(page)).toHaveText('Autumn skincare live');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});
