//! The steppable session: stepping by hand equals a whole run, and live actions take effect exactly from the next minute.

use livesim::engine::outputs::{Minute, RunOutputs};
use livesim::engine::plan::OfferPlan;
use livesim::engine::session::ActionError;
use livesim::engine::{Action, Kpi, Plan, Session, load, simulate};

const EXAMPLE: &str = include_str!("../www/scenarios/model-example.json");

fn plan() -> Plan {
    load(EXAMPLE).expect("the model example is valid")
}

fn item(plan: &Plan, id: &str) -> usize {
    plan.items.iter().position(|i| i.id == id).unwrap_or_else(|| panic!("no item {id}"))
}

/// Steps `session` to minute `until`, collecting what each minute did.
fn step_until(session: &mut Session, until: u32) -> Vec<Minute> {
    let mut minutes = Vec::new();
    while session.minute() < until {
        minutes.push(session.step().expect("the live is not over yet"));
    }
    minutes
}

fn baseline(plan: &Plan, seed: u64, run: u64) -> RunOutputs {
    Session::new(plan, seed, run).finish()
}

#[test]
fn stepping_by_hand_equals_a_whole_run() {
    let plan = plan();
    for run in [0, 3, 99] {
        let mut session = Session::new(&plan, 7, run);
        let mut minutes = Vec::new();
        while let Some(m) = session.step() {
            minutes.push(m);
        }
        let record = simulate(&plan, 7, run);
        assert_eq!(minutes, record.outputs.minutes);
        assert_eq!(session.outputs(), record.outputs);
        assert_eq!(session.inputs(), record.inputs.as_slice());
    }
}

#[test]
fn a_session_steps_once_per_minute_then_stops() {
    let plan = plan();
    let mut session = Session::new(&plan, 1, 0);
    let mut seen = Vec::new();
    while let Some(m) = session.step() {
        seen.push(m.minute);
    }
    assert_eq!(seen, (0..plan.duration).collect::<Vec<_>>());
    assert!(session.is_over());
    assert_eq!(session.step(), None);
    assert_eq!(session.apply(Action::Spotlight(None)), Err(ActionError::LiveIsOver));
}

#[test]
fn rejected_actions_leave_the_run_unchanged() {
    let plan = plan();
    let serum = item(&plan, "serum");
    let mut session = Session::new(&plan, 5, 2);
    step_until(&mut session, 30);
    let rejected = [
        (Action::Spotlight(Some(99)), ActionError::NoSuchItem(99)),
        (Action::Block { kind: 99 }, ActionError::NoSuchKind(99)),
        (Action::EndOffer { offer: 99 }, ActionError::NoSuchOffer(99)),
        (Action::Discount { item: serum, pct: 1.5, minutes: 5 }, ActionError::OutOfRange { what: "pct", got: 1.5 }),
        (Action::Discount { item: serum, pct: 0.1, minutes: 0 }, ActionError::OutOfRange { what: "minutes", got: 0.0 }),
        (
            Action::Flash { item: serum, price: -1.0, qty: 5, minutes: 5, announce_ahead: 0 },
            ActionError::OutOfRange { what: "price", got: -1.0 },
        ),
        (
            Action::Flash { item: serum, price: 50.0, qty: 5, minutes: 5, announce_ahead: 60 },
            ActionError::OutOfRange { what: "announce_ahead", got: 60.0 },
        ),
        (Action::LeadMagnet { signup_rate: -0.1 }, ActionError::OutOfRange { what: "signup_rate", got: -0.1 }),
    ];
    for (action, error) in rejected {
        assert_eq!(session.apply(action), Err(error), "{action:?}");
    }
    let nan = session.apply(Action::Flash { item: serum, price: f64::NAN, qty: 5, minutes: 5, announce_ahead: 0 });
    assert!(matches!(nan, Err(ActionError::OutOfRange { what: "price", .. })));
    assert_eq!(session.live_plan().offers, plan.offers);
    assert_eq!(session.finish(), baseline(&plan, 5, 2));
}

#[test]
fn an_action_changes_nothing_before_it_and_something_after() {
    let plan = plan();
    let base = baseline(&plan, 11, 4);
    let mut session = Session::new(&plan, 11, 4);
    let before = step_until(&mut session, 20);
    session.apply(Action::Spotlight(Some(item(&plan, "cream")))).unwrap();
    let after = session.finish();
    assert_eq!(before, base.minutes[..20]);
    assert_eq!(after.minutes[..20], base.minutes[..20]);
    assert_ne!(after.minutes[20..], base.minutes[20..]);
}

#[test]
fn a_spotlight_override_holds_until_the_rundown_is_followed_again() {
    let plan = plan();
    let cream = item(&plan, "cream");
    let serum = item(&plan, "serum");
    let mut session = Session::new(&plan, 3, 1);
    session.apply(Action::Spotlight(Some(cream))).unwrap();
    let first = step_until(&mut session, 45);
    session.apply(Action::FollowRundown).unwrap();
    let out = session.finish();
    let viewer_minutes = |range: std::ops::Range<usize>| out.minutes[range].iter().map(|m| m.viewers).sum::<u64>();
    assert_eq!(first.len(), 45);
    // The rundown spotlights the cream over minutes 30..50 and the serum over 8..30.
    assert_eq!(out.items[cream].exposure, viewer_minutes(0..50));
    assert_eq!(out.items[serum].exposure, 0);
}

#[test]
fn a_lead_magnet_with_full_signup_collects_every_viewer_of_its_minute() {
    let plan = plan();
    let base = baseline(&plan, 2, 8);
    let mut session = Session::new(&plan, 2, 8);
    step_until(&mut session, 10);
    session.apply(Action::LeadMagnet { signup_rate: 1.0 }).unwrap();
    let out = session.finish();
    let leads = |o: &RunOutputs| o.kpis.get(Kpi::Leads).unwrap();
    assert_eq!(out.minutes, base.minutes, "a lead magnet does not change the audience or sales");
    assert_eq!(leads(&out), leads(&base) + out.minutes[10].viewers as f64);
}

#[test]
fn a_full_discount_gives_the_item_away() {
    let plan = plan();
    let serum = item(&plan, "serum");
    let mut session = Session::new(&plan, 9, 0);
    session.apply(Action::Discount { item: serum, pct: 1.0, minutes: plan.duration }).unwrap();
    let out = session.finish();
    assert!(out.items[serum].orders > 0);
    assert_eq!(out.items[serum].revenue, 0.0);
    assert!(out.kpis.get(Kpi::DiscountGiven).unwrap() >= out.items[serum].orders as f64 * 129.9 - 1e-6);
}

#[test]
fn ending_a_flash_offer_before_it_starts_sells_none_of_it() {
    let plan = plan();
    let flash = plan.offers.iter().position(|o| matches!(o, OfferPlan::Flash { .. })).expect("the example has a flash");
    let OfferPlan::Flash { qty, .. } = plan.offers[flash] else { unreachable!() };

    let mut base = Session::new(&plan, 4, 6);
    base.run_to_end();
    assert!(base.live_plan().flash_left[flash] < qty, "the example's flash offer sells");

    let mut session = Session::new(&plan, 4, 6);
    step_until(&mut session, 55);
    session.apply(Action::EndOffer { offer: flash }).unwrap();
    session.run_to_end();
    assert_eq!(session.live_plan().flash_left[flash], qty);
}

#[test]
fn a_live_flash_sale_never_sells_more_than_its_quantity() {
    let plan = plan();
    let serum = item(&plan, "serum");
    for run in 0..20 {
        let mut session = Session::new(&plan, 13, run);
        step_until(&mut session, 10);
        session.apply(Action::Flash { item: serum, price: 1.0, qty: 7, minutes: 15, announce_ahead: 2 }).unwrap();
        let offer = session.live_plan().offers.len() - 1;
        let announce_and_start = step_until(&mut session, 12);
        assert_eq!(announce_and_start.len(), 2);
        assert_eq!(session.live_plan().flash_left[offer], 7, "nothing sells at the flash price before it starts");
        session.run_to_end();
        assert_eq!(session.live_plan().flash_left[offer], 0, "a near-free serum sells out (run {run})");
    }
}

/// The model example with its flash sale (offer 1, announced 8 minutes ahead) starting at `start`.
fn flash_at(start: f64) -> Plan {
    let s = livesim::engine::parse(EXAMPLE).expect("the model example is valid");
    let decision: livesim::engine::Decision = "offer:1.start".parse().expect("a decision");
    let s = decision.apply(&s, start).expect("a start within the live");
    livesim::engine::check(&s).expect("a valid candidate")
}

#[test]
fn plans_share_the_minutes_before_their_first_difference() {
    let (at40, at60) = (flash_at(40.0), flash_at(60.0));
    // The announcement 8 minutes ahead is the first thing the flash sale changes.
    assert_eq!(at40.shared_opening(&at60), 32);
    assert_eq!(at60.shared_opening(&at40), 32);
    assert_eq!(at60.shared_opening(&at60), at60.duration);
    // A price, a stock or an uncertain input changes every minute.
    let mut dearer = at60.clone();
    dearer.items[0].price += 1.0;
    assert_eq!(at60.shared_opening(&dearer), 0);
    // A flash sale that only ends earlier acts alike until then.
    let mut shorter = at60.clone();
    if let OfferPlan::Flash { end, .. } = &mut shorter.offers[1] {
        *end -= 4;
    }
    assert_eq!(at60.shared_opening(&shorter), 66);
}

#[test]
fn a_fork_continues_a_run_as_the_other_plan_would_run_it() {
    let (at40, at60) = (flash_at(40.0), flash_at(60.0));
    for run in [0, 5] {
        let mut session = Session::new(&at60, 11, run);
        step_until(&mut session, 32);
        let fork = session.fork(&at40).expect("minute 32 is within the shared opening");
        assert_eq!(fork.finish(), baseline(&at40, 11, run));
        // Past the opening the two runs have parted: no fork.
        session.step();
        assert!(session.fork(&at40).is_none());
    }
    // A live changed by an action is not the plan's any more.
    let mut session = Session::new(&at60, 11, 0);
    session.apply(Action::ShowStock { below: 3 }).unwrap();
    assert!(session.fork(&at40).is_none());
}
