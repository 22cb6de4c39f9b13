// Languages: every language renders every tab with no missing-key marker and no English left in the chrome, the
// choice is remembered, a first visit speaks the browser's language, and the longest language fits the layout.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { finishedJob, ROOT } = require('./helpers');

const LANGS = ['en', 'pt-BR', 'zh-CN', 'ja', 'ko', 'hi', 'af'];
const DIR = path.join(__dirname, 'test-results', 'screenshots');

/** A language's catalogue (`en.json` is the key tables' English, kept current by a unit test). */
const catalogue = (code) => JSON.parse(fs.readFileSync(path.join(ROOT, 'www', 'i18n', `${code}.json`), 'utf8'));

/** Switches the page to `code` and waits until it speaks it. */
async function speak(page, code) {
  await page.locator('#language').selectOption(code);
  await expect(page.locator('html')).toHaveAttribute('lang', code);
  await expect(page.locator('#language')).toHaveValue(code);
}

/** Every tab of the page (the editor's groups, the decision tools), each clicked in turn, calling `check` on each. */
async function everyTab(page, check) {
  const tabs = await page.getByRole('tab').all();
  expect(tabs.length).toBeGreaterThan(8);
  for (const tab of tabs) {
    await tab.click();
    await check(await tab.textContent());
  }
}

test('every language renders every tab with no missing key', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await finishedJob(page);
  for (const code of LANGS) {
    await speak(page, code);
    await everyTab(page, async (tab) => {
      const text = await page.locator('body').innerText();
      expect(text, `${code}, tab ${tab}`).not.toContain('⟦');
      expect(text, `${code}, tab ${tab}`).not.toMatch(/NaN|undefined/);
    });
  }
});

test('in a language other than English, no English text of the catalogue is left on the page', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await finishedJob(page);
  // The English texts long enough to be sentences or labels, which a translation must replace.
  const english = Object.entries(catalogue('en')).filter(([, t]) => /[a-z]{4,} [a-z]{3,}/.test(t) && !t.includes('{'));
  for (const code of ['ja', 'hi']) {
    await speak(page, code);
    const own = new Set(Object.values(catalogue(code)));
    // The scenario's own texts (its name, product names) are the user's data, in whatever language they wrote.
    const data = await page.evaluate(() => localStorage.getItem('livesim.scenarios'));
    await everyTab(page, async (tab) => {
      const text = await page.locator('body').innerText();
      const left = english.filter(([, t]) => !own.has(t) && !data.includes(t) && text.includes(t)).map(([key]) => key);
      expect(left, `${code}, tab ${tab}: English left on the page`).toEqual([]);
    });
  }
});

test('the language chosen is remembered, and a first visit speaks the browser\'s', async ({ browser }) => {
  const korean = await browser.newContext({ locale: 'ko-KR' });
  const page = await korean.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.locator('#language')).toHaveValue('ko');
  await speak(page, 'af');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'af');
  await expect(page.locator('#language')).toHaveValue('af');
  await korean.close();
  const other = await browser.newContext({ locale: 'de-DE' });
  const german = await other.newPage();
  await german.goto('/');
  await finishedJob(german);
  await expect(german.locator('html')).toHaveAttribute('lang', 'en');
  await other.close();
});

test('the longest language fits: nothing overflows its box on a laptop screen', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await finishedJob(page);
  // The language whose page is longest, measured on the page itself.
  const lengths = {};
  for (const code of LANGS) {
    await speak(page, code);
    lengths[code] = (await page.locator('body').innerText()).length;
  }
  const longest = Object.entries(lengths).sort((a, b) => b[1] - a[1])[0][0];
  await speak(page, longest);
  fs.mkdirSync(DIR, { recursive: true });
  await everyTab(page, async (tab) => {
    const overflowing = await page.evaluate(() => [...document.querySelectorAll(
      'button, label, th, legend, h1, h2, h3, [role=tab], .kpi-card, select, .notice',
    )].filter((el) => el.offsetParent !== null && el.clientWidth > 1 // not the labels kept for screen readers only
        && el.scrollWidth > el.clientWidth + 1
        && getComputedStyle(el).overflowX !== 'auto')
      .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}: ${el.textContent.slice(0, 40)}`));
    expect(overflowing, `${longest}, tab ${tab}`).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
  await page.screenshot({ path: path.join(DIR, `language-${longest}.png`), fullPage: true });
  for (const code of ['zh-CN', 'hi']) {
    await speak(page, code);
    await page.screenshot({ path: path.join(DIR, `language-${code}.png`), fullPage: true });
  }
});
