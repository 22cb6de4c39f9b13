//! Parse, then check: JSON text to [`Scenario`], and a [`Scenario`] to a trusted [`Plan`].
//!
//! Parsing stops at the first structural problem (bad JSON, a wrong type, an
//! unknown field) and names its path. Checking collects every problem it
//! finds, each with the path of the field at fault, so a user sees all of
//! them at once. Nothing here panics, whatever the input.

use std::collections::{BTreeMap, HashSet};

use super::correlation::{self, CorrelatedGroup};
use super::outputs::Kpi;
use super::plan::{
    BlockPlan, ContentParams, DEFAULT_CONTENT, Item, ItemKind, ItemParams, OfferPlan, Params, Plan, SegmentParams,
    Slot, Target, UncertainInput,
};
use super::read;
use super::scenario::{self, Offer, SCHEMA, Scenario, Uncertain};
use super::uncertain::{Dist, RangeError};

pub use super::uncertain::{MAX_AMOUNT, MAX_FACTOR};

/// A number as a person reads it: `-5`, `0.06`, `1e300` (not three hundred digits).
pub struct Num(pub f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        if v != 0.0 && (v.abs() >= 1e15 || v.abs() < 1e-6) { write!(f, "{v:e}") } else { write!(f, "{v}") }
    }
}

/// A problem with one field of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioError {
    /// JSON path of the field, e.g. `catalog[2].price` (empty for the whole file).
    pub path: String,
    pub problem: Problem,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// Not JSON, or not of the expected shape (serde's own words).
    Json(String),
    UnsupportedSchema(String),
    AtLeast {
        min: f64,
        got: f64,
    },
    Above {
        min: f64,
        got: f64,
    },
    AtMost {
        max: f64,
        got: f64,
    },
    Between {
        lo: f64,
        hi: f64,
        got: f64,
    },
    Required(&'static str),
    NoItem(String),
    NotAProduct(String),
    DuplicateId(String),
    UnknownKind(String),
    UnknownOutput(String),
    EmptyText,
    BadCurrency(String),
    WindowEmpty {
        start: u32,
        end: u32,
    },
    AfterEnd {
        got: u32,
        duration: u32,
    },
    AnnounceNotBefore {
        announce: u32,
        start: u32,
    },
    NotDuringLive {
        at: u32,
        duration: u32,
    },
    SharesSum(f64),
    NoComponents,
    Range(RangeError),
    MayDrawZero,
    /// NaN or infinite (JSON cannot hold these, but a `Scenario` built in code can).
    NotFinite(f64),
    /// A correlation names a field that is not given as a range.
    NotUncertain(String),
    /// A correlation between an input and itself.
    SelfCorrelation,
    /// The same pair of inputs as the correlation at this index.
    RepeatedPair(usize),
    /// The correlations between these inputs admit no joint distribution.
    Contradictory(Vec<String>),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Json(msg) => f.write_str(msg),
            Problem::UnsupportedSchema(found) => {
                write!(f, "unsupported schema \"{found}\": this version of livesim reads \"{SCHEMA}\"")
            }
            Problem::AtLeast { min, got } => write!(f, "must be >= {}, got {}", Num(*min), Num(*got)),
            Problem::Above { min, got } => write!(f, "must be > {}, got {}", Num(*min), Num(*got)),
            Problem::AtMost { max, got } => write!(f, "must be <= {}, got {}", Num(*max), Num(*got)),
            Problem::Between { lo, hi, got } => {
                write!(f, "must be between {} and {}, got {}", Num(*lo), Num(*hi), Num(*got))
            }
            Problem::Required(why) => write!(f, "required {why}"),
            Problem::NoItem(id) => write!(f, "no item \"{id}\""),
            Problem::NotAProduct(id) => write!(f, "\"{id}\" is a kit; kit components must be catalog products"),
            Problem::DuplicateId(id) => write!(f, "id \"{id}\" is used more than once (products and kits share ids)"),
            Problem::UnknownKind(kind) => {
                write!(
                    f,
                    "unknown content kind \"{kind}\" (use one of the six built-in kinds or declare it in content)"
                )
            }
            Problem::UnknownOutput(name) => write!(f, "unknown output \"{name}\""),
            Problem::EmptyText => f.write_str("must not be empty"),
            Problem::BadCurrency(code) => {
                write!(f, "\"{code}\" is not an ISO 4217 code (three capital letters, e.g. BRL)")
            }
            Problem::WindowEmpty { start, end } => write!(f, "start_min must be < end_min, got {start} and {end}"),
            Problem::AfterEnd { got, duration } => write!(f, "must be <= duration_min ({duration}), got {got}"),
            Problem::AnnounceNotBefore { announce, start } => {
                write!(f, "must be < start_min ({start}), got {announce}")
            }
            Problem::NotDuringLive { at, duration } => {
                write!(f, "must be a minute of the live, 0 to {}, got {at}", duration.saturating_sub(1))
            }
            Problem::SharesSum(sum) => write!(f, "method shares must sum to 1, got {sum}"),
            Problem::NoComponents => f.write_str("a kit needs at least one component"),
            Problem::Range(e) => write!(f, "{e}"),
            Problem::MayDrawZero => {
                f.write_str("must stay > 0: use a range with lo > 0 that is lognormal, uniform or triangular")
            }
            Problem::NotFinite(got) => write!(f, "must be a finite number, got {got}"),
            Problem::NotUncertain(path) => {
                write!(f, "\"{path}\" is not an uncertain input of this scenario (give it a range)")
            }
            Problem::SelfCorrelation => f.write_str("must name another input than a"),
            Problem::RepeatedPair(first) => write!(f, "repeats the pair of correlations[{first}]"),
            Problem::Contradictory(paths) => {
                f.write_str("the correlations between ")?;
                for (i, p) in paths.iter().enumerate() {
                    let sep = match i {
                        0 => "",
                        _ if i + 1 == paths.len() => " and ",
                        _ => ", ",
                    };
                    write!(f, "{sep}\"{p}\"")?;
                }
                f.write_str(" contradict each other (no joint distribution has them all): weaken or remove one")
            }
        }
    }
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() { write!(f, "{}", self.problem) } else { write!(f, "{}: {}", self.path, self.problem) }
    }
}

impl std::error::Error for ScenarioError {}

/// Every problem found in a scenario (never empty).
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioErrors(pub Vec<ScenarioError>);

impl std::fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioErrors {}

fn one(path: impl Into<String>, problem: Problem) -> ScenarioErrors {
    ScenarioErrors(vec![ScenarioError { path: path.into(), problem }])
}

/// Parses scenario JSON text. A file of another schema is refused before
/// its fields are read, so a newer file says so rather than listing fields.
pub fn parse(json: &str) -> Result<Scenario, ScenarioErrors> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| one("", Problem::Json(e.to_string())))?;
    from_value(&value)
}

/// Parses an already-decoded JSON value (see [`parse`]); the value is only read, so an editor can keep it.
pub fn from_value(value: &serde_json::Value) -> Result<Scenario, ScenarioErrors> {
    match value.get("schema") {
        Some(serde_json::Value::String(s)) if s == SCHEMA => {}
        Some(serde_json::Value::String(s)) => return Err(one("schema", Problem::UnsupportedSchema(s.clone()))),
        Some(_) => return Err(one("schema", Problem::Json(format!("must be the string \"{SCHEMA}\"")))),
        None if value.is_object() => return Err(one("schema", Problem::Required("(\"livesim/1\")"))),
        None => return Err(one("", Problem::Json("a scenario must be a JSON object".into()))),
    }
    read::scenario(value).map_err(|read::Fault { path, message }| {
        let (path, message) = offer_error(value, &path).unwrap_or((path, message));
        one(field_path(path, &message), Problem::Json(message))
    })
}

/// Offers are told apart by their `kind`, which made serde read each one
/// whole and lose track of the field inside it (`read` follows it). Name the field by reading the
/// faulty offer again without each of its fields in turn: serde reports the
/// first bad field it meets (and a missing field only after all of them), so
/// the field whose removal changes the error is the one at fault
/// (`offers[0].pct`, not `offers[0]`).
fn offer_error(value: &serde_json::Value, path: &str) -> Option<(String, String)> {
    let index: usize = path.strip_prefix("offers[")?.strip_suffix(']')?.parse().ok()?;
    let offer = value.get("offers")?.get(index)?.as_object()?;
    let read =
        |fields: serde_json::Map<String, serde_json::Value>| read::offer_message(&serde_json::Value::Object(fields));
    let message = read(offer.clone())?;
    // A missing field is named by the message itself (see `field_path`).
    let searched = !message.starts_with("missing field");
    let culprit = offer.keys().filter(|k| searched && *k != "kind").find(|key| {
        let mut without = offer.clone();
        without.remove(*key);
        read(without).as_ref() != Some(&message)
    });
    let mut full = culprit.map_or_else(|| path.to_string(), |key| join(path, key));
    // One level further for a range's unknown field (`offers[2].signup_rate.sd`).
    let unknown = message.strip_prefix("unknown field `").and_then(|rest| rest.split('`').next());
    if let (Some(key), Some(field)) = (culprit, unknown) {
        if offer.get(key).and_then(|v| v.get(field)).is_some() {
            full = join(&full, field);
        }
    }
    Some((full, message))
}

/// serde reports a missing field at the object that lacks it; name the field itself.
fn field_path(path: String, message: &str) -> String {
    let missing = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next());
    match missing {
        Some(field) if path.is_empty() => field.to_string(),
        Some(field) => join(&path, field),
        None => path,
    }
}

/// `parent.field`: one copy of the formatting for every path of a field (a
/// `format!` per path was code of its own at each of some sixty places).
#[inline(never)]
fn join(parent: &str, field: &str) -> String {
    let mut path = String::with_capacity(parent.len() + 1 + field.len());
    path.push_str(parent);
    path.push('.');
    path.push_str(field);
    path
}

/// `list[i]` (see [`join`]).
#[inline(never)]
fn index(list: &str, i: usize) -> String {
    format!("{list}[{i}]")
}

/// Parses and checks scenario JSON text into a [`Plan`].
pub fn load(json: &str) -> Result<Plan, ScenarioErrors> {
    check(&parse(json)?)
}

/// What a number may be.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Domain {
    /// A probability, share or fraction: `0..=1`.
    Fraction,
    /// A multiplier, rate or time: `>= 0`.
    NonNegative,
    /// Money or a count: `0..=MAX_AMOUNT`.
    Amount,
    /// Strictly positive (and so, as a range, never drawing 0).
    Positive,
}

struct Checker {
    errors: Vec<ScenarioError>,
    uncertain: Vec<UncertainInput>,
    /// Paths of every field given as a range, valid or not.
    ranges: HashSet<String>,
    /// Every uncertain-capable field the file gives, plain or range; only kept
    /// when asked for (`given_inputs`), not on every check.
    given: Option<Vec<GivenInput>>,
    duration: u32,
    /// False when `duration_min` itself is wrong: then nothing is checked
    /// against it (one mistake, one error, not one per window).
    duration_ok: bool,
}

impl Checker {
    fn err(&mut self, path: impl Into<String>, problem: Problem) {
        self.errors.push(ScenarioError { path: path.into(), problem });
    }

    fn number(&mut self, path: &str, v: f64, domain: Domain) -> bool {
        let problem = match domain {
            Domain::Fraction if !(0.0..=1.0).contains(&v) => Some(Problem::Between { lo: 0.0, hi: 1.0, got: v }),
            Domain::NonNegative if v < 0.0 => Some(Problem::AtLeast { min: 0.0, got: v }),
            Domain::NonNegative if v > MAX_FACTOR => Some(Problem::AtMost { max: MAX_FACTOR, got: v }),
            Domain::Amount if v < 0.0 => Some(Problem::AtLeast { min: 0.0, got: v }),
            Domain::Amount if v > MAX_AMOUNT => Some(Problem::AtMost { max: MAX_AMOUNT, got: v }),
            Domain::Positive if v <= 0.0 => Some(Problem::Above { min: 0.0, got: v }),
            Domain::Positive if v > MAX_AMOUNT => Some(Problem::AtMost { max: MAX_AMOUNT, got: v }),
            _ if !v.is_finite() => Some(Problem::NotFinite(v)),
            _ => None,
        };
        match problem {
            Some(p) => {
                self.err(path, p);
                false
            }
            None => true,
        }
    }

    /// A value that may be uncertain: returns its plain value (or its
    /// distribution's mean), and records a range as an input runs redraw.
    fn uncertain(&mut self, path: &str, value: Option<&Uncertain>, default: f64, domain: Domain, slot: Slot) -> f64 {
        let base = self.uncertain_base(path, value, default, domain, slot);
        if let (Some(value), Some(given)) = (value, self.given.as_mut()) {
            let range = match value {
                Uncertain::Fixed(_) => None,
                Uncertain::Range(r) => Some((r.lo, r.hi)),
            };
            given.push(GivenInput { path: path.to_string(), value: base, range });
        }
        base
    }

    fn uncertain_base(
        &mut self,
        path: &str,
        value: Option<&Uncertain>,
        default: f64,
        domain: Domain,
        slot: Slot,
    ) -> f64 {
        match value {
            None => default,
            Some(Uncertain::Fixed(v)) => {
                if self.number(path, *v, domain) {
                    *v
                } else {
                    default
                }
            }
            Some(Uncertain::Range(r)) => {
                self.ranges.insert(path.to_string());
                let lo_ok = self.number(&join(path, "lo"), r.lo, bound_domain(domain));
                let hi_ok = self.number(&join(path, "hi"), r.hi, bound_domain(domain));
                let mode_ok = r.mode.is_none_or(|mode| self.number(&join(path, "mode"), mode, bound_domain(domain)));
                if !(lo_ok && hi_ok && mode_ok) {
                    return default;
                }
                match Dist::from_range(r.lo, r.hi, r.dist, r.mode) {
                    Ok(dist) => {
                        if domain == Domain::Positive && !dist.is_strictly_positive() {
                            self.err(path, Problem::MayDrawZero);
                            return default;
                        }
                        self.uncertain.push(UncertainInput { path: path.to_string(), dist, slot });
                        dist.mean()
                    }
                    Err(e) => {
                        self.err(path, Problem::Range(e));
                        default
                    }
                }
            }
        }
    }

    /// A minute window `start < end <= duration`.
    fn window(&mut self, path: &str, start: u32, end: u32) {
        if self.duration_ok && end > self.duration {
            self.err(join(path, "end_min"), Problem::AfterEnd { got: end, duration: self.duration });
        }
        if start >= end {
            self.err(join(path, "start_min"), Problem::WindowEmpty { start, end });
        }
    }
}

/// Range bounds of a strictly positive input may be 0 in a uniform; the
/// positivity of the draws is checked on the distribution instead.
fn bound_domain(domain: Domain) -> Domain {
    if domain == Domain::Positive { Domain::Amount } else { domain }
}

/// Checks a parsed scenario, collecting every problem, into a [`Plan`].
pub fn check(s: &Scenario) -> Result<Plan, ScenarioErrors> {
    check_into(s, &mut Checker::new(s))
}

/// An input the file gives: a number the model lets be uncertain, plain or as a range.
#[derive(Clone, Debug, PartialEq)]
pub struct GivenInput {
    /// As errors name it: `audience.direct.show_up_rate`, `catalog[0].unit_cost`.
    pub path: String,
    /// What a run uses unless it redraws it (a range's mean).
    pub value: f64,
    /// A range's `lo` and `hi`.
    pub range: Option<(f64, f64)>,
}

/// The inputs the file gives, in the order checked. Inputs left to the model's
/// defaults are not listed.
pub fn given_inputs(s: &Scenario) -> Vec<GivenInput> {
    let mut ck = Checker { given: Some(Vec::new()), ..Checker::new(s) };
    let _ = check_into(s, &mut ck);
    ck.given.unwrap_or_default()
}

impl Checker {
    fn new(s: &Scenario) -> Checker {
        Checker {
            errors: Vec::new(),
            uncertain: Vec::new(),
            ranges: HashSet::new(),
            given: None,
            duration: s.duration_min,
            duration_ok: true,
        }
    }
}

fn check_into(s: &Scenario, ck: &mut Checker) -> Result<Plan, ScenarioErrors> {
    if s.schema != SCHEMA {
        ck.err("schema", Problem::UnsupportedSchema(s.schema.clone()));
    }
    if s.name.trim().is_empty() {
        ck.err("name", Problem::EmptyText);
    }
    if !(1..=600).contains(&s.duration_min) {
        ck.err("duration_min", Problem::Between { lo: 1.0, hi: 600.0, got: f64::from(s.duration_min) });
        // Windows cannot be checked against a meaningless duration.
        ck.duration = s.duration_min.clamp(1, 600);
        ck.duration_ok = false;
    }
    let duration = ck.duration;
    let currency = s.currency.clone().unwrap_or_else(|| "USD".into());
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        ck.err("currency", Problem::BadCurrency(currency.clone()));
    }

    // Items: products, then kits; ids shared and unique.
    let mut items = Vec::new();
    let mut item_params = Vec::new();
    let check_id = |ck: &mut Checker, path: String, id: &str, ids: &mut HashSet<String>| {
        if id.trim().is_empty() {
            ck.err(path, Problem::EmptyText);
        } else if !ids.insert(id.to_string()) {
            ck.err(path, Problem::DuplicateId(id.to_string()));
        }
    };
    let mut seen_ids: HashSet<String> = HashSet::new();
    for (i, p) in s.catalog.iter().enumerate() {
        let path = index("catalog", i);
        check_id(ck, join(&path, "id"), &p.id, &mut seen_ids);
        ck.number(&join(&path, "price"), p.price, Domain::Amount);
        if p.stock as f64 > MAX_AMOUNT {
            ck.err(join(&path, "stock"), Problem::AtMost { max: MAX_AMOUNT, got: p.stock as f64 });
        }
        item_params.push(ItemParams {
            cost: ck.uncertain(&join(&path, "unit_cost"), Some(&p.unit_cost), 0.0, Domain::Amount, Slot::ItemCost(i)),
            appeal: ck.uncertain(
                &join(&path, "appeal"),
                p.appeal.as_ref(),
                1.0,
                Domain::NonNegative,
                Slot::ItemAppeal(i),
            ),
            elasticity: ck.uncertain(
                &join(&path, "elasticity"),
                p.elasticity.as_ref(),
                1.5,
                Domain::NonNegative,
                Slot::ItemElasticity(i),
            ),
        });
        items.push(Item {
            id: p.id.clone(),
            name: p.name.clone(),
            price: p.price,
            kind: ItemKind::Product { stock: p.stock },
        });
    }
    // Inserted one by one (a later duplicate wins, as in `collect`): collecting sorts, another sort in the wasm.
    let mut product_index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, p) in s.catalog.iter().enumerate() {
        product_index.insert(p.id.as_str(), i);
    }
    let kit_ids: HashSet<&str> = s.kits.iter().map(|k| k.id.as_str()).collect();
    for (k, kit) in s.kits.iter().enumerate() {
        let ix = s.catalog.len() + k;
        let path = index("kits", k);
        check_id(ck, join(&path, "id"), &kit.id, &mut seen_ids);
        ck.number(&join(&path, "price"), kit.price, Domain::Amount);
        if kit.components.is_empty() {
            ck.err(join(&path, "components"), Problem::NoComponents);
        }
        let mut components = Vec::new();
        for (id, &qty) in &kit.components {
            let cpath = join(&join(&path, "components"), id);
            match product_index.get(id.as_str()) {
                Some(&p) => components.push((p, qty.max(1))),
                None if kit_ids.contains(id.as_str()) => ck.err(cpath.clone(), Problem::NotAProduct(id.clone())),
                None => ck.err(cpath.clone(), Problem::NoItem(id.clone())),
            }
            if qty == 0 {
                ck.err(cpath, Problem::AtLeast { min: 1.0, got: 0.0 });
            } else if qty as f64 > MAX_AMOUNT {
                ck.err(cpath, Problem::AtMost { max: MAX_AMOUNT, got: qty as f64 });
            }
        }
        item_params.push(ItemParams {
            cost: ck.uncertain(
                &join(&path, "bonus_cost"),
                kit.bonus_cost.as_ref(),
                0.0,
                Domain::Amount,
                Slot::ItemCost(ix),
            ),
            appeal: ck.uncertain(
                &join(&path, "appeal"),
                kit.appeal.as_ref(),
                1.0,
                Domain::NonNegative,
                Slot::ItemAppeal(ix),
            ),
            elasticity: ck.uncertain(
                &join(&path, "elasticity"),
                kit.elasticity.as_ref(),
                1.5,
                Domain::NonNegative,
                Slot::ItemElasticity(ix),
            ),
        });
        items.push(Item {
            id: kit.id.clone(),
            name: kit.name.clone(),
            price: kit.price,
            kind: ItemKind::Kit { components },
        });
    }
    let item_ix = |id: &str| items.iter().position(|it| it.id == id);

    // Content kinds: the six defaults, then declared ones in name order.
    let mut kinds: Vec<String> = DEFAULT_CONTENT.iter().map(|(k, _)| k.to_string()).collect();
    let mut content: Vec<ContentParams> =
        DEFAULT_CONTENT.iter().map(|(_, [l, i, c])| ContentParams { leave: *l, intent: *i, chat: *c }).collect();
    for name in s.content.keys() {
        if !kinds.contains(name) {
            kinds.push(name.clone());
            content.push(ContentParams { leave: 1.0, intent: 1.0, chat: 1.0 });
        }
    }
    for (name, f) in &s.content {
        let k = kinds.iter().position(|n| n == name).unwrap_or(0);
        let path = join("content", name);
        let d = content[k];
        content[k] = ContentParams {
            leave: ck.uncertain(
                &join(&path, "leave"),
                f.leave.as_ref(),
                d.leave,
                Domain::NonNegative,
                Slot::ContentLeave(k),
            ),
            intent: ck.uncertain(
                &join(&path, "intent"),
                f.intent.as_ref(),
                d.intent,
                Domain::NonNegative,
                Slot::ContentIntent(k),
            ),
            chat: ck.uncertain(
                &join(&path, "chat"),
                f.chat.as_ref(),
                d.chat,
                Domain::NonNegative,
                Slot::ContentChat(k),
            ),
        };
    }

    // Rundown.
    let mut blocks = Vec::new();
    for (b, block) in s.rundown.iter().enumerate() {
        let path = index("rundown", b);
        ck.window(&path, block.start_min, block.end_min);
        let kind = kinds.iter().position(|k| *k == block.kind);
        if kind.is_none() {
            ck.err(join(&path, "kind"), Problem::UnknownKind(block.kind.clone()));
        }
        let spotlight = match &block.spotlight {
            Some(id) => {
                let ix = item_ix(id);
                if ix.is_none() {
                    ck.err(join(&path, "spotlight"), Problem::NoItem(id.clone()));
                }
                ix
            }
            None => None,
        };
        blocks.push(BlockPlan { start: block.start_min, end: block.end_min, kind: kind.unwrap_or(0), spotlight });
    }

    // Offers.
    let mut offers = Vec::new();
    let mut signup_rates = Vec::new();
    for (o, offer) in s.offers.iter().enumerate() {
        let path = index("offers", o);
        let resolve = |ck: &mut Checker, id: &str| {
            let ix = item_ix(id);
            if ix.is_none() {
                ck.err(join(&path, "item"), Problem::NoItem(id.to_string()));
            }
            ix.unwrap_or(0)
        };
        let announce = |ck: &mut Checker, announce: Option<u32>, start: u32| {
            if let Some(a) = announce {
                if a >= start {
                    ck.err(join(&path, "announce_min"), Problem::AnnounceNotBefore { announce: a, start });
                }
            }
        };
        match offer {
            Offer::Discount(d) => {
                let item = resolve(ck, &d.item);
                ck.number(&join(&path, "pct"), d.pct, Domain::Fraction);
                ck.window(&path, d.start_min, d.end_min);
                announce(ck, d.announce_min, d.start_min);
                offers.push(OfferPlan::Discount {
                    item,
                    pct: d.pct,
                    start: d.start_min,
                    end: d.end_min,
                    announce: d.announce_min,
                });
            }
            Offer::Flash(f) => {
                let item = resolve(ck, &f.item);
                ck.number(&join(&path, "price"), f.price, Domain::Amount);
                if f.qty as f64 > MAX_AMOUNT {
                    ck.err(join(&path, "qty"), Problem::AtMost { max: MAX_AMOUNT, got: f.qty as f64 });
                }
                ck.window(&path, f.start_min, f.end_min);
                announce(ck, f.announce_min, f.start_min);
                offers.push(OfferPlan::Flash {
                    item,
                    price: f.price,
                    qty: f.qty,
                    start: f.start_min,
                    end: f.end_min,
                    announce: f.announce_min,
                });
            }
            Offer::LeadMagnet(l) => {
                if ck.duration_ok && l.at_min >= duration {
                    ck.err(join(&path, "at_min"), Problem::NotDuringLive { at: l.at_min, duration });
                }
                let rate = signup_rates.len();
                let value = ck.uncertain(
                    &join(&path, "signup_rate"),
                    Some(&l.signup_rate),
                    0.0,
                    Domain::Fraction,
                    Slot::SignupRate(rate),
                );
                signup_rates.push(value);
                offers.push(OfferPlan::LeadMagnet { at: l.at_min, rate });
            }
        }
    }

    // Audience.
    let a = &s.audience;
    let mut base = Params {
        fatigue_after: duration,
        fatigue_leave: 1.0,
        fatigue_intent: 1.0,
        threshold_price: f64::INFINITY,
        ..Params::default()
    };
    if let Some(d) = &a.direct {
        let p = "audience.direct";
        base.followers = ck.uncertain(&join(p, "followers"), Some(&d.followers), 0.0, Domain::Amount, Slot::Followers);
        base.show_up_rate =
            ck.uncertain(&join(p, "show_up_rate"), Some(&d.show_up_rate), 0.0, Domain::Fraction, Slot::ShowUpRate);
        base.arrival_tau = ck.uncertain(
            &join(p, "arrival_tau_min"),
            d.arrival_tau_min.as_ref(),
            10.0,
            Domain::NonNegative,
            Slot::ArrivalTau,
        );
        base.returning_share[0] = ck.uncertain(
            &join(p, "returning_share"),
            d.returning_share.as_ref(),
            0.8,
            Domain::Fraction,
            Slot::ReturningShare(0),
        );
    }
    let mut paid_window = None;
    let mut ad_spend = 0.0;
    base.returning_share[1] = 0.1;
    if let Some(paid) = &a.paid {
        let p = "audience.paid";
        if ck.number(&join(p, "budget"), paid.budget, Domain::Amount) {
            ad_spend = paid.budget;
        }
        match &paid.cost_per_visit {
            Some(cpv) => {
                // Only a budget is divided by it (model 4): with none, a cost
                // per visit is just a cost, and 0 is fine.
                let domain = if paid.budget > 0.0 { Domain::Positive } else { Domain::Amount };
                base.cost_per_visit =
                    ck.uncertain(&join(p, "cost_per_visit"), Some(cpv), 1.0, domain, Slot::CostPerVisit);
            }
            None if paid.budget > 0.0 => ck.err(join(p, "cost_per_visit"), Problem::Required("when budget > 0")),
            None => {}
        }
        let start = paid.start_min.unwrap_or(0);
        let end = paid.end_min.unwrap_or(duration);
        ck.window(p, start, end);
        paid_window = Some((start, end));
        base.returning_share[1] = ck.uncertain(
            &join(p, "returning_share"),
            paid.returning_share.as_ref(),
            0.1,
            Domain::Fraction,
            Slot::ReturningShare(1),
        );
    }
    base.returning_share[2] = 0.3;
    if let Some(o) = &a.organic {
        let p = "audience.organic";
        base.base_per_min =
            ck.uncertain(&join(p, "base_per_min"), Some(&o.base_per_min), 0.0, Domain::Amount, Slot::BasePerMin);
        base.engagement_boost = ck.uncertain(
            &join(p, "engagement_boost"),
            o.engagement_boost.as_ref(),
            0.0,
            Domain::NonNegative,
            Slot::EngagementBoost,
        );
        base.returning_share[2] = ck.uncertain(
            &join(p, "returning_share"),
            o.returning_share.as_ref(),
            0.3,
            Domain::Fraction,
            Slot::ReturningShare(2),
        );
    }
    let segment_defaults = [[0.002, 0.07, 0.04], [0.004, 0.04, 0.10]];
    for (s_ix, name) in ["new", "returning"].iter().enumerate() {
        let given = a.segments.as_ref().and_then(|sg| if s_ix == 0 { sg.new.as_ref() } else { sg.returning.as_ref() });
        let empty = scenario::SegmentRates::default();
        let r = given.unwrap_or(&empty);
        let p = join("audience.segments", name);
        let [di, dl, dc] = segment_defaults[s_ix];
        base.segments[s_ix] = SegmentParams {
            intent: ck.uncertain(
                &join(&p, "intent_per_min"),
                r.intent_per_min.as_ref(),
                di,
                Domain::Fraction,
                Slot::SegmentIntent(s_ix),
            ),
            leave: ck.uncertain(
                &join(&p, "leave_per_min"),
                r.leave_per_min.as_ref(),
                dl,
                Domain::Fraction,
                Slot::SegmentLeave(s_ix),
            ),
            chat: ck.uncertain(
                &join(&p, "chat_per_min"),
                r.chat_per_min.as_ref(),
                dc,
                Domain::Fraction,
                Slot::SegmentChat(s_ix),
            ),
        };
    }
    base.background_share = ck.uncertain(
        "audience.background_share",
        a.background_share.as_ref(),
        0.15,
        Domain::Fraction,
        Slot::BackgroundShare,
    );
    base.repeat_factor =
        ck.uncertain("audience.repeat_factor", a.repeat_factor.as_ref(), 0.3, Domain::NonNegative, Slot::RepeatFactor);
    base.buyer_leave_factor = ck.uncertain(
        "audience.buyer_leave_factor",
        a.buyer_leave_factor.as_ref(),
        1.2,
        Domain::NonNegative,
        Slot::BuyerLeaveFactor,
    );
    base.announce_hold =
        ck.uncertain("audience.announce_hold", a.announce_hold.as_ref(), 0.3, Domain::Fraction, Slot::AnnounceHold);
    if let Some(f) = &a.fatigue {
        let p = "audience.fatigue";
        if ck.duration_ok && f.after_min > duration {
            ck.err(join(p, "after_min"), Problem::AfterEnd { got: f.after_min, duration });
        }
        base.fatigue_after = f.after_min;
        base.fatigue_leave = ck.uncertain(
            &join(p, "leave_multiplier"),
            f.leave_multiplier.as_ref(),
            1.0,
            Domain::NonNegative,
            Slot::FatigueLeave,
        );
        base.fatigue_intent = ck.uncertain(
            &join(p, "intent_multiplier"),
            f.intent_multiplier.as_ref(),
            1.0,
            Domain::NonNegative,
            Slot::FatigueIntent,
        );
    }

    base.items = item_params;
    base.signup_rates = signup_rates;
    base.content = content;

    let no_urgency = scenario::Urgency::default();
    let urgency = s.urgency.as_ref().unwrap_or(&no_urgency);
    base.flash_uplift = ck.uncertain(
        "urgency.flash_uplift",
        urgency.flash_uplift.as_ref(),
        0.8,
        Domain::NonNegative,
        Slot::FlashUplift,
    );
    let no_scarcity = scenario::Scarcity::default();
    let scarcity = s.scarcity.as_ref().unwrap_or(&no_scarcity);
    let show_below = scarcity.show_below.unwrap_or(0);
    base.scarcity_uplift =
        ck.uncertain("scarcity.uplift", scarcity.uplift.as_ref(), 0.0, Domain::NonNegative, Slot::ScarcityUplift);

    let no_checkout = scenario::Checkout::default();
    let co = s.checkout.as_ref().unwrap_or(&no_checkout);
    base.base_abandon =
        ck.uncertain("checkout.base_abandon", co.base_abandon.as_ref(), 0.2, Domain::Fraction, Slot::BaseAbandon);
    if co.threshold_price.is_some() {
        base.threshold_price = ck.uncertain(
            "checkout.threshold_price",
            co.threshold_price.as_ref(),
            f64::INFINITY,
            Domain::Amount,
            Slot::ThresholdPrice,
        );
    }
    base.threshold_extra = ck.uncertain(
        "checkout.threshold_extra",
        co.threshold_extra.as_ref(),
        0.0,
        Domain::Fraction,
        Slot::ThresholdExtra,
    );
    base.payment_delay = ck.uncertain(
        "checkout.payment_delay_min",
        co.payment_delay_min.as_ref(),
        0.0,
        Domain::NonNegative,
        Slot::PaymentDelay,
    );
    base.abandon_per_delay = ck.uncertain(
        "checkout.abandon_per_delay_min",
        co.abandon_per_delay_min.as_ref(),
        0.0,
        Domain::Fraction,
        Slot::AbandonPerDelay,
    );
    let mut fee_rate = 0.0;
    let mut share_sum = 0.0;
    for (m, method) in co.methods.iter().enumerate() {
        let path = index("checkout.methods", m);
        if method.name.trim().is_empty() {
            ck.err(join(&path, "name"), Problem::EmptyText);
        }
        let share_ok = ck.number(&join(&path, "share"), method.share, Domain::Fraction);
        let fee_ok = ck.number(&join(&path, "fee_pct"), method.fee_pct, Domain::Fraction);
        if share_ok && fee_ok {
            fee_rate += method.share * method.fee_pct;
        }
        share_sum += method.share;
    }
    if !co.methods.is_empty() && (share_sum - 1.0).abs() > 1e-6 {
        ck.err("checkout.methods", Problem::SharesSum(share_sum));
    }

    let no_costs = scenario::Costs::default();
    let costs = s.costs.as_ref().unwrap_or(&no_costs);
    base.commission_pct =
        ck.uncertain("costs.commission_pct", costs.commission_pct.as_ref(), 0.0, Domain::Fraction, Slot::CommissionPct);
    base.shipping_per_order = ck.uncertain(
        "costs.shipping_per_order",
        costs.shipping_per_order.as_ref(),
        0.0,
        Domain::Amount,
        Slot::ShippingPerOrder,
    );
    base.fixed_costs = ck.uncertain("costs.fixed", costs.fixed.as_ref(), 0.0, Domain::Amount, Slot::FixedCosts);

    let mut targets = Vec::new();
    for (name, &value) in &s.targets {
        match Kpi::from_name(name) {
            Some(kpi) => targets.push(Target { kpi, value }),
            None => ck.err(join("targets", name), Problem::UnknownOutput(name.clone())),
        }
    }

    let correlated = correlations(ck, &s.correlations);

    if !ck.errors.is_empty() {
        return Err(ScenarioErrors(std::mem::take(&mut ck.errors)));
    }
    Ok(Plan {
        name: s.name.clone(),
        currency,
        duration,
        items,
        kinds,
        blocks,
        offers,
        paid_window,
        ad_spend,
        show_below,
        inventory_sync: s.inventory_sync.unwrap_or(true),
        fee_rate,
        targets,
        base,
        uncertain: std::mem::take(&mut ck.uncertain),
        correlated,
    })
}

/// Checks the declared rank correlations against the scenario's uncertain
/// inputs and each other, into the groups a run draws jointly.
fn correlations(ck: &mut Checker, declared: &[scenario::Correlation]) -> Vec<CorrelatedGroup> {
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    let mut seen: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut ok = true;
    for (c, corr) in declared.iter().enumerate() {
        let path = index("correlations", c);
        let find = |ck: &mut Checker, field: &str, name: &str| {
            let ix = ck.uncertain.iter().position(|u| u.path == name);
            // A range with its own error is reported there, not again here.
            if ix.is_none() && !ck.ranges.contains(name) {
                ck.err(join(&path, field), Problem::NotUncertain(name.to_string()));
            }
            ix
        };
        let a = find(ck, "a", &corr.a);
        let b = find(ck, "b", &corr.b);
        let mut valid = a.is_some() && b.is_some();
        if corr.a == corr.b {
            ck.err(join(&path, "b"), Problem::SelfCorrelation);
            valid = false;
        }
        let rho_path = join(&path, "rho");
        if !corr.rho.is_finite() {
            ck.err(rho_path, Problem::NotFinite(corr.rho));
            valid = false;
        } else if !(-1.0..=1.0).contains(&corr.rho) {
            ck.err(rho_path, Problem::Between { lo: -1.0, hi: 1.0, got: corr.rho });
            valid = false;
        }
        if let (Some(a), Some(b)) = (a, b) {
            if a != b {
                match seen.get(&(a.min(b), a.max(b))) {
                    Some(&first) => {
                        ck.err(path, Problem::RepeatedPair(first));
                        valid = false;
                    }
                    None => {
                        seen.insert((a.min(b), a.max(b)), c);
                    }
                }
            }
        }
        if valid {
            pairs.push((a.unwrap_or(0), b.unwrap_or(0), corr.rho));
        }
        ok &= valid;
    }
    if !ok {
        return Vec::new();
    }
    match correlation::groups(&pairs) {
        Ok(groups) => groups,
        Err(e) => {
            let paths = e.inputs.iter().map(|&i| ck.uncertain[i].path.clone()).collect();
            ck.err("correlations", Problem::Contradictory(paths));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn with(key: &str, value: Value) -> Value {
        let mut doc = json!({"schema": "livesim/1", "name": "m", "duration_min": 30});
        doc[key] = value;
        doc
    }

    /// The parse error of a scenario with `key` set to `value`, as `path: message`.
    fn error(key: &str, value: Value) -> String {
        from_value(&with(key, value)).expect_err("a parse error").to_string()
    }

    // Paths and messages below are the ones serde's derived code gave when
    // it read the scenario from text (see `read`).

    #[test]
    fn a_struct_may_be_a_list_of_its_fields_in_order() {
        let s = from_value(&with("catalog", json!([["a", "A", 10, 2, 5]]))).expect("a product");
        assert_eq!((s.catalog[0].id.as_str(), s.catalog[0].stock, s.catalog[0].appeal.as_ref()), ("a", 5, None));
        assert_eq!(error("urgency", json!([0.8, null, 1])), "urgency[2]: trailing characters");
        assert_eq!(
            error("rundown", json!([[0, 5]])),
            "rundown[0]: invalid length 2, expected struct Block with 5 elements"
        );
        let s = from_value(&with("offers", json!([["discount", "serum", 0.1, 5, 10]]))).expect("an offer");
        assert!(matches!(&s.offers[0], Offer::Discount(d) if d.item == "serum" && d.end_min == 10));
        assert_eq!(
            error("offers", json!([["lead_magnet", 5, 0.1, null, 1]])),
            "offers[0]: invalid length 4, expected 3 elements in sequence"
        );
        assert_eq!(
            error("offers", json!([["bundle"]])),
            "offers[0][0]: unknown variant `bundle`, expected one of `discount`, `flash`, `lead_magnet`"
        );
        assert_eq!(error("offers", json!([[]])), "offers[0].kind: missing field `kind`");
    }

    #[test]
    fn a_list_or_object_refused_in_a_list_is_named_by_the_element_before() {
        // serde_json refused it by its first byte, before its position reached it.
        assert_eq!(error("catalog", json!([["a", {}]])), "catalog[0][0]: invalid type: map, expected a string");
        assert_eq!(error("catalog", json!([[{}]])), "catalog[0]: invalid type: map, expected a string");
        assert_eq!(error("offers", json!([[[1]]])), "offers[0]: invalid type: sequence, expected variant identifier");
        // A range is read whole, then refused.
        let product = json!([{"id": "a", "name": "A", "price": 1, "unit_cost": [1], "stock": 1}]);
        assert_eq!(
            error("catalog", product),
            "catalog[0].unit_cost: invalid type: sequence, expected a number or a range {\"lo\": .., \"hi\": ..}"
        );
    }

    #[test]
    fn offers_name_the_field_at_fault() {
        let offers = json!([
            {"kind": "discount", "item": "a", "pct": 0.1, "start_min": 5, "end_min": 10},
            {"kind": "flash", "item": "a", "price": "x", "qty": 1, "start_min": 5, "end_min": 10},
        ]);
        assert_eq!(error("offers", offers), "offers[1].price: invalid type: string \"x\", expected f64");
        assert_eq!(
            error("offers", json!([{"kind": 5}])),
            "offers[0].kind: invalid type: integer `5`, expected variant identifier"
        );
        assert_eq!(
            error("offers", json!([5])),
            "offers[0]: invalid type: integer `5`, expected internally tagged enum Offer"
        );
        // A missing field is named after the offer, even inside a range.
        let lead = json!([{"kind": "lead_magnet", "at_min": 5, "signup_rate": {"lo": 0.1}}]);
        assert_eq!(error("offers", lead), "offers[0].hi: missing field `hi`");
    }

    #[test]
    fn the_first_problem_in_key_order_wins() {
        let audience =
            json!({"direct": {"followers": 1, "show_up_rate": {"lo": 0.1, "hi": 0.2, "dist": 90}}, "colour": 1});
        assert!(
            error("audience", audience)
                .starts_with("audience.colour: unknown field `colour`, expected one of `direct`")
        );
    }

    #[test]
    fn numbers_are_read_exactly_as_written() {
        // A sum a search writes (14 x 0.1) is read as itself, from a value or from its text: a saved
        // file or a share link reproduces the runs of the scenario it was written from.
        let price = 14.0 * 0.1;
        assert_eq!(price, 1.4000000000000001);
        let product = json!([{"id": "a", "name": "A", "price": price, "unit_cost": price, "stock": 1}]);
        let doc = with("catalog", product);
        let s = from_value(&doc).expect("a product");
        assert_eq!((s.catalog[0].price, &s.catalog[0].unit_cost), (price, &Uncertain::Fixed(price)));
        let from_text = parse(&doc.to_string()).expect("the same product");
        assert_eq!(from_text.catalog[0].price.to_bits(), price.to_bits());
        assert_eq!(
            error("duration_min", json!(price)),
            "duration_min: invalid type: floating point `1.4000000000000001`, expected u32"
        );
    }
}
