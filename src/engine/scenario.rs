//! The `livesim/1` scenario file as typed serde structs: what the user wrote, before any checking.
//!
//! Optional fields stay `Option` here so a scenario round-trips as written
//! (an omitted field stays omitted); defaults are applied by
//! [`crate::engine::validate`], which turns a [`Scenario`] into a checked
//! [`crate::engine::plan::Plan`]. Unknown fields are rejected everywhere,
//! except under `"x"` (free-form notes), which any object may carry.

use std::collections::BTreeMap;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The schema this build reads and writes.
pub const SCHEMA: &str = "livesim/1";

/// Free-form notes, allowed on every object.
type Notes = Option<Value>;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub schema: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    pub duration_min: u32,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub targets: BTreeMap<String, f64>,
    #[serde(default)]
    pub audience: Audience,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub catalog: Vec<Product>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kits: Vec<Kit>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rundown: Vec<Block>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offers: Vec<Offer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Urgency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scarcity: Option<Scarcity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout: Option<Checkout>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<Costs>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory_sync: Option<bool>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub content: BTreeMap<String, ContentFactors>,
    /// Rank correlations between uncertain inputs (an extension of `livesim/1`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub correlations: Vec<Correlation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

/// A Spearman rank correlation between two uncertain inputs, named by their paths.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correlation {
    pub a: String,
    pub b: String,
    pub rho: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct: Option<Direct>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid: Option<Paid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organic: Option<Organic>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segments: Option<Segments>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background_share: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_factor: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_leave_factor: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announce_hold: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatigue: Option<Fatigue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Direct {
    pub followers: Uncertain,
    pub show_up_rate: Uncertain,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival_tau_min: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returning_share: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paid {
    pub budget: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_per_visit: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returning_share: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organic {
    pub base_per_min: Uncertain,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engagement_boost: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returning_share: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segments {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<SegmentRates>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returning: Option<SegmentRates>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentRates {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent_per_min: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leave_per_min: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_per_min: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fatigue {
    pub after_min: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leave_multiplier: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent_multiplier: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub price: f64,
    pub unit_cost: Uncertain,
    pub stock: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elasticity: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kit {
    pub id: String,
    pub name: String,
    /// Product id to the quantity of it in one kit.
    pub components: BTreeMap<String, u64>,
    pub price: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus_cost: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elasticity: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    pub start_min: u32,
    pub end_min: u32,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spotlight: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Offer {
    Discount(Discount),
    Flash(Flash),
    LeadMagnet(LeadMagnet),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discount {
    pub item: String,
    pub pct: f64,
    pub start_min: u32,
    pub end_min: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announce_min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flash {
    pub item: String,
    pub price: f64,
    pub qty: u64,
    pub start_min: u32,
    pub end_min: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announce_min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadMagnet {
    pub at_min: u32,
    pub signup_rate: Uncertain,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Urgency {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flash_uplift: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scarcity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_below: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uplift: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkout {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_abandon: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_price: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_extra: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_delay_min: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abandon_per_delay_min: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<PaymentMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentMethod {
    pub name: String,
    pub share: f64,
    pub fee_pct: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commission_pct: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_per_order: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

/// One content kind's factors; each one overrides its default on its own.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentFactors {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leave: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<Uncertain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

/// A number the user may give as a plain value or as a range (model section 6).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Uncertain {
    Fixed(f64),
    Range(RangeSpec),
}

impl From<f64> for Uncertain {
    fn from(v: f64) -> Self {
        Uncertain::Fixed(v)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeSpec {
    pub lo: f64,
    pub hi: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dist: Option<DistKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Notes,
}

pub use super::uncertain::DistKind;

// Hand-written so a wrong value says what is allowed, where an untagged enum
// would only say that "data did not match any variant".
impl<'de> Deserialize<'de> for Uncertain {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UncertainVisitor;
        impl<'de> Visitor<'de> for UncertainVisitor {
            type Value = Uncertain;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a range {\"lo\": .., \"hi\": ..}")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Uncertain, E> {
                Ok(Uncertain::Fixed(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Uncertain, E> {
                Ok(Uncertain::Fixed(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Uncertain, E> {
                Ok(Uncertain::Fixed(v as f64))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Uncertain, A::Error> {
                RangeSpec::deserialize(de::value::MapAccessDeserializer::new(map)).map(Uncertain::Range)
            }
        }
        deserializer.deserialize_any(UncertainVisitor)
    }
}
