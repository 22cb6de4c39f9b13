// Browser tests of the JavaScript API (dist/api/api.js): the engine without the UI gives the CLI's numbers,
// throws the engine's messages, and its example page works under its Content-Security-Policy.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const fs = require('fs');
const { EXAMPLE, cliSummary, requireCli } = require('./helpers');

/** Opens the example page and waits until its module is loaded. */
async function openExample(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/api/');
  await expect(page.locator('#status')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  return errors;
}

test('run and compare through the module equal the command line\'s JSON', async ({ page }, testInfo) => {
  await openExample(page);
  const base = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
  const variant = structuredClone(base);
  variant.catalog[0].price = 119.9;
  variant.name = 'cheaper serum';
  const variantFile = testInfo.outputPath('variant.json');
  fs.writeFileSync(variantFile, JSON.stringify(variant));

  const got = await page.evaluate(async ({ base, variant }) => {
    const api = await import('./api.js');
    await api.default();
    return {
      valid: api.validate(base),
      fromText: api.run(JSON.stringify(base), { runs: 300, seed: 4 }),
      summary: api.run(base, { runs: 300, seed: 4 }),
      defaults: api.run(base, {}).runs,
      comparison: api.compare(base, variant, { runs: 300, seed: 4 }),
    };
  }, { base, variant });
  expect(got.valid).toBe(true);
  const cli = cliSummary(EXAMPLE, { runs: 300, seed: 4 });
  expect(got.summary).toEqual(cli);
  expect(got.fromText).toEqual(cli);
  expect(got.defaults).toBe(2000);
  const cliCompare = JSON.parse(execFileSync(requireCli(),
    ['compare', EXAMPLE, variantFile, '--runs', '300', '--seed', '4'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  // The CLI names each scenario's file; objects handed to the API have none.
  for (const s of cliCompare.scenarios) delete s.file;
  expect(got.comparison).toEqual(cliCompare);
});

test('problems come back as exceptions with the engine\'s messages', async ({ page }) => {
  await openExample(page);
  const base = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
  const errors = await page.evaluate(async (base) => {
    const api = await import('./api.js');
    await api.default();
    const thrown = (f) => { try { f(); return null; } catch (e) { return { isError: e instanceof Error, message: e.message }; } };
    const bad = { ...base, duration_min: 0, catalog: [{ ...base.catalog[0], price: -1 }, base.catalog[1]] };
    return {
      invalid: thrown(() => api.validate(bad)),
      runInvalid: thrown(() => api.run(bad, { runs: 10 })),
      notJson: thrown(() => api.validate('{ oops')),
      badRuns: thrown(() => api.run(base, { runs: 2.5 })),
      zeroRuns: thrown(() => api.run(base, { runs: 0 })),
      badVariant: thrown(() => api.compare(base, { schema: 'livesim/2' }, { runs: 10 })),
    };
  }, base);
  expect(errors.invalid.isError).toBe(true);
  expect(errors.invalid.message).toContain('the scenario is not a valid livesim/1 scenario');
  expect(errors.invalid.message).toContain('duration_min: must be between 1 and 600, got 0');
  expect(errors.invalid.message).toContain('catalog[0].price: must be >= 0, got -1');
  expect(errors.runInvalid.message).toContain('duration_min: must be between 1 and 600, got 0');
  expect(errors.notJson.message).toMatch(/key must be a string|expected/);
  expect(errors.badRuns.message).toContain('options.runs must be a whole number');
  expect(errors.zeroRuns.message).toContain('options.runs must be at least 1');
  expect(errors.badVariant.message).toContain('the variant is not a valid livesim/1 scenario');
  expect(errors.badVariant.message).toContain('unsupported schema "livesim/2"');
});

test('the example page runs the model\'s example and shows an error for a broken scenario', async ({ page }) => {
  const errors = await openExample(page);
  await page.locator('#run').click();
  await expect(page.locator('#headline')).toContainText('Revenue: median R$');
  await page.locator('#compare').click();
  await expect(page.locator('#output')).toContainText('"scenarios"');
  await page.locator('#scenario').fill('{"schema": "livesim/1", "name": "x", "duration_min": 0}');
  await page.locator('#validate').click();
  await expect(page.locator('#output.error')).toContainText('duration_min');
  expect(errors).toEqual([]);
});
