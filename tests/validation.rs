//! Scenario validation: every rule of `validate.rs` names the exact field path, every problem is reported, defaults follow the model, and no input panics.

use livesim::engine::outputs::RunOutputs;
use livesim::engine::plan::{DEFAULT_CONTENT, ItemKind, OfferPlan, Slot};
use livesim::engine::uncertain::{draw_inputs, max_draw};
use livesim::engine::{Kpi, Plan, ScenarioError, ScenarioErrors, check, load, parse, simulate};
use proptest::prelude::*;
use serde_json::{Value, json};

const EXAMPLE: &str = include_str!("../www/scenarios/model-example.json");

fn example() -> Value {
    serde_json::from_str(EXAMPLE).expect("the model example is JSON")
}

/// The value at a path like `catalog[0].price` or `kits[0].components.serum`,
/// creating missing object keys (so a mutation can add a field).
fn at<'a>(v: &'a mut Value, path: &str) -> &'a mut Value {
    let mut cur = v;
    for part in path.split('.') {
        let (key, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            cur = cur
                .as_object_mut()
                .unwrap_or_else(|| panic!("{path}: not an object"))
                .entry(key)
                .or_insert(Value::Null);
        }
        for ix in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            let ix: usize = ix.parse().expect("an index");
            cur = cur.get_mut(ix).unwrap_or_else(|| panic!("{path}: no index {ix}"));
        }
    }
    cur
}

/// Removes the field at `path` (the last segment must be a key).
fn remove(v: &mut Value, path: &str) {
    let (parent, key) = match path.rfind('.') {
        Some(i) => (at(v, &path[..i]), &path[i + 1..]),
        None => (v, path),
    };
    assert!(parent.as_object_mut().expect("an object").remove(key).is_some(), "{path} was not there");
}

fn push(v: &mut Value, path: &str, item: Value) {
    at(v, path).as_array_mut().expect("an array").push(item);
}

fn product(id: &str) -> Value {
    json!({ "id": id, "name": "Toner", "price": 49.9, "unit_cost": 12, "stock": 100 })
}

fn kit(id: &str, components: Value) -> Value {
    json!({ "id": id, "name": "Another kit", "components": components, "price": 99.0 })
}

/// `(path, rendered problem)` of every error, or nothing when the scenario is valid.
fn problems(v: &Value) -> Vec<(String, String)> {
    match load(&v.to_string()) {
        Ok(_) => Vec::new(),
        Err(ScenarioErrors(errors)) => errors.iter().map(|e| (e.path.clone(), e.problem.to_string())).collect(),
    }
}

fn valid(v: &Value) -> Plan {
    load(&v.to_string()).unwrap_or_else(|e| panic!("expected a valid scenario, got:\n{e}"))
}

type Mutation = fn(&mut Value);

/// Each case is one mutation of the model example that breaks exactly one rule:
/// it must give exactly one error, at `path`, rendering as `message`.
fn assert_cases(cases: &[(&str, Mutation, &str, &str)]) {
    let mut failures = Vec::new();
    for &(what, mutate, path, message) in cases {
        let mut v = example();
        mutate(&mut v);
        let got = problems(&v);
        if got != [(path.to_string(), message.to_string())] {
            failures.push(format!("{what}:\n  expected {path}: {message}\n  got      {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_model_example_is_valid() {
    let plan = valid(&example());
    assert_eq!(plan.name, "Autumn skincare live");
    assert_eq!(plan.duration, 90);
    assert_eq!(plan.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["serum", "cream", "duo"]);
}

#[test]
fn top_level_and_catalog_rules() {
    assert_cases(&[
        ("empty name", |v| *at(v, "name") = json!(""), "name", "must not be empty"),
        ("blank name", |v| *at(v, "name") = json!("  \t"), "name", "must not be empty"),
        ("duration 0", |v| *at(v, "duration_min") = json!(0), "duration_min", "must be between 1 and 600, got 0"),
        ("duration 601", |v| *at(v, "duration_min") = json!(601), "duration_min", "must be between 1 and 600, got 601"),
        (
            "lower-case currency",
            |v| *at(v, "currency") = json!("brl"),
            "currency",
            "\"brl\" is not an ISO 4217 code (three capital letters, e.g. BRL)",
        ),
        (
            "four-letter currency",
            |v| *at(v, "currency") = json!("EURO"),
            "currency",
            "\"EURO\" is not an ISO 4217 code (three capital letters, e.g. BRL)",
        ),
        (
            "empty currency",
            |v| *at(v, "currency") = json!(""),
            "currency",
            "\"\" is not an ISO 4217 code (three capital letters, e.g. BRL)",
        ),
        ("empty product id", |v| push(v, "catalog", product("")), "catalog[2].id", "must not be empty"),
        ("blank product id", |v| push(v, "catalog", product(" ")), "catalog[2].id", "must not be empty"),
        (
            "duplicate product id",
            |v| push(v, "catalog", product("cream")),
            "catalog[2].id",
            "id \"cream\" is used more than once (products and kits share ids)",
        ),
        (
            "kit id taken by a product",
            |v| push(v, "kits", kit("serum", json!({ "cream": 2 }))),
            "kits[1].id",
            "id \"serum\" is used more than once (products and kits share ids)",
        ),
        (
            "duplicate kit id",
            |v| push(v, "kits", kit("duo", json!({ "cream": 2 }))),
            "kits[1].id",
            "id \"duo\" is used more than once (products and kits share ids)",
        ),
        ("negative price", |v| *at(v, "catalog[0].price") = json!(-5), "catalog[0].price", "must be >= 0, got -5"),
        (
            "huge price",
            |v| *at(v, "catalog[1].price") = json!(2e12),
            "catalog[1].price",
            "must be <= 1000000000000, got 2000000000000",
        ),
        (
            "huge stock",
            |v| *at(v, "catalog[0].stock") = json!(2_000_000_000_000u64),
            "catalog[0].stock",
            "must be <= 1000000000000, got 2000000000000",
        ),
        (
            "negative unit cost",
            |v| *at(v, "catalog[0].unit_cost") = json!(-1),
            "catalog[0].unit_cost",
            "must be >= 0, got -1",
        ),
        (
            "huge unit cost",
            |v| *at(v, "catalog[0].unit_cost") = json!(1e13),
            "catalog[0].unit_cost",
            "must be <= 1000000000000, got 10000000000000",
        ),
        (
            "negative appeal",
            |v| *at(v, "catalog[0].appeal") = json!(-0.5),
            "catalog[0].appeal",
            "must be >= 0, got -0.5",
        ),
        (
            "negative elasticity",
            |v| *at(v, "catalog[1].elasticity") = json!(-1.5),
            "catalog[1].elasticity",
            "must be >= 0, got -1.5",
        ),
        ("unknown target", |v| *at(v, "targets.revenu") = json!(1), "targets.revenu", "unknown output \"revenu\""),
    ]);
}

#[test]
fn kit_rules() {
    assert_cases(&[
        ("negative kit price", |v| *at(v, "kits[0].price") = json!(-1), "kits[0].price", "must be >= 0, got -1"),
        (
            "kit without components",
            |v| *at(v, "kits[0].components") = json!({}),
            "kits[0].components",
            "a kit needs at least one component",
        ),
        (
            "unknown component",
            |v| *at(v, "kits[0].components.toner") = json!(1),
            "kits[0].components.toner",
            "no item \"toner\"",
        ),
        (
            "kit inside a kit",
            |v| push(v, "kits", kit("trio", json!({ "duo": 1, "serum": 1 }))),
            "kits[1].components.duo",
            "\"duo\" is a kit; kit components must be catalog products",
        ),
        (
            "zero quantity",
            |v| *at(v, "kits[0].components.serum") = json!(0),
            "kits[0].components.serum",
            "must be >= 1, got 0",
        ),
        (
            "huge quantity",
            |v| *at(v, "kits[0].components.cream") = json!(1_000_000_000_001u64),
            "kits[0].components.cream",
            "must be <= 1000000000000, got 1000000000001",
        ),
        (
            "negative bonus cost",
            |v| *at(v, "kits[0].bonus_cost") = json!(-6),
            "kits[0].bonus_cost",
            "must be >= 0, got -6",
        ),
        ("negative kit appeal", |v| *at(v, "kits[0].appeal") = json!(-1), "kits[0].appeal", "must be >= 0, got -1"),
        (
            "negative kit elasticity",
            |v| *at(v, "kits[0].elasticity") = json!(-2),
            "kits[0].elasticity",
            "must be >= 0, got -2",
        ),
    ]);
}

#[test]
fn content_and_rundown_rules() {
    assert_cases(&[
        (
            "negative leave factor",
            |v| *at(v, "content.demo.leave") = json!(-1),
            "content.demo.leave",
            "must be >= 0, got -1",
        ),
        (
            "negative intent factor",
            |v| *at(v, "content.offer.intent") = json!(-0.1),
            "content.offer.intent",
            "must be >= 0, got -0.1",
        ),
        ("negative chat factor", |v| *at(v, "content.qa.chat") = json!(-2), "content.qa.chat", "must be >= 0, got -2"),
        (
            "negative factor of a declared kind",
            |v| *at(v, "content.pitch") = json!({ "chat": -3 }),
            "content.pitch.chat",
            "must be >= 0, got -3",
        ),
        (
            "block past the end",
            |v| *at(v, "rundown[4].end_min") = json!(91),
            "rundown[4].end_min",
            "must be <= duration_min (90), got 91",
        ),
        (
            "empty block",
            |v| *at(v, "rundown[0].start_min") = json!(8),
            "rundown[0].start_min",
            "start_min must be < end_min, got 8 and 8",
        ),
        (
            "reversed block",
            |v| *at(v, "rundown[1].start_min") = json!(31),
            "rundown[1].start_min",
            "start_min must be < end_min, got 31 and 30",
        ),
        (
            "unknown kind",
            |v| *at(v, "rundown[0].kind") = json!("dance"),
            "rundown[0].kind",
            "unknown content kind \"dance\" (use one of the six built-in kinds or declare it in content)",
        ),
        (
            "unknown spotlight",
            |v| *at(v, "rundown[1].spotlight") = json!("toner"),
            "rundown[1].spotlight",
            "no item \"toner\"",
        ),
    ]);
}

#[test]
fn offer_rules() {
    assert_cases(&[
        ("discount on no item", |v| *at(v, "offers[0].item") = json!("toner"), "offers[0].item", "no item \"toner\""),
        ("flash on no item", |v| *at(v, "offers[1].item") = json!("duo2"), "offers[1].item", "no item \"duo2\""),
        (
            "discount over 100 %",
            |v| *at(v, "offers[0].pct") = json!(1.5),
            "offers[0].pct",
            "must be between 0 and 1, got 1.5",
        ),
        (
            "negative discount",
            |v| *at(v, "offers[0].pct") = json!(-0.1),
            "offers[0].pct",
            "must be between 0 and 1, got -0.1",
        ),
        (
            "discount past the end",
            |v| *at(v, "offers[0].end_min") = json!(95),
            "offers[0].end_min",
            "must be <= duration_min (90), got 95",
        ),
        (
            "empty discount window",
            |v| *at(v, "offers[0].start_min") = json!(50),
            "offers[0].start_min",
            "start_min must be < end_min, got 50 and 50",
        ),
        (
            "discount announced at its start",
            |v| *at(v, "offers[0].announce_min") = json!(40),
            "offers[0].announce_min",
            "must be < start_min (40), got 40",
        ),
        (
            "flash announced after its start",
            |v| *at(v, "offers[1].announce_min") = json!(61),
            "offers[1].announce_min",
            "must be < start_min (60), got 61",
        ),
        ("negative flash price", |v| *at(v, "offers[1].price") = json!(-1), "offers[1].price", "must be >= 0, got -1"),
        (
            "huge flash quantity",
            |v| *at(v, "offers[1].qty") = json!(5_000_000_000_000u64),
            "offers[1].qty",
            "must be <= 1000000000000, got 5000000000000",
        ),
        (
            "flash past the end",
            |v| *at(v, "offers[1].end_min") = json!(91),
            "offers[1].end_min",
            "must be <= duration_min (90), got 91",
        ),
        (
            "reversed flash window",
            |v| *at(v, "offers[1].start_min") = json!(75),
            "offers[1].start_min",
            "start_min must be < end_min, got 75 and 70",
        ),
        (
            "lead magnet at the end",
            |v| *at(v, "offers[2].at_min") = json!(90),
            "offers[2].at_min",
            "must be a minute of the live, 0 to 89, got 90",
        ),
        (
            "signup rate over 1",
            |v| *at(v, "offers[2].signup_rate") = json!(1.5),
            "offers[2].signup_rate",
            "must be between 0 and 1, got 1.5",
        ),
    ]);
}

#[test]
fn audience_rules() {
    assert_cases(&[
        (
            "negative followers",
            |v| *at(v, "audience.direct.followers") = json!(-1),
            "audience.direct.followers",
            "must be >= 0, got -1",
        ),
        (
            "huge followers",
            |v| *at(v, "audience.direct.followers") = json!(1e13),
            "audience.direct.followers",
            "must be <= 1000000000000, got 10000000000000",
        ),
        (
            "show-up rate over 1",
            |v| *at(v, "audience.direct.show_up_rate") = json!(1.2),
            "audience.direct.show_up_rate",
            "must be between 0 and 1, got 1.2",
        ),
        (
            "negative arrival tau",
            |v| *at(v, "audience.direct.arrival_tau_min") = json!(-1),
            "audience.direct.arrival_tau_min",
            "must be >= 0, got -1",
        ),
        (
            "negative direct returning share",
            |v| *at(v, "audience.direct.returning_share") = json!(-0.1),
            "audience.direct.returning_share",
            "must be between 0 and 1, got -0.1",
        ),
        (
            "negative budget",
            |v| *at(v, "audience.paid.budget") = json!(-1),
            "audience.paid.budget",
            "must be >= 0, got -1",
        ),
        (
            "huge budget",
            |v| *at(v, "audience.paid.budget") = json!(2e12),
            "audience.paid.budget",
            "must be <= 1000000000000, got 2000000000000",
        ),
        (
            "zero cost per visit",
            |v| *at(v, "audience.paid.cost_per_visit") = json!(0),
            "audience.paid.cost_per_visit",
            "must be > 0, got 0",
        ),
        (
            "negative cost per visit",
            |v| *at(v, "audience.paid.cost_per_visit") = json!(-0.5),
            "audience.paid.cost_per_visit",
            "must be > 0, got -0.5",
        ),
        (
            "no cost per visit with a budget",
            |v| remove(v, "audience.paid.cost_per_visit"),
            "audience.paid.cost_per_visit",
            "required when budget > 0",
        ),
        (
            "cost per visit that may draw 0",
            |v| *at(v, "audience.paid.cost_per_visit") = json!({ "lo": 0, "hi": 1, "dist": "uniform" }),
            "audience.paid.cost_per_visit",
            "must stay > 0: use a range with lo > 0 that is lognormal, uniform or triangular",
        ),
        (
            "cost per visit as a normal range",
            |v| *at(v, "audience.paid.cost_per_visit") = json!({ "lo": 0.4, "hi": 0.6, "dist": "normal" }),
            "audience.paid.cost_per_visit",
            "must stay > 0: use a range with lo > 0 that is lognormal, uniform or triangular",
        ),
        (
            "cost per visit range below 0",
            |v| *at(v, "audience.paid.cost_per_visit") = json!({ "lo": -1, "hi": 1 }),
            "audience.paid.cost_per_visit.lo",
            "must be >= 0, got -1",
        ),
        (
            "paid window past the end",
            |v| *at(v, "audience.paid.end_min") = json!(100),
            "audience.paid.end_min",
            "must be <= duration_min (90), got 100",
        ),
        (
            "empty paid window",
            |v| *at(v, "audience.paid.start_min") = json!(60),
            "audience.paid.start_min",
            "start_min must be < end_min, got 60 and 60",
        ),
        (
            "empty default paid window",
            |v| {
                remove(v, "audience.paid.end_min");
                *at(v, "audience.paid.start_min") = json!(90);
            },
            "audience.paid.start_min",
            "start_min must be < end_min, got 90 and 90",
        ),
        (
            "paid returning share over 1",
            |v| *at(v, "audience.paid.returning_share") = json!(1.5),
            "audience.paid.returning_share",
            "must be between 0 and 1, got 1.5",
        ),
        (
            "negative organic base",
            |v| *at(v, "audience.organic.base_per_min") = json!(-30),
            "audience.organic.base_per_min",
            "must be >= 0, got -30",
        ),
        (
            "negative engagement boost",
            |v| *at(v, "audience.organic.engagement_boost") = json!(-1),
            "audience.organic.engagement_boost",
            "must be >= 0, got -1",
        ),
        (
            "organic returning share over 1",
            |v| *at(v, "audience.organic.returning_share") = json!(2),
            "audience.organic.returning_share",
            "must be between 0 and 1, got 2",
        ),
        (
            "new intent over 1",
            |v| *at(v, "audience.segments.new.intent_per_min") = json!(1.5),
            "audience.segments.new.intent_per_min",
            "must be between 0 and 1, got 1.5",
        ),
        (
            "new leave below 0",
            |v| *at(v, "audience.segments.new.leave_per_min") = json!(-0.1),
            "audience.segments.new.leave_per_min",
            "must be between 0 and 1, got -0.1",
        ),
        (
            "returning chat over 1",
            |v| *at(v, "audience.segments.returning.chat_per_min") = json!(1.1),
            "audience.segments.returning.chat_per_min",
            "must be between 0 and 1, got 1.1",
        ),
        (
            "returning intent below 0",
            |v| *at(v, "audience.segments.returning.intent_per_min") = json!(-1),
            "audience.segments.returning.intent_per_min",
            "must be between 0 and 1, got -1",
        ),
        (
            "background share over 1",
            |v| *at(v, "audience.background_share") = json!(1.5),
            "audience.background_share",
            "must be between 0 and 1, got 1.5",
        ),
        (
            "negative repeat factor",
            |v| *at(v, "audience.repeat_factor") = json!(-0.3),
            "audience.repeat_factor",
            "must be >= 0, got -0.3",
        ),
        (
            "negative buyer leave factor",
            |v| *at(v, "audience.buyer_leave_factor") = json!(-1.2),
            "audience.buyer_leave_factor",
            "must be >= 0, got -1.2",
        ),
        (
            "announce hold over 1",
            |v| *at(v, "audience.announce_hold") = json!(1.2),
            "audience.announce_hold",
            "must be between 0 and 1, got 1.2",
        ),
        (
            "fatigue after the end",
            |v| *at(v, "audience.fatigue.after_min") = json!(91),
            "audience.fatigue.after_min",
            "must be <= duration_min (90), got 91",
        ),
        (
            "negative fatigue leave",
            |v| *at(v, "audience.fatigue.leave_multiplier") = json!(-1.4),
            "audience.fatigue.leave_multiplier",
            "must be >= 0, got -1.4",
        ),
        (
            "negative fatigue intent",
            |v| *at(v, "audience.fatigue.intent_multiplier") = json!(-0.75),
            "audience.fatigue.intent_multiplier",
            "must be >= 0, got -0.75",
        ),
    ]);
}

#[test]
fn urgency_checkout_and_cost_rules() {
    assert_cases(&[
        (
            "negative flash uplift",
            |v| *at(v, "urgency.flash_uplift") = json!(-0.8),
            "urgency.flash_uplift",
            "must be >= 0, got -0.8",
        ),
        (
            "negative scarcity uplift",
            |v| *at(v, "scarcity.uplift") = json!(-0.3),
            "scarcity.uplift",
            "must be >= 0, got -0.3",
        ),
        (
            "base abandon over 1",
            |v| *at(v, "checkout.base_abandon") = json!(1.1),
            "checkout.base_abandon",
            "must be between 0 and 1, got 1.1",
        ),
        (
            "negative threshold price",
            |v| *at(v, "checkout.threshold_price") = json!(-500),
            "checkout.threshold_price",
            "must be >= 0, got -500",
        ),
        (
            "threshold extra over 1",
            |v| *at(v, "checkout.threshold_extra") = json!(1.5),
            "checkout.threshold_extra",
            "must be between 0 and 1, got 1.5",
        ),
        (
            "negative payment delay",
            |v| *at(v, "checkout.payment_delay_min") = json!(-1),
            "checkout.payment_delay_min",
            "must be >= 0, got -1",
        ),
        (
            "abandon per delay over 1",
            |v| *at(v, "checkout.abandon_per_delay_min") = json!(2),
            "checkout.abandon_per_delay_min",
            "must be between 0 and 1, got 2",
        ),
        (
            "empty method name",
            |v| *at(v, "checkout.methods[0].name") = json!(""),
            "checkout.methods[0].name",
            "must not be empty",
        ),
        (
            "blank method name",
            |v| *at(v, "checkout.methods[1].name") = json!(" "),
            "checkout.methods[1].name",
            "must not be empty",
        ),
        (
            "negative method fee",
            |v| *at(v, "checkout.methods[0].fee_pct") = json!(-0.01),
            "checkout.methods[0].fee_pct",
            "must be between 0 and 1, got -0.01",
        ),
        (
            "method shares below 1",
            |v| *at(v, "checkout.methods[1].share") = json!(0.25),
            "checkout.methods",
            "method shares must sum to 1, got 0.8",
        ),
        (
            "method shares above 1",
            |v| push(v, "checkout.methods", json!({ "name": "boleto", "share": 0.5, "fee_pct": 0.02 })),
            "checkout.methods",
            "method shares must sum to 1, got 1.5",
        ),
        (
            "commission over 1",
            |v| *at(v, "costs.commission_pct") = json!(1.5),
            "costs.commission_pct",
            "must be between 0 and 1, got 1.5",
        ),
        (
            "negative shipping",
            |v| *at(v, "costs.shipping_per_order") = json!(-9),
            "costs.shipping_per_order",
            "must be >= 0, got -9",
        ),
        ("negative fixed costs", |v| *at(v, "costs.fixed") = json!(-2500), "costs.fixed", "must be >= 0, got -2500"),
        (
            "huge fixed costs",
            |v| *at(v, "costs.fixed") = json!(1e15),
            "costs.fixed",
            "must be <= 1000000000000, got 1e15",
        ),
    ]);
}

#[test]
fn range_rules() {
    assert_cases(&[
        (
            "lo above hi",
            |v| *at(v, "audience.direct.show_up_rate") = json!({ "lo": 0.08, "hi": 0.04 }),
            "audience.direct.show_up_rate",
            "lo must be <= hi, got lo 0.08 and hi 0.04",
        ),
        (
            "lognormal from 0",
            |v| *at(v, "audience.direct.show_up_rate") = json!({ "lo": 0, "hi": 0.1, "dist": "lognormal" }),
            "audience.direct.show_up_rate",
            "a lognormal range needs lo > 0, got 0",
        ),
        (
            "triangular without mode",
            |v| *at(v, "content.demo.intent") = json!({ "lo": 1, "hi": 2, "dist": "triangular" }),
            "content.demo.intent",
            "a triangular range needs a mode",
        ),
        (
            "mode outside the range",
            |v| *at(v, "catalog[0].appeal") = json!({ "lo": 1, "hi": 2, "dist": "triangular", "mode": 3 }),
            "catalog[0].appeal",
            "mode must be within lo..=hi, got 3 outside 1..=2",
        ),
        (
            "mode without triangular",
            |v| *at(v, "costs.fixed") = json!({ "lo": 1000, "hi": 3000, "dist": "uniform", "mode": 2000 }),
            "costs.fixed",
            "mode is only used with \"dist\": \"triangular\"",
        ),
        (
            "mode of an implicit lognormal",
            |v| *at(v, "costs.fixed") = json!({ "lo": 1000, "hi": 3000, "mode": 2000 }),
            "costs.fixed",
            "mode is only used with \"dist\": \"triangular\"",
        ),
        (
            "share range above 1",
            |v| *at(v, "audience.direct.show_up_rate") = json!({ "lo": 0.1, "hi": 1.5 }),
            "audience.direct.show_up_rate.hi",
            "must be between 0 and 1, got 1.5",
        ),
        (
            "share range below 0",
            |v| *at(v, "audience.announce_hold") = json!({ "lo": -0.1, "hi": 0.5, "dist": "uniform" }),
            "audience.announce_hold.lo",
            "must be between 0 and 1, got -0.1",
        ),
        (
            "share mode outside [0, 1]",
            |v| *at(v, "checkout.base_abandon") = json!({ "lo": 0.1, "hi": 0.5, "dist": "triangular", "mode": 1.5 }),
            "checkout.base_abandon.mode",
            "must be between 0 and 1, got 1.5",
        ),
        (
            "multiplier range below 0",
            |v| *at(v, "kits[0].appeal") = json!({ "lo": -1, "hi": 1, "dist": "uniform" }),
            "kits[0].appeal.lo",
            "must be >= 0, got -1",
        ),
        (
            "money range too large",
            |v| *at(v, "catalog[1].unit_cost") = json!({ "lo": 10, "hi": 2e12 }),
            "catalog[1].unit_cost.hi",
            "must be <= 1000000000000, got 2000000000000",
        ),
        (
            "lo above hi in a lead magnet",
            |v| *at(v, "offers[2].signup_rate") = json!({ "lo": 0.2, "hi": 0.1 }),
            "offers[2].signup_rate",
            "lo must be <= hi, got lo 0.2 and hi 0.1",
        ),
    ]);
}

#[test]
fn limits_beyond_the_contract() {
    // Multipliers, uplifts, elasticities and times are at most 10^4 (money and
    // counts 10^12, above); numbers print as a person reads them.
    assert_cases(&[
        (
            "huge chat factor",
            |v| *at(v, "content.demo.chat") = json!(1e300),
            "content.demo.chat",
            "must be <= 10000, got 1e300",
        ),
        (
            "elasticity over the limit",
            |v| *at(v, "catalog[0].elasticity") = json!(10001),
            "catalog[0].elasticity",
            "must be <= 10000, got 10001",
        ),
        (
            "engagement boost over the limit",
            |v| *at(v, "audience.organic.engagement_boost") = json!(2e4),
            "audience.organic.engagement_boost",
            "must be <= 10000, got 20000",
        ),
        (
            "arrival tau over the limit",
            |v| *at(v, "audience.direct.arrival_tau_min") = json!(1e5),
            "audience.direct.arrival_tau_min",
            "must be <= 10000, got 100000",
        ),
        (
            "payment delay over the limit",
            |v| *at(v, "checkout.payment_delay_min") = json!(f64::MAX),
            "checkout.payment_delay_min",
            "must be <= 10000, got 1.7976931348623157e308",
        ),
        (
            "appeal range over the limit",
            |v| *at(v, "kits[0].appeal") = json!({ "lo": 1, "hi": 2e4 }),
            "kits[0].appeal.hi",
            "must be <= 10000, got 20000",
        ),
        (
            "tiny negative price",
            |v| *at(v, "catalog[0].price") = json!(-1e-7),
            "catalog[0].price",
            "must be >= 0, got -1e-7",
        ),
        (
            "huge negative cost",
            |v| *at(v, "costs.shipping_per_order") = json!(-1e300),
            "costs.shipping_per_order",
            "must be >= 0, got -1e300",
        ),
        (
            "cost per visit over the money limit",
            |v| *at(v, "audience.paid.cost_per_visit") = json!(1e13),
            "audience.paid.cost_per_visit",
            "must be <= 1000000000000, got 10000000000000",
        ),
    ]);
    // The limits themselves are accepted.
    let mut v = example();
    *at(&mut v, "content.demo.chat") = json!(1e4);
    *at(&mut v, "audience.direct.arrival_tau_min") = json!(1e4);
    *at(&mut v, "catalog[0].unit_cost") = json!(1e12);
    *at(&mut v, "kits[0].appeal") = json!({ "lo": 1, "hi": 1e4 });
    let plan = valid(&v);
    assert_outputs_sane(&plan, &simulate(&plan, 4, 0).outputs).expect("sane outputs");
}

#[test]
fn draws_stay_within_what_validation_accepts() {
    // Wide lognormals: 5 % of draws fall above `hi`, some far above any limit.
    let mut v = example();
    *at(&mut v, "catalog[0].unit_cost") = json!({ "lo": 1e-300, "hi": 1e12 });
    *at(&mut v, "content.demo.chat") = json!({ "lo": 1e-300, "hi": 1e4 });
    *at(&mut v, "audience.segments.new.chat_per_min") = json!({ "lo": 1e-300, "hi": 1 });
    *at(&mut v, "audience.direct.show_up_rate") = json!({ "lo": 1e-300, "hi": 1 });
    let plan = valid(&v);
    let slots: Vec<Slot> = plan.uncertain.iter().map(|u| u.slot).collect();
    assert_eq!(slots.len(), 4);
    let caps: Vec<f64> = slots.iter().map(|&s| max_draw(s)).collect();
    assert_eq!(caps, [1e12, 1e4, 1.0, 1e4], "{slots:?}");
    let mut at_cap = [0; 4];
    let mut chat_above_1 = 0;
    for run in 0..2000 {
        let draws = draw_inputs(&plan, 5, run);
        for (i, (&d, &cap)) in draws.iter().zip(&caps).enumerate() {
            assert!((0.0..=cap).contains(&d), "{:?} drew {d}", slots[i]);
            if d == cap {
                at_cap[i] += 1;
            }
        }
        // A chat rate is the one segment rate that is not a probability (model 6).
        if draws[3] > 1.0 {
            chat_above_1 += 1;
        }
    }
    // P(above hi) = 5 %: about 100 of 2000 at the cap, none below 40.
    for (i, n) in at_cap.iter().enumerate() {
        assert!(*n > 40, "{:?}: {n} draws at the cap", slots[i]);
    }
    assert!(chat_above_1 > 40, "{chat_above_1}");
    for run in 0..20 {
        assert_outputs_sane(&plan, &simulate(&plan, 5, run).outputs).expect("sane outputs");
    }
}

#[test]
fn a_problem_that_breaks_two_rules_reports_both() {
    // A share out of range also throws the sum off.
    let mut v = example();
    *at(&mut v, "checkout.methods[0].share") = json!(1.5);
    assert_eq!(
        problems(&v),
        [
            ("checkout.methods[0].share".to_string(), "must be between 0 and 1, got 1.5".to_string()),
            ("checkout.methods".to_string(), "method shares must sum to 1, got 1.95".to_string()),
        ]
    );
}

#[test]
fn check_refuses_what_parse_cannot_produce() {
    // `check` takes any `Scenario`, including one built in code.
    let mut s = parse(EXAMPLE).expect("valid");
    s.schema = "livesim/2".into();
    let err = check(&s).expect_err("another schema");
    assert_eq!(
        err.to_string(),
        "schema: unsupported schema \"livesim/2\": this version of livesim reads \"livesim/1\""
    );

    let mut s = parse(EXAMPLE).expect("valid");
    s.catalog[0].price = f64::NAN;
    s.offers.retain(|o| !matches!(o, livesim::engine::scenario::Offer::Flash(_)));
    if let livesim::engine::scenario::Offer::Discount(d) = &mut s.offers[0] {
        d.pct = f64::INFINITY;
    }
    let err = check(&s).expect_err("not finite");
    let rendered: Vec<String> = err.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        rendered,
        ["catalog[0].price: must be a finite number, got NaN", "offers[0].pct: must be between 0 and 1, got inf"]
    );
}

#[test]
fn errors_render_as_path_colon_problem() {
    let e = ScenarioError {
        path: "catalog[2].price".into(),
        problem: livesim::engine::validate::Problem::AtLeast { min: 0.0, got: -5.0 },
    };
    assert_eq!(e.to_string(), "catalog[2].price: must be >= 0, got -5");
    let whole = ScenarioError { path: String::new(), problem: livesim::engine::validate::Problem::EmptyText };
    assert_eq!(whole.to_string(), "must not be empty");
    assert_eq!(ScenarioErrors(vec![e, whole]).to_string(), "catalog[2].price: must be >= 0, got -5\nmust not be empty");
}

// ---------------------------------------------------------------------------
// Structural errors: parsing stops at the first one and names its path.

fn parse_error(text: &str) -> ScenarioError {
    let err = parse(text).expect_err("a structural error");
    assert_eq!(err.0.len(), 1, "parsing stops at the first problem: {err}");
    // `load` reports the same thing.
    assert_eq!(load(text).expect_err("same error"), err);
    err.0.into_iter().next().expect("one error")
}

fn mutated_parse_error(mutate: impl FnOnce(&mut Value)) -> ScenarioError {
    let mut v = example();
    mutate(&mut v);
    parse_error(&v.to_string())
}

#[track_caller]
fn assert_error(e: &ScenarioError, path: &str, message_has: &str) {
    assert_eq!(e.path, path, "path of {e}");
    let message = e.problem.to_string();
    assert!(message.contains(message_has), "{path}: {message:?} should contain {message_has:?}");
    if path.is_empty() {
        assert_eq!(e.to_string(), message);
    } else {
        assert_eq!(e.to_string(), format!("{path}: {message}"));
    }
}

#[test]
fn invalid_json_is_refused_with_its_position() {
    assert_error(&parse_error("{"), "", "EOF while parsing an object at line 1 column 1");
    assert_error(&parse_error(""), "", "EOF while parsing a value");
    assert_error(&parse_error("{\"schema\": \"livesim/1\",}"), "", "trailing comma at line 1 column 24");
    assert_error(&parse_error(&EXAMPLE.replace("\"BRL\",", "\"BRL\"")), "", "expected `,` or `}` at line 5");
    // Numbers beyond f64 are not JSON serde can read.
    assert_error(
        &parse_error("{\"schema\": \"livesim/1\", \"name\": \"a\", \"duration_min\": 1e400}"),
        "",
        "number out of range",
    );
}

#[test]
fn a_non_object_or_a_wrong_schema_is_refused_first() {
    for text in ["[]", "null", "42", "\"livesim/1\""] {
        assert_error(&parse_error(text), "", "a scenario must be a JSON object");
    }
    assert_error(&parse_error("{}"), "schema", "required (\"livesim/1\")");
    assert_error(&parse_error("{\"schema\": 1}"), "schema", "must be the string \"livesim/1\"");
    // Another schema is named, and its (unknown) fields are not listed.
    let e = mutated_parse_error(|v| {
        *at(v, "schema") = json!("livesim/2");
        *at(v, "new_thing") = json!(true);
    });
    assert_error(&e, "schema", "unsupported schema \"livesim/2\": this version of livesim reads \"livesim/1\"");
    let e = mutated_parse_error(|v| *at(v, "schema") = json!("livesim/1 "));
    assert_error(&e, "schema", "unsupported schema \"livesim/1 \"");
}

#[test]
fn a_wrong_type_names_the_field() {
    let cases: [(Mutation, &str, &str); 15] = [
        (|v| *at(v, "duration_min") = json!("90"), "duration_min", "invalid type: string \"90\", expected u32"),
        (|v| *at(v, "duration_min") = json!(90.5), "duration_min", "invalid type: floating point `90.5`, expected u32"),
        (|v| *at(v, "duration_min") = json!(-1), "duration_min", "invalid value: integer `-1`, expected u32"),
        (|v| *at(v, "name") = json!(null), "name", "invalid type: null, expected a string"),
        (
            |v| *at(v, "catalog[0].price") = json!("cheap"),
            "catalog[0].price",
            "invalid type: string \"cheap\", expected f64",
        ),
        (|v| *at(v, "catalog[1].stock") = json!(-1), "catalog[1].stock", "invalid value: integer `-1`, expected u64"),
        (|v| *at(v, "catalog") = json!({}), "catalog", "invalid type: map, expected a sequence"),
        (|v| *at(v, "inventory_sync") = json!(1), "inventory_sync", "invalid type: integer `1`, expected a boolean"),
        (|v| *at(v, "targets.revenue") = json!("a lot"), "targets.revenue", "expected f64"),
        (|v| *at(v, "kits[0].components.serum") = json!(1.5), "kits[0].components.serum", "expected u64"),
        (
            |v| *at(v, "audience.direct.show_up_rate") = json!("6%"),
            "audience.direct.show_up_rate",
            "expected a number or a range {\"lo\": .., \"hi\": ..}",
        ),
        (
            |v| *at(v, "audience.direct.followers") = json!({ "lo": 1, "hi": 2, "dist": "beta" }),
            "audience.direct.followers.dist",
            "invalid value: string \"beta\", expected one of \"uniform\", \"normal\", \"lognormal\", \"triangular\"",
        ),
        // A value of the wrong type says what is allowed too (not serde_json's bare "expected value").
        (
            |v| *at(v, "audience.direct.followers") = json!({ "lo": 1, "hi": 2, "dist": 90 }),
            "audience.direct.followers.dist",
            "invalid type: integer `90`, expected one of \"uniform\", \"normal\", \"lognormal\", \"triangular\"",
        ),
        // Inside an offer, the field at fault is named, not just the offer.
        (|v| *at(v, "offers[0].pct") = json!("15%"), "offers[0].pct", "invalid type: string \"15%\", expected f64"),
        (|v| *at(v, "offers[2].signup_rate") = json!([0.05]), "offers[2].signup_rate", "expected a number or a range"),
    ];
    for (mutate, path, message) in cases {
        assert_error(&mutated_parse_error(mutate), path, message);
    }
}

#[test]
fn an_unknown_field_is_refused_at_its_path() {
    let cases: [(Mutation, &str, &str); 9] = [
        (|v| *at(v, "colour") = json!("red"), "colour", "unknown field `colour`, expected one of `schema`, `name`"),
        (
            |v| *at(v, "catalog[0].colour") = json!("red"),
            "catalog[0].colour",
            "unknown field `colour`, expected one of `id`",
        ),
        (|v| *at(v, "audience.direct.folowers") = json!(1), "audience.direct.folowers", "unknown field `folowers`"),
        (|v| *at(v, "audience.segments.old") = json!({}), "audience.segments.old", "unknown field `old`"),
        (|v| *at(v, "content.demo.colour") = json!(1), "content.demo.colour", "unknown field `colour`"),
        (
            |v| *at(v, "audience.direct.show_up_rate") = json!({ "lo": 0.1, "hi": 0.2, "sd": 1 }),
            "audience.direct.show_up_rate.sd",
            "unknown field `sd`",
        ),
        (
            |v| *at(v, "offers[2].signup_rate") = json!({ "lo": 0.1, "hi": 0.2, "sd": 1 }),
            "offers[2].signup_rate.sd",
            "unknown field `sd`",
        ),
        (
            |v| *at(v, "offers[1].colour") = json!("red"),
            "offers[1].colour",
            "unknown field `colour`, expected one of `item`, `price`",
        ),
        (
            |v| *at(v, "offers[0].kind") = json!("bundle"),
            "offers[0].kind",
            "unknown variant `bundle`, expected one of `discount`, `flash`, `lead_magnet`",
        ),
    ];
    for (mutate, path, message) in cases {
        assert_error(&mutated_parse_error(mutate), path, message);
    }
}

#[test]
fn a_missing_required_field_is_named() {
    let cases: [(&str, &str); 12] = [
        ("name", "missing field `name`"),
        ("duration_min", "missing field `duration_min`"),
        ("catalog[0].price", "missing field `price`"),
        ("catalog[1].stock", "missing field `stock`"),
        ("kits[0].components", "missing field `components`"),
        ("rundown[2].kind", "missing field `kind`"),
        ("audience.direct.show_up_rate", "missing field `show_up_rate`"),
        ("audience.paid.budget", "missing field `budget`"),
        ("audience.organic.base_per_min", "missing field `base_per_min`"),
        ("audience.fatigue.after_min", "missing field `after_min`"),
        ("offers[1].qty", "missing field `qty`"),
        ("offers[2].kind", "missing field `kind`"),
    ];
    for (path, message) in cases {
        assert_error(&mutated_parse_error(|v| remove(v, path)), path, message);
    }
    // A range needs both bounds.
    let e = mutated_parse_error(|v| *at(v, "audience.direct.show_up_rate") = json!({ "lo": 0.1 }));
    assert_error(&e, "audience.direct.show_up_rate.hi", "missing field `hi`");
}

#[test]
fn notes_are_allowed_on_objects() {
    let mut v = example();
    *at(&mut v, "x") = json!({ "author": "ana", "todo": ["check stock"] });
    *at(&mut v, "audience.x") = json!("paid numbers from last live");
    *at(&mut v, "audience.direct.x") = json!(1);
    *at(&mut v, "catalog[0].x") = json!(null);
    *at(&mut v, "kits[0].x") = json!("bundle");
    *at(&mut v, "rundown[0].x") = json!("warm-up");
    *at(&mut v, "offers[1].x") = json!("ask the brand");
    *at(&mut v, "checkout.methods[0].x") = json!("instant");
    *at(&mut v, "content.demo.x") = json!("");
    assert_eq!(valid(&v), valid(&example()));
    // A range is an object too.
    *at(&mut v, "audience.direct.show_up_rate") = json!({ "lo": 0.04, "hi": 0.08, "x": "last three lives" });
    let plan = valid(&v);
    assert_eq!(plan.uncertain[0].path, "audience.direct.show_up_rate");
}

// ---------------------------------------------------------------------------
// Every problem at once.

#[test]
fn every_problem_is_reported_in_a_stable_order() {
    let mut v = example();
    // Listed here out of file order on purpose.
    *at(&mut v, "targets.revenu") = json!(1);
    *at(&mut v, "costs.fixed") = json!(-1);
    *at(&mut v, "checkout.methods[1].fee_pct") = json!(2);
    *at(&mut v, "audience.fatigue.after_min") = json!(200);
    *at(&mut v, "audience.direct.show_up_rate") = json!(1.5);
    *at(&mut v, "offers[0].pct") = json!(2);
    *at(&mut v, "rundown[0].kind") = json!("dance");
    *at(&mut v, "rundown[1].spotlight") = json!("toner");
    *at(&mut v, "content.qa.chat") = json!(-1);
    *at(&mut v, "kits[0].components.toner") = json!(1);
    *at(&mut v, "catalog[1].price") = json!(-1);
    *at(&mut v, "currency") = json!("reais");
    *at(&mut v, "name") = json!("");
    let expected = [
        "name: must not be empty",
        "currency: \"reais\" is not an ISO 4217 code (three capital letters, e.g. BRL)",
        "catalog[1].price: must be >= 0, got -1",
        "kits[0].components.toner: no item \"toner\"",
        "content.qa.chat: must be >= 0, got -1",
        "rundown[0].kind: unknown content kind \"dance\" (use one of the six built-in kinds or declare it in content)",
        "rundown[1].spotlight: no item \"toner\"",
        "offers[0].pct: must be between 0 and 1, got 2",
        "audience.direct.show_up_rate: must be between 0 and 1, got 1.5",
        "audience.fatigue.after_min: must be <= duration_min (90), got 200",
        "checkout.methods[1].fee_pct: must be between 0 and 1, got 2",
        "costs.fixed: must be >= 0, got -1",
        "targets.revenu: unknown output \"revenu\"",
    ];
    let text = v.to_string();
    let err = load(&text).expect_err("invalid");
    assert_eq!(err.to_string(), expected.join("\n"));
    // The same file, again and re-serialised with another key order, gives the same list.
    assert_eq!(load(&text).expect_err("invalid"), err);
    let pretty = serde_json::to_string_pretty(&v).expect("JSON");
    assert_eq!(load(&pretty).expect_err("invalid"), err);
    assert_eq!(check(&parse(&text).expect("parses")).expect_err("invalid"), err);
}

#[test]
fn an_invalid_duration_does_not_bury_the_report_in_window_errors() {
    // The model example's windows all fit in 90 minutes; a duration of 0 or 601
    // is one mistake, and every window is left unchecked against it.
    for d in [0, 601, 10_000] {
        let mut v = example();
        *at(&mut v, "duration_min") = json!(d);
        *at(&mut v, "rundown[2].start_min") = json!(50);
        assert_eq!(
            problems(&v),
            [
                ("duration_min".to_string(), format!("must be between 1 and 600, got {d}")),
                ("rundown[2].start_min".to_string(), "start_min must be < end_min, got 50 and 50".to_string()),
            ]
        );
    }
}

// ---------------------------------------------------------------------------
// Edges that are valid.

#[test]
fn boundary_values_are_accepted() {
    let mut v = example();
    *at(&mut v, "rundown[4].end_min") = json!(90);
    *at(&mut v, "audience.fatigue.after_min") = json!(90);
    *at(&mut v, "offers[2].at_min") = json!(89);
    *at(&mut v, "offers[1].announce_min") = json!(59);
    *at(&mut v, "offers[0].pct") = json!(1);
    *at(&mut v, "offers[1].price") = json!(0);
    *at(&mut v, "offers[1].qty") = json!(0);
    *at(&mut v, "catalog[0].stock") = json!(0);
    *at(&mut v, "catalog[1].price") = json!(1e12);
    *at(&mut v, "audience.direct.show_up_rate") = json!(1);
    *at(&mut v, "audience.direct.arrival_tau_min") = json!(0);
    *at(&mut v, "audience.background_share") = json!(0);
    *at(&mut v, "audience.repeat_factor") = json!(0);
    *at(&mut v, "content.pitch") = json!({});
    *at(&mut v, "rundown[0].kind") = json!("pitch");
    *at(&mut v, "checkout.methods") = json!([
        { "name": "a", "share": 0.3333333, "fee_pct": 0 },
        { "name": "b", "share": 0.3333333, "fee_pct": 1 },
        { "name": "c", "share": 0.3333334, "fee_pct": 0.5 },
    ]);
    *at(&mut v, "audience.segments.new.intent_per_min") = json!({ "lo": 0, "hi": 1, "dist": "uniform" });
    *at(&mut v, "content.demo.intent") = json!({ "lo": 1, "hi": 1, "dist": "triangular", "mode": 1 });
    *at(&mut v, "costs.fixed") = json!({ "lo": 0, "hi": 5000 });
    *at(&mut v, "targets") = json!({ "cac": 50, "stockout_lost": 0, "contribution": -1e9 });
    let plan = valid(&v);
    assert_eq!(plan.base.fatigue_after, 90);
    assert_eq!(plan.kinds[plan.blocks[0].kind], "pitch");
    assert!((plan.fee_rate - (0.3333333 + 0.5 * 0.3333334)).abs() < 1e-12);
    assert_eq!(plan.targets.len(), 3);
    // Lead magnets and windows at the edges still run.
    let out = simulate(&plan, 1, 0).outputs;
    assert_outputs_sane(&plan, &out).expect("sane outputs");
}

#[test]
fn a_zero_budget_needs_no_cost_per_visit() {
    let mut v = example();
    *at(&mut v, "audience.paid") = json!({ "budget": 0 });
    let plan = valid(&v);
    assert_eq!(plan.ad_spend, 0.0);
    assert_eq!(plan.paid_window, Some((0, 90)));
    // The contract asks cost_per_visit > 0 only when budget > 0; with no
    // budget a cost of 0, even a range that may draw 0, is fine.
    *at(&mut v, "audience.paid.cost_per_visit") = json!(0);
    valid(&v);
    *at(&mut v, "audience.paid.cost_per_visit") = json!({ "lo": 0, "hi": 1, "dist": "uniform" });
    let plan = valid(&v);
    for run in 0..5 {
        let out = simulate(&plan, 3, run).outputs;
        assert_eq!(out.channels[1].arrivals, 0, "no budget, no paid visitors");
        assert_outputs_sane(&plan, &out).expect("sane outputs");
    }
    // ... but a cost per visit is still a cost: never negative.
    *at(&mut v, "audience.paid.cost_per_visit") = json!(-1);
    assert_eq!(problems(&v), [("audience.paid.cost_per_visit".to_string(), "must be >= 0, got -1".to_string())]);
}

// ---------------------------------------------------------------------------
// Defaults.

#[test]
fn a_minimal_scenario_gets_the_model_defaults() {
    let plan = load(r#"{ "schema": "livesim/1", "name": "Minimal", "duration_min": 30 }"#).expect("valid");
    assert_eq!(plan.currency, "USD");
    assert_eq!(plan.duration, 30);
    assert!(plan.items.is_empty() && plan.blocks.is_empty() && plan.offers.is_empty() && plan.targets.is_empty());
    assert_eq!(plan.paid_window, None);
    assert_eq!(plan.ad_spend, 0.0);
    assert_eq!(plan.show_below, 0);
    assert!(plan.inventory_sync);
    assert_eq!(plan.fee_rate, 0.0);
    assert!(plan.uncertain.is_empty());
    let b = &plan.base;
    // Omitted channels bring nobody.
    assert_eq!((b.followers, b.show_up_rate, b.base_per_min), (0.0, 0.0, 0.0));
    assert_eq!([b.segments[0].intent, b.segments[0].leave, b.segments[0].chat], [0.002, 0.07, 0.04]);
    assert_eq!([b.segments[1].intent, b.segments[1].leave, b.segments[1].chat], [0.004, 0.04, 0.10]);
    assert_eq!(b.background_share, 0.15);
    assert_eq!(b.repeat_factor, 0.3);
    assert_eq!(b.buyer_leave_factor, 1.2);
    assert_eq!(b.announce_hold, 0.3);
    assert_eq!((b.fatigue_after, b.fatigue_leave, b.fatigue_intent), (30, 1.0, 1.0));
    assert_eq!(b.flash_uplift, 0.8);
    assert_eq!(b.scarcity_uplift, 0.0);
    assert_eq!(b.base_abandon, 0.2);
    assert_eq!(b.threshold_price, f64::INFINITY);
    assert_eq!((b.threshold_extra, b.payment_delay, b.abandon_per_delay), (0.0, 0.0, 0.0));
    assert_eq!((b.commission_pct, b.shipping_per_order, b.fixed_costs), (0.0, 0.0, 0.0));
    assert_eq!(plan.kinds, DEFAULT_CONTENT.map(|(k, _)| k.to_string()));
    for (c, (_, [leave, intent, chat])) in b.content.iter().zip(DEFAULT_CONTENT) {
        assert_eq!([c.leave, c.intent, c.chat], [leave, intent, chat]);
    }
    // The contract's example content table is the default one.
    let ex = valid(&example());
    assert_eq!(ex.base.content, b.content);

    // A run of nobody: counts are 0 and every ratio is absent, never NaN.
    let out = simulate(&plan, 9, 0).outputs;
    assert_eq!(out.minutes.len(), 30);
    assert_eq!(out.kpis.get(Kpi::UniqueViewers), Some(0.0));
    assert_eq!(out.kpis.get(Kpi::Revenue), Some(0.0));
    assert_eq!(out.kpis.get(Kpi::Contribution), Some(0.0));
    for kpi in
        [Kpi::AvgWatchMin, Kpi::AbandonmentRate, Kpi::ConversionRate, Kpi::Aov, Kpi::Roas, Kpi::Cac, Kpi::CostPerLead]
    {
        assert_eq!(out.kpis.get(kpi), None, "{kpi:?}");
    }
}

#[test]
fn omitted_fields_default_one_by_one() {
    let plan = load(
        r#"{
        "schema": "livesim/1", "name": "Partial", "duration_min": 40,
        "audience": {
            "direct": { "followers": 1000, "show_up_rate": 0.1 },
            "paid": { "budget": 100, "cost_per_visit": 0.5 },
            "organic": { "base_per_min": 3 },
            "segments": { "new": { "leave_per_min": 0.05 }, "returning": { "chat_per_min": 0.2 } },
            "fatigue": { "after_min": 20 }
        },
        "catalog": [ { "id": "a", "name": "A", "price": 10, "unit_cost": 4, "stock": 5 } ],
        "kits": [ { "id": "k", "name": "K", "components": { "a": 2 }, "price": 15 } ],
        "offers": [ { "kind": "discount", "item": "a", "pct": 0.1, "start_min": 5, "end_min": 10 } ],
        "content": { "demo": { "chat": 3 }, "pitch": { "intent": 2 } },
        "checkout": { "threshold_price": 100 },
        "scarcity": { "show_below": 3 }
    }"#,
    )
    .expect("valid");
    let b = &plan.base;
    assert_eq!((b.followers, b.show_up_rate, b.arrival_tau), (1000.0, 0.1, 10.0));
    assert_eq!(b.returning_share, [0.8, 0.1, 0.3]);
    assert_eq!((b.base_per_min, b.engagement_boost), (3.0, 0.0));
    assert_eq!(plan.paid_window, Some((0, 40)));
    assert_eq!(plan.ad_spend, 100.0);
    assert_eq!(b.cost_per_visit, 0.5);
    assert_eq!([b.segments[0].intent, b.segments[0].leave, b.segments[0].chat], [0.002, 0.05, 0.04]);
    assert_eq!([b.segments[1].intent, b.segments[1].leave, b.segments[1].chat], [0.004, 0.04, 0.2]);
    assert_eq!((b.fatigue_after, b.fatigue_leave, b.fatigue_intent), (20, 1.0, 1.0));
    // Product: appeal 1, elasticity 1.5; kit: bonus cost 0, appeal 1, elasticity 1.5.
    assert_eq!([b.items[0].cost, b.items[0].appeal, b.items[0].elasticity], [4.0, 1.0, 1.5]);
    assert_eq!([b.items[1].cost, b.items[1].appeal, b.items[1].elasticity], [0.0, 1.0, 1.5]);
    assert_eq!(plan.items[1].kind, ItemKind::Kit { components: vec![(0, 2)] });
    assert_eq!(plan.offers, [OfferPlan::Discount { item: 0, pct: 0.1, start: 5, end: 10, announce: None }]);
    // Each content factor overrides its default on its own; a declared kind starts at 1, 1, 1.
    let demo = &b.content[plan.kind_index("demo").expect("demo")];
    assert_eq!([demo.leave, demo.intent, demo.chat], [0.75, 1.2, 3.0]);
    let pitch = &b.content[plan.kind_index("pitch").expect("pitch")];
    assert_eq!([pitch.leave, pitch.intent, pitch.chat], [1.0, 2.0, 1.0]);
    assert_eq!((b.threshold_price, b.threshold_extra), (100.0, 0.0));
    assert_eq!((plan.show_below, b.scarcity_uplift, b.flash_uplift), (3, 0.0, 0.8));
}

// ---------------------------------------------------------------------------
// Never panics, never NaN.

const RATIOS: [Kpi; 7] =
    [Kpi::AvgWatchMin, Kpi::AbandonmentRate, Kpi::ConversionRate, Kpi::Aov, Kpi::Roas, Kpi::Cac, Kpi::CostPerLead];

/// Every KPI is finite or absent, and absent only when it is a ratio whose
/// denominator is 0 (an absent count or sum would be one that was not finite).
fn assert_outputs_sane(plan: &Plan, out: &RunOutputs) -> Result<(), TestCaseError> {
    let k = &out.kpis;
    for kpi in Kpi::ALL {
        match k.get(kpi) {
            Some(v) => prop_assert!(v.is_finite(), "{kpi:?} = {v}"),
            None => prop_assert!(RATIOS.contains(&kpi), "{kpi:?} is absent: it was not finite"),
        }
    }
    let count = |kpi| k.get(kpi).unwrap_or(f64::NAN);
    let expect_ratio = |kpi: Kpi, den: f64| -> Result<(), TestCaseError> {
        prop_assert_eq!(k.get(kpi).is_some(), den > 0.0, "{:?} with denominator {}", kpi, den);
        Ok(())
    };
    expect_ratio(Kpi::AvgWatchMin, count(Kpi::UniqueViewers))?;
    expect_ratio(Kpi::ConversionRate, count(Kpi::UniqueViewers))?;
    expect_ratio(Kpi::AbandonmentRate, count(Kpi::Intents))?;
    expect_ratio(Kpi::Aov, count(Kpi::Orders))?;
    expect_ratio(Kpi::Roas, count(Kpi::AdSpend))?;
    expect_ratio(Kpi::Cac, count(Kpi::BuyersNew))?;
    expect_ratio(Kpi::CostPerLead, count(Kpi::Leads))?;
    prop_assert_eq!(out.minutes.len(), plan.duration as usize);
    prop_assert!(out.minutes.iter().all(|m| m.revenue.is_finite()), "a minute's revenue is not finite");
    prop_assert!(out.items.iter().all(|i| i.revenue.is_finite()), "an item's revenue is not finite");
    prop_assert!(out.channels.iter().all(|c| c.revenue.is_finite()), "a channel's revenue is not finite");
    Ok(())
}

/// Parses, checks and, when valid, runs one simulation of `text`.
fn run_if_valid(text: &str, seed: u64) -> Result<bool, TestCaseError> {
    let Ok(scenario) = parse(text) else { return Ok(false) };
    let plan = match check(&scenario) {
        Ok(plan) => plan,
        Err(errors) => {
            prop_assert!(!errors.0.is_empty(), "an error list is never empty");
            return Ok(false);
        }
    };
    let loaded = load(text);
    prop_assert_eq!(loaded.as_ref(), Ok(&plan));
    let record = simulate(&plan, seed, 0);
    assert_outputs_sane(&plan, &record.outputs)?;
    Ok(true)
}

/// Every path of the model example (objects and arrays included), as segments.
fn example_paths() -> Vec<Vec<Seg>> {
    fn walk(v: &Value, prefix: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    prefix.push(Seg::Key(k.clone()));
                    out.push(prefix.clone());
                    walk(child, prefix, out);
                    prefix.pop();
                }
            }
            Value::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    prefix.push(Seg::Index(i));
                    out.push(prefix.clone());
                    walk(child, prefix, out);
                    prefix.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&example(), &mut Vec::new(), &mut out);
    out
}

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Clone, Debug)]
enum Edit {
    Set(usize, Value),
    Remove(usize),
}

/// Applies `edit` when its path still exists (an earlier edit may have replaced a parent).
fn apply(v: &mut Value, path: &[Seg], edit: &Edit) {
    let Some((last, parent_path)) = path.split_last() else { return };
    let mut cur = v;
    for seg in parent_path {
        let next = match seg {
            Seg::Key(k) => cur.get_mut(k.as_str()),
            Seg::Index(i) => cur.get_mut(*i),
        };
        let Some(next) = next else { return };
        cur = next;
    }
    match (last, edit) {
        (Seg::Key(k), Edit::Set(_, value)) => {
            if let Some(m) = cur.as_object_mut() {
                m.insert(k.clone(), value.clone());
            }
        }
        (Seg::Index(i), Edit::Set(_, value)) => {
            if let Some(slot) = cur.get_mut(*i) {
                *slot = value.clone();
            }
        }
        (Seg::Key(k), Edit::Remove(_)) => {
            if let Some(m) = cur.as_object_mut() {
                m.remove(k);
            }
        }
        (Seg::Index(i), Edit::Remove(_)) => {
            if let Some(a) = cur.as_array_mut() {
                if *i < a.len() {
                    a.remove(*i);
                }
            }
        }
    }
}

/// Numbers a scenario may meet: edges of every domain, huge, tiny, negative, fractional.
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            1.5,
            1e-300,
            5e-324,
            0.1,
            1e6,
            1e12,
            1e12 + 1.0,
            1e15,
            1e300,
            -1e300,
            f64::MAX,
            f64::MIN,
            89.0,
            90.0,
            91.0,
            600.0,
            601.0,
        ])
        .prop_map(|x| json!(x)),
        any::<f64>().prop_map(|x| json!(x)),
        (-1000.0..1000.0f64).prop_map(|x| json!(x)),
        (0.0..=1.0f64).prop_map(|x| json!(x)),
        any::<i64>().prop_map(|x| json!(x)),
        any::<u64>().prop_map(|x| json!(x)),
        (0u64..200).prop_map(|x| json!(x)),
    ]
}

/// Any JSON value, biased towards what a scenario holds.
fn json_value() -> impl Strategy<Value = Value> {
    let dist = prop::option::of(prop::sample::select(vec!["uniform", "normal", "lognormal", "triangular", "beta"]));
    let range = (number(), number(), dist, prop::option::of(number())).prop_map(|(lo, hi, dist, mode)| {
        let mut r = json!({ "lo": lo, "hi": hi });
        if let Some(d) = dist {
            r["dist"] = json!(d);
        }
        if let Some(m) = mode {
            r["mode"] = m;
        }
        r
    });
    let text = prop_oneof![
        prop::sample::select(vec![
            "",
            " ",
            "serum",
            "cream",
            "duo",
            "demo",
            "talk",
            "pitch",
            "livesim/1",
            "BRL",
            "discount",
            "flash",
            "lead_magnet",
            "uniform",
            "x",
            "revenue",
        ])
        .prop_map(|s| json!(s)),
        ".{0,12}".prop_map(|s| json!(s)),
    ];
    let leaf = prop_oneof![
        4 => number(),
        2 => range,
        2 => text,
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(|b| json!(b)),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec!["lo", "hi", "id", "name", "kind", "x", "serum", "start_min", "price"]),
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

fn edit(n_paths: usize) -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0..n_paths, json_value()).prop_map(|(p, v)| Edit::Set(p, v)),
        4 => (0..n_paths, number()).prop_map(|(p, v)| Edit::Set(p, v)),
        1 => (0..n_paths).prop_map(Edit::Remove),
    ]
}

/// A numeric leaf of the example set to an edge value: mostly valid, so the run is reached.
fn numeric_leaves() -> Vec<Vec<Seg>> {
    let root = example();
    example_paths()
        .into_iter()
        .filter(|p| {
            let mut cur = &root;
            for seg in p {
                cur = match seg {
                    Seg::Key(k) => &cur[k.as_str()],
                    Seg::Index(i) => &cur[*i],
                };
            }
            cur.is_number()
        })
        .collect()
}

fn edge_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        // The edges of every domain: shares, multipliers (<= 10^4), money and counts (<= 10^12).
        4 => prop::sample::select(vec![0.0, 1.0, 1e-300, 1e-9, 0.999_999, 1e3, 1e4])
            .prop_map(|x| json!(x)),
        1 => prop::sample::select(vec![1e6, 1e9, 1e12, 1e15, 1e300, f64::MAX]).prop_map(|x| json!(x)),
        2 => (0u32..=90).prop_map(|x| json!(x)),
        1 => (0u32..=600).prop_map(|x| json!(x)),
        2 => (0.0..=1.0f64).prop_map(|x| json!(x)),
        1 => (0.0..=1e12f64).prop_map(|x| json!(x)),
        // A wide range, drawn per run: its tails go far beyond its bounds.
        2 => (prop::sample::select(vec![1e-300, 1e-6, 0.5, 1.0]), prop::sample::select(vec![1.0, 1e4, 1e12]))
            .prop_map(|(lo, hi): (f64, f64)| json!({ "lo": lo.min(hi), "hi": hi })),
        1 => (prop::sample::select(vec![1e-300, 1e-6, 0.5]), prop::sample::select(vec![0.5, 1.0]))
            .prop_map(|(lo, hi): (f64, f64)| json!({ "lo": lo.min(hi), "hi": hi, "dist": "triangular", "mode": hi })),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>(), seed in any::<u64>()) {
        run_if_valid(&text, seed)?;
    }

    #[test]
    fn json_like_text_never_panics(text in "[{}\\[\\]\":,0-9a-z_./ -]{0,80}", seed in any::<u64>()) {
        run_if_valid(&text, seed)?;
        run_if_valid(&format!("{{\"schema\":\"livesim/1\",\"name\":\"t\",\"duration_min\":5,{text}"), seed)?;
    }

    #[test]
    fn random_edits_of_the_example_never_panic(
        edits in prop::collection::vec(edit(example_paths().len()), 1..4),
        seed in any::<u64>(),
    ) {
        let paths = example_paths();
        let mut v = example();
        for e in &edits {
            let (Edit::Set(p, _) | Edit::Remove(p)) = e;
            apply(&mut v, &paths[*p], e);
        }
        run_if_valid(&v.to_string(), seed)?;
        // The pretty form reads the same.
        let pretty = serde_json::to_string_pretty(&v).expect("JSON");
        prop_assert_eq!(parse(&pretty), parse(&v.to_string()));
    }

    #[test]
    fn extreme_valid_numbers_never_give_nan_or_panic(
        edits in prop::collection::vec((0..numeric_leaves().len(), edge_number()), 1..3),
        seed in any::<u64>(),
    ) {
        let leaves = numeric_leaves();
        let mut v = example();
        for (p, value) in edits {
            apply(&mut v, &leaves[p], &Edit::Set(0, value));
        }
        run_if_valid(&v.to_string(), seed)?;
    }
}
