//! A live at the model's limits (600 minutes, a million followers, 100 items) runs, with cohort-sized state.

use livesim::engine::outputs::Kpi;
use livesim::engine::{load, simulate};
use serde_json::json;

#[test]
fn a_large_live_runs_and_its_numbers_hold_together() {
    let catalog: Vec<_> = (0..90)
        .map(|i| json!({ "id": format!("p{i}"), "name": format!("Product {i}"), "price": 20 + i, "unit_cost": 8, "stock": 5000 }))
        .collect();
    let kits: Vec<_> = (0..10)
        .map(|k| json!({ "id": format!("k{k}"), "name": format!("Kit {k}"), "price": 70, "components": { format!("p{k}"): 1, format!("p{}", k + 10): 2 } }))
        .collect();
    let rundown: Vec<_> = (0..100)
        .map(|b| {
            let spot = if b < 90 { format!("p{b}") } else { format!("k{}", b - 90) };
            json!({ "start_min": b * 6, "end_min": b * 6 + 6, "kind": "demo", "spotlight": spot })
        })
        .collect();
    let scenario = json!({
        "schema": "livesim/1", "name": "mega live", "duration_min": 600, "currency": "CNY",
        "audience": {
            "direct": { "followers": 1_000_000, "show_up_rate": 0.05, "arrival_tau_min": 60 },
            "paid": { "budget": 50_000, "cost_per_visit": 0.5 },
            "organic": { "base_per_min": 200, "engagement_boost": 2 },
            "segments": { "new": { "leave_per_min": 0.03 }, "returning": { "leave_per_min": 0.02 } }
        },
        "catalog": catalog, "kits": kits, "rundown": rundown,
        "offers": [
            { "kind": "flash", "item": "k3", "price": 49, "qty": 500, "start_min": 300, "end_min": 330, "announce_min": 290 },
            { "kind": "lead_magnet", "at_min": 590, "signup_rate": 0.02 }
        ]
    });
    let plan = load(&scenario.to_string()).expect("valid");
    let o = simulate(&plan, 1, 0).outputs;
    let unique = o.kpis.get(Kpi::UniqueViewers).unwrap();
    // 50,000 direct (less the tail after 600 min), 100,000 paid, >= 120,000 organic.
    assert!(unique > 250_000.0, "{unique}");
    assert!(o.kpis.get(Kpi::Orders).unwrap() > 1_000.0);
    assert_eq!(o.minutes.len(), 600);
    assert!(o.kpis.0.iter().flatten().all(|v| v.is_finite()));
}
