//! Rehearsal at the engine: actions injected between minutes act as the model says, and a log replays exactly.

use livesim::engine::outputs::RunOutputs;
use livesim::engine::plan::OfferPlan;
use livesim::engine::rehearsal::{Logged, ReplayError, SHIFTS, biggest_missed, moved, replay};
use livesim::engine::session::ActionError;
use livesim::engine::{Action, Kpi, Plan, Session, load};

const EXAMPLE: &str = include_str!("../www/scenarios/model-example.json");

fn plan() -> Plan {
    load(EXAMPLE).expect("the model example is valid")
}

fn item(plan: &Plan, id: &str) -> usize {
    plan.items.iter().position(|i| i.id == id).unwrap_or_else(|| panic!("no item {id}"))
}

fn played(plan: &Plan, seed: u64, run: u64, log: &[Logged]) -> RunOutputs {
    let mut session = replay(plan, seed, run, log, plan.duration).expect("the log replays");
    session.run_to_end();
    session.outputs()
}

#[test]
fn a_flash_sale_started_at_minute_20_sells_from_minute_20_and_not_before() {
    let plan = plan();
    let cream = item(&plan, "cream");
    let flash = Action::Flash { item: cream, price: 1.0, qty: 40, minutes: 10, announce_ahead: 0 };
    let mut session = replay(&plan, 21, 3, &[Logged { minute: 20, action: flash }], 20).unwrap();
    let offer = session.live_plan().offers.len() - 1;
    assert!(matches!(session.live_plan().offers[offer], OfferPlan::Flash { start: 20, end: 30, .. }));
    assert_eq!(session.live_plan().flash_left[offer], 40, "nothing sold at the flash price before minute 20");
    let base = Session::new(&plan, 21, 3).finish();
    assert_eq!(session.minutes(), &base.minutes[..20], "minutes before the action are the plan's");
    let minute_20 = session.step().unwrap();
    assert!(session.live_plan().flash_left[offer] < 40, "units sold in minute 20 itself");
    assert!(minute_20.orders > base.minutes[20].orders, "a near-free cream sells more than the plan's minute 20");
    session.run_to_end();
    let sold_by_30 = 40 - session.live_plan().flash_left[offer];
    session.run_to_end();
    assert_eq!(40 - session.live_plan().flash_left[offer], sold_by_30, "nothing sells after its window");
}

#[test]
fn a_spotlight_switch_moves_the_spotlight_factor_to_the_new_item() {
    let plan = plan();
    let (serum, cream) = (item(&plan, "serum"), item(&plan, "cream"));
    // The rundown spotlights the serum over minutes 8..30 and the cream over 30..50.
    let log = [Logged { minute: 12, action: Action::Spotlight(Some(cream)) }];
    let out = played(&plan, 5, 0, &log);
    let viewer_minutes = |r: std::ops::Range<usize>| out.minutes[r].iter().map(|m| m.viewers).sum::<u64>();
    assert_eq!(out.items[serum].exposure, viewer_minutes(8..12), "the serum lost the spotlight at minute 12");
    assert_eq!(out.items[cream].exposure, viewer_minutes(12..plan.duration as usize));
    let base = Session::new(&plan, 5, 0).finish();
    assert!(out.items[cream].orders > base.items[cream].orders, "more cream sold with the spotlight on it longer");
}

fn a_trainees_log(plan: &Plan) -> Vec<Logged> {
    let (serum, cream) = (item(plan, "serum"), item(plan, "cream"));
    let demo = plan.kinds.iter().position(|k| k == "demo").unwrap();
    vec![
        Logged { minute: 3, action: Action::ShowStock { below: 30 } },
        Logged { minute: 6, action: Action::Spotlight(Some(serum)) },
        Logged { minute: 6, action: Action::Block { kind: demo } },
        Logged { minute: 18, action: Action::Discount { item: serum, pct: 0.15, minutes: 6 } },
        Logged {
            minute: 25,
            action: Action::Flash { item: cream, price: 59.0, qty: 30, minutes: 8, announce_ahead: 3 },
        },
        Logged { minute: 40, action: Action::FollowRundown },
        Logged { minute: 52, action: Action::LeadMagnet { signup_rate: 0.1 } },
    ]
}

#[test]
fn a_recorded_log_replays_the_same_live_exactly() {
    let plan = plan();
    let log = a_trainees_log(&plan);
    // Live: actions applied between steps as a trainee would, with the dashboard reading in between.
    let mut live = Session::new(&plan, 77, 0);
    let mut next = 0;
    while !live.is_over() {
        while next < log.len() && log[next].minute == live.minute() {
            live.apply(log[next].action).unwrap();
            next += 1;
        }
        live.step();
    }
    let recorded = live.outputs();
    assert_eq!(played(&plan, 77, 0, &log), recorded);
    assert_eq!(played(&plan, 77, 0, &log), recorded, "and again");
    // Replaying up to any minute and going on gives the same live: what the page does every tick.
    for until in [0, 1, 25, 26, 60, plan.duration] {
        let mut partial = replay(&plan, 77, 0, &log, until).unwrap();
        assert_eq!(partial.minute(), until);
        assert_eq!(partial.minutes(), &recorded.minutes[..until as usize]);
        let rest: Vec<Logged> = log.iter().copied().filter(|e| e.minute > until).collect();
        for e in &rest {
            while partial.minute() < e.minute {
                partial.step();
            }
            partial.apply(e.action).unwrap();
        }
        partial.run_to_end();
        assert_eq!(partial.outputs(), recorded, "replayed to {until}, then played on");
    }
    assert_ne!(played(&plan, 78, 0, &log), recorded, "another seed is another audience");
}

#[test]
fn a_log_that_cannot_replay_says_which_entry() {
    let plan = plan();
    let mut log = a_trainees_log(&plan);
    log[2].action = Action::Block { kind: 99 };
    assert_eq!(
        replay(&plan, 1, 0, &log, plan.duration).err(),
        Some(ReplayError::Refused { index: 2, error: ActionError::NoSuchKind(99) })
    );
    let mut log = a_trainees_log(&plan);
    log.swap(3, 4);
    assert_eq!(replay(&plan, 1, 0, &log, plan.duration).err(), Some(ReplayError::OutOfOrder { index: 4 }));
}

#[test]
fn the_biggest_missed_opportunity_is_the_best_single_move_and_replays_to_its_gain() {
    let plan = plan();
    let log = a_trainees_log(&plan);
    let kpi = Kpi::Revenue;
    let value = |log: &[Logged]| {
        replay(&plan, 77, 0, log, plan.duration).ok().map(|mut s| {
            s.run_to_end();
            s.outputs().kpis.get(kpi).unwrap()
        })
    };
    let base = value(&log).unwrap();
    let missed = biggest_missed(&plan, 77, 0, &log, kpi).expect("some move of seven actions gains");
    assert!(missed.gain > 0.0);
    assert_eq!(missed.from, log[missed.action].minute);
    assert_eq!(value(&moved(&log, missed.action, missed.to)).unwrap() - base, missed.gain);
    // No other single move does better (every move the search may try, tried again here).
    for (i, e) in log.iter().enumerate() {
        for s in SHIFTS {
            let to = i64::from(e.minute) + i64::from(s);
            if (0..i64::from(plan.duration)).contains(&to) {
                if let Some(v) = value(&moved(&log, i, to as u32)) {
                    assert!(v - base <= missed.gain, "moving {i} to {to} gains {}", v - base);
                }
            }
        }
    }
    assert_eq!(biggest_missed(&plan, 77, 0, &[], kpi), None, "no actions, nothing to move");
}
