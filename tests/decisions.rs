//! Decision variables (`engine::decision`): their text, reading and setting them on a scenario, and their errors.

use std::path::Path;

use livesim::engine::decision::{
    Decision, DecisionError, OfferField, OfferRef, Range, RangeError, parse_decision_bracket, parse_decision_delta,
    parse_decision_range,
};
use livesim::engine::scenario::{Offer, Scenario};
use livesim::engine::{check, parse};
use serde_json::json;

/// The model's example: offers 0 (discount on cream, 40-50), 1 (flash on duo, 60-70, announced at 52),
/// 2 (lead magnet at 85); five contiguous rundown blocks 0-8, 8-30, 30-50, 50-80, 80-90.
fn example() -> Scenario {
    parse(&std::fs::read_to_string(example_path()).unwrap()).unwrap()
}

fn example_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("www/scenarios/model-example.json")
}

fn d(text: &str) -> Decision {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn err(text: &str) -> String {
    text.parse::<Decision>().unwrap_err().to_string()
}

#[test]
fn the_text_names_each_setting_and_prints_back_the_same() {
    assert_eq!(d("offer:1.start"), Decision::Offer(OfferRef::Index(1), OfferField::Start));
    assert_eq!(d("offer:duo.price"), Decision::Offer(OfferRef::Item("duo".into()), OfferField::Price));
    assert_eq!(d("kit:duo.price"), Decision::KitPrice("duo".into()));
    assert_eq!(d("item:serum.stock"), Decision::ItemStock("serum".into()));
    assert_eq!(d(" paid.budget "), Decision::PaidBudget);
    assert_eq!(d("block:2.order"), Decision::BlockOrder(2));
    for text in ["offer:0.length", "offer:0.percent", "offer:1.qty", "item:cream.price", "paid.budget"] {
        assert_eq!(d(text).to_string(), text);
    }
    assert!(d("offer:1.start").is_integer() && d("item:serum.stock").is_integer() && d("block:0.order").is_integer());
    assert!(!d("offer:0.percent").is_integer() && !d("paid.budget").is_integer() && !d("kit:duo.price").is_integer());
}

#[test]
fn a_wrong_text_says_what_is_wrong() {
    let form = "expected KIND:WHO.FIELD (offer:0.start, kit:duo.price, item:serum.stock, block:2.order, \
                input:audience.direct.show_up_rate) or paid.budget";
    assert_eq!(err("offer.start"), format!("`offer.start` is not a decision: {form}"));
    assert_eq!(err("paid:x.budget"), format!("`paid:x.budget` is not a decision: {form}"));
    assert_eq!(err("offer:0"), format!("`offer:0` is not a decision: {form}"));
    assert_eq!(err("shelf:1.order"), "unknown decision kind `shelf`: expected offer, kit, item, block, input or paid");
    assert_eq!(err("offer:0.colour"), "offer has no decision `colour`: expected start, length, percent, price or qty");
    assert_eq!(err("kit:duo.stock"), "kit has no decision `stock`: expected price");
    assert_eq!(err("item:serum.qty"), "item has no decision `qty`: expected price or stock");
    assert_eq!(err("block:x.order"), "`block:x.order`: a block is named by its index in the rundown (block:0)");
    assert_eq!(err("kit:.price"), "`kit:.price`: empty name");
    assert_eq!(err("input: "), "`input:`: empty name");
}

/// Setting an input finds it where validation names it, for every input of the model
/// (the example gives them all): fixed at its own value, it reads back as that plain value,
/// and no other input moves.
#[test]
fn every_input_validation_names_can_be_set() {
    let s = example();
    let given = livesim::engine::validate::given_inputs(&s);
    // 4 direct, 2 paid, 3 organic, 6 segment rates, 4 more audience, 2 fatigue, 3 per product (2),
    // 3 of the kit, the lead magnet's signup rate, 2 urgency and scarcity, 5 checkout, 3 costs, 3 per content kind (6).
    assert_eq!(given.len(), 4 + 2 + 3 + 6 + 4 + 2 + 6 + 3 + 1 + 2 + 5 + 3 + 18);
    for input in &given {
        let fixed = d(&format!("input:{}", input.path)).apply(&s, input.value * 0.5).unwrap();
        let after = livesim::engine::validate::given_inputs(&fixed);
        let moved: Vec<_> = given.iter().zip(&after).filter(|(a, b)| a != b).map(|(_, b)| b.clone()).collect();
        assert_eq!(moved.len(), 1, "{}: {moved:?}", input.path);
        assert_eq!((moved[0].path.as_str(), moved[0].value), (input.path.as_str(), input.value * 0.5));
    }
}

/// An input is set by fixing it: the run no longer redraws it, and a correlation naming it goes.
#[test]
fn an_input_is_read_at_its_mean_and_set_by_fixing_it() {
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(example_path()).unwrap()).unwrap();
    doc["audience"]["direct"]["show_up_rate"] = json!({ "lo": 0.04, "hi": 0.08 });
    doc["audience"]["segments"]["new"]["intent_per_min"] = json!({ "lo": 0.001, "hi": 0.002 });
    doc["audience"].as_object_mut().unwrap().remove("repeat_factor");
    doc["correlations"] = json!([
        { "a": "audience.direct.show_up_rate", "b": "audience.segments.new.intent_per_min", "rho": 0.6 }
    ]);
    let s = parse(&doc.to_string()).unwrap();
    let given = livesim::engine::validate::given_inputs(&s);
    let plan = check(&s).unwrap();
    // Every range the plan redraws is a given input, at its mean.
    for input in &plan.uncertain {
        let given = given.iter().find(|g| g.path == input.path).unwrap_or_else(|| panic!("{}", input.path));
        assert_eq!(given.value, input.dist.mean(), "{}", input.path);
        assert!(given.range.is_some(), "{}", input.path);
    }
    let plain = given.iter().find(|g| g.path == "catalog[1].elasticity").unwrap();
    assert_eq!((plain.value, plain.range), (1.5, None));
    let show_up = d("input:audience.direct.show_up_rate");
    let given = given.iter().find(|g| g.path == "audience.direct.show_up_rate").unwrap();
    assert_eq!(given.range, Some((0.04, 0.08)));
    assert_eq!(show_up.to_string(), "input:audience.direct.show_up_rate");
    assert!(!show_up.is_integer());
    assert_eq!(show_up.get(&s), Some(plan.base.show_up_rate));
    assert!(plan.base.show_up_rate > 0.04 && plan.base.show_up_rate < 0.08);
    let fixed = check(&show_up.apply(&s, 0.09).unwrap()).unwrap();
    assert_eq!(fixed.base.show_up_rate, 0.09);
    assert!(fixed.uncertain.iter().all(|u| u.path != "audience.direct.show_up_rate"));
    assert_eq!(fixed.uncertain.len(), plan.uncertain.len() - 1);
    assert!(fixed.correlated.is_empty() && !plan.correlated.is_empty());
    // Everything else is as it was: fixing it again at its value in the fixed scenario changes nothing.
    let again = show_up.apply(&show_up.apply(&s, 0.09).unwrap(), 0.09).unwrap();
    assert_eq!(again, show_up.apply(&s, 0.09).unwrap());
    // A plain input inside a list, and a value the model refuses (caught by validation, not here).
    let cost = d("input:catalog[0].unit_cost");
    assert_eq!(cost.get(&s), Some(fixed.base.items[0].cost));
    assert_eq!(check(&cost.apply(&s, 7.5).unwrap()).unwrap().base.items[0].cost, 7.5);
    let too_high = show_up.apply(&s, 1.5).unwrap();
    assert_eq!(
        check(&too_high).unwrap_err().to_string(),
        "audience.direct.show_up_rate: must be between 0 and 1, got 1.5"
    );
    // What cannot be set.
    let missing = "the scenario gives no input at that path (one left to the model's default cannot be set)";
    assert_eq!(
        d("input:audience.nope").apply(&s, 1.0).unwrap_err().to_string(),
        format!("input:audience.nope: {missing}")
    );
    assert!(s.audience.repeat_factor.is_none());
    assert_eq!(d("input:audience.repeat_factor").get(&s), None);
    assert_eq!(d("input:name").get(&s), None, "a text field is not an input");
    assert_eq!(d("input:catalog[0].price").get(&s), None, "a price is a decision, not an input");
    assert_eq!(
        show_up.apply(&s, f64::NAN).unwrap_err().to_string(),
        "input:audience.direct.show_up_rate = NaN: not a number"
    );
}

#[test]
fn get_reads_the_setting_as_written() {
    let s = example();
    let get = |text: &str| d(text).get(&s);
    assert_eq!(get("offer:1.start"), Some(60.0));
    assert_eq!(get("offer:duo.start"), Some(60.0));
    assert_eq!(get("offer:1.length"), Some(10.0));
    assert_eq!(get("offer:1.price"), Some(149.9));
    assert_eq!(get("offer:1.qty"), Some(120.0));
    assert_eq!(get("offer:2.start"), Some(85.0), "a lead magnet's start is its at_min");
    assert!((get("offer:0.percent").unwrap() - 15.0).abs() < 1e-12);
    assert_eq!(get("kit:duo.price"), Some(189.9));
    assert_eq!(get("item:serum.price"), Some(129.9));
    assert_eq!(get("item:cream.stock"), Some(600.0));
    assert_eq!(get("paid.budget"), Some(3000.0));
    assert_eq!(get("block:3.order"), Some(4.0));
    assert_eq!(get("offer:9.start"), None);
}

#[test]
fn a_setting_the_scenario_lacks_is_named() {
    let s = example();
    let resolve = |text: &str| d(text).resolve(&s).unwrap_err().to_string();
    assert_eq!(resolve("offer:9.start"), "offer:9.start: no such offer");
    assert_eq!(resolve("offer:serum.start"), "offer:serum.start: no such offer");
    assert_eq!(resolve("offer:0.price"), "offer:0.price: a discount offer has no such setting");
    assert_eq!(resolve("offer:1.percent"), "offer:1.percent: a flash offer has no such setting");
    assert_eq!(resolve("offer:2.length"), "offer:2.length: a lead_magnet offer has no such setting");
    assert_eq!(resolve("kit:nope.price"), "kit:nope.price: no kit of that id");
    assert_eq!(resolve("item:duo.stock"), "item:duo.stock: no catalog product of that id");
    assert_eq!(resolve("block:5.order"), "block:5.order: no rundown block of that index");
    let mut no_paid = s.clone();
    no_paid.audience.paid = None;
    assert_eq!(
        d("paid.budget").resolve(&no_paid).unwrap_err().to_string(),
        "paid.budget: the scenario has no paid channel"
    );
    // Two offers on one item: the item no longer names one.
    let mut two = s.clone();
    two.offers.push(two.offers[0].clone());
    assert_eq!(d("offer:cream.percent").resolve(&two).unwrap_err(), DecisionError::Ambiguous("cream".into(), 2));
    assert_eq!(
        d("offer:cream.percent").resolve(&two).unwrap_err().to_string(),
        "offer:cream: 2 offers are on item cream; name one by its index (offer:0)"
    );
    // apply refuses what resolve refuses.
    assert_eq!(d("kit:nope.price").apply(&s, 1.0).unwrap_err().to_string(), "kit:nope.price: no kit of that id");
}

#[test]
fn apply_then_get_round_trips_and_applying_the_current_value_changes_nothing() {
    let s = example();
    let cases: [(&str, f64, f64); 12] = [
        ("offer:1.start", 40.0, 40.0),
        ("offer:1.length", 15.4, 15.0),
        ("offer:1.price", 139.5, 139.5),
        ("offer:1.qty", 80.6, 81.0),
        ("offer:2.start", 70.0, 70.0),
        ("offer:0.percent", 25.0, 25.0),
        ("kit:duo.price", 175.0, 175.0),
        ("item:serum.price", 119.9, 119.9),
        ("item:serum.stock", 250.49, 250.0),
        ("paid.budget", 4500.0, 4500.0),
        ("block:3.order", 2.0, 2.0),
        ("block:0.order", 5.0, 5.0),
    ];
    for (text, value, expected) in cases {
        let decision = d(text);
        let changed = decision.apply(&s, value).unwrap();
        let got = decision.get(&changed).unwrap();
        assert!((got - expected).abs() < 1e-9, "{text}: {got} != {expected}");
        check(&changed).unwrap_or_else(|e| panic!("{text} = {value}: {e}"));
        let current = decision.get(&s).unwrap();
        let same = decision.apply(&s, current).unwrap();
        if text == "offer:0.percent" {
            let Offer::Discount(dis) = &same.offers[0] else { panic!() };
            assert!((dis.pct - 0.15).abs() < 1e-15);
        } else {
            assert_eq!(same, s, "{text}");
        }
        // Everything else stays as it was.
        assert_eq!(changed.name, s.name);
        assert_eq!(changed.targets, s.targets);
    }
}

#[test]
fn moving_a_start_moves_the_window_and_its_announcement() {
    let s = example();
    let moved = d("offer:1.start").apply(&s, 40.0).unwrap();
    let Offer::Flash(f) = &moved.offers[1] else { panic!("offer 1 is the flash sale") };
    assert_eq!((f.start_min, f.end_min, f.announce_min), (40, 50, Some(32)));
    let longer = d("offer:0.length").apply(&s, 20.0).unwrap();
    let Offer::Discount(dis) = &longer.offers[0] else { panic!("offer 0 is the discount") };
    assert_eq!((dis.start_min, dis.end_min), (40, 60));
    // Past the end of the live: the validation refuses it, naming the field.
    let late = d("offer:1.start").apply(&s, 85.0).unwrap();
    let e = check(&late).unwrap_err().to_string();
    assert!(e.contains("offers[1].end_min"), "{e}");
}

#[test]
fn a_block_moves_in_the_running_order_and_the_rundown_covers_the_same_minutes() {
    let s = example();
    // Block 3 (the 30-minute offer block on the duo) to second place.
    let r = d("block:3.order").apply(&s, 2.0).unwrap().rundown;
    let layout: Vec<(u32, u32, &str, Option<&str>)> =
        r.iter().map(|b| (b.start_min, b.end_min, b.kind.as_str(), b.spotlight.as_deref())).collect();
    // Blocks keep their place in the list (and so their names); their minutes change.
    assert_eq!(
        layout,
        [
            (0, 8, "intro", None),
            (38, 60, "demo", Some("serum")),
            (60, 80, "demo", Some("cream")),
            (8, 38, "offer", Some("duo")),
            (80, 90, "closing", None),
        ]
    );
    // Gaps stay where they were: blocks 0-10 and 20-30, the second moved first.
    let mut gappy = s.clone();
    gappy.rundown.truncate(2);
    (gappy.rundown[0].start_min, gappy.rundown[0].end_min) = (0, 10);
    (gappy.rundown[1].start_min, gappy.rundown[1].end_min) = (20, 25);
    let r = d("block:1.order").apply(&gappy, 1.0).unwrap().rundown;
    assert_eq!(r.iter().map(|b| (b.start_min, b.end_min)).collect::<Vec<_>>(), [(15, 25), (0, 5)]);
}

#[test]
fn a_value_the_field_cannot_hold_is_refused_with_a_reason() {
    let s = example();
    let apply = |text: &str, v: f64| d(text).apply(&s, v).unwrap_err().to_string();
    assert_eq!(apply("item:serum.stock", -5.0), "item:serum.stock = -5: below 0");
    assert_eq!(apply("offer:1.start", f64::NAN), "offer:1.start = NaN: not a number");
    assert_eq!(apply("offer:1.start", 5.0), "offer:1.start = 5: moves the announcement before minute 0");
    assert_eq!(apply("block:1.order", 0.0), "block:1.order = 0: places start at 1");
    assert_eq!(apply("block:1.order", 9.0), "block:1.order = 9: too large");
    // A value the field holds but the model refuses: the validation's message.
    let e = check(&d("offer:0.percent").apply(&s, 150.0).unwrap()).unwrap_err().to_string();
    assert_eq!(e, "offers[0].pct: must be between 0 and 1, got 1.5");
    let e = check(&d("item:serum.price").apply(&s, -1.0).unwrap()).unwrap_err().to_string();
    assert!(e.starts_with("catalog[0].price: "), "{e}");
}

#[test]
fn ranges_and_the_command_line_forms() {
    let (decision, range) = parse_decision_range("offer:1.start=30..90:5").unwrap();
    assert_eq!((decision, range), (d("offer:1.start"), Range { from: 30.0, to: 90.0, step: 5.0 }));
    assert_eq!(range.values().unwrap().len(), 13);
    // A whole-number field steps by 1 unless told; another needs a step.
    assert_eq!(parse_decision_range("item:serum.stock=100..110").unwrap().1.values().unwrap().len(), 11);
    assert_eq!(
        parse_decision_range("paid.budget=0..5000").unwrap_err(),
        "paid.budget: `0..5000` is not a range: expected FROM..TO:STEP (a step is needed)"
    );
    assert_eq!(
        parse_decision_range("paid.budget=0..5000:0").unwrap_err(),
        "paid.budget: the step must be above 0, got 0"
    );
    assert_eq!(
        parse_decision_range("paid.budget=10..5:1").unwrap_err(),
        "paid.budget: the range runs backwards: 10 is above 5"
    );
    assert_eq!(
        parse_decision_range("item:serum.stock=0..1000").unwrap_err(),
        "item:serum.stock: the range has 1001 values; at most 201: use a larger step"
    );
    assert_eq!(parse_decision_range("paid.budget").unwrap_err(), "`paid.budget`: expected DECISION=FROM..TO[:STEP]");
    assert_eq!(
        parse_decision_range("shelf:1.x=0..1").unwrap_err(),
        "unknown decision kind `shelf`: expected offer, kit, item, block, input or paid"
    );
    assert_eq!(Range::new(1.0, 0.0, 1.0), Err(RangeError::Reversed { from: 1.0, to: 0.0 }));
    assert_eq!(parse_decision_bracket("offer:0.percent=0..40").unwrap(), (d("offer:0.percent"), 0.0, 40.0));
    assert_eq!(
        parse_decision_bracket("offer:0.percent=0-40").unwrap_err(),
        "offer:0.percent: `0-40` is not a bracket: expected FROM..TO"
    );
    assert_eq!(parse_decision_delta("offer:0.percent=5").unwrap(), (d("offer:0.percent"), 5.0));
    assert_eq!(
        parse_decision_delta("offer:0.percent=-5").unwrap_err(),
        "offer:0.percent: the delta must be a number above 0, got `-5`"
    );
    // Decisions serialise as their text.
    assert_eq!(serde_json::to_value(d("block:2.order")).unwrap(), json!("block:2.order"));
}
