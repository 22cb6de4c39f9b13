//! One simulated live, stepped minute by minute in the model's order (section 2), open to live actions.
//!
//! A [`Session`] owns one run: its drawn inputs, its cohorts and stock, and a
//! [`LivePlan`] that starts as the scenario's rundown and offers. Between two
//! calls to [`Session::step`] a caller may [`Session::apply`] an [`Action`]
//! (spotlight an item, start a flash sale, ...); it takes effect from the
//! next minute. The batch runner is the same loop with no actions, so a
//! rehearsal and a Monte Carlo run of the same seed follow the same model.
//!
//! Viewers live in twelve cohorts `(segment, channel, has bought)`; a minute
//! costs the same whether a cohort holds ten viewers or ten million.

use super::outputs::{ChannelOutputs, ItemOutputs, Kpi, Kpis, Minute, RunOutputs};
use super::plan::{BlockPlan, ItemKind, OfferPlan, Params, Plan, TALK};
use super::rng::{SimRng, Stream};
use super::sample::{Binomial, binomial, hypergeometric_split, poisson};
use super::uncertain::draw_inputs;

const COHORTS: usize = 12;

/// Cohort index of `(segment, channel, buyer)`.
const fn cohort(segment: usize, channel: usize, buyer: usize) -> usize {
    segment * 6 + channel * 2 + buyer
}

const fn segment_of(c: usize) -> usize {
    c / 6
}

const fn channel_of(c: usize) -> usize {
    (c / 2) % 3
}

const fn is_buyer(c: usize) -> bool {
    c % 2 == 1
}

/// At or below this many intents in a cohort, intents are assigned one by one;
/// above it, by conditional binomials. Both are exact; this is only the cheaper.
const ONE_BY_ONE_MAX: u64 = 24;

/// A channel brings at most this many viewers a minute (an extension of
/// the model, documented in www/docs/model.md): it bounds the work of a
/// minute when a range draws a near-zero cost per visit, or a plan has a
/// billion followers arriving at once.
pub const MAX_ARRIVALS_PER_MIN: f64 = 1e7;

/// A price response beyond this is "everyone wants it"; it keeps a free item finite.
const MAX_PRICE_RESPONSE: f64 = 1e12;

/// A change a presenter or operator makes during the live, from the next minute on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// Spotlight an item (or none), overriding the rundown's spotlight.
    Spotlight(Option<usize>),
    /// Switch the content kind, overriding the rundown's block kind.
    Block { kind: usize },
    /// Drop the spotlight and kind overrides: back to the rundown.
    FollowRundown,
    /// A discount on `item` for `minutes` minutes.
    Discount { item: usize, pct: f64, minutes: u32 },
    /// A flash sale starting in `announce_ahead` minutes (announced now when > 0).
    Flash { item: usize, price: f64, qty: u64, minutes: u32, announce_ahead: u32 },
    /// Show the stock counter below this many units (0 hides it).
    ShowStock { below: u64 },
    /// A lead magnet this minute.
    LeadMagnet { signup_rate: f64 },
    /// End an offer (index into [`LivePlan::offers`]) before its planned end.
    EndOffer { offer: usize },
}

/// Why an action cannot be applied; the session is left unchanged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ActionError {
    LiveIsOver,
    NoSuchItem(usize),
    NoSuchKind(usize),
    NoSuchOffer(usize),
    OutOfRange { what: &'static str, got: f64 },
}

impl std::fmt::Display for ActionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            ActionError::LiveIsOver => f.write_str("the live is over"),
            ActionError::NoSuchItem(i) => write!(f, "no item #{i}"),
            ActionError::NoSuchKind(k) => write!(f, "no content kind #{k}"),
            ActionError::NoSuchOffer(o) => write!(f, "no offer #{o}"),
            ActionError::OutOfRange { what, got } => write!(f, "{what} out of range: {got}"),
        }
    }
}

impl std::error::Error for ActionError {}

/// The rundown and offers as the live is actually running them.
#[derive(Clone, Debug, PartialEq)]
pub struct LivePlan {
    pub blocks: Vec<BlockPlan>,
    pub offers: Vec<OfferPlan>,
    /// Units each offer has left (only flash sales count down).
    pub flash_left: Vec<u64>,
    pub spotlight_override: Option<Option<usize>>,
    pub kind_override: Option<usize>,
    pub show_below: u64,
}

impl LivePlan {
    pub fn from_plan(plan: &Plan) -> Self {
        LivePlan {
            blocks: plan.blocks.clone(),
            offers: plan.offers.clone(),
            flash_left: plan
                .offers
                .iter()
                .map(|o| match *o {
                    OfferPlan::Flash { qty, .. } => qty,
                    _ => 0,
                })
                .collect(),
            spotlight_override: None,
            kind_override: None,
            show_below: plan.show_below,
        }
    }

    /// The content kind and spotlight of minute `t`.
    pub fn content_at(&self, t: u32) -> (usize, Option<usize>) {
        let block = self.blocks.iter().find(|b| b.start <= t && t < b.end);
        let kind = self.kind_override.or(block.map(|b| b.kind)).unwrap_or(TALK);
        let spotlight = self.spotlight_override.unwrap_or(block.and_then(|b| b.spotlight));
        (kind, spotlight)
    }

    fn holding(&self, t: u32) -> bool {
        self.offers.iter().any(|o| o.announce_window().is_some_and(|(a, s)| a <= t && t < s))
    }
}

/// Running totals of a run.
#[derive(Clone, Debug, Default)]
struct Totals {
    unique_viewers: u64,
    peak_viewers: u64,
    viewer_minutes: u64,
    chat: u64,
    intents: u64,
    abandoned: u64,
    orders: u64,
    revenue: f64,
    discount_given: f64,
    cogs: f64,
    buyers: [u64; 2],
    stockout_lost: u64,
    oversold_cancelled: u64,
    leads: u64,
}

/// What an item looks like to viewers during one minute.
#[derive(Clone, Copy, Debug, Default)]
struct ItemMinute {
    price: f64,
    /// The flash offer that sets the price, if any (its units cap the sale).
    flash: Option<usize>,
    abandon: f64,
}

/// One run of the model, stepped a minute at a time.
#[derive(Clone, Debug)]
pub struct Session<'p> {
    plan: &'p Plan,
    params: Params,
    inputs: Vec<f64>,
    seed: u64,
    run: u64,
    t: u32,
    live: LivePlan,
    cohorts: [u64; COHORTS],
    /// Per catalog product (items `0..products`).
    stock: Vec<u64>,
    /// Full unit cost per item (kits: components plus bonus).
    unit_cost: Vec<f64>,
    /// `exp(-t / tau)` for the current minute.
    direct_decay: f64,
    /// Per channel: the split of arrivals into returning viewers (fixed for a run).
    returning_split: [Binomial; 3],
    prev_engagement: f64,
    totals: Totals,
    items: Vec<ItemOutputs>,
    channels: [ChannelOutputs; 3],
    minutes: Vec<Minute>,
    // Scratch space, kept to avoid allocating every minute.
    item_minute: Vec<ItemMinute>,
    weights: Vec<(usize, f64)>,
    completed: Vec<[u64; COHORTS]>,
    /// Whether an [`Action`] has changed the live plan (a forked session must follow its plan).
    acted: bool,
}

impl<'p> Session<'p> {
    /// Run `run` of `plan` under `seed`, with its uncertain inputs drawn as the model says.
    pub fn new(plan: &'p Plan, seed: u64, run: u64) -> Self {
        let inputs = draw_inputs(plan, seed, run);
        Self::with_inputs(plan, seed, run, inputs)
    }

    /// Run `run` with given values of the uncertain inputs (in `plan.uncertain` order).
    pub fn with_inputs(plan: &'p Plan, seed: u64, run: u64, inputs: Vec<f64>) -> Self {
        let params = plan.params_with(&inputs);
        let products = plan.items.iter().take_while(|i| matches!(i.kind, ItemKind::Product { .. })).count();
        let stock = plan.items[..products]
            .iter()
            .map(|i| match i.kind {
                ItemKind::Product { stock } => stock,
                ItemKind::Kit { .. } => 0,
            })
            .collect();
        let unit_cost = plan
            .items
            .iter()
            .enumerate()
            .map(|(ix, item)| match &item.kind {
                ItemKind::Product { .. } => params.items[ix].cost,
                ItemKind::Kit { components } => {
                    params.items[ix].cost
                        + components.iter().map(|&(p, q)| params.items[p].cost * q as f64).sum::<f64>()
                }
            })
            .collect();
        let n_items = plan.items.len();
        Session {
            plan,
            inputs,
            seed,
            run,
            t: 0,
            live: LivePlan::from_plan(plan),
            cohorts: [0; COHORTS],
            stock,
            unit_cost,
            direct_decay: 1.0,
            returning_split: params.returning_share.map(Binomial::new),
            prev_engagement: 0.0,
            totals: Totals::default(),
            items: vec![ItemOutputs::default(); n_items],
            channels: [ChannelOutputs::default(); 3],
            minutes: Vec::with_capacity(plan.duration as usize),
            item_minute: vec![ItemMinute::default(); n_items],
            weights: Vec::with_capacity(n_items),
            completed: vec![[0; COHORTS]; n_items],
            params,
            acted: false,
        }
    }

    /// This run as it would be under `other`, from the minute it has reached:
    /// the same state, going on with `other`'s rundown and offers. Exact (the
    /// outputs equal a fresh run of `other` bit for bit) while the minutes
    /// simulated are within the plans' [`Plan::shared_opening`], since each
    /// minute's draws come from streams keyed by the minute, not by what came
    /// before; `None` past it, or once an action has changed this live.
    pub fn fork<'q>(&self, other: &'q Plan) -> Option<Session<'q>> {
        if self.acted || self.t > self.plan.shared_opening(other) {
            return None;
        }
        Some(self.fork_unchecked(other))
    }

    /// [`Session::fork`] for a caller that has already checked, once for all
    /// runs, that this session follows its plan and `other` shares its minutes so far.
    pub(crate) fn fork_unchecked<'q>(&self, other: &'q Plan) -> Session<'q> {
        // Units a flash sale has sold are the same under both plans (they only
        // differ in its quantity if it has not started): carry them over.
        let flash_left = other
            .offers
            .iter()
            .zip(&self.plan.offers)
            .zip(&self.live.flash_left)
            .map(|((theirs, ours), &left)| match (*theirs, *ours) {
                (OfferPlan::Flash { qty, .. }, OfferPlan::Flash { qty: had, .. }) => qty.saturating_sub(had - left),
                (OfferPlan::Flash { qty, .. }, _) => qty,
                _ => 0,
            })
            .collect();
        Session {
            plan: other,
            params: self.params.clone(),
            inputs: self.inputs.clone(),
            seed: self.seed,
            run: self.run,
            t: self.t,
            live: LivePlan { flash_left, ..LivePlan::from_plan(other) },
            cohorts: self.cohorts,
            stock: self.stock.clone(),
            unit_cost: self.unit_cost.clone(),
            direct_decay: self.direct_decay,
            returning_split: self.returning_split,
            prev_engagement: self.prev_engagement,
            totals: self.totals.clone(),
            items: self.items.clone(),
            channels: self.channels,
            minutes: self.minutes.clone(),
            item_minute: self.item_minute.clone(),
            weights: self.weights.clone(),
            completed: self.completed.clone(),
            acted: false,
        }
    }

    /// The minute the next [`Session::step`] simulates.
    pub fn minute(&self) -> u32 {
        self.t
    }

    pub fn is_over(&self) -> bool {
        self.t >= self.plan.duration
    }

    /// The values this run drew for the plan's uncertain inputs.
    pub fn inputs(&self) -> &[f64] {
        &self.inputs
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    pub fn live_plan(&self) -> &LivePlan {
        &self.live
    }

    pub fn plan(&self) -> &'p Plan {
        self.plan
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn run(&self) -> u64 {
        self.run
    }

    /// The minutes simulated so far.
    pub fn minutes(&self) -> &[Minute] {
        &self.minutes
    }

    /// What each item has sold so far (orders, revenue, intents, abandoned carts).
    pub fn item_outputs(&self) -> &[ItemOutputs] {
        &self.items
    }

    /// The price viewers saw for `item` in the minute last simulated (its list
    /// price before the first), with the discounts and flash sales then running.
    pub fn last_price(&self, item: usize) -> f64 {
        if self.t == 0 { self.plan.items[item].price } else { self.item_minute[item].price }
    }

    /// Arrivals, buyers and revenue by entry channel so far, in [`CHANNELS`](super::plan::CHANNELS) order.
    pub fn channel_outputs(&self) -> &[ChannelOutputs; 3] {
        &self.channels
    }

    /// The live's buyers so far by segment, in [`SEGMENTS`](super::plan::SEGMENTS) order.
    pub fn buyers_by_segment(&self) -> [u64; 2] {
        self.totals.buyers
    }

    /// Viewers present now, and how many of them have bought.
    pub fn viewers(&self) -> (u64, u64) {
        let all = self.cohorts.iter().sum();
        let buyers = (0..COHORTS).filter(|&c| is_buyer(c)).map(|c| self.cohorts[c]).sum();
        (all, buyers)
    }

    /// Units an item can still sell from stock (a kit: as many kits as its components allow).
    pub fn available(&self, item: usize) -> u64 {
        match &self.plan.items[item].kind {
            ItemKind::Product { .. } => self.stock[item],
            ItemKind::Kit { components } => components.iter().map(|&(p, q)| self.stock[p] / q).min().unwrap_or(0),
        }
    }

    /// Applies `action` from the next minute on.
    pub fn apply(&mut self, action: Action) -> Result<(), ActionError> {
        let t = self.t;
        let end = self.plan.duration;
        if t >= end {
            return Err(ActionError::LiveIsOver);
        }
        let check_item = |i: usize| if i < self.plan.items.len() { Ok(i) } else { Err(ActionError::NoSuchItem(i)) };
        let window = |minutes: u32| -> Result<u32, ActionError> {
            if minutes == 0 {
                return Err(ActionError::OutOfRange { what: "minutes", got: 0.0 });
            }
            Ok(t.saturating_add(minutes).min(end))
        };
        let fraction = |what: &'static str, v: f64| {
            if (0.0..=1.0).contains(&v) { Ok(v) } else { Err(ActionError::OutOfRange { what, got: v }) }
        };
        match action {
            Action::Spotlight(item) => {
                if let Some(i) = item {
                    check_item(i)?;
                }
                self.live.spotlight_override = Some(item);
            }
            Action::Block { kind } => {
                if kind >= self.params.content.len() {
                    return Err(ActionError::NoSuchKind(kind));
                }
                self.live.kind_override = Some(kind);
            }
            Action::FollowRundown => {
                self.live.spotlight_override = None;
                self.live.kind_override = None;
            }
            Action::Discount { item, pct, minutes } => {
                let item = check_item(item)?;
                let pct = fraction("pct", pct)?;
                let end = window(minutes)?;
                self.push_offer(OfferPlan::Discount { item, pct, start: t, end, announce: None }, 0);
            }
            Action::Flash { item, price, qty, minutes, announce_ahead } => {
                let item = check_item(item)?;
                if !(price >= 0.0 && price.is_finite()) {
                    return Err(ActionError::OutOfRange { what: "price", got: price });
                }
                let start = t.saturating_add(announce_ahead);
                if start >= end {
                    return Err(ActionError::OutOfRange { what: "announce_ahead", got: f64::from(announce_ahead) });
                }
                let stop = start.saturating_add(window(minutes)? - t).min(end);
                let announce = (announce_ahead > 0).then_some(t);
                self.push_offer(OfferPlan::Flash { item, price, qty, start, end: stop, announce }, qty);
            }
            Action::ShowStock { below } => self.live.show_below = below,
            Action::LeadMagnet { signup_rate } => {
                let rate = fraction("signup_rate", signup_rate)?;
                self.params.signup_rates.push(rate);
                let rate = self.params.signup_rates.len() - 1;
                self.push_offer(OfferPlan::LeadMagnet { at: t, rate }, 0);
            }
            Action::EndOffer { offer } => {
                let o = self.live.offers.get_mut(offer).ok_or(ActionError::NoSuchOffer(offer))?;
                match o {
                    OfferPlan::Discount { end, .. } | OfferPlan::Flash { end, .. } => *end = (*end).min(t),
                    OfferPlan::LeadMagnet { at, .. } => {
                        if *at >= t {
                            *at = u32::MAX;
                        }
                    }
                }
            }
        }
        self.acted = true;
        Ok(())
    }

    fn push_offer(&mut self, offer: OfferPlan, flash_left: u64) {
        self.live.offers.push(offer);
        self.live.flash_left.push(flash_left);
    }

    /// Simulates the next minute; `None` once the live is over.
    pub fn step(&mut self) -> Option<Minute> {
        if self.is_over() {
            return None;
        }
        let t = self.t;
        let arrivals = self.arrive(t);
        let viewers: u64 = self.cohorts.iter().sum();
        let start_counts = self.cohorts;
        let (kind, spotlight) = self.live.content_at(t);
        let content = self.params.content[kind];

        let (orders, revenue, abandoned) = self.purchase(t, kind, spotlight);
        self.depart(t, content.leave);
        let chat = self.chat(t, &start_counts, content.chat, viewers);
        self.lead_magnets(t, viewers);

        if let Some(i) = spotlight {
            self.items[i].exposure += viewers;
        }
        for i in 0..self.items.len() {
            if self.items[i].sellout_min.is_none() && self.available(i) == 0 {
                self.items[i].sellout_min = Some(t);
            }
        }
        let tot = &mut self.totals;
        tot.peak_viewers = tot.peak_viewers.max(viewers);
        tot.viewer_minutes += viewers;
        let revenue_total = tot.revenue;
        let minute = Minute { minute: t, viewers, arrivals, orders, revenue, chat, abandoned, revenue_total };
        self.minutes.push(minute);
        self.t += 1;
        Some(minute)
    }

    /// 2.1: arrivals by channel, split by segment, into the non-buyer cohorts.
    fn arrive(&mut self, t: u32) -> u64 {
        let p = &self.params;
        let direct = if p.arrival_tau > 0.0 {
            let next = self.direct_decay * (-1.0 / p.arrival_tau).exp();
            let share = self.direct_decay - next;
            self.direct_decay = next;
            share
        } else if t == 0 {
            1.0 // tau = 0: everyone who shows up does so at once
        } else {
            0.0
        };
        let paid = match self.plan.paid_window {
            Some((start, end)) if start <= t && t < end && self.plan.ad_spend > 0.0 => {
                self.plan.ad_spend / (p.cost_per_visit * f64::from(end - start))
            }
            _ => 0.0,
        };
        let lambdas = [
            p.followers * p.show_up_rate * direct,
            paid,
            p.base_per_min * (1.0 + p.engagement_boost * self.prev_engagement),
        ];
        let mut rng = SimRng::for_stream(self.seed, self.run, Stream::Arrivals(t));
        let mut total = 0;
        for (c, lambda) in lambdas.into_iter().enumerate() {
            let a = poisson(&mut rng, lambda.min(MAX_ARRIVALS_PER_MIN));
            if a == 0 {
                continue;
            }
            let returning = self.returning_split[c].sample(&mut rng, a);
            self.cohorts[cohort(0, c, 0)] += a - returning;
            self.cohorts[cohort(1, c, 0)] += returning;
            self.channels[c].arrivals += a;
            total += a;
        }
        self.totals.unique_viewers += total;
        total
    }

    /// 2.2 to 2.5: the minute's prices and intents, checkout and stock.
    /// Returns the minute's orders, revenue and abandoned carts.
    fn purchase(&mut self, t: u32, kind: usize, spotlight: Option<usize>) -> (u64, f64, u64) {
        let p = &self.params;
        let intent_k = p.content[kind].intent * if t >= p.fatigue_after { p.fatigue_intent } else { 1.0 };
        let delay_abandon = p.abandon_per_delay * p.payment_delay;

        // 2.2: each item's price, urgency and weight in the intent draw.
        self.weights.clear();
        let mut weight_sum = 0.0;
        for (i, item) in self.plan.items.iter().enumerate() {
            let mut price = item.price;
            let mut flash = None;
            let mut flash_running = false;
            for (o, offer) in self.live.offers.iter().enumerate() {
                match *offer {
                    OfferPlan::Discount { item: di, pct, start, end, .. } if di == i && start <= t && t < end => {
                        let d = item.price * (1.0 - pct);
                        if d < price {
                            price = d;
                            flash = None;
                        }
                    }
                    OfferPlan::Flash { item: fi, price: fp, start, end, .. }
                        if fi == i && start <= t && t < end && self.live.flash_left[o] > 0 =>
                    {
                        flash_running = true;
                        if fp <= price && flash.is_none_or(|f: usize| fp < flash_price(&self.live.offers[f])) {
                            price = fp;
                            flash = Some(o);
                        }
                    }
                    _ => {}
                }
            }
            let stock_left = self.available(i);
            let units_left = match flash {
                Some(o) => stock_left.min(self.live.flash_left[o]),
                None => stock_left,
            };
            let abandon = p.base_abandon + if price > p.threshold_price { p.threshold_extra } else { 0.0 };
            self.item_minute[i] = ItemMinute { price, flash, abandon: (abandon + delay_abandon).clamp(0.0, 1.0) };
            if self.plan.inventory_sync && units_left == 0 {
                continue;
            }
            let ip = &p.items[i];
            let response = if item.price > 0.0 && price != item.price {
                (price / item.price).powf(-ip.elasticity).min(MAX_PRICE_RESPONSE)
            } else {
                1.0
            };
            let mut urgency = if flash_running { 1.0 + p.flash_uplift } else { 1.0 };
            let shown = self.live.show_below;
            if shown > 0 && (1..=shown).contains(&units_left) {
                urgency *= 1.0 + p.scarcity_uplift;
            }
            let spot = if spotlight == Some(i) { 1.0 } else { p.background_share };
            let w = intent_k * ip.appeal * spot * response * urgency;
            if w > 0.0 {
                weight_sum += w;
                self.weights.push((i, w));
            }
        }
        if weight_sum <= 0.0 || !weight_sum.is_finite() {
            return (0, 0.0, 0);
        }

        // 2.3 and 2.4: intents per cohort, each completed or abandoned.
        let mut rng = SimRng::for_stream(self.seed, self.run, Stream::Purchases(t));
        for c in self.completed.iter_mut() {
            *c = [0; COHORTS];
        }
        let mut intents = 0;
        let mut abandoned = 0;
        // Per (segment, buyer): the chance a viewer intends to buy anything.
        // Scaling every q so they sum to 1 leaves each item's share of
        // intents as it was: only this total is capped.
        let intent_draw: [[Binomial; 2]; 2] = std::array::from_fn(|s| {
            std::array::from_fn(|b| {
                let factor = p.segments[s].intent * if b == 1 { p.repeat_factor } else { 1.0 };
                Binomial::new((factor * weight_sum).min(1.0))
            })
        });
        // The cohorts of a (segment, buyer) group share q: their intents are
        // one binomial over the group, spread over its channels uniformly
        // at random (multivariate hypergeometric), which is the same joint
        // law as a binomial per cohort, at a third of the draws.
        let mut by_channel = [0u64; 3];
        for (s, draws) in intent_draw.iter().enumerate() {
            for (b, draw) in draws.iter().enumerate() {
                let members = [cohort(s, 0, b), cohort(s, 1, b), cohort(s, 2, b)];
                let counts = members.map(|c| self.cohorts[c]);
                let n: u64 = counts.iter().sum();
                if n == 0 {
                    continue;
                }
                let k_group = draw.sample(&mut rng, n);
                if k_group == 0 {
                    continue;
                }
                intents += k_group;
                hypergeometric_split(&mut rng, &counts, k_group, &mut by_channel);
                for (&c, &k) in members.iter().zip(&by_channel) {
                    if k > 0 {
                        abandoned += self.assign_intents(&mut rng, c, k, weight_sum);
                    }
                }
            }
        }
        self.totals.intents += intents;
        self.totals.abandoned += abandoned;

        // 2.5: serve items in order; which completed orders are filled is uniformly random.
        let mut orders = 0;
        let mut revenue = 0.0;
        let mut filled = [0u64; COHORTS];
        let mut moves = [0u64; COHORTS];
        for i in 0..self.plan.items.len() {
            let completed = self.completed[i];
            let total: u64 = completed.iter().sum();
            if total == 0 {
                continue;
            }
            let im = self.item_minute[i];
            let mut available = self.available(i);
            if let Some(o) = im.flash {
                available = available.min(self.live.flash_left[o]);
            }
            let fill = total.min(available);
            if fill < total {
                hypergeometric_split(&mut rng, &completed, fill, &mut filled);
                if self.plan.inventory_sync {
                    self.totals.stockout_lost += total - fill;
                } else {
                    self.totals.oversold_cancelled += total - fill;
                }
            } else {
                filled = completed;
            }
            if fill == 0 {
                continue;
            }
            match &self.plan.items[i].kind {
                ItemKind::Product { .. } => self.stock[i] -= fill,
                ItemKind::Kit { components } => {
                    for &(prod, q) in components {
                        self.stock[prod] -= fill * q;
                    }
                }
            }
            if let Some(o) = im.flash {
                self.live.flash_left[o] -= fill;
            }
            let list = self.plan.items[i].price;
            let item_revenue = fill as f64 * im.price;
            orders += fill;
            revenue += item_revenue;
            self.items[i].orders += fill;
            self.items[i].revenue += item_revenue;
            self.totals.discount_given += fill as f64 * (list - im.price).max(0.0);
            self.totals.cogs += fill as f64 * self.unit_cost[i];
            for (c, &f) in filled.iter().enumerate() {
                if f == 0 {
                    continue;
                }
                self.channels[channel_of(c)].revenue += f as f64 * im.price;
                if !is_buyer(c) {
                    moves[c] += f;
                }
            }
        }
        for (c, &m) in moves.iter().enumerate() {
            if m > 0 {
                self.cohorts[c] -= m;
                self.cohorts[c + 1] += m;
                self.totals.buyers[segment_of(c)] += m;
                self.channels[channel_of(c)].buyers += m;
            }
        }
        self.totals.orders += orders;
        self.totals.revenue += revenue;
        (orders, revenue, abandoned)
    }

    /// Gives each of `k` intents of cohort `c` an item (by the minute's
    /// weights) and a checkout outcome; returns how many were abandoned.
    fn assign_intents(&mut self, rng: &mut SimRng, c: usize, k: u64, weight_sum: f64) -> u64 {
        let mut abandoned = 0;
        if k <= ONE_BY_ONE_MAX {
            for _ in 0..k {
                let mut x = rng.uniform() * weight_sum;
                let mut pick = self.weights[self.weights.len() - 1].0;
                for &(i, w) in &self.weights {
                    if x < w {
                        pick = i;
                        break;
                    }
                    x -= w;
                }
                self.items[pick].intents += 1;
                if rng.uniform() < self.item_minute[pick].abandon {
                    self.items[pick].abandoned += 1;
                    abandoned += 1;
                } else {
                    self.completed[pick][c] += 1;
                }
            }
        } else {
            let mut left = k;
            let mut mass = weight_sum;
            let last = self.weights.len() - 1;
            for (j, &(i, w)) in self.weights.iter().enumerate() {
                if left == 0 {
                    break;
                }
                let ki = if j == last { left } else { binomial(rng, left, w / mass) };
                left -= ki;
                mass -= w;
                if ki == 0 {
                    continue;
                }
                let done = binomial(rng, ki, 1.0 - self.item_minute[i].abandon);
                self.items[i].intents += ki;
                self.items[i].abandoned += ki - done;
                abandoned += ki - done;
                self.completed[i][c] += done;
            }
        }
        abandoned
    }

    /// 2.6: departures per cohort.
    fn depart(&mut self, t: u32, leave_k: f64) {
        let p = &self.params;
        let fatigue = if t >= p.fatigue_after { p.fatigue_leave } else { 1.0 };
        let hold = if self.live.holding(t) { 1.0 - p.announce_hold } else { 1.0 };
        let base = leave_k * fatigue * hold;
        let leave_draw: [[Binomial; 2]; 2] = std::array::from_fn(|s| {
            std::array::from_fn(|b| {
                let buyer = if b == 1 { p.buyer_leave_factor } else { 1.0 };
                Binomial::new((p.segments[s].leave * base * buyer).clamp(0.0, 1.0))
            })
        });
        let mut rng = SimRng::for_stream(self.seed, self.run, Stream::Departures(t));
        for c in 0..COHORTS {
            let n = self.cohorts[c];
            if n > 0 {
                self.cohorts[c] -= leave_draw[segment_of(c)][usize::from(is_buyer(c))].sample(&mut rng, n);
            }
        }
    }

    /// 2.7: chat messages, and the engagement rate that drives next minute's organic arrivals.
    fn chat(&mut self, t: u32, start_counts: &[u64; COHORTS], chat_k: f64, viewers: u64) -> u64 {
        let p = &self.params;
        let mean: f64 =
            start_counts.iter().enumerate().map(|(c, &n)| n as f64 * p.segments[segment_of(c)].chat).sum::<f64>()
                * chat_k;
        let mut rng = SimRng::for_stream(self.seed, self.run, Stream::Chat(t));
        let messages = poisson(&mut rng, mean);
        self.prev_engagement = messages as f64 / viewers.max(1) as f64;
        self.totals.chat += messages;
        messages
    }

    /// 2.8: lead magnets firing this minute.
    fn lead_magnets(&mut self, t: u32, viewers: u64) {
        let mut rng = None;
        for offer in &self.live.offers {
            if let OfferPlan::LeadMagnet { at, rate } = *offer {
                if at == t {
                    let rng = rng.get_or_insert_with(|| SimRng::for_stream(self.seed, self.run, Stream::Leads(t)));
                    self.totals.leads += binomial(rng, viewers, self.params.signup_rates[rate]);
                }
            }
        }
    }

    /// Runs the remaining minutes with no further actions.
    pub fn run_to_end(&mut self) {
        while self.step().is_some() {}
    }

    /// The run's outputs so far (the whole run's once [`Session::is_over`]).
    pub fn outputs(&self) -> RunOutputs {
        let tot = &self.totals;
        let p = &self.params;
        let ratio = |num: f64, den: f64| if den > 0.0 { Some(num / den) } else { None };
        let revenue = tot.revenue;
        let commission = p.commission_pct * revenue;
        let payment_fees = revenue * self.plan.fee_rate;
        let shipping = p.shipping_per_order * tot.orders as f64;
        let gross_margin = revenue - tot.cogs - commission - payment_fees - shipping;
        let ad_spend = self.plan.ad_spend;
        let fixed = p.fixed_costs;
        let buyers = tot.buyers[0] + tot.buyers[1];
        let mut k = [None; Kpi::COUNT];
        let mut set = |kpi: Kpi, v: Option<f64>| k[kpi as usize] = v.filter(|v| v.is_finite());
        set(Kpi::UniqueViewers, Some(tot.unique_viewers as f64));
        set(Kpi::PeakViewers, Some(tot.peak_viewers as f64));
        set(Kpi::AvgWatchMin, ratio(tot.viewer_minutes as f64, tot.unique_viewers as f64));
        set(Kpi::ChatMessages, Some(tot.chat as f64));
        set(Kpi::Intents, Some(tot.intents as f64));
        set(Kpi::CartAbandoned, Some(tot.abandoned as f64));
        set(Kpi::AbandonmentRate, ratio(tot.abandoned as f64, tot.intents as f64));
        set(Kpi::Orders, Some(tot.orders as f64));
        set(Kpi::Units, Some(tot.orders as f64));
        set(Kpi::Revenue, Some(revenue));
        set(Kpi::DiscountGiven, Some(tot.discount_given));
        set(Kpi::Cogs, Some(tot.cogs));
        set(Kpi::Commission, Some(commission));
        set(Kpi::PaymentFees, Some(payment_fees));
        set(Kpi::Shipping, Some(shipping));
        set(Kpi::GrossMargin, Some(gross_margin));
        set(Kpi::AdSpend, Some(ad_spend));
        set(Kpi::FixedCosts, Some(fixed));
        set(Kpi::Contribution, Some(gross_margin - ad_spend - fixed));
        set(Kpi::Buyers, Some(buyers as f64));
        set(Kpi::BuyersNew, Some(tot.buyers[0] as f64));
        set(Kpi::BuyersReturning, Some(tot.buyers[1] as f64));
        set(Kpi::ConversionRate, ratio(buyers as f64, tot.unique_viewers as f64));
        set(Kpi::Aov, ratio(revenue, tot.orders as f64));
        set(Kpi::Roas, ratio(revenue, ad_spend));
        set(Kpi::Cac, ratio(ad_spend + fixed, tot.buyers[0] as f64));
        set(Kpi::StockoutLost, Some(tot.stockout_lost as f64));
        set(Kpi::OversoldCancelled, Some(tot.oversold_cancelled as f64));
        set(Kpi::Leads, Some(tot.leads as f64));
        set(Kpi::CostPerLead, ratio(ad_spend + fixed, tot.leads as f64));
        RunOutputs { kpis: Kpis(k), items: self.items.clone(), channels: self.channels, minutes: self.minutes.clone() }
    }

    /// Runs to the end and returns the outputs.
    pub fn finish(mut self) -> RunOutputs {
        self.run_to_end();
        self.outputs()
    }
}

fn flash_price(offer: &OfferPlan) -> f64 {
    match *offer {
        OfferPlan::Flash { price, .. } => price,
        _ => f64::INFINITY,
    }
}
