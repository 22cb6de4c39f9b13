//! Decision variables: one setting of a scenario a strategist chooses (a flash sale's start, a discount's points), by name.
//!
//! A [`Decision`] names one number of a [`Scenario`]: it reads it ([`Decision::get`])
//! and writes it into a copy ([`Decision::apply`]). The copy is then checked like
//! any scenario ([`crate::engine::validate::check`]); a value the model refuses
//! (a 150 % discount, a window past the end) is an invalid candidate, never a panic.
//!
//! The textual form (for the command line and the app), `KIND:WHO.FIELD`:
//!
//! | text                   | the number                                                    |
//! |------------------------|---------------------------------------------------------------|
//! | `offer:N.start`        | offer `N`'s start minute (a lead magnet's `at_min`)            |
//! | `offer:N.length`       | a discount's or flash sale's length in minutes                 |
//! | `offer:N.percent`      | a discount's `pct`, in percent (`15` is `0.15`)                |
//! | `offer:N.price`        | a flash sale's price                                           |
//! | `offer:N.qty`          | a flash sale's units                                           |
//! | `kit:ID.price`         | a kit's price                                                  |
//! | `item:ID.price`        | a catalog product's price                                      |
//! | `item:ID.stock`        | a catalog product's stock                                      |
//! | `paid.budget`          | the paid channel's budget                                      |
//! | `block:N.order`        | rundown block `N`'s place in the running order (1 = first)     |
//! | `input:PATH`           | an input the file gives, fixed at the value (see below)        |
//!
//! Offers and rundown blocks have no id, so `N` is their index in the file
//! (0-based, as in the validation's paths: `offers[0]`); an offer may also be
//! named by the id of the item it is on (`offer:duo.price`) when exactly one
//! discount or flash sale is on that item.
//!
//! Moving an offer's start moves its whole window (end and announcement) by
//! as much, so its length stays; a length moves the end only. A block's order
//! takes the blocks in time order, moves the block to the given place and lays
//! them out again from the first start, each keeping its length and each gap
//! between consecutive blocks staying where it was, so the rundown covers the
//! same minutes; blocks keep their index in the list (so their names), and
//! offers do not move with them. Integer fields (minutes,
//! quantities, stock, order) take the value rounded to the nearest integer.
//!
//! An input is not a decision, but "how high must the show-up rate be?" is a
//! question about one: `input:audience.direct.show_up_rate` names an input as
//! validation errors name it ([`crate::engine::validate::given_inputs`] lists
//! them). Setting it fixes it at the value, a range included (its value in the
//! scenario is the range's mean), as if it were known; every other input keeps
//! its distribution. Correlations that name it are dropped, since a fixed value
//! moves with nothing. Only inputs the file gives can be set (one left to the
//! model's default is not in the document to change).

use serde::Serialize;

use super::order::order_by;
use super::scenario::{Offer, Scenario, Uncertain};
use super::validate::given_inputs;

/// Who an offer is: its index in `offers`, or the item it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OfferRef {
    Index(usize),
    Item(String),
}

impl std::fmt::Display for OfferRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OfferRef::Index(i) => write!(f, "{i}"),
            OfferRef::Item(id) => f.write_str(id),
        }
    }
}

/// Which number of an offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferField {
    Start,
    Length,
    Percent,
    Price,
    Qty,
}

impl OfferField {
    fn name(self) -> &'static str {
        match self {
            OfferField::Start => "start",
            OfferField::Length => "length",
            OfferField::Percent => "percent",
            OfferField::Price => "price",
            OfferField::Qty => "qty",
        }
    }
}

/// One setting of a scenario that a strategist chooses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    Offer(OfferRef, OfferField),
    KitPrice(String),
    ItemPrice(String),
    ItemStock(String),
    PaidBudget,
    BlockOrder(usize),
    /// An uncertain-capable input, by path (`audience.direct.show_up_rate`).
    Input(String),
}

/// Why a decision's text does not parse, or why it cannot be read or set on a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum DecisionError {
    /// The text is not `KIND:WHO.FIELD` or `paid.budget`.
    Syntax(String),
    /// An unknown kind before the colon.
    UnknownKind(String),
    /// A field the kind does not have: (kind, field, the fields it has).
    UnknownField(&'static str, String, &'static str),
    /// An empty name, or a block index that is not a number.
    BadName(String),
    /// The scenario has nothing of that name (the decision's text).
    NotFound(String),
    /// The offer exists but has no such field, e.g. a discount's price: (decision, offer kind).
    NotApplicable(String, &'static str),
    /// More than one offer is on the item: (item, how many).
    Ambiguous(String, usize),
    /// The value cannot be held by the field: (decision, value, why).
    BadValue(String, f64, &'static str),
}

impl std::fmt::Display for DecisionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecisionError::Syntax(text) => write!(
                f,
                "`{text}` is not a decision: expected KIND:WHO.FIELD (offer:0.start, kit:duo.price, item:serum.stock, \
                 block:2.order, input:audience.direct.show_up_rate) or paid.budget"
            ),
            DecisionError::UnknownKind(kind) => {
                write!(f, "unknown decision kind `{kind}`: expected offer, kit, item, block, input or paid")
            }
            DecisionError::UnknownField(kind, field, fields) => {
                write!(f, "{kind} has no decision `{field}`: expected {fields}")
            }
            DecisionError::BadName(text) => write!(f, "`{text}`: {}", bad_name_reason(text)),
            DecisionError::NotFound(d) => write!(f, "{d}: {}", not_found_reason(d)),
            DecisionError::NotApplicable(d, kind) => write!(f, "{d}: a {kind} offer has no such setting"),
            DecisionError::Ambiguous(item, n) => {
                write!(f, "offer:{item}: {n} offers are on item {item}; name one by its index (offer:0)")
            }
            DecisionError::BadValue(d, v, why) => write!(f, "{d} = {v}: {why}"),
        }
    }
}

fn bad_name_reason(text: &str) -> &'static str {
    if text.starts_with("block:") { "a block is named by its index in the rundown (block:0)" } else { "empty name" }
}

fn not_found_reason(d: &str) -> &'static str {
    match d.split(':').next() {
        Some("offer") => "no such offer",
        Some("kit") => "no kit of that id",
        Some("item") => "no catalog product of that id",
        Some("block") => "no rundown block of that index",
        Some("input") => "the scenario gives no input at that path (one left to the model's default cannot be set)",
        _ => "the scenario has no paid channel",
    }
}

impl std::error::Error for DecisionError {}

const OFFER_FIELDS: &str = "start, length, percent, price or qty";

impl std::str::FromStr for Decision {
    type Err = DecisionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text == "paid.budget" {
            return Ok(Decision::PaidBudget);
        }
        let syntax = || DecisionError::Syntax(text.to_string());
        if let Some(path) = text.strip_prefix("input:") {
            return match path.trim() {
                "" => Err(DecisionError::BadName(text.to_string())),
                path => Ok(Decision::Input(path.to_string())),
            };
        }
        let (kind, rest) = text.split_once(':').ok_or_else(syntax)?;
        let (who, field) = rest.rsplit_once('.').ok_or_else(syntax)?;
        if who.is_empty() {
            return Err(DecisionError::BadName(text.to_string()));
        }
        let unknown = |kind: &'static str, fields: &'static str| {
            Err(DecisionError::UnknownField(kind, field.to_string(), fields))
        };
        match kind {
            "offer" => {
                let field = match field {
                    "start" => OfferField::Start,
                    "length" => OfferField::Length,
                    "percent" => OfferField::Percent,
                    "price" => OfferField::Price,
                    "qty" => OfferField::Qty,
                    _ => return unknown("offer", OFFER_FIELDS),
                };
                let who = match who.parse::<usize>() {
                    Ok(i) => OfferRef::Index(i),
                    Err(_) => OfferRef::Item(who.to_string()),
                };
                Ok(Decision::Offer(who, field))
            }
            "kit" => match field {
                "price" => Ok(Decision::KitPrice(who.to_string())),
                _ => unknown("kit", "price"),
            },
            "item" => match field {
                "price" => Ok(Decision::ItemPrice(who.to_string())),
                "stock" => Ok(Decision::ItemStock(who.to_string())),
                _ => unknown("item", "price or stock"),
            },
            "block" => match field {
                "order" => who.parse().map(Decision::BlockOrder).map_err(|_| DecisionError::BadName(text.to_string())),
                _ => unknown("block", "order"),
            },
            "paid" => Err(syntax()),
            _ => Err(DecisionError::UnknownKind(kind.to_string())),
        }
    }
}

impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Decision::Offer(who, field) => write!(f, "offer:{who}.{}", field.name()),
            Decision::KitPrice(id) => write!(f, "kit:{id}.price"),
            Decision::ItemPrice(id) => write!(f, "item:{id}.price"),
            Decision::ItemStock(id) => write!(f, "item:{id}.stock"),
            Decision::PaidBudget => f.write_str("paid.budget"),
            Decision::BlockOrder(i) => write!(f, "block:{i}.order"),
            Decision::Input(path) => write!(f, "input:{path}"),
        }
    }
}

impl Serialize for Decision {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The value rounded to an integer field of at most `max`, or why it cannot be.
fn integer(d: &Decision, value: f64, max: f64) -> Result<f64, DecisionError> {
    let bad = |why| Err(DecisionError::BadValue(d.to_string(), value, why));
    if !value.is_finite() {
        return bad("not a number");
    }
    let v = value.round();
    if v < 0.0 {
        return bad("below 0");
    }
    if v > max {
        return bad("too large");
    }
    Ok(v)
}

impl Decision {
    /// Whether the field holds whole numbers (minutes, units, stock, places).
    pub fn is_integer(&self) -> bool {
        match self {
            Decision::Offer(_, field) => matches!(field, OfferField::Start | OfferField::Length | OfferField::Qty),
            Decision::ItemStock(_) | Decision::BlockOrder(_) => true,
            Decision::KitPrice(_) | Decision::ItemPrice(_) | Decision::PaidBudget | Decision::Input(_) => false,
        }
    }

    fn offer_index(&self, who: &OfferRef, s: &Scenario) -> Result<usize, DecisionError> {
        match who {
            OfferRef::Index(i) if *i < s.offers.len() => Ok(*i),
            OfferRef::Index(_) => Err(DecisionError::NotFound(self.to_string())),
            OfferRef::Item(id) => {
                let on_item: Vec<usize> = s
                    .offers
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| match o {
                        Offer::Discount(d) => d.item == *id,
                        Offer::Flash(f) => f.item == *id,
                        Offer::LeadMagnet(_) => false,
                    })
                    .map(|(i, _)| i)
                    .collect();
                match on_item[..] {
                    [i] => Ok(i),
                    [] => Err(DecisionError::NotFound(self.to_string())),
                    _ => Err(DecisionError::Ambiguous(id.clone(), on_item.len())),
                }
            }
        }
    }

    /// Checks that the scenario has the setting (so a typo is caught before any run).
    pub fn resolve(&self, s: &Scenario) -> Result<f64, DecisionError> {
        let not_found = || DecisionError::NotFound(self.to_string());
        let not_applicable = |kind| Err(DecisionError::NotApplicable(self.to_string(), kind));
        match self {
            Decision::Offer(who, field) => {
                let offer = &s.offers[self.offer_index(who, s)?];
                match (offer, field) {
                    (Offer::Discount(d), OfferField::Start) => Ok(f64::from(d.start_min)),
                    (Offer::Flash(o), OfferField::Start) => Ok(f64::from(o.start_min)),
                    (Offer::LeadMagnet(l), OfferField::Start) => Ok(f64::from(l.at_min)),
                    (Offer::Discount(d), OfferField::Length) => Ok(f64::from(d.end_min) - f64::from(d.start_min)),
                    (Offer::Flash(o), OfferField::Length) => Ok(f64::from(o.end_min) - f64::from(o.start_min)),
                    (Offer::Discount(d), OfferField::Percent) => Ok(d.pct * 100.0),
                    (Offer::Flash(o), OfferField::Price) => Ok(o.price),
                    (Offer::Flash(o), OfferField::Qty) => Ok(o.qty as f64),
                    (Offer::Discount(_), _) => not_applicable("discount"),
                    (Offer::Flash(_), _) => not_applicable("flash"),
                    (Offer::LeadMagnet(_), _) => not_applicable("lead_magnet"),
                }
            }
            Decision::KitPrice(id) => s.kits.iter().find(|k| k.id == *id).map(|k| k.price).ok_or_else(not_found),
            Decision::ItemPrice(id) => s.catalog.iter().find(|p| p.id == *id).map(|p| p.price).ok_or_else(not_found),
            Decision::ItemStock(id) => {
                s.catalog.iter().find(|p| p.id == *id).map(|p| p.stock as f64).ok_or_else(not_found)
            }
            Decision::PaidBudget => s.audience.paid.as_ref().map(|p| p.budget).ok_or_else(not_found),
            Decision::BlockOrder(i) => {
                if *i >= s.rundown.len() {
                    return Err(not_found());
                }
                Ok((time_order(s).iter().position(|&j| j == *i).expect("every block is in the order") + 1) as f64)
            }
            Decision::Input(path) => {
                given_inputs(s).into_iter().find(|i| i.path == *path).map(|i| i.value).ok_or_else(not_found)
            }
        }
    }

    /// The setting's value in `s`; `None` when the scenario has no such setting.
    pub fn get(&self, s: &Scenario) -> Option<f64> {
        self.resolve(s).ok()
    }

    /// A copy of `s` with the setting at `value` (rounded for an integer field).
    /// The copy is not checked: run it through [`crate::engine::validate::check`].
    pub fn apply(&self, s: &Scenario, value: f64) -> Result<Scenario, DecisionError> {
        self.resolve(s)?;
        if !value.is_finite() {
            return Err(DecisionError::BadValue(self.to_string(), value, "not a number"));
        }
        let minutes = |v| integer(self, v, f64::from(u32::MAX));
        let mut out = s.clone();
        match self {
            Decision::Offer(who, field) => {
                let i = self.offer_index(who, s)?;
                match (&mut out.offers[i], field) {
                    (Offer::Discount(d), OfferField::Start) => {
                        (d.start_min, d.end_min, d.announce_min) =
                            shift(self, value, d.start_min, d.end_min, d.announce_min)?;
                    }
                    (Offer::Flash(o), OfferField::Start) => {
                        (o.start_min, o.end_min, o.announce_min) =
                            shift(self, value, o.start_min, o.end_min, o.announce_min)?;
                    }
                    (Offer::LeadMagnet(l), OfferField::Start) => l.at_min = minutes(value)? as u32,
                    (Offer::Discount(d), OfferField::Length) => d.end_min = end_after(self, d.start_min, value)?,
                    (Offer::Flash(o), OfferField::Length) => o.end_min = end_after(self, o.start_min, value)?,
                    (Offer::Discount(d), OfferField::Percent) => d.pct = value / 100.0,
                    (Offer::Flash(o), OfferField::Price) => o.price = value,
                    (Offer::Flash(o), OfferField::Qty) => o.qty = integer(self, value, 1e15)? as u64,
                    _ => unreachable!("resolve refused the other pairs"),
                }
            }
            Decision::KitPrice(id) => out.kits.iter_mut().filter(|k| k.id == *id).for_each(|k| k.price = value),
            Decision::ItemPrice(id) => out.catalog.iter_mut().filter(|p| p.id == *id).for_each(|p| p.price = value),
            Decision::ItemStock(id) => {
                let stock = integer(self, value, 1e15)? as u64;
                out.catalog.iter_mut().filter(|p| p.id == *id).for_each(|p| p.stock = stock);
            }
            Decision::PaidBudget => {
                if let Some(paid) = out.audience.paid.as_mut() {
                    paid.budget = value;
                }
            }
            Decision::BlockOrder(i) => {
                let place = integer(self, value, s.rundown.len() as f64)? as usize;
                if place == 0 {
                    return Err(DecisionError::BadValue(self.to_string(), value, "places start at 1"));
                }
                out.rundown = reorder(s, *i, place - 1);
            }
            Decision::Input(path) => {
                out = fix_input(s, path, value).map_err(|why| DecisionError::BadValue(self.to_string(), value, why))?;
            }
        }
        Ok(out)
    }
}

/// `s` with the input at `path` (which it gives) fixed at `value`, and no correlation naming it.
fn fix_input(s: &Scenario, path: &str, value: f64) -> Result<Scenario, &'static str> {
    let mut out = s.clone();
    *out.input_mut(path).ok_or("no such input")? = Uncertain::Fixed(value);
    out.correlations.retain(|c| c.a != path && c.b != path);
    Ok(out)
}

/// A window moved to start at `value`, keeping its length and its announcement's lead.
fn shift(
    d: &Decision,
    value: f64,
    start: u32,
    end: u32,
    announce: Option<u32>,
) -> Result<(u32, u32, Option<u32>), DecisionError> {
    let new_start = integer(d, value, f64::from(u32::MAX))?;
    let delta = new_start - f64::from(start);
    let moved = |m: u32| {
        let v = f64::from(m) + delta;
        if v < 0.0 {
            Err(DecisionError::BadValue(d.to_string(), value, "moves the announcement before minute 0"))
        } else if v > f64::from(u32::MAX) {
            Err(DecisionError::BadValue(d.to_string(), value, "too large"))
        } else {
            Ok(v as u32)
        }
    };
    Ok((new_start as u32, moved(end)?, announce.map(moved).transpose()?))
}

fn end_after(d: &Decision, start: u32, length: f64) -> Result<u32, DecisionError> {
    let end = f64::from(start) + integer(d, length, f64::from(u32::MAX))?;
    if end > f64::from(u32::MAX) {
        return Err(DecisionError::BadValue(d.to_string(), length, "too large"));
    }
    Ok(end as u32)
}

/// Block indices by start minute (then file order).
fn time_order(s: &Scenario) -> Vec<usize> {
    let starts: Vec<f64> = s.rundown.iter().map(|b| f64::from(b.start_min)).collect();
    order_by(&starts)
}

/// The rundown with block `block` moved to 0-based place `place` of the running
/// order, re-timed as the module's comment says. Blocks keep their index in the
/// list (only their minutes change), so a block's name stays the same.
fn reorder(s: &Scenario, block: usize, place: usize) -> Vec<super::scenario::Block> {
    let slots = time_order(s);
    let blocks = &s.rundown;
    // The gap before each slot (from the previous slot's end), kept by position.
    let gaps: Vec<i64> =
        (0..slots.len())
            .map(|j| {
                if j == 0 { 0 } else { i64::from(blocks[slots[j]].start_min) - i64::from(blocks[slots[j - 1]].end_min) }
            })
            .collect();
    let mut order = slots.clone();
    let from = order.iter().position(|&i| i == block).expect("the block is in the order");
    let moving = order.remove(from);
    order.insert(place.min(order.len()), moving);
    let mut out = blocks.clone();
    let mut cursor = i64::from(blocks[slots[0]].start_min);
    for (&i, gap) in order.iter().zip(&gaps) {
        let b = &mut out[i];
        let len = i64::from(b.end_min) - i64::from(b.start_min);
        let start = (cursor + gap).max(0);
        cursor = start + len;
        b.start_min = start.clamp(0, i64::from(u32::MAX)) as u32;
        b.end_min = cursor.clamp(0, i64::from(u32::MAX)) as u32;
    }
    out
}

/// At most this many values in a [`Range`].
pub const MAX_VALUES: usize = 201;

/// Evenly spaced values `from, from + step, ..` up to `to` (included when on the grid).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Range {
    pub from: f64,
    pub to: f64,
    pub step: f64,
}

/// Why a range is refused.
#[derive(Clone, Debug, PartialEq)]
pub enum RangeError {
    Syntax(String),
    NotFinite,
    StepNotPositive(f64),
    Reversed { from: f64, to: f64 },
    TooMany(usize),
}

impl std::fmt::Display for RangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RangeError::Syntax(text) => write!(f, "`{text}` is not a range: expected FROM..TO or FROM..TO:STEP"),
            RangeError::NotFinite => f.write_str("a range's bounds and step must be finite numbers"),
            RangeError::StepNotPositive(step) => write!(f, "the step must be above 0, got {step}"),
            RangeError::Reversed { from, to } => write!(f, "the range runs backwards: {from} is above {to}"),
            RangeError::TooMany(n) => write!(f, "the range has {n} values; at most {MAX_VALUES}: use a larger step"),
        }
    }
}

impl std::error::Error for RangeError {}

impl Range {
    /// A checked range.
    pub fn new(from: f64, to: f64, step: f64) -> Result<Range, RangeError> {
        let r = Range { from, to, step };
        r.count()?;
        Ok(r)
    }

    /// How many values the range holds.
    pub fn count(&self) -> Result<usize, RangeError> {
        if !(self.from.is_finite() && self.to.is_finite() && self.step.is_finite()) {
            return Err(RangeError::NotFinite);
        }
        if self.step <= 0.0 {
            return Err(RangeError::StepNotPositive(self.step));
        }
        if self.from > self.to {
            return Err(RangeError::Reversed { from: self.from, to: self.to });
        }
        // A hair of tolerance so that 0..1:0.1 includes 1.
        let n = ((self.to - self.from) / self.step * (1.0 + 1e-12) + 1e-9).floor() + 1.0;
        if n > MAX_VALUES as f64 {
            return Err(RangeError::TooMany(if n < 1e12 { n as usize } else { usize::MAX }));
        }
        Ok(n as usize)
    }

    /// The values, each computed as `from + i * step` (no accumulated rounding).
    pub fn values(&self) -> Result<Vec<f64>, RangeError> {
        Ok((0..self.count()?).map(|i| (self.from + i as f64 * self.step).min(self.to)).collect())
    }

    /// `FROM..TO:STEP`; without `:STEP`, `default_step` (e.g. 1 for an integer field), or an error if `None`.
    pub fn parse(text: &str, default_step: Option<f64>) -> Result<Range, RangeError> {
        let syntax = || RangeError::Syntax(text.to_string());
        let (bounds, step) = match text.split_once(':') {
            Some((b, s)) => (b, Some(s.trim().parse::<f64>().map_err(|_| syntax())?)),
            None => (text, default_step),
        };
        let (from, to) = bounds.split_once("..").ok_or_else(syntax)?;
        let from: f64 = from.trim().parse().map_err(|_| syntax())?;
        let to: f64 = to.trim().parse().map_err(|_| syntax())?;
        Range::new(from, to, step.ok_or_else(syntax)?)
    }
}

/// `FROM..TO:STEP`, always with the step, each number the shortest decimal that reads
/// back to the same `f64`: [`Range::parse`] of it gives this range exactly.
impl std::fmt::Display for Range {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}:{}", self.from, self.to, self.step)
    }
}

/// `DECISION=RANGE`, e.g. `offer:1.start=30..90:5`: a decision and the values it may take.
/// Without a step, an integer field steps by 1; other fields need one.
pub fn parse_decision_range(text: &str) -> Result<(Decision, Range), String> {
    let (d, r) = text.split_once('=').ok_or_else(|| format!("`{text}`: expected DECISION=FROM..TO[:STEP]"))?;
    let d: Decision = d.parse().map_err(|e: DecisionError| e.to_string())?;
    let step = d.is_integer().then_some(1.0);
    let r = Range::parse(r, step).map_err(|e| match (e, step) {
        (RangeError::Syntax(t), None) => {
            format!("{d}: `{t}` is not a range: expected FROM..TO:STEP (a step is needed)")
        }
        (e, _) => format!("{d}: {e}"),
    })?;
    Ok((d, r))
}

/// `DECISION=FROM..TO`, e.g. `offer:0.percent=0..40`: a decision and a bracket to search.
pub fn parse_decision_bracket(text: &str) -> Result<(Decision, f64, f64), String> {
    let (d, r) = text.split_once('=').ok_or_else(|| format!("`{text}`: expected DECISION=FROM..TO"))?;
    let d: Decision = d.parse().map_err(|e: DecisionError| e.to_string())?;
    let bad = || format!("{d}: `{r}` is not a bracket: expected FROM..TO");
    let (from, to) = r.split_once("..").ok_or_else(bad)?;
    let from: f64 = from.trim().parse().map_err(|_| bad())?;
    let to: f64 = to.trim().parse().map_err(|_| bad())?;
    Ok((d, from, to))
}

/// `DECISION=DELTA`, e.g. `offer:0.percent=5`: a decision and how far to move it each way.
pub fn parse_decision_delta(text: &str) -> Result<(Decision, f64), String> {
    let (d, delta) = text.split_once('=').ok_or_else(|| format!("`{text}`: expected DECISION=DELTA"))?;
    let d: Decision = d.parse().map_err(|e: DecisionError| e.to_string())?;
    match delta.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok((d, v)),
        _ => Err(format!("{d}: the delta must be a number above 0, got `{delta}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips() {
        for text in [
            "offer:0.start",
            "offer:duo.price",
            "offer:3.length",
            "offer:1.percent",
            "offer:1.qty",
            "kit:duo.price",
            "item:serum.price",
            "item:serum.stock",
            "paid.budget",
            "block:2.order",
        ] {
            let d: Decision = text.parse().unwrap();
            assert_eq!(d.to_string(), text);
        }
    }

    #[test]
    fn ranges_hold_their_ends_and_refuse_nonsense() {
        assert_eq!(Range::new(0.0, 1.0, 0.1).unwrap().values().unwrap().len(), 11);
        assert_eq!(Range::new(30.0, 90.0, 5.0).unwrap().values().unwrap().last(), Some(&90.0));
        assert_eq!(Range::new(0.0, 10.0, 3.0).unwrap().values().unwrap(), [0.0, 3.0, 6.0, 9.0]);
        assert_eq!(Range::new(5.0, 5.0, 1.0).unwrap().values().unwrap(), [5.0]);
        assert_eq!(Range::new(0.0, 200.0, 1.0).unwrap().count().unwrap(), 201);
        assert_eq!(Range::new(0.0, 201.0, 1.0), Err(RangeError::TooMany(202)));
        assert_eq!(Range::new(0.0, 1.0, 0.0), Err(RangeError::StepNotPositive(0.0)));
        assert_eq!(Range::new(2.0, 1.0, 1.0), Err(RangeError::Reversed { from: 2.0, to: 1.0 }));
        assert_eq!(Range::new(0.0, f64::INFINITY, 1.0), Err(RangeError::NotFinite));
    }
}
