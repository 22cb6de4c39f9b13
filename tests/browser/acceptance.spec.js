// The end-to-end acceptance checks: a price edit moves revenue as the CLI computes it, the progress bar
// completes, the charts are drawn, other locales format as Intl does, and a normal session logs no error.
const { test, expect } = require('@playwright/test');
const {
  SCENARIOS, cliSummary, scenario, number, status, finishedJob, settledJob, kpiMedian, downloadSummary,
  typeInto,
} = require('./helpers');
const path = require('path');

/** The chart canvases of the results, by their container's id. */
const CHARTS = ['viewers', 'orders', 'revenue-cumulative', 'revenue-histogram', 'contribution-histogram'];

/** Formats `x` in the page with Intl.NumberFormat(locale, options): what the app should show. */
const intl = (page, locale, options, x) =>
  page.evaluate(([l, o, v]) => new Intl.NumberFormat(l, o).format(v), [locale, options, x]);

test('raising the main product\'s price raises revenue, exactly as the command line computes it', async ({ page }, testInfo) => {
  await page.goto('/');
  const job = await finishedJob(page);
  const revenueBefore = number(await kpiMedian(page, 'revenue'));
  const aovBefore = number(await kpiMedian(page, 'aov'));

  await page.getByRole('tab', { name: 'Catalog' }).click();
  const serum = page.locator('#catalog-0');
  await expect(serum.locator('.card-title')).toHaveText('Vitamin C serum');
  const price = serum.getByRole('textbox', { name: 'Price (BRL)' });
  await expect(price).toHaveValue('129.9');
  await typeInto(price, '259.9');
  await expect(price).toHaveValue('259.9');
  await settledJob(page, job);

  // Doubling the serum's price (a third of the orders) lifts revenue and revenue per order by well over a tenth.
  const revenueAfter = number(await kpiMedian(page, 'revenue'));
  expect(revenueAfter).toBeGreaterThan(revenueBefore * 1.2);
  expect(number(await kpiMedian(page, 'aov'))).toBeGreaterThan(aovBefore * 1.1);

  // The stronger check: the app's summary is the CLI's for the same edited scenario, seed and runs...
  const edited = scenario('model-example.json');
  edited.catalog[0].price = 259.9;
  const cli = cliSummary(edited, { runs: 2000, seed: 1, scratch: testInfo.outputPath('edited.json') });
  expect(await downloadSummary(page)).toEqual(cli);
  // ...and the card shows the CLI's median as Intl formats it.
  expect(await kpiMedian(page, 'revenue')).toBe(await intl(page, 'en-US', { style: 'currency', currency: 'BRL' }, cli.kpis.revenue.p50));
});

test('the progress bar fills up to the runs setting and the status says the job finished', async ({ page }) => {
  await page.goto('/');
  const job = await finishedJob(page);
  const bar = page.getByRole('progressbar', { name: 'Runs done' });
  // Record every value the bar shows from here on.
  await bar.evaluate((el) => {
    window.progressSeen = [];
    new MutationObserver(() => window.progressSeen.push([Number(el.value), Number(el.max)]))
      .observe(el, { attributes: true, attributeFilter: ['value', 'max'] });
  });
  const runs = page.getByRole('spinbutton', { name: 'Runs' });
  await runs.fill('3000');
  await runs.press('Tab');
  await finishedJob(page, job);

  await expect(runs).toHaveValue('3000');
  await expect(bar).toHaveJSProperty('max', 3000);
  await expect(bar).toHaveJSProperty('value', 3000);
  await expect(status(page)).toHaveAttribute('data-done', '3000');
  await expect(status(page)).toHaveText(/^3000 runs in \d+ ms on (1 worker|\d+ workers)$/);
  await expect(status(page)).not.toHaveClass(/busy/);

  // It got there step by step: partial values below the max, never going back.
  const seen = (await page.evaluate(() => window.progressSeen)).filter(([, max]) => max === 3000).map(([v]) => v);
  expect(seen.length).toBeGreaterThanOrEqual(2);
  expect(seen[0]).toBeGreaterThan(0);
  expect(seen[0]).toBeLessThan(3000);
  expect(seen.at(-1)).toBe(3000);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  expect((await downloadSummary(page)).runs).toBe(3000);
});

test('every chart canvas is drawn: plenty of ink in several colours', async ({ page }) => {
  await page.goto('/');
  await finishedJob(page);
  // Let the last results paint.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  for (const id of CHARTS) {
    const canvas = page.locator(`#chart-${id} canvas`);
    const pixels = await canvas.evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const key = (i) => ((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]) >>> 0;
      const background = key(0); // the top-left corner is margin
      const counts = new Map();
      let ink = 0;
      let coloured = 0;
      for (let i = 0; i < d.length; i += 4) {
        const k = key(i);
        counts.set(k, (counts.get(k) || 0) + 1);
        if (k !== background) ink += 1;
        if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) >= 40) coloured += 1;
      }
      const total = d.length / 4;
      return {
        total,
        ink: ink / total,
        // Data is drawn in colour; axes, grid and labels are grey.
        coloured: coloured / total,
        // Colours covering 30 px or more, background included: anti-aliasing fringes do not count.
        colours: [...counts.values()].filter((n) => n >= 30).length,
      };
    });
    const what = `#chart-${id}: ${JSON.stringify(pixels)}`;
    expect(pixels.total, what).toBeGreaterThan(300 * 150);
    expect(pixels.ink, what).toBeGreaterThan(0.04);
    expect(pixels.coloured, what).toBeGreaterThan(0.005);
    expect(pixels.colours, what).toBeGreaterThanOrEqual(5);
  }
});

for (const { locale, file, currency, money } of [
  { locale: 'pt-BR', file: 'beauty-kits-brl.json', currency: 'BRL', money: /^R\$\s\d{1,3}(\.\d{3})*,\d{2}$/ },
  { locale: 'ja-JP', file: 'room-tour-decor-jpy.json', currency: 'JPY', money: /^￥\d{1,3}(,\d{3})*$/ },
]) {
  test(`in ${locale}, the ${currency} example reads as Intl formats it`, async ({ browser }) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto('/');
    const job = await finishedJob(page);
    expect(await page.evaluate(() => navigator.language)).toBe(locale);
    // A first visit speaks the browser's language.
    await expect(page.locator('html')).toHaveAttribute('lang', locale === 'pt-BR' ? 'pt-BR' : 'ja');
    await page.locator('#example').selectOption(file);
    await expect(page.locator('.scenario-name')).toHaveText(scenario(file).name);
    await finishedJob(page, job);

    const summary = await downloadSummary(page);
    expect(summary).toEqual(cliSummary(path.join(SCENARIOS, file), { runs: 2000, seed: 1 }));
    const k = summary.kpis;
    const revenue = await kpiMedian(page, 'revenue');
    expect(revenue).toMatch(money);
    expect(revenue).toBe(await intl(page, locale, { style: 'currency', currency }, k.revenue.p50));
    expect(await kpiMedian(page, 'orders')).toBe(await intl(page, locale, { maximumFractionDigits: 0 }, k.orders.p50));
    expect(await kpiMedian(page, 'conversion_rate'))
      .toBe(await intl(page, locale, { style: 'percent', maximumFractionDigits: 1 }, k.conversion_rate.p50));
    if (locale === 'pt-BR') expect(await kpiMedian(page, 'conversion_rate')).toMatch(/^\d+,\d%$/);
    expect(await page.locator('body').innerText()).not.toMatch(/NaN|Infinity|undefined/);
    await context.close();
  });
}

test('a normal session logs no error to the console and throws none', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = [];
  const warnings = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
    if (m.type() === 'warning') warnings.push(m.text());
  });
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });

  await page.goto('/');
  let job = await finishedJob(page);
  // Every tab of the editor.
  for (const tab of await page.getByRole('tab').all()) {
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }
  // An edit typed into a field.
  await page.getByRole('tab', { name: 'Catalog' }).click();
  await typeInto(page.locator('#catalog-1').getByRole('textbox', { name: 'Price (BRL)' }), '99.9');
  job = await settledJob(page, job);
  // Hover readouts on every chart.
  for (const id of CHARTS) {
    const box = await page.locator(`#chart-${id} canvas`).boundingBox();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
  }
  // Settings, a bad value and its fix, another example, the downloads, a reload.
  await page.getByRole('spinbutton', { name: 'Runs' }).fill('1500');
  await page.getByRole('spinbutton', { name: 'Runs' }).press('Tab');
  job = await finishedJob(page, job);
  await page.getByRole('tab', { name: /^Live/ }).click();
  await page.locator('#f-duration_min').fill('0');
  await expect(page.locator('.field-error')).not.toHaveCount(0);
  await page.locator('#f-duration_min').fill('90');
  job = await finishedJob(page, job);
  await page.locator('#example').selectOption('uncertain-launch-zar.json');
  job = await finishedJob(page, job);
  await downloadSummary(page);
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Save\b/ }).click()]);
  await page.reload();
  await finishedJob(page);

  if (warnings.length) await test.info().attach('console warnings', { body: warnings.join('\n') });
  expect(errors).toEqual([]);
});
