//! Rehearsal: one live replayed from a log of a trainee's actions, and what its dashboard and debrief read from it.
//!
//! A rehearsal is `(plan, seed, run, log)`. The page never keeps a live
//! [`Session`] between ticks: it replays the log up to the minute shown, so
//! the same four things give the same live bit for bit, and the debrief's
//! "what if" is the same replay with one entry moved. A replay of a whole
//! live is a few hundred microseconds.

use crate::engine::outputs::{Kpi, Minute};
use crate::engine::plan::{ItemKind, OfferPlan, Plan};
use crate::engine::rng::{SimRng, Stream};
use crate::engine::session::{Action, ActionError, Session};

/// An action and the minute it was taken: the first minute it acts on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Logged {
    pub minute: u32,
    pub action: Action,
}

/// Why a log does not replay: entry `index` was refused, or comes before the entry it follows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ReplayError {
    Refused { index: usize, error: ActionError },
    OutOfOrder { index: usize },
}

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReplayError::Refused { index, error } => write!(f, "action {} was refused: {error}", index + 1),
            ReplayError::OutOfOrder { index } => write!(f, "action {} is logged before the one it follows", index + 1),
        }
    }
}

impl std::error::Error for ReplayError {}

/// Run `run` of `plan` under `seed` with `log`'s actions, simulated up to (not including) minute `until`.
/// Entries must be in minute order; an entry at minute `m` is applied before minute `m` is simulated.
pub fn replay<'p>(plan: &'p Plan, seed: u64, run: u64, log: &[Logged], until: u32) -> Result<Session<'p>, ReplayError> {
    let mut session = Session::new(plan, seed, run);
    let until = until.min(plan.duration);
    let mut next = 0;
    loop {
        let t = session.minute();
        while let Some(entry) = log.get(next).filter(|e| e.minute <= t) {
            if entry.minute < t {
                return Err(ReplayError::OutOfOrder { index: next });
            }
            session.apply(entry.action).map_err(|error| ReplayError::Refused { index: next, error })?;
            next += 1;
        }
        if t >= until || session.step().is_none() {
            break;
        }
    }
    Ok(session)
}

/// `log` with entry `index` taken at `minute` instead, kept in minute order (entries of one minute keep their order).
pub fn moved(log: &[Logged], index: usize, minute: u32) -> Vec<Logged> {
    let mut out: Vec<Logged> = log.to_vec();
    if let Some(entry) = out.get_mut(index) {
        entry.minute = minute;
    }
    out.sort_by_key(|e| e.minute);
    out
}

/// Mean per minute over a few minutes of a live.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub minutes: u32,
    pub orders: f64,
    pub revenue: f64,
    pub viewers: f64,
}

/// The minutes just before an action and from it on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Effect {
    pub before: Option<Window>,
    pub after: Option<Window>,
}

/// The effect around minute `at`: means over `span` minutes before it and `span` minutes from it (fewer at the edges).
pub fn effect(minutes: &[Minute], at: u32, span: u32) -> Effect {
    let window = |from: u32, to: u32| {
        let picked: Vec<&Minute> = minutes.iter().filter(|m| from <= m.minute && m.minute < to).collect();
        let n = picked.len() as f64;
        (!picked.is_empty()).then(|| Window {
            minutes: picked.len() as u32,
            orders: picked.iter().map(|m| m.orders as f64).sum::<f64>() / n,
            revenue: picked.iter().map(|m| m.revenue).sum::<f64>() / n,
            viewers: picked.iter().map(|m| m.viewers as f64).sum::<f64>() / n,
        })
    };
    Effect { before: window(at.saturating_sub(span), at), after: window(at, at.saturating_add(span)) }
}

/// Where `x` falls among `values`: the share below it, ties counted half (the mid-rank percentile, 0 to 1).
pub fn percentile_of(values: &[f64], x: f64) -> Option<f64> {
    if values.is_empty() || !x.is_finite() {
        return None;
    }
    let below = values.iter().filter(|&&v| v < x).count() as f64;
    let equal = values.iter().filter(|&&v| v == x).count() as f64;
    Some((below + equal / 2.0) / values.len() as f64)
}

/// How far an action is tried earlier and later when looking for the biggest missed opportunity.
pub const SHIFTS: [i32; 8] = [-15, -10, -5, -2, 2, 5, 10, 15];

/// At most this many replays go into the search (the first actions' moves are tried first).
pub const MAX_REPLAYS: usize = 480;

/// One action moved, and what the same audience would have given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Missed {
    /// Index into the log.
    pub action: usize,
    pub from: u32,
    pub to: u32,
    pub kpi: Kpi,
    /// The KPI with the action moved minus the KPI of the live as played (> 0).
    pub gain: f64,
}

/// The single move of one logged action (by [`SHIFTS`]) that would most have raised `kpi` on this
/// audience (same plan, seed and run), or `None` when no move would have (or the log has no actions).
pub fn biggest_missed(plan: &Plan, seed: u64, run: u64, log: &[Logged], kpi: Kpi) -> Option<Missed> {
    let value = |log: &[Logged]| -> Option<f64> {
        let mut session = replay(plan, seed, run, log, plan.duration).ok()?;
        session.run_to_end();
        session.outputs().kpis.get(kpi)
    };
    let played = value(log)?;
    let mut best: Option<Missed> = None;
    let candidates = log.iter().enumerate().flat_map(|(i, e)| SHIFTS.iter().map(move |&s| (i, e.minute, s)));
    for (action, from, shift) in candidates.take(MAX_REPLAYS) {
        let to = i64::from(from) + i64::from(shift);
        if to < 0 || to >= i64::from(plan.duration) {
            continue;
        }
        let to = to as u32;
        // A move that makes the log unplayable (a flash sale announced past the end) is no option.
        let Some(v) = value(&moved(log, action, to)) else { continue };
        let gain = v - played;
        if gain > 0.0 && best.is_none_or(|b| gain > b.gain) {
            best = Some(Missed { action, from, to, kpi, gain });
        }
    }
    best
}

/// What a chat line is about; the page words it in the viewer's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    Hello,
    /// A question about the item being demonstrated.
    DemoQuestion(usize),
    /// A question for the Q&A.
    Question,
    /// "Is it sold out?": the spotlighted item's stock is low.
    StockWorry(usize),
    /// The spotlighted item costs more than the price threshold.
    PriceComplaint(usize),
    /// A flash sale on the item is running.
    FlashHype(usize),
    /// Someone bought the item this minute.
    Bought(usize),
    /// Small talk.
    Chatter,
}

/// A chat line: what it is about, which of the templates for it, and the viewer's handle number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChatLine {
    pub cue: Cue,
    pub variant: u8,
    pub handle: u16,
}

/// Templates per cue the page has in every language.
pub const CHAT_VARIANTS: u8 = 3;

/// Units at or below which an item counts as running low: its stock counter's threshold, or a tenth of its stock.
pub fn low_stock_level(plan: &Plan, item: usize, show_below: u64) -> u64 {
    match plan.items[item].kind {
        ItemKind::Product { stock } => show_below.max(stock / 10).max(1),
        ItemKind::Kit { .. } => show_below.max(1),
    }
}

/// The chat lines shown for the minute `session` has just simulated (`minute`): as many as the
/// model's chat count, up to `max`, about what is happening. Drawn from the minute's own
/// presentation stream, so the model's outputs do not depend on them.
pub fn chat_lines(session: &Session, minute: &Minute, max: usize) -> Vec<ChatLine> {
    let plan = session.plan();
    let t = minute.minute;
    let (kind, spotlight) = session.live_plan().content_at(t);
    let kind_name = plan.kinds.get(kind).map_or("", String::as_str);
    let mut weighted: Vec<(Cue, f64)> = vec![(Cue::Chatter, 2.0)];
    if t < 5 || kind_name == "intro" {
        weighted.push((Cue::Hello, 3.0));
    }
    if kind_name == "qa" {
        weighted.push((Cue::Question, 4.0));
    }
    if let Some(item) = spotlight {
        if kind_name == "demo" {
            weighted.push((Cue::DemoQuestion(item), 4.0));
        }
        let left = session.available(item);
        if left <= low_stock_level(plan, item, session.live_plan().show_below) {
            weighted.push((Cue::StockWorry(item), 4.0));
        }
        if session.last_price(item) > session.params().threshold_price {
            weighted.push((Cue::PriceComplaint(item), 3.0));
        }
    }
    for (o, offer) in session.live_plan().offers.iter().enumerate() {
        if let OfferPlan::Flash { item, start, end, .. } = *offer {
            if start <= t && t < end && session.live_plan().flash_left[o] > 0 {
                weighted.push((Cue::FlashHype(item), 4.0));
            }
        }
    }
    if let Some(item) = spotlight.filter(|_| minute.orders > 0) {
        weighted.push((Cue::Bought(item), 2.0));
    }
    let total: f64 = weighted.iter().map(|w| w.1).sum();
    let mut rng = SimRng::for_stream(session.seed(), session.run(), Stream::ChatLines(t));
    let n = (minute.chat as usize).min(max);
    (0..n)
        .map(|_| {
            let mut u = rng.uniform() * total;
            let cue = weighted.iter().find(|w| {
                u -= w.1;
                u < 0.0
            });
            ChatLine {
                cue: cue.map_or(Cue::Chatter, |w| w.0),
                variant: rng.below(u64::from(CHAT_VARIANTS)) as u8,
                handle: rng.below(10_000) as u16,
            }
        })
        .collect()
}

/// Something the operator should look at now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Alert {
    /// The spotlighted item's price is above the threshold: carts are being abandoned more.
    AboveThreshold {
        item: usize,
        price: f64,
        threshold: f64,
    },
    /// More carts were abandoned than orders filled in the last minute.
    Abandoning {
        abandoned: u64,
        orders: u64,
    },
    LowStock {
        item: usize,
        left: u64,
    },
    /// The spotlighted item cannot sell: none left.
    SpotlightSoldOut {
        item: usize,
    },
    /// Viewers in the paid channel arrive while nothing is spotlighted.
    NothingSpotlighted,
}

/// The alerts after the minute `session` has just simulated.
pub fn alerts(session: &Session) -> Vec<Alert> {
    let Some(last) = session.minutes().last().copied() else { return Vec::new() };
    let plan = session.plan();
    let live = session.live_plan();
    let (_, spotlight) = live.content_at(session.minute().min(plan.duration.saturating_sub(1)));
    let mut out = Vec::new();
    if let Some(item) = spotlight {
        let price = session.last_price(item);
        let threshold = session.params().threshold_price;
        if price > threshold {
            out.push(Alert::AboveThreshold { item, price, threshold });
        }
        if session.available(item) == 0 {
            out.push(Alert::SpotlightSoldOut { item });
        }
    } else if last.viewers > 0 && plan.paid_window.is_some_and(|(a, b)| a <= last.minute && last.minute < b) {
        out.push(Alert::NothingSpotlighted);
    }
    if last.abandoned >= 3 && last.abandoned > last.orders {
        out.push(Alert::Abandoning { abandoned: last.abandoned, orders: last.orders });
    }
    for item in 0..plan.items.len() {
        let left = session.available(item);
        if left > 0 && left <= low_stock_level(plan, item, live.show_below) {
            out.push(Alert::LowStock { item, left });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::load;

    fn plan() -> Plan {
        load(include_str!("../../www/scenarios/model-example.json")).unwrap()
    }

    #[test]
    fn a_percentile_counts_ties_half() {
        assert_eq!(percentile_of(&[1.0, 2.0, 3.0, 4.0], 2.5), Some(0.5));
        assert_eq!(percentile_of(&[1.0, 2.0, 2.0, 4.0], 2.0), Some(0.5));
        assert_eq!(percentile_of(&[1.0], 0.0), Some(0.0));
        assert_eq!(percentile_of(&[1.0], 9.0), Some(1.0));
        assert_eq!(percentile_of(&[], 1.0), None);
        assert_eq!(percentile_of(&[1.0], f64::NAN), None);
    }

    #[test]
    fn an_effect_is_the_mean_on_each_side_clipped_at_the_edges() {
        let minutes: Vec<Minute> = (0..10)
            .map(|t| Minute { minute: t, viewers: 10 * u64::from(t), orders: u64::from(t), ..Minute::default() })
            .collect();
        let e = effect(&minutes, 2, 3);
        assert_eq!(e.before.map(|w| (w.minutes, w.orders)), Some((2, 0.5)));
        assert_eq!(e.after.map(|w| (w.minutes, w.orders, w.viewers)), Some((3, 3.0, 30.0)));
        assert_eq!(effect(&minutes, 0, 3).before, None);
        assert_eq!(effect(&minutes, 10, 3).after, None);
    }

    #[test]
    fn moving_an_entry_keeps_the_log_in_minute_order() {
        let a = |minute| Logged { minute, action: Action::ShowStock { below: u64::from(minute) } };
        let log = [a(5), a(10), a(20)];
        let got: Vec<u32> = moved(&log, 0, 15).iter().map(|e| e.minute).collect();
        assert_eq!(got, [10, 15, 20]);
        assert_eq!(moved(&log, 7, 1), log.to_vec(), "no such entry: unchanged");
    }

    #[test]
    fn chat_lines_follow_the_chat_count_and_the_moment() {
        let plan = plan();
        let mut session = Session::new(&plan, 3, 0);
        let mut shown = 0;
        let mut cues = Vec::new();
        while let Some(m) = session.step() {
            let lines = chat_lines(&session, &m, 6);
            assert_eq!(lines.len() as u64, m.chat.min(6), "minute {}", m.minute);
            assert!(lines.iter().all(|l| l.variant < CHAT_VARIANTS && l.handle < 10_000));
            assert_eq!(lines, chat_lines(&session, &m, 6), "the same minute gives the same lines");
            shown += lines.len();
            cues.extend(lines.into_iter().map(|l| l.cue));
        }
        assert!(shown > 0);
        assert!(cues.contains(&Cue::Hello), "an opening has greetings");
        assert!(cues.iter().any(|c| matches!(c, Cue::DemoQuestion(_))), "the example's demos draw questions");
    }
}
