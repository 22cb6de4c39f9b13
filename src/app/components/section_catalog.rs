//! Editor section "Catalog": the products on sale (price, cost, stock, appeal, elasticity) and the kits built from them.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::app::components::fields::{Card, Ctx, Num, REQUIRED, UNCERTAIN, intro, num, para};
use crate::app::components::kit_components::kit_components;
use crate::app::components::list_tools::{array, errors_at, money, number, text, unique_id};
use crate::app::components::text_field::text_field;
use crate::app::doc::{Edit, Path};

const PRODUCT: [Num; 5] = [
    num("price", "Price ({cur})", "", "", REQUIRED),
    num("unit_cost", "Unit cost", "", "", REQUIRED | UNCERTAIN),
    num("stock", "Stock (units)", "", "", REQUIRED),
    num("appeal", "Appeal", "1", "", UNCERTAIN),
    num("elasticity", "Elasticity", "1.5", "", UNCERTAIN),
];

const KIT: [Num; 4] = [
    num("price", "Price ({cur})", "", "", REQUIRED),
    num("bonus_cost", "Bonus cost", "0", "", UNCERTAIN),
    num("appeal", "Appeal", "1", "", UNCERTAIN),
    num("elasticity", "Elasticity", "1.5", "", UNCERTAIN),
];

/// One of the section's two lists: its key in the scenario, what a row is, and its number fields.
struct List {
    key: &'static str,
    /// What a row is, for its buttons: "product".
    what: &'static str,
    /// What a row is, for a title: "Product".
    title: &'static str,
    fields: &'static [Num],
}

const LISTS: [List; 2] = [
    List { key: "catalog", what: "product", title: "Product", fields: &PRODUCT },
    List { key: "kits", what: "kit", title: "Kit", fields: &KIT },
];

/// A card's title and the row buttons' words for an item: its name, else its id, else its place.
fn called(v: &Value, what: &str, i: usize) -> String {
    [text(v, "name"), text(v, "id")]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .map_or_else(|| format!("{what} {}", i + 1), str::to_owned)
}

/// The cards of one list.
fn cards(ctx: &Ctx, list: &List) -> Html {
    let path = Path::root().key(list.key);
    let rows = array(&ctx.doc, list.key);
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let item = path.index(i);
            let title = called(row, list.title, i);
            let grid = html! {
                <>
                    { text_field(ctx, item.key("id"), "ID".into(), None, false) }
                    <div class="span-2">{ text_field(ctx, item.key("name"), "Name".into(), None, false) }</div>
                    { ctx.nums(&item, list.fields) }
                </>
            };
            let after = if list.key == "kits" { kit_components(ctx, &item, &title) } else { Html::default() };
            let card = Card {
                class: "card".to_owned(),
                id: format!("{}-{i}", list.key),
                what: format!("{} {title}", list.what),
                title,
                title_class: "card-title",
                grid,
                after,
            };
            ctx.card(&path, i, rows.len(), card)
        })
        .collect()
}

/// The section; it keeps no state of its own.
pub fn section_catalog(ctx: &Ctx) -> Html {
    let doc = &*ctx.doc;
    let (products, kits) = (array(doc, "catalog"), array(doc, "kits"));

    // Starter rows; a kit starts from the first two products, priced 10 % under buying them apart.
    let n = products.len() + 1;
    let product = json!({
        "id": unique_id(doc, "product", n), "name": format!("Product {n}"), "price": 50, "unit_cost": 20, "stock": 100,
    });
    let k = kits.len() + 1;
    let parts: Vec<&Value> = products.iter().filter(|p| !text(p, "id").is_empty()).take(2).collect();
    let components: serde_json::Map<String, Value> =
        parts.iter().map(|p| (text(p, "id").to_owned(), json!(1))).collect();
    let apart: f64 = parts.iter().filter_map(|p| number(p, "price")).sum();
    let price = if apart > 0.0 { (apart * 0.9 * 10.0).round() / 10.0 } else { 100.0 };
    let kit = json!({
        "id": unique_id(doc, "kit", k), "name": format!("Kit {k}"), "components": components, "price": money(price),
    });

    html! {
        <div class="section catalog">
            { intro("Catalog", "Products and kits share one list of ids. Appeal scales how often viewers want an item; elasticity, how much a lower price lifts that (1.5 if empty).") }
            <h3>{ format!("Products ({})", products.len()) }</h3>
            { errors_at(&ctx.errors, &Path::root().key("catalog")) }
            if products.is_empty() { { para("hint", "No products yet.") } }
            { cards(ctx, &LISTS[0]) }
            <button type="button" class="secondary add-button" onclick={ctx.click(Edit::Push(Path::root().key("catalog"), product))}>{ "+ Add product" }</button>
            <h3>{ format!("Kits ({})", kits.len()) }</h3>
            { para("hint", "A kit sells its components together: each sale takes their stock and costs their unit costs plus the bonus cost.") }
            { errors_at(&ctx.errors, &Path::root().key("kits")) }
            { cards(ctx, &LISTS[1]) }
            <button type="button" class="secondary add-button" onclick={ctx.click(Edit::Push(Path::root().key("kits"), kit))}>{ "+ Add kit" }</button>
        </div>
    }
}
