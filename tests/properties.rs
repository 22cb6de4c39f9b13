//! Property tests: invariants of every run of every valid scenario, and of the Monte Carlo summary.

use livesim::engine::outputs::{Kpi, Series};
use livesim::engine::plan::ItemKind;
use livesim::engine::{Plan, Session, load, simulate_chunked, simulate_plans, simulate_range, summarize};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A number, or now and then a range around it.
fn maybe_range(lo: f64, hi: f64) -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => (lo..=hi).prop_map(|v| json!(v)),
        1 => (lo..=hi, 0.0..=1.0f64).prop_map(move |(a, w)| {
            let b = a + w * (hi - a);
            if a > 0.0 { json!({ "lo": a, "hi": b }) } else { json!({ "lo": a, "hi": b, "dist": "uniform" }) }
        }),
    ]
}

fn window(duration: u32) -> impl Strategy<Value = (u32, u32)> {
    (0..duration).prop_flat_map(move |s| (Just(s), s + 1..=duration))
}

prop_compose! {
    fn product(i: usize)(price in 0.0..500.0f64, cost in maybe_range(0.0, 200.0), stock in 0u64..400,
                         appeal in maybe_range(0.0, 3.0), elasticity in maybe_range(0.0, 4.0)) -> Value {
        json!({ "id": format!("p{i}"), "name": format!("Product {i}"), "price": price, "unit_cost": cost,
                "stock": stock, "appeal": appeal, "elasticity": elasticity })
    }
}

prop_compose! {
    fn scenario()(duration in 1u32..90, n_products in 0usize..4, n_kits in 0usize..3)
                 (duration in Just(duration),
                  products in (0..n_products).map(product).collect::<Vec<_>>(),
                  kit_parts in prop::collection::vec((0usize..4, 1u64..4, 0usize..4, 1u64..3, 0.0..600.0f64), n_kits),
                  followers in maybe_range(0.0, 50_000.0), show_up in maybe_range(0.0, 0.2),
                  tau in maybe_range(0.0, 30.0), budget in 0.0..2000.0f64, cpv in 0.05..2.0f64,
                  paid_window in window(duration), base_per_min in maybe_range(0.0, 60.0),
                  boost in maybe_range(0.0, 3.0), intent in maybe_range(0.0, 0.05), leave in maybe_range(0.0, 0.3),
                  chat in maybe_range(0.0, 0.5), hold in maybe_range(0.0, 1.0),
                  blocks in prop::collection::vec((window(duration), 0usize..7, 0usize..8), 0..4),
                  offers in prop::collection::vec((0usize..3, window(duration), 0usize..8, 0.0..1.0f64, 0u64..60), 0..4),
                  abandon in maybe_range(0.0, 0.6), threshold in 0.0..400.0f64, extra in 0.0..0.5f64,
                  sync in any::<bool>(), show_below in 0u64..30, commission in maybe_range(0.0, 0.2),
                  fixed in maybe_range(0.0, 3000.0)) -> Value {
        let n_products = products.len();
        let kits: Vec<Value> = if n_products == 0 { vec![] } else {
            kit_parts.iter().enumerate().map(|(k, &(a, qa, b, qb, price))| {
                let mut components = serde_json::Map::new();
                components.insert(format!("p{}", a % n_products), json!(qa));
                components.insert(format!("p{}", b % n_products), json!(qb));
                json!({ "id": format!("k{k}"), "name": format!("Kit {k}"), "components": components, "price": price,
                        "bonus_cost": 1.5 })
            }).collect()
        };
        let ids: Vec<String> = (0..n_products).map(|i| format!("p{i}")).chain((0..kits.len()).map(|k| format!("k{k}"))).collect();
        let kinds = ["intro", "demo", "talk", "qa", "offer", "closing", "pitch"];
        let rundown: Vec<Value> = blocks.iter().map(|&((s, e), kind, spot)| {
            let mut b = json!({ "start_min": s, "end_min": e, "kind": kinds[kind] });
            if !ids.is_empty() && spot < ids.len() { b["spotlight"] = json!(ids[spot]); }
            b
        }).collect();
        let offers: Vec<Value> = offers.iter().filter_map(|&(kind, (s, e), item, x, qty)| {
            match kind {
                0 if !ids.is_empty() => Some(json!({ "kind": "discount", "item": ids[item % ids.len()], "pct": x,
                                                      "start_min": s, "end_min": e })),
                1 if !ids.is_empty() => {
                    let mut f = json!({ "kind": "flash", "item": ids[item % ids.len()], "price": x * 300.0, "qty": qty,
                                        "start_min": s, "end_min": e });
                    if s > 0 { f["announce_min"] = json!(s - 1); }
                    Some(f)
                }
                2 => Some(json!({ "kind": "lead_magnet", "at_min": s, "signup_rate": x })),
                _ => None,
            }
        }).collect();
        json!({
            "schema": "livesim/1", "name": "property", "duration_min": duration, "currency": "BRL",
            "targets": { "revenue": 1000, "cac": 50, "conversion_rate": 0.01 },
            "audience": {
                "direct": { "followers": followers, "show_up_rate": show_up, "arrival_tau_min": tau },
                "paid": { "budget": budget, "cost_per_visit": cpv, "start_min": paid_window.0, "end_min": paid_window.1 },
                "organic": { "base_per_min": base_per_min, "engagement_boost": boost },
                "segments": { "new": { "intent_per_min": intent, "leave_per_min": leave, "chat_per_min": chat } },
                "announce_hold": hold,
                "fatigue": { "after_min": duration / 2, "leave_multiplier": 1.3, "intent_multiplier": 0.8 }
            },
            "catalog": products, "kits": kits, "rundown": rundown, "offers": offers,
            "scarcity": { "show_below": show_below, "uplift": 0.3 },
            "checkout": { "base_abandon": abandon, "threshold_price": threshold, "threshold_extra": extra,
                          "methods": [{ "name": "pix", "share": 0.6, "fee_pct": 0.01 }, { "name": "card", "share": 0.4, "fee_pct": 0.04 }] },
            "costs": { "commission_pct": commission, "shipping_per_order": 7, "fixed": fixed },
            "inventory_sync": sync,
            "content": { "pitch": { "intent": 1.4 } }
        })
    }
}

fn valid(v: &Value) -> Plan {
    load(&v.to_string()).unwrap_or_else(|e| panic!("generated scenario is invalid:\n{e}\n{v}"))
}

fn initial_stock(plan: &Plan) -> Vec<u64> {
    plan.items
        .iter()
        .map(|i| match i.kind {
            ItemKind::Product { stock } => stock,
            ItemKind::Kit { .. } => 0,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_run_keeps_the_books(v in scenario(), run in 0u64..1000) {
        let plan = valid(&v);
        let mut session = Session::new(&plan, 7, run);
        session.run_to_end();
        let o = session.outputs();
        let k = |kpi: Kpi| o.kpis.get(kpi);

        // Stock: what products and kits took never exceeds what there was,
        // and what is left is exactly the difference.
        let stock = initial_stock(&plan);
        let mut taken = vec![0u64; stock.len()];
        for (i, item) in plan.items.iter().enumerate() {
            match &item.kind {
                ItemKind::Product { .. } => taken[i] += o.items[i].orders,
                ItemKind::Kit { components } => {
                    for &(p, q) in components { taken[p] += o.items[i].orders * q; }
                }
            }
        }
        for (p, &s) in stock.iter().enumerate() {
            if matches!(plan.items[p].kind, ItemKind::Product { .. }) {
                prop_assert!(taken[p] <= s, "product {p}: sold {} of {s}", taken[p]);
                prop_assert_eq!(session.available(p), s - taken[p]);
            }
        }

        // Counts are consistent.
        let unique = k(Kpi::UniqueViewers).unwrap();
        prop_assert!(k(Kpi::Buyers).unwrap() <= unique);
        prop_assert!(k(Kpi::Orders).unwrap() <= k(Kpi::Intents).unwrap());
        prop_assert_eq!(k(Kpi::Orders).unwrap() + k(Kpi::CartAbandoned).unwrap() + k(Kpi::StockoutLost).unwrap()
            + k(Kpi::OversoldCancelled).unwrap(), k(Kpi::Intents).unwrap());
        prop_assert_eq!(k(Kpi::Buyers).unwrap(), k(Kpi::BuyersNew).unwrap() + k(Kpi::BuyersReturning).unwrap());
        prop_assert!(k(Kpi::PeakViewers).unwrap() <= unique);
        let arrivals: u64 = o.channels.iter().map(|c| c.arrivals).sum();
        prop_assert_eq!(arrivals as f64, unique);

        // Revenue is the sum of the prices paid: by item, by minute, by
        // channel, and list price less the discounts given.
        let revenue = k(Kpi::Revenue).unwrap();
        let tol = 1e-9 * revenue.max(1.0);
        let by_item: f64 = o.items.iter().map(|i| i.revenue).sum();
        let by_minute: f64 = o.minutes.iter().map(|m| m.revenue).sum();
        let by_channel: f64 = o.channels.iter().map(|c| c.revenue).sum();
        let at_list: f64 = o.items.iter().zip(&plan.items).map(|(io, it)| io.orders as f64 * it.price).sum();
        prop_assert!((by_item - revenue).abs() <= tol);
        prop_assert!((by_minute - revenue).abs() <= tol);
        prop_assert!((by_channel - revenue).abs() <= tol);
        prop_assert!((at_list - k(Kpi::DiscountGiven).unwrap() - revenue).abs() <= tol * 10.0);
        let orders_by_item: u64 = o.items.iter().map(|i| i.orders).sum();
        prop_assert_eq!(orders_by_item as f64, k(Kpi::Orders).unwrap());

        // No NaN or infinity anywhere; ratios are absent exactly when their denominator is 0.
        for kpi in Kpi::ALL {
            if let Some(x) = k(kpi) { prop_assert!(x.is_finite(), "{} = {x}", kpi.name()); }
        }
        prop_assert_eq!(k(Kpi::Aov).is_none(), k(Kpi::Orders) == Some(0.0));
        prop_assert_eq!(k(Kpi::ConversionRate).is_none(), unique == 0.0);
        for m in &o.minutes {
            for s in Series::ALL { prop_assert!(m.value(s).is_finite()); }
        }
        prop_assert_eq!(o.minutes.len(), plan.duration as usize);
    }

    #[test]
    fn the_summary_depends_only_on_seed_and_runs(v in scenario(), seed in any::<u64>(), chunk in 1u64..9) {
        let plan = valid(&v);
        let n = 24;
        let whole = summarize(&plan, seed, &simulate_range(&plan, seed, 0..n));
        let again = summarize(&plan, seed, &simulate_range(&plan, seed, 0..n));
        let chunked = summarize(&plan, seed, &simulate_chunked(&plan, seed, 0..n, chunk));
        let mut shuffled = simulate_chunked(&plan, seed, 0..n, chunk);
        shuffled.reverse();
        let reordered = summarize(&plan, seed, &shuffled);
        prop_assert_eq!(&whole, &again);
        prop_assert_eq!(&whole, &chunked);
        prop_assert_eq!(&whole, &reordered);
        let json = serde_json::to_string(&whole).unwrap();
        prop_assert!(!json.contains("NaN") && !json.contains("inf"));
    }
}

/// `v` with one number of its rundown or offers changed: `which` picks the
/// entry, `field` the number (wrapping over the entry's fields), `x` the new value
/// as a fraction of its range. Some changes make an invalid scenario; callers skip those.
fn edit_plan(v: &Value, which: usize, field: usize, x: f64) -> Value {
    let mut v = v.clone();
    let duration = v["duration_min"].as_u64().unwrap() as f64;
    let minute = |x: f64| json!((x * duration) as u64);
    let blocks = v["rundown"].as_array().map_or(0, Vec::len);
    let offers = v["offers"].as_array().map_or(0, Vec::len);
    if blocks + offers == 0 {
        return v;
    }
    let entry = which % (blocks + offers);
    let e = if entry < blocks { &mut v["rundown"][entry] } else { &mut v["offers"][entry - blocks] };
    let fields: &[&str] = match e["kind"].as_str().unwrap() {
        "discount" => &["start_min", "end_min", "pct"],
        "flash" => &["start_min", "end_min", "price", "qty", "announce_min"],
        "lead_magnet" => &["at_min", "signup_rate"],
        _ => &["start_min", "end_min", "kind"],
    };
    let name = fields[field % fields.len()];
    e[name] = match name {
        "start_min" | "end_min" | "at_min" | "announce_min" => minute(x),
        "pct" | "signup_rate" => json!(x),
        "price" => json!(x * 300.0),
        "qty" => json!((x * 60.0) as u64),
        _ => json!(["intro", "demo", "qa", "pitch"][(x * 4.0) as usize % 4]),
    };
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    /// The forks of an optimisation's shared openings (`simulate_plans`) give
    /// every plan exactly the records of its own runs, whatever was changed.
    #[test]
    fn runs_forked_from_a_shared_opening_equal_their_own(
        v in scenario(), seed in any::<u64>(),
        edits in prop::collection::vec((0usize..8, 0usize..5, 0.0..1.0f64), 1..4),
        price_too in any::<bool>(),
    ) {
        let plan = valid(&v);
        let mut variants = vec![plan.clone()];
        for &(which, field, x) in &edits {
            if let Ok(p) = load(&edit_plan(&v, which, field, x).to_string()) {
                variants.push(p);
            }
        }
        // A change outside the rundown and offers: nothing is shared.
        if price_too && !plan.items.is_empty() {
            let mut w = v.clone();
            w["checkout"]["threshold_extra"] = json!(0.75);
            variants.push(valid(&w));
        }
        let refs: Vec<&Plan> = variants.iter().collect();
        let forked = simulate_plans(&refs, seed, 0..4, true);
        for (k, p) in variants.iter().enumerate() {
            prop_assert_eq!(&forked[k], &simulate_range(p, seed, 0..4), "plan {} of {}", k, variants.len());
        }
        let shared = variants.iter().map(|p| plan.shared_opening(p)).collect::<Vec<_>>();
        prop_assert_eq!(shared[0], plan.duration);
        prop_assert!(shared.iter().all(|&m| m <= plan.duration));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A share link carries any valid scenario exactly: the same document, so the same runs and numbers.
    #[test]
    fn any_valid_scenario_round_trips_through_a_share_link(
        v in scenario(), seed in any::<u64>(), runs in 1u64..=100_000,
        lang in prop::option::of(prop::sample::select(vec!["en", "pt-BR", "zh-CN", "ja", "ko", "hi", "af"])),
        view in prop::option::of(prop::sample::select(vec!["compare", "drivers", "optimize", "goal-seek"])),
    ) {
        use livesim::share::{LINK_VERSION, Shared, decode, encode};
        let plan = valid(&v);
        let shared = Shared { v: LINK_VERSION, scenario: v, seed, runs, lang: lang.map(String::from), view: view.map(String::from), controls: vec![], goal: None };
        let link = encode(&shared);
        let back = decode(&link).expect("a link this build wrote opens");
        prop_assert_eq!(&back, &shared);
        let plan_back = valid(&back.scenario);
        let summary = |p: &Plan| serde_json::to_string(&summarize(p, seed, &simulate_range(p, seed, 0..3))).unwrap();
        prop_assert_eq!(summary(&plan_back), summary(&plan));
    }
}
