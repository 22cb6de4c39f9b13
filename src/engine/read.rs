//! Reading a `livesim/1` scenario out of a JSON value, field by field, as serde's derived code read it.
//!
//! Parsing used to print the value as pretty JSON text and read that text
//! with serde's derived `Deserialize` for the scenario's two dozen types,
//! naming the field at fault from where `serde_json` stopped in the text.
//! That code was the largest part of the engine in the web app's wasm
//! (about 130 KB before compression: every type's visitor, and every
//! `Option<T>`, once for the text reader and again for serde's buffering of
//! offers). This reader gives the same [`Scenario`] and, for a scenario
//! serde refused, the same first error: the same message, built by the same
//! `serde::de::Error` constructors of `serde_json::Error`, at the path that
//! serde_json's position in that text named. So it follows serde where
//! nobody would look: a struct may be given as a list of its fields in
//! order, and the first error is the first in key order (the order of a
//! `serde_json::Map`, as printed). Numbers are read as they are: serde_json's
//! `float_roundtrip` reads a printed number back exactly, so a file and the
//! value it was written from are the same scenario.

use std::collections::BTreeMap;

use serde::de::{Error as _, Expected, Unexpected};
use serde_json::{Number, Value};

use super::scenario::{
    Audience, Block, Checkout, ContentFactors, Correlation, Costs, Direct, Discount, DistKind, Fatigue, Flash, Kit,
    LeadMagnet, Offer, Organic, Paid, PaymentMethod, Product, RangeSpec, Scarcity, Scenario, SegmentRates, Segments,
    Uncertain, Urgency,
};

type Error = serde_json::Error;

/// The first problem serde met: where, and its message.
#[derive(Debug, PartialEq)]
pub struct Fault {
    /// The path serde_json's position named (a missing field is named by the object that lacks it).
    pub path: String,
    pub message: String,
}

fn fault(path: String, e: Error) -> Fault {
    Fault { path, message: e.to_string() }
}

/// Reads a scenario (an object; `validate::from_value` has checked that much).
pub fn scenario(value: &Value) -> Result<Scenario, Fault> {
    Reader.scenario(value, &At::Root)
}

/// Why serde refused an offer on its own, as `serde_json::from_value` read it; `None` when it reads.
pub fn offer_message(value: &Value) -> Option<String> {
    Reader.offer(value, &At::Root).err().map(|f| f.message)
}

/// Where a value is, as a path names it.
#[derive(Clone, Copy)]
enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn path(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match *self {
            At::Root => {}
            At::Key(parent, key) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            At::Index(parent, i) => {
                parent.write(out);
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
}

/// A number as the text reader saw it.
enum Num {
    U(u64),
    I(i64),
    F(f64),
}

impl Num {
    fn as_f64(&self) -> f64 {
        match *self {
            Num::U(u) => u as f64,
            Num::I(i) => i as f64,
            Num::F(f) => f,
        }
    }
}

type Read<T> = fn(Reader, &Value, &At) -> Result<T, Fault>;

const UNCERTAIN: &str = "a number or a range {\"lo\": .., \"hi\": ..}";
const VARIANTS: &[&str] = &["discount", "flash", "lead_magnet"];

#[derive(Clone, Copy)]
struct Reader;

impl Reader {
    #[inline(never)]
    fn num(self, n: &Number) -> Num {
        if let Some(u) = n.as_u64() {
            return Num::U(u);
        }
        if let Some(i) = n.as_i64() {
            return Num::I(i);
        }
        Num::F(n.as_f64().unwrap_or_default())
    }

    /// A value of the wrong type. `by_first_byte`: serde_json refused it
    /// before reading it, so a list or an object in a list is named by the
    /// element before it (the position had not reached it yet).
    #[inline(never)]
    fn refuse(self, v: &Value, at: &At, exp: &dyn Expected, by_first_byte: bool) -> Fault {
        let unexpected = match v {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => match self.num(n) {
                Num::U(u) => Unexpected::Unsigned(u),
                Num::I(i) => Unexpected::Signed(i),
                Num::F(f) => Unexpected::Float(f),
            },
            Value::String(s) => Unexpected::Str(s),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
        };
        let path = match (v, at) {
            (Value::Array(_) | Value::Object(_), At::Index(parent, i)) if by_first_byte => match i.checked_sub(1) {
                Some(before) => At::Index(parent, before).path(),
                None => parent.path(),
            },
            _ => at.path(),
        };
        fault(path, Error::invalid_type(unexpected, exp))
    }

    fn f64(self, v: &Value, at: &At) -> Result<f64, Fault> {
        match v {
            Value::Number(n) => Ok(self.num(n).as_f64()),
            _ => Err(self.refuse(v, at, &"f64", true)),
        }
    }

    #[inline(never)]
    fn unsigned(self, v: &Value, at: &At, max: u64, exp: &'static str) -> Result<u64, Fault> {
        let Value::Number(n) = v else { return Err(self.refuse(v, at, &exp, true)) };
        let e = match self.num(n) {
            Num::U(u) if u <= max => return Ok(u),
            Num::U(u) => Error::invalid_value(Unexpected::Unsigned(u), &exp),
            Num::I(i) => Error::invalid_value(Unexpected::Signed(i), &exp),
            Num::F(f) => Error::invalid_type(Unexpected::Float(f), &exp),
        };
        Err(fault(at.path(), e))
    }

    fn u32(self, v: &Value, at: &At) -> Result<u32, Fault> {
        self.unsigned(v, at, u32::MAX.into(), "u32").map(|u| u as u32)
    }

    fn u64(self, v: &Value, at: &At) -> Result<u64, Fault> {
        self.unsigned(v, at, u64::MAX, "u64")
    }

    fn bool(self, v: &Value, at: &At) -> Result<bool, Fault> {
        v.as_bool().ok_or_else(|| self.refuse(v, at, &"a boolean", true))
    }

    fn string(self, v: &Value, at: &At) -> Result<String, Fault> {
        v.as_str().map(str::to_owned).ok_or_else(|| self.refuse(v, at, &"a string", true))
    }

    /// Free-form notes (`x`), kept as given.
    fn notes(self, v: &Value, _: &At) -> Result<Value, Fault> {
        Ok(v.clone())
    }

    fn list<T>(self, v: &Value, at: &At, read: Read<T>) -> Result<Vec<T>, Fault> {
        let Value::Array(xs) = v else { return Err(self.refuse(v, at, &"a sequence", true)) };
        xs.iter().enumerate().map(|(i, x)| read(self, x, &At::Index(at, i))).collect()
    }

    fn map<T>(self, v: &Value, at: &At, read: Read<T>) -> Result<BTreeMap<String, T>, Fault> {
        let Value::Object(m) = v else { return Err(self.refuse(v, at, &"a map", true)) };
        let mut out = BTreeMap::new();
        for (k, x) in m {
            out.insert(k.clone(), read(self, x, &At::Key(at, k))?);
        }
        Ok(out)
    }

    fn uncertain(self, v: &Value, at: &At) -> Result<Uncertain, Fault> {
        match v {
            Value::Number(n) => Ok(Uncertain::Fixed(self.num(n).as_f64())),
            Value::Object(_) => self.range(v, at).map(Uncertain::Range),
            _ => Err(self.refuse(v, at, &UNCERTAIN, false)),
        }
    }

    fn range(self, v: &Value, at: &At) -> Result<RangeSpec, Fault> {
        let mut f = Fields::new(self, v, at, "struct RangeSpec", &["lo", "hi", "dist", "mode", "x"], false)?;
        let r = RangeSpec {
            lo: f.req(0, Reader::f64),
            hi: f.req(1, Reader::f64),
            dist: f.opt(2, Reader::dist),
            mode: f.opt(3, Reader::f64),
            x: f.opt(4, Reader::notes),
        };
        f.end().map(|()| r)
    }

    fn dist(self, v: &Value, at: &At) -> Result<DistKind, Fault> {
        match v {
            Value::String(s) => DistKind::from_name(s)
                .ok_or_else(|| fault(at.path(), Error::invalid_value(Unexpected::Str(s), &DistKind::EXPECTED))),
            _ => Err(self.refuse(v, at, &DistKind::EXPECTED, true)),
        }
    }

    fn scenario(self, v: &Value, at: &At) -> Result<Scenario, Fault> {
        const FIELDS: &[&str] = &[
            "schema",
            "name",
            "currency",
            "duration_min",
            "targets",
            "audience",
            "catalog",
            "kits",
            "rundown",
            "offers",
            "urgency",
            "scarcity",
            "checkout",
            "costs",
            "inventory_sync",
            "content",
            "correlations",
            "x",
        ];
        let mut f = Fields::new(self, v, at, "struct Scenario", FIELDS, false)?;
        let s = Scenario {
            schema: f.req(0, Reader::string),
            name: f.req(1, Reader::string),
            currency: f.opt(2, Reader::string),
            duration_min: f.req(3, Reader::u32),
            targets: f.or_default(4, |r, v, at| r.map(v, at, Reader::f64)),
            audience: f.or_default(5, Reader::audience),
            catalog: f.or_default(6, |r, v, at| r.list(v, at, Reader::product)),
            kits: f.or_default(7, |r, v, at| r.list(v, at, Reader::kit)),
            rundown: f.or_default(8, |r, v, at| r.list(v, at, Reader::block)),
            offers: f.or_default(9, |r, v, at| r.list(v, at, Reader::offer)),
            urgency: f.opt(10, Reader::urgency),
            scarcity: f.opt(11, Reader::scarcity),
            checkout: f.opt(12, Reader::checkout),
            costs: f.opt(13, Reader::costs),
            inventory_sync: f.opt(14, Reader::bool),
            content: f.or_default(15, |r, v, at| r.map(v, at, Reader::content_factors)),
            correlations: f.or_default(16, |r, v, at| r.list(v, at, Reader::correlation)),
            x: f.opt(17, Reader::notes),
        };
        f.end().map(|()| s)
    }

    fn correlation(self, v: &Value, at: &At) -> Result<Correlation, Fault> {
        let mut f = Fields::new(self, v, at, "struct Correlation", &["a", "b", "rho", "x"], false)?;
        let c = Correlation {
            a: f.req(0, Reader::string),
            b: f.req(1, Reader::string),
            rho: f.req(2, Reader::f64),
            x: f.opt(3, Reader::notes),
        };
        f.end().map(|()| c)
    }

    fn audience(self, v: &Value, at: &At) -> Result<Audience, Fault> {
        const FIELDS: &[&str] = &[
            "direct",
            "paid",
            "organic",
            "segments",
            "background_share",
            "repeat_factor",
            "buyer_leave_factor",
            "announce_hold",
            "fatigue",
            "x",
        ];
        let mut f = Fields::new(self, v, at, "struct Audience", FIELDS, false)?;
        let a = Audience {
            direct: f.opt(0, Reader::direct),
            paid: f.opt(1, Reader::paid),
            organic: f.opt(2, Reader::organic),
            segments: f.opt(3, Reader::segments),
            background_share: f.opt(4, Reader::uncertain),
            repeat_factor: f.opt(5, Reader::uncertain),
            buyer_leave_factor: f.opt(6, Reader::uncertain),
            announce_hold: f.opt(7, Reader::uncertain),
            fatigue: f.opt(8, Reader::fatigue),
            x: f.opt(9, Reader::notes),
        };
        f.end().map(|()| a)
    }

    fn direct(self, v: &Value, at: &At) -> Result<Direct, Fault> {
        const FIELDS: &[&str] = &["followers", "show_up_rate", "arrival_tau_min", "returning_share", "x"];
        let mut f = Fields::new(self, v, at, "struct Direct", FIELDS, false)?;
        let d = Direct {
            followers: f.req(0, Reader::uncertain),
            show_up_rate: f.req(1, Reader::uncertain),
            arrival_tau_min: f.opt(2, Reader::uncertain),
            returning_share: f.opt(3, Reader::uncertain),
            x: f.opt(4, Reader::notes),
        };
        f.end().map(|()| d)
    }

    fn paid(self, v: &Value, at: &At) -> Result<Paid, Fault> {
        const FIELDS: &[&str] = &["budget", "cost_per_visit", "start_min", "end_min", "returning_share", "x"];
        let mut f = Fields::new(self, v, at, "struct Paid", FIELDS, false)?;
        let p = Paid {
            budget: f.req(0, Reader::f64),
            cost_per_visit: f.opt(1, Reader::uncertain),
            start_min: f.opt(2, Reader::u32),
            end_min: f.opt(3, Reader::u32),
            returning_share: f.opt(4, Reader::uncertain),
            x: f.opt(5, Reader::notes),
        };
        f.end().map(|()| p)
    }

    fn organic(self, v: &Value, at: &At) -> Result<Organic, Fault> {
        const FIELDS: &[&str] = &["base_per_min", "engagement_boost", "returning_share", "x"];
        let mut f = Fields::new(self, v, at, "struct Organic", FIELDS, false)?;
        let o = Organic {
            base_per_min: f.req(0, Reader::uncertain),
            engagement_boost: f.opt(1, Reader::uncertain),
            returning_share: f.opt(2, Reader::uncertain),
            x: f.opt(3, Reader::notes),
        };
        f.end().map(|()| o)
    }

    fn segments(self, v: &Value, at: &At) -> Result<Segments, Fault> {
        let mut f = Fields::new(self, v, at, "struct Segments", &["new", "returning", "x"], false)?;
        let s = Segments {
            new: f.opt(0, Reader::segment_rates),
            returning: f.opt(1, Reader::segment_rates),
            x: f.opt(2, Reader::notes),
        };
        f.end().map(|()| s)
    }

    fn segment_rates(self, v: &Value, at: &At) -> Result<SegmentRates, Fault> {
        const FIELDS: &[&str] = &["intent_per_min", "leave_per_min", "chat_per_min", "x"];
        let mut f = Fields::new(self, v, at, "struct SegmentRates", FIELDS, false)?;
        let r = SegmentRates {
            intent_per_min: f.opt(0, Reader::uncertain),
            leave_per_min: f.opt(1, Reader::uncertain),
            chat_per_min: f.opt(2, Reader::uncertain),
            x: f.opt(3, Reader::notes),
        };
        f.end().map(|()| r)
    }

    fn fatigue(self, v: &Value, at: &At) -> Result<Fatigue, Fault> {
        const FIELDS: &[&str] = &["after_min", "leave_multiplier", "intent_multiplier", "x"];
        let mut f = Fields::new(self, v, at, "struct Fatigue", FIELDS, false)?;
        let t = Fatigue {
            after_min: f.req(0, Reader::u32),
            leave_multiplier: f.opt(1, Reader::uncertain),
            intent_multiplier: f.opt(2, Reader::uncertain),
            x: f.opt(3, Reader::notes),
        };
        f.end().map(|()| t)
    }

    fn product(self, v: &Value, at: &At) -> Result<Product, Fault> {
        const FIELDS: &[&str] = &["id", "name", "price", "unit_cost", "stock", "appeal", "elasticity", "x"];
        let mut f = Fields::new(self, v, at, "struct Product", FIELDS, false)?;
        let p = Product {
            id: f.req(0, Reader::string),
            name: f.req(1, Reader::string),
            price: f.req(2, Reader::f64),
            unit_cost: f.req(3, Reader::uncertain),
            stock: f.req(4, Reader::u64),
            appeal: f.opt(5, Reader::uncertain),
            elasticity: f.opt(6, Reader::uncertain),
            x: f.opt(7, Reader::notes),
        };
        f.end().map(|()| p)
    }

    fn kit(self, v: &Value, at: &At) -> Result<Kit, Fault> {
        const FIELDS: &[&str] = &["id", "name", "components", "price", "bonus_cost", "appeal", "elasticity", "x"];
        let mut f = Fields::new(self, v, at, "struct Kit", FIELDS, false)?;
        let k = Kit {
            id: f.req(0, Reader::string),
            name: f.req(1, Reader::string),
            components: f.req(2, |r, v, at| r.map(v, at, Reader::u64)),
            price: f.req(3, Reader::f64),
            bonus_cost: f.opt(4, Reader::uncertain),
            appeal: f.opt(5, Reader::uncertain),
            elasticity: f.opt(6, Reader::uncertain),
            x: f.opt(7, Reader::notes),
        };
        f.end().map(|()| k)
    }

    fn block(self, v: &Value, at: &At) -> Result<Block, Fault> {
        const FIELDS: &[&str] = &["start_min", "end_min", "kind", "spotlight", "x"];
        let mut f = Fields::new(self, v, at, "struct Block", FIELDS, false)?;
        let b = Block {
            start_min: f.req(0, Reader::u32),
            end_min: f.req(1, Reader::u32),
            kind: f.req(2, Reader::string),
            spotlight: f.opt(3, Reader::string),
            x: f.opt(4, Reader::notes),
        };
        f.end().map(|()| b)
    }

    /// An offer, told apart by its `kind` as serde's internally tagged enums
    /// are: the whole offer is read (buffered) first, its `kind` among its
    /// keys (or as the first element of a list), then the variant's fields.
    fn offer(self, v: &Value, at: &At) -> Result<Offer, Fault> {
        let kind = match v {
            Value::Object(m) => {
                let mut kind = None;
                for (k, x) in m {
                    if k == "kind" {
                        kind = Some(self.variant(x, &At::Key(at, k))?);
                    }
                }
                kind
            }
            Value::Array(xs) => match xs.split_first() {
                Some((first, _)) => Some(self.variant(first, &At::Index(at, 0))?),
                None => None,
            },
            _ => return Err(self.refuse(v, at, &"internally tagged enum Offer", false)),
        };
        let Some(kind) = kind else { return Err(fault(at.path(), Error::missing_field("kind"))) };
        // serde read the variant from its buffer, after the offer: its errors
        // were at the offer (`validate::offer_error` names the field again).
        self.offer_fields(kind, v, at).map_err(|f| Fault { path: at.path(), ..f })
    }

    fn variant(self, v: &Value, at: &At) -> Result<usize, Fault> {
        match v {
            Value::String(s) => VARIANTS
                .iter()
                .position(|name| name == s)
                .ok_or_else(|| fault(at.path(), Error::unknown_variant(s, VARIANTS))),
            _ => Err(self.refuse(v, at, &"variant identifier", true)),
        }
    }

    fn offer_fields(self, kind: usize, v: &Value, at: &At) -> Result<Offer, Fault> {
        Ok(match kind {
            0 => {
                const FIELDS: &[&str] = &["item", "pct", "start_min", "end_min", "announce_min", "x"];
                let mut f = Fields::new(self, v, at, "struct Discount", FIELDS, true)?;
                let d = Discount {
                    item: f.req(0, Reader::string),
                    pct: f.req(1, Reader::f64),
                    start_min: f.req(2, Reader::u32),
                    end_min: f.req(3, Reader::u32),
                    announce_min: f.opt(4, Reader::u32),
                    x: f.opt(5, Reader::notes),
                };
                f.end()?;
                Offer::Discount(d)
            }
            1 => {
                const FIELDS: &[&str] = &["item", "price", "qty", "start_min", "end_min", "announce_min", "x"];
                let mut f = Fields::new(self, v, at, "struct Flash", FIELDS, true)?;
                let fl = Flash {
                    item: f.req(0, Reader::string),
                    price: f.req(1, Reader::f64),
                    qty: f.req(2, Reader::u64),
                    start_min: f.req(3, Reader::u32),
                    end_min: f.req(4, Reader::u32),
                    announce_min: f.opt(5, Reader::u32),
                    x: f.opt(6, Reader::notes),
                };
                f.end()?;
                Offer::Flash(fl)
            }
            _ => {
                let mut f = Fields::new(self, v, at, "struct LeadMagnet", &["at_min", "signup_rate", "x"], true)?;
                let l = LeadMagnet {
                    at_min: f.req(0, Reader::u32),
                    signup_rate: f.req(1, Reader::uncertain),
                    x: f.opt(2, Reader::notes),
                };
                f.end()?;
                Offer::LeadMagnet(l)
            }
        })
    }

    fn urgency(self, v: &Value, at: &At) -> Result<Urgency, Fault> {
        let mut f = Fields::new(self, v, at, "struct Urgency", &["flash_uplift", "x"], false)?;
        let u = Urgency { flash_uplift: f.opt(0, Reader::uncertain), x: f.opt(1, Reader::notes) };
        f.end().map(|()| u)
    }

    fn scarcity(self, v: &Value, at: &At) -> Result<Scarcity, Fault> {
        let mut f = Fields::new(self, v, at, "struct Scarcity", &["show_below", "uplift", "x"], false)?;
        let s = Scarcity {
            show_below: f.opt(0, Reader::u64),
            uplift: f.opt(1, Reader::uncertain),
            x: f.opt(2, Reader::notes),
        };
        f.end().map(|()| s)
    }

    fn checkout(self, v: &Value, at: &At) -> Result<Checkout, Fault> {
        const FIELDS: &[&str] = &[
            "base_abandon",
            "threshold_price",
            "threshold_extra",
            "payment_delay_min",
            "abandon_per_delay_min",
            "methods",
            "x",
        ];
        let mut f = Fields::new(self, v, at, "struct Checkout", FIELDS, false)?;
        let c = Checkout {
            base_abandon: f.opt(0, Reader::uncertain),
            threshold_price: f.opt(1, Reader::uncertain),
            threshold_extra: f.opt(2, Reader::uncertain),
            payment_delay_min: f.opt(3, Reader::uncertain),
            abandon_per_delay_min: f.opt(4, Reader::uncertain),
            methods: f.or_default(5, |r, v, at| r.list(v, at, Reader::payment_method)),
            x: f.opt(6, Reader::notes),
        };
        f.end().map(|()| c)
    }

    fn payment_method(self, v: &Value, at: &At) -> Result<PaymentMethod, Fault> {
        let mut f = Fields::new(self, v, at, "struct PaymentMethod", &["name", "share", "fee_pct", "x"], false)?;
        let m = PaymentMethod {
            name: f.req(0, Reader::string),
            share: f.req(1, Reader::f64),
            fee_pct: f.req(2, Reader::f64),
            x: f.opt(3, Reader::notes),
        };
        f.end().map(|()| m)
    }

    fn costs(self, v: &Value, at: &At) -> Result<Costs, Fault> {
        const FIELDS: &[&str] = &["commission_pct", "shipping_per_order", "fixed", "x"];
        let mut f = Fields::new(self, v, at, "struct Costs", FIELDS, false)?;
        let c = Costs {
            commission_pct: f.opt(0, Reader::uncertain),
            shipping_per_order: f.opt(1, Reader::uncertain),
            fixed: f.opt(2, Reader::uncertain),
            x: f.opt(3, Reader::notes),
        };
        f.end().map(|()| c)
    }

    fn content_factors(self, v: &Value, at: &At) -> Result<ContentFactors, Fault> {
        let mut f = Fields::new(self, v, at, "struct ContentFactors", &["leave", "intent", "chat", "x"], false)?;
        let c = ContentFactors {
            leave: f.opt(0, Reader::uncertain),
            intent: f.opt(1, Reader::uncertain),
            chat: f.opt(2, Reader::uncertain),
            x: f.opt(3, Reader::notes),
        };
        f.end().map(|()| c)
    }
}

/// A struct's fields as given: an object's (unknown keys refused), or a
/// list's elements in field order (serde's derived structs take both).
struct Fields<'v, 'a> {
    r: Reader,
    at: &'a At<'a>,
    names: &'static [&'static str],
    expecting: &'static str,
    list: bool,
    /// Per field, its value and its place among the keys (or elements).
    given: Vec<Option<(usize, &'v Value)>>,
    /// The first problem in key order, with its place.
    first: Option<(usize, Fault)>,
    /// The first required field missing, in field order.
    missing: Option<(usize, Fault)>,
    /// Elements past the last field.
    extra: Option<Fault>,
}

impl<'v, 'a> Fields<'v, 'a> {
    /// `tagged`: an offer's variant, without its `kind` (a key, or the
    /// list's first element), read from serde's buffer rather than from text.
    #[inline(never)]
    fn new(
        r: Reader,
        v: &'v Value,
        at: &'a At<'a>,
        expecting: &'static str,
        names: &'static [&'static str],
        tagged: bool,
    ) -> Result<Self, Fault> {
        let mut f = Fields {
            r,
            at,
            names,
            expecting,
            list: false,
            given: vec![None; names.len()],
            first: None,
            missing: None,
            extra: None,
        };
        match v {
            Value::Object(m) => {
                for (place, (key, x)) in m.iter().filter(|(k, _)| !(tagged && *k == "kind")).enumerate() {
                    match names.iter().position(|n| n == key) {
                        Some(i) => f.given[i] = Some((place, x)),
                        None => f.note(place, fault(At::Key(at, key).path(), Error::unknown_field(key, names))),
                    }
                }
            }
            Value::Array(xs) => {
                f.list = true;
                let xs = &xs[usize::from(tagged).min(xs.len())..];
                for (i, x) in xs.iter().take(names.len()).enumerate() {
                    f.given[i] = Some((i, x));
                }
                if xs.len() > names.len() {
                    f.extra = Some(if tagged {
                        let expected = format!("{} elements in sequence", names.len());
                        fault(at.path(), Error::invalid_length(xs.len(), &expected.as_str()))
                    } else {
                        // serde_json's check after the last field, at the next element.
                        Fault { path: At::Index(at, names.len()).path(), message: "trailing characters".into() }
                    });
                }
            }
            _ => return Err(r.refuse(v, at, &expecting, true)),
        }
        Ok(f)
    }

    #[inline(never)]
    fn note(&mut self, place: usize, fault: Fault) {
        if self.first.as_ref().is_none_or(|(p, _)| place < *p) {
            self.first = Some((place, fault));
        }
    }

    /// Reads field `i` if given; a problem is noted, not returned, so the
    /// first one in key order wins whatever the order fields are read in.
    /// Never inlined: inlined, each field would carry a copy of its reader.
    #[inline(never)]
    fn get<T>(&mut self, i: usize, read: Read<T>) -> Option<T> {
        let (place, v) = self.given[i]?;
        match read(self.r, v, &self.field(i)) {
            Ok(x) => Some(x),
            Err(f) => {
                self.note(place, f);
                None
            }
        }
    }

    /// Where field `i` is.
    fn field(&self, i: usize) -> At<'a> {
        if self.list { At::Index(self.at, i) } else { At::Key(self.at, self.names[i]) }
    }

    #[inline(never)]
    fn lack(&mut self, i: usize) {
        if self.given[i].is_some() || self.missing.as_ref().is_some_and(|(j, _)| *j < i) {
            return;
        }
        let e = if self.list {
            let expected = format!("{} with {} elements", self.expecting, self.names.len());
            Error::invalid_length(i, &expected.as_str())
        } else {
            Error::missing_field(self.names[i])
        };
        self.missing = Some((i, fault(self.at.path(), e)));
    }

    /// A required field (the default only stands in until [`Fields::end`] refuses).
    fn req<T: Default>(&mut self, i: usize, read: Read<T>) -> T {
        self.lack(i);
        self.get(i, read).unwrap_or_default()
    }

    /// An optional field: absent or `null` is `None`.
    fn opt<T>(&mut self, i: usize, read: Read<T>) -> Option<T> {
        match self.given[i] {
            Some((_, Value::Null)) => None,
            _ => self.get(i, read),
        }
    }

    /// A field with a default (`null` is not absent: it is refused by type).
    fn or_default<T: Default>(&mut self, i: usize, read: Read<T>) -> T {
        self.get(i, read).unwrap_or_default()
    }

    fn end(self) -> Result<(), Fault> {
        match (self.first, self.missing, self.extra) {
            (Some((_, f)), _, _) | (None, Some((_, f)), _) | (None, None, Some(f)) => Err(f),
            (None, None, None) => Ok(()),
        }
    }
}
