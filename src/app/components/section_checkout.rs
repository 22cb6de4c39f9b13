//! Editor section "Checkout & costs": cart abandonment, payment methods and their fees, commission, shipping, fixed costs.

use gloo_timers::callback::Timeout;
use serde_json::{Value, json};
use yew::prelude::*;

use crate::app::components::editor::SectionProps;
use crate::app::components::list_tools::{array, errors_at, field_id, fmt_num, focus, number, text};
use crate::app::components::number_field::NumberField;
use crate::app::components::text_field::TextField;
use crate::app::doc::{Edit, Path};

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

#[function_component(SectionCheckout)]
pub fn section_checkout(props: &SectionProps) -> Html {
    let SectionProps { doc, errors, on_edit } = props.clone();
    let currency = doc.get("currency").and_then(Value::as_str).filter(|c| !c.is_empty()).unwrap_or("USD").to_owned();
    let co = Path::root().key("checkout");
    let costs = Path::root().key("costs");
    let methods_path = co.key("methods");
    let checkout = doc.get("checkout");
    let methods: Vec<Value> = checkout.map_or(&[][..], |c| array(c, "methods")).to_vec();
    let len = methods.len();

    let rows = methods.iter().enumerate().map(|(i, m)| {
        let path = methods_path.index(i);
        let row_key = path.to_string();
        let n = i + 1;
        let remove = {
            let on_edit = on_edit.clone();
            let list = methods_path.clone();
            Callback::from(move |_: MouseEvent| {
                on_edit.emit(Edit::Remove(list.clone(), i));
                // The row now at `i` (or the one before, or the add button) takes the focus.
                let next = if i + 1 < len { format!("method-remove-{i}") } else if i > 0 { format!("method-remove-{}", i - 1) } else { "method-add".to_owned() };
                Timeout::new(0, move || focus(&next)).forget();
            })
        };
        let name = text(m, "name");
        let what = if name.is_empty() { format!("method {n}") } else { name.to_owned() };
        html! {
            <>
                <div class="method-row">
                    <TextField label={format!("Method {n} name")} path={path.key("name")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <NumberField label={format!("Method {n} share of orders")} path={path.key("share")} required=true
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <NumberField label={format!("Method {n} fee")} path={path.key("fee_pct")} required=true
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <button type="button" class="icon remove" id={format!("method-remove-{i}")}
                        aria-label={format!("Remove payment method {what}")} title="Remove" onclick={remove}>{ "✕" }</button>
                </div>
                // The row's fields are too narrow for the engine's words: they go under the row, full width.
                // Named by the row's column (`share: …`), not the whole path.
                { for errors.iter().filter_map(|e| match e.path.strip_prefix(row_key.as_str())? {
                    "" => Some(e.problem.to_string()),
                    rest => rest.strip_prefix('.').map(|column| format!("{column}: {}", e.problem)),
                }).map(|e| html! {
                    <p class="field-error" role="alert">{ e }</p>
                }) }
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
                let on_edit = on_edit.clone();
                let path = methods_path.index(len - 1).key("share");
                let onclick =
                    Callback::from(move |_: MouseEvent| on_edit.emit(Edit::Set(path.clone(), share_value(to))));
                html! { <button type="button" class="secondary small" {onclick}>{ label }</button> }
            })
        }
        _ => None,
    };
    let fee_rate: Option<f64> = (balanced && all_numbers)
        .then(|| methods.iter().map(|m| number(m, "share").unwrap_or(0.0) * number(m, "fee_pct").unwrap_or(0.0)).sum());
    let summary = if len == 0 {
        html! { <p class="hint">{ "No payment methods: no payment fees." }</p> }
    } else {
        html! {
            <p class={classes!("share-sum", if balanced { "ok" } else { "bad" })} role="status">
                <span>{ format!("Shares add up to {}{}", fmt_num(sum), if balanced { " ✓" } else { ", not 1" }) }
                    if !all_numbers { { " (some shares are not numbers yet)" } }</span>
                if let Some(f) = fee_rate { <span class="hint">{ format!("Payment fees ≈ {} of revenue.", pct(f)) }</span> }
                if let Some(f) = fix { { f } }
            </p>
        }
    };

    let on_add = {
        let on_edit = on_edit.clone();
        let methods = methods.clone();
        let list = methods_path.clone();
        Callback::from(move |_: MouseEvent| {
            let used = |n: &str| methods.iter().any(|m| text(m, "name") == n);
            let name = METHOD_NAMES
                .iter()
                .map(|n| (*n).to_owned())
                .chain((methods.len() + 1..).map(|n| format!("method {n}")))
                .find(|n| !used(n))
                .unwrap_or_default();
            let taken: f64 = methods.iter().filter_map(|m| number(m, "share")).sum();
            let share = tidy((1.0 - taken).clamp(0.0, 1.0));
            on_edit.emit(Edit::Push(list.clone(), json!({ "name": name, "share": share_value(share), "fee_pct": 0 })));
            let id = field_id(&list.index(methods.len()).key("name"));
            Timeout::new(0, move || focus(&id)).forget();
        })
    };

    html! {
        <div class="section section-checkout">
            <h2>{ "Checkout & costs" }</h2>
            <p class="hint">{ "Fractions are written 0.08 for 8 %. Empty fields use the model's value (greyed); ± turns a guess into a range." }</p>

            <h3>{ "Checkout" }</h3>
            { errors_at(&errors, &co) }
            <NumberField label="Cart abandonment" path={co.key("base_abandon")} placeholder="0.2" uncertain=true
                unit="fraction of purchase attempts, 0.2 = 20 %"
                doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
            <NumberField label="Price threshold" path={co.key("threshold_price")} placeholder="none" uncertain=true
                unit={format!("{currency}; items dearer than this lose more carts")}
                doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
            <NumberField label="Extra above threshold" path={co.key("threshold_extra")} placeholder="0" uncertain=true
                unit="added abandonment, 0.3 = +30 points"
                doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
            <NumberField label="Payment delay" path={co.key("payment_delay_min")} placeholder="0" uncertain=true
                unit="minutes to complete a payment"
                doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
            <NumberField label="Abandonment per delay minute" path={co.key("abandon_per_delay_min")} placeholder="0" uncertain=true
                unit="added per minute of delay, 0.04 = +4 points"
                doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
            if let Some(s) = abandonment(checkout, &currency) { <p class="estimate">{ s }</p> }

            <h3 id="payment-methods">{ "Payment methods" }</h3>
            <p class="hint">{ "How buyers pay: each method's share of orders (together 1) and its fee as a fraction of the amount (0.045 = 4.5 %)." }</p>
            if len > 0 {
                <div class="method-row method-head" aria-hidden="true">
                    <span>{ "method" }</span><span>{ "share" }</span><span>{ "fee" }</span><span />
                </div>
            }
            { for rows }
            { summary }
            { errors_at(&errors, &methods_path) }
            <button type="button" class="secondary add-button" id="method-add" onclick={on_add}>{ "+ Add a payment method" }</button>

            <h3>{ "Costs" }</h3>
            { errors_at(&errors, &costs) }
            <NumberField label="Platform commission" path={costs.key("commission_pct")} placeholder="0" uncertain=true
                unit="fraction of revenue, 0.08 = 8 %"
                doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
            <NumberField label="Shipping" path={costs.key("shipping_per_order")} placeholder="0" uncertain=true
                unit={format!("{currency} you pay per order")}
                doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
            <NumberField label="Fixed costs" path={costs.key("fixed")} placeholder="0" uncertain=true
                unit={format!("{currency} for the live: host, studio, samples")}
                doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
        </div>
    }
}
