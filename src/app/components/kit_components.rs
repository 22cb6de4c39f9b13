//! The parts of one kit: product → quantity, with a product picker to add one, and what the parts cost and allow.

use serde_json::{Map, Value, json};
use yew::prelude::*;

use crate::app::components::fields::{Ctx, REQUIRED, add_choice, para};
use crate::app::components::list_tools::{array, errors_at, fmt_num, number, text};
use crate::app::components::number_field::number_field;
use crate::app::doc::{Edit, Path};

use KitText as T;

/// The components of the kit at `kit_path` (e.g. `kits[0]`), called `kit` in labels.
pub fn kit_components(ctx: &Ctx, kit_path: &Path, kit: &str) -> Html {
    let (doc, f) = (&*ctx.doc, &ctx.f);
    let path = kit_path.key("components");
    let empty = Map::new();
    let parts = path.get(doc).and_then(Value::as_object).unwrap_or(&empty);
    let products = array(doc, "catalog");
    let product = |id: &str| products.iter().find(|p| text(p, "id") == id);

    // Bought separately, and how many kits the stock makes (when every part is known).
    let mut separately = Some(0.0);
    let mut makes: Option<u64> = None;
    for (id, qty) in parts {
        let (p, q) = (product(id), qty.as_u64().filter(|q| *q > 0));
        separately = match (separately, p.and_then(|p| number(p, "price")), q) {
            (Some(sum), Some(price), Some(q)) => Some(sum + price * q as f64),
            _ => None,
        };
        let can = p.and_then(|p| p.get("stock")).and_then(Value::as_u64).zip(q).map(|(s, q)| s / q);
        makes = match (makes, can) {
            (None, Some(c)) => Some(c),
            (Some(m), Some(c)) => Some(m.min(c)),
            (m, None) => m,
        };
    }

    let rows = parts.keys().map(|id| {
        let known = product(id).is_some();
        let label = match product(id) {
            Some(p) if !text(p, "name").is_empty() => f.fill(T::named, &[("name", text(p, "name")), ("id", id)]),
            _ if known => id.clone(),
            _ => f.fill(T::unknown, &[("id", id)]),
        };
        html! {
            <div class="part-row">
                { number_field(ctx, path.key(id), label.into(), None, Some(f.t(T::per_kit).into()), REQUIRED) }
                <button type="button" class="icon remove" aria-label={f.fill(T::remove_label, &[("id", id), ("kit", kit)])}
                    title={f.t(T::remove)} onclick={ctx.click(Edit::Set(path.key(id), Value::Null))}>{ "✕" }</button>
            </div>
        }
    });

    let addable: Vec<(&str, &str)> = products
        .iter()
        .map(|p| (text(p, "id"), text(p, "name")))
        .filter(|(id, _)| !id.is_empty() && !parts.contains_key(*id))
        .collect();
    let facts: Vec<String> = [
        separately.filter(|_| !parts.is_empty()).map(|s| f.fill(T::separately, &[("price", &fmt_num(s))])),
        // Written as the stock it comes from is typed, with no grouping, like the price before it.
        makes.map(|m| if m == 1 { f.t(T::makes_one) } else { f.fill(T::makes, &[("n", &m.to_string())]) }),
    ]
    .into_iter()
    .flatten()
    .collect();

    html! {
        <div class="parts" role="group" aria-label={f.fill(T::group_label, &[("kit", kit)])}>
            <div class="parts-head">
                <span class="parts-title">{ f.t(T::components) }</span>
                if !facts.is_empty() { <span class="hint">{ facts.join(" · ") }</span> }
            </div>
            { errors_at(&ctx.errors, &path) }
            { for rows }
            if addable.is_empty() {
                if products.is_empty() { { para("hint", f.t(T::no_products)) } }
            } else {
                <label class="add">
                    <span>{ f.t(T::add) }</span>
                    <select aria-label={f.fill(T::add_label, &[("kit", kit)])} onchange={add_choice(&ctx.on_edit, path.clone(), json!(1))}>
                        <option value="" selected=true>{ f.t(T::choose) }</option>
                        { for addable.iter().map(|(id, name)| html! {
                            <option value={id.to_string()}>{ if name.is_empty() { id.to_string() } else { f.fill(T::named, &[("name", name), ("id", id)]) } }</option>
                        }) }
                    </select>
                </label>
            }
        </div>
    }
}

crate::texts! { KitText "kit_components" {
    components = "Components";
    group_label = "Components of {kit}";
    named = "{name} ({id})";
    unknown = "{id} (not in the catalog)";
    per_kit = "per kit";
    remove_label = "Remove {id} from {kit}";
    remove = "Remove from the kit";
    separately = "parts bought separately: {price}";
    makes_one = "stock makes 1 kit";
    makes = "stock makes {n} kits";
    no_products = "Add products to the catalog to build a kit from them.";
    add = "Add a product";
    add_label = "Add a product to {kit}";
    choose = "choose a product…";
} }
