//! The checked scenario (`Plan`) and one run's concrete numbers (`Params`).
//!
//! A [`Plan`] is what validation produces: ids resolved to indices, defaults
//! applied, every value in range. From there a run cannot fail. Decisions
//! (prices, stock, windows) live in the plan; every number the model lets be
//! uncertain lives in [`Params`], and the plan's [`UncertainInput`]s say which
//! of those a run redraws before it starts.

use super::correlation::CorrelatedGroup;
use super::uncertain::Dist;

pub const SEGMENTS: [&str; 2] = ["new", "returning"];
pub const CHANNELS: [&str; 3] = ["direct", "paid", "organic"];

/// The six content kinds every scenario has, with the model's defaults
/// (`leave`, `intent`, `chat`).
pub const DEFAULT_CONTENT: [(&str, [f64; 3]); 6] = [
    ("intro", [1.0, 0.5, 1.2]),
    ("demo", [0.75, 1.2, 1.4]),
    ("talk", [1.1, 0.9, 0.8]),
    ("qa", [0.9, 1.0, 2.0]),
    ("offer", [0.85, 1.3, 1.6]),
    ("closing", [1.3, 1.0, 1.0]),
];

/// Index of the `talk` kind: what a minute outside every block shows.
pub const TALK: usize = 2;

/// With the `app` feature a plan is also a serde type, so the page can hand
/// the plan it validated to its workers as is: a worker never parses or
/// validates, and nothing but a validated plan is ever sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub name: String,
    pub currency: String,
    pub duration: u32,
    /// Catalog products in file order, then kits in file order: the order
    /// in which orders are served (model 2.5).
    pub items: Vec<Item>,
    /// Content kind names; `params.content` is indexed the same way.
    pub kinds: Vec<String>,
    pub blocks: Vec<BlockPlan>,
    pub offers: Vec<OfferPlan>,
    pub paid_window: Option<(u32, u32)>,
    pub ad_spend: f64,
    pub show_below: u64,
    pub inventory_sync: bool,
    /// `sum(share * fee_pct)` over the checkout methods.
    pub fee_rate: f64,
    pub targets: Vec<Target>,
    pub base: Params,
    pub uncertain: Vec<UncertainInput>,
    /// Inputs of `uncertain` drawn jointly with rank correlations (an
    /// extension, see `correlation`); empty when the scenario declares none.
    pub correlated: Vec<CorrelatedGroup>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
    pub name: String,
    pub price: f64,
    pub kind: ItemKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ItemKind {
    Product {
        stock: u64,
    },
    /// Component product indices with the quantity of each in one kit.
    Kit {
        components: Vec<(usize, u64)>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BlockPlan {
    pub start: u32,
    pub end: u32,
    pub kind: usize,
    pub spotlight: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OfferPlan {
    Discount {
        item: usize,
        pct: f64,
        start: u32,
        end: u32,
        announce: Option<u32>,
    },
    Flash {
        item: usize,
        price: f64,
        qty: u64,
        start: u32,
        end: u32,
        announce: Option<u32>,
    },
    /// `rate` indexes `Params::signup_rates`.
    LeadMagnet {
        at: u32,
        rate: usize,
    },
}

impl OfferPlan {
    /// The first minute the offer can change anything: its announcement, its start, or the lead magnet's minute.
    pub fn first_effect(&self) -> u32 {
        match *self {
            OfferPlan::Discount { start, announce, .. } | OfferPlan::Flash { start, announce, .. } => {
                announce.unwrap_or(start).min(start)
            }
            OfferPlan::LeadMagnet { at, .. } => at,
        }
    }

    /// The offer's end minute, if it has a window.
    fn end(&self) -> Option<u32> {
        match *self {
            OfferPlan::Discount { end, .. } | OfferPlan::Flash { end, .. } => Some(end),
            OfferPlan::LeadMagnet { .. } => None,
        }
    }

    /// The offer with its window ending at `end` (a lead magnet is unchanged).
    fn ending_at(mut self, to: u32) -> OfferPlan {
        if let OfferPlan::Discount { end, .. } | OfferPlan::Flash { end, .. } = &mut self {
            *end = to;
        }
        self
    }

    /// Until which minute the offer acts as `other` does: a session reads an
    /// offer only from its [`first_effect`](Self::first_effect) to its end, so
    /// two versions act alike until the earlier first effect, or, when only
    /// the end moved, until the earlier end.
    fn alike_until(&self, other: &OfferPlan) -> u32 {
        match (self.end(), other.end()) {
            _ if self == other => u32::MAX,
            (Some(a), Some(b)) if self.ending_at(b) == *other => a.min(b),
            _ => self.first_effect().min(other.first_effect()),
        }
    }

    /// The window `announce_min <= t < start_min` that holds viewers.
    pub fn announce_window(&self) -> Option<(u32, u32)> {
        match *self {
            OfferPlan::Discount { announce: Some(a), start, .. }
            | OfferPlan::Flash { announce: Some(a), start, .. } => Some((a, start)),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    pub kpi: crate::outputs::Kpi,
    pub value: f64,
}

impl Target {
    /// Whether a run's value meets the target; an absent value never does.
    pub fn met_by(&self, value: Option<f64>) -> bool {
        match value {
            None => false,
            Some(v) if self.kpi.lower_is_better() => v <= self.value,
            Some(v) => v >= self.value,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SegmentParams {
    pub intent: f64,
    pub leave: f64,
    pub chat: f64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ContentParams {
    pub leave: f64,
    pub intent: f64,
    pub chat: f64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ItemParams {
    /// A product's `unit_cost`, or a kit's `bonus_cost` (its components' costs are added per run).
    pub cost: f64,
    pub appeal: f64,
    pub elasticity: f64,
}

/// Every number the model allows to be uncertain, as one run sees it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    pub followers: f64,
    pub show_up_rate: f64,
    pub arrival_tau: f64,
    pub cost_per_visit: f64,
    pub base_per_min: f64,
    pub engagement_boost: f64,
    /// Per channel, in [`CHANNELS`] order.
    pub returning_share: [f64; 3],
    /// Per segment, in [`SEGMENTS`] order.
    pub segments: [SegmentParams; 2],
    pub background_share: f64,
    pub repeat_factor: f64,
    pub buyer_leave_factor: f64,
    pub announce_hold: f64,
    pub fatigue_after: u32,
    pub fatigue_leave: f64,
    pub fatigue_intent: f64,
    pub items: Vec<ItemParams>,
    pub flash_uplift: f64,
    pub scarcity_uplift: f64,
    pub signup_rates: Vec<f64>,
    pub base_abandon: f64,
    /// `f64::INFINITY` when the scenario sets no threshold.
    pub threshold_price: f64,
    pub threshold_extra: f64,
    pub payment_delay: f64,
    pub abandon_per_delay: f64,
    pub commission_pct: f64,
    pub shipping_per_order: f64,
    pub fixed_costs: f64,
    pub content: Vec<ContentParams>,
}

/// A field of [`Params`] that a run may redraw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Followers,
    ShowUpRate,
    ArrivalTau,
    CostPerVisit,
    BasePerMin,
    EngagementBoost,
    ReturningShare(usize),
    SegmentIntent(usize),
    SegmentLeave(usize),
    SegmentChat(usize),
    BackgroundShare,
    RepeatFactor,
    BuyerLeaveFactor,
    AnnounceHold,
    FatigueLeave,
    FatigueIntent,
    ItemCost(usize),
    ItemAppeal(usize),
    ItemElasticity(usize),
    FlashUplift,
    ScarcityUplift,
    SignupRate(usize),
    BaseAbandon,
    ThresholdPrice,
    ThresholdExtra,
    PaymentDelay,
    AbandonPerDelay,
    CommissionPct,
    ShippingPerOrder,
    FixedCosts,
    ContentLeave(usize),
    ContentIntent(usize),
    ContentChat(usize),
}

impl Slot {
    /// Whether a drawn value is a probability, share or rate per minute,
    /// clamped to `[0, 1]` (model section 6); other draws are clamped to `>= 0`.
    pub fn is_probability(self) -> bool {
        matches!(
            self,
            Slot::ShowUpRate
                | Slot::ReturningShare(_)
                | Slot::SegmentIntent(_)
                | Slot::SegmentLeave(_)
                | Slot::BackgroundShare
                | Slot::AnnounceHold
                | Slot::SignupRate(_)
                | Slot::BaseAbandon
                | Slot::ThresholdExtra
                | Slot::AbandonPerDelay
                | Slot::CommissionPct
        )
    }
}

impl Params {
    pub fn slot_mut(&mut self, slot: Slot) -> &mut f64 {
        match slot {
            Slot::Followers => &mut self.followers,
            Slot::ShowUpRate => &mut self.show_up_rate,
            Slot::ArrivalTau => &mut self.arrival_tau,
            Slot::CostPerVisit => &mut self.cost_per_visit,
            Slot::BasePerMin => &mut self.base_per_min,
            Slot::EngagementBoost => &mut self.engagement_boost,
            Slot::ReturningShare(c) => &mut self.returning_share[c],
            Slot::SegmentIntent(s) => &mut self.segments[s].intent,
            Slot::SegmentLeave(s) => &mut self.segments[s].leave,
            Slot::SegmentChat(s) => &mut self.segments[s].chat,
            Slot::BackgroundShare => &mut self.background_share,
            Slot::RepeatFactor => &mut self.repeat_factor,
            Slot::BuyerLeaveFactor => &mut self.buyer_leave_factor,
            Slot::AnnounceHold => &mut self.announce_hold,
            Slot::FatigueLeave => &mut self.fatigue_leave,
            Slot::FatigueIntent => &mut self.fatigue_intent,
            Slot::ItemCost(i) => &mut self.items[i].cost,
            Slot::ItemAppeal(i) => &mut self.items[i].appeal,
            Slot::ItemElasticity(i) => &mut self.items[i].elasticity,
            Slot::FlashUplift => &mut self.flash_uplift,
            Slot::ScarcityUplift => &mut self.scarcity_uplift,
            Slot::SignupRate(o) => &mut self.signup_rates[o],
            Slot::BaseAbandon => &mut self.base_abandon,
            Slot::ThresholdPrice => &mut self.threshold_price,
            Slot::ThresholdExtra => &mut self.threshold_extra,
            Slot::PaymentDelay => &mut self.payment_delay,
            Slot::AbandonPerDelay => &mut self.abandon_per_delay,
            Slot::CommissionPct => &mut self.commission_pct,
            Slot::ShippingPerOrder => &mut self.shipping_per_order,
            Slot::FixedCosts => &mut self.fixed_costs,
            Slot::ContentLeave(k) => &mut self.content[k].leave,
            Slot::ContentIntent(k) => &mut self.content[k].intent,
            Slot::ContentChat(k) => &mut self.content[k].chat,
        }
    }
}

/// An input given as a range: where it is in the file, how it is drawn, where it goes.
#[derive(Clone, Debug, PartialEq)]
pub struct UncertainInput {
    /// The field's JSON path, e.g. `audience.direct.show_up_rate`.
    pub path: String,
    pub dist: Dist,
    pub slot: Slot,
}

impl Plan {
    /// The run's numbers: the plan's, with every uncertain input replaced by
    /// the matching value of `draws` (in `self.uncertain` order).
    pub fn params_with(&self, draws: &[f64]) -> Params {
        let mut params = self.base.clone();
        for (input, &value) in self.uncertain.iter().zip(draws) {
            *params.slot_mut(input.slot) = value;
        }
        params
    }

    /// How many opening minutes a run of `self` and a run of `other` with the
    /// same seed and index are certain to simulate identically: the live's
    /// length when the plans are equal, 0 when they differ anywhere but in
    /// the rundown and offers, else the first minute a differing block or offer
    /// can act differently. A session in these minutes can be forked onto the
    /// other plan ([`Session::fork`](super::session::Session::fork)); an
    /// optimisation of an offer's start minute simulates its shared opening once.
    pub fn shared_opening(&self, other: &Plan) -> u32 {
        // Destructured so that a new field of the plan must be considered here.
        let Plan {
            name,
            currency,
            duration,
            items,
            kinds,
            blocks,
            offers,
            paid_window,
            ad_spend,
            show_below,
            inventory_sync,
            fee_rate,
            targets,
            base,
            uncertain,
            correlated,
        } = self;
        let rest_equal = *name == other.name
            && *currency == other.currency
            && *duration == other.duration
            && *items == other.items
            && *kinds == other.kinds
            && *paid_window == other.paid_window
            && *ad_spend == other.ad_spend
            && *show_below == other.show_below
            && *inventory_sync == other.inventory_sync
            && *fee_rate == other.fee_rate
            && *targets == other.targets
            && *base == other.base
            && *uncertain == other.uncertain
            && *correlated == other.correlated;
        if !rest_equal || blocks.len() != other.blocks.len() || offers.len() != other.offers.len() {
            return 0;
        }
        // A block is looked up only by the minutes it covers (the first block
        // covering a minute wins), so a moved block changes nothing before the
        // earlier of its two starts, and a block whose end alone moved nothing
        // before the earlier end.
        let blocks_alike = blocks.iter().zip(&other.blocks).map(|(a, b)| {
            if a == b {
                u32::MAX
            } else if (BlockPlan { end: b.end, ..*a }) == *b {
                a.end.min(b.end)
            } else {
                a.start.min(b.start)
            }
        });
        let offers_alike = offers.iter().zip(&other.offers).map(|(a, b)| a.alike_until(b));
        blocks_alike.chain(offers_alike).fold(*duration, u32::min)
    }

    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|item| item.id == id)
    }

    pub fn kind_index(&self, name: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k == name)
    }
}
