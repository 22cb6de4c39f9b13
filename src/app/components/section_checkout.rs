//! Editor section "Checkout & costs": cart abandonment, payment methods and their fees, commission, shipping, fixed costs.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::app::components::fields::{Ctx, Num, REQUIRED, UNCERTAIN, click_edit, currency, heading, intro, num, para};
use crate::app::components::list_tools::{alerts, array, errors_at, field_id, fmt_num, number, problems_under, text};
use crate::app::components::number_field::number_field;
use crate::app::components::text_field::text_field;
use crate::app::doc::{Edit, Path};

const U: u8 = UNCERTAIN;

const CHECKOUT: [Num; 5] = [
    num("base_abandon", "Cart abandonment", "0.2", "fraction of purchase attempts, 0.2 = 20 %", U),
    num("threshold_price", "Price threshold", "none", "{cur}; items dearer than this lose more carts", U),
    num("threshold_extra", "Extra above threshold", "0", "added abandonment, 0.3 = +30 points", U),
    num("payment_delay_min", "Payment delay", "0", "minutes to complete a payment", U),
    num("abandon_per_delay_min", "Abandonment per delay minute", "0", "added per minute of delay, 0.04 = +4 points", U),
];

const COSTS: [Num; 3] = [
    num("commission_pct", "Platform commission", "0", "fraction of revenue, 0.08 = 8 %", U),
    num("shipping_per_order", "Shipping", "0", "{cur} you pay per order", U),
    num("fixed", "Fixed costs", "0", "{cur} for the live: host, studio, samples", U),
];

/// Names offered for a new payment method, in order, before `method N`.
const METHOD_NAMES: [&str; 4] = ["pix", "card", "boleto", "wallet"];

/// The plain value at `key` of `obj`: the default when absent, `None` when it is a range or not a number.
fn plain(obj: Option<&Value>, key: &str, default: f64) -> Option<f64> {
    match obj.and_then(|o| o.get(key)) {
        None | Some(Value::Null) => Some(default),
        Some(v) => v.as_f64(),
    }
}

fn pct(x: f64) -> String {
    format!("{} %", fmt_num((x * 1000.0).round() / 10.0))
}

/// Rounds away float noise (0.1 + 0.2) for showing and setting shares.
fn tidy(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A share as JSON: `0`, `1` as integers, `0.45` as it is.
fn share_value(x: f64) -> Value {
    if x.fract() == 0.0 { json!(x as i64) } else { json!(x) }
}

/// The sentence under the checkout fields: what share of attempts these (plain) values abandon.
fn abandonment(checkout: Option<&Value>, currency: &str) -> Option<String> {
    let base = plain(checkout, "base_abandon", 0.2)?;
    let delay = plain(checkout, "payment_delay_min", 0.0)?;
    let per = plain(checkout, "abandon_per_delay_min", 0.0)?;
    let extra = plain(checkout, "threshold_extra", 0.0)?;
    let a = (base + per * delay).clamp(0.0, 1.0);
    let mut s = format!("With these values, {} of purchase attempts are abandoned", pct(a));
    match checkout.and_then(|c| c.get("threshold_price")) {
        None | Some(Value::Null) => {}
        Some(v) => {
            let above = pct((a + extra).clamp(0.0, 1.0));
            match v.as_f64() {
                Some(t) => s.push_str(&format!(" ({above} for items above {} {currency})", fmt_num(t))),
                None => s.push_str(&format!(" ({above} above the price threshold)")),
            }
        }
    }
    s.push('.');
    Some(s)
}

/// The section; it keeps no state of its own.
pub fn section_checkout(ctx: &Ctx) -> Html {
    let (doc, errors, on_edit) = (&ctx.doc, &ctx.errors, &ctx.on_edit);
    let co = Path::root().key("checkout");
    let costs = Path::root().key("costs");
    let methods_path = co.key("methods");
    let checkout = doc.get("checkout");
    let methods: &[Value] = checkout.map_or(&[][..], |c| array(c, "methods"));
    let len = methods.len();

    let rows = methods.iter().enumerate().map(|(i, m)| {
        let path = methods_path.index(i);
        let n = i + 1;
        // The row now at `i` (or the one before, or the add button) takes the focus.
        let next = if i + 1 < len {
            format!("method-remove-{i}")
        } else if i > 0 {
            format!("method-remove-{}", i - 1)
        } else {
            "method-add".to_owned()
        };
        let name = text(m, "name");
        let what = if name.is_empty() { format!("method {n}") } else { name.to_owned() };
        let required = |key: &str, label: String| number_field(ctx, path.key(key), label.into(), None, None, REQUIRED);
        html! {
            <>
                <div class="method-row">
                    { text_field(ctx, path.key("name"), format!("Method {n} name").into(), None, false) }
                    { required("share", format!("Method {n} share of orders")) }
                    { required("fee_pct", format!("Method {n} fee")) }
                    <button type="button" class="icon remove" id={format!("method-remove-{i}")}
                        aria-label={format!("Remove payment method {what}")} title="Remove"
                        onclick={click_edit(on_edit, Edit::Remove(methods_path.clone(), i), Some(next), true)}>{ "✕" }</button>
                </div>
                // The row's fields are too narrow for the engine's words: they go under the row, full width.
                // Named by the row's column (`share: …`), not the whole path.
                { alerts(problems_under(errors, &path.to_string())) }
            </>
        }
    });

    // The sum of the shares, and a fix when it is not 1.
    let shares: Vec<Option<f64>> = methods.iter().map(|m| number(m, "share")).collect();
    let sum = tidy(shares.iter().flatten().sum::<f64>());
    let all_numbers = shares.iter().all(Option::is_some);
    let balanced = (sum - 1.0).abs() <= 1e-6;
    let fix = match (shares.last(), methods.last()) {
        (Some(Some(last)), Some(m)) if !balanced && all_numbers => {
            let to = tidy(last + 1.0 - sum);
            (0.0..=1.0).contains(&to).then(|| {
                let name = text(m, "name");
                let label = if name.is_empty() {
                    format!("Set the last share to {}", fmt_num(to))
                } else {
                    format!("Set {name}'s share to {}", fmt_num(to))
                };
                let edit = Edit::Set(methods_path.index(len - 1).key("share"), share_value(to));
                html! { <button type="button" class="secondary small" onclick={ctx.click(edit)}>{ label }</button> }
            })
        }
        _ => None,
    };
    let fee_rate: Option<f64> = (balanced && all_numbers)
        .then(|| methods.iter().map(|m| number(m, "share").unwrap_or(0.0) * number(m, "fee_pct").unwrap_or(0.0)).sum());
    let summary = if len == 0 {
        para("hint", "No payment methods: no payment fees.")
    } else {
        html! {
            <p class={if balanced { "share-sum ok" } else { "share-sum bad" }} role="status">
                <span>{ format!("Shares add up to {}{}", fmt_num(sum), if balanced { " ✓" } else { ", not 1" }) }
                    if !all_numbers { { " (some shares are not numbers yet)" } }</span>
                if let Some(f) = fee_rate { <span class="hint">{ format!("Payment fees ≈ {} of revenue.", pct(f)) }</span> }
                { for fix }
            </p>
        }
    };

    // The first free name, and what is left of the shares.
    let used = |n: &str| methods.iter().any(|m| text(m, "name") == n);
    let name = METHOD_NAMES
        .iter()
        .map(|n| (*n).to_owned())
        .chain((len + 1..).map(|n| format!("method {n}")))
        .find(|n| !used(n))
        .unwrap_or_default();
    let taken: f64 = methods.iter().filter_map(|m| number(m, "share")).sum();
    let share = tidy((1.0 - taken).clamp(0.0, 1.0));
    let add = Edit::Push(methods_path.clone(), json!({ "name": name, "share": share_value(share), "fee_pct": 0 }));
    let on_add = click_edit(on_edit, add, Some(field_id(&methods_path.index(len).key("name"))), true);

    html! {
        <div class="section section-checkout">
            { intro("Checkout & costs", "Fractions are written 0.08 for 8 %. Empty fields use the model's value (greyed); ± turns a guess into a range.") }

            { heading("Checkout") }
            { errors_at(errors, &co) }
            { ctx.nums(&co, &CHECKOUT) }
            if let Some(s) = abandonment(checkout, currency(doc)) { <p class="estimate">{ s }</p> }

            <h3 id="payment-methods">{ "Payment methods" }</h3>
            { para("hint", "How buyers pay: each method's share of orders (together 1) and its fee as a fraction of the amount (0.045 = 4.5 %).") }
            if len > 0 {
                <div class="method-row method-head" aria-hidden="true">
                    <span>{ "method" }</span><span>{ "share" }</span><span>{ "fee" }</span><span />
                </div>
            }
            { for rows }
            { summary }
            { errors_at(errors, &methods_path) }
            <button type="button" class="secondary add-button" id="method-add" onclick={on_add}>{ "+ Add a payment method" }</button>

            { heading("Costs") }
            { errors_at(errors, &costs) }
            { ctx.nums(&costs, &COSTS) }
        </div>
    }
}
