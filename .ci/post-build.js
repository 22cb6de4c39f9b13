// Trunk post_build hook (Trunk.toml): moves trunk's inline start-up script into a file (the page's
// Content-Security-Policy allows no inline script), minifies the JS of a release build with esbuild, in
// trunk's staging dir, and rewrites the subresource-integrity hashes index.html gives for it. Trunk's own minifier cannot
// parse wasm-bindgen's ES-module glue (its "Failed to minify JS" WARN), so without this step the glue
// would ship as written. Any failure here fails the build: no unminified fallback.
// esbuild is pinned in .ci/tools.sh (ESBUILD_VERSION) and installed into .tools/ by ensure_web_tools.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

function die(message) {
  console.error(`error: post-build: ${message}`);
  process.exit(1);
}

/** The esbuild version .ci/tools.sh pins. */
function pinnedVersion() {
  const tools = fs.readFileSync(path.join(ROOT, '.ci', 'tools.sh'), 'utf8');
  const m = /^ESBUILD_VERSION=(\S+)$/m.exec(tools);
  if (!m) die('no ESBUILD_VERSION in .ci/tools.sh');
  return m[1];
}

/** The pinned esbuild from .tools/ (or a node_modules above the project), or a loud failure. */
function loadEsbuild(version) {
  const install = `run .ci/serve or .ci/test (they install it), or: npm install --prefix .tools esbuild@${version}`;
  let esbuild;
  try {
    esbuild = require(require.resolve('esbuild', { paths: [path.join(ROOT, '.tools'), ROOT] }));
  } catch (e) {
    die(`esbuild ${version} is not installed (${e.code || e.message}): ${install}`);
  }
  if (esbuild.version !== version) die(`esbuild is ${esbuild.version}, the build pins ${version}: ${install}`);
  return esbuild;
}

/** Every .js file under dir (wasm-bindgen snippets would sit in a subfolder). */
function jsFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(file);
    return entry.name.endsWith('.js') ? [file] : [];
  });
}

const TAG = /<(?:link|script)\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
const ATTR = /([^\s"'>\/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;
const unquote = (value) => (value || '').replace(/^(["'])(.*)\1$/s, '$2');

/** The <link> and <script> tags of html, each with its place, its text and its attributes (with their places). */
function tags(html) {
  return [...html.matchAll(TAG)].map((m) => {
    const attrs = {};
    for (const a of m[0].matchAll(ATTR)) {
      if (a.index > 0) attrs[a[1].toLowerCase()] = { at: a.index, raw: a[0], value: unquote(a[2]) };
    }
    return { index: m.index, text: m[0], attrs };
  });
}

/** The staged file a URL of the page names, or null for one outside the build (another host, data:). */
function stagedFile(staging, url) {
  if (!url || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) return null;
  let rel = decodeURIComponent(url.split(/[?#]/)[0]);
  const base = process.env.TRUNK_PUBLIC_URL || '';
  if (base && rel.startsWith(base)) rel = rel.slice(base.length);
  const file = path.resolve(staging, rel.replace(/^\/+/, ''));
  return file.startsWith(staging + path.sep) && fs.existsSync(file) ? file : null;
}

function sri(algorithm, bytes) {
  return `${algorithm}-${crypto.createHash(algorithm).update(bytes).digest('base64')}`;
}

const INLINE_SCRIPT = /<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/script>/gi;

/**
 * Moves trunk's inline start-up script (it imports the glue and starts the wasm) into a file of the build,
 * so the page runs under index.html's Content-Security-Policy (`script-src 'self'`, no inline scripts).
 * Done in every profile: a page whose start-up script the policy blocks would never start.
 */
function externalizeInlineScripts(staging, html) {
  return html.replace(INLINE_SCRIPT, (tag, attrs, body) => {
    if (/\bsrc\s*=/i.test(attrs) || !body.trim()) return tag;
    if (!/\btype\s*=\s*["']?module\b/i.test(attrs)) die(`index.html has an inline script that is not trunk's start-up module: ${tag.slice(0, 80)}`);
    const name = `init-${crypto.createHash('sha256').update(body).digest('hex').slice(0, 16)}.js`;
    fs.writeFileSync(path.join(staging, name), body);
    console.log(`post-build: trunk's inline start-up script -> ${name}`);
    return `<script type="module" src="./${name}" integrity="${sri('sha384', Buffer.from(body))}"></script>`;
  });
}

function main() {
  const staging = process.env.TRUNK_STAGING_DIR;
  if (!staging || !fs.existsSync(staging)) die('TRUNK_STAGING_DIR is not set or missing: run me as a trunk hook');
  const htmlPath = path.join(staging, 'index.html');
  let html = externalizeInlineScripts(staging, fs.readFileSync(htmlPath, 'utf8'));
  if (process.env.TRUNK_PROFILE !== 'release') {
    fs.writeFileSync(htmlPath, html);
    return; // minifying is like trunk's minify = "on_release"
  }

  const esbuild = loadEsbuild(pinnedVersion());
  // The page's glue, which the page preloads, is an ES module (the page and, through worker-loader.js, the
  // workers import its exports); esbuild takes any other JS as it finds it (worker-loader.js: a classic script).
  const modules = new Set(
    tags(html)
      .filter((t) => /^modulepreload$/i.test(t.attrs.rel?.value || '') || /^module$/i.test(t.attrs.type?.value || ''))
      .map((t) => stagedFile(staging, (t.attrs.href || t.attrs.src)?.value))
      .filter((file) => file && file.endsWith('.js')),
  );
  if (modules.size === 0) die('index.html preloads no JS module: where is the wasm-bindgen glue?');

  for (const file of jsFiles(staging)) {
    const source = fs.readFileSync(file, 'utf8');
    let out;
    try {
      out = esbuild.transformSync(source, {
        minify: true,
        format: modules.has(file) ? 'esm' : undefined,
        target: 'esnext', // no syntax lowering: the code runs as written, only smaller
        legalComments: 'none',
        sourcefile: path.basename(file),
        logLevel: 'silent',
      });
    } catch (e) {
      die(`esbuild cannot minify ${path.relative(staging, file)}: ${e.message}`);
    }
    if (out.warnings.length) die(`esbuild warns on ${path.relative(staging, file)}: ${out.warnings.map((w) => w.text).join('; ')}`);
    fs.writeFileSync(file, out.code);
    console.log(`post-build: minified ${path.relative(staging, file)} ${source.length} -> ${out.code.length} bytes (esbuild ${esbuild.version})`);
  }

  // Trunk wrote the integrity hashes into index.html before this hook: give every one the hash of its file as
  // staged now, then check them all, so the page never refuses its own scripts (nor trunk's CSS and wasm).
  for (const t of tags(html).reverse()) {
    const integrity = t.attrs.integrity;
    const file = stagedFile(staging, (t.attrs.href || t.attrs.src)?.value);
    if (!integrity || !file) continue;
    const algorithm = integrity.value.split('-')[0];
    if (!['sha256', 'sha384', 'sha512'].includes(algorithm)) die(`unknown integrity "${integrity.value}" in ${t.text}`);
    const tag = t.text.slice(0, integrity.at) + `integrity="${sri(algorithm, fs.readFileSync(file))}"` +
      t.text.slice(integrity.at + integrity.raw.length);
    html = html.slice(0, t.index) + tag + html.slice(t.index + t.text.length);
  }
  for (const t of tags(html).filter((t) => t.attrs.integrity)) {
    const file = stagedFile(staging, (t.attrs.href || t.attrs.src)?.value);
    if (!file) die(`index.html gives an integrity hash for a file the build does not hold: ${t.text}`);
    const integrity = t.attrs.integrity.value;
    if (integrity !== sri(integrity.split('-')[0], fs.readFileSync(file))) die(`integrity mismatch: ${t.text}`);
  }
  fs.writeFileSync(htmlPath, html);
}

main();
