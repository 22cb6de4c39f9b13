//! Browser tests of the app's browser-side code, in real headless Chromium: worker messages, Intl formatting, chart drawing.
//!
//! Compiled for wasm32 only (natively this file is empty). Run with
//! `cargo test --target wasm32-unknown-unknown --no-default-features --features app --test web`;
//! `.cargo/config.toml` makes `wasm-bindgen-test-runner` the runner, and it
//! starts chromedriver and a headless Chromium by itself (it passes
//! `--no-sandbox`, so it also runs as root).
#![cfg(target_arch = "wasm32")]

use std::cell::OnceCell;
use std::collections::HashSet;
use std::ops::Range;
use std::rc::Rc;

use gloo_worker::{Bincode, Codec};
use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use livesim::app::canvas::PlotArea;
use livesim::app::components::fan_chart::{self, FanChartProps};
use livesim::app::components::histogram::{self, HistogramProps, bins};
use livesim::app::format::Formats;
use livesim::app::protocol::{ChunkDone, RunChunk};
use livesim::app::snap::Snap;
use livesim::app::worker::run_chunk;
use livesim::engine::outputs::{Kpi, Series};
use livesim::engine::summary::{Band, SERIES_RUNS};
use livesim::engine::{Plan, RunRecord, Summary, load, simulate, simulate_range, summarize};

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE: &str = include_str!("../www/scenarios/model-example.json");
const SCENARIOS: [(&str, &str); 7] = [
    ("model-example", EXAMPLE),
    ("beauty-kits-brl", include_str!("../www/scenarios/beauty-kits-brl.json")),
    ("flash-scarcity-cny", include_str!("../www/scenarios/flash-scarcity-cny.json")),
    ("lead-magnet-inr", include_str!("../www/scenarios/lead-magnet-inr.json")),
    ("no-sync-oversell-krw", include_str!("../www/scenarios/no-sync-oversell-krw.json")),
    ("room-tour-decor-jpy", include_str!("../www/scenarios/room-tour-decor-jpy.json")),
    ("uncertain-launch-zar", include_str!("../www/scenarios/uncertain-launch-zar.json")),
];
const SEED: u64 = 20_240_917;
/// Runs behind the chart tests' summary.
const RUNS: u64 = 300;

fn plan(text: &str) -> Plan {
    load(text).unwrap_or_else(|e| panic!("example scenario does not load: {e}"))
}

/// The example's plan, its first [`RUNS`] records and their summary, computed once.
fn example() -> &'static (Plan, Vec<RunRecord>, Summary) {
    thread_local! {
        static EXAMPLE_RUNS: OnceCell<&'static (Plan, Vec<RunRecord>, Summary)> = const { OnceCell::new() };
    }
    EXAMPLE_RUNS.with(|cell| {
        *cell.get_or_init(|| {
            let plan = plan(EXAMPLE);
            let records = simulate_range(&plan, SEED, 0..RUNS);
            let summary = summarize(&plan, SEED, &records);
            Box::leak(Box::new((plan, records, summary)))
        })
    })
}

// ---------------------------------------------------------------------------
// Worker messages
// ---------------------------------------------------------------------------

/// What the page sends, through gloo-worker's own codec (bincode in a `Uint8Array`), and back.
fn through_codec<T: serde::Serialize + for<'de> serde::Deserialize<'de>>(message: &T) -> T {
    let wire = Bincode::encode(message);
    let bytes = wire.dyn_ref::<Uint8Array>().expect("gloo-worker sends a Uint8Array");
    assert!(bytes.length() > 0, "an empty message");
    Bincode::decode(wire)
}

/// Through JSON and back, compared as JSON trees. serde_json (without its
/// `float_roundtrip` feature) may read a float back one ulp off, e.g.
/// `0.025750000000000002` as `0.02575`, so numbers need only agree to 1e-15.
fn assert_json_round_trip<T: serde::Serialize + for<'de> serde::Deserialize<'de>>(message: &T, what: &str) {
    let text = serde_json::to_string(message).expect("serializes to JSON");
    let back: T =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: does not read back from its own JSON: {e}"));
    let (a, b) = (serde_json::to_value(message).unwrap(), serde_json::to_value(&back).unwrap());
    assert!(a.as_object().is_some_and(|o| !o.is_empty()), "{what}: not a JSON object");
    json_close(&a, &b, what);
}

fn json_close(a: &serde_json::Value, b: &serde_json::Value, path: &str) {
    use serde_json::Value::{Array, Number, Object};
    match (a, b) {
        (Object(x), Object(y)) => {
            assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>(), "{path}: keys");
            for (k, v) in x {
                json_close(v, &y[k], &format!("{path}.{k}"));
            }
        }
        (Array(x), Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}: length");
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                json_close(v, w, &format!("{path}[{i}]"));
            }
        }
        (Number(x), Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-15 * x.abs().max(y.abs()), "{path}: {x} came back as {y}");
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

/// A chunk of a scenario's text, as the runner sends it.
fn chunk(text: &str, job: u64, part: u32, runs: std::ops::Range<u64>, minutes_below: u64) -> RunChunk {
    let (parts, decisions) = (vec![part], vec![Vec::new()]);
    RunChunk { job, scenario: text.to_owned(), parts, decisions, seed: SEED, runs, minutes_below }
}

fn assert_done_eq(a: &ChunkDone, b: &ChunkDone, what: &str) {
    assert_eq!(
        (a.job, &a.parts, a.runs.clone(), &a.error),
        (b.job, &b.parts, b.runs.clone(), &b.error),
        "{what}: header"
    );
    assert_eq!(a.records.len(), b.records.len(), "{what}: record count");
    for (x, y) in a.records.iter().zip(&b.records) {
        assert!(x == y, "{what}: run {} changed on the way", x.run);
    }
}

#[wasm_bindgen_test]
fn run_chunk_round_trips_through_the_worker_codec_and_serde_for_every_example() {
    for (name, text) in SCENARIOS {
        let mut sent = chunk(text, 7, 3, 3..6, 5);
        sent.decisions = vec![vec![("offer:0.start".to_owned(), 12.5), ("paid.budget".to_owned(), f64::MAX)]];
        assert!(through_codec(&sent) == sent, "{name} via bincode");
        assert!(
            serde_json::from_str::<RunChunk>(&serde_json::to_string(&sent).unwrap()).unwrap() == sent,
            "{name} via JSON"
        );
    }
}

#[wasm_bindgen_test]
fn chunk_done_round_trips_through_the_worker_codec_and_serde_for_every_example() {
    for (name, text) in SCENARIOS {
        let done = run_chunk(chunk(text, u64::MAX, 0, 0..3, SERIES_RUNS));
        assert_eq!(done.error, None, "{name}");
        assert_eq!(done.records.len(), 3, "{name}");
        assert!(done.records.iter().all(|r| !r.outputs.minutes.is_empty()), "{name}: early runs keep their minutes");
        assert_done_eq(&through_codec(&done), &done, &format!("{name} via bincode"));
        assert_json_round_trip(&done, &format!("{name} via JSON"));
    }
}

/// The whole trip: the page encodes a chunk, the worker decodes and runs it and encodes its answer, the page decodes that.
#[wasm_bindgen_test]
fn the_worker_answers_with_the_engines_records() {
    let plan = plan(EXAMPLE);
    let runs = 3..11;
    let sent = chunk(EXAMPLE, 42, 0, runs.clone(), SERIES_RUNS);
    let reply: ChunkDone = through_codec(&run_chunk(through_codec(&sent)));
    assert_eq!(reply.job, 42);
    assert_eq!(reply.parts, [0]);
    assert_eq!(reply.runs, runs);
    let expected: Vec<RunRecord> = runs.map(|run| simulate(&plan, SEED, run)).collect();
    assert_eq!(reply.records.len(), expected.len());
    for (got, want) in reply.records.iter().zip(&expected) {
        assert!(got == want, "run {} differs from engine::simulate", want.run);
    }
    // Not vacuous: another seed gives other records.
    assert!(simulate(&plan, SEED + 1, 3) != expected[0], "the seed makes no difference");
}

/// Runs from `SERIES_RUNS` on lose their per-minute records (the summary's bands never read them) and nothing else.
#[wasm_bindgen_test]
fn the_worker_trims_minutes_only_past_the_series_runs() {
    let plan = plan(EXAMPLE);
    let runs = SERIES_RUNS - 2..SERIES_RUNS + 2;
    let reply = run_chunk(chunk(EXAMPLE, 1, 0, runs.clone(), SERIES_RUNS));
    assert_eq!(reply.records.iter().map(|r| r.run).collect::<Vec<_>>(), runs.clone().collect::<Vec<_>>());
    for (got, run) in reply.records.iter().zip(runs) {
        let want = simulate(&plan, SEED, run);
        if run < SERIES_RUNS {
            assert!(*got == want, "run {run} is below SERIES_RUNS and must be untouched");
            assert_eq!(got.outputs.minutes.len(), plan.duration as usize);
        } else {
            assert!(got.outputs.minutes.is_empty(), "run {run} kept its minutes");
            assert!(got.inputs == want.inputs, "run {run}: inputs");
            assert!(got.outputs.kpis == want.outputs.kpis, "run {run}: KPIs");
            assert!(got.outputs.items == want.outputs.items, "run {run}: items");
            assert!(got.outputs.channels == want.outputs.channels, "run {run}: channels");
        }
    }
}

/// An optimisation asks for no per-minute records at all, and gets none; nothing else changes.
#[wasm_bindgen_test]
fn the_worker_trims_every_minute_when_asked_to() {
    let plan = plan(EXAMPLE);
    let reply = run_chunk(chunk(EXAMPLE, 2, 9, 0..3, 0));
    assert_eq!(reply.parts, [9]);
    for (got, run) in reply.records.iter().zip(0..) {
        let want = simulate(&plan, SEED, run);
        assert!(got.outputs.minutes.is_empty(), "run {run} kept its minutes");
        assert!(got.outputs.kpis == want.outputs.kpis, "run {run}: KPIs");
    }
}

/// A candidate of an optimisation: the worker sets its decisions on the scenario before running, exactly as the engine does.
#[wasm_bindgen_test]
fn the_worker_sets_a_candidates_decisions_before_running() {
    let mut sent = chunk(EXAMPLE, 3, 1, 0..4, 0);
    sent.decisions = vec![vec![("offer:0.start".to_owned(), 20.0), ("offer:0.percent".to_owned(), 30.0)]];
    let reply = run_chunk(sent.clone());
    assert_eq!(reply.error, None);
    let moved = livesim::app::worker::plan_of(EXAMPLE, &sent.decisions[0]).expect("a valid candidate");
    assert!(moved != plan(EXAMPLE), "the decisions changed nothing");
    for (got, run) in reply.records.iter().zip(0..) {
        assert!(got.outputs.kpis == simulate(&moved, SEED, run).outputs.kpis, "run {run}");
    }
    // A decision the scenario cannot take comes back as a reason, with no runs.
    sent.decisions = vec![vec![("kit:nope.price".to_owned(), 1.0)]];
    let reply = run_chunk(sent);
    assert!(reply.records.is_empty());
    assert!(reply.error.as_deref().is_some_and(|e| e.contains("kit:nope.price")), "{:?}", reply.error);
}

/// An optimisation's candidates in one chunk: the records come back part by
/// part, each equal to the candidate's own runs (they share their openings).
#[wasm_bindgen_test]
fn the_worker_runs_a_chunks_candidates_together_each_as_its_own_runs() {
    let starts = [60.0, 30.0, 45.0];
    let mut sent = chunk(EXAMPLE, 4, 0, 5..9, SERIES_RUNS);
    sent.parts = vec![7, 2, 5];
    sent.decisions = starts.iter().map(|&s| vec![("offer:1.start".to_owned(), s)]).collect();
    let reply: ChunkDone = through_codec(&run_chunk(through_codec(&sent)));
    assert_eq!((reply.parts.as_slice(), reply.error.as_deref()), ([7, 2, 5].as_slice(), None));
    assert_eq!(reply.records.len(), 3 * 4);
    for (decisions, got) in sent.decisions.iter().zip(reply.records.chunks(4)) {
        let candidate = livesim::app::worker::plan_of(EXAMPLE, decisions).expect("a valid candidate");
        for (got, run) in got.iter().zip(5..) {
            assert!(*got == simulate(&candidate, SEED, run), "{decisions:?}, run {run}");
        }
    }
}

/// A scenario the worker cannot check comes back as the reason, with no runs (the page checks first, so never expected).
#[wasm_bindgen_test]
fn the_worker_answers_an_invalid_scenario_with_the_reason() {
    let broken = EXAMPLE.replacen("\"duration_min\": 90", "\"duration_min\": -90", 1);
    assert_ne!(broken, EXAMPLE, "the example's duration moved");
    let reply = run_chunk(chunk(&broken, 3, 1, 0..4, 0));
    assert!(reply.records.is_empty());
    assert!(reply.error.as_deref().is_some_and(|e| e.contains("duration_min")), "{:?}", reply.error);
    assert_eq!((reply.job, reply.parts, reply.runs), (3, vec![1], 0..4));
}

/// Replies carry the job id they were asked for, whatever it is, so the page can drop stale ones.
#[wasm_bindgen_test]
fn the_worker_carries_the_job_id_and_range_back() {
    for (job, runs) in [(0, 0..1), (1, 5..5), (9, 7..9), (u64::MAX, 2..3)] {
        let reply = run_chunk(chunk(EXAMPLE, job, 0, runs.clone(), SERIES_RUNS));
        assert_eq!(reply.job, job);
        assert_eq!(reply.runs, runs.clone());
        assert_eq!(reply.records.iter().map(|r| r.run).collect::<Vec<_>>(), runs.collect::<Vec<_>>());
    }
}

/// The runner appends each reply's records in arrival order and summarises them all: any split, any order, the same summary.
#[wasm_bindgen_test]
fn chunks_merged_in_any_order_summarise_like_the_engine() {
    let (plan, all, expected) = example();
    let splits: [Range<u64>; 5] = [0..100, 100..137, 137..138, 138..250, 250..RUNS];
    let replies: Vec<ChunkDone> = splits
        .iter()
        .enumerate()
        .map(|(i, runs)| {
            let reply: ChunkDone = through_codec(&run_chunk(chunk(EXAMPLE, 5, 0, runs.clone(), SERIES_RUNS)));
            assert_eq!((reply.job, reply.runs.clone()), (5, runs.clone()), "reply {i}");
            reply
        })
        .collect();
    for order in [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 4, 0, 3, 1], [3, 0, 4, 1, 2]] {
        let records: Vec<RunRecord> = order.iter().flat_map(|&i| replies[i].records.clone()).collect();
        assert_eq!(records.len(), all.len());
        let summary = summarize(plan, SEED, &records);
        assert!(summary == *expected, "order {order:?} gives another summary");
    }
    // Not vacuous: a missing chunk shows.
    let short: Vec<RunRecord> = replies[1..].iter().flat_map(|r| r.records.clone()).collect();
    assert!(summarize(plan, SEED, &short) != *expected);
}

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

/// The oracle: a fresh `Intl.NumberFormat` built through plain JS reflection; `Err` if Intl throws.
fn intl(locale: &str, options: &[(&str, JsValue)]) -> Result<Function, JsValue> {
    let ctor: Function =
        Reflect::get(&Reflect::get(&js_sys::global(), &"Intl".into())?, &"NumberFormat".into())?.dyn_into()?;
    let opts = Object::new();
    for (key, value) in options {
        Reflect::set(&opts, &JsValue::from_str(key), value)?;
    }
    let nf = Reflect::construct(&ctor, &Array::of2(&JsValue::from_str(locale), &opts))?;
    Reflect::get(&nf, &"format".into())?.dyn_into()
}

fn oracle(f: &Function, x: f64) -> String {
    f.call1(&JsValue::NULL, &JsValue::from_f64(x)).expect("Intl formats a number").as_string().expect("a string")
}

type Method = fn(&Formats, f64) -> String;
type Options = Vec<(&'static str, JsValue)>;

/// Each of `Formats`' methods, with the `Intl` options it is documented to use.
fn methods(currency: &str) -> Vec<(&'static str, Method, Options)> {
    let s = |v: &str| JsValue::from_str(v);
    let n = JsValue::from_f64;
    vec![
        ("money", Formats::money, vec![("style", s("currency")), ("currency", s(currency))]),
        (
            "money_compact",
            Formats::money_compact,
            vec![
                ("style", s("currency")),
                ("currency", s(currency)),
                ("notation", s("compact")),
                ("maximumSignificantDigits", n(3.0)),
            ],
        ),
        ("count", Formats::count, vec![("maximumFractionDigits", n(0.0))]),
        ("compact", Formats::compact, vec![("notation", s("compact")), ("maximumSignificantDigits", n(3.0))]),
        ("percent", Formats::percent, vec![("style", s("percent")), ("maximumFractionDigits", n(1.0))]),
        ("decimal", Formats::decimal, vec![("maximumFractionDigits", n(2.0))]),
    ]
}

const LOCALES: [(&str, &str); 8] = [
    ("pt-BR", "BRL"),
    ("ja-JP", "JPY"),
    ("ko-KR", "KRW"),
    ("hi-IN", "INR"),
    ("af-ZA", "ZAR"),
    ("zh-CN", "CNY"),
    ("en-US", "USD"),
    ("de-DE", "EUR"),
];

const VALUES: [f64; 12] =
    [0.0, 0.049, 0.123_456, 0.5, 1.0, 17.891, 999.995, 1_234.567_8, 11_463.0, 74_658.87, 12_345_678.0, -2_500.25];

#[wasm_bindgen_test]
fn formats_match_intl_for_every_locale_and_method() {
    for (locale, currency) in LOCALES {
        let formats = Formats::new(locale, currency);
        assert_eq!((formats.locale.as_str(), formats.currency.as_str()), (locale, currency));
        for (name, method, options) in methods(currency) {
            let reference = intl(locale, &options).expect("Intl accepts these options");
            for x in VALUES {
                assert_eq!(method(&formats, x), oracle(&reference, x), "{locale} {currency} {name}({x})");
            }
        }
    }
}

/// Outputs that CLDR has kept for years: a regression here means the options or the locale got lost.
#[wasm_bindgen_test]
fn formats_give_the_expected_local_forms() {
    let nbsp = '\u{a0}';
    let en = Formats::new("en-US", "USD");
    assert_eq!(en.money(1234.5), "$1,234.50");
    assert_eq!(en.money(-2500.25), "-$2,500.25");
    assert_eq!(en.count(1_234_567.89), "1,234,568");
    assert_eq!(en.decimal(17.891), "17.89");
    assert_eq!(en.percent(0.049), "4.9%");
    assert_eq!(en.percent(0.12345), "12.3%");
    assert_eq!(en.compact(11_463.0), "11.5K");
    assert_eq!(en.money_compact(74_658.87), "$74.7K");

    let br = Formats::new("pt-BR", "BRL");
    assert_eq!(br.money(74_658.87), format!("R${nbsp}74.658,87"));
    assert_eq!(br.count(11_463.0), "11.463");
    assert_eq!(br.decimal(17.891), "17,89");
    assert!(br.percent(0.049).starts_with("4,9"), "{}", br.percent(0.049));
    assert_eq!(br.compact(11_463.0), format!("11,5{nbsp}mil"));

    // Indian grouping: lakh and crore.
    let inr = Formats::new("hi-IN", "INR");
    assert_eq!(inr.count(12_345_678.0), "1,23,45,678");
    assert_eq!(inr.money(12_345_678.0), "₹1,23,45,678.00");

    // Yen and won have no minor unit: no decimals, rounded.
    let jpy = Formats::new("ja-JP", "JPY");
    let yen = jpy.money(1_234_567.89);
    assert!(yen.ends_with("1,234,568") && yen.chars().any(|c| c == '¥' || c == '￥'), "{yen}");
    assert_eq!(Formats::new("ko-KR", "KRW").money(1_234_567.89), "₩1,234,568");

    assert_eq!(Formats::new("zh-CN", "CNY").money(1234.5), "¥1,234.50");

    // South Africa: space grouping, comma decimals.
    let zar = Formats::new("af-ZA", "ZAR").money(1_234_567.89);
    let digits: String = zar.chars().filter(|c| !c.is_whitespace() && *c != '\u{202f}').collect();
    assert_eq!(digits, "R1234567,89", "{zar}");
    assert!(
        zar.starts_with('R') && zar.chars().filter(|c| c.is_whitespace() || *c == '\u{202f}').count() >= 3,
        "{zar}"
    );
}

/// `format.rs` prints an en dash for NaN and ±∞ (Intl would print `NaN` and `∞`).
#[wasm_bindgen_test]
fn non_finite_values_print_a_dash() {
    for (locale, currency) in LOCALES {
        let formats = Formats::new(locale, currency);
        for (name, method, _) in methods(currency) {
            for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -f64::NAN] {
                let out = method(&formats, x);
                assert_eq!(out, "–", "{locale} {name}({x})");
            }
            // Huge but finite values still format as numbers.
            let big = method(&formats, 1e300);
            assert!(!big.contains("NaN") && !big.contains('∞') && !big.contains("Infinity") && big != "–", "{big}");
        }
    }
    // The oracle itself would have printed them: the dash is format.rs's doing.
    assert_eq!(oracle(&intl("en-US", &[]).unwrap(), f64::NAN), "NaN");
}

#[wasm_bindgen_test]
fn values_that_round_to_zero_show_no_minus_sign() {
    for (locale, currency) in LOCALES {
        let formats = Formats::new(locale, currency);
        let no_sign = |out: String, what: &str| {
            assert!(!out.contains('-') && !out.contains('\u{2212}'), "{locale} {what} = {out}");
        };
        no_sign(formats.money(-0.001), "money(-0.001)");
        no_sign(formats.percent(-0.00001), "percent(-0.00001)");
        no_sign(formats.count(-0.3), "count(-0.3)");
        for (name, method, _) in methods(currency) {
            no_sign(method(&formats, -0.0), &format!("{name}(-0)"));
            // A real negative keeps its sign.
            let out = method(&formats, -2_500.0);
            assert!(out.contains('-') || out.contains('\u{2212}'), "{locale} {name}(-2500) = {out}");
        }
    }
}

/// A well-formed code Intl does not know formats with the code itself; malformed codes never reach `Formats`.
#[wasm_bindgen_test]
fn unknown_currency_codes_do_not_panic() {
    for code in ["XYZ", "AAA", "QQQ", "XXX"] {
        let formats = Formats::new("en-US", code);
        let money = formats.money(1234.5);
        let reference = intl("en-US", &[("style", "currency".into()), ("currency", code.into())]).unwrap();
        assert_eq!(money, oracle(&reference, 1234.5));
        assert!(money.contains("1,234.50"), "{money}");
        assert!(!formats.money_compact(1234.5).is_empty());
    }
    // Intl throws a RangeError for a malformed code, and `Formats::new` does
    // not catch it: the app relies on validation rejecting those codes first.
    let mut doc: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    for code in ["US", "EURO", "U$D", "", "12A"] {
        assert!(
            intl("en-US", &[("style", "currency".into()), ("currency", code.into())]).is_err(),
            "Intl accepts {code:?}"
        );
        doc["currency"] = code.into();
        let err = load(&doc.to_string()).expect_err("validation accepted a malformed currency");
        assert!(err.to_string().contains("currency"), "{err}");
    }
}

// ---------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------

const WIDTH: u32 = 640;
const HEIGHT: u32 = 260;

/// Makes `window.devicePixelRatio` read `dpr` (it is a replaceable attribute) and checks the app sees it.
fn set_dpr(dpr: f64) {
    let window = web_sys::window().unwrap();
    Reflect::set(&window, &"devicePixelRatio".into(), &dpr.into()).unwrap();
    assert_eq!(livesim::app::canvas::device_pixel_ratio(), dpr);
}

/// A canvas in the document, laid out at `w`×`h` CSS pixels.
fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_attribute("style", &format!("display: block; width: {w}px; height: {h}px")).unwrap();
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

struct Pixels {
    w: u32,
    h: u32,
    rgba: Vec<u8>,
}

impl Pixels {
    fn read(canvas: &HtmlCanvasElement) -> Pixels {
        let ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
        let (w, h) = (canvas.width(), canvas.height());
        let rgba = ctx.get_image_data(0.0, 0.0, f64::from(w), f64::from(h)).unwrap().data().0;
        assert_eq!(rgba.len(), (w * h * 4) as usize);
        Pixels { w, h, rgba }
    }

    fn at(&self, x: i64, y: i64) -> [u8; 4] {
        let (x, y) = (x.clamp(0, i64::from(self.w) - 1) as usize, y.clamp(0, i64::from(self.h) - 1) as usize);
        let i = (y * self.w as usize + x) * 4;
        [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2], self.rgba[i + 3]]
    }

    /// The plot area in device pixels.
    fn region(area: &PlotArea, dpr: f64) -> (Range<i64>, Range<i64>) {
        let d = |v: f64| (v * dpr).round() as i64;
        (d(area.x.start)..d(area.x.end), d(area.y.start)..d(area.y.end))
    }

    fn distinct_in(&self, xs: Range<i64>, ys: Range<i64>) -> usize {
        let mut seen = HashSet::new();
        for y in ys {
            for x in xs.clone() {
                seen.insert(self.at(x, y));
            }
        }
        seen.len()
    }

    fn count_in(&self, xs: Range<i64>, ys: Range<i64>, pred: impl Fn([u8; 4]) -> bool) -> usize {
        ys.flat_map(|y| xs.clone().map(move |x| (x, y))).filter(|&(x, y)| pred(self.at(x, y))).count()
    }
}

fn near(p: [u8; 4], rgb: [u8; 3], tol: i32) -> bool {
    (0..3).all(|i| (i32::from(p[i]) - i32::from(rgb[i])).abs() <= tol) && p[3] == 255
}

/// The band's translucent accent over any backdrop, or the accent itself: clearly bluer than green and red.
fn purple(p: [u8; 4]) -> bool {
    let [r, g, b, _] = p.map(i32::from);
    b >= g + 18 && b >= r + 10 && r < 225
}

const ACCENT: [u8; 3] = [91, 60, 196];
/// The histogram's bars: the accent at 75 % over white.
const BAR: [u8; 3] = [132, 109, 211];
const TARGET: [u8; 3] = [6, 118, 71];
const WHITE: [u8; 4] = [255, 255, 255, 255];

fn formats() -> Rc<Formats> {
    Rc::new(Formats::new("pt-BR", "BRL"))
}

fn fan_props(band: Band, plan: &Plan, money: bool) -> FanChartProps {
    FanChartProps {
        title: "Viewers per minute".into(),
        band,
        plan: Snap(Rc::new(plan.clone())),
        formats: formats(),
        money,
        id: "viewers".into(),
        actual: None,
    }
}

/// Draws `band` at `dpr` and checks the pixels against the data; returns the plot area and how many columns had a band wide enough to look inside.
fn check_fan_chart(name: &str, plan: &Plan, band: &Band, money: bool, dpr: f64) -> (PlotArea, usize) {
    set_dpr(dpr);
    let canvas = canvas(WIDTH, HEIGHT);
    let area = fan_chart::draw(&canvas, &fan_props(band.clone(), plan, money)).expect("a laid-out canvas is drawn");
    // HiDPI: the backing store is the CSS box times the ratio.
    assert_eq!((canvas.width(), canvas.height()), ((f64::from(WIDTH) * dpr) as u32, (f64::from(HEIGHT) * dpr) as u32));
    // The plot area, in CSS pixels: 10 on the right, 18 on top, x labels and "minute" (36) below, and on the
    // left as much as the widest y label needs (measured by the browser, so only bounded here).
    for (got, want) in
        [(area.x.end, f64::from(WIDTH) - 10.0), (area.y.start, 18.0), (area.y.end, f64::from(HEIGHT) - 36.0)]
    {
        assert!((got - want).abs() <= 1.5, "{name}, dpr {dpr}: plot area {area:?}");
    }
    assert!((20.0..=120.0).contains(&area.x.start), "{name}, dpr {dpr}: y label area {area:?}");

    let px = Pixels::read(&canvas);
    let (xs, ys) = Pixels::region(&area, dpr);
    assert_eq!(px.at(0, 0), WHITE, "{name}: the background is painted");
    assert!(px.distinct_in(xs.clone(), ys.clone()) >= 12, "{name}: too few colours in the plot area");
    let plot_pixels = ((xs.end - xs.start) * (ys.end - ys.start)) as usize;
    let non_white = px.count_in(xs.clone(), ys.clone(), |p| p != WHITE);
    assert!(
        non_white * 10 >= plot_pixels * 9,
        "{name}: the backdrop should cover the plot: {non_white} of {plot_pixels}"
    );

    // Data to device pixels, as plotters maps them.
    let n = band.p50.len() as f64;
    let ymax = band.p90.iter().copied().fold(0.0_f64, f64::max) * 1.08;
    let to_y = |v: f64| ys.end as f64 - v / ymax * (ys.end - ys.start) as f64;

    // The band's area, measured against the data's (the offer strips along the top are left out).
    let strip = ys.start + ((ys.end - ys.start) as f64 * 0.04).ceil() as i64;
    let band_px = px.count_in(xs.clone(), strip..ys.end, purple) as f64;
    let want: f64 =
        (0..band.p50.len()).map(|t| (to_y(band.p10[t]) - to_y(band.p90[t])) * (xs.end - xs.start) as f64 / n).sum();
    assert!(
        (band_px - want).abs() <= want * 0.05 + 100.0 * dpr * dpr,
        "{name}, dpr {dpr}: {band_px} band pixels, the data says about {want:.0}"
    );

    // Column by column: the median line sits at p50, the band spans p10..p90 and nothing purple is well above p90.
    // Plotters joins the minutes' points (at t + 0.5) with straight lines: interpolate the same way.
    let at = |q: &[f64], col: f64| {
        let u = ((col + 0.5 - xs.start as f64) / (xs.end - xs.start) as f64 * n - 0.5).clamp(0.0, n - 1.0);
        let (i, f) = (u.floor() as usize, u.fract());
        to_y(q[i] + f * (q[(i + 1).min(q.len() - 1)] - q[i]))
    };
    let (mut checked, mut inside_checked) = (0, 0);
    // The curves run from the first minute's middle to the last one's.
    let half = ((xs.end - xs.start) as f64 / n / 2.0).ceil() as i64 + 2;
    for x in (xs.start + half..xs.end - half).step_by((5.0 * dpr) as usize) {
        let col = x as f64;
        let (y10, y50, y90) = (at(&band.p10, col), at(&band.p50, col), at(&band.p90, col));
        // How far the curves move within a pixel column.
        let slope = [&band.p10, &band.p50, &band.p90]
            .iter()
            .map(|q| (at(q, col + 0.5) - at(q, col - 0.5)).abs())
            .fold(0.0, f64::max);
        let slack = (3.0 * dpr + slope).ceil() as i64;
        let line = ((y50.round() as i64 - slack)..=(y50.round() as i64 + slack)).any(|y| near(px.at(x, y), ACCENT, 40));
        assert!(line, "{name}, dpr {dpr}: no median line at x {x} near y {y50:.0}");
        let inset = 1.5 + slope;
        if y10 - y90 > 2.0 * inset + 2.0 {
            for y in [y90 + inset, (y90 + y10) / 2.0, y10 - inset] {
                assert!(
                    purple(px.at(x, y.round() as i64)),
                    "{name}, dpr {dpr}: x {x}, y {y:.0} is inside the band ({y90:.0}..{y10:.0}) but not shaded"
                );
            }
            inside_checked += 1;
        }
        let above = y90 - slope - 4.0 * dpr;
        if above > strip as f64 + 2.0 {
            assert!(
                !purple(px.at(x, above.round() as i64)),
                "{name}, dpr {dpr}: x {x}, y {above:.0} is shaded above the band ({y90:.0})"
            );
        }
        checked += 1;
    }
    assert!(checked >= 50, "{name}: {checked} columns checked");
    canvas.remove();
    (area, inside_checked)
}

#[wasm_bindgen_test]
fn fan_chart_draws_the_band_and_median_where_the_data_says() {
    let (plan, _, summary) = example();
    // Uncertain inputs make a wide band.
    let zar = load(SCENARIOS[6].1).unwrap();
    let zar_summary = summarize(&zar, SEED, &simulate_range(&zar, SEED, 0..200));
    let cases = [
        ("model-example viewers", plan, summary.band(Series::Viewers), false),
        ("uncertain-launch-zar revenue so far", &zar, zar_summary.band(Series::RevenueCumulative), true),
    ];
    for (name, plan, band, money) in cases {
        assert_eq!(band.p50.len(), plan.duration as usize);
        let (a, inside) = check_fan_chart(name, plan, band, money, 1.0);
        let (b, inside_hidpi) = check_fan_chart(name, plan, band, money, 2.0);
        // The same layout in CSS pixels whatever the ratio.
        for (x, y) in [(a.x.start, b.x.start), (a.x.end, b.x.end), (a.y.start, b.y.start), (a.y.end, b.y.end)] {
            assert!((x - y).abs() <= 1.0, "{name}: {a:?} vs {b:?}");
        }
        if money {
            assert!(
                inside >= 30 && inside_hidpi >= 30,
                "{name}: the band is too thin to look inside ({inside}, {inside_hidpi})"
            );
        }
    }
    set_dpr(1.0);
}

#[wasm_bindgen_test]
fn fan_chart_survives_degenerate_bands() {
    set_dpr(2.0);
    let (plan, _, _) = example();
    let minutes = plan.duration as usize;
    let zero_runs = summarize(plan, SEED, &[]);
    let cases: Vec<(&str, Band)> = vec![
        ("no runs", zero_runs.band(Series::Orders).clone()),
        ("all zeros", Band { p10: vec![0.0; minutes], p50: vec![0.0; minutes], p90: vec![0.0; minutes] }),
        ("one minute", Band { p10: vec![1.0], p50: vec![2.0], p90: vec![3.0] }),
        ("no minutes", Band { p10: vec![], p50: vec![], p90: vec![] }),
        ("NaN", Band { p10: vec![f64::NAN; 3], p50: vec![1.0, f64::NAN, 2.0], p90: vec![3.0; 3] }),
    ];
    for (name, band) in cases {
        let canvas = canvas(WIDTH, HEIGHT);
        let area = fan_chart::draw(&canvas, &fan_props(band, plan, false));
        let area = area.unwrap_or_else(|| panic!("{name}: not drawn"));
        assert!(area.x.end > area.x.start && area.y.end > area.y.start, "{name}: {area:?}");
        let px = Pixels::read(&canvas);
        assert_eq!(px.at(1, 1), WHITE, "{name}: background");
        let (xs, ys) = Pixels::region(&area, 2.0);
        assert!(px.distinct_in(xs, ys) >= 3, "{name}: the backdrop and axes are missing");
        canvas.remove();
    }
    // A canvas that is not laid out is left alone.
    let detached: HtmlCanvasElement =
        web_sys::window().unwrap().document().unwrap().create_element("canvas").unwrap().dyn_into().unwrap();
    assert!(fan_chart::draw(&detached, &fan_props(zero_runs.band(Series::Viewers).clone(), plan, false)).is_none());
    set_dpr(1.0);
}

fn hist_props(values: Vec<f64>, target: Option<f64>) -> HistogramProps {
    HistogramProps {
        id: "revenue-histogram".into(),
        title: "Revenue over runs".into(),
        values: Rc::new(values),
        target,
        formats: formats(),
    }
}

#[wasm_bindgen_test]
fn histogram_bars_follow_the_bins_and_mark_the_target() {
    let (plan, records, _) = example();
    let revenue: Vec<f64> = records.iter().filter_map(|r| r.outputs.kpis.get(Kpi::Revenue)).collect();
    assert_eq!(revenue.len(), RUNS as usize);
    let target = plan.targets.iter().find(|t| t.kpi == Kpi::Revenue).expect("the example has a revenue target").value;
    for dpr in [1.0, 2.0] {
        set_dpr(dpr);
        let first = canvas(WIDTH, HEIGHT);
        let area = histogram::draw(&first, &hist_props(revenue.clone(), Some(target))).expect("drawn");
        let px = Pixels::read(&first);
        let (xs, ys) = Pixels::region(&area, dpr);
        assert!(px.distinct_in(xs.clone(), ys.clone()) >= 6);

        // The app's bins: sqrt(300) ≈ 17.
        let (lo, width, counts) = bins(&revenue, 17);
        assert_eq!(counts.iter().sum::<u32>(), RUNS as u32);
        let (x0, x1) = (area.value.start, area.value.end);
        let hi = lo + width * 17.0;
        assert!(x0 <= lo && x1 >= hi, "axis {x0}..{x1} holds the data {lo}..{hi}");
        // The example's target (60,000) is far below every run: the axis stays on the data and the target
        // becomes an arrow at the left edge, rather than squeezing the bars into a corner.
        assert!(target < x0, "axis {x0}..{x1}, target {target}");
        assert_eq!(histogram::x_axis(lo, hi, Some(target)), (x0, x1, Some(false)));
        let to_x = |v: f64| xs.start as f64 + (v - x0) / (x1 - x0) * (xs.end - xs.start) as f64;
        let top = f64::from(*counts.iter().max().unwrap()) * 1.1;
        let plot_h = (ys.end - ys.start) as f64;
        for (i, &c) in counts.iter().enumerate() {
            let x = to_x(lo + width * (i as f64 + 0.5)).round() as i64;
            let bar = px.count_in(x..x + 1, ys.clone(), |p| near(p, BAR, 12)) as f64;
            let want = f64::from(c) / top * plot_h;
            assert!(
                (bar - want).abs() <= 2.0 * dpr + 1.0,
                "dpr {dpr}: bin {i} ({c} runs) is {bar} px tall, want {want:.1}"
            );
        }
        // The target's arrow and label: green ink near the left edge, none as a full-height line.
        let left = xs.start..xs.start + (xs.end - xs.start) / 3;
        let green = px.count_in(left, ys.clone(), |p| near(p, TARGET, 40));
        assert!(green >= 20, "dpr {dpr}: no target marker at the left edge ({green} px)");
        first.remove();

        // A target inside the data's span is a line, nearly the plot's full height.
        let inside = lo + width * 8.5;
        let second = canvas(WIDTH, HEIGHT);
        let area = histogram::draw(&second, &hist_props(revenue.clone(), Some(inside))).expect("drawn");
        let px = Pixels::read(&second);
        let (xs, ys) = Pixels::region(&area, dpr);
        let (x0, x1) = (area.value.start, area.value.end);
        let tx = (xs.start as f64 + (inside - x0) / (x1 - x0) * (xs.end - xs.start) as f64).round() as i64;
        let line = (tx - 2..=tx + 2).map(|x| px.count_in(x..x + 1, ys.clone(), |p| near(p, TARGET, 40))).max().unwrap();
        assert!(line as f64 >= (ys.end - ys.start) as f64 * 0.9, "dpr {dpr}: target line {line} px");
        second.remove();
    }
    set_dpr(1.0);
}

#[wasm_bindgen_test]
fn histogram_survives_degenerate_values() {
    set_dpr(2.0);
    let cases: Vec<(&str, Vec<f64>, Option<f64>)> = vec![
        ("no runs", vec![], None),
        ("no runs, a target", vec![], Some(1000.0)),
        ("one run", vec![1234.5], None),
        ("all equal", vec![0.0; 50], Some(0.0)),
        ("negative", vec![-500.0, -20.0, 10.0, 300.0], Some(100.0)),
        ("with a NaN", vec![1.0, f64::NAN, 3.0], None),
    ];
    for (name, values, target) in cases {
        let canvas = canvas(WIDTH, HEIGHT);
        let area = histogram::draw(&canvas, &hist_props(values, target));
        let area = area.unwrap_or_else(|| panic!("{name}: not drawn"));
        let px = Pixels::read(&canvas);
        assert_eq!(px.at(1, 1), WHITE, "{name}: background");
        assert!(area.x.end > area.x.start, "{name}: {area:?}");
        canvas.remove();
    }
    set_dpr(1.0);
}

#[wasm_bindgen_test]
fn histogram_bins_count_every_run_once() {
    let (_, records, _) = example();
    let revenue: Vec<f64> = records.iter().filter_map(|r| r.outputs.kpis.get(Kpi::Revenue)).collect();
    for wanted in [1, 5, 17, 40] {
        let (lo, width, counts) = bins(&revenue, wanted);
        assert_eq!(counts.len(), wanted);
        assert_eq!(counts.iter().sum::<u32>() as usize, revenue.len());
        let min = revenue.iter().copied().fold(f64::INFINITY, f64::min);
        let max = revenue.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(lo, min);
        assert!((lo + width * wanted as f64 - max).abs() < 1e-6 * max.abs().max(1.0));
        assert!(counts[0] > 0 && counts[wanted - 1] > 0, "the extremes fall in the end bins");
    }
    assert_eq!(bins(&[], 10), (0.0, 1.0, vec![]));
    assert_eq!(bins(&[7.0, 7.0], 4).2.iter().sum::<u32>(), 2);
}
