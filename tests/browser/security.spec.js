// Browser tests of the page's security rules: it runs under its Content-Security-Policy (no inline script,
// no eval) without a single violation, and the user's own texts are only ever shown as text.
const { test, expect } = require('@playwright/test');
const { finishedJob } = require('./helpers');

/** Records every Content-Security-Policy violation the page reports, from before its first script. */
async function watchViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return () => page.evaluate(() => window.__violations);
}

test('the page declares the strict policy, works under it, and the policy is enforced', async ({ page }) => {
  const violations = await watchViolations(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('/');

  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...v]) => [name, v]));
  expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(directives['default-src']).toEqual(["'self'"]);
  expect(directives['style-src']).toEqual(["'self'"]); // no <style> elements; style attributes only
  expect(directives['object-src']).toEqual(["'none'"]);
  // The build leaves no inline script: trunk's start-up script is a file of the build.
  expect(await page.locator('script:not([src])').count()).toBe(0);

  // A tour of what loads code or data: the runs in workers, a decision tool, a case study, another language.
  await finishedJob(page);
  await page.getByRole('tab', { name: 'What drives it' }).click();
  await page.locator('#case-study').selectOption({ index: 1 });
  await expect(page.locator('#case-story')).toBeVisible();
  await finishedJob(page);
  await page.locator('#language').selectOption('ja');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await finishedJob(page);
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);

  // The policy is live, not decoration: an injected inline script does not run, and is reported.
  const ran = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return window.__injected === true;
  });
  expect(ran).toBe(false);
  expect((await violations()).join('\n')).toMatch(/script-src/);
});

test('scenario and product names with markup are shown as text, never run', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/');
  await finishedJob(page);
  const markup = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
  await page.locator('#f-name').fill(markup);
  await expect(page.locator('.scenario-name')).toHaveText(markup);
  await page.getByRole('tab', { name: 'Catalog' }).click();
  await page.locator('#f-catalog-0--name').fill(markup);
  await finishedJob(page);
  await expect(page.locator('.item-table')).toContainText(markup);
  expect(await page.locator('img[src=x], b:text-is("bold")').count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await violations()).toEqual([]);
});
