// Reports the gzipped size of the release build's wasm + JS (dist/) and fails when it is over the 490 KB budget.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

// 400 KB (issue 3) held until issue 5. Measured since: the seven-language UI +28.4 KB (its lookups at ~1,300
// call sites; the key names themselves were hashed away), then saving, sharing and embedding +57.7 KB
// (undo/redo, the library, CSV and PNG exports, share links: deflate and base64 crates, exact float
// parsing, the embedded view and its builder). The budget is 490 KB for issue 5; the way back towards 400
// is to load the decision tools as a second module on first use, and to fetch English like the other
// languages (README, "Measured").
const BUDGET_BYTES = 490 * 1000;
const DIST = path.resolve(__dirname, '..', '..', 'dist');
// The rehearsal page (issue 6) is a module of its own in dist/rehearse/, so the app's bundle does not carry it:
// measured 269.4 KB (engine, Yew, the rehearsal views; no editor, no decision tools, no plotters).
const REHEARSAL_BUDGET_BYTES = 300 * 1000;
const REHEARSAL_DIST = path.join(DIST, 'rehearse');
// The post-live page (issue 7) is a third module in dist/postlive/: measured 326.6 KB (engine, Yew, the CSV reader,
// versus and calibration, the fan chart with plotters; no editor, no decision tools), budget about 8 % above.
const POSTLIVE_BUDGET_BYTES = 353 * 1000;
const POSTLIVE_DIST = path.join(DIST, 'postlive');

/** Every .wasm and .js file of dist/ with its raw and gzipped (level 9) size, largest first. */
function bundleSizes(dist = DIST) {
  if (!fs.existsSync(dist)) throw new Error(`no ${dist}: build the app first (trunk build --release)`);
  const files = fs.readdirSync(dist).filter((f) => /\.(wasm|js)$/.test(f));
  if (!files.some((f) => f.endsWith('.wasm'))) throw new Error(`no .wasm in ${dist}: the build is incomplete`);
  return files
    .map((file) => {
      const bytes = fs.readFileSync(path.join(dist, file));
      return { file, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

module.exports = { bundleSizes, BUDGET_BYTES, REHEARSAL_BUDGET_BYTES, POSTLIVE_BUDGET_BYTES };

/** Prints one module's files and total; false when it is over `budget`. */
function report(title, dist, budget) {
  const sizes = bundleSizes(dist);
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`.padStart(10);
  console.log(`${title.padEnd(36)}${'raw'.padStart(10)}${'gzip'.padStart(10)}`);
  for (const s of sizes) console.log(`${s.file.padEnd(36)}${kb(s.raw)}${kb(s.gzip)}`);
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  console.log(`${'total (wasm + JS, gzip -9)'.padEnd(46)}${kb(total)}  budget ${kb(budget).trim()}\n`);
  if (total > budget) console.error(`error: ${title} is ${(total - budget) / 1000} KB over its budget`);
  return total <= budget;
}

if (require.main === module) {
  try {
    const app = report('the app (dist/)', DIST, BUDGET_BYTES);
    const rehearsal = report('the rehearsal page (dist/rehearse/)', REHEARSAL_DIST, REHEARSAL_BUDGET_BYTES);
    const postlive = report('the post-live page (dist/postlive/)', POSTLIVE_DIST, POSTLIVE_BUDGET_BYTES);
    if (!app || !rehearsal || !postlive) process.exit(1);
  } catch (e) {
    console.error(`error: ${e.message}`);
    process.exit(1);
  }
}
