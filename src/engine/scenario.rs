//! The `livesim/1` scenario file as typed structs: what the user wrote, before any checking.
//!
//! Optional fields stay `Option` here so a scenario round-trips as written
//! (an omitted field stays omitted); defaults are applied by
//! [`crate::engine::validate`], which turns a [`Scenario`] into a checked
//! [`crate::engine::plan::Plan`]. They are read by `engine::read` (not by a
//! derived `Deserialize`: see there why), which rejects unknown fields
//! everywhere, except under `"x"` (free-form notes), which any object may
//! carry; they are written by serde.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// The schema this build reads and writes.
pub const SCHEMA: &str = "livesim/1";

/// Free-form notes, allowed on every object.
type Notes = Option<Value>;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    pub schema: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    pub duration_min: u32,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub targets: BTreeMap<String, f64>,
    pub audience: Audience,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub catalog: Vec<Product>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kits: Vec<Kit>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rundown: Vec<Block>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub offers: Vec<Offer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Urgency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scarcity: Option<Scarcity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkout: Option<Checkout>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub costs: Option<Costs>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inventory_sync: Option<bool>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub content: BTreeMap<String, ContentFactors>,
    /// Rank correlations between uncertain inputs (an extension of `livesim/1`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub correlations: Vec<Correlation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

/// A Spearman rank correlation between two uncertain inputs, named by their paths.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Correlation {
    pub a: String,
    pub b: String,
    pub rho: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Audience {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct: Option<Direct>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paid: Option<Paid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organic: Option<Organic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segments: Option<Segments>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background_share: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_factor: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_leave_factor: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announce_hold: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fatigue: Option<Fatigue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Direct {
    pub followers: Uncertain,
    pub show_up_rate: Uncertain,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrival_tau_min: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returning_share: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Paid {
    pub budget: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_per_visit: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_min: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_min: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returning_share: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Organic {
    pub base_per_min: Uncertain,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engagement_boost: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returning_share: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Segments {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<SegmentRates>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returning: Option<SegmentRates>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SegmentRates {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intent_per_min: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leave_per_min: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat_per_min: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fatigue {
    pub after_min: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leave_multiplier: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intent_multiplier: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub price: f64,
    pub unit_cost: Uncertain,
    pub stock: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appeal: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elasticity: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kit {
    pub id: String,
    pub name: String,
    /// Product id to the quantity of it in one kit.
    pub components: BTreeMap<String, u64>,
    pub price: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bonus_cost: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appeal: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elasticity: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Block {
    pub start_min: u32,
    pub end_min: u32,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spotlight: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Offer {
    Discount(Discount),
    Flash(Flash),
    LeadMagnet(LeadMagnet),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Discount {
    pub item: String,
    pub pct: f64,
    pub start_min: u32,
    pub end_min: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announce_min: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flash {
    pub item: String,
    pub price: f64,
    pub qty: u64,
    pub start_min: u32,
    pub end_min: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announce_min: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeadMagnet {
    pub at_min: u32,
    pub signup_rate: Uncertain,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Urgency {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flash_uplift: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scarcity {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show_below: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uplift: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Checkout {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_abandon: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold_price: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold_extra: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_delay_min: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abandon_per_delay_min: Option<Uncertain>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<PaymentMethod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PaymentMethod {
    pub name: String,
    pub share: f64,
    pub fee_pct: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Costs {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commission_pct: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_per_order: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

/// One content kind's factors; each one overrides its default on its own.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ContentFactors {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leave: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intent: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat: Option<Uncertain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

/// A number the user may give as a plain value or as a range (model section 6).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Uncertain {
    Fixed(f64),
    Range(RangeSpec),
}

/// Stands in for a required field that is missing while a scenario is read (the read then fails).
impl Default for Uncertain {
    fn default() -> Self {
        Uncertain::Fixed(0.0)
    }
}

impl From<f64> for Uncertain {
    fn from(v: f64) -> Self {
        Uncertain::Fixed(v)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RangeSpec {
    pub lo: f64,
    pub hi: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dist: Option<DistKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

pub use super::uncertain::DistKind;

impl Scenario {
    /// The input at a path as validation names it (`audience.direct.show_up_rate`,
    /// `catalog[0].unit_cost`, `content.demo.leave`), if the file gives it.
    ///
    /// The paths are validation's (`validate::given_inputs` lists them); a test
    /// holds the two to each other for every input the model has.
    pub fn input_mut(&mut self, path: &str) -> Option<&mut Uncertain> {
        let (head, field) = path.split_once('.')?;
        if let Some((list, i)) = head.strip_suffix(']').and_then(|h| h.split_once('[')) {
            let i: usize = i.parse().ok()?;
            return match list {
                "catalog" => {
                    let p = self.catalog.get_mut(i)?;
                    match field {
                        "unit_cost" => Some(&mut p.unit_cost),
                        "appeal" => p.appeal.as_mut(),
                        "elasticity" => p.elasticity.as_mut(),
                        _ => None,
                    }
                }
                "kits" => {
                    let k = self.kits.get_mut(i)?;
                    match field {
                        "bonus_cost" => k.bonus_cost.as_mut(),
                        "appeal" => k.appeal.as_mut(),
                        "elasticity" => k.elasticity.as_mut(),
                        _ => None,
                    }
                }
                "offers" => match (self.offers.get_mut(i)?, field) {
                    (Offer::LeadMagnet(l), "signup_rate") => Some(&mut l.signup_rate),
                    _ => None,
                },
                _ => None,
            };
        }
        match head {
            "audience" => self.audience.input_mut(field),
            "content" => {
                let (kind, field) = field.rsplit_once('.')?;
                let f = self.content.get_mut(kind)?;
                match field {
                    "leave" => f.leave.as_mut(),
                    "intent" => f.intent.as_mut(),
                    "chat" => f.chat.as_mut(),
                    _ => None,
                }
            }
            "urgency" if field == "flash_uplift" => self.urgency.as_mut()?.flash_uplift.as_mut(),
            "scarcity" if field == "uplift" => self.scarcity.as_mut()?.uplift.as_mut(),
            "checkout" => {
                let c = self.checkout.as_mut()?;
                match field {
                    "base_abandon" => c.base_abandon.as_mut(),
                    "threshold_price" => c.threshold_price.as_mut(),
                    "threshold_extra" => c.threshold_extra.as_mut(),
                    "payment_delay_min" => c.payment_delay_min.as_mut(),
                    "abandon_per_delay_min" => c.abandon_per_delay_min.as_mut(),
                    _ => None,
                }
            }
            "costs" => {
                let c = self.costs.as_mut()?;
                match field {
                    "commission_pct" => c.commission_pct.as_mut(),
                    "shipping_per_order" => c.shipping_per_order.as_mut(),
                    "fixed" => c.fixed.as_mut(),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

impl Audience {
    fn input_mut(&mut self, path: &str) -> Option<&mut Uncertain> {
        let Some((group, field)) = path.split_once('.') else {
            return match path {
                "background_share" => self.background_share.as_mut(),
                "repeat_factor" => self.repeat_factor.as_mut(),
                "buyer_leave_factor" => self.buyer_leave_factor.as_mut(),
                "announce_hold" => self.announce_hold.as_mut(),
                _ => None,
            };
        };
        match group {
            "direct" => {
                let d = self.direct.as_mut()?;
                match field {
                    "followers" => Some(&mut d.followers),
                    "show_up_rate" => Some(&mut d.show_up_rate),
                    "arrival_tau_min" => d.arrival_tau_min.as_mut(),
                    "returning_share" => d.returning_share.as_mut(),
                    _ => None,
                }
            }
            "paid" => {
                let p = self.paid.as_mut()?;
                match field {
                    "cost_per_visit" => p.cost_per_visit.as_mut(),
                    "returning_share" => p.returning_share.as_mut(),
                    _ => None,
                }
            }
            "organic" => {
                let o = self.organic.as_mut()?;
                match field {
                    "base_per_min" => Some(&mut o.base_per_min),
                    "engagement_boost" => o.engagement_boost.as_mut(),
                    "returning_share" => o.returning_share.as_mut(),
                    _ => None,
                }
            }
            "segments" => {
                let (segment, field) = field.split_once('.')?;
                let segments = self.segments.as_mut()?;
                let rates = match segment {
                    "new" => segments.new.as_mut()?,
                    "returning" => segments.returning.as_mut()?,
                    _ => return None,
                };
                match field {
                    "intent_per_min" => rates.intent_per_min.as_mut(),
                    "leave_per_min" => rates.leave_per_min.as_mut(),
                    "chat_per_min" => rates.chat_per_min.as_mut(),
                    _ => None,
                }
            }
            "fatigue" => {
                let f = self.fatigue.as_mut()?;
                match field {
                    "leave_multiplier" => f.leave_multiplier.as_mut(),
                    "intent_multiplier" => f.intent_multiplier.as_mut(),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}
