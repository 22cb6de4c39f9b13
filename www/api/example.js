// The livesim API example: load the module, then validate, run and compare the scenario in the text box.
import init, { validate, run, compare } from './api.js';

const $ = (id) => document.getElementById(id);
const show = (value) => { $('output').className = ''; $('output').textContent = JSON.stringify(value, null, 2); };
const fail = (error) => { $('output').className = 'error'; $('output').textContent = error.message; $('headline').textContent = ''; };
const options = () => ({ runs: Number($('runs').value), seed: Number($('seed').value) });
const scenario = () => JSON.parse($('scenario').value);
const money = (x, currency) => new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(x);

/** The variant: every price of the catalog and the kits moved by the percentage given. */
function variant(base) {
  const factor = 1 + Number($('price-change').value) / 100;
  const v = structuredClone(base);
  for (const item of [...(v.catalog || []), ...(v.kits || [])]) item.price = Math.round(item.price * factor * 100) / 100;
  v.name = `${base.name} (prices ${$('price-change').value} %)`;
  return v;
}

function act(f) {
  return () => {
    try { f(); } catch (e) { fail(e); }
  };
}

await init();
const example = await fetch('../scenarios/model-example.json').then((r) => r.text());
$('scenario').value = example;
$('status').textContent = 'Engine ready.';
$('status').dataset.ready = 'true';

$('validate').addEventListener('click', act(() => {
  validate(scenario());
  $('headline').textContent = 'The scenario is valid.';
  show({ valid: true });
}));
$('run').addEventListener('click', act(() => {
  const s = scenario();
  const summary = run(s, options());
  const revenue = summary.kpis.revenue;
  $('headline').textContent = `Revenue: median ${money(revenue.p50, s.currency)}, 90 % of runs between ${money(revenue.p5, s.currency)} and ${money(revenue.p95, s.currency)}.`;
  show(summary);
}));
$('compare').addEventListener('click', act(() => {
  const base = scenario();
  const result = compare(base, variant(base), options());
  show(result);
  $('headline').textContent = 'Variant minus base, run by run (common random numbers): see the differences below.';
}));
