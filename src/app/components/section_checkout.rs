//! Editor section "Checkout & costs": cart abandonment, payment methods and their fees, commission, shipping, fixed costs.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::app::components::fields::{Ctx, Num, REQUIRED, UNCERTAIN, click_edit, currency, heading, intro, num, para};
use crate::app::components::list_tools::{alerts, array, errors_at, field_id, fmt_num, number, problems_under, text};
use crate::app::components::number_field::number_field;
use crate::app::components::text_field::text_field;
use crate::app::doc::{Edit, Path};
use crate::app::format::Formats;

use CheckoutText as T;

const U: u8 = UNCERTAIN;

const CHECKOUT: [Num<CheckoutText>; 5] = [
    num("base_abandon", T::base_abandon, "0.2", Some(T::base_abandon_unit), U),
    num("threshold_price", T::threshold_price, "{none}", Some(T::threshold_price_unit), U),
    num("threshold_extra", T::threshold_extra, "0", Some(T::threshold_extra_unit), U),
    num("payment_delay_min", T::payment_delay, "0", Some(T::payment_delay_unit), U),
    num("abandon_per_delay_min", T::abandon_per_delay, "0", Some(T::abandon_per_delay_unit), U),
];

const COSTS: [Num<CheckoutText>; 3] = [
    num("commission_pct", T::commission, "0", Some(T::commission_unit), U),
    num("shipping_per_order", T::shipping, "0", Some(T::shipping_unit), U),
    num("fixed", T::fixed, "0", Some(T::fixed_unit), U),
];

/// Names offered for a new payment method, in order, before `method N` (names as the scenario gives them, not words).
const METHOD_NAMES: [&str; 4] = ["pix", "card", "boleto", "wallet"];

/// The plain value at `key` of `obj`: the default when absent, `None` when it is a range or not a number.
fn plain(obj: Option<&Value>, key: &str, default: f64) -> Option<f64> {
    match obj.and_then(|o| o.get(key)) {
        None | Some(Value::Null) => Some(default),
        Some(v) => v.as_f64(),
    }
}

fn pct(f: &Formats, x: f64) -> String {
    f.fill(T::percent, &[("n", &fmt_num((x * 1000.0).round() / 10.0))])
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
fn abandonment(f: &Formats, checkout: Option<&Value>, currency: &str) -> Option<String> {
    let base = plain(checkout, "base_abandon", 0.2)?;
    let delay = plain(checkout, "payment_delay_min", 0.0)?;
    let per = plain(checkout, "abandon_per_delay_min", 0.0)?;
    let extra = plain(checkout, "threshold_extra", 0.0)?;
    let a = (base + per * delay).clamp(0.0, 1.0);
    let share = pct(f, a);
    let above = pct(f, (a + extra).clamp(0.0, 1.0));
    Some(match checkout.and_then(|c| c.get("threshold_price")) {
        None | Some(Value::Null) => f.fill(T::abandoned, &[("share", &share)]),
        Some(v) => match v.as_f64() {
            Some(t) => f.fill(
                T::abandoned_above_price,
                &[("share", &share), ("above", &above), ("price", &fmt_num(t)), ("cur", currency)],
            ),
            None => f.fill(T::abandoned_above_threshold, &[("share", &share), ("above", &above)]),
        },
    })
}

/// The section; it keeps no state of its own.
pub fn section_checkout(ctx: &Ctx) -> Html {
    let (doc, errors, on_edit, f) = (&ctx.doc, &ctx.errors, &ctx.on_edit, &ctx.f);
    let co = Path::root().key("checkout");
    let costs = Path::root().key("costs");
    let methods_path = co.key("methods");
    let checkout = doc.get("checkout");
    let methods: &[Value] = checkout.map_or(&[][..], |c| array(c, "methods"));
    let len = methods.len();

    let rows = methods.iter().enumerate().map(|(i, m)| {
        let path = methods_path.index(i);
        let n = f.count((i + 1) as f64);
        let n = n.as_str();
        // The row now at `i` (or the one before, or the add button) takes the focus.
        let next = if i + 1 < len {
            format!("method-remove-{i}")
        } else if i > 0 {
            format!("method-remove-{}", i - 1)
        } else {
            "method-add".to_owned()
        };
        let name = text(m, "name");
        let what = if name.is_empty() { f.fill(T::method_n, &[("n", n)]) } else { name.to_owned() };
        let label = |text: CheckoutText| AttrValue::from(f.fill(text, &[("n", n)]));
        let required = |key: &str, text| number_field(ctx, path.key(key), label(text), None, None, REQUIRED);
        html! {
            <>
                <div class="method-row">
                    { text_field(ctx, path.key("name"), label(T::method_name), None, false) }
                    { required("share", T::method_share) }
                    { required("fee_pct", T::method_fee) }
                    <button type="button" class="icon remove" id={format!("method-remove-{i}")}
                        aria-label={f.fill(T::remove_method, &[("method", &what)])} title={f.t(T::remove)}
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
                    f.fill(T::set_last_share, &[("share", &fmt_num(to))])
                } else {
                    f.fill(T::set_share, &[("name", name), ("share", &fmt_num(to))])
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
        para("hint", f.t(T::no_methods))
    } else {
        html! {
            <p class={if balanced { "share-sum ok" } else { "share-sum bad" }} role="status">
                <span>{ f.fill(if balanced { T::shares_balanced } else { T::shares_unbalanced }, &[("sum", &fmt_num(sum))]) }
                    if !all_numbers { { format!(" {}", f.t(T::not_numbers)) } }</span>
                if let Some(rate) = fee_rate { <span class="hint">{ f.fill(T::fees, &[("share", &pct(f, rate))]) }</span> }
                { for fix }
            </p>
        }
    };

    // The first free name, and what is left of the shares.
    let used = |n: &str| methods.iter().any(|m| text(m, "name") == n);
    let name = METHOD_NAMES
        .iter()
        .map(|n| (*n).to_owned())
        .chain((len + 1..).map(|n| f.fill(T::method_n, &[("n", &f.count(n as f64))])))
        .find(|n| !used(n))
        .unwrap_or_default();
    let taken: f64 = methods.iter().filter_map(|m| number(m, "share")).sum();
    let share = tidy((1.0 - taken).clamp(0.0, 1.0));
    let add = Edit::Push(methods_path.clone(), json!({ "name": name, "share": share_value(share), "fee_pct": 0 }));
    let on_add = click_edit(on_edit, add, Some(field_id(&methods_path.index(len).key("name"))), true);

    html! {
        <div class="section section-checkout">
            { intro(f.t(T::title), f.t(T::about)) }

            { heading(f.t(T::checkout)) }
            { errors_at(errors, &co) }
            { ctx.nums(&co, &CHECKOUT) }
            if let Some(s) = abandonment(f, checkout, currency(doc)) { <p class="estimate">{ s }</p> }

            <h3 id="payment-methods">{ f.t(T::methods) }</h3>
            { para("hint", f.t(T::methods_about)) }
            if len > 0 {
                <div class="method-row method-head" aria-hidden="true">
                    <span>{ f.t(T::method_head) }</span><span>{ f.t(T::share_head) }</span><span>{ f.t(T::fee_head) }</span><span />
                </div>
            }
            { for rows }
            { summary }
            { errors_at(errors, &methods_path) }
            <button type="button" class="secondary add-button" id="method-add" onclick={on_add}>{ f.t(T::add_method) }</button>

            { heading(f.t(T::costs)) }
            { errors_at(errors, &costs) }
            { ctx.nums(&costs, &COSTS) }
        </div>
    }
}

crate::texts! { CheckoutText "checkout" {
    title = "Checkout & costs";
    about = "Fractions are written 0.08 for 8 %. Empty fields use the model's value (greyed); ± turns a guess into a range.";
    checkout = "Checkout";
    base_abandon = "Cart abandonment";
    base_abandon_unit = "fraction of purchase attempts, 0.2 = 20 %";
    threshold_price = "Price threshold";
    threshold_price_unit = "{cur}; items dearer than this lose more carts";
    threshold_extra = "Extra above threshold";
    threshold_extra_unit = "added abandonment, 0.3 = +30 points";
    payment_delay = "Payment delay";
    payment_delay_unit = "minutes to complete a payment";
    abandon_per_delay = "Abandonment per delay minute";
    abandon_per_delay_unit = "added per minute of delay, 0.04 = +4 points";
    percent = "{n} %";
    abandoned = "With these values, {share} of purchase attempts are abandoned.";
    abandoned_above_price = "With these values, {share} of purchase attempts are abandoned ({above} for items above {price} {cur}).";
    abandoned_above_threshold = "With these values, {share} of purchase attempts are abandoned ({above} above the price threshold).";
    methods = "Payment methods";
    methods_about = "How buyers pay: each method's share of orders (together 1) and its fee as a fraction of the amount (0.045 = 4.5 %).";
    method_head = "method";
    share_head = "share";
    fee_head = "fee";
    method_n = "method {n}";
    method_name = "Method {n} name";
    method_share = "Method {n} share of orders";
    method_fee = "Method {n} fee";
    remove_method = "Remove payment method {method}";
    remove = "Remove";
    set_last_share = "Set the last share to {share}";
    set_share = "Set {name}'s share to {share}";
    no_methods = "No payment methods: no payment fees.";
    shares_balanced = "Shares add up to {sum} ✓";
    shares_unbalanced = "Shares add up to {sum}, not 1";
    not_numbers = "(some shares are not numbers yet)";
    fees = "Payment fees ≈ {share} of revenue.";
    add_method = "+ Add a payment method";
    costs = "Costs";
    commission = "Platform commission";
    commission_unit = "fraction of revenue, 0.08 = 8 %";
    shipping = "Shipping";
    shipping_unit = "{cur} you pay per order";
    fixed = "Fixed costs";
    fixed_unit = "{cur} for the live: host, studio, samples";
} }
